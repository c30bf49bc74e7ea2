//! Directory exports read by the core: a whole CSV file (as Export-Csv writes it in Windows
//! PowerShell 5.1 and PowerShell 7) decoded once, its columns recognised by name, its rows kept as
//! spans of one text, so a million rows cost their bytes and no object each (docs/model.md,
//! *Input*). Multi-valued cells are split by the one rule the module uses everywhere
//! (`address::split_joined`: `;`, never inside an X.400/X.500 value).
//!
//! Here: the export and its rows; `decode` (the file's encoding). It imports the core's `model`,
//! `address`, `anchor` and the matching model's cloud user (a cloud export's rows).

mod cells;
pub mod decode;
mod json;
mod records;
#[cfg(test)]
mod tests;

use crate::text::Trimmed;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;
use thiserror::Error;

use crate::address::{self, ProxyAddress};
use crate::anchor::{AnchorInput, AnchorValue};
use crate::matching::CloudUser;
use crate::model::DirectoryObject;
use cells::Cells;
use decode::FileEncoding;

listed_enum! {
    /// The directory attributes an export column can hold.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
    pub enum ExportField {
        DistinguishedName,
        ObjectClass,
        SamAccountName,
        UserPrincipalName,
        Mail,
        MailNickname,
        ProxyAddresses,
        TargetAddress,
        DisplayName,
        GivenName,
        Surname,
        RecipientTypeDetails,
        IsCriticalSystemObject,
        ObjectGuid,
        ConsistencyGuid,
        SecurityIdentifier,
        // A cloud export's own columns (Get-MgUser, Get-MsolUser).
        CloudId,
        ImmutableId,
        SyncEnabled,
        LastDirSync,
        CloudObjectType,
    }
}

/// Column names, case-insensitive, with the aliases each source writes (Get-ADUser's friendly
/// names, LDAP names). The first listed for a field wins when a file has two.
pub(crate) const COLUMN_NAMES: &[(&str, ExportField)] = &[
    ("DistinguishedName", ExportField::DistinguishedName),
    ("ObjectClass", ExportField::ObjectClass),
    ("SamAccountName", ExportField::SamAccountName),
    ("UserPrincipalName", ExportField::UserPrincipalName),
    ("mail", ExportField::Mail),
    ("EmailAddress", ExportField::Mail),
    ("mailNickname", ExportField::MailNickname),
    ("proxyAddresses", ExportField::ProxyAddresses),
    ("targetAddress", ExportField::TargetAddress),
    ("displayName", ExportField::DisplayName),
    ("givenName", ExportField::GivenName),
    ("sn", ExportField::Surname),
    ("Surname", ExportField::Surname),
    (
        "msExchRecipientTypeDetails",
        ExportField::RecipientTypeDetails,
    ),
    (
        "isCriticalSystemObject",
        ExportField::IsCriticalSystemObject,
    ),
    ("ObjectGUID", ExportField::ObjectGuid),
    ("mS-DS-ConsistencyGuid", ExportField::ConsistencyGuid),
    ("msDS-ConsistencyGuid", ExportField::ConsistencyGuid),
    ("ConsistencyGuid", ExportField::ConsistencyGuid),
    ("objectSid", ExportField::SecurityIdentifier),
    ("SID", ExportField::SecurityIdentifier),
    (
        "OnPremisesSecurityIdentifier",
        ExportField::SecurityIdentifier,
    ),
    ("Id", ExportField::CloudId),
    ("ObjectId", ExportField::CloudId),
    ("OnPremisesImmutableId", ExportField::ImmutableId),
    ("ImmutableId", ExportField::ImmutableId),
    ("OnPremisesSyncEnabled", ExportField::SyncEnabled),
    ("LastDirSyncTime", ExportField::LastDirSync),
    ("@odata.type", ExportField::CloudObjectType),
    ("ObjectType", ExportField::CloudObjectType),
];

pub(crate) const FIELD_COUNT: usize = ExportField::ALL.len();

impl ExportField {
    /// The field a column or property name is read into, if any.
    pub(crate) fn named(name: &str) -> Option<ExportField> {
        COLUMN_NAMES
            .iter()
            .find(|(known, _)| known.eq_ignore_ascii_case(name))
            .map(|&(_, field)| field)
    }
}

/// Why a file cannot be read at all. Each message names the file's problem and the fix.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ExportError {
    #[error("the file is empty: it has no header line")]
    Empty,
    #[error(
        "the file ends inside a quoted field (line {line}): it was cut off while being written or copied; export it again"
    )]
    Truncated { line: u64 },
    #[error(
        "no column names an object: the file needs DistinguishedName, SamAccountName, UserPrincipalName or (a cloud export) Id (found: {found})"
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

/// How far a read has come, for a caller polling from another thread: bytes of text parsed, of
/// `total` (the decoded text's length, known once the file is decoded).
#[derive(Clone, Copy, Debug)]
pub struct ReadProgress<'a> {
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

/// A directory export read whole: its recognised columns, the ones it ignored, its rows (spans
/// of its one text, a cell a kept column, `(0, 0)` for an empty cell).
#[derive(Debug)]
pub struct DirectoryExport {
    text: String,
    cells: Cells,
    lines: Vec<u64>,
    /// Where each row's record starts (a CSV file; empty for JSON), and every column's name.
    starts: Vec<u32>,
    columns: Vec<String>,
    /// Each field's cell within a row, if the file has it.
    slots: [Option<usize>; FIELD_COUNT],
    pub recognised: Vec<(String, ExportField)>,
    pub ignored: Vec<String>,
    pub encoding: FileEncoding,
    pub warnings: Vec<ExportWarning>,
}

impl DirectoryExport {
    /// Reads a whole export's bytes: JSON when its text starts with `[` or `{`, CSV otherwise.
    pub fn read(bytes: &[u8]) -> Result<Self, ExportError> {
        let (parsed, total) = (AtomicU64::new(0), AtomicU64::new(0));
        Self::read_owned(
            bytes.to_vec(),
            ReadProgress {
                parsed: &parsed,
                total: &total,
            },
        )
    }

    /// [`DirectoryExport::read`] on bytes it keeps (a UTF-8 file becomes its text without a
    /// copy), telling `progress` how far it has come.
    pub fn read_owned(bytes: Vec<u8>, progress: ReadProgress<'_>) -> Result<Self, ExportError> {
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
            names: recognised,
        } = json::elements(decoded.body())
            .map_err(|reason| ExportError::Malformed { line: 0, reason })?;
        if !names_an_object(&recognised) {
            return Err(ExportError::MissingColumn {
                found: recognised
                    .iter()
                    .map(|(name, _)| name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        let mut text = String::new();
        let mut cells = Vec::with_capacity(elements.len() * FIELD_COUNT);
        for element in &elements {
            for cell in element {
                match cell.as_deref().filter(|cell| !cell.is_empty()) {
                    Some(cell) => {
                        let start = text.len();
                        text.push_str(cell);
                        cells.push(span(start, text.len())?);
                    }
                    None => cells.push((0, 0)),
                }
            }
        }
        // A JSON file has no row lines: the element's number stands in.
        let lines = (1..=elements.len() as u64).collect();
        let mut table = Cells::new(FIELD_COUNT);
        table.push_part(cells, elements.len());
        let export = DirectoryExport {
            text,
            cells: table,
            lines,
            starts: Vec::new(),
            columns: Vec::new(),
            slots: std::array::from_fn(Some),
            recognised,
            ignored: Vec::new(),
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
        let mut columns: Vec<Option<usize>> = Vec::with_capacity(header.len());
        let mut slots = [None; FIELD_COUNT];
        let mut recognised = Vec::new();
        let mut ignored = Vec::new();
        for name in &header {
            let field =
                ExportField::named(name.trimmed()).filter(|field| slots[*field as usize].is_none());
            match field {
                Some(field) => {
                    slots[field as usize] = Some(recognised.len());
                    columns.push(Some(recognised.len()));
                    recognised.push((name.trimmed().to_owned(), field));
                }
                None => {
                    columns.push(None);
                    ignored.push(name.trimmed().to_owned());
                }
            }
        }
        if !names_an_object(&recognised) {
            return Err(ExportError::MissingColumn {
                found: header.join(", "),
            });
        }
        let stride = recognised.len();
        let first_line = 1 + u64::from(type_line) + header_newlines;
        let table =
            records::rows(&mut text, rows_from, &columns, stride, progress).map_err(|error| {
                match error {
                    records::SplitError::Unclosed { newlines } => ExportError::Truncated {
                        line: first_line + newlines,
                    },
                    records::SplitError::TooLarge => ExportError::TooLarge,
                }
            })?;
        let mut export = DirectoryExport {
            text,
            cells: table.cells,
            lines: table
                .newlines
                .into_iter()
                .map(|newlines| first_line + newlines)
                .collect(),
            starts: table.starts,
            columns: header
                .iter()
                .map(|name| name.trimmed().to_owned())
                .collect(),
            slots,
            recognised,
            ignored,
            encoding,
            warnings: Vec::new(),
        };
        export.refuse_type_name_columns()?;
        if ascii {
            export.warn_about_lost_letters();
        }
        Ok(export)
    }

    pub fn row_count(&self) -> usize {
        self.lines.len()
    }

    /// The file line row `row` starts on (1-based, the header and a `#TYPE` line counted).
    pub fn line(&self, row: usize) -> u64 {
        self.lines[row]
    }

    /// The column named `name` (case-insensitive), for a value no field holds (a custom
    /// source anchor such as employeeID). A JSON export keeps only its recognised properties.
    pub fn column(&self, name: &str) -> Result<usize, ExportError> {
        self.columns
            .iter()
            .position(|column| column.eq_ignore_ascii_case(name.trimmed()))
            .ok_or_else(|| ExportError::NoSuchColumn {
                column: name.trimmed().to_owned(),
                found: if self.columns.is_empty() {
                    "a JSON export keeps only the properties SyncMatch reads; export it as CSV"
                        .to_owned()
                } else {
                    format!("its columns: {}", self.columns.join(", "))
                },
            })
    }

    /// Row `row`'s value in `column` (from [`DirectoryExport::column`]); empty is absent.
    pub fn column_text(&self, row: usize, column: usize) -> Option<String> {
        let start = *self.starts.get(row)?;
        records::field(&self.text, start as usize, column)
    }

    fn cell(&self, row: usize, field: ExportField) -> Option<&str> {
        self.row(row).get(field)
    }

    /// Row `row`'s cells, looked up once for the fields read from it.
    fn row(&self, row: usize) -> Row<'_> {
        Row {
            export: self,
            cells: self.cells.row(row),
        }
    }

    /// Row `row` as the rules see it, with its anchor attributes and its SID.
    pub fn object(&self, row: usize) -> (DirectoryObject<'_>, AnchorInput<'_>, Option<&str>) {
        let row = self.row(row);
        let cell = |field| row.get(field);
        let object = DirectoryObject {
            distinguished_name: cell(ExportField::DistinguishedName),
            object_class: cell(ExportField::ObjectClass),
            sam_account_name: cell(ExportField::SamAccountName),
            user_principal_name: cell(ExportField::UserPrincipalName),
            mail: cell(ExportField::Mail),
            mail_nickname: cell(ExportField::MailNickname),
            proxy_addresses: row.proxy_addresses(),
            target_address: cell(ExportField::TargetAddress),
            display_name: cell(ExportField::DisplayName),
            given_name: cell(ExportField::GivenName),
            surname: cell(ExportField::Surname),
            // A CSV cell is text; the default rules test presence, and an empty cell is absent.
            is_critical_system_object: cell(ExportField::IsCriticalSystemObject)
                .is_some_and(|value| !value.trimmed().is_empty()),
            recipient_type_details: cell(ExportField::RecipientTypeDetails),
        };
        let anchor = AnchorInput::User {
            object_guid: cell(ExportField::ObjectGuid).map(AnchorValue::Text),
            consistency_guid: cell(ExportField::ConsistencyGuid).map(AnchorValue::Text),
        };
        (object, anchor, cell(ExportField::SecurityIdentifier))
    }

    /// Whether the file is a cloud export (it has an Id or ObjectId column).
    pub fn is_cloud(&self) -> bool {
        self.recognised
            .iter()
            .any(|(_, field)| *field == ExportField::CloudId)
    }

    /// Row `row` as a cloud object (a Get-MgUser or Get-MsolUser export).
    pub fn cloud_user(&self, row: usize) -> CloudUser<'_> {
        let row = self.row(row);
        let cell = |field| row.get(field);
        let flag = |field| {
            cell(field).map(Trimmed::trimmed).and_then(|value| {
                if value.eq_ignore_ascii_case("true") {
                    Some(true)
                } else if value.eq_ignore_ascii_case("false") {
                    Some(false)
                } else {
                    None
                }
            })
        };
        CloudUser {
            id: cell(ExportField::CloudId).unwrap_or(""),
            user_principal_name: cell(ExportField::UserPrincipalName),
            mail: cell(ExportField::Mail),
            proxy_addresses: row.proxy_addresses(),
            immutable_id: cell(ExportField::ImmutableId),
            sync_enabled: flag(ExportField::SyncEnabled),
            last_dir_sync: cell(ExportField::LastDirSync)
                .is_some_and(|value| !value.trimmed().is_empty()),
            object_type: cell(ExportField::CloudObjectType),
            security_identifier: cell(ExportField::SecurityIdentifier),
            display_name: cell(ExportField::DisplayName),
            deleted: false,
            object_identifier: None,
            has_mailbox: false,
        }
    }

    /// A column whose every non-empty cell is a type name is a bad export: refused before anything
    /// is read from it (a single such cell is that row's error, like any other input's).
    fn refuse_type_name_columns(&self) -> Result<(), ExportError> {
        for (name, field) in &self.recognised {
            let mut cells = (0..self.row_count()).filter_map(|row| self.cell(row, *field));
            if let Some(first) = cells.next()
                && crate::anchor::is_type_name(first.trimmed())
                && self.row_count() > 1
                && cells.all(|cell| crate::anchor::is_type_name(cell.trimmed()))
            {
                return Err(ExportError::TypeNameColumn {
                    column: name.clone(),
                    value: first.trimmed().to_owned(),
                });
            }
        }
        Ok(())
    }

    /// Windows PowerShell 5.1's Export-Csv writes ASCII by default: every letter outside ASCII is
    /// already `?` in the file. An ASCII file without a BOM with `?` in a name says so.
    fn warn_about_lost_letters(&mut self) {
        let names = [
            ExportField::DisplayName,
            ExportField::GivenName,
            ExportField::Surname,
            ExportField::DistinguishedName,
        ];
        let lost = (0..self.row_count()).find(|&row| {
            names
                .iter()
                .filter_map(|field| self.cell(row, *field))
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

/// One row's cells within its export.
#[derive(Clone, Copy)]
struct Row<'a> {
    export: &'a DirectoryExport,
    cells: &'a [(u32, u32)],
}

impl<'a> Row<'a> {
    /// The row's value of `field`; an empty cell, or a column the file lacks, is absent.
    fn get(self, field: ExportField) -> Option<&'a str> {
        let slot = self.export.slots[field as usize]?;
        let (start, end) = self.cells[slot];
        (start < end).then(|| &self.export.text[start as usize..end as usize])
    }

    /// The proxyAddresses cell, split by the one rule (never inside an X.400/X.500 value).
    fn proxy_addresses(self) -> Vec<ProxyAddress<'a>> {
        let mut proxies = Vec::new();
        if let Some(joined) = self.get(ExportField::ProxyAddresses) {
            address::each_joined(joined, |value| proxies.push(ProxyAddress::parse(value)));
        }
        proxies
    }
}

/// Whether the columns name an object: a DN, sAMAccountName or UPN, or (a cloud export) an Id.
fn names_an_object(recognised: &[(String, ExportField)]) -> bool {
    recognised.iter().any(|(_, field)| {
        matches!(
            field,
            ExportField::DistinguishedName
                | ExportField::SamAccountName
                | ExportField::UserPrincipalName
                | ExportField::CloudId
        )
    })
}
