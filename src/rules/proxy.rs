//! mail and proxyAddresses: SMTP addresses, each proxy value by its type, one primary, and the
//! domains the tenant has verified (docs/model.md, *Attribute rules*).

use super::*;

/// proxyAddresses: at most this long per value; after the prefix `< > ( ) ; , [ ] "` and a
/// second `:` are forbidden (see check_proxy_value).
pub(super) const PROXY_MAX_LENGTH: usize = 256;

/// An SMTP address in `mail` or an SMTP proxy. `value` is the attribute value as written (with
/// its prefix, for proxies); characters are left to the caller when it has its own rule for them.
pub(super) fn check_address(
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

pub(super) fn check_proxy_addresses(
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
pub(super) fn check_proxy_domain_verified(
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

pub(super) fn check_proxy(
    attribute: Attribute,
    proxy: &ProxyAddress<'_>,
    findings: &mut Vec<Finding>,
) {
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
        } else if attribute == Attribute::TargetAddress
            && (!DISPUTED_IN_OWN_SET.clear_of(value) || !value.is_ascii())
        {
            findings.push(disputed_finding(proxy));
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
pub(super) const OWN_SET_FORBIDDEN: AsciiSet = AsciiSet::of("[]\"").union(AsciiSet::CONTROL);

/// What Prepare for directory synchronization forbids in a targetAddress, without exemption by
/// type, and an X.400 or X.500 address holds by its own rules.
pub(super) const DISPUTED_IN_OWN_SET: AsciiSet = AsciiSet::of(" <>();,\\");

/// An X.400 or X.500 targetAddress holding what Prepare forbids (docs/model.md, *Attribute
/// rules*): Prepare and IdFix say it is invalid, Exchange writes it so; a Warning naming them,
/// with no change suggested.
fn disputed_finding(proxy: &ProxyAddress<'_>) -> Finding {
    let value = proxy.value;
    let mut held: Vec<char> = value
        .chars()
        .filter(|&c| DISPUTED_IN_OWN_SET.has(c) || !c.is_ascii())
        .collect();
    held.sort_unstable();
    held.dedup();
    let held: Vec<String> = held
        .into_iter()
        .map(|c| match c {
            ' ' => "a space".to_owned(),
            c => format!("'{c}'"),
        })
        .collect();
    Finding::new(
        Attribute::TargetAddress,
        value,
        Rule::Character,
        format!(
            "targetAddress '{}' holds {}: Prepare for directory synchronization forbids that in a targetAddress whatever its type, and IdFix checks it so (it exempts X.400 and X.500 values in proxyAddresses only), but Exchange writes {} addresses so. Expected to synchronize; change it only if synchronization reports it.",
            shown(value),
            held.join(", "),
            if proxy.kind == AddressType::X400 { "X.400" } else { "X.500" },
        ),
    )
    .warning()
}

/// What the address part of any other proxy value may not hold (`;` too, except in EUM).
pub(super) const NOT_IN_ADDRESS: AsciiSet = AsciiSet::of("<>(),[]\":\\");

/// A character finding on a proxy value: the suggestion keeps the type prefix and its case
/// (the primary marker) and fixes only the address; an EUM value has no safe fix.
pub(super) fn proxy_character_finding(
    attribute: Attribute,
    proxy: &ProxyAddress<'_>,
    bad: &[char],
) -> Finding {
    let mut finding = character_finding(attribute, proxy.value, bad, None);
    finding.suggestion = if proxy.kind == AddressType::Eum {
        None
    } else if let Some((prefix, address)) = spaced_prefix(proxy) {
        // `smtp :john@…`: the type and its separator are kept, the blanks around them dropped.
        suggested_address(address, bad).map(|address| format!("{prefix}:{address}"))
    } else {
        suggested_address(proxy.address, bad).map(|address| {
            if proxy.prefix.is_empty() {
                address
            } else {
                format!("{}:{address}", proxy.prefix)
            }
        })
    };
    finding
}

/// A value whose type is written with blanks around its separator (`smtp :john@contoso.com`):
/// the type and the address, trimmed.
fn spaced_prefix<'a>(proxy: &ProxyAddress<'a>) -> Option<(&'a str, &'a str)> {
    let (written, address) = proxy.value.split_once(':')?;
    let prefix = written.trim();
    (!prefix.is_empty()
        && prefix.len() != written.len()
        && prefix.bytes().all(|b| b.is_ascii_alphanumeric())
        && address.contains('@'))
    .then(|| (prefix, address.trim()))
}
