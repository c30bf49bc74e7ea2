//! The hard-match plan: for each mapping of an on-premises user to a cloud user, the immutableId
//! to stamp and every guard rail that must hold first (docs/model.md, *Hard match*). Offline and
//! pure: the write, its journal and the live re-check are the module's; the re-check runs this
//! same plan on the live state.
//!
//! Here: the public model and the `Plan`; `guard` (the guard rails, in order), `wording` (Detail
//! sentences and warnings). It imports the core's `model`, `address`, `anchor`, `rules` and the
//! matching model's cloud and on-premises users.

mod guard;
#[cfg(test)]
mod tests;
mod wording;

use std::collections::{HashMap, HashSet};

use rustc_hash::FxBuildHasher;

use serde::Serialize;

use crate::address::{AddressType, ProxyAddress, comparison_key};
use crate::anchor::{AnchorError, SourceAnchor};
use crate::deployment::{ForestJoin, is_linked_mailbox};
use crate::model::{
    AnchorSetting, Attribute, CloudKey, CloudUser, MappingRow, ObjectType, OnPremKey, OnPremUser,
    Tenant,
};
use crate::parallel::Guard;
use crate::rules;
use crate::schema::{self, Field, InputError, Row, RowFailure, Rows};
use std::borrow::Cow;

/// Which side takes the other's anchor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Direction {
    /// The cloud user is stamped with the on-premises anchor (the seed's HardMatch.ps1).
    #[default]
    ToCloud,
    /// The on-premises user takes the cloud user's immutableId in mS-DS-ConsistencyGuid.
    ToOnPremises,
}

/// The plan's settings: the tenant's facts and the admin's choices.
#[derive(Clone, Debug, Default)]
pub struct PlanSettings {
    pub anchor: AnchorSetting,
    pub direction: Direction,
    /// Replace a different immutableId the target already holds (the old one is kept in the item).
    pub allow_replace: bool,
    /// BlockCloudObjectTakeoverThroughHardMatchEnabled.
    pub block_hard_match_takeover: bool,
    /// Ids or UPNs of privileged role holders, assigned or eligible.
    pub privileged: Vec<String>,
    /// Federated domains (a UPN on one must move to a managed domain first).
    pub federated_domains: Vec<String>,
    /// The tenant's verified domains: the UPN each user will have (Test-SoftMatch's rule).
    pub tenant: Tenant,
    /// The sync engine and the configured scope: a user it leaves out is never stamped.
    pub deployment: crate::deployment::Deployment,
}

listed_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
    pub enum PlanAction {
        Set,
        AlreadyMatched,
        Blocked,
    }
}

listed_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
    pub enum PlanReason {
        Ready,
        ReplaceImmutableId,
        AlreadyMatched,
        OnPremisesUserNotFound,
        OnPremisesUserOutOfScope,
        InvalidAnchor,
        TargetNotFound,
        TargetDeleted,
        TargetSynchronized,
        TargetHasImmutableId,
        AnchorHeldBySyncedDuplicate,
        AnchorHeldByCloudUser,
        AnchorHeldByDeletedUser,
        DuplicateTarget,
        DuplicateAnchor,
        PrivilegedTarget,
        FederatedDomain,
        ObjectIdentifierSet,
        TakeoverBlocked,
        AnchorNotGuid,
        ObjectGuidDeployment,
        TargetHasNoImmutableId,
        AmbiguousOnPremisesKey,
        NotAUser,
        PreviousAnchorInUse,
        AnchorHeldOnPremises,
        UserHasConsistencyGuid,
        UserAlreadySynchronized,
    }
}

listed_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
    pub enum PlanWarningCode {
        MailboxNotRemote,
        MailboxOnBothSides,
        UpnChanges,
        AddressesLost,
        SoftMatchesOtherUser,
        ValueUnreadable,
    }
}

/// One warning on an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanWarning {
    pub code: PlanWarningCode,
    pub message: String,
}

/// One item of the plan, as it crosses to PowerShell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanItem {
    pub identity: String,
    pub sam_account_name: Option<String>,
    pub on_premises_user_principal_name: Option<String>,
    pub immutable_id: Option<String>,
    pub cloud_user_id: Option<String>,
    pub cloud_user_principal_name: Option<String>,
    pub previous_immutable_id: Option<String>,
    pub action: PlanAction,
    pub reason: PlanReason,
    pub detail: String,
    pub warnings: Vec<PlanWarning>,
    /// ToOnPremises: the 16 bytes for mS-DS-ConsistencyGuid, as Base64.
    pub consistency_guid: Option<String>,
    /// The on-premises user's domain, from its DN's DC= parts (Set-ADUser -Server for a user in
    /// another domain).
    pub on_premises_domain: Option<String>,
    /// The users an ambiguous key names, or the on-premises user already holding an anchor.
    pub on_premises_others: Vec<String>,
    /// The cloud user's SMTP addresses the on-premises user lacks: the join removes them.
    pub lost_addresses: Vec<String>,
    /// The UPN the cloud user will have after the match (Test-SoftMatch's rule); None when it
    /// cannot be told (a MOERA without the tenant's initial domain).
    pub predicted_user_principal_name: Option<String>,
}

/// A cloud user as the plan keeps it.
#[derive(Clone, Debug, Default)]
pub(crate) struct CloudState {
    pub(crate) id: String,
    pub(crate) upn: Option<String>,
    pub(crate) immutable_id: Option<String>,
    /// OnPremisesSyncEnabled true, or (Get-MsolUser) LastDirSyncTime set without it.
    pub(crate) synchronized: bool,
    pub(crate) deleted: bool,
    pub(crate) object_identifier: Option<String>,
    pub(crate) has_mailbox: bool,
    /// Its mailbox's ExchangeGuid (Set-RemoteMailbox -ExchangeGuid).
    pub(crate) exchange_guid: Option<Box<str>>,
    pub(crate) privileged: bool,
    /// A group or a contact: onPremisesImmutableId exists on users only.
    pub(crate) kind: ObjectType,
    /// Its SMTP addresses (its primary first, then Mail and smtp: proxies), a range of the
    /// plan's address text.
    pub(crate) addresses: (u32, u32),
    /// The first address is its primary SMTP address (the SMTP: proxy, else Mail).
    pub(crate) has_primary: bool,
}

/// An on-premises user as the plan keeps it.
#[derive(Clone, Debug)]
pub(crate) struct OnPremState {
    pub(crate) identity: String,
    pub(crate) sam: Option<String>,
    pub(crate) upn: Option<String>,
    pub(crate) immutable_id: Result<String, AnchorError>,
    pub(crate) out_of_scope: Option<String>,
    pub(crate) mailbox: rules::ExchangeRecipient,
    /// mS-DS-ConsistencyGuid holds a value (ToOnPremises would overwrite it).
    pub(crate) has_consistency_guid: bool,
    /// Its SMTP addresses (its primary first, then mail and smtp: proxyAddresses), a range of
    /// the plan's address text.
    pub(crate) addresses: (u32, u32),
    /// The first address is its primary SMTP address (what a soft match looks up).
    pub(crate) has_primary: bool,
    /// The UPN Entra ID gives it (`rules::plan_upn`, as Test-SoftMatch predicts it).
    pub(crate) cloud_upn: UpnOutcome,
    /// An attribute whose value could not be read (a type name an export wrote): it was planned
    /// on the rest, and its items say so.
    pub(crate) unreadable: Option<String>,
}

/// The UPN Entra ID gives an on-premises user, as the plan keeps it: only what its own UPN does
/// not already say (the sent UPN is that UPN unless the user has none; the predicted one is the
/// sent one unless it is replaced).
#[derive(Clone, Debug, Default)]
pub(crate) struct UpnOutcome {
    /// A user: groups and contacts have no UPN to predict.
    pub(crate) user: bool,
    /// sAMAccountName@<domain>, what Entra Connect sends for a user without a UPN.
    pub(crate) from_sam: Option<String>,
    /// Why the sent UPN does not reach the cloud as it is; None when it does.
    pub(crate) replaced: Option<UpnReplaced>,
    /// The MOERA that replaces it; None when that cannot be told (no initial domain).
    pub(crate) moera: Option<String>,
}

impl OnPremState {
    /// What Entra Connect sends as the user's UPN (the UPN, else sAMAccountName@<domain>).
    pub(crate) fn sent_upn(&self) -> Option<&str> {
        let outcome = &self.cloud_upn;
        outcome
            .user
            .then(|| outcome.from_sam.as_deref().or(self.upn.as_deref()))
            .flatten()
    }

    /// The UPN the cloud user will have (Test-SoftMatch's rule); None when it cannot be told.
    pub(crate) fn predicted_upn(&self) -> Option<&str> {
        match self.cloud_upn.replaced {
            None => self.sent_upn(),
            Some(_) => self.cloud_upn.moera.as_deref(),
        }
    }
}

/// Why Entra ID replaces a sent UPN with the MOERA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UpnReplaced {
    Invalid,
    SuffixNotVerified,
}

/// The cloud user a mapped on-premises user's own values soft-match, when it is not the row's.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OtherMatch {
    pub(crate) cloud: u32,
    /// Found by the primary SMTP address (else by the UPN).
    pub(crate) by_smtp: bool,
}

/// One decided row, before the cross-row pass.
#[derive(Clone, Debug)]
pub(crate) struct Decided {
    pub(crate) identity: String,
    pub(crate) on_prem: Option<u32>,
    pub(crate) target: Option<u32>,
    pub(crate) immutable_id: Option<String>,
    pub(crate) action: PlanAction,
    pub(crate) reason: PlanReason,
    /// The other cloud user (holder of the anchor) or rows (duplicates) a reason names.
    pub(crate) holder: Option<u32>,
    pub(crate) others: Vec<u32>,
    pub(crate) note: Option<String>,
    pub(crate) warnings: Vec<PlanWarningCode>,
    pub(crate) consistency_guid: Option<[u8; 16]>,
    /// On-premises users a reason names (an ambiguous key's, an anchor's holders).
    pub(crate) on_prem_others: Vec<u32>,
    /// The target's addresses the on-premises user lacks.
    pub(crate) lost_addresses: Vec<String>,
    /// Another cloud user this user's own values soft-match: the row may be swapped.
    pub(crate) other_match: Option<OtherMatch>,
}

/// A plan in progress: cloud users and on-premises users first, then rows, then
/// [`Plan::finish`].
#[derive(Debug, Default)]
pub struct Plan {
    settings: PlanSettings,
    privileged: HashSet<String, FxBuildHasher>,
    pub(crate) clouds: Vec<CloudState>,
    cloud_by_id: HashMap<String, u32>,
    cloud_by_upn: HashMap<String, u32>,
    /// Every cloud user (deleted ones too) holding an immutableId, exactly as written.
    holders: HashMap<String, Vec<u32>>,
    pub(crate) on_prems: Vec<OnPremState>,
    /// Every on-premises user a key names (more than one: the key is ambiguous).
    on_prem_by_key: HashMap<String, Vec<u32>>,
    /// The in-scope on-premises users by their immutableId.
    on_prem_by_anchor: HashMap<String, Vec<u32>>,
    /// Under the deployment's forest join: the first user holding each join value (its person).
    persons: HashMap<String, u32>,
    /// Every user's SMTP addresses, one per line, in one text: no allocation per user.
    address_text: String,
    pub(crate) decided: Vec<Decided>,
    finished: bool,
}

/// The key an on-premises user is found by: its kind and the value without case.
fn on_prem_index_key(kind: &str, value: &str) -> String {
    format!("{kind}:{}", comparison_key(value))
}

impl Plan {
    pub fn new(settings: PlanSettings) -> Self {
        let privileged = crate::matching::privileged_keys(&settings.privileged);
        Plan {
            settings,
            privileged,
            ..Plan::default()
        }
    }

    /// Cloud users (and soft-deleted ones) can be added only before the first row.
    pub fn accepts_users(&self) -> bool {
        self.decided.is_empty() && !self.finished
    }

    pub fn accepts_rows(&self) -> bool {
        !self.finished
    }

    /// Adds a cloud user (Get-MgUser, Get-MsolUser, a deleted user).
    pub fn add_cloud(&mut self, user: &CloudUser<'_>) {
        let number = self.clouds.len() as u32;
        let id = user.id.trim().to_owned();
        let upn = user
            .user_principal_name
            .map(str::trim)
            .filter(|upn| !upn.is_empty())
            .map(str::to_owned);
        let immutable_id = user
            .immutable_id
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_owned);
        let privileged = self.privileged.contains(comparison_key(&id).as_ref())
            || upn
                .as_deref()
                .is_some_and(|upn| self.privileged.contains(comparison_key(upn).as_ref()));
        if let Some(anchor) = &immutable_id {
            self.holders.entry(anchor.clone()).or_default().push(number);
        }
        if !user.deleted {
            if !id.is_empty() {
                self.cloud_by_id
                    .entry(comparison_key(&id).into_owned())
                    .or_insert(number);
            }
            if let Some(upn) = &upn {
                self.cloud_by_upn
                    .entry(comparison_key(upn).into_owned())
                    .or_insert(number);
            }
        } else if !id.is_empty() {
            // A deleted user is found by id only to say it is deleted.
            self.cloud_by_id
                .entry(comparison_key(&id).into_owned())
                .or_insert(number);
        }
        // The cloud primary: the SMTP: proxy, else Mail (as the prediction's index keeps it).
        let primary = user
            .proxy_addresses
            .iter()
            .find(|proxy| proxy.is_primary && proxy.kind == AddressType::Smtp)
            .map(|proxy| proxy.address)
            .or(user.mail);
        let (addresses, has_primary) =
            self.keep_addresses(primary, user.mail, &user.proxy_addresses);
        self.clouds.push(CloudState {
            id,
            upn,
            immutable_id,
            synchronized: user.is_linked(),
            deleted: user.deleted,
            object_identifier: user
                .object_identifier
                .map(str::trim)
                .filter(|value| !value.is_empty())
                .map(str::to_owned),
            has_mailbox: user.has_mailbox,
            exchange_guid: user
                .exchange_guid
                .map(str::trim)
                .filter(|guid| !guid.is_empty())
                .map(Box::from),
            privileged,
            kind: ObjectType::from_text(user.object_type),
            addresses,
            has_primary,
        });
    }

    /// The deployment this plan honours.
    pub fn deployment(&self) -> &crate::deployment::Deployment {
        &self.settings.deployment
    }

    /// Honours `deployment` (a user its configured scope leaves out is never stamped): false (and
    /// unchanged) once an on-premises user is added.
    pub fn set_deployment(&mut self, deployment: crate::deployment::Deployment) -> bool {
        if !self.on_prems.is_empty() {
            return false;
        }
        self.settings.deployment = deployment;
        true
    }

    /// Adds an on-premises user a row may name (Get-ADUser output, a CSV row).
    pub fn add_on_prem(&mut self, user: &OnPremUser<'_>) {
        self.add_on_prem_read(user, None);
    }

    /// Adds an on-premises user, `unreadable` naming an attribute that could not be read (left
    /// out of `user`).
    fn add_on_prem_read(&mut self, user: &OnPremUser<'_>, unreadable: Option<String>) {
        let object = &user.object;
        let number = self.on_prems.len() as u32;
        let text = |value: Option<&str>| {
            value
                .map(str::trim)
                .filter(|value| !value.is_empty())
                .map(str::to_owned)
        };
        let sam = text(object.sam_account_name);
        let upn = text(object.user_principal_name);
        for (kind, value) in [
            ("sam", object.sam_account_name),
            ("dn", object.distinguished_name),
            ("upn", object.user_principal_name),
        ] {
            if let Some(value) = value.filter(|value| !value.trim().is_empty()) {
                self.index_on_prem(on_prem_index_key(kind, value), number);
            }
        }
        if let crate::anchor::AnchorInput::User {
            object_guid: Some(guid),
            ..
        } = user.anchor
            && let Ok((anchor, _)) = SourceAnchor::from_value(guid, None)
        {
            self.index_on_prem(format!("guid:{}", anchor.guid_text()), number);
        }
        let (addresses, has_primary) =
            self.keep_addresses(object.primary_smtp(), object.mail, &object.proxy_addresses);
        let state = OnPremState {
            identity: object.identity().to_owned(),
            sam,
            upn,
            immutable_id: self
                .settings
                .anchor
                .anchor_of(object.object_type(), user.anchor)
                .map(|anchor| anchor.immutable_id),
            out_of_scope: self
                .settings
                .deployment
                .out_of_scope(object)
                .or_else(|| self.anchor_not_the_persons(object, number)),
            mailbox: rules::exchange_recipient(object),
            has_consistency_guid: matches!(
                user.anchor,
                crate::anchor::AnchorInput::User {
                    consistency_guid: Some(_),
                    ..
                }
            ),
            addresses,
            has_primary,
            cloud_upn: self.upn_outcome(object),
            unreadable,
        };
        if let (Ok(anchor), None) = (&state.immutable_id, &state.out_of_scope) {
            self.on_prem_by_anchor
                .entry(anchor.clone())
                .or_default()
                .push(number);
        }
        self.on_prems.push(state);
    }

    /// Why `object`'s source anchor is not the one its person is synchronized with, under the
    /// deployment's forest join: a linked mailbox's never is ("The sourceAnchor attribute is not
    /// contributed from a linked mailbox", Understanding the default configuration), nor a user
    /// joined into an earlier user's person (the first read is the person, as Test-SoftMatch
    /// assumes). Stamping it would never match.
    fn anchor_not_the_persons(
        &mut self,
        object: &crate::model::DirectoryObject<'_>,
        number: u32,
    ) -> Option<String> {
        let join = &self.settings.deployment.forest_join;
        if *join == ForestJoin::ObjectSidMasterAccountSid {
            return (object.object_type() == crate::model::ObjectType::User
                && is_linked_mailbox(object))
            .then(|| "Under the deployment's forest join on objectSid and msExchMasterAccountSid this user is a linked mailbox, whose source anchor is not synchronized: its person takes its account's (Understanding the default configuration)".to_owned());
        }
        let (_, key) = join.value(object)?;
        match self.persons.entry(key.into_owned()) {
            std::collections::hash_map::Entry::Occupied(person) => {
                let person = &self.on_prems[*person.get() as usize].identity;
                Some(format!(
                    "Under the deployment's forest join on {} this user is one person with {person}, which is read first and synchronized with its own source anchor",
                    join.describe()
                ))
            }
            std::collections::hash_map::Entry::Vacant(free) => {
                free.insert(number);
                None
            }
        }
    }

    /// Keeps a user's SMTP addresses (its primary first, then mail and smtp: proxies) in the
    /// address text; returns their range and whether the first is the primary.
    fn keep_addresses(
        &mut self,
        primary: Option<&str>,
        mail: Option<&str>,
        proxies: &[ProxyAddress<'_>],
    ) -> ((u32, u32), bool) {
        let start = self.address_text.len();
        let keep = |text: &mut String, address: &str| {
            let address = address.trim();
            let kept = !address.is_empty() && !address.contains('\n');
            if kept {
                text.push_str(address);
                text.push('\n');
            }
            kept
        };
        let primary = primary.map(str::trim);
        let has_primary = primary.is_some_and(|primary| keep(&mut self.address_text, primary));
        let smtp = proxies
            .iter()
            .filter(|proxy| proxy.kind == AddressType::Smtp)
            .map(|proxy| proxy.address);
        for address in mail.into_iter().chain(smtp) {
            if !(has_primary && primary.is_some_and(|primary| primary == address.trim())) {
                keep(&mut self.address_text, address);
            }
        }
        let range = (start as u32, (self.address_text.len() - start) as u32);
        (range, has_primary)
    }

    /// The UPN Entra ID gives `object`, by Test-SoftMatch's rule (groups and contacts have none).
    fn upn_outcome(&self, object: &crate::model::DirectoryObject<'_>) -> UpnOutcome {
        if object.object_type() != ObjectType::User {
            return UpnOutcome::default();
        }
        let plan = rules::plan_upn(&self.settings.tenant, object);
        let replaced = match (plan.reaches_cloud, plan.invalid) {
            (true, _) => None,
            (false, true) => Some(UpnReplaced::Invalid),
            (false, false) => Some(UpnReplaced::SuffixNotVerified),
        };
        UpnOutcome {
            user: true,
            from_sam: plan.sent.filter(|_| plan.from_sam).map(Cow::into_owned),
            replaced,
            moera: plan
                .predicted
                .filter(|_| replaced.is_some())
                .map(Cow::into_owned),
        }
    }

    /// A cloud user's primary SMTP address, when it has one.
    pub(crate) fn cloud_primary(&self, cloud: &CloudState) -> Option<&str> {
        cloud
            .has_primary
            .then(|| self.addresses(cloud.addresses).next())
            .flatten()
    }

    /// An on-premises user's primary SMTP address, when it has one.
    pub(crate) fn on_prem_primary(&self, user: &OnPremState) -> Option<&str> {
        user.has_primary
            .then(|| self.addresses(user.addresses).next())
            .flatten()
    }

    /// The addresses kept at `range`.
    pub(crate) fn addresses(&self, (start, len): (u32, u32)) -> impl Iterator<Item = &str> {
        self.address_text
            .get(start as usize..(start + len) as usize)
            .unwrap_or("")
            .lines()
    }

    /// Indexes `number` under `key` (repeats of one object are told apart when found).
    fn index_on_prem(&mut self, key: String, number: u32) {
        self.on_prem_by_key.entry(key).or_default().push(number);
    }

    /// The on-premises users a row's key names: none, one, or (an ambiguous key: the same
    /// sAMAccountName in two domains) several. The same object given twice is one.
    fn find_on_prem(&self, key: &str, kind: OnPremKey) -> Vec<u32> {
        let find = |kind: &str| {
            self.on_prem_by_key
                .get(&on_prem_index_key(kind, key))
                .map(|users| self.distinct(users))
                .unwrap_or_default()
        };
        let by_guid = || {
            SourceAnchor::parse(key, None)
                .ok()
                .and_then(|(anchor, _)| {
                    self.on_prem_by_key
                        .get(&format!("guid:{}", anchor.guid_text()))
                        .map(|users| self.distinct(users))
                })
                .unwrap_or_default()
        };
        let first = |found: Vec<u32>, next: &dyn Fn() -> Vec<u32>| {
            if found.is_empty() { next() } else { found }
        };
        match kind {
            OnPremKey::SamAccountName => find("sam"),
            OnPremKey::DistinguishedName => find("dn"),
            OnPremKey::UserPrincipalName => find("upn"),
            OnPremKey::ObjectGuid => by_guid(),
            OnPremKey::Any => first(find("sam"), &|| {
                first(find("upn"), &|| first(find("dn"), &by_guid))
            }),
        }
    }

    /// `users` without the repeats of one object (the same identity, without case).
    fn distinct(&self, users: &[u32]) -> Vec<u32> {
        let mut kept: Vec<u32> = Vec::with_capacity(users.len());
        for &user in users {
            let identity = comparison_key(&self.on_prems[user as usize].identity);
            if !kept
                .iter()
                .any(|&other| comparison_key(&self.on_prems[other as usize].identity) == identity)
            {
                kept.push(user);
            }
        }
        kept
    }

    /// The in-scope on-premises users other than `user` whose anchor is `immutable_id`.
    pub(crate) fn on_prem_holders(&self, immutable_id: &str, user: Option<u32>) -> Vec<u32> {
        self.on_prem_by_anchor
            .get(immutable_id)
            .map(|users| {
                self.distinct(users)
                    .into_iter()
                    .filter(|&other| Some(other) != user)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Finds the cloud user a row names (deleted users by id only).
    fn find_cloud(&self, key: &str, kind: CloudKey) -> Option<u32> {
        let key = comparison_key(key);
        let by_id = || self.cloud_by_id.get(key.as_ref()).copied();
        let by_upn = || self.cloud_by_upn.get(key.as_ref()).copied();
        match kind {
            CloudKey::Id => by_id(),
            CloudKey::UserPrincipalName => by_upn(),
            CloudKey::Any => by_id().or_else(by_upn),
        }
    }

    /// Adds `rows` as cloud users (soft-deleted ones when `deleted`); a row that cannot be read,
    /// or has no Id, is left out and named in the failures returned.
    pub fn add_cloud_rows(&mut self, rows: &impl Rows, deleted: bool) -> Vec<RowFailure> {
        let mut failures = Vec::new();
        for index in 0..rows.count() {
            match schema::cloud_row(rows, index) {
                Ok(row) => self.add_cloud(&schema::cloud_user(&row, deleted)),
                Err(failure) => failures.push(failure),
            }
        }
        failures
    }

    /// Adds `rows` as the on-premises users mapping rows may name; with `own_rows`, only the rows
    /// that are their own directory user (a row carrying its objectGUID: a Get-ADUser object, an
    /// AD export row, given as mapping rows without -OnPremisesUser). A row that cannot be read,
    /// holds a type name, or whose reading panics is left out and named in the failures returned;
    /// one whose anchor cannot be read is kept (its rows are InvalidAnchor) and named too.
    pub fn add_on_prem_rows(
        &mut self,
        rows: &impl Rows,
        own_rows: bool,
        guard: &impl Guard,
    ) -> Vec<RowFailure> {
        let setting = self.settings.anchor;
        let mut failures = Vec::new();
        for index in 0..rows.count() {
            let outcome = guard
                .run(|| {
                    let row = rows.row(index)?;
                    if own_rows && !schema::is_directory_user(&row) {
                        return Ok(());
                    }
                    let mut user = schema::on_prem_user(&row, setting);
                    self.settings.deployment.sign_in(&row, &mut user.object);
                    // A type name in a key leaves the user unfindable: an error. Elsewhere the
                    // user is planned on what was read, and its items say which value was not.
                    let mut unreadable = None;
                    while let Some((attribute, message)) = rules::type_name_value(&user.object) {
                        match attribute {
                            Attribute::SamAccountName | Attribute::UserPrincipalName => {
                                return Err(InputError::TypeName(message));
                            }
                            // One address unread: none of its addresses are known.
                            Attribute::Mail | Attribute::ProxyAddresses => {
                                user.object.forget(Attribute::Mail);
                                user.object.forget(Attribute::ProxyAddresses);
                            }
                            other => user.object.forget(other),
                        }
                        unreadable.get_or_insert(message);
                    }
                    self.add_on_prem_read(&user, unreadable);
                    // Kept (a row naming it is InvalidAnchor), and said as Test-SoftMatch says it
                    // for the same object.
                    match self.on_prems.last().map(|state| &state.immutable_id) {
                        Some(Err(error)) => Err(InputError::Anchor(error.clone())),
                        _ => Ok(()),
                    }
                })
                .unwrap_or_else(|message| Err(InputError::Panic(message)));
            if let Err(error) = outcome {
                let anchor = matches!(error, InputError::Anchor(_));
                let mut failure = RowFailure::new(rows, index, error);
                if anchor && let Some(user) = self.on_prems.last() {
                    // Named as Test-SoftMatch names it: the user, then why.
                    failure.message = format!("{}: {}", user.identity, failure.message);
                }
                failures.push(failure);
            }
        }
        failures
    }

    /// Plans `rows` as mapping rows, in order (the key rule: `schema::mapping_row`). Every row
    /// yields an item: one that cannot be read, or that the caller refused (a `Refusal` cell),
    /// is a Blocked item naming the row; the first is also a failure returned.
    pub fn add_mapping_rows(&mut self, rows: &impl Rows) -> Vec<RowFailure> {
        let mut failures = Vec::new();
        for index in 0..rows.count() {
            let number = self.decided.len() + 1;
            let unnamed = |why: &str| MappingRow {
                on_prem_key: None,
                on_prem_kind: OnPremKey::Any,
                cloud_key: None,
                cloud_kind: CloudKey::Any,
                immutable_id: None,
                identity: Some(Cow::Owned(format!("(row {number}: {why})"))),
            };
            match rows.row(index) {
                Ok(row) => match row.text(Field::Refusal) {
                    Some(why) => self.add_row(&unnamed(why)),
                    None => self.add_row(&schema::mapping_row(&row)),
                },
                Err(error) => {
                    let failure = RowFailure::new(rows, index, error);
                    self.add_row(&unnamed(&failure.message));
                    failures.push(failure);
                }
            }
        }
        failures
    }

    /// Plans one row (in input order).
    pub fn add_row(&mut self, row: &MappingRow<'_>) {
        let decided = self.decide(row);
        self.decided.push(decided);
    }

    /// The final pass: rows that stamp one target, or one anchor on two targets, all blocked;
    /// then rows the directory contradicts, flagged. Idempotent.
    pub fn finish(&mut self) {
        if self.finished {
            return;
        }
        self.finished = true;
        guard::block_duplicates(&mut self.decided);
        self.flag_other_matches();
    }

    pub fn item_count(&self) -> usize {
        self.decided.len()
    }

    /// Items `start..start + count` (after [`Plan::finish`]).
    pub fn items(&self, start: usize, count: usize) -> Vec<PlanItem> {
        self.decided
            .iter()
            .skip(start)
            .take(count)
            .map(|decided| self.item(decided))
            .collect()
    }
}
