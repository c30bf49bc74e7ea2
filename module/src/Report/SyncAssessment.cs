// What Invoke-SyncAssessment returns: the counts it prints and the five files it wrote, as one
// object a script can read ($a.Duplicate, $a.Files | Compress-Archive …).
using System.Collections.Generic;
using System.IO;

namespace SyncMatch;

/// <summary>The result of Invoke-SyncAssessment: what happens to the users, what to do first, and the files.</summary>
public sealed class SyncAssessment
{
    /// <summary>The report's file name in the folder.</summary>
    public const string ReportFileName = "report.html";

    /// <summary>The readiness findings' CSV.</summary>
    public const string FindingsFileName = "findings.csv";

    /// <summary>The matching plan's CSV.</summary>
    public const string PlanFileName = "plan.csv";

    /// <summary>The hard-match candidates' CSV.</summary>
    public const string HardMatchFileName = "hardmatch-candidates.csv";

    /// <summary>The three tables as one workbook (Export-SyncMatchExcel).</summary>
    public const string WorkbookFileName = "assessment.xlsx";

    internal SyncAssessment(string folder)
    {
        OutputPath = folder;
        Report = new FileInfo(System.IO.Path.Combine(folder, ReportFileName));
        Findings = new FileInfo(System.IO.Path.Combine(folder, FindingsFileName));
        Plan = new FileInfo(System.IO.Path.Combine(folder, PlanFileName));
        HardMatchCandidates = new FileInfo(System.IO.Path.Combine(folder, HardMatchFileName));
        Workbook = new FileInfo(System.IO.Path.Combine(folder, WorkbookFileName));
    }

    /// <summary>The folder written.</summary>
    public string OutputPath { get; }

    /// <summary>On-premises objects predicted (one plan row each).</summary>
    public int OnPremisesUsers { get; internal set; }

    /// <summary>Readiness findings (errors and warnings).</summary>
    public int ReadinessFindings { get; internal set; }

    /// <summary>Users joined to an existing cloud user.</summary>
    public int Join { get; internal set; }

    /// <summary>Users created as new cloud users.</summary>
    public int Create { get; internal set; }

    /// <summary>Users created beside a cloud user that matches them: duplicates.</summary>
    public int Duplicate { get; internal set; }

    /// <summary>Users synchronization fails for.</summary>
    public int Error { get; internal set; }

    /// <summary>Objects Entra Connect does not synchronize by default.</summary>
    public int Skipped { get; internal set; }

    /// <summary>Users whose anchor restores a soft-deleted cloud user.</summary>
    public int Restore { get; internal set; }

    /// <summary>Users a hard match fixes (hardmatch-candidates.csv).</summary>
    public int HardMatchCandidateCount { get; internal set; }

    /// <summary>Of those, the hard matches New-HardMatchPlan found ready to write (Action Set).</summary>
    public int HardMatchesReady { get; internal set; }

    /// <summary>Users whose soft-match target holds an admin role: remove the roles first.</summary>
    public int AdminRoleConflicts { get; internal set; }

    /// <summary>The five most frequent plan reasons, as "Reason count".</summary>
    public IReadOnlyList<string> TopReasons { get; internal set; } = System.Array.Empty<string>();

    /// <summary>What to do first (as the report lists it, each user counted once), as "Code (table) users".</summary>
    public IReadOnlyList<string> FixFirst { get; internal set; } = System.Array.Empty<string>();

    /// <summary>report.html.</summary>
    public FileInfo Report { get; }

    /// <summary>findings.csv.</summary>
    public FileInfo Findings { get; }

    /// <summary>plan.csv.</summary>
    public FileInfo Plan { get; }

    /// <summary>hardmatch-candidates.csv.</summary>
    public FileInfo HardMatchCandidates { get; }

    /// <summary>assessment.xlsx: the three tables as sheets (Findings, Plan, HardMatchCandidates).</summary>
    public FileInfo Workbook { get; }

    /// <summary>The five files (to attach, or to pipe to Compress-Archive).</summary>
    public IReadOnlyList<FileInfo> Files => new[] { Report, Findings, Plan, HardMatchCandidates, Workbook };
}
