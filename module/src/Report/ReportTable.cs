// The report's tables, built from the objects SyncMatch's cmdlets return: one table per kind of
// result (the matching plan, readiness findings, hard-match items), each row its columns as
// text, its severity, what "what to do first" files it under (its reason, or for a row that is
// only warned about, its first warning) and the fix that says what to do.
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

/// <summary>
/// One row: its cells (in the table's column order), its severity, the code "what to do first"
/// files it under (a reason or rule; a warning's code when only a warning makes it one) and the
/// fix for that code, as the row's own text says it.
/// </summary>
internal sealed record ReportRow(string[] Cells, RowSeverity Severity, string Code, bool CodeIsWarning, string Fix)
{
    /// <summary>Who the row is about (the first column of every table).</summary>
    internal string Identity => Cells[0];
}

/// <summary>A table of one kind of result.</summary>
internal sealed class ReportTable
{
    private ReportTable(string id, string title, string groupName, string reasonName, string[] columns, int warningsColumn)
    {
        Id = id;
        Title = title;
        GroupName = groupName;
        ReasonName = reasonName;
        Columns = columns;
        WarningsColumn = warningsColumn;
    }

    /// <summary>Test-SoftMatch results: where each user lands.</summary>
    internal static ReportTable MatchPlan() => new("plan", "Matching plan (Test-SoftMatch)", "Outcome", "Reason", PlanColumns, 6);

    /// <summary>Test-SyncReadiness findings: what Entra ID will reject or quarantine.</summary>
    internal static ReportTable Findings() => new("findings", "Readiness findings (Test-SyncReadiness)", "Severity", "Rule", FindingColumns, -1);

    /// <summary>New-HardMatchPlan items: the immutableIds to write.</summary>
    internal static ReportTable HardMatch() => new("hardmatch", "Hard-match candidates (New-HardMatchPlan)", "Action", "Reason", HardMatchColumns, 5);

    // The columns each table shows, in order (the properties of the objects it is built from):
    // the identity first, the group and the reason second and third (the filters read them there).
    private static readonly string[] PlanColumns = { "Identity", "Outcome", "Reason", "MatchType", "CloudUserPrincipalName", "PredictedUserPrincipalName", "Warnings", "Detail" };
    private static readonly string[] FindingColumns = { "Identity", "Severity", "Rule", "Attribute", "Value", "Message", "Suggestion" };
    private static readonly string[] HardMatchColumns = { "Identity", "Action", "Reason", "CloudUserPrincipalName", "ImmutableId", "Warnings", "Detail" };

    internal string Id { get; }

    internal string Title { get; }

    /// <summary>What the rows are counted by in the first chart and filter (column 1).</summary>
    internal string GroupName { get; }

    /// <summary>What the rows are counted by in the second chart and filter (column 2).</summary>
    internal string ReasonName { get; }

    internal string[] Columns { get; }

    /// <summary>The column holding the row's warning codes ("; "-joined), or -1.</summary>
    internal int WarningsColumn { get; }

    /// <summary>The file holding this table's every row (named on the printed page), when one is known.</summary>
    internal string? CsvFile { get; set; }

    internal List<ReportRow> Rows { get; } = new();

    /// <summary>Keep only rows that are errors or warnings (what to do first needs no others).</summary>
    internal bool FlaggedOnly { get; set; }

    private bool Skips(RowSeverity severity) => FlaggedOnly && severity == RowSeverity.Information;

    /// <summary>Rows per value of column <paramref name="column"/>, most first.</summary>
    internal IEnumerable<(string Name, int Count)> CountBy(int column) =>
        Rows.GroupBy(row => row.Cells[column]).Select(group => (group.Key, group.Count())).OrderByDescending(pair => pair.Item2).ThenBy(pair => pair.Key, StringComparer.Ordinal);

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
        if (Skips(severity))
        {
            return;
        }
        string warnings = Text.ListText.Join(result.Warnings.Select(w => w.Code.ToString()));
        // Joined or created, and a warning is why it is listed: filed under that warning.
        bool warned = severity == RowSeverity.Warning && result.Outcome is MatchOutcome.Join or MatchOutcome.Create or MatchOutcome.CloudOnly;
        Rows.Add(new ReportRow(
            new[] { result.Identity, result.Outcome.ToString(), result.Reason.ToString(), result.MatchType.ToString(), result.CloudUserPrincipalName ?? "", result.PredictedUserPrincipalName ?? "", warnings, result.Detail },
            severity,
            warned ? result.Warnings[0].Code.ToString() : result.Reason.ToString(),
            warned,
            warned ? result.Warnings[0].Message : result.Detail));
    }

    /// <summary>Adds a Test-SyncReadiness finding.</summary>
    internal void Add(Finding finding)
    {
        RowSeverity severity = finding.Severity == FindingSeverity.Error ? RowSeverity.Error : RowSeverity.Warning;
        Rows.Add(new ReportRow(
            new[] { finding.Identity, finding.Severity.ToString(), finding.Rule.ToString(), finding.Attribute, finding.Value, finding.Message, finding.Suggestion ?? "" },
            severity,
            finding.Rule.ToString(),
            false,
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
        if (Skips(severity))
        {
            return;
        }
        string warnings = Text.ListText.Join(item.Warnings.Select(w => w.Code.ToString()));
        bool warned = severity == RowSeverity.Warning;
        Rows.Add(new ReportRow(
            new[] { item.Identity, item.Action.ToString(), item.Reason.ToString(), item.CloudUserPrincipalName ?? "", item.ImmutableId ?? "", warnings, item.Detail },
            severity,
            warned ? item.Warnings[0].Code.ToString() : item.Reason.ToString(),
            warned,
            warned ? item.Warnings[0].Message : item.Detail));
    }
}

/// <summary>The report's three tables, filled with whatever SyncMatch objects come.</summary>
internal sealed class ReportTables
{
    /// <param name="flaggedOnly">Keep only errors and warnings: what to do first needs no more.</param>
    internal ReportTables(bool flaggedOnly = false)
    {
        foreach (ReportTable table in All)
        {
            table.FlaggedOnly = flaggedOnly;
        }
    }

    internal ReportTable Findings { get; } = ReportTable.Findings();

    internal ReportTable Plan { get; } = ReportTable.MatchPlan();

    internal ReportTable HardMatch { get; } = ReportTable.HardMatch();

    /// <summary>The tables in the order the report shows them.</summary>
    internal ReportTable[] All => new[] { Findings, Plan, HardMatch };

    /// <summary>Adds a result, finding or plan item to its table; false for anything else.</summary>
    internal bool Add(object? item)
    {
        switch (item)
        {
            case MatchResult result:
                Plan.Add(result);
                return true;
            case Finding finding:
                Findings.Add(finding);
                return true;
            case HardMatchPlanItem planItem:
                HardMatch.Add(planItem);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The tables of <paramref name="items"/> (only their errors and warnings with <paramref name="flaggedOnly"/>).</summary>
    internal static ReportTables Of(IEnumerable<object?> items, bool flaggedOnly = false)
    {
        var tables = new ReportTables(flaggedOnly);
        foreach (object? item in items)
        {
            tables.Add(item);
        }
        return tables;
    }
}
