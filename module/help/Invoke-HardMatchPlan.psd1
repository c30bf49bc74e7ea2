@{
    Synopsis    = 'Writes the Set items of a hard-match plan through Microsoft Graph, each re-checked on the live tenant right before it is written, with a sealed journal to resume and undo.'
    Description = @(
        'Invoke-HardMatchPlan takes New-HardMatchPlan items from the pipeline and, for each Set item: reads the target''s current state (id, userPrincipalName, onPremisesImmutableId, onPremisesSyncEnabled, with $select), the users holding the anchor (an eq $filter, without ConsistencyLevel or $count) and the soft-deleted users holding it (the deleted users are listed once per run and matched locally: filtering them on this property is not documented), applies the guard rails again on that live state (the same rules as the plan), appends a "before" record with the previous value to the journal and flushes it to disk, PATCHes {"onPremisesImmutableId": "<id>"}, reads the user back, and appends an "after" record with the outcome. Items that are AlreadyMatched or Blocked are reported, never written.'
        'Outcomes: Set when the value reads back. Failed only for a definite refusal (a 4xx from Graph), with Graph''s code, message and details (the conflicting object) in Detail. Anything the client did not see through (a timeout after the request left, a 5xx, a read-back that still shows the old value: reads are eventually consistent) is settled by re-reading the user a bounded number of times (6 reads over about 6 s): Set when the value shows, Unknown otherwise, never Failed. A warning at the end names the Unknown items; -Resume or Undo-HardMatchPlan settles them.'
        'Transport: Invoke-MgGraphRequest (module Microsoft.Graph.Authentication), found when the command runs; without it, or without a connection (Get-MgContext) that may write users (the Update user reference: delegated User.ReadWrite.All, Directory.ReadWrite.All or Directory.AccessAsUser.All; application User.ReadWrite.All or Directory.ReadWrite.All), the command stops with a clear error and writes nothing. The signed-in user also needs User Administrator, Hybrid Identity Administrator or Global Administrator (tshoot-clear-on-premises-attributes): a check through /me/transitiveMemberOf cannot see a role scoped to an administrative unit or an eligible one, so it warns and never blocks (skipped for app-only connections). Invoke-MgGraphRequest retries 429, 503 and 504 itself; a 429 that still comes back holds back every request of the run until its Retry-After has passed (2, 4 … 60 s when it gives none), a few times. Ctrl+C stops at once, also during a wait. A progress bar runs; at the end a summary reminds you to turn soft-match and takeover blocking back on once matching is done, as Microsoft advises. One HardMatchResult per item (Identity, UserId, UserPrincipalName, ImmutableId, PreviousImmutableId, State, Code, Detail, JournalPath).'
        'The journal (JSON Lines) starts with a head that records the run: the plan''s digest, the tenant id, the time, the id of the key that seals it. Every line carries an HMAC-SHA-256 chained through the file, under a key kept in your profile (see Undo-HardMatchPlan), so that an edited journal is refused rather than obeyed. A new run refuses an existing journal file.'
    )
    Parameters  = @{
        InputObject    = 'Items of a plan (New-HardMatchPlan output), from the pipeline. A plan read back from a file (hardmatch-candidates.csv, Export-Csv of a plan) is refused (PlanFromFile): a file can be edited, so plan its rows again with New-HardMatchPlan, which derives every anchor again.'
        JournalPath    = 'The journal; by default hardmatch-<yyyyMMdd-HHmmss>.jsonl in the current folder. Its path is written to the host. A new run refuses an existing file.'
        JournalKeyPath = 'The key that seals the journal; by default journal.key in SyncMatch''s folder of your local application data, made on first use (32 random bytes, readable by you only). Keep it out of the journals'' folder.'
        Resume         = 'Continue an interrupted run of the same plan from its -JournalPath (a journal of another plan or tenant is refused): first the users whose outcome the journal leaves open are re-read and settled (Set, or not applied and written now); users the journal shows written are not written again; users an Undo reverted are reported Undone and not stamped again.'
        Force          = 'Skip the per-item confirmation. -WhatIf still writes nothing.'
    }
    Inputs      = @(
        @{ Type = 'SyncMatch.HardMatchPlanItem'; Description = 'Items of a plan.' }
    )
    Outputs     = @(
        @{ Type = 'SyncMatch.HardMatchResult'; Description = 'The final state of one item: Set, AlreadyMatched, Blocked, Skipped, Failed, Unknown, Changed (another writer''s value appeared) or Undone (-Resume).' }
    )
    Notes       = @(
        'ConfirmImpact is High: each Set item asks for confirmation unless -Force (or -Confirm:$false). -WhatIf writes nothing and no journal; when connected it runs the read-only part (the connection, its scopes and roles, the live re-read, the holder look-ups), so an item the live tenant blocks shows Blocked; when not connected it reads nothing.'
        'Error ids: GraphModuleMissing, GraphNotConnected, GraphScopeMissing, JournalPathRequired, JournalExists, JournalNotFound, JournalTenantMismatch, JournalPlanMismatch, JournalSealBroken, JournalKeyMismatch, JournalKeyUnavailable, NotAJournal, CorruptJournal, InconsistentJournal, PlanTenantMismatch (a plan made with -TenantSetting records the tenant id; another connected tenant is refused) (terminating); GraphRequestFailed (per item); PlanFromFile, NotAPlanItem (per input that is not a plan item).'
        'Undo-HardMatchPlan -JournalPath restores the previous values, until the users'' first synchronization.'
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
            Remarks = 'Open outcomes are settled first; nothing already written is written again.'
        }
    )
    Links       = @(
        @{ Text = 'New-HardMatchPlan'; Uri = '' }
        @{ Text = 'Undo-HardMatchPlan'; Uri = '' }
    )
}
