<#
.SYNOPSIS
    Runs the Pester tests against a built module; exits non-zero when any test fails.
    Called by build.ps1 -Task Test in a child pwsh -NoProfile.
#>
param(
    [Parameter(Mandatory)] [string] $PesterManifest,
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $TestPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterManifest -Force
# The tests import the module from here, so they always test the built layout, never the sources.
$env:SYNCMATCH_MODULE = (Resolve-Path $ModuleManifest).Path

$configuration = New-PesterConfiguration
$configuration.Run.Path = $TestPath
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$result = Invoke-Pester -Configuration $configuration
if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') {
    Write-Host "Pester: $($result.FailedCount) failed, $($result.PassedCount) passed." -ForegroundColor Red
    exit 1
}
exit 0
