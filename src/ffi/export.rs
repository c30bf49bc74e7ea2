//! The directory-export exports: a file read whole by the core, described, and its rows given to
//! a prediction, a plan or the anchor resolver as rows already in the core (the readiness check's
//! is in `readiness`).

use super::anchor::resolve_all;
use super::matching::{accepting_cloud, accepting_users};
use super::*;
use crate::export::{ExportRows, ReadOptions, decode};
use crate::schema::{Entity, Field, Rows};

/// A directory export read into memory. Created by [`syncmatch_export_read`], released with
/// [`syncmatch_export_free`]; it may be read by several sessions, one call at a time.
pub struct SyncMatchExport {
    pub(super) export: DirectoryExport,
}

/// How far [`syncmatch_export_read`] has come, for a caller to show while it runs. The callee
/// writes the counters atomically; the caller reads them (atomically) from another thread.
#[repr(C)]
pub struct SyncMatchReadProgress {
    /// Bytes read from the file so far.
    pub read: u64,
    /// Bytes of its decoded text parsed so far, of `total` (0 until the file is decoded).
    pub parsed: u64,
    pub total: u64,
}

/// What a caller says about an export before it is read; all zero: nothing (the encoding by the
/// reader's rules, `,` or a `;` header, a Graph page with `@odata.nextLink` refused).
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SyncMatchReadOptions {
    /// The encoding of a file without a BOM, by name (`utf8`, `unicode`, `windows-1251`, `1251`…):
    /// `encoding_len` bytes of UTF-8, or NULL.
    pub encoding: *const u8,
    pub encoding_len: usize,
    /// The CSV field delimiter, one ASCII byte; 0: detect.
    pub delimiter: u32,
    /// Non-zero: read a Graph page with `@odata.nextLink`, with a warning.
    pub allow_partial_page: u32,
}

/// Reads the export file at `path` (`path_len` bytes of UTF-8, resolved by the caller): JSON
/// when its text starts with `[` or `{` (ConvertTo-Json output, a Graph page), CSV otherwise.
/// `options` is NULL or what the caller says of the file. `progress` is NULL or an 8-byte-aligned
/// counter set the caller zeroed and may poll from another thread while this runs. On failure,
/// when `out_error` is not NULL, it receives the error (release it with
/// [`syncmatch_error_free`]): `InvalidArgument` (an encoding or delimiter not known),
/// `ExportUnreadable`, `ExportNotAFile`, `ExportChanged`, `ExportEncoding`, `ExportEmpty`,
/// `ExportTruncated`, `ExportDuplicateColumn`, `ExportRaggedRow`, `ExportMissingColumn`,
/// `ExportTypeNameColumn`, `ExportPartialPage`, `ExportMalformed` or `ExportTooLarge`.
///
/// # Safety
/// `path` must point to `path_len` readable bytes; `options` NULL or valid (its `encoding` NULL
/// or `encoding_len` readable bytes); `progress` NULL or valid and aligned for the call's duration
/// (written only atomically); `out_export` valid for one write; `out_error` NULL or valid for one
/// write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_export_read(
    path: *const u8,
    path_len: usize,
    options: *const SyncMatchReadOptions,
    progress: *mut SyncMatchReadProgress,
    out_export: *mut *mut SyncMatchExport,
    out_error: *mut *mut SyncMatchError,
) -> SyncMatchStatus {
    boundary(|| {
        if !out_error.is_null() {
            // SAFETY: non-NULL out-parameter provided by the caller.
            unsafe { *out_error = ptr::null_mut() };
        }
        let out_export = out(out_export)?;
        // SAFETY: `path_len` readable bytes by the caller's contract.
        let path = std::str::from_utf8(unsafe { input_bytes(path, path_len) }?)
            .map_err(|_| SyncMatchStatus::InvalidUtf8)?;
        // SAFETY: NULL or valid (contract).
        let options = match unsafe { options.as_ref() } {
            None => ReadOptions::default(),
            Some(given) => {
                let refuse = |message: String| {
                    let error = SyncMatchError::new(SyncMatchStatus::InvalidArgument, message);
                    // SAFETY: `out_error` NULL or valid for one write (contract).
                    unsafe { hand_out_error(error, out_error) }
                };
                // SAFETY: NULL or `encoding_len` readable bytes (contract).
                let name = std::str::from_utf8(unsafe {
                    input_bytes(given.encoding, given.encoding_len)
                }?)
                .map_err(|_| SyncMatchStatus::InvalidUtf8)?;
                let encoding = match name.trim() {
                    "" => None,
                    name => Some(decode::encoding_named(name).map_err(refuse)?),
                };
                let delimiter = match given.delimiter {
                    0 => None,
                    byte @ 1..=0x7F if !matches!(byte as u8, b'"' | b'\n' | b'\r') => {
                        Some(byte as u8)
                    }
                    _ => {
                        return Err(refuse(
                            "the delimiter must be one ASCII character other than a quote or a line break".to_owned(),
                        ));
                    }
                };
                ReadOptions {
                    encoding,
                    delimiter,
                    partial_page: given.allow_partial_page != 0,
                }
            }
        };
        let unused = [AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)];
        let counters = if progress.is_null() || !progress.is_aligned() {
            ReadProgress {
                read: &unused[0],
                parsed: &unused[1],
                total: &unused[2],
            }
        } else {
            // SAFETY: valid and aligned for the call (contract); the caller touches the
            // counters only atomically while the call runs, so these are their only views here.
            unsafe {
                ReadProgress {
                    read: AtomicU64::from_ptr(&raw mut (*progress).read),
                    parsed: AtomicU64::from_ptr(&raw mut (*progress).parsed),
                    total: AtomicU64::from_ptr(&raw mut (*progress).total),
                }
            }
        };
        let read = DirectoryExport::open(path, counters, options).map_err(|error| (error, None));
        // SAFETY: `out_export` checked non-NULL; `out_error` NULL or valid (contract).
        unsafe { hand_out_export(read, out_export, out_error) }
    })
}

/// Hands a read export to the caller, or its error (prefixed with where it came from, when
/// given) to `out_error`.
///
/// # Safety
/// `out_export` valid for one write; `out_error` NULL or valid for one write.
unsafe fn hand_out_export(
    read: Result<DirectoryExport, (crate::export::ExportError, Option<&str>)>,
    out_export: *mut *mut SyncMatchExport,
    out_error: *mut *mut SyncMatchError,
) -> Result<(), SyncMatchStatus> {
    match read {
        Ok(export) => {
            // SAFETY: valid for one write (contract); ownership passes to the caller.
            unsafe { *out_export = Box::into_raw(Box::new(SyncMatchExport { export })) };
            Ok(())
        }
        Err((error, source)) => {
            let message = match source {
                Some(source) => format!("{source}: {error}"),
                None => error.to_string(),
            };
            let error = SyncMatchError::new((&error).into(), message);
            // SAFETY: `out_error` NULL or valid for one write (contract).
            Err(unsafe { hand_out_error(error, out_error) })
        }
    }
}

/// Reads a directory's objects handed over as JSON (`json_len` bytes: an array of objects, each
/// attribute a string, a list, or a byte list for binary values) into an export, as a JSON file
/// is read; `source` (`source_len` bytes of UTF-8) names where they came from in every message.
/// On failure, when `out_error` is not NULL, it receives the error (release it with
/// [`syncmatch_error_free`]).
///
/// # Safety
/// `json` must point to `json_len` readable bytes and `source` to `source_len`; `out_export`
/// valid for one write; `out_error` NULL or valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_export_from_json(
    json: *const u8,
    json_len: usize,
    source: *const u8,
    source_len: usize,
    out_export: *mut *mut SyncMatchExport,
    out_error: *mut *mut SyncMatchError,
) -> SyncMatchStatus {
    boundary(|| {
        if !out_error.is_null() {
            // SAFETY: non-NULL out-parameter provided by the caller.
            unsafe { *out_error = ptr::null_mut() };
        }
        let out_export = out(out_export)?;
        // SAFETY: readable as the caller's contract says.
        let (json, source) = unsafe {
            (
                input_bytes(json, json_len)?,
                input_bytes(source, source_len)?,
            )
        };
        let source = std::str::from_utf8(source).map_err(|_| SyncMatchStatus::InvalidUtf8)?;
        let read = DirectoryExport::read_json_from(json.to_vec(), source)
            .map_err(|error| (error, Some(source)));
        // SAFETY: `out_export` checked non-NULL; `out_error` NULL or valid (contract).
        unsafe { hand_out_export(read, out_export, out_error) }
    })
}

/// Reads the regular file at `path` (`path_len` bytes of UTF-8, resolved by the caller) into a
/// buffer written to `out_bytes`: the one way a file a user names is read (a journal). A
/// directory, pipe or device is `ExportNotAFile` (never opened: a FIFO would wait forever, a
/// device never end), a file that changes while it is read `ExportChanged`, one that cannot be
/// read `ExportUnreadable`; then, when `out_error` is not NULL, it receives the error.
///
/// # Safety
/// `path` must point to `path_len` readable bytes; `out_bytes` valid for one write; `out_error`
/// NULL or valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_file_read(
    path: *const u8,
    path_len: usize,
    out_bytes: *mut *mut SyncMatchBuffer,
    out_error: *mut *mut SyncMatchError,
) -> SyncMatchStatus {
    boundary(|| {
        if !out_error.is_null() {
            // SAFETY: non-NULL out-parameter provided by the caller.
            unsafe { *out_error = ptr::null_mut() };
        }
        let out_bytes = out(out_bytes)?;
        // SAFETY: `path_len` readable bytes by the caller's contract.
        let path = std::str::from_utf8(unsafe { input_bytes(path, path_len) }?)
            .map_err(|_| SyncMatchStatus::InvalidUtf8)?;
        match crate::export::read_regular_file(path, &AtomicU64::new(0)) {
            Ok(bytes) => {
                // SAFETY: checked non-NULL.
                unsafe { hand_out_bytes(bytes, out_bytes) };
                Ok(())
            }
            Err(error) => {
                let error = SyncMatchError::new((&error).into(), error.to_string());
                // SAFETY: `out_error` NULL or valid for one write (contract).
                Err(unsafe { hand_out_error(error, out_error) })
            }
        }
    })
}

/// Describes an export as JSON: `path`, `rows`, `encoding`, `cloud` (an Id column: a cloud
/// export), `recognised` ([column, field] pairs, the field named as the schema names it),
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
        let out_description = out(out_description)?;
        // SAFETY: a live export (contract).
        let export = unsafe { &live(export)?.export };
        #[derive(Serialize)]
        struct Description<'a> {
            path: &'a str,
            rows: usize,
            encoding: crate::export::decode::FileEncoding,
            cloud: bool,
            recognised: Vec<(&'a str, &'static str)>,
            ignored: Vec<String>,
            warnings: &'a [crate::export::ExportWarning],
        }
        let description = Description {
            path: export.path(),
            rows: export.row_count(),
            encoding: export.encoding,
            cloud: export.is_cloud(),
            recognised: export
                .recognised()
                .map(|(column, field)| (column, field.name()))
                .collect(),
            ignored: export.ignored(),
            warnings: &export.warnings,
        };
        // SAFETY: checked non-NULL.
        unsafe { hand_out_json(&description, out_description) }
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
        // SAFETY: a live export and `name_len` readable bytes (contract).
        let (export, name) = unsafe { (&live(export)?.export, input_bytes(name, name_len)?) };
        let name = std::str::from_utf8(name).map_err(|_| SyncMatchStatus::InvalidUtf8)?;
        match export.column(name) {
            Ok(_) => Ok(()),
            Err(error) => {
                let error =
                    SyncMatchError::new((&error).into(), format!("{}: {error}", export.path()));
                // SAFETY: `out_error` NULL or valid for one write (contract).
                Err(unsafe { hand_out_error(error, out_error) })
            }
        }
    })
}

/// Rows `start..start + count` of `export` as `entity` reads them, a custom source anchor read
/// from the column `name` when it is not NULL ([`syncmatch_export_column`]), and the fields the
/// deployment names the columns of (`given`: [`crate::deployment::Deployment::given_columns`]).
///
/// # Safety
/// `name` NULL, or pointing to `name_len` readable bytes.
pub(super) unsafe fn export_rows<'e>(
    export: &'e DirectoryExport,
    entity: Entity,
    start: usize,
    count: usize,
    name: *const u8,
    name_len: usize,
    given: &[(Field, String)],
) -> Result<ExportRows<'e>, SyncMatchStatus> {
    let mut rows = ExportRows::new(export, entity, start, count);
    for (field, attribute) in given {
        let column = export
            .column(attribute)
            .map_err(|_| SyncMatchStatus::ExportMissingColumn)?;
        rows = rows.with_given(*field, column);
    }
    if name.is_null() {
        return Ok(rows);
    }
    // SAFETY: `name_len` readable bytes (contract).
    let name = std::str::from_utf8(unsafe { input_bytes(name, name_len) }?)
        .map_err(|_| SyncMatchStatus::InvalidUtf8)?;
    let column = export
        .column(name)
        .map_err(|_| SyncMatchStatus::ExportMissingColumn)?;
    Ok(rows.with_given(Field::CustomAnchor, column))
}

/// Predicts rows `start..start + count` of `export` as on-premises users, in order, as
/// [`syncmatch_prediction_add_users`] predicts objects (its failure page to `out_failures`, each
/// naming the file and the line). `anchor_column` (`anchor_column_len` bytes of UTF-8) is NULL, or
/// the column of a custom source anchor ([`syncmatch_export_column`]).
///
/// # Safety
/// `prediction` and `export` must be live and not used elsewhere during the call;
/// `anchor_column` NULL or pointing to `anchor_column_len` readable bytes; `out_failures` valid
/// for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_prediction_add_export(
    prediction: *mut SyncMatchPrediction,
    export: *const SyncMatchExport,
    anchor_column: *const u8,
    anchor_column_len: usize,
    start: usize,
    count: usize,
    out_failures: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        let out_failures = out(out_failures)?;
        // SAFETY: live and unshared by the caller's contract.
        let (prediction, export) = unsafe { (accepting_users(prediction)?, &live(export)?.export) };
        if start == 0 {
            prediction.reserve_users(export.row_count());
        }
        // SAFETY: NULL or `anchor_column_len` readable bytes (contract).
        let rows = unsafe {
            export_rows(
                export,
                Entity::OnPremisesUser,
                start,
                count,
                anchor_column,
                anchor_column_len,
                &prediction.deployment().given_columns(),
            )
        }?;
        let failures = prediction.add_user_rows(&rows, &Guarded);
        // SAFETY: checked non-NULL.
        unsafe { hand_out_failures(&failures, out_failures) };
        Ok(())
    })
}

/// Adds every row of a cloud export (a Get-MgUser or Get-MsolUser CSV or JSON) to match against,
/// as [`syncmatch_prediction_add_cloud`] adds objects: before the first on-premises user, its
/// failure page to `out_failures`. With `deleted` non-zero the rows are soft-deleted users.
///
/// # Safety
/// `prediction` and `export` must be live and not used elsewhere during the call; `out_failures`
/// valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_prediction_add_cloud_export(
    prediction: *mut SyncMatchPrediction,
    export: *const SyncMatchExport,
    deleted: u32,
    out_failures: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        let out_failures = out(out_failures)?;
        // SAFETY: live and unshared by the caller's contract.
        let (prediction, export) = unsafe { (accepting_cloud(prediction)?, &live(export)?.export) };
        if !export.is_cloud() {
            return Err(SyncMatchStatus::ExportMissingColumn);
        }
        // The index sized once for every row.
        prediction.reserve_cloud(export.row_count());
        let rows = ExportRows::new(export, Entity::CloudObject, 0, export.row_count());
        let failures = prediction.add_cloud_rows(&rows, deleted != 0);
        // SAFETY: checked non-NULL.
        unsafe { hand_out_failures(&failures, out_failures) };
        Ok(())
    })
}

/// What a hard-match plan reads an export's rows as.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMatchExportRole {
    /// Cloud users (a Get-MgUser or Get-MsolUser export).
    CloudUsers = 0,
    /// Soft-deleted cloud users (Get-MgDirectoryDeletedItemAsUser).
    DeletedCloudUsers = 1,
    /// The on-premises users mapping rows may name (-OnPremisesUser).
    OnPremisesUsers = 2,
    /// The rows that are their own directory user (an AD export given as mapping rows).
    OwnRows = 3,
    /// Mapping rows.
    MappingRows = 4,
}

from_u32!(
    SyncMatchExportRole,
    "an export role",
    [
        CloudUsers,
        DeletedCloudUsers,
        OnPremisesUsers,
        OwnRows,
        MappingRows
    ]
);

/// Adds the rows of an export to a hard-match plan as `role` (a [`SyncMatchExportRole`]) says, as
/// [`syncmatch_plan_add_cloud`], [`syncmatch_plan_add_on_prem`] and [`syncmatch_plan_add_rows`]
/// add objects, the failure page to `out_failures` (each naming the file and the line).
/// `anchor_column` as for [`syncmatch_prediction_add_export`] (read for on-premises users only).
///
/// # Safety
/// `plan` and `export` must be live and not used elsewhere during the call; `anchor_column` NULL
/// or pointing to `anchor_column_len` readable bytes; `out_failures` valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_plan_add_export(
    plan: *mut SyncMatchPlan,
    export: *const SyncMatchExport,
    role: u32,
    anchor_column: *const u8,
    anchor_column_len: usize,
    out_failures: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        let out_failures = out(out_failures)?;
        // SAFETY: live and unshared by the caller's contract.
        let (plan, export) = unsafe { (&mut live_mut(plan)?.plan, &live(export)?.export) };
        let role = SyncMatchExportRole::try_from(role).map_err(|error| error.status)?;
        let all = export.row_count();
        // SAFETY: NULL or `anchor_column_len` readable bytes (contract).
        let given = plan.deployment().given_columns();
        let users = |entity| unsafe {
            export_rows(
                export,
                entity,
                0,
                all,
                anchor_column,
                anchor_column_len,
                &given,
            )
        };
        let failures = match role {
            SyncMatchExportRole::CloudUsers | SyncMatchExportRole::DeletedCloudUsers => {
                if !plan.accepts_users() {
                    return Err(SyncMatchStatus::InvalidState);
                }
                let rows = ExportRows::new(export, Entity::CloudObject, 0, all);
                plan.add_cloud_rows(&rows, role == SyncMatchExportRole::DeletedCloudUsers)
            }
            SyncMatchExportRole::OnPremisesUsers | SyncMatchExportRole::OwnRows => {
                if !plan.accepts_users() {
                    return Err(SyncMatchStatus::InvalidState);
                }
                let own_rows = role == SyncMatchExportRole::OwnRows;
                plan.add_on_prem_rows(&users(Entity::OnPremisesUser)?, own_rows, &Guarded)
            }
            SyncMatchExportRole::MappingRows => {
                if !plan.accepts_rows() {
                    return Err(SyncMatchStatus::InvalidState);
                }
                plan.add_mapping_rows(&ExportRows::new(export, Entity::MappingRow, 0, all))
            }
        };
        // SAFETY: checked non-NULL.
        unsafe { hand_out_failures(&failures, out_failures) };
        Ok(())
    })
}

/// The source anchors of rows `start..start + count` of `export`, as
/// [`syncmatch_anchor_resolve_rows`] gives them for objects (`attribute` a
/// [`SyncMatchAnchorAttribute`] other than `Custom`): 16 bytes per row to `out_anchors`
/// (`out_anchors_len` ≥ 16 × the rows in range; zeros where a row failed; spell them with
/// [`syncmatch_anchor_immutable_ids`] or [`syncmatch_anchor_format`]), the attribute each was
/// read from to `out_sources` (a [`SyncMatchAnchorSource`] per row; NULL with length 0 when not
/// wanted) and the failure page to `out_failures` (each naming the file and the line).
///
/// # Safety
/// `export` must be live; `out_anchors` must point to `out_anchors_len` writable bytes and
/// `out_sources` (unless NULL) to `out_sources_len` writable values; `out_failures` valid for
/// one write.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn syncmatch_export_anchors(
    export: *const SyncMatchExport,
    attribute: u32,
    start: usize,
    count: usize,
    out_anchors: *mut u8,
    out_anchors_len: usize,
    out_sources: *mut u32,
    out_sources_len: usize,
    out_failures: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        let out_failures = out(out_failures)?;
        // SAFETY: a live export (contract).
        let export = unsafe { &live(export)?.export };
        let attribute = attribute_from_u32(attribute).map_err(|error| error.status)?;
        let rows = ExportRows::new(export, Entity::AnchorObject, start, count);
        let needed = rows
            .count()
            .checked_mul(SYNCMATCH_ANCHOR_LEN)
            .ok_or(SyncMatchStatus::InvalidArgument)?;
        if out_anchors_len < needed {
            return Err(SyncMatchStatus::BufferTooSmall);
        }
        // SAFETY: `out_anchors_len` writable bytes (contract), of which `needed` are written.
        let out_anchors = unsafe { output_bytes(out_anchors, needed) }?;
        // Only the anchor attributes matter here: a type name elsewhere in the row is the
        // readiness check's finding, as for the row given as an object.
        // SAFETY: as above; NULL means not wanted.
        let out_sources = unsafe { optional_items(out_sources, out_sources_len, rows.count()) }?;
        let failures = resolve_all(&rows, attribute, None, out_anchors, None, out_sources);
        // SAFETY: checked non-NULL.
        unsafe { hand_out_failures(&failures, out_failures) };
        Ok(())
    })
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
