<#
.SYNOPSIS
    The seed article's HardMatch.ps1, done right: plan every row with its guard rails, review,
    then write through Microsoft Graph with a journal (undo: Undo-HardMatchPlan -JournalPath).

.EXAMPLE
    ./HardMatch.ps1 -MappingPath users.csv `
        -OnPremisesUser (Get-ADUser -Filter * -Properties mail, proxyAddresses, mailNickname, mS-DS-ConsistencyGuid, isCriticalSystemObject, msExchRecipientTypeDetails) `
        -CloudUser (Get-MgUser -All -Property Id, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId, OnPremisesSyncEnabled) `
        -DeletedCloudUser (Get-MgDirectoryDeletedItemAsUser -All -Property Id, UserPrincipalName, OnPremisesImmutableId) `
        -PrivilegedUser $roleHolders -VerifiedDomain (Get-MgDomain) -FederatedDomain (Get-MgDomain) -TenantSetting (Get-MgDirectoryOnPremiseSynchronization)
    Plans and shows what would be written (-WhatIf is on until you pass -Write). $roleHolders: the
    privileged role holders, assigned and eligible, collected as the README shows.
#>
[CmdletBinding()]
param(
    # users.csv: the seed's columns (Username and the cloud UserPrincipalName; ADUser / O365User work too).
    [Parameter(Mandatory)] [string] $MappingPath,
    [Parameter(Mandatory)] [object[]] $OnPremisesUser,
    [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $CloudUser,
    # Every guard rail's input: without one, its guard rail is not checked (New-HardMatchPlan warns).
    [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $DeletedCloudUser,
    [Parameter(Mandatory)] [AllowEmptyCollection()] [string[]] $PrivilegedUser,
    [Parameter(Mandatory)] [object[]] $VerifiedDomain,
    [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $FederatedDomain,
    [Parameter(Mandatory)] [object] $TenantSetting,
    [string] $JournalPath = "hardmatch-$(Get-Date -Format yyyyMMdd-HHmmss).jsonl",
    # Write for real (otherwise -WhatIf).
    [switch] $Write
)
$guardRails = @{
    DeletedCloudUser = $DeletedCloudUser; PrivilegedUser = $PrivilegedUser; VerifiedDomain = $VerifiedDomain
    FederatedDomain = $FederatedDomain; TenantSetting = $TenantSetting
}
$plan = Import-Csv $MappingPath | New-HardMatchPlan -OnPremisesUser $OnPremisesUser -CloudUser $CloudUser @guardRails -ErrorVariable unread -ErrorAction SilentlyContinue
$unread | ForEach-Object { "Not read: $($_.Exception.Message)" }
$plan | Group-Object Action, Reason | Format-Table Count, Name -AutoSize | Out-String
$plan | Where-Object Action -eq Blocked | ForEach-Object { "Blocked: {0} -> {1}: {2}" -f $_.Identity, $_.CloudUserPrincipalName, $_.Detail }
$plan | Where-Object Action -eq Set | ForEach-Object { foreach ($warning in $_.Warnings) { "Warning: {0}: {1}" -f $_.Identity, $warning } }
$plan | Invoke-HardMatchPlan -JournalPath $JournalPath -Force -WhatIf:(-not $Write) | Format-Table Identity, UserPrincipalName, State, Code -AutoSize | Out-String -Width 200
