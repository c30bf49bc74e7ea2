//! The C ABI, and the only `unsafe` code in the crate.
//!
//! Conventions (the header `include/syncmatch.h` is generated from this file):
//! - Every function is named `syncmatch_<noun>_<verb>`, returns a [`SyncMatchStatus`] and runs its
//!   body inside [`boundary`], so a panic becomes [`SyncMatchStatus::Panic`] instead of unwinding
//!   into the host (which would abort the user's PowerShell session).
//! - Strings are UTF-8 with an explicit length, both ways; nothing is NUL-terminated.
//! - Out-parameters are written only on success, unless a function's comment says otherwise.
//! - Enumerations arrive as `uint32_t` and are checked, because an out-of-range value in a Rust
//!   enum is undefined behaviour.
//! - Whatever Rust allocates and hands out has exactly one free function, which accepts NULL.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;
use std::sync::{Once, OnceLock};

use serde::Serialize;

use crate::address::{self, ProxyAddress};
use crate::anchor::{
    self, AnchorAttribute, AnchorError, AnchorInput, AnchorValue, SourceAnchor, Spelling,
};
use crate::matching::{CloudUser, FailureKind, MatchResult, OnPremUser, Prediction, Settings};
use crate::readiness::Readiness;
use crate::rules::{self, DirectoryObject, Tenant};

/// Bumped whenever a signature or struct layout below changes; the module checks it at load.
pub const SYNCMATCH_ABI_VERSION: u32 = 4;

pub const SYNCMATCH_ANCHOR_LEN: usize = 16;
pub const SYNCMATCH_GUID_TEXT_LEN: usize = 36;
pub const SYNCMATCH_IMMUTABLE_ID_LEN: usize = 24;
pub const SYNCMATCH_OCTET_STRING_LEN: usize = 47;
pub const SYNCMATCH_LDAP_FILTER_LEN: usize = 48;
pub const SYNCMATCH_CONNECTOR_DN_LEN: usize = 53;

// The header needs literal sizes; these keep them equal to the core's.
const _: () = {
    assert!(SYNCMATCH_ANCHOR_LEN == anchor::ANCHOR_LEN);
    assert!(SYNCMATCH_GUID_TEXT_LEN == anchor::GUID_TEXT_LEN);
    assert!(SYNCMATCH_IMMUTABLE_ID_LEN == anchor::IMMUTABLE_ID_LEN);
    assert!(SYNCMATCH_OCTET_STRING_LEN == anchor::OCTET_STRING_LEN);
    assert!(SYNCMATCH_LDAP_FILTER_LEN == anchor::LDAP_FILTER_LEN);
    assert!(SYNCMATCH_CONNECTOR_DN_LEN == anchor::CONNECTOR_DN_LEN);
};

const VERSION: &str = env!("CARGO_PKG_VERSION");

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
            AnchorError::InAttribute { source, .. } => SyncMatchStatus::from(source.as_ref()),
        }
    }
}

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
}

/// What a [`SyncMatchSlot`] holds.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMatchSlotKind {
    Absent = 0,
    Bytes = 1,
    Utf8Text = 2,
    /// UTF-8 text holding several proxyAddresses values joined with `;` (a CSV cell).
    Utf8JoinedList = 3,
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

/// A run of bytes inside the `data` buffer passed with it: offsets, not pointers, so a caller fills
/// one buffer for a whole batch and pins it once.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SyncMatchSlot {
    /// A [`SyncMatchSlotKind`] value.
    pub kind: u32,
    pub offset: usize,
    pub len: usize,
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
    pub guid: [u8; SYNCMATCH_GUID_TEXT_LEN],
    pub immutable_id: [u8; SYNCMATCH_IMMUTABLE_ID_LEN],
    pub octet_string: [u8; SYNCMATCH_OCTET_STRING_LEN],
    pub ldap_filter: [u8; SYNCMATCH_LDAP_FILTER_LEN],
    pub connector_dn: [u8; SYNCMATCH_CONNECTOR_DN_LEN],
}

impl Default for SyncMatchAnchorText {
    fn default() -> Self {
        SyncMatchAnchorText {
            guid: [0; SYNCMATCH_GUID_TEXT_LEN],
            immutable_id: [0; SYNCMATCH_IMMUTABLE_ID_LEN],
            octet_string: [0; SYNCMATCH_OCTET_STRING_LEN],
            ldap_filter: [0; SYNCMATCH_LDAP_FILTER_LEN],
            connector_dn: [0; SYNCMATCH_CONNECTOR_DN_LEN],
        }
    }
}

/// One directory object for the readiness check. Text slots point into the call's `data`;
/// its proxyAddresses are `proxy_addresses_count` slots from `proxy_addresses_first` on, in the
/// call's `values` array (each `Utf8Text`, or `Utf8JoinedList` for a `;`-joined cell).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SyncMatchDirectoryObject {
    pub distinguished_name: SyncMatchSlot,
    pub object_class: SyncMatchSlot,
    pub sam_account_name: SyncMatchSlot,
    pub user_principal_name: SyncMatchSlot,
    pub mail: SyncMatchSlot,
    pub mail_nickname: SyncMatchSlot,
    pub target_address: SyncMatchSlot,
    pub display_name: SyncMatchSlot,
    pub given_name: SyncMatchSlot,
    pub surname: SyncMatchSlot,
    /// Non-zero when isCriticalSystemObject is TRUE.
    pub is_critical_system_object: u32,
    pub proxy_addresses_first: usize,
    pub proxy_addresses_count: usize,
}

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
}

/// A match prediction in progress. Created by [`syncmatch_prediction_new`], released with
/// [`syncmatch_prediction_free`].
pub struct SyncMatchPrediction {
    prediction: Prediction,
}

/// Bytes the library hands out (UTF-8 JSON). Read with [`syncmatch_buffer_data`], release with
/// [`syncmatch_buffer_free`].
pub struct SyncMatchBuffer {
    bytes: Vec<u8>,
}

/// A readiness check in progress: the tenant's verified domains and every value seen so far.
/// Created by [`syncmatch_readiness_new`], released with [`syncmatch_readiness_free`].
pub struct SyncMatchReadiness {
    readiness: Readiness,
}

/// An error with a message for the user. Created by the library, read with
/// [`syncmatch_error_message`], released with [`syncmatch_error_free`].
pub struct SyncMatchError {
    status: SyncMatchStatus,
    message: String,
}

impl SyncMatchError {
    fn new(status: SyncMatchStatus, message: impl Into<String>) -> Self {
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

thread_local! {
    /// How many guarded bodies this thread is inside: the panic hook stays silent within them.
    static GUARD_DEPTH: Cell<u32> = const { Cell::new(0) };
    /// The message of the panic being caught.
    static CAUGHT_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The message of the last panic that failed a whole call on this thread.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs, once, a panic hook that records the message of a panic inside [`guarded`] instead of
/// printing it: the host's stderr never sees our panics. Panics elsewhere go to the previous hook.
fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARD_DEPTH.with(Cell::get) == 0 {
                return previous(info);
            }
            let payload = info
                .payload()
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_owned());
            let message = match info.location() {
                Some(at) => format!("{payload} (at {}:{})", at.file(), at.line()),
                None => payload,
            };
            CAUGHT_PANIC.with(|slot| *slot.borrow_mut() = Some(message));
        }));
    });
}

/// Runs `body`; a panic becomes `Err` with its message, printed nowhere.
fn guarded<T>(body: impl FnOnce() -> T) -> Result<T, String> {
    install_panic_hook();
    GUARD_DEPTH.with(|depth| depth.set(depth.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(body));
    GUARD_DEPTH.with(|depth| depth.set(depth.get() - 1));
    result.map_err(|_| {
        CAUGHT_PANIC
            .with(|slot| slot.borrow_mut().take())
            .unwrap_or_else(|| "a panic without a message".to_owned())
    })
}

/// Runs an export's body, turning a panic into [`SyncMatchStatus::Panic`] (its message kept for
/// [`syncmatch_last_panic_message`]).
fn boundary(body: impl FnOnce() -> SyncMatchStatus) -> SyncMatchStatus {
    guarded(body).unwrap_or_else(|message| {
        LAST_PANIC.with(|slot| *slot.borrow_mut() = Some(message));
        SyncMatchStatus::Panic
    })
}

/// Test support, off unless the environment asks: when `SYNCMATCH_TEST_PANIC_ON` is set, reading a
/// directory object whose sAMAccountName equals it panics, so tests can prove that a panic reaches
/// PowerShell as one NativePanic error per input it hit, and nothing on stderr.
fn injected_panic(sam_account_name: Option<&str>) {
    static TRIGGER: OnceLock<Option<String>> = OnceLock::new();
    let trigger = TRIGGER.get_or_init(|| std::env::var("SYNCMATCH_TEST_PANIC_ON").ok());
    if let (Some(trigger), Some(sam)) = (trigger.as_deref(), sam_account_name)
        && !trigger.is_empty()
        && trigger == sam
    {
        panic!("injected test panic for sAMAccountName '{sam}'");
    }
}

/// Drops what this library handed out with `Box::into_raw`: the body of every `*_free` export.
/// NULL is fine.
///
/// # Safety
/// `pointer` must be NULL or come from `Box::into_raw` in this library, not freed before.
unsafe fn release<T>(pointer: *mut T) {
    // Dropping cannot panic here; the boundary is kept so no export is without one.
    let _ = boundary(|| {
        if !pointer.is_null() {
            // SAFETY: from Box::into_raw in this library and not freed before (contract).
            drop(unsafe { Box::from_raw(pointer) });
        }
        SyncMatchStatus::Ok
    });
}

/// Borrows `len` bytes at `data`; NULL is accepted only for an empty run.
///
/// # Safety
/// `data` must be NULL or point to `len` readable bytes that outlive the returned slice.
unsafe fn input_bytes<'a>(data: *const u8, len: usize) -> Result<&'a [u8], SyncMatchStatus> {
    if len == 0 {
        Ok(&[])
    } else if data.is_null() {
        Err(SyncMatchStatus::NullArgument)
    } else {
        // SAFETY: non-NULL and, by the caller's contract, `len` readable bytes.
        Ok(unsafe { std::slice::from_raw_parts(data, len) })
    }
}

/// Borrows `len` writable bytes at `out`.
///
/// # Safety
/// `out` must be NULL or point to `len` writable bytes not aliased elsewhere.
unsafe fn output_bytes<'a>(out: *mut u8, len: usize) -> Result<&'a mut [u8], SyncMatchStatus> {
    if len == 0 {
        Ok(&mut [])
    } else if out.is_null() {
        Err(SyncMatchStatus::NullArgument)
    } else {
        // SAFETY: non-NULL and, by the caller's contract, `len` writable, unaliased bytes.
        Ok(unsafe { std::slice::from_raw_parts_mut(out, len) })
    }
}

fn spelling_from_u32(value: u32) -> Result<Option<Spelling>, SyncMatchError> {
    Ok(match value {
        0 => None,
        1 => Some(Spelling::Guid),
        2 => Some(Spelling::ImmutableId),
        3 => Some(Spelling::OctetString),
        4 => Some(Spelling::LdapFilter),
        5 => Some(Spelling::ConnectorDn),
        other => {
            return Err(SyncMatchError::new(
                SyncMatchStatus::InvalidArgument,
                format!("{other} is not a spelling to read text in"),
            ));
        }
    })
}

fn spelling_to_ffi(spelling: Option<Spelling>) -> SyncMatchSpelling {
    match spelling {
        None => SyncMatchSpelling::Bytes,
        Some(Spelling::Guid) => SyncMatchSpelling::Guid,
        Some(Spelling::ImmutableId) => SyncMatchSpelling::ImmutableId,
        Some(Spelling::OctetString) => SyncMatchSpelling::OctetString,
        Some(Spelling::LdapFilter) => SyncMatchSpelling::LdapFilter,
        Some(Spelling::ConnectorDn) => SyncMatchSpelling::ConnectorDn,
    }
}

fn attribute_from_u32(value: u32) -> Result<AnchorAttribute, SyncMatchError> {
    match value {
        0 => Ok(AnchorAttribute::Auto),
        1 => Ok(AnchorAttribute::ObjectGuid),
        2 => Ok(AnchorAttribute::ConsistencyGuid),
        other => Err(SyncMatchError::new(
            SyncMatchStatus::InvalidArgument,
            format!("{other} is not an anchor attribute"),
        )),
    }
}

/// The value a slot names inside `data`.
fn slot_value<'a>(
    data: &'a [u8],
    slot: &SyncMatchSlot,
) -> Result<Option<AnchorValue<'a>>, SyncMatchError> {
    let bytes = || {
        slot.offset
            .checked_add(slot.len)
            .and_then(|end| data.get(slot.offset..end))
            .ok_or_else(|| {
                SyncMatchError::new(
                    SyncMatchStatus::InvalidArgument,
                    format!(
                        "slot {}+{} lies outside the {}-byte data buffer",
                        slot.offset,
                        slot.len,
                        data.len()
                    ),
                )
            })
    };
    match slot.kind {
        0 => Ok(None),
        1 => Ok(Some(AnchorValue::Bytes(bytes()?))),
        2 => {
            let bytes = bytes()?;
            let text = std::str::from_utf8(bytes).map_err(|error| {
                SyncMatchError::new(
                    SyncMatchStatus::InvalidUtf8,
                    format!(
                        "the text is not valid UTF-8 (byte {} of {})",
                        error.valid_up_to() + 1,
                        bytes.len()
                    ),
                )
            })?;
            Ok(Some(AnchorValue::Text(text)))
        }
        other => Err(SyncMatchError::new(
            SyncMatchStatus::InvalidArgument,
            format!("{other} is not a slot kind"),
        )),
    }
}

/// The text a text slot names (`None` when absent).
fn text_slot<'a>(data: &'a [u8], slot: &SyncMatchSlot) -> Result<Option<&'a str>, SyncMatchError> {
    match slot.kind {
        0 => Ok(None),
        2 | 3 => match slot_value(data, &SyncMatchSlot { kind: 2, ..*slot })? {
            Some(AnchorValue::Text(text)) => Ok(Some(text)),
            _ => Ok(None),
        },
        other => Err(SyncMatchError::new(
            SyncMatchStatus::InvalidArgument,
            format!("{other} is not a text slot kind"),
        )),
    }
}

/// The values of a multi-valued slot list: single values as they are, joined cells split.
fn text_values<'a>(
    data: &'a [u8],
    slots: &[SyncMatchSlot],
) -> Result<Vec<&'a str>, SyncMatchError> {
    let mut values = Vec::with_capacity(slots.len());
    for slot in slots {
        if let Some(text) = text_slot(data, slot)? {
            if slot.kind == SyncMatchSlotKind::Utf8JoinedList as u32 {
                values.extend(address::split_joined(text));
            } else {
                values.push(text);
            }
        }
    }
    Ok(values)
}

/// Reads a directory object's slots.
fn directory_object<'a>(
    data: &'a [u8],
    object: &SyncMatchDirectoryObject,
    values: &[SyncMatchSlot],
) -> Result<DirectoryObject<'a>, SyncMatchError> {
    let proxies = value_range(
        values,
        object.proxy_addresses_first,
        object.proxy_addresses_count,
    )?;
    injected_panic(text_slot(data, &object.sam_account_name)?);
    Ok(DirectoryObject {
        distinguished_name: text_slot(data, &object.distinguished_name)?,
        object_class: text_slot(data, &object.object_class)?,
        sam_account_name: text_slot(data, &object.sam_account_name)?,
        user_principal_name: text_slot(data, &object.user_principal_name)?,
        mail: text_slot(data, &object.mail)?,
        mail_nickname: text_slot(data, &object.mail_nickname)?,
        proxy_addresses: text_values(data, proxies)?
            .into_iter()
            .map(ProxyAddress::parse)
            .collect(),
        target_address: text_slot(data, &object.target_address)?,
        display_name: text_slot(data, &object.display_name)?,
        given_name: text_slot(data, &object.given_name)?,
        surname: text_slot(data, &object.surname)?,
        is_critical_system_object: object.is_critical_system_object != 0,
    })
}

/// Reads a cloud user's slots.
fn cloud_user<'a>(
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
    })
}

/// Reads an on-premises user's slots.
fn on_prem_user<'a>(
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

/// The `count` slots from `first` on.
fn value_range(
    values: &[SyncMatchSlot],
    first: usize,
    count: usize,
) -> Result<&[SyncMatchSlot], SyncMatchError> {
    first
        .checked_add(count)
        .and_then(|end| values.get(first..end))
        .ok_or_else(|| {
            SyncMatchError::new(
                SyncMatchStatus::InvalidArgument,
                "the object's proxyAddresses lie outside the values array",
            )
        })
}

/// Borrows `count` items at `items`; NULL is accepted only for none.
///
/// # Safety
/// `items` must be NULL or point to `count` readable items that outlive the slice.
unsafe fn input_items<'a, T>(items: *const T, count: usize) -> Result<&'a [T], SyncMatchStatus> {
    if count == 0 {
        Ok(&[])
    } else if items.is_null() {
        Err(SyncMatchStatus::NullArgument)
    } else {
        // SAFETY: non-NULL and, by the caller's contract, `count` readable items.
        Ok(unsafe { std::slice::from_raw_parts(items, count) })
    }
}

/// Borrows a batch call's buffers and, item by item in order, reads it with `read`, works on it
/// with `work` and hands the outcome to `sink`: the shared frame of the exports that take many
/// objects. Reading and working run inside one panic guard per item, so an item that cannot be
/// read, or whose work panics, is an error for that item alone, and the others go on. `state` is
/// what `work` and `sink` both change (a session, a prediction).
///
/// # Safety
/// `data` must be NULL or point to `data_len` readable bytes, `items` to `count` items, `values`
/// to `value_count` slots, all outliving `'a`.
#[allow(clippy::too_many_arguments)]
unsafe fn each_in_batch<'a, T, R, S, W>(
    data: *const u8,
    data_len: usize,
    items: *const T,
    count: usize,
    values: *const SyncMatchSlot,
    value_count: usize,
    state: &mut S,
    read: impl Fn(&'a [u8], &T, &'a [SyncMatchSlot]) -> Result<R, SyncMatchError>,
    work: impl Fn(&mut S, R) -> W,
    mut sink: impl FnMut(&mut S, usize, Result<W, SyncMatchError>),
) -> Result<(), SyncMatchStatus>
where
    T: 'a,
{
    // SAFETY: sizes and validity by the caller's contract; NULL rejected when non-empty.
    let (data, items, values) = unsafe {
        (
            input_bytes(data, data_len)?,
            input_items(items, count)?,
            input_items(values, value_count)?,
        )
    };
    for (index, item) in items.iter().enumerate() {
        let outcome = guarded(|| read(data, item, values).map(|read| work(state, read)))
            .unwrap_or_else(|message| Err(SyncMatchError::new(SyncMatchStatus::Panic, message)));
        sink(state, index, outcome);
    }
    Ok(())
}

/// One input of a batch call that produced no result, as the batch's JSON names it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct InputFailure {
    /// The input's position in the call.
    index: usize,
    /// A [`SyncMatchStatus`].
    status: u32,
    message: String,
}

/// Serializes `value` to JSON and hands it out through `out_buffer`.
///
/// # Safety
/// `out_buffer` must be valid for one write.
unsafe fn hand_out_json(
    value: &impl Serialize,
    out_buffer: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    match serde_json::to_vec(value) {
        Ok(bytes) => {
            // SAFETY: valid for one write by contract; ownership passes to the caller.
            unsafe { *out_buffer = Box::into_raw(Box::new(SyncMatchBuffer { bytes })) };
            SyncMatchStatus::Ok
        }
        // Our own types always serialize; a failure is a bug, not a bad input.
        Err(_) => SyncMatchStatus::Panic,
    }
}

/// Reads one input and resolves its anchor; also returns the spelling the chosen value was in.
fn resolve_input(
    data: &[u8],
    input: &SyncMatchAnchorInput,
    attribute: AnchorAttribute,
    spelling: Option<Spelling>,
) -> Result<(SourceAnchor, SyncMatchSpelling), SyncMatchError> {
    let value = slot_value(data, &input.value)?;
    let anchor_input = match input.shape {
        0 => AnchorInput::Value(value.ok_or_else(|| SyncMatchError::from(AnchorError::Empty))?),
        1 => AnchorInput::User {
            object_guid: value,
            consistency_guid: slot_value(data, &input.consistency_guid)?,
        },
        other => {
            return Err(SyncMatchError::new(
                SyncMatchStatus::InvalidArgument,
                format!("{other} is not an input shape"),
            ));
        }
    };
    let anchor = SourceAnchor::resolve(anchor_input, attribute, spelling)?;
    let read_as = match anchor_input {
        AnchorInput::Value(AnchorValue::Text(text)) => {
            spelling_to_ffi(spelling.or_else(|| Spelling::detect(text)))
        }
        AnchorInput::Value(AnchorValue::Bytes(_)) | AnchorInput::User { .. } => {
            SyncMatchSpelling::Bytes
        }
    };
    Ok((anchor, read_as))
}

/// Writes this library's version (the crate version, e.g. `0.1.0`) and its ABI version.
///
/// `out_version` receives a pointer to static UTF-8 text (never freed) and `out_version_len` its
/// length. All three pointers must be non-NULL.
/// # Safety
/// Each pointer must be NULL or valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_version(
    out_version: *mut *const u8,
    out_version_len: *mut usize,
    out_abi_version: *mut u32,
) -> SyncMatchStatus {
    boundary(|| {
        if out_version.is_null() || out_version_len.is_null() || out_abi_version.is_null() {
            return SyncMatchStatus::NullArgument;
        }
        // SAFETY: checked non-NULL; the caller provides writable out-parameters.
        unsafe {
            *out_version = VERSION.as_ptr();
            *out_version_len = VERSION.len();
            *out_abi_version = SYNCMATCH_ABI_VERSION;
        }
        SyncMatchStatus::Ok
    })
}

/// The message of the last panic that failed a whole call on this thread (status `Panic`), as
/// an error the caller releases with [`syncmatch_error_free`]; NULL in `out_error` when there
/// was none. Reading it clears it.
/// # Safety
/// `out_error` must be NULL or valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_last_panic_message(
    out_error: *mut *mut SyncMatchError,
) -> SyncMatchStatus {
    boundary(|| {
        if out_error.is_null() {
            return SyncMatchStatus::NullArgument;
        }
        let error =
            LAST_PANIC
                .with(|slot| slot.borrow_mut().take())
                .map_or(ptr::null_mut(), |message| {
                    Box::into_raw(Box::new(SyncMatchError::new(
                        SyncMatchStatus::Panic,
                        message,
                    )))
                });
        // SAFETY: checked non-NULL; ownership of a non-NULL error passes to the caller.
        unsafe { *out_error = error };
        SyncMatchStatus::Ok
    })
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
            return SyncMatchStatus::NullArgument;
        }
        // SAFETY: the caller guarantees `data_len` readable bytes at `data` and a valid `input`.
        let (data, input) = match unsafe { input_bytes(data, data_len) } {
            Ok(data) => (data, unsafe { &*input }),
            Err(status) => return status,
        };
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
                SyncMatchStatus::Ok
            }
            Err(error) => {
                let status = error.status;
                if !out_error.is_null() {
                    // SAFETY: non-NULL out-parameter; ownership passes to the caller.
                    unsafe { *out_error = Box::into_raw(Box::new(error)) };
                }
                status
            }
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
            return SyncMatchStatus::InvalidArgument;
        };
        if out_anchors_len < anchors_needed || out_statuses_len < count {
            return SyncMatchStatus::BufferTooSmall;
        }
        if count > 0 && (inputs.is_null() || out_statuses.is_null()) {
            return SyncMatchStatus::NullArgument;
        }
        // SAFETY: the caller guarantees the buffers' sizes; NULL is rejected for non-empty ones.
        let (data, out_anchors) = match unsafe {
            input_bytes(data, data_len)
                .and_then(|data| output_bytes(out_anchors, anchors_needed).map(|out| (data, out)))
        } {
            Ok(pair) => pair,
            Err(status) => return status,
        };
        let (attribute, spelling) = match attribute_from_u32(attribute)
            .and_then(|attribute| spelling_from_u32(spelling).map(|spelling| (attribute, spelling)))
        {
            Ok(pair) => pair,
            Err(error) => return error.status,
        };
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
        SyncMatchStatus::Ok
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
            return SyncMatchStatus::NullArgument;
        }
        let mut bytes = [0u8; SYNCMATCH_ANCHOR_LEN];
        // SAFETY: checked non-NULL; 16 readable bytes by contract.
        unsafe { ptr::copy_nonoverlapping(anchor, bytes.as_mut_ptr(), SYNCMATCH_ANCHOR_LEN) };
        let anchor = SourceAnchor::from_storage_bytes(bytes);
        let mut text = SyncMatchAnchorText::default();
        text.guid.copy_from_slice(anchor.guid_text().as_bytes());
        anchor.write_immutable_id(&mut text.immutable_id);
        text.octet_string
            .copy_from_slice(anchor.octet_string().as_bytes());
        text.ldap_filter
            .copy_from_slice(anchor.ldap_filter().as_bytes());
        text.connector_dn
            .copy_from_slice(anchor.connector_dn().as_bytes());
        // SAFETY: checked non-NULL; a writable SyncMatchAnchorText by contract.
        unsafe { out_text.write(text) };
        SyncMatchStatus::Ok
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
            return SyncMatchStatus::InvalidArgument;
        }
        let count = anchors_len / SYNCMATCH_ANCHOR_LEN;
        let Some(chars_needed) = count.checked_mul(SYNCMATCH_IMMUTABLE_ID_LEN) else {
            return SyncMatchStatus::InvalidArgument;
        };
        if out_chars_len < chars_needed {
            return SyncMatchStatus::BufferTooSmall;
        }
        // SAFETY: the caller guarantees both buffers' sizes; NULL is rejected when non-empty.
        let buffers = unsafe {
            input_bytes(anchors, anchors_len)
                .and_then(|anchors| output_bytes(out_chars, chars_needed).map(|out| (anchors, out)))
        };
        let (anchors, out_chars) = match buffers {
            Ok(pair) => pair,
            Err(status) => return status,
        };
        for (bytes, out) in anchors
            .chunks_exact(SYNCMATCH_ANCHOR_LEN)
            .zip(out_chars.chunks_exact_mut(SYNCMATCH_IMMUTABLE_ID_LEN))
        {
            let anchor = SourceAnchor::from_storage_bytes(
                bytes.try_into().expect("chunks_exact yields 16 bytes"),
            );
            anchor.write_immutable_id(out.try_into().expect("chunks_exact yields 24 bytes"));
        }
        SyncMatchStatus::Ok
    })
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
            return SyncMatchStatus::NullArgument;
        }
        // SAFETY: a live error from this library (contract); out-parameters checked non-NULL.
        unsafe {
            let error = &*error;
            *out_message = error.message.as_ptr();
            *out_message_len = error.message.len();
            *out_status = error.status as u32;
        }
        SyncMatchStatus::Ok
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

/// Points `out_data`/`out_len` at a buffer's bytes, valid until the buffer is freed.
///
/// # Safety
/// `buffer` must be NULL or a live buffer from this library; the other pointers NULL or valid
/// for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_buffer_data(
    buffer: *const SyncMatchBuffer,
    out_data: *mut *const u8,
    out_len: *mut usize,
) -> SyncMatchStatus {
    boundary(|| {
        if buffer.is_null() || out_data.is_null() || out_len.is_null() {
            return SyncMatchStatus::NullArgument;
        }
        // SAFETY: a live buffer (contract); out-parameters checked non-NULL.
        unsafe {
            let buffer = &*buffer;
            *out_data = buffer.bytes.as_ptr();
            *out_len = buffer.bytes.len();
        }
        SyncMatchStatus::Ok
    })
}

/// Releases a buffer. Calling with NULL is fine. Must not be called twice on one buffer.
///
/// # Safety
/// `buffer` must be NULL or a buffer from this library that was not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_buffer_free(buffer: *mut SyncMatchBuffer) {
    // SAFETY: the caller's contract, as documented above.
    unsafe { release(buffer) }
}

/// Parses proxyAddresses values (or plain addresses). `values` holds `count` slots into `data`:
/// `Utf8Text` for one value, `Utf8JoinedList` for a `;`-joined cell, `Absent` for none. On
/// success `out_parsed` receives a JSON array with, per slot, an array of parsed values
/// (`type`, `prefix`, `isPrimary`, `address`, `key`, `isValid`, `problems`).
///
/// # Safety
/// `data` must be NULL or point to `data_len` readable bytes, `values` to `count` slots, and
/// `out_parsed` must be valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_address_parse(
    data: *const u8,
    data_len: usize,
    values: *const SyncMatchSlot,
    count: usize,
    out_parsed: *mut *mut SyncMatchBuffer,
) -> SyncMatchStatus {
    boundary(|| {
        if out_parsed.is_null() {
            return SyncMatchStatus::NullArgument;
        }
        // SAFETY: sizes and validity by the caller's contract; NULL rejected when non-empty.
        let (data, slots) = match unsafe {
            input_bytes(data, data_len)
                .and_then(|data| input_items(values, count).map(|slots| (data, slots)))
        } {
            Ok(pair) => pair,
            Err(status) => return status,
        };
        let mut parsed = Vec::with_capacity(slots.len());
        for slot in slots {
            match text_values(data, std::slice::from_ref(slot)) {
                Ok(texts) => {
                    parsed.push(texts.into_iter().map(ParsedAddress::of).collect::<Vec<_>>())
                }
                Err(error) => return error.status,
            }
        }
        // SAFETY: checked non-NULL.
        unsafe { hand_out_json(&parsed, out_parsed) }
    })
}

/// One parsed proxyAddresses value, as [`syncmatch_address_parse`] returns it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ParsedAddress<'a> {
    #[serde(rename = "type")]
    type_name: String,
    prefix: &'a str,
    is_primary: bool,
    address: &'a str,
    key: String,
    is_valid: bool,
    problems: Vec<String>,
}

impl<'a> ParsedAddress<'a> {
    fn of(value: &'a str) -> Self {
        let proxy = ProxyAddress::parse(value);
        let problems: Vec<String> = rules::check_proxy_value(value)
            .into_iter()
            .map(|finding| finding.message)
            .collect();
        ParsedAddress {
            type_name: proxy.type_name().into_owned(),
            prefix: proxy.prefix,
            is_primary: proxy.is_primary,
            address: proxy.address,
            key: proxy.key().into_owned(),
            is_valid: problems.is_empty(),
            problems,
        }
    }
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
            return SyncMatchStatus::NullArgument;
        }
        // SAFETY: sizes and validity by the caller's contract; NULL rejected when non-empty.
        let (data, slots) = match unsafe {
            input_bytes(data, data_len).and_then(|data| {
                input_items(verified_domains, domain_count).map(|slots| (data, slots))
            })
        } {
            Ok(pair) => pair,
            Err(status) => return status,
        };
        let domains = match text_values(data, slots) {
            Ok(domains) => domains,
            Err(error) => return error.status,
        };
        let session = SyncMatchReadiness {
            readiness: Readiness::new(Tenant::new(domains)),
        };
        // SAFETY: checked non-NULL; ownership passes to the caller.
        unsafe { *out_session = Box::into_raw(Box::new(session)) };
        SyncMatchStatus::Ok
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
            return SyncMatchStatus::NullArgument;
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
        if let Err(status) = status {
            return status;
        }
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
            return SyncMatchStatus::NullArgument;
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
            return SyncMatchStatus::NullArgument;
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
        let (data, verified, privileged) = match inputs {
            Ok(inputs) => inputs,
            Err(status) => return status,
        };
        let (verified, privileged) = match text_values(data, verified).and_then(|verified| {
            text_values(data, privileged).map(|privileged| (verified, privileged))
        }) {
            Ok(lists) => lists,
            Err(error) => return error.status,
        };
        // SAFETY: checked non-NULL.
        let switches = unsafe { *settings };
        let prediction = Prediction::new(Settings {
            tenant: Tenant::new(verified),
            soft_match_on_upn: switches.soft_match_on_upn != 0,
            block_soft_match: switches.block_soft_match != 0,
            block_hard_match_takeover: switches.block_hard_match_takeover != 0,
            privileged: privileged.into_iter().map(str::to_owned).collect(),
        });
        // SAFETY: checked non-NULL; ownership passes to the caller.
        unsafe { *out_prediction = Box::into_raw(Box::new(SyncMatchPrediction { prediction })) };
        SyncMatchStatus::Ok
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
        if prediction.is_null() {
            return SyncMatchStatus::NullArgument;
        }
        // SAFETY: a live prediction, not used elsewhere during the call (contract).
        let prediction = unsafe { &mut (*prediction).prediction };
        if !prediction.accepts_cloud() {
            return SyncMatchStatus::InvalidState;
        }
        // All or nothing: every cloud user is read before any is indexed.
        let mut read: Vec<CloudUser<'_>> = Vec::with_capacity(count);
        let mut failed = None;
        // SAFETY: the caller's contract, as documented above.
        let status = unsafe {
            each_in_batch(
                data,
                data_len,
                users,
                count,
                values,
                value_count,
                &mut read,
                cloud_user,
                |read, user| read.push(user),
                |_, _, outcome| {
                    if let Err(error) = outcome {
                        failed.get_or_insert(error.status);
                    }
                },
            )
        };
        if let Some(status) = status.err().or(failed) {
            return status;
        }
        read.iter().for_each(|user| prediction.add_cloud(user));
        SyncMatchStatus::Ok
    })
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
            return SyncMatchStatus::NullArgument;
        }
        // SAFETY: a live prediction, not used elsewhere during the call (contract).
        let prediction = unsafe { &mut (*prediction).prediction };
        if !prediction.accepts_users() {
            return SyncMatchStatus::InvalidState;
        }
        // SAFETY: the caller's contract, as documented above.
        let status = unsafe {
            each_in_batch(
                data,
                data_len,
                users,
                count,
                values,
                value_count,
                prediction,
                on_prem_user,
                // add_user pushes its decision only when complete, so a panic leaves no trace.
                |prediction, user| prediction.add_user(&user),
                |prediction, _, outcome| {
                    if let Err(error) = outcome {
                        let kind = if error.status == SyncMatchStatus::Panic {
                            FailureKind::Panic
                        } else {
                            FailureKind::Unreadable
                        };
                        prediction.add_failed(None, kind, error.message);
                    }
                },
            )
        };
        status.err().unwrap_or(SyncMatchStatus::Ok)
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
            return SyncMatchStatus::NullArgument;
        }
        // SAFETY: a live prediction (contract); `out_count` checked non-NULL.
        unsafe {
            let prediction = &mut (*prediction).prediction;
            prediction.finish();
            *out_count = prediction.result_count(include_cloud_only != 0);
        }
        SyncMatchStatus::Ok
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
            return SyncMatchStatus::NullArgument;
        }
        // SAFETY: a live prediction (contract).
        let prediction = unsafe { &(*prediction).prediction };
        let results = prediction.results(start, count, include_cloud_only != 0);
        let page: Vec<ResultJson<'_>> = results
            .iter()
            .map(|result| ResultJson {
                result,
                error_status: match result.failure {
                    Some(FailureKind::Panic) => Some(SyncMatchStatus::Panic as u32),
                    Some(FailureKind::Unreadable) => Some(SyncMatchStatus::InvalidArgument as u32),
                    None => result
                        .error_kind
                        .as_ref()
                        .map(|error| SyncMatchStatus::from(error) as u32),
                },
            })
            .collect();
        // SAFETY: checked non-NULL.
        unsafe { hand_out_json(&page, out_results) }
    })
}

/// A result with the status of its error, as [`syncmatch_prediction_results`] writes it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ResultJson<'a> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_status() {
        assert_eq!(boundary(|| panic!("forced")), SyncMatchStatus::Panic);
        assert_eq!(boundary(|| SyncMatchStatus::Ok), SyncMatchStatus::Ok);
    }

    #[test]
    fn status_follows_the_root_error() {
        let nested = AnchorError::InAttribute {
            attribute: "objectGUID",
            source: Box::new(AnchorError::WrongByteCount { len: 3 }),
        };
        assert_eq!(
            SyncMatchStatus::from(&nested),
            SyncMatchStatus::AnchorWrongByteCount
        );
    }
}
