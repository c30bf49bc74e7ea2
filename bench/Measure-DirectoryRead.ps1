<#
.SYNOPSIS
    Benchmark for issue 26: Get-SyncMatchDirectory reading -Count users from Samba's AD DC over
    LDAPS, against ldapsearch paging the same attributes from the same DC (the floor: a C client
    that only writes the entries out). Reports wall time and the client's CPU time for both; on 2
    shared cores the server dominates wall time, so the client's CPU is the comparison.

.DESCRIPTION
    Linux, as root, with Samba's AD DC installed (as .ci/run installs it). A throwaway domain is
    provisioned on 127.0.0.2 (tests/samba/test-domain.sh), its schema extended as the tests extend
    it, and seeded over LDAPS with -Count users (each with a UPN, mail, three proxyAddresses, a
    display name and mailNickname), once; the DC is stopped at the end. Not part of the test
    command: Samba adds about 130 users a second here, so 100,000 take some 13 minutes to seed.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Count = 100000,
    [int] $Repeat = 3
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchmarkHelpers.ps1')
. (Join-Path $PSScriptRoot '../tests/pester/support/TestDomain.ps1')
Import-Module (Resolve-Path $ModuleManifest).Path
if (-not (Test-TestDomainAvailable)) { throw 'Needs Linux, root and Samba''s AD DC (see .ci/run).' }

$work = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-directory-bench-$PID"
$null = New-TestDomainSchema (Join-Path $work 'schema')
$domain = Start-TestDomain (Join-Path $work 'dc') '127.0.0.2' 'contoso.test' (Join-Path $work 'schema')
try {
    # Seeded over LDAPS as any client would (an offline ldbadd skips the DC's own modules and
    # leaves objects it cannot search).
    $seed = Join-Path $work 'users.ldif'
    $writer = [IO.StreamWriter]::new($seed)
    $writer.WriteLine("dn: OU=Bench,$($domain.Base)`nobjectClass: organizationalUnit`n")
    for ($i = 0; $i -lt $Count; $i++) {
        $writer.WriteLine("dn: CN=User $i,OU=Bench,$($domain.Base)`nobjectClass: user`nsAMAccountName: u$i`nuserPrincipalName: u$i@contoso.test`nmail: u$i@contoso.test`nmailNickname: u$i`ndisplayName: User $i`nproxyAddresses: SMTP:u$i@contoso.test`nproxyAddresses: smtp:user.$i@contoso.test`nproxyAddresses: smtp:u$i@contoso.mail.onmicrosoft.com`n")
    }
    $writer.Dispose()
    $watch = [Diagnostics.Stopwatch]::StartNew()
    Invoke-TestDomainLdap $domain 'ldapadd' @('-f', $seed) | Out-Null
    "Seeded $Count users in $([int]$watch.Elapsed.TotalSeconds) s."

    $names = (Get-ModuleLdapAttribute).Name
    $base = "OU=Bench,$($domain.Base)"
    $rows = foreach ($run in 1..$Repeat) {
        # ldapsearch: a child process, timed by bash (its CPU time: user + system).
        $quoted = (@('ldapsearch', '-LLL', '-x', '-H', "ldaps://$($domain.Address)", '-D', "Administrator@$($domain.Realm)", '-w', $TestDomainPassword, '-E', 'pr=1000/noprompt', '-b', $base, '(|(objectCategory=person)(objectCategory=group))') + $names |
            ForEach-Object { "'" + ($_ -replace "'", "'\\''") + "'" }) -join ' '
        $env:LDAPTLS_CACERT = Join-Path $domain.CA 'ca.pem'
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $times = & bash -c "TIMEFORMAT='%U %S'; time $quoted > /dev/null" 2>&1
        $floorWall = $watch.Elapsed.TotalSeconds
        Remove-Item Env:LDAPTLS_CACERT
        $user, $system = "$($times | Select-Object -Last 1)".Trim() -split ' '
        $floorCpu = [double]::Parse($user, [Globalization.CultureInfo]::InvariantCulture) + [double]::Parse($system, [Globalization.CultureInfo]::InvariantCulture)

        [GC]::Collect()
        Reset-PeakMemory
        $me = [Diagnostics.Process]::GetCurrentProcess()
        $me.Refresh()
        $resident = $me.WorkingSet64
        $cpuBefore = $me.TotalProcessorTime
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $directory = Get-SyncMatchDirectory -Server $domain.Address -Credential $domain.Credential -CertificateAuthority $domain.CA -SearchBase $base -WarningAction SilentlyContinue
        $wall = $watch.Elapsed.TotalSeconds
        $me.Refresh()
        $cpu = ($me.TotalProcessorTime - $cpuBefore).TotalSeconds
        # What the read added to the process at its peak (PowerShell's own baseline left out).
        $peak = (Get-PeakMemory) - $resident
        if ($directory.RowCount -ne $Count) { throw "Read $($directory.RowCount) users, not $Count." }
        [pscustomobject]@{ Run = $run; 'ldapsearch wall s' = '{0:N2}' -f $floorWall; 'ldapsearch CPU s' = '{0:N2}' -f $floorCpu; 'SyncMatch wall s' = '{0:N2}' -f $wall; 'SyncMatch CPU s' = '{0:N2}' -f $cpu; 'CPU / floor' = '{0:N2}' -f ($cpu / $floorCpu); 'Peak MiB' = '{0:N0}' -f ($peak / 1MB); 'Bytes a user' = '{0:N0}' -f ($peak / $Count) }
        $directory.Dispose()
    }
    "Get-SyncMatchDirectory, $Count users over LDAPS from Samba $((& samba --version) -replace 'Version ', ''), against ldapsearch -E pr=1000 (the same attributes); $([Environment]::ProcessorCount) cores"
    $rows | Format-Table -AutoSize | Out-String -Width 200
}
finally {
    Stop-TestDomain $domain
    Remove-Item -Recurse -Force $work -ErrorAction Ignore
}
