// The journal of a hard-match run (docs/model.md, *The journal*): a sealed head, then per write a
// "before" record flushed to disk before the PATCH (with the previous value, so a crash between
// the two never loses it) and an "after" record with the outcome; Undo-HardMatchPlan appends
// "undo-before"/"undo-after" the same way. Reading it back checks the seal (JournalSeal), then
// the native core says what the records prove (src/journal): evidence, never instructions.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;
using SyncMatch.Native;

namespace SyncMatch.HardMatch;

/// <summary>One journal line, as written (the core reads the same names).</summary>
internal sealed class JournalRecord
{
    /// <summary>head, before, after, undo-before or undo-after.</summary>
    public string Phase { get; set; } = "";
    public string? Format { get; set; }
    public string? Run { get; set; }
    public string? TenantId { get; set; }
    public string? PlanDigest { get; set; }
    public long? Items { get; set; }
    public string? KeyId { get; set; }
    public string? UserId { get; set; }
    public string? UserPrincipalName { get; set; }
    public string? Identity { get; set; }
    public string? PreviousImmutableId { get; set; }
    public string? ImmutableId { get; set; }
    /// <summary>After: Set, NotSet, Unknown, Failed.</summary>
    public string? Outcome { get; set; }
    public string? Code { get; set; }
    public string? Message { get; set; }
    public string? Time { get; set; }
}

/// <summary>How a write or a restore ended, as far as the client saw (the core's journal::Outcome).</summary>
internal enum JournalOutcome
{
    /// <summary>Written and read back.</summary>
    Set,
    /// <summary>Not written.</summary>
    NotSet,
    /// <summary>Sent; the outcome was not seen.</summary>
    Unknown,
    /// <summary>A definite refusal (4xx).</summary>
    Failed,
}

/// <summary>How a write stands, as the journal proves it (the core's WriteState).</summary>
internal enum JournalWriteState
{
    /// <summary>A "before" and nothing after it: the process stopped around the request.</summary>
    Pending,
    /// <summary>Written and read back.</summary>
    Set,
    /// <summary>Sent; the outcome was not seen.</summary>
    Unknown,
    /// <summary>Not written.</summary>
    NotSet,
    /// <summary>Refused.</summary>
    Failed,
}

/// <summary>How a restore stands (the core's UndoState).</summary>
internal enum JournalUndoState
{
    /// <summary>Never attempted.</summary>
    None,
    /// <summary>An "undo-before" and nothing after it.</summary>
    Pending,
    /// <summary>The previous value is back.</summary>
    Restored,
    /// <summary>Sent; the outcome was not seen.</summary>
    Unknown,
    /// <summary>Not written.</summary>
    NotSet,
    /// <summary>Refused.</summary>
    Failed,
}

internal sealed class JournalHeadJson
{
    public string Run { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string PlanDigest { get; set; } = "";
    public long Items { get; set; }
    public string KeyId { get; set; } = "";
    public string Time { get; set; } = "";
}

internal sealed class UserEvidenceJson
{
    public string UserId { get; set; } = "";
    public string? UserPrincipalName { get; set; }
    public string? Identity { get; set; }
    public string? PreviousImmutableId { get; set; }
    public string ImmutableId { get; set; } = "";
    public JournalWriteState Write { get; set; }
    public JournalUndoState Undo { get; set; }
    public int Line { get; set; }

    /// <summary>Undo acts on it: the run wrote it, or may have (decided by the core: UserEvidence::undoable).</summary>
    public bool Undoable { get; set; }

    /// <summary>-Resume settles this write first (decided by the core: UserEvidence::write_open).</summary>
    public bool WriteOpen { get; set; }

    /// <summary>Undo settles this restore first (decided by the core: UserEvidence::restore_open).</summary>
    public bool RestoreOpen { get; set; }
}

internal sealed class JournalEvidenceJson
{
    public JournalHeadJson Head { get; set; } = new();
    public UserEvidenceJson[] Users { get; set; } = [];
    public bool Torn { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(JournalRecord))]
[JsonSerializable(typeof(JournalEvidenceJson))]
internal sealed partial class JournalJsonContext : JsonSerializerContext
{
}

/// <summary>A file that is not a journal this run can take as evidence; ErrorId is stable.</summary>
internal sealed class JournalException(string errorId, string message) : Exception(message)
{
    internal string ErrorId { get; } = errorId;
}

/// <summary>A journal read back: what it proves, and where a continued run appends.</summary>
internal sealed record JournalRead(JournalEvidenceJson Evidence, int SealedLength, string LastMac);

internal sealed class HardMatchJournal : IDisposable
{
    /// <summary>The format this build writes and reads (the core's journal::FORMAT).</summary>
    internal const string Format = "SyncMatch.HardMatchJournal/2";

    private readonly FileStream stream;
    private readonly JournalKey key;
    private string lastMac;

    private HardMatchJournal(string path, FileStream stream, JournalKey key, string lastMac)
    {
        Path = path;
        this.stream = stream;
        this.key = key;
        this.lastMac = lastMac;
    }

    internal string Path { get; }

    /// <summary>Starts a journal at <paramref name="path"/> (refused when a file is there) with its head.</summary>
    internal static HardMatchJournal Create(string path, JournalKey key, string tenantId, string planDigest, long items)
    {
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 4096, FileOptions.WriteThrough);
        var journal = new HardMatchJournal(path, stream, key, "");
        journal.Write(new JournalRecord { Phase = "head", Format = Format, Run = Guid.NewGuid().ToString(), TenantId = tenantId, PlanDigest = planDigest, Items = items, KeyId = key.Id });
        return journal;
    }

    /// <summary>Appends to a journal read with <see cref="Read"/>; a line a crash tore is cut off first.</summary>
    internal static HardMatchJournal Continue(string path, JournalKey key, JournalRead read)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.Read, 4096, FileOptions.WriteThrough);
        stream.SetLength(read.SealedLength);
        stream.Seek(0, SeekOrigin.End);
        return new HardMatchJournal(path, stream, key, read.LastMac);
    }

    /// <summary>Appends one sealed record and flushes it to disk before returning.</summary>
    internal void Write(JournalRecord record)
    {
        record.Time = DateTimeOffset.UtcNow.ToString("O");
        (byte[] line, string mac) = JournalSeal.Seal(JsonSerializer.SerializeToUtf8Bytes(record, JournalJsonContext.Default.JournalRecord), lastMac, key);
        stream.Write(line);
        stream.WriteByte((byte)'\n');
        stream.Flush(flushToDisk: true);
        lastMac = mac;
    }

    /// <summary>Reads a journal as evidence: its seal, then its records' agreement. Throws <see cref="JournalException"/> naming what is wrong.</summary>
    internal static unsafe JournalRead Read(string path, Func<JournalKey> key)
    {
        byte[] text;
        try
        {
            text = Native.RegularFile.ReadAll(path);
        }
        catch (Native.NativeException unreadable)
        {
            throw new JournalException("JournalUnreadable", $"the journal cannot be read: {unreadable.Message}");
        }
        // A file that is no journal at all is named as such, not as a broken seal; a journal whose
        // records disagree is named by its broken seal first (the line that was edited).
        JournalEvidenceJson? structure = null;
        JournalException? disagreement = null;
        try
        {
            structure = Evidence(path, text);
        }
        catch (JournalException refused) when (refused.ErrorId is "CorruptJournal" or "InconsistentJournal")
        {
            disagreement = refused;
        }
        JournalKey sealer = key();
        if (structure is not null && !string.Equals(structure.Head.KeyId, sealer.Id, StringComparison.OrdinalIgnoreCase))
        {
            throw new JournalException("JournalKeyMismatch",
                $"{path}: the journal was sealed with key {structure.Head.KeyId}, and the key at {sealer.Path} is {sealer.Id}: its records cannot be checked. Give the sealing key with -JournalKeyPath.");
        }
        int length;
        string lastMac;
        try
        {
            (length, lastMac) = JournalSeal.Verify(text, sealer);
        }
        catch (JournalSealException broken)
        {
            throw new JournalException("JournalSealBroken", $"{path}: line {broken.Line}: {broken.Message}. Nothing was read from it.");
        }
        if (disagreement is not null)
        {
            throw disagreement;
        }
        JournalEvidenceJson evidence = length == text.Length && structure is not null ? structure : Evidence(path, text.AsSpan(0, length).ToArray());
        return new JournalRead(evidence, length, lastMac);
    }

    private static unsafe JournalEvidenceJson Evidence(string path, byte[] text)
    {
        const string Function = nameof(NativeMethods.syncmatch_journal_read);
        IntPtr buffer;
        IntPtr error;
        NativeStatus status;
        fixed (byte* pointer = text)
        {
            status = NativeMethods.syncmatch_journal_read(pointer, (nuint)text.Length, &buffer, &error);
        }
        if (status != NativeStatus.Ok)
        {
            NativeException failed = NativeException.FromNativeError(status, error, Function);
            throw new JournalException(failed.ErrorId, $"{path}: {failed.Message}");
        }
        return NativeJson.Take(buffer, JournalJsonContext.Default.JournalEvidenceJson, Function);
    }

    public void Dispose() => stream.Dispose();
}
