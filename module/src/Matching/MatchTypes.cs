// The public types Test-SoftMatch returns, and the JSON shape the native library sends them in.
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

/// <summary>A result's warnings; as text (Export-Csv), joined with " | ".</summary>
public sealed class MatchWarningList : ReadOnlyCollection<MatchWarning>
{
    internal MatchWarningList(IList<MatchWarning> warnings)
        : base(warnings)
    {
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(" | ", this);
}

/// <summary>The predicted outcome for one on-premises user (or, CloudOnly, one cloud user).</summary>
public sealed class MatchResult
{
    private static readonly MatchWarningList NoWarnings = new(Array.Empty<MatchWarning>());

    /// <summary>
    /// A result from its JSON, taking equal texts from <paramref name="known"/> (the strings the
    /// input objects already hold) so a million results do not keep a second copy of them.
    /// </summary>
    internal MatchResult(MatchResultJson json, IReadOnlyList<string?> known)
    {
        Identity = Reuse(json.Identity, known) ?? json.Identity;
        UserPrincipalName = Reuse(json.UserPrincipalName, known);
        ImmutableId = json.ImmutableId;
        MatchType = json.MatchType;
        Outcome = json.Outcome;
        Reason = json.Reason;
        CloudObjectId = Reuse(json.CloudObjectId, known);
        CloudUserPrincipalName = Reuse(json.CloudUserPrincipalName, known);
        PredictedUserPrincipalName = Reuse(json.PredictedUserPrincipalName, known);
        Warnings = json.Warnings is { Length: > 0 } warnings
            ? new MatchWarningList(warnings.Select(w => new MatchWarning(w.Code, DisplayText.Escape(w.Message))).ToList())
            : NoWarnings;
        Detail = DisplayText.Escape(json.Detail);
    }

    private static string? Reuse(string? text, IReadOnlyList<string?> known)
    {
        if (text is null)
        {
            return null;
        }
        foreach (string? candidate in known)
        {
            if (candidate is not null && string.Equals(candidate, text, StringComparison.Ordinal))
            {
                return candidate;
            }
        }
        return text;
    }

    /// <summary>The on-premises user: DN, else sAMAccountName, else UPN (the cloud UPN for CloudOnly).</summary>
    public string Identity { get; }

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

    /// <summary>The target, or the cloud user it collides with.</summary>
    public string? CloudObjectId { get; }

    /// <summary>That cloud user's UPN.</summary>
    public string? CloudUserPrincipalName { get; }

    /// <summary>The UPN the user will have in the cloud.</summary>
    public string? PredictedUserPrincipalName { get; }

    /// <summary>What does not change the outcome but will bite.</summary>
    public MatchWarningList Warnings { get; }

    /// <summary>One sentence for a ticket.</summary>
    public string Detail { get; }
}

/// <summary>A result as the native library sends it.</summary>
internal sealed class MatchResultJson
{
    public string Identity { get; set; } = "";
    public string? UserPrincipalName { get; set; }
    public string? ImmutableId { get; set; }
    public MatchType MatchType { get; set; }
    public MatchOutcome Outcome { get; set; }
    public MatchReason Reason { get; set; }
    public string? CloudObjectId { get; set; }
    public string? CloudUserPrincipalName { get; set; }
    public string? PredictedUserPrincipalName { get; set; }
    public MatchWarningJson[]? Warnings { get; set; }
    public string Detail { get; set; } = "";
    public uint? CloudIndex { get; set; }
    public string? Error { get; set; }
    public uint? ErrorStatus { get; set; }
}

/// <summary>A warning as the native library sends it.</summary>
internal sealed class MatchWarningJson
{
    public MatchWarningCode Code { get; set; }
    public string Message { get; set; } = "";
}

/// <summary>The JSON shapes the native library sends match results in (camelCase, enums as names).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(MatchResultJson[]))]
internal sealed partial class MatchJsonContext : JsonSerializerContext
{
}
