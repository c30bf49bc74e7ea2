// Invoke-HardMatchPlan: writes the Set items of a plan through Microsoft Graph, each re-checked on
// the live tenant right before its PATCH, with a journal that -Resume and Undo-HardMatchPlan read.
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
public sealed class InvokeHardMatchPlanCommand : PSCmdlet
{
    /// <summary>How often a 429 that still reaches us is waited out (Invoke-MgGraphRequest retried it already).</summary>
    private const int MaxThrottleWaits = 3;

    private readonly List<HardMatchPlanItem> items = new();
    private string tenantId = "";

    /// <summary>Items of a plan (New-HardMatchPlan output).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public HardMatchPlanItem? InputObject { get; set; }

    /// <summary>The journal (JSON Lines); by default hardmatch-&lt;time&gt;.jsonl in the current folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? JournalPath { get; set; }

    /// <summary>Continue an interrupted run from its journal, writing nothing twice.</summary>
    [Parameter]
    public SwitchParameter Resume { get; set; }

    /// <summary>Skip the per-item confirmation (-WhatIf still writes nothing; an explicit -Confirm still asks).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (InputObject is not null)
        {
            items.Add(InputObject);
        }
    }

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
        GraphTransport? graph = whatIf ? null : Connect(this);
        tenantId = graph?.TenantId ?? "";
        if (graph is not null && items.FirstOrDefault(item => item.TenantId is { Length: > 0 } planned && !planned.Equals(graph.TenantId, StringComparison.OrdinalIgnoreCase)) is { } other)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSInvalidOperationException($"The plan was made for tenant {other.TenantId}, but Microsoft Graph is connected to {graph.TenantId}: nothing was written."),
                "PlanTenantMismatch", ErrorCategory.InvalidOperation, other));
        }
        string path = GetUnresolvedProviderPathFromPSPath(JournalPath ?? $"hardmatch-{DateTime.Now:yyyyMMdd-HHmmss}.jsonl");
        Dictionary<string, JournalRecord> done = graph is not null && Resume && File.Exists(path) ? Finished(path, graph.TenantId) : new();
        using HardMatchJournal? journal = whatIf ? null : HardMatchJournal.Open(path);
        if (journal is not null)
        {
            WriteInformation(new HostInformationMessage { Message = $"Journal: {path}" }, ["PSHOST"]);
        }
        var counts = new Dictionary<HardMatchState, int>();
        var progress = new ProgressRecord(5, "Invoke-HardMatchPlan", "Writing immutableIds");
        for (int i = 0; i < items.Count; i++)
        {
            HardMatchResult result = Apply(items[i], graph, journal, done, path);
            counts[result.State] = counts.GetValueOrDefault(result.State) + 1;
            WriteObject(result);
            progress.PercentComplete = (int)(100L * (i + 1) / items.Count);
            progress.StatusDescription = $"{i + 1:N0} of {items.Count:N0}";
            WriteProgress(progress);
        }
        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
        string summary = string.Join(", ", Enum.GetValues<HardMatchState>().Where(counts.ContainsKey).Select(state => $"{state} {counts[state]:N0}"));
        WriteInformation(new HostInformationMessage
        {
            Message = $"Hard match: {summary}. Once matching is done, turn soft-match blocking and hard-match takeover blocking back on, as Microsoft advises (Update-MgDirectoryOnPremiseSynchronization: BlockSoftMatchEnabled, BlockCloudObjectTakeoverThroughHardMatchEnabled).",
        }, ["PSHOST"]);
    }

    /// <summary>Finds Invoke-MgGraphRequest and the connection, or stops: nothing can be written without them.</summary>
    internal static GraphTransport Connect(PSCmdlet cmdlet)
    {
        try
        {
            return GraphTransport.Connect(cmdlet.InvokeCommand);
        }
        catch (GraphUnavailableException missing)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(missing, missing.ErrorId, ErrorCategory.ConnectionError, null));
            throw;
        }
    }

    /// <summary>The users an earlier run finished ("after" records), by id; refuses a journal of another tenant.</summary>
    private Dictionary<string, JournalRecord> Finished(string path, string tenantId)
    {
        var finished = new Dictionary<string, JournalRecord>(StringComparer.OrdinalIgnoreCase);
        foreach (JournalRecord record in HardMatchJournal.Read(path))
        {
            if (!string.Equals(record.TenantId, tenantId, StringComparison.OrdinalIgnoreCase))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSInvalidOperationException($"The journal {path} was written for tenant {record.TenantId}, but Microsoft Graph is connected to {tenantId}."),
                    "JournalTenantMismatch", ErrorCategory.InvalidOperation, path));
            }
            if (record.Phase == "after" && record.Outcome == nameof(HardMatchState.Set))
            {
                finished[record.UserId] = record;
            }
        }
        return finished;
    }

    private HardMatchResult Apply(HardMatchPlanItem item, GraphTransport? graph, HardMatchJournal? journal, Dictionary<string, JournalRecord> done, string path)
    {
        HardMatchResult Result(HardMatchState state, string? code, string detail, string? previous = null) =>
            new(item.Identity, item.CloudUserId, item.CloudUserPrincipalName, item.ImmutableId, previous ?? item.PreviousImmutableId, state, code, detail, path);

        if (item.Action != HardMatchAction.Set || item.Direction != HardMatchDirection.ToCloud || item.CloudUserId is null || item.ImmutableId is null)
        {
            HardMatchState state = item.Action == HardMatchAction.AlreadyMatched ? HardMatchState.AlreadyMatched : item.Action == HardMatchAction.Blocked ? HardMatchState.Blocked : HardMatchState.Skipped;
            return Result(state, item.Reason.ToString(), item.Action == HardMatchAction.Set ? "Not a cloud stamp: -Direction ToOnPremises items are written with Set-ADUser." : item.Detail);
        }
        if (done.TryGetValue(item.CloudUserId, out JournalRecord? earlier) && earlier.ImmutableId == item.ImmutableId)
        {
            return Result(HardMatchState.AlreadyMatched, "Journal", "An earlier run of this journal already wrote it; nothing is written twice.", earlier.PreviousImmutableId);
        }
        string target = $"{item.CloudUserPrincipalName ?? item.CloudUserId} (id {item.CloudUserId})";
        string action = $"Set onPremisesImmutableId to {item.ImmutableId} (now: {item.PreviousImmutableId ?? "none"})";
        // ConfirmImpact High asks per item; -Force skips the question (an explicit -Confirm still asks).
        bool ask = graph is null || !Force || MyInvocation.BoundParameters.ContainsKey("Confirm");
        if (ask && !ShouldProcess(target, action) || graph is null)
        {
            return Result(HardMatchState.Skipped, graph is null ? "WhatIf" : "Declined", graph is null ? "-WhatIf: nothing was written." : "Declined: nothing was written.");
        }
        try
        {
            // The guard rails again, on the tenant as it is now.
            Hashtable? live = graph.GetUser(item.CloudUserId, out GraphResponse read);
            if (live is null)
            {
                return Fail(item, read, journal, path, "reading the user");
            }
            List<Hashtable> holders = graph.UsersHolding(item.ImmutableId, out GraphResponse lookup);
            if (!lookup.IsSuccess)
            {
                return Fail(item, lookup, journal, path, "looking up who holds the anchor");
            }
            string? previous = live["onPremisesImmutableId"] as string;
            HardMatchPlanItem now = LiveRecheck.Recheck(item, live, holders);
            if (now.Action == HardMatchAction.AlreadyMatched)
            {
                return Result(HardMatchState.AlreadyMatched, now.Reason.ToString(), now.Detail, previous);
            }
            if (now.Action != HardMatchAction.Set)
            {
                return Result(HardMatchState.Blocked, now.Reason.ToString(), "Re-checked on the live tenant: " + now.Detail, previous);
            }
            var before = new JournalRecord { Phase = "before", TenantId = graph.TenantId, UserId = item.CloudUserId, UserPrincipalName = item.CloudUserPrincipalName, Identity = item.Identity, PreviousImmutableId = previous, ImmutableId = item.ImmutableId };
            journal!.Write(before);
            GraphResponse written = Patch(graph, item.CloudUserId, item.ImmutableId);
            if (!written.IsSuccess)
            {
                return Fail(item, written, journal, path, "writing", previous);
            }
            Hashtable? check = graph.GetUser(item.CloudUserId, out GraphResponse reread);
            if (check is null || check["onPremisesImmutableId"] as string != item.ImmutableId)
            {
                return Fail(item, reread.IsSuccess ? reread with { Status = 0, Body = "{\"error\":{\"code\":\"ReadBackMismatch\",\"message\":\"the value read back is not the one written\"}}" } : reread, journal, path, "reading back", previous);
            }
            journal.Write(new JournalRecord { Phase = "after", TenantId = graph.TenantId, UserId = item.CloudUserId, UserPrincipalName = item.CloudUserPrincipalName, Identity = item.Identity, PreviousImmutableId = previous, ImmutableId = item.ImmutableId, Outcome = nameof(HardMatchState.Set) });
            return Result(HardMatchState.Set, item.Reason.ToString(), $"Stamped {item.ImmutableId} on {target}; the user's first synchronization hard-matches it.", previous);
        }
        catch (Exception failure) when (failure is RuntimeException or IOException or TimeoutException or InvalidOperationException)
        {
            journal?.Write(new JournalRecord { Phase = "after", TenantId = tenantId, UserId = item.CloudUserId, ImmutableId = item.ImmutableId, Outcome = nameof(HardMatchState.Failed), Code = failure.GetType().Name, Message = failure.Message });
            WriteError(new ErrorRecord(failure, "GraphRequestFailed", ErrorCategory.ConnectionError, item));
            return Result(HardMatchState.Failed, failure.GetType().Name, $"The request failed ({failure.Message}); run again with -Resume -JournalPath to continue.");
        }
    }

    /// <summary>The PATCH; a 429 that still reaches us (Invoke-MgGraphRequest retried it already) waits Retry-After, a few times. A 4xx is never retried.</summary>
    private static GraphResponse Patch(GraphTransport graph, string userId, string immutableId)
    {
        GraphResponse response = graph.SetImmutableId(userId, immutableId);
        for (int wait = 0; wait < MaxThrottleWaits && response.Status == 429; wait++)
        {
            Thread.Sleep(response.RetryAfter ?? TimeSpan.FromSeconds(1 << wait));
            response = graph.SetImmutableId(userId, immutableId);
        }
        return response;
    }

    private HardMatchResult Fail(HardMatchPlanItem item, GraphResponse response, HardMatchJournal? journal, string path, string doing, string? previous = null)
    {
        (string code, string message) = response.Error();
        journal?.Write(new JournalRecord { Phase = "after", TenantId = tenantId, UserId = item.CloudUserId ?? "", ImmutableId = item.ImmutableId, PreviousImmutableId = previous, Outcome = nameof(HardMatchState.Failed), Code = code, Message = message });
        WriteError(new ErrorRecord(
            new InvalidOperationException($"{item.CloudUserPrincipalName ?? item.CloudUserId}: Microsoft Graph refused {doing} (HTTP {response.Status}, {code}): {message}"),
            "GraphRequestFailed", ErrorCategory.WriteError, item));
        return new HardMatchResult(item.Identity, item.CloudUserId, item.CloudUserPrincipalName, item.ImmutableId, previous ?? item.PreviousImmutableId, HardMatchState.Failed, code, $"Microsoft Graph refused {doing} (HTTP {response.Status}): {message}", path);
    }
}
