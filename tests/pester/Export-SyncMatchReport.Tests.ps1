# Export-SyncMatchReport: one self-contained page, every value encoded; checked in headless
# Chromium (tests/browser: PuppeteerSharp driving Debian's chromium) on the example data, on a
# report with hostile values, and on 100,000 rows.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force
    $examples = Join-Path $PSScriptRoot '../../examples'
    $probe = Join-Path $PSScriptRoot '../../out/browser/ReportProbe.dll'
    function Invoke-ReportProbe([string] $Report, [string[]] $More = @()) {
        $json = & dotnet $probe $Report @More
        if ($LASTEXITCODE -ne 0) { throw "ReportProbe failed on $Report" }
        $json | ConvertFrom-Json
    }
    $plan = Import-Csv (Join-Path $examples 'ad-users.csv') |
        Test-SoftMatch -CloudUser (Import-Csv (Join-Path $examples 'cloud-users.csv')) -PrivilegedUser grace.green@contoso.com -VerifiedDomain contoso.com, contoso.onmicrosoft.com -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
    $findings = Import-Csv (Join-Path $examples 'ad-users.csv') |
        Test-SyncReadiness -VerifiedDomain contoso.com, contoso.onmicrosoft.com -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
}

Describe 'Export-SyncMatchReport' {
    It 'writes one page that loads nothing from anywhere' {
        $path = Join-Path $TestDrive 'report.html'
        @($findings) + @($plan) | Export-SyncMatchReport -Path $path
        $html = Get-Content -Raw $path
        $html | Should -Match '<!DOCTYPE html>'
        $html | Should -Match "default-src 'none'"
        $html | Should -Not -Match '(src|href)\s*=\s*"(https?:)?//'
        $html | Should -Match '<svg'
    }

    It 'leaves out what it cannot show, with an error for each such input' {
        $path = Join-Path $TestDrive 'mixed.html'
        @($plan[0], 'not a result', 42) | Export-SyncMatchReport -Path $path -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 2
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'UnsupportedReportInput,*'
        Test-Path $path | Should -BeTrue
    }

    It 'writes nothing with -WhatIf, and refuses to overwrite with -NoClobber' {
        $path = Join-Path $TestDrive 'whatif.html'
        $plan | Export-SyncMatchReport -Path $path -WhatIf
        Test-Path $path | Should -BeFalse
        $plan | Export-SyncMatchReport -Path $path
        { $plan | Export-SyncMatchReport -Path $path -NoClobber -ErrorAction Stop } | Should -Throw -ErrorId 'ReportExists,*'
    }
}

Describe 'The report in a browser' {
    It 'loads without console errors; its counts are the input''s; filtering by a reason leaves exactly those rows' {
        $path = Join-Path $TestDrive 'browser.html'
        @($findings) + @($plan) | Export-SyncMatchReport -Path $path
        $reason = ($plan | Group-Object Reason | Sort-Object Count -Descending | Select-Object -First 1).Name
        $seen = Invoke-ReportProbe $path @('--filter', "plan=$reason")
        $seen.consoleErrors | Should -BeNullOrEmpty
        $seen.dialogs | Should -BeNullOrEmpty
        $seen.headerCounts.plan | Should -Be @($plan).Count
        $seen.headerCounts.findings | Should -Be @($findings).Count
        $seen.shown.plan | Should -Be @($plan).Count
        $seen.filtered.shown | Should -Be @($plan | Where-Object Reason -eq $reason).Count
        $seen.filtered.reasons | Should -Be @($reason)
    }

    It 'shows hostile directory values as text' {
        $hostile = '<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', '</script><script>alert(3)</script>'
        $users = for ($i = 0; $i -lt $hostile.Count; $i++) {
            [pscustomobject]@{ SamAccountName = "x$i"; UserPrincipalName = "x$i@contoso.com"; displayName = $hostile[$i]; DistinguishedName = "CN=$($hostile[$i]),DC=contoso,DC=com"; mail = "x$i@contoso.com" }
        }
        $path = Join-Path $TestDrive 'hostile.html'
        $users | Test-SoftMatch -CloudUser @() -PrivilegedUser @() -WarningAction SilentlyContinue -ErrorAction SilentlyContinue |
            Export-SyncMatchReport -Path $path -Title '<b>title</b>' -Setting @{ '<i>k</i>' = '<img src=x onerror=alert(4)>' }
        $seen = Invoke-ReportProbe $path
        $seen.dialogs | Should -BeNullOrEmpty
        $seen.consoleErrors | Should -BeNullOrEmpty
        $seen.injected | Should -Be 0
        foreach ($value in $hostile) { $seen.cellTexts | Should -Contain "CN=$value,DC=contoso,DC=com" }
    }

    It 'shows every value as the objects hold it (a row''s repeated texts are carried once and put back exactly)' {
        $path = Join-Path $TestDrive 'exact.html'
        @($findings) + @($plan) | Export-SyncMatchReport -Path $path
        $seen = Invoke-ReportProbe $path
        foreach ($result in $plan) {
            $seen.cellTexts | Should -Contain $result.Detail
            $seen.cellTexts | Should -Contain $result.Identity
            if ($result.PredictedUserPrincipalName) { $seen.cellTexts | Should -Contain $result.PredictedUserPrincipalName }
        }
        foreach ($finding in $findings) { $seen.cellTexts | Should -Contain $finding.Message }
    }
}

Describe 'What to do first (issue 23)' {
    BeforeAll {
        $folder = Join-Path $TestDrive 'first'
        $assessment = Invoke-SyncAssessment -OnPremisesUser (Join-Path $examples 'ad-users.csv') -CloudUser (Join-Path $examples 'cloud-users.csv') -VerifiedDomain contoso.com, contoso.onmicrosoft.com `
            -PrivilegedUser grace.green@contoso.com -OutputPath $folder -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -InformationAction Ignore
        $script:steps = @((Invoke-ReportProbe $assessment.Report.FullName @('--first')).first)
        $script:rows = @{
            findings  = @(Import-Csv $assessment.Findings.FullName)
            plan      = @(Import-Csv $assessment.Plan.FullName)
            hardmatch = @(Import-Csv $assessment.HardMatchCandidates.FullName)
        }
    }

    It 'counts each user once: the steps'' users add up to the users with an error or warning' {
        $steps.Count | Should -BeGreaterThan 3
        $listed = @($steps | ForEach-Object { [int]($_.users -replace '[^0-9]', '') } | Measure-Object -Sum).Sum
        # Users any table lists with an error or a warning (the example has fewer than 20 steps).
        $flagged = @($rows.findings.Identity) + @($rows.plan | Where-Object { $_.Outcome -notin 'Join', 'Create', 'CloudOnly' -or $_.Warnings } | ForEach-Object Identity) +
            @($rows.hardmatch | Where-Object { $_.Action -eq 'Blocked' -or $_.Warnings } | ForEach-Object Identity)
        $listed | Should -Be @($flagged | ForEach-Object { $_ -replace "^'", '' } | Sort-Object -Unique).Count
        # The example's TargetAnchored users are Blocked in the hard-match table too: counted once.
        @($steps | Where-Object reason -eq 'TargetHasImmutableId').Count | Should -Be 0
    }

    It 'names a warning step''s warning, with that warning''s own message as its example' {
        $warned = @($steps | Where-Object warning)
        $warned.Count | Should -BeGreaterThan 0
        foreach ($step in $warned) {
            $step.text | Should -Match "Warning: $($step.warning) warning"
            $messages = @($rows[$step.table] | ForEach-Object { $_.Warnings -split '; (?=[A-Za-z]+: )' } | Where-Object { $_ -like "$($step.warning): *" } | ForEach-Object { $_.Substring($step.warning.Length + 2) })
            $messages.Count | Should -BeGreaterThan 0
            @($messages | Where-Object { $step.text.Contains($_) }).Count | Should -BeGreaterThan 0 -Because $step.text
        }
    }

    It 'links each step to its rows: the table filtered to that reason or warning' {
        foreach ($step in $steps) {
            if ($step.warning) {
                $expected = @($rows[$step.table] | Where-Object { ($_.Warnings -split '; (?=[A-Za-z]+: )' | ForEach-Object { ($_ -split ':')[0] }) -contains $step.warning }).Count
                $step.rowsWithoutWarning | Should -Be 0
            } else {
                $column = @{ findings = 'Rule'; plan = 'Reason'; hardmatch = 'Reason' }[$step.table]
                $expected = @($rows[$step.table] | Where-Object $column -eq $step.reason).Count
                $step.reasons | Should -Be $step.reason
            }
            [int]$step.shown | Should -Be $expected -Because "$($step.table) $($step.reason)$($step.warning)"
        }
    }
}

Describe 'The report of 100,000 users (issue 23)' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'support/GeneratedTenant.ps1')
        $work = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'large') -Force
        New-GeneratedTenant -Folder $work.FullName -Count 100000
        $script:large = Invoke-SyncAssessment -OnPremisesUser (Join-Path $work 'ad-users.csv') -CloudUser (Join-Path $work 'cloud-users.csv') -VerifiedDomain contoso.com, contoso.onmicrosoft.com `
            -PrivilegedUser @() -OutputPath (Join-Path $work 'assessment') -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -InformationAction Ignore
        $script:seen = Invoke-ReportProbe $large.Report.FullName @('--layout', '--print')
    }

    It 'is at most 10 MB, and holds a page of row elements per table' {
        $large.OnPremisesUsers | Should -Be 100000
        $large.Report.Length | Should -BeLessOrEqual 10MB
        $seen.consoleErrors | Should -BeNullOrEmpty
        $seen.headerCounts.plan | Should -Be '100,000'
        $seen.shown.plan | Should -Be 100000
        $seen.rowElements | Should -BeLessOrEqual 300
        $seen.rowElements | Should -BeGreaterThan 0
    }

    It 'lists as hard-match candidates the duplicated users only, not the 66,000 that soft-match' {
        $large.Join | Should -Be 66000
        $large.HardMatchCandidateCount | Should -Be $large.Duplicate
        $large.HardMatchCandidateCount | Should -BeLessThan 5000
    }

    It 'breaks no word and wraps no DN into three lines, on screen and on paper' {
        $seen.layout.identityLines | Should -BeLessOrEqual 2
        $seen.layout.brokenWords | Should -Be 0
        $seen.printLayout.identityLines | Should -BeLessOrEqual 2
        $seen.printLayout.brokenWords | Should -Be 0
    }

    It 'prints at most a thousand rows of a table, says how many were left out and which CSV has them all' {
        $seen.print.plan.visible | Should -Be 'true'
        $seen.print.plan.rows | Should -Be 1000
        $seen.print.plan.note | Should -Match 'Printed 1,000 of 100,000 rows'
        $seen.print.plan.note | Should -Match '99,000 are left out'
        $seen.print.plan.note | Should -Match 'plan\.csv'
    }
}
