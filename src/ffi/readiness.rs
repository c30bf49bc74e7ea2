//! The readiness exports: a session that checks objects batch by batch, then finds duplicates.

use super::records::Records;
use super::*;
use crate::readiness::{Duplicates, ObjectFinding, Readiness};
use crate::schema::Entity;

/// A readiness check in progress: the tenant's verified domains and every value seen so far.
/// Created by [`syncmatch_readiness_new`], released with [`syncmatch_readiness_free`].
pub struct SyncMatchReadiness {
    pub(super) readiness: Readiness,
}

/// Starts a readiness check. `verified_domains` holds `domain_count` text slots into `data` (none:
/// the suffix check falls back to routability); `anchor_attribute` is the deployment's
/// [`SyncMatchAnchorAttribute`] (under `Custom` the attribute's value travels in the CustomAnchor
/// field, and each value is checked by the source anchor rules). On success `out_session`
/// receives the session.
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
    anchor_attribute: u32,
    out_session: *mut *mut SyncMatchReadiness,
) -> SyncMatchStatus {
    boundary(|| {
        let out_session = out(out_session)?;
        // SAFETY: sizes and validity by the caller's contract; NULL rejected when non-empty.
        let (data, slots) = unsafe {
            input_bytes(data, data_len).and_then(|data| {
                input_items(verified_domains, domain_count).map(|slots| (data, slots))
            })
        }?;
        let domains = (text_values(data, slots)).map_err(|error| error.status)?;
        let anchor = anchor_setting_from_u32(anchor_attribute).map_err(|error| error.status)?;
        let session = SyncMatchReadiness {
            readiness: Readiness::new(Tenant::new(domains)).with_anchor(anchor),
        };
        // SAFETY: checked non-NULL; ownership passes to the caller.
        unsafe { *out_session = Box::into_raw(Box::new(session)) };
        Ok(())
    })
}

/// Checks the objects of `rows` and remembers their values for [`syncmatch_readiness_finish`].
/// On success `out_findings` receives the objects' own findings and `out_failures` the failure
/// page (`rows::failures_page`): each object that could not be read or checked; the others are
/// checked all the same. Findings are compact binary records, all numbers little-endian:
///
/// ```text
/// page    = finding_count:u32, finding × finding_count
/// finding = rule:u8 severity:u8 group:u32 identity attribute value message suggestion
///           conflict_count:u32, text × conflict_count
/// text    = length:u32 (0xFFFFFFFF: none), then that many bytes of UTF-8
/// ```
///
/// `rule` and `severity` are positions in the lists the ABI description names (`Rule`,
/// `Severity`); `group` indexes the groups of [`syncmatch_readiness_finish`] (0xFFFFFFFF: none);
/// `attribute` is the attribute's LDAP name.
///
/// # Safety
/// `session` must be a live session, not used elsewhere during the call; `rows` one batch (see
/// [`SyncMatchRows`]); `out_findings` and `out_failures` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_readiness_check(
    session: *mut SyncMatchReadiness,
    rows: *const SyncMatchRows,
    out_findings: *mut *mut SyncMatchBuffer,
    out_failures: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        let (out_findings, out_failures) = (out(out_findings)?, out(out_failures)?);
        // SAFETY: a live, unshared session and one batch (contract).
        let (readiness, rows) = unsafe { (&mut live_mut(session)?.readiness, read_rows(rows)?) };
        let (findings, failures) = readiness.check_rows(&rows, &Guarded);
        // SAFETY: checked non-NULL; ownership passes to the caller.
        unsafe {
            hand_out_bytes(findings_page(&findings), out_findings);
            hand_out_failures(&failures, out_failures);
        }
        Ok(())
    })
}

/// Checks rows `start..start + count` of `export` as [`syncmatch_readiness_check`] checks objects,
/// on every core: a failure's `index` is the row, `line` its file line. `anchor_column`
/// (`anchor_column_len` bytes of UTF-8) is NULL, or the column of a custom source anchor
/// ([`syncmatch_export_column`]).
///
/// # Safety
/// `session` and `export` must be live and not used elsewhere during the call; `anchor_column`
/// NULL or pointing to `anchor_column_len` readable bytes; `out_findings` and `out_failures`
/// valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_readiness_check_export(
    session: *mut SyncMatchReadiness,
    export: *const SyncMatchExport,
    start: usize,
    count: usize,
    anchor_column: *const u8,
    anchor_column_len: usize,
    out_findings: *mut *mut SyncMatchBuffer,
    out_failures: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        let (out_findings, out_failures) = (out(out_findings)?, out(out_failures)?);
        // SAFETY: live and unshared by the caller's contract.
        let (readiness, export) =
            unsafe { (&mut live_mut(session)?.readiness, &live(export)?.export) };
        let given = readiness.deployment().given_columns();
        // SAFETY: `anchor_column` NULL or `anchor_column_len` readable bytes (contract).
        let rows = unsafe {
            export_rows(
                export,
                Entity::DirectoryObject,
                start,
                count,
                anchor_column,
                anchor_column_len,
                &given,
            )
        }?;
        let (findings, failures) = readiness.check_rows(&rows, &Guarded);
        // SAFETY: checked non-NULL; ownership passes to the caller.
        unsafe {
            hand_out_bytes(findings_page(&findings), out_findings);
            hand_out_failures(&failures, out_failures);
        }
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
        let out_findings = out(out_findings)?;
        // SAFETY: a live session (contract).
        let duplicates = unsafe { live(session)?.readiness.finish() };
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

/// Findings, in the layout [`syncmatch_readiness_check`] documents.
fn findings_page(findings: &[ObjectFinding]) -> Vec<u8> {
    let mut records = Records::with_capacity(4 + findings.len() * 256);
    write_findings(&mut records, findings);
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
