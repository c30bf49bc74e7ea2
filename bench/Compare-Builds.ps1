<#
.SYNOPSIS
    Two builds of the module on the benchmarks' workloads, runs alternating (before, after,
    before, …), each in a fresh process: the median of each, and after / before. How a change
    is held to "no benchmark more than 10 % slower". Prints a table (Markdown with -OutFile).

.DESCRIPTION
    Build the earlier commit in a worktree first, e.g.
        git worktree add /tmp/before <commit>; (cd /tmp/before && ./build.sh Build)
    then
        dotnet pwsh -NoProfile -File bench/Compare-Builds.ps1 -Before /tmp/before/out/SyncMatch/SyncMatch.psd1 -After out/SyncMatch/SyncMatch.psd1

    Each workload is one measured role of a Measure-*.ps1 script (its own inputs, its own
    timing), at the sizes below: the file workloads at the sizes of docs/benchmarks.md, the object
    workloads smaller (generating a million PowerShell objects per run would take most of the
    time). ConvertTo-ImmutableId is timed warm, as Measure-AnchorConversion.ps1 times it (the
    median of 7 runs after one unmeasured).
#>
param(
    [Parameter(Mandatory)] [string] $Before,
    [Parameter(Mandatory)] [string] $After,
    [int] $Repeat = 5,
    # Only the workloads whose names match (wildcards).
    [string] $Only = '*',
    [string] $WorkFolder = (Join-Path ([IO.Path]::GetTempPath()) 'syncmatch-compare'),
    [string] $Role,
    [string] $ModuleManifest,
    [string] $ResultFile
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchmarkHelpers.ps1')

if ($Role -eq 'Anchor') {
    # ConvertTo-ImmutableId -Guid $strings -NoEnumerate, 1M GUID texts, warm.
    Import-Module $ModuleManifest
    $strings = [string[]]::new(1000000)
    for ($i = 0; $i -lt $strings.Count; $i++) { $strings[$i] = [guid]::NewGuid().ToString() }
    $null = ConvertTo-ImmutableId -Guid $strings -NoEnumerate
    $times = foreach ($run in 1..7) {
        [GC]::Collect()
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $null = ConvertTo-ImmutableId -Guid $strings -NoEnumerate
        $watch.Elapsed.TotalSeconds
    }
    [pscustomobject]@{ Seconds = @($times | Sort-Object)[3] } | ConvertTo-Json -Compress | Set-Content $ResultFile
    return
}

$null = New-Item -ItemType Directory -Force $WorkFolder
$readinessCsv = Join-Path $WorkFolder 'readiness.csv'
if (-not (Test-Path $readinessCsv)) {
    # The file Measure-ExportReadiness.ps1 writes.
    $writer = [IO.StreamWriter]::new($readinessCsv, $false, [Text.UTF8Encoding]::new($true))
    $writer.WriteLine('"DistinguishedName","ObjectClass","SamAccountName","UserPrincipalName","mail","mailNickname","proxyAddresses","displayName","givenName","sn","isCriticalSystemObject","msExchRecipientTypeDetails"')
    for ($i = 0; $i -lt 1000000; $i++) {
        $upn = if ($i % 100 -eq 50) { "u$i@contoso.local" } else { "u$i@contoso.com" }
        $writer.WriteLine("`"CN=User $i,OU=Staff,DC=contoso,DC=com`",`"user`",`"u$i`",`"$upn`",`"u$i@contoso.com`",`"u$i`",`"SMTP:u$i@contoso.com;smtp:user.$i@contoso.com`",`"User $i`",`"User`",`"$i`",`"`",`"`"")
    }
    $writer.Dispose()
}
$adCsv = Join-Path $WorkFolder 'ad.csv'
$cloudCsv = Join-Path $WorkFolder 'cloud.csv'
if (-not (Test-Path $cloudCsv)) {
    # Measure-ExportSoftMatch.ps1's own writer of the two exports.
    $ast = [Management.Automation.Language.Parser]::ParseFile((Join-Path $PSScriptRoot 'Measure-ExportSoftMatch.ps1'), [ref]$null, [ref]$null)
    $writeExports = $ast.Find({ param($node) $node -is [Management.Automation.Language.FunctionDefinitionAst] -and $node.Name -eq 'Write-Exports' }, $true)
    . ([scriptblock]::Create($writeExports.Extent.Text))
    Write-Exports 1000000 $adCsv $cloudCsv
}

$workloads = @(
    @{ Name = 'Test-SyncReadiness 1M from a CSV file'; Script = 'Measure-ExportReadiness.ps1'; Role = 'Export'; Arguments = @{ Count = 1000000; CsvPath = $readinessCsv } }
    @{ Name = 'Test-SoftMatch 1M x 1M from two CSV files'; Script = 'Measure-ExportSoftMatch.ps1'; Role = 'Export'; Arguments = @{ Count = '1000000'; OnPremisesPath = $adCsv; CloudPath = $cloudCsv } }
    # Issue 25: the after build joins forests on mail (every user has one), the before build has no forest join.
    @{ Name = 'Test-SoftMatch 1M x 1M from two CSV files, after with -ForestJoin Mail'; Script = 'Measure-ExportSoftMatch.ps1'; Role = 'Export'; Arguments = @{ Count = '1000000'; OnPremisesPath = $adCsv; CloudPath = $cloudCsv }; AfterArguments = @{ ForestJoin = 'Mail' } }
    @{ Name = 'Test-SoftMatch 1M x 1M to a file (-OutFile)'; Script = 'Measure-ExportSoftMatch.ps1'; Role = 'ExportToFile'; Arguments = @{ Count = '1000000'; OnPremisesPath = $adCsv; CloudPath = $cloudCsv; OutPath = (Join-Path $WorkFolder 'out.csv') } }
    @{ Name = 'Test-SyncReadiness 200k objects'; Script = 'Measure-SyncReadiness.ps1'; Role = 'SyncMatch'; Arguments = @{ Count = 200000 } }
    @{ Name = 'Test-SoftMatch 100k x 100k objects'; Script = 'Measure-SoftMatch.ps1'; Role = 'SyncMatch'; Arguments = @{ Count = '100000' } }
    @{ Name = 'New-HardMatchPlan 20k rows x 200k cloud users'; Script = 'Measure-HardMatchPlan.ps1'; Role = 'SyncMatch'; Arguments = @{ Rows = 20000; Count = 200000 } }
    @{ Name = 'New-HardMatchPlan 100k rows x 1M cloud users (the documented size)'; Script = 'Measure-HardMatchPlan.ps1'; Role = 'SyncMatch'; Arguments = @{ Rows = 100000; Count = 1000000 } }
    @{ Name = 'ConvertTo-ImmutableId -Guid $strings -NoEnumerate, 1M, warm'; Script = 'Compare-Builds.ps1'; Role = 'Anchor'; Arguments = @{ Before = 'x'; After = 'x' } }
)
$workloads = @($workloads | Where-Object { $_.Name -like $Only })
$builds = [ordered]@{ before = (Resolve-Path $Before).Path; after = (Resolve-Path $After).Path }
$times = @{}
foreach ($run in 1..$Repeat) {
    foreach ($build in $builds.Keys) {
        foreach ($workload in $workloads) {
            $arguments = @{ ModuleManifest = $builds[$build] } + $workload.Arguments
            if ($build -eq 'after' -and $workload.AfterArguments) { $arguments += $workload.AfterArguments }
            $result = Invoke-BenchmarkRun -Script (Join-Path $PSScriptRoot $workload.Script) -Name $workload.Role -Arguments $arguments
            $key = "$($workload.Name)|$build"
            if (-not $times.ContainsKey($key)) { $times[$key] = [Collections.Generic.List[double]]::new() }
            $times[$key].Add([double]$result.Seconds)
        }
    }
}
function Get-Median($values) { $sorted = @($values | Sort-Object); $sorted[[int][math]::Floor($sorted.Count / 2)] }
$rows = foreach ($workload in $workloads) {
    $beforeTimes = $times["$($workload.Name)|before"]; $afterTimes = $times["$($workload.Name)|after"]
    $ratio = (Get-Median $afterTimes) / (Get-Median $beforeTimes)
    [pscustomobject]@{
        Workload = $workload.Name
        'Before s' = '{0:N3}' -f (Get-Median $beforeTimes)
        'After s' = '{0:N3}' -f (Get-Median $afterTimes)
        'After / before' = '{0:N2}' -f $ratio
        'Within 10 %' = $(if ($ratio -le 1.10) { 'yes' } else { 'NO' })
        Runs = (($beforeTimes | ForEach-Object { '{0:N2}' -f $_ }) -join ' ') + ' / ' + (($afterTimes | ForEach-Object { '{0:N2}' -f $_ }) -join ' ')
    }
}
$machine = "{0} cores, {1}, PowerShell {2}" -f [Environment]::ProcessorCount, [Runtime.InteropServices.RuntimeInformation]::OSDescription, $PSVersionTable.PSVersion
"Before: $Before`nAfter: $After`nMedian of $Repeat runs each, alternating; $machine"
$rows | Format-Table -AutoSize | Out-String -Width 240
