//! Addresses: proxyAddresses values, SMTP addresses and domains, and the one normalization every
//! comparison uses (docs/model.md, *Attribute rules*). Matching (soft match) and duplicate detection both compare
//! [`comparison_key`]s, so the two can never disagree about whether two addresses are equal.

use crate::text::Trimmed;
use std::borrow::Cow;
use std::cell::RefCell;
use std::thread::LocalKey;

use crate::text::{self, AsciiSet};

/// The type of a proxy address, from its prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AddressType {
    Smtp,
    X500,
    X400,
    Sip,
    Eum,
    /// Any other prefix (MS, CCMAIL, NOTES, FAX, …).
    Other,
}

impl AddressType {
    fn from_prefix(prefix: &str) -> AddressType {
        const TYPES: [(&str, AddressType); 5] = [
            ("SMTP", AddressType::Smtp),
            ("X500", AddressType::X500),
            ("X400", AddressType::X400),
            ("SIP", AddressType::Sip),
            ("EUM", AddressType::Eum),
        ];
        TYPES
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(prefix))
            .map_or(AddressType::Other, |(_, kind)| *kind)
    }

    /// X.400 and X.500 addresses have their own character set: parentheses, spaces and `;` are
    /// legal in them, so the address character rules do not apply.
    pub fn has_own_character_set(self) -> bool {
        matches!(self, AddressType::X400 | AddressType::X500)
    }
}

/// One proxyAddresses value (or a plain address), split into its parts without changing them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProxyAddress<'a> {
    /// The whole value as written.
    pub value: &'a str,
    /// The prefix as written (`SMTP`, `smtp`, `X500`, …); empty for a plain address.
    pub prefix: &'a str,
    /// Everything after the prefix's colon, as written.
    pub address: &'a str,
    pub kind: AddressType,
    /// Upper-case `SMTP:`: the primary SMTP address.
    pub is_primary: bool,
}

impl<'a> ProxyAddress<'a> {
    /// Splits `value` at its `type:` prefix. A value without one (a plain address) is SMTP and not
    /// primary. A prefix is 1 to 10 letters, digits or hyphens before the first colon.
    pub fn parse(value: &'a str) -> ProxyAddress<'a> {
        let trimmed = value.trim_start();
        let prefix = trimmed
            .split_once(':')
            .map(|(prefix, _)| prefix)
            .filter(|prefix| {
                (1..=10).contains(&prefix.len())
                    && prefix
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
        match prefix {
            Some(prefix) => ProxyAddress {
                value,
                prefix,
                address: &trimmed[prefix.len() + 1..],
                kind: AddressType::from_prefix(prefix),
                is_primary: prefix == "SMTP",
            },
            None => ProxyAddress {
                value,
                prefix: "",
                address: value,
                kind: AddressType::Smtp,
                is_primary: false,
            },
        }
    }

    /// The prefix as Exchange spells the type, upper case (`SMTP`, `X500`, …; `SMTP` for a plain address).
    pub fn type_name(&self) -> Cow<'a, str> {
        if self.prefix.is_empty() {
            Cow::Borrowed("SMTP")
        } else {
            Cow::Owned(self.prefix.to_ascii_uppercase())
        }
    }

    /// The comparison key of the address part.
    pub fn key(&self) -> Cow<'a, str> {
        comparison_key(self.address)
    }
}

/// The normalized form two addresses are compared in: trimmed and case-folded. Borrowed when the
/// value is already in that form, which is the common case.
pub fn comparison_key(value: &str) -> Cow<'_, str> {
    let trimmed = value.trimmed();
    if trimmed.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
        let mut key = String::with_capacity(trimmed.len());
        push_comparison_key(&mut key, trimmed);
        Cow::Owned(key)
    } else {
        Cow::Borrowed(trimmed)
    }
}

/// Appends the [`comparison_key`] of `value` to `out`, for callers that build keys in a reused
/// buffer.
pub fn push_comparison_key(out: &mut String, value: &str) {
    let trimmed = value.trimmed();
    if trimmed.is_ascii() {
        let start = out.len();
        out.push_str(trimmed);
        out[start..].make_ascii_lowercase();
    } else {
        out.push_str(&trimmed.to_lowercase());
    }
}

/// Splits a CSV cell of `;`-joined proxyAddresses back into values. A `;` separates values only
/// where the text after it starts with a `type:` prefix (or an address), because X.400 addresses
/// contain `;` themselves (`X400:C=US;A= ;P=Contoso;…`).
pub fn split_joined(cell: &str) -> Vec<&str> {
    let mut values = Vec::new();
    each_joined(cell, |value| values.push(value));
    values
}

/// [`split_joined`], each value handed to `each` in order instead of collected (an export's
/// reader parses them as they come).
pub fn each_joined<'a>(cell: &'a str, mut each: impl FnMut(&'a str)) {
    // White space around a separator belongs to the joining (`-join '; '`), not to the value.
    let mut give = |value: &'a str| {
        let value = value.trimmed();
        if !value.is_empty() {
            each(value);
        }
    };
    let mut start = 0;
    for index in memchr::memchr_iter(b';', cell.as_bytes()) {
        let rest = &cell[index + 1..];
        let next = rest.trim_start();
        // An X.400 value ends with its own ';' (X400:C=US;…;S=Doe;): a ';' at the end of the cell
        // after one belongs to it, not to the joining.
        let ends_x400 = next.is_empty()
            && ProxyAddress::parse(cell[start..index].trimmed()).kind == AddressType::X400;
        let starts_value =
            (next.is_empty() && !ends_x400) || !ProxyAddress::parse(next).prefix.is_empty() || {
                // A plain address: no '=' before its '@' (X.400 parts are name=value).
                let part = next.split(';').next().unwrap_or("");
                part.contains('@') && !part.contains('=')
            };
        if starts_value {
            give(&cell[start..index]);
            start = index + 1;
        }
    }
    give(&cell[start..]);
}

/// A domain is routable when the public-suffix list knows its top-level domain: `contoso.com`
/// and `x.co.uk` are; `contoso.local`, `.lan`, `.corp`, `.internal` and single labels are not.
pub fn is_routable_domain(domain: &str) -> bool {
    let domain = domain.trimmed().trim_end_matches('.');
    if !domain.contains('.') {
        return false;
    }
    // No name in DNS is longer; a longer one is not routable, and is never cached.
    if domain.len() > MAX_DOMAIN_LENGTH {
        return false;
    }
    // A directory uses few domains and the list lookup is the costliest step of a check, so
    // answers are remembered (per thread; the list never changes while the process runs).
    ROUTABLE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(&known) = cache.get(domain) {
            return known;
        }
        let lower = domain.to_ascii_lowercase();
        let routable = psl::suffix(lower.as_bytes()).is_some_and(|suffix| suffix.is_known());
        if cache.len() >= ROUTABLE_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(domain.into(), routable);
        routable
    })
}

/// The cache holds at most this many domains per thread, each at most [`MAX_DOMAIN_LENGTH`]
/// bytes: about 1 MiB at worst.
const ROUTABLE_CACHE_LIMIT: usize = 4096;

/// The longest domain name DNS allows (RFC 1035: 255 octets on the wire, 253 as text).
pub const MAX_DOMAIN_LENGTH: usize = 253;

thread_local! {
    static ROUTABLE: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, bool>> =
        std::cell::RefCell::new(rustc_hash::FxHashMap::default());
}

/// What is wrong with an SMTP address, by part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddressProblem {
    /// Not of the form local@domain.
    Format(String),
    /// Characters no address may hold (spaces, letters with diacritics, `(`, …).
    Character {
        bad: Vec<char>,
    },
    LocalPart(String),
    DomainPart(String),
    /// The domain's top-level domain is not on the public-suffix list.
    TopLevelDomain {
        domain: String,
    },
}

/// Characters RFC 5322 allows in an unquoted local part besides letters and digits.
const LOCAL_PART_SYMBOLS: &str = "!#$%&'*+-/=?^_`{|}~.";

/// Every character an address may hold: letters, digits, the local part's symbols and `@`.
const ADDRESS_CHARS: AsciiSet = AsciiSet::ALPHANUMERIC
    .union(AsciiSet::of(LOCAL_PART_SYMBOLS))
    .union(AsciiSet::of("@"));

/// Checks an SMTP address (without prefix). Apostrophes are legal; quoted local parts are not
/// accepted by Exchange Online and are reported.
pub fn check_smtp_address(address: &str) -> Vec<AddressProblem> {
    passing_again(&LAST_CLEAN_ADDRESS, address, smtp_address_problems)
}

fn smtp_address_problems(address: &str) -> Vec<AddressProblem> {
    let mut problems = Vec::new();
    let bad: Vec<char> = if ADDRESS_CHARS.holds_all(address) {
        Vec::new()
    } else {
        address.chars().filter(|&c| !ADDRESS_CHARS.has(c)).collect()
    };
    if !bad.is_empty() {
        problems.push(AddressProblem::Character { bad: unique(bad) });
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        problems.push(AddressProblem::Format("it has no @".into()));
        return problems;
    };
    if local.contains('@') {
        problems.push(AddressProblem::Format("it has more than one @".into()));
        return problems;
    }
    if local.is_empty() {
        problems.push(AddressProblem::LocalPart(
            "nothing comes before the @".into(),
        ));
    } else if local.len() > 64 {
        problems.push(AddressProblem::LocalPart(format!(
            "the part before the @ is {} characters; at most 64 are allowed",
            local.len()
        )));
    } else if local.starts_with('.') || local.ends_with('.') || text::has_double_dot(local) {
        problems.push(AddressProblem::LocalPart(
            "the part before the @ may not start or end with a dot or hold two dots in a row"
                .into(),
        ));
    }
    problems.extend(check_domain(domain));
    problems
}

/// Checks a domain's syntax and routability (not whether the tenant has verified it).
pub fn check_domain(domain: &str) -> Vec<AddressProblem> {
    passing_again(&LAST_CLEAN_DOMAIN, domain, domain_problems)
}

thread_local! {
    static LAST_CLEAN_DOMAIN: RefCell<Option<String>> = const { RefCell::new(None) };
    static LAST_CLEAN_ADDRESS: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// `check(value)`, unless `value` is the last value that passed it on this thread: an object's
/// addresses mostly share one domain, its mail is mostly its primary SMTP address, and
/// consecutive objects share domains too, so the last pass is remembered (the checks are pure:
/// the same text always gets the same answer). Values past a few hundred bytes are not kept.
/// A thread that has seen no pass yet remembers nothing (`None`), not the empty text: the empty
/// text never passes.
fn passing_again(
    last: &'static LocalKey<RefCell<Option<String>>>,
    value: &str,
    check: impl FnOnce(&str) -> Vec<AddressProblem>,
) -> Vec<AddressProblem> {
    if last.with(|last| last.borrow().as_deref() == Some(value)) {
        return Vec::new();
    }
    let problems = check(value);
    if problems.is_empty() && value.len() <= REMEMBERED_LENGTH {
        last.with(|last| {
            let mut last = last.borrow_mut();
            let kept = last.get_or_insert_with(String::new);
            kept.clear();
            kept.push_str(value);
        });
    }
    problems
}

/// The longest value [`passing_again`] keeps: longer than any address that passes.
const REMEMBERED_LENGTH: usize = 512;

fn domain_problems(domain: &str) -> Vec<AddressProblem> {
    let mut problems = Vec::new();
    if domain.is_empty() {
        problems.push(AddressProblem::DomainPart(
            "nothing comes after the @".into(),
        ));
        return problems;
    }
    if domain.len() > MAX_DOMAIN_LENGTH {
        // Said for its length: whether its top-level domain is known does not matter then.
        problems.push(AddressProblem::DomainPart(format!(
            "the domain is {} characters; at most {MAX_DOMAIN_LENGTH} are allowed (RFC 1035)",
            domain.len()
        )));
        return problems;
    }
    if let Some(label) = first_bad_label(domain) {
        problems.push(AddressProblem::DomainPart(if label.is_empty() {
            "the domain has an empty label (two dots in a row, or a dot at an end)".into()
        } else {
            format!("the domain label '{label}' is not letters, digits and inner hyphens")
        }));
    } else if !is_routable_domain(domain) {
        problems.push(AddressProblem::TopLevelDomain {
            domain: domain.to_owned(),
        });
    }
    problems
}

/// The first label of `domain` that is empty, longer than 63 bytes, or not letters, digits and
/// inner hyphens: one pass over the bytes (every address of every object comes through here).
fn first_bad_label(domain: &str) -> Option<&str> {
    const LABEL: AsciiSet = AsciiSet::ALPHANUMERIC.union(AsciiSet::of("-"));
    let bytes = domain.as_bytes();
    let (mut start, mut odd) = (0, false);
    for at in 0..=bytes.len() {
        match bytes.get(at) {
            Some(b'.') | None => {
                let label = &bytes[start..at];
                if odd
                    || label.is_empty()
                    || label.len() > 63
                    || label.first() == Some(&b'-')
                    || label.last() == Some(&b'-')
                {
                    // Cut at dots or the ends: character boundaries.
                    return Some(&domain[start..at]);
                }
                (start, odd) = (at + 1, false);
            }
            Some(&b) => odd |= !LABEL.contains(b),
        }
    }
    None
}

fn unique(mut chars: Vec<char>) -> Vec<char> {
    let mut seen = Vec::with_capacity(chars.len());
    chars.retain(|c| {
        let new = !seen.contains(c);
        seen.push(*c);
        new
    });
    chars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_types_and_primary() {
        let primary = ProxyAddress::parse("SMTP:Jane.Doe@contoso.com");
        assert_eq!(primary.kind, AddressType::Smtp);
        assert!(primary.is_primary);
        assert_eq!(primary.address, "Jane.Doe@contoso.com");
        assert_eq!(primary.key(), "jane.doe@contoso.com");

        let secondary = ProxyAddress::parse("smtp:jane@contoso.com");
        assert!(!secondary.is_primary);

        let x500 = ProxyAddress::parse(
            "X500:/o=Org/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=jane",
        );
        assert_eq!(x500.kind, AddressType::X500);
        assert!(x500.kind.has_own_character_set());

        let plain = ProxyAddress::parse("jane@contoso.com");
        assert_eq!(plain.prefix, "");
        assert_eq!(plain.kind, AddressType::Smtp);
        assert!(!plain.is_primary);
        assert_eq!(plain.type_name(), "SMTP");

        assert_eq!(
            ProxyAddress::parse("sip:jane@contoso.com").kind,
            AddressType::Sip
        );
        assert_eq!(
            ProxyAddress::parse("EUM:1234;phone-context=x").kind,
            AddressType::Eum
        );
        assert_eq!(
            ProxyAddress::parse("NOTES:Jane/Contoso").kind,
            AddressType::Other
        );
    }

    #[test]
    fn comparison_key_trims_and_folds_case() {
        assert_eq!(
            comparison_key("  Jane.Doe@Contoso.COM "),
            "jane.doe@contoso.com"
        );
        assert!(matches!(
            comparison_key("jane@contoso.com"),
            Cow::Borrowed(_)
        ));
        assert_eq!(comparison_key("ÉLODIE@contoso.com"), "élodie@contoso.com");
    }

    #[test]
    fn joined_cells_split_at_values_not_inside_x400() {
        let cell = "SMTP:a@contoso.com;smtp:b@contoso.com;X400:C=US;A= ;P=Contoso;O=Exchange;S=Doe;;X500:/o=Org/cn=a";
        assert_eq!(
            split_joined(cell),
            vec![
                "SMTP:a@contoso.com",
                "smtp:b@contoso.com",
                "X400:C=US;A= ;P=Contoso;O=Exchange;S=Doe;",
                "X500:/o=Org/cn=a"
            ]
        );
        assert_eq!(
            split_joined("a@contoso.com; b@contoso.com"),
            vec!["a@contoso.com", "b@contoso.com"]
        );
        assert!(split_joined("").is_empty());
    }

    #[test]
    fn routable_domains_follow_the_public_suffix_list() {
        for domain in [
            "contoso.com",
            "x.co.uk",
            "mail.contoso.de",
            "contoso.onmicrosoft.com",
        ] {
            assert!(is_routable_domain(domain), "{domain}");
        }
        for domain in [
            "contoso.local",
            "corp.lan",
            "contoso.corp",
            "x.home",
            "a.internal",
            "contoso",
            "",
        ] {
            assert!(!is_routable_domain(domain), "{domain}");
        }
    }

    #[test]
    fn valid_addresses_have_no_problems() {
        for address in [
            "jane.doe@contoso.com",
            "oscar.o'brien@contoso.com",
            "a+tag@x.co.uk",
            "a_b-c@sub.contoso.com",
        ] {
            assert_eq!(check_smtp_address(address), vec![], "{address}");
        }
    }

    #[test]
    fn invalid_addresses_name_their_part() {
        assert!(matches!(
            check_smtp_address("jane.contoso.com")[..],
            [AddressProblem::Format(_)]
        ));
        assert!(matches!(
            check_smtp_address("@contoso.com")[..],
            [AddressProblem::LocalPart(_)]
        ));
        assert!(matches!(
            check_smtp_address("jane.@contoso.com")[..],
            [AddressProblem::LocalPart(_)]
        ));
        assert!(matches!(
            check_smtp_address("jane@")[..],
            [AddressProblem::DomainPart(_)]
        ));
        assert!(matches!(
            check_smtp_address("jane@contoso..com")[..],
            [AddressProblem::DomainPart(_)]
        ));
        assert!(matches!(
            check_smtp_address("jane@contoso.local")[..],
            [AddressProblem::TopLevelDomain { .. }]
        ));
        assert_eq!(
            check_smtp_address("ja ne(x)@contoso.com"),
            vec![AddressProblem::Character {
                bad: vec![' ', '(', ')']
            }]
        );
        assert_eq!(
            check_smtp_address("víctor@contoso.com"),
            vec![AddressProblem::Character { bad: vec!['í'] }]
        );
    }

    #[test]
    fn the_routability_cache_holds_only_names_dns_allows() {
        // A 10 MB "domain" is answered (not routable) without being remembered.
        let huge = format!("{}.com", "a".repeat(10 * 1024 * 1024));
        assert!(!is_routable_domain(&huge));
        ROUTABLE.with(|cache| {
            assert!(
                cache
                    .borrow()
                    .keys()
                    .all(|key| key.len() <= MAX_DOMAIN_LENGTH)
            )
        });
        assert!(is_routable_domain("contoso.com"));
    }

    #[test]
    fn an_x400_value_keeps_its_closing_semicolon() {
        assert_eq!(
            split_joined("X400:C=US;A= ;P=Contoso;S=Doe;"),
            vec!["X400:C=US;A= ;P=Contoso;S=Doe;"]
        );
        assert_eq!(
            split_joined("SMTP:a@contoso.com;X400:C=US;S=Doe;"),
            vec!["SMTP:a@contoso.com", "X400:C=US;S=Doe;"]
        );
        assert_eq!(
            split_joined("SMTP:a@contoso.com;"),
            vec!["SMTP:a@contoso.com"]
        );
    }

    #[test]
    fn a_fresh_thread_remembers_no_pass() {
        // The memory of the last pass is per thread: a new thread must not take the empty
        // domain of `jane@` (or an empty address) for one that passed.
        let (domain, address, mail) = std::thread::spawn(|| {
            (
                check_domain(""),
                check_smtp_address(""),
                check_smtp_address("jane@"),
            )
        })
        .join()
        .unwrap();
        assert_eq!(domain, domain_problems(""));
        assert!(!domain.is_empty());
        assert!(!address.is_empty());
        assert!(!mail.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn remembering_the_last_pass_never_changes_an_answer(domains in proptest::collection::vec(proptest::sample::select(vec!["contoso.com", "Contoso.COM", "contoso.local", "a..b", "", "x.co.uk", "-a.com", "contoso.com."]), 0..12), locals in proptest::collection::vec(proptest::sample::select(vec!["jane", "jane.", "o'brien", "j a", ""]), 0..12)) {
            for domain in &domains {
                proptest::prop_assert_eq!(check_domain(domain), domain_problems(domain), "{}", domain);
            }
            for (local, domain) in locals.iter().zip(domains.iter().cycle()) {
                let address = format!("{local}@{domain}");
                proptest::prop_assert_eq!(check_smtp_address(&address), smtp_address_problems(&address), "{}", address);
            }
        }

        #[test]
        fn the_label_scan_finds_what_splitting_at_dots_finds(domain in "[a-z0-9.\\-é_ ]{0,80}") {
            let split = domain.split('.').find(|label| {
                label.is_empty()
                    || label.len() > 63
                    || label.starts_with('-')
                    || label.ends_with('-')
                    || !label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            });
            proptest::prop_assert_eq!(first_bad_label(&domain), split);
        }
    }
}
