//! A row: one input's values by field, wherever it came from. An export's row lives in the core
//! (`export::ExportRow`); an object's row arrives from the module as cells ([`CellRow`]). Both are
//! read through [`Row`], so every projection is written once.

use crate::address;
use crate::anchor::AnchorValue;
use crate::text::Trimmed;

use super::fields::{FIELD_COUNT, Field};

/// One input's values by field.
pub trait Row<'a> {
    /// Whether the input has the property or column at all, even without a value.
    fn has(&self, field: Field) -> bool;

    /// The field's value: raw bytes or text. Empty text is no value (Export-Csv writes an absent
    /// value as an empty cell, and AD stores no empty values).
    fn value(&self, field: Field) -> Option<AnchorValue<'a>>;

    /// Each value of a multi-valued field, in order, joined cells split by the one rule
    /// (`address::each_joined`: `;`, never inside an X.400/X.500 value).
    fn each_value(&self, field: Field, each: impl FnMut(&'a str));

    /// The field's value as text (bytes are no text).
    fn text(&self, field: Field) -> Option<&'a str> {
        match self.value(field)? {
            AnchorValue::Text(text) => Some(text),
            AnchorValue::Bytes(_) => None,
        }
    }

    /// Whether the field is set: present, and not blank.
    fn is_set(&self, field: Field) -> bool {
        match self.value(field) {
            Some(AnchorValue::Text(text)) => !text.trimmed().is_empty(),
            Some(AnchorValue::Bytes(_)) => true,
            None => false,
        }
    }

    /// A yes/no field: `true` or `false` in any case; anything else (or nothing) is unknown.
    fn flag(&self, field: Field) -> Option<bool> {
        let text = self.text(field)?.trimmed();
        if text.eq_ignore_ascii_case("true") {
            Some(true)
        } else if text.eq_ignore_ascii_case("false") {
            Some(false)
        } else {
            None
        }
    }
}

/// How a cell holds its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellValue<'a> {
    Text(&'a str),
    /// Several values joined with `;` (a CSV cell of a multi-valued attribute).
    Joined(&'a str),
    Bytes(&'a [u8]),
}

/// One value of one field, as a caller hands it over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell<'a> {
    pub field: Field,
    pub value: CellValue<'a>,
}

/// No cell for a field in a row's index.
const NONE: u32 = u32::MAX;

/// A row of cells (an object, as the module read it), indexed once by field: each field's first
/// cell, found without a search. A multi-valued field may have several cells.
#[derive(Clone, Debug)]
pub struct CellRow<'a> {
    cells: &'a [Cell<'a>],
    first: [u32; FIELD_COUNT],
}

/// The most cells a row may have: its index holds a cell's position in 32 bits.
pub const MAX_CELLS: usize = NONE as usize;

impl<'a> CellRow<'a> {
    /// Indexes `cells` (fewer than [`MAX_CELLS`], or `None`).
    pub fn new(cells: &'a [Cell<'a>]) -> Option<Self> {
        if cells.len() >= MAX_CELLS {
            return None;
        }
        let mut first = [NONE; FIELD_COUNT];
        for (position, cell) in cells.iter().enumerate().rev() {
            first[cell.field as usize] = position as u32;
        }
        Some(CellRow { cells, first })
    }

    fn first(&self, field: Field) -> Option<&'a Cell<'a>> {
        match self.first[field as usize] {
            NONE => None,
            position => Some(&self.cells[position as usize]),
        }
    }
}

impl<'a> Row<'a> for CellRow<'a> {
    fn has(&self, field: Field) -> bool {
        self.first[field as usize] != NONE
    }

    fn value(&self, field: Field) -> Option<AnchorValue<'a>> {
        match self.first(field)?.value {
            CellValue::Text(text) | CellValue::Joined(text) if !text.is_empty() => {
                Some(AnchorValue::Text(text))
            }
            CellValue::Bytes(bytes) => Some(AnchorValue::Bytes(bytes)),
            _ => None,
        }
    }

    fn each_value(&self, field: Field, mut each: impl FnMut(&'a str)) {
        let start = match self.first[field as usize] {
            NONE => return,
            position => position as usize,
        };
        for cell in &self.cells[start..] {
            if cell.field != field {
                continue;
            }
            match cell.value {
                CellValue::Text(text) => each(text),
                CellValue::Joined(joined) => address::each_joined(joined, &mut each),
                CellValue::Bytes(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(field: Field, value: &str) -> Cell<'_> {
        Cell {
            field,
            value: CellValue::Text(value),
        }
    }

    #[test]
    fn a_row_finds_each_field_and_every_value_of_a_list() {
        let cells = [
            text(Field::ProxyAddresses, "SMTP:a@contoso.com"),
            text(Field::Mail, "a@contoso.com"),
            Cell {
                field: Field::ProxyAddresses,
                value: CellValue::Joined("smtp:b@contoso.com;X500:/o=Org/cn=a;b"),
            },
            text(Field::DisplayName, ""),
            text(Field::Mail, "second@contoso.com"),
        ];
        let row = CellRow::new(&cells).unwrap();
        assert_eq!(row.text(Field::Mail), Some("a@contoso.com"));
        let mut proxies = Vec::new();
        row.each_value(Field::ProxyAddresses, |value| proxies.push(value));
        assert_eq!(
            proxies,
            [
                "SMTP:a@contoso.com",
                "smtp:b@contoso.com",
                "X500:/o=Org/cn=a;b"
            ]
        );
        // An empty text is no value, but the property was there.
        assert!(row.has(Field::DisplayName));
        assert_eq!(row.value(Field::DisplayName), None);
        assert!(!row.has(Field::GivenName));
    }

    #[test]
    fn flags_and_presence_read_as_the_default_rules_and_graph_write_them() {
        let cells = [
            text(Field::SyncEnabled, " TRUE "),
            text(Field::IsCriticalSystemObject, "False"),
            text(Field::LastDirSync, "  "),
        ];
        let row = CellRow::new(&cells).unwrap();
        assert_eq!(row.flag(Field::SyncEnabled), Some(true));
        // IsPresent([isCriticalSystemObject]): present whatever its value.
        assert!(row.is_set(Field::IsCriticalSystemObject));
        assert!(!row.is_set(Field::LastDirSync));
    }

    #[test]
    fn a_mailbox_with_thousands_of_addresses_is_one_row() {
        let cells = vec![text(Field::ProxyAddresses, "smtp:a@b.c"); 5000];
        let row = CellRow::new(&cells).unwrap();
        let mut count = 0;
        row.each_value(Field::ProxyAddresses, |_| count += 1);
        assert_eq!(count, 5000);
    }
}
