//! The model the rules, the readiness check, the match prediction and the hard-match plan share:
//! a directory object as the rules see it, an on-premises user, a cloud object, a mapping row,
//! the deployment's source-anchor setting, the tenant's facts, and the attributes by their LDAP
//! names. The input schema (`schema`) reads every input into these.

use crate::text::Trimmed;
use rustc_hash::FxBuildHasher;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashSet;

use crate::address::{self, ProxyAddress};
use crate::anchor::{AnchorAttribute, AnchorError, AnchorInput, SourceAnchor};

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
    SipAddress,
    /// The object's source anchor (its immutableId), as the readiness check reads it.
    SourceAnchor,
}

impl Attribute {
    /// Every attribute, in declaration order (a test holds it to the enum).
    pub const ALL: &'static [Attribute] = &[
        Attribute::UserPrincipalName,
        Attribute::Mail,
        Attribute::ProxyAddresses,
        Attribute::MailNickname,
        Attribute::SamAccountName,
        Attribute::DisplayName,
        Attribute::GivenName,
        Attribute::TargetAddress,
        Attribute::Object,
        Attribute::Surname,
        Attribute::SipAddress,
        Attribute::SourceAnchor,
    ];

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
            Attribute::SipAddress => "msRTCSIP-PrimaryUserAddress",
            Attribute::SourceAnchor => "sourceAnchor",
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
    /// msRTCSIP-PrimaryUserAddress (`sip:user@domain`).
    pub sip_address: Option<&'a str>,
    /// isCriticalSystemObject is present, whatever its value (the default rules test
    /// `IsPresent([isCriticalSystemObject])`).
    pub is_critical_system_object: bool,
    /// msExchRecipientTypeDetails as written (a number, or its text in an export).
    pub recipient_type_details: Option<&'a str>,
    /// A group's GroupCategory (Security, Distribution) or groupType number, as written.
    pub group_category: Option<&'a str>,
    /// How many direct members a group has, when its `member` values were read.
    pub member_count: Option<u64>,
    /// The value of the attribute the deployment joins forests on, when the admin chose one
    /// (read under its own name: [`Field::JoinValue`](crate::schema::Field::JoinValue)).
    pub join_value: Option<&'a str>,
    /// objectSid, as text (`S-1-5-21-…`).
    pub security_identifier: Option<&'a str>,
    /// msExchMasterAccountSid (or msRTCSIP-OriginatorSid): the account a linked mailbox belongs
    /// to, by its objectSid.
    pub master_account_sid: Option<&'a str>,
}

impl<'a> DirectoryObject<'a> {
    /// Whether a group is a security group (GroupCategory Security, or groupType's bit
    /// 0x80000000), a distribution group (false), or unknown (None: not given, unreadable).
    pub fn security_enabled(&self) -> Option<bool> {
        let category = self.group_category?.trimmed();
        if category.eq_ignore_ascii_case("Security") {
            Some(true)
        } else if category.eq_ignore_ascii_case("Distribution") {
            Some(false)
        } else {
            // groupType is a signed 32-bit number: the security bit makes it negative.
            category
                .parse::<i64>()
                .ok()
                .map(|value| value & 0x8000_0000 != 0)
        }
    }

    /// A single-valued attribute's value; `None` for proxyAddresses (read as a list) and for the
    /// object as a whole.
    pub fn text(&self, attribute: Attribute) -> Option<&'a str> {
        match attribute {
            Attribute::UserPrincipalName => self.user_principal_name,
            Attribute::Mail => self.mail,
            Attribute::MailNickname => self.mail_nickname,
            Attribute::SamAccountName => self.sam_account_name,
            Attribute::DisplayName => self.display_name,
            Attribute::GivenName => self.given_name,
            Attribute::TargetAddress => self.target_address,
            Attribute::Surname => self.surname,
            Attribute::SipAddress => self.sip_address,
            // The anchor is read with the deployment's setting (`AnchorSetting::anchor_of`).
            Attribute::ProxyAddresses | Attribute::Object | Attribute::SourceAnchor => None,
        }
    }

    /// The object without `attribute`'s value (one that could not be read).
    pub fn forget(&mut self, attribute: Attribute) {
        match attribute {
            Attribute::UserPrincipalName => self.user_principal_name = None,
            Attribute::Mail => self.mail = None,
            Attribute::MailNickname => self.mail_nickname = None,
            Attribute::SamAccountName => self.sam_account_name = None,
            Attribute::DisplayName => self.display_name = None,
            Attribute::GivenName => self.given_name = None,
            Attribute::TargetAddress => self.target_address = None,
            Attribute::Surname => self.surname = None,
            Attribute::SipAddress => self.sip_address = None,
            Attribute::ProxyAddresses => self.proxy_addresses.clear(),
            Attribute::Object | Attribute::SourceAnchor => {}
        }
    }

    /// The name attribute a custom source anchor value repeats (without case), if any: Design
    /// concepts says a source anchor "should not be based on user's name because these can
    /// change", and a value equal to a name changes with it.
    pub fn anchor_named_after(&self, value: &str) -> Option<&'static str> {
        let value = value.trim();
        if value.is_empty() {
            return None;
        }
        let local = |address: Option<&'a str>| address.and_then(|text| text.split('@').next());
        [
            ("sAMAccountName", self.sam_account_name),
            ("userPrincipalName", self.user_principal_name),
            ("userPrincipalName", local(self.user_principal_name)),
            ("mail", self.mail),
            ("mail", local(self.mail)),
            ("mailNickname", self.mail_nickname),
            ("displayName", self.display_name),
            ("givenName", self.given_name),
            ("sn", self.surname),
        ]
        .into_iter()
        .find(|(_, name)| name.is_some_and(|name| name.trim().eq_ignore_ascii_case(value)))
        .map(|(attribute, _)| attribute)
    }

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

listed_enum! {
    /// What a directory object is; matches across types fail (ObjectTypeMismatch). Unknown is a
    /// user (see [`ObjectType::from_text`]).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
    pub enum ObjectType {
        #[default]
        User,
        Group,
        Contact,
    }
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

/// A cloud object as Get-MgUser (or Get-MsolUser) shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CloudUser<'a> {
    pub id: &'a str,
    pub user_principal_name: Option<&'a str>,
    pub mail: Option<&'a str>,
    pub proxy_addresses: Vec<ProxyAddress<'a>>,
    pub immutable_id: Option<&'a str>,
    /// OnPremisesSyncEnabled: `Some(true)` while linked to an on-premises object.
    pub sync_enabled: Option<bool>,
    /// Get-MsolUser's LastDirSyncTime is set: it was synchronized.
    pub last_dir_sync: bool,
    pub object_type: Option<&'a str>,
    pub security_identifier: Option<&'a str>,
    pub display_name: Option<&'a str>,
    /// Soft-deleted (Get-MgDirectoryDeletedItemAsUser): its immutableId stays reserved, its UPN
    /// and addresses are released (docs/model.md, *Soft-deleted cloud users*).
    pub deleted: bool,
    /// onPremisesObjectIdentifier: once set, a hard match is blocked (2026 hardening).
    pub object_identifier: Option<&'a str>,
    /// The user has an Exchange Online mailbox.
    pub has_mailbox: bool,
    /// That mailbox's ExchangeGuid (Get-EXOMailbox).
    pub exchange_guid: Option<&'a str>,
    /// Holds a licence (AssignedLicenses not empty, IsLicensed); `None` when not known.
    pub licensed: Option<bool>,
}

/// Which attribute the deployment uses as its source anchor: a setting of each Entra Connect
/// installation (docs/model.md, *Source anchor*).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AnchorSetting {
    /// mS-DS-ConsistencyGuid when populated, else objectGUID (the default since 1.1.524).
    #[default]
    Auto,
    ObjectGuid,
    ConsistencyGuid,
    /// Another attribute (employeeID…); its value arrives where mS-DS-ConsistencyGuid would.
    Custom,
}

/// The anchor an object gets under a setting: its immutableId, and whether it is the objectGUID
/// Entra Connect writes into an empty mS-DS-ConsistencyGuid before the first export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectAnchor {
    pub immutable_id: String,
    pub written_back: bool,
}

impl AnchorSetting {
    /// The anchor this setting gives an object of `kind` (docs/model.md, *Source anchor*): under
    /// the ConsistencyGuid feature (`Auto`, `ConsistencyGuid`) a user's and a group's
    /// mS-DS-ConsistencyGuid when populated, else their objectGUID (groups since Connect
    /// 1.5.18.0, how-to-connect-migrate-groups), a contact's objectGUID (Design concepts:
    /// "ObjectGUID is used for other object types"). Under `ConsistencyGuid` a user without one
    /// gets its objectGUID written back first (Design concepts), which is said.
    pub fn anchor_of(
        self,
        kind: ObjectType,
        input: AnchorInput<'_>,
    ) -> Result<ObjectAnchor, AnchorError> {
        let setting = match (self, kind) {
            (AnchorSetting::Auto | AnchorSetting::ConsistencyGuid, ObjectType::Contact) => {
                AnchorSetting::ObjectGuid
            }
            (AnchorSetting::ConsistencyGuid, _) => AnchorSetting::Auto,
            (setting, _) => setting,
        };
        let immutable_id = setting.immutable_id(input)?;
        let written_back = self == AnchorSetting::ConsistencyGuid
            && kind == ObjectType::User
            && matches!(
                input,
                AnchorInput::User {
                    consistency_guid,
                    ..
                } if !consistency_guid.is_some_and(|value| value.is_present())
            );
        Ok(ObjectAnchor {
            immutable_id,
            written_back,
        })
    }

    /// The immutableId this setting gives an input read as a user ([`AnchorSetting::anchor_of`],
    /// which every anchor reader calls, chooses the setting by object type first).
    fn immutable_id(self, input: AnchorInput<'_>) -> Result<String, AnchorError> {
        let attribute = match self {
            AnchorSetting::Custom => {
                let value = match input {
                    AnchorInput::User {
                        consistency_guid, ..
                    } => consistency_guid,
                    AnchorInput::Value(value) => Some(value),
                };
                return crate::anchor::custom_immutable_id(value);
            }
            AnchorSetting::Auto => AnchorAttribute::Auto,
            AnchorSetting::ObjectGuid => AnchorAttribute::ObjectGuid,
            AnchorSetting::ConsistencyGuid => AnchorAttribute::ConsistencyGuid,
        };
        SourceAnchor::resolve(input, attribute, None).map(|(anchor, _)| anchor.immutable_id())
    }
}

impl CloudUser<'_> {
    /// Still linked to an on-premises object: OnPremisesSyncEnabled true, or (Get-MsolUser, which
    /// has no such flag) a LastDirSyncTime.
    pub fn is_linked(&self) -> bool {
        self.sync_enabled == Some(true) || (self.sync_enabled.is_none() && self.last_dir_sync)
    }
}

/// An on-premises user: its directory attributes, where its anchor is read from, its SID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OnPremUser<'a> {
    pub object: DirectoryObject<'a>,
    pub anchor: AnchorInput<'a>,
    pub security_identifier: Option<&'a str>,
}

/// How a mapping row names its on-premises user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnPremKey {
    /// Username / ADUser: a sAMAccountName, a UPN or a DN, whichever it matches.
    Any,
    SamAccountName,
    DistinguishedName,
    ObjectGuid,
    UserPrincipalName,
}

/// How a mapping row names its cloud user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CloudKey {
    /// O365User / 365User: an id or a UPN.
    Any,
    Id,
    UserPrincipalName,
}

/// One row of the mapping: an on-premises key and a cloud key, or (from a Test-SoftMatch result)
/// the immutableId itself. The schema reads it from a row (`schema::mapping_row`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappingRow<'a> {
    /// An objectGUID given as bytes is written as its GUID text.
    pub on_prem_key: Option<Cow<'a, str>>,
    pub on_prem_kind: OnPremKey,
    pub cloud_key: Option<&'a str>,
    pub cloud_kind: CloudKey,
    /// The immutableId to stamp, when the row already carries it.
    pub immutable_id: Option<&'a str>,
    /// How the row names itself when it carries no resolvable on-premises user.
    pub identity: Option<Cow<'a, str>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_attribute_is_listed_once_in_order() {
        for (position, attribute) in Attribute::ALL.iter().enumerate() {
            assert_eq!(*attribute as usize, position, "{attribute:?}");
        }
        // Exhaustive: a new variant stops this test compiling until it is named here, and the
        // count (its position plus one) then fails until ALL lists it.
        let after = |attribute: Attribute| match attribute {
            Attribute::UserPrincipalName
            | Attribute::Mail
            | Attribute::ProxyAddresses
            | Attribute::MailNickname
            | Attribute::SamAccountName
            | Attribute::DisplayName
            | Attribute::GivenName
            | Attribute::TargetAddress
            | Attribute::Object
            | Attribute::Surname
            | Attribute::SipAddress
            | Attribute::SourceAnchor => attribute as usize + 1,
        };
        assert_eq!(after(Attribute::SourceAnchor), Attribute::ALL.len());
        // Occurrences keep an object's attributes as one bit each in a u16.
        assert!(Attribute::ALL.len() <= 16);
    }

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
