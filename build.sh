#!/usr/bin/env sh
# The repository's entry point on Linux and macOS: restores the pinned tools (PowerShell as a
# dotnet tool), then runs build.ps1. Usage: ./build.sh [Build|Test|Example|Bench|Package|Header|Clean]
# Crates come from crates.io unless SYNCMATCH_CARGO_CONFIG names a cargo --config file; a vendored
# set beside the repository (../shared/cargo/offline.toml) is used when it exists.
set -eu
cd "$(dirname "$0")"
if [ -z "${SYNCMATCH_CARGO_CONFIG:-}" ] && [ -f ../shared/cargo/offline.toml ]; then
  SYNCMATCH_CARGO_CONFIG="$(cd .. && pwd)/shared/cargo/offline.toml"
  export SYNCMATCH_CARGO_CONFIG
fi
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
exec dotnet pwsh -NoProfile -File ./build.ps1 -Task "${1:-Build}"
