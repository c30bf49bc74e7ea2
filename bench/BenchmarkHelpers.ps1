# Shared by the benchmark scripts (dot-sourced): one measured run per child process, and the
# peak memory of just the measured part.

function Reset-PeakMemory {
    # Linux: "5" resets the process's high-water mark (VmHWM), so the peak read afterwards is the
    # measured part's own, not the generation of the input before it.
    try { [IO.File]::WriteAllText('/proc/self/clear_refs', '5') } catch { }
}

function Get-PeakMemory {
    $status = if (Test-Path '/proc/self/status') { Get-Content '/proc/self/status' | Where-Object { $_ -like 'VmHWM:*' } }
    if ($status) { [long]($status -replace '\D', '') * 1KB } else { [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 }
}

function Invoke-BenchmarkRun {
    # Runs the calling script again in a fresh pwsh -NoProfile with -Role and the given
    # arguments, and returns the result object that run wrote to its -ResultFile.
    param([string] $Script, [string] $Name, [hashtable] $Arguments)
    $file = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-bench-$Name-$PID-$([guid]::NewGuid().ToString('N')).json"
    $process = [Environment]::ProcessPath
    [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
    [string[]] $rest = foreach ($key in $Arguments.Keys) { "-$key"; "$($Arguments[$key])" }
    & $process @prefix -NoProfile -File $Script -Role $Name -ResultFile $file @rest | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "The $Name run failed." }
    $result = Get-Content $file -Raw | ConvertFrom-Json
    Remove-Item $file
    $result
}

# The result object a floor writes for each user: the shape of a MatchResult (texts, enums as
# numbers, an empty warning list). Issue 10 defines the soft-match floors as a compiled cmdlet
# that writes one such object per user; the benchmarks compile it with their floor cmdlet.
$FloorResultSource = @'
public sealed class FloorResult
{
    public string Identity { get; set; }
    public string UserPrincipalName { get; set; }
    public string ImmutableId { get; set; }
    public int MatchType { get; set; }
    public int Outcome { get; set; }
    public int Reason { get; set; }
    public string CloudObjectId { get; set; }
    public string CloudUserPrincipalName { get; set; }
    public string PredictedUserPrincipalName { get; set; }
    public object[] Warnings { get; set; }
    public string Detail { get; set; }
}
'@
