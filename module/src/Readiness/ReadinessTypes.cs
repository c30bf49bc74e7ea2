// The public types Test-SyncReadiness returns (read from the native pages by Readiness/FindingPage).
using System.Collections.Generic;
using System.Collections.ObjectModel;
using SyncMatch.Text;

namespace SyncMatch;

/// <summary>The rule a finding breaks.</summary>
public enum FindingRule
{
    /// <summary>A present value is blank.</summary>
    Blank,
    /// <summary>Too long.</summary>
    Length,
    /// <summary>Holds characters the attribute may not hold.</summary>
    Character,
    /// <summary>Not of the required form.</summary>
    Format,
    /// <summary>The domain's top-level domain is not routable.</summary>
    TopLevelDomain,
    /// <summary>The part after the @ is wrong.</summary>
    DomainPart,
    /// <summary>The part before the @ is wrong.</summary>
    LocalPart,
    /// <summary>The UPN suffix is not a verified domain of the tenant.</summary>
    UnverifiedDomain,
    /// <summary>Another object holds the same value.</summary>
    Duplicate,
    /// <summary>Entra Connect does not synchronize the object by default.</summary>
    OutOfScope,
    /// <summary>The deployment's forest join makes the object one person with others.</summary>
    JoinedAcrossForests,
}

/// <summary>Error: synchronization fails or the value is dropped or replaced. Warning: it synchronizes, but not as expected.</summary>
public enum FindingSeverity
{
    /// <summary>Synchronization fails, or the value is dropped or replaced.</summary>
    Error,
    /// <summary>It synchronizes, but not as the admin expects.</summary>
    Warning,
}

/// <summary>The objects and attributes a duplicate collides with; as text (Export-Csv), joined with "; ".</summary>
public sealed class ConflictList : ReadOnlyCollection<string>
{
    internal ConflictList(IList<string> conflicts)
        : base(conflicts)
    {
    }

    /// <inheritdoc/>
    public override string ToString() => Text.ListText.Join(this);
}

/// <summary>
/// Every holder of one duplicated value, listed once and shared by all the findings about it: a
/// value held by k objects costs k findings of bounded size plus this one list of k.
/// </summary>
public sealed class DuplicateGroup
{
    internal DuplicateGroup(string key, string value, IList<string> members)
    {
        Key = key;
        Value = value;
        Members = new ReadOnlyCollection<string>(members);
    }

    /// <summary>A stable name: the uniqueness scope and the compared value (address:noreply@contoso.com).</summary>
    public string Key { get; }

    /// <summary>The compared (case-folded) value.</summary>
    public string Value { get; }

    /// <summary>Every holder, as "identity (attribute)".</summary>
    public ReadOnlyCollection<string> Members { get; }

    /// <summary>How many holders (object and attribute pairs) the group has.</summary>
    public int Count => Members.Count;

    /// <inheritdoc/>
    public override string ToString() => $"{DisplayText.Escape(Key)} ({Count} holders)";
}

/// <summary>One problem with one attribute value of one directory object.</summary>
public sealed class Finding
{
    internal Finding(string identity, string attribute, string value, FindingRule rule, FindingSeverity severity, string message, string? suggestion, IList<string> conflictsWith, DuplicateGroup? group)
    {
        Identity = identity;
        Attribute = attribute;
        Value = value;
        Rule = rule;
        Severity = severity;
        Message = DisplayText.Escape(message);
        Suggestion = DisplayText.EscapeOrNull(suggestion);
        ConflictsWith = new ConflictList(conflictsWith);
        DuplicateGroup = group;
    }

    /// <summary>The object: its DN, else sAMAccountName, else UPN.</summary>
    public string Identity { get; }

    /// <summary>The attribute, by its LDAP name (object for out-of-scope findings).</summary>
    public string Attribute { get; }

    /// <summary>The value as found (for duplicates: as compared, lower case).</summary>
    public string Value { get; }

    /// <summary>The rule the value breaks.</summary>
    public FindingRule Rule { get; }

    /// <summary>Error or Warning.</summary>
    public FindingSeverity Severity { get; }

    /// <summary>What is wrong, in plain words.</summary>
    public string Message { get; }

    /// <summary>A corrected value, when one can be derived.</summary>
    public string? Suggestion { get; }

    /// <summary>For duplicates: up to five other objects and attributes holding the value (DuplicateGroup lists them all).</summary>
    public ConflictList ConflictsWith { get; }

    /// <summary>For duplicates: every holder of the value, shared by all the findings about it.</summary>
    public DuplicateGroup? DuplicateGroup { get; }
}
