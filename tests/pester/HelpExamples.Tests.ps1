# Every cmdlet's help examples run as written, in order, against the example directory: a fresh
# session whose current folder holds examples/ (and its files at the top, as the examples name
# them), with stand-ins for the ActiveDirectory, Exchange and Microsoft Graph cmdlets declared with
# the real cmdlets' parameters (support/DirectoryStandIns.ps1, support/ExchangeStandIns.ps1,
# support/GraphStandIn.ps1). An example that
# calls a parameter that does not exist, a variable no earlier example sets, or a file that is
# not there fails here, as it would for a reader.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $manifest = Import-PowerShellDataFile $ModuleManifest
    $script:examples = foreach ($command in $manifest.CmdletsToExport | Sort-Object) {
        Import-Module $ModuleManifest -Force
        $number = 0
        foreach ($example in (Get-Help $command -Full).examples.example) {
            $number++
            @{ Command = $command; Number = $number; Code = ($example.code -join "`n") }
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $work = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'work')
    $source = Join-Path $PSScriptRoot '../../examples'
    Copy-Item $source (Join-Path $work 'examples') -Recurse
    Copy-Item (Join-Path $source '*') $work
    $session = [powershell]::Create()
    $null = $session.AddScript({
            param($Work, $Manifest, $Support)
            $ErrorActionPreference = 'Continue'
            $ConfirmPreference = 'None'
            Set-Location $Work
            Import-Module $Manifest
            $ExamplesPath = Join-Path $Work 'examples'
            . (Join-Path $Support 'DirectoryStandIns.ps1')
            . (Join-Path $Support 'ExchangeStandIns.ps1')
            . (Join-Path $Support 'GraphStandIn.ps1')
            New-GraphTenant -TenantId (Get-MgDirectoryOnPremiseSynchronization).Id
            foreach ($user in Get-MgUser -All) { Add-GraphUser $user.Id $user.UserPrincipalName $user.OnPremisesImmutableId ($user.OnPremisesSyncEnabled -eq $true) }
        }).AddArgument($work.FullName).AddArgument($ModuleManifest).AddArgument((Join-Path $PSScriptRoot 'support'))
    $null = $session.Invoke()
    # What an example must never meet: it calls something that is not there, or misses its input.
    $notAsWritten = 'CommandNotFoundException|NamedParameterNotFound|ParameterArgument|MissingMandatoryParameter|AmbiguousParameterSet|InputObjectNotBound|PositionalParameterNotFound|ParameterBindingFailed|CannotConvertArgument|^NoInput,|^CloudUserNull,|^JournalNotFound,|^ExportNotFound,|PathNotFound|FileOpenFailure'
}

AfterAll { if ($session) { $session.Dispose() } }

Describe 'Help examples' {
    It '<Command> example <Number> runs as written' -ForEach $examples {
        $session.Commands.Clear()
        $session.Streams.ClearStreams()
        $null = $session.AddScript($Code)
        { $null = $session.Invoke() } | Should -Not -Throw
        $bad = @($session.Streams.Error | Where-Object { $_.FullyQualifiedErrorId -match $notAsWritten } | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" })
        $bad | Should -BeNullOrEmpty
    }

    It 'every exported cmdlet has at least one example' {
        foreach ($command in (Import-PowerShellDataFile $ModuleManifest).CmdletsToExport) {
            @($examples | Where-Object Command -eq $command).Count | Should -BeGreaterThan 0 -Because "$command needs an example"
        }
    }
}
