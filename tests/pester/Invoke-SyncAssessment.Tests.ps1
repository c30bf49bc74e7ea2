# Invoke-SyncAssessment: readiness, the plan and the hard-match candidates of one input, written
# into one folder, summarised, returned as one summary object; the same as running the steps by hand.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force
    $examples = Join-Path $PSScriptRoot '../../examples'
    $adFile = Join-Path $examples 'ad-users.csv'
    $cloudFile = Join-Path $examples 'cloud-users.csv'
    $common = @{ VerifiedDomain = 'contoso.com', 'contoso.onmicrosoft.com'; PrivilegedUser = 'grace.green@contoso.com'; WarningAction = 'SilentlyContinue'; ErrorAction = 'SilentlyContinue' }
}

Describe 'Invoke-SyncAssessment' {
    It 'writes the report and three CSVs from the example export files, and returns one summary of them' {
        $folder = Join-Path $TestDrive 'assessment'
        $assessment = Invoke-SyncAssessment -OnPremisesUser $adFile -CloudUser $cloudFile -OutputPath $folder @common -InformationVariable said -InformationAction SilentlyContinue
        @($assessment).Count | Should -Be 1
        $assessment | Should -BeOfType ([SyncMatch.SyncAssessment])
        @($assessment.Files).Count | Should -Be 5
        ($assessment.Files | ForEach-Object Name) | Should -Be @('report.html', 'findings.csv', 'plan.csv', 'hardmatch-candidates.csv', 'assessment.xlsx')
        foreach ($file in $assessment.Files) { Test-Path $file.FullName | Should -BeTrue }
        # The same as the steps by hand, on the rows as objects.
        $plan = Import-Csv $adFile | Test-SoftMatch -CloudUser (Import-Csv $cloudFile) @common
        $findings = Import-Csv $adFile | Test-SyncReadiness -VerifiedDomain contoso.com, contoso.onmicrosoft.com -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $assessment.OnPremisesUsers | Should -Be @($plan).Count
        @(Import-Csv $assessment.Plan.FullName).Count | Should -Be @($plan).Count
        @(Import-Csv $assessment.Plan.FullName | ForEach-Object { "$($_.Identity -replace "^'", '')|$($_.Reason)" }) | Should -Be @($plan | ForEach-Object { "$($_.Identity)|$($_.Reason)" })
        $assessment.ReadinessFindings | Should -Be @($findings).Count
        foreach ($outcome in 'Join', 'Create', 'Duplicate', 'Error', 'Skipped', 'Restore') {
            $assessment.$outcome | Should -Be @($plan | Where-Object Outcome -eq $outcome).Count -Because $outcome
        }
        # The summary says what happens and what to do first.
        $text = ($said | ForEach-Object { "$($_.MessageData)" }) -join "`n"
        $text | Should -Match "Join $($assessment.Join) \| Create $($assessment.Create)"
        $text | Should -Match 'Fix first \(users, each counted once\): '
        $text | Should -Match ([regex]::Escape((Join-Path $folder 'report.html')))
    }

    It 'lists as hard-match candidates only users a hard match fixes: duplicated beside, or created although resembling, a known cloud user' {
        $folder = Join-Path $TestDrive 'candidates'
        $assessment = Invoke-SyncAssessment -OnPremisesUser $adFile -CloudUser $cloudFile -OutputPath $folder @common -InformationVariable said -InformationAction SilentlyContinue
        $plan = Import-Csv $adFile | Test-SoftMatch -CloudUser (Import-Csv $cloudFile) @common
        # Docs: a soft match joins on its own; a duplicate (InvalidSoftMatch, soft match blocked)
        # or a created user resembling a cloud user (PossibleDuplicate) is what a hard match fixes.
        $expected = @($plan | Where-Object { $_.ObjectType -eq 'User' -and $_.CloudObjectId -and ($_.Outcome -eq 'Duplicate' -or ($_.Outcome -eq 'Create' -and $_.Warnings.Code -contains 'PossibleDuplicate')) })
        $expected.Count | Should -BeGreaterThan 1
        $rows = @(Import-Csv $assessment.HardMatchCandidates.FullName)
        @($rows | ForEach-Object { $_.Identity -replace "^'", '' } | Sort-Object) | Should -Be @($expected.Identity | Sort-Object)
        $assessment.HardMatchCandidateCount | Should -Be $expected.Count
        $softMatched = @($plan | Where-Object { $_.Outcome -eq 'Join' -and $_.MatchType -ne 'Hard' }).Identity
        $softMatched.Count | Should -BeGreaterThan 0
        foreach ($row in $rows) { $softMatched | Should -Not -Contain ($row.Identity -replace "^'", '') }
        # Never a group or contact; an admin-role conflict is told to remove the roles first.
        $others = @($plan | Where-Object ObjectType -ne 'User').Identity
        $others.Count | Should -BeGreaterThan 0 -Because 'the example has a group and a contact'
        foreach ($row in $rows) { $others | Should -Not -Contain ($row.Identity -replace "^'", '') }
        $admin = @($plan | Where-Object Reason -eq 'AdminRoleConflict')
        $admin.Count | Should -Be 1
        $rows.Identity | Should -Not -Contain $admin[0].Identity
        $assessment.AdminRoleConflicts | Should -Be 1
        (($said | ForEach-Object { "$($_.MessageData)" }) -join "`n") | Should -Match 'Remove the admin roles first: 1 user '
    }

    It 'says the future UPN of a .local candidate: the .onmicrosoft.com one (issue 21), as the plan does' {
        $folder = Join-Path $TestDrive 'upn'
        $assessment = Invoke-SyncAssessment -OnPremisesUser $adFile -CloudUser $cloudFile -OutputPath $folder @common -InformationAction SilentlyContinue
        $peggy = Import-Csv $assessment.HardMatchCandidates.FullName | Where-Object Identity -like 'CN=Peggy Peters,*'
        $peggy.Action | Should -Be 'Set'
        $peggy.PredictedUserPrincipalName | Should -BeLike '*@contoso.onmicrosoft.com'
    }

    It 'reports each bad row once, not once per step' {
        $folder = Join-Path $TestDrive 'errors'
        $null = Invoke-SyncAssessment -OnPremisesUser $adFile -CloudUser $cloudFile -OutputPath $folder @common -InformationAction SilentlyContinue -ErrorVariable errors
        # The example's two unreadable rows (Windows PowerShell's Export-Csv type names).
        @($errors).Count | Should -Be 2
        @($errors | Where-Object { "$_" -match 'line 16:' }).Count | Should -Be 1
        @($errors | Where-Object { "$_" -match 'line 28:' }).Count | Should -Be 1
    }

    It 'gives the same plan from objects as from the export files' {
        $fromFiles = Invoke-SyncAssessment -OnPremisesUser $adFile -CloudUser $cloudFile -OutputPath (Join-Path $TestDrive 'files') @common -InformationAction Ignore
        $fromObjects = Invoke-SyncAssessment -OnPremisesUser (Import-Csv $adFile) -CloudUser (Import-Csv $cloudFile) -OutputPath (Join-Path $TestDrive 'objects') @common -InformationAction Ignore
        $a = Import-Csv $fromFiles.Plan.FullName | ForEach-Object { "$($_.Identity)|$($_.Outcome)|$($_.Reason)|$($_.CloudObjectId)" }
        $b = Import-Csv $fromObjects.Plan.FullName | ForEach-Object { "$($_.Identity)|$($_.Outcome)|$($_.Reason)|$($_.CloudObjectId)" }
        $a | Should -Be $b
    }

    It 'writes nothing with -WhatIf' {
        $folder = Join-Path $TestDrive 'whatif'
        $null = Invoke-SyncAssessment -OnPremisesUser $adFile -CloudUser $cloudFile -OutputPath $folder @common -WhatIf
        Test-Path $folder | Should -BeFalse
    }

    It 'stops with the step''s own refusal when a whole step is refused' {
        { Invoke-SyncAssessment -OnPremisesUser $adFile -CloudUser $null -OutputPath (Join-Path $TestDrive 'null') @common } | Should -Throw -ErrorId 'CloudUserNull*'
    }
}

Describe 'Invoke-SyncAssessment tells the truth about its input (issue 23)' {
    It 'stops before writing anything when an input path <Case> (InputPathUnreadable), and names it' -ForEach @(
        @{ Case = 'is a typo'; Make = { param($d) Join-Path $d 'ad-userz.csv' } }
        @{ Case = 'is a directory'; Make = { param($d) $d } }
        @{ Case = 'is an empty file'; Make = { param($d) $p = Join-Path $d 'empty.csv'; [IO.File]::WriteAllText($p, ''); $p } }
    ) {
        $work = New-Item -ItemType Directory -Path (Join-Path $TestDrive ([guid]::NewGuid())) -Force
        $path = & $Make $work.FullName
        $folder = Join-Path $TestDrive ([guid]::NewGuid())
        # -ErrorAction Stop would stop at the reader's own error (ExportNotFound…) first: the
        # terminating InputPathUnreadable comes whatever the preference.
        { Invoke-SyncAssessment -OnPremisesUser $path -CloudUser $cloudFile -OutputPath $folder @common -InformationAction SilentlyContinue } |
            Should -Throw -ErrorId 'InputPathUnreadable,*'
        Test-Path $folder | Should -BeFalse -Because 'no report of a directory that was not read'
        { Invoke-SyncAssessment -OnPremisesUser $adFile -CloudUser $path -OutputPath $folder @common -InformationAction SilentlyContinue -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'InputPathUnreadable,*'
        Test-Path $folder | Should -BeFalse
    }

    It 'keeps an explicit @() as an empty tenant' {
        $folder = Join-Path $TestDrive 'empty-tenant'
        $assessment = Invoke-SyncAssessment -OnPremisesUser $adFile -CloudUser @() -OutputPath $folder @common -InformationAction SilentlyContinue
        foreach ($file in $assessment.Files) { Test-Path $file.FullName | Should -BeTrue }
        $assessment.Join | Should -Be 0
    }
}

Describe 'Invoke-SyncAssessment -Verbose (issue 23)' {
    It 'passes -Verbose to its steps: their accounting is on its verbose stream' {
        $folder = Join-Path $TestDrive 'verbose'
        $lines = Invoke-SyncAssessment -OnPremisesUser $adFile -CloudUser $cloudFile -OutputPath $folder @common -InformationAction SilentlyContinue -Verbose 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message
        ($lines -join "`n") | Should -Match 'Checked \d+ objects'
        ($lines -join "`n") | Should -Match 'Predicted \d+ on-premises users'
        $quiet = Invoke-SyncAssessment -OnPremisesUser $adFile -CloudUser $cloudFile -OutputPath (Join-Path $TestDrive 'quiet') @common -InformationAction SilentlyContinue 4>&1 |
            Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $quiet | Should -BeNullOrEmpty
    }
}

Describe 'hardmatch-candidates.csv (issue 23)' {
    It 'has no column that repeats another under a write cmdlet''s parameter name; the plan items keep them' {
        $folder = Join-Path $TestDrive 'columns'
        $assessment = Invoke-SyncAssessment -OnPremisesUser $adFile -CloudUser $cloudFile -OutputPath $folder @common -InformationAction SilentlyContinue
        $header = (Get-Content -LiteralPath $assessment.HardMatchCandidates.FullName -First 1) -replace '^\uFEFF', ''
        $columns = $header.Split(',') | ForEach-Object { $_.Trim('"') }
        $columns | Should -Contain 'CloudUserId'
        $columns | Should -Contain 'ImmutableId'
        foreach ($alias in 'UserId', 'OnPremisesImmutableId', 'UserPrincipalName') { $columns | Should -Not -Contain $alias }
        $item = [pscustomobject]@{ Username = 'ppeters'; UserPrincipalName = 'peggy.peters@contoso.com' } | New-HardMatchPlan -OnPremisesUser (Import-DirectoryExport $adFile) -CloudUser (Import-DirectoryExport $cloudFile) -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $item.UserId | Should -Be $item.CloudUserId
    }
}
