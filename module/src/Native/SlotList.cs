// A growable array of slots (the multi-valued attributes of a batch), pinned for one native call.
using System;

namespace SyncMatch.Native;

internal sealed class SlotList
{
    private NativeSlot[] items = new NativeSlot[256];

    internal int Count { get; private set; }

    internal NativeSlot[] Items => items;

    internal void Add(NativeSlot slot)
    {
        if (Count == items.Length)
        {
            Array.Resize(ref items, items.Length * 2);
        }
        items[Count++] = slot;
    }

    internal void Clear() => Count = 0;

    /// <summary>Drops the slots added after the first <paramref name="count"/>.</summary>
    internal void Truncate(int count) => Count = Math.Min(Count, count);
}
