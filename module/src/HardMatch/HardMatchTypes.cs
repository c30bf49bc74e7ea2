// Folder HardMatch/: the hard-match plan (a native session over cloud users, directory users and
// mapping rows) and the public types it returns. It imports Directory/, Native/ and Text/.
//
// The public types New-HardMatchPlan returns, and the JSON shape the native library sends them in.
using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Text.Json.Serialization;
using SyncMatch.Text;

namespace SyncMatch;

/// <summary>Which side takes the other's anchor. Values equal the header's SyncMatchDirection.</summary>
public enum HardMatchDirection
{
    /// <summary>The cloud user is stamped with the on-premises anchor (onPremisesImmutableId).</summary>
    ToCloud = 0,

    /// <summary>The on-premises user takes the cloud user's immutableId in mS-DS-ConsistencyGuid.</summary>
    ToOnPremises = 1,
}

/// <summary>What Invoke-HardMatchPlan does with an item.</summary>
public enum HardMatchAction
{
    /// <summary>Write the anchor.</summary>
    Set,
    /// <summary>The target already holds the anchor: nothing to write.</summary>
    AlreadyMatched,
    /// <summary>A guard rail stops it; Reason says which.</summary>
    Blocked,
}

/// <summary>Why, as one stable code.</summary>
public enum HardMatchReason
{
    /// <summary>Every guard rail holds.</summary>
    Ready,
    /// <summary>-AllowReplace: the target's different immutableId is replaced.</summary>
    ReplaceImmutableId,
    /// <summary>The target already holds the anchor.</summary>
    AlreadyMatched,
    /// <summary>No on-premises user matches the row's key.</summary>
    OnPremisesUserNotFound,
    /// <summary>The default sync rules leave the on-premises user out.</summary>
    OnPremisesUserOutOfScope,
    /// <summary>The on-premises user's source anchor cannot be read.</summary>
    InvalidAnchor,
    /// <summary>No cloud user matches the row's cloud key.</summary>
    TargetNotFound,
    /// <summary>The target is soft-deleted.</summary>
    TargetDeleted,
    /// <summary>The target is still synchronized: never overridable.</summary>
    TargetSynchronized,
    /// <summary>The target holds another immutableId (without -AllowReplace).</summary>
    TargetHasImmutableId,
    /// <summary>A synchronized duplicate of this user holds the anchor ("Synced from AD").</summary>
    AnchorHeldBySyncedDuplicate,
    /// <summary>Another cloud user holds the anchor.</summary>
    AnchorHeldByCloudUser,
    /// <summary>A soft-deleted user holds the anchor.</summary>
    AnchorHeldByDeletedUser,
    /// <summary>Another row stamps the same target.</summary>
    DuplicateTarget,
    /// <summary>The same anchor goes to another target too.</summary>
    DuplicateAnchor,
    /// <summary>The target holds a privileged role (assigned or eligible).</summary>
    PrivilegedTarget,
    /// <summary>The target's UPN is on a federated domain.</summary>
    FederatedDomain,
    /// <summary>The target's onPremisesObjectIdentifier is set (2026 hardening).</summary>
    ObjectIdentifierSet,
    /// <summary>The tenant blocks cloud object takeover through hard match.</summary>
    TakeoverBlocked,
    /// <summary>ToOnPremises: the cloud immutableId is not a GUID anchor.</summary>
    AnchorNotGuid,
    /// <summary>ToOnPremises: the deployment anchors on objectGUID, which cannot be written.</summary>
    ObjectGuidDeployment,
    /// <summary>ToOnPremises: the cloud user has no immutableId.</summary>
    TargetHasNoImmutableId,
    /// <summary>The row's key names more than one on-premises user (OtherOnPremisesUsers names them).</summary>
    AmbiguousOnPremisesKey,
    /// <summary>The row maps to a cloud group or contact: onPremisesImmutableId exists on users only.</summary>
    NotAUser,
    /// <summary>-AllowReplace: the immutableId replaced is another in-scope on-premises user's anchor.</summary>
    PreviousAnchorInUse,
    /// <summary>ToOnPremises: another on-premises object already carries the anchor.</summary>
    AnchorHeldOnPremises,
    /// <summary>ToOnPremises: the user's mS-DS-ConsistencyGuid already holds another value (without -AllowReplace).</summary>
    UserHasConsistencyGuid,
    /// <summary>ToOnPremises: the user is already synchronized; changing its anchor fails its next export.</summary>
    UserAlreadySynchronized,
}

/// <summary>What does not block but will bite after the match.</summary>
public enum HardMatchWarningCode
{
    /// <summary>The cloud user has a mailbox, the on-premises user is no remote mailbox: Enable-RemoteMailbox, then Set-RemoteMailbox -ExchangeGuid.</summary>
    MailboxNotRemote,
    /// <summary>The on-premises user has a mailbox in Exchange on-premises, the cloud user one in Exchange Online.</summary>
    MailboxOnBothSides,
    /// <summary>After the match the cloud UPN becomes another (PredictedUserPrincipalName): the on-premises one, or the .onmicrosoft.com one.</summary>
    UpnChanges,
    /// <summary>The cloud user has SMTP addresses the on-premises user lacks: the join removes them (LostAddresses).</summary>
    AddressesLost,
    /// <summary>The on-premises user's own primary SMTP address or UPN soft-matches another cloud user than the row names: a swapped row?</summary>
    SoftMatchesOtherUser,
    /// <summary>A value of the on-premises user could not be read: it was planned on the others.</summary>
    ValueUnreadable,
}

/// <summary>One warning on an item.</summary>
public sealed class HardMatchWarning
{
    internal HardMatchWarning(HardMatchWarningCode code, string message)
    {
        Code = code;
        Message = message;
    }

    /// <summary>The stable code.</summary>
    public HardMatchWarningCode Code { get; }

    /// <summary>What happens, in plain words.</summary>
    public string Message { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>An item's warnings; as text (Export-Csv), joined with "; " like every list SyncMatch writes.</summary>
public sealed class HardMatchWarningList : ReadOnlyCollection<HardMatchWarning>
{
    internal HardMatchWarningList(IList<HardMatchWarning> warnings)
        : base(warnings)
    {
    }

    /// <inheritdoc/>
    public override string ToString() => Text.ListText.Join(this);
}

/// <summary>Names or addresses an item lists; as text (Export-Csv), joined with "; " like every list SyncMatch writes.</summary>
public sealed class HardMatchNameList : ReadOnlyCollection<string>
{
    internal HardMatchNameList(IList<string> names)
        : base(names)
    {
    }

    /// <summary>The list naming nothing (shared: a read-only collection).</summary>
    internal static HardMatchNameList Nothing { get; } = new(Array.Empty<string>());

    /// <inheritdoc/>
    public override string ToString() => Text.ListText.Join(this);
}

/// <summary>One stamp to make (or not, and why): an on-premises user's anchor and its cloud user.</summary>
public sealed class HardMatchPlanItem
{
    internal HardMatchPlanItem(PlanItemJson json, HardMatchDirection direction)
    {
        Identity = json.Identity;
        SamAccountName = json.SamAccountName;
        OnPremisesUserPrincipalName = json.OnPremisesUserPrincipalName;
        ImmutableId = json.ImmutableId;
        CloudUserId = json.CloudUserId;
        CloudUserPrincipalName = json.CloudUserPrincipalName;
        PreviousImmutableId = json.PreviousImmutableId;
        Action = json.Action;
        Reason = json.Reason;
        Detail = DisplayText.Escape(json.Detail);
        Warnings = new HardMatchWarningList((json.Warnings ?? Array.Empty<PlanWarningJson>()).Select(w => new HardMatchWarning(w.Code, DisplayText.Escape(w.Message))).ToList());
        Direction = direction;
        ConsistencyGuid = json.ConsistencyGuid is { } bytes ? Convert.FromBase64String(bytes) : null;
        OnPremisesDomain = json.OnPremisesDomain;
        // Most items name nobody: one shared empty list, not two allocations an item.
        OtherOnPremisesUsers = json.OnPremisesOthers is { Length: > 0 } others ? new HardMatchNameList(others) : HardMatchNameList.Nothing;
        LostAddresses = json.LostAddresses is { Length: > 0 } lost ? new HardMatchNameList(lost) : HardMatchNameList.Nothing;
        PredictedUserPrincipalName = json.PredictedUserPrincipalName;
    }

    /// <summary>The on-premises user: DN, else sAMAccountName, else UPN (or the row's own key).</summary>
    public string Identity { get; }

    /// <summary>The on-premises sAMAccountName.</summary>
    public string? SamAccountName { get; }

    /// <summary>The on-premises UPN (compare it with CloudUserPrincipalName to catch a wrong mapping).</summary>
    public string? OnPremisesUserPrincipalName { get; }

    /// <summary>The anchor to stamp, as an immutableId.</summary>
    public string? ImmutableId { get; }

    /// <summary>The target's id.</summary>
    public string? CloudUserId { get; }

    /// <summary>The target's UPN.</summary>
    public string? CloudUserPrincipalName { get; }

    /// <summary>The target's immutableId now (restored by Undo-HardMatchPlan).</summary>
    public string? PreviousImmutableId { get; }

    /// <summary>Set, AlreadyMatched or Blocked.</summary>
    public HardMatchAction Action { get; }

    /// <summary>Why, as one stable code.</summary>
    public HardMatchReason Reason { get; }

    /// <summary>One sentence: what happens, or why not and what to do.</summary>
    public string Detail { get; }

    /// <summary>What does not block but will bite.</summary>
    public HardMatchWarningList Warnings { get; }

    /// <summary>Which side takes the other's anchor.</summary>
    public HardMatchDirection Direction { get; }

    /// <summary>ToOnPremises: the 16 bytes for mS-DS-ConsistencyGuid (Set-ADUser -Replace @{'mS-DS-ConsistencyGuid' = $_.ConsistencyGuid}).</summary>
    public byte[]? ConsistencyGuid { get; }

    /// <summary>The on-premises user's domain, from its DN (Set-ADUser -Server for a user in another domain).</summary>
    public string? OnPremisesDomain { get; }

    /// <summary>The on-premises users the Reason names: those an ambiguous key matches, or the one whose anchor is in the way.</summary>
    public HardMatchNameList OtherOnPremisesUsers { get; }

    /// <summary>The cloud user's SMTP addresses the on-premises user lacks: the join removes them; add them to proxyAddresses first.</summary>
    public HardMatchNameList LostAddresses { get; }

    /// <summary>The UPN the cloud user will have after the match (Test-SoftMatch's rule: the on-premises UPN when its suffix is verified, else the .onmicrosoft.com one); empty when the tenant's initial domain is not known (-VerifiedDomain).</summary>
    public string? PredictedUserPrincipalName { get; }

    /// <summary>Update-MgUser's -UserId: the target's id.</summary>
    public string? UserId => CloudUserId;

    /// <summary>Update-MgUser's -OnPremisesImmutableId: the anchor to stamp.</summary>
    public string? OnPremisesImmutableId => ImmutableId;

    /// <summary>The retired Set-MsolUser's -UserPrincipalName: the cloud UPN (never the on-premises one).</summary>
    public string? UserPrincipalName => CloudUserPrincipalName;

    /// <summary>The tenant the plan was made for (the Id of -TenantSetting), when known: Invoke-HardMatchPlan refuses another.</summary>
    public string? TenantId { get; internal set; }
}

/// <summary>An item as the native library sends it.</summary>
internal sealed class PlanItemJson
{
    public string Identity { get; set; } = "";
    public string? SamAccountName { get; set; }
    public string? OnPremisesUserPrincipalName { get; set; }
    public string? ImmutableId { get; set; }
    public string? CloudUserId { get; set; }
    public string? CloudUserPrincipalName { get; set; }
    public string? PreviousImmutableId { get; set; }
    public HardMatchAction Action { get; set; }
    public HardMatchReason Reason { get; set; }
    public string Detail { get; set; } = "";
    public PlanWarningJson[]? Warnings { get; set; }
    public string? ConsistencyGuid { get; set; }
    public string? OnPremisesDomain { get; set; }
    public string[]? OnPremisesOthers { get; set; }
    public string[]? LostAddresses { get; set; }
    public string? PredictedUserPrincipalName { get; set; }
}

/// <summary>A warning as the native library sends it.</summary>
internal sealed class PlanWarningJson
{
    public HardMatchWarningCode Code { get; set; }
    public string Message { get; set; } = "";
}

/// <summary>The JSON shapes of the plan (camelCase, enums as names).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(PlanItemJson[]))]
[JsonSerializable(typeof(string[][]))]
internal sealed partial class HardMatchJsonContext : JsonSerializerContext
{
}

/// <summary>What a write did with one item.</summary>
public enum HardMatchState
{
    /// <summary>Written, and read back equal (or an earlier run's write, settled by re-reading).</summary>
    Set,
    /// <summary>The target already held the anchor (in the plan, or found so live, or by an earlier run of the journal).</summary>
    AlreadyMatched,
    /// <summary>A guard rail stops it (in the plan, or when re-checked against the live tenant).</summary>
    Blocked,
    /// <summary>Not written: -WhatIf, or declined at the prompt.</summary>
    Skipped,
    /// <summary>Graph refused or failed; Code and Detail say why.</summary>
    Failed,
    /// <summary>Undo: the previous value is back.</summary>
    Restored,
    /// <summary>Undo: the value changed since the run wrote it, so it was left alone (or a write found another writer's value).</summary>
    Changed,
    /// <summary>Sent, but its outcome was not seen (a timeout, a 5xx, a read-back that does not show it yet); -Resume or Undo settles it by re-reading.</summary>
    Unknown,
    /// <summary>-Resume: Undo-HardMatchPlan reverted this write; it is not stamped again (a new run does, on purpose).</summary>
    Undone,
}

/// <summary>The final state of one item of a write or an undo.</summary>
public sealed class HardMatchResult
{
    internal HardMatchResult(string identity, string? userId, string? userPrincipalName, string? immutableId, string? previousImmutableId, HardMatchState state, string? code, string detail, string? journalPath)
    {
        Identity = identity;
        UserId = userId;
        UserPrincipalName = userPrincipalName;
        ImmutableId = immutableId;
        PreviousImmutableId = previousImmutableId;
        State = state;
        Code = code;
        Detail = DisplayText.Escape(detail);
        JournalPath = journalPath;
    }

    /// <summary>The on-premises user (or, for an undo, the cloud user).</summary>
    public string Identity { get; }

    /// <summary>The cloud user's id.</summary>
    public string? UserId { get; }

    /// <summary>The cloud user's UPN.</summary>
    public string? UserPrincipalName { get; }

    /// <summary>The immutableId written (for an undo: the one restored).</summary>
    public string? ImmutableId { get; }

    /// <summary>The value before.</summary>
    public string? PreviousImmutableId { get; }

    /// <summary>What happened.</summary>
    public HardMatchState State { get; }

    /// <summary>The plan's Reason, the guard rail's on a live re-check, or Graph's error code.</summary>
    public string? Code { get; }

    /// <summary>One sentence.</summary>
    public string Detail { get; }

    /// <summary>The journal the run wrote; null when none was (-WhatIf).</summary>
    public string? JournalPath { get; }
}
