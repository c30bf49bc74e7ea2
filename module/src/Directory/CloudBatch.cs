// Cloud users for the core, a chunk at a time: read on the pipeline thread (CloudUserReader),
// marshalled into a batch, and added by the core on a worker thread while the next chunk is read
// (BatchPipeline keeps the chunks in order, so the first holder of a key still wins). The match
// prediction and the hard-match plan add their cloud users this one way.
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System;
using SyncMatch.Native;

namespace SyncMatch.Directory;

/// <summary>The native call that adds a chunk of cloud users to a session (prediction or plan).</summary>
internal unsafe delegate NativeStatus AddCloudCall(
    NativeHandle session, byte* data, nuint dataLength, NativeCloudUser* users, nuint count, NativeSlot* values, nuint valueCount);

internal sealed class CloudBatch : INativeBatch<bool>
{
    /// <summary>Cloud users a native call takes at most.</summary>
    internal const int ChunkSize = 16384;

    private readonly NativeHandle session;
    private readonly AddCloudCall call;
    private readonly string callName;
    private readonly SlotBuffer data = new();
    private readonly List<NativeSlot> values = new();
    private NativeCloudUser[] users = new NativeCloudUser[64];

    private CloudBatch(NativeHandle session, AddCloudCall call, string callName)
    {
        this.session = session;
        this.call = call;
        this.callName = callName;
    }

    public int Count { get; private set; }

    public long Length => data.Length;

    /// <summary>
    /// Adds every cloud user of <paramref name="cloudUsers"/> to <paramref name="session"/> through
    /// <paramref name="call"/>; returns the positions left out (not a cloud object, or refused by
    /// the input bounds) with why. <paramref name="read"/> sees each user read, in order;
    /// <paramref name="progress"/> hears how many were read.
    /// </summary>
    internal static List<(int Position, string Why)> AddAll(
        NativeHandle session, AddCloudCall call, string callName, IReadOnlyList<object?> cloudUsers, CloudUserReader reader,
        InputCompleteness completeness, bool deleted, Action<CloudUserReader>? read = null, Action<int>? progress = null)
    {
        var skipped = new List<(int, string)>();
        var chunks = new BatchPipeline<CloudBatch, bool>(new CloudBatch(session, call, callName), new CloudBatch(session, call, callName));
        for (int i = 0; i < cloudUsers.Count; i++)
        {
            if (reader.Read(cloudUsers[i], completeness) is { } why)
            {
                skipped.Add((i, why));
                continue;
            }
            read?.Invoke(reader);
            chunks.Filling.Add(reader, deleted);
            if (chunks.IsFull(ChunkSize))
            {
                chunks.Submit();
                progress?.Invoke(i + 1);
            }
        }
        chunks.Drain();
        progress?.Invoke(cloudUsers.Count);
        return skipped;
    }

    /// <summary>Marshals the user <paramref name="reader"/> has just read.</summary>
    private void Add(CloudUserReader reader, bool deleted)
    {
        if (Count == users.Length)
        {
            Array.Resize(ref users, users.Length * 2);
        }
        users[Count++] = reader.Marshal(data, values, deleted);
    }

    /// <summary>Adds the chunk's users and empties it.</summary>
    public unsafe bool Run()
    {
        NativeStatus status;
        fixed (byte* dataPointer = data.Written)
        fixed (NativeCloudUser* userPointer = users)
        fixed (NativeSlot* valuePointer = CollectionsMarshal.AsSpan(values))
        {
            status = call(session, dataPointer, (nuint)data.Length, userPointer, (nuint)Count, valuePointer, (nuint)values.Count);
        }
        Count = 0;
        data.Clear();
        values.Clear();
        NativeException.ThrowIfFailed(status, callName);
        return true;
    }
}
