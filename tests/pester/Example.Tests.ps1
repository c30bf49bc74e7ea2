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
        # Nothing to report for an apostrophe (legal), in the readiness section.
        [regex]::Match($text, '(?s)== Sync readiness.*?== The matching plan').Value | Should -Not -Match 'CN=Oscar O'
    }

    It 'prints the matching plan with what to fix' {
        $text | Should -Match 'Join\s+SoftMatchSmtp\s+SoftSmtp\s+CN=Alice Adams\s+alice.adams@contoso.com'
        $text | Should -Match 'Duplicate\s+TargetAnchored'
        $text | Should -Match 'Error\s+AdminRoleConflict'
        $text | Should -Match 'CN=Heidi Hill: .*also the match of'
        $text | Should -Match 'Error\s+InvalidInput\s+None\s+CN=Mallory Moore'
        $text | Should -Match '\[TypeNameNotValue\] CN=Mallory Moore'
        $text | Should -Match 'CloudOnly'
    }

    It 'shows each behaviour of issue 7 on the shipped examples' {
        # UPN computation: from sAMAccountName and the DN; a collision among on-premises users.
        $text | Should -Match 'Join\s+SoftMatchUpn\s+SoftUpn\s+CN=Nina Novak\s+nnovak@contoso.com\s+nnovak@contoso.com\s+UpnFromSamAccountName'
        $text | Should -Match 'CN=Quinn Quill\s+quinn####@contoso.onmicrosoft.com\s+OnPremisesConflict'
        $text | Should -Match 'CN=Judy Jones\s+\S+@contoso.onmicrosoft.com\s+InvalidUpn'
        # Groups: a mail-enabled group joins the cloud group; a user address a group holds fails.
        $text | Should -Match 'Join\s+SoftMatchSmtp\s+SoftSmtp\s+CN=Sales Team'
        $text | Should -Match 'Error\s+GroupAddressConflict\s+None\s+CN=Rita Reed'
        # A soft-deleted user restored; a synchronized target never advised to be stamped.
        $text | Should -Match 'Restore\s+RestoresDeletedUser\s+Hard\s+CN=Uma Upton'
        $text | Should -Match 'CN=Zoe Zimmer: .*Do not stamp'
        # A type name in any attribute; the readiness rules' new cases; incomplete input.
        $text | Should -Match 'Not checked: CN=Xavier Xu: \[TypeNameNotValue\] proxyAddresses holds'
        $text | Should -Match 'Character\s+targetAddress\s+CN=Judy Jones\s+SMTP:judy:J@contoso.com\s+SMTP:judyJ@contoso.com'
        $text | Should -Match 'smtp:søren@contoso.com\s+smtp:soren@contoso.com'
        $text | Should -Match 'WARNING: No input object has the properties mail, proxyAddresses'
        $text | Should -Not -Match 'UnverifiedDomain\s+proxyAddresses\s+CN=Fabrikam Partner'
    }

    It 'traces the anchored cloud user back to its AD user, and recognizes a custom anchor' {
        $text | Should -Match 'cclark@contoso.onmicrosoft.com\s+\S+\s+-> AD user cclark'
        $text | Should -Match 'erin.evans@contoso.com.*not a GUID: .*8 bytes'
    }

    It 'runs HardMatch.ps1 against the stand-in with every guard rail''s input: plan, write with a journal, undo' {
        # In a runspace of its own: the stand-in never lands in the admin's session (issue 23).
        $text | Should -Match 'rehearsed against the Graph stand-in'
        $text | Should -Match 'Blocked: CN=Zoe Zimmer.*still synchronized'
        $text | Should -Match 'Blocked: CN=Erin Evans.*already holds another immutableId'
        $text | Should -Match 'Blocked: CN=Grace Green.*privileged role'
        $text | Should -Match 'CN=Peggy Peters,OU=Staff,DC=contoso,DC=local\s+peggy.peters@contoso.com\s+Set'
        $text | Should -Match 'peggy.peters@contoso.com\s+Restored'
        # The seed's Paul Messer case: a .local UPN becomes the .onmicrosoft.com one at the match.
        $text | Should -Match 'Warning: CN=Peggy Peters.*UpnChanges: .*becomes ppeters@contoso.onmicrosoft.com: peggy@contoso.local is not on a verified domain'
    }
}
