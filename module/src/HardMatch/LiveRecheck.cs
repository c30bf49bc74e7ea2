// The guard rails again, right before a write, on the live tenant: the same native plan, fed the
// target and the users holding the anchor (and the soft-deleted ones) as Graph returns them now.
using System.Collections;
using System.Collections.Generic;
using SyncMatch.Directory;
using SyncMatch.Native;

namespace SyncMatch.HardMatch;

internal static class LiveRecheck
{
    /// <summary>
    /// The item as the live state plans it (the plan's federated and tenant facts stay the
    /// plan's; <paramref name="privileged"/> names the privileged role holders when known).
    /// </summary>
    internal static HardMatchPlanItem Recheck(HardMatchPlanItem item, Hashtable target, IReadOnlyList<Hashtable> holders, IReadOnlyList<Hashtable> deletedHolders, IReadOnlyList<string>? privileged = null, bool allowReplace = false)
    {
        var settings = new NativePlanSettings
        {
            AnchorAttribute = 0, // Auto: the item carries its anchor already.
            Direction = (uint)HardMatchDirection.ToCloud,
            AllowReplace = allowReplace || item.Reason == HardMatchReason.ReplaceImmutableId ? 1u : 0u,
        };
        using PlanSession session = PlanSession.Open(settings, privileged ?? [], [], [], EntityReader.For(Entity.OnPremisesUser));
        var cloud = new List<object?> { target };
        foreach (Hashtable holder in holders)
        {
            if (!string.Equals(holder["id"] as string, target["id"] as string, System.StringComparison.OrdinalIgnoreCase))
            {
                cloud.Add(holder);
            }
        }
        session.AddCloudUsers(cloud, deleted: false);
        if (deletedHolders.Count > 0)
        {
            session.AddCloudUsers(new List<object?>(deletedHolders), deleted: true);
        }
        var row = new RowBatch();
        ResultRow.Add(row, item.Identity, target["id"] as string, item.ImmutableId);
        session.AddRows(row);
        session.Finish();
        return session.Items(0, 1)[0];
    }
}
