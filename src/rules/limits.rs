//! The simple per-attribute limits (docs/model.md, *Attribute rules*): one row an attribute,
//! checked the same way.

use super::*;

/// The simple per-attribute limits (docs/model.md, *Attribute rules*), one row an attribute.
pub(super) struct TextRule {
    pub(super) attribute: Attribute,
    pub(super) max_length: usize,
    /// Characters the attribute may not hold.
    pub(super) forbidden: AsciiSet,
    pub(super) forbid_spaces: bool,
    /// Control characters are forbidden (attributes that name or address the object).
    pub(super) forbid_control: bool,
    /// A present value may not be blank.
    pub(super) not_blank: bool,
}

pub(super) const TEXT_RULES: &[TextRule] = &[
    TextRule {
        // 256 for any object; users are held to 20 in check_object (IdFix's rule).
        attribute: Attribute::SamAccountName,
        max_length: 256,
        forbidden: AsciiSet::of("[]\\\"|,/:<>+=;?*'"),
        forbid_spaces: false,
        forbid_control: true,
        not_blank: false,
    },
    TextRule {
        attribute: Attribute::MailNickname,
        max_length: 64,
        forbidden: AsciiSet::EMPTY,
        forbid_spaces: false,
        forbid_control: true,
        not_blank: false,
    },
    TextRule {
        attribute: Attribute::DisplayName,
        max_length: 256,
        forbidden: AsciiSet::EMPTY,
        forbid_spaces: false,
        forbid_control: false,
        not_blank: true,
    },
    TextRule {
        attribute: Attribute::Surname,
        max_length: 64,
        forbidden: AsciiSet::EMPTY,
        forbid_spaces: false,
        forbid_control: false,
        not_blank: false,
    },
    TextRule {
        attribute: Attribute::GivenName,
        max_length: 64,
        forbidden: AsciiSet::EMPTY,
        forbid_spaces: false,
        forbid_control: false,
        not_blank: false,
    },
];

impl TextRule {
    /// The ASCII characters `is_bad` in [`check_text`] faults, for the byte scan that clears
    /// most values at once.
    const fn bad_ascii(&self) -> AsciiSet {
        let mut set = self.forbidden;
        if self.forbid_spaces {
            set = set.union(AsciiSet::WHITESPACE);
        }
        if self.forbid_control {
            set = set.union(AsciiSet::CONTROL);
        }
        set
    }
}

pub(super) fn check_text(rule: &TextRule, value: &str, findings: &mut Vec<Finding>) {
    let name = rule.attribute.name();
    if rule.not_blank && value.trimmed().is_empty() {
        findings.push(Finding::new(
            rule.attribute,
            value,
            Rule::Blank,
            format!("{name} is present but blank; give it a value or clear it."),
        ));
        return;
    }
    let length = char_count(value);
    if length > rule.max_length {
        findings.push(Finding::new(
            rule.attribute,
            value,
            Rule::Length,
            format!(
                "{name} '{}' is {length} characters long; at most {} are allowed.",
                shown(value),
                rule.max_length
            ),
        ));
    }
    let is_bad = |c: char| {
        rule.forbidden.has(c)
            || (rule.forbid_spaces && c.is_whitespace())
            || (rule.forbid_control && text::is_control(c))
    };
    if !rule.bad_ascii().clear_of(value) && value.chars().any(is_bad) {
        let bad: Vec<char> = value.chars().filter(|&c| is_bad(c)).collect();
        findings.push(character_finding(rule.attribute, value, &bad, None));
    }
}
