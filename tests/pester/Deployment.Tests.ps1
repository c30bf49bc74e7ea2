# The admin's deployment (issue 25), from the documents that describe it (MicrosoftDocs/entra-docs,
# docs/identity/hybrid/): how-to-connect-sync-configure-filtering and how-to-connect-install-custom
# ("Domain and OU filtering", "Sync filtering based on groups") for the configured scope,
# cloud-sync/reference-cloud-sync-faq for Cloud Sync's fixed source anchor. Every cmdlet that
# predicts, checks or plans honours the same settings, from objects and from exports alike.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force
    function New-Person([string] $Sam, [string] $Ou) {
        [pscustomobject]@{
            DistinguishedName = "CN=$Sam,$Ou"; ObjectClass = 'user'; SamAccountName = $Sam; UserPrincipalName = "$Sam@contoso.com"
            ObjectGUID = [guid]::NewGuid(); mail = "$Sam@contoso.com"; proxyAddresses = @("SMTP:$Sam@contoso.com"); mailNickname = $Sam
        }
    }
    $staff = 'OU=Staff,OU=Corp,DC=contoso,DC=com'
    $disabled = 'OU=Disabled,OU=Corp,DC=contoso,DC=com'
    $users = @(
        New-Person 'ann' $staff
        New-Person 'old' $disabled
        New-Person 'kept' "OU=Keep,$disabled"
        New-Person 'svc' 'OU=Service,DC=contoso,DC=com'
        New-Person 'eve' 'OU=Staff,DC=fabrikam,DC=com'
    )
    $ou = @{ IncludedOrganizationalUnit = 'OU=Corp,DC=contoso,DC=com', "OU=Keep,$disabled"; ExcludedOrganizationalUnit = $disabled }
    $tenant = @{ CloudUser = @(); PrivilegedUser = @(); VerifiedDomain = 'contoso.com', 'contoso.onmicrosoft.com'; WarningAction = 'SilentlyContinue' }
}

Describe 'Install custom, "Domain and OU filtering": the configured scope' {
    It 'skips what the OU filter leaves out, the most specific OU deciding, in Test-SoftMatch and Test-SyncReadiness alike' {
        $predicted = $users | Test-SoftMatch @tenant @ou
        $predicted.Outcome | Should -Be @('Create', 'Skipped', 'Create', 'Skipped', 'Skipped')
        $predicted[1].Reason | Should -Be 'OutOfScope'
        $predicted[1].Detail | Should -Match "configured scope leaves it out: OU filtering excludes $disabled"
        $predicted[3].Detail | Should -Match 'in none of the OUs included'
        $found = $users | Test-SyncReadiness -VerifiedDomain contoso.com @ou -WarningAction SilentlyContinue | Where-Object Rule -eq 'OutOfScope'
        $found.Identity | Should -Be @($users[1].DistinguishedName, $users[3].DistinguishedName, $users[4].DistinguishedName)
        $found[0].Message | Should -Be ($predicted[1].Detail)
    }

    It 'reads the same answers from an export' {
        $path = Join-Path $TestDrive 'users.csv'
        $users | Select-Object DistinguishedName, ObjectClass, SamAccountName, UserPrincipalName, ObjectGUID, mail, mailNickname, @{ n = 'proxyAddresses'; e = { $_.proxyAddresses -join ';' } } |
            Export-Csv -LiteralPath $path -NoTypeInformation
        $fromFile = Import-DirectoryExport -LiteralPath $path | Test-SoftMatch @tenant @ou
        $fromFile | ForEach-Object { "$($_.Outcome)|$($_.Detail)" } | Should -Be ($users | Test-SoftMatch @tenant @ou | ForEach-Object { "$($_.Outcome)|$($_.Detail)" })
    }

    It 'skips objects of a domain not synchronized (domain filtering), as a DNS name or a DN' {
        foreach ($domain in 'contoso.com', 'DC=contoso,DC=com') {
            $predicted = $users | Test-SoftMatch @tenant -IncludedDomain $domain
            $predicted.Outcome | Should -Be @('Create', 'Create', 'Create', 'Create', 'Skipped')
            $predicted[4].Detail | Should -Match 'domain filtering synchronizes contoso.com, not its domain fabrikam.com'
        }
    }

    It 'refuses an OU that is not a DN, naming it (InvalidDeployment), before any answer' {
        { $users | Test-SoftMatch @tenant -IncludedOrganizationalUnit 'Staff' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDeployment,SyncMatch.Commands.TestSoftMatchCommand' -ExpectedMessage "*'Staff' is not a distinguished name*"
        { $users | Test-SyncReadiness -ExcludedOrganizationalUnit 'OU=' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDeployment,SyncMatch.Commands.TestSyncReadinessCommand'
    }
}

Describe 'Install custom, "Sync filtering based on groups": direct members only' {
    It 'keeps the direct members of the pilot group, never a nested group''s members' {
        $pilot = [pscustomobject]@{ DistinguishedName = 'CN=Pilot,OU=Groups,DC=contoso,DC=com'; member = @($users[0].DistinguishedName, 'CN=Nested,OU=Groups,DC=contoso,DC=com') }
        $nested = [pscustomobject]@{ DistinguishedName = 'CN=Nested,OU=Groups,DC=contoso,DC=com'; ObjectClass = 'group'; SamAccountName = 'Nested'; GroupCategory = 'Security'; ObjectGUID = [guid]::NewGuid() }
        $predicted = @($users[0], $users[1], $nested) | Test-SoftMatch @tenant -ScopeGroup $pilot
        $predicted.Outcome | Should -Be @('Create', 'Skipped', 'Create')
        $predicted[1].Detail | Should -Match 'direct members of CN=Pilot,OU=Groups,DC=contoso,DC=com only'
        # A CSV row of the group: its members joined with ';'.
        $row = [pscustomobject]@{ DistinguishedName = $pilot.DistinguishedName; member = $pilot.member -join ';' }
        (@($users[0], $users[1]) | Test-SoftMatch @tenant -ScopeGroup $row).Outcome | Should -Be @('Create', 'Skipped')
    }

    It 'refuses a group without its member property: its members would be unknown' {
        $bare = [pscustomobject]@{ DistinguishedName = 'CN=Pilot,OU=Groups,DC=contoso,DC=com'; Name = 'Pilot' }
        { $users | Test-SoftMatch @tenant -ScopeGroup $bare -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidScopeGroup,SyncMatch.Commands.TestSoftMatchCommand' -ExpectedMessage '*-Properties member*'
    }
}

Describe 'Cloud Sync FAQ: the source anchor is fixed' {
    It 'refuses any -SourceAnchorAttribute but Auto under -SyncEngine CloudSync, and predicts Auto''s anchor' {
        foreach ($anchor in 'ObjectGUID', 'ConsistencyGuid', 'employeeID') {
            { $users | Test-SoftMatch @tenant -SyncEngine CloudSync -SourceAnchorAttribute $anchor -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidSourceAnchorAttribute,SyncMatch.Commands.TestSoftMatchCommand' -ExpectedMessage '*no supported way to change it*'
        }
        $user = New-ADUserObject -Sam 'ann' -ConsistencyGuid ([guid]::NewGuid().ToByteArray())
        $cloud = ($user | Test-SoftMatch @tenant -SyncEngine CloudSync).ImmutableId
        $cloud | Should -Be ([Convert]::ToBase64String($user.'mS-DS-ConsistencyGuid'))
    }
}

Describe 'Cloud Sync FAQ: up to 50,000 group members through OU scope filtering' {
    It 'warns about a larger group under Cloud Sync only, in Test-SoftMatch and Test-SyncReadiness, from objects and exports' {
        $members = [string[]](1..50001 | ForEach-Object { "CN=u$_,OU=Staff,DC=contoso,DC=com" })
        $group = [pscustomobject]@{ DistinguishedName = 'CN=All,OU=Groups,DC=contoso,DC=com'; ObjectClass = 'group'; SamAccountName = 'All'; GroupCategory = 'Security'; ObjectGUID = [guid]::NewGuid(); member = $members }
        $small = [pscustomobject]@{ DistinguishedName = 'CN=Few,OU=Groups,DC=contoso,DC=com'; ObjectClass = 'group'; SamAccountName = 'Few'; GroupCategory = 'Security'; ObjectGUID = [guid]::NewGuid(); member = $members[0..49999] }
        $cloud = $group, $small | Test-SoftMatch @tenant -SyncEngine CloudSync
        $cloud[0].Warnings.Code | Should -Be 'GroupOverCloudSyncLimit'
        $cloud[0].Warnings.Message | Should -Match 'This group has 50001 members'
        $cloud[1].Warnings.Code | Should -Not -Contain 'GroupOverCloudSyncLimit'
        ($group | Test-SoftMatch @tenant).Warnings.Code | Should -Not -Contain 'GroupOverCloudSyncLimit'
        $found = $group, $small | Test-SyncReadiness -SyncEngine CloudSync -WarningAction SilentlyContinue | Where-Object Attribute -eq 'Object'
        @($found).Count | Should -Be 1
        $found.Message | Should -Be $cloud[0].Warnings.Message
        # An export's member column holds the DNs joined with ';', or their number.
        $path = Join-Path $TestDrive 'groups.csv'
        [pscustomobject]@{ DistinguishedName = $group.DistinguishedName; ObjectClass = 'group'; SamAccountName = 'All'; GroupCategory = 'Security'; ObjectGUID = $group.ObjectGUID; member = '60000' } | Export-Csv -LiteralPath $path -NoTypeInformation
        (Import-DirectoryExport -LiteralPath $path | Test-SoftMatch @tenant -SyncEngine CloudSync).Warnings.Message | Should -Match 'This group has 60000 members'
    }
}

Describe 'One deployment for every cmdlet' {
    It 'New-HardMatchPlan never stamps a user the configured scope leaves out' {
        $target = [pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'old@contoso.com'; Mail = $null; ProxyAddresses = @(); OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }
        $row = [pscustomobject]@{ SamAccountName = 'old'; CloudUserPrincipalName = 'old@contoso.com' }
        $item = $row | New-HardMatchPlan -OnPremisesUser $users -CloudUser $target -PrivilegedUser @() @ou -WarningAction SilentlyContinue
        $item.Action | Should -Be 'Blocked'
        $item.Reason | Should -Be 'OnPremisesUserOutOfScope'
        $item.Detail | Should -Match "OU filtering excludes $disabled, where it lies, so a stamped anchor would never be matched"
    }

    It 'Invoke-SyncAssessment passes the settings to every step and shows them in the report' {
        $out = Join-Path $TestDrive 'assessment'
        $result = Invoke-SyncAssessment -OnPremisesUser $users -CloudUser @() -PrivilegedUser @() -OutputPath $out @ou -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        $result.Skipped | Should -Be 3
        $html = Get-Content -Raw -LiteralPath (Join-Path $out 'report.html')
        $html | Should -Match 'Excluded OUs'
        { Invoke-SyncAssessment -OnPremisesUser $users -CloudUser @() -PrivilegedUser @() -OutputPath (Join-Path $TestDrive 'never') -IncludedDomain 'not a domain' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDeployment,SyncMatch.Commands.InvokeSyncAssessmentCommand'
        Test-Path (Join-Path $TestDrive 'never') | Should -BeFalse
    }
}

Describe 'User sign-in, "Selecting the attribute for the user principal name": alternate login ID' {
    BeforeAll {
        $ann = [pscustomobject]@{ DistinguishedName = 'CN=ann,OU=Staff,DC=corp,DC=local'; ObjectClass = 'user'; SamAccountName = 'ann'; UserPrincipalName = 'ann@corp.local'; ObjectGUID = [guid]::NewGuid(); mail = 'ann.lee@contoso.com'; proxyAddresses = @(); mailNickname = 'ann' }
        $cloudAnn = [pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'ann.lee@contoso.com'; Mail = $null; ProxyAddresses = @(); OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }
        $common = @{ PrivilegedUser = @(); VerifiedDomain = 'contoso.com', 'contoso.onmicrosoft.com'; WarningAction = 'SilentlyContinue' }
    }

    It 'predicts the cloud UPN from the sign-in attribute and soft-matches on it (the on-premises UPN is not sent)' {
        $default = $ann | Test-SoftMatch -CloudUser $cloudAnn @common
        $default.Reason | Should -Not -Be 'SoftMatchUpn'
        $default.PredictedUserPrincipalName | Should -Be 'ann@contoso.onmicrosoft.com'
        $alternate = $ann | Test-SoftMatch -CloudUser $cloudAnn @common -UserPrincipalNameAttribute mail
        $alternate.Reason | Should -Be 'SoftMatchUpn'
        $alternate.CloudObjectId | Should -Be 'c1'
        $alternate.PredictedUserPrincipalName | Should -Be 'ann.lee@contoso.com'
    }

    It 'checks the sign-in attribute''s value by the UPN rules in Test-SyncReadiness, from objects and exports' {
        ($ann | Test-SyncReadiness -VerifiedDomain contoso.com -WarningAction SilentlyContinue | Where-Object Attribute -eq 'userPrincipalName').Value | Should -Be 'ann@corp.local'
        @($ann | Test-SyncReadiness -VerifiedDomain contoso.com -UserPrincipalNameAttribute mail -WarningAction SilentlyContinue | Where-Object Attribute -eq 'userPrincipalName') | Should -BeNullOrEmpty
        $path = Join-Path $TestDrive 'alternate.csv'
        $ann | Select-Object DistinguishedName, ObjectClass, SamAccountName, UserPrincipalName, ObjectGUID, mail, mailNickname | Export-Csv -LiteralPath $path -NoTypeInformation
        @(Import-DirectoryExport -LiteralPath $path | Test-SyncReadiness -VerifiedDomain contoso.com -UserPrincipalNameAttribute mail -WarningAction SilentlyContinue | Where-Object Attribute -eq 'userPrincipalName') | Should -BeNullOrEmpty
        (Import-DirectoryExport -LiteralPath $path | Test-SoftMatch -CloudUser $cloudAnn @common -UserPrincipalNameAttribute mail).Reason | Should -Be 'SoftMatchUpn'
        # An export without the attribute's column: one error naming it, no answer from a UPN it does not hold.
        $bare = Join-Path $TestDrive 'bare-upn.csv'
        $ann | Select-Object DistinguishedName, ObjectClass, SamAccountName, UserPrincipalName, ObjectGUID | Export-Csv -LiteralPath $bare -NoTypeInformation
        $results = @(Import-DirectoryExport -LiteralPath $bare | Test-SoftMatch -CloudUser $cloudAnn @common -UserPrincipalNameAttribute employeeEmail -ErrorVariable missing -ErrorAction SilentlyContinue)
        $results | Should -BeNullOrEmpty
        "$($missing[0])" | Should -Match 'employeeEmail'
    }

    It 'still reads the sign-in attribute as itself: mail keeps its soft match, from objects and exports alike' {
        # Cloud UPN differs; the cloud mailbox's primary SMTP address is the on-premises mail.
        $mailbox = [pscustomobject]@{ Id = 'c2'; UserPrincipalName = 'a.lee@contoso.com'; Mail = 'ann.lee@contoso.com'; ProxyAddresses = @('SMTP:ann.lee@contoso.com'); OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }
        $fromObject = $ann | Test-SoftMatch -CloudUser $mailbox @common -UserPrincipalNameAttribute mail
        $fromObject.Reason | Should -Be 'SoftMatchSmtp'
        $path = Join-Path $TestDrive 'mail-sign-in.csv'
        $ann | Select-Object DistinguishedName, ObjectClass, SamAccountName, UserPrincipalName, ObjectGUID, mail, mailNickname | Export-Csv -LiteralPath $path -NoTypeInformation
        $fromFile = Import-DirectoryExport -LiteralPath $path | Test-SoftMatch -CloudUser $mailbox @common -UserPrincipalNameAttribute mail
        "$($fromFile.Reason)|$($fromFile.PredictedUserPrincipalName)" | Should -Be "$($fromObject.Reason)|$($fromObject.PredictedUserPrincipalName)"
    }

    It 'refuses a name that is not an attribute' {
        { $ann | Test-SoftMatch -CloudUser $cloudAnn @common -UserPrincipalNameAttribute 'e mail' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDeployment,SyncMatch.Commands.TestSoftMatchCommand'
    }
}

Describe 'Install custom, "Uniquely identifying your users": users joined across forests' {
    BeforeAll {
        # One person with a user in each of two forests (the mailbox address copied by GALSync or a
        # migration), and a second person in the first forest only.
        function New-ForestUser([string] $Dn, [string] $Upn, [string] $Mail, [string] $Number) {
            [pscustomobject]@{
                DistinguishedName = $Dn; ObjectClass = 'user'; SamAccountName = ($Dn -split '[=,]')[1]; UserPrincipalName = $Upn
                ObjectGUID = [guid]::NewGuid(); mail = $Mail; proxyAddresses = @(if ($Mail) { "SMTP:$Mail" }); mailNickname = ($Dn -split '[=,]')[1]; employeeNumber = $Number
            }
        }
        $people = @(
            New-ForestUser 'CN=ada,OU=Staff,DC=contoso,DC=com' 'ada@contoso.com' 'ada@contoso.com' '4711'
            New-ForestUser 'CN=ada,OU=Staff,DC=fabrikam,DC=com' 'ada@fabrikam.com' 'Ada@Contoso.com' '4711'
            New-ForestUser 'CN=bob,OU=Staff,DC=contoso,DC=com' 'bob@contoso.com' $null '4712'
        )
        $cloudAda = [pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'ada@contoso.com'; Mail = 'ada@contoso.com'; ProxyAddresses = @('SMTP:ada@contoso.com'); OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }
        $common = @{ CloudUser = $cloudAda; PrivilegedUser = @(); VerifiedDomain = 'contoso.com', 'fabrikam.com', 'contoso.onmicrosoft.com'; WarningAction = 'SilentlyContinue' }
        $csv = Join-Path $TestDrive 'two-forests.csv'
        $people | Select-Object DistinguishedName, ObjectClass, SamAccountName, UserPrincipalName, ObjectGUID, mail, mailNickname, employeeNumber, @{ n = 'proxyAddresses'; e = { $_.proxyAddresses -join ';' } } |
            Export-Csv -LiteralPath $csv -NoTypeInformation
    }

    It 'by default (represented once) the same person in two forests is its own duplicate' {
        $predicted = $people | Test-SoftMatch @common
        $predicted[0].Reason | Should -Be 'DuplicateOnPremises'
        $predicted[1].Reason | Should -Be 'DuplicateOnPremises'
    }

    It 'under Mail merges first, then checks uniqueness per person: one join, the later user Skipped naming the first, and users without mail left out' {
        foreach ($given in @(, $people), @(, (Import-DirectoryExport -LiteralPath $csv))) {
            $predicted = $given[0] | Test-SoftMatch @common -ForestJoin Mail
            $predicted.Outcome | Should -Be @('Join', 'Skipped', 'Skipped')
            $predicted[0].Reason | Should -Be 'SoftMatchSmtp'
            $predicted[0].Warnings.Code | Should -Be 'JoinedAcrossForests'
            $predicted[0].Warnings[0].Message | Should -Match 'CN=ada,OU=Staff,DC=fabrikam,DC=com has the same mail'
            $predicted[1].Reason | Should -Be 'JoinsPerson'
            $predicted[1].Detail | Should -Match 'CN=ada,OU=Staff,DC=contoso,DC=com has the same value'
            $predicted[2].Reason | Should -Be 'OutOfScope'
            $predicted[2].Detail | Should -Match 'a user whose mail is empty is not synchronized'
        }
    }

    It 'under Mail Test-SyncReadiness reports the person, not a duplicate, from objects and exports alike' {
        foreach ($given in @(, $people), @(, (Import-DirectoryExport -LiteralPath $csv))) {
            $found = @($given[0] | Test-SyncReadiness -VerifiedDomain contoso.com, fabrikam.com -ForestJoin Mail -WarningAction SilentlyContinue)
            @($found | Where-Object Rule -eq 'Duplicate') | Should -BeNullOrEmpty
            $joined = @($found | Where-Object Rule -eq 'JoinedAcrossForests')
            $joined.Identity | Should -Be @($people[0].DistinguishedName, $people[1].DistinguishedName)
            $joined[1].Message | Should -Match 'one person with CN=ada,OU=Staff,DC=contoso,DC=com'
            ($found | Where-Object Rule -eq 'OutOfScope').Identity | Should -Be $people[2].DistinguishedName
        }
        # Without the join the shared values are duplicates.
        @($people | Test-SyncReadiness -VerifiedDomain contoso.com, fabrikam.com -WarningAction SilentlyContinue | Where-Object Rule -eq 'Duplicate') | Should -Not -BeNullOrEmpty
    }

    It 'joins on an attribute the admin names, read under its name from objects and from an export''s column' {
        foreach ($given in @(, $people), @(, (Import-DirectoryExport -LiteralPath $csv))) {
            $predicted = $given[0] | Test-SoftMatch @common -ForestJoin employeeNumber
            $predicted.Reason | Should -Be @('SoftMatchSmtp', 'JoinsPerson', 'NoMatch')
            $predicted[1].Detail | Should -Match 'joins users on employeeNumber'
        }
        $bare = Join-Path $TestDrive 'no-number.csv'
        $people | Select-Object DistinguishedName, ObjectClass, SamAccountName, UserPrincipalName, ObjectGUID, mail | Export-Csv -LiteralPath $bare -NoTypeInformation
        $results = @(Import-DirectoryExport -LiteralPath $bare | Test-SoftMatch @common -ForestJoin employeeNumber -ErrorVariable missing -ErrorAction SilentlyContinue)
        $results | Should -BeNullOrEmpty
        "$($missing[0])" | Should -Match 'employeeNumber'
    }

    It 'refuses any join under Cloud Sync and a name that is no option nor attribute, naming why (InvalidDeployment)' {
        { $people | Test-SyncReadiness -SyncEngine CloudSync -ForestJoin Mail -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDeployment,SyncMatch.Commands.TestSyncReadinessCommand' -ExpectedMessage '*Cloud Sync does not merge*'
        { $people | Test-SoftMatch @common -ForestJoin 'e mail' -ErrorAction Stop } |
            Should -Throw -ErrorId 'InvalidDeployment,SyncMatch.Commands.TestSoftMatchCommand' -ExpectedMessage "*'e mail' is not a forest join*"
    }

    It 'New-HardMatchPlan never stamps the anchor of a user joined into another''s person' {
        $rows = $people[0..1] | ForEach-Object { [pscustomobject]@{ DistinguishedName = $_.DistinguishedName; CloudUserPrincipalName = 'ada@contoso.com' } }
        $items = @($rows | New-HardMatchPlan -OnPremisesUser $people -CloudUser $cloudAda -PrivilegedUser @() -ForestJoin Mail -WarningAction SilentlyContinue)
        $items[0].Action | Should -Not -Be 'Blocked'
        $items[1].Reason | Should -Be 'OnPremisesUserOutOfScope'
        $items[1].Detail | Should -Match 'one person with CN=ada,OU=Staff,DC=contoso,DC=com'
    }

    It 'Invoke-SyncAssessment passes the join to every step and shows it in the report' {
        $out = Join-Path $TestDrive 'assessment-forests'
        $result = Invoke-SyncAssessment -OnPremisesUser $people -CloudUser $cloudAda -PrivilegedUser @() -VerifiedDomain contoso.com, fabrikam.com -OutputPath $out -ForestJoin Mail -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        $result.Skipped | Should -Be 2
        Get-Content -Raw -LiteralPath (Join-Path $out 'report.html') | Should -Match 'Users joined across forests on'
    }
}

Describe 'Install custom, "ObjectSID and msExchangeMasterAccountSID": the account-resource forest' {
    BeforeAll {
        # plan-connect-topologies, account-resource forest: an enabled account in the account
        # forest, a disabled user with the linked mailbox in the resource forest.
        $sid = 'S-1-5-21-1004336348-1177238915-682003330-1104'
        $account = [pscustomobject]@{
            DistinguishedName = 'CN=ada,OU=Staff,DC=accounts,DC=contoso,DC=com'; ObjectClass = 'user'; SamAccountName = 'ada'; UserPrincipalName = 'ada@contoso.com'
            ObjectGUID = [guid]'35918bc9-196d-40ea-9779-889d79b753f0'; SID = $sid; mail = $null; proxyAddresses = @(); mailNickname = $null; msExchMasterAccountSid = $null; msExchRecipientTypeDetails = $null
        }
        $mailbox = [pscustomobject]@{
            DistinguishedName = 'CN=ada,OU=Mailboxes,DC=resources,DC=contoso,DC=com'; ObjectClass = 'user'; SamAccountName = 'ada.mbx'; UserPrincipalName = 'ada@resources.contoso.com'
            ObjectGUID = [guid]'0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0'; SID = 'S-1-5-21-2-3-4-2201'; mail = 'ada.lovelace@contoso.com'; proxyAddresses = @('SMTP:ada.lovelace@contoso.com'); mailNickname = 'ada.lovelace'
            msExchMasterAccountSid = $sid; msExchRecipientTypeDetails = 2
        }
        $cloudAda = [pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'ada.l@contoso.com'; Mail = 'ada.lovelace@contoso.com'; ProxyAddresses = @('SMTP:ada.lovelace@contoso.com'); OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }
        $common = @{ CloudUser = $cloudAda; PrivilegedUser = @(); VerifiedDomain = 'contoso.com', 'contoso.onmicrosoft.com'; WarningAction = 'SilentlyContinue' }
        $csv = Join-Path $TestDrive 'account-resource.csv'
        $mailbox, $account | Select-Object DistinguishedName, ObjectClass, SamAccountName, UserPrincipalName, ObjectGUID, SID, mail, mailNickname, msExchMasterAccountSid, msExchRecipientTypeDetails, @{ n = 'proxyAddresses'; e = { $_.proxyAddresses -join ';' } } |
            Export-Csv -LiteralPath $csv -NoTypeInformation
    }

    It 'predicts the person in the account''s result, the mailbox first or second, from objects and exports alike' {
        foreach ($given in @(, @($mailbox, $account)), @(, @($account, $mailbox)), @(, (Import-DirectoryExport -LiteralPath $csv))) {
            $predicted = @($given[0] | Test-SoftMatch @common -ForestJoin ObjectSidMasterAccountSid)
            $person = $predicted | Where-Object Identity -eq $account.DistinguishedName
            $joined = $predicted | Where-Object Identity -eq $mailbox.DistinguishedName
            # Soft match on the mailbox's primary SMTP address, with the account's anchor and UPN.
            "$($person.Outcome)|$($person.Reason)|$($person.CloudObjectId)" | Should -Be 'Join|SoftMatchSmtp|c1'
            $person.ImmutableId | Should -Be 'yYuRNW0Z6kCXeYidebdT8A=='
            $person.PredictedUserPrincipalName | Should -Be 'ada@contoso.com'
            $person.Warnings.Code | Should -Be 'JoinedAcrossForests'
            "$($joined.Outcome)|$($joined.Reason)" | Should -Be 'Skipped|JoinsPerson'
            $joined.Detail | Should -Match "is the objectSid of $([regex]::Escape($account.DistinguishedName))"
        }
        # Without the join the linked mailbox is not provisioned and the account duplicates the cloud mailbox's owner.
        ($account, $mailbox | Test-SoftMatch @common).Reason | Should -Be @('NoMatch', 'OutOfScope')
    }

    It 'leaves a linked mailbox without its account out ("not exported"), in Test-SoftMatch and Test-SyncReadiness' {
        $alone = $mailbox | Test-SoftMatch @common -ForestJoin ObjectSidMasterAccountSid
        "$($alone.Outcome)|$($alone.Reason)" | Should -Be 'Skipped|OutOfScope'
        $alone.Detail | Should -Match 'not exported without its account'
        $found = @($mailbox | Test-SyncReadiness -VerifiedDomain contoso.com -ForestJoin ObjectSidMasterAccountSid -WarningAction SilentlyContinue | Where-Object Rule -eq 'OutOfScope')
        $found.Message | Should -Match 'not exported without its account'
    }

    It 'checks each part of the person for duplicates in Test-SyncReadiness: the account''s sign-in, the mailbox''s addresses' {
        $thief = [pscustomobject]@{ DistinguishedName = 'CN=eve,OU=Staff,DC=accounts,DC=contoso,DC=com'; ObjectClass = 'user'; SamAccountName = 'eve'; UserPrincipalName = 'eve@contoso.com'; ObjectGUID = [guid]::NewGuid(); SID = 'S-1-5-21-1-1-1-1'; mail = 'ada.lovelace@contoso.com'; proxyAddresses = @('SMTP:eve@contoso.com'); mailNickname = 'eve' }
        $found = @($account, $mailbox, $thief | Test-SyncReadiness -VerifiedDomain contoso.com -ForestJoin ObjectSidMasterAccountSid -WarningAction SilentlyContinue)
        ($found | Where-Object Rule -eq 'JoinedAcrossForests').Identity | Should -Be @($account.DistinguishedName, $mailbox.DistinguishedName)
        $duplicates = @($found | Where-Object Rule -eq 'Duplicate')
        # The mailbox's address is the person's, so eve's mail collides with it; the account holds no address of its own to collide.
        ($duplicates.Identity | Sort-Object -Unique) | Should -Be @($mailbox.DistinguishedName, $thief.DistinguishedName)
    }
}
