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
    // The domain itself holds a bad character: said, and no fix (a changed domain is another
    // organization's).
    let in_domain = is_address(attribute)
        && value
            .rsplit_once('@')
            .is_some_and(|(_, domain)| domain.chars().any(|c| unique.contains(&c)));
    let domain_note = if in_domain {
        " The domain itself holds it: fix the domain name; no change is suggested, since another domain would be another organization's."
    } else {
        ""
    };
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
            "{} '{}' contains {}, which it may not contain.{also}{domain_note}",
            attribute.name(),
            shown(value),
            described.join(", ")
        ),
    )
    .suggest(if is_address(attribute) {
        suggested_address(value, &unique)
    } else {
        without_characters(value, &unique)
    })
}

/// The attributes whose values are addresses (`local@domain`): a fix changes the local part only.
fn is_address(attribute: Attribute) -> bool {
    matches!(
        attribute,
        Attribute::Mail
            | Attribute::ProxyAddresses
            | Attribute::UserPrincipalName
            | Attribute::TargetAddress
    )
}

/// A fix for an address: the local part only, its RFC 5322 comments (`a(work)`) dropped rather
/// than merged into the name. Never a fix of the domain: `…@bücher.de` → `…@bucher.de` or a
/// Cyrillic `о` dropped from `.cоm` would point mail at another organization's domain, so a
/// domain that holds a bad character gets no suggestion (its finding says so).
pub(super) fn suggested_address(value: &str, bad: &[char]) -> Option<String> {
    let Some((local, domain)) = value.rsplit_once('@') else {
        return without_characters(value, bad);
    };
    if domain.chars().any(|c| bad.contains(&c)) {
        return None;
    }
    let local = without_comments(local);
    let fixed = without_characters(&local, bad)?;
    (!fixed.is_empty() && !fixed.contains('@')).then(|| format!("{fixed}@{domain}"))
}

/// `text` without its parenthesized comments (RFC 5322 §3.2.2), when they are balanced.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    if depth == 0 { out } else { text.to_owned() }
}

/// The value with the given characters removed and letters brought to ASCII: diacritics
/// stripped (é → e) and the Latin letters that have no decomposition transliterated (ø → o,
/// ß → ss, æ → ae, ł → l), so `søren` becomes `soren`, never `sren`. `None` when a letter would
/// be dropped (Cyrillic, Greek, Armenian… have no ASCII form here: `lеila` with a Cyrillic `е`
/// must not become `lila`): no suggestion is better than a wrong one.
pub(super) fn without_characters(value: &str, bad: &[char]) -> Option<String> {
    let mut kept = String::with_capacity(value.len());
    for c in value
        .chars()
        .filter(|c| !bad.contains(c) || (!c.is_ascii() && c.is_alphabetic()))
    {
        match transliterated(c) {
            Some(text) => kept.push_str(text),
            None => kept.push(c),
        }
    }
    let mut ascii = String::with_capacity(kept.len());
    for c in kept.nfd() {
        if c.is_ascii() {
            ascii.push(c);
        } else if c.is_alphabetic() {
            return None;
        } else if !is_combining_mark(c) && !bad.contains(&c) {
            // A symbol that is not among the characters to remove: dropping it is a change
            // nobody asked for.
            return None;
        }
    }
    Some(ascii.trimmed().to_owned())
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
