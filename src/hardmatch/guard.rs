//! The guard rails of a hard match, in the order they are checked (docs/model.md, *Hard match*):
//! the first that fails blocks the item with its own reason.

use super::*;

impl Plan {
    pub(super) fn decide(&self, row: &MappingRow<'_>) -> Decided {
        let mut decided = Decided {
            identity: row
                .identity
                .as_deref()
                .or(row.on_prem_key.as_deref())
                .map(str::trim)
                .filter(|identity| !identity.is_empty())
                .unwrap_or("(a row without an on-premises key)")
                .to_owned(),
            on_prem: None,
            target: None,
            immutable_id: None,
            action: PlanAction::Blocked,
            reason: PlanReason::Ready,
            holder: None,
            others: Vec::new(),
            note: None,
            warnings: Vec::new(),
            consistency_guid: None,
            on_prem_others: Vec::new(),
            lost_addresses: Vec::new(),
            other_match: None,
        };
        let found = row
            .on_prem_key
            .as_deref()
            .filter(|key| !key.trim().is_empty())
            .map(|key| self.find_on_prem(key.trim(), row.on_prem_kind))
            .unwrap_or_default();
        decided.on_prem = found.first().copied();
        if let Some(user) = decided.on_prem.map(|user| &self.on_prems[user as usize]) {
            decided.identity = user.identity.clone();
        }
        decided.target = row
            .cloud_key
            .filter(|key| !key.trim().is_empty())
            .and_then(|key| self.find_cloud(key.trim(), row.cloud_kind));
        if found.len() > 1 {
            // The first in input order is not necessarily the one meant: say so, name them all.
            decided.identity = row
                .on_prem_key
                .as_deref()
                .map(str::trim)
                .unwrap_or_default()
                .to_owned();
            decided.on_prem = None;
            decided.on_prem_others = found
                .into_iter()
                .take(crate::readiness::NAMED_CONFLICTS)
                .collect();
            Self::block(&mut decided, PlanReason::AmbiguousOnPremisesKey);
            return decided;
        }
        match self.settings.direction {
            Direction::ToCloud => self.decide_to_cloud(row, &mut decided),
            Direction::ToOnPremises => self.decide_to_on_premises(&mut decided),
        }
        if let Some(user) = decided.on_prem
            && self.on_prems[user as usize].unreadable.is_some()
        {
            decided.warnings.push(PlanWarningCode::ValueUnreadable);
        }
        decided
    }

    fn block(decided: &mut Decided, reason: PlanReason) {
        decided.action = PlanAction::Blocked;
        decided.reason = reason;
    }

    /// The cloud user is stamped with the on-premises anchor.
    fn decide_to_cloud(&self, row: &MappingRow<'_>, decided: &mut Decided) {
        // The anchor: given by the row (a Test-SoftMatch result), else the on-premises user's.
        let given = row.immutable_id.map(str::trim).filter(|id| !id.is_empty());
        let anchor = match (given, decided.on_prem) {
            (Some(id), _) => id.to_owned(),
            (None, Some(user)) => {
                let user = &self.on_prems[user as usize];
                if let Some(why) = &user.out_of_scope {
                    decided.note = Some(why.clone());
                    return Self::block(decided, PlanReason::OnPremisesUserOutOfScope);
                }
                match &user.immutable_id {
                    Ok(id) => id.clone(),
                    Err(error) => {
                        decided.note = Some(error.to_string());
                        return Self::block(decided, PlanReason::InvalidAnchor);
                    }
                }
            }
            (None, None) => return Self::block(decided, PlanReason::OnPremisesUserNotFound),
        };
        decided.immutable_id = Some(anchor.clone());
        // Another on-premises object in scope carries the same anchor (a copy left behind by a
        // move between forests): both cannot synchronize, as Test-SoftMatch's DuplicateAnchor says.
        if let Some(user) = decided.on_prem {
            // (Only objects in scope are indexed by anchor.)
            let holders = self.on_prem_holders(&anchor, Some(user));
            if !holders.is_empty() {
                decided.on_prem_others = holders;
                return Self::block(decided, PlanReason::AnchorHeldOnPremises);
            }
        }
        let Some(target) = decided.target else {
            return Self::block(decided, PlanReason::TargetNotFound);
        };
        let cloud = &self.clouds[target as usize];
        if cloud.deleted {
            return Self::block(decided, PlanReason::TargetDeleted);
        }
        if cloud.kind != ObjectType::User {
            return Self::block(decided, PlanReason::NotAUser);
        }
        if cloud.immutable_id.as_deref() == Some(anchor.as_str()) {
            decided.action = PlanAction::AlreadyMatched;
            decided.reason = PlanReason::AlreadyMatched;
            return;
        }
        if cloud.synchronized {
            return Self::block(decided, PlanReason::TargetSynchronized);
        }
        // Another object already holds the anchor: "Uniqueness violation. Property: SourceAnchor".
        let holder = self
            .holders
            .get(&anchor)
            .and_then(|holders| holders.iter().copied().find(|&holder| holder != target));
        if let Some(holder) = holder {
            decided.holder = Some(holder);
            let held = &self.clouds[holder as usize];
            let reason = if held.deleted {
                PlanReason::AnchorHeldByDeletedUser
            } else if held.synchronized {
                PlanReason::AnchorHeldBySyncedDuplicate
            } else {
                PlanReason::AnchorHeldByCloudUser
            };
            return Self::block(decided, reason);
        }
        if cloud.immutable_id.is_some() && !self.settings.allow_replace {
            return Self::block(decided, PlanReason::TargetHasImmutableId);
        }
        // -AllowReplace over another in-scope user's anchor: that user would lose its cloud
        // account at its next synchronization.
        if let Some(previous) = cloud.immutable_id.as_deref() {
            let holders = self.on_prem_holders(previous, decided.on_prem);
            if !holders.is_empty() {
                decided.on_prem_others = holders;
                return Self::block(decided, PlanReason::PreviousAnchorInUse);
            }
        }
        if cloud.privileged {
            return Self::block(decided, PlanReason::PrivilegedTarget);
        }
        if self.on_federated_domain(cloud) {
            return Self::block(decided, PlanReason::FederatedDomain);
        }
        if cloud.object_identifier.is_some() {
            return Self::block(decided, PlanReason::ObjectIdentifierSet);
        }
        if self.settings.block_hard_match_takeover {
            return Self::block(decided, PlanReason::TakeoverBlocked);
        }
        decided.action = PlanAction::Set;
        decided.reason = if cloud.immutable_id.is_some() {
            PlanReason::ReplaceImmutableId
        } else {
            PlanReason::Ready
        };
        self.add_warnings(decided, cloud);
    }

    /// The on-premises user takes the cloud user's immutableId in mS-DS-ConsistencyGuid.
    fn decide_to_on_premises(&self, decided: &mut Decided) {
        let Some(user) = decided.on_prem else {
            return Self::block(decided, PlanReason::OnPremisesUserNotFound);
        };
        if let Some(why) = &self.on_prems[user as usize].out_of_scope {
            decided.note = Some(why.clone());
            return Self::block(decided, PlanReason::OnPremisesUserOutOfScope);
        }
        let Some(target) = decided.target else {
            return Self::block(decided, PlanReason::TargetNotFound);
        };
        let cloud = &self.clouds[target as usize];
        if cloud.kind != ObjectType::User {
            return Self::block(decided, PlanReason::NotAUser);
        }
        if matches!(self.settings.anchor, AnchorSetting::ObjectGuid) {
            return Self::block(decided, PlanReason::ObjectGuidDeployment);
        }
        let Some(id) = cloud.immutable_id.clone() else {
            return Self::block(decided, PlanReason::TargetHasNoImmutableId);
        };
        decided.immutable_id = Some(id.clone());
        match SourceAnchor::parse(&id, Some(crate::anchor::Spelling::ImmutableId)) {
            Ok((anchor, _)) => decided.consistency_guid = Some(*anchor.storage_bytes()),
            Err(error) => {
                decided.note = Some(error.to_string());
                return Self::block(decided, PlanReason::AnchorNotGuid);
            }
        }
        let state = &self.on_prems[user as usize];
        if state.immutable_id.as_deref() == Ok(id.as_str()) {
            decided.action = PlanAction::AlreadyMatched;
            decided.reason = PlanReason::AlreadyMatched;
            return;
        }
        // Another on-premises object already carries the anchor: two objects, one sourceAnchor.
        let holders = self.on_prem_holders(&id, Some(user));
        if !holders.is_empty() {
            decided.on_prem_others = holders;
            return Self::block(decided, PlanReason::AnchorHeldOnPremises);
        }
        // Already exported: a synchronized cloud user holds its current anchor, and changing it
        // fails the next export ("sourceAnchor attribute has changed", design concepts).
        if let Ok(current) = &state.immutable_id
            && let Some(holders) = self.holders.get(current)
            && let Some(&synced) = holders.iter().find(|&&holder| {
                self.clouds[holder as usize].synchronized && !self.clouds[holder as usize].deleted
            })
        {
            decided.holder = Some(synced);
            return Self::block(decided, PlanReason::UserAlreadySynchronized);
        }
        if state.has_consistency_guid && !self.settings.allow_replace {
            return Self::block(decided, PlanReason::UserHasConsistencyGuid);
        }
        decided.action = PlanAction::Set;
        decided.reason = PlanReason::Ready;
    }

    fn on_federated_domain(&self, cloud: &CloudState) -> bool {
        cloud
            .upn
            .as_deref()
            .and_then(|upn| upn.rsplit_once('@'))
            .is_some_and(|(_, domain)| {
                self.settings
                    .federated_domains
                    .iter()
                    .any(|federated| federated.trim().eq_ignore_ascii_case(domain.trim()))
            })
    }

    /// What does not block but will bite after the match.
    fn add_warnings(&self, decided: &mut Decided, cloud: &CloudState) {
        let on_prem = decided.on_prem.map(|user| &self.on_prems[user as usize]);
        if cloud.has_mailbox
            && let Some(user) = on_prem
        {
            match user.mailbox {
                rules::ExchangeRecipient::Remote => {}
                rules::ExchangeRecipient::NoMailbox => {
                    decided.warnings.push(PlanWarningCode::MailboxNotRemote)
                }
                rules::ExchangeRecipient::OnPremises => {
                    decided.warnings.push(PlanWarningCode::MailboxOnBothSides)
                }
            }
        }
        // The UPN the cloud user will have: the on-premises one, or the MOERA when that cannot
        // reach the cloud (Test-SoftMatch's rule; the seed's .local user).
        if let Some(user) = on_prem
            && user.sent_upn().is_some()
            && !matches!(
                (user.predicted_upn(), cloud.upn.as_deref()),
                (Some(predicted), Some(current)) if predicted.eq_ignore_ascii_case(current)
            )
        {
            decided.warnings.push(PlanWarningCode::UpnChanges);
        }
        // "You lose any values in Microsoft Entra ID not present in AD DS" (Existing tenant): the
        // join replaces the cloud addresses with the on-premises ones. Model assumption: the
        // .onmicrosoft.com addresses stay (Exchange Online keeps its routing addresses), and a
        // user with no address on-premises at all is one whose addresses were not read.
        if let Some(user) = on_prem
            && user.addresses.1 > 0
        {
            let kept: HashSet<String> = self
                .addresses(user.addresses)
                .map(|address| comparison_key(address).into_owned())
                .collect();
            let mut lost: Vec<String> = Vec::new();
            for address in self.addresses(cloud.addresses) {
                let key = comparison_key(address);
                let routing = key.ends_with(".onmicrosoft.com");
                if !routing
                    && !kept.contains(key.as_ref())
                    && !lost.iter().any(|seen| comparison_key(seen) == key)
                {
                    lost.push(address.to_owned());
                }
            }
            if !lost.is_empty() {
                decided.lost_addresses = lost;
                decided.warnings.push(PlanWarningCode::AddressesLost);
            }
        }
    }
}

impl Plan {
    /// Rows the directory contradicts: the mapped user's own values soft-match another cloud
    /// user than the row's (a swapped row is the commonest CSV mistake). The soft-match order:
    /// the on-premises primary SMTP address against cloud primaries, then the UPN it sends
    /// against cloud UPNs. The cloud primaries are read in one pass, looked up among the rows'
    /// addresses: no index of the cloud beyond the plan's own.
    pub(super) fn flag_other_matches(&mut self) {
        let set = |item: &Decided| {
            item.action == PlanAction::Set && item.on_prem.is_some() && item.target.is_some()
        };
        let mut by_primary: HashMap<String, Vec<u32>, FxBuildHasher> = HashMap::default();
        for (position, item) in self
            .decided
            .iter()
            .enumerate()
            .filter(|(_, item)| set(item))
        {
            let user = &self.on_prems[item.on_prem.unwrap_or_default() as usize];
            if let Some(primary) = self.on_prem_primary(user) {
                by_primary
                    .entry(comparison_key(primary).into_owned())
                    .or_default()
                    .push(position as u32);
            }
        }
        // The first cloud user holding each row's primary address.
        let mut smtp_holder: HashMap<u32, u32, FxBuildHasher> = HashMap::default();
        if !by_primary.is_empty() {
            for (number, cloud) in self.clouds.iter().enumerate() {
                if cloud.deleted || cloud.kind != ObjectType::User {
                    continue;
                }
                let Some(primary) = self.cloud_primary(cloud) else {
                    continue;
                };
                if let Some(rows) = by_primary.get(comparison_key(primary).as_ref()) {
                    for &row in rows {
                        smtp_holder.entry(row).or_insert(number as u32);
                    }
                }
            }
        }
        for position in 0..self.decided.len() {
            let item = &self.decided[position];
            if !set(item) {
                continue;
            }
            let (user, target) = (item.on_prem.unwrap_or_default(), item.target);
            let other = match smtp_holder.get(&(position as u32)) {
                Some(&cloud) => Some(OtherMatch {
                    cloud,
                    by_smtp: true,
                }),
                None => {
                    let state = &self.on_prems[user as usize];
                    state
                        .sent_upn()
                        .filter(|_| state.cloud_upn.replaced.is_none())
                        .and_then(|upn| self.cloud_by_upn.get(comparison_key(upn).as_ref()))
                        .map(|&cloud| OtherMatch {
                            cloud,
                            by_smtp: false,
                        })
                }
            };
            if let Some(other) = other.filter(|other| Some(other.cloud) != target) {
                let item = &mut self.decided[position];
                item.other_match = Some(other);
                item.warnings.push(PlanWarningCode::SoftMatchesOtherUser);
            }
        }
    }
}

/// Rows that stamp one target, or one anchor on two targets: all of them blocked, each naming the
/// others (at most `NAMED_CONFLICTS` of them).
pub(super) fn block_duplicates(decided: &mut [Decided]) {
    let live = |item: &Decided| matches!(item.action, PlanAction::Set | PlanAction::AlreadyMatched);
    let mut by_target: HashMap<u32, Vec<u32>> = HashMap::new();
    let mut by_anchor: HashMap<String, Vec<u32>> = HashMap::new();
    for (position, item) in decided.iter().enumerate() {
        if !live(item) {
            continue;
        }
        if let Some(target) = item.target {
            by_target.entry(target).or_default().push(position as u32);
        }
        if let Some(anchor) = &item.immutable_id {
            by_anchor
                .entry(anchor.clone())
                .or_default()
                .push(position as u32);
        }
    }
    let mut block =
        |group: &[u32], reason: PlanReason, same: &dyn Fn(&Decided, &Decided) -> bool| {
            if group.len() < 2 {
                return;
            }
            // Repeating the very same mapping is one stamp, not a conflict.
            let first = &decided[group[0] as usize];
            if group
                .iter()
                .all(|&other| same(first, &decided[other as usize]))
            {
                return;
            }
            for &position in group {
                let others: Vec<u32> = group
                    .iter()
                    .copied()
                    .filter(|&other| other != position)
                    .take(crate::readiness::NAMED_CONFLICTS)
                    .collect();
                let item = &mut decided[position as usize];
                item.action = PlanAction::Blocked;
                item.reason = reason;
                item.others = others;
            }
        };
    for group in by_target.values() {
        block(group, PlanReason::DuplicateTarget, &|a, b| {
            a.immutable_id == b.immutable_id
        });
    }
    for group in by_anchor.values() {
        block(group, PlanReason::DuplicateAnchor, &|a, b| {
            a.target == b.target
        });
    }
}
