//! Slots (runs of bytes in the caller's data buffer) and the directory object they describe, read
//! into the core's `DirectoryObject`.

use super::*;

from_u32!(
    SyncMatchSlotKind,
    "a slot kind",
    [Absent, Bytes, Utf8Text, Utf8JoinedList]
);

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
    /// msExchRecipientTypeDetails as text (a number, or its text in an export).
    pub recipient_type_details: SyncMatchSlot,
    /// Non-zero when isCriticalSystemObject is present, whatever its value.
    pub is_critical_system_object: u32,
    pub proxy_addresses_first: usize,
    pub proxy_addresses_count: usize,
}

/// Test support, off unless the environment asks: when `SYNCMATCH_TEST_PANIC_ON` is set, reading a
/// directory object whose sAMAccountName equals it panics, so tests can prove that a panic reaches
/// PowerShell as one NativePanic error per input it hit, and nothing on stderr.
pub(super) fn injected_panic(sam_account_name: Option<&str>) {
    static TRIGGER: OnceLock<Option<String>> = OnceLock::new();
    let trigger = TRIGGER.get_or_init(|| std::env::var("SYNCMATCH_TEST_PANIC_ON").ok());
    if let (Some(trigger), Some(sam)) = (trigger.as_deref(), sam_account_name)
        && !trigger.is_empty()
        && trigger == sam
    {
        panic!("injected test panic for sAMAccountName '{sam}'");
    }
}

/// The value a slot names inside `data`.
pub(super) fn slot_value<'a>(
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
    match SyncMatchSlotKind::try_from(slot.kind)? {
        SyncMatchSlotKind::Absent => Ok(None),
        SyncMatchSlotKind::Bytes => Ok(Some(AnchorValue::Bytes(bytes()?))),
        SyncMatchSlotKind::Utf8Text | SyncMatchSlotKind::Utf8JoinedList => {
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
    }
}

/// The text a text slot names (`None` when absent).
pub(super) fn text_slot<'a>(
    data: &'a [u8],
    slot: &SyncMatchSlot,
) -> Result<Option<&'a str>, SyncMatchError> {
    match SyncMatchSlotKind::try_from(slot.kind)? {
        SyncMatchSlotKind::Absent => Ok(None),
        SyncMatchSlotKind::Utf8Text | SyncMatchSlotKind::Utf8JoinedList => {
            match slot_value(data, slot)? {
                Some(AnchorValue::Text(text)) => Ok(Some(text)),
                _ => Ok(None),
            }
        }
        SyncMatchSlotKind::Bytes => Err(SyncMatchError::new(
            SyncMatchStatus::InvalidArgument,
            format!("{} (Bytes) is not a text slot kind", slot.kind),
        )),
    }
}

/// The values of a multi-valued slot list: single values as they are, joined cells split.
pub(super) fn text_values<'a>(
    data: &'a [u8],
    slots: &[SyncMatchSlot],
) -> Result<Vec<&'a str>, SyncMatchError> {
    let mut values = Vec::with_capacity(slots.len());
    for slot in slots {
        if let Some(text) = text_slot(data, slot)? {
            if slot.kind == SyncMatchSlotKind::Utf8JoinedList as u32 {
                values.extend(crate::address::split_joined(text));
            } else {
                values.push(text);
            }
        }
    }
    Ok(values)
}

/// Reads a directory object's slots.
pub(super) fn directory_object<'a>(
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
    let object = DirectoryObject {
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
        recipient_type_details: text_slot(data, &object.recipient_type_details)?,
    };
    // A type name where a value belongs: no answer about this object can be right.
    match rules::type_name_problem(&object) {
        Some(message) => Err(SyncMatchError::new(
            SyncMatchStatus::AnchorTypeName,
            message,
        )),
        None => Ok(object),
    }
}

/// The `count` slots from `first` on.
pub(super) fn value_range(
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
