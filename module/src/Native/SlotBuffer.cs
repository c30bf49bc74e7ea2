// One growable byte buffer that a batch's values are appended to, each described by a slot
// (kind, offset, length). A batch fills it, pins it once, and makes one native call.
using System;
using System.Text;

namespace SyncMatch.Native;

internal sealed class SlotBuffer
{
    // Strict: a lone surrogate is an error, never silently U+FFFD (two different addresses would
    // then compare equal). Inputs are checked before they get here; this is the backstop.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[] data = new byte[4096];

    internal int Length { get; private set; }

    internal byte[] Data => data;

    internal void Clear() => Length = 0;

    /// <summary>Drops what was appended after <paramref name="length"/> bytes (an input refused midway).</summary>
    internal void Truncate(int length) => Length = Math.Min(Length, length);

    internal NativeSlot AppendText(string? text, SlotKind kind = SlotKind.Utf8Text)
    {
        if (text is null)
        {
            return default;
        }
        Reserve(StrictUtf8.GetMaxByteCount(text.Length));
        int written;
        try
        {
            written = StrictUtf8.GetBytes(text, 0, text.Length, data, Length);
        }
        catch (EncoderFallbackException invalid)
        {
            throw InputRejectedException.LoneSurrogate(invalid.Index);
        }
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
        var slot = new NativeSlot { Kind = kind, Offset = (nuint)Length, Len = (nuint)length };
        Length += length;
        return slot;
    }

    private void Reserve(int length)
    {
        if (data.Length - Length >= length)
        {
            return;
        }
        // In long arithmetic: doubling past 1 GiB must not overflow into a tiny (or negative) size.
        long needed = (long)Length + length;
        long grown = Math.Max(Math.Min(2L * data.Length, Array.MaxLength), needed);
        if (grown > Array.MaxLength)
        {
            throw InputRejectedException.ObjectTooLarge(needed);
        }
        Array.Resize(ref data, (int)grown);
    }
}
