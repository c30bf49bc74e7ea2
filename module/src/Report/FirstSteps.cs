// "What to do first": the errors and warnings of every table as a short list of things to do,
// each user counted once. One list, shown by the report and by Invoke-SyncAssessment's console
// summary, so the two never disagree.
using System;
using System.Collections.Generic;
using System.Linq;

namespace SyncMatch.Report;

/// <summary>
/// One thing to do: the rows of one table filed under one code (a reason, a rule, or a warning
/// when only a warning lists them), how many users it covers that no earlier step covers, and a
/// row's fix as the example.
/// </summary>
internal sealed record FirstStep(RowSeverity Severity, ReportTable Table, string Code, bool IsWarning, int Users, int Rows, string Fix);

internal static class FirstSteps
{
    /// <summary>
    /// The steps, errors before warnings, the largest first: a user listed by several tables or
    /// codes (a TargetAnchored plan row and its Blocked hard-match item) is counted under the
    /// first step only; a step whose users were all counted before is left out.
    /// </summary>
    internal static List<FirstStep> Of(IEnumerable<ReportTable> tables)
    {
        var groups = tables
            .SelectMany(table => table.Rows.Where(row => row.Severity != RowSeverity.Information).Select(row => (Table: table, Row: row)))
            .GroupBy(pair => (pair.Row.Severity, pair.Table, pair.Row.Code, pair.Row.CodeIsWarning))
            .Select(group => (group.Key, Rows: group.Select(pair => pair.Row).ToList(), Users: group.Select(pair => pair.Row.Identity).Distinct(StringComparer.Ordinal).Count()))
            .OrderBy(group => group.Key.Severity)
            .ThenByDescending(group => group.Users)
            .ThenBy(group => group.Key.Code, StringComparer.Ordinal)
            .ToList();
        var counted = new HashSet<string>(StringComparer.Ordinal);
        var steps = new List<FirstStep>();
        foreach (var group in groups)
        {
            int users = 0;
            foreach (ReportRow row in group.Rows)
            {
                if (counted.Add(row.Identity))
                {
                    users++;
                }
            }
            if (users > 0)
            {
                steps.Add(new FirstStep(group.Key.Severity, group.Key.Table, group.Key.Code, group.Key.CodeIsWarning, users, group.Rows.Count, group.Rows[0].Fix));
            }
        }
        // Most users first within each severity, as counted once.
        return steps.OrderBy(step => step.Severity).ThenByDescending(step => step.Users).ThenBy(step => step.Code, StringComparer.Ordinal).ToList();
    }

    /// <summary>"1 user", "2,000 users".</summary>
    internal static string Users(int count) => count == 1 ? "1 user" : $"{count:N0} users";

    /// <summary>A step as one line of text: "TargetAnchored (matching plan): 2 users".</summary>
    internal static string Line(FirstStep step) =>
        $"{step.Code}{(step.IsWarning ? " warning" : "")} ({step.Table.Id}) {step.Users:N0}";
}
