// One growable byte buffer that a batch's values are appended to, each described by a slot
// (kind, offset, length). A batch fills it, pins it once, and makes one native call. Text is
// encoded strictly: a lone surrogate throws (callers check values first, so this is the
// backstop that keeps U+FFFD from ever standing in for a value).
using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;

namespace SyncMatch.Native;

internal sealed class SlotBuffer
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ArrayBufferWriter<byte> bytes = new(4096);

    /// <summary>Bytes appended so far.</summary>
    internal int Length => bytes.WrittenCount;

    /// <summary>What was appended, to pin for a native call.</summary>
    internal ReadOnlySpan<byte> Written => bytes.WrittenSpan;

    internal void Clear() => bytes.ResetWrittenCount();

    internal NativeSlot AppendText(string? text, SlotKind kind = SlotKind.Utf8Text)
    {
        if (text is null)
        {
            return default;
        }
        int written = StrictUtf8.GetBytes(text, bytes.GetSpan(StrictUtf8.GetMaxByteCount(text.Length)));
        return Slot(kind, written);
    }

    /// <summary>Appends each text; returns their slots, in order.</summary>
    internal NativeSlot[] AppendAll(IReadOnlyList<string> texts)
    {
        var slots = new NativeSlot[texts.Count];
        for (int i = 0; i < slots.Length; i++)
        {
            slots[i] = AppendText(texts[i]);
        }
        return slots;
    }

    internal NativeSlot AppendBytes(ReadOnlySpan<byte> value)
    {
        value.CopyTo(bytes.GetSpan(value.Length));
        return Slot(SlotKind.Bytes, value.Length);
    }

    internal NativeSlot AppendGuid(Guid guid)
    {
        guid.TryWriteBytes(bytes.GetSpan(NativeMethods.AnchorLength));
        return Slot(SlotKind.Bytes, NativeMethods.AnchorLength);
    }

    /// <summary>An anchor value as AnchorSource normalizes it: null, a Guid, a byte[] or text.</summary>
    internal NativeSlot AppendAnchorValue(object? value) => value switch
    {
        null => default,
        Guid guid => AppendGuid(guid),
        byte[] array => AppendBytes(array),
        string text => AppendText(text),
        _ => throw new ArgumentException($"Unexpected anchor value type {value.GetType()}.", nameof(value)),
    };

    private NativeSlot Slot(SlotKind kind, int length)
    {
        var slot = new NativeSlot { Kind = kind, Offset = (nuint)bytes.WrittenCount, Len = (nuint)length };
        bytes.Advance(length);
        return slot;
    }
}
