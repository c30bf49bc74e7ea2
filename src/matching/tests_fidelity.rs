//! The prediction against Entra ID's documented behaviours added for fidelity: UPN computation,
//! collisions among on-premises users, groups and contacts, soft-deleted users, the deployment's
//! source anchor. Each test names its source (docs/model.md lists them).

use super::tests::*;
use super::*;
use crate::anchor::{AnchorInput, AnchorValue};

fn without_upn<'a>(sam: &'a str, dn: &'a str) -> OnPremUser<'a> {
    let mut user = user(sam, "", GUID_A, &[]);
    user.object.user_principal_name = None;
    user.object.distinguished_name = Some(dn);
    user
}

fn of_class<'a>(
    class: &'a str,
    sam: &'a str,
    guid: &'a str,
    proxies: &[&'a str],
) -> OnPremUser<'a> {
    let mut object = user(sam, "", guid, proxies);
    object.object.user_principal_name = None;
    object.object.object_class = Some(class);
    object
}

// Microsoft Learn, plan-connect-userprincipalname: without a UPN, Entra Connect sends
// sAMAccountName@<the DNS name of the user's domain>.
#[test]
fn upn_population_a_user_without_upn_gets_sam_at_its_domain() {
    let result = one(
        settings(),
        &[],
        without_upn("jdoe", "CN=John Doe,OU=Staff,DC=contoso,DC=com"),
    );
    assert_eq!(
        result.predicted_user_principal_name.as_deref(),
        Some("jdoe@contoso.com")
    );
    assert_eq!(codes(&result), vec![WarningCode::UpnFromSamAccountName]);
    assert!(
        result.detail.starts_with(
            "No cloud user matches: a new cloud user is created with the UPN jdoe@contoso.com."
        ),
        "{}",
        result.detail
    );
}

// plan-connect-userprincipalname: that computed UPN is what soft match on UPN compares.
#[test]
fn upn_population_the_computed_upn_soft_matches() {
    let result = one(
        settings(),
        &[cloud("c1", "JDoe@contoso.com", &[])],
        without_upn("jdoe", "CN=John Doe,DC=contoso,DC=com"),
    );
    assert_eq!(
        (result.reason, result.cloud_object_id.as_deref()),
        (Reason::SoftMatchUpn, Some("c1"))
    );
}

// plan-connect-userprincipalname: a DN in a child domain gives the child's DNS name; its suffix
// must still be verified to reach the cloud as is.
#[test]
fn upn_population_a_child_domain_unverified_gets_the_moera() {
    let result = one(
        settings(),
        &[],
        without_upn("jdoe", "CN=John Doe,DC=corp,DC=contoso,DC=local"),
    );
    assert_eq!(
        result.predicted_user_principal_name.as_deref(),
        Some("jdoe@contoso.onmicrosoft.com")
    );
    assert_eq!(
        codes(&result),
        vec![
            WarningCode::UpnFromSamAccountName,
            WarningCode::UnverifiedUpnSuffix
        ]
    );
}

// plan-connect-userprincipalname: an invalid UPN (a space) is replaced by the MOERA.
#[test]
fn upn_population_an_invalid_upn_becomes_the_moera() {
    let mut john = user("jdoe", "john doe@contoso.com", GUID_A, &[]);
    john.object.mail_nickname = Some("jdoe");
    let result = one(
        settings(),
        &[cloud("c1", "john doe@contoso.com", &[])],
        john,
    );
    assert_eq!(
        result.predicted_user_principal_name.as_deref(),
        Some("jdoe@contoso.onmicrosoft.com")
    );
    assert_eq!(codes(&result), vec![WarningCode::InvalidUpn]);
    // An invalid UPN never reaches the cloud, so it cannot UPN-match either.
    assert_eq!(result.reason, Reason::NoMatch);
}

// Duplicate attribute resiliency: a colliding UPN is replaced by <prefix><4 digits>@<initial>.
#[test]
fn resiliency_a_colliding_upn_is_replaced_by_prefix_and_four_digits() {
    let mut anchored = cloud("c1", "bob@contoso.com", &[]);
    anchored.immutable_id = Some("c29tZW9uZSBlbHNl");
    let result = one(
        settings(),
        &[anchored],
        user("bob", "bob@contoso.com", GUID_A, &[]),
    );
    assert_eq!(
        (result.outcome, result.reason),
        (Outcome::Duplicate, Reason::TargetAnchored)
    );
    assert_eq!(
        result.predicted_user_principal_name.as_deref(),
        Some("bob####@contoso.onmicrosoft.com")
    );
    assert!(
        result.warnings[0]
            .message
            .contains("bob####@contoso.onmicrosoft.com")
    );
}

// docs/model.md, *Matching order*, on-premises collisions: two new users with the same UPN are both exported and
// only one keeps it; both are told, each naming the other.
#[test]
fn resiliency_two_new_users_with_one_upn_each_name_the_other() {
    let mut first = user("ann1", "ann@contoso.com", GUID_A, &[]);
    first.object.distinguished_name = Some("CN=Ann One,DC=contoso,DC=com");
    let mut second = user("ann2", "ann@contoso.com", GUID_B, &[]);
    second.object.distinguished_name = Some("CN=Ann Two,DC=contoso,DC=com");
    let results = predict(settings(), &[], &[first, second]);
    assert_eq!(codes(&results[0]), vec![WarningCode::OnPremisesConflict]);
    assert_eq!(codes(&results[1]), vec![WarningCode::OnPremisesConflict]);
    assert!(results[0].warnings[0].message.contains("Ann Two"));
    assert!(results[1].warnings[0].message.contains("Ann One"));
    assert_eq!(
        results[0].predicted_user_principal_name.as_deref(),
        Some("ann@contoso.com")
    );
    assert_eq!(
        results[1].predicted_user_principal_name.as_deref(),
        Some("ann####@contoso.onmicrosoft.com")
    );
}

// The same across attributes: one user's mail is another's primary SMTP address.
#[test]
fn resiliency_a_mail_equal_to_another_users_proxy_collides() {
    let mut first = user("a", "a@contoso.com", GUID_A, &["SMTP:shared@contoso.com"]);
    first.object.distinguished_name = Some("CN=A,DC=contoso,DC=com");
    let mut second = user("b", "b@contoso.com", GUID_B, &[]);
    second.object.mail = Some("Shared@contoso.com");
    let results = predict(settings(), &[], &[first, second]);
    assert_eq!(codes(&results[0]), vec![WarningCode::OnPremisesConflict]);
    assert_eq!(codes(&results[1]), vec![WarningCode::OnPremisesConflict]);
}

// A placeholder shared by thousands: each later user names the first, the first names a bounded
// few, so the output grows with the input.
#[test]
fn resiliency_a_shared_placeholder_mail_stays_linear() {
    let guids: Vec<String> = (0..50u32)
        .map(|n| format!("{n:08x}-196d-40ea-9779-889d79b753f0"))
        .collect();
    let users: Vec<OnPremUser<'_>> = guids
        .iter()
        .map(|guid| {
            let mut u = user("x", "", guid, &[]);
            u.object.user_principal_name = None;
            u.object.mail = Some("noreply@contoso.com");
            u
        })
        .collect();
    let results = predict(settings(), &[], &users);
    // The first names at most NAMED_CONFLICTS others; each later one names the first, once for
    // the mail and once for the MOERA they also share.
    assert_eq!(results[0].warnings.len(), crate::readiness::NAMED_CONFLICTS);
    assert!(
        results[1..].iter().all(|r| r.warnings.len() == 2),
        "{:?}",
        results[1].warnings
    );
}

// mailNickname duplicates: both synchronize; the second's MOERA gets 4 digits (docs/model.md, *Attribute rules*).
#[test]
fn resiliency_a_moera_already_taken_gets_four_digits() {
    let first = user("x1", "x1@contoso.local", GUID_A, &[]);
    let mut second = user("x2", "x2@contoso.local", GUID_B, &[]);
    second.object.mail_nickname = Some("x1");
    let results = predict(settings(), &[], &[first, second]);
    assert_eq!(
        results[1].predicted_user_principal_name.as_deref(),
        Some("x1####@contoso.onmicrosoft.com")
    );
}

// tshoot-connect-sync-errors, ObjectTypeMismatch: a group never soft-matches a cloud user.
#[test]
fn object_type_mismatch_a_group_hitting_a_cloud_user() {
    let result = one(
        settings(),
        &[cloud(
            "c1",
            "sales@contoso.com",
            &["SMTP:sales@contoso.com"],
        )],
        of_class("group", "Sales", GUID_A, &["SMTP:sales@contoso.com"]),
    );
    assert_eq!(
        (result.outcome, result.reason),
        (Outcome::Error, Reason::ObjectTypeMismatch)
    );
    assert!(
        result
            .detail
            .contains("this group matches cloud user sales@contoso.com, which is a user"),
        "{}",
        result.detail
    );
}

// Mail-enabled groups and contacts soft-match on proxyAddresses, onto their own kind.
#[test]
fn mail_enabled_groups_and_contacts_match_their_own_kind() {
    let mut group = cloud("g1", "", &["SMTP:sales@contoso.com"]);
    group.user_principal_name = None;
    group.object_type = Some("Group");
    let mut contact = cloud("k1", "", &["SMTP:partner@fabrikam.com"]);
    contact.user_principal_name = None;
    contact.object_type = Some("#microsoft.graph.orgContact");
    let results = predict(
        settings(),
        &[group, contact],
        &[
            of_class("group", "Sales", GUID_A, &["SMTP:sales@contoso.com"]),
            {
                // A contact needs a mail value to be in scope (default configuration).
                let mut partner =
                    of_class("contact", "Partner", GUID_B, &["SMTP:partner@fabrikam.com"]);
                partner.object.mail = Some("partner@fabrikam.com");
                partner
            },
        ],
    );
    assert_eq!(
        (results[0].reason, results[0].cloud_object_id.as_deref()),
        (Reason::SoftMatchSmtp, Some("g1"))
    );
    assert_eq!(
        (results[1].reason, results[1].cloud_object_id.as_deref()),
        (Reason::SoftMatchSmtp, Some("k1"))
    );
}

// A group matches on proxyAddresses only: its mail alone, or a UPN-like name, never matches.
#[test]
fn a_group_without_proxy_addresses_never_soft_matches() {
    let mut group = cloud("g1", "", &["SMTP:team@contoso.com"]);
    group.object_type = Some("Group");
    let mut team = of_class("group", "Team", GUID_A, &[]);
    team.object.mail = Some("team@contoso.com");
    let result = one(settings(), &[group], team);
    assert_eq!(result.outcome, Outcome::Create);
    assert!(
        result
            .detail
            .starts_with("No cloud group matches: a new cloud group is created."),
        "{}",
        result.detail
    );
}

// Duplicate attribute resiliency, known issues: a user address a group holds is not quarantined;
// the user fails with a ProxyAddress conflict every cycle.
#[test]
fn resiliency_exception_a_user_address_held_by_a_group_fails_the_user() {
    let mut group = cloud("g1", "", &["SMTP:info@contoso.com"]);
    group.user_principal_name = None;
    group.object_type = Some("Group");
    let result = one(
        settings(),
        &[group],
        user(
            "eve",
            "eve@contoso.com",
            GUID_A,
            &["SMTP:eve@contoso.com", "smtp:info@contoso.com"],
        ),
    );
    assert_eq!(
        (
            result.outcome,
            result.reason,
            result.cloud_object_id.as_deref()
        ),
        (Outcome::Error, Reason::GroupAddressConflict, Some("g1"))
    );
    assert!(
        result.detail.contains("info@contoso.com"),
        "{}",
        result.detail
    );
}

// Default configuration, contacts: only mail-enabled contacts synchronize.
#[test]
fn default_configuration_a_contact_without_addresses_is_out_of_scope() {
    let result = one(settings(), &[], of_class("contact", "Nobody", GUID_A, &[]));
    assert_eq!(result.outcome, Outcome::Skipped);
}

// Recover from deletions: an anchor a soft-deleted user holds restores that user; its UPN and
// addresses are released, and it is never a CloudOnly row.
#[test]
fn recover_from_deletions_the_anchor_of_a_deleted_user_restores_it() {
    let mut deleted = cloud("d1", "jane@contoso.com", &["SMTP:jane@contoso.com"]);
    deleted.immutable_id = Some(ID_A);
    deleted.deleted = true;
    let mut prediction = Prediction::new(settings());
    prediction.add_cloud(&deleted);
    prediction.add_user(&user(
        "jane",
        "jane@contoso.com",
        GUID_A,
        &["SMTP:jane@contoso.com"],
    ));
    prediction.add_user(&user(
        "jane2",
        "jane2@contoso.com",
        GUID_B,
        &["SMTP:jane@contoso.com"],
    ));
    prediction.finish();
    let results = prediction.results(0, usize::MAX, true);
    assert_eq!(results.len(), 2, "a deleted user is no CloudOnly row");
    assert_eq!(
        (results[0].outcome, results[0].reason),
        (Outcome::Restore, Reason::RestoresDeletedUser)
    );
    assert!(
        results[0].detail.contains("restores"),
        "{}",
        results[0].detail
    );
    assert_eq!(
        results[1].reason,
        Reason::NoMatch,
        "a deleted user's address does not soft-match"
    );
}

// Design concepts, sourceAnchor: the anchor attribute is the installation's; a string custom
// attribute is sent as it is, a binary one Base64-encoded.
#[test]
fn design_concepts_a_custom_anchor_is_sent_as_its_value() {
    let mut anchored = cloud("c1", "x@contoso.com", &[]);
    anchored.immutable_id = Some("E1234");
    let mut with_id = user("emp", "emp@contoso.com", GUID_A, &[]);
    with_id.anchor = AnchorInput::User {
        object_guid: Some(AnchorValue::Text(GUID_A)),
        consistency_guid: Some(AnchorValue::Text("E1234")),
    };
    let custom = Settings {
        anchor: AnchorSetting::Custom,
        ..settings()
    };
    let result = one(custom.clone(), &[anchored], with_id.clone());
    assert_eq!(
        (result.reason, result.immutable_id.as_deref()),
        (Reason::HardMatch, Some("E1234"))
    );
    with_id.anchor = AnchorInput::User {
        object_guid: None,
        consistency_guid: Some(AnchorValue::Bytes(&[1, 2, 3])),
    };
    assert_eq!(
        one(custom, &[], with_id).immutable_id.as_deref(),
        Some("AQID")
    );
}

// Design concepts: with objectGUID as source anchor, mS-DS-ConsistencyGuid is ignored.
#[test]
fn design_concepts_object_guid_installations_ignore_the_consistency_guid() {
    let mut both = user("u", "u@contoso.com", GUID_A, &[]);
    both.anchor = AnchorInput::User {
        object_guid: Some(AnchorValue::Text(GUID_A)),
        consistency_guid: Some(AnchorValue::Text(GUID_B)),
    };
    let by_guid = Settings {
        anchor: AnchorSetting::ObjectGuid,
        ..settings()
    };
    assert_eq!(
        one(by_guid, &[], both.clone()).immutable_id.as_deref(),
        Some(ID_A)
    );
    assert_ne!(
        one(settings(), &[], both).immutable_id.as_deref(),
        Some(ID_A)
    );
}

// Issue 24. Design concepts, "Using ms-DS-ConsistencyGuid as sourceAnchor": under the feature a
// user's mS-DS-ConsistencyGuid is its anchor and "ObjectGUID is used for other object types";
// how-to-connect-migrate-groups (2025): since Connect 1.5.18.0 a group's populated
// mS-DS-ConsistencyGuid is used too (nothing written back). The more recent document is
// modelled for groups (docs/model.md records the disagreement); contacts keep objectGUID.
#[test]
fn design_concepts_and_migrate_groups_anchor_by_object_type() {
    let both = AnchorInput::User {
        object_guid: Some(AnchorValue::Text(GUID_A)),
        consistency_guid: Some(AnchorValue::Text(GUID_B)),
    };
    for setting in [AnchorSetting::Auto, AnchorSetting::ConsistencyGuid] {
        for (class, expected_guid_a) in [("user", false), ("group", false), ("contact", true)] {
            // Mail-enabled, so every type is in scope.
            let mut object = user("o", "o@contoso.com", GUID_A, &["SMTP:o@contoso.com"]);
            object.object.mail = Some("o@contoso.com");
            object.object.object_class = Some(class);
            object.anchor = both;
            let result = one(
                Settings {
                    anchor: setting,
                    ..settings()
                },
                &[],
                object,
            );
            assert_eq!(
                result.immutable_id.as_deref() == Some(ID_A),
                expected_guid_a,
                "{setting:?} {class}: {:?}",
                result.immutable_id
            );
        }
    }
}

// Issue 24. Design concepts: "For any given on-premises AD User object whose ms-DS-ConsistencyGuid
// attribute isn't populated, Microsoft Entra Connect writes its objectGUID value back ... then
// exports the object": under the ConsistencyGuid setting an empty one is the objectGUID, said in a
// warning, never InvalidInput.
#[test]
fn design_concepts_an_empty_consistency_guid_is_written_back_first() {
    let mut empty = user("u", "u@contoso.com", GUID_A, &[]);
    empty.anchor = AnchorInput::User {
        object_guid: Some(AnchorValue::Text(GUID_A)),
        consistency_guid: None,
    };
    let strict = Settings {
        anchor: AnchorSetting::ConsistencyGuid,
        ..settings()
    };
    let result = one(strict.clone(), &[], empty.clone());
    assert_eq!(
        (result.outcome, result.immutable_id.as_deref()),
        (Outcome::Create, Some(ID_A))
    );
    assert_eq!(
        codes(&result),
        vec![WarningCode::ConsistencyGuidWrittenBack]
    );
    assert!(
        result.warnings[0]
            .message
            .contains("writes the user's objectGUID into it")
    );
    // Auto says nothing: it is the objectGUID either way; a group is not written back.
    assert!(codes(&one(settings(), &[], empty.clone())).is_empty());
    empty.object.object_class = Some("group");
    assert!(!codes(&one(strict, &[], empty)).contains(&WarningCode::ConsistencyGuidWrittenBack));
}

// Issue 24. Design concepts, "Selecting a good sourceAnchor attribute": the value "must be globally
// unique". A user moved to another forest with its mS-DS-ConsistencyGuid copied while the old
// object stays in scope: both fail, each naming the other; an out-of-scope copy is no conflict.
#[test]
fn design_concepts_one_anchor_on_two_objects_fails_both() {
    let mut old = user("ann", "ann@fabrikam.com", GUID_A, &[]);
    old.object.distinguished_name = Some("CN=Ann,OU=Old,DC=fabrikam,DC=com");
    let mut moved = user("ann2", "ann@contoso.com", GUID_B, &[]);
    moved.object.distinguished_name = Some("CN=Ann,OU=New,DC=contoso,DC=com");
    moved.anchor = AnchorInput::User {
        object_guid: Some(AnchorValue::Text(GUID_B)),
        consistency_guid: Some(AnchorValue::Text(GUID_A)),
    };
    let other = user(
        "bob",
        "bob@contoso.com",
        "7b0c8a57-2f43-4a4c-9a4e-6b2d1f0e9c11",
        &[],
    );
    let results = predict(
        settings(),
        &[],
        &[old.clone(), other.clone(), moved.clone()],
    );
    let outcomes: Vec<_> = results
        .iter()
        .map(|result| (result.outcome, result.reason))
        .collect();
    assert_eq!(
        outcomes,
        vec![
            (Outcome::Error, Reason::DuplicateAnchor),
            (Outcome::Create, Reason::NoMatch),
            (Outcome::Error, Reason::DuplicateAnchor),
        ]
    );
    assert!(
        results[0]
            .detail
            .contains("CN=Ann,OU=New,DC=contoso,DC=com has the same immutableId"),
        "{}",
        results[0].detail
    );
    assert!(
        results[2]
            .detail
            .contains("CN=Ann,OU=Old,DC=fabrikam,DC=com has the same immutableId"),
        "{}",
        results[2].detail
    );
    // The old object out of scope (a critical system object here): no conflict.
    old.object.is_critical_system_object = true;
    let results = predict(settings(), &[], &[old, other, moved]);
    assert_eq!(results[2].reason, Reason::NoMatch);
}

// Issue 24. whats-new (July 2026): "the sync operations that attempt to remap existing synced
// objects in Entra to a different on-premises object will fail with ... Hard match operation
// blocked due to security hardening. Review OnPremisesObjectIdentifier mapping." Predicted with
// the documented recovery; a target without the identifier still hard-matches.
#[test]
fn whats_new_a_hard_match_onto_a_set_object_identifier_is_blocked() {
    let mut target = cloud("c1", "kim@contoso.com", &[]);
    target.immutable_id = Some(ID_A);
    target.object_identifier = Some("00000000-1111-2222-3333-444444444444");
    let kim = user("kim", "kim@contoso.com", GUID_A, &[]);
    let result = one(settings(), &[target.clone()], kim.clone());
    assert_eq!(
        (result.outcome, result.reason),
        (Outcome::Error, Reason::ObjectIdentifierSet)
    );
    assert!(
        result
            .detail
            .contains("PATCH https://graph.microsoft.com/beta/users/c1"),
        "{}",
        result.detail
    );
    assert!(
        result
            .detail
            .contains("User-OnPremisesSyncBehavior.ReadWrite.All")
    );
    target.object_identifier = None;
    assert_eq!(one(settings(), &[target], kim).reason, Reason::HardMatch);
}

// Issue 24. how-to-connect-install-existing-tenant, "Other objects than users": groups that are not
// mail-enabled have no soft or hard match, so a security group is never "a possible duplicate"
// of a user that shares its name; a user is never one of a group either.
#[test]
fn existing_tenant_a_group_is_never_a_possible_duplicate_of_a_user() {
    let sales = CloudUser {
        display_name: Some("Sales"),
        ..cloud("c1", "sales@contoso.com", &["SMTP:sales@contoso.com"])
    };
    let mut group = of_class("group", "Sales", GUID_A, &[]);
    group.object.display_name = Some("Sales");
    let result = one(settings(), std::slice::from_ref(&sales), group);
    assert_eq!(result.outcome, Outcome::Create);
    assert!(codes(&result).is_empty(), "{:?}", result.warnings);
    assert_eq!(result.cloud_object_id, None);
}

// Issue 24 (first review). UPN population: a .local UPN becomes <MailNickName>@<initial domain>;
// a cloud-only user already holding that UPN (the same alias) is the likeliest same person: the
// created user is called a possible duplicate of it, and a hard-match candidate.
#[test]
fn upn_population_a_moera_held_by_a_cloud_only_user_is_a_possible_duplicate() {
    let cloud_only = CloudUser {
        display_name: Some("Somebody Else"),
        ..cloud("c9", "jdoe@contoso.onmicrosoft.com", &[])
    };
    // Its mail's local part (jane.doe) matches nobody: only the MOERA names the cloud user.
    let mut local = user(
        "jdoe",
        "jdoe@contoso.local",
        GUID_A,
        &["SMTP:jane.doe@contoso.com"],
    );
    local.object.mail_nickname = Some("jdoe");
    local.object.display_name = Some("Jane Doe");
    let result = one(settings(), &[cloud_only], local);
    assert_eq!(result.outcome, Outcome::Create);
    assert!(
        codes(&result).contains(&WarningCode::PossibleDuplicate),
        "{:?}",
        result.warnings
    );
    assert_eq!(result.cloud_object_id.as_deref(), Some("c9"));
}

// Issue 24. concept-azure-ad-connect-sync-user-and-contacts, Contacts: "The contact object is
// always joining ... using the mail attribute. If there's already a contact object or user
// object with the same mail address, the objects are joined together"; a user joined makes the
// object a user. A GALSync contact and the mailbox user it mirrors are one object, not two
// Creates, whichever comes first.
#[test]
fn user_and_contacts_a_galsync_contact_joins_the_user_with_its_mail() {
    let mut mailbox = user("ann", "ann@contoso.com", GUID_A, &["SMTP:ann@contoso.com"]);
    mailbox.object.mail = Some("ann@contoso.com");
    mailbox.object.distinguished_name = Some("CN=Ann,OU=Staff,DC=contoso,DC=com");
    let mut contact = of_class("contact", "", GUID_B, &["SMTP:ann@contoso.com"]);
    contact.object.mail = Some("ann@contoso.com");
    contact.object.distinguished_name = Some("CN=Ann,OU=GALSync,DC=fabrikam,DC=com");
    for users in [
        vec![mailbox.clone(), contact.clone()],
        vec![contact.clone(), mailbox.clone()],
    ] {
        let results = predict(settings(), &[], &users);
        let (user_result, contact_result) = if results[0].object_type == ObjectType::User {
            (&results[0], &results[1])
        } else {
            (&results[1], &results[0])
        };
        assert_eq!(user_result.outcome, Outcome::Create);
        assert!(codes(user_result).is_empty(), "{:?}", user_result.warnings);
        assert_eq!(
            (contact_result.outcome, contact_result.reason),
            (Outcome::Skipped, Reason::ContactJoinsUser)
        );
        assert!(
            contact_result
                .detail
                .contains("merges into CN=Ann,OU=Staff,DC=contoso,DC=com"),
            "{}",
            contact_result.detail
        );
    }
}

// Issue 24. how-to-connect-syncservice-features, "Synchronize userPrincipalName updates": with
// SynchronizeUpnForManagedUsers off, synchronization does not update the UPN of a licensed,
// managed user, so a joined user keeps its cloud UPN, said in a warning; with it on (the default
// since June 2015) the on-premises UPN wins.
#[test]
fn syncservice_features_upn_updates_blocked_keep_the_cloud_upn() {
    let target = cloud("c1", "ann.old@contoso.com", &["SMTP:ann@contoso.com"]);
    let ann = user("ann", "ann@contoso.com", GUID_A, &["SMTP:ann@contoso.com"]);
    let on = one(settings(), std::slice::from_ref(&target), ann.clone());
    assert_eq!(
        on.predicted_user_principal_name.as_deref(),
        Some("ann@contoso.com")
    );
    assert!(codes(&on).is_empty());
    let blocked = Settings {
        upn_updates_blocked: true,
        ..settings()
    };
    let off = one(blocked, &[target], ann);
    assert_eq!(off.reason, Reason::SoftMatchSmtp);
    assert_eq!(
        off.predicted_user_principal_name.as_deref(),
        Some("ann.old@contoso.com")
    );
    assert_eq!(codes(&off), vec![WarningCode::UpnNotSynchronized]);
    assert!(
        off.warnings[0]
            .message
            .contains("keeps its UPN instead of taking 'ann@contoso.com'")
    );
    assert!(off.warnings[0].message.contains("licences are not known"));
}

// The same document: the block concerns licensed users only. AssignedLicenses empty: the user
// takes the on-premises UPN; a licence: it keeps the cloud one, and the warning says it is licensed.
#[test]
fn syncservice_features_upn_updates_blocked_concern_licensed_users_only() {
    let blocked = Settings {
        upn_updates_blocked: true,
        ..settings()
    };
    let ann = user("ann", "ann@contoso.com", GUID_A, &["SMTP:ann@contoso.com"]);
    let mut unlicensed = cloud("c1", "ann.old@contoso.com", &["SMTP:ann@contoso.com"]);
    unlicensed.licensed = Some(false);
    let free = one(blocked.clone(), &[unlicensed.clone()], ann.clone());
    assert_eq!(
        free.predicted_user_principal_name.as_deref(),
        Some("ann@contoso.com")
    );
    assert!(codes(&free).is_empty(), "{:?}", free.warnings);
    let licensed = CloudUser {
        licensed: Some(true),
        ..unlicensed
    };
    let kept = one(blocked, &[licensed], ann);
    assert_eq!(
        kept.predicted_user_principal_name.as_deref(),
        Some("ann.old@contoso.com")
    );
    assert!(kept.warnings[0].message.contains("It holds a licence"));
}

// Never advise stamping an immutableId on a user that is still synchronized.
#[test]
fn a_synchronized_target_is_not_advised_to_be_stamped() {
    let mut synced = cloud("c1", "kim@contoso.com", &["SMTP:kim@contoso.com"]);
    synced.immutable_id = Some("c29tZW9uZSBlbHNl");
    synced.sync_enabled = Some(true);
    let result = one(
        settings(),
        &[synced],
        user("kim", "kim@contoso.com", GUID_A, &["SMTP:kim@contoso.com"]),
    );
    assert_eq!(result.reason, Reason::TargetAnchored);
    assert!(result.detail.contains("Do not stamp"), "{}", result.detail);
    assert!(
        !result.detail.contains("Hard-match it"),
        "{}",
        result.detail
    );
}

// A refused input keeps its place: an InvalidInput row, so a plan has one row per input.
#[test]
fn a_refused_input_keeps_its_row() {
    let mut prediction = Prediction::new(settings());
    prediction.add_failed(Some("CN=Bad"), FailureKind::Rejected, "too deep".into());
    prediction.add_user(&user("ok", "ok@contoso.com", GUID_A, &[]));
    prediction.finish();
    let results = prediction.results(0, usize::MAX, false);
    assert_eq!(
        (
            results[0].outcome,
            results[0].reason,
            results[0].identity.as_str()
        ),
        (Outcome::Error, Reason::InvalidInput, "CN=Bad")
    );
    assert_eq!(results[1].outcome, Outcome::Create);
}

// Every Detail reads as a sentence: no "a new cloud user a UPN…" for any combination.
#[test]
fn every_detail_is_one_readable_sentence() {
    let no_initial = Settings {
        tenant: crate::model::Tenant::new(["contoso.com"]),
        ..settings()
    };
    for settings in [settings(), no_initial] {
        for upn in ["a@contoso.com", "a@contoso.local", "a b@contoso.com"] {
            let result = one(settings.clone(), &[], user("a", upn, GUID_A, &[]));
            assert!(
                result
                    .detail
                    .starts_with("No cloud user matches: a new cloud user is created"),
                "{}",
                result.detail
            );
            assert!(!result.detail.contains("user a UPN"), "{}", result.detail);
        }
    }
}

// how-to-connect-install-existing-tenant: a soft match joins an existing user by itself; a hard
// match is what joins a user soft matching cannot (blocked, or the target already anchored), and
// a created user that resembles a cloud user. Never a group or contact (no hard match for them
// unless mail-enabled, and the plan writes users only).
#[test]
fn existing_tenant_hard_match_candidates_are_users_a_hard_match_fixes() {
    let target = cloud("c1", "ann@contoso.com", &["SMTP:ann@contoso.com"]);
    let ann = user("ann", "ann@contoso.com", GUID_A, &["SMTP:ann@contoso.com"]);
    let joined = one(settings(), std::slice::from_ref(&target), ann.clone());
    assert_eq!(joined.outcome, Outcome::Join);
    assert!(!joined.is_hard_match_candidate());
    let blocked = Settings {
        block_soft_match: true,
        ..settings()
    };
    let duplicated = one(blocked.clone(), std::slice::from_ref(&target), ann);
    assert_eq!(duplicated.outcome, Outcome::Duplicate);
    assert!(duplicated.is_hard_match_candidate());
    let group = of_class("group", "ann", GUID_A, &["SMTP:ann@contoso.com"]);
    let mut cloud_group = target.clone();
    cloud_group.object_type = Some("Group");
    let group_result = one(blocked, &[cloud_group], group);
    assert_eq!(group_result.object_type, ObjectType::Group);
    assert!(!group_result.is_hard_match_candidate());
    let lonely = one(
        settings(),
        &[],
        user("bob", "bob@contoso.com", GUID_A, &["SMTP:bob@contoso.com"]),
    );
    assert_eq!(lonely.outcome, Outcome::Create);
    assert!(!lonely.is_hard_match_candidate());
}
