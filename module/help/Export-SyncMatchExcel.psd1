@{
    Synopsis    = 'Writes Test-SyncReadiness findings, Test-SoftMatch results, New-HardMatchPlan items or any objects to an .xlsx workbook, a sheet per kind, every value as text.'
    Description = @(
        'Export-SyncMatchExcel writes what SyncMatch''s cmdlets return to one Excel workbook: findings on the sheet Findings, Test-SoftMatch results on Plan, New-HardMatchPlan items on HardMatchCandidates, Invoke-HardMatchPlan results on HardMatchResults, any other object on Sheet1 (or every object on -WorksheetName). Each sheet has the first object''s properties as its columns, as Export-SyncMatchCsv writes them (lists joined with "; ", enums by name), its header row frozen and an autofilter over it.'
        'Every value is a text cell: a directory value that starts with =, +, - or @ stays that text and never becomes a formula, 00123 keeps its zeros and 2026-01-01 is not a date. A value longer than the 32,767 characters an Excel cell holds is cut, and says so; a table of more than 1,048,575 rows (Excel''s 1,048,576 with the header) is split across sheets (Plan, Plan (2), …) with a warning.'
        'Do not use ImportExcel''s Export-Excel for directory values: it turns a string that starts with = into a formula (dfinke/ImportExcel issues 1292 and 1459; its -NoNumberConversion covers numbers only), so a hostile displayName becomes a formula in the admin''s Excel. Export-SyncMatchExcel and Export-SyncMatchCsv never do.'
        'An object whose property cannot be read is that object''s error (the row is left out); a property not among the sheet''s columns is a warning, once.'
    )
    Parameters  = @{
        Path          = 'The .xlsx file to write (relative to the current location); overwritten unless -NoClobber. [ and ] are part of the name.'
        InputObject   = 'The objects to write, from the pipeline.'
        WorksheetName = 'Put every object on this one sheet instead of a sheet per kind of object.'
        NoClobber     = 'Refuse to overwrite an existing file (FileExists).'
        PassThru      = 'Return the file written, as a FileInfo.'
    }
    Inputs      = @(
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'SyncMatch results, or any objects.' }
    )
    Outputs     = @(
        @{ Type = 'System.IO.FileInfo'; Description = 'With -PassThru: the workbook.' }
    )
    Notes       = @(
        'The workbook is written by MiniExcel (Apache-2.0), which ships beside SyncMatch.dll as MiniExcel.dll (about 440 KB). It is loaded into the PowerShell process the first time a workbook is written, not on Import-Module; like any assembly it then stays loaded for the life of the process, and another module that brings a different MiniExcel version into the same process gets the one loaded first (open a new session if that module needs its own).'
        'Invoke-SyncAssessment writes assessment.xlsx with the same three sheets as its CSVs.'
    )
    Examples    = @(
        @{
            Title   = 'Findings and plan of the example data in one workbook'
            Code    = @'
$users = Import-DirectoryExport .\examples\ad-users.csv
@($users | Test-SyncReadiness -VerifiedDomain contoso.com, contoso.onmicrosoft.com) + @($users | Test-SoftMatch -CloudUser (Import-DirectoryExport .\examples\cloud-users.csv) -PrivilegedUser @()) |
    Export-SyncMatchExcel -Path .\assessment.xlsx -PassThru
'@
            Remarks = 'Writes the sheets Findings and Plan, each with its header frozen and filtered.'
        }
        @{
            Title   = 'One sheet of your own'
            Code    = 'Get-ADUser -Filter * -Properties mail | Select-Object SamAccountName, UserPrincipalName, mail | Export-SyncMatchExcel -Path .\users.xlsx -WorksheetName Users'
            Remarks = 'Any objects: a displayName or mail starting with = stays text.'
        }
    )
    Links       = @(
        @{ Text = 'Export-SyncMatchCsv'; Uri = '' }
        @{ Text = 'Excel specifications and limits'; Uri = 'https://support.microsoft.com/office/excel-specifications-and-limits-1672b34d-7043-467e-8e27-269d656771c3' }
    )
}
