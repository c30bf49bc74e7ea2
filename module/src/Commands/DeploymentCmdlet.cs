// The cmdlets that predict, check or plan for the admin's deployment: its sync engine and its
// configured scope, given once as parameters and honoured alike by Test-SoftMatch,
// Test-SyncReadiness, New-HardMatchPlan and Invoke-SyncAssessment (docs/model.md, *The deployment*).
using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using SyncMatch.Deployment;
using SyncMatch.Directory;
using SyncMatch.Text;

namespace SyncMatch.Commands;

/// <summary>A cmdlet whose answers depend on the deployment's engine and configured scope.</summary>
public abstract class DeploymentCmdlet : SyncMatchCmdlet
{
    /// <summary>The engine that synchronizes: ConnectSync (Microsoft Entra Connect Sync, the default) or CloudSync (Microsoft Entra Cloud Sync).</summary>
    [Parameter]
    [ValidateSet("ConnectSync", "CloudSync")]
    public string SyncEngine { get; set; } = "ConnectSync";

    /// <summary>The attribute users sign in with when it is not userPrincipalName (alternate login ID): its value becomes the cloud UPN.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? UserPrincipalNameAttribute { get; set; }

    /// <summary>Domain filtering: the domains synchronized (DNS names or DNs); objects of other domains are out of scope.</summary>
    [Parameter]
    [ValidateNotNull]
    public string[]? IncludedDomain { get; set; }

    /// <summary>OU filtering: the OUs (and containers) synchronized, by DN; objects below none of them are out of scope.</summary>
    [Parameter]
    [ValidateNotNull]
    public string[]? IncludedOrganizationalUnit { get; set; }

    /// <summary>OU filtering: OUs left out, by DN (below an included OU, or on their own).</summary>
    [Parameter]
    [ValidateNotNull]
    public string[]? ExcludedOrganizationalUnit { get; set; }

    /// <summary>Group filtering: the pilot group, as Get-ADGroup -Properties member returns it; only its direct members are in scope.</summary>
    [Parameter]
    [ValidateNotNull]
    public PSObject? ScopeGroup { get; set; }

    /// <summary>Multi-forest join ("Uniquely identifying your users"): RepresentedOnce (the default), Mail, ObjectSidMasterAccountSid, SamAccountNameMailNickname, or the name of the attribute users are joined on.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ForestJoinCompleter))]
    public string? ForestJoin { get; set; }

    /// <summary>The deployment parameters: those this class declares.</summary>
    private static readonly string[] DeploymentParameters = typeof(DeploymentCmdlet)
        .GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
        .Where(property => property.IsDefined(typeof(ParameterAttribute), inherit: false))
        .Select(property => property.Name)
        .ToArray();

    /// <summary>These parameters as given, added to <paramref name="parameters"/> of a step that takes them too.</summary>
    private protected Dictionary<string, object?> WithDeployment(Dictionary<string, object?> parameters)
    {
        foreach (string name in DeploymentParameters)
        {
            if (MyInvocation.BoundParameters.TryGetValue(name, out object? value))
            {
                parameters[name] = value;
            }
        }
        return parameters;
    }

    /// <summary>
    /// The deployment the parameters describe, checked against the source anchor setting; a
    /// value the core refuses ends the run with InvalidDeployment (or InvalidSourceAnchorAttribute).
    /// </summary>
    private protected DeploymentSettings OpenDeployment(uint anchorSetting)
    {
        DeploymentSettings deployment;
        try
        {
            deployment = DeploymentSettings.Open(
                SyncEngine, UserPrincipalNameAttribute, IncludedDomain ?? Array.Empty<string>(), IncludedOrganizationalUnit ?? Array.Empty<string>(),
                ExcludedOrganizationalUnit ?? Array.Empty<string>(), ScopeGroup is null ? null : PilotGroup(ScopeGroup), ForestJoin);
        }
        catch (ArgumentException refused)
        {
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"The deployment cannot be used: {DisplayText.Escape(refused.Message)}.", refused),
                "InvalidDeployment", ErrorCategory.InvalidArgument, null));
            throw;
        }
        if (deployment.AnchorProblem(anchorSetting) is { } problem)
        {
            deployment.Dispose();
            ThrowTerminatingError(new ErrorRecord(
                new PSArgumentException($"-SourceAnchorAttribute with -SyncEngine {SyncEngine}: {problem}."),
                "InvalidSourceAnchorAttribute", ErrorCategory.InvalidArgument, SyncEngine));
        }
        givenColumns ??= deployment.GivenColumns;
        return deployment;
    }

    /// <summary>The attributes the deployment reads besides the schema's names, as the core decided them (set by the first <see cref="OpenDeployment"/>).</summary>
    private IReadOnlyList<(string Field, string Name)>? givenColumns;

    /// <summary>The deployment's source anchor setting, and the reader of a user (or another <paramref name="entity"/>) under it that reads the deployment's own attributes too (the sign-in attribute, the forest-join attribute).</summary>
    private protected (uint Setting, EntityReader Reader) UserReader(string sourceAnchorAttribute, Entity entity = Entity.OnPremisesUser)
    {
        (uint setting, EntityReader reader) = SourceAnchorSetting(sourceAnchorAttribute, entity);
        if (givenColumns is null)
        {
            // Opened once here to learn what it reads; a description the core refuses ends the run now.
            OpenDeployment(setting).Dispose();
        }
        foreach ((string field, string name) in givenColumns!)
        {
            reader = reader.With(name, field);
        }
        return (setting, reader);
    }

    /// <summary>
    /// Whether <paramref name="export"/> has the columns the deployment reads besides the schema's
    /// (a custom source anchor, the sign-in attribute, the forest-join attribute); when not, writes
    /// the error naming its columns.
    /// </summary>
    private protected bool HasDeploymentColumns(DirectoryExport export, string? anchorColumn) =>
        HasColumn(export, anchorColumn) && (givenColumns ?? Array.Empty<(string, string)>()).All(column => HasColumn(export, column.Name));

    /// <summary>The pilot group's DN and direct members, read as the schema reads a scope group.</summary>
    private (string Group, IReadOnlyList<string> Members) PilotGroup(PSObject group)
    {
        Schema schema = Schema.Current;
        var values = new object?[schema.FieldCount];
        try
        {
            // The members by the names directory objects count them by: their DNs, here only.
            EntityReader reader = EntityReader.For(Entity.ScopeGroup);
            int memberCount = schema.Field("MemberCount");
            foreach ((string property, int field) in schema.NamesOf(Entity.DirectoryObject))
            {
                if (field == memberCount)
                {
                    reader = reader.With(property, "Member");
                }
            }
            reader.Read(group, values, out _, out _);
        }
        catch (InputRejectedException refused)
        {
            ThrowTerminatingError(ScopeGroupError($"-ScopeGroup cannot be read: {DisplayText.Escape(refused.Message)}"));
        }
        string name = values[schema.Field("DistinguishedName")] as string ?? string.Empty;
        if (string.IsNullOrWhiteSpace(name))
        {
            ThrowTerminatingError(ScopeGroupError("-ScopeGroup has no DistinguishedName: pass the group as Get-ADGroup <name> -Properties member returns it"));
        }
        object? members = values[schema.Field("Member")];
        if (members is null && !schema.NamesOf(Entity.DirectoryObject).Any(known => known.Field == schema.Field("MemberCount") && HasProperty(group, known.Name)))
        {
            ThrowTerminatingError(ScopeGroupError($"-ScopeGroup {DisplayText.Escape(name)} has no member property, so its members are unknown: Get-ADGroup returns them only when asked (Get-ADGroup <name> -Properties member)"));
        }
        var list = members switch
        {
            // A CSV cell holds the DNs joined with ';', which no DN holds unescaped.
            string joined => new List<string>(joined.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)),
            string[] many => new List<string>(many),
            _ => new List<string>(),
        };
        return (name, list);
    }

    private static bool HasProperty(PSObject group, string name) => group.Properties[name] is not null;

    private static ErrorRecord ScopeGroupError(string message) =>
        new(new PSArgumentException(message + "."), "InvalidScopeGroup", ErrorCategory.InvalidArgument, null);
}
