# Issue 21's walk-through: the seed's loop run as a new user would run it (README → help example 1
# → examples/HardMatch.ps1) on a 200-row mapping in the seed's columns (Username,
# UserPrincipalName) that holds the mistakes and risks the seed's readers met: a swapped pair of
# rows, a sAMAccountName in two domains, an anchor a soft-deleted user holds, a privileged target
# (2026 hard-match block), a .local user (the Paul Messer comment) and a cloud mailbox without a
# remote mailbox. Every row must be planned right and every risk said; then the script writes the
# Set rows to the Graph stand-in with a journal.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force
    . (Join-Path $PSScriptRoot 'support/GraphStandIn.ps1')

    $tenantId = 'c0ffee00-0000-4000-8000-000000000000'
    $ad = [System.Collections.Generic.List[object]]::new()
    $cloud = [System.Collections.Generic.List[object]]::new()
    $rows = [System.Collections.Generic.List[object]]::new()
    $guidOf = @{}
    foreach ($n in 1..200) {
        $sam = 'u{0:d3}' -f $n
        $guid = [guid]::new(('{0:x8}-0000-4000-8000-000000000000' -f $n))
        $guidOf[$sam] = $guid
        $upn = if ($n -eq 70) { "$sam@corp.local" } else { "$sam@contoso.com" }
        $ad.Add([pscustomobject]@{
                DistinguishedName = "CN=$sam,OU=Staff,DC=contoso,DC=com"; ObjectGUID = $guid; SamAccountName = $sam; UserPrincipalName = $upn
                mail = "$sam@contoso.com"; proxyAddresses = @("SMTP:$sam@contoso.com"); mailNickname = $sam
                'mS-DS-ConsistencyGuid' = $null; isCriticalSystemObject = $null; msExchRecipientTypeDetails = $(if ($n -eq 80) { $null } else { 2147483648 })
            })
        $cloud.Add([pscustomobject]@{
                Id = ('{0:x8}-1111-4000-8000-000000000000' -f $n); UserPrincipalName = "$sam@contoso.com"; Mail = "$sam@contoso.com"
                ProxyAddresses = @("SMTP:$sam@contoso.com", "smtp:$sam@contoso.onmicrosoft.com"); OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null
                RecipientTypeDetails = 'UserMailbox'; ExchangeGuid = [guid]::new(('{0:x8}-2222-4000-8000-000000000000' -f $n))
            })
        $rows.Add([pscustomobject]@{ Username = $sam; UserPrincipalName = "$sam@contoso.com" })
    }
    # The swapped pair: u010's row names u011's cloud user and the other way round.
    $rows[9].UserPrincipalName = 'u011@contoso.com'
    $rows[10].UserPrincipalName = 'u010@contoso.com'
    # u100's row keys a sAMAccountName two domains hold.
    $ad.Add([pscustomobject]@{ DistinguishedName = 'CN=jsmith,OU=Staff,DC=contoso,DC=com'; ObjectGUID = [guid]::NewGuid(); SamAccountName = 'jsmith'; UserPrincipalName = 'jsmith@contoso.com'; 'mS-DS-ConsistencyGuid' = $null; isCriticalSystemObject = $null; msExchRecipientTypeDetails = $null; mail = $null; proxyAddresses = @(); mailNickname = $null })
    $ad.Add([pscustomobject]@{ DistinguishedName = 'CN=jsmith,OU=Staff,DC=emea,DC=contoso,DC=com'; ObjectGUID = [guid]::NewGuid(); SamAccountName = 'jsmith'; UserPrincipalName = 'john.smith@contoso.com'; 'mS-DS-ConsistencyGuid' = $null; isCriticalSystemObject = $null; msExchRecipientTypeDetails = $null; mail = $null; proxyAddresses = @(); mailNickname = $null })
    $rows[99].Username = 'jsmith'
    # u050's anchor is held by a soft-deleted user; u060's target holds a privileged role.
    $deleted = @([pscustomobject]@{ Id = 'dead0000-0000-4000-8000-000000000000'; UserPrincipalName = 'dead0000000040008000000000000000u050@contoso.com'; OnPremisesImmutableId = (ConvertTo-ImmutableId -InputObject $guidOf['u050']) })
    $privileged = @($cloud[59].Id)
    $guardRails = @{
        DeletedCloudUser = $deleted; PrivilegedUser = $privileged; VerifiedDomain = 'contoso.com', 'contoso.onmicrosoft.com'
        FederatedDomain = @(); TenantSetting = [pscustomobject]@{ Id = $tenantId; Features = [pscustomobject]@{ BlockCloudObjectTakeoverThroughHardMatchEnabled = $false } }
    }
    $mapping = Join-Path $TestDrive 'users.csv'
    $rows | Export-Csv -LiteralPath $mapping -NoTypeInformation -Encoding utf8

    $plan = Import-Csv $mapping | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud @guardRails -WarningVariable warned -WarningAction SilentlyContinue
    $byName = @{}
    foreach ($item in $plan) { $byName[$(if ($item.SamAccountName) { $item.SamAccountName } else { $item.Identity })] = $item }
}

Describe 'The seed''s loop as a new user runs it: 200 rows (issue 21)' {
    It 'plans every row, in order' {
        $plan.Count | Should -Be 200
    }

    It 'blocks the ambiguous key, the deleted holder and the privileged target, each with its own reason, and sets the rest' {
        $byName['jsmith'].Reason | Should -Be AmbiguousOnPremisesKey
        $byName['jsmith'].OtherOnPremisesUsers | Should -Be 'CN=jsmith,OU=Staff,DC=contoso,DC=com', 'CN=jsmith,OU=Staff,DC=emea,DC=contoso,DC=com'
        $byName['u050'].Reason | Should -Be AnchorHeldByDeletedUser
        $byName['u060'].Reason | Should -Be PrivilegedTarget
        @($plan | Where-Object Action -eq Blocked).Count | Should -Be 3
        @($plan | Where-Object { $_.Action -eq 'Set' -and $_.Reason -eq 'Ready' }).Count | Should -Be 197
    }

    It 'says every risk: the swapped rows, the .local user''s new UPN, the missing remote mailbox' {
        ($byName['u010'].Warnings | Where-Object Code -eq SoftMatchesOtherUser).Message | Should -Match 'u010@contoso.com is cloud user u010@contoso.com.*maps it to cloud user u011@contoso.com'
        $byName['u011'].Warnings.Code | Should -Contain SoftMatchesOtherUser
        $byName['u070'].PredictedUserPrincipalName | Should -Be 'u070@contoso.onmicrosoft.com'
        $byName['u070'].Warnings.Code | Should -Contain UpnChanges
        ($byName['u080'].Warnings | Where-Object Code -eq MailboxNotRemote).Message | Should -Match "Enable-RemoteMailbox -Identity 'CN=u080,OU=Staff,DC=contoso,DC=com' -RemoteRoutingAddress 'u080@contoso.mail.onmicrosoft.com'.*-ExchangeGuid 00000050-2222-4000-8000-000000000000"
        # Nothing else is warned on an item: no noise that hides the real ones.
        $other = @($plan | Where-Object { $_.SamAccountName -notin 'u010', 'u011', 'u070', 'u080' -and $_.Warnings.Count -gt 0 })
        $other | ForEach-Object { "$($_.SamAccountName): $($_.Warnings)" } | Should -BeNullOrEmpty
    }

    It 'warns of no missing guard-rail input, and says once what every join replaces' {
        @($warned | Where-Object Message -like 'No -*') | ForEach-Object Message | Should -BeNullOrEmpty
        @($warned | Where-Object Message -like '*password hash synchronization*').Count | Should -Be 1
    }

    It 'writes the Set rows through examples/HardMatch.ps1 with a journal, leaving the blocked ones alone' {
        New-GraphTenant -TenantId $tenantId
        foreach ($user in $cloud) { Add-GraphUser $user.Id $user.UserPrincipalName }
        Add-GraphUser $deleted[0].Id $deleted[0].UserPrincipalName $deleted[0].OnPremisesImmutableId -Deleted
        $journal = Join-Path $TestDrive 'walkthrough.jsonl'
        $out = & (Join-Path $PSScriptRoot '../../examples/HardMatch.ps1') -MappingPath $mapping -OnPremisesUser $ad -CloudUser $cloud @guardRails -JournalPath $journal -Write -WarningAction SilentlyContinue -InformationAction SilentlyContinue
        $text = $out -join "`n"
        $text | Should -Match 'Blocked: jsmith'
        @($global:GraphTenant.Users.Values | Where-Object onPremisesImmutableId).Count | Should -Be 197
        $global:GraphTenant.Users[$cloud[59].Id].onPremisesImmutableId | Should -BeNullOrEmpty
        Test-Path -LiteralPath $journal | Should -BeTrue
    }
}
