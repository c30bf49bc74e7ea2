// Objects as rows of text cells, the way every SyncMatch table file writes them (CSV and .xlsx):
// the columns are the first object's properties, a list is joined with "; ", an enum is its
// name, and a property that cannot be read is that object's error, never an empty cell.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using SyncMatch.Text;

namespace SyncMatch.Directory;

internal sealed class TableRows
{
    private readonly HashSet<string> warnedColumns = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The columns: the first object's readable properties (null until one came).</summary>
    internal List<string>? Columns { get; private set; }

    /// <summary>
    /// The cells of <paramref name="input"/> in column order; the first object sets the columns.
    /// Throws <see cref="InputRejectedException"/> for an object with no properties (as the first)
    /// or a property that cannot be read; <paramref name="warn"/> is told, once per name, of a
    /// property that is not a column.
    /// </summary>
    internal string[] Cells(PSObject input, Action<string> warn)
    {
        if (Columns is null)
        {
            var found = new List<string>();
            foreach (PSPropertyInfo property in input.Properties)
            {
                if (property.IsGettable)
                {
                    found.Add(property.Name);
                }
            }
            if (found.Count == 0)
            {
                // Nothing to make columns of (a number, an empty object): an error, not an empty file.
                throw InputRejectedException.NoColumns(input.BaseObject);
            }
            Columns = found;
        }
        foreach (PSPropertyInfo property in input.Properties)
        {
            if (property.IsGettable && !Columns.Contains(property.Name) && warnedColumns.Add(property.Name))
            {
                warn($"Property '{DisplayText.Escape(property.Name)}' is not among the file's columns (they come from the first object) and is not written.");
            }
        }
        var cells = new string[Columns.Count];
        for (int i = 0; i < cells.Length; i++)
        {
            string column = Columns[i];
            try
            {
                // A getter or a ToString() that throws, a collection that fails while it is
                // listed: this object's error, never an empty cell and never the end of the file.
                object? value = input.Properties[column]?.Value;
                int visits = 0;
                cells[i] = InputValues.WellFormed(CellText(value, 0, ref visits));
            }
            catch (InputRejectedException rejected)
            {
                throw rejected.In(column);
            }
            catch (Exception failure) when (InputRejectedException.IsReadFailure(failure))
            {
                throw InputRejectedException.Unreadable(failure).In(column);
            }
        }
        return cells;
    }

    /// <summary>A property value as one cell: lists joined with "; ", as every SyncMatch file joins them.</summary>
    private static string CellText(object? value, int depth, ref int visits)
    {
        InputValues.CheckDepth(depth);
        InputValues.CountVisit(ref visits);
        object? inner = value is PSObject wrapped ? wrapped.BaseObject : value;
        switch (inner)
        {
            case null or DBNull:
                return "";
            case string text:
                return text;
            case IEnumerable items and not IDictionary:
                var parts = new List<string>();
                foreach (object? item in items)
                {
                    parts.Add(CellText(item, depth + 1, ref visits));
                }
                return ListText.Join(parts);
            default:
                return LanguagePrimitives.ConvertTo<string>(inner) ?? "";
        }
    }
}
