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
                SyncEngine, SignInAttribute, IncludedDomain ?? Array.Empty<string>(), IncludedOrganizationalUnit ?? Array.Empty<string>(),
                ExcludedOrganizationalUnit ?? Array.Empty<string>(), ScopeGroup is null ? null : PilotGroup(ScopeGroup));
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
        return deployment;
    }

    /// <summary>The sign-in attribute when it is not userPrincipalName; null otherwise.</summary>
    private protected string? SignInAttribute =>
        UserPrincipalNameAttribute is { } name && !name.Trim().Equals("userPrincipalName", StringComparison.OrdinalIgnoreCase) ? name.Trim() : null;

    /// <summary>The deployment's source anchor setting, and the reader of a user (or another <paramref name="entity"/>) under it that reads the sign-in attribute too.</summary>
    private protected (uint Setting, EntityReader Reader) UserReader(string sourceAnchorAttribute, Entity entity = Entity.OnPremisesUser)
    {
        (uint setting, EntityReader reader) = SourceAnchorSetting(sourceAnchorAttribute, entity);
        return (setting, SignInAttribute is { } signIn ? reader.With(signIn, "UpnSource") : reader);
    }

    /// <summary>
    /// Whether <paramref name="export"/> has the columns the deployment reads besides the schema's
    /// (a custom source anchor, the sign-in attribute); when not, writes the error naming its columns.
    /// </summary>
    private protected bool HasDeploymentColumns(DirectoryExport export, string? anchorColumn) =>
        HasColumn(export, anchorColumn) && HasColumn(export, SignInAttribute);

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
