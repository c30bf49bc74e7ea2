// Folder Directory/: reading pipeline objects into native batches (property tables, the input
// bounds, anchors from objects, marshalling, the chunked pipeline). It imports Native/ and Text/.
//
// The attributes the readiness rules and the match prediction read from directory objects.
using System.Linq;

namespace SyncMatch.Directory;

/// <summary>The attributes read, in the order of SyncMatchDirectoryObject's text slots, then the anchor and SID.</summary>
internal enum DirectoryField
{
    DistinguishedName,
    ObjectClass,
    SamAccountName,
    UserPrincipalName,
    Mail,
    MailNickname,
    TargetAddress,
    DisplayName,
    GivenName,
    Surname,
    RecipientTypeDetails,
    ProxyAddresses,
    IsCriticalSystemObject,
    // The anchor attributes, in AnchorSource.PropertyNames' field order.
    ObjectGuid,
    ConsistencyGuid,
    SecurityIdentifier,
}

internal static class DirectoryObjectReader
{
    private static readonly object BoxedTrue = true;


    internal const int ReadinessFieldCount = (int)DirectoryField.IsCriticalSystemObject + 1;
    internal const int UserFieldCount = (int)DirectoryField.SecurityIdentifier + 1;

    private static readonly (string, int)[] ReadinessNames =
    {
        ("DistinguishedName", (int)DirectoryField.DistinguishedName),
        ("ObjectClass", (int)DirectoryField.ObjectClass),
        ("SamAccountName", (int)DirectoryField.SamAccountName),
        ("UserPrincipalName", (int)DirectoryField.UserPrincipalName),
        // Get-ADUser shows mail also as EmailAddress; mail wins when both are there.
        ("mail", (int)DirectoryField.Mail),
        ("EmailAddress", (int)DirectoryField.Mail),
        ("mailNickname", (int)DirectoryField.MailNickname),
        ("targetAddress", (int)DirectoryField.TargetAddress),
        ("displayName", (int)DirectoryField.DisplayName),
        ("givenName", (int)DirectoryField.GivenName),
        ("sn", (int)DirectoryField.Surname),
        ("Surname", (int)DirectoryField.Surname),
        ("msExchRecipientTypeDetails", (int)DirectoryField.RecipientTypeDetails),
        ("proxyAddresses", (int)DirectoryField.ProxyAddresses),
        ("isCriticalSystemObject", (int)DirectoryField.IsCriticalSystemObject),
    };

    /// <summary>What Test-SyncReadiness reads.</summary>
    internal static readonly PropertyTable Readiness = new(ReadinessFieldCount, ReadinessNames);

    /// <summary>What Test-SoftMatch reads of an on-premises user: the same, its anchor attributes and its SID.</summary>
    internal static readonly PropertyTable User = new(
        UserFieldCount,
        [
            .. ReadinessNames,
            // The anchor attributes, under the names ConvertTo-ImmutableId reads them by.
            .. AnchorSource.PropertyNames.Select(entry => (entry.Name, entry.Field + (int)DirectoryField.ObjectGuid)),
            // Get-ADUser returns SID by default, objectSid when asked for it.
            ("objectSid", (int)DirectoryField.SecurityIdentifier),
            ("SID", (int)DirectoryField.SecurityIdentifier),
        ]);

    /// <summary>
    /// Brings the values <see cref="PropertyTable.Read"/> found to what marshalling takes (text
    /// as string, proxyAddresses as string or string[], the flag as bool, anchors as
    /// AnchorSource normalizes them), on the pipeline thread, and holds them to the input bounds.
    /// Returns the characters the object holds; throws <see cref="InputRejectedException"/>
    /// naming the attribute.
    /// </summary>
    internal static long Normalize(System.Span<object?> fields)
    {
        long total = 0;
        for (int i = 0; i < fields.Length; i++)
        {
            var field = (DirectoryField)i;
            try
            {
                fields[i] = field switch
                {
                    DirectoryField.ProxyAddresses => PropertyTable.Values(fields[i]),
                    // The default rules test IsPresent([isCriticalSystemObject]): present is enough,
                    // whatever its value. One shared box, not one per object.
                    DirectoryField.IsCriticalSystemObject => PropertyTable.IsSet(fields[i]) ? BoxedTrue : null,
                    DirectoryField.ObjectGuid or DirectoryField.ConsistencyGuid => AnchorSource.NormalizeValue(fields[i]),
                    _ => PropertyTable.Text(fields[i]),
                };
            }
            catch (InputRejectedException rejected)
            {
                throw rejected.In(User.NameOf(i));
            }
            total += PropertyTable.Length(fields[i]);
        }
        if (total > InputValues.MaxObjectLength)
        {
            throw InputRejectedException.ObjectTooLarge(total);
        }
        return total;
    }
}
