// ConvertFrom-ProxyAddress: proxyAddresses values parsed into type, primary flag, address and the
// comparison key every SyncMatch match uses.
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using SyncMatch.Native;

namespace SyncMatch.Commands;

/// <summary>Parses proxyAddresses values (and plain addresses) into their parts.</summary>
[Cmdlet(VerbsData.ConvertFrom, "ProxyAddress")]
[OutputType(typeof(ProxyAddress))]
public sealed class ConvertFromProxyAddressCommand : SyncMatchCmdlet
{
    /// <summary>Values, arrays of values, ';'-joined CSV cells, or objects with a proxyAddresses property.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    public object?[]? ProxyAddress { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var texts = new List<string?>();
        var targets = new List<object?>();
        foreach (object? item in ProxyAddress ?? new object?[] { null })
        {
            Collect(item, texts, targets);
        }
        ProxyAddressJson[][] parsed = Parse(texts);
        for (int i = 0; i < parsed.Length; i++)
        {
            if (parsed[i].Length == 0)
            {
                WriteError(new ErrorRecord(
                    new PSArgumentException($"'{texts[i]}' holds no proxy address; a value looks like SMTP:name@domain or name@domain."),
                    "BlankProxyAddress", ErrorCategory.InvalidArgument, targets[i]));
                continue;
            }
            foreach (ProxyAddressJson json in parsed[i])
            {
                WriteObject(new ProxyAddress(json));
            }
        }
    }

    /// <summary>Flattens one input: text as is, collections item by item, objects by their proxyAddresses.</summary>
    private static void Collect(object? item, List<string?> texts, List<object?> targets)
    {
        object? value = item is PSObject wrapped ? wrapped.BaseObject : item;
        switch (value)
        {
            case null or string:
                texts.Add((string?)value);
                targets.Add(item);
                break;
            case IEnumerable items and not IDictionary:
                foreach (object? inner in items)
                {
                    Collect(inner, texts, targets);
                }
                break;
            default:
                PSPropertyInfo? property = PSObject.AsPSObject(item!).Properties["proxyAddresses"];
                if (property?.Value is { } proxies)
                {
                    Collect(proxies, texts, targets);
                }
                else
                {
                    texts.Add(PropertyTable.Text(value));
                    targets.Add(item);
                }
                break;
        }
    }

    private static unsafe ProxyAddressJson[][] Parse(List<string?> texts)
    {
        var buffer = new SlotBuffer();
        var slots = new NativeSlot[texts.Count];
        for (int i = 0; i < slots.Length; i++)
        {
            slots[i] = buffer.AppendText(texts[i], SlotKind.Utf8JoinedList);
        }
        System.IntPtr parsed;
        NativeStatus status;
        fixed (byte* dataPointer = buffer.Data)
        fixed (NativeSlot* slotPointer = slots)
        {
            status = NativeMethods.syncmatch_address_parse(dataPointer, (nuint)buffer.Length, slotPointer, (nuint)slots.Length, &parsed);
        }
        NativeException.ThrowIfFailed(status, nameof(NativeMethods.syncmatch_address_parse));
        return NativeJson.Take(parsed, NativeJsonContext.Default.ProxyAddressJsonArrayArray, nameof(NativeMethods.syncmatch_address_parse));
    }
}
