//! The journal as evidence: issue 20's forged and edited journals, the crash cases, the
//! agreement rules (docs/model.md, *The journal*).

use super::*;

const HEAD: &str = r#"{"phase":"head","format":"SyncMatch.HardMatchJournal/2","run":"r1","tenantId":"t1","planDigest":"d1","items":2,"keyId":"k1","time":"2026-12-07T00:00:00Z","mac":"00"}"#;

fn before(user: &str, previous: Option<&str>, value: &str) -> String {
    serde_json::json!({"phase":"before","userId":user,"previousImmutableId":previous,"immutableId":value,"mac":"00"}).to_string()
}

fn after(
    phase: &str,
    user: &str,
    previous: Option<&str>,
    value: Option<&str>,
    outcome: &str,
) -> String {
    serde_json::json!({"phase":phase,"userId":user,"previousImmutableId":previous,"immutableId":value,"outcome":outcome,"mac":"00"}).to_string()
}

fn journal(lines: &[String]) -> String {
    let mut text = String::from(HEAD);
    text.push('\n');
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

fn evidence(text: &str) -> Result<Evidence, JournalError> {
    Evidence::from_journal(read(text.as_bytes())?)
}

#[test]
fn a_write_set_is_undoable_and_carries_both_values() {
    let text = journal(&[
        before("c1", None, "AAA="),
        after("after", "c1", None, Some("AAA="), "Set"),
    ]);
    let evidence = evidence(&text).unwrap();
    assert_eq!(evidence.head.tenant_id, "t1");
    let user = &evidence.users[0];
    assert_eq!(
        (user.write, user.undo, user.line),
        (WriteState::Set, UndoState::None, 2)
    );
    assert_eq!(user.previous_immutable_id, None);
    assert_eq!(user.immutable_id, "AAA=");
    assert!(user.undoable());
}

#[test]
fn issue_20_an_outcome_the_client_did_not_see_stays_undoable_until_settled() {
    // A timeout, a 504, a stale read-back: Unknown, and Undo acts on it.
    let unknown = journal(&[
        before("c1", None, "AAA="),
        after("after", "c1", None, Some("AAA="), "Unknown"),
    ]);
    assert!(evidence(&unknown).unwrap().users[0].undoable());
    // The crash case: a before and nothing after it.
    let pending = journal(&[before("c1", None, "AAA=")]);
    assert_eq!(
        evidence(&pending).unwrap().users[0].write,
        WriteState::Pending
    );
    // Settled by a re-read: NotSet is not undoable, a second after settles only an Unknown.
    let settled = journal(&[
        before("c1", None, "AAA="),
        after("after", "c1", None, Some("AAA="), "Unknown"),
        after("after", "c1", None, Some("AAA="), "NotSet"),
    ]);
    assert!(!evidence(&settled).unwrap().users[0].undoable());
    let twice = journal(&[
        before("c1", None, "AAA="),
        after("after", "c1", None, Some("AAA="), "Set"),
        after("after", "c1", None, Some("AAA="), "NotSet"),
    ]);
    assert!(matches!(
        evidence(&twice),
        Err(JournalError::Inconsistent { line: 4, .. })
    ));
}

#[test]
fn issue_20_a_definite_refusal_is_not_undone() {
    let text = journal(&[
        before("c1", None, "AAA="),
        after("after", "c1", None, Some("AAA="), "Failed"),
    ]);
    assert!(!evidence(&text).unwrap().users[0].undoable());
}

#[test]
fn issue_20_an_edited_previous_value_is_named_by_its_line() {
    // The before says the admin held nothing; the after was edited to claim "QVRUQUNL".
    let text = journal(&[
        before("c1", None, "AAA="),
        after("after", "c1", Some("QVRUQUNL"), Some("AAA="), "Set"),
    ]);
    assert!(matches!(
        evidence(&text),
        Err(JournalError::Inconsistent { line: 3, .. })
    ));
}

#[test]
fn issue_20_forged_lines_for_a_user_the_run_never_touched_are_refused() {
    // Two forged lines for an administrator: an after without its before ...
    let text = journal(&[after(
        "after",
        "admin",
        Some("QVRUQUNL"),
        Some("AAA="),
        "Set",
    )]);
    assert!(matches!(
        evidence(&text),
        Err(JournalError::Inconsistent { line: 2, .. })
    ));
    // ... and a restore of a user the run never wrote.
    let text = journal(&[after(
        "undo-before",
        "admin",
        Some("AAA="),
        Some("QVRUQUNL"),
        "Set",
    )]);
    assert!(matches!(
        evidence(&text),
        Err(JournalError::Inconsistent { line: 2, .. })
    ));
}

#[test]
fn a_restore_must_be_the_write_swapped() {
    let good = journal(&[
        before("c1", Some("b2xk"), "AAA="),
        after("after", "c1", Some("b2xk"), Some("AAA="), "Set"),
        after("undo-before", "c1", Some("AAA="), Some("b2xk"), "Set"),
        after("undo-after", "c1", Some("AAA="), Some("b2xk"), "Set"),
    ]);
    assert_eq!(evidence(&good).unwrap().users[0].undo, UndoState::Restored);
    let forged = journal(&[
        before("c1", Some("b2xk"), "AAA="),
        after("after", "c1", Some("b2xk"), Some("AAA="), "Set"),
        after("undo-before", "c1", Some("AAA="), Some("QVRUQUNL"), "Set"),
    ]);
    assert!(matches!(
        evidence(&forged),
        Err(JournalError::Inconsistent { line: 4, .. })
    ));
    let again = journal(&[
        before("c1", Some("b2xk"), "AAA="),
        after("after", "c1", Some("b2xk"), Some("AAA="), "Set"),
        after("undo-before", "c1", Some("AAA="), Some("b2xk"), "Set"),
        after("undo-after", "c1", Some("AAA="), Some("b2xk"), "Set"),
        before("c1", Some("b2xk"), "AAA="),
    ]);
    assert!(matches!(
        evidence(&again),
        Err(JournalError::Inconsistent { line: 6, .. })
    ));
}

#[test]
fn a_user_refused_once_may_be_written_again() {
    let text = journal(&[
        before("c1", None, "AAA="),
        after("after", "c1", None, Some("AAA="), "Failed"),
        before("c1", None, "AAA="),
        after("after", "c1", None, Some("AAA="), "Set"),
    ]);
    let evidence = evidence(&text).unwrap();
    assert_eq!((evidence.users.len(), evidence.users[0].line), (1, 4));
}

#[test]
fn only_the_last_line_may_be_torn() {
    let mut text = journal(&[before("c1", None, "AAA=")]);
    text.push_str(r#"{"phase":"after","userId":"c1","immut"#);
    let read = read(text.as_bytes()).unwrap();
    assert!(read.torn);
    assert_eq!(read.records.len(), 1);
    let middle = format!(
        "{HEAD}\n{{\"phase\":\"bef\n{}\n",
        before("c1", None, "AAA=")
    );
    assert!(matches!(
        super::read(middle.as_bytes()),
        Err(JournalError::Corrupt { line: 2, .. })
    ));
    // A torn line that still ends with its newline is not a crash's: corrupt.
    let ended = format!("{HEAD}\n{{\"phase\":\"aft\n");
    assert!(matches!(
        super::read(ended.as_bytes()),
        Err(JournalError::Corrupt { line: 2, .. })
    ));
}

#[test]
fn files_that_are_not_journals_are_refused() {
    assert_eq!(read(b"").unwrap_err(), JournalError::Empty);
    assert_eq!(read(b"\n").unwrap_err(), JournalError::Empty);
    for foreign in [
        "SamAccountName,CloudUserId\nann,c1\n",
        "{\"phase\":\"before\",\"userId\":\"c1\",\"immutableId\":\"AAA=\"}\n",
        "[1,2,3]\n",
        "\u{0}\u{1}binary",
    ] {
        assert!(
            matches!(
                read(foreign.as_bytes()),
                Err(JournalError::NotAJournal { .. })
            ),
            "{foreign:?}"
        );
    }
    let other_format = HEAD.replace("HardMatchJournal/2", "HardMatchJournal/9");
    assert!(matches!(
        read(other_format.as_bytes()),
        Err(JournalError::NotAJournal { .. })
    ));
    let no_tenant = HEAD.replace("\"tenantId\":\"t1\",", "");
    assert!(matches!(
        read(no_tenant.as_bytes()),
        Err(JournalError::Corrupt { line: 1, .. })
    ));
    let two_heads = format!("{HEAD}\n{HEAD}\n");
    assert!(matches!(
        read(two_heads.as_bytes()),
        Err(JournalError::Inconsistent { line: 2, .. })
    ));
}

#[test]
fn a_line_past_the_bound_is_not_read() {
    let long = format!(
        "{HEAD}\n{{\"phase\":\"before\",\"userId\":\"{}\"}}\n",
        "x".repeat(MAX_LINE)
    );
    assert!(matches!(
        read(long.as_bytes()),
        Err(JournalError::Corrupt { line: 2, .. })
    ));
}
