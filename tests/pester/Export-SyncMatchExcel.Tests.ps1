# Export-SyncMatchExcel: an .xlsx workbook, a sheet per kind of object, every value text, the
# header frozen and filtered (issue 23); read back from the file's own parts
# (support/Xlsx.ps1), never with the library that wrote it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'support/Xlsx.ps1')
    Import-Module $ModuleManifest -Force
    $examples = Join-Path $PSScriptRoot '../../examples'
}

Describe 'Export-SyncMatchExcel' {
    It 'writes a sheet per kind of object, its header frozen and filtered, the cells as Export-SyncMatchCsv writes them' {
        $users = Import-DirectoryExport (Join-Path $examples 'ad-users.csv')
        $findings = $users | Test-SyncReadiness -VerifiedDomain contoso.com, contoso.onmicrosoft.com -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $plan = $users | Test-SoftMatch -CloudUser (Import-DirectoryExport (Join-Path $examples 'cloud-users.csv')) -PrivilegedUser @() -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $path = Join-Path $TestDrive 'a.xlsx'
        $file = @($findings) + @($plan) | Export-SyncMatchExcel -Path $path -PassThru
        $file.FullName | Should -Be $path
        $book = Read-Xlsx $path
        @($book.Keys) | Should -Be @('Findings', 'Plan')
        foreach ($sheet in $book.Values) {
            $sheet.FrozenRows | Should -Be 1
            $sheet.AutoFilter | Should -Match '^A1:[A-Z]+\d+$'
            $sheet.Formulas | Should -Be 0
        }
        $book.Plan.Rows.Count | Should -Be (@($plan).Count + 1)
        # The same cells as the CSV of the same objects (which neutralises formula-leading cells with ').
        $csv = Join-Path $TestDrive 'plan.csv'
        $plan | Export-SyncMatchCsv -Path $csv
        $fromCsv = @(Import-Csv $csv)
        $book.Plan.Rows[0] | Should -Be @($fromCsv[0].PSObject.Properties.Name)
        for ($i = 0; $i -lt $fromCsv.Count; $i++) {
            $book.Plan.Rows[$i + 1] | Should -Be @($fromCsv[$i].PSObject.Properties.Value | ForEach-Object { $_ -replace "^'(?=[=+\-@\t\r])", '' })
        }
    }

    It 'keeps every value as the text it is: no formula, number or date is made of it' {
        $hostile = '=HYPERLINK("http://x","y")', '+1', '-1', '@SUM(A1)', '00123', '2026-01-01', 'TRUE', "=1+1`tx", '_x0041_', "a`u{1}b"
        $path = Join-Path $TestDrive 'hostile.xlsx'
        $hostile | ForEach-Object { [pscustomobject]@{ Value = $_ } } | Export-SyncMatchExcel -Path $path
        $sheet = (Read-Xlsx $path).Sheet1
        $sheet.Formulas | Should -Be 0
        $sheet.CellTypes | Should -Not -Contain 'n'
        $sheet.CellTypes | Should -Not -Contain ''
        $sheet.CellTypes | Should -Not -Contain 'b'
        $sheet.CellTypes | Should -Not -Contain 'd'
        @($sheet.Rows | Select-Object -Skip 1 | ForEach-Object { $_[0] }) | Should -Be $hostile
    }

    It 'cuts a value past Excel''s 32,767 characters a cell, and says so' {
        $path = Join-Path $TestDrive 'long.xlsx'
        [pscustomobject]@{ Value = 'a' * 40000 } | Export-SyncMatchExcel -Path $path
        $cell = (Read-Xlsx $path).Sheet1.Rows[1][0]
        $cell.Length | Should -Be 32767
        $cell | Should -Match 'cut at Excel''s 32,767 characters; the CSV holds it whole\]$'
    }

    It 'splits a table past Excel''s 1,048,576 rows across sheets, with a warning' {
        $path = Join-Path $TestDrive 'large.xlsx'
        $rows = foreach ($i in 1..1048580) { [pscustomobject]@{ N = "$i" } }
        $rows | Export-SyncMatchExcel -Path $path -WorksheetName Numbers -WarningVariable said -WarningAction SilentlyContinue
        ($said -join ' ') | Should -Match 'Numbers: 1,048,580 rows are more than an Excel sheet holds \(1,048,575 besides its header\); they are split across the sheets Numbers, Numbers \(2\)'
        $book = Read-Xlsx $path
        @($book.Keys) | Should -Be @('Numbers', 'Numbers (2)')
        $book['Numbers'].Rows.Count | Should -Be 1048576
        $book['Numbers'].Rows[-1][0] | Should -Be '1048575'
        $book['Numbers (2)'].Rows.Count | Should -Be 6
        $book['Numbers (2)'].Rows[0][0] | Should -Be 'N'
        $book['Numbers (2)'].Rows[-1][0] | Should -Be '1048580'
    }

    It 'leaves out an object it cannot read, with its error, and writes the rest; honours -WhatIf and -NoClobber' {
        $path = Join-Path $TestDrive 'mixed.xlsx'
        $bad = [pscustomobject]@{ Value = 'b' } | Add-Member -MemberType ScriptProperty -Name Broken -Value { throw 'unreadable' } -PassThru
        @([pscustomobject]@{ Value = 'a'; Broken = 'x' }, $bad, [pscustomobject]@{ Value = 'c'; Broken = 'y' }) |
            Export-SyncMatchExcel -Path $path -ErrorVariable errors -ErrorAction SilentlyContinue
        @($errors).Count | Should -Be 1
        @((Read-Xlsx $path).Sheet1.Rows | ForEach-Object { $_[0] }) | Should -Be @('Value', 'a', 'c')
        $other = Join-Path $TestDrive 'whatif.xlsx'
        [pscustomobject]@{ A = 1 } | Export-SyncMatchExcel -Path $other -WhatIf
        Test-Path $other | Should -BeFalse
        { [pscustomobject]@{ A = 1 } | Export-SyncMatchExcel -Path $path -NoClobber -ErrorAction Stop } | Should -Throw -ErrorId 'FileExists,*'
    }

    It 'loads MiniExcel only when a workbook is written, not on Import-Module' {
        $check = "Import-Module '$ModuleManifest'; [bool]([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'MiniExcel' }); [pscustomobject]@{ A = 1 } | Export-SyncMatchExcel -Path '$(Join-Path $TestDrive 'load.xlsx')'; [bool]([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'MiniExcel' })"
        $output = Invoke-ChildPwsh -Command $check
        $output[-2] | Should -Be 'False'
        $output[-1] | Should -Be 'True'
    }
}

Describe 'Invoke-SyncAssessment writes assessment.xlsx' {
    It 'holds the three tables as sheets, row for row the CSVs' {
        $folder = Join-Path $TestDrive 'assessment'
        $assessment = Invoke-SyncAssessment -OnPremisesUser (Join-Path $examples 'ad-users.csv') -CloudUser (Join-Path $examples 'cloud-users.csv') `
            -VerifiedDomain contoso.com, contoso.onmicrosoft.com -PrivilegedUser grace.green@contoso.com -OutputPath $folder -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -InformationAction Ignore
        $assessment.Workbook.Name | Should -Be 'assessment.xlsx'
        $assessment.Files.Name | Should -Contain 'assessment.xlsx'
        $book = Read-Xlsx $assessment.Workbook.FullName
        @($book.Keys) | Should -Be @('Findings', 'Plan', 'HardMatchCandidates')
        foreach ($name in 'Findings', 'Plan', 'HardMatchCandidates') {
            $csv = @(Import-Csv @{ Findings = $assessment.Findings; Plan = $assessment.Plan; HardMatchCandidates = $assessment.HardMatchCandidates }[$name].FullName)
            $book[$name].Rows.Count | Should -Be ($csv.Count + 1) -Because $name
            $book[$name].Rows[0] | Should -Be @($csv[0].PSObject.Properties.Name) -Because $name
        }
    }
}
