# Invoke-HardMatchPlan and Undo-HardMatchPlan against the Graph stand-in (tests/pester/support):
# the write, the live re-check, every fault, the journal, resume and undo.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'support/GraphStandIn.ps1')
    Import-Module $ModuleManifest -Force

    function New-Plan {
        # One Set item per pair of (sAMAccountName, cloud id), planned against the stand-in's users.
        param([string[]] $Sam, [string[]] $CloudId)
        $ad = for ($i = 0; $i -lt $Sam.Count; $i++) { [pscustomobject]@{ DistinguishedName = "CN=$($Sam[$i]),DC=contoso,DC=com"; ObjectGUID = [guid]::new($i + 1, 7, 7, [byte[]](1, 2, 3, 4, 5, 6, 7, 8)); SamAccountName = $Sam[$i]; UserPrincipalName = "$($Sam[$i])@contoso.com"; isCriticalSystemObject = $null; msExchRecipientTypeDetails = $null; 'mS-DS-ConsistencyGuid' = $null } }
        $cloud = $global:GraphTenant.Users.Values | ForEach-Object { [pscustomobject]@{ Id = $_.id; UserPrincipalName = $_.userPrincipalName; OnPremisesImmutableId = $_.onPremisesImmutableId; OnPremisesSyncEnabled = $_.onPremisesSyncEnabled } }
        $rows = for ($i = 0; $i -lt $Sam.Count; $i++) { [pscustomobject]@{ SamAccountName = $Sam[$i]; CloudUserId = $CloudId[$i] } }
        $rows | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -WarningAction SilentlyContinue
    }
    function Get-Anchor([int] $Number) { [Convert]::ToBase64String([guid]::new($Number, 7, 7, [byte[]](1, 2, 3, 4, 5, 6, 7, 8)).ToByteArray()) }
}

Describe 'Invoke-HardMatchPlan' {
    BeforeEach {
        New-GraphTenant
        Add-GraphUser 'c1' 'ann@contoso.com'
        Add-GraphUser 'c2' 'bob@contoso.com'
        $script:journal = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-journal-$PID-$([guid]::NewGuid().ToString('N')).jsonl"
    }
    AfterEach { Remove-Item "$($journal -replace '\.jsonl$', '')*" -ErrorAction SilentlyContinue }

    It 'stamps each Set item, reads it back, and journals before and after' {
        $plan = New-Plan 'ann', 'bob' 'c1', 'c2'
        $results = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $results.State | Should -Be @('Set', 'Set')
        $global:GraphTenant.Users['c1'].onPremisesImmutableId | Should -Be (Get-Anchor 1)
        $records = Get-Content $journal | ConvertFrom-Json
        $records.phase | Should -Be @('before', 'after', 'before', 'after')
        $records[0].tenantId | Should -Be $global:GraphTenant.TenantId
    }

    It 'writes nothing with -WhatIf' {
        $plan = New-Plan 'ann' 'c1'
        $result = $plan | Invoke-HardMatchPlan -JournalPath $journal -WhatIf -InformationAction SilentlyContinue
        $result.State | Should -Be 'Skipped'
        $global:GraphTenant.Patches | Should -Be 0
        Test-Path $journal | Should -BeFalse
    }

    It 're-checks the live tenant: a user synchronized since the plan is Blocked, not written' {
        $plan = New-Plan 'ann' 'c1'
        $global:GraphTenant.Users['c1'].onPremisesSyncEnabled = $true
        $global:GraphTenant.Users['c1'].onPremisesImmutableId = 'c3luY2Vk'
        $result = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $result.State | Should -Be 'Blocked'
        $result.Code | Should -Be 'TargetSynchronized'
        $global:GraphTenant.Patches | Should -Be 0
    }

    It 're-checks the live tenant: an anchor another user took since the plan is Blocked ("Uniqueness violation" before it happens)' {
        $plan = New-Plan 'ann' 'c1'
        Add-GraphUser 'c9' 'late@contoso.com' (Get-Anchor 1)
        $result = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $result.State | Should -Be 'Blocked'
        $result.Code | Should -Be 'AnchorHeldByCloudUser'
    }

    It 'waits out a 429 by its Retry-After, and writes once' {
        $plan = New-Plan 'ann' 'c1'
        $global:GraphTenant.Faults.Enqueue('429')
        $result = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $result.State | Should -Be 'Set'
        $global:GraphTenant.Patches | Should -Be 1
    }

    It 'never retries a 4xx or a 503 that still reaches it: an error record with Graph''s code, and the run goes on' {
        $plan = New-Plan 'ann', 'bob' 'c1', 'c2'
        $global:GraphTenant.Faults.Enqueue('503')
        $results = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -ErrorVariable errors -ErrorAction SilentlyContinue -InformationAction SilentlyContinue
        $results.State | Should -Be @('Failed', 'Set')
        $results[0].Code | Should -Be 'ServiceUnavailable'
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'GraphRequestFailed,*'
        @($global:GraphTenant.Requests | Where-Object { $_ -like 'PATCH*' }).Count | Should -Be 2 -Because 'one PATCH each, no blind retry'
    }

    It 'reports a timeout for that item and goes on' {
        $plan = New-Plan 'ann', 'bob' 'c1', 'c2'
        $global:GraphTenant.Faults.Enqueue('timeout')
        $results = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -ErrorAction SilentlyContinue -InformationAction SilentlyContinue
        $results.State | Should -Be @('Failed', 'Set')
    }

    It 'reports a user deleted since the plan (404) with Graph''s code, and goes on' {
        $plan = New-Plan 'ann', 'bob' 'c1', 'c2'
        $global:GraphTenant.Users.Remove('c1')
        $results = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -ErrorVariable errors -ErrorAction SilentlyContinue -InformationAction SilentlyContinue
        $results.State | Should -Be @('Failed', 'Set')
        $results[0].Code | Should -Be 'Request_ResourceNotFound'
        $errors.Count | Should -Be 1
    }

    It 'reports Entra ID''s uniqueness refusal (observed text) when another user takes the anchor between the check and the write' {
        $plan = New-Plan 'ann' 'c1'
        $global:GraphTenant.Faults.Enqueue('race')
        $result = $plan | Invoke-HardMatchPlan -JournalPath $journal -Force -ErrorVariable errors -ErrorAction SilentlyContinue -InformationAction SilentlyContinue
        $result.State | Should -Be 'Failed'
        $result.Detail | Should -Match 'same value for property onPremisesImmutableId'
        $errors[0].Exception.Message | Should -Match 'Request_BadRequest'
        $global:GraphTenant.Users['c1'].onPremisesImmutableId | Should -BeNullOrEmpty
        (Get-Content $journal | ConvertFrom-Json)[0].previousImmutableId | Should -BeNullOrEmpty
    }

    It 'refuses without a connection, naming Connect-MgGraph, and writes nothing' {
        $plan = New-Plan 'ann' 'c1'
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
        $plan = New-Plan 'ann' 'c1'
        $global:GraphTenant.Scopes = @('User.Read.All')
        { $plan | Invoke-HardMatchPlan -JournalPath $journal -Force } | Should -Throw -ErrorId 'GraphScopeMissing,*'
    }
}

Describe 'Invoke-HardMatchPlan: a crash, then -Resume' {
    It 'keeps the previous value when the process dies between the journal and the PATCH, and resumes without writing twice' {
        $journal = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-crash-$PID.jsonl"
        $state = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-crash-$PID.json"
        Remove-Item $journal, $state -ErrorAction SilentlyContinue
        $standIn = Join-Path $PSScriptRoot 'support/GraphStandIn.ps1'
        $script = @"
. '$standIn'
Import-Module '$ModuleManifest'
New-GraphTenant
Add-GraphUser 'c1' 'ann@contoso.com' 'b2xk'
Add-GraphUser 'c2' 'bob@contoso.com'
`$plan = @(
    [pscustomobject]@{ SamAccountName = 'ann'; CloudUserId = 'c1' }
    [pscustomobject]@{ SamAccountName = 'bob'; CloudUserId = 'c2' }
) | New-HardMatchPlan -AllowReplace -WarningAction SilentlyContinue -CloudUser (`$global:GraphTenant.Users.Values | ForEach-Object { [pscustomobject]@{ Id = `$_.id; UserPrincipalName = `$_.userPrincipalName; OnPremisesImmutableId = `$_.onPremisesImmutableId; OnPremisesSyncEnabled = `$null } }) -OnPremisesUser @(
    [pscustomobject]@{ ObjectGUID = [guid]'35918bc9-196d-40ea-9779-889d79b753f0'; SamAccountName = 'ann' }
    [pscustomobject]@{ ObjectGUID = [guid]'0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'; SamAccountName = 'bob' })
`$global:GraphTenant.Faults.Enqueue('')
`$global:GraphTenant.Faults.Enqueue('crash')
Save-GraphTenant '$state'
`$plan | Invoke-HardMatchPlan -JournalPath '$journal' -Force -InformationAction SilentlyContinue
"@
        $null = Invoke-ChildPwsh -Command $script
        $records = @(Get-Content $journal | ConvertFrom-Json)
        # ann written and journalled; bob's "before" is on disk, its PATCH never happened.
        ($records | Where-Object userId -eq 'c1').phase | Should -Be @('before', 'after')
        ($records | Where-Object userId -eq 'c1')[0].previousImmutableId | Should -Be 'b2xk'
        ($records | Where-Object userId -eq 'c2').phase | Should -Be 'before'

        New-GraphTenant
        Add-GraphUser 'c1' 'ann@contoso.com' 'yYuRNW0Z6kCXeYidebdT8A=='
        Add-GraphUser 'c2' 'bob@contoso.com'
        $plan = @(
            [pscustomobject]@{ SamAccountName = 'ann'; CloudUserId = 'c1' }
            [pscustomobject]@{ SamAccountName = 'bob'; CloudUserId = 'c2' }
        ) | New-HardMatchPlan -AllowReplace -WarningAction SilentlyContinue -CloudUser ([pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'ann@contoso.com'; OnPremisesImmutableId = 'b2xk'; OnPremisesSyncEnabled = $null }, [pscustomobject]@{ Id = 'c2'; UserPrincipalName = 'bob@contoso.com'; OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }) -OnPremisesUser @(
            [pscustomobject]@{ ObjectGUID = [guid]'35918bc9-196d-40ea-9779-889d79b753f0'; SamAccountName = 'ann' }
            [pscustomobject]@{ ObjectGUID = [guid]'0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'; SamAccountName = 'bob' })
        $results = $plan | Invoke-HardMatchPlan -JournalPath $journal -Resume -Force -InformationAction SilentlyContinue
        $results.State | Should -Be @('AlreadyMatched', 'Set')
        $global:GraphTenant.Patches | Should -Be 1 -Because 'ann was not written twice'

        # Undo: both back to what the journal says they held before.
        $undone = Undo-HardMatchPlan -JournalPath $journal -Force
        @($undone | Where-Object State -eq 'Restored').Count | Should -Be 2
        $global:GraphTenant.Users['c1'].onPremisesImmutableId | Should -Be 'b2xk'
        $global:GraphTenant.Users['c2'].onPremisesImmutableId | Should -BeNullOrEmpty -Because 'an empty previous value is restored as JSON null'
        Remove-Item "$($journal -replace '\.jsonl$', '')*", $state -ErrorAction SilentlyContinue
    }
}

Describe 'Invoke-HardMatchPlan: a crash after the PATCH' {
    It 'resumes without writing again: the live value is already the new one' {
        $journal = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-crash2-$PID.jsonl"
        Remove-Item $journal -ErrorAction SilentlyContinue
        $standIn = Join-Path $PSScriptRoot 'support/GraphStandIn.ps1'
        $state = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-crash2-$PID.json"
        $script = @"
. '$standIn'
Import-Module '$ModuleManifest'
New-GraphTenant
Add-GraphUser 'c1' 'ann@contoso.com'
`$plan = [pscustomobject]@{ SamAccountName = 'ann'; CloudUserId = 'c1' } | New-HardMatchPlan -WarningAction SilentlyContinue -CloudUser ([pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'ann@contoso.com'; OnPremisesImmutableId = `$null; OnPremisesSyncEnabled = `$null }) -OnPremisesUser ([pscustomobject]@{ ObjectGUID = [guid]'35918bc9-196d-40ea-9779-889d79b753f0'; SamAccountName = 'ann' })
`$global:GraphTenant.Faults.Enqueue('crash-after')
`$plan | Invoke-HardMatchPlan -JournalPath '$journal' -Force -InformationAction SilentlyContinue
"@
        $null = Invoke-ChildPwsh -Command $script
        (Get-Content $journal | ConvertFrom-Json).phase | Should -Be 'before' -Because 'the process died after the PATCH, before the after record'
        New-GraphTenant
        Add-GraphUser 'c1' 'ann@contoso.com' 'yYuRNW0Z6kCXeYidebdT8A=='
        $plan = [pscustomobject]@{ SamAccountName = 'ann'; CloudUserId = 'c1' } | New-HardMatchPlan -WarningAction SilentlyContinue -CloudUser ([pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'ann@contoso.com'; OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }) -OnPremisesUser ([pscustomobject]@{ ObjectGUID = [guid]'35918bc9-196d-40ea-9779-889d79b753f0'; SamAccountName = 'ann' })
        $result = $plan | Invoke-HardMatchPlan -JournalPath $journal -Resume -Force -InformationAction SilentlyContinue
        $result.State | Should -Be 'AlreadyMatched'
        $global:GraphTenant.Patches | Should -Be 0
        # The undo still knows the previous value (none) from the "before" record.
        $undone = Undo-HardMatchPlan -JournalPath $journal -Force
        $undone.State | Should -Be 'Restored'
        $global:GraphTenant.Users['c1'].onPremisesImmutableId | Should -BeNullOrEmpty
        Remove-Item "$($journal -replace '\.jsonl$', '')*", $state -ErrorAction SilentlyContinue
    }
}

Describe 'Undo-HardMatchPlan' {
    It 'leaves alone a value that changed since the run wrote it, and restores the others' {
        New-GraphTenant
        Add-GraphUser 'c1' 'ann@contoso.com'
        Add-GraphUser 'c2' 'bob@contoso.com' 'b2xk'
        $journal = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-undo-$PID.jsonl"
        Remove-Item "$journal*" -ErrorAction SilentlyContinue
        $written = @([pscustomobject]@{ SamAccountName = 'ann'; CloudUserId = 'c1' }, [pscustomobject]@{ SamAccountName = 'bob'; CloudUserId = 'c2' }) |
            New-HardMatchPlan -AllowReplace -WarningAction SilentlyContinue -OnPremisesUser ([pscustomobject]@{ ObjectGUID = [guid]::new(1, 7, 7, [byte[]](1, 2, 3, 4, 5, 6, 7, 8)); SamAccountName = 'ann' }, [pscustomobject]@{ ObjectGUID = [guid]::new(2, 7, 7, [byte[]](1, 2, 3, 4, 5, 6, 7, 8)); SamAccountName = 'bob' }) `
                -CloudUser ([pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'ann@contoso.com'; OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }, [pscustomobject]@{ Id = 'c2'; UserPrincipalName = 'bob@contoso.com'; OnPremisesImmutableId = 'b2xk'; OnPremisesSyncEnabled = $null }) |
            Invoke-HardMatchPlan -JournalPath $journal -Force -InformationAction SilentlyContinue
        $written.State | Should -Be @('Set', 'Set')
        $global:GraphTenant.Users['c1'].onPremisesImmutableId = 'Y2hhbmdlZA=='
        $undone = $written | Undo-HardMatchPlan -Force
        ($undone | Where-Object UserId -eq 'c1').State | Should -Be 'Changed'
        ($undone | Where-Object UserId -eq 'c2').State | Should -Be 'Restored'
        $global:GraphTenant.Users['c1'].onPremisesImmutableId | Should -Be 'Y2hhbmdlZA=='
        $global:GraphTenant.Users['c2'].onPremisesImmutableId | Should -Be 'b2xk'
        Remove-Item "$($journal -replace '\.jsonl$', '')*" -ErrorAction SilentlyContinue
    }
}
