// Ranged retrieval of a multi-valued attribute (MS-ADTS 3.1.1.3.1.3.3, "Range Retrieval of
// Attribute Values"): the reader asks for `name;range=0-*`; a domain controller that returns
// fewer values than the attribute holds names the range it returned (`member;range=0-1499`), and
// the rest is asked for from the next value on, until a range ends in `*`.
using System;
using System.Globalization;

namespace SyncMatch.Ldap;

/// <summary>The range of values an attribute came back with.</summary>
internal readonly record struct AttributeRange(string Name, int Start, int? End)
{
    /// <summary>The attribute asked for from value <paramref name="start"/> on: <c>name;range=start-*</c>.</summary>
    internal static string Ask(string name, int start) => $"{name};range={start.ToString(CultureInfo.InvariantCulture)}-*";

    /// <summary>
    /// Reads an attribute name as returned: <c>member;range=0-1499</c> (more to come: the next
    /// range starts at 1500), <c>member;range=1500-*</c> (the last), or a plain name (all values).
    /// </summary>
    internal static AttributeRange Parse(string returned)
    {
        int marker = returned.IndexOf(";range=", StringComparison.OrdinalIgnoreCase);
        if (marker < 0)
        {
            return new AttributeRange(returned, 0, null);
        }
        string name = returned[..marker];
        string range = returned[(marker + ";range=".Length)..];
        int dash = range.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !int.TryParse(range[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out int start))
        {
            throw new FormatException($"The server returned the attribute '{returned}', whose range cannot be read.");
        }
        string end = range[(dash + 1)..];
        if (end == "*")
        {
            return new AttributeRange(name, start, null);
        }
        if (!int.TryParse(end, NumberStyles.None, CultureInfo.InvariantCulture, out int last) || last < start)
        {
            throw new FormatException($"The server returned the attribute '{returned}', whose range cannot be read.");
        }
        return new AttributeRange(name, start, last);
    }

    /// <summary>Where the next range starts, or null when this one was the last.</summary>
    public int? Next => End is { } last ? last + 1 : null;
}
