BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force
}

Describe 'ConvertFrom-ProxyAddress' {
    It 'keeps Address exactly as written, an X.400 value''s closing semicolon too (issue 7)' {
        $parsed = 'X400:C=US;A= ;P=Contoso;O=Exchange;S=Doe;' | ConvertFrom-ProxyAddress
        $parsed.Address | Should -BeExactly 'C=US;A= ;P=Contoso;O=Exchange;S=Doe;'
        $parsed.IsValid | Should -BeTrue
    }

    It 'parses a primary SMTP address' {
        $parsed = 'SMTP:Jane.Doe@Contoso.com' | ConvertFrom-ProxyAddress
        $parsed.PSObject.TypeNames[0] | Should -Be 'SyncMatch.ProxyAddress'
        $parsed.Type | Should -Be 'SMTP'
        $parsed.Prefix | Should -BeExactly 'SMTP'
        $parsed.IsPrimary | Should -BeTrue
        $parsed.Address | Should -BeExactly 'Jane.Doe@Contoso.com'
        $parsed.Key | Should -BeExactly 'jane.doe@contoso.com'
        $parsed.IsValid | Should -BeTrue
        $parsed.Problems | Should -BeNullOrEmpty
    }

    It 'knows the types <Type>' -ForEach @(
        @{ Value = 'smtp:jane@contoso.com'; Type = 'SMTP'; Primary = $false }
        @{ Value = 'X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=jane'; Type = 'X500'; Primary = $false }
        @{ Value = 'X400:C=US;A= ;P=Contoso;O=Exchange;S=Doe;'; Type = 'X400'; Primary = $false }
        @{ Value = 'SIP:jane@contoso.com'; Type = 'SIP'; Primary = $false }
        @{ Value = 'eum:1234;phone-context=dp.contoso.com'; Type = 'EUM'; Primary = $false }
        @{ Value = 'jane@contoso.com'; Type = 'SMTP'; Primary = $false }
    ) {
        $parsed = ConvertFrom-ProxyAddress $Value
        $parsed.Type | Should -Be $Type
        $parsed.IsPrimary | Should -Be $Primary
    }

    It 'splits ;-joined CSV cells but not inside an X.400 address' {
        $parsed = ConvertFrom-ProxyAddress 'SMTP:a@contoso.com;smtp:b@contoso.com;X400:C=US;A= ;P=Contoso;O=Exchange;S=Doe;;X500:/o=Org/cn=a'
        $parsed.Type | Should -Be @('SMTP', 'SMTP', 'X400', 'X500')
        $parsed[2].Address | Should -BeExactly 'C=US;A= ;P=Contoso;O=Exchange;S=Doe;'
    }

    It 'takes arrays and objects with a proxyAddresses property' {
        $user = [pscustomobject]@{ SamAccountName = 'jane'; proxyAddresses = [string[]]('SMTP:jane@contoso.com', 'smtp:j@contoso.com') }
        ($user | ConvertFrom-ProxyAddress | ForEach-Object Address) | Should -Be @('jane@contoso.com', 'j@contoso.com')
        (ConvertFrom-ProxyAddress @('SMTP:a@contoso.com', 'smtp:b@contoso.com')).Count | Should -Be 2
    }

    It 'lists the problems of an invalid value' {
        $parsed = 'smtp:ja ne@contoso.local' | ConvertFrom-ProxyAddress
        $parsed.IsValid | Should -BeFalse
        $parsed.Problems.Count | Should -Be 2
        ($parsed.Problems -join ' ') | Should -Match 'space'
        ($parsed.Problems -join ' ') | Should -Match 'routable'
    }

    It 'gives one error for an input holding no value, and goes on' {
        $out = @('', 'SMTP:a@contoso.com', $null) | ConvertFrom-ProxyAddress -ErrorVariable errors -ErrorAction SilentlyContinue
        $out.Count | Should -Be 1
        $errors.Count | Should -Be 2
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'BlankProxyAddress,*'
    }

    It 'uses the same key Test-SyncReadiness compares' {
        $keys = 'SMTP:Heidi.Hill@Contoso.com', 'smtp:heidi.hill@contoso.com' | ConvertFrom-ProxyAddress | ForEach-Object Key
        $keys[0] | Should -BeExactly $keys[1]
    }
}
