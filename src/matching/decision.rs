//! The decision for one on-premises object: which cloud object it lands on and why, its
//! predicted UPN, and the warnings it carries (docs/model.md, *Matching order*, *UPN
//! computation*, *On-premises collisions*). It is made in two steps: a draft from the cloud
//! index alone (`draft_in`, which only reads the prediction, so many are made at once), then, in
//! input order, the collisions with the on-premises users before it (`settle_on_prem`).

use std::borrow::Cow;

use super::arena::{Span, TextArena};
use super::index::{Collision, Key, key_hash, local_part};
use super::*;
use crate::address::{AddressType, comparison_key};

use crate::deployment::ForestJoin;
use crate::model::{DirectoryObject, ObjectAnchor};
use crate::rules::{self, UpnPlan};

/// A warning as decided: the code, the cloud user it concerns, the value involved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Warning {
    pub(super) code: WarningCode,
    pub(super) cloud: Option<u32>,
    /// The other on-premises user (by position) of an OnPremisesConflict.
    pub(super) user: Option<u32>,
    pub(super) value: Option<Span>,
}

/// Earlier on-premises users a decision collides with, with the value: they are told once it is in.
pub(super) type Told = Vec<(u32, Option<Span>)>;

/// A decision made from the cloud index alone, its texts in the arena it was drafted into.
#[derive(Clone, Debug)]
pub(super) struct Draft {
    pub(super) decision: Decision,
    /// The values it will hold that can collide with other on-premises users (docs/model.md,
    /// *On-premises collisions*): its UPN, mail and primary SMTP address, each value once.
    pub(super) collisions: [Option<Collision>; 3],
    /// Its join value under the deployment's forest join (shown as the object holds it): an
    /// earlier user with the same one is the person it joins.
    pub(super) join: Option<Collision>,
}

impl Draft {
    /// A decision already final: it holds no value that can collide and joins no one.
    pub(super) fn settled(decision: Decision) -> Draft {
        Draft {
            decision,
            collisions: [None; 3],
            join: None,
        }
    }

    /// Moves every text position by `offset`, its arena having been appended at that offset to
    /// another (`None`: it did not fit, and the texts are not kept).
    pub(super) fn shift(&mut self, offset: Option<u32>) {
        let moved = |span: &mut Option<Span>| *span = span.and_then(|span| span.shifted(offset));
        let decision = &mut self.decision;
        for span in [
            &mut decision.identity,
            &mut decision.user_principal_name,
            &mut decision.immutable_id,
            &mut decision.predicted_upn,
        ] {
            moved(span);
        }
        for slot in self.collisions.iter_mut().chain([&mut self.join]) {
            *slot = slot.and_then(|collision| {
                Some(Collision {
                    shown: collision.shown.shifted(offset)?,
                    key: collision.key.shifted(offset)?,
                    ..collision
                })
            });
        }
        if let Some(rare) = decision.rare.as_deref_mut() {
            moved(&mut rare.conflict_value);
            for warning in &mut rare.warnings {
                moved(&mut warning.value);
            }
        }
    }
}

/// What few users need: kept out of line so every other decision stays small.
#[derive(Clone, Debug, Default)]
pub(super) struct Rare {
    pub(super) warnings: Vec<Warning>,
    /// Why the user could not be evaluated (no valid source anchor).
    pub(super) error: Option<AnchorError>,
    /// Why the user could not be read or predicted at all, with the message.
    pub(super) failure: Option<(FailureKind, String)>,
    pub(super) out_of_scope: Option<String>,
    /// The address behind a GroupAddressConflict.
    pub(super) conflict_value: Option<Span>,
    /// The other on-premises object of a DuplicateAnchor (by position).
    pub(super) anchor_twin: Option<u32>,
    /// The on-premises user a contact merges into (ContactJoinsUser), or the user whose person
    /// this one joins across forests (JoinsPerson), by position.
    pub(super) merged_into: Option<u32>,
}

/// One on-premises user's predicted outcome, kept compact until the final pass.
#[derive(Clone, Debug)]
pub(super) struct Decision {
    pub(super) identity: Option<Span>,
    pub(super) user_principal_name: Option<Span>,
    pub(super) immutable_id: Option<Span>,
    pub(super) predicted_upn: Option<Span>,
    pub(super) kind: ObjectType,
    pub(super) match_type: MatchType,
    pub(super) outcome: Outcome,
    pub(super) reason: Reason,
    /// The target, or the cloud user it collides with.
    pub(super) cloud: Option<u32>,
    pub(super) rare: Option<Box<Rare>>,
}

impl Decision {
    /// The decision for `object` before anything is decided of it: `outcome` and `reason`, its
    /// identity and UPN in `text`.
    pub(super) fn of(
        object: &DirectoryObject<'_>,
        outcome: Outcome,
        reason: Reason,
        text: &mut TextArena,
    ) -> Decision {
        Decision {
            identity: text.push(object.identity()),
            user_principal_name: text.push_present(object.user_principal_name),
            immutable_id: None,
            predicted_upn: None,
            kind: object.object_type(),
            match_type: MatchType::None,
            outcome,
            reason,
            cloud: None,
            rare: None,
        }
    }

    pub(super) fn rare(&mut self) -> &mut Rare {
        self.rare.get_or_insert_with(Box::default)
    }

    pub(super) fn warnings(&self) -> &[Warning] {
        self.rare.as_deref().map_or(&[], |rare| &rare.warnings)
    }
}

impl Prediction {
    /// Drafts the decision for `user` from the cloud index alone, its texts pushed to `text`.
    pub(super) fn draft_in(&self, user: &OnPremUser<'_>, text: &mut TextArena) -> Draft {
        let setting = self.settings.anchor;
        self.draft_object(
            &user.object,
            user.security_identifier,
            |kind| setting.anchor_of(kind, user.anchor),
            text,
        )
    }

    /// Drafts the decision for `object`, its anchor resolved by `anchor` (asked only for an
    /// object in scope) and `security_identifier` its objectSid.
    pub(super) fn draft_object(
        &self,
        object: &DirectoryObject<'_>,
        security_identifier: Option<&str>,
        anchor: impl FnOnce(ObjectType) -> Result<ObjectAnchor, AnchorError>,
        text: &mut TextArena,
    ) -> Draft {
        let mut decision = Decision::of(object, Outcome::Create, Reason::NoMatch, text);
        let settled = Draft::settled;
        if let Some(reason) = self.settings.deployment.out_of_scope(object) {
            decision.outcome = Outcome::Skipped;
            decision.reason = Reason::OutOfScope;
            decision.rare().out_of_scope = Some(reason);
            return settled(decision);
        }
        let anchor = match anchor(decision.kind) {
            Ok(anchor) => {
                if anchor.written_back {
                    warn(
                        &mut decision,
                        WarningCode::ConsistencyGuidWrittenBack,
                        None,
                        None,
                    );
                }
                if self.settings.anchor == AnchorSetting::Custom
                    && let Some(name) = object.anchor_named_after(&anchor.immutable_id)
                {
                    let value = text.push(name);
                    warn(&mut decision, WarningCode::AnchorFromName, None, value);
                }
                if let Some(members) = self.settings.deployment.group_over_limit(object) {
                    let value = text.push(&members.to_string());
                    warn(
                        &mut decision,
                        WarningCode::GroupOverCloudSyncLimit,
                        None,
                        value,
                    );
                }
                anchor.immutable_id
            }
            Err(error) => {
                decision.outcome = Outcome::Error;
                decision.reason = Reason::InvalidInput;
                decision.rare().error = Some(error);
                return settled(decision);
            }
        };
        let join = self.join_value(object, text);
        let kind = decision.kind;
        let plan = if kind == ObjectType::User {
            rules::plan_upn(&self.settings.tenant, object)
        } else {
            UpnPlan::default()
        };
        self.match_target(object, kind, &anchor, &plan, &mut decision);
        self.check_security_identifier(security_identifier, &mut decision);
        let mut predicted = plan.predicted.clone();
        add_upn_warnings(&plan, &mut decision, text);
        self.keep_cloud_upn(kind, &mut predicted, &mut decision, text);
        // Joined, created or duplicated: it will hold its UPN and addresses.
        let holds_values = matches!(
            decision.outcome,
            Outcome::Join | Outcome::Create | Outcome::Duplicate
        );
        let mut collisions = [None; 3];
        if holds_values {
            self.check_upn_conflict(&mut predicted, &mut decision, text);
            self.add_address_conflicts(object, kind, &mut decision, text);
            if decision.outcome == Outcome::Create {
                // The MOERA a UPN that does not reach the cloud becomes (a .local user's).
                let moera = plan.predicted.as_deref().filter(|_| !plan.reaches_cloud);
                self.add_possible_duplicate(object, moera, &mut decision, text);
            }
        }
        // Mostly the user's own UPN: kept once.
        decision.predicted_upn = predicted
            .as_deref()
            .and_then(|upn| text.push_or_reuse(upn, &[decision.user_principal_name]));
        if holds_values {
            // A replaced UPN (its digits unknown) collides with nothing.
            let upn = predicted.as_deref().filter(|upn| !upn.contains("####"));
            let known = [decision.predicted_upn, decision.user_principal_name];
            collisions = collision_values([upn, object.mail, object.primary_smtp()], &known, text);
        }
        decision.immutable_id = text.push(&anchor);
        Draft {
            decision,
            collisions,
            join,
        }
    }

    /// The user's join value under the deployment's forest join, in `text` with its key.
    fn join_value(&self, object: &DirectoryObject<'_>, text: &mut TextArena) -> Option<Collision> {
        let join = &self.settings.deployment.forest_join;
        // An account and its linked mailbox are paired before drafting (`held.rs`).
        if *join == ForestJoin::ObjectSidMasterAccountSid {
            return None;
        }
        let (shown, key) = join.value(object)?;
        let shown_span = text.push(&shown)?;
        let key_span = if *key == *shown {
            shown_span
        } else {
            text.push(&key)?
        };
        Some(Collision {
            shown: shown_span,
            key: key_span,
            hash: key_hash(Key::Address, &key),
        })
    }

    /// The matching order (docs/model.md, *Matching order*): hard match on the anchor, else soft
    /// match on the primary SMTP address (groups and contacts: on their proxyAddresses only),
    /// else for users (with SoftMatchOnUpn) on a UPN that reaches the cloud; a new user whose
    /// UPN another cloud user holds is a duplicate.
    fn match_target(
        &self,
        object: &DirectoryObject<'_>,
        kind: ObjectType,
        anchor: &str,
        plan: &UpnPlan<'_>,
        decision: &mut Decision,
    ) {
        if let Some(target) = self.find(Key::ImmutableId, anchor) {
            decision.match_type = MatchType::Hard;
            decision.cloud = Some(target);
            (decision.outcome, decision.reason) = self.hard_match_onto(target, kind);
            return;
        }
        let primary = if kind == ObjectType::User {
            object.primary_smtp()
        } else {
            object
                .proxy_addresses
                .iter()
                .find(|proxy| proxy.is_primary)
                .map(|proxy| proxy.address)
        };
        let by_smtp = primary
            .map(comparison_key)
            .and_then(|primary| self.find(Key::PrimarySmtp, &primary))
            .map(|target| (target, MatchType::SoftSmtp));
        let sent_upn = plan
            .sent
            .as_deref()
            .filter(|_| plan.reaches_cloud)
            .map(comparison_key);
        let by_upn = || {
            let upn = sent_upn.as_deref()?;
            (self.settings.soft_match_on_upn && kind == ObjectType::User)
                .then(|| {
                    self.find(Key::Upn, upn)
                        .map(|target| (target, MatchType::SoftUpn))
                })
                .flatten()
        };
        if let Some((target, match_type)) = by_smtp.or_else(by_upn) {
            decision.match_type = match_type;
            decision.cloud = Some(target);
            (decision.outcome, decision.reason) = self.soft_match_onto(target, kind, match_type);
        } else if let Some(holder) = sent_upn.and_then(|upn| self.find(Key::Upn, &upn)) {
            // Created beside a cloud user with its UPN (soft match on UPN is off): a duplicate.
            decision.outcome = Outcome::Duplicate;
            decision.cloud = Some(holder);
        }
    }

    /// What a hard match onto `target` does.
    fn hard_match_onto(&self, target: u32, kind: ObjectType) -> (Outcome, Reason) {
        let record = self.cloud(target);
        if record.object_type != kind {
            (Outcome::Error, Reason::ObjectTypeMismatch)
        } else if record.deleted {
            (Outcome::Restore, Reason::RestoresDeletedUser)
        } else if record.linked {
            // Still synchronized with this anchor: it simply keeps syncing.
            (Outcome::Join, Reason::HardMatch)
        } else if record.object_identifier_set {
            (Outcome::Error, Reason::ObjectIdentifierSet)
        } else if self.settings.block_hard_match_takeover || record.privileged {
            (Outcome::Error, Reason::HardMatchBlocked)
        } else {
            (Outcome::Join, Reason::HardMatch)
        }
    }

    /// What a soft match onto `target` does: the target must be free and of the same type.
    fn soft_match_onto(
        &self,
        target: u32,
        kind: ObjectType,
        match_type: MatchType,
    ) -> (Outcome, Reason) {
        let record = self.cloud(target);
        if self.settings.block_soft_match {
            (Outcome::Duplicate, Reason::SoftMatchBlocked)
        } else if record.object_type != kind {
            (Outcome::Error, Reason::ObjectTypeMismatch)
        } else if record.anchored {
            (Outcome::Duplicate, Reason::TargetAnchored)
        } else if record.privileged {
            (Outcome::Error, Reason::AdminRoleConflict)
        } else if match_type == MatchType::SoftSmtp {
            (Outcome::Join, Reason::SoftMatchSmtp)
        } else {
            (Outcome::Join, Reason::SoftMatchUpn)
        }
    }

    /// Another cloud object already holding this user's SID fails the export
    /// (AttributeValueMustBeUnique; resiliency does not cover it), unless it is the join target.
    fn check_security_identifier(
        &self,
        security_identifier: Option<&str>,
        decision: &mut Decision,
    ) {
        if let Some(owner) = security_identifier
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
    }

    /// The join target, when the decision joins one.
    fn join_target(decision: &Decision) -> Option<u32> {
        decision.cloud.filter(|_| decision.outcome == Outcome::Join)
    }

    /// A UPN another cloud object holds (as UPN or address) is replaced by
    /// `<prefix><4 random digits>@<initial domain>` (Duplicate attribute resiliency).
    fn check_upn_conflict(
        &self,
        predicted: &mut Option<Cow<'_, str>>,
        decision: &mut Decision,
        text: &mut TextArena,
    ) {
        let target = Self::join_target(decision);
        let Some(upn) = predicted.as_deref() else {
            return;
        };
        let key = comparison_key(upn);
        // Another cloud UPN first: the address index keeps only the first holder of a value.
        let holder = [Key::Upn, Key::Address]
            .into_iter()
            .filter_map(|index| self.find(index, &key))
            .find(|&holder| Some(holder) != target);
        if let Some(holder) = holder {
            let value = text.push(upn);
            warn(decision, WarningCode::UpnConflict, Some(holder), value);
            *predicted = Some(Cow::Owned(replaced_upn(&self.settings.tenant, upn)));
        }
    }

    /// SynchronizeUpnForManagedUsers off (how-to-connect-syncservice-features, "Synchronize
    /// userPrincipalName updates"): synchronization does not update the UPN of a licensed,
    /// managed user, so a joined user keeps its cloud UPN; an unlicensed one takes the
    /// on-premises UPN. **Model assumption**: a user whose licences are not known
    /// (AssignedLicenses absent or unreadable) is taken to be licensed, and the warning says so.
    fn keep_cloud_upn(
        &self,
        kind: ObjectType,
        predicted: &mut Option<Cow<'_, str>>,
        decision: &mut Decision,
        text: &mut TextArena,
    ) {
        if !self.settings.upn_updates_blocked || kind != ObjectType::User {
            return;
        }
        let Some(target) = Self::join_target(decision) else {
            return;
        };
        if self.cloud(target).licensed == Some(false) {
            return;
        }
        let Some(cloud_upn) = self.cloud_upn(target) else {
            return;
        };
        if predicted
            .as_deref()
            .is_some_and(|upn| comparison_key(upn) == comparison_key(cloud_upn))
        {
            return;
        }
        let value = predicted.as_deref().and_then(|upn| text.push(upn));
        warn(
            decision,
            WarningCode::UpnNotSynchronized,
            Some(target),
            value,
        );
        *predicted = Some(Cow::Owned(cloud_upn.to_owned()));
    }

    /// Each SMTP address (and mail) another cloud object holds is dropped from this object;
    /// a user's address a cloud *group* holds fails the export every cycle instead (the
    /// documented exception to resiliency).
    fn add_address_conflicts(
        &self,
        object: &DirectoryObject<'_>,
        kind: ObjectType,
        decision: &mut Decision,
        text: &mut TextArena,
    ) {
        let target = Self::join_target(decision);
        let smtp = object
            .proxy_addresses
            .iter()
            .filter(|proxy| proxy.kind == AddressType::Smtp)
            .map(|proxy| proxy.address);
        let mut reported: Vec<String> = Vec::new();
        for address in smtp.chain(object.mail) {
            let key = comparison_key(address);
            let Some(holder) = self.find(Key::Address, &key) else {
                continue;
            };
            if Some(holder) == target || reported.iter().any(|done| *done == *key) {
                continue;
            }
            let value = text.push(address.trim());
            if kind == ObjectType::User && self.cloud(holder).object_type == ObjectType::Group {
                decision.outcome = Outcome::Error;
                decision.reason = Reason::GroupAddressConflict;
                decision.match_type = MatchType::None;
                decision.cloud = Some(holder);
                decision.rare().conflict_value = value;
                return;
            }
            warn(decision, WarningCode::AddressConflict, Some(holder), value);
            reported.push(key.into_owned());
        }
    }

    /// A created user whose display name or mail local part an unanchored cloud user shares may
    /// be that person's second account.
    fn add_possible_duplicate(
        &self,
        object: &DirectoryObject<'_>,
        moera: Option<&str>,
        decision: &mut Decision,
        text: &mut TextArena,
    ) {
        // A cloud-only user already holding the MOERA this user's UPN becomes (same alias at the
        // initial domain) is the likeliest same person: named first.
        let by_moera = moera.and_then(|upn| {
            self.find(Key::Upn, &comparison_key(upn))
                .map(|holder| (holder, upn.to_owned()))
        });
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
        // Only an object of the same type can be the same thing; a group that is not
        // mail-enabled has no soft or hard match at all (existing tenant, "Other objects than users").
        let kind = object.object_type();
        if kind == ObjectType::Group && !rules::is_mail_enabled(object) {
            return;
        }
        if let Some((holder, value)) = by_moera.or(by_name).or(by_local)
            && !self.cloud(holder).anchored
            && self.cloud(holder).object_type == kind
        {
            let value = text.push(&value);
            // The cloud user it resembles is the one it collides with (CloudObjectId), the
            // user a hard match would join it to.
            decision.cloud = Some(holder);
            warn(
                decision,
                WarningCode::PossibleDuplicate,
                Some(holder),
                value,
            );
        }
    }

    /// Collisions with on-premises users settled before this one: the same UPN, mail or primary
    /// SMTP address (across those attributes). Both are told; the later one's UPN is the one
    /// replaced (**model assumption**: export order is input order). Returns the earlier users to
    /// tell. The draft's texts must already be in the prediction's arena.
    pub(super) fn settle_on_prem(&mut self, draft: &mut Draft) -> Told {
        let position = self.decisions.len() as u32;
        if self.joins_person(draft, position) {
            return Vec::new();
        }
        let decision = &mut draft.decision;
        let mut told = Vec::new();
        let mut replaced = None;
        for (number, collision) in draft.collisions.iter().enumerate() {
            let Some(collision) = collision else {
                continue;
            };
            let Some(earlier) =
                index::on_prem_holder(&mut self.on_prem_keys, &self.text, collision, position)
            else {
                continue;
            };
            // A contact and a user with one address: the GALSync pair. Contacts join on mail in
            // the metaverse (In from AD - Contact Join), so the contact merges into the user
            // and no object of its own is provisioned: no collision.
            let earlier_kind = self.decisions[earlier as usize].kind;
            let contact = match (decision.kind, earlier_kind) {
                (ObjectType::Contact, ObjectType::User) => Some((&mut *decision, earlier)),
                // A contact merges into one user: a second user with the address collides.
                (ObjectType::User, ObjectType::Contact)
                    if self.decisions[earlier as usize].reason != Reason::ContactJoinsUser =>
                {
                    Some((&mut self.decisions[earlier as usize], position))
                }
                _ => None,
            };
            if let Some((contact, user)) = contact {
                contact.outcome = Outcome::Skipped;
                contact.reason = Reason::ContactJoinsUser;
                contact.cloud = None;
                contact.rare().merged_into = Some(user);
                continue;
            }
            let shown = Some(collision.shown);
            told.push((earlier, shown));
            decision.rare().warnings.push(Warning {
                code: WarningCode::OnPremisesConflict,
                cloud: None,
                user: Some(earlier),
                value: shown,
            });
            if number == 0 {
                let upn = self.text.get(collision.shown);
                replaced = Some(replaced_upn(&self.settings.tenant, upn));
            }
        }
        if let Some(replaced) = replaced {
            decision.predicted_upn = self.text.push(&replaced);
        }
        told
    }

    /// Under the deployment's forest join, a user whose join value an earlier user holds is that
    /// user's person: it is joined in the metaverse and synchronized as that user, so it holds no
    /// values of its own (plan-connect-topologies: with two accounts "the sync engine picks one
    /// and ignores the other"; **model assumption**: the one read first, as the first connected
    /// forest contributes first). The earlier user is told, naming it.
    fn joins_person(&mut self, draft: &mut Draft, position: u32) -> bool {
        let Some(join) = draft.join else {
            return false;
        };
        let Some(person) =
            index::on_prem_holder(&mut self.person_keys, &self.text, &join, position)
        else {
            return false;
        };
        let decision = &mut draft.decision;
        decision.outcome = Outcome::Skipped;
        decision.reason = Reason::JoinsPerson;
        decision.match_type = MatchType::None;
        decision.cloud = None;
        decision.predicted_upn = None;
        decision.rare = Some(Box::new(Rare {
            merged_into: Some(person),
            conflict_value: Some(join.shown),
            ..Rare::default()
        }));
        self.tell_joined(person, position, Some(join.shown));
        true
    }

    /// Tells the user at `person` that the user at `joined` is part of its person, naming it
    /// (JoinedAcrossForests); a person names at most `NAMED_CONFLICTS` of them.
    pub(super) fn tell_joined(&mut self, person: u32, joined: u32, value: Option<Span>) {
        let Some(head) = self.decisions.get_mut(person as usize) else {
            return;
        };
        let told = head
            .warnings()
            .iter()
            .filter(|warning| warning.code == WarningCode::JoinedAcrossForests)
            .count();
        if told < crate::readiness::NAMED_CONFLICTS {
            head.rare().warnings.push(Warning {
                code: WarningCode::JoinedAcrossForests,
                cloud: None,
                user: Some(joined),
                value,
            });
        }
    }

    /// Tells an earlier user of a collision with the user at `later`, naming it; a user is told
    /// of at most `NAMED_CONFLICTS` of them, so k users sharing a value cost O(k).
    pub(super) fn tell_earlier(&mut self, earlier: u32, later: u32, value: Option<Span>) {
        let Some(decision) = self.decisions.get_mut(earlier as usize) else {
            return;
        };
        let told = decision
            .warnings()
            .iter()
            .filter(|warning| {
                warning.code == WarningCode::OnPremisesConflict
                    && warning.user.is_some_and(|user| user > earlier)
            })
            .count();
        if told < crate::readiness::NAMED_CONFLICTS {
            decision.rare().warnings.push(Warning {
                code: WarningCode::OnPremisesConflict,
                cloud: None,
                user: Some(later),
                value,
            });
        }
    }
}

fn warn(decision: &mut Decision, code: WarningCode, cloud: Option<u32>, value: Option<Span>) {
    decision.rare().warnings.push(Warning {
        code,
        cloud,
        user: None,
        value,
    });
}

/// How the UPN got its form: computed from sAMAccountName, or replaced by the MOERA.
fn add_upn_warnings(plan: &UpnPlan<'_>, decision: &mut Decision, text: &mut TextArena) {
    let Some(sent) = plan.sent.as_deref() else {
        return;
    };
    let value = text.push(sent);
    if plan.from_sam {
        warn(decision, WarningCode::UpnFromSamAccountName, None, value);
    }
    if !plan.reaches_cloud {
        let code = if plan.invalid {
            WarningCode::InvalidUpn
        } else {
            WarningCode::UnverifiedUpnSuffix
        };
        warn(decision, code, None, value);
    }
}

/// The placeholder of a replaced UPN: its prefix, `####` for the 4 random digits, the initial
/// domain.
pub(super) fn replaced_upn(tenant: &Tenant, upn: &str) -> String {
    let initial = tenant.initial_domain().unwrap_or("<initial domain>");
    format!("{}####@{initial}", local_part(upn))
}

/// The values that can collide with other on-premises users (UPN, mail, primary SMTP address),
/// trimmed, in `text` with their comparison keys (a text already there in `known` is not kept
/// twice); blanks left out, and a value an earlier one repeats (the same value in two of the
/// attributes is one value).
fn collision_values(
    values: [Option<&str>; 3],
    known: &[Option<Span>],
    text: &mut TextArena,
) -> [Option<Collision>; 3] {
    let keys = values.map(|value| value.map(comparison_key).filter(|key| !key.is_empty()));
    let mut collisions = [None; 3];
    for (number, (value, key)) in values.iter().zip(&keys).enumerate() {
        let (Some(value), Some(key)) = (value, key) else {
            continue;
        };
        if keys[..number]
            .iter()
            .flatten()
            .any(|earlier| earlier == key)
        {
            continue;
        }
        let Some(shown) = text.push_or_reuse(value.trim(), known) else {
            continue;
        };
        let key_span = match key {
            Cow::Borrowed(_) => Some(shown),
            Cow::Owned(key) => text.push(key),
        };
        collisions[number] = key_span.map(|key_span| Collision {
            shown,
            key: key_span,
            hash: key_hash(Key::Address, key),
        });
    }
    collisions
}
