# The Gallery package (build.ps1 -Task Package, run by the test task before these tests): the
# native library's place on every platform, and the package installed by name through
# PSResourceGet from a temporary local repository, in a fresh process.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-Module $ModuleManifest -Force
    $package = Join-Path $PSScriptRoot '../../out/package/SyncMatch'
    $loader = (Get-Module SyncMatch).ImplementingAssembly.GetType('SyncMatch.Native.NativeLibraryLoader')
    $relative = $loader.GetMethod('RelativeLibraryPath', [Reflection.BindingFlags]'NonPublic, Static')
}

Describe 'The native library on every platform' {
    It 'is <Expected> on <Os> <Architecture>' -ForEach @(
        @{ Os = 'Windows'; Architecture = 'X64'; Expected = 'runtimes/win-x64/native/syncmatch_native.dll' }
        @{ Os = 'Windows'; Architecture = 'Arm64'; Expected = 'runtimes/win-arm64/native/syncmatch_native.dll' }
        @{ Os = 'Linux'; Architecture = 'X64'; Expected = 'runtimes/linux-x64/native/libsyncmatch_native.so' }
        @{ Os = 'Linux'; Architecture = 'Arm64'; Expected = 'runtimes/linux-arm64/native/libsyncmatch_native.so' }
        @{ Os = 'OSX'; Architecture = 'X64'; Expected = 'runtimes/osx-x64/native/libsyncmatch_native.dylib' }
        @{ Os = 'OSX'; Architecture = 'Arm64'; Expected = 'runtimes/osx-arm64/native/libsyncmatch_native.dylib' }
    ) {
        $platform = [Runtime.InteropServices.OSPlatform]::$Os
        $path = $relative.Invoke($null, @($platform, [Runtime.InteropServices.Architecture]::$Architecture))
        $path -replace '\\', '/' | Should -Be $Expected
    }

    It 'has none on an architecture no release builds (x86), and says which there are' {
        $relative.Invoke($null, @([Runtime.InteropServices.OSPlatform]::Windows, [Runtime.InteropServices.Architecture]::X86)) | Should -BeNullOrEmpty
        $loader.GetField('SupportedRuntimes', [Reflection.BindingFlags]'NonPublic, Static').GetValue($null) |
            Should -Be @('win-x64', 'win-arm64', 'linux-x64', 'linux-arm64', 'osx-x64', 'osx-arm64')
    }

    It 'is where the loader looks, for every platform the package carries' {
        foreach ($runtime in Get-ChildItem (Join-Path $package 'runtimes') -Directory) {
            $os, $cpu = $runtime.Name -split '-', 2
            $platform = [Runtime.InteropServices.OSPlatform]::($(switch ($os) { 'win' { 'Windows' } 'osx' { 'OSX' } default { 'Linux' } }))
            $expected = $relative.Invoke($null, @($platform, [Runtime.InteropServices.Architecture]::($cpu -replace 'x64', 'X64' -replace 'arm64', 'Arm64')))
            Test-Path (Join-Path $package $expected) | Should -BeTrue -Because "$($runtime.Name) holds its library where the loader looks"
        }
    }
}

Describe 'The Gallery package' {
    It 'has a manifest the Gallery takes: editions, version, tags, licence, release notes, explicit exports' {
        $manifest = Test-ModuleManifest (Join-Path $package 'SyncMatch.psd1')
        $manifest.CompatiblePSEditions | Should -Be 'Core'
        $manifest.PowerShellVersion | Should -Be ([version]'7.6') -Because 'PowerShell 7.4 and .NET 8 left support on 10 November 2026 (PowerShell Support Lifecycle)'
        $manifest.Tags | Should -Contain 'EntraID'
        $manifest.LicenseUri | Should -Not -BeNullOrEmpty
        $manifest.ReleaseNotes | Should -Not -BeNullOrEmpty
        $manifest.ExportedCmdlets.Keys | Should -Contain 'Invoke-SyncAssessment'
        $manifest.ExportedFunctions.Count | Should -Be 0
        Test-Path (Join-Path $package 'LICENSE') | Should -BeTrue
        Test-Path (Join-Path $package 'en-US/about_SyncMatch.help.txt') | Should -BeTrue
        Test-Path (Join-Path $package 'en-US/SyncMatch.dll-Help.xml') | Should -BeTrue
        # What the help points to: the model as an about topic, the example mapping file (issue 23).
        Test-Path (Join-Path $package 'en-US/about_SyncMatch_Model.help.txt') | Should -BeTrue
        Test-Path (Join-Path $package 'examples/users.csv') | Should -BeTrue
        $manifest.HelpInfoUri | Should -BeNullOrEmpty
    }

    It 'publishes to a local repository, saves from it, and imports by name in a fresh process' {
        $feed = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'feed')
        $modules = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'modules')
        $repository = "SyncMatchTest$PID"
        Register-PSResourceRepository -Name $repository -Uri $feed.FullName -Trusted
        try {
            Publish-PSResource -Path $package -Repository $repository
            Save-PSResource -Name SyncMatch -Repository $repository -Path $modules.FullName -TrustRepository
        } finally {
            Unregister-PSResourceRepository -Name $repository
        }
        Get-PSResourceRepository -Name $repository -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $check = @'
$ErrorActionPreference = 'Stop'
Import-Module SyncMatch
$id = ConvertTo-ImmutableId -Guid '35918bc9-196d-40ea-9779-889d79b753f0'
$match = [pscustomobject]@{ SamAccountName = 'ann'; UserPrincipalName = 'ann@contoso.com'; mail = 'ann@contoso.com'; ObjectGUID = [guid]'35918bc9-196d-40ea-9779-889d79b753f0' } |
    Test-SoftMatch -CloudUser ([pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'ann@contoso.com'; Mail = 'ann@contoso.com'; ProxyAddresses = @('SMTP:ann@contoso.com'); OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }) -PrivilegedUser @() -WarningAction SilentlyContinue
$about = (Get-Help about_SyncMatch | Out-String) -match 'Invoke-SyncAssessment' -and (Get-Help about_SyncMatch_Matching | Out-String) -match 'Soft match on the primary SMTP address'
$examples = @((Get-Help Invoke-SyncAssessment -Examples).examples.example).Count
"$((Get-Module SyncMatch).ModuleBase)|$id|$($match.Reason)|$($match.CloudObjectId)|$about|$examples"
'@
        $process = [Environment]::ProcessPath
        [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
        $saved = $env:PSModulePath
        try {
            $env:PSModulePath = $modules.FullName
            $output = & $process @prefix -NoProfile -NonInteractive -Command $check
        } finally { $env:PSModulePath = $saved }
        $LASTEXITCODE | Should -Be 0
        $base, $id, $reason, $cloud, $about, $examples = ($output | Select-Object -Last 1) -split '\|'
        $about | Should -Be 'True' -Because 'the about topics install with the package'
        [int]$examples | Should -BeGreaterThan 0 -Because 'the cmdlet help installs with the package'
        $base | Should -BeLike "$($modules.FullName)*"
        $id | Should -Be 'yYuRNW0Z6kCXeYidebdT8A=='
        $reason | Should -Be 'SoftMatchSmtp'
        $cloud | Should -Be 'c1'
    }
}
