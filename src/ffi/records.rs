//! Compact binary records: the form the module reads what can come by the thousand (match
//! results, readiness findings), so it decodes strings, not a JSON document whose parser costs
//! more to start than the records do to read. Numbers are little-endian; a text is its UTF-8
//! length (u32; [`NONE`] for none), then its bytes; an optional number (an index) is a u32,
//! [`NONE`] for none. Each export documents its own layout.

/// What stands for no text (absent, not empty) and for no number.
pub(super) const NONE: u32 = u32::MAX;

/// A page being written.
#[derive(Default)]
pub(super) struct Records(Vec<u8>);

impl Records {
    pub(super) fn with_capacity(bytes: usize) -> Self {
        Records(Vec::with_capacity(bytes))
    }

    pub(super) fn u8(&mut self, value: u8) {
        self.0.push(value);
    }

    pub(super) fn u32(&mut self, value: u32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    /// An index or other number that may be absent.
    pub(super) fn optional(&mut self, value: Option<u32>) {
        self.u32(value.unwrap_or(NONE));
    }

    pub(super) fn u64(&mut self, value: u64) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }

    /// A count of what follows (a page never holds 4 G items: the inputs are bounded far below).
    pub(super) fn count(&mut self, count: usize) {
        self.u32(u32::try_from(count).unwrap_or(u32::MAX));
    }

    pub(super) fn text(&mut self, text: Option<&str>) {
        match text {
            // Every text the core hands out comes from bounded input, far below 4 GiB.
            Some(text) => {
                self.u32(u32::try_from(text.len()).unwrap_or(NONE - 1));
                self.0.extend_from_slice(text.as_bytes());
            }
            None => self.u32(NONE),
        }
    }

    pub(super) fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}
