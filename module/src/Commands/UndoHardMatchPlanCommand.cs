// Undo-HardMatchPlan: puts back each user's previous immutableId, only for the writes a sealed
// journal proves its run made (or may have made), only while the user still holds the value the
// run wrote, and only until the user first synchronizes. A journal is evidence, never
// instructions (docs/model.md, *The journal*): the values restored are the run's own, re-checked
// against the live tenant; a non-null one is a new stamp and passes the guard rails.
using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Threading;
using SyncMatch.HardMatch;

namespace SyncMatch.Commands;

/// <summary>Restores the immutableIds a hard-match run replaced, from its journal.</summary>
[Cmdlet(VerbsCommon.Undo, "HardMatchPlan", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(HardMatchResult))]
public sealed class UndoHardMatchPlanCommand : SyncMatchCmdlet, IDisposable
{
    /// <summary>What Undo says instead of Graph's 400 when the user synchronized since the run.</summary>
    internal const string SynchronizedOptions =
        "the user has synchronized since the run (onPremisesSyncEnabled is true), and Microsoft Graph refuses changing the on-premises attributes of a synchronized user: nothing was written. "
        + "Microsoft documents changing onPremisesImmutableId only for cloud-only users and for users converted to cloud-only after synchronization was turned off (Microsoft Entra Connect: Clear on-premises attributes from migrated users, Graph beta Update user). "
        + "Where your tenant supports it, a Source of Authority conversion of the user (onPremisesSyncBehavior isCloudManaged) makes it cloud-managed first. Otherwise there is no documented path in the cloud: change the user's source anchor in Active Directory, or scope the user out of synchronization.";

    private readonly HashSet<string> undone = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private GraphTransport? graph;
    private bool warnedPrivileged;

    /// <summary>The journal Invoke-HardMatchPlan wrote (HardMatchResult objects carry it as JournalPath).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [Alias("LiteralPath")]
    public string JournalPath { get; set; } = "";

    /// <summary>The key that sealed the journal; by default journal.key in SyncMatch's folder of your local application data.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JournalKeyPath { get; set; }

    /// <summary>Ids or UPNs of privileged role holders (as for New-HardMatchPlan): a restore that would stamp one is blocked.</summary>
    [Parameter]
    public string[]? PrivilegedUser { get; set; }

    /// <summary>Skip the confirmation of restores that clear a value the run added (-WhatIf still writes nothing). A restore of a non-null value is a new stamp: it asks unless -Confirm:$false.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    protected override void StopProcessing() => stopping.Cancel();

    /// <inheritdoc/>
    public void Dispose() => stopping.Dispose();

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
        JournalRead read;
        JournalKey? key = null;
        try
        {
            // The file is read as a journal first: one that is no journal is named so, whatever the key.
            read = HardMatchJournal.Read(path, () => key = InvokeHardMatchPlanCommand.LoadKey(this, JournalKeyPath, create: false));
        }
        catch (JournalException refused)
        {
            WriteError(new ErrorRecord(refused, refused.ErrorId, ErrorCategory.InvalidData, path));
            return;
        }
        graph ??= InvokeHardMatchPlanCommand.Connect(this, stopping.Token);
        if (!string.Equals(read.Evidence.Head.TenantId, graph.TenantId, StringComparison.OrdinalIgnoreCase))
        {
            WriteError(new ErrorRecord(
                new PSInvalidOperationException($"The journal {path} was written for tenant {read.Evidence.Head.TenantId}, but Microsoft Graph is connected to {graph.TenantId}: nothing was written."),
                "JournalTenantMismatch", ErrorCategory.InvalidOperation, path));
            return;
        }
        bool whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? flag) && flag is SwitchParameter { IsPresent: true };
        using HardMatchJournal? journal = whatIf ? null : HardMatchJournal.Continue(path, key!, read);
        foreach (UserEvidenceJson user in read.Evidence.Users)
        {
            if (user.Undoable)
            {
                WriteObject(Restore(user, graph, journal, path));
            }
            else
            {
                WriteVerbose($"{user.UserPrincipalName ?? user.UserId}: the run's write (journal line {user.Line}) ended {user.Write}: nothing to undo.");
            }
        }
    }

    private HardMatchResult Restore(UserEvidenceJson user, GraphTransport graph, HardMatchJournal? journal, string path)
    {
        string? restore = user.PreviousImmutableId;
        string written = user.ImmutableId;
        HardMatchResult Result(HardMatchState state, string? code, string detail) =>
            new(user.Identity ?? user.UserPrincipalName ?? user.UserId, user.UserId, user.UserPrincipalName, restore, written, state, code, detail, path);
        JournalRecord Record(string phase, JournalOutcome? outcome = null, string? code = null, string? message = null) =>
            new() { Phase = phase, UserId = user.UserId, UserPrincipalName = user.UserPrincipalName, Identity = user.Identity, PreviousImmutableId = written, ImmutableId = restore, Outcome = outcome?.ToString(), Code = code, Message = message };

        string target = $"{user.UserPrincipalName ?? user.UserId} (id {user.UserId})";
        try
        {
            if (journal is not null && user.RestoreOpen)
            {
                // An earlier Undo's restore the client did not see through: settle it first.
                WriteOutcome settled = GraphWrite.Settle(graph, user.UserId, restore, written, "An earlier restore was not seen through", settleAsNotSet: true);
                journal.Write(Record("undo-after", settled.Outcome, "Settled" + settled.Code, settled.Detail));
                if (settled.Outcome is JournalOutcome.Set or JournalOutcome.Unknown || settled.Code == "Changed")
                {
                    return Result(settled.Outcome == JournalOutcome.Set ? HardMatchState.Restored : settled.Outcome == JournalOutcome.Unknown ? HardMatchState.Unknown : HardMatchState.Changed, settled.Code, settled.Detail);
                }
            }
            Hashtable? live = graph.GetUser(user.UserId, out GraphResponse read);
            if (live is null)
            {
                (string code, string message) = read.Error();
                WriteError(new ErrorRecord(new InvalidOperationException($"{target}: Microsoft Graph refused reading the user (HTTP {read.Status}, {code}): {message}"), "GraphRequestFailed", ErrorCategory.ReadError, user.UserId));
                return Result(HardMatchState.Failed, code, $"Reading the user failed (HTTP {read.Status}): {message}. Nothing was written.");
            }
            string? now = live["onPremisesImmutableId"] as string;
            if (now == restore)
            {
                return Result(HardMatchState.Restored, "AlreadyRestored", user.Undo == JournalUndoState.Restored
                    ? $"Restored by an earlier undo: the user holds {GraphWrite.Shown(restore)} again."
                    : $"The user holds {GraphWrite.Shown(restore)}, the value before the run: the run's write did not take effect, or was taken back. Nothing to write.");
            }
            if (now != written || user.Undo == JournalUndoState.Restored)
            {
                string by = live["onPremisesSyncEnabled"] is true ? " (the user synchronizes now: the sync engine wrote it)" : " (by another admin, script or run)";
                return Result(HardMatchState.Changed, "Changed", $"The user holds {GraphWrite.Shown(now)}, not the {written} the run wrote: it changed since{by}, and is left alone.");
            }
            if (live["onPremisesSyncEnabled"] is true)
            {
                return Result(HardMatchState.Blocked, nameof(HardMatchReason.TargetSynchronized), $"{target}: {SynchronizedOptions}");
            }
            if (restore is not null && Guarded(user, live, restore, graph) is { } blocked)
            {
                return Result(HardMatchState.Blocked, blocked.Reason.ToString(), $"Restoring {restore} is a new stamp, re-checked like one: {blocked.Detail}");
            }
        }
        catch (Exception failure) when (failure is RuntimeException or IOException or TimeoutException or InvalidOperationException or System.Text.Json.JsonException && failure is not PipelineStoppedException)
        {
            WriteError(new ErrorRecord(failure, "GraphRequestFailed", ErrorCategory.ConnectionError, user.UserId));
            return Result(HardMatchState.Failed, failure.GetType().Name, $"Reading the tenant failed ({failure.Message}); nothing was written. Run Undo-HardMatchPlan again to continue.");
        }
        string action = $"Restore onPremisesImmutableId {restore ?? "(none)"} (now {written})";
        // Clearing a value the run added: ConfirmImpact High asks, -Force skips the question. A
        // non-null value is a new stamp: it asks whatever -Force says (-Confirm:$false does not ask).
        bool ask = journal is null || restore is not null || !Force || MyInvocation.BoundParameters.ContainsKey("Confirm");
        if (ask && !ShouldProcess(target, action) || journal is null)
        {
            return Result(HardMatchState.Skipped, journal is null ? "WhatIf" : "Declined", journal is null ? "-WhatIf: nothing was written." : "Declined: nothing was written.");
        }
        journal.Write(Record("undo-before"));
        WriteOutcome outcome;
        try
        {
            outcome = GraphWrite.Write(graph, user.UserId, restore, written);
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
        journal.Write(Record("undo-after", outcome.Outcome, outcome.Code, outcome.Detail));
        switch (outcome.Outcome)
        {
            case JournalOutcome.Set:
                return Result(HardMatchState.Restored, null, $"Restored {restore ?? "no immutableId (JSON null, through Graph beta)"} on {target}.");
            case JournalOutcome.Unknown:
                return Result(HardMatchState.Unknown, outcome.Code, outcome.Detail);
            case JournalOutcome.NotSet when outcome.Code == "Changed":
                return Result(HardMatchState.Changed, outcome.Code, outcome.Detail);
            default:
                WriteError(new ErrorRecord(new InvalidOperationException($"{target}: {outcome.Detail}"), "GraphRequestFailed", ErrorCategory.WriteError, user.UserId));
                return Result(HardMatchState.Failed, outcome.Code, outcome.Detail);
        }
    }

    /// <summary>The guard rails on the restore of a non-null value: null when they hold, else the blocking item.</summary>
    private HardMatchPlanItem? Guarded(UserEvidenceJson user, Hashtable live, string restore, GraphTransport graph)
    {
        if (PrivilegedUser is null && !warnedPrivileged)
        {
            warnedPrivileged = true;
            WriteWarning("Restoring a non-null immutableId is a new stamp: give -PrivilegedUser (as for New-HardMatchPlan) so a restore onto a privileged role holder is blocked.");
        }
        List<Hashtable> holders = graph.UsersHolding(restore, out GraphResponse lookup);
        List<Hashtable> deleted = lookup.IsSuccess ? graph.DeletedUsersHolding(restore, out lookup) : new List<Hashtable>();
        if (!lookup.IsSuccess)
        {
            (string code, string message) = lookup.Error();
            throw new InvalidOperationException($"looking up who holds {restore} failed (HTTP {lookup.Status}, {code}): {message}");
        }
        var item = new HardMatchPlanItem(new PlanItemJson
        {
            Identity = user.Identity ?? user.UserPrincipalName ?? user.UserId,
            ImmutableId = restore,
            CloudUserId = user.UserId,
            CloudUserPrincipalName = user.UserPrincipalName,
            Action = HardMatchAction.Set,
            Reason = HardMatchReason.ReplaceImmutableId,
        }, HardMatchDirection.ToCloud);
        HardMatchPlanItem now = LiveRecheck.Recheck(item, live, holders, deleted, PrivilegedUser, allowReplace: true);
        return now.Action == HardMatchAction.Set ? null : now;
    }
}
