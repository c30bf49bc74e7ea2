//! mailNickname: the Exchange alias rules (docs/model.md, *Attribute rules*).

use super::*;

/// mailNickname may not begin or end with a dot, nor hold two dots in a row or spaces (Exchange
/// alias rules; Entra rewrites such a value, so it is replaced: an Error).
pub(super) fn check_mail_nickname(nickname: &str, findings: &mut Vec<Finding>) {
    // Exchange aliases hold letters, digits, !#$%&'*+-/=?^_`{|}~ and dots, and U+00A1–U+00FF
    // (mapped to ASCII in addresses): Entra replaces anything else, so the value is not kept.
    let bad: Vec<char> = if ALIAS_CHARS.union(AsciiSet::of(" ")).holds_all(nickname) {
        Vec::new()
    } else {
        nickname
            .chars()
            .filter(|&c| c != ' ' && !is_alias_char(c))
            .collect()
    };
    if !bad.is_empty() {
        let mut finding =
            character_finding(Attribute::MailNickname, nickname, &bad, Some(ALIAS_SYMBOLS));
        finding.suggestion = without_characters(nickname, &bad)
            .map(|fixed| tidy_alias(&fixed))
            .filter(|fixed| !fixed.is_empty());
        findings.push(finding);
    }
    let problem = if nickname.starts_with('.') {
        Some("starts with a dot")
    } else if nickname.ends_with('.') {
        Some("ends with a dot")
    } else if text::has_double_dot(nickname) {
        Some("holds two dots in a row")
    } else if nickname.contains(' ') {
        Some("holds a space")
    } else {
        None
    };
    if let Some(problem) = problem {
        let fixed = without_characters(nickname, &bad)
            .map(|fixed| tidy_alias(&fixed))
            .filter(|fixed| !fixed.is_empty());
        findings.push(
            Finding::new(
                Attribute::MailNickname,
                nickname,
                Rule::Format,
                format!(
                    "mailNickname '{}' {problem}, which Exchange Online does not allow; Entra ID rewrites it.",
                    shown(nickname)
                ),
            )
            .suggest(fixed),
        );
    }
}

/// The symbols an Exchange alias may hold besides letters, digits and dots.
pub(super) const ALIAS_SYMBOLS: &str = "!#$%&'*+-/=?^_`{|}~.";

/// The ASCII characters an alias may hold.
pub(super) const ALIAS_CHARS: AsciiSet = AsciiSet::ALPHANUMERIC.union(AsciiSet::of(ALIAS_SYMBOLS));

pub(super) fn is_alias_char(c: char) -> bool {
    ALIAS_CHARS.has(c) || ('\u{A1}'..='\u{FF}').contains(&c)
}

/// An alias without spaces, without two dots in a row, not starting or ending with a dot.
pub(super) fn tidy_alias(value: &str) -> String {
    let mut fixed: String = value.chars().filter(|c| *c != ' ').collect();
    while fixed.contains("..") {
        fixed = fixed.replace("..", ".");
    }
    fixed.trim_matches('.').to_owned()
}
