@{
    Synopsis    = 'Finds the attribute values Entra ID will reject or quarantine, and the values two objects share, before you turn on synchronization.'
    Description = @(
        'Test-SyncReadiness does the job of Microsoft''s IdFix in the pipeline, on any OS. Pipe in directory objects (Get-ADUser, Get-ADGroup or Get-ADObject output, [pscustomobject]s, Import-Csv rows); it reads the attributes Get-Help about_SyncMatch_Input lists for a directory object, by name and alias (proxyAddresses a collection, or a CSV cell joined with ;).'
        'It returns one Finding per problem: Identity (the DN, else sAMAccountName, else UPN), Attribute, Value, Rule (Blank, Length, Character, Format, TopLevelDomain, DomainPart, LocalPart, UnverifiedDomain, Duplicate, OutOfScope), Severity (Error: synchronization fails or the value is dropped or replaced; Warning: it synchronizes, but not as you expect), Message, Suggestion (a corrected value when one can be derived) and, for duplicates, ConflictsWith (every other object and attribute holding the value).'
        'The rules are Microsoft''s documented ones (Prepare for directory synchronization): UPN at most 113 characters, 64 before the @ and 48 after, only letters, digits and '' . - _ ! # ^ ~, no diacritics, a routable and (with -VerifiedDomain) verified suffix; proxyAddresses at most 256 characters, no spaces or < > ( ) ; , [ ] " or a second colon after the prefix, valid SMTP addresses, no value twice on one object, exactly one primary SMTP; sAMAccountName 20 for users (256 for other objects; a Warning when the UPN is valid), displayName 256 and not blank, givenName and sn 64, mail 256, mailNickname 64 with only the characters an Exchange alias allows and no leading, trailing or doubled dot or space; targetAddress follows the proxyAddresses rules. A Suggestion is only ever a value that passes these rules itself: it keeps a proxy value''s prefix and primary marker, transliterates letters (ø to o, ß to ss, æ to ae, ł to l) instead of dropping them, and is absent where no safe fix exists (an EUM value, a domain that holds the bad character, a letter with no ASCII form) or where another object in the run holds the value or is told to take it (the Message says who). Findings that carry a suggestion therefore come after the others, once every object is read, with the duplicates. The model, with its sources, is about_SyncMatch_Model (docs/model.md in the repository). X.400 and X.500 addresses keep their own character set, and apostrophes are legal: neither is reported.'
        'Duplicates are found across the whole input, without regard to case, and across attributes: a UPN equal to another object''s proxy address or mail, a mail equal to another''s proxy address, the same SMTP address on two objects whatever its prefix case. Every member of a collision is reported, each naming up to five others (DuplicateGroup lists them all). Objects the default sync rules leave out (isCriticalSystemObject present, whatever its value, as on krbtgt; AAD_/MSOL_ service accounts; SystemMailbox{…} and CAS_…} mailboxes; msExchRecipientTypeDetails with a bit of 0x21C07000; linked mailboxes (value 2), which get no source anchor; replication conflicts; users without sAMAccountName) get one OutOfScope warning and nothing else. Health mailboxes are checked like any user: the default rules do not leave them out. Findings on the objects'' own values stream as objects arrive; duplicates follow once the input ends.'
    )
    Parameters  = @{
        InputObject    = 'A directory object. Binds from the pipeline; an array given as -InputObject is taken element by element.'
        SourceAnchorAttribute = 'The deployment''s source anchor, as Test-SoftMatch takes it: Auto (the default: mS-DS-ConsistencyGuid when populated, else objectGUID), ConsistencyGuid, ObjectGUID, or the LDAP name of a custom attribute such as employeeID (userPrincipalName, mail and targetAddress are refused). Two objects in scope with one source anchor are a Duplicate on sourceAnchor. Under a custom attribute each string value is checked by Design concepts'' rules: empty (Blank), a special character (Character) or 60 or more counted characters, each outside a-z, A-Z, 0-9 as 3 (Length) are Errors; a value that repeats the object''s sAMAccountName, UPN, mail, mailNickname, displayName, givenName or sn is a Warning (Format: a source anchor should not be based on the user''s name). A binary value is exempt (Entra Connect Base64-encodes it). An export must have the attribute''s column.'
        VerifiedDomain = 'The tenant''s verified domains: names, or what Get-MgDomain returns (only the objects with IsVerified true count; Get-MgDomain lists unverified domains too, so (Get-MgDomain).Id would count them). A UPN suffix not on the list is reported as UnverifiedDomain. Without the list, the suffix must at least be routable (known to the public-suffix list): .local, .lan, .corp, .internal and single labels are reported as TopLevelDomain.'
    }
    Inputs      = @(
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'Directory objects with the properties listed above.' }
    )
    Outputs     = @(
        @{ Type = 'SyncMatch.Finding'; Description = 'One problem with one attribute value of one object.' }
    )
    Notes       = @(
        'Value of a Duplicate finding is the value as compared: trimmed and in lower case.'
        'A Duplicate finding names at most five of the other holders in ConflictsWith and its Message (with how many there are); DuplicateGroup lists every holder once and is shared by all the findings about that value, so a value held by 20,000 accounts costs 20,000 findings of bounded size, not 400 million names. DuplicateGroup.Key (address:noreply@contoso.com) is stable across runs; as text it reads "address:noreply@contoso.com (20000 holders)".'
        'ConflictsWith is a list; as text (Export-Csv) it is joined with "; ". For a file someone will open in Excel, use Export-SyncMatchCsv: it neutralises cells that would start a formula.'
        'Messages and suggestions show control characters escaped (\x1B); Value keeps them exactly.'
        'Error ids: NoInput (terminating: nothing was piped in), NullInput, InvalidInputObject (a string, number or script block is not a directory object), AmbiguousProperty (a hashtable with two keys that differ only in case), PropertyUnreadable (a getter or ToString() that throws, a collection that fails while listed), InvalidValueShape (a hashtable, char[] or nested list where addresses belong), NoExpectedProperty (none of the properties read: an ADSI SearchResult), TypeNameNotValue (a value is a type name such as System.String[] or Microsoft.ActiveDirectory.Management.ADPropertyValueCollection, which Windows PowerShell''s Export-Csv writes for a multi-valued property: the object is not checked; export with the values joined).'
        'Incomplete input is said once, as a warning naming the missing properties and the Get-ADUser command that fetches them: a property no input object has (Get-ADUser without -Properties returns no mail, proxyAddresses, mailNickname, msExchRecipientTypeDetails or isCriticalSystemObject), so the findings would look clean and be wrong.'
        'Input bounds (every SyncMatch cmdlet): a value nested more than 16 collections deep (or a collection that contains itself) is NestingTooDeep; a lone UTF-16 surrogate is InvalidUnicode (never silently replaced); a value over 65,536 characters, or an object over 4 Mi characters in all, is ValueTooLarge. Each is an error for that input alone; the run goes on. A failure inside the native library is NativePanic, for the inputs it hit (a bug: please report it).'
    )
    Examples    = @(
        @{
            Title   = 'The IdFix job'
            Code    = @'
Get-ADUser -Filter * -Properties mail, proxyAddresses, mailNickname, displayName, targetAddress, isCriticalSystemObject |
    Test-SyncReadiness -VerifiedDomain (Get-MgDomain) |
    Export-Csv .\sync-readiness.csv -NoTypeInformation -Encoding utf8
'@
            Remarks = 'Checks every user and writes the findings to a CSV file for a change ticket, one row per problem, with the suggested fix.'
        }
        @{
            Title   = 'Only what breaks synchronization, by rule'
            Code    = 'Import-Csv .\ad-users.csv | Test-SyncReadiness -VerifiedDomain contoso.com, contoso.onmicrosoft.com | Where-Object Severity -eq Error | Group-Object Rule'
            Remarks = 'Works on an export made elsewhere; proxyAddresses joined with ; in a CSV cell are split again.'
        }
        @{
            Title   = 'Who shares an address'
            Code    = 'Get-ADObject -LDAPFilter ''(proxyAddresses=*)'' -Properties mail, proxyAddresses, userPrincipalName | Test-SyncReadiness | Where-Object Rule -eq Duplicate | Format-List Identity, Attribute, Value, ConflictsWith'
            Remarks = 'Users, groups and contacts together: duplicates are found across object types and attributes.'
        }
    )
    Links       = @(
        @{ Text = 'ConvertFrom-ProxyAddress'; Uri = '' }
        @{ Text = 'Prepare for directory synchronization to Microsoft 365'; Uri = 'https://learn.microsoft.com/microsoft-365/enterprise/prepare-for-directory-synchronization' }
    )
}
