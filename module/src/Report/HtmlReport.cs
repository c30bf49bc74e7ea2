// The report as one self-contained HTML file: inline CSS, inline script, inline SVG charts, no
// network. Every value from a directory goes through an encoder, never into markup as it is:
// HtmlEncoder for the text written here, System.Text.Json (which escapes <, > and &) for the rows
// the page's script renders (RowEncoding), and the script writes them with textContent only. The rows live in
// the page as data; the script shows one page of them at a time, so a report of 100,000 rows
// holds at most a page of row elements in its DOM.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;

namespace SyncMatch.Report;

internal static class HtmlReport
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>Writes the report of <paramref name="tables"/> (empty ones left out).</summary>
    internal static void Write(StreamWriter writer, IReadOnlyList<ReportTable> tables, string title, IReadOnlyList<(string Name, string Value)> facts)
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

    /// <summary>What to do first: <see cref="FirstSteps"/>, each linked to its rows in its table.</summary>
    private static void WriteFirst(TextWriter writer, List<ReportTable> tables)
    {
        List<FirstStep> steps = FirstSteps.Of(tables);
        writer.Write("<section id=\"first\">\n<h2>What to do first</h2>\n");
        if (steps.Count == 0)
        {
            writer.Write("<p>No errors or warnings.</p>\n</section>\n");
            return;
        }
        writer.Write("<ol>\n");
        foreach (FirstStep step in steps.Take(20))
        {
            string severity = step.Severity.ToString();
            string kind = step.IsWarning ? $"{step.Code} warning" : step.Code;
            string filter = step.IsWarning ? "warning" : "reason";
            string users = FirstSteps.Users(step.Users);
            string also = step.Rows > step.Users ? $" ({step.Rows:N0} rows; users counted under an earlier step are not counted again)" : "";
            writer.Write($"<li class=\"{severity.ToLowerInvariant()}\"><strong>{Html.Encode(severity)}: {Html.Encode(kind)}</strong> ");
            writer.Write($"<a href=\"#{step.Table.Id}\" data-go=\"{step.Table.Id}\" data-{filter}=\"{Html.Encode(step.Code)}\"><span class=\"count\">{Html.Encode(users)}</span> in {Html.Encode(step.Table.Title)}</a>{Html.Encode(also)}. ");
            writer.Write($"<span class=\"fix\">For example: {Html.Encode(step.Fix)}</span></li>\n");
        }
        writer.Write("</ol>\n<p class=\"note\">Each user is counted once, under the first step that lists it.</p>\n");
        if (steps.Count > 20)
        {
            writer.Write($"<p>And {steps.Count - 20:N0} more: filter the tables below.</p>\n");
        }
        writer.Write("</section>\n");
    }

    private static void WriteTable(StreamWriter writer, ReportTable table)
    {
        string id = table.Id;
        writer.Write($"<section class=\"table\" id=\"{id}\">\n<h2>{Html.Encode(table.Title)}</h2>\n<div class=\"charts\">\n");
        WriteChart(writer, $"Rows by {table.GroupName}", table.CountBy(1).ToList());
        WriteChart(writer, $"Rows by {table.ReasonName}", table.CountBy(2).Take(15).ToList());
        writer.Write("</div>\n<div class=\"controls\">\n");
        WriteSelect(writer, id, "group", table.GroupName, table.CountBy(1));
        WriteSelect(writer, id, "reason", table.ReasonName, table.CountBy(2));
        if (table.WarningsColumn >= 0)
        {
            var warnings = table.Rows.SelectMany(row => row.Cells[table.WarningsColumn].Split("; ", StringSplitOptions.RemoveEmptyEntries))
                .GroupBy(code => code, StringComparer.Ordinal).Select(group => (group.Key, group.Count()))
                .OrderByDescending(pair => pair.Item2).ThenBy(pair => pair.Key, StringComparer.Ordinal);
            WriteSelect(writer, id, "warning", "Warning", warnings);
        }
        writer.Write($"<label>Search <input type=\"search\" data-filter=\"text\" data-table=\"{id}\" placeholder=\"any text\"></label>\n");
        writer.Write($"<span class=\"shown\" data-shown=\"{id}\"></span>\n</div>\n");
        writer.Write($"<p class=\"print-note\" data-print-note=\"{id}\" data-csv=\"{Html.Encode(table.CsvFile ?? "")}\"></p>\n");
        writer.Write($"<div class=\"scroll\"><table data-table=\"{id}\" data-warnings=\"{table.WarningsColumn}\">\n<thead><tr>");
        for (int i = 0; i < table.Columns.Length; i++)
        {
            writer.Write($"<th data-column=\"{i}\" tabindex=\"0\">{Html.Encode(table.Columns[i])}</th>");
        }
        writer.Write("</tr></thead>\n<tbody></tbody>\n</table></div>\n");
        writer.Write($"<div class=\"pager\" data-pager=\"{id}\"><button data-page=\"previous\">Previous</button> <span></span> <button data-page=\"next\">Next</button></div>\n");
        // The rows as JSON data (RowEncoding): not markup, and every value escaped.
        writer.Write($"<script type=\"application/json\" data-rows=\"{id}\">");
        writer.Flush();
        RowEncoding.Write(writer.BaseStream, table);
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
