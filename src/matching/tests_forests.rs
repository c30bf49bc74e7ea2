//! The prediction under the deployment's forest join ("Uniquely identifying your users",
//! how-to-connect-install-custom; plan-connect-topologies, *Multiple forests, single Microsoft
//! Entra tenant*): users joined into one person are one user in Entra ID, so a person present in
//! two forests is not its own duplicate.

use super::tests::*;
use super::*;
use crate::deployment::Deployment;

fn joined_on(option: &str) -> Settings {
    let json = format!(r#"{{"forestJoin":"{option}"}}"#);
    Settings {
        deployment: Deployment::from_json(&json).expect("a forest join"),
        ..settings()
    }
}

/// The same person in two forests: one mailbox address, each forest's own UPN and objectGUID.
fn in_two_forests<'a>() -> [OnPremUser<'a>; 2] {
    let mut first = user("ada", "ada@contoso.com", GUID_A, &["SMTP:ada@contoso.com"]);
    first.object.mail = Some("ada@contoso.com");
    first.object.distinguished_name = Some("CN=Ada,OU=Staff,DC=contoso,DC=com");
    let mut second = user("ada", "ada@contoso.com", GUID_B, &["SMTP:ada@contoso.com"]);
    second.object.mail = Some("Ada@Contoso.com");
    second.object.distinguished_name = Some("CN=Ada,OU=Staff,DC=fabrikam,DC=com");
    [first, second]
}

// The default, "users are represented only once across all forests": nothing joins, so the two
// collide (today's behaviour).
#[test]
fn install_custom_represented_once_the_two_collide() {
    let results = predict(settings(), &[], &in_two_forests());
    assert_eq!(codes(&results[1]), vec![WarningCode::OnPremisesConflict]);
    assert_eq!(results[1].outcome, Outcome::Create);
}

// install-custom, Mail attribute: "joins users and contacts if the mail attribute has the same
// value in different forests". One person: the second is not its duplicate, and both results
// name the other.
#[test]
fn install_custom_mail_attribute_one_person_not_its_own_duplicate() {
    let cloud_ada = cloud("c1", "ada@contoso.com", &["SMTP:ada@contoso.com"]);
    let results = predict(joined_on("Mail"), &[cloud_ada], &in_two_forests());
    assert_eq!(
        (results[0].outcome, results[0].reason),
        (Outcome::Join, Reason::SoftMatchSmtp)
    );
    assert_eq!(codes(&results[0]), vec![WarningCode::JoinedAcrossForests]);
    assert!(
        results[0].warnings[0].message.contains(
            "on-premises object CN=Ada,OU=Staff,DC=fabrikam,DC=com has the same mail ('Ada@Contoso.com')"
        ),
        "{}",
        results[0].warnings[0].message
    );
    assert_eq!(
        (results[1].outcome, results[1].reason),
        (Outcome::Skipped, Reason::JoinsPerson)
    );
    assert!(results[1].warnings.is_empty(), "{:?}", results[1].warnings);
    assert!(
        results[1]
            .detail
            .contains("CN=Ada,OU=Staff,DC=contoso,DC=com has the same value"),
        "{}",
        results[1].detail
    );
    // One person joins c1 once: no DuplicateOnPremises, no duplicate anchor.
    assert_eq!(results.len(), 2);
}

// install-custom, Mail attribute: "If you choose this option, user objects whose mail attribute
// is unpopulated aren't synchronized to Microsoft Entra ID."
#[test]
fn install_custom_mail_attribute_a_user_without_mail_is_skipped() {
    let [mut first, _] = in_two_forests();
    first.object.mail = None;
    let result = one(joined_on("Mail"), &[], first);
    assert_eq!(
        (result.outcome, result.reason),
        (Outcome::Skipped, Reason::OutOfScope)
    );
    assert!(
        result
            .detail
            .contains("a user whose mail is empty is not synchronized"),
        "{}",
        result.detail
    );
}

// Joined users hold nothing of their own: a third user colliding only with the joined one's own
// UPN is no conflict, while one colliding with the person's is.
#[test]
fn install_custom_mail_attribute_only_the_person_holds_values() {
    let [first, mut second] = in_two_forests();
    second.object.user_principal_name = Some("ada@fabrikam.com");
    let mut third = user("bob", "ada@fabrikam.com", GUID_B, &[]);
    third.anchor = crate::anchor::AnchorInput::User {
        object_guid: Some(crate::anchor::AnchorValue::Text(
            "11111111-2222-3333-4444-555555555555",
        )),
        consistency_guid: None,
    };
    let results = predict(joined_on("Mail"), &[], &[first, second, third]);
    assert_eq!(results[1].reason, Reason::JoinsPerson);
    assert!(results[2].warnings.is_empty(), "{:?}", results[2].warnings);
}

// install-custom, "Choose a specific attribute": users with the same value join; without it they
// are not synchronized.
#[test]
fn install_custom_specific_attribute_joins_on_its_value() {
    let [mut first, mut second] = in_two_forests();
    second.object.mail = Some("ada@fabrikam.com");
    first.object.join_value = Some("4711");
    second.object.join_value = Some(" 4711 ");
    let results = predict(joined_on("employeeNumber"), &[], &[first, second]);
    assert_eq!(results[1].reason, Reason::JoinsPerson);
    assert!(results[1].detail.contains("joins users on employeeNumber"));
    let [lone, _] = in_two_forests();
    let result = one(joined_on("employeeNumber"), &[], lone);
    assert_eq!(result.reason, Reason::OutOfScope);
}

// install-custom, "SAMAccountName and MailNickName attributes" (model assumption: both equal).
#[test]
fn install_custom_sam_account_name_and_mail_nickname_both_must_agree() {
    let results = predict(
        joined_on("SamAccountNameMailNickname"),
        &[],
        &in_two_forests(),
    );
    assert_eq!(results[1].reason, Reason::JoinsPerson);
    let [first, mut second] = in_two_forests();
    second.object.mail_nickname = Some("ada.lovelace");
    let results = predict(
        joined_on("SamAccountNameMailNickname"),
        &[],
        &[first, second],
    );
    assert_eq!(codes(&results[1]), vec![WarningCode::OnPremisesConflict]);
}

// plan-connect-topologies: "The consolidation is configured only for users. Duplicated groups are
// not consolidated with the default configuration."
#[test]
fn plan_connect_topologies_groups_do_not_join() {
    let group = |guid| {
        let mut group = user("staff", "", guid, &["SMTP:staff@contoso.com"]);
        group.object.object_class = Some("group");
        group.object.user_principal_name = None;
        group.object.mail = Some("staff@contoso.com");
        group.object.group_category = Some("Distribution");
        group
    };
    let results = predict(joined_on("Mail"), &[], &[group(GUID_A), group(GUID_B)]);
    assert!(
        results
            .iter()
            .all(|result| result.reason != Reason::JoinsPerson),
        "{results:?}"
    );
}

const ACCOUNT_SID: &str = "S-1-5-21-1004336348-1177238915-682003330-1104";

/// An account-resource forest pair: the enabled account (sign-in) and its linked mailbox in the
/// resource forest (msExchMasterAccountSid = the account's objectSid; mailbox addresses).
fn account_and_mailbox<'a>() -> [OnPremUser<'a>; 2] {
    let mut account = user("ada", "ada@contoso.com", GUID_A, &[]);
    account.object.distinguished_name = Some("CN=ada,OU=Staff,DC=accounts,DC=contoso,DC=com");
    account.object.security_identifier = Some(ACCOUNT_SID);
    account.security_identifier = Some(ACCOUNT_SID);
    let mut mailbox = user(
        "ada-mbx",
        "ada@resources.contoso.com",
        GUID_B,
        &["SMTP:ada.lovelace@contoso.com"],
    );
    mailbox.object.distinguished_name = Some("CN=ada,OU=Mailboxes,DC=resources,DC=contoso,DC=com");
    mailbox.object.mail = Some("ada.lovelace@contoso.com");
    mailbox.object.recipient_type_details = Some("2");
    mailbox.object.master_account_sid = Some(ACCOUNT_SID);
    [account, mailbox]
}

// install-custom, "ObjectSID and msExchangeMasterAccountSID": the account and its linked mailbox
// are one person; default configuration: sign-in attributes and the source anchor from the
// account, Exchange attributes from the mailbox. The cloud mailbox matches on the mailbox's
// primary SMTP address, whichever of the two comes first.
#[test]
fn install_custom_object_sid_account_and_linked_mailbox_are_one_person() {
    let cloud_ada = cloud(
        "c1",
        "ada.l@contoso.com",
        &["SMTP:ada.lovelace@contoso.com"],
    );
    for reversed in [false, true] {
        let mut users = account_and_mailbox().to_vec();
        if reversed {
            users.reverse();
        }
        let results = predict(
            joined_on("ObjectSidMasterAccountSid"),
            std::slice::from_ref(&cloud_ada),
            &users,
        );
        let (account, mailbox) = if reversed {
            (&results[1], &results[0])
        } else {
            (&results[0], &results[1])
        };
        assert_eq!(
            (
                account.outcome,
                account.reason,
                account.cloud_object_id.as_deref()
            ),
            (Outcome::Join, Reason::SoftMatchSmtp, Some("c1")),
            "reversed: {reversed}"
        );
        // The account's anchor, never the mailbox's.
        assert_eq!(account.immutable_id.as_deref(), Some(ID_A));
        assert_eq!(
            account.predicted_user_principal_name.as_deref(),
            Some("ada@contoso.com")
        );
        assert_eq!(codes(account), vec![WarningCode::JoinedAcrossForests]);
        assert!(account.warnings[0].message.contains("linked mailbox"));
        assert_eq!(
            (mailbox.outcome, mailbox.reason),
            (Outcome::Skipped, Reason::JoinsPerson)
        );
        assert!(
            mailbox
                .detail
                .contains("is the objectSid of CN=ada,OU=Staff,DC=accounts,DC=contoso,DC=com"),
            "{}",
            mailbox.detail
        );
    }
    // Without the join, the account alone matches nothing by SMTP (a new user beside the cloud
    // mailbox) and the linked mailbox is not provisioned at all.
    let apart = predict(settings(), &[cloud_ada], &account_and_mailbox());
    assert_eq!(apart[0].reason, Reason::NoMatch);
    assert_eq!(apart[1].reason, Reason::OutOfScope);
}

// plan-connect-topologies: "A linked mailbox with no other active account is not exported to
// Microsoft Entra ID."
#[test]
fn plan_connect_topologies_a_linked_mailbox_without_its_account_is_not_exported() {
    let [_, mailbox] = account_and_mailbox();
    let result = one(joined_on("ObjectSidMasterAccountSid"), &[], mailbox);
    assert_eq!(
        (result.outcome, result.reason),
        (Outcome::Skipped, Reason::OutOfScope)
    );
    assert!(
        result.detail.contains("not exported without its account"),
        "{}",
        result.detail
    );
}

// Under the SID join every user is held until the end: results keep input order, and an account
// without a mailbox, a failure and an ordinary user are predicted as ever.
#[test]
fn object_sid_join_keeps_input_order_and_failures() {
    let mut prediction = Prediction::new(joined_on("ObjectSidMasterAccountSid"));
    let [account, mailbox] = account_and_mailbox();
    let lone = user(
        "bob",
        "bob@contoso.com",
        "11111111-2222-3333-4444-555555555555",
        &[],
    );
    prediction.add_user(&mailbox);
    prediction.add_failed(Some("broken"), FailureKind::Unreadable, "bad".to_owned());
    prediction.add_user(&lone);
    prediction.add_user(&account);
    prediction.finish();
    let results = prediction.results(0, usize::MAX, false);
    let reasons: Vec<Reason> = results.iter().map(|result| result.reason).collect();
    assert_eq!(
        reasons,
        vec![
            Reason::JoinsPerson,
            Reason::InvalidInput,
            Reason::NoMatch,
            Reason::NoMatch
        ]
    );
    assert_eq!(results[1].identity, "broken");
}
