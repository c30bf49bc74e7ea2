//! Match prediction: which cloud user each on-premises user will land on when Entra Connect
//! exports it for the first time, and every way that goes wrong (domain.md §2).
//!
//! The model, in order: a hard match on the immutableId; else a soft match on the on-premises
//! primary SMTP address against cloud primary SMTP addresses (model assumption, case-insensitive);
//! else, with SoftMatchOnUpn, on a UPN whose suffix reaches the cloud; else a new cloud user.
//! Then the target must be free: a user, not already anchored or synchronized, holding no admin
//! role, under the tenant's switches. Addresses are compared through `address::comparison_key`,
//! the same key the readiness check uses.

use std::collections::HashMap;

use rustc_hash::FxBuildHasher;
use serde::Serialize;

use crate::address::{AddressType, ProxyAddress, comparison_key};
use crate::anchor::{AnchorAttribute, AnchorError, AnchorInput, SourceAnchor};
use crate::rules::{self, DirectoryObject, Tenant};

type Index = HashMap<Box<str>, u32, FxBuildHasher>;

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum MatchType {
    Hard,
    SoftSmtp,
    SoftUpn,
    None,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Outcome {
    Join,
    Create,
    Duplicate,
    Error,
    Skipped,
    CloudOnly,
}

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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum WarningCode {
    UnverifiedUpnSuffix,
    UpnConflict,
    AddressConflict,
    PossibleDuplicate,
}

/// A warning as decided: the code, the cloud user it concerns, the value involved.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Warning {
    code: WarningCode,
    cloud: Option<u32>,
    value: Box<str>,
}

/// One on-premises user's predicted outcome, kept compact until the final pass.
#[derive(Clone, Debug)]
struct Decision {
    identity: Box<str>,
    user_principal_name: Option<Box<str>>,
    immutable_id: Option<Box<str>>,
    predicted_upn: Option<Box<str>>,
    match_type: MatchType,
    outcome: Outcome,
    reason: Reason,
    /// The target, or the cloud user it collides with.
    cloud: Option<u32>,
    warnings: Vec<Warning>,
    /// Why the user could not be evaluated (no valid source anchor).
    error: Option<AnchorError>,
    out_of_scope: Option<Box<str>>,
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
    /// Set instead of a prediction when the user could not be evaluated.
    pub error: Option<String>,
    #[serde(skip)]
    pub error_kind: Option<AnchorError>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchWarning {
    pub code: WarningCode,
    pub message: String,
}

/// The cloud users, stored once, with the indexes the matching reads.
#[derive(Debug, Default)]
struct CloudStore {
    ids: Vec<Box<str>>,
    upns: Vec<Option<Box<str>>>,
    display_names: Vec<Option<Box<str>>>,
    types: Vec<ObjectType>,
    /// Anchored: has an immutableId, or was synchronized.
    anchored: Vec<bool>,
    /// Still linked to an on-premises object (OnPremisesSyncEnabled true).
    linked: Vec<bool>,
    privileged: Vec<bool>,
    by_immutable_id: Index,
    by_primary_smtp: Index,
    by_upn: Index,
    /// Every address a cloud object holds: UPN, mail, SMTP proxies (unique across objects).
    by_address: Index,
    by_sid: Index,
    by_display_name: Index,
    by_local_part: Index,
}

/// A prediction in progress: cloud users first, then on-premises users, then [`Prediction::finish`].
#[derive(Debug)]
pub struct Prediction {
    settings: Settings,
    privileged: std::collections::HashSet<String, FxBuildHasher>,
    cloud: CloudStore,
    decisions: Vec<Decision>,
    /// On-premises users (by position) joining each cloud user, filled by `finish`.
    joiners: HashMap<u32, Vec<u32>, FxBuildHasher>,
    finished: bool,
}

fn boxed(text: Option<&str>) -> Option<Box<str>> {
    text.map(str::trim)
        .filter(|text| !text.is_empty())
        .map(Box::from)
}

fn insert_first(index: &mut Index, key: &str, cloud: u32) {
    if !key.is_empty() && !index.contains_key(key) {
        index.insert(key.into(), cloud);
    }
}

fn local_part(address: &str) -> &str {
    address.split('@').next().unwrap_or("")
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
            cloud: CloudStore::default(),
            decisions: Vec::new(),
            joiners: HashMap::default(),
            finished: false,
        }
    }

    /// Adds a cloud object to match against.
    pub fn add_cloud(&mut self, user: &CloudUser<'_>) {
        let cloud = &mut self.cloud;
        let number = cloud.ids.len() as u32;
        let upn_key = user.user_principal_name.map(comparison_key);
        cloud.ids.push(user.id.trim().into());
        cloud.upns.push(boxed(user.user_principal_name));
        cloud.display_names.push(boxed(user.display_name));
        cloud.types.push(ObjectType::from_text(user.object_type));
        let immutable_id = user.immutable_id.map(str::trim).filter(|id| !id.is_empty());
        cloud
            .anchored
            .push(immutable_id.is_some() || user.sync_enabled == Some(true) || user.last_dir_sync);
        cloud.linked.push(
            user.sync_enabled == Some(true) || (user.sync_enabled.is_none() && user.last_dir_sync),
        );
        cloud.privileged.push(
            self.privileged.contains(comparison_key(user.id).as_ref())
                || upn_key
                    .as_deref()
                    .is_some_and(|upn| self.privileged.contains(upn)),
        );
        if let Some(id) = immutable_id {
            // Exact: an immutableId is Base64, compared with its case.
            insert_first(&mut cloud.by_immutable_id, id, number);
        }
        // The cloud primary: the SMTP: proxy, else mail (an Exchange recipient always has one).
        let primary = user
            .proxy_addresses
            .iter()
            .find(|proxy| proxy.is_primary)
            .map(|proxy| proxy.address)
            .or(user.mail);
        if let Some(primary) = primary {
            insert_first(&mut cloud.by_primary_smtp, &comparison_key(primary), number);
            insert_first(
                &mut cloud.by_local_part,
                local_part(&comparison_key(primary)),
                number,
            );
        }
        if let Some(upn) = &upn_key {
            insert_first(&mut cloud.by_upn, upn, number);
            insert_first(&mut cloud.by_address, upn, number);
        }
        if let Some(mail) = user.mail {
            insert_first(&mut cloud.by_address, &comparison_key(mail), number);
        }
        for proxy in user
            .proxy_addresses
            .iter()
            .filter(|proxy| proxy.kind == AddressType::Smtp)
        {
            insert_first(&mut cloud.by_address, &proxy.key(), number);
        }
        if let Some(sid) = user.security_identifier {
            insert_first(&mut cloud.by_sid, &comparison_key(sid), number);
        }
        if let Some(name) = user.display_name {
            insert_first(&mut cloud.by_display_name, &comparison_key(name), number);
        }
    }

    /// Predicts one on-premises user (in input order).
    pub fn add_user(&mut self, user: &OnPremUser<'_>) {
        let decision = self.decide(user);
        self.decisions.push(decision);
    }

    fn decide(&self, user: &OnPremUser<'_>) -> Decision {
        let object = &user.object;
        let mut decision = Decision {
            identity: object.identity().into(),
            user_principal_name: boxed(object.user_principal_name),
            immutable_id: None,
            predicted_upn: None,
            match_type: MatchType::None,
            outcome: Outcome::Create,
            reason: Reason::NoMatch,
            cloud: None,
            warnings: Vec::new(),
            error: None,
            out_of_scope: None,
        };
        if let Some(reason) = rules::out_of_scope_reason(object) {
            decision.outcome = Outcome::Skipped;
            decision.reason = Reason::OutOfScope;
            decision.out_of_scope = Some(reason.into());
            return decision;
        }
        let anchor = match SourceAnchor::resolve(user.anchor, AnchorAttribute::Auto, None) {
            Ok(anchor) => anchor.immutable_id(),
            Err(error) => {
                decision.error = Some(error);
                return decision;
            }
        };
        let (predicted, upn_reaches_cloud) = self.predict_upn(object);
        decision.predicted_upn = predicted.map(Box::from);
        let cloud = &self.cloud;
        let is_free_user = |target: u32| cloud.types[target as usize] == ObjectType::User;

        if let Some(&target) = cloud.by_immutable_id.get(anchor.as_str()) {
            decision.match_type = MatchType::Hard;
            decision.cloud = Some(target);
            let t = target as usize;
            (decision.outcome, decision.reason) = if !is_free_user(target) {
                (Outcome::Error, Reason::ObjectTypeMismatch)
            } else if cloud.linked[t] {
                // Still synchronized with this anchor: it simply keeps syncing.
                (Outcome::Join, Reason::HardMatch)
            } else if self.settings.block_hard_match_takeover || cloud.privileged[t] {
                (Outcome::Error, Reason::HardMatchBlocked)
            } else {
                (Outcome::Join, Reason::HardMatch)
            };
        } else {
            let primary = object.primary_smtp().map(comparison_key);
            let by_smtp = primary
                .as_deref()
                .and_then(|primary| cloud.by_primary_smtp.get(primary))
                .map(|&target| (target, MatchType::SoftSmtp));
            let by_upn = || {
                let upn = object.user_principal_name.map(comparison_key)?;
                (self.settings.soft_match_on_upn && upn_reaches_cloud)
                    .then(|| {
                        cloud
                            .by_upn
                            .get(upn.as_ref())
                            .map(|&target| (target, MatchType::SoftUpn))
                    })
                    .flatten()
            };
            if let Some((target, match_type)) = by_smtp.or_else(by_upn) {
                decision.match_type = match_type;
                decision.cloud = Some(target);
                let t = target as usize;
                (decision.outcome, decision.reason) = if self.settings.block_soft_match {
                    (Outcome::Duplicate, Reason::SoftMatchBlocked)
                } else if !is_free_user(target) {
                    (Outcome::Error, Reason::ObjectTypeMismatch)
                } else if cloud.anchored[t] {
                    (Outcome::Duplicate, Reason::TargetAnchored)
                } else if cloud.privileged[t] {
                    (Outcome::Error, Reason::AdminRoleConflict)
                } else if match_type == MatchType::SoftSmtp {
                    (Outcome::Join, Reason::SoftMatchSmtp)
                } else {
                    (Outcome::Join, Reason::SoftMatchUpn)
                };
            } else if let Some(&holder) = decision
                .predicted_upn
                .as_deref()
                .map(comparison_key)
                .as_deref()
                .and_then(|upn| cloud.by_upn.get(upn))
            {
                // Created beside a cloud user with its UPN (soft match on UPN is off): a duplicate.
                decision.outcome = Outcome::Duplicate;
                decision.cloud = Some(holder);
            }
        }

        if let Some(&owner) = user
            .security_identifier
            .map(comparison_key)
            .as_deref()
            .and_then(|sid| cloud.by_sid.get(sid))
        {
            let joins_owner = decision.outcome == Outcome::Join && decision.cloud == Some(owner);
            if !joins_owner {
                decision.outcome = Outcome::Error;
                decision.reason = Reason::SecurityIdentifierConflict;
                decision.cloud = Some(owner);
            }
        }
        self.add_warnings(user, &mut decision, upn_reaches_cloud);
        decision.immutable_id = Some(anchor.into());
        decision
    }

    fn add_warnings(
        &self,
        user: &OnPremUser<'_>,
        decision: &mut Decision,
        upn_reaches_cloud: bool,
    ) {
        let cloud = &self.cloud;
        let object = &user.object;
        let target = decision.cloud.filter(|_| decision.outcome == Outcome::Join);
        if !upn_reaches_cloud
            && let Some(upn) = object
                .user_principal_name
                .filter(|upn| !upn.trim().is_empty())
        {
            decision.warnings.push(Warning {
                code: WarningCode::UnverifiedUpnSuffix,
                cloud: None,
                value: upn.into(),
            });
        }
        if !matches!(decision.outcome, Outcome::Join | Outcome::Create) {
            return;
        }
        let upn_holder = decision
            .predicted_upn
            .as_deref()
            .map(comparison_key)
            .and_then(|upn| cloud.by_upn.get(upn.as_ref()).copied());
        if let Some(holder) = upn_holder
            && Some(holder) != target
        {
            let predicted = decision.predicted_upn.clone().unwrap_or_default();
            decision.warnings.push(Warning {
                code: WarningCode::UpnConflict,
                cloud: Some(holder),
                value: predicted,
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
            if let Some(&holder) = cloud.by_address.get(key.as_ref())
                && Some(holder) != target
                && !reported.iter().any(|done| *done == *key)
            {
                decision.warnings.push(Warning {
                    code: WarningCode::AddressConflict,
                    cloud: Some(holder),
                    value: address.trim().into(),
                });
                reported.push(key.into_owned());
            }
        }
        if decision.outcome == Outcome::Create {
            let by_name = object
                .display_name
                .map(comparison_key)
                .and_then(|name| cloud.by_display_name.get(name.as_ref()).copied())
                .map(|holder| (holder, object.display_name.unwrap_or_default()));
            let local = object
                .primary_smtp()
                .or(object.user_principal_name)
                .map(|address| comparison_key(address).into_owned());
            let by_local = local
                .as_deref()
                .map(local_part)
                .filter(|part| !part.is_empty())
                .and_then(|part| cloud.by_local_part.get(part).map(|&holder| (holder, part)));
            if let Some((holder, value)) = by_name.or(by_local)
                && !cloud.anchored[holder as usize]
            {
                decision.warnings.push(Warning {
                    code: WarningCode::PossibleDuplicate,
                    cloud: Some(holder),
                    value: value.into(),
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
    pub fn finish(&mut self) {
        if self.finished {
            return;
        }
        self.finished = true;
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
        (0..self.cloud.ids.len() as u32).filter(|cloud| !self.joiners.contains_key(cloud))
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

    fn cloud_upn(&self, cloud: u32) -> Option<String> {
        self.cloud.upns[cloud as usize]
            .as_deref()
            .map(str::to_owned)
    }

    fn describe_cloud(&self, cloud: u32) -> String {
        let id = &self.cloud.ids[cloud as usize];
        match self.cloud.upns[cloud as usize].as_deref() {
            Some(upn) => format!("cloud user {upn} ({id})"),
            None => format!("cloud object {id}"),
        }
    }

    fn result(&self, position: u32, decision: &Decision) -> MatchResult {
        let target = decision.cloud.map(|cloud| self.describe_cloud(cloud));
        let target = target.as_deref().unwrap_or("the cloud user");
        let predicted = decision
            .predicted_upn
            .as_deref()
            .unwrap_or("a UPN in the initial domain");
        let detail = if let Some(error) = &decision.error {
            format!("No prediction: {error}.")
        } else {
            match decision.reason {
                Reason::OutOfScope => format!(
                    "Entra Connect does not synchronize this user by default: {}.",
                    decision
                        .out_of_scope
                        .as_deref()
                        .unwrap_or("it is out of scope")
                ),
                Reason::HardMatch
                    if decision
                        .cloud
                        .is_some_and(|c| self.cloud.linked[c as usize]) =>
                {
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
                    let others: Vec<&str> = decision
                        .cloud
                        .and_then(|cloud| self.joiners.get(&cloud))
                        .map(|joiners| {
                            joiners
                                .iter()
                                .filter(|&&other| other != position)
                                .map(|&other| &*self.decisions[other as usize].identity)
                                .collect()
                        })
                        .unwrap_or_default();
                    format!(
                        "{target} is also the match of {}; only one on-premises user can join it, the others fail or are duplicated.",
                        others.join("; ")
                    )
                }
            }
        };
        MatchResult {
            identity: decision.identity.to_string(),
            user_principal_name: decision.user_principal_name.as_deref().map(str::to_owned),
            immutable_id: decision.immutable_id.as_deref().map(str::to_owned),
            match_type: decision.match_type,
            outcome: decision.outcome,
            reason: decision.reason,
            cloud_object_id: decision
                .cloud
                .map(|cloud| self.cloud.ids[cloud as usize].to_string()),
            cloud_user_principal_name: decision.cloud.and_then(|cloud| self.cloud_upn(cloud)),
            predicted_user_principal_name: decision.predicted_upn.as_deref().map(str::to_owned),
            warnings: decision
                .warnings
                .iter()
                .map(|warning| self.warning(warning))
                .collect(),
            detail,
            error: decision.error.as_ref().map(|error| error.to_string()),
            error_kind: decision.error.clone(),
        }
    }

    fn warning(&self, warning: &Warning) -> MatchWarning {
        let other = warning
            .cloud
            .map(|cloud| self.describe_cloud(cloud))
            .unwrap_or_default();
        let value = &warning.value;
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
        let upn = self.cloud_upn(cloud);
        MatchResult {
            identity: upn
                .clone()
                .unwrap_or_else(|| self.cloud.ids[cloud as usize].to_string()),
            user_principal_name: None,
            immutable_id: None,
            match_type: MatchType::None,
            outcome: Outcome::CloudOnly,
            reason: Reason::NoMatch,
            cloud_object_id: Some(self.cloud.ids[cloud as usize].to_string()),
            cloud_user_principal_name: upn,
            predicted_user_principal_name: None,
            warnings: Vec::new(),
            detail: format!(
                "No on-premises user joins {}: it stays cloud-only.",
                self.describe_cloud(cloud)
            ),
            error: None,
            error_kind: None,
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
