//! A readiness check over a whole directory: each object's own findings as it arrives, and at the
//! end the values two objects share (docs/model.md, *Attribute rules*). Memory grows with the number of distinct
//! values and objects, not with findings: each value is kept once, with the objects holding it.
//! Output grows with input too: a value held by k objects yields k findings that each name at
//! most [`NAMED_CONFLICTS`] others, and one [`DuplicateGroup`] that lists all k once.

use std::collections::HashMap;
use std::hash::BuildHasher;

use rustc_hash::FxBuildHasher;
use serde::Serialize;

use crate::address::{AddressType, ProxyAddress, push_comparison_key};
use crate::deployment::{Deployment, ForestJoin, is_linked_mailbox};
use crate::model::{AnchorSetting, Attribute, DirectoryObject, ObjectType, Tenant};
use crate::parallel::{Guard, each_run, threads_for};
use crate::rules::{self, Finding, Rule, Severity};
use crate::schema::{self, InputError, RowFailure, Rows};

mod suggestions;

/// A finding with the object it is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ObjectFinding {
    pub identity: String,
    #[serde(flatten)]
    pub finding: Finding,
}

/// How many other holders a duplicate finding names; its group lists every holder.
pub const NAMED_CONFLICTS: usize = 5;

/// Every holder of one duplicated value, listed once for all the findings about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DuplicateGroup {
    /// A stable name for the group: the uniqueness scope and the compared value
    /// (`address:noreply@contoso.com`, `sAMAccountName:jdoe`).
    pub key: String,
    /// The compared (case-folded) value.
    pub value: String,
    /// Each holder as `identity (attribute)`, in object order.
    pub members: Vec<String>,
}

/// What the duplicate pass finds: the groups, and one finding per holder and attribute.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Duplicates {
    pub groups: Vec<DuplicateGroup>,
    pub findings: Vec<ObjectFinding>,
}

/// The uniqueness scopes: values collide only with values of the same scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
enum Scope {
    /// userPrincipalName, mail and SMTP proxy addresses: unique across all three.
    Address,
    /// Non-SMTP proxy addresses, keyed with their type (`x500:…`, `sip:…`).
    Proxy,
    MailNickname,
    SamAccountName,
    TargetAddress,
    /// msRTCSIP-PrimaryUserAddress: Entra ID's SipProxyAddress must be unique, and is not
    /// quarantined (AttributeValueMustBeUnique).
    SipAddress,
    /// The source anchor (immutableId): unique in the tenant, compared with case.
    SourceAnchor,
    /// A user's join value under the deployment's forest join: users sharing one are one person
    /// (not a uniqueness scope: it is never reported as a duplicate).
    Person,
}

impl Scope {
    fn name(self) -> &'static str {
        match self {
            Scope::Address => "address",
            Scope::Proxy => "proxy",
            Scope::MailNickname => "mailNickname",
            Scope::SamAccountName => "sAMAccountName",
            Scope::TargetAddress => "targetAddress",
            Scope::SipAddress => "sipAddress",
            Scope::SourceAnchor => "sourceAnchor",
            Scope::Person => "person",
        }
    }
}

/// One object holding a value, and in which of its attributes (a bit per [`Attribute`]).
#[derive(Clone, Copy, Debug)]
struct Holder {
    object: u32,
    attributes: u16,
}

/// One value one object holds, in which of its attributes (a bit per [`Attribute`]: a UPN that
/// is also the mail and the primary SMTP address is one occurrence), its key's hash and where its
/// text is. Kept to 24 bytes (there are several per object): the hash's top bits chose the
/// bucket, 32 more are kept, and equal hashes are confirmed by comparing text.
#[derive(Clone, Copy, Debug)]
struct Occurrence {
    start: u64,
    hash: u32,
    len: u32,
    object: u32,
    attributes: u16,
    scope: Scope,
}

/// Every value seen, appended as it comes: keys' text back to back in one buffer, and one small
/// record per occurrence. Appending touches memory in order, where a hash table touches it at
/// random (the cost that dominates at millions of values); [`ValueIndex::groups`] sorts the
/// records once, at the end. Memory grows with the values seen (a few per object).
#[derive(Debug)]
struct ValueIndex {
    text: String,
    /// Occurrences split by the top six bits of their hash, so each part sorts within the cache.
    buckets: Vec<Vec<Occurrence>>,
    /// Reused to build each key.
    key: String,
    /// The object last added, and where its occurrences are (bucket, index).
    object: Option<u32>,
    own: Vec<(usize, usize)>,
}

impl Default for ValueIndex {
    fn default() -> Self {
        ValueIndex {
            text: String::new(),
            buckets: (0..BUCKETS).map(|_| Vec::new()).collect(),
            key: String::new(),
            object: None,
            own: Vec::new(),
        }
    }
}

const BUCKETS: usize = 64;

const _: () = assert!(std::mem::size_of::<Occurrence>() == 24);

impl ValueIndex {
    /// Records that `object` holds the value in `self.key` in `attribute` (objects are added
    /// one after another: all of one object's values before the next object's).
    fn add(&mut self, scope: Scope, object: u32, attribute: Attribute) {
        if self.key.is_empty() {
            return;
        }
        let hash = FxBuildHasher.hash_one((scope, self.key.as_str()));
        let bucket = (hash >> 58) as usize;
        let bit = 1u16 << (attribute as u16);
        if self.object != Some(object) {
            self.object = Some(object);
            self.own.clear();
        }
        // A value the object already holds in another attribute gets that attribute's bit.
        let held = self.own.iter().copied().find(|&(at, index)| {
            let occurrence = &self.buckets[at][index];
            at == bucket
                && occurrence.hash == hash as u32
                && occurrence.scope == scope
                && self.text(occurrence) == self.key
        });
        if let Some((at, index)) = held {
            self.buckets[at][index].attributes |= bit;
            return;
        }
        let start = self.text.len();
        self.text.push_str(&self.key);
        self.own.push((bucket, self.buckets[bucket].len()));
        self.buckets[bucket].push(Occurrence {
            hash: hash as u32,
            start: start as u64,
            len: self.key.len() as u32,
            object,
            attributes: bit,
            scope,
        });
    }

    fn text(&self, occurrence: &Occurrence) -> &str {
        let start = occurrence.start as usize;
        &self.text[start..start + occurrence.len as usize]
    }
}

/// Checks objects one by one and remembers their values for the duplicate pass.
#[derive(Debug, Default)]
pub struct Readiness {
    tenant: Tenant,
    /// The deployment's source anchor: which value two objects may not share, and (custom) the
    /// rules each value must follow.
    anchor: AnchorSetting,
    /// The sync engine and the configured scope: what is out of scope besides the default rules.
    deployment: Deployment,
    /// The objects kept, as runs in input order (read in place by the duplicate pass, not joined).
    runs: Vec<Kept>,
    /// The number of each run's first object.
    firsts: Vec<u32>,
    /// Findings that carry a suggestion, in input order: handed out by [`Readiness::finish`]
    /// once every value is known (a suggestion must be free in the whole run).
    held: Vec<ObjectFinding>,
}

/// The values of in-scope objects, kept in input order for the duplicate pass. Many threads can
/// each keep a run of objects in one of their own; [`Readiness::keep_all`] takes the runs in
/// order.
#[derive(Debug, Default)]
pub struct Kept {
    /// Identities of the objects kept, back to back; `identity_ends[i]` ends object i's.
    identities: String,
    identity_ends: Vec<usize>,
    values: ValueIndex,
    /// The objects kept that are not users (few): their numbers in order, with their type.
    others: Vec<(u32, ObjectType)>,
    /// The linked mailboxes kept under the SID forest join, by number, in order.
    mailboxes: Vec<u32>,
}

impl Readiness {
    pub fn new(tenant: Tenant) -> Self {
        Readiness {
            tenant,
            ..Readiness::default()
        }
    }

    /// The same, for a deployment whose source anchor is `anchor` (Auto by default).
    pub fn with_anchor(self, anchor: AnchorSetting) -> Self {
        Readiness { anchor, ..self }
    }

    /// The deployment this check honours.
    pub fn deployment(&self) -> &Deployment {
        &self.deployment
    }

    /// Honours `deployment` (its configured scope leaves objects out): false (and unchanged) once
    /// an object is checked.
    pub fn set_deployment(&mut self, deployment: Deployment) -> bool {
        if !self.runs.is_empty() || !self.held.is_empty() {
            return false;
        }
        self.deployment = deployment;
        true
    }

    /// The findings for one object's own values; its values are kept for [`Readiness::finish`].
    /// An object Entra Connect leaves out gets one `OutOfScope` warning and nothing else.
    /// Findings that carry a suggestion come from [`Readiness::finish`] instead.
    pub fn check(&mut self, object: &DirectoryObject<'_>) -> Vec<ObjectFinding> {
        let (findings, in_scope) = self.own_findings(object);
        if in_scope {
            self.keep(object);
            if let Some(last) = self.runs.last_mut() {
                last.keep_person(&self.deployment.forest_join, object);
            }
        }
        self.hold_suggestions(findings)
    }

    /// [`Readiness::check`] on a thread of its own: the findings, and the values of an object in
    /// scope kept in `kept`, a run handed to [`Readiness::keep_all`] once the thread is done.
    pub fn check_into(&self, object: &DirectoryObject<'_>, kept: &mut Kept) -> Vec<ObjectFinding> {
        let (findings, in_scope) = self.own_findings(object);
        if in_scope {
            kept.keep(object);
            kept.keep_person(&self.deployment.forest_join, object);
        }
        findings
    }

    /// Checks `rows` (objects from the module, or an export's rows) on every core, each row read,
    /// projected and checked inside `guard`: the findings in row order, and each row that could
    /// not be read or checked (a value that is a type name, a panic) as a failure. The values of
    /// the rows in scope are kept for [`Readiness::finish`], after those kept so far.
    pub fn check_rows(
        &mut self,
        rows: &impl Rows,
        guard: &impl Guard,
    ) -> (Vec<ObjectFinding>, Vec<RowFailure>) {
        let indices: Vec<usize> = (0..rows.count()).collect();
        let checking = &*self;
        let check_row = |index: usize, kept: &mut Kept| {
            guard
                .run(|| {
                    let row = rows.row(index)?;
                    let mut object = schema::directory_object(&row);
                    checking.deployment.sign_in(&row, &mut object);
                    match rules::type_name_problem(&object) {
                        Some(message) => Err(InputError::TypeName(message)),
                        None => {
                            let before = kept.identity_ends.len();
                            let mut found = checking.check_into(&object, kept);
                            if kept.identity_ends.len() > before {
                                found.extend(checking.anchor_findings(&object, &row, kept));
                            }
                            Ok(found)
                        }
                    }
                })
                .unwrap_or_else(|message| Err(InputError::Panic(message)))
        };
        // Each run gathers its findings and failures as it goes (one entry per row would write a
        // million results to read them back once), and keeps its values as a run of its own.
        let runs = each_run(&indices, threads_for(indices.len()), |run| {
            let mut kept = Kept::with_capacity(run.len());
            let (mut findings, mut failures) = (Vec::new(), Vec::new());
            for &index in run {
                match check_row(index, &mut kept) {
                    Ok(found) => findings.extend(found),
                    Err(error) => failures.push(RowFailure::new(rows, index, error)),
                }
            }
            (findings, failures, kept)
        });
        let (mut findings, mut failures) = (Vec::new(), Vec::new());
        for (found, failed, kept) in runs {
            self.keep_all(kept);
            findings.extend(found);
            failures.extend(failed);
        }
        (self.hold_suggestions(findings), failures)
    }

    /// An object in scope's source anchor, read under the deployment's setting: kept for the
    /// duplicate pass (two objects may not share one), and under a custom attribute its value
    /// checked by Design concepts' rules ([`rules::check_custom_anchor`]).
    fn anchor_findings<'a>(
        &self,
        object: &DirectoryObject<'a>,
        row: &impl schema::Row<'a>,
        kept: &mut Kept,
    ) -> Vec<ObjectFinding> {
        let input = schema::user_anchor(row, self.anchor);
        if let Ok(anchor) = self.anchor.anchor_of(object.object_type(), input) {
            kept.keep_anchor(&anchor.immutable_id);
        }
        if self.anchor != AnchorSetting::Custom {
            return Vec::new();
        }
        let value = match input {
            crate::anchor::AnchorInput::User {
                consistency_guid, ..
            } => consistency_guid,
            crate::anchor::AnchorInput::Value(value) => Some(value),
        };
        let identity = object.identity();
        rules::check_custom_anchor(object, value)
            .into_iter()
            .map(|finding| ObjectFinding {
                identity: identity.to_owned(),
                finding,
            })
            .collect()
    }

    /// An object's own findings, and whether it is in scope (then [`Readiness::keep`] it): the
    /// pure half of [`Readiness::check`], which many threads may run at once.
    pub fn own_findings(&self, object: &DirectoryObject<'_>) -> (Vec<ObjectFinding>, bool) {
        let identity = object.identity();
        let with_identity = |finding| ObjectFinding {
            identity: identity.to_owned(),
            finding,
        };
        if let Some(reason) = self.deployment.out_of_scope(object) {
            let finding = Finding::object_warning(identity, Rule::OutOfScope, format!("{reason}."));
            return (vec![with_identity(finding)], false);
        }
        let mut findings: Vec<ObjectFinding> = rules::check_object(object, &self.tenant)
            .into_iter()
            .map(with_identity)
            .collect();
        if let Some(members) = self.deployment.group_over_limit(object) {
            let members = members.to_string();
            let message = Deployment::group_over_limit_message(&members);
            findings.push(with_identity(Finding::object_warning(
                &members,
                Rule::Length,
                message,
            )));
        }
        (findings, true)
    }

    /// Keeps an in-scope object's values for the duplicate pass (in input order).
    pub fn keep(&mut self, object: &DirectoryObject<'_>) {
        if self.runs.is_empty() {
            self.firsts.push(0);
            self.runs.push(Kept::default());
        }
        if let Some(last) = self.runs.last_mut() {
            last.keep(object);
        }
    }

    /// Keeps the objects `kept` holds, after those kept so far (a run kept on another thread).
    pub fn keep_all(&mut self, kept: Kept) {
        if kept.identity_ends.is_empty() {
            return;
        }
        let first = self.kept_count();
        self.firsts.push(first);
        self.runs.push(kept);
    }

    /// How many objects are kept.
    fn kept_count(&self) -> u32 {
        self.firsts.last().copied().unwrap_or(0)
            + self
                .runs
                .last()
                .map_or(0, |run| run.identity_ends.len() as u32)
    }

    fn identity(&self, object: u32) -> &str {
        let run = self.firsts.partition_point(|&first| first <= object) - 1;
        self.runs[run].identity(object - self.firsts[run])
    }

    fn object_type(&self, object: u32) -> ObjectType {
        let run = self.firsts.partition_point(|&first| first <= object) - 1;
        self.runs[run].object_type(object - self.firsts[run])
    }

    /// The values held by more than one object: each scope and key with its holders in object
    /// order. The buckets are independent: they are sorted on every core, their groups kept in
    /// bucket order.
    fn groups(&self) -> Vec<(Scope, &str, Vec<Holder>)> {
        let occurrences: usize = self
            .runs
            .iter()
            .flat_map(|run| &run.values.buckets)
            .map(Vec::len)
            .sum();
        let buckets: Vec<usize> = (0..BUCKETS).collect();
        each_run(&buckets, threads_for(occurrences), |buckets| {
            let mut groups = Vec::new();
            let mut order = Vec::new();
            for &bucket in buckets {
                self.bucket_groups(bucket, &mut order, &mut groups);
            }
            groups
        })
        .into_iter()
        .flatten()
        .collect()
    }

    /// One bucket's groups, across the runs, appended to `groups` (`order`: a buffer reused
    /// across buckets).
    fn bucket_groups<'a>(
        &'a self,
        bucket: usize,
        order: &mut Vec<u64>,
        groups: &mut Vec<(Scope, &'a str, Vec<Holder>)>,
    ) {
        // Each occurrence as (hash, place) in one u64, its place counted across the runs'
        // buckets in run order: the runs are in input order and each appends in object order, so
        // sorting puts equal hashes in input order (and sorts eight bytes an entry, not more).
        order.clear();
        let mut firsts = Vec::with_capacity(self.runs.len());
        for run in &self.runs {
            let first = order.len() as u64;
            firsts.push(first as u32);
            order.extend(
                run.values.buckets[bucket]
                    .iter()
                    .zip(first..)
                    .map(|(occurrence, place)| (u64::from(occurrence.hash) << 32) | place),
            );
        }
        order.sort_unstable();
        // An entry's run, occurrence and object number (across the runs).
        let find = |entry: u64| {
            let place = entry as u32;
            let run = firsts.partition_point(|&first| first <= place) - 1;
            let values = &self.runs[run].values;
            let occurrence = &values.buckets[bucket][(place - firsts[run]) as usize];
            (
                occurrence,
                values.text(occurrence),
                self.firsts[run] + occurrence.object,
            )
        };
        for same_hash in order.chunk_by(|a, b| a >> 32 == b >> 32) {
            if same_hash.len() == 1 {
                continue;
            }
            let entries: Vec<_> = same_hash.iter().map(|&entry| find(entry)).collect();
            if entries.iter().all(|entry| entry.2 == entries[0].2) {
                continue;
            }
            // Equal hashes almost always mean equal keys; split them by text to be sure.
            let mut pending: Vec<_> = entries.iter().collect();
            while let Some(&&(lead_occurrence, lead_text, _)) = pending.first() {
                let (same, rest): (Vec<_>, Vec<_>) = pending.into_iter().partition(|other| {
                    other.0.scope == lead_occurrence.scope && other.1 == lead_text
                });
                let mut holders: Vec<Holder> = Vec::new();
                for &(occurrence, _, object) in same {
                    let bit = occurrence.attributes;
                    match holders.last_mut() {
                        Some(last) if last.object == object => last.attributes |= bit,
                        _ => holders.push(Holder {
                            object,
                            attributes: bit,
                        }),
                    }
                }
                if holders.len() > 1 {
                    groups.push((lead_occurrence.scope, lead_text, holders));
                }
                pending = rest;
            }
        }
    }

    /// The findings that need the whole run: first those held back for their suggestion (in
    /// input order, each suggestion checked to be free: see `suggestions.rs`), then the
    /// duplicates: one finding per object and attribute holding a value another object holds
    /// too, each naming up to [`NAMED_CONFLICTS`] of the others, and one group per value listing
    /// every holder, ordered by object, then attribute. Linear in the number of holders, however
    /// large one group is.
    pub fn finish(&self) -> Duplicates {
        let mut groups = Vec::new();
        let mut found: Vec<(u32, Attribute, ObjectFinding)> = Vec::new();
        let (people, others): (Vec<_>, Vec<_>) = self
            .groups()
            .into_iter()
            .partition(|(scope, _, _)| *scope == Scope::Person);
        let joined = self.join_people(&people, &mut found);
        // The person an object is part of (itself, when it joins no other).
        let person = |object: u32| joined.get(&object).map_or(object, |&(_, person)| person);
        for (scope, key, mut holders) in others {
            // A user joined into a person holds only what it contributes to it, and a value one
            // person holds twice (its account's UPN, its mailbox's address) is no duplicate.
            holders.retain_mut(|holder| {
                if let Some((contributed, _)) = joined.get(&holder.object) {
                    holder.attributes &= contributed;
                }
                holder.attributes != 0
            });
            if holders.iter().all(|holder| {
                holders
                    .first()
                    .is_some_and(|first| person(first.object) == person(holder.object))
            }) {
                continue;
            }
            // A contact with a user's address is the GALSync pair: it joins that user on mail in
            // the metaverse (user-and-contacts), so it holds nothing of its own.
            if scope == Scope::Address
                && holders
                    .iter()
                    .any(|holder| self.object_type(holder.object) == ObjectType::User)
            {
                holders.retain(|holder| self.object_type(holder.object) != ObjectType::Contact);
                if holders.len() < 2 {
                    continue;
                }
            }
            let group = groups.len() as u32;
            let members: Vec<(u32, String)> = holders
                .iter()
                .flat_map(|holder| {
                    attributes(holder.attributes).map(move |attribute| {
                        (
                            holder.object,
                            format!("{} ({})", self.identity(holder.object), attribute.name()),
                        )
                    })
                })
                .collect();
            let group_key = format!("{}:{key}", scope.name());
            for holder in &holders {
                let own = members
                    .iter()
                    .filter(|(object, _)| person(*object) == person(holder.object))
                    .count();
                let others = members.len() - own;
                // Own entries are contiguous, so this skips at most eight: O(1) per holder.
                let named: Vec<String> = members
                    .iter()
                    .filter(|(object, _)| person(*object) != person(holder.object))
                    .take(NAMED_CONFLICTS)
                    .map(|(_, label)| label.clone())
                    .collect();
                let held_by = match others {
                    1 => named[0].clone(),
                    n if n <= NAMED_CONFLICTS => format!("{n} others: {}", named.join("; ")),
                    n => format!(
                        "{n} others, among them {} (duplicate group '{group_key}' lists all {} holders)",
                        named.join("; "),
                        members.len()
                    ),
                };
                for attribute in attributes(holder.attributes) {
                    // mailNickname need not be unique: both synchronize; only a MOERA built
                    // from it gets 4 digits on the second (docs/model.md, *Attribute rules*).
                    let (severity, message) = if scope == Scope::MailNickname {
                        (
                            Severity::Warning,
                            format!(
                                "mailNickname '{key}' is also held by {held_by} (compared without case); both synchronize, but where it becomes a cloud UPN (<mailNickname>@<initial domain>) the one synchronized later gets 4 random digits.",
                            ),
                        )
                    } else if scope == Scope::SourceAnchor {
                        // Design concepts: the source anchor "must be globally unique".
                        (
                            Severity::Error,
                            format!(
                                "The source anchor (immutableId) '{key}' is also that of {held_by}; a source anchor must be unique in the tenant (Design concepts), so the object synchronized second fails to export. If one is a copy left in scope after a move between forests, take it out of scope; otherwise give one of them its own anchor.",
                            ),
                        )
                    } else if scope == Scope::SipAddress {
                        // Entra Connect Health, duplicated attribute sync errors: SipProxyAddress
                        // gives AttributeValueMustBeUnique only, never a quarantine.
                        (
                            Severity::Error,
                            format!(
                                "msRTCSIP-PrimaryUserAddress '{key}' is also held by {held_by} (compared without case); Entra ID's SipProxyAddress must be unique and is not quarantined: the object synchronized later fails to export (AttributeValueMustBeUnique) every cycle.",
                            ),
                        )
                    } else if attribute == Attribute::Mail {
                        // Duplicate attribute resiliency: only userPrincipalName and
                        // proxyAddresses must be unique (and are quarantined); a shared mail
                        // synchronizes, but mail routing and the address book show two people.
                        (
                            Severity::Warning,
                            format!(
                                "mail value '{key}' is also held by {held_by} (compared without case); mail need not be unique (resiliency covers UPN and proxyAddresses), so both synchronize, but two people share one address: give each its own.",
                            ),
                        )
                    } else {
                        (
                            Severity::Error,
                            format!(
                                "{} value '{key}' is also held by {held_by} (compared without case); Entra ID needs it to be unique, so the copy synchronized later is quarantined or fails.",
                                attribute.name(),
                            ),
                        )
                    };
                    found.push((
                        holder.object,
                        attribute,
                        ObjectFinding {
                            identity: self.identity(holder.object).to_owned(),
                            finding: Finding {
                                attribute,
                                value: key.to_owned(),
                                rule: Rule::Duplicate,
                                severity,
                                message,
                                suggestion: None,
                                conflicts_with: named.clone(),
                                group: Some(group),
                            },
                        },
                    ));
                }
            }
            groups.push(DuplicateGroup {
                key: group_key,
                value: key.to_owned(),
                members: members.into_iter().map(|(_, label)| label).collect(),
            });
        }
        found.sort_by(|a, b| (a.0, a.1, &a.2.finding.value).cmp(&(b.0, b.1, &b.2.finding.value)));
        let mut findings = self.vetted_suggestions();
        findings.extend(found.into_iter().map(|(_, _, finding)| finding));
        Duplicates { groups, findings }
    }
}

/// The attributes a linked mailbox's account contributes to their person (sign-in), and those
/// the mailbox contributes (Exchange and the address list): Understanding the default
/// configuration, "attributes are consumed in the following order".
const SIGN_IN_ATTRIBUTES: u16 = bits(&[
    Attribute::UserPrincipalName,
    Attribute::SamAccountName,
    Attribute::SourceAnchor,
]);
const MAILBOX_ATTRIBUTES: u16 = bits(&[
    Attribute::Mail,
    Attribute::ProxyAddresses,
    Attribute::MailNickname,
    Attribute::TargetAddress,
    Attribute::SipAddress,
]);

const fn bits(attributes: &[Attribute]) -> u16 {
    let mut bits = 0;
    let mut at = 0;
    while at < attributes.len() {
        bits |= 1 << attributes[at] as u16;
        at += 1;
    }
    bits
}

impl Readiness {
    /// The people the deployment's forest join makes (each group: users sharing a join value, in
    /// input order): every member gets a finding naming the others. Returned: what each joined
    /// user still contributes to its person, as attribute bits — nothing for a user joined into
    /// the first one's person (plan-connect-topologies: with two accounts "the sync engine picks
    /// one and ignores the other"; **model assumption**: the first read wins, as the first
    /// connected forest contributes first); under the SID join, the sign-in attributes of the
    /// account and the Exchange attributes of its linked mailbox, and nothing of a linked
    /// mailbox whose account is not in the input ("A linked mailbox with no other active account
    /// is not exported").
    fn join_people(
        &self,
        people: &[(Scope, &str, Vec<Holder>)],
        found: &mut Vec<(u32, Attribute, ObjectFinding)>,
    ) -> HashMap<u32, (u16, u32), FxBuildHasher> {
        let join = &self.deployment.forest_join;
        let by_sid = *join == ForestJoin::ObjectSidMasterAccountSid;
        let attribute = match join {
            ForestJoin::Mail => Attribute::Mail,
            ForestJoin::SamAccountNameMailNickname => Attribute::SamAccountName,
            _ => Attribute::Object,
        };
        let mut contributes: HashMap<u32, (u16, u32), FxBuildHasher> = HashMap::default();
        for (_, key, holders) in people {
            let (mailboxes, accounts): (Vec<&Holder>, Vec<&Holder>) = holders
                .iter()
                .partition(|holder| by_sid && self.is_linked_mailbox(holder.object));
            // The person is the first account (the first user, but for the SID join).
            let Some(head) = accounts.first().or(mailboxes.first()) else {
                continue;
            };
            if by_sid && accounts.is_empty() {
                continue;
            }
            let head_name = self.identity(head.object);
            for holder in holders {
                let named: Vec<String> = holders
                    .iter()
                    .filter(|other| other.object != holder.object)
                    .take(NAMED_CONFLICTS)
                    .map(|other| self.identity(other.object).to_owned())
                    .collect();
                let others = holders.len() - 1;
                let who = if others > named.len() {
                    format!("{others} other users, among them {}", named.join("; "))
                } else {
                    named.join("; ")
                };
                let mailbox = mailboxes.iter().position(|m| m.object == holder.object);
                let (message, contributed) = if by_sid && holder.object == head.object {
                    (
                        format!(
                            "The deployment joins users across forests on objectSid and msExchMasterAccountSid (Uniquely identifying your users): {who} is this account's linked mailbox, so they are one person, synchronized with this account's sign-in attributes and the mailbox's Exchange and address-list attributes (Understanding the default configuration); only those are checked for duplicates."
                        ),
                        SIGN_IN_ATTRIBUTES,
                    )
                } else if by_sid && mailbox.is_some() {
                    (
                        format!(
                            "The deployment joins users across forests on objectSid and msExchMasterAccountSid (Uniquely identifying your users): this linked mailbox is one person with the account {head_name}, which contributes the sign-in attributes; this mailbox contributes its Exchange and address-list attributes{} (Understanding the default configuration).",
                            if mailbox == Some(0) {
                                ""
                            } else {
                                ", unless the account has an earlier mailbox: the sync engine picks one and ignores the other (plan-connect-topologies)"
                            }
                        ),
                        if mailbox == Some(0) {
                            MAILBOX_ATTRIBUTES
                        } else {
                            0
                        },
                    )
                } else if holder.object == head.object {
                    (
                        format!(
                            "The deployment joins users across forests on {} (Uniquely identifying your users): {who} has the same value, so they are one person, synchronized as this object (the one read first, as the first connected forest contributes first); the others' own values are not synchronized and are not checked for duplicates.",
                            join.describe()
                        ),
                        u16::MAX,
                    )
                } else {
                    (
                        format!(
                            "The deployment joins users across forests on {} (Uniquely identifying your users): this object is one person with {head_name}, synchronized as that object (the one read first), so nothing of this object's own is synchronized or checked for duplicates.",
                            join.describe()
                        ),
                        0,
                    )
                };
                contributes.insert(holder.object, (contributed, head.object));
                found.push((
                    holder.object,
                    attribute,
                    ObjectFinding {
                        identity: self.identity(holder.object).to_owned(),
                        finding: Finding {
                            attribute,
                            value: (*key).to_owned(),
                            rule: Rule::JoinedAcrossForests,
                            severity: Severity::Warning,
                            message,
                            suggestion: None,
                            conflicts_with: named,
                            group: None,
                        },
                    },
                ));
            }
        }
        // A linked mailbox no account joined is not exported: it holds nothing.
        for object in self.linked_mailboxes() {
            if contributes.contains_key(&object) {
                continue;
            }
            contributes.insert(object, (0, object));
            found.push((
                object,
                Attribute::Object,
                ObjectFinding {
                    identity: self.identity(object).to_owned(),
                    finding: Finding {
                        attribute: Attribute::Object,
                        value: self.identity(object).to_owned(),
                        rule: Rule::OutOfScope,
                        severity: Severity::Warning,
                        message: "A linked mailbox is not exported without its account: the deployment joins users across forests on objectSid and msExchMasterAccountSid, and no object checked has the objectSid its msExchMasterAccountSid names (plan-connect-topologies: \"A linked mailbox with no other active account is not exported to Microsoft Entra ID\"); its values are not checked for duplicates.".to_owned(),
                        suggestion: None,
                        conflicts_with: Vec::new(),
                        group: None,
                    },
                },
            ));
        }
        contributes
    }

    /// Whether the object kept as `object` is a linked mailbox (kept under the SID join only).
    fn is_linked_mailbox(&self, object: u32) -> bool {
        let run = self.firsts.partition_point(|&first| first <= object) - 1;
        self.runs[run]
            .mailboxes
            .binary_search(&(object - self.firsts[run]))
            .is_ok()
    }

    /// Every linked mailbox kept (under the SID join), by its number.
    fn linked_mailboxes(&self) -> impl Iterator<Item = u32> + '_ {
        self.runs
            .iter()
            .zip(&self.firsts)
            .flat_map(|(run, first)| run.mailboxes.iter().map(move |number| first + number))
    }
}

impl Kept {
    /// Room for about `objects` objects' values, so a run kept on a thread does not grow by
    /// copying (about six values an object, some twenty bytes each; only what is written is
    /// touched).
    pub fn with_capacity(objects: usize) -> Self {
        let values = objects.saturating_mul(6);
        Kept {
            identities: String::with_capacity(objects.saturating_mul(48)),
            identity_ends: Vec::with_capacity(objects),
            values: ValueIndex {
                text: String::with_capacity(values.saturating_mul(24)),
                buckets: (0..BUCKETS)
                    .map(|_| Vec::with_capacity(values / BUCKETS + values / (4 * BUCKETS)))
                    .collect(),
                ..ValueIndex::default()
            },
            others: Vec::new(),
            mailboxes: Vec::new(),
        }
    }

    /// Keeps an in-scope object's values (after those kept so far).
    pub fn keep(&mut self, object: &DirectoryObject<'_>) {
        let number = self.identity_ends.len() as u32;
        self.identities.push_str(object.identity());
        self.identity_ends.push(self.identities.len());
        if object.object_type() != ObjectType::User {
            self.others.push((number, object.object_type()));
        }
        self.remember(object, number);
    }

    /// The type of the object kept as `number`.
    fn object_type(&self, number: u32) -> ObjectType {
        self.others
            .binary_search_by_key(&number, |&(other, _)| other)
            .map_or(ObjectType::User, |at| self.others[at].1)
    }

    /// Keeps the join value of the object kept last, under the deployment's forest join.
    pub fn keep_person(&mut self, join: &ForestJoin, object: &DirectoryObject<'_>) {
        let Some(number) = self.identity_ends.len().checked_sub(1) else {
            return;
        };
        let values = &mut self.values;
        if join.join_key(object, &mut values.key) {
            values.add(Scope::Person, number as u32, Attribute::Object);
        }
        if *join == ForestJoin::ObjectSidMasterAccountSid && is_linked_mailbox(object) {
            self.mailboxes.push(number as u32);
        }
    }

    /// Keeps the source anchor of the object kept last.
    pub fn keep_anchor(&mut self, immutable_id: &str) {
        let Some(number) = self.identity_ends.len().checked_sub(1) else {
            return;
        };
        let values = &mut self.values;
        if let Some(scope) = value_key(Attribute::SourceAnchor, immutable_id, &mut values.key) {
            values.add(scope, number as u32, Attribute::SourceAnchor);
        }
    }

    fn remember(&mut self, object: &DirectoryObject<'_>, number: u32) {
        let values = &mut self.values;
        let mut add = |attribute: Attribute, value: &str| {
            if let Some(scope) = value_key(attribute, value, &mut values.key) {
                values.add(scope, number, attribute);
            }
        };
        for (attribute, value) in [
            (Attribute::UserPrincipalName, object.user_principal_name),
            (Attribute::Mail, object.mail),
        ] {
            if let Some(value) = value {
                add(attribute, value);
            }
        }
        for proxy in &object.proxy_addresses {
            add(Attribute::ProxyAddresses, proxy.value);
        }
        for (attribute, value) in [
            (Attribute::MailNickname, object.mail_nickname),
            (Attribute::SamAccountName, object.sam_account_name),
            (Attribute::TargetAddress, object.target_address),
            (Attribute::SipAddress, object.sip_address),
        ] {
            if let Some(value) = value {
                add(attribute, value);
            }
        }
    }

    fn identity(&self, object: u32) -> &str {
        let object = object as usize;
        let start = if object == 0 {
            0
        } else {
            self.identity_ends[object - 1]
        };
        &self.identities[start..self.identity_ends[object]]
    }
}

/// The uniqueness scope of a value of `attribute`, its comparison key written to `key`: userPrincipalName,
/// mail and SMTP proxy addresses share one scope; other proxy addresses are keyed with their type
/// (so that X500:x and SIP:x do not collide). None for an attribute that need not be unique.
fn value_key(attribute: Attribute, value: &str, key: &mut String) -> Option<Scope> {
    key.clear();
    let scope = match attribute {
        Attribute::UserPrincipalName | Attribute::Mail => {
            push_comparison_key(key, value);
            Scope::Address
        }
        Attribute::ProxyAddresses => {
            let proxy = ProxyAddress::parse(value);
            if proxy.kind == AddressType::Smtp {
                push_comparison_key(key, proxy.address);
                Scope::Address
            } else {
                push_comparison_key(key, proxy.prefix);
                key.push(':');
                push_comparison_key(key, proxy.address);
                Scope::Proxy
            }
        }
        Attribute::MailNickname => {
            push_comparison_key(key, value);
            Scope::MailNickname
        }
        Attribute::SamAccountName => {
            push_comparison_key(key, value);
            Scope::SamAccountName
        }
        Attribute::TargetAddress => {
            push_comparison_key(key, value);
            Scope::TargetAddress
        }
        Attribute::SipAddress => {
            push_comparison_key(key, value);
            Scope::SipAddress
        }
        // An immutableId is compared with case (Design concepts: "case-sensitive").
        Attribute::SourceAnchor => {
            key.push_str(value);
            Scope::SourceAnchor
        }
        _ => return None,
    };
    (!key.is_empty()).then_some(scope)
}

/// The attributes whose bits are set, in declaration order.
fn attributes(bits: u16) -> impl Iterator<Item = Attribute> {
    Attribute::ALL
        .iter()
        .copied()
        .filter(move |attribute| bits & (1 << (*attribute as u16)) != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address::comparison_key;

    fn user<'a>(
        sam: &'a str,
        upn: &'a str,
        mail: Option<&'a str>,
        proxies: Vec<&'a str>,
    ) -> DirectoryObject<'a> {
        DirectoryObject {
            distinguished_name: None,
            sam_account_name: Some(sam),
            user_principal_name: Some(upn),
            mail,
            mail_nickname: Some(sam),
            proxy_addresses: proxies.into_iter().map(ProxyAddress::parse).collect(),
            ..DirectoryObject::default()
        }
    }

    /// Each object's own findings (those with a suggestion come at the end), and the duplicates.
    fn run(objects: &[DirectoryObject<'_>]) -> (Vec<ObjectFinding>, Vec<ObjectFinding>) {
        let mut readiness = Readiness::new(Tenant::new(["contoso.com"]));
        let mut own: Vec<ObjectFinding> = objects
            .iter()
            .flat_map(|object| readiness.check(object))
            .collect();
        let (duplicates, suggested): (Vec<_>, Vec<_>) = readiness
            .finish()
            .findings
            .into_iter()
            .partition(|found| found.finding.rule == Rule::Duplicate);
        own.extend(suggested);
        (own, duplicates)
    }

    // install-custom, "Uniquely identifying your users", Mail attribute: users with the same mail
    // in different forests are one person, so their shared values are no duplicates; a third
    // object sharing the person's value still is one, and a user without mail is left out.
    #[test]
    fn install_custom_mail_attribute_merges_before_uniqueness() {
        let json = r#"{"forestJoin":"Mail"}"#;
        let mut readiness = Readiness::new(Tenant::new(["contoso.com"]));
        assert!(readiness.set_deployment(Deployment::from_json(json).unwrap()));
        let ada = user(
            "ada",
            "ada@contoso.com",
            Some("ada@contoso.com"),
            vec!["SMTP:ada@contoso.com"],
        );
        let ada_again = DirectoryObject {
            distinguished_name: Some("CN=ada,DC=fabrikam,DC=com"),
            ..user(
                "ada",
                "ada@contoso.com",
                Some("ADA@contoso.com"),
                vec!["SMTP:ada@contoso.com"],
            )
        };
        let thief = user(
            "eve",
            "eve@contoso.com",
            Some("eve@contoso.com"),
            vec!["SMTP:eve@contoso.com", "smtp:ada@contoso.com"],
        );
        let no_mail = user("bob", "bob@contoso.com", None, vec![]);
        let own: Vec<ObjectFinding> = [&ada, &ada_again, &thief, &no_mail]
            .into_iter()
            .flat_map(|object| readiness.check(object))
            .collect();
        assert_eq!(
            own.iter()
                .map(|found| found.finding.rule)
                .collect::<Vec<_>>(),
            vec![Rule::OutOfScope]
        );
        let findings = readiness.finish().findings;
        let joined: Vec<&str> = findings
            .iter()
            .filter(|found| found.finding.rule == Rule::JoinedAcrossForests)
            .map(|found| found.identity.as_str())
            .collect();
        assert_eq!(joined, vec!["ada", "CN=ada,DC=fabrikam,DC=com"]);
        let duplicates: Vec<(&str, &[String])> = findings
            .iter()
            .filter(|found| found.finding.rule == Rule::Duplicate)
            .map(|found| {
                (
                    found.identity.as_str(),
                    found.finding.conflicts_with.as_slice(),
                )
            })
            .collect();
        // Only the person (the first ada: its UPN, mail and address) and eve share a value; the
        // joined ada holds nothing.
        assert_eq!(duplicates.len(), 4, "{duplicates:?}");
        assert!(
            duplicates
                .iter()
                .all(|(identity, _)| *identity == "ada" || *identity == "eve"),
            "{duplicates:?}"
        );
        assert!(
            duplicates
                .iter()
                .all(|(_, others)| others.iter().all(|other| !other.contains("fabrikam"))),
            "{duplicates:?}"
        );
    }

    // install-custom, "ObjectSID and msExchangeMasterAccountSID": the account contributes the
    // sign-in attributes, its linked mailbox the Exchange ones (Understanding the default
    // configuration), so the account's own address and the mailbox's UPN are no duplicates;
    // a linked mailbox without its account is not exported.
    #[test]
    fn install_custom_object_sid_account_and_mailbox_contribute_their_own_parts() {
        let json = r#"{"forestJoin":"ObjectSidMasterAccountSid"}"#;
        let mut readiness = Readiness::new(Tenant::new(["contoso.com"]));
        assert!(readiness.set_deployment(Deployment::from_json(json).unwrap()));
        let sid = "S-1-5-21-1-2-3-1104";
        let account = DirectoryObject {
            security_identifier: Some(sid),
            ..user("ada", "ada@contoso.com", Some("ada@contoso.com"), vec![])
        };
        let mailbox = DirectoryObject {
            master_account_sid: Some(sid),
            ..user(
                "ada-mbx",
                "ada@contoso.com",
                Some("ada@contoso.com"),
                vec!["SMTP:ada@contoso.com"],
            )
        };
        let orphan = DirectoryObject {
            master_account_sid: Some("S-1-5-21-9-9-9-9"),
            ..user(
                "bob-mbx",
                "bob@contoso.com",
                Some("ada@contoso.com"),
                vec![],
            )
        };
        for object in [&account, &mailbox, &orphan] {
            readiness.check(object);
        }
        let findings = readiness.finish().findings;
        let rules: Vec<(&str, Rule)> = findings
            .iter()
            .map(|found| (found.identity.as_str(), found.finding.rule))
            .collect();
        assert_eq!(
            rules,
            vec![
                ("ada", Rule::JoinedAcrossForests),
                ("ada-mbx", Rule::JoinedAcrossForests),
                ("bob-mbx", Rule::OutOfScope),
            ],
            "{findings:#?}"
        );
    }

    // Issue 23: a suggestion is a value no other object in the run holds, before or after it, and
    // no other object is told to take.
    #[test]
    fn a_suggestion_another_object_holds_is_withdrawn_and_says_by_whom() {
        let spaced = user("jd", "jane doe@contoso.com", None, vec![]);
        let later = user("jd2", "janedoe@contoso.com", None, vec![]);
        let (own, _) = run(&[spaced, later]);
        let upn = own
            .iter()
            .find(|found| {
                found.identity == "jd" && found.finding.attribute == Attribute::UserPrincipalName
            })
            .expect("the space is a finding");
        assert_eq!(upn.finding.suggestion, None);
        assert!(
            upn.finding
                .message
                .contains("'janedoe@contoso.com' is already held by jd2 (userPrincipalName)"),
            "{}",
            upn.finding.message
        );
        // Free, it is suggested.
        let (own, _) = run(&[user("jd", "jane doe@contoso.com", None, vec![])]);
        assert_eq!(
            own[0].finding.suggestion.as_deref(),
            Some("janedoe@contoso.com")
        );
    }

    #[test]
    fn one_value_suggested_to_two_objects_is_kept_by_the_first() {
        let (own, _) = run(&[
            user("a", "jane doe@contoso.com", None, vec![]),
            user("b", "jane  doe@contoso.com", None, vec![]),
        ]);
        let upns: Vec<_> = own
            .iter()
            .filter(|found| found.finding.attribute == Attribute::UserPrincipalName)
            .collect();
        assert_eq!(upns.len(), 2);
        assert_eq!(
            upns[0].finding.suggestion.as_deref(),
            Some("janedoe@contoso.com")
        );
        assert_eq!(upns[1].finding.suggestion, None);
        assert!(
            upns[1]
                .finding
                .message
                .contains("held by a, which is told to take it too")
        );
    }

    proptest::proptest! {
        // Issue 23: over runs of users whose names collide once a bad character is dropped (and
        // with letters of several scripts), no suggestion is a value another object holds, as
        // UPN, mail or SMTP address, and no two objects are told to take the same one.
        #[test]
        fn every_suggestion_is_unique_in_the_run(
            names in proptest::collection::vec("(jane|j ane|ja ne|jane |søren|soren|s øren|ja(x)ne|ел)[ .]?(doe|d oe)?", 1..12),
        ) {
            let upns: Vec<String> = names.iter().map(|name| format!("{name}@contoso.com")).collect();
            let mails: Vec<String> = names.iter().rev().map(|name| format!("{name}@contoso.com")).collect();
            let sams: Vec<String> = (0..names.len()).map(|i| format!("u{i}")).collect();
            let objects: Vec<DirectoryObject<'_>> = (0..names.len())
                .map(|i| DirectoryObject {
                    sam_account_name: Some(&sams[i]),
                    user_principal_name: Some(&upns[i]),
                    mail: Some(&mails[i]),
                    ..DirectoryObject::default()
                })
                .collect();
            let (own, _) = run(&objects);
            let mut told = std::collections::HashMap::new();
            for found in own.iter().filter(|found| found.finding.suggestion.is_some()) {
                let suggestion = comparison_key(found.finding.suggestion.as_deref().unwrap_or_default()).into_owned();
                for (i, object) in objects.iter().enumerate() {
                    if sams[i] == found.identity {
                        continue;
                    }
                    for value in [object.user_principal_name, object.mail].into_iter().flatten() {
                        proptest::prop_assert_ne!(comparison_key(value).into_owned(), suggestion.clone(), "{:?}", found);
                    }
                }
                if let Some(other) = told.insert(suggestion.clone(), found.identity.clone()) {
                    proptest::prop_assert_eq!(other, found.identity.clone(), "{} told to two objects", suggestion);
                }
            }
        }
    }

    // Issue 24. concept-azure-ad-connect-sync-user-and-contacts: a contact joins a user with its
    // mail in the metaverse, so the GALSync pair shares nothing in Entra ID: no duplicate. Two
    // users with the address still collide, and so do two contacts.
    #[test]
    fn user_and_contacts_a_galsync_contact_is_no_duplicate_of_its_user() {
        let mut contact = user(
            "",
            "",
            Some("ann@contoso.com"),
            vec!["SMTP:ann@contoso.com"],
        );
        contact.object_class = Some("contact");
        contact.user_principal_name = None;
        contact.sam_account_name = None;
        contact.distinguished_name = Some("CN=Ann,OU=GALSync,DC=fabrikam,DC=com");
        let ann = user(
            "ann",
            "ann@contoso.com",
            Some("ann@contoso.com"),
            vec!["SMTP:ann@contoso.com"],
        );
        let (_, duplicates) = run(&[contact.clone(), ann.clone()]);
        assert!(duplicates.is_empty(), "{duplicates:?}");
        let mut other_contact = contact.clone();
        other_contact.distinguished_name = Some("CN=Ann,OU=Other,DC=fabrikam,DC=com");
        let (_, duplicates) = run(&[contact, other_contact]);
        assert!(!duplicates.is_empty());
    }

    #[test]
    fn a_suggestion_the_object_itself_holds_elsewhere_stays() {
        // Its own primary address is what the mail is told to become: nobody else's.
        let (own, _) = run(&[user(
            "jd",
            "janedoe@contoso.com",
            Some("jane doe@contoso.com"),
            vec!["SMTP:janedoe@contoso.com"],
        )]);
        let mail = own
            .iter()
            .find(|found| found.finding.attribute == Attribute::Mail)
            .expect("the space is a finding");
        assert_eq!(
            mail.finding.suggestion.as_deref(),
            Some("janedoe@contoso.com")
        );
    }

    fn summary(findings: &[ObjectFinding]) -> Vec<(String, Attribute)> {
        findings
            .iter()
            .map(|f| (f.identity.clone(), f.finding.attribute))
            .collect()
    }

    #[test]
    fn own_mail_equal_to_own_primary_is_not_a_collision() {
        let (_, duplicates) = run(&[user(
            "a",
            "a@contoso.com",
            Some("a@contoso.com"),
            vec!["SMTP:a@contoso.com"],
        )]);
        assert_eq!(duplicates, vec![]);
    }

    #[test]
    fn a_value_one_object_holds_in_several_attributes_is_kept_once() {
        let mut kept = Kept::default();
        kept.keep(&user(
            "a",
            "A@contoso.com",
            Some("a@contoso.com"),
            vec!["SMTP:a@Contoso.com", "smtp:b@contoso.com"],
        ));
        let occurrences: Vec<(Scope, u16)> = kept
            .values
            .buckets
            .iter()
            .flatten()
            .map(|occurrence| (occurrence.scope, occurrence.attributes))
            .collect();
        // a@contoso.com (UPN, mail, proxy), b@contoso.com (proxy), mailNickname a, sAMAccountName a.
        assert_eq!(occurrences.len(), 4, "{occurrences:?}");
        let all_three = (1 << Attribute::UserPrincipalName as u16)
            | (1 << Attribute::Mail as u16)
            | (1 << Attribute::ProxyAddresses as u16);
        assert!(occurrences.contains(&(Scope::Address, all_three)));
        assert!(occurrences.contains(&(Scope::MailNickname, 1 << Attribute::MailNickname as u16)));
    }

    #[test]
    fn cross_attribute_collisions_are_reported_from_both_sides() {
        let (_, duplicates) = run(&[
            user(
                "trent",
                "trent@contoso.com",
                Some("trent@contoso.com"),
                vec!["SMTP:trent@contoso.com"],
            ),
            user(
                "walter",
                "walter@contoso.com",
                None,
                vec!["SMTP:walter@contoso.com", "smtp:TRENT@contoso.com"],
            ),
        ]);
        assert_eq!(
            summary(&duplicates),
            vec![
                ("trent".into(), Attribute::UserPrincipalName),
                ("trent".into(), Attribute::Mail),
                ("trent".into(), Attribute::ProxyAddresses),
                ("walter".into(), Attribute::ProxyAddresses),
            ]
        );
        assert_eq!(
            duplicates[0].finding.conflicts_with,
            vec!["walter (proxyAddresses)"]
        );
        assert_eq!(
            duplicates[3].finding.conflicts_with,
            vec![
                "trent (userPrincipalName)",
                "trent (mail)",
                "trent (proxyAddresses)"
            ]
        );
        assert!(duplicates.iter().all(|f| f.finding.rule == Rule::Duplicate));
        // Duplicate attribute resiliency: UPN and proxyAddresses must be unique; mail need not
        // (issue 24): its finding is a warning, the others errors.
        let severities: Vec<Severity> = duplicates.iter().map(|f| f.finding.severity).collect();
        assert_eq!(
            severities,
            vec![
                Severity::Error,
                Severity::Warning,
                Severity::Error,
                Severity::Error
            ]
        );
    }

    #[test]
    fn case_only_duplicates_and_groups_of_three() {
        let (_, duplicates) = run(&[
            user("h1", "h1@contoso.com", Some("heidi@contoso.com"), vec![]),
            user("h2", "h2@contoso.com", Some("Heidi@Contoso.com"), vec![]),
            user("h3", "h3@contoso.com", None, vec!["SMTP:HEIDI@contoso.com"]),
        ]);
        assert_eq!(duplicates.len(), 3);
        assert!(
            duplicates
                .iter()
                .all(|f| f.finding.conflicts_with.len() == 2)
        );
        assert!(duplicates[0].finding.message.contains("2 others"));
    }

    #[test]
    fn other_scopes_collide_only_among_themselves() {
        let mut a = user("same", "a@contoso.com", None, vec!["X500:/o=Org/cn=x"]);
        let mut b = user("SAME", "b@contoso.com", None, vec!["x500:/O=ORG/CN=X"]);
        a.mail_nickname = Some("a@contoso.com");
        b.mail_nickname = Some("nick");
        let (_, duplicates) = run(&[a, b]);
        assert_eq!(
            summary(&duplicates),
            vec![
                ("same".into(), Attribute::ProxyAddresses),
                ("same".into(), Attribute::SamAccountName),
                ("SAME".into(), Attribute::ProxyAddresses),
                ("SAME".into(), Attribute::SamAccountName),
            ]
        );
    }

    // Prepare / UPN population: mailNickname need not be unique; both objects synchronize.
    #[test]
    fn duplicate_mail_nicknames_are_a_warning() {
        let mut a = user("a", "a@contoso.com", None, vec![]);
        let mut b = user("b", "b@contoso.com", None, vec![]);
        a.mail_nickname = Some("nick");
        b.mail_nickname = Some("Nick");
        let (_, duplicates) = run(&[a, b]);
        assert_eq!(duplicates.len(), 2);
        assert!(duplicates.iter().all(|found| {
            found.finding.attribute == Attribute::MailNickname
                && found.finding.severity == Severity::Warning
        }));
    }

    #[test]
    fn duplicate_sip_addresses_fail_the_export_sip_proxy_address_is_not_quarantined() {
        // Entra Connect Health, *Diagnose duplicated attribute sync errors*: SipProxyAddress
        // gives AttributeValueMustBeUnique (no quarantine); msRTCSIP-PrimaryUserAddress is the
        // attribute Entra Connect synchronizes for it (*Attributes synchronized*, Teams).
        let mut a = user("a", "a@contoso.com", None, vec![]);
        let mut b = user("b", "b@contoso.com", None, vec![]);
        let mut c = user("c", "c@contoso.com", None, vec!["SIP:shared@contoso.com"]);
        a.sip_address = Some("sip:shared@contoso.com");
        b.sip_address = Some("SIP:Shared@Contoso.com");
        c.sip_address = Some("sip:c@contoso.com");
        let (own, duplicates) = run(&[a, b, c]);
        assert!(own.is_empty());
        // a and b collide; c's SIP proxy address is proxyAddresses' own scope, not this one.
        assert_eq!(duplicates.len(), 2);
        for found in &duplicates {
            assert_eq!(found.finding.attribute, Attribute::SipAddress);
            assert_eq!(found.finding.severity, Severity::Error);
            assert_eq!(found.finding.rule, Rule::Duplicate);
            assert!(found.finding.message.contains("AttributeValueMustBeUnique"));
        }
        assert_eq!(
            duplicates[0].finding.conflicts_with,
            ["b (msRTCSIP-PrimaryUserAddress)"]
        );
    }

    #[test]
    fn out_of_scope_objects_get_one_warning_and_no_duplicates() {
        let krbtgt = DirectoryObject {
            is_critical_system_object: true,
            ..user("krbtgt", "a@contoso.com", None, vec![])
        };
        let (own, duplicates) = run(&[krbtgt, user("a", "a@contoso.com", None, vec![])]);
        assert_eq!(own.len(), 1);
        assert_eq!(own[0].finding.rule, Rule::OutOfScope);
        assert_eq!(own[0].finding.severity, Severity::Warning);
        assert_eq!(duplicates, vec![]);
    }

    #[test]
    fn a_huge_duplicate_group_costs_linear_output() {
        // 20,000 service accounts sharing one placeholder mail (issue: quadratic output).
        let names: Vec<String> = (0..20_000).map(|i| format!("svc{i}")).collect();
        let upns: Vec<String> = names.iter().map(|n| format!("{n}@contoso.com")).collect();
        let mut readiness = Readiness::new(Tenant::new(["contoso.com"]));
        for (name, upn) in names.iter().zip(&upns) {
            readiness.check(&user(name, upn, Some("noreply@contoso.com"), vec![]));
        }
        let duplicates = readiness.finish();
        assert_eq!(duplicates.groups.len(), 1);
        let group = &duplicates.groups[0];
        assert_eq!(group.key, "address:noreply@contoso.com");
        assert_eq!(group.members.len(), 20_000);
        assert_eq!(duplicates.findings.len(), 20_000);
        let longest = duplicates
            .findings
            .iter()
            .map(|f| f.finding.message.len() + f.finding.conflicts_with.concat().len())
            .max()
            .unwrap();
        assert!(
            longest < 600,
            "a finding grows with its group: {longest} bytes"
        );
        assert!(
            duplicates
                .findings
                .iter()
                .all(|f| f.finding.conflicts_with.len() == NAMED_CONFLICTS
                    && f.finding.group == Some(0)
                    && f.finding.message.contains("19999 others"))
        );
    }

    /// A session keeping `objects` in runs of `size`, each kept on its own as a thread keeps it.
    fn kept_in_runs(objects: &[DirectoryObject<'_>], size: usize) -> Readiness {
        let mut readiness = Readiness::new(Tenant::new(["contoso.com"]));
        for run in objects.chunks(size) {
            let mut kept = Kept::default();
            run.iter().for_each(|object| kept.keep(object));
            readiness.keep_all(kept);
        }
        readiness
    }

    // Objects kept in runs of their own (as threads keep them) and joined in order must give the
    // duplicate pass exactly what keeping them one by one gives: the same groups, holders in the
    // same order, the same findings (values collide across the runs).
    #[test]
    fn objects_kept_in_runs_give_the_duplicates_kept_one_by_one() {
        let sams: Vec<String> = (0..300).map(|i| format!("s{}", i % 120)).collect();
        let upns: Vec<String> = (0..300)
            .map(|i| format!("u{}@contoso.com", i % 170))
            .collect();
        let proxies: Vec<String> = (0..300)
            .map(|i| format!("SMTP:p{}@contoso.com", i % 90))
            .collect();
        let objects: Vec<DirectoryObject<'_>> = (0..300)
            .map(|i| user(&sams[i], &upns[i], None, vec![&proxies[i]]))
            .collect();
        let mut one_by_one = Readiness::new(Tenant::new(["contoso.com"]));
        objects.iter().for_each(|object| one_by_one.keep(object));
        let (expected, joined) = (one_by_one.finish(), kept_in_runs(&objects, 70).finish());
        assert_eq!(joined, expected);
        // Not a test that cannot fail: values are shared across the runs.
        assert!(expected.groups.len() > 50);
    }

    // The buckets' groups found on every core (6,000 values: more than one thread's worth) come
    // out as they do bucket by bucket, in bucket order, so group numbers and findings do not
    // depend on the threads.
    #[test]
    fn duplicate_groups_found_on_every_core_come_in_bucket_order() {
        let sams: Vec<String> = (0..3000).map(|i| format!("s{}", i % 1400)).collect();
        let upns: Vec<String> = (0..3000)
            .map(|i| format!("u{}@contoso.com", i % 1700))
            .collect();
        let objects: Vec<DirectoryObject<'_>> = (0..3000)
            .map(|i| user(&sams[i], &upns[i], None, vec![]))
            .collect();
        let readiness = kept_in_runs(&objects, 1100);
        let mut one_by_one = Vec::new();
        let mut order = Vec::new();
        for bucket in 0..BUCKETS {
            readiness.bucket_groups(bucket, &mut order, &mut one_by_one);
        }
        let summary = |groups: &[(Scope, &str, Vec<Holder>)]| {
            groups
                .iter()
                .map(|(scope, key, holders)| {
                    let objects: Vec<u32> = holders.iter().map(|holder| holder.object).collect();
                    (*scope, key.to_string(), objects)
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(summary(&readiness.groups()), summary(&one_by_one));
        assert!(one_by_one.len() > 1000);
    }
}
