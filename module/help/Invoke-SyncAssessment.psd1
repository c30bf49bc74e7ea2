@{
    Synopsis    = 'Runs the whole assessment before sync: readiness, the matching plan and the hard-match candidates, written into one folder with an HTML report.'
    Description = @(
        'Invoke-SyncAssessment runs, on the same input, Test-SyncReadiness (what Entra ID will reject or quarantine), Test-SoftMatch (where each on-premises user lands, and why) and New-HardMatchPlan on the users a hard match fixes (which immutableIds can be written, and which a guard rail stops): users that would be duplicated beside a known cloud user (InvalidSoftMatch, soft match blocked or off) or created although a cloud user resembles them (PossibleDuplicate: a .local UPN, a mail that differs). Users that soft-match anyway are not candidates, nor groups or contacts; admin-role conflicts are told to remove the roles first (a hard match onto a role holder is blocked too). It writes into -OutputPath: report.html (Export-SyncMatchReport), findings.csv, plan.csv and hardmatch-candidates.csv (Export-SyncMatchCsv: safe to open in a spreadsheet). It prints a short summary (how many join, are created, duplicated, fail; the top reasons; what to do first, each user counted once, as the report lists it) and returns it as one SyncAssessment object: the counts (OnPremisesUsers, ReadinessFindings, Join, Create, Duplicate, Error, Skipped, Restore, HardMatchCandidateCount, HardMatchesReady, AdminRoleConflicts), TopReasons, FixFirst, and the files (Report, Findings, Plan, HardMatchCandidates, and all four as Files). Before version 0.2 it returned the four files as FileInfo objects; $result.Files gives them.'
        'A bad input row is reported once, by the first step that refuses it, not once per step.'
        'Input is what the other cmdlets take: objects (Get-ADUser, Get-MgUser, CSV rows), Import-DirectoryExport exports, or the paths of export files, which are read as exports. Errors and warnings of the steps are this command''s; a refusal of a whole step (a $null -CloudUser) stops it. Nothing is written to the directory or the tenant: only the folder''s files.'
    )
    Parameters  = @{
        OnPremisesUser        = 'The on-premises users: Get-ADUser output, CSV rows, exports, or paths of export files.'
        CloudUser             = 'The cloud users: Get-MgUser output, CSV rows, a cloud export or its path; @() for an empty tenant.'
        OutputPath            = 'The folder to write into; created when missing; its four files are overwritten.'
        VerifiedDomain        = 'The tenant''s verified domains: names, or Get-MgDomain objects.'
        TenantSetting         = 'Get-MgDirectoryOnPremiseSynchronization''s output (or its Features): the tenant''s soft-match and hard-match switches.'
        PrivilegedUser        = 'Ids or UPNs of privileged role holders, assigned and eligible (see the README).'
        DeletedCloudUser      = 'Soft-deleted cloud users (Get-MgDirectoryDeletedItemAsUser): their immutableIds stay reserved.'
        FederatedDomain       = 'Federated domains (names, or Get-MgDomain objects): hard matches into them are blocked.'
        SourceAnchorAttribute = 'The deployment''s source anchor: Auto (default), ConsistencyGuid, ObjectGUID, or a custom attribute''s LDAP name.'
        Title                 = 'The report''s heading.'
    }
    Inputs      = @(
        @{ Type = 'None'; Description = 'Input is given by parameter.' }
    )
    Outputs     = @(
        @{ Type = 'SyncMatch.SyncAssessment'; Description = 'The counts the summary prints and the four files written (Files: report.html, findings.csv, plan.csv, hardmatch-candidates.csv).' }
    )
    Notes       = @(
        'Then: fix the findings, rerun, and when the plan is what you want, review hardmatch-candidates.csv and write the hard matches with New-HardMatchPlan | Invoke-HardMatchPlan -WhatIf first.'
        'An input given as a path is read before anything is written: a path that cannot be read as an export (a typo, a directory, an empty or malformed file) is the reader''s error and then InputPathUnreadable, terminating, with no file written. A file named with [ or ] is read as named. -CloudUser @() is an empty tenant; -CloudUser $null is CloudUserNull.'
    )
    Examples    = @(
        @{
            Title   = 'The assessment of the example data'
            Code    = 'Invoke-SyncAssessment -OnPremisesUser .\examples\ad-users.csv -CloudUser .\examples\cloud-users.csv -VerifiedDomain contoso.com, contoso.onmicrosoft.com -PrivilegedUser grace.green@contoso.com -TenantSetting (Get-Content .\examples\tenant-sync.json -Raw | ConvertFrom-Json) -OutputPath .\assessment'
            Remarks = 'Reads both export files in the core, writes the report and the three CSVs into .\assessment, prints the summary, and returns it with the files ($result.Files | Compress-Archive -DestinationPath .\assessment.zip attaches them to a ticket).'
        }
        @{
            Title   = 'From live directories'
            Code    = @'
$ad = Get-ADUser -Filter * -Properties mail, proxyAddresses, mailNickname, displayName, givenName, sn, targetAddress, mS-DS-ConsistencyGuid, msExchRecipientTypeDetails, isCriticalSystemObject
$cloud = Get-MgUser -All -Property Id, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId, OnPremisesSyncEnabled
Invoke-SyncAssessment -OnPremisesUser $ad -CloudUser $cloud -VerifiedDomain (Get-MgDomain) -TenantSetting (Get-MgDirectoryOnPremiseSynchronization) -OutputPath .\assessment
'@
            Remarks = 'The same, from objects. Collect -PrivilegedUser as the README shows.'
        }
    )
    Links       = @(
        @{ Text = 'Export-SyncMatchReport'; Uri = '' }
    )
}
