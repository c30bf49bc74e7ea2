//! JSON exports, as ConvertTo-Json writes Get-MgUser or Get-ADUser output (an array of objects,
//! or one object) and as Graph returns pages (`{"value": [...]}`). Elements are deserialized one
//! at a time into their recognised fields, so no document of the whole file is built.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::schema::{Field, Kind, field_of};

/// One element's recognised properties as text, by column (the property names in the order
/// first seen).
pub(super) type Cells = Vec<Option<String>>;

/// Every element of the file, in order, and the recognised property names as first seen.
pub(super) fn elements(text: &str) -> Result<Collected, String> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let mut out = Collected::default();
    Top(&mut out)
        .deserialize(&mut deserializer)
        .map_err(|error| error.to_string())?;
    deserializer.end().map_err(|error| error.to_string())?;
    Ok(out)
}

/// The elements read, and the recognised property names as first seen (compared without case):
/// the file's columns.
#[derive(Default)]
pub(super) struct Collected {
    pub(super) rows: Vec<Cells>,
    pub(super) names: Vec<String>,
    /// Two properties of one element whose names differ only in case (ConvertFrom-Json refuses
    /// them): the first two found.
    pub(super) duplicate: Option<(String, String)>,
    /// The top object has `@odata.nextLink`: one page of a Graph result.
    pub(super) next_link: bool,
}

/// The top: an array of elements, a Graph page `{"value": [...]}`, or one element.
struct Top<'a>(&'a mut Collected);

impl<'de> DeserializeSeed<'de> for Top<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = ();
    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an array of objects, an object, or a Graph page {\"value\": [...]}")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Element(self.0))?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // A Graph page, or one element: read the keys; "value" holding an array is the page.
        let mut cells: Cells = Vec::new();
        let mut seen: Vec<bool> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if key == "value" {
                map.next_value_seed(Page(self.0))?;
            } else if let Some(field) = field_of(&key) {
                let value: Value = map.next_value()?;
                record(self.0, &mut cells, &mut seen, &key, field, value);
            } else {
                if key == "@odata.nextLink" {
                    self.0.next_link = true;
                }
                // Other properties, @odata.context and @odata.nextLink among them.
                map.next_value::<IgnoredAny>()?;
            }
        }
        if cells.iter().any(Option::is_some) {
            self.0.rows.push(cells);
        }
        Ok(())
    }
}

/// A page's "value": the array of elements.
struct Page<'a>(&'a mut Collected);

impl<'de> DeserializeSeed<'de> for Page<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(Top(self.0))
    }
}

/// One element: an object whose recognised properties become cells.
struct Element<'a>(&'a mut Collected);

impl<'de> DeserializeSeed<'de> for Element<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Element<'_> {
    type Value = ();
    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut cells: Cells = Vec::new();
        let mut seen: Vec<bool> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if let Some(field) = field_of(&key) {
                let value: Value = map.next_value()?;
                record(self.0, &mut cells, &mut seen, &key, field, value);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        self.0.rows.push(cells);
        Ok(())
    }
}

/// Keeps one property's value as its column's text; a name the element already had (without
/// case) is recorded as the file's duplicate.
fn record(
    out: &mut Collected,
    cells: &mut Cells,
    seen: &mut Vec<bool>,
    key: &str,
    field: Field,
    value: Value,
) {
    let column = match out
        .names
        .iter()
        .position(|name| name.eq_ignore_ascii_case(key))
    {
        Some(column) => column,
        None => {
            out.names.push(key.to_owned());
            out.names.len() - 1
        }
    };
    if cells.len() <= column {
        cells.resize(column + 1, None);
    }
    if seen.len() <= column {
        seen.resize(column + 1, false);
    }
    if seen[column] {
        if out.duplicate.is_none() {
            out.duplicate = Some((out.names[column].clone(), key.to_owned()));
        }
        return;
    }
    seen[column] = true;
    cells[column] = text(field, value);
}

/// A value as the cell text a CSV would hold: strings as they are, lists joined with `;`, a
/// byte list (a binary attribute as ConvertTo-Json writes a byte[]) as Base64, or a SID's as its
/// text.
fn text(field: Field, value: Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text),
        Value::Bool(flag) => Some(if flag { "True" } else { "False" }.to_owned()),
        Value::Number(number) => Some(number.to_string()),
        // A count (AssignedLicenses): how many values, whatever they are.
        Value::Array(items) if field.kind() == Kind::Count => Some(items.len().to_string()),
        // LDAP's objectClass lists the class chain (top … user): the class is the last.
        Value::Array(mut items) if field == Field::ObjectClass => {
            items.pop().and_then(|last| text(field, last))
        }
        Value::Array(items) => {
            let bytes: Option<Vec<u8>> = items
                .iter()
                .map(|item| item.as_u64().and_then(|n| u8::try_from(n).ok()))
                .collect();
            match bytes {
                Some(bytes) if !bytes.is_empty() && field.kind() == Kind::Anchor => {
                    Some(BASE64.encode(bytes))
                }
                // A SID's binary form (LDAP's objectSid, msExchMasterAccountSid): its text.
                Some(bytes)
                    if matches!(field, Field::SecurityIdentifier | Field::MasterAccountSid) =>
                {
                    crate::sid::sid_text(&bytes)
                }
                _ => {
                    let texts: Vec<String> = items
                        .into_iter()
                        .filter_map(|item| text(field, item))
                        .collect();
                    (!texts.is_empty()).then(|| texts.join(";"))
                }
            }
        }
        // Get-ADUser's [guid] in Windows PowerShell 5.1's ConvertTo-Json: {"Guid": "…"}.
        Value::Object(map) => map
            .into_iter()
            .find(|(key, _)| key.eq_ignore_ascii_case("Guid") || key.eq_ignore_ascii_case("value"))
            .and_then(|(_, value)| text(field, value)),
    }
}
