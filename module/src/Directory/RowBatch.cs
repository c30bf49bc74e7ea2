// A batch of rows of cells, the one shape every input crosses in (SyncMatchRows). Rows are
// queued on the pipeline thread as the values EntityReader read (nothing there touches the
// native side), and written as cells by whichever thread makes the native call: the UTF-8
// encoding then runs beside the reading of the next batch.
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

    // Queued: each row's fields and values, back to back; where each row's end.
    private readonly List<int> fields = new();
    private readonly List<object> values = new();
    private readonly List<int> queuedEnds = new();

    // Written: the batch as it crosses (kept while the same rows go to another call).
    private bool written;
    private readonly SlotBuffer data = new();
    private readonly List<NativeCell> cells = new();
    private readonly List<nuint> ends = new();

    internal RowBatch() => kinds = Schema.Current.Kinds;

    /// <summary>Rows queued.</summary>
    internal int Count => queuedEnds.Count;

    /// <summary>Characters the queued values hold (a bound on the batch's memory).</summary>
    internal long Length { get; private set; }

    /// <summary>Queues a row: the values <paramref name="row"/> holds, by field number (null: none).</summary>
    internal void Add(object?[] row, long length)
    {
        for (int field = 0; field < row.Length; field++)
        {
            if (row[field] is { } value)
            {
                fields.Add(field);
                values.Add(value);
            }
        }
        EndRow(length);
    }

    /// <summary>Queues one cell of the row being built (end it with <see cref="EndRow"/>).</summary>
    internal void AddCell(int field, object value)
    {
        fields.Add(field);
        values.Add(value);
    }

    /// <summary>Ends the row being built.</summary>
    internal void EndRow(long length = 0)
    {
        queuedEnds.Add(fields.Count);
        Length += length;
    }

    /// <summary>
    /// Writes the queued rows as cells, makes the native call with them, and empties the batch
    /// (unless <paramref name="keep"/>: the same rows go to another call after).
    /// </summary>
    internal unsafe T Call<T>(RowsCall<T> call, bool keep = false)
    {
        try
        {
            if (!written)
            {
                Write();
                written = true;
            }
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
    /// Makes <paramref name="call"/> with the queued rows (see <see cref="Call"/>): the inputs it
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
        written = false;
        fields.Clear();
        values.Clear();
        queuedEnds.Clear();
        data.Clear();
        cells.Clear();
        ends.Clear();
        Length = 0;
    }

    private void Write()
    {
        int cell = 0;
        foreach (int end in queuedEnds)
        {
            for (; cell < end; cell++)
            {
                Write(fields[cell], values[cell]);
            }
            ends.Add((nuint)cells.Count);
        }
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
