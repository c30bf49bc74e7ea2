// Microsoft Graph through Invoke-MgGraphRequest (Microsoft.Graph.Authentication), resolved when a
// write runs: no compile-time dependency on the Graph SDK. Invoke-MgGraphRequest retries 429, 503
// and 504 itself; this reads status codes and headers (-SkipHttpErrorCheck, -StatusCodeVariable,
// -ResponseHeadersVariable) instead of stacking blind retries on top. A 429 that still reaches us
// holds back every request of the run until its Retry-After has passed (not only the item's), and
// every wait ends at once when the cmdlet is stopped (Ctrl+C).
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Threading;

namespace SyncMatch.HardMatch;

/// <summary>One Graph response: its status, its Retry-After (when any), its body as JSON text.</summary>
internal sealed record GraphResponse(int Status, TimeSpan? RetryAfter, string Body)
{
    internal bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>A definite refusal: the request was read and not applied (4xx, 429 aside).</summary>
    internal bool IsRefusal => Status is >= 400 and < 500 && Status != 429;

    /// <summary>Graph's error code and message, with its details (the property and object a conflict names) and request id, from the body.</summary>
    internal (string Code, string Message) Error()
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(Body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out JsonElement error) && error.ValueKind == JsonValueKind.Object)
            {
                string code = Text(error, "code");
                var message = new System.Text.StringBuilder(Text(error, "message"));
                if (error.TryGetProperty("details", out JsonElement details) && details.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement detail in details.EnumerateArray().Take(5))
                    {
                        message.Append(System.Globalization.CultureInfo.InvariantCulture, $" [{Text(detail, "code")}{(Text(detail, "target") is { Length: > 0 } target ? $" on {target}" : "")}: {Text(detail, "message")}]");
                    }
                }
                if (error.TryGetProperty("innerError", out JsonElement inner) && Text(inner, "request-id") is { Length: > 0 } request)
                {
                    message.Append(System.Globalization.CultureInfo.InvariantCulture, $" (request-id {request})");
                }
                return (code, message.ToString());
            }
        }
        catch (JsonException)
        {
        }
        return ($"HTTP{Status}", Body.Length > 300 ? Body[..300] : Body);
    }

    private static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}

/// <summary>Why no request could be made at all: the module or the connection is missing.</summary>
internal sealed class GraphUnavailableException(string message, string errorId) : Exception(message)
{
    internal string ErrorId { get; } = errorId;
}

internal sealed class GraphTransport
{
    internal const string Root = "https://graph.microsoft.com/v1.0";

    /// <summary>
    /// The documented path for clearing onPremisesImmutableId (entra-docs
    /// tshoot-clear-on-premises-attributes.md: Update user on the beta endpoint); v1.0 refuses a
    /// JSON null since mid-2024 (msgraph-sdk-powershell #2819). docs/model.md, *Undo*.
    /// </summary>
    internal const string BetaRoot = "https://graph.microsoft.com/beta";

    /// <summary>What every read of a user selects: without $select Graph returns none of the on-premises properties.</summary>
    internal const string UserSelect = "id,userPrincipalName,onPremisesImmutableId,onPremisesSyncEnabled";

    /// <summary>How many 429s in a row one request waits out before it is reported.</summary>
    internal const int MaxThrottleWaits = 6;

    private const string ConnectHint = "Connect-MgGraph -Scopes User.ReadWrite.All";

    // The call, with the variables Invoke-MgGraphRequest fills, in the caller's session.
    private const string Call = @"param($Method, $Uri, $Body, $Headers)
$status = $null; $responseHeaders = $null
$parameters = @{ Method = $Method; Uri = $Uri; OutputType = 'Json'; SkipHttpErrorCheck = $true; StatusCodeVariable = 'status'; ResponseHeadersVariable = 'responseHeaders' }
if ($null -ne $Body) { $parameters.Body = $Body; $parameters.ContentType = 'application/json' }
if ($null -ne $Headers) { $parameters.Headers = $Headers }
$content = Invoke-MgGraphRequest @parameters
[pscustomobject]@{ Status = $status; Headers = $responseHeaders; Content = $content }";

    private readonly CommandInvocationIntrinsics invoke;
    private readonly CancellationToken stopping;
    private DateTime notBefore = DateTime.MinValue;
    private int throttledInARow;
    private Dictionary<string, List<Hashtable>>? deletedByImmutableId;

    private GraphTransport(CommandInvocationIntrinsics invoke, string tenantId, IReadOnlyList<string> scopes, CancellationToken stopping)
    {
        this.invoke = invoke;
        this.stopping = stopping;
        TenantId = tenantId;
        Scopes = scopes;
    }

    /// <summary>The connected tenant.</summary>
    internal string TenantId { get; }

    internal IReadOnlyList<string> Scopes { get; }

    /// <summary>An app-only connection: it has no signed-in user whose roles could be read.</summary>
    internal bool AppOnly { get; init; }

    /// <summary>Why the Invoke-MgGraphRequest found is not Microsoft's (see <see cref="Describe(CommandInfo)"/>), or null.</summary>
    internal string? NotMicrosoft { get; init; }

    /// <summary>
    /// The roles that may change on-premises attributes (entra-docs
    /// tshoot-clear-on-premises-attributes.md), by template id (permissions-reference.md).
    /// </summary>
    private static readonly (string TemplateId, string Name)[] WritingRoles =
    [
        ("fe930be7-5e62-47db-91af-98c3a49a38b1", "User Administrator"),
        ("8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2", "Hybrid Identity Administrator"),
        ("62e90394-69f5-4237-9190-012177145e10", "Global Administrator"),
    ];

    /// <summary>
    /// Why the signed-in user may lack a role that writes on-premises attributes, or null when
    /// one shows. /me/transitiveMemberOf sees active directory roles only (not one scoped to an
    /// administrative unit, not an eligible one): a warning, never a block. Null for app-only.
    /// </summary>
    internal string? RoleWarning()
    {
        if (AppOnly)
        {
            return null;
        }
        GraphResponse response = Send("GET", $"{Root}/me/transitiveMemberOf/microsoft.graph.directoryRole?$select=roleTemplateId,displayName");
        string names = string.Join(", ", WritingRoles.Select(role => role.Name));
        if (!response.IsSuccess)
        {
            (string code, _) = response.Error();
            return $"The signed-in user's roles could not be read (HTTP {response.Status}, {code}): changing onPremisesImmutableId needs {names}.";
        }
        using JsonDocument document = JsonDocument.Parse(response.Body);
        bool holds = document.RootElement.TryGetProperty("value", out JsonElement roles) && roles.ValueKind == JsonValueKind.Array
            && roles.EnumerateArray().Any(role => role.TryGetProperty("roleTemplateId", out JsonElement id)
                && WritingRoles.Any(writing => writing.TemplateId.Equals(id.GetString(), StringComparison.OrdinalIgnoreCase)));
        return holds ? null
            : $"The signed-in user shows none of {names} as an active role: changing onPremisesImmutableId needs one (a role scoped to an administrative unit, or an eligible one not activated, does not show here). Writes refused with Authorization_RequestDenied mean it is missing.";
    }

    /// <summary>Told each time a 429 holds the run back, with how long.</summary>
    internal Action<TimeSpan>? Throttled { get; init; }

    /// <summary>
    /// Finds Invoke-MgGraphRequest and the connection (Get-MgContext); refuses when either is
    /// missing, or when the connection may not write users.
    /// </summary>
    internal static GraphTransport Connect(CommandInvocationIntrinsics invoke, CancellationToken stopping, Action<TimeSpan>? throttled = null)
    {
        CommandInfo? found = invoke.GetCommand("Invoke-MgGraphRequest", CommandTypes.Cmdlet | CommandTypes.Function | CommandTypes.Alias);
        if (found is null)
        {
            throw new GraphUnavailableException(
                $"Invoke-MgGraphRequest was not found: install the Microsoft.Graph.Authentication module (Install-PSResource Microsoft.Graph.Authentication), then {ConnectHint}.",
                "GraphModuleMissing");
        }
        PSObject? context = invoke.GetCommand("Get-MgContext", CommandTypes.Cmdlet | CommandTypes.Function | CommandTypes.Alias) is null
            ? null
            : invoke.InvokeScript("Get-MgContext").FirstOrDefault();
        if (context is null || context.Properties["TenantId"]?.Value?.ToString() is not { Length: > 0 } tenant)
        {
            throw new GraphUnavailableException($"Not connected to Microsoft Graph: {ConnectHint}.", "GraphNotConnected");
        }
        var scopes = (LanguagePrimitives.GetEnumerable(context.Properties["Scopes"]?.Value) ?? Array.Empty<object>())
            .Cast<object?>().Select(scope => scope?.ToString() ?? "").ToList();
        string authType = context.Properties["AuthType"]?.Value?.ToString() ?? "";
        // Update user (Graph reference, Permissions): delegated User.ReadWrite.All,
        // Directory.ReadWrite.All or Directory.AccessAsUser.All; application User.ReadWrite.All or
        // Directory.ReadWrite.All. App-only connections carry theirs in the app's roles, not in Scopes.
        bool appOnly = authType.Equals("AppOnly", StringComparison.OrdinalIgnoreCase);
        bool canWrite = appOnly
            || scopes.Any(scope => scope.Equals("User.ReadWrite.All", StringComparison.OrdinalIgnoreCase)
                || scope.Equals("Directory.ReadWrite.All", StringComparison.OrdinalIgnoreCase)
                || scope.Equals("Directory.AccessAsUser.All", StringComparison.OrdinalIgnoreCase));
        if (!canWrite)
        {
            throw new GraphUnavailableException(
                $"The Microsoft Graph connection lacks User.ReadWrite.All, Directory.ReadWrite.All or Directory.AccessAsUser.All (it has: {string.Join(", ", scopes)}): {ConnectHint}.", "GraphScopeMissing");
        }
        return new GraphTransport(invoke, tenant, scopes, stopping) { Throttled = throttled, AppOnly = appOnly, NotMicrosoft = Describe(found) };
    }

    /// <summary>
    /// What the Invoke-MgGraphRequest a session resolves is, when it is not the cmdlet of
    /// Microsoft.Graph.Authentication: a function or alias wins over a cmdlet (about_Command_Precedence),
    /// so one left in the session (a wrapper, a rehearsal stand-in) receives every write.
    /// </summary>
    internal static string? Describe(CommandInfo found)
    {
        CommandInfo command = found is AliasInfo { ResolvedCommand: { } target } ? target : found;
        if (command is CmdletInfo { ModuleName: "Microsoft.Graph.Authentication" })
        {
            return null;
        }
        string from = string.IsNullOrEmpty(command.ModuleName) ? "no module (defined in this session)" : $"the module {command.ModuleName}";
        return $"The Invoke-MgGraphRequest this session runs is a {command.CommandType.ToString().ToLowerInvariant()} from {from}, not Microsoft.Graph.Authentication's cmdlet: every request goes where it sends it, and what it answers is journalled as Microsoft Graph's. Remove it (Remove-Item Function:Invoke-MgGraphRequest) unless it is a rehearsal.";
    }

    /// <summary>Waits <paramref name="delay"/>, or stops the pipeline at once when the cmdlet is stopped.</summary>
    internal void Wait(TimeSpan delay)
    {
        if (delay > TimeSpan.Zero && stopping.WaitHandle.WaitOne(delay))
        {
            throw new PipelineStoppedException();
        }
        stopping.ThrowIfCancellationRequested();
    }

    /// <summary>One request; a 429 holds back this and every later request of the run by its Retry-After, a few times.</summary>
    internal GraphResponse Send(string method, string uri, string? body = null, IDictionary? headers = null)
    {
        for (int wait = 0; ; wait++)
        {
            Wait(notBefore - DateTime.UtcNow);
            GraphResponse response = SendOnce(method, uri, body, headers);
            if (response.Status != 429)
            {
                throttledInARow = 0;
                return response;
            }
            throttledInARow++;
            // Without a Retry-After: 2, 4, 8 … 60 s, growing with the storm, not with the item.
            TimeSpan delay = response.RetryAfter ?? TimeSpan.FromSeconds(Math.Min(60, 1 << Math.Min(throttledInARow, 6)));
            notBefore = DateTime.UtcNow + delay;
            Throttled?.Invoke(delay);
            if (wait >= MaxThrottleWaits)
            {
                return response;
            }
        }
    }

    private GraphResponse SendOnce(string method, string uri, string? body, IDictionary? headers)
    {
        // PipelineResultTypes.None: the results come back here, not into the cmdlet's output.
        PSObject result = invoke.InvokeScript(Call, true, System.Management.Automation.Runspaces.PipelineResultTypes.None, null, method, uri, body, headers).Last();
        int status = LanguagePrimitives.ConvertTo<int>(result.Properties["Status"]?.Value ?? 0);
        string content = result.Properties["Content"]?.Value?.ToString() ?? "";
        return new GraphResponse(status, RetryAfter(result.Properties["Headers"]?.Value), content);
    }

    /// <summary>Retry-After in seconds, from the response headers (a dictionary of string or string[] values).</summary>
    private static TimeSpan? RetryAfter(object? headers)
    {
        if ((headers is PSObject wrapped ? wrapped.BaseObject : headers) is not IDictionary dictionary)
        {
            return null;
        }
        foreach (DictionaryEntry entry in dictionary)
        {
            if (entry.Key?.ToString()?.Equals("Retry-After", StringComparison.OrdinalIgnoreCase) == true)
            {
                object? value = entry.Value is IEnumerable list and not string ? list.Cast<object?>().FirstOrDefault() : entry.Value;
                if (int.TryParse(value?.ToString(), out int seconds) && seconds >= 0)
                {
                    return TimeSpan.FromSeconds(Math.Min(seconds, 300));
                }
            }
        }
        return null;
    }

    /// <summary>A user's state, or null when Graph does not return it (404, or a failure: see <paramref name="response"/>).</summary>
    internal Hashtable? GetUser(string id, out GraphResponse response)
    {
        response = Send("GET", $"{Root}/users/{Uri.EscapeDataString(id)}?$select={UserSelect}");
        return response.IsSuccess ? ToHashtable(response.Body) : null;
    }

    /// <summary>
    /// The users holding <paramref name="immutableId"/>: an eq filter on onPremisesImmutableId,
    /// supported without ConsistencyLevel and $count (microsoft-graph-docs-contrib,
    /// concepts/includes/filter-directory-objects.md), and fresher without them.
    /// </summary>
    internal List<Hashtable> UsersHolding(string immutableId, out GraphResponse response)
    {
        string filter = Uri.EscapeDataString($"onPremisesImmutableId eq '{immutableId.Replace("'", "''", StringComparison.Ordinal)}'");
        return Pages($"{Root}/users?$filter={filter}&$select={UserSelect}", out response);
    }

    /// <summary>
    /// The soft-deleted users holding <paramref name="immutableId"/>. Filtering deleted users on
    /// this property is not documented, so they are listed once per run (with $select) and
    /// matched here.
    /// </summary>
    internal List<Hashtable> DeletedUsersHolding(string immutableId, out GraphResponse response)
    {
        response = new GraphResponse(200, null, "");
        if (deletedByImmutableId is null)
        {
            List<Hashtable> deleted = Pages($"{Root}/directory/deletedItems/microsoft.graph.user?$select={UserSelect}&$top=999", out response);
            if (!response.IsSuccess)
            {
                return new List<Hashtable>();
            }
            deletedByImmutableId = new Dictionary<string, List<Hashtable>>(StringComparer.Ordinal);
            foreach (Hashtable user in deleted)
            {
                if (user["onPremisesImmutableId"] is string { Length: > 0 } held)
                {
                    deletedByImmutableId.TryAdd(held, new List<Hashtable>());
                    deletedByImmutableId[held].Add(user);
                }
            }
        }
        return deletedByImmutableId.TryGetValue(immutableId, out List<Hashtable>? holders) ? holders : new List<Hashtable>();
    }

    /// <summary>Every page of a collection (@odata.nextLink); on a failure, what came before it and the failure.</summary>
    private List<Hashtable> Pages(string uri, out GraphResponse response)
    {
        var users = new List<Hashtable>();
        string? next = uri;
        response = new GraphResponse(200, null, "");
        while (next is not null)
        {
            response = Send("GET", next);
            if (!response.IsSuccess)
            {
                return users;
            }
            next = null;
            using JsonDocument document = JsonDocument.Parse(response.Body);
            if (document.RootElement.TryGetProperty("value", out JsonElement value) && value.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement user in value.EnumerateArray())
                {
                    users.Add(ToHashtable(user.GetRawText()));
                }
            }
            if (document.RootElement.TryGetProperty("@odata.nextLink", out JsonElement link) && link.GetString() is { Length: > 0 } more
                && more.StartsWith("https://graph.microsoft.com/", StringComparison.OrdinalIgnoreCase))
            {
                next = more;
            }
        }
        return users;
    }

    /// <summary>
    /// PATCHes onPremisesImmutableId. A value goes to v1.0; clearing (JSON null, which
    /// Update-MgUser cannot send) goes to beta, the documented path.
    /// </summary>
    internal GraphResponse SetImmutableId(string id, string? immutableId) =>
        Send("PATCH", $"{(immutableId is null ? BetaRoot : Root)}/users/{Uri.EscapeDataString(id)}", JsonSerializer.Serialize(new Dictionary<string, string?> { ["onPremisesImmutableId"] = immutableId }));

    private static Hashtable ToHashtable(string json)
    {
        var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
        using JsonDocument document = JsonDocument.Parse(json);
        foreach (JsonProperty property in document.RootElement.EnumerateObject())
        {
            table[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null => null,
                _ => property.Value.GetRawText(),
            };
        }
        return table;
    }
}
