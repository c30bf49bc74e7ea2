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
public sealed class NewHardMatchPlanCommand : SyncMatchCmdlet
{
    private const int PageSize = 4096;

    private enum RowField
    {
        ObjectGuid,
        DistinguishedName,
        SamAccountName,
        OnPremisesUserPrincipalName,
        Username,
        ADUser,
        CloudUserId,
        CloudUserPrincipalName,
        O365User,
        Cloud365User,
        UserPrincipalName,
        ConsistencyGuid,
    }

    // A row's keys by name. UserPrincipalName is the cloud UPN only in a mapping row without another
    // cloud key and without ObjectGUID: a Get-ADUser object's UserPrincipalName is the on-premises one.
    private static readonly PropertyTable RowTable = new(
        (int)RowField.ConsistencyGuid + 1,
        ("ObjectGUID", (int)RowField.ObjectGuid),
        ("DistinguishedName", (int)RowField.DistinguishedName),
        ("SamAccountName", (int)RowField.SamAccountName),
        ("OnPremisesUserPrincipalName", (int)RowField.OnPremisesUserPrincipalName),
        ("Username", (int)RowField.Username),
        ("ADUser", (int)RowField.ADUser),
        ("CloudUserId", (int)RowField.CloudUserId),
        ("CloudUserPrincipalName", (int)RowField.CloudUserPrincipalName),
        ("O365User", (int)RowField.O365User),
        ("365User", (int)RowField.Cloud365User),
        ("UserPrincipalName", (int)RowField.UserPrincipalName),
        ("mS-DS-ConsistencyGuid", (int)RowField.ConsistencyGuid));

    private readonly List<MappingRow> rows = new();
    private readonly List<object?> inlineUsers = new();
    private readonly object?[] rowFields = new object?[RowTable.FieldCount];

    /// <summary>A mapping row (CSV), a Get-ADUser object, or a Test-SoftMatch result.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    /// <summary>The on-premises users the rows name (Get-ADUser output or CSV rows).</summary>
    [Parameter]
    [ValidateNotNull]
    public object?[]? OnPremisesUser { get; set; }

    /// <summary>The tenant's users, as Get-MgUser or Get-MsolUser return them.</summary>
    [Parameter(Mandatory = true)]
    [AllowEmptyCollection]
    public object?[] CloudUser { get; set; } = Array.Empty<object?>();

    /// <summary>Soft-deleted cloud users (Get-MgDirectoryDeletedItemAsUser): their immutableIds stay reserved.</summary>
    [Parameter]
    [ValidateNotNull]
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
        (uint anchor, PropertyTable userTable) = SourceAnchorSetting(SourceAnchorAttribute);
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
        using PlanSession session = PlanSession.Open(settings, CheckedParameter(PrivilegedUser, nameof(PrivilegedUser)), FederatedDomainNames(), userTable);
        // Exports are read by the core; objects are read here.
        string? anchorColumn = CustomAnchorColumn(anchor, SourceAnchorAttribute);
        AddCloud(session, CloudUser, deleted: false, nameof(CloudUser));
        AddCloud(session, DeletedCloudUser ?? Array.Empty<object?>(), deleted: true, nameof(DeletedCloudUser));
        IEnumerable<string> cloudWarnings = Array.Exists(CloudUser, item => AsExport(item) is not null)
            ? Array.Empty<string>()
            : CloudUserReader.InputWarnings(session.Cloud, nameof(CloudUser), addresses: false);
        foreach (string warning in cloudWarnings)
        {
            WriteWarning(warning);
        }
        AddExports(session, OnPremisesUser ?? Array.Empty<object?>(), anchorColumn);
        object?[] users = OnPremisesUser is null ? inlineUsers.ToArray() : WithoutExports(OnPremisesUser);
        foreach ((int position, Exception failure) in session.AddOnPremisesUsers(users))
        {
            WriteInputError(failure, users[position]);
        }
        session.AddRows(rows);
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
        WriteVerbose($"Planned {total:N0} rows against {CloudUser.Length:N0} cloud users: Set {counts.GetValueOrDefault(HardMatchAction.Set):N0}, AlreadyMatched {counts.GetValueOrDefault(HardMatchAction.AlreadyMatched):N0}, Blocked {counts.GetValueOrDefault(HardMatchAction.Blocked):N0}.");
    }

    /// <summary>Reads one input into a mapping row (and, for a directory object without -OnPremisesUser, the user itself).</summary>
    private void ReadRow(object? input)
    {
        if (input is null)
        {
            WriteError(new ErrorRecord(
                new PSArgumentNullException(nameof(input), "A null input is not a mapping row; it was skipped."),
                "NullInput", ErrorCategory.InvalidArgument, null));
            return;
        }
        object value = input is PSObject wrapped ? wrapped.BaseObject : input;
        if (value is MatchResult result)
        {
            // A Test-SoftMatch result carries the anchor and the cloud target.
            rows.Add(new MappingRow(result.Identity, OnPremKeyKind.DistinguishedName, result.CloudObjectId, CloudKeyKind.Id, result.ImmutableId, result.Identity));
            return;
        }
        try
        {
            InputShapes.RequireObject(input, "a mapping row");
            RowTable.Read(input, rowFields);
            for (int i = 0; i < rowFields.Length; i++)
            {
                rowFields[i] = i == (int)RowField.ObjectGuid || i == (int)RowField.ConsistencyGuid
                    ? AnchorSource.NormalizeValue(rowFields[i])
                    : PropertyTable.Text(rowFields[i]);
            }
        }
        catch (InputRejectedException rejected)
        {
            WriteError(rejected.ToErrorRecord(input));
            rows.Add(new MappingRow(null, OnPremKeyKind.Any, null, CloudKeyKind.Any, null, $"(row {rows.Count + 1:N0}: {DisplayText.WellFormed(rejected.Message)})"));
            return;
        }
        string? Text(RowField field) => rowFields[(int)field] as string is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? text : null;
        bool hasGuid = rowFields[(int)RowField.ObjectGuid] is not null;
        (string? onPremKey, OnPremKeyKind onPremKind) = hasGuid
            ? (GuidText(rowFields[(int)RowField.ObjectGuid]), OnPremKeyKind.ObjectGuid)
            : Text(RowField.DistinguishedName) is { } dn ? (dn, OnPremKeyKind.DistinguishedName)
            : Text(RowField.SamAccountName) is { } sam ? (sam, OnPremKeyKind.SamAccountName)
            : Text(RowField.OnPremisesUserPrincipalName) is { } onPremUpn ? (onPremUpn, OnPremKeyKind.UserPrincipalName)
            : (Text(RowField.Username) ?? Text(RowField.ADUser), OnPremKeyKind.Any);
        (string? cloudKey, CloudKeyKind cloudKind) = Text(RowField.CloudUserId) is { } id ? (id, CloudKeyKind.Id)
            : Text(RowField.CloudUserPrincipalName) is { } cloudUpn ? (cloudUpn, CloudKeyKind.UserPrincipalName)
            : (Text(RowField.O365User) ?? Text(RowField.Cloud365User)) is { } any ? (any, CloudKeyKind.Any)
            : !hasGuid && Text(RowField.UserPrincipalName) is { } upn ? (upn, CloudKeyKind.UserPrincipalName)
            : (null, CloudKeyKind.Any);
        if (hasGuid && OnPremisesUser is null)
        {
            // The row is a directory user (Get-ADUser output, an AD export row): it names itself.
            inlineUsers.Add(input);
        }
        rows.Add(new MappingRow(onPremKey, onPremKind, cloudKey, cloudKind, null, onPremKey));
    }

    /// <summary>An objectGUID as text the native side reads in any spelling.</summary>
    private static string? GuidText(object? value) => value switch
    {
        Guid guid => guid.ToString(),
        byte[] { Length: 16 } bytes => new Guid(bytes).ToString(),
        string text => text,
        _ => null,
    };

    private static object?[] WithoutExports(object?[] items) => Array.FindAll(items, item => AsExport(item) is null);

    private void AddExports(PlanSession session, object?[] items, string? anchorColumn)
    {
        foreach (object? item in items)
        {
            if (AsExport(item) is { } export && HasAnchorColumn(export, anchorColumn))
            {
                foreach (NativeException failure in session.AddExport(export, anchorColumn))
                {
                    WriteError(failure.ToErrorRecord(export));
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
        foreach ((DirectoryExport? export, ArraySegment<object?> run, int offset) in ExportsAndRuns(cloudUsers))
        {
            if (export is null)
            {
                foreach ((int position, string why) in session.AddCloudUsers(run, deleted))
                {
                    WriteError(new ErrorRecord(
                        new PSArgumentException($"-{parameter} item {offset + position} is not a usable cloud user ({DisplayText.Escape(why)}); it was left out."),
                        "InvalidCloudUser", ErrorCategory.InvalidArgument, run[position]));
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
            foreach (NativeException failure in session.AddExport(export, anchorColumn: null, deleted))
            {
                WriteError(failure.ToErrorRecord(export));
            }
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
