//! The projections: a row, wherever it came from, as the core's types. Written once, so an
//! object and an export row with the same values are the same input (docs/model.md, *Input*).

use crate::address::ProxyAddress;
use crate::anchor::{AnchorInput, AnchorValue};
use crate::model::{AnchorSetting, CloudUser, DirectoryObject, ObjectType, OnPremUser};
use crate::text::Trimmed;

use super::fields::Field;
use super::row::Row;

/// The row as the rules see a directory object.
pub fn directory_object<'a>(row: &impl Row<'a>) -> DirectoryObject<'a> {
    #[cfg(feature = "test-hooks")]
    super::test_hooks::panic_on(row.text(Field::SamAccountName));
    DirectoryObject {
        distinguished_name: row.text(Field::DistinguishedName),
        object_class: row.text(Field::ObjectClass),
        sam_account_name: row.text(Field::SamAccountName),
        user_principal_name: row.text(Field::UserPrincipalName),
        mail: row.text(Field::Mail),
        mail_nickname: row.text(Field::MailNickname),
        proxy_addresses: proxy_addresses(row),
        target_address: row.text(Field::TargetAddress),
        display_name: row.text(Field::DisplayName),
        given_name: row.text(Field::GivenName),
        surname: row.text(Field::Surname),
        sip_address: row.text(Field::SipAddress),
        // The default rules test IsPresent([isCriticalSystemObject]): present is enough.
        is_critical_system_object: row.is_set(Field::IsCriticalSystemObject),
        recipient_type_details: row.text(Field::RecipientTypeDetails),
        group_category: row.text(Field::GroupCategory),
        member_count: count(row.text(Field::MemberCount)),
        join_value: row.text(Field::JoinValue),
        security_identifier: row.text(Field::SecurityIdentifier),
        master_account_sid: row.text(Field::MasterAccountSid),
    }
}

/// The row's proxyAddresses, each parsed once.
fn proxy_addresses<'a>(row: &impl Row<'a>) -> Vec<ProxyAddress<'a>> {
    let mut proxies = Vec::new();
    row.each_value(Field::ProxyAddresses, |value| {
        proxies.push(ProxyAddress::parse(value))
    });
    proxies
}

/// The row as an on-premises user, its anchor read as the deployment's setting says: under a
/// custom source anchor, that attribute's value goes where mS-DS-ConsistencyGuid would
/// (`AnchorSetting::Custom`).
pub fn on_prem_user<'a>(row: &impl Row<'a>, setting: AnchorSetting) -> OnPremUser<'a> {
    let object = directory_object(row);
    OnPremUser {
        security_identifier: object.security_identifier,
        object,
        anchor: user_anchor(row, setting),
    }
}

/// The row's anchor values as the setting reads them, without the rest of the object: a custom
/// source anchor where mS-DS-ConsistencyGuid would be ([`AnchorSetting::Custom`]).
pub fn user_anchor<'a>(row: &impl Row<'a>, setting: AnchorSetting) -> AnchorInput<'a> {
    let consistency_guid = match setting {
        AnchorSetting::Custom => row.value(Field::CustomAnchor),
        _ => row.value(Field::ConsistencyGuid),
    };
    AnchorInput::User {
        object_guid: row.value(Field::ObjectGuid),
        consistency_guid,
    }
}

/// The deployment signs in with another attribute (alternate login ID): the object's UPN, as
/// every rule and prediction reads it, is that attribute's value ([`Field::UpnSource`]).
pub fn sign_in_with_attribute<'a>(row: &impl Row<'a>, object: &mut DirectoryObject<'a>) {
    object.user_principal_name = row.text(Field::UpnSource);
}

/// What a row gives an anchor to resolve from: a bare value as itself, any other row as a user
/// (objectGUID and mS-DS-ConsistencyGuid). A bare value that is empty stays empty: the anchor
/// says so.
pub fn anchor_input<'a>(row: &impl Row<'a>) -> AnchorInput<'a> {
    if row.has(Field::Value) {
        return AnchorInput::Value(row.value(Field::Value).unwrap_or(AnchorValue::Text("")));
    }
    AnchorInput::User {
        object_guid: row.value(Field::ObjectGuid),
        consistency_guid: row.value(Field::ConsistencyGuid),
    }
}

/// The row as a cloud object (Get-MgUser, Get-MgGroup, Get-MgContact, Get-MsolUser, or an export
/// of them). An object without a type and without a UPN is a group or a contact by its shape (a
/// property only that type has); otherwise a user.
pub fn cloud_user<'a>(row: &impl Row<'a>, deleted: bool) -> CloudUser<'a> {
    let user_principal_name = row.text(Field::UserPrincipalName);
    let object_type = row.text(Field::CloudObjectType).or_else(|| {
        let unnamed = user_principal_name.is_none_or(|upn| upn.trimmed().is_empty());
        if !unnamed {
            None
        } else if row.has(Field::GroupShape) {
            Some(ObjectType::Group.noun())
        } else if row.has(Field::ContactShape) {
            Some(ObjectType::Contact.noun())
        } else {
            None
        }
    });
    CloudUser {
        id: row.text(Field::CloudId).unwrap_or(""),
        user_principal_name,
        mail: row.text(Field::Mail),
        proxy_addresses: proxy_addresses(row),
        immutable_id: row.text(Field::ImmutableId),
        sync_enabled: row.flag(Field::SyncEnabled),
        last_dir_sync: row.is_set(Field::LastDirSync),
        object_type,
        security_identifier: row.text(Field::SecurityIdentifier),
        display_name: row.text(Field::DisplayName),
        deleted,
        object_identifier: row.text(Field::ObjectIdentifier),
        has_mailbox: has_mailbox(row),
        exchange_guid: row.text(Field::CloudExchangeGuid),
        licensed: licensed(row.text(Field::Licensed)),
    }
}

/// How many values a [`Kind::Count`](super::fields::Kind::Count) value says: a number (an
/// object's collection counted), or the values joined with `;` (a CSV cell); None for nothing.
fn count(value: Option<&str>) -> Option<u64> {
    let value = value?.trim();
    if value.is_empty() {
        return None;
    }
    value.parse::<u64>().ok().or_else(|| {
        Some(
            value
                .split(';')
                .filter(|part| !part.trim().is_empty())
                .count() as u64,
        )
    })
}

/// Whether a user holds a licence, from a [`Kind::Count`](super::fields::Kind::Count) value:
/// True/False (IsLicensed), a number (an object's AssignedLicenses counted), or SKU ids joined
/// with `;`. Anything else (Export-Csv writes a collection as its type name) is not known.
pub fn licensed(value: Option<&str>) -> Option<bool> {
    let value = value?.trim();
    if value.is_empty() {
        return None;
    }
    if let Ok(flag) = value.to_ascii_lowercase().parse::<bool>() {
        return Some(flag);
    }
    if let Ok(count) = value.parse::<u64>() {
        return Some(count > 0);
    }
    let mut skus = value
        .split(';')
        .map(str::trim)
        .filter(|part| !part.is_empty());
    let first = skus.next()?;
    std::iter::once(first)
        .chain(skus)
        .all(|sku| uuid::Uuid::try_parse(sku).is_ok())
        .then_some(true)
}

/// A HasMailbox flag, or Exchange Online's RecipientTypeDetails naming a mailbox (UserMailbox,
/// SharedMailbox…).
fn has_mailbox<'a>(row: &impl Row<'a>) -> bool {
    match row.flag(Field::CloudMailbox) {
        Some(flag) => flag,
        None => row.text(Field::CloudMailbox).is_some_and(|text| {
            let text = text.trimmed();
            text.len() >= 7
                && text.is_char_boundary(text.len() - 7)
                && text[text.len() - 7..].eq_ignore_ascii_case("Mailbox")
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::row::{Cell, CellRow, CellValue};

    // Get-MgUser's AssignedLicenses (counted when an object), a CSV of SKU ids, Get-MsolUser's
    // IsLicensed; Export-Csv's type name for a collection is not a licence state.
    #[test]
    fn licences_read_from_every_documented_shape() {
        assert_eq!(licensed(Some("2")), Some(true));
        assert_eq!(licensed(Some("0")), Some(false));
        assert_eq!(licensed(Some("True")), Some(true));
        assert_eq!(licensed(Some(" false ")), Some(false));
        assert_eq!(
            licensed(Some(
                "c7df2760-2c81-4ef7-b578-5b5392b571df; 6fd2c87f-b296-42f0-b197-1e91e994b900"
            )),
            Some(true)
        );
        assert_eq!(licensed(Some("")), None);
        assert_eq!(licensed(Some(" ; ")), None);
        assert_eq!(licensed(None), None);
        assert_eq!(
            licensed(Some(
                "Microsoft.Graph.PowerShell.Models.MicrosoftGraphAssignedLicense[]"
            )),
            None
        );
    }

    fn row<'c>(cells: &'c [Cell<'c>]) -> CellRow<'c> {
        CellRow::new(cells).unwrap()
    }

    fn text(field: Field, value: &str) -> Cell<'_> {
        Cell {
            field,
            value: CellValue::Text(value),
        }
    }

    #[test]
    fn a_get_mg_group_without_a_type_is_a_group_by_its_shape() {
        // Get-MgGroup output has SecurityEnabled/GroupTypes/MailEnabled (present even when
        // null) and no UPN.
        let cells = [text(Field::CloudId, "g1"), text(Field::GroupShape, "")];
        assert_eq!(cloud_user(&row(&cells), false).object_type, Some("group"));
        let cells = [text(Field::CloudId, "c1"), text(Field::ContactShape, "")];
        assert_eq!(cloud_user(&row(&cells), false).object_type, Some("contact"));
        // A user has a UPN: its shape is never asked.
        let cells = [
            text(Field::CloudId, "u1"),
            text(Field::UserPrincipalName, "u1@contoso.com"),
            text(Field::GroupShape, ""),
        ];
        assert_eq!(cloud_user(&row(&cells), false).object_type, None);
    }

    #[test]
    fn a_mailbox_is_read_from_has_mailbox_or_exchange_online_recipient_types() {
        for (value, expected) in [
            ("True", true),
            ("false", false),
            ("UserMailbox", true),
            ("SharedMailbox", true),
            ("MailUser", false),
            ("ünMailbox", true),
            ("ü", false),
        ] {
            let cells = [text(Field::CloudId, "u"), text(Field::CloudMailbox, value)];
            assert_eq!(
                cloud_user(&row(&cells), false).has_mailbox,
                expected,
                "{value}"
            );
        }
    }

    #[test]
    fn a_custom_anchor_is_read_where_the_setting_says() {
        let cells = [
            text(Field::ConsistencyGuid, "consistency"),
            text(Field::CustomAnchor, "E1234"),
        ];
        let custom = on_prem_user(&row(&cells), AnchorSetting::Custom);
        let auto = on_prem_user(&row(&cells), AnchorSetting::Auto);
        fn value<'a>(user: OnPremUser<'a>) -> Option<AnchorValue<'a>> {
            match user.anchor {
                AnchorInput::User {
                    consistency_guid, ..
                } => consistency_guid,
                AnchorInput::Value(_) => None,
            }
        }
        assert_eq!(value(custom), Some(AnchorValue::Text("E1234")));
        assert_eq!(value(auto), Some(AnchorValue::Text("consistency")));
    }
}
