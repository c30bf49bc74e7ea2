// The one way the native library says which inputs of a call it could not use: the failure page
// every call that takes inputs writes (src/ffi/rows.rs documents its layout). Read here, once.
using System.Collections.Generic;
using System;

namespace SyncMatch.Native;

/// <summary>An input the library could not use: its position in the call (an export's row), its file line (0 for an object), why.</summary>
internal readonly record struct NativeFailure(long Index, long Line, NativeStatus Status, string Message)
{
    /// <summary>The failure as the exception its error record carries.</summary>
    internal NativeException ToException() => NativeException.ForInput(Status, Message);
}

internal static class FailurePage
{
    /// <summary>Reads a failure page and frees its buffer.</summary>
    internal static List<NativeFailure> Take(IntPtr buffer, string function) =>
        NativeRecords.Take(buffer, page => Read(page, function), function);

    private static List<NativeFailure> Read(ReadOnlySpan<byte> page, string function)
    {
        var reader = new RecordReader(page, function);
        int count = reader.Count();
        var failures = new List<NativeFailure>(count);
        for (int i = 0; i < count; i++)
        {
            long index = checked((long)reader.UInt64());
            long line = checked((long)reader.UInt64());
            var status = (NativeStatus)reader.UInt32();
            failures.Add(new NativeFailure(index, line, status, reader.String() ?? string.Empty));
        }
        reader.RequireEnd();
        return failures;
    }
}
