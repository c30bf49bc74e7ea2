<#
.SYNOPSIS
    Benchmark for issue 4: Test-SoftMatch against a pure-PowerShell baseline on generated
    tenants of 100,000 and 1,000,000 users on each side, each run in a process of its own (for
    peak memory), join targets compared. Prints a table.

.DESCRIPTION
    Each side: -Count users with a UPN, mail and 3 addresses. 1% of the on-premises users carry a
    planted case, cycling through every reason Test-SoftMatch gives that does not need a tenant
    switch: hard matches, UPN-only matches, no match, anchored targets, admin roles, a role on a
    hard-match target, groups, SID conflicts, two users on one target, out-of-scope users.

    The baseline is what an admin would write: hashtables over the cloud users by immutableId,
    primary SMTP address and UPN, and a foreach over the on-premises users that tries them in
    that order (no edge cases), giving one result object per user, as Test-SoftMatch does.

    A third row matches nothing: the floor issue 10 names, a compiled cmdlet that takes the
    on-premises users from the pipeline and the cloud users as a parameter, reads through
    PowerShell's public API the attributes Test-SoftMatch reads, and writes one result object per
    user (collected as Test-SoftMatch's are). It is the floor for any cmdlet doing this job.
    (Before this was read only, without the result objects; see docs/benchmarks.md.) For every user the baseline handles (SyncMatch's reason is a hard
    match, an SMTP or UPN soft match, or no match) both must pick the same cloud user, or none;
    the script fails if they do not. Times cover the matching only; peak memory is the run's own
    high-water mark on Linux (reset after the tenants are generated), with the input, which both
    hold, named.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    # Text, split on commas: "pwsh -File … -Count 100000,1000000" passes one string, which an
    # [int[]] parameter would silently read as one number (the comma taken for a thousands mark).
    [string[]] $Count = @('100000', '1000000'),
    [ValidateSet('Compare', 'SyncMatch', 'Baseline', 'Floor')] [string] $Role = 'Compare',
    [string] $ResultFile,
    [string] $OutFile
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'BenchmarkHelpers.ps1')
[int[]] $Count = $Count -split ',' | ForEach-Object { [int]::Parse($_.Trim(), [Globalization.CultureInfo]::InvariantCulture) }
$ModuleManifest = (Resolve-Path $ModuleManifest).Path
$Verified = @('contoso.com', 'contoso.onmicrosoft.com')

function Get-TestGuid([int] $Number, [int] $Side) {
    [guid]::new($Number, [int16]$Side, [int16]0x4a5b, [byte[]](0x9c, 0x8d, 7, 6, 5, 4, 3, 2))
}

function New-Tenant([int] $Count) {
    # Returns on-premises users, cloud users and the privileged cloud ids.
    $x500 = 'X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn='
    $onPrem = [object[]]::new($Count)
    $cloud = [object[]]::new($Count)
    $privileged = [System.Collections.Generic.List[string]]::new()
    for ($i = 0; $i -lt $Count; $i++) {
        $guid = Get-TestGuid $i 1
        $sam = "u$i"; $upn = "u$i@contoso.com"; $mail = "u$i@contoso.com"
        $proxies = [string[]]@("SMTP:u$i@contoso.com", "smtp:user.$i@contoso.com", "$x500$sam")
        $sid = "S-1-5-21-1004336348-1177238915-682003330-$($i + 1000)"; $critical = $null  # ordinary users have no isCriticalSystemObject: the default rules test its presence
        $cloudId = (Get-TestGuid $i 2).ToString()
        $cloudUpn = "u$i@contoso.com"; $cloudProxies = [string[]]@("SMTP:u$i@contoso.com", "smtp:u$i@contoso.onmicrosoft.com")
        $cloudMail = "u$i@contoso.com"; $immutableId = $null; $type = $null; $cloudSid = $null
        if ($i % 100 -eq 50) {
            switch ([math]::Floor($i / 100) % 10) {
                0 { $immutableId = [Convert]::ToBase64String($guid.ToByteArray()); $cloudUpn = "old.u$i@contoso.com"; $cloudMail = "old.u$i@contoso.com"; $cloudProxies = [string[]]@("SMTP:old.u$i@contoso.com") }
                1 { $mail = $null; $proxies = [string[]]@(); $cloudMail = "other.u$i@contoso.com"; $cloudProxies = [string[]]@("SMTP:other.u$i@contoso.com") }
                2 { $cloudUpn = "x$i@contoso.com"; $cloudMail = "x$i@contoso.com"; $cloudProxies = [string[]]@("SMTP:x$i@contoso.com") }
                3 { $immutableId = 'RU1QTE9ZRUUx' }
                4 { $privileged.Add($cloudId) }
                5 { $immutableId = [Convert]::ToBase64String($guid.ToByteArray()); $privileged.Add($cloudId) }
                6 { $type = '#microsoft.graph.group' }
                # Cloud user i holds the SID of on-premises user i + 1, whose own match is cloud user i + 1.
                7 { $cloudSid = "S-1-5-21-1004336348-1177238915-682003330-$($i + 1001)" }
                8 { $mail = "u$($i - 1)@contoso.com"; $proxies = [string[]]@("SMTP:U$($i - 1)@contoso.com") }
                9 { $critical = $true }
            }
        }
        $onPrem[$i] = [pscustomobject]@{
            DistinguishedName      = "CN=User $i,OU=Staff,DC=contoso,DC=com"
            ObjectClass            = 'user'
            ObjectGUID             = $guid
            SamAccountName         = $sam
            UserPrincipalName      = $upn
            mail                   = $mail
            mailNickname           = $sam
            proxyAddresses         = $proxies
            DisplayName            = "User $i"
            SID                    = $sid
            isCriticalSystemObject = $critical
        }
        $cloud[$i] = [pscustomobject]@{
            Id                           = $cloudId
            UserPrincipalName            = $cloudUpn
            Mail                         = $cloudMail
            ProxyAddresses               = $cloudProxies
            OnPremisesImmutableId        = $immutableId
            OnPremisesSyncEnabled        = $null
            DisplayName                  = "Cloud $i"
            OnPremisesSecurityIdentifier = $cloudSid
            '@odata.type'                = $type
        }
    }
    $onPrem, $cloud, $privileged.ToArray()
}

function Invoke-Baseline($OnPrem, $Cloud) {
    # Hashtables by immutableId (case-sensitive), primary SMTP and UPN; tried in that order.
    $byAnchor = [hashtable]::new([StringComparer]::Ordinal)
    $bySmtp = @{}
    $byUpn = @{}
    foreach ($user in $Cloud) {
        if ($user.OnPremisesImmutableId) { $byAnchor[$user.OnPremisesImmutableId] = $user.Id }
        $primary = $user.Mail
        foreach ($proxy in $user.ProxyAddresses) { if ($proxy -clike 'SMTP:*') { $primary = $proxy.Substring(5); break } }
        if ($primary) { $bySmtp[$primary.ToLowerInvariant()] = $user.Id }
        if ($user.UserPrincipalName) { $byUpn[$user.UserPrincipalName.ToLowerInvariant()] = $user.Id }
    }
    $results = foreach ($user in $OnPrem) {
        $anchor = [Convert]::ToBase64String(([guid]$user.ObjectGUID).ToByteArray())
        $target = $byAnchor[$anchor]
        if (-not $target) {
            $primary = $user.mail
            foreach ($proxy in $user.proxyAddresses) { if ($proxy -clike 'SMTP:*') { $primary = $proxy.Substring(5); break } }
            if ($primary) { $target = $bySmtp[$primary.ToLowerInvariant()] }
        }
        if (-not $target -and $user.UserPrincipalName) { $target = $byUpn[$user.UserPrincipalName.ToLowerInvariant()] }
        [pscustomobject]@{ Identity = $user.DistinguishedName; ImmutableId = $anchor; CloudObjectId = $target }
    }
    , $results
}

if ($Role -ne 'Compare') {
    $onPrem, $cloud, $privileged = New-Tenant $Count[0]
    if ($Role -eq 'SyncMatch') { Import-Module $ModuleManifest }
    [GC]::Collect()
    Reset-PeakMemory
    $before = (Get-Process -Id $PID).WorkingSet64
    $watch = [Diagnostics.Stopwatch]::StartNew()
    if ($Role -eq 'SyncMatch') {
        $results = $onPrem | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $Verified -PrivilegedUser $privileged
        $seconds = $watch.Elapsed.TotalSeconds
        $handled = 'HardMatch', 'SoftMatchSmtp', 'SoftMatchUpn', 'NoMatch'
        $targets = foreach ($result in $results) {
            if ($result.Reason -in $handled) { "$($result.Identity)|$(if ($result.Outcome -ne 'Create') { $result.CloudObjectId })" }
        }
        $outcomes = $results | Group-Object Reason | ForEach-Object { "$($_.Name) $($_.Count)" }
    } elseif ($Role -eq 'Baseline') {
        $results = Invoke-Baseline $onPrem $cloud
        $seconds = $watch.Elapsed.TotalSeconds
        $targets = foreach ($result in $results) { "$($result.Identity)|$($result.CloudObjectId)" }
        $outcomes = @()
    } else {
        Add-Type -TypeDefinition ("using System.Management.Automation;`n" + $FloorResultSource + @'
[Cmdlet("Read", "MatchAttributes")]
public sealed class ReadMatchAttributesCommand : PSCmdlet
{
    private static readonly string[] UserNames = { "DistinguishedName", "ObjectClass", "SamAccountName", "UserPrincipalName", "mail", "mailNickname",
        "targetAddress", "displayName", "givenName", "sn", "proxyAddresses", "isCriticalSystemObject", "ObjectGUID", "mS-DS-ConsistencyGuid", "SID" };
    private static readonly string[] CloudNames = { "Id", "UserPrincipalName", "Mail", "ProxyAddresses", "OnPremisesImmutableId", "OnPremisesSyncEnabled",
        "LastDirSyncTime", "@odata.type", "OnPremisesSecurityIdentifier", "DisplayName" };
    private static readonly object[] None = new object[0];
    [Parameter(ValueFromPipeline = true)] public PSObject InputObject { get; set; }
    [Parameter] public object[] CloudUser { get; set; }
    public long Present;
    private readonly object[] values = new object[UserNames.Length];
    protected override void BeginProcessing() { foreach (object user in CloudUser) { Read(PSObject.AsPSObject(user), CloudNames); } }
    protected override void ProcessRecord()
    {
        // The values read, and one result object per user (issue 10's floor), as lean as it can
        // be: its texts are the user's own strings (a result's mostly are), nothing else is made.
        Read(InputObject, UserNames);
        string upn = values[3] as string;
        WriteObject(new FloorResult
        {
            Identity = values[0] as string, UserPrincipalName = upn, CloudUserPrincipalName = upn, PredictedUserPrincipalName = upn, Warnings = None,
        });
    }
    private void Read(PSObject item, string[] names)
    {
        for (int i = 0; i < names.Length; i++) { values[i] = item.Properties[names[i]]?.Value; if (values[i] is not null) { Present++; } }
    }
}
'@) -PassThru | Where-Object Name -EQ 'ReadMatchAttributesCommand' | ForEach-Object { Import-Module $_.Assembly }
        $watch.Restart()
        $results = $onPrem | Read-MatchAttributes -CloudUser $cloud
        $seconds = $watch.Elapsed.TotalSeconds
        $targets = @(); $outcomes = @()
    }
    [pscustomobject]@{ Seconds = $seconds; PeakBytes = (Get-PeakMemory); InputBytes = $before; Targets = @($targets); Reasons = @($outcomes) } |
        ConvertTo-Json -Depth 3 -Compress | Set-Content $ResultFile
    return
}

function Invoke-Role([string] $Name, [int] $Size) {
    Invoke-BenchmarkRun -Script $PSCommandPath -Name $Name -Arguments @{ ModuleManifest = $ModuleManifest; Count = $Size }
}

$rows = [System.Collections.Generic.List[object]]::new()
$runs = @{}
foreach ($size in $Count) {
    $ours = Invoke-Role 'SyncMatch' $size
    $baseline = Invoke-Role 'Baseline' $size
    $floor = Invoke-Role 'Floor' $size
    # Every user the baseline handles must get the same target (or none) from both.
    $expected = @{}
    foreach ($line in $baseline.Targets) { $identity, $target = $line -split '\|', 2; $expected[$identity] = $target }
    $compared = 0
    foreach ($line in $ours.Targets) {
        $identity, $target = $line -split '\|', 2
        if ($expected[$identity] -ne $target) { throw "At $size, $identity goes to '$target' by SyncMatch but to '$($expected[$identity])' by the baseline." }
        $compared++
    }
    $runs[$size] = $ours
    foreach ($pair in @(@('Test-SoftMatch (pipeline)', $ours), @('PowerShell baseline (hashtables)', $baseline), @('floor: a cmdlet that reads the attributes and writes a result per user', $floor))) {
        $rows.Add([pscustomobject]@{
                Users      = $size.ToString('N0')
                Run        = $pair[0]
                Seconds    = '{0:N2}' -f $pair[1].Seconds
                'Peak MiB' = '{0:N0}' -f ($pair[1].PeakBytes / 1MB)
                'Input MiB' = '{0:N0}' -f ($pair[1].InputBytes / 1MB)
                Compared   = if ($pair[1] -eq $ours) { $compared } else { '' }
            })
    }
    $verdict = "speed-up {0:N1}x (the floor allows {2:N1}x), memory {1}; {3:N2}x the floor (target <= 1.5x: {4})" -f ($baseline.Seconds / $ours.Seconds),
        $(if ($ours.PeakBytes -le $baseline.PeakBytes) { 'not higher' } else { 'HIGHER' }), ($baseline.Seconds / $floor.Seconds),
        ($ours.Seconds / $floor.Seconds), $(if ($ours.Seconds / $floor.Seconds -le 1.5) { 'met' } else { 'NOT met' })
    $rows.Add([pscustomobject]@{ Users = ''; Run = $verdict; Seconds = ''; 'Peak MiB' = ''; 'Input MiB' = ''; Compared = '' })
}

$machine = "{0} cores, {1}, PowerShell {2}" -f [Environment]::ProcessorCount, [Runtime.InteropServices.RuntimeInformation]::OSDescription, $PSVersionTable.PSVersion
"Test-SoftMatch: on-premises and cloud users, 3 addresses each, 1% planted cases; $machine"
$rows | Format-Table -AutoSize | Out-String -Width 200
$sizes = @($Count | Sort-Object)
if ($sizes.Count -ge 2) {
    $growth = $runs[$sizes[-1]].Seconds / $runs[$sizes[0]].Seconds
    $scale = $sizes[-1] / $sizes[0]
    "Test-SoftMatch at {0:N0} takes {1:N1}x its time at {2:N0} ({3:N0}x the users; the target for 10x the users is within 12x)" -f $sizes[-1], $growth, $sizes[0], $scale
}
"Reasons at {0:N0}: {1}" -f $sizes[-1], ($runs[$sizes[-1]].Reasons -join ', ')

if ($OutFile) {
    $lines = @("On-premises and cloud users, 3 addresses each, 1% planted cases; $machine", '',
        '| Users | Run | Seconds | Peak MiB | Input MiB | Join targets compared |', '|---:|---|---:|---:|---:|---:|')
    $lines += $rows | ForEach-Object { "| $($_.Users) | $($_.Run) | $($_.Seconds) | $($_.'Peak MiB') | $($_.'Input MiB') | $($_.Compared) |" }
    if ($sizes.Count -ge 2) { $lines += '', ("Growth: {0:N1}x the time for {1:N0}x the users." -f $growth, $scale) }
    Set-Content -Path $OutFile -Value $lines
}
