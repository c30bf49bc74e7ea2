//! The admin's deployment (docs/model.md, *The deployment*): which engine synchronizes and which
//! objects its configured scope leaves out. Every prediction, readiness check and plan honours one
//! [`Deployment`]; the default is the generic deployment (Entra Connect Sync, everything in scope).

mod join;
mod scope;

use serde::{Deserialize, Serialize};

use crate::model::{AnchorSetting, DirectoryObject};
use crate::rules;
pub use join::{ForestJoin, is_linked_mailbox, merge_linked_mailbox};
pub use scope::ConfiguredScope;

listed_enum! {
    /// The engine that synchronizes the directory.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
    pub enum SyncEngine {
        /// Microsoft Entra Connect Sync (the default).
        #[default]
        ConnectSync,
        /// Microsoft Entra Cloud Sync: a fixed source anchor (mS-DS-ConsistencyGuid, else
        /// objectGUID), no write-back of mS-DS-ConsistencyGuid (reference-cloud-sync-faq).
        CloudSync,
    }
}

/// The deployment's settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deployment {
    pub engine: SyncEngine,
    /// The attribute users sign in with when it is not userPrincipalName (alternate login ID,
    /// plan-connect-user-signin): its value becomes the cloud UPN.
    pub upn_attribute: Option<String>,
    pub scope: ConfiguredScope,
    /// How users in several forests are joined into one person.
    pub forest_join: ForestJoin,
}

/// The deployment as a caller describes it (JSON).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
struct Description {
    engine: Option<String>,
    user_principal_name_attribute: Option<String>,
    included_domains: Vec<String>,
    included_containers: Vec<String>,
    excluded_containers: Vec<String>,
    scope_group: Option<String>,
    scope_group_members: Option<Vec<String>>,
    forest_join: Option<String>,
}

impl Deployment {
    /// Reads a deployment described as JSON: `engine` (`ConnectSync`, `CloudSync`),
    /// `includedDomains` (DNS names), `includedContainers` and `excludedContainers` (OU and
    /// container DNs), `scopeGroup` (the pilot group's DN) with `scopeGroupMembers` (its `member`
    /// values), `forestJoin` (`RepresentedOnce`, `Mail`, `SamAccountNameMailNickname`, or an
    /// attribute's name). Every field may be left out. The error says what is wrong, naming the
    /// value.
    pub fn from_json(text: &str) -> Result<Deployment, String> {
        let description: Description = serde_json::from_str(text)
            .map_err(|error| format!("the deployment description is not valid: {error}"))?;
        let engine = match description.engine.as_deref().map(str::trim) {
            None | Some("") => SyncEngine::default(),
            Some(name) => *SyncEngine::ALL
                .iter()
                .find(|engine| engine.name().eq_ignore_ascii_case(name))
                .ok_or_else(|| {
                    format!("'{name}' is not a sync engine: use ConnectSync or CloudSync")
                })?,
        };
        let group = match (description.scope_group, description.scope_group_members) {
            (None, None) => None,
            (Some(group), members) => Some((group, members.unwrap_or_default())),
            (None, Some(_)) => {
                return Err("scopeGroupMembers needs scopeGroup, the group they belong to".into());
            }
        };
        let scope = ConfiguredScope::new(
            &description.included_domains,
            &description.included_containers,
            &description.excluded_containers,
            group,
        )?;
        let upn_attribute = match description
            .user_principal_name_attribute
            .as_deref()
            .map(str::trim)
        {
            None | Some("") => None,
            Some(name) if name.eq_ignore_ascii_case("userPrincipalName") => None,
            Some(name) if is_ldap_name(name) => Some(name.to_owned()),
            Some(name) => {
                return Err(format!(
                    "'{name}' is not an attribute name (a letter, then letters, digits and hyphens)"
                ));
            }
        };
        let forest_join = ForestJoin::parse(description.forest_join.as_deref().unwrap_or(""))?;
        // connect-to-cloud-sync-decision-guide: "Merge Attributes from Multiple Domains" is
        // Connect's only (Cloud Sync ✗).
        if engine == SyncEngine::CloudSync && forest_join != ForestJoin::RepresentedOnce {
            return Err(format!(
                "Cloud Sync does not merge one person's objects from several forests (the Cloud Sync decision guide lists merging attributes from multiple domains as Entra Connect Sync's only), so the forest join {} applies to Entra Connect Sync only",
                forest_join.name()
            ));
        }
        Ok(Deployment {
            engine,
            upn_attribute,
            scope,
            forest_join,
        })
    }

    /// Reads the cloud UPN's source into `object` when the deployment signs in with another
    /// attribute than userPrincipalName (`row` read with that attribute as
    /// [`Field::UpnSource`](crate::schema::Field::UpnSource)).
    pub fn sign_in<'a>(&self, row: &impl crate::schema::Row<'a>, object: &mut DirectoryObject<'a>) {
        if self.upn_attribute.is_some() {
            crate::schema::sign_in_with_attribute(row, object);
        }
    }

    /// The fields read from a column (or property) the admin names, with that name: the sign-in
    /// attribute, the forest-join attribute.
    pub fn given_columns(&self) -> Vec<(crate::schema::Field, String)> {
        use crate::schema::Field;
        let sign_in = self
            .upn_attribute
            .clone()
            .map(|name| (Field::UpnSource, name));
        let join = self
            .forest_join
            .attribute()
            .map(|name| (Field::JoinValue, name.to_owned()));
        sign_in.into_iter().chain(join).collect()
    }

    /// Cloud Sync synchronizes "up to 50,000 group members … using the OU scope filtering"
    /// (reference-cloud-sync-faq): a larger group's member count, when that limit applies.
    pub fn group_over_limit(&self, object: &DirectoryObject<'_>) -> Option<u64> {
        const CLOUD_SYNC_GROUP_MEMBERS: u64 = 50_000;
        let members = object.member_count?;
        (self.engine == SyncEngine::CloudSync
            && object.object_type() == crate::model::ObjectType::Group
            && members > CLOUD_SYNC_GROUP_MEMBERS)
            .then_some(members)
    }

    /// What a group over Cloud Sync's member limit means, in the words every cmdlet uses.
    pub fn group_over_limit_message(members: &str) -> String {
        format!(
            "This group has {members} members: Cloud Sync supports up to 50,000 group members synchronized through OU scope filtering (Cloud Sync FAQ), so its membership in Entra ID will not be complete. Entra Connect Sync has no such limit."
        )
    }

    /// Why this deployment cannot use the source anchor setting `anchor`, or None. Cloud Sync's
    /// source anchor is mS-DS-ConsistencyGuid with a fallback to objectGUID, and "there's no
    /// supported way to change" it (reference-cloud-sync-faq): only `Auto` describes it.
    pub fn anchor_problem(&self, anchor: AnchorSetting) -> Option<String> {
        (self.engine == SyncEngine::CloudSync && anchor != AnchorSetting::Auto).then(|| {
            "Cloud Sync's source anchor is fixed: mS-DS-ConsistencyGuid, else objectGUID; there is no supported way to change it (Cloud Sync FAQ). Use -SourceAnchorAttribute Auto".to_owned()
        })
    }

    /// Why `object` is not synchronized — by the default rules, else by the configured scope —
    /// as a sentence without its full stop, or None: the one wording every cmdlet uses.
    pub fn out_of_scope(&self, object: &DirectoryObject<'_>) -> Option<String> {
        // Under the SID join a linked mailbox is part of its account's person: its own type (2,
        // no source anchor of its own) no longer leaves it out; without its account it is left
        // out where the accounts are paired.
        let unlinked;
        let object = if self.forest_join == ForestJoin::ObjectSidMasterAccountSid
            && join::is_linked_mailbox(object)
        {
            unlinked = DirectoryObject {
                recipient_type_details: None,
                ..object.clone()
            };
            &unlinked
        } else {
            object
        };
        if let Some(reason) = rules::out_of_scope_reason(object) {
            return Some(format!(
                "Entra Connect does not synchronize this object by default: {reason}"
            ));
        }
        if let Some(reason) = self.scope.excludes(object.distinguished_name) {
            return Some(format!(
                "The deployment's configured scope leaves it out: {reason}"
            ));
        }
        self.forest_join
            .leaves_out(object)
            .map(|reason| format!("The deployment's forest join leaves it out: {reason}"))
    }
}

/// An LDAP attribute name: a letter, then letters, digits and hyphens.
pub(crate) fn is_ldap_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_the_generic_deployment() {
        let deployment = Deployment::from_json("{}").unwrap();
        assert_eq!(deployment, Deployment::default());
        assert_eq!(deployment.engine, SyncEngine::ConnectSync);
        assert_eq!(deployment.anchor_problem(AnchorSetting::Custom), None);
    }

    // reference-cloud-sync-faq: "cloud sync uses ms-ds-consistency-GUID with a fallback to
    // ObjectGUID as source anchor. There's no supported way to change the source anchor."
    #[test]
    fn cloud_sync_faq_the_source_anchor_is_fixed() {
        let cloud = Deployment::from_json(r#"{"engine":"cloudsync"}"#).unwrap();
        assert_eq!(cloud.engine, SyncEngine::CloudSync);
        assert_eq!(cloud.anchor_problem(AnchorSetting::Auto), None);
        for anchor in [
            AnchorSetting::ObjectGuid,
            AnchorSetting::ConsistencyGuid,
            AnchorSetting::Custom,
        ] {
            assert!(cloud.anchor_problem(anchor).is_some(), "{anchor:?}");
        }
    }

    // plan-connect-user-signin: a custom installation may choose the attribute for the UPN.
    #[test]
    fn user_signin_alternate_login_id_is_an_attribute_name() {
        let mail = Deployment::from_json(r#"{"userPrincipalNameAttribute":"mail"}"#).unwrap();
        assert_eq!(mail.upn_attribute.as_deref(), Some("mail"));
        let default =
            Deployment::from_json(r#"{"userPrincipalNameAttribute":"UserPrincipalName"}"#).unwrap();
        assert_eq!(default.upn_attribute, None);
        let bad = Deployment::from_json(r#"{"userPrincipalNameAttribute":"e mail"}"#).unwrap_err();
        assert!(bad.contains("'e mail' is not an attribute name"), "{bad}");
    }

    // reference-cloud-sync-faq: "we support up to 50,000 group members synchronized using the OU
    // scope filtering".
    #[test]
    fn cloud_sync_faq_groups_over_50000_members() {
        let cloud = Deployment::from_json(r#"{"engine":"CloudSync"}"#).unwrap();
        let group = |members| DirectoryObject {
            object_class: Some("group"),
            member_count: Some(members),
            ..DirectoryObject::default()
        };
        assert_eq!(cloud.group_over_limit(&group(50_000)), None);
        assert_eq!(cloud.group_over_limit(&group(50_001)), Some(50_001));
        assert_eq!(Deployment::default().group_over_limit(&group(90_000)), None);
        let user = DirectoryObject {
            object_class: Some("user"),
            member_count: Some(90_000),
            ..DirectoryObject::default()
        };
        assert_eq!(cloud.group_over_limit(&user), None);
    }

    // connect-to-cloud-sync-decision-guide: "Merge Attributes from Multiple Domains" is Connect's
    // only, so a forest join under Cloud Sync is refused.
    #[test]
    fn cloud_sync_decision_guide_no_forest_join() {
        let refused =
            Deployment::from_json(r#"{"engine":"CloudSync","forestJoin":"Mail"}"#).unwrap_err();
        assert!(refused.contains("Cloud Sync does not merge"), "{refused}");
        assert!(
            Deployment::from_json(r#"{"engine":"CloudSync","forestJoin":"RepresentedOnce"}"#)
                .is_ok()
        );
    }

    #[test]
    fn the_attributes_a_deployment_reads_by_their_own_names() {
        use crate::schema::Field;
        assert!(Deployment::default().given_columns().is_empty());
        let both = Deployment::from_json(
            r#"{"userPrincipalNameAttribute":"mail","forestJoin":"employeeNumber"}"#,
        )
        .unwrap();
        assert_eq!(
            both.given_columns(),
            vec![
                (Field::UpnSource, "mail".to_owned()),
                (Field::JoinValue, "employeeNumber".to_owned())
            ]
        );
        let mail = Deployment::from_json(r#"{"forestJoin":"Mail"}"#).unwrap();
        assert!(mail.given_columns().is_empty());
    }

    #[test]
    fn a_bad_description_is_refused_naming_what_is_wrong() {
        let engine = Deployment::from_json(r#"{"engine":"DirSync"}"#).unwrap_err();
        assert!(
            engine.contains("'DirSync' is not a sync engine"),
            "{engine}"
        );
        let unknown = Deployment::from_json(r#"{"forests":2}"#).unwrap_err();
        assert!(unknown.contains("forests"), "{unknown}");
        let dn = Deployment::from_json(r#"{"includedContainers":["Staff"]}"#).unwrap_err();
        assert!(dn.contains("'Staff'"), "{dn}");
        assert!(Deployment::from_json(r#"{"scopeGroupMembers":["CN=a,DC=x"]}"#).is_err());
    }
}
