# The main job the README's first command runs, on the shipped example data.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script = Join-Path $PSScriptRoot '../../examples/Invoke-Example.ps1'
    $output = Invoke-ChildPwsh -Command "& '$script' -ModuleManifest '$ModuleManifest'"
    $text = $output -join "`n"
}

Describe 'The example job' {
    It 'computes the anchors of the example users' {
        $users = Import-Csv (Join-Path $PSScriptRoot '../../examples/ad-users.csv')
        $alice = $users | Where-Object SamAccountName -eq 'aadams'
        $text | Should -Match ([regex]::Escape((Get-ReferenceImmutableId ([guid]$alice.ObjectGUID))))
    }

    It 'explains the row whose consistency GUID was exported as a type name' {
        $text | Should -Match 'mmoore: \[TypeNameNotValue\]'
    }

    It 'lists the readiness findings of the example directory' {
        $text | Should -Match 'UnverifiedDomain\s+userPrincipalName\s+CN=Bob Brown\s+bob.brown@contoso.local\s+bob.brown@contoso.com'
        $text | Should -Match 'Duplicate\s+proxyAddresses\s+CN=Walter White\s+trent.taylor@contoso.com'
        $text | Should -Match 'OutOfScope\s+object\s+CN=krbtgt'
        $text | Should -Not -Match 'CN=Oscar O'
    }

    It 'prints the matching plan with what to fix' {
        $text | Should -Match 'Join\s+SoftMatchSmtp\s+SoftSmtp\s+alice.adams@contoso.com\s+alice.adams@contoso.com'
        $text | Should -Match 'Duplicate\s+TargetAnchored'
        $text | Should -Match 'Error\s+AdminRoleConflict'
        $text | Should -Match 'CN=Heidi Hill: .*also the match of'
        $text | Should -Match 'Not predicted: CN=Mallory Moore.*\[TypeNameNotValue\]'
        $text | Should -Match 'CloudOnly'
    }

    It 'traces the anchored cloud user back to its AD user, and recognizes a custom anchor' {
        $text | Should -Match 'cclark@contoso.onmicrosoft.com\s+\S+\s+-> AD user cclark'
        $text | Should -Match 'erin.evans@contoso.com.*not a GUID: .*8 bytes'
    }
}
