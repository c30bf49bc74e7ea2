// The report as one self-contained HTML file: inline CSS, inline script, inline SVG charts, no
// network. Every value from a directory goes through an encoder, never into markup as it is:
// HtmlEncoder for the text written here, System.Text.Json (which escapes <, > and &) for the rows
// the page's script renders, and the script writes them with textContent only. The rows live in
// the page as data; the script shows one page of them at a time, so a report of 100,000 rows
// holds at most a page of row elements in its DOM.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SyncMatch.Report;

internal static class HtmlReport
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>Writes the report of <paramref name="tables"/> (empty ones left out).</summary>
    internal static void Write(TextWriter writer, IReadOnlyList<ReportTable> tables, string title, IReadOnlyList<(string Name, string Value)> facts)
    {
        var used = tables.Where(table => table.Rows.Count > 0).ToList();
        writer.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        // Nothing may load from anywhere: the page is read offline, from a ticket or a share.
        writer.Write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n");
        writer.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        writer.Write($"<title>{Html.Encode(title)}</title>\n<style>\n{Asset("report.css")}</style>\n</head>\n<body>\n");
        writer.Write($"<header>\n<h1>{Html.Encode(title)}</h1>\n<dl class=\"facts\">\n");
        foreach ((string name, string value) in facts)
        {
            writer.Write($"<dt>{Html.Encode(name)}</dt><dd>{Html.Encode(value)}</dd>\n");
        }
        foreach (ReportTable table in used)
        {
            writer.Write($"<dt>{Html.Encode(table.Title)}</dt><dd data-count=\"{table.Id}\">{table.Rows.Count:N0}</dd>\n");
        }
        writer.Write("</dl>\n</header>\n<main>\n");
        WriteFirst(writer, used);
        foreach (ReportTable table in used)
        {
            WriteTable(writer, table);
        }
        if (used.Count == 0)
        {
            writer.Write("<p class=\"empty\">Nothing was given to report.</p>\n");
        }
        writer.Write($"</main>\n<script>\n{Asset("report.js")}</script>\n</body>\n</html>\n");
    }

    /// <summary>What to do first: the error groups, most rows first, then the warnings, each with its fix.</summary>
    private static void WriteFirst(TextWriter writer, List<ReportTable> tables)
    {
        var groups = tables
            .SelectMany(table => table.Rows.Where(row => row.Severity != RowSeverity.Information).Select(row => (Table: table, Row: row)))
            .GroupBy(pair => (pair.Row.Severity, pair.Table.Title, pair.Row.Reason))
            .OrderBy(group => group.Key.Severity)
            .ThenByDescending(group => group.Count())
            .ThenBy(group => group.Key.Reason, StringComparer.Ordinal)
            .ToList();
        writer.Write("<section id=\"first\">\n<h2>What to do first</h2>\n");
        if (groups.Count == 0)
        {
            writer.Write("<p>No errors or warnings.</p>\n</section>\n");
            return;
        }
        writer.Write("<ol>\n");
        foreach (var group in groups.Take(20))
        {
            string fix = group.First().Row.Fix;
            writer.Write($"<li class=\"{group.Key.Severity.ToString().ToLowerInvariant()}\"><strong>{Html.Encode(group.Key.Severity.ToString())}: {Html.Encode(group.Key.Reason)}</strong> ");
            writer.Write($"<span class=\"count\">{group.Count():N0}</span> in {Html.Encode(group.Key.Title)}. <span class=\"fix\">{Html.Encode(fix)}</span></li>\n");
        }
        writer.Write("</ol>\n");
        if (groups.Count > 20)
        {
            writer.Write($"<p>And {groups.Count - 20:N0} more kinds: filter the tables below.</p>\n");
        }
        writer.Write("</section>\n");
    }

    private static void WriteTable(TextWriter writer, ReportTable table)
    {
        string id = table.Id;
        writer.Write($"<section class=\"table\" id=\"{id}\">\n<h2>{Html.Encode(table.Title)}</h2>\n<div class=\"charts\">\n");
        WriteChart(writer, $"Rows by {table.GroupName}", table.CountBy(row => row.Group).ToList());
        WriteChart(writer, $"Rows by {table.ReasonName}", table.CountBy(row => row.Reason).Take(15).ToList());
        writer.Write("</div>\n<div class=\"controls\">\n");
        WriteSelect(writer, id, "group", table.GroupName, table.CountBy(row => row.Group));
        WriteSelect(writer, id, "reason", table.ReasonName, table.CountBy(row => row.Reason));
        writer.Write($"<label>Search <input type=\"search\" data-filter=\"text\" data-table=\"{id}\" placeholder=\"any text\"></label>\n");
        writer.Write($"<span class=\"shown\" data-shown=\"{id}\"></span>\n</div>\n");
        writer.Write($"<table data-table=\"{id}\">\n<thead><tr>");
        for (int i = 0; i < table.Columns.Length; i++)
        {
            writer.Write($"<th data-column=\"{i}\" tabindex=\"0\">{Html.Encode(table.Columns[i])}</th>");
        }
        writer.Write("</tr></thead>\n<tbody></tbody>\n</table>\n");
        writer.Write($"<div class=\"pager\" data-pager=\"{id}\"><button data-page=\"previous\">Previous</button> <span></span> <button data-page=\"next\">Next</button></div>\n");
        // The rows as JSON data: not markup, and the serializer escapes <, > and &, so no value
        // can close the script element or open a tag.
        writer.Write($"<script type=\"application/json\" data-rows=\"{id}\">");
        writer.Write(JsonSerializer.Serialize(table.Rows.Select(row => new object[] { row.Cells, row.Group, row.Reason, (int)row.Severity }).ToArray(), ReportJsonContext.Default.ObjectArrayArray));
        writer.Write("</script>\n</section>\n");
    }

    private static void WriteSelect(TextWriter writer, string table, string filter, string label, IEnumerable<(string Name, int Count)> values)
    {
        writer.Write($"<label>{Html.Encode(label)} <select data-filter=\"{filter}\" data-table=\"{table}\"><option value=\"\">(all)</option>");
        foreach ((string name, int count) in values)
        {
            writer.Write($"<option value=\"{Html.Encode(name)}\">{Html.Encode(name)} ({count:N0})</option>");
        }
        writer.Write("</select></label>\n");
    }

    /// <summary>A horizontal bar chart as inline SVG: one bar per value, its count beside it.</summary>
    private static void WriteChart(TextWriter writer, string title, List<(string Name, int Count)> bars)
    {
        const int Row = 22;
        const int LabelWidth = 230;
        const int BarWidth = 260;
        int height = Row * Math.Max(1, bars.Count) + 28;
        int max = bars.Count == 0 ? 1 : bars.Max(bar => bar.Count);
        writer.Write($"<figure><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{LabelWidth + BarWidth + 80}\" height=\"{height}\" aria-label=\"{Html.Encode(title)}\">");
        writer.Write($"<text x=\"0\" y=\"16\" class=\"chart-title\">{Html.Encode(title)}</text>");
        for (int i = 0; i < bars.Count; i++)
        {
            int y = 28 + i * Row;
            int width = Math.Max(1, (int)Math.Round((double)BarWidth * bars[i].Count / max));
            writer.Write($"<text x=\"{LabelWidth - 6}\" y=\"{y + 14}\" text-anchor=\"end\">{Html.Encode(bars[i].Name)}</text>");
            writer.Write($"<rect x=\"{LabelWidth}\" y=\"{y + 3}\" width=\"{width}\" height=\"{Row - 6}\" class=\"bar\"><title>{Html.Encode(bars[i].Name)}: {bars[i].Count:N0}</title></rect>");
            writer.Write($"<text x=\"{LabelWidth + width + 6}\" y=\"{y + 14}\" data-bar=\"{Html.Encode(bars[i].Name)}\">{bars[i].Count:N0}</text>");
        }
        writer.Write("</svg></figure>\n");
    }

    /// <summary>An asset shipped inside the assembly (Report/Assets).</summary>
    private static string Asset(string name)
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"SyncMatch.Report.Assets.{name}")
            ?? throw new InvalidOperationException($"The report asset {name} is missing from the assembly.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

/// <summary>The rows' JSON (generated at compile time, like the module's other JSON).</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(object[][]))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
[System.Text.Json.Serialization.JsonSerializable(typeof(int))]
internal sealed partial class ReportJsonContext : System.Text.Json.Serialization.JsonSerializerContext
{
}
