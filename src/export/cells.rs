//! Every row's cells, `stride` spans a row into the export's text, kept in the parts the rows
//! were parsed in: joining the parts into one table was a copy of the whole table on one thread
//! (about a seventh of reading a large file), where a row finds its part among a handful.

/// The rows' cells, part after part.
#[derive(Debug, Default)]
pub(super) struct Cells {
    stride: usize,
    parts: Vec<Vec<(u32, u32)>>,
    /// The row after each part's last, ascending.
    ends: Vec<usize>,
}

impl Cells {
    pub(super) fn new(stride: usize) -> Self {
        Cells {
            stride,
            ..Cells::default()
        }
    }

    /// Appends a part of `rows` rows (`rows * stride` cells).
    pub(super) fn push_part(&mut self, cells: Vec<(u32, u32)>, rows: usize) {
        debug_assert_eq!(cells.len(), rows * self.stride);
        if rows == 0 {
            return;
        }
        self.ends.push(self.rows() + rows);
        self.parts.push(cells);
    }

    pub(super) fn rows(&self) -> usize {
        self.ends.last().copied().unwrap_or(0)
    }

    /// Row `row`'s cells (`row` below [`Cells::rows`]).
    pub(super) fn row(&self, row: usize) -> &[(u32, u32)] {
        let part = self.ends.partition_point(|&end| end <= row);
        let first = part.checked_sub(1).map_or(0, |before| self.ends[before]);
        let at = (row - first) * self.stride;
        &self.parts[part][at..at + self.stride]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_found_across_parts_and_empty_parts_are_skipped() {
        let mut cells = Cells::new(2);
        cells.push_part(vec![(0, 1), (1, 2), (2, 3), (3, 4)], 2);
        cells.push_part(Vec::new(), 0);
        cells.push_part(vec![(4, 5), (5, 6)], 1);
        cells.push_part(vec![(6, 7), (7, 8), (8, 9), (9, 10), (10, 11), (11, 12)], 3);
        assert_eq!(cells.rows(), 6);
        for row in 0..cells.rows() {
            let start = 2 * row as u32;
            assert_eq!(cells.row(row), [(start, start + 1), (start + 1, start + 2)]);
        }
    }

    #[test]
    fn rows_without_kept_columns_are_counted() {
        let mut cells = Cells::new(0);
        cells.push_part(Vec::new(), 3);
        cells.push_part(Vec::new(), 2);
        assert_eq!(cells.rows(), 5);
        assert!(cells.row(4).is_empty());
    }
}
