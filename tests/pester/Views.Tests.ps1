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
    # Invoke-HardMatchPlan -WhatIf reads nothing from Graph: its results need no connection.
    $outputs.HardMatchResult = $outputs.HardMatchPlanItem | Invoke-HardMatchPlan -WhatIf -InformationAction SilentlyContinue @quiet
}

Describe 'The table view of <_>' -ForEach 'MatchResult', 'Finding', 'HardMatchPlanItem', 'HardMatchResult' {
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

Describe 'Lists in CSV files' {
    # ConflictsWith, Warnings…: one joiner everywhere, Export-Csv (their text) and Export-SyncMatchCsv alike.
    It 'joins <_> the same way in Export-Csv and Export-SyncMatchCsv' -ForEach 'MatchResult', 'Finding', 'HardMatchPlanItem' {
        $lists = @($outputs[$_] | Where-Object { $_.Warnings.Count -gt 0 -or $_.ConflictsWith.Count -gt 0 })
        $object = @($lists | Sort-Object { [math]::Max($_.Warnings.Count, $_.ConflictsWith.Count) } -Descending)[0]
        $object | Should -Not -BeNullOrEmpty
        $property = if ($object.PSObject.Properties['ConflictsWith'] -and $object.ConflictsWith.Count -gt 0) { 'ConflictsWith' } else { 'Warnings' }
        $plain = Join-Path $TestDrive "plain-$_.csv"
        $safe = Join-Path $TestDrive "safe-$_.csv"
        $object | Export-Csv $plain -NoTypeInformation
        $object | Export-SyncMatchCsv $safe
        $expected = @($object.$property | ForEach-Object { "$_" }) -join '; '
        (Import-Csv $plain).$property | Should -Be $expected
        (Import-Csv $safe).$property -replace "^'", '' | Should -Be $expected
    }
}

Describe 'Tab completion' {
    It 'completes -SourceAnchorAttribute with the settings and common custom attributes' {
        $line = 'Test-SoftMatch -SourceAnchorAttribute '
        $completed = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completed | Should -Contain 'ConsistencyGuid'
        $completed | Should -Contain 'employeeID'
        $line = 'Invoke-SyncAssessment -SourceAnchorAttribute Obj'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'ObjectGUID'
    }

    It 'completes -ForestJoin with the options of "Uniquely identifying your users"' {
        $line = 'Test-SyncReadiness -ForestJoin '
        $completed = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText
        $completed | Should -Be @('RepresentedOnce', 'Mail', 'ObjectSidMasterAccountSid', 'SamAccountNameMailNickname', 'employeeNumber')
        $line = 'New-HardMatchPlan -ForestJoin Obj'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'ObjectSidMasterAccountSid'
    }

    It 'completes Import-DirectoryExport -Path with export files and folders only' {
        $folder = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'exports')
        New-Item -ItemType File -Path (Join-Path $folder 'ad.csv'), (Join-Path $folder 'cloud.json'), (Join-Path $folder 'notes.txt') | Out-Null
        New-Item -ItemType Directory -Path (Join-Path $folder 'older') | Out-Null
        Push-Location $folder
        try {
            $line = 'Import-DirectoryExport '
            $completed = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.ListItemText
        } finally { Pop-Location }
        $completed | Should -Contain 'ad.csv'
        $completed | Should -Contain 'cloud.json'
        $completed | Should -Contain 'older'
        $completed | Should -Not -Contain 'notes.txt'
    }
}
