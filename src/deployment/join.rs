//! How users in several forests are joined into one person ("Uniquely identifying your users",
//! how-to-connect-install-custom; plan-connect-topologies, *Multiple forests, single Microsoft
//! Entra tenant*). Every option but the default joins users whose join value is equal into one
//! metaverse person: one user in Entra ID. The consolidation "is configured only for users"
//! (plan-connect-topologies): groups never join; contacts join users on mail by default already
//! (In from AD - Contact Join).

use std::borrow::Cow;

use crate::address::comparison_key;
use crate::model::{DirectoryObject, ObjectType};

/// The matching option chosen on the wizard's "Uniquely identifying your users" page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ForestJoin {
    /// "Users are represented only once across all forests": nothing is joined (the default).
    #[default]
    RepresentedOnce,
    /// "Mail attribute": users with the same mail are one person; "user objects whose mail
    /// attribute is unpopulated aren't synchronized".
    Mail,
    /// "ObjectSID and msExchangeMasterAccountSID/ msRTCSIP-OriginatorSID attributes": an enabled
    /// account and the linked mailbox (in another forest) whose msExchMasterAccountSid is the
    /// account's objectSid are one person, sign-in attributes from the account and Exchange
    /// attributes from the mailbox (Understanding the default configuration).
    ObjectSidMasterAccountSid,
    /// "SAMAccountName and MailNickName attributes". **Model assumption**: both must be equal
    /// (the documentation names the pair, not its join rule).
    SamAccountNameMailNickname,
    /// "Choose a specific attribute": users with the same value are one person; "user objects
    /// whose (selected) attribute is unpopulated aren't synchronized".
    Attribute(String),
}

impl ForestJoin {
    /// The option's name as the admin gives it (`-ForestJoin`): one of the named options, or the
    /// attribute's LDAP name.
    pub fn name(&self) -> &str {
        match self {
            ForestJoin::RepresentedOnce => "RepresentedOnce",
            ForestJoin::Mail => "Mail",
            ForestJoin::ObjectSidMasterAccountSid => "ObjectSidMasterAccountSid",
            ForestJoin::SamAccountNameMailNickname => "SamAccountNameMailNickname",
            ForestJoin::Attribute(name) => name,
        }
    }

    /// Reads the option from its name (compared without case); an LDAP attribute name is the
    /// "specific attribute" option (`mail` is the Mail option).
    pub fn parse(name: &str) -> Result<ForestJoin, String> {
        let name = name.trim();
        let named = [
            ForestJoin::RepresentedOnce,
            ForestJoin::Mail,
            ForestJoin::ObjectSidMasterAccountSid,
            ForestJoin::SamAccountNameMailNickname,
        ];
        if name.is_empty() {
            return Ok(ForestJoin::RepresentedOnce);
        }
        if let Some(option) = named
            .into_iter()
            .find(|option| option.name().eq_ignore_ascii_case(name))
        {
            return Ok(option);
        }
        if super::is_ldap_name(name) {
            return Ok(ForestJoin::Attribute(name.to_owned()));
        }
        Err(format!(
            "'{name}' is not a forest join: use RepresentedOnce, Mail, SamAccountNameMailNickname, or the name of the attribute to join on"
        ))
    }

    /// The attribute the admin chose, read under its own name ([`Field::JoinValue`](crate::schema::Field::JoinValue)).
    pub fn attribute(&self) -> Option<&str> {
        match self {
            ForestJoin::Attribute(name) => Some(name),
            _ => None,
        }
    }

    /// What the join compares, for the sentences that name it.
    pub fn describe(&self) -> String {
        match self {
            ForestJoin::RepresentedOnce => "nothing".to_owned(),
            ForestJoin::Mail => "mail".to_owned(),
            ForestJoin::ObjectSidMasterAccountSid => {
                "objectSid and msExchMasterAccountSid".to_owned()
            }
            ForestJoin::SamAccountNameMailNickname => "sAMAccountName and mailNickname".to_owned(),
            ForestJoin::Attribute(name) => name.clone(),
        }
    }

    /// Why the option leaves `object` unsynchronized: a user without the join value, under the
    /// options the wizard documents so.
    pub fn leaves_out(&self, object: &DirectoryObject<'_>) -> Option<String> {
        if object.object_type() != ObjectType::User {
            return None;
        }
        let missing = match self {
            ForestJoin::Mail => is_blank(object.mail),
            ForestJoin::Attribute(_) => is_blank(object.join_value),
            _ => false,
        };
        missing.then(|| {
            format!(
                "the deployment joins users across forests on {} (Uniquely identifying your users), and a user whose {} is empty is not synchronized",
                self.describe(),
                self.describe()
            )
        })
    }

    /// Writes `object`'s join key to `key` (cleared first): its join value as compared (without
    /// case, trimmed). False when the object joins nothing: not a user, the default option, or no
    /// value to join on.
    pub fn join_key(&self, object: &DirectoryObject<'_>, key: &mut String) -> bool {
        key.clear();
        match self.value(object) {
            Some((_, compared)) => {
                key.push_str(&compared);
                true
            }
            None => false,
        }
    }

    /// The value `object` is joined on, as it holds it (trimmed, for the sentences) and as
    /// compared (without case), when it joins anything: not for other objects than users, the
    /// default option, or a user without the value. A single value that is already its own key
    /// is not copied.
    pub fn value<'a>(&self, object: &DirectoryObject<'a>) -> Option<(Cow<'a, str>, Cow<'a, str>)> {
        if *self == ForestJoin::RepresentedOnce || object.object_type() != ObjectType::User {
            return None;
        }
        let single = match self {
            ForestJoin::RepresentedOnce => return None,
            ForestJoin::Mail => object.mail,
            ForestJoin::Attribute(_) => object.join_value,
            // A linked mailbox joins on its account's SID, any other user on its own.
            ForestJoin::ObjectSidMasterAccountSid if is_linked_mailbox(object) => {
                object.master_account_sid
            }
            ForestJoin::ObjectSidMasterAccountSid => object.security_identifier,
            ForestJoin::SamAccountNameMailNickname => {
                let (sam, nickname) = (
                    object.sam_account_name?.trim(),
                    object.mail_nickname?.trim(),
                );
                let (sam_key, nickname_key) = (comparison_key(sam), comparison_key(nickname));
                if sam_key.is_empty() || nickname_key.is_empty() {
                    return None;
                }
                // A separator no value holds, so "ab"+"c" and "a"+"bc" stay apart.
                return Some((
                    Cow::Owned(format!("{sam} / {nickname}")),
                    Cow::Owned(format!("{sam_key}\u{0}{nickname_key}")),
                ));
            }
        };
        let shown = single?.trim();
        let key = comparison_key(shown);
        (!key.is_empty()).then_some((Cow::Borrowed(shown), key))
    }
}

/// SELF (NT AUTHORITY\\SELF): the msExchMasterAccountSid of shared and resource mailboxes, which
/// belong to no account in another forest.
const SELF_SID: &str = "S-1-5-10";

/// A linked mailbox: a user whose msExchMasterAccountSid names an account (not SELF, not
/// itself). Its account is in another forest (plan-connect-topologies, account-resource forest).
pub fn is_linked_mailbox(object: &DirectoryObject<'_>) -> bool {
    let Some(master) = object.master_account_sid.map(str::trim) else {
        return false;
    };
    !master.is_empty()
        && !master.eq_ignore_ascii_case(SELF_SID)
        && object
            .security_identifier
            .is_none_or(|own| !own.trim().eq_ignore_ascii_case(master))
}

/// The person an account and its linked mailbox make (Understanding the default configuration,
/// "When there are multiple forests, then attributes are consumed in the following order"):
/// attributes related to sign-in — and the object's place, its scope and its identity — from
/// the account (the forest with the enabled account), msExchRecipientTypeDetails too; the
/// attributes found in the Exchange address list and Exchange's own from the mailbox. The source anchor is the account's too:
/// "the sourceAnchor attribute is not contributed from a linked mailbox".
pub fn merge_linked_mailbox<'a>(
    account: &DirectoryObject<'a>,
    mailbox: &DirectoryObject<'a>,
) -> DirectoryObject<'a> {
    DirectoryObject {
        mail: mailbox.mail,
        mail_nickname: mailbox.mail_nickname,
        proxy_addresses: mailbox.proxy_addresses.clone(),
        target_address: mailbox.target_address,
        display_name: mailbox.display_name.or(account.display_name),
        given_name: mailbox.given_name.or(account.given_name),
        surname: mailbox.surname.or(account.surname),
        sip_address: mailbox.sip_address.or(account.sip_address),
        // The account's: the default rules filter each forest's object on its own type, and a
        // linked mailbox's type (2) is what keeps the mailbox from being provisioned alone.
        ..account.clone()
    }
}

fn is_blank(value: Option<&str>) -> bool {
    value.is_none_or(|value| value.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user<'a>(mail: Option<&'a str>) -> DirectoryObject<'a> {
        DirectoryObject {
            object_class: Some("user"),
            sam_account_name: Some("ada"),
            mail_nickname: Some("ada.lovelace"),
            mail,
            ..DirectoryObject::default()
        }
    }

    #[test]
    fn install_custom_options_by_name_and_any_attribute() {
        assert_eq!(ForestJoin::parse(""), Ok(ForestJoin::RepresentedOnce));
        assert_eq!(ForestJoin::parse("mail"), Ok(ForestJoin::Mail));
        assert_eq!(
            ForestJoin::parse("samaccountnamemailnickname"),
            Ok(ForestJoin::SamAccountNameMailNickname)
        );
        assert_eq!(
            ForestJoin::parse("employeeNumber"),
            Ok(ForestJoin::Attribute("employeeNumber".to_owned()))
        );
        assert_eq!(
            ForestJoin::parse("objectsidmasteraccountsid"),
            Ok(ForestJoin::ObjectSidMasterAccountSid)
        );
        let bad = ForestJoin::parse("e mail").unwrap_err();
        assert!(bad.contains("'e mail' is not a forest join"), "{bad}");
    }

    // how-to-connect-install-custom, Mail attribute: "user objects whose mail attribute is
    // unpopulated aren't synchronized"; likewise for a specific attribute.
    #[test]
    fn install_custom_users_without_the_join_value_are_not_synchronized() {
        assert!(ForestJoin::Mail.leaves_out(&user(None)).is_some());
        assert!(ForestJoin::Mail.leaves_out(&user(Some(" "))).is_some());
        assert!(
            ForestJoin::Mail
                .leaves_out(&user(Some("a@x.com")))
                .is_none()
        );
        assert!(
            ForestJoin::RepresentedOnce
                .leaves_out(&user(None))
                .is_none()
        );
        assert!(
            ForestJoin::SamAccountNameMailNickname
                .leaves_out(&user(None))
                .is_none()
        );
        let custom = ForestJoin::Attribute("employeeNumber".to_owned());
        assert!(custom.leaves_out(&user(None)).is_some());
        let numbered = DirectoryObject {
            join_value: Some("4711"),
            ..user(None)
        };
        assert!(custom.leaves_out(&numbered).is_none());
        // Only users: a group without mail is not left out by the join.
        let group = DirectoryObject {
            object_class: Some("group"),
            ..DirectoryObject::default()
        };
        assert!(ForestJoin::Mail.leaves_out(&group).is_none());
    }

    // plan-connect-topologies: "The consolidation is configured only for users."
    #[test]
    fn plan_connect_topologies_only_users_join() {
        let mut key = String::new();
        assert!(ForestJoin::Mail.join_key(&user(Some(" Ada@X.com")), &mut key));
        assert_eq!(key, "ada@x.com");
        let contact = DirectoryObject {
            object_class: Some("contact"),
            mail: Some("ada@x.com"),
            ..DirectoryObject::default()
        };
        assert!(!ForestJoin::Mail.join_key(&contact, &mut key));
        assert!(!ForestJoin::RepresentedOnce.join_key(&user(Some("a@x.com")), &mut key));
    }

    #[test]
    fn sam_account_name_and_mail_nickname_both_take_part() {
        let mut first = String::new();
        let mut second = String::new();
        let pair = ForestJoin::SamAccountNameMailNickname;
        assert!(pair.join_key(&user(None), &mut first));
        let other_nickname = DirectoryObject {
            mail_nickname: Some("ada.l"),
            ..user(None)
        };
        assert!(pair.join_key(&other_nickname, &mut second));
        assert_ne!(first, second);
        let no_nickname = DirectoryObject {
            mail_nickname: None,
            ..user(None)
        };
        assert!(!pair.join_key(&no_nickname, &mut second));
    }
}

#[cfg(test)]
mod linked_mailbox_tests {
    use super::*;
    use crate::address::ProxyAddress;

    const ACCOUNT_SID: &str = "S-1-5-21-1004336348-1177238915-682003330-1104";

    fn account<'a>() -> DirectoryObject<'a> {
        DirectoryObject {
            distinguished_name: Some("CN=Ada,OU=Staff,DC=accounts,DC=contoso,DC=com"),
            object_class: Some("user"),
            sam_account_name: Some("ada"),
            user_principal_name: Some("ada@contoso.com"),
            security_identifier: Some(ACCOUNT_SID),
            display_name: Some("Ada (account)"),
            ..DirectoryObject::default()
        }
    }

    fn mailbox<'a>() -> DirectoryObject<'a> {
        DirectoryObject {
            distinguished_name: Some("CN=Ada,OU=Mailboxes,DC=resources,DC=contoso,DC=com"),
            object_class: Some("user"),
            sam_account_name: Some("ada-mbx"),
            user_principal_name: Some("ada@resources.contoso.com"),
            mail: Some("ada.lovelace@contoso.com"),
            mail_nickname: Some("ada.lovelace"),
            proxy_addresses: vec![ProxyAddress::parse("SMTP:ada.lovelace@contoso.com")],
            display_name: Some("Ada Lovelace"),
            recipient_type_details: Some("2"),
            security_identifier: Some("S-1-5-21-2-3-4-2201"),
            master_account_sid: Some(ACCOUNT_SID),
            ..DirectoryObject::default()
        }
    }

    // plan-connect-topologies, account-resource forest: "the mailbox is linked to the account
    // forest"; shared mailboxes' msExchMasterAccountSid is SELF.
    #[test]
    fn plan_connect_topologies_a_linked_mailbox_names_its_account() {
        assert!(is_linked_mailbox(&mailbox()));
        assert!(!is_linked_mailbox(&account()));
        let shared = DirectoryObject {
            master_account_sid: Some("S-1-5-10"),
            ..mailbox()
        };
        assert!(!is_linked_mailbox(&shared));
        let join = ForestJoin::ObjectSidMasterAccountSid;
        let (mut first, mut second) = (String::new(), String::new());
        assert!(join.join_key(&account(), &mut first));
        assert!(join.join_key(&mailbox(), &mut second));
        assert_eq!(first, second);
    }

    // concept-azure-ad-connect-sync-default-configuration: sign-in attributes from the forest
    // with the enabled account, GAL attributes from the forest with the mailbox.
    #[test]
    fn default_configuration_sign_in_from_the_account_exchange_from_the_mailbox() {
        let person = merge_linked_mailbox(&account(), &mailbox());
        assert_eq!(person.user_principal_name, Some("ada@contoso.com"));
        assert_eq!(person.sam_account_name, Some("ada"));
        assert_eq!(
            person.distinguished_name,
            Some("CN=Ada,OU=Staff,DC=accounts,DC=contoso,DC=com")
        );
        assert_eq!(person.security_identifier, Some(ACCOUNT_SID));
        assert_eq!(person.mail, Some("ada.lovelace@contoso.com"));
        assert_eq!(person.primary_smtp(), Some("ada.lovelace@contoso.com"));
        assert_eq!(person.mail_nickname, Some("ada.lovelace"));
        assert_eq!(person.display_name, Some("Ada Lovelace"));
    }
}
