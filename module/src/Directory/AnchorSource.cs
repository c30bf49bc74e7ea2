// What one input contributes to anchor resolution, read from whatever PowerShell handed over:
// a bare value ([guid], byte[], text) or a directory object carrying objectGUID and
// mS-DS-ConsistencyGuid. Only shapes are read here; which attribute wins is the native rule.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using SyncMatch.Native;

namespace SyncMatch.Directory;

/// <summary>One input: its shape and its values, each null, a string, a byte[] or a Guid.</summary>
internal readonly record struct AnchorSource(InputShape Shape, object? Value, object? ConsistencyGuid)
{
    /// <summary>Where a directory object's anchor attributes are read from: field 0 objectGUID, field 1 mS-DS-ConsistencyGuid.</summary>
    internal static readonly (string Name, int Field)[] PropertyNames =
    {
        ("ObjectGUID", 0),
        // Get-ADUser's LDAP name first; the others are spellings seen in exports and scripts.
        ("mS-DS-ConsistencyGuid", 1),
        ("msDS-ConsistencyGuid", 1),
        ("ConsistencyGuid", 1),
    };

    private static readonly PropertyTable Properties = new(2, PropertyNames);

    internal static AnchorSource ForValue(object? value) => new(InputShape.Value, NormalizeValue(value), null);

    /// <summary>Reads a pipeline input: a value as itself, any other object by its properties.</summary>
    internal static AnchorSource Read(object? input)
    {
        object? baseObject = input is PSObject wrapped ? wrapped.BaseObject : input;
        if (IsValue(baseObject))
        {
            return ForValue(baseObject);
        }
        var fields = new object?[2];
        Properties.Read(input!, fields);
        return new AnchorSource(InputShape.User, NormalizeValue(fields[0]), NormalizeValue(fields[1]));
    }

    private static bool IsValue(object? baseObject) => baseObject is null || !InputShapes.IsObject(baseObject);

    /// <summary>
    /// Brings a value to one of null, string, byte[] or Guid; a value nested too deep, too long
    /// or not well-formed Unicode is an <see cref="InputRejectedException"/>.
    /// </summary>
    internal static object? NormalizeValue(object? value)
    {
        int visits = 0;
        return NormalizeValue(value, 0, ref visits);
    }

    private static object? NormalizeValue(object? value, int depth, ref int visits)
    {
        InputValues.CheckDepth(depth);
        InputValues.CountVisit(ref visits);
        if (value is PSObject wrapped)
        {
            value = wrapped.BaseObject;
        }
        switch (value)
        {
            case string text:
                return InputValues.Checked(text);
            case byte[] bytes when bytes.Length > InputValues.MaxValueLength:
                throw InputRejectedException.TooLong(bytes.Length);
            case null or byte[] or Guid:
                return value;
            case byte single:
                return new[] { single };
            case IEnumerable items:
                var list = new List<object?>();
                foreach (object? item in items)
                {
                    list.Add(item is PSObject inner ? inner.BaseObject : item);
                    if (list.Count > InputValues.MaxValueLength)
                    {
                        throw InputRejectedException.TooLong(list.Count);
                    }
                }
                if (list.Count == 0)
                {
                    return null;
                }
                if (list.Count == 1)
                {
                    return NormalizeValue(list[0], depth + 1, ref visits);
                }
                // A byte array that lost its type on the way (JSON, object[]) is still the bytes.
                if (list.TrueForAll(item => item is byte || (item is int number && number is >= 0 and <= 255)))
                {
                    return list.ConvertAll(item => Convert.ToByte(item, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                }
                var texts = new List<string?>(list.Count);
                foreach (object? item in list)
                {
                    texts.Add(NormalizeValue(item, depth + 1, ref visits)?.ToString());
                }
                return InputValues.Checked(string.Join("; ", texts));
            default:
                return InputValues.Checked(LanguagePrimitives.ConvertTo<string>(value) ?? string.Empty);
        }
    }
}
