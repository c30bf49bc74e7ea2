//! The configured scope: domain, OU and group filtering (how-to-connect-sync-configure-filtering;
//! how-to-connect-install-custom, "Domain and OU filtering" and "Sync filtering based on
//! groups"), combined with a logical AND, as the filtering document says multiple filters are.

use std::collections::HashSet;

/// Which objects the deployment's filters keep. Empty: every object.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfiguredScope {
    /// The domains synchronized, as lower-case DNS names; empty: every domain.
    domains: Vec<String>,
    /// Included (`true`) and excluded containers: their RDNs, and the DN as the admin wrote it.
    containers: Vec<(Vec<String>, bool, String)>,
    /// The pilot group as written, and its direct members' DNs (normalized).
    group: Option<(String, HashSet<String>)>,
}

impl ConfiguredScope {
    /// The scope of these filters; a DN that cannot be read is an error naming it.
    pub fn new(
        domains: &[String],
        included: &[String],
        excluded: &[String],
        group: Option<(String, Vec<String>)>,
    ) -> Result<Self, String> {
        let mut containers = Vec::with_capacity(included.len() + excluded.len());
        for (list, keep) in [(included, true), (excluded, false)] {
            for dn in list {
                containers.push((rdns(dn)?, keep, dn.trim().to_owned()));
            }
        }
        let group = match group {
            None => None,
            Some((name, members)) => {
                rdns(&name)?;
                let members = members
                    .iter()
                    .map(|member| rdns(member).map(|parts| parts.join(",")))
                    .collect::<Result<HashSet<String>, String>>()?;
                Some((name.trim().to_owned(), members))
            }
        };
        let domains = domains
            .iter()
            .map(|domain| domain_name(domain))
            .collect::<Result<Vec<String>, String>>()?;
        Ok(ConfiguredScope {
            domains,
            containers,
            group,
        })
    }

    pub fn is_empty(&self) -> bool {
        self.domains.is_empty() && self.containers.is_empty() && self.group.is_none()
    }

    /// Why the filters leave out the object at `dn`, or None. **Model assumption** (OU
    /// filtering): the most specific container listed decides — an OU excluded below an included
    /// one is out, an OU included below an excluded one is in, a new OU under an included one is
    /// in; with any container included, an object under none of them is out.
    pub fn excludes(&self, dn: Option<&str>) -> Option<String> {
        if self.is_empty() {
            return None;
        }
        let Some(dn) = dn.filter(|dn| !dn.trim().is_empty()) else {
            return Some("it has no DistinguishedName, so the configured domain, OU or group filter cannot place it; it is taken as out of scope".to_owned());
        };
        let Ok(object) = rdns(dn) else {
            return Some(format!(
                "its DistinguishedName '{dn}' cannot be read, so the configured filters cannot place it; it is taken as out of scope"
            ));
        };
        if !self.domains.is_empty() {
            let domain = domain_of(&object);
            if !self.domains.contains(&domain) {
                return Some(format!(
                    "domain filtering synchronizes {}, not its domain {}",
                    self.domains.join(", "),
                    if domain.is_empty() {
                        "(none in its DN)"
                    } else {
                        &domain
                    }
                ));
            }
        }
        if !self.containers.is_empty() {
            let deepest = self
                .containers
                .iter()
                .filter(|(container, _, _)| within(&object, container))
                .max_by_key(|(container, _, _)| container.len());
            match deepest {
                Some((_, false, written)) => {
                    return Some(format!("OU filtering excludes {written}, where it lies"));
                }
                None if self.containers.iter().any(|(_, keep, _)| *keep) => {
                    return Some("OU filtering: it lies in none of the OUs included".to_owned());
                }
                _ => {}
            }
        }
        if let Some((group, members)) = &self.group
            && !members.contains(&object.join(","))
        {
            return Some(format!(
                "group filtering synchronizes the direct members of {group} only (nested members are not)"
            ));
        }
        None
    }
}

/// Whether an object's RDNs lie below a container's.
fn within(object: &[String], container: &[String]) -> bool {
    object.len() > container.len() && object.ends_with(container)
}

/// The DNS name of the domain an object's DN lies in: its trailing `DC=` RDNs.
fn domain_of(rdns: &[String]) -> String {
    let labels: Vec<&str> = rdns
        .iter()
        .rev()
        .take_while(|rdn| rdn.starts_with("dc="))
        .map(|rdn| &rdn[3..])
        .collect();
    labels.into_iter().rev().collect::<Vec<_>>().join(".")
}

/// A domain as a lower-case DNS name: given as one (`contoso.com`) or as its DN (`DC=contoso,DC=com`).
fn domain_name(domain: &str) -> Result<String, String> {
    let trimmed = domain.trim();
    if trimmed.contains('=') {
        let parts = rdns(trimmed)?;
        let name = domain_of(&parts);
        if name.is_empty() || parts.iter().any(|rdn| !rdn.starts_with("dc=")) {
            return Err(format!(
                "'{trimmed}' is not a domain: give its DNS name (contoso.com) or its DN (DC=contoso,DC=com)"
            ));
        }
        return Ok(name);
    }
    if trimmed.is_empty() || trimmed.contains(char::is_whitespace) {
        return Err(format!("'{domain}' is not a domain name"));
    }
    Ok(trimmed.trim_end_matches('.').to_lowercase())
}

/// A DN's RDNs, each `type=value` without case or the blanks around its parts; a comma escaped
/// with `\` stays in its value. An error names the DN that cannot be read.
pub(crate) fn rdns(dn: &str) -> Result<Vec<String>, String> {
    let unreadable = || {
        format!(
            "'{}' is not a distinguished name (such as OU=Staff,DC=contoso,DC=com)",
            dn.trim()
        )
    };
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = dn.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                current.push(c);
                current.push(chars.next().ok_or_else(unreadable)?);
            }
            ',' => parts.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    parts.push(current);
    parts
        .into_iter()
        .map(|part| {
            let (kind, value) = part.split_once('=').ok_or_else(unreadable)?;
            let (kind, value) = (kind.trim(), value.trim());
            if kind.is_empty() || value.is_empty() {
                return Err(unreadable());
            }
            Ok(format!("{}={}", kind.to_lowercase(), value.to_lowercase()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(domains: &[&str], included: &[&str], excluded: &[&str]) -> ConfiguredScope {
        let owned = |list: &[&str]| list.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        ConfiguredScope::new(&owned(domains), &owned(included), &owned(excluded), None).unwrap()
    }

    // how-to-connect-install-custom, "Domain and OU filtering": selected OUs synchronize, with
    // the OUs below them; an OU cleared below a selected one does not.
    #[test]
    fn install_custom_ou_filtering_the_most_specific_container_decides() {
        let filter = scope(
            &[],
            &[
                "OU=Corp,DC=contoso,DC=com",
                "OU=Keep,OU=Disabled,OU=Corp,DC=contoso,DC=com",
            ],
            &["OU=Disabled,OU=Corp,DC=contoso,DC=com"],
        );
        assert_eq!(
            filter.excludes(Some("CN=Ann,OU=Staff,OU=Corp,DC=contoso,DC=com")),
            None
        );
        assert_eq!(
            filter.excludes(Some("CN=New,OU=Brand New,OU=Corp,DC=contoso,DC=com")),
            None
        );
        let disabled = filter
            .excludes(Some("CN=Old,OU=Disabled,OU=Corp,DC=contoso,DC=com"))
            .unwrap();
        assert!(
            disabled.contains("OU=Disabled,OU=Corp,DC=contoso,DC=com"),
            "{disabled}"
        );
        assert_eq!(
            filter.excludes(Some(
                "cn=Kept, ou=KEEP ,ou=Disabled,OU=Corp,DC=Contoso,DC=com"
            )),
            None
        );
        assert!(
            filter
                .excludes(Some("CN=Svc,OU=Service,DC=contoso,DC=com"))
                .is_some()
        );
        // The OU itself is not inside itself; an escaped comma stays in its value.
        assert!(filter.excludes(Some("OU=Corp,DC=contoso,DC=com")).is_some());
        assert_eq!(
            filter.excludes(Some(r"CN=Doe\, John,OU=Corp,DC=contoso,DC=com")),
            None
        );
        // Without a DN the filter cannot place an object: said, and out.
        assert!(
            filter
                .excludes(None)
                .unwrap()
                .contains("no DistinguishedName")
        );
    }

    #[test]
    fn configure_filtering_domains_and_exclusions_alone() {
        let filter = scope(&["contoso.com", "DC=emea,DC=contoso,DC=com"], &[], &[]);
        assert_eq!(
            filter.excludes(Some("CN=Ann,OU=Staff,DC=contoso,DC=com")),
            None
        );
        assert_eq!(
            filter.excludes(Some("CN=Eve,DC=emea,DC=contoso,DC=com")),
            None
        );
        let other = filter.excludes(Some("CN=Bob,DC=fabrikam,DC=com")).unwrap();
        assert!(other.contains("fabrikam.com"), "{other}");
        // Only an exclusion: everything else synchronizes.
        let filter = scope(&[], &[], &["OU=Disabled,DC=contoso,DC=com"]);
        assert_eq!(
            filter.excludes(Some("CN=Ann,OU=Staff,DC=contoso,DC=com")),
            None
        );
        assert!(
            filter
                .excludes(Some("CN=Old,OU=Disabled,DC=contoso,DC=com"))
                .is_some()
        );
        assert_eq!(ConfiguredScope::default().excludes(None), None);
    }

    // install-custom, "Sync filtering based on groups": only direct members of the group are
    // synchronized; nested groups' members are not.
    #[test]
    fn install_custom_group_filtering_takes_direct_members_only() {
        let filter = ConfiguredScope::new(
            &[],
            &[],
            &[],
            Some((
                "CN=Pilot,OU=Groups,DC=contoso,DC=com".to_owned(),
                vec![
                    "CN=Ann,OU=Staff,DC=contoso,DC=com".to_owned(),
                    "CN=Nested,OU=Groups,DC=contoso,DC=com".to_owned(),
                ],
            )),
        )
        .unwrap();
        assert_eq!(
            filter.excludes(Some("cn=ann,ou=staff,dc=contoso,dc=com")),
            None
        );
        assert_eq!(
            filter.excludes(Some("CN=Nested,OU=Groups,DC=contoso,DC=com")),
            None
        );
        let bob = filter
            .excludes(Some("CN=Bob,OU=Staff,DC=contoso,DC=com"))
            .unwrap();
        assert!(bob.contains("direct members of CN=Pilot"), "{bob}");
    }

    #[test]
    fn unreadable_dns_are_named() {
        for bad in ["Staff", "OU=,DC=x", "OU=Staff,", "=x", "OU=a\\"] {
            let error = rdns(bad).unwrap_err();
            assert!(error.contains(bad.trim()), "{error}");
        }
        assert!(domain_name("OU=Staff,DC=contoso,DC=com").is_err());
        assert_eq!(domain_name("Contoso.COM.").unwrap(), "contoso.com");
    }
}
