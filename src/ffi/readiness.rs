//! The readiness exports: a session that checks objects batch by batch, then finds duplicates.

use super::*;

/// A readiness check in progress: the tenant's verified domains and every value seen so far.
/// Created by [`syncmatch_readiness_new`], released with [`syncmatch_readiness_free`].
pub struct SyncMatchReadiness {
    pub(super) readiness: Readiness,
}

/// Starts a readiness check. `verified_domains` holds `domain_count` text slots into `data` (none:
/// the suffix check falls back to routability). On success `out_session` receives the session.
///
/// # Safety
/// `data` must be NULL or point to `data_len` readable bytes, `verified_domains` to
/// `domain_count` slots, and `out_session` must be valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_readiness_new(
    data: *const u8,
    data_len: usize,
    verified_domains: *const SyncMatchSlot,
    domain_count: usize,
    out_session: *mut *mut SyncMatchReadiness,
) -> SyncMatchStatus {
    boundary(|| {
        if out_session.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: sizes and validity by the caller's contract; NULL rejected when non-empty.
        let (data, slots) = unsafe {
            input_bytes(data, data_len).and_then(|data| {
                input_items(verified_domains, domain_count).map(|slots| (data, slots))
            })
        }?;
        let domains = (text_values(data, slots)).map_err(|error| error.status)?;
        let session = SyncMatchReadiness {
            readiness: Readiness::new(Tenant::new(domains)),
        };
        // SAFETY: checked non-NULL; ownership passes to the caller.
        unsafe { *out_session = Box::into_raw(Box::new(session)) };
        Ok(())
    })
}

/// Checks `count` objects and remembers their values for [`syncmatch_readiness_finish`]. On
/// success `out_findings` receives a JSON object: `findings`, the objects' own findings
/// (`identity`, `attribute`, `value`, `rule`, `severity`, `message`, `suggestion`,
/// `conflictsWith`, `group`), and `failures`, one per object that could not be read or checked
/// (`index` in this call, `status`, `message`); the other objects are checked all the same.
/// Nothing is remembered when the call fails.
///
/// # Safety
/// `session` must be a live session; `data` NULL or `data_len` readable bytes; `objects`
/// `count` objects; `values` `value_count` slots; `out_findings` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_readiness_check(
    session: *mut SyncMatchReadiness,
    data: *const u8,
    data_len: usize,
    objects: *const SyncMatchDirectoryObject,
    count: usize,
    values: *const SyncMatchSlot,
    value_count: usize,
    out_findings: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        if session.is_null() || out_findings.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: a live session, not used elsewhere during the call (contract).
        let readiness = unsafe { &mut (*session).readiness };
        let mut findings = Vec::new();
        let mut failures = Vec::new();
        // SAFETY: the caller's contract, as documented above.
        let status = unsafe {
            each_in_batch(
                data,
                data_len,
                objects,
                count,
                values,
                value_count,
                readiness,
                directory_object,
                |readiness, object| readiness.check(&object),
                |_, index, outcome| match outcome {
                    Ok(found) => findings.extend(found),
                    Err(error) => failures.push(InputFailure {
                        index,
                        status: error.status as u32,
                        message: error.message,
                    }),
                },
            )
        };
        status?;
        #[derive(Serialize)]
        struct Checked<T> {
            findings: Vec<T>,
            failures: Vec<InputFailure>,
        }
        // SAFETY: checked non-NULL.
        unsafe { hand_out_json(&Checked { findings, failures }, out_findings) }
    })
}

/// The duplicates among every object checked so far, as a JSON object: `groups` (each value
/// held by several objects: `key`, `value`, `members`) and `findings` (see
/// [`syncmatch_readiness_check`]; `group` is an index into `groups`). Its size grows linearly with
/// the objects, however many share a value. The session stays usable.
///
/// # Safety
/// `session` must be a live session and `out_findings` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_readiness_finish(
    session: *const SyncMatchReadiness,
    out_findings: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        if session.is_null() || out_findings.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: a live session (contract).
        let findings = unsafe { (*session).readiness.finish() };
        // SAFETY: checked non-NULL.
        unsafe { hand_out_json(&findings, out_findings) }
    })
}

/// Releases a session. Calling with NULL is fine. Must not be called twice on one session.
///
/// # Safety
/// `session` must be NULL or a session from this library that was not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_readiness_free(session: *mut SyncMatchReadiness) {
    // SAFETY: the caller's contract, as documented above.
    unsafe { release(session) }
}
