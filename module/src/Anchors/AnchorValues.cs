// PowerShell-side handling of anchor values that is not a domain rule: undoing what the binder
// did to a byte[], and decorating pass-through objects.
using System;
using System.Management.Automation;

namespace SyncMatch.Anchors;

internal static class AnchorValues
{
    /// <summary>
    /// -Guid is object[]; binding one byte[] to it yields its bytes one by one. A list made only
    /// of bytes is one anchor's bytes, never many anchors.
    /// </summary>
    internal static object?[] Collapse(object?[]? values)
    {
        if (values is null)
        {
            return new object?[] { null };
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
