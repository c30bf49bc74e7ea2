<#
.SYNOPSIS
    Benchmark for issue 10: Test-SyncReadiness on -Count users from a CSV file, read by the core
    (Import-DirectoryExport) against today's user path (Import-Csv, then Test-SyncReadiness on the
    rows). Each row in a process of its own; the file is written once, UTF-8, as Export-Csv writes it.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Count = 1000000,
    [ValidateSet('Compare', 'Export', 'ImportCsv')] [string] $Role = 'Compare',
    [string] $CsvPath,
    [string] $ResultFile
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchmarkHelpers.ps1')
$ModuleManifest = (Resolve-Path $ModuleManifest).Path
$Verified = 'contoso.com', 'contoso.onmicrosoft.com'

if ($Role -ne 'Compare') {
    Import-Module $ModuleManifest
    [GC]::Collect()
    Reset-PeakMemory
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $found = if ($Role -eq 'Export') {
        @(Import-DirectoryExport $CsvPath | Test-SyncReadiness -VerifiedDomain $Verified -WarningAction SilentlyContinue)
    } else {
        @(Import-Csv $CsvPath | Test-SyncReadiness -VerifiedDomain $Verified -WarningAction SilentlyContinue)
    }
    $seconds = $watch.Elapsed.TotalSeconds
    [pscustomobject]@{ Seconds = $seconds; PeakBytes = (Get-PeakMemory); Findings = $found.Count } | ConvertTo-Json -Compress | Set-Content $ResultFile
    return
}

$csv = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-export-bench-$PID.csv"
$writer = [IO.StreamWriter]::new($csv, $false, [Text.UTF8Encoding]::new($true))
try {
    $writer.WriteLine('"DistinguishedName","ObjectClass","SamAccountName","UserPrincipalName","mail","mailNickname","proxyAddresses","displayName","givenName","sn","isCriticalSystemObject","msExchRecipientTypeDetails"')
    for ($i = 0; $i -lt $Count; $i++) {
        $upn = if ($i % 100 -eq 50) { "u$i@contoso.local" } else { "u$i@contoso.com" }
        $writer.WriteLine("`"CN=User $i,OU=Staff,DC=contoso,DC=com`",`"user`",`"u$i`",`"$upn`",`"u$i@contoso.com`",`"u$i`",`"SMTP:u$i@contoso.com;smtp:user.$i@contoso.com`",`"User $i`",`"User`",`"$i`",`"`",`"`"")
    }
} finally { $writer.Dispose() }
try {
    $export = Invoke-BenchmarkRun -Script $PSCommandPath -Name 'Export' -Arguments @{ ModuleManifest = $ModuleManifest; Count = $Count; CsvPath = $csv }
    $objects = Invoke-BenchmarkRun -Script $PSCommandPath -Name 'ImportCsv' -Arguments @{ ModuleManifest = $ModuleManifest; Count = $Count; CsvPath = $csv }
} finally { Remove-Item $csv -ErrorAction SilentlyContinue }
if ($export.Findings -ne $objects.Findings) { throw "The export path found $($export.Findings) findings, the object path $($objects.Findings)." }
$machine = "{0} cores, {1}, PowerShell {2}" -f [Environment]::ProcessorCount, [Runtime.InteropServices.RuntimeInformation]::OSDescription, $PSVersionTable.PSVersion
"Test-SyncReadiness on {0:N0} users from one CSV file; $machine" -f $Count
@(
    [pscustomobject]@{ Run = 'Import-DirectoryExport | Test-SyncReadiness'; Seconds = '{0:N2}' -f $export.Seconds; 'Peak MiB' = '{0:N0}' -f ($export.PeakBytes / 1MB); Findings = $export.Findings }
    [pscustomobject]@{ Run = 'Import-Csv | Test-SyncReadiness (today''s path)'; Seconds = '{0:N2}' -f $objects.Seconds; 'Peak MiB' = '{0:N0}' -f ($objects.PeakBytes / 1MB); Findings = $objects.Findings }
) | Format-Table -AutoSize | Out-String -Width 200
"{0:N1}x faster (target >= 10x: {1})" -f ($objects.Seconds / $export.Seconds), $(if ($objects.Seconds / $export.Seconds -ge 10) { 'met' } else { 'NOT met' })
