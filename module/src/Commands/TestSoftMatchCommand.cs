// Test-SoftMatch: which cloud object each on-premises object will land on at its first
// synchronization, and every way that goes wrong, predicted before sync is turned on.
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System;
using SyncMatch.Directory;
using SyncMatch.Matching;
using SyncMatch.Native;
using SyncMatch.Text;

namespace SyncMatch.Commands;

/// <summary>Predicts hard and soft matches of on-premises users onto existing cloud users.</summary>
[Cmdlet(VerbsDiagnostic.Test, "SoftMatch", SupportsShouldProcess = true)]
[OutputType(typeof(MatchResult), typeof(System.IO.FileInfo))]
public sealed class TestSoftMatchCommand : DeploymentCmdlet, IDisposable
{
    private const int PageSize = 4096;

    private readonly Dictionary<MatchOutcome, long> counts = new();
    private PredictionSession? session;
    // The deployment's source anchor as the native setting, parsed once in BeginProcessing.
    private uint anchorSetting;
    // How the cloud users' warnings are asked: their licences too while UPN updates are blocked.
    private InputSide cloudSide = InputSide.Cloud;
    private long usersRead;
    private long nullsRefused;
    private ProgressRecord? progress;
    // With -OutFile: the file the results go to instead of the pipeline, and its provider path.
    private CsvFile? outFile;
    private string? outPath;
    // -OutFile was declined (-WhatIf, or No at -Confirm): nothing is predicted or written.
    private bool declined;

    /// <summary>An on-premises user, group or contact: Get-ADUser / Get-ADObject output, a [pscustomobject] or an Import-Csv row.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The tenant's users (and groups, contacts), as Get-MgUser, Get-MgGroup, Get-MgContact or Get-MsolUser return them (or CSV rows of them).</summary>
    [Parameter(Mandatory = true)]
    [AllowEmptyCollection]
    [AllowNull]
    public object?[]? CloudUser { get; set; } = Array.Empty<object?>();

    /// <summary>Soft-deleted cloud users, as Get-MgDirectoryDeletedItemAsUser returns them: their immutableIds stay reserved.</summary>
    [Parameter]
    [AllowEmptyCollection]
    public object?[]? DeletedCloudUser { get; set; }

    /// <summary>The tenant's verified domains; the one ending in .onmicrosoft.com is the initial domain.</summary>
    [Parameter]
    [ValidateNotNull]
    public object?[]? VerifiedDomain { get; set; }

    /// <summary>What Get-MgDirectoryOnPremiseSynchronization returns (or its Features): sets the three switches below.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? TenantSetting { get; set; }

    /// <summary>Soft match on the UPN after the SMTP address (on by default; -SoftMatchOnUpn:$false for tenants without it).</summary>
    [Parameter]
    public bool SoftMatchOnUpn { get; set; } = true;

    /// <summary>The tenant has BlockSoftMatchEnabled on.</summary>
    [Parameter]
    public SwitchParameter BlockSoftMatch { get; set; }

    /// <summary>The tenant has BlockCloudObjectTakeoverThroughHardMatchEnabled on.</summary>
    [Parameter]
    public SwitchParameter BlockHardMatchTakeover { get; set; }

    /// <summary>The deployment's source anchor: Auto (mS-DS-ConsistencyGuid when populated, else objectGUID), ConsistencyGuid, ObjectGUID, or the name of a custom attribute.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SourceAnchorCompleter))]
    public string SourceAnchorAttribute { get; set; } = "Auto";

    /// <summary>Ids or UPNs of cloud users holding privileged roles (assigned or eligible, directly or through a group).</summary>
    [Parameter]
    [ValidateNotNull]
    public string[]? PrivilegedUser { get; set; }

    /// <summary>Afterwards, one CloudOnly result per cloud user no on-premises user joins.</summary>
    [Parameter]
    public SwitchParameter IncludeUnmatchedCloud { get; set; }

    /// <summary>Writes the results to this CSV file (as Export-SyncMatchCsv would) instead of the pipeline, and returns the file.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OutFile { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        RequireInput(nameof(InputObject), "on-premises users");
        RefuseNullParameter(nameof(DeletedCloudUser), DeletedCloudUser);
        if (CloudUser is null)
        {
            ThrowTerminatingError(CloudUserNull());
        }
        // The file first: a path that cannot be written fails before the work, not after it.
        if (OutFile is not null && !OpenOutFile(OutFile))
        {
            declined = true;
            return;
        }
        (anchorSetting, EntityReader userReader) = UserReader(SourceAnchorAttribute);
        NativePredictionSettings settings = TenantSwitches();
        settings.AnchorAttribute = anchorSetting;
        cloudSide = settings.UpnUpdatesBlocked != 0 ? InputSide.CloudUpnUpdatesBlocked : InputSide.Cloud;
        using (var deployment = OpenDeployment(anchorSetting))
        {
            session = PredictionSession.Open(settings, VerifiedDomainNames(VerifiedDomain), CheckedParameter(PrivilegedUser, nameof(PrivilegedUser)), userReader);
            session.SetDeployment(deployment.Handle);
        }
        AddCloud(CloudUser ?? Array.Empty<object?>(), deleted: false, nameof(CloudUser));
        AddCloud(DeletedCloudUser ?? Array.Empty<object?>(), deleted: true, nameof(DeletedCloudUser));
        WarnAboutCloudInput();
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (declined)
        {
            return;
        }
        foreach (object? item in InputItems(InputObject))
        {
            Predict(item);
        }
    }

    private void Predict(object? input)
    {
        if (input is null)
        {
            // Refused with its NullInput error record, and counted.
            nullsRefused++;
        }
        else if (AsExport(input) is null)
        {
            usersRead++;
        }
        // A refused input keeps its place: its error record now, its InvalidInput row in the plan.
        door ??= new InputDoor("an on-premises user", PredictExport, Read, (refused, rejected) => session!.AddRejected(refused, rejected.Message, usersRead));
        Accept(input, door);
    }

    private InputDoor? door;

    private void Read(object input)
    {
        session!.AddUser(input);
        if (session.IsFull)
        {
            session.Flush();
            ShowProgress($"{usersRead:N0} on-premises users predicted", -1);
        }
    }

    /// <summary>Predicts every row of a directory export in the core; each row counts as a user read.</summary>
    private void PredictExport(DirectoryExport export)
    {
        string? anchorColumn = CustomAnchorColumn(anchorSetting, SourceAnchorAttribute);
        if (!HasDeploymentColumns(export, anchorColumn))
        {
            return;
        }
        WriteWarnings(InputCompleteness.Warnings(export, InputSide.OnPremises, nameof(InputObject)));
        session!.AddExport(export, anchorColumn, done => ShowProgress($"{export.Path}: {done:N0} of {export.RowCount:N0} rows predicted", -1));
        usersRead += export.RowCount;
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (session is null)
        {
            return;
        }
        bool auto = anchorSetting == (uint)SyncMatch.SourceAnchorAttribute.Auto;
        WriteWarnings(session.OnPremises.Warnings(auto ? InputSide.OnPremisesWithAnchors : InputSide.OnPremises, nameof(InputObject)));
        long total = session.Finish(IncludeUnmatchedCloud);
        long written = 0;
        if (outFile is null)
        {
            foreach (List<PagedResult> page in session.ResultPages(total, PageSize, IncludeUnmatchedCloud))
            {
                WritePage(page);
                written += page.Count;
                ShowWritten(written, total);
            }
        }
        else
        {
            try
            {
                foreach (List<RecordError> errors in session.ResultRows(total, PageSize, IncludeUnmatchedCloud, outFile, counts))
                {
                    foreach (RecordError failed in errors)
                    {
                        WriteResultError(failed.Identity, failed.Failure);
                    }
                    written = Math.Min(total, written + PageSize);
                    ShowWritten(written, total);
                }
            }
            catch (System.IO.IOException failure)
            {
                ThrowTerminatingError(OutFileNotWritable(failure));
            }
        }
        if (progress is not null)
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
        if (outFile is not null)
        {
            try
            {
                outFile.Dispose();
            }
            catch (System.IO.IOException failure)
            {
                ThrowTerminatingError(OutFileNotWritable(failure));
            }
            outFile = null;
            WriteObject(new System.IO.FileInfo(outPath!));
        }
        string summary = counts.Count == 0 ? "no results" : string.Join(", ", counts.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key} {pair.Value:N0}"));
        string nulls = nullsRefused == 0 ? "" : $" ({nullsRefused:N0} null inputs refused with an error)";
        WriteVerbose($"Predicted {usersRead:N0} on-premises users against {UserCount(CloudUser):N0} cloud users{nulls}: {summary}.");
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        session?.Dispose();
        outFile?.Dispose();
        outFile = null;
    }

    /// <summary>Opens -OutFile (resolved by PowerShell, relative to the current location) once ShouldProcess agrees; false when declined.</summary>
    private bool OpenOutFile(string path)
    {
        outPath = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
        if (!ShouldProcess(outPath, "Write the match results"))
        {
            return false;
        }
        try
        {
            outFile = new CsvFile(outPath);
        }
        catch (Exception failure) when (failure is System.IO.IOException or UnauthorizedAccessException or System.Security.SecurityException or NotSupportedException)
        {
            ThrowTerminatingError(OutFileNotWritable(failure));
        }
        outFile!.WriteHeader(MatchResultCsv.Columns);
        return true;
    }

    /// <summary>-OutFile could not be created, or a write to it failed (a full disk): the run stops.</summary>
    private ErrorRecord OutFileNotWritable(Exception failure) => new(
        new System.IO.IOException($"-OutFile '{DisplayText.Escape(outPath!)}' cannot be written: {failure.Message}", failure),
        "OutFileNotWritable", ErrorCategory.WriteError, outPath);

    /// <summary>
    /// The tenant switches: from -TenantSetting when given, each overridden by its parameter
    /// when that is given too (with a warning when they disagree).
    /// </summary>
    private NativePredictionSettings TenantSwitches()
    {
        bool softMatchOnUpn = SoftMatchOnUpn;
        bool blockSoftMatch = BlockSoftMatch;
        bool blockTakeover = BlockHardMatchTakeover;
        bool upnUpdatesBlocked = false;
        if (TenantSetting is not null)
        {
            TenantFeatures features;
            try
            {
                features = TenantFeatures.Read(TenantSetting);
            }
            catch (ArgumentException invalid)
            {
                ThrowTerminatingError(new ErrorRecord(invalid, "InvalidTenantSetting", ErrorCategory.InvalidArgument, TenantSetting));
                throw;
            }
            softMatchOnUpn = Resolve(nameof(SoftMatchOnUpn), SoftMatchOnUpn, features.SoftMatchOnUpn, "SoftMatchOnUpnEnabled");
            blockSoftMatch = Resolve(nameof(BlockSoftMatch), BlockSoftMatch, features.BlockSoftMatch, "BlockSoftMatchEnabled");
            blockTakeover = Resolve(nameof(BlockHardMatchTakeover), BlockHardMatchTakeover, features.BlockHardMatchTakeover, "BlockCloudObjectTakeoverThroughHardMatchEnabled");
            // Only a tenant that says it is off blocks UPN updates (on since June 2015).
            upnUpdatesBlocked = features.SynchronizeUpnForManagedUsers == false;
        }
        return new NativePredictionSettings
        {
            SoftMatchOnUpn = softMatchOnUpn ? 1u : 0u,
            BlockSoftMatch = blockSoftMatch ? 1u : 0u,
            BlockHardMatchTakeover = blockTakeover ? 1u : 0u,
            UpnUpdatesBlocked = upnUpdatesBlocked ? 1u : 0u,
        };
    }

    private bool Resolve(string parameter, bool given, bool? fromTenant, string feature)
    {
        if (!MyInvocation.BoundParameters.ContainsKey(parameter))
        {
            return fromTenant ?? given;
        }
        if (fromTenant is { } tenant && tenant != given)
        {
            WriteWarning($"-{parameter} is {given} but -TenantSetting says {feature} is {tenant}: the prediction uses -{parameter}, as given.");
        }
        return given;
    }

    private void AddCloud(object?[] cloudUsers, bool deleted, string parameter)
    {
        // Exports are read by the core (their rows cost no object each); the runs of objects
        // between them are read here, all in the order given.
        foreach ((DirectoryExport? export, ArraySegment<object?> run, int offset) in ExportsAndRuns(cloudUsers))
        {
            if (export is not null)
            {
                AddCloudExport(export, deleted);
            }
            else
            {
                AddCloudObjects(run, offset, deleted, parameter);
            }
        }
    }

    private void AddCloudObjects(ArraySegment<object?> cloudUsers, int offset, bool deleted, string parameter)
    {
        List<(int Position, Exception Why)> skipped = session!.AddCloudUsers(cloudUsers, deleted, done =>
        {
            if (cloudUsers.Count > PredictionSession.ChunkSize)
            {
                ShowProgress($"Indexing cloud users: {done:N0} of {cloudUsers.Count:N0}", (int)(100L * done / cloudUsers.Count));
            }
        });
        foreach ((int position, Exception why) in skipped)
        {
            WriteInvalidCloudUser(parameter, offset + position, why, cloudUsers[position]);
        }
    }

    /// <summary>A -CloudUser (or -DeletedCloudUser) item left out, with why.</summary>
    private void WriteInvalidCloudUser(string parameter, long position, Exception why, object? target) =>
        WriteError(new ErrorRecord(
            new PSArgumentException($"-{parameter} item {position} is not a usable cloud user ({DisplayText.Escape(why.Message)}); it was left out."),
            "InvalidCloudUser", ErrorCategory.InvalidArgument, target));

    private long cloudExportRows;

    private void AddCloudExport(DirectoryExport export, bool deleted)
    {
        if (!export.IsCloud)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"{export.Path} is not a cloud export: it needs an Id (or ObjectId) column, as Get-MgUser | Export-Csv writes it."),
                "NotACloudExport", ErrorCategory.InvalidArgument, export));
        }
        WriteWarnings(InputCompleteness.Warnings(export, deleted ? InputSide.Deleted : cloudSide, nameof(CloudUser)));
        foreach (NativeFailure failure in session!.AddCloudExport(export, deleted))
        {
            WriteError(new ErrorRecord(
                new PSArgumentException($"{DisplayText.Escape(failure.Message)}: not a usable cloud user; it was left out."),
                "InvalidCloudUser", ErrorCategory.InvalidArgument, export));
        }
        if (!deleted)
        {
            cloudExportRows += export.RowCount;
        }
    }

    /// <summary>Says, once each, what the cloud input cannot support and what was assumed.</summary>
    private void WarnAboutCloudInput()
    {
        // Cloud exports were checked by their columns as they were added.
        if (cloudExportRows == 0)
        {
            WriteWarnings(session!.Cloud.Warnings(cloudSide, nameof(CloudUser)));
        }
        if (session!.Deleted.Count > 0)
        {
            WriteWarnings(session.Deleted.Warnings(InputSide.Deleted, nameof(DeletedCloudUser)));
        }
        if (PrivilegedUser is null)
        {
            WriteWarning("No -PrivilegedUser given: Existing Admin Role Conflict (soft match) and the block on hard-matching role holders cannot be predicted. Collect assigned and eligible role holders as the README shows, and pass their ids.");
        }
    }

    /// <summary>Writes a page in order; a user that could not be evaluated gets its row and then its error record.</summary>
    private void WritePage(List<PagedResult> page)
    {
        var run = new List<MatchResult>(page.Count);
        foreach ((MatchResult result, NativeFailure? failure) in page)
        {
            counts[result.Outcome] = counts.GetValueOrDefault(result.Outcome) + 1;
            run.Add(result);
            if (failure is not { } failed)
            {
                continue;
            }
            WriteObject(run, enumerateCollection: true);
            run.Clear();
            WriteResultError(result.Identity, failed);
        }
        WriteObject(run, enumerateCollection: true);
    }

    private void ShowWritten(long written, long total)
    {
        if (total > PageSize)
        {
            ShowProgress($"Writing results: {written:N0} of {total:N0}", (int)(100 * written / total));
        }
    }

    /// <summary>The error record of a result whose user could not be predicted.</summary>
    private void WriteResultError(string identity, NativeFailure failure)
    {
        WriteError(NativeException.ForInput(failure.Status, $"{identity}: {failure.Message}").ToErrorRecord(identity));
    }

    private void ShowProgress(string status, int percent)
    {
        progress ??= new ProgressRecord(3, "Test-SoftMatch", status);
        progress.StatusDescription = status;
        progress.PercentComplete = percent;
        WriteProgress(progress);
    }
}
