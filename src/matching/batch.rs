//! Many on-premises users at once. Each user's decision is first drafted from the cloud index
//! alone, which only reads the prediction, so drafts are made on every core; then, in input
//! order, each draft is settled against the on-premises users before it (docs/model.md,
//! *On-premises collisions*), which depends on that order.

use super::arena::TextArena;
use super::decision::{Decision, Draft};
use super::*;

use std::sync::OnceLock;

/// Drafts of consecutive users, their texts in an arena of their own until they are settled.
#[derive(Debug, Default)]
pub struct Drafts {
    text: TextArena,
    items: Vec<Draft>,
}

/// Below this many users a thread, drafting stays on the calling thread: starting a thread costs
/// about as much as drafting a few hundred users.
const USERS_PER_THREAD: usize = 1024;

fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |cores| cores.get()))
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
            holds_values: false,
            mail: None,
            primary: None,
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
        let threads = cores().min(items.len() / USERS_PER_THREAD);
        self.add_many_in(items, threads, draft_one);
    }

    /// [`Prediction::add_many`] on `threads` threads (at most one an item; 0 or 1: this one).
    pub(super) fn add_many_in<T: Sync>(
        &mut self,
        items: &[T],
        threads: usize,
        draft_one: impl Fn(&Prediction, &T, &mut Drafts) + Sync,
    ) {
        let threads = threads.min(items.len()).max(1);
        let draft_all = |items: &[T]| {
            let mut drafts = Drafts {
                text: TextArena::default(),
                items: Vec::with_capacity(items.len()),
            };
            for item in items {
                draft_one(self, item, &mut drafts);
            }
            drafts
        };
        let parts: Vec<Drafts> = if threads == 1 {
            vec![draft_all(items)]
        } else {
            std::thread::scope(|scope| {
                let draft_all = &draft_all;
                let running: Vec<_> = items
                    .chunks(items.len().div_ceil(threads))
                    .map(|part| scope.spawn(move || draft_all(part)))
                    .collect();
                running
                    .into_iter()
                    .map(|thread| {
                        thread
                            .join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                    })
                    .collect()
            })
        };
        for part in parts {
            self.settle(part);
        }
    }

    /// Settles drafts in their order: their texts join the prediction's, then each meets the
    /// on-premises users before it.
    pub(super) fn settle(&mut self, drafts: Drafts) {
        let offset = self.text.append(drafts.text);
        for mut draft in drafts.items {
            draft.shift(offset);
            let told = if draft.holds_values {
                self.settle_on_prem(&mut draft)
            } else {
                Vec::new()
            };
            let position = self.decisions.len() as u32;
            self.decisions.push(draft.decision);
            // Each earlier user this one collides with is told too, naming this one (bounded).
            for (earlier, value) in told {
                self.tell_earlier(earlier, position, value);
            }
        }
    }
}
