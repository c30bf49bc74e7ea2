//! Helpers the ABI test binaries share: building slots, reading a JSON buffer or a readiness
//! page, a fresh prediction.
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

/// Reads a buffer the library handed out as bytes, and frees it.
pub fn take_bytes(buffer: *mut SyncMatchBuffer) -> Vec<u8> {
    let mut data: *const u8 = ptr::null();
    let mut len = 0usize;
    assert_eq!(
        unsafe { syncmatch_buffer_data(buffer, &mut data, &mut len) },
        SyncMatchStatus::Ok
    );
    let bytes = unsafe { std::slice::from_raw_parts(data, len) }.to_vec();
    unsafe { syncmatch_buffer_free(buffer) };
    bytes
}

/// One finding of a readiness page, as `syncmatch_readiness_check` documents its layout.
#[derive(Debug)]
pub struct PageFinding {
    pub rule: u8,
    pub severity: u8,
    pub group: Option<u32>,
    pub identity: String,
    pub attribute: String,
    pub value: String,
    pub message: String,
    pub suggestion: Option<String>,
    pub conflicts: Vec<String>,
}

/// One failure of a readiness page.
#[derive(Debug, PartialEq, Eq)]
pub struct PageFailure {
    pub index: u64,
    pub line: u64,
    pub status: u32,
    pub message: String,
}

/// A duplicate group of the page `syncmatch_readiness_finish` writes.
#[derive(Debug)]
pub struct PageGroup {
    pub key: String,
    pub value: String,
    pub members: Vec<String>,
}

/// Reads a page front to back, by the documented layout; panics when it does not fit.
struct Page<'a>(&'a [u8]);

impl Page<'_> {
    fn take(&mut self, count: usize) -> &[u8] {
        let (taken, rest) = self.0.split_at(count);
        self.0 = rest;
        taken
    }
    fn u8(&mut self) -> u8 {
        self.take(1)[0]
    }
    fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take(4).try_into().unwrap())
    }
    fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.take(8).try_into().unwrap())
    }
    fn text(&mut self) -> Option<String> {
        match self.u32() {
            u32::MAX => None,
            len => Some(String::from_utf8(self.take(len as usize).to_vec()).expect("UTF-8")),
        }
    }
    fn findings(&mut self) -> Vec<PageFinding> {
        (0..self.u32())
            .map(|_| PageFinding {
                rule: self.u8(),
                severity: self.u8(),
                group: Some(self.u32()).filter(|&group| group != u32::MAX),
                identity: self.text().expect("an identity"),
                attribute: self.text().expect("an attribute"),
                value: self.text().expect("a value"),
                message: self.text().expect("a message"),
                suggestion: self.text(),
                conflicts: (0..self.u32())
                    .map(|_| self.text().expect("a conflict"))
                    .collect(),
            })
            .collect()
    }
}

/// The findings and failures of a `syncmatch_readiness_check` page.
pub fn readiness_page(buffer: *mut SyncMatchBuffer) -> (Vec<PageFinding>, Vec<PageFailure>) {
    let bytes = take_bytes(buffer);
    let mut page = Page(&bytes);
    let findings = page.findings();
    let failures = (0..page.u32())
        .map(|_| PageFailure {
            index: page.u64(),
            line: page.u64(),
            status: page.u32(),
            message: page.text().expect("a message"),
        })
        .collect();
    assert!(page.0.is_empty(), "bytes after the page");
    (findings, failures)
}

/// The groups and findings of a `syncmatch_readiness_finish` page.
pub fn duplicates_page(buffer: *mut SyncMatchBuffer) -> (Vec<PageGroup>, Vec<PageFinding>) {
    let bytes = take_bytes(buffer);
    let mut page = Page(&bytes);
    let groups = (0..page.u32())
        .map(|_| PageGroup {
            key: page.text().expect("a key"),
            value: page.text().expect("a value"),
            members: (0..page.u32())
                .map(|_| page.text().expect("a member"))
                .collect(),
        })
        .collect();
    let findings = page.findings();
    assert!(page.0.is_empty(), "bytes after the page");
    (groups, findings)
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
