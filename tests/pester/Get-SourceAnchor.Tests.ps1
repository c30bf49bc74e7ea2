BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force

    function Assert-KnownAnchor($Anchor) {
        $Anchor.PSObject.TypeNames[0] | Should -Be 'SyncMatch.SourceAnchor'
        $Anchor.Guid | Should -Be $Known.Guid
        $Anchor.ImmutableId | Should -BeExactly $Known.ImmutableId
        $Anchor.Bytes | Should -Be $Known.Bytes
        $Anchor.OctetString | Should -BeExactly $Known.OctetString
        $Anchor.LdapFilter | Should -BeExactly $Known.LdapFilter
        $Anchor.ConnectorDn | Should -BeExactly $Known.ConnectorDn
    }
}

Describe 'Get-SourceAnchor' {
    It 'recognizes <ReadAs> and returns every spelling' -ForEach @(
        @{ Text = '35918bc9-196d-40ea-9779-889d79b753f0'; ReadAs = 'Guid' }
        @{ Text = '{35918BC9-196D-40EA-9779-889D79B753F0}'; ReadAs = 'Guid' }
        @{ Text = 'yYuRNW0Z6kCXeYidebdT8A=='; ReadAs = 'ImmutableId' }
        @{ Text = 'C9 8B 91 35 6D 19 EA 40 97 79 88 9D 79 B7 53 F0'; ReadAs = 'OctetString' }
        @{ Text = 'c9-8b-91-35-6d-19-ea-40-97-79-88-9d-79-b7-53-f0'; ReadAs = 'OctetString' }
        @{ Text = '\C9\8B\91\35\6D\19\EA\40\97\79\88\9D\79\B7\53\F0'; ReadAs = 'LdapFilter' }
        @{ Text = 'CN={795975524E57305A366B4358655969646562645438413D3D}'; ReadAs = 'ConnectorDn' }
    ) {
        $anchor = Get-SourceAnchor $Text
        Assert-KnownAnchor $anchor
        $anchor.ReadAs | Should -Be $ReadAs
    }

    It 'takes [guid], byte[] and directory users' {
        Assert-KnownAnchor (Get-SourceAnchor $Known.Guid)
        Assert-KnownAnchor (Get-SourceAnchor -InputObject $Known.Bytes)
        Assert-KnownAnchor (New-ADUserObject -ObjectGuid $Known.Guid | Get-SourceAnchor)
        (Get-SourceAnchor $Known.Guid).ReadAs | Should -Be 'Bytes'
    }

    It 'reads a bare 32-hex-digit string as GUID format N, like [guid]' {
        $storageOrder = ($Known.Bytes | ForEach-Object { $_.ToString('X2') }) -join ''
        (Get-SourceAnchor $storageOrder).Guid | Should -Be ([guid]$storageOrder)
        (Get-SourceAnchor $storageOrder).Guid | Should -Not -Be $Known.Guid
    }

    It '-From OctetString reads unseparated hex in storage order' {
        $storageOrder = ($Known.Bytes | ForEach-Object { $_.ToString('X2') }) -join ''
        Assert-KnownAnchor (Get-SourceAnchor $storageOrder -From OctetString)
    }

    It '-From forces the spelling: a GUID is not an immutableId' {
        "$($Known.Guid)" | Get-SourceAnchor -From ImmutableId -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidImmutableId,*'
    }

    It 'rejects an unknown -From value' {
        { Get-SourceAnchor $Known.ImmutableId -From Base32 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,SyncMatch.Commands.GetSourceAnchorCommand'
    }

    It 'gives one object or one error per input with a stable id' {
        $inputs = @(
            $Known.ConnectorDn
            'CN={ZZ}'
            '\C9\8B'
            'C9 8B 91'
            'j.doe@contoso.com'
            'CN={51513D3D}'
            $Known.LdapFilter
        )
        $out = $inputs | Get-SourceAnchor -ErrorVariable errors -ErrorAction SilentlyContinue
        $out.Count | Should -Be 2
        $errors.FullyQualifiedErrorId | ForEach-Object { ($_ -split ',')[0] } |
            Should -Be @('InvalidConnectorDn', 'InvalidLdapFilter', 'InvalidOctetString', 'UnrecognizedSourceAnchor', 'ImmutableIdNotGuid')
        foreach ($error in $errors) { $error.Exception.Message | Should -Match ([regex]::Escape([string]$error.TargetObject)) }
    }

    It 'says which attribute a user''s anchor came from: mS-DS-ConsistencyGuid when populated, else objectGUID (issue 23)' {
        # docs/model.md, Source anchor: Entra Connect reads mS-DS-ConsistencyGuid when it is
        # populated, objectGUID otherwise.
        $stamped = New-ADUserObject -ObjectGuid ([guid]::NewGuid()) -ConsistencyGuid $Known.Bytes
        $anchor = $stamped | Get-SourceAnchor
        Assert-KnownAnchor $anchor
        $anchor.ReadFrom | Should -Be 'ConsistencyGuid'
        ($stamped | Get-SourceAnchor -SourceAnchorAttribute ObjectGuid).ReadFrom | Should -Be 'ObjectGuid'
        (New-ADUserObject -ObjectGuid $Known.Guid | Get-SourceAnchor).ReadFrom | Should -Be 'ObjectGuid'
        (New-ADUserObject -ObjectGuid $Known.Guid -ConsistencyGuid @() | Get-SourceAnchor).ReadFrom | Should -Be 'ObjectGuid'
        (Get-SourceAnchor $Known.ImmutableId).ReadFrom | Should -Be 'Value'
        (Get-SourceAnchor $Known.ImmutableId | Out-String) | Should -Match 'ReadFrom\s*:\s*Value'
    }

    It 'says where each row''s anchor of an export came from' {
        $path = Join-Path $TestDrive 'anchors.csv'
        @(
            [pscustomobject]@{ SamAccountName = 'a'; ObjectGUID = $Known.Guid; 'mS-DS-ConsistencyGuid' = '' }
            [pscustomobject]@{ SamAccountName = 'b'; ObjectGUID = [guid]::NewGuid(); 'mS-DS-ConsistencyGuid' = $Known.ImmutableId }
        ) | Export-Csv -LiteralPath $path
        $anchors = @(Import-DirectoryExport -LiteralPath $path | Get-SourceAnchor)
        $anchors.ReadFrom | Should -Be @('ObjectGuid', 'ConsistencyGuid')
        $anchors.ImmutableId | Should -Be @($Known.ImmutableId, $Known.ImmutableId)
    }

    It 'shows a list view' {
        $text = Get-SourceAnchor $Known.ImmutableId | Out-String
        $text | Should -Match 'ConnectorDn\s*:\s*CN=\{7959'
    }
}
