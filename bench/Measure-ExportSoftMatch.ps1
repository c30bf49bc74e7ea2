<#
.SYNOPSIS
    Benchmark for issue 10: Test-SoftMatch on -Count on-premises users against -Count cloud users,
    both read from CSV files, by the core (Import-DirectoryExport) against today's user path
    (Import-Csv both, then Test-SoftMatch on the rows), with the floor the issue names: parsing
    both files with the csv crate plus writing one result object per user. Each row in a process
    of its own; the files are written once (UTF-8 with a BOM, as Export-Csv writes them).

.DESCRIPTION
    On-premises users have a DN, sAMAccountName, UPN, mail, 3 proxyAddresses and an ObjectGUID;
    cloud users an Id, UPN, Mail, 2 ProxyAddresses, OnPremisesImmutableId and
    OnPremisesSyncEnabled. 1% of the users are planted: a hard match (the cloud user carries the
    on-premises user's immutableId under another address), a UPN-only match, and no match.

    The floor has two parts measured in the same run: `csv_floor` (bench/csv_floor.rs, built by
    `build.ps1 -Task Bench`) parses every field of both files with the csv crate, and a compiled
    cmdlet writes -Count result objects of Test-SoftMatch's shape (its properties, their strings
    made per object). No file-reading Test-SoftMatch can be faster than their sum.

    Both paths must give every user the same outcome, reason and cloud user (checked).

    Two more rows take the results to a file, the design that removes the floor of writing a
    result object per user: `Test-SoftMatch -OutFile` (rows written by the module, no object per
    result) against today's path to a file, `Import-Csv` both | Test-SoftMatch |
    Export-SyncMatchCsv. Both files must be byte for byte the same (checked).
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [string[]] $Count = @('1000000'),
    [ValidateSet('Compare', 'Export', 'ImportCsv', 'WriteFloor', 'ExportToFile', 'ImportCsvToFile')] [string] $Role = 'Compare',
    [string] $OutPath,
    [string] $OnPremisesPath,
    [string] $CloudPath,
    [string] $CsvFloorTool = (Join-Path $PSScriptRoot '../target/release/examples/csv_floor'),
    [string] $ResultFile,
    # The deployment's forest join (-ForestJoin), passed on when given.
    [string] $ForestJoin
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchmarkHelpers.ps1')
[int[]] $Count = $Count -split ',' | ForEach-Object { [int]::Parse($_.Trim(), [Globalization.CultureInfo]::InvariantCulture) }
$ModuleManifest = (Resolve-Path $ModuleManifest).Path
$Verified = 'contoso.com', 'contoso.onmicrosoft.com'
$Deployment = if ($ForestJoin) { @{ ForestJoin = $ForestJoin } } else { @{} }

if ($Role -ne 'Compare') {
    $size = $Count[0]
    Import-Module $ModuleManifest
    if ($Role -eq 'WriteFloor') {
        Add-Type -TypeDefinition ("using System.Management.Automation;`n" + $FloorResultSource + @'
[Cmdlet("Write", "FloorResult")]
public sealed class WriteFloorResultCommand : PSCmdlet
{
    [Parameter] public int Count { get; set; }
    protected override void EndProcessing()
    {
        var none = new object[0];
        for (int i = 0; i < Count; i++)
        {
            string number = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            WriteObject(new FloorResult
            {
                Identity = "CN=User " + number + ",OU=Staff,DC=contoso,DC=com",
                UserPrincipalName = "u" + number + "@contoso.com",
                ImmutableId = number.PadLeft(22, 'A') + "==",
                CloudObjectId = "c" + number,
                CloudUserPrincipalName = "u" + number + "@contoso.com",
                PredictedUserPrincipalName = "u" + number + "@contoso.com",
                Warnings = none,
                Detail = "Soft match on the primary SMTP address u" + number + "@contoso.com.",
            });
        }
    }
}
'@) -PassThru | Where-Object Name -EQ 'WriteFloorResultCommand' | ForEach-Object { Import-Module $_.Assembly }
    }
    [GC]::Collect()
    Reset-PeakMemory
    $watch = [Diagnostics.Stopwatch]::StartNew()
    $results = switch ($Role) {
        'Export' { Import-DirectoryExport $OnPremisesPath | Test-SoftMatch -CloudUser (Import-DirectoryExport $CloudPath) -VerifiedDomain $Verified -PrivilegedUser @() -WarningAction SilentlyContinue @Deployment }
        'ImportCsv' { $cloud = Import-Csv $CloudPath; Import-Csv $OnPremisesPath | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $Verified -PrivilegedUser @() -WarningAction SilentlyContinue }
        'WriteFloor' { Write-FloorResult -Count $size }
        'ExportToFile' { Import-DirectoryExport $OnPremisesPath | Test-SoftMatch -CloudUser (Import-DirectoryExport $CloudPath) -VerifiedDomain $Verified -PrivilegedUser @() -WarningAction SilentlyContinue -OutFile $OutPath }
        'ImportCsvToFile' { $cloud = Import-Csv $CloudPath; Import-Csv $OnPremisesPath | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $Verified -PrivilegedUser @() -WarningAction SilentlyContinue | Export-SyncMatchCsv -Path $OutPath }
    }
    $seconds = $watch.Elapsed.TotalSeconds
    $peak = Get-PeakMemory
    $keys = if ($Role -in 'WriteFloor', 'ExportToFile', 'ImportCsvToFile') { @() } else { @($results | ForEach-Object { "$($_.Identity)|$($_.Outcome)|$($_.Reason)|$($_.CloudObjectId)" }) }
    [pscustomobject]@{ Seconds = $seconds; PeakBytes = $peak; Results = @($results).Count; Keys = $keys } | ConvertTo-Json -Compress | Set-Content $ResultFile
    return
}

function Write-Exports([int] $Size, [string] $OnPremisesPath, [string] $CloudPath) {
    $bom = [Text.UTF8Encoding]::new($true)
    $ad = [IO.StreamWriter]::new($OnPremisesPath, $false, $bom)
    $cloud = [IO.StreamWriter]::new($CloudPath, $false, $bom)
    try {
        $ad.WriteLine('"DistinguishedName","ObjectClass","SamAccountName","UserPrincipalName","mail","proxyAddresses","displayName","ObjectGUID","mS-DS-ConsistencyGuid"')
        $cloud.WriteLine('"Id","UserPrincipalName","Mail","ProxyAddresses","OnPremisesImmutableId","OnPremisesSyncEnabled","DisplayName"')
        for ($i = 0; $i -lt $Size; $i++) {
            $guid = [guid]::new($i, 1, 0x4a5b, [byte[]](0x9c, 0x8d, 7, 6, 5, 4, 3, 2))
            $ad.WriteLine("`"CN=User $i,OU=Staff,DC=contoso,DC=com`",`"user`",`"u$i`",`"u$i@contoso.com`",`"u$i@contoso.com`",`"SMTP:u$i@contoso.com;smtp:user.$i@contoso.com;X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=u$i`",`"User $i`",`"$guid`",`"`"")
            $cloudId = [guid]::new($i, 2, 0x4a5b, [byte[]](0x9c, 0x8d, 7, 6, 5, 4, 3, 2))
            $upn = "u$i@contoso.com"; $proxies = "SMTP:u$i@contoso.com;smtp:u$i@contoso.onmicrosoft.com"; $immutableId = ''
            switch ($(if ($i % 100 -eq 50) { [math]::Floor($i / 100) % 3 } else { -1 })) {
                0 { $immutableId = [Convert]::ToBase64String($guid.ToByteArray()); $upn = "old.u$i@contoso.com"; $proxies = "SMTP:old.u$i@contoso.com" }
                1 { $proxies = "SMTP:other.u$i@contoso.com" }
                2 { $upn = "nobody.$i@contoso.com"; $proxies = "SMTP:nobody.$i@contoso.com" }
            }
            $cloud.WriteLine("`"$cloudId`",`"$upn`",`"`",`"$proxies`",`"$immutableId`",`"`",`"User $i`"")
        }
    } finally { $ad.Dispose(); $cloud.Dispose() }
}

if (-not (Test-Path $CsvFloorTool)) {
    throw "The csv floor tool is not built: cargo build --release --example csv_floor (build.ps1 -Task Bench builds it)."
}
$machine = "{0} cores, {1}, PowerShell {2}" -f [Environment]::ProcessorCount, [Runtime.InteropServices.RuntimeInformation]::OSDescription, $PSVersionTable.PSVersion
$table = foreach ($size in $Count) {
    $onPremisesFile = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-export-ad-$PID.csv"
    $cloudFile = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-export-cloud-$PID.csv"
    $ourFile = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-export-results-ours-$PID.csv"
    $theirFile = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-export-results-today-$PID.csv"
    Write-Exports $size $onPremisesFile $cloudFile
    try {
        $arguments = @{ ModuleManifest = $ModuleManifest; Count = $size; OnPremisesPath = $onPremisesFile; CloudPath = $cloudFile }
        $export = Invoke-BenchmarkRun -Script $PSCommandPath -Name 'Export' -Arguments $arguments
        $objects = Invoke-BenchmarkRun -Script $PSCommandPath -Name 'ImportCsv' -Arguments $arguments
        $write = Invoke-BenchmarkRun -Script $PSCommandPath -Name 'WriteFloor' -Arguments $arguments
        $toFile = Invoke-BenchmarkRun -Script $PSCommandPath -Name 'ExportToFile' -Arguments ($arguments + @{ OutPath = $ourFile })
        $todayToFile = Invoke-BenchmarkRun -Script $PSCommandPath -Name 'ImportCsvToFile' -Arguments ($arguments + @{ OutPath = $theirFile })
        $sameFiles = (Get-FileHash $ourFile).Hash -eq (Get-FileHash $theirFile).Hash
        if (-not $sameFiles) { throw "At $size the -OutFile file and the Export-SyncMatchCsv file differ." }
        $parse = & $CsvFloorTool $onPremisesFile $cloudFile | ConvertFrom-Json
        if ($LASTEXITCODE -ne 0) { throw 'csv_floor failed.' }
    } finally { Remove-Item $onPremisesFile, $cloudFile, $ourFile, $theirFile -ErrorAction SilentlyContinue }
    if ($export.Results -ne $size -or [Linq.Enumerable]::SequenceEqual([string[]]$export.Keys, [string[]]$objects.Keys) -ne $true) {
        throw "At $size the export path and the Import-Csv path disagree."
    }
    $floor = $parse.seconds + $write.Seconds
    [pscustomobject]@{ Users = $size; Export = $export; Objects = $objects; Parse = $parse.seconds; Write = $write; Floor = $floor; ToFile = $toFile; TodayToFile = $todayToFile }
}

"Test-SoftMatch, N on-premises x N cloud users from two CSV files; $machine"
$rows = foreach ($run in $table) {
    [pscustomobject]@{ Users = $run.Users.ToString('N0'); Run = 'Import-DirectoryExport both | Test-SoftMatch'; Seconds = '{0:N2}' -f $run.Export.Seconds; 'Peak MiB' = '{0:N0}' -f ($run.Export.PeakBytes / 1MB) }
    [pscustomobject]@{ Users = ''; Run = 'Import-Csv both + Test-SoftMatch (today''s path)'; Seconds = '{0:N2}' -f $run.Objects.Seconds; 'Peak MiB' = '{0:N0}' -f ($run.Objects.PeakBytes / 1MB) }
    [pscustomobject]@{ Users = ''; Run = 'floor: csv crate parses both files'; Seconds = '{0:N2}' -f $run.Parse; 'Peak MiB' = '' }
    [pscustomobject]@{ Users = ''; Run = 'floor: a cmdlet writes N result objects'; Seconds = '{0:N2}' -f $run.Write.Seconds; 'Peak MiB' = '{0:N0}' -f ($run.Write.PeakBytes / 1MB) }
    [pscustomobject]@{ Users = ''; Run = 'to a file: Import-DirectoryExport both | Test-SoftMatch -OutFile'; Seconds = '{0:N2}' -f $run.ToFile.Seconds; 'Peak MiB' = '{0:N0}' -f ($run.ToFile.PeakBytes / 1MB) }
    [pscustomobject]@{ Users = ''; Run = 'to a file today: Import-Csv both + Test-SoftMatch | Export-SyncMatchCsv'; Seconds = '{0:N2}' -f $run.TodayToFile.Seconds; 'Peak MiB' = '{0:N0}' -f ($run.TodayToFile.PeakBytes / 1MB) }
}
$rows | Format-Table -AutoSize | Out-String -Width 200
foreach ($run in $table) {
    $speed = $run.Objects.Seconds / $run.Export.Seconds
    $memory = $run.Export.PeakBytes / $run.Objects.PeakBytes
    $ofFloor = $run.Export.Seconds / $run.Floor
    "{0:N0}: {1:N1}x faster than Import-Csv (target >= 10x: {2}); peak memory {3:P0} of it (target <= 33%: {4}); {5:N2}x the floor of {6:N2} s (target <= 2x: {7})" -f $run.Users, $speed,
        $(if ($speed -ge 10) { 'met' } else { 'NOT met' }), $memory, $(if ($memory -le 1 / 3) { 'met' } else { 'NOT met' }), $ofFloor, $run.Floor, $(if ($ofFloor -le 2) { 'met' } else { 'NOT met' })
}
foreach ($run in $table) {
    $speed = $run.TodayToFile.Seconds / $run.ToFile.Seconds
    $memory = $run.ToFile.PeakBytes / $run.TodayToFile.PeakBytes
    "{0:N0} to a file (the same bytes): {1:N1}x faster (target >= 10x: {2}); peak memory {3:P0} (target <= 33%: {4})" -f $run.Users, $speed,
        $(if ($speed -ge 10) { 'met' } else { 'NOT met' }), $memory, $(if ($memory -le 1 / 3) { 'met' } else { 'NOT met' })
}
if ($table.Count -gt 1) {
    "Growth {0:N0} -> {1:N0}: {2:N1}x the time" -f $table[0].Users, $table[-1].Users, ($table[-1].Export.Seconds / $table[0].Export.Seconds)
}
