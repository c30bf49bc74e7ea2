//! The hard-match plan exports: cloud users and on-premises users first, then the mapping rows,
//! then paged items. Every input crosses as rows of cells (`rows`).

use super::*;
use crate::hardmatch::{Direction, Plan, PlanSettings};

/// Which side takes the other's anchor.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMatchDirection {
    ToCloud = 0,
    ToOnPremises = 1,
}

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

/// A hard-match plan in progress. Created by [`syncmatch_plan_new`], released with
/// [`syncmatch_plan_free`].
pub struct SyncMatchPlan {
    pub(super) plan: Plan,
}

/// Starts a plan: its settings, the privileged role holders (`privileged_count` text slots into
/// `data`), the federated domains (`federated_count` slots) and the tenant's verified domains
/// (`verified_count` slots; none: unknown, so a routable suffix counts as verified, as for
/// [`syncmatch_prediction_new`]).
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
    verified: *const SyncMatchSlot,
    verified_count: usize,
    out_plan: *mut *mut SyncMatchPlan,
) -> SyncMatchStatus {
    boundary(|| {
        if settings.is_null() || out_plan.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: sizes and validity by the caller's contract; NULL rejected when non-empty.
        let (data, privileged, federated, verified) = unsafe {
            (
                input_bytes(data, data_len)?,
                input_items(privileged, privileged_count)?,
                input_items(federated, federated_count)?,
                input_items(verified, verified_count)?,
            )
        };
        let privileged = text_values(data, privileged).map_err(|error| error.status)?;
        let federated = text_values(data, federated).map_err(|error| error.status)?;
        let verified = text_values(data, verified).map_err(|error| error.status)?;
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
            tenant: Tenant::new(verified),
            deployment: Default::default(),
        });
        // SAFETY: checked non-NULL; ownership passes to the caller.
        unsafe { *out_plan = Box::into_raw(Box::new(SyncMatchPlan { plan })) };
        Ok(())
    })
}

/// Adds the cloud users of `rows` (soft-deleted ones when `deleted` is non-zero). Add them all
/// before the first mapping row: afterwards the call returns `InvalidState`. A row that cannot be
/// read, or has no Id, is left out and named in the failure page written to `out_failures`.
///
/// # Safety
/// `plan` must be a live plan, not used elsewhere during the call; `rows` one batch (see
/// [`SyncMatchRows`]); `out_failures` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_plan_add_cloud(
    plan: *mut SyncMatchPlan,
    rows: *const SyncMatchRows,
    deleted: u32,
    out_failures: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        let out_failures = out(out_failures)?;
        // SAFETY: a live, unshared plan and one batch (contract).
        let (plan, rows) = unsafe { (accepting_users(plan)?, read_rows(rows)?) };
        let failures = plan.add_cloud_rows(&rows, deleted != 0);
        // SAFETY: checked non-NULL.
        unsafe { hand_out_failures(&failures, out_failures) };
        Ok(())
    })
}

/// Adds the on-premises users of `rows` that mapping rows may name; with `own_rows` non-zero,
/// only the rows that are their own directory user (a row carrying its objectGUID, given as a
/// mapping row without separate on-premises users). One that cannot be read is left out and named
/// in the failure page written to `out_failures`. Before the first mapping row.
///
/// # Safety
/// As for [`syncmatch_plan_add_cloud`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_plan_add_on_prem(
    plan: *mut SyncMatchPlan,
    rows: *const SyncMatchRows,
    own_rows: u32,
    out_failures: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        let out_failures = out(out_failures)?;
        // SAFETY: a live, unshared plan and one batch (contract).
        let (plan, rows) = unsafe { (accepting_users(plan)?, read_rows(rows)?) };
        let failures = plan.add_on_prem_rows(&rows, own_rows != 0, &Guarded);
        // SAFETY: checked non-NULL.
        unsafe { hand_out_failures(&failures, out_failures) };
        Ok(())
    })
}

/// Plans the mapping rows of `rows`, in input order (the key rule is the schema's: the help of
/// New-HardMatchPlan states it). Every row yields an item: one that cannot be read, or that the
/// caller refused (a `Refusal` cell), is a Blocked item naming the row; the first is also named in
/// the failure page written to `out_failures`.
///
/// # Safety
/// As for [`syncmatch_plan_add_cloud`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_plan_add_rows(
    plan: *mut SyncMatchPlan,
    rows: *const SyncMatchRows,
    out_failures: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        let out_failures = out(out_failures)?;
        // SAFETY: a live, unshared plan and one batch (contract).
        let (plan, rows) = unsafe { (&mut live_mut(plan)?.plan, read_rows(rows)?) };
        if !plan.accepts_rows() {
            return Err(SyncMatchStatus::InvalidState);
        }
        let failures = plan.add_mapping_rows(&rows);
        // SAFETY: checked non-NULL.
        unsafe { hand_out_failures(&failures, out_failures) };
        Ok(())
    })
}

/// The plan behind `plan`, when it still takes users: `NullArgument` for NULL, `InvalidState`
/// after the first mapping row.
///
/// # Safety
/// `plan` must be NULL or a live plan, not used elsewhere while the result lives.
unsafe fn accepting_users<'a>(plan: *mut SyncMatchPlan) -> Result<&'a mut Plan, SyncMatchStatus> {
    // SAFETY: NULL or live and unshared (contract).
    let plan = unsafe { &mut live_mut(plan)?.plan };
    if plan.accepts_users() {
        Ok(plan)
    } else {
        Err(SyncMatchStatus::InvalidState)
    }
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
