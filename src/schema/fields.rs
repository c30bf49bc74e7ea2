//! The fields: every value SyncMatch reads from any input, what kind of value each is, and how
//! an admin fetches it (the incomplete-input warnings name the command).

use serde::Serialize;

listed_enum! {
    /// A value an input can carry. Its number (its position here) is how it crosses the C ABI;
    /// the schema description names them all, so the module never lists them itself.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
    pub enum Field {
        // A directory object (Get-ADUser, Get-ADObject, an AD export).
        DistinguishedName,
        ObjectClass,
        SamAccountName,
        UserPrincipalName,
        Mail,
        ProxyAddresses,
        MailNickname,
        TargetAddress,
        DisplayName,
        GivenName,
        Surname,
        /// msRTCSIP-PrimaryUserAddress: the SIP address Skype for Business / Teams set, synchronized
        /// as Entra ID's SipProxyAddress.
        SipAddress,
        RecipientTypeDetails,
        /// A group's category: Get-ADGroup's GroupCategory (Security, Distribution) or the
        /// groupType number (bit 0x80000000: security).
        GroupCategory,
        /// A group's direct members, by DN: the pilot group of group filtering, read under the
        /// names [`Field::MemberCount`] has (a name means one field in the table, and directory
        /// objects only count their members).
        Member,
        /// How many direct members a group has (its `member` values, counted): Cloud Sync's
        /// group size limit.
        MemberCount,
        IsCriticalSystemObject,
        ObjectGuid,
        ConsistencyGuid,
        /// The deployment's custom source anchor (employeeID…): read under the name the admin
        /// gives with -SourceAnchorAttribute.
        CustomAnchor,
        /// The deployment's sign-in attribute (alternate login ID: mail…), the cloud UPN's source:
        /// read under the name the admin gives with -UserPrincipalNameAttribute.
        UpnSource,
        /// The attribute the deployment joins users across forests on, when the admin chose one
        /// (-ForestJoin employeeNumber…): read under that name.
        JoinValue,
        SecurityIdentifier,
        /// msExchMasterAccountSid (or msRTCSIP-OriginatorSid): a linked mailbox's account in
        /// another forest, by its objectSid. The SID forest join joins the two into one person.
        MasterAccountSid,
        // A cloud object (Get-MgUser, Get-MgGroup, Get-MgContact, Get-MsolUser, a cloud export).
        CloudId,
        ImmutableId,
        SyncEnabled,
        LastDirSync,
        CloudObjectType,
        ObjectIdentifier,
        CloudMailbox,
        /// The cloud mailbox's ExchangeGuid (Get-EXOMailbox): Set-RemoteMailbox -ExchangeGuid
        /// takes it when the on-premises user becomes the mailbox's remote mailbox.
        CloudExchangeGuid,
        /// The user's licences: Get-MgUser's AssignedLicenses (counted: its values are objects),
        /// Get-MsolUser's IsLicensed. SynchronizeUpnForManagedUsers concerns licensed users only.
        Licensed,
        /// A property only Get-MgGroup objects have (present even when empty).
        GroupShape,
        /// A property only Get-MgContact objects have (present even when empty).
        ContactShape,
        // A mapping row (the seed's CSV, HardMatch.ps1's columns).
        OnPremisesUserPrincipalName,
        OnPremisesKey,
        CloudUserId,
        CloudUserPrincipalName,
        CloudKey,
        /// A Test-SoftMatch result's Identity: the on-premises user it was predicted for.
        ResultIdentity,
        // Not attributes: how an input is handed over.
        /// A bare value (a GUID, bytes, text) given where an anchor is asked for.
        Value,
        /// The caller refused this input (its error record is written): the message. The row
        /// keeps its place so every input yields a result.
        Refusal,
    }
}

/// How many fields there are (a row's field index is this long).
pub const FIELD_COUNT: usize = Field::ALL.len();

// A row records which fields it has as one bit each.
const _: () = assert!(FIELD_COUNT <= 64);

listed_enum! {
    /// What kind of value a field holds, and so how a caller hands it over.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
    pub enum Kind {
        /// One value, text.
        Text,
        /// Several values: one text cell each, or one cell holding them joined with `;` (a CSV
        /// cell), split by `address::each_joined`.
        List,
        /// An anchor: raw bytes (a `byte[]`, a `[guid]`) or text in any of its spellings.
        Anchor,
        /// Set or not: the default rules test presence (`IsPresent([isCriticalSystemObject])`),
        /// whatever the value; a blank text is not set.
        Presence,
        /// Yes or no: `true` or `false` (a `[bool]`, or its text in a CSV cell).
        Flag,
        /// The input has the property at all, even empty: how an object's type shows in its shape.
        Shape,
        /// How many values: an object's collection is counted (its values are objects, read only
        /// by number); a cell holds the number, the values joined with `;`, or True/False.
        Count,
    }
}

impl Field {
    /// What kind of value the field holds.
    pub const fn kind(self) -> Kind {
        match self {
            Field::ProxyAddresses | Field::Member => Kind::List,
            Field::ObjectGuid | Field::ConsistencyGuid | Field::CustomAnchor | Field::Value => {
                Kind::Anchor
            }
            Field::IsCriticalSystemObject | Field::LastDirSync => Kind::Presence,
            Field::SyncEnabled => Kind::Flag,
            Field::GroupShape | Field::ContactShape => Kind::Shape,
            Field::Licensed | Field::MemberCount => Kind::Count,
            _ => Kind::Text,
        }
    }

    /// Get-ADUser returns it only when asked (`-Properties`): the command that fetches everything
    /// SyncMatch reads of a directory object lists it.
    pub const fn asked_of_get_ad_user(self) -> bool {
        matches!(
            self,
            Field::Mail
                | Field::ProxyAddresses
                | Field::MailNickname
                | Field::TargetAddress
                | Field::DisplayName
                | Field::GivenName
                | Field::Surname
                | Field::SipAddress
                | Field::RecipientTypeDetails
                | Field::IsCriticalSystemObject
                | Field::ConsistencyGuid
        )
    }

    /// Missing from every directory object, it makes every answer treat the value as empty, which
    /// can be wrong (a clean plan from incomplete input): the cmdlets say so once.
    pub const fn warned_when_missing(self) -> bool {
        matches!(
            self,
            Field::Mail
                | Field::ProxyAddresses
                | Field::MailNickname
                | Field::RecipientTypeDetails
                | Field::IsCriticalSystemObject
        )
    }

    /// A Microsoft Graph user property SyncMatch reads: `Get-MgUser -Property` must list it
    /// (Graph returns only a default set, and only what `$select` names when it is given).
    pub const fn selected_from_graph(self) -> bool {
        matches!(
            self,
            Field::CloudId
                | Field::UserPrincipalName
                | Field::Mail
                | Field::ProxyAddresses
                | Field::DisplayName
                | Field::ImmutableId
                | Field::SyncEnabled
                | Field::SecurityIdentifier
                | Field::ObjectIdentifier
                | Field::Licensed
        )
    }

    /// The field's number as it crosses the C ABI (its position in [`Field::ALL`]).
    pub fn number(self) -> u32 {
        self as u32
    }

    /// The field numbered `number`, if there is one.
    pub fn from_number(number: u32) -> Option<Field> {
        Field::ALL.get(number as usize).copied()
    }

    /// The field's bit in a set of fields.
    pub const fn bit(self) -> u64 {
        1 << self as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_positions_and_come_back() {
        for (position, field) in Field::ALL.iter().enumerate() {
            assert_eq!(field.number() as usize, position);
            assert_eq!(Field::from_number(field.number()), Some(*field));
        }
        assert_eq!(Field::from_number(FIELD_COUNT as u32), None);
        assert_eq!(Field::from_number(u32::MAX), None);
    }

    #[test]
    fn every_bit_is_its_own() {
        let all = Field::ALL.iter().fold(0u64, |bits, field| {
            assert_eq!(bits & field.bit(), 0, "{field:?}");
            bits | field.bit()
        });
        assert_eq!(all.count_ones() as usize, FIELD_COUNT);
    }
}
