// Objects given as a parameter (-CloudUser, -DeletedCloudUser, -OnPremisesUser) read and added to
// a native session a chunk at a time: read on the pipeline thread, the chunk before it added on
// a worker thread meanwhile (BatchPipeline keeps the chunks in order, so the first holder of a
// key still wins). The prediction and the hard-match plan add their objects this one way.
using System;
using System.Collections.Generic;
using SyncMatch.Native;

namespace SyncMatch.Directory;

/// <summary>The native call that adds a chunk of rows and returns the failure page's failures.</summary>
internal delegate List<NativeFailure> AddRowsCall(RowBatch rows);

internal sealed class ObjectRows : INativeBatch<List<(int Position, Exception Why)>>
{
    /// <summary>Objects a native call takes at most.</summary>
    internal const int ChunkSize = 16384;

    private readonly AddRowsCall call;
    private readonly Action<List<int>, HashSet<int>, List<string?>>? added;
    private readonly RowBatch rows = new();
    private readonly List<int> positions = new();
    // The texts the caller keeps of each row as it is read, in the chunk the row is in: the
    // chunk is added on a worker thread while the pipeline thread reads the next one.
    private readonly List<string?> kept = new();

    private ObjectRows(AddRowsCall call, Action<List<int>, HashSet<int>, List<string?>>? added)
    {
        this.call = call;
        this.added = added;
    }

    public int Count => rows.Count;

    public long Length => rows.Length;

    /// <summary>
    /// Adds every object of <paramref name="items"/> through <paramref name="call"/>, read as
    /// <paramref name="reader"/> says; returns the positions left out with why (not an object,
    /// refused by the input bounds, or refused by the core), in order. <paramref name="read"/>
    /// sees each object's values as read, on the pipeline thread, and appends the texts it keeps
    /// of the row to the row's chunk; <paramref name="added"/> gets the positions of each chunk, those of them the
    /// core left out and what was kept of each, once it is added (on a worker thread: it must
    /// touch nothing the pipeline thread uses); <paramref name="progress"/> hears how many were read.
    /// </summary>
    internal static List<(int Position, Exception Why)> AddAll(
        IReadOnlyList<object?> items, EntityReader reader, InputCompleteness completeness, string what, AddRowsCall call,
        Action<object?[], List<string?>>? read = null, Action<List<int>, HashSet<int>, List<string?>>? added = null, Action<int>? progress = null)
    {
        var left = new List<(int, Exception)>();
        var chunks = new BatchPipeline<ObjectRows, List<(int, Exception)>>(new ObjectRows(call, added), new ObjectRows(call, added));
        var values = new object?[Schema.Current.FieldCount];
        for (int i = 0; i < items.Count; i++)
        {
            try
            {
                if (items[i] is not { } item)
                {
                    throw new ArgumentNullException(nameof(items), "it is $null");
                }
                InputShapes.RequireObject(item, what);
                long length = reader.Read(item, values, out ulong present, out ulong valued);
                completeness.Record(present, valued);
                chunks.Filling.rows.Add(values, length);
                chunks.Filling.positions.Add(i);
                read?.Invoke(values, chunks.Filling.kept);
            }
            catch (Exception refused) when (refused is InputRejectedException or ArgumentNullException)
            {
                left.Add((i, refused));
                continue;
            }
            if (chunks.IsFull(ChunkSize))
            {
                Collect(left, chunks.Submit());
                progress?.Invoke(i + 1);
            }
        }
        Collect(left, chunks.Drain());
        progress?.Invoke(items.Count);
        left.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return left;
    }

    private static void Collect(List<(int, Exception)> left, List<List<(int, Exception)>> done)
    {
        foreach (List<(int, Exception)> chunk in done)
        {
            left.AddRange(chunk);
        }
    }

    /// <summary>Adds the chunk's rows and empties it; returns those the core left out, by their positions.</summary>
    public List<(int Position, Exception Why)> Run()
    {
        List<NativeFailure> failures = call(rows);
        var left = new List<(int, Exception)>(failures.Count);
        var failed = new HashSet<int>();
        foreach (NativeFailure failure in failures)
        {
            int index = checked((int)failure.Index);
            failed.Add(index);
            left.Add((positions[index], failure.ToException()));
        }
        added?.Invoke(positions, failed, kept);
        positions.Clear();
        kept.Clear();
        return left;
    }
}
