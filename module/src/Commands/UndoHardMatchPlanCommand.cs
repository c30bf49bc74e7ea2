// Undo-HardMatchPlan: puts back each user's previous immutableId from a run's journal, only where
// the value is still the one the run wrote; a null previous value is sent as JSON null.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SyncMatch.HardMatch;

namespace SyncMatch.Commands;

/// <summary>Restores the immutableIds a hard-match run replaced, from its journal.</summary>
[Cmdlet(VerbsCommon.Undo, "HardMatchPlan", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(HardMatchResult))]
public sealed class UndoHardMatchPlanCommand : PSCmdlet
{
    /// <summary>The journal Invoke-HardMatchPlan wrote (HardMatchResult objects carry it as JournalPath).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string JournalPath { get; set; } = "";

    private readonly HashSet<string> undone = new(StringComparer.Ordinal);

    /// <summary>Skip the per-item confirmation (-WhatIf still writes nothing).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        string path;
        try
        {
            path = GetUnresolvedProviderPathFromPSPath(JournalPath);
        }
        catch (Exception unresolved) when (unresolved is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or PSInvalidOperationException or ArgumentException)
        {
            WriteError(new ErrorRecord(new FileNotFoundException($"'{Text.DisplayText.WellFormed(JournalPath)}' is not a journal path: {unresolved.Message}", JournalPath), "JournalNotFound", ErrorCategory.ObjectNotFound, JournalPath));
            return;
        }
        if (!undone.Add(path))
        {
            // Results piped in name their journal once each; it is undone once.
            return;
        }
        if (!File.Exists(path))
        {
            WriteError(new ErrorRecord(new FileNotFoundException($"No journal at {path}.", path), "JournalNotFound", ErrorCategory.ObjectNotFound, JournalPath));
            return;
        }
        List<JournalRecord> records = HardMatchJournal.Read(path);
        GraphTransport graph = InvokeHardMatchPlanCommand.Connect(this);
        if (records.FirstOrDefault(record => !string.Equals(record.TenantId, graph.TenantId, StringComparison.OrdinalIgnoreCase)) is { } other)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSInvalidOperationException($"The journal {path} was written for tenant {other.TenantId}, but Microsoft Graph is connected to {graph.TenantId}."),
                "JournalTenantMismatch", ErrorCategory.InvalidOperation, path));
        }
        // What the run wrote: every "after Set", and every "before" without an "after" (a crash
        // between the journal and the PATCH: the write may or may not have happened).
        var written = new Dictionary<string, JournalRecord>(StringComparer.OrdinalIgnoreCase);
        foreach (JournalRecord record in records)
        {
            if (record.Phase == "before" || (record.Phase == "after" && record.Outcome == nameof(HardMatchState.Set)))
            {
                written[record.UserId] = record;
            }
            else if (record.Phase == "after")
            {
                written.Remove(record.UserId);
            }
        }
        string undoPath = Path.ChangeExtension(path, null) + ".undo.jsonl";
        bool whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? flag) && flag is SwitchParameter { IsPresent: true };
        using HardMatchJournal? journal = whatIf ? null : HardMatchJournal.Open(undoPath);
        foreach (JournalRecord record in written.Values)
        {
            WriteObject(Restore(record, graph, journal, undoPath));
        }
    }

    private HardMatchResult Restore(JournalRecord record, GraphTransport graph, HardMatchJournal? journal, string undoPath)
    {
        HardMatchResult Result(HardMatchState state, string? code, string detail) =>
            new(record.UserPrincipalName ?? record.UserId, record.UserId, record.UserPrincipalName, record.PreviousImmutableId, record.ImmutableId, state, code, detail, undoPath);

        string target = $"{record.UserPrincipalName ?? record.UserId} (id {record.UserId})";
        // ConfirmImpact High asks per user; -Force skips the question (an explicit -Confirm still asks).
        bool ask = journal is null || !Force || MyInvocation.BoundParameters.ContainsKey("Confirm");
        if (ask && !ShouldProcess(target, $"Restore onPremisesImmutableId {record.PreviousImmutableId ?? "(none)"} (now {record.ImmutableId})") || journal is null)
        {
            return Result(HardMatchState.Skipped, journal is null ? "WhatIf" : "Declined", journal is null ? "-WhatIf: nothing was written." : "Declined: nothing was written.");
        }
        System.Collections.Hashtable? live = graph.GetUser(record.UserId, out GraphResponse read);
        if (live is null)
        {
            (string code, string message) = read.Error();
            WriteError(new ErrorRecord(new InvalidOperationException($"{target}: Microsoft Graph refused reading the user (HTTP {read.Status}, {code}): {message}"), "GraphRequestFailed", ErrorCategory.ReadError, record));
            return Result(HardMatchState.Failed, code, message);
        }
        string? now = live["onPremisesImmutableId"] as string;
        if (now == record.PreviousImmutableId)
        {
            return Result(HardMatchState.Restored, "AlreadyRestored", "The previous value is already back: nothing to write.");
        }
        if (now != record.ImmutableId)
        {
            return Result(HardMatchState.Changed, "Changed", $"The value is now {now ?? "(none)"}, not the {record.ImmutableId} the run wrote: left alone.");
        }
        journal!.Write(new JournalRecord { Phase = "before", TenantId = graph.TenantId, UserId = record.UserId, UserPrincipalName = record.UserPrincipalName, PreviousImmutableId = now, ImmutableId = record.PreviousImmutableId });
        GraphResponse written = graph.SetImmutableId(record.UserId, record.PreviousImmutableId);
        if (!written.IsSuccess)
        {
            (string code, string message) = written.Error();
            journal.Write(new JournalRecord { Phase = "after", TenantId = graph.TenantId, UserId = record.UserId, Outcome = nameof(HardMatchState.Failed), Code = code, Message = message });
            WriteError(new ErrorRecord(new InvalidOperationException($"{target}: Microsoft Graph refused the restore (HTTP {written.Status}, {code}): {message}"), "GraphRequestFailed", ErrorCategory.WriteError, record));
            return Result(HardMatchState.Failed, code, message);
        }
        journal.Write(new JournalRecord { Phase = "after", TenantId = graph.TenantId, UserId = record.UserId, UserPrincipalName = record.UserPrincipalName, PreviousImmutableId = now, ImmutableId = record.PreviousImmutableId, Outcome = nameof(HardMatchState.Set) });
        return Result(HardMatchState.Restored, null, $"Restored {record.PreviousImmutableId ?? "no immutableId (JSON null)"} on {target}.");
    }
}
