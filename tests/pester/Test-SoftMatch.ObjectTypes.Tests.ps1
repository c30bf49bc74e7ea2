# Groups, contacts and anchors as the documents issue 24 names say (MicrosoftDocs/entra-docs,
# docs/identity/hybrid/connect/): plan-connect-design-concepts (anchors by object type, the
# written-back mS-DS-ConsistencyGuid, a unique anchor), how-to-connect-migrate-groups (groups'
# mS-DS-ConsistencyGuid since 1.5.18.0), concept-azure-ad-connect-sync-default-configuration
# (which groups and contacts synchronize). Through Test-SoftMatch, from Get-ADGroup- and
# Get-ADObject-shaped objects.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force
    $common = @{ CloudUser = @(); PrivilegedUser = @(); VerifiedDomain = 'contoso.com', 'contoso.onmicrosoft.com'; WarningAction = 'SilentlyContinue' }
    function New-Group([string] $Name, [string] $Category, [string[]] $Proxy = @()) {
        [pscustomobject]@{ DistinguishedName = "CN=$Name,OU=Groups,DC=contoso,DC=com"; ObjectClass = 'group'; SamAccountName = $Name; GroupCategory = $Category; ObjectGUID = [guid]::NewGuid(); proxyAddresses = $Proxy; mail = $null }
    }
}

Describe 'Default configuration: which groups and contacts synchronize' {
    It 'skips a distribution group that is not mail-enabled, and keeps a security group and a mail-enabled distribution group' {
        $results = @(
            New-Group 'Quiet' 'Distribution'
            New-Group 'Staff' 'Security'
            New-Group 'News' 'Distribution' @('SMTP:news@contoso.com')
        ) | Test-SoftMatch @common
        $results[0].Outcome | Should -Be 'Skipped'
        $results[0].Detail | Should -Match 'distribution group that is not mail-enabled'
        $results[1].Outcome | Should -Be 'Create'
        $results[2].Outcome | Should -Be 'Create'
    }

    It 'skips a contact without a mail value, even with proxyAddresses' {
        $contact = [pscustomobject]@{ DistinguishedName = 'CN=Partner,OU=Contacts,DC=contoso,DC=com'; ObjectClass = 'contact'; ObjectGUID = [guid]::NewGuid(); proxyAddresses = @('SMTP:partner@fabrikam.com'); mail = $null }
        $result = $contact | Test-SoftMatch @common
        $result.Outcome | Should -Be 'Skipped'
        $result.Detail | Should -Match 'contact without a mail value'
        $contact.mail = 'partner@fabrikam.com'
        ($contact | Test-SoftMatch @common).Outcome | Should -Be 'Create'
    }
}

Describe 'Design concepts: source anchors by object type, written back, unique' {
    It 'gives a contact its objectGUID and a group its mS-DS-ConsistencyGuid under the ConsistencyGuid feature' {
        $copied = [guid]::NewGuid()
        $contact = [pscustomobject]@{ DistinguishedName = 'CN=Partner,OU=Contacts,DC=contoso,DC=com'; ObjectClass = 'contact'; ObjectGUID = [guid]::NewGuid(); 'mS-DS-ConsistencyGuid' = $copied.ToByteArray(); proxyAddresses = @('SMTP:partner@fabrikam.com'); mail = 'partner@fabrikam.com' }
        $group = New-Group 'Staff' 'Security'
        $group | Add-Member -NotePropertyName 'mS-DS-ConsistencyGuid' -NotePropertyValue $copied.ToByteArray()
        $results = @($contact, $group) | Test-SoftMatch @common
        $results[0].ImmutableId | Should -Be ([Convert]::ToBase64String($contact.ObjectGUID.ToByteArray()))
        $results[1].ImmutableId | Should -Be ([Convert]::ToBase64String($copied.ToByteArray()))
    }

    It 'predicts an empty mS-DS-ConsistencyGuid under -SourceAnchorAttribute ConsistencyGuid as the objectGUID Entra Connect writes back, with a warning' {
        $user = New-ADUserObject -Sam 'ann'
        $result = $user | Test-SoftMatch @common -SourceAnchorAttribute ConsistencyGuid
        $result.Outcome | Should -Be 'Create'
        $result.ImmutableId | Should -Be ([Convert]::ToBase64String($user.ObjectGUID.ToByteArray()))
        $result.Warnings.Code | Should -Contain 'ConsistencyGuidWrittenBack'
    }

    It 'fails both objects that share one source anchor, each naming the other' {
        $anchor = [guid]::NewGuid()
        $old = New-ADUserObject -Sam 'ann' -ObjectGuid $anchor
        $moved = New-ADUserObject -Sam 'ann.moved' -ConsistencyGuid $anchor.ToByteArray()
        $results = @($old, $moved) | Test-SoftMatch @common
        $results.Reason | Should -Be @('DuplicateAnchor', 'DuplicateAnchor')
        $results.Outcome | Should -Be @('Error', 'Error')
        $results[0].Detail | Should -Match 'CN=ann\.moved,OU=Users,DC=contoso,DC=com has the same immutableId'
        $results[1].Detail | Should -Match 'CN=ann,OU=Users,DC=contoso,DC=com has the same immutableId'
    }
}

Describe 'Design concepts: what can be a source anchor' {
    It 'refuses -SourceAnchorAttribute <_>: the wizard does not offer it (it holds an @)' -ForEach 'userPrincipalName', 'mail', 'targetAddress' {
        { New-ADUserObject | Test-SoftMatch @common -SourceAnchorAttribute $_ } | Should -Throw -ErrorId 'InvalidSourceAnchorAttribute,*'
        { [pscustomobject]@{ SamAccountName = 'a'; CloudUserId = 'c1' } | New-HardMatchPlan -CloudUser @() -SourceAnchorAttribute $_ -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'InvalidSourceAnchorAttribute,*'
    }

    It 'fails a custom anchor value that breaks the rules, naming the rule, and keeps the others' {
        $users = @(
            [pscustomobject]@{ SamAccountName = 'ok'; UserPrincipalName = 'ok@contoso.com'; employeeID = 'E1234' }
            [pscustomobject]@{ SamAccountName = 'under'; UserPrincipalName = 'under@contoso.com'; employeeID = 'E_1234' }
            [pscustomobject]@{ SamAccountName = 'long'; UserPrincipalName = 'long@contoso.com'; employeeID = 'E' * 60 }
        )
        $results = $users | Test-SoftMatch @common -SourceAnchorAttribute employeeID -ErrorVariable errors -ErrorAction SilentlyContinue
        $results.Outcome | Should -Be @('Create', 'Error', 'Error')
        $results[0].ImmutableId | Should -Be 'E1234'
        $results[1].Detail | Should -Match "'E_1234' cannot be a source anchor: it contains '_'"
        $results[2].Detail | Should -Match 'counts 60 characters'
        @($errors | Where-Object { $_.FullyQualifiedErrorId -like 'InvalidCustomSourceAnchor,*' }).Count | Should -Be 2
    }

    # Design concepts: "Should not be based on user's name because these can change" — a Warning
    # in both cmdlets; the "must" rules are Errors in both, and readiness names duplicates.
    It 'agrees with Test-SyncReadiness on every custom anchor rule, from objects and from an export' {
        $users = @(
            [pscustomobject]@{ DistinguishedName = 'CN=ok,OU=Staff,DC=contoso,DC=com'; ObjectClass = 'user'; SamAccountName = 'ok'; UserPrincipalName = 'ok@contoso.com'; employeeID = 'E1234' }
            [pscustomobject]@{ DistinguishedName = 'CN=under,OU=Staff,DC=contoso,DC=com'; ObjectClass = 'user'; SamAccountName = 'under'; UserPrincipalName = 'under@contoso.com'; employeeID = 'E_1234' }
            [pscustomobject]@{ DistinguishedName = 'CN=named,OU=Staff,DC=contoso,DC=com'; ObjectClass = 'user'; SamAccountName = 'named'; UserPrincipalName = 'named@contoso.com'; employeeID = 'NAMED' }
            [pscustomobject]@{ DistinguishedName = 'CN=twin,OU=Staff,DC=contoso,DC=com'; ObjectClass = 'user'; SamAccountName = 'twin'; UserPrincipalName = 'twin@contoso.com'; employeeID = 'E1234' }
            [pscustomobject]@{ DistinguishedName = 'CN=none,OU=Staff,DC=contoso,DC=com'; ObjectClass = 'user'; SamAccountName = 'none'; UserPrincipalName = 'none@contoso.com'; employeeID = '' }
        )
        $predicted = $users | Test-SoftMatch @common -SourceAnchorAttribute employeeID -ErrorAction SilentlyContinue
        $predicted.Outcome | Should -Be @('Error', 'Error', 'Create', 'Error', 'Error')
        $predicted[2].Warnings.Code | Should -Be 'AnchorFromName'
        $predicted[2].Warnings.Message | Should -Match 'repeats the object''s sAMAccountName'

        $expected = @(
            'CN=under,OU=Staff,DC=contoso,DC=com|Character|Error'
            'CN=named,OU=Staff,DC=contoso,DC=com|Format|Warning'
            'CN=none,OU=Staff,DC=contoso,DC=com|Blank|Error'
            'CN=ok,OU=Staff,DC=contoso,DC=com|Duplicate|Error'
            'CN=twin,OU=Staff,DC=contoso,DC=com|Duplicate|Error'
        )
        $found = $users | Test-SyncReadiness -SourceAnchorAttribute employeeID -WarningAction SilentlyContinue | Where-Object Attribute -eq 'sourceAnchor'
        $found | ForEach-Object { "$($_.Identity)|$($_.Rule)|$($_.Severity)" } | Should -Be $expected
        $path = Join-Path $TestDrive 'employees.csv'
        $users | Export-Csv -LiteralPath $path -NoTypeInformation
        $fromFile = Import-DirectoryExport -LiteralPath $path | Test-SyncReadiness -SourceAnchorAttribute employeeID -WarningAction SilentlyContinue | Where-Object Attribute -eq 'sourceAnchor'
        $fromFile | ForEach-Object { "$($_.Identity)|$($_.Rule)|$($_.Severity)" } | Should -Be $expected
        # Under the default setting the custom values are nobody's anchor.
        @($users | Test-SyncReadiness -WarningAction SilentlyContinue | Where-Object Attribute -eq 'sourceAnchor') | Should -BeNullOrEmpty
        # An export without the attribute's column is one error naming the file.
        $bare = Join-Path $TestDrive 'bare.csv'
        $users | Select-Object DistinguishedName, ObjectClass, SamAccountName, UserPrincipalName | Export-Csv -LiteralPath $bare -NoTypeInformation
        $null = Import-DirectoryExport -LiteralPath $bare | Test-SyncReadiness -SourceAnchorAttribute employeeID -ErrorVariable missing -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        @($missing).Count | Should -Be 1
        "$($missing[0])" | Should -Match 'employeeID'
    }
}

Describe 'whats-new, July 2026: a hard match onto a cloud user whose onPremisesObjectIdentifier is set' {
    It 'is predicted blocked, with the documented recovery, from objects and from an export' {
        $user = New-ADUserObject -Sam 'kim'
        $anchor = [Convert]::ToBase64String($user.ObjectGUID.ToByteArray())
        $cloud = [pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'kim@contoso.com'; Mail = $null; ProxyAddresses = @(); OnPremisesImmutableId = $anchor; OnPremisesSyncEnabled = $null; OnPremisesObjectIdentifier = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' }
        $common2 = $common.Clone(); $common2.Remove('CloudUser')
        $result = $user | Test-SoftMatch -CloudUser $cloud @common2
        $result.Reason | Should -Be 'ObjectIdentifierSet'
        $result.Outcome | Should -Be 'Error'
        $result.Detail | Should -Match 'Hard match operation blocked due to security hardening'
        $result.Detail | Should -Match 'onPremisesObjectIdentifier": null'
        $path = Join-Path $TestDrive 'cloud.csv'
        $cloud | Export-Csv -LiteralPath $path
        ($user | Test-SoftMatch -CloudUser (Import-DirectoryExport -LiteralPath $path) @common2).Reason | Should -Be 'ObjectIdentifierSet'
    }
}

Describe 'Design concepts: Test-SyncReadiness reports one anchor on two objects as a duplicate' {
    It 'names both holders of the shared source anchor, from objects and from an export' {
        $anchor = [guid]::NewGuid()
        $old = New-ADUserObject -Sam 'ann' -ObjectGuid $anchor
        $moved = New-ADUserObject -Sam 'ann.moved' -ConsistencyGuid $anchor.ToByteArray()
        $other = New-ADUserObject -Sam 'bob'
        $findings = @(@($old, $moved, $other) | Test-SyncReadiness -WarningAction SilentlyContinue | Where-Object Attribute -eq 'sourceAnchor')
        $findings.Count | Should -Be 2
        $findings.Rule | Should -Be @('Duplicate', 'Duplicate')
        $findings.Severity | Should -Be @('Error', 'Error')
        $findings[0].Value | Should -Be ([Convert]::ToBase64String($anchor.ToByteArray()))
        $findings[0].ConflictsWith | Should -Be @('CN=ann.moved,OU=Users,DC=contoso,DC=com (sourceAnchor)')
        $findings[0].Message | Should -Match 'must be unique in the tenant'
        $path = Join-Path $TestDrive 'ad.csv'
        @($old, $moved, $other) | Select-Object DistinguishedName, SamAccountName, UserPrincipalName, ObjectGUID, @{ n = 'mS-DS-ConsistencyGuid'; e = { if ($_.'mS-DS-ConsistencyGuid') { [Convert]::ToBase64String($_.'mS-DS-ConsistencyGuid') } } } |
            Export-Csv -LiteralPath $path
        @(Import-DirectoryExport -LiteralPath $path | Test-SyncReadiness -WarningAction SilentlyContinue | Where-Object Attribute -eq 'sourceAnchor').Count | Should -Be 2
    }
}

Describe 'Users and contacts: a GALSync contact joins the user with its mail' {
    It 'merges the contact into the mailbox user (one object, not two Creates), in either order' {
        $user = [pscustomobject]@{ DistinguishedName = 'CN=Ann,OU=Staff,DC=contoso,DC=com'; ObjectClass = 'user'; SamAccountName = 'ann'; UserPrincipalName = 'ann@contoso.com'; ObjectGUID = [guid]::NewGuid(); mail = 'ann@contoso.com'; proxyAddresses = @('SMTP:ann@contoso.com') }
        $contact = [pscustomobject]@{ DistinguishedName = 'CN=Ann,OU=GALSync,DC=fabrikam,DC=com'; ObjectClass = 'contact'; ObjectGUID = [guid]::NewGuid(); mail = 'ann@contoso.com'; proxyAddresses = @('SMTP:ann@contoso.com') }
        foreach ($order in @(@($user, $contact), @($contact, $user))) {
            $results = $order | Test-SoftMatch @common
            ($results | Where-Object ObjectType -eq 'User').Outcome | Should -Be 'Create'
            ($results | Where-Object ObjectType -eq 'User').Warnings | Should -BeNullOrEmpty
            $merged = $results | Where-Object ObjectType -eq 'Contact'
            $merged.Outcome | Should -Be 'Skipped'
            $merged.Reason | Should -Be 'ContactJoinsUser'
            $merged.Detail | Should -Match 'merges into CN=Ann,OU=Staff,DC=contoso,DC=com'
            # Test-SyncReadiness agrees: the pair shares nothing in Entra ID.
            @($order | Test-SyncReadiness -WarningAction SilentlyContinue | Where-Object Rule -eq 'Duplicate') | Should -BeNullOrEmpty
        }
    }
}

Describe 'Sync service features: SynchronizeUpnForManagedUsers off (-TenantSetting)' {
    It 'keeps a joined cloud user''s UPN and says so; on (the default), the on-premises UPN wins' {
        $user = New-ADUserObject -Sam 'ann'
        $user | Add-Member -NotePropertyName mail -NotePropertyValue 'ann@contoso.com'
        $user | Add-Member -NotePropertyName proxyAddresses -NotePropertyValue @('SMTP:ann@contoso.com')
        $cloud = [pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'ann.old@contoso.com'; Mail = 'ann@contoso.com'; ProxyAddresses = @('SMTP:ann@contoso.com'); OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }
        $common2 = $common.Clone(); $common2.Remove('CloudUser')
        $setting = { param($on) [pscustomobject]@{ Id = 't1'; Features = [pscustomobject]@{ SoftMatchOnUpnEnabled = $true; BlockSoftMatchEnabled = $false; BlockCloudObjectTakeoverThroughHardMatchEnabled = $false; SynchronizeUpnForManagedUsersEnabled = $on } } }
        $off = $user | Test-SoftMatch -CloudUser $cloud -TenantSetting (& $setting $false) @common2
        $off.Reason | Should -Be 'SoftMatchSmtp'
        $off.PredictedUserPrincipalName | Should -Be 'ann.old@contoso.com'
        $off.Warnings.Code | Should -Contain 'UpnNotSynchronized'
        $on = $user | Test-SoftMatch -CloudUser $cloud -TenantSetting (& $setting $true) @common2
        $on.PredictedUserPrincipalName | Should -Be 'ann@contoso.com'
        $on.Warnings.Code | Should -Not -Contain 'UpnNotSynchronized'
    }

    # The same document: UPN updates are blocked for licensed users only. Get-MgUser's
    # AssignedLicenses holds assignedLicense objects (skuId, disabledPlans); empty when unlicensed.
    It 'reads AssignedLicenses: an unlicensed user takes the on-premises UPN, a licensed one keeps its own; absent, it is said once' {
        $user = New-ADUserObject -Sam 'ann'
        $user | Add-Member -NotePropertyName mail -NotePropertyValue 'ann@contoso.com'
        $user | Add-Member -NotePropertyName proxyAddresses -NotePropertyValue @('SMTP:ann@contoso.com')
        $common2 = $common.Clone(); $common2.Remove('CloudUser'); $common2.Remove('WarningAction')
        $off = [pscustomobject]@{ Id = 't1'; Features = [pscustomobject]@{ SynchronizeUpnForManagedUsersEnabled = $false } }
        $cloud = { param($licences) [pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'ann.old@contoso.com'; Mail = 'ann@contoso.com'; ProxyAddresses = @('SMTP:ann@contoso.com'); OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null; AssignedLicenses = $licences } }
        $sku = [pscustomobject]@{ SkuId = [guid]'c7df2760-2c81-4ef7-b578-5b5392b571df'; DisabledPlans = @() }

        $free = $user | Test-SoftMatch -CloudUser (& $cloud @()) -TenantSetting $off @common2 -WarningVariable w1 -WarningAction SilentlyContinue
        $free.PredictedUserPrincipalName | Should -Be 'ann@contoso.com'
        $free.Warnings.Code | Should -Not -Contain 'UpnNotSynchronized'
        @($w1 | Where-Object { "$_" -match '^No -CloudUser object has AssignedLicenses' }) | Should -BeNullOrEmpty

        $kept = $user | Test-SoftMatch -CloudUser (& $cloud @($sku)) -TenantSetting $off @common2 -WarningAction SilentlyContinue
        $kept.PredictedUserPrincipalName | Should -Be 'ann.old@contoso.com'
        ($kept.Warnings | Where-Object Code -eq 'UpnNotSynchronized').Message | Should -Match 'It holds a licence'

        $noProperty = [pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'ann.old@contoso.com'; Mail = 'ann@contoso.com'; ProxyAddresses = @('SMTP:ann@contoso.com'); OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }
        $unknown = $user, (New-ADUserObject -Sam 'bob') | Test-SoftMatch -CloudUser $noProperty -TenantSetting $off @common2 -WarningVariable w3 -WarningAction SilentlyContinue
        $unknown[0].PredictedUserPrincipalName | Should -Be 'ann.old@contoso.com'
        ($unknown[0].Warnings | Where-Object Code -eq 'UpnNotSynchronized').Message | Should -Match 'licences are not known'
        @($w3 | Where-Object { "$_" -match '^No -CloudUser object has AssignedLicenses' }).Count | Should -Be 1
    }

    It 'reads Get-MsolUser''s IsLicensed as the licence state' {
        $user = New-ADUserObject -Sam 'ann'
        $user | Add-Member -NotePropertyName mail -NotePropertyValue 'ann@contoso.com'
        $user | Add-Member -NotePropertyName proxyAddresses -NotePropertyValue @('SMTP:ann@contoso.com')
        $common2 = $common.Clone(); $common2.Remove('CloudUser')
        $off = [pscustomobject]@{ Id = 't1'; Features = [pscustomobject]@{ SynchronizeUpnForManagedUsersEnabled = $false } }
        $msol = { param($licensed) [pscustomobject]@{ ObjectId = 'c1'; UserPrincipalName = 'ann.old@contoso.com'; ProxyAddresses = @('SMTP:ann@contoso.com'); ImmutableId = $null; LastDirSyncTime = $null; IsLicensed = $licensed } }
        ($user | Test-SoftMatch -CloudUser (& $msol $false) -TenantSetting $off @common2).PredictedUserPrincipalName | Should -Be 'ann@contoso.com'
        ($user | Test-SoftMatch -CloudUser (& $msol $true) -TenantSetting $off @common2).PredictedUserPrincipalName | Should -Be 'ann.old@contoso.com'
    }

    It 'reads a cloud export''s AssignedLicenses as ;-joined SKU ids or a count, and an empty cell as unknown' {
        $ad = Join-Path $TestDrive 'ad.csv'
        @([pscustomobject]@{ DistinguishedName = 'CN=ann,OU=Staff,DC=contoso,DC=com'; ObjectClass = 'user'; SamAccountName = 'ann'; UserPrincipalName = 'ann@contoso.com'; ObjectGUID = '0f8a3c5e-1d2b-4c6d-8e9f-a0b1c2d3e4f5'; mail = 'ann@contoso.com'; proxyAddresses = 'SMTP:ann@contoso.com'; mailNickname = 'ann'; RecipientTypeDetails = ''; isCriticalSystemObject = '' }) | Export-Csv -LiteralPath $ad -NoTypeInformation -Encoding UTF8
        $cloudCsv = Join-Path $TestDrive 'cloud.csv'
        $off = [pscustomobject]@{ Id = 't1'; Features = [pscustomobject]@{ SynchronizeUpnForManagedUsersEnabled = $false } }
        $common2 = $common.Clone(); $common2.Remove('CloudUser')
        $predict = {
            param($licences)
            @([pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'ann.old@contoso.com'; Mail = 'ann@contoso.com'; ProxyAddresses = 'SMTP:ann@contoso.com'; OnPremisesImmutableId = ''; OnPremisesSyncEnabled = ''; AssignedLicenses = $licences }) | Export-Csv -LiteralPath $cloudCsv -NoTypeInformation -Encoding UTF8
            Import-DirectoryExport -LiteralPath $ad | Test-SoftMatch -CloudUser (Import-DirectoryExport -LiteralPath $cloudCsv) -TenantSetting $off @common2
        }
        $unknown = & $predict ''
        $unknown.PredictedUserPrincipalName | Should -Be 'ann.old@contoso.com'
        ($unknown.Warnings | Where-Object Code -eq 'UpnNotSynchronized').Message | Should -Match 'licences are not known'
        (& $predict '0').PredictedUserPrincipalName | Should -Be 'ann@contoso.com'
        $kept = & $predict 'c7df2760-2c81-4ef7-b578-5b5392b571df;6fd2c87f-b296-42f0-b197-1e91e994b900'
        $kept.PredictedUserPrincipalName | Should -Be 'ann.old@contoso.com'
        ($kept.Warnings | Where-Object Code -eq 'UpnNotSynchronized').Message | Should -Match 'It holds a licence'
        # Export-Csv writes a collection as its type name: not a licence state.
        $typeName = & $predict 'System.Collections.Generic.List`1[Microsoft.Graph.PowerShell.Models.IMicrosoftGraphAssignedLicense]'
        ($typeName.Warnings | Where-Object Code -eq 'UpnNotSynchronized').Message | Should -Match 'licences are not known'
    }
}
