// The public types Test-SyncReadiness returns, and the JSON shapes the native library sends
// them in.
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Text.Json.Serialization;
using System;
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
    internal DuplicateGroup(DuplicateGroupJson json)
    {
        Key = json.Key;
        Value = json.Value;
        Members = new ReadOnlyCollection<string>(json.Members ?? Array.Empty<string>());
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
    internal Finding(FindingJson json, DuplicateGroup? group)
    {
        Identity = json.Identity;
        Attribute = json.Attribute;
        Value = json.Value;
        Rule = json.Rule;
        Severity = json.Severity;
        Message = DisplayText.Escape(json.Message);
        Suggestion = DisplayText.EscapeOrNull(json.Suggestion);
        ConflictsWith = new ConflictList(json.ConflictsWith ?? Array.Empty<string>());
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

/// <summary>A finding as the native library sends it.</summary>
internal sealed class FindingJson
{
    public string Identity { get; set; } = "";
    public string Attribute { get; set; } = "";
    public string Value { get; set; } = "";
    public FindingRule Rule { get; set; }
    public FindingSeverity Severity { get; set; }
    public string Message { get; set; } = "";
    public string? Suggestion { get; set; }
    public string[]? ConflictsWith { get; set; }
    public int? Group { get; set; }
}

/// <summary>What syncmatch_readiness_check sends: findings, and the objects it could not check.</summary>
internal sealed class CheckedJson
{
    public FindingJson[] Findings { get; set; } = Array.Empty<FindingJson>();
    public Native.RowFailureJson[] Failures { get; set; } = Array.Empty<Native.RowFailureJson>();
}

/// <summary>What syncmatch_readiness_finish sends.</summary>
internal sealed class DuplicatesJson
{
    public DuplicateGroupJson[] Groups { get; set; } = Array.Empty<DuplicateGroupJson>();
    public FindingJson[] Findings { get; set; } = Array.Empty<FindingJson>();
}

/// <summary>A duplicate group as the native library sends it.</summary>
internal sealed class DuplicateGroupJson
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
    public string[]? Members { get; set; }
}

/// <summary>The JSON shapes the native library sends readiness findings in (camelCase, enums as names).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(CheckedJson))]
[JsonSerializable(typeof(DuplicatesJson))]
internal sealed partial class ReadinessJsonContext : JsonSerializerContext
{
}
