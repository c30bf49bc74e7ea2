// Microsoft Graph through Invoke-MgGraphRequest (Microsoft.Graph.Authentication), resolved when a
// write runs: no compile-time dependency on the Graph SDK. Invoke-MgGraphRequest retries 429, 503
// and 504 itself; this reads status codes and headers (-SkipHttpErrorCheck, -StatusCodeVariable,
// -ResponseHeadersVariable) instead of stacking blind retries on top.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;

namespace SyncMatch.HardMatch;

/// <summary>One Graph response: its status, its Retry-After (when any), its body as JSON text.</summary>
internal sealed record GraphResponse(int Status, TimeSpan? RetryAfter, string Body)
{
    internal bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>Graph's error code and message, from the body.</summary>
    internal (string Code, string Message) Error()
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(Body);
            if (document.RootElement.TryGetProperty("error", out JsonElement error))
            {
                string code = error.TryGetProperty("code", out JsonElement c) ? c.GetString() ?? "" : "";
                string message = error.TryGetProperty("message", out JsonElement m) ? m.GetString() ?? "" : "";
                return (code, message);
            }
        }
        catch (JsonException)
        {
        }
        return ($"HTTP{Status}", Body.Length > 300 ? Body[..300] : Body);
    }
}

/// <summary>Why no request could be made at all: the module or the connection is missing.</summary>
internal sealed class GraphUnavailableException(string message, string errorId) : Exception(message)
{
    internal string ErrorId { get; } = errorId;
}

internal sealed class GraphTransport
{
    internal const string Root = "https://graph.microsoft.com/v1.0";
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

    private GraphTransport(CommandInvocationIntrinsics invoke, string tenantId, IReadOnlyList<string> scopes)
    {
        this.invoke = invoke;
        TenantId = tenantId;
        Scopes = scopes;
    }

    /// <summary>The connected tenant.</summary>
    internal string TenantId { get; }

    internal IReadOnlyList<string> Scopes { get; }

    /// <summary>
    /// Finds Invoke-MgGraphRequest and the connection (Get-MgContext); refuses when either is
    /// missing, or when the connection may not write users.
    /// </summary>
    internal static GraphTransport Connect(CommandInvocationIntrinsics invoke)
    {
        if (invoke.GetCommand("Invoke-MgGraphRequest", CommandTypes.Cmdlet | CommandTypes.Function | CommandTypes.Alias) is null)
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
        // App-only connections carry their permissions in the app's roles, not in Scopes.
        bool canWrite = authType.Equals("AppOnly", StringComparison.OrdinalIgnoreCase)
            || scopes.Any(scope => scope.Equals("User.ReadWrite.All", StringComparison.OrdinalIgnoreCase)
                || scope.Equals("Directory.ReadWrite.All", StringComparison.OrdinalIgnoreCase));
        if (!canWrite)
        {
            throw new GraphUnavailableException(
                $"The Microsoft Graph connection lacks User.ReadWrite.All (it has: {string.Join(", ", scopes)}): {ConnectHint}.", "GraphScopeMissing");
        }
        return new GraphTransport(invoke, tenant, scopes);
    }

    internal GraphResponse Send(string method, string uri, string? body = null, IDictionary? headers = null)
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

    /// <summary>A user's state, or null when Graph says it does not exist (404).</summary>
    internal Hashtable? GetUser(string id, out GraphResponse response)
    {
        response = Send("GET", $"{Root}/users/{Uri.EscapeDataString(id)}?$select=id,userPrincipalName,onPremisesImmutableId,onPremisesSyncEnabled");
        return response.IsSuccess ? ToHashtable(response.Body) : null;
    }

    /// <summary>The users holding <paramref name="immutableId"/> (an advanced query: ConsistencyLevel eventual).</summary>
    internal List<Hashtable> UsersHolding(string immutableId, out GraphResponse response)
    {
        string filter = Uri.EscapeDataString($"onPremisesImmutableId eq '{immutableId.Replace("'", "''", StringComparison.Ordinal)}'");
        response = Send("GET", $"{Root}/users?$filter={filter}&$count=true&$select=id,userPrincipalName,onPremisesImmutableId,onPremisesSyncEnabled",
            headers: new Hashtable { ["ConsistencyLevel"] = "eventual" });
        var users = new List<Hashtable>();
        if (response.IsSuccess)
        {
            using JsonDocument document = JsonDocument.Parse(response.Body);
            if (document.RootElement.TryGetProperty("value", out JsonElement value))
            {
                foreach (JsonElement user in value.EnumerateArray())
                {
                    users.Add(ToHashtable(user.GetRawText()));
                }
            }
        }
        return users;
    }

    /// <summary>PATCHes onPremisesImmutableId; a null value is sent as JSON null (which Update-MgUser cannot send).</summary>
    internal GraphResponse SetImmutableId(string id, string? immutableId) =>
        Send("PATCH", $"{Root}/users/{Uri.EscapeDataString(id)}", JsonSerializer.Serialize(new Dictionary<string, string?> { ["onPremisesImmutableId"] = immutableId }));

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
