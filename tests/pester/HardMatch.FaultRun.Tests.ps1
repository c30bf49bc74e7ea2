# Issue 20's end-to-end check: a 200-item plan written through every Graph fault kind the stand-in
# models, in child processes killed at random points (a fault that ends the process before or
# after its PATCH, and a kill at a random request), resumed until done; then undone the same way.
# The tenant ends exactly as planned, each user written once; then exactly as before, each user
# restored once. The seed is in the test's name, so a failure can be replayed.
BeforeDiscovery {
    $script:seed = if ($env:SYNCMATCH_FAULT_SEED) { [int]$env:SYNCMATCH_FAULT_SEED } else { Get-Random -Minimum 1 -Maximum 100000 }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot 'support/GraphStandIn.ps1')
    . (Join-Path $PSScriptRoot 'support/HardMatchHelpers.ps1')
    Import-Module $ModuleManifest -Force

    function Invoke-Until {
        # Runs $Command in child processes, each killed at a random request (the first few), until
        # one ends on its own with every result in $Done. Returns how many runs it took.
        param([string] $Command, [string] $State, [string[]] $Done, [System.Random] $Random, [int] $Kills, [int] $Count)
        for ($run = 1; $run -le 30; $run++) {
            $dieAt = if ($run -le $Kills) { $Random.Next(30, 600) } else { 0 }
            $output = Invoke-ChildPwsh -Command ($Command.Replace('<DIEAT>', "$dieAt"))
            $last = $output | Where-Object { $_ -like 'STATES *' } | Select-Object -Last 1
            if ($last) {
                $states = @(($last -replace '^STATES ', '') -split ',' | Where-Object { $_ })
                if ($states.Count -eq $Count -and @($states | Where-Object { $_ -notin $Done }).Count -eq 0) { return $run }
            }
        }
        throw "Not done after 30 runs; the last said: $($output -join "`n")"
    }
}

Describe 'A 200-item plan through every fault, killed at random points (seed <seed>)' -ForEach @{ seed = $seed } {
    It 'ends exactly as planned, each user written once; then, after Undo, exactly as before, each restored once' {
        $random = [System.Random]::new($seed)
        $journal = New-TestJournalPath 'faultrun'
        $state = "$journal.state.json"
        $standIn = Join-Path $PSScriptRoot 'support/GraphStandIn.ps1'
        $helpers = Join-Path $PSScriptRoot 'support/HardMatchHelpers.ps1'
        $count = 200
        New-GraphTenant
        $before = @{}
        foreach ($n in 1..$count) {
            # Every fourth user holds an immutableId the plan replaces.
            $previous = if ($n % 4 -eq 0) { [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes("old-$n")) } else { $null }
            Add-GraphUser "c$n" "u$n@contoso.com" $previous
            $before["c$n"] = $previous
        }
        # Few of the kinds the client cannot see through (each costs its re-reads), many of the others.
        # Four process deaths before a PATCH and four after it, at random users.
        $kinds = @('', '', '', 'applied-timeout', 'applied-504', 'stale:2', '429')
        $slow = @('timeout', '503', 'stale:9')
        function Set-Faults([int] $Offset) {
            $deaths = @{}
            while ($deaths.Count -lt 8) { $deaths[$random.Next(1, $count + 1)] = $true }
            $order = @($deaths.Keys)
            foreach ($n in 1..$count) {
                $kind = if ($deaths[$n]) { @('crash', 'crash-after')[[array]::IndexOf($order, $n) % 2] } elseif ($n % 67 -eq $Offset) { $slow[$random.Next($slow.Count)] } else { $kinds[$random.Next($kinds.Count)] }
                if ($kind) { $global:GraphTenant.FaultsByUser["c$n"] = $kind }
            }
        }
        Set-Faults 5
        Save-GraphTenant $state
        $sams = (1..$count | ForEach-Object { "u$_" }) -join "','"
        $ids = (1..$count | ForEach-Object { "c$_" }) -join "','"
        $prelude = @"
. '$standIn'; . '$helpers'
Import-Module '$ModuleManifest'
Import-GraphTenant '$state'
`$global:GraphTenant.DieAt = <DIEAT>
"@
        $write = $prelude + @"

`$plan = New-TestPlan @('$sams') @('$ids') -AllowReplace
`$resume = Test-Path -LiteralPath '$journal'
`$results = `$plan | Invoke-HardMatchPlan -JournalPath '$journal' -Resume:`$resume -Force -InformationAction SilentlyContinue -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
'STATES ' + ((`$results | ForEach-Object State) -join ',')
"@
        $runs = Invoke-Until -Command $write -State $state -Done 'Set', 'AlreadyMatched' -Random $random -Kills 3 -Count $count
        Import-GraphTenant $state
        foreach ($n in 1..$count) {
            $global:GraphTenant.Users["c$n"].onPremisesImmutableId | Should -Be (Get-TestAnchor $n) -Because "u$n is planned to hold its anchor ($runs runs)"
            $global:GraphTenant.Applied["c$n"] | Should -Be 1 -Because "u$n is written once"
        }

        # Undo, through the same faults and kills.
        Set-Faults 7
        $global:GraphTenant.StatePath = $null
        Save-GraphTenant $state
        $undo = $prelude + @"

`$results = Undo-HardMatchPlan -JournalPath '$journal' -Force -Confirm:`$false -PrivilegedUser @() -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
'STATES ' + ((`$results | ForEach-Object State) -join ',')
"@
        $runs = Invoke-Until -Command $undo -State $state -Done 'Restored' -Random $random -Kills 3 -Count $count
        Import-GraphTenant $state
        foreach ($n in 1..$count) {
            $global:GraphTenant.Users["c$n"].onPremisesImmutableId | Should -Be $before["c$n"] -Because "u$n is back to what it held ($runs undo runs)"
            $global:GraphTenant.Applied["c$n"] | Should -Be 2 -Because "u$n is written once and restored once"
        }
        Remove-Item $journal, $state -ErrorAction SilentlyContinue
    }
}
