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
    #[error("line {line}: {reason}")]
    Encoding { line: u64, reason: String },
    #[error(
        "columns '{first}' and '{second}' name the same property (names are compared without case, as Import-Csv refuses them): one of them would be read and the other ignored. Remove or rename one"
    )]
    DuplicateColumn { first: String, second: String },
    #[error(
        "line {line} has {found} fields where the header has {expected} (RFC 4180: every record has the header's fields): the file was edited by hand, joined from two exports, or cut while being written. Fix that line, or export it again"
    )]
    RaggedRow {
        line: u64,
        found: usize,
        expected: usize,
    },
    #[error(
        "the file is one page of a Microsoft Graph result (it has @odata.nextLink): the users on the pages after it are missing, and every answer would treat them as absent (a soft match becomes a duplicate). Fetch every page (Get-MgUser -All), or, knowing it is one page, read it with Import-DirectoryExport -AllowPartialGraphPage"
    )]
    PartialPage,
    #[error("{0}")]
    NotAFile(String),
    #[error(
        "the file changed while it was read (it is still being written): its last rows may be half rows. Wait for the export to finish and read it again"
    )]
    Changed,
}

impl From<decode::DecodeError> for ExportError {
    fn from(error: decode::DecodeError) -> Self {
        ExportError::Encoding {
            line: error.line,
            reason: error.reason,
        }
    }
}

/// What a caller says about a file before it is read.
#[derive(Clone, Copy, Debug, Default)]
pub struct ReadOptions {
    /// The encoding of a file without a BOM (`-Encoding`); `None`: the rules of `decode`.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// The field delimiter (`-Delimiter`); `None`: `,`, or `;` when the header is
    /// `;`-separated (European Excel, Export-Csv -UseCulture).
    pub delimiter: Option<u8>,
    /// A Graph page with `@odata.nextLink` is read, with a warning, instead of refused.
    pub partial_page: bool,
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
    /// The CSV field delimiter it was read with.
    delimiter: u8,
    /// Read from JSON: only the properties the schema names were kept.
    json: bool,
    columns: Columns,
    pub encoding: FileEncoding,
    pub warnings: Vec<ExportWarning>,
}

impl DirectoryExport {
    /// Reads the export file at `path` (resolved by the caller), telling `progress` how far it
    /// has come. Only a regular file is read (a FIFO would never end, a device never stop), and
    /// one that changes while it is read is refused.
    pub fn open(
        path: &str,
        progress: ReadProgress<'_>,
        options: ReadOptions,
    ) -> Result<Self, ExportError> {
        let bytes = read_regular_file(path, progress.read)?;
        let mut export = Self::read_owned(bytes, progress, options)?;
        export.path = path.to_owned();
        Ok(export)
    }

    /// Reads a directory's objects handed over in memory as JSON (a directory read over LDAP),
    /// `source` naming where they came from in every message (as a file's path would).
    pub fn read_json_from(bytes: Vec<u8>, source: &str) -> Result<Self, ExportError> {
        let counters = [AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)];
        let progress = ReadProgress {
            read: &counters[0],
            parsed: &counters[1],
            total: &counters[2],
        };
        let mut export = Self::read_owned(bytes, progress, ReadOptions::default())?;
        export.path = source.to_owned();
        Ok(export)
    }

    /// Reads a whole export's bytes: JSON when its text starts with `[` or `{`, CSV otherwise.
    pub fn read(bytes: &[u8]) -> Result<Self, ExportError> {
        Self::read_with(bytes, ReadOptions::default())
    }

    /// [`DirectoryExport::read`] with what the caller says of the file.
    pub fn read_with(bytes: &[u8], options: ReadOptions) -> Result<Self, ExportError> {
        let counters = [AtomicU64::new(0), AtomicU64::new(0), AtomicU64::new(0)];
        Self::read_owned(
            bytes.to_vec(),
            ReadProgress {
                read: &counters[0],
                parsed: &counters[1],
                total: &counters[2],
            },
            options,
        )
    }

    /// [`DirectoryExport::read`] on bytes it keeps (a UTF-8 file becomes its text without a
    /// copy), telling `progress` how far it has come.
    fn read_owned(
        bytes: Vec<u8>,
        progress: ReadProgress<'_>,
        options: ReadOptions,
    ) -> Result<Self, ExportError> {
        let decoded = decode::decode(bytes, options.encoding)?;
        progress
            .total
            .store(decoded.text.len() as u64, Ordering::Relaxed);
        let export = if decoded.body().trim_start().starts_with(['[', '{']) {
            Self::from_json(&decoded, options)
        } else {
            Self::csv(decoded, progress.parsed, options)
        };
        if export.is_ok() {
            progress
                .parsed
                .store(progress.total.load(Ordering::Relaxed), Ordering::Relaxed);
        }
        export
    }

    /// A file read as ANSI without being told so: said, with how to say otherwise.
    fn warn_if_guessed(&mut self, guessed_ansi: bool) {
        if guessed_ansi {
            self.warnings.push(ExportWarning {
                code: "AnsiEncoding",
                message: "the file is not UTF-8 and has no BOM: it was read as Windows-1252, the Western ANSI code page (Windows PowerShell 5.1's Export-Csv -Encoding Default). If it was written on another code page, say which with Import-DirectoryExport -Encoding (for example windows-1251); to avoid the question, export with -Encoding UTF8".to_owned(),
            });
        }
    }

    /// Reads JSON as ConvertTo-Json writes Get-MgUser or Get-ADUser output, or a Graph page.
    fn from_json(decoded: &decode::Decoded, options: ReadOptions) -> Result<Self, ExportError> {
        let json::Collected {
            rows: elements,
            names,
            duplicate,
            next_link,
        } = json::elements(decoded.body())
            .map_err(|reason| ExportError::Malformed { line: 0, reason })?;
        if let Some((first, second)) = duplicate {
            return Err(ExportError::DuplicateColumn { first, second });
        }
        if next_link && !options.partial_page {
            return Err(ExportError::PartialPage);
        }
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
        let mut export = DirectoryExport {
            path: String::new(),
            text,
            cells: table,
            lines,
            starts: Vec::new(),
            delimiter: b',',
            json: true,
            columns,
            encoding: decoded.encoding,
            warnings: Vec::new(),
        };
        export.refuse_type_name_columns()?;
        export.warn_if_guessed(decoded.guessed_ansi);
        if next_link {
            export.warnings.push(ExportWarning {
                code: "PartialGraphPage",
                message: "the file is one page of a Microsoft Graph result (@odata.nextLink), read as asked: the users on the other pages are missing from every answer".to_owned(),
            });
        }
        Ok(export)
    }

    /// Reads a whole CSV file's bytes.
    pub fn from_csv(bytes: &[u8]) -> Result<Self, ExportError> {
        let decoded = decode::decode(bytes.to_vec(), None)?;
        Self::csv(decoded, &AtomicU64::new(0), ReadOptions::default())
    }

    fn csv(
        decoded: decode::Decoded,
        progress: &AtomicU64,
        options: ReadOptions,
    ) -> Result<Self, ExportError> {
        let encoding = decoded.encoding;
        let guessed_ansi = decoded.guessed_ansi;
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
        let read_header = |delimiter| {
            records::header(&text, header_from, delimiter).map_err(|error| unclosed(error.newlines))
        };
        let mut delimiter = options.delimiter.unwrap_or(b',');
        let Some((mut header, mut rows_from, mut header_newlines)) = read_header(delimiter)? else {
            return Err(ExportError::Empty);
        };
        // European Excel and Export-Csv -UseCulture write `;`: a header that is one name holding
        // `;` is read again with it.
        if options.delimiter.is_none()
            && header.len() == 1
            && header[0].contains(';')
            && let Some(split) = read_header(b';')?
        {
            delimiter = b';';
            (header, rows_from, header_newlines) = split;
        }
        refuse_duplicate_columns(&header)?;
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
        let table = records::rows(&mut text, rows_from, &cell_of, stride, delimiter, progress)
            .map_err(|error| match error {
                records::SplitError::Unclosed { newlines } => ExportError::Truncated {
                    line: first_line + newlines,
                },
                records::SplitError::Ragged { newlines, found } => ExportError::RaggedRow {
                    line: first_line + newlines,
                    found,
                    expected: header.len(),
                },
                records::SplitError::TooLarge => ExportError::TooLarge,
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
            delimiter,
            json: false,
            columns,
            encoding,
            warnings: Vec::new(),
        };
        export.refuse_type_name_columns()?;
        export.warn_if_guessed(guessed_ansi);
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
        records::field(&self.text, start as usize, column, self.delimiter)
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

/// The bytes of the regular file at `path`: a directory, a pipe or a
/// device is refused before it is opened (a FIFO would wait for a writer forever, /dev/zero never
/// end), and so is a file that changes while it is read. The one way SyncMatch reads a file a
/// user names (exports, journals).
pub fn read_regular_file(path: &str, read: &AtomicU64) -> Result<Vec<u8>, ExportError> {
    let unreadable = |error: std::io::Error| ExportError::Unreadable(error.to_string());
    let before = std::fs::metadata(path).map_err(unreadable)?;
    if before.is_dir() {
        return Err(ExportError::NotAFile(
            "it is a directory, not a file: give the file in it".to_owned(),
        ));
    }
    if !before.is_file() {
        return Err(ExportError::NotAFile(
            "it is not a regular file (a pipe, a device or a socket): save it to a file first"
                .to_owned(),
        ));
    }
    let bytes = file::read_file(path, read).map_err(unreadable)?;
    let after = std::fs::metadata(path).map_err(unreadable)?;
    let stamp = |metadata: &std::fs::Metadata| (metadata.len(), metadata.modified().ok());
    if !unchanged(stamp(&before), stamp(&after), bytes.len()) {
        return Err(ExportError::Changed);
    }
    Ok(bytes)
}

/// A file read whole, unchanged while it was read: the same size and modification time before and
/// after, and as many bytes read as it holds (a writer still appending changes one of them).
fn unchanged(
    before: (u64, Option<std::time::SystemTime>),
    after: (u64, Option<std::time::SystemTime>),
    read: usize,
) -> bool {
    before == after && after.0 == read as u64
}

/// Two header names that differ only in case or surrounding blanks: Import-Csv refuses them, and
/// reading one would silently ignore the other.
fn refuse_duplicate_columns(header: &[String]) -> Result<(), ExportError> {
    let mut seen: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
    for name in header {
        let key = name.trimmed().to_lowercase();
        if key.is_empty() {
            continue;
        }
        if let Some(first) = seen.insert(key, name) {
            return Err(ExportError::DuplicateColumn {
                first: first.to_owned(),
                second: name.clone(),
            });
        }
    }
    Ok(())
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
