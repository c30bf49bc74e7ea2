@{
    RootModule             = 'SyncMatch.dll'
    # Stamped from Cargo.toml by build.ps1; the source copy is never imported.
    ModuleVersion          = '0.0.0'
    GUID                   = '0c5f3f0e-5a8e-4f57-9a47-2f1d6c3b7e21'
    Author                 = 'SyncMatch contributors'
    CompanyName            = 'SyncMatch'
    Copyright              = '(c) SyncMatch contributors. MIT License.'
    Description            = 'Predicts and prepares how on-premises Active Directory users join existing Entra ID cloud users (hard and soft match): source-anchor (immutableId) conversion, address rules and match prediction, with a Rust core.'
    CompatiblePSEditions   = @('Core')
    PowerShellVersion      = '7.6'
    FormatsToProcess       = @('SyncMatch.Format.ps1xml')
    CmdletsToExport        = @(
        'ConvertTo-ImmutableId'
        'ConvertFrom-ImmutableId'
        'Get-SourceAnchor'
        'ConvertFrom-ProxyAddress'
        'Test-SyncReadiness'
        'Test-SoftMatch'
        'Get-SyncMatchDirectory'
        'New-HardMatchPlan'
        'Invoke-HardMatchPlan'
        'Undo-HardMatchPlan'
        'Import-DirectoryExport'
        'Export-SyncMatchCsv'
        'Export-SyncMatchExcel'
        'Export-SyncMatchReport'
        'Invoke-SyncAssessment'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('EntraID', 'AzureAD', 'EntraConnect', 'ImmutableId', 'SourceAnchor', 'HardMatch', 'SoftMatch', 'ActiveDirectory')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'Source anchors (ConvertTo-ImmutableId, ConvertFrom-ImmutableId, Get-SourceAnchor); sync readiness (Test-SyncReadiness, ConvertFrom-ProxyAddress); match prediction (Test-SoftMatch); the hard match with its guard rails, journal and undo (New-HardMatchPlan, Invoke-HardMatchPlan, Undo-HardMatchPlan); export files read by the core (Import-DirectoryExport: CSV and JSON, a million rows in seconds); the whole assessment in one command (Invoke-SyncAssessment) with a self-contained HTML report (Export-SyncMatchReport) and spreadsheet-safe CSVs (Export-SyncMatchCsv). Requires PowerShell 7.6 or later (7.4 and .NET 8 left support on 10 November 2026).'
        }
    }
}
