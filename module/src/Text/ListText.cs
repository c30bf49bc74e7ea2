// The one way SyncMatch writes a list as one text: in every CSV (Export-SyncMatchCsv, the
// assessment's files), in the report, and in the lists' ToString (what Export-Csv writes).
using System.Collections.Generic;

namespace SyncMatch.Text;

internal static class ListText
{
    /// <summary>Between the items of a list written as one cell.</summary>
    internal const string Separator = "; ";

    internal static string Join<T>(IEnumerable<T> items) => string.Join(Separator, items);
}
