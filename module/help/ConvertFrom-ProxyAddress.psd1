@{
    Synopsis    = 'Parses proxyAddresses values into type, primary flag, address, comparison key and problems.'
    Description = @(
        'ConvertFrom-ProxyAddress splits each proxyAddresses value (SMTP:, smtp:, X500:, X400:, SIP:, EUM:, …) or plain address into Type, Prefix, IsPrimary (upper-case SMTP:), Address (as written), Key (trimmed, case-folded, prefix removed: the form SyncMatch compares addresses in), IsValid and Problems (the rules the value breaks, as Test-SyncReadiness would report them).'
        'It accepts strings, arrays of strings, objects with a proxyAddresses property (Get-ADUser output), and CSV cells that joined several values with ;. A ; inside an X.400 address does not split it.'
    )
    Parameters  = @{
        ProxyAddress = 'Values, arrays, ;-joined CSV cells, or objects with a proxyAddresses property.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'A proxyAddresses value, a plain address, or a ;-joined cell.' }
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'An object with a proxyAddresses property.' }
    )
    Outputs     = @(
        @{ Type = 'SyncMatch.ProxyAddress'; Description = 'One parsed value.' }
    )
    Notes       = @(
        'A plain address (no prefix) is of type SMTP and not primary.'
        'Objects and hashtables are read by their proxyAddresses property or key (any case). An input holding no value at all ($null, an empty list, an object whose proxyAddresses is empty) is one BlankProxyAddress error, piped or passed alike.'
        'Problems show control characters escaped (\x1B); Address keeps them exactly.'
        'Error ids: BlankProxyAddress, AmbiguousProperty (a hashtable with proxyAddresses twice, in two cases).'
        'Input bounds (every SyncMatch cmdlet): a value nested more than 16 collections deep (or a collection that contains itself) is NestingTooDeep; a lone UTF-16 surrogate is InvalidUnicode (never silently replaced); a value over 65,536 characters, or an object over 4 Mi characters in all, is ValueTooLarge. Each is an error for that input alone; the run goes on. A failure inside the native library is NativePanic, for the inputs it hit (a bug: please report it).'
    )
    Examples    = @(
        @{
            Title   = 'A user''s addresses'
            Code    = 'Get-ADUser aadams -Properties proxyAddresses | ConvertFrom-ProxyAddress'
            Remarks = 'One row per value; the primary SMTP address has IsPrimary True.'
        }
        @{
            Title   = 'A CSV cell'
            Code    = "ConvertFrom-ProxyAddress 'SMTP:Jane.Doe@contoso.com;smtp:jane@contoso.com;X400:C=US;A= ;P=Contoso;O=Exchange;S=Doe;'"
            Remarks = 'Three values: the X.400 address keeps its own semicolons.'
        }
        @{
            Title   = 'Find invalid values'
            Code    = 'Import-Csv .\ad-users.csv | ForEach-Object proxyAddresses | ConvertFrom-ProxyAddress | Where-Object -Not IsValid'
            Remarks = 'Problems says what is wrong with each.'
        }
    )
    Links       = @(
        @{ Text = 'Test-SyncReadiness'; Uri = '' }
    )
}
