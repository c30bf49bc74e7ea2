//! The UPN Entra ID gives a user (docs/model.md, *UPN computation*): what Entra Connect sends, and
//! whether it reaches the cloud as it is or becomes the MOERA. One rule for the prediction and the
//! hard-match plan. Borrowed from the object where it can be: a million users should not cost a
//! million allocations.

use std::borrow::Cow;

use super::*;

/// The UPN Entra ID gives a user, before collisions.
#[derive(Debug, Default)]
pub struct UpnPlan<'a> {
    /// What Entra Connect sends: the on-premises UPN, else sAMAccountName@<the domain's DNS name>.
    pub sent: Option<Cow<'a, str>>,
    pub from_sam: bool,
    /// The sent UPN reaches the cloud as it is: valid, on an accepted suffix.
    pub reaches_cloud: bool,
    /// It does not because a character or its form is invalid (otherwise: its suffix).
    pub invalid: bool,
    /// The sent UPN when it reaches the cloud, else the MOERA `<MailNickName>@<initial domain>`
    /// (`None` when the initial domain is unknown).
    pub predicted: Option<Cow<'a, str>>,
}

/// The UPN Entra ID gives `object` before collisions: the on-premises UPN, else
/// sAMAccountName@<the domain's DNS name>; a UPN that is invalid or whose suffix `tenant` does not
/// accept becomes the MOERA.
pub fn plan_upn<'a>(tenant: &Tenant, object: &DirectoryObject<'a>) -> UpnPlan<'a> {
    let own = object
        .user_principal_name
        .map(str::trim)
        .filter(|upn| !upn.is_empty());
    let from_sam = own.is_none();
    let sent: Option<Cow<'a, str>> = match own {
        Some(upn) => Some(Cow::Borrowed(upn)),
        None => object
            .sam_account_name
            .map(str::trim)
            .filter(|sam| !sam.is_empty())
            .zip(object.domain_dns_name())
            .map(|(sam, domain)| Cow::Owned(format!("{sam}@{domain}"))),
    };
    let invalid = sent.as_deref().is_some_and(|upn| !is_valid_upn_syntax(upn));
    let reaches_cloud = !invalid
        && sent
            .as_deref()
            .and_then(|upn| upn.rsplit_once('@'))
            .is_some_and(|(_, suffix)| tenant.accepts_upn_suffix(suffix));
    let predicted = if reaches_cloud {
        sent.clone()
    } else {
        moera(tenant, object).map(Cow::Owned)
    };
    UpnPlan {
        sent,
        from_sam,
        reaches_cloud,
        invalid,
        predicted,
    }
}

/// The MOERA `<MailNickName>@<initial domain>`: MailNickName is the first present of
/// mailNickname, the primary SMTP prefix, the mail prefix, the UPN prefix, a secondary smtp
/// prefix (docs/model.md, *UPN computation*).
fn moera(tenant: &Tenant, object: &DirectoryObject<'_>) -> Option<String> {
    fn prefix(value: Option<&str>) -> Option<&str> {
        value
            .and_then(|value| value.trim().split('@').next())
            .filter(|part| !part.is_empty())
    }
    let secondary = object
        .proxy_addresses
        .iter()
        .find(|proxy| proxy.kind == AddressType::Smtp && !proxy.is_primary)
        .map(|proxy| proxy.address);
    let nickname = object
        .mail_nickname
        .map(str::trim)
        .filter(|nickname| !nickname.is_empty())
        .or_else(|| prefix(object.primary_smtp()))
        .or_else(|| prefix(object.mail))
        .or_else(|| prefix(object.user_principal_name))
        .or_else(|| prefix(secondary));
    nickname
        .zip(tenant.initial_domain())
        .map(|(nickname, initial)| format!("{nickname}@{initial}"))
}
