//! The attribute rules against their sources, one test each.

use super::*;

fn user<'a>(upn: &'a str) -> DirectoryObject<'a> {
    DirectoryObject {
        distinguished_name: Some("CN=Jane Doe,OU=Staff,DC=contoso,DC=local"),
        object_class: Some("user"),
        sam_account_name: Some("jdoe"),
        user_principal_name: Some(upn),
        mail: Some("jane.doe@contoso.com"),
        mail_nickname: Some("jdoe"),
        proxy_addresses: parsed(&["SMTP:jane.doe@contoso.com", "smtp:jane@contoso.com"]),
        display_name: Some("Jane Doe"),
        given_name: Some("Jane"),
        surname: Some("Doe"),
        ..DirectoryObject::default()
    }
}

fn tenant() -> Tenant {
    Tenant::new(["contoso.com", "contoso.onmicrosoft.com"])
}

pub(super) fn parsed<'a>(values: &[&'a str]) -> Vec<ProxyAddress<'a>> {
    values
        .iter()
        .map(|value| ProxyAddress::parse(value))
        .collect()
}

pub(super) fn rules(findings: &[Finding]) -> Vec<(Attribute, Rule)> {
    findings.iter().map(|f| (f.attribute, f.rule)).collect()
}

#[test]
fn a_clean_user_has_no_findings() {
    assert_eq!(
        check_object(&user("jane.doe@contoso.com"), &tenant()),
        vec![]
    );
    assert_eq!(
        check_object(&user("jane.doe@contoso.com"), &Tenant::default()),
        vec![]
    );
}

// Apostrophes are legal in addresses; X.400 and X.500 proxyAddresses values hold spaces,
// parentheses and ';' by their own rules (IdFix's X400/X500 expressions, Exchange's
// legacyExchangeDN): never reported (docs/model.md, *Attribute rules*).
#[test]
fn apostrophes_and_x500_are_never_reported() {
    let mut object = user("oscar.o'brien@contoso.com");
    object.mail = Some("oscar.o'brien@contoso.com");
    object.proxy_addresses = parsed(&[
        "SMTP:oscar.o'brien@contoso.com",
        "X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=obrien",
        "X400:C=US;A= ;P=Contoso;O=Exchange;S=O'Brien;",
    ]);
    assert_eq!(check_object(&object, &tenant()), vec![]);
}

// Prepare's targetAddress rules have no exemption by type and IdFix applies them to targetAddress
// (InvalidTargetAddressRegEx): an X.500 targetAddress with spaces is a Warning saying both.
#[test]
fn prepare_target_address_x500_is_a_warning_naming_idfix() {
    let mut object = user("ann@contoso.com");
    object.target_address =
        Some("X500:/o=Fabrikam/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=ann");
    let found = check_object(&object, &tenant());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].attribute, found[0].severity),
        (Attribute::TargetAddress, Severity::Warning)
    );
    assert!(found[0].message.contains("IdFix checks it so"));
    assert!(
        found[0].message.contains("a space, '(', ')'"),
        "{}",
        found[0].message
    );
    assert_eq!(found[0].suggestion, None);
    // An SMTP targetAddress with a space is still an Error, as both documents say.
    object.target_address = Some("SMTP:ann smith@contoso.mail.onmicrosoft.com");
    let found = check_object(&object, &tenant());
    assert!(found.iter().any(|f| f.attribute == Attribute::TargetAddress
        && f.rule == Rule::Character
        && f.severity == Severity::Error));
}

#[test]
fn upn_rules() {
    let check = |upn: &str| rules(&check_object(&user(upn), &tenant()));
    assert_eq!(
        check("jane doe@contoso.com"),
        vec![(Attribute::UserPrincipalName, Rule::Character)]
    );
    assert_eq!(
        check("jane.doe@contoso.local"),
        vec![(Attribute::UserPrincipalName, Rule::UnverifiedDomain)]
    );
    assert_eq!(
        check("jane.doe"),
        vec![(Attribute::UserPrincipalName, Rule::Format)]
    );
    assert_eq!(
        check("@contoso.com"),
        vec![(Attribute::UserPrincipalName, Rule::Format)]
    );
    assert_eq!(
        check("jane.@contoso.com"),
        vec![(Attribute::UserPrincipalName, Rule::LocalPart)]
    );
    assert_eq!(
        check("jane&@contoso.com"),
        vec![
            (Attribute::UserPrincipalName, Rule::Character),
            (Attribute::UserPrincipalName, Rule::LocalPart)
        ]
    );
    assert_eq!(
        check(&format!("{}@contoso.com", "a".repeat(65))),
        vec![(Attribute::UserPrincipalName, Rule::LocalPart)]
    );
    let long_domain = format!("{}.com", "d".repeat(45));
    let by_length = check(&format!("jane@{long_domain}"));
    assert!(
        by_length.contains(&(Attribute::UserPrincipalName, Rule::DomainPart)),
        "{by_length:?}"
    );
    let too_long = format!("{}@{}.contoso.com", "a".repeat(64), "b".repeat(40));
    assert!(check(&too_long).contains(&(Attribute::UserPrincipalName, Rule::Length)));
    for symbol in ["'", ".", "-", "_", "!", "#", "^", "~"] {
        assert_eq!(
            check(&format!("ja{symbol}ne@contoso.com")),
            vec![],
            "{symbol}"
        );
    }
    for symbol in [
        "\\", "%", "*", "+", "/", "=", "?", "{", "}", "|", "<", ">", "(", ")", ";", ":", ",", "[",
        "]", "\"",
    ] {
        assert_eq!(
            check(&format!("ja{symbol}ne@contoso.com")),
            vec![(Attribute::UserPrincipalName, Rule::Character)],
            "{symbol}"
        );
    }
}

#[test]
fn without_verified_domains_the_suffix_must_be_routable() {
    let findings = check_object(&user("jane.doe@contoso.local"), &Tenant::default());
    assert_eq!(
        rules(&findings),
        vec![(Attribute::UserPrincipalName, Rule::TopLevelDomain)]
    );
    assert_eq!(
        check_object(&user("jane.doe@fabrikam.com"), &Tenant::default()),
        vec![]
    );
    assert_eq!(
        rules(&check_object(&user("jane.doe@fabrikam.com"), &tenant())),
        vec![(Attribute::UserPrincipalName, Rule::UnverifiedDomain)]
    );
}

#[test]
fn local_suffix_suggestion_uses_the_primary_smtp_domain() {
    let findings = check_object(&user("bob.brown@contoso.local"), &tenant());
    assert_eq!(
        findings[0].suggestion.as_deref(),
        Some("bob.brown@contoso.com")
    );
    assert!(
        findings[0].message.contains("@contoso.onmicrosoft.com"),
        "{}",
        findings[0].message
    );
    assert_eq!(findings[0].severity, Severity::Error);
}

#[test]
fn diacritics_are_reported_with_a_transliterated_suggestion() {
    let findings = check_object(&user("víctor.vargas@contoso.com"), &tenant());
    assert_eq!(
        rules(&findings),
        vec![(Attribute::UserPrincipalName, Rule::Character)]
    );
    assert_eq!(
        findings[0].suggestion.as_deref(),
        Some("victor.vargas@contoso.com")
    );
    assert!(findings[0].message.contains("diacritic"));
}

#[test]
fn proxy_address_rules() {
    let check = |proxies: Vec<&'static str>| {
        let mut object = user("jane.doe@contoso.com");
        object.proxy_addresses = parsed(&proxies);
        rules(&check_object(&object, &tenant()))
    };
    assert_eq!(
        check(vec![
            "SMTP:jane.doe@contoso.com",
            "smtp:Jane.Doe@contoso.com"
        ]),
        vec![(Attribute::ProxyAddresses, Rule::Duplicate)]
    );
    assert_eq!(
        check(vec!["SMTP:jane.doe@contoso.com", "SMTP:jane@contoso.com"]),
        vec![(Attribute::ProxyAddresses, Rule::Format)]
    );
    assert_eq!(
        check(vec!["smtp:jane.doe@contoso.com"]),
        vec![(Attribute::ProxyAddresses, Rule::Format)]
    );
    assert_eq!(
        check(vec!["SMTP:jane.doe@contoso.com", "smtp:ja ne@contoso.com"]),
        vec![(Attribute::ProxyAddresses, Rule::Character)]
    );
    assert_eq!(
        check(vec![
            "SMTP:jane.doe@contoso.com",
            "smtp:jane(x)@contoso.com"
        ]),
        vec![(Attribute::ProxyAddresses, Rule::Character)]
    );
    assert_eq!(
        check(vec!["SMTP:jane.doe@contoso.com", "smtp:jane@contoso.local"]),
        vec![(Attribute::ProxyAddresses, Rule::TopLevelDomain)]
    );
    assert_eq!(
        check(vec!["SMTP:jane.doe@contoso.com", "sip:jane:x@contoso.com"]),
        vec![(Attribute::ProxyAddresses, Rule::Character)]
    );
    assert_eq!(
        check(vec!["SMTP:jane.doe@contoso.com", "smtp:"]),
        vec![(Attribute::ProxyAddresses, Rule::Blank)]
    );
    let long = Box::leak(format!("X500:/o=Contoso/cn={}", "x".repeat(260)).into_boxed_str());
    assert_eq!(
        check(vec!["SMTP:jane.doe@contoso.com", long]),
        vec![(Attribute::ProxyAddresses, Rule::Length)]
    );
    let no_primary = {
        let mut object = user("jane.doe@contoso.com");
        object.proxy_addresses = parsed(&["smtp:jane.doe@contoso.com"]);
        check_object(&object, &tenant())
    };
    assert_eq!(no_primary[0].severity, Severity::Warning);
}

// IdFix's rule code against ours (issue 7): targetAddress follows the proxyAddresses rules.
#[test]
fn idfix_target_address_is_checked_as_a_proxy_value() {
    let mut object = user("jane.doe@contoso.com");
    for (value, rule) in [
        ("SMTP:user:M@contoso.com", Rule::Character),
        ("smtp:john@contoso..com", Rule::DomainPart),
        ("SMTP:jane@contoso.local", Rule::TopLevelDomain),
    ] {
        object.target_address = Some(value);
        let findings = check_object(&object, &tenant());
        assert!(
            findings
                .iter()
                .any(|f| f.attribute == Attribute::TargetAddress && f.rule == rule),
            "{value}: {findings:?}"
        );
    }
    object.target_address = Some("SMTP:user:M@contoso.com");
    let findings = check_object(&object, &tenant());
    assert_eq!(
        findings[0].suggestion.as_deref(),
        Some("SMTP:userM@contoso.com")
    );
}

// Suggestions are safe: they keep the prefix and primary marker, transliterate instead of
// dropping letters, pass the rules themselves, and are absent where no fix is safe (EUM).
#[test]
fn suggestions_keep_the_prefix_and_transliterate() {
    assert_suggested(&[
        ("SMTP:user:M@contoso.com", Some("SMTP:userM@contoso.com")),
        ("smtp:søren@contoso.com", Some("smtp:soren@contoso.com")),
        ("smtp:straße@contoso.com", Some("smtp:strasse@contoso.com")),
        (
            "smtp:æsa.łukasz@contoso.com",
            Some("smtp:aesa.lukasz@contoso.com"),
        ),
        ("EUM:12 34;phone-context=DP.contoso.com", None),
    ]);
}

/// Each proxy value has a Character finding whose suggestion is `expected`, and a suggestion
/// passes the rules itself.
fn assert_suggested(cases: &[(&str, Option<&str>)]) {
    for &(value, expected) in cases {
        let findings = check_proxy_value(value);
        let character = findings.iter().find(|f| f.rule == Rule::Character);
        assert!(character.is_some(), "{value}: {findings:?}");
        assert_eq!(
            character.unwrap().suggestion.as_deref(),
            expected,
            "{value}"
        );
        if let Some(fixed) = expected {
            assert_eq!(check_proxy_value(fixed), vec![], "{fixed}");
        }
    }
}

// Exchange alias rules: characters outside the alias set are replaced by Entra: an Error.
#[test]
fn mail_nickname_characters_outside_the_alias_set() {
    let mut object = user("jane.doe@contoso.com");
    object.mail_nickname = Some("jo(hn)@x");
    let findings = check_object(&object, &tenant());
    assert_eq!(
        rules(&findings),
        vec![(Attribute::MailNickname, Rule::Character)]
    );
    assert_eq!(findings[0].suggestion.as_deref(), Some("johnx"));
    object.mail_nickname = Some("o'brien.søren");
    assert_eq!(check_object(&object, &tenant()), vec![]);
}

// docs/model.md, *Input*: Windows PowerShell 5.1's Export-Csv writes a multi-valued property's type
// name; in any attribute it is no value to check (issue 7: TypeNameNotValue everywhere).
#[test]
fn export_csv_type_names_in_any_attribute() {
    let mut object = user("jane.doe@contoso.com");
    assert_eq!(type_name_problem(&object), None);
    object.proxy_addresses =
        parsed(&["Microsoft.ActiveDirectory.Management.ADPropertyValueCollection"]);
    assert!(
        type_name_problem(&object)
            .unwrap()
            .starts_with("proxyAddresses holds")
    );
    object.proxy_addresses = Vec::new();
    object.mail = Some("System.String[]");
    assert!(
        type_name_problem(&object)
            .unwrap()
            .starts_with("mail holds")
    );
    object.mail = Some("System.Administrator@contoso.com");
    assert_eq!(
        type_name_problem(&object),
        None,
        "an address is not a type name"
    );
}

// A contact's address is external: an unverified domain is no finding (Proxy population
// concerns licensed mailboxes).
#[test]
fn a_contacts_external_address_is_not_an_unverified_domain() {
    let contact = DirectoryObject {
        object_class: Some("contact"),
        proxy_addresses: parsed(&["SMTP:partner@fabrikam.com"]),
        ..DirectoryObject::default()
    };
    assert_eq!(check_object(&contact, &tenant()), vec![]);
    let mut user = user("jane.doe@contoso.com");
    user.proxy_addresses = parsed(&["SMTP:jane.doe@contoso.com", "smtp:jane@fabrikam.com"]);
    assert_eq!(
        rules(&check_object(&user, &tenant())),
        vec![(Attribute::ProxyAddresses, Rule::UnverifiedDomain)]
    );
}

#[test]
fn table_rules() {
    let mut object = user("jane.doe@contoso.com");
    object.sam_account_name = Some("a.very.long.sam.name.x");
    object.mail_nickname = Some(".jdoe");
    object.display_name = Some("   ");
    object.given_name = Some(Box::leak("g".repeat(65).into_boxed_str()));
    object.target_address = Some("SMTP:jane doe@contoso.mail.onmicrosoft.com");
    let findings = check_object(&object, &tenant());
    assert_eq!(
        rules(&findings),
        vec![
            (Attribute::DisplayName, Rule::Blank),
            (Attribute::GivenName, Rule::Length),
            (Attribute::SamAccountName, Rule::Length),
            (Attribute::MailNickname, Rule::Format),
            (Attribute::TargetAddress, Rule::Character),
        ]
    );
    assert_eq!(findings[3].suggestion.as_deref(), Some("jdoe"));
    // targetAddress follows the proxy rules: the fix keeps the prefix.
    assert_eq!(
        findings[4].suggestion.as_deref(),
        Some("SMTP:janedoe@contoso.mail.onmicrosoft.com")
    );
    object = user("jane.doe@contoso.com");
    object.sam_account_name = Some("j=doe");
    assert_eq!(
        rules(&check_object(&object, &tenant())),
        vec![(Attribute::SamAccountName, Rule::Character)]
    );
}

#[test]
fn mail_must_be_an_address() {
    let mut object = user("jane.doe@contoso.com");
    object.mail = Some("jane.doe.contoso.com");
    assert_eq!(
        rules(&check_object(&object, &tenant())),
        vec![(Attribute::Mail, Rule::Format)]
    );
}

#[test]
// Microsoft Learn, *Entra Connect sync: default configuration* (docs/model.md, *Matching order*): the scoping
// filters of the default inbound user rules.
fn out_of_scope_objects() {
    let object = |sam: &'static str, nickname: &'static str| DirectoryObject {
        sam_account_name: Some(sam),
        mail_nickname: Some(nickname),
        ..DirectoryObject::default()
    };
    for (sam, nickname) in [
        ("AAD_1234abcd", ""),
        ("MSOL_abcdef", ""),
        ("SUPPORT_388945a0", ""),
        (
            "sm_1",
            "SystemMailbox{bb558c35-97f1-4cb9-8ff7-d53741dc928c}",
        ),
        ("cas", "CAS_{1234}"),
        ("CAS_{5678}", ""),
        ("", ""),
    ] {
        assert!(
            out_of_scope_reason(&object(sam, nickname)).is_some(),
            "{sam} {nickname}"
        );
    }
    let mut critical = object("admin", "");
    critical.is_critical_system_object = true;
    assert!(out_of_scope_reason(&critical).is_some());
    let conflict = DirectoryObject {
        distinguished_name: Some("CN=Jane\\0ACNF:1b2c3d4e,OU=Staff,DC=contoso,DC=local"),
        ..object("jdoe", "")
    };
    assert!(out_of_scope_reason(&conflict).is_some());
    assert!(out_of_scope_reason(&object("jdoe", "jdoe")).is_none());
    // Not in the default rules: a health mailbox synchronizes (IdFix's exclusion is its own),
    // krbtgt is left out through isCriticalSystemObject, not by name, and CAS_ needs a '}'.
    for (sam, nickname) in [
        ("HealthMailbox0a1b2c3", "HealthMailbox0a1b2c3"),
        ("krbtgt", ""),
        ("CAS_jones", "CAS_jones"),
    ] {
        assert!(
            out_of_scope_reason(&object(sam, nickname)).is_none(),
            "{sam} {nickname}"
        );
    }
    // IsPresent([isCriticalSystemObject]): present is enough, whatever its value.
    let mut critical_false = object("svc", "");
    critical_false.is_critical_system_object = true;
    assert!(out_of_scope_reason(&critical_false).is_some());
    // msExchRecipientTypeDetails: any bit of 0x21C07000 leaves the object out; 2 (a linked
    // mailbox) has no source anchor; 1 (a user mailbox) is in scope.
    for value in ["8192", "4096", "16384", "536870912", "0x1000", "2"] {
        let mailbox = DirectoryObject {
            recipient_type_details: Some(value),
            ..object("mbx", "mbx")
        };
        assert!(out_of_scope_reason(&mailbox).is_some(), "{value}");
    }
    for value in ["1", "128", "not a number", ""] {
        let mailbox = DirectoryObject {
            recipient_type_details: Some(value),
            ..object("mbx", "mbx")
        };
        assert!(out_of_scope_reason(&mailbox).is_none(), "{value}");
    }
    // Default configuration, *Contact out-of-box rules*: a contact "must have mail attribute
    // value" and be mail-enabled (proxyAddresses, with an SMTP: value or a mail holding an @).
    let contact = DirectoryObject {
        object_class: Some("contact"),
        mail: Some("partner@fabrikam.com"),
        proxy_addresses: vec![ProxyAddress::parse("SMTP:partner@fabrikam.com")],
        ..object("", "")
    };
    assert!(out_of_scope_reason(&contact).is_none());
    let without_mail = DirectoryObject {
        mail: None,
        ..contact.clone()
    };
    assert!(
        out_of_scope_reason(&without_mail).is_some_and(|why| why.contains("without a mail value"))
    );
    // *Group out-of-box rules*: a distribution group must be mail-enabled; a security group need not.
    for (category, in_scope) in [
        ("Distribution", false),
        ("2", false),
        ("Security", true),
        ("-2147483646", true),
        ("", true),
    ] {
        let group = DirectoryObject {
            object_class: Some("group"),
            group_category: Some(category),
            ..object("Team", "")
        };
        assert_eq!(
            out_of_scope_reason(&group).is_none(),
            in_scope,
            "{category}"
        );
        let mailed = DirectoryObject {
            proxy_addresses: vec![ProxyAddress::parse("SMTP:team@contoso.com")],
            ..group
        };
        assert!(out_of_scope_reason(&mailed).is_none(), "{category}");
    }
    let unmailed = DirectoryObject {
        object_class: Some("contact"),
        mail: Some("partner@fabrikam.com"),
        ..object("", "")
    };
    assert!(out_of_scope_reason(&unmailed).is_some());
    // Role groups (bit 0x40000000) are left out; the same bit on a user is not a group rule.
    let role_group = DirectoryObject {
        object_class: Some("group"),
        recipient_type_details: Some("1073741824"),
        ..object("Org Admins", "")
    };
    assert!(out_of_scope_reason(&role_group).is_some());
    let computer = DirectoryObject {
        object_class: Some("computer"),
        ..object("PC01$", "")
    };
    assert!(out_of_scope_reason(&computer).is_some());
}

#[test]
fn identity_prefers_dn_then_sam_then_upn() {
    let mut object = user("jane.doe@contoso.com");
    assert!(object.identity().starts_with("CN=Jane Doe"));
    object.distinguished_name = None;
    assert_eq!(object.identity(), "jdoe");
    object.sam_account_name = Some("");
    assert_eq!(object.identity(), "jane.doe@contoso.com");
}

// Issue 23, measured against IdFix's rules: a suggestion never moves an address to another
// domain (an IDN such as bücher.de, a homoglyph top-level domain), never drops a letter it
// cannot write in ASCII, keeps a proxy value's type, and drops an RFC 5322 comment instead of
// merging it into the name.
#[test]
fn suggestions_never_change_the_domain_nor_drop_a_letter() {
    assert_suggested(&[
        ("smtp:jdoe@bücher.de", None),
        ("smtp:chef@café-paris.fr", None),
        ("smtp:sales@fabrikam.c\u{43e}m", None),
        ("smtp:l\u{435}ila@contoso.com", None),
        ("smtp:Ελένη@contoso.com", None),
        ("smtp :john@contoso.com", Some("smtp:john@contoso.com")),
        ("smtp:a(work)@contoso.com", Some("smtp:a@contoso.com")),
        ("smtp:søren@contoso.com", Some("smtp:soren@contoso.com")),
    ]);
    // mail and the UPN follow the same rule.
    let mut object = user("jdoe@bücher.de");
    object.mail = Some("jdoe@bücher.de");
    for finding in check_object(&object, &tenant())
        .iter()
        .filter(|f| f.rule == Rule::Character)
    {
        assert_eq!(finding.suggestion, None, "{finding:?}");
    }
}

// RFC 1035: a domain name is at most 253 characters as text. One past it is reported for its
// length, not as a top-level domain the public-suffix list lacks.
#[test]
fn a_domain_one_past_its_limit_is_reported_for_its_length() {
    let labels: Vec<String> = (0..4).map(|_| "a".repeat(62)).collect();
    let domain = format!("{}.co", labels.join("."));
    assert_eq!(domain.len(), 254);
    let problems = crate::address::check_domain(&domain);
    assert!(
        matches!(&problems[..], [AddressProblem::DomainPart(why)] if why.contains("at most 253")),
        "{problems:?}"
    );
}

// Issue 24 (first review): a user with no UPN in a .local domain: Entra Connect sends
// sAMAccountName@contoso.local (plan-connect-userprincipalname), which the tenant does not
// accept, so its cloud UPN becomes the MOERA: a finding, as for that UPN.
#[test]
fn upn_population_a_user_without_upn_in_a_local_domain_is_a_finding() {
    let mut object = user("");
    object.user_principal_name = None;
    object.distinguished_name = Some("CN=Nina,OU=Staff,DC=contoso,DC=local");
    let findings = check_object(&object, &tenant());
    let upn = findings
        .iter()
        .find(|finding| finding.attribute == Attribute::UserPrincipalName)
        .expect("a finding");
    assert_eq!(upn.rule, Rule::UnverifiedDomain);
    assert!(
        upn.message.contains("sends 'jdoe@contoso.local'"),
        "{}",
        upn.message
    );
    // In a verified domain: nothing to say.
    object.distinguished_name = Some("CN=Nina,OU=Staff,DC=contoso,DC=com");
    assert!(
        check_object(&object, &tenant())
            .iter()
            .all(|finding| finding.attribute != Attribute::UserPrincipalName)
    );
}

// Issue 24. Default configuration: its scoping rules cover users, iNetOrgPersons, groups,
// contacts and computers; a dynamic distribution group is skipped for what it is, said to be
// undocumented, not for lacking a sAMAccountName.
#[test]
fn default_configuration_a_dynamic_distribution_group_is_skipped_for_what_it_is() {
    let dynamic = DirectoryObject {
        object_class: Some("msExchDynamicDistributionList"),
        mail: Some("all-staff@contoso.com"),
        ..DirectoryObject::default()
    };
    let why = out_of_scope_reason(&dynamic).expect("skipped");
    assert!(why.contains("dynamic distribution group"), "{why}");
    assert!(why.contains("undocumented"), "{why}");
    assert!(!why.contains("sAMAccountName"), "{why}");
}
