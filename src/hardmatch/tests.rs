//! The plan against the guard rails, one test each, named after the source they follow.

use super::*;
use crate::address::ProxyAddress;
use crate::anchor::{AnchorInput, AnchorValue};
use crate::model::DirectoryObject;

const GUID_A: &str = "35918bc9-196d-40ea-9779-889d79b753f0";
const ID_A: &str = "yYuRNW0Z6kCXeYidebdT8A==";
const GUID_B: &str = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

fn ad<'a>(sam: &'a str, upn: &'a str, guid: &'a str) -> OnPremUser<'a> {
    OnPremUser {
        object: DirectoryObject {
            distinguished_name: None,
            sam_account_name: Some(sam),
            user_principal_name: Some(upn),
            ..DirectoryObject::default()
        },
        anchor: AnchorInput::User {
            object_guid: Some(AnchorValue::Text(guid)),
            consistency_guid: None,
        },
        security_identifier: None,
    }
}

fn cloud<'a>(id: &'a str, upn: &'a str) -> CloudUser<'a> {
    CloudUser {
        id,
        user_principal_name: Some(upn),
        proxy_addresses: Vec::<ProxyAddress<'a>>::new(),
        ..CloudUser::default()
    }
}

fn row<'a>(on_prem: &'a str, cloud: &'a str) -> MappingRow<'a> {
    MappingRow {
        on_prem_key: Some(on_prem.into()),
        on_prem_kind: OnPremKey::Any,
        cloud_key: Some(cloud),
        cloud_kind: CloudKey::Any,
        immutable_id: None,
        identity: None,
    }
}

fn plan(
    settings: PlanSettings,
    clouds: &[CloudUser<'_>],
    ads: &[OnPremUser<'_>],
    rows: &[MappingRow<'_>],
) -> Vec<PlanItem> {
    let mut plan = Plan::new(settings);
    clouds.iter().for_each(|c| plan.add_cloud(c));
    ads.iter().for_each(|u| plan.add_on_prem(u));
    rows.iter().for_each(|r| plan.add_row(r));
    plan.finish();
    plan.items(0, usize::MAX)
}

fn one(
    settings: PlanSettings,
    clouds: &[CloudUser<'_>],
    ads: &[OnPremUser<'_>],
    row: MappingRow<'_>,
) -> PlanItem {
    plan(settings, clouds, ads, &[row]).remove(0)
}

// The seed's HardMatch.ps1: the AD user's objectGUID, converted, stamped on the cloud user.
#[test]
fn seed_loop_the_converted_guid_is_stamped() {
    let item = one(
        PlanSettings::default(),
        &[cloud("c1", "jdoe@contoso.com")],
        &[ad("jdoe", "jdoe@contoso.local", GUID_A)],
        row("jdoe", "jdoe@contoso.com"),
    );
    assert_eq!(
        (item.action, item.reason),
        (PlanAction::Set, PlanReason::Ready)
    );
    assert_eq!(item.immutable_id.as_deref(), Some(ID_A));
    assert_eq!(item.cloud_user_id.as_deref(), Some("c1"));
    assert_eq!(
        item.on_premises_user_principal_name.as_deref(),
        Some("jdoe@contoso.local")
    );
    assert_eq!(
        item.cloud_user_principal_name.as_deref(),
        Some("jdoe@contoso.com")
    );
}

#[test]
fn a_target_already_holding_the_anchor_is_already_matched() {
    let mut target = cloud("c1", "jdoe@contoso.com");
    target.immutable_id = Some(ID_A);
    let item = one(
        PlanSettings::default(),
        &[target],
        &[ad("jdoe", "jdoe@contoso.com", GUID_A)],
        row("jdoe", "c1"),
    );
    assert_eq!(item.action, PlanAction::AlreadyMatched);
}

// domain.md §2: a user still synchronized keeps its anchor; never overridable.
#[test]
fn a_synchronized_target_is_blocked_even_with_allow_replace() {
    let mut target = cloud("c1", "jdoe@contoso.com");
    target.immutable_id = Some("b3RoZXI=");
    target.sync_enabled = Some(true);
    let settings = PlanSettings {
        allow_replace: true,
        ..PlanSettings::default()
    };
    let item = one(
        settings,
        &[target],
        &[ad("jdoe", "x", GUID_A)],
        row("jdoe", "c1"),
    );
    assert_eq!(
        (item.action, item.reason),
        (PlanAction::Blocked, PlanReason::TargetSynchronized)
    );
}

#[test]
fn a_different_immutable_id_blocks_unless_allow_replace_keeping_the_old_one() {
    let mut target = cloud("c1", "jdoe@contoso.com");
    target.immutable_id = Some("b3RoZXI=");
    let users = [ad("jdoe", "x", GUID_A)];
    let item = one(
        PlanSettings::default(),
        std::slice::from_ref(&target),
        &users,
        row("jdoe", "c1"),
    );
    assert_eq!(item.reason, PlanReason::TargetHasImmutableId);
    let settings = PlanSettings {
        allow_replace: true,
        ..PlanSettings::default()
    };
    let item = one(settings, &[target], &users, row("jdoe", "c1"));
    assert_eq!(
        (item.action, item.reason),
        (PlanAction::Set, PlanReason::ReplaceImmutableId)
    );
    assert_eq!(item.previous_immutable_id.as_deref(), Some("b3RoZXI="));
}

// "Uniqueness violation. Property: SourceAnchor": the seed's "Synced from AD" duplicate.
#[test]
fn the_synced_duplicate_holding_the_anchor_gets_its_own_reason_and_recovery() {
    let mut duplicate = cloud("dup", "jdoe1234@contoso.onmicrosoft.com");
    duplicate.immutable_id = Some(ID_A);
    duplicate.sync_enabled = Some(true);
    let item = one(
        PlanSettings::default(),
        &[cloud("c1", "jdoe@contoso.com"), duplicate],
        &[ad("jdoe", "x", GUID_A)],
        row("jdoe", "c1"),
    );
    assert_eq!(
        (item.action, item.reason),
        (PlanAction::Blocked, PlanReason::AnchorHeldBySyncedDuplicate)
    );
    assert!(
        item.detail.contains("id dup") && item.detail.contains("purge"),
        "{}",
        item.detail
    );
}

#[test]
fn an_anchor_held_by_another_cloud_user_or_a_deleted_one_blocks() {
    let mut other = cloud("o1", "other@contoso.com");
    other.immutable_id = Some(ID_A);
    let item = one(
        PlanSettings::default(),
        &[cloud("c1", "jdoe@contoso.com"), other.clone()],
        &[ad("jdoe", "x", GUID_A)],
        row("jdoe", "c1"),
    );
    assert_eq!(item.reason, PlanReason::AnchorHeldByCloudUser);
    other.deleted = true;
    let item = one(
        PlanSettings::default(),
        &[cloud("c1", "jdoe@contoso.com"), other],
        &[ad("jdoe", "x", GUID_A)],
        row("jdoe", "c1"),
    );
    assert_eq!(item.reason, PlanReason::AnchorHeldByDeletedUser);
}

#[test]
fn two_rows_on_one_target_or_one_anchor_on_two_targets_are_all_blocked_naming_the_others() {
    let clouds = [cloud("c1", "a@contoso.com"), cloud("c2", "b@contoso.com")];
    let users = [ad("a", "a@x", GUID_A), ad("b", "b@x", GUID_B)];
    let items = plan(
        PlanSettings::default(),
        &clouds,
        &users,
        &[row("a", "c1"), row("b", "c1")],
    );
    assert!(
        items
            .iter()
            .all(|item| item.reason == PlanReason::DuplicateTarget)
    );
    assert!(items[0].detail.contains('b') && items[1].detail.contains('a'));
    let items = plan(
        PlanSettings::default(),
        &clouds,
        &users,
        &[row("a", "c1"), row("a", "c2")],
    );
    assert!(
        items
            .iter()
            .all(|item| item.reason == PlanReason::DuplicateAnchor)
    );
    // The very same mapping twice is one stamp, not a conflict.
    let items = plan(
        PlanSettings::default(),
        &clouds,
        &users,
        &[row("a", "c1"), row("a", "c1")],
    );
    assert!(items.iter().all(|item| item.action == PlanAction::Set));
}

// MC1262584: a hard match onto a privileged role holder fails since 2026.
#[test]
fn privileged_federated_object_identifier_and_takeover_block() {
    let users = [ad("jdoe", "x", GUID_A)];
    let privileged = PlanSettings {
        privileged: vec!["JDOE@contoso.com".into()],
        ..PlanSettings::default()
    };
    assert_eq!(
        one(
            privileged,
            &[cloud("c1", "jdoe@contoso.com")],
            &users,
            row("jdoe", "c1")
        )
        .reason,
        PlanReason::PrivilegedTarget
    );
    let federated = PlanSettings {
        federated_domains: vec!["contoso.com".into()],
        ..PlanSettings::default()
    };
    assert_eq!(
        one(
            federated,
            &[cloud("c1", "jdoe@contoso.com")],
            &users,
            row("jdoe", "c1")
        )
        .reason,
        PlanReason::FederatedDomain
    );
    let mut identified = cloud("c1", "jdoe@contoso.com");
    identified.object_identifier = Some("0f1e2d3c-0000-0000-0000-000000000000");
    assert_eq!(
        one(
            PlanSettings::default(),
            &[identified],
            &users,
            row("jdoe", "c1")
        )
        .reason,
        PlanReason::ObjectIdentifierSet
    );
    let blocked = PlanSettings {
        block_hard_match_takeover: true,
        ..PlanSettings::default()
    };
    assert_eq!(
        one(
            blocked,
            &[cloud("c1", "jdoe@contoso.com")],
            &users,
            row("jdoe", "c1")
        )
        .reason,
        PlanReason::TakeoverBlocked
    );
}

#[test]
fn unknown_keys_out_of_scope_users_and_deleted_targets_block() {
    let users = [ad("jdoe", "x", GUID_A)];
    assert_eq!(
        one(
            PlanSettings::default(),
            &[cloud("c1", "a@contoso.com")],
            &users,
            row("nobody", "c1")
        )
        .reason,
        PlanReason::OnPremisesUserNotFound
    );
    assert_eq!(
        one(
            PlanSettings::default(),
            &[cloud("c1", "a@contoso.com")],
            &users,
            row("jdoe", "c9")
        )
        .reason,
        PlanReason::TargetNotFound
    );
    let mut critical = ad("krbtgt", "k@x", GUID_B);
    critical.object.is_critical_system_object = true;
    assert_eq!(
        one(
            PlanSettings::default(),
            &[cloud("c1", "a@contoso.com")],
            &[critical],
            row("krbtgt", "c1")
        )
        .reason,
        PlanReason::OnPremisesUserOutOfScope
    );
    let mut deleted = cloud("c1", "a@contoso.com");
    deleted.deleted = true;
    assert_eq!(
        one(
            PlanSettings::default(),
            &[deleted],
            &users,
            row("jdoe", "c1")
        )
        .reason,
        PlanReason::TargetDeleted
    );
}

// A row keyed by objectGUID in any spelling finds its user; a row carrying the immutableId (a
// Test-SoftMatch result) needs no directory user.
#[test]
fn rows_by_guid_and_rows_carrying_the_anchor() {
    let mut by_guid = row(ID_A, "c1");
    by_guid.on_prem_kind = OnPremKey::ObjectGuid;
    let item = one(
        PlanSettings::default(),
        &[cloud("c1", "a@contoso.com")],
        &[ad("jdoe", "x", GUID_A)],
        by_guid,
    );
    assert_eq!(item.sam_account_name.as_deref(), Some("jdoe"));
    let carried = MappingRow {
        on_prem_key: None,
        immutable_id: Some("Y3VzdG9t"),
        identity: Some("CN=Jo".into()),
        ..row("", "c1")
    };
    let item = one(
        PlanSettings::default(),
        &[cloud("c1", "a@contoso.com")],
        &[],
        carried,
    );
    assert_eq!(
        (
            item.action,
            item.identity.as_str(),
            item.immutable_id.as_deref()
        ),
        (PlanAction::Set, "CN=Jo", Some("Y3VzdG9t"))
    );
}

#[test]
fn a_mailbox_without_a_remote_mailbox_and_a_suffix_change_are_warned() {
    let mut target = cloud("c1", "jdoe@contoso.com");
    target.has_mailbox = true;
    let item = one(
        PlanSettings::default(),
        &[target],
        &[ad("jdoe", "jdoe@contoso.local", GUID_A)],
        row("jdoe", "c1"),
    );
    let codes: Vec<_> = item.warnings.iter().map(|w| w.code).collect();
    assert_eq!(
        codes,
        vec![
            PlanWarningCode::MailboxNotRemote,
            PlanWarningCode::UpnChanges
        ]
    );
}

#[test]
fn to_on_premises_gives_the_bytes_for_the_consistency_guid() {
    let mut source = cloud("c1", "a@contoso.com");
    source.immutable_id = Some(ID_A);
    let settings = PlanSettings {
        direction: Direction::ToOnPremises,
        ..PlanSettings::default()
    };
    let item = one(
        settings.clone(),
        std::slice::from_ref(&source),
        &[ad("jdoe", "x", GUID_B)],
        row("jdoe", "c1"),
    );
    assert_eq!(
        (item.action, item.consistency_guid.as_deref()),
        (PlanAction::Set, Some(ID_A))
    );
    source.immutable_id = Some("RU1QMDAwNTU=");
    let item = one(
        settings.clone(),
        std::slice::from_ref(&source),
        &[ad("jdoe", "x", GUID_B)],
        row("jdoe", "c1"),
    );
    assert_eq!(item.reason, PlanReason::AnchorNotGuid);
    let by_guid = PlanSettings {
        anchor: AnchorSetting::ObjectGuid,
        ..settings
    };
    assert_eq!(
        one(
            by_guid,
            &[source],
            &[ad("jdoe", "x", GUID_B)],
            row("jdoe", "c1")
        )
        .reason,
        PlanReason::ObjectGuidDeployment
    );
}

// Issue 21: a key that names two on-premises users (the same sAMAccountName in two domains) is
// blocked naming both, never the first in input order.
#[test]
fn a_key_naming_two_on_premises_users_is_ambiguous() {
    let mut first = ad("jdoe", "jdoe@emea.contoso.com", GUID_A);
    first.object.distinguished_name = Some("CN=jdoe,OU=Staff,DC=emea,DC=contoso,DC=com");
    let mut second = ad("jdoe", "jdoe@apac.contoso.com", GUID_B);
    second.object.distinguished_name = Some("CN=jdoe,OU=Staff,DC=apac,DC=contoso,DC=com");
    let item = one(
        PlanSettings::default(),
        &[cloud("c1", "jdoe@contoso.com")],
        &[first.clone(), second],
        row("jdoe", "c1"),
    );
    assert_eq!(
        (item.action, item.reason),
        (PlanAction::Blocked, PlanReason::AmbiguousOnPremisesKey)
    );
    assert_eq!(item.on_premises_others.len(), 2);
    assert!(
        item.detail.contains("DC=emea") && item.detail.contains("DC=apac"),
        "{}",
        item.detail
    );
    // The same object given twice is one user, not an ambiguity; its domain comes from its DN.
    let item = one(
        PlanSettings::default(),
        &[cloud("c1", "jdoe@contoso.com")],
        &[first.clone(), first],
        row("jdoe", "c1"),
    );
    assert_eq!(item.action, PlanAction::Set);
    assert_eq!(item.on_premises_domain.as_deref(), Some("emea.contoso.com"));
}

// how-to-connect-install-existing-tenant.md: the sourceAnchor/immutableID can be updated on users
// only.
#[test]
fn existing_tenant_a_group_or_contact_is_not_a_user() {
    for kind in ["#microsoft.graph.group", "Contact", "orgContact"] {
        let mut target = cloud("g1", "sales@contoso.com");
        target.object_type = Some(kind);
        let item = one(
            PlanSettings::default(),
            &[target],
            &[ad("jdoe", "jdoe@contoso.com", GUID_A)],
            row("jdoe", "g1"),
        );
        assert_eq!(
            (item.action, item.reason),
            (PlanAction::Blocked, PlanReason::NotAUser),
            "{kind}"
        );
    }
}

// Issue 21: -AllowReplace over an immutableId that is another in-scope user's anchor takes that
// user's cloud account away at its next synchronization.
#[test]
fn replacing_another_in_scope_users_anchor_is_blocked() {
    let mut target = cloud("c1", "ann@contoso.com");
    target.immutable_id = Some(ID_A); // bob's anchor (GUID_A)
    let settings = PlanSettings {
        allow_replace: true,
        ..PlanSettings::default()
    };
    let item = one(
        settings.clone(),
        &[target.clone()],
        &[
            ad("ann", "ann@contoso.com", GUID_B),
            ad("bob", "bob@contoso.com", GUID_A),
        ],
        row("ann", "c1"),
    );
    assert_eq!(
        (item.action, item.reason),
        (PlanAction::Blocked, PlanReason::PreviousAnchorInUse)
    );
    assert!(item.detail.contains("bob"), "{}", item.detail);
    // An immutableId no in-scope user holds is replaced as before.
    let item = one(
        settings,
        &[target],
        &[ad("ann", "ann@contoso.com", GUID_B)],
        row("ann", "c1"),
    );
    assert_eq!(
        (item.action, item.reason),
        (PlanAction::Set, PlanReason::ReplaceImmutableId)
    );
}

// Issue 24. Design concepts: the source anchor "must be globally unique". Stamping the anchor of
// a user that another on-premises object in scope carries too (a copy left after a move between
// forests) is blocked, as Test-SoftMatch predicts DuplicateAnchor; a copy out of scope is not.
#[test]
fn design_concepts_a_shared_anchor_is_not_stamped() {
    let target = cloud("c1", "ann@contoso.com");
    let mut moved = ad("ann", "ann@contoso.com", GUID_B);
    moved.anchor = AnchorInput::User {
        object_guid: Some(AnchorValue::Text(GUID_B)),
        consistency_guid: Some(AnchorValue::Text(GUID_A)),
    };
    let old = ad("ann.old", "ann@fabrikam.com", GUID_A);
    let item = one(
        PlanSettings::default(),
        std::slice::from_ref(&target),
        &[moved.clone(), old.clone()],
        row("ann", "c1"),
    );
    assert_eq!(
        (item.action, item.reason),
        (PlanAction::Blocked, PlanReason::AnchorHeldOnPremises)
    );
    let mut retired = old;
    retired.object.is_critical_system_object = true;
    let item = one(
        PlanSettings::default(),
        &[target],
        &[moved, retired],
        row("ann", "c1"),
    );
    assert_eq!(item.action, PlanAction::Set);
}

// Issue 21, -Direction ToOnPremises: another on-premises object with the anchor, a user with its
// own mS-DS-ConsistencyGuid, a user already exported (design concepts: "the sourceAnchor attribute
// has changed").
#[test]
fn to_on_premises_guards() {
    let settings = PlanSettings {
        direction: Direction::ToOnPremises,
        ..PlanSettings::default()
    };
    let mut target = cloud("c1", "ann@contoso.com");
    target.immutable_id = Some(ID_A);
    let item = one(
        settings.clone(),
        &[target.clone()],
        &[
            ad("ann", "ann@contoso.com", GUID_B),
            ad("bob", "bob@contoso.com", GUID_A),
        ],
        row("ann", "c1"),
    );
    assert_eq!(item.reason, PlanReason::AnchorHeldOnPremises);

    let mut own = ad("ann", "ann@contoso.com", GUID_B);
    own.anchor = AnchorInput::User {
        object_guid: Some(AnchorValue::Text(GUID_B)),
        consistency_guid: Some(AnchorValue::Text("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f1")),
    };
    let item = one(
        settings.clone(),
        &[target.clone()],
        &[own.clone()],
        row("ann", "c1"),
    );
    assert_eq!(item.reason, PlanReason::UserHasConsistencyGuid);
    let replace = PlanSettings {
        allow_replace: true,
        ..settings.clone()
    };
    assert_eq!(
        one(replace, &[target.clone()], &[own], row("ann", "c1")).action,
        PlanAction::Set
    );

    let mut synced = cloud("s1", "ann.synced@contoso.com");
    synced.immutable_id = Some("PC0eD1pLeGmHlqW0w9Lh8A=="); // GUID_B
    synced.sync_enabled = Some(true);
    let item = one(
        settings,
        &[target, synced],
        &[ad("ann", "ann@contoso.com", GUID_B)],
        row("ann", "c1"),
    );
    assert_eq!(item.reason, PlanReason::UserAlreadySynchronized);
}

// how-to-connect-install-existing-tenant.md: "you lose any values in Microsoft Entra ID not
// present in AD DS": the cloud-only SMTP addresses are listed on the item (issue 21).
#[test]
fn existing_tenant_cloud_only_addresses_are_listed_as_lost() {
    let mut target = cloud("c1", "john.doe@contoso.com");
    target.mail = Some("john.doe@contoso.com");
    target.proxy_addresses = [
        "SMTP:john.doe@contoso.com",
        "smtp:jd@contoso.com",
        "smtp:JD@CONTOSO.COM",
        "smtp:john@contoso.onmicrosoft.com",
        "X500:/o=old",
    ]
    .into_iter()
    .map(ProxyAddress::parse)
    .collect();
    let mut user = ad("jdoe", "john.doe@contoso.com", GUID_A);
    user.object.mail = Some("john.doe@contoso.com");
    user.object.proxy_addresses = vec![ProxyAddress::parse("SMTP:John.Doe@contoso.com")];
    let item = one(
        PlanSettings::default(),
        &[target.clone()],
        &[user],
        row("jdoe", "c1"),
    );
    assert_eq!(item.action, PlanAction::Set);
    assert_eq!(item.lost_addresses, vec!["jd@contoso.com".to_owned()]);
    let warning = item
        .warnings
        .iter()
        .find(|w| w.code == PlanWarningCode::AddressesLost)
        .expect("warned");
    assert!(
        warning.message.contains("jd@contoso.com") && warning.message.contains("proxyAddresses"),
        "{}",
        warning.message
    );
    // Nothing read on-premises (no mail, no proxyAddresses): nothing claimed.
    let item = one(
        PlanSettings::default(),
        &[target],
        &[ad("jdoe", "john.doe@contoso.com", GUID_A)],
        row("jdoe", "c1"),
    );
    assert!(item.lost_addresses.is_empty());
}

// The seed's Paul Messer case ("user@domain.local – Synced from AD" beside the cloud user): a
// .local UPN never reaches the cloud, so after the match the cloud UPN becomes the MOERA — the
// same UPN Test-SoftMatch predicts (UPN population: unverified suffix → MailNickName@initial).
#[test]
fn upn_population_a_local_user_becomes_the_moera_as_test_soft_match_predicts() {
    let tenant = Tenant::new(["contoso.com", "contoso.onmicrosoft.com"]);
    let settings = PlanSettings {
        tenant: tenant.clone(),
        ..PlanSettings::default()
    };
    let mut user = ad("pmesser", "paul.messer@corp.local", GUID_A);
    user.object.mail_nickname = Some("paul.messer");
    let item = one(
        settings.clone(),
        &[cloud("c1", "paul.messer@contoso.com")],
        std::slice::from_ref(&user),
        row("pmesser", "c1"),
    );
    assert_eq!(item.action, PlanAction::Set);
    assert_eq!(
        item.predicted_user_principal_name.as_deref(),
        Some("paul.messer@contoso.onmicrosoft.com")
    );
    let warning = item
        .warnings
        .iter()
        .find(|w| w.code == PlanWarningCode::UpnChanges)
        .expect("warned");
    assert!(
        warning
            .message
            .contains("paul.messer@contoso.onmicrosoft.com")
            && warning.message.contains("is not on a verified domain"),
        "{}",
        warning.message
    );
    // Test-SoftMatch's own prediction for the same user and tenant says the same UPN.
    let mut prediction = crate::matching::Prediction::new(crate::matching::Settings {
        tenant,
        soft_match_on_upn: true,
        block_soft_match: false,
        block_hard_match_takeover: false,
        privileged: Vec::new(),
        anchor: AnchorSetting::Auto,
        upn_updates_blocked: false,
        deployment: crate::deployment::Deployment::default(),
    });
    prediction.add_user(&user);
    prediction.finish();
    let result = prediction.results(0, 1, false).remove(0);
    assert_eq!(
        result.predicted_user_principal_name,
        item.predicted_user_principal_name
    );

    // A verified suffix: the cloud UPN follows the on-premises one; the same UPN: no warning.
    let item = one(
        settings.clone(),
        &[cloud("c1", "paul.messer@contoso.com")],
        &[ad("pmesser", "pmesser@contoso.com", GUID_A)],
        row("pmesser", "c1"),
    );
    assert_eq!(
        item.predicted_user_principal_name.as_deref(),
        Some("pmesser@contoso.com")
    );
    assert!(
        item.warnings
            .iter()
            .any(|w| w.code == PlanWarningCode::UpnChanges
                && w.message.contains("becomes pmesser@contoso.com"))
    );
    let item = one(
        settings,
        &[cloud("c1", "paul.messer@contoso.com")],
        &[ad("pmesser", "Paul.Messer@contoso.com", GUID_A)],
        row("pmesser", "c1"),
    );
    assert!(
        item.warnings
            .iter()
            .all(|w| w.code != PlanWarningCode::UpnChanges)
    );
}

// The commonest CSV mistake, two rows swapped: each user's own primary SMTP address (or UPN)
// soft-matches the other cloud user than its row names (Entra Connect sync: soft match on the
// primary SMTP address, then on the UPN).
#[test]
fn a_swapped_row_is_flagged_by_the_users_own_soft_match() {
    let mut ann_cloud = cloud("c-ann", "ann@contoso.com");
    ann_cloud.proxy_addresses = vec![ProxyAddress::parse("SMTP:ann@contoso.com")];
    let mut bob_cloud = cloud("c-bob", "bob@contoso.com");
    bob_cloud.mail = Some("bob@contoso.com");
    let mut ann = ad("ann", "ann@contoso.com", GUID_A);
    ann.object.proxy_addresses = vec![ProxyAddress::parse("SMTP:Ann@Contoso.com")];
    let bob = ad("bob", "bob@contoso.com", GUID_B);
    let settings = PlanSettings {
        tenant: Tenant::new(["contoso.com"]),
        ..PlanSettings::default()
    };
    let items = plan(
        settings.clone(),
        &[ann_cloud.clone(), bob_cloud.clone()],
        &[ann.clone(), bob.clone()],
        &[row("ann", "c-bob"), row("bob", "c-ann")],
    );
    let flagged = |item: &PlanItem| {
        item.warnings
            .iter()
            .find(|w| w.code == PlanWarningCode::SoftMatchesOtherUser)
            .map(|w| w.message.clone())
    };
    let ann_warning = flagged(&items[0]).expect("ann flagged");
    assert!(
        ann_warning.contains("primary SMTP address Ann@Contoso.com")
            && ann_warning.contains("cloud user ann@contoso.com")
            && ann_warning.contains("cloud user bob@contoso.com"),
        "{ann_warning}"
    );
    // Bob has no address: his UPN does it.
    let bob_warning = flagged(&items[1]).expect("bob flagged");
    assert!(bob_warning.contains("UPN bob@contoso.com"), "{bob_warning}");
    assert_eq!(items[0].action, PlanAction::Set, "a warning, not a block");
    // The rows the right way round: nothing flagged.
    let items = plan(
        settings,
        &[ann_cloud, bob_cloud],
        &[ann, bob],
        &[row("ann", "c-ann"), row("bob", "c-bob")],
    );
    assert!(items.iter().all(|item| flagged(item).is_none()));
}

// Existing tenant: for a cloud mailbox the AD user needs a remote mailbox (Enable-RemoteMailbox
// -RemoteRoutingAddress <alias>@<tenant>.mail.onmicrosoft.com, then Set-RemoteMailbox
// -ExchangeGuid, both Exchange Server cmdlets); an on-premises mailbox beside a cloud one is two
// mailboxes (Exchange Team, "My user has a mailbox both on-premises and in Exchange Online").
#[test]
fn exchange_remote_mailbox_advice_names_the_routing_address_and_the_guid() {
    let mut target = cloud("c1", "jdoe@contoso.com");
    target.has_mailbox = true;
    target.exchange_guid = Some("8d4a6ed1-3a11-4b6a-9c4d-2f1e0c9b7a65");
    target.proxy_addresses = vec![
        ProxyAddress::parse("SMTP:jdoe@contoso.com"),
        ProxyAddress::parse("smtp:jdoe@contoso.onmicrosoft.com"),
    ];
    let mut user = ad("jdoe", "jdoe@contoso.com", GUID_A);
    user.object.distinguished_name = Some("CN=jdoe,OU=Staff,DC=emea,DC=corp,DC=contoso,DC=com");
    let item = one(
        PlanSettings::default(),
        std::slice::from_ref(&target),
        std::slice::from_ref(&user),
        row("jdoe", "c1"),
    );
    let advice = item
        .warnings
        .iter()
        .find(|w| w.code == PlanWarningCode::MailboxNotRemote)
        .expect("advised")
        .message
        .clone();
    assert!(
        advice.contains("Enable-RemoteMailbox -Identity 'CN=jdoe,OU=Staff,DC=emea,DC=corp,DC=contoso,DC=com' -RemoteRoutingAddress 'jdoe@contoso.mail.onmicrosoft.com' -DomainController emea.corp.contoso.com")
            && advice.contains("Set-RemoteMailbox -Identity 'CN=jdoe,OU=Staff,DC=emea,DC=corp,DC=contoso,DC=com' -ExchangeGuid 8d4a6ed1-3a11-4b6a-9c4d-2f1e0c9b7a65"),
        "{advice}"
    );
    // Without the guid, the command that reads it.
    target.exchange_guid = None;
    let item = one(
        PlanSettings::default(),
        std::slice::from_ref(&target),
        std::slice::from_ref(&user),
        row("jdoe", "c1"),
    );
    assert!(item.warnings[0].message.contains(
        "-ExchangeGuid (Get-EXOMailbox 'jdoe@contoso.com' -Properties ExchangeGuid).ExchangeGuid"
    ));
    // A remote mailbox already: nothing; a mailbox on-premises too: two mailboxes.
    for (details, expected) in [
        ("2147483648", None),
        ("1", Some(PlanWarningCode::MailboxOnBothSides)),
    ] {
        user.object.recipient_type_details = Some(details);
        let item = one(
            PlanSettings::default(),
            std::slice::from_ref(&target),
            std::slice::from_ref(&user),
            row("jdoe", "c1"),
        );
        let mailbox = item.warnings.iter().map(|w| w.code).find(|code| {
            matches!(
                code,
                PlanWarningCode::MailboxNotRemote | PlanWarningCode::MailboxOnBothSides
            )
        });
        assert_eq!(mailbox, expected, "msExchRecipientTypeDetails {details}");
    }
}

// A type name (Windows PowerShell's Export-Csv wrote the type of a multi-valued property) in an
// attribute the plan does not key on: the user is planned on what was read, its item says which
// value was not; in a key, the user cannot be found by it and is an error, as before.
#[test]
fn an_unreadable_unrelated_value_keeps_the_user_in_the_plan_with_a_warning() {
    use crate::schema::{Cell, CellBatch, CellValue, Field};
    let text = |field, value| {
        Ok(Cell {
            field,
            value: CellValue::Text(value),
        })
    };
    const TYPE: &str = "Microsoft.ActiveDirectory.Management.ADPropertyValueCollection";
    let mut batch = CellBatch::with_capacity(2, 8);
    batch.push([
        text(Field::SamAccountName, "jdoe"),
        text(Field::UserPrincipalName, "jdoe@contoso.com"),
        text(Field::ObjectGuid, GUID_A),
        text(Field::ProxyAddresses, TYPE),
    ]);
    batch.push([
        text(Field::SamAccountName, TYPE),
        text(Field::UserPrincipalName, "ann@contoso.com"),
        text(Field::ObjectGuid, GUID_B),
    ]);
    let mut plan = Plan::new(PlanSettings::default());
    let mut target = cloud("c1", "jdoe@contoso.com");
    target.proxy_addresses = vec![ProxyAddress::parse("SMTP:jd@contoso.com")];
    plan.add_cloud(&target);
    let failures = plan.add_on_prem_rows(&batch, false, &crate::parallel::CatchUnwind);
    assert_eq!(failures.len(), 1, "only the type name in a key is an error");
    assert_eq!(failures[0].index, 1);
    plan.add_row(&row("jdoe", "c1"));
    plan.finish();
    let item = plan.items(0, 1).remove(0);
    assert_eq!(
        (item.action, item.reason),
        (PlanAction::Set, PlanReason::Ready)
    );
    let warning = item
        .warnings
        .iter()
        .find(|w| w.code == PlanWarningCode::ValueUnreadable)
        .expect("warned");
    assert!(
        warning.message.contains("proxyAddresses holds")
            && warning.message.contains("addresses are not known"),
        "{}",
        warning.message
    );
    assert!(
        item.lost_addresses.is_empty(),
        "nothing claimed from unread addresses"
    );
}

// Under a forest join only the person's source anchor is synchronized: a linked mailbox's is not
// ("The sourceAnchor attribute is not contributed from a linked mailbox", Understanding the
// default configuration), nor a later user's joined into an earlier one's person.
#[test]
fn default_configuration_a_joined_users_anchor_is_never_stamped() {
    let joined_on = |option: &str| PlanSettings {
        deployment: crate::deployment::Deployment::from_json(&format!(
            r#"{{"forestJoin":"{option}"}}"#
        ))
        .unwrap(),
        ..PlanSettings::default()
    };
    let mut first = ad("ada", "ada@contoso.com", GUID_A);
    first.object.mail = Some("ada@contoso.com");
    let mut second = ad("ada2", "ada@fabrikam.com", GUID_B);
    second.object.mail = Some("ADA@contoso.com");
    let users = [first, second];
    let clouds = [cloud("c1", "ada@contoso.com")];
    let items = plan(
        joined_on("Mail"),
        &clouds,
        &users,
        &[row("ada", "c1"), row("ada2", "c1")],
    );
    assert_eq!(items[0].reason, PlanReason::Ready);
    assert_eq!(items[1].reason, PlanReason::OnPremisesUserOutOfScope);
    assert!(
        items[1].detail.contains("one person with ada"),
        "{}",
        items[1].detail
    );
    let mut mailbox = ad("ada-mbx", "ada@resources.contoso.com", GUID_B);
    mailbox.object.master_account_sid = Some("S-1-5-21-1-2-3-1104");
    let item = one(
        joined_on("ObjectSidMasterAccountSid"),
        &clouds,
        &[mailbox],
        row("ada-mbx", "c1"),
    );
    assert_eq!(item.reason, PlanReason::OnPremisesUserOutOfScope);
    assert!(item.detail.contains("linked mailbox"), "{}", item.detail);
}
