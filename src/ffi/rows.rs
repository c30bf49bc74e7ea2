//! How every input crosses: rows of cells ([`SyncMatchRows`]), each cell a field number and a
//! run of the batch's data, read into the core's `schema::CellBatch`; and the one way a call says
//! which inputs failed, the failure page ([`failures_page`]).

use super::records::Records;
use super::*;
use crate::schema::{Cell, CellBatch, CellValue, Field, InputError, Kind, RowFailure};

from_u32!(
    SyncMatchSlotKind,
    "a slot kind",
    [Absent, Bytes, Utf8Text, Utf8JoinedList]
);

/// What a [`SyncMatchSlot`] or [`SyncMatchCell`] holds.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncMatchSlotKind {
    Absent = 0,
    Bytes = 1,
    Utf8Text = 2,
    /// UTF-8 text holding several values joined with `;` (a CSV cell of a multi-valued attribute).
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

/// One value of one field: the field's number (its position in the schema description's
/// `fields`), then a slot into the batch's data. A multi-valued field has a cell a value, or one
/// `Utf8JoinedList` cell; an anchor field may hold `Bytes`; every other field text.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default)]
pub struct SyncMatchCell {
    pub field: u32,
    pub value: SyncMatchSlot,
}

/// A batch of rows of cells: row `i` is `cells[row_ends[i - 1]..row_ends[i]]` (from 0 for the
/// first), its slots into `data`. NULL pointers are fine for empty arrays.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct SyncMatchRows {
    pub data: *const u8,
    pub data_len: usize,
    pub cells: *const SyncMatchCell,
    pub cell_count: usize,
    pub row_ends: *const usize,
    pub row_count: usize,
}

/// The value a slot names inside `data` (`None` when absent).
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

/// The texts of a list of text slots (a setting's values: verified domains, role holders).
pub(super) fn text_values<'a>(
    data: &'a [u8],
    slots: &[SyncMatchSlot],
) -> Result<Vec<&'a str>, SyncMatchError> {
    let mut values = Vec::with_capacity(slots.len());
    for slot in slots {
        match slot_value(data, slot)? {
            Some(AnchorValue::Text(text)) => values.push(text),
            Some(AnchorValue::Bytes(_)) => {
                return Err(SyncMatchError::new(
                    SyncMatchStatus::InvalidArgument,
                    "a setting's value is text, not bytes",
                ));
            }
            None => {}
        }
    }
    Ok(values)
}

/// Reads one cell: its field, and a value of the kind the field holds.
fn cell<'a>(data: &'a [u8], cell: &SyncMatchCell) -> Result<Cell<'a>, InputError> {
    let field = Field::from_number(cell.field)
        .ok_or_else(|| InputError::Unreadable(format!("{} is not a field", cell.field)))?;
    let joined = cell.value.kind == SyncMatchSlotKind::Utf8JoinedList as u32;
    let value = match slot_value(data, &cell.value) {
        Ok(Some(AnchorValue::Text(text))) if joined => CellValue::Joined(text),
        Ok(Some(AnchorValue::Text(text))) => CellValue::Text(text),
        Ok(Some(AnchorValue::Bytes(bytes))) if field.kind() == Kind::Anchor => {
            CellValue::Bytes(bytes)
        }
        Ok(Some(AnchorValue::Bytes(_))) => {
            return Err(InputError::Unreadable(format!(
                "{} holds text, not bytes",
                field.name()
            )));
        }
        Ok(None) => CellValue::Text(""),
        Err(error) if error.status == SyncMatchStatus::InvalidUtf8 => {
            return Err(InputError::NotUtf8(format!(
                "{}: {}",
                field.name(),
                error.message
            )));
        }
        Err(error) => return Err(InputError::Unreadable(error.message)),
    };
    Ok(Cell { field, value })
}

/// Borrows a batch of rows and reads every cell: a row whose cells cannot be read is that row's
/// failure, the others are read all the same. A batch whose arrays do not fit (a row ending past
/// the cells, or before the row before it) fails as a whole.
///
/// # Safety
/// `rows` must be NULL or point to one batch whose arrays hold their counts for `'a`.
pub(super) unsafe fn read_rows<'a>(
    rows: *const SyncMatchRows,
) -> Result<CellBatch<'a>, SyncMatchStatus> {
    if rows.is_null() {
        return Err(SyncMatchStatus::NullArgument);
    }
    // SAFETY: one readable batch (contract), its arrays their counts.
    let (data, cells, ends) = unsafe {
        let rows = &*rows;
        (
            input_bytes(rows.data, rows.data_len)?,
            input_items(rows.cells, rows.cell_count)?,
            input_items(rows.row_ends, rows.row_count)?,
        )
    };
    let mut batch = CellBatch::with_capacity(ends.len(), cells.len());
    let mut start = 0;
    for &end in ends {
        if end < start || end > cells.len() {
            return Err(SyncMatchStatus::InvalidArgument);
        }
        batch.push(cells[start..end].iter().map(|raw| cell(data, raw)));
        start = end;
    }
    Ok(batch)
}

/// The status a failed input is reported with.
impl From<&InputError> for SyncMatchStatus {
    fn from(error: &InputError) -> Self {
        match error {
            InputError::NotUtf8(_) => SyncMatchStatus::InvalidUtf8,
            InputError::Unreadable(_) | InputError::Incomplete(_) => {
                SyncMatchStatus::InvalidArgument
            }
            InputError::TypeName(_) => SyncMatchStatus::AnchorTypeName,
            InputError::Anchor(error) => error.into(),
            InputError::Panic(_) => SyncMatchStatus::Panic,
        }
    }
}

/// The failure page every call that takes inputs writes to its `out_failures`: each input it
/// could not use, in order. Numbers little-endian, texts as in the compact records:
///
/// ```text
/// page    = count:u32, failure × count
/// failure = index:u64 line:u64 status:u32 message
/// text    = length:u32, then that many bytes of UTF-8
/// ```
///
/// `index` is the input's position in the call (for an export, its row), `line` its file line
/// (0 for an object), `status` a [`SyncMatchStatus`], and the message names the file and line.
pub(super) fn failures_page(failures: &[RowFailure]) -> Vec<u8> {
    let mut records = Records::with_capacity(4 + failures.len() * 128);
    records.count(failures.len());
    for failure in failures {
        records.u64(failure.index as u64);
        records.u64(failure.line);
        records.u32(SyncMatchStatus::from(&failure.error) as u32);
        records.text(Some(&failure.message));
    }
    records.into_bytes()
}

/// Hands out a failure page through `out_failures`.
///
/// # Safety
/// `out_failures` must be valid for one write.
pub(super) unsafe fn hand_out_failures(
    failures: &[RowFailure],
    out_failures: *mut *mut SyncMatchBuffer,
) {
    // SAFETY: valid for one write (contract).
    unsafe { hand_out_bytes(failures_page(failures), out_failures) }
}

/// The C ABI's guard for the work on one input: [`guarded`], so a panic is that input's failure
/// and its message stays off the host's stderr.
pub(super) struct Guarded;

impl crate::parallel::Guard for Guarded {
    fn run<T>(&self, work: impl FnOnce() -> T) -> Result<T, String> {
        guarded(work)
    }
}
