// The immutableIds of a directory export's rows, read and converted in the core a chunk at a
// time: no PowerShell object per row on the way in.
using System;
using System.Collections.Generic;
using SyncMatch.Native;

namespace SyncMatch.Anchors;

internal static class ExportAnchors
{
    /// <summary>
    /// Per chunk of <paramref name="chunk"/> rows: its first row, the rows' immutableIds (null
    /// where a row has none) and the failed rows, each naming the file and the line, in row order.
    /// </summary>
    internal static IEnumerable<(int Start, string?[] Ids, List<RowFailureJson> Failures)> ImmutableIds(DirectoryExport export, SourceAnchorAttribute attribute, int chunk)
    {
        var characters = new byte[chunk * NativeMethods.ImmutableIdLength];
        for (int start = 0; start < export.RowCount; start += chunk)
        {
            int count = Math.Min(chunk, export.RowCount - start);
            RowFailureJson[] failures = Convert(export, attribute, start, count, characters);
            var ids = new string?[count];
            var failed = new HashSet<int>();
            foreach (RowFailureJson failure in failures)
            {
                failed.Add(failure.Index - start);
            }
            for (int i = 0; i < count; i++)
            {
                if (!failed.Contains(i))
                {
                    ids[i] = System.Text.Encoding.ASCII.GetString(characters, i * NativeMethods.ImmutableIdLength, NativeMethods.ImmutableIdLength);
                }
            }
            yield return (start, ids, new List<RowFailureJson>(failures));
        }
    }

    private static unsafe RowFailureJson[] Convert(DirectoryExport export, SourceAnchorAttribute attribute, int start, int count, byte[] characters)
    {
        IntPtr buffer;
        fixed (byte* characterPointer = characters)
        {
            NativeException.ThrowIfFailed(
                NativeMethods.syncmatch_export_immutable_ids(export.Handle.Value, (uint)attribute, (nuint)start, (nuint)count, characterPointer, (nuint)characters.Length, &buffer),
                nameof(NativeMethods.syncmatch_export_immutable_ids));
        }
        return NativeJson.Take(buffer, RowFailureJsonContext.Default.RowFailureJsonArray, nameof(NativeMethods.syncmatch_export_immutable_ids));
    }
}
