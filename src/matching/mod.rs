//! Match prediction: which cloud user each on-premises user will land on when Entra Connect
//! exports it for the first time, and every way that goes wrong (docs/model.md, *Matching order*).
//!
//! The model, in order: a hard match on the immutableId; else a soft match on the on-premises
//! primary SMTP address against cloud primary SMTP addresses (model assumption, case-insensitive);
//! else, with SoftMatchOnUpn, on a UPN whose suffix reaches the cloud; else a new cloud user.
//! Then the target must be free: a user, not already anchored or synchronized, holding no admin
//! role, under the tenant's switches. Addresses are compared through `address::comparison_key`,
//! the same key the readiness check uses.
//!
//! Here: the public model and the `Prediction`; `index` (cloud lookups), `decision` (the matching
//! order, outcomes, warnings), `batch` (many users drafted on every core, settled in order),
//! `wording` (Detail sentences), `arena` (texts kept once). It imports
//! the core's `model`, `address`, `anchor` and `rules`. docs/model.md states the model with its
//! sources.

mod arena;
mod batch;
mod decision;
mod held;
mod index;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_fidelity;
#[cfg(test)]
mod tests_forests;
mod wording;

use arena::TextArena;
pub use batch::Drafts;
use decision::Decision;
use index::{CloudRecord, CloudTables, OnPremEntry};

use std::collections::{HashMap, HashSet};

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use serde::Serialize;

use crate::address::comparison_key;
use crate::anchor::AnchorError;
use crate::deployment::Deployment;
pub use crate::model::ObjectType;
use crate::model::{AnchorSetting, CloudUser, OnPremUser, Tenant};

/// No on-premises user joins this cloud user (in `Prediction::first_joiner`).
const NO_JOINER: u32 = u32::MAX;

/// Ids or UPNs of privileged role holders as their comparison keys, blanks dropped.
pub(crate) fn privileged_keys(entries: &[String]) -> HashSet<String, FxBuildHasher> {
    entries
        .iter()
        .map(|entry| comparison_key(entry).into_owned())
        .filter(|entry| !entry.is_empty())
        .collect()
}

/// The tenant's switches and facts.
#[derive(Clone, Debug)]
pub struct Settings {
    pub tenant: Tenant,
    /// SoftMatchOnUpn: on for tenants that began syncing on or after 30 March 2016.
    pub soft_match_on_upn: bool,
    /// BlockSoftMatchEnabled.
    pub block_soft_match: bool,
    /// BlockCloudObjectTakeoverThroughHardMatchEnabled.
    pub block_hard_match_takeover: bool,
    /// Ids or UPNs of cloud users holding admin roles (compared without case).
    pub privileged: Vec<String>,
    pub anchor: AnchorSetting,
    /// SynchronizeUpnForManagedUsersEnabled is known to be off: synchronization does not change
    /// a licensed, managed user's UPN.
    pub upn_updates_blocked: bool,
    /// The sync engine and the configured scope.
    pub deployment: Deployment,
}

listed_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
    pub enum MatchType {
        Hard,
        SoftSmtp,
        SoftUpn,
        None,
    }
}

listed_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
    pub enum Outcome {
        Join,
        Create,
        Duplicate,
        Error,
        Skipped,
        CloudOnly,
        /// The anchor is a soft-deleted cloud user's: the first export restores it.
        Restore,
    }
}

listed_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
    pub enum Reason {
        HardMatch,
        SoftMatchSmtp,
        SoftMatchUpn,
        NoMatch,
        TargetAnchored,
        AdminRoleConflict,
        SoftMatchBlocked,
        HardMatchBlocked,
        ObjectTypeMismatch,
        SecurityIdentifierConflict,
        DuplicateOnPremises,
        OutOfScope,
        RestoresDeletedUser,
        GroupAddressConflict,
        /// The input could not be predicted: its error record says why.
        InvalidInput,
        /// Another on-premises object has the same source anchor.
        DuplicateAnchor,
        /// The hard-match target's onPremisesObjectIdentifier is set: blocked since July 2026.
        ObjectIdentifierSet,
        /// A contact with a user's address (GALSync): it joins that user in the metaverse.
        ContactJoinsUser,
        /// The deployment joins users across forests, and an earlier user has this one's join
        /// value: the two are one person, synchronized as that user.
        JoinsPerson,
    }
}

listed_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
    pub enum WarningCode {
        UnverifiedUpnSuffix,
        UpnConflict,
        AddressConflict,
        PossibleDuplicate,
        InvalidUpn,
        UpnFromSamAccountName,
        OnPremisesConflict,
        /// Under the ConsistencyGuid setting, mS-DS-ConsistencyGuid is empty: Entra Connect writes
        /// the objectGUID into it before the first export.
        ConsistencyGuidWrittenBack,
        /// SynchronizeUpnForManagedUsers is off: the joined cloud user keeps its UPN.
        UpnNotSynchronized,
        /// A custom source anchor's value repeats a name attribute (Design concepts: a source
        /// anchor should not be based on the user's name).
        AnchorFromName,
        /// Under Cloud Sync, a group with more than 50,000 members (Cloud Sync FAQ).
        GroupOverCloudSyncLimit,
        /// Later users join this one across forests (the deployment's forest join): one person.
        JoinedAcrossForests,
    }
}

/// A finished result, as it crosses to PowerShell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchResult {
    pub identity: String,
    pub user_principal_name: Option<String>,
    pub immutable_id: Option<String>,
    pub match_type: MatchType,
    pub outcome: Outcome,
    pub reason: Reason,
    /// What the object is (for a cloud-only result: the cloud object).
    pub object_type: ObjectType,
    pub cloud_object_id: Option<String>,
    pub cloud_user_principal_name: Option<String>,
    pub predicted_user_principal_name: Option<String>,
    pub warnings: Vec<MatchWarning>,
    pub detail: String,
    /// The position of the cloud user in CloudObjectId among those added (so a caller can
    /// reuse the texts it already holds for it).
    pub cloud_index: Option<u32>,
    /// Set instead of a prediction when the user could not be evaluated.
    pub error: Option<String>,
    #[serde(skip)]
    pub error_kind: Option<AnchorError>,
    /// Set when the user could not even be read or predicted (see [`Prediction::add_failed`]).
    #[serde(skip)]
    pub failure: Option<FailureKind>,
}

impl MatchResult {
    /// Whether a hard match is what fixes this result (docs/model.md, *Hard-match candidates*):
    /// a user — never a group or contact — that is duplicated beside a known cloud user, or is
    /// created although it resembles one (`PossibleDuplicate`, which names that user). A user
    /// that soft-matches needs no hard match.
    pub fn is_hard_match_candidate(&self) -> bool {
        self.object_type == ObjectType::User
            && self.cloud_object_id.is_some()
            && (self.outcome == Outcome::Duplicate
                || (self.outcome == Outcome::Create
                    && self
                        .warnings
                        .iter()
                        .any(|warning| warning.code == WarningCode::PossibleDuplicate)))
    }
}

/// Why an on-premises user got no prediction at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// Its values could not be read (not valid UTF-8, a slot outside the buffer).
    Unreadable,
    /// The prediction panicked: a bug, reported for this user while the others go on.
    Panic,
    /// The caller refused the input before it crossed (its error record is already written).
    Rejected,
    /// A value is a type name a Windows PowerShell export wrote instead of the values.
    TypeName,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchWarning {
    pub code: WarningCode,
    pub message: String,
}

/// A prediction in progress: cloud users first, then on-premises users, then [`Prediction::finish`].
#[derive(Debug)]
pub struct Prediction {
    settings: Settings,
    privileged: HashSet<String, FxBuildHasher>,
    text: TextArena,
    clouds: Vec<CloudRecord>,
    /// The lookup keys and their texts: needed until the final pass, released by it.
    key_text: TextArena,
    /// The cloud lookups (`index::CloudTables`): released by the final pass.
    keys: CloudTables,
    /// The UPNs and addresses on-premises users will hold, by the first user holding each:
    /// collisions among them (docs/model.md, *On-premises collisions*). Released by `finish`.
    on_prem_keys: HashTable<OnPremEntry>,
    /// The join values of on-premises users under the deployment's forest join, by the first
    /// user holding each (the person the later ones join). Released by `finish`.
    person_keys: HashTable<OnPremEntry>,
    decisions: Vec<Decision>,
    /// Under the SID forest join: every on-premises input, held until `finish` pairs accounts
    /// with their linked mailboxes (`held.rs`).
    pending: Vec<held::Pending>,
    /// The first on-premises user (by position) joining each cloud user (`NO_JOINER`: none),
    /// filled by `finish`.
    first_joiner: Vec<u32>,
    /// Every on-premises user joining a cloud user more than one would join, filled by `finish`:
    /// a million joins cost one number each, not a list each.
    shared_joiners: HashMap<u32, Vec<u32>, FxBuildHasher>,
    finished: bool,
}

impl Prediction {
    pub fn new(settings: Settings) -> Self {
        let privileged = privileged_keys(&settings.privileged);
        Prediction {
            settings,
            privileged,
            text: TextArena::default(),
            clouds: Vec::new(),
            key_text: TextArena::default(),
            keys: CloudTables::default(),
            on_prem_keys: HashTable::new(),
            person_keys: HashTable::new(),
            decisions: Vec::new(),
            pending: Vec::new(),
            first_joiner: Vec::new(),
            shared_joiners: HashMap::default(),
            finished: false,
        }
    }

    /// Predicts one on-premises user (in input order); [`Prediction::add_many`] predicts many at
    /// once. A panic inside leaves the prediction as it was.
    pub fn add_user(&mut self, user: &OnPremUser<'_>) {
        let mut drafts = Drafts::new(self.holds_users(), 1);
        self.draft(user, &mut drafts);
        self.settle(drafts);
    }

    /// Records, in input order, an on-premises user that could not be read or predicted: its
    /// result is an error with `message`, and the users after it go on.
    pub fn add_failed(&mut self, identity: Option<&str>, kind: FailureKind, message: String) {
        let mut drafts = Drafts::new(self.holds_users(), 1);
        drafts.push_failed(identity, kind, message);
        self.settle(drafts);
    }

    /// Makes room for `count` more cloud objects at once (an export's rows, or the objects the
    /// module was given), instead of growing the index table by doubling, rehashing every key each
    /// time. A count memory cannot hold reserves nothing: adding still works, growing as it goes.
    pub fn reserve_cloud(&mut self, count: usize) {
        self.keys.reserve(count, &self.key_text);
        let _ = self.clouds.try_reserve(count);
    }

    /// Honours `deployment` from here on: false (and unchanged) once an on-premises user is added.
    pub fn set_deployment(&mut self, deployment: Deployment) -> bool {
        if !self.decisions.is_empty() || !self.pending.is_empty() || self.finished {
            return false;
        }
        self.settings.deployment = deployment;
        true
    }

    /// The deployment this prediction honours.
    pub fn deployment(&self) -> &Deployment {
        &self.settings.deployment
    }

    /// Cloud objects can be added only before the first on-premises user and before the final pass.
    pub fn accepts_cloud(&self) -> bool {
        self.decisions.is_empty() && self.pending.is_empty() && !self.finished
    }

    /// On-premises users can be added only before the final pass (it releases the lookup keys).
    pub fn accepts_users(&self) -> bool {
        !self.finished
    }

    fn cloud(&self, cloud: u32) -> &CloudRecord {
        &self.clouds[cloud as usize]
    }

    /// The final pass: on-premises users that would join the same cloud user all fail. Idempotent.
    /// Add nothing after it: it releases the lookup keys, which the results do not need.
    pub fn finish(&mut self) {
        if self.finished {
            return;
        }
        self.finished = true;
        if !self.pending.is_empty() {
            self.settle_held();
        }
        self.keys = CloudTables::default();
        self.on_prem_keys = HashTable::new();
        self.person_keys = HashTable::new();
        self.key_text = TextArena::default();
        self.first_joiner = vec![NO_JOINER; self.clouds.len()];
        self.fail_shared_anchors();
        for (position, decision) in self.decisions.iter().enumerate() {
            if decision.outcome == Outcome::Join
                && let Some(target) = decision.cloud
            {
                let position = position as u32;
                let first = &mut self.first_joiner[target as usize];
                if *first == NO_JOINER {
                    *first = position;
                } else {
                    self.shared_joiners
                        .entry(target)
                        .or_insert_with(|| vec![*first])
                        .push(position);
                }
            }
        }
        for joiners in self.shared_joiners.values() {
            for &position in joiners {
                let decision = &mut self.decisions[position as usize];
                decision.outcome = Outcome::Error;
                decision.reason = Reason::DuplicateOnPremises;
            }
        }
    }

    /// One source anchor on two on-premises objects that synchronize (a user moved to another
    /// forest with its mS-DS-ConsistencyGuid copied while the old one stays in scope): the anchor
    /// must be unique in the tenant (Design concepts: "Must be globally unique";
    /// plan-connect-topologies), so both fail, each naming the other (the first the first one
    /// after it). One pass over the decisions, a hash of each anchor.
    fn fail_shared_anchors(&mut self) {
        let mut first_with: HashMap<&str, u32, FxBuildHasher> =
            HashMap::with_capacity_and_hasher(self.decisions.len(), FxBuildHasher);
        let mut shared: Vec<(u32, u32)> = Vec::new();
        for (position, decision) in self.decisions.iter().enumerate() {
            if decision.outcome == Outcome::Skipped || decision.reason == Reason::InvalidInput {
                continue;
            }
            let Some(anchor) = self.text.get_opt(decision.immutable_id) else {
                continue;
            };
            match first_with.entry(anchor) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    shared.push((*first.get(), position as u32));
                }
                std::collections::hash_map::Entry::Vacant(free) => {
                    free.insert(position as u32);
                }
            }
        }
        for (first, later) in shared {
            for (position, other) in [(later, first), (first, later)] {
                let decision = &mut self.decisions[position as usize];
                if decision.reason == Reason::DuplicateAnchor && position == first {
                    continue;
                }
                decision.outcome = Outcome::Error;
                decision.reason = Reason::DuplicateAnchor;
                decision.rare().anchor_twin = Some(other);
            }
        }
    }

    /// Number of results [`Prediction::results`] pages through: one per on-premises user, then
    /// (with `include_cloud_only`) one per cloud user no one joins.
    pub fn result_count(&self, include_cloud_only: bool) -> usize {
        self.decisions.len()
            + if include_cloud_only {
                self.cloud_only().count()
            } else {
                0
            }
    }

    fn cloud_only(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.clouds.len() as u32).filter(|&cloud| {
            let joined = self.first_joiner.get(cloud as usize);
            joined.is_none_or(|&first| first == NO_JOINER) && !self.cloud(cloud).deleted
        })
    }

    /// Results `start..start + count` (after [`Prediction::finish`]).
    pub fn results(
        &self,
        start: usize,
        count: usize,
        include_cloud_only: bool,
    ) -> Vec<MatchResult> {
        let users = self.decisions.len();
        let mut results: Vec<MatchResult> = self
            .decisions
            .iter()
            .enumerate()
            .skip(start)
            .take(count)
            .map(|(position, decision)| self.result(position as u32, decision))
            .collect();
        if include_cloud_only && results.len() < count {
            let skip = start.saturating_sub(users);
            let left = count - results.len();
            results.extend(
                self.cloud_only()
                    .skip(skip)
                    .take(left)
                    .map(|cloud| self.cloud_only_result(cloud)),
            );
        }
        results
    }
}
