//! A panic inside the library, forced through the test trigger, reaches the caller as an error
//! for the one input it hit; the other inputs of the batch go on. (Its own test binary: the
//! trigger is read from the environment once per process.)

use std::ptr;

use syncmatch_native::ffi::*;

mod support;
use support::{empty_prediction, push_text, readiness_page, take_json};

fn text(data: &mut Vec<u8>, value: &str) -> SyncMatchSlot {
    push_text(data, value, SyncMatchSlotKind::Utf8Text)
}

#[test]
fn an_injected_panic_fails_only_its_input() {
    // SAFETY: set before any thread of this process reads the environment.
    unsafe { std::env::set_var("SYNCMATCH_TEST_PANIC_ON", "boom") };

    let mut session: *mut SyncMatchReadiness = ptr::null_mut();
    assert_eq!(
        unsafe { syncmatch_readiness_new(ptr::null(), 0, ptr::null(), 0, &mut session) },
        SyncMatchStatus::Ok
    );
    let mut data = Vec::new();
    let objects: Vec<SyncMatchDirectoryObject> = ["José", "boom", "Renée"]
        .iter()
        .map(|sam| SyncMatchDirectoryObject {
            sam_account_name: text(&mut data, sam),
            user_principal_name: text(&mut data, "x y@contoso.com"),
            ..SyncMatchDirectoryObject::default()
        })
        .collect();
    let mut out: *mut SyncMatchBuffer = ptr::null_mut();
    let status = unsafe {
        syncmatch_readiness_check(
            session,
            data.as_ptr(),
            data.len(),
            objects.as_ptr(),
            objects.len(),
            ptr::null(),
            0,
            &mut out,
        )
    };
    assert_eq!(status, SyncMatchStatus::Ok);
    let (findings, failures) = readiness_page(out);
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
        failures[0]
            .message
            .starts_with("injected test panic for sAMAccountName 'boom' (at src/ffi/objects.rs:"),
        "{failures:?}"
    );
    unsafe { syncmatch_readiness_free(session) };

    let prediction = empty_prediction();
    let users: Vec<SyncMatchOnPremUser> = objects
        .iter()
        .map(|object| SyncMatchOnPremUser {
            object: *object,
            object_guid: text(&mut data, "35918bc9-196d-40ea-9779-889d79b753f0"),
            ..SyncMatchOnPremUser::default()
        })
        .collect();
    assert_eq!(
        unsafe {
            syncmatch_prediction_add_users(
                prediction,
                data.as_ptr(),
                data.len(),
                users.as_ptr(),
                users.len(),
                ptr::null(),
                0,
            )
        },
        SyncMatchStatus::Ok
    );
    let mut count = 0usize;
    assert_eq!(
        unsafe { syncmatch_prediction_finish(prediction, 0, &mut count) },
        SyncMatchStatus::Ok
    );
    assert_eq!(count, 3, "every input keeps its place");
    assert_eq!(
        unsafe { syncmatch_prediction_results(prediction, 0, 3, 0, &mut out) },
        SyncMatchStatus::Ok
    );
    let json = take_json(out);
    assert_eq!(json.matches(r#""errorStatus":5"#).count(), 1, "{json}");
    assert!(
        json.contains(r#""identity":"José""#) && json.contains(r#""identity":"Renée""#),
        "{json}"
    );
    unsafe { syncmatch_prediction_free(prediction) };
}
