@{
    Synopsis    = 'Predicts, before sync is turned on, which cloud user each on-premises user will land on, and every way it will go wrong.'
    Description = @(
        'Test-SoftMatch applies Entra ID''s matching to what Get-ADUser and Get-MgUser return, offline, and returns one MatchResult per on-premises user, in input order: Identity, UserPrincipalName, ImmutableId (its source anchor), MatchType (Hard, SoftSmtp, SoftUpn, None), Outcome (Join, Create, Duplicate, Error, Skipped), Reason (one stable code), CloudObjectId and CloudUserPrincipalName (the target, or the cloud user it collides with), PredictedUserPrincipalName, Warnings and a Detail sentence for a ticket.'
        'The model (Microsoft Learn: Entra Connect when you already have Entra ID, sync errors, duplicate attribute resiliency; MC1262584): first a hard match (the source anchor, mS-DS-ConsistencyGuid when populated else objectGUID, as an immutableId, equals the cloud user''s OnPremisesImmutableId, case-sensitively); else a soft match of the on-premises primary SMTP address (the SMTP: proxy, else mail) with a cloud user''s primary SMTP address (a model assumption: Microsoft does not say; compared without case); else, with SoftMatchOnUpn, of the UPN, when its suffix is verified; else a new cloud user. A soft-match target must be a user (ObjectTypeMismatch), not already anchored or synchronized (TargetAnchored: InvalidSoftMatch, a duplicate is created), holding no admin role (AdminRoleConflict). BlockSoftMatch makes every soft match a duplicate (SoftMatchBlocked); BlockHardMatchTakeover, or a role on the target since mid-2026, fails a hard match onto a cloud-managed user, including one whose sync was turned off (HardMatchBlocked); a user still synchronized with the same anchor keeps syncing. A cloud user holding the on-premises SID with another anchor fails the export (SecurityIdentifierConflict). Two on-premises users that would join one cloud user both get DuplicateOnPremises.'
        'Warnings do not change the outcome but will bite: UnverifiedUpnSuffix (the cloud UPN becomes MailNickName@initial domain, and a matched user''s UPN is overwritten with it), UpnConflict (the UPN is another cloud user''s: quarantined), AddressConflict (an address another cloud user holds: dropped), PossibleDuplicate (a new user, although a cloud user has the same display name or mail local part).'
        'On-premises users are read by property name: ObjectGUID, mS-DS-ConsistencyGuid, UserPrincipalName, mail or EmailAddress, proxyAddresses (a collection, or a ;-joined CSV cell), mailNickname, SamAccountName, DistinguishedName, displayName, objectSid or SID, isCriticalSystemObject. Cloud users: Id or ObjectId, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId or ImmutableId, OnPremisesSyncEnabled, LastDirSyncTime, ObjectType or @odata.type, OnPremisesSecurityIdentifier, DisplayName. Results come once the input ends (the last check needs every user); a summary per outcome is written to the verbose stream.'
    )
    Parameters  = @{
        InputObject            = 'An on-premises user. Binds from the pipeline.'
        CloudUser              = 'The tenant''s users (Get-MgUser -All -Property Id,UserPrincipalName,Mail,ProxyAddresses,OnPremisesImmutableId,OnPremisesSyncEnabled,DisplayName), Get-MsolUser output, or CSV rows of either. Groups and contacts may be included, marked by ObjectType or @odata.type.'
        VerifiedDomain         = 'The tenant''s verified domains: names, or what Get-MgDomain returns (only the objects with IsVerified true count). A UPN suffix not on the list is unverified; the one ending in .onmicrosoft.com is the initial domain used for predicted UPNs. Without it, a routable suffix is taken as verified.'
        SoftMatchOnUpn         = 'Whether the tenant soft-matches on the UPN ([bool], $true by default: tenants that began syncing on or after 30 March 2016 have it, and it cannot be turned off); -SoftMatchOnUpn $false (or :$false) for older tenants without it.'
        BlockSoftMatch         = 'The tenant has BlockSoftMatchEnabled on: no soft matches at all.'
        BlockHardMatchTakeover = 'The tenant has BlockCloudObjectTakeoverThroughHardMatchEnabled on: no hard match onto a cloud-managed user.'
        PrivilegedUser         = 'Ids or UPNs of cloud users holding admin roles (for example from Get-MgDirectoryRoleMember).'
        IncludeUnmatchedCloud  = 'Afterwards, one result (Outcome CloudOnly) per cloud user no on-premises user joins, so the output is a complete plan.'
    }
    Inputs      = @(
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'On-premises users with the properties listed above.' }
    )
    Outputs     = @(
        @{ Type = 'SyncMatch.MatchResult'; Description = 'The predicted outcome of one user.' }
    )
    Notes       = @(
        'Model assumptions (Microsoft does not document them): the on-premises primary SMTP address is compared with the cloud primary SMTP address (the SMTP: proxy, else Mail), case-insensitively; UPNs are compared case-insensitively.'
        'Not modelled: the onPremisesObjectIdentifier hardening of July 2026 (MC1263280) needs a property Get-MgUser does not return by default.'
        'Warnings is a list; as text (Export-Csv) it is joined with " | ".'
        'When many on-premises users target one cloud user (DuplicateOnPremises), each Detail names at most five of the others and how many there are; every result with that CloudObjectId and Reason is the full group ($plan | Where-Object Reason -eq DuplicateOnPremises | Group-Object CloudObjectId).'
        'Detail and warning messages show control characters escaped (\x1B).'
        'Error ids: NoInput (terminating), CloudUserNull (terminating: -CloudUser is $null, most often an unset variable; pass @() for a tenant with no users), NullInput, InvalidInputObject, InvalidCloudUser (an item that is not a cloud object: $null, a string, a script block, one without Id, or one the input bounds refuse; it is left out), AmbiguousProperty, and the anchor ids (MissingSourceAnchor, TypeNameNotValue, InvalidGuid, …) for a user whose source anchor cannot be read.'
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
            Title   = 'Hard-match the duplicates before they happen'
            Code    = @'
Get-ADUser -Filter * -Properties mail, proxyAddresses, mS-DS-ConsistencyGuid |
    Test-SoftMatch -CloudUser $cloud -VerifiedDomain (Get-MgDomain) |
    Where-Object Reason -eq 'TargetAnchored' |
    ForEach-Object { Update-MgUser -UserId $_.CloudObjectId -OnPremisesImmutableId $_.ImmutableId -WhatIf }
'@
            Remarks = 'A cloud user that already carries another (or a custom) anchor will not soft-match; stamping the on-premises anchor on it turns the duplicate into a hard match. Remove -WhatIf to write.'
        }
        @{
            Title   = 'Tenant switches'
            Code    = 'Get-ADUser -Filter * -Properties mail, proxyAddresses | Test-SoftMatch -CloudUser $cloud -BlockSoftMatch -PrivilegedUser (Get-MgDirectoryRoleMember -DirectoryRoleId $globalAdminRoleId).Id'
            Remarks = 'Predicts for a tenant that blocks soft matching, with the global administrators marked.'
        }
    )
    Links       = @(
        @{ Text = 'ConvertTo-ImmutableId'; Uri = '' }
        @{ Text = 'Test-SyncReadiness'; Uri = '' }
        @{ Text = 'Entra Connect: when you already have Entra ID'; Uri = 'https://learn.microsoft.com/entra/identity/hybrid/connect/how-to-connect-install-existing-tenant' }
    )
}
