@{
    Synopsis    = 'Converts objectGUIDs and mS-DS-ConsistencyGuids to the immutableId Entra ID matches on.'
    Description = @(
        'ConvertTo-ImmutableId computes the immutableId (onPremisesImmutableId in Microsoft Graph, ImmutableId in MSOnline) of an on-premises user: the standard Base64 of the 16 bytes of its source anchor, in the byte order of [guid].ToByteArray(). Writing that value to a cloud user before the first synchronization makes Entra Connect hard-match the two.'
        'Pipe Get-ADUser output, [pscustomobject]s or Import-Csv rows: the anchor is read from mS-DS-ConsistencyGuid when it is populated and otherwise from ObjectGUID, as Entra Connect does; -SourceAnchorAttribute forces one. Values may be [guid]s, 16-byte arrays, or text in any GUID format (D, N, B, P, X), or the Base64 that CSV exports often carry.'
        'Pipe bare values, or pass a whole array to -Guid to convert it in batches (fast for millions). Each input gives exactly one output or one non-terminating error, in input order; a bad input never stops the pipeline. Pipeline input is converted in chunks of up to 4096 items (or whatever arrived within 200 ms), so results appear in small bursts.'
    )
    Parameters  = @{
        InputObject           = 'A [guid], GUID text, a 16-byte array, or an object with an ObjectGUID and/or mS-DS-ConsistencyGuid property (Get-ADUser output, a CSV row). Binds from the pipeline; an array given as -InputObject is taken element by element (a byte[] stays one value).'
        Guid                  = 'An array of values (as for -InputObject) converted in one call; use it for large sets. A single byte[] passed here is taken as one anchor.'
        SourceAnchorAttribute = 'Where the anchor of a directory user is read from. Auto (default): mS-DS-ConsistencyGuid when populated, otherwise ObjectGUID, as Entra Connect does. ObjectGuid or ConsistencyGuid: only that attribute; a user without it is an error.'
        PassThru              = 'Returns each input object with an ImmutableId note property added (or replaced) instead of the bare string.'
        NoEnumerate           = 'With -Guid: returns one array aligned with the input, index for index, holding $null where an input failed (each failure is still an error record), instead of writing the results one by one. The fastest form for millions of values.'
    }
    Inputs      = @(
        @{ Type = 'System.Guid'; Description = 'An objectGUID.' }
        @{ Type = 'System.String'; Description = 'GUID text in any .NET format, or another spelling of a source anchor.' }
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'A directory user with ObjectGUID and/or mS-DS-ConsistencyGuid properties.' }
        @{ Type = 'SyncMatch.DirectoryExport'; Description = 'An export (Import-DirectoryExport): every row''s immutableId, in row order, read in the core; a row without one is an error naming the file and the line. -PassThru needs objects (PassThruExport).' }
    )
    Outputs     = @(
        @{ Type = 'System.String'; Description = 'The 24-character immutableId.' }
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'With -PassThru: the input object with an ImmutableId property.' }
        @{ Type = 'System.Object[]'; Description = 'With -NoEnumerate: one array aligned with -Guid.' }
    )
    Notes       = @(
        'An immutableId is compared case-sensitively. Base64-encoding the GUID''s text (48 characters) is a common mistake and never matches.'
        'No value: -Guid @() is no inputs (nothing is written); $null, an empty string or an empty byte array ([byte[]]@()) is one input without a value (EmptySourceAnchor or InvalidAnchorLength), whether piped or passed to -Guid.'
        'Error ids: InvalidGuid, InvalidAnchorLength, InvalidImmutableId, ImmutableIdNotGuid, InvalidOctetString, InvalidLdapFilter, InvalidConnectorDn, TypeNameNotValue, UnrecognizedSourceAnchor, EmptySourceAnchor, MissingSourceAnchor.'
        'Input bounds (every SyncMatch cmdlet): a value nested more than 16 collections deep (or a collection that contains itself) is NestingTooDeep; a lone UTF-16 surrogate is InvalidUnicode (never silently replaced); a value over 65,536 characters, or an object over 4 Mi characters in all, is ValueTooLarge. Each is an error for that input alone; the run goes on. A failure inside the native library is NativePanic, for the inputs it hit (a bug: please report it).'
    )
    Examples    = @(
        @{
            Title   = 'One user'
            Code    = 'Get-ADUser aadams -Properties mS-DS-ConsistencyGuid | ConvertTo-ImmutableId'
            Remarks = 'Returns the immutableId of aadams (in the example directory: Tk3fKGcTHFyf6C3L4yTXxw==, from her mS-DS-ConsistencyGuid).'
        }
        @{
            Title   = 'A hard-match plan for every user'
            Code    = @'
Get-ADUser -Filter * -Properties mS-DS-ConsistencyGuid |
    ConvertTo-ImmutableId -PassThru |
    Select-Object SamAccountName, UserPrincipalName, ImmutableId
'@
            Remarks = 'Adds the immutableId to each user, taken from mS-DS-ConsistencyGuid where Entra Connect has written it back.'
        }
        @{
            Title   = 'Hard-match with Microsoft Graph (replaces HardMatch.ps1)'
            Code    = @'
Import-Csv .\users.csv | ForEach-Object {
    $immutableId = Get-ADUser $_.Username -Properties mS-DS-ConsistencyGuid | ConvertTo-ImmutableId
    Update-MgUser -UserId $_.UserPrincipalName -OnPremisesImmutableId $immutableId -WhatIf
}
'@
            Remarks = 'The seed''s HardMatch.ps1 loop done right (users.csv: the AD Username and the cloud UserPrincipalName): stamps each cloud user with the immutableId of its on-premises user. Remove -WhatIf to write. New-HardMatchPlan does the same with guard rails, and Invoke-HardMatchPlan writes it with a journal. Set-MsolUser -ImmutableId did this in the retired MSOnline module.'
        }
        @{
            Title   = 'A million GUIDs in one call'
            Code    = '$guids = (Get-ADUser -Filter *).ObjectGUID; ConvertTo-ImmutableId -Guid $guids'
            Remarks = 'Converts the whole array in batches, far faster than a ForEach-Object loop; progress is shown for large arrays.'
        }
        @{
            Title   = 'An array in, an aligned array out'
            Code    = @'
$users = Get-ADUser -Filter *
$ids = ConvertTo-ImmutableId -Guid $users.ObjectGUID -NoEnumerate -ErrorAction SilentlyContinue
for ($i = 0; $i -lt $users.Count; $i++) { if ($ids[$i]) { "$($users[$i].SamAccountName) $($ids[$i])" } }
'@
            Remarks = '$ids[$i] belongs to $users[$i]; a failed input leaves $null in its place.'
        }
        @{
            Title   = 'From a CSV export'
            Code    = 'Import-Csv .\ad-users.csv | ConvertTo-ImmutableId -PassThru | Export-Csv .\ad-users-with-ids.csv -NoTypeInformation'
            Remarks = 'Rows carry ObjectGUID as GUID text and mS-DS-ConsistencyGuid as Base64 or GUID text; a cell holding a type name such as System.Byte[] (written by Windows PowerShell''s Export-Csv) is reported with the TypeNameNotValue error id.'
        }
    )
    Links       = @(
        @{ Text = 'ConvertFrom-ImmutableId'; Uri = '' }
        @{ Text = 'Get-SourceAnchor'; Uri = '' }
        @{ Text = 'Entra Connect: design concepts (sourceAnchor)'; Uri = 'https://learn.microsoft.com/entra/identity/hybrid/connect/plan-connect-design-concepts' }
    )
}
