//! Match prediction: which cloud user each on-premises user will land on when Entra Connect
//! exports it for the first time, and every way that goes wrong (domain.md §2).
//!
//! The model, in order: a hard match on the immutableId; else a soft match on the on-premises
//! primary SMTP address against cloud primary SMTP addresses (model assumption, case-insensitive);
//! else, with SoftMatchOnUpn, on a UPN whose suffix reaches the cloud; else a new cloud user.
//! Then the target must be free: a user, not already anchored or synchronized, holding no admin
//! role, under the tenant's switches. Addresses are compared through `address::comparison_key`,
//! the same key the readiness check uses.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use serde::Serialize;

use crate::address::{AddressType, ProxyAddress, comparison_key};
use crate::anchor::{AnchorAttribute, AnchorError, AnchorInput, SourceAnchor};
use crate::model::{DirectoryObject, Tenant};
use crate::rules;

/// What a cloud object is; soft matches onto anything but a user fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ObjectType {
    User,
    Group,
    Contact,
}

impl ObjectType {
    /// Reads Get-MsolUser's ObjectType or Graph's `@odata.type` (`#microsoft.graph.orgContact`).
    /// Absent or unknown text means a user: that is what Get-MgUser and Get-MsolUser return.
    pub fn from_text(text: Option<&str>) -> ObjectType {
        let text = text
            .unwrap_or("")
            .trim()
            .trim_start_matches("#microsoft.graph.");
        if text.eq_ignore_ascii_case("group") {
            ObjectType::Group
        } else if text.eq_ignore_ascii_case("contact") || text.eq_ignore_ascii_case("orgContact") {
            ObjectType::Contact
        } else {
            ObjectType::User
        }
    }
}

/// A cloud object as Get-MgUser (or Get-MsolUser) shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CloudUser<'a> {
    pub id: &'a str,
    pub user_principal_name: Option<&'a str>,
    pub mail: Option<&'a str>,
    pub proxy_addresses: Vec<ProxyAddress<'a>>,
    pub immutable_id: Option<&'a str>,
    /// OnPremisesSyncEnabled: `Some(true)` while linked to an on-premises object.
    pub sync_enabled: Option<bool>,
    /// Get-MsolUser's LastDirSyncTime is set: it was synchronized.
    pub last_dir_sync: bool,
    pub object_type: Option<&'a str>,
    pub security_identifier: Option<&'a str>,
    pub display_name: Option<&'a str>,
}

/// An on-premises user: its directory attributes, where its anchor is read from, its SID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OnPremUser<'a> {
    pub object: DirectoryObject<'a>,
    pub anchor: AnchorInput<'a>,
    pub security_identifier: Option<&'a str>,
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
    }
}

listed_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
    pub enum WarningCode {
        UnverifiedUpnSuffix,
        UpnConflict,
        AddressConflict,
        PossibleDuplicate,
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

/// Why an on-premises user got no prediction at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// Its values could not be read (not valid UTF-8, a slot outside the buffer).
    Unreadable,
    /// The prediction panicked: a bug, reported for this user while the others go on.
    Panic,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchWarning {
    pub code: WarningCode,
    pub message: String,
}

/// Where a text lies in a [`TextArena`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Span {
    start: u32,
    len: u32,
}

/// Texts kept for the whole prediction, back to back in one buffer: a million users' fields
/// cost their bytes, not a heap allocation each.
#[derive(Debug, Default)]
struct TextArena(String);

impl TextArena {
    /// Stores `text`; `None` past 4 GiB of text (then that value is simply not kept).
    fn push(&mut self, text: &str) -> Option<Span> {
        let start = u32::try_from(self.0.len()).ok()?;
        let len = u32::try_from(text.len()).ok()?;
        start.checked_add(len)?;
        self.0.push_str(text);
        Some(Span { start, len })
    }

    fn push_present(&mut self, text: Option<&str>) -> Option<Span> {
        text.map(str::trim)
            .filter(|text| !text.is_empty())
            .and_then(|text| self.push(text))
    }

    fn get(&self, span: Span) -> &str {
        &self.0[span.start as usize..(span.start + span.len) as usize]
    }

    fn get_opt(&self, span: Option<Span>) -> Option<&str> {
        span.map(|span| self.get(span))
    }
}

/// The ways a cloud object is looked up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
enum Key {
    /// Exact: an immutableId is Base64 and compared with its case.
    ImmutableId,
    PrimarySmtp,
    Upn,
    /// Every address a cloud object holds: UPN, mail, SMTP proxies (unique across objects).
    Address,
    SecurityIdentifier,
    DisplayName,
    LocalPart,
}

/// One key of one cloud object; its text is in the prediction's arena.
#[derive(Clone, Copy, Debug)]
struct KeyEntry {
    text: Span,
    key: Key,
    cloud: u32,
}

/// A cloud object's facts, its texts in the arena.
#[derive(Clone, Copy, Debug)]
struct CloudRecord {
    id: Span,
    upn: Option<Span>,
    object_type: ObjectType,
    /// Has an immutableId, or was synchronized.
    anchored: bool,
    /// Still linked to an on-premises object (OnPremisesSyncEnabled true).
    linked: bool,
    privileged: bool,
}

/// A warning as decided: the code, the cloud user it concerns, the value involved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Warning {
    code: WarningCode,
    cloud: Option<u32>,
    value: Option<Span>,
}

/// What few users need: kept out of line so every other decision stays small.
#[derive(Clone, Debug, Default)]
struct Rare {
    warnings: Vec<Warning>,
    /// Why the user could not be evaluated (no valid source anchor).
    error: Option<AnchorError>,
    /// Why the user could not be read or predicted at all, with the message.
    failure: Option<(FailureKind, String)>,
    out_of_scope: Option<String>,
}

/// One on-premises user's predicted outcome, kept compact until the final pass.
#[derive(Clone, Debug)]
struct Decision {
    identity: Option<Span>,
    user_principal_name: Option<Span>,
    immutable_id: Option<Span>,
    predicted_upn: Option<Span>,
    match_type: MatchType,
    outcome: Outcome,
    reason: Reason,
    /// The target, or the cloud user it collides with.
    cloud: Option<u32>,
    rare: Option<Box<Rare>>,
}

impl Decision {
    fn rare(&mut self) -> &mut Rare {
        self.rare.get_or_insert_with(Box::default)
    }

    fn warnings(&self) -> &[Warning] {
        self.rare.as_deref().map_or(&[], |rare| &rare.warnings)
    }
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
    keys: HashTable<KeyEntry>,
    decisions: Vec<Decision>,
    /// On-premises users (by position) joining each cloud user, filled by `finish`.
    joiners: HashMap<u32, Vec<u32>, FxBuildHasher>,
    finished: bool,
}

fn local_part(address: &str) -> &str {
    address.split('@').next().unwrap_or("")
}

fn key_hash(key: Key, text: &str) -> u64 {
    FxBuildHasher.hash_one((key as u8, text))
}

impl Prediction {
    pub fn new(settings: Settings) -> Self {
        let privileged = settings
            .privileged
            .iter()
            .map(|entry| comparison_key(entry).into_owned())
            .filter(|entry| !entry.is_empty())
            .collect();
        Prediction {
            settings,
            privileged,
            text: TextArena::default(),
            clouds: Vec::new(),
            key_text: TextArena::default(),
            keys: HashTable::new(),
            decisions: Vec::new(),
            joiners: HashMap::default(),
            finished: false,
        }
    }

    /// The cloud object first indexed under `key` = `text`.
    fn find(&self, key: Key, text: &str) -> Option<u32> {
        self.keys
            .find(key_hash(key, text), |entry| {
                entry.key == key && self.key_text.get(entry.text) == text
            })
            .map(|entry| entry.cloud)
    }

    /// Indexes `cloud` under `key` = `text`, unless another object already is (the first wins).
    fn index(&mut self, key: Key, text: &str, cloud: u32) {
        if text.is_empty() || self.find(key, text).is_some() {
            return;
        }
        let Some(span) = self.key_text.push(text) else {
            return;
        };
        let arena = &self.key_text;
        self.keys.insert_unique(
            key_hash(key, text),
            KeyEntry {
                text: span,
                key,
                cloud,
            },
            |entry| key_hash(entry.key, arena.get(entry.text)),
        );
    }

    /// Adds a cloud object to match against.
    pub fn add_cloud(&mut self, user: &CloudUser<'_>) {
        let number = self.clouds.len() as u32;
        let upn_key = user.user_principal_name.map(comparison_key);
        let immutable_id = user.immutable_id.map(str::trim).filter(|id| !id.is_empty());
        let privileged = self.privileged.contains(comparison_key(user.id).as_ref())
            || upn_key
                .as_deref()
                .is_some_and(|upn| self.privileged.contains(upn));
        let record = CloudRecord {
            id: self
                .text
                .push(user.id.trim())
                .unwrap_or(Span { start: 0, len: 0 }),
            upn: self.text.push_present(user.user_principal_name),
            object_type: ObjectType::from_text(user.object_type),
            anchored: immutable_id.is_some()
                || user.sync_enabled == Some(true)
                || user.last_dir_sync,
            linked: user.sync_enabled == Some(true)
                || (user.sync_enabled.is_none() && user.last_dir_sync),
            privileged,
        };
        self.clouds.push(record);
        if let Some(id) = immutable_id {
            self.index(Key::ImmutableId, id, number);
        }
        // The cloud primary: the SMTP: proxy, else mail (an Exchange recipient always has one).
        let primary = user
            .proxy_addresses
            .iter()
            .find(|proxy| proxy.is_primary)
            .map(|proxy| proxy.address)
            .or(user.mail);
        if let Some(primary) = primary.map(comparison_key) {
            self.index(Key::PrimarySmtp, &primary, number);
            self.index(Key::LocalPart, local_part(&primary), number);
        }
        if let Some(upn) = &upn_key {
            self.index(Key::Upn, upn, number);
            self.index(Key::Address, upn, number);
        }
        if let Some(mail) = user.mail {
            self.index(Key::Address, &comparison_key(mail), number);
        }
        for proxy in user
            .proxy_addresses
            .iter()
            .filter(|proxy| proxy.kind == AddressType::Smtp)
        {
            self.index(Key::Address, &proxy.key(), number);
        }
        if let Some(sid) = user.security_identifier {
            self.index(Key::SecurityIdentifier, &comparison_key(sid), number);
        }
        if let Some(name) = user.display_name {
            self.index(Key::DisplayName, &comparison_key(name), number);
        }
    }

    /// Predicts one on-premises user (in input order). The decision is pushed only once it is
    /// complete, so a panic inside leaves the prediction as it was.
    pub fn add_user(&mut self, user: &OnPremUser<'_>) {
        let decision = self.decide(user);
        self.decisions.push(decision);
    }

    /// Records, in input order, an on-premises user that could not be read or predicted: its
    /// result is an error with `message`, and the users after it go on.
    pub fn add_failed(&mut self, identity: Option<&str>, kind: FailureKind, message: String) {
        let mut decision = Decision {
            identity: self.text.push_present(identity),
            user_principal_name: None,
            immutable_id: None,
            predicted_upn: None,
            match_type: MatchType::None,
            outcome: Outcome::Error,
            reason: Reason::NoMatch,
            cloud: None,
            rare: None,
        };
        decision.rare().failure = Some((kind, message));
        self.decisions.push(decision);
    }

    /// Cloud objects can be added only before the first on-premises user and before the final pass.
    pub fn accepts_cloud(&self) -> bool {
        self.decisions.is_empty() && !self.finished
    }

    /// On-premises users can be added only before the final pass (it releases the lookup keys).
    pub fn accepts_users(&self) -> bool {
        !self.finished
    }

    fn cloud(&self, cloud: u32) -> &CloudRecord {
        &self.clouds[cloud as usize]
    }

    fn decide(&mut self, user: &OnPremUser<'_>) -> Decision {
        let object = &user.object;
        let mut decision = Decision {
            identity: self.text.push(object.identity()),
            user_principal_name: self.text.push_present(object.user_principal_name),
            immutable_id: None,
            predicted_upn: None,
            match_type: MatchType::None,
            outcome: Outcome::Create,
            reason: Reason::NoMatch,
            cloud: None,
            rare: None,
        };
        if let Some(reason) = rules::out_of_scope_reason(object) {
            decision.outcome = Outcome::Skipped;
            decision.reason = Reason::OutOfScope;
            decision.rare().out_of_scope = Some(reason);
            return decision;
        }
        let anchor = match SourceAnchor::resolve(user.anchor, AnchorAttribute::Auto, None) {
            Ok(anchor) => anchor.immutable_id(),
            Err(error) => {
                decision.rare().error = Some(error);
                return decision;
            }
        };
        let (predicted, upn_reaches_cloud) = self.predict_upn(object);
        let is_user = |prediction: &Self, target: u32| {
            prediction.cloud(target).object_type == ObjectType::User
        };

        if let Some(target) = self.find(Key::ImmutableId, &anchor) {
            decision.match_type = MatchType::Hard;
            decision.cloud = Some(target);
            let record = *self.cloud(target);
            (decision.outcome, decision.reason) = if !is_user(self, target) {
                (Outcome::Error, Reason::ObjectTypeMismatch)
            } else if record.linked {
                // Still synchronized with this anchor: it simply keeps syncing.
                (Outcome::Join, Reason::HardMatch)
            } else if self.settings.block_hard_match_takeover || record.privileged {
                (Outcome::Error, Reason::HardMatchBlocked)
            } else {
                (Outcome::Join, Reason::HardMatch)
            };
        } else {
            let by_smtp = object
                .primary_smtp()
                .map(comparison_key)
                .and_then(|primary| self.find(Key::PrimarySmtp, &primary))
                .map(|target| (target, MatchType::SoftSmtp));
            let by_upn = || {
                let upn = object.user_principal_name.map(comparison_key)?;
                (self.settings.soft_match_on_upn && upn_reaches_cloud)
                    .then(|| {
                        self.find(Key::Upn, &upn)
                            .map(|target| (target, MatchType::SoftUpn))
                    })
                    .flatten()
            };
            if let Some((target, match_type)) = by_smtp.or_else(by_upn) {
                decision.match_type = match_type;
                decision.cloud = Some(target);
                let record = *self.cloud(target);
                (decision.outcome, decision.reason) = if self.settings.block_soft_match {
                    (Outcome::Duplicate, Reason::SoftMatchBlocked)
                } else if !is_user(self, target) {
                    (Outcome::Error, Reason::ObjectTypeMismatch)
                } else if record.anchored {
                    (Outcome::Duplicate, Reason::TargetAnchored)
                } else if record.privileged {
                    (Outcome::Error, Reason::AdminRoleConflict)
                } else if match_type == MatchType::SoftSmtp {
                    (Outcome::Join, Reason::SoftMatchSmtp)
                } else {
                    (Outcome::Join, Reason::SoftMatchUpn)
                };
            } else if let Some(holder) = predicted
                .as_deref()
                .map(comparison_key)
                .and_then(|upn| self.find(Key::Upn, &upn))
            {
                // Created beside a cloud user with its UPN (soft match on UPN is off): a duplicate.
                decision.outcome = Outcome::Duplicate;
                decision.cloud = Some(holder);
            }
        }

        if let Some(owner) = user
            .security_identifier
            .map(comparison_key)
            .and_then(|sid| self.find(Key::SecurityIdentifier, &sid))
        {
            let joins_owner = decision.outcome == Outcome::Join && decision.cloud == Some(owner);
            if !joins_owner {
                decision.outcome = Outcome::Error;
                decision.reason = Reason::SecurityIdentifierConflict;
                decision.cloud = Some(owner);
            }
        }
        decision.predicted_upn = predicted.as_deref().and_then(|upn| self.text.push(upn));
        self.add_warnings(user, &mut decision, predicted.as_deref(), upn_reaches_cloud);
        decision.immutable_id = self.text.push(&anchor);
        decision
    }

    fn add_warnings(
        &mut self,
        user: &OnPremUser<'_>,
        decision: &mut Decision,
        predicted: Option<&str>,
        upn_reaches_cloud: bool,
    ) {
        let object = &user.object;
        let target = decision.cloud.filter(|_| decision.outcome == Outcome::Join);
        if !upn_reaches_cloud
            && let Some(upn) = object
                .user_principal_name
                .filter(|upn| !upn.trim().is_empty())
        {
            let value = decision.user_principal_name.or_else(|| self.text.push(upn));
            decision.rare().warnings.push(Warning {
                code: WarningCode::UnverifiedUpnSuffix,
                cloud: None,
                value,
            });
        }
        if !matches!(decision.outcome, Outcome::Join | Outcome::Create) {
            return;
        }
        let upn_holder = predicted
            .map(comparison_key)
            .and_then(|upn| self.find(Key::Upn, &upn));
        if let Some(holder) = upn_holder
            && Some(holder) != target
        {
            let value = decision.predicted_upn;
            decision.rare().warnings.push(Warning {
                code: WarningCode::UpnConflict,
                cloud: Some(holder),
                value,
            });
        }
        let mut addresses: Vec<&str> = object
            .proxy_addresses
            .iter()
            .filter(|proxy| proxy.kind == AddressType::Smtp)
            .map(|proxy| proxy.address)
            .collect();
        addresses.extend(object.mail);
        let mut reported: Vec<String> = Vec::new();
        for address in addresses {
            let key = comparison_key(address);
            if let Some(holder) = self.find(Key::Address, &key)
                && Some(holder) != target
                && !reported.iter().any(|done| *done == *key)
            {
                let value = self.text.push(address.trim());
                decision.rare().warnings.push(Warning {
                    code: WarningCode::AddressConflict,
                    cloud: Some(holder),
                    value,
                });
                reported.push(key.into_owned());
            }
        }
        if decision.outcome == Outcome::Create {
            let by_name = object
                .display_name
                .map(comparison_key)
                .and_then(|name| self.find(Key::DisplayName, &name))
                .map(|holder| (holder, object.display_name.unwrap_or_default().to_owned()));
            let local = object
                .primary_smtp()
                .or(object.user_principal_name)
                .map(|address| comparison_key(address).into_owned());
            let by_local = local
                .as_deref()
                .map(local_part)
                .filter(|part| !part.is_empty())
                .and_then(|part| {
                    self.find(Key::LocalPart, part)
                        .map(|holder| (holder, part.to_owned()))
                });
            if let Some((holder, value)) = by_name.or(by_local)
                && !self.cloud(holder).anchored
            {
                let value = self.text.push(&value);
                decision.rare().warnings.push(Warning {
                    code: WarningCode::PossibleDuplicate,
                    cloud: Some(holder),
                    value,
                });
            }
        }
    }

    /// The UPN the user will have in the cloud, and whether its own suffix gets there.
    fn predict_upn(&self, object: &DirectoryObject<'_>) -> (Option<String>, bool) {
        let tenant = &self.settings.tenant;
        if let Some(upn) = object
            .user_principal_name
            .map(str::trim)
            .filter(|upn| !upn.is_empty())
            && let Some((_, suffix)) = upn.rsplit_once('@')
            && tenant.accepts_upn_suffix(suffix)
        {
            return (Some(upn.to_owned()), true);
        }
        // <MailNickName>@<initial domain>: the first present of these (domain.md §2).
        fn prefix(value: Option<&str>) -> Option<&str> {
            value
                .map(|value| local_part(value.trim()))
                .filter(|part| !part.is_empty())
        }
        let secondary = object
            .proxy_addresses
            .iter()
            .find(|proxy| proxy.kind == AddressType::Smtp && !proxy.is_primary)
            .map(|proxy| proxy.address);
        let nickname = object
            .mail_nickname
            .map(str::trim)
            .filter(|nickname| !nickname.is_empty())
            .or_else(|| prefix(object.primary_smtp()))
            .or_else(|| prefix(object.mail))
            .or_else(|| prefix(object.user_principal_name))
            .or_else(|| prefix(secondary));
        let predicted = nickname
            .zip(tenant.initial_domain())
            .map(|(nickname, initial)| format!("{nickname}@{initial}"));
        (predicted, false)
    }

    /// The final pass: on-premises users that would join the same cloud user all fail. Idempotent.
    /// Add nothing after it: it releases the lookup keys, which the results do not need.
    pub fn finish(&mut self) {
        if self.finished {
            return;
        }
        self.finished = true;
        self.keys = HashTable::new();
        self.key_text = TextArena::default();
        for (position, decision) in self.decisions.iter().enumerate() {
            if decision.outcome == Outcome::Join
                && let Some(target) = decision.cloud
            {
                self.joiners
                    .entry(target)
                    .or_default()
                    .push(position as u32);
            }
        }
        for joiners in self.joiners.values().filter(|joiners| joiners.len() > 1) {
            for &position in joiners {
                let decision = &mut self.decisions[position as usize];
                decision.outcome = Outcome::Error;
                decision.reason = Reason::DuplicateOnPremises;
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
        (0..self.clouds.len() as u32).filter(|cloud| !self.joiners.contains_key(cloud))
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

    fn cloud_id(&self, cloud: u32) -> &str {
        self.text.get(self.cloud(cloud).id)
    }

    fn cloud_upn(&self, cloud: u32) -> Option<&str> {
        self.text.get_opt(self.cloud(cloud).upn)
    }

    fn describe_cloud(&self, cloud: u32) -> String {
        match self.cloud_upn(cloud) {
            Some(upn) => format!("cloud user {upn}"),
            None => format!("cloud object {}", self.cloud_id(cloud)),
        }
    }

    fn result(&self, position: u32, decision: &Decision) -> MatchResult {
        let target = decision.cloud.map(|cloud| self.describe_cloud(cloud));
        let target = target.as_deref().unwrap_or("the cloud user");
        let predicted = self
            .text
            .get_opt(decision.predicted_upn)
            .unwrap_or("a UPN in the initial domain");
        let rare = decision.rare.as_deref();
        let error = rare.and_then(|rare| rare.error.as_ref());
        let failure = rare.and_then(|rare| rare.failure.as_ref());
        let detail = if let Some((_, message)) = failure {
            format!("No prediction: {message}.")
        } else if let Some(error) = error {
            format!("No prediction: {error}.")
        } else {
            match decision.reason {
                Reason::OutOfScope => format!(
                    "Entra Connect does not synchronize this user by default: {}.",
                    rare.and_then(|rare| rare.out_of_scope.as_deref())
                        .unwrap_or("it is out of scope")
                ),
                Reason::HardMatch if decision.cloud.is_some_and(|c| self.cloud(c).linked) => {
                    format!(
                        "Hard match: {target} already carries this immutableId and is synchronized; it keeps syncing from this user."
                    )
                }
                Reason::HardMatch => format!(
                    "Hard match: {target} carries this immutableId and will be joined to this user."
                ),
                Reason::SoftMatchSmtp => format!(
                    "Soft match on the primary SMTP address: joined to {target}, whose attributes it will overwrite."
                ),
                Reason::SoftMatchUpn => format!(
                    "Soft match on the UPN: joined to {target}, whose attributes it will overwrite."
                ),
                Reason::NoMatch if decision.outcome == Outcome::Duplicate => format!(
                    "No match (soft match on UPN is off): a new cloud user is created beside {target}, which has the UPN {predicted}; the new user's UPN is replaced."
                ),
                Reason::NoMatch => {
                    format!("No cloud user matches: a new cloud user {predicted} is created.")
                }
                Reason::TargetAnchored => format!(
                    "InvalidSoftMatch: {target} matches but already has an immutableId or is synchronized; a duplicate user is created beside it, its colliding UPN replaced and address quarantined. Hard-match it, or clear its immutableId first."
                ),
                Reason::AdminRoleConflict => format!(
                    "Existing Admin Role Conflict: {target} holds an admin role, so it is not soft-matched; a quarantined object is created. Remove the roles before sync (then hard-delete the quarantined object)."
                ),
                Reason::SoftMatchBlocked => format!(
                    "Soft match is blocked in this tenant (BlockSoftMatchEnabled): a duplicate of {target} is created. Hard-match it instead."
                ),
                Reason::HardMatchBlocked => format!(
                    "InvalidHardMatch: {target} is cloud-managed and hard-match takeover is blocked (BlockCloudObjectTakeoverThroughHardMatchEnabled, or the user holds a role since mid-2026)."
                ),
                Reason::ObjectTypeMismatch => {
                    format!("ObjectTypeMismatch: the match is {target}, which is not a user.")
                }
                Reason::SecurityIdentifierConflict => format!(
                    "AttributeValueMustBeUnique: {target} already has this user's on-premises SID (onPremisesSecurityIdentifier) with another anchor; duplicate attribute resiliency does not cover it."
                ),
                Reason::DuplicateOnPremises => {
                    let joiners = decision
                        .cloud
                        .and_then(|cloud| self.joiners.get(&cloud))
                        .map_or(&[][..], Vec::as_slice);
                    // Named up to a bound, so k users on one target cost O(k) text, not O(k²).
                    let named: Vec<&str> = joiners
                        .iter()
                        .filter(|&&other| other != position)
                        .filter_map(|&other| {
                            self.text.get_opt(self.decisions[other as usize].identity)
                        })
                        .take(crate::readiness::NAMED_CONFLICTS)
                        .collect();
                    let others = joiners.len().saturating_sub(1);
                    let who = if others > named.len() {
                        format!(
                            "{others} other on-premises users, among them {} (every result with this CloudObjectId and Reason DuplicateOnPremises is one of them)",
                            named.join("; ")
                        )
                    } else {
                        named.join("; ")
                    };
                    format!(
                        "{target} is also the match of {who}; only one on-premises user can join it, the others fail or are duplicated."
                    )
                }
            }
        };
        MatchResult {
            identity: self
                .text
                .get_opt(decision.identity)
                .unwrap_or_default()
                .to_owned(),
            user_principal_name: self
                .text
                .get_opt(decision.user_principal_name)
                .map(str::to_owned),
            immutable_id: self.text.get_opt(decision.immutable_id).map(str::to_owned),
            match_type: decision.match_type,
            outcome: decision.outcome,
            reason: decision.reason,
            cloud_object_id: decision.cloud.map(|cloud| self.cloud_id(cloud).to_owned()),
            cloud_user_principal_name: decision
                .cloud
                .and_then(|cloud| self.cloud_upn(cloud))
                .map(str::to_owned),
            predicted_user_principal_name: self
                .text
                .get_opt(decision.predicted_upn)
                .map(str::to_owned),
            warnings: decision
                .warnings()
                .iter()
                .map(|warning| self.warning(warning))
                .collect(),
            detail,
            cloud_index: decision.cloud,
            error: failure
                .map(|(_, message)| message.clone())
                .or_else(|| error.map(|error| error.to_string())),
            error_kind: error.cloned(),
            failure: failure.map(|(kind, _)| *kind),
        }
    }

    fn warning(&self, warning: &Warning) -> MatchWarning {
        let other = warning
            .cloud
            .map(|cloud| self.describe_cloud(cloud))
            .unwrap_or_default();
        let value = self.text.get_opt(warning.value).unwrap_or_default();
        let message = match warning.code {
            WarningCode::UnverifiedUpnSuffix => format!(
                "The suffix of '{value}' is not a verified domain: the cloud UPN becomes <MailNickName>@<initial domain>, and a matched cloud user's UPN is overwritten with it."
            ),
            WarningCode::UpnConflict => format!(
                "The UPN '{value}' is already {other}'s: it will be replaced (quarantined) in the cloud."
            ),
            WarningCode::AddressConflict => format!(
                "The address '{value}' is already held by {other}: it will be dropped from this user."
            ),
            WarningCode::PossibleDuplicate => format!(
                "A new cloud user is created, but {other} has the same name or mail local part ('{value}'): is it the same person? Hard-match them to avoid a duplicate."
            ),
        };
        MatchWarning {
            code: warning.code,
            message,
        }
    }

    fn cloud_only_result(&self, cloud: u32) -> MatchResult {
        let upn = self.cloud_upn(cloud).map(str::to_owned);
        MatchResult {
            identity: upn
                .clone()
                .unwrap_or_else(|| self.cloud_id(cloud).to_owned()),
            user_principal_name: None,
            immutable_id: None,
            match_type: MatchType::None,
            outcome: Outcome::CloudOnly,
            reason: Reason::NoMatch,
            cloud_object_id: Some(self.cloud_id(cloud).to_owned()),
            cloud_user_principal_name: upn,
            predicted_user_principal_name: None,
            warnings: Vec::new(),
            detail: format!(
                "No on-premises user joins {}: it stays cloud-only.",
                self.describe_cloud(cloud)
            ),
            cloud_index: Some(cloud),
            error: None,
            error_kind: None,
            failure: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::anchor::AnchorValue;

    const GUID_A: &str = "35918bc9-196d-40ea-9779-889d79b753f0";
    const ID_A: &str = "yYuRNW0Z6kCXeYidebdT8A==";
    const GUID_B: &str = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    fn parsed<'a>(values: &[&'a str]) -> Vec<ProxyAddress<'a>> {
        values
            .iter()
            .map(|value| ProxyAddress::parse(value))
            .collect()
    }

    fn user<'a>(sam: &'a str, upn: &'a str, guid: &'a str, proxies: &[&'a str]) -> OnPremUser<'a> {
        OnPremUser {
            object: DirectoryObject {
                distinguished_name: None,
                sam_account_name: Some(sam),
                user_principal_name: Some(upn),
                mail: None,
                mail_nickname: Some(sam),
                proxy_addresses: parsed(proxies),
                display_name: Some(sam),
                ..DirectoryObject::default()
            },
            anchor: AnchorInput::User {
                object_guid: Some(AnchorValue::Text(guid)),
                consistency_guid: None,
            },
            security_identifier: None,
        }
    }

    fn cloud<'a>(id: &'a str, upn: &'a str, proxies: &[&'a str]) -> CloudUser<'a> {
        CloudUser {
            id,
            user_principal_name: Some(upn),
            proxy_addresses: parsed(proxies),
            display_name: Some(id),
            ..CloudUser::default()
        }
    }

    fn settings() -> Settings {
        Settings {
            tenant: Tenant::new(["contoso.com", "contoso.onmicrosoft.com"]),
            soft_match_on_upn: true,
            block_soft_match: false,
            block_hard_match_takeover: false,
            privileged: Vec::new(),
        }
    }

    fn predict(
        settings: Settings,
        clouds: &[CloudUser<'_>],
        users: &[OnPremUser<'_>],
    ) -> Vec<MatchResult> {
        let mut prediction = Prediction::new(settings);
        clouds.iter().for_each(|c| prediction.add_cloud(c));
        users.iter().for_each(|u| prediction.add_user(u));
        prediction.finish();
        prediction.results(0, usize::MAX, false)
    }

    fn one(settings: Settings, clouds: &[CloudUser<'_>], user: OnPremUser<'_>) -> MatchResult {
        predict(settings, clouds, &[user]).remove(0)
    }

    fn codes(result: &MatchResult) -> Vec<WarningCode> {
        result.warnings.iter().map(|w| w.code).collect()
    }

    #[test]
    fn soft_match_on_primary_smtp() {
        let result = one(
            settings(),
            &[cloud("c1", "jane@contoso.com", &["SMTP:Jane@contoso.com"])],
            user(
                "jane",
                "jane@contoso.com",
                GUID_A,
                &["SMTP:jane@contoso.com"],
            ),
        );
        assert_eq!(
            (result.match_type, result.outcome, result.reason),
            (MatchType::SoftSmtp, Outcome::Join, Reason::SoftMatchSmtp)
        );
        assert_eq!(result.cloud_object_id.as_deref(), Some("c1"));
        assert_eq!(result.immutable_id.as_deref(), Some(ID_A));
        assert_eq!(
            result.predicted_user_principal_name.as_deref(),
            Some("jane@contoso.com")
        );
        assert!(result.warnings.is_empty(), "{:?}", result.warnings);
    }

    #[test]
    fn hard_match_beats_soft() {
        let mut anchored = cloud("c2", "other@contoso.com", &["SMTP:other@contoso.com"]);
        anchored.immutable_id = Some(ID_A);
        let clouds = [
            cloud("c1", "jane@contoso.com", &["SMTP:jane@contoso.com"]),
            anchored,
        ];
        let result = one(
            settings(),
            &clouds,
            user(
                "jane",
                "jane@contoso.com",
                GUID_A,
                &["SMTP:jane@contoso.com"],
            ),
        );
        assert_eq!(
            (result.match_type, result.outcome, result.reason),
            (MatchType::Hard, Outcome::Join, Reason::HardMatch)
        );
        assert_eq!(result.cloud_object_id.as_deref(), Some("c2"));
    }

    #[test]
    fn hard_match_is_case_sensitive() {
        let mut anchored = cloud("c2", "other@contoso.com", &[]);
        let lower = ID_A.to_lowercase();
        anchored.immutable_id = Some(&lower);
        let result = one(
            settings(),
            &[anchored],
            user("jane", "jane@contoso.com", GUID_A, &[]),
        );
        assert_eq!(result.reason, Reason::NoMatch);
    }

    #[test]
    fn consistency_guid_is_the_anchor_when_populated() {
        let mut anchored = cloud("c2", "other@contoso.com", &[]);
        anchored.immutable_id = Some(ID_A);
        let mut jane = user("jane", "jane@contoso.com", GUID_B, &[]);
        jane.anchor = AnchorInput::User {
            object_guid: Some(AnchorValue::Text(GUID_B)),
            consistency_guid: Some(AnchorValue::Text(GUID_A)),
        };
        assert_eq!(one(settings(), &[anchored], jane).reason, Reason::HardMatch);
    }

    #[test]
    fn primary_smtp_beats_upn_and_a_secondary_never_joins() {
        let clouds = [
            cloud("by-upn", "jane@contoso.com", &["SMTP:someone@contoso.com"]),
            cloud("by-smtp", "x@contoso.com", &["SMTP:jane.doe@contoso.com"]),
            cloud(
                "secondary",
                "y@contoso.com",
                &["SMTP:y@contoso.com", "smtp:jd@contoso.com"],
            ),
        ];
        let result = one(
            settings(),
            &clouds,
            user(
                "jane",
                "jane@contoso.com",
                GUID_A,
                &["SMTP:jane.doe@contoso.com"],
            ),
        );
        assert_eq!(
            (result.reason, result.cloud_object_id.as_deref()),
            (Reason::SoftMatchSmtp, Some("by-smtp"))
        );
        let secondary = one(
            settings(),
            &clouds[2..],
            user("jd", "jd@contoso.com", GUID_A, &["SMTP:jd@contoso.com"]),
        );
        assert_eq!(secondary.outcome, Outcome::Create);
        assert_eq!(codes(&secondary), vec![WarningCode::AddressConflict]);
    }

    #[test]
    fn soft_match_on_upn_only_when_no_smtp_match_and_switched_on() {
        let clouds = [cloud("c1", "Frank@contoso.com", &[])];
        let frank = || user("frank", "frank@contoso.com", GUID_A, &[]);
        let result = one(settings(), &clouds, frank());
        assert_eq!(
            (result.match_type, result.reason),
            (MatchType::SoftUpn, Reason::SoftMatchUpn)
        );
        let off = Settings {
            soft_match_on_upn: false,
            ..settings()
        };
        let result = one(off, &clouds, frank());
        assert_eq!(
            (result.outcome, result.reason),
            (Outcome::Duplicate, Reason::NoMatch)
        );
        assert_eq!(result.cloud_object_id.as_deref(), Some("c1"));
    }

    #[test]
    fn unverified_upn_never_upn_matches_and_is_predicted_from_the_nickname() {
        let clouds = [cloud("c1", "peggy@contoso.local", &[])];
        let result = one(
            settings(),
            &clouds,
            user("ppeters", "peggy@contoso.local", GUID_A, &[]),
        );
        assert_eq!(result.outcome, Outcome::Create);
        assert_eq!(
            result.predicted_user_principal_name.as_deref(),
            Some("ppeters@contoso.onmicrosoft.com")
        );
        assert_eq!(codes(&result), vec![WarningCode::UnverifiedUpnSuffix]);
    }

    #[test]
    fn anchored_or_synchronized_target_is_invalid_soft_match() {
        for anchored in [
            CloudUser {
                immutable_id: Some("RU1QMDAwNTU="),
                ..cloud("c1", "erin@contoso.com", &["SMTP:erin@contoso.com"])
            },
            CloudUser {
                sync_enabled: Some(true),
                ..cloud("c1", "erin@contoso.com", &["SMTP:erin@contoso.com"])
            },
            CloudUser {
                last_dir_sync: true,
                ..cloud("c1", "erin@contoso.com", &["SMTP:erin@contoso.com"])
            },
        ] {
            let result = one(
                settings(),
                &[anchored],
                user(
                    "erin",
                    "erin@contoso.com",
                    GUID_A,
                    &["SMTP:erin@contoso.com"],
                ),
            );
            assert_eq!(
                (result.outcome, result.reason),
                (Outcome::Duplicate, Reason::TargetAnchored)
            );
            assert!(result.detail.contains("InvalidSoftMatch"));
        }
    }

    #[test]
    fn admin_role_blocks_soft_match_by_id_or_upn() {
        for privileged in ["c1", "GRACE@contoso.com"] {
            let settings = Settings {
                privileged: vec![privileged.into()],
                ..settings()
            };
            let result = one(
                settings,
                &[cloud(
                    "c1",
                    "grace@contoso.com",
                    &["SMTP:grace@contoso.com"],
                )],
                user(
                    "grace",
                    "grace@contoso.com",
                    GUID_A,
                    &["SMTP:grace@contoso.com"],
                ),
            );
            assert_eq!(
                (result.outcome, result.reason),
                (Outcome::Error, Reason::AdminRoleConflict)
            );
        }
    }

    #[test]
    fn tenant_switches() {
        let clouds = [cloud("c1", "jane@contoso.com", &["SMTP:jane@contoso.com"])];
        let blocked = Settings {
            block_soft_match: true,
            ..settings()
        };
        let result = one(
            blocked,
            &clouds,
            user(
                "jane",
                "jane@contoso.com",
                GUID_A,
                &["SMTP:jane@contoso.com"],
            ),
        );
        assert_eq!(
            (result.outcome, result.reason),
            (Outcome::Duplicate, Reason::SoftMatchBlocked)
        );

        let takeover = Settings {
            block_hard_match_takeover: true,
            ..settings()
        };
        let cloud_managed = CloudUser {
            immutable_id: Some(ID_A),
            ..cloud("c1", "jane@contoso.com", &[])
        };
        let result = one(
            takeover.clone(),
            std::slice::from_ref(&cloud_managed),
            user("jane", "jane@contoso.com", GUID_A, &[]),
        );
        assert_eq!(
            (result.outcome, result.reason),
            (Outcome::Error, Reason::HardMatchBlocked)
        );

        // Sync turned off, immutableId kept: cloud-managed, so blocked as well.
        let turned_off = CloudUser {
            sync_enabled: Some(false),
            ..cloud_managed.clone()
        };
        let result = one(
            takeover.clone(),
            &[turned_off],
            user("jane", "jane@contoso.com", GUID_A, &[]),
        );
        assert_eq!(result.reason, Reason::HardMatchBlocked);

        // Still synchronized with the same anchor: it keeps syncing, even with the switch on.
        let still_linked = CloudUser {
            sync_enabled: Some(true),
            ..cloud_managed
        };
        let result = one(
            takeover,
            &[still_linked],
            user("jane", "jane@contoso.com", GUID_A, &[]),
        );
        assert_eq!(
            (result.outcome, result.reason),
            (Outcome::Join, Reason::HardMatch)
        );
    }

    #[test]
    fn a_role_blocks_a_hard_match_onto_a_cloud_managed_user() {
        let settings = Settings {
            privileged: vec!["c1".into()],
            ..settings()
        };
        let cloud_managed = CloudUser {
            immutable_id: Some(ID_A),
            ..cloud("c1", "jane@contoso.com", &[])
        };
        let result = one(
            settings,
            &[cloud_managed],
            user("jane", "jane@contoso.com", GUID_A, &[]),
        );
        assert_eq!(
            (result.outcome, result.reason),
            (Outcome::Error, Reason::HardMatchBlocked)
        );
    }

    #[test]
    fn groups_and_contacts_are_type_mismatches() {
        for kind in [
            "#microsoft.graph.group",
            "Contact",
            "#microsoft.graph.orgContact",
        ] {
            let target = CloudUser {
                object_type: Some(kind),
                ..cloud("g1", "sales@contoso.com", &["SMTP:sales@contoso.com"])
            };
            let result = one(
                settings(),
                &[target],
                user(
                    "sales",
                    "sales@contoso.com",
                    GUID_A,
                    &["SMTP:sales@contoso.com"],
                ),
            );
            assert_eq!(
                (result.outcome, result.reason),
                (Outcome::Error, Reason::ObjectTypeMismatch),
                "{kind}"
            );
        }
    }

    #[test]
    fn sid_held_by_another_cloud_user_fails() {
        let owner = CloudUser {
            security_identifier: Some("S-1-5-21-1-2-3-1104"),
            ..cloud("c9", "old@contoso.com", &[])
        };
        let clouds = [
            cloud("c1", "jane@contoso.com", &["SMTP:jane@contoso.com"]),
            owner,
        ];
        let mut jane = user(
            "jane",
            "jane@contoso.com",
            GUID_A,
            &["SMTP:jane@contoso.com"],
        );
        jane.security_identifier = Some("s-1-5-21-1-2-3-1104");
        let result = one(settings(), &clouds, jane.clone());
        assert_eq!(
            (
                result.outcome,
                result.reason,
                result.cloud_object_id.as_deref()
            ),
            (
                Outcome::Error,
                Reason::SecurityIdentifierConflict,
                Some("c9")
            )
        );
        // Joining the very user that holds the SID is fine.
        let own = CloudUser {
            security_identifier: Some("S-1-5-21-1-2-3-1104"),
            ..cloud("c1", "jane@contoso.com", &["SMTP:jane@contoso.com"])
        };
        assert_eq!(one(settings(), &[own], jane).reason, Reason::SoftMatchSmtp);
    }

    #[test]
    fn two_users_targeting_one_cloud_user_both_fail() {
        let clouds = [cloud(
            "c1",
            "heidi@contoso.com",
            &["SMTP:heidi@contoso.com"],
        )];
        let users = [
            user(
                "h1",
                "heidi@contoso.com",
                GUID_A,
                &["SMTP:heidi@contoso.com"],
            ),
            user(
                "h2",
                "heidi2@contoso.com",
                GUID_B,
                &["SMTP:Heidi@contoso.com"],
            ),
        ];
        let results = predict(settings(), &clouds, &users);
        for result in &results {
            assert_eq!(
                (result.outcome, result.reason),
                (Outcome::Error, Reason::DuplicateOnPremises)
            );
        }
        assert!(
            results[0].detail.contains("h2") && results[1].detail.contains("h1"),
            "{}",
            results[0].detail
        );
    }

    #[test]
    fn upn_conflict_when_joined_by_smtp() {
        let clouds = [
            cloud("c1", "b.brown@contoso.com", &["SMTP:bob@contoso.com"]),
            cloud("c2", "bob@contoso.com", &["SMTP:other@contoso.com"]),
        ];
        let result = one(
            settings(),
            &clouds,
            user("bob", "bob@contoso.com", GUID_A, &["SMTP:bob@contoso.com"]),
        );
        assert_eq!(
            (result.reason, result.cloud_object_id.as_deref()),
            (Reason::SoftMatchSmtp, Some("c1"))
        );
        assert_eq!(codes(&result), vec![WarningCode::UpnConflict]);
    }

    #[test]
    fn possible_duplicate_for_a_created_user() {
        let peggy = CloudUser {
            display_name: Some("Peggy Peters"),
            ..cloud(
                "c1",
                "peggy.peters@contoso.com",
                &["SMTP:peggy.peters@contoso.com"],
            )
        };
        let mut local = user("ppeters", "peggy@contoso.local", GUID_A, &[]);
        local.object.display_name = Some("Peggy Peters");
        let result = one(settings(), &[peggy], local);
        assert_eq!(result.outcome, Outcome::Create);
        assert_eq!(
            codes(&result),
            vec![
                WarningCode::UnverifiedUpnSuffix,
                WarningCode::PossibleDuplicate
            ]
        );
    }

    #[test]
    fn out_of_scope_users_are_skipped() {
        let result = one(
            settings(),
            &[cloud("c1", "krbtgt@contoso.com", &[])],
            user("krbtgt", "krbtgt@contoso.com", GUID_A, &[]),
        );
        assert_eq!(
            (result.outcome, result.reason, result.match_type),
            (Outcome::Skipped, Reason::OutOfScope, MatchType::None)
        );
    }

    #[test]
    fn a_user_without_anchor_is_an_error_result() {
        let mut broken = user("x", "x@contoso.com", GUID_A, &[]);
        broken.anchor = AnchorInput::User {
            object_guid: None,
            consistency_guid: Some(AnchorValue::Text("System.Byte[]")),
        };
        let result = one(settings(), &[], broken);
        assert!(matches!(
            result.error_kind.as_ref().map(AnchorError::root),
            Some(AnchorError::TypeName { .. })
        ));
    }

    #[test]
    fn cloud_only_users_close_the_plan() {
        let clouds = [
            cloud("c1", "jane@contoso.com", &["SMTP:jane@contoso.com"]),
            cloud("c2", "left@contoso.com", &[]),
        ];
        let mut prediction = Prediction::new(settings());
        clouds.iter().for_each(|c| prediction.add_cloud(c));
        prediction.add_user(&user(
            "jane",
            "jane@contoso.com",
            GUID_A,
            &["SMTP:jane@contoso.com"],
        ));
        prediction.finish();
        assert_eq!(prediction.result_count(true), 2);
        let all = prediction.results(0, 10, true);
        assert_eq!(all[1].outcome, Outcome::CloudOnly);
        assert_eq!(all[1].cloud_object_id.as_deref(), Some("c2"));
        // Paging reaches the same results.
        assert_eq!(prediction.results(1, 1, true), all[1..]);
    }
}
