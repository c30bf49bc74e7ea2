// One growable byte buffer that a batch's values are appended to, each described by a slot
// (kind, offset, length). A batch fills it, pins it once, and makes one native call.
using System;
using System.Text;

namespace SyncMatch.Native;

internal sealed class SlotBuffer
{
    private byte[] data = new byte[4096];

    internal int Length { get; private set; }

    internal byte[] Data => data;

    internal void Clear() => Length = 0;

    internal NativeSlot AppendText(string? text, SlotKind kind = SlotKind.Utf8Text)
    {
        if (text is null)
        {
            return default;
        }
        Reserve(Encoding.UTF8.GetMaxByteCount(text.Length));
        int written = Encoding.UTF8.GetBytes(text, 0, text.Length, data, Length);
        return Slot(kind, written);
    }

    internal NativeSlot AppendBytes(ReadOnlySpan<byte> bytes)
    {
        Reserve(bytes.Length);
        bytes.CopyTo(data.AsSpan(Length));
        return Slot(SlotKind.Bytes, bytes.Length);
    }

    internal NativeSlot AppendGuid(Guid guid)
    {
        Reserve(NativeMethods.AnchorLength);
        guid.TryWriteBytes(data.AsSpan(Length));
        return Slot(SlotKind.Bytes, NativeMethods.AnchorLength);
    }

    /// <summary>An anchor value as AnchorSource normalizes it: null, a Guid, a byte[] or text.</summary>
    internal NativeSlot AppendAnchorValue(object? value) => value switch
    {
        null => default,
        Guid guid => AppendGuid(guid),
        byte[] bytes => AppendBytes(bytes),
        string text => AppendText(text),
        _ => throw new ArgumentException($"Unexpected anchor value type {value.GetType()}.", nameof(value)),
    };

    private NativeSlot Slot(SlotKind kind, int length)
    {
        var slot = new NativeSlot { Kind = kind, Offset = (nuint)Length, Length = (nuint)length };
        Length += length;
        return slot;
    }

    private void Reserve(int length)
    {
        if (data.Length - Length < length)
        {
            Array.Resize(ref data, Math.Max(data.Length * 2, Length + length));
        }
    }
}
