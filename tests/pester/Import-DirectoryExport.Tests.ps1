# Import-DirectoryExport: exports read by the core (tests/fixtures/exports), and Test-SyncReadiness
# on an export giving what it gives on the same rows as objects.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force
    $fixtures = Join-Path $PSScriptRoot '../fixtures/exports'
    $adUsers = Join-Path $PSScriptRoot '../../examples/ad-users.csv'
}

Describe 'Import-DirectoryExport' {
    It 'reads a Windows PowerShell 5.1 Unicode export with its #TYPE line, quoted newlines and a joined X.400 value' {
        $export = Import-DirectoryExport (Join-Path $fixtures 'ps51-unicode.csv') -Verbose 4>&1 | Where-Object { $_ -is [SyncMatch.DirectoryExport] -or $_ -is [System.Management.Automation.VerboseRecord] }
        $read = $export | Where-Object { $_ -is [SyncMatch.DirectoryExport] }
        $read.RowCount | Should -Be 2
        $read.Encoding | Should -Be 'Utf16Le'
        $read.IgnoredColumns | Should -Be 'Department'
        ($export | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Match 'ignored: Department'
    }

    It 'resolves a relative path from the current location' {
        Push-Location $fixtures
        try { (Import-DirectoryExport .\ps51-unicode.csv).Path | Should -Be (Join-Path (Resolve-Path $fixtures) 'ps51-unicode.csv') }
        finally { Pop-Location }
    }

    It 'refuses <File> with <Id>, and goes on with the next file' -ForEach @(
        @{ File = 'truncated.csv'; Id = 'TruncatedExport' }
        @{ File = 'typename-column.csv'; Id = 'TypeNameColumn' }
        @{ File = 'no-such-file.csv'; Id = 'ExportNotFound' }
    ) {
        $read = Import-DirectoryExport (Join-Path $fixtures $File), (Join-Path $fixtures 'ansi.csv') -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $read.Count | Should -Be 1
    }

    It 'shows progress on a file over a few megabytes, by bytes, and completes it' {
        $big = Join-Path $TestDrive 'big.csv'
        $lines = [Collections.Generic.List[string]]::new()
        $lines.Add('"SamAccountName","UserPrincipalName","displayName"')
        foreach ($i in 1..60000) { $lines.Add("`"u$i`",`"u$i@contoso.com`",`"User number $i of a file large enough to show progress`"") }
        [IO.File]::WriteAllLines($big, $lines)
        (Get-Item $big).Length | Should -BeGreaterThan 4MB
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddCommand('Import-Module').AddArgument($ModuleManifest).AddStatement().AddCommand('Import-DirectoryExport').AddArgument($big)
            $read = $shell.Invoke()
            $read[0].RowCount | Should -Be 60000
            $progress = @($shell.Streams.Progress | Where-Object Activity -eq 'Import-DirectoryExport')
            $progress[0].StatusDescription | Should -Be "Reading $big"
            $progress[-1].RecordType | Should -Be 'Completed'
            $progress.PercentComplete | Where-Object { $_ -ne -1 } | Should -BeLessOrEqual 100
        } finally { $shell.Dispose() }
        # A small file shows none.
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddCommand('Import-Module').AddArgument($ModuleManifest).AddStatement().AddCommand('Import-DirectoryExport').AddArgument((Join-Path $fixtures 'ansi.csv'))
            $null = $shell.Invoke()
            @($shell.Streams.Progress | Where-Object Activity -eq 'Import-DirectoryExport').Count | Should -Be 0
        } finally { $shell.Dispose() }
    }

    It 'warns that a 5.1 ASCII export already lost its letters' {
        $null = Import-DirectoryExport (Join-Path $fixtures 'ascii-lost.csv') -WarningVariable warned -WarningAction SilentlyContinue
        $warned.Message | Should -Match '-Encoding UTF8'
    }
}

Describe 'ConvertTo-ImmutableId on an export' {
    It 'gives every row''s immutableId, and each row without one an error naming file and line, as the rows as objects' {
        $asObjects = Import-Csv $adUsers | ConvertTo-ImmutableId -ErrorVariable objectErrors -ErrorAction SilentlyContinue
        $asExport = Import-DirectoryExport $adUsers | ConvertTo-ImmutableId -ErrorVariable exportErrors -ErrorAction SilentlyContinue
        @($asExport) | Should -Be @($asObjects)
        @($asExport).Count + $exportErrors.Count | Should -Be (Import-DirectoryExport $adUsers).RowCount
        $exportErrors.Count | Should -Be $objectErrors.Count
        if ($exportErrors.Count) { $exportErrors[0].Exception.Message | Should -Match 'ad-users\.csv, line \d+: ' }
        @(Import-DirectoryExport $adUsers | ConvertTo-ImmutableId -SourceAnchorAttribute ObjectGuid -ErrorAction SilentlyContinue) |
            Should -Be @(Import-Csv $adUsers | ConvertTo-ImmutableId -SourceAnchorAttribute ObjectGuid -ErrorAction SilentlyContinue)
    }

    It 'refuses -PassThru for an export, which has no object per row' {
        $null = Import-DirectoryExport $adUsers | ConvertTo-ImmutableId -PassThru -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'PassThruExport,*'
    }
}

Describe 'The other consumers of an export' {
    It 'Get-SourceAnchor gives every row''s anchor in every spelling, as ConvertTo-ImmutableId does' {
        $anchors = @(Import-DirectoryExport $adUsers | Get-SourceAnchor -ErrorVariable errors -ErrorAction SilentlyContinue)
        $ids = @(Import-DirectoryExport $adUsers | ConvertTo-ImmutableId -ErrorAction SilentlyContinue)
        $anchors.ImmutableId | Should -Be $ids
        $anchors.Count + $errors.Count | Should -Be (Import-DirectoryExport $adUsers).RowCount
    }

    It 'ConvertFrom-ProxyAddress refuses an export with what to use instead, never a silent answer' {
        $out = Import-DirectoryExport $adUsers | ConvertFrom-ProxyAddress -ErrorVariable errors -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ExportNotSupported,*'
        $errors[0].Exception.Message | Should -Match 'Test-SyncReadiness'
    }

    # Soft-deleted cloud users (Recover): their immutableIds stay reserved; an export of them is
    # read like their rows as objects.
    It 'Test-SoftMatch takes -DeletedCloudUser as an export, with the same restores as its rows as objects' {
        $cloudFile = Join-Path $PSScriptRoot '../../examples/cloud-users.csv'
        $deletedFile = Join-Path $PSScriptRoot '../../examples/deleted-users.csv'
        $common = @{ CloudUser = (Import-Csv $cloudFile); PrivilegedUser = @(); VerifiedDomain = 'contoso.com', 'contoso.onmicrosoft.com'; WarningAction = 'SilentlyContinue'; ErrorAction = 'SilentlyContinue' }
        $asObjects = Import-Csv $adUsers | Test-SoftMatch @common -DeletedCloudUser (Import-Csv $deletedFile)
        $asExport = Import-Csv $adUsers | Test-SoftMatch @common -DeletedCloudUser (Import-DirectoryExport $deletedFile)
        @($asExport | Where-Object Outcome -eq 'Restore').Count | Should -BeGreaterThan 0
        $key = { "$($_.Identity)|$($_.Outcome)|$($_.Reason)|$($_.CloudObjectId)" }
        @($asExport | ForEach-Object $key) | Should -Be @($asObjects | ForEach-Object $key)
    }

    It 'Test-SoftMatch takes exports and objects mixed in -CloudUser, in the order given' {
        $cloudFile = Join-Path $PSScriptRoot '../../examples/cloud-users.csv'
        $rows = @(Import-Csv $cloudFile)
        $common = @{ PrivilegedUser = @(); VerifiedDomain = 'contoso.com', 'contoso.onmicrosoft.com'; WarningAction = 'SilentlyContinue'; ErrorAction = 'SilentlyContinue' }
        $asObjects = Import-Csv $adUsers | Test-SoftMatch @common -CloudUser $rows
        $mixed = Import-Csv $adUsers | Test-SoftMatch @common -CloudUser (@(Import-DirectoryExport $cloudFile) + @()) -ErrorVariable errors
        @($errors | Where-Object FullyQualifiedErrorId -like 'InvalidCloudUser,*') | Should -BeNullOrEmpty
        $key = { "$($_.Identity)|$($_.Outcome)|$($_.Reason)|$($_.CloudObjectId)" }
        @($mixed | ForEach-Object $key) | Should -Be @($asObjects | ForEach-Object $key)
        $extra = [pscustomobject]@{ Id = 'extra-1'; UserPrincipalName = 'nobody.here@contoso.com'; Mail = 'nobody.here@contoso.com'; ProxyAddresses = @('SMTP:nobody.here@contoso.com'); OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }
        $withObject = Import-Csv $adUsers | Test-SoftMatch @common -CloudUser @((Import-DirectoryExport $cloudFile), $extra) -ErrorVariable mixedErrors
        @($mixedErrors | Where-Object FullyQualifiedErrorId -like 'InvalidCloudUser,*') | Should -BeNullOrEmpty
        @($withObject).Count | Should -Be @($asObjects).Count
    }

    It 'New-HardMatchPlan takes -DeletedCloudUser as an export: a deleted user''s anchor blocks the stamp' {
        $deletedFile = Join-Path $PSScriptRoot '../../examples/deleted-users.csv'
        $rows = Import-Csv (Join-Path $PSScriptRoot '../../examples/users.csv')
        $cloud = Import-Csv (Join-Path $PSScriptRoot '../../examples/cloud-users.csv')
        $asObjects = $rows | New-HardMatchPlan -OnPremisesUser (Import-Csv $adUsers) -CloudUser $cloud -DeletedCloudUser (Import-Csv $deletedFile) -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $asExport = $rows | New-HardMatchPlan -OnPremisesUser (Import-Csv $adUsers) -CloudUser $cloud -DeletedCloudUser (Import-DirectoryExport $deletedFile) -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -ErrorVariable errors
        @($errors | Where-Object FullyQualifiedErrorId -like 'InvalidCloudUser,*') | Should -BeNullOrEmpty
        $key = { "$($_.Identity)|$($_.Action)|$($_.Reason)" }
        @($asExport | ForEach-Object $key) | Should -Be @($asObjects | ForEach-Object $key)
    }
}

Describe 'Test-SyncReadiness on an export' {
    It 'finds what it finds on the same rows given as objects (the example export)' {
        $asObjects = Import-Csv $adUsers | Test-SyncReadiness -VerifiedDomain contoso.com, contoso.onmicrosoft.com -ErrorVariable objectErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $asExport = Import-DirectoryExport $adUsers | Test-SyncReadiness -VerifiedDomain contoso.com, contoso.onmicrosoft.com -ErrorVariable exportErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $key = { "$($_.Identity)|$($_.Attribute)|$($_.Rule)|$($_.Severity)|$($_.Value)" }
        @($asExport | ForEach-Object $key | Sort-Object) | Should -Be @($asObjects | ForEach-Object $key | Sort-Object)
        $exportErrors.FullyQualifiedErrorId | Should -Be $objectErrors.FullyQualifiedErrorId
        $exportErrors[0].Exception.Message | Should -Match 'ad-users\.csv, line \d+: proxyAddresses holds'
    }

    It 'warns about the columns the export lacks, with the export command' {
        $null = Import-DirectoryExport (Join-Path $fixtures 'ansi.csv') | Test-SyncReadiness -WarningVariable warned -WarningAction SilentlyContinue
        $warned.Message | Should -Match 'has no column mail, proxyAddresses'
    }
}

Describe 'Test-SoftMatch on an export' {
    It 'predicts what it predicts for the same rows given as objects (the example export)' {
        $cloud = Import-Csv (Join-Path $PSScriptRoot '../../examples/cloud-users.csv')
        $common = @{ CloudUser = $cloud; VerifiedDomain = 'contoso.com', 'contoso.onmicrosoft.com'; PrivilegedUser = 'grace.green@contoso.com'; ErrorAction = 'SilentlyContinue'; WarningAction = 'SilentlyContinue' }
        $asObjects = Import-Csv $adUsers | Test-SoftMatch @common -ErrorVariable objectErrors
        $asExport = Import-DirectoryExport $adUsers | Test-SoftMatch @common -ErrorVariable exportErrors
        $key = { "$($_.Identity)|$($_.Outcome)|$($_.Reason)|$($_.CloudObjectId)|$($_.PredictedUserPrincipalName)|$($_.ImmutableId)|$(($_.Warnings | ForEach-Object Code) -join ',')" }
        @($asExport | ForEach-Object $key) | Should -Be @($asObjects | ForEach-Object $key)
        $exportErrors.FullyQualifiedErrorId | Should -Be $objectErrors.FullyQualifiedErrorId
        ($exportErrors | Where-Object { $_.Exception.Message -match 'proxyAddresses holds' }).Exception.Message | Should -Match 'ad-users\.csv, line \d+'
    }

    # Source anchor setting, custom attribute (docs/model.md): the column of that name holds it.
    It 'reads a custom source anchor (employeeID) from the export''s column, as from the rows as objects' {
        $path = Join-Path $TestDrive 'custom-anchor.csv'
        @(
            [pscustomobject]@{ SamAccountName = 'ann'; UserPrincipalName = 'ann@contoso.com'; employeeID = 'E1001'; mail = 'ann@contoso.com' }
            [pscustomobject]@{ SamAccountName = 'bob'; UserPrincipalName = 'bob@contoso.com'; employeeID = ''; mail = 'bob@contoso.com' }
        ) | Export-Csv $path -NoTypeInformation -Encoding utf8
        $cloud = @(
            [pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'someone@contoso.com'; Mail = $null; ProxyAddresses = @(); OnPremisesImmutableId = 'E1001'; OnPremisesSyncEnabled = $null }
        )
        $common = @{ CloudUser = $cloud; SourceAnchorAttribute = 'employeeID'; PrivilegedUser = @(); VerifiedDomain = 'contoso.com'; WarningAction = 'SilentlyContinue'; ErrorAction = 'SilentlyContinue' }
        $asExport = Import-DirectoryExport $path | Test-SoftMatch @common
        $asObjects = Import-Csv $path | Test-SoftMatch @common
        $asExport[0].Reason | Should -Be 'HardMatch'
        $asExport[0].ImmutableId | Should -Be 'E1001'
        $key = { "$($_.Identity)|$($_.Outcome)|$($_.Reason)|$($_.ImmutableId)" }
        @($asExport | ForEach-Object $key) | Should -Be @($asObjects | ForEach-Object $key)
    }

    It 'refuses an export without the custom anchor''s column, naming its columns' {
        $results = Import-DirectoryExport $adUsers | Test-SoftMatch -CloudUser @() -SourceAnchorAttribute employeeNumber -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'MissingExportColumn,*'
        $errors[0].Exception.Message | Should -Match "ad-users\.csv: the file has no column 'employeeNumber' \(its columns: .*SamAccountName"
        $results | Should -BeNullOrEmpty
        $null = New-HardMatchPlan -InputObject ([pscustomobject]@{ Username = 'ann'; O365User = 'ann@contoso.com' }) -OnPremisesUser (Import-DirectoryExport $adUsers) -CloudUser @() -SourceAnchorAttribute employeeNumber -ErrorVariable planErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $planErrors[0].FullyQualifiedErrorId | Should -BeLike 'MissingExportColumn,*'
    }

    It 'takes a cloud export (Get-MgUser | Export-Csv) as -CloudUser, with the same results as its rows as objects' {
        $cloudFile = Join-Path $PSScriptRoot '../../examples/cloud-users.csv'
        $common = @{ VerifiedDomain = 'contoso.com', 'contoso.onmicrosoft.com'; PrivilegedUser = 'grace.green@contoso.com'; ErrorAction = 'SilentlyContinue'; WarningAction = 'SilentlyContinue'; IncludeUnmatchedCloud = $true }
        $asObjects = Import-Csv $adUsers | Test-SoftMatch -CloudUser (Import-Csv $cloudFile) @common
        $asExports = Import-DirectoryExport $adUsers | Test-SoftMatch -CloudUser (Import-DirectoryExport $cloudFile) @common
        $key = { "$($_.Identity)|$($_.Outcome)|$($_.Reason)|$($_.CloudObjectId)|$($_.CloudUserPrincipalName)|$($_.PredictedUserPrincipalName)" }
        @($asExports | ForEach-Object $key) | Should -Be @($asObjects | ForEach-Object $key)
    }

    It 'refuses an on-premises export as -CloudUser' {
        { Import-DirectoryExport $adUsers | Test-SoftMatch -CloudUser (Import-DirectoryExport $adUsers) -WarningAction SilentlyContinue } | Should -Throw -ErrorId 'NotACloudExport,*'
    }
}

Describe 'Import-DirectoryExport: JSON' {
    It 'reads the last page of a Graph result ({"value": [...]}, no @odata.nextLink) as a cloud export Test-SoftMatch takes' {
        $cloud = Import-DirectoryExport (Join-Path $fixtures 'graph-page.json')
        $cloud.RowCount | Should -Be 2
        $cloud.IsCloud | Should -BeTrue
        $results = Import-DirectoryExport $adUsers | Test-SoftMatch -CloudUser $cloud -VerifiedDomain contoso.com, contoso.onmicrosoft.com -PrivilegedUser @() -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        ($results | Where-Object Identity -like 'CN=Alice Adams*').Reason | Should -Be 'SoftMatchSmtp'
        ($results | Where-Object Identity -like 'CN=Carol Clark*').Reason | Should -Be 'HardMatch'
    }

    It 'reads ConvertTo-Json of directory objects, a byte[] anchor as its bytes' {
        $path = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-ad-$PID.json"
        @([pscustomobject]@{ SamAccountName = 'ann'; UserPrincipalName = 'ann@contoso.com'; ObjectGUID = [guid]::NewGuid().ToString(); 'mS-DS-ConsistencyGuid' = [byte[]]$Known.Bytes; proxyAddresses = @('SMTP:ann@contoso.com') }) |
            ConvertTo-Json -Depth 3 | Set-Content $path -Encoding utf8
        $result = Import-DirectoryExport $path | Test-SoftMatch -CloudUser @() -PrivilegedUser @() -WarningAction SilentlyContinue
        $result.ImmutableId | Should -Be $Known.ImmutableId
        Remove-Item $path
    }
}

Describe 'New-HardMatchPlan on exports' {
    It 'plans the seed''s rows against a directory export and a cloud export as it does against their rows as objects' {
        $rows = Import-Csv (Join-Path $PSScriptRoot '../../examples/users.csv')
        $cloudFile = Join-Path $PSScriptRoot '../../examples/cloud-users.csv'
        $asObjects = $rows | New-HardMatchPlan -OnPremisesUser (Import-Csv $adUsers) -CloudUser (Import-Csv $cloudFile) -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $asExports = $rows | New-HardMatchPlan -OnPremisesUser (Import-DirectoryExport $adUsers) -CloudUser (Import-DirectoryExport $cloudFile) -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $key = { "$($_.Identity)|$($_.Action)|$($_.Reason)|$($_.ImmutableId)|$($_.CloudUserId)" }
        @($asExports | ForEach-Object $key) | Should -Be @($asObjects | ForEach-Object $key)
        # A type name in an unrelated value (Xavier Xu's proxyAddresses) no longer drops the user
        # from the plan (issue 21): it is planned on what was read, with ValueUnreadable.
        ($errors | Where-Object { $_.Exception.Message -match 'proxyAddresses holds' }) | Should -BeNullOrEmpty
        $xavier = [pscustomobject]@{ Username = 'xxu'; UserPrincipalName = 'alice.adams@contoso.com' } |
            New-HardMatchPlan -OnPremisesUser (Import-DirectoryExport $adUsers) -CloudUser (Import-DirectoryExport $cloudFile) -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $xavier.Warnings.Code | Should -Contain 'ValueUnreadable'
    }
}

Describe 'Import-DirectoryExport: input read strictly or refused with a reason (issue 22)' {
    BeforeAll {
        function Write-Bytes([string] $Name, [byte[]] $Bytes) {
            $path = Join-Path $TestDrive $Name
            [IO.File]::WriteAllBytes($path, $Bytes)
            $path
        }
        $utf8 = [Text.UTF8Encoding]::new($false)
    }

    It 'refuses a BOM-less UTF-8 export with one Windows-1252 byte, naming the line, instead of reading every row as mojibake' {
        # PowerShell 7's Export-Csv writes UTF-8 without a BOM; one line pasted from an ANSI file.
        $bytes = [Collections.Generic.List[byte]]::new($utf8.GetBytes("`"SamAccountName`",`"DisplayName`"`r`n`"jnunez`",`"José Núñez`"`r`n`"rdupont`",`"Ren"))
        $bytes.Add(0xE9); $bytes.AddRange($utf8.GetBytes("e Dupont`"`r`n"))
        $path = Write-Bytes 'mixed.csv' $bytes.ToArray()
        $read = Import-DirectoryExport -LiteralPath $path -ErrorVariable failed -ErrorAction SilentlyContinue
        $read | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ExportEncoding,*'
        $failed[0].Exception.Message | Should -Match 'line 3: byte 0xE9 is not UTF-8'
    }

    It 'reads an export that is Windows-1252 throughout (5.1''s -Encoding Default), and says so' {
        $path = Write-Bytes 'ansi-all.csv' ([Text.Encoding]::Latin1.GetBytes("`"SamAccountName`",`"DisplayName`"`r`n`"jnunez`",`"José Núñez`"`r`n"))
        $read = Import-DirectoryExport -LiteralPath $path -WarningVariable warned -WarningAction SilentlyContinue
        $read.Encoding | Should -Be 'Ansi'
        ($warned.Message -join ' ') | Should -Match 'read as Windows-1252.*-Encoding'
        ($read | Test-SyncReadiness -WarningAction SilentlyContinue -ErrorAction SilentlyContinue | Where-Object Value -like '*Ã*') | Should -BeNullOrEmpty
    }

    It 'reads a Cyrillic ANSI export with -Encoding windows-1251 (and by its code page number)' {
        $cyrillic = [Text.CodePagesEncodingProvider]::Instance.GetEncoding(1251)
        if (-not $cyrillic) { [Text.Encoding]::RegisterProvider([Text.CodePagesEncodingProvider]::Instance); $cyrillic = [Text.Encoding]::GetEncoding(1251) }
        $path = Write-Bytes 'cyrillic.csv' ($cyrillic.GetBytes("`"SamAccountName`",`"DisplayName`"`r`n`"ivanov`",`"Иван Иванов`"`r`n"))
        foreach ($name in 'windows-1251', '1251') {
            $read = Import-DirectoryExport -LiteralPath $path -Encoding $name
            $read.Encoding | Should -Be 'Ansi'
            $read.Warnings | Should -BeNullOrEmpty
        }
        $null = Import-DirectoryExport -LiteralPath $path -Encoding klingon -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].Exception.Message | Should -Match "'klingon' is not an encoding"
    }

    It 'refuses <Name> naming the problem (<Id>)' -ForEach @(
        @{ Name = 'a column named twice'; Id = 'DuplicateExportColumn'; Text = "`"SamAccountName`",`"mail`",`"Mail`"`r`n`"a`",`"a@x.com`",`"b@x.com`"`r`n"; Message = "'mail' and 'Mail'" }
        @{ Name = 'a row with fewer fields'; Id = 'RaggedExportRow'; Text = "`"SamAccountName`",`"mail`"`r`n`"a`",`"a@x.com`"`r`n`"b`"`r`n"; Message = 'line 3 has 1 fields where the header has 2' }
        @{ Name = 'a row with more fields'; Id = 'RaggedExportRow'; Text = "`"SamAccountName`",`"mail`"`r`n`"a`",`"a@x.com`",`"x`"`r`n"; Message = 'line 2 has 3 fields' }
        @{ Name = 'a half row at the end'; Id = 'RaggedExportRow'; Text = "`"SamAccountName`",`"mail`"`r`n`"a`",`"a@x.com`"`r`n`"b`""; Message = 'line 3' }
        @{ Name = 'an unbalanced quote'; Id = 'TruncatedExport'; Text = "`"SamAccountName`",`"mail`"`r`n`"a`",`"a@x.com`r`n"; Message = 'line 2' }
        @{ Name = 'one page of a Graph result'; Id = 'PartialGraphPage'; Text = '{"value":[{"id":"c1","userPrincipalName":"a@contoso.com"}],"@odata.nextLink":"https://graph.microsoft.com/v1.0/users?$skiptoken=x"}'; Message = 'nextLink' }
    ) {
        $path = Write-Bytes 'bad.csv' $utf8.GetBytes($Text)
        $read = Import-DirectoryExport -LiteralPath $path -ErrorVariable failed -ErrorAction SilentlyContinue
        $read | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $failed[0].Exception.Message | Should -Match ([regex]::Escape($Message))
        $failed[0].Exception.Message | Should -Match ([regex]::Escape($path))
    }

    It 'reads one Graph page when told it is one, with a warning' {
        $path = Write-Bytes 'page.json' $utf8.GetBytes('{"value":[{"id":"c1","userPrincipalName":"a@contoso.com"}],"@odata.nextLink":"x"}')
        $read = Import-DirectoryExport -LiteralPath $path -AllowPartialGraphPage -WarningVariable warned -WarningAction SilentlyContinue
        $read.RowCount | Should -Be 1
        ($warned.Message -join ' ') | Should -Match 'other pages are missing'
    }

    It 'refuses a UTF-16 export cut at an odd byte' {
        $bytes = [Text.Encoding]::Unicode.GetPreamble() + [Text.Encoding]::Unicode.GetBytes("`"SamAccountName`"`r`n`"a`"`r`n")
        $path = Write-Bytes 'cut16.csv' $bytes[0..($bytes.Length - 2)]
        $null = Import-DirectoryExport -LiteralPath $path -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ExportEncoding,*'
        $failed[0].Exception.Message | Should -Match 'half a character'
    }

    It 'says a directory is a directory, and never waits on a FIFO nor reads /dev/zero' {
        $null = Import-DirectoryExport -LiteralPath $TestDrive -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ExportNotAFile,*'
        $failed[0].Exception.Message | Should -Match 'directory'
        $null = Import-DirectoryExport -LiteralPath /dev/zero -ErrorVariable failed -ErrorAction SilentlyContinue
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'ExportNotAFile,*'
        $fifo = Join-Path $TestDrive 'pipe.csv'
        & mkfifo $fifo
        $job = Start-ThreadJob { param($m, $p) Import-Module $m; Import-DirectoryExport -LiteralPath $p -ErrorAction SilentlyContinue -ErrorVariable e; $e.FullyQualifiedErrorId } -ArgumentList $ModuleManifest, $fifo
        $done = Wait-Job $job -Timeout 30
        $done | Should -Not -BeNullOrEmpty -Because 'a FIFO with no writer must not hang the reader'
        (Receive-Job $job) | Should -BeLike 'ExportNotAFile,*'
    }

    It 'reads users[1].csv by -LiteralPath, and a ;-separated export from European Excel (Export-Csv -UseCulture) as it reads a , one' {
        $rows = @([pscustomobject]@{ SamAccountName = 'ann'; DisplayName = 'Smith, Ann'; mail = 'ann@contoso.com' })
        $comma = Join-Path $TestDrive 'users[1].csv'
        $rows | Export-Csv -LiteralPath $comma -NoTypeInformation
        $semi = Join-Path $TestDrive 'semi.csv'
        $rows | Export-Csv -LiteralPath $semi -NoTypeInformation -Delimiter ';'
        $a = Import-DirectoryExport -LiteralPath $comma | Test-SyncReadiness -WarningAction SilentlyContinue
        $b = Import-DirectoryExport -LiteralPath $semi | Test-SyncReadiness -WarningAction SilentlyContinue
        @($b).Count | Should -Be @($a).Count
        (Import-DirectoryExport -LiteralPath $semi).Columns | Should -Be (Import-DirectoryExport -LiteralPath $comma).Columns
        $tab = Join-Path $TestDrive 'tab.csv'
        $rows | Export-Csv -LiteralPath $tab -NoTypeInformation -Delimiter "`t"
        (Import-DirectoryExport -LiteralPath $tab -Delimiter "`t").RowCount | Should -Be 1
    }
}

Describe 'Reading back what SyncMatch writes, in any culture (issue 22)' {
    It 'plans hardmatch-candidates.csv again after Excel saved it in a culture whose list separator is ; (Export-Csv -UseCulture)' {
        $examples = Join-Path $PSScriptRoot '../../examples'
        $ad = Import-DirectoryExport (Join-Path $examples 'ad-users.csv')
        $cloud = Import-DirectoryExport (Join-Path $examples 'cloud-users.csv')
        $plan = Import-Csv (Join-Path $examples 'users.csv') | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $written = Join-Path $TestDrive 'candidates.csv'
        $plan | Export-SyncMatchCsv -LiteralPath $written
        # Opened and saved by Excel on a German system: the same rows, ; between the fields.
        $german = Join-Path $TestDrive 'candidates-de.csv'
        $culture = [Globalization.CultureInfo]::CurrentCulture
        try {
            [Globalization.CultureInfo]::CurrentCulture = 'de-DE'
            Import-Csv -LiteralPath $written | Export-Csv -LiteralPath $german -UseCulture -NoTypeInformation
        } finally { [Globalization.CultureInfo]::CurrentCulture = $culture }
        (Get-Content -LiteralPath $german -First 1) | Should -Match '";"'
        $again = Import-DirectoryExport -LiteralPath $german | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $asWritten = Import-DirectoryExport -LiteralPath $written | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
        $key = { "$($_.Identity)|$($_.Action)|$($_.Reason)|$($_.ImmutableId)" }
        @($again | ForEach-Object $key) | Should -Be @($asWritten | ForEach-Object $key)
        # Every row that names its user plans as it first did.
        @($again | Where-Object SamAccountName | ForEach-Object $key) | Should -Be @($plan | Where-Object SamAccountName | ForEach-Object $key)
    }
}

Describe 'Export-SyncMatchCsv takes the switches scripts pass to Export-Csv (issue 23)' {
    It 'writes ; with -UseCulture on a German system and -Delimiter, and SyncMatch reads it back' {
        $rows = @([pscustomobject]@{ SamAccountName = 'ann'; DisplayName = 'Smith, Ann'; mail = 'ann@contoso.com' })
        $german = Join-Path $TestDrive 'de.csv'
        $culture = [Globalization.CultureInfo]::CurrentCulture
        try {
            [Globalization.CultureInfo]::CurrentCulture = 'de-DE'
            $rows | Export-SyncMatchCsv -LiteralPath $german -UseCulture -NoTypeInformation
        } finally { [Globalization.CultureInfo]::CurrentCulture = $culture }
        (Get-Content -LiteralPath $german -First 1) | Should -Be '"SamAccountName";"DisplayName";"mail"'
        (Import-Csv -LiteralPath $german -Delimiter ';').DisplayName | Should -Be 'Smith, Ann'
        $read = Import-DirectoryExport -LiteralPath $german
        $read.Columns | Should -Contain 'DisplayName'
        $tab = Join-Path $TestDrive 'tab.csv'
        $rows | Export-SyncMatchCsv -LiteralPath $tab -Delimiter "`t"
        (Import-DirectoryExport -LiteralPath $tab -Delimiter "`t").RowCount | Should -Be 1
    }

    It 'appends under the same header, refuses other columns, and writes UTF-8 with or without a BOM' {
        $path = Join-Path $TestDrive 'append.csv'
        [pscustomobject]@{ A = '1'; B = '2' } | Export-SyncMatchCsv -LiteralPath $path -Encoding utf8NoBOM
        [IO.File]::ReadAllBytes($path)[0] | Should -Be ([byte][char]'"') -Because 'no BOM'
        [pscustomobject]@{ A = '3'; B = '4' } | Export-SyncMatchCsv -LiteralPath $path -Append
        (Import-Csv -LiteralPath $path).A | Should -Be '1', '3'
        @(Get-Content -LiteralPath $path | Where-Object { $_ -like '"A"*' }).Count | Should -Be 1
        { [pscustomobject]@{ C = '5' } | Export-SyncMatchCsv -LiteralPath $path -Append } | Should -Throw -ErrorId 'AppendColumnsDiffer,*'
        (Import-Csv -LiteralPath $path).A | Should -Be '1', '3' -Because 'nothing was written'
        { [pscustomobject]@{ A = '1' } | Export-SyncMatchCsv -LiteralPath $path -Encoding unicode } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }
}
