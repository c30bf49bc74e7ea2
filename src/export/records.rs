//! CSV text split into records and fields the way Export-Csv writes them (RFC 4180: fields
//! separated by `,` — or the delimiter the caller gives, `;` for European Excel — quoted with `"`, a quote inside a field doubled, records ended by CRLF or LF,
//! line breaks allowed inside quotes), kept as spans of the decoded text itself: one copy of the
//! text however many rows, and a field copied only when it held a doubled quote.
//!
//! A large text is split on every core: each part starts after a line break and is parsed as if
//! a record began there. That guess is checked against where the part before it really ended;
//! when it was wrong (a quoted line break at the cut) the rest is parsed again in one pass, so the
//! answer never depends on the split.

use std::sync::atomic::{AtomicU64, Ordering};

use memchr::{memchr, memchr2, memchr3};

use super::cells::Cells;

/// Texts below this many bytes are parsed on one thread.
const PARALLEL_FROM: usize = 4 << 20;
/// Rows parsed before a part reserves room for the rest at their length.
const SAMPLE_ROWS: usize = 64;
/// Bytes between two progress reports of one part.
const REPORT_EVERY: usize = 1 << 20;

/// A field's value: where it lies in the text, or its unescaped copy.
enum Value<'t> {
    Span(usize, usize),
    Owned(&'t str),
}

/// A quoted field that never closes: the file was cut off. `newlines`: line breaks before its
/// opening quote, counted from where the cursor started.
#[derive(Debug)]
pub(super) struct Unclosed {
    pub(super) newlines: u64,
}

/// Reads records from a position on, counting line breaks as it goes.
struct Cursor<'t> {
    text: &'t str,
    pos: usize,
    newlines: u64,
    scratch: String,
    delimiter: u8,
}

impl<'t> Cursor<'t> {
    fn new(text: &'t str, pos: usize, delimiter: u8) -> Self {
        Cursor {
            text,
            pos,
            newlines: 0,
            scratch: String::new(),
            delimiter,
        }
    }

    /// Skips blank lines; whether a record starts at the cursor.
    fn at_record(&mut self) -> bool {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() && matches!(bytes[self.pos], b'\n' | b'\r') {
            if bytes[self.pos] == b'\n' {
                self.newlines += 1;
            }
            self.pos += 1;
        }
        self.pos < bytes.len()
    }

    /// Reads the record at the cursor, calling `field(column, value)` for each field; returns
    /// how many fields it had.
    fn record(&mut self, mut field: impl FnMut(usize, Value<'_>)) -> Result<usize, Unclosed> {
        let bytes = self.text.as_bytes();
        let mut column = 0;
        loop {
            let value = if bytes.get(self.pos) == Some(&b'"') {
                self.quoted()?
            } else {
                let end = field_end(bytes, self.pos, self.delimiter);
                let value = Value::Span(self.pos, end);
                self.pos = end;
                value
            };
            field(column, value);
            column += 1;
            match bytes.get(self.pos) {
                Some(&b) if b == self.delimiter => self.pos += 1,
                Some(b'\r') => {
                    self.pos += 1;
                    if bytes.get(self.pos) == Some(&b'\n') {
                        self.pos += 1;
                        self.newlines += 1;
                    }
                    return Ok(column);
                }
                Some(b'\n') => {
                    self.pos += 1;
                    self.newlines += 1;
                    return Ok(column);
                }
                _ => return Ok(column),
            }
        }
    }

    /// A quoted field from its opening quote; the cursor ends after it (at a separator, a line
    /// end or the end). Text between the closing quote and the separator is kept, as the csv
    /// crate keeps it (`"a"b` reads `ab`); Export-Csv never writes it.
    fn quoted(&mut self) -> Result<Value<'_>, Unclosed> {
        let bytes = self.text.as_bytes();
        let opened_on = self.newlines;
        let start = self.pos + 1;
        let mut from = start;
        let mut doubled = false;
        let close = loop {
            // One search for the quote or a line break: a field rarely holds a line break, so
            // this is one call a field (counting the breaks apart would be a second).
            let Some(at) = find_short(
                bytes,
                from,
                |b| b == b'"' || b == b'\n',
                |rest| memchr2(b'"', b'\n', rest),
            ) else {
                return Err(Unclosed {
                    newlines: opened_on,
                });
            };
            let quote = from + at;
            if bytes[quote] == b'\n' {
                self.newlines += 1;
                from = quote + 1;
                continue;
            }
            if bytes.get(quote + 1) == Some(&b'"') {
                doubled = true;
                from = quote + 2;
            } else {
                break quote;
            }
        };
        let after = close + 1;
        let tail_end = field_end(bytes, after, self.delimiter);
        self.pos = tail_end;
        if !doubled && tail_end == after {
            return Ok(Value::Span(start, close));
        }
        self.scratch.clear();
        self.scratch
            .push_str(&self.text[start..close].replace("\"\"", "\""));
        self.scratch.push_str(&self.text[after..tail_end]);
        Ok(Value::Owned(&self.scratch))
    }
}

/// Where the field starting at `from` ends: at the next delimiter, line end, or the text's end.
fn field_end(bytes: &[u8], from: usize, delimiter: u8) -> usize {
    find_short(
        bytes,
        from,
        |b| b == delimiter || b == b'\n' || b == b'\r',
        |rest| memchr3(delimiter, b'\n', b'\r', rest),
    )
    .map_or(bytes.len(), |at| from + at)
}

/// The offset from `from` of the first byte `is` accepts: the first bytes looked at one by one
/// (fields are short: most end within them, where a vector search costs more to set up than it
/// saves), the rest by `search`.
fn find_short(
    bytes: &[u8],
    from: usize,
    is: impl Fn(u8) -> bool,
    search: impl Fn(&[u8]) -> Option<usize>,
) -> Option<usize> {
    const SHORT: usize = 24;
    let rest = &bytes[from..];
    let head = &rest[..rest.len().min(SHORT)];
    match head.iter().position(|&b| is(b)) {
        Some(at) => Some(at),
        None if head.len() == rest.len() => None,
        None => search(&rest[SHORT..]).map(|at| SHORT + at),
    }
}

/// The header record at `pos`: its fields, and where the rows start.
pub(super) fn header(
    text: &str,
    pos: usize,
    delimiter: u8,
) -> Result<Option<(Vec<String>, usize, u64)>, Unclosed> {
    let mut cursor = Cursor::new(text, pos, delimiter);
    if !cursor.at_record() {
        return Ok(None);
    }
    let mut names = Vec::new();
    cursor.record(|_, value| {
        names.push(match value {
            Value::Span(start, end) => text[start..end].to_owned(),
            Value::Owned(owned) => owned.to_owned(),
        })
    })?;
    Ok(Some((names, cursor.pos, cursor.newlines)))
}

/// Field `column` of the record starting at `start`, if the record has one (empty is absent).
pub(super) fn field(text: &str, start: usize, column: usize, delimiter: u8) -> Option<String> {
    let mut cursor = Cursor::new(text, start, delimiter);
    let mut found = None;
    let _ = cursor.record(|at, value| {
        if at == column {
            found = Some(match value {
                Value::Span(start, end) => text[start..end].to_owned(),
                Value::Owned(owned) => owned.to_owned(),
            });
        }
    });
    found.filter(|value| !value.is_empty())
}

/// The rows: `stride` cells each, `(0, 0)` for an empty or ignored cell.
#[derive(Debug)]
pub(super) struct Table {
    pub(super) cells: Cells,
    /// Where each row's record starts in the text (to read a column no field holds).
    pub(super) starts: Vec<u32>,
    /// Line breaks before each row, from where the rows started.
    pub(super) newlines: Vec<u64>,
}

/// One part's rows, as [`Table`] holds them all.
#[derive(Debug, Default)]
struct PartRows {
    cells: Vec<(u32, u32)>,
    starts: Vec<u32>,
    newlines: Vec<u64>,
}

/// Why the rows could not be split.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum SplitError {
    /// A quoted field never closes; line breaks before its row, from where the rows started.
    Unclosed { newlines: u64 },
    /// A record has another number of fields than the header (RFC 4180 §2.4).
    Ragged { newlines: u64, found: usize },
    /// The text (with its unescaped copies) is past what a 32-bit span can address.
    TooLarge,
}

/// One part's rows, with the unescaped copies it made.
struct Part {
    table: PartRows,
    /// Unescaped values, and the cells (indexes into `table.cells`) that point into it.
    owned: String,
    owned_cells: Vec<usize>,
    /// Where the record after its last starts, and the line breaks up to there.
    next: usize,
    newlines: u64,
    unclosed: Option<u64>,
    /// A record with another number of fields than the header: its line breaks before, its count.
    ragged: Option<(u64, usize)>,
}

/// Splits `text[from..]` into rows; `columns[i]` is the cell slot of the `i`th field, if kept.
/// Unescaped copies are appended to `text`. `progress` counts the bytes parsed.
/// Every record must have `columns.len()` fields (the header's).
pub(super) fn rows(
    text: &mut String,
    from: usize,
    columns: &[Option<usize>],
    stride: usize,
    delimiter: u8,
    progress: &AtomicU64,
) -> Result<Table, SplitError> {
    let threads = crate::parallel::text_parts();
    let layout = Layout {
        columns,
        stride,
        delimiter,
    };
    rows_in_parts(text, from, layout, progress, threads, PARALLEL_FROM)
}

/// How a record's fields are laid out: the header's positions and their cell slots, the row's
/// cells, the delimiter.
#[derive(Clone, Copy)]
struct Layout<'c> {
    columns: &'c [Option<usize>],
    stride: usize,
    delimiter: u8,
}

fn rows_in_parts(
    text: &mut String,
    from: usize,
    layout: Layout<'_>,
    progress: &AtomicU64,
    threads: usize,
    parallel_from: usize,
) -> Result<Table, SplitError> {
    let stride = layout.stride;
    if text.len() > u32::MAX as usize {
        return Err(SplitError::TooLarge);
    }
    let parts = cut(text, from, threads, parallel_from);
    let mut done: Vec<Part> = std::thread::scope(|scope| {
        let text = text.as_str();
        let handles: Vec<_> = parts
            .windows(2)
            .skip(1)
            .map(|bounds| {
                let (start, end) = (bounds[0], bounds[1]);
                scope.spawn(move || parse(text, start, end, layout, progress))
            })
            .collect();
        let mut done = vec![parse(text, parts[0], parts[1], layout, progress)];
        done.extend(
            handles
                .into_iter()
                .map(|handle| handle.join().expect("a part never panics")),
        );
        done
    });
    // Each guessed start must be where the part before really ended; from the first wrong
    // guess on, parse again in one pass.
    if let Some(wrong) = (1..done.len()).find(|&i| done[i - 1].next != parts[i])
        && done[..wrong]
            .iter()
            .all(|part| part.unclosed.is_none() && part.ragged.is_none())
    {
        let resume = done[wrong - 1].next;
        done.truncate(wrong);
        done.push(parse(text, resume, text.len(), layout, progress));
    }
    let rows = done.iter().map(|part| part.table.starts.len()).sum();
    let mut table = Table {
        cells: Cells::new(stride),
        starts: Vec::with_capacity(rows),
        newlines: Vec::with_capacity(rows),
    };
    let mut base = 0u64;
    for part in done {
        if let Some(newlines) = part.unclosed {
            return Err(SplitError::Unclosed {
                newlines: base + newlines,
            });
        }
        if let Some((newlines, found)) = part.ragged {
            return Err(SplitError::Ragged {
                newlines: base + newlines,
                found,
            });
        }
        let owned_at = text.len();
        if owned_at + part.owned.len() > u32::MAX as usize {
            return Err(SplitError::TooLarge);
        }
        text.push_str(&part.owned);
        let PartRows {
            mut cells,
            starts,
            newlines,
        } = part.table;
        for cell in part.owned_cells {
            let (start, end) = &mut cells[cell];
            *start += owned_at as u32;
            *end += owned_at as u32;
        }
        table.cells.push_part(cells, starts.len());
        table.starts.extend(starts);
        table
            .newlines
            .extend(newlines.iter().map(|newlines| base + newlines));
        base += part.newlines;
    }
    Ok(table)
}

/// Where the parts start: `from`, then just after the first line break past each equal share,
/// then the end. One part for a small text or a single core.
fn cut(text: &str, from: usize, threads: usize, parallel_from: usize) -> Vec<usize> {
    let length = text.len() - from;
    let mut starts = vec![from];
    if length >= parallel_from && threads > 1 {
        for share in 1..threads {
            let guess = from + length * share / threads;
            let start =
                memchr(b'\n', &text.as_bytes()[guess..]).map_or(text.len(), |at| guess + at + 1);
            if start > *starts.last().expect("from") && start < text.len() {
                starts.push(start);
            }
        }
    }
    starts.push(text.len());
    starts
}

/// Parses the records that start in `from..until` (the last may run past `until`).
fn parse(text: &str, from: usize, until: usize, layout: Layout<'_>, progress: &AtomicU64) -> Part {
    let Layout {
        columns,
        stride,
        delimiter,
    } = layout;
    let mut part = Part {
        table: PartRows::default(),
        owned: String::new(),
        owned_cells: Vec::new(),
        next: from,
        newlines: 0,
        unclosed: None,
        ragged: None,
    };
    let mut cursor = Cursor::new(text, from, delimiter);
    let mut reported = from;
    while cursor.pos < until && cursor.at_record() {
        if cursor.pos >= until {
            break;
        }
        part.table.newlines.push(cursor.newlines);
        part.table.starts.push(cursor.pos as u32);
        let row = part.table.cells.len();
        part.table.cells.resize(row + stride, (0, 0));
        let (cells, owned, owned_cells) = (
            &mut part.table.cells,
            &mut part.owned,
            &mut part.owned_cells,
        );
        let read = cursor.record(|column, value| {
            let Some(&Some(slot)) = columns.get(column) else {
                return;
            };
            match value {
                Value::Span(start, end) if start < end => {
                    cells[row + slot] = (start as u32, end as u32);
                }
                Value::Owned(copy) if !copy.is_empty() => {
                    let start = owned.len();
                    owned.push_str(copy);
                    cells[row + slot] = (start as u32, owned.len() as u32);
                    owned_cells.push(row + slot);
                }
                _ => {}
            }
        });
        let failed = match read {
            Err(Unclosed { newlines }) => {
                part.unclosed = Some(newlines);
                true
            }
            Ok(found) if found != columns.len() => {
                part.ragged = part
                    .table
                    .newlines
                    .last()
                    .map(|&newlines| (newlines, found));
                true
            }
            Ok(_) => false,
        };
        if failed {
            part.table.newlines.pop();
            part.table.starts.pop();
            part.table.cells.truncate(row);
            break;
        }
        if part.table.starts.len() == SAMPLE_ROWS {
            // Room for the rest of the part at the sampled rows' length, instead of growing by
            // copying (capacity not written to is not memory used).
            let per_row = ((cursor.pos - from) / SAMPLE_ROWS).max(1);
            let rows = (until.saturating_sub(cursor.pos) / per_row) * 9 / 8 + SAMPLE_ROWS;
            part.table.cells.reserve(rows * stride);
            part.table.starts.reserve(rows);
            part.table.newlines.reserve(rows);
        }
        if cursor.pos - reported >= REPORT_EVERY {
            progress.fetch_add((cursor.pos - reported) as u64, Ordering::Relaxed);
            reported = cursor.pos;
        }
    }
    progress.fetch_add(
        (cursor.pos.max(reported) - reported) as u64,
        Ordering::Relaxed,
    );
    part.next = cursor.pos;
    part.newlines = cursor.newlines;
    part
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every field of every record, as the csv crate reads them (the oracle), with the line each
    /// record starts on, counted from the text's start.
    fn oracle(text: &str) -> Vec<(u64, Vec<String>)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        reader
            .records()
            .map(|record| {
                let record = record.unwrap();
                // With CRLF the csv crate's record position is the LF before the record.
                let at = (record.position().unwrap().byte() as usize + 1).min(text.len());
                let line = text.as_bytes()[..at]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count() as u64;
                (line, record.iter().map(str::to_owned).collect())
            })
            .collect()
    }

    /// Ours, every column kept, in `threads` parts cut from the first byte on.
    fn ours(text: &str, columns: usize, threads: usize) -> Vec<(u64, Vec<String>)> {
        let mut owned = text.to_owned();
        let keep: Vec<Option<usize>> = (0..columns).map(Some).collect();
        let layout = Layout {
            columns: &keep,
            stride: columns,
            delimiter: b',',
        };
        let table = rows_in_parts(&mut owned, 0, layout, &AtomicU64::new(0), threads, 1).unwrap();
        table
            .newlines
            .iter()
            .zip((0..table.cells.rows()).map(|row| table.cells.row(row)))
            .map(|(&line, cells)| {
                let values = cells
                    .iter()
                    .map(|&(start, end)| owned[start as usize..end as usize].to_owned())
                    .collect();
                (line, values)
            })
            .collect()
    }

    /// A field as Export-Csv writes it: quoted, its quotes doubled (PowerShell 7's
    /// `-UseQuotes AsNeeded` leaves plain ones bare).
    fn field(value: &str, always_quote: bool) -> String {
        if always_quote || value.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", value.replace('"', "\"\""))
        } else {
            value.to_owned()
        }
    }

    proptest! {
        // Export-Csv's dialect (RFC 4180) split in parts must read exactly as the csv crate reads
        // the whole text, wherever the cuts fall (inside quoted line breaks included).
        #[test]
        fn splitting_in_parts_reads_as_the_csv_crate(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-zé\"\n,; ]{0,6}", 3), 1..40),
            always_quote in any::<bool>(),
            crlf in any::<bool>(),
            threads in 1usize..6,
        ) {
            let newline = if crlf { "\r\n" } else { "\n" };
            let text: String = rows
                .iter()
                .map(|row| {
                    let fields: Vec<String> = row.iter().map(|v| field(v, always_quote)).collect();
                    fields.join(",") + newline
                })
                .collect();
            // An empty value is an empty cell: compare with the oracle's empties as such.
            let expected: Vec<(u64, Vec<String>)> = oracle(&text)
                .into_iter()
                .filter(|(_, fields)| !(fields.len() == 1 && fields[0].is_empty()))
                .map(|(line, mut fields)| { fields.resize(3, String::new()); (line, fields) })
                .collect();
            prop_assert_eq!(ours(&text, 3, threads), expected);
        }

        // RFC 4180 §2.4 in any text and any cut: one record with another field count is named by
        // the line breaks before it, whatever the fields hold (quoted line breaks included).
        #[test]
        fn a_ragged_record_is_named_wherever_the_parts_are_cut(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-zé\"\n,; ]{0,6}", 3), 1..30),
            bad in 0usize..30,
            found in prop_oneof![Just(1usize), Just(2), Just(4), Just(5)],
            threads in 1usize..6,
        ) {
            let bad = bad % rows.len();
            let mut before = String::new();
            let mut text = String::new();
            for (index, row) in rows.iter().enumerate() {
                let fields: Vec<String> = if index == bad {
                    (0..found).map(|i| field(&format!("v{i}"), true)).collect()
                } else {
                    row.iter().map(|v| field(v, true)).collect()
                };
                if index == bad {
                    before = text.clone();
                }
                text.push_str(&(fields.join(",") + "\n"));
            }
            let newlines = before.matches('\n').count() as u64;
            let mut owned = text.clone();
            let keep = [Some(0), Some(1), Some(2)];
            let layout = Layout { columns: &keep, stride: 3, delimiter: b',' };
            let read = rows_in_parts(&mut owned, 0, layout, &AtomicU64::new(0), threads, 1);
            prop_assert_eq!(read.err(), Some(SplitError::Ragged { newlines, found }));
        }
    }

    fn two_columns(delimiter: u8) -> Layout<'static> {
        Layout {
            columns: &[Some(0), Some(1)],
            stride: 2,
            delimiter,
        }
    }

    #[test]
    fn a_quoted_field_that_never_closes_names_its_line() {
        let mut text = "\"a\",\"b\"\n\"c\",\"d\ne".to_owned();
        let error =
            rows_in_parts(&mut text, 0, two_columns(b','), &AtomicU64::new(0), 1, 1).unwrap_err();
        assert_eq!(error, SplitError::Unclosed { newlines: 1 });
    }

    // RFC 4180 §2.4: each line has the same number of fields. A short or long record (a half
    // row at the end, a hand-edited line) is an error naming its line, wherever the parts are cut.
    #[test]
    fn a_record_with_another_field_count_names_its_line_in_any_number_of_parts() {
        let body: String = (0..200).map(|i| format!("\"a{i}\",\"b\"\n")).collect();
        for (bad, found) in [("\"x\"\n", 1), ("\"x\",\"y\",\"z\"\n", 3), ("\"x\"", 1)] {
            // A bad record amid the rows, and (the last case) a half row at the end.
            let text = if bad.ends_with('\n') {
                format!("{body}{bad}{body}")
            } else {
                format!("{body}{bad}")
            };
            for threads in 1..6 {
                let mut owned = text.clone();
                let read = rows_in_parts(
                    &mut owned,
                    0,
                    two_columns(b','),
                    &AtomicU64::new(0),
                    threads,
                    1,
                );
                assert_eq!(
                    read.err(),
                    Some(SplitError::Ragged {
                        newlines: 200,
                        found
                    }),
                    "{bad:?} in {threads} parts"
                );
            }
        }
    }

    // European Excel and Export-Csv -UseCulture: `;` between fields, `,` inside one.
    #[test]
    fn a_semicolon_delimiter_keeps_commas_in_fields() {
        let mut text = "\"Smith, Ann\";a@contoso.com\nBob;b@contoso.com\n".to_owned();
        let table =
            rows_in_parts(&mut text, 0, two_columns(b';'), &AtomicU64::new(0), 1, 1).unwrap();
        let (start, end) = table.cells.row(0)[0];
        assert_eq!(&text[start as usize..end as usize], "Smith, Ann");
        assert_eq!(table.cells.rows(), 2);
    }
}
