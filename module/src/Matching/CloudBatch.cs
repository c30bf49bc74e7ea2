// One chunk of cloud users marshalled for syncmatch_prediction_add_cloud: read on the pipeline
// thread (by CloudUserReader), indexed by the core on a worker thread while the next chunk is
// read (BatchPipeline keeps the chunks in order, so the first holder of a key still wins).
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System;
using SyncMatch.Directory;
using SyncMatch.Native;

namespace SyncMatch.Matching;

internal sealed class CloudBatch : INativeBatch<bool>
{
    private readonly NativeHandle prediction;
    private readonly SlotBuffer data = new();
    private readonly List<NativeSlot> values = new();
    private NativeCloudUser[] users = new NativeCloudUser[64];

    internal CloudBatch(NativeHandle prediction) => this.prediction = prediction;

    public int Count { get; private set; }

    public long Length => data.Length;

    /// <summary>Marshals the user <paramref name="reader"/> has just read.</summary>
    internal void Add(CloudUserReader reader, bool deleted)
    {
        if (Count == users.Length)
        {
            Array.Resize(ref users, users.Length * 2);
        }
        users[Count++] = reader.Marshal(data, values, deleted);
    }

    /// <summary>Indexes the chunk's users and empties it.</summary>
    public unsafe bool Run()
    {
        NativeStatus status;
        fixed (byte* dataPointer = data.Written)
        fixed (NativeCloudUser* userPointer = users)
        fixed (NativeSlot* valuePointer = CollectionsMarshal.AsSpan(values))
        {
            status = NativeMethods.syncmatch_prediction_add_cloud(
                prediction, dataPointer, (nuint)data.Length, userPointer, (nuint)Count, valuePointer, (nuint)values.Count);
        }
        Count = 0;
        data.Clear();
        values.Clear();
        NativeException.ThrowIfFailed(status, nameof(NativeMethods.syncmatch_prediction_add_cloud));
        return true;
    }
}
