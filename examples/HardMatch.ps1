<#
.SYNOPSIS
    The seed article's HardMatch.ps1, done right: plan every row with its guard rails, review,
    then write through Microsoft Graph with a journal (undo: Undo-HardMatchPlan -JournalPath).

.EXAMPLE
    ./HardMatch.ps1 -MappingPath users.csv -OnPremisesUser (Get-ADUser -Filter * -Properties mS-DS-ConsistencyGuid, isCriticalSystemObject, msExchRecipientTypeDetails) -CloudUser (Get-MgUser -All -Property Id, UserPrincipalName, OnPremisesImmutableId, OnPremisesSyncEnabled)
    Plans and shows what would be written (-WhatIf is on until you pass -Write).
#>
[CmdletBinding()]
param(
    # users.csv: the seed's columns (Username and the cloud UserPrincipalName; ADUser / O365User work too).
    [Parameter(Mandatory)] [string] $MappingPath,
    [Parameter(Mandatory)] [object[]] $OnPremisesUser,
    [Parameter(Mandatory)] [AllowEmptyCollection()] [object[]] $CloudUser,
    [string] $JournalPath = "hardmatch-$(Get-Date -Format yyyyMMdd-HHmmss).jsonl",
    # Write for real (otherwise -WhatIf).
    [switch] $Write
)
$plan = Import-Csv $MappingPath | New-HardMatchPlan -OnPremisesUser $OnPremisesUser -CloudUser $CloudUser -ErrorVariable unread -ErrorAction SilentlyContinue
$unread | ForEach-Object { "Not read: $($_.Exception.Message)" }
$plan | Group-Object Action, Reason | Format-Table Count, Name -AutoSize | Out-String
$plan | Where-Object Action -eq Blocked | ForEach-Object { "Blocked: {0} -> {1}: {2}" -f $_.Identity, $_.CloudUserPrincipalName, $_.Detail }
$plan | Invoke-HardMatchPlan -JournalPath $JournalPath -Force -WhatIf:(-not $Write) | Format-Table Identity, UserPrincipalName, State, Code -AutoSize | Out-String -Width 200
