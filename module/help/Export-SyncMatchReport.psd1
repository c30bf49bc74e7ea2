@{
    Synopsis    = 'Writes Test-SoftMatch results, Test-SyncReadiness findings and New-HardMatchPlan items to one self-contained HTML page for the change board.'
    Description = @(
        'Export-SyncMatchReport takes the objects SyncMatch''s cmdlets return, in any mix, and writes one HTML file that needs nothing else: its style, script and charts are inside it, and it loads nothing from the network (a Content-Security-Policy forbids it). The header says what was checked: the date, the module version, the counts, and the -Setting pairs (the tenant switches and inputs used). Then what to do first (errors before warnings, the most users first, each user counted once under the first step that lists it; a step is a reason, a rule, or for rows listed only for a warning that warning; each names an example fix and links to its rows in the table, filtered), charts of the counts per Outcome and Reason, Severity and Rule, Action and Reason (inline SVG), and one table per kind of result that sorts (click a column) and filters (Outcome / Severity / Action, Reason / Rule, Warning, any text) in the browser. Identities wrap only between their parts (a DN at its commas), words never break.'
        'Every value is encoded: text written into the page goes through an HTML encoder, and the rows are carried as JSON data that the page''s script writes with textContent, so a displayName of <script>alert(1)</script> shows as that text. The table shows 100 rows at a time (Previous / Next), so a report of 100,000 rows stays responsive; texts that repeat (an OU path, a domain, a Detail sentence with the row''s own values taken out) are carried once, so 100,000 users make a page of a few MB. Printing gives each table''s rows as filtered, at most 1,000 of them, and says how many were left out and which file holds them all (-TableFile).'
        'Any other input is an UnsupportedReportInput error for that input; the others are written.'
    )
    Parameters  = @{
        Path        = 'The HTML file to write (relative to the current location); overwritten unless -NoClobber.'
        InputObject = 'Test-SoftMatch results, Test-SyncReadiness findings or New-HardMatchPlan items, from the pipeline.'
        Title       = 'The page''s heading; "SyncMatch assessment" by default.'
        Setting     = 'A hashtable of what was checked, shown in the header as name and value (lists joined with commas).'
        TableFile   = 'A hashtable naming the file that holds each table''s every row (keys Findings, Plan, HardMatch), named on the printed page. Invoke-SyncAssessment passes its CSVs.'
        NoClobber   = 'Refuse to overwrite an existing file (ReportExists).'
        PassThru    = 'Return the file written, as a FileInfo.'
    }
    Inputs      = @(
        @{ Type = 'SyncMatch.MatchResult'; Description = 'Test-SoftMatch results.' }
        @{ Type = 'SyncMatch.Finding'; Description = 'Test-SyncReadiness findings.' }
        @{ Type = 'SyncMatch.HardMatchPlanItem'; Description = 'New-HardMatchPlan items.' }
    )
    Outputs     = @(
        @{ Type = 'System.IO.FileInfo'; Description = 'With -PassThru: the report.' }
    )
    Notes       = @(
        'Open the file in any current browser; it works from a file share or a ticket attachment, offline.'
    )
    Examples    = @(
        @{
            Title   = 'The matching plan of the example data as a page'
            Code    = 'Import-Csv .\examples\ad-users.csv | Test-SoftMatch -CloudUser (Import-Csv .\examples\cloud-users.csv) -PrivilegedUser @() -WarningAction SilentlyContinue | Export-SyncMatchReport -Path .\plan.html -PassThru'
            Remarks = 'Writes plan.html: what to do first, the counts per outcome and reason, and the plan''s rows, sortable and filterable.'
        }
        @{
            Title   = 'Findings and plan in one report'
            Code    = @'
$users = Import-DirectoryExport .\examples\ad-users.csv
$findings = $users | Test-SyncReadiness -VerifiedDomain contoso.com, contoso.onmicrosoft.com -WarningAction SilentlyContinue
$plan = $users | Test-SoftMatch -CloudUser (Import-DirectoryExport .\examples\cloud-users.csv) -PrivilegedUser @() -WarningAction SilentlyContinue
@($findings) + @($plan) | Export-SyncMatchReport -Path .\assessment.html -Setting @{ 'Verified domains' = 'contoso.com, contoso.onmicrosoft.com' }
'@
            Remarks = 'Any mix of results goes into one page, one table per kind.'
        }
    )
    Links       = @(
        @{ Text = 'Invoke-SyncAssessment'; Uri = '' }
    )
}
