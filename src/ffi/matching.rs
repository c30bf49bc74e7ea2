//! The match-prediction exports: cloud users first, then on-premises users, then paged results.

use super::records::Records;
use super::*;

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
}

/// One cloud object (Get-MgUser / Get-MsolUser shape). Text slots point into the call's `data`;
/// its proxyAddresses are slots in the call's `values`, as for [`SyncMatchDirectoryObject`].
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SyncMatchCloudUser {
    pub id: SyncMatchSlot,
    pub user_principal_name: SyncMatchSlot,
    pub mail: SyncMatchSlot,
    pub immutable_id: SyncMatchSlot,
    /// ObjectType or `@odata.type`; absent means a user.
    pub object_type: SyncMatchSlot,
    pub security_identifier: SyncMatchSlot,
    pub display_name: SyncMatchSlot,
    /// OnPremisesSyncEnabled: 0 unknown, 1 true, 2 false.
    pub sync_enabled: u32,
    /// Non-zero when Get-MsolUser's LastDirSyncTime is set.
    pub last_dir_sync: u32,
    /// Non-zero for a soft-deleted user (Get-MgDirectoryDeletedItemAsUser).
    pub deleted: u32,
    /// onPremisesObjectIdentifier (a hard match onto a user with it set is blocked since 2026).
    pub object_identifier: SyncMatchSlot,
    /// Non-zero when the user has an Exchange Online mailbox.
    pub has_mailbox: u32,
    pub proxy_addresses_first: usize,
    pub proxy_addresses_count: usize,
}

/// One on-premises user: its directory attributes, its anchor attributes (`Bytes` or text
/// slots) and its SID as text.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SyncMatchOnPremUser {
    pub object: SyncMatchDirectoryObject,
    pub object_guid: SyncMatchSlot,
    pub consistency_guid: SyncMatchSlot,
    pub security_identifier: SyncMatchSlot,
    /// Present when the caller refused this input (its error record is written): the message.
    /// The user keeps its place with an InvalidInput result named by `object`'s DN slot.
    pub rejection: SyncMatchSlot,
}

/// A match prediction in progress. Created by [`syncmatch_prediction_new`], released with
/// [`syncmatch_prediction_free`].
pub struct SyncMatchPrediction {
    pub(super) prediction: Prediction,
}

/// Reads a cloud user's slots.
pub(super) fn cloud_user<'a>(
    data: &'a [u8],
    user: &SyncMatchCloudUser,
    values: &[SyncMatchSlot],
) -> Result<CloudUser<'a>, SyncMatchError> {
    Ok(CloudUser {
        id: text_slot(data, &user.id)?.unwrap_or(""),
        user_principal_name: text_slot(data, &user.user_principal_name)?,
        mail: text_slot(data, &user.mail)?,
        proxy_addresses: text_values(
            data,
            value_range(
                values,
                user.proxy_addresses_first,
                user.proxy_addresses_count,
            )?,
        )?
        .into_iter()
        .map(ProxyAddress::parse)
        .collect(),
        immutable_id: text_slot(data, &user.immutable_id)?,
        sync_enabled: match user.sync_enabled {
            1 => Some(true),
            2 => Some(false),
            _ => None,
        },
        last_dir_sync: user.last_dir_sync != 0,
        object_type: text_slot(data, &user.object_type)?,
        security_identifier: text_slot(data, &user.security_identifier)?,
        display_name: text_slot(data, &user.display_name)?,
        deleted: user.deleted != 0,
        object_identifier: text_slot(data, &user.object_identifier)?,
        has_mailbox: user.has_mailbox != 0,
    })
}

/// An on-premises user as read: to predict, or one that keeps its place with an error result
/// (its identity, why, the message): refused by the caller, or holding a type name.
// Read and consumed at once per input: boxing the common variant would allocate per user.
#[allow(clippy::large_enum_variant)]
pub(super) enum OnPremInput<'a> {
    User(OnPremUser<'a>),
    Failed(Option<&'a str>, FailureKind, String),
}

/// Reads an on-premises user's slots.
pub(super) fn on_prem_input<'a>(
    data: &'a [u8],
    user: &SyncMatchOnPremUser,
    values: &[SyncMatchSlot],
) -> Result<OnPremInput<'a>, SyncMatchError> {
    if let Some(message) = text_slot(data, &user.rejection)? {
        let identity = text_slot(data, &user.object.distinguished_name)?;
        return Ok(OnPremInput::Failed(
            identity,
            FailureKind::Rejected,
            message.to_owned(),
        ));
    }
    match on_prem_user(data, user, values) {
        Ok(user) => Ok(OnPremInput::User(user)),
        // Readable, but a value is a type name: named like any other result.
        Err(error) if error.status == SyncMatchStatus::AnchorTypeName => {
            let object = &user.object;
            let identity = [
                &object.distinguished_name,
                &object.sam_account_name,
                &object.user_principal_name,
            ]
            .into_iter()
            .filter_map(|slot| text_slot(data, slot).ok().flatten())
            .find(|text| !text.trim().is_empty());
            Ok(OnPremInput::Failed(
                identity,
                FailureKind::TypeName,
                error.message,
            ))
        }
        Err(error) => Err(error),
    }
}

/// Reads an on-premises user's slots.
pub(super) fn on_prem_user<'a>(
    data: &'a [u8],
    user: &SyncMatchOnPremUser,
    values: &[SyncMatchSlot],
) -> Result<OnPremUser<'a>, SyncMatchError> {
    Ok(OnPremUser {
        object: directory_object(data, &user.object, values)?,
        anchor: AnchorInput::User {
            object_guid: slot_value(data, &user.object_guid)?,
            consistency_guid: slot_value(data, &user.consistency_guid)?,
        },
        security_identifier: text_slot(data, &user.security_identifier)?,
    })
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
        });
        // SAFETY: checked non-NULL; ownership passes to the caller.
        unsafe { *out_prediction = Box::into_raw(Box::new(SyncMatchPrediction { prediction })) };
        Ok(())
    })
}

/// Adds `count` cloud objects to match against. Add them all before the first on-premises user:
/// afterwards (or after [`syncmatch_prediction_finish`]) the call returns `InvalidState`.
/// Nothing is added when the call fails, including when one object cannot be read.
///
/// # Safety
/// `prediction` must be a live prediction; `data` NULL or `data_len` readable bytes; `users`
/// `count` items; `values` `value_count` slots.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_prediction_add_cloud(
    prediction: *mut SyncMatchPrediction,
    data: *const u8,
    data_len: usize,
    users: *const SyncMatchCloudUser,
    count: usize,
    values: *const SyncMatchSlot,
    value_count: usize,
) -> SyncMatchStatus {
    boundary(|| {
        // SAFETY: a live prediction, not used elsewhere during the call (contract).
        let prediction = unsafe { accepting_cloud(prediction) }?;
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
        prediction.add_clouds(&read);
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

/// Predicts `count` on-premises users, in input order. A user that cannot be read, or whose
/// prediction panics, gets an error result (`error`, `errorStatus`) in its place and the others
/// go on. After [`syncmatch_prediction_finish`] the call returns `InvalidState`. Nothing is added
/// when the call fails.
///
/// # Safety
/// As for [`syncmatch_prediction_add_cloud`], with `users` `count` on-premises users.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_prediction_add_users(
    prediction: *mut SyncMatchPrediction,
    data: *const u8,
    data_len: usize,
    users: *const SyncMatchOnPremUser,
    count: usize,
    values: *const SyncMatchSlot,
    value_count: usize,
) -> SyncMatchStatus {
    boundary(|| {
        if prediction.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: a live prediction, not used elsewhere during the call (contract).
        let prediction = unsafe { &mut (*prediction).prediction };
        if !prediction.accepts_users() {
            return Err(SyncMatchStatus::InvalidState);
        }
        // SAFETY: sizes and validity by the caller's contract; NULL rejected when non-empty.
        let (data, users, values) = unsafe {
            (
                input_bytes(data, data_len)?,
                input_items(users, count)?,
                input_items(values, value_count)?,
            )
        };
        // Drafted on every core, each user read and drafted inside its own guard.
        prediction.add_many(users, |prediction, user, drafts| {
            let outcome = guarded(|| match on_prem_input(data, user, values)? {
                OnPremInput::User(user) => {
                    prediction.draft(&user, drafts);
                    Ok(())
                }
                OnPremInput::Failed(identity, kind, message) => {
                    drafts.push_failed(identity, kind, message);
                    Ok(())
                }
            });
            let error = match outcome {
                Ok(Ok(())) => return,
                Ok(Err(error)) => error,
                Err(message) => SyncMatchError::new(SyncMatchStatus::Panic, message),
            };
            let kind = match error.status {
                SyncMatchStatus::Panic => FailureKind::Panic,
                SyncMatchStatus::AnchorTypeName => FailureKind::TypeName,
                _ => FailureKind::Unreadable,
            };
            drafts.push_failed(None, kind, error.message);
        });
        Ok(())
    })
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

/// Writes results `start..start + count` as a JSON array to `out_results` (after
/// [`syncmatch_prediction_finish`]). Each result has `identity`, `userPrincipalName`,
/// `immutableId`, `matchType`, `outcome`, `reason`, `cloudObjectId`, `cloudUserPrincipalName`,
/// `predictedUserPrincipalName`, `warnings` (`code`, `message`), `detail`, `cloudIndex` (the
/// position of that cloud user among those added), and, for a user that could not be evaluated,
/// `error` and `errorStatus` (a [`SyncMatchStatus`]).
///
/// # Safety
/// `prediction` must be a live prediction and `out_results` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_prediction_results(
    prediction: *const SyncMatchPrediction,
    start: usize,
    count: usize,
    include_cloud_only: u32,
    out_results: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        if prediction.is_null() || out_results.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: a live prediction (contract).
        let prediction = unsafe { &(*prediction).prediction };
        let results = prediction.results(start, count, include_cloud_only != 0);
        let page: Vec<ResultJson<'_>> = results
            .iter()
            .map(|result| ResultJson {
                result,
                error_status: error_status(result),
            })
            .collect();
        // SAFETY: checked non-NULL.
        unsafe { hand_out_json(&page, out_results) }
    })
}

/// The status of a result's error record, if the caller is to write one.
fn error_status(result: &MatchResult) -> Option<u32> {
    match result.failure {
        Some(FailureKind::Panic) => Some(SyncMatchStatus::Panic as u32),
        Some(FailureKind::Unreadable) => Some(SyncMatchStatus::InvalidArgument as u32),
        Some(FailureKind::TypeName) => Some(SyncMatchStatus::AnchorTypeName as u32),
        // Its error record is the caller's, written when it refused the input.
        Some(FailureKind::Rejected) => None,
        None => result
            .error_kind
            .as_ref()
            .map(|error| SyncMatchStatus::from(error) as u32),
    }
}

/// Writes results `start..start + count` (after [`syncmatch_prediction_finish`]) to
/// `out_records` as compact binary records, the form the module reads (no JSON to parse per
/// result). All numbers little-endian:
///
/// ```text
/// page   = count:u32, record × count
/// record = match_type:u8 outcome:u8 reason:u8 warning_count:u8 error_status:u32 cloud_index:u32
///          identity user_principal_name immutable_id cloud_object_id cloud_user_principal_name
///          predicted_user_principal_name detail error, (code:u8 message) × warning_count
/// text   = length:u32 (0xFFFFFFFF: none), then that many bytes of UTF-8
/// ```
///
/// Enums are their position in the lists the ABI description names (`MatchType`, `Outcome`,
/// `Reason`, `WarningCode`); `error_status` 0 means none; `cloud_index` 0xFFFFFFFF means none.
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
    records.u8(warnings.len() as u8);
    records.u32(error_status(result).unwrap_or(0));
    records.optional(result.cloud_index);
    records.text(Some(&result.identity));
    records.text(result.user_principal_name.as_deref());
    records.text(result.immutable_id.as_deref());
    records.text(result.cloud_object_id.as_deref());
    records.text(result.cloud_user_principal_name.as_deref());
    records.text(result.predicted_user_principal_name.as_deref());
    records.text(Some(&result.detail));
    records.text(result.error.as_deref());
    for warning in warnings {
        records.u8(warning.code as u8);
        records.text(Some(&warning.message));
    }
}

/// A result with the status of its error, as [`syncmatch_prediction_results`] writes it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ResultJson<'a> {
    #[serde(flatten)]
    result: &'a MatchResult,
    error_status: Option<u32>,
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
