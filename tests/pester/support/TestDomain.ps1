# A real Active Directory domain controller for the directory reader's tests: Samba's AD DC,
# started and stopped by tests/samba/test-domain.sh (loopback only, LDAPS with a CA of its own).
# Its schema extension is generated here from the module's own input schema: the attributes the
# reader asks for that Samba's base schema lacks.

$script:TestDomainScript = Join-Path $PSScriptRoot '../../samba/test-domain.sh'
$script:TestDomainPassword = 'SyncMatch-Test-1!'

function Test-TestDomainAvailable {
    # Samba's DC needs Linux, root (ports 389/636, loopback addresses) and the Debian packages
    # .ci/run installs.
    $IsLinux -and (Get-Command samba-tool -ErrorAction Ignore) -and (Get-Command ldapadd -ErrorAction Ignore) -and ((& id -u) -eq '0')
}

function Get-ModuleLdapAttribute {
    # What the module asks a directory for (the core's schema::LDAP_ATTRIBUTES), read from the
    # loaded module: the test schema follows it, never a list of its own.
    $assembly = (Get-Command Get-SyncMatchDirectory).ImplementingType.Assembly
    $schemaType = $assembly.GetType('SyncMatch.Directory.Schema', $true)
    $flags = [Reflection.BindingFlags]'NonPublic, Static'
    $current = $schemaType.GetProperty('Current', $flags).GetValue($null)
    $schemaType.GetProperty('LdapAttributes', [Reflection.BindingFlags]'NonPublic, Instance').GetValue($current)
}

function New-TestDomainSchema([string] $Folder) {
    # attributeSchema objects for the attributes Samba's base schema lacks (test OIDs under Samba's
    # arc, not Exchange's), then the classes that may hold them: two files, applied in turn.
    $base = Get-Content -Raw '/usr/share/samba/setup/ad-schema/AD_DS_Attributes__Windows_Server_2012_R2.ldf'
    $syntax = @{
        Text              = @('2.5.5.12', 64)
        DistinguishedName = @('2.5.5.1', 127)
        Bytes             = @('2.5.5.10', 4)
        Sid               = @('2.5.5.17', 4)
        Number            = @('2.5.5.16', 65)
        Boolean           = @('2.5.5.8', 1)
    }
    $missing = @(Get-ModuleLdapAttribute | Where-Object { $base -notmatch "(?mi)^lDAPDisplayName: $([regex]::Escape($_.Name))\r?$" })
    $null = New-Item -ItemType Directory -Force $Folder
    $number = 0
    $attributes = foreach ($attribute in $missing) {
        $number++
        $cn = "SyncMatch-Test-$($attribute.Name)"
        $single = if ($attribute.MultiValued) { 'FALSE' } else { 'TRUE' }
        @"
dn: CN=$cn,CN=Schema,CN=Configuration,DC=X
changetype: add
objectClass: top
objectClass: attributeSchema
cn: $cn
attributeID: 1.3.6.1.4.1.7165.4.255.25.$number
attributeSyntax: $($syntax["$($attribute.Syntax)"][0])
oMSyntax: $($syntax["$($attribute.Syntax)"][1])
isSingleValued: $single
lDAPDisplayName: $($attribute.Name)
systemOnly: FALSE
searchFlags: 0

"@
    }
    Set-Content -LiteralPath (Join-Path $Folder '1-attributes.ldif') -Value (($attributes | ForEach-Object { $_.Trim() }) -join "`n`n") 
    $classes = foreach ($class in 'User', 'Contact', 'Group') {
        "dn: CN=$class,CN=Schema,CN=Configuration,DC=X`nchangetype: modify`nadd: mayContain`n" +
        (($missing | ForEach-Object { "mayContain: $($_.Name)" }) -join "`n") + "`n-`n`n"
    }
    Set-Content -LiteralPath (Join-Path $Folder '2-classes.ldif') -Value ($classes -join '') -NoNewline
    $missing.Name
}

function Start-TestDomain([string] $Folder, [string] $Address, [string] $Realm, [string] $SchemaFolder) {
    $started = & bash $TestDomainScript start $Folder $Address $Realm $SchemaFolder 2>&1
    if ($LASTEXITCODE -ne 0) { throw "The test domain $Realm did not start: $started" }
    $base = 'DC=' + ($Realm -split '\.' -join ',DC=')
    [pscustomobject]@{
        Folder     = $Folder
        Address    = $Address
        Realm      = $Realm
        Base       = $base
        Pid        = [int]"$started".Trim()
        CA         = Join-Path $Folder 'ca'
        Credential = [pscredential]::new("Administrator@$Realm", (ConvertTo-SecureString $TestDomainPassword -AsPlainText -Force))
    }
}

function Stop-TestDomain($Domain) {
    if ($Domain) { & bash $TestDomainScript stop $Domain.Folder | Out-Null }
}

function Invoke-TestDomainLdap($Domain, [string] $Tool, [string[]] $Arguments, [string] $Ldif) {
    # ldapadd / ldapmodify / ldapsearch over LDAPS, verifying the DC's certificate with its CA.
    $env:LDAPTLS_CACERT = Join-Path $Domain.CA 'ca.pem'
    try {
        $all = @('-x', '-H', "ldaps://$($Domain.Address)", '-D', "Administrator@$($Domain.Realm)", '-w', $TestDomainPassword) + $Arguments
        if ($Ldif) { $Ldif | & $Tool @all 2>&1 } else { & $Tool @all 2>&1 }
        if ($LASTEXITCODE -ne 0) { throw "$Tool failed ($LASTEXITCODE)" }
    }
    finally {
        Remove-Item Env:LDAPTLS_CACERT -ErrorAction Ignore
    }
}

function ConvertFrom-Ldif([string[]] $Lines) {
    # ldapsearch -LLL output as objects: one per entry, attribute => values (base64 values,
    # `name::`, decoded to bytes; binary attributes stay bytes, others become UTF-8 text).
    $entries = @()
    $current = $null
    $unfolded = [Collections.Generic.List[string]]::new()
    foreach ($line in $Lines) {
        if ($line.StartsWith(' ') -and $unfolded.Count -gt 0) { $unfolded[$unfolded.Count - 1] += $line.Substring(1) } else { $unfolded.Add($line) }
    }
    foreach ($line in $unfolded) {
        if ($line -eq '') { if ($current) { $entries += $current; $current = $null }; continue }
        if ($line -match '^([^:]+)(::?) ?(.*)$') {
            $name, $kind, $value = $Matches[1], $Matches[2], $Matches[3]
            if (-not $current) { $current = [ordered]@{} }
            $decoded = if ($kind -eq '::') { , [Convert]::FromBase64String($value) } else { $value }
            if ($current.Contains($name)) { $current[$name] = @($current[$name]) + , $decoded } else { $current[$name] = $decoded }
        }
    }
    if ($current) { $entries += $current }
    $entries
}

function ConvertTo-SidText([byte[]] $Bytes) {
    # MS-DTYP 2.4.2.2: revision, sub-authority count, 48-bit big-endian authority, then 32-bit
    # little-endian sub-authorities. Written here independently of the module (and of
    # SecurityIdentifier, which .NET supports on Windows only).
    $authority = [uint64]0
    foreach ($byte in $Bytes[2..7]) { $authority = $authority * 256 + $byte }
    $parts = for ($at = 8; $at -lt $Bytes.Length; $at += 4) { [BitConverter]::ToUInt32($Bytes, $at) }
    (@("S-$($Bytes[0])-$authority") + $parts) -join '-'
}

function New-CuttingProxy([string] $Target, [int] $Port, [long] $ServerBytes) {
    # A TCP proxy on 127.0.0.1 that forwards to the DC and cuts each connection once the DC has
    # sent ServerBytes bytes: a domain controller that goes away in the middle of an answer.
    if (-not ('SyncMatchTest.CuttingProxy' -as [type])) {
        Add-Type -TypeDefinition @'
namespace SyncMatchTest
{
    using System;
    using System.Net;
    using System.Net.Sockets;
    using System.Threading.Tasks;

    public sealed class CuttingProxy : IDisposable
    {
        private readonly TcpListener listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly string target;
        private readonly int targetPort;
        private readonly long budget;

        public CuttingProxy(string target, int targetPort, long budget)
        {
            this.target = target;
            this.targetPort = targetPort;
            this.budget = budget;
            listener.Start();
            Task.Run(Accept);
        }

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        private async Task Accept()
        {
            while (true)
            {
                TcpClient client;
                try { client = await listener.AcceptTcpClientAsync(); } catch (Exception) { return; }
                var server = new TcpClient();
                await server.ConnectAsync(target, targetPort);
                _ = client.GetStream().CopyToAsync(server.GetStream()).ContinueWith(_ => { });
                _ = Pump(client, server);
            }
        }

        private async Task Pump(TcpClient client, TcpClient server)
        {
            var buffer = new byte[4096];
            long sent = 0;
            try
            {
                while (true)
                {
                    int read = await server.GetStream().ReadAsync(buffer, 0, buffer.Length);
                    if (read == 0 || sent + read > budget) { break; }
                    await client.GetStream().WriteAsync(buffer, 0, read);
                    sent += read;
                }
            }
            catch (Exception) { }
            client.Close();
            server.Close();
        }

        public void Dispose() => listener.Stop();
    }
}
'@
    }
    [SyncMatchTest.CuttingProxy]::new($Target, $Port, $ServerBytes)
}
