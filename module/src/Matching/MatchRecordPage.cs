// Reads a page of match results as syncmatch_prediction_records writes them: compact binary
// records (enums as numbers, texts as UTF-8 with their lengths), so a million results cost their
// strings and one object each, not a JSON document to parse. The layout is documented once, at
// syncmatch_prediction_records in the header; the enum numbers are the positions the ABI
// description lists (held to the C# enums by the Boundary tests).
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Text;
using SyncMatch.Native;
using SyncMatch.Text;

namespace SyncMatch.Matching;

/// <summary>One result as read from a page, before it becomes a <see cref="MatchResult"/>.</summary>
internal ref struct MatchRecord
{
    public MatchType MatchType;
    public MatchOutcome Outcome;
    public MatchReason Reason;
    public uint ErrorStatus;
    public uint? CloudIndex;
    public string Identity;
    public string? UserPrincipalName;
    public string? ImmutableId;
    public string? CloudObjectId;
    public string? CloudUserPrincipalName;
    public string? PredictedUserPrincipalName;
    public string? Error;
    public MatchWarningList Warnings;
    /// <summary>Where the Detail's UTF-8 lies in the page's detail bytes.</summary>
    public int DetailStart;
    public int DetailLength;
}

/// <summary>A result, and the error its user's record carries (ErrorStatus 0: none).</summary>
internal readonly record struct PagedResult(MatchResult Result, uint ErrorStatus, string? Error);

/// <summary>The error a result's record carries, for its error record (written as a CSV row, the result has no object).</summary>
internal readonly record struct RecordError(string Identity, uint ErrorStatus, string? Error);

/// <summary>
/// The input's own string equal to the text <paramref name="utf8"/> (of the result at
/// <paramref name="index"/> in its page, its cloud user at <paramref name="cloud"/>), or a new
/// one: results share the inputs' strings instead of holding copies.
/// </summary>
internal delegate string? TextOf(int index, ReadOnlySpan<byte> utf8, uint? cloud);

internal static class MatchRecordPage
{
    private const uint NoText = uint.MaxValue;

    /// <summary>The page's results, their texts made by <paramref name="known"/>.</summary>
    internal static List<PagedResult> Read(ReadOnlySpan<byte> page, TextOf known)
    {
        var reader = new Reader(page);
        int count = checked((int)reader.UInt32());
        var records = new List<PagedResult>(count);
        // The page's Details, back to back: each result keeps its place in this one array.
        var details = new byte[page.Length];
        int detailsLength = 0;
        for (int i = 0; i < count; i++)
        {
            var record = new MatchRecord
            {
                MatchType = (MatchType)reader.Byte(),
                Outcome = (MatchOutcome)reader.Byte(),
                Reason = (MatchReason)reader.Byte(),
            };
            int warningCount = reader.Byte();
            record.ErrorStatus = reader.UInt32();
            uint cloud = reader.UInt32();
            record.CloudIndex = cloud == NoText ? null : cloud;
            record.Identity = Text(ref reader, known, i, null) ?? string.Empty;
            record.UserPrincipalName = Text(ref reader, known, i, null);
            record.ImmutableId = Decode(ref reader);
            record.CloudObjectId = Text(ref reader, known, i, record.CloudIndex);
            // A soft match's cloud UPN, and the UPN it keeps, are mostly the user's own: one string.
            record.CloudUserPrincipalName = SameOr(ref reader, record.UserPrincipalName, known, i, record.CloudIndex);
            record.PredictedUserPrincipalName = SameOr(ref reader, record.UserPrincipalName, known, i, record.CloudIndex);
            reader.TryText(out ReadOnlySpan<byte> detail);
            detail.CopyTo(details.AsSpan(detailsLength));
            record.DetailStart = detailsLength;
            record.DetailLength = detail.Length;
            detailsLength += detail.Length;
            record.Error = Decode(ref reader);
            record.Warnings = MatchResult.NoWarnings;
            if (warningCount > 0)
            {
                var warnings = new MatchWarning[warningCount];
                for (int w = 0; w < warningCount; w++)
                {
                    var code = (MatchWarningCode)reader.Byte();
                    warnings[w] = new MatchWarning(code, DisplayText.Escape(Decode(ref reader) ?? string.Empty));
                }
                record.Warnings = new MatchWarningList(warnings);
            }
            records.Add(new PagedResult(new MatchResult(record, details), record.ErrorStatus, record.Error));
        }
        if (!reader.AtEnd)
        {
            throw new NativeException(NativeStatus.InternalError, "syncmatch_prediction_records wrote more than its records.");
        }
        return records;
    }

    /// <summary>
    /// Writes the page's results as rows of <paramref name="file"/> straight from their UTF-8
    /// (Test-SoftMatch -OutFile): the row Export-SyncMatchCsv writes for the same MatchResult
    /// (the columns of <see cref="MatchResultCsv.Columns"/>; the Pester tests hold the files
    /// equal), without an object or a string per cell. Counts the outcomes into
    /// <paramref name="counts"/>; returns the records' errors, in order.
    /// </summary>
    internal static List<RecordError> WriteRows(ReadOnlySpan<byte> page, CsvFile file, Dictionary<MatchOutcome, long> counts)
    {
        var reader = new Reader(page);
        int count = checked((int)reader.UInt32());
        var errors = new List<RecordError>();
        var warnings = new List<byte>();
        for (int i = 0; i < count; i++)
        {
            byte matchType = reader.Byte();
            byte outcome = reader.Byte();
            byte reason = reader.Byte();
            int warningCount = reader.Byte();
            uint errorStatus = reader.UInt32();
            reader.UInt32();
            reader.TryText(out ReadOnlySpan<byte> identity);
            reader.TryText(out ReadOnlySpan<byte> userPrincipalName);
            reader.TryText(out ReadOnlySpan<byte> immutableId);
            reader.TryText(out ReadOnlySpan<byte> cloudObjectId);
            reader.TryText(out ReadOnlySpan<byte> cloudUserPrincipalName);
            reader.TryText(out ReadOnlySpan<byte> predictedUserPrincipalName);
            reader.TryText(out ReadOnlySpan<byte> detail);
            string? error = Decode(ref reader);
            warnings.Clear();
            for (int w = 0; w < warningCount; w++)
            {
                if (w > 0)
                {
                    warnings.AddRange(Separator);
                }
                // As MatchWarning.ToString writes it: "Code: Message", the message as shown.
                warnings.AddRange(Names<MatchWarningCode>.Of(reader.Byte()));
                warnings.AddRange(": "u8);
                reader.TryText(out ReadOnlySpan<byte> message);
                warnings.AddRange(Shown(message));
            }
            file.Cell(identity);
            file.Cell(userPrincipalName);
            file.Cell(immutableId);
            file.Cell(Names<MatchType>.Of(matchType));
            file.Cell(Names<MatchOutcome>.Of(outcome));
            file.Cell(Names<MatchReason>.Of(reason));
            file.Cell(cloudObjectId);
            file.Cell(cloudUserPrincipalName);
            file.Cell(predictedUserPrincipalName);
            file.Cell(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(warnings));
            file.Cell(Shown(detail));
            file.EndRow();
            var counted = (MatchOutcome)outcome;
            counts[counted] = counts.GetValueOrDefault(counted) + 1;
            if (errorStatus != 0)
            {
                errors.Add(new RecordError(Encoding.UTF8.GetString(identity), errorStatus, error));
            }
        }
        if (!reader.AtEnd)
        {
            throw new NativeException(NativeStatus.InternalError, "syncmatch_prediction_records wrote more than its records.");
        }
        return errors;
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

    /// <summary>The next text as a new string, or null for none.</summary>
    private static string? Decode(ref Reader reader) => reader.TryText(out ReadOnlySpan<byte> utf8) ? Encoding.UTF8.GetString(utf8) : null;

    /// <summary>The next text through <paramref name="known"/>, or null for none.</summary>
    private static string? Text(ref Reader reader, TextOf known, int index, uint? cloud) =>
        reader.TryText(out ReadOnlySpan<byte> utf8) ? known(index, utf8, cloud) : null;

    /// <summary>The next text: <paramref name="same"/> itself when it is equal, else through <paramref name="known"/>.</summary>
    private static string? SameOr(ref Reader reader, string? same, TextOf known, int index, uint? cloud)
    {
        if (!reader.TryText(out ReadOnlySpan<byte> utf8))
        {
            return null;
        }
        return same is not null && System.Text.Ascii.Equals(utf8, same) ? same : known(index, utf8, cloud);
    }

    /// <summary>Reads the page front to back; a page shorter than its records is an internal error.</summary>
    private ref struct Reader
    {
        private readonly ReadOnlySpan<byte> page;
        private int position;

        internal Reader(ReadOnlySpan<byte> page) => this.page = page;

        internal readonly bool AtEnd => position == page.Length;

        internal byte Byte() => Take(1)[0];

        internal uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

        /// <summary>The next text's bytes; false for none.</summary>
        internal bool TryText(out ReadOnlySpan<byte> utf8)
        {
            uint length = UInt32();
            utf8 = length == NoText ? ReadOnlySpan<byte>.Empty : Take(checked((int)length));
            return length != NoText;
        }

        private ReadOnlySpan<byte> Take(int length)
        {
            if (length > page.Length - position)
            {
                throw new NativeException(NativeStatus.InternalError, "syncmatch_prediction_records wrote a record shorter than its layout.");
            }
            ReadOnlySpan<byte> taken = page.Slice(position, length);
            position += length;
            return taken;
        }
    }
}
