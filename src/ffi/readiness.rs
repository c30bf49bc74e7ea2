//! The readiness exports: a session that checks objects batch by batch, then finds duplicates.

use super::records::Records;
use super::*;
use crate::readiness::{Duplicates, Kept, ObjectFinding};

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
/// success `out_findings` receives the objects' own findings and one failure per object that
/// could not be read or checked (`index` in this call, `line` 0); the other objects are checked
/// all the same. Nothing is remembered when the call fails. Compact binary records, all numbers
/// little-endian:
///
/// ```text
/// page    = finding_count:u32, finding × finding_count, failure_count:u32, failure × failure_count
/// finding = rule:u8 severity:u8 group:u32 identity attribute value message suggestion
///           conflict_count:u32, text × conflict_count
/// failure = index:u64 line:u64 status:u32 message
/// text    = length:u32 (0xFFFFFFFF: none), then that many bytes of UTF-8
/// ```
///
/// `rule` and `severity` are positions in the lists the ABI description names (`Rule`,
/// `Severity`); `group` indexes the groups of [`syncmatch_readiness_finish`] (0xFFFFFFFF: none);
/// `attribute` is the attribute's LDAP name; `status` a [`SyncMatchStatus`].
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
        // The batch's values are kept as a run of their own, sized for it up front (not grown by
        // copying one session-long buffer), and taken only when the whole call succeeds.
        let mut kept = Kept::with_capacity(count);
        let checking = &*readiness;
        // SAFETY: the caller's contract, as documented above.
        let status = unsafe {
            each_in_batch(
                data,
                data_len,
                objects,
                count,
                values,
                value_count,
                &mut kept,
                directory_object,
                |kept, object| checking.check_into(&object, kept),
                |_, index, outcome| match outcome {
                    Ok(found) => findings.extend(found),
                    Err(error) => failures.push(CheckFailure::new(index, 0, error)),
                },
            )
        };
        status?;
        readiness.keep_all(kept);
        // SAFETY: checked non-NULL; ownership passes to the caller.
        unsafe { hand_out_bytes(checked_page(&findings, &failures), out_findings) };
        Ok(())
    })
}

/// The duplicates among every object checked so far: the groups (each value held by several
/// objects) and the findings (as [`syncmatch_readiness_check`] writes them; `group` is an index
/// into the groups). Its size grows linearly with the objects, however many share a value. The
/// session stays usable. Compact binary records, as [`syncmatch_readiness_check`] describes:
///
/// ```text
/// page  = group_count:u32, group × group_count, finding_count:u32, finding × finding_count
/// group = key value member_count:u32, text × member_count
/// ```
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
        let duplicates = unsafe { (*session).readiness.finish() };
        // SAFETY: checked non-NULL; ownership passes to the caller.
        unsafe { hand_out_bytes(duplicates_page(&duplicates), out_findings) };
        Ok(())
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

/// An input that could not be checked: its index in the call (the row, for an export), its file
/// line (0 for an object), and why.
pub(super) struct CheckFailure {
    index: usize,
    line: u64,
    /// A [`SyncMatchStatus`].
    status: u32,
    message: String,
}

impl CheckFailure {
    pub(super) fn new(index: usize, line: u64, error: SyncMatchError) -> Self {
        CheckFailure {
            index,
            line,
            status: error.status as u32,
            message: error.message,
        }
    }
}

/// A checked batch, in the layout [`syncmatch_readiness_check`] documents.
pub(super) fn checked_page(findings: &[ObjectFinding], failures: &[CheckFailure]) -> Vec<u8> {
    let mut records = Records::with_capacity(8 + findings.len() * 256 + failures.len() * 128);
    write_findings(&mut records, findings);
    records.count(failures.len());
    for failure in failures {
        records.u64(failure.index as u64);
        records.u64(failure.line);
        records.u32(failure.status);
        records.text(Some(&failure.message));
    }
    records.into_bytes()
}

/// The duplicate pass, in the layout [`syncmatch_readiness_finish`] documents.
fn duplicates_page(duplicates: &Duplicates) -> Vec<u8> {
    let mut records = Records::default();
    records.count(duplicates.groups.len());
    for group in &duplicates.groups {
        records.text(Some(&group.key));
        records.text(Some(&group.value));
        records.count(group.members.len());
        for member in &group.members {
            records.text(Some(member));
        }
    }
    write_findings(&mut records, &duplicates.findings);
    records.into_bytes()
}

fn write_findings(records: &mut Records, findings: &[ObjectFinding]) {
    records.count(findings.len());
    for ObjectFinding { identity, finding } in findings {
        records.u8(finding.rule as u8);
        records.u8(finding.severity as u8);
        records.optional(finding.group);
        records.text(Some(identity));
        records.text(Some(finding.attribute.name()));
        records.text(Some(&finding.value));
        records.text(Some(&finding.message));
        records.text(finding.suggestion.as_deref());
        records.count(finding.conflicts_with.len());
        for conflict in &finding.conflicts_with {
            records.text(Some(conflict));
        }
    }
}
