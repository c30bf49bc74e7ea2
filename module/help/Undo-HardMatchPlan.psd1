@{
    Synopsis    = 'Restores the immutableIds a hard-match run wrote back to what the users held before, from its sealed journal, until their first synchronization.'
    Description = @(
        'Undo-HardMatchPlan reads the journal Invoke-HardMatchPlan wrote as evidence, never as instructions. It acts only on the users the run wrote or may have written: a "before" record of the run followed by an "after" of Set or Unknown, or by nothing (the process stopped around the request), the two agreeing on the value before and the value written. A write Graph refused (Failed) or that a re-read showed never applied (NotSet) is not undone: nothing was written.'
        'For each, it re-reads the user. It restores only where the user still holds the value the run wrote; a value that changed since is reported (State Changed) with what the user holds now, and left alone. A user that has synchronized since the run (onPremisesSyncEnabled) is not written: Graph refuses changing on-premises attributes of a synchronized user, and the result says what the documented options are (cloud-only or converted users only; a Source of Authority conversion where the tenant supports it; otherwise the source anchor in Active Directory). Undo works until the user''s first synchronization.'
        'Clearing (the user held no immutableId before) is a PATCH of JSON null through Graph beta, the path Microsoft documents for clearing on-premises attributes; v1.0 refuses null. Restoring a non-null value is a new stamp: it passes the same guard rails as a plan item on the live tenant (who holds the value now, soft-deleted users included; a privileged role holder given with -PrivilegedUser) and is confirmed per user even with -Force (ConfirmImpact High; -Confirm:$false does not ask).'
        'Outcomes the client does not see (a timeout, a 5xx, a read-back that does not show the value yet) are re-read a bounded number of times; what stays unsettled is State Unknown, and the next Undo-HardMatchPlan settles it first. Every restore is journalled in the same journal ("undo-before" flushed before the PATCH, "undo-after" with its outcome), so an interrupted undo continues where it stopped, and Invoke-HardMatchPlan -Resume reports undone users as Undone instead of stamping them again.'
        'Threat model: whoever can edit the journal file must not be able to make Undo write a value the run did not write, nor touch a user the run did not write. Every journal line carries an HMAC-SHA-256 chained through the file, under a key kept in your profile (journal.key in SyncMatch''s folder of your local application data: ~/.local/share/SyncMatch on Linux and macOS, %LOCALAPPDATA%\SyncMatch on Windows), outside the journal''s folder; an edited, inserted, removed or reordered line is refused, named by its line, and nothing is read from that journal. Only the last line may be torn by a crash. Keep the key where the journals are not: with the journal and the key, a forger still meets the agreement rules, the live re-read and the guard rails.'
    )
    Parameters  = @{
        JournalPath    = 'The journal of the run to undo (a literal path; alias LiteralPath). Binds from the pipeline, also by property name (HardMatchResult.JournalPath): piped results undo their journal once.'
        JournalKeyPath = 'The key that sealed the journal, when it is not the one in your profile (the admin who ran the write, on another machine).'
        PrivilegedUser = 'Ids or UPNs of privileged role holders, assigned or eligible, as for New-HardMatchPlan: a non-null restore onto one is blocked. Without it a warning says the guard rail is not applied.'
        Force          = 'Skip the confirmation of restores that clear a value the run added. A non-null restore asks regardless (-Confirm:$false does not). -WhatIf writes nothing and appends nothing to the journal.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Journal paths, or HardMatchResult objects (by their JournalPath).' }
    )
    Outputs     = @(
        @{ Type = 'SyncMatch.HardMatchResult'; Description = 'Per user the run wrote: Restored (also AlreadyRestored), Changed (left alone), Blocked (synchronized, or a guard rail on a non-null restore), Unknown (not seen; run again), Skipped or Failed. ImmutableId is the value restored, PreviousImmutableId the one the run wrote.' }
    )
    Notes       = @(
        'Error ids, per journal (non-terminating): JournalNotFound, NotAJournal (a CSV, a journal from before journals were sealed, another format), EmptyJournal, CorruptJournal (a line other than the last cannot be read), InconsistentJournal (records that disagree, or a restore of a user the run never wrote), JournalSealBroken (an edited line, named), JournalKeyMismatch, JournalKeyUnavailable, JournalTenantMismatch. Terminating: GraphModuleMissing, GraphNotConnected, GraphScopeMissing. Per user: GraphRequestFailed.'
        'What Undo does not cover: a user that has synchronized since the run (its anchor is its on-premises object''s then); values changed by someone else since the run; writes made outside Invoke-HardMatchPlan; a journal whose key is lost.'
    )
    Examples    = @(
        @{
            Title   = 'See what an undo would do, then undo'
            Code    = @'
Undo-HardMatchPlan -JournalPath .\hardmatch.jsonl -WhatIf
Undo-HardMatchPlan -JournalPath .\hardmatch.jsonl -PrivilegedUser $roleHolders
'@
            Remarks = 'Each restore is confirmed; one that clears a value the run added can be confirmed for all with -Force.'
        }
        @{
            Title   = 'Undo the run whose results you kept'
            Code    = @'
$results = $plan | Invoke-HardMatchPlan -JournalPath .\hardmatch-2.jsonl -Force
$results | Where-Object State -in Set, Unknown | Undo-HardMatchPlan -Force -Confirm:$false
'@
            Remarks = 'The results name their journal; it is read once. -Confirm:$false also skips the confirmation of non-null restores: review the results first.'
        }
    )
    Links       = @(
        @{ Text = 'Invoke-HardMatchPlan'; Uri = '' }
    )
}
