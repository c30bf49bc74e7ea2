BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force

    function New-OnPremUser {
        # Get-ADUser -Properties mail, proxyAddresses, mailNickname, displayName, mS-DS-ConsistencyGuid
        param([string] $Sam, [string] $Upn = "$Sam@contoso.com", [string[]] $Proxy = @("SMTP:$Sam@contoso.com"),
            [guid] $Guid = [guid]::NewGuid(), [hashtable] $Extra = @{})
        $user = [ordered]@{
            PSTypeName          = 'Microsoft.ActiveDirectory.Management.ADUser'
            DistinguishedName   = "CN=$Sam,OU=Staff,DC=contoso,DC=local"
            ObjectClass         = 'user'
            ObjectGUID          = $Guid
            SamAccountName      = $Sam
            UserPrincipalName   = $Upn
            mail                = ($Proxy | Where-Object { $_ -cmatch '^SMTP:' } | Select-Object -First 1) -replace '^SMTP:', ''
            mailNickname        = $Sam
            proxyAddresses      = [string[]]$Proxy
            DisplayName         = $Sam
        }
        foreach ($key in $Extra.Keys) { $user[$key] = $Extra[$key] }
        [pscustomobject]$user
    }

    $verified = 'contoso.com', 'contoso.onmicrosoft.com'
}

Describe 'Test-SoftMatch' {
    Context 'the matching order' {
        It 'soft-matches on the primary SMTP address and names the target' {
            $cloud = New-MgUser 'jane.doe@contoso.com'
            $result = New-OnPremUser 'jane' -Upn 'jane.doe@contoso.com' -Proxy 'SMTP:Jane.Doe@contoso.com' -Guid $Known.Guid |
                Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified
            $result.PSObject.TypeNames[0] | Should -Be 'SyncMatch.MatchResult'
            $result.MatchType | Should -Be 'SoftSmtp'
            $result.Outcome | Should -Be 'Join'
            $result.Reason | Should -Be 'SoftMatchSmtp'
            $result.CloudObjectId | Should -Be $cloud.Id
            $result.CloudUserPrincipalName | Should -Be 'jane.doe@contoso.com'
            $result.ImmutableId | Should -BeExactly $Known.ImmutableId
            $result.PredictedUserPrincipalName | Should -Be 'jane.doe@contoso.com'
            $result.Identity | Should -Be 'CN=jane,OU=Staff,DC=contoso,DC=local'
            $result.Detail | Should -Match 'primary SMTP'
        }

        It 'prefers a hard match to a soft one' {
            $soft = New-MgUser 'jane@contoso.com'
            $hard = New-MgUser 'j.doe@contoso.onmicrosoft.com' -Proxy @() -ImmutableId $Known.ImmutableId
            $result = New-OnPremUser 'jane' -Guid $Known.Guid | Test-SoftMatch -CloudUser $soft, $hard -VerifiedDomain $verified
            $result.MatchType | Should -Be 'Hard'
            $result.CloudObjectId | Should -Be $hard.Id
        }

        It 'uses mS-DS-ConsistencyGuid as the anchor when it is populated' {
            $hard = New-MgUser 'moved@contoso.com' -Proxy @() -ImmutableId $Known.ImmutableId
            $user = New-OnPremUser 'moved' -Extra @{ 'mS-DS-ConsistencyGuid' = $Known.Bytes }
            ($user | Test-SoftMatch -CloudUser $hard -VerifiedDomain $verified).Reason | Should -Be 'HardMatch'
        }

        It 'prefers the primary SMTP match to a UPN match, and never joins on a secondary address' {
            $byUpn = New-MgUser 'jane@contoso.com' -Proxy 'SMTP:someone@contoso.com'
            $bySmtp = New-MgUser 'x@contoso.com' -Proxy 'SMTP:jane.doe@contoso.com'
            $result = New-OnPremUser 'jane' -Upn 'jane@contoso.com' -Proxy 'SMTP:jane.doe@contoso.com' | Test-SoftMatch -CloudUser $byUpn, $bySmtp -VerifiedDomain $verified
            $result.CloudObjectId | Should -Be $bySmtp.Id

            $secondary = New-MgUser 'y@contoso.com' -Proxy 'SMTP:y@contoso.com', 'smtp:jd@contoso.com'
            $result = New-OnPremUser 'jd' | Test-SoftMatch -CloudUser $secondary -VerifiedDomain $verified
            $result.Outcome | Should -Be 'Create'
            # Its UPN is the cloud user's secondary address: replaced under resiliency, the address quarantined.
            $result.Warnings.Code | Should -Be 'UpnConflict', 'AddressConflict'
        }

        It 'soft-matches on the UPN only with SoftMatchOnUpn (the default)' {
            $cloud = New-MgUser 'frank@contoso.com' -Proxy @()
            $user = New-OnPremUser 'frank' -Proxy @()
            ($user | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified).Reason | Should -Be 'SoftMatchUpn'
            $off = $user | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified -SoftMatchOnUpn:$false
            $off.Outcome | Should -Be 'Duplicate'
            $off.Reason | Should -Be 'NoMatch'
        }
    }

    Context 'what goes wrong' {
        It 'reports InvalidSoftMatch when the target already has an immutableId' {
            $cloud = New-MgUser 'erin@contoso.com' -ImmutableId 'RU1QMDAwNTU='
            $result = New-OnPremUser 'erin' | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified
            $result.Outcome | Should -Be 'Duplicate'
            $result.Reason | Should -Be 'TargetAnchored'
            $result.Detail | Should -Match 'InvalidSoftMatch'
        }

        It 'reports AdminRoleConflict for a privileged target given by UPN or id' {
            $cloud = New-MgUser 'grace@contoso.com'
            (New-OnPremUser 'grace' | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified -PrivilegedUser 'GRACE@contoso.com').Reason | Should -Be 'AdminRoleConflict'
            (New-OnPremUser 'grace' | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified -PrivilegedUser $cloud.Id).Outcome | Should -Be 'Error'
        }

        It 'honours the tenant switches' {
            $cloud = New-MgUser 'jane@contoso.com'
            (New-OnPremUser 'jane' | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified -BlockSoftMatch).Reason | Should -Be 'SoftMatchBlocked'

            $cloudManaged = New-MgUser 'jane@contoso.com' -ImmutableId $Known.ImmutableId
            (New-OnPremUser 'jane' -Guid $Known.Guid | Test-SoftMatch -CloudUser $cloudManaged -VerifiedDomain $verified -BlockHardMatchTakeover).Reason | Should -Be 'HardMatchBlocked'
            $turnedOff = New-MgUser 'jane@contoso.com' -ImmutableId $Known.ImmutableId -SyncEnabled $false
            (New-OnPremUser 'jane' -Guid $Known.Guid | Test-SoftMatch -CloudUser $turnedOff -VerifiedDomain $verified -BlockHardMatchTakeover).Reason | Should -Be 'HardMatchBlocked'
            $stillSynced = New-MgUser 'jane@contoso.com' -ImmutableId $Known.ImmutableId -SyncEnabled $true
            $result = New-OnPremUser 'jane' -Guid $Known.Guid | Test-SoftMatch -CloudUser $stillSynced -VerifiedDomain $verified -BlockHardMatchTakeover
            $result.Outcome | Should -Be 'Join'
            $result.Reason | Should -Be 'HardMatch'
        }

        It 'reports a group or contact match as ObjectTypeMismatch' {
            $group = New-MgUser 'sales@contoso.com' -Extra @{ '@odata.type' = '#microsoft.graph.group' }
            $result = New-OnPremUser 'sales' | Test-SoftMatch -CloudUser $group -VerifiedDomain $verified
            $result.Outcome | Should -Be 'Error'
            $result.Reason | Should -Be 'ObjectTypeMismatch'
        }

        It 'reports a SID another cloud user holds' {
            $owner = New-MgUser 'old@contoso.com' -Extra @{ OnPremisesSecurityIdentifier = 'S-1-5-21-1-2-3-1104' }
            $result = New-OnPremUser 'jane' -Extra @{ SID = 'S-1-5-21-1-2-3-1104' } | Test-SoftMatch -CloudUser $owner -VerifiedDomain $verified
            $result.Reason | Should -Be 'SecurityIdentifierConflict'
            $result.CloudObjectId | Should -Be $owner.Id
        }

        It 'reports both on-premises users that would join one cloud user' {
            $cloud = New-MgUser 'heidi@contoso.com'
            $results = @(New-OnPremUser 'heidi'; New-OnPremUser 'heidi2' -Proxy 'SMTP:Heidi@contoso.com') | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified
            $results.Reason | Should -Be @('DuplicateOnPremises', 'DuplicateOnPremises')
            $results[0].Detail | Should -Match 'heidi2'
        }
    }

    Context 'the seed article''s cases' {
        It 'predicts the .local UPN case: a new user with an onmicrosoft UPN, and a possible duplicate' {
            # "[email protected] – Synced from AD / [email protected] – In The Cloud"
            $cloud = New-MgUser 'peggy.peters@contoso.com' -Extra @{ DisplayName = 'Peggy Peters' }
            $user = New-OnPremUser 'ppeters' -Upn 'peggy@contoso.local' -Proxy @() -Extra @{ DisplayName = 'Peggy Peters' }
            $result = $user | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified
            $result.Outcome | Should -Be 'Create'
            $result.PredictedUserPrincipalName | Should -Be 'ppeters@contoso.onmicrosoft.com'
            $result.Warnings.Code | Should -Be @('UnverifiedUpnSuffix', 'PossibleDuplicate')
            # The seed's fix is a hard match: the result says so (the core's rule).
            $result.HardMatchCandidate | Should -BeTrue
        }

        It 'predicts the SMTP join of a .local user, whose cloud UPN it will overwrite' {
            $cloud = New-MgUser 'bob@contoso.com'
            $result = New-OnPremUser 'bob' -Upn 'bob@contoso.local' | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified
            $result.Outcome | Should -Be 'Join'
            $result.HardMatchCandidate | Should -BeFalse
            $result.Warnings.Code | Should -Be 'UnverifiedUpnSuffix'
            $result.PredictedUserPrincipalName | Should -Be 'bob@contoso.onmicrosoft.com'
        }

        It 'explains "Uniqueness violation. Property: SourceAnchor" before it happens' {
            # The anchor is already on another cloud user: the hard match lands there, not on the intended one.
            $intended = New-MgUser 'mel@contoso.com'
            $other = New-MgUser 'old.mel@contoso.com' -Proxy 'SMTP:old.mel@contoso.com' -ImmutableId $Known.ImmutableId
            $result = New-OnPremUser 'mel' -Guid $Known.Guid | Test-SoftMatch -CloudUser $intended, $other -VerifiedDomain $verified
            $result.MatchType | Should -Be 'Hard'
            $result.CloudObjectId | Should -Be $other.Id
        }
    }

    Context 'input shapes' {
        It 'takes Get-MsolUser-shaped cloud users' {
            $msol = [pscustomobject]@{ ObjectId = [guid]::NewGuid(); UserPrincipalName = 'jane@contoso.com'; ProxyAddresses = [string[]]'SMTP:jane@contoso.com'; ImmutableId = $null; LastDirSyncTime = $null }
            (New-OnPremUser 'jane' | Test-SoftMatch -CloudUser $msol -VerifiedDomain $verified).Reason | Should -Be 'SoftMatchSmtp'
            $synced = [pscustomobject]@{ ObjectId = [guid]::NewGuid(); UserPrincipalName = 'jane@contoso.com'; ProxyAddresses = [string[]]'SMTP:jane@contoso.com'; ImmutableId = 'x'; LastDirSyncTime = [datetime]'2020-01-01' }
            (New-OnPremUser 'jane' | Test-SoftMatch -CloudUser $synced -VerifiedDomain $verified).Reason | Should -Be 'TargetAnchored'
        }

        It 'takes CSV rows on both sides, with ;-joined addresses' {
            $adCsv = Join-Path $TestDrive 'ad.csv'; $cloudCsv = Join-Path $TestDrive 'cloud.csv'
            [pscustomobject]@{ SamAccountName = 'jane'; ObjectGUID = "$($Known.Guid)"; UserPrincipalName = 'jane@contoso.com'; proxyAddresses = 'SMTP:jane.doe@contoso.com;smtp:jane@contoso.com' } | Export-Csv $adCsv
            [pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'jd@contoso.com'; Mail = 'jane.doe@contoso.com'; ProxyAddresses = 'SMTP:jane.doe@contoso.com'; OnPremisesImmutableId = ''; OnPremisesSyncEnabled = '' } | Export-Csv $cloudCsv
            $result = Import-Csv $adCsv | Test-SoftMatch -CloudUser (Import-Csv $cloudCsv) -VerifiedDomain $verified
            $result.Reason | Should -Be 'SoftMatchSmtp'
            $result.CloudObjectId | Should -Be 'c1'
            $result.ImmutableId | Should -BeExactly $Known.ImmutableId
        }

        It 'writes an error for a user without a readable anchor, in order, and goes on' {
            $cloud = New-MgUser 'a@contoso.com'
            $users = @(New-OnPremUser 'a'; [pscustomobject]@{ SamAccountName = 'broken'; UserPrincipalName = 'b@contoso.com'; 'mS-DS-ConsistencyGuid' = 'System.Byte[]' }; New-OnPremUser 'c')
            $out = $users | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified -ErrorVariable errors -ErrorAction SilentlyContinue
            # The plan keeps the user's row (Error, InvalidInput) beside its error record.
            $out.Count | Should -Be 3
            $out[1].Reason | Should -Be 'InvalidInput'
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'TypeNameNotValue,*'
            $errors[0].TargetObject | Should -Be 'broken'
        }

        It 'writes an error for a cloud entry that is not a user, and goes on' {
            $out = New-OnPremUser 'a' | Test-SoftMatch -CloudUser @($null, [pscustomobject]@{ Name = 'x' }, (New-MgUser 'a@contoso.com')) -VerifiedDomain $verified -ErrorVariable errors -ErrorAction SilentlyContinue
            $out.Reason | Should -Be 'SoftMatchSmtp'
            $errors.Count | Should -Be 2
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidCloudUser,*'
        }

        It 'takes -SoftMatchOnUpn as a [bool], $true by default (issue 7)' {
            $parameter = (Get-Command Test-SoftMatch).Parameters['SoftMatchOnUpn']
            $parameter.ParameterType | Should -Be ([bool])
            $cloud = New-MgUser 'jdoe@contoso.com' -Proxy @('SMTP:other@contoso.com') -Extra @{ Mail = 'other@contoso.com' }
            $user = New-OnPremUser 'jdoe' -Proxy @('SMTP:jane.doe@contoso.com')
            ($user | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified).Reason | Should -Be 'SoftMatchUpn'
            ($user | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified -SoftMatchOnUpn $false).Reason | Should -Not -Be 'SoftMatchUpn'
            ($user | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified -SoftMatchOnUpn:$false).Reason | Should -Not -Be 'SoftMatchUpn'
        }

        It 'skips out-of-scope users with a reason (default rules: isCriticalSystemObject present, a linked mailbox)' {
            $result = New-OnPremUser 'krbtgt' -Extra @{ isCriticalSystemObject = $true } | Test-SoftMatch -CloudUser @() -VerifiedDomain $verified
            $result.Outcome | Should -Be 'Skipped'
            $result.Reason | Should -Be 'OutOfScope'
            $linked = New-OnPremUser 'linked' -Extra @{ msExchRecipientTypeDetails = [long]2 } | Test-SoftMatch -CloudUser @() -VerifiedDomain $verified
            $linked.Outcome | Should -Be 'Skipped'
            $linked.Detail | Should -Match 'linked mailbox'
        }

        It 'predicts a health mailbox like any user (the default rules do not leave it out)' {
            $result = New-OnPremUser 'HealthMailbox0a1b2c3' | Test-SoftMatch -CloudUser @() -VerifiedDomain $verified
            $result.Outcome | Should -Be 'Create'
        }
    }

    Context 'the plan' {
        It 'keeps input order across native chunks, and adds CloudOnly results with -IncludeUnmatchedCloud' {
            $cloud = 1..5000 | ForEach-Object { New-MgUser "u$_@contoso.com" }
            $users = 1..9000 | ForEach-Object { New-OnPremUser "u$_" }
            $results = $users | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified -IncludeUnmatchedCloud
            $results.Count | Should -Be 9000
            $results[0].Identity | Should -Be 'CN=u1,OU=Staff,DC=contoso,DC=local'
            $results[8999].Identity | Should -Be 'CN=u9000,OU=Staff,DC=contoso,DC=local'
            ($results | Where-Object Outcome -eq 'Join').Count | Should -Be 5000
            $extra = New-MgUser 'alone@contoso.com'
            $plan = New-OnPremUser 'u1' | Test-SoftMatch -CloudUser $cloud[0], $extra -VerifiedDomain $verified -IncludeUnmatchedCloud
            $plan[-1].Outcome | Should -Be 'CloudOnly'
            $plan[-1].CloudObjectId | Should -Be $extra.Id
        }

        It 'shares the inputs'' own strings in its results, for objects before and after an export' {
            $before = @(New-OnPremUser 'before1'; New-OnPremUser 'before2')
            $after = @(New-OnPremUser 'after1')
            $cloud = New-MgUser 'before1@contoso.com'
            $export = Import-DirectoryExport (Join-Path $PSScriptRoot '../../examples/ad-users.csv')
            $results = @(@($before) + @($export) + @($after) | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified -PrivilegedUser @() -WarningAction SilentlyContinue -ErrorAction SilentlyContinue)
            $results.Count | Should -Be (3 + $export.RowCount)
            [object]::ReferenceEquals($results[0].Identity, $before[0].DistinguishedName) | Should -BeTrue
            [object]::ReferenceEquals($results[0].CloudObjectId, $cloud.Id) | Should -BeTrue
            [object]::ReferenceEquals($results[1].Identity, $before[1].DistinguishedName) | Should -BeTrue
            [object]::ReferenceEquals($results[-1].Identity, $after[0].DistinguishedName) | Should -BeTrue
            [object]::ReferenceEquals($results[-1].UserPrincipalName, $after[0].UserPrincipalName) | Should -BeTrue
            $results[2].Identity | Should -Be (Import-Csv (Join-Path $PSScriptRoot '../../examples/ad-users.csv') | Select-Object -First 1).DistinguishedName
        }

        It 'keeps the first cloud holder of an address when the holders are in different chunks (indexed while the next is read)' {
            # More cloud users between the two holders than one chunk holds, whatever its size.
            $chunk = (Get-Module SyncMatch).ImplementingAssembly.GetType('SyncMatch.Directory.ObjectRows').GetField('ChunkSize', [Reflection.BindingFlags]'NonPublic, Static').GetValue($null)
            $cloud = @(New-MgUser 'first@contoso.com' -Proxy 'SMTP:shared@contoso.com') +
                @(1..($chunk + 100) | ForEach-Object { New-MgUser "c$_@contoso.com" }) +
                @(New-MgUser 'last@contoso.com' -Proxy 'SMTP:shared@contoso.com')
            $result = New-OnPremUser 'shared' -Upn 'shared.user@contoso.com' -Proxy 'SMTP:shared@contoso.com' |
                Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified -PrivilegedUser @() -WarningAction SilentlyContinue
            $result.Reason | Should -Be 'SoftMatchSmtp'
            $result.CloudObjectId | Should -Be $cloud[0].Id
        }

        It 'summarizes the outcomes on the verbose stream' {
            $verbose = New-OnPremUser 'a' | Test-SoftMatch -CloudUser @() -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            "$verbose" | Should -Match 'Predicted 1 on-premises users against 0 cloud users: Create 1'
        }

        It 'counts the users of a cloud export given with objects, not the export as one (issue 23)' {
            $export = Import-DirectoryExport (Join-Path $PSScriptRoot '../../examples/cloud-users.csv')
            $cloud = @($export) + @(New-MgUser 'extra@contoso.com')
            $verbose = New-OnPremUser 'a' | Test-SoftMatch -CloudUser $cloud -PrivilegedUser @() -WarningAction SilentlyContinue -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            "$verbose" | Should -Match "against $($export.RowCount + 1) cloud users"
            $planned = [pscustomobject]@{ SamAccountName = 'a'; CloudUserId = 'x' } | New-HardMatchPlan -OnPremisesUser (New-OnPremUser 'a') -CloudUser $cloud -WarningAction SilentlyContinue -ErrorAction SilentlyContinue -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            "$planned" | Should -Match "against $($export.RowCount + 1) cloud users"
        }

        It 'exports to CSV with warnings as text' {
            $csv = Join-Path $TestDrive 'plan.csv'
            New-OnPremUser 'b' -Upn 'b@contoso.local' | Test-SoftMatch -CloudUser @() -VerifiedDomain $verified | Export-Csv $csv -NoTypeInformation
            (Import-Csv $csv).Warnings | Should -Match '^UnverifiedUpnSuffix: '
        }

        It 'with -OutFile writes, from objects and from exports, the file Export-SyncMatchCsv writes, byte for byte' {
            $examples = Join-Path $PSScriptRoot '../../examples'
            $cloud = Import-DirectoryExport (Join-Path $examples 'cloud-users.csv')
            $ad = Import-DirectoryExport (Join-Path $examples 'ad-users.csv')
            # Formula-leading identities (ASCII and full-width: neutralised in both files), a quote
            # inside a value, a user without an anchor (its row and its error record), an
            # unverified suffix (a warning in the list cell), a non-ASCII and an ESC in warnings
            # (shown escaped), an ESC in an identity (kept as it is).
            $objects = @(
                [pscustomobject]@{ SamAccountName = '=2+3'; UserPrincipalName = 'formula@contoso.com'; mail = 'formula@contoso.com'; ObjectGUID = [guid]::NewGuid() }
                [pscustomobject]@{ SamAccountName = "$([char]0xFF1D)SUM(A1)"; UserPrincipalName = 'fullwidth@contoso.com'; mail = 'fullwidth@contoso.com'; ObjectGUID = [guid]::NewGuid() }
                [pscustomobject]@{ DistinguishedName = 'CN=Say "hi",OU=Staff,DC=contoso,DC=local'; SamAccountName = 'quote'; UserPrincipalName = 'quote@contoso.com'; mail = 'quote@contoso.com'; ObjectGUID = [guid]::NewGuid() }
                [pscustomobject]@{ SamAccountName = 'noanchor'; UserPrincipalName = 'noanchor@contoso.com'; mail = 'noanchor@contoso.com'; ObjectGUID = $null }
                New-OnPremUser 'local' -Upn 'local@contoso.local'
                New-OnPremUser 'jose' -Upn 'josé@contoso.local'
                [pscustomobject]@{ SamAccountName = "esc$([char]27)[31m"; UserPrincipalName = "esc$([char]27)@contoso.com"; mail = 'esc@contoso.com'; ObjectGUID = [guid]::NewGuid() }
            )
            $inputs = @($ad) + $objects
            $viaFile = Join-Path $TestDrive 'out-file.csv'
            $viaPipe = Join-Path $TestDrive 'export-csv.csv'
            $file = $inputs | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified -IncludeUnmatchedCloud -OutFile $viaFile -ErrorVariable fileErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $inputs | Test-SoftMatch -CloudUser $cloud -VerifiedDomain $verified -IncludeUnmatchedCloud -ErrorVariable pipeErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue |
                Export-SyncMatchCsv -Path $viaPipe
            @($file).Count | Should -Be 1
            $file | Should -BeOfType [System.IO.FileInfo]
            $file.FullName | Should -Be $viaFile
            [IO.File]::ReadAllBytes($viaFile) | Should -Be ([IO.File]::ReadAllBytes($viaPipe))
            @($fileErrors.FullyQualifiedErrorId) | Should -Be @($pipeErrors.FullyQualifiedErrorId)
            $fileErrors.Count | Should -BeGreaterThan 0
            # Not a test that cannot fail: the file holds every row, the neutralised cell and a warning list.
            $rows = Import-Csv $viaFile
            $rows.Count | Should -Be ($ad.RowCount + $objects.Count + @($rows | Where-Object Outcome -eq 'CloudOnly').Count)
            $rows.Identity | Should -Contain "'=2+3"
            $rows.Identity | Should -Contain "'$([char]0xFF1D)SUM(A1)"
            $rows.Identity | Should -Contain 'CN=Say "hi",OU=Staff,DC=contoso,DC=local'
            ($rows | Where-Object Identity -eq "esc$([char]27)[31m").Warnings | Should -Match '\\x1B'
            ($rows | Where-Object Identity -eq 'CN=jose,OU=Staff,DC=contoso,DC=local').Warnings | Should -Match 'josé'
            (Get-Content $viaFile -Raw) | Should -Match '"CN=Say ""hi"",OU=Staff'

            ($rows | Where-Object Identity -eq 'CN=local,OU=Staff,DC=contoso,DC=local').Warnings | Should -Match '^UnverifiedUpnSuffix: '
        }

        It 'with -OutFile takes a path relative to the current location, asks with -WhatIf, and fails before reading on a path it cannot write' {
            Push-Location $TestDrive
            try {
                $file = New-OnPremUser 'rel' | Test-SoftMatch -CloudUser @() -PrivilegedUser @() -VerifiedDomain $verified -OutFile 'relative.csv'
                $file.FullName | Should -Be (Join-Path $TestDrive 'relative.csv')
                @(Import-Csv (Join-Path $TestDrive 'relative.csv')).Count | Should -Be 1
                $none = New-OnPremUser 'rel' | Test-SoftMatch -CloudUser @() -PrivilegedUser @() -OutFile 'whatif.csv' -WhatIf
                $none | Should -BeNullOrEmpty
                Test-Path (Join-Path $TestDrive 'whatif.csv') | Should -BeFalse
            }
            finally { Pop-Location }
            $read = [System.Collections.Generic.List[string]]::new()
            $users = { foreach ($sam in 'a', 'b') { $read.Add($sam); New-OnPremUser $sam } }
            { & $users | Test-SoftMatch -CloudUser @() -OutFile (Join-Path $TestDrive 'no/such/folder/x.csv') } |
                Should -Throw -ErrorId 'OutFileNotWritable,SyncMatch.Commands.TestSoftMatchCommand'
            $read.Count | Should -BeLessOrEqual 1 -Because 'the file is opened before the users are taken'
        }

        It 'with -OutFile stops with OutFileNotWritable when a write fails (a full disk: /dev/full)' -Skip:(-not (Test-Path '/dev/full')) {
            { New-OnPremUser 'full' | Test-SoftMatch -CloudUser @() -PrivilegedUser @() -OutFile '/dev/full' } |
                Should -Throw -ErrorId 'OutFileNotWritable,SyncMatch.Commands.TestSoftMatchCommand'
        }

        It 'says so, terminating, when given no on-premises users' {
            { Test-SoftMatch -CloudUser @() } | Should -Throw -ErrorId 'NoInput,SyncMatch.Commands.TestSoftMatchCommand'
        }
    }
}

Describe 'Test-SoftMatch stopped early' {
    It 'stops cleanly when the pipeline stops after the first result, pages written ahead released' {
        Import-Module $ModuleManifest -Force
        $users = foreach ($i in 1..5000) { [pscustomobject]@{ SamAccountName = "u$i"; UserPrincipalName = "u$i@contoso.com"; mail = "u$i@contoso.com"; ObjectGUID = [guid]::NewGuid() } }
        $first = $users | Test-SoftMatch -CloudUser @() -PrivilegedUser @() -WarningAction SilentlyContinue | Select-Object -First 1
        @($first).Count | Should -Be 1
        # The session goes on working afterwards.
        @($users | Test-SoftMatch -CloudUser @() -PrivilegedUser @() -WarningAction SilentlyContinue).Count | Should -Be 5000
    }
}
