# New-HardMatchPlan: the seed's HardMatch.ps1 loop, planned with its guard rails. Stand-ins carry
# the real cmdlets' parameter metadata (support/DirectoryStandIns.ps1: Set-MsolUser, Update-MgUser).
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force

    function New-AdUser([string] $Sam, [guid] $Guid = [guid]::NewGuid(), [string] $Upn = "$Sam@contoso.local", [hashtable] $Extra = @{}) {
        # Get-ADUser -Properties mS-DS-ConsistencyGuid, isCriticalSystemObject, msExchRecipientTypeDetails
        $user = [ordered]@{
            DistinguishedName = "CN=$Sam,OU=Staff,DC=contoso,DC=local"; ObjectGUID = $Guid; SamAccountName = $Sam; UserPrincipalName = $Upn
            'mS-DS-ConsistencyGuid' = $null; isCriticalSystemObject = $null; msExchRecipientTypeDetails = $null
        }
        foreach ($key in $Extra.Keys) { $user[$key] = $Extra[$key] }
        [pscustomobject]$user
    }

    # Set-MsolUser and Update-MgUser, declared with the real cmdlets' parameter metadata.
    $ExamplesPath = Join-Path $PSScriptRoot '../../examples'
    . (Join-Path $PSScriptRoot 'support/DirectoryStandIns.ps1')

    $guid = [guid]'35918bc9-196d-40ea-9779-889d79b753f0'
    $immutableId = 'yYuRNW0Z6kCXeYidebdT8A=='
}

Describe 'New-HardMatchPlan: the seed''s HardMatch.ps1 rows' {
    It 'reads Username and a cloud UPN column, and computes the anchor the seed forgot' {
        $ad = New-AdUser 'jdoe' -Guid $guid
        $cloud = New-MgUser 'john.doe@contoso.com' -Proxy @()
        $item = [pscustomobject]@{ Username = 'jdoe'; UserPrincipalName = 'john.doe@contoso.com' } | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud
        $item.Action | Should -Be 'Set'
        $item.ImmutableId | Should -Be $immutableId
        $item.OnPremisesUserPrincipalName | Should -Be 'jdoe@contoso.local'
        $item.CloudUserPrincipalName | Should -Be 'john.doe@contoso.com'
        $item.UserId | Should -Be $cloud.Id
        $item.OnPremisesImmutableId | Should -Be $immutableId
    }

    It 'finds targets in every chunk of many cloud users (each chunk added while the next is read)' {
        $ad = New-AdUser 'jdoe' -Guid $guid
        # More cloud users before the target than one chunk holds, whatever its size.
        $chunk = (Get-Module SyncMatch).ImplementingAssembly.GetType('SyncMatch.Directory.ObjectRows').GetField('ChunkSize', [Reflection.BindingFlags]'NonPublic, Static').GetValue($null)
        $cloud = @(1..($chunk + 100) | ForEach-Object { New-MgUser "c$_@contoso.com" -Proxy @() }) + @(New-MgUser 'john.doe@contoso.com' -Proxy @())
        $items = @(
            [pscustomobject]@{ Username = 'jdoe'; UserPrincipalName = 'john.doe@contoso.com' }
            [pscustomobject]@{ Username = 'jdoe'; UserPrincipalName = 'c1@contoso.com' }
        ) | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -WarningAction SilentlyContinue
        $items[0].UserId | Should -Be $cloud[-1].Id
        $items[1].UserId | Should -Be $cloud[0].Id
    }

    It 'reads the readers'' $ADUser / $O365User columns, and O365User as an id too' {
        $ad = New-AdUser 'jdoe' -Guid $guid
        $cloud = New-MgUser 'john.doe@contoso.com' -Proxy @()
        ([pscustomobject]@{ ADUser = 'jdoe'; O365User = 'john.doe@contoso.com' } | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud).Action | Should -Be 'Set'
        ([pscustomobject]@{ ADUser = 'jdoe'; O365User = $cloud.Id } | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud).Action | Should -Be 'Set'
    }

    It 'never reads a Get-ADUser object''s UserPrincipalName as the cloud one' {
        $ad = New-AdUser 'jdoe' -Guid $guid -Upn 'john.doe@contoso.com'
        $cloud = New-MgUser 'john.doe@contoso.com' -Proxy @()
        { $ad | New-HardMatchPlan -CloudUser $cloud -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'MappingColumnsUnusable,*' -ExpectedMessage '*no column names the cloud user*without ObjectGUID*'
        # With a cloud key added, the object is its own directory user, planned as such.
        $item = $ad | Select-Object *, @{ n = 'CloudUserId'; e = { $cloud.Id } } | New-HardMatchPlan -CloudUser $cloud -WarningAction SilentlyContinue
        $item.Action | Should -Be 'Set'
        $item.SamAccountName | Should -Be 'jdoe' -Because 'a row carrying ObjectGUID is its own directory user'
    }
}

Describe 'New-HardMatchPlan: the seed readers'' mapping files (issue 21)' {
    BeforeAll {
        $ad = New-AdUser 'jdoe' -Guid $guid
        $cloud = New-MgUser 'john.doe@contoso.com' -Proxy @()
        $file = Join-Path $TestDrive 'users.csv'
    }

    It 'reads the header <Header> (white space and a leading $ trimmed)' -ForEach @(
        @{ Header = 'Username,UserPrincipalName' }
        @{ Header = '$ADUser,365User' }
        @{ Header = 'ADUser,O365User ' }
        @{ Header = 'Username,Office365User' }
        @{ Header = 'Username,CloudUPN' }
        @{ Header = 'Username,EmailAddress' }
    ) {
        Set-Content -LiteralPath $file -Value $Header, 'jdoe,john.doe@contoso.com'
        $item = Import-Csv -LiteralPath $file | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -WarningAction SilentlyContinue
        $item.Action | Should -Be 'Set'
        $item.CloudUserId | Should -Be $cloud.Id
        # The same file as an export, read in the core.
        $exported = Import-DirectoryExport -LiteralPath $file | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -WarningAction SilentlyContinue
        $exported.Action | Should -Be 'Set'
    }

    It 'stops once, naming the columns found and the names read, for a file without a cloud column (the seed''s users.csv has only Username)' {
        Set-Content -LiteralPath $file -Value 'Username', 'jdoe', 'ann', 'bob'
        { Import-Csv -LiteralPath $file | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'MappingColumnsUnusable,*' -ExpectedMessage "*columns found: 'Username'*CloudUserId*O365User*"
        { Import-DirectoryExport -LiteralPath $file | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'MappingColumnsUnusable,*' -ExpectedMessage "*$file*"
    }

    It 'explains a ;-separated file read by Import-Csv (European Excel)' {
        Set-Content -LiteralPath $file -Value 'Username;O365User', 'jdoe;john.doe@contoso.com'
        { Import-Csv -LiteralPath $file | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -WarningAction SilentlyContinue } |
            Should -Throw -ErrorId 'MappingColumnsUnusable,*' -ExpectedMessage "*-Delimiter ';'*"
        $item = Import-Csv -LiteralPath $file -Delimiter ';' | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -WarningAction SilentlyContinue
        $item.Action | Should -Be 'Set'
    }
}

Describe 'New-HardMatchPlan: guard rails' {
    It 'blocks a still-synchronized target, whatever -AllowReplace says' {
        $cloud = New-MgUser 'jdoe@contoso.com' -ImmutableId 'b3RoZXI=' -SyncEnabled $true
        $item = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserId = $cloud.Id } | New-HardMatchPlan -OnPremisesUser (New-AdUser 'jdoe') -CloudUser $cloud -AllowReplace
        $item.Action | Should -Be 'Blocked'
        $item.Reason | Should -Be 'TargetSynchronized'
    }

    It 'names the synced duplicate holding the anchor, with the recovery in order' {
        $target = New-MgUser 'jdoe@contoso.com'
        $duplicate = New-MgUser 'jdoe1234@contoso.onmicrosoft.com' -ImmutableId $immutableId -SyncEnabled $true
        $item = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserId = $target.Id } | New-HardMatchPlan -OnPremisesUser (New-AdUser 'jdoe' -Guid $guid) -CloudUser $target, $duplicate
        $item.Reason | Should -Be 'AnchorHeldBySyncedDuplicate'
        $item.Detail | Should -Match ([regex]::Escape($duplicate.Id))
        $item.Detail | Should -Match 'Uniqueness violation\. Property: SourceAnchor'
    }

    It 'keeps the old immutableId with -AllowReplace' {
        $cloud = New-MgUser 'jdoe@contoso.com' -ImmutableId 'b3RoZXI='
        $row = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserId = $cloud.Id }
        ($row | New-HardMatchPlan -OnPremisesUser (New-AdUser 'jdoe') -CloudUser $cloud).Reason | Should -Be 'TargetHasImmutableId'
        $item = $row | New-HardMatchPlan -OnPremisesUser (New-AdUser 'jdoe') -CloudUser $cloud -AllowReplace
        $item.Reason | Should -Be 'ReplaceImmutableId'
        $item.PreviousImmutableId | Should -Be 'b3RoZXI='
    }

    It 'blocks every row that stamps one target, each naming the others' {
        $cloud = New-MgUser 'jdoe@contoso.com'
        $items = @(
            [pscustomobject]@{ SamAccountName = 'a'; CloudUserId = $cloud.Id }
            [pscustomobject]@{ SamAccountName = 'b'; CloudUserId = $cloud.Id }
        ) | New-HardMatchPlan -OnPremisesUser (New-AdUser 'a'), (New-AdUser 'b') -CloudUser $cloud
        $items.Reason | Should -Be @('DuplicateTarget', 'DuplicateTarget')
        $items[0].Detail | Should -Match 'CN=b'
    }

    It 'blocks a privileged target, a federated domain (Get-MgDomain objects) and a blocked takeover' {
        $cloud = New-MgUser 'jdoe@contoso.com'
        $row = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserId = $cloud.Id }
        $ad = New-AdUser 'jdoe'
        ($row | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -PrivilegedUser $cloud.Id).Reason | Should -Be 'PrivilegedTarget'
        $domains = [pscustomobject]@{ Id = 'contoso.com'; AuthenticationType = 'Federated'; IsVerified = $true }, [pscustomobject]@{ Id = 'fabrikam.com'; AuthenticationType = 'Managed'; IsVerified = $true }
        ($row | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -FederatedDomain $domains).Reason | Should -Be 'FederatedDomain'
        $setting = [pscustomobject]@{ Features = [pscustomobject]@{ BlockCloudObjectTakeoverThroughHardMatchEnabled = $true } }
        $item = $row | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -TenantSetting $setting
        $item.Reason | Should -Be 'TakeoverBlocked'
        $item.Detail | Should -Match 'back on'
    }

    It 'blocks a target whose onPremisesObjectIdentifier is set, an anchor a deleted user holds, and an out-of-scope user' {
        $cloud = New-MgUser 'jdoe@contoso.com' -Extra @{ OnPremisesObjectIdentifier = 'f00d0000-0000-0000-0000-000000000000' }
        $row = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserId = $cloud.Id }
        ($row | New-HardMatchPlan -OnPremisesUser (New-AdUser 'jdoe') -CloudUser $cloud).Reason | Should -Be 'ObjectIdentifierSet'
        $free = New-MgUser 'free@contoso.com'
        $deleted = New-MgUser 'old@contoso.com' -ImmutableId $immutableId
        $item = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserId = $free.Id } | New-HardMatchPlan -OnPremisesUser (New-AdUser 'jdoe' -Guid $guid) -CloudUser $free -DeletedCloudUser $deleted
        $item.Reason | Should -Be 'AnchorHeldByDeletedUser'
        $critical = New-AdUser 'krbtgt' -Extra @{ isCriticalSystemObject = $true }
        ([pscustomobject]@{ SamAccountName = 'krbtgt'; CloudUserId = $free.Id } | New-HardMatchPlan -OnPremisesUser $critical -CloudUser $free).Reason | Should -Be 'OnPremisesUserOutOfScope'
    }

    It 'warns when the cloud user has a mailbox and the on-premises user is no remote mailbox' {
        $cloud = New-MgUser 'jdoe@contoso.com' -Extra @{ RecipientTypeDetails = 'UserMailbox' }
        $row = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserId = $cloud.Id }
        ($row | New-HardMatchPlan -OnPremisesUser (New-AdUser 'jdoe' -Upn 'jdoe@contoso.com') -CloudUser $cloud).Warnings.Code | Should -Be 'MailboxNotRemote'
        $remote = New-AdUser 'jdoe' -Upn 'jdoe@contoso.com' -Extra @{ msExchRecipientTypeDetails = '2147483648' }
        ($row | New-HardMatchPlan -OnPremisesUser $remote -CloudUser $cloud).Warnings | Should -BeNullOrEmpty
    }
}

Describe 'New-HardMatchPlan: from Test-SoftMatch results' {
    It 'takes the result''s anchor and target' {
        $cloud = New-MgUser 'jdoe@contoso.com' -ImmutableId 'b3RoZXI='
        $result = New-AdUser 'jdoe' -Guid $guid -Upn 'jdoe@contoso.com' | Add-Member -PassThru -NotePropertyMembers @{ proxyAddresses = [string[]]'SMTP:jdoe@contoso.com'; mail = 'jdoe@contoso.com'; mailNickname = 'jdoe' } |
            Test-SoftMatch -CloudUser $cloud -VerifiedDomain contoso.com -PrivilegedUser @() -WarningAction SilentlyContinue
        $result.Reason | Should -Be 'TargetAnchored'
        $item = $result | New-HardMatchPlan -CloudUser $cloud -AllowReplace
        $item.Action | Should -Be 'Set'
        $item.ImmutableId | Should -Be $immutableId
        $item.CloudUserId | Should -Be $cloud.Id
    }
}

Describe 'New-HardMatchPlan: the write cmdlets'' binding (their real parameter metadata)' {
    BeforeAll {
        $cloud = New-MgUser 'john.doe@contoso.com' -Proxy @()
        $script:item = [pscustomobject]@{ Username = 'jdoe'; CloudUserPrincipalName = 'john.doe@contoso.com' } | New-HardMatchPlan -OnPremisesUser (New-AdUser 'jdoe' -Guid $guid) -CloudUser $cloud
    }

    It 'pipes into Set-MsolUser: -UserPrincipalName (the cloud UPN) and -ImmutableId bind by property name' {
        $written = $item | Set-MsolUser
        $written.UserPrincipalName | Should -Be 'john.doe@contoso.com'
        $written.ImmutableId | Should -Be $immutableId
    }

    It 'does not bind Update-MgUser from the pipeline; the ForEach-Object form does' {
        { $item | Update-MgUser -ErrorAction Stop } | Should -Throw
        $written = $item | ForEach-Object { Update-MgUser -UserId $_.UserId -OnPremisesImmutableId $_.OnPremisesImmutableId }
        $written.UserId | Should -Be $item.CloudUserId
        $written.OnPremisesImmutableId | Should -Be $immutableId
    }
}

Describe 'New-HardMatchPlan: the other direction' {
    It 'gives the 16 bytes for mS-DS-ConsistencyGuid' {
        $cloud = New-MgUser 'jdoe@contoso.com' -ImmutableId $immutableId
        $item = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserId = $cloud.Id } | New-HardMatchPlan -OnPremisesUser (New-AdUser 'jdoe') -CloudUser $cloud -Direction ToOnPremises
        $item.Action | Should -Be 'Set'
        [guid]::new($item.ConsistencyGuid) | Should -Be $guid
    }
}

Describe 'New-HardMatchPlan: every input has an item' {
    It 'keeps a row it cannot read as a Blocked item beside its error record' {
        $cloud = New-MgUser 'jdoe@contoso.com'
        $items = @('not a row', [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserId = $cloud.Id }) |
            New-HardMatchPlan -OnPremisesUser (New-AdUser 'jdoe') -CloudUser $cloud -ErrorVariable errors -ErrorAction SilentlyContinue
        $items.Count | Should -Be 2
        $items[0].Action | Should -Be 'Blocked'
        $items[1].Action | Should -Be 'Set'
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidInputObject,*'
    }
}

Describe 'New-HardMatchPlan: mapping mistakes are blocked (issue 21)' {
    It 'blocks a key that names two on-premises users (the same sAMAccountName in two domains), naming both' {
        $emea = New-AdUser 'jdoe' -Upn 'jdoe@emea.contoso.com'
        $emea.DistinguishedName = 'CN=jdoe,OU=Staff,DC=emea,DC=contoso,DC=com'
        $apac = New-AdUser 'jdoe' -Upn 'jdoe@apac.contoso.com'
        $apac.DistinguishedName = 'CN=jdoe,OU=Staff,DC=apac,DC=contoso,DC=com'
        $cloud = New-MgUser 'john.doe@contoso.com' -Proxy @()
        $item = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserId = $cloud.Id } | New-HardMatchPlan -OnPremisesUser $emea, $apac -CloudUser $cloud -WarningAction SilentlyContinue
        $item.Action | Should -Be 'Blocked'
        $item.Reason | Should -Be 'AmbiguousOnPremisesKey'
        $item.OtherOnPremisesUsers | Should -Be @($emea.DistinguishedName, $apac.DistinguishedName)
        # Keyed by DN, the same row is planned, and the item names the user's domain for Set-ADUser -Server.
        $item = [pscustomobject]@{ DistinguishedName = $apac.DistinguishedName; CloudUserId = $cloud.Id } | New-HardMatchPlan -OnPremisesUser $emea, $apac -CloudUser $cloud -WarningAction SilentlyContinue
        $item.Action | Should -Be 'Set'
        $item.OnPremisesDomain | Should -Be 'apac.contoso.com'
    }

    It 'blocks a row that maps to a cloud group (Graph''s @odata.type): onPremisesImmutableId is on users only (how-to-connect-install-existing-tenant)' {
        $group = [pscustomobject]@{ '@odata.type' = '#microsoft.graph.group'; Id = 'g1'; UserPrincipalName = $null; Mail = 'sales@contoso.com' }
        $item = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserId = 'g1' } | New-HardMatchPlan -OnPremisesUser (New-AdUser 'jdoe') -CloudUser $group -WarningAction SilentlyContinue
        $item.Reason | Should -Be 'NotAUser'
        $item.Detail | Should -Match 'users only'
    }

    It 'blocks -AllowReplace over another in-scope user''s anchor: that user would lose its cloud account' {
        $bob = New-AdUser 'bob' -Guid $guid
        $ann = New-AdUser 'ann'
        $cloud = New-MgUser 'ann@contoso.com' -Proxy @() -ImmutableId $immutableId
        $item = [pscustomobject]@{ SamAccountName = 'ann'; CloudUserId = $cloud.Id } | New-HardMatchPlan -OnPremisesUser $ann, $bob -CloudUser $cloud -AllowReplace -WarningAction SilentlyContinue
        $item.Reason | Should -Be 'PreviousAnchorInUse'
        $item.OtherOnPremisesUsers | Should -Be $bob.DistinguishedName
    }
}

Describe 'New-HardMatchPlan: what the plan says before anything is written (issue 21)' {
    It 'warns once each for a guard rail whose input is missing, naming the command that fetches it' {
        $null = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserId = 'c1' } |
            New-HardMatchPlan -OnPremisesUser ([pscustomobject]@{ DistinguishedName = 'CN=jdoe,DC=contoso,DC=com'; ObjectGUID = $guid; SamAccountName = 'jdoe' }) -CloudUser (New-MgUser 'jdoe@contoso.com') -WarningVariable warned -WarningAction SilentlyContinue
        $messages = @($warned | ForEach-Object Message)
        ($messages | Where-Object { $_ -like 'No -PrivilegedUser*' }).Count | Should -Be 1
        ($messages | Where-Object { $_ -like 'No -DeletedCloudUser*Get-MgDirectoryDeletedItemAsUser*' }).Count | Should -Be 1
        ($messages | Where-Object { $_ -like 'No -FederatedDomain*Get-MgDomain*' }).Count | Should -Be 1
        ($messages | Where-Object { $_ -like 'No -TenantSetting*Get-MgDirectoryOnPremiseSynchronization*' }).Count | Should -Be 1
        ($messages | Where-Object { $_ -like 'No -VerifiedDomain*Get-MgDomain*' }).Count | Should -Be 1
        ($messages | Where-Object { $_ -like 'No -CloudUser object has HasMailbox or RecipientTypeDetails*Get-EXOMailbox*ExternalDirectoryObjectId*' }).Count | Should -Be 1
        ($messages | Where-Object { $_ -like '*mS-DS-ConsistencyGuid*Get-ADUser*' }).Count | Should -Be 1 -Because 'Auto falls back to objectGUID without it: wrong for ADMT-migrated users'
    }

    It 'warns about none of them when every input is given' {
        $ad = New-AdUser 'jdoe' -Guid $guid
        $null = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserId = 'c1' } |
            New-HardMatchPlan -OnPremisesUser $ad -CloudUser (New-MgUser 'jdoe@contoso.com' -Extra @{ RecipientTypeDetails = 'UserMailbox' }) -PrivilegedUser @() -DeletedCloudUser @() -FederatedDomain @() -VerifiedDomain contoso.com -BlockHardMatchTakeover:$false -WarningVariable warned -WarningAction SilentlyContinue
        @($warned | Where-Object { $_.Message -like 'No -*' }).Count | Should -Be 0
    }

    It 'ships the seed''s users.csv in the module, as the help names it' {
        $module = Get-Module SyncMatch
        Test-Path (Join-Path $module.ModuleBase 'examples/users.csv') | Should -BeTrue
        (Get-Help New-HardMatchPlan -Full | Out-String) | Should -Match 'examples/users.csv'
    }
}

Describe 'New-HardMatchPlan: input it cannot read is said, not planned as something else (issue 21)' {
    It 'gives a user whose anchor cannot be read (<Name>) the error Test-SoftMatch gives, beside its InvalidAnchor item' -ForEach @(
        @{ Name = 'an objectGUID of 15 bytes'; Guid = [byte[]](1..15); Id = 'InvalidAnchorLength' }
        @{ Name = 'a DBNull objectGUID'; Guid = [DBNull]::Value; Id = 'MissingSourceAnchor' }
    ) {
        $user = [pscustomobject]@{ DistinguishedName = 'CN=jdoe,DC=contoso,DC=com'; ObjectGUID = $Guid; SamAccountName = 'jdoe'; UserPrincipalName = 'jdoe@contoso.com' }
        $cloud = New-MgUser 'john.doe@contoso.com' -Proxy @()
        $item = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserId = $cloud.Id } | New-HardMatchPlan -OnPremisesUser $user -CloudUser $cloud -WarningAction SilentlyContinue -ErrorVariable planErrors -ErrorAction SilentlyContinue
        $item.Reason | Should -Be 'InvalidAnchor'
        $null = $user | Test-SoftMatch -CloudUser $cloud -WarningAction SilentlyContinue -ErrorVariable softErrors -ErrorAction SilentlyContinue
        $planErrors.Count | Should -Be 1
        $planErrors[0].FullyQualifiedErrorId.Split(',')[0] | Should -Be $Id
        $planErrors[0].FullyQualifiedErrorId.Split(',')[0] | Should -Be $softErrors[0].FullyQualifiedErrorId.Split(',')[0]
        $planErrors[0].Exception.Message | Should -Be $softErrors[0].Exception.Message
    }

    It 'refuses a cloud user whose OnPremisesSyncEnabled is not a boolean (<Value>), never reading it as "not synchronized"' -ForEach @(
        @{ Value = '1' }, @{ Value = 'yes' }
    ) {
        $cloud = [pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'jdoe@contoso.com'; OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $Value }
        $item = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserId = 'c1' } | New-HardMatchPlan -OnPremisesUser (New-AdUser 'jdoe') -CloudUser $cloud -WarningAction SilentlyContinue -ErrorVariable refused -ErrorAction SilentlyContinue
        $item.Action | Should -Not -Be 'Set'
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'InvalidCloudUser,*'
        $refused[0].Exception.Message | Should -Match "OnPremisesSyncEnabled is '$Value', not True or False"
    }
}

Describe 'New-HardMatchPlan: what the join loses (how-to-connect-install-existing-tenant: "you lose any values in Microsoft Entra ID not present in AD DS")' {
    It 'lists the cloud-only SMTP addresses on the item, warns on it, and says once that password hash sync replaces the cloud password' {
        $ad = New-AdUser 'jdoe' -Guid $guid -Upn 'john.doe@contoso.com' -Extra @{ mail = 'john.doe@contoso.com'; proxyAddresses = [string[]]@('SMTP:john.doe@contoso.com') }
        $cloud = New-MgUser 'john.doe@contoso.com' -Proxy 'SMTP:john.doe@contoso.com', 'smtp:jd@contoso.com', 'smtp:john.doe@contoso.onmicrosoft.com'
        $item = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserId = $cloud.Id } | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -WarningVariable warned -WarningAction SilentlyContinue
        $item.Action | Should -Be 'Set'
        $item.LostAddresses | Should -Be 'jd@contoso.com'
        "$($item.LostAddresses)" | Should -Be 'jd@contoso.com'
        $item.Warnings.Code | Should -Contain 'AddressesLost'
        @($warned | Where-Object { $_.Message -like '*password hash synchronization*' }).Count | Should -Be 1
    }
}

Describe 'New-HardMatchPlan: the admin''s mistakes and Microsoft''s named risks, said on the item (issue 21)' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'support/ExchangeStandIns.ps1')
        $tenant = @{ VerifiedDomain = 'contoso.com', 'contoso.onmicrosoft.com'; PrivilegedUser = @(); DeletedCloudUser = @(); FederatedDomain = @(); BlockHardMatchTakeover = $false }
    }

    It 'predicts the UPN Test-SoftMatch predicts for the same user (UPN population: a .local suffix becomes the MOERA)' {
        $ad = New-AdUser 'pmesser' -Guid $guid -Upn 'paul.messer@corp.local' -Extra @{ mailNickname = 'paul.messer' }
        $cloud = New-MgUser 'paul.messer@contoso.com'
        $item = [pscustomobject]@{ SamAccountName = 'pmesser'; CloudUserPrincipalName = 'paul.messer@contoso.com' } |
            New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud @tenant -WarningAction SilentlyContinue
        $predicted = $ad | Test-SoftMatch -CloudUser @() -VerifiedDomain $tenant.VerifiedDomain -WarningAction SilentlyContinue
        $item.PredictedUserPrincipalName | Should -Be 'paul.messer@contoso.onmicrosoft.com'
        $item.PredictedUserPrincipalName | Should -Be $predicted.PredictedUserPrincipalName
        $warning = $item.Warnings | Where-Object Code -eq UpnChanges
        $warning.Message | Should -Match 'becomes paul\.messer@contoso\.onmicrosoft\.com: paul\.messer@corp\.local is not on a verified domain'
    }

    It 'flags a swapped row: the user''s own primary SMTP address is another cloud user''s (Entra Connect: soft match on the primary SMTP address)' {
        $ann = New-AdUser 'ann' -Guid $guid -Upn 'ann@contoso.com' -Extra @{ proxyAddresses = @('SMTP:ann@contoso.com'); mail = 'ann@contoso.com' }
        $bob = New-AdUser 'bob' -Upn 'bob@contoso.com' -Extra @{ proxyAddresses = @('SMTP:bob@contoso.com'); mail = 'bob@contoso.com' }
        $cloud = (New-MgUser 'ann@contoso.com'), (New-MgUser 'bob@contoso.com')
        $rows = [pscustomobject]@{ SamAccountName = 'ann'; CloudUserPrincipalName = 'bob@contoso.com' },
            [pscustomobject]@{ SamAccountName = 'bob'; CloudUserPrincipalName = 'ann@contoso.com' }
        $items = $rows | New-HardMatchPlan -OnPremisesUser $ann, $bob -CloudUser $cloud @tenant -WarningAction SilentlyContinue
        $items.Action | Should -Be 'Set', 'Set' -Because 'a warning, not a block: the admin may mean it'
        ($items[0].Warnings | Where-Object Code -eq SoftMatchesOtherUser).Message | Should -Match 'primary SMTP address ann@contoso.com is cloud user ann@contoso.com.*maps it to cloud user bob@contoso.com.*swapped'
        ($items[1].Warnings | Where-Object Code -eq SoftMatchesOtherUser) | Should -Not -BeNullOrEmpty
        $right = $rows[0].PSObject.Copy(); $right.CloudUserPrincipalName = 'ann@contoso.com'
        ($right | New-HardMatchPlan -OnPremisesUser $ann, $bob -CloudUser $cloud @tenant -WarningAction SilentlyContinue).Warnings.Code | Should -Not -Contain 'SoftMatchesOtherUser'
    }

    It 'gives remote-mailbox advice whose commands bind to Enable-RemoteMailbox and Set-RemoteMailbox as documented (Exchange Server reference)' {
        $ad = New-AdUser 'jdoe' -Guid $guid -Upn 'jdoe@contoso.com'
        $ad.DistinguishedName = 'CN=jdoe,OU=Staff,DC=emea,DC=contoso,DC=local'
        $cloud = New-MgUser 'jdoe@contoso.com' -Proxy 'SMTP:jdoe@contoso.com', 'smtp:jdoe@contoso.onmicrosoft.com' -Extra @{ RecipientTypeDetails = 'UserMailbox'; ExchangeGuid = [guid]'8d4a6ed1-3a11-4b6a-9c4d-2f1e0c9b7a65' }
        $item = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserPrincipalName = 'jdoe@contoso.com' } |
            New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud @tenant -WarningAction SilentlyContinue
        $advice = ($item.Warnings | Where-Object Code -eq MailboxNotRemote).Message
        $advice | Should -Match "-RemoteRoutingAddress 'jdoe@contoso.mail.onmicrosoft.com'"
        $commands = [regex]::Matches($advice, "(Enable|Set)-RemoteMailbox -Identity '[^']+'[^;]*?(?=;|\s\(the cloud)") | ForEach-Object Value
        $commands.Count | Should -Be 2
        foreach ($command in $commands) {
            $result = Invoke-Expression "$command -WhatIf:`$false -Confirm:`$false"
            $result.Identity | Should -Be 'CN=jdoe,OU=Staff,DC=emea,DC=contoso,DC=local'
            $result.DomainController | Should -Be 'emea.contoso.local'
        }
        (Invoke-Expression "$($commands[1]) -Confirm:`$false").ExchangeGuid | Should -Be ([guid]'8d4a6ed1-3a11-4b6a-9c4d-2f1e0c9b7a65')
        # An on-premises mailbox beside the cloud one is another risk, said as such.
        $ad.msExchRecipientTypeDetails = 1
        $item = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserPrincipalName = 'jdoe@contoso.com' } |
            New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud @tenant -WarningAction SilentlyContinue
        $item.Warnings.Code | Should -Contain 'MailboxOnBothSides'
        $item.Warnings.Code | Should -Not -Contain 'MailboxNotRemote'
    }

    It 'takes the mailbox facts from Get-EXOMailbox joined by id, as help example 1 shows' {
        $ExamplesPath = Join-Path $PSScriptRoot '../../examples'
        $mailboxes = @{}
        Get-EXOMailbox -ResultSize Unlimited -Properties ExchangeGuid | ForEach-Object { $mailboxes[[string]$_.ExternalDirectoryObjectId] = $_ }
        $cloud = Get-MgUser -All | Select-Object *, @{ n = 'RecipientTypeDetails'; e = { $mailboxes[$_.Id].RecipientTypeDetails } }, @{ n = 'ExchangeGuid'; e = { $mailboxes[$_.Id].ExchangeGuid } }
        $target = $cloud | Where-Object UserPrincipalName -eq 'peggy.peters@contoso.com'
        $ad = New-AdUser 'ppeters' -Guid $guid -Upn 'peggy.peters@contoso.com'
        $item = [pscustomobject]@{ SamAccountName = 'ppeters'; CloudUserId = $target.Id } |
            New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud @tenant -WarningVariable warned -WarningAction SilentlyContinue
        ($item.Warnings | Where-Object Code -eq MailboxNotRemote).Message | Should -Match "-ExchangeGuid $($mailboxes[$target.Id].ExchangeGuid)"
        @($warned | Where-Object Message -like 'No -CloudUser object has HasMailbox*').Count | Should -Be 0
    }

    It 'plans a user whose unrelated value cannot be read (a type name Export-Csv wrote) on what was read, naming the value' {
        $ad = New-AdUser 'jdoe' -Guid $guid -Upn 'jdoe@contoso.com' -Extra @{ proxyAddresses = 'Microsoft.ActiveDirectory.Management.ADPropertyValueCollection'; displayName = 'John Doe' }
        $item = [pscustomobject]@{ SamAccountName = 'jdoe'; CloudUserPrincipalName = 'jdoe@contoso.com' } |
            New-HardMatchPlan -OnPremisesUser $ad -CloudUser (New-MgUser 'jdoe@contoso.com') @tenant -ErrorVariable failed -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $failed | Should -BeNullOrEmpty
        $item.Action | Should -Be Set
        ($item.Warnings | Where-Object Code -eq ValueUnreadable).Message | Should -Match 'proxyAddresses holds .Microsoft\.ActiveDirectory\.Management\.ADPropertyValueCollection.*planned on its other values'
    }
}
