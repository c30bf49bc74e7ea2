// The one way SyncMatch writes a CSV file (Export-SyncMatchCsv, Test-SoftMatch -OutFile, the
// assessment's files): UTF-8 with a byte-order mark, so Excel reads non-ASCII names; every cell
// quoted (RFC 4180). Directory values are attacker-controlled (anyone who can set a displayName),
// and a cell such as =HYPERLINK(...) opens in Excel as a live formula: following OWASP's
// CSV-injection advice (ASVS 5.0 requirement 1.2.10), a cell that starts with = + - @, a tab, a
// carriage return or a NUL (or the full-width = + - @) is written with a leading apostrophe.
// The objects themselves keep the exact values: only the file is neutralised.
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System;

namespace SyncMatch.Text;

internal sealed class CsvFile : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: true);

    private readonly FileStream stream;
    // Rows are built here as UTF-8 and written in large blocks.
    private byte[] buffer = new byte[1 << 16];
    private int length;
    private bool inRow;
    private readonly byte delimiter;

    /// <summary>
    /// Creates (or overwrites) the file at <paramref name="path"/>, a provider path; with
    /// <paramref name="append"/>, adds to its end (no BOM). <paramref name="delimiter"/> separates
    /// the cells (an ASCII character: `;` for a culture whose list separator it is);
    /// <paramref name="bom"/> starts a new file with the UTF-8 BOM (Excel reads UTF-8 by it).
    /// </summary>
    internal CsvFile(string path, char delimiter = ',', bool append = false, bool bom = true)
    {
        if (delimiter is '"' or '\r' or '\n' || delimiter > 0x7F)
        {
            throw new ArgumentException("The delimiter must be one ASCII character other than a quote or a line break.", nameof(delimiter));
        }
        this.delimiter = (byte)delimiter;
        stream = new FileStream(path, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 1);
        if (!append && bom)
        {
            Append(Utf8.Preamble);
        }
    }

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
        byte[] utf8 = ArrayPool<byte>.Shared.Rent(Utf8.GetMaxByteCount(cell.Length));
        try
        {
            Cell(utf8.AsSpan(0, Utf8.GetBytes(cell, utf8)), neutralize);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    /// <summary>The next cell, from its UTF-8 (as the core writes texts): no string made for it.</summary>
    internal void Cell(ReadOnlySpan<byte> utf8, bool neutralize = true)
    {
        if (inRow)
        {
            Append(delimiter);
        }
        inRow = true;
        Append((byte)'"');
        if (neutralize && Rune.DecodeFromUtf8(utf8, out Rune first, out _) == OperationStatus.Done
            && first.IsBmp && SpreadsheetCell.IsFormulaLead((char)first.Value))
        {
            Append((byte)'\'');
        }
        // RFC 4180: a quote inside a quoted cell is doubled.
        for (int quote = utf8.IndexOf((byte)'"'); quote >= 0; quote = utf8.IndexOf((byte)'"'))
        {
            Append(utf8[..(quote + 1)]);
            Append((byte)'"');
            utf8 = utf8[(quote + 1)..];
        }
        Append(utf8);
        Append((byte)'"');
    }

    /// <summary>Ends the current row.</summary>
    internal void EndRow()
    {
        Append("\r\n"u8);
        inRow = false;
        if (length >= buffer.Length / 2)
        {
            Flush();
        }
    }

    private void Append(byte value)
    {
        if (length == buffer.Length)
        {
            Grow(1);
        }
        buffer[length++] = value;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > buffer.Length - length)
        {
            Grow(bytes.Length);
        }
        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }

    /// <summary>Room for <paramref name="more"/> bytes: what is built so far goes to the file first, then the buffer grows if one cell is larger.</summary>
    private void Grow(int more)
    {
        Flush();
        if (more > buffer.Length)
        {
            buffer = new byte[more];
        }
    }

    private void Flush()
    {
        stream.Write(buffer, 0, length);
        length = 0;
    }

    /// <summary>Writes what is left and closes the file (a failed write throws IOException here).</summary>
    public void Dispose()
    {
        try
        {
            Flush();
        }
        finally
        {
            stream.Dispose();
        }
    }
}

/// <summary>OWASP's CSV-injection rule for one cell.</summary>
internal static class SpreadsheetCell
{
    /// <summary>A spreadsheet reads a cell starting with <paramref name="c"/> as a formula.</summary>
    internal static bool IsFormulaLead(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r' or '\0'
        // Full-width forms, which some spreadsheets also take as formula starts.
        or '\uFF1D' or '\uFF0B' or '\uFF0D' or '\uFF20';
}
