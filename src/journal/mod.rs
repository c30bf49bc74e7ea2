//! A hard-match run's journal, read as evidence (docs/model.md, *The journal*): what the run wrote,
//! to whom, what each user held before, and how each write ended. Never instructions: Undo and
//! `-Resume` act only on what the records prove the run did, and only where the records agree.
//!
//! The file is JSON Lines: a head (the run: plan digest, tenant, time, the key that seals it),
//! then per write a `before` (flushed before the request), an `after` (its outcome), and per
//! restore an `undo-before` and an `undo-after`. Every line carries a MAC chained through the
//! file; the module checks the chain (with .NET's HMAC-SHA-256) before the text reaches
//! [`read`], which checks the structure and the agreement of the records. Here: the records and
//! the reader; `evidence` (what each user's records prove).

mod evidence;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use evidence::{Evidence, UndoState, UserEvidence, WriteState};

/// The head's `format`: the only one this reader accepts.
pub const FORMAT: &str = "SyncMatch.HardMatchJournal/2";

/// No journal line is longer (a record is a few hundred bytes): a longer one is not a record.
pub const MAX_LINE: usize = 64 * 1024;

listed_enum! {
    /// What a record is.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Phase {
        #[serde(rename = "head")]
        Head,
        #[serde(rename = "before")]
        Before,
        #[serde(rename = "after")]
        After,
        #[serde(rename = "undo-before")]
        UndoBefore,
        #[serde(rename = "undo-after")]
        UndoAfter,
    }
}

listed_enum! {
    /// How a write (or a restore) ended, as far as the client saw.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum Outcome {
        /// Written and read back.
        Set,
        /// Not written: the value read back is the one before (a settled Unknown), or the request
        /// was refused before it was applied (a 429 that never let it through).
        NotSet,
        /// Sent, but the client did not see it applied: a timeout, a 5xx, a read-back that does
        /// not show it yet. A re-read settles it.
        Unknown,
        /// A definite refusal (a 4xx).
        Failed,
    }
}

/// One line, as written (fields a phase does not use are absent).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    pub phase: Option<Phase>,
    // The head's.
    pub format: Option<String>,
    pub run: Option<String>,
    pub tenant_id: Option<String>,
    pub plan_digest: Option<String>,
    pub items: Option<u64>,
    pub key_id: Option<String>,
    // A write's or a restore's.
    pub user_id: Option<String>,
    pub user_principal_name: Option<String>,
    pub identity: Option<String>,
    pub previous_immutable_id: Option<String>,
    pub immutable_id: Option<String>,
    pub outcome: Option<Outcome>,
    pub code: Option<String>,
    pub message: Option<String>,
    pub time: Option<String>,
    /// The seal, checked by the module before the text comes here.
    pub mac: Option<String>,
}

/// The run, as its head records it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Head {
    pub run: String,
    pub tenant_id: String,
    pub plan_digest: String,
    pub items: u64,
    pub key_id: String,
    pub time: String,
}

/// Why a file is not a journal this reader can take as evidence. Lines count from 1.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum JournalError {
    #[error("the file is empty: a journal starts with its head line")]
    Empty,
    #[error("it is not a SyncMatch hard-match journal: {reason}")]
    NotAJournal { reason: String },
    #[error("line {line} is corrupt: {reason}")]
    Corrupt { line: usize, reason: String },
    #[error("line {line} contradicts the records before it: {reason}")]
    Inconsistent { line: usize, reason: String },
}

/// A journal read whole: its head, its records (with their line numbers), and whether the last
/// line was torn by a crash mid-write (and left out).
#[derive(Clone, Debug)]
pub struct Journal {
    pub head: Head,
    pub records: Vec<(usize, Record)>,
    pub torn: bool,
}

/// Reads a journal's text. Only the last line may be unreadable (a crash tore it, and nothing
/// after it was written); any other unreadable line is corruption, named by its number.
pub fn read(text: &[u8]) -> Result<Journal, JournalError> {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    let ends_complete = text.ends_with(b"\n");
    let lines: Vec<&[u8]> = text
        .split(|&byte| byte == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .collect();
    // split leaves one empty piece after the final newline.
    let count = if ends_complete {
        lines.len() - 1
    } else {
        lines.len()
    };
    if count == 0 || (count == 1 && lines[0].iter().all(u8::is_ascii_whitespace)) {
        return Err(JournalError::Empty);
    }
    let mut head: Option<Head> = None;
    let mut records = Vec::new();
    let mut torn = false;
    for (index, line) in lines[..count].iter().enumerate() {
        let number = index + 1;
        let last_torn = number == count && !ends_complete;
        let record = match parse_line(line) {
            Ok(record) => record,
            Err(_) if last_torn && number > 1 => {
                torn = true;
                break;
            }
            Err(reason) if number == 1 => return Err(JournalError::NotAJournal { reason }),
            Err(reason) => {
                return Err(JournalError::Corrupt {
                    line: number,
                    reason,
                });
            }
        };
        if number == 1 {
            head = Some(read_head(&record)?);
            continue;
        }
        if record.phase == Some(Phase::Head) {
            return Err(JournalError::Inconsistent {
                line: number,
                reason: "a second head: one journal records one run".into(),
            });
        }
        records.push((number, record));
    }
    let head = head.ok_or(JournalError::Empty)?;
    Ok(Journal {
        head,
        records,
        torn,
    })
}

fn parse_line(line: &[u8]) -> Result<Record, String> {
    if line.len() > MAX_LINE {
        return Err(format!(
            "{} bytes, past the {MAX_LINE} a record can take",
            line.len()
        ));
    }
    let record: Record =
        serde_json::from_slice(line).map_err(|error| format!("not a JSON record ({error})"))?;
    if record.phase.is_none() {
        return Err("a JSON line without a phase".into());
    }
    Ok(record)
}

fn read_head(record: &Record) -> Result<Head, JournalError> {
    let not = |reason: &str| JournalError::NotAJournal {
        reason: reason.to_string(),
    };
    if record.phase != Some(Phase::Head) {
        return Err(not(
            "its first line is not a journal head (a journal written before SyncMatch sealed its journals has none: it cannot be checked, so it is not used)",
        ));
    }
    match record.format.as_deref() {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(not(&format!(
                "its format is {other}, and this SyncMatch reads {FORMAT}"
            )));
        }
        None => return Err(not("its head names no format")),
    }
    let field = |value: &Option<String>, name: &str| match value {
        Some(text) if !text.is_empty() => Ok(text.clone()),
        _ => Err(JournalError::Corrupt {
            line: 1,
            reason: format!("the head has no {name}"),
        }),
    };
    Ok(Head {
        run: field(&record.run, "run")?,
        tenant_id: field(&record.tenant_id, "tenantId")?,
        plan_digest: field(&record.plan_digest, "planDigest")?,
        items: record.items.unwrap_or(0),
        key_id: field(&record.key_id, "keyId")?,
        time: record.time.clone().unwrap_or_default(),
    })
}
