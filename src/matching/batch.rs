//! Many on-premises users at once. Each user's decision is first drafted from the cloud index
//! alone, which only reads the prediction, so drafts are made on every core; then, in input
//! order, each draft is settled against the on-premises users before it (docs/model.md,
//! *On-premises collisions*), which depends on that order.

use super::arena::TextArena;
use super::decision::{Decision, Draft};
use super::*;
use crate::parallel::{each_run, threads_for};

/// Drafts of consecutive users, their texts in an arena of their own until they are settled.
#[derive(Debug, Default)]
pub struct Drafts {
    text: TextArena,
    items: Vec<Draft>,
}

impl Drafts {
    /// Keeps the place, in input order, of a user that could not be read or predicted: its
    /// result is an error with `message`.
    pub fn push_failed(&mut self, identity: Option<&str>, kind: FailureKind, message: String) {
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
        self.items.push(Draft {
            decision,
            collisions: [None; 3],
        });
    }
}

impl Prediction {
    /// Drafts `user`'s decision into `drafts` (one draft, pushed only once complete, so a panic
    /// inside leaves `drafts` as it was). Reads the prediction only.
    pub fn draft(&self, user: &OnPremUser<'_>, drafts: &mut Drafts) {
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
        let parts = each_run(items, threads, |run| {
            let mut drafts = Drafts {
                text: TextArena::default(),
                items: Vec::with_capacity(run.len()),
            };
            for item in run {
                draft_one(self, item, &mut drafts);
            }
            drafts
        });
        for part in parts {
            self.settle(part);
        }
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
