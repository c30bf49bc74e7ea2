# Undo-HardMatchPlan against the Graph stand-in: what Undo acts on (issue 20: the run's own writes,
# also those whose outcome the client never saw), what it leaves alone, the synchronized user,
# clearing through beta, the guard rails on a restore, and journals that are not evidence.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'support/GraphStandIn.ps1')
    . (Join-Path $PSScriptRoot 'support/HardMatchHelpers.ps1')
    Import-Module $ModuleManifest -Force
}

Describe 'Undo-HardMatchPlan' {
    BeforeEach {
        New-GraphTenant
        Add-GraphUser 'c1' 'ann@contoso.com'
        Add-GraphUser 'c2' 'bob@contoso.com' 'b2xk'
        $script:journal = New-TestJournalPath 'undo'
    }
    AfterEach { Remove-Item $journal -ErrorAction SilentlyContinue }

    It 'leaves alone a value that changed since the run wrote it, and restores the others' {
        $written = New-TestPlan 'ann', 'bob' 'c1', 'c2' -AllowReplace | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $written.State | Should -Be @('Set', 'Set')
        $global:GraphTenant.Users['c1'].onPremisesImmutableId = 'Y2hhbmdlZA=='
        $undone = $written | Undo-HardMatchPlan -Force -Confirm:$false -WarningAction SilentlyContinue
        ($undone | Where-Object UserId -eq 'c1').State | Should -Be 'Changed'
        ($undone | Where-Object UserId -eq 'c1').Detail | Should -Match 'Y2hhbmdlZA=='
        ($undone | Where-Object UserId -eq 'c2').State | Should -Be 'Restored'
        $global:GraphTenant.Users['c1'].onPremisesImmutableId | Should -Be 'Y2hhbmdlZA=='
        $global:GraphTenant.Users['c2'].onPremisesImmutableId | Should -Be 'b2xk'
        $undone[0].JournalPath | Should -Be $journal -Because 'the restores are journalled in the run''s own journal'
        (Get-TestJournal $journal).phase[-2..-1] | Should -Be @('undo-before', 'undo-after')
    }

    It 'issue 20: restores all 20 writes Graph applied while the client saw a timeout and a stale read-back' {
        $sams = 1..20 | ForEach-Object { "u$_" }
        $ids = 1..20 | ForEach-Object { "c$_" }
        New-GraphTenant
        foreach ($n in 1..20) { Add-GraphUser "c$n" "u$n@contoso.com" }
        $plan = New-TestPlan $sams $ids
        # Every write applied while the client saw a failure; the first two also read back stale
        # past the re-reads (Unknown), the others settle by re-reading (Set).
        foreach ($n in 1..20) { $global:GraphTenant.Faults.Enqueue(@('applied-timeout,stale:99', 'applied-504,stale:99', 'applied-timeout', 'applied-504', 'applied-timeout,stale:2')[[Math]::Min($n - 1, 2 + $n % 3)]) }
        $written = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        $written.State[0..1] | Should -Be @('Unknown', 'Unknown')
        $written.State[2..19] | Should -Not -Contain 'Failed'
        @($global:GraphTenant.Users.Values | Where-Object onPremisesImmutableId).Count | Should -Be 20 -Because 'Graph applied every write'
        $global:GraphTenant.Stale.Clear()
        $undone = Undo-HardMatchPlan -JournalPath $journal -Force
        @($undone | Where-Object State -eq 'Restored').Count | Should -Be 20
        @($global:GraphTenant.Users.Values | Where-Object onPremisesImmutableId).Count | Should -Be 0
    }

    It 'restores nothing for a write the re-read shows never applied (a 503 that was not applied)' {
        $global:GraphTenant.Faults.Enqueue('503')
        $null = New-TestPlan 'ann' 'c1' | Invoke-HardMatchPlan -JournalPath $journal -Force -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        $undone = Undo-HardMatchPlan -JournalPath $journal -Force
        $undone.State | Should -Be 'Restored'
        $undone.Code | Should -Be 'AlreadyRestored'
        @($global:GraphTenant.Requests | Where-Object { $_ -like 'PATCH*' }).Count | Should -Be 1 -Because 'only the run''s own PATCH'
    }

    It 'does nothing for a write Graph refused (4xx: Failed)' {
        $global:GraphTenant.Faults.Enqueue('race')
        $null = New-TestPlan 'ann' 'c1' | Invoke-HardMatchPlan -JournalPath $journal -Force -ErrorAction SilentlyContinue -InformationAction SilentlyContinue
        @(Undo-HardMatchPlan -JournalPath $journal -Force -Verbose 4>$null).Count | Should -Be 0
        $global:GraphTenant.Users['racer'].onPremisesImmutableId | Should -Be (Get-TestAnchor 1) -Because 'the racer''s own value is not the run''s'
    }

    It 'clears through Graph beta, the documented path (entra-docs tshoot-clear-on-premises-attributes), not v1.0, which refuses null' {
        $null = New-TestPlan 'ann' 'c1' | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $undone = Undo-HardMatchPlan -JournalPath $journal -Force
        $undone.State | Should -Be 'Restored'
        $global:GraphTenant.Requests | Should -Contain 'PATCH https://graph.microsoft.com/beta/users/c1'
        # The stand-in's model of v1.0 (msgraph-sdk-powershell #2819).
        $status = $null
        $null = Invoke-MgGraphRequest -Method PATCH -Uri 'https://graph.microsoft.com/v1.0/users/c1' -Body '{"onPremisesImmutableId":null}' -SkipHttpErrorCheck -StatusCodeVariable status
        $status | Should -Be 400
    }

    It 'says what the documented options are, and writes nothing, when the user synchronized since the run' {
        $null = New-TestPlan 'ann' 'c1' | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $global:GraphTenant.Users['c1'].onPremisesSyncEnabled = $true
        $undone = Undo-HardMatchPlan -JournalPath $journal -Force
        $undone.State | Should -Be 'Blocked'
        $undone.Code | Should -Be 'TargetSynchronized'
        $undone.Detail | Should -Match 'onPremisesSyncEnabled'
        $undone.Detail | Should -Match 'cloud-only'
        $undone.Detail | Should -Match 'Source of Authority'
        $undone.Detail | Should -Not -Match 'on-premises mastered Directory Sync objects' -Because 'never Graph''s raw 400'
        @($global:GraphTenant.Requests | Where-Object { $_ -like 'PATCH*' }).Count | Should -Be 1
    }

    It 'passes a non-null restore through the guard rails: the previous value now held by another user is Blocked' {
        $null = New-TestPlan 'bob' 'c2' -AllowReplace | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        Add-GraphUser 'c7' 'eve@contoso.com' 'b2xk'
        $undone = Undo-HardMatchPlan -JournalPath $journal -Force -Confirm:$false -WarningAction SilentlyContinue
        $undone.State | Should -Be 'Blocked'
        $undone.Code | Should -Be 'AnchorHeldByCloudUser'
        $global:GraphTenant.Users['c2'].onPremisesImmutableId | Should -Be (Get-TestAnchor 1)
    }

    It 'blocks a non-null restore onto a privileged role holder (-PrivilegedUser)' {
        $null = New-TestPlan 'bob' 'c2' -AllowReplace | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $undone = Undo-HardMatchPlan -JournalPath $journal -Force -Confirm:$false -PrivilegedUser 'bob@contoso.com'
        $undone.State | Should -Be 'Blocked'
        $undone.Code | Should -Be 'PrivilegedTarget'
    }

    It 'confirms a non-null restore per user even with -Force (ConfirmImpact High): a host that cannot ask writes nothing' {
        $null = New-TestPlan 'bob' 'c2' -AllowReplace | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $runspace.SessionStateProxy.SetVariable('GraphTenant', $global:GraphTenant)
        $shell = [powershell]::Create($runspace)
        $null = $shell.AddScript({ param($StandIn, $Manifest, $Journal) . $StandIn; Import-Module $Manifest; Undo-HardMatchPlan -JournalPath $Journal -Force -WarningAction SilentlyContinue }).
            AddArgument((Join-Path $PSScriptRoot 'support/GraphStandIn.ps1')).AddArgument($ModuleManifest).AddArgument($journal)
        $null = $shell.Invoke()
        "$($shell.Streams.Error[0])" | Should -BeLike '*prompts the user*Restore onPremisesImmutableId b2xk*'
        $global:GraphTenant.Users['c2'].onPremisesImmutableId | Should -Be (Get-TestAnchor 1)
        $shell.Dispose(); $runspace.Dispose()
    }

    It 'settles a restore whose outcome it did not see on the next Undo' {
        $null = New-TestPlan 'ann' 'c1' | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $global:GraphTenant.Faults.Enqueue('applied-timeout,stale:99')
        (Undo-HardMatchPlan -JournalPath $journal -Force).State | Should -Be 'Unknown'
        $global:GraphTenant.Stale.Clear()
        $again = Undo-HardMatchPlan -JournalPath $journal -Force
        $again.State | Should -Be 'Restored'
        $global:GraphTenant.Patches | Should -Be 2 -Because 'the run''s write and one restore'
        (Get-TestJournal $journal | Where-Object phase -eq 'undo-after').outcome | Should -Be @('Unknown', 'Set')
    }
}

Describe 'Undo-HardMatchPlan: a journal is evidence, never instructions (issue 20)' {
    BeforeAll {
        $script:keyPath = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-undo-key-$PID"
        Remove-Item $keyPath -ErrorAction SilentlyContinue
    }
    AfterAll { Remove-Item $keyPath -ErrorAction SilentlyContinue }
    BeforeEach {
        New-GraphTenant
        Add-GraphUser 'c1' 'ann@contoso.com'
        Add-GraphUser 'admin' 'admin@contoso.com' 'YWRtaW4='
        $script:journal = New-TestJournalPath 'forged'
        $null = New-TestPlan 'ann' 'c1' | Invoke-HardMatchPlan -JournalPath $journal -JournalKeyPath $keyPath -Force -InformationAction SilentlyContinue
    }
    AfterEach { Remove-Item $journal -ErrorAction SilentlyContinue }

    It 'refuses an edited previous value, naming the line, and writes nothing' {
        $lines = Get-Content -LiteralPath $journal
        $lines[1] = $lines[1].Replace('"immutableId"', '"previousImmutableId":"QVRUQUNL","immutableId"')
        Set-Content -LiteralPath $journal -Value $lines
        $result = Undo-HardMatchPlan -JournalPath $journal -JournalKeyPath $keyPath -Force -ErrorVariable errors -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'JournalSealBroken,*'
        $errors[0].Exception.Message | Should -Match 'line 2'
        $global:GraphTenant.Patches | Should -Be 1
    }

    It 'refuses two forged lines for an administrator the run never touched (sealed without the key)' {
        $forgedKey = [byte[]]::new(32)
        Add-TestSealedLine $journal ([ordered]@{ phase = 'before'; userId = 'admin'; previousImmutableId = 'QVRUQUNL'; immutableId = 'YWRtaW4=' }) $forgedKey
        Add-TestSealedLine $journal ([ordered]@{ phase = 'after'; userId = 'admin'; previousImmutableId = 'QVRUQUNL'; immutableId = 'YWRtaW4='; outcome = 'Set' }) $forgedKey
        $null = Undo-HardMatchPlan -JournalPath $journal -JournalKeyPath $keyPath -Force -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'JournalSealBroken,*'
        $errors[0].Exception.Message | Should -Match 'line 4'
        $global:GraphTenant.Users['admin'].onPremisesImmutableId | Should -Be 'YWRtaW4='
    }

    It 'refuses records that disagree even when sealed with the key: the journal is inconsistent, named by line' {
        $key = [IO.File]::ReadAllBytes($keyPath)
        Add-TestSealedLine $journal ([ordered]@{ phase = 'undo-before'; userId = 'admin'; previousImmutableId = 'YWRtaW4='; immutableId = 'QVRUQUNL' }) $key
        $null = Undo-HardMatchPlan -JournalPath $journal -JournalKeyPath $keyPath -Force -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InconsistentJournal,*'
        $errors[0].Exception.Message | Should -Match 'line 4'
        $global:GraphTenant.Users['admin'].onPremisesImmutableId | Should -Be 'YWRtaW4='
    }

    It 'with the key stolen, a forged consistent pair still meets the guard rails: a privileged target is Blocked' {
        $key = [IO.File]::ReadAllBytes($keyPath)
        Add-TestSealedLine $journal ([ordered]@{ phase = 'before'; userId = 'admin'; previousImmutableId = 'QVRUQUNL'; immutableId = 'YWRtaW4=' }) $key
        Add-TestSealedLine $journal ([ordered]@{ phase = 'after'; userId = 'admin'; previousImmutableId = 'QVRUQUNL'; immutableId = 'YWRtaW4='; outcome = 'Set' }) $key
        $undone = Undo-HardMatchPlan -JournalPath $journal -JournalKeyPath $keyPath -Force -Confirm:$false -PrivilegedUser 'admin@contoso.com'
        ($undone | Where-Object UserId -eq 'admin').State | Should -Be 'Blocked'
        ($undone | Where-Object UserId -eq 'admin').Code | Should -Be 'PrivilegedTarget'
        $global:GraphTenant.Users['admin'].onPremisesImmutableId | Should -Be 'YWRtaW4='
    }

    It 'reads a journal whose last line a crash tore, and acts on the rest' {
        [IO.File]::AppendAllText($journal, '{"phase":"undo-before","userId":"c1","previ')
        $undone = Undo-HardMatchPlan -JournalPath $journal -JournalKeyPath $keyPath -Force
        $undone.State | Should -Be 'Restored'
        $global:GraphTenant.Users['c1'].onPremisesImmutableId | Should -BeNullOrEmpty
        (Get-TestJournal $journal).phase[-2..-1] | Should -Be @('undo-before', 'undo-after') -Because 'the torn line was cut off before appending'
    }

    It 'refuses a journal sealed with another key, naming both' {
        $other = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-other-key-$PID"
        [IO.File]::WriteAllBytes($other, [byte[]](1..32))
        $null = Undo-HardMatchPlan -JournalPath $journal -JournalKeyPath $other -Force -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'JournalKeyMismatch,*'
        Remove-Item $other
        $null = Undo-HardMatchPlan -JournalPath $journal -JournalKeyPath $other -Force -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'JournalKeyUnavailable,*'
        $global:GraphTenant.Patches | Should -Be 1
    }

    It 'refuses a file that is not a journal (<Name>) with <Id>, not "0 results"' -ForEach @(
        @{ Name = 'a CSV'; Text = "SamAccountName,CloudUserId`nann,c1`n"; Id = 'NotAJournal' }
        @{ Name = 'an empty file'; Text = ''; Id = 'EmptyJournal' }
        @{ Name = 'a journal from before the seal (no head)'; Text = '{"phase":"before","tenantId":"11111111-2222-3333-4444-555555555555","userId":"c1","immutableId":"AAA="}' + "`n"; Id = 'NotAJournal' }
        @{ Name = 'binary'; Text = "`0`u{1}PK"; Id = 'NotAJournal' }
    ) {
        $foreign = New-TestJournalPath 'foreign'
        [IO.File]::WriteAllText($foreign, $Text)
        $result = Undo-HardMatchPlan -JournalPath $foreign -Force -ErrorVariable errors -ErrorAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $errors[0].Exception.Message | Should -Match ([regex]::Escape($foreign))
        Remove-Item $foreign
    }
}
