# Test-SyncReadiness against the documented rules where IdFix's rule code and ours disagreed
# (issue 7), the safety of every suggestion, and input that cannot support an answer.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force

    function New-Complete {
        # Get-ADUser with every property the module reads (see the README).
        param([string] $Sam, [hashtable] $Extra = @{})
        $user = [ordered]@{
            DistinguishedName          = "CN=$Sam,OU=Staff,DC=contoso,DC=com"
            ObjectClass                = 'user'
            SamAccountName             = $Sam
            UserPrincipalName          = "$Sam@contoso.com"
            mail                       = "$Sam@contoso.com"
            mailNickname               = $Sam
            proxyAddresses             = [string[]]@("SMTP:$Sam@contoso.com")
            displayName                = $Sam
            targetAddress              = $null
            msExchRecipientTypeDetails = $null
            isCriticalSystemObject     = $null
        }
        foreach ($key in $Extra.Keys) { $user[$key] = $Extra[$key] }
        [pscustomobject]$user
    }
    $verified = 'contoso.com', 'contoso.onmicrosoft.com'
}

Describe 'Test-SyncReadiness: targetAddress follows the proxyAddresses rules (IdFix)' {
    It 'reports <Value> as <Rule>' -ForEach @(
        @{ Value = 'SMTP:user:M@contoso.com'; Rule = 'Character' }
        @{ Value = 'smtp:john@contoso..com'; Rule = 'DomainPart' }
        @{ Value = 'SMTP:jane@contoso.local'; Rule = 'TopLevelDomain' }
    ) {
        $findings = New-Complete 'jane' -Extra @{ targetAddress = $Value } | Test-SyncReadiness -VerifiedDomain $verified
        ($findings | Where-Object Attribute -eq 'targetAddress').Rule | Should -Contain $Rule
    }
}

Describe 'Test-SyncReadiness: duplicate mailNicknames (Prepare; UPN population)' {
    It 'reports them as a Warning on both objects: both synchronize' {
        $found = @(
            New-Complete 'a' -Extra @{ mailNickname = 'team' }
            New-Complete 'b' -Extra @{ mailNickname = 'Team' }
        ) | Test-SyncReadiness -VerifiedDomain $verified
        $duplicates = @($found | Where-Object { $_.Rule -eq 'Duplicate' -and $_.Attribute -eq 'mailNickname' })
        $duplicates.Count | Should -Be 2
        $duplicates.Severity | Should -Be @('Warning', 'Warning')
    }
}

Describe 'Test-SyncReadiness: suggestions are safe' {
    BeforeAll {
        $bad = @(
            @{ proxyAddresses = [string[]]'SMTP:user:M@contoso.com' }
            @{ proxyAddresses = [string[]]'SMTP:søren@contoso.com' }
            @{ proxyAddresses = [string[]]'SMTP:straße@contoso.com' }
            @{ proxyAddresses = [string[]]'SMTP:jo hn@contoso.com' }
            @{ proxyAddresses = [string[]]'SMTP:łukasz.æsir@contoso.com' }
            @{ proxyAddresses = [string[]]'SMTP:a@contoso.com', 'EUM:12 34;phone-context=DP.contoso.com' }
            @{ UserPrincipalName = 'josé@contoso.com' }
            @{ UserPrincipalName = 'jo hn@contoso.com' }
            @{ UserPrincipalName = '.john@contoso.com' }
            @{ UserPrincipalName = 'é..x@contoso.com' }
            @{ mailNickname = 'jo(hn)' }
            @{ mailNickname = '.søren.' }
            @{ targetAddress = 'SMTP:user:M@contoso.com' }
            @{ mail = 'sø ren@contoso.com' }
        )
        $script:findings = @($bad | ForEach-Object { New-Complete 'x' -Extra $_ } | Test-SyncReadiness -VerifiedDomain $verified)
    }

    It 'passes the module''s own rules when fed back, for every suggestion' {
        $suggested = @($findings | Where-Object Suggestion)
        $suggested.Count | Should -BeGreaterThan 5
        foreach ($finding in $suggested) {
            $value = if ($finding.Attribute -eq 'proxyAddresses') { [string[]]$finding.Suggestion } else { $finding.Suggestion }
            $again = New-Complete 'x' -Extra @{ $finding.Attribute = $value } | Test-SyncReadiness -VerifiedDomain $verified
            @($again | Where-Object { $_.Attribute -eq $finding.Attribute -and $_.Severity -eq 'Error' }) |
                Should -BeNullOrEmpty -Because "'$($finding.Suggestion)' was suggested for '$($finding.Value)'"
        }
    }

    It 'keeps the prefix and primary marker, and transliterates instead of dropping letters' {
        ($findings | Where-Object Value -eq 'SMTP:user:M@contoso.com' | Where-Object Attribute -eq 'proxyAddresses').Suggestion | Should -Be 'SMTP:userM@contoso.com'
        ($findings | Where-Object Value -eq 'SMTP:søren@contoso.com').Suggestion | Should -Be 'SMTP:soren@contoso.com'
        ($findings | Where-Object Value -eq 'SMTP:straße@contoso.com').Suggestion | Should -Be 'SMTP:strasse@contoso.com'
    }

    It 'suggests nothing for an EUM value' {
        $eum = $findings | Where-Object Value -like 'EUM:*'
        $eum | Should -Not -BeNullOrEmpty
        $eum.Suggestion | Should -BeNullOrEmpty
    }

    It 'reports a mailNickname character outside the alias set as an Error' {
        $finding = $findings | Where-Object { $_.Attribute -eq 'mailNickname' -and $_.Value -eq 'jo(hn)' }
        $finding.Rule | Should -Be 'Character'
        $finding.Severity | Should -Be 'Error'
    }
}

Describe 'Test-SyncReadiness: input that cannot support an answer' {
    It 'warns, naming the properties and the command, when Get-ADUser ran without -Properties' {
        $bare = [pscustomobject]@{ DistinguishedName = 'CN=a,DC=contoso,DC=com'; SamAccountName = 'a'; UserPrincipalName = 'a@contoso.com'; ObjectClass = 'user' }
        $null = $bare | Test-SyncReadiness -VerifiedDomain $verified -WarningVariable warned -WarningAction SilentlyContinue
        $warned.Message | Should -Match 'proxyAddresses'
        $warned.Message | Should -Match 'Get-ADUser -Filter \* -Properties'
    }

    It 'says nothing when every property is there, even empty' {
        $null = New-Complete 'a' | Test-SyncReadiness -VerifiedDomain $verified -WarningVariable warned -WarningAction SilentlyContinue
        $warned | Should -BeNullOrEmpty
    }

    It 'refuses a type name in <Attribute> with TypeNameNotValue, never a misleading finding' -ForEach @(
        @{ Attribute = 'proxyAddresses'; Value = 'Microsoft.ActiveDirectory.Management.ADPropertyValueCollection' }
        @{ Attribute = 'mail'; Value = 'System.String[]' }
        @{ Attribute = 'displayName'; Value = 'System.Object[]' }
    ) {
        $user = New-Complete 'typed' -Extra @{ $Attribute = $Value }
        $found = @($user, (New-Complete 'fine') | Test-SyncReadiness -VerifiedDomain $verified -ErrorVariable errors -ErrorAction SilentlyContinue)
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'TypeNameNotValue,*'
        $errors[0].Exception.Message | Should -Match "^$Attribute holds"
        @($found | Where-Object Identity -like 'CN=typed*') | Should -BeNullOrEmpty
    }

    It 'processes each element of an -InputObject array, as the pipeline does' {
        $found = Test-SyncReadiness -InputObject @((New-Complete 'a' -Extra @{ displayName = ' ' }), (New-Complete 'b' -Extra @{ displayName = ' ' })) -VerifiedDomain $verified
        @($found | Where-Object Rule -eq 'Blank').Count | Should -Be 2
    }
}

Describe '-InputObject arrays in the other cmdlets' {
    It 'ConvertTo-ImmutableId, Get-SourceAnchor and Export-SyncMatchCsv take each element' {
        $users = @((New-ADUserObject -Sam 'a'), (New-ADUserObject -Sam 'b'))
        @(ConvertTo-ImmutableId -InputObject $users).Count | Should -Be 2
        @(Get-SourceAnchor -InputObject $users).Count | Should -Be 2
        $path = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-array-$PID.csv"
        Export-SyncMatchCsv -InputObject $users -Path $path
        @(Import-Csv $path).Count | Should -Be 2
        Remove-Item $path
    }

    It 'keeps a byte[] whole: one anchor, not sixteen' {
        @(Get-SourceAnchor -InputObject $Known.Bytes).Count | Should -Be 1
    }
}
