//! A panic inside the library, forced through the test trigger (the `test-hooks` feature, never in
//! a release), reaches the caller as a failure of the one input it hit; the other inputs of the
//! batch go on. (Its own test binary: the trigger is read from the environment once per process.)

use std::ptr;

use syncmatch_native::ffi::*;
use syncmatch_native::matching::{Outcome, Reason};
use syncmatch_native::schema::Field;

mod support;
use support::{
    Batch, duplicates_page, empty_prediction, failures_page, findings_page, results_page,
};

#[test]
fn an_injected_panic_fails_only_its_input() {
    // SAFETY: set before any thread of this process reads the environment.
    unsafe { std::env::set_var("SYNCMATCH_TEST_PANIC_ON", "boom") };

    let mut session: *mut SyncMatchReadiness = ptr::null_mut();
    assert_eq!(
        unsafe { syncmatch_readiness_new(ptr::null(), 0, ptr::null(), 0, 0, &mut session) },
        SyncMatchStatus::Ok
    );
    let mut batch = Batch::default();
    for sam in ["José", "boom", "Renée"] {
        batch
            .text(Field::SamAccountName, sam)
            .text(Field::UserPrincipalName, "x y@contoso.com")
            .text(Field::ObjectGuid, "35918bc9-196d-40ea-9779-889d79b753f0")
            .row();
    }
    let rows = batch.rows();
    let (mut findings, mut failures): (*mut SyncMatchBuffer, *mut SyncMatchBuffer) =
        (ptr::null_mut(), ptr::null_mut());
    let status = unsafe { syncmatch_readiness_check(session, &rows, &mut findings, &mut failures) };
    assert_eq!(status, SyncMatchStatus::Ok);
    let (mut findings, failures) = (findings_page(findings), failures_page(failures));
    // Findings that carry a suggestion come at the end, once the suggestion is known to be free.
    let mut held: *mut SyncMatchBuffer = ptr::null_mut();
    assert_eq!(
        unsafe { syncmatch_readiness_finish(session, &mut held) },
        SyncMatchStatus::Ok
    );
    findings.extend(duplicates_page(held).1);
    assert!(
        findings.iter().any(|found| found.identity == "José"),
        "{findings:?}"
    );
    assert!(
        findings.iter().any(|found| found.identity == "Renée"),
        "{findings:?}"
    );
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(
        (failures[0].index, failures[0].status),
        (1, SyncMatchStatus::Panic as u32)
    );
    assert!(
        failures[0].message.starts_with(
            "injected test panic for sAMAccountName 'boom' (at src/schema/test_hooks.rs:"
        ),
        "{failures:?}"
    );
    unsafe { syncmatch_readiness_free(session) };

    let prediction = empty_prediction();
    let mut out: *mut SyncMatchBuffer = ptr::null_mut();
    assert_eq!(
        unsafe { syncmatch_prediction_add_users(prediction, &rows, &mut out) },
        SyncMatchStatus::Ok
    );
    let failures = failures_page(out);
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(
        (failures[0].index, failures[0].status),
        (1, SyncMatchStatus::Panic as u32)
    );
    let mut count = 0usize;
    assert_eq!(
        unsafe { syncmatch_prediction_finish(prediction, 0, &mut count) },
        SyncMatchStatus::Ok
    );
    assert_eq!(count, 3, "every input keeps its place");
    assert_eq!(
        unsafe { syncmatch_prediction_records(prediction, 0, 3, 0, &mut out) },
        SyncMatchStatus::Ok
    );
    let results = results_page(out);
    assert_eq!(
        (results[1].outcome, results[1].reason),
        (Outcome::Error as u8, Reason::InvalidInput as u8)
    );
    assert_eq!(
        (results[0].identity.as_str(), results[2].identity.as_str()),
        ("José", "Renée")
    );
    unsafe { syncmatch_prediction_free(prediction) };
}
