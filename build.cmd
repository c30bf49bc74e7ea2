@echo off
rem The repository's entry point on Windows (cmd or PowerShell: .\build.cmd Test): restores the
rem pinned tools (PowerShell as a dotnet tool), then runs build.ps1. Usage: build.cmd Build, Test, Example, Bench, Package, Header or Clean
rem A vendored crate set beside the repository (..\shared\cargo\offline.toml) is used when it exists.
setlocal
cd /d "%~dp0"
if not defined SYNCMATCH_CARGO_CONFIG if exist "..\shared\cargo\offline.toml" set "SYNCMATCH_CARGO_CONFIG=%~dp0..\shared\cargo\offline.toml"
set DOTNET_CLI_TELEMETRY_OPTOUT=1
set DOTNET_NOLOGO=1
dotnet tool restore >nul || exit /b 1
set "TASK=%~1"
if "%TASK%"=="" set TASK=Build
dotnet pwsh -NoProfile -File "%~dp0build.ps1" -Task %TASK%
exit /b %ERRORLEVEL%
