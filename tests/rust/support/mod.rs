//! Helpers the ABI test binaries share: building slots, reading a JSON buffer, a fresh prediction.
#![allow(dead_code)]

use std::ptr;

use syncmatch_native::ffi::*;

/// Reads a buffer the library handed out as UTF-8 text, and frees it.
pub fn take_json(buffer: *mut SyncMatchBuffer) -> String {
    let mut data: *const u8 = ptr::null();
    let mut len = 0usize;
    assert_eq!(
        unsafe { syncmatch_buffer_data(buffer, &mut data, &mut len) },
        SyncMatchStatus::Ok
    );
    let text = std::str::from_utf8(unsafe { std::slice::from_raw_parts(data, len) })
        .expect("JSON is UTF-8")
        .to_owned();
    unsafe { syncmatch_buffer_free(buffer) };
    text
}

/// Appends text to `data` and returns its slot.
pub fn push_text(data: &mut Vec<u8>, text: &str, kind: SyncMatchSlotKind) -> SyncMatchSlot {
    let slot = SyncMatchSlot {
        kind: kind as u32,
        offset: data.len(),
        len: text.len(),
    };
    data.extend_from_slice(text.as_bytes());
    slot
}

/// A prediction with default switches and no domains or role holders.
pub fn empty_prediction() -> *mut SyncMatchPrediction {
    let settings = SyncMatchPredictionSettings::default();
    let mut prediction: *mut SyncMatchPrediction = ptr::null_mut();
    let status = unsafe {
        syncmatch_prediction_new(
            &settings,
            ptr::null(),
            0,
            ptr::null(),
            0,
            ptr::null(),
            0,
            &mut prediction,
        )
    };
    assert_eq!(status, SyncMatchStatus::Ok);
    prediction
}
