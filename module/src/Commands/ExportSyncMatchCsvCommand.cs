// Export-SyncMatchCsv: findings and plans as a CSV file that is safe to open in a spreadsheet
// (written by Text/CsvFile, which says how: quoted, formula-leading cells neutralised).
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System;
using SyncMatch.Directory;
using SyncMatch.Text;

namespace SyncMatch.Commands;

/// <summary>Writes pipeline objects to a CSV file with formula-leading cells neutralised.</summary>
[Cmdlet(VerbsData.Export, "SyncMatchCsv", SupportsShouldProcess = true)]
[OutputType(typeof(void))]
public sealed class ExportSyncMatchCsvCommand : ExportTableCommand, IDisposable
{
    private CsvFile? writer;
    private bool headerWritten;
    private readonly TableRows rows = new();
    private bool opened;

    /// <summary>Add rows to an existing file whose header is the same (as Export-Csv -Append); a new file is made when there is none.</summary>
    [Parameter]
    public SwitchParameter Append { get; set; }

    /// <summary>Separate cells with this character (Export-Csv -Delimiter); German Excel reads ';'.</summary>
    [Parameter]
    public char Delimiter { get; set; } = ',';

    /// <summary>Separate cells with the current culture's list separator (Export-Csv -UseCulture).</summary>
    [Parameter]
    public SwitchParameter UseCulture { get; set; }

    /// <summary>Accepted as Export-Csv accepts it: SyncMatch never writes a #TYPE line.</summary>
    [Parameter]
    public SwitchParameter NoTypeInformation { get; set; }

    /// <summary>utf8 or utf8BOM (with a BOM, the default: Excel reads UTF-8 by it) or utf8NoBOM. Other encodings would lose letters, and are refused.</summary>
    [Parameter]
    [ValidateSet("utf8", "utf8BOM", "utf8NoBOM", IgnoreCase = true)]
    public string Encoding { get; set; } = "utf8BOM";

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (object? item in InputShapes.Items(InputObject, MyInvocation.ExpectingInput))
        {
            if (item is not null)
            {
                WriteRecord(PSObject.AsPSObject(item));
            }
        }
    }

    private void WriteRecord(PSObject input)
    {
        string[]? cells = null;
        try
        {
            cells = rows.Cells(input, WriteWarning);
        }
        catch (InputRejectedException rejected)
        {
            // The row is not written; the file stays well-formed and the run goes on.
            WriteError(rejected.ToErrorRecord(input));
        }
        // The file is made once the columns are known (from the first object with properties,
        // even when one of its values could not be read).
        if (!opened && rows.Columns is not null)
        {
            opened = true;
            if (Open() && !headerWritten)
            {
                writer!.WriteHeader(rows.Columns);
            }
        }
        if (cells is not null)
        {
            writer?.WriteRow(cells);
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing() => Dispose();

    /// <inheritdoc/>
    public void Dispose()
    {
        writer?.Dispose();
        writer = null;
    }

    private bool Open()
    {
        string path = TargetFile();
        if (!ShouldProcess(path, "Write CSV"))
        {
            return false;
        }
        char delimiter = UseCulture ? System.Globalization.CultureInfo.CurrentCulture.TextInfo.ListSeparator[0] : Delimiter;
        bool appending = Append && File.Exists(path) && new FileInfo(path).Length > 0;
        if (appending && ExistingHeader(path) is { } header && header != HeaderLine(rows.Columns!, delimiter))
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException($"-Append: the columns of {path} ({header}) are not those of these objects ({HeaderLine(rows.Columns!, delimiter)}); nothing was written."),
                "AppendColumnsDiffer", ErrorCategory.InvalidData, path));
        }
        try
        {
            writer = new CsvFile(path, delimiter, appending, bom: !Encoding.Equals("utf8NoBOM", StringComparison.OrdinalIgnoreCase));
        }
        catch (ArgumentException invalid)
        {
            ThrowTerminatingError(new ErrorRecord(invalid, "InvalidDelimiter", ErrorCategory.InvalidArgument, delimiter));
        }
        headerWritten = appending;
        return true;
    }

    /// <summary>The header line a file holds, as written (its BOM dropped); null when it has none.</summary>
    private static string? ExistingHeader(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadLine();
    }

    /// <summary>The header line this writer writes for <paramref name="names"/>.</summary>
    private static string HeaderLine(IEnumerable<string> names, char delimiter)
    {
        var quoted = new List<string>();
        foreach (string name in names)
        {
            quoted.Add("\"" + name.Replace("\"", "\"\"") + "\"");
        }
        return string.Join(delimiter, quoted);
    }
}
