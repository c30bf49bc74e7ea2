//! Many on-premises users at once. Each user's decision is first drafted from the cloud index
//! alone, which only reads the prediction, so drafts are made on every core; then, in input
//! order, each draft is settled against the on-premises users before it (docs/model.md,
//! *On-premises collisions*), which depends on that order.

use super::arena::TextArena;
use super::decision::{Decision, Draft};
use super::held::Pending;
use super::*;
use crate::parallel::{Guard, each_run, threads_for};
use crate::rules;
use crate::schema::{self, Field, InputError, Row, RowFailure, Rows, cloud_row};
use std::borrow::Cow;
use std::sync::Mutex;

/// Drafts of consecutive users, their texts in an arena of their own until they are settled.
/// Under the SID forest join the users are held instead, in `pending` (`held.rs`).
#[derive(Debug, Default)]
pub struct Drafts {
    pub(super) text: TextArena,
    items: Vec<Draft>,
    holding: bool,
    pending: Vec<Pending>,
}

impl Drafts {
    /// Drafts whose users are held until `finish` when `holding` (the SID forest join).
    pub(super) fn new(holding: bool, capacity: usize) -> Self {
        Drafts {
            items: Vec::with_capacity(if holding { 0 } else { capacity }),
            pending: Vec::with_capacity(if holding { capacity } else { 0 }),
            holding,
            ..Drafts::default()
        }
    }

    pub(super) fn push(&mut self, draft: Draft) {
        self.items.push(draft);
    }

    /// Keeps the place, in input order, of a user that could not be read or predicted: its
    /// result is an error with `message`.
    pub fn push_failed(&mut self, identity: Option<&str>, kind: FailureKind, message: String) {
        if self.holding {
            self.pending.push(Pending::Failed {
                identity: identity.map(str::to_owned),
                kind,
                message,
            });
            return;
        }
        let mut decision = Decision {
            identity: self.text.push_present(identity),
            user_principal_name: None,
            immutable_id: None,
            predicted_upn: None,
            kind: ObjectType::User,
            match_type: MatchType::None,
            outcome: Outcome::Error,
            reason: Reason::InvalidInput,
            cloud: None,
            rare: None,
        };
        decision.rare().failure = Some((kind, message));
        self.items.push(Draft::settled(decision));
    }
}

impl Prediction {
    /// Drafts `user`'s decision into `drafts` (one draft, pushed only once complete, so a panic
    /// inside leaves `drafts` as it was). Reads the prediction only.
    pub fn draft(&self, user: &OnPremUser<'_>, drafts: &mut Drafts) {
        if drafts.holding {
            drafts
                .pending
                .push(Pending::Held(Box::new(self.held(user))));
            return;
        }
        let draft = self.draft_in(user, &mut drafts.text);
        drafts.items.push(draft);
    }

    /// Predicts `items`, in input order: `draft_one` drafts each (one draft or one failure per
    /// item, see [`Prediction::draft`] and [`Drafts::push_failed`]), on every core when there are
    /// enough of them; then the drafts are settled in order.
    pub fn add_many<T: Sync>(
        &mut self,
        items: &[T],
        draft_one: impl Fn(&Prediction, &T, &mut Drafts) + Sync,
    ) {
        self.add_many_in(items, threads_for(items.len()), draft_one);
    }

    /// [`Prediction::add_many`] on `threads` threads (at most one an item; 0 or 1: this one).
    pub(super) fn add_many_in<T: Sync>(
        &mut self,
        items: &[T],
        threads: usize,
        draft_one: impl Fn(&Prediction, &T, &mut Drafts) + Sync,
    ) {
        let holding = self.holds_users();
        let parts = each_run(items, threads, |run| {
            let mut drafts = Drafts::new(holding, run.len());
            for item in run {
                draft_one(self, item, &mut drafts);
            }
            drafts
        });
        for part in parts {
            self.settle(part);
        }
    }

    /// Predicts `rows` (objects from the module, or an export's rows) as on-premises users, in
    /// order, on every core, each row read, projected and drafted inside `guard`. Every row keeps
    /// its place: one that cannot be predicted gets an error result (InvalidInput), and is also
    /// named in the failures returned (with one whose anchor cannot be read) so the caller writes
    /// its error record; a row the caller refused (a `Refusal` cell: its record is written)
    /// keeps its place without a failure.
    pub fn add_user_rows(&mut self, rows: &impl Rows, guard: &impl Guard) -> Vec<RowFailure> {
        let holding = self.holds_users();
        let first = if holding {
            self.pending.len()
        } else {
            self.decisions.len()
        };
        let indices: Vec<usize> = (0..rows.count()).collect();
        let setting = self.settings.anchor;
        self.add_many(&indices, |prediction, &index, drafts| {
            let outcome = guard.run(|| {
                let row = rows.row(index).map_err(|error| (None, error))?;
                if let Some(message) = row.text(Field::Refusal) {
                    drafts.push_failed(
                        row.text(Field::ResultIdentity),
                        FailureKind::Rejected,
                        message.to_owned(),
                    );
                    return Ok(());
                }
                let mut user = schema::on_prem_user(&row, setting);
                prediction
                    .settings
                    .deployment
                    .sign_in(&row, &mut user.object);
                if let Some(message) = rules::type_name_problem(&user.object) {
                    let identity = user.object.identity().to_owned();
                    return Err((Some(identity), InputError::TypeName(message)));
                }
                prediction.draft(&user, drafts);
                Ok(())
            });
            let (identity, error) = match outcome {
                Ok(Ok(())) => return,
                Ok(Err(failed)) => failed,
                Err(message) => (None, InputError::Panic(message)),
            };
            let kind = match error {
                InputError::TypeName(_) => FailureKind::TypeName,
                InputError::Panic(_) => FailureKind::Panic,
                _ => FailureKind::Unreadable,
            };
            // The result says why in the same words whatever the input was (its error record,
            // from the failures returned, names the file and line of an export's row).
            drafts.push_failed(identity.as_deref(), kind, error.to_string());
        });
        if holding {
            return self
                .held_failures(first)
                .into_iter()
                .map(|(index, error)| RowFailure::new(rows, index, error))
                .collect();
        }
        self.failures_since(first, rows)
    }

    /// The rows predicted from decision `first` on that the caller must write an error record
    /// for: a failure other than a refusal, or an anchor that could not be read.
    fn failures_since(&self, first: usize, rows: &impl Rows) -> Vec<RowFailure> {
        let mut failures = Vec::new();
        for (index, decision) in self.decisions[first..].iter().enumerate() {
            let Some(rare) = decision.rare.as_deref() else {
                continue;
            };
            let error = match (&rare.failure, &rare.error) {
                (Some((FailureKind::Rejected, _)), _) => continue,
                (Some((kind, message)), _) => match kind {
                    FailureKind::TypeName => InputError::TypeName(message.clone()),
                    FailureKind::Panic => InputError::Panic(message.clone()),
                    _ => InputError::Unreadable(message.clone()),
                },
                (None, Some(error)) => InputError::Anchor(error.clone()),
                (None, None) => continue,
            };
            failures.push(RowFailure::new(rows, index, error));
        }
        failures
    }

    /// Adds `rows` as cloud objects to match against (soft-deleted ones when `deleted`), in order,
    /// on every core. A row that cannot be read, or has no Id, is left out and named in the
    /// failures returned.
    pub fn add_cloud_rows(&mut self, rows: &impl Rows, deleted: bool) -> Vec<RowFailure> {
        // Each row is checked where it is read, on every core; the few failures are put back in
        // order after.
        let failures = Mutex::new(Vec::new());
        // No reserve here: a caller adding in chunks reserves for them all once
        // (`reserve_cloud`); one here would grow the tables again at the last chunks.
        let indices: Vec<usize> = (0..rows.count()).collect();
        self.add_clouds_from(&indices, |&index| match cloud_row(rows, index) {
            Ok(row) => Some(Cow::Owned(schema::cloud_user(&row, deleted))),
            Err(failure) => {
                failures
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .push(failure);
                None
            }
        });
        let mut failures = failures
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        failures.sort_unstable_by_key(|failure| failure.index);
        failures
    }

    /// Makes room for `count` more on-premises users at once (an export's rows), instead of
    /// growing by doubling as each chunk arrives.
    pub fn reserve_users(&mut self, count: usize) {
        self.decisions.reserve(count);
        self.reserve_on_prem(count);
    }

    /// Settles drafts in their order: their texts join the prediction's, then each meets the
    /// on-premises users before it.
    pub(super) fn settle(&mut self, drafts: Drafts) {
        if drafts.holding {
            self.pending.extend(drafts.pending);
            return;
        }
        let offset = self.text.append(drafts.text);
        self.reserve_users(drafts.items.len());
        for mut draft in drafts.items {
            draft.shift(offset);
            let told = self.settle_on_prem(&mut draft);
            let position = self.decisions.len() as u32;
            self.decisions.push(draft.decision);
            // Each earlier user this one collides with is told too, naming this one (bounded).
            for (earlier, value) in told {
                self.tell_earlier(earlier, position, value);
            }
        }
    }
}
