# Issue 22, objects: a value that cannot be read is that input's error, never "no value", never
# the end of the call; a database's null is absent; an object with none of the properties read,
# or a shape that is no list of addresses, is refused naming what was expected; $null inputs are
# counted; what the type tables lack is remembered per runspace.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force
    # The hostile objects are the malformed-input corpus's own (tests/corpus), by name.
    $corpus = @{}
    & (Join-Path $PSScriptRoot '../corpus/Get-CorpusInput.ps1') | ForEach-Object { $corpus[$_.Name] = $_.Value }
    function User([string] $Sam, [hashtable] $With = @{}) {
        $user = [ordered]@{ DistinguishedName = "CN=$Sam,DC=contoso,DC=com"; SamAccountName = $Sam; UserPrincipalName = "$Sam@contoso.com"; ObjectGUID = [guid]::NewGuid(); mail = "$Sam@contoso.com" }
        foreach ($key in $With.Keys) { $user[$key] = $With[$key] }
        [pscustomobject]$user
    }
    $script:cases = [ordered]@{
        'ToString throws'         = @{ Input = $corpus['ToString throws in mail']; Id = 'PropertyUnreadable'; Names = 'mail' }
        'listing fails midway'    = @{ Input = $corpus['proxyAddresses that fail while listed']; Id = 'PropertyUnreadable'; Names = 'proxyAddresses' }
        'getter throws'           = @{ Input = $corpus['a getter that throws']; Id = 'PropertyUnreadable'; Names = 'mail' }
        'ADSI SearchResult shape' = @{ Input = $corpus['an ADSI SearchResult shape']; Id = 'NoExpectedProperty'; Names = 'SearchResult' }
        'char[] addresses'        = @{ Input = $corpus['char[] proxyAddresses']; Id = 'InvalidValueShape'; Names = 'proxyAddresses' }
        'hashtable addresses'     = @{ Input = $corpus['hashtable proxyAddresses']; Id = 'InvalidValueShape'; Names = 'proxyAddresses' }
        'a list in the list'      = @{ Input = $corpus['a list inside proxyAddresses']; Id = 'InvalidValueShape'; Names = 'proxyAddresses' }
    }
}

Describe 'Hostile objects are that input''s error (issue 22)' {
    It '<_>: that input''s error in Test-SyncReadiness, Test-SoftMatch and New-HardMatchPlan, and the inputs around it are still answered' -ForEach @('ToString throws', 'listing fails midway', 'getter throws', 'ADSI SearchResult shape', 'char[] addresses', 'hashtable addresses', 'a list in the list') {
        $case = $cases[$_]
        $inputs = (User 'before'), $case.Input, (User 'after')
        $null = $inputs | Test-SyncReadiness -ErrorVariable e1 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($e1).Count | Should -Be 1
        $e1[0].FullyQualifiedErrorId | Should -BeLike "$($case.Id),*"
        $e1[0].Exception.Message | Should -Match ([regex]::Escape($case.Names))
        $plan = $inputs | Test-SoftMatch -CloudUser @() -PrivilegedUser @() -ErrorVariable e2 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($plan).Count | Should -Be 3 -Because 'every input keeps its place in the plan'
        $e2[0].FullyQualifiedErrorId | Should -BeLike "$($case.Id),*"
        ($plan | Where-Object Identity -like 'CN=after*').Outcome | Should -Be 'Create'
        $rows = [pscustomobject]@{ Username = 'before'; UserPrincipalName = 'x@contoso.com' }
        $null = $rows | New-HardMatchPlan -OnPremisesUser $inputs -CloudUser @() -ErrorVariable e3 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        ($e3 | Where-Object { $_.FullyQualifiedErrorId -like "$($case.Id),*" }) | Should -Not -BeNullOrEmpty
    }

    It 'writes every other row with Export-SyncMatchCsv when one object''s value cannot be read (it used to leave a one-row file)' {
        $path = Join-Path $TestDrive 'out.csv'
        # Straight from the objects: Select-Object would swallow the getter's failure itself.
        (User 'a'), $cases['ToString throws'].Input, $cases['getter throws'].Input, (User 'b') |
            Export-SyncMatchCsv -LiteralPath $path -ErrorVariable failed -ErrorAction SilentlyContinue
        (Import-Csv $path).SamAccountName | Should -Be 'a', 'b'
        @($failed).Count | Should -Be 2
        $failed.FullyQualifiedErrorId | ForEach-Object { $_ | Should -BeLike 'PropertyUnreadable,*' }
    }

    It 'reads a DataRow from SQL, its DBNull absent (it used to skip the row as out of scope)' {
        $result = $corpus['a DataRow from SQL with a DBNull'] | Test-SoftMatch -CloudUser @() -PrivilegedUser @() -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failed | Should -BeNullOrEmpty
        $result.Outcome | Should -Be 'Create'
        $result.ImmutableId | Should -Not -BeNullOrEmpty
        $corpus['DBNull mail'] | Test-SyncReadiness -ErrorVariable failed2 -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Where-Object Attribute -eq 'mail' | Should -BeNullOrEmpty
        $failed2 | Should -BeNullOrEmpty
    }

    It 'counts $null inputs in the -Verbose accounting' {
        $lines = (User 'a'), $null, (User 'b') | Test-SyncReadiness -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($lines.Message -join ' ') | Should -Match 'Checked 2 objects \(1 refused with an error\)'
        $lines = (User 'a'), $null | Test-SoftMatch -CloudUser @() -PrivilegedUser @() -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        ($lines.Message -join ' ') | Should -Match 'Predicted 1 on-premises users .*\(1 null inputs refused with an error\)'
    }

    It 'keeps what the type tables lack per runspace: one runspace''s objects never make another skip its ScriptProperty' {
        $typeName = 'SyncMatch.Test.RunspaceUser'
        # Runspace B has a ScriptProperty ObjectGUID for the type; runspace A does not. B reads one
        # object, A then reads the same type (finding ObjectGUID absent), B reads a second one.
        $b = [powershell]::Create()
        $null = $b.AddScript({
                param($Manifest, $TypeName, $Other)
                Import-Module $Manifest
                Update-TypeData -TypeName $TypeName -MemberType ScriptProperty -MemberName ObjectGUID -Value { [guid]'35918bc9-196d-40ea-9779-889d79b753f0' } -Force
                $step = { Test-SoftMatch -CloudUser @() -PrivilegedUser @() -WarningAction SilentlyContinue }.GetSteppablePipeline()
                $step.Begin($true)
                $first = $step.Process([pscustomobject]@{ PSTypeName = $TypeName; SamAccountName = 'one'; UserPrincipalName = 'one@contoso.com' })
                $a = [powershell]::Create()
                $null = $a.AddScript({ param($m, $t) Import-Module $m; [pscustomobject]@{ PSTypeName = $t; SamAccountName = 'x' } | Test-SoftMatch -CloudUser @() -PrivilegedUser @() -ErrorAction SilentlyContinue -WarningAction SilentlyContinue }).AddArgument($Manifest).AddArgument($TypeName)
                $null = $a.Invoke(); $a.Dispose()
                $second = $step.Process([pscustomobject]@{ PSTypeName = $TypeName; SamAccountName = 'two'; UserPrincipalName = 'two@contoso.com' })
                $rest = $step.End()
                @($first) + @($second) + @($rest) | ForEach-Object ImmutableId
            }).AddArgument($ModuleManifest).AddArgument($typeName).AddArgument($null)
        try { $ids = $b.Invoke() } finally { $b.Dispose() }
        @($ids | Where-Object { $_ -eq 'yYuRNW0Z6kCXeYidebdT8A==' }).Count | Should -Be 2
    }
}
