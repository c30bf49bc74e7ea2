// The guard rails again, right before a write, on the live tenant: the same native plan, fed the
// target and the users holding the anchor as Graph returns them now.
using System.Collections;
using System.Collections.Generic;
using SyncMatch.Directory;
using SyncMatch.Native;

namespace SyncMatch.HardMatch;

internal static class LiveRecheck
{
    /// <summary>The item as the live state plans it (the plan's privileged, federated and tenant facts stay the plan's).</summary>
    internal static HardMatchPlanItem Recheck(HardMatchPlanItem item, Hashtable target, IReadOnlyList<Hashtable> holders)
    {
        var settings = new NativePlanSettings
        {
            AnchorAttribute = 0, // Auto: the item carries its anchor already.
            Direction = (uint)HardMatchDirection.ToCloud,
            AllowReplace = item.Reason == HardMatchReason.ReplaceImmutableId ? 1u : 0u,
        };
        using PlanSession session = PlanSession.Open(settings, [], [], EntityReader.For(Entity.OnPremisesUser));
        var cloud = new List<object?> { target };
        foreach (Hashtable holder in holders)
        {
            if (!string.Equals(holder["id"] as string, target["id"] as string, System.StringComparison.OrdinalIgnoreCase))
            {
                cloud.Add(holder);
            }
        }
        session.AddCloudUsers(cloud, deleted: false);
        var row = new RowBatch();
        ResultRow.Add(row, item.Identity, target["id"] as string, item.ImmutableId);
        session.AddRows(row);
        session.Finish();
        return session.Items(0, 1)[0];
    }
}
