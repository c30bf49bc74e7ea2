// The report's tables, built from the objects SyncMatch's cmdlets return: one table per kind of
// result (the matching plan, readiness findings, hard-match items), each row its columns as
// text, its group (Outcome, Rule, Action), its reason and severity for the filters, and the fix.
using System;
using System.Collections.Generic;
using System.Linq;

namespace SyncMatch.Report;

/// <summary>How serious a row is, in the order a change board should see it.</summary>
internal enum RowSeverity
{
    Error = 0,
    Warning = 1,
    Information = 2,
}

/// <summary>One row: its cells (in the table's column order), what it is filtered by, and its fix.</summary>
internal sealed record ReportRow(string[] Cells, string Group, string Reason, RowSeverity Severity, string Fix);

/// <summary>A table of one kind of result.</summary>
internal sealed class ReportTable
{
    private ReportTable(string id, string title, string groupName, string reasonName, string[] columns)
    {
        Id = id;
        Title = title;
        GroupName = groupName;
        ReasonName = reasonName;
        Columns = columns;
    }

    /// <summary>Test-SoftMatch results: where each user lands.</summary>
    internal static ReportTable MatchPlan() => new("plan", "Matching plan (Test-SoftMatch)", "Outcome", "Reason", PlanColumns);

    /// <summary>Test-SyncReadiness findings: what Entra ID will reject or quarantine.</summary>
    internal static ReportTable Findings() => new("findings", "Readiness findings (Test-SyncReadiness)", "Severity", "Rule", FindingColumns);

    /// <summary>New-HardMatchPlan items: the immutableIds to write.</summary>
    internal static ReportTable HardMatch() => new("hardmatch", "Hard-match candidates (New-HardMatchPlan)", "Action", "Reason", HardMatchColumns);

    // The columns each table shows, in order (the properties of the objects it is built from).
    private static readonly string[] PlanColumns = { "Identity", "Outcome", "Reason", "MatchType", "CloudUserPrincipalName", "PredictedUserPrincipalName", "Warnings", "Detail" };
    private static readonly string[] FindingColumns = { "Identity", "Severity", "Rule", "Attribute", "Value", "Message", "Suggestion" };
    private static readonly string[] HardMatchColumns = { "Identity", "Action", "Reason", "CloudUserPrincipalName", "ImmutableId", "Warnings", "Detail" };

    internal string Id { get; }

    internal string Title { get; }

    /// <summary>What the rows are counted by in the first chart and filter.</summary>
    internal string GroupName { get; }

    /// <summary>What the rows are counted by in the second chart and filter.</summary>
    internal string ReasonName { get; }

    internal string[] Columns { get; }

    internal List<ReportRow> Rows { get; } = new();

    /// <summary>Rows per group, most first.</summary>
    internal IEnumerable<(string Name, int Count)> CountBy(Func<ReportRow, string> key) =>
        Rows.GroupBy(key).Select(group => (group.Key, group.Count())).OrderByDescending(pair => pair.Item2).ThenBy(pair => pair.Key, StringComparer.Ordinal);

    /// <summary>
    /// How serious a result is for the change board: a failed or duplicated user is an error; a
    /// clean join, creation or unmatched cloud user is information; the rest are warnings.
    /// </summary>
    internal static RowSeverity SeverityOf(MatchResult result) => result.Outcome switch
    {
        MatchOutcome.Error or MatchOutcome.Duplicate => RowSeverity.Error,
        MatchOutcome.Join or MatchOutcome.Create or MatchOutcome.CloudOnly when result.Warnings.Count == 0 => RowSeverity.Information,
        _ => RowSeverity.Warning,
    };

    /// <summary>Adds a Test-SoftMatch result.</summary>
    internal void Add(MatchResult result)
    {
        RowSeverity severity = SeverityOf(result);
        string warnings = Text.ListText.Join(result.Warnings.Select(w => w.Code.ToString()));
        Rows.Add(new ReportRow(
            new[] { result.Identity, result.Outcome.ToString(), result.Reason.ToString(), result.MatchType.ToString(), result.CloudUserPrincipalName ?? "", result.PredictedUserPrincipalName ?? "", warnings, result.Detail },
            result.Outcome.ToString(), result.Reason.ToString(), severity, result.Detail));
    }

    /// <summary>Adds a Test-SyncReadiness finding.</summary>
    internal void Add(Finding finding)
    {
        RowSeverity severity = finding.Severity == FindingSeverity.Error ? RowSeverity.Error : RowSeverity.Warning;
        Rows.Add(new ReportRow(
            new[] { finding.Identity, finding.Severity.ToString(), finding.Rule.ToString(), finding.Attribute, finding.Value, finding.Message, finding.Suggestion ?? "" },
            finding.Severity.ToString(), finding.Rule.ToString(), severity,
            finding.Suggestion is { } suggestion ? $"{finding.Message} Suggested value: {suggestion}" : finding.Message));
    }

    /// <summary>Adds a New-HardMatchPlan item.</summary>
    internal void Add(HardMatchPlanItem item)
    {
        RowSeverity severity = item.Action switch
        {
            HardMatchAction.Blocked => RowSeverity.Error,
            _ when item.Warnings.Count > 0 => RowSeverity.Warning,
            _ => RowSeverity.Information,
        };
        string warnings = Text.ListText.Join(item.Warnings.Select(w => w.Code.ToString()));
        Rows.Add(new ReportRow(
            new[] { item.Identity, item.Action.ToString(), item.Reason.ToString(), item.CloudUserPrincipalName ?? "", item.ImmutableId ?? "", warnings, item.Detail },
            item.Action.ToString(), item.Reason.ToString(), severity, item.Detail));
    }
}
