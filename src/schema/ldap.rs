//! What a directory read asks Active Directory for: the LDAP display names of the attributes the
//! rules and predictions read of a directory object, each with the field it fills, how its values
//! come (its syntax) and whether it holds several. The reader asks for exactly these (and the
//! deployment's own attributes), so its input is complete by construction; the test domain's
//! schema extension is generated from them.

use serde::Serialize;

use super::fields::Field;

listed_enum! {
    /// How an attribute's values come over LDAP.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
    pub enum Syntax {
        /// A Unicode string (2.5.5.12), or an object identifier.
        Text,
        /// A distinguished name (2.5.5.1).
        DistinguishedName,
        /// An octet string (2.5.5.10): a GUID's 16 bytes.
        Bytes,
        /// A security identifier's binary form (2.5.5.17).
        Sid,
        /// An integer or large integer (2.5.5.9, 2.5.5.16), as decimal text.
        Number,
        /// TRUE or FALSE (2.5.5.8).
        Boolean,
    }
}

/// One attribute a directory read asks for.
#[derive(Clone, Copy, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LdapAttribute {
    pub name: &'static str,
    #[serde(serialize_with = "field_name")]
    pub field: Field,
    pub syntax: Syntax,
    pub multi_valued: bool,
}

fn field_name<S: serde::Serializer>(field: &Field, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(field.name())
}

const fn attribute(
    name: &'static str,
    field: Field,
    syntax: Syntax,
    multi_valued: bool,
) -> LdapAttribute {
    LdapAttribute {
        name,
        field,
        syntax,
        multi_valued,
    }
}

/// Every attribute a directory read asks for, by its LDAP display name (the AD schema's
/// lDAPDisplayName). objectClass lists the class chain (`top;person;…;user`): the object's class
/// is its last value.
pub const LDAP_ATTRIBUTES: &[LdapAttribute] = &[
    attribute(
        "distinguishedName",
        Field::DistinguishedName,
        Syntax::DistinguishedName,
        false,
    ),
    attribute("objectClass", Field::ObjectClass, Syntax::Text, true),
    attribute("sAMAccountName", Field::SamAccountName, Syntax::Text, false),
    attribute(
        "userPrincipalName",
        Field::UserPrincipalName,
        Syntax::Text,
        false,
    ),
    attribute("mail", Field::Mail, Syntax::Text, false),
    attribute("proxyAddresses", Field::ProxyAddresses, Syntax::Text, true),
    attribute("mailNickname", Field::MailNickname, Syntax::Text, false),
    attribute("targetAddress", Field::TargetAddress, Syntax::Text, false),
    attribute("displayName", Field::DisplayName, Syntax::Text, false),
    attribute("givenName", Field::GivenName, Syntax::Text, false),
    attribute("sn", Field::Surname, Syntax::Text, false),
    attribute(
        "msRTCSIP-PrimaryUserAddress",
        Field::SipAddress,
        Syntax::Text,
        false,
    ),
    attribute(
        "msExchRecipientTypeDetails",
        Field::RecipientTypeDetails,
        Syntax::Number,
        false,
    ),
    attribute(
        "isCriticalSystemObject",
        Field::IsCriticalSystemObject,
        Syntax::Boolean,
        false,
    ),
    attribute("groupType", Field::GroupCategory, Syntax::Number, false),
    attribute(
        "member",
        Field::MemberCount,
        Syntax::DistinguishedName,
        true,
    ),
    attribute("objectGUID", Field::ObjectGuid, Syntax::Bytes, false),
    attribute(
        "mS-DS-ConsistencyGuid",
        Field::ConsistencyGuid,
        Syntax::Bytes,
        false,
    ),
    attribute("objectSid", Field::SecurityIdentifier, Syntax::Sid, false),
    attribute(
        "msExchMasterAccountSid",
        Field::MasterAccountSid,
        Syntax::Sid,
        false,
    ),
    attribute(
        "msRTCSIP-OriginatorSid",
        Field::MasterAccountSid,
        Syntax::Sid,
        false,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Entity, field_named, names_of};

    // The reader's values are read by the one table of names: each LDAP name is a name the
    // schema reads a directory object by, for the same field.
    #[test]
    fn every_ldap_name_is_read_by_the_names_table() {
        for attribute in LDAP_ATTRIBUTES {
            assert_eq!(
                field_named(Entity::DirectoryObject, attribute.name),
                Some(attribute.field),
                "{}",
                attribute.name
            );
        }
    }

    // Complete by construction: every field a directory object is read by has an attribute the
    // reader asks for (the fields given a name by the admin come from the deployment).
    #[test]
    fn every_directory_field_is_asked_for() {
        for name in names_of(Entity::DirectoryObject) {
            assert!(
                LDAP_ATTRIBUTES
                    .iter()
                    .any(|attribute| attribute.field == name.field),
                "{:?} ({})",
                name.field,
                name.name
            );
        }
    }
}
