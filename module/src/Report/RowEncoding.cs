// A table's rows as the compact JSON the report carries, so 100,000 users stay a page of a few
// MB: a text that repeats (an outcome, a domain, an OU path, a Detail sentence with the row's
// own values taken out) is written once in the table's string list and referred to by number.
// The page's script (report.js, decodeRow) puts every cell back together exactly.
//
//   {"strings": [s0, s1, ...], "rows": [[cell, cell, ..., severity], ...]}
//   cell = n ≥ 0        strings[n]
//        | -n - 1       strings[n] with each "\u0001k\u0002" replaced by the row's cell k
//        | "text"       the text itself
//        | [part, ...]  the parts (numbers as above, texts as themselves) joined
//
// Values are written by Utf8JsonWriter, which escapes <, >, & and quotes: no value can close the
// script element it lies in.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace SyncMatch.Report;

internal static class RowEncoding
{
    // Letters of every script as they are (one byte or three, not six); what HTML treats
    // specially is still escaped.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    // A value shorter than this is not worth a reference inside a sentence.
    private const int ShortestTemplated = 4;

    /// <summary>How a column's cells are written.</summary>
    private enum Shape
    {
        /// <summary>Referenced when the value repeats, else written.</summary>
        Plain,
        /// <summary>A DN or address: the part after its first comma or @ is referenced.</summary>
        Split,
        /// <summary>A sentence: the row's own values (its sources) taken out, the rest referenced.</summary>
        Template,
    }

    /// <summary>Writes <paramref name="table"/>'s rows to <paramref name="stream"/>.</summary>
    internal static void Write(System.IO.Stream stream, ReportTable table)
    {
        (Shape Shape, int[] Sources)[] columns = Columns(table);
        // Which plain texts repeat: only those are worth a reference.
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (ReportRow row in table.Rows)
        {
            for (int c = 0; c < columns.Length; c++)
            {
                if (columns[c].Shape == Shape.Plain)
                {
                    seen[row.Cells[c]] = seen.GetValueOrDefault(row.Cells[c]) + 1;
                }
            }
        }
        var strings = new List<string>();
        var numbers = new Dictionary<string, int>(StringComparer.Ordinal);
        int Number(string text)
        {
            if (!numbers.TryGetValue(text, out int number))
            {
                number = strings.Count;
                numbers.Add(text, number);
                strings.Add(text);
            }
            return number;
        }

        // The rows first (they fill the string list), into a buffer; then the list, then the rows.
        var rows = new System.IO.MemoryStream();
        using (var writer = new Utf8JsonWriter(rows, Options))
        {
            // [the value up to `at`, the reference of the rest]
            void WriteSplit(string value, int at)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(value.AsSpan(0, at));
                writer.WriteNumberValue(Number(value[at..]));
                writer.WriteEndArray();
            }

            writer.WriteStartArray();
            foreach (ReportRow row in table.Rows)
            {
                writer.WriteStartArray();
                for (int c = 0; c < columns.Length; c++)
                {
                    string value = row.Cells[c];
                    switch (columns[c].Shape)
                    {
                        case Shape.Plain when seen[value] > 1:
                            writer.WriteNumberValue(Number(value));
                            break;
                        case Shape.Split when SplitAt(value) is int at and > 0:
                            WriteSplit(value, at);
                            break;
                        case Shape.Template when Templated(value, row.Cells, columns[c].Sources) is { } template:
                            writer.WriteNumberValue(-Number(template) - 1);
                            break;
                        case Shape.Template when columns[c].Sources.Length == 1 && SplitAt(value) is int at and > 0:
                            // A UPN that is not the cloud one: split as the cloud UPN is.
                            WriteSplit(value, at);
                            break;
                        default:
                            writer.WriteStringValue(value);
                            break;
                    }
                }
                writer.WriteNumberValue((int)row.Severity);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
        using (var writer = new Utf8JsonWriter(stream, Options))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("strings");
            foreach (string text in strings)
            {
                writer.WriteStringValue(text);
            }
            writer.WriteEndArray();
            writer.WritePropertyName("rows");
            writer.WriteRawValue(rows.GetBuffer().AsSpan(0, (int)rows.Length), skipInputValidation: true);
            writer.WriteEndObject();
        }
    }

    /// <summary>
    /// Where a DN's parent (after its first unescaped comma) or an address's domain (after its @)
    /// begins, or null: the part from there on repeats across users.
    /// </summary>
    internal static int? SplitAt(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '\\':
                    i++;
                    break;
                case ',' when value.Contains('='):
                    return i + 1;
                case '@':
                    return i + 1;
            }
        }
        return null;
    }

    /// <summary>
    /// <paramref name="text"/> with each of the row's <paramref name="sources"/> values in it
    /// replaced by a reference to its column (longest first), or null when none occurs or the
    /// text could not be put back together exactly.
    /// </summary>
    internal static string? Templated(string text, string[] cells, int[] sources)
    {
        if (text.Contains('\u0001') || text.Contains('\u0002'))
        {
            return null;
        }
        string template = text;
        foreach (int source in sources.OrderByDescending(source => cells[source].Length))
        {
            string value = cells[source];
            if (value.Length >= ShortestTemplated && !value.Contains('\u0001') && !value.Contains('\u0002'))
            {
                template = template.Replace(value, $"\u0001{source}\u0002", StringComparison.Ordinal);
            }
        }
        return ReferenceEquals(template, text) || template == text ? null : template;
    }

    // The columns holding a row's own values, and those holding sentences that name them.
    private static readonly string[] ValueColumns = { "Identity", "CloudUserPrincipalName", "PredictedUserPrincipalName", "Value", "ImmutableId" };
    private static readonly string[] SentenceColumns = { "Detail", "Message" };

    /// <summary>How each column of <paramref name="table"/> is written (the sources of a sentence: the columns whose values it names).</summary>
    private static (Shape, int[])[] Columns(ReportTable table)
    {
        var shapes = new (Shape, int[])[table.Columns.Length];
        for (int c = 0; c < shapes.Length; c++)
        {
            shapes[c] = (Shape.Plain, Array.Empty<int>());
        }
        int Column(string name) => Array.IndexOf(table.Columns, name);
        // The row's own values a sentence names (each decoded before the sentence: earlier columns).
        int[] values = ValueColumns.Select(Column).Where(column => column >= 0).ToArray();
        shapes[0] = (Shape.Split, Array.Empty<int>());
        if (Column("CloudUserPrincipalName") is int cloud and >= 0)
        {
            shapes[cloud] = (Shape.Split, Array.Empty<int>());
            // Mostly the cloud UPN again (a soft match keeps it).
            if (Column("PredictedUserPrincipalName") is int predicted and >= 0)
            {
                shapes[predicted] = (Shape.Template, new[] { cloud });
            }
        }
        foreach (string sentence in SentenceColumns)
        {
            if (Column(sentence) is int column and >= 0)
            {
                shapes[column] = (Shape.Template, values.Where(value => value < column).ToArray());
            }
        }
        return shapes;
    }
}
