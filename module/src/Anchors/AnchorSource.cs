// What one input contributes to anchor resolution, read from whatever PowerShell handed over:
// a bare value ([guid], byte[], text) or a directory object carrying objectGUID and
// mS-DS-ConsistencyGuid. Only shapes are read here; which attribute wins is the native rule.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using SyncMatch.Native;

namespace SyncMatch.Anchors;

/// <summary>One input: its shape and its values, each null, a string, a byte[] or a Guid.</summary>
internal readonly record struct AnchorSource(InputShape Shape, object? Value, object? ConsistencyGuid)
{
    private static readonly string[] ObjectGuidNames = { "ObjectGUID" };

    // Get-ADUser's LDAP name first; the others are spellings seen in exports and scripts.
    private static readonly string[] ConsistencyGuidNames = { "mS-DS-ConsistencyGuid", "msDS-ConsistencyGuid", "ConsistencyGuid" };

    internal static AnchorSource ForValue(object? value) => new(InputShape.Value, NormalizeValue(value), null);

    /// <summary>Reads a pipeline input: a value as itself, any other object by its properties.</summary>
    internal static AnchorSource Read(object? input)
    {
        object? baseObject = input is PSObject wrapped ? wrapped.BaseObject : input;
        if (IsValue(baseObject))
        {
            return ForValue(baseObject);
        }
        return new AnchorSource(
            InputShape.User,
            NormalizeValue(FindProperty(input!, ObjectGuidNames)),
            NormalizeValue(FindProperty(input!, ConsistencyGuidNames)));
    }

    private static bool IsValue(object? baseObject) => baseObject switch
    {
        null or string or Guid or byte[] => true,
        IDictionary => false,
        IEnumerable => true,
        _ => baseObject.GetType().IsPrimitive,
    };

    private static object? FindProperty(object input, string[] names)
    {
        object? baseObject = input is PSObject wrapped ? wrapped.BaseObject : input;
        if (baseObject is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (entry.Key is string key && Array.Exists(names, name => name.Equals(key, StringComparison.OrdinalIgnoreCase)))
                {
                    return entry.Value;
                }
            }
            return null;
        }

        PSObject psObject = PSObject.AsPSObject(input);
        foreach (string name in names)
        {
            if (PropertyReader.Read(psObject, name) is { } value)
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>Brings a value to one of null, string, byte[] or Guid.</summary>
    internal static object? NormalizeValue(object? value)
    {
        if (value is PSObject wrapped)
        {
            value = wrapped.BaseObject;
        }
        switch (value)
        {
            case null or string or byte[] or Guid:
                return value;
            case byte single:
                return new[] { single };
            case IEnumerable items:
                var list = new List<object?>();
                foreach (object? item in items)
                {
                    list.Add(item is PSObject inner ? inner.BaseObject : item);
                }
                if (list.Count == 0)
                {
                    return null;
                }
                if (list.Count == 1)
                {
                    return NormalizeValue(list[0]);
                }
                // A byte array that lost its type on the way (JSON, object[]) is still the bytes.
                if (list.TrueForAll(item => item is byte || (item is int number && number is >= 0 and <= 255)))
                {
                    return list.ConvertAll(item => Convert.ToByte(item, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                }
                return string.Join("; ", list);
            default:
                return LanguagePrimitives.ConvertTo<string>(value);
        }
    }
}
