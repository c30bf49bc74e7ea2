// The public type ConvertFrom-ProxyAddress returns, and the JSON shape the native library sends
// it in.
using System;
using System.Collections.ObjectModel;
using System.Text.Json.Serialization;
using SyncMatch.Text;

namespace SyncMatch;

/// <summary>One parsed proxyAddresses value (ConvertFrom-ProxyAddress's output).</summary>
public sealed class ProxyAddress
{
    internal ProxyAddress(ProxyAddressJson json)
    {
        Type = json.Type;
        Prefix = json.Prefix;
        IsPrimary = json.IsPrimary;
        Address = json.Address;
        Key = json.Key;
        IsValid = json.IsValid;
        Problems = new ReadOnlyCollection<string>(Array.ConvertAll(json.Problems ?? Array.Empty<string>(), DisplayText.Escape));
    }

    /// <summary>SMTP, X500, X400, SIP, EUM, or another prefix in upper case.</summary>
    public string Type { get; }

    /// <summary>The prefix as written (SMTP, smtp, …); empty for a plain address.</summary>
    public string Prefix { get; }

    /// <summary>True for the primary SMTP address (upper-case SMTP:).</summary>
    public bool IsPrimary { get; }

    /// <summary>The address after the prefix, as written.</summary>
    public string Address { get; }

    /// <summary>The comparison key: trimmed, case-folded, prefix removed.</summary>
    public string Key { get; }

    /// <summary>True when the value breaks no rule.</summary>
    public bool IsValid { get; }

    /// <summary>What is wrong with the value.</summary>
    public ReadOnlyCollection<string> Problems { get; }

    /// <inheritdoc/>
    public override string ToString() => Prefix.Length == 0 ? Address : Prefix + ":" + Address;
}

/// <summary>A parsed address as the native library sends it.</summary>
internal sealed class ProxyAddressJson
{
    public string Type { get; set; } = "";
    public string Prefix { get; set; } = "";
    public bool IsPrimary { get; set; }
    public string Address { get; set; } = "";
    public string Key { get; set; } = "";
    public bool IsValid { get; set; }
    public string[]? Problems { get; set; }
}

/// <summary>The JSON shapes the native library sends parsed addresses in (camelCase, enums as names).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ProxyAddressJson[][]))]
internal sealed partial class AddressJsonContext : JsonSerializerContext
{
}
