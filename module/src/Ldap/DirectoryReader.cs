// Reads Active Directory over LDAP (System.DirectoryServices.Protocols): the attributes the input
// schema names and nothing else, paged, multi-valued attributes by ranged retrieval, binary values
// as bytes. The objects are handed to the core as JSON and read there as an export, so every
// cmdlet takes a directory read as it takes an export file. A read that stops part-way throws:
// a partial directory is never presented as complete.
using System;
using System.Collections.Generic;
using System.DirectoryServices.Protocols;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using SyncMatch.Directory;

namespace SyncMatch.Ldap;

/// <summary>How to reach the directory.</summary>
internal sealed record DirectoryConnectionSettings(
    string Server, int Port, NetworkCredential? Credential, bool StartTls, string? CertificateAuthority, TimeSpan Timeout);

/// <summary>A read that stopped: how far it got, and why.</summary>
internal sealed class DirectoryReadException : Exception
{
    internal DirectoryReadException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

internal sealed class DirectoryReader : IDisposable
{
    /// <summary>Objects a page: Active Directory's default MaxPageSize.</summary>
    internal const int PageSize = 1000;

    private readonly LdapConnection connection;
    private readonly string server;

    private DirectoryReader(LdapConnection connection, string server)
    {
        this.connection = connection;
        this.server = server;
    }

    /// <summary>Connects and binds: a simple bind with <see cref="DirectoryConnectionSettings.Credential"/> over LDAPS or StartTLS, else the current user (Negotiate).</summary>
    internal static DirectoryReader Connect(DirectoryConnectionSettings settings)
    {
        var identifier = new LdapDirectoryIdentifier(settings.Server, settings.Port, fullyQualifiedDnsHostName: false, connectionless: false);
        var connection = new LdapConnection(identifier)
        {
            Timeout = settings.Timeout,
            AuthType = settings.Credential is null ? AuthType.Negotiate : AuthType.Basic,
        };
        try
        {
            LdapSessionOptions options = connection.SessionOptions;
            options.ProtocolVersion = 3;
            // A referral is another server's answer: followed silently it could mix directories.
            options.ReferralChasing = ReferralChasingOptions.None;
            if (settings.CertificateAuthority is { } authorities)
            {
                if (OperatingSystem.IsWindows())
                {
                    throw new PlatformNotSupportedException("-CertificateAuthority is for Linux and macOS: on Windows the server's certificate is verified against the Windows certificate store; add the CA there");
                }
                // libldap (Linux, macOS) reads a folder of CA certificates in OpenSSL's hashed
                // layout; .NET cannot take a per-connection verification callback there.
                options.TrustedCertificatesDirectory = authorities;
                options.StartNewTlsSessionContext();
            }
            if (settings.StartTls)
            {
                options.StartTransportLayerSecurity(null);
            }
            else
            {
                options.SecureSocketLayer = true;
            }
            if (settings.Credential is { } credential)
            {
                connection.Bind(credential);
            }
            else
            {
                connection.Bind();
            }
        }
        catch (Exception failed) when (failed is LdapException or DirectoryOperationException or PlatformNotSupportedException or InvalidOperationException)
        {
            connection.Dispose();
            throw new DirectoryReadException($"Could not connect to {settings.Server}:{settings.Port}: {Describe(failed)}", failed);
        }
        return new DirectoryReader(connection, $"{settings.Server}:{settings.Port}");
    }

    /// <summary>The domain's naming context, from the server's RootDSE (defaultNamingContext).</summary>
    internal string DefaultNamingContext() => RootDse("defaultNamingContext");

    /// <summary>The schema's naming context (schemaNamingContext).</summary>
    internal string SchemaNamingContext() => RootDse("schemaNamingContext");

    /// <summary>The forest's domains, from the crossRef objects under CN=Partitions of the configuration naming context.</summary>
    internal IReadOnlyList<ForestDomain> Domains()
    {
        string partitions = "CN=Partitions," + RootDse("configurationNamingContext");
        var request = new SearchRequest(partitions, "(objectClass=crossRef)", SearchScope.OneLevel, "nCName", "dnsRoot", "systemFlags");
        var response = (SearchResponse)Send(request, 0);
        string? First(SearchResultEntry entry, string name) =>
            entry.Attributes[name] is { Count: > 0 } values ? values[0] as string ?? Encoding.UTF8.GetString((byte[])values[0]) : null;
        return ForestDomains.FromCrossRefs(response.Entries.Cast<SearchResultEntry>()
            .Select(entry => (First(entry, "nCName"), First(entry, "dnsRoot"), First(entry, "systemFlags"))));
    }

    /// <summary>Which of <paramref name="names"/> the directory's schema lacks (an attributeSchema with that lDAPDisplayName).</summary>
    internal IReadOnlyList<string> MissingFromSchema(IEnumerable<string> names)
    {
        string schema = SchemaNamingContext();
        var missing = new List<string>();
        foreach (string name in names)
        {
            var request = new SearchRequest(schema, $"(&(objectClass=attributeSchema)(lDAPDisplayName={EscapeFilterValue(name)}))", SearchScope.OneLevel, "lDAPDisplayName");
            var response = (SearchResponse)Send(request, 0);
            if (response.Entries.Count == 0)
            {
                missing.Add(name);
            }
        }
        return missing;
    }

    /// <summary>
    /// Writes every object under <paramref name="searchBase"/> that <paramref name="filter"/>
    /// keeps to <paramref name="json"/> (an array the caller opened: each object's attributes a
    /// string, a list, or a byte list), asking for <paramref name="attributes"/>;
    /// <paramref name="count"/> counts the objects written (across calls), and
    /// <paramref name="read"/> is told it after each page.
    /// </summary>
    internal void Read(Utf8JsonWriter json, string searchBase, string filter, IReadOnlyList<LdapAttribute> attributes, ref int count, Action<int> read)
    {
        // Multi-valued attributes are asked for by range, so a server that caps their values
        // (Windows: MaxValRange) says so instead of truncating them silently.
        string[] asked = attributes.Select(attribute => attribute.MultiValued ? AttributeRange.Ask(attribute.Name, 0) : attribute.Name).ToArray();
        var byName = attributes.GroupBy(attribute => attribute.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(group => group.Key, group => group.First(), StringComparer.OrdinalIgnoreCase);
        var request = new SearchRequest(searchBase, filter, SearchScope.Subtree, asked);
        var paging = new PageResultRequestControl(PageSize) { IsCritical = true };
        request.Controls.Add(paging);
        while (true)
        {
            var response = (SearchResponse)Send(request, count);
            foreach (SearchResultEntry entry in response.Entries)
            {
                WriteEntry(json, entry, byName, first: count == 0, count);
                count++;
            }
            read(count);
            byte[]? cookie = response.Controls.OfType<PageResultResponseControl>().FirstOrDefault()?.Cookie;
            if (cookie is null || cookie.Length == 0)
            {
                break;
            }
            paging.Cookie = cookie;
        }
    }

    /// <summary>One object: every attribute asked for (on the first object even when empty, so the export knows it was asked), each value by its syntax.</summary>
    private void WriteEntry(Utf8JsonWriter json, SearchResultEntry entry, Dictionary<string, LdapAttribute> byName, bool first, int count)
    {
        json.WriteStartObject();
        json.WriteString("distinguishedName", entry.DistinguishedName);
        var written = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "distinguishedName" };
        foreach (string returned in entry.Attributes.AttributeNames.Cast<string>())
        {
            AttributeRange range = AttributeRange.Parse(returned);
            if (!byName.TryGetValue(range.Name, out LdapAttribute? attribute) || !written.Add(attribute.Name))
            {
                continue;
            }
            List<object> values = Values(entry.Attributes[returned], attribute);
            for (int? next = range.Next; next is { } start;)
            {
                // The rest of a capped attribute, range by range, from the same object.
                string asked = AttributeRange.Ask(attribute.Name, start);
                var more = (SearchResponse)Send(new SearchRequest(entry.DistinguishedName, "(objectClass=*)", SearchScope.Base, asked), count);
                SearchResultEntry? again = more.Entries.Cast<SearchResultEntry>().FirstOrDefault();
                string? name = again?.Attributes.AttributeNames.Cast<string>()
                    .FirstOrDefault(candidate => AttributeRange.Parse(candidate).Name.Equals(attribute.Name, StringComparison.OrdinalIgnoreCase));
                if (again is null || name is null)
                {
                    throw new DirectoryReadException($"Reading {server} stopped after {count:N0} objects: the next values of {attribute.Name} of {entry.DistinguishedName} did not come back.");
                }
                AttributeRange following = AttributeRange.Parse(name);
                if (following.Start != start)
                {
                    throw new DirectoryReadException($"Reading {server} stopped after {count:N0} objects: {attribute.Name} of {entry.DistinguishedName} came back from value {following.Start}, not {start}.");
                }
                values.AddRange(Values(again.Attributes[name], attribute));
                next = following.Next;
            }
            Write(json, attribute, values);
        }
        if (first)
        {
            foreach (LdapAttribute attribute in byName.Values.Where(attribute => !written.Contains(attribute.Name)))
            {
                json.WriteNull(attribute.Name);
            }
        }
        json.WriteEndObject();
    }

    /// <summary>An attribute's values: bytes for a binary syntax, text otherwise (bytes that are not UTF-8 stay bytes).</summary>
    private static List<object> Values(DirectoryAttribute attribute, LdapAttribute asked)
    {
        var values = new List<object>(attribute.Count);
        foreach (byte[] value in attribute.GetValues(typeof(byte[])).Cast<byte[]>())
        {
            if (asked.Syntax is LdapSyntax.Bytes or LdapSyntax.Sid)
            {
                values.Add(value);
                continue;
            }
            try
            {
                values.Add(StrictUtf8.GetString(value));
            }
            catch (DecoderFallbackException)
            {
                values.Add(value);
            }
        }
        return values;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static void Write(Utf8JsonWriter json, LdapAttribute attribute, List<object> values)
    {
        json.WritePropertyName(attribute.Name);
        if (!attribute.MultiValued && values.Count == 1)
        {
            WriteValue(json, values[0]);
            return;
        }
        json.WriteStartArray();
        foreach (object value in values)
        {
            WriteValue(json, value);
        }
        json.WriteEndArray();
    }

    /// <summary>Text as a string, bytes as a list of numbers (as ConvertTo-Json writes a byte[]).</summary>
    private static void WriteValue(Utf8JsonWriter json, object value)
    {
        if (value is string text)
        {
            json.WriteStringValue(text);
            return;
        }
        json.WriteStartArray();
        foreach (byte part in (byte[])value)
        {
            json.WriteNumberValue(part);
        }
        json.WriteEndArray();
    }

    private string RootDse(string attribute)
    {
        var response = (SearchResponse)Send(new SearchRequest("", "(objectClass=*)", SearchScope.Base, attribute), 0);
        if (response.Entries.Count == 0 || response.Entries[0].Attributes[attribute] is not { Count: > 0 } values)
        {
            throw new DirectoryReadException($"{server} did not say its {attribute} (RootDSE): pass -SearchBase.");
        }
        return (string)values[0];
    }

    /// <summary>Sends a request; a failure is a <see cref="DirectoryReadException"/> naming the server and how far the read got.</summary>
    private DirectoryResponse Send(DirectoryRequest request, int count)
    {
        try
        {
            DirectoryResponse response = connection.SendRequest(request);
            if (response.ResultCode is not ResultCode.Success)
            {
                throw new DirectoryOperationException(response, response.ErrorMessage);
            }
            return response;
        }
        catch (Exception failed) when (failed is LdapException or DirectoryOperationException)
        {
            throw new DirectoryReadException($"Reading {server} stopped after {count:N0} objects: {Describe(failed)}. Nothing is returned: a partial directory would give wrong answers.", failed);
        }
    }

    /// <summary>What went wrong, in the server's words where it gave any (never the credential).</summary>
    private static string Describe(Exception failed) => failed switch
    {
        DirectoryOperationException { Response: { } response } => response.ResultCode switch
        {
            ResultCode.Referral => $"the server referred the request elsewhere ({string.Join(", ", response.Referral?.Select(uri => uri.ToString()) ?? Array.Empty<string>())}); ask that server, or a global catalog",
            ResultCode.SizeLimitExceeded => "the server's size limit was reached (MaxPageSize or an administrative limit)",
            ResultCode.TimeLimitExceeded => "the server's time limit was reached",
            ResultCode.UnavailableCriticalExtension => "the server refused the paged-results control",
            _ => $"{response.ResultCode}: {response.ErrorMessage}".TrimEnd(' ', ':'),
        },
        LdapException ldap => $"{ldap.Message} (LDAP error {ldap.ErrorCode}{(string.IsNullOrEmpty(ldap.ServerErrorMessage) ? "" : ": " + ldap.ServerErrorMessage)})",
        _ => failed.Message,
    };

    /// <summary>A value escaped for an LDAP filter (RFC 4515, 3): <c>* ( ) \ NUL</c> and every non-ASCII byte as <c>\hh</c>.</summary>
    internal static string EscapeFilterValue(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (byte part in Encoding.UTF8.GetBytes(value))
        {
            if (part is (byte)'*' or (byte)'(' or (byte)')' or (byte)'\\' or 0 or >= 0x80)
            {
                escaped.Append('\\').Append(part.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append((char)part);
            }
        }
        return escaped.ToString();
    }

    public void Dispose() => connection.Dispose();
}
