//! The directory-export exports: a file read whole by the core, described, and checked for
//! readiness row by row without a PowerShell object per row.

use super::matching::accepting_cloud;
use super::readiness::{CheckFailure, checked_page};
use super::*;
use crate::readiness::Kept;
use std::borrow::Cow;

/// A directory export read into memory. Created by [`syncmatch_export_read_csv`], released with
/// [`syncmatch_export_free`]; it may be read by several sessions, one call at a time.
pub struct SyncMatchExport {
    export: DirectoryExport,
    /// The path it was read from, for the messages that name a row's line.
    path: String,
}

/// How far [`syncmatch_export_read_csv`] has come, for a caller to show while it runs. The callee
/// writes the counters atomically; the caller reads them (atomically) from another thread.
#[repr(C)]
pub struct SyncMatchReadProgress {
    /// Bytes read from the file so far.
    pub read: u64,
    /// Bytes of its decoded text parsed so far, of `total` (0 until the file is decoded).
    pub parsed: u64,
    pub total: u64,
}

/// Reads the CSV or JSON file at `path` (`path_len` bytes of UTF-8, resolved by the caller)
/// into a new export. `progress` is NULL or an 8-byte-aligned counter pair the caller zeroed and
/// may poll from another thread while this runs. On failure, when `out_error` is not NULL, it
/// receives the error (release it with [`syncmatch_error_free`]): `ExportUnreadable`,
/// `ExportEmpty`, `ExportTruncated`, `ExportMissingColumn`, `ExportTypeNameColumn`,
/// `ExportMalformed` or `ExportTooLarge`.
///
/// # Safety
/// `path` must point to `path_len` readable bytes; `progress` NULL or valid and aligned for the
/// call's duration (written only atomically); `out_export` valid for one write; `out_error` NULL
/// or valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_export_read_csv(
    path: *const u8,
    path_len: usize,
    progress: *mut SyncMatchReadProgress,
    out_export: *mut *mut SyncMatchExport,
    out_error: *mut *mut SyncMatchError,
) -> SyncMatchStatus {
    boundary(|| {
        if !out_error.is_null() {
            // SAFETY: non-NULL out-parameter provided by the caller.
            unsafe { *out_error = ptr::null_mut() };
        }
        if out_export.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: `path_len` readable bytes by the caller's contract.
        let path = std::str::from_utf8(unsafe { input_bytes(path, path_len) }?)
            .map_err(|_| SyncMatchStatus::InvalidUtf8)?;
        let unused = [AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)];
        let (read, parsed, total) = if progress.is_null() || !progress.is_aligned() {
            (&unused[0], &unused[1], &unused[2])
        } else {
            // SAFETY: valid and aligned for the call (contract); the caller touches the
            // counters only atomically while the call runs, so these are their only views here.
            unsafe {
                (
                    AtomicU64::from_ptr(&raw mut (*progress).read),
                    AtomicU64::from_ptr(&raw mut (*progress).parsed),
                    AtomicU64::from_ptr(&raw mut (*progress).total),
                )
            }
        };
        let result = read_file(path, read)
            .map_err(|error| {
                SyncMatchError::new(
                    SyncMatchStatus::ExportUnreadable,
                    format!("the file cannot be read: {error}"),
                )
            })
            .and_then(|bytes| {
                DirectoryExport::read_owned(bytes, ReadProgress { parsed, total })
                    .map_err(|error| SyncMatchError::new((&error).into(), error.to_string()))
            });
        match result {
            Ok(export) => {
                // SAFETY: checked non-NULL; ownership passes to the caller.
                let path = path.to_owned();
                unsafe { *out_export = Box::into_raw(Box::new(SyncMatchExport { export, path })) };
                Ok(())
            }
            // SAFETY: `out_error` NULL or valid for one write (contract).
            Err(error) => Err(unsafe { hand_out_error(error, out_error) }),
        }
    })
}

/// The whole file, counting the bytes read into `read`. A large file is read in parts on every
/// core (each part through its own handle, a megabyte per read): copying the bytes and the first
/// touch of every page of the buffer are most of a read's time, and both split.
fn read_file(path: &str, read: &AtomicU64) -> std::io::Result<Vec<u8>> {
    let size = std::fs::metadata(path).map_or(0, |metadata| metadata.len());
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let threads = crate::parallel::text_parts();
    if size < PARALLEL_READ_FROM || threads < 2 {
        return read_on(path, 0, Vec::with_capacity(size.saturating_add(1)), read);
    }
    // Zeroed by the allocator, page by page as each part first writes it.
    let mut bytes = vec![0u8; size];
    let share = size.div_ceil(threads);
    let whole = std::thread::scope(|scope| {
        let parts: Vec<_> = bytes
            .chunks_mut(share)
            .enumerate()
            .map(|(index, part)| scope.spawn(move || read_part(path, index * share, part, read)))
            .collect();
        parts
            .into_iter()
            .map(|part| {
                part.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect::<std::io::Result<Vec<bool>>>()
    })?;
    if whole.iter().all(|&full| full) {
        // The file may have grown since its size was taken: the rest is read on.
        read_on(path, size, bytes, read)
    } else {
        // It shrank while being read: read it again, in one pass.
        read.store(0, Ordering::Relaxed);
        read_on(path, 0, Vec::with_capacity(size), read)
    }
}

/// Files from this size on are read in parts.
const PARALLEL_READ_FROM: usize = 16 << 20;

/// Reads `part.len()` bytes from `offset` into `part`; `false` when the file ends first.
fn read_part(
    path: &str,
    offset: usize,
    part: &mut [u8],
    read: &AtomicU64,
) -> std::io::Result<bool> {
    use std::io::{Read as _, Seek as _};
    let mut file = std::fs::File::open(path)?;
    file.seek(std::io::SeekFrom::Start(offset as u64))?;
    let mut done = 0;
    while done < part.len() {
        let end = (done + (1 << 20)).min(part.len());
        match file.read(&mut part[done..end]) {
            Ok(0) => return Ok(false),
            Ok(got) => {
                done += got;
                read.fetch_add(got as u64, Ordering::Relaxed);
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(true)
}

/// `bytes` followed by the file from `offset` to its end, a megabyte per read.
fn read_on(
    path: &str,
    offset: usize,
    mut bytes: Vec<u8>,
    read: &AtomicU64,
) -> std::io::Result<Vec<u8>> {
    use std::io::{Read as _, Seek as _};
    let mut file = std::fs::File::open(path)?;
    file.seek(std::io::SeekFrom::Start(offset as u64))?;
    loop {
        let before = bytes.len();
        let got = (&mut file).take(1 << 20).read_to_end(&mut bytes)?;
        read.fetch_add((bytes.len() - before) as u64, Ordering::Relaxed);
        if got == 0 {
            return Ok(bytes);
        }
    }
}

/// Describes an export as JSON: `rows`, `encoding`, `recognised` ([column, field] pairs),
/// `ignored` (column names), `warnings` (`code`, `message`).
///
/// # Safety
/// `export` must be a live export and `out_description` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_export_describe(
    export: *const SyncMatchExport,
    out_description: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        if export.is_null() || out_description.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: a live export (contract).
        let export = unsafe { &(*export).export };
        #[derive(Serialize)]
        struct Description<'a> {
            rows: usize,
            encoding: crate::export::decode::FileEncoding,
            recognised: &'a [(String, crate::export::ExportField)],
            ignored: &'a [String],
            warnings: &'a [crate::export::ExportWarning],
        }
        let description = Description {
            rows: export.row_count(),
            encoding: export.encoding,
            recognised: &export.recognised,
            ignored: &export.ignored,
            warnings: &export.warnings,
        };
        // SAFETY: checked non-NULL.
        unsafe { hand_out_json(&description, out_description) }
    })
}

/// Checks rows `start..start + count` of `export` in a readiness session, as
/// [`syncmatch_readiness_check`] checks objects, in its layout to `out_findings`, where each
/// failure's `index` is the row and `line` its file line.
///
/// # Safety
/// `session` and `export` must be live and not used elsewhere during the call; `out_findings`
/// valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_readiness_check_export(
    session: *mut SyncMatchReadiness,
    export: *const SyncMatchExport,
    start: usize,
    count: usize,
    out_findings: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        if session.is_null() || export.is_null() || out_findings.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: live and unshared by the caller's contract.
        let (readiness, export) = unsafe { (&mut (*session).readiness, &(*export).export) };
        let end = start.saturating_add(count).min(export.row_count());
        let rows: Vec<usize> = (start.min(end)..end).collect();
        // The rules run on every core (pure, per object, each row inside its own guard), on
        // scoped threads that end before the call returns; each thread keeps its run's values,
        // and the runs are taken in row order after (the duplicate pass reads them in place).
        let readiness_ref = &*readiness;
        let check_row = |row: usize, kept: &mut Kept| {
            guarded(|| {
                let (object, _, _) = export.object(row);
                match rules::type_name_problem(&object) {
                    Some(message) => Err(SyncMatchError::new(
                        SyncMatchStatus::AnchorTypeName,
                        message,
                    )),
                    None => Ok(readiness_ref.check_into(&object, kept)),
                }
            })
            .unwrap_or_else(|message| Err(SyncMatchError::new(SyncMatchStatus::Panic, message)))
        };
        // Each run gathers its findings and its failures as it goes (one entry per row would
        // write a million results to read them back once).
        let runs =
            crate::parallel::each_run(&rows, crate::parallel::threads_for(rows.len()), |run| {
                let mut kept = Kept::with_capacity(run.len());
                let (mut findings, mut failures) = (Vec::new(), Vec::new());
                for &row in run {
                    match check_row(row, &mut kept) {
                        Ok(found) => findings.extend(found),
                        Err(error) => {
                            failures.push(CheckFailure::new(row, export.line(row), error))
                        }
                    }
                }
                (findings, failures, kept)
            });
        let mut findings = Vec::new();
        let mut failures = Vec::new();
        for (found, failed, kept) in runs {
            readiness.keep_all(kept);
            findings.extend(found);
            failures.extend(failed);
        }
        // SAFETY: checked non-NULL; ownership passes to the caller.
        unsafe { hand_out_bytes(checked_page(&findings, &failures), out_findings) };
        Ok(())
    })
}

/// Checks that `export` has the column `name` (`name_len` bytes of UTF-8; case-insensitive), the
/// custom source anchor a caller will pass to [`syncmatch_prediction_add_export`] or
/// [`syncmatch_plan_add_export`]. When it has not: `ExportMissingColumn`, and when `out_error` is
/// not NULL, the error naming the file's columns (release it with [`syncmatch_error_free`]).
///
/// # Safety
/// `export` must be live; `name` must point to `name_len` readable bytes; `out_error` NULL or
/// valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_export_column(
    export: *const SyncMatchExport,
    name: *const u8,
    name_len: usize,
    out_error: *mut *mut SyncMatchError,
) -> SyncMatchStatus {
    boundary(|| {
        if !out_error.is_null() {
            // SAFETY: non-NULL out-parameter provided by the caller.
            unsafe { *out_error = ptr::null_mut() };
        }
        if export.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: a live export and `name_len` readable bytes (contract).
        let (source, name) = unsafe { (&*export, input_bytes(name, name_len)?) };
        let name = std::str::from_utf8(name).map_err(|_| SyncMatchStatus::InvalidUtf8)?;
        match source.export.column(name) {
            Ok(_) => Ok(()),
            Err(error) => {
                let error =
                    SyncMatchError::new((&error).into(), format!("{}: {error}", source.path));
                // SAFETY: `out_error` NULL or valid for one write (contract).
                Err(unsafe { hand_out_error(error, out_error) })
            }
        }
    })
}

/// The column a custom source anchor is read from: none when `name` is NULL.
///
/// # Safety
/// `name` NULL, or pointing to `name_len` readable bytes.
unsafe fn anchor_column(
    export: &DirectoryExport,
    name: *const u8,
    name_len: usize,
) -> Result<Option<usize>, SyncMatchStatus> {
    if name.is_null() {
        return Ok(None);
    }
    // SAFETY: `name_len` readable bytes (contract).
    let name = std::str::from_utf8(unsafe { input_bytes(name, name_len) }?)
        .map_err(|_| SyncMatchStatus::InvalidUtf8)?;
    export
        .column(name)
        .map(Some)
        .map_err(|_| SyncMatchStatus::ExportMissingColumn)
}

/// Row `row` as an on-premises user, its anchor read from `custom` when the deployment uses a
/// custom source anchor (the value goes where mS-DS-ConsistencyGuid would: `AnchorSetting::Custom`).
fn export_user<'e>(
    export: &'e DirectoryExport,
    row: usize,
    custom: &'e Option<Option<String>>,
) -> OnPremUser<'e> {
    let (object, mut anchor, security_identifier) = export.object(row);
    if let (Some(value), AnchorInput::User { object_guid, .. }) = (custom, anchor) {
        anchor = AnchorInput::User {
            object_guid,
            consistency_guid: value.as_deref().map(AnchorValue::Text),
        };
    }
    OnPremUser {
        object,
        anchor,
        security_identifier,
    }
}

/// Predicts rows `start..start + count` of `export` as on-premises users, in order, as
/// [`syncmatch_prediction_add_users`] predicts objects: a row holding a type name keeps its place
/// with an error result naming the file and the line. `anchor_column` (`anchor_column_len` bytes
/// of UTF-8) is NULL, or the column of a custom source anchor ([`syncmatch_export_column`]).
///
/// # Safety
/// `prediction` and `export` must be live and not used elsewhere during the call;
/// `anchor_column` NULL or pointing to `anchor_column_len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_prediction_add_export(
    prediction: *mut SyncMatchPrediction,
    export: *const SyncMatchExport,
    anchor_column: *const u8,
    anchor_column_len: usize,
    start: usize,
    count: usize,
) -> SyncMatchStatus {
    boundary(|| {
        if prediction.is_null() || export.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: live and unshared by the caller's contract.
        let (prediction, source) = unsafe { (&mut (*prediction).prediction, &*export) };
        if !prediction.accepts_users() {
            return Err(SyncMatchStatus::InvalidState);
        }
        let export = &source.export;
        // SAFETY: NULL or `anchor_column_len` readable bytes (contract).
        let column = unsafe { self::anchor_column(export, anchor_column, anchor_column_len) }?;
        let end = start.saturating_add(count).min(export.row_count());
        if start == 0 {
            prediction.reserve_users(export.row_count());
        }
        let rows: Vec<usize> = (start.min(end)..end).collect();
        // Drafted on every core, each row read and drafted inside its own guard.
        prediction.add_many(&rows, |prediction, &row, drafts| {
            let outcome = guarded(|| {
                let custom = column.map(|column| export.column_text(row, column));
                let user = export_user(export, row, &custom);
                let object = &user.object;
                match rules::type_name_problem(object) {
                    Some(message) => Err((object.identity().to_owned(), message)),
                    None => {
                        prediction.draft(&user, drafts);
                        Ok(())
                    }
                }
            });
            let line = export.line(row);
            match outcome {
                Ok(Ok(())) => {}
                Ok(Err((identity, message))) => drafts.push_failed(
                    Some(&identity),
                    FailureKind::TypeName,
                    format!("{}, line {line}: {message}", source.path),
                ),
                Err(message) => drafts.push_failed(
                    None,
                    FailureKind::Panic,
                    format!("{}, line {line}: {message}", source.path),
                ),
            }
        });
        Ok(())
    })
}

/// Adds every row of a cloud export (a Get-MgUser or Get-MsolUser CSV) to match against, as
/// [`syncmatch_prediction_add_cloud`] adds objects: before the first on-premises user. With
/// `deleted` non-zero the rows are soft-deleted users (Get-MgDirectoryDeletedItemAsUser).
///
/// # Safety
/// `prediction` and `export` must be live and not used elsewhere during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_prediction_add_cloud_export(
    prediction: *mut SyncMatchPrediction,
    export: *const SyncMatchExport,
    deleted: u32,
) -> SyncMatchStatus {
    boundary(|| {
        if export.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: live and unshared by the caller's contract.
        let (prediction, export) = unsafe { (accepting_cloud(prediction)?, &(*export).export) };
        if !export.is_cloud() {
            return Err(SyncMatchStatus::ExportMissingColumn);
        }
        prediction.reserve_cloud(export.row_count());
        let rows: Vec<usize> = (0..export.row_count()).collect();
        // Read on every core, a run of rows a thread.
        for chunk in rows.chunks(1 << 16) {
            prediction.add_clouds_from(chunk, |&row| {
                Cow::Owned(CloudUser {
                    deleted: deleted != 0,
                    ..export.cloud_user(row)
                })
            });
        }
        Ok(())
    })
}

/// Adds the rows of an export to a hard-match plan: a cloud export's rows as cloud users, a
/// directory export's as the on-premises users rows may name (a row holding a type name is left
/// out and named, with its line, in the JSON written to `out_failures`). Before the first row.
/// `anchor_column` as for [`syncmatch_prediction_add_export`] (ignored for a cloud export); with
/// `deleted` non-zero a cloud export's rows are soft-deleted users.
///
/// # Safety
/// `plan` and `export` must be live and not used elsewhere during the call; `anchor_column` NULL
/// or pointing to `anchor_column_len` readable bytes; `out_failures` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_plan_add_export(
    plan: *mut SyncMatchPlan,
    export: *const SyncMatchExport,
    anchor_column: *const u8,
    anchor_column_len: usize,
    deleted: u32,
    out_failures: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        if plan.is_null() || export.is_null() || out_failures.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: live and unshared by the caller's contract.
        let (plan, source) = unsafe { (&mut (*plan).plan, &*export) };
        if !plan.accepts_users() {
            return Err(SyncMatchStatus::InvalidState);
        }
        let export = &source.export;
        let column = if export.is_cloud() {
            None
        } else {
            // SAFETY: NULL or `anchor_column_len` readable bytes (contract).
            unsafe { self::anchor_column(export, anchor_column, anchor_column_len) }?
        };
        let mut failures = Vec::new();
        for row in 0..export.row_count() {
            if export.is_cloud() {
                plan.add_cloud(&CloudUser {
                    deleted: deleted != 0,
                    ..export.cloud_user(row)
                });
                continue;
            }
            let custom = column.map(|column| export.column_text(row, column));
            let user = export_user(export, row, &custom);
            match rules::type_name_problem(&user.object) {
                Some(message) => failures.push(RowFailure {
                    index: row,
                    line: export.line(row),
                    status: SyncMatchStatus::AnchorTypeName as u32,
                    message: format!("{}, line {}: {message}", source.path, export.line(row)),
                }),
                None => plan.add_on_prem(&user),
            }
        }
        // SAFETY: checked non-NULL.
        unsafe { hand_out_json(&failures, out_failures) }
    })
}

/// The source anchors of rows `start..start + count` of `export`, as
/// [`syncmatch_anchor_resolve_batch`] gives them for objects (`attribute` a
/// [`SyncMatchAnchorAttribute`] other than `Custom`): 16 bytes per row to `out_anchors`
/// (`out_anchors_len` ≥ 16 × the rows in range; zeros where a row failed; spell them with
/// [`syncmatch_anchor_immutable_ids`] or [`syncmatch_anchor_format`]) and the failed rows as JSON
/// to `out_failures`: `index` (the row), `line`, `status`, `message` (naming the file and the line).
///
/// # Safety
/// `export` must be live; `out_anchors` must point to `out_anchors_len` writable bytes;
/// `out_failures` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_export_anchors(
    export: *const SyncMatchExport,
    attribute: u32,
    start: usize,
    count: usize,
    out_anchors: *mut u8,
    out_anchors_len: usize,
    out_failures: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        if export.is_null() || out_failures.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: a live export (contract).
        let source = unsafe { &*export };
        let export = &source.export;
        let attribute = attribute_from_u32(attribute).map_err(|error| error.status)?;
        let end = start.saturating_add(count).min(export.row_count());
        let rows = start.min(end)..end;
        let needed = rows
            .len()
            .checked_mul(SYNCMATCH_ANCHOR_LEN)
            .ok_or(SyncMatchStatus::InvalidArgument)?;
        if out_anchors_len < needed {
            return Err(SyncMatchStatus::BufferTooSmall);
        }
        // SAFETY: `out_anchors_len` writable bytes (contract), of which `needed` are written.
        let out_anchors = unsafe { output_bytes(out_anchors, needed) }?;
        let mut failures = Vec::new();
        for (row, out) in rows.zip(out_anchors.chunks_exact_mut(SYNCMATCH_ANCHOR_LEN)) {
            // Only the anchor attributes matter here: a type name elsewhere in the row is the
            // readiness check's finding, as for the row given as an object.
            let resolved = guarded(|| {
                let (_, anchor, _) = export.object(row);
                SourceAnchor::resolve(anchor, attribute, None)
                    .map(|(anchor, _)| anchor)
                    .map_err(|error| SyncMatchError::new((&error).into(), error.to_string()))
            })
            .unwrap_or_else(|message| Err(SyncMatchError::new(SyncMatchStatus::Panic, message)));
            match resolved {
                Ok(anchor) => out.copy_from_slice(anchor.storage_bytes()),
                Err(error) => {
                    out.fill(0);
                    failures.push(RowFailure {
                        index: row,
                        line: export.line(row),
                        status: error.status as u32,
                        message: format!(
                            "{}, line {}: {}",
                            source.path,
                            export.line(row),
                            error.message
                        ),
                    });
                }
            }
        }
        // SAFETY: checked non-NULL.
        unsafe { hand_out_json(&failures, out_failures) }
    })
}

/// A row that could not be checked, with its file line.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RowFailure {
    index: usize,
    line: u64,
    status: u32,
    message: String,
}

/// Releases an export. Calling with NULL is fine. Must not be called twice on one export.
///
/// # Safety
/// `export` must be NULL or an export from this library that was not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_export_free(export: *mut SyncMatchExport) {
    // SAFETY: the caller's contract, as documented above.
    unsafe { release(export) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str, bytes: &[u8]) -> String {
        let path = std::env::temp_dir().join(format!("syncmatch-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).expect("a temporary file");
        path.to_string_lossy().into_owned()
    }

    #[test]
    fn a_large_file_read_in_parts_is_the_file_byte_for_byte() {
        // Past the size read in parts, and not a multiple of any part count.
        let bytes: Vec<u8> = (0..PARALLEL_READ_FROM + 4_099_997)
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        let path = temp_file("parts", &bytes);
        let counted = AtomicU64::new(0);
        let read = read_file(&path, &counted).expect("reads");
        std::fs::remove_file(&path).ok();
        assert!(read == bytes, "the parts joined are not the file");
        assert_eq!(counted.load(Ordering::Relaxed), bytes.len() as u64);
    }

    #[test]
    fn a_part_past_the_end_says_so_and_reading_on_appends_the_rest() {
        let path = temp_file("short", b"0123456789");
        let counted = AtomicU64::new(0);
        let mut part = [0u8; 8];
        assert!(!read_part(&path, 4, &mut part, &counted).expect("reads"));
        assert!(read_part(&path, 2, &mut part, &counted).expect("reads"));
        assert_eq!(&part, b"23456789");
        let whole = read_on(&path, 6, b"abc".to_vec(), &counted).expect("reads");
        std::fs::remove_file(&path).ok();
        assert_eq!(whole, b"abc6789");
    }
}
