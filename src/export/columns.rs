//! Which of an export's columns is which field, by the schema's names: a column is kept when any
//! entity reads it, and each entity finds a field's value in the columns it names, in the
//! schema's order of preference (the first with a value in the row wins, as for an object).

use crate::schema::{Entity, FIELD_COUNT, Field, field_of, names_of, normalized};

/// The columns a file has, and where each entity finds each field.
#[derive(Debug, Default)]
pub(super) struct Columns {
    /// Every column's name, as the header writes it (trimmed).
    pub(super) names: Vec<String>,
    /// The kept columns, in header order: the header position of each, and its field. A kept
    /// column's cell in a row is its position in this list.
    pub(super) kept: Vec<(usize, Field)>,
    /// Per entity, per field: the kept cells to look in, in order of preference.
    slots: Vec<Slots>,
}

/// One entity's cells per field, as runs of one list.
#[derive(Debug, Default)]
pub(super) struct Slots {
    runs: Vec<(u16, u16)>,
    cells: Vec<u16>,
}

impl Slots {
    /// The cells holding `field`, in order of preference (none: the file has no such column).
    pub(super) fn of(&self, field: Field) -> &[u16] {
        let (start, len) = self.runs[field as usize];
        &self.cells[start as usize..(start + len) as usize]
    }
}

impl Columns {
    /// The columns of a header. A column no entity reads is ignored; so is a second column of the
    /// same name (compared without case).
    pub(super) fn new(header: impl IntoIterator<Item = String>) -> Self {
        let mut columns = Columns::default();
        for (position, name) in header.into_iter().enumerate() {
            let repeated = columns.kept.iter().any(|&(kept, _)| {
                normalized(&columns.names[kept]).eq_ignore_ascii_case(normalized(&name))
            });
            if let Some(field) = field_of(&name).filter(|_| !repeated) {
                columns.kept.push((position, field));
            }
            columns.names.push(name);
        }
        columns.slots = Entity::ALL
            .iter()
            .map(|&entity| columns.slots_for(entity))
            .collect();
        columns
    }

    fn slots_for(&self, entity: Entity) -> Slots {
        let mut slots = Slots {
            runs: vec![(0, 0); FIELD_COUNT],
            cells: Vec::new(),
        };
        for field in Field::ALL {
            let start = slots.cells.len();
            for name in names_of(entity).filter(|name| name.field == *field) {
                for (cell, &(position, _)) in self.kept.iter().enumerate() {
                    if normalized(&self.names[position]).eq_ignore_ascii_case(name.name) {
                        slots.cells.push(cell as u16);
                    }
                }
            }
            slots.runs[*field as usize] = (start as u16, (slots.cells.len() - start) as u16);
        }
        slots
    }

    /// Where `entity` finds each field.
    pub(super) fn slots(&self, entity: Entity) -> &Slots {
        &self.slots[entity as usize]
    }

    /// The kept columns' names and fields, in header order.
    pub(super) fn recognised(&self) -> impl Iterator<Item = (&str, Field)> {
        self.kept
            .iter()
            .map(|&(position, field)| (self.names[position].as_str(), field))
    }

    /// The columns no entity reads.
    pub(super) fn ignored(&self) -> Vec<String> {
        self.names
            .iter()
            .enumerate()
            .filter(|(position, _)| !self.kept.iter().any(|&(kept, _)| kept == *position))
            .map(|(_, name)| name.clone())
            .collect()
    }

    /// Whether some kept column holds `field`.
    pub(super) fn holds(&self, field: Field) -> bool {
        self.kept.iter().any(|&(_, kept)| kept == field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns(names: &[&str]) -> Columns {
        Columns::new(names.iter().map(|name| (*name).to_owned()))
    }

    #[test]
    fn each_entity_finds_a_field_in_its_own_columns_in_order() {
        let columns = columns(&["EmailAddress", "Department", "mail", "Id", "SID", "mail"]);
        // Cells are the kept columns in header order: EmailAddress 0, mail 1, Id 2, SID 3.
        // mail before EmailAddress, whatever the header's order; the second 'mail' is ignored.
        let directory = columns.slots(Entity::DirectoryObject);
        assert_eq!(directory.of(Field::Mail), [1, 0]);
        assert_eq!(columns.slots(Entity::CloudObject).of(Field::Mail), [1]);
        assert_eq!(columns.ignored(), ["Department", "mail"]);
        // SID is an on-premises user's, not a cloud object's nor one the rules read.
        assert_eq!(
            columns
                .slots(Entity::OnPremisesUser)
                .of(Field::SecurityIdentifier),
            [3]
        );
        assert!(
            columns
                .slots(Entity::CloudObject)
                .of(Field::SecurityIdentifier)
                .is_empty()
        );
        assert!(columns.holds(Field::CloudId));
    }
}
