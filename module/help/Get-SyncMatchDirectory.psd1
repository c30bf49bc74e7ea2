@{
    Synopsis    = 'Reads Active Directory''s users, groups and contacts over LDAP — exactly the attributes SyncMatch reads — into one object every SyncMatch cmdlet takes.'
    Description = @(
        'Get-SyncMatchDirectory binds to a domain controller and reads, under -SearchBase (the domain by default), every object whose objectCategory is person or group, asking for exactly the attributes the input schema names (-Verbose lists them) and the ones -Property adds: complete input by construction, on Windows, Linux and macOS, without the ActiveDirectory module. It returns one DirectoryExport, as Import-DirectoryExport does: pipe it to Test-SyncReadiness, Test-SoftMatch or Invoke-SyncAssessment -OnPremisesUser; no PowerShell object is made per directory object.'
        'Pages of 1,000 objects (the paged-results control; Active Directory''s default MaxPageSize). Multi-valued attributes (proxyAddresses, member, objectClass) are always asked for by range (attr;range=0-*), so a server that caps their values (Windows: MaxValRange, 1,500) says so and the rest is read range by range from the same object, never truncated. Binary values (objectGUID, mS-DS-ConsistencyGuid, objectSid, msExchMasterAccountSid) are read as bytes. A directory whose schema lacks Exchange''s or Skype for Business''s attributes is said once, as a warning, not as an error per object.'
        'Security: a -Credential is a simple bind, and only over TLS: LDAPS (port 636) by default, or -StartTls on port 389 (Samba refuses a simple bind without TLS; so should every domain controller). The server''s certificate is always verified: against the system''s trusted CAs, or on Linux and macOS against -CertificateAuthority, a folder of CA certificates in OpenSSL''s hashed layout (openssl rehash <folder>); .NET offers no per-connection certificate callback there, and SyncMatch offers no way to skip the check. Without -Credential the current user binds (Negotiate, Windows; not tested here). The credential appears in no output, message or log. Referrals are not followed (another server''s answer would mix directories): a referral is an error naming it.'
        'A read that stops — the server goes away, a size or time limit, an expired page cookie, a referral — is a terminating DirectoryReadFailed error naming the server and how many objects were read: nothing is returned, since a partial directory would give wrong answers. No object at all under -SearchBase is DirectoryEmpty.'
    )
    Parameters  = @{
        Server               = 'The domain controller: a host name or an address.'
        Port                 = 'The port: 636 (LDAPS) by default, 389 with -StartTls.'
        Credential           = 'The account to bind as (user@domain, DOMAIN\user or a DN): a simple bind over TLS. Without it, the current user (Negotiate; Windows).'
        SearchBase           = 'Where to read from, by DN (an OU, or the domain). Default: the server''s defaultNamingContext (RootDSE).'
        Forest               = 'Read every domain of the server''s forest: the domains are the crossRef objects of its configuration partition (CN=Partitions) that name a domain (systemFlags 3), each read from its DNS name (dnsRoot) with the same port, credential and certificate check; the server''s own domain through the first connection. One DirectoryExport holds them all.'
        Property             = 'Attributes your deployment reads beside SyncMatch''s own, by LDAP name: a custom -SourceAnchorAttribute (employeeID), a -UserPrincipalNameAttribute, a -ForestJoin attribute. Read as text.'
        StartTls             = 'Connect on port 389 and start TLS there (StartTLS) instead of LDAPS.'
        CertificateAuthority = 'A folder of trusted CA certificates in OpenSSL''s hashed layout (make one with openssl rehash <folder>), used instead of the system''s trusted CAs on Linux and macOS. The server''s certificate is always verified.'
        TimeoutSeconds       = 'How long one request may take, in seconds (default 120).'
    }
    Inputs      = @()
    Outputs     = @(
        @{ Type = 'SyncMatch.DirectoryExport'; Description = 'The directory, read: Path names the server and base (ldaps://server:636/DC=…).' }
    )
    Notes       = @(
        'Write-Progress counts the objects read; -Verbose names the server, base, filter and every attribute asked for.'
        'Tested against Samba''s Active Directory domain controller (4.17) over LDAPS, its schema extended with the attributes Exchange and Skype for Business add. Negotiate (Kerberos or NTLM with the current user) is not tested here.'
        'For an air-gapped assessment, export the directory where it is and read the file with Import-DirectoryExport.'
    )
    Examples    = @(
        @{
            Title   = 'Read the domain and check it (any OS, with a credential)'
            Code    = @'
$ad = Get-SyncMatchDirectory -Server dc01.contoso.com -Credential (Get-Credential)
$ad | Test-SyncReadiness -VerifiedDomain contoso.com, contoso.onmicrosoft.com
'@
            Remarks = 'One read, the attributes the rules need; no -Properties list to get wrong.'
        }
        @{
            Title   = 'An OU, a CA folder on Linux, and a custom source anchor'
            Code    = @'
$cred = Get-Credential
$ad = Get-SyncMatchDirectory -Server dc01 -SearchBase 'OU=Staff,DC=contoso,DC=com' -Credential $cred -CertificateAuthority ./corp-ca -Property employeeID
$cloud = Get-MgUser -All -Property Id, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId, OnPremisesSyncEnabled
$ad | Test-SoftMatch -CloudUser $cloud -SourceAnchorAttribute employeeID
'@
            Remarks = 'corp-ca holds the enterprise CA''s certificate, made ready with openssl rehash ./corp-ca.'
        }
    )
    Links       = @(
        @{ Text = 'Import-DirectoryExport'; Uri = '' }
        @{ Text = 'Test-SyncReadiness'; Uri = '' }
    )
}
