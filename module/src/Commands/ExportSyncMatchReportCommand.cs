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
    private readonly ReportTable plan = ReportTable.MatchPlan();
    private readonly ReportTable findings = ReportTable.Findings();
    private readonly ReportTable hardMatch = ReportTable.HardMatch();

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
            switch (item is PSObject wrapped ? wrapped.BaseObject : item)
            {
                case MatchResult result:
                    plan.Add(result);
                    break;
                case Finding finding:
                    findings.Add(finding);
                    break;
                case HardMatchPlanItem planItem:
                    hardMatch.Add(planItem);
                    break;
                default:
                    // Nothing silently dropped: what the report cannot show is said, per input.
                    WriteError(new ErrorRecord(
                        new PSArgumentException($"Export-SyncMatchReport shows Test-SoftMatch results, Test-SyncReadiness findings and New-HardMatchPlan items; this input is {(item is null ? "$null" : item.GetType().FullName)}, which it left out."),
                        "UnsupportedReportInput", ErrorCategory.InvalidType, item));
                    break;
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
        int rows = plan.Rows.Count + findings.Rows.Count + hardMatch.Rows.Count;
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
        try
        {
            using var writer = new StreamWriter(file, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            HtmlReport.Write(writer, new[] { findings, plan, hardMatch }, Title, facts);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(failure, "ReportNotWritten", ErrorCategory.WriteError, file));
        }
        WriteVerbose($"Wrote {file}: {findings.Rows.Count:N0} findings, {plan.Rows.Count:N0} plan rows, {hardMatch.Rows.Count:N0} hard-match items.");
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
