//! Texts kept for the whole prediction, back to back in one buffer.

/// Where a text lies in a [`TextArena`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Span {
    pub(super) start: u32,
    pub(super) len: u32,
}

/// Texts kept for the whole prediction, back to back in one buffer: a million users' fields
/// cost their bytes, not a heap allocation each.
#[derive(Debug, Default)]
pub(super) struct TextArena(String);

impl TextArena {
    /// Stores `text`; `None` past 4 GiB of text (then that value is simply not kept).
    pub(super) fn push(&mut self, text: &str) -> Option<Span> {
        let start = u32::try_from(self.0.len()).ok()?;
        let len = u32::try_from(text.len()).ok()?;
        start.checked_add(len)?;
        self.0.push_str(text);
        Some(Span { start, len })
    }

    pub(super) fn push_present(&mut self, text: Option<&str>) -> Option<Span> {
        text.map(str::trim)
            .filter(|text| !text.is_empty())
            .and_then(|text| self.push(text))
    }

    pub(super) fn get(&self, span: Span) -> &str {
        &self.0[span.start as usize..(span.start + span.len) as usize]
    }

    pub(super) fn get_opt(&self, span: Option<Span>) -> Option<&str> {
        span.map(|span| self.get(span))
    }
}
