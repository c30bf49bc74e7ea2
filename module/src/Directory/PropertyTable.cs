// Reads a fixed set of named properties from pipeline objects into an array of values, one slot
// per field: Get-ADUser / Get-MgUser output, [pscustomobject]s, Import-Csv rows, hashtables.
// Several names may feed one field; the earlier name in the table with a value wins (an empty
// text is no value: Export-Csv writes an absent value as an empty cell).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace SyncMatch.Directory;

internal sealed class PropertyTable
{
    private readonly (string Name, int Field)[] names;
    // A name may feed more than one field (a custom source anchor that is also an attribute the
    // rules read, mailNickname say): every rank it has.
    private readonly Dictionary<string, List<int>> ranksByName = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="fieldCount">Slots in the array <see cref="Read"/> fills.</param>
    /// <param name="names">Property names and the field each feeds, in order of preference.</param>
    internal PropertyTable(int fieldCount, params (string Name, int Field)[] names)
    {
        // Presence is one bit per field (Read's present mask).
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fieldCount, 64);
        FieldCount = fieldCount;
        this.names = names;
        for (int rank = 0; rank < names.Length; rank++)
        {
            if (!ranksByName.TryGetValue(names[rank].Name, out List<int>? ranks))
            {
                ranksByName[names[rank].Name] = ranks = new List<int>(1);
            }
            ranks.Add(rank);
        }
    }

    internal int FieldCount { get; }

    /// <summary>The preferred property name of a field (the first the table reads it by), as messages name it.</summary>
    internal string NameOf(int field) => Array.Find(names, entry => entry.Field == field).Name ?? $"field {field}";

    /// <summary>Fills <paramref name="fields"/> with the raw property values (PSObjects unwrapped); absent ones are null.</summary>
    internal void Read(object input, object?[] fields) => Read(input, fields, out _);

    /// <summary>
    /// As <see cref="Read(object, object?[])"/>; <paramref name="present"/> gets a bit per field
    /// (1 &lt;&lt; field) the object has a property or key for, even one holding null: how a
    /// property nobody selected is told from a value nobody has.
    /// </summary>
    internal void Read(object input, object?[] fields, out ulong present)
    {
        present = 0;
        Array.Clear(fields, 0, FieldCount);
        Span<int> foundRank = stackalloc int[FieldCount];
        foundRank.Fill(int.MaxValue);
        object baseObject = input is PSObject wrapped ? wrapped.BaseObject : input;

        if (baseObject is IDictionary dictionary)
        {
            // A case-sensitive dictionary can hold 'mail' and 'Mail': refuse rather than pick one.
            string?[] keyByRank = new string?[names.Length];
            foreach (DictionaryEntry entry in dictionary)
            {
                if (entry.Key is string key && ranksByName.TryGetValue(key, out List<int>? ranks))
                {
                    foreach (int rank in ranks)
                    {
                        if (keyByRank[rank] is { } earlier)
                        {
                            throw InputRejectedException.AmbiguousKey(earlier, key);
                        }
                        keyByRank[rank] = key;
                        present |= 1UL << names[rank].Field;
                        Offer(rank, entry.Value, fields, foundRank);
                    }
                }
            }
            return;
        }

        PropertyReader reader = PropertyReader.For(PSObject.AsPSObject(input));
        for (int rank = 0; rank < names.Length; rank++)
        {
            (string name, int field) = names[rank];
            if (foundRank[field] < rank)
            {
                continue;
            }
            if (reader.TryRead(name, out object? value))
            {
                present |= 1UL << field;
                if (value is not null)
                {
                    Offer(rank, value, fields, foundRank);
                }
            }
        }
    }

    /// <summary>The rank an empty text is kept at: any value that comes after replaces it.</summary>
    private const int EmptyRank = int.MaxValue - 1;

    private void Offer(int rank, object? value, object?[] fields, Span<int> foundRank)
    {
        int field = names[rank].Field;
        object? unwrapped = value is PSObject wrapped ? wrapped.BaseObject : value;
        if (unwrapped is null or DBNull)
        {
            // DBNull is a database's null (a DataRow from SQL): no value.
            return;
        }
        if (unwrapped is string { Length: 0 })
        {
            // Present, without a value: kept only until a name with a value is found.
            if (fields[field] is null)
            {
                fields[field] = unwrapped;
                foundRank[field] = EmptyRank;
            }
            return;
        }
        if (rank < foundRank[field])
        {
            fields[field] = unwrapped;
            foundRank[field] = rank;
        }
    }
}
