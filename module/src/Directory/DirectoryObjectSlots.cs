// Marshals one directory object's attribute values (as DirectoryObjectReader read them) into a
// batch's buffers: text into the data buffer, proxyAddresses into the value slots.
using System;
using System.Collections.Generic;
using SyncMatch.Native;

namespace SyncMatch.Directory;

internal static class DirectoryObjectSlots
{
    internal static NativeDirectoryObject Write(ReadOnlySpan<object?> fields, SlotBuffer data, List<NativeSlot> values)
    {
        (nuint first, nuint count) = WriteValues(fields[(int)DirectoryField.ProxyAddresses], data, values);
        return new NativeDirectoryObject
        {
            DistinguishedName = Text(fields, DirectoryField.DistinguishedName, data),
            ObjectClass = Text(fields, DirectoryField.ObjectClass, data),
            SamAccountName = Text(fields, DirectoryField.SamAccountName, data),
            UserPrincipalName = Text(fields, DirectoryField.UserPrincipalName, data),
            Mail = Text(fields, DirectoryField.Mail, data),
            MailNickname = Text(fields, DirectoryField.MailNickname, data),
            TargetAddress = Text(fields, DirectoryField.TargetAddress, data),
            DisplayName = Text(fields, DirectoryField.DisplayName, data),
            GivenName = Text(fields, DirectoryField.GivenName, data),
            Surname = Text(fields, DirectoryField.Surname, data),
            RecipientTypeDetails = Text(fields, DirectoryField.RecipientTypeDetails, data),
            IsCriticalSystemObject = fields[(int)DirectoryField.IsCriticalSystemObject] is true ? 1u : 0u,
            ProxyAddressesFirst = first,
            ProxyAddressesCount = count,
        };
    }

    /// <summary>A multi-valued attribute (as PropertyTable.Values gives it) as value slots: where they start and how many.</summary>
    internal static (nuint First, nuint Count) WriteValues(object? multiValued, SlotBuffer data, List<NativeSlot> values)
    {
        int first = values.Count;
        switch (multiValued)
        {
            case null:
                break;
            case string[] items:
                foreach (string item in items)
                {
                    if (item is not null)
                    {
                        values.Add(data.AppendText(item));
                    }
                }
                break;
            case var joined:
                // A CSV cell may hold several values joined with ';': the native side splits it.
                values.Add(data.AppendText(PropertyTable.Text(joined), SlotKind.Utf8JoinedList));
                break;
        }
        return ((nuint)first, (nuint)(values.Count - first));
    }

    /// <summary>A text field, already normalized to a string by DirectoryObjectReader.Normalize.</summary>
    internal static NativeSlot Text(ReadOnlySpan<object?> fields, DirectoryField field, SlotBuffer data) =>
        data.AppendText((string?)fields[(int)field]);
}
