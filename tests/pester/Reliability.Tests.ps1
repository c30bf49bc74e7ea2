# The reliability contract: every input yields one result or one clear error, the run goes on,
# nothing crashes, nothing is silently rewritten, output grows linearly, nothing reaches stderr.
# One Describe per defect found when the module was tried with data real directories hold.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force
    $verified = 'contoso.com', 'contoso.onmicrosoft.com'

    function New-Person([string] $Sam, [string] $Mail = "$Sam@contoso.com") {
        [pscustomobject]@{
            DistinguishedName = "CN=$Sam,OU=Staff,DC=contoso,DC=com"
            SamAccountName    = $Sam
            UserPrincipalName = "$Sam@contoso.com"
            mail              = $Mail
            ObjectGUID        = [guid]::NewGuid()
        }
    }

    function Invoke-Collecting {
        # Runs a script block; returns its output and its (non-terminating) error records apart.
        param([scriptblock] $Script)
        # Non-terminating errors must stay non-terminating, whatever the caller's preference.
        $ErrorActionPreference = 'Continue'
        $WarningPreference = 'SilentlyContinue'
        $all = @(& $Script 2>&1)
        [pscustomobject]@{
            Output = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
            Errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        }
    }
}

Describe 'Common names with letters outside ASCII (a Rust panic on José)' {
    It 'checks <_> like any other name, in readiness and in prediction' -ForEach 'José', 'André', 'Renée', 'Zoë', 'Søren', 'Μαρία' {
        $user = New-Person $_
        $user.UserPrincipalName = 'x@contoso.com'
        $readiness = Invoke-Collecting { $user | Test-SyncReadiness -VerifiedDomain $verified }
        $readiness.Errors | Should -BeNullOrEmpty
        $plan = Invoke-Collecting { $user | Test-SoftMatch -CloudUser @() -VerifiedDomain $verified }
        $plan.Errors | Should -BeNullOrEmpty
        $plan.Output.Outcome | Should -Be 'Create'
    }

    It 'writes nothing to stderr, and a forced native panic is one NativePanic error for the input it hit' {
        # The test trigger (a library built with the test-hooks feature, never the release one:
        # build.ps1 names it) makes the core panic on one sAMAccountName; the native side reads
        # the environment it started with, so the child process gets it from here.
        $env:SYNCMATCH_TEST_HOOKS_LIBRARY | Should -Not -BeNullOrEmpty -Because 'build.ps1 -Task Test builds the test-hooks library'
        $hooked = Join-Path $TestDrive 'hooked'
        Copy-Item (Split-Path $ModuleManifest) $hooked -Recurse
        $native = Get-ChildItem (Join-Path $hooked 'runtimes') -Recurse -File | Where-Object Name -like '*syncmatch_native*'
        Copy-Item $env:SYNCMATCH_TEST_HOOKS_LIBRARY $native.FullName -Force
        $manifest = Join-Path $hooked 'SyncMatch.psd1'
        $script = @"
Import-Module '$manifest'
`$users = 'José', 'boom', 'Renée' | ForEach-Object { [pscustomobject]@{ SamAccountName = `$_; UserPrincipalName = "`$_@contoso.com"; ObjectGUID = [guid]::NewGuid() } }
`$found = @(`$users | Test-SyncReadiness -ErrorVariable re -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
`$plan = @(`$users | Test-SoftMatch -CloudUser @() -ErrorVariable pe -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
"readiness:`$(`$re.Count):`$(`$re[0].FullyQualifiedErrorId):`$(`$re[0].TargetObject.SamAccountName)"
"plan:`$(`$plan.Count):`$(`$pe.Count):`$(`$pe[0].FullyQualifiedErrorId)"
"message:`$(`$re[0].Exception.Message)"
"@
        $stderrFile = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-stderr-$PID.txt"
        $process = [Environment]::ProcessPath
        [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
        $env:SYNCMATCH_TEST_PANIC_ON = 'boom'
        try { $lines = & $process @prefix -NoProfile -NonInteractive -Command $script 2> $stderrFile }
        finally { Remove-Item Env:SYNCMATCH_TEST_PANIC_ON }
        $LASTEXITCODE | Should -Be 0
        Get-Content -Raw $stderrFile | Should -BeNullOrEmpty
        Remove-Item $stderrFile
        $lines | Should -Contain 'readiness:1:NativePanic,SyncMatch.Commands.TestSyncReadinessCommand:boom'
        # The plan keeps the input's row (Error, InvalidInput) beside its error record.
        $lines | Should -Contain 'plan:3:1:NativePanic,SyncMatch.Commands.TestSoftMatchCommand'
        ($lines | Where-Object { $_ -like 'message:*' }) | Should -Match 'injected test panic'
    }
}

Describe 'Big duplicate groups (quadratic output on a shared placeholder mail)' {
    It 'reports 20,000 accounts sharing one mail with bounded findings and one shared group' {
        $users = foreach ($i in 1..20000) { New-Person "svc$i" 'noreply@contoso.com' }
        $findings = @($users | Test-SyncReadiness -VerifiedDomain $verified | Where-Object Rule -eq Duplicate)
        $findings.Count | Should -Be 20000
        $group = $findings[0].DuplicateGroup
        $group.Key | Should -Be 'address:noreply@contoso.com'
        $group.Count | Should -Be 20000
        # One group object, shared: the membership exists once, not once per finding.
        [object]::ReferenceEquals($findings[19999].DuplicateGroup, $group) | Should -BeTrue
        ($findings | Measure-Object { $_.ConflictsWith.Count } -Maximum).Maximum | Should -Be 5
        ($findings | Measure-Object { $_.Message.Length } -Maximum).Maximum | Should -BeLessThan 600
        "$group" | Should -Be 'address:noreply@contoso.com (20000 holders)'
    }

    It 'predicts 20,000 users aiming at one cloud user with bounded Detail' {
        $cloud = [pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'shared@contoso.com'; Mail = 'noreply@contoso.com'; ProxyAddresses = @('SMTP:noreply@contoso.com') }
        $users = foreach ($i in 1..20000) {
            $user = New-Person "svc$i" 'noreply@contoso.com'
            $user.UserPrincipalName = "svc$i@contoso.com"
            $user
        }
        $plan = @($users | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified)
        $plan.Count | Should -Be 20000
        @($plan | Where-Object Reason -eq DuplicateOnPremises).Count | Should -Be 20000
        ($plan | Measure-Object { $_.Detail.Length } -Maximum).Maximum | Should -BeLessThan 600
        $plan[0].Detail | Should -Match '19999 other on-premises users'
    }
}

Describe 'Self-referential and very deep collections (a stack overflow killed the process)' {
    BeforeAll {
        $loop = [object[]]::new(1); $loop[0] = $loop
        $deep = 'x'; foreach ($i in 1..5000) { $deep = , $deep }
        $wide = [object[]]::new(8); foreach ($i in 0..7) { $wide[$i] = $wide }
    }

    It 'ConvertTo-ImmutableId refuses a collection that contains itself (<_>)' -ForEach 'loop', 'deep', 'wide' {
        $value = Get-Variable -Name $_ -ValueOnly
        $result = Invoke-Collecting { , $value | ConvertTo-ImmutableId }
        $result.Output | Should -BeNullOrEmpty
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'NestingTooDeep,*'
    }

    It 'every cmdlet refuses an object whose proxyAddresses contains itself, and goes on' {
        $bad = New-Person 'loopy'
        $bad | Add-Member -NotePropertyName proxyAddresses -NotePropertyValue $loop
        $good = New-Person 'fine'
        $readiness = Invoke-Collecting { $bad, $good | Test-SyncReadiness -VerifiedDomain $verified }
        $readiness.Errors.FullyQualifiedErrorId | Should -BeLike 'NestingTooDeep,*'
        $readiness.Errors[0].Exception.Message | Should -BeLike 'proxyAddresses:*'
        $plan = Invoke-Collecting { $bad, $good | Test-SoftMatch -CloudUser @() -VerifiedDomain $verified }
        $plan.Errors.FullyQualifiedErrorId | Should -BeLike 'NestingTooDeep,*'
        $plan.Output.Identity | Should -Be 'CN=loopy,OU=Staff,DC=contoso,DC=com', 'CN=fine,OU=Staff,DC=contoso,DC=com'
        $plan.Output[0].Reason | Should -Be 'InvalidInput'
        $parsed = Invoke-Collecting { $bad | ConvertFrom-ProxyAddress }
        $parsed.Errors.FullyQualifiedErrorId | Should -BeLike 'NestingTooDeep,*'
        $anchor = Invoke-Collecting { $bad | Get-SourceAnchor }
        $anchor.Output.Guid | Should -Be $bad.ObjectGUID
    }

    It 'a cloud user that contains itself is left out with an error' {
        $cloud = [pscustomobject]@{ Id = 'c1'; ProxyAddresses = $loop }
        $plan = Invoke-Collecting { New-Person 'a' | Test-SoftMatch -CloudUser $cloud }
        $plan.Errors.FullyQualifiedErrorId | Should -BeLike 'InvalidCloudUser,*'
        $plan.Errors[0].Exception.Message | Should -Match 'nests collections'
        $plan.Output.Count | Should -Be 1
    }
}

Describe 'Lone UTF-16 surrogates (silently replaced by U+FFFD, so different mails became equal)' {
    It 'is an InvalidUnicode error for that input, not a join onto the look-alike cloud user' {
        $lone = "$([char]0xD800)a@contoso.com"
        $user = New-Person 'jdoe' $lone
        $cloud = [pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'other@contoso.com'; Mail = "$([char]0xFFFD)a@contoso.com"; ProxyAddresses = @("SMTP:$([char]0xFFFD)a@contoso.com") }
        $plan = Invoke-Collecting { $user | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified }
        $plan.Output.Reason | Should -Be 'InvalidInput' -Because 'its row says it could not be predicted, never a join'
        $plan.Errors.FullyQualifiedErrorId | Should -BeLike 'InvalidUnicode,*'
        $plan.Errors[0].Exception.Message | Should -Match '^mail: .*character 1 is half of a UTF-16 surrogate pair'
    }

    It 'is an error in readiness, and never a duplicate of the replacement character' {
        $a = New-Person 'a' "$([char]0xDC00)x@contoso.com"
        $b = New-Person 'b' "$([char]0xFFFD)x@contoso.com"
        $result = Invoke-Collecting { $a, $b | Test-SyncReadiness -VerifiedDomain $verified }
        $result.Errors.FullyQualifiedErrorId | Should -BeLike 'InvalidUnicode,*'
        @($result.Output | Where-Object Rule -eq Duplicate) | Should -BeNullOrEmpty
    }

    It 'a well-formed pair (an emoji) is fine' {
        $result = Invoke-Collecting { 'SMTP:🙂@contoso.com' | ConvertFrom-ProxyAddress }
        $result.Errors | Should -BeNullOrEmpty
        $result.Output[0].Address | Should -Be '🙂@contoso.com'
    }

    It 'ConvertFrom-ProxyAddress and the anchor cmdlets refuse it too' {
        (Invoke-Collecting { "smtp:$([char]0xD800)@contoso.com" | ConvertFrom-ProxyAddress }).Errors.FullyQualifiedErrorId | Should -BeLike 'InvalidUnicode,*'
        (Invoke-Collecting { "$([char]0xD800)" | ConvertTo-ImmutableId }).Errors.FullyQualifiedErrorId | Should -BeLike 'InvalidUnicode,*'
    }
}

Describe 'Control characters (accepted in proxyAddresses, refused in mail)' {
    It 'U+<_> is a Character problem in a proxy address of every type, as in mail' -ForEach '0000', '0001', '007F', '001B', '0009' {
        $c = [char][Convert]::ToInt32($_, 16)
        foreach ($value in "smtp:ja${c}ne@contoso.com", "X500:/o=Org/cn=ja${c}ne", "sip:ja${c}ne@contoso.com") {
            $parsed = $value | ConvertFrom-ProxyAddress
            $parsed.IsValid | Should -BeFalse -Because $value
        }
        $user = New-Person 'jane' "ja${c}ne@contoso.com"
        ($user | Test-SyncReadiness -VerifiedDomain $verified | Where-Object Attribute -eq mail).Rule | Should -Contain 'Character'
    }
}

Describe 'Parameter validation of -CloudUser (NullReferenceException; a ScriptBlock passed)' {
    It '-CloudUser $null is a terminating CloudUserNull error, not a clean plan against nobody' {
        { New-Person 'a' | Test-SoftMatch -CloudUser $null -ErrorAction Stop } | Should -Throw -ErrorId 'CloudUserNull,SyncMatch.Commands.TestSoftMatchCommand'
    }

    It '-CloudUser @() is an empty tenant' {
        (New-Person 'a' | Test-SoftMatch -CloudUser @()).Outcome | Should -Be 'Create'
    }

    It 'a <_> is not a cloud user' -ForEach 'ScriptBlock', 'String', 'Int32', 'Guid' {
        $type = $_
        $item = switch ($type) { 'ScriptBlock' { { 'x' } } 'String' { 'jdoe@contoso.com' } 'Int32' { 42 } 'Guid' { [guid]::NewGuid() } }
        $result = Invoke-Collecting { New-Person 'a' | Test-SoftMatch -CloudUser $item }
        $result.Errors.FullyQualifiedErrorId | Should -BeLike 'InvalidCloudUser,*'
        $result.Errors[0].Exception.Message | Should -Match "a $type is not a cloud user"
        $result.Output.Count | Should -Be 1
    }

    It 'a script block or a string piped in is not a directory object' {
        $result = Invoke-Collecting { { 'x' }, 'jdoe' | Test-SyncReadiness }
        @($result.Errors.FullyQualifiedErrorId) | Should -Be @('InvalidInputObject,SyncMatch.Commands.TestSyncReadinessCommand', 'InvalidInputObject,SyncMatch.Commands.TestSyncReadinessCommand')
    }
}

Describe 'Inputs that produced nothing' {
    It 'an object with an empty proxyAddresses is one BlankProxyAddress error' {
        $result = Invoke-Collecting { [pscustomobject]@{ proxyAddresses = @() } | ConvertFrom-ProxyAddress }
        $result.Output | Should -BeNullOrEmpty
        $result.Errors.FullyQualifiedErrorId | Should -Be 'BlankProxyAddress,SyncMatch.Commands.ConvertFromProxyAddressCommand'
    }

    It 'an empty list is one error in the pipeline and the parameter form alike (<_>)' -ForEach 'ConvertFrom-ProxyAddress', 'ConvertFrom-ImmutableId' {
        $command = $_
        $piped = Invoke-Collecting { , @() | & $command }
        $passed = Invoke-Collecting { & $command @() }
        $piped.Errors.Count | Should -Be 1
        $passed.Errors.Count | Should -Be 1
        $piped.Errors[0].FullyQualifiedErrorId | Should -Be $passed.Errors[0].FullyQualifiedErrorId
        $piped.Output + $passed.Output | Should -BeNullOrEmpty
    }

    It 'an empty byte array is one error in the pipeline and the -Guid form alike' {
        $piped = Invoke-Collecting { , ([byte[]]@()) | ConvertTo-ImmutableId }
        $passed = Invoke-Collecting { ConvertTo-ImmutableId -Guid ([byte[]]@()) }
        $piped.Errors.Count | Should -Be 1
        $passed.Errors.Count | Should -Be 1
        $passed.Errors[0].FullyQualifiedErrorId | Should -Be $piped.Errors[0].FullyQualifiedErrorId
    }

    It '-Guid @() is no anchors at all: nothing to do, nothing written' {
        (Invoke-Collecting { ConvertTo-ImmutableId -Guid @() }).Output | Should -BeNullOrEmpty
        (Invoke-Collecting { ConvertTo-ImmutableId -Guid @() }).Errors | Should -BeNullOrEmpty
    }

    It '-Guid with one byte[] is one anchor' {
        ConvertTo-ImmutableId -Guid $Known.Bytes | Should -Be $Known.ImmutableId
    }
}

Describe 'Hashtables in ConvertFrom-ProxyAddress (read as key/value pairs)' {
    It 'reads a hashtable by its proxyAddresses key, in any case' {
        $parsed = @{ ProxyAddresses = 'SMTP:jane@contoso.com', 'smtp:j@contoso.com' } | ConvertFrom-ProxyAddress
        $parsed | ForEach-Object Address | Should -Be 'jane@contoso.com', 'j@contoso.com'
    }

    It 'refuses keys that differ only in case instead of picking one (<_>)' -ForEach 'ConvertFrom-ProxyAddress', 'Test-SyncReadiness' {
        $table = [hashtable]::new([StringComparer]::Ordinal)
        $table['proxyAddresses'] = 'SMTP:a@contoso.com'
        $table['ProxyAddresses'] = 'SMTP:b@contoso.com'
        $table['SamAccountName'] = 'a'
        $result = Invoke-Collecting { $table | & $_ }
        $result.Errors.FullyQualifiedErrorId | Should -BeLike 'AmbiguousProperty,*'
        $result.Errors[0].Exception.Message | Should -Match "'proxyAddresses' and 'ProxyAddresses'"
    }
}

Describe 'Values larger than any attribute (memory)' {
    It 'a 10 MB value is a ValueTooLarge error for its input; the others go on' {
        $huge = 'x' * 10MB
        $big = New-Person 'big'
        $big | Add-Member -NotePropertyName displayName -NotePropertyValue $huge
        $result = Invoke-Collecting { $big, (New-Person 'small') | Test-SyncReadiness -VerifiedDomain $verified -Verbose 4>$null }
        $result.Errors.FullyQualifiedErrorId | Should -BeLike 'ValueTooLarge,*'
        $result.Errors[0].Exception.Message | Should -Match '^displayName: the value is 10,485,760 characters long'
        $plan = Invoke-Collecting { $big, (New-Person 'small') | Test-SoftMatch -CloudUser @() }
        $plan.Errors.Count | Should -Be 1
        $plan.Output.Reason | Should -Be 'InvalidInput', 'NoMatch'
        (Invoke-Collecting { 'SMTP:a@contoso.com', "smtp:$huge" | ConvertFrom-ProxyAddress }).Errors.Count | Should -Be 1
        (Invoke-Collecting { ConvertTo-ImmutableId -Guid $huge, $Known.Guid }).Output | Should -Be $Known.ImmutableId
    }

    It 'batches are bounded by size as well as by count, and results stay in order' {
        # 400 objects of 60,000 characters each: 24 million characters, more than one batch holds.
        $users = foreach ($i in 1..400) {
            $user = New-Person "u$i"
            $user | Add-Member -NotePropertyName displayName -NotePropertyValue ('d' * 60000)
            $user
        }
        $found = @($users | Test-SyncReadiness -VerifiedDomain $verified | Where-Object Attribute -eq displayName)
        $found.Count | Should -Be 400
        $found[0].Identity | Should -Be 'CN=u1,OU=Staff,DC=contoso,DC=com'
        $found[399].Identity | Should -Be 'CN=u400,OU=Staff,DC=contoso,DC=com'
    }
}

Describe 'Terminal safety (messages echoed ESC and OSC sequences from input)' {
    It 'shows control characters escaped in Message, Detail and errors; values stay exact' {
        $esc = [char]27
        $title = "$esc]0;pwned$([char]7)"
        $user = New-Person 'jdoe'
        $user.UserPrincipalName = "j${title}doe@contoso.com"
        $finding = $user | Test-SyncReadiness -VerifiedDomain $verified | Where-Object Attribute -eq userPrincipalName | Select-Object -First 1
        $finding.Value | Should -BeExactly "j${title}doe@contoso.com"
        $finding.Message | Should -Not -Match $esc
        $finding.Message | Should -Match ([regex]::Escape('\x1B]0;pwned\x07'))
        $error1 = (Invoke-Collecting { "x${title}" | ConvertTo-ImmutableId }).Errors[0]
        $error1.Exception.Message | Should -Not -Match $esc
        $error1.Exception.Message | Should -Match ([regex]::Escape('\x1B'))
        $bidi = (Invoke-Collecting { "smtp:a$([char]0x202E)b@contoso.com" | ConvertFrom-ProxyAddress }).Output
        $bidi.Problems -join ' ' | Should -Match ([regex]::Escape('\u202E'))
        $bidi[0].Address | Should -BeExactly "a$([char]0x202E)b@contoso.com"
    }
}

Describe 'Spreadsheet safety (formulas in exported CSVs)' {
    BeforeAll {
        $path = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-export-$PID.csv"
    }
    AfterAll {
        Remove-Item $path -ErrorAction SilentlyContinue
    }

    It 'Export-SyncMatchCsv writes formula-leading cells as text and keeps the objects exact' {
        # Two users share a mail that starts with '+', one has a too-long displayName that is a formula.
        $eve = New-Person 'eve' '+cmd@contoso.com'
        $eve | Add-Member -NotePropertyName displayName -NotePropertyValue ('=HYPERLINK("http://evil.example","x")' + ' ' * 300)
        $mallory = New-Person 'mallory' '+cmd@contoso.com'
        $findings = @($eve, $mallory | Test-SyncReadiness -VerifiedDomain $verified)
        $findings.Count | Should -BeGreaterThan 2
        $findings | Export-SyncMatchCsv -Path $path
        $rows = Import-Csv $path
        $rows.Count | Should -Be $findings.Count
        foreach ($row in $rows) {
            foreach ($cell in $row.PSObject.Properties.Value) {
                $cell | Should -Not -Match '^[=+\-@\t\r]' -Because 'no cell may start a formula'
            }
        }
        ($rows | Where-Object Attribute -eq mail).Value | Should -Be "'+cmd@contoso.com", "'+cmd@contoso.com"
        ($findings | Where-Object Attribute -eq mail).Value | Should -Be '+cmd@contoso.com', '+cmd@contoso.com'
        ($rows | Where-Object Attribute -eq displayName).Value | Should -BeLike "'=HYPERLINK*"
        [IO.File]::ReadAllBytes($path)[0..2] | Should -Be 0xEF, 0xBB, 0xBF
    }

    It 'joins lists with "; " and honours -WhatIf and -NoClobber' {
        Remove-Item $path -ErrorAction SilentlyContinue
        [pscustomobject]@{ Name = 'a'; List = 'x', 'y' } | Export-SyncMatchCsv -Path $path -WhatIf
        Test-Path $path | Should -BeFalse
        [pscustomobject]@{ Name = 'a'; List = 'x', 'y' } | Export-SyncMatchCsv -Path $path
        (Import-Csv $path).List | Should -Be 'x; y'
        { [pscustomobject]@{ Name = 'b' } | Export-SyncMatchCsv -Path $path -NoClobber -ErrorAction Stop } | Should -Throw -ErrorId 'FileExists,SyncMatch.Commands.ExportSyncMatchCsvCommand'
    }
}

Describe 'Reading properties past PowerShell internals (Update-TypeData was invisible)' {
    AfterEach {
        Remove-TypeData -TypeName 'SyncMatch.Test.TypeDataUser' -ErrorAction SilentlyContinue
    }

    It 'reads an ObjectGUID that comes from the type tables' {
        $guid = $Known.Guid
        Update-TypeData -TypeName 'SyncMatch.Test.TypeDataUser' -MemberType ScriptProperty -MemberName ObjectGUID -Value ([scriptblock]::Create("[guid]'$guid'"))
        $user = [pscustomobject]@{ PSTypeName = 'SyncMatch.Test.TypeDataUser'; SamAccountName = 'td'; UserPrincipalName = 'td@contoso.com' }
        $user | ConvertTo-ImmutableId | Should -Be $Known.ImmutableId
        ($user | Test-SoftMatch -CloudUser @()).ImmutableId | Should -Be $Known.ImmutableId
    }

    It 'reads the type tables for an object with its own type name, when its internal type-name list fails too' {
        $type = [SyncMatch.Commands.TestSoftMatchCommand].Assembly.GetType('SyncMatch.Directory.PropertyReader')
        $field = $type.GetField('typeNames', [Reflection.BindingFlags]'NonPublic, Static')
        $saved = $field.GetValue($null)
        try {
            $field.SetValue($null, [Func[psobject, System.Collections.ObjectModel.Collection[string]]] { throw 'internals changed' })
            $guid = $Known.Guid
            Update-TypeData -TypeName 'SyncMatch.Test.TypeDataUser' -MemberType ScriptProperty -MemberName ObjectGUID -Value ([scriptblock]::Create("[guid]'$guid'"))
            $user = [pscustomobject]@{ PSTypeName = 'SyncMatch.Test.TypeDataUser'; SamAccountName = 'td' }
            $user | ConvertTo-ImmutableId | Should -Be $Known.ImmutableId
            $field.GetValue($null) | Should -BeNullOrEmpty -Because 'a failing internal list is dropped'
        }
        finally {
            $field.SetValue($null, $saved)
        }
    }

    It 'falls back to the public API when the fast path fails, silently and for good' {
        $type = [SyncMatch.Commands.TestSoftMatchCommand].Assembly.GetType('SyncMatch.Directory.PropertyReader')
        $field = $type.GetField('noteProperties', [Reflection.BindingFlags]'NonPublic, Static')
        $saved = $field.GetValue($null)
        try {
            $field.SetValue($null, [Func[psobject, System.Management.Automation.PSMemberInfoCollection[System.Management.Automation.PSMemberInfo]]] { throw 'internals changed' })
            $user = New-ADUserObject -ObjectGuid $Known.Guid
            $result = Invoke-Collecting { $user | ConvertTo-ImmutableId }
            $result.Errors | Should -BeNullOrEmpty
            $result.Output | Should -Be $Known.ImmutableId
            $field.GetValue($null) | Should -BeNullOrEmpty -Because 'a failing fast path is dropped'
        }
        finally {
            $field.SetValue($null, $saved)
        }
    }
}

Describe 'Concurrency' {
    It 'the same work in 8 runspaces equals the serial output' {
        $users = foreach ($i in 1..300) { New-Person "p$($i % 250)" "m$($i % 200)@contoso.com" }
        $serial = ($users | Test-SyncReadiness -VerifiedDomain $verified | ForEach-Object { "$($_.Identity)|$($_.Rule)|$($_.Value)" }) -join "`n"
        $manifest = $ModuleManifest
        $parallel = 1..8 | ForEach-Object -ThrottleLimit 8 -Parallel {
            Import-Module $using:manifest
            ($using:users | Test-SyncReadiness -VerifiedDomain $using:verified | ForEach-Object { "$($_.Identity)|$($_.Rule)|$($_.Value)" }) -join "`n"
        }
        $parallel.Count | Should -Be 8
        $parallel | ForEach-Object { $_ | Should -BeExactly $serial }
    }
}
