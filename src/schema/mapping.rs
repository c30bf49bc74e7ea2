//! The mapping-row key rule: which of a row's values names its on-premises user and which its
//! cloud user (HardMatch.ps1's users.csv and its readers' variants, Get-ADUser objects, and
//! Test-SoftMatch results).

use std::borrow::Cow;

use crate::anchor::{AnchorValue, SourceAnchor};
use crate::model::{CloudKey, MappingRow, OnPremKey};

use super::fields::Field;
use super::names::{Entity, NAMES, field_of, normalized};
use super::row::Row;

/// The row as one mapping of an on-premises user to a cloud user.
///
/// - A Test-SoftMatch result carries its user (Identity: its DN, else sAMAccountName or UPN), its
///   anchor and its target's id: the anchor is stamped as predicted.
/// - The on-premises key is the first present of ObjectGUID, DistinguishedName, SamAccountName,
///   OnPremisesUserPrincipalName, Username / ADUser (a sAMAccountName, UPN or DN, whichever
///   matches).
/// - The cloud key is the first present of CloudUserId, CloudUserPrincipalName, O365User /
///   365User (an id or a UPN), and UserPrincipalName, which is the cloud UPN only in a row with no
///   other cloud key and no ObjectGUID: a Get-ADUser object's UserPrincipalName is its own.
pub fn mapping_row<'a>(row: &impl Row<'a>) -> MappingRow<'a> {
    if let Some(identity) = row.text(Field::ResultIdentity) {
        return MappingRow {
            on_prem_key: Some(Cow::Borrowed(identity)),
            on_prem_kind: OnPremKey::DistinguishedName,
            cloud_key: row.text(Field::CloudUserId),
            cloud_kind: CloudKey::Id,
            immutable_id: row.text(Field::ImmutableId),
            identity: Some(Cow::Borrowed(identity)),
        };
    }
    let guid = row.value(Field::ObjectGuid);
    let (on_prem_key, on_prem_kind) = match guid {
        Some(guid) => (guid_text(guid), OnPremKey::ObjectGuid),
        None => [
            (Field::DistinguishedName, OnPremKey::DistinguishedName),
            (Field::SamAccountName, OnPremKey::SamAccountName),
            (
                Field::OnPremisesUserPrincipalName,
                OnPremKey::UserPrincipalName,
            ),
            (Field::OnPremisesKey, OnPremKey::Any),
        ]
        .into_iter()
        .find_map(|(field, kind)| key(row, field).map(|key| (Some(Cow::Borrowed(key)), kind)))
        .unwrap_or((None, OnPremKey::Any)),
    };
    let mut cloud = [
        (Field::CloudUserId, CloudKey::Id),
        (Field::CloudUserPrincipalName, CloudKey::UserPrincipalName),
        (Field::CloudKey, CloudKey::Any),
    ]
    .into_iter()
    .find_map(|(field, kind)| key(row, field).map(|key| (key, kind)));
    if cloud.is_none() && guid.is_none() {
        // A row that is no directory user: its UserPrincipalName, else its e-mail address
        // (EmailAddress, a header the seed's readers used), names the cloud user.
        cloud = key(row, Field::UserPrincipalName)
            .or_else(|| key(row, Field::Mail))
            .map(|upn| (upn, CloudKey::UserPrincipalName));
    }
    MappingRow {
        identity: on_prem_key.clone(),
        on_prem_key,
        on_prem_kind,
        cloud_key: cloud.map(|(key, _)| key),
        cloud_kind: cloud.map_or(CloudKey::Any, |(_, kind)| kind),
        immutable_id: None,
    }
}

/// A key cell: present and not blank.
fn key<'a>(row: &impl Row<'a>, field: Field) -> Option<&'a str> {
    row.text(field).filter(|text| !text.trim().is_empty())
}

/// An objectGUID as the text a plan finds its user by: text as given (any spelling), bytes as
/// their GUID; bytes that are no GUID give no key (the row's user is then not found).
fn guid_text(guid: AnchorValue<'_>) -> Option<Cow<'_, str>> {
    match guid {
        AnchorValue::Text(text) => Some(Cow::Borrowed(text)),
        AnchorValue::Bytes(_) => SourceAnchor::from_value(guid, None)
            .ok()
            .map(|(anchor, _)| Cow::Owned(anchor.guid_text())),
    }
}

/// Why a mapping file's columns cannot be planned: one error for the file, never a
/// `TargetNotFound` per row.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum MappingColumnsError {
    #[error(
        "the mapping's one column is named '{column}': the file is separated by ';' (as Excel writes CSV where ',' is the decimal separator), and was read with ','. Read it with Import-Csv -Delimiter ';' (or -UseCulture)"
    )]
    WrongDelimiter { column: String },
    #[error(
        "no column names the {side} (columns found: {found}). New-HardMatchPlan reads it from {accepted}: rename the column, or add one"
    )]
    NoKey {
        side: &'static str,
        found: String,
        accepted: String,
    },
}

/// The fields whose names name the on-premises user of a mapping row, and the cloud user.
const ON_PREMISES_KEYS: &[Field] = &[
    Field::ObjectGuid,
    Field::DistinguishedName,
    Field::SamAccountName,
    Field::OnPremisesUserPrincipalName,
    Field::OnPremisesKey,
];
const CLOUD_KEYS: &[Field] = &[
    Field::CloudUserId,
    Field::CloudUserPrincipalName,
    Field::CloudKey,
];

/// Checks a mapping's column (or property) names, as [`mapping_row`] reads them: some column must
/// name the on-premises user and some the cloud user (UserPrincipalName or an e-mail address
/// count for the cloud user only without ObjectGUID). A Test-SoftMatch result names both.
/// Returns the names that match only once normalized (white space, a leading `$`), with the
/// name the schema knows them by.
pub fn check_mapping_columns(
    names: &[&str],
) -> Result<Vec<(String, &'static str)>, MappingColumnsError> {
    let fields: Vec<Option<Field>> = names.iter().map(|name| field_of(name)).collect();
    let has = |field: Field| fields.contains(&Some(field));
    if !has(Field::ResultIdentity) {
        if let [only] = names
            && only.contains(';')
        {
            return Err(MappingColumnsError::WrongDelimiter {
                column: only.to_string(),
            });
        }
        let found = || {
            names
                .iter()
                .map(|name| format!("'{name}'"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        if !ON_PREMISES_KEYS.iter().any(|&field| has(field)) {
            return Err(MappingColumnsError::NoKey {
                side: "on-premises user",
                found: found(),
                accepted: accepted(ON_PREMISES_KEYS, ""),
            });
        }
        let by_own_name =
            !has(Field::ObjectGuid) && (has(Field::UserPrincipalName) || has(Field::Mail));
        if !CLOUD_KEYS.iter().any(|&field| has(field)) && !by_own_name {
            return Err(MappingColumnsError::NoKey {
                side: "cloud user",
                found: found(),
                accepted: accepted(
                    CLOUD_KEYS,
                    ", or UserPrincipalName, mail or EmailAddress in a file without ObjectGUID",
                ),
            });
        }
    }
    Ok(names
        .iter()
        .zip(&fields)
        .filter_map(|(&name, field)| {
            let field = (*field)?;
            let known = NAMES.iter().find(|known| {
                known.field == field && known.name.eq_ignore_ascii_case(normalized(name))
            })?;
            (known.name != name && !known.name.eq_ignore_ascii_case(name))
                .then(|| (name.to_string(), known.name))
        })
        .collect())
}

/// The names a mapping reads `fields` by, for messages.
fn accepted(fields: &[Field], more: &str) -> String {
    let names: Vec<&str> = NAMES
        .iter()
        .filter(|known| {
            fields.contains(&known.field) && known.entities.contains(Entity::MappingRow)
        })
        .map(|known| known.name)
        .collect();
    format!("{}{more}", names.join(", "))
}

/// Whether the row is also its own directory user: a row that carries its objectGUID (a
/// Get-ADUser object, an AD export row) names itself when no -OnPremisesUser is given.
pub fn is_directory_user<'a>(row: &impl Row<'a>) -> bool {
    !row.has(Field::ResultIdentity) && row.value(Field::ObjectGuid).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::row::{Cell, CellRow, CellValue};

    fn mapped(cells: &[(Field, &str)]) -> MappingRow<'static> {
        let cells: Vec<Cell<'_>> = cells
            .iter()
            .map(|&(field, value)| Cell {
                field,
                value: CellValue::Text(value),
            })
            .collect();
        let row = CellRow::new(&cells).unwrap();
        let mapped = mapping_row(&row);
        // Owned, to outlive the cells of the test.
        MappingRow {
            on_prem_key: mapped.on_prem_key.map(|key| Cow::Owned(key.into_owned())),
            identity: mapped.identity.map(|key| Cow::Owned(key.into_owned())),
            cloud_key: mapped.cloud_key.map(|key| &*key.to_owned().leak()),
            immutable_id: mapped.immutable_id.map(|key| &*key.to_owned().leak()),
            ..mapped
        }
    }

    #[test]
    fn the_seed_articles_users_csv_maps_username_to_a_cloud_upn() {
        let row = mapped(&[
            (Field::OnPremisesKey, "jdoe"),
            (Field::UserPrincipalName, "jdoe@contoso.com"),
        ]);
        assert_eq!(row.on_prem_key.as_deref(), Some("jdoe"));
        assert_eq!(row.on_prem_kind, OnPremKey::Any);
        assert_eq!(row.cloud_key, Some("jdoe@contoso.com"));
        assert_eq!(row.cloud_kind, CloudKey::UserPrincipalName);
    }

    #[test]
    fn a_get_ad_user_objects_upn_is_its_own_not_the_cloud_key() {
        let row = mapped(&[
            (Field::ObjectGuid, "35918bc9-196d-40ea-9779-889d79b753f0"),
            (Field::SamAccountName, "jdoe"),
            (Field::UserPrincipalName, "jdoe@contoso.local"),
        ]);
        assert_eq!(row.on_prem_kind, OnPremKey::ObjectGuid);
        assert_eq!(row.cloud_key, None);
    }

    #[test]
    fn explicit_keys_win_in_their_order_and_blank_keys_are_none() {
        let row = mapped(&[
            (Field::DistinguishedName, "  "),
            (Field::SamAccountName, "jdoe"),
            (Field::CloudKey, "jdoe@contoso.com"),
            (Field::CloudUserId, "11111111-2222-3333-4444-555555555555"),
        ]);
        assert_eq!(row.on_prem_key.as_deref(), Some("jdoe"));
        assert_eq!(row.on_prem_kind, OnPremKey::SamAccountName);
        assert_eq!(row.cloud_kind, CloudKey::Id);
    }

    #[test]
    fn a_test_soft_match_result_carries_its_anchor_and_target() {
        let row = mapped(&[
            (Field::ResultIdentity, "CN=Jane,DC=contoso,DC=com"),
            (Field::CloudUserId, "cloud-1"),
            (Field::ImmutableId, "yYuRNW0Z6kCXeYidebdT8A=="),
        ]);
        assert_eq!(row.immutable_id, Some("yYuRNW0Z6kCXeYidebdT8A=="));
        assert_eq!(row.cloud_key, Some("cloud-1"));
        // An immutableId a CSV row carries is never taken as given: only a result's is.
        let row = mapped(&[
            (Field::SamAccountName, "jdoe"),
            (Field::ImmutableId, "yYuRNW0Z6kCXeYidebdT8A=="),
        ]);
        assert_eq!(row.immutable_id, None);
    }

    #[test]
    fn an_object_guid_as_bytes_is_its_guid_text() {
        let bytes = [
            0xC9, 0x8B, 0x91, 0x35, 0x6D, 0x19, 0xEA, 0x40, 0x97, 0x79, 0x88, 0x9D, 0x79, 0xB7,
            0x53, 0xF0,
        ];
        let cells = [Cell {
            field: Field::ObjectGuid,
            value: CellValue::Bytes(&bytes),
        }];
        let row = CellRow::new(&cells).unwrap();
        assert!(is_directory_user(&row));
        assert_eq!(
            mapping_row(&row).on_prem_key.as_deref(),
            Some("35918bc9-196d-40ea-9779-889d79b753f0")
        );
    }
}

#[cfg(test)]
mod column_tests {
    use super::*;

    // Issue 21: the seed's users.csv and its readers' headers, as they were typed.
    #[test]
    fn seed_readers_headers_are_read_after_trimming_and_a_leading_dollar() {
        for (on_prem, cloud) in [
            ("Username", "UserPrincipalName"),
            ("$ADUser", "365User"),
            ("ADUser", "O365User "),
            (" Username", "Office365User"),
            ("Username", "CloudUPN"),
            ("Username", "EmailAddress"),
        ] {
            assert_eq!(
                check_mapping_columns(&[on_prem, cloud]).map(|_| ()),
                Ok(()),
                "{on_prem}, {cloud}"
            );
        }
        let renames = check_mapping_columns(&["$ADUser", "O365User "]).unwrap();
        assert_eq!(
            renames,
            vec![
                ("$ADUser".to_string(), "ADUser"),
                ("O365User ".to_string(), "O365User")
            ]
        );
        assert!(
            check_mapping_columns(&["Username", "CloudUserId"])
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn a_file_without_a_key_column_is_one_error_naming_what_was_found_and_what_is_read() {
        let error = check_mapping_columns(&["Username"])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("no column names the cloud user")
                && error.contains("'Username'")
                && error.contains("O365User"),
            "{error}"
        );
        let error = check_mapping_columns(&["Name", "O365User"])
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("on-premises user") && error.contains("SamAccountName"),
            "{error}"
        );
        // A Get-ADUser object names itself, but its own UPN is no cloud key.
        assert!(
            check_mapping_columns(&["ObjectGUID", "SamAccountName", "UserPrincipalName"]).is_err()
        );
    }

    #[test]
    fn a_semicolon_file_read_with_commas_is_explained() {
        let error = check_mapping_columns(&["Username;O365User"]).unwrap_err();
        assert!(matches!(error, MappingColumnsError::WrongDelimiter { .. }));
        assert!(error.to_string().contains("-Delimiter ';'"));
    }
}
