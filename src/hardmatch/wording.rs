//! The wording of a hard-match plan: each item's Detail sentence (what happens, or why not and
//! what to do) and its warnings.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::*;

impl Plan {
    fn describe_cloud(&self, cloud: u32) -> String {
        let cloud = &self.clouds[cloud as usize];
        match &cloud.upn {
            Some(upn) => format!("cloud user {upn}"),
            None => format!("cloud user {}", cloud.id),
        }
    }

    fn names_of(&self, rows: &[u32]) -> String {
        rows.iter()
            .map(|&row| self.decided[row as usize].identity.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub(super) fn item(&self, decided: &Decided) -> PlanItem {
        let on_prem = decided.on_prem.map(|user| &self.on_prems[user as usize]);
        let cloud = decided.target.map(|target| &self.clouds[target as usize]);
        PlanItem {
            identity: decided.identity.clone(),
            sam_account_name: on_prem.and_then(|user| user.sam.clone()),
            on_premises_user_principal_name: on_prem.and_then(|user| user.upn.clone()),
            immutable_id: decided.immutable_id.clone(),
            cloud_user_id: cloud.map(|cloud| cloud.id.clone()),
            cloud_user_principal_name: cloud.and_then(|cloud| cloud.upn.clone()),
            previous_immutable_id: cloud.and_then(|cloud| cloud.immutable_id.clone()),
            action: decided.action,
            reason: decided.reason,
            detail: self.detail(decided),
            warnings: decided
                .warnings
                .iter()
                .map(|&code| PlanWarning {
                    code,
                    message: self.warning(code, decided),
                })
                .collect(),
            consistency_guid: decided.consistency_guid.map(|bytes| BASE64.encode(bytes)),
            on_premises_domain: on_prem.and_then(|user| domain_of(&user.identity)),
            on_premises_others: decided
                .on_prem_others
                .iter()
                .map(|&user| self.on_prems[user as usize].identity.clone())
                .collect(),
            lost_addresses: decided.lost_addresses.clone(),
            predicted_user_principal_name: on_prem
                .and_then(|user| user.predicted_upn().map(str::to_owned)),
        }
    }

    fn on_prem_names(&self, decided: &Decided) -> String {
        decided
            .on_prem_others
            .iter()
            .map(|&user| self.on_prems[user as usize].identity.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn detail(&self, decided: &Decided) -> String {
        let target = decided
            .target
            .map(|target| self.describe_cloud(target))
            .unwrap_or_else(|| "the cloud user".to_owned());
        let anchor = decided.immutable_id.as_deref().unwrap_or("");
        let note = decided.note.as_deref().unwrap_or("");
        let previous = decided
            .target
            .and_then(|target| self.clouds[target as usize].immutable_id.as_deref())
            .unwrap_or("");
        let to_on_premises = self.settings.direction == Direction::ToOnPremises;
        match decided.reason {
            PlanReason::Ready if to_on_premises => format!(
                "Write {target}'s immutableId {anchor} into this user's mS-DS-ConsistencyGuid (ConsistencyGuid holds the bytes); its first synchronization then hard-matches it."
            ),
            PlanReason::Ready => format!(
                "Stamp {anchor} on {target} as its onPremisesImmutableId: at this user's first synchronization Entra Connect hard-matches the two."
            ),
            PlanReason::ReplaceImmutableId => format!(
                "Replace {target}'s immutableId {previous} with {anchor} (-AllowReplace; the old value is kept in PreviousImmutableId and the journal)."
            ),
            PlanReason::AlreadyMatched => format!(
                "{target} already holds {anchor}: nothing to write."
            ),
            PlanReason::OnPremisesUserNotFound => {
                "No on-premises user matches this row's key: pass the directory users with -OnPremisesUser, or fix the key.".to_owned()
            }
            PlanReason::OnPremisesUserOutOfScope => format!(
                "{note}, so a stamped anchor would never be matched."
            ),
            PlanReason::InvalidAnchor => format!("This user's source anchor cannot be read: {note}."),
            PlanReason::TargetNotFound => {
                "No cloud user matches this row's cloud key: check the id or UPN, or pass the tenant's users with -CloudUser.".to_owned()
            }
            PlanReason::TargetDeleted => format!(
                "{target} is soft-deleted: restore it first (or map the row to another user)."
            ),
            PlanReason::TargetSynchronized => format!(
                "{target} is still synchronized from an on-premises object (OnPremisesSyncEnabled is true): its immutableId cannot be changed, and is never overridden. Find the object it syncs from; to move it to this user, give this user that anchor (-Direction ToOnPremises) or take the other object out of sync scope first."
            ),
            PlanReason::TargetHasImmutableId => format!(
                "{target} already holds another immutableId ({previous}): stamping would replace it. Check it is not another user's anchor; pass -AllowReplace to replace it."
            ),
            PlanReason::AnchorHeldBySyncedDuplicate => format!(
                "{} already holds {anchor}: an earlier synchronization created a duplicate of this user (\"Synced from AD\" beside \"In the cloud\"), so stamping {target} would fail with \"Uniqueness violation. Property: SourceAnchor\". Recover in order: take this user out of sync scope (or delete the synced duplicate), purge the duplicate from deleted users, stamp {target}, bring the user back into scope.",
                self.holder_name(decided)
            ),
            PlanReason::AnchorHeldByCloudUser => format!(
                "{} already holds {anchor}, so stamping {target} would fail with \"Uniqueness violation. Property: SourceAnchor\". Clear it there first, or map this user to that cloud user.",
                self.holder_name(decided)
            ),
            PlanReason::AnchorHeldByDeletedUser => format!(
                "The soft-deleted {} holds {anchor}: stamping {target} would fail with \"Uniqueness violation. Property: SourceAnchor\", and this user's first synchronization would restore that deleted user instead. Purge it from deleted users first (or restore it and map the row to it).",
                self.holder_name(decided)
            ),
            PlanReason::DuplicateTarget => format!(
                "Another row stamps {target} too ({}): only one anchor can be stamped; fix the mapping.",
                self.names_of(&decided.others)
            ),
            PlanReason::DuplicateAnchor => format!(
                "This anchor goes to another cloud user too ({}): an immutableId is unique; fix the mapping.",
                self.names_of(&decided.others)
            ),
            PlanReason::PrivilegedTarget => format!(
                "{target} holds a privileged role (assigned or eligible): since 2026 a hard match onto it fails (InvalidHardMatch). Remove the role for the match, then assign it again."
            ),
            PlanReason::FederatedDomain => format!(
                "{target}'s UPN is on a federated domain: move it to a managed domain (such as the .onmicrosoft.com one) before stamping, then back after the match."
            ),
            PlanReason::ObjectIdentifierSet => format!(
                "{target}'s onPremisesObjectIdentifier is already set: since July 2026 the match is blocked for security hardening. Clear that property with Graph first."
            ),
            PlanReason::TakeoverBlocked => format!(
                "The tenant blocks cloud object takeover through hard match (BlockCloudObjectTakeoverThroughHardMatchEnabled): stamping {target} would fail at the first synchronization. Turn the feature off for the matching window, stamp and synchronize, then turn it back on, as Microsoft advises."
            ),
            PlanReason::AnchorNotGuid => format!(
                "{target}'s immutableId {anchor} is not a GUID anchor ({note}), so mS-DS-ConsistencyGuid cannot hold it; the deployment would need that custom attribute instead."
            ),
            PlanReason::ObjectGuidDeployment => {
                "The deployment anchors on objectGUID, which cannot be written: the on-premises user cannot take the cloud user's immutableId.".to_owned()
            }
            PlanReason::TargetHasNoImmutableId => format!(
                "{target} has no immutableId to give: plan the other direction (stamp the on-premises anchor on it)."
            ),
            PlanReason::AmbiguousOnPremisesKey => format!(
                "This row's key names more than one on-premises user ({}): the first in input order is not necessarily the one meant. Key the row by DistinguishedName or objectGUID.",
                self.on_prem_names(decided)
            ),
            PlanReason::NotAUser => format!(
                "The row maps to {}, not a user: onPremisesImmutableId exists on users only (\"you can only update the sourceAnchor/immutableID on users\", Existing tenant). Groups and contacts match on their addresses; fix the mapping.",
                decided
                    .target
                    .map(|target| {
                        let cloud = &self.clouds[target as usize];
                        format!("cloud {} {}", cloud.kind.noun(), cloud.upn.as_deref().unwrap_or(&cloud.id))
                    })
                    .unwrap_or_else(|| "a cloud object".to_owned())
            ),
            PlanReason::PreviousAnchorInUse => format!(
                "{target}'s immutableId {previous} is the anchor of another in-scope on-premises user ({}): replacing it would take that user's cloud account away at its next synchronization. Check the mapping: that user may be the one meant.",
                self.on_prem_names(decided)
            ),
            PlanReason::AnchorHeldOnPremises => format!(
                "{anchor} is already the anchor of another on-premises object ({}): two objects with one sourceAnchor cannot both synchronize. Fix the mapping, or clear the other object's mS-DS-ConsistencyGuid first.",
                self.on_prem_names(decided)
            ),
            PlanReason::UserAlreadySynchronized => format!(
                "This user is already synchronized: {} holds its current anchor. Changing mS-DS-ConsistencyGuid now fails its next export (\"the sourceAnchor attribute has changed\", design concepts); it is matched already.",
                self.holder_name(decided)
            ),
            PlanReason::UserHasConsistencyGuid => format!(
                "This user's mS-DS-ConsistencyGuid already holds a value, not {target}'s {anchor}: writing would replace it. Check it is not in use; pass -AllowReplace to replace it."
            ),
        }
    }

    fn holder_name(&self, decided: &Decided) -> String {
        decided
            .holder
            .map(|holder| {
                let cloud = &self.clouds[holder as usize];
                format!("{} (id {})", self.describe_cloud(holder), cloud.id)
            })
            .unwrap_or_else(|| "another cloud user".to_owned())
    }

    fn warning(&self, code: PlanWarningCode, decided: &Decided) -> String {
        let target = decided
            .target
            .map(|target| self.describe_cloud(target))
            .unwrap_or_default();
        let on_prem = decided.on_prem.map(|user| &self.on_prems[user as usize]);
        match code {
            PlanWarningCode::MailboxNotRemote => self.remote_mailbox_advice(decided, &target),
            PlanWarningCode::MailboxOnBothSides => format!(
                "This user has a mailbox in Exchange on-premises and {target} has one in Exchange Online: after the match one account has two mailboxes and mail reaches only one (Exchange Team, \"My user has a mailbox both on-premises and in Exchange Online\"). Decide which stays before the match: migrate the on-premises mailbox to Exchange Online (a hybrid move, then merge the cloud one's content), or move the cloud mailbox's content on-premises and remove its licence."
            ),
            PlanWarningCode::AddressesLost => format!(
                "{target} has addresses this user lacks on-premises ({}): the join replaces the cloud addresses with the on-premises ones, so they are lost (\"you lose any values in Microsoft Entra ID not present in AD DS\", Existing tenant). Add them to this user's proxyAddresses before its first synchronization.",
                decided.lost_addresses.join(", ")
            ),
            PlanWarningCode::UpnChanges => on_prem
                .map(|user| self.upn_change(user, decided, &target))
                .unwrap_or_default(),
            PlanWarningCode::SoftMatchesOtherUser => on_prem
                .zip(decided.other_match)
                .map(|(user, other)| self.other_match(user, other, &target))
                .unwrap_or_default(),
            PlanWarningCode::ValueUnreadable => format!(
                "A value of this user could not be read ({}). It was planned on its other values{}.",
                on_prem
                    .and_then(|user| user.unreadable.as_deref())
                    .unwrap_or_default(),
                if on_prem.is_some_and(|user| user.addresses.1 == 0) {
                    "; its addresses are not known, so the addresses the join removes cannot be listed"
                } else {
                    ""
                }
            ),
        }
    }

    /// The UPN the cloud user will have after the match, and why. Short: a `.local` deployment
    /// carries it on every item.
    fn upn_change(&self, user: &OnPremState, decided: &Decided, target: &str) -> String {
        let outcome = &user.cloud_upn;
        let sent = user.sent_upn().unwrap_or_default();
        let sent = if outcome.from_sam.is_some() {
            format!("{sent} (sAMAccountName@domain: the user has no UPN)")
        } else {
            sent.to_owned()
        };
        let becomes = user
            .predicted_upn()
            .unwrap_or("<alias>@<initial domain> (-VerifiedDomain names it)");
        let current = decided
            .target
            .and_then(|target| self.clouds[target as usize].upn.as_deref())
            .unwrap_or("its UPN");
        match outcome.replaced {
            None => format!(
                "After the match {target}'s UPN becomes {becomes}, this user's on-premises UPN. To keep {current}, set it on-premises first."
            ),
            Some(UpnReplaced::SuffixNotVerified) => format!(
                "After the match {target}'s UPN becomes {becomes}: {sent} is not on a verified domain (a .local one never is). To keep {current}, give the user a UPN on a verified domain first."
            ),
            Some(UpnReplaced::Invalid) => format!(
                "After the match {target}'s UPN becomes {becomes}: Entra ID does not accept {sent} as a UPN. To keep {current}, fix the on-premises UPN first."
            ),
        }
    }

    /// A row the directory contradicts: this user's own values soft-match another cloud user.
    fn other_match(&self, user: &OnPremState, other: OtherMatch, target: &str) -> String {
        let other_name = self.describe_cloud(other.cloud);
        let (what, value) = if other.by_smtp {
            (
                "primary SMTP address",
                self.on_prem_primary(user).unwrap_or_default(),
            )
        } else {
            ("UPN", user.sent_upn().unwrap_or_default())
        };
        format!(
            "This user's {what} {value} is {other_name}'s, yet the row maps it to {target}: check the row is not swapped. Without the stamp Entra Connect would soft-match it to {other_name}; with it, {target} takes this user's addresses while {other_name} keeps its own, and duplicate attribute resiliency quarantines the address they share."
        )
    }

    /// Make this user the cloud mailbox's remote mailbox: the commands, with the values known.
    fn remote_mailbox_advice(&self, decided: &Decided, target: &str) -> String {
        let Some(cloud) = decided.target.map(|target| &self.clouds[target as usize]) else {
            return String::new();
        };
        let identity = decided.identity.replace('\'', "''");
        let server = decided
            .on_prem
            .and_then(|user| domain_of(&self.on_prems[user as usize].identity))
            .map(|domain| format!(" -DomainController {domain}"))
            .unwrap_or_default();
        let routing = self.routing_address(cloud);
        let guid = match &cloud.exchange_guid {
            Some(guid) => guid.to_string(),
            None => format!(
                "(Get-EXOMailbox '{}' -Properties ExchangeGuid).ExchangeGuid",
                cloud.upn.as_deref().unwrap_or(&cloud.id)
            ),
        };
        format!(
            "{target} has an Exchange Online mailbox but this user is not a remote mailbox on-premises: after the match Exchange on-premises has no object for that mailbox, so it can neither manage it nor route mail to it. Where Exchange (or its management tools) runs on-premises, first run: Enable-RemoteMailbox -Identity '{identity}' -RemoteRoutingAddress '{routing}'{server}; then Set-RemoteMailbox -Identity '{identity}' -ExchangeGuid {guid}{server} (the cloud mailbox's, so the two stay one mailbox)."
        )
    }

    /// The cloud mailbox's routing address: its `<alias>@<tenant>.mail.onmicrosoft.com` address,
    /// else one made from its `.onmicrosoft.com` address or the tenant's initial domain.
    fn routing_address(&self, cloud: &CloudState) -> String {
        let addresses = || self.addresses(cloud.addresses);
        let ends = |address: &str, suffix: &str| {
            address.len() > suffix.len()
                && address.is_char_boundary(address.len() - suffix.len())
                && address[address.len() - suffix.len()..].eq_ignore_ascii_case(suffix)
        };
        if let Some(routing) = addresses().find(|address| ends(address, ".mail.onmicrosoft.com")) {
            return routing.to_owned();
        }
        let made = |local: &str, initial: &str| {
            let tenant = &initial[..initial.len() - ".onmicrosoft.com".len()];
            format!("{local}@{tenant}.mail.onmicrosoft.com")
        };
        if let Some((local, domain)) = addresses()
            .find(|address| ends(address, ".onmicrosoft.com"))
            .and_then(|address| address.split_once('@'))
        {
            return made(local, domain);
        }
        let local = cloud
            .upn
            .as_deref()
            .and_then(|upn| upn.split_once('@'))
            .map(|(local, _)| local)
            .unwrap_or("<alias>");
        match self.settings.tenant.initial_domain() {
            Some(initial) if ends(initial, ".onmicrosoft.com") => made(local, initial),
            _ => format!("{local}@<tenant>.mail.onmicrosoft.com"),
        }
    }
}

/// A DN's domain, from its DC= parts (`CN=Ann,OU=Staff,DC=corp,DC=contoso,DC=com` →
/// `corp.contoso.com`); None for an identity that is not a DN.
fn domain_of(identity: &str) -> Option<String> {
    let parts: Vec<&str> = identity
        .split(',')
        .map(str::trim)
        .filter_map(|part| {
            part.get(..3)
                .filter(|prefix| prefix.eq_ignore_ascii_case("DC="))
                .map(|_| &part[3..])
        })
        .filter(|part| !part.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("."))
}
