# Test-SoftMatch against Entra ID's documented behaviours (issue 7): each test names its source;
# docs/model.md lists them. Stand-ins carry the real cmdlets' type names and properties.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force

    function New-OnPremObject {
        # Get-ADUser / Get-ADObject -Properties mail, proxyAddresses, mailNickname, ... (every property asked for)
        param([string] $Sam, [string] $Upn = "$Sam@contoso.com", [string[]] $Proxy = @("SMTP:$Sam@contoso.com"),
            [guid] $Guid = [guid]::NewGuid(), [string] $Class = 'user', [hashtable] $Extra = @{})
        $user = [ordered]@{
            DistinguishedName          = "CN=$Sam,OU=Staff,DC=contoso,DC=com"
            ObjectClass                = $Class
            ObjectGUID                 = $Guid
            SamAccountName             = $Sam
            UserPrincipalName          = $Upn
            mail                       = $null
            mailNickname               = $Sam
            proxyAddresses             = [string[]]$Proxy
            DisplayName                = $Sam
            'mS-DS-ConsistencyGuid'    = $null
            msExchRecipientTypeDetails = $null
            isCriticalSystemObject     = $null
        }
        foreach ($key in $Extra.Keys) { $user[$key] = $Extra[$key] }
        [pscustomobject]$user
    }

    function New-MgGroupObject {
        # Get-MgGroup: no UserPrincipalName; GroupTypes, SecurityEnabled, MailEnabled.
        param([string] $Mail)
        [pscustomobject]@{
            PSTypeName      = 'Microsoft.Graph.PowerShell.Models.MicrosoftGraphGroup'
            Id              = [guid]::NewGuid().ToString()
            DisplayName     = ($Mail -split '@')[0]
            Mail            = $Mail
            MailEnabled     = $true
            SecurityEnabled = $false
            GroupTypes      = [string[]]@('Unified')
            ProxyAddresses  = [string[]]@("SMTP:$Mail")
        }
    }

    $verified = 'contoso.com', 'contoso.onmicrosoft.com'
    $quiet = @{ VerifiedDomain = $verified; PrivilegedUser = @(); WarningAction = 'SilentlyContinue' }
}

Describe 'Test-SoftMatch: the UPN the user will really have (plan-connect-userprincipalname)' {
    It 'computes sAMAccountName@ the DNS name from the DN for a user without a UPN, and soft-matches on it' {
        $user = New-OnPremObject 'jdoe' -Proxy @() -Extra @{ UserPrincipalName = $null }
        $cloud = New-MgUser 'jdoe@contoso.com' -Proxy @()
        $result = $user | Test-SoftMatch -CloudUser $cloud @quiet
        $result.PredictedUserPrincipalName | Should -Be 'jdoe@contoso.com'
        $result.Reason | Should -Be 'SoftMatchUpn'
        $result.Warnings.Code | Should -Contain 'UpnFromSamAccountName'
    }

    It 'replaces an invalid UPN (a space) with the MOERA, mailNickname@ the initial domain' {
        $result = New-OnPremObject 'jdoe' -Upn 'john doe@contoso.com' -Proxy @() | Test-SoftMatch -CloudUser @() @quiet
        $result.PredictedUserPrincipalName | Should -Be 'jdoe@contoso.onmicrosoft.com'
        $result.Warnings.Code | Should -Contain 'InvalidUpn'
    }

    It 'replaces a UPN another cloud object holds with prefix####@ the initial domain and says so (duplicate attribute resiliency)' {
        $cloud = New-MgUser 'bob@contoso.com' -ImmutableId 'c29tZW9uZSBlbHNl'
        $result = New-OnPremObject 'bob' | Test-SoftMatch -CloudUser $cloud @quiet
        $result.Outcome | Should -Be 'Duplicate'
        $result.PredictedUserPrincipalName | Should -Be 'bob####@contoso.onmicrosoft.com'
        ($result.Warnings | Where-Object Code -eq 'UpnConflict').Message | Should -Match 'bob####@contoso.onmicrosoft.com'
    }

    It 'reads every Detail as one sentence (no "a new cloud user a UPN")' {
        $results = @(
            New-OnPremObject 'a' -Upn 'a@contoso.local'
            New-OnPremObject 'b'
        ) | Test-SoftMatch -CloudUser @() -VerifiedDomain 'contoso.com' -PrivilegedUser @() -WarningAction SilentlyContinue
        $results.Detail | ForEach-Object { $_ | Should -Match '^No cloud user matches: a new cloud user is created' }
        $results.Detail | ForEach-Object { $_ | Should -Not -Match 'user a UPN' }
    }
}

Describe 'Test-SoftMatch: collisions among the on-premises users (duplicate attribute resiliency)' {
    It 'tells both users that share a UPN, each naming the other, and replaces the second''s' {
        $results = @(
            New-OnPremObject 'ann1' -Upn 'ann@contoso.com' -Proxy @()
            New-OnPremObject 'ann2' -Upn 'ann@contoso.com' -Proxy @()
        ) | Test-SoftMatch -CloudUser @() @quiet
        $results[0].Warnings.Code | Should -Contain 'OnPremisesConflict'
        $results[0].Warnings.Message | Should -Match 'ann2'
        $results[1].Warnings.Message | Should -Match 'ann1'
        $results[1].PredictedUserPrincipalName | Should -Be 'ann####@contoso.onmicrosoft.com'
    }

    It 'tells both users that share a primary SMTP address' {
        $results = @(
            New-OnPremObject 'x1' -Proxy 'SMTP:info@contoso.com'
            New-OnPremObject 'x2' -Proxy 'SMTP:info@contoso.com'
        ) | Test-SoftMatch -CloudUser @() @quiet
        $results | ForEach-Object { $_.Warnings.Code | Should -Contain 'OnPremisesConflict' }
    }
}

Describe 'Test-SoftMatch: groups and contacts on both sides (tshoot-connect-sync-errors, ObjectTypeMismatch)' {
    It 'never soft-matches an on-premises group onto a cloud user' {
        $result = New-OnPremObject 'Sales' -Class 'group' -Upn '' -Proxy 'SMTP:sales@contoso.com' |
            Test-SoftMatch -CloudUser (New-MgUser 'sales@contoso.com') @quiet
        $result.Outcome | Should -Be 'Error'
        $result.Reason | Should -Be 'ObjectTypeMismatch'
    }

    It 'recognises Get-MgGroup output as a group without a hand-made column, and joins a mail-enabled group to it' {
        $result = New-OnPremObject 'Sales' -Class 'group' -Upn '' -Proxy 'SMTP:sales@contoso.com' |
            Test-SoftMatch -CloudUser (New-MgGroupObject 'sales@contoso.com') @quiet
        $result.Reason | Should -Be 'SoftMatchSmtp'
        $result.Outcome | Should -Be 'Join'
    }

    It 'recognises a contact by Get-MgContact''s type name and by @odata.type' {
        $byType = [pscustomobject]@{ PSTypeName = 'Microsoft.Graph.PowerShell.Models.MicrosoftGraphOrgContact'; Id = 'k1'; Mail = 'partner@fabrikam.com'; ProxyAddresses = [string[]]'SMTP:partner@fabrikam.com'; DisplayName = 'Partner' }
        $byOdata = [pscustomobject]@{ Id = 'k2'; Mail = 'other@fabrikam.com'; ProxyAddresses = [string[]]'SMTP:other@fabrikam.com'; AdditionalProperties = @{ '@odata.type' = '#microsoft.graph.orgContact' } }
        $results = @(
            # A contact "must have mail attribute value" to synchronize (default configuration).
            New-OnPremObject 'Partner' -Class 'contact' -Upn '' -Proxy 'SMTP:partner@fabrikam.com' -Extra @{ mail = 'partner@fabrikam.com' }
            New-OnPremObject 'Other' -Class 'contact' -Upn '' -Proxy 'SMTP:other@fabrikam.com' -Extra @{ mail = 'other@fabrikam.com' }
        ) | Test-SoftMatch -CloudUser $byType, $byOdata @quiet
        $results.Reason | Should -Be @('SoftMatchSmtp', 'SoftMatchSmtp')
        $results.CloudObjectId | Should -Be @('k1', 'k2')
    }

    It 'recognises Get-MgGroup and Get-MgContact output by their shape alone (properties only that type has, even when null)' {
        $group = [pscustomobject]@{ Id = 'g1'; DisplayName = 'Sales'; Mail = 'sales@contoso.com'; ProxyAddresses = [string[]]'SMTP:sales@contoso.com'; SecurityEnabled = $null; GroupTypes = $null }
        $contact = [pscustomobject]@{ Id = 'k1'; DisplayName = 'Partner'; Mail = 'partner@fabrikam.com'; ProxyAddresses = [string[]]'SMTP:partner@fabrikam.com'; Phones = $null; Addresses = $null }
        $results = @(
            New-OnPremObject 'Sales' -Upn '' -Proxy 'SMTP:sales@contoso.com'
            New-OnPremObject 'Partner' -Upn '' -Proxy 'SMTP:partner@fabrikam.com'
        ) | Test-SoftMatch -CloudUser $group, $contact @quiet
        $results.Reason | Should -Be @('ObjectTypeMismatch', 'ObjectTypeMismatch') -Because 'a user never joins a group or a contact'
        $results[0].Detail | Should -Match 'which is a group'
        $results[1].Detail | Should -Match 'which is a contact'
    }

    It 'fails a user whose address a cloud group holds, every cycle, instead of quarantining it (resiliency known issues)' {
        $result = New-OnPremObject 'eve' -Proxy 'SMTP:eve@contoso.com', 'smtp:team@contoso.com' |
            Test-SoftMatch -CloudUser (New-MgGroupObject 'team@contoso.com') @quiet
        $result.Outcome | Should -Be 'Error'
        $result.Reason | Should -Be 'GroupAddressConflict'
        $result.Detail | Should -Match 'team@contoso.com'
    }
}

Describe 'Test-SoftMatch: the deployment''s source anchor (design concepts, sourceAnchor)' {
    It 'ignores mS-DS-ConsistencyGuid with -SourceAnchorAttribute ObjectGUID' {
        $guid = [guid]::NewGuid()
        $user = New-OnPremObject 'u' -Guid $guid -Extra @{ 'mS-DS-ConsistencyGuid' = [guid]::NewGuid().ToByteArray() }
        ($user | Test-SoftMatch -CloudUser @() -SourceAnchorAttribute ObjectGUID @quiet).ImmutableId | Should -Be (Get-ReferenceImmutableId $guid)
        ($user | Test-SoftMatch -CloudUser @() @quiet).ImmutableId | Should -Not -Be (Get-ReferenceImmutableId $guid)
    }

    It 'hard-matches on a custom string attribute, sent as it is' {
        $cloud = New-MgUser 'x@contoso.com' -ImmutableId 'E1234'
        $result = New-OnPremObject 'emp' -Extra @{ employeeID = 'E1234' } | Test-SoftMatch -CloudUser $cloud -SourceAnchorAttribute employeeID @quiet
        $result.MatchType | Should -Be 'Hard'
        $result.ImmutableId | Should -Be 'E1234'
    }

    It 'refuses, terminating, an attribute name that is not one' {
        { New-OnPremObject 'a' | Test-SoftMatch -CloudUser @() -SourceAnchorAttribute 'employee ID' @quiet } |
            Should -Throw -ErrorId 'InvalidSourceAnchorAttribute,*'
    }
}

Describe 'Test-SoftMatch: tenant settings from Graph (Get-MgDirectoryOnPremiseSynchronization)' {
    It 'takes BlockSoftMatchEnabled from -TenantSetting''s Features' {
        $setting = [pscustomobject]@{ Id = 'tenant'; Features = [pscustomobject]@{ BlockSoftMatchEnabled = $true; SoftMatchOnUpnEnabled = $true; BlockCloudObjectTakeoverThroughHardMatchEnabled = $false } }
        $result = New-OnPremObject 'a' | Test-SoftMatch -CloudUser (New-MgUser 'a@contoso.com') -TenantSetting $setting @quiet
        $result.Reason | Should -Be 'SoftMatchBlocked'
    }

    It 'lets an explicit parameter win over -TenantSetting, with a warning when they disagree' {
        $setting = [pscustomobject]@{ Features = [pscustomobject]@{ BlockSoftMatchEnabled = $true } }
        $result = New-OnPremObject 'a' | Test-SoftMatch -CloudUser (New-MgUser 'a@contoso.com') -TenantSetting $setting -BlockSoftMatch:$false -VerifiedDomain $verified -PrivilegedUser @() -WarningVariable warned -WarningAction SilentlyContinue
        $result.Reason | Should -Be 'SoftMatchSmtp'
        $warned.Message | Should -Match 'BlockSoftMatchEnabled'
    }

    It 'refuses a -TenantSetting that holds none of the features' {
        { New-OnPremObject 'a' | Test-SoftMatch -CloudUser @() -TenantSetting ([pscustomobject]@{ Name = 'x' }) @quiet } |
            Should -Throw -ErrorId 'InvalidTenantSetting,*'
    }
}

Describe 'Test-SoftMatch: soft-deleted cloud users (recover from deletions)' {
    It 'predicts that an anchor a deleted user holds restores that user' {
        $guid = [guid]::NewGuid()
        $deleted = New-MgUser 'jane@contoso.com' -ImmutableId (Get-ReferenceImmutableId $guid)
        $result = New-OnPremObject 'jane' -Guid $guid | Test-SoftMatch -CloudUser @() -DeletedCloudUser $deleted @quiet
        $result.Outcome | Should -Be 'Restore'
        $result.Reason | Should -Be 'RestoresDeletedUser'
        $result.Detail | Should -Match 'restores'
    }
}

Describe 'Test-SoftMatch: fix advice for a synchronized target' {
    It 'never suggests stamping an immutableId on a cloud user that is still synchronized' {
        $cloud = New-MgUser 'kim@contoso.com' -ImmutableId 'c29tZW9uZSBlbHNl' -SyncEnabled $true
        $result = New-OnPremObject 'kim' | Test-SoftMatch -CloudUser $cloud @quiet
        $result.Reason | Should -Be 'TargetAnchored'
        $result.Detail | Should -Match 'Do not stamp'
    }
}

Describe 'Test-SoftMatch: input that cannot support an answer' {
    It 'warns, naming the properties and the command, when Get-ADUser ran without -Properties' {
        $bare = [pscustomobject]@{ DistinguishedName = 'CN=a,DC=contoso,DC=com'; ObjectGUID = [guid]::NewGuid(); SamAccountName = 'a'; UserPrincipalName = 'a@contoso.com'; ObjectClass = 'user' }
        $null = $bare | Test-SoftMatch -CloudUser @() -VerifiedDomain $verified -PrivilegedUser @() -WarningVariable warned -WarningAction SilentlyContinue
        $message = ($warned.Message | Where-Object { $_ -match 'No input object has' })
        $message | Should -Match 'proxyAddresses'
        $message | Should -Match 'mailNickname'
        $message | Should -Match 'Get-ADUser -Filter \* -Properties'
    }

    It 'warns when every cloud user''s ProxyAddresses is null (Get-MgUser without -Property), and not when they are empty lists' {
        $unselected = New-MgUser 'a@contoso.com' -Extra @{ ProxyAddresses = $null }
        $null = New-OnPremObject 'b' | Test-SoftMatch -CloudUser $unselected -VerifiedDomain $verified -PrivilegedUser @() -WarningVariable warned -WarningAction SilentlyContinue
        $warned.Message | Where-Object { $_ -match 'ProxyAddresses' } | Should -Not -BeNullOrEmpty
        $selected = New-MgUser 'a@contoso.com' -Extra @{ ProxyAddresses = [string[]]@() }
        $null = New-OnPremObject 'b' | Test-SoftMatch -CloudUser $selected -VerifiedDomain $verified -PrivilegedUser @() -WarningVariable warned2 -WarningAction SilentlyContinue
        $warned2.Message | Where-Object { $_ -match 'No cloud user has ProxyAddresses' } | Should -BeNullOrEmpty
    }

    It 'says once that role conflicts cannot be predicted without -PrivilegedUser' {
        $null = New-OnPremObject 'a' | Test-SoftMatch -CloudUser @() -VerifiedDomain $verified -WarningVariable warned -WarningAction SilentlyContinue
        @($warned.Message | Where-Object { $_ -match 'PrivilegedUser' }).Count | Should -Be 1
    }

    It 'keeps a row (Outcome Error, Reason InvalidInput) beside the error record of an input it cannot predict' {
        $value = 'x'; foreach ($i in 1..40) { $value = , $value }
        $deep = New-OnPremObject 'deep' -Extra @{ proxyAddresses = $value }
        $typeName = New-OnPremObject 'typed' -Proxy 'Microsoft.ActiveDirectory.Management.ADPropertyValueCollection'
        $out = @(New-OnPremObject 'a'; $deep; $typeName; New-OnPremObject 'c') | Test-SoftMatch -CloudUser @() @quiet -ErrorVariable errors -ErrorAction SilentlyContinue
        $out.Count | Should -Be 4
        $out[1].Outcome | Should -Be 'Error'
        $out[1].Reason | Should -Be 'InvalidInput'
        $out[2].Reason | Should -Be 'InvalidInput'
        $errors.Count | Should -Be 2
        @($errors | Where-Object { $_.FullyQualifiedErrorId -like 'NestingTooDeep,*' }).Count | Should -Be 1
        @($errors | Where-Object { $_.FullyQualifiedErrorId -like 'TypeNameNotValue,*' }).Count | Should -Be 1
        $out[1].Identity | Should -Be 'CN=deep,OU=Staff,DC=contoso,DC=com' -Because 'the refused input is named by what it shows'
        $out[2].Identity | Should -Be 'CN=typed,OU=Staff,DC=contoso,DC=com'
    }

    It 'processes each element of an -InputObject array, as the pipeline does' {
        $out = Test-SoftMatch -InputObject @((New-OnPremObject 'a'), (New-OnPremObject 'b')) -CloudUser @() @quiet
        $out.Count | Should -Be 2
    }
}
