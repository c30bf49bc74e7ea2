# The malformed-input corpus (tests/corpus) through every exported cmdlet, in a child process:
# every input is accounted for (a result, an error record, or the documented exception of a
# cmdlet), never silently dropped or duplicated, no terminating error, no dead process. A cmdlet
# added to the module without an entry here fails the test: the corpus is a standing check.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $script:exported = (Import-PowerShellDataFile $ModuleManifest).CmdletsToExport
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $corpus = Join-Path $PSScriptRoot '../corpus'
    $results = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-corpus-$PID.jsonl"
    $process = [Environment]::ProcessPath
    [string[]] $prefix = if ([IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { @((Join-Path $PSHOME 'pwsh.dll')) } else { @() }
    $stderr = & $process @prefix -NoProfile -NonInteractive -File (Join-Path $corpus 'Invoke-Corpus.ps1') -ModuleManifest $ModuleManifest -OutFile $results 2>&1
    $script:exitCode = $LASTEXITCODE
    $script:stderrText = "$stderr"
    $script:runs = if (Test-Path $results) { @(Get-Content $results | ForEach-Object { $_ | ConvertFrom-Json }) } else { @() }
    Remove-Item $results -ErrorAction SilentlyContinue
    $script:inputCount = @(& (Join-Path $corpus 'Get-CorpusInput.ps1')).Count

    # What one input may yield, per cmdlet. Anything else is a dropped or duplicated input.
    $script:accounting = @{
        # One value in, one immutableId or one error out.
        'ConvertTo-ImmutableId'       = { param($run) $run.Outputs + $run.Errors.Count -eq 1 }
        'ConvertTo-ImmutableId -Guid' = { param($run) $run.Outputs + $run.Errors.Count -eq 1 }
        'Get-SourceAnchor'            = { param($run) $run.Outputs + $run.Errors.Count -eq 1 }
        # A list of immutableIds or proxy addresses yields one record per value: at least one.
        'ConvertFrom-ImmutableId'     = { param($run) $run.Outputs + $run.Errors.Count -ge 1 }
        'ConvertFrom-ProxyAddress'    = { param($run) $run.Outputs + $run.Errors.Count -ge 1 }
        # Findings stream only for problems; the verbose line accounts for the object: checked,
        # or refused with exactly one error (the binder's own error for $null counts as refused).
        'Test-SyncReadiness'          = {
            param($run)
            if ($run.Errors.Count -eq 1 -and $run.Errors[0] -like 'NullInput,*') { return $run.Outputs -eq 0 }
            $line = $run.Verbose | Where-Object { $_ -like 'Checked *' }
            $line -match '^Checked (\d+) objects \((\d+) refused' -and ([int]$Matches[1] + [int]$Matches[2]) -eq 1 -and [int]$Matches[2] -eq $run.Errors.Count -and
                ($run.Errors.Count -eq 0 -or $run.Outputs -eq 0)
        }
        # One plan row per input, and with it at most one error (the row-plus-error pair of an
        # input that cannot be predicted); $null is no input: one NullInput error, no row.
        'Test-SoftMatch'              = {
            param($run)
            if ($run.Errors.Count -eq 1 -and $run.Errors[0] -like 'NullInput,*') { return $run.Outputs -eq 0 }
            $run.Outputs -eq 1 -and $run.Errors.Count -le 1
        }
        # The same, as rows of the -OutFile file, which is the one output ($null: no row).
        'Test-SoftMatch -OutFile'     = {
            param($run)
            if ($run.Errors.Count -eq 1 -and $run.Errors[0] -like 'NullInput,*') { return $run.Rows -eq 0 -and $run.Outputs -eq 1 }
            $run.Rows -eq 1 -and $run.Outputs -eq 1 -and $run.Errors.Count -le 1
        }
        # One plan item per input, and with it at most one error (a row that cannot be read is a
        # Blocked item beside its error record); $null is no input: one NullInput error, no item.
        # After a usable first row (which is one item itself).
        'New-HardMatchPlan'           = {
            param($run)
            if ($run.Errors.Count -eq 1 -and $run.Errors[0] -like 'NullInput,*') { return $run.Outputs -eq 1 }
            $run.Outputs -eq 2 -and $run.Errors.Count -le 1
        }
        # As the first row, its columns are checked: a shape that names no on-premises user or no
        # cloud user is the one documented terminating error (MappingColumnsUnusable), no item.
        'New-HardMatchPlan first row' = {
            param($run)
            if ($run.Terminating -like 'MappingColumnsUnusable,*') { return $run.Outputs -eq 0 -and $run.Errors.Count -eq 0 }
            if ($run.Errors.Count -eq 1 -and $run.Errors[0] -like 'NullInput,*') { return $run.Outputs -eq 0 }
            $run.Outputs -eq 1 -and $run.Errors.Count -le 1
        }
        # Only plan items are written: any other input is one NotAPlanItem or PlanFromFile error
        # (the binder's for $null), or (a value taken as a journal path) one journal error; and
        # nothing connects to Graph.
        'Invoke-HardMatchPlan'        = { param($run) $run.Outputs -eq 0 -and $run.Errors.Count -eq 1 }
        'Undo-HardMatchPlan'          = { param($run) $run.Outputs -eq 0 -and $run.Errors.Count -eq 1 }
        # One input, the read's one parameter: refused (InvalidProperty, or the binder's error for a
        # value it cannot bind) or the read failed (DirectoryReadFailed): one terminating error,
        # nothing returned, never a partial directory.
        'Get-SyncMatchDirectory'      = {
            param($run)
            $run.Outputs -eq 0 -and $run.Errors.Count -eq 0 -and
                $run.Terminating -match '^(InvalidProperty|DirectoryReadFailed|ParameterArgumentValidationError\w*|ParameterArgumentTransformationError\w*|CannotConvertArgument\w*),'
        }
        # A value is a path: an export read, or an error per path (a list is several paths).
        'Import-DirectoryExport'      = { param($run) $run.Outputs + $run.Errors.Count -ge 1 }
        # The page is written whatever the input; each input that is not a SyncMatch result is
        # one UnsupportedReportInput error (a list: one per element), never a crash.
        'Export-SyncMatchReport'      = { param($run) $run.Rows -eq 1 -and $run.Errors.Count -ge 1 -and @($run.Errors | Where-Object { $_ -notlike 'UnsupportedReportInput,*' }).Count -eq 0 }
        # The summary of its files; or, for text read as an export path that cannot be read, its reader's
        # one error and the documented InputPathUnreadable, with nothing written (issue 23).
        'Invoke-SyncAssessment'       = {
            param($run)
            if ($run.Terminating -like 'InputPathUnreadable,*') { return $run.Outputs -eq 0 -and $run.Errors.Count -eq 1 }
            $run.Outputs -eq 1
        }
        # One row per object, or one error and no row ($null is refused by the binder, as
        # Export-Csv refuses it).
        'Export-SyncMatchCsv'         = { param($run) ($run.Rows -eq 1 -and $run.Errors.Count -eq 0) -or (-not $run.Rows -and $run.Errors.Count -eq 1) }
        # The same for a workbook: one row per object, or one error and no row.
        'Export-SyncMatchExcel'       = { param($run) ($run.Rows -eq 1 -and $run.Errors.Count -eq 0) -or (-not $run.Rows -and $run.Errors.Count -eq 1) }
    }
}

Describe 'The malformed-input corpus' {
    It 'runs to the end in its own process, with nothing on stderr' {
        $exitCode | Should -Be 0 -Because $stderrText
        $stderrText | Should -BeNullOrEmpty
        $runs.Count | Should -Be ($accounting.Count * $inputCount)
    }

    It 'has an accounting rule for <_>' -ForEach $exported {
        $accounting.Keys | Should -Contain $_ -Because 'every exported cmdlet joins the corpus'
    }

    It '<_> accounts for every input, with no terminating error' -ForEach @(
        'ConvertTo-ImmutableId', 'ConvertTo-ImmutableId -Guid', 'Get-SourceAnchor', 'ConvertFrom-ImmutableId',
        'ConvertFrom-ProxyAddress', 'Test-SyncReadiness', 'Test-SoftMatch', 'Test-SoftMatch -OutFile', 'New-HardMatchPlan', 'Invoke-HardMatchPlan', 'Undo-HardMatchPlan', 'Import-DirectoryExport', 'Export-SyncMatchCsv', 'Export-SyncMatchExcel', 'Export-SyncMatchReport') {
        $name = $_
        $mine = @($runs | Where-Object Cmdlet -eq $name)
        $mine.Count | Should -Be $inputCount
        $broken = @($mine | Where-Object { $_.Terminating -or -not (& $accounting[$name] $_) } |
            ForEach-Object { "$($_.Input): outputs $($_.Outputs), errors [$($_.Errors -join ', ')], rows $($_.Rows), terminating $($_.Terminating), verbose [$($_.Verbose -join ' ')]" })
        $broken | Should -BeNullOrEmpty
    }

    It 'Get-SyncMatchDirectory accounts for every input: refused before it connects, or one read that failed' {
        $mine = @($runs | Where-Object Cmdlet -eq 'Get-SyncMatchDirectory')
        $mine.Count | Should -Be $inputCount
        $broken = @($mine | Where-Object { -not (& $accounting['Get-SyncMatchDirectory'] $_) } |
            ForEach-Object { "$($_.Input): outputs $($_.Outputs), errors [$($_.Errors -join ', ')], terminating $($_.Terminating)" })
        $broken | Should -BeNullOrEmpty
        @($mine | Where-Object Terminating -like 'InvalidProperty,*').Count | Should -BeGreaterThan 0 -Because 'hostile attribute names are refused before anything connects'
    }

    It 'Invoke-SyncAssessment accounts for every input; its one terminating error is InputPathUnreadable (an input path that cannot be read)' {
        $mine = @($runs | Where-Object Cmdlet -eq 'Invoke-SyncAssessment')
        $mine.Count | Should -Be $inputCount
        $broken = @($mine | Where-Object { ($_.Terminating -and $_.Terminating -notlike 'InputPathUnreadable,*') -or -not (& $accounting['Invoke-SyncAssessment'] $_) } |
            ForEach-Object { "$($_.Input): outputs $($_.Outputs), errors [$($_.Errors -join ', ')], terminating $($_.Terminating)" })
        $broken | Should -BeNullOrEmpty
    }

    It 'New-HardMatchPlan first row accounts for every input; its one terminating error is MappingColumnsUnusable' {
        $mine = @($runs | Where-Object Cmdlet -eq 'New-HardMatchPlan first row')
        $mine.Count | Should -Be $inputCount
        $broken = @($mine | Where-Object { ($_.Terminating -and $_.Terminating -notlike 'MappingColumnsUnusable,*') -or -not (& $accounting['New-HardMatchPlan first row'] $_) } |
            ForEach-Object { "$($_.Input): outputs $($_.Outputs), errors [$($_.Errors -join ', ')], terminating $($_.Terminating)" })
        $broken | Should -BeNullOrEmpty
        @($mine | Where-Object { -not $_.Terminating }).Count | Should -BeGreaterThan 0 -Because 'rows with usable columns are planned'
    }

    # The corpus's CSV rows read as an export: every consumer of an export accounts for each row.
    It 'reads its CSV rows as an export, and every consumer accounts for every row' {
        Import-Module $ModuleManifest -Force
        $export = Import-DirectoryExport (Join-Path $PSScriptRoot '../corpus/ad-rows.csv')
        $ids = @($export | ConvertTo-ImmutableId -ErrorVariable idErrors -ErrorAction SilentlyContinue)
        $ids.Count + $idErrors.Count | Should -Be $export.RowCount
        $plan = @($export | Test-SoftMatch -CloudUser @() -PrivilegedUser @() -ErrorVariable planErrors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $plan.Count | Should -Be $export.RowCount
        $planErrors.Count | Should -BeLessOrEqual $export.RowCount
        $verbose = $export | Test-SyncReadiness -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        # Checked plus refused (each with its error record) is every row.
        ($verbose.Message -join ' ') -match 'Checked (\d+) objects \((\d+) refused' | Should -BeTrue
        [int]$Matches[1] + [int]$Matches[2] | Should -Be $export.RowCount
        @($idErrors + $planErrors | Where-Object { $_.FullyQualifiedErrorId -like 'NativePanic,*' }) | Should -BeNullOrEmpty
    }

    It 'refuses what it must with the documented ids' {
        $ids = @($runs | ForEach-Object { $_.Errors } | ForEach-Object { ($_ -split ',')[0] } | Sort-Object -Unique)
        foreach ($id in 'NestingTooDeep', 'InvalidUnicode', 'ValueTooLarge', 'AmbiguousProperty', 'InvalidInputObject', 'TypeNameNotValue') {
            $ids | Should -Contain $id
        }
        $ids | Should -Not -Contain 'NativePanic'
        $ids | Should -Not -Contain 'NativeCallFailed'
    }
}
