<#
.SYNOPSIS
    Builds, tests and runs SyncMatch.

.DESCRIPTION
    Tasks:
      Build    (default) cargo build --release, dotnet build, lay out out/SyncMatch/ with the
               manifest, formats, help and the native library under runtimes/<rid>/native/.
      Test     cargo fmt --check, clippy -D warnings, cargo test, header freshness, Build, the C
               harness (tests/c) under valgrind memcheck, then the Pester tests (the malformed-
               input corpus among them) against the built module in a child pwsh -NoProfile. The
               harness and the Pester panic test use a library built with the test-hooks feature
               (a panic on demand), never the release one.
      Example  Build, then the main job on the example data in examples/.
      Bench    Build, then the benchmarks in bench/ (prints tables; slow).
      Package  Build, then the Gallery-ready module in out/package/SyncMatch (every native
               library found in out/natives/<rid>/ beside this machine's).
      Header   Regenerates include/syncmatch.h with cbindgen from src/ffi/.
      Clean    Removes target/, out/ and the .NET build folders.

    Tools come from the project: PowerShell from the dotnet tool manifest (dotnet tool restore),
    Pester restored from NuGet through tests/tools/Tools.csproj, cbindgen installed into .tools/
    when the header check first needs it.

.PARAMETER CargoConfig
    A cargo --config file passed to every cargo call, e.g. ../shared/cargo/offline.toml for an
    offline build against vendored crates. Defaults to $env:SYNCMATCH_CARGO_CONFIG.

.EXAMPLE
    dotnet pwsh ./build.ps1 -Task Test -CargoConfig ../shared/cargo/offline.toml
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Example', 'Bench', 'Package', 'Header', 'Clean')]
    [string] $Task = 'Build',

    [string] $CargoConfig = $env:SYNCMATCH_CARGO_CONFIG
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$OutModule = Join-Path $Root 'out/SyncMatch'
$CbindgenVersion = '0.29.4'
$PesterVersion = '5.7.1'

# Simple functions (no param block) on purpose: '--release' and '-File' reach the program as
# written instead of being taken for this script's own parameters.
function Invoke-Tool {
    # Runs an external program and fails the build when it fails.
    $filePath, $arguments = $args
    $arguments = @($arguments | ForEach-Object { $_ })
    Write-Host "> $filePath $($arguments -join ' ')" -ForegroundColor DarkGray
    # To the host, never into the caller's return value.
    & $filePath @arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$filePath exited with code $LASTEXITCODE." }
}

function Invoke-ChildPwsh {
    # A fresh pwsh -NoProfile of the same PowerShell that runs this script (the dotnet tool or an installed one).
    $process = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        Invoke-Tool $process (Join-Path $PSHOME 'pwsh.dll') -NoProfile @args
    } else {
        Invoke-Tool $process -NoProfile @args
    }
}

function Get-CargoArgs {
    if ($CargoConfig) {
        if (-not (Test-Path $CargoConfig)) { throw "Cargo config '$CargoConfig' does not exist." }
        return @('--config', (Resolve-Path $CargoConfig).Path)
    }
    return @()
}

function Get-ProjectVersion {
    $match = Select-String -Path (Join-Path $Root 'Cargo.toml') -Pattern '^version\s*=\s*"([^"]+)"' | Select-Object -First 1
    if (-not $match) { throw 'No version in Cargo.toml.' }
    return $match.Matches[0].Groups[1].Value
}

function Get-RuntimeId {
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    $arch = [Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
    return "$os-$arch"
}

function Get-NativeFileName {
    if ($IsWindows) { 'syncmatch_native.dll' } elseif ($IsMacOS) { 'libsyncmatch_native.dylib' } else { 'libsyncmatch_native.so' }
}

function Get-Cbindgen {
    $exe = Join-Path $Root ".tools/bin/cbindgen$(if ($IsWindows) { '.exe' })"
    if (Test-Path $exe) {
        $installed = & $exe --version
        if ($installed -match [regex]::Escape($CbindgenVersion)) { return $exe }
    }
    Write-Host "Installing cbindgen $CbindgenVersion into .tools/ (about a minute, once)."
    Invoke-Tool cargo install cbindgen --version $CbindgenVersion --root (Join-Path $Root '.tools') @(Get-CargoArgs)
    return $exe
}

function Write-Header([string] $Path) {
    # One source file (cbindgen follows its `mod` declarations into src/ffi/), not the crate:
    # cbindgen then needs no `cargo metadata` (and no registry).
    Push-Location $Root
    try { Invoke-Tool (Get-Cbindgen) --config cbindgen.toml --lang c --quiet --output $Path src/ffi/mod.rs }
    finally { Pop-Location }
}

function Get-PesterManifest {
    $packages = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $manifest = Join-Path $packages.Trim() "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $manifest)) {
        Invoke-Tool dotnet restore (Join-Path $Root 'tests/tools/Tools.csproj')
    }
    if (-not (Test-Path $manifest)) { throw "Pester $PesterVersion was restored but $manifest is missing." }
    return $manifest
}

function Invoke-Build {
    $version = Get-ProjectVersion
    Push-Location $Root
    try {
        Invoke-Tool cargo build --release --locked @(Get-CargoArgs)
        Invoke-Tool dotnet build module/SyncMatch.csproj -c Release -warnaserror -nologo --verbosity quiet
    } finally { Pop-Location }

    if (Test-Path $OutModule) { Remove-Item $OutModule -Recurse -Force }
    $native = Join-Path $OutModule "runtimes/$(Get-RuntimeId)/native"
    $null = New-Item -ItemType Directory -Force -Path $native
    Copy-Item (Join-Path $Root 'module/bin/Release/net10.0/SyncMatch.dll') $OutModule
    # The .xlsx writer, loaded only when a workbook is written (module/src/Text/ExcelWorkbook.cs).
    Copy-Item (Join-Path $Root 'module/bin/Release/net10.0/MiniExcel.dll') $OutModule
    Copy-Item (Join-Path $Root 'module/SyncMatch.Format.ps1xml') $OutModule
    Copy-Item (Join-Path $Root "target/release/$(Get-NativeFileName)") $native
    $manifest = Get-Content -Raw (Join-Path $Root 'module/SyncMatch.psd1')
    $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion          = '$version'"
    Set-Content -Path (Join-Path $OutModule 'SyncMatch.psd1') -Value $manifest -NoNewline

    Invoke-ChildPwsh -File (Join-Path $Root 'tools/New-MamlHelp.ps1') `
        -ModuleManifest (Join-Path $OutModule 'SyncMatch.psd1') `
        -HelpSource (Join-Path $Root 'module/help') `
        -OutFile (Join-Path $OutModule 'en-US/SyncMatch.dll-Help.xml')
    Copy-Item (Join-Path $Root 'module/about/*.help.txt') (Join-Path $OutModule 'en-US')
    # The model with its sources, which the help points to, as an about topic (its Markdown is plain text).
    Copy-Item (Join-Path $Root 'docs/model.md') (Join-Path $OutModule 'en-US/about_SyncMatch_Model.help.txt')
    # The seed's mapping file, as New-HardMatchPlan's help names it: (Get-Module SyncMatch).ModuleBase/examples/users.csv.
    $null = New-Item -ItemType Directory -Force -Path (Join-Path $OutModule 'examples')
    Copy-Item (Join-Path $Root 'examples/users.csv') (Join-Path $OutModule 'examples')
    Write-Host "Built SyncMatch $version in $OutModule"
}

function Get-NativeFileNameFor([string] $RuntimeId) {
    # The file the OS loader expects on each platform (the module's NativeLibraryLoader maps the
    # same way; a test holds the two together).
    switch -Wildcard ($RuntimeId) {
        'win-*' { 'syncmatch_native.dll' }
        'osx-*' { 'libsyncmatch_native.dylib' }
        default { 'libsyncmatch_native.so' }
    }
}

function Invoke-Package {
    # The module as the PowerShell Gallery takes it: the build, the licence, and a native library
    # per platform: this machine's, and every other one found in out/natives/<rid>/ (the release
    # workflow downloads the other runners' builds there).
    Invoke-Build
    $package = Join-Path $Root 'out/package/SyncMatch'
    if (Test-Path $package) { Remove-Item $package -Recurse -Force }
    $null = New-Item -ItemType Directory -Force -Path $package
    Copy-Item (Join-Path $OutModule '*') $package -Recurse
    Copy-Item (Join-Path $Root 'LICENSE') $package
    $natives = Join-Path $Root 'out/natives'
    if (Test-Path $natives) {
        foreach ($runtime in Get-ChildItem $natives -Directory) {
            $file = Join-Path $runtime.FullName (Get-NativeFileNameFor $runtime.Name)
            if (-not (Test-Path $file)) { throw "out/natives/$($runtime.Name) has no $(Get-NativeFileNameFor $runtime.Name)." }
            $target = Join-Path $package "runtimes/$($runtime.Name)/native"
            $null = New-Item -ItemType Directory -Force -Path $target
            Copy-Item $file $target
        }
    }
    $manifest = Test-ModuleManifest (Join-Path $package 'SyncMatch.psd1')
    $runtimes = (Get-ChildItem (Join-Path $package 'runtimes') -Directory).Name -join ', '
    Write-Host "Packaged SyncMatch $($manifest.Version) in $package (native: $runtimes)"
}

function Get-TestHooksLibrary {
    # The library with the test-hooks feature (a panic on demand: src/schema/test_hooks.rs), for
    # the C harness and the Pester panic test; a debug build, apart from the release one.
    Push-Location $Root
    try { Invoke-Tool cargo build --locked --features test-hooks @(Get-CargoArgs) }
    finally { Pop-Location }
    return Join-Path $Root "target/debug/$(Get-NativeFileName)"
}

function Invoke-CHarness([string] $HooksLibrary) {
    # The C ABI from C, against the committed header, under valgrind memcheck: 0 errors, 0 leaks,
    # and nothing on stderr (the harness forces a panic through the test trigger).
    $outDir = Join-Path $Root 'out/c'
    $null = New-Item -ItemType Directory -Force -Path $outDir
    $harness = Join-Path $outDir 'harness'
    $library = Split-Path $HooksLibrary
    Invoke-Tool gcc -std=c11 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200112L -o $harness (Join-Path $Root 'tests/c/harness.c') "-L$library" -lsyncmatch_native "-Wl,-rpath,$library"
    $log = Join-Path $outDir 'valgrind.log'
    $stderr = Join-Path $outDir 'stderr.txt'
    Write-Host "> valgrind --leak-check=full --error-exitcode=1 $harness" -ForegroundColor DarkGray
    $suppressions = Join-Path $Root 'tests/c/valgrind.supp'
    & valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=1 "--suppressions=$suppressions" "--log-file=$log" $harness 2> $stderr | Out-Host
    $exit = $LASTEXITCODE
    Get-Content $log | Select-String 'ERROR SUMMARY|definitely lost|indirectly lost|possibly lost' | Out-Host
    if ($exit -ne 0) { throw "The C harness failed under valgrind (exit $exit); see $log." }
    if ((Get-Item $stderr).Length -gt 0) { throw "The C harness wrote to stderr: $(Get-Content -Raw $stderr)" }
}

function Invoke-Test {
    Push-Location $Root
    try {
        Invoke-Tool cargo fmt --check
        Invoke-Tool cargo clippy --all-targets --locked @(Get-CargoArgs) '--' -D warnings
        Invoke-Tool cargo clippy --all-targets --locked --features test-hooks @(Get-CargoArgs) '--' -D warnings
        Invoke-Tool cargo test --locked --features test-hooks @(Get-CargoArgs)

        $fresh = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-$PID.h"
        Write-Header $fresh
        $committed = Get-Content -Raw (Join-Path $Root 'include/syncmatch.h')
        $regenerated = Get-Content -Raw $fresh
        Remove-Item $fresh
        if ($committed -ne $regenerated) {
            throw 'include/syncmatch.h is stale: run ./build.ps1 -Task Header and commit the result.'
        }
        Write-Host 'include/syncmatch.h is up to date.'
    } finally { Pop-Location }

    # The package is what users install: the tests import the build and install the package.
    Invoke-Package
    $hooks = Get-TestHooksLibrary
    if ($IsLinux) { Invoke-CHarness $hooks } else { Write-Host 'The valgrind C harness runs on Linux only.' }
    # The Pester panic test loads the module with this library in place of the release one.
    $env:SYNCMATCH_TEST_HOOKS_LIBRARY = $hooks
    # The report's browser probe (PuppeteerSharp driving Chromium), run by the report's tests.
    Invoke-Tool dotnet build (Join-Path $Root 'tests/browser/ReportProbe.csproj') -c Release -warnaserror -nologo --verbosity quiet -o (Join-Path $Root 'out/browser')
    Invoke-ChildPwsh -File (Join-Path $Root 'tests/Invoke-PesterTests.ps1') `
        -PesterManifest (Get-PesterManifest) `
        -ModuleManifest (Join-Path $OutModule 'SyncMatch.psd1') `
        -TestPath (Join-Path $Root 'tests/pester')
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'Example' {
        Invoke-Build
        Invoke-ChildPwsh -File (Join-Path $Root 'examples/Invoke-Example.ps1') -ModuleManifest (Join-Path $OutModule 'SyncMatch.psd1')
    }
    'Bench' {
        Invoke-Build
        # The csv-crate floor of reading exports (bench/Measure-ExportSoftMatch.ps1).
        Push-Location $Root
        try { Invoke-Tool cargo build --release --locked --example csv_floor @(Get-CargoArgs) }
        finally { Pop-Location }
        foreach ($benchmark in Get-ChildItem (Join-Path $Root 'bench') -Filter 'Measure-*.ps1' | Sort-Object Name) {
            Invoke-ChildPwsh -File $benchmark.FullName -ModuleManifest (Join-Path $OutModule 'SyncMatch.psd1')
        }
    }
    'Package' { Invoke-Package }
    'Header' { Write-Header (Join-Path $Root 'include/syncmatch.h'); Write-Host 'Wrote include/syncmatch.h' }
    'Clean' {
        foreach ($folder in 'target', 'out', 'module/bin', 'module/obj', 'tests/tools/bin', 'tests/tools/obj') {
            $path = Join-Path $Root $folder
            if (Test-Path $path) { Remove-Item $path -Recurse -Force }
        }
    }
}
