<#
.SYNOPSIS
    Benchmark for issue 9: New-HardMatchPlan planning -Rows mapping rows against -Count cloud users
    (PowerShell objects), against a floor row in the same run. Each row runs in a process of its own.

.DESCRIPTION
    Cloud users as Get-MgUser returns them (Id, UserPrincipalName, OnPremisesImmutableId,
    OnPremisesSyncEnabled); directory users as Get-ADUser returns them; mapping rows with the
    seed's columns (Username, UserPrincipalName). 1% of the rows meet a guard rail (an anchored or
    synchronized target, a missing user, a duplicate target).

    The floor is a compiled cmdlet that takes the rows from the pipeline and the directory and
    cloud users as parameters, reads through PowerShell's public API the properties
    New-HardMatchPlan reads, and writes one object per row: what any cmdlet doing this job pays
    PowerShell. Times cover the planning only.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Rows = 100000,
    [int] $Count = 1000000,
    [ValidateSet('Compare', 'SyncMatch', 'Floor')] [string] $Role = 'Compare',
    [string] $ResultFile,
    [string] $OutFile
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchmarkHelpers.ps1')
$ModuleManifest = (Resolve-Path $ModuleManifest).Path

function New-Inputs([int] $Rows, [int] $Count) {
    $cloud = [object[]]::new($Count)
    for ($i = 0; $i -lt $Count; $i++) {
        $immutableId = $null; $synced = $null
        if ($i % 100 -eq 7) { $immutableId = [Convert]::ToBase64String([guid]::new($i, 9, 9, [byte[]](1, 2, 3, 4, 5, 6, 7, 8)).ToByteArray()) }
        if ($i % 100 -eq 8) { $synced = $true; $immutableId = 'c3luY2Vk' + $i }
        $cloud[$i] = [pscustomobject]@{ Id = [guid]::new($i, 2, 2, [byte[]](1, 2, 3, 4, 5, 6, 7, 8)).ToString(); UserPrincipalName = "u$i@contoso.com"; OnPremisesImmutableId = $immutableId; OnPremisesSyncEnabled = $synced }
    }
    $ad = [object[]]::new($Rows)
    $map = [object[]]::new($Rows)
    for ($i = 0; $i -lt $Rows; $i++) {
        $ad[$i] = [pscustomobject]@{ DistinguishedName = "CN=User $i,OU=Staff,DC=contoso,DC=com"; ObjectGUID = [guid]::new($i, 1, 1, [byte[]](1, 2, 3, 4, 5, 6, 7, 8)); SamAccountName = "u$i"; UserPrincipalName = "u$i@contoso.local"; 'mS-DS-ConsistencyGuid' = $null; isCriticalSystemObject = $null; msExchRecipientTypeDetails = $null }
        $user = if ($i % 100 -eq 9) { "missing$i" } else { "u$i" }
        $target = if ($i % 100 -eq 10) { "u$($i - 1)@contoso.com" } else { "u$i@contoso.com" }
        $map[$i] = [pscustomobject]@{ Username = $user; UserPrincipalName = $target }
    }
    $ad, $cloud, $map
}

if ($Role -ne 'Compare') {
    $ad, $cloud, $map = New-Inputs $Rows $Count
    if ($Role -eq 'SyncMatch') { Import-Module $ModuleManifest }
    [GC]::Collect()
    Reset-PeakMemory
    $watch = [Diagnostics.Stopwatch]::StartNew()
    if ($Role -eq 'SyncMatch') {
        $items = $map | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -WarningAction SilentlyContinue
        $seconds = $watch.Elapsed.TotalSeconds
        $actions = $items | Group-Object Reason | ForEach-Object { "$($_.Name) $($_.Count)" }
        $written = @($items).Count
    } else {
        Add-Type -TypeDefinition @'
using System.Management.Automation;
[Cmdlet("Read", "PlanAttributes")]
public sealed class ReadPlanAttributesCommand : PSCmdlet
{
    private static readonly string[] RowNames = { "ObjectGUID", "DistinguishedName", "SamAccountName", "OnPremisesUserPrincipalName", "Username", "ADUser",
        "CloudUserId", "CloudUserPrincipalName", "O365User", "365User", "UserPrincipalName", "mS-DS-ConsistencyGuid" };
    private static readonly string[] UserNames = { "DistinguishedName", "ObjectClass", "SamAccountName", "UserPrincipalName", "mail", "mailNickname",
        "targetAddress", "displayName", "givenName", "sn", "proxyAddresses", "isCriticalSystemObject", "msExchRecipientTypeDetails", "ObjectGUID", "mS-DS-ConsistencyGuid", "SID" };
    private static readonly string[] CloudNames = { "Id", "UserPrincipalName", "Mail", "ProxyAddresses", "OnPremisesImmutableId", "OnPremisesSyncEnabled",
        "LastDirSyncTime", "@odata.type", "OnPremisesSecurityIdentifier", "DisplayName", "OnPremisesObjectIdentifier", "RecipientTypeDetails" };
    [Parameter(ValueFromPipeline = true)] public PSObject InputObject { get; set; }
    [Parameter] public object[] OnPremisesUser { get; set; }
    [Parameter] public object[] CloudUser { get; set; }
    public long Present;
    protected override void BeginProcessing()
    {
        foreach (object user in CloudUser) { Read(PSObject.AsPSObject(user), CloudNames); }
        foreach (object user in OnPremisesUser) { Read(PSObject.AsPSObject(user), UserNames); }
    }
    protected override void ProcessRecord() { Read(InputObject, RowNames); WriteObject(new PSObject()); }
    private void Read(PSObject item, string[] names) { foreach (string name in names) { if (item.Properties[name]?.Value is not null) { Present++; } } }
}
'@ -PassThru | Select-Object -First 1 | ForEach-Object { Import-Module $_.Assembly }
        $watch.Restart()
        $written = @($map | Read-PlanAttributes -OnPremisesUser $ad -CloudUser $cloud).Count
        $seconds = $watch.Elapsed.TotalSeconds
        $actions = @()
    }
    [pscustomobject]@{ Seconds = $seconds; PeakBytes = (Get-PeakMemory); Written = $written; Reasons = @($actions) } |
        ConvertTo-Json -Depth 3 -Compress | Set-Content $ResultFile
    return
}

$ours = Invoke-BenchmarkRun -Script $PSCommandPath -Name 'SyncMatch' -Arguments @{ ModuleManifest = $ModuleManifest; Rows = $Rows; Count = $Count }
$floor = Invoke-BenchmarkRun -Script $PSCommandPath -Name 'Floor' -Arguments @{ ModuleManifest = $ModuleManifest; Rows = $Rows; Count = $Count }
if ($ours.Written -ne $Rows -or $floor.Written -ne $Rows) { throw "Expected $Rows items from each row, got $($ours.Written) and $($floor.Written)." }
$machine = "{0} cores, {1}, PowerShell {2}" -f [Environment]::ProcessorCount, [Runtime.InteropServices.RuntimeInformation]::OSDescription, $PSVersionTable.PSVersion
$table = @(
    [pscustomobject]@{ Run = 'New-HardMatchPlan'; Seconds = '{0:N2}' -f $ours.Seconds; 'Peak MiB' = '{0:N0}' -f ($ours.PeakBytes / 1MB) }
    [pscustomobject]@{ Run = 'floor: a cmdlet that reads the same inputs and writes one object per row'; Seconds = '{0:N2}' -f $floor.Seconds; 'Peak MiB' = '{0:N0}' -f ($floor.PeakBytes / 1MB) }
)
$ratio = $ours.Seconds / $floor.Seconds
"New-HardMatchPlan: {0:N0} rows against {1:N0} cloud users; $machine" -f $Rows, $Count
$table | Format-Table -AutoSize | Out-String -Width 200
"{0:N2}x the floor (target: within 2x: {1}); reasons: {2}" -f $ratio, $(if ($ratio -le 2) { 'met' } else { 'NOT met' }), ($ours.Reasons -join ', ')
if ($OutFile) {
    $lines = @(("{0:N0} rows against {1:N0} cloud users; $machine" -f $Rows, $Count), '', '| Run | Seconds | Peak MiB |', '|---|---:|---:|')
    $lines += $table | ForEach-Object { "| $($_.Run) | $($_.Seconds) | $($_.'Peak MiB') |" }
    $lines += '', ("{0:N2}x the floor." -f $ratio)
    Set-Content -Path $OutFile -Value $lines
}
