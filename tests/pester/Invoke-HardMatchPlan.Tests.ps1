# Invoke-HardMatchPlan against the Graph stand-in (tests/pester/support/GraphStandIn.ps1): the
# write, the live re-check, Graph's failure modes (issue 20), the sealed journal and -Resume.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'support/GraphStandIn.ps1')
    . (Join-Path $PSScriptRoot 'support/HardMatchHelpers.ps1')
    Import-Module $ModuleManifest -Force
}

Describe 'Invoke-HardMatchPlan' {
    BeforeEach {
        New-GraphTenant
        Add-GraphUser 'c1' 'ann@contoso.com'
        Add-GraphUser 'c2' 'bob@contoso.com'
        $script:journal = New-TestJournalPath
    }
    AfterEach { Remove-Item $journal -ErrorAction SilentlyContinue }

    It 'stamps each Set item, reads it back, and journals a sealed head, then before and after' {
        $plan = New-TestPlan 'ann', 'bob' 'c1', 'c2'
        $results = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $results.State | Should -Be @('Set', 'Set')
        $global:GraphTenant.Users['c1'].onPremisesImmutableId | Should -Be (Get-TestAnchor 1)
        $records = Get-TestJournal $journal
        $records.phase | Should -Be @('head', 'before', 'after', 'before', 'after')
        $records[0].tenantId | Should -Be $global:GraphTenant.TenantId
        $records[0].format | Should -Be 'SyncMatch.HardMatchJournal/2'
        $records[0].planDigest | Should -Match '^[0-9a-f]{64}$'
        $records[0].items | Should -Be 2
        $records | ForEach-Object { $_.mac | Should -Match '^[0-9a-f]{64}$' }
        $records[2].outcome | Should -Be 'Set'
    }

    It 'seals each line with HMAC-SHA-256 over the previous MAC and the record, under the key in the profile (docs/model.md)' {
        $plan = New-TestPlan 'ann' 'c1'
        $keyPath = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-key-$PID-$([guid]::NewGuid().ToString('N'))"
        $null = $plan | Invoke-HardMatchPlan -JournalPath $journal -JournalKeyPath $keyPath -Force -InformationAction SilentlyContinue
        $key = [IO.File]::ReadAllBytes($keyPath)
        $key.Count | Should -Be 32
        if (-not $IsWindows) { (Get-Item $keyPath).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite') }
        $previous = ''
        foreach ($line in Get-Content -LiteralPath $journal) {
            $record = $line.Substring(0, $line.Length - 74) + '}'
            $mac = [Convert]::ToHexString([System.Security.Cryptography.HMACSHA256]::new($key).ComputeHash([Text.Encoding]::UTF8.GetBytes("$previous$record"))).ToLowerInvariant()
            $line | Should -BeLike "*`"mac`":`"$mac`"}"
            $previous = $mac
        }
        (Get-TestJournal $journal)[0].keyId | Should -Be ([Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($key)).ToLowerInvariant().Substring(0, 16))
        Remove-Item $keyPath
    }

    It 'says when the Invoke-MgGraphRequest it runs is not Microsoft''s (functions win over cmdlets: about_Command_Precedence)' {
        # The stand-in is a function defined in the session, as a wrapper left behind would be.
        $plan = New-TestPlan 'ann' 'c1'
        $null = $plan | Invoke-HardMatchPlan -JournalPath $journal -WhatIf -InformationAction SilentlyContinue -WarningVariable said -WarningAction SilentlyContinue
        ($said -join "`n") | Should -Match 'Invoke-MgGraphRequest this session runs is a function from no module \(defined in this session\), not Microsoft\.Graph\.Authentication''s cmdlet'
    }

    It 'takes Microsoft.Graph.Authentication''s own cmdlet as Microsoft''s, and a cmdlet of another module as not' {
        # Real cmdlets (compiled here), loaded as modules of those names.
        $source = '[System.Management.Automation.Cmdlet("Invoke", "MgGraphRequest")] public sealed class InvokeMgGraphRequest : System.Management.Automation.PSCmdlet { }'
        $describe = [SyncMatch.SyncAssessment].Assembly.GetType('SyncMatch.HardMatch.GraphTransport', $true).GetMethod('Describe', [Reflection.BindingFlags]'NonPublic, Static')
        foreach ($name in 'Microsoft.Graph.Authentication', 'Contoso.GraphWrapper') {
            $dll = Join-Path $TestDrive "$name.dll"
            Add-Type -TypeDefinition $source -OutputAssembly $dll -OutputType Library
            $module = Import-Module $dll -PassThru
            $found = Get-Command -Module $name -Name Invoke-MgGraphRequest
            $found.CommandType | Should -Be 'Cmdlet'
            $verdict = $describe.Invoke($null, [object[]]@($found.PSObject.BaseObject))
            if ($name -eq 'Microsoft.Graph.Authentication') { $verdict | Should -BeNullOrEmpty } else { $verdict | Should -Match 'a cmdlet from the module Contoso\.GraphWrapper' }
            Remove-Module $module
        }
    }

    It 'writes nothing with -WhatIf, and when connected runs the read-only part: a user synchronized since the plan shows Blocked' {
        $plan = New-TestPlan 'ann', 'bob' 'c1', 'c2'
        $global:GraphTenant.Users['c2'].onPremisesSyncEnabled = $true
        $results = $plan | Invoke-HardMatchPlan -JournalPath $journal -WhatIf -InformationAction SilentlyContinue
        $results.State | Should -Be @('Skipped', 'Blocked')
        $results[0].Detail | Should -Match 're-checked on the live tenant'
        $results[1].Code | Should -Be 'TargetSynchronized'
        @($global:GraphTenant.Requests | Where-Object { $_ -like 'GET */users/c1?*' }).Count | Should -Be 1
        @($global:GraphTenant.Requests | Where-Object { $_ -like 'PATCH*' }).Count | Should -Be 0
        Test-Path $journal | Should -BeFalse
    }

    It 'accepts Directory.AccessAsUser.All (Update user: delegated permissions), and warns, never blocks, when no role that writes on-premises attributes shows' {
        $global:GraphTenant.Scopes = @('Directory.AccessAsUser.All')
        $global:GraphTenant.Roles.Clear()
        $result = New-TestPlan 'ann' 'c1' | Invoke-HardMatchPlan -JournalPath $journal -Force -WarningVariable warned -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        $result.State | Should -Be 'Set'
        ($warned.Message -join ' ') | Should -Match 'User Administrator, Hybrid Identity Administrator, Global Administrator'
        ($warned.Message -join ' ') | Should -Match 'administrative unit'
    }

    It 'writes nothing with -WhatIf without a connection, and reads nothing' {
        $plan = New-TestPlan 'ann' 'c1'
        $global:GraphTenant = $null
        $result = $plan | Invoke-HardMatchPlan -JournalPath $journal -WhatIf -InformationAction SilentlyContinue
        $result.State | Should -Be 'Skipped'
        $result.JournalPath | Should -BeNullOrEmpty -Because 'no journal was written'
        Test-Path $journal | Should -BeFalse
    }

    It 'shows results as a table that fits 80 columns (Identity, UserPrincipalName, State, Code)' {
        $results = New-TestPlan 'ann', 'bob' 'c1', 'c2' | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $lines = @(($results | Format-Table | Out-String -Width 200) -split "`n" | Where-Object { $_.Trim() })
        $lines[0] | Should -Match '^Identity\s+UserPrincipalName\s+State\s+Code'
        $lines | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
        $lines[2] | Should -Match '^ann\s+ann@contoso.com\s+Set\s+Ready'
    }

    It 'never writes a plan read back from a file (hardmatch-candidates.csv): it says to plan the rows again, and that works' {
        $file = Join-Path $TestDrive 'hardmatch-candidates.csv'
        New-TestPlan 'ann' 'c1' | Export-Csv -LiteralPath $file -NoTypeInformation
        $rows = Import-Csv -LiteralPath $file
        $result = $rows | Invoke-HardMatchPlan -JournalPath $journal -Force -ErrorVariable refused -ErrorAction SilentlyContinue -InformationAction SilentlyContinue
        $result | Should -BeNullOrEmpty
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'PlanFromFile,*'
        $refused[0].Exception.Message | Should -Match 'New-HardMatchPlan'
        $global:GraphTenant.Patches | Should -Be 0
        Test-Path $journal | Should -BeFalse
        # As the error says: the rows are a mapping, and the anchors are derived again.
        $ad = [pscustomobject]@{ DistinguishedName = 'CN=ann,DC=contoso,DC=com'; ObjectGUID = [guid]::new(1, 7, 7, [byte[]](1, 2, 3, 4, 5, 6, 7, 8)); SamAccountName = 'ann' }
        $cloud = [pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'ann@contoso.com'; OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }
        $replanned = $rows | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -WarningAction SilentlyContinue
        $replanned.Action | Should -Be 'Set'
        $replanned.ImmutableId | Should -Be (Get-TestAnchor 1)
    }

    It 'refuses to start a new run in an existing journal: -Resume continues it' {
        $plan = New-TestPlan 'ann' 'c1'
        Set-Content -LiteralPath $journal -Value 'anything'
        { $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue } | Should -Throw -ErrorId 'JournalExists,*'
        $global:GraphTenant.Patches | Should -Be 0
        Get-Content -LiteralPath $journal | Should -Be 'anything'
    }

    It 're-checks the live tenant: a user synchronized since the plan is Blocked, not written' {
        $plan = New-TestPlan 'ann' 'c1'
        $global:GraphTenant.Users['c1'].onPremisesSyncEnabled = $true
        $global:GraphTenant.Users['c1'].onPremisesImmutableId = 'c3luY2Vk'
        $result = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $result.State | Should -Be 'Blocked'
        $result.Code | Should -Be 'TargetSynchronized'
        $global:GraphTenant.Patches | Should -Be 0
        (Get-TestJournal $journal).phase | Should -Be 'head' -Because 'nothing was sent: nothing to undo'
    }

    It 're-checks the live tenant: an anchor another user took since the plan is Blocked ("Uniqueness violation" before it happens)' {
        $plan = New-TestPlan 'ann' 'c1'
        Add-GraphUser 'c9' 'late@contoso.com' (Get-TestAnchor 1)
        $result = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $result.State | Should -Be 'Blocked'
        $result.Code | Should -Be 'AnchorHeldByCloudUser'
    }

    It 'looks up the holder with a plain eq filter: no ConsistencyLevel, no $count (Graph docs: filter-directory-objects)' {
        $plan = New-TestPlan 'ann' 'c1'
        $null = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $global:GraphTenant.AdvancedQueries | Should -Be 0
        @($global:GraphTenant.Requests | Where-Object { $_ -like 'GET https://graph.microsoft.com/v1.0/users?$filter=*' }).Count | Should -Be 1
    }

    It 'reads every user with $select: without it Graph returns none of the on-premises properties (user resource: default properties)' {
        $null = New-TestPlan 'ann' 'c1' | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $reads = @($global:GraphTenant.Requests | Where-Object { $_ -like 'GET *' -and $_ -notlike '*/me/transitiveMemberOf/*' })
        $reads.Count | Should -BeGreaterThan 2
        $reads | ForEach-Object { $_ | Should -Match '[?&]\$select=[^&]*onPremisesImmutableId' }
        $plain = Invoke-MgGraphRequest -Method GET -Uri 'https://graph.microsoft.com/v1.0/users/c1' -OutputType Json | ConvertFrom-Json
        $plain.PSObject.Properties.Name | Should -Not -Contain 'onPremisesImmutableId' -Because 'the stand-in answers as Graph does'
    }

    It 'blocks an anchor a soft-deleted user holds, listing the deleted users once per run through every page' {
        $plan = New-TestPlan 'ann', 'bob' 'c1', 'c2'
        $global:GraphTenant.PageSize = 2
        foreach ($n in 1..4) { Add-GraphUser "d$n" "gone$n@contoso.com" "ZGVsZXRlZA$n" -Deleted }
        Add-GraphUser 'd9' 'old.ann@contoso.com' (Get-TestAnchor 1) -Deleted
        $results = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $results[0].State | Should -Be 'Blocked'
        $results[0].Code | Should -Be 'AnchorHeldByDeletedUser'
        $results[1].State | Should -Be 'Set'
        @($global:GraphTenant.Requests | Where-Object { $_ -like 'GET */directory/deletedItems/microsoft.graph.user?*' }).Count | Should -Be 3 -Because 'five deleted users, two a page, read once for both items'
    }

    It 'waits out a 429 by its Retry-After, and writes once' {
        $plan = New-TestPlan 'ann' 'c1'
        $global:GraphTenant.Faults.Enqueue('429')
        $result = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $result.State | Should -Be 'Set'
        $global:GraphTenant.Patches | Should -Be 1
    }

    It 'holds back the whole run during a 429 storm: no request goes out before the Retry-After has passed' {
        $plan = New-TestPlan 'ann', 'bob' 'c1', 'c2'
        $global:GraphTenant.Throttle = 3
        $global:GraphTenant.RetryAfter = 1
        $results = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue -Verbose 4>&1
        ($results | Where-Object { $_ -is [SyncMatch.HardMatchResult] }).State | Should -Be @('Set', 'Set')
        @($results | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like '*HTTP 429*' }).Count | Should -Be 3
        $times = $global:GraphTenant.Times
        foreach ($i in 1..3) { ($times[$i] - $times[$i - 1]).TotalSeconds | Should -BeGreaterOrEqual 0.99 -Because "request $i waited the Retry-After of the 429 before it" }
    }

    It 'stops promptly on Ctrl+C during a Retry-After wait (StopProcessing), with nothing sent' {
        $plan = New-TestPlan 'ann' 'c1'
        $global:GraphTenant.Throttle = 1
        $global:GraphTenant.RetryAfter = 300
        $runspace = [runspacefactory]::CreateRunspace()
        $runspace.Open()
        $runspace.SessionStateProxy.SetVariable('GraphTenant', $global:GraphTenant)
        $shell = [powershell]::Create($runspace)
        $null = $shell.AddScript({
                param($StandIn, $Manifest, $Plan, $Journal)
                . $StandIn
                Import-Module $Manifest
                $Plan | Invoke-HardMatchPlan -JournalPath $Journal -Force -InformationAction SilentlyContinue
            }).AddArgument((Join-Path $PSScriptRoot 'support/GraphStandIn.ps1')).AddArgument($ModuleManifest).AddArgument($plan).AddArgument($journal)
        $async = $shell.BeginInvoke()
        $deadline = [datetime]::UtcNow.AddSeconds(60)
        while ($global:GraphTenant.Requests.Count -lt 1 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        $global:GraphTenant.Requests.Count | Should -Be 1 -Because 'the first request got the 429'
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $shell.Stop()
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 30 -Because 'the 300 s Retry-After is not waited out'
        $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        $global:GraphTenant.Patches | Should -Be 0
        $shell.Dispose(); $runspace.Dispose()
    }

    It 'keeps Graph''s error details (the conflicting object) in Detail when Graph refuses the write (4xx: Failed)' {
        $plan = New-TestPlan 'ann' 'c1'
        $global:GraphTenant.Faults.Enqueue('race')
        $result = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -ErrorVariable errors -ErrorAction SilentlyContinue -InformationAction SilentlyContinue
        $result.State | Should -Be 'Failed'
        $result.Code | Should -Be 'Request_BadRequest'
        $result.Detail | Should -Match 'same value for property onPremisesImmutableId'
        $result.Detail | Should -Match 'ObjectConflict on onPremisesImmutableId: Conflicting object: racer'
        $result.Detail | Should -Match 'request-id'
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'GraphRequestFailed,*'
        $global:GraphTenant.Users['c1'].onPremisesImmutableId | Should -BeNullOrEmpty
        (Get-TestJournal $journal)[2].outcome | Should -Be 'Failed'
    }

    It 'reports a 503 the client saw as Unknown, not refused, and never retries the PATCH blindly' {
        $plan = New-TestPlan 'ann', 'bob' 'c1', 'c2'
        $global:GraphTenant.Faults.Enqueue('503')
        $results = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -WarningVariable warned -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        $results.State | Should -Be @('Unknown', 'Set')
        $results[0].Code | Should -Be 'NotYetVisible'
        $results[0].Detail | Should -Match 'HTTP 503'
        @($global:GraphTenant.Requests | Where-Object { $_ -like 'PATCH*' }).Count | Should -Be 2 -Because 'one PATCH each, no blind retry'
        @($warned | Where-Object Message -NotMatch 'this session runs is a function')[0].Message | Should -Match '-Resume'
    }

    It 'settles a write Graph applied while the client timed out (applied-then-timeout): Set, journalled Set' {
        $plan = New-TestPlan 'ann' 'c1'
        $global:GraphTenant.Faults.Enqueue('applied-timeout')
        $result = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $result.State | Should -Be 'Set'
        (Get-TestJournal $journal)[2].outcome | Should -Be 'Set'
    }

    It 'settles a write Graph applied while answering 504 (applied-then-504): Set' {
        $plan = New-TestPlan 'ann' 'c1'
        $global:GraphTenant.Faults.Enqueue('applied-504')
        ($plan | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue).State | Should -Be 'Set'
    }

    It 'reads again when the read-back is stale (eventual consistency): Set once the value shows' {
        $plan = New-TestPlan 'ann' 'c1'
        $global:GraphTenant.Faults.Enqueue('stale:2')
        $result = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $result.State | Should -Be 'Set'
        @($global:GraphTenant.Requests | Where-Object { $_ -like 'GET */users/c1?*' }).Count | Should -Be 4 -Because 'the re-check, then two stale reads and the one that shows it'
    }

    It 'calls a read-back that stays stale Unknown (not yet visible), never Failed; -Resume settles it as Set without writing again' {
        $plan = New-TestPlan 'ann' 'c1'
        $global:GraphTenant.Faults.Enqueue('stale:6')
        $result = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        $result.State | Should -Be 'Unknown'
        $result.Code | Should -Be 'NotYetVisible'
        $resumed = $plan | Invoke-HardMatchPlan -JournalPath $journal -Resume -Force -InformationAction SilentlyContinue
        $resumed.State | Should -Be 'Set'
        $resumed.Code | Should -Be 'Settled'
        $global:GraphTenant.Patches | Should -Be 1
        $records = Get-TestJournal $journal
        $records[-1].phase | Should -Be 'after'
        $records[-1].outcome | Should -Be 'Set'
        $records[-1].code | Should -Be 'SettledSet'
    }

    It 'settles a timeout that never reached Graph as NotSet on -Resume, and writes it then, once' {
        $plan = New-TestPlan 'ann', 'bob' 'c1', 'c2'
        $global:GraphTenant.Faults.Enqueue('timeout')
        $results = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        $results.State | Should -Be @('Unknown', 'Set')
        $resumed = $plan | Invoke-HardMatchPlan -JournalPath $journal -Resume -Force -InformationAction SilentlyContinue
        $resumed.State | Should -Be @('Set', 'AlreadyMatched')
        $global:GraphTenant.Patches | Should -Be 2
        (Get-TestJournal $journal | Where-Object { $_.userId -eq 'c1' -and $_.phase -eq 'after' }).outcome | Should -Be @('Unknown', 'NotSet', 'Set')
    }

    It 'reports a user deleted since the plan (404) with Graph''s code, journals nothing for it, and goes on' {
        $plan = New-TestPlan 'ann', 'bob' 'c1', 'c2'
        $global:GraphTenant.Users.Remove('c1')
        $results = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -ErrorVariable errors -ErrorAction SilentlyContinue -InformationAction SilentlyContinue
        $results.State | Should -Be @('Failed', 'Set')
        $results[0].Code | Should -Be 'Request_ResourceNotFound'
        $errors.Count | Should -Be 1
        (Get-TestJournal $journal | Where-Object userId -eq 'c1') | Should -BeNullOrEmpty
    }

    It 'refuses without a connection, naming Connect-MgGraph, and writes nothing' {
        $plan = New-TestPlan 'ann' 'c1'
        $global:GraphTenant = $null
        { $plan | Invoke-HardMatchPlan -JournalPath $journal -Force } | Should -Throw -ErrorId 'GraphNotConnected,*'
    }

    It 'refuses a plan made for another tenant (the Id of -TenantSetting), and writes nothing' {
        $cloud = [pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'ann@contoso.com'; OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }
        $setting = [pscustomobject]@{ Id = '99999999-0000-0000-0000-000000000000'; Features = [pscustomobject]@{ BlockCloudObjectTakeoverThroughHardMatchEnabled = $false } }
        $plan = [pscustomobject]@{ SamAccountName = 'ann'; CloudUserId = 'c1' } |
            New-HardMatchPlan -OnPremisesUser ([pscustomobject]@{ ObjectGUID = [guid]::NewGuid(); SamAccountName = 'ann' }) -CloudUser $cloud -TenantSetting $setting -WarningAction SilentlyContinue
        $plan.TenantId | Should -Be '99999999-0000-0000-0000-000000000000'
        { $plan | Invoke-HardMatchPlan -JournalPath $journal -Force } | Should -Throw -ErrorId 'PlanTenantMismatch,*'
        $global:GraphTenant.Patches | Should -Be 0
    }

    It 'refuses a connection without User.ReadWrite.All' {
        $plan = New-TestPlan 'ann' 'c1'
        $global:GraphTenant.Scopes = @('User.Read.All')
        { $plan | Invoke-HardMatchPlan -JournalPath $journal -Force } | Should -Throw -ErrorId 'GraphScopeMissing,*'
    }
}

Describe 'Invoke-HardMatchPlan -Resume' {
    BeforeEach {
        New-GraphTenant
        Add-GraphUser 'c1' 'ann@contoso.com'
        Add-GraphUser 'c2' 'bob@contoso.com'
        $script:journal = New-TestJournalPath 'resume'
    }
    AfterEach { Remove-Item $journal -ErrorAction SilentlyContinue }

    It 'refuses a journal of another plan (the head''s plan digest): -Resume continues the plan it began' {
        $null = New-TestPlan 'ann' 'c1' | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        { New-TestPlan 'ann', 'bob' 'c1', 'c2' | Invoke-HardMatchPlan -JournalPath $journal -Resume -Force -InformationAction SilentlyContinue } | Should -Throw -ErrorId 'JournalPlanMismatch,*'
        $global:GraphTenant.Patches | Should -Be 1
    }

    It 'refuses a journal of another tenant' {
        $plan = New-TestPlan 'ann' 'c1'
        $null = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $global:GraphTenant.TenantId = '99999999-0000-0000-0000-000000000000'
        { $plan | Invoke-HardMatchPlan -JournalPath $journal -Resume -Force -InformationAction SilentlyContinue } | Should -Throw -ErrorId 'JournalTenantMismatch,*'
    }

    It 'refuses a journal whose seal is broken, naming the line, and writes nothing' {
        $plan = New-TestPlan 'ann', 'bob' 'c1', 'c2'
        $global:GraphTenant.Faults.Enqueue('503')
        $null = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        (Get-Content -LiteralPath $journal -Raw).Replace('"outcome":"Unknown"', '"outcome":"Set"') | Set-Content -LiteralPath $journal -NoNewline
        { $plan | Invoke-HardMatchPlan -JournalPath $journal -Resume -Force -InformationAction SilentlyContinue } | Should -Throw -ErrorId 'JournalSealBroken,*' -ExpectedMessage '*line 3*'
        $global:GraphTenant.Patches | Should -Be 1
    }

    It 'reports users an Undo reverted as Undone, and does not stamp them again' {
        $plan = New-TestPlan 'ann', 'bob' 'c1', 'c2'
        $global:GraphTenant.Faults.Enqueue('')
        $global:GraphTenant.Faults.Enqueue('503')
        $null = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        (Undo-HardMatchPlan -JournalPath $journal -Force).State | Should -Be @('Restored', 'Restored')
        $resumed = $plan | Invoke-HardMatchPlan -JournalPath $journal -Resume -Force -InformationAction SilentlyContinue
        $resumed.State | Should -Be @('Undone', 'Set') -Because 'ann was written and undone; bob''s 503 never applied, so the run still owes it'
        $global:GraphTenant.Users['c1'].onPremisesImmutableId | Should -BeNullOrEmpty
    }
}

Describe 'Invoke-HardMatchPlan: a crash, then -Resume' {
    It 'keeps the previous value when the process dies between the journal and the PATCH, and resumes without writing twice' {
        $journal = New-TestJournalPath 'crash'
        $state = "$journal.state.json"
        $standIn = Join-Path $PSScriptRoot 'support/GraphStandIn.ps1'
        $helpers = Join-Path $PSScriptRoot 'support/HardMatchHelpers.ps1'
        New-GraphTenant
        Add-GraphUser 'c1' 'ann@contoso.com' 'b2xk'
        Add-GraphUser 'c2' 'bob@contoso.com'
        Save-GraphTenant $state
        $run = @"
. '$standIn'; . '$helpers'
Import-Module '$ModuleManifest'
Import-GraphTenant '$state'
`$plan = New-TestPlan 'ann', 'bob' 'c1', 'c2' -AllowReplace
`$global:GraphTenant.Faults.Enqueue('')
`$global:GraphTenant.Faults.Enqueue('crash')
`$plan | Invoke-HardMatchPlan -JournalPath '$journal' -Force -InformationAction SilentlyContinue
"@
        $null = Invoke-ChildPwsh -Command $run
        $records = Get-TestJournal $journal
        # ann written and journalled; bob's "before" is on disk, its PATCH never happened.
        ($records | Where-Object userId -eq 'c1').phase | Should -Be @('before', 'after')
        ($records | Where-Object userId -eq 'c1')[0].previousImmutableId | Should -Be 'b2xk'
        ($records | Where-Object userId -eq 'c2').phase | Should -Be 'before'

        Import-GraphTenant $state
        $global:GraphTenant.StatePath = $null
        $global:GraphTenant.Users['c1'].onPremisesImmutableId | Should -Be (Get-TestAnchor 1)
        # The same pairs, planned again from the tenant as it is now: the same plan digest.
        $global:GraphTenant.Users['c1'].onPremisesImmutableId = 'b2xk'
        $plan = New-TestPlan 'ann', 'bob' 'c1', 'c2' -AllowReplace
        $global:GraphTenant.Users['c1'].onPremisesImmutableId = Get-TestAnchor 1
        $results = $plan | Invoke-HardMatchPlan -JournalPath $journal -Resume -Force -InformationAction SilentlyContinue
        $results.State | Should -Be @('AlreadyMatched', 'Set')
        $global:GraphTenant.Patches | Should -Be 1 -Because 'ann was not written twice; bob''s pending write settled as not applied, then written'

        # Undo: both back to what the journal says they held before (b2xk is a new stamp: -Confirm:$false).
        $undone = Undo-HardMatchPlan -JournalPath $journal -Force -Confirm:$false -WarningAction SilentlyContinue
        @($undone | Where-Object State -eq 'Restored').Count | Should -Be 2
        $global:GraphTenant.Users['c1'].onPremisesImmutableId | Should -Be 'b2xk'
        $global:GraphTenant.Users['c2'].onPremisesImmutableId | Should -BeNullOrEmpty -Because 'an empty previous value is restored as JSON null'
        Remove-Item $journal, $state -ErrorAction SilentlyContinue
    }

    It 'resumes a crash after the PATCH without writing again: the pending write settles as Set' {
        $journal = New-TestJournalPath 'crash2'
        $state = "$journal.state.json"
        $standIn = Join-Path $PSScriptRoot 'support/GraphStandIn.ps1'
        $helpers = Join-Path $PSScriptRoot 'support/HardMatchHelpers.ps1'
        New-GraphTenant
        Add-GraphUser 'c1' 'ann@contoso.com'
        Save-GraphTenant $state
        $run = @"
. '$standIn'; . '$helpers'
Import-Module '$ModuleManifest'
Import-GraphTenant '$state'
`$global:GraphTenant.Faults.Enqueue('crash-after')
New-TestPlan 'ann' 'c1' | Invoke-HardMatchPlan -JournalPath '$journal' -Force -InformationAction SilentlyContinue
"@
        $null = Invoke-ChildPwsh -Command $run
        (Get-TestJournal $journal).phase | Should -Be @('head', 'before') -Because 'the process died after the PATCH, before the after record'
        New-GraphTenant
        Add-GraphUser 'c1' 'ann@contoso.com'
        $plan = New-TestPlan 'ann' 'c1'
        $global:GraphTenant.Users['c1'].onPremisesImmutableId = Get-TestAnchor 1
        $result = $plan | Invoke-HardMatchPlan -JournalPath $journal -Resume -Force -InformationAction SilentlyContinue
        $result.State | Should -Be 'Set'
        $result.Code | Should -Be 'Settled'
        $global:GraphTenant.Patches | Should -Be 0
        # The undo still knows the previous value (none) from the "before" record.
        $undone = Undo-HardMatchPlan -JournalPath $journal -Force
        $undone.State | Should -Be 'Restored'
        $global:GraphTenant.Users['c1'].onPremisesImmutableId | Should -BeNullOrEmpty
        Remove-Item $journal, $state -ErrorAction SilentlyContinue
    }
}
