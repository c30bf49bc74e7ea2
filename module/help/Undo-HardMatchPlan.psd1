@{
    Synopsis    = 'Restores the immutableIds a hard-match run replaced, from its journal.'
    Description = @(
        'Undo-HardMatchPlan reads the journal Invoke-HardMatchPlan wrote and, for each user the run wrote (or may have written: a "before" record without an "after"), reads the user''s current onPremisesImmutableId. Only where it is still the value the run wrote does it PATCH the previous value back; a previous value that was empty is restored as JSON null, which Update-MgUser cannot send. A value that changed since is reported (State Changed) and left alone. The undo writes its own journal beside the first (<name>.undo.jsonl).'
    )
    Parameters  = @{
        JournalPath = 'The journal of the run to undo. Binds from the pipeline, also by property name (HardMatchResult.JournalPath).'
        Force       = 'Skip the per-item confirmation. -WhatIf still writes nothing.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'Journal paths, or HardMatchResult objects (by their JournalPath).' }
    )
    Outputs     = @(
        @{ Type = 'SyncMatch.HardMatchResult'; Description = 'Restored, Changed (left alone), Skipped or Failed, per user.' }
    )
    Notes       = @(
        'Error ids: JournalNotFound (per input), GraphModuleMissing, GraphNotConnected, GraphScopeMissing, JournalTenantMismatch (terminating), GraphRequestFailed (per user).'
    )
    Examples    = @(
        @{
            Title   = 'Undo a run'
            Code    = 'Undo-HardMatchPlan -JournalPath .\hardmatch.jsonl -WhatIf'
            Remarks = 'Shows what would be restored; remove -WhatIf to restore.'
        }
    )
    Links       = @(
        @{ Text = 'Invoke-HardMatchPlan'; Uri = '' }
    )
}
