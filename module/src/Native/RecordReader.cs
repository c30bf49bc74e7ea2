// Reads the compact binary records the native library writes where results come by the
// thousand (match results, readiness findings): numbers little-endian, a text as its UTF-8 length
// (0xFFFFFFFF: none) then its bytes, an optional number as a u32 (0xFFFFFFFF: none). Each export documents its own layout in the header; the
// readers of those layouts are built from these pieces, so no page needs a JSON parser.
using System;
using System.Buffers.Binary;
using System.Text;

namespace SyncMatch.Native;

/// <summary>A text of a record: its UTF-8, and whether it is there at all (none is null, not empty).</summary>
internal readonly ref struct RawText
{
    internal RawText(ReadOnlySpan<byte> utf8, bool present)
    {
        Utf8 = utf8;
        Present = present;
    }

    internal ReadOnlySpan<byte> Utf8 { get; }

    internal bool Present { get; }

    internal string? Decoded => Present ? Encoding.UTF8.GetString(Utf8) : null;
}

/// <summary>Reads a page front to back; a page shorter than its layout, or longer, is an internal error naming the export.</summary>
internal ref struct RecordReader
{
    /// <summary>What stands for no text and for no number.</summary>
    private const uint None = uint.MaxValue;

    private readonly ReadOnlySpan<byte> page;
    private readonly string function;
    private int position;

    internal RecordReader(ReadOnlySpan<byte> page, string function)
    {
        this.page = page;
        this.function = function;
    }

    internal readonly bool AtEnd => position == page.Length;

    internal byte Byte() => Take(1)[0];

    internal uint UInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    internal ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>An index or other number that may be absent.</summary>
    internal uint? Optional() => UInt32() is var value && value != None ? value : null;

    /// <summary>A count of what follows, as a collection size.</summary>
    internal int Count() => checked((int)UInt32());

    /// <summary>The next text.</summary>
    internal RawText Text()
    {
        uint length = UInt32();
        return length == None ? new RawText(ReadOnlySpan<byte>.Empty, false) : new RawText(Take(checked((int)length)), true);
    }

    /// <summary>The next text as a string (null for none).</summary>
    internal string? String() => Text().Decoded;

    /// <summary>The next <paramref name="length"/> bytes, as they are.</summary>
    internal ReadOnlySpan<byte> Bytes(int length) => Take(length);

    /// <summary>Where the reader is, to take the bytes read since with <see cref="Since"/>.</summary>
    internal readonly int Position => position;

    /// <summary>The bytes read from <paramref name="start"/> on.</summary>
    internal readonly ReadOnlySpan<byte> Since(int start) => page[start..position];

    /// <summary>Throws when bytes are left after the last record.</summary>
    internal readonly void RequireEnd()
    {
        if (!AtEnd)
        {
            throw new NativeException(NativeStatus.InternalError, $"{function} wrote more than its records.");
        }
    }

    private ReadOnlySpan<byte> Take(int length)
    {
        if (length > page.Length - position)
        {
            throw new NativeException(NativeStatus.InternalError, $"{function} wrote a record shorter than its layout.");
        }
        ReadOnlySpan<byte> taken = page.Slice(position, length);
        position += length;
        return taken;
    }
}

/// <summary>Reads a native buffer of records and frees it.</summary>
internal static class NativeRecords
{
    internal delegate T PageReader<T>(ReadOnlySpan<byte> page);

    /// <summary>Reads the buffer's page with <paramref name="read"/>, then frees the buffer whatever happens.</summary>
    internal static unsafe T Take<T>(IntPtr buffer, PageReader<T> read, string function)
    {
        try
        {
            byte* data;
            nuint length;
            NativeException.ThrowIfFailed(NativeMethods.syncmatch_buffer_data(buffer, &data, &length), function);
            return read(new ReadOnlySpan<byte>(data, checked((int)length)));
        }
        finally
        {
            NativeMethods.syncmatch_buffer_free(buffer);
        }
    }
}
