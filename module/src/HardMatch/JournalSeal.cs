// The seal on every journal line: HMAC-SHA-256 (the key's) over the previous line's MAC and this
// line's record, written as the record's last member, so an edited, inserted, removed or
// reordered line breaks the chain at its own line. Only the last line may be torn by a crash.
using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;

namespace SyncMatch.HardMatch;

/// <summary>A line whose seal does not hold.</summary>
internal sealed class JournalSealException(int line, string message) : Exception(message)
{
    internal int Line { get; } = line;
}

internal static class JournalSeal
{
    private static readonly byte[] MacMember = Encoding.UTF8.GetBytes(",\"mac\":\"");

    /// <summary>,"mac":" + 64 hex digits + "}.</summary>
    private const int SuffixLength = 8 + 64 + 2;

    /// <summary>The sealed line (without its newline) for a record serialized as <paramref name="record"/>, and its MAC.</summary>
    internal static (byte[] Line, string Mac) Seal(byte[] record, string previousMac, JournalKey key)
    {
        string mac = Mac(record, previousMac, key);
        var line = new byte[record.Length - 1 + SuffixLength];
        record.AsSpan(0, record.Length - 1).CopyTo(line);
        MacMember.CopyTo(line, record.Length - 1);
        Encoding.ASCII.GetBytes(mac).CopyTo(line, record.Length - 1 + MacMember.Length);
        line[^2] = (byte)'"';
        line[^1] = (byte)'}';
        return (line, mac);
    }

    /// <summary>
    /// Checks every line's seal in order; returns how many bytes hold whole sealed lines, and the
    /// last MAC. A last line without its newline that does not hold is torn (left out); any other
    /// line that does not hold throws, naming it.
    /// </summary>
    internal static (int Length, string LastMac) Verify(ReadOnlySpan<byte> text, JournalKey key)
    {
        int offset = text.StartsWith("\uFEFF"u8) ? 3 : 0;
        int valid = offset;
        string previous = "";
        int number = 0;
        while (offset < text.Length)
        {
            number++;
            int end = text[offset..].IndexOf((byte)'\n');
            bool complete = end >= 0;
            ReadOnlySpan<byte> line = complete ? text.Slice(offset, end) : text[offset..];
            if (line.EndsWith("\r"u8))
            {
                line = line[..^1];
            }
            string? why = Check(line, previous, key, out string mac);
            if (why is not null)
            {
                if (!complete && number > 1)
                {
                    break;
                }
                throw new JournalSealException(number, why);
            }
            previous = mac;
            offset += complete ? end + 1 : line.Length;
            valid = offset;
        }
        return (valid, previous);
    }

    private static string? Check(ReadOnlySpan<byte> line, string previous, JournalKey key, out string mac)
    {
        mac = "";
        if (line.Length < SuffixLength + 2 || !line.EndsWith("\"}"u8) || !line.Slice(line.Length - SuffixLength, MacMember.Length).SequenceEqual(MacMember))
        {
            return "it carries no seal";
        }
        mac = Encoding.ASCII.GetString(line.Slice(line.Length - SuffixLength + MacMember.Length, 64));
        byte[] record = new byte[line.Length - SuffixLength + 1];
        line[..(line.Length - SuffixLength)].CopyTo(record);
        record[^1] = (byte)'}';
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Mac(record, previous, key)), Encoding.ASCII.GetBytes(mac))
            ? null
            : "its seal does not match: the line was edited, inserted, removed or moved, or the journal was sealed with another key";
    }

    private static string Mac(byte[] record, string previousMac, JournalKey key)
    {
        using var hmac = new HMACSHA256(key.Bytes);
        byte[] chained = new byte[previousMac.Length + record.Length];
        Encoding.ASCII.GetBytes(previousMac, chained);
        record.CopyTo(chained, previousMac.Length);
        return Convert.ToHexStringLower(hmac.ComputeHash(chained));
    }

    /// <summary>The SHA-256 of the plan: each item's identity, target and anchor, in order.</summary>
    internal static string PlanDigest(IEnumerable<HardMatchPlanItem> items)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (HardMatchPlanItem item in items)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{item.Identity}\u001f{item.CloudUserId}\u001f{item.ImmutableId}\u001e"));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
