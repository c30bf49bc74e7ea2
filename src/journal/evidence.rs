//! What a journal's records prove, user by user (docs/model.md, *The journal*). The rules:
//!
//! - A write is a `before` (the value the user held, the value to write), then at most one
//!   `after` that agrees with it on both values; a second `after` only settles an `Unknown`.
//! - A restore is an `undo-before` for a user the run wrote (its values the write's, swapped),
//!   then at most one agreeing `undo-after`, a second only to settle an `Unknown`.
//! - A record that does not fit (an `after` without its `before`, values that disagree, a
//!   restore of a user the run never wrote, a second write of a user the run wrote) makes the
//!   journal inconsistent, named by its line: it is not evidence, and nothing acts on it.

use std::collections::HashMap;

use serde::Serialize;

use super::{Head, Journal, JournalError, Outcome, Phase, Record};

listed_enum! {
    /// How a user's write stands, as the records prove it.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
    pub enum WriteState {
        /// A `before` and nothing after it: the process stopped around the request.
        Pending,
        Set,
        Unknown,
        NotSet,
        Failed,
    }
}

listed_enum! {
    /// How the restore of a user's previous value stands.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
    pub enum UndoState {
        /// Never attempted.
        None,
        Pending,
        Restored,
        Unknown,
        NotSet,
        Failed,
    }
}

/// One user the journal names, and what the records prove of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserEvidence {
    pub user_id: String,
    pub user_principal_name: Option<String>,
    pub identity: Option<String>,
    /// What the user held before the write: what a restore puts back.
    pub previous_immutable_id: Option<String>,
    /// What the run wrote: a restore happens only while the user still holds it.
    pub immutable_id: String,
    pub write: WriteState,
    pub undo: UndoState,
    /// The line of the write's `before`.
    pub line: usize,
    /// What the callers act on, decided here once ([`UserEvidence::undoable`],
    /// [`UserEvidence::write_open`], [`UserEvidence::restore_open`]).
    pub undoable: bool,
    pub write_open: bool,
    pub restore_open: bool,
}

impl UserEvidence {
    /// Undo acts on this user: the run wrote it, or may have (the client never saw the outcome).
    pub fn undoable(&self) -> bool {
        matches!(
            self.write,
            WriteState::Set | WriteState::Unknown | WriteState::Pending
        )
    }

    /// `-Resume` settles this write first (re-reads it): its outcome was not seen, and no
    /// restore began.
    pub fn write_open(&self) -> bool {
        self.undo == UndoState::None
            && matches!(self.write, WriteState::Pending | WriteState::Unknown)
    }

    /// Undo settles this restore first: its outcome was not seen.
    pub fn restore_open(&self) -> bool {
        matches!(self.undo, UndoState::Pending | UndoState::Unknown)
    }

    fn decide(&mut self) {
        self.undoable = self.undoable();
        self.write_open = self.write_open();
        self.restore_open = self.restore_open();
    }

    /// A restore record must carry the write's values swapped: from what the run wrote back to
    /// what the user held.
    fn check_swapped(&self, record: &Record, line: usize) -> Result<(), JournalError> {
        if record.previous_immutable_id.as_deref() != Some(self.immutable_id.as_str())
            || record.immutable_id != self.previous_immutable_id
        {
            return Err(JournalError::Inconsistent {
                line,
                reason: format!(
                    "its values are not those of the write on line {} swapped",
                    self.line
                ),
            });
        }
        Ok(())
    }
}

/// Every user the run wrote or tried to write, in the order of their first record.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    pub head: Head,
    pub users: Vec<UserEvidence>,
    /// The last line was torn by a crash and left out.
    pub torn: bool,
}

impl Evidence {
    /// Applies the rules to a journal's records; the first record that breaks one is named.
    pub fn from_journal(journal: Journal) -> Result<Evidence, JournalError> {
        let mut users: Vec<UserEvidence> = Vec::new();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for (line, record) in &journal.records {
            let line = *line;
            let broken = |reason: String| JournalError::Inconsistent { line, reason };
            let user_id = match record.user_id.as_deref() {
                Some(id) if !id.is_empty() => id.to_ascii_lowercase(),
                _ => return Err(broken("a record without a userId".into())),
            };
            let Some(phase) = record.phase else {
                return Err(broken("a record without a phase".into()));
            };
            let known = by_id.get(&user_id).copied();
            match phase {
                Phase::Head => {
                    return Err(broken("a second head: one journal records one run".into()));
                }
                Phase::Before => {
                    let written = record
                        .immutable_id
                        .clone()
                        .filter(|value| !value.is_empty())
                        .ok_or_else(|| {
                            broken("a before record without the value to write".into())
                        })?;
                    if let Some(index) = known {
                        let user = &users[index];
                        if !matches!(user.write, WriteState::NotSet | WriteState::Failed) {
                            return Err(broken(format!(
                                "a second write of {} while its write of line {} is {:?}: a run writes a user once",
                                record.user_id.as_deref().unwrap_or(""),
                                user.line,
                                user.write
                            )));
                        }
                    }
                    let evidence = UserEvidence {
                        user_id: record.user_id.clone().unwrap_or_default(),
                        user_principal_name: record.user_principal_name.clone(),
                        identity: record.identity.clone(),
                        previous_immutable_id: record.previous_immutable_id.clone(),
                        immutable_id: written,
                        write: WriteState::Pending,
                        undo: UndoState::None,
                        line,
                        undoable: false,
                        write_open: false,
                        restore_open: false,
                    };
                    match known {
                        Some(index) => users[index] = evidence,
                        None => {
                            by_id.insert(user_id, users.len());
                            users.push(evidence);
                        }
                    }
                }
                Phase::After => {
                    let user = known
                        .map(|index| &mut users[index])
                        .ok_or_else(|| broken("an after record without its before".into()))?;
                    if !matches!(user.write, WriteState::Pending | WriteState::Unknown) {
                        return Err(broken(format!(
                            "an outcome for a write that line {} already ended as {:?}",
                            user.line, user.write
                        )));
                    }
                    agree(
                        record,
                        &user.previous_immutable_id,
                        &user.immutable_id,
                        line,
                        "before",
                        user.line,
                    )?;
                    if user.undo != UndoState::None {
                        return Err(broken("a write's outcome after its restore began".into()));
                    }
                    user.write = write_state(outcome(record, line)?);
                }
                Phase::UndoBefore => {
                    let user = known
                        .map(|index| &mut users[index])
                        .ok_or_else(|| broken("a restore of a user the run never wrote".into()))?;
                    if !user.undoable() {
                        return Err(broken(format!(
                            "a restore of a write that line {} proves did not happen ({:?})",
                            user.line, user.write
                        )));
                    }
                    if matches!(
                        user.undo,
                        UndoState::Pending | UndoState::Unknown | UndoState::Restored
                    ) {
                        return Err(broken(format!(
                            "a second restore while the first is {:?}",
                            user.undo
                        )));
                    }
                    user.check_swapped(record, line)?;
                    user.undo = UndoState::Pending;
                }
                Phase::UndoAfter => {
                    let user = known.map(|index| &mut users[index]).ok_or_else(|| {
                        broken("a restore's outcome for a user the run never wrote".into())
                    })?;
                    if !matches!(user.undo, UndoState::Pending | UndoState::Unknown) {
                        return Err(broken("a restore's outcome without its undo-before".into()));
                    }
                    user.check_swapped(record, line)?;
                    user.undo = undo_state(outcome(record, line)?);
                }
            }
        }
        users.iter_mut().for_each(UserEvidence::decide);
        Ok(Evidence {
            head: journal.head,
            users,
            torn: journal.torn,
        })
    }
}

fn agree(
    record: &Record,
    previous: &Option<String>,
    written: &str,
    line: usize,
    what: &str,
    other: usize,
) -> Result<(), JournalError> {
    if record.previous_immutable_id != *previous || record.immutable_id.as_deref() != Some(written)
    {
        return Err(JournalError::Inconsistent {
            line,
            reason: format!("its values disagree with the {what} record on line {other}"),
        });
    }
    Ok(())
}

fn outcome(record: &Record, line: usize) -> Result<Outcome, JournalError> {
    record.outcome.ok_or(JournalError::Inconsistent {
        line,
        reason: "an outcome record without its outcome".into(),
    })
}

fn write_state(outcome: Outcome) -> WriteState {
    match outcome {
        Outcome::Set => WriteState::Set,
        Outcome::NotSet => WriteState::NotSet,
        Outcome::Unknown => WriteState::Unknown,
        Outcome::Failed => WriteState::Failed,
    }
}

fn undo_state(outcome: Outcome) -> UndoState {
    match outcome {
        Outcome::Set => UndoState::Restored,
        Outcome::NotSet => UndoState::NotSet,
        Outcome::Unknown => UndoState::Unknown,
        Outcome::Failed => UndoState::Failed,
    }
}
