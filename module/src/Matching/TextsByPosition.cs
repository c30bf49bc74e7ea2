// The texts results repeat, kept per input item as the input objects hold them (results then
// share the inputs' strings instead of holding copies). Rows of an export hold none here (their
// texts live in the core): a million of them cost nothing, not a million empty slots.
using System.Collections.Generic;

namespace SyncMatch.Matching;

internal sealed class TextsByPosition
{
    private readonly int width;
    private readonly List<string?> texts = new();
    // Runs of consecutive items that have texts: the first item's position, its first text.
    private readonly List<(long Position, int Index)> runs = new();
    private long next;

    /// <param name="width">How many texts each item has.</param>
    internal TextsByPosition(int width) => this.width = width;

    /// <summary>The next item's texts (exactly <c>width</c> of them, null for none).</summary>
    internal void Add(string? first, string? second, string? third = null)
    {
        if (runs.Count == 0 || next != RunEnd(runs.Count - 1))
        {
            runs.Add((next, texts.Count));
        }
        texts.Add(first);
        texts.Add(second);
        if (width == 3)
        {
            texts.Add(third);
        }
        next++;
    }

    /// <summary>The next <paramref name="count"/> items have no texts here.</summary>
    internal void Skip(long count) => next += count;

    /// <summary>Text <paramref name="slot"/> of the item at <paramref name="position"/>, or null.</summary>
    internal string? Get(long position, int slot)
    {
        int low = 0, high = runs.Count - 1, found = -1;
        while (low <= high)
        {
            int middle = (low + high) / 2;
            if (runs[middle].Position <= position)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        if (found < 0 || position >= RunEnd(found))
        {
            return null;
        }
        return texts[runs[found].Index + (int)(position - runs[found].Position) * width + slot];
    }

    /// <summary>The position after run <paramref name="run"/>'s last item.</summary>
    private long RunEnd(int run)
    {
        int end = run + 1 < runs.Count ? runs[run + 1].Index : texts.Count;
        return runs[run].Position + (end - runs[run].Index) / width;
    }
}
