//! How findings say what is wrong and suggest a fix: the character finding, the suggestion with
//! the characters removed and letters brought to ASCII, and values shown cut when very long.

use super::*;

pub(super) fn character_finding(
    attribute: Attribute,
    value: &str,
    bad: &[char],
    allowed: Option<&str>,
) -> Finding {
    let mut unique: Vec<char> = Vec::new();
    for &c in bad {
        if !unique.contains(&c) {
            unique.push(c);
        }
    }
    let described: Vec<String> = unique
        .iter()
        .map(|&c| match c {
            ' ' => "a space".to_owned(),
            c if text::is_control(c) => format!("the control character U+{:04X}", c as u32),
            c if c.is_whitespace() => "white space".to_owned(),
            c if !c.is_ascii() && c.is_alphabetic() => {
                format!("'{c}' (a letter with a diacritic or outside ASCII)")
            }
            c if !c.is_ascii() => format!("'{c}' (outside ASCII)"),
            c => format!("'{c}'"),
        })
        .collect();
    let also = allowed
        .map(|symbols| {
            format!(
                " Besides letters and digits it may hold only {}.",
                symbols
                    .chars()
                    .map(|c| format!("{c}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        })
        .unwrap_or_default();
    Finding::new(
        attribute,
        value,
        Rule::Character,
        format!(
            "{} '{}' contains {}, which it may not contain.{also}",
            attribute.name(),
            shown(value),
            described.join(", ")
        ),
    )
    .suggest(Some(without_characters(value, &unique)))
}

/// The value with the given characters removed and letters brought to ASCII: diacritics
/// stripped (é → e) and the letters that have no decomposition transliterated (ø → o, ß → ss,
/// æ → ae, ł → l), so `søren` becomes `soren`, never `sren`.
pub(super) fn without_characters(value: &str, bad: &[char]) -> String {
    value
        .chars()
        .filter(|c| !bad.contains(c) || (!c.is_ascii() && c.is_alphabetic()))
        .flat_map(|c| {
            let mapped = transliterated(c);
            let (one, two) = match mapped {
                Some(text) => (text.chars().next(), text.chars().nth(1)),
                None => (Some(c), None),
            };
            one.into_iter().chain(two)
        })
        .collect::<String>()
        .nfd()
        .filter(|c| c.is_ascii() && !is_combining_mark(*c))
        .collect::<String>()
        .trimmed()
        .to_owned()
}

/// Latin letters Unicode does not decompose to ASCII, as they are commonly written in ASCII.
pub(super) fn transliterated(c: char) -> Option<&'static str> {
    Some(match c {
        'ø' => "o",
        'Ø' => "O",
        'ß' => "ss",
        'ẞ' => "SS",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'ł' => "l",
        'Ł' => "L",
        'đ' => "d",
        'Đ' => "D",
        'ð' => "d",
        'Ð' => "D",
        'þ' => "th",
        'Þ' => "TH",
        'ı' => "i",
        _ => return None,
    })
}

/// Characters in `value`, counted only when its byte length could exceed a limit.
pub(super) fn char_count(value: &str) -> usize {
    if value.is_ascii() {
        value.len()
    } else {
        value.chars().count()
    }
}

/// A value as messages show it: cut when very long.
pub(super) fn shown(value: &str) -> String {
    text::shown(value, 80)
}
