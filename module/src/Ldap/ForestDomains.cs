// A forest's domains, from the crossRef objects of its configuration partition (CN=Partitions):
// a crossRef whose systemFlags hold FLAG_CR_NTDS_NC (1) and FLAG_CR_NTDS_DOMAIN (2) names a
// domain's naming context (nCName) and its DNS name (dnsRoot) (MS-ADTS 7.1.1.2.1.1.5 "crossRef
// Objects"; 2.2.12 systemFlags). The configuration, schema and DNS application partitions have
// crossRefs too, without the domain flag: they are not read.
using System;
using System.Collections.Generic;
using System.Globalization;

namespace SyncMatch.Ldap;

/// <summary>One domain of the forest: its naming context and its DNS name.</summary>
internal sealed record ForestDomain(string NamingContext, string DnsRoot);

internal static class ForestDomains
{
    private const int NtdsNamingContext = 0x1;
    private const int NtdsDomain = 0x2;

    /// <summary>The domains among <paramref name="crossRefs"/> (each crossRef's nCName, dnsRoot and systemFlags as the server returned them), in the order given.</summary>
    internal static IReadOnlyList<ForestDomain> FromCrossRefs(IEnumerable<(string? NamingContext, string? DnsRoot, string? SystemFlags)> crossRefs)
    {
        var domains = new List<ForestDomain>();
        foreach (var (namingContext, dnsRoot, systemFlags) in crossRefs)
        {
            if (!int.TryParse(systemFlags, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int flags)
                || (flags & (NtdsNamingContext | NtdsDomain)) != (NtdsNamingContext | NtdsDomain)
                || string.IsNullOrWhiteSpace(namingContext) || string.IsNullOrWhiteSpace(dnsRoot))
            {
                continue;
            }
            domains.Add(new ForestDomain(namingContext, dnsRoot));
        }
        return domains;
    }
}
