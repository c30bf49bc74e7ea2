//! A custom source anchor's value (employeeID…), by Design concepts, "Selecting a good
//! sourceAnchor attribute": the "must" rules (fewer than 60 counted characters, no special
//! character, a value at all) are Errors; of the "should" rules, the one a single value shows —
//! not based on the user's name — is a Warning. A binary value is Base64-encoded by Entra Connect
//! and is exempt. Uniqueness is the duplicate pass's (`readiness`).

use super::*;
use crate::anchor::{AnchorValue, CustomAnchorProblem, custom_anchor_problem};

/// The findings for an object's custom source anchor `value` (the attribute's value, or None).
pub fn check_custom_anchor(
    object: &DirectoryObject<'_>,
    value: Option<AnchorValue<'_>>,
) -> Vec<Finding> {
    let text = match value.filter(AnchorValue::is_present) {
        None => {
            return vec![Finding::new(
                Attribute::SourceAnchor,
                "",
                Rule::Blank,
                "The deployment's source anchor attribute is empty: Entra Connect takes the object's source anchor from it, so the object cannot synchronize until it has a value (Design concepts: the value should be assigned when the object is created).".to_owned(),
            )];
        }
        Some(AnchorValue::Bytes(_)) => return Vec::new(),
        Some(AnchorValue::Text(text)) => text,
    };
    if let Some(problem) = custom_anchor_problem(text) {
        let rule = match problem {
            CustomAnchorProblem::Forbidden(_) => Rule::Character,
            CustomAnchorProblem::TooLong(_) => Rule::Length,
        };
        return vec![Finding::new(
            Attribute::SourceAnchor,
            text,
            rule,
            format!(
                "The source anchor '{}' breaks Design concepts' rules: {problem}. A source anchor value must count fewer than 60 characters (each one outside a-z, A-Z and 0-9 as 3) and hold none of \\ ! # $ % & * + / = ? ^ ` {{ }} | ~ < > ( ) ' ; : , [ ] \" @ _; Entra Connect cannot synchronize the object with it.",
                shown(text)
            ),
        )];
    }
    match object.anchor_named_after(text) {
        Some(name) => vec![Finding::new(
            Attribute::SourceAnchor,
            text,
            Rule::Format,
            format!(
                "The source anchor '{}' repeats the object's {name}: Design concepts says a source anchor should not be based on the user's name, because names change and a source anchor cannot be changed once the object is in Entra ID. It synchronizes; choose another attribute before the first synchronization if you can.",
                shown(text)
            ),
        )
        .warning()],
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object() -> DirectoryObject<'static> {
        DirectoryObject {
            distinguished_name: Some("CN=Ann Lee,OU=Staff,DC=contoso,DC=com"),
            object_class: Some("user"),
            sam_account_name: Some("alee"),
            user_principal_name: Some("ann.lee@contoso.com"),
            ..DirectoryObject::default()
        }
    }

    fn rules_of(value: Option<AnchorValue<'_>>) -> Vec<(Rule, Severity)> {
        check_custom_anchor(&object(), value)
            .iter()
            .map(|finding| (finding.rule, finding.severity))
            .collect()
    }

    // Design concepts: "Fewer than 60 characters in length" (non-alphanumerics count 3), "Not
    // contain a special character", "Should not be based on user's name".
    #[test]
    fn design_concepts_custom_anchor_rules_per_value() {
        assert_eq!(rules_of(Some(AnchorValue::Text("E1234"))), vec![]);
        assert_eq!(
            rules_of(Some(AnchorValue::Text("E_1234"))),
            vec![(Rule::Character, Severity::Error)]
        );
        assert_eq!(
            rules_of(Some(AnchorValue::Text(&"é".repeat(20)))),
            vec![(Rule::Length, Severity::Error)]
        );
        assert_eq!(
            rules_of(Some(AnchorValue::Text("ALEE"))),
            vec![(Rule::Format, Severity::Warning)]
        );
        // '.' is allowed; the UPN's name part is a name.
        assert_eq!(
            rules_of(Some(AnchorValue::Text("ann.lee"))),
            vec![(Rule::Format, Severity::Warning)]
        );
        assert_eq!(rules_of(None), vec![(Rule::Blank, Severity::Error)]);
        assert_eq!(
            rules_of(Some(AnchorValue::Text("  "))),
            vec![(Rule::Blank, Severity::Error)]
        );
        // Binary: Base64-encoded by Entra Connect, exempt.
        assert_eq!(rules_of(Some(AnchorValue::Bytes(&[0x5f; 40]))), vec![]);
        let named = check_custom_anchor(&object(), Some(AnchorValue::Text("alee")));
        assert!(
            named[0]
                .message
                .contains("repeats the object's sAMAccountName")
        );
    }
}
