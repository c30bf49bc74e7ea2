//! The prediction against the documented cases, one test each.

use super::*;
use crate::address::ProxyAddress;
use crate::anchor::{AnchorInput, AnchorValue};
use crate::model::DirectoryObject;

pub(super) const GUID_A: &str = "35918bc9-196d-40ea-9779-889d79b753f0";
pub(super) const ID_A: &str = "yYuRNW0Z6kCXeYidebdT8A==";
pub(super) const GUID_B: &str = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

pub(super) fn parsed<'a>(values: &[&'a str]) -> Vec<ProxyAddress<'a>> {
    values
        .iter()
        .map(|value| ProxyAddress::parse(value))
        .collect()
}

pub(super) fn user<'a>(
    sam: &'a str,
    upn: &'a str,
    guid: &'a str,
    proxies: &[&'a str],
) -> OnPremUser<'a> {
    OnPremUser {
        object: DirectoryObject {
            distinguished_name: None,
            sam_account_name: Some(sam),
            user_principal_name: Some(upn),
            mail: None,
            mail_nickname: Some(sam),
            proxy_addresses: parsed(proxies),
            display_name: Some(sam),
            ..DirectoryObject::default()
        },
        anchor: AnchorInput::User {
            object_guid: Some(AnchorValue::Text(guid)),
            consistency_guid: None,
        },
        security_identifier: None,
    }
}

pub(super) fn cloud<'a>(id: &'a str, upn: &'a str, proxies: &[&'a str]) -> CloudUser<'a> {
    CloudUser {
        id,
        user_principal_name: Some(upn),
        proxy_addresses: parsed(proxies),
        display_name: Some(id),
        ..CloudUser::default()
    }
}

pub(super) fn settings() -> Settings {
    Settings {
        tenant: Tenant::new(["contoso.com", "contoso.onmicrosoft.com"]),
        soft_match_on_upn: true,
        block_soft_match: false,
        block_hard_match_takeover: false,
        privileged: Vec::new(),
        anchor: AnchorSetting::Auto,
        upn_updates_blocked: false,
        deployment: crate::deployment::Deployment::default(),
    }
}

pub(super) fn predict(
    settings: Settings,
    clouds: &[CloudUser<'_>],
    users: &[OnPremUser<'_>],
) -> Vec<MatchResult> {
    let mut prediction = Prediction::new(settings);
    clouds.iter().for_each(|c| prediction.add_cloud(c));
    users.iter().for_each(|u| prediction.add_user(u));
    prediction.finish();
    prediction.results(0, usize::MAX, false)
}

pub(super) fn one(
    settings: Settings,
    clouds: &[CloudUser<'_>],
    user: OnPremUser<'_>,
) -> MatchResult {
    predict(settings, clouds, &[user]).remove(0)
}

pub(super) fn codes(result: &MatchResult) -> Vec<WarningCode> {
    result.warnings.iter().map(|w| w.code).collect()
}

#[test]
fn soft_match_on_primary_smtp() {
    let result = one(
        settings(),
        &[cloud("c1", "jane@contoso.com", &["SMTP:Jane@contoso.com"])],
        user(
            "jane",
            "jane@contoso.com",
            GUID_A,
            &["SMTP:jane@contoso.com"],
        ),
    );
    assert_eq!(
        (result.match_type, result.outcome, result.reason),
        (MatchType::SoftSmtp, Outcome::Join, Reason::SoftMatchSmtp)
    );
    assert_eq!(result.cloud_object_id.as_deref(), Some("c1"));
    assert_eq!(result.immutable_id.as_deref(), Some(ID_A));
    assert_eq!(
        result.predicted_user_principal_name.as_deref(),
        Some("jane@contoso.com")
    );
    assert!(result.warnings.is_empty(), "{:?}", result.warnings);
}

#[test]
fn hard_match_beats_soft() {
    let mut anchored = cloud("c2", "other@contoso.com", &["SMTP:other@contoso.com"]);
    anchored.immutable_id = Some(ID_A);
    let clouds = [
        cloud("c1", "jane@contoso.com", &["SMTP:jane@contoso.com"]),
        anchored,
    ];
    let result = one(
        settings(),
        &clouds,
        user(
            "jane",
            "jane@contoso.com",
            GUID_A,
            &["SMTP:jane@contoso.com"],
        ),
    );
    assert_eq!(
        (result.match_type, result.outcome, result.reason),
        (MatchType::Hard, Outcome::Join, Reason::HardMatch)
    );
    assert_eq!(result.cloud_object_id.as_deref(), Some("c2"));
}

#[test]
fn hard_match_is_case_sensitive() {
    let mut anchored = cloud("c2", "other@contoso.com", &[]);
    let lower = ID_A.to_lowercase();
    anchored.immutable_id = Some(&lower);
    let result = one(
        settings(),
        &[anchored],
        user("jane", "jane@contoso.com", GUID_A, &[]),
    );
    assert_eq!(result.reason, Reason::NoMatch);
}

#[test]
fn consistency_guid_is_the_anchor_when_populated() {
    let mut anchored = cloud("c2", "other@contoso.com", &[]);
    anchored.immutable_id = Some(ID_A);
    let mut jane = user("jane", "jane@contoso.com", GUID_B, &[]);
    jane.anchor = AnchorInput::User {
        object_guid: Some(AnchorValue::Text(GUID_B)),
        consistency_guid: Some(AnchorValue::Text(GUID_A)),
    };
    assert_eq!(one(settings(), &[anchored], jane).reason, Reason::HardMatch);
}

#[test]
fn primary_smtp_beats_upn_and_a_secondary_never_joins() {
    let clouds = [
        cloud("by-upn", "jane@contoso.com", &["SMTP:someone@contoso.com"]),
        cloud("by-smtp", "x@contoso.com", &["SMTP:jane.doe@contoso.com"]),
        cloud(
            "secondary",
            "y@contoso.com",
            &["SMTP:y@contoso.com", "smtp:jd@contoso.com"],
        ),
    ];
    let result = one(
        settings(),
        &clouds,
        user(
            "jane",
            "jane@contoso.com",
            GUID_A,
            &["SMTP:jane.doe@contoso.com"],
        ),
    );
    assert_eq!(
        (result.reason, result.cloud_object_id.as_deref()),
        (Reason::SoftMatchSmtp, Some("by-smtp"))
    );
    let secondary = one(
        settings(),
        &clouds[2..],
        user("jd", "jd@contoso.com", GUID_A, &["SMTP:jd@contoso.com"]),
    );
    assert_eq!(secondary.outcome, Outcome::Create);
    // The UPN equals another object's address: replaced under resiliency (docs/model.md, *Matching order*).
    assert_eq!(
        codes(&secondary),
        vec![WarningCode::UpnConflict, WarningCode::AddressConflict]
    );
}

#[test]
fn soft_match_on_upn_only_when_no_smtp_match_and_switched_on() {
    let clouds = [cloud("c1", "Frank@contoso.com", &[])];
    let frank = || user("frank", "frank@contoso.com", GUID_A, &[]);
    let result = one(settings(), &clouds, frank());
    assert_eq!(
        (result.match_type, result.reason),
        (MatchType::SoftUpn, Reason::SoftMatchUpn)
    );
    let off = Settings {
        soft_match_on_upn: false,
        ..settings()
    };
    let result = one(off, &clouds, frank());
    assert_eq!(
        (result.outcome, result.reason),
        (Outcome::Duplicate, Reason::NoMatch)
    );
    assert_eq!(result.cloud_object_id.as_deref(), Some("c1"));
}

#[test]
fn unverified_upn_never_upn_matches_and_is_predicted_from_the_nickname() {
    let clouds = [cloud("c1", "peggy@contoso.local", &[])];
    let result = one(
        settings(),
        &clouds,
        user("ppeters", "peggy@contoso.local", GUID_A, &[]),
    );
    assert_eq!(result.outcome, Outcome::Create);
    assert_eq!(
        result.predicted_user_principal_name.as_deref(),
        Some("ppeters@contoso.onmicrosoft.com")
    );
    assert_eq!(codes(&result), vec![WarningCode::UnverifiedUpnSuffix]);
}

#[test]
fn anchored_or_synchronized_target_is_invalid_soft_match() {
    for anchored in [
        CloudUser {
            immutable_id: Some("RU1QMDAwNTU="),
            ..cloud("c1", "erin@contoso.com", &["SMTP:erin@contoso.com"])
        },
        CloudUser {
            sync_enabled: Some(true),
            ..cloud("c1", "erin@contoso.com", &["SMTP:erin@contoso.com"])
        },
        CloudUser {
            last_dir_sync: true,
            ..cloud("c1", "erin@contoso.com", &["SMTP:erin@contoso.com"])
        },
    ] {
        let result = one(
            settings(),
            &[anchored],
            user(
                "erin",
                "erin@contoso.com",
                GUID_A,
                &["SMTP:erin@contoso.com"],
            ),
        );
        assert_eq!(
            (result.outcome, result.reason),
            (Outcome::Duplicate, Reason::TargetAnchored)
        );
        assert!(result.detail.contains("InvalidSoftMatch"));
    }
}

#[test]
fn admin_role_blocks_soft_match_by_id_or_upn() {
    for privileged in ["c1", "GRACE@contoso.com"] {
        let settings = Settings {
            privileged: vec![privileged.into()],
            ..settings()
        };
        let result = one(
            settings,
            &[cloud(
                "c1",
                "grace@contoso.com",
                &["SMTP:grace@contoso.com"],
            )],
            user(
                "grace",
                "grace@contoso.com",
                GUID_A,
                &["SMTP:grace@contoso.com"],
            ),
        );
        assert_eq!(
            (result.outcome, result.reason),
            (Outcome::Error, Reason::AdminRoleConflict)
        );
    }
}

#[test]
fn tenant_switches() {
    let clouds = [cloud("c1", "jane@contoso.com", &["SMTP:jane@contoso.com"])];
    let blocked = Settings {
        block_soft_match: true,
        ..settings()
    };
    let result = one(
        blocked,
        &clouds,
        user(
            "jane",
            "jane@contoso.com",
            GUID_A,
            &["SMTP:jane@contoso.com"],
        ),
    );
    assert_eq!(
        (result.outcome, result.reason),
        (Outcome::Duplicate, Reason::SoftMatchBlocked)
    );

    let takeover = Settings {
        block_hard_match_takeover: true,
        ..settings()
    };
    let cloud_managed = CloudUser {
        immutable_id: Some(ID_A),
        ..cloud("c1", "jane@contoso.com", &[])
    };
    let result = one(
        takeover.clone(),
        std::slice::from_ref(&cloud_managed),
        user("jane", "jane@contoso.com", GUID_A, &[]),
    );
    assert_eq!(
        (result.outcome, result.reason),
        (Outcome::Error, Reason::HardMatchBlocked)
    );

    // Sync turned off, immutableId kept: cloud-managed, so blocked as well.
    let turned_off = CloudUser {
        sync_enabled: Some(false),
        ..cloud_managed.clone()
    };
    let result = one(
        takeover.clone(),
        &[turned_off],
        user("jane", "jane@contoso.com", GUID_A, &[]),
    );
    assert_eq!(result.reason, Reason::HardMatchBlocked);

    // Still synchronized with the same anchor: it keeps syncing, even with the switch on.
    let still_linked = CloudUser {
        sync_enabled: Some(true),
        ..cloud_managed
    };
    let result = one(
        takeover,
        &[still_linked],
        user("jane", "jane@contoso.com", GUID_A, &[]),
    );
    assert_eq!(
        (result.outcome, result.reason),
        (Outcome::Join, Reason::HardMatch)
    );
}

#[test]
fn a_role_blocks_a_hard_match_onto_a_cloud_managed_user() {
    let settings = Settings {
        privileged: vec!["c1".into()],
        ..settings()
    };
    let cloud_managed = CloudUser {
        immutable_id: Some(ID_A),
        ..cloud("c1", "jane@contoso.com", &[])
    };
    let result = one(
        settings,
        &[cloud_managed],
        user("jane", "jane@contoso.com", GUID_A, &[]),
    );
    assert_eq!(
        (result.outcome, result.reason),
        (Outcome::Error, Reason::HardMatchBlocked)
    );
}

#[test]
fn groups_and_contacts_are_type_mismatches() {
    for kind in [
        "#microsoft.graph.group",
        "Contact",
        "#microsoft.graph.orgContact",
    ] {
        let target = CloudUser {
            object_type: Some(kind),
            ..cloud("g1", "sales@contoso.com", &["SMTP:sales@contoso.com"])
        };
        let result = one(
            settings(),
            &[target],
            user(
                "sales",
                "sales@contoso.com",
                GUID_A,
                &["SMTP:sales@contoso.com"],
            ),
        );
        assert_eq!(
            (result.outcome, result.reason),
            (Outcome::Error, Reason::ObjectTypeMismatch),
            "{kind}"
        );
    }
}

#[test]
fn sid_held_by_another_cloud_user_fails() {
    let owner = CloudUser {
        security_identifier: Some("S-1-5-21-1-2-3-1104"),
        ..cloud("c9", "old@contoso.com", &[])
    };
    let clouds = [
        cloud("c1", "jane@contoso.com", &["SMTP:jane@contoso.com"]),
        owner,
    ];
    let mut jane = user(
        "jane",
        "jane@contoso.com",
        GUID_A,
        &["SMTP:jane@contoso.com"],
    );
    jane.security_identifier = Some("s-1-5-21-1-2-3-1104");
    let result = one(settings(), &clouds, jane.clone());
    assert_eq!(
        (
            result.outcome,
            result.reason,
            result.cloud_object_id.as_deref()
        ),
        (
            Outcome::Error,
            Reason::SecurityIdentifierConflict,
            Some("c9")
        )
    );
    // Joining the very user that holds the SID is fine.
    let own = CloudUser {
        security_identifier: Some("S-1-5-21-1-2-3-1104"),
        ..cloud("c1", "jane@contoso.com", &["SMTP:jane@contoso.com"])
    };
    assert_eq!(one(settings(), &[own], jane).reason, Reason::SoftMatchSmtp);
}

#[test]
fn two_users_targeting_one_cloud_user_both_fail() {
    let clouds = [cloud(
        "c1",
        "heidi@contoso.com",
        &["SMTP:heidi@contoso.com"],
    )];
    let users = [
        user(
            "h1",
            "heidi@contoso.com",
            GUID_A,
            &["SMTP:heidi@contoso.com"],
        ),
        user(
            "h2",
            "heidi2@contoso.com",
            GUID_B,
            &["SMTP:Heidi@contoso.com"],
        ),
    ];
    let results = predict(settings(), &clouds, &users);
    for result in &results {
        assert_eq!(
            (result.outcome, result.reason),
            (Outcome::Error, Reason::DuplicateOnPremises)
        );
    }
    assert!(
        results[0].detail.contains("h2") && results[1].detail.contains("h1"),
        "{}",
        results[0].detail
    );
}

#[test]
fn upn_conflict_when_joined_by_smtp() {
    let clouds = [
        cloud("c1", "b.brown@contoso.com", &["SMTP:bob@contoso.com"]),
        cloud("c2", "bob@contoso.com", &["SMTP:other@contoso.com"]),
    ];
    let result = one(
        settings(),
        &clouds,
        user("bob", "bob@contoso.com", GUID_A, &["SMTP:bob@contoso.com"]),
    );
    assert_eq!(
        (result.reason, result.cloud_object_id.as_deref()),
        (Reason::SoftMatchSmtp, Some("c1"))
    );
    assert_eq!(codes(&result), vec![WarningCode::UpnConflict]);
}

#[test]
fn possible_duplicate_for_a_created_user() {
    let peggy = CloudUser {
        display_name: Some("Peggy Peters"),
        ..cloud(
            "c1",
            "peggy.peters@contoso.com",
            &["SMTP:peggy.peters@contoso.com"],
        )
    };
    let mut local = user("ppeters", "peggy@contoso.local", GUID_A, &[]);
    local.object.display_name = Some("Peggy Peters");
    let result = one(settings(), &[peggy], local);
    assert_eq!(result.outcome, Outcome::Create);
    // The cloud user it resembles is named: the one a hard match would join it to.
    assert_eq!(result.cloud_object_id.as_deref(), Some("c1"));
    assert_eq!(
        codes(&result),
        vec![
            WarningCode::UnverifiedUpnSuffix,
            WarningCode::PossibleDuplicate
        ]
    );
}

#[test]
fn out_of_scope_users_are_skipped() {
    // krbtgt is left out by the default rules through IsPresent([isCriticalSystemObject]).
    let mut krbtgt = user("krbtgt", "krbtgt@contoso.com", GUID_A, &[]);
    krbtgt.object.is_critical_system_object = true;
    let result = one(
        settings(),
        &[cloud("c1", "krbtgt@contoso.com", &[])],
        krbtgt,
    );
    assert_eq!(
        (result.outcome, result.reason, result.match_type),
        (Outcome::Skipped, Reason::OutOfScope, MatchType::None)
    );
}

#[test]
fn a_user_without_anchor_is_an_error_result() {
    let mut broken = user("x", "x@contoso.com", GUID_A, &[]);
    broken.anchor = AnchorInput::User {
        object_guid: None,
        consistency_guid: Some(AnchorValue::Text("System.Byte[]")),
    };
    let result = one(settings(), &[], broken);
    assert!(matches!(
        result.error_kind.as_ref().map(AnchorError::root),
        Some(AnchorError::TypeName { .. })
    ));
}

#[test]
fn cloud_only_users_close_the_plan() {
    let clouds = [
        cloud("c1", "jane@contoso.com", &["SMTP:jane@contoso.com"]),
        cloud("c2", "left@contoso.com", &[]),
    ];
    let mut prediction = Prediction::new(settings());
    clouds.iter().for_each(|c| prediction.add_cloud(c));
    prediction.add_user(&user(
        "jane",
        "jane@contoso.com",
        GUID_A,
        &["SMTP:jane@contoso.com"],
    ));
    prediction.finish();
    assert_eq!(prediction.result_count(true), 2);
    let all = prediction.results(0, 10, true);
    assert_eq!(all[1].outcome, Outcome::CloudOnly);
    assert_eq!(all[1].cloud_object_id.as_deref(), Some("c2"));
    // Paging reaches the same results.
    assert_eq!(prediction.results(1, 1, true), all[1..]);
}

// Many cloud objects at once (read in runs on several threads, their keys indexed on several
// more) must answer exactly as the same objects added one by one: the first holder of a key wins
// (Resiliency: the address index keeps the first holder), whichever run or table it lands in.
#[test]
fn cloud_users_added_at_once_are_found_as_added_one_by_one() {
    let ids: Vec<String> = (0..600).map(|i| format!("c{i}")).collect();
    let upns: Vec<String> = (0..600)
        .map(|i| format!("u{}@contoso.com", i % 250))
        .collect();
    let proxies: Vec<String> = (0..600)
        .map(|i| format!("SMTP:p{}@contoso.com", i % 175))
        .collect();
    let extra: Vec<String> = (0..600)
        .map(|i| format!("smtp:u{}@contoso.com", (i + 7) % 300))
        .collect();
    let clouds: Vec<CloudUser<'_>> = (0..600)
        .map(|i| cloud(&ids[i], &upns[i], &[&proxies[i], &extra[i]]))
        .collect();
    let mut one_by_one = Prediction::new(settings());
    for user in &clouds {
        one_by_one.add_cloud(user);
    }
    let mut at_once = Prediction::new(settings());
    at_once.add_clouds_in(&clouds[..300], 3, |user| {
        Some(std::borrow::Cow::Borrowed(user))
    });
    at_once.add_clouds_in(&clouds[300..], 4, |user| {
        Some(std::borrow::Cow::Borrowed(user))
    });
    let sams: Vec<String> = (0..320).map(|i| format!("s{i}")).collect();
    let on_prem_upns: Vec<String> = (0..320).map(|i| format!("u{i}@contoso.com")).collect();
    let on_prem_proxies: Vec<String> = (0..320).map(|i| format!("SMTP:p{i}@contoso.com")).collect();
    for i in 0..320 {
        let user = user(&sams[i], &on_prem_upns[i], GUID_B, &[&on_prem_proxies[i]]);
        one_by_one.add_user(&user);
        at_once.add_user(&user);
    }
    one_by_one.finish();
    at_once.finish();
    assert_eq!(
        at_once.results(0, 320, false),
        one_by_one.results(0, 320, false)
    );
    // Not a test that cannot fail: the keys collide, so who was first decides the targets.
    assert!(
        one_by_one
            .results(0, 320, false)
            .iter()
            .any(|result| result.cloud_object_id.is_some())
    );
}

// Many on-premises users at once (drafted on several threads, settled in order) must be predicted
// exactly as the same users added one by one: who collides with whom depends on input order
// (docs/model.md, *On-premises collisions*), also across the parts the threads drafted.
#[test]
fn on_prem_users_added_at_once_are_predicted_as_added_one_by_one() {
    let ids: Vec<String> = (0..400).map(|i| format!("c{i}")).collect();
    let cloud_upns: Vec<String> = (0..400)
        .map(|i| format!("u{}@contoso.com", i * 3))
        .collect();
    let cloud_proxies: Vec<String> = (0..400)
        .map(|i| format!("smtp:p{}@contoso.com", i * 5))
        .collect();
    let clouds: Vec<CloudUser<'_>> = (0..400)
        .map(|i| cloud(&ids[i], &cloud_upns[i], &[&cloud_proxies[i]]))
        .collect();
    const USERS: usize = 5000;
    let sams: Vec<String> = (0..USERS).map(|i| format!("s{i}")).collect();
    let upns: Vec<String> = (0..USERS)
        .map(|i| match i % 13 {
            0 => format!("u{i}@fabrikam.com"),
            _ => format!("u{}@contoso.com", i % 1700),
        })
        .collect();
    let proxies: Vec<String> = (0..USERS)
        .map(|i| format!("SMTP:p{}@contoso.com", i % 2300))
        .collect();
    let guids: Vec<&str> = (0..USERS)
        .map(|i| {
            if i.is_multiple_of(97) {
                "not a guid"
            } else {
                GUID_B
            }
        })
        .collect();
    let users: Vec<OnPremUser<'_>> = (0..USERS)
        .map(|i| user(&sams[i], &upns[i], guids[i], &[&proxies[i]]))
        .collect();
    let failed = |i: usize| i.is_multiple_of(211);
    let message = |i: usize| format!("user {i} could not be read");

    let mut one_by_one = Prediction::new(settings());
    one_by_one.add_clouds(&clouds);
    for (i, user) in users.iter().enumerate() {
        if failed(i) {
            one_by_one.add_failed(Some(&sams[i]), FailureKind::Unreadable, message(i));
        } else {
            one_by_one.add_user(user);
        }
    }
    let mut at_once = Prediction::new(settings());
    at_once.add_clouds(&clouds);
    let numbered: Vec<usize> = (0..USERS).collect();
    for chunk in numbered.chunks(1800) {
        at_once.add_many_in(chunk, 3, |prediction, &i, drafts| {
            if failed(i) {
                drafts.push_failed(Some(&sams[i]), FailureKind::Unreadable, message(i));
            } else {
                prediction.draft(&users[i], drafts);
            }
        });
    }
    one_by_one.finish();
    at_once.finish();
    let expected = one_by_one.results(0, USERS, true);
    assert_eq!(at_once.results(0, USERS, true), expected);
    // Not a test that cannot fail: users collide with earlier ones, across the parts too.
    let told = |result: &MatchResult| {
        result
            .warnings
            .iter()
            .any(|warning| warning.code == WarningCode::OnPremisesConflict)
    };
    assert!(expected[1700..].iter().any(told));
    assert!(expected.iter().any(|result| result.error.is_some()));
}

// One text held under several keys of the address family (one entry per text) still answers
// each key with the first object holding that key: a primary SMTP address, a UPN and an address
// are looked up separately (docs/model.md, *Matching order*; Resiliency: the first holder).
#[test]
fn a_text_held_under_several_keys_answers_each_with_its_own_first_holder() {
    use index::Key;
    let clouds = [
        cloud("a", "a@contoso.com", &["SMTP:x@contoso.com"]),
        cloud("b", "X@contoso.com", &[]),
        cloud("c", "c@contoso.com", &["SMTP:x@contoso.com"]),
    ];
    for at_once in [false, true] {
        let mut prediction = Prediction::new(settings());
        if at_once {
            prediction.add_clouds_in(&clouds, 2, |user| Some(std::borrow::Cow::Borrowed(user)));
        } else {
            clouds.iter().for_each(|c| prediction.add_cloud(c));
        }
        assert_eq!(prediction.find(Key::PrimarySmtp, "x@contoso.com"), Some(0));
        assert_eq!(prediction.find(Key::Upn, "x@contoso.com"), Some(1));
        assert_eq!(prediction.find(Key::Address, "x@contoso.com"), Some(0));
        assert_eq!(prediction.find(Key::Upn, "a@contoso.com"), Some(0));
        assert_eq!(prediction.find(Key::PrimarySmtp, "a@contoso.com"), None);
        assert_eq!(prediction.find(Key::LocalPart, "x"), Some(0));
    }
}
