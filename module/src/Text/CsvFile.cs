// The one way SyncMatch writes a CSV file (Export-SyncMatchCsv, Test-SoftMatch -OutFile, the
// assessment's files): UTF-8 with a byte-order mark, so Excel reads non-ASCII names; every cell
// quoted (RFC 4180). Directory values are attacker-controlled (anyone who can set a displayName),
// and a cell such as =HYPERLINK(...) opens in Excel as a live formula: following OWASP's
// CSV-injection advice (ASVS 5.0 requirement 1.2.10), a cell that starts with = + - @, a tab, a
// carriage return or a NUL (or the full-width = + - @) is written with a leading apostrophe.
// The objects themselves keep the exact values: only the file is neutralised.
using System.Collections.Generic;
using System.IO;
using System.Text;
using System;

namespace SyncMatch.Text;

internal sealed class CsvFile : IDisposable
{
    private readonly StreamWriter writer;
    private bool inRow;

    /// <summary>Creates (or overwrites) the file at <paramref name="path"/>, a provider path.</summary>
    internal CsvFile(string path) =>
        writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 1 << 16);

    /// <summary>The header: column names, as they are.</summary>
    internal void WriteHeader(IEnumerable<string> columns)
    {
        foreach (string column in columns)
        {
            Cell(column, neutralize: false);
        }
        EndRow();
    }

    /// <summary>One row of cells, each neutralised.</summary>
    internal void WriteRow(IEnumerable<string> cells)
    {
        foreach (string cell in cells)
        {
            Cell(cell);
        }
        EndRow();
    }

    /// <summary>The next cell of the current row (a writer of many rows calls this, then <see cref="EndRow"/>).</summary>
    internal void Cell(string cell, bool neutralize = true)
    {
        if (inRow)
        {
            writer.Write(',');
        }
        inRow = true;
        writer.Write('"');
        if (neutralize && cell.Length > 0 && SpreadsheetCell.IsFormulaLead(cell[0]))
        {
            writer.Write('\'');
        }
        writer.Write(cell.Contains('"', StringComparison.Ordinal) ? cell.Replace("\"", "\"\"", StringComparison.Ordinal) : cell);
        writer.Write('"');
    }

    /// <summary>Ends the current row.</summary>
    internal void EndRow()
    {
        writer.Write("\r\n");
        inRow = false;
    }

    public void Dispose() => writer.Dispose();
}

/// <summary>OWASP's CSV-injection rule for one cell.</summary>
internal static class SpreadsheetCell
{
    /// <summary>A spreadsheet reads a cell starting with <paramref name="c"/> as a formula.</summary>
    internal static bool IsFormulaLead(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r' or '\0'
        // Full-width forms, which some spreadsheets also take as formula starts.
        or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20';
}
