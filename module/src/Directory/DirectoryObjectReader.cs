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
    internal static readonly PropertyTable User = UserTable(AnchorSource.PropertyNames);

    /// <summary>
    /// What Test-SoftMatch reads when the deployment's source anchor is a custom attribute: its
    /// value takes the ConsistencyGuid field (the native side reads it there).
    /// </summary>
    internal static PropertyTable UserWithCustomAnchor(string attribute) => UserTable([("ObjectGUID", 0), (attribute, 1)]);

    private static PropertyTable UserTable((string Name, int Field)[] anchorNames) => new(
        UserFieldCount,
        [
            .. ReadinessNames,
            // The anchor attributes, under the names ConvertTo-ImmutableId reads them by.
            .. anchorNames.Select(entry => (entry.Name, entry.Field + (int)DirectoryField.ObjectGuid)),
            // Get-ADUser returns SID by default, objectSid when asked for it.
            ("objectSid", (int)DirectoryField.SecurityIdentifier),
            ("SID", (int)DirectoryField.SecurityIdentifier),
        ]);

    /// <summary>
    /// The properties Get-ADUser returns only when asked, that the rules and the prediction
    /// read (with their LDAP names for the message).
    /// </summary>
    internal static readonly (DirectoryField Field, string Name)[] RequestedProperties =
    {
        (DirectoryField.Mail, "mail"),
        (DirectoryField.ProxyAddresses, "proxyAddresses"),
        (DirectoryField.MailNickname, "mailNickname"),
        (DirectoryField.RecipientTypeDetails, "msExchRecipientTypeDetails"),
        (DirectoryField.IsCriticalSystemObject, "isCriticalSystemObject"),
    };

    /// <summary>The Get-ADUser command that returns everything the module reads.</summary>
    internal const string FetchCommand =
        "Get-ADUser -Filter * -Properties mail, proxyAddresses, mailNickname, displayName, givenName, sn, targetAddress, mS-DS-ConsistencyGuid, msExchRecipientTypeDetails, isCriticalSystemObject";

    /// <summary>
    /// The warning for a directory export without the columns the answers need, or null: names
    /// each missing column and the export command that writes them all.
    /// </summary>
    internal static string? MissingColumnsWarning(DirectoryExport export)
    {
        var missing = RequestedProperties
            .Where(entry => !export.Fields.Contains(entry.Field.ToString()))
            .Select(entry => entry.Name)
            .ToList();
        if (missing.Count == 0)
        {
            return null;
        }
        return $"{export.Path} has no column {string.Join(", ", missing)}, so every answer treats them as empty, which can be wrong. Export them: {FetchCommand} | Select-Object *, @{{n='proxyAddresses';e={{$_.proxyAddresses -join ';'}}}} -ExcludeProperty proxyAddresses | Export-Csv -NoTypeInformation -Encoding UTF8";
    }

    /// <summary>
    /// The warning for on-premises input that lacks properties the answers need, or null: names
    /// each property no object had, and the command that fetches them.
    /// </summary>
    internal static string? MissingPropertiesWarning(InputCompleteness input, bool anchors)
    {
        var missing = RequestedProperties
            .Where(entry => input.NeverPresent((int)entry.Field))
            .Select(entry => entry.Name)
            .ToList();
        if (anchors && input.NeverPresent((int)DirectoryField.ConsistencyGuid))
        {
            missing.Add("mS-DS-ConsistencyGuid");
        }
        if (missing.Count == 0)
        {
            return null;
        }
        return $"No input object has {(missing.Count == 1 ? "the property" : "the properties")} {string.Join(", ", missing)}, so every answer treats them as empty, which can be wrong (a clean plan from incomplete input). Get-ADUser returns them only when asked: {FetchCommand}";
    }

    /// <summary>
    /// Brings the values <see cref="PropertyTable.Read"/> found to what marshalling takes (text
    /// as string, proxyAddresses as string or string[], the flag as bool, anchors as
    /// AnchorSource normalizes them), on the pipeline thread, and holds them to the input bounds.
    /// Returns the characters the object holds; throws <see cref="InputRejectedException"/>
    /// naming the attribute.
    /// </summary>
    internal static long Normalize(System.Span<object?> fields) => Normalize(fields, User);

    /// <summary>As <see cref="Normalize(System.Span{object?})"/>, naming attributes as <paramref name="table"/> does.</summary>
    internal static long Normalize(System.Span<object?> fields, PropertyTable table)
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
                throw rejected.In(table.NameOf(i));
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
