//! An export's rows as the schema reads any input: [`ExportRow`] is one row as an entity sees it,
//! [`ExportRows`] a run of them for a consumer (the readiness check, a prediction, a plan).

use std::ops::Range;

use crate::address;
use crate::anchor::AnchorValue;
use crate::schema::{Entity, Field, InputError, Row, Rows};

use super::DirectoryExport;
use super::columns::Slots;

/// One row of an export, as one entity reads it.
#[derive(Clone, Copy)]
pub struct ExportRow<'a> {
    export: &'a DirectoryExport,
    cells: &'a [(u32, u32)],
    slots: &'a Slots,
    /// The custom source anchor's column: `None` when not asked for; its value otherwise.
    custom: Option<Option<&'a str>>,
    /// The sign-in attribute's column (alternate login ID), the same way.
    upn_source: Option<Option<&'a str>>,
}

impl<'a> ExportRow<'a> {
    pub(super) fn new(export: &'a DirectoryExport, row: usize, entity: Entity) -> Self {
        ExportRow {
            export,
            cells: export.cells.row(row),
            slots: export.columns.slots(entity),
            custom: None,
            upn_source: None,
        }
    }

    /// The row with its custom source anchor's value (a column no field holds).
    pub fn with_custom_anchor(self, value: Option<&'a str>) -> Self {
        ExportRow {
            custom: Some(value),
            ..self
        }
    }

    /// The row with its sign-in attribute's value (a column no field holds).
    pub fn with_upn_source(self, value: Option<&'a str>) -> Self {
        ExportRow {
            upn_source: Some(value),
            ..self
        }
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
        match field {
            Field::CustomAnchor => self.custom.is_some(),
            Field::UpnSource => self.upn_source.is_some(),
            _ => !self.slots.of(field).is_empty(),
        }
    }

    fn value(&self, field: Field) -> Option<AnchorValue<'a>> {
        let text = match field {
            Field::CustomAnchor => self.custom.flatten(),
            Field::UpnSource => self.upn_source.flatten(),
            _ => self.cell(field),
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
    /// Each row's custom source anchor (read from its record: no field holds it), when asked.
    custom: Option<Vec<Option<String>>>,
    /// Each row's sign-in attribute (alternate login ID), the same way.
    upn_source: Option<Vec<Option<String>>>,
}

impl<'e> ExportRows<'e> {
    /// Rows `start..start + count` (cut to the export's end) as `entity` reads them.
    pub fn new(export: &'e DirectoryExport, entity: Entity, start: usize, count: usize) -> Self {
        let end = start.saturating_add(count).min(export.row_count());
        ExportRows {
            export,
            entity,
            rows: start.min(end)..end,
            custom: None,
            upn_source: None,
        }
    }

    /// The same rows with a custom source anchor read from `column` ([`DirectoryExport::column`]).
    pub fn with_custom_anchor(self, column: usize) -> Self {
        let custom = Some(self.column_texts(column));
        ExportRows { custom, ..self }
    }

    /// The same rows with the sign-in attribute (alternate login ID) read from `column`.
    pub fn with_upn_source(self, column: usize) -> Self {
        let upn_source = Some(self.column_texts(column));
        ExportRows { upn_source, ..self }
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
        if let Some(values) = &self.custom {
            row = row.with_custom_anchor(values[index].as_deref());
        }
        if let Some(values) = &self.upn_source {
            row = row.with_upn_source(values[index].as_deref());
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
