# Shared by the Pester files: where the built module is, and sample users shaped like real output.
$script:ModuleManifest = if ($env:SYNCMATCH_MODULE) { $env:SYNCMATCH_MODULE } else { Join-Path $PSScriptRoot '../../out/SyncMatch/SyncMatch.psd1' }

# The example from the .NET Guid.ToByteArray documentation, in every spelling (docs/model.md, Source anchor).
$script:Known = @{
    Guid        = [guid]'35918bc9-196d-40ea-9779-889d79b753f0'
    ImmutableId = 'yYuRNW0Z6kCXeYidebdT8A=='
    Bytes       = [byte[]](0xC9, 0x8B, 0x91, 0x35, 0x6D, 0x19, 0xEA, 0x40, 0x97, 0x79, 0x88, 0x9D, 0x79, 0xB7, 0x53, 0xF0)
    OctetString = 'C9 8B 91 35 6D 19 EA 40 97 79 88 9D 79 B7 53 F0'
    LdapFilter  = '\C9\8B\91\35\6D\19\EA\40\97\79\88\9D\79\B7\53\F0'
    ConnectorDn = 'CN={795975524E57305A366B4358655969646562645438413D3D}'
}

function New-ADUserObject {
    # What Get-ADUser -Properties mS-DS-ConsistencyGuid returns, as far as SyncMatch reads it.
    param([guid] $ObjectGuid = [guid]::NewGuid(), [byte[]] $ConsistencyGuid, [string] $Sam = 'jdoe')
    $user = [pscustomobject]@{
        PSTypeName          = 'Microsoft.ActiveDirectory.Management.ADUser'
        DistinguishedName   = "CN=$Sam,OU=Users,DC=contoso,DC=com"
        ObjectGUID          = $ObjectGuid
        SamAccountName      = $Sam
        UserPrincipalName   = "$Sam@contoso.com"
    }
    if ($PSBoundParameters.ContainsKey('ConsistencyGuid')) {
        $user | Add-Member -NotePropertyName 'mS-DS-ConsistencyGuid' -NotePropertyValue $ConsistencyGuid
    }
    $user
}

function Get-ReferenceImmutableId([guid] $Guid) {
    # The definition, computed independently of SyncMatch.
    [Convert]::ToBase64String($Guid.ToByteArray())
}

function Invoke-ChildPwsh {
    # Runs a command in a fresh pwsh -NoProfile (the same PowerShell as this one); returns its output lines.
    param([string] $Command, [string] $WorkingDirectory = [IO.Path]::GetTempPath())
    $process = [Environment]::ProcessPath
    [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
    Push-Location $WorkingDirectory
    try { & $process @prefix -NoProfile -NonInteractive -Command $Command 2>&1 | ForEach-Object { "$_" } }
    finally { Pop-Location }
}

function New-MgUser {
    # Get-MgUser -Property Id, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId, OnPremisesSyncEnabled, DisplayName
    param([string] $Upn, [string[]] $Proxy = @("SMTP:$Upn"), [string] $ImmutableId, $SyncEnabled,
        [string] $TypeName = 'Microsoft.Graph.PowerShell.Models.MicrosoftGraphUser', [hashtable] $Extra = @{})
    $user = [ordered]@{
        PSTypeName            = $TypeName
        Id                    = [guid]::NewGuid().ToString()
        UserPrincipalName     = $Upn
        Mail                  = ($Proxy | Where-Object { $_ -cmatch '^SMTP:' } | Select-Object -First 1) -replace '^SMTP:', ''
        ProxyAddresses        = [string[]]$Proxy
        OnPremisesImmutableId = $ImmutableId
        OnPremisesSyncEnabled = $SyncEnabled
        DisplayName           = ($Upn -split '@')[0]
    }
    foreach ($key in $Extra.Keys) { $user[$key] = $Extra[$key] }
    [pscustomobject]$user
}
