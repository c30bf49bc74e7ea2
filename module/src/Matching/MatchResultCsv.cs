// The columns of a MatchResult as a CSV file: MatchResult's public properties in declaration
// order, as PowerShell lists them and Export-SyncMatchCsv writes them. Test-SoftMatch -OutFile
// writes its rows from the core's records (MatchRecordPage.WriteRows); the Pester tests hold the
// two files byte for byte equal.
namespace SyncMatch.Matching;

internal static class MatchResultCsv
{
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
}
