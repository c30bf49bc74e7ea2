// Reads a fixed set of named properties from pipeline objects into an array of values, one slot
// per field: Get-ADUser / Get-MgUser output, [pscustomobject]s, Import-Csv rows, hashtables.
// Several names may feed one field; the earlier name in the table wins.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace SyncMatch.Directory;

internal sealed class PropertyTable
{
    private readonly (string Name, int Field)[] names;
    private readonly Dictionary<string, int> rankByName = new(StringComparer.OrdinalIgnoreCase);

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
            rankByName[names[rank].Name] = rank;
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
                if (entry.Key is string key && rankByName.TryGetValue(key, out int rank))
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

    private void Offer(int rank, object? value, object?[] fields, Span<int> foundRank)
    {
        int field = names[rank].Field;
        if (rank < foundRank[field] && value is not null)
        {
            fields[field] = value is PSObject wrapped ? wrapped.BaseObject : value;
            foundRank[field] = rank;
        }
    }

    /// <summary>
    /// A single-valued attribute as text (null when absent), well-formed and bounded; a
    /// collection is joined with ';'. Throws <see cref="InputRejectedException"/> otherwise.
    /// </summary>
    internal static string? Text(object? value)
    {
        int visits = 0;
        return Text(value, 0, ref visits);
    }

    private static string? Text(object? value, int depth, ref int visits)
    {
        InputValues.CheckDepth(depth);
        InputValues.CountVisit(ref visits);
        switch (value)
        {
            case null:
                return null;
            case string text:
                return InputValues.Checked(text);
            case PSObject wrapped:
                return Text(wrapped.BaseObject, depth + 1, ref visits);
            case IEnumerable items:
                var texts = new List<string>();
                foreach (object? item in items)
                {
                    if (Text(item, depth + 1, ref visits) is { } itemText)
                    {
                        texts.Add(itemText);
                    }
                }
                return texts.Count == 0 ? null : InputValues.Checked(string.Join(";", texts));
            default:
                return InputValues.Checked(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
        }
    }

    /// <summary>
    /// A multi-valued attribute: a string (a CSV cell, maybe ;-joined), a string[], or null;
    /// every value well-formed and bounded (else <see cref="InputRejectedException"/>).
    /// </summary>
    internal static object? Values(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case string text:
                return InputValues.Checked(text);
            case string[] items:
                foreach (string item in items)
                {
                    if (item is not null)
                    {
                        InputValues.Checked(item);
                    }
                }
                return items;
            case IEnumerable items:
                // A live collection (Get-ADUser's) is read here, on the pipeline thread.
                var texts = new List<string>();
                int visits = 0;
                foreach (object? item in items)
                {
                    if (Text(item, 1, ref visits) is { } text)
                    {
                        texts.Add(text);
                    }
                }
                return texts.ToArray();
            default:
                return Text(value);
        }
    }

    /// <summary>How many characters a value from <see cref="Text"/> or <see cref="Values"/> holds.</summary>
    internal static long Length(object? value) => value switch
    {
        string text => text.Length,
        string[] items => SumLengths(items),
        _ => 0,
    };

    private static long SumLengths(string[] items)
    {
        long total = 0;
        foreach (string item in items)
        {
            total += item?.Length ?? 0;
        }
        return total;
    }

    /// <summary>A yes/no attribute: [bool], or the text TRUE/False in a CSV row; null when absent or blank.</summary>
    internal static bool? Flag(object? value) => value switch
    {
        bool flag => flag,
        string text when bool.TryParse(text.Trim(), out bool parsed) => parsed,
        PSObject wrapped => Flag(wrapped.BaseObject),
        _ => null,
    };

    /// <summary>Whether an attribute holds anything (a date, a non-blank text).</summary>
    internal static bool IsSet(object? value) => value switch
    {
        null => false,
        string text => !string.IsNullOrWhiteSpace(text),
        _ => true,
    };
}
