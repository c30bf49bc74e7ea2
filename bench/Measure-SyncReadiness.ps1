<#
.SYNOPSIS
    Benchmark for issue 3: Test-SyncReadiness against a pure-PowerShell baseline on a generated
    directory, each in a process of its own (for peak memory), findings compared. Prints a table.

.DESCRIPTION
    The directory: -Count users, each with a UPN, mail and 3 proxyAddresses (primary SMTP, a
    secondary SMTP, an X.500), and 1% of them carrying one planted problem, cycling through every
    rule (bad characters, .local suffixes, long values, duplicates across objects and attributes,
    out-of-scope objects, …). It is generated the same way in both processes.

    The baseline is what an admin would write: a foreach loop over the objects applying the same
    UPN and proxyAddresses rules with regular expressions, and a hashtable for duplicates. Both
    runs time only the check (not the generation) and report the process's peak working set.
    Their findings must be identical on the rules the baseline implements (UPN and proxyAddresses
    rules, and address duplicates); the script fails if they are not.

    A third row checks nothing: a compiled cmdlet that only takes the objects from the pipeline
    and reads the attributes the rules need through PowerShell's public API. It is the floor for
    any pipeline cmdlet doing this job.

    Peak memory is the peak of the check itself: on Linux the process's high-water mark is reset
    after the directory is generated (/proc/self/clear_refs), so the row shows what the check
    added on top of the input both share; elsewhere it is the whole process's peak working set.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [int] $Count = 1000000,
    [ValidateSet('Compare', 'SyncMatch', 'Baseline', 'Floor')] [string] $Role = 'Compare',
    [string] $ResultFile,
    [string] $OutFile
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchmarkHelpers.ps1')
$ModuleManifest = (Resolve-Path $ModuleManifest).Path
$Verified = @('contoso.com', 'contoso.onmicrosoft.com')

# The rules the baseline implements; findings are compared on these.
$SharedRules = 'Format', 'Length', 'LocalPart', 'DomainPart', 'Character', 'UnverifiedDomain', 'Duplicate'

function Invoke-Baseline($Users, [string[]] $Verified) {
    # What an admin would write: regexes per rule, a hashtable for duplicates.
    $verifiedSet = [System.Collections.Generic.HashSet[string]]::new([string[]]$Verified, [StringComparer]::OrdinalIgnoreCase)
    $badUpnChar = [regex]"[^A-Za-z0-9'.\-_!#^~@]"
    $badProxyChar = [regex]'\s|[^\x00-\x7F]'
    $badAfterPrefix = [regex]'[<>();,\[\]":]'
    $domainSyntax = [regex]'^(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*$'
    $localDots = [regex]'^\.|\.$|\.\.'
    $findings = [System.Collections.Generic.List[string]]::new()
    $seen = @{}
    foreach ($user in $Users) {
        $id = $user.DistinguishedName
        $upn = $user.UserPrincipalName
        if ($upn) {
            if ($upn.Length -gt 113) { $findings.Add("$id|userPrincipalName|Length") }
            if ($badUpnChar.IsMatch($upn)) { $findings.Add("$id|userPrincipalName|Character") }
            $parts = $upn.Split('@')
            if ($parts.Count -ne 2 -or $parts[0] -eq '') { $findings.Add("$id|userPrincipalName|Format") }
            else {
                $local, $domain = $parts
                if ($local.Length -gt 64) { $findings.Add("$id|userPrincipalName|LocalPart") }
                if ($local -match '[.&]$') { $findings.Add("$id|userPrincipalName|LocalPart") }
                if ($domain.Length -gt 48) { $findings.Add("$id|userPrincipalName|DomainPart") }
                if (-not $domainSyntax.IsMatch($domain)) { $findings.Add("$id|userPrincipalName|DomainPart") }
                elseif (-not $verifiedSet.Contains($domain)) { $findings.Add("$id|userPrincipalName|UnverifiedDomain") }
            }
        }
        $own = @{}
        if ($upn) { $own[$upn.Trim().ToLowerInvariant()] = @('userPrincipalName') }
        if ($user.mail) {
            $key = $user.mail.Trim().ToLowerInvariant()
            if ($own.ContainsKey($key)) { $own[$key] += 'mail' } else { $own[$key] = @('mail') }
        }
        $primaries = 0; $smtp = 0; $values = @{}
        foreach ($proxy in $user.proxyAddresses) {
            if ($proxy.Length -gt 256) { $findings.Add("$id|proxyAddresses|Length") }
            $colon = $proxy.IndexOf(':')
            $prefix = $proxy.Substring(0, $colon); $address = $proxy.Substring($colon + 1)
            if ($prefix -notin 'X400', 'X500') {
                if ($badProxyChar.IsMatch($proxy) -or $badAfterPrefix.IsMatch($address)) { $findings.Add("$id|proxyAddresses|Character") }
            }
            $typedKey = "$($prefix.ToLowerInvariant()):$($address.Trim().ToLowerInvariant())"
            if ($values.ContainsKey($typedKey)) { $findings.Add("$id|proxyAddresses|Duplicate") } else { $values[$typedKey] = $true }
            if ($prefix -eq 'smtp') {
                $smtp++
                if ($prefix -ceq 'SMTP') { $primaries++ }
                $at = $address.Split('@')
                if ($at.Count -ne 2) { $findings.Add("$id|proxyAddresses|Format") }
                else {
                    if ($at[0] -eq '' -or $at[0].Length -gt 64 -or $localDots.IsMatch($at[0])) { $findings.Add("$id|proxyAddresses|LocalPart") }
                    if (-not $domainSyntax.IsMatch($at[1])) { $findings.Add("$id|proxyAddresses|DomainPart") }
                }
                $key = $address.Trim().ToLowerInvariant()
                if ($own.ContainsKey($key)) { if ($own[$key] -notcontains 'proxyAddresses') { $own[$key] += 'proxyAddresses' } } else { $own[$key] = @('proxyAddresses') }
            }
        }
        if ($primaries -gt 1 -or ($primaries -eq 0 -and $smtp -gt 0)) { $findings.Add("$id|proxyAddresses|Format") }
        foreach ($key in $own.Keys) {
            # One string per holder ("identity|attribute,attribute"); a list only once a value repeats.
            $holder = "$id|$($own[$key] -join ',')"
            $existing = $seen[$key]
            if ($null -eq $existing) { $seen[$key] = $holder }
            elseif ($existing -is [System.Collections.Generic.List[string]]) { $existing.Add($holder) }
            else { $seen[$key] = [System.Collections.Generic.List[string]]@($existing, $holder) }
        }
    }
    foreach ($group in $seen.Values) {
        if ($group -is [System.Collections.Generic.List[string]]) {
            foreach ($holder in $group) {
                $holderId, $attributes = $holder -split '\|', 2
                foreach ($attribute in $attributes -split ',') { $findings.Add("$holderId|$attribute|Duplicate") }
            }
        }
    }
    , $findings
}

if ($Role -ne 'Compare') {
    # One measured run in this process.
    $users = New-ReadinessDirectory $Count
    [GC]::Collect()
    Reset-PeakMemory
    $before = (Get-Process -Id $PID).WorkingSet64
    $watch = [Diagnostics.Stopwatch]::StartNew()
    if ($Role -eq 'SyncMatch') {
        Import-Module $ModuleManifest
        $watch.Restart()
        $found = $users | Test-SyncReadiness -VerifiedDomain $Verified
        $seconds = $watch.Elapsed.TotalSeconds
        $all = @($found).Count
        $tuples = foreach ($finding in $found) {
            $shared = $finding.Rule -in $SharedRules -and ($finding.Attribute -in 'userPrincipalName', 'proxyAddresses' -or ($finding.Attribute -eq 'mail' -and $finding.Rule -eq 'Duplicate'))
            if ($shared) { "$($finding.Identity)|$($finding.Attribute)|$($finding.Rule)" }
        }
    } elseif ($Role -eq 'Baseline') {
        $tuples = Invoke-Baseline $users $Verified
        $seconds = $watch.Elapsed.TotalSeconds
        $all = $tuples.Count
    } else {
        Add-Type -TypeDefinition @'
using System.Management.Automation;
[Cmdlet("Read", "ReadinessAttributes")]
public sealed class ReadReadinessAttributesCommand : PSCmdlet
{
    private static readonly string[] Names = { "DistinguishedName", "ObjectClass", "SamAccountName", "UserPrincipalName", "mail",
        "mailNickname", "targetAddress", "displayName", "givenName", "sn", "proxyAddresses", "isCriticalSystemObject" };
    [Parameter(ValueFromPipeline = true)] public PSObject InputObject { get; set; }
    public long Present;
    protected override void ProcessRecord()
    {
        foreach (string name in Names) { if (InputObject.Properties[name]?.Value is not null) { Present++; } }
    }
}
'@ -PassThru | Select-Object -First 1 | ForEach-Object { Import-Module $_.Assembly }
        $watch.Restart()
        $users | Read-ReadinessAttributes
        $seconds = $watch.Elapsed.TotalSeconds
        $all = 0; $tuples = @()
    }
    $peak = Get-PeakMemory
    [pscustomobject]@{ Seconds = $seconds; PeakBytes = $peak; InputBytes = $before; Findings = $all; Shared = @($tuples | Sort-Object) } |
        ConvertTo-Json -Depth 3 -Compress | Set-Content $ResultFile
    return
}

function Invoke-Role([string] $Name) {
    Invoke-BenchmarkRun -Script $PSCommandPath -Name $Name -Arguments @{ ModuleManifest = $ModuleManifest; Count = $Count }
}

$ours = Invoke-Role 'SyncMatch'
$baseline = Invoke-Role 'Baseline'
$floor = Invoke-Role 'Floor'
$same = ($ours.Shared.Count -eq $baseline.Shared.Count) -and -not (Compare-Object $ours.Shared $baseline.Shared -SyncWindow 0)
if (-not $same) {
    $diff = Compare-Object $ours.Shared $baseline.Shared | Select-Object -First 10 | Out-String
    throw "The findings differ on the shared rules (<= SyncMatch only, => baseline only):`n$diff"
}

$speedup = $baseline.Seconds / $ours.Seconds
$rows = @(
    [pscustomobject]@{ Run = 'Test-SyncReadiness (pipeline)'; Seconds = '{0:N2}' -f $ours.Seconds; 'Peak MiB' = '{0:N0}' -f ($ours.PeakBytes / 1MB); Findings = $ours.Findings; 'Shared-rule findings' = $ours.Shared.Count }
    [pscustomobject]@{ Run = 'PowerShell baseline (regex + hashtable)'; Seconds = '{0:N2}' -f $baseline.Seconds; 'Peak MiB' = '{0:N0}' -f ($baseline.PeakBytes / 1MB); Findings = $baseline.Findings; 'Shared-rule findings' = $baseline.Shared.Count }
    [pscustomobject]@{ Run = 'floor: a cmdlet that only reads the attributes'; Seconds = '{0:N2}' -f $floor.Seconds; 'Peak MiB' = '{0:N0}' -f ($floor.PeakBytes / 1MB); Findings = ''; 'Shared-rule findings' = '' }
)
$machine = "{0} cores, {1}, PowerShell {2}" -f [Environment]::ProcessorCount, [Runtime.InteropServices.RuntimeInformation]::OSDescription, $PSVersionTable.PSVersion
$verdict = "speed-up {0:N1}x (target >= 20x: {1}; reading the attributes alone allows {6:N1}x); peak memory {2:N0} MiB vs {3:N0} MiB, of which {5:N0} MiB is the input both hold (target <=: {4}); shared-rule findings identical: yes" -f $speedup,
    $(if ($speedup -ge 20) { 'met' } else { 'NOT met' }), ($ours.PeakBytes / 1MB), ($baseline.PeakBytes / 1MB), $(if ($ours.PeakBytes -le $baseline.PeakBytes) { 'met' } else { 'NOT met' }),
    ($ours.InputBytes / 1MB), ($baseline.Seconds / $floor.Seconds)

"Test-SyncReadiness: $($Count.ToString('N0')) users x 3 proxyAddresses, 1% planted problems; $machine"
$rows | Format-Table -AutoSize | Out-String -Width 200
$verdict

if ($OutFile) {
    $lines = @("$($Count.ToString('N0')) users x 3 proxyAddresses, 1% planted problems; $machine", '',
        '| Run | Seconds | Peak MiB | Findings | Shared-rule findings |', '|---|---:|---:|---:|---:|')
    $lines += $rows | ForEach-Object { "| $($_.Run) | $($_.Seconds) | $($_.'Peak MiB') | $($_.Findings) | $($_.'Shared-rule findings') |" }
    $lines += '', $verdict
    Set-Content -Path $OutFile -Value $lines
}
