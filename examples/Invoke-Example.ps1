<#
.SYNOPSIS
    The main job on the shipped example data: what SyncMatch tells an admin before Entra Connect
    is turned on. Run it with: dotnet pwsh ./build.ps1 -Task Example

.DESCRIPTION
    ad-users.csv is an on-premises export as Windows PowerShell 5.1 writes it (a #TYPE line,
    multi-valued proxyAddresses joined with ';', mS-DS-ConsistencyGuid as Base64, UTF-8 with BOM);
    cloud-users.csv is a Get-MgUser export (with two groups, marked by ObjectType), deleted-users.csv
    a Get-MgDirectoryDeletedItemAsUser export, tenant-sync.json the tenant's synchronization
    features. README.md beside them says what each object is for.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest
)
$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path $ModuleManifest).Path -Force

$adUsers = Import-Csv (Join-Path $PSScriptRoot 'ad-users.csv')
$cloudUsers = Import-Csv (Join-Path $PSScriptRoot 'cloud-users.csv')

function Write-Section([string] $Title) { "`n== $Title ==" }

Write-Section 'Source anchors of the on-premises users (ConvertTo-ImmutableId -PassThru)'
$anchored = $adUsers | ConvertTo-ImmutableId -PassThru -ErrorVariable anchorErrors -ErrorAction SilentlyContinue
$anchored | Select-Object SamAccountName, UserPrincipalName, ImmutableId | Format-Table -AutoSize | Out-String -Width 160
if ($anchorErrors) {
    'Could not compute an anchor for:'
    $anchorErrors | ForEach-Object { "  {0}: [{1}] {2}" -f $_.TargetObject.SamAccountName, $_.FullyQualifiedErrorId.Split(',')[0], $_.Exception.Message }
}

Write-Section 'Cloud users that already carry an anchor, and the AD user it points to'
$byGuid = @{}
foreach ($user in $adUsers) { $byGuid[$user.ObjectGUID] = $user.SamAccountName }
foreach ($cloudUser in $cloudUsers | Where-Object OnPremisesImmutableId) {
    $guid = $cloudUser | ConvertFrom-ImmutableId -ErrorVariable decodeError -ErrorAction SilentlyContinue
    $owner = if ($guid) { $byGuid["$guid"] } else { $null }
    "  {0,-32} {1,-26} -> {2}" -f $cloudUser.UserPrincipalName, $cloudUser.OnPremisesImmutableId,
        $(if ($owner) { "AD user $owner ($guid)" } elseif ($guid) { "GUID $guid, not in this AD export" } else { "not a GUID: $($decodeError[0].Exception.Message)" })
}

Write-Section 'Sync readiness: what Entra ID will reject or quarantine (Test-SyncReadiness)'
$findings = $adUsers | Test-SyncReadiness -VerifiedDomain contoso.com, contoso.onmicrosoft.com -ErrorAction SilentlyContinue -ErrorVariable readinessErrors
$findings | Sort-Object Severity, Rule | Format-Table Severity, Rule, Attribute, @{ n = 'Object'; e = { ($_.Identity -split ',')[0] } }, Value, Suggestion -AutoSize |
    Out-String -Width 200
'{0} findings: {1}' -f $findings.Count, (($findings | Group-Object Rule | Sort-Object Name | ForEach-Object { "$($_.Name) $($_.Count)" }) -join ', ')

$readinessErrors | ForEach-Object { "Not checked: {0}: [{1}] {2}" -f ($_.TargetObject.DistinguishedName -split ',')[0], $_.FullyQualifiedErrorId.Split(',')[0], $_.Exception.Message }

Write-Section 'The matching plan: where each object lands (Test-SoftMatch)'
# The tenant's own switches (Get-MgDirectoryOnPremiseSynchronization | ConvertTo-Json) and its
# soft-deleted users (Get-MgDirectoryDeletedItemAsUser), as exported.
$tenantSetting = Get-Content -Raw (Join-Path $PSScriptRoot 'tenant-sync.json') | ConvertFrom-Json
$deletedUsers = Import-Csv (Join-Path $PSScriptRoot 'deleted-users.csv')
$plan = $adUsers | Test-SoftMatch -CloudUser $cloudUsers -DeletedCloudUser $deletedUsers -TenantSetting $tenantSetting `
    -VerifiedDomain contoso.com, contoso.onmicrosoft.com -PrivilegedUser grace.green@contoso.com -IncludeUnmatchedCloud `
    -ErrorAction SilentlyContinue -ErrorVariable planErrors
$plan | Format-Table Outcome, Reason, MatchType, @{ n = 'Object'; e = { ($_.Identity -split ',')[0] } }, @{ n = 'Cloud'; e = { $_.CloudUserPrincipalName ?? $_.CloudObjectId } },
    @{ n = 'Predicted UPN'; e = { $_.PredictedUserPrincipalName } }, @{ n = 'Warnings'; e = { ($_.Warnings | ForEach-Object Code) -join ', ' } } -AutoSize | Out-String -Width 240
'Every input has its row; {0} also have an error record:' -f $planErrors.Count
$planErrors | ForEach-Object { "  [{0}] {1}" -f $_.FullyQualifiedErrorId.Split(',')[0], $_.Exception.Message }
'What to fix before sync:'
$plan | Where-Object Outcome -in 'Duplicate', 'Error', 'Restore' | ForEach-Object { "  {0}: {1}" -f ($_.Identity -split ',')[0], $_.Detail }
'Warnings worth reading:'
$plan | ForEach-Object { $object = ($_.Identity -split ',')[0]; $_.Warnings | ForEach-Object { "  {0}: {1}" -f $object, $_.Message } }

Write-Section 'Incomplete input is said, not silently planned (Get-ADUser without -Properties)'
$bare = $adUsers | Select-Object DistinguishedName, ObjectGUID, SamAccountName, UserPrincipalName
$null = $bare | Test-SoftMatch -CloudUser $cloudUsers -VerifiedDomain contoso.com, contoso.onmicrosoft.com -PrivilegedUser @() `
    -WarningVariable incomplete -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
$incomplete | ForEach-Object { "  WARNING: $($_.Message)" }

Write-Section 'One anchor in every spelling (Get-SourceAnchor)'
Get-SourceAnchor ($anchored | Select-Object -First 1).ImmutableId | Format-List | Out-String -Width 160

Write-Section 'The hard match (HardMatch.ps1: plan, review, write with a journal, undo), rehearsed against the Graph stand-in'
# No tenant here: the tests' in-memory stand-in for Invoke-MgGraphRequest and Get-MgContext holds
# the example cloud users and enforces what Entra ID enforces for onPremisesImmutableId. It is
# loaded in a runspace of its own, never in yours: a function named Invoke-MgGraphRequest left in
# a session would take the real cmdlet's place (functions win over cmdlets) and report writes that
# never happened.
$rehearsal = [powershell]::Create([System.Management.Automation.Runspaces.RunspaceFactory]::CreateRunspace())
$rehearsal.Runspace.Open()
try {
    $null = $rehearsal.AddScript({
        param($Manifest, $Examples, $AdUsers, $CloudUsers, $DeletedUsers, $TenantSetting)
        $ErrorActionPreference = 'Stop'
        Import-Module $Manifest
        . (Join-Path $Examples '../tests/pester/support/GraphStandIn.ps1')
        New-GraphTenant -TenantId $TenantSetting.Id
        foreach ($user in $CloudUsers | Where-Object UserPrincipalName) {
            Add-GraphUser $user.Id $user.UserPrincipalName $user.OnPremisesImmutableId ($user.OnPremisesSyncEnabled -eq 'True')
        }
        $journal = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-example-$PID-$([guid]::NewGuid().ToString('N')).jsonl"
        & (Join-Path $Examples 'HardMatch.ps1') -MappingPath (Join-Path $Examples 'users.csv') -OnPremisesUser $AdUsers -CloudUser $CloudUsers `
            -DeletedCloudUser $DeletedUsers -PrivilegedUser grace.green@contoso.com -VerifiedDomain contoso.com, contoso.onmicrosoft.com -FederatedDomain @() -TenantSetting $TenantSetting `
            -JournalPath $journal -Write -InformationAction SilentlyContinue -WarningAction SilentlyContinue
        'Undo-HardMatchPlan puts the previous values back:'
        Undo-HardMatchPlan -JournalPath $journal -Force -WarningAction SilentlyContinue | Format-Table UserPrincipalName, State, ImmutableId -AutoSize | Out-String
        Remove-Item (($journal -replace '\.jsonl$', '') + '*') -ErrorAction SilentlyContinue
    }).AddParameters(@{
            Manifest = (Resolve-Path $ModuleManifest).Path; Examples = $PSScriptRoot; AdUsers = $adUsers
            CloudUsers = $cloudUsers; DeletedUsers = $deletedUsers; TenantSetting = $tenantSetting
        })
    $rehearsal.Invoke()
    foreach ($failure in $rehearsal.Streams.Error) { throw $failure }
} finally {
    $rehearsal.Runspace.Dispose()
    $rehearsal.Dispose()
}
if (Get-Command Invoke-MgGraphRequest -CommandType Function -ErrorAction SilentlyContinue) { throw 'The rehearsal left its stand-in in this session.' }

Write-Section 'The whole assessment in one command (Invoke-SyncAssessment): report.html and three CSVs'
# The export files themselves are the input: read in the core, no Import-Csv.
$assessment = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-example-assessment-$PID"
$output = Invoke-SyncAssessment -OnPremisesUser (Join-Path $PSScriptRoot 'ad-users.csv') -CloudUser (Join-Path $PSScriptRoot 'cloud-users.csv') `
    -VerifiedDomain contoso.com, contoso.onmicrosoft.com -PrivilegedUser grace.green@contoso.com -TenantSetting $tenantSetting `
    -DeletedCloudUser $deletedUsers -OutputPath $assessment -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -InformationAction Continue 6>&1 |
    ForEach-Object { if ($_ -is [System.Management.Automation.InformationRecord]) { "  $($_.MessageData)" } else { $_ } }
$output | Where-Object { $_ -is [string] }
($output | Where-Object { $_ -is [SyncMatch.SyncAssessment] }).Files | Format-Table Name, Length -AutoSize | Out-String
"The folder: $assessment (open report.html in a browser)"
