// The bounds every input value is held to before it is marshalled, and the checks that enforce
// them. They are not domain rules (those live in Rust): they keep one bad input from crashing
// the process (stack overflow on a self-containing collection), from being silently rewritten
// (a lone surrogate becoming U+FFFD, so two different addresses compare equal), or from growing
// a native batch without bound.
using System;

namespace SyncMatch.Directory;

internal static class InputValues
{
    /// <summary>How deep collections may nest inside one attribute value (a real one nests at most twice).</summary>
    internal const int MaxDepth = 16;

    /// <summary>
    /// The longest value accepted, in UTF-16 characters. Far above any attribute the module reads
    /// (proxyAddresses and targetAddress allow 1,123 in AD; the cloud limits are 256), far below
    /// what could strain a batch.
    /// </summary>
    internal const int MaxValueLength = 65_536;

    /// <summary>The most characters one object's values may add up to (e.g. thousands of proxy addresses).</summary>
    internal const long MaxObjectLength = 4 * 1024 * 1024;

    /// <summary>Characters after which a batch is sent to the native library whatever its count: about 48 MiB of UTF-8 at most.</summary>
    internal const long MaxBatchLength = 16 * 1024 * 1024;

    /// <summary>The text itself when it is well-formed UTF-16 and not too long; otherwise an <see cref="InputRejectedException"/>.</summary>
    internal static string Checked(string text)
    {
        if (text.Length > MaxValueLength)
        {
            throw InputRejectedException.TooLong(text.Length);
        }
        return WellFormed(text);
    }

    /// <summary>The text itself when it is well-formed UTF-16 (any length); otherwise an <see cref="InputRejectedException"/>.</summary>
    internal static string WellFormed(string text)
    {
        // Vectorized search first: almost no directory value holds a surrogate at all.
        int i = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (i < 0)
        {
            return text;
        }
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (!char.IsSurrogate(c))
            {
                continue;
            }
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            throw InputRejectedException.LoneSurrogate(i);
        }
        return text;
    }

    /// <summary>Throws when <paramref name="depth"/> is past <see cref="MaxDepth"/>.</summary>
    internal static void CheckDepth(int depth)
    {
        if (depth > MaxDepth)
        {
            throw InputRejectedException.TooDeep();
        }
    }

    /// <summary>
    /// Counts one more item visited inside one value: a collection that holds itself many times
    /// would otherwise cost exponential time long before it is too deep.
    /// </summary>
    internal static void CountVisit(ref int visits)
    {
        if (++visits > MaxValueLength)
        {
            throw InputRejectedException.TooManyValues(visits);
        }
    }
}
