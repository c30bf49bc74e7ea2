//! The hard-match plan exports: cloud users and on-premises users first, then the mapping rows,
//! then paged items.

use super::*;
use crate::hardmatch::{CloudKey, Direction, MappingRow, OnPremKey, Plan, PlanSettings};

/// How a mapping row names its on-premises user.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMatchOnPremKey {
    /// A sAMAccountName, UPN or DN, whichever matches (Username, ADUser).
    Any = 0,
    SamAccountName = 1,
    DistinguishedName = 2,
    ObjectGuid = 3,
    UserPrincipalName = 4,
}

/// How a mapping row names its cloud user.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMatchCloudKey {
    /// An id or a UPN (O365User, 365User).
    Any = 0,
    Id = 1,
    UserPrincipalName = 2,
}

/// Which side takes the other's anchor.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMatchDirection {
    ToCloud = 0,
    ToOnPremises = 1,
}

from_u32!(
    SyncMatchOnPremKey,
    "an on-premises key kind",
    [
        Any,
        SamAccountName,
        DistinguishedName,
        ObjectGuid,
        UserPrincipalName
    ]
);
from_u32!(
    SyncMatchCloudKey,
    "a cloud key kind",
    [Any, Id, UserPrincipalName]
);
from_u32!(SyncMatchDirection, "a direction", [ToCloud, ToOnPremises]);

/// A plan's settings; each flag non-zero for on.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SyncMatchPlanSettings {
    /// A [`SyncMatchAnchorAttribute`] (`Custom`: the value is in each user's `consistency_guid`).
    pub anchor_attribute: u32,
    /// A [`SyncMatchDirection`].
    pub direction: u32,
    pub allow_replace: u32,
    /// BlockCloudObjectTakeoverThroughHardMatchEnabled.
    pub block_hard_match_takeover: u32,
}

/// One mapping row; absent slots are absent keys.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SyncMatchMappingRow {
    pub on_prem_key: SyncMatchSlot,
    /// A [`SyncMatchOnPremKey`].
    pub on_prem_kind: u32,
    pub cloud_key: SyncMatchSlot,
    /// A [`SyncMatchCloudKey`].
    pub cloud_kind: u32,
    /// The immutableId to stamp, when the row carries it (a Test-SoftMatch result).
    pub immutable_id: SyncMatchSlot,
    /// How the row names itself when its on-premises user is not found.
    pub identity: SyncMatchSlot,
}

/// A hard-match plan in progress. Created by [`syncmatch_plan_new`], released with
/// [`syncmatch_plan_free`].
pub struct SyncMatchPlan {
    pub(super) plan: Plan,
}

fn mapping_row<'a>(
    data: &'a [u8],
    row: &SyncMatchMappingRow,
    _values: &[SyncMatchSlot],
) -> Result<MappingRow<'a>, SyncMatchError> {
    Ok(MappingRow {
        on_prem_key: text_slot(data, &row.on_prem_key)?,
        on_prem_kind: match SyncMatchOnPremKey::try_from(row.on_prem_kind)? {
            SyncMatchOnPremKey::Any => OnPremKey::Any,
            SyncMatchOnPremKey::SamAccountName => OnPremKey::SamAccountName,
            SyncMatchOnPremKey::DistinguishedName => OnPremKey::DistinguishedName,
            SyncMatchOnPremKey::ObjectGuid => OnPremKey::ObjectGuid,
            SyncMatchOnPremKey::UserPrincipalName => OnPremKey::UserPrincipalName,
        },
        cloud_key: text_slot(data, &row.cloud_key)?,
        cloud_kind: match SyncMatchCloudKey::try_from(row.cloud_kind)? {
            SyncMatchCloudKey::Any => CloudKey::Any,
            SyncMatchCloudKey::Id => CloudKey::Id,
            SyncMatchCloudKey::UserPrincipalName => CloudKey::UserPrincipalName,
        },
        immutable_id: text_slot(data, &row.immutable_id)?,
        identity: text_slot(data, &row.identity)?,
    })
}

/// Starts a plan: its settings, the privileged role holders (`privileged_count` text slots into
/// `data`) and the federated domains (`federated_count` slots).
///
/// # Safety
/// `settings` must point to one settings struct; `data` NULL or `data_len` readable bytes; the
/// slot arrays their counts; `out_plan` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_plan_new(
    settings: *const SyncMatchPlanSettings,
    data: *const u8,
    data_len: usize,
    privileged: *const SyncMatchSlot,
    privileged_count: usize,
    federated: *const SyncMatchSlot,
    federated_count: usize,
    out_plan: *mut *mut SyncMatchPlan,
) -> SyncMatchStatus {
    boundary(|| {
        if settings.is_null() || out_plan.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: sizes and validity by the caller's contract; NULL rejected when non-empty.
        let (data, privileged, federated) = unsafe {
            (
                input_bytes(data, data_len)?,
                input_items(privileged, privileged_count)?,
                input_items(federated, federated_count)?,
            )
        };
        let privileged = text_values(data, privileged).map_err(|error| error.status)?;
        let federated = text_values(data, federated).map_err(|error| error.status)?;
        // SAFETY: checked non-NULL.
        let settings = unsafe { *settings };
        let plan = Plan::new(PlanSettings {
            anchor: anchor_setting_from_u32(settings.anchor_attribute)
                .map_err(|error| error.status)?,
            direction: match SyncMatchDirection::try_from(settings.direction)
                .map_err(|error| error.status)?
            {
                SyncMatchDirection::ToCloud => Direction::ToCloud,
                SyncMatchDirection::ToOnPremises => Direction::ToOnPremises,
            },
            allow_replace: settings.allow_replace != 0,
            block_hard_match_takeover: settings.block_hard_match_takeover != 0,
            privileged: privileged.into_iter().map(str::to_owned).collect(),
            federated_domains: federated.into_iter().map(str::to_owned).collect(),
        });
        // SAFETY: checked non-NULL; ownership passes to the caller.
        unsafe { *out_plan = Box::into_raw(Box::new(SyncMatchPlan { plan })) };
        Ok(())
    })
}

/// Adds `count` cloud users (deleted ones flagged). Add them all before the first row: afterwards
/// the call returns `InvalidState`. Nothing is added when one cannot be read.
///
/// # Safety
/// `plan` must be a live plan; `data` NULL or `data_len` readable bytes; `users` `count` items;
/// `values` `value_count` slots.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_plan_add_cloud(
    plan: *mut SyncMatchPlan,
    data: *const u8,
    data_len: usize,
    users: *const SyncMatchCloudUser,
    count: usize,
    values: *const SyncMatchSlot,
    value_count: usize,
) -> SyncMatchStatus {
    boundary(|| {
        if plan.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: a live plan, not used elsewhere during the call (contract).
        let plan = unsafe { &mut (*plan).plan };
        if !plan.accepts_users() {
            return Err(SyncMatchStatus::InvalidState);
        }
        // All or nothing: every cloud user is read before any is indexed.
        // SAFETY: the caller's contract, as documented above.
        let read = unsafe {
            read_all(
                data,
                data_len,
                users,
                count,
                values,
                value_count,
                cloud_user,
            )
        }?;
        read.iter().for_each(|user| plan.add_cloud(user));
        Ok(())
    })
}

/// Adds `count` on-premises users rows may name. One that cannot be read is left out and named
/// in the JSON written to `out_failures` (`[{index, status, message}]`); the others are added.
///
/// # Safety
/// As for [`syncmatch_plan_add_cloud`], with `users` `count` on-premises users and
/// `out_failures` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_plan_add_on_prem(
    plan: *mut SyncMatchPlan,
    data: *const u8,
    data_len: usize,
    users: *const SyncMatchOnPremUser,
    count: usize,
    values: *const SyncMatchSlot,
    value_count: usize,
    out_failures: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        if plan.is_null() || out_failures.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: a live plan, not used elsewhere during the call (contract).
        let plan = unsafe { &mut (*plan).plan };
        if !plan.accepts_users() {
            return Err(SyncMatchStatus::InvalidState);
        }
        let mut failures = Vec::new();
        // SAFETY: the caller's contract, as documented above.
        unsafe {
            each_in_batch(
                data,
                data_len,
                users,
                count,
                values,
                value_count,
                plan,
                on_prem_user,
                |plan, user| plan.add_on_prem(&user),
                |_, index, outcome| {
                    if let Err(error) = outcome {
                        failures.push(InputFailure {
                            index,
                            status: error.status as u32,
                            message: error.message,
                        });
                    }
                },
            )
        }?;
        // SAFETY: checked non-NULL.
        unsafe { hand_out_json(&failures, out_failures) }
    })
}

/// Plans `count` mapping rows, in input order. Nothing is added when one cannot be read.
///
/// # Safety
/// `plan` must be a live plan; `data` NULL or `data_len` readable bytes; `rows` `count` items.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_plan_add_rows(
    plan: *mut SyncMatchPlan,
    data: *const u8,
    data_len: usize,
    rows: *const SyncMatchMappingRow,
    count: usize,
) -> SyncMatchStatus {
    boundary(|| {
        if plan.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: a live plan, not used elsewhere during the call (contract).
        let plan = unsafe { &mut (*plan).plan };
        if !plan.accepts_rows() {
            return Err(SyncMatchStatus::InvalidState);
        }
        // SAFETY: the caller's contract, as documented above (no value slots).
        let read = unsafe { read_all(data, data_len, rows, count, ptr::null(), 0, mapping_row) }?;
        read.iter().for_each(|row| plan.add_row(row));
        Ok(())
    })
}

/// Runs the final pass (two rows on one target, one anchor on two targets) and writes the item
/// count to `out_count`.
///
/// # Safety
/// `plan` must be a live plan and `out_count` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_plan_finish(
    plan: *mut SyncMatchPlan,
    out_count: *mut usize,
) -> SyncMatchStatus {
    boundary(|| {
        if plan.is_null() || out_count.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: a live plan (contract); `out_count` checked non-NULL.
        unsafe {
            let plan = &mut (*plan).plan;
            plan.finish();
            *out_count = plan.item_count();
        }
        Ok(())
    })
}

/// Writes items `start..start + count` as a JSON array to `out_items` (after
/// [`syncmatch_plan_finish`]): `identity`, `samAccountName`, `onPremisesUserPrincipalName`,
/// `immutableId`, `cloudUserId`, `cloudUserPrincipalName`, `previousImmutableId`, `action`,
/// `reason`, `detail`, `warnings` (`code`, `message`), `consistencyGuid`.
///
/// # Safety
/// `plan` must be a live plan and `out_items` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_plan_items(
    plan: *const SyncMatchPlan,
    start: usize,
    count: usize,
    out_items: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        if plan.is_null() || out_items.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: a live plan (contract).
        let items = unsafe { (*plan).plan.items(start, count) };
        // SAFETY: checked non-NULL.
        unsafe { hand_out_json(&items, out_items) }
    })
}

/// Releases a plan. Calling with NULL is fine. Must not be called twice on one plan.
///
/// # Safety
/// `plan` must be NULL or a plan from this library that was not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_plan_free(plan: *mut SyncMatchPlan) {
    // SAFETY: the caller's contract, as documented above.
    unsafe { release(plan) }
}
