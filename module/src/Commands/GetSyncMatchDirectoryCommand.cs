// Get-SyncMatchDirectory: reads Active Directory over LDAP — exactly the attributes the input
// schema names, paged, multi-valued ones by range — into one object every cmdlet takes as it takes
// Import-DirectoryExport's. Complete input by construction, on any OS PowerShell runs on.
using System;
using System.Linq;
using System.Management.Automation;
using SyncMatch.Directory;
using SyncMatch.Ldap;
using SyncMatch.Native;

namespace SyncMatch.Commands;

/// <summary>Reads the directory's users, groups and contacts over LDAP.</summary>
[Cmdlet(VerbsCommon.Get, "SyncMatchDirectory", DefaultParameterSetName = "Base")]
[OutputType(typeof(DirectoryExport))]
public sealed class GetSyncMatchDirectoryCommand : SyncMatchCmdlet
{
    /// <summary>The domain controller (a host name or address).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Server { get; set; } = "";

    /// <summary>The port: 636 (LDAPS) by default; 389 with -StartTls.</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int Port { get; set; }

    /// <summary>The account to bind as (a simple bind, only ever over TLS). Without it: the current user (Negotiate; Windows).</summary>
    [Parameter]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Where to read from, by DN: the domain (the server's defaultNamingContext) by default.</summary>
    [Parameter(ParameterSetName = "Base")]
    [ValidateNotNullOrEmpty]
    public string? SearchBase { get; set; }

    /// <summary>Read every domain of the server's forest (its configuration partition's crossRef objects), each from its DNS name, with the same credential.</summary>
    [Parameter(Mandatory = true, ParameterSetName = "Forest")]
    public SwitchParameter Forest { get; set; }

    /// <summary>Attributes the deployment reads beside the schema's (a custom source anchor, a sign-in attribute, a forest-join attribute), by LDAP name.</summary>
    [Parameter]
    [ValidateNotNull]
    public string[] Property { get; set; } = Array.Empty<string>();

    /// <summary>Connect on port 389 and start TLS there (StartTLS) instead of LDAPS.</summary>
    [Parameter]
    public SwitchParameter StartTls { get; set; }

    /// <summary>A folder of trusted CA certificates in OpenSSL's hashed layout (openssl rehash), used instead of the system's on Linux and macOS. The server's certificate is always verified.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CertificateAuthority { get; set; }

    /// <summary>How long one request may take, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>Users, contacts (objectCategory person) and groups.</summary>
    internal const string Filter = "(|(objectCategory=person)(objectCategory=group))";

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        string? authorities = null;
        if (CertificateAuthority is { } given)
        {
            authorities = GetUnresolvedProviderPathFromPSPath(given);
            if (!System.IO.Directory.Exists(authorities))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ItemNotFoundException($"-CertificateAuthority '{Text.DisplayText.WellFormed(given)}' is not a folder: give a folder of CA certificates in OpenSSL's hashed layout (openssl rehash <folder>)."),
                    "CertificateAuthorityNotFound", ErrorCategory.ObjectNotFound, given));
            }
        }
        foreach (string name in Property)
        {
            if (!IsLdapName(name))
            {
                ThrowTerminatingError(new ErrorRecord(
                    new PSArgumentException($"-Property '{Text.DisplayText.WellFormed(name)}' is not an attribute name (a letter, then letters, digits and hyphens)."),
                    "InvalidProperty", ErrorCategory.InvalidArgument, name));
            }
        }
        int port = Port != 0 ? Port : StartTls ? 389 : 636;
        var settings = new DirectoryConnectionSettings(Server, port, Credential?.GetNetworkCredential(), StartTls, authorities, TimeSpan.FromSeconds(TimeoutSeconds));
        var schemaAttributes = Schema.Current.LdapAttributes;
        var asked = schemaAttributes.Concat(Property
                .Where(name => !schemaAttributes.Any(known => known.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
                .Select(name => new LdapAttribute(name, "", LdapSyntax.Text, MultiValued: false)))
            .ToList();
        var record = new ProgressRecord(11, "Get-SyncMatchDirectory", $"Connecting to {Server}:{port}");
        WriteProgress(record);
        DirectoryExport export;
        try
        {
            var output = new System.IO.MemoryStream();
            int count = 0;
            string source;
            using (var json = new System.Text.Json.Utf8JsonWriter(output))
            using (DirectoryReader reader = DirectoryReader.Connect(settings))
            {
                json.WriteStartArray();
                string home = reader.DefaultNamingContext();
                // A directory without Exchange's schema has none of its attributes: said once
                // (the schema is the forest's).
                var missing = reader.MissingFromSchema(asked.Where(attribute => attribute.Name != "distinguishedName").Select(attribute => attribute.Name));
                if (missing.Count > 0)
                {
                    WriteWarning($"The directory's schema has no {string.Join(", ", missing)} (Exchange's and Skype for Business's attributes, when the forest never had them): every object is read as holding none. Entra Connect sees the same.");
                }
                var bases = Forest ? reader.Domains().Select(domain => (domain.NamingContext, domain.DnsRoot)).ToList() : new() { (SearchBase ?? home, Server) };
                foreach (var (searchBase, host) in bases)
                {
                    WriteVerbose($"Reading {host}:{port}, base {searchBase}, filter {Filter}, attributes {string.Join(", ", asked.Select(attribute => attribute.Name))}.");
                    void Progress(int read)
                    {
                        record.StatusDescription = $"{read:N0} objects read ({host})";
                        WriteProgress(record);
                    }
                    // The server's own domain through this connection; another domain from its DNS name.
                    if (searchBase.Equals(home, StringComparison.OrdinalIgnoreCase) || !Forest)
                    {
                        reader.Read(json, searchBase, Filter, asked, ref count, Progress);
                        continue;
                    }
                    using DirectoryReader other = DirectoryReader.Connect(settings with { Server = host });
                    other.Read(json, searchBase, Filter, asked, ref count, Progress);
                }
                json.WriteEndArray();
                json.Flush();
                source = Forest ? $"{(StartTls ? "ldap" : "ldaps")}://{Server}:{port} (forest: {string.Join(", ", bases.Select(pair => pair.Item1))})"
                    : $"{(StartTls ? "ldap" : "ldaps")}://{Server}:{port}/{bases[0].Item1}";
                if (count == 0)
                {
                    ThrowTerminatingError(new ErrorRecord(
                        new ItemNotFoundException($"No user, group or contact under '{Text.DisplayText.WellFormed(string.Join("; ", bases.Select(pair => pair.Item1)))}' on {Server}: check -SearchBase."),
                        "DirectoryEmpty", ErrorCategory.ObjectNotFound, SearchBase));
                }
            }
            export = DirectoryExport.FromJson(output.ToArray(), source);
        }
        catch (DirectoryReadException failed)
        {
            ThrowTerminatingError(new ErrorRecord(failed, "DirectoryReadFailed", ErrorCategory.ConnectionError, Server));
            return;
        }
        catch (NativeException failure)
        {
            ThrowTerminatingError(failure.ToErrorRecord(Server));
            return;
        }
        finally
        {
            record.RecordType = ProgressRecordType.Completed;
            WriteProgress(record);
        }
        foreach (string warning in export.Warnings)
        {
            WriteWarning(warning);
        }
        WriteObject(export);
    }
}
