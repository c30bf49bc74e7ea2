//! How users in several forests are joined into one person ("Uniquely identifying your users",
//! how-to-connect-install-custom; plan-connect-topologies, *Multiple forests, single Microsoft
//! Entra tenant*). Every option but the default joins users whose join value is equal into one
//! metaverse person: one user in Entra ID. The consolidation "is configured only for users"
//! (plan-connect-topologies): groups never join; contacts join users on mail by default already
//! (In from AD - Contact Join).

use crate::address::push_comparison_key;
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
        if name.eq_ignore_ascii_case("ObjectSidMasterAccountSid") {
            return Err("the forest join ObjectSidMasterAccountSid is not supported yet: an account-forest user and its linked mailbox are one person whose sign-in attributes come from the account and whose Exchange attributes come from the mailbox (Understanding the default configuration), and SyncMatch does not yet merge two objects' attributes before matching. Predict the account forest alone, or the resource forest alone".to_owned());
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
        if *self == ForestJoin::RepresentedOnce || object.object_type() != ObjectType::User {
            return false;
        }
        match self {
            ForestJoin::RepresentedOnce => {}
            ForestJoin::Mail => push_comparison_key(key, object.mail.unwrap_or_default()),
            ForestJoin::Attribute(_) => {
                push_comparison_key(key, object.join_value.unwrap_or_default());
            }
            ForestJoin::SamAccountNameMailNickname => {
                let (Some(sam), Some(nickname)) = (object.sam_account_name, object.mail_nickname)
                else {
                    return false;
                };
                push_comparison_key(key, sam);
                if key.is_empty() {
                    return false;
                }
                // A separator no value holds, so "ab"+"c" and "a"+"bc" stay apart.
                key.push('\u{0}');
                let before = key.len();
                push_comparison_key(key, nickname);
                if key.len() == before {
                    key.clear();
                }
            }
        }
        !key.is_empty()
    }

    /// The value a person is joined on, as the object holds it (for the sentences).
    pub fn shown<'a>(&self, object: &DirectoryObject<'a>) -> Option<String> {
        match self {
            ForestJoin::RepresentedOnce => None,
            ForestJoin::Mail => object.mail.map(|mail| mail.trim().to_owned()),
            ForestJoin::Attribute(_) => object.join_value.map(|value| value.trim().to_owned()),
            ForestJoin::SamAccountNameMailNickname => Some(format!(
                "{} / {}",
                object.sam_account_name.unwrap_or_default().trim(),
                object.mail_nickname.unwrap_or_default().trim()
            )),
        }
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
        let sid = ForestJoin::parse("ObjectSidMasterAccountSid").unwrap_err();
        assert!(sid.contains("not supported yet"), "{sid}");
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
