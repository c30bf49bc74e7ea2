// A native readiness session and the batches of objects waiting to be checked. The pipeline
// thread only reads each object's attribute values (PowerShell objects are never touched
// elsewhere); a worker thread encodes a chunk of them into one buffer and has the native library
// check it, while the pipeline thread reads the next chunk. Duplicates come at the end.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading.Tasks;
using SyncMatch.Native;

namespace SyncMatch.Readiness;

internal sealed class ReadinessSession : IDisposable
{
    private readonly ReadinessSessionHandle handle;
    private readonly object?[] fields = new object?[DirectoryObjectReader.FieldCount];
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
        DirectoryObjectReader.Read(input, fields);
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
        return ObjectBatch.ToFindings(NativeJson.Take<FindingJson[]>(buffer, nameof(NativeMethods.syncmatch_readiness_finish)));
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
        private const int FieldCount = DirectoryObjectReader.FieldCount;
        private readonly SlotBuffer data = new();
        private object?[] raw = new object?[64 * FieldCount];
        private NativeDirectoryObject[] objects = new NativeDirectoryObject[64];
        private NativeSlot[] values = new NativeSlot[256];
        private int valueCount;

        internal int Count { get; private set; }

        /// <summary>Keeps one object's values (strings, string arrays, flags: nothing that needs the pipeline thread to read).</summary>
        internal void Add(object?[] fields)
        {
            if ((Count + 1) * FieldCount > raw.Length)
            {
                Array.Resize(ref raw, raw.Length * 2);
            }
            int proxies = (int)DirectoryField.ProxyAddresses;
            if (fields[proxies] is IEnumerable items and not string and not string[])
            {
                // A live collection (Get-ADUser's) is read here, on the pipeline thread.
                var texts = new List<string>();
                foreach (object? item in items)
                {
                    if (DirectoryObjectReader.Text(item) is { } text)
                    {
                        texts.Add(text);
                    }
                }
                fields[proxies] = texts.ToArray();
            }
            Array.Copy(fields, 0, raw, Count * FieldCount, FieldCount);
            Count++;
        }

        /// <summary>Checks the batch's objects (their values are kept for the duplicate pass) and empties it.</summary>
        internal unsafe List<Finding> Check(ReadinessSessionHandle session)
        {
            Marshal();
            IntPtr buffer;
            NativeStatus status;
            fixed (byte* dataPointer = data.Data)
            fixed (NativeDirectoryObject* objectPointer = objects)
            fixed (NativeSlot* valuePointer = values)
            {
                status = NativeMethods.syncmatch_readiness_check(
                    session, dataPointer, (nuint)data.Length, objectPointer, (nuint)Count, valuePointer, (nuint)valueCount, &buffer);
            }
            Array.Clear(raw, 0, Count * FieldCount);
            Count = 0;
            valueCount = 0;
            data.Clear();
            NativeException.ThrowIfFailed(status, nameof(NativeMethods.syncmatch_readiness_check));
            return ToFindings(NativeJson.Take<FindingJson[]>(buffer, nameof(NativeMethods.syncmatch_readiness_check)));
        }

        internal static List<Finding> ToFindings(FindingJson[] found) => new List<FindingJson>(found).ConvertAll(json => new Finding(json));

        private void Marshal()
        {
            if (objects.Length < Count)
            {
                objects = new NativeDirectoryObject[raw.Length / FieldCount];
            }
            for (int i = 0; i < Count; i++)
            {
                var fields = new ReadOnlySpan<object?>(raw, i * FieldCount, FieldCount);
                int firstValue = valueCount;
                switch (fields[(int)DirectoryField.ProxyAddresses])
                {
                    case null:
                        break;
                    case string joined:
                        AddValue(data.AppendText(joined, SlotKind.Utf8JoinedList));
                        break;
                    case string[] items:
                        foreach (string item in items)
                        {
                            if (item is not null)
                            {
                                AddValue(data.AppendText(item));
                            }
                        }
                        break;
                    case var other:
                        AddValue(data.AppendText(DirectoryObjectReader.Text(other), SlotKind.Utf8JoinedList));
                        break;
                }
                objects[i] = new NativeDirectoryObject
                {
                    DistinguishedName = TextSlot(fields, DirectoryField.DistinguishedName),
                    ObjectClass = TextSlot(fields, DirectoryField.ObjectClass),
                    SamAccountName = TextSlot(fields, DirectoryField.SamAccountName),
                    UserPrincipalName = TextSlot(fields, DirectoryField.UserPrincipalName),
                    Mail = TextSlot(fields, DirectoryField.Mail),
                    MailNickname = TextSlot(fields, DirectoryField.MailNickname),
                    TargetAddress = TextSlot(fields, DirectoryField.TargetAddress),
                    DisplayName = TextSlot(fields, DirectoryField.DisplayName),
                    GivenName = TextSlot(fields, DirectoryField.GivenName),
                    Surname = TextSlot(fields, DirectoryField.Surname),
                    IsCriticalSystemObject = DirectoryObjectReader.Flag(fields[(int)DirectoryField.IsCriticalSystemObject]) ? 1u : 0u,
                    ProxyAddressesFirst = (nuint)firstValue,
                    ProxyAddressesCount = (nuint)(valueCount - firstValue),
                };
            }
        }

        private NativeSlot TextSlot(ReadOnlySpan<object?> fields, DirectoryField field) => data.AppendText(DirectoryObjectReader.Text(fields[(int)field]));

        private void AddValue(NativeSlot slot)
        {
            if (valueCount == values.Length)
            {
                Array.Resize(ref values, values.Length * 2);
            }
            values[valueCount++] = slot;
        }
    }
}
