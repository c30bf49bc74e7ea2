// The journal of a hard-match run: JSON Lines, one "before" record flushed to disk before each
// PATCH (with the previous value, so a crash between the two never loses it), one "after" record
// with the outcome. -Resume and Undo-HardMatchPlan read it back.
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SyncMatch.HardMatch;

/// <summary>One journal line.</summary>
internal sealed class JournalRecord
{
    /// <summary>"before" or "after".</summary>
    public string Phase { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string? UserPrincipalName { get; set; }
    public string? Identity { get; set; }
    public string? PreviousImmutableId { get; set; }
    public string? ImmutableId { get; set; }
    /// <summary>After: Set, Failed, Blocked.</summary>
    public string? Outcome { get; set; }
    public string? Code { get; set; }
    public string? Message { get; set; }
    public DateTimeOffset Time { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(JournalRecord))]
internal sealed partial class JournalJsonContext : JsonSerializerContext
{
}

internal sealed class HardMatchJournal : IDisposable
{
    private readonly FileStream stream;

    private HardMatchJournal(string path, FileStream stream)
    {
        Path = path;
        this.stream = stream;
    }

    internal string Path { get; }

    /// <summary>Opens the journal for appending (a resumed run appends to the same file).</summary>
    internal static HardMatchJournal Open(string path) =>
        new(path, new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.WriteThrough));

    /// <summary>Appends one record and flushes it to disk before returning.</summary>
    internal void Write(JournalRecord record)
    {
        record.Time = DateTimeOffset.UtcNow;
        byte[] line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, JournalJsonContext.Default.JournalRecord) + "\n");
        stream.Write(line);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Every record of a journal, in order; a torn last line (a crash mid-write) is skipped.</summary>
    internal static List<JournalRecord> Read(string path)
    {
        var records = new List<JournalRecord>();
        foreach (string line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                if (JsonSerializer.Deserialize(line, JournalJsonContext.Default.JournalRecord) is { } record)
                {
                    records.Add(record);
                }
            }
            catch (JsonException)
            {
                // Only the last line can be torn; anything else is kept as read.
            }
        }
        return records;
    }

    public void Dispose() => stream.Dispose();
}
