// Tables as one .xlsx workbook, written by MiniExcel (Apache-2.0): a sheet per table, the header
// row frozen, an autofilter over it, every value a text cell. The only file of the module that
// names MiniExcel's types, so MiniExcel.dll loads into the PowerShell process only when a
// workbook is written, never on Import-Module.
using System;
using System.Collections.Generic;
using System.Linq;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace SyncMatch.Text;

/// <summary>One table: its name, its columns and its rows of text cells.</summary>
internal sealed record ExcelTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<string[]> Rows);

internal static class ExcelWorkbook
{
    /// <summary>Rows a sheet holds besides its header: Excel's limit is 1,048,576 rows (Excel specifications and limits).</summary>
    internal const int RowsPerSheet = 1_048_575;

    /// <summary>Characters a cell holds at most (Excel specifications and limits: 32,767).</summary>
    internal const int CellLimit = 32_767;

    // The header of the one sheet of a workbook of nothing.
    private static readonly string[] NoRows = { "No rows were given" };

    /// <summary>What a cut cell ends with, so nobody takes it for the whole value.</summary>
    internal const string CutMark = " … [cut at Excel's 32,767 characters; the CSV holds it whole]";

    /// <summary>
    /// The sheets <paramref name="tables"/> make: one each, a table past <see cref="RowsPerSheet"/>
    /// rows split across sheets named "Plan", "Plan (2)", … An empty table is a sheet with its header only.
    /// </summary>
    internal static List<(string Sheet, ExcelTable Table, int Start, int Count)> Sheets(IEnumerable<ExcelTable> tables)
    {
        var sheets = new List<(string, ExcelTable, int, int)>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (ExcelTable table in tables)
        {
            int parts = Math.Max(1, (table.Rows.Count + RowsPerSheet - 1) / RowsPerSheet);
            for (int part = 0; part < parts; part++)
            {
                string name = SheetName(part == 0 ? table.Name : $"{table.Name} ({part + 1})", names);
                int start = part * RowsPerSheet;
                sheets.Add((name, table, start, Math.Min(RowsPerSheet, table.Rows.Count - start)));
            }
        }
        return sheets;
    }

    /// <summary>Writes <paramref name="tables"/> to the workbook at <paramref name="path"/> (overwritten).</summary>
    internal static void Write(string path, IEnumerable<ExcelTable> tables)
    {
        var sheets = new Dictionary<string, object>(StringComparer.Ordinal);
        List<ExcelTable> given = tables.ToList();
        if (given.Count == 0)
        {
            // A workbook has a sheet: nothing was given, and it says so.
            given.Add(new ExcelTable("Sheet1", NoRows, Array.Empty<string[]>()));
        }
        foreach ((string sheet, ExcelTable table, int start, int count) in Sheets(given))
        {
            sheets.Add(sheet, Rows(table, start, count));
        }
        var configuration = new OpenXmlConfiguration
        {
            FreezeRowCount = 1,
            AutoFilter = true,
            // A value that names a file is text, never a picture read from that file.
            EnableWriteFilePath = false,
            // Every cell as a string cell: nothing is a formula, a number or a date.
            EnableConvertByteArray = false,
            FastMode = true,
        };
        MiniExcel.SaveAs(path, sheets, printHeader: true, excelType: ExcelType.XLSX, configuration: configuration, overwriteFile: true);
    }

    /// <summary>The rows of one sheet as MiniExcel takes them, each value text (cut at <see cref="CellLimit"/>).</summary>
    private static object Rows(ExcelTable table, int start, int count)
    {
        if (count > 0)
        {
            return RowsOf(table, start, count);
        }
        // No rows: a table of columns only is its header (MiniExcel takes a header from a row, or
        // from a DataTable's columns).
        var empty = new System.Data.DataTable(table.Name) { Locale = System.Globalization.CultureInfo.InvariantCulture };
        foreach (string column in table.Columns)
        {
            empty.Columns.Add(column, typeof(string));
        }
        return empty;
    }

    private static IEnumerable<IDictionary<string, object>> RowsOf(ExcelTable table, int start, int count)
    {
        for (int i = start; i < start + count; i++)
        {
            string[] cells = table.Rows[i];
            var row = new Dictionary<string, object>(table.Columns.Count, StringComparer.Ordinal);
            for (int c = 0; c < table.Columns.Count; c++)
            {
                row[table.Columns[c]] = Cut(c < cells.Length ? cells[c] : "");
            }
            yield return row;
        }
    }

    private static string Cut(string value) =>
        value.Length <= CellLimit ? value : string.Concat(value.AsSpan(0, CellLimit - CutMark.Length), CutMark);

    /// <summary>A valid sheet name: none of : \ / ? * [ ], at most 31 characters, unique in the workbook.</summary>
    private static string SheetName(string wanted, HashSet<string> taken)
    {
        string name = new string(wanted.Where(c => c is not (':' or '\\' or '/' or '?' or '*' or '[' or ']')).ToArray()).Trim('\'');
        name = name.Length == 0 ? "Sheet" : name;
        name = name.Length > 31 ? name[..31] : name;
        string unique = name;
        for (int n = 2; !taken.Add(unique); n++)
        {
            string suffix = $" {n}";
            unique = (name.Length + suffix.Length > 31 ? name[..(31 - suffix.Length)] : name) + suffix;
        }
        return unique;
    }
}
