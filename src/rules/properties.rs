//! Properties of the rules over generated values: no panic, suggestions that pass.

use super::tests::{parsed, rules};
use super::*;
use crate::address::{comparison_key, split_joined};
use proptest::prelude::*;

/// Characters a UPN may hold besides letters and digits.
const SYMBOLS: &[char] = &['\'', '.', '-', '_', '!', '#', '^', '~'];
/// Characters the documentation forbids in a UPN.
const FORBIDDEN: &[char] = &[
    '\\', '%', '&', '*', '+', '/', '=', '?', '{', '}', '|', '<', '>', '(', ')', ';', ':', ',', '[',
    ']', '"', ' ',
];

/// A valid UPN name part: letters, digits and the allowed symbols, not ending in '.'.
fn local_part() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::char::range('a', 'z'),
            2 => proptest::char::range('0', '9'),
            1 => proptest::sample::select(SYMBOLS),
        ],
        1..40,
    )
    .prop_map(|chars| format!("{}x", chars.into_iter().collect::<String>()))
}

/// A valid address (and UPN) name part: not starting with a dot nor holding two in a row.
fn address_local_part() -> impl Strategy<Value = String> {
    local_part()
        .prop_map(|name| format!("a{name}"))
        .prop_filter("no two dots in a row", |name| !name.contains(".."))
}

fn user(upn: &str) -> DirectoryObject<'_> {
    DirectoryObject {
        sam_account_name: Some("user"),
        user_principal_name: Some(upn),
        ..DirectoryObject::default()
    }
}

fn tenant() -> Tenant {
    Tenant::new(["contoso.com", "contoso.onmicrosoft.com"])
}

proptest! {
    // Issue 23: over names in every script, comments and internationalized domains, a suggested
    // proxy address passes the rules itself, keeps its type (and its case: the primary marker)
    // and its domain, and drops no letter of the name (each becomes itself or its ASCII form).
    #[test]
    fn a_suggestion_keeps_type_and_domain_passes_and_drops_no_letter(
        local in "[a-zA-Z0-9éøßłа-яα-ωա-ֆ ()._-]{1,12}",
        domain in prop_oneof![Just("contoso.com"), Just("bücher.de"), Just("fabrikam.c\u{43e}m")],
        kind in prop_oneof![Just("smtp"), Just("SMTP")],
    ) {
        let value = format!("{kind}:{local}@{domain}");
        for finding in check_proxy_value(&value) {
            let Some(suggestion) = finding.suggestion.as_deref() else { continue };
            let (prefix, address) = suggestion.split_once(':').expect("a type");
            prop_assert_eq!(prefix, kind, "{} -> {}", value, suggestion);
            let (name, kept) = address.rsplit_once('@').expect("an address");
            prop_assert_eq!(kept, domain, "{} -> {}", value, suggestion);
            prop_assert_eq!(check_proxy_value(suggestion), vec![], "{} -> {}", value, suggestion);
            let mut depth = 0usize;
            let letters = local.chars().filter(|&c| {
                match c { '(' => depth += 1, ')' => depth = depth.saturating_sub(1), _ => {} }
                depth == 0 && c != ')' && c.is_alphabetic()
            }).count();
            prop_assert!(name.chars().filter(|c| c.is_ascii_alphabetic()).count() >= letters, "{} -> {}", value, suggestion);
        }
    }

    #[test]
    // docs/model.md, *Attribute rules*: a UPN's name part follows the RFC 2822 local part, as IdFix checks it (no
    // leading dot, no two in a row), like an address's.
    fn valid_upns_are_never_flagged(name in address_local_part()) {
        let upn = format!("{name}@contoso.com");
        prop_assert_eq!(check_object(&user(&upn), &tenant()), vec![]);
    }

    #[test]
    fn a_forbidden_character_is_always_flagged(name in local_part(), at in 0usize..40, bad in proptest::sample::select(FORBIDDEN)) {
        let mut chars: Vec<char> = name.chars().collect();
        chars.insert(at.min(chars.len() - 1), bad);
        let upn = format!("{}@contoso.com", chars.into_iter().collect::<String>());
        let findings = check_object(&user(&upn), &tenant());
        prop_assert!(findings.iter().any(|f| f.rule == Rule::Character), "{upn}: {findings:?}");
    }

    #[test]
    fn a_non_ascii_letter_is_always_flagged_and_transliterated(name in local_part(), letter in proptest::sample::select(&['é', 'ü', 'ñ', 'å', 'ç'][..])) {
        let upn = format!("{letter}{name}@contoso.com");
        let findings = check_object(&user(&upn), &tenant());
        let character = findings.iter().find(|f| f.rule == Rule::Character);
        prop_assert!(character.is_some(), "{upn}");
        // A suggestion is ASCII and passes the rules itself; where another fault remains
        // (a name part like '..x'), there is none rather than a wrong one.
        if let Some(suggestion) = character.unwrap().suggestion.as_deref() {
            prop_assert!(suggestion.is_ascii());
            prop_assert_eq!(check_object(&user(suggestion), &tenant()), vec![]);
        } else {
            prop_assert!(without_characters(&upn, &[letter]).is_none_or(|fixed| !is_valid_upn_syntax(&fixed)));
        }
    }

    #[test]
    fn overlong_name_parts_are_always_flagged(extra in 65usize..100) {
        let upn = format!("{}@contoso.com", "a".repeat(extra));
        let findings = check_object(&user(&upn), &tenant());
        prop_assert!(findings.iter().any(|f| f.rule == Rule::LocalPart));
    }

    #[test]
    fn valid_addresses_are_never_flagged(name in address_local_part()) {
        let address = format!("{name}@mail.contoso.com");
        prop_assert_eq!(check_proxy_value(&format!("smtp:{address}")), vec![]);
    }

    #[test]
    fn comparison_key_is_idempotent(text in "\\PC{0,40}") {
        let once = comparison_key(&text).into_owned();
        prop_assert_eq!(comparison_key(&once).into_owned(), once);
    }

    #[test]
    fn joined_cells_split_back_into_their_values(names in proptest::collection::vec(local_part(), 1..6)) {
        let values: Vec<String> = names.iter().enumerate()
            .map(|(i, name)| format!("{}:{name}@contoso.com", if i == 0 { "SMTP" } else { "smtp" }))
            .collect();
        let cell = values.join(";");
        prop_assert_eq!(split_joined(&cell), values.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

// docs/model.md, *Attribute rules* (Microsoft 365 "Prepare for directory synchronization", IdFix's rules): the
// corrections of the fidelity review.
#[test]
fn upn_name_part_may_not_start_with_a_dot_nor_hold_two() {
    for (upn, fixed) in [
        (".jane@contoso.com", "jane@contoso.com"),
        ("ja..ne@contoso.com", "ja.ne@contoso.com"),
    ] {
        let findings = check_object(&user(upn), &tenant());
        assert_eq!(
            rules(&findings),
            vec![(Attribute::UserPrincipalName, Rule::LocalPart)],
            "{upn}"
        );
        assert_eq!(findings[0].suggestion.as_deref(), Some(fixed));
    }
}

#[test]
fn mail_nickname_dots_and_spaces_are_rewritten_by_entra() {
    for (nickname, fixed) in [
        ("jdoe.", "jdoe"),
        ("j..doe", "j.doe"),
        ("j doe", "jdoe"),
        (".jdoe", "jdoe"),
    ] {
        let mut object = user("jane.doe@contoso.com");
        object.mail_nickname = Some(nickname);
        let findings = check_object(&object, &tenant());
        assert_eq!(
            rules(&findings),
            vec![(Attribute::MailNickname, Rule::Format)],
            "{nickname}"
        );
        assert_eq!(findings[0].severity, Severity::Error);
        assert_eq!(findings[0].suggestion.as_deref(), Some(fixed), "{nickname}");
    }
}

#[test]
fn sam_account_name_is_20_for_users_256_for_others_and_a_warning_when_the_upn_is_valid() {
    let mut object = user("jane.doe@contoso.com");
    object.sam_account_name = Some("a.very.long.sam.name.x");
    let findings = check_object(&object, &tenant());
    assert_eq!(
        rules(&findings),
        vec![(Attribute::SamAccountName, Rule::Length)]
    );
    assert_eq!(findings[0].severity, Severity::Warning);
    object.user_principal_name = Some("jane doe@contoso.com");
    let findings = check_object(&object, &tenant());
    let sam = findings
        .iter()
        .find(|f| f.attribute == Attribute::SamAccountName)
        .unwrap();
    assert_eq!(
        sam.severity,
        Severity::Error,
        "the user is not created as is"
    );
    let group = DirectoryObject {
        object_class: Some("group"),
        user_principal_name: None,
        sam_account_name: Some("a.very.long.group.name.that.is.fine"),
        ..DirectoryObject::default()
    };
    assert_eq!(rules(&check_object(&group, &tenant())), vec![]);
    let long = "g".repeat(257);
    let group = DirectoryObject {
        sam_account_name: Some(&long),
        ..group
    };
    assert_eq!(
        rules(&check_object(&group, &tenant())),
        vec![(Attribute::SamAccountName, Rule::Length)]
    );
}

#[test]
fn mail_and_sn_have_length_limits() {
    let mut object = user("jane.doe@contoso.com");
    let mail = format!("{}@contoso.com", "m".repeat(250));
    object.mail = Some(&mail);
    object.proxy_addresses = parsed(&["SMTP:jane.doe@contoso.com"]);
    assert!(rules(&check_object(&object, &tenant())).contains(&(Attribute::Mail, Rule::Length)));
    let mut object = user("jane.doe@contoso.com");
    let sn = "s".repeat(65);
    object.surname = Some(&sn);
    assert_eq!(
        rules(&check_object(&object, &tenant())),
        vec![(Attribute::Surname, Rule::Length)]
    );
}

#[test]
fn proxy_character_sets_by_type() {
    // X.400/X.500: spaces, parentheses and ';' are theirs; '[', ']', '"' are not.
    assert!(!check_proxy_value("X500:/o=Org/cn=[x]").is_empty());
    assert!(!check_proxy_value("X400:C=US;S=\"Doe\";").is_empty());
    assert!(check_proxy_value("X400:C=US;A= ;P=Contoso;S=Doe;").is_empty());
    // EUM values as Exchange writes them hold ';'.
    assert!(check_proxy_value("EUM:1234;phone-context=DP.contoso.com").is_empty());
    // A backslash is invalid in an SMTP value.
    assert!(!check_proxy_value("smtp:ja\\ne@contoso.com").is_empty());
}

#[test]
fn an_smtp_proxy_on_an_unverified_domain_is_a_warning_when_the_list_is_known() {
    let mut object = user("jane.doe@contoso.com");
    object.proxy_addresses = parsed(&[
        "SMTP:jane.doe@contoso.com",
        "smtp:jane@fabrikam.com",
        "X500:/o=Org/cn=jane",
    ]);
    let findings = check_object(&object, &tenant());
    assert_eq!(
        rules(&findings),
        vec![(Attribute::ProxyAddresses, Rule::UnverifiedDomain)]
    );
    assert_eq!(findings[0].severity, Severity::Warning);
    assert_eq!(findings[0].value, "smtp:jane@fabrikam.com");
    // Without the verified list, routability is all that can be checked.
    assert_eq!(rules(&check_object(&object, &Tenant::default())), vec![]);
}

#[test]
fn common_names_never_panic_the_scope_rules() {
    // Regression: the scope rules sliced sAMAccountName at byte 4, inside 'é'.
    for name in ["José", "André", "Renée", "Zoë", "Søren", "日本語"] {
        let mut object = user("jane.doe@contoso.com");
        object.sam_account_name = Some(name);
        object.mail_nickname = Some(name);
        assert_eq!(out_of_scope_reason(&object), None, "{name}");
    }
}

#[test]
fn a_control_character_is_a_character_finding_in_every_address_attribute() {
    // One rule for all: the value that is a Character finding in mail is one in
    // proxyAddresses of every type, targetAddress, mailNickname and sAMAccountName too.
    for control in ['\u{0}', '\u{1}', '\u{7f}', '\u{1b}', '\u{85}', '\t'] {
        for proxy in [
            format!("smtp:ja{control}ne@contoso.com"),
            format!("X500:/o=Org/cn=ja{control}ne"),
            format!("X400:C=US;S=Ja{control}ne;"),
            format!("sip:ja{control}ne@contoso.com"),
        ] {
            let findings = check_proxy_value(&proxy);
            assert!(
                findings.iter().any(|f| f.rule == Rule::Character),
                "{proxy:?}: {findings:?}"
            );
        }
        let value = format!("ja{control}ne");
        let mut object = user("jane.doe@contoso.com");
        object.mail = Some(Box::leak(format!("{value}@contoso.com").into_boxed_str()));
        object.target_address = Some(Box::leak(
            format!("SMTP:{value}@contoso.com").into_boxed_str(),
        ));
        object.mail_nickname = Some(Box::leak(value.clone().into_boxed_str()));
        object.sam_account_name = Some(Box::leak(value.clone().into_boxed_str()));
        let flagged: Vec<Attribute> = check_object(&object, &tenant())
            .into_iter()
            .filter(|f| f.rule == Rule::Character)
            .map(|f| f.attribute)
            .collect();
        for attribute in [
            Attribute::Mail,
            Attribute::TargetAddress,
            Attribute::MailNickname,
            Attribute::SamAccountName,
        ] {
            assert!(
                flagged.contains(&attribute),
                "{control:?} {attribute:?}: {flagged:?}"
            );
        }
    }
}
