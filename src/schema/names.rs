//! The entities (what a cmdlet reads an input as) and the one table of names: which property or
//! column is which field, for which entities, in order of preference.

use serde::Serialize;

use super::fields::Field;

listed_enum! {
    /// What an input is read as.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
    pub enum Entity {
        /// A directory object whose attributes the rules check (Test-SyncReadiness).
        DirectoryObject,
        /// An on-premises user to predict or plan: its attributes, its anchor and its SID
        /// (Test-SoftMatch, New-HardMatchPlan -OnPremisesUser).
        OnPremisesUser,
        /// A cloud user, group or contact (-CloudUser, -DeletedCloudUser).
        CloudObject,
        /// What a cloud object without a UPN and without a type name shows of its type: read
        /// only for such objects (every user has a UPN), so a million users pay nothing for it.
        CloudShape,
        /// One row of a hard-match mapping (the seed's users.csv, HardMatch.ps1's columns).
        MappingRow,
        /// An object whose source anchor is asked for (ConvertTo-ImmutableId, Get-SourceAnchor).
        AnchorObject,
        /// The pilot group of group filtering (-ScopeGroup): its DN, and (given by the caller
        /// under MemberCount's names) its direct members, which no other entity reads.
        ScopeGroup,
    }
}

impl Entity {
    pub const fn bit(self) -> u8 {
        1 << self as u8
    }

    /// The fields a row of this entity must be read without (when present, the fallback entity
    /// is not read), and that fallback: a cloud object's shape.
    pub fn fallback(self) -> Option<(Entity, &'static [Field])> {
        match self {
            Entity::CloudObject => Some((
                Entity::CloudShape,
                &[Field::UserPrincipalName, Field::CloudObjectType],
            )),
            _ => None,
        }
    }
}

/// A set of entities, one bit each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entities(u8);

impl Entities {
    pub const fn contains(self, entity: Entity) -> bool {
        self.0 & entity.bit() != 0
    }
}

const fn set(entities: &[Entity]) -> Entities {
    let mut bits = 0;
    let mut i = 0;
    while i < entities.len() {
        bits |= entities[i].bit();
        i += 1;
    }
    Entities(bits)
}

/// A directory object's attributes: read by the rules and by the prediction alike.
const DIRECTORY: Entities = set(&[Entity::DirectoryObject, Entity::OnPremisesUser]);
/// An anchor attribute: read for a prediction, when only the anchor is asked for, and for the
/// readiness check (one anchor on two objects is a duplicate).
const ANCHOR: Entities = set(&[
    Entity::DirectoryObject,
    Entity::OnPremisesUser,
    Entity::AnchorObject,
]);
const CLOUD: Entities = set(&[Entity::CloudObject]);
const SHAPE: Entities = set(&[Entity::CloudShape]);
const MAPPING: Entities = set(&[Entity::MappingRow]);
const EVERY_ROW: Entities = set(&[
    Entity::DirectoryObject,
    Entity::OnPremisesUser,
    Entity::CloudObject,
    Entity::MappingRow,
]);
const DIRECTORY_AND_MAPPING: Entities = set(&[
    Entity::DirectoryObject,
    Entity::OnPremisesUser,
    Entity::MappingRow,
    Entity::ScopeGroup,
]);

/// One name a field is read by.
#[derive(Clone, Copy, Debug)]
pub struct Name {
    /// The property or column name, compared without case.
    pub name: &'static str,
    pub field: Field,
    pub entities: Entities,
}

const fn name(name: &'static str, field: Field, entities: Entities) -> Name {
    Name {
        name,
        field,
        entities,
    }
}

/// Every name of every field, each with the entities that read it. For one field and entity the
/// earlier name wins when an input has two with a value (Get-ADUser's own name first, then the
/// aliases other sources write). Where names come from: Get-ADUser's properties and its friendly
/// aliases (EmailAddress, Surname, SID); Get-MgUser's, Get-MgGroup's, Get-MgContact's and
/// Get-MsolUser's properties; the seed article's mapping CSV columns (Username, ADUser, O365User).
pub const NAMES: &[Name] = &[
    name(
        "DistinguishedName",
        Field::DistinguishedName,
        DIRECTORY_AND_MAPPING,
    ),
    name("ObjectClass", Field::ObjectClass, DIRECTORY),
    name(
        "SamAccountName",
        Field::SamAccountName,
        DIRECTORY_AND_MAPPING,
    ),
    name("UserPrincipalName", Field::UserPrincipalName, EVERY_ROW),
    // Get-ADUser shows mail also as EmailAddress; mail wins when both hold a value.
    // A mapping row without a directory user of its own names its cloud user by e-mail too.
    name("mail", Field::Mail, DIRECTORY_AND_MAPPING),
    name("EmailAddress", Field::Mail, DIRECTORY_AND_MAPPING),
    name("mailNickname", Field::MailNickname, DIRECTORY),
    // Exchange's Get-Mailbox / Get-RemoteMailbox / Get-User show mailNickname as Alias
    // (Exchange's filterable properties: Alias | mailNickname).
    name("Alias", Field::MailNickname, DIRECTORY),
    name("proxyAddresses", Field::ProxyAddresses, DIRECTORY),
    name("targetAddress", Field::TargetAddress, DIRECTORY),
    name("displayName", Field::DisplayName, DIRECTORY),
    name("givenName", Field::GivenName, DIRECTORY),
    name("sn", Field::Surname, DIRECTORY),
    name("Surname", Field::Surname, DIRECTORY),
    name("msRTCSIP-PrimaryUserAddress", Field::SipAddress, DIRECTORY),
    name(
        "msExchRecipientTypeDetails",
        Field::RecipientTypeDetails,
        DIRECTORY,
    ),
    name(
        "isCriticalSystemObject",
        Field::IsCriticalSystemObject,
        DIRECTORY,
    ),
    // Get-ADGroup returns GroupCategory by default; groupType when asked for it.
    name("GroupCategory", Field::GroupCategory, DIRECTORY),
    name("groupType", Field::GroupCategory, DIRECTORY),
    name("member", Field::MemberCount, DIRECTORY),
    name("Members", Field::MemberCount, DIRECTORY),
    name(
        "ObjectGUID",
        Field::ObjectGuid,
        set(&[
            Entity::DirectoryObject,
            Entity::OnPremisesUser,
            Entity::AnchorObject,
            Entity::MappingRow,
        ]),
    ),
    // Get-ADUser's LDAP name first; the others are spellings seen in exports and scripts.
    name("mS-DS-ConsistencyGuid", Field::ConsistencyGuid, ANCHOR),
    name("msDS-ConsistencyGuid", Field::ConsistencyGuid, ANCHOR),
    name("ConsistencyGuid", Field::ConsistencyGuid, ANCHOR),
    // Get-ADUser returns SID by default, objectSid when asked for it. The readiness check reads
    // it too: the SID forest join joins an account to its linked mailbox by it.
    name("objectSid", Field::SecurityIdentifier, DIRECTORY),
    name("SID", Field::SecurityIdentifier, DIRECTORY),
    // Exchange's linked mailbox names its account; Lync's resource-forest user, its originator
    // (the SID join's rule reads both: In from AD - User Join, AADConnectConfigDocumenter's
    // sample configuration).
    name("msExchMasterAccountSid", Field::MasterAccountSid, DIRECTORY),
    name("msRTCSIP-OriginatorSid", Field::MasterAccountSid, DIRECTORY),
    // Get-MgUser's names first, then Get-MsolUser's.
    name("Id", Field::CloudId, CLOUD),
    name("Mail", Field::Mail, CLOUD),
    name("ProxyAddresses", Field::ProxyAddresses, CLOUD),
    name("DisplayName", Field::DisplayName, CLOUD),
    name("ObjectId", Field::CloudId, CLOUD),
    name("OnPremisesImmutableId", Field::ImmutableId, CLOUD),
    name("ImmutableId", Field::ImmutableId, CLOUD),
    name("OnPremisesSyncEnabled", Field::SyncEnabled, CLOUD),
    name("LastDirSyncTime", Field::LastDirSync, CLOUD),
    name("@odata.type", Field::CloudObjectType, CLOUD),
    name("ObjectType", Field::CloudObjectType, CLOUD),
    name(
        "OnPremisesSecurityIdentifier",
        Field::SecurityIdentifier,
        CLOUD,
    ),
    name("OnPremisesObjectIdentifier", Field::ObjectIdentifier, CLOUD),
    // A HasMailbox column, or Exchange Online's RecipientTypeDetails (Get-EXOMailbox).
    name("HasMailbox", Field::CloudMailbox, CLOUD),
    name("RecipientTypeDetails", Field::CloudMailbox, CLOUD),
    name("ExchangeGuid", Field::CloudExchangeGuid, CLOUD),
    name("AssignedLicenses", Field::Licensed, CLOUD),
    name("IsLicensed", Field::Licensed, CLOUD),
    // Only Get-MgGroup objects have these; only Get-MgContact (orgContact) objects those.
    name("SecurityEnabled", Field::GroupShape, SHAPE),
    name("GroupTypes", Field::GroupShape, SHAPE),
    name("MailEnabled", Field::GroupShape, SHAPE),
    name("Phones", Field::ContactShape, SHAPE),
    name("Addresses", Field::ContactShape, SHAPE),
    // The mapping's own columns: HardMatch.ps1's (Username, and ADUser / O365User / 365User in the
    // readers' variants), and SyncMatch's explicit ones.
    name(
        "OnPremisesUserPrincipalName",
        Field::OnPremisesUserPrincipalName,
        MAPPING,
    ),
    name("Username", Field::OnPremisesKey, MAPPING),
    name("ADUser", Field::OnPremisesKey, MAPPING),
    name("CloudUserId", Field::CloudUserId, MAPPING),
    name(
        "CloudUserPrincipalName",
        Field::CloudUserPrincipalName,
        MAPPING,
    ),
    name("O365User", Field::CloudKey, MAPPING),
    name("365User", Field::CloudKey, MAPPING),
    // More of the seed's readers' headers (issue 21): Office365User, CloudUPN.
    name("Office365User", Field::CloudKey, MAPPING),
    name("CloudUPN", Field::CloudUserPrincipalName, MAPPING),
];

/// A property or column name as it is matched: without the white space around it and a leading
/// `$` (a header typed as `$ADUser`, or `O365User ` with a trailing space).
pub fn normalized(name: &str) -> &str {
    let name = name.trim();
    name.strip_prefix('$').map_or(name, str::trim)
}

/// The names `entity` reads, in order of preference.
pub fn names_of(entity: Entity) -> impl Iterator<Item = &'static Name> {
    NAMES
        .iter()
        .filter(move |name| name.entities.contains(entity))
}

/// The field `entity` reads a property or column named `name` into (compared without case).
pub fn field_named(entity: Entity, name: &str) -> Option<Field> {
    let name = normalized(name);
    names_of(entity)
        .find(|known| known.name.eq_ignore_ascii_case(name))
        .map(|known| known.field)
}

/// The field a property or column named `name` holds, for whichever entity reads it: a name
/// means one field wherever it is read (a test holds the table to that).
pub fn field_of(name: &str) -> Option<Field> {
    let name = normalized(name);
    NAMES
        .iter()
        .find(|known| known.name.eq_ignore_ascii_case(name))
        .map(|known| known.field)
}

/// The name a field is shown by in messages: the first `entity` reads it by.
pub fn display_name(entity: Entity, field: Field) -> &'static str {
    names_of(entity)
        .find(|known| known.field == field)
        .or_else(|| NAMES.iter().find(|known| known.field == field))
        .map_or(field.name(), |known| known.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_entity_reads_one_name_as_two_fields() {
        for entity in Entity::ALL {
            let names: Vec<&Name> = names_of(*entity).collect();
            for (i, a) in names.iter().enumerate() {
                for b in &names[i + 1..] {
                    assert!(
                        !a.name.eq_ignore_ascii_case(b.name),
                        "{entity:?} reads '{}' twice",
                        a.name
                    );
                }
            }
        }
    }

    #[test]
    fn a_name_means_one_field_whatever_reads_it() {
        for a in NAMES {
            assert_eq!(field_of(a.name), Some(a.field), "{}", a.name);
        }
    }

    #[test]
    fn get_ad_user_names_come_before_their_aliases() {
        // Get-ADUser shows mail also as EmailAddress: mail is preferred.
        let mail: Vec<&str> = names_of(Entity::DirectoryObject)
            .filter(|name| name.field == Field::Mail)
            .map(|name| name.name)
            .collect();
        assert_eq!(mail, ["mail", "EmailAddress"]);
        assert_eq!(
            field_named(Entity::OnPremisesUser, "EMAILADDRESS"),
            Some(Field::Mail)
        );
        assert_eq!(field_named(Entity::CloudObject, "EmailAddress"), None);
        assert_eq!(display_name(Entity::DirectoryObject, Field::Surname), "sn");
    }

    #[test]
    fn exchange_alias_is_the_mail_nickname() {
        // Exchange's filterable properties: the Alias property is the mailNickname attribute.
        assert_eq!(
            field_named(Entity::DirectoryObject, "alias"),
            Some(Field::MailNickname)
        );
        assert_eq!(
            display_name(Entity::DirectoryObject, Field::MailNickname),
            "mailNickname"
        );
        assert_eq!(field_named(Entity::CloudObject, "Alias"), None);
    }

    #[test]
    fn the_mapping_reads_the_seed_articles_columns() {
        // HardMatch.ps1's users.csv: Username, and the readers' ADUser / O365User / 365User.
        assert_eq!(
            field_named(Entity::MappingRow, "Username"),
            Some(Field::OnPremisesKey)
        );
        assert_eq!(
            field_named(Entity::MappingRow, "o365user"),
            Some(Field::CloudKey)
        );
        assert_eq!(
            field_named(Entity::MappingRow, "365User"),
            Some(Field::CloudKey)
        );
        assert_eq!(field_named(Entity::DirectoryObject, "Username"), None);
    }

    #[test]
    fn every_field_read_from_a_property_has_a_name() {
        for field in Field::ALL {
            let named = NAMES.iter().any(|name| name.field == *field);
            let given = matches!(
                field,
                Field::CustomAnchor
                    | Field::UpnSource
                    | Field::JoinValue
                    | Field::Member
                    | Field::ResultIdentity
                    | Field::Value
                    | Field::Refusal
            );
            assert!(named != given, "{field:?}");
        }
    }
}
