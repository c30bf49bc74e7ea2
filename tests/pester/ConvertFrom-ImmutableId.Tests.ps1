BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force
}

Describe 'ConvertFrom-ImmutableId' {
    It 'decodes the documented immutableId to its GUID' {
        $result = $Known.ImmutableId | ConvertFrom-ImmutableId
        $result | Should -BeOfType [guid]
        $result | Should -Be $Known.Guid
    }

    It 'round-trips with ConvertTo-ImmutableId' {
        $guids = 1..200 | ForEach-Object { [guid]::NewGuid() }
        $guids | ConvertTo-ImmutableId | ConvertFrom-ImmutableId | Should -Be $guids
    }

    It 'binds OnPremisesImmutableId from Get-MgUser-shaped objects' {
        [pscustomobject]@{ Id = [guid]::NewGuid(); UserPrincipalName = 'a@contoso.com'; OnPremisesImmutableId = $Known.ImmutableId } |
            ConvertFrom-ImmutableId | Should -Be $Known.Guid
    }

    It 'binds ImmutableId from Get-MsolUser-shaped objects' {
        [pscustomobject]@{ ObjectId = [guid]::NewGuid(); UserPrincipalName = 'a@contoso.com'; ImmutableId = $Known.ImmutableId } |
            ConvertFrom-ImmutableId | Should -Be $Known.Guid
    }

    It 'is case-sensitive: another case is another anchor' {
        'YYuRNW0Z6kCXeYidebdT8A==' | ConvertFrom-ImmutableId | Should -Not -Be $Known.Guid
    }

    It 'reports a custom anchor with its decoded length' {
        $out = 'RU1QMDAxMjM0' | ConvertFrom-ImmutableId -ErrorVariable errors -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ImmutableIdNotGuid,*'
        $errors[0].Exception.Message | Should -Match '9 bytes'
        $errors[0].TargetObject | Should -Be 'RU1QMDAxMjM0'
    }

    It 'says when the text is not Base64' {
        'yYuRNW0Z6kCXeYi-ebdT8A==' | ConvertFrom-ImmutableId -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidImmutableId,*'
        $errors[0].Exception.Message | Should -Match 'URL-safe'
    }

    It 'does not read a GUID as an immutableId' {
        "$($Known.Guid)" | ConvertFrom-ImmutableId -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidImmutableId,*'
    }

    It 'gives an error for a cloud user without an immutableId and goes on' {
        $users = @(
            [pscustomobject]@{ OnPremisesImmutableId = $null }
            [pscustomobject]@{ OnPremisesImmutableId = $Known.ImmutableId }
            [pscustomobject]@{ OnPremisesImmutableId = '' }
        )
        $out = $users | ConvertFrom-ImmutableId -ErrorVariable errors -ErrorAction SilentlyContinue
        $out | Should -Be @($Known.Guid)
        $errors.Count | Should -Be 2
        $errors.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] } | Should -Be @('EmptySourceAnchor', 'EmptySourceAnchor')
    }

    It 'takes an array as its positional argument' {
        ConvertFrom-ImmutableId @($Known.ImmutableId, $Known.ImmutableId) | Should -Be @($Known.Guid, $Known.Guid)
    }
}

Describe 'ConvertFrom-ImmutableId -PassThru' {
    It 'returns the cloud users piped in, each with the ObjectGuid its immutableId stands for' {
        $users = @(
            [pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'ann@contoso.com'; OnPremisesImmutableId = 'yYuRNW0Z6kCXeYidebdT8A==' }
            [pscustomobject]@{ Id = 'c2'; UserPrincipalName = 'bob@contoso.com'; OnPremisesImmutableId = 'RTEwMDE=' }
        )
        $out = @($users | ConvertFrom-ImmutableId -PassThru -ErrorVariable errors -ErrorAction SilentlyContinue)
        $out.Count | Should -Be 1
        [object]::ReferenceEquals($out[0].PSObject.BaseObject, $users[0].PSObject.BaseObject) | Should -BeTrue
        $out[0].ObjectGuid | Should -Be ([guid]'35918bc9-196d-40ea-9779-889d79b753f0')
        $out[0].UserPrincipalName | Should -Be 'ann@contoso.com'
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'ImmutableIdNotGuid,*'
    }

    It 'makes an object of a bare immutableId' {
        $out = ConvertFrom-ImmutableId 'yYuRNW0Z6kCXeYidebdT8A==' -PassThru
        $out.ImmutableId | Should -Be 'yYuRNW0Z6kCXeYidebdT8A=='
        $out.ObjectGuid | Should -Be ([guid]'35918bc9-196d-40ea-9779-889d79b753f0')
    }
}
