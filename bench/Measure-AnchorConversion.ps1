<#
.SYNOPSIS
    Benchmark for issue 2: converting 1,000,000 GUIDs to immutableIds, SyncMatch against the
    script baselines, in one run. Prints a table; -OutFile also writes it as Markdown.

.DESCRIPTION
    Every form gets the same [object[]] of [guid]s (the text forms: the same GUIDs as strings, and
    their "vs foreach" column is against the [guid]::Parse loop) and collects its results into a
    variable.
    Each form runs once to warm up (JIT), then -Repeat times after a full garbage collection; the
    table shows the median. The results of every form are checked against the baseline's.

    The two "floor" rows convert nothing: `Write-Output $ids` writes a million ready-made strings
    (what any cmdlet pays to output a million objects), and `$guids | Write-Output` also takes a
    million from the pipeline. No cmdlet that streams its results can be faster than these.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Count = 1000000,
    [int] $Repeat = 3,
    [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Import-Module (Resolve-Path $ModuleManifest).Path -Force

$guids = [object[]]::new($Count)
for ($i = 0; $i -lt $Count; $i++) { $guids[$i] = [guid]::NewGuid() }
$strings = [string[]]::new($Count)
for ($i = 0; $i -lt $Count; $i++) { $strings[$i] = $guids[$i].ToString() }
$ids = [string[]]::new($Count)
for ($i = 0; $i -lt $Count; $i++) { $ids[$i] = [Convert]::ToBase64String($guids[$i].ToByteArray()) }

# Each form as a script block over $guids; $result is checked afterwards.
$forms = [ordered]@{
    'ForEach-Object baseline'                        = { $guids | ForEach-Object { [Convert]::ToBase64String(([guid]$_).ToByteArray()) } }
    'foreach loop'                                   = { foreach ($g in $guids) { [Convert]::ToBase64String(([guid]$g).ToByteArray()) } }
    'ConvertTo-ImmutableId -Guid $guids'             = { ConvertTo-ImmutableId -Guid $guids }
    'ConvertTo-ImmutableId -Guid $guids -NoEnumerate' = { ConvertTo-ImmutableId -Guid $guids -NoEnumerate }
    '$guids | ConvertTo-ImmutableId'                 = { $guids | ConvertTo-ImmutableId }
    'foreach loop, GUID text ([guid]::Parse)'        = { foreach ($s in $strings) { [Convert]::ToBase64String([guid]::Parse($s).ToByteArray()) } }
    'ConvertTo-ImmutableId -Guid $strings'           = { ConvertTo-ImmutableId -Guid $strings }
    'ConvertTo-ImmutableId -Guid $strings -NoEnumerate' = { ConvertTo-ImmutableId -Guid $strings -NoEnumerate }
    'floor: Write-Output $ids (output only)'         = { Write-Output $ids }
    'floor: $guids | Write-Output (in and out)'      = { $guids | Write-Output }
}

$reference = $null
$rows = foreach ($name in $forms.Keys) {
    $block = $forms[$name]
    $null = & $block   # warm-up
    $seconds = foreach ($run in 1..$Repeat) {
        $result = $null
        [GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $result = & $block
        $watch.Stop()
        $watch.Elapsed.TotalSeconds
    }
    $median = ($seconds | Sort-Object)[[math]::Floor($Repeat / 2)]
    if ($name -notlike 'floor*') {
        $values = [string[]]@($result)
        if ($null -eq $reference) { $reference = $values }
        elseif ($values.Count -ne $reference.Count -or [Linq.Enumerable]::SequenceEqual($values, $reference) -ne $true) {
            throw "$name produced results that differ from the baseline's."
        }
    }
    [pscustomobject]@{ Form = $name; Seconds = $median }
}

$baseline = $rows[0].Seconds
$loop = $rows[1].Seconds
$textLoop = ($rows | Where-Object Form -eq 'foreach loop, GUID text ([guid]::Parse)').Seconds
$targets = @{
    'ConvertTo-ImmutableId -Guid $guids'              = @('>= 10x ForEach-Object, <= foreach', { param($s) $baseline / $s -ge 10 -and $s -le $loop })
    'ConvertTo-ImmutableId -Guid $guids -NoEnumerate' = @('>= 10x ForEach-Object, <= foreach', { param($s) $baseline / $s -ge 10 -and $s -le $loop })
    '$guids | ConvertTo-ImmutableId'                  = @('>= 2x ForEach-Object', { param($s) $baseline / $s -ge 2 })
    'ConvertTo-ImmutableId -Guid $strings'            = @('<= foreach [guid]::Parse', { param($s) $s -le $textLoop })
    'ConvertTo-ImmutableId -Guid $strings -NoEnumerate' = @('<= foreach [guid]::Parse', { param($s) $s -le $textLoop })
}
$table = foreach ($row in $rows) {
    $target = $targets[$row.Form]
    [pscustomobject]@{
        Form                    = $row.Form
        'Median s'              = '{0:N3}' -f $row.Seconds
        'x faster than ForEach' = '{0:N1}' -f ($baseline / $row.Seconds)
        'vs foreach loop'       = '{0:N2}' -f ($row.Seconds / $(if ($row.Form -like '*strings*' -or $row.Form -like '*GUID text*') { $textLoop } else { $loop }))
        Target                  = if ($target) { $target[0] } else { '' }
        Met                     = if ($target) { if (& $target[1] $row.Seconds) { 'yes' } else { 'NO' } } else { '' }
    }
}

$machine = "{0} cores, {1}, PowerShell {2}, .NET {3}" -f [Environment]::ProcessorCount,
    [Runtime.InteropServices.RuntimeInformation]::OSDescription, $PSVersionTable.PSVersion, [Environment]::Version
"ConvertTo-ImmutableId: $($Count.ToString('N0')) GUIDs, median of $Repeat runs; $machine"
$table | Format-Table -AutoSize | Out-String -Width 200

if ($OutFile) {
    $lines = @("$($Count.ToString('N0')) GUIDs, median of $Repeat runs; $machine", '',
        '| Form | Median s | × faster than ForEach-Object | time / foreach loop | Target | Met |', '|---|---:|---:|---:|---|---|')
    $lines += $table | ForEach-Object { "| ``$($_.Form)`` | $($_.'Median s') | $($_.'x faster than ForEach') | $($_.'vs foreach loop') | $($_.Target) | $($_.Met) |" }
    Set-Content -Path $OutFile -Value $lines
}
