//! Texts kept for the whole prediction, back to back in one buffer.

/// Where a text lies in a [`TextArena`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Span {
    pub(super) start: u32,
    pub(super) len: u32,
}

impl Span {
    /// This span in an arena appended at `offset` to another (`None` when the texts did not fit).
    pub(super) fn shifted(self, offset: Option<u32>) -> Option<Span> {
        let start = self.start.checked_add(offset?)?;
        start.checked_add(self.len)?;
        Some(Span { start, ..self })
    }
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

    /// Appends `other`'s texts; the offset their spans move by, `None` past 4 GiB (then none
    /// of them is kept).
    pub(super) fn append(&mut self, other: TextArena) -> Option<u32> {
        let offset = u32::try_from(self.0.len()).ok()?;
        let end = self.0.len().checked_add(other.0.len())?;
        u32::try_from(end).ok()?;
        if self.0.is_empty() {
            self.0 = other.0;
        } else {
            self.0.push_str(&other.0);
        }
        Some(offset)
    }

    /// The span of `text`: one of `known` when it holds the same text, else `text` stored.
    pub(super) fn push_or_reuse(&mut self, text: &str, known: &[Option<Span>]) -> Option<Span> {
        known
            .iter()
            .flatten()
            .find(|&&span| self.get(span) == text)
            .copied()
            .or_else(|| self.push(text))
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
