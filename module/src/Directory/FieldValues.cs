// A raw property value brought to what crosses to the native library, by the kind of value its
// field holds: text, a list of texts, an anchor (text, bytes or a GUID), or the fact that the
// property is there. Every value is held to the input bounds on the way (InputValues).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace SyncMatch.Directory;

internal static class FieldValues
{
    /// <summary>
    /// <paramref name="value"/> as a field of <paramref name="kind"/> takes it: a string (text, a
    /// presence, a flag: the core reads their text), a string or string[] (a list), a string,
    /// byte[] or Guid (an anchor), or "" for a property present at all (a shape); null for none.
    /// Throws <see cref="InputRejectedException"/> for a value the input bounds refuse.
    /// </summary>
    internal static object? ForKind(FieldKind kind, object? value) => kind switch
    {
        FieldKind.List => Values(value),
        FieldKind.Anchor => Anchor(value),
        FieldKind.Shape => string.Empty,
        FieldKind.Count => Count(value),
        _ => Text(value),
    };

    /// <summary>
    /// A count: a collection (Get-MgUser's AssignedLicenses, whose values are objects) as how
    /// many it holds; anything else as its text (a CSV cell: a number, ;-joined values, True).
    /// </summary>
    internal static string? Count(object? value)
    {
        object? inner = value is PSObject wrapped ? wrapped.BaseObject : value;
        if (inner is not IEnumerable items || inner is string or IDictionary)
        {
            return Text(inner);
        }
        int count = 0;
        foreach (object? _ in items)
        {
            if (++count > InputValues.MaxValueLength)
            {
                throw InputRejectedException.TooLong(count);
            }
        }
        return count.ToString(CultureInfo.InvariantCulture);
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
            case null or DBNull:
                return null;
            case string text:
                return InputValues.Checked(text);
            case PSObject wrapped:
                return Text(wrapped.BaseObject, depth + 1, ref visits);
            case IDictionary or char[]:
                throw InputRejectedException.NotAList(value);
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
            case null or DBNull:
                return null;
            case PSObject wrapped:
                return Values(wrapped.BaseObject);
            case IDictionary or char[]:
                throw InputRejectedException.NotAList(value);
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
                    if (Single(item, 1, ref visits) is { } text)
                    {
                        texts.Add(text);
                    }
                }
                return texts.ToArray();
            default:
                return Text(value);
        }
    }

    /// <summary>
    /// One value of a list: text, or a list of one (PowerShell's unary comma wraps values so); a
    /// list of several inside the list is refused (joined, it would be one wrong value), and so is
    /// a hashtable or a char[]. A list that holds itself ends at the depth bound.
    /// </summary>
    private static string? Single(object? item, int depth, ref int visits)
    {
        InputValues.CheckDepth(depth);
        InputValues.CountVisit(ref visits);
        object? inner = item is PSObject wrapped ? wrapped.BaseObject : item;
        switch (inner)
        {
            case IDictionary or char[]:
                throw InputRejectedException.NotAList(inner);
            case IEnumerable nested and not string:
                object? only = null;
                int count = 0;
                foreach (object? element in nested)
                {
                    if (++count > 1)
                    {
                        throw InputRejectedException.NotAList(inner);
                    }
                    only = element;
                }
                return count == 0 ? null : Single(only, depth + 1, ref visits);
            default:
                return Text(inner, depth, ref visits);
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

    /// <summary>
    /// Brings a value to one of null, string, byte[] or Guid; a value nested too deep, too long
    /// or not well-formed Unicode is an <see cref="InputRejectedException"/>.
    /// </summary>
    internal static object? Anchor(object? value)
    {
        int visits = 0;
        return Anchor(value, 0, ref visits);
    }

    private static object? Anchor(object? value, int depth, ref int visits)
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
            case DBNull:
                return null;
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
                    return Anchor(list[0], depth + 1, ref visits);
                }
                // A byte array that lost its type on the way (JSON, object[]) is still the bytes.
                if (list.TrueForAll(item => item is byte || (item is int number && number is >= 0 and <= 255)))
                {
                    return list.ConvertAll(item => Convert.ToByte(item, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                }
                var texts = new List<string?>(list.Count);
                foreach (object? item in list)
                {
                    texts.Add(Anchor(item, depth + 1, ref visits)?.ToString());
                }
                return InputValues.Checked(string.Join("; ", texts));
            default:
                return InputValues.Checked(LanguagePrimitives.ConvertTo<string>(value) ?? string.Empty);
        }
    }
}
