// Reads cloud objects (Get-MgUser, Get-MgGroup, Get-MgContact, Get-MsolUser, CSV rows of them,
// Get-MgDirectoryDeletedItemAsUser) into the native cloud-user struct: the prediction and the
// hard-match plan read them the same way.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using SyncMatch.Native;

namespace SyncMatch.Directory;

/// <summary>The cloud-object properties read, in the order of their fields.</summary>
internal enum CloudField
{
    Id,
    UserPrincipalName,
    Mail,
    ProxyAddresses,
    ImmutableId,
    SyncEnabled,
    LastDirSync,
    ObjectType,
    SecurityIdentifier,
    DisplayName,
    // Only Get-MgGroup objects have these: how a group is known without an ObjectType column.
    GroupMarker,
    // Only Get-MgContact (orgContact) objects have these.
    ContactMarker,
    // Graph's other properties; '@odata.type' is there for directory objects of any type.
    AdditionalProperties,
    ObjectIdentifier,
    // Exchange Online's RecipientTypeDetails (Get-EXOMailbox), or a HasMailbox column.
    Mailbox,
}

internal sealed class CloudUserReader
{
    // Get-MgUser's names first, then Get-MsolUser's. What the prediction and the plan both read.
    private static readonly (string Name, int Field)[] CommonNames =
    {
        ("Id", (int)CloudField.Id),
        ("ObjectId", (int)CloudField.Id),
        ("UserPrincipalName", (int)CloudField.UserPrincipalName),
        ("Mail", (int)CloudField.Mail),
        ("ProxyAddresses", (int)CloudField.ProxyAddresses),
        ("OnPremisesImmutableId", (int)CloudField.ImmutableId),
        ("ImmutableId", (int)CloudField.ImmutableId),
        ("OnPremisesSyncEnabled", (int)CloudField.SyncEnabled),
        ("LastDirSyncTime", (int)CloudField.LastDirSync),
        ("@odata.type", (int)CloudField.ObjectType),
        ("ObjectType", (int)CloudField.ObjectType),
        ("OnPremisesSecurityIdentifier", (int)CloudField.SecurityIdentifier),
        ("DisplayName", (int)CloudField.DisplayName),
    };

    private static readonly PropertyTable PredictionTable = new((int)CloudField.Mailbox + 1, CommonNames);

    // The plan reads what the hard-match guard rails need besides.
    private static readonly PropertyTable PlanTable = new(
        (int)CloudField.Mailbox + 1,
        [
            .. CommonNames,
            ("OnPremisesObjectIdentifier", (int)CloudField.ObjectIdentifier),
            ("HasMailbox", (int)CloudField.Mailbox),
            ("RecipientTypeDetails", (int)CloudField.Mailbox),
        ]);

    // Read only for an object without a UPN (every user has one; groups and contacts do not), so
    // a million users do not pay for six more look-ups each.
    private static readonly PropertyTable KindTable = new(
        (int)CloudField.Mailbox + 1,
        ("SecurityEnabled", (int)CloudField.GroupMarker),
        ("GroupTypes", (int)CloudField.GroupMarker),
        ("MailEnabled", (int)CloudField.GroupMarker),
        ("Phones", (int)CloudField.ContactMarker),
        ("Addresses", (int)CloudField.ContactMarker),
        ("AdditionalProperties", (int)CloudField.AdditionalProperties));

    private readonly PropertyTable table;
    private readonly object?[] kindFields = new object?[KindTable.FieldCount];

    /// <summary>A reader for the prediction, or (<paramref name="forPlan"/>) for the hard-match plan.</summary>
    internal CloudUserReader(bool forPlan = false) => table = forPlan ? PlanTable : PredictionTable;

    /// <summary>The Get-MgUser command that returns everything the module reads of a cloud user.</summary>
    internal const string FetchCommand =
        "Get-MgUser -All -Property Id, UserPrincipalName, Mail, ProxyAddresses, OnPremisesImmutableId, OnPremisesSyncEnabled, OnPremisesSecurityIdentifier, DisplayName";

    private readonly object?[] fields = new object?[(int)CloudField.Mailbox + 1];

    /// <summary>
    /// What a set of cloud users cannot support, once each: an empty set, ProxyAddresses null on
    /// every user (Get-MgUser without -Property; selected and empty is an empty list, when
    /// <paramref name="addresses"/> matter), no OnPremisesImmutableId or OnPremisesSyncEnabled.
    /// </summary>
    internal static IEnumerable<string> InputWarnings(InputCompleteness cloud, string parameter, bool addresses)
    {
        if (cloud.Count == 0)
        {
            yield return $"-{parameter} is empty: every answer is for a tenant without users. If the tenant has users, pass them: {FetchCommand}";
            yield break;
        }
        if (addresses && cloud.NeverValued((int)CloudField.ProxyAddresses))
        {
            yield return "No cloud user has ProxyAddresses (Get-MgUser returns an empty list when the property is selected and none exist, null when it was not selected): addresses cannot be compared, so SMTP soft matches and address conflicts are missing. Fetch them: " + FetchCommand;
        }
        if (cloud.NeverPresent((int)CloudField.ImmutableId))
        {
            yield return "No cloud user has an OnPremisesImmutableId property, so the immutableIds cloud users already hold are unknown (hard matches, InvalidSoftMatch, an anchor already taken). Fetch it: " + FetchCommand;
        }
        else if (cloud.NeverValued((int)CloudField.ImmutableId))
        {
            yield return "No cloud user has an OnPremisesImmutableId: assumed that none was ever synchronized. If Get-MgUser ran without -Property, that is not known; fetch it: " + FetchCommand;
        }
        if (cloud.NeverPresent((int)CloudField.SyncEnabled) && cloud.NeverPresent((int)CloudField.LastDirSync))
        {
            yield return "No cloud user has an OnPremisesSyncEnabled property: assumed that none is synchronized now. Fetch it: " + FetchCommand;
        }
    }

    internal string? Id => (string?)fields[(int)CloudField.Id];

    internal string? UserPrincipalName => (string?)fields[(int)CloudField.UserPrincipalName];

    /// <summary>
    /// Reads one cloud object, every value checked before anything is kept; returns why it is
    /// not usable (not an object, no Id, a value the input bounds refuse), or null.
    /// </summary>
    internal string? Read(object? cloudUser, InputCompleteness completeness)
    {
        if (cloudUser is null)
        {
            return "it is $null";
        }
        try
        {
            InputShapes.RequireObject(cloudUser, "a cloud user");
            table.Read(cloudUser, fields, out ulong present);
            completeness.Record(present, fields);
            Normalize(cloudUser);
        }
        catch (InputRejectedException rejected)
        {
            return rejected.Message;
        }
        return string.IsNullOrWhiteSpace(Id) ? "it has no Id or ObjectId" : null;
    }

    /// <summary>The object read last, appended to <paramref name="data"/> and <paramref name="values"/>.</summary>
    internal NativeCloudUser Marshal(SlotBuffer data, List<NativeSlot> values, bool deleted)
    {
        (nuint first, nuint count) = DirectoryObjectSlots.WriteValues(fields[(int)CloudField.ProxyAddresses], data, values);
        NativeSlot Text(CloudField field) => data.AppendText((string?)fields[(int)field]);
        return new NativeCloudUser
        {
            Id = Text(CloudField.Id),
            UserPrincipalName = Text(CloudField.UserPrincipalName),
            Mail = Text(CloudField.Mail),
            ImmutableId = Text(CloudField.ImmutableId),
            ObjectType = Text(CloudField.ObjectType),
            SecurityIdentifier = Text(CloudField.SecurityIdentifier),
            DisplayName = Text(CloudField.DisplayName),
            SyncEnabled = PropertyTable.Flag(fields[(int)CloudField.SyncEnabled]) switch { true => 1u, false => 2u, null => 0u },
            LastDirSync = PropertyTable.IsSet(fields[(int)CloudField.LastDirSync]) ? 1u : 0u,
            Deleted = deleted ? 1u : 0u,
            ObjectIdentifier = Text(CloudField.ObjectIdentifier),
            HasMailbox = HasMailbox() ? 1u : 0u,
            ProxyAddressesFirst = first,
            ProxyAddressesCount = count,
        };
    }

    /// <summary>A HasMailbox flag, or Exchange Online's RecipientTypeDetails naming a mailbox (UserMailbox, SharedMailbox…).</summary>
    private bool HasMailbox() => fields[(int)CloudField.Mailbox] switch
    {
        null => false,
        string text when !bool.TryParse(text, out _) => text.EndsWith("Mailbox", StringComparison.OrdinalIgnoreCase),
        var flag => PropertyTable.Flag(flag) == true,
    };

    /// <summary>Brings the values to text (proxyAddresses to a list), held to the input bounds.</summary>
    private void Normalize(object cloudUser)
    {
        for (int i = 0; i < fields.Length; i++)
        {
            fields[i] = (CloudField)i switch
            {
                CloudField.ProxyAddresses => PropertyTable.Values(fields[i]),
                CloudField.SyncEnabled or CloudField.LastDirSync => fields[i],
                CloudField.Mailbox when fields[i] is bool => fields[i],
                _ => PropertyTable.Text(fields[i]),
            };
        }
        if (fields[(int)CloudField.ObjectType] is null && string.IsNullOrWhiteSpace((string?)fields[(int)CloudField.UserPrincipalName]))
        {
            KindTable.Read(cloudUser, kindFields, out ulong present);
            fields[(int)CloudField.ObjectType] = ObjectKind(cloudUser, present);
        }
    }

    /// <summary>
    /// "Group" or "Contact" for Get-MgGroup / Get-MgContact output recognised by Graph's
    /// '@odata.type', a property only that type has (present even when null: its shape), or its
    /// type name; null (a user) otherwise.
    /// </summary>
    private string? ObjectKind(object cloudUser, ulong present)
    {
        if (kindFields[(int)CloudField.AdditionalProperties] is IDictionary more
            && more.Contains("@odata.type")
            && PropertyTable.Text(more["@odata.type"]) is { } odataType)
        {
            return odataType;
        }
        if ((present & (1UL << (int)CloudField.GroupMarker)) != 0)
        {
            return "Group";
        }
        if ((present & (1UL << (int)CloudField.ContactMarker)) != 0)
        {
            return "Contact";
        }
        if (cloudUser is PSObject wrapped)
        {
            foreach (string typeName in wrapped.TypeNames)
            {
                if (typeName.EndsWith("MicrosoftGraphGroup", StringComparison.Ordinal))
                {
                    return "Group";
                }
                if (typeName.EndsWith("MicrosoftGraphOrgContact", StringComparison.Ordinal))
                {
                    return "Contact";
                }
            }
        }
        return null;
    }
}
