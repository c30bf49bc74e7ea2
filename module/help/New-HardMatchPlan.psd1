@{
    Synopsis    = 'Plans hard matches before anything is written: for each mapping of an on-premises user to a cloud user, the immutableId to stamp, and every guard rail that must hold first.'
    Description = @(
        'New-HardMatchPlan replaces the seed article''s HardMatch.ps1 loop (read the AD user''s objectGUID, convert it, stamp it with Set-MsolUser -ImmutableId) with a plan that is checked offline and written nowhere. It returns one HardMatchPlanItem per input, in input order: Identity, SamAccountName, OnPremisesUserPrincipalName and CloudUserPrincipalName (both UPNs, so a review catches a wrong mapping), ImmutableId (the anchor to stamp), CloudUserId, PreviousImmutableId (the target''s value now), Action (Set, AlreadyMatched, Blocked), Reason (one stable code), Detail (one sentence) and Warnings.'
        'Input, from the pipeline, by property name: rows of a mapping CSV, Get-ADUser objects, or Test-SoftMatch results. The on-premises key is the first present of ObjectGUID, DistinguishedName, SamAccountName, OnPremisesUserPrincipalName, Username, ADUser (Username and ADUser match a sAMAccountName, a UPN or a DN). The cloud key is the first present of CloudUserId, CloudUserPrincipalName, O365User, 365User (O365User and 365User match an id or a UPN), and UserPrincipalName, which is read as the cloud UPN only in a row with no other cloud key and no ObjectGUID: a Get-ADUser object''s UserPrincipalName is the on-premises one. -OnPremisesUser resolves the on-premises key and gives the anchor (without it, a row that carries ObjectGUID is its own directory user); a Test-SoftMatch result carries its anchor (ImmutableId) and its target (CloudObjectId).'
        'Guard rails, each its own Reason: the target already holds the anchor (AlreadyMatched); the target is still synchronized (TargetSynchronized, never overridable); another object holds the anchor, which Entra ID would refuse with "Uniqueness violation. Property: SourceAnchor" (AnchorHeldBySyncedDuplicate when an earlier synchronization created a duplicate of this user, with the documented recovery in order; AnchorHeldByCloudUser; AnchorHeldByDeletedUser); the target holds another immutableId (TargetHasImmutableId, unless -AllowReplace: then Set with Reason ReplaceImmutableId and the old value in PreviousImmutableId); two rows stamp one target or one anchor goes to two targets (DuplicateTarget, DuplicateAnchor, all of them, each naming the others); the target holds a privileged role, assigned or eligible (PrivilegedTarget: blocked since 2026), its UPN is on a federated domain (FederatedDomain), its onPremisesObjectIdentifier is set (ObjectIdentifierSet: 2026 hardening), or the tenant blocks takeover through hard match (TakeoverBlocked); the on-premises user is out of the default sync scope (OnPremisesUserOutOfScope), not found (OnPremisesUserNotFound), named by a key that matches more than one on-premises user (AmbiguousOnPremisesKey: the same sAMAccountName in two domains; OtherOnPremisesUsers names them all) or has no readable anchor (InvalidAnchor); the target is not found (TargetNotFound), soft-deleted (TargetDeleted) or a group or contact (NotAUser: onPremisesImmutableId exists on users only); with -AllowReplace, the value replaced is another in-scope on-premises user''s anchor (PreviousAnchorInUse: that user would lose its cloud account at its next synchronization). Warnings that do not block: MailboxNotRemote (the cloud user has an Exchange Online mailbox and the on-premises user is no remote mailbox: the warning gives the Enable-RemoteMailbox -RemoteRoutingAddress <alias>@<tenant>.mail.onmicrosoft.com and Set-RemoteMailbox -ExchangeGuid commands with this user''s values), MailboxOnBothSides (a mailbox in Exchange on-premises too: decide which stays first), UpnChanges (after the match the cloud UPN becomes PredictedUserPrincipalName: the on-premises UPN, or the .onmicrosoft.com one when its suffix is not verified, the same UPN Test-SoftMatch predicts), AddressesLost (the cloud user''s SMTP addresses the on-premises user lacks, listed in LostAddresses: the join replaces the cloud addresses with the on-premises ones, so add them to proxyAddresses first), SoftMatchesOtherUser (the user''s own primary SMTP address or UPN belongs to another cloud user than the row names: a swapped row?), ValueUnreadable (a value of the user could not be read, such as a type name Export-Csv wrote; the user is planned on the others). When anything is Set, a warning says once that with password hash synchronization the on-premises password replaces the cloud one.'
        'Each item also carries the property names the write cmdlets use: UserId and OnPremisesImmutableId for Update-MgUser, UserPrincipalName (the cloud UPN) and ImmutableId for the retired Set-MsolUser. Set-MsolUser binds -UserPrincipalName and -ImmutableId by property name, so items pipe straight into it; Update-MgUser binds neither by property name (the Graph SDK''s generated cmdlets take only -InputObject and -BodyParameter from the pipeline), so use ForEach-Object, as the examples show.'
        'Guard rails need their inputs: without -PrivilegedUser, -DeletedCloudUser, -FederatedDomain, -VerifiedDomain or -TenantSetting (or -BlockHardMatchTakeover), or without mS-DS-ConsistencyGuid on -OnPremisesUser objects, the guard rail is not checked and a warning says so once, with the command that fetches it. Mailbox facts come from Exchange Online, not Graph: give each -CloudUser a RecipientTypeDetails and ExchangeGuid from Get-EXOMailbox, joined by the user''s id (ExternalDirectoryObjectId), as example 1 does; without them a warning says once that no mailbox advice is given. The seed''s mapping file is in the module: (Get-Module SyncMatch).ModuleBase/examples/users.csv (Username, UserPrincipalName).'
        '-Direction ToOnPremises plans the other way: the cloud user keeps its immutableId (synchronized once from a forest that is gone) and the on-premises user takes it in mS-DS-ConsistencyGuid; ConsistencyGuid holds the 16 bytes. It works only where the deployment anchors on mS-DS-ConsistencyGuid and the immutableId decodes to 16 bytes; otherwise the item says why (AnchorNotGuid, ObjectGuidDeployment, TargetHasNoImmutableId). It is blocked when another on-premises object already carries the anchor (AnchorHeldOnPremises), when the user''s mS-DS-ConsistencyGuid already holds another value (UserHasConsistencyGuid, unless -AllowReplace), and when the user is already synchronized (UserAlreadySynchronized: Entra Connect fails the export with "the sourceAnchor attribute has changed"). Items carry the user''s DN (Identity) and domain (OnPremisesDomain) for Set-ADUser -Identity -Server. Writing AD stays the admin''s own command.'
    )
    Parameters  = @{
        InputObject           = 'A mapping row, a Get-ADUser object or a Test-SoftMatch result. Binds from the pipeline; an array given as -InputObject is taken element by element.'
        OnPremisesUser        = 'The on-premises users the rows name: Get-ADUser -Properties mS-DS-ConsistencyGuid, isCriticalSystemObject, msExchRecipientTypeDetails output, or CSV rows of it.'
        CloudUser             = 'The tenant''s users: Get-MgUser -All -Property Id, UserPrincipalName, OnPremisesImmutableId, OnPremisesSyncEnabled (and OnPremisesObjectIdentifier where available), or Get-MsolUser output. A RecipientTypeDetails property (from Get-EXOMailbox) or a HasMailbox column says which have a mailbox.'
        DeletedCloudUser      = 'Soft-deleted users (Get-MgDirectoryDeletedItemAsUser -All -Property Id, UserPrincipalName, OnPremisesImmutableId): an anchor one of them holds cannot be stamped on another user. An export of them (Import-DirectoryExport of a CSV or JSON with Id and OnPremisesImmutableId) is read in the core.'
        TenantSetting         = 'What Get-MgDirectoryOnPremiseSynchronization returns (or its Features): BlockCloudObjectTakeoverThroughHardMatchEnabled blocks every stamp onto a cloud-managed user at the first synchronization. -BlockHardMatchTakeover given explicitly wins.'
        BlockHardMatchTakeover = 'The tenant has BlockCloudObjectTakeoverThroughHardMatchEnabled on.'
        PrivilegedUser        = 'Ids or UPNs of privileged role holders, assigned or eligible (PIM), directly or through a group: the README shows how to collect them.'
        VerifiedDomain        = 'The tenant''s verified domains: names, or what Get-MgDomain returns (those with IsVerified true). The UPN each user will have after the match (PredictedUserPrincipalName) is predicted with them, by Test-SoftMatch''s rule; the one ending in .onmicrosoft.com names the MOERA and the mailbox routing address.'
        FederatedDomain       = 'Federated domains: names, or what Get-MgDomain returns (the objects whose AuthenticationType is Federated count).'
        AllowReplace          = 'Replace a different immutableId the target already holds; the old value is kept in PreviousImmutableId (and the journal, when written).'
        SourceAnchorAttribute = 'The deployment''s source anchor: Auto (mS-DS-ConsistencyGuid when populated, else objectGUID), ConsistencyGuid, ObjectGUID, or the LDAP name of a custom attribute.'
        Direction             = 'ToCloud (default: stamp the cloud user) or ToOnPremises (the on-premises user takes the cloud user''s immutableId in mS-DS-ConsistencyGuid).'
    }
    Inputs      = @(
        @{ Type = 'System.Management.Automation.PSObject'; Description = 'Mapping rows, Get-ADUser objects or SyncMatch.MatchResult objects.' }
    )
    Outputs     = @(
        @{ Type = 'SyncMatch.HardMatchPlanItem'; Description = 'One stamp to make, or why not.' }
    )
    Notes       = @(
        'The guard rails and their sources are in about_SyncMatch_Model (docs/model.md), Hard match. The uniqueness error text is what admins report publicly ("Uniqueness violation. Property: SourceAnchor"): observed, not documented.'
        'Every input yields an item (a row that cannot be read gets a Blocked item beside its error record). A verbose line counts Set, AlreadyMatched and Blocked.'
        'Error ids: NoInput (terminating), ParameterNull (terminating: -OnPremisesUser or -DeletedCloudUser is $null), NullInput, InvalidInputObject, PropertyUnreadable, InvalidValueShape, NoExpectedProperty, InvalidCloudUser (left out), InvalidSourceAnchorAttribute, InvalidTenantSetting and InvalidFederatedDomain (terminating), the input-bound ids, and the anchor ids for an -OnPremisesUser item that cannot be read (left out).'
    )
    Examples    = @(
        @{
            Title   = 'HardMatch.ps1, checked first'
            Code    = @'
$ad = Get-ADUser -Filter * -Properties mail, proxyAddresses, mailNickname, mS-DS-ConsistencyGuid, isCriticalSystemObject, msExchRecipientTypeDetails
$cloud = Get-MgUser -All -Property Id, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId, OnPremisesSyncEnabled
# Mailbox facts are Exchange Online's: joined to each cloud user by its id.
$mailboxes = @{}
Get-EXOMailbox -ResultSize Unlimited -Properties ExchangeGuid | ForEach-Object { $mailboxes[[string]$_.ExternalDirectoryObjectId] = $_ }
$cloud = $cloud | Select-Object *, @{ n = 'RecipientTypeDetails'; e = { $mailboxes[$_.Id].RecipientTypeDetails } }, @{ n = 'ExchangeGuid'; e = { $mailboxes[$_.Id].ExchangeGuid } }
# Privileged role holders, assigned and eligible, directly or through a group (the README explains).
$roleHolders = @(Get-MgRoleManagementDirectoryRoleAssignment -All) + @(Get-MgRoleManagementDirectoryRoleEligibilitySchedule -All) |
    ForEach-Object PrincipalId | Sort-Object -Unique |
    ForEach-Object { $_; Get-MgGroupTransitiveMember -GroupId $_ -All -ErrorAction SilentlyContinue | ForEach-Object Id }
$plan = Import-Csv .\users.csv | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -PrivilegedUser $roleHolders `
    -DeletedCloudUser (Get-MgDirectoryDeletedItemAsUser -All -Property Id, UserPrincipalName, OnPremisesImmutableId) `
    -VerifiedDomain (Get-MgDomain) -FederatedDomain (Get-MgDomain) -TenantSetting (Get-MgDirectoryOnPremiseSynchronization)
$plan | Group-Object Action, Reason
$plan | Where-Object Warnings | Format-List Identity, CloudUserPrincipalName, PredictedUserPrincipalName, Warnings
'@
            Remarks = 'users.csv has the seed''s columns (Username and a cloud UPN column, or ADUser and O365User); the module ships one in (Get-Module SyncMatch).ModuleBase/examples/users.csv. Every guard rail has its input, so no "No -..." warning appears. Review the Blocked items and their Detail, and each warning, before writing anything.'
        }
        @{
            Title   = 'Write with Microsoft Graph (ForEach-Object: Update-MgUser binds nothing by property name)'
            Code    = @'
$plan | Where-Object Action -eq Set |
    ForEach-Object { Update-MgUser -UserId $_.UserId -OnPremisesImmutableId $_.OnPremisesImmutableId -WhatIf }
'@
            Remarks = 'Remove -WhatIf to write.'
        }
        @{
            Title   = 'The retired MSOnline cmdlet binds by property name'
            Code    = '$plan | Where-Object Action -eq Set | Set-MsolUser -WhatIf'
            Remarks = 'Set-MsolUser takes -UserPrincipalName (the cloud UPN) and -ImmutableId from each item by property name.'
        }
        @{
            Title   = 'From the matching plan: hard-match the users that would otherwise be duplicated'
            Code    = '$predicted = $ad | Test-SoftMatch -CloudUser $cloud -PrivilegedUser @(); $predicted | Where-Object Reason -eq TargetAnchored | New-HardMatchPlan -CloudUser $cloud -AllowReplace'
            Remarks = 'Each Test-SoftMatch result carries its anchor and its target; a still-synchronized target stays Blocked whatever -AllowReplace says.'
        }
        @{
            Title   = 'The other direction: the on-premises user takes the cloud immutableId'
            Code    = @'
Import-Csv .\users.csv | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -Direction ToOnPremises |
    Where-Object Action -eq Set |
    ForEach-Object { Set-ADUser -Identity $_.Identity -Server $_.OnPremisesDomain -Replace @{ 'mS-DS-ConsistencyGuid' = $_.ConsistencyGuid } -WhatIf }
'@
            Remarks = 'Only where the deployment anchors on mS-DS-ConsistencyGuid. -Server names the user''s domain: a user in another domain of the forest is not found without it.'
        }
    )
    Links       = @(
        @{ Text = 'Test-SoftMatch'; Uri = '' }
        @{ Text = 'ConvertTo-ImmutableId'; Uri = '' }
    )
}
