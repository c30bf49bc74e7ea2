// The public types Test-SoftMatch returns.
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Text.Json.Serialization;
using System;
using SyncMatch.Text;

namespace SyncMatch;

/// <summary>The rule that selects the target.</summary>
public enum MatchType
{
    /// <summary>The immutableId equals the cloud user's.</summary>
    Hard,
    /// <summary>The primary SMTP address equals the cloud user's.</summary>
    SoftSmtp,
    /// <summary>The UPN equals the cloud user's.</summary>
    SoftUpn,
    /// <summary>Nothing selects a target.</summary>
    None,
}

/// <summary>What a directory object is: objects of different types never join.</summary>
public enum ObjectType
{
    /// <summary>A user (also what an object without a type is read as).</summary>
    User,
    /// <summary>A group.</summary>
    Group,
    /// <summary>A contact.</summary>
    Contact,
}

/// <summary>What happens to the user at its first synchronization.</summary>
public enum MatchOutcome
{
    /// <summary>Joined to the cloud user in CloudObjectId.</summary>
    Join,
    /// <summary>A new cloud user is created; nothing collides.</summary>
    Create,
    /// <summary>A new cloud user is created although an existing one matches it: a duplicate account.</summary>
    Duplicate,
    /// <summary>Synchronization reports an error for it.</summary>
    Error,
    /// <summary>Entra Connect does not synchronize it by default.</summary>
    Skipped,
    /// <summary>(A cloud user, with -IncludeUnmatchedCloud) no on-premises user joins it.</summary>
    CloudOnly,
    /// <summary>Its anchor is a soft-deleted cloud user's: the first export restores that user.</summary>
    Restore,
}

/// <summary>Why: one stable code.</summary>
public enum MatchReason
{
    /// <summary>Hard match on the immutableId.</summary>
    HardMatch,
    /// <summary>Soft match on the primary SMTP address.</summary>
    SoftMatchSmtp,
    /// <summary>Soft match on the UPN.</summary>
    SoftMatchUpn,
    /// <summary>No cloud user matches.</summary>
    NoMatch,
    /// <summary>The match already has an immutableId or is synchronized (InvalidSoftMatch).</summary>
    TargetAnchored,
    /// <summary>The soft-match target holds an admin role.</summary>
    AdminRoleConflict,
    /// <summary>The tenant blocks soft matching.</summary>
    SoftMatchBlocked,
    /// <summary>Hard-match takeover of a cloud-managed user is blocked.</summary>
    HardMatchBlocked,
    /// <summary>The match is a group or contact.</summary>
    ObjectTypeMismatch,
    /// <summary>Another cloud user holds this user's on-premises SID.</summary>
    SecurityIdentifierConflict,
    /// <summary>Another on-premises user targets the same cloud user.</summary>
    DuplicateOnPremises,
    /// <summary>Not synchronized by default.</summary>
    OutOfScope,
    /// <summary>A soft-deleted cloud user holds the anchor: it is restored.</summary>
    RestoresDeletedUser,
    /// <summary>A cloud group holds one of the user's addresses: a ProxyAddress conflict every cycle.</summary>
    GroupAddressConflict,
    /// <summary>The input could not be predicted; its error record says why.</summary>
    InvalidInput,
    /// <summary>Another on-premises object has the same source anchor: the one synchronized second fails.</summary>
    DuplicateAnchor,
    /// <summary>The hard-match target's onPremisesObjectIdentifier is set: the match is blocked (security hardening, July 2026).</summary>
    ObjectIdentifierSet,
    /// <summary>A contact with an on-premises user's address (GALSync): it joins that user in the metaverse, no contact of its own.</summary>
    ContactJoinsUser,
    /// <summary>The deployment joins users across forests and an earlier user has this one's join value: one person, synchronized as that user.</summary>
    JoinsPerson,
}

/// <summary>What does not change the outcome but will bite.</summary>
public enum MatchWarningCode
{
    /// <summary>The UPN suffix is not verified: the cloud UPN becomes MailNickName@initial domain.</summary>
    UnverifiedUpnSuffix,
    /// <summary>The UPN is another cloud user's: it will be replaced.</summary>
    UpnConflict,
    /// <summary>An address is another cloud user's: it will be dropped.</summary>
    AddressConflict,
    /// <summary>A created user resembles an existing cloud user.</summary>
    PossibleDuplicate,
    /// <summary>The UPN is invalid: the cloud UPN becomes MailNickName@initial domain.</summary>
    InvalidUpn,
    /// <summary>The user has no UPN: Entra Connect sends sAMAccountName@its domain.</summary>
    UpnFromSamAccountName,
    /// <summary>Another on-premises user in the same run holds the same UPN or address.</summary>
    OnPremisesConflict,
    /// <summary>Under the ConsistencyGuid source anchor, mS-DS-ConsistencyGuid is empty: Entra Connect writes the objectGUID into it before the first export.</summary>
    ConsistencyGuidWrittenBack,
    /// <summary>SynchronizeUpnForManagedUsers is off: the joined cloud user keeps its UPN.</summary>
    UpnNotSynchronized,
    /// <summary>A custom source anchor's value repeats one of the object's names (Design concepts: it should not be based on the user's name).</summary>
    AnchorFromName,
    /// <summary>Under Cloud Sync, a group with more than 50,000 members: its membership will not be complete.</summary>
    GroupOverCloudSyncLimit,
    /// <summary>Later users join this one across forests (the deployment's forest join): one person, synchronized as this object.</summary>
    JoinedAcrossForests,
}

/// <summary>One warning.</summary>
public sealed class MatchWarning
{
    internal MatchWarning(MatchWarningCode code, string message)
    {
        Code = code;
        Message = message;
    }

    /// <summary>The stable code.</summary>
    public MatchWarningCode Code { get; }

    /// <summary>What happens, in plain words.</summary>
    public string Message { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>A result's warnings; as text (Export-Csv), joined with "; " like every list SyncMatch writes.</summary>
public sealed class MatchWarningList : ReadOnlyCollection<MatchWarning>
{
    internal MatchWarningList(IList<MatchWarning> warnings)
        : base(warnings)
    {
    }

    /// <inheritdoc/>
    public override string ToString() => Text.ListText.Join(this);
}

/// <summary>The predicted outcome for one on-premises user (or, CloudOnly, one cloud user).</summary>
public sealed class MatchResult
{
    internal static readonly MatchWarningList NoWarnings = new(Array.Empty<MatchWarning>());

    // Detail stays the UTF-8 the core wrote (in its page, shared by the page's results) until it
    // is read: a million results do not make a million sentences nobody looks at.
    private readonly byte[] page;
    private readonly int detailStart;
    private readonly int detailLength;
    private string? detail;

    internal MatchResult(in Matching.MatchRecord record, byte[] page)
    {
        Identity = record.Identity;
        ObjectType = record.ObjectType;
        HardMatchCandidate = record.HardMatchCandidate;
        UserPrincipalName = record.UserPrincipalName;
        ImmutableId = record.ImmutableId;
        MatchType = record.MatchType;
        Outcome = record.Outcome;
        Reason = record.Reason;
        CloudObjectId = record.CloudObjectId;
        CloudUserPrincipalName = record.CloudUserPrincipalName;
        PredictedUserPrincipalName = record.PredictedUserPrincipalName;
        Warnings = record.Warnings;
        this.page = page;
        detailStart = record.DetailStart;
        detailLength = record.DetailLength;
    }

    /// <summary>The on-premises user: DN, else sAMAccountName, else UPN (the cloud UPN for CloudOnly).</summary>
    public string Identity { get; }

    /// <summary>User, Group or Contact (for CloudOnly, the cloud object's).</summary>
    public ObjectType ObjectType { get; }

    /// <summary>The on-premises UPN.</summary>
    public string? UserPrincipalName { get; }

    /// <summary>The user's source anchor as an immutableId.</summary>
    public string? ImmutableId { get; }

    /// <summary>The rule that selects the target.</summary>
    public MatchType MatchType { get; }

    /// <summary>Join, Create, Duplicate, Error, Skipped or CloudOnly.</summary>
    public MatchOutcome Outcome { get; }

    /// <summary>Why, as one stable code.</summary>
    public MatchReason Reason { get; }

    /// <summary>
    /// Whether a hard match is what fixes this result: a user duplicated beside a known cloud user
    /// (CloudObjectId), or created although it resembles one (warning PossibleDuplicate). The
    /// core's rule; Invoke-SyncAssessment plans these.
    /// </summary>
    public bool HardMatchCandidate { get; }

    /// <summary>The target, or the cloud user it collides with.</summary>
    public string? CloudObjectId { get; }

    /// <summary>That cloud user's UPN.</summary>
    public string? CloudUserPrincipalName { get; }

    /// <summary>The UPN the user will have in the cloud.</summary>
    public string? PredictedUserPrincipalName { get; }

    /// <summary>What does not change the outcome but will bite.</summary>
    public MatchWarningList Warnings { get; }

    /// <summary>One sentence for a ticket.</summary>
    public string Detail => detail ??= DisplayText.Escape(System.Text.Encoding.UTF8.GetString(page, detailStart, detailLength));
}

