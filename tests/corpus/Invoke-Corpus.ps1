<#
.SYNOPSIS
    Sends every corpus input through every exported cmdlet, one input at a time, and writes what
    came back (outputs, error ids, a terminating error, the verbose accounting) as JSON lines.
    Run in its own process by Corpus.Tests.ps1, so a crash shows as a dead process, not a lost run.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleManifest,
    [Parameter(Mandatory)] [string] $OutFile
)
$ErrorActionPreference = 'Stop'
Import-Module $ModuleManifest
# From here on, errors are what is measured: non-terminating ones must stay non-terminating.
$ErrorActionPreference = 'Continue'
$inputs = @(& (Join-Path $PSScriptRoot 'Get-CorpusInput.ps1'))
$csv = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-corpus-$PID.csv"
$html = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-corpus-$PID.html"
$xlsx = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-corpus-$PID.xlsx"
. (Join-Path $PSScriptRoot '../pester/support/Xlsx.ps1')
$folder = Join-Path ([IO.Path]::GetTempPath()) "syncmatch-corpus-assessment-$PID"

# How each cmdlet is called with one input. A cmdlet missing here fails the corpus test.
$calls = [ordered]@{
    'ConvertTo-ImmutableId'        = { param($value) , $value | ConvertTo-ImmutableId }
    'ConvertTo-ImmutableId -Guid'  = { param($value) ConvertTo-ImmutableId -Guid (, $value) }
    'Get-SourceAnchor'             = { param($value) , $value | Get-SourceAnchor }
    'ConvertFrom-ImmutableId'      = { param($value) , $value | ConvertFrom-ImmutableId }
    'ConvertFrom-ProxyAddress'     = { param($value) , $value | ConvertFrom-ProxyAddress }
    'Test-SyncReadiness'           = { param($value) , $value | Test-SyncReadiness -VerifiedDomain contoso.com -Verbose }
    'Test-SoftMatch'               = { param($value) , $value | Test-SoftMatch -CloudUser @([pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'jose@contoso.com'; Mail = 'jose@contoso.com'; ProxyAddresses = @('SMTP:jose@contoso.com') }) -VerifiedDomain contoso.com, contoso.onmicrosoft.com }
    'Test-SoftMatch -OutFile'      = { param($value) $file = , $value | Test-SoftMatch -CloudUser @([pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'jose@contoso.com'; Mail = 'jose@contoso.com'; ProxyAddresses = @('SMTP:jose@contoso.com') }) -VerifiedDomain contoso.com, contoso.onmicrosoft.com -OutFile $csv; if (Test-Path $csv) { "rows:$(@(Import-Csv $csv).Count)"; Remove-Item $csv }; $file }
    # Every value as a row after a first row with usable columns (the first row's columns are
    # checked once per run), and as the first row itself.
    'New-HardMatchPlan'            = { param($value) & { [pscustomobject]@{ SamAccountName = 'jose'; CloudUserId = 'c1' }; , $value } | New-HardMatchPlan -CloudUser @([pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'jose@contoso.com'; OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }) -WarningAction SilentlyContinue }
    'New-HardMatchPlan first row'  = { param($value) , $value | New-HardMatchPlan -CloudUser @([pscustomobject]@{ Id = 'c1'; UserPrincipalName = 'jose@contoso.com'; OnPremisesImmutableId = $null; OnPremisesSyncEnabled = $null }) -WarningAction SilentlyContinue }
    'Invoke-HardMatchPlan'         = { param($value) , $value | Invoke-HardMatchPlan -WhatIf }
    'Undo-HardMatchPlan'           = { param($value) , $value | Undo-HardMatchPlan -WhatIf }
    'Import-DirectoryExport'       = { param($value) , $value | Import-DirectoryExport }
    # Every value as an attribute to read: checked before anything connects, else the read
    # fails at once (nothing listens on port 9 of this machine).
    'Get-SyncMatchDirectory'       = { param($value) Get-SyncMatchDirectory -Server 127.0.0.1 -Port 9 -TimeoutSeconds 5 -Property (, $value) }
    'Export-SyncMatchReport'       = { param($value) , $value | Export-SyncMatchReport -Path $html; if (Test-Path $html) { "rows:$([int]((Get-Item $html).Length -gt 0))"; Remove-Item $html } }
    'Invoke-SyncAssessment'        = { param($value) Invoke-SyncAssessment -OnPremisesUser (, $value) -CloudUser @() -PrivilegedUser @() -OutputPath $folder -WarningAction SilentlyContinue; Remove-Item $folder -Recurse -ErrorAction SilentlyContinue }
    'Export-SyncMatchCsv'          = { param($value) , $value | Export-SyncMatchCsv -Path $csv; if (Test-Path $csv) { @(Import-Csv $csv).Count | ForEach-Object { "rows:$_" }; Remove-Item $csv } }
    # The rows of every sheet but the header, read from the workbook's parts (a workbook of nothing has none).
    'Export-SyncMatchExcel'        = { param($value) , $value | Export-SyncMatchExcel -Path $xlsx; if (Test-Path $xlsx) { $book = Read-Xlsx $xlsx; "rows:$(if ($book.Contains('Sheet1') -and $book['Sheet1'].Rows[0][0] -eq 'No rows were given') { 0 } else { ($book.Values | ForEach-Object { $_.Rows.Count - 1 } | Measure-Object -Sum).Sum })"; Remove-Item $xlsx } }
}

$lines = foreach ($name in $calls.Keys) {
    foreach ($item in $inputs) {
        $outputs = 0
        $errors = [System.Collections.Generic.List[string]]::new()
        $verbose = [System.Collections.Generic.List[string]]::new()
        $rows = $null
        $terminating = $null
        try {
            & $calls[$name] $item.Value *>&1 | ForEach-Object {
                if ($_ -is [System.Management.Automation.ErrorRecord]) { $errors.Add($_.FullyQualifiedErrorId) }
                elseif ($_ -is [System.Management.Automation.VerboseRecord]) { $verbose.Add($_.Message) }
                elseif ($_ -is [System.Management.Automation.WarningRecord] -or $_ -is [System.Management.Automation.InformationRecord]) { }
                elseif ($_ -is [string] -and $_ -like 'rows:*') { $rows = [int]$_.Substring(5) }
                else { $outputs++ }
            }
        }
        catch {
            $terminating = $_.FullyQualifiedErrorId
        }
        [pscustomobject]@{
            Cmdlet      = $name
            Input       = $item.Name
            Outputs     = $outputs
            Errors      = @($errors)
            Verbose     = @($verbose)
            Rows        = $rows
            Terminating = $terminating
        } | ConvertTo-Json -Compress -Depth 4
    }
}
Set-Content -Path $OutFile -Value $lines -Encoding utf8
