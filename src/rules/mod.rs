//! The attribute rules an object must pass before synchronization (docs/model.md, *Attribute
//! rules*), and the objects Entra Connect leaves out by default (`scope`). Here: the findings and
//! the check of one object; by attribute family: `limits` (the simple per-attribute limits, one
//! table), `nickname` (mailNickname), `upn` (userPrincipalName), `proxy` (mail and
//! proxyAddresses); `wording` (how findings say it and the suggestions). Duplicates across objects
//! are found by `readiness`, not here.

use crate::text::Trimmed;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::address::{self, AddressProblem, AddressType, ProxyAddress};
use crate::model::{Attribute, DirectoryObject, ObjectType, Tenant};
use crate::text::{self, AsciiSet};
mod anchor;
mod cloud_upn;
mod limits;
mod nickname;
#[cfg(test)]
mod properties;
mod proxy;
mod scope;
#[cfg(test)]
mod tests;
mod upn;
mod wording;

pub use anchor::check_custom_anchor;
pub use cloud_upn::{UpnPlan, plan_upn};
use limits::*;
use nickname::*;
pub use proxy::check_proxy_value;
use proxy::*;
pub use scope::{
    ExchangeRecipient, exchange_recipient, is_mail_enabled, is_remote_mailbox, out_of_scope_reason,
};
pub use upn::is_valid_upn_syntax;
use upn::*;
use wording::*;

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
        /// The deployment's forest join makes the object one person with others.
        JoinedAcrossForests,
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

    /// A Warning about the object as a whole (its scope, its size), about `value`.
    pub fn object_warning(value: &str, rule: Rule, message: String) -> Self {
        Finding::new(Attribute::Object, value, rule, message).warning()
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
    type_name_value(object).map(|(_, message)| message)
}

/// The first attribute holding a type name, with the message [`type_name_problem`] gives.
pub fn type_name_value(object: &DirectoryObject<'_>) -> Option<(Attribute, String)> {
    let texts = Attribute::ALL
        .iter()
        .map(|attribute| (*attribute, object.text(*attribute)));
    let proxies = object
        .proxy_addresses
        .iter()
        .map(|proxy| (Attribute::ProxyAddresses, Some(proxy.value)));
    let (attribute, value) = texts
        .into_iter()
        .chain(proxies)
        .filter_map(|(attribute, value)| Some((attribute, value?.trimmed())))
        .find(|(_, value)| crate::anchor::is_type_name(value))?;
    Some((
        attribute,
        format!(
            "{} holds '{}', a type name, not a value: Windows PowerShell's Export-Csv writes the type of a multi-valued property. Export it joined, for example Select-Object @{{n='proxyAddresses';e={{$_.proxyAddresses -join ';'}}}} before Export-Csv -NoTypeInformation",
            attribute.name(),
            shown(value)
        ),
    ))
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

/// Every finding for one object's own values (not duplicates across objects).
pub fn check_object(object: &DirectoryObject<'_>, tenant: &Tenant) -> Vec<Finding> {
    let mut findings = Vec::new();
    for rule in TEXT_RULES {
        if let Some(value) = object.text(rule.attribute) {
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
    } else if object.object_type() == ObjectType::User {
        check_upn_from_sam(object, tenant, &mut findings);
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
