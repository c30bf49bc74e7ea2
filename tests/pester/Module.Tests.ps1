BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $exportedCmdlets = (Import-PowerShellDataFile $ModuleManifest).CmdletsToExport
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $module = Import-Module $ModuleManifest -Force -PassThru
    $moduleFolder = Split-Path $ModuleManifest
    $cargoVersion = (Select-String -Path (Join-Path $PSScriptRoot '../../Cargo.toml') -Pattern '^version\s*=\s*"([^"]+)"').Matches[0].Groups[1].Value
}

Describe 'SyncMatch module' {
    It 'has the version of Cargo.toml' {
        $module.Version | Should -Be ([version]$cargoVersion)
        (Get-Item (Join-Path $moduleFolder 'SyncMatch.dll')).VersionInfo.ProductVersion | Should -Be $cargoVersion
    }

    It 'exports exactly the cmdlets its manifest lists' {
        $manifest = Import-PowerShellDataFile $ModuleManifest
        $manifest.CmdletsToExport | Should -Not -Contain '*'
        (Get-Command -Module SyncMatch).Name | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
        $manifest.FunctionsToExport | Should -HaveCount 0
        $manifest.CompatiblePSEditions | Should -Be @('Core')
    }

    It 'uses approved verbs only' {
        $approved = (Get-Verb).Verb
        foreach ($command in Get-Command -Module SyncMatch) { $approved | Should -Contain $command.Verb }
    }

    It 'ships the native library under runtimes/RID/native, named apart from SyncMatch.dll' {
        $native = @(Get-ChildItem (Join-Path $moduleFolder 'runtimes') -File -Recurse)
        $native.Directory.Name | Should -Be 'native'
        $native.Count | Should -Be 1
        $native[0].BaseName | Should -Not -Be 'SyncMatch'
        $native[0].Name | Should -Match 'syncmatch_native'
    }

    It 'loads its native library whatever the current folder' {
        $output = Invoke-ChildPwsh -WorkingDirectory ([IO.Path]::GetTempPath()) -Command "Import-Module '$ModuleManifest'; '$($Known.Guid)' | ConvertTo-ImmutableId"
        $output | Should -Contain $Known.ImmutableId
    }

    It 'fails with a terminating NativeLibraryUnavailable error that names the file when the native library is missing' {
        $copy = Join-Path $TestDrive 'SyncMatch'
        Copy-Item $moduleFolder $copy -Recurse
        Remove-Item (Join-Path $copy 'runtimes') -Recurse
        $output = Invoke-ChildPwsh -Command "Import-Module '$copy/SyncMatch.psd1'; try { 'x' | ConvertTo-ImmutableId -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }"
        $output[0] | Should -BeLike 'NativeLibraryUnavailable,*'
        $output[1] | Should -Match 'libsyncmatch_native|syncmatch_native\.dll'
    }

    Context 'help' {
        It '<_> has a synopsis, described parameters and examples' -ForEach $exportedCmdlets {
            $Name = $_
            $Command = Get-Command $Name
            $help = Get-Help $Name -Full
            # Without help, PowerShell makes the synopsis from the syntax, which starts with the name.
            $help.Synopsis | Should -Not -BeLike "$Name*"
            $help.Synopsis.Length | Should -BeGreaterThan 20
            @($help.Examples.Example).Count | Should -BeGreaterThan 0
            # -WhatIf and -Confirm are described with the common parameters, as for PowerShell's own cmdlets.
            $common = [System.Management.Automation.Internal.CommonParameters].GetProperties().Name +
                [System.Management.Automation.Internal.ShouldProcessParameters].GetProperties().Name
            foreach ($parameter in $Command.Parameters.Keys | Where-Object { $_ -notin $common }) {
                $described = $help.Parameters.Parameter | Where-Object Name -eq $parameter
                ($described.Description.Text -join ' ').Length | Should -BeGreaterThan 10 -Because "-$parameter needs a description"
            }
        }

        It '<_> shows [-WhatIf] [-Confirm] in SYNTAX exactly when it supports them, as PowerShell''s own cmdlets do (issue 23)' -ForEach $exportedCmdlets {
            $supports = (Get-Command $_).Parameters.ContainsKey('WhatIf')
            $syntax = (Get-Help $_).Syntax | Out-String -Width 400
            if ($supports) {
                $syntax | Should -Match '\[-WhatIf\]'
                $syntax | Should -Match '\[-Confirm\]'
                ((Get-Help $_ -Parameter WhatIf).Description.Text -join ' ') | Should -Match 'not run'
            } else {
                $syntax | Should -Not -Match 'WhatIf'
            }
            $syntax | Should -Match 'CommonParameters'
        }

        It 'has no HelpInfoURI (Update-Help has nothing to fail on), says where the newest help is, and ships the model and the example mapping file the help points to' {
            (Test-ModuleManifest $ModuleManifest).HelpInfoUri | Should -BeNullOrEmpty
            $about = Get-Help about_SyncMatch | Out-String
            $about | Should -Match 'Update-PSResource SyncMatch'
            (Get-Help about_SyncMatch_Model | Out-String) | Should -Match 'The model as implemented'
            (Get-Help Test-SoftMatch -Full | Out-String) | Should -Match 'about_SyncMatch_Model'
            Test-Path (Join-Path $moduleFolder 'examples/users.csv') | Should -BeTrue
        }

        It 'Get-Help -Examples shows the examples' {
            (Get-Help ConvertTo-ImmutableId -Examples | Out-String) | Should -Match 'Update-MgUser'
        }
    }
}

Describe 'A function of the same name in the session (PSSharedGoods exports ConvertTo-ImmutableID; issue 23)' {
    It 'is shadowed by SyncMatch\ConvertTo-ImmutableId, as the README says' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                    param($Manifest)
                    Import-Module $Manifest
                    function ConvertTo-ImmutableID { 'another module' }
                    ConvertTo-ImmutableId -InputObject ([guid]'35918bc9-196d-40ea-9779-889d79b753f0')
                    SyncMatch\ConvertTo-ImmutableId -InputObject ([guid]'35918bc9-196d-40ea-9779-889d79b753f0')
                }).AddArgument($ModuleManifest)
            $out = $shell.Invoke()
            $out[0] | Should -Be 'another module' -Because 'functions come before cmdlets (about_Command_Precedence)'
            $out[1] | Should -Be 'yYuRNW0Z6kCXeYidebdT8A=='
        } finally { $shell.Dispose() }
    }
}
