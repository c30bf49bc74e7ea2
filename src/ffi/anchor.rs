//! The source-anchor exports: resolve one or many anchors, format every spelling, immutableIds in bulk.

use super::*;

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

/// What a [`SyncMatchAnchorInput`] is.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMatchInputShape {
    /// A bare value in `value`.
    Value = 0,
    /// A directory user: `value` is its objectGUID, `consistency_guid` its mS-DS-ConsistencyGuid.
    User = 1,
}

/// One anchor to resolve.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SyncMatchAnchorInput {
    /// A [`SyncMatchInputShape`] value.
    pub shape: u32,
    pub value: SyncMatchSlot,
    pub consistency_guid: SyncMatchSlot,
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
from_u32!(SyncMatchInputShape, "an input shape", [Value, User]);

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

/// Reads one input and resolves its anchor; also returns the spelling the chosen value was in.
pub(super) fn resolve_input(
    data: &[u8],
    input: &SyncMatchAnchorInput,
    attribute: AnchorAttribute,
    spelling: Option<Spelling>,
) -> Result<(SourceAnchor, SyncMatchSpelling), SyncMatchError> {
    let value = slot_value(data, &input.value)?;
    let anchor_input = match SyncMatchInputShape::try_from(input.shape)? {
        SyncMatchInputShape::Value => {
            AnchorInput::Value(value.ok_or_else(|| SyncMatchError::from(AnchorError::Empty))?)
        }
        SyncMatchInputShape::User => AnchorInput::User {
            object_guid: value,
            consistency_guid: slot_value(data, &input.consistency_guid)?,
        },
    };
    let (anchor, read_as) = SourceAnchor::resolve(anchor_input, attribute, spelling)?;
    Ok((anchor, spelling_to_ffi(read_as)))
}

/// Resolves one source anchor and explains a failure.
///
/// `data`/`data_len` hold the bytes the input's slots point into (NULL when `data_len` is 0).
/// `attribute` is a [`SyncMatchAnchorAttribute`], `spelling` a [`SyncMatchSpelling`] other than
/// `Bytes` (`Detect` reads text in the spelling its shape shows).
///
/// On success writes 16 bytes to `out_anchor` and the spelling the value was read in to
/// `out_spelling` (`Bytes` for raw bytes and users). On failure, when `out_error` is not NULL,
/// stores there an error the caller must release with [`syncmatch_error_free`]; it stays NULL on
/// success and on `Panic`.
/// # Safety
/// `data` must be NULL or point to `data_len` readable bytes; `input` to one readable input;
/// `out_anchor` to 16 writable bytes; `out_spelling` and `out_error` (if not NULL) to one
/// writable value each.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_anchor_resolve(
    data: *const u8,
    data_len: usize,
    input: *const SyncMatchAnchorInput,
    attribute: u32,
    spelling: u32,
    out_anchor: *mut u8,
    out_spelling: *mut u32,
    out_error: *mut *mut SyncMatchError,
) -> SyncMatchStatus {
    boundary(|| {
        if !out_error.is_null() {
            // SAFETY: non-NULL out-parameter provided by the caller.
            unsafe { *out_error = ptr::null_mut() };
        }
        if input.is_null() || out_anchor.is_null() || out_spelling.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: the caller guarantees `data_len` readable bytes at `data` and a valid `input`.
        // SAFETY: checked non-NULL above; a valid input by the caller's contract.
        let (data, input) = (unsafe { input_bytes(data, data_len) }?, unsafe { &*input });
        let result = attribute_from_u32(attribute).and_then(|attribute| {
            spelling_from_u32(spelling)
                .and_then(|spelling| resolve_input(data, input, attribute, spelling))
        });
        match result {
            Ok((anchor, read_as)) => {
                // SAFETY: checked non-NULL; `out_anchor` has room for 16 bytes by contract.
                unsafe {
                    ptr::copy_nonoverlapping(
                        anchor.storage_bytes().as_ptr(),
                        out_anchor,
                        SYNCMATCH_ANCHOR_LEN,
                    );
                    *out_spelling = read_as as u32;
                }
                Ok(())
            }
            // SAFETY: `out_error` NULL or valid for one write (contract).
            Err(error) => Err(unsafe { hand_out_error(error, out_error) }),
        }
    })
}

/// Resolves `count` source anchors in one call.
///
/// Arguments as for [`syncmatch_anchor_resolve`], with `inputs` an array of `count`.
/// `out_anchors` receives 16 bytes per input (`out_anchors_len` ≥ 16 × `count`; zeros where an
/// input failed) and `out_statuses` one [`SyncMatchStatus`] per input (`out_statuses_len` ≥
/// `count`). The call returns `Ok` when it ran, even if inputs failed: read `out_statuses`, and
/// call [`syncmatch_anchor_resolve`] on a failed input for its message.
/// # Safety
/// `data` must be NULL or point to `data_len` readable bytes, `inputs` to `count` readable inputs,
/// `out_anchors` to `out_anchors_len` and `out_statuses` to `out_statuses_len` writable values.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_anchor_resolve_batch(
    data: *const u8,
    data_len: usize,
    inputs: *const SyncMatchAnchorInput,
    count: usize,
    attribute: u32,
    spelling: u32,
    out_anchors: *mut u8,
    out_anchors_len: usize,
    out_statuses: *mut u32,
    out_statuses_len: usize,
) -> SyncMatchStatus {
    boundary(|| {
        let Some(anchors_needed) = count.checked_mul(SYNCMATCH_ANCHOR_LEN) else {
            return Err(SyncMatchStatus::InvalidArgument);
        };
        if out_anchors_len < anchors_needed || out_statuses_len < count {
            return Err(SyncMatchStatus::BufferTooSmall);
        }
        if count > 0 && (inputs.is_null() || out_statuses.is_null()) {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: the caller guarantees the buffers' sizes; NULL is rejected for non-empty ones.
        let (data, out_anchors) = unsafe {
            input_bytes(data, data_len)
                .and_then(|data| output_bytes(out_anchors, anchors_needed).map(|out| (data, out)))
        }?;
        let (attribute, spelling) = (attribute_from_u32(attribute).and_then(|attribute| {
            spelling_from_u32(spelling).map(|spelling| (attribute, spelling))
        }))
        .map_err(|error| error.status)?;
        let (inputs, out_statuses) = if count == 0 {
            (&[][..], &mut [][..])
        } else {
            // SAFETY: checked non-NULL; `count` inputs and statuses by the caller's contract.
            unsafe {
                (
                    std::slice::from_raw_parts(inputs, count),
                    std::slice::from_raw_parts_mut(out_statuses, count),
                )
            }
        };
        for ((input, status), out) in inputs
            .iter()
            .zip(out_statuses.iter_mut())
            .zip(out_anchors.chunks_exact_mut(SYNCMATCH_ANCHOR_LEN))
        {
            let resolved = guarded(|| resolve_input(data, input, attribute, spelling))
                .unwrap_or_else(|message| {
                    Err(SyncMatchError::new(SyncMatchStatus::Panic, message))
                });
            match resolved {
                Ok((anchor, _)) => {
                    out.copy_from_slice(anchor.storage_bytes());
                    *status = SyncMatchStatus::Ok as u32;
                }
                Err(error) => {
                    out.fill(0);
                    *status = error.status as u32;
                }
            }
        }
        Ok(())
    })
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
