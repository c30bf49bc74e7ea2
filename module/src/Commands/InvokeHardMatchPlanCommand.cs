// Invoke-HardMatchPlan: writes the Set items of a plan through Microsoft Graph, each re-checked on
// the live tenant right before its PATCH, with a sealed journal that -Resume and
// Undo-HardMatchPlan read as evidence (docs/model.md, *The journal*).
using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using SyncMatch.HardMatch;

namespace SyncMatch.Commands;

/// <summary>Stamps the planned immutableIds on the cloud users, through Microsoft Graph.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "HardMatchPlan", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(HardMatchResult))]
public sealed class InvokeHardMatchPlanCommand : SyncMatchCmdlet, IDisposable
{
    private readonly List<HardMatchPlanItem> items = new();
    private readonly CancellationTokenSource stopping = new();
    private Dictionary<string, UserEvidenceJson> earlier = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, WriteOutcome> settledNow = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Items of a plan (New-HardMatchPlan output, in this session: a plan is never loaded from a file).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public object? InputObject { get; set; }

    /// <summary>The journal (sealed JSON Lines); by default hardmatch-&lt;time&gt;.jsonl in the current folder. A new run refuses an existing file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [Alias("LiteralPath")]
    public string? JournalPath { get; set; }

    /// <summary>The key that seals the journal; by default journal.key in SyncMatch's folder of your local application data, made on first use.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JournalKeyPath { get; set; }

    /// <summary>Continue an interrupted run of the same plan from its journal: settle what it did not see, write nothing twice.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Skip the per-item confirmation (-WhatIf still writes nothing; an explicit -Confirm still asks).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        switch (InputObject is PSObject wrapped ? wrapped.BaseObject : InputObject)
        {
            case HardMatchPlanItem item:
                items.Add(item);
                break;
            case null:
                break;
            default:
                // A plan read back from a file (hardmatch-candidates.csv, Export-Csv of a plan) could
                // have been edited: it is re-planned, never written as it stands.
                bool planRow = PSObject.AsPSObject(InputObject!).Properties["ImmutableId"] is not null && PSObject.AsPSObject(InputObject!).Properties["CloudUserId"] is not null;
                WriteError(new ErrorRecord(
                    new PSArgumentException(planRow
                        ? "This row comes from a file (hardmatch-candidates.csv, or a plan saved with Export-Csv), which anyone could have edited: Invoke-HardMatchPlan writes only the items New-HardMatchPlan returns. Plan the rows again — their SamAccountName and CloudUserId columns are a mapping, and every anchor is derived again: Import-Csv .\\hardmatch-candidates.csv | New-HardMatchPlan -OnPremisesUser $ad -CloudUser $cloud | Invoke-HardMatchPlan"
                        : $"Invoke-HardMatchPlan writes the items New-HardMatchPlan returns; this input is a {Text.DisplayText.WellFormed((InputObject is PSObject shown ? shown.BaseObject : InputObject!).GetType().Name)}."),
                    planRow ? "PlanFromFile" : "NotAPlanItem", ErrorCategory.InvalidType, InputObject));
                break;
        }
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => stopping.Cancel();

    /// <inheritdoc/>
    public void Dispose() => stopping.Dispose();

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (items.Count == 0)
        {
            // Nothing to write: no connection is needed.
            return;
        }
        if (Resume && JournalPath is null)
        {
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException("-Resume needs the -JournalPath of the run to continue."), "JournalPathRequired", ErrorCategory.InvalidArgument, null));
        }
        bool whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? flag) && flag is SwitchParameter { IsPresent: true };
        // -WhatIf reads nothing from Graph: it says what would be written, and needs no connection.
        GraphTransport? graph = whatIf ? TryConnect(this, stopping.Token) : Connect(this, stopping.Token);
        if (graph is not null)
        {
            try
            {
                if (graph.RoleWarning() is { } roles)
                {
                    WriteWarning(roles);
                }
            }
            catch (Exception unread) when (unread is RuntimeException or IOException or System.Text.Json.JsonException && unread is not PipelineStoppedException)
            {
                WriteWarning($"The signed-in user's roles could not be read ({unread.Message}).");
            }
        }
        if (graph is not null && items.FirstOrDefault(item => item.TenantId is { Length: > 0 } planned && !planned.Equals(graph.TenantId, StringComparison.OrdinalIgnoreCase)) is { } other)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSInvalidOperationException($"The plan was made for tenant {other.TenantId}, but Microsoft Graph is connected to {graph.TenantId}: nothing was written."),
                "PlanTenantMismatch", ErrorCategory.InvalidOperation, other));
        }
        string path = GetUnresolvedProviderPathFromPSPath(JournalPath ?? $"hardmatch-{DateTime.Now:yyyyMMdd-HHmmss}.jsonl");
        using HardMatchJournal? journal = whatIf || graph is null ? null : OpenJournal(path, graph);
        if (journal is not null)
        {
            WriteInformation(new HostInformationMessage { Message = $"Journal: {path}" }, ["PSHOST"]);
            SettleOpen(graph!, journal);
        }
        var counts = new Dictionary<HardMatchState, int>();
        var progress = new ProgressRecord(5, "Invoke-HardMatchPlan", "Writing immutableIds");
        for (int i = 0; i < items.Count; i++)
        {
            // A -WhatIf result names no journal: none was written.
            HardMatchResult result = Apply(items[i], graph, journal, journal is null ? null : path);
            counts[result.State] = counts.GetValueOrDefault(result.State) + 1;
            WriteObject(result);
            progress.PercentComplete = (int)(100L * (i + 1) / items.Count);
            progress.StatusDescription = $"{i + 1:N0} of {items.Count:N0}";
            WriteProgress(progress);
        }
        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
        string summary = string.Join(", ", Enum.GetValues<HardMatchState>().Where(counts.ContainsKey).Select(state => $"{state} {counts[state]:N0}"));
        if (counts.GetValueOrDefault(HardMatchState.Unknown) > 0)
        {
            WriteWarning($"{counts[HardMatchState.Unknown]:N0} writes were sent but not seen applied: run again with -Resume -JournalPath '{path}' to settle them, or Undo-HardMatchPlan '{path}' to take them back.");
        }
        WriteInformation(new HostInformationMessage
        {
            Message = $"Hard match: {summary}. Once matching is done, turn soft-match blocking and hard-match takeover blocking back on, as Microsoft advises (Update-MgDirectoryOnPremiseSynchronization: BlockSoftMatchEnabled, BlockCloudObjectTakeoverThroughHardMatchEnabled).",
        }, ["PSHOST"]);
    }

    /// <summary>
    /// Finds Invoke-MgGraphRequest and the connection, or stops: nothing can be written without
    /// them. Warns when the Invoke-MgGraphRequest found is not Microsoft's.
    /// </summary>
    internal static GraphTransport Connect(PSCmdlet cmdlet, CancellationToken stopping)
    {
        try
        {
            return Warned(cmdlet, GraphTransport.Connect(cmdlet.InvokeCommand, stopping, Throttled(cmdlet)));
        }
        catch (GraphUnavailableException missing)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(missing, missing.ErrorId, ErrorCategory.ConnectionError, null));
            throw;
        }
    }

    /// <summary>What a run says each time a 429 holds it back.</summary>
    private static Action<TimeSpan> Throttled(PSCmdlet cmdlet) =>
        delay => cmdlet.WriteVerbose($"Microsoft Graph throttled the run (HTTP 429): every request waits {delay.TotalSeconds:0.#} s (Retry-After).");

    /// <summary>The connection when there is one (-WhatIf runs the read-only part then), else null.</summary>
    private static GraphTransport? TryConnect(PSCmdlet cmdlet, CancellationToken stopping)
    {
        try
        {
            return Warned(cmdlet, GraphTransport.Connect(cmdlet.InvokeCommand, stopping, Throttled(cmdlet)));
        }
        catch (GraphUnavailableException)
        {
            return null;
        }
    }

    private static GraphTransport Warned(PSCmdlet cmdlet, GraphTransport graph)
    {
        if (graph.NotMicrosoft is { } foreign)
        {
            cmdlet.WriteWarning(foreign);
        }
        return graph;
    }

    /// <summary>The journal key, or stops naming where it looked.</summary>
    internal static JournalKey LoadKey(PSCmdlet cmdlet, string? keyPath, bool create)
    {
        string path = keyPath is null ? JournalKey.DefaultPath : cmdlet.GetUnresolvedProviderPathFromPSPath(keyPath);
        try
        {
            return JournalKey.Load(path, create);
        }
        catch (Exception unusable) when (unusable is IOException or UnauthorizedAccessException)
        {
            throw new JournalException("JournalKeyUnavailable", unusable.Message);
        }
    }

    /// <summary>A new journal, or with -Resume the run's own: same tenant, same plan.</summary>
    private HardMatchJournal OpenJournal(string path, GraphTransport graph)
    {
        string digest = JournalSeal.PlanDigest(items);
        try
        {
            if (!Resume)
            {
                if (File.Exists(path))
                {
                    throw new JournalException("JournalExists", $"{path} exists: continue its run with -Resume, or give a new -JournalPath. Nothing was written.");
                }
                return HardMatchJournal.Create(path, LoadKey(this, JournalKeyPath, create: true), graph.TenantId, digest, items.Count);
            }
            if (!File.Exists(path))
            {
                throw new JournalException("JournalNotFound", $"No journal at {path} to resume.");
            }
            JournalKey? key = null;
            JournalRead read = HardMatchJournal.Read(path, () => key = LoadKey(this, JournalKeyPath, create: false));
            JournalHeadJson head = read.Evidence.Head;
            if (!string.Equals(head.TenantId, graph.TenantId, StringComparison.OrdinalIgnoreCase))
            {
                throw new JournalException("JournalTenantMismatch", $"The journal {path} was written for tenant {head.TenantId}, but Microsoft Graph is connected to {graph.TenantId}.");
            }
            if (!string.Equals(head.PlanDigest, digest, StringComparison.OrdinalIgnoreCase))
            {
                throw new JournalException("JournalPlanMismatch",
                    $"The journal {path} records a run of another plan ({head.Items:N0} items, begun {head.Time}): -Resume continues the plan it began. Start a new journal for a new plan. Nothing was written.");
            }
            earlier = read.Evidence.Users.ToDictionary(user => user.UserId, StringComparer.OrdinalIgnoreCase);
            return HardMatchJournal.Continue(path, key!, read);
        }
        catch (JournalException refused)
        {
            ThrowTerminatingError(new ErrorRecord(refused, refused.ErrorId, ErrorCategory.InvalidData, path));
            throw;
        }
    }

    private HardMatchResult Apply(HardMatchPlanItem item, GraphTransport? graph, HardMatchJournal? journal, string? path)
    {
        HardMatchResult Result(HardMatchState state, string? code, string detail, string? previous = null) =>
            new(item.Identity, item.CloudUserId, item.CloudUserPrincipalName, item.ImmutableId, previous ?? item.PreviousImmutableId, state, code, detail, path);

        if (item.Action != HardMatchAction.Set || item.Direction != HardMatchDirection.ToCloud || item.CloudUserId is null || item.ImmutableId is null)
        {
            HardMatchState state = item.Action == HardMatchAction.AlreadyMatched ? HardMatchState.AlreadyMatched : item.Action == HardMatchAction.Blocked ? HardMatchState.Blocked : HardMatchState.Skipped;
            return Result(state, item.Reason.ToString(), item.Action == HardMatchAction.Set ? "Not a cloud stamp: -Direction ToOnPremises items are written with Set-ADUser." : item.Detail);
        }
        JournalRecord Record(string phase, string? previous, JournalOutcome? outcome = null, string? code = null, string? message = null) =>
            new() { Phase = phase, UserId = item.CloudUserId, UserPrincipalName = item.CloudUserPrincipalName, Identity = item.Identity, PreviousImmutableId = previous, ImmutableId = item.ImmutableId, Outcome = outcome?.ToString(), Code = code, Message = message };

        if (graph is not null && journal is not null && earlier.TryGetValue(item.CloudUserId, out UserEvidenceJson? before))
        {
            if (before.Undo != JournalUndoState.None)
            {
                return Result(HardMatchState.Undone, "Undone", $"Undo-HardMatchPlan reverted this run's write (journal line {before.Line}): -Resume does not stamp it again. A new plan and run does, on purpose.", before.PreviousImmutableId);
            }
            else if (before.Write == JournalWriteState.Set && before.ImmutableId == item.ImmutableId)
            {
                return Result(HardMatchState.AlreadyMatched, "Journal", $"An earlier run of this journal wrote it (line {before.Line}): nothing is written twice.", before.PreviousImmutableId);
            }
            if (settledNow.TryGetValue(item.CloudUserId, out WriteOutcome? settled))
            {
                switch (settled.Outcome)
                {
                    case JournalOutcome.Set:
                        return Result(HardMatchState.Set, "Settled", settled.Detail, before.PreviousImmutableId);
                    case JournalOutcome.Unknown:
                        return Result(HardMatchState.Unknown, settled.Code, settled.Detail, before.PreviousImmutableId);
                    default:
                        break; // Not applied: written now, like any item.
                }
            }
        }
        string target = $"{item.CloudUserPrincipalName ?? item.CloudUserId} (id {item.CloudUserId})";
        string action = $"Set onPremisesImmutableId to {item.ImmutableId} (now: {item.PreviousImmutableId ?? "none"})";
        if (journal is null)
        {
            // -WhatIf: when connected, the read-only part runs (the live re-read, the holders);
            // nothing is written and no journal is kept.
            if (graph is null)
            {
                return Result(HardMatchState.Skipped, "WhatIf", "-WhatIf: nothing was read (not connected to Microsoft Graph) or written.");
            }
            if (LiveCheck(item, graph, path, out string? seen) is { } stopped)
            {
                return stopped;
            }
            ShouldProcess(target, action);
            return Result(HardMatchState.Skipped, "WhatIf", "-WhatIf: re-checked on the live tenant, it would be written; nothing was written.", seen);
        }
        // ConfirmImpact High asks per item; -Force skips the question (an explicit -Confirm still asks).
        bool ask = !Force || MyInvocation.BoundParameters.ContainsKey("Confirm");
        if (ask && !ShouldProcess(target, action) || graph is null)
        {
            return Result(HardMatchState.Skipped, "Declined", "Declined: nothing was written.");
        }
        if (LiveCheck(item, graph, path, out string? previous) is { } blocked)
        {
            return blocked;
        }
        journal.Write(Record("before", previous));
        WriteOutcome outcome = Guarded(() => GraphWrite.Write(graph, item.CloudUserId, item.ImmutableId, previous));
        journal.Write(Record("after", previous, outcome.Outcome, outcome.Code, outcome.Detail));
        switch (outcome.Outcome)
        {
            case JournalOutcome.Set:
                return Result(HardMatchState.Set, item.Reason.ToString(), $"Stamped {item.ImmutableId} on {target}; the user's first synchronization hard-matches it.", previous);
            case JournalOutcome.Unknown:
                return Result(HardMatchState.Unknown, outcome.Code, outcome.Detail, previous);
            case JournalOutcome.NotSet when outcome.Code == "Changed":
                return Result(HardMatchState.Changed, outcome.Code, outcome.Detail, previous);
            default:
                WriteError(new ErrorRecord(new InvalidOperationException($"{target}: {outcome.Detail}"), "GraphRequestFailed", ErrorCategory.WriteError, item));
                return Result(HardMatchState.Failed, outcome.Code, outcome.Detail, previous);
        }
    }

    /// <summary>
    /// The guard rails again, on the tenant as it is now: null when the item may be written (with
    /// the value the user holds), else its result (AlreadyMatched, Blocked, or Failed when the
    /// tenant could not be read; nothing was sent, so nothing is journalled).
    /// </summary>
    private HardMatchResult? LiveCheck(HardMatchPlanItem item, GraphTransport graph, string? path, out string? previous)
    {
        previous = null;
        HardMatchResult Result(HardMatchState state, string? code, string detail, string? held) =>
            new(item.Identity, item.CloudUserId, item.CloudUserPrincipalName, item.ImmutableId, held ?? item.PreviousImmutableId, state, code, detail, path);
        try
        {
            Hashtable? live = graph.GetUser(item.CloudUserId!, out GraphResponse read);
            if (live is null)
            {
                return Fail(item, read, path, "reading the user");
            }
            List<Hashtable> holders = graph.UsersHolding(item.ImmutableId!, out GraphResponse lookup);
            if (!lookup.IsSuccess)
            {
                return Fail(item, lookup, path, "looking up who holds the anchor");
            }
            List<Hashtable> deleted = graph.DeletedUsersHolding(item.ImmutableId!, out GraphResponse deletedLookup);
            if (!deletedLookup.IsSuccess)
            {
                return Fail(item, deletedLookup, path, "listing the soft-deleted users");
            }
            previous = live["onPremisesImmutableId"] as string;
            HardMatchPlanItem now = LiveRecheck.Recheck(item, live, holders, deleted);
            if (now.Action == HardMatchAction.AlreadyMatched)
            {
                return Result(HardMatchState.AlreadyMatched, now.Reason.ToString(), now.Detail, previous);
            }
            if (now.Action != HardMatchAction.Set)
            {
                return Result(HardMatchState.Blocked, now.Reason.ToString(), "Re-checked on the live tenant: " + now.Detail, previous);
            }
            return null;
        }
        catch (Exception failure) when (failure is RuntimeException or IOException or TimeoutException or InvalidOperationException or System.Text.Json.JsonException && failure is not PipelineStoppedException)
        {
            // Nothing was sent yet: no journal record, and -Resume tries it again.
            WriteError(new ErrorRecord(failure, "GraphRequestFailed", ErrorCategory.ConnectionError, item));
            return Result(HardMatchState.Failed, failure.GetType().Name, $"Reading the tenant failed ({failure.Message}); nothing was written. Run again with -Resume -JournalPath to continue.", null);
        }
    }

    /// <summary>
    /// -Resume, before anything else: each write the earlier run did not see through (Unknown, or
    /// a "before" with nothing after it) is re-read and settled, and the outcome journalled.
    /// </summary>
    private void SettleOpen(GraphTransport graph, HardMatchJournal journal)
    {
        List<UserEvidenceJson> open = earlier.Values.Where(user => user.WriteOpen).ToList();
        var progress = new ProgressRecord(6, "Invoke-HardMatchPlan", "Settling what the earlier run did not see through");
        for (int i = 0; i < open.Count; i++)
        {
            UserEvidenceJson user = open[i];
            WriteOutcome settled = Guarded(() => GraphWrite.Settle(graph, user.UserId, user.ImmutableId, user.PreviousImmutableId,
                $"An earlier run's write (journal line {user.Line}) was not seen through", settleAsNotSet: true));
            journal.Write(new JournalRecord
            {
                Phase = "after", UserId = user.UserId, UserPrincipalName = user.UserPrincipalName, Identity = user.Identity,
                PreviousImmutableId = user.PreviousImmutableId, ImmutableId = user.ImmutableId,
                Outcome = settled.Outcome.ToString(), Code = "Settled" + settled.Code, Message = settled.Detail,
            });
            settledNow[user.UserId] = settled;
            progress.PercentComplete = (int)(100L * (i + 1) / open.Count);
            WriteProgress(progress);
        }
        if (open.Count > 0)
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }

    /// <summary>A stop (Ctrl+C) while settling leaves the journal as it is: a later -Resume settles it.</summary>
    private static WriteOutcome Guarded(Func<WriteOutcome> write)
    {
        try
        {
            return write();
        }
        catch (OperationCanceledException)
        {
            throw new PipelineStoppedException();
        }
    }

    private HardMatchResult Fail(HardMatchPlanItem item, GraphResponse response, string? path, string doing)
    {
        (string code, string message) = response.Error();
        WriteError(new ErrorRecord(
            new InvalidOperationException($"{item.CloudUserPrincipalName ?? item.CloudUserId}: Microsoft Graph refused {doing} (HTTP {response.Status}, {code}): {message}"),
            "GraphRequestFailed", ErrorCategory.WriteError, item));
        return new HardMatchResult(item.Identity, item.CloudUserId, item.CloudUserPrincipalName, item.ImmutableId, item.PreviousImmutableId, HardMatchState.Failed, code, $"Microsoft Graph refused {doing} (HTTP {response.Status}): {message}. Nothing was written.", path);
    }
}
