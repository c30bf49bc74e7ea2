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

    It 'keeps a page of row elements at 100,000 rows' {
        $users = foreach ($i in 1..100000) { [pscustomobject]@{ SamAccountName = "u$i"; UserPrincipalName = "u$i@contoso.com"; mail = "u$i@contoso.com" } }
        $path = Join-Path $TestDrive 'large.html'
        $users | Test-SoftMatch -CloudUser @() -PrivilegedUser @() -WarningAction SilentlyContinue -ErrorAction SilentlyContinue | Export-SyncMatchReport -Path $path
        $seen = Invoke-ReportProbe $path
        $seen.consoleErrors | Should -BeNullOrEmpty
        $seen.headerCounts.plan | Should -Be '100,000'
        $seen.shown.plan | Should -Be 100000
        $seen.rowElements | Should -BeLessOrEqual 1000
        $seen.rowElements | Should -BeGreaterThan 0
    }
}
