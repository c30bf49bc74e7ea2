//! The match-prediction exports: cloud users first, then on-premises users, then paged results.

use super::records::Records;
use super::*;
use crate::matching::{MatchResult, Prediction, Settings};

/// The tenant's switches for a prediction; each non-zero for on.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SyncMatchPredictionSettings {
    /// SoftMatchOnUpn (on for tenants that began syncing on or after 30 March 2016).
    pub soft_match_on_upn: u32,
    /// BlockSoftMatchEnabled.
    pub block_soft_match: u32,
    /// BlockCloudObjectTakeoverThroughHardMatchEnabled.
    pub block_hard_match_takeover: u32,
    /// The deployment's source anchor, a [`SyncMatchAnchorAttribute`] (`Custom`: the custom
    /// attribute's value is in each user's `consistency_guid` slot).
    pub anchor_attribute: u32,
    /// Non-zero when SynchronizeUpnForManagedUsersEnabled is known to be off (zero: on, the
    /// default of tenants created since June 2015, or unknown).
    pub upn_updates_blocked: u32,
}

/// A match prediction in progress. Created by [`syncmatch_prediction_new`], released with
/// [`syncmatch_prediction_free`].
pub struct SyncMatchPrediction {
    pub(super) prediction: Prediction,
}

/// Starts a match prediction for a tenant: its switches, its verified domains (`verified_count`
/// text slots into `data`; the initial domain is the one ending in `.onmicrosoft.com`) and the
/// ids or UPNs of cloud users holding admin roles (`privileged_count` slots).
///
/// # Safety
/// `settings` must point to one settings struct; `data` NULL or `data_len` readable bytes; the
/// slot arrays their counts; `out_prediction` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_prediction_new(
    settings: *const SyncMatchPredictionSettings,
    data: *const u8,
    data_len: usize,
    verified_domains: *const SyncMatchSlot,
    verified_count: usize,
    privileged: *const SyncMatchSlot,
    privileged_count: usize,
    out_prediction: *mut *mut SyncMatchPrediction,
) -> SyncMatchStatus {
    boundary(|| {
        if settings.is_null() || out_prediction.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: sizes and validity by the caller's contract; NULL rejected when non-empty.
        let inputs = unsafe {
            input_bytes(data, data_len).and_then(|data| {
                input_items(verified_domains, verified_count).and_then(|verified| {
                    input_items(privileged, privileged_count)
                        .map(|privileged| (data, verified, privileged))
                })
            })
        };
        let (data, verified, privileged) = (inputs)?;
        let (verified, privileged) = (text_values(data, verified).and_then(|verified| {
            text_values(data, privileged).map(|privileged| (verified, privileged))
        }))
        .map_err(|error| error.status)?;
        // SAFETY: checked non-NULL.
        let switches = unsafe { *settings };
        let prediction = Prediction::new(Settings {
            tenant: Tenant::new(verified),
            soft_match_on_upn: switches.soft_match_on_upn != 0,
            block_soft_match: switches.block_soft_match != 0,
            block_hard_match_takeover: switches.block_hard_match_takeover != 0,
            privileged: privileged.into_iter().map(str::to_owned).collect(),
            anchor: anchor_setting_from_u32(switches.anchor_attribute)
                .map_err(|error| error.status)?,
            upn_updates_blocked: switches.upn_updates_blocked != 0,
            deployment: Default::default(),
        });
        // SAFETY: checked non-NULL; ownership passes to the caller.
        unsafe { *out_prediction = Box::into_raw(Box::new(SyncMatchPrediction { prediction })) };
        Ok(())
    })
}

/// Adds the cloud objects of `rows` to match against (soft-deleted users when `deleted` is
/// non-zero: their immutableIds stay reserved). Add them all before the first on-premises user:
/// afterwards (or after [`syncmatch_prediction_finish`]) the call returns `InvalidState`. A row
/// that cannot be read, or has no Id, is left out and named in the failure page written to
/// `out_failures`.
///
/// # Safety
/// `prediction` must be a live prediction, not used elsewhere during the call; `rows` one batch
/// (see [`SyncMatchRows`]); `out_failures` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_prediction_add_cloud(
    prediction: *mut SyncMatchPrediction,
    rows: *const SyncMatchRows,
    deleted: u32,
    out_failures: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        let out_failures = out(out_failures)?;
        // SAFETY: a live, unshared prediction and one batch (contract).
        let (prediction, rows) = unsafe { (accepting_cloud(prediction)?, read_rows(rows)?) };
        let failures = prediction.add_cloud_rows(&rows, deleted != 0);
        // SAFETY: checked non-NULL.
        unsafe { hand_out_failures(&failures, out_failures) };
        Ok(())
    })
}

/// Makes room for `count` more cloud objects before they are added a batch at a time with
/// [`syncmatch_prediction_add_cloud`] (the caller knows how many it holds): the index is sized
/// once instead of growing by doubling. Only an estimate: a count memory cannot hold reserves
/// nothing. Like adding, only before the first on-premises user (else `InvalidState`).
///
/// # Safety
/// `prediction` must be a live prediction, not used elsewhere during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_prediction_reserve_cloud(
    prediction: *mut SyncMatchPrediction,
    count: usize,
) -> SyncMatchStatus {
    boundary(|| {
        // SAFETY: a live prediction, not used elsewhere during the call (contract).
        unsafe { accepting_cloud(prediction) }?.reserve_cloud(count);
        Ok(())
    })
}

/// The prediction behind `prediction`, when it still takes cloud objects: `NullArgument` for
/// NULL, `InvalidState` after the first on-premises user or the final pass.
///
/// # Safety
/// `prediction` must be NULL or a live prediction, not used elsewhere while the result lives.
pub(super) unsafe fn accepting_cloud<'a>(
    prediction: *mut SyncMatchPrediction,
) -> Result<&'a mut Prediction, SyncMatchStatus> {
    if prediction.is_null() {
        return Err(SyncMatchStatus::NullArgument);
    }
    // SAFETY: live and unshared by the caller's contract.
    let prediction = unsafe { &mut (*prediction).prediction };
    if prediction.accepts_cloud() {
        Ok(prediction)
    } else {
        Err(SyncMatchStatus::InvalidState)
    }
}

/// Predicts the on-premises users of `rows`, in input order, on every core. Every row keeps its
/// place: one that cannot be predicted gets an error result (InvalidInput) and is named in the
/// failure page written to `out_failures` (with one whose anchor cannot be read), for the caller
/// to write its error record; a row the caller refused (a `Refusal` cell, its message; a
/// `ResultIdentity` cell naming it) keeps its place and is not named. After
/// [`syncmatch_prediction_finish`] the call returns `InvalidState`.
///
/// # Safety
/// As for [`syncmatch_prediction_add_cloud`].
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_prediction_add_users(
    prediction: *mut SyncMatchPrediction,
    rows: *const SyncMatchRows,
    out_failures: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        let out_failures = out(out_failures)?;
        // SAFETY: a live, unshared prediction and one batch (contract).
        let (prediction, rows) = unsafe { (accepting_users(prediction)?, read_rows(rows)?) };
        let failures = prediction.add_user_rows(&rows, &Guarded);
        // SAFETY: checked non-NULL.
        unsafe { hand_out_failures(&failures, out_failures) };
        Ok(())
    })
}

/// The prediction behind `prediction`, when it still takes on-premises users: `NullArgument`
/// for NULL, `InvalidState` after the final pass.
///
/// # Safety
/// `prediction` must be NULL or a live prediction, not used elsewhere while the result lives.
pub(super) unsafe fn accepting_users<'a>(
    prediction: *mut SyncMatchPrediction,
) -> Result<&'a mut Prediction, SyncMatchStatus> {
    // SAFETY: NULL or live and unshared (contract).
    let prediction = unsafe { &mut live_mut(prediction)?.prediction };
    if prediction.accepts_users() {
        Ok(prediction)
    } else {
        Err(SyncMatchStatus::InvalidState)
    }
}

/// Runs the final pass (users that would join the same cloud user) and writes how many results
/// [`syncmatch_prediction_results`] pages through: one per on-premises user, then, when
/// `include_cloud_only` is non-zero, one per cloud user no one joins.
///
/// # Safety
/// `prediction` must be a live prediction and `out_count` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_prediction_finish(
    prediction: *mut SyncMatchPrediction,
    include_cloud_only: u32,
    out_count: *mut usize,
) -> SyncMatchStatus {
    boundary(|| {
        if prediction.is_null() || out_count.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: a live prediction (contract); `out_count` checked non-NULL.
        unsafe {
            let prediction = &mut (*prediction).prediction;
            prediction.finish();
            *out_count = prediction.result_count(include_cloud_only != 0);
        }
        Ok(())
    })
}

/// Writes results `start..start + count` (after [`syncmatch_prediction_finish`]) to
/// `out_records` as compact binary records, the form the module reads (no JSON to parse per
/// result). All numbers little-endian:
///
/// ```text
/// page   = count:u32, record × count
/// record = match_type:u8 outcome:u8 reason:u8 object_type:u8 flags:u8 warning_count:u8 cloud_index:u32
///          identity user_principal_name immutable_id cloud_object_id cloud_user_principal_name
///          predicted_user_principal_name detail, (code:u8 message) × warning_count
/// text   = length:u32 (0xFFFFFFFF: none), then that many bytes of UTF-8
/// ```
///
/// Enums are their position in the lists the ABI description names (`MatchType`, `Outcome`,
/// `Reason`, `WarningCode`); `flags` bit 0: a hard-match candidate
/// (`MatchResult::is_hard_match_candidate`); `cloud_index` 0xFFFFFFFF means none. A user that could not be
/// predicted is an Error / InvalidInput record whose detail says why; its error record comes from
/// the failure page of the call that added it.
///
/// # Safety
/// `prediction` must be a live prediction and `out_records` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_prediction_records(
    prediction: *const SyncMatchPrediction,
    start: usize,
    count: usize,
    include_cloud_only: u32,
    out_records: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        if prediction.is_null() || out_records.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: a live prediction (contract).
        let prediction = unsafe { &(*prediction).prediction };
        let results = prediction.results(start, count, include_cloud_only != 0);
        let mut records = Records::with_capacity(4 + results.len() * 256);
        records.count(results.len());
        for result in &results {
            write_record(&mut records, result);
        }
        // SAFETY: checked non-NULL; ownership passes to the caller.
        unsafe { hand_out_bytes(records.into_bytes(), out_records) };
        Ok(())
    })
}

/// One record of [`syncmatch_prediction_records`].
fn write_record(records: &mut Records, result: &MatchResult) {
    let warnings = &result.warnings[..result.warnings.len().min(u8::MAX as usize)];
    records.u8(result.match_type as u8);
    records.u8(result.outcome as u8);
    records.u8(result.reason as u8);
    records.u8(result.object_type as u8);
    records.u8(u8::from(result.is_hard_match_candidate()));
    records.u8(warnings.len() as u8);
    records.optional(result.cloud_index);
    records.text(Some(&result.identity));
    records.text(result.user_principal_name.as_deref());
    records.text(result.immutable_id.as_deref());
    records.text(result.cloud_object_id.as_deref());
    records.text(result.cloud_user_principal_name.as_deref());
    records.text(result.predicted_user_principal_name.as_deref());
    records.text(Some(&result.detail));
    for warning in warnings {
        records.u8(warning.code as u8);
        records.text(Some(&warning.message));
    }
}

/// Releases a prediction. Calling with NULL is fine. Must not be called twice on one prediction.
///
/// # Safety
/// `prediction` must be NULL or a prediction from this library that was not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_prediction_free(prediction: *mut SyncMatchPrediction) {
    // SAFETY: the caller's contract, as documented above.
    unsafe { release(prediction) }
}
