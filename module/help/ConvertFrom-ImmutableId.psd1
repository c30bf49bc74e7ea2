@{
    Synopsis    = 'Converts an Entra ID immutableId back to the objectGUID of the on-premises user.'
    Description = @(
        'ConvertFrom-ImmutableId decodes an immutableId (standard Base64 of 16 bytes) to the [guid] it stands for, so it can be looked up with Get-ADUser -Identity.'
        'It binds OnPremisesImmutableId (Get-MgUser) and ImmutableId (Get-MsolUser) by property name. Not every immutableId is a GUID: custom source anchors (an employee ID, a UPN-derived value) exist; those, and text that is not Base64, are non-terminating errors that say what was found, including the decoded length.'
    )
    Parameters  = @{
        ImmutableId = 'The immutableId(s) to decode. Case matters: Base64 is case-sensitive.'
        InputObject = 'The object piped in (a cloud user), which -PassThru returns; it binds by itself beside ImmutableId.'
        PassThru    = 'Return each piped object (a Get-MgUser or Get-MsolUser user) with an ObjectGuid note property added, instead of the bare [guid]; a bare immutableId becomes an object with ImmutableId and ObjectGuid.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'An immutableId, or an object with an OnPremisesImmutableId or ImmutableId property.' }
    )
    Outputs     = @(
        @{ Type = 'System.Guid'; Description = 'The objectGUID.' }
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'With -PassThru: the input object with ObjectGuid.' }
    )
    Notes       = @(
        'Error ids: InvalidImmutableId (not Base64, or not padded), ImmutableIdNotGuid (valid Base64 that is not 16 bytes: a custom anchor), EmptySourceAnchor ($null, an empty string or an empty list, piped or passed alike).'
        'Input bounds (every SyncMatch cmdlet): a value nested more than 16 collections deep (or a collection that contains itself) is NestingTooDeep; a lone UTF-16 surrogate is InvalidUnicode (never silently replaced); a value over 65,536 characters, or an object over 4 Mi characters in all, is ValueTooLarge. Each is an error for that input alone; the run goes on. A failure inside the native library is NativePanic, for the inputs it hit (a bug: please report it).'
    )
    Examples    = @(
        @{
            Title   = 'Decode one value'
            Code    = "'yYuRNW0Z6kCXeYidebdT8A==' | ConvertFrom-ImmutableId"
            Remarks = 'Returns 35918bc9-196d-40ea-9779-889d79b753f0.'
        }
        @{
            Title   = 'Find the on-premises user of a cloud user'
            Code    = 'Get-MgUser -UserId cclark@contoso.onmicrosoft.com -Property OnPremisesImmutableId | ConvertFrom-ImmutableId | Get-ADUser'
            Remarks = 'Shows which AD account the cloud user is (or will be) joined to.'
        }
        @{
            Title   = 'Keep the cloud users, with the objectGUID each stands for'
            Code    = 'Import-Csv .\examples\cloud-users.csv | Where-Object OnPremisesImmutableId | ConvertFrom-ImmutableId -PassThru -ErrorAction SilentlyContinue | Select-Object UserPrincipalName, OnPremisesImmutableId, ObjectGuid'
            Remarks = 'Each cloud user comes back with an ObjectGuid property; one whose immutableId is not a GUID (a custom anchor) is an error instead.'
        }
    )
    Links       = @(
        @{ Text = 'ConvertTo-ImmutableId'; Uri = '' }
        @{ Text = 'Get-SourceAnchor'; Uri = '' }
    )
}
