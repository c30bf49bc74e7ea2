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

function New-ReadinessDirectory([int] $Count) {
    # The readiness benchmarks' directory: each user with a UPN, mail and 3 proxyAddresses, 1% with
    # one planted problem, cycling through the rules.
    $x500 = 'X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn='
    $users = [object[]]::new($Count)
    for ($i = 0; $i -lt $Count; $i++) {
        $sam = "u$i"
        $upn = "u$i@contoso.com"
        $mail = "u$i@contoso.com"
        $proxies = [string[]]@("SMTP:u$i@contoso.com", "smtp:user.$i@contoso.com", "$x500$sam")
        $display = "User $i"; $nickname = $sam; $critical = $null  # ordinary users have no isCriticalSystemObject: the default rules test its presence
        if ($i % 100 -eq 50) {
            # One planted problem per hundred users, cycling through the rules.
            switch (($i / 100 -as [int]) % 17) {
                0 { $upn = "u $i@contoso.com" }
                1 { $upn = "u$i@contoso.local" }
                2 { $upn = "u$i.contoso.com" }
                3 { $upn = ('x' * 65) + "$i@contoso.com" }
                4 { $upn = "u$i.@contoso.com" }
                5 { $proxies[1] = "smtp:user $i@contoso.com" }
                6 { $proxies[2] = "smtp:U$i@contoso.com" }
                7 { $proxies[1] = "SMTP:user.$i@contoso.com" }
                8 { $proxies[1] = "smtp:user.$($i - 1)@contoso.com" }
                9 { $upn = "user.$($i + 1)@contoso.com" }
                10 { $proxies[2] = $x500 + ('x' * 250) + $i }
                11 { $display = ' ' }
                12 { $sam = "a.very.long.sam.$i" }
                13 { $nickname = ".u$i" }
                14 { $critical = $true }
                15 { $upn = "ü$i@contoso.com" }
                16 { $mail = "U$($i - 1)@Contoso.com" }
            }
        }
        $users[$i] = [pscustomobject]@{
            DistinguishedName      = "CN=User $i,OU=Staff,DC=contoso,DC=com"
            ObjectClass            = 'user'
            SamAccountName         = $sam
            UserPrincipalName      = $upn
            mail                   = $mail
            mailNickname           = $nickname
            proxyAddresses         = $proxies
            displayName            = $display
            givenName              = 'User'
            sn                     = "$i"
            isCriticalSystemObject = $critical
        }
    }
    , $users
}
