// Reads the attributes the readiness rules need from whatever PowerShell hands over: Get-ADUser /
// Get-ADObject output, [pscustomobject]s, Import-Csv rows, hashtables. Only shapes are read here.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace SyncMatch.Readiness;

/// <summary>The attributes read, in the order of SyncMatchDirectoryObject's text slots.</summary>
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
    ProxyAddresses,
    IsCriticalSystemObject,
}

internal static class DirectoryObjectReader
{
    internal const int FieldCount = 12;

    // Property names per field, case-insensitive; an earlier name wins (mail over Get-ADUser's
    // alias EmailAddress, sn over Surname).
    private static readonly (string Name, DirectoryField Field)[] Names =
    {
        ("DistinguishedName", DirectoryField.DistinguishedName),
        ("ObjectClass", DirectoryField.ObjectClass),
        ("SamAccountName", DirectoryField.SamAccountName),
        ("UserPrincipalName", DirectoryField.UserPrincipalName),
        ("mail", DirectoryField.Mail),
        ("EmailAddress", DirectoryField.Mail),
        ("mailNickname", DirectoryField.MailNickname),
        ("targetAddress", DirectoryField.TargetAddress),
        ("displayName", DirectoryField.DisplayName),
        ("givenName", DirectoryField.GivenName),
        ("sn", DirectoryField.Surname),
        ("Surname", DirectoryField.Surname),
        ("proxyAddresses", DirectoryField.ProxyAddresses),
        ("isCriticalSystemObject", DirectoryField.IsCriticalSystemObject),
    };

    private static readonly Dictionary<string, int> NameRank = BuildNameRank();

    private static Dictionary<string, int> BuildNameRank()
    {
        var rank = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < Names.Length; i++)
        {
            rank[Names[i].Name] = i;
        }
        return rank;
    }

    /// <summary>Fills <paramref name="fields"/> (one slot per DirectoryField) with the raw property values.</summary>
    internal static void Read(object input, object?[] fields)
    {
        Array.Clear(fields);
        Span<int> foundRank = stackalloc int[FieldCount];
        foundRank.Fill(int.MaxValue);
        object baseObject = input is PSObject wrapped ? wrapped.BaseObject : input;

        if (baseObject is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (entry.Key is string key)
                {
                    Offer(key, entry.Value, fields, foundRank);
                }
            }
            return;
        }

        PSObject psObject = PSObject.AsPSObject(input);
        for (int rank = 0; rank < Names.Length; rank++)
        {
            (string name, DirectoryField field) = Names[rank];
            if (foundRank[(int)field] < rank)
            {
                continue;
            }
            if (PropertyReader.Read(psObject, name) is { } value)
            {
                Offer(name, value, fields, foundRank);
            }
        }
    }

    private static void Offer(string name, object? value, object?[] fields, Span<int> foundRank)
    {
        if (NameRank.TryGetValue(name, out int rank))
        {
            int field = (int)Names[rank].Field;
            if (rank < foundRank[field] && value is not null)
            {
                fields[field] = value is PSObject wrapped ? wrapped.BaseObject : value;
                foundRank[field] = rank;
            }
        }
    }

    /// <summary>A single-valued attribute as text (null when absent).</summary>
    internal static string? Text(object? value)
    {
        switch (value)
        {
            case null:
                return null;
            case PSObject wrapped:
                return Text(wrapped.BaseObject);
            case string text:
                return text;
            case IEnumerable items:
                var texts = new List<string>();
                foreach (object? item in items)
                {
                    if (Text(item) is { } itemText)
                    {
                        texts.Add(itemText);
                    }
                }
                return texts.Count == 0 ? null : string.Join(";", texts);
            default:
                return Convert.ToString(value, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>isCriticalSystemObject as a bool: [bool] $true or the text TRUE in a CSV row.</summary>
    internal static bool Flag(object? value) => value switch
    {
        bool flag => flag,
        string text => bool.TryParse(text.Trim(), out bool parsed) && parsed,
        PSObject wrapped => Flag(wrapped.BaseObject),
        _ => false,
    };
}
