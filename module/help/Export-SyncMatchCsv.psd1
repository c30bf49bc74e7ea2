@{
    Synopsis    = 'Writes findings and matching plans to a CSV file that is safe to open in Excel.'
    Description = @(
        'Export-SyncMatchCsv writes pipeline objects (Test-SyncReadiness findings, Test-SoftMatch results, or any objects) to a UTF-8 CSV file, like Export-Csv -NoTypeInformation, with two differences that matter for a change ticket.'
        'Spreadsheet safety: directory values are set by whoever can edit a displayName or an address, and a cell such as =HYPERLINK(...) opens in Excel as a live formula. Following OWASP''s CSV-injection advice (ASVS requirement 1.2.10), a cell that starts with = + - @, a tab, a carriage return or a NUL (or the full-width = + - @) is written with a leading apostrophe, and every cell is quoted (RFC 4180). The objects in the pipeline keep their exact values; only the file is neutralised. Export-Csv writes such cells as they are.'
        'Lists (ConflictsWith, Warnings, Problems) are joined with "; ". The columns come from the first object; a property a later object has beyond them is named in a warning, never dropped silently.'
    )
    Parameters  = @{
        Path        = 'The CSV file to write (relative to the current location; PowerShell provider paths work), taken literally: [ and ] are part of the name. -LiteralPath names it too.'
        InputObject = 'The objects to write, from the pipeline; an array given as -InputObject is written element by element, one row each.'
        NoClobber   = 'Refuse to overwrite an existing file.'
        Append      = 'Add rows to an existing file, as Export-Csv -Append does: its header must be these objects'' columns (AppendColumnsDiffer otherwise, nothing written); a missing or empty file is made.'
        Delimiter   = 'The character between cells, as Export-Csv -Delimiter (German Excel reads ;). Import-DirectoryExport reads it back with -Delimiter, or by itself when it is ;.'
        UseCulture  = 'The current culture''s list separator between cells (Export-Csv -UseCulture): ; on a German system.'
        NoTypeInformation = 'Accepted, as scripts pass it to Export-Csv: SyncMatch never writes a #TYPE line.'
        Encoding    = 'utf8BOM (the default: Excel recognises UTF-8 by the BOM), utf8 (the same) or utf8NoBOM. SyncMatch writes UTF-8 only: other encodings would lose letters.'
    }
    Inputs      = @(
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'Any object; typically SyncMatch findings or match results.' }
    )
    Outputs     = @(
        @{ Type = 'None'; Description = 'The file is written; nothing is returned.' }
    )
    Notes       = @(
        'Use it instead of Export-Csv for anything a person will open in a spreadsheet. Import-Csv reads the file back; a neutralised cell then starts with an apostrophe.'
        'Supports -WhatIf and -Confirm. Error id: FileExists (with -NoClobber).'
    )
    Examples    = @(
        @{
            Title   = 'Readiness findings for the change ticket'
            Code    = 'Get-ADUser -Filter * -Properties mail, proxyAddresses, displayName | Test-SyncReadiness | Export-SyncMatchCsv .\sync-readiness.csv'
            Remarks = 'A displayName of =HYPERLINK("http://x") is written as ''=HYPERLINK("http://x"): text, not a formula.'
        }
        @{
            Title   = 'The matching plan'
            Code    = '$plan = Import-Csv .\ad-users.csv | Test-SoftMatch -CloudUser (Import-Csv .\cloud-users.csv) -PrivilegedUser @(); $plan | Export-SyncMatchCsv .\match-plan.csv -NoClobber'
            Remarks = 'Warnings are joined with "; " in one cell.'
        }
    )
    Links       = @(
        @{ Text = 'Test-SyncReadiness'; Uri = '' }
        @{ Text = 'Test-SoftMatch'; Uri = '' }
    )
}
