// Text shown to the admin (error messages, Message, Detail, Suggestion, warnings) can quote
// attribute values from the directory. A value holding ESC or OSC sequences would restyle or
// retitle the admin's terminal, so messages show control characters escaped (\x1B, \u202E);
// the value properties keep them exactly as they were read.
using System;
using System.Buffers;
using System.Text;

namespace SyncMatch.Text;

internal static class DisplayText
{
    /// <summary>The text with every control character (C0, DEL, C1) and bidirectional override written as an escape.</summary>
    internal static string Escape(string text)
    {
        // Vectorized: almost every message holds none, and every result's Detail passes here.
        int first = text.AsSpan().IndexOfAny(Escaped);
        if (first < 0)
        {
            return text;
        }
        var escaped = new StringBuilder(text.Length + 16);
        escaped.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (!NeedsEscape(c))
            {
                escaped.Append(c);
            }
            else if (c <= 0xFF)
            {
                escaped.Append("\\x").Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return escaped.ToString();
    }

    /// <summary>
    /// The text as <see cref="Escape"/> shows it, with each lone surrogate written as \uXXXX
    /// too: text that must cross as UTF-8 although it came from a refused input.
    /// </summary>
    internal static string WellFormed(string text)
    {
        string escaped = Escape(text);
        if (escaped.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return escaped;
        }
        var shown = new StringBuilder(escaped.Length + 8);
        for (int i = 0; i < escaped.Length; i++)
        {
            char c = escaped[i];
            if (char.IsHighSurrogate(c) && i + 1 < escaped.Length && char.IsLowSurrogate(escaped[i + 1]))
            {
                shown.Append(c).Append(escaped[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                shown.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                shown.Append(c);
            }
        }
        return shown.ToString();
    }

    /// <summary>Null stays null.</summary>
    internal static string? EscapeOrNull(string? text) => text is null ? null : Escape(text);

    // Control characters, and the bidirectional embeddings, overrides and isolates that can make
    // a message read differently from what it holds.
    private static bool NeedsEscape(char c) =>
        char.IsControl(c) || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');

    private static readonly SearchValues<char> Escaped = SearchValues.Create(AllEscaped());

    private static string AllEscaped()
    {
        var all = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++)
        {
            if (NeedsEscape((char)c))
            {
                all.Append((char)c);
            }
        }
        return all.ToString();
    }
}
