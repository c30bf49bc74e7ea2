//! Helpers the ABI test binaries share: building rows of cells, reading a JSON buffer, a findings
//! or failure page, a fresh prediction.
#![allow(dead_code)]

use std::ptr;

use syncmatch_native::ffi::*;
use syncmatch_native::schema::Field;

/// Rows of cells as the module builds them: one data buffer, the cells, where each row ends.
#[derive(Default)]
pub struct Batch {
    pub data: Vec<u8>,
    pub cells: Vec<SyncMatchCell>,
    pub ends: Vec<usize>,
}

impl Batch {
    /// A cell of `kind` holding `bytes`, for the field numbered `field`.
    pub fn raw(&mut self, field: u32, kind: SyncMatchSlotKind, bytes: &[u8]) -> &mut Self {
        self.cells.push(SyncMatchCell {
            field,
            value: SyncMatchSlot {
                kind: kind as u32,
                offset: self.data.len(),
                len: bytes.len(),
            },
        });
        self.data.extend_from_slice(bytes);
        self
    }

    pub fn text(&mut self, field: Field, text: &str) -> &mut Self {
        self.raw(field.number(), SyncMatchSlotKind::Utf8Text, text.as_bytes())
    }

    pub fn joined(&mut self, field: Field, text: &str) -> &mut Self {
        self.raw(
            field.number(),
            SyncMatchSlotKind::Utf8JoinedList,
            text.as_bytes(),
        )
    }

    pub fn bytes(&mut self, field: Field, bytes: &[u8]) -> &mut Self {
        self.raw(field.number(), SyncMatchSlotKind::Bytes, bytes)
    }

    /// Ends the row being built (a row without cells is fine).
    pub fn row(&mut self) -> &mut Self {
        self.ends.push(self.cells.len());
        self
    }

    /// The batch as the C ABI takes it, borrowing this one.
    pub fn rows(&self) -> SyncMatchRows {
        SyncMatchRows {
            data: self.data.as_ptr(),
            data_len: self.data.len(),
            cells: self.cells.as_ptr(),
            cell_count: self.cells.len(),
            row_ends: self.ends.as_ptr(),
            row_count: self.ends.len(),
        }
    }
}

/// An empty batch, every pointer NULL.
pub fn no_rows() -> SyncMatchRows {
    SyncMatchRows {
        data: ptr::null(),
        data_len: 0,
        cells: ptr::null(),
        cell_count: 0,
        row_ends: ptr::null(),
        row_count: 0,
    }
}

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

/// One failure of a failure page.
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

/// The findings of a `syncmatch_readiness_check` page.
pub fn findings_page(buffer: *mut SyncMatchBuffer) -> Vec<PageFinding> {
    let bytes = take_bytes(buffer);
    let mut page = Page(&bytes);
    let findings = page.findings();
    assert!(page.0.is_empty(), "bytes after the page");
    findings
}

/// The failures of a failure page (every call that takes inputs writes one).
pub fn failures_page(buffer: *mut SyncMatchBuffer) -> Vec<PageFailure> {
    let bytes = take_bytes(buffer);
    let mut page = Page(&bytes);
    let failures = (0..page.u32())
        .map(|_| PageFailure {
            index: page.u64(),
            line: page.u64(),
            status: page.u32(),
            message: page.text().expect("a message"),
        })
        .collect();
    assert!(page.0.is_empty(), "bytes after the page");
    failures
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

/// One record of a `syncmatch_prediction_records` page.
#[derive(Debug)]
pub struct PageResult {
    pub match_type: u8,
    pub outcome: u8,
    pub reason: u8,
    pub object_type: u8,
    /// Bit 0: a hard-match candidate.
    pub flags: u8,
    pub cloud_index: Option<u32>,
    pub identity: String,
    pub user_principal_name: Option<String>,
    pub immutable_id: Option<String>,
    pub cloud_object_id: Option<String>,
    pub cloud_user_principal_name: Option<String>,
    pub predicted_user_principal_name: Option<String>,
    pub detail: String,
    pub warnings: Vec<(u8, String)>,
}

/// The results of a `syncmatch_prediction_records` page, by its documented layout.
pub fn results_page(buffer: *mut SyncMatchBuffer) -> Vec<PageResult> {
    let bytes = take_bytes(buffer);
    let mut page = Page(&bytes);
    let results = (0..page.u32())
        .map(|_| {
            let (match_type, outcome, reason, object_type, flags, warnings) = (
                page.u8(),
                page.u8(),
                page.u8(),
                page.u8(),
                page.u8(),
                page.u8(),
            );
            PageResult {
                match_type,
                outcome,
                reason,
                object_type,
                flags,
                cloud_index: Some(page.u32()).filter(|&index| index != u32::MAX),
                identity: page.text().expect("an identity"),
                user_principal_name: page.text(),
                immutable_id: page.text(),
                cloud_object_id: page.text(),
                cloud_user_principal_name: page.text(),
                predicted_user_principal_name: page.text(),
                detail: page.text().expect("a detail"),
                warnings: (0..warnings)
                    .map(|_| (page.u8(), page.text().expect("a message")))
                    .collect(),
            }
        })
        .collect();
    assert!(page.0.is_empty(), "bytes after the page");
    results
}
