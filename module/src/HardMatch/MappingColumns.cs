// A mapping's columns, checked once per run before any row is planned (schema/mapping.rs,
// check_mapping_columns): a file whose columns name no on-premises user or no cloud user is one
// terminating error naming what was found and what is read, never a TargetNotFound per row.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SyncMatch.Native;

namespace SyncMatch.HardMatch;

internal static class MappingColumns
{
    /// <summary>
    /// Checks <paramref name="names"/>; returns the names that match only once trimmed (white
    /// space, a leading $), with the name the schema knows them by. Throws
    /// <see cref="NativeException"/> (MappingColumnsUnusable) naming what is wrong.
    /// </summary>
    internal static unsafe Dictionary<string, string> Check(IReadOnlyList<string> names)
    {
        const string Function = nameof(NativeMethods.syncmatch_mapping_columns);
        var buffer = new SlotBuffer();
        NativeSlot[] slots = buffer.AppendAll(names);
        IntPtr renames;
        IntPtr error;
        NativeStatus status;
        fixed (byte* data = buffer.Written)
        fixed (NativeSlot* slotPointer = slots)
        {
            status = NativeMethods.syncmatch_mapping_columns(data, (nuint)buffer.Length, slotPointer, (nuint)slots.Length, &renames, &error);
        }
        if (status != NativeStatus.Ok)
        {
            throw NativeException.FromNativeError(status, error, Function);
        }
        string[][] pairs = NativeJson.Take(renames, HardMatchJsonContext.Default.StringArrayArray, Function);
        return pairs.Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
    }

    /// <summary>The property names (or keys) of a row, when it has named columns at all.</summary>
    internal static List<string>? NamesOf(object input)
    {
        if (!HasColumns(input))
        {
            return null;
        }
        object baseObject = input is PSObject wrapped ? wrapped.BaseObject : input;
        return baseObject is IDictionary dictionary
            ? dictionary.Keys.OfType<string>().ToList()
            : PSObject.AsPSObject(input).Properties.Select(property => property.Name).ToList();
    }

    /// <summary>Whether the input is a row with named columns (an object or a dictionary), without listing them.</summary>
    internal static bool HasColumns(object input)
    {
        object baseObject = input is PSObject wrapped ? wrapped.BaseObject : input;
        return baseObject is IDictionary
            || baseObject is not (string or IEnumerable or SyncMatch.DirectoryExport) && !baseObject.GetType().IsPrimitive;
    }

    /// <summary>The row with its renamed columns under the names the schema knows them by.</summary>
    internal static object Renamed(object input, Dictionary<string, string> renames)
    {
        object baseObject = input is PSObject wrapped ? wrapped.BaseObject : input;
        var row = new Hashtable(StringComparer.OrdinalIgnoreCase);
        if (baseObject is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                string key = entry.Key?.ToString() ?? "";
                row[renames.GetValueOrDefault(key, key)] = entry.Value;
            }
            return row;
        }
        foreach (PSPropertyInfo property in PSObject.AsPSObject(input).Properties)
        {
            row[renames.GetValueOrDefault(property.Name, property.Name)] = property.Value;
        }
        return row;
    }
}
