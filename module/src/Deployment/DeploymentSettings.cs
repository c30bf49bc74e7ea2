// The admin's deployment as the cmdlets' parameters give it (sync engine, configured scope),
// described as JSON for the core, which reads and checks it (src/deployment) and hands a copy to
// each session. The cmdlets hold one per run.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using SyncMatch.Native;

namespace SyncMatch.Deployment;

internal sealed class DeploymentSettings : IDisposable
{
    private DeploymentSettings(DeploymentHandle handle, IReadOnlyList<(string Name, string Value)> shown, IReadOnlyList<(string Field, string Name)> givenColumns)
    {
        Handle = handle;
        Shown = shown;
        GivenColumns = givenColumns;
    }

    internal DeploymentHandle Handle { get; }

    /// <summary>The settings given, as the report header shows them (none: the generic deployment).</summary>
    internal IReadOnlyList<(string Name, string Value)> Shown { get; }

    /// <summary>The attributes the deployment reads besides the schema's names (the sign-in attribute, the forest-join attribute), each with the field its value fills, as the core decides them.</summary>
    internal IReadOnlyList<(string Field, string Name)> GivenColumns { get; }

    /// <summary>
    /// The deployment these parameters describe; a value the core refuses (an OU that is not a
    /// DN, an unknown engine) is an <see cref="ArgumentException"/> naming it.
    /// </summary>
    internal static unsafe DeploymentSettings Open(
        string engine, string? signIn, IReadOnlyList<string> domains, IReadOnlyList<string> included, IReadOnlyList<string> excluded,
        (string Group, IReadOnlyList<string> Members)? group, string? forestJoin)
    {
        var description = new Dictionary<string, object?>
        {
            ["engine"] = engine,
            ["userPrincipalNameAttribute"] = signIn,
            ["includedDomains"] = domains,
            ["includedContainers"] = included,
            ["excludedContainers"] = excluded,
            ["forestJoin"] = forestJoin,
        };
        if (group is { } pilot)
        {
            description["scopeGroup"] = pilot.Group;
            description["scopeGroupMembers"] = pilot.Members;
        }
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(description);
        IntPtr error = IntPtr.Zero;
        DeploymentHandle handle;
        NativeStatus status;
        fixed (byte* data = json)
        {
            status = NativeMethods.syncmatch_deployment_new(data, (nuint)json.Length, out handle, &error);
        }
        const string Function = nameof(NativeMethods.syncmatch_deployment_new);
        string? why = NativeText.Take(error, Function);
        if (status != NativeStatus.Ok)
        {
            handle.Dispose();
            if (why is not null)
            {
                throw new ArgumentException(why);
            }
            throw NativeException.FromStatus(status, Function);
        }
        List<(string Field, string Name)> given = ReadGivenColumns(handle);
        var shown = new List<(string, string)>();
        if (!string.Equals(engine, "ConnectSync", StringComparison.OrdinalIgnoreCase))
        {
            shown.Add(("Sync engine", engine));
        }
        // The sign-in attribute as the core read it ("userPrincipalName" is no alternate one).
        shown.AddRange(given.Where(column => column.Field == "UpnSource").Select(column => ("Sign-in attribute (cloud UPN)", column.Name)));
        if (forestJoin is not null && !forestJoin.Trim().Equals("RepresentedOnce", StringComparison.OrdinalIgnoreCase))
        {
            shown.Add(("Users joined across forests on", forestJoin));
        }
        Show(shown, "Domains", domains);
        Show(shown, "Included OUs", included);
        Show(shown, "Excluded OUs", excluded);
        if (group is { } scope)
        {
            shown.Add(("Scope group", $"{scope.Group} ({scope.Members.Count} direct members)"));
        }
        return new DeploymentSettings(handle, shown, given);
    }

    /// <summary>Why this deployment cannot use the source anchor setting, or null.</summary>
    internal unsafe string? AnchorProblem(uint anchorSetting)
    {
        IntPtr problem;
        const string Function = nameof(NativeMethods.syncmatch_deployment_anchor_problem);
        NativeException.ThrowIfFailed(NativeMethods.syncmatch_deployment_anchor_problem(Handle, anchorSetting, &problem), Function);
        return NativeText.Take(problem, Function);
    }

    private static unsafe List<(string Field, string Name)> ReadGivenColumns(DeploymentHandle handle)
    {
        IntPtr json;
        const string Function = nameof(NativeMethods.syncmatch_deployment_given_columns);
        NativeException.ThrowIfFailed(NativeMethods.syncmatch_deployment_given_columns(handle, &json), Function);
        string text = NativeText.Take(json, Function) ?? "[]";
        var columns = new List<(string Field, string Name)>();
        using JsonDocument document = JsonDocument.Parse(text);
        foreach (JsonElement column in document.RootElement.EnumerateArray())
        {
            columns.Add((column.GetProperty("field").GetString()!, column.GetProperty("name").GetString()!));
        }
        return columns;
    }

    public void Dispose() => Handle.Dispose();

    private static void Show(List<(string, string)> shown, string name, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            shown.Add((name, string.Join("; ", values)));
        }
    }
}
