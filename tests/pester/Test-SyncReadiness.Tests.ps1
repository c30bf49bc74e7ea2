BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force

    function New-User {
        # Shaped like Get-ADUser -Properties mail, proxyAddresses, mailNickname, displayName output.
        param([string] $Sam, [string] $Upn = "$Sam@contoso.com", [string] $Mail = "$Sam@contoso.com",
            [string[]] $Proxy = @("SMTP:$Sam@contoso.com"), [hashtable] $Extra = @{})
        $user = [ordered]@{
            PSTypeName             = 'Microsoft.ActiveDirectory.Management.ADUser'
            DistinguishedName      = "CN=$Sam,OU=Staff,DC=contoso,DC=local"
            ObjectClass            = 'user'
            ObjectGUID             = [guid]::NewGuid()
            SamAccountName         = $Sam
            UserPrincipalName      = $Upn
            mail                   = $Mail
            mailNickname           = $Sam
            proxyAddresses         = [string[]]$Proxy
            DisplayName            = $Sam
            GivenName              = $Sam
            Surname                = 'Test'
        }
        foreach ($key in $Extra.Keys) { $user[$key] = $Extra[$key] }
        [pscustomobject]$user
    }

    $verified = 'contoso.com', 'contoso.onmicrosoft.com'
    function Get-Findings { param([Parameter(ValueFromPipeline)] $InputObject) end { @($input | Test-SyncReadiness -VerifiedDomain $verified) } }
}

Describe 'Test-SyncReadiness' {
    It 'reports nothing for clean users' {
        $users = 1..20 | ForEach-Object { New-User "user$_" }
        $users | Get-Findings | Should -BeNullOrEmpty
    }

    Context 'per-attribute rules' {
        It 'finds <Rule> in <Attribute> for <Case>' -ForEach @(
            @{ Case = 'a space in the UPN'; Rule = 'Character'; Attribute = 'userPrincipalName'; Extra = @{ UserPrincipalName = 'jane doe@contoso.com' }; Suggestion = 'janedoe@contoso.com' }
            @{ Case = 'a diacritic in the UPN'; Rule = 'Character'; Attribute = 'userPrincipalName'; Extra = @{ UserPrincipalName = 'élodie@contoso.com' }; Suggestion = 'elodie@contoso.com' }
            @{ Case = 'a .local suffix'; Rule = 'UnverifiedDomain'; Attribute = 'userPrincipalName'; Extra = @{ UserPrincipalName = 'jane@contoso.local' }; Suggestion = 'jane@contoso.com' }
            @{ Case = 'a UPN without @'; Rule = 'Format'; Attribute = 'userPrincipalName'; Extra = @{ UserPrincipalName = 'jane' }; Suggestion = $null }
            @{ Case = 'a UPN name ending in a dot'; Rule = 'LocalPart'; Attribute = 'userPrincipalName'; Extra = @{ UserPrincipalName = 'jane.@contoso.com' }; Suggestion = 'jane@contoso.com' }
            @{ Case = '65 characters before the @'; Rule = 'LocalPart'; Attribute = 'userPrincipalName'; Extra = @{ UserPrincipalName = ('a' * 65) + '@contoso.com' }; Suggestion = $null }
            @{ Case = 'a UPN over 113 characters'; Rule = 'Length'; Attribute = 'userPrincipalName'; Extra = @{ UserPrincipalName = ('a' * 64) + '@' + ('b' * 40) + '.contoso.com' }; Suggestion = $null }
            @{ Case = 'a mail without @'; Rule = 'Format'; Attribute = 'mail'; Extra = @{ mail = 'jane.contoso.com' }; Suggestion = $null }
            @{ Case = 'a mail on a non-routable domain'; Rule = 'TopLevelDomain'; Attribute = 'mail'; Extra = @{ mail = 'jane@contoso.lan' }; Suggestion = $null }
            @{ Case = 'a mail with two dots in the domain'; Rule = 'DomainPart'; Attribute = 'mail'; Extra = @{ mail = 'jane@contoso..com' }; Suggestion = $null }
            @{ Case = 'a space in a proxy address'; Rule = 'Character'; Attribute = 'proxyAddresses'; Extra = @{ proxyAddresses = [string[]]('SMTP:jane@contoso.com', 'smtp:ja ne@contoso.com') }; Suggestion = 'smtp:jane@contoso.com' }
            @{ Case = 'a proxy value over 256 characters'; Rule = 'Length'; Attribute = 'proxyAddresses'; Extra = @{ proxyAddresses = [string[]]('SMTP:jane@contoso.com', 'X500:/o=' + ('x' * 260)) }; Suggestion = $null }
            @{ Case = 'two primary SMTP addresses'; Rule = 'Format'; Attribute = 'proxyAddresses'; Extra = @{ proxyAddresses = [string[]]('SMTP:jane@contoso.com', 'SMTP:j@contoso.com') }; Suggestion = $null }
            # docs/model.md, Attribute rules: a bad sAMAccountName does not stop a user with a valid UPN from being created: a Warning.
            @{ Case = 'a sAMAccountName of 21 characters'; Rule = 'Length'; Attribute = 'sAMAccountName'; Extra = @{ SamAccountName = 'a' * 21 }; Suggestion = $null; Severity = 'Warning' }
            @{ Case = 'a sAMAccountName with ='; Rule = 'Character'; Attribute = 'sAMAccountName'; Extra = @{ SamAccountName = 'j=doe' }; Suggestion = 'jdoe'; Severity = 'Warning' }
            @{ Case = 'a sAMAccountName with = on a user whose UPN is bad'; Rule = 'Character'; Attribute = 'sAMAccountName'; Extra = @{ SamAccountName = 'j=doe'; UserPrincipalName = 'j doe@contoso.com' }; Suggestion = 'jdoe' }
            @{ Case = 'a mailNickname ending with a dot'; Rule = 'Format'; Attribute = 'mailNickname'; Extra = @{ mailNickname = 'jane.' }; Suggestion = 'jane' }
            @{ Case = 'a mailNickname with a space'; Rule = 'Format'; Attribute = 'mailNickname'; Extra = @{ mailNickname = 'ja ne' }; Suggestion = 'jane' }
            @{ Case = 'a UPN name part starting with a dot'; Rule = 'LocalPart'; Attribute = 'userPrincipalName'; Extra = @{ UserPrincipalName = '.jane@contoso.com' }; Suggestion = 'jane@contoso.com' }
            @{ Case = 'a UPN name part with two dots'; Rule = 'LocalPart'; Attribute = 'userPrincipalName'; Extra = @{ UserPrincipalName = 'ja..ne@contoso.com' }; Suggestion = 'ja.ne@contoso.com' }
            @{ Case = 'an sn over 64'; Rule = 'Length'; Attribute = 'sn'; Extra = @{ Surname = 's' * 65 }; Suggestion = $null }
            @{ Case = 'a mailNickname starting with a dot'; Rule = 'Format'; Attribute = 'mailNickname'; Extra = @{ mailNickname = '.jane' }; Suggestion = 'jane' }
            @{ Case = 'a mailNickname over 64'; Rule = 'Length'; Attribute = 'mailNickname'; Extra = @{ mailNickname = 'n' * 65 }; Suggestion = $null }
            @{ Case = 'a blank displayName'; Rule = 'Blank'; Attribute = 'displayName'; Extra = @{ DisplayName = '  ' }; Suggestion = $null }
            @{ Case = 'a displayName over 256'; Rule = 'Length'; Attribute = 'displayName'; Extra = @{ DisplayName = 'd' * 257 }; Suggestion = $null }
            @{ Case = 'a givenName over 64'; Rule = 'Length'; Attribute = 'givenName'; Extra = @{ GivenName = 'g' * 65 }; Suggestion = $null }
            @{ Case = 'a targetAddress with a space'; Rule = 'Character'; Attribute = 'targetAddress'; Extra = @{ targetAddress = 'SMTP:ja ne@contoso.mail.onmicrosoft.com' }; Suggestion = 'SMTP:jane@contoso.mail.onmicrosoft.com' }
            @{ Case = 'a targetAddress over 256'; Rule = 'Length'; Attribute = 'targetAddress'; Extra = @{ targetAddress = 'SMTP:' + ('t' * 260) + '@contoso.com' }; Suggestion = $null }
        ) {
            $findings = New-User 'jane' -Extra $Extra | Get-Findings
            $finding = @($findings | Where-Object { $_.Rule -eq $Rule -and $_.Attribute -eq $Attribute })
            $finding.Count | Should -Be 1 -Because ($findings | Out-String)
            $finding[0].Identity | Should -Be 'CN=jane,OU=Staff,DC=contoso,DC=local'
            $finding[0].Severity | Should -Be $(if ($Severity) { $Severity } else { 'Error' })
            $finding[0].Message | Should -Match ([regex]::Escape($finding[0].Attribute))
            if ($Suggestion) { $finding[0].Suggestion | Should -BeExactly $Suggestion } else { $finding[0].Suggestion | Should -BeNullOrEmpty }
        }

        It 'warns when SMTP addresses have no primary' {
            $finding = New-User 'jane' -Proxy 'smtp:jane@contoso.com' | Get-Findings
            $finding.Rule | Should -Be 'Format'
            $finding.Severity | Should -Be 'Warning'
        }

        It 'reports a non-routable suffix as TopLevelDomain when no verified domains are given' {
            $finding = New-User 'jane' -Upn 'jane@corp.internal' | Test-SyncReadiness
            $finding.Rule | Should -Be 'TopLevelDomain'
            New-User 'jane' -Upn 'jane@fabrikam.com' -Mail 'jane@fabrikam.com' -Proxy 'SMTP:jane@fabrikam.com' | Test-SyncReadiness | Should -BeNullOrEmpty
        }
    }

    Context 'no false positives' {
        It 'accepts apostrophes in UPNs and addresses' {
            New-User 'obrien' -Upn "oscar.o'brien@contoso.com" -Mail "oscar.o'brien@contoso.com" -Proxy "SMTP:oscar.o'brien@contoso.com" |
                Get-Findings | Should -BeNullOrEmpty
        }

        It 'accepts X.500 and X.400 addresses with spaces, parentheses and semicolons' {
            $proxies = 'SMTP:jane@contoso.com',
                'X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=jane',
                'X400:C=US;A= ;P=Contoso;O=Exchange;S=Doe;G=Jane;'
            New-User 'jane' -Proxy $proxies | Get-Findings | Should -BeNullOrEmpty
        }

        # Issue 24: Prepare for directory synchronization gives targetAddress rules without an
        # exemption by type and IdFix applies them (InvalidTargetAddressRegEx); Exchange writes
        # X.500 addresses with spaces and parentheses. Where they disagree: a Warning, no fix.
        It 'warns, never errs, on an X.500 targetAddress that holds what Prepare forbids (objects and exports)' {
            $x500 = 'X500:/o=Fabrikam/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=jane'
            $user = New-User 'jane' -Extra @{ targetAddress = $x500 }
            $findings = $user | Get-Findings
            $findings.Count | Should -Be 1
            $findings[0].Attribute | Should -Be 'targetAddress'
            $findings[0].Severity | Should -Be 'Warning'
            $findings[0].Suggestion | Should -BeNullOrEmpty
            $findings[0].Message | Should -Match 'Prepare for directory synchronization forbids'
            $path = Join-Path $TestDrive 'target.csv'
            $user | Select-Object DistinguishedName, ObjectClass, ObjectGUID, SamAccountName, UserPrincipalName, mail, mailNickname, targetAddress, @{ n = 'proxyAddresses'; e = { $_.proxyAddresses -join ';' } } | Export-Csv -LiteralPath $path -NoTypeInformation
            $fromFile = @(Import-DirectoryExport -LiteralPath $path | Test-SyncReadiness -VerifiedDomain $verified -WarningAction SilentlyContinue)
            $fromFile | ForEach-Object { "$($_.Attribute)|$($_.Severity)|$($_.Message)" } | Should -Be ($findings | ForEach-Object { "$($_.Attribute)|$($_.Severity)|$($_.Message)" })
            New-User 'jane' -Extra @{ targetAddress = 'SMTP:jane smith@contoso.mail.onmicrosoft.com' } | Get-Findings |
                Where-Object Attribute -eq 'targetAddress' | ForEach-Object Severity | Should -Contain 'Error'
        }

        It 'does not count mail equal to its own primary SMTP as a duplicate' {
            New-User 'jane' -Mail 'Jane@Contoso.com' -Proxy 'SMTP:jane@contoso.com' | Get-Findings | Should -BeNullOrEmpty
        }
    }

    Context 'duplicates across the whole input' {
        It 'reports a UPN equal to another object''s proxy address from both sides' {
            $findings = @(New-User 'trent'; New-User 'walter' -Proxy 'SMTP:walter@contoso.com', 'smtp:TRENT@contoso.com') | Get-Findings
            $findings | ForEach-Object { $_.Rule | Should -Be 'Duplicate' }
            ($findings | Where-Object Identity -like 'CN=trent*').Attribute | Should -Be @('userPrincipalName', 'mail', 'proxyAddresses')
            $walter = $findings | Where-Object Identity -like 'CN=walter*'
            $walter.Attribute | Should -Be 'proxyAddresses'
            $walter.ConflictsWith | Should -Be @(
                'CN=trent,OU=Staff,DC=contoso,DC=local (userPrincipalName)'
                'CN=trent,OU=Staff,DC=contoso,DC=local (mail)'
                'CN=trent,OU=Staff,DC=contoso,DC=local (proxyAddresses)')
        }

        It 'finds duplicates that differ only in case, and names every other member' {
            $findings = @(
                New-User 'a' -Mail 'Shared@contoso.com'
                New-User 'b' -Mail 'shared@CONTOSO.com'
                New-User 'c' -Proxy 'SMTP:c@contoso.com', 'smtp:SHARED@contoso.com'
            ) | Get-Findings
            $findings.Count | Should -Be 3
            $findings | ForEach-Object { $_.ConflictsWith.Count | Should -Be 2 }
            $findings[0].Value | Should -Be 'shared@contoso.com'
        }

        It 'finds a proxy value twice on one object' {
            $finding = New-User 'jane' -Proxy 'SMTP:jane@contoso.com', 'smtp:JANE@contoso.com' | Get-Findings
            $finding.Rule | Should -Be 'Duplicate'
            $finding.Message | Should -Match 'twice on this object'
        }

        It 'finds duplicate sAMAccountNames and mailNicknames across forests' {
            $findings = @(New-User 'jdoe'; New-User 'JDOE' -Upn 'other@contoso.com' -Mail 'other@contoso.com' -Proxy 'SMTP:other@contoso.com') | Get-Findings
            ($findings.Attribute | Sort-Object -Unique) | Should -Be @('mailNickname', 'sAMAccountName')
        }

        It 'finds a SIP address two users share: SipProxyAddress is not quarantined, AttributeValueMustBeUnique (Entra Connect Health, diagnose duplicated attribute sync errors)' {
            $findings = @(
                New-User 'a' -Extra @{ 'msRTCSIP-PrimaryUserAddress' = 'sip:desk@contoso.com' }
                New-User 'b' -Extra @{ 'msRTCSIP-PrimaryUserAddress' = 'SIP:Desk@contoso.com' }
                New-User 'c' -Extra @{ 'msRTCSIP-PrimaryUserAddress' = 'sip:c@contoso.com' }
            ) | Get-Findings
            $findings.Count | Should -Be 2
            $findings.Attribute | Should -Be @('msRTCSIP-PrimaryUserAddress', 'msRTCSIP-PrimaryUserAddress')
            $findings.Severity | Should -Be @('Error', 'Error')
            $findings[0].ConflictsWith | Should -Be 'CN=b,OU=Staff,DC=contoso,DC=local (msRTCSIP-PrimaryUserAddress)'
            $findings[0].Message | Should -Match 'AttributeValueMustBeUnique'
        }

        It 'streams own findings before the duplicates' {
            $findings = @(New-User 'a' -Upn 'a b@contoso.com' -Mail 'x@contoso.com'; New-User 'b' -Mail 'x@contoso.com') | Get-Findings
            $findings[0].Rule | Should -Be 'Character'
            $findings[-1].Rule | Should -Be 'Duplicate'
        }
    }

    Context '-VerifiedDomain from Get-MgDomain' {
        # Get-MgDomain lists every domain added to the tenant, verified or not (docs/model.md, Input).
        It 'counts only the domain objects with IsVerified, and takes names as given' {
            $domains = @(
                [pscustomobject]@{ Id = 'contoso.com'; IsVerified = $true; IsDefault = $true; AuthenticationType = 'Managed' }
                [pscustomobject]@{ Id = 'fabrikam.com'; IsVerified = $false; IsDefault = $false; AuthenticationType = 'Managed' }
                [pscustomobject]@{ Id = 'contoso.onmicrosoft.com'; IsVerified = $true; IsDefault = $false; AuthenticationType = 'Managed' }
            )
            $verifiedUser = New-User 'v' -Upn 'v@contoso.com' | Test-SyncReadiness -VerifiedDomain $domains
            $verifiedUser | Where-Object Attribute -eq userPrincipalName | Should -BeNullOrEmpty
            $unverified = New-User 'u' -Upn 'u@fabrikam.com' | Test-SyncReadiness -VerifiedDomain $domains | Where-Object Attribute -eq userPrincipalName
            $unverified.Rule | Should -Be 'UnverifiedDomain'
            (New-User 'n' -Upn 'n@fabrikam.com' | Test-SyncReadiness -VerifiedDomain 'contoso.com', 'fabrikam.com' | Where-Object Attribute -eq userPrincipalName) | Should -BeNullOrEmpty
        }

        It 'warns of an SMTP proxy on an unverified domain: Exchange Online removes it once licensed (support article on proxyAddresses population)' {
            $user = New-User 'p' -Proxy 'SMTP:p@contoso.com', 'smtp:p@fabrikam.com'
            $finding = @($user | Test-SyncReadiness -VerifiedDomain $verified | Where-Object Attribute -eq proxyAddresses)
            $finding.Count | Should -Be 1
            $finding[0].Rule | Should -Be 'UnverifiedDomain'
            $finding[0].Severity | Should -Be 'Warning'
            $finding[0].Value | Should -Be 'smtp:p@fabrikam.com'
            @($user | Test-SyncReadiness | Where-Object Attribute -eq proxyAddresses) | Should -BeNullOrEmpty -Because 'without the list only routability can be checked'
        }

        It 'refuses what is neither a name nor a domain object' {
            { New-User 'x' | Test-SyncReadiness -VerifiedDomain ([pscustomobject]@{ Name = 'x' }) -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidVerifiedDomain,SyncMatch.Commands.TestSyncReadinessCommand'
        }
    }

    # Microsoft Learn, Entra Connect sync: default configuration — the default rules' scoping filters.
    Context 'out of scope' {
        It 'gives <Case> one OutOfScope warning and leaves it out of duplicate groups' -ForEach @(
            @{ Case = 'krbtgt (isCriticalSystemObject present)'; Extra = @{ SamAccountName = 'krbtgt'; isCriticalSystemObject = $true } }
            @{ Case = 'a critical system object'; Extra = @{ isCriticalSystemObject = $true } }
            @{ Case = 'a critical system object from CSV'; Extra = @{ isCriticalSystemObject = 'TRUE' } }
            @{ Case = 'isCriticalSystemObject present but FALSE (IsPresent)'; Extra = @{ isCriticalSystemObject = $false } }
            @{ Case = 'an Entra Connect account'; Extra = @{ SamAccountName = 'MSOL_0123456789ab' } }
            @{ Case = 'a system mailbox'; Extra = @{ mailNickname = 'SystemMailbox{1f05a927-1d6b-4c1a-a8b3-123456789abc}' } }
            @{ Case = 'a CAS_ mailbox with a brace'; Extra = @{ mailNickname = 'CAS_{1f05a927}' } }
            @{ Case = 'a discovery search mailbox (msExchRecipientTypeDetails 536870912)'; Extra = @{ msExchRecipientTypeDetails = [long]536870912 } }
            @{ Case = 'a system mailbox (msExchRecipientTypeDetails 8192, from CSV)'; Extra = @{ msExchRecipientTypeDetails = '8192' } }
            @{ Case = 'a linked mailbox (msExchRecipientTypeDetails 2)'; Extra = @{ msExchRecipientTypeDetails = [long]2 } }
            @{ Case = 'a replication conflict'; Extra = @{ DistinguishedName = 'CN=jane\0ACNF:0a1b2c3d-0000-0000-0000-000000000000,OU=Staff,DC=contoso,DC=local' } }
            @{ Case = 'a user without sAMAccountName'; Extra = @{ SamAccountName = '' } }
        ) {
            $Extra.UserPrincipalName = 'bad upn@contoso.local'
            $findings = @(New-User 'jane' -Extra $Extra; New-User 'other' -Upn 'bad upn@contoso.local' -Mail 'o@contoso.com' -Proxy 'SMTP:o@contoso.com') | Get-Findings
            $scoped = @($findings | Where-Object Rule -eq 'OutOfScope')
            $scoped.Count | Should -Be 1
            $scoped[0].Severity | Should -Be 'Warning'
            $findings | Where-Object Rule -eq 'Duplicate' | Should -BeNullOrEmpty
            @($findings | Where-Object Identity -eq $scoped[0].Identity).Count | Should -Be 1
        }

        It 'checks <Case> like any other user: the default rules do not leave it out' -ForEach @(
            @{ Case = 'a health mailbox (IdFix leaves it out; Entra Connect does not)'; Extra = @{ SamAccountName = 'HealthMailbox0a1b2c3'; mailNickname = 'HealthMailbox0a1b2c3' } }
            @{ Case = 'a plain CAS_ name (no brace)'; Extra = @{ SamAccountName = 'CAS_jones'; mailNickname = 'CAS_jones' } }
            @{ Case = 'krbtgt without isCriticalSystemObject (scope is by attribute, not name)'; Extra = @{ SamAccountName = 'krbtgt' } }
            @{ Case = 'a user mailbox (msExchRecipientTypeDetails 1)'; Extra = @{ msExchRecipientTypeDetails = [long]1 } }
        ) {
            $findings = @(New-User 'jane' -Extra $Extra) | Get-Findings
            $findings | Where-Object Rule -eq 'OutOfScope' | Should -BeNullOrEmpty
        }
    }

    Context 'input shapes' {
        It 'reads Import-Csv rows with ;-joined proxyAddresses and the EmailAddress alias' {
            $csv = Join-Path $TestDrive 'users.csv'
            @(
                [pscustomobject]@{ SamAccountName = 'a'; UserPrincipalName = 'a@contoso.com'; EmailAddress = 'a@contoso.com'; proxyAddresses = 'SMTP:a@contoso.com;smtp:shared@contoso.com' }
                [pscustomobject]@{ SamAccountName = 'b'; UserPrincipalName = 'b@contoso.com'; EmailAddress = 'shared@contoso.com'; proxyAddresses = '' }
            ) | Export-Csv $csv
            $findings = Import-Csv $csv | Get-Findings
            $findings.Count | Should -Be 2
            $findings.Rule | Should -Be @('Duplicate', 'Duplicate')
            $findings[1].Attribute | Should -Be 'mail'
        }

        It 'reads Exchange''s Alias as mailNickname (Exchange filterable properties: Alias is mailNickname)' {
            # Shaped like Get-RemoteMailbox output: Alias, PrimarySmtpAddress, no mailNickname property.
            $mailbox = [pscustomobject]@{ SamAccountName = 'jane'; UserPrincipalName = 'jane@contoso.com'; Alias = 'ja ne'; DistinguishedName = 'CN=jane,DC=contoso,DC=local' }
            $finding = $mailbox | Get-Findings
            $finding.Attribute | Should -Be 'mailNickname'
            $finding.Rule | Should -Be 'Format'
            $finding.Suggestion | Should -Be 'jane'
            # mailNickname wins when both are set, as Get-ADUser's own name.
            $both = [pscustomobject]@{ SamAccountName = 'jane'; UserPrincipalName = 'jane@contoso.com'; mailNickname = 'jane'; Alias = 'ja ne' }
            $both | Get-Findings | Should -BeNullOrEmpty
        }

        It 'reads objects of a .NET type, a live proxyAddresses collection and script properties' {
            class DirectoryUser {
                [string] $DistinguishedName
                [string] $SamAccountName
                [string] $UserPrincipalName
                [System.Collections.Generic.List[string]] $proxyAddresses
            }
            $typed = [DirectoryUser]@{ DistinguishedName = 'CN=typed'; SamAccountName = 'typed'; UserPrincipalName = 'typed@contoso.com'
                proxyAddresses = [System.Collections.Generic.List[string]]@('SMTP:typed@contoso.com', 'smtp:SHARED@contoso.com') }
            $scripted = [pscustomobject]@{ SamAccountName = 'scripted'; UserPrincipalName = 'scripted@contoso.com' } |
                Add-Member -MemberType ScriptProperty -Name mail -Value { 'shared@contoso.com' } -PassThru
            $findings = @($typed, $scripted) | Get-Findings
            $findings.Identity | Should -Be @('CN=typed', 'scripted')
            $findings.Attribute | Should -Be @('proxyAddresses', 'mail')
            $findings.Rule | Should -Be @('Duplicate', 'Duplicate')
        }

        It 'can be stopped early by Select-Object -First' {
            $users = 1..10000 | ForEach-Object { New-User "s$_" -Upn "s $_@contoso.com" }
            $first = $users | Test-SyncReadiness -VerifiedDomain $verified | Select-Object -First 2
            $first.Count | Should -Be 2
            $first[1].Identity | Should -Be 'CN=s2,OU=Staff,DC=contoso,DC=local'
        }

        It 'reads hashtables' {
            @{ SamAccountName = 'h'; UserPrincipalName = 'h h@contoso.com' } | Get-Findings | ForEach-Object Rule | Should -Be 'Character'
        }

        It 'writes a null input as an error and goes on' {
            $out = @($null, (New-User 'a' -Upn 'a a@contoso.com')) | Test-SyncReadiness -VerifiedDomain $verified -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'NullInput,*'
            $out.Rule | Should -Be 'Character'
        }

        It 'says so, terminating, when given nothing at all' {
            { Test-SyncReadiness } | Should -Throw -ErrorId 'NoInput,SyncMatch.Commands.TestSyncReadinessCommand'
        }
    }

    Context 'output' {
        It 'exports to CSV with ConflictsWith joined' {
            $csv = Join-Path $TestDrive 'findings.csv'
            @(New-User 'a' -Mail 'x@contoso.com'; New-User 'b' -Mail 'x@contoso.com') | Get-Findings | Export-Csv $csv -NoTypeInformation
            $rows = Import-Csv $csv
            $rows[0].ConflictsWith | Should -Be 'CN=b,OU=Staff,DC=contoso,DC=local (mail)'
            $rows[0].Rule | Should -Be 'Duplicate'
        }

        It 'summarizes counts per rule on the verbose stream' {
            $verbose = New-User 'a' -Upn 'a a@contoso.com' | Test-SyncReadiness -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            "$verbose" | Should -Match 'Checked 1 objects \(0 refused with an error\): Character 1'
        }

        It 'checks more objects than one native batch, in order' {
            $users = 1..9000 | ForEach-Object { New-User "u$_" -Upn $(if ($_ % 1000 -eq 0) { "u $_@contoso.com" } else { "u$_@contoso.com" }) }
            $findings = $users | Get-Findings
            $findings.Count | Should -Be 9
            $findings[0].Identity | Should -Be 'CN=u1000,OU=Staff,DC=contoso,DC=local'
            $findings[-1].Identity | Should -Be 'CN=u9000,OU=Staff,DC=contoso,DC=local'
        }

        It 'finds a value two objects share when they are checked in different native batches' {
            # u2 and u8999 are thousands of objects apart: each batch keeps its values apart, and
            # the duplicate pass reads them all, each object under its own identity.
            $users = 1..9000 | ForEach-Object { New-User "u$_" -Mail $(if ($_ -eq 8999) { 'u2@contoso.com' } else { "u$_@contoso.com" }) }
            $duplicates = @($users | Get-Findings | Where-Object Rule -EQ 'Duplicate')
            # u2 holds it three times (UPN, mail, primary SMTP), u8999 once (mail): one finding each.
            $duplicates.ForEach({ "$($_.Identity) $($_.Attribute)" }) | Should -Be @(
                'CN=u2,OU=Staff,DC=contoso,DC=local userPrincipalName'
                'CN=u2,OU=Staff,DC=contoso,DC=local mail'
                'CN=u2,OU=Staff,DC=contoso,DC=local proxyAddresses'
                'CN=u8999,OU=Staff,DC=contoso,DC=local mail')
            $duplicates[0].ConflictsWith | Should -Be @('CN=u8999,OU=Staff,DC=contoso,DC=local (mail)')
            $duplicates[3].ConflictsWith | Should -Be @('CN=u2,OU=Staff,DC=contoso,DC=local (userPrincipalName)', 'CN=u2,OU=Staff,DC=contoso,DC=local (mail)', 'CN=u2,OU=Staff,DC=contoso,DC=local (proxyAddresses)')
        }

        It 'suggests no value another object in the run holds, even one read after it (issue 23)' {
            $findings = @(New-User 'jd' -Upn 'jane doe@contoso.com'; New-User 'jd2' -Upn 'janedoe@contoso.com') | Get-Findings
            $space = $findings | Where-Object { $_.Identity -like 'CN=jd,*' -and $_.Attribute -eq 'userPrincipalName' -and $_.Rule -eq 'Character' }
            $space.Suggestion | Should -BeNullOrEmpty
            $space.Message | Should -Match "'janedoe@contoso.com' is already held by CN=jd2,OU=Staff,DC=contoso,DC=local"
            $alone = New-User 'jd' -Upn 'jane doe@contoso.com' | Get-Findings | Where-Object Attribute -eq 'userPrincipalName'
            $alone.Suggestion | Should -Be 'janedoe@contoso.com'
        }
    }
}
