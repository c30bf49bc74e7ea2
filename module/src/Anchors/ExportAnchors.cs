// The source anchors of a directory export's rows, read and resolved in the core a chunk at a
// time (no PowerShell object per row on the way in), then spelled by the same native calls as
// any other anchor.
using System;
using System.Collections.Generic;
using SyncMatch.Native;

namespace SyncMatch.Anchors;

internal static class ExportAnchors
{
    /// <summary>
    /// Per chunk of <paramref name="chunk"/> rows: its first row, the rows' anchors and the
    /// attribute each was read from (null where a row has none) and the failed rows, each naming
    /// the file and the line, in row order.
    /// </summary>
    internal static IEnumerable<(int Start, (Guid Anchor, AnchorSource ReadFrom)?[] Anchors, List<NativeFailure> Failures)> Anchors(DirectoryExport export, SourceAnchorAttribute attribute, int chunk)
    {
        var sources = new uint[chunk];
        foreach ((int start, byte[] anchors, int count, HashSet<int> failed, List<NativeFailure> failures) in Chunks(export, attribute, chunk, sources))
        {
            var found = new (Guid, AnchorSource)?[count];
            for (int i = 0; i < count; i++)
            {
                if (!failed.Contains(i))
                {
                    found[i] = (new Guid(anchors.AsSpan(i * NativeMethods.AnchorLength, NativeMethods.AnchorLength)), (AnchorSource)sources[i]);
                }
            }
            yield return (start, found, failures);
        }
    }

    /// <summary>As <see cref="Anchors"/>, the anchors spelled as immutableIds (one native call a chunk).</summary>
    internal static IEnumerable<(int Start, string?[] Ids, List<NativeFailure> Failures)> ImmutableIds(DirectoryExport export, SourceAnchorAttribute attribute, int chunk)
    {
        byte[] characters = Array.Empty<byte>();
        foreach ((int start, byte[] anchors, int count, HashSet<int> failed, List<NativeFailure> failures) in Chunks(export, attribute, chunk, sources: null))
        {
            yield return (start, AnchorBatch.ImmutableIds(anchors, count, i => !failed.Contains(i), ref characters), failures);
        }
    }

    /// <summary>The chunks' anchors; where each was read from into <paramref name="sources"/> (a chunk long) when given.</summary>
    private static IEnumerable<(int Start, byte[] Anchors, int Count, HashSet<int> Failed, List<NativeFailure> Failures)> Chunks(DirectoryExport export, SourceAnchorAttribute attribute, int chunk, uint[]? sources)
    {
        var anchors = new byte[chunk * NativeMethods.AnchorLength];
        for (int start = 0; start < export.RowCount; start += chunk)
        {
            int count = Math.Min(chunk, export.RowCount - start);
            List<NativeFailure> failures = Resolve(export, attribute, start, count, anchors, sources);
            var failed = new HashSet<int>();
            foreach (NativeFailure failure in failures)
            {
                failed.Add(checked((int)failure.Index) - start);
            }
            yield return (start, anchors, count, failed, failures);
        }
    }

    private static unsafe List<NativeFailure> Resolve(DirectoryExport export, SourceAnchorAttribute attribute, int start, int count, byte[] anchors, uint[]? sources)
    {
        IntPtr buffer;
        fixed (byte* anchorPointer = anchors)
        fixed (uint* sourcePointer = sources)
        {
            NativeException.ThrowIfFailed(
                NativeMethods.syncmatch_export_anchors(export.Handle, (uint)attribute, (nuint)start, (nuint)count, anchorPointer, (nuint)anchors.Length, sourcePointer, (nuint)(sources?.Length ?? 0), &buffer),
                nameof(NativeMethods.syncmatch_export_anchors));
        }
        return FailurePage.Take(buffer, nameof(NativeMethods.syncmatch_export_anchors));
    }
}
