@{
    Synopsis    = 'Predicts, before sync is turned on, which cloud user each on-premises user will land on, and every way it will go wrong.'
    Description = @(
        'Test-SoftMatch applies Entra ID''s matching to what Get-ADUser (or Get-ADObject for groups and contacts) and Get-MgUser return, offline, and returns one MatchResult per on-premises object, in input order: Identity, ObjectType (User, Group, Contact), UserPrincipalName, ImmutableId (its source anchor), MatchType (Hard, SoftSmtp, SoftUpn, None), Outcome (Join, Create, Duplicate, Error, Skipped, Restore), Reason (one stable code), CloudObjectId and CloudUserPrincipalName (the target, or the cloud object it collides with), PredictedUserPrincipalName, Warnings and a Detail sentence for a ticket.'
        'The model, with its sources, is about_SyncMatch_Model (Get-Help about_SyncMatch_Model; docs/model.md in the repository). In short: first a hard match (the deployment''s source anchor, -SourceAnchorAttribute, as an immutableId equals the cloud object''s OnPremisesImmutableId, case-sensitively; a soft-deleted user holding it is restored: Restore, RestoresDeletedUser); else a soft match of the on-premises primary SMTP address (users: the SMTP: proxy, else mail; groups and contacts: their proxyAddresses only) with a cloud primary SMTP address; else, for users and with SoftMatchOnUpn, of the UPN Entra Connect sends (the on-premises UPN, else sAMAccountName@the DNS name of the user''s domain) when it is valid and its suffix verified; else a new object. A target must be of the same type (ObjectTypeMismatch), not already anchored or synchronized (TargetAnchored: InvalidSoftMatch, a duplicate is created), holding no admin role (AdminRoleConflict). BlockSoftMatch makes every soft match a duplicate (SoftMatchBlocked); BlockHardMatchTakeover, or a role on the target since 2026, fails a hard match onto a cloud-managed user (HardMatchBlocked). A cloud user holding the on-premises SID with another anchor fails the export (SecurityIdentifierConflict); a user address a cloud group holds fails every cycle (GroupAddressConflict). Two on-premises users that would join one cloud user both get DuplicateOnPremises.'
        'PredictedUserPrincipalName is the UPN the object will really have: an invalid UPN or one on an unverified suffix becomes the MOERA <MailNickName>@<initial domain>; a UPN another object holds (a cloud object, an earlier on-premises user in the same run, or a MOERA already taken) becomes <prefix>####@<initial domain>, #### standing for the 4 random digits Entra ID adds.'
        'Warnings do not change the outcome but will bite: UnverifiedUpnSuffix, InvalidUpn, UpnFromSamAccountName, UpnConflict (the UPN is replaced), AddressConflict (an address another cloud object holds: quarantined), OnPremisesConflict (another on-premises object in the run holds the same UPN, mail or primary SMTP address: only one keeps it, each names the other), PossibleDuplicate (a new user, although a cloud user has the same display name or mail local part).'
        'On-premises objects and cloud objects are read by property name, the names and aliases Get-Help about_SyncMatch_Input lists (the input schema''s; a list value may be a collection or a ;-joined CSV cell; the custom anchor attribute by its own name). Get-MgGroup and Get-MgContact output is recognised by its type: @odata.type (also in AdditionalProperties), the type name, or the properties only groups or contacts have. Results come once the input ends (the last check needs every user); a summary per outcome is written to the verbose stream.'
    )
    Parameters  = @{
        InputObject            = 'An on-premises user, group or contact. Binds from the pipeline; an array given as -InputObject is taken element by element.'
        CloudUser              = 'The tenant''s users (Get-MgUser -All -Property Id,UserPrincipalName,Mail,ProxyAddresses,OnPremisesImmutableId,OnPremisesSyncEnabled,DisplayName), Get-MsolUser output, or CSV rows of either. Groups and contacts may be included, marked by ObjectType or @odata.type.'
        DeletedCloudUser       = 'Soft-deleted cloud users, as Get-MgDirectoryDeletedItemAsUser -All -Property Id,UserPrincipalName,OnPremisesImmutableId returns them. Their immutableIds stay reserved: an on-premises user with one restores that user (Outcome Restore). Their UPNs and addresses are released. An export of them (Import-DirectoryExport of a CSV or JSON with Id and OnPremisesImmutableId) is read in the core.'
        TenantSetting          = 'What Get-MgDirectoryOnPremiseSynchronization returns (or its Features): SoftMatchOnUpnEnabled, BlockSoftMatchEnabled and BlockCloudObjectTakeoverThroughHardMatchEnabled set the matching switches. A switch given explicitly wins, with a warning when the two disagree. SynchronizeUpnForManagedUsersEnabled false keeps a joined, licensed user''s cloud UPN (warning UpnNotSynchronized): pass the cloud users with AssignedLicenses (Get-MgUser -Property ..., AssignedLicenses), else every one is taken as licensed.'
        SourceAnchorAttribute  = 'The deployment''s source anchor, a setting of its Entra Connect installation: Auto (mS-DS-ConsistencyGuid when populated, else objectGUID; the default since 1.1.524), ConsistencyGuid, ObjectGUID (DirSync upgrades and older installations ignore mS-DS-ConsistencyGuid), or the LDAP name of a custom attribute such as employeeID, whose value is sent as it is (a binary value Base64-encoded; a string value must count fewer than 60 characters, each outside a-z, A-Z, 0-9 as 3, and hold none of the special characters Design concepts lists, or the user is an InvalidCustomSourceAnchor error). userPrincipalName, mail and targetAddress are refused: the wizard does not offer them. Under Auto and ConsistencyGuid a contact''s anchor is its objectGUID and a group''s its mS-DS-ConsistencyGuid when populated; under ConsistencyGuid an empty one is the objectGUID Entra Connect writes back (warning ConsistencyGuidWrittenBack).'
        VerifiedDomain         = 'The tenant''s verified domains: names, or what Get-MgDomain returns (only the objects with IsVerified true count). A UPN suffix not on the list is unverified; the one ending in .onmicrosoft.com is the initial domain used for predicted UPNs. Without it, a routable suffix is taken as verified.'
        SoftMatchOnUpn         = 'Whether the tenant soft-matches on the UPN ([bool], $true by default: tenants that began syncing on or after 30 March 2016 have it, and it cannot be turned off); -SoftMatchOnUpn $false (or :$false) for older tenants without it.'
        BlockSoftMatch         = 'The tenant has BlockSoftMatchEnabled on: no soft matches at all.'
        BlockHardMatchTakeover = 'The tenant has BlockCloudObjectTakeoverThroughHardMatchEnabled on: no hard match onto a cloud-managed user.'
        PrivilegedUser         = 'Ids or UPNs of cloud users holding privileged roles: assigned or eligible (PIM), directly or through a group. The README shows how to collect them with Graph. Without it, role conflicts cannot be predicted (said once, as a warning).'
        IncludeUnmatchedCloud  = 'Afterwards, one result (Outcome CloudOnly) per cloud user no on-premises user joins, so the output is a complete plan.'
        OutFile                = 'Writes the results to this CSV file instead of the pipeline and returns the file (a FileInfo): the same file Test-SoftMatch ... | Export-SyncMatchCsv writes (the same columns and cells, UTF-8 with a BOM, formula-leading cells neutralised), without a PowerShell object per result, so a million results cost seconds and no memory for the objects. The path is relative to the current location; an existing file is overwritten (-WhatIf and -Confirm ask first); a path that cannot be written fails at once (OutFileNotWritable), before any user is read. Error records still go to the error stream.'
    }
    Inputs      = @(
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'On-premises users with the properties listed above.' }
    )
    Outputs     = @(
        @{ Type = 'SyncMatch.MatchResult'; Description = 'The predicted outcome of one user.' }
        @{ Type = 'System.IO.FileInfo'; Description = 'With -OutFile: the CSV file the results were written to.' }
    )
    Notes       = @(
        'Model assumptions (Microsoft does not document them): the on-premises primary SMTP address is compared with the cloud primary SMTP address (the SMTP: proxy, else Mail), case-insensitively; UPNs are compared case-insensitively.'
        'Not modelled: the onPremisesObjectIdentifier hardening of July 2026 (MC1263280) needs a property Get-MgUser does not return by default.'
        'Every input is in the plan: an object that cannot be predicted gets a row (Outcome Error, Reason InvalidInput, the reason in Detail) and its error record. This row-plus-error pair is the one exception to "one result or one error per input", so an exported plan has exactly one row per input.'
        'Incomplete input is said loudly, once, as a warning naming the missing properties and the command that fetches them: a property no on-premises object has (Get-ADUser without -Properties), cloud users whose ProxyAddresses are all null (Get-MgUser without -Property; selected and empty is an empty list), no OnPremisesImmutableId or OnPremisesSyncEnabled (assumed: none ever synchronized), an empty -CloudUser, no -PrivilegedUser.'
        'Warnings is a list; as text (Export-Csv, Export-SyncMatchCsv, -OutFile) it is joined with "; ".'
        'When many on-premises users target one cloud user (DuplicateOnPremises), each Detail names at most five of the others and how many there are; every result with that CloudObjectId and Reason is the full group ($plan | Where-Object Reason -eq DuplicateOnPremises | Group-Object CloudObjectId).'
        'Detail and warning messages show control characters escaped (\x1B).'
        'Error ids: NoInput (terminating), OutFileNotWritable (terminating: -OutFile cannot be created, or a write to it fails), CloudUserNull (terminating: -CloudUser is $null, most often an unset variable; pass @() for a tenant with no users), ParameterNull (terminating: -DeletedCloudUser is $null), NullInput, InvalidInputObject, PropertyUnreadable (a getter or ToString() that throws, a collection that fails while listed), InvalidValueShape, NoExpectedProperty, InvalidCloudUser (an item that is not a cloud object: $null, a string, a script block, one without Id, or one the input bounds refuse; it is left out), InvalidSourceAnchorAttribute and InvalidTenantSetting (terminating), AmbiguousProperty, TypeNameNotValue (a value is a type name such as System.String[] that Windows PowerShell''s Export-Csv wrote instead of the values, in any attribute), and the anchor ids (MissingSourceAnchor, TypeNameNotValue, InvalidGuid, …) for a user whose source anchor cannot be read.'
        'Input bounds (every SyncMatch cmdlet): a value nested more than 16 collections deep (or a collection that contains itself) is NestingTooDeep; a lone UTF-16 surrogate is InvalidUnicode (never silently replaced); a value over 65,536 characters, or an object over 4 Mi characters in all, is ValueTooLarge. Each is an error for that input alone; the run goes on. A failure inside the native library is NativePanic, for the inputs it hit (a bug: please report it).'
    )
    Examples    = @(
        @{
            Title   = 'What will not simply join'
            Code    = @'
$cloud = Get-MgUser -All -Property Id,UserPrincipalName,Mail,ProxyAddresses,OnPremisesImmutableId,OnPremisesSyncEnabled,DisplayName
Get-ADUser -Filter * -Properties mail, proxyAddresses, mailNickname, displayName, mS-DS-ConsistencyGuid |
    Test-SoftMatch -CloudUser $cloud -VerifiedDomain (Get-MgDomain) |
    Where-Object Outcome -ne 'Join'
'@
            Remarks = 'Lists every user that will be created, duplicated or fail, with the reason and the cloud user involved.'
        }
        @{
            Title   = 'A complete plan for a change ticket'
            Code    = @'
Import-Csv .\ad-users.csv |
    Test-SoftMatch -CloudUser (Import-Csv .\cloud-users.csv) -VerifiedDomain contoso.com, contoso.onmicrosoft.com -IncludeUnmatchedCloud |
    Export-Csv .\match-plan.csv -NoTypeInformation -Encoding utf8
'@
            Remarks = 'Works on exports; the plan also lists cloud users no one will join.'
        }
        @{
            Title   = 'A million users from export files, straight to a CSV file'
            Code    = @'
Import-DirectoryExport .\ad-users.csv |
    Test-SoftMatch -CloudUser (Import-DirectoryExport .\cloud-users.csv) -VerifiedDomain contoso.com, contoso.onmicrosoft.com -OutFile .\match-plan.csv
'@
            Remarks = 'The exports are read and matched in the native core and the results written to match-plan.csv without a PowerShell object each: the fastest way through a large tenant. Returns the file; open it in a spreadsheet or read it back with Import-Csv.'
        }
        @{
            Title   = 'Hard-match the duplicates before they happen'
            Code    = @'
Get-ADUser -Filter * -Properties mail, proxyAddresses, mS-DS-ConsistencyGuid |
    Test-SoftMatch -CloudUser $cloud -VerifiedDomain (Get-MgDomain) |
    Where-Object { $_.Reason -eq 'TargetAnchored' -and $_.CloudObjectId -notin $synced } |
    ForEach-Object { Update-MgUser -UserId $_.CloudObjectId -OnPremisesImmutableId $_.ImmutableId -WhatIf }
'@
            Remarks = 'A cloud user that already carries another (or a custom) anchor will not soft-match; stamping the on-premises anchor on it turns the duplicate into a hard match. Never stamp one that is still synchronized ($synced = ($cloud | Where-Object OnPremisesSyncEnabled).Id): its Detail says what to do instead. Remove -WhatIf to write.'
        }
        @{
            Title   = 'The tenant''s own switches, deleted users and role holders'
            Code    = @'
$deleted = Get-MgDirectoryDeletedItemAsUser -All -Property Id, UserPrincipalName, OnPremisesImmutableId
Get-ADUser -Filter * -Properties mail, proxyAddresses, mailNickname, mS-DS-ConsistencyGuid |
    Test-SoftMatch -CloudUser $cloud -DeletedCloudUser $deleted -TenantSetting (Get-MgDirectoryOnPremiseSynchronization) -PrivilegedUser grace.green@contoso.com
'@
            Remarks = 'Takes BlockSoftMatch, hard-match takeover and SoftMatchOnUpn from the tenant itself, predicts restores of soft-deleted users, and marks role holders (here one; collect them all as the README shows: assigned and eligible, directly or through a group).'
        }
    )
    Links       = @(
        @{ Text = 'ConvertTo-ImmutableId'; Uri = '' }
        @{ Text = 'Test-SyncReadiness'; Uri = '' }
        @{ Text = 'Entra Connect: when you already have Entra ID'; Uri = 'https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-install-existing-tenant' }
    )
}
