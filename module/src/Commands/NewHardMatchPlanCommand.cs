// New-HardMatchPlan: the seed article's HardMatch.ps1 loop, planned and checked before anything
// is written: for each mapping row, the immutableId to stamp and every guard rail that must hold.
using System;
using System.Collections.Generic;
using System.Management.Automation;
using SyncMatch.Directory;
using SyncMatch.HardMatch;
using SyncMatch.Matching;
using SyncMatch.Native;
using SyncMatch.Text;

namespace SyncMatch.Commands;

/// <summary>Plans hard matches: which immutableId to stamp on which cloud user, and what stops it.</summary>
[Cmdlet(VerbsCommon.New, "HardMatchPlan")]
[OutputType(typeof(HardMatchPlanItem))]
public sealed class NewHardMatchPlanCommand : DeploymentCmdlet
{
    private const int PageSize = 4096;

    // The mapping rows, in input order: runs of objects read here (rows of cells), and exports
    // whose rows the core reads.
    private readonly List<object> segments = new();
    private RowBatch? run;
    private EntityReader? rowReader;
    private object?[] values = Array.Empty<object?>();
    private int refusal;

    /// <summary>A mapping row (CSV), a Get-ADUser object, or a Test-SoftMatch result.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The on-premises users the rows name (Get-ADUser output or CSV rows).</summary>
    [Parameter]
    // Not ValidateNotNull: that refuses the whole call for one $null element; a $null among the
    // users is that input's NullInput error (the parameter itself $null is refused below).
    public object?[]? OnPremisesUser { get; set; }

    /// <summary>The tenant's users, as Get-MgUser or Get-MsolUser return them.</summary>
    [Parameter(Mandatory = true)]
    [AllowEmptyCollection]
    public object?[] CloudUser { get; set; } = Array.Empty<object?>();

    /// <summary>Soft-deleted cloud users (Get-MgDirectoryDeletedItemAsUser): their immutableIds stay reserved.</summary>
    [Parameter]
    public object?[]? DeletedCloudUser { get; set; }

    /// <summary>What Get-MgDirectoryOnPremiseSynchronization returns: BlockCloudObjectTakeoverThroughHardMatchEnabled.</summary>
    [Parameter]
    [ValidateNotNull]
    public object? TenantSetting { get; set; }

    /// <summary>The tenant blocks cloud object takeover through hard match.</summary>
    [Parameter]
    public SwitchParameter BlockHardMatchTakeover { get; set; }

    /// <summary>Ids or UPNs of privileged role holders, assigned or eligible.</summary>
    [Parameter]
    [ValidateNotNull]
    public string[]? PrivilegedUser { get; set; }

    /// <summary>Federated domains: names, or Get-MgDomain objects (those with AuthenticationType Federated).</summary>
    [Parameter]
    [ValidateNotNull]
    public object?[]? FederatedDomain { get; set; }

    /// <summary>The tenant's verified domains (names, or Get-MgDomain objects): the UPN each user will have after the match is predicted with them, as Test-SoftMatch predicts it.</summary>
    [Parameter]
    [ValidateNotNull]
    public object?[]? VerifiedDomain { get; set; }

    /// <summary>Replace a different immutableId the target already holds (the old one is kept in the item).</summary>
    [Parameter]
    public SwitchParameter AllowReplace { get; set; }

    /// <summary>The deployment's source anchor: Auto, ConsistencyGuid, ObjectGUID, or a custom attribute's name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(SourceAnchorCompleter))]
    public string SourceAnchorAttribute { get; set; } = "Auto";

    /// <summary>ToCloud (stamp the cloud user) or ToOnPremises (the on-premises user takes the cloud immutableId).</summary>
    [Parameter]
    public HardMatchDirection Direction { get; set; } = HardMatchDirection.ToCloud;

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        RequireInput(nameof(InputObject), "mapping rows or Test-SoftMatch results");
        RefuseNullParameter(nameof(OnPremisesUser), OnPremisesUser);
        RefuseNullParameter(nameof(DeletedCloudUser), DeletedCloudUser);
        // A mapping row is read once, as a row and as the directory user it may be (a Get-ADUser
        // object names itself): the deployment's anchor attribute is read too.
        rowReader = UserReader(SourceAnchorAttribute).Reader.And(Entity.MappingRow);
        values = new object?[Schema.Current.FieldCount];
        refusal = Schema.Current.Field("Refusal");
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        foreach (object? item in InputItems(InputObject))
        {
            ReadRow(item);
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        (uint anchor, EntityReader userReader) = UserReader(SourceAnchorAttribute);
        bool blockTakeover = BlockHardMatchTakeover;
        // Get-MgDirectoryOnPremiseSynchronization's Id is the tenant's id: the write checks it.
        string? tenantId = TenantSetting is null ? null : PSObject.AsPSObject(TenantSetting is object[] { Length: 1 } one ? one[0]! : TenantSetting).Properties["Id"]?.Value?.ToString();
        if (TenantSetting is not null && !MyInvocation.BoundParameters.ContainsKey(nameof(BlockHardMatchTakeover)))
        {
            blockTakeover = ReadTenantSetting()?.BlockHardMatchTakeover ?? false;
        }
        var settings = new NativePlanSettings
        {
            AnchorAttribute = anchor,
            Direction = (uint)Direction,
            AllowReplace = AllowReplace ? 1u : 0u,
            BlockHardMatchTakeover = blockTakeover ? 1u : 0u,
        };
        using PlanSession session = PlanSession.Open(settings, CheckedParameter(PrivilegedUser, nameof(PrivilegedUser)), FederatedDomainNames(), VerifiedDomainNames(VerifiedDomain), userReader);
        using (var deployment = OpenDeployment(anchor))
        {
            session.SetDeployment(deployment.Handle);
        }
        // Exports are read by the core; objects are read here.
        string? anchorColumn = CustomAnchorColumn(anchor, SourceAnchorAttribute);
        AddCloud(session, CloudUser, deleted: false, nameof(CloudUser));
        AddCloud(session, DeletedCloudUser ?? Array.Empty<object?>(), deleted: true, nameof(DeletedCloudUser));
        if (!Array.Exists(CloudUser, item => AsExport(item) is not null))
        {
            WriteWarnings(session.Cloud.Warnings(InputSide.HardMatchCloud, nameof(CloudUser)));
        }
        // The directory users rows name: -OnPremisesUser, or else the rows that name themselves.
        if (OnPremisesUser is not null)
        {
            AddExports(session, OnPremisesUser, anchorColumn);
            object?[] users = WithoutExports(OnPremisesUser);
            foreach ((int position, Exception failure) in session.AddOnPremisesUsers(users))
            {
                WriteInputError(failure, users[position]);
            }
            if (users.Length > 0)
            {
                // Without mS-DS-ConsistencyGuid, Auto falls back to objectGUID: wrong for
                // ADMT-migrated users and earlier Connect installations.
                WriteWarnings(session.OnPremises.Warnings(anchor == (uint)SyncMatch.SourceAnchorAttribute.Auto ? InputSide.OnPremisesWithAnchors : InputSide.OnPremises, nameof(OnPremisesUser)));
            }
        }
        else
        {
            AddRows(session, ownRows: true, anchorColumn);
        }
        WarnMissingGuardRailInputs();
        AddRows(session, ownRows: false, anchorColumn);
        long total = session.Finish();
        var counts = new Dictionary<HardMatchAction, long>();
        for (long start = 0; start < total; start += PageSize)
        {
            List<HardMatchPlanItem> page = session.Items(start, PageSize);
            foreach (HardMatchPlanItem item in page)
            {
                item.TenantId = tenantId;
                counts[item.Action] = counts.GetValueOrDefault(item.Action) + 1;
            }
            WriteObject(page, enumerateCollection: true);
        }
        if (counts.GetValueOrDefault(HardMatchAction.Set) > 0)
        {
            // Said once: what else the join changes on every matched user (Existing tenant).
            WriteWarning("At each matched user's first synchronization its cloud values are replaced by the on-premises ones (\"you lose any values in Microsoft Entra ID not present in AD DS\"; LostAddresses lists the SMTP addresses), and with password hash synchronization the on-premises password replaces the cloud password.");
        }
        WriteVerbose($"Planned {total:N0} rows against {UserCount(CloudUser):N0} cloud users: Set {counts.GetValueOrDefault(HardMatchAction.Set):N0}, AlreadyMatched {counts.GetValueOrDefault(HardMatchAction.AlreadyMatched):N0}, Blocked {counts.GetValueOrDefault(HardMatchAction.Blocked):N0}.");
    }

    /// <summary>Reads one input as a mapping row (and, without -OnPremisesUser, as the directory user it may be).</summary>
    private void ReadRow(object? input)
    {
        run ??= NewRun();
        if ((input is PSObject wrapped ? wrapped.BaseObject : input) is MatchResult result)
        {
            // A Test-SoftMatch result carries the anchor and the cloud target.
            ResultRow.Add(run, result.Identity, result.CloudObjectId, result.ImmutableId);
            return;
        }
        if (columns is null && input is not null && MappingColumns.NamesOf(input) is { } names)
        {
            // The first row's columns, once: a file that names no user is one error, not a
            // TargetNotFound per row.
            columns = CheckColumns(names, input);
        }
        if (columns is { Count: > 0 } && input is not null && MappingColumns.HasColumns(input))
        {
            input = MappingColumns.Renamed(input, columns);
        }
        door ??= new InputDoor(
            "a mapping row",
            export =>
            {
                CheckColumns([.. export.Columns, .. export.IgnoredColumns], export);
                segments.Add(export);
                run = null;
            },
            row =>
            {
                long length = rowReader!.Read(row, values, out _, out _);
                run!.Add(values, length);
            },
            // Every input yields an item: a refused row is a Blocked one naming it.
            (_, rejected) =>
            {
                run!.AddCell(refusal, DisplayText.WellFormed(rejected.Message));
                run.EndRow();
            });
        Accept(input, door);
    }

    private InputDoor? door;

    /// <summary>A mapping's columns, or the one terminating error that says why they cannot be planned.</summary>
    private Dictionary<string, string> CheckColumns(IReadOnlyList<string> names, object source)
    {
        try
        {
            return MappingColumns.Check(names);
        }
        catch (NativeException unusable)
        {
            string what = source is DirectoryExport export ? export.Path : "The mapping rows";
            ThrowTerminatingError(new ErrorRecord(new PSArgumentException($"{what} cannot be planned: {unusable.Message}.", unusable), unusable.ErrorId, ErrorCategory.InvalidData, source));
            throw;
        }
    }

    /// <summary>The first row's columns that match only once trimmed, by the name the schema knows them by (null until checked).</summary>
    private Dictionary<string, string>? columns;

    private RowBatch NewRun()
    {
        var batch = new RowBatch();
        segments.Add(batch);
        return batch;
    }

    /// <summary>
    /// The pipeline's rows, in input order, to the plan: as the directory users they name
    /// (<paramref name="ownRows"/>), or as mapping rows. A row that cannot be read is an error
    /// (and, as a mapping row, a Blocked item).
    /// </summary>
    private void AddRows(PlanSession session, bool ownRows, string? anchorColumn)
    {
        foreach (object segment in segments)
        {
            List<NativeFailure> failures = segment switch
            {
                RowBatch rows when ownRows => session.AddOwnRows(rows),
                RowBatch rows => session.AddRows(rows),
                DirectoryExport export when ownRows => HasDeploymentColumns(export, anchorColumn) ? session.AddExport(export, ExportRole.OwnRows, anchorColumn) : new(),
                DirectoryExport export => session.AddExport(export, ExportRole.MappingRows),
                _ => new(),
            };
            foreach (NativeFailure failure in failures)
            {
                WriteError(failure.ToException().ToErrorRecord(segment as DirectoryExport));
            }
        }
    }

    private static object?[] WithoutExports(object?[] items) => Array.FindAll(items, item => AsExport(item) is null);

    private void AddExports(PlanSession session, object?[] items, string? anchorColumn)
    {
        foreach (object? item in items)
        {
            if (AsExport(item) is { } export && HasDeploymentColumns(export, anchorColumn))
            {
                foreach (NativeFailure failure in session.AddExport(export, ExportRole.OnPremisesUsers, anchorColumn))
                {
                    WriteError(failure.ToException().ToErrorRecord(export));
                }
            }
        }
    }

    /// <summary>
    /// Cloud users (or, <paramref name="deleted"/>, soft-deleted ones), in the order given: cloud
    /// exports read by the core, objects here; any other export is refused.
    /// </summary>
    private void AddCloud(PlanSession session, object?[] cloudUsers, bool deleted, string parameter)
    {
        foreach ((DirectoryExport? export, ArraySegment<object?> items, int offset) in ExportsAndRuns(cloudUsers))
        {
            if (export is null)
            {
                foreach ((int position, Exception why) in session.AddCloudUsers(items, deleted))
                {
                    WriteError(new ErrorRecord(
                        new PSArgumentException($"-{parameter} item {offset + position} is not a usable cloud user ({DisplayText.Escape(why.Message)}); it was left out."),
                        "InvalidCloudUser", ErrorCategory.InvalidArgument, items[position]));
                }
                continue;
            }
            if (!export.IsCloud)
            {
                WriteError(new ErrorRecord(
                    new PSArgumentException($"-{parameter}: {export.Path} is not a cloud export: it needs an Id (or ObjectId) column, as Get-MgUser | Export-Csv writes it. It was left out."),
                    "NotACloudExport", ErrorCategory.InvalidArgument, export));
                continue;
            }
            if (!deleted)
            {
                WriteWarnings(InputCompleteness.Warnings(export, InputSide.HardMatchCloud, parameter));
            }
            foreach (NativeFailure failure in session.AddExport(export, deleted ? ExportRole.DeletedCloudUsers : ExportRole.CloudUsers))
            {
                WriteError(new ErrorRecord(
                    new PSArgumentException($"{DisplayText.Escape(failure.Message)}: not a usable cloud user; it was left out."),
                    "InvalidCloudUser", ErrorCategory.InvalidArgument, export));
            }
        }
    }

    /// <summary>A guard rail whose input is missing is not checked: said once each, with the command that fetches it.</summary>
    private void WarnMissingGuardRailInputs()
    {
        if (PrivilegedUser is null)
        {
            WriteWarning("No -PrivilegedUser given: a target holding a privileged role (assigned or eligible) is not blocked, and since 2026 its hard match fails (PrivilegedTarget). Collect the role holders as the README shows and pass their ids or UPNs.");
        }
        if (DeletedCloudUser is null)
        {
            WriteWarning("No -DeletedCloudUser given: an anchor a soft-deleted user holds is not found, and the stamp would fail with \"Uniqueness violation. Property: SourceAnchor\" (AnchorHeldByDeletedUser). Pass Get-MgDirectoryDeletedItemAsUser -All -Property Id, UserPrincipalName, OnPremisesImmutableId.");
        }
        if (VerifiedDomain is null)
        {
            WriteWarning("No -VerifiedDomain given: the UPN each user will have after the match (PredictedUserPrincipalName, UpnChanges) is predicted as if every routable suffix were verified, and a .onmicrosoft.com UPN cannot be named. Pass Get-MgDomain.");
        }
        if (FederatedDomain is null)
        {
            WriteWarning("No -FederatedDomain given: a target whose UPN is on a federated domain is not blocked (FederatedDomain). Pass Get-MgDomain.");
        }
        if (TenantSetting is null && !MyInvocation.BoundParameters.ContainsKey(nameof(BlockHardMatchTakeover)))
        {
            WriteWarning("No -TenantSetting given: whether the tenant blocks takeover through hard match (BlockCloudObjectTakeoverThroughHardMatchEnabled) is not known, and every stamp would fail if it does (TakeoverBlocked). Pass Get-MgDirectoryOnPremiseSynchronization.");
        }
    }

    private TenantFeatures? ReadTenantSetting()
    {
        try
        {
            return TenantFeatures.Read(TenantSetting!);
        }
        catch (ArgumentException invalid)
        {
            ThrowTerminatingError(new ErrorRecord(invalid, "InvalidTenantSetting", ErrorCategory.InvalidArgument, TenantSetting));
            return null;
        }
    }

    /// <summary>Federated domain names: strings as given; Get-MgDomain objects whose AuthenticationType is Federated.</summary>
    private string[] FederatedDomainNames() =>
        DomainNames(FederatedDomain, nameof(FederatedDomain), "AuthenticationType",
            domain => string.Equals(domain.Properties["AuthenticationType"]?.Value?.ToString(), "Federated", StringComparison.OrdinalIgnoreCase));
}
