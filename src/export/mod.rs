//! Directory exports read by the core: a whole CSV file (as Export-Csv writes it in Windows
//! PowerShell 5.1 and PowerShell 7) decoded once, its columns recognised by name, its rows kept as
//! spans of one text, so a million rows cost their bytes and no object each (docs/model.md,
//! *Input*). Multi-valued cells are split by the one rule the module uses everywhere
//! (`address::split_joined`: `;`, never inside an X.400/X.500 value).
//!
//! Here: the export and its rows; `decode` (the file's encoding). It imports the core's `model`,
//! `address`, `anchor` and the matching model's cloud user (a cloud export's rows).

pub mod decode;
mod json;
#[cfg(test)]
mod tests;

use std::ops::Range;

use serde::Serialize;
use thiserror::Error;

use crate::address::{self, ProxyAddress};
use crate::anchor::{AnchorInput, AnchorValue};
use crate::matching::CloudUser;
use crate::model::DirectoryObject;
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
}

/// What a reader should know about a file it could read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportWarning {
    pub code: &'static str,
    pub message: String,
}

/// One row: where each field's text lies in the export's text, and the file line it starts on.
#[derive(Clone, Debug)]
struct Row {
    line: u64,
    cells: [Option<(u32, u32)>; FIELD_COUNT],
}

/// A directory export read whole: its recognised columns, the ones it ignored, its rows.
#[derive(Debug)]
pub struct DirectoryExport {
    text: String,
    rows: Vec<Row>,
    pub recognised: Vec<(String, ExportField)>,
    pub ignored: Vec<String>,
    pub encoding: FileEncoding,
    pub warnings: Vec<ExportWarning>,
}

impl DirectoryExport {
    /// Reads a whole export's bytes: JSON when its text starts with `[` or `{`, CSV otherwise.
    pub fn read(bytes: &[u8]) -> Result<Self, ExportError> {
        let decoded = decode::decode(bytes);
        if decoded.text.trim_start().starts_with(['[', '{']) {
            return Self::from_json(decoded);
        }
        Self::from_csv(bytes)
    }

    /// Reads JSON as ConvertTo-Json writes Get-MgUser or Get-ADUser output, or a Graph page.
    fn from_json(decoded: decode::Decoded) -> Result<Self, ExportError> {
        let json::Collected {
            rows: elements,
            names: recognised,
        } = json::elements(&decoded.text)
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
        let rows = elements
            .into_iter()
            .enumerate()
            .map(|(number, cells)| {
                let mut spans = [None; FIELD_COUNT];
                for (field, cell) in cells.into_iter().enumerate() {
                    if let Some(cell) = cell.filter(|cell| !cell.is_empty()) {
                        let start = text.len() as u32;
                        text.push_str(&cell);
                        spans[field] = Some((start, text.len() as u32));
                    }
                }
                // A JSON file has no row lines: the element's number stands in.
                Row {
                    line: number as u64 + 1,
                    cells: spans,
                }
            })
            .collect();
        let export = DirectoryExport {
            text,
            rows,
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
        let decoded = decode::decode(bytes);
        let body = skip_type_line(&decoded.text);
        if body.trim().is_empty() {
            return Err(ExportError::Empty);
        }
        if let Some(line) = unterminated_quote(body) {
            return Err(ExportError::Truncated { line });
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(body.as_bytes());
        let mut records = reader.records();
        let header = match records.next() {
            Some(Ok(header)) => header,
            Some(Err(error)) => return Err(malformed(&error)),
            None => return Err(ExportError::Empty),
        };
        let mut columns: Vec<Option<ExportField>> = Vec::with_capacity(header.len());
        let mut recognised = Vec::new();
        let mut ignored = Vec::new();
        for name in header.iter() {
            let field =
                ExportField::named(name.trim()).filter(|field| !columns.contains(&Some(*field)));
            match field {
                Some(field) => recognised.push((name.trim().to_owned(), field)),
                None => ignored.push(name.trim().to_owned()),
            }
            columns.push(field);
        }
        if !names_an_object(&recognised) {
            return Err(ExportError::MissingColumn {
                found: header.iter().collect::<Vec<_>>().join(", "),
            });
        }
        let type_line = u64::from(body.len() != decoded.text.len());
        let mut text = String::with_capacity(body.len());
        let mut rows = Vec::new();
        // Lines counted here: with CRLF the reader's own count lags one line (it stops at the CR).
        let (mut counted_to, mut newlines) = (0usize, 0u64);
        for record in records {
            let record = record.map_err(|error| malformed(&error))?;
            let start = record
                .position()
                .map_or(0, |position| position.byte() as usize);
            let upto = (start + 1).min(body.len());
            newlines += count_newlines(&body.as_bytes()[counted_to.min(upto)..upto]);
            counted_to = counted_to.max(upto);
            let line = 1 + newlines + type_line;
            let mut cells = [None; FIELD_COUNT];
            for (value, field) in record.iter().zip(&columns) {
                if let Some(field) = field
                    && !value.is_empty()
                {
                    let start = text.len() as u32;
                    text.push_str(value);
                    cells[*field as usize] = Some((start, text.len() as u32));
                }
            }
            rows.push(Row { line, cells });
        }
        let mut export = DirectoryExport {
            text,
            rows,
            recognised,
            ignored,
            encoding: decoded.encoding,
            warnings: Vec::new(),
        };
        export.refuse_type_name_columns()?;
        export.warn_about_lost_letters(bytes);
        Ok(export)
    }

    pub fn row_count(&self) -> usize {
        self.rows.len()
    }

    /// The file line row `row` starts on (1-based, the header and a `#TYPE` line counted).
    pub fn line(&self, row: usize) -> u64 {
        self.rows[row].line
    }

    fn cell(&self, row: &Row, field: ExportField) -> Option<&str> {
        row.cells[field as usize].map(|(start, end)| &self.text[start as usize..end as usize])
    }

    fn cell_range(&self, row: &Row, field: ExportField) -> Option<Range<usize>> {
        row.cells[field as usize].map(|(start, end)| start as usize..end as usize)
    }

    /// A row's proxyAddresses cell, split by the one rule (never inside an X.400/X.500 value).
    fn proxy_addresses(&self, row: &Row) -> Vec<ProxyAddress<'_>> {
        self.cell(row, ExportField::ProxyAddresses)
            .map(|joined| {
                address::split_joined(joined)
                    .into_iter()
                    .map(ProxyAddress::parse)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Row `row` as the rules see it, with its anchor attributes and its SID.
    pub fn object(&self, row: usize) -> (DirectoryObject<'_>, AnchorInput<'_>, Option<&str>) {
        let row = &self.rows[row];
        let cell = |field| self.cell(row, field);
        let object = DirectoryObject {
            distinguished_name: cell(ExportField::DistinguishedName),
            object_class: cell(ExportField::ObjectClass),
            sam_account_name: cell(ExportField::SamAccountName),
            user_principal_name: cell(ExportField::UserPrincipalName),
            mail: cell(ExportField::Mail),
            mail_nickname: cell(ExportField::MailNickname),
            proxy_addresses: self.proxy_addresses(row),
            target_address: cell(ExportField::TargetAddress),
            display_name: cell(ExportField::DisplayName),
            given_name: cell(ExportField::GivenName),
            surname: cell(ExportField::Surname),
            // A CSV cell is text; the default rules test presence, and an empty cell is absent.
            is_critical_system_object: cell(ExportField::IsCriticalSystemObject)
                .is_some_and(|value| !value.trim().is_empty()),
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
        let row = &self.rows[row];
        let cell = |field| self.cell(row, field);
        let flag = |field| {
            cell(field).map(str::trim).and_then(|value| {
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
            proxy_addresses: self.proxy_addresses(row),
            immutable_id: cell(ExportField::ImmutableId),
            sync_enabled: flag(ExportField::SyncEnabled),
            last_dir_sync: cell(ExportField::LastDirSync)
                .is_some_and(|value| !value.trim().is_empty()),
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
            let mut cells = self
                .rows
                .iter()
                .filter_map(|row| self.cell_range(row, *field))
                .map(|range| &self.text[range]);
            if let Some(first) = cells.next()
                && crate::anchor::is_type_name(first.trim())
                && self.rows.len() > 1
                && cells.all(|cell| crate::anchor::is_type_name(cell.trim()))
            {
                return Err(ExportError::TypeNameColumn {
                    column: name.clone(),
                    value: first.trim().to_owned(),
                });
            }
        }
        Ok(())
    }

    /// Windows PowerShell 5.1's Export-Csv writes ASCII by default: every letter outside ASCII is
    /// already `?` in the file. An ASCII file without a BOM with `?` in a name says so.
    fn warn_about_lost_letters(&mut self, bytes: &[u8]) {
        if self.encoding != FileEncoding::Utf8 || !bytes.is_ascii() {
            return;
        }
        let names = [
            ExportField::DisplayName,
            ExportField::GivenName,
            ExportField::Surname,
            ExportField::DistinguishedName,
        ];
        let lost = self.rows.iter().find(|row| {
            names
                .iter()
                .filter_map(|field| self.cell(row, *field))
                .any(|value| value.contains('?'))
        });
        if let Some(row) = lost {
            self.warnings.push(ExportWarning {
                code: "AsciiExport",
                message: format!(
                    "line {} has '?' in a name, and the file is plain ASCII: Windows PowerShell 5.1's Export-Csv writes ASCII by default, which replaces every letter outside ASCII with '?' (José becomes Jos?), so those values are already lost. Export again with Export-Csv -Encoding UTF8.",
                    row.line
                ),
            });
        }
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

/// The text after a `#TYPE …` first line (Export-Csv without -NoTypeInformation).
fn skip_type_line(text: &str) -> &str {
    if text.starts_with("#TYPE") {
        text.split_once('\n').map_or("", |(_, rest)| rest)
    } else {
        text
    }
}

/// The line where a quoted field opens and never closes, if one does: an odd count of quotes
/// (an escaped quote is two) means the file was cut inside a field.
fn unterminated_quote(text: &str) -> Option<u64> {
    let mut open: Option<u64> = None;
    let mut line = 1u64;
    for byte in text.bytes() {
        match byte {
            b'"' => open = if open.is_some() { None } else { Some(line) },
            b'\n' => line += 1,
            _ => {}
        }
    }
    open
}

fn count_newlines(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&byte| byte == b'\n').count() as u64
}

fn malformed(error: &csv::Error) -> ExportError {
    ExportError::Malformed {
        line: error.position().map_or(0, |position| position.line()),
        reason: error.to_string(),
    }
}
