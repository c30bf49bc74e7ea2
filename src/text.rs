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

    proptest! {
        #[test]
        fn helpers_never_panic_on_any_text(text in any::<String>(), prefix in "[ -~]{0,8}", max in 0usize..20) {
            let _ = starts_with_ignore_ascii_case(&text, &prefix);
            let cut = shown(&text, max);
            prop_assert!(cut.chars().count() <= max + 1);
        }
    }
}
