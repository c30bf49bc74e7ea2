// A mapping row that carries its anchor and its target as a Test-SoftMatch result (or an item
// re-checked before its write) does: its identity, the target's id, the immutableId to stamp.
// The core plans it as the schema's mapping-row key rule says (schema/mapping.rs).
using SyncMatch.Directory;

namespace SyncMatch.HardMatch;

internal static class ResultRow
{
    /// <summary>Adds the row to <paramref name="rows"/>.</summary>
    internal static void Add(RowBatch rows, string identity, string? cloudUserId, string? immutableId)
    {
        Schema schema = Schema.Current;
        rows.AddCell(schema.Field("ResultIdentity"), identity);
        if (cloudUserId is not null)
        {
            rows.AddCell(schema.Field("CloudUserId"), cloudUserId);
        }
        if (immutableId is not null)
        {
            rows.AddCell(schema.Field("ImmutableId"), immutableId);
        }
        rows.EndRow(identity.Length);
    }
}
