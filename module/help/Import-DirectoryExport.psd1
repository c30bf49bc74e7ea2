@{
    Synopsis    = 'Reads a whole directory export (CSV) in SyncMatch''s core and returns one object that stands for all its rows.'
    Description = @(
        'Import-DirectoryExport reads a JSON file as ConvertTo-Json writes Get-MgUser or Get-ADUser output (an array of objects or one object; lists such as ProxyAddresses as arrays, a byte[] as a list of numbers) or as Microsoft Graph returns a page ({"value": [...]}, read element by element), told apart by its first character; otherwise a CSV file as Export-Csv writes it in Windows PowerShell 5.1 and PowerShell 7 (UTF-8 with or without a BOM, UTF-16 LE or BE with a BOM from -Encoding Unicode or BigEndianUnicode, the ANSI code page without a BOM from -Encoding Default, a #TYPE first line, quoted fields with embedded newlines and quotes, fields separated by , or, from European Excel or Export-Csv -UseCulture, by ;) and returns one DirectoryExport: Path, RowCount, Encoding, Columns (recognised by the names and aliases the input schema gives, compared without case: Get-Help about_SyncMatch_Input lists them), IgnoredColumns and Warnings. An export row is read by the same names as an object, so it gives the same answers. No PowerShell object is made per row.'
        'Pipe it where directory objects go: Import-DirectoryExport ad.csv | Test-SyncReadiness checks every row in the core, with the same findings as the same rows given as objects. Multi-valued cells are split with the one rule the module uses everywhere (;, never inside an X.400 or X.500 value).'
        'A file that cannot be read at all is an error for that file: EmptyExport (no header), TruncatedExport (it ends inside a quoted field: it was cut off), MissingExportColumn (no DistinguishedName, SamAccountName or UserPrincipalName column), TypeNameColumn (a column holds a type name such as Microsoft.ActiveDirectory.Management.ADPropertyValueCollection on every row: the message gives the Select-Object that exports the values), MalformedExport, ExportUnreadable, ExportNotFound. A single row with a type name is that row''s TypeNameNotValue error, naming the file and the line, when the export is checked. A plain-ASCII file with ? in names is read, with a warning: Windows PowerShell 5.1''s default ASCII export has already replaced every letter outside ASCII.'
        'Nothing is read into a wrong answer. A file without a BOM that is valid UTF-8 is UTF-8; one that is invalid UTF-8 throughout is read as Windows-1252 with a warning (say another code page with -Encoding); one that is UTF-8 with invalid bytes, or has invalid bytes after a UTF-8 BOM, or is UTF-16 cut at an odd byte, is ExportEncoding naming the line (one bad byte used to turn every José into JosÃ©). Two columns whose names differ only in case are DuplicateExportColumn (as Import-Csv refuses them); a record with more or fewer fields than the header is RaggedExportRow naming the line (RFC 4180); a file that changes while it is read is ExportChangedWhileRead; a directory, a pipe or a device is ExportNotAFile (never read without end); a Graph page with @odata.nextLink (one page of many) is PartialGraphPage unless -AllowPartialGraphPage says it is known, and then a warning says the other pages are missing.'
    )
    Parameters  = @{
        Path        = 'The export file(s): CSV or JSON. Resolved by PowerShell (relative to the current location, wildcards); binds from the pipeline.'
        LiteralPath = 'The export file(s), exactly as written: no wildcard is expanded, so [ and ] are part of the name. Get-ChildItem output binds here by property name (PSPath, FullName).'
        Encoding    = 'The encoding of a file without a BOM: utf8, unicode, bigendianunicode, ansi (Windows-1252), a label such as windows-1251 or iso-8859-2, or a code page number such as 1251. A BOM in the file wins.'
        Delimiter   = 'The CSV field delimiter (a tab, |). Without it: a comma, or a semicolon when the header is semicolon-separated.'
        AllowPartialGraphPage = 'Read a Microsoft Graph page that has @odata.nextLink, knowing it is one page of many: a warning says the users of the other pages are missing from every answer.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Paths, or Get-ChildItem output.' }
    )
    Outputs     = @(
        @{ Type = 'SyncMatch.DirectoryExport'; Description = 'The export, read.' }
    )
    Notes       = @(
        'The verbose stream says, per file, the rows, the encoding, the columns read and the columns ignored.'
        'Test-SyncReadiness and Test-SoftMatch take an export (a cloud export, with an Id column, as -CloudUser); New-HardMatchPlan takes them in -OnPremisesUser and -CloudUser. With -SourceAnchorAttribute set to a custom attribute (employeeID), its column is read (a CSV export; MissingExportColumn when the file has none).'
        'Files over 4 MB show Write-Progress by bytes: reading the file, then parsing its rows (on every core).'
    )
    Examples    = @(
        @{
            Title   = 'The IdFix job on an export'
            Code    = 'Import-DirectoryExport .\ad-users.csv -Verbose | Test-SyncReadiness -VerifiedDomain contoso.com, contoso.onmicrosoft.com'
            Remarks = 'Reads the file once in the core and checks every row; no Import-Csv.'
        }
        @{
            Title   = 'What goes in the CSV (Windows PowerShell 5.1 or 7)'
            Code    = @'
Get-ADUser -Filter * -Properties mail, proxyAddresses, mailNickname, displayName, givenName, sn, targetAddress, mS-DS-ConsistencyGuid, msExchRecipientTypeDetails, isCriticalSystemObject |
    Select-Object DistinguishedName, ObjectClass, ObjectGUID, SamAccountName, UserPrincipalName, mail, mailNickname, displayName, givenName, sn, targetAddress, msExchRecipientTypeDetails, isCriticalSystemObject,
        @{ n = 'proxyAddresses'; e = { $_.proxyAddresses -join ';' } },
        @{ n = 'mS-DS-ConsistencyGuid'; e = { if ($_.'mS-DS-ConsistencyGuid') { [Convert]::ToBase64String($_.'mS-DS-ConsistencyGuid') } } } |
    Export-Csv .\ad-users.csv -NoTypeInformation -Encoding UTF8
'@
            Remarks = 'Joins the multi-valued proxyAddresses and writes the binary mS-DS-ConsistencyGuid as Base64; -Encoding UTF8 keeps letters outside ASCII (Windows PowerShell 5.1 writes ASCII otherwise).'
        }
    )
    Links       = @(
        @{ Text = 'Test-SyncReadiness'; Uri = '' }
    )
}
