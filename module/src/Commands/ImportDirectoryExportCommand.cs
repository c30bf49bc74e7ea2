// Import-DirectoryExport: reads a whole directory export (CSV) in the native core and returns one
// object that stands for all its rows: no PowerShell object per row.
using System;
using System.Collections.ObjectModel;
using System.Management.Automation;
using SyncMatch.Native;

namespace SyncMatch.Commands;

/// <summary>Reads a directory export file in SyncMatch's core.</summary>
[Cmdlet(VerbsData.Import, "DirectoryExport", DefaultParameterSetName = "Path")]
[OutputType(typeof(DirectoryExport))]
public sealed class ImportDirectoryExportCommand : SyncMatchCmdlet
{
    /// <summary>The export file(s): a CSV as Export-Csv writes it. Wildcards are expanded.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = "Path")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ExportFileCompleter))]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>The export file(s), exactly as written: no wildcard is expanded ([ and ] are part of the name). Get-ChildItem output binds here.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "LiteralPath")]
    [Alias("PSPath", "LP", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>The encoding of a file without a BOM: utf8, unicode, bigendianunicode, ansi (Windows-1252), a label such as windows-1251, or a code page number. Without it: UTF-8 when the file is UTF-8, ANSI (with a warning) when it is invalid UTF-8 throughout, an error when it mixes them.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompletions("utf8", "unicode", "bigendianunicode", "ansi", "windows-1250", "windows-1251", "windows-1252", "windows-1253", "iso-8859-2")]
    public string? Encoding { get; set; }

    /// <summary>The CSV field delimiter. Without it: a comma, or a semicolon when the header is semicolon-separated (European Excel, Export-Csv -UseCulture).</summary>
    [Parameter]
    public char Delimiter { get; set; }

    /// <summary>Read a Microsoft Graph page that has @odata.nextLink (one page of many) instead of refusing it: a warning says the other pages' users are missing.</summary>
    [Parameter]
    public SwitchParameter AllowPartialGraphPage { get; set; }

    private const long ProgressFromBytes = 4L << 20;
    private const int ProgressActivity = 10;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == "LiteralPath")
        {
            foreach (string literal in LiteralPath)
            {
                string file;
                try
                {
                    file = GetUnresolvedProviderPathFromPSPath(literal);
                }
                catch (Exception unresolved) when (unresolved is ItemNotFoundException or DriveNotFoundException or ProviderNotFoundException or PSArgumentException or NotSupportedException or PSInvalidOperationException)
                {
                    WriteError(new ErrorRecord(unresolved, "ExportNotFound", ErrorCategory.ObjectNotFound, literal));
                    continue;
                }
                if (!System.IO.File.Exists(file) && !System.IO.Directory.Exists(file))
                {
                    WriteError(new ErrorRecord(new ItemNotFoundException($"No file at '{Text.DisplayText.WellFormed(literal)}'."), "ExportNotFound", ErrorCategory.ObjectNotFound, literal));
                    continue;
                }
                Read(file);
            }
            return;
        }
        foreach (string path in Path)
        {
            Collection<string> resolved;
            try
            {
                // PowerShell resolves the path: relative to $PWD, provider paths, wildcards.
                resolved = GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider);
                if (provider.Name != "FileSystem")
                {
                    throw new PSArgumentException($"'{path}' is not a file-system path.");
                }
            }
            catch (Exception unresolved) when (unresolved is ItemNotFoundException or DriveNotFoundException or ProviderNotFoundException or PSArgumentException or NotSupportedException)
            {
                WriteError(new ErrorRecord(unresolved, "ExportNotFound", ErrorCategory.ObjectNotFound, path));
                continue;
            }
            if (resolved.Count == 0)
            {
                // A wildcard that matched nothing: nothing is silently dropped.
                WriteError(new ErrorRecord(new ItemNotFoundException($"No file matches '{Text.DisplayText.WellFormed(path)}'."), "ExportNotFound", ErrorCategory.ObjectNotFound, path));
            }
            foreach (string file in resolved)
            {
                Read(file);
            }
        }
    }

    private void Read(string file)
    {
        DirectoryExport export;
        try
        {
            // Files over a few megabytes show how far the read has come (reading, then parsing).
            // A directory or a pipe has no length to show: the core says what it is.
            bool large = System.IO.File.Exists(file) && new System.IO.FileInfo(file).Length > ProgressFromBytes;
            var record = new ProgressRecord(ProgressActivity, "Import-DirectoryExport", $"Reading {file}") { PercentComplete = 0 };
            if (large)
            {
                WriteProgress(record);
            }
            var said = new ExportReadOptions(Encoding, Delimiter, AllowPartialGraphPage);
            export = DirectoryExport.Read(file, TimeSpan.FromMilliseconds(250), share =>
            {
                if (large)
                {
                    record.PercentComplete = (int)(share * 100);
                    record.StatusDescription = share < 0.5 ? $"Reading {file}" : $"Parsing the rows of {file}";
                    WriteProgress(record);
                }
            }, said);
            if (large)
            {
                record.RecordType = ProgressRecordType.Completed;
                WriteProgress(record);
            }
        }
        catch (NativeException failure)
        {
            WriteError(failure.ToErrorRecord(file));
            return;
        }
        catch (System.IO.IOException unreadable)
        {
            WriteError(new ErrorRecord(unreadable, "ExportUnreadable", ErrorCategory.ReadError, file));
            return;
        }
        catch (UnauthorizedAccessException unreadable)
        {
            WriteError(new ErrorRecord(unreadable, "ExportUnreadable", ErrorCategory.ReadError, file));
            return;
        }
        foreach (string warning in export.Warnings)
        {
            WriteWarning($"{file}: {warning}");
        }
        WriteVerbose($"{file}: {export.RowCount:N0} rows ({export.Encoding}); columns read: {string.Join(", ", export.Columns)}; ignored: {(export.IgnoredColumns.Count == 0 ? "none" : string.Join(", ", export.IgnoredColumns))}.");
        WriteObject(export);
    }
}
