# The default table views: 80 columns, Identity first (the DN's name), the decisive columns next;
# Format-List shows every property.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force
    $examples = Join-Path $PSScriptRoot '../../examples'
    $ad = Import-Csv (Join-Path $examples 'ad-users.csv')
    $cloud = Import-Csv (Join-Path $examples 'cloud-users.csv')
    $quiet = @{ WarningAction = 'SilentlyContinue'; ErrorAction = 'SilentlyContinue' }
    $outputs = @{
        MatchResult       = $ad | Test-SoftMatch -CloudUser $cloud -PrivilegedUser @() @quiet
        Finding           = $ad | Test-SyncReadiness -VerifiedDomain contoso.com, contoso.onmicrosoft.com @quiet
        HardMatchPlanItem = Import-Csv (Join-Path $examples 'users.csv') | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud @quiet
    }
}

Describe 'The table view of <_>' -ForEach 'MatchResult', 'Finding', 'HardMatchPlanItem' {
    It 'fits 80 columns with Identity first' {
        $lines = @($outputs[$_] | Format-Table | Out-String -Width 200) -split "`r?`n" | Where-Object { $_.Trim() }
        $lines[0] | Should -Match '^Identity\s'
        ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 80
    }

    It 'shows every property in Format-List' {
        $object = @($outputs[$_])[0]
        $list = $object | Format-List | Out-String -Width 200
        foreach ($property in $object.PSObject.Properties.Name) { $list | Should -Match "(?m)^$property\s*:" }
    }
}

Describe 'A row without a UPN' {
    It 'still shows who it is (the krbtgt account, Skipped)' {
        $row = @($outputs.MatchResult | Where-Object Outcome -eq 'Skipped')[0]
        ($row | Format-Table | Out-String -Width 80) | Should -Match 'krbtgt\s+Skipped\s+OutOfScope'
    }
}
