//! The objects Entra Connect leaves out by default (docs/model.md, *Default scope*), and the
//! recipient types the rules and the plan read from msExchRecipientTypeDetails.

use super::*;

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
    } else if object.object_class.is_some_and(|class| {
        class
            .trimmed()
            .eq_ignore_ascii_case("msExchDynamicDistributionList")
    }) {
        // Before the sAMAccountName rule: a dynamic distribution group has none, and that is not why.
        Some(
            "it is an Exchange dynamic distribution group: the default configuration's rules cover users, iNetOrgPersons, groups, contacts and computers, and say nothing of it, so whether it synchronizes is undocumented (Exchange Online has dynamic groups of its own)"
                .into(),
        )
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
    } else if object.object_type() == ObjectType::Contact && !has_mail(object) {
        Some("it is a contact without a mail value (the default rules need one)".into())
    } else if object.object_type() == ObjectType::Contact && !is_mail_enabled(object) {
        Some(
            "it is a contact that is not mail-enabled (the default rules need proxyAddresses, with an SMTP: value holding an @ or a mail holding one)"
                .into(),
        )
    } else if object.object_type() == ObjectType::Group
        && object.security_enabled() == Some(false)
        && !is_mail_enabled(object)
    {
        Some(
            "it is a distribution group that is not mail-enabled (the default rules synchronize a distribution group only when it is mail-enabled, as a contact must be)"
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
pub(super) const EXCLUDED_RECIPIENT_TYPES: u64 = 0x21C0_7000;

/// msExchRecipientTypeDetails bit of an Exchange role group: groups with it are left out.
pub(super) const ROLE_GROUP: u64 = 0x4000_0000;

/// A contact synchronizes only mail-enabled: proxyAddresses present, and an `SMTP:` value or a
/// mail holding `@` (*Entra Connect sync: default configuration*, contacts).
/// Mail-enabled as the default rules test it for contacts and distribution groups (Entra Connect
/// sync: default configuration, *Contact out-of-box rules*): proxyAddresses present, and an
/// `SMTP:` value holding an `@` or a mail holding one.
pub fn is_mail_enabled(object: &DirectoryObject<'_>) -> bool {
    !object.proxy_addresses.is_empty()
        && (object
            .proxy_addresses
            .iter()
            // Contains([proxyAddresses], "SMTP:") compares without case (functions reference).
            .any(|proxy| {
                proxy.kind == AddressType::Smtp
                    && !proxy.prefix.is_empty()
                    && proxy.address.contains('@')
            })
            || object.mail.is_some_and(|mail| mail.contains('@')))
}

/// A contact "must have mail attribute value" (the same page).
fn has_mail(object: &DirectoryObject<'_>) -> bool {
    object.mail.is_some_and(|mail| !mail.trimmed().is_empty())
}

/// msExchRecipientTypeDetails bits of a remote mailbox (user, room, equipment, shared): the
/// mailbox lives in Exchange Online and Exchange on-premises manages it.
pub(super) const REMOTE_MAILBOXES: u64 =
    0x8000_0000 | 0x2_0000_0000 | 0x4_0000_0000 | 0x8_0000_0000;

/// Whether the object is a remote mailbox (Enable-RemoteMailbox was run for it).
pub fn is_remote_mailbox(object: &DirectoryObject<'_>) -> bool {
    recipient_type_details(object).is_some_and(|value| value & REMOTE_MAILBOXES != 0)
}

/// msExchRecipientTypeDetails bits of a mailbox in Exchange on-premises (Exchange's
/// RecipientTypeDetails: UserMailbox 0x1, LinkedMailbox 0x2, SharedMailbox 0x4, RoomMailbox 0x10,
/// EquipmentMailbox 0x20).
pub(super) const ON_PREMISES_MAILBOXES: u64 = 0x1 | 0x2 | 0x4 | 0x10 | 0x20;

/// Where an on-premises user's mailbox lives, as msExchRecipientTypeDetails says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExchangeRecipient {
    /// No mailbox (or no Exchange attributes were read).
    #[default]
    NoMailbox,
    /// A remote mailbox: its mailbox is in Exchange Online.
    Remote,
    /// A mailbox in Exchange on-premises.
    OnPremises,
}

/// Where `object`'s mailbox lives.
pub fn exchange_recipient(object: &DirectoryObject<'_>) -> ExchangeRecipient {
    match recipient_type_details(object) {
        Some(value) if value & REMOTE_MAILBOXES != 0 => ExchangeRecipient::Remote,
        Some(value) if value & ON_PREMISES_MAILBOXES != 0 => ExchangeRecipient::OnPremises,
        _ => ExchangeRecipient::NoMailbox,
    }
}

/// msExchRecipientTypeDetails of a linked mailbox: the default rule sets its source anchor to NULL.
pub(super) const LINKED_MAILBOX: u64 = 2;

/// msExchRecipientTypeDetails as a number, from the number or its text (decimal, or 0x-hex).
pub(super) fn recipient_type_details(object: &DirectoryObject<'_>) -> Option<u64> {
    let text = object.recipient_type_details?.trimmed();
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}
