//! The user documentation's lists of what SyncMatch reads, generated from the schema so they can
//! never disagree with it: a block of the README and the about_SyncMatch_Input help topic. The
//! test below fails when either is stale; `SYNCMATCH_WRITE_DOCS=1 cargo test schema::docs`
//! rewrites them.

use super::completeness::{get_ad_user_command, get_mg_user_command};
use super::fields::Field;
use super::names::{Entity, names_of};

/// How the documentation names what an entity is read for.
fn purpose(entity: Entity) -> &'static str {
    match entity {
        Entity::DirectoryObject => "Directory object (Test-SyncReadiness)",
        Entity::OnPremisesUser => {
            "On-premises user (Test-SoftMatch; New-HardMatchPlan -OnPremisesUser; a mapping row that carries its ObjectGUID)"
        }
        Entity::CloudObject => "Cloud object (-CloudUser, -DeletedCloudUser)",
        Entity::CloudShape => {
            "Cloud object without a UPN or a type: a group or contact by these properties alone"
        }
        Entity::MappingRow => "Mapping row (New-HardMatchPlan input)",
        Entity::AnchorObject => {
            "Object whose anchor is asked for (ConvertTo-ImmutableId, Get-SourceAnchor)"
        }
        Entity::ScopeGroup => "Pilot group of group filtering (-ScopeGroup)",
    }
}

/// Each field an entity reads, with its names in order of preference.
fn fields_of(entity: Entity) -> Vec<(Field, Vec<&'static str>)> {
    let mut fields: Vec<(Field, Vec<&'static str>)> = Vec::new();
    for name in names_of(entity) {
        match fields.iter_mut().find(|(field, _)| *field == name.field) {
            Some((_, names)) => names.push(name.name),
            None => fields.push((name.field, vec![name.name])),
        }
    }
    fields
}

const GENERATED: &str = "Generated from the input schema (src/schema/names.rs) by `cargo test schema::docs`: do not edit by hand.";

/// The README's block: a table an entity, and the commands that fetch everything read.
pub(super) fn readme_block() -> String {
    let mut out = format!("<!-- {GENERATED} -->\n");
    for entity in Entity::ALL {
        out.push_str(&format!(
            "\n**{}**\n\n| attribute | read by these names, the first with a value wins |\n|---|---|\n",
            purpose(*entity)
        ));
        for (field, names) in fields_of(*entity) {
            let names: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
            out.push_str(&format!("| {} | {} |\n", field.name(), names.join(", ")));
        }
    }
    out.push_str(&format!(
        "\nEverything read of a directory object, and of a cloud user:\n\n```powershell\n{}\n{}\n```\n",
        get_ad_user_command(),
        get_mg_user_command()
    ));
    out
}

/// The about_SyncMatch_Input help topic.
pub(super) fn about_topic() -> String {
    let mut out = String::from(
        "TOPIC\n    about_SyncMatch_Input\n\nSHORT DESCRIPTION\n    What SyncMatch reads of each input: the properties (or export columns) of each\n    attribute, by name and alias, compared without case.\n\nLONG DESCRIPTION\n    Objects (Get-ADUser, Get-MgUser output, [pscustomobject]s, hashtables), Import-Csv rows\n    and exports read by Import-DirectoryExport are read by the same names, so the same values\n    give the same answers whatever form they come in. Where an attribute has several names, the\n    first with a value wins; an empty text is no value (Export-Csv writes an absent value as an\n    empty cell). A property or column no name here matches is not read.\n",
    );
    for entity in Entity::ALL {
        out.push_str(&format!("\n    {}\n", purpose(*entity)));
        for (field, names) in fields_of(*entity) {
            out.push_str(&format!(
                "        {:<28} {}\n",
                field.name(),
                names.join(", ")
            ));
        }
    }
    out.push_str(&format!(
        "\n    Everything read of a directory object, and of a cloud user:\n        {}\n        {}\n\nNOTE\n    {GENERATED}\n\nSEE ALSO\n    about_SyncMatch\n    Import-DirectoryExport\n",
        get_ad_user_command(),
        get_mg_user_command()
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BEGIN: &str = "<!-- schema:begin -->\n";
    const END: &str = "<!-- schema:end -->";

    fn repository(path: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
    }

    /// Holds a generated file (or the README's block) to the schema; with SYNCMATCH_WRITE_DOCS
    /// set, writes it instead.
    fn check(path: &str, generated: &str, block: bool) {
        let file = repository(path);
        let text = std::fs::read_to_string(&file).expect("the documentation file");
        let current = if block {
            let start = text.find(BEGIN).expect("the README marks the block") + BEGIN.len();
            let end = text.find(END).expect("the README marks the block's end");
            (start, end)
        } else {
            (0, text.len())
        };
        if std::env::var_os("SYNCMATCH_WRITE_DOCS").is_some() {
            let written = format!("{}{generated}{}", &text[..current.0], &text[current.1..]);
            std::fs::write(&file, written).expect("written");
            return;
        }
        assert!(
            text[current.0..current.1] == *generated,
            "{path} is stale: run SYNCMATCH_WRITE_DOCS=1 cargo test schema::docs and commit it"
        );
    }

    #[test]
    fn the_readme_lists_what_the_schema_reads() {
        check("README.md", &readme_block(), true);
    }

    #[test]
    fn the_about_topic_lists_what_the_schema_reads() {
        check(
            "module/about/about_SyncMatch_Input.help.txt",
            &about_topic(),
            false,
        );
    }

    #[test]
    fn every_entity_reads_something_and_says_for_what() {
        for entity in Entity::ALL {
            assert!(!fields_of(*entity).is_empty(), "{entity:?}");
            assert!(!purpose(*entity).is_empty());
        }
    }
}
