//! Many rows at once, and the one way an input that cannot be used is reported: a batch of
//! objects from the module ([`CellBatch`]) and a run of an export's rows are both [`Rows`]; every
//! consumer reads them the same way and names each row it could not use in a [`RowFailure`].

use std::ops::Range;

use thiserror::Error;

use crate::anchor::AnchorError;

use super::fields::Field;
use super::row::{Cell, CellRow, Row};

/// Why one input could not be used. The others go on.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum InputError {
    /// A value handed over is not valid UTF-8.
    #[error("{0}")]
    NotUtf8(String),
    /// A cell cannot be read: outside the data, an unknown field, the wrong kind for its field.
    #[error("{0}")]
    Unreadable(String),
    /// A value is a type name Windows PowerShell's Export-Csv wrote instead of the values: no
    /// answer about this input can be right.
    #[error("{0}")]
    TypeName(String),
    #[error(transparent)]
    Anchor(#[from] AnchorError),
    /// The input lacks what it must have (a cloud object without an Id).
    #[error("{0}")]
    Incomplete(String),
    /// The work on this input panicked: a bug of ours, reported for this input alone.
    #[error("{0}")]
    Panic(String),
}

/// An input that could not be used: which (its number in the call, or its row in an export),
/// where (its file line, 0 for an object), and why, in a message that names the file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFailure {
    pub index: usize,
    pub line: u64,
    pub error: InputError,
    pub message: String,
}

impl RowFailure {
    /// The failure of row `index` of `rows`.
    pub fn new(rows: &impl Rows, index: usize, error: InputError) -> Self {
        let line = rows.line(index);
        let message = match rows.source() {
            Some(path) => format!("{path}, line {line}: {error}"),
            None => error.to_string(),
        };
        RowFailure {
            index: rows.number(index),
            line,
            error,
            message,
        }
    }
}

/// Many rows: a batch of objects from the module, or a run of an export's rows.
pub trait Rows: Sync {
    type Row<'r>: Row<'r> + Sync
    where
        Self: 'r;

    /// How many rows there are.
    fn count(&self) -> usize;

    /// Row `index`, or why it cannot be read.
    fn row(&self, index: usize) -> Result<Self::Row<'_>, InputError>;

    /// How a failure numbers row `index`: its position in the call, or its row in an export.
    fn number(&self, index: usize) -> usize {
        index
    }

    /// The file line row `index` starts on (0: not from a file).
    fn line(&self, _index: usize) -> u64 {
        0
    }

    /// The file the rows come from, for messages.
    fn source(&self) -> Option<&str> {
        None
    }
}

/// A batch of rows of cells, as the module hands objects over: each row its cells, or why they
/// could not be read.
#[derive(Debug, Default)]
pub struct CellBatch<'a> {
    cells: Vec<Cell<'a>>,
    rows: Vec<Result<Range<usize>, InputError>>,
}

impl<'a> CellBatch<'a> {
    pub fn with_capacity(rows: usize, cells: usize) -> Self {
        CellBatch {
            cells: Vec::with_capacity(cells),
            rows: Vec::with_capacity(rows),
        }
    }

    /// Adds a row: its cells, or why they could not be read (then none is kept).
    pub fn push(&mut self, cells: impl IntoIterator<Item = Result<Cell<'a>, InputError>>) {
        let start = self.cells.len();
        for cell in cells {
            match cell {
                Ok(cell) => self.cells.push(cell),
                Err(error) => {
                    self.cells.truncate(start);
                    self.rows.push(Err(error));
                    return;
                }
            }
        }
        self.rows.push(Ok(start..self.cells.len()));
    }
}

impl Rows for CellBatch<'_> {
    type Row<'r>
        = CellRow<'r>
    where
        Self: 'r;

    fn count(&self) -> usize {
        self.rows.len()
    }

    fn row(&self, index: usize) -> Result<CellRow<'_>, InputError> {
        let range = self.rows[index].clone()?;
        CellRow::new(&self.cells[range]).ok_or_else(|| {
            InputError::Unreadable("the object has more values than a row can hold".to_owned())
        })
    }
}

/// Row `index` of `rows` as a cloud object (readable, with an Id: every Graph and MSOnline object
/// has one), or why it is not one. One row at a time, so callers check rows where they read
/// them (on every core, for a prediction) instead of in a pass of their own.
pub fn cloud_row<R: Rows>(rows: &R, index: usize) -> Result<R::Row<'_>, RowFailure> {
    match rows.row(index) {
        Ok(row)
            if row
                .text(Field::CloudId)
                .is_some_and(|id| !id.trim().is_empty()) =>
        {
            // OnPremisesSyncEnabled is True, False or absent: any other value ('1', 'yes') cannot
            // be read as "not synchronized", which would let a plan stamp a synchronized user.
            match row.text(Field::SyncEnabled) {
                Some(value)
                    if !value.trim().is_empty() && row.flag(Field::SyncEnabled).is_none() =>
                {
                    Err(RowFailure::new(
                        rows,
                        index,
                        InputError::Unreadable(format!(
                            "its OnPremisesSyncEnabled is '{}', not True or False",
                            crate::text::shown(value, 40)
                        )),
                    ))
                }
                _ => Ok(row),
            }
        }
        Ok(_) => Err(RowFailure::new(
            rows,
            index,
            InputError::Incomplete("it has no Id or ObjectId".to_owned()),
        )),
        Err(error) => Err(RowFailure::new(rows, index, error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::row::CellValue;

    #[test]
    fn a_row_that_cannot_be_read_is_its_own_failure() {
        let mut batch = CellBatch::default();
        batch.push([Ok(Cell {
            field: Field::Mail,
            value: CellValue::Text("a@contoso.com"),
        })]);
        batch.push([
            Ok(Cell {
                field: Field::Mail,
                value: CellValue::Text("b@contoso.com"),
            }),
            Err(InputError::NotUtf8("byte 3 is not UTF-8".to_owned())),
        ]);
        batch.push([]);
        assert_eq!(batch.count(), 3);
        assert_eq!(
            batch.row(0).unwrap().text(Field::Mail),
            Some("a@contoso.com")
        );
        let failure = RowFailure::new(&batch, 1, batch.row(1).unwrap_err());
        assert_eq!(failure.index, 1);
        assert_eq!(failure.message, "byte 3 is not UTF-8");
        assert_eq!(batch.row(2).unwrap().text(Field::Mail), None);
    }

    // Issue 21: an OnPremisesSyncEnabled that is not a boolean is an error, never "not
    // synchronized" (a plan would stamp a synchronized user).
    #[test]
    fn a_sync_flag_that_is_not_a_boolean_is_refused() {
        let cloud = |flag: &'static str| {
            [
                Ok(Cell {
                    field: Field::CloudId,
                    value: CellValue::Text("c1"),
                }),
                Ok(Cell {
                    field: Field::SyncEnabled,
                    value: CellValue::Text(flag),
                }),
            ]
        };
        let mut batch = CellBatch::default();
        for flag in ["True", " false ", "", "1", "yes"] {
            batch.push(cloud(flag));
        }
        let read: Vec<bool> = (0..batch.count())
            .map(|index| cloud_row(&batch, index).is_ok())
            .collect();
        assert_eq!(read, [true, true, true, false, false]);
        let failure = cloud_row(&batch, 4).map(|_| ()).unwrap_err();
        assert!(
            failure.message.contains("OnPremisesSyncEnabled is 'yes'"),
            "{}",
            failure.message
        );
    }
}
