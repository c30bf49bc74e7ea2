//! The SID forest join ("ObjectSID and msExchangeMasterAccountSID", how-to-connect-install-custom):
//! an account and its linked mailbox in another forest are one person whose sign-in attributes
//! come from the account and whose Exchange attributes come from the mailbox, so the person must
//! be merged before it is matched — and either may come first. Under this join every on-premises
//! user is held (an owned copy, its anchor resolved) until [`Prediction::finish`], which pairs
//! accounts with their mailboxes and predicts every user in input order. Memory grows with the
//! input under this join only.

use rustc_hash::FxBuildHasher;
use std::collections::HashMap;

use super::arena::TextArena;
use super::decision::{Decision, Draft};
use super::*;
use crate::address::ProxyAddress;
use crate::deployment::{ForestJoin, is_linked_mailbox, merge_linked_mailbox};
use crate::model::{DirectoryObject, ObjectAnchor};
use crate::schema::InputError;

/// A directory object kept past its input: every value the rules read, owned.
#[derive(Clone, Debug, Default)]
struct OwnedObject {
    texts: [Option<String>; 15],
    proxy_addresses: Vec<String>,
    is_critical_system_object: bool,
    member_count: Option<u64>,
}

impl OwnedObject {
    fn of(object: &DirectoryObject<'_>) -> Self {
        let owned = |value: Option<&str>| value.map(str::to_owned);
        OwnedObject {
            texts: [
                owned(object.distinguished_name),
                owned(object.object_class),
                owned(object.sam_account_name),
                owned(object.user_principal_name),
                owned(object.mail),
                owned(object.mail_nickname),
                owned(object.target_address),
                owned(object.display_name),
                owned(object.given_name),
                owned(object.surname),
                owned(object.sip_address),
                owned(object.recipient_type_details),
                owned(object.group_category),
                owned(object.join_value),
                owned(object.security_identifier),
            ],
            proxy_addresses: object
                .proxy_addresses
                .iter()
                .map(|proxy| proxy.value.to_owned())
                .collect(),
            is_critical_system_object: object.is_critical_system_object,
            member_count: object.member_count,
        }
    }

    fn object<'a>(&'a self, master_account_sid: Option<&'a str>) -> DirectoryObject<'a> {
        let text = |at: usize| self.texts[at].as_deref();
        DirectoryObject {
            distinguished_name: text(0),
            object_class: text(1),
            sam_account_name: text(2),
            user_principal_name: text(3),
            mail: text(4),
            mail_nickname: text(5),
            proxy_addresses: self
                .proxy_addresses
                .iter()
                .map(|value| ProxyAddress::parse(value))
                .collect(),
            target_address: text(6),
            display_name: text(7),
            given_name: text(8),
            surname: text(9),
            sip_address: text(10),
            is_critical_system_object: self.is_critical_system_object,
            recipient_type_details: text(11),
            group_category: text(12),
            member_count: self.member_count,
            join_value: text(13),
            security_identifier: text(14),
            master_account_sid,
        }
    }
}

/// An on-premises user held until the accounts and mailboxes are paired.
#[derive(Clone, Debug)]
pub(super) struct HeldUser {
    object: OwnedObject,
    master_account_sid: Option<String>,
    /// The anchor under the deployment's setting, resolved when the user arrived (the input it
    /// was read from is gone by `finish`).
    anchor: Result<ObjectAnchor, AnchorError>,
    /// The configured scope and the default rules keep it: only then can it join.
    in_scope: bool,
    linked_mailbox: bool,
}

impl HeldUser {
    fn object(&self) -> DirectoryObject<'_> {
        self.object.object(self.master_account_sid.as_deref())
    }

    /// The SID it is joined on, as compared: its own objectSid, or (a linked mailbox) its account's.
    fn join_sid(&self) -> Option<String> {
        ForestJoin::ObjectSidMasterAccountSid
            .value(&self.object())
            .map(|(_, key)| key.into_owned())
    }
}

/// One on-premises input awaiting `finish`, in input order.
#[derive(Clone, Debug)]
pub(super) enum Pending {
    Held(Box<HeldUser>),
    /// Could not be read or predicted (its result is an error saying why).
    Failed {
        identity: Option<String>,
        kind: FailureKind,
        message: String,
    },
}

/// What pairing made of a held user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// Predicted as itself.
    Alone,
    /// An account predicted as the person it makes with the linked mailbox at this position.
    Account(usize),
    /// A linked mailbox joined to the account at this position (the first: it contributes the
    /// Exchange attributes; a second: "the sync engine picks one and ignores the other").
    Mailbox(usize),
    /// A linked mailbox whose account is not in the input: not exported.
    Orphan,
}

impl Prediction {
    /// Whether on-premises users are held until `finish` (the SID forest join).
    pub(super) fn holds_users(&self) -> bool {
        !self.finished
            && self.settings.deployment.forest_join == ForestJoin::ObjectSidMasterAccountSid
    }

    /// The user held as it arrived: an owned copy, its anchor resolved.
    pub(super) fn held(&self, user: &OnPremUser<'_>) -> HeldUser {
        let object = &user.object;
        let linked_mailbox = object.object_type() == ObjectType::User && is_linked_mailbox(object);
        let in_scope = self.settings.deployment.out_of_scope(object).is_none();
        HeldUser {
            object: OwnedObject::of(object),
            master_account_sid: object.master_account_sid.map(str::to_owned),
            anchor: self
                .settings
                .anchor
                .anchor_of(object.object_type(), user.anchor),
            in_scope,
            linked_mailbox,
        }
    }

    /// The failures among the inputs held from `first` on that the caller must write an error
    /// record for (as for users predicted at once): a failure other than a refusal, or, for an
    /// object in scope that contributes its anchor (not a linked mailbox), an anchor that could
    /// not be read.
    pub(super) fn held_failures(&self, first: usize) -> Vec<(usize, InputError)> {
        let mut failures = Vec::new();
        for (index, pending) in self.pending[first..].iter().enumerate() {
            let error = match pending {
                Pending::Failed {
                    kind: FailureKind::Rejected,
                    ..
                } => continue,
                Pending::Failed { kind, message, .. } => match kind {
                    FailureKind::TypeName => InputError::TypeName(message.clone()),
                    FailureKind::Panic => InputError::Panic(message.clone()),
                    _ => InputError::Unreadable(message.clone()),
                },
                Pending::Held(held) => match &held.anchor {
                    Err(error) if held.in_scope && !held.linked_mailbox => {
                        InputError::Anchor(error.clone())
                    }
                    _ => continue,
                },
            };
            failures.push((index, error));
        }
        failures
    }

    /// Pairs the held accounts with their linked mailboxes (In from AD - User Join under this
    /// option: msExchMasterAccountSid, or msRTCSIP-OriginatorSid, equal to an objectSid) and
    /// predicts every held input in order: an account as the person it makes, its mailbox
    /// Skipped (JoinsPerson) naming it, a linked mailbox without its account Skipped ("A linked
    /// mailbox with no other active account is not exported", plan-connect-topologies).
    pub(super) fn settle_held(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        let roles = pair(&pending);
        let indices: Vec<usize> = (0..pending.len()).collect();
        let first = self.decisions.len();
        self.add_many(&indices, |prediction, &index, drafts| {
            let held = match &pending[index] {
                Pending::Failed {
                    identity,
                    kind,
                    message,
                } => {
                    drafts.push_failed(identity.as_deref(), *kind, message.clone());
                    return;
                }
                Pending::Held(held) => held,
            };
            let own = held.object();
            match roles[index] {
                Role::Alone => {
                    let draft = prediction.draft_held(held, &own, &mut drafts.text);
                    drafts.push(draft);
                }
                Role::Account(mailbox) => {
                    let Pending::Held(mailbox) = &pending[mailbox] else {
                        return;
                    };
                    let mailbox = mailbox.object();
                    let person = merge_linked_mailbox(&own, &mailbox);
                    let draft = prediction.draft_held(held, &person, &mut drafts.text);
                    drafts.push(draft);
                }
                Role::Mailbox(account) => {
                    let mut decision = Decision::of(&own, Outcome::Skipped, Reason::JoinsPerson, &mut drafts.text);
                    let rare = decision.rare();
                    rare.merged_into = Some((first + account) as u32);
                    rare.conflict_value = drafts.text.push_present(own.master_account_sid);
                    drafts.push(Draft::settled(decision));
                }
                Role::Orphan => {
                    let mut decision = Decision::of(&own, Outcome::Skipped, Reason::OutOfScope, &mut drafts.text);
                    decision.rare().out_of_scope = Some(format!(
                        "A linked mailbox is not exported without its account: the deployment joins users across forests on objectSid and msExchMasterAccountSid, and no input user has the objectSid {} (plan-connect-topologies: \"A linked mailbox with no other active account is not exported to Microsoft Entra ID\")",
                        own.master_account_sid.unwrap_or_default().trim()
                    ));
                    drafts.push(Draft::settled(decision));
                }
            }
        });
        // Each account is told which mailboxes joined it (bounded, as every naming is).
        for (index, role) in roles.iter().enumerate() {
            let Role::Mailbox(account) = *role else {
                continue;
            };
            let (position, mailbox) = ((first + account) as u32, (first + index) as u32);
            let value = self.decisions[mailbox as usize]
                .rare
                .as_deref()
                .and_then(|rare| rare.conflict_value);
            self.tell_joined(position, mailbox, value);
        }
    }

    /// A held user's draft, predicted as `object` (itself, or the person it makes).
    fn draft_held(
        &self,
        held: &HeldUser,
        object: &DirectoryObject<'_>,
        text: &mut TextArena,
    ) -> Draft {
        self.draft_object(
            object,
            object.security_identifier,
            |_| held.anchor.clone(),
            text,
        )
    }
}

/// Which held users are accounts with a mailbox, mailboxes with an account, or on their own.
fn pair(pending: &[Pending]) -> Vec<Role> {
    let held = |index: usize| match &pending[index] {
        Pending::Held(held) if held.in_scope => Some(held.as_ref()),
        _ => None,
    };
    let mut accounts: HashMap<String, usize, FxBuildHasher> = HashMap::default();
    for index in 0..pending.len() {
        if let Some(user) = held(index).filter(|user| !user.linked_mailbox)
            && let Some(sid) = user.join_sid()
        {
            accounts.entry(sid).or_insert(index);
        }
    }
    let mut roles = vec![Role::Alone; pending.len()];
    for index in 0..pending.len() {
        let Some(mailbox) = held(index).filter(|user| user.linked_mailbox) else {
            continue;
        };
        roles[index] = match mailbox.join_sid().and_then(|sid| accounts.get(&sid)) {
            Some(&account) => {
                if roles[account] == Role::Alone {
                    roles[account] = Role::Account(index);
                }
                Role::Mailbox(account)
            }
            None => Role::Orphan,
        };
    }
    roles
}
