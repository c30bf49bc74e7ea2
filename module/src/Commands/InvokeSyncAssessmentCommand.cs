// Invoke-SyncAssessment: the whole assessment before sync in one command. Readiness, the matching
// plan and the hard-match candidates, run by the module's own cmdlets on the same input, written
// into one folder (the report and three CSVs), summarised on the console and returned as one
// SyncAssessment (the counts and the files).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using SyncMatch.Text;

namespace SyncMatch.Commands;

/// <summary>Runs readiness, the matching plan and the hard-match plan, and writes the report and CSVs into one folder.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "SyncAssessment", SupportsShouldProcess = true)]
[OutputType(typeof(SyncAssessment))]
public sealed class InvokeSyncAssessmentCommand : DeploymentCmdlet
{
    private readonly HashSet<string> warned = new(StringComparer.Ordinal);

    // Errors earlier steps wrote (their messages, and those with the identity prefix taken
    // off): a bad row the next step reads again is not reported again.
    private readonly HashSet<string> reported = new(StringComparer.Ordinal);

    // Where a step's warnings are collected, to be written as this command's.
    private const string WarningVariable = "SyncMatchAssessmentWarnings";

    // Shown on the console like Write-Host; -InformationAction Ignore silences it.
    private static readonly string[] SummaryTags = { "PSHOST", "SyncMatch" };

    /// <summary>On-premises users: Get-ADUser output, CSV rows, Import-DirectoryExport exports, or paths of export files.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [AllowEmptyCollection]
    [AllowNull]
    [AllowEmptyString]
    public object?[] OnPremisesUser { get; set; } = Array.Empty<object?>();

    /// <summary>Cloud users: Get-MgUser output, CSV rows, a cloud export, or the path of one; @() for an empty tenant.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [AllowEmptyCollection]
    [AllowNull]
    [AllowEmptyString]
    public object?[]? CloudUser { get; set; } = Array.Empty<object?>();

    /// <summary>The folder to write into (created when missing), taken literally; -LiteralPath names it too.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [Alias("LiteralPath")]
    public string OutputPath { get; set; } = "";

    /// <summary>The tenant's verified domains: names or Get-MgDomain objects.</summary>
    [Parameter]
    [ValidateNotNull]
    public object?[]? VerifiedDomain { get; set; }

    /// <summary>Get-MgDirectoryOnPremiseSynchronization's output (or its Features): the tenant's sync switches.</summary>
    [Parameter]
    public object? TenantSetting { get; set; }

    /// <summary>Ids or UPNs of privileged role holders (assigned and eligible).</summary>
    [Parameter]
    [AllowEmptyCollection]
    public string[]? PrivilegedUser { get; set; }

    /// <summary>Soft-deleted cloud users (Get-MgDirectoryDeletedItemAsUser).</summary>
    [Parameter]
    [AllowEmptyCollection]
    public object?[]? DeletedCloudUser { get; set; }

    /// <summary>Federated domains (names or Get-MgDomain objects): a hard match into one is blocked.</summary>
    [Parameter]
    [AllowEmptyCollection]
    public object?[]? FederatedDomain { get; set; }

    /// <summary>The deployment's source anchor: Auto, ConsistencyGuid, ObjectGUID, or a custom attribute's name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SourceAnchorCompleter))]
    public string SourceAnchorAttribute { get; set; } = "Auto";

    /// <summary>The report's heading.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Title { get; set; } = "SyncMatch assessment";

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (CloudUser is null)
        {
            ThrowTerminatingError(CloudUserNull());
        }
        string folder = GetUnresolvedProviderPathFromPSPath(OutputPath);
        if (!ShouldProcess(folder, $"Write the assessment ({string.Join(", ", SyncAssessment.ReportFileName, SyncAssessment.FindingsFileName, SyncAssessment.PlanFileName, SyncAssessment.HardMatchFileName, SyncAssessment.WorkbookFileName)})"))
        {
            return;
        }
        // The inputs first: an export path that cannot be read (a typo, a directory, an empty
        // file) stops the run before any file is written — never a report of a tenant or a
        // directory that was not read.
        object?[] onPremises = Inputs(OnPremisesUser ?? Array.Empty<object?>(), nameof(OnPremisesUser));
        object?[] cloud = Inputs(CloudUser!, nameof(CloudUser));
        // The deployment too: a setting the core refuses stops the run before any file is written.
        IReadOnlyList<(string Name, string Value)> deploymentShown;
        using (var deployment = OpenDeployment(SourceAnchorSetting(SourceAnchorAttribute).Setting))
        {
            deploymentShown = deployment.Shown;
        }
        try
        {
            System.IO.Directory.CreateDirectory(folder);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(failure, "OutputPathNotWritable", ErrorCategory.WriteError, folder));
        }

        WriteProgress(new ProgressRecord(7, "Invoke-SyncAssessment", "Checking readiness (Test-SyncReadiness)"));
        List<Finding> findings = onPremises.Length == 0 ? new() : Run<Finding>("Test-SyncReadiness", onPremises, WithDeployment(new Dictionary<string, object?> { ["VerifiedDomain"] = VerifiedDomain, ["SourceAnchorAttribute"] = SourceAnchorAttribute }));
        WriteProgress(new ProgressRecord(7, "Invoke-SyncAssessment", "Predicting the matches (Test-SoftMatch)") { PercentComplete = 33 });
        List<MatchResult> plan = onPremises.Length == 0 ? new() : Run<MatchResult>("Test-SoftMatch", onPremises, WithDeployment(new Dictionary<string, object?>
        {
            ["CloudUser"] = cloud,
            ["VerifiedDomain"] = VerifiedDomain,
            ["TenantSetting"] = TenantSetting,
            ["PrivilegedUser"] = PrivilegedUser,
            ["DeletedCloudUser"] = DeletedCloudUser,
            ["SourceAnchorAttribute"] = SourceAnchorAttribute,
        }));
        List<MatchResult> candidates = plan.Where(result => result.HardMatchCandidate).ToList();
        WriteProgress(new ProgressRecord(7, "Invoke-SyncAssessment", "Planning hard matches (New-HardMatchPlan)") { PercentComplete = 66 });
        List<HardMatchPlanItem> hardMatch = candidates.Count == 0 ? new() : Run<HardMatchPlanItem>("New-HardMatchPlan", candidates.Cast<object?>().ToArray(), WithDeployment(new Dictionary<string, object?>
        {
            ["OnPremisesUser"] = onPremises,
            ["CloudUser"] = cloud,
            ["DeletedCloudUser"] = DeletedCloudUser,
            ["TenantSetting"] = TenantSetting,
            ["PrivilegedUser"] = PrivilegedUser,
            ["FederatedDomain"] = FederatedDomain,
            ["VerifiedDomain"] = VerifiedDomain,
            ["SourceAnchorAttribute"] = SourceAnchorAttribute,
        }));

        Write("Export-SyncMatchCsv", findings, Path.Combine(folder, SyncAssessment.FindingsFileName));
        Write("Export-SyncMatchCsv", plan, Path.Combine(folder, SyncAssessment.PlanFileName));
        List<PSObject> candidateRows = WithoutAliasColumns(hardMatch);
        Write("Export-SyncMatchCsv", candidateRows, Path.Combine(folder, SyncAssessment.HardMatchFileName));
        object?[] tables = findings.Cast<object?>().Concat(plan).Concat(candidateRows).ToArray();
        if (tables.Length == 0)
        {
            // Export-SyncMatchExcel takes objects; a run of none still has its workbook, which says so.
            ExcelWorkbook.Write(Path.Combine(folder, SyncAssessment.WorkbookFileName), Array.Empty<ExcelTable>());
        }
        else
        {
            Run<object>("Export-SyncMatchExcel", tables, new Dictionary<string, object?> { ["Path"] = Path.Combine(folder, SyncAssessment.WorkbookFileName) });
        }
        var settings = new System.Collections.Specialized.OrderedDictionary
        {
            ["On-premises input"] = Describe(onPremises),
            ["Cloud input"] = Describe(cloud),
            ["Source anchor"] = SourceAnchorAttribute,
            ["Tenant settings"] = TenantSwitchesText(),
            ["Privileged users"] = PrivilegedUser is null ? "not given" : $"{PrivilegedUser.Length:N0}",
        };
        settings["Deployment"] = deploymentShown.Count == 0 ? "Entra Connect Sync, every domain and OU (no filtering given)" : string.Join("; ", deploymentShown.Select(shown => $"{shown.Name}: {shown.Value}"));
        Run<object>("Export-SyncMatchReport", findings.Cast<object?>().Concat(plan).Concat(hardMatch).ToArray(), new Dictionary<string, object?>
        {
            ["Path"] = Path.Combine(folder, SyncAssessment.ReportFileName),
            ["Title"] = Title,
            ["Setting"] = settings,
            ["TableFile"] = new Hashtable { ["Findings"] = SyncAssessment.FindingsFileName, ["Plan"] = SyncAssessment.PlanFileName, ["HardMatch"] = SyncAssessment.HardMatchFileName },
        });
        WriteProgress(new ProgressRecord(7, "Invoke-SyncAssessment", "Done") { RecordType = ProgressRecordType.Completed });

        SyncAssessment assessment = Summarise(findings, plan, hardMatch, folder);
        foreach (string line in SummaryLines(assessment))
        {
            WriteInformation(new HostInformationMessage { Message = line }, SummaryTags);
        }
        WriteObject(assessment);
    }

    /// <summary>The counts of the run, what to do first (as the report lists it) and the files.</summary>
    internal static SyncAssessment Summarise(IReadOnlyCollection<Finding> findings, IReadOnlyCollection<MatchResult> plan, IReadOnlyCollection<HardMatchPlanItem> hardMatch, string folder)
    {
        int Count(MatchOutcome outcome) => plan.Count(result => result.Outcome == outcome);
        return new SyncAssessment(folder)
        {
            OnPremisesUsers = plan.Count(result => result.Outcome != MatchOutcome.CloudOnly),
            ReadinessFindings = findings.Count,
            Join = Count(MatchOutcome.Join),
            Create = Count(MatchOutcome.Create),
            Duplicate = Count(MatchOutcome.Duplicate),
            Error = Count(MatchOutcome.Error),
            Skipped = Count(MatchOutcome.Skipped),
            Restore = Count(MatchOutcome.Restore),
            HardMatchCandidateCount = hardMatch.Count,
            HardMatchesReady = hardMatch.Count(item => item.Action == HardMatchAction.Set),
            AdminRoleConflicts = plan.Count(result => result.Reason == MatchReason.AdminRoleConflict),
            TopReasons = plan.GroupBy(result => result.Reason).OrderByDescending(group => group.Count()).ThenBy(group => group.Key).Take(5).Select(group => $"{group.Key} {group.Count():N0}").ToList(),
            FixFirst = Report.FirstSteps.Of(Report.ReportTables.Of(findings.Cast<object?>().Concat(plan).Concat(hardMatch), flaggedOnly: true).All).Take(5).Select(Report.FirstSteps.Line).ToList(),
        };
    }

    /// <summary>The lines the console shows: what happens to the users, the top reasons, what to do first.</summary>
    internal static IEnumerable<string> SummaryLines(SyncAssessment assessment)
    {
        yield return $"SyncMatch assessment: {assessment.OnPremisesUsers:N0} on-premises users, {assessment.ReadinessFindings:N0} readiness findings, {assessment.HardMatchCandidateCount:N0} hard-match candidates.";
        yield return $"  Join {assessment.Join:N0} | Create {assessment.Create:N0} | Duplicate {assessment.Duplicate:N0} | Error {assessment.Error:N0} | Skipped {assessment.Skipped:N0} | Restore {assessment.Restore:N0}";
        yield return $"  Top reasons: {string.Join(", ", assessment.TopReasons)}";
        yield return assessment.FixFirst.Count == 0 ? "  Fix first: nothing blocks synchronization." : $"  Fix first (users, each counted once): {string.Join(", ", assessment.FixFirst)}";
        if (assessment.AdminRoleConflicts > 0)
        {
            yield return $"  Remove the admin roles first: {Report.FirstSteps.Users(assessment.AdminRoleConflicts)} would soft-match a role holder (AdminRoleConflict); a hard match onto one is blocked too.";
        }
        if (assessment.HardMatchCandidateCount > 0)
        {
            yield return $"  Hard matches ready to write: {assessment.HardMatchesReady:N0} of {assessment.HardMatchCandidateCount:N0} users a hard match fixes (review {SyncAssessment.HardMatchFileName}; then New-HardMatchPlan | Invoke-HardMatchPlan -WhatIf).";
        }
        yield return $"  Report: {assessment.Report.FullName}";
    }

    /// <summary>The inputs, a path of an export file read as the export (Import-DirectoryExport).</summary>
    private object?[] Inputs(object?[] items, string parameter)
    {
        var read = new List<object?>(items.Length);
        foreach (object? item in items)
        {
            if ((item is PSObject wrapped ? wrapped.BaseObject : item) is string path)
            {
                if (string.IsNullOrWhiteSpace(path))
                {
                    WriteError(new ErrorRecord(
                        new PSArgumentException($"-{parameter}: an empty string is neither a user nor the path of an export file; it was left out."),
                        "EmptyInputPath", ErrorCategory.InvalidArgument, path));
                    continue;
                }
                // A file of that very name is read as named ([ and ] are part of a name); else
                // the path may be a wildcard.
                bool literal = System.IO.File.Exists(GetUnresolvedProviderPathFromPSPath(path));
                List<DirectoryExport> exports = Run<DirectoryExport>("Import-DirectoryExport", Array.Empty<object?>(), new Dictionary<string, object?> { [literal ? "LiteralPath" : "Path"] = new[] { path } });
                if (exports.Count == 0)
                {
                    // The error above says why; an assessment without that input would be wrong.
                    ThrowTerminatingError(new ErrorRecord(
                        new PSArgumentException($"-{parameter}: '{DisplayText.WellFormed(path)}' could not be read as an export (the error above says why): nothing was written. Fix the path, or pass @() for an input that is really empty."),
                        "InputPathUnreadable", ErrorCategory.InvalidArgument, path));
                }
                read.AddRange(exports);
                continue;
            }
            read.Add(item);
        }
        return read.ToArray();
    }

    /// <summary>The tenant's switches as the steps read them, for the report's header.</summary>
    private string TenantSwitchesText()
    {
        if (TenantSetting is null)
        {
            return "not given: soft match on, soft match on UPN on, hard-match takeover not blocked (the defaults)";
        }
        try
        {
            Matching.TenantFeatures features = Matching.TenantFeatures.Read(TenantSetting);
            static string Shown(bool? value) => value is { } set ? (set ? "on" : "off") : "not in the setting";
            return $"BlockSoftMatch {Shown(features.BlockSoftMatch)}, SoftMatchOnUpn {Shown(features.SoftMatchOnUpn)}, BlockHardMatchTakeover {Shown(features.BlockHardMatchTakeover)}, SynchronizeUpnForManagedUsers {Shown(features.SynchronizeUpnForManagedUsers)}";
        }
        catch (ArgumentException invalid)
        {
            return $"unreadable: {invalid.Message}";
        }
    }

    private static string Describe(object?[] items)
    {
        var exports = items.Select(item => item is PSObject wrapped ? wrapped.BaseObject : item).OfType<DirectoryExport>().ToList();
        int objects = items.Length - exports.Count;
        var parts = exports.Select(export => $"{export.Path} ({export.RowCount:N0} rows)").ToList();
        if (objects > 0 || parts.Count == 0)
        {
            parts.Add($"{objects:N0} objects");
        }
        return Text.ListText.Join(parts);
    }

    /// <summary>Writes <paramref name="items"/> with Export-SyncMatchCsv; none is an empty file, so the folder always has its four files.</summary>
    private void Write<T>(string command, List<T> items, string path)
    {
        if (items.Count == 0)
        {
            File.WriteAllBytes(path, Array.Empty<byte>());
            return;
        }
        Run<object>(command, items.Cast<object?>().ToArray(), new Dictionary<string, object?> { ["Path"] = path });
    }

    /// <summary>
    /// The plan items as hardmatch-candidates.csv shows them: without the properties that only
    /// repeat another under the write cmdlets' parameter names (UserId, OnPremisesImmutableId,
    /// UserPrincipalName); the objects keep them.
    /// </summary>
    private static List<PSObject> WithoutAliasColumns(List<HardMatchPlanItem> items)
    {
        string[] aliases = { nameof(HardMatchPlanItem.UserId), nameof(HardMatchPlanItem.OnPremisesImmutableId), nameof(HardMatchPlanItem.UserPrincipalName) };
        var rows = new List<PSObject>(items.Count);
        foreach (HardMatchPlanItem item in items)
        {
            var row = new PSObject();
            // Its sheet in the workbook is the plan items' (Export-SyncMatchExcel names sheets by type).
            row.TypeNames.Insert(0, typeof(HardMatchPlanItem).FullName!);
            foreach (PSPropertyInfo property in PSObject.AsPSObject(item).Properties)
            {
                if (Array.IndexOf(aliases, property.Name) < 0)
                {
                    row.Properties.Add(new PSNoteProperty(property.Name, property.Value));
                }
            }
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// Runs one of the module's cmdlets on <paramref name="input"/> in this runspace; its errors,
    /// warnings and verbose messages become this command's, its output of type T is returned.
    /// </summary>
    private List<T> Run<T>(string command, object?[] input, Dictionary<string, object?> parameters)
    {
        using var shell = PowerShell.Create(RunspaceMode.CurrentRunspace);
        shell.AddCommand(command);
        foreach ((string name, object? value) in parameters)
        {
            if (value is not null)
            {
                shell.AddParameter(name, value);
            }
        }
        // Warnings are this command's to show (with its -WarningAction): collected, not printed by the step.
        shell.AddParameter("WarningAction", ActionPreference.SilentlyContinue);
        shell.AddParameter("WarningVariable", WarningVariable);
        // A step's non-terminating errors stay non-terminating (whatever $ErrorActionPreference
        // the session has): they are written below as this command's, under its -ErrorAction.
        shell.AddParameter("ErrorAction", ActionPreference.Continue);
        // -Verbose reaches the steps: their accounting ("Checked N objects…") becomes this command's.
        if (MyInvocation.BoundParameters.TryGetValue("Verbose", out object? verboseSwitch) && verboseSwitch is SwitchParameter { IsPresent: true })
        {
            shell.AddParameter("Verbose", true);
            // Collected with the output (a nested pipeline would print them to the host), then
            // written as this command's.
            shell.Commands.Commands[0].MergeMyResults(System.Management.Automation.Runspaces.PipelineResultTypes.Verbose, System.Management.Automation.Runspaces.PipelineResultTypes.Output);
        }
        var output = new List<T>();
        Collection<PSObject> results;
        try
        {
            results = input.Length == 0 ? shell.Invoke() : shell.Invoke(input);
        }
        catch (RuntimeException stopped)
        {
            // A refusal of the whole call (CloudUserNull, NoInput…) stops the assessment with its own record.
            ThrowTerminatingError(stopped.ErrorRecord);
            throw;
        }
        foreach (PSObject result in results)
        {
            if (result?.BaseObject is VerboseRecord said)
            {
                WriteVerbose(said.Message);
            }
            else if (result?.BaseObject is T item)
            {
                output.Add(item);
            }
        }
        var newlyReported = new List<string>();
        foreach (ErrorRecord error in shell.Streams.Error)
        {
            // One error per bad input: a row every step reads is reported by the first step
            // that refuses it (a later step may name the same row with its identity in front).
            string message = error.ErrorDetails?.Message ?? error.Exception?.Message ?? "";
            string? unprefixed = message.IndexOf(": ", StringComparison.Ordinal) is int colon and > 0 ? message[(colon + 2)..] : null;
            if (reported.Contains(message) || (unprefixed is not null && reported.Contains(unprefixed)))
            {
                continue;
            }
            WriteError(error);
            newlyReported.Add(message);
            if (unprefixed is not null)
            {
                newlyReported.Add(unprefixed);
            }
        }
        reported.UnionWith(newlyReported);
        if (SessionState.PSVariable.GetValue(WarningVariable) is IEnumerable warnings)
        {
            foreach (object? warning in warnings)
            {
                // Two steps reading one input say the same about it once.
                string message = warning is WarningRecord record ? record.Message : warning?.ToString() ?? "";
                if (warned.Add(message))
                {
                    WriteWarning(message);
                }
            }
        }
        SessionState.PSVariable.Remove(WarningVariable);
        foreach (VerboseRecord verbose in shell.Streams.Verbose)
        {
            WriteVerbose(verbose.Message);
        }
        return output;
    }
}
