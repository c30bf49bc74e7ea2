//! The input schema's exports: its description (the module builds its property tables from it,
//! so it lists no attribute itself), the warnings an incomplete input earns, and the check of a
//! mapping's columns.

use super::*;
use crate::schema::completeness::{self, Seen, Side, Source};
use crate::schema::{Entity, FIELD_COUNT, Field, Kind, names_of};

/// Which properties a whole input had, one bit per field (its number): for the warnings of
/// [`syncmatch_input_warnings`].
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SyncMatchSeen {
    /// Inputs seen.
    pub rows: u64,
    /// The fields some input had a property for (even one holding null).
    pub present: u64,
    /// The fields some input had a value for (not null; an empty list is a value).
    pub valued: u64,
}

/// What an input was read as, for its warnings.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMatchInputSide {
    /// Directory objects whose anchor is not read (the readiness check).
    OnPremises = 0,
    /// Directory objects whose anchor is read under the Auto setting (mS-DS-ConsistencyGuid).
    OnPremisesWithAnchors = 1,
    /// Cloud users whose addresses the answers compare (a prediction).
    Cloud = 2,
    /// A hard-match plan's cloud users: their addresses are not compared, their mailbox facts
    /// are asked (the plan's mailbox advice needs them).
    HardMatchCloud = 3,
    /// Soft-deleted cloud users.
    Deleted = 4,
    /// Cloud users of a prediction whose tenant has SynchronizeUpnForManagedUsers off: their
    /// licences are asked too.
    CloudUpnUpdatesBlocked = 5,
}

from_u32!(
    SyncMatchInputSide,
    "an input side",
    [
        OnPremises,
        OnPremisesWithAnchors,
        Cloud,
        HardMatchCloud,
        Deleted,
        CloudUpnUpdatesBlocked
    ]
);

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Description {
    /// Every field, by its number: its name and kind.
    fields: Vec<FieldDescription>,
    /// Every entity: the names it reads, in order of preference, each with its field's number;
    /// and, for a cloud object, the entity read only when the fields named are all absent.
    entities: Vec<EntityDescription>,
    /// The commands that fetch everything read: for the help and the warnings.
    get_ad_user: String,
    get_mg_user: String,
    /// The attributes -SourceAnchorAttribute refuses, each with why (`anchor::unselectable_anchor_attribute`).
    refused_anchor_attributes: Vec<(&'static str, String)>,
    /// What a directory read asks Active Directory for (`schema::LDAP_ATTRIBUTES`).
    ldap_attributes: &'static [crate::schema::LdapAttribute],
}

#[derive(Serialize)]
struct FieldDescription {
    name: &'static str,
    kind: Kind,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntityDescription {
    name: &'static str,
    names: Vec<(&'static str, u32)>,
    fallback: Option<Fallback>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Fallback {
    entity: &'static str,
    when_absent: Vec<u32>,
}

fn description() -> Description {
    Description {
        fields: Field::ALL
            .iter()
            .map(|field| FieldDescription {
                name: field.name(),
                kind: field.kind(),
            })
            .collect(),
        entities: Entity::ALL
            .iter()
            .map(|&entity| EntityDescription {
                name: entity.name(),
                names: names_of(entity)
                    .map(|name| (name.name, name.field.number()))
                    .collect(),
                fallback: entity.fallback().map(|(fallback, absent)| Fallback {
                    entity: fallback.name(),
                    when_absent: absent.iter().map(|field| field.number()).collect(),
                }),
            })
            .collect(),
        get_ad_user: completeness::get_ad_user_command(),
        get_mg_user: completeness::get_mg_user_command(),
        refused_anchor_attributes: crate::anchor::UNSELECTABLE_ANCHOR_ATTRIBUTES
            .iter()
            .filter_map(|&name| {
                crate::anchor::unselectable_anchor_attribute(name).map(|why| (name, why))
            })
            .collect(),
        ldap_attributes: crate::schema::LDAP_ATTRIBUTES,
    }
}

/// Describes the input schema as JSON in `out_description`: `fields` (by number: `name`, `kind`,
/// one of the `Kind` names the ABI description lists), `entities` (`name`, `names` as
/// [property name, field number] pairs in order of preference, `fallback`: null, or the
/// `entity` read only when the fields `whenAbsent` are all absent), `getAdUser` and `getMgUser`
/// (the commands that fetch everything read), `refusedAnchorAttributes` ([name, why] pairs). Release the buffer with [`syncmatch_buffer_free`].
///
/// # Safety
/// `out_description` must be NULL or valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_schema_describe(
    out_description: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    const _: () = assert!(FIELD_COUNT <= 64, "SyncMatchSeen holds a bit per field");
    boundary(|| {
        let out_description = out(out_description)?;
        // SAFETY: checked non-NULL.
        unsafe { hand_out_json(&description(), out_description) }
    })
}

/// The warnings an input earns (a property no input has, values nobody has, an empty tenant),
/// once each, as a JSON array of strings in `out_warnings`: for the objects `seen` describes, or
/// (when `export` is not NULL) for the export's columns. `side` is a [`SyncMatchInputSide`];
/// `parameter` (`parameter_len` bytes of UTF-8) names the cloud users' parameter in messages.
///
/// # Safety
/// `seen` NULL or one readable struct; `export` NULL or a live export (one of them not NULL);
/// `parameter` pointing to `parameter_len` readable bytes; `out_warnings` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_input_warnings(
    side: u32,
    seen: *const SyncMatchSeen,
    export: *const SyncMatchExport,
    parameter: *const u8,
    parameter_len: usize,
    out_warnings: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        let out_warnings = out(out_warnings)?;
        // SAFETY: `parameter_len` readable bytes (contract).
        let parameter = std::str::from_utf8(unsafe { input_bytes(parameter, parameter_len) }?)
            .map_err(|_| SyncMatchStatus::InvalidUtf8)?;
        let side = match SyncMatchInputSide::try_from(side).map_err(|error| error.status)? {
            SyncMatchInputSide::OnPremises => Side::OnPremises { anchors: false },
            SyncMatchInputSide::OnPremisesWithAnchors => Side::OnPremises { anchors: true },
            SyncMatchInputSide::Cloud => Side::Cloud {
                parameter,
                addresses: true,
                mailboxes: false,
                licences: false,
            },
            SyncMatchInputSide::CloudUpnUpdatesBlocked => Side::Cloud {
                parameter,
                addresses: true,
                mailboxes: false,
                licences: true,
            },
            SyncMatchInputSide::HardMatchCloud => Side::Cloud {
                parameter,
                addresses: false,
                mailboxes: true,
                licences: false,
            },
            SyncMatchInputSide::Deleted => Side::Deleted { parameter },
        };
        let entity = match side {
            Side::OnPremises { .. } => Entity::OnPremisesUser,
            _ => Entity::CloudObject,
        };
        // SAFETY: each NULL or live (contract).
        let (seen, export) = unsafe { (seen.as_ref(), export.as_ref()) };
        let warnings = match (seen, export) {
            (_, Some(source)) => completeness::warnings(
                side,
                &source.export.seen(entity),
                Source::File(source.export.path()),
            ),
            (Some(seen), None) => completeness::warnings(
                side,
                &Seen {
                    rows: seen.rows,
                    present: seen.present,
                    valued: seen.valued,
                },
                Source::Objects,
            ),
            (None, None) => return Err(SyncMatchStatus::NullArgument),
        };
        // SAFETY: checked non-NULL.
        unsafe { hand_out_json(&warnings, out_warnings) }
    })
}

/// Checks a mapping's column (or property) names (`count` text slots into `data`), as
/// New-HardMatchPlan reads them: one error for a file whose columns name no on-premises user or
/// no cloud user, or that was read with the wrong delimiter (`MappingColumnsUnusable`, the error
/// in `out_error` when it is not NULL: release it with [`syncmatch_error_free`]). On success,
/// `out_renames` holds a JSON array of [name, the name the schema knows it by] for the names
/// that match only once trimmed of white space and a leading `$`.
///
/// # Safety
/// `data` NULL or `data_len` readable bytes; `names` NULL or `count` slots; `out_renames` valid
/// for one write; `out_error` NULL or valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_mapping_columns(
    data: *const u8,
    data_len: usize,
    names: *const SyncMatchSlot,
    count: usize,
    out_renames: *mut *mut SyncMatchBuffer,
    out_error: *mut *mut SyncMatchError,
) -> SyncMatchStatus {
    boundary(|| {
        if !out_error.is_null() {
            // SAFETY: non-NULL out-parameter provided by the caller.
            unsafe { *out_error = ptr::null_mut() };
        }
        let out_renames = out(out_renames)?;
        // SAFETY: sizes and validity by the caller's contract; NULL rejected when non-empty.
        let (data, names) = unsafe { (input_bytes(data, data_len)?, input_items(names, count)?) };
        let names = text_values(data, names).map_err(|error| error.status)?;
        match crate::schema::check_mapping_columns(&names) {
            // SAFETY: checked non-NULL.
            Ok(renames) => unsafe { hand_out_json(&renames, out_renames) },
            Err(error) => {
                let failure =
                    SyncMatchError::new(SyncMatchStatus::MappingColumnsUnusable, error.to_string());
                // SAFETY: `out_error` NULL or valid for one write (contract).
                Err(unsafe { hand_out_error(failure, out_error) })
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_names_every_field_and_entity_once() {
        let description = description();
        assert_eq!(description.fields.len(), FIELD_COUNT);
        assert_eq!(description.entities.len(), Entity::ALL.len());
        let cloud = &description.entities[Entity::CloudObject as usize];
        let fallback = cloud.fallback.as_ref().unwrap();
        assert_eq!(fallback.entity, "CloudShape");
        assert!(
            cloud
                .names
                .contains(&("OnPremisesImmutableId", Field::ImmutableId.number()))
        );
    }
}
