//! Text helpers every rule and parser shares. Input is arbitrary Unicode, so nothing here (or
//! anywhere in the core) slices a `&str` at a byte index it did not get from the text itself:
//! prefixes are compared as bytes, and cuts are made at character boundaries.

/// Whether `text` starts with the ASCII `prefix`, without regard to ASCII case. Compares bytes,
/// so a multi-byte letter where the prefix ends (`José` against `AAD_`) is simply no match.
pub fn starts_with_ignore_ascii_case(text: &str, prefix: &str) -> bool {
    text.as_bytes()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes()))
}

/// A control character (Unicode category Cc: C0, DEL and C1). No attribute that names or
/// addresses an object may hold one; the same test serves every such attribute.
pub fn is_control(c: char) -> bool {
    c.is_control()
}

/// `text` as a message shows it: cut after `max_chars` characters (with an ellipsis) so one huge
/// value cannot flood a console.
pub fn shown(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// A set of ASCII characters, tested a byte at a time: the rules scan every value of every
/// object, and almost every value is plain ASCII, so a scan over bytes decides most of them
/// without decoding a character (a value with any other character takes the rule's own path).
///
/// The bits are kept as two 64-bit halves: a test shifts one machine word, where a shift of a
/// `u128` by a variable amount is a double-word shift, several times slower on common CPUs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AsciiSet([u64; 2]);

impl AsciiSet {
    pub const EMPTY: AsciiSet = AsciiSet([0, 0]);

    /// ASCII letters and digits.
    pub const ALPHANUMERIC: AsciiSet = AsciiSet::range(b'0', b'9')
        .union(AsciiSet::range(b'a', b'z'))
        .union(AsciiSet::range(b'A', b'Z'));

    /// The ASCII characters [`char::is_whitespace`] holds (tab to carriage return, space).
    pub const WHITESPACE: AsciiSet = AsciiSet::range(0x09, 0x0D).union(AsciiSet::of(" "));

    /// The ASCII characters [`is_control`] holds (C0 and DEL).
    pub const CONTROL: AsciiSet = AsciiSet::range(0x00, 0x1F).union(AsciiSet::range(0x7F, 0x7F));

    /// The characters of `chars`, which must all be ASCII (checked when the constant is built).
    pub const fn of(chars: &str) -> AsciiSet {
        let bytes = chars.as_bytes();
        let mut set = AsciiSet::EMPTY;
        let mut i = 0;
        while i < bytes.len() {
            assert!(bytes[i] < 128, "an AsciiSet holds ASCII only");
            set = set.with(bytes[i]);
            i += 1;
        }
        set
    }

    const fn range(first: u8, last: u8) -> AsciiSet {
        let mut set = AsciiSet::EMPTY;
        let mut b = first;
        while b <= last {
            set = set.with(b);
            b += 1;
        }
        set
    }

    /// The set with `byte` (ASCII) added.
    const fn with(self, byte: u8) -> AsciiSet {
        let mut words = self.0;
        words[(byte >> 6) as usize] |= 1 << (byte & 63);
        AsciiSet(words)
    }

    pub const fn union(self, other: AsciiSet) -> AsciiSet {
        AsciiSet([self.0[0] | other.0[0], self.0[1] | other.0[1]])
    }

    /// Whether `byte` is one of the set's characters (never for a byte of a non-ASCII character).
    pub const fn contains(self, byte: u8) -> bool {
        byte < 128 && (self.0[(byte >> 6) as usize & 1] >> (byte & 63)) & 1 == 1
    }

    /// Whether `c` is one of the set's characters.
    pub const fn has(self, c: char) -> bool {
        c.is_ascii() && self.contains(c as u8)
    }

    /// Whether every character of `text` is in the set (`false` when any is not ASCII).
    pub fn holds_all(self, text: &str) -> bool {
        text.bytes().all(|b| self.contains(b))
    }

    /// Whether any character of `text` is in the set.
    pub fn holds_any(self, text: &str) -> bool {
        text.bytes().any(|b| self.contains(b))
    }

    /// Whether `text` is all ASCII and holds none of the set's characters: such a value needs no
    /// closer look by a rule that faults the set's characters (any other value gets one).
    pub fn clear_of(self, text: &str) -> bool {
        text.bytes().all(|b| b < 128 && !self.contains(b))
    }
}

/// `str::trim`, with the common case first: a value that starts and ends with a printable ASCII
/// character has nothing to trim (the rules trim every value several times).
pub trait Trimmed {
    fn trimmed(&self) -> &str;
}

impl Trimmed for str {
    #[inline]
    fn trimmed(&self) -> &str {
        match (self.as_bytes().first(), self.as_bytes().last()) {
            (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => {
                self
            }
            _ => self.trim(),
        }
    }
}

/// Whether `text` holds two dots in a row (a byte scan: short values, no substring search).
pub fn has_double_dot(text: &str) -> bool {
    text.as_bytes().windows(2).any(|pair| pair == b"..")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn prefixes_compare_bytes_not_characters() {
        assert!(starts_with_ignore_ascii_case("aad_sync", "AAD_"));
        assert!(!starts_with_ignore_ascii_case("José", "AAD_"));
        assert!(!starts_with_ignore_ascii_case("Jos", "AAD_"));
        assert!(!starts_with_ignore_ascii_case("", "CAS_"));
    }

    #[test]
    fn shown_cuts_at_a_character_boundary() {
        assert_eq!(shown("ééé", 2), "éé…");
        assert_eq!(shown("ab", 2), "ab");
    }

    #[test]
    fn ascii_sets_agree_with_the_character_tests_they_stand_for() {
        for byte in 0u8..128 {
            let c = char::from(byte);
            assert_eq!(
                AsciiSet::WHITESPACE.has(c),
                c.is_whitespace(),
                "{byte:#04x}"
            );
            assert_eq!(AsciiSet::CONTROL.has(c), is_control(c), "{byte:#04x}");
            assert_eq!(
                AsciiSet::ALPHANUMERIC.has(c),
                c.is_ascii_alphanumeric(),
                "{byte:#04x}"
            );
        }
        let symbols = AsciiSet::of("!#.");
        assert!(symbols.holds_all("!#..") && !symbols.holds_all("!a"));
        assert!(!symbols.holds_all("é") && !symbols.has('é') && !symbols.contains(0xC3));
        assert!(symbols.holds_any("a.b") && !symbols.holds_any("ab"));
        assert!(symbols.clear_of("ab") && !symbols.clear_of("a.") && !symbols.clear_of("é"));
        assert!(has_double_dot("a..b") && !has_double_dot("a.b.") && !has_double_dot("."));
    }

    proptest! {
        #[test]
        fn helpers_never_panic_on_any_text(text in any::<String>(), prefix in "[ -~]{0,8}", max in 0usize..20) {
            let _ = starts_with_ignore_ascii_case(&text, &prefix);
            let cut = shown(&text, max);
            prop_assert!(cut.chars().count() <= max + 1);
            prop_assert_eq!(has_double_dot(&text), text.contains(".."));
            prop_assert_eq!(text.trimmed(), text.trim());
        }
    }
}
