//! What an input's absences mean: a property no object has (Get-ADUser without `-Properties`,
//! Get-MgUser without `-Property`) is told apart from values nobody has, and said once, with the
//! command that fetches what is missing (docs/model.md, *Input*).

use super::fields::Field;
use super::names::{Entity, display_name};

/// Which fields a whole input had: for objects, a property (even one holding null) and a value;
/// for an export, a column (its cells cannot tell an absent value from an empty one).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Seen {
    /// Inputs seen.
    pub rows: u64,
    /// The fields some input had a property or column for, one bit each ([`Field::bit`]).
    pub present: u64,
    /// The fields some input had a value for (not null; an empty list is a value).
    pub valued: u64,
}

impl Seen {
    fn never_present(&self, field: Field) -> bool {
        self.rows > 0 && self.present & field.bit() == 0
    }

    fn never_valued(&self, field: Field) -> bool {
        self.rows > 0 && self.valued & field.bit() == 0
    }
}

/// Where an input came from, as its warnings name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source<'a> {
    /// Objects from the pipeline or a parameter.
    Objects,
    /// An export file, by its path.
    File(&'a str),
}

/// What the input was read as, for its warnings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side<'a> {
    /// Directory objects; `anchors`: their source anchor is read (Auto needs
    /// mS-DS-ConsistencyGuid).
    OnPremises { anchors: bool },
    /// Cloud users given as `-parameter`; `addresses`: the answers compare their addresses;
    /// `mailboxes`: the answers say what their Exchange Online mailboxes need; `licences`: the
    /// answers depend on their licences (SynchronizeUpnForManagedUsers off).
    Cloud {
        parameter: &'a str,
        addresses: bool,
        mailboxes: bool,
        licences: bool,
    },
    /// Soft-deleted cloud users given as `-parameter`: they matter by their immutableIds.
    Deleted { parameter: &'a str },
}

/// The Get-ADUser command that returns everything SyncMatch reads of a directory object.
pub fn get_ad_user_command() -> String {
    let names: Vec<&str> = Field::ALL
        .iter()
        .filter(|field| field.asked_of_get_ad_user())
        .map(|&field| display_name(Entity::OnPremisesUser, field))
        .collect();
    format!("Get-ADUser -Filter * -Properties {}", names.join(", "))
}

/// The Get-MgUser command that returns everything SyncMatch reads of a cloud user.
pub fn get_mg_user_command() -> String {
    format!(
        "Get-MgUser -All -Property {}",
        graph_properties().join(", ")
    )
}

/// The Graph properties SyncMatch reads, Id first.
fn graph_properties() -> Vec<&'static str> {
    let mut fields: Vec<Field> = Field::ALL
        .iter()
        .copied()
        .filter(|field| field.selected_from_graph())
        .collect();
    fields.sort_by_key(|&field| field != Field::CloudId);
    fields
        .into_iter()
        .map(|field| display_name(Entity::CloudObject, field))
        .collect()
}

/// The warnings an input earns, once each, in the words the cmdlets write them.
pub fn warnings(side: Side<'_>, seen: &Seen, source: Source<'_>) -> Vec<String> {
    match side {
        Side::OnPremises { anchors } => on_premises(seen, source, anchors),
        Side::Cloud {
            parameter,
            addresses,
            mailboxes,
            licences,
        } => {
            let mut warnings = cloud(seen, source, parameter, addresses);
            if mailboxes {
                warnings.extend(mailbox_facts(seen, source, parameter));
            }
            if licences {
                warnings.extend(licence_facts(seen, source, parameter));
            }
            warnings
        }
        Side::Deleted { .. } => deleted(seen, source),
    }
}

fn on_premises(seen: &Seen, source: Source<'_>, anchors: bool) -> Vec<String> {
    let mut missing: Vec<&str> = Field::ALL
        .iter()
        .filter(|field| field.warned_when_missing() && seen.never_present(**field))
        .map(|&field| display_name(Entity::OnPremisesUser, field))
        .collect();
    if anchors && source == Source::Objects && seen.never_present(Field::ConsistencyGuid) {
        missing.push(display_name(Entity::OnPremisesUser, Field::ConsistencyGuid));
    }
    if missing.is_empty() {
        return Vec::new();
    }
    let command = get_ad_user_command();
    let list = missing.join(", ");
    vec![match source {
        Source::Objects => format!(
            "No input object has {} {list}, so every answer treats them as empty, which can be wrong (a clean plan from incomplete input). Get-ADUser returns them only when asked: {command}",
            if missing.len() == 1 {
                "the property"
            } else {
                "the properties"
            }
        ),
        Source::File(path) => format!(
            "{path} has no column {list}, so every answer treats them as empty, which can be wrong. Export them: {command} | Select-Object *, @{{n='proxyAddresses';e={{$_.proxyAddresses -join ';'}}}} -ExcludeProperty proxyAddresses | Export-Csv -NoTypeInformation -Encoding UTF8"
        ),
    }]
}

fn cloud(seen: &Seen, source: Source<'_>, parameter: &str, addresses: bool) -> Vec<String> {
    let command = get_mg_user_command();
    let mut warnings = Vec::new();
    if let Source::File(path) = source {
        let export = format!(
            "{command} | Select-Object {} | Export-Csv -NoTypeInformation -Encoding UTF8",
            graph_properties()
                .iter()
                .map(|name| match *name {
                    "ProxyAddresses" => {
                        "@{n='ProxyAddresses';e={$_.ProxyAddresses -join ';'}}".to_owned()
                    }
                    name => name.to_owned(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        );
        for field in [
            Field::ProxyAddresses,
            Field::ImmutableId,
            Field::SyncEnabled,
        ] {
            if (field != Field::ProxyAddresses || addresses) && seen.never_present(field) {
                warnings.push(format!(
                    "{path} has no {} column, so the answers treat every cloud user as having none. Export it: {export}",
                    display_name(Entity::CloudObject, field)
                ));
            }
        }
        return warnings;
    }
    if seen.rows == 0 {
        warnings.push(format!(
            "-{parameter} is empty: every answer is for a tenant without users. If the tenant has users, pass them: {command}"
        ));
        return warnings;
    }
    if addresses && seen.never_valued(Field::ProxyAddresses) {
        warnings.push(format!("No cloud user has ProxyAddresses (Get-MgUser returns an empty list when the property is selected and none exist, null when it was not selected): addresses cannot be compared, so SMTP soft matches and address conflicts are missing. Fetch them: {command}"));
    }
    if seen.never_present(Field::ImmutableId) {
        warnings.push(format!("No cloud user has an OnPremisesImmutableId property, so the immutableIds cloud users already hold are unknown (hard matches, InvalidSoftMatch, an anchor already taken). Fetch it: {command}"));
    } else if seen.never_valued(Field::ImmutableId) {
        warnings.push(format!("No cloud user has an OnPremisesImmutableId: assumed that none was ever synchronized. If Get-MgUser ran without -Property, that is not known; fetch it: {command}"));
    }
    if seen.never_present(Field::SyncEnabled) && seen.never_present(Field::LastDirSync) {
        warnings.push(format!("No cloud user has an OnPremisesSyncEnabled property: assumed that none is synchronized now. Fetch it: {command}"));
    }
    warnings
}

/// When no cloud input has `field`, how a warning begins to say so.
fn nobody_has(field: Field, seen: &Seen, source: Source<'_>, parameter: &str) -> Option<String> {
    if !seen.never_present(field) {
        return None;
    }
    Some(match source {
        Source::Objects => format!("No -{parameter} object has"),
        Source::File(path) => format!("{path} has no column"),
    })
}

/// The Exchange Online mailbox facts of cloud users, joined to Get-MgUser's users by id.
const JOIN_MAILBOXES: &str = "$mailboxes = Get-EXOMailbox -ResultSize Unlimited -Properties ExchangeGuid | Group-Object ExternalDirectoryObjectId -AsHashTable -AsString; $cloud = $cloud | Select-Object *, @{n='RecipientTypeDetails';e={$mailboxes[$_.Id].RecipientTypeDetails}}, @{n='ExchangeGuid';e={$mailboxes[$_.Id].ExchangeGuid}}";

/// No cloud user says whether it has a mailbox: the plan cannot advise on any.
fn mailbox_facts(seen: &Seen, source: Source<'_>, parameter: &str) -> Option<String> {
    let which = nobody_has(Field::CloudMailbox, seen, source, parameter)?;
    Some(format!(
        "{which} HasMailbox or RecipientTypeDetails, so which cloud users have an Exchange Online mailbox is unknown and no item says what its mailbox needs (MailboxNotRemote, MailboxOnBothSides). Get-MgUser does not return it; Get-EXOMailbox does, joined by the user's id: {JOIN_MAILBOXES}"
    ))
}

/// No cloud user says whether it is licensed, while SynchronizeUpnForManagedUsers is off: every
/// joined user is taken as licensed (keeps its cloud UPN), said once here and in each warning.
fn licence_facts(seen: &Seen, source: Source<'_>, parameter: &str) -> Option<String> {
    let which = nobody_has(Field::Licensed, seen, source, parameter)?;
    Some(format!(
        "{which} AssignedLicenses (or IsLicensed), and SynchronizeUpnForManagedUsers is off: synchronization leaves the UPN of licensed users alone, so every matched user is taken as licensed and predicted to keep its cloud UPN. Fetch the licences: {}{}",
        get_mg_user_command(),
        match source {
            Source::Objects => "",
            Source::File(_) =>
                " | Select-Object *, @{n='AssignedLicenses';e={$_.AssignedLicenses.SkuId -join ';'}} -ExcludeProperty AssignedLicenses | Export-Csv -NoTypeInformation -Encoding UTF8",
        }
    ))
}

/// The command that fetches soft-deleted users with what SyncMatch reads of them.
const GET_DELETED_USERS: &str =
    "Get-MgDirectoryDeletedItemAsUser -All -Property Id, UserPrincipalName, OnPremisesImmutableId";

fn deleted(seen: &Seen, source: Source<'_>) -> Vec<String> {
    match source {
        Source::File(path) if seen.never_present(Field::ImmutableId) => vec![format!(
            "{path} has no OnPremisesImmutableId column, so restores cannot be predicted. Export it: {GET_DELETED_USERS} | Export-Csv -NoTypeInformation -Encoding UTF8"
        )],
        Source::Objects if seen.never_valued(Field::ImmutableId) => vec![format!(
            "No -DeletedCloudUser has an OnPremisesImmutableId, so restores cannot be predicted. Fetch it: {GET_DELETED_USERS}"
        )],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(rows: u64, present: &[Field], valued: &[Field]) -> Seen {
        let bits = |fields: &[Field]| fields.iter().fold(0, |bits, field| bits | field.bit());
        Seen {
            rows,
            present: bits(present),
            valued: bits(valued),
        }
    }

    #[test]
    fn get_ad_user_without_properties_is_said_once_with_the_command() {
        // Get-ADUser's default set: DistinguishedName, ObjectClass, ObjectGUID, SamAccountName,
        // SID, UserPrincipalName (Get-ADUser reference page).
        let default = [
            Field::DistinguishedName,
            Field::ObjectClass,
            Field::SamAccountName,
            Field::UserPrincipalName,
            Field::ObjectGuid,
            Field::SecurityIdentifier,
        ];
        let found = warnings(
            Side::OnPremises { anchors: true },
            &seen(3, &default, &default),
            Source::Objects,
        );
        assert_eq!(found.len(), 1);
        assert!(
            found[0].starts_with("No input object has the properties mail, proxyAddresses, mailNickname, msExchRecipientTypeDetails, isCriticalSystemObject, mS-DS-ConsistencyGuid,"),
            "{}",
            found[0]
        );
        assert!(found[0].ends_with(&get_ad_user_command()));
        // Nothing read at all: nothing to say about its shape.
        assert!(
            warnings(
                Side::OnPremises { anchors: true },
                &Seen::default(),
                Source::Objects
            )
            .is_empty()
        );
    }

    #[test]
    fn get_mg_user_without_property_reads_null_proxy_addresses() {
        // Selected and empty is an empty list (a value); not selected is null.
        let present = [
            Field::CloudId,
            Field::UserPrincipalName,
            Field::ProxyAddresses,
            Field::ImmutableId,
            Field::SyncEnabled,
        ];
        let valued = [Field::CloudId, Field::UserPrincipalName];
        let cloud = Side::Cloud {
            parameter: "CloudUser",
            addresses: true,
            mailboxes: false,
            licences: false,
        };
        let found = warnings(cloud, &seen(2, &present, &valued), Source::Objects);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("No cloud user has ProxyAddresses"));
        assert!(found[1].starts_with("No cloud user has an OnPremisesImmutableId:"));
        let empty = warnings(cloud, &Seen::default(), Source::Objects);
        assert!(empty[0].starts_with("-CloudUser is empty"));
    }

    #[test]
    fn an_export_names_its_missing_columns_and_the_command_that_writes_them() {
        let found = warnings(
            Side::Cloud {
                parameter: "CloudUser",
                addresses: true,
                mailboxes: false,
                licences: false,
            },
            &seen(10, &[Field::CloudId, Field::ImmutableId], &[]),
            Source::File("cloud.csv"),
        );
        assert_eq!(found.len(), 2);
        assert!(found[0].starts_with("cloud.csv has no ProxyAddresses column"));
        assert!(found[1].starts_with("cloud.csv has no OnPremisesSyncEnabled column"));
        assert!(found[0].contains("@{n='ProxyAddresses';e={$_.ProxyAddresses -join ';'}}"));
    }

    // Get-MgUser has no mailbox property: a plan's cloud users without HasMailbox or
    // RecipientTypeDetails (Get-EXOMailbox) are said once, with the join that adds them.
    #[test]
    fn a_plans_cloud_users_without_mailbox_facts_are_said_once() {
        let side = Side::Cloud {
            parameter: "CloudUser",
            addresses: false,
            mailboxes: true,
            licences: false,
        };
        let present = [Field::CloudId, Field::ImmutableId, Field::SyncEnabled];
        let found = warnings(side, &seen(3, &present, &present), Source::Objects);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("No -CloudUser object has HasMailbox or RecipientTypeDetails")
        );
        assert!(found[0].contains("Get-EXOMailbox -ResultSize Unlimited -Properties ExchangeGuid"));
        let with = [
            Field::CloudId,
            Field::ImmutableId,
            Field::SyncEnabled,
            Field::CloudMailbox,
        ];
        assert!(warnings(side, &seen(3, &with, &present), Source::Objects).is_empty());
    }

    // how-to-connect-syncservice-features: with SynchronizeUpnForManagedUsers off, only licensed
    // users keep their cloud UPN; without AssignedLicenses that is not known, said once.
    #[test]
    fn syncservice_features_licences_are_asked_when_upn_updates_are_blocked() {
        let side = |licences| Side::Cloud {
            parameter: "CloudUser",
            addresses: false,
            mailboxes: false,
            licences,
        };
        let present = [Field::CloudId, Field::ImmutableId, Field::SyncEnabled];
        let found = warnings(side(true), &seen(3, &present, &present), Source::Objects);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("No -CloudUser object has AssignedLicenses"));
        assert!(found[0].contains("AssignedLicenses"));
        assert!(warnings(side(false), &seen(3, &present, &present), Source::Objects).is_empty());
        let with = [
            Field::CloudId,
            Field::ImmutableId,
            Field::SyncEnabled,
            Field::Licensed,
        ];
        // An empty AssignedLicenses is a value: unlicensed, known.
        assert!(warnings(side(true), &seen(3, &with, &present), Source::Objects).is_empty());
        let file = warnings(
            side(true),
            &seen(3, &present, &[]),
            Source::File("cloud.csv"),
        );
        assert!(
            file.iter().any(
                |w| w.starts_with("cloud.csv has no column AssignedLicenses")
                    && w.contains("$_.AssignedLicenses.SkuId -join ';'")
            ),
            "{file:?}"
        );
    }

    #[test]
    fn the_commands_list_what_is_read() {
        assert_eq!(
            get_mg_user_command(),
            "Get-MgUser -All -Property Id, UserPrincipalName, Mail, ProxyAddresses, DisplayName, OnPremisesSecurityIdentifier, OnPremisesImmutableId, OnPremisesSyncEnabled, OnPremisesObjectIdentifier, AssignedLicenses"
        );
        assert!(get_ad_user_command().contains("mS-DS-ConsistencyGuid"));
    }
}
