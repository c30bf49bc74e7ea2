# Invoke-SyncAssessment: readiness, the plan and the hard-match candidates of one input, written
# into one folder, summarised, returned as the files; the same as running the steps by hand.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force
    $examples = Join-Path $PSScriptRoot '../../examples'
    $adFile = Join-Path $examples 'ad-users.csv'
    $cloudFile = Join-Path $examples 'cloud-users.csv'
    $common = @{ VerifiedDomain = 'contoso.com', 'contoso.onmicrosoft.com'; PrivilegedUser = 'grace.green@contoso.com'; WarningAction = 'SilentlyContinue'; ErrorAction = 'SilentlyContinue' }
}

Describe 'Invoke-SyncAssessment' {
    It 'writes the report and three CSVs from the example export files, and returns them' {
        $folder = Join-Path $TestDrive 'assessment'
        $files = Invoke-SyncAssessment -OnPremisesUser $adFile -CloudUser $cloudFile -OutputPath $folder @common -InformationVariable said -InformationAction SilentlyContinue
        @($files).Count | Should -Be 4
        ($files | Sort-Object Kind).Kind | Should -Be @('Findings', 'HardMatchCandidates', 'Plan', 'Report')
        foreach ($file in $files) { Test-Path $file.FullName | Should -BeTrue }
        # The same as the steps by hand, on the rows as objects.
        $plan = Import-Csv $adFile | Test-SoftMatch -CloudUser (Import-Csv $cloudFile) @common
        $findings = Import-Csv $adFile | Test-SyncReadiness -VerifiedDomain contoso.com, contoso.onmicrosoft.com -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $planFile = $files | Where-Object Kind -eq 'Plan'
        $planFile.Rows | Should -Be @($plan).Count
        @(Import-Csv $planFile.FullName).Count | Should -Be @($plan).Count
        @(Import-Csv $planFile.FullName | ForEach-Object { "$($_.Identity -replace "^'", '')|$($_.Reason)" }) | Should -Be @($plan | ForEach-Object { "$($_.Identity)|$($_.Reason)" })
        ($files | Where-Object Kind -eq 'Findings').Rows | Should -Be @($findings).Count
        # Candidates: every user a soft match joins or duplicates, with its target.
        $candidates = @($plan | Where-Object { $_.CloudObjectId -and (($_.Outcome -eq 'Join' -and $_.MatchType -ne 'Hard') -or $_.Outcome -eq 'Duplicate') })
        ($files | Where-Object Kind -eq 'HardMatchCandidates').Rows | Should -Be $candidates.Count
        # The summary says what happens and what to fix first.
        $text = ($said | ForEach-Object { "$($_.MessageData)" }) -join "`n"
        $text | Should -Match "Join $(@($plan | Where-Object Outcome -eq 'Join').Count) \| Create $(@($plan | Where-Object Outcome -eq 'Create').Count)"
        $text | Should -Match 'Fix first: '
        $text | Should -Match ([regex]::Escape((Join-Path $folder 'report.html')))
    }

    It 'says the same future UPN in hardmatch-candidates.csv as in plan.csv (issue 21: a .local user''s is the .onmicrosoft.com one in both)' {
        $folder = Join-Path $TestDrive 'upn'
        $files = Invoke-SyncAssessment -OnPremisesUser $adFile -CloudUser $cloudFile -OutputPath $folder @common -InformationAction SilentlyContinue
        $planned = @{}
        # A user plan.csv sees join its target keeps its UPN story after the stamp; one it sees
        # duplicated gets a replaced UPN only because it does not join, which the stamp changes.
        Import-Csv ($files | Where-Object Kind -eq 'Plan').FullName | Where-Object Outcome -eq 'Join' |
            ForEach-Object { $planned[$_.Identity -replace "^'", ''] = $_.PredictedUserPrincipalName }
        $candidates = @(Import-Csv ($files | Where-Object Kind -eq 'HardMatchCandidates').FullName | Where-Object { $planned.ContainsKey(($_.Identity -replace "^'", '')) })
        $candidates.Count | Should -BeGreaterThan 0
        foreach ($candidate in $candidates) {
            $candidate.PredictedUserPrincipalName | Should -Be $planned[$candidate.Identity -replace "^'", ''] -Because $candidate.Identity
        }
        @($candidates | Where-Object PredictedUserPrincipalName -like '*@contoso.onmicrosoft.com').Count | Should -BeGreaterThan 0 -Because 'the example has .local users'
    }

    It 'gives the same plan from objects as from the export files' {
        $fromFiles = Invoke-SyncAssessment -OnPremisesUser $adFile -CloudUser $cloudFile -OutputPath (Join-Path $TestDrive 'files') @common -InformationAction Ignore
        $fromObjects = Invoke-SyncAssessment -OnPremisesUser (Import-Csv $adFile) -CloudUser (Import-Csv $cloudFile) -OutputPath (Join-Path $TestDrive 'objects') @common -InformationAction Ignore
        $a = Import-Csv ($fromFiles | Where-Object Kind -eq 'Plan').FullName | ForEach-Object { "$($_.Identity)|$($_.Outcome)|$($_.Reason)|$($_.CloudObjectId)" }
        $b = Import-Csv ($fromObjects | Where-Object Kind -eq 'Plan').FullName | ForEach-Object { "$($_.Identity)|$($_.Outcome)|$($_.Reason)|$($_.CloudObjectId)" }
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
        $files = Invoke-SyncAssessment -OnPremisesUser $adFile -CloudUser @() -OutputPath $folder @common -InformationAction SilentlyContinue
        @($files).Count | Should -Be 4
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
        $files = Invoke-SyncAssessment -OnPremisesUser $adFile -CloudUser $cloudFile -OutputPath $folder @common -InformationAction SilentlyContinue
        $header = (Get-Content -LiteralPath ($files | Where-Object Kind -eq 'HardMatchCandidates').FullName -First 1) -replace '^\uFEFF', ''
        $columns = $header.Split(',') | ForEach-Object { $_.Trim('"') }
        $columns | Should -Contain 'CloudUserId'
        $columns | Should -Contain 'ImmutableId'
        foreach ($alias in 'UserId', 'OnPremisesImmutableId', 'UserPrincipalName') { $columns | Should -Not -Contain $alias }
        $item = [pscustomobject]@{ Username = 'ppeters'; UserPrincipalName = 'peggy.peters@contoso.com' } | New-HardMatchPlan -OnPremisesUser (Import-DirectoryExport $adFile) -CloudUser (Import-DirectoryExport $cloudFile) -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $item.UserId | Should -Be $item.CloudUserId
    }
}
