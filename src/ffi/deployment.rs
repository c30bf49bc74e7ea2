//! The deployment exports: the admin's deployment (sync engine, configured scope) read once from
//! its JSON description and handed to each session that predicts, checks or plans.

use super::*;
use crate::deployment::Deployment;

/// A deployment. Created by [`syncmatch_deployment_new`], released with
/// [`syncmatch_deployment_free`]; each session copies what it is given.
pub struct SyncMatchDeployment {
    pub(super) deployment: Deployment,
}

/// Reads a deployment described as JSON (`json_len` bytes of UTF-8): `engine` (`ConnectSync`,
/// `CloudSync`), `userPrincipalNameAttribute`, `includedDomains`, `includedContainers`,
/// `excludedContainers`, `scopeGroup`, `scopeGroupMembers` and `forestJoin`, each optional. On success `out_deployment` receives it. A description
/// that is refused is `InvalidArgument`, and `out_error` (when not NULL) receives why, as UTF-8
/// naming the value (release it with [`syncmatch_buffer_free`]).
///
/// # Safety
/// `json` must point to `json_len` readable bytes; `out_deployment` valid for one write;
/// `out_error` NULL or valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_deployment_new(
    json: *const u8,
    json_len: usize,
    out_deployment: *mut *mut SyncMatchDeployment,
    out_error: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        let out_deployment = out(out_deployment)?;
        // SAFETY: `json_len` readable bytes (contract).
        let text = std::str::from_utf8(unsafe { input_bytes(json, json_len) }?)
            .map_err(|_| SyncMatchStatus::InvalidUtf8)?;
        match Deployment::from_json(text) {
            Ok(deployment) => {
                // SAFETY: checked non-NULL; ownership passes to the caller.
                unsafe {
                    *out_deployment = Box::into_raw(Box::new(SyncMatchDeployment { deployment }))
                };
                Ok(())
            }
            Err(why) => {
                if !out_error.is_null() {
                    // SAFETY: not NULL, valid for one write (contract).
                    unsafe { hand_out_bytes(why.into_bytes(), out_error) };
                }
                Err(SyncMatchStatus::InvalidArgument)
            }
        }
    })
}

/// Why `deployment` cannot use the source anchor `anchor_attribute` (a
/// [`SyncMatchAnchorAttribute`]): `out_problem` receives the reason as UTF-8, or NULL when it can.
///
/// # Safety
/// `deployment` must be live; `out_problem` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_deployment_anchor_problem(
    deployment: *const SyncMatchDeployment,
    anchor_attribute: u32,
    out_problem: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        let out_problem = out(out_problem)?;
        // SAFETY: live (contract).
        let deployment = unsafe { &live(deployment)?.deployment };
        let anchor = anchor_setting_from_u32(anchor_attribute).map_err(|error| error.status)?;
        match deployment.anchor_problem(anchor) {
            // SAFETY: checked non-NULL; ownership passes to the caller.
            Some(why) => unsafe { hand_out_bytes(why.into_bytes(), out_problem) },
            // SAFETY: checked non-NULL.
            None => unsafe { *out_problem = std::ptr::null_mut() },
        }
        Ok(())
    })
}

/// The attributes `deployment` reads besides the schema's fixed names, each with the field its
/// value fills: the sign-in attribute (`UpnSource`), the forest-join attribute (`JoinValue`).
/// `out_json` receives a JSON array of `{"field": <field name>, "name": <attribute>}` (release it
/// with [`syncmatch_buffer_free`]); a reader of objects or an export reads each under its name.
///
/// # Safety
/// `deployment` must be live; `out_json` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_deployment_given_columns(
    deployment: *const SyncMatchDeployment,
    out_json: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        let out_json = out(out_json)?;
        // SAFETY: live (contract).
        let deployment = unsafe { &live(deployment)?.deployment };
        let columns: Vec<serde_json::Value> = deployment
            .given_columns()
            .into_iter()
            .map(|(field, name)| serde_json::json!({ "field": field.name(), "name": name }))
            .collect();
        let json = serde_json::to_vec(&columns).map_err(|_| SyncMatchStatus::InternalError)?;
        // SAFETY: checked non-NULL; ownership passes to the caller.
        unsafe { hand_out_bytes(json, out_json) };
        Ok(())
    })
}

/// Has `prediction` honour `deployment` (before the first user is added; afterwards the call
/// returns `InvalidState`).
///
/// # Safety
/// `prediction` live and unshared during the call; `deployment` live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_prediction_set_deployment(
    prediction: *mut SyncMatchPrediction,
    deployment: *const SyncMatchDeployment,
) -> SyncMatchStatus {
    // SAFETY: live, unshared (contract).
    unsafe {
        hand_to(prediction, deployment, |prediction, deployment| {
            prediction.prediction.set_deployment(deployment)
        })
    }
}

/// Has a readiness check honour `deployment` (before the first object is checked; afterwards
/// the call returns `InvalidState`).
///
/// # Safety
/// `session` live and unshared during the call; `deployment` live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_readiness_set_deployment(
    session: *mut SyncMatchReadiness,
    deployment: *const SyncMatchDeployment,
) -> SyncMatchStatus {
    // SAFETY: live, unshared (contract).
    unsafe {
        hand_to(session, deployment, |session, deployment| {
            session.readiness.set_deployment(deployment)
        })
    }
}

/// Has a hard-match plan honour `deployment` (before the first on-premises user is added;
/// afterwards the call returns `InvalidState`).
///
/// # Safety
/// `plan` live and unshared during the call; `deployment` live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_plan_set_deployment(
    plan: *mut SyncMatchPlan,
    deployment: *const SyncMatchDeployment,
) -> SyncMatchStatus {
    // SAFETY: live, unshared (contract).
    unsafe {
        hand_to(plan, deployment, |plan, deployment| {
            plan.plan.set_deployment(deployment)
        })
    }
}

/// Hands a copy of `deployment` to `session` through `take`; a session that no longer takes one
/// (it has objects) is `InvalidState`.
///
/// # Safety
/// `session` NULL or live and unshared during the call; `deployment` NULL or live.
unsafe fn hand_to<T>(
    session: *mut T,
    deployment: *const SyncMatchDeployment,
    take: impl FnOnce(&mut T, Deployment) -> bool,
) -> SyncMatchStatus {
    boundary(|| {
        // SAFETY: NULL or live (contract).
        let (session, deployment) = unsafe { (live_mut(session)?, &live(deployment)?.deployment) };
        take(session, deployment.clone())
            .then_some(())
            .ok_or(SyncMatchStatus::InvalidState)
    })
}

/// Releases a deployment. Calling with NULL is fine. Must not be called twice on one deployment.
///
/// # Safety
/// `deployment` must be NULL or a deployment from this library that was not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_deployment_free(deployment: *mut SyncMatchDeployment) {
    // SAFETY: the caller's contract, as documented above.
    unsafe { release(deployment) }
}
