// A native readiness session and the batch of objects waiting to be checked: objects are
// marshalled into one buffer and checked a chunk per native call; duplicates come at the end.
using System;
using System.Collections;
using System.Collections.Generic;
using SyncMatch.Native;

namespace SyncMatch.Readiness;

internal sealed class ReadinessSession : IDisposable
{
    private readonly ReadinessSessionHandle handle;
    private readonly SlotBuffer data = new();
    private readonly object?[] fields = new object?[DirectoryObjectReader.FieldCount];
    private NativeDirectoryObject[] objects = new NativeDirectoryObject[64];
    private NativeSlot[] values = new NativeSlot[256];
    private int valueCount;

    private ReadinessSession(ReadinessSessionHandle handle) => this.handle = handle;

    internal int Count { get; private set; }

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

    /// <summary>Reads one directory object into the batch.</summary>
    internal void Add(object input)
    {
        DirectoryObjectReader.Read(input, fields);
        if (Count == objects.Length)
        {
            Array.Resize(ref objects, objects.Length * 2);
        }
        int firstValue = valueCount;
        switch (fields[(int)DirectoryField.ProxyAddresses])
        {
            case null:
                break;
            case string joined:
                AddValue(data.AppendText(joined, SlotKind.Utf8JoinedList));
                break;
            case IEnumerable items:
                foreach (object? item in items)
                {
                    if (DirectoryObjectReader.Text(item) is { } value)
                    {
                        AddValue(data.AppendText(value));
                    }
                }
                break;
            case var other:
                AddValue(data.AppendText(DirectoryObjectReader.Text(other), SlotKind.Utf8JoinedList));
                break;
        }
        objects[Count++] = new NativeDirectoryObject
        {
            DistinguishedName = TextSlot(DirectoryField.DistinguishedName),
            ObjectClass = TextSlot(DirectoryField.ObjectClass),
            SamAccountName = TextSlot(DirectoryField.SamAccountName),
            UserPrincipalName = TextSlot(DirectoryField.UserPrincipalName),
            Mail = TextSlot(DirectoryField.Mail),
            MailNickname = TextSlot(DirectoryField.MailNickname),
            TargetAddress = TextSlot(DirectoryField.TargetAddress),
            DisplayName = TextSlot(DirectoryField.DisplayName),
            GivenName = TextSlot(DirectoryField.GivenName),
            Surname = TextSlot(DirectoryField.Surname),
            IsCriticalSystemObject = DirectoryObjectReader.Flag(fields[(int)DirectoryField.IsCriticalSystemObject]) ? 1u : 0u,
            ProxyAddressesFirst = (nuint)firstValue,
            ProxyAddressesCount = (nuint)(valueCount - firstValue),
        };
    }

    /// <summary>Checks the objects added since the last call; their values are kept for <see cref="Finish"/>.</summary>
    internal unsafe List<Finding> Check()
    {
        IntPtr buffer;
        NativeStatus status;
        fixed (byte* dataPointer = data.Data)
        fixed (NativeDirectoryObject* objectPointer = objects)
        fixed (NativeSlot* valuePointer = values)
        {
            status = NativeMethods.syncmatch_readiness_check(
                handle, dataPointer, (nuint)data.Length, objectPointer, (nuint)Count, valuePointer, (nuint)valueCount, &buffer);
        }
        Count = 0;
        valueCount = 0;
        data.Clear();
        NativeException.ThrowIfFailed(status, nameof(NativeMethods.syncmatch_readiness_check));
        return ToFindings(NativeJson.Take<FindingJson[]>(buffer, nameof(NativeMethods.syncmatch_readiness_check)));
    }

    /// <summary>The duplicates among every object checked.</summary>
    internal unsafe List<Finding> Finish()
    {
        IntPtr buffer;
        NativeException.ThrowIfFailed(NativeMethods.syncmatch_readiness_finish(handle, &buffer), nameof(NativeMethods.syncmatch_readiness_finish));
        return ToFindings(NativeJson.Take<FindingJson[]>(buffer, nameof(NativeMethods.syncmatch_readiness_finish)));
    }

    public void Dispose() => handle.Dispose();

    private static List<Finding> ToFindings(FindingJson[] found) => new List<FindingJson>(found).ConvertAll(json => new Finding(json));

    private NativeSlot TextSlot(DirectoryField field) => data.AppendText(DirectoryObjectReader.Text(fields[(int)field]));

    private void AddValue(NativeSlot slot)
    {
        if (valueCount == values.Length)
        {
            Array.Resize(ref values, values.Length * 2);
        }
        values[valueCount++] = slot;
    }
}
