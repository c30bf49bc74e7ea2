// A batch of rows of cells, the one shape every input crosses in (SyncMatchRows). Each value is
// written as a cell (UTF-8) as its row is added, on the pipeline thread: the thread that makes
// the native call then runs native code only, which the garbage collector does not stop, while
// the pipeline thread goes on reading and allocating (measured: docs/benchmarks.md, issue 19).
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using SyncMatch.Native;

namespace SyncMatch.Directory;

/// <summary>A native call that takes a batch of rows.</summary>
internal unsafe delegate T RowsCall<T>(NativeRows* rows);

/// <summary>A native call that takes a batch of rows and writes its failure page.</summary>
internal unsafe delegate NativeStatus RowsAddCall(NativeRows* rows, IntPtr* outFailures);

internal sealed class RowBatch
{
    private readonly FieldKind[] kinds;

    private readonly SlotBuffer data = new();
    private readonly List<NativeCell> cells = new();
    private readonly List<nuint> ends = new();

    internal RowBatch() => kinds = Schema.Current.Kinds;

    /// <summary>Rows added.</summary>
    internal int Count => ends.Count;

    /// <summary>Characters the added values hold (a bound on the batch's memory).</summary>
    internal long Length { get; private set; }

    /// <summary>Adds a row: the values <paramref name="row"/> holds, by field number (null: none).</summary>
    internal void Add(object?[] row, long length)
    {
        for (int field = 0; field < row.Length; field++)
        {
            if (row[field] is { } value)
            {
                Write(field, value);
            }
        }
        EndRow(length);
    }

    /// <summary>Adds one cell to the row being built (end it with <see cref="EndRow"/>).</summary>
    internal void AddCell(int field, object value) => Write(field, value);

    /// <summary>Ends the row being built.</summary>
    internal void EndRow(long length = 0)
    {
        ends.Add((nuint)cells.Count);
        Length += length;
    }

    /// <summary>
    /// Makes the native call with the rows added, and empties the batch (unless
    /// <paramref name="keep"/>: the same rows go to another call after).
    /// </summary>
    internal unsafe T Call<T>(RowsCall<T> call, bool keep = false)
    {
        try
        {
            fixed (byte* dataPointer = data.Written)
            fixed (NativeCell* cellPointer = CollectionsMarshal.AsSpan(cells))
            fixed (nuint* endPointer = CollectionsMarshal.AsSpan(ends))
            {
                var rows = new NativeRows
                {
                    Data = dataPointer,
                    DataLen = (nuint)data.Length,
                    Cells = cellPointer,
                    CellCount = (nuint)cells.Count,
                    RowEnds = endPointer,
                    RowCount = (nuint)ends.Count,
                };
                return call(&rows);
            }
        }
        finally
        {
            if (!keep)
            {
                Clear();
            }
        }
    }

    /// <summary>
    /// Makes <paramref name="call"/> with the rows added (see <see cref="Call"/>): the inputs it
    /// could not use, from its failure page. A call that fails as a whole throws.
    /// </summary>
    internal unsafe List<NativeFailure> SendTo(RowsAddCall call, string function, bool keep = false)
    {
        (NativeStatus status, IntPtr failures) = Call(
            rows =>
            {
                IntPtr page;
                NativeStatus called = call(rows, &page);
                return (called, page);
            },
            keep);
        NativeException.ThrowIfFailed(status, function);
        return FailurePage.Take(failures, function);
    }

    internal void Clear()
    {
        data.Clear();
        cells.Clear();
        ends.Clear();
        Length = 0;
    }

    /// <summary>One value as it crosses: text (a list's joined CSV cell), each item of a list, bytes.</summary>
    private void Write(int field, object value)
    {
        switch (value)
        {
            case string text:
                cells.Add(new NativeCell
                {
                    Field = (uint)field,
                    Value = data.AppendText(text, kinds[field] == FieldKind.List ? SlotKind.Utf8JoinedList : SlotKind.Utf8Text),
                });
                break;
            case string[] items:
                foreach (string item in items)
                {
                    if (item is not null)
                    {
                        cells.Add(new NativeCell { Field = (uint)field, Value = data.AppendText(item) });
                    }
                }
                break;
            default:
                cells.Add(new NativeCell { Field = (uint)field, Value = data.AppendAnchorValue(value) });
                break;
        }
    }
}
