//! The ABI as this library was compiled: its version, the size and field offsets of every struct
//! that crosses the boundary, and the names of the enums the JSON carries by name. The module's
//! tests hold the C# declarations to this (and to the committed header), so a change on one side
//! that the other lacks fails the test command instead of a user's run.

use std::mem::{offset_of, size_of};

use super::*;
use crate::hardmatch::{PlanAction, PlanReason, PlanWarningCode};
use crate::journal::{Outcome as JournalOutcome, UndoState, WriteState};
use crate::matching::{MatchType, Outcome, Reason, WarningCode};
use crate::model::ObjectType;
use crate::rules::{Rule, Severity};
use crate::schema::{Entity, Field, Kind};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Description {
    abi_version: u32,
    /// Per C enum the library reads, every value its `TryFrom<u32>` accepts, with its name.
    accepts: Vec<(&'static str, Vec<(String, u32)>)>,
    structs: Vec<StructLayout>,
    names: Vec<(&'static str, Vec<&'static str>)>,
}

#[derive(Serialize)]
struct StructLayout {
    name: &'static str,
    size: usize,
    fields: Vec<(&'static str, usize)>,
}

/// A struct's size and its fields' offsets; a field that does not exist does not compile.
macro_rules! layout {
    ($name:ident { $($field:ident),+ $(,)? }) => {
        StructLayout {
            name: stringify!($name),
            size: size_of::<$name>(),
            fields: vec![$((stringify!($field), offset_of!($name, $field))),+],
        }
    };
}

/// The values `T::try_from` accepts (no C enum here goes past 255), with their names.
fn accepted<T: TryFrom<u32> + std::fmt::Debug>() -> Vec<(String, u32)> {
    (0..=255)
        .filter_map(|value| {
            T::try_from(value)
                .ok()
                .map(|variant| (format!("{variant:?}"), value))
        })
        .collect()
}

fn names<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|&variant| name(variant)).collect()
}

fn description() -> Description {
    Description {
        abi_version: SYNCMATCH_ABI_VERSION,
        accepts: vec![
            ("SyncMatchSpelling", accepted::<SyncMatchSpelling>()),
            (
                "SyncMatchAnchorAttribute",
                accepted::<SyncMatchAnchorAttribute>(),
            ),
            ("SyncMatchSlotKind", accepted::<SyncMatchSlotKind>()),
            ("SyncMatchDirection", accepted::<SyncMatchDirection>()),
            ("SyncMatchExportRole", accepted::<SyncMatchExportRole>()),
            ("SyncMatchInputSide", accepted::<SyncMatchInputSide>()),
        ],
        structs: vec![
            layout!(SyncMatchSlot { kind, offset, len }),
            layout!(SyncMatchCell { field, value }),
            layout!(SyncMatchRows {
                data,
                data_len,
                cells,
                cell_count,
                row_ends,
                row_count
            }),
            layout!(SyncMatchSeen {
                rows,
                present,
                valued
            }),
            layout!(SyncMatchReadProgress {
                read,
                parsed,
                total
            }),
            layout!(SyncMatchAnchorText {
                immutable_id,
                octet_string,
                ldap_filter,
                connector_dn
            }),
            layout!(SyncMatchPredictionSettings {
                soft_match_on_upn,
                block_soft_match,
                block_hard_match_takeover,
                anchor_attribute,
                upn_updates_blocked
            }),
            layout!(SyncMatchPlanSettings {
                anchor_attribute,
                direction,
                allow_replace,
                block_hard_match_takeover
            }),
        ],
        names: vec![
            ("MatchType", names(MatchType::ALL, MatchType::name)),
            ("Outcome", names(Outcome::ALL, Outcome::name)),
            ("Reason", names(Reason::ALL, Reason::name)),
            ("WarningCode", names(WarningCode::ALL, WarningCode::name)),
            ("ObjectType", names(ObjectType::ALL, ObjectType::name)),
            ("Rule", names(Rule::ALL, Rule::name)),
            ("Severity", names(Severity::ALL, Severity::name)),
            ("PlanAction", names(PlanAction::ALL, PlanAction::name)),
            ("PlanReason", names(PlanReason::ALL, PlanReason::name)),
            (
                "PlanWarningCode",
                names(PlanWarningCode::ALL, PlanWarningCode::name),
            ),
            (
                "JournalOutcome",
                names(JournalOutcome::ALL, JournalOutcome::name),
            ),
            ("WriteState", names(WriteState::ALL, WriteState::name)),
            ("UndoState", names(UndoState::ALL, UndoState::name)),
            // The input schema's own lists (its description says which names each entity reads).
            ("Field", names(Field::ALL, Field::name)),
            ("Kind", names(Kind::ALL, Kind::name)),
            ("Entity", names(Entity::ALL, Entity::name)),
        ],
    }
}

/// Describes the ABI as this library was compiled, as JSON in `out_description`: `abiVersion`,
/// `accepts` (each C enum the library reads, as [name, [[variant, value], …]]), `structs` (each `name`, `size` and `fields` as [name, offset] pairs, in declaration order) and
/// `names` (each JSON enum as [name, [variant names in order]]). Release the buffer with
/// [`syncmatch_buffer_free`].
///
/// # Safety
/// `out_description` must be NULL or valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_abi_describe(
    out_description: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        if out_description.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: checked non-NULL.
        unsafe { hand_out_json(&description(), out_description) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_name_is_the_one_serde_writes() {
        for (_, variants) in description().names {
            assert!(!variants.is_empty());
        }
        for reason in Reason::ALL {
            assert_eq!(
                serde_json::to_string(reason).unwrap(),
                format!("\"{}\"", reason.name())
            );
        }
        for rule in Rule::ALL {
            assert_eq!(
                serde_json::to_string(rule).unwrap(),
                format!("\"{}\"", rule.name())
            );
        }
    }
}
