// Export-SyncMatchExcel: findings, plans and hard-match items as one .xlsx workbook, a sheet per
// kind of object, every value a text cell (nothing evaluates: no formula, number or date is
// made of a directory value), the header frozen and filtered.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SyncMatch.Directory;
using SyncMatch.Text;

namespace SyncMatch.Commands;

/// <summary>Writes pipeline objects to an .xlsx workbook: a sheet per kind of object, values as text.</summary>
[Cmdlet(VerbsData.Export, "SyncMatchExcel", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportSyncMatchExcelCommand : ExportTableCommand
{
    // The sheet each SyncMatch type goes to; any other object goes to "Sheet1".
    private static readonly Dictionary<string, string> SheetOfType = new(StringComparer.Ordinal)
    {
        [typeof(Finding).FullName!] = "Findings",
        [typeof(MatchResult).FullName!] = "Plan",
        [typeof(HardMatchPlanItem).FullName!] = "HardMatchCandidates",
        [typeof(HardMatchResult).FullName!] = "HardMatchResults",
    };

    private readonly List<(string Sheet, TableRows Rows, List<string[]> Cells)> tables = new();

    /// <summary>Put every object on this one sheet instead of a sheet per kind.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? WorksheetName { get; set; }

    /// <summary>Return the file written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (object? item in InputShapes.Items(InputObject, MyInvocation.ExpectingInput))
        {
            if (item is null)
            {
                continue;
            }
            PSObject input = PSObject.AsPSObject(item);
            string sheet = WorksheetName ?? (input.TypeNames.Count > 0 && SheetOfType.TryGetValue(input.TypeNames[0], out string? named) ? named : "Sheet1");
            int at = tables.FindIndex(table => table.Sheet == sheet);
            if (at < 0)
            {
                tables.Add((sheet, new TableRows(), new List<string[]>()));
                at = tables.Count - 1;
            }
            try
            {
                tables[at].Cells.Add(tables[at].Rows.Cells(input, WriteWarning));
            }
            catch (InputRejectedException rejected)
            {
                // The row is not written; the rest of the workbook is.
                WriteError(rejected.ToErrorRecord(input));
            }
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        string path = TargetFile();
        var written = tables.Where(table => table.Rows.Columns is not null)
            .Select(table => new ExcelTable(table.Sheet, table.Rows.Columns!, table.Cells)).ToList();
        int rows = written.Sum(table => table.Rows.Count);
        if (!ShouldProcess(path, $"Write an .xlsx workbook of {rows:N0} rows on {written.Count} sheet(s)"))
        {
            return;
        }
        foreach (ExcelTable table in written.Where(table => table.Rows.Count > ExcelWorkbook.RowsPerSheet))
        {
            WriteWarning($"{table.Name}: {table.Rows.Count:N0} rows are more than an Excel sheet holds ({ExcelWorkbook.RowsPerSheet:N0} besides its header); they are split across the sheets {string.Join(", ", ExcelWorkbook.Sheets(new[] { table }).Select(sheet => sheet.Sheet))}.");
        }
        try
        {
            ExcelWorkbook.Write(path, written);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(failure, "WorkbookNotWritten", ErrorCategory.WriteError, path));
        }
        WriteVerbose($"Wrote {path}: {string.Join(", ", written.Select(table => $"{table.Name} {table.Rows.Count:N0} rows"))}.");
        if (PassThru)
        {
            WriteObject(new FileInfo(path));
        }
    }
}
