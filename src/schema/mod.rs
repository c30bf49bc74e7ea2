//! The input schema: the one place that says what an input *means*. Which property or column is
//! which field (`names`: one table, with the aliases each source writes), what kind of value each
//! field holds (`fields`), how a row of values becomes the core's types (`project`, and `mapping`
//! for a hard-match mapping row), what an input's absences mean (`completeness`), and how many
//! rows are read and their failures reported (`rows`).
//!
//! Every input crosses the same way: an export's rows live in the core (`export`), an object's
//! values arrive from the module as a row of cells (`row::CellRow`), and both are read through
//! [`Row`] by the same projections. The module builds its property tables from this schema's
//! description (`ffi::describe`), so it lists no attribute itself.
//!
//! It imports the core's `model`, `anchor`, `address` and `text`.

pub mod completeness;
#[cfg(test)]
mod docs;
mod fields;
mod ldap;
mod mapping;
mod names;
mod project;
mod row;
mod rows;
#[cfg(feature = "test-hooks")]
mod test_hooks;

pub use fields::{FIELD_COUNT, Field, Kind};
pub use ldap::{LDAP_ATTRIBUTES, LdapAttribute, Syntax};
pub use mapping::{MappingColumnsError, check_mapping_columns, is_directory_user, mapping_row};
pub use names::{
    Entities, Entity, NAMES, Name, display_name, field_named, field_of, names_of, normalized,
};
pub use project::{
    anchor_input, cloud_user, directory_object, on_prem_user, sign_in_with_attribute, user_anchor,
};
pub use row::{Cell, CellRow, CellValue, Row};
pub use rows::{CellBatch, InputError, RowFailure, Rows, cloud_row};
