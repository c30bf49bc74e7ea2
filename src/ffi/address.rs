//! The proxy-address export: parse values into their parts with the rules' verdict.

use super::*;
use crate::address::ProxyAddress;

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
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: sizes and validity by the caller's contract; NULL rejected when non-empty.
        let (data, slots) = unsafe {
            input_bytes(data, data_len)
                .and_then(|data| input_items(values, count).map(|slots| (data, slots)))
        }?;
        let mut parsed = Vec::with_capacity(slots.len());
        for slot in slots {
            let mut texts = Vec::new();
            match slot_value(data, slot).map_err(|error| error.status)? {
                Some(AnchorValue::Text(text))
                    if slot.kind == SyncMatchSlotKind::Utf8JoinedList as u32 =>
                {
                    crate::address::each_joined(text, |value| texts.push(value));
                }
                Some(AnchorValue::Text(text)) => texts.push(text),
                Some(AnchorValue::Bytes(_)) => return Err(SyncMatchStatus::InvalidArgument),
                None => {}
            }
            parsed.push(texts.into_iter().map(ParsedAddress::of).collect::<Vec<_>>());
        }
        // SAFETY: checked non-NULL.
        unsafe { hand_out_json(&parsed, out_parsed) }
    })
}

/// One parsed proxyAddresses value, as [`syncmatch_address_parse`] returns it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ParsedAddress<'a> {
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
        let problems: Vec<String> = crate::rules::check_proxy_value(value)
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
