//! The attribute rules an object must pass before synchronization (docs/model.md, *Attribute rules*), and the
//! objects Entra Connect leaves out by default (§2). Simple limits live in one table,
//! [`TEXT_RULES`]; userPrincipalName, mail and proxyAddresses get structured checks built from
//! the same pieces. Duplicates across objects are found by `readiness`, not here.

use crate::text::Trimmed;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::address::{self, AddressProblem, AddressType, ProxyAddress};
use crate::model::{Attribute, DirectoryObject, ObjectType, Tenant};
use crate::text::{self, AsciiSet};

listed_enum! {
    /// Which rule a finding breaks.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
    pub enum Rule {
        Blank,
        Length,
        Character,
        Format,
        TopLevelDomain,
        DomainPart,
        LocalPart,
        UnverifiedDomain,
        Duplicate,
        OutOfScope,
    }
}

listed_enum! {
    /// `Error`: synchronization will fail, or the value will be dropped or replaced. `Warning`: it
    /// synchronizes, but not as the admin expects.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
    pub enum Severity {
        Error,
        Warning,
    }
}

/// One problem with one attribute value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub attribute: Attribute,
    pub value: String,
    pub rule: Rule,
    pub severity: Severity,
    pub message: String,
    pub suggestion: Option<String>,
    /// For duplicates: other objects and attributes holding the value, at most
    /// `readiness::NAMED_CONFLICTS` of them (the group lists them all).
    pub conflicts_with: Vec<String>,
    /// For duplicates: the group of every holder of the value, by its index in the groups the
    /// duplicate pass returns.
    pub group: Option<u32>,
}

impl Finding {
    fn new(attribute: Attribute, value: &str, rule: Rule, message: String) -> Self {
        Finding {
            attribute,
            value: value.to_owned(),
            rule,
            severity: Severity::Error,
            message,
            suggestion: None,
            conflicts_with: Vec::new(),
            group: None,
        }
    }

    fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    fn suggest(mut self, suggestion: Option<String>) -> Self {
        self.suggestion = suggestion.filter(|s| !s.is_empty());
        self
    }
}

/// A value that is a type name (`System.String[]`,
/// `Microsoft.ActiveDirectory.Management.ADPropertyValueCollection`): Windows PowerShell's
/// Export-Csv wrote the type of a multi-valued property instead of its values, so the object
/// cannot be checked at all; the message says how to export it. `None` when there is none.
pub fn type_name_problem(object: &DirectoryObject<'_>) -> Option<String> {
    let texts = [
        (Attribute::UserPrincipalName, object.user_principal_name),
        (Attribute::Mail, object.mail),
        (Attribute::MailNickname, object.mail_nickname),
        (Attribute::SamAccountName, object.sam_account_name),
        (Attribute::DisplayName, object.display_name),
        (Attribute::GivenName, object.given_name),
        (Attribute::Surname, object.surname),
        (Attribute::TargetAddress, object.target_address),
    ];
    let proxies = object
        .proxy_addresses
        .iter()
        .map(|proxy| (Attribute::ProxyAddresses, Some(proxy.value)));
    let (attribute, value) = texts
        .into_iter()
        .chain(proxies)
        .filter_map(|(attribute, value)| Some((attribute, value?.trimmed())))
        .find(|(_, value)| crate::anchor::is_type_name(value))?;
    Some(format!(
        "{} holds '{}', a type name, not a value: Windows PowerShell's Export-Csv writes the type of a multi-valued property. Export it joined, for example Select-Object @{{n='proxyAddresses';e={{$_.proxyAddresses -join ';'}}}} before Export-Csv -NoTypeInformation",
        attribute.name(),
        shown(value)
    ))
}

/// Why Entra Connect leaves an object out by default, or `None` when it synchronizes it.
pub fn out_of_scope_reason(object: &DirectoryObject<'_>) -> Option<String> {
    let sam = object.sam_account_name.map(Trimmed::trimmed).unwrap_or("");
    let nickname = object.mail_nickname.map(Trimmed::trimmed).unwrap_or("");
    let starts = text::starts_with_ignore_ascii_case;
    // CAS_…} is a Client Access Server system mailbox; a plain CAS_jones is an ordinary user.
    let cas = |name: &str| starts(name, "CAS_") && name.contains('}');
    let recipient_type = recipient_type_details(object);
    if object.is_critical_system_object {
        Some("it is a critical system object (isCriticalSystemObject is present)".into())
    } else if object
        .distinguished_name
        .is_some_and(|dn| dn.contains("\\0ACNF:"))
    {
        Some("it is a replication-conflict object (its DN contains \\0ACNF:)".into())
    } else if sam.is_empty() && object.is_user_or_group() {
        Some("it has no sAMAccountName".into())
    } else if starts(sam, "AAD_") || starts(sam, "MSOL_") {
        Some(format!(
            "its sAMAccountName '{sam}' marks an Entra Connect service account"
        ))
    } else if sam.eq_ignore_ascii_case("SUPPORT_388945a0") {
        Some(format!("'{sam}' is a built-in account"))
    } else if starts(nickname, "SystemMailbox{") || cas(nickname) || cas(sam) {
        Some(format!(
            "its name '{}' marks an Exchange system mailbox",
            if nickname.is_empty() { sam } else { nickname }
        ))
    } else if let Some(value) = recipient_type.filter(|value| value & EXCLUDED_RECIPIENT_TYPES != 0)
    {
        Some(format!(
            "its msExchRecipientTypeDetails {value} marks a public folder, system or arbitration mailbox, mailbox plan or discovery mailbox"
        ))
    } else if object.object_type() == ObjectType::Group
        && recipient_type.is_some_and(|value| value & ROLE_GROUP != 0)
    {
        Some("it is an Exchange role group (msExchRecipientTypeDetails bit 0x40000000)".into())
    } else if object.object_type() == ObjectType::Contact && !is_mail_enabled_contact(object) {
        Some(
            "it is a contact that is not mail-enabled (the default rules need proxyAddresses with an SMTP: value, or a mail with @)"
                .into(),
        )
    } else if object
        .object_class
        .is_some_and(|class| class.trimmed().eq_ignore_ascii_case("computer"))
    {
        Some(
            "it is a computer account: Entra Connect synchronizes it as a device, never as a user"
                .into(),
        )
    } else if recipient_type == Some(LINKED_MAILBOX) {
        Some(
            "it is a linked mailbox (msExchRecipientTypeDetails 2): the default rules give it no source anchor, so it is not provisioned on its own"
                .into(),
        )
    } else {
        None
    }
}

/// msExchRecipientTypeDetails bits the default rules leave out (Microsoft Learn, *Entra Connect
/// sync: default configuration*): mail-enabled public folders, system attendant and system
/// mailboxes, mailbox plans, discovery search mailboxes.
const EXCLUDED_RECIPIENT_TYPES: u64 = 0x21C0_7000;

/// msExchRecipientTypeDetails bit of an Exchange role group: groups with it are left out.
const ROLE_GROUP: u64 = 0x4000_0000;

/// A contact synchronizes only mail-enabled: proxyAddresses present, and an `SMTP:` value or a
/// mail holding `@` (*Entra Connect sync: default configuration*, contacts).
fn is_mail_enabled_contact(object: &DirectoryObject<'_>) -> bool {
    !object.proxy_addresses.is_empty()
        && (object
            .proxy_addresses
            .iter()
            .any(|proxy| proxy.kind == AddressType::Smtp)
            || object.mail.is_some_and(|mail| mail.contains('@')))
}

/// msExchRecipientTypeDetails bits of a remote mailbox (user, room, equipment, shared): the
/// mailbox lives in Exchange Online and Exchange on-premises manages it.
const REMOTE_MAILBOXES: u64 = 0x8000_0000 | 0x2_0000_0000 | 0x4_0000_0000 | 0x8_0000_0000;

/// Whether the object is a remote mailbox (Enable-RemoteMailbox was run for it).
pub fn is_remote_mailbox(object: &DirectoryObject<'_>) -> bool {
    recipient_type_details(object).is_some_and(|value| value & REMOTE_MAILBOXES != 0)
}

/// msExchRecipientTypeDetails of a linked mailbox: the default rule sets its source anchor to NULL.
const LINKED_MAILBOX: u64 = 2;

/// msExchRecipientTypeDetails as a number, from the number or its text (decimal, or 0x-hex).
fn recipient_type_details(object: &DirectoryObject<'_>) -> Option<u64> {
    let text = object.recipient_type_details?.trimmed();
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

/// The simple per-attribute limits (docs/model.md, *Attribute rules*), one row an attribute.
struct TextRule {
    attribute: Attribute,
    max_length: usize,
    /// Characters the attribute may not hold.
    forbidden: AsciiSet,
    forbid_spaces: bool,
    /// Control characters are forbidden (attributes that name or address the object).
    forbid_control: bool,
    /// A present value may not be blank.
    not_blank: bool,
}

const TEXT_RULES: &[TextRule] = &[
    TextRule {
        // 256 for any object; users are held to 20 in check_object (IdFix's rule).
        attribute: Attribute::SamAccountName,
        max_length: 256,
        forbidden: AsciiSet::of("[]\\\"|,/:<>+=;?*'"),
        forbid_spaces: false,
        forbid_control: true,
        not_blank: false,
    },
    TextRule {
        attribute: Attribute::MailNickname,
        max_length: 64,
        forbidden: AsciiSet::EMPTY,
        forbid_spaces: false,
        forbid_control: true,
        not_blank: false,
    },
    TextRule {
        attribute: Attribute::DisplayName,
        max_length: 256,
        forbidden: AsciiSet::EMPTY,
        forbid_spaces: false,
        forbid_control: false,
        not_blank: true,
    },
    TextRule {
        attribute: Attribute::Surname,
        max_length: 64,
        forbidden: AsciiSet::EMPTY,
        forbid_spaces: false,
        forbid_control: false,
        not_blank: false,
    },
    TextRule {
        attribute: Attribute::GivenName,
        max_length: 64,
        forbidden: AsciiSet::EMPTY,
        forbid_spaces: false,
        forbid_control: false,
        not_blank: false,
    },
];

impl TextRule {
    /// The ASCII characters `is_bad` in [`check_text`] faults, for the byte scan that clears
    /// most values at once.
    const fn bad_ascii(&self) -> AsciiSet {
        let mut set = self.forbidden;
        if self.forbid_spaces {
            set = set.union(AsciiSet::WHITESPACE);
        }
        if self.forbid_control {
            set = set.union(AsciiSet::CONTROL);
        }
        set
    }
}

/// sAMAccountName of a user: at most this long (other objects: 256, in TEXT_RULES).
const SAM_MAX_USER: usize = 20;

/// mail: at most this long.
const MAIL_MAX_LENGTH: usize = 256;

fn is_group(object: &DirectoryObject<'_>) -> bool {
    object
        .object_class
        .is_some_and(|class| class.eq_ignore_ascii_case("group"))
}

/// mailNickname may not begin or end with a dot, nor hold two dots in a row or spaces (Exchange
/// alias rules; Entra rewrites such a value, so it is replaced: an Error).
fn check_mail_nickname(nickname: &str, findings: &mut Vec<Finding>) {
    // Exchange aliases hold letters, digits, !#$%&'*+-/=?^_`{|}~ and dots, and U+00A1–U+00FF
    // (mapped to ASCII in addresses): Entra replaces anything else, so the value is not kept.
    let bad: Vec<char> = if ALIAS_CHARS.union(AsciiSet::of(" ")).holds_all(nickname) {
        Vec::new()
    } else {
        nickname
            .chars()
            .filter(|&c| c != ' ' && !is_alias_char(c))
            .collect()
    };
    if !bad.is_empty() {
        let mut finding =
            character_finding(Attribute::MailNickname, nickname, &bad, Some(ALIAS_SYMBOLS));
        finding.suggestion =
            Some(tidy_alias(&without_characters(nickname, &bad))).filter(|fixed| !fixed.is_empty());
        findings.push(finding);
    }
    let problem = if nickname.starts_with('.') {
        Some("starts with a dot")
    } else if nickname.ends_with('.') {
        Some("ends with a dot")
    } else if text::has_double_dot(nickname) {
        Some("holds two dots in a row")
    } else if nickname.contains(' ') {
        Some("holds a space")
    } else {
        None
    };
    if let Some(problem) = problem {
        let fixed = tidy_alias(&without_characters(nickname, &bad));
        findings.push(
            Finding::new(
                Attribute::MailNickname,
                nickname,
                Rule::Format,
                format!(
                    "mailNickname '{}' {problem}, which Exchange Online does not allow; Entra ID rewrites it.",
                    shown(nickname)
                ),
            )
            .suggest(Some(fixed)),
        );
    }
}

/// The symbols an Exchange alias may hold besides letters, digits and dots.
const ALIAS_SYMBOLS: &str = "!#$%&'*+-/=?^_`{|}~.";

/// The ASCII characters an alias may hold.
const ALIAS_CHARS: AsciiSet = AsciiSet::ALPHANUMERIC.union(AsciiSet::of(ALIAS_SYMBOLS));

fn is_alias_char(c: char) -> bool {
    ALIAS_CHARS.has(c) || ('\u{A1}'..='\u{FF}').contains(&c)
}

/// An alias without spaces, without two dots in a row, not starting or ending with a dot.
fn tidy_alias(value: &str) -> String {
    let mut fixed: String = value.chars().filter(|c| *c != ' ').collect();
    while fixed.contains("..") {
        fixed = fixed.replace("..", ".");
    }
    fixed.trim_matches('.').to_owned()
}

/// userPrincipalName limits.
const UPN_MAX_LENGTH: usize = 113;
const UPN_MAX_LOCAL: usize = 64;
const UPN_MAX_DOMAIN: usize = 48;
/// Characters a UPN may hold besides ASCII letters, digits and one `@`.
const UPN_SYMBOLS: &str = "'.-_!#^~";

/// Every character a UPN may hold.
const UPN_CHARS: AsciiSet = AsciiSet::ALPHANUMERIC
    .union(AsciiSet::of(UPN_SYMBOLS))
    .union(AsciiSet::of("@"));

fn is_upn_char(c: char) -> bool {
    UPN_CHARS.has(c)
}
/// Whether Entra ID takes `upn` as a UPN as it is: allowed characters only, one `@` with a name
/// before it, the lengths, and a local part that neither starts nor ends with a dot nor holds two
/// in a row (docs/model.md, *UPN computation*). Entra ID replaces any other value with the MOERA.
/// The suffix's domain is the tenant's question, not this one.
pub fn is_valid_upn_syntax(upn: &str) -> bool {
    let Some((local, domain)) = upn.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.is_empty()
        && !domain.contains('@')
        && UPN_CHARS.holds_all(upn)
        && char_count(upn) <= UPN_MAX_LENGTH
        && char_count(local) <= UPN_MAX_LOCAL
        && char_count(domain) <= UPN_MAX_DOMAIN
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !text::has_double_dot(local)
}

/// proxyAddresses: at most this long per value; after the prefix `< > ( ) ; , [ ] "` and a
/// second `:` are forbidden (see check_proxy_value).
const PROXY_MAX_LENGTH: usize = 256;

/// Every finding for one object's own values (not duplicates across objects).
pub fn check_object(object: &DirectoryObject<'_>, tenant: &Tenant) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in TEXT_RULES {
        if let Some(value) = text_value(object, rule.attribute) {
            check_text(rule, value, &mut findings);
        }
    }
    if let Some(sam) = object
        .sam_account_name
        .filter(|_| object.is_user_or_group() && !is_group(object))
        && char_count(sam) > SAM_MAX_USER
    {
        findings.push(Finding::new(
            Attribute::SamAccountName,
            sam,
            Rule::Length,
            format!(
                "sAMAccountName '{}' is {} characters long; a user's may hold at most {SAM_MAX_USER}.",
                shown(sam),
                char_count(sam)
            ),
        ));
    }
    if let Some(nickname) = object.mail_nickname {
        check_mail_nickname(nickname, &mut findings);
    }
    let before_upn = findings.len();
    if let Some(upn) = object.user_principal_name.filter(|upn| !upn.is_empty()) {
        check_upn(upn, object, tenant, &mut findings);
    }
    let upn_is_valid = object
        .user_principal_name
        .is_some_and(|upn| !upn.trimmed().is_empty())
        && findings.len() == before_upn;
    if upn_is_valid {
        // A bad sAMAccountName does not stop a user with a valid UPN from being created
        // (docs/model.md, *Attribute rules*): it synchronizes, so a Warning.
        for finding in findings
            .iter_mut()
            .filter(|f| f.attribute == Attribute::SamAccountName)
        {
            finding.severity = Severity::Warning;
        }
    }
    if let Some(mail) = object.mail.filter(|mail| !mail.trimmed().is_empty()) {
        let length = char_count(mail);
        if length > MAIL_MAX_LENGTH {
            findings.push(Finding::new(
                Attribute::Mail,
                mail,
                Rule::Length,
                format!(
                    "mail '{}' is {length} characters long; at most {MAIL_MAX_LENGTH} are allowed.",
                    shown(mail)
                ),
            ));
        }
        check_address(Attribute::Mail, mail, mail, true, &mut findings);
    }
    // A contact's addresses are external by nature: only mailboxes and groups lose addresses on
    // domains the tenant has not verified.
    let owns_addresses = object.object_type() != ObjectType::Contact;
    check_proxy_addresses(
        &object.proxy_addresses,
        tenant,
        owns_addresses,
        &mut findings,
    );
    if let Some(target) = object
        .target_address
        .filter(|target| !target.trimmed().is_empty())
    {
        // targetAddress holds one proxy value (SMTP:user@contoso.mail.onmicrosoft.com): the same
        // rules as a proxyAddresses value (IdFix checks it so too).
        check_proxy(
            Attribute::TargetAddress,
            &ProxyAddress::parse(target),
            &mut findings,
        );
    }
    keep_safe_suggestions(&mut findings, |attribute, value| {
        value_findings(attribute, value, object, tenant)
    });
    findings
}

/// Drops every suggestion the rules would themselves fault: a suggestion is only ever a value
/// that passes (re-checked with the attribute's own rules; Errors count).
fn keep_safe_suggestions(
    findings: &mut [Finding],
    recheck: impl Fn(Attribute, &str) -> Vec<Finding>,
) {
    for finding in findings.iter_mut() {
        if let Some(suggestion) = &finding.suggestion
            && recheck(finding.attribute, suggestion)
                .iter()
                .any(|found| found.severity == Severity::Error)
        {
            finding.suggestion = None;
        }
    }
}

/// The findings for one value of one attribute on its own: what a suggestion is re-checked with.
fn value_findings(
    attribute: Attribute,
    value: &str,
    object: &DirectoryObject<'_>,
    tenant: &Tenant,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    match attribute {
        Attribute::ProxyAddresses | Attribute::TargetAddress => {
            check_proxy(attribute, &ProxyAddress::parse(value), &mut findings);
        }
        Attribute::UserPrincipalName => check_upn(value, object, tenant, &mut findings),
        Attribute::Mail => check_address(Attribute::Mail, value, value, true, &mut findings),
        Attribute::MailNickname => check_mail_nickname(value, &mut findings),
        Attribute::Object => {}
        _ => {}
    }
    if let Some(rule) = TEXT_RULES.iter().find(|rule| rule.attribute == attribute) {
        check_text(rule, value, &mut findings);
    }
    findings
}

fn text_value<'a>(object: &DirectoryObject<'a>, attribute: Attribute) -> Option<&'a str> {
    match attribute {
        Attribute::SamAccountName => object.sam_account_name,
        Attribute::MailNickname => object.mail_nickname,
        Attribute::DisplayName => object.display_name,
        Attribute::GivenName => object.given_name,
        Attribute::Surname => object.surname,
        Attribute::TargetAddress => object.target_address,
        Attribute::UserPrincipalName => object.user_principal_name,
        Attribute::Mail => object.mail,
        Attribute::ProxyAddresses | Attribute::Object => None,
    }
}

fn check_text(rule: &TextRule, value: &str, findings: &mut Vec<Finding>) {
    let name = rule.attribute.name();
    if rule.not_blank && value.trimmed().is_empty() {
        findings.push(Finding::new(
            rule.attribute,
            value,
            Rule::Blank,
            format!("{name} is present but blank; give it a value or clear it."),
        ));
        return;
    }
    let length = char_count(value);
    if length > rule.max_length {
        findings.push(Finding::new(
            rule.attribute,
            value,
            Rule::Length,
            format!(
                "{name} '{}' is {length} characters long; at most {} are allowed.",
                shown(value),
                rule.max_length
            ),
        ));
    }
    let is_bad = |c: char| {
        rule.forbidden.has(c)
            || (rule.forbid_spaces && c.is_whitespace())
            || (rule.forbid_control && text::is_control(c))
    };
    if !rule.bad_ascii().clear_of(value) && value.chars().any(is_bad) {
        let bad: Vec<char> = value.chars().filter(|&c| is_bad(c)).collect();
        findings.push(character_finding(rule.attribute, value, &bad, None));
    }
}

fn check_upn(
    upn: &str,
    object: &DirectoryObject<'_>,
    tenant: &Tenant,
    findings: &mut Vec<Finding>,
) {
    let attribute = Attribute::UserPrincipalName;
    let length = char_count(upn);
    if length > UPN_MAX_LENGTH {
        findings.push(Finding::new(
            attribute,
            upn,
            Rule::Length,
            format!("userPrincipalName '{}' is {length} characters long; at most {UPN_MAX_LENGTH} are allowed.", shown(upn)),
        ));
    }
    if !UPN_CHARS.holds_all(upn) {
        let bad: Vec<char> = upn.chars().filter(|&c| !is_upn_char(c)).collect();
        findings.push(character_finding(attribute, upn, &bad, Some(UPN_SYMBOLS)));
    }
    let (local, domain) = match upn.split_once('@') {
        Some(("", _)) => {
            findings.push(Finding::new(
                attribute,
                upn,
                Rule::Format,
                format!("userPrincipalName '{upn}' starts with @; it needs a name before the @."),
            ));
            return;
        }
        Some((_, domain)) if domain.contains('@') => {
            findings.push(Finding::new(
                attribute,
                upn,
                Rule::Format,
                format!("userPrincipalName '{upn}' has more than one @."),
            ));
            return;
        }
        Some(parts) => parts,
        None => {
            findings.push(Finding::new(
                attribute,
                upn,
                Rule::Format,
                format!("userPrincipalName '{upn}' has no @; it must look like name@domain."),
            ));
            return;
        }
    };
    if char_count(local) > UPN_MAX_LOCAL {
        findings.push(Finding::new(attribute, upn, Rule::LocalPart, format!(
            "userPrincipalName '{upn}' has {} characters before the @; at most {UPN_MAX_LOCAL} are allowed.", char_count(local))));
    }
    if local.starts_with('.') || text::has_double_dot(local) {
        let mut fixed = local.trim_start_matches('.').to_owned();
        while fixed.contains("..") {
            fixed = fixed.replace("..", ".");
        }
        findings.push(
            Finding::new(attribute, upn, Rule::LocalPart, format!(
                "userPrincipalName '{upn}' starts its name part with a dot or holds two dots in a row, which Entra ID does not allow."))
            .suggest((!fixed.is_empty()).then(|| format!("{fixed}@{domain}"))),
        );
    }
    if let Some(last) = local
        .chars()
        .last()
        .filter(|c| matches!(c, '.' | '&' | ' ' | '@'))
    {
        let trimmed = local.trim_end_matches(['.', '&', ' ', '@']);
        findings.push(
            Finding::new(attribute, upn, Rule::LocalPart, format!(
                "userPrincipalName '{upn}' ends its name part with '{last}', which Entra ID does not allow."))
            .suggest((!trimmed.is_empty()).then(|| format!("{trimmed}@{domain}"))),
        );
    }
    if char_count(domain) > UPN_MAX_DOMAIN {
        findings.push(Finding::new(attribute, upn, Rule::DomainPart, format!(
            "userPrincipalName '{upn}' has {} characters after the @; at most {UPN_MAX_DOMAIN} are allowed.", char_count(domain))));
    }
    let domain_problems = address::check_domain(domain);
    let syntax_ok = !domain_problems
        .iter()
        .any(|problem| matches!(problem, AddressProblem::DomainPart(_)));
    for problem in &domain_problems {
        if let AddressProblem::DomainPart(reason) = problem {
            findings.push(Finding::new(
                attribute,
                upn,
                Rule::DomainPart,
                format!("userPrincipalName '{upn}': {reason}."),
            ));
        }
    }
    if syntax_ok && !tenant.accepts_upn_suffix(domain) {
        let suggestion = suggested_upn(local, object, tenant);
        let (rule, why) = if tenant.verified_domains().is_empty() {
            (
                Rule::TopLevelDomain,
                format!(
                    "'{domain}' is not a routable domain (its top-level domain is not on the public-suffix list)"
                ),
            )
        } else {
            (
                Rule::UnverifiedDomain,
                format!("'{domain}' is not a verified domain of the tenant"),
            )
        };
        let landing = match tenant.initial_domain() {
            Some(initial) => format!("the cloud UPN becomes <mailNickname>@{initial}"),
            None => "the cloud UPN becomes <mailNickname>@<the tenant's onmicrosoft.com domain>"
                .to_owned(),
        };
        findings.push(
            Finding::new(attribute, upn, rule, format!("userPrincipalName '{upn}': {why}, so {landing} and the user cannot sign in with this name."))
                .suggest(suggestion),
        );
    }
}

/// For a UPN whose suffix will not reach the cloud: the same name at the domain of the primary
/// SMTP address, when that domain would be accepted.
fn suggested_upn(local: &str, object: &DirectoryObject<'_>, tenant: &Tenant) -> Option<String> {
    let primary = object.primary_smtp()?;
    let (_, domain) = primary.trimmed().rsplit_once('@')?;
    tenant
        .accepts_upn_suffix(domain)
        .then(|| format!("{}@{}", local.trimmed(), domain.to_ascii_lowercase()))
}

/// An SMTP address in `mail` or an SMTP proxy. `value` is the attribute value as written (with
/// its prefix, for proxies); characters are left to the caller when it has its own rule for them.
fn check_address(
    attribute: Attribute,
    value: &str,
    address: &str,
    report_characters: bool,
    findings: &mut Vec<Finding>,
) {
    let name = attribute.name();
    for problem in address::check_smtp_address(address.trimmed()) {
        let finding = match problem {
            AddressProblem::Character { .. } if !report_characters => continue,
            AddressProblem::Character { bad } => character_finding(attribute, value, &bad, None),
            AddressProblem::Format(reason) => Finding::new(
                attribute,
                value,
                Rule::Format,
                format!(
                    "{name} '{}' is not an e-mail address: {reason}.",
                    shown(value)
                ),
            ),
            AddressProblem::LocalPart(reason) => Finding::new(
                attribute,
                value,
                Rule::LocalPart,
                format!("{name} '{}': {reason}.", shown(value)),
            ),
            AddressProblem::DomainPart(reason) => Finding::new(
                attribute,
                value,
                Rule::DomainPart,
                format!("{name} '{}': {reason}.", shown(value)),
            ),
            AddressProblem::TopLevelDomain { domain } => Finding::new(
                attribute,
                value,
                Rule::TopLevelDomain,
                format!(
                    "{name} '{}': '{domain}' is not a routable domain (its top-level domain is not on the public-suffix list); Exchange Online will not accept the address.",
                    shown(value)
                ),
            ),
        };
        findings.push(finding);
    }
}

fn check_proxy_addresses(
    proxies: &[ProxyAddress<'_>],
    tenant: &Tenant,
    owns_addresses: bool,
    findings: &mut Vec<Finding>,
) {
    let attribute = Attribute::ProxyAddresses;
    let mut seen: Vec<(AddressType, std::borrow::Cow<'_, str>)> = Vec::with_capacity(proxies.len());
    let mut primaries = 0usize;
    let mut smtp_values = 0usize;
    for proxy in proxies {
        let value = proxy.value;
        let before = findings.len();
        check_proxy(attribute, proxy, findings);
        if proxy.kind == AddressType::Smtp {
            smtp_values += 1;
            primaries += usize::from(proxy.is_primary);
            if findings.len() == before && owns_addresses {
                check_proxy_domain_verified(proxy, tenant, findings);
            }
        }
        let key = (proxy.kind, proxy.key());
        if seen.contains(&key) {
            findings.push(Finding::new(attribute, value, Rule::Duplicate, format!(
                "proxyAddresses value '{value}' appears twice on this object (compared without case); remove one.")));
        } else {
            seen.push(key);
        }
    }
    let joined = || {
        proxies
            .iter()
            .map(|proxy| proxy.value)
            .collect::<Vec<_>>()
            .join(";")
    };
    if primaries > 1 {
        findings.push(Finding::new(attribute, &joined(), Rule::Format, format!(
            "proxyAddresses has {primaries} primary SMTP addresses (upper-case SMTP:); exactly one is allowed.")));
    } else if primaries == 0 && smtp_values > 0 {
        findings.push(
            Finding::new(attribute, &joined(), Rule::Format,
                "proxyAddresses has SMTP addresses but no primary (upper-case SMTP:); Entra ID will choose one, which may not be the one you expect.".to_owned())
            .warning(),
        );
    }
}

/// An SMTP proxy on a domain the tenant has not verified is removed in the cloud once the user has
/// an Exchange Online license (Microsoft support, proxyAddresses population; docs/model.md, *Attribute rules*): it
/// synchronizes, not as expected, so a Warning, and only when the verified list is known.
fn check_proxy_domain_verified(
    proxy: &ProxyAddress<'_>,
    tenant: &Tenant,
    findings: &mut Vec<Finding>,
) {
    if tenant.verified_domains().is_empty() {
        return;
    }
    let Some((_, domain)) = proxy.address.trimmed().rsplit_once('@') else {
        return;
    };
    if !tenant.is_verified(domain) {
        findings.push(
            Finding::new(
                Attribute::ProxyAddresses,
                proxy.value,
                Rule::UnverifiedDomain,
                format!(
                    "proxyAddresses value '{}': '{}' is not a verified domain of the tenant, so Exchange Online removes the address once the mailbox is licensed.",
                    shown(proxy.value),
                    shown(domain)
                ),
            )
            .warning(),
        );
    }
}

/// The rules for one proxyAddresses value on its own (a plain address is checked as SMTP).
pub fn check_proxy_value(value: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    check_proxy(
        Attribute::ProxyAddresses,
        &ProxyAddress::parse(value),
        &mut findings,
    );
    keep_safe_suggestions(&mut findings, |attribute, suggestion| {
        let mut again = Vec::new();
        check_proxy(attribute, &ProxyAddress::parse(suggestion), &mut again);
        again
    });
    findings
}

fn check_proxy(attribute: Attribute, proxy: &ProxyAddress<'_>, findings: &mut Vec<Finding>) {
    let value = proxy.value;
    let length = char_count(value);
    if length > PROXY_MAX_LENGTH {
        findings.push(Finding::new(attribute, value, Rule::Length, format!(
            "{} value '{}' is {length} characters long; at most {PROXY_MAX_LENGTH} are allowed.", attribute.name(), shown(value))));
    }
    if proxy.address.trimmed().is_empty() {
        findings.push(Finding::new(
            attribute,
            value,
            Rule::Blank,
            format!(
                "{} value '{value}' has nothing after its prefix.",
                attribute.name()
            ),
        ));
        return;
    }
    if proxy.kind.has_own_character_set() {
        // Their own character set allows spaces, parentheses and ';' (docs/model.md, *Attribute rules*), never a
        // control character (a tab included), nor '[', ']' or '"'.
        let bad: Vec<char> = if OWN_SET_FORBIDDEN.clear_of(value) {
            Vec::new()
        } else {
            value
                .chars()
                .filter(|&c| text::is_control(c) || OWN_SET_FORBIDDEN.has(c))
                .collect()
        };
        if !bad.is_empty() {
            findings.push(proxy_character_finding(attribute, proxy, &bad));
        }
    } else {
        let is_bad_anywhere = |c: char| c.is_whitespace() || text::is_control(c) || !c.is_ascii();
        // Exchange writes EUM values with ';' (EUM:1234;phone-context=…): legal there.
        let eum = proxy.kind == AddressType::Eum;
        let in_address = if eum {
            NOT_IN_ADDRESS
        } else {
            NOT_IN_ADDRESS.union(AsciiSet::of(";"))
        };
        let is_bad_in_address = |c: char| in_address.has(c);
        // An ASCII value without white space or control characters needs only its address
        // scanned; any other value gets the full scan.
        let clear = AsciiSet::WHITESPACE
            .union(AsciiSet::CONTROL)
            .clear_of(value)
            && !in_address.holds_any(proxy.address);
        if !clear
            && (value.chars().any(is_bad_anywhere) || proxy.address.chars().any(is_bad_in_address))
        {
            let bad: Vec<char> = value
                .chars()
                .filter(|&c| is_bad_anywhere(c))
                .chain(proxy.address.chars().filter(|&c| is_bad_in_address(c)))
                .collect();
            findings.push(proxy_character_finding(attribute, proxy, &bad));
        }
    }
    if proxy.kind == AddressType::Smtp {
        // Characters were checked above, against the proxyAddresses rules.
        check_address(attribute, value, proxy.address, false, findings);
    }
}

/// What an X.400 or X.500 value may not hold besides control characters.
const OWN_SET_FORBIDDEN: AsciiSet = AsciiSet::of("[]\"").union(AsciiSet::CONTROL);

/// What the address part of any other proxy value may not hold (`;` too, except in EUM).
const NOT_IN_ADDRESS: AsciiSet = AsciiSet::of("<>(),[]\":\\");

/// A character finding on a proxy value: the suggestion keeps the type prefix and its case
/// (the primary marker) and fixes only the address; an EUM value has no safe fix.
fn proxy_character_finding(
    attribute: Attribute,
    proxy: &ProxyAddress<'_>,
    bad: &[char],
) -> Finding {
    let mut finding = character_finding(attribute, proxy.value, bad, None);
    finding.suggestion = if proxy.kind == AddressType::Eum {
        None
    } else {
        let address = without_characters(proxy.address, bad);
        (!address.is_empty()).then(|| {
            if proxy.prefix.is_empty() {
                address
            } else {
                format!("{}:{address}", proxy.prefix)
            }
        })
    };
    finding
}

fn character_finding(
    attribute: Attribute,
    value: &str,
    bad: &[char],
    allowed: Option<&str>,
) -> Finding {
    let mut unique: Vec<char> = Vec::new();
    for &c in bad {
        if !unique.contains(&c) {
            unique.push(c);
        }
    }
    let described: Vec<String> = unique
        .iter()
        .map(|&c| match c {
            ' ' => "a space".to_owned(),
            c if text::is_control(c) => format!("the control character U+{:04X}", c as u32),
            c if c.is_whitespace() => "white space".to_owned(),
            c if !c.is_ascii() && c.is_alphabetic() => {
                format!("'{c}' (a letter with a diacritic or outside ASCII)")
            }
            c if !c.is_ascii() => format!("'{c}' (outside ASCII)"),
            c => format!("'{c}'"),
        })
        .collect();
    let also = allowed
        .map(|symbols| {
            format!(
                " Besides letters and digits it may hold only {}.",
                symbols
                    .chars()
                    .map(|c| format!("{c}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        })
        .unwrap_or_default();
    Finding::new(
        attribute,
        value,
        Rule::Character,
        format!(
            "{} '{}' contains {}, which it may not contain.{also}",
            attribute.name(),
            shown(value),
            described.join(", ")
        ),
    )
    .suggest(Some(without_characters(value, &unique)))
}

/// The value with the given characters removed and letters brought to ASCII: diacritics
/// stripped (é → e) and the letters that have no decomposition transliterated (ø → o, ß → ss,
/// æ → ae, ł → l), so `søren` becomes `soren`, never `sren`.
fn without_characters(value: &str, bad: &[char]) -> String {
    value
        .chars()
        .filter(|c| !bad.contains(c) || (!c.is_ascii() && c.is_alphabetic()))
        .flat_map(|c| {
            let mapped = transliterated(c);
            let (one, two) = match mapped {
                Some(text) => (text.chars().next(), text.chars().nth(1)),
                None => (Some(c), None),
            };
            one.into_iter().chain(two)
        })
        .collect::<String>()
        .nfd()
        .filter(|c| c.is_ascii() && !is_combining_mark(*c))
        .collect::<String>()
        .trimmed()
        .to_owned()
}

/// Latin letters Unicode does not decompose to ASCII, as they are commonly written in ASCII.
fn transliterated(c: char) -> Option<&'static str> {
    Some(match c {
        'ø' => "o",
        'Ø' => "O",
        'ß' => "ss",
        'ẞ' => "SS",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'ł' => "l",
        'Ł' => "L",
        'đ' => "d",
        'Đ' => "D",
        'ð' => "d",
        'Ð' => "D",
        'þ' => "th",
        'Þ' => "TH",
        'ı' => "i",
        _ => return None,
    })
}

/// Characters in `value`, counted only when its byte length could exceed a limit.
fn char_count(value: &str) -> usize {
    if value.is_ascii() {
        value.len()
    } else {
        value.chars().count()
    }
}

/// A value as messages show it: cut when very long.
fn shown(value: &str) -> String {
    text::shown(value, 80)
}

#[cfg(test)]
mod tests {
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
            "\\", "%", "*", "+", "/", "=", "?", "{", "}", "|", "<", ">", "(", ")", ";", ":", ",",
            "[", "]", "\"",
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
        for (value, expected) in [
            ("SMTP:user:M@contoso.com", Some("SMTP:userM@contoso.com")),
            ("smtp:søren@contoso.com", Some("smtp:soren@contoso.com")),
            ("smtp:straße@contoso.com", Some("smtp:strasse@contoso.com")),
            (
                "smtp:æsa.łukasz@contoso.com",
                Some("smtp:aesa.lukasz@contoso.com"),
            ),
            ("EUM:12 34;phone-context=DP.contoso.com", None),
        ] {
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
        // Default configuration, contacts: in scope only when mail-enabled.
        let contact = DirectoryObject {
            object_class: Some("contact"),
            proxy_addresses: vec![ProxyAddress::parse("SMTP:partner@fabrikam.com")],
            ..object("", "")
        };
        assert!(out_of_scope_reason(&contact).is_none());
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
}

#[cfg(test)]
mod properties {
    use super::tests::{parsed, rules};
    use super::*;
    use crate::address::{comparison_key, split_joined};
    use proptest::prelude::*;

    /// Characters a UPN may hold besides letters and digits.
    const SYMBOLS: &[char] = &['\'', '.', '-', '_', '!', '#', '^', '~'];
    /// Characters the documentation forbids in a UPN.
    const FORBIDDEN: &[char] = &[
        '\\', '%', '&', '*', '+', '/', '=', '?', '{', '}', '|', '<', '>', '(', ')', ';', ':', ',',
        '[', ']', '"', ' ',
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
                prop_assert!(!is_valid_upn_syntax(&without_characters(&upn, &[letter])));
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
        assert!(
            rules(&check_object(&object, &tenant())).contains(&(Attribute::Mail, Rule::Length))
        );
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
}
