<#
.SYNOPSIS
    Issue 19's measure: Test-SyncReadiness on objects against its floor, warm, in one process.
    Prints a table (and writes it as Markdown with -OutFile).

.DESCRIPTION
    The directory is the readiness benchmarks' (New-ReadinessDirectory: UPN, mail, 3 proxies, 1%
    planted problems), -Count users. The floor is a compiled cmdlet that reads the attributes
    Test-SyncReadiness reads, by the same names, through PowerShell's public API
    (PSObject.Properties[name].Value), and writes one object per input: what any cmdlet that
    reads these objects and answers for each must pay. Test-SyncReadiness writes a finding only
    for the 1% with a problem, so the floor is the stricter of the two on output.

    Warm: both run once unmeasured (the runtime compiles them), then -Repeat times each,
    alternating; the table gives each side's median and the ratio of the medians.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Count = 200000,
    [int] $Repeat = 5,
    [string] $OutFile
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchmarkHelpers.ps1')
Import-Module (Resolve-Path $ModuleManifest).Path
$verified = @('contoso.com', 'contoso.onmicrosoft.com')

Add-Type -TypeDefinition @'
using System.Management.Automation;
public sealed class FloorReadiness { public string Identity; public int Present; }
[Cmdlet("Read", "ReadinessFloor")]
public sealed class ReadReadinessFloorCommand : PSCmdlet
{
    [Parameter(Mandatory = true)] public string[] Name { get; set; }
    [Parameter(ValueFromPipeline = true)] public PSObject InputObject { get; set; }
    protected override void ProcessRecord()
    {
        var result = new FloorReadiness();
        foreach (string name in Name)
        {
            if (InputObject.Properties[name]?.Value is object value)
            {
                result.Present++;
                if (name == "DistinguishedName") { result.Identity = value as string; }
            }
        }
        if (Write) { WriteObject(result); }
    }
    [Parameter] public SwitchParameter Write { get; set; }
}
'@ -PassThru | Select-Object -First 1 | ForEach-Object { Import-Module $_.Assembly }

# The directory object's names, from the schema (the about topic is generated from it): the
# repository's, so the floor is the same whichever build is measured.
$about = Get-Content (Join-Path $PSScriptRoot '../module/about/about_SyncMatch_Input.help.txt')
$section = $false
$names = foreach ($line in $about) {
    if ($line -match '^\s{4}\S') { $section = $line -match 'Directory object' ; continue }
    if ($section -and $line -match '^\s{8}\S+\s{2,}(.+)$') { $Matches[1] -split ',\s*' }
}
if (-not $names) { throw 'No directory-object names found in about_SyncMatch_Input.' }

$users = New-ReadinessDirectory $Count
function Measure-Once([scriptblock] $Work) {
    [GC]::Collect(); [GC]::WaitForPendingFinalizers()
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $null = & $Work
    $watch.Elapsed.TotalSeconds
}
$ours = { $users | Test-SyncReadiness -VerifiedDomain $verified }
$floor = { $users | Read-ReadinessFloor -Name $names -Write }
$readOnly = { $users | Read-ReadinessFloor -Name $names }
$null = Measure-Once $ours; $null = Measure-Once $floor; $null = Measure-Once $readOnly
$oursTimes = [Collections.Generic.List[double]]::new(); $floorTimes = [Collections.Generic.List[double]]::new()
$readTimes = [Collections.Generic.List[double]]::new()
for ($i = 0; $i -lt $Repeat; $i++) {
    $oursTimes.Add((Measure-Once $ours)); $floorTimes.Add((Measure-Once $floor)); $readTimes.Add((Measure-Once $readOnly))
}
function Get-Median($values) { $sorted = @($values | Sort-Object); $sorted[[int][math]::Floor($sorted.Count / 2)] }
$oursMedian = Get-Median $oursTimes; $floorMedian = Get-Median $floorTimes; $readMedian = Get-Median $readTimes
$machine = "{0} cores, {1}, PowerShell {2}" -f [Environment]::ProcessorCount, [Runtime.InteropServices.RuntimeInformation]::OSDescription, $PSVersionTable.PSVersion
$rows = @(
    [pscustomobject]@{ Run = 'Test-SyncReadiness (pipeline, warm)'; 'Median s' = '{0:N3}' -f $oursMedian; Runs = ($oursTimes | ForEach-Object { '{0:N3}' -f $_ }) -join ' ' }
    [pscustomobject]@{ Run = "floor: reads the $($names.Count) names, writes one object per input"; 'Median s' = '{0:N3}' -f $floorMedian; Runs = ($floorTimes | ForEach-Object { '{0:N3}' -f $_ }) -join ' ' }
    [pscustomobject]@{ Run = "stricter: reads the $($names.Count) names, writes nothing"; 'Median s' = '{0:N3}' -f $readMedian; Runs = ($readTimes | ForEach-Object { '{0:N3}' -f $_ }) -join ' ' }
)
$verdict = 'Test-SyncReadiness is {0:N2}x its floor (target <= 1.25x: {1}); {2:N2}x a cmdlet that only reads' -f ($oursMedian / $floorMedian), $(if ($oursMedian / $floorMedian -le 1.25) { 'met' } else { 'NOT met' }), ($oursMedian / $readMedian)
"Test-SyncReadiness on objects, warm: $($Count.ToString('N0')) users, median of $Repeat alternating runs; $machine"
$rows | Format-Table -AutoSize | Out-String -Width 200
$verdict
if ($OutFile) {
    $lines = @("$($Count.ToString('N0')) users, warm, median of $Repeat; $machine", '', '| Run | Median s | Runs |', '|---|---:|---|')
    $lines += $rows | ForEach-Object { "| $($_.Run) | $($_.'Median s') | $($_.Runs) |" }
    $lines += '', $verdict
    Set-Content -Path $OutFile -Value $lines
}
