// Reads a page of match results as syncmatch_prediction_records writes them: compact binary
// records (enums as numbers, texts as UTF-8 with their lengths), so a million results cost their
// strings and one object each, not a JSON document to parse. The layout is documented once, at
// syncmatch_prediction_records in the header; the enum numbers are the positions the ABI
// description lists (held to the C# enums by the Boundary tests).
using System;
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
    public ObjectType ObjectType;
    public bool HardMatchCandidate;
    public uint? CloudIndex;
    public string Identity;
    public string? UserPrincipalName;
    public string? ImmutableId;
    public string? CloudObjectId;
    public string? CloudUserPrincipalName;
    public string? PredictedUserPrincipalName;
    public MatchWarningList Warnings;
    /// <summary>Where the Detail's UTF-8 lies in the page's detail bytes.</summary>
    public int DetailStart;
    public int DetailLength;
}

/// <summary>A result, and why its user could not be predicted (null: it was), for its error record.</summary>
internal readonly record struct PagedResult(MatchResult Result, NativeFailure? Failure);

/// <summary>A result's failure, for its error record (written as a CSV row, the result has no object).</summary>
internal readonly record struct RecordError(string Identity, NativeFailure Failure);

/// <summary>Why the user of the result at <paramref name="index"/> in its page could not be predicted, or null.</summary>
internal delegate NativeFailure? FailureOf(int index);

/// <summary>
/// The input's own string equal to the text <paramref name="utf8"/> (of the result at
/// <paramref name="index"/> in its page, its cloud user at <paramref name="cloud"/>), or a new
/// one: results share the inputs' strings instead of holding copies.
/// </summary>
internal delegate string? TextOf(int index, ReadOnlySpan<byte> utf8, uint? cloud);

internal static class MatchRecordPage
{
    private const string Function = nameof(NativeMethods.syncmatch_prediction_records);

    /// <summary>The page's results, their texts made by <paramref name="known"/>, each with its failure.</summary>
    internal static List<PagedResult> Read(ReadOnlySpan<byte> page, TextOf known, FailureOf failed)
    {
        var reader = new RecordReader(page, Function);
        int count = reader.Count();
        var records = new List<PagedResult>(count);
        // The page's Details, back to back: each result keeps its place in this one array.
        var details = new byte[page.Length];
        int detailsLength = 0;
        for (int i = 0; i < count; i++)
        {
            RawRecord raw = Record(ref reader);
            var record = new MatchRecord
            {
                MatchType = (MatchType)raw.MatchType,
                Outcome = (MatchOutcome)raw.Outcome,
                Reason = (MatchReason)raw.Reason,
                ObjectType = (ObjectType)raw.ObjectType,
                HardMatchCandidate = (raw.Flags & 1) != 0,
                CloudIndex = raw.CloudIndex,
            };
            record.Identity = Text(raw.Identity, known, i, null) ?? string.Empty;
            record.UserPrincipalName = Text(raw.UserPrincipalName, known, i, null);
            record.ImmutableId = raw.ImmutableId.Decoded;
            record.CloudObjectId = Text(raw.CloudObjectId, known, i, record.CloudIndex);
            // A soft match's cloud UPN, and the UPN it keeps, are mostly the user's own: one string.
            record.CloudUserPrincipalName = SameOr(raw.CloudUserPrincipalName, record.UserPrincipalName, known, i, record.CloudIndex);
            record.PredictedUserPrincipalName = SameOr(raw.PredictedUserPrincipalName, record.UserPrincipalName, known, i, record.CloudIndex);
            raw.Detail.Utf8.CopyTo(details.AsSpan(detailsLength));
            record.DetailStart = detailsLength;
            record.DetailLength = raw.Detail.Utf8.Length;
            detailsLength += raw.Detail.Utf8.Length;
            record.Warnings = MatchResult.NoWarnings;
            if (raw.WarningCount > 0)
            {
                var warnings = new MatchWarning[raw.WarningCount];
                var each = new RecordReader(raw.Warnings, Function);
                for (int w = 0; w < warnings.Length; w++)
                {
                    var code = (MatchWarningCode)each.Byte();
                    warnings[w] = new MatchWarning(code, DisplayText.Escape(each.Text().Decoded ?? string.Empty));
                }
                record.Warnings = new MatchWarningList(warnings);
            }
            records.Add(new PagedResult(new MatchResult(record, details), failed(i)));
        }
        reader.RequireEnd();
        return records;
    }

    /// <summary>
    /// Writes the page's results as rows of <paramref name="file"/> straight from their UTF-8
    /// (Test-SoftMatch -OutFile): the row Export-SyncMatchCsv writes for the same MatchResult
    /// (the columns of <see cref="MatchResultCsv.Columns"/>; the Pester tests hold the files
    /// equal), without an object or a string per cell. Counts the outcomes into
    /// <paramref name="counts"/>; returns the failures of the users, in order.
    /// </summary>
    internal static List<RecordError> WriteRows(ReadOnlySpan<byte> page, CsvFile file, Dictionary<MatchOutcome, long> counts, FailureOf failed)
    {
        var reader = new RecordReader(page, Function);
        int count = reader.Count();
        var errors = new List<RecordError>();
        // Reused for each row's warnings cell.
        var warnings = new List<byte>();
        for (int i = 0; i < count; i++)
        {
            RawRecord raw = Record(ref reader);
            MatchResultCsv.WriteRow(file, raw, warnings);
            var counted = (MatchOutcome)raw.Outcome;
            counts[counted] = counts.GetValueOrDefault(counted) + 1;
            if (failed(i) is { } failure)
            {
                errors.Add(new RecordError(Encoding.UTF8.GetString(raw.Identity.Utf8), failure));
            }
        }
        reader.RequireEnd();
        return errors;
    }

    /// <summary>The text through <paramref name="known"/>, or null for none.</summary>
    private static string? Text(RawText text, TextOf known, int index, uint? cloud) =>
        text.Present ? known(index, text.Utf8, cloud) : null;

    /// <summary>The text: <paramref name="same"/> itself when it is equal, else through <paramref name="known"/>.</summary>
    private static string? SameOr(RawText text, string? same, TextOf known, int index, uint? cloud)
    {
        if (!text.Present)
        {
            return null;
        }
        return same is not null && System.Text.Ascii.Equals(text.Utf8, same) ? same : known(index, text.Utf8, cloud);
    }

    /// <summary>One record as it lies in the page (the layout documented at syncmatch_prediction_records), read in this one place.</summary>
    internal ref struct RawRecord
    {
        public byte MatchType;
        public byte Outcome;
        public byte Reason;
        public byte ObjectType;
        /// <summary>Bit 0: a hard-match candidate.</summary>
        public byte Flags;
        public uint? CloudIndex;
        public RawText Identity;
        public RawText UserPrincipalName;
        public RawText ImmutableId;
        public RawText CloudObjectId;
        public RawText CloudUserPrincipalName;
        public RawText PredictedUserPrincipalName;
        public RawText Detail;
        public int WarningCount;
        /// <summary>(code:u8 message) × WarningCount, read with a <see cref="RecordReader"/> of their own.</summary>
        public ReadOnlySpan<byte> Warnings;
    }

    /// <summary>The next record, whole (the layout documented at syncmatch_prediction_records, read in this one place).</summary>
    private static RawRecord Record(ref RecordReader reader)
    {
        var record = new RawRecord { MatchType = reader.Byte(), Outcome = reader.Byte(), Reason = reader.Byte(), ObjectType = reader.Byte(), Flags = reader.Byte() };
        record.WarningCount = reader.Byte();
        record.CloudIndex = reader.Optional();
        record.Identity = reader.Text();
        record.UserPrincipalName = reader.Text();
        record.ImmutableId = reader.Text();
        record.CloudObjectId = reader.Text();
        record.CloudUserPrincipalName = reader.Text();
        record.PredictedUserPrincipalName = reader.Text();
        record.Detail = reader.Text();
        int start = reader.Position;
        for (int w = 0; w < record.WarningCount; w++)
        {
            reader.Byte();
            reader.Text();
        }
        record.Warnings = reader.Since(start);
        return record;
    }
}
