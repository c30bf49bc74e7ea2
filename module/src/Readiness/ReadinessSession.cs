// A native readiness session and the batches of objects waiting to be checked. The pipeline
// thread only reads each object's attribute values (PowerShell objects are never touched
// elsewhere); a worker thread encodes a chunk of them into one buffer and has the native library
// check it, while the pipeline thread reads the next chunk. Duplicates come at the end.
using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using SyncMatch.Native;

namespace SyncMatch.Readiness;

internal sealed class ReadinessSession : IDisposable
{
    private readonly ReadinessSessionHandle handle;
    private readonly object?[] fields = new object?[DirectoryObjectReader.ReadinessFieldCount];
    private ObjectBatch filling = new();
    private ObjectBatch spare = new();
    private Task<List<Finding>>? checking;

    private ReadinessSession(ReadinessSessionHandle handle) => this.handle = handle;

    /// <summary>Objects read into the batch being filled.</summary>
    internal int Count => filling.Count;

    /// <summary>Starts a session for a tenant with these verified domains (none: routability decides).</summary>
    internal static unsafe ReadinessSession Open(IReadOnlyList<string> verifiedDomains)
    {
        var buffer = new SlotBuffer();
        var slots = new NativeSlot[verifiedDomains.Count];
        for (int i = 0; i < slots.Length; i++)
        {
            slots[i] = buffer.AppendText(verifiedDomains[i]);
        }
        NativeStatus status;
        ReadinessSessionHandle handle;
        fixed (byte* dataPointer = buffer.Data)
        fixed (NativeSlot* slotPointer = slots)
        {
            status = NativeMethods.syncmatch_readiness_new(dataPointer, (nuint)buffer.Length, slotPointer, (nuint)slots.Length, out handle);
        }
        if (status != NativeStatus.Ok)
        {
            handle.Dispose();
            throw NativeException.FromStatus(status, nameof(NativeMethods.syncmatch_readiness_new));
        }
        return new ReadinessSession(handle);
    }

    /// <summary>Reads one directory object into the batch being filled.</summary>
    internal void Add(object input)
    {
        DirectoryObjectReader.Readiness.Read(input, fields);
        filling.Add(fields);
    }

    /// <summary>
    /// Hands the filled batch to the worker thread and returns the findings of the batch handed
    /// over before it (empty the first time), so findings keep the input's order.
    /// </summary>
    internal List<Finding> Submit()
    {
        List<Finding> previous = Collect();
        ObjectBatch batch = filling;
        checking = Task.Run(() => batch.Check(handle));
        (filling, spare) = (spare, batch);
        return previous;
    }

    /// <summary>Checks whatever is left and returns every finding not yet returned.</summary>
    internal List<Finding> Drain()
    {
        List<Finding> findings = Collect();
        if (filling.Count > 0)
        {
            findings.AddRange(filling.Check(handle));
        }
        return findings;
    }

    /// <summary>The duplicates among every object checked (call after <see cref="Drain"/>).</summary>
    internal unsafe List<Finding> Finish()
    {
        IntPtr buffer;
        NativeException.ThrowIfFailed(NativeMethods.syncmatch_readiness_finish(handle, &buffer), nameof(NativeMethods.syncmatch_readiness_finish));
        return ObjectBatch.ToFindings(NativeJson.Take(buffer, NativeJsonContext.Default.FindingJsonArray, nameof(NativeMethods.syncmatch_readiness_finish)));
    }

    public void Dispose()
    {
        // A check still running holds its own reference to the handle; it is released after.
        handle.Dispose();
    }

    private List<Finding> Collect()
    {
        if (checking is null)
        {
            return new List<Finding>();
        }
        Task<List<Finding>> task = checking;
        checking = null;
        return task.GetAwaiter().GetResult();
    }

    /// <summary>One chunk of objects: their attribute values, then marshalled for syncmatch_readiness_check.</summary>
    private sealed class ObjectBatch
    {
        private const int FieldCount = DirectoryObjectReader.ReadinessFieldCount;
        private readonly SlotBuffer data = new();
        private readonly SlotList values = new();
        private object?[] raw = new object?[64 * FieldCount];
        private NativeDirectoryObject[] objects = new NativeDirectoryObject[64];

        internal int Count { get; private set; }

        /// <summary>Keeps one object's values (strings, string arrays, flags: nothing that needs the pipeline thread to read).</summary>
        internal void Add(object?[] fields)
        {
            if ((Count + 1) * FieldCount > raw.Length)
            {
                Array.Resize(ref raw, raw.Length * 2);
            }
            int proxies = (int)DirectoryField.ProxyAddresses;
            fields[proxies] = PropertyTable.Values(fields[proxies]);
            Array.Copy(fields, 0, raw, Count * FieldCount, FieldCount);
            Count++;
        }

        /// <summary>Checks the batch's objects (their values are kept for the duplicate pass) and empties it.</summary>
        internal unsafe List<Finding> Check(ReadinessSessionHandle session)
        {
            if (objects.Length < Count)
            {
                objects = new NativeDirectoryObject[raw.Length / FieldCount];
            }
            for (int i = 0; i < Count; i++)
            {
                objects[i] = DirectoryObjectSlots.Write(new ReadOnlySpan<object?>(raw, i * FieldCount, FieldCount), data, values);
            }
            IntPtr buffer;
            NativeStatus status;
            fixed (byte* dataPointer = data.Data)
            fixed (NativeDirectoryObject* objectPointer = objects)
            fixed (NativeSlot* valuePointer = values.Items)
            {
                status = NativeMethods.syncmatch_readiness_check(
                    session, dataPointer, (nuint)data.Length, objectPointer, (nuint)Count, valuePointer, (nuint)values.Count, &buffer);
            }
            Array.Clear(raw, 0, Count * FieldCount);
            Count = 0;
            values.Clear();
            data.Clear();
            NativeException.ThrowIfFailed(status, nameof(NativeMethods.syncmatch_readiness_check));
            return ToFindings(NativeJson.Take(buffer, NativeJsonContext.Default.FindingJsonArray, nameof(NativeMethods.syncmatch_readiness_check)));
        }

        internal static List<Finding> ToFindings(FindingJson[] found) => new List<FindingJson>(found).ConvertAll(json => new Finding(json));
    }
}
