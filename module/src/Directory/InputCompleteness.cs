// Which properties a whole input had: how a property nobody selected (Get-ADUser without
// -Properties, Get-MgUser without -Property) is told apart from values nobody has. A property
// absent from every object, or null on every object where a selected-but-empty value would be an
// empty collection, means the input cannot support the answer: the cmdlets say so loudly.
using System;

namespace SyncMatch.Directory;

internal sealed class InputCompleteness
{
    private ulong everPresent;
    private ulong everValued;

    /// <summary>How many objects were recorded.</summary>
    internal long Count { get; private set; }

    /// <summary>Records one object: the fields it had a property for, and the values read (before normalizing).</summary>
    internal void Record(ulong present, ReadOnlySpan<object?> fields)
    {
        Count++;
        everPresent |= present;
        for (int i = 0; i < fields.Length && i < 64; i++)
        {
            if (fields[i] is not null)
            {
                everValued |= 1UL << i;
            }
        }
    }

    /// <summary>No recorded object had a property for <paramref name="field"/>.</summary>
    internal bool NeverPresent(int field) => Count > 0 && (everPresent & (1UL << field)) == 0;

    /// <summary>No recorded object had a non-null value for <paramref name="field"/> (absent counts as null).</summary>
    internal bool NeverValued(int field) => Count > 0 && (everValued & (1UL << field)) == 0;
}
