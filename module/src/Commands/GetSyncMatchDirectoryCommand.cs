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
[Cmdlet(VerbsCommon.Get, "SyncMatchDirectory")]
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
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SearchBase { get; set; }

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
            using DirectoryReader reader = DirectoryReader.Connect(settings);
            string searchBase = SearchBase ?? reader.DefaultNamingContext();
            WriteVerbose($"Reading {Server}:{port}, base {searchBase}, filter {Filter}, attributes {string.Join(", ", asked.Select(attribute => attribute.Name))}.");
            // A directory without Exchange's schema has none of its attributes: said once.
            var missing = reader.MissingFromSchema(asked.Where(attribute => attribute.Name != "distinguishedName").Select(attribute => attribute.Name));
            if (missing.Count > 0)
            {
                WriteWarning($"The directory's schema has no {string.Join(", ", missing)} (Exchange's and Skype for Business's attributes, when the forest never had them): every object is read as holding none. Entra Connect sees the same.");
            }
            var (json, count) = reader.Read(searchBase, Filter, asked, read =>
            {
                record.StatusDescription = $"{read:N0} objects read from {Server}";
                WriteProgress(record);
            });
            if (count == 0)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new ItemNotFoundException($"No user, group or contact under '{Text.DisplayText.WellFormed(searchBase)}' on {Server}: check -SearchBase."),
                    "DirectoryEmpty", ErrorCategory.ObjectNotFound, searchBase));
            }
            export = DirectoryExport.FromJson(json, $"{(StartTls ? "ldap" : "ldaps")}://{Server}:{port}/{searchBase}");
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

    private static bool IsLdapName(string name) =>
        name.Length > 0 && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
