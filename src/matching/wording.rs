//! The wording of a prediction: the Detail sentence of each result and the message of each
//! warning, built from the decision when results are paged out.

use super::decision::{Decision, Warning};
use super::*;
use crate::deployment::ForestJoin;

impl Prediction {
    pub(super) fn cloud_id(&self, cloud: u32) -> &str {
        self.text.get(self.cloud(cloud).id)
    }

    pub(super) fn cloud_upn(&self, cloud: u32) -> Option<&str> {
        self.text.get_opt(self.cloud(cloud).upn)
    }

    pub(super) fn describe_cloud(&self, cloud: u32) -> String {
        match self.cloud_upn(cloud) {
            Some(upn) => format!("cloud user {upn}"),
            None => format!("cloud object {}", self.cloud_id(cloud)),
        }
    }

    pub(super) fn result(&self, position: u32, decision: &Decision) -> MatchResult {
        let rare = decision.rare.as_deref();
        let error = rare.and_then(|rare| rare.error.as_ref());
        let failure = rare.and_then(|rare| rare.failure.as_ref());
        let detail = if let Some((_, message)) = failure {
            format!("No prediction: {message}.")
        } else if let Some(error) = error {
            format!("No prediction: {error}.")
        } else {
            self.detail(position, decision)
        };
        let text = |span| self.text.get_opt(span).map(str::to_owned);
        MatchResult {
            identity: text(decision.identity).unwrap_or_default(),
            user_principal_name: text(decision.user_principal_name),
            immutable_id: text(decision.immutable_id),
            match_type: decision.match_type,
            outcome: decision.outcome,
            reason: decision.reason,
            object_type: decision.kind,
            cloud_object_id: decision.cloud.map(|cloud| self.cloud_id(cloud).to_owned()),
            cloud_user_principal_name: decision
                .cloud
                .and_then(|cloud| self.cloud_upn(cloud))
                .map(str::to_owned),
            predicted_user_principal_name: text(decision.predicted_upn),
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

    /// The Detail sentence of a predicted object: what happens, and what to do about it. Each
    /// branch is a whole sentence, so every combination reads as English.
    fn detail(&self, position: u32, decision: &Decision) -> String {
        let rare = decision.rare.as_deref();
        let target = decision.cloud.map(|cloud| self.describe_cloud(cloud));
        let target = target.as_deref().unwrap_or("the cloud user");
        let noun = decision.kind.noun();
        let created = match self.text.get_opt(decision.predicted_upn) {
            Some(upn) => format!("a new cloud {noun} is created with the UPN {upn}"),
            None if noun == "user" => format!(
                "a new cloud {noun} is created (its UPN cannot be predicted: pass -VerifiedDomain with the tenant's .onmicrosoft.com domain)"
            ),
            None => format!("a new cloud {noun} is created"),
        };
        let linked = decision.cloud.is_some_and(|cloud| self.cloud(cloud).linked);
        match decision.reason {
            Reason::OutOfScope => format!(
                "{}.",
                rare.and_then(|rare| rare.out_of_scope.as_deref())
                    .unwrap_or("It is out of scope")
            ),
            Reason::HardMatch if linked => format!(
                "Hard match: {target} already carries this immutableId and is synchronized; it keeps syncing from this object."
            ),
            Reason::HardMatch => format!(
                "Hard match: {target} carries this immutableId and will be joined to this object."
            ),
            Reason::RestoresDeletedUser => format!(
                "Restore: the soft-deleted {target} carries this immutableId, so the first export restores it (with its old licenses, group memberships and mailbox) instead of creating a user. If that is not intended, purge it from deleted users first."
            ),
            Reason::SoftMatchSmtp => format!(
                "Soft match on the primary SMTP address: joined to {target}, whose attributes it will overwrite."
            ),
            Reason::SoftMatchUpn => format!(
                "Soft match on the UPN: joined to {target}, whose attributes it will overwrite."
            ),
            Reason::NoMatch if decision.outcome == Outcome::Duplicate => format!(
                "No match (soft match on UPN is off): {target} already has this user's UPN, so {created} beside it."
            ),
            Reason::NoMatch => {
                let mut sentence = format!("No cloud {noun} matches: {created}.");
                if let Some(first) = sentence.get_mut(0..1) {
                    first.make_ascii_uppercase();
                }
                sentence
            }
            Reason::TargetAnchored if linked => format!(
                "InvalidSoftMatch: {target} matches but is still synchronized from another on-premises object (OnPremisesSyncEnabled is true), so a duplicate is created beside it. Do not stamp an immutableId on it: if both are the same person, give this object the source anchor the cloud user already has (write its immutableId into mS-DS-ConsistencyGuid), or take the other object out of sync scope first."
            ),
            Reason::TargetAnchored => format!(
                "InvalidSoftMatch: {target} matches but already has an immutableId, so a duplicate is created beside it with its colliding UPN replaced and addresses quarantined. Hard-match it (stamp this object's immutableId on it), or clear its immutableId first."
            ),
            Reason::AdminRoleConflict => format!(
                "Existing Admin Role Conflict: {target} holds an admin role, so it is not soft-matched and a quarantined object is created. Remove the roles before sync (then hard-delete the quarantined object)."
            ),
            Reason::SoftMatchBlocked => format!(
                "Soft match is blocked in this tenant (BlockSoftMatchEnabled), so a duplicate of {target} is created. Hard-match it instead."
            ),
            Reason::HardMatchBlocked => format!(
                "InvalidHardMatch: {target} is cloud-managed and hard-match takeover is blocked (BlockCloudObjectTakeoverThroughHardMatchEnabled, or the user holds a privileged role since 2026)."
            ),
            Reason::ObjectTypeMismatch => format!(
                "ObjectTypeMismatch: this {noun} matches {target}, which is a {}; objects of different types never join.",
                decision.cloud.map_or("different type", |cloud| self
                    .cloud(cloud)
                    .object_type
                    .noun())
            ),
            Reason::GroupAddressConflict => format!(
                "ProxyAddress conflict: the address '{}' belongs to {target}, a group; duplicate attribute resiliency does not quarantine it, so this user fails to export every cycle until one of the two gives it up.",
                rare.and_then(|rare| self.text.get_opt(rare.conflict_value))
                    .unwrap_or_default()
            ),
            Reason::SecurityIdentifierConflict => format!(
                "AttributeValueMustBeUnique: {target} already has this user's on-premises SID (onPremisesSecurityIdentifier) with another anchor; duplicate attribute resiliency does not cover it."
            ),
            Reason::DuplicateOnPremises => self.duplicate_on_premises_detail(position, target),
            Reason::InvalidInput => "No prediction: the input could not be read.".to_owned(),
            Reason::ObjectIdentifierSet => format!(
                "Hard match operation blocked due to security hardening (since 1 July 2026): {target} carries this immutableId but its onPremisesObjectIdentifier is set, so the match fails. Clear it first: PATCH https://graph.microsoft.com/beta/users/{} with {{\"onPremisesObjectIdentifier\": null}} (permission User-OnPremisesSyncBehavior.ReadWrite.All, and the Global Administrator or Hybrid Identity Administrator role), then synchronize.",
                decision
                    .cloud
                    .map_or("{userId}", |cloud| self.cloud_id(cloud))
            ),
            Reason::ContactJoinsUser => {
                let user = self
                    .merged_into(rare)
                    .unwrap_or("the on-premises user with its address");
                let order = if self.settings.deployment.forest_join == ForestJoin::Mail {
                    "The deployment joins forests on mail, so this holds whichever forest is imported first."
                } else {
                    "With the default matching option (users represented only once) this depends on import order: if this contact's forest is imported first, the user does not join it and the export reports an error for the shared address. For GALSync topologies choose matching on the mail attribute in the installation wizard."
                };
                format!(
                    "GALSync contact: contacts join on mail in the metaverse (In from AD - Contact Join), so this contact merges into {user} and is provisioned as that user, not as a contact of its own. {order}"
                )
            }
            Reason::JoinsPerson => {
                let join = &self.settings.deployment.forest_join;
                let person = self
                    .merged_into(rare)
                    .unwrap_or("an earlier on-premises user");
                let value = rare
                    .and_then(|rare| self.text.get_opt(rare.conflict_value))
                    .unwrap_or_default();
                if *join == ForestJoin::ObjectSidMasterAccountSid {
                    format!(
                        "Linked mailbox: the deployment joins users across forests on objectSid and msExchMasterAccountSid (Uniquely identifying your users), and this mailbox's msExchMasterAccountSid ('{value}') is the objectSid of {person}, so the two are one person: one user in Entra ID with the account's sign-in attributes and source anchor and this mailbox's Exchange and address-list attributes (Understanding the default configuration). That user is predicted in {person}'s result. An account with several mailboxes keeps one (plan-connect-topologies: \"the sync engine picks one and ignores the other\")."
                    )
                } else {
                    format!(
                        "Joined across forests: the deployment joins users on {} (Uniquely identifying your users), and {person} has the same value ('{value}'), so the two are one person in the metaverse and one user in Entra ID. With two accounts Entra Connect takes one account's sign-in attributes (UPN, source anchor) and ignores the other's (plan-connect-topologies); this plan assumes the one read first (the first connected forest's) wins, so nothing of this object's own is synchronized.",
                        join.describe()
                    )
                }
            }
            Reason::DuplicateAnchor => format!(
                "Duplicate source anchor: {} has the same immutableId ({}); a source anchor must be unique in the tenant (Design concepts), so the object synchronized second fails to export and both need attention. If one is a copy left in scope after a move between forests, take it out of scope; otherwise give one of them its own anchor (clear the mS-DS-ConsistencyGuid copied to it).",
                rare.and_then(|rare| rare.anchor_twin)
                    .and_then(|twin| self.decisions.get(twin as usize))
                    .and_then(|twin| self.text.get_opt(twin.identity))
                    .unwrap_or("another on-premises object"),
                self.text.get_opt(decision.immutable_id).unwrap_or_default()
            ),
        }
    }

    /// The identity of the on-premises object a result merged into.
    fn merged_into(&self, rare: Option<&super::decision::Rare>) -> Option<&str> {
        rare.and_then(|rare| rare.merged_into)
            .and_then(|user| self.decisions.get(user as usize))
            .and_then(|user| self.text.get_opt(user.identity))
    }

    /// The Detail of a DuplicateOnPremises result: the other users aiming at the same cloud
    /// user, named up to a bound, so k users on one target cost O(k) text, not O(k²).
    fn duplicate_on_premises_detail(&self, position: u32, target: &str) -> String {
        let decision = &self.decisions[position as usize];

        let joiners = decision
            .cloud
            .and_then(|cloud| self.shared_joiners.get(&cloud))
            .map_or(&[][..], Vec::as_slice);
        // Named up to a bound, so k users on one target cost O(k) text, not O(k²).
        let named: Vec<&str> = joiners
            .iter()
            .filter(|&&other| other != position)
            .filter_map(|&other| self.text.get_opt(self.decisions[other as usize].identity))
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

    pub(super) fn warning(&self, warning: &Warning) -> MatchWarning {
        let other = match (warning.cloud, warning.user) {
            (Some(cloud), _) => self.describe_cloud(cloud),
            (None, Some(user)) => format!(
                "on-premises object {}",
                self.decisions
                    .get(user as usize)
                    .and_then(|other| self.text.get_opt(other.identity))
                    .unwrap_or("(unnamed)")
            ),
            (None, None) => String::new(),
        };
        let value = self.text.get_opt(warning.value).unwrap_or_default();
        let replaced = super::decision::replaced_upn(&self.settings.tenant, value);
        let message = match warning.code {
            WarningCode::UnverifiedUpnSuffix => format!(
                "The suffix of '{value}' is not a verified domain: the cloud UPN becomes <MailNickName>@<initial domain>, and a matched cloud user's UPN is overwritten with it."
            ),
            WarningCode::InvalidUpn => format!(
                "'{value}' is not a valid UPN (a character outside the allowed set, or its form): Entra ID replaces it with <MailNickName>@<initial domain>."
            ),
            WarningCode::UpnFromSamAccountName => format!(
                "The user has no userPrincipalName: Entra Connect sends '{value}' (sAMAccountName@ the DNS name of its domain)."
            ),
            WarningCode::UpnConflict => format!(
                "The UPN '{value}' is already held by {other}: Entra ID replaces it with {replaced} (#### are 4 random digits)."
            ),
            WarningCode::AddressConflict => format!(
                "The address '{value}' is already held by {other}: it will be quarantined (dropped from this object) until the conflict is fixed."
            ),
            WarningCode::PossibleDuplicate => format!(
                "A new cloud user is created, but {other} has the same name or mail local part ('{value}'): is it the same person? Hard-match them to avoid a duplicate."
            ),
            WarningCode::UpnNotSynchronized => format!(
                "SynchronizeUpnForManagedUsers is off in this tenant: synchronization does not change the UPN of a licensed, managed (not federated) user, so {other} keeps its UPN instead of taking '{value}', now and after later changes on-premises. Turn the feature on first (Update-MgDirectoryOnPremiseSynchronization, Features.SynchronizeUpnForManagedUsersEnabled; it cannot be turned off again), or accept the cloud UPN. {}",
                match warning.cloud.map(|cloud| self.cloud(cloud).licensed) {
                    Some(Some(true)) => "It holds a licence (AssignedLicenses).",
                    _ => "Its licences are not known (no readable AssignedLicenses), so it is taken as licensed: an unlicensed user takes the on-premises UPN.",
                }
            ),
            WarningCode::GroupOverCloudSyncLimit => {
                crate::deployment::Deployment::group_over_limit_message(value)
            }
            WarningCode::AnchorFromName => format!(
                "The custom source anchor repeats the object's {value}: Design concepts says a source anchor should not be based on the user's name, because names change and a source anchor cannot be changed once the object is in Entra ID. It synchronizes; choose another attribute before the first synchronization if you can."
            ),
            WarningCode::ConsistencyGuidWrittenBack => "mS-DS-ConsistencyGuid is empty: under the ConsistencyGuid source anchor Entra Connect writes the user's objectGUID into it before the first export (Design concepts), so its immutableId is the objectGUID's. The connector account needs write access to mS-DS-ConsistencyGuid.".to_owned(),
            WarningCode::JoinedAcrossForests
                if self.settings.deployment.forest_join == ForestJoin::ObjectSidMasterAccountSid =>
            {
                format!(
                    "{other} is this account's linked mailbox (its msExchMasterAccountSid is '{value}'): the two are one person, predicted here with this account's sign-in attributes and source anchor and the mailbox's Exchange and address-list attributes (mail, proxyAddresses, mailNickname, display names)."
                )
            }
            WarningCode::JoinedAcrossForests => format!(
                "{other} has the same {} ('{value}'): under the deployment's forest join the two are one person, synchronized as this object (the one read first, as the first connected forest contributes first); the other's own values are not synchronized.",
                self.settings.deployment.forest_join.describe()
            ),
            WarningCode::OnPremisesConflict => format!(
                "'{value}' is also held by {other}, exported in the same run: only one keeps it. The one exported second has a colliding UPN replaced with <prefix><4 digits>@<initial domain> and a colliding address quarantined; this plan assumes input order is export order."
            ),
        };
        MatchWarning {
            code: warning.code,
            message,
        }
    }

    pub(super) fn cloud_only_result(&self, cloud: u32) -> MatchResult {
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
            object_type: self.cloud(cloud).object_type,
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
