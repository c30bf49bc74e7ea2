// One onPremisesImmutableId write and what became of it. Failed is only a definite refusal (a
// 4xx); anything else the client did not see through (a timeout after the request left, a 5xx, a
// read-back that does not show the value yet: the directory is eventually consistent) is settled
// by re-reading a bounded number of times, and stays Unknown when the reads do not settle it.
using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;

namespace SyncMatch.HardMatch;

/// <summary>How a write ended: its outcome, a stable code, one sentence.</summary>
internal sealed record WriteOutcome(JournalOutcome Outcome, string Code, string Detail);

internal static class GraphWrite
{
    /// <summary>The waits between re-reads: 6.2 s in all, longer than Graph's usual replication lag.</summary>
    internal static readonly TimeSpan[] ReadBackDelays =
        [TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1600), TimeSpan.FromMilliseconds(3200)];

    /// <summary>PATCHes <paramref name="value"/> (null clears) on a user that holds <paramref name="previous"/>, and settles what happened.</summary>
    internal static WriteOutcome Write(GraphTransport graph, string userId, string? value, string? previous)
    {
        GraphResponse? response = null;
        string why;
        try
        {
            response = graph.SetImmutableId(userId, value);
            (string code, string message) = response.Error();
            if (response.IsRefusal)
            {
                return new WriteOutcome(JournalOutcome.Failed, code, $"Microsoft Graph refused the write (HTTP {response.Status}, {code}): {message}");
            }
            if (response.Status == 429)
            {
                // A 429 is refused before it is applied: nothing was written.
                return new WriteOutcome(JournalOutcome.NotSet, "TooManyRequests", $"Microsoft Graph throttled the write {GraphTransport.MaxThrottleWaits + 1} times in a row (HTTP 429): nothing was written; run again with -Resume.");
            }
            why = response.IsSuccess ? "Microsoft Graph accepted the write" : $"the write ended with HTTP {response.Status} ({code}: {message})";
        }
        catch (Exception lost) when (lost is not PipelineStoppedException and not OperationCanceledException)
        {
            why = $"the write's request failed after it may have been sent ({lost.Message})";
        }
        return Settle(graph, userId, value, previous, why, settleAsNotSet: false);
    }

    /// <summary>
    /// Re-reads the user until it shows <paramref name="value"/> (Set) or the reads run out:
    /// Unknown, or with <paramref name="settleAsNotSet"/> (a later run settling an earlier one),
    /// NotSet when it still shows <paramref name="previous"/>. Another value is NotSet: someone
    /// else wrote it.
    /// </summary>
    internal static WriteOutcome Settle(GraphTransport graph, string userId, string? value, string? previous, string why, bool settleAsNotSet)
    {
        string lastFailure = "";
        bool read = false;
        string? seen = null;
        for (int attempt = 0; attempt <= ReadBackDelays.Length; attempt++)
        {
            if (attempt > 0)
            {
                graph.Wait(ReadBackDelays[attempt - 1]);
            }
            try
            {
                Hashtable? user = graph.GetUser(userId, out GraphResponse reread);
                if (user is null)
                {
                    (string code, string message) = reread.Error();
                    lastFailure = $"HTTP {reread.Status} ({code}: {message})";
                    continue;
                }
                read = true;
                seen = user["onPremisesImmutableId"] as string;
                if (seen == value)
                {
                    return new WriteOutcome(JournalOutcome.Set, "Set", $"{why}; read back {Shown(value)}.");
                }
                if (seen != previous)
                {
                    return new WriteOutcome(JournalOutcome.NotSet, "Changed", $"{why}, but the user now holds {Shown(seen)}, neither the value before ({Shown(previous)}) nor the one written: another writer changed it.");
                }
            }
            catch (Exception failed) when (failed is not PipelineStoppedException and not OperationCanceledException)
            {
                lastFailure = failed.Message;
            }
        }
        if (!read)
        {
            return new WriteOutcome(JournalOutcome.Unknown, "ReadBackFailed", $"{why}, and no re-read answered ({lastFailure}): the outcome is not known. Run again with -Resume to settle it, or Undo-HardMatchPlan to take it back.");
        }
        if (settleAsNotSet)
        {
            return new WriteOutcome(JournalOutcome.NotSet, "NotApplied", $"{why}: {ReadBackDelays.Length + 1} reads still show {Shown(previous)}, so it was not applied.");
        }
        return new WriteOutcome(JournalOutcome.Unknown, "NotYetVisible", $"{why}, but {ReadBackDelays.Length + 1} reads over {ReadBackTotal.TotalSeconds:0.#} s still show {Shown(previous)}: not visible yet (reads are eventually consistent), not refused. Run again with -Resume to settle it, or Undo-HardMatchPlan to take it back.");
    }

    /// <summary>How long the re-reads wait in all.</summary>
    private static readonly TimeSpan ReadBackTotal = TimeSpan.FromTicks(ReadBackDelays.Sum(delay => delay.Ticks));

    internal static string Shown(string? value) => value is null ? "no immutableId" : value;
}
