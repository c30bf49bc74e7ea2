@{
    Synopsis    = 'Shows a source anchor in every spelling: GUID, immutableId, bytes, octet string, LDAP filter value and connector DN.'
    Description = @(
        'Get-SourceAnchor takes a source anchor in any spelling an admin meets and returns one object with all of them: Guid, ImmutableId, Bytes, OctetString (spaced hex pairs, as ADSI Edit shows), LdapFilter (\XX for each byte, for Get-ADUser -LDAPFilter) and ConnectorDn (CN={…}, as the Entra Connect connector space and ADSyncTools show). ReadAs tells which spelling the input was read in; ReadFrom tells where it came from: Value (the input itself), or for a directory user ConsistencyGuid (mS-DS-ConsistencyGuid, read when populated, as Entra Connect does) or ObjectGuid.'
        'The spelling is recognized by shape: GUID text (D, N, B, P, X), an immutableId, hex pairs separated by spaces or hyphens, \XX escapes, CN={…}. A bare run of 32 hex digits is read as GUID format N, as [guid] reads it; give -From OctetString to read it as bytes in storage order instead, which differs in the first eight bytes.'
        '[guid]s, 16-byte arrays and directory users (Get-ADUser output) are accepted too.'
    )
    Parameters  = @{
        InputObject           = 'The anchor in any spelling, a [guid], a 16-byte array, or a directory user. An array given as -InputObject is taken element by element (a byte[] stays one value).'
        From                  = 'Reads text in this spelling instead of recognizing it by its shape: Guid, ImmutableId, OctetString, LdapFilter or ConnectorDn.'
        SourceAnchorAttribute = 'For directory users: where the anchor is read from (Auto: mS-DS-ConsistencyGuid when populated, otherwise ObjectGUID).'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Any spelling of a source anchor.' }
        @{ Type = 'System.Guid'; Description = 'An objectGUID.' }
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'A directory user.' }
    )
    Outputs     = @(
        @{ Type = 'SyncMatch.SourceAnchor'; Description = 'The anchor in every spelling.' }
    )
    Notes       = @(
        'A connector DN encodes the immutableId''s text, not the GUID bytes: CN={ + hex of the ASCII characters + }.'
        'Input bounds (every SyncMatch cmdlet): a value nested more than 16 collections deep (or a collection that contains itself) is NestingTooDeep; a lone UTF-16 surrogate is InvalidUnicode (never silently replaced); a value over 65,536 characters, or an object over 4 Mi characters in all, is ValueTooLarge. Each is an error for that input alone; the run goes on. A failure inside the native library is NativePanic, for the inputs it hit (a bug: please report it).'
    )
    Examples    = @(
        @{
            Title   = 'From a connector DN in a sync error'
            Code    = "Get-SourceAnchor 'CN={795975524E57305A366B4358655969646562645438413D3D}'"
            Remarks = 'Shows the GUID 35918bc9-196d-40ea-9779-889d79b753f0, its immutableId yYuRNW0Z6kCXeYidebdT8A== and the other spellings.'
        }
        @{
            Title   = 'Find the AD user of an immutableId'
            Code    = "Get-ADUser -LDAPFilter ""(objectGUID=`$((Get-SourceAnchor 'yYuRNW0Z6kCXeYidebdT8A==').LdapFilter))"""
            Remarks = 'The LdapFilter spelling can be put straight into an LDAP filter.'
        }
        @{
            Title   = 'Bytes copied from ADSI Edit'
            Code    = "Get-SourceAnchor 'C9 8B 91 35 6D 19 EA 40 97 79 88 9D 79 B7 53 F0'"
            Remarks = 'Spaced hex pairs are read in storage order.'
        }
    )
    Links       = @(
        @{ Text = 'ConvertTo-ImmutableId'; Uri = '' }
        @{ Text = 'ConvertFrom-ImmutableId'; Uri = '' }
    )
}
