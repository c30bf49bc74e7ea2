// A MatchResult as a CSV row, written without a PowerShell object per result (Test-SoftMatch
// -OutFile): the same columns, in the same order, and the same cell texts as Export-SyncMatchCsv
// writes for the result objects (the Pester tests hold the two files byte for byte equal).
using System.Linq;
using SyncMatch.Text;

namespace SyncMatch.Matching;

internal static class MatchResultCsv
{
    /// <summary>MatchResult's public properties, in declaration order (as PowerShell lists them).</summary>
    internal static readonly string[] Columns =
    {
        nameof(MatchResult.Identity),
        nameof(MatchResult.UserPrincipalName),
        nameof(MatchResult.ImmutableId),
        nameof(MatchResult.MatchType),
        nameof(MatchResult.Outcome),
        nameof(MatchResult.Reason),
        nameof(MatchResult.CloudObjectId),
        nameof(MatchResult.CloudUserPrincipalName),
        nameof(MatchResult.PredictedUserPrincipalName),
        nameof(MatchResult.Warnings),
        nameof(MatchResult.Detail),
    };

    /// <summary>The result as one row of <paramref name="file"/>, in <see cref="Columns"/> order: null as empty, enums by name, the warnings as one list text.</summary>
    internal static void Write(CsvFile file, MatchResult result)
    {
        file.Cell(result.Identity);
        file.Cell(result.UserPrincipalName ?? "");
        file.Cell(result.ImmutableId ?? "");
        file.Cell(result.MatchType.ToString());
        file.Cell(result.Outcome.ToString());
        file.Cell(result.Reason.ToString());
        file.Cell(result.CloudObjectId ?? "");
        file.Cell(result.CloudUserPrincipalName ?? "");
        file.Cell(result.PredictedUserPrincipalName ?? "");
        file.Cell(result.Warnings.Count == 0 ? "" : ListText.Join(result.Warnings.Select(warning => warning.ToString())));
        file.Cell(result.Detail);
        file.EndRow();
    }
}
