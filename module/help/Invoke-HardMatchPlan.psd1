@{
    Synopsis    = 'Writes the Set items of a hard-match plan through Microsoft Graph, each re-checked on the live tenant right before it is written, with a journal to resume and undo.'
    Description = @(
        'Invoke-HardMatchPlan takes New-HardMatchPlan items from the pipeline and, for each Set item: reads the target''s current state (id, userPrincipalName, onPremisesImmutableId, onPremisesSyncEnabled) and the users holding the anchor (a $filter look-up), applies the guard rails again on that live state (the same rules as the plan), appends a "before" record with the previous value to the journal and flushes it to disk, PATCHes {"onPremisesImmutableId": "<id>"}, reads the user back and checks the value, and appends an "after" record. Items that are AlreadyMatched or Blocked are reported, never written.'
        'Transport: Invoke-MgGraphRequest (module Microsoft.Graph.Authentication), found when the command runs; without it, or without a connection (Get-MgContext) that may write users (User.ReadWrite.All or Directory.ReadWrite.All, or an app-only connection), the command stops with a clear error and writes nothing. The journal records the tenant id; -Resume refuses a journal of another tenant.'
        'Faults: Invoke-MgGraphRequest already retries 429, 503 and 504 itself (Set-MgRequestContext -MaxRetry); a 429 that still comes back is waited out by its Retry-After a few times; a 4xx is never retried. Every Graph error becomes a non-terminating error record for that item, with Graph''s code and message, and the run goes on. A progress bar runs; at the end a summary (set, already matched, blocked, failed) reminds you to turn soft-match and takeover blocking back on once matching is done, as Microsoft advises. One HardMatchResult per item (Identity, UserId, UserPrincipalName, ImmutableId, PreviousImmutableId, State, Code, Detail, JournalPath).'
    )
    Parameters  = @{
        InputObject = 'Items of a plan (New-HardMatchPlan output), from the pipeline.'
        JournalPath = 'The journal, JSON Lines; by default hardmatch-<yyyyMMdd-HHmmss>.jsonl in the current folder. Its path is written to the host.'
        Resume      = 'Continue an interrupted run from its -JournalPath: users the journal shows written are not written again; a user with a "before" and no "after" is re-read and re-checked.'
        Force       = 'Skip the per-item confirmation. -WhatIf still writes nothing.'
    }
    Inputs      = @(
        @{ Type = 'SyncMatch.HardMatchPlanItem'; Description = 'Items of a plan.' }
    )
    Outputs     = @(
        @{ Type = 'SyncMatch.HardMatchResult'; Description = 'The final state of one item.' }
    )
    Notes       = @(
        'ConfirmImpact is High: each Set item asks for confirmation unless -Force (or -Confirm:$false). -WhatIf reads nothing from Graph and writes no journal.'
        'Error ids: GraphModuleMissing, GraphNotConnected, GraphScopeMissing, JournalPathRequired, JournalTenantMismatch, PlanTenantMismatch (a plan made with -TenantSetting records the tenant id; another connected tenant is refused) (terminating); GraphRequestFailed (per item).'
        'Undo-HardMatchPlan -JournalPath restores the previous values.'
    )
    Examples    = @(
        @{
            Title   = 'Plan, review, write'
            Code    = @'
Connect-MgGraph -Scopes User.ReadWrite.All
$ad = Get-ADUser -Filter * -Properties mS-DS-ConsistencyGuid, isCriticalSystemObject, msExchRecipientTypeDetails
$cloud = Get-MgUser -All -Property Id, UserPrincipalName, OnPremisesImmutableId, OnPremisesSyncEnabled
$plan = Import-Csv .\users.csv | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud
$plan | Group-Object Action, Reason
$plan | Invoke-HardMatchPlan -JournalPath .\hardmatch.jsonl
'@
            Remarks = 'Each Set item is confirmed before it is written; the journal keeps every previous value.'
        }
        @{
            Title   = 'Resume after an interruption'
            Code    = '$plan | Invoke-HardMatchPlan -JournalPath .\hardmatch.jsonl -Resume -Force'
            Remarks = 'Nothing already written is written again.'
        }
    )
    Links       = @(
        @{ Text = 'New-HardMatchPlan'; Uri = '' }
        @{ Text = 'Undo-HardMatchPlan'; Uri = '' }
    )
}
