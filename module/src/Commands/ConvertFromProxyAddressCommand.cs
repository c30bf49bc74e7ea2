// ConvertFrom-ProxyAddress: proxyAddresses values parsed into type, primary flag, address and the
// comparison key every SyncMatch match uses.
using System.Collections.Generic;
using System.Collections;
using System.Management.Automation;
using System;
using SyncMatch.Directory;
using SyncMatch.Native;
using SyncMatch.Text;

namespace SyncMatch.Commands;

/// <summary>Parses proxyAddresses values (and plain addresses) into their parts.</summary>
[Cmdlet(VerbsData.ConvertFrom, "ProxyAddress")]
[OutputType(typeof(ProxyAddress))]
public sealed class ConvertFromProxyAddressCommand : SyncMatchCmdlet
{
    // Objects and hashtables are read by the names the schema gives a directory object's
    // proxyAddresses, in any case.
    private static readonly Lazy<string[]> ProxyNames = new(() => Schema.Current.NamesOfField(Entity.DirectoryObject, "ProxyAddresses"));
    private static readonly Lazy<PropertyTable> ProxyTable = new(() => new PropertyTable(1, Array.ConvertAll(ProxyNames.Value, name => (name, 0))));

    /// <summary>Values, arrays of values, ';'-joined CSV cells, or objects with a proxyAddresses property.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    public object?[]? ProxyAddress { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        // Each value, or the reason an input holds none, in input order.
        var entries = new List<(string? Text, Exception? Refusal, object? Target)>();
        object? input = ProxyAddress is { Length: 1 } single ? single[0] : ProxyAddress;
        if ((input is PSObject wrappedInput ? wrappedInput.BaseObject : input) is DirectoryExport export)
        {
            // Not an object with proxyAddresses: its rows are read in the core, by the cmdlets that take exports.
            WriteError(new ErrorRecord(
                new PSArgumentException($"{export.Path}: ConvertFrom-ProxyAddress parses values and objects, not exports. Test-SyncReadiness checks every row's proxyAddresses in the core (Import-DirectoryExport ... | Test-SyncReadiness), or pipe the rows as objects (Import-Csv)."),
                "ExportNotSupported", ErrorCategory.InvalidArgument, export));
            return;
        }
        int visits = 0;
        try
        {
            Collect(input, entries, depth: 0, ref visits);
        }
        catch (InputRejectedException refusal)
        {
            entries.Clear();
            entries.Add((null, refusal, input));
        }
        if (entries.Count == 0)
        {
            entries.Add((null, NoValue(input), input));
        }
        var texts = new List<string?>();
        foreach ((string? text, Exception? refusal, _) in entries)
        {
            if (refusal is null)
            {
                texts.Add(text);
            }
        }
        ProxyAddressJson[][] parsed;
        try
        {
            parsed = Parse(texts);
        }
        catch (NativeException failure) when (failure.Status == NativeStatus.Panic)
        {
            // One error for each input of the call it hit, never a lost run.
            foreach ((_, Exception? refusal, object? target) in entries)
            {
                WriteEntryError(refusal ?? failure, target);
            }
            return;
        }
        int next = 0;
        foreach ((string? text, Exception? refusal, object? target) in entries)
        {
            if (refusal is not null)
            {
                WriteEntryError(refusal, target);
                continue;
            }
            ProxyAddressJson[] values = parsed[next++];
            if (values.Length == 0)
            {
                WriteError(new ErrorRecord(
                    new PSArgumentException($"'{DisplayText.Escape(text ?? "")}' holds no proxy address; a value looks like SMTP:name@domain or name@domain."),
                    "BlankProxyAddress", ErrorCategory.InvalidArgument, target));
                continue;
            }
            foreach (ProxyAddressJson json in values)
            {
                WriteObject(new ProxyAddress(json));
            }
        }
    }

    /// <summary>
    /// Flattens one input: text as is, collections item by item, hashtables and other objects by
    /// their proxyAddresses (a hashtable by key, as every SyncMatch cmdlet reads one). A collection
    /// or object that holds no value at all yields one BlankProxyAddress entry, never nothing.
    /// </summary>
    private static void Collect(object? item, List<(string?, Exception?, object?)> entries, int depth, ref int visits)
    {
        object? value = item is PSObject wrapped ? wrapped.BaseObject : item;
        // Too deep or too many values refuses the whole input (see ProcessRecord); a bad single
        // value (a lone surrogate) is an error for that value while the others are parsed.
        InputValues.CheckDepth(depth);
        InputValues.CountVisit(ref visits);
        try
        {
            switch (value)
            {
                case null:
                    entries.Add((null, null, item));
                    break;
                case string text:
                    entries.Add((InputValues.Checked(text), null, item));
                    break;
                case IDictionary or PSCustomObject:
                    var fields = new object?[1];
                    ProxyTable.Value.Read(item!, fields);
                    CollectAll(fields[0], item, entries, depth + 1, ref visits);
                    break;
                case IEnumerable items:
                    CollectAll(items, item, entries, depth + 1, ref visits);
                    break;
                default:
                    var read = new object?[1];
                    ProxyTable.Value.Read(item!, read, out ulong present);
                    if (present != 0)
                    {
                        // Present but null or empty: one BlankProxyAddress error for the object.
                        CollectAll(read[0], item, entries, depth + 1, ref visits);
                    }
                    else
                    {
                        entries.Add((FieldValues.Text(value), null, item));
                    }
                    break;
            }
        }
        catch (InputRejectedException refusal) when (!refusal.Structural)
        {
            entries.Add((null, refusal, item));
        }
        catch (Exception failure) when (InputRejectedException.IsReadFailure(failure))
        {
            // ToString() that throws, a collection that fails while it is listed: this input's error.
            entries.Add((null, InputRejectedException.Unreadable(failure), item));
        }
    }

    /// <summary>Collects every value of <paramref name="values"/>; none at all is one error for <paramref name="owner"/>.</summary>
    private static void CollectAll(object? values, object? owner, List<(string?, Exception?, object?)> entries, int depth, ref int visits)
    {
        int before = entries.Count;
        object? inner = values is PSObject wrapped ? wrapped.BaseObject : values;
        if (inner is IEnumerable items and not string and not IDictionary)
        {
            foreach (object? value in items)
            {
                Collect(value, entries, depth, ref visits);
            }
        }
        else if (inner is not null)
        {
            Collect(values, entries, depth, ref visits);
        }
        if (entries.Count == before)
        {
            entries.Add((null, NoValue(owner), owner));
        }
    }

    /// <summary>An input that holds no value is BlankProxyAddress; other refusals keep their own ids.</summary>
    private void WriteEntryError(Exception refusal, object? target)
    {
        if (refusal is PSArgumentException blank)
        {
            WriteError(new ErrorRecord(blank, "BlankProxyAddress", ErrorCategory.InvalidArgument, target));
        }
        else
        {
            WriteInputError(refusal, target);
        }
    }

    private static PSArgumentException NoValue(object? owner) => new(owner is null or string
        ? "The input holds no proxy address; a value looks like SMTP:name@domain or name@domain."
        : $"The input ({(owner is PSObject wrapped ? wrapped.BaseObject : owner).GetType().Name}) holds no proxy address: its proxyAddresses is empty or missing.");

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
        fixed (byte* dataPointer = buffer.Written)
        fixed (NativeSlot* slotPointer = slots)
        {
            status = NativeMethods.syncmatch_address_parse(dataPointer, (nuint)buffer.Length, slotPointer, (nuint)slots.Length, &parsed);
        }
        NativeException.ThrowIfFailed(status, nameof(NativeMethods.syncmatch_address_parse));
        return NativeJson.Take(parsed, AddressJsonContext.Default.ProxyAddressJsonArrayArray, nameof(NativeMethods.syncmatch_address_parse));
    }
}
