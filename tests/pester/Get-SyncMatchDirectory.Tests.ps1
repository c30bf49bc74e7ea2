# Get-SyncMatchDirectory against a real domain controller (issue 26): Samba's AD DC on loopback,
# its schema extended with the attributes the module reads (generated from the module's schema),
# seeded over LDAPS. The same data read through Import-DirectoryExport gives the same answers.
# Range retrieval (MS-ADTS 3.1.1.3.1.3.3) and filter escaping (RFC 4515) are also checked on
# recorded values, since Samba returns every value unasked.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'support/TestDomain.ps1')
    $script:noDomain = -not (Test-TestDomainAvailable)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'support/TestDomain.ps1')
    Import-Module $ModuleManifest -Force
    $assembly = (Get-Command Get-SyncMatchDirectory).ImplementingType.Assembly
}

Describe 'Range retrieval and filter escaping, on recorded values' {
    BeforeAll {
        $range = $assembly.GetType('SyncMatch.Ldap.AttributeRange', $true)
        $parse = $range.GetMethod('Parse', [Reflection.BindingFlags]'NonPublic, Static')
        $ask = $range.GetMethod('Ask', [Reflection.BindingFlags]'NonPublic, Static')
        $reader = $assembly.GetType('SyncMatch.Ldap.DirectoryReader', $true)
        $escape = $reader.GetMethod('EscapeFilterValue', [Reflection.BindingFlags]'NonPublic, Static')
    }

    It 'reads a Windows DC''s capped answer (member;range=0-1499) and asks for the rest from 1500' {
        $first = $parse.Invoke($null, @('member;range=0-1499'))
        $first.Name | Should -Be 'member'
        $first.Next | Should -Be 1500
        $ask.Invoke($null, @('member', 1500)) | Should -Be 'member;range=1500-*'
        $last = $parse.Invoke($null, @('member;range=1500-2999'))
        $last.Next | Should -Be 3000
        $parse.Invoke($null, @('member;range=3000-*')).Next | Should -BeNullOrEmpty
        $parse.Invoke($null, @('proxyAddresses')).Next | Should -BeNullOrEmpty
    }

    It 'refuses a range it cannot read rather than guessing' {
        { $parse.Invoke($null, @('member;range=abc-*')) } | Should -Throw -ExpectedMessage '*cannot be read*'
        { $parse.Invoke($null, @('member;range=10-5')) } | Should -Throw -ExpectedMessage '*cannot be read*'
    }

    It 'finds a forest''s domains among its crossRef objects (systemFlags 3), not its configuration, schema or DNS partitions' {
        $domains = $assembly.GetType('SyncMatch.Ldap.ForestDomains', $true).GetMethod('FromCrossRefs', [Reflection.BindingFlags]'NonPublic, Static')
        # As a forest root with a child domain answers a one-level search of CN=Partitions.
        $tuple = { param($nc, $dns, $flags) [ValueTuple[string, string, string]]::new($nc, $dns, $flags) }
        $recorded = [Collections.Generic.List[ValueTuple[string, string, string]]]::new()
        $recorded.Add((& $tuple 'CN=Configuration,DC=contoso,DC=com' 'contoso.com' '1'))
        $recorded.Add((& $tuple 'CN=Schema,CN=Configuration,DC=contoso,DC=com' 'contoso.com' '1'))
        $recorded.Add((& $tuple 'DC=contoso,DC=com' 'contoso.com' '3'))
        $recorded.Add((& $tuple 'DC=emea,DC=contoso,DC=com' 'emea.contoso.com' '3'))
        $recorded.Add((& $tuple 'DC=ForestDnsZones,DC=contoso,DC=com' 'ForestDnsZones.contoso.com' '5'))
        $recorded.Add((& $tuple 'DC=external,DC=test' $null '2'))
        $found = $domains.Invoke($null, @(, $recorded))
        $found.NamingContext | Should -Be @('DC=contoso,DC=com', 'DC=emea,DC=contoso,DC=com')
        $found.DnsRoot | Should -Be @('contoso.com', 'emea.contoso.com')
    }

    It 'escapes a value for an LDAP filter as RFC 4515 says' {
        $escape.Invoke($null, @("a*b(c)\d$([char]0)é")) | Should -Be 'a\2ab\28c\29\5cd\00\c3\a9'
    }
}

Describe 'Get-SyncMatchDirectory against Samba''s AD DC' -Skip:$noDomain {
    BeforeAll {
        $work = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-dc-$PID"
        $schemaFolder = Join-Path $work 'schema'
        $added = New-TestDomainSchema $schemaFolder
        $domain = Start-TestDomain (Join-Path $work 'contoso') '127.0.0.2' 'contoso.test' $schemaFolder
        $base = $domain.Base
        $consistency = [guid]'35918bc9-196d-40ea-9779-889d79b753f0'
        $aliases = 1..1599 | ForEach-Object { 'proxyAddresses: smtp:alias{0:d4}@contoso.test' -f $_ }
        $seed = @"
dn: OU=Staff,$base
objectClass: organizationalUnit

dn: CN=Ada Lovelace,OU=Staff,$base
objectClass: user
sAMAccountName: ada
userPrincipalName: ada@contoso.test
mail: ada@contoso.test
mailNickname: ada
displayName:: $([Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('Zoë Ångström')))
givenName: Ada
sn: Lovelace
proxyAddresses: SMTP:ada@contoso.test
proxyAddresses: smtp:ada.lovelace@contoso.test
proxyAddresses: X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=ada
mS-DS-ConsistencyGuid:: $([Convert]::ToBase64String($consistency.ToByteArray()))

dn: CN=Bob Smith,OU=Staff,$base
objectClass: user
sAMAccountName: bob
userPrincipalName: bob smith@contoso.test
mail: bob@contoso.test

dn: CN=Big Mailbox,OU=Staff,$base
objectClass: user
sAMAccountName: big
userPrincipalName: big@contoso.test
mail: big@contoso.test
proxyAddresses: SMTP:big@contoso.test
$($aliases -join "`n")

dn: CN=Late Alias,OU=Staff,$base
objectClass: user
sAMAccountName: late
userPrincipalName: late@contoso.test
proxyAddresses: SMTP:late@contoso.test
proxyAddresses: smtp:alias1550@contoso.test

dn: CN=Staff List,OU=Staff,$base
objectClass: group
sAMAccountName: staff-list
groupType: 8
mail: staff@contoso.test
proxyAddresses: SMTP:staff@contoso.test
member: CN=Ada Lovelace,OU=Staff,$base
member: CN=Bob Smith,OU=Staff,$base

dn: CN=Partner Contact,OU=Staff,$base
objectClass: contact
mail: partner@fabrikam.test
proxyAddresses: SMTP:partner@fabrikam.test
"@
        Invoke-TestDomainLdap $domain 'ldapadd' @() $seed | Out-Null
        $read = @{ Server = $domain.Address; Credential = $domain.Credential; CertificateAuthority = $domain.CA }
        $staff = @{ SearchBase = "OU=Staff,$base" }
        $directory = Get-SyncMatchDirectory @read @staff -WarningAction SilentlyContinue
        # The same objects as ldapsearch shows them, written as a JSON export: the reference.
        $names = (Get-ModuleLdapAttribute).Name
        $ldif = Invoke-TestDomainLdap $domain 'ldapsearch' (@('-LLL', '-o', 'ldif-wrap=no', '-b', "OU=Staff,$base", '(|(objectCategory=person)(objectCategory=group))') + $names)
        $reference = Join-Path $work 'reference.json'
        ConvertFrom-Ldif $ldif | ForEach-Object {
            $entry = $_
            $object = [ordered]@{}
            foreach ($name in $entry.Keys) {
                $value = $entry[$name]
                $object[$name] = switch ($name) {
                    'dn' { continue }
                    { $_ -in 'objectGUID', 'mS-DS-ConsistencyGuid' } { [Convert]::ToBase64String([byte[]]$value) }
                    'objectSid' { ConvertTo-SidText ([byte[]]$value) }
                    'objectClass' { @($value)[-1] }
                    'displayName' { if ($value -is [byte[]]) { [Text.Encoding]::UTF8.GetString($value) } else { $value } }
                    default { $value }
                }
            }
            $object['distinguishedName'] = $entry['dn']
            [pscustomobject]$object
        } | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $reference -Encoding utf8
        $fromFile = Import-DirectoryExport -LiteralPath $reference
    }

    AfterAll {
        Stop-TestDomain $domain
        Stop-TestDomain $bare
        if ($work) { Remove-Item -Recurse -Force $work -ErrorAction Ignore }
    }

    It 'extends the test schema with what the module reads and Samba lacks (Exchange''s and Skype''s attributes)' {
        $added | Should -Contain 'mailNickname'
        $added | Should -Contain 'msExchMasterAccountSid'
        $added | Should -Not -Contain 'proxyAddresses'
    }

    It 'reads every seeded object, naming the server and base' {
        $directory.RowCount | Should -Be 6
        $directory.Path | Should -Be "ldaps://127.0.0.2:636/OU=Staff,$base"
        $directory.IsCloud | Should -BeFalse
    }

    It 'gives the same findings as the same data through Import-DirectoryExport' {
        $live = $directory | Test-SyncReadiness -VerifiedDomain contoso.test -WarningAction SilentlyContinue | ForEach-Object { "$($_.Identity)|$($_.Attribute)|$($_.Rule)|$($_.Value)" }
        $file = $fromFile | Test-SyncReadiness -VerifiedDomain contoso.test -WarningAction SilentlyContinue | ForEach-Object { "$($_.Identity)|$($_.Attribute)|$($_.Rule)|$($_.Value)" }
        $live | Should -Be $file
        # bob's UPN holds a space; alias1550 (value 1,551 of Big Mailbox's 1,600) is also Late Alias's.
        $live | Should -Contain "CN=Bob Smith,OU=Staff,$base|userPrincipalName|Character|bob smith@contoso.test"
        $live | Where-Object { $_ -like '*Late Alias*|proxyAddresses|Duplicate|alias1550@contoso.test' } | Should -Not -BeNullOrEmpty
    }

    It 'gives the same predictions, anchors from the binary values and non-ASCII names intact' {
        $cloud = [pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'z.angstrom@contoso.test'; Mail = $null; ProxyAddresses = @(); DisplayName = 'Zoë Ångström'; OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }
        $common = @{ CloudUser = $cloud; PrivilegedUser = @(); VerifiedDomain = 'contoso.test', 'contoso.onmicrosoft.com'; WarningAction = 'SilentlyContinue' }
        $live = @($directory | Test-SoftMatch @common)
        $file = @($fromFile | Test-SoftMatch @common)
        ($live | ForEach-Object { "$($_.Identity)|$($_.Outcome)|$($_.Reason)|$($_.ImmutableId)|$($_.PredictedUserPrincipalName)|$($_.Warnings.Code -join ',')" }) |
            Should -Be ($file | ForEach-Object { "$($_.Identity)|$($_.Outcome)|$($_.Reason)|$($_.ImmutableId)|$($_.PredictedUserPrincipalName)|$($_.Warnings.Code -join ',')" })
        $ada = $live | Where-Object Identity -like 'CN=Ada Lovelace,*'
        # mS-DS-ConsistencyGuid is populated: under Auto it is the anchor.
        $ada.ImmutableId | Should -Be (Get-ReferenceImmutableId $consistency)
        $ada.Warnings.Message | Should -Match 'Zoë Ångström'
    }

    It 'reads a linked mailbox''s msExchMasterAccountSid as the SID text the forest join compares' {
        $sid = @(ConvertFrom-Ldif (Invoke-TestDomainLdap $domain 'ldapsearch' @('-LLL', '-b', "CN=Ada Lovelace,OU=Staff,$base", '-s', 'base', 'objectSid')))[0].objectSid
        $text = ConvertTo-SidText ([byte[]]$sid)
        $mailbox = @"
dn: CN=Ada Mailbox,OU=Staff,$base
objectClass: user
sAMAccountName: ada-mbx
userPrincipalName: ada-mbx@contoso.test
mail: ada.lovelace@contoso.test
proxyAddresses: SMTP:ada.lovelace@contoso.test
msExchMasterAccountSid:: $([Convert]::ToBase64String([byte[]]$sid))
"@
        Invoke-TestDomainLdap $domain 'ldapadd' @() $mailbox | Out-Null
        $withMailbox = Get-SyncMatchDirectory @read @staff -WarningAction SilentlyContinue
        $cloud = [pscustomobject]@{ Id = 'c9'; UserPrincipalName = 'someone@contoso.test'; Mail = 'ada.lovelace@contoso.test'; ProxyAddresses = @('SMTP:ada.lovelace@contoso.test'); OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }
        $predicted = @($withMailbox | Test-SoftMatch -CloudUser $cloud -PrivilegedUser @() -VerifiedDomain contoso.test -ForestJoin ObjectSidMasterAccountSid -WarningAction SilentlyContinue)
        ($predicted | Where-Object Identity -like 'CN=Ada Mailbox,*').Reason | Should -Be 'JoinsPerson'
        $person = $predicted | Where-Object Identity -like 'CN=Ada Lovelace,*'
        $person.CloudObjectId | Should -Be 'c9'
        $person.Warnings.Message | Should -Match ([regex]::Escape($text))
    }

    It 'reads the forest''s domains from its configuration partition (-Forest): here the one domain Samba holds' {
        $forest = Get-SyncMatchDirectory -Server $domain.Address -Credential $domain.Credential -CertificateAuthority $domain.CA -Forest -WarningAction SilentlyContinue
        $whole = Get-SyncMatchDirectory @read -WarningAction SilentlyContinue
        $forest.RowCount | Should -Be $whole.RowCount
        $forest.Path | Should -Match ([regex]::Escape("forest: $base"))
    }

    It 'names the server, base, filter and every attribute it asks for in the verbose stream' {
        $verbose = Get-SyncMatchDirectory @read @staff -Property employeeID -Verbose -WarningAction SilentlyContinue 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] }
        $said = "$verbose"
        $said | Should -Match ([regex]::Escape("OU=Staff,$base"))
        foreach ($name in (Get-ModuleLdapAttribute).Name + 'employeeID') { $said | Should -Match ([regex]::Escape($name)) }
    }

    It 'refuses a certificate it cannot verify, with no way to skip the check' {
        { Get-SyncMatchDirectory -Server $domain.Address -Credential $domain.Credential @staff -ErrorAction Stop } |
            Should -Throw -ErrorId 'DirectoryReadFailed,SyncMatch.Commands.GetSyncMatchDirectoryCommand' -ExpectedMessage "*Could not connect to 127.0.0.2:636*"
    }

    It 'refuses a wrong password without showing any password' {
        $wrong = [pscredential]::new("Administrator@$($domain.Realm)", (ConvertTo-SecureString 'Not-The-Password-42' -AsPlainText -Force))
        $failure = $null
        try { Get-SyncMatchDirectory -Server $domain.Address -Credential $wrong -CertificateAuthority $domain.CA -ErrorAction Stop } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -Be 'DirectoryReadFailed,SyncMatch.Commands.GetSyncMatchDirectoryCommand'
        "$failure" | Should -Not -Match 'Not-The-Password-42'
        "$failure" | Should -Not -Match ([regex]::Escape($TestDomainPassword))
    }

    It 'says when nothing is under the base (DirectoryEmpty), never an empty directory' {
        Invoke-TestDomainLdap $domain 'ldapadd' @() "dn: OU=Empty,$base`nobjectClass: organizationalUnit`n" | Out-Null
        { Get-SyncMatchDirectory @read -SearchBase "OU=Empty,$base" -ErrorAction Stop -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'DirectoryEmpty,SyncMatch.Commands.GetSyncMatchDirectoryCommand'
    }

    It 'stops with DirectoryReadFailed, returning nothing, when the DC goes away in the middle of its answer' {
        # The search's answer (1,600 addresses among it) is far longer than the connection's
        # first 24 KB, which carry the TLS handshake, the bind and the schema questions.
        $proxy = New-CuttingProxy $domain.Address 636 24KB
        try {
            $said = [Collections.Generic.List[object]]::new()
            $failure = $null
            try {
                Get-SyncMatchDirectory -Server 127.0.0.1 -Port $proxy.Port -Credential $domain.Credential -CertificateAuthority $domain.CA @staff -Verbose -ErrorAction Stop -WarningAction SilentlyContinue 4>&1 |
                    ForEach-Object { $said.Add($_) }
            }
            catch { $failure = $_ }
            $failure.FullyQualifiedErrorId | Should -Be 'DirectoryReadFailed,SyncMatch.Commands.GetSyncMatchDirectoryCommand'
            "$failure" | Should -BeLike "Reading 127.0.0.1:$($proxy.Port) stopped after * objects*Nothing is returned*"
            # It had begun the search (the verbose line comes after the bind and the schema check),
            # and nothing but that line came out: no directory.
            @($said | Where-Object { $_ -is [Management.Automation.VerboseRecord] -and "$_" -like 'Reading 127.0.0.1*' }).Count | Should -Be 1
            @($said | Where-Object { $_ -isnot [Management.Automation.VerboseRecord] }).Count | Should -Be 0
        }
        finally { $proxy.Dispose() }
    }

    It 'says once that a forest without Exchange''s schema holds none of its attributes, and still reads it' {
        $empty = Join-Path $work 'no-schema'
        $null = New-Item -ItemType Directory -Force $empty
        $script:bare = Start-TestDomain (Join-Path $work 'fabrikam') '127.0.0.3' 'fabrikam.test' $empty
        $warnings = @()
        $plain = Get-SyncMatchDirectory -Server $bare.Address -Credential $bare.Credential -CertificateAuthority $bare.CA -WarningVariable warnings -WarningAction SilentlyContinue
        $plain.RowCount | Should -BeGreaterThan 0
        @($warnings | Where-Object { "$_" -match 'schema has no' }).Count | Should -Be 1
        "$($warnings[0])" | Should -Match 'mailNickname'
    }

    It 'joins a linked mailbox in a resource forest to its account in the account forest (two DCs, -ForestJoin ObjectSidMasterAccountSid)' {
        # A resource forest with Exchange's schema: the mailbox names the account forest's Ada by SID.
        $resources = Start-TestDomain (Join-Path $work 'resources') '127.0.0.4' 'resources.test' $schemaFolder
        try {
            $sid = @(ConvertFrom-Ldif (Invoke-TestDomainLdap $domain 'ldapsearch' @('-LLL', '-b', "CN=Ada Lovelace,OU=Staff,$base", '-s', 'base', 'objectSid')))[0].objectSid
            $linked = @"
dn: CN=Ada Lovelace,CN=Users,$($resources.Base)
objectClass: user
sAMAccountName: ada-linked
userPrincipalName: ada@resources.test
mail: ada.l@contoso.test
proxyAddresses: SMTP:ada.l@contoso.test
msExchRecipientTypeDetails: 2
msExchMasterAccountSid:: $([Convert]::ToBase64String([byte[]]$sid))
"@
            Invoke-TestDomainLdap $resources 'ldapadd' @() $linked | Out-Null
            $accounts = Get-SyncMatchDirectory @read @staff -WarningAction SilentlyContinue
            $mailboxes = Get-SyncMatchDirectory -Server $resources.Address -Credential $resources.Credential -CertificateAuthority $resources.CA -WarningAction SilentlyContinue
            $cloud = [pscustomobject]@{ Id = 'c7'; UserPrincipalName = 'ada.cloud@contoso.test'; Mail = 'ada.l@contoso.test'; ProxyAddresses = @('SMTP:ada.l@contoso.test'); OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }
            $predicted = @($mailboxes, $accounts | Test-SoftMatch -CloudUser $cloud -PrivilegedUser @() -VerifiedDomain contoso.test -ForestJoin ObjectSidMasterAccountSid -WarningAction SilentlyContinue)
            $mailbox = $predicted | Where-Object Identity -eq "CN=Ada Lovelace,CN=Users,$($resources.Base)"
            "$($mailbox.Outcome)|$($mailbox.Reason)" | Should -Be 'Skipped|JoinsPerson'
            $person = $predicted | Where-Object Identity -like 'CN=Ada Lovelace,OU=Staff,*'
            # The cloud mailbox matches on the resource forest's address; the anchor is the account forest's.
            "$($person.Outcome)|$($person.Reason)|$($person.CloudObjectId)" | Should -Be 'Join|SoftMatchSmtp|c7'
            $person.ImmutableId | Should -Be (Get-ReferenceImmutableId $consistency)
            # Without the join, the linked mailbox is not provisioned and the account matches nothing by mail.
            (@($mailboxes, $accounts | Test-SoftMatch -CloudUser $cloud -PrivilegedUser @() -VerifiedDomain contoso.test -WarningAction SilentlyContinue) |
                Where-Object Identity -eq "CN=Ada Lovelace,CN=Users,$($resources.Base)").Reason | Should -Be 'OutOfScope'
        }
        finally { Stop-TestDomain $resources }
    }

    It 'stops with DirectoryReadFailed naming the server when the DC is gone' {
        Stop-TestDomain $bare
        { Get-SyncMatchDirectory -Server $bare.Address -Credential $bare.Credential -CertificateAuthority $bare.CA -ErrorAction Stop } |
            Should -Throw -ErrorId 'DirectoryReadFailed,SyncMatch.Commands.GetSyncMatchDirectoryCommand' -ExpectedMessage '*127.0.0.3*'
    }
}
