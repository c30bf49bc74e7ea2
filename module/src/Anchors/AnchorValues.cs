// PowerShell-side handling of anchor values that is not a domain rule: undoing what the binder
// did to a byte[], and decorating pass-through objects.
using System;
using System.Management.Automation;

namespace SyncMatch.Anchors;

internal static class AnchorValues
{
    /// <summary>
    /// The inputs -Guid stands for: a byte[] or any single value is one input; a list is its
    /// items, except that a list made only of bytes (a byte array that lost its type on the way,
    /// e.g. through JSON) is one anchor's bytes, never many anchors.
    /// </summary>
    internal static object?[] Collapse(object? argument)
    {
        object? value = argument is PSObject wrapped ? wrapped.BaseObject : argument;
        object?[] values;
        switch (value)
        {
            case null or string or byte[] or System.Collections.IDictionary:
                return new object?[] { value };
            case object?[] array:
                values = array;
                break;
            case System.Collections.IEnumerable items:
                var list = new System.Collections.Generic.List<object?>();
                foreach (object? item in items)
                {
                    list.Add(item);
                }
                values = list.ToArray();
                break;
            default:
                return new object?[] { value };
        }
        if (values.Length > 0 && Array.TrueForAll(values, value => (value is PSObject wrapped ? wrapped.BaseObject : value) is byte))
        {
            var bytes = Array.ConvertAll(values, value => (byte)(value is PSObject wrapped ? wrapped.BaseObject : value)!);
            return new object?[] { bytes };
        }
        return values;
    }

    /// <summary>The input with an ImmutableId note property (replaced if it has one already).</summary>
    internal static PSObject WithImmutableId(object? input, string immutableId)
    {
        PSObject target = PSObject.AsPSObject(input ?? string.Empty);
        if (target.Properties["ImmutableId"] is PSNoteProperty existing)
        {
            existing.Value = immutableId;
        }
        else
        {
            target.Properties.Add(new PSNoteProperty("ImmutableId", immutableId));
        }
        return target;
    }
}
