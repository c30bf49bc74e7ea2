//! The source-anchor exports: resolve one or many anchors, format every spelling, immutableIds in bulk.

use super::*;
use crate::schema::{InputError, RowFailure, Rows};

/// A spelling of the source anchor, as passed to and returned from the anchor functions.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMatchSpelling {
    /// As an input: recognize the spelling from the value's shape.
    Detect = 0,
    Guid = 1,
    ImmutableId = 2,
    OctetString = 3,
    LdapFilter = 4,
    ConnectorDn = 5,
    /// Raw bytes (a `byte[]` or `[guid]`), never text.
    Bytes = 6,
}

/// Where a user's anchor is read from.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMatchAnchorAttribute {
    /// mS-DS-ConsistencyGuid when populated, otherwise objectGUID, as Entra Connect does.
    Auto = 0,
    ObjectGuid = 1,
    ConsistencyGuid = 2,
    /// Predictions only: another attribute (employeeID…), whose value the caller puts in the
    /// mS-DS-ConsistencyGuid slot. It has no GUID form, so the anchor exports refuse it.
    Custom = 3,
}

/// Where a resolved anchor was read from (an output: Get-SourceAnchor says it).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMatchAnchorSource {
    /// A bare value (text in some spelling, or bytes).
    Value = 0,
    /// A user's objectGUID.
    ObjectGuid = 1,
    /// A user's mS-DS-ConsistencyGuid.
    ConsistencyGuid = 2,
}

impl SyncMatchAnchorSource {
    fn of(read: ReadFrom) -> Self {
        match read {
            ReadFrom::Value(_) => SyncMatchAnchorSource::Value,
            ReadFrom::Attribute(AnchorAttribute::ConsistencyGuid) => {
                SyncMatchAnchorSource::ConsistencyGuid
            }
            ReadFrom::Attribute(_) => SyncMatchAnchorSource::ObjectGuid,
        }
    }
}

/// Every text spelling of one anchor, ASCII, not NUL-terminated; each field is exactly full.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SyncMatchAnchorText {
    /// .NET format D, lower case.
    pub immutable_id: [u8; SYNCMATCH_IMMUTABLE_ID_LEN],
    pub octet_string: [u8; SYNCMATCH_OCTET_STRING_LEN],
    pub ldap_filter: [u8; SYNCMATCH_LDAP_FILTER_LEN],
    pub connector_dn: [u8; SYNCMATCH_CONNECTOR_DN_LEN],
}

impl Default for SyncMatchAnchorText {
    fn default() -> Self {
        SyncMatchAnchorText {
            immutable_id: [0; SYNCMATCH_IMMUTABLE_ID_LEN],
            octet_string: [0; SYNCMATCH_OCTET_STRING_LEN],
            ldap_filter: [0; SYNCMATCH_LDAP_FILTER_LEN],
            connector_dn: [0; SYNCMATCH_CONNECTOR_DN_LEN],
        }
    }
}

from_u32!(
    SyncMatchSpelling,
    "a spelling",
    [
        Detect,
        Guid,
        ImmutableId,
        OctetString,
        LdapFilter,
        ConnectorDn,
        Bytes
    ]
);
from_u32!(
    SyncMatchAnchorAttribute,
    "an anchor attribute",
    [Auto, ObjectGuid, ConsistencyGuid, Custom]
);

/// The spelling to read text in (`None`: recognize it by its shape). `Bytes` is only ever an
/// answer, never a way to read text.
pub(super) fn spelling_from_u32(value: u32) -> Result<Option<Spelling>, SyncMatchError> {
    Ok(match SyncMatchSpelling::try_from(value)? {
        SyncMatchSpelling::Detect => None,
        SyncMatchSpelling::Guid => Some(Spelling::Guid),
        SyncMatchSpelling::ImmutableId => Some(Spelling::ImmutableId),
        SyncMatchSpelling::OctetString => Some(Spelling::OctetString),
        SyncMatchSpelling::LdapFilter => Some(Spelling::LdapFilter),
        SyncMatchSpelling::ConnectorDn => Some(Spelling::ConnectorDn),
        SyncMatchSpelling::Bytes => {
            return Err(SyncMatchError::new(
                SyncMatchStatus::InvalidArgument,
                format!("{value} (Bytes) is not a spelling to read text in"),
            ));
        }
    })
}

pub(super) fn spelling_to_ffi(spelling: Option<Spelling>) -> SyncMatchSpelling {
    match spelling {
        None => SyncMatchSpelling::Bytes,
        Some(Spelling::Guid) => SyncMatchSpelling::Guid,
        Some(Spelling::ImmutableId) => SyncMatchSpelling::ImmutableId,
        Some(Spelling::OctetString) => SyncMatchSpelling::OctetString,
        Some(Spelling::LdapFilter) => SyncMatchSpelling::LdapFilter,
        Some(Spelling::ConnectorDn) => SyncMatchSpelling::ConnectorDn,
    }
}

pub(super) fn attribute_from_u32(value: u32) -> Result<AnchorAttribute, SyncMatchError> {
    Ok(match SyncMatchAnchorAttribute::try_from(value)? {
        SyncMatchAnchorAttribute::Auto => AnchorAttribute::Auto,
        SyncMatchAnchorAttribute::ObjectGuid => AnchorAttribute::ObjectGuid,
        SyncMatchAnchorAttribute::ConsistencyGuid => AnchorAttribute::ConsistencyGuid,
        SyncMatchAnchorAttribute::Custom => {
            return Err(SyncMatchError::new(
                SyncMatchStatus::InvalidArgument,
                "a custom source anchor attribute has no GUID spelling; only a prediction takes it"
                    .to_owned(),
            ));
        }
    })
}

/// The deployment's source anchor for a prediction.
pub(super) fn anchor_setting_from_u32(value: u32) -> Result<AnchorSetting, SyncMatchError> {
    Ok(match SyncMatchAnchorAttribute::try_from(value)? {
        SyncMatchAnchorAttribute::Auto => AnchorSetting::Auto,
        SyncMatchAnchorAttribute::ObjectGuid => AnchorSetting::ObjectGuid,
        SyncMatchAnchorAttribute::ConsistencyGuid => AnchorSetting::ConsistencyGuid,
        SyncMatchAnchorAttribute::Custom => AnchorSetting::Custom,
    })
}

/// Resolves the source anchor of every row of `rows`: a row with a `Value` cell is that bare
/// value (a GUID, bytes, text in any spelling), any other row a directory object whose anchor is
/// read from its objectGUID and mS-DS-ConsistencyGuid cells as `attribute` says (a
/// [`SyncMatchAnchorAttribute`] other than `Custom`). `spelling` is a [`SyncMatchSpelling`] other
/// than `Bytes` (`Detect` reads text in the spelling its shape shows).
///
/// Writes, per row, 16 bytes to `out_anchors` (`out_anchors_len` ≥ 16 × the rows; zeros where a
/// row failed), the spelling its value was read in to `out_spellings` (`out_spellings_len` ≥
/// the rows; `Bytes` for raw bytes and objects), where it was read from to `out_sources` (a
/// [`SyncMatchAnchorSource`] per row; NULL with length 0 when not wanted), and the failure page
/// (`rows::failures_page`) to `out_failures`: each row whose anchor could not be resolved, with
/// its message.
///
/// # Safety
/// `rows` must point to one batch (see [`SyncMatchRows`]); `out_anchors` to `out_anchors_len`,
/// `out_spellings` to `out_spellings_len` and `out_sources` (unless NULL) to `out_sources_len`
/// writable values; `out_failures` valid for one write.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn syncmatch_anchor_resolve_rows(
    rows: *const SyncMatchRows,
    attribute: u32,
    spelling: u32,
    out_anchors: *mut u8,
    out_anchors_len: usize,
    out_spellings: *mut u32,
    out_spellings_len: usize,
    out_sources: *mut u32,
    out_sources_len: usize,
    out_failures: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        if out_failures.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: one batch (contract).
        let rows = unsafe { read_rows(rows) }?;
        let count = rows.count();
        let anchors_needed = count
            .checked_mul(SYNCMATCH_ANCHOR_LEN)
            .ok_or(SyncMatchStatus::InvalidArgument)?;
        if out_anchors_len < anchors_needed || out_spellings_len < count {
            return Err(SyncMatchStatus::BufferTooSmall);
        }
        let attribute = attribute_from_u32(attribute).map_err(|error| error.status)?;
        let spelling = spelling_from_u32(spelling).map_err(|error| error.status)?;
        // SAFETY: the caller guarantees the buffers' sizes; NULL is rejected for non-empty ones.
        let (out_anchors, out_spellings) = unsafe {
            (
                output_bytes(out_anchors, anchors_needed)?,
                output_items(out_spellings, count)?,
            )
        };
        // SAFETY: as above; NULL means not wanted.
        let out_sources = unsafe { optional_items(out_sources, out_sources_len, count) }?;
        let failures = resolve_all(
            &rows,
            attribute,
            spelling,
            out_anchors,
            Some(out_spellings),
            out_sources,
        );
        // SAFETY: checked non-NULL.
        unsafe { hand_out_failures(&failures, out_failures) };
        Ok(())
    })
}

/// Resolves each row's anchor into 16 bytes of `out_anchors` (zeros where it fails) and, when
/// asked, the spelling its value was read in and where it was read from; returns the rows that
/// failed.
pub(super) fn resolve_all(
    rows: &impl Rows,
    attribute: AnchorAttribute,
    spelling: Option<Spelling>,
    out_anchors: &mut [u8],
    mut out_spellings: Option<&mut [u32]>,
    mut out_sources: Option<&mut [u32]>,
) -> Vec<RowFailure> {
    let mut failures = Vec::new();
    for (index, out) in out_anchors
        .chunks_exact_mut(SYNCMATCH_ANCHOR_LEN)
        .enumerate()
        .take(rows.count())
    {
        let resolved = guarded(|| {
            let row = rows.row(index)?;
            let input = crate::schema::anchor_input(&row);
            Ok(SourceAnchor::resolve(input, attribute, spelling)?)
        })
        .unwrap_or_else(|message| Err(InputError::Panic(message)));
        let (read_as, source) = match resolved {
            Ok((anchor, read)) => {
                out.copy_from_slice(anchor.storage_bytes());
                (
                    spelling_to_ffi(read.spelling()),
                    SyncMatchAnchorSource::of(read),
                )
            }
            Err(error) => {
                out.fill(0);
                failures.push(RowFailure::new(rows, index, error));
                (SyncMatchSpelling::Bytes, SyncMatchAnchorSource::Value)
            }
        };
        if let Some(spellings) = out_spellings.as_deref_mut() {
            spellings[index] = read_as as u32;
        }
        if let Some(sources) = out_sources.as_deref_mut() {
            sources[index] = source as u32;
        }
    }
    failures
}

/// Writes every text spelling of the 16-byte anchor at `anchor` into `out_text`.
/// # Safety
/// `anchor` must point to 16 readable bytes and `out_text` to one writable struct.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_anchor_format(
    anchor: *const u8,
    out_text: *mut SyncMatchAnchorText,
) -> SyncMatchStatus {
    boundary(|| {
        if anchor.is_null() || out_text.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        let mut bytes = [0u8; SYNCMATCH_ANCHOR_LEN];
        // SAFETY: checked non-NULL; 16 readable bytes by contract.
        unsafe { ptr::copy_nonoverlapping(anchor, bytes.as_mut_ptr(), SYNCMATCH_ANCHOR_LEN) };
        let anchor = SourceAnchor::from_storage_bytes(bytes);
        let mut text = SyncMatchAnchorText::default();
        anchor.write_immutable_id(&mut text.immutable_id);
        text.octet_string
            .copy_from_slice(anchor.octet_string().as_bytes());
        text.ldap_filter
            .copy_from_slice(anchor.ldap_filter().as_bytes());
        text.connector_dn
            .copy_from_slice(anchor.connector_dn().as_bytes());
        // SAFETY: checked non-NULL; a writable SyncMatchAnchorText by contract.
        unsafe { out_text.write(text) };
        Ok(())
    })
}

/// Writes the immutableId of each 16-byte anchor in `anchors` (`anchors_len`, a multiple of 16)
/// as 24 ASCII characters, back to back, into `out_chars` (`out_chars_len` ≥ 24 per anchor).
/// # Safety
/// `anchors` must point to `anchors_len` readable bytes and `out_chars` to `out_chars_len`
/// writable bytes (either may be NULL when its length is 0).
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_anchor_immutable_ids(
    anchors: *const u8,
    anchors_len: usize,
    out_chars: *mut u8,
    out_chars_len: usize,
) -> SyncMatchStatus {
    boundary(|| {
        if !anchors_len.is_multiple_of(SYNCMATCH_ANCHOR_LEN) {
            return Err(SyncMatchStatus::InvalidArgument);
        }
        let count = anchors_len / SYNCMATCH_ANCHOR_LEN;
        let Some(chars_needed) = count.checked_mul(SYNCMATCH_IMMUTABLE_ID_LEN) else {
            return Err(SyncMatchStatus::InvalidArgument);
        };
        if out_chars_len < chars_needed {
            return Err(SyncMatchStatus::BufferTooSmall);
        }
        // SAFETY: the caller guarantees both buffers' sizes; NULL is rejected when non-empty.
        let buffers = unsafe {
            input_bytes(anchors, anchors_len)
                .and_then(|anchors| output_bytes(out_chars, chars_needed).map(|out| (anchors, out)))
        };
        let (anchors, out_chars) = (buffers)?;
        for (bytes, out) in anchors
            .chunks_exact(SYNCMATCH_ANCHOR_LEN)
            .zip(out_chars.chunks_exact_mut(SYNCMATCH_IMMUTABLE_ID_LEN))
        {
            let anchor = SourceAnchor::from_storage_bytes(
                bytes.try_into().expect("chunks_exact yields 16 bytes"),
            );
            anchor.write_immutable_id(out.try_into().expect("chunks_exact yields 24 bytes"));
        }
        Ok(())
    })
}
