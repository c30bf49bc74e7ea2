// Export-SyncMatchReport: one self-contained HTML page for the change board from Test-SoftMatch
// results, Test-SyncReadiness findings and New-HardMatchPlan items, in any mix.
using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using SyncMatch.Directory;
using SyncMatch.Report;

namespace SyncMatch.Commands;

/// <summary>Writes SyncMatch results to one HTML file that sorts and filters in a browser.</summary>
[Cmdlet(VerbsData.Export, "SyncMatchReport", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportSyncMatchReportCommand : PSCmdlet
{
    private readonly ReportTables tables = new();

    /// <summary>The HTML file to write, taken literally (no wildcards); -LiteralPath names it too.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [Alias("LiteralPath")]
    public string Path { get; set; } = "";

    /// <summary>Test-SoftMatch results, Test-SyncReadiness findings or New-HardMatchPlan items, in any mix.</summary>
    // Not mandatory: a report of nothing says so (Invoke-SyncAssessment writes one for an empty input).
    [Parameter(ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>The page's heading.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Title { get; set; } = "SyncMatch assessment";

    /// <summary>What was checked, shown in the header: name = value pairs (the tenant switches used, the input files).</summary>
    [Parameter]
    public IDictionary? Setting { get; set; }

    /// <summary>
    /// The file holding each table's every row (keys Findings, Plan, HardMatch; values file
    /// names), named on the printed page, which prints at most a thousand rows of a table.
    /// Invoke-SyncAssessment passes its CSVs.
    /// </summary>
    [Parameter]
    public IDictionary? TableFile { get; set; }

    /// <summary>Refuse to overwrite an existing file.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Return the file written.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (!MyInvocation.ExpectingInput && InputObject is null && !MyInvocation.BoundParameters.ContainsKey(nameof(InputObject)))
        {
            return;
        }
        foreach (object? item in InputShapes.Items(InputObject, MyInvocation.ExpectingInput))
        {
            if (!tables.Add(item is PSObject wrapped ? wrapped.BaseObject : item))
            {
                // Nothing silently dropped: what the report cannot show is said, per input.
                WriteError(new ErrorRecord(
                    new PSArgumentException($"Export-SyncMatchReport shows Test-SoftMatch results, Test-SyncReadiness findings and New-HardMatchPlan items; this input is {(item is null ? "$null" : item.GetType().FullName)}, which it left out."),
                    "UnsupportedReportInput", ErrorCategory.InvalidType, item));
            }
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        string file = GetUnresolvedProviderPathFromPSPath(Path);
        if (NoClobber && File.Exists(file))
        {
            ThrowTerminatingError(new ErrorRecord(new IOException($"'{file}' exists and -NoClobber was given."), "ReportExists", ErrorCategory.ResourceExists, file));
        }
        int rows = tables.All.Sum(table => table.Rows.Count);
        if (!ShouldProcess(file, $"Write an HTML report of {rows:N0} rows"))
        {
            return;
        }
        var facts = new List<(string, string)>
        {
            ("Generated", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture)),
            ("SyncMatch", typeof(ExportSyncMatchReportCommand).Assembly.GetName().Version?.ToString(3) ?? "unknown"),
        };
        if (Setting is not null)
        {
            foreach (DictionaryEntry entry in Setting)
            {
                facts.Add((LanguagePrimitives.ConvertTo<string>(entry.Key) ?? "", Setting[entry.Key] is { } value ? Shown(value) : ""));
            }
        }
        if (TableFile is not null)
        {
            foreach ((ReportTable table, string key) in new[] { (tables.Findings, "Findings"), (tables.Plan, "Plan"), (tables.HardMatch, "HardMatch") })
            {
                table.CsvFile = TableFile.Contains(key) ? LanguagePrimitives.ConvertTo<string>(TableFile[key]) : null;
            }
        }
        try
        {
            using var writer = new StreamWriter(file, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            HtmlReport.Write(writer, tables.All, Title, facts);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(failure, "ReportNotWritten", ErrorCategory.WriteError, file));
        }
        WriteVerbose($"Wrote {file}: {tables.Findings.Rows.Count:N0} findings, {tables.Plan.Rows.Count:N0} plan rows, {tables.HardMatch.Rows.Count:N0} hard-match items.");
        if (PassThru)
        {
            WriteObject(new FileInfo(file));
        }
    }

    /// <summary>A setting's value as the header shows it (lists joined).</summary>
    private static string Shown(object value) => (value is PSObject wrapped ? wrapped.BaseObject : value) switch
    {
        string text => text,
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(item => LanguagePrimitives.ConvertTo<string>(item))),
        var other => LanguagePrimitives.ConvertTo<string>(other) ?? "",
    };
}
