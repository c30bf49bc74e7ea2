//! userPrincipalName: its characters, lengths and parts, and a suffix the tenant accepts
//! (docs/model.md, *Attribute rules*, *UPN computation*).

use super::*;

/// userPrincipalName limits.
pub(super) const UPN_MAX_LENGTH: usize = 113;
pub(super) const UPN_MAX_LOCAL: usize = 64;
pub(super) const UPN_MAX_DOMAIN: usize = 48;
/// Characters a UPN may hold besides ASCII letters, digits and one `@`.
pub(super) const UPN_SYMBOLS: &str = "'.-_!#^~";

/// Every character a UPN may hold.
pub(super) const UPN_CHARS: AsciiSet = AsciiSet::ALPHANUMERIC
    .union(AsciiSet::of(UPN_SYMBOLS))
    .union(AsciiSet::of("@"));

pub(super) fn is_upn_char(c: char) -> bool {
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

pub(super) fn check_upn(
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
        let (rule, why, landing) = unaccepted_suffix(domain, tenant);
        findings.push(
            Finding::new(attribute, upn, rule, format!("userPrincipalName '{upn}': {why}, so {landing} and the user cannot sign in with this name."))
                .suggest(suggestion),
        );
    }
}

/// A user without a UPN: Entra Connect sends sAMAccountName@<the DNS name of its domain>
/// (plan-connect-userprincipalname), and when that domain is not one the tenant accepts (a
/// `.local` forest) the cloud UPN becomes the MOERA: a finding, as for a UPN on that suffix.
pub(super) fn check_upn_from_sam(
    object: &DirectoryObject<'_>,
    tenant: &Tenant,
    findings: &mut Vec<Finding>,
) {
    let plan = super::cloud_upn::plan_upn(tenant, object);
    let Some(sent) = plan
        .sent
        .as_deref()
        .filter(|_| plan.from_sam && !plan.reaches_cloud)
    else {
        return;
    };
    let Some((_, domain)) = sent.rsplit_once('@') else {
        return;
    };
    if plan.invalid {
        return;
    }
    let (rule, why, landing) = unaccepted_suffix(domain, tenant);
    findings.push(Finding::new(
        Attribute::UserPrincipalName,
        "",
        rule,
        format!("userPrincipalName is empty: Entra Connect sends '{sent}' (sAMAccountName@ the DNS name of its domain), and {why}, so {landing}. Give the user a UPN on a verified domain."),
    ));
}

/// Why a UPN suffix does not reach the cloud (not routable, or not verified) and what the cloud
/// UPN becomes instead.
fn unaccepted_suffix(domain: &str, tenant: &Tenant) -> (Rule, String, String) {
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
        None => {
            "the cloud UPN becomes <mailNickname>@<the tenant's onmicrosoft.com domain>".to_owned()
        }
    };
    (rule, why, landing)
}

/// For a UPN whose suffix will not reach the cloud: the same name at the domain of the primary
/// SMTP address, when that domain would be accepted.
pub(super) fn suggested_upn(
    local: &str,
    object: &DirectoryObject<'_>,
    tenant: &Tenant,
) -> Option<String> {
    let primary = object.primary_smtp()?;
    let (_, domain) = primary.trimmed().rsplit_once('@')?;
    tenant
        .accepts_upn_suffix(domain)
        .then(|| format!("{}@{}", local.trimmed(), domain.to_ascii_lowercase()))
}
