//! The status every export returns, and the error object that carries a message about one input.

use super::*;

/// The result of every call. Values are stable: never renumbered, never reused.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMatchStatus {
    Ok = 0,
    /// A pointer that must not be NULL was NULL.
    NullArgument = 1,
    /// A text input was not valid UTF-8.
    InvalidUtf8 = 2,
    /// An output buffer was smaller than the call needs.
    BufferTooSmall = 3,
    /// An enumeration value, offset or length was out of range.
    InvalidArgument = 4,
    /// The library panicked; the call was abandoned. A bug: please report it.
    /// [`syncmatch_last_panic_message`] tells what happened.
    Panic = 5,
    /// The call came out of order (e.g. users added to a prediction after its final pass).
    InvalidState = 6,
    /// The library could not produce its answer (e.g. serialize it). A bug: please report it.
    InternalError = 7,

    AnchorEmpty = 100,
    AnchorInvalidGuid = 101,
    AnchorInvalidImmutableId = 102,
    /// A valid immutableId that is not 16 bytes: a custom source anchor.
    AnchorNotGuid = 103,
    AnchorInvalidOctetString = 104,
    AnchorInvalidLdapFilter = 105,
    AnchorInvalidConnectorDn = 106,
    AnchorWrongByteCount = 107,
    /// A type name such as `System.Byte[]` that Export-Csv wrote instead of the value.
    AnchorTypeName = 108,
    AnchorUnrecognized = 109,
    /// The user has none of the attributes the anchor is read from.
    AnchorMissing = 110,
    /// A custom source anchor's value breaks the rules every anchor value follows.
    AnchorCustomInvalid = 111,

    /// The export file could not be read from disk.
    ExportUnreadable = 200,
    /// The export file is empty: no header line.
    ExportEmpty = 201,
    /// The export file ends inside a quoted field.
    ExportTruncated = 202,
    /// No column names an object (DistinguishedName, SamAccountName, UserPrincipalName).
    ExportMissingColumn = 203,
    /// A column holds a type name on every row.
    ExportTypeNameColumn = 204,
    /// A line the CSV reader cannot read.
    ExportMalformed = 205,
    /// The export's text is past 4 GiB.
    ExportTooLarge = 206,
    /// The export's bytes are not text in the encoding it has or was said to have.
    ExportEncoding = 207,
    /// Two columns (or two properties of one JSON element) name the same property.
    ExportDuplicateColumn = 208,
    /// A record has another number of fields than the header.
    ExportRaggedRow = 209,
    /// A mapping's columns name no on-premises user or no cloud user (or the wrong delimiter).
    MappingColumnsUnusable = 210,
    /// The export is one page of a Graph result (`@odata.nextLink`).
    ExportPartialPage = 211,
    /// The path is not a regular file (a directory, a pipe, a device).
    ExportNotAFile = 212,
    /// The file changed while it was read.
    ExportChanged = 213,

    /// The journal file is empty.
    JournalEmpty = 300,
    /// The file is not a SyncMatch hard-match journal (no head line, or another format).
    JournalNotAJournal = 301,
    /// A line other than the last cannot be read.
    JournalCorrupt = 302,
    /// A record contradicts the records before it (edited or forged).
    JournalInconsistent = 303,
}

impl From<&ExportError> for SyncMatchStatus {
    fn from(error: &ExportError) -> Self {
        match error {
            ExportError::Unreadable(_) => SyncMatchStatus::ExportUnreadable,
            ExportError::Empty => SyncMatchStatus::ExportEmpty,
            ExportError::Truncated { .. } => SyncMatchStatus::ExportTruncated,
            ExportError::MissingColumn { .. } | ExportError::NoSuchColumn { .. } => {
                SyncMatchStatus::ExportMissingColumn
            }
            ExportError::TypeNameColumn { .. } => SyncMatchStatus::ExportTypeNameColumn,
            ExportError::Malformed { .. } => SyncMatchStatus::ExportMalformed,
            ExportError::TooLarge => SyncMatchStatus::ExportTooLarge,
            ExportError::Encoding { .. } => SyncMatchStatus::ExportEncoding,
            ExportError::DuplicateColumn { .. } => SyncMatchStatus::ExportDuplicateColumn,
            ExportError::RaggedRow { .. } => SyncMatchStatus::ExportRaggedRow,
            ExportError::PartialPage => SyncMatchStatus::ExportPartialPage,
            ExportError::NotAFile(_) => SyncMatchStatus::ExportNotAFile,
            ExportError::Changed => SyncMatchStatus::ExportChanged,
        }
    }
}

impl From<&AnchorError> for SyncMatchStatus {
    fn from(error: &AnchorError) -> Self {
        match error {
            AnchorError::Empty => SyncMatchStatus::AnchorEmpty,
            AnchorError::InvalidGuid { .. } => SyncMatchStatus::AnchorInvalidGuid,
            AnchorError::InvalidImmutableId { .. } => SyncMatchStatus::AnchorInvalidImmutableId,
            AnchorError::NotGuidAnchor { .. } => SyncMatchStatus::AnchorNotGuid,
            AnchorError::InvalidOctetString { .. } => SyncMatchStatus::AnchorInvalidOctetString,
            AnchorError::InvalidLdapFilter { .. } => SyncMatchStatus::AnchorInvalidLdapFilter,
            AnchorError::InvalidConnectorDn { .. } => SyncMatchStatus::AnchorInvalidConnectorDn,
            AnchorError::WrongByteCount { .. } => SyncMatchStatus::AnchorWrongByteCount,
            AnchorError::TypeName { .. } => SyncMatchStatus::AnchorTypeName,
            AnchorError::Unrecognized { .. } => SyncMatchStatus::AnchorUnrecognized,
            AnchorError::Missing { .. } => SyncMatchStatus::AnchorMissing,
            AnchorError::CustomInvalid { .. } => SyncMatchStatus::AnchorCustomInvalid,
            AnchorError::InAttribute { source, .. } => SyncMatchStatus::from(source.as_ref()),
        }
    }
}

/// An error with a message for the user. Created by the library, read with
/// [`syncmatch_error_message`], released with [`syncmatch_error_free`].
pub struct SyncMatchError {
    pub(super) status: SyncMatchStatus,
    pub(super) message: String,
}

impl SyncMatchError {
    pub(super) fn new(status: SyncMatchStatus, message: impl Into<String>) -> Self {
        SyncMatchError {
            status,
            message: message.into(),
        }
    }
}

impl From<AnchorError> for SyncMatchError {
    fn from(error: AnchorError) -> Self {
        SyncMatchError::new(SyncMatchStatus::from(&error), error.to_string())
    }
}

/// Points `out_message`/`out_message_len` at the error's UTF-8 message, valid until the error is
/// freed, and writes its status to `out_status`. All pointers must be non-NULL.
/// # Safety
/// `error` must be NULL or a live error from this library; the other pointers NULL or valid for
/// one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_error_message(
    error: *const SyncMatchError,
    out_message: *mut *const u8,
    out_message_len: *mut usize,
    out_status: *mut u32,
) -> SyncMatchStatus {
    boundary(|| {
        if error.is_null()
            || out_message.is_null()
            || out_message_len.is_null()
            || out_status.is_null()
        {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: a live error from this library (contract); out-parameters checked non-NULL.
        unsafe {
            let error = &*error;
            *out_message = error.message.as_ptr();
            *out_message_len = error.message.len();
            *out_status = error.status as u32;
        }
        Ok(())
    })
}

/// Releases an error. Calling with NULL is fine. Must not be called twice on one error.
/// # Safety
/// `error` must be NULL or an error from this library that was not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_error_free(error: *mut SyncMatchError) {
    // SAFETY: the caller's contract, as documented above.
    unsafe { release(error) }
}

/// `TryFrom<u32>` for a C enum whose values arrive as `uint32_t` (an out-of-range value in a Rust
/// enum is undefined behaviour, so every one is checked), with `what` naming it in the error. The
/// ABI description lists the values each accepts, so a variant left out here fails the boundary
/// test.
macro_rules! from_u32 {
    ($name:ident, $what:literal, [$($variant:ident),+ $(,)?]) => {
        impl TryFrom<u32> for $name {
            type Error = SyncMatchError;

            fn try_from(value: u32) -> Result<Self, SyncMatchError> {
                $(if value == $name::$variant as u32 {
                    return Ok($name::$variant);
                })+
                Err(SyncMatchError::new(
                    SyncMatchStatus::InvalidArgument,
                    format!("{value} is not {}", $what),
                ))
            }
        }
    };
}
pub(super) use from_u32;
