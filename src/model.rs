//! The model the rules, the readiness check and the match prediction share: a directory object
//! as the rules see it, the tenant's facts, and the attributes by their LDAP names.

use crate::text::Trimmed;
use rustc_hash::FxBuildHasher;
use serde::Serialize;
use std::collections::HashSet;

use crate::address::{self, ProxyAddress};

/// The attributes the rules read, named as LDAP names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Attribute {
    UserPrincipalName,
    Mail,
    ProxyAddresses,
    MailNickname,
    SamAccountName,
    DisplayName,
    GivenName,
    TargetAddress,
    /// The object as a whole (out of scope).
    Object,
    Surname,
}

impl Attribute {
    pub fn name(self) -> &'static str {
        match self {
            Attribute::UserPrincipalName => "userPrincipalName",
            Attribute::Mail => "mail",
            Attribute::ProxyAddresses => "proxyAddresses",
            Attribute::MailNickname => "mailNickname",
            Attribute::SamAccountName => "sAMAccountName",
            Attribute::DisplayName => "displayName",
            Attribute::GivenName => "givenName",
            Attribute::TargetAddress => "targetAddress",
            Attribute::Object => "object",
            Attribute::Surname => "sn",
        }
    }
}

/// Written as its LDAP name, the one `name` gives: the names are spelled once.
impl Serialize for Attribute {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// A directory object as the rules see it. Absent attributes are `None`; proxyAddresses are
/// single values (already split when they came joined).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DirectoryObject<'a> {
    pub distinguished_name: Option<&'a str>,
    pub object_class: Option<&'a str>,
    pub sam_account_name: Option<&'a str>,
    pub user_principal_name: Option<&'a str>,
    pub mail: Option<&'a str>,
    pub mail_nickname: Option<&'a str>,
    /// Parsed once, here: every rule and the duplicate index read them.
    pub proxy_addresses: Vec<ProxyAddress<'a>>,
    pub target_address: Option<&'a str>,
    pub display_name: Option<&'a str>,
    pub given_name: Option<&'a str>,
    pub surname: Option<&'a str>,
    /// isCriticalSystemObject is present, whatever its value (the default rules test
    /// `IsPresent([isCriticalSystemObject])`).
    pub is_critical_system_object: bool,
    /// msExchRecipientTypeDetails as written (a number, or its text in an export).
    pub recipient_type_details: Option<&'a str>,
}

impl DirectoryObject<'_> {
    /// How findings name the object: the DN, else sAMAccountName, else the UPN.
    pub fn identity(&self) -> &str {
        [
            self.distinguished_name,
            self.sam_account_name,
            self.user_principal_name,
        ]
        .into_iter()
        .flatten()
        .find(|value| !value.trimmed().is_empty())
        .unwrap_or("(an object without DN, sAMAccountName or UPN)")
    }

    /// The primary SMTP address: the `SMTP:` proxy, else `mail` when there are no
    /// proxyAddresses (Entra ID's proxy calculation makes mail the primary then).
    pub fn primary_smtp(&self) -> Option<&str> {
        if self.proxy_addresses.is_empty() {
            return self.mail.filter(|mail| !mail.trimmed().is_empty());
        }
        self.proxy_addresses
            .iter()
            .find(|proxy| proxy.is_primary)
            .map(|proxy| proxy.address)
    }

    pub(crate) fn is_user_or_group(&self) -> bool {
        self.object_type() != ObjectType::Contact
    }

    /// What the object is, from its objectClass (Get-ADObject, Get-ADGroup, a CSV column); an
    /// object without one is a user, as Get-ADUser returns.
    pub fn object_type(&self) -> ObjectType {
        ObjectType::from_text(self.object_class)
    }

    /// The DNS name of the object's domain, from the DC= components of its DN
    /// (`CN=x,OU=y,DC=corp,DC=contoso,DC=com` → `corp.contoso.com`), as the default rule
    /// *In from AD – User AccountEnabled* derives it for a user without a UPN.
    pub fn domain_dns_name(&self) -> Option<String> {
        let dn = self.distinguished_name?;
        let labels: Vec<&str> = dn
            .split(',')
            .map(Trimmed::trimmed)
            .filter_map(|part| {
                let (key, value) = part.split_once('=')?;
                key.trimmed()
                    .eq_ignore_ascii_case("DC")
                    .then_some(value.trimmed())
            })
            .filter(|label| !label.is_empty())
            .collect();
        (!labels.is_empty()).then(|| labels.join("."))
    }
}

/// What a directory object is; matches across types fail (ObjectTypeMismatch).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum ObjectType {
    User,
    Group,
    Contact,
}

impl ObjectType {
    /// Reads an objectClass (`group`, `contact`), Get-MsolUser's ObjectType or Graph's
    /// `@odata.type` (`#microsoft.graph.orgContact`). Absent or unknown text means a user: that is
    /// what Get-ADUser, Get-MgUser and Get-MsolUser return (`user`, `inetOrgPerson`).
    pub fn from_text(text: Option<&str>) -> ObjectType {
        let text = text.unwrap_or("").trimmed();
        let text = text.strip_prefix("#microsoft.graph.").unwrap_or(text);
        if text.eq_ignore_ascii_case("group") {
            ObjectType::Group
        } else if text.eq_ignore_ascii_case("contact") || text.eq_ignore_ascii_case("orgContact") {
            ObjectType::Contact
        } else {
            ObjectType::User
        }
    }

    pub fn noun(self) -> &'static str {
        match self {
            ObjectType::User => "user",
            ObjectType::Group => "group",
            ObjectType::Contact => "contact",
        }
    }
}

/// The tenant's facts the rules need.
#[derive(Clone, Debug, Default)]
pub struct Tenant {
    /// Verified domains, lower case, in the order given. Empty when unknown: routability is the
    /// fallback test.
    verified_domains: Vec<String>,
    /// The same domains, to look one up: every address of every object is looked up, and a
    /// tenant may have hundreds of domains.
    verified: HashSet<String, FxBuildHasher>,
}

impl Tenant {
    pub fn new<'a>(verified_domains: impl IntoIterator<Item = &'a str>) -> Self {
        let verified_domains: Vec<String> = verified_domains
            .into_iter()
            .map(|domain| {
                domain
                    .trimmed()
                    .trim_start_matches('@')
                    .to_ascii_lowercase()
            })
            .filter(|domain| !domain.is_empty())
            .collect();
        Tenant {
            verified: verified_domains.iter().cloned().collect(),
            verified_domains,
        }
    }

    /// Verified domains, lower case, in the order given (none: unknown).
    pub fn verified_domains(&self) -> &[String] {
        &self.verified_domains
    }

    /// Whether `domain` is verified, compared without ASCII case.
    pub fn is_verified(&self, domain: &str) -> bool {
        let domain = domain.trimmed();
        if domain.bytes().any(|b| b.is_ascii_uppercase()) {
            self.verified.contains(&domain.to_ascii_lowercase())
        } else {
            self.verified.contains(domain)
        }
    }

    /// The initial domain: the verified one ending in `.onmicrosoft.com` (not a `mail.` one).
    pub fn initial_domain(&self) -> Option<&str> {
        self.verified_domains
            .iter()
            .map(String::as_str)
            .find(|domain| {
                domain.ends_with(".onmicrosoft.com") && !domain.ends_with(".mail.onmicrosoft.com")
            })
    }

    /// Whether a UPN suffix reaches the cloud as is: on the verified list when there is one,
    /// otherwise at least routable.
    pub fn accepts_upn_suffix(&self, domain: &str) -> bool {
        if self.verified_domains.is_empty() {
            address::is_routable_domain(domain)
        } else {
            self.is_verified(domain)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verified_domain_is_found_whatever_its_case_and_white_space() {
        let tenant = Tenant::new([
            " @Contoso.com ",
            "fabrikam.CO.uk",
            "",
            "contoso.onmicrosoft.com",
        ]);
        assert_eq!(
            tenant.verified_domains(),
            ["contoso.com", "fabrikam.co.uk", "contoso.onmicrosoft.com"]
        );
        for domain in [
            "contoso.com",
            "CONTOSO.COM",
            " Contoso.Com",
            "fabrikam.co.uk",
        ] {
            assert!(tenant.is_verified(domain), "{domain}");
        }
        for domain in [
            "contoso.local",
            "sub.contoso.com",
            "contoso.com.",
            "",
            "cöntoso.com",
        ] {
            assert!(!tenant.is_verified(domain), "{domain}");
        }
        assert_eq!(tenant.initial_domain(), Some("contoso.onmicrosoft.com"));
    }

    #[test]
    fn a_tenant_with_hundreds_of_domains_finds_each() {
        let names: Vec<String> = (0..500).map(|i| format!("Domain{i}.Example.com")).collect();
        let tenant = Tenant::new(names.iter().map(String::as_str));
        assert!(names.iter().all(|name| tenant.is_verified(name)));
        assert!(!tenant.is_verified("domain500.example.com"));
    }
}
