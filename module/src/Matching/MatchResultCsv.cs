// A MatchResult as a CSV row: MatchResult's public properties in declaration order, as
// PowerShell lists them and Export-SyncMatchCsv writes them, each cell as Export-SyncMatchCsv
// writes it. Test-SoftMatch -OutFile writes its rows from the core's records with it, no object
// per result; the Pester tests hold the two files byte for byte equal.
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using System;
using SyncMatch.Native;
using SyncMatch.Text;

namespace SyncMatch.Matching;

internal static class MatchResultCsv
{
    internal static readonly string[] Columns =
    {
        nameof(MatchResult.Identity),
        nameof(MatchResult.ObjectType),
        nameof(MatchResult.UserPrincipalName),
        nameof(MatchResult.ImmutableId),
        nameof(MatchResult.MatchType),
        nameof(MatchResult.Outcome),
        nameof(MatchResult.Reason),
        nameof(MatchResult.HardMatchCandidate),
        nameof(MatchResult.CloudObjectId),
        nameof(MatchResult.CloudUserPrincipalName),
        nameof(MatchResult.PredictedUserPrincipalName),
        nameof(MatchResult.Warnings),
        nameof(MatchResult.Detail),
    };

    /// <summary>
    /// One record as a row of <paramref name="file"/>, in <see cref="Columns"/> order: enums by
    /// name, the warnings as one list text ("Code: Message", as MatchWarning.ToString writes it),
    /// display text as shown (<paramref name="warnings"/>: a buffer reused across rows).
    /// </summary>
    internal static void WriteRow(CsvFile file, MatchRecordPage.RawRecord raw, List<byte> warnings)
    {
        warnings.Clear();
        var each = new RecordReader(raw.Warnings, nameof(NativeMethods.syncmatch_prediction_records));
        for (int w = 0; w < raw.WarningCount; w++)
        {
            if (w > 0)
            {
                warnings.AddRange(Separator);
            }
            warnings.AddRange(Names<MatchWarningCode>.Of(each.Byte()));
            warnings.AddRange(": "u8);
            warnings.AddRange(Shown(each.Text().Utf8));
        }
        file.Cell(raw.Identity.Utf8);
        file.Cell(Names<ObjectType>.Of(raw.ObjectType));
        file.Cell(raw.UserPrincipalName.Utf8);
        file.Cell(raw.ImmutableId.Utf8);
        file.Cell(Names<MatchType>.Of(raw.MatchType));
        file.Cell(Names<MatchOutcome>.Of(raw.Outcome));
        file.Cell(Names<MatchReason>.Of(raw.Reason));
        file.Cell((raw.Flags & 1) != 0 ? "True"u8 : "False"u8);
        file.Cell(raw.CloudObjectId.Utf8);
        file.Cell(raw.CloudUserPrincipalName.Utf8);
        file.Cell(raw.PredictedUserPrincipalName.Utf8);
        file.Cell(CollectionsMarshal.AsSpan(warnings));
        file.Cell(Shown(raw.Detail.Utf8));
        file.EndRow();
    }

    /// <summary>Display text (Detail, a warning's message) as shown: printable ASCII as it is, anything else through DisplayText.Escape.</summary>
    private static ReadOnlySpan<byte> Shown(ReadOnlySpan<byte> utf8) =>
        utf8.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0
            ? utf8
            : Encoding.UTF8.GetBytes(DisplayText.Escape(Encoding.UTF8.GetString(utf8)));

    private static readonly byte[] Separator = Encoding.UTF8.GetBytes(ListText.Separator);

    /// <summary>An enum's names as UTF-8, by the numbers records carry (their positions, as the Boundary tests hold).</summary>
    private static class Names<T>
        where T : struct, Enum
    {
        private static readonly byte[][] All = Array.ConvertAll(Enum.GetNames<T>(), name => Encoding.UTF8.GetBytes(name));

        /// <summary>The name of the value numbered <paramref name="number"/>; a number the enum does not name is an internal error.</summary>
        internal static byte[] Of(byte number) => number < All.Length
            ? All[number]
            : throw new NativeException(NativeStatus.InternalError, $"syncmatch_prediction_records wrote {number}, which {typeof(T).Name} does not name.");
    }
}
