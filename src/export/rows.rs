//! An export's rows as the schema reads any input: [`ExportRow`] is one row as an entity sees it,
//! [`ExportRows`] a run of them for a consumer (the readiness check, a prediction, a plan).

use std::ops::Range;

use crate::address;
use crate::anchor::AnchorValue;
use crate::schema::{Entity, Field, InputError, Row, Rows};

use super::DirectoryExport;
use super::columns::Slots;

/// The fields read from a column the admin names (no field has a fixed name for them).
const GIVEN: [Field; 3] = [Field::CustomAnchor, Field::UpnSource, Field::JoinValue];

fn given_slot(field: Field) -> Option<usize> {
    GIVEN.iter().position(|given| *given == field)
}

/// One row of an export, as one entity reads it.
#[derive(Clone, Copy)]
pub struct ExportRow<'a> {
    export: &'a DirectoryExport,
    cells: &'a [(u32, u32)],
    slots: &'a Slots,
    /// Each given field's column (see `GIVEN`): `None` when not asked for; its value otherwise.
    given: [Option<Option<&'a str>>; GIVEN.len()],
}

impl<'a> ExportRow<'a> {
    pub(super) fn new(export: &'a DirectoryExport, row: usize, entity: Entity) -> Self {
        ExportRow {
            export,
            cells: export.cells.row(row),
            slots: export.columns.slots(entity),
            given: [None; GIVEN.len()],
        }
    }

    /// The row with `field`'s value, read from a column the admin named (the custom source
    /// anchor, the sign-in attribute, the forest-join attribute). Other fields are unchanged.
    pub fn with_given(mut self, field: Field, value: Option<&'a str>) -> Self {
        if let Some(slot) = given_slot(field) {
            self.given[slot] = Some(value);
        }
        self
    }

    /// The first of the field's columns with a value in this row.
    fn cell(&self, field: Field) -> Option<&'a str> {
        self.slots.of(field).iter().find_map(|&cell| {
            let (start, end) = self.cells[cell as usize];
            (start < end).then(|| &self.export.text[start as usize..end as usize])
        })
    }
}

impl<'a> Row<'a> for ExportRow<'a> {
    fn has(&self, field: Field) -> bool {
        match given_slot(field) {
            Some(slot) => self.given[slot].is_some(),
            None => !self.slots.of(field).is_empty(),
        }
    }

    fn value(&self, field: Field) -> Option<AnchorValue<'a>> {
        let text = match given_slot(field) {
            Some(slot) => self.given[slot].flatten(),
            None => self.cell(field),
        };
        text.filter(|text| !text.is_empty()).map(AnchorValue::Text)
    }

    fn each_value(&self, field: Field, each: impl FnMut(&'a str)) {
        if let Some(joined) = self.cell(field) {
            address::each_joined(joined, each);
        }
    }
}

/// A run of an export's rows, as one entity reads them.
pub struct ExportRows<'e> {
    export: &'e DirectoryExport,
    entity: Entity,
    rows: Range<usize>,
    /// Each given field asked for, with each row's text in its column (no field holds it).
    given: Vec<(Field, Vec<Option<String>>)>,
}

impl<'e> ExportRows<'e> {
    /// Rows `start..start + count` (cut to the export's end) as `entity` reads them.
    pub fn new(export: &'e DirectoryExport, entity: Entity, start: usize, count: usize) -> Self {
        let end = start.saturating_add(count).min(export.row_count());
        ExportRows {
            export,
            entity,
            rows: start.min(end)..end,
            given: Vec::new(),
        }
    }

    /// The same rows with `field` (one of the fields the admin names the column of: the custom
    /// source anchor, the sign-in attribute, the forest-join attribute) read from `column`
    /// ([`DirectoryExport::column`]).
    pub fn with_given(mut self, field: Field, column: usize) -> Self {
        let texts = self.column_texts(column);
        self.given.push((field, texts));
        self
    }

    /// Each row's text in `column`, a column no field holds.
    fn column_texts(&self, column: usize) -> Vec<Option<String>> {
        self.rows
            .clone()
            .map(|row| self.export.column_text(row, column))
            .collect()
    }

    pub fn export(&self) -> &'e DirectoryExport {
        self.export
    }
}

impl Rows for ExportRows<'_> {
    type Row<'r>
        = ExportRow<'r>
    where
        Self: 'r;

    fn count(&self) -> usize {
        self.rows.len()
    }

    fn row(&self, index: usize) -> Result<ExportRow<'_>, InputError> {
        let mut row = ExportRow::new(self.export, self.rows.start + index, self.entity);
        for (field, values) in &self.given {
            row = row.with_given(*field, values[index].as_deref());
        }
        Ok(row)
    }

    fn number(&self, index: usize) -> usize {
        self.rows.start + index
    }

    fn line(&self, index: usize) -> u64 {
        self.export.line(self.rows.start + index)
    }

    fn source(&self) -> Option<&str> {
        Some(self.export.path())
    }
}
