//! Directory exports read by the core: a whole CSV file (as Export-Csv writes it in Windows
//! PowerShell 5.1 and PowerShell 7) or JSON file (ConvertTo-Json, a Graph page) read from disk and
//! decoded once, its columns recognised by the schema's names, its rows kept as spans of one text,
//! so a million rows cost their bytes and no object each (docs/model.md, *Input*). Its rows are
//! read through the schema's `Row` like any other input (`rows`), so an export row and an object
//! with the same values are the same input.
//!
//! Here: the export, its errors and warnings; `file` (reading from disk on every core),
//! `decode` (the file's encoding), `records` (CSV records split on every core), `json`, `cells`
//! (the rows' spans), `columns` (which column is which field, per entity), `rows` (the rows as
//! the schema reads them). It imports the core's `schema`, `anchor` and `text`.

mod cells;
mod columns;
pub mod decode;
mod file;
mod json;
mod records;
mod rows;
#[cfg(test)]
mod tests;

use crate::text::Trimmed;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use thiserror::Error;

use crate::schema::completeness::Seen;
use crate::schema::{Entity, Field};
use cells::Cells;
use columns::Columns;
use decode::FileEncoding;
pub use rows::{ExportRow, ExportRows};

/// Why a file cannot be read at all. Each message names the file's problem and the fix.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ExportError {
    #[error("the file cannot be read: {0}")]
    Unreadable(String),
    #[error("the file is empty: it has no header line")]
    Empty,
    #[error(
        "the file ends inside a quoted field (line {line}): it was cut off while being written or copied; export it again"
    )]
    Truncated { line: u64 },
    #[error(
        "no column names an object: the file needs DistinguishedName, SamAccountName, UserPrincipalName, (a mapping) Username or ADUser, or (a cloud export) Id (found: {found})"
    )]
    MissingColumn { found: String },
    #[error(
        "column '{column}' holds the type name '{value}' on every row, not values: Windows PowerShell's Export-Csv writes the type of a multi-valued property. Export it joined: Select-Object @{{n='{column}';e={{$_.{column} -join ';'}}}} before Export-Csv"
    )]
    TypeNameColumn { column: String, value: String },
    #[error("line {line}: {reason}")]
    Malformed { line: u64, reason: String },
    #[error("the file has no column '{column}' ({found})")]
    NoSuchColumn { column: String, found: String },
    #[error(
        "the file is larger than 4 GiB of text: split it (for example by OU, with Get-ADUser -SearchBase) and read each part"
    )]
    TooLarge,
}

/// A span of an export's text (32-bit: a file's text is refused past 4 GiB).
fn span(start: usize, end: usize) -> Result<(u32, u32), ExportError> {
    match (u32::try_from(start), u32::try_from(end)) {
        (Ok(start), Ok(end)) => Ok((start, end)),
        _ => Err(ExportError::TooLarge),
    }
}

/// How far a read has come, for a caller polling from another thread: bytes read from the file,
/// and bytes of text parsed of `total` (the decoded text's length, known once it is decoded).
#[derive(Clone, Copy, Debug)]
pub struct ReadProgress<'a> {
    pub read: &'a AtomicU64,
    pub parsed: &'a AtomicU64,
    pub total: &'a AtomicU64,
}

/// What a reader should know about a file it could read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportWarning {
    pub code: &'static str,
    pub message: String,
}

/// A directory export read whole: its columns, its rows (spans of its one text, a cell a kept
/// column, `(0, 0)` for an empty cell).
#[derive(Debug)]
pub struct DirectoryExport {
    /// The file it was read from (empty for bytes read in memory), for the messages that name a
    /// row's line.
    path: String,
    text: String,
    cells: Cells,
    lines: Vec<u64>,
    /// Where each row's record starts (a CSV file; empty for JSON).
    starts: Vec<u32>,
    /// Read from JSON: only the properties the schema names were kept.
    json: bool,
    columns: Columns,
    pub encoding: FileEncoding,
    pub warnings: Vec<ExportWarning>,
}

impl DirectoryExport {
    /// Reads the export file at `path` (resolved by the caller), telling `progress` how far it
    /// has come.
    pub fn open(path: &str, progress: ReadProgress<'_>) -> Result<Self, ExportError> {
        let bytes = file::read_file(path, progress.read)
            .map_err(|error| ExportError::Unreadable(error.to_string()))?;
        let mut export = Self::read_owned(bytes, progress)?;
        export.path = path.to_owned();
        Ok(export)
    }

    /// Reads a whole export's bytes: JSON when its text starts with `[` or `{`, CSV otherwise.
    pub fn read(bytes: &[u8]) -> Result<Self, ExportError> {
        let counters = [AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)];
        Self::read_owned(
            bytes.to_vec(),
            ReadProgress {
                read: &counters[0],
                parsed: &counters[1],
                total: &counters[2],
            },
        )
    }

    /// [`DirectoryExport::read`] on bytes it keeps (a UTF-8 file becomes its text without a
    /// copy), telling `progress` how far it has come.
    fn read_owned(bytes: Vec<u8>, progress: ReadProgress<'_>) -> Result<Self, ExportError> {
        let decoded = decode::decode(bytes);
        progress
            .total
            .store(decoded.text.len() as u64, Ordering::Relaxed);
        let export = if decoded.body().trim_start().starts_with(['[', '{']) {
            Self::from_json(&decoded)
        } else {
            Self::csv(decoded, progress.parsed)
        };
        if export.is_ok() {
            progress
                .parsed
                .store(progress.total.load(Ordering::Relaxed), Ordering::Relaxed);
        }
        export
    }

    /// Reads JSON as ConvertTo-Json writes Get-MgUser or Get-ADUser output, or a Graph page.
    fn from_json(decoded: &decode::Decoded) -> Result<Self, ExportError> {
        let json::Collected {
            rows: elements,
            names,
        } = json::elements(decoded.body())
            .map_err(|reason| ExportError::Malformed { line: 0, reason })?;
        let columns = Columns::new(names);
        if !names_an_object(&columns) {
            return Err(ExportError::MissingColumn {
                found: columns.names.join(", "),
            });
        }
        let stride = columns.kept.len();
        let mut text = String::new();
        let mut cells = Vec::with_capacity(elements.len() * stride);
        for element in &elements {
            for column in 0..stride {
                match element.get(column).and_then(Option::as_deref) {
                    Some(cell) if !cell.is_empty() => {
                        let start = text.len();
                        text.push_str(cell);
                        cells.push(span(start, text.len())?);
                    }
                    _ => cells.push((0, 0)),
                }
            }
        }
        // A JSON file has no row lines: the element's number stands in.
        let lines = (1..=elements.len() as u64).collect();
        let mut table = Cells::new(stride);
        table.push_part(cells, elements.len());
        let export = DirectoryExport {
            path: String::new(),
            text,
            cells: table,
            lines,
            starts: Vec::new(),
            json: true,
            columns,
            encoding: decoded.encoding,
            warnings: Vec::new(),
        };
        export.refuse_type_name_columns()?;
        Ok(export)
    }

    /// Reads a whole CSV file's bytes.
    pub fn from_csv(bytes: &[u8]) -> Result<Self, ExportError> {
        Self::csv(decode::decode(bytes.to_vec()), &AtomicU64::new(0))
    }

    fn csv(decoded: decode::Decoded, progress: &AtomicU64) -> Result<Self, ExportError> {
        let encoding = decoded.encoding;
        let ascii = encoding == FileEncoding::Utf8 && decoded.text.is_ascii();
        let (mut text, start) = (decoded.text, decoded.start);
        let type_line = text[start..].starts_with("#TYPE");
        let header_from = if type_line {
            text[start..]
                .find('\n')
                .map_or(text.len(), |at| start + at + 1)
        } else {
            start
        };
        let unclosed = |newlines: u64| ExportError::Truncated {
            line: 1 + u64::from(type_line) + newlines,
        };
        let Some((header, rows_from, header_newlines)) =
            records::header(&text, header_from).map_err(|error| unclosed(error.newlines))?
        else {
            return Err(ExportError::Empty);
        };
        let columns = Columns::new(header.iter().map(|name| name.trimmed().to_owned()));
        if !names_an_object(&columns) {
            return Err(ExportError::MissingColumn {
                found: header.join(", "),
            });
        }
        // Each header position's cell in a row, when its column is kept.
        let mut cell_of: Vec<Option<usize>> = vec![None; header.len()];
        for (cell, &(position, _)) in columns.kept.iter().enumerate() {
            cell_of[position] = Some(cell);
        }
        let stride = columns.kept.len();
        let first_line = 1 + u64::from(type_line) + header_newlines;
        let table =
            records::rows(&mut text, rows_from, &cell_of, stride, progress).map_err(|error| {
                match error {
                    records::SplitError::Unclosed { newlines } => ExportError::Truncated {
                        line: first_line + newlines,
                    },
                    records::SplitError::TooLarge => ExportError::TooLarge,
                }
            })?;
        let mut export = DirectoryExport {
            path: String::new(),
            text,
            cells: table.cells,
            lines: table
                .newlines
                .into_iter()
                .map(|newlines| first_line + newlines)
                .collect(),
            starts: table.starts,
            json: false,
            columns,
            encoding,
            warnings: Vec::new(),
        };
        export.refuse_type_name_columns()?;
        if ascii {
            export.warn_about_lost_letters();
        }
        Ok(export)
    }

    /// The file the export was read from (empty when read from bytes).
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn row_count(&self) -> usize {
        self.lines.len()
    }

    /// The file line row `row` starts on (1-based, the header and a `#TYPE` line counted).
    pub fn line(&self, row: usize) -> u64 {
        self.lines[row]
    }

    /// Row `row` as `entity` reads it.
    pub fn row(&self, row: usize, entity: Entity) -> ExportRow<'_> {
        ExportRow::new(self, row, entity)
    }

    /// The recognised columns, as the file names them, with their fields.
    pub fn recognised(&self) -> impl Iterator<Item = (&str, Field)> {
        self.columns.recognised()
    }

    /// The columns no rule reads.
    pub fn ignored(&self) -> Vec<String> {
        self.columns.ignored()
    }

    /// Whether the file is a cloud export (it has an Id or ObjectId column).
    pub fn is_cloud(&self) -> bool {
        self.columns.holds(Field::CloudId)
    }

    /// What the file has for `entity`: a column for a field counts as present and valued (a CSV
    /// cell cannot tell an absent value from an empty one), for the incomplete-input warnings.
    pub fn seen(&self, entity: Entity) -> Seen {
        let slots = self.columns.slots(entity);
        let present = Field::ALL
            .iter()
            .filter(|field| !slots.of(**field).is_empty())
            .fold(0, |bits, field| bits | field.bit());
        Seen {
            rows: self.row_count() as u64,
            present,
            valued: present,
        }
    }

    /// The column named `name` (case-insensitive), for a value no field holds (a custom
    /// source anchor such as employeeID). A JSON export keeps only its recognised properties.
    pub fn column(&self, name: &str) -> Result<usize, ExportError> {
        if self.json {
            return Err(self.no_such_column(name));
        }
        self.columns
            .names
            .iter()
            .position(|column| column.eq_ignore_ascii_case(name.trimmed()))
            .ok_or_else(|| self.no_such_column(name))
    }

    fn no_such_column(&self, name: &str) -> ExportError {
        ExportError::NoSuchColumn {
            column: name.trimmed().to_owned(),
            found: if self.json {
                "a JSON export keeps only the properties SyncMatch reads; export it as CSV"
                    .to_owned()
            } else {
                format!("its columns: {}", self.columns.names.join(", "))
            },
        }
    }

    /// Row `row`'s value in `column` (from [`DirectoryExport::column`]); empty is absent.
    pub fn column_text(&self, row: usize, column: usize) -> Option<String> {
        let start = *self.starts.get(row)?;
        records::field(&self.text, start as usize, column)
    }

    /// A column whose every non-empty cell is a type name is a bad export: refused before anything
    /// is read from it (a single such cell is that row's error, like any other input's).
    fn refuse_type_name_columns(&self) -> Result<(), ExportError> {
        for (cell, &(position, _)) in self.columns.kept.iter().enumerate() {
            let mut cells = (0..self.row_count()).filter_map(|row| {
                let (start, end) = self.cells.row(row)[cell];
                (start < end).then(|| &self.text[start as usize..end as usize])
            });
            if let Some(first) = cells.next()
                && crate::anchor::is_type_name(first.trimmed())
                && self.row_count() > 1
                && cells.all(|cell| crate::anchor::is_type_name(cell.trimmed()))
            {
                return Err(ExportError::TypeNameColumn {
                    column: self.columns.names[position].clone(),
                    value: first.trimmed().to_owned(),
                });
            }
        }
        Ok(())
    }

    /// Windows PowerShell 5.1's Export-Csv writes ASCII by default: every letter outside ASCII is
    /// already `?` in the file. An ASCII file without a BOM with `?` in a name says so.
    fn warn_about_lost_letters(&mut self) {
        use crate::schema::Row as _;
        let names = [
            Field::DisplayName,
            Field::GivenName,
            Field::Surname,
            Field::DistinguishedName,
        ];
        let lost = (0..self.row_count()).find(|&row| {
            let row = self.row(row, Entity::DirectoryObject);
            names
                .iter()
                .filter_map(|field| row.text(*field))
                .any(|value| value.contains('?'))
        });
        if let Some(row) = lost.map(|row| self.line(row)) {
            self.warnings.push(ExportWarning {
                code: "AsciiExport",
                message: format!(
                    "line {} has '?' in a name, and the file is plain ASCII: Windows PowerShell 5.1's Export-Csv writes ASCII by default, which replaces every letter outside ASCII with '?' (José becomes Jos?), so those values are already lost. Export again with Export-Csv -Encoding UTF8.",
                    row
                ),
            });
        }
    }
}

/// Whether the columns name an object: a DN, sAMAccountName or UPN, (a mapping) its on-premises
/// key, or (a cloud export) an Id.
fn names_an_object(columns: &Columns) -> bool {
    [
        Field::DistinguishedName,
        Field::SamAccountName,
        Field::UserPrincipalName,
        Field::OnPremisesKey,
        Field::OnPremisesUserPrincipalName,
        Field::CloudId,
    ]
    .into_iter()
    .any(|field| columns.holds(field))
}
