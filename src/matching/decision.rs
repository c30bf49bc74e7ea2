//! The decision for one on-premises user: which cloud user it lands on and why, its predicted
//! UPN, and the warnings it carries (domain.md §2).

use super::arena::Span;
use super::index::{Key, local_part};
use super::*;
use crate::address::{AddressType, comparison_key};
use crate::anchor::{AnchorAttribute, AnchorError, SourceAnchor};
use crate::model::DirectoryObject;
use crate::rules;

/// A warning as decided: the code, the cloud user it concerns, the value involved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Warning {
    pub(super) code: WarningCode,
    pub(super) cloud: Option<u32>,
    pub(super) value: Option<Span>,
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
}

/// One on-premises user's predicted outcome, kept compact until the final pass.
#[derive(Clone, Debug)]
pub(super) struct Decision {
    pub(super) identity: Option<Span>,
    pub(super) user_principal_name: Option<Span>,
    pub(super) immutable_id: Option<Span>,
    pub(super) predicted_upn: Option<Span>,
    pub(super) match_type: MatchType,
    pub(super) outcome: Outcome,
    pub(super) reason: Reason,
    /// The target, or the cloud user it collides with.
    pub(super) cloud: Option<u32>,
    pub(super) rare: Option<Box<Rare>>,
}

impl Decision {
    pub(super) fn rare(&mut self) -> &mut Rare {
        self.rare.get_or_insert_with(Box::default)
    }

    pub(super) fn warnings(&self) -> &[Warning] {
        self.rare.as_deref().map_or(&[], |rare| &rare.warnings)
    }
}

impl Prediction {
    pub(super) fn decide(&mut self, user: &OnPremUser<'_>) -> Decision {
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
            Ok((anchor, _)) => anchor.immutable_id(),
            Err(error) => {
                decision.rare().error = Some(error);
                return decision;
            }
        };
        let (predicted, upn_reaches_cloud) = self.predict_upn(object);
        self.match_target(
            object,
            &anchor,
            predicted.as_deref(),
            upn_reaches_cloud,
            &mut decision,
        );
        self.check_security_identifier(user, &mut decision);
        decision.predicted_upn = predicted.as_deref().and_then(|upn| self.text.push(upn));
        self.add_warnings(user, &mut decision, predicted.as_deref(), upn_reaches_cloud);
        decision.immutable_id = self.text.push(&anchor);
        decision
    }

    /// The matching order (domain.md §2): hard match on the anchor, else soft match on the
    /// primary SMTP address, else (with SoftMatchOnUpn) on a UPN that reaches the cloud; a new
    /// user whose predicted UPN another cloud user holds is a duplicate.
    fn match_target(
        &self,
        object: &DirectoryObject<'_>,
        anchor: &str,
        predicted: Option<&str>,
        upn_reaches_cloud: bool,
        decision: &mut Decision,
    ) {
        if let Some(target) = self.find(Key::ImmutableId, anchor) {
            decision.match_type = MatchType::Hard;
            decision.cloud = Some(target);
            (decision.outcome, decision.reason) = self.hard_match_onto(target);
            return;
        }
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
            (decision.outcome, decision.reason) = self.soft_match_onto(target, match_type);
        } else if let Some(holder) = predicted
            .map(comparison_key)
            .and_then(|upn| self.find(Key::Upn, &upn))
        {
            // Created beside a cloud user with its UPN (soft match on UPN is off): a duplicate.
            decision.outcome = Outcome::Duplicate;
            decision.cloud = Some(holder);
        }
    }

    /// What a hard match onto `target` does.
    fn hard_match_onto(&self, target: u32) -> (Outcome, Reason) {
        let record = self.cloud(target);
        if record.object_type != ObjectType::User {
            (Outcome::Error, Reason::ObjectTypeMismatch)
        } else if record.linked {
            // Still synchronized with this anchor: it simply keeps syncing.
            (Outcome::Join, Reason::HardMatch)
        } else if self.settings.block_hard_match_takeover || record.privileged {
            (Outcome::Error, Reason::HardMatchBlocked)
        } else {
            (Outcome::Join, Reason::HardMatch)
        }
    }

    /// What a soft match onto `target` does: the target must be free (domain.md §2).
    fn soft_match_onto(&self, target: u32, match_type: MatchType) -> (Outcome, Reason) {
        let record = self.cloud(target);
        if self.settings.block_soft_match {
            (Outcome::Duplicate, Reason::SoftMatchBlocked)
        } else if record.object_type != ObjectType::User {
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
    fn check_security_identifier(&self, user: &OnPremUser<'_>, decision: &mut Decision) {
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
    }

    /// The warnings of a decision: a UPN that does not reach the cloud as is, and for a user
    /// that joins or is created, values another cloud object already holds.
    pub(super) fn add_warnings(
        &mut self,
        user: &OnPremUser<'_>,
        decision: &mut Decision,
        predicted: Option<&str>,
        upn_reaches_cloud: bool,
    ) {
        let object = &user.object;
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
        let target = decision.cloud.filter(|_| decision.outcome == Outcome::Join);
        if let Some(holder) = predicted
            .map(comparison_key)
            .and_then(|upn| self.find(Key::Upn, &upn))
            .filter(|&holder| Some(holder) != target)
        {
            let value = decision.predicted_upn;
            decision.rare().warnings.push(Warning {
                code: WarningCode::UpnConflict,
                cloud: Some(holder),
                value,
            });
        }
        self.add_address_conflicts(object, target, decision);
        if decision.outcome == Outcome::Create {
            self.add_possible_duplicate(object, decision);
        }
    }

    /// Each SMTP address (and mail) another cloud object holds is dropped from this user.
    fn add_address_conflicts(
        &mut self,
        object: &DirectoryObject<'_>,
        target: Option<u32>,
        decision: &mut Decision,
    ) {
        let smtp = object
            .proxy_addresses
            .iter()
            .filter(|proxy| proxy.kind == AddressType::Smtp)
            .map(|proxy| proxy.address);
        let mut reported: Vec<String> = Vec::new();
        for address in smtp.chain(object.mail) {
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
    }

    /// A created user whose display name or mail local part an unanchored cloud user shares may
    /// be that person's second account.
    fn add_possible_duplicate(&mut self, object: &DirectoryObject<'_>, decision: &mut Decision) {
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

    /// The UPN the user will have in the cloud, and whether its own suffix gets there.
    pub(super) fn predict_upn(&self, object: &DirectoryObject<'_>) -> (Option<String>, bool) {
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
}
