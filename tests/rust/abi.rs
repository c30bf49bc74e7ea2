//! Calls the C ABI the way the C# module does, including the ways a caller can get it wrong.

use std::ptr;

use syncmatch_native::ffi::*;
use syncmatch_native::matching::{MatchType, Outcome, Reason};
use syncmatch_native::model::ObjectType;
use syncmatch_native::rules::{Rule, Severity};
use syncmatch_native::schema::Field;

mod support;
use support::{
    Batch, PageFailure, duplicates_page, empty_prediction, failures_page, findings_page, no_rows,
    push_text, results_page, take_json,
};

const GUID_BYTES: [u8; 16] = [
    0xC9, 0x8B, 0x91, 0x35, 0x6D, 0x19, 0xEA, 0x40, 0x97, 0x79, 0x88, 0x9D, 0x79, 0xB7, 0x53, 0xF0,
];
const IMMUTABLE_ID: &str = "yYuRNW0Z6kCXeYidebdT8A==";

/// Calls syncmatch_anchor_resolve_rows: status, the anchors, the spellings, the failures.
fn resolve(
    batch: &Batch,
    attribute: u32,
    spelling: u32,
) -> (SyncMatchStatus, Vec<u8>, Vec<u32>, Vec<PageFailure>) {
    let (status, anchors, spellings, _, failures) =
        resolve_with_sources(batch, attribute, spelling);
    (status, anchors, spellings, failures)
}

/// Where each anchor of `batch` was read from (a [`SyncMatchAnchorSource`] a row).
fn sources(batch: &Batch, attribute: u32) -> Vec<u32> {
    let (status, _, _, sources, _) = resolve_with_sources(batch, attribute, 0);
    assert_eq!(status, SyncMatchStatus::Ok);
    sources
}

/// syncmatch_anchor_resolve_rows with every output: status, anchors, spellings, sources, failures.
fn resolve_with_sources(
    batch: &Batch,
    attribute: u32,
    spelling: u32,
) -> (
    SyncMatchStatus,
    Vec<u8>,
    Vec<u32>,
    Vec<u32>,
    Vec<PageFailure>,
) {
    let count = batch.ends.len();
    let mut anchors = vec![0xAAu8; 16 * count];
    let mut spellings = vec![99u32; count];
    let mut sources = vec![99u32; count];
    let mut failures: *mut SyncMatchBuffer = ptr::null_mut();
    let rows = batch.rows();
    let status = unsafe {
        syncmatch_anchor_resolve_rows(
            &rows,
            attribute,
            spelling,
            anchors.as_mut_ptr(),
            anchors.len(),
            spellings.as_mut_ptr(),
            spellings.len(),
            sources.as_mut_ptr(),
            sources.len(),
            &mut failures,
        )
    };
    let failures = if status == SyncMatchStatus::Ok {
        failures_page(failures)
    } else {
        assert!(failures.is_null(), "out_failures written on a failed call");
        Vec::new()
    };
    (status, anchors, spellings, sources, failures)
}

/// One bare value a row.
fn values(texts: &[&str]) -> Batch {
    let mut batch = Batch::default();
    for text in texts {
        batch.text(Field::Value, text).row();
    }
    batch
}

#[test]
fn version_matches_the_crate_and_abi() {
    let mut text: *const u8 = ptr::null();
    let mut len = 0usize;
    let mut abi = 0u32;
    assert_eq!(
        unsafe { syncmatch_version(&mut text, &mut len, &mut abi) },
        SyncMatchStatus::Ok
    );
    let version = unsafe { std::slice::from_raw_parts(text, len) };
    assert_eq!(version, env!("CARGO_PKG_VERSION").as_bytes());
    assert_eq!(abi, SYNCMATCH_ABI_VERSION);
    assert_eq!(
        unsafe { syncmatch_version(ptr::null_mut(), &mut len, &mut abi) },
        SyncMatchStatus::NullArgument
    );
}

#[test]
fn resolves_text_and_reports_the_spelling() {
    let (status, anchors, spellings, failures) = resolve(&values(&[IMMUTABLE_ID]), 0, 0);
    assert_eq!(status, SyncMatchStatus::Ok);
    assert_eq!(anchors, GUID_BYTES);
    assert_eq!(spellings, [SyncMatchSpelling::ImmutableId as u32]);
    assert!(failures.is_empty());
}

#[test]
fn a_failed_row_is_zeros_and_a_failure_that_explains() {
    let (status, anchors, spellings, failures) = resolve(&values(&["RU1QMDAxMjM0"]), 0, 0);
    assert_eq!(status, SyncMatchStatus::Ok);
    assert_eq!(anchors, [0; 16]);
    assert_eq!(spellings, [SyncMatchSpelling::Bytes as u32]);
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].index, 0);
    assert_eq!(failures[0].status, SyncMatchStatus::AnchorNotGuid as u32);
    assert!(failures[0].message.contains("9 bytes"), "{failures:?}");
}

#[test]
fn invalid_utf8_is_that_rows_failure_not_a_crash() {
    let mut batch = Batch::default();
    batch
        .raw(
            Field::Value.number(),
            SyncMatchSlotKind::Utf8Text,
            &[0x33, 0xFF, 0xFE, 0x35],
        )
        .row();
    batch.text(Field::Value, IMMUTABLE_ID).row();
    let (status, anchors, _, failures) = resolve(&batch, 0, 0);
    assert_eq!(status, SyncMatchStatus::Ok);
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].status, SyncMatchStatus::InvalidUtf8 as u32);
    assert!(failures[0].message.contains("UTF-8"), "{failures:?}");
    assert_eq!(&anchors[16..], GUID_BYTES, "the other row is resolved");
}

#[test]
fn null_pointers_are_rejected() {
    let mut anchors = [0u8; 16];
    let mut spellings = [0u32; 1];
    let mut failures: *mut SyncMatchBuffer = ptr::null_mut();
    let status = unsafe {
        syncmatch_anchor_resolve_rows(
            ptr::null(),
            0,
            0,
            anchors.as_mut_ptr(),
            16,
            spellings.as_mut_ptr(),
            1,
            ptr::null_mut(),
            0,
            &mut failures,
        )
    };
    assert_eq!(status, SyncMatchStatus::NullArgument);
    // A batch that claims cells or rows behind NULL pointers.
    let lying = SyncMatchRows {
        row_count: 1,
        ..no_rows()
    };
    let status = unsafe {
        syncmatch_anchor_resolve_rows(
            &lying,
            0,
            0,
            anchors.as_mut_ptr(),
            16,
            spellings.as_mut_ptr(),
            1,
            ptr::null_mut(),
            0,
            &mut failures,
        )
    };
    assert_eq!(status, SyncMatchStatus::NullArgument);
    let batch = values(&[IMMUTABLE_ID]);
    let rows = batch.rows();
    let status = unsafe {
        syncmatch_anchor_resolve_rows(
            &rows,
            0,
            0,
            anchors.as_mut_ptr(),
            16,
            spellings.as_mut_ptr(),
            1,
            ptr::null_mut(),
            0,
            ptr::null_mut(),
        )
    };
    assert_eq!(status, SyncMatchStatus::NullArgument);
    assert_eq!(anchors, [0; 16], "nothing written on a failed call");
    let status = unsafe { syncmatch_anchor_format(ptr::null(), ptr::null_mut()) };
    assert_eq!(status, SyncMatchStatus::NullArgument);
    // Freeing NULL is fine.
    unsafe { syncmatch_error_free(ptr::null_mut()) };
}

#[test]
fn out_of_range_enums_fail_the_call_and_bad_cells_fail_their_row() {
    let batch = values(&[IMMUTABLE_ID]);
    assert_eq!(resolve(&batch, 7, 0).0, SyncMatchStatus::InvalidArgument);
    assert_eq!(resolve(&batch, 0, 6).0, SyncMatchStatus::InvalidArgument);
    let row_failure = |batch: &Batch, expected: &str| {
        let (status, _, _, failures) = resolve(batch, 0, 0);
        assert_eq!(status, SyncMatchStatus::Ok);
        assert_eq!(failures.len(), 1, "{failures:?}");
        assert_eq!(failures[0].status, SyncMatchStatus::InvalidArgument as u32);
        assert!(
            failures[0].message.contains(expected),
            "{expected}: {failures:?}"
        );
    };
    let mut outside = values(&[IMMUTABLE_ID]);
    outside.cells[0].value.offset = 10;
    outside.cells[0].value.len = 100;
    row_failure(&outside, "outside the");
    outside.cells[0].value.offset = usize::MAX;
    outside.cells[0].value.len = 2;
    row_failure(&outside, "outside the");
    let mut bad_kind = values(&[IMMUTABLE_ID]);
    bad_kind.cells[0].value.kind = 9;
    row_failure(&bad_kind, "is not a slot kind");
    let mut no_field = values(&[IMMUTABLE_ID]);
    no_field.cells[0].field = 999;
    row_failure(&no_field, "999 is not a field");
    let mut bytes_for_text = Batch::default();
    bytes_for_text.bytes(Field::Mail, b"x").row();
    row_failure(&bytes_for_text, "holds text, not bytes");
    // Row ends that do not fit the cells fail the whole call.
    let mut backwards = values(&[IMMUTABLE_ID, IMMUTABLE_ID]);
    backwards.ends = vec![2, 1];
    assert_eq!(
        resolve(&backwards, 0, 0).0,
        SyncMatchStatus::InvalidArgument
    );
    let mut past = values(&[IMMUTABLE_ID]);
    past.ends = vec![5];
    assert_eq!(resolve(&past, 0, 0).0, SyncMatchStatus::InvalidArgument);
}

#[test]
fn wrong_byte_count_is_reported() {
    let mut batch = Batch::default();
    batch.bytes(Field::Value, &[1, 2, 3]).row();
    let (_, _, _, failures) = resolve(&batch, 0, 0);
    assert_eq!(
        failures[0].status,
        SyncMatchStatus::AnchorWrongByteCount as u32
    );
    assert!(failures[0].message.contains("has 3"), "{failures:?}");
}

#[test]
fn users_prefer_the_consistency_guid() {
    let other = [7u8; 16];
    let mut batch = Batch::default();
    batch
        .bytes(Field::ObjectGuid, &other)
        .bytes(Field::ConsistencyGuid, &GUID_BYTES)
        .row();
    let auto = SyncMatchAnchorAttribute::Auto as u32;
    let object_guid = SyncMatchAnchorAttribute::ObjectGuid as u32;
    assert_eq!(resolve(&batch, auto, 0).1, GUID_BYTES);
    assert_eq!(resolve(&batch, object_guid, 0).1, other);
    // Issue 23: where each was read from is said (a bare value is a value).
    assert_eq!(
        sources(&batch, auto),
        vec![SyncMatchAnchorSource::ConsistencyGuid as u32]
    );
    assert_eq!(
        sources(&batch, object_guid),
        vec![SyncMatchAnchorSource::ObjectGuid as u32]
    );
    assert_eq!(
        sources(&values(&[IMMUTABLE_ID]), auto),
        vec![SyncMatchAnchorSource::Value as u32]
    );
    assert_eq!(
        resolve(&batch, SyncMatchAnchorAttribute::Custom as u32, 0).0,
        SyncMatchStatus::InvalidArgument,
        "a custom anchor has no GUID form"
    );
}

#[test]
fn a_batch_mixes_good_and_bad_rows_and_immutable_ids_spell_them() {
    let texts = [
        IMMUTABLE_ID,
        "not an anchor!",
        "35918bc9-196d-40ea-9779-889d79b753f0",
    ];
    let (status, anchors, spellings, failures) = resolve(&values(&texts), 0, 0);
    assert_eq!(status, SyncMatchStatus::Ok);
    assert_eq!(
        failures.iter().map(|f| f.index).collect::<Vec<_>>(),
        [1],
        "{failures:?}"
    );
    assert_eq!(&anchors[0..16], GUID_BYTES);
    assert_eq!(&anchors[16..32], [0u8; 16]);
    assert_eq!(&anchors[32..48], GUID_BYTES);
    assert_eq!(spellings[2], SyncMatchSpelling::Guid as u32);

    let mut chars = vec![0u8; 24 * texts.len()];
    let status = unsafe {
        syncmatch_anchor_immutable_ids(
            anchors.as_ptr(),
            anchors.len(),
            chars.as_mut_ptr(),
            chars.len(),
        )
    };
    assert_eq!(status, SyncMatchStatus::Ok);
    assert_eq!(&chars[0..24], IMMUTABLE_ID.as_bytes());
}

#[test]
fn short_buffers_are_refused_before_anything_is_written() {
    let batch = values(&[IMMUTABLE_ID, IMMUTABLE_ID]);
    let rows = batch.rows();
    let mut anchors = [0xAAu8; 16];
    let mut spellings = [99u32; 2];
    let mut failures: *mut SyncMatchBuffer = ptr::null_mut();
    let status = unsafe {
        syncmatch_anchor_resolve_rows(
            &rows,
            0,
            0,
            anchors.as_mut_ptr(),
            anchors.len(),
            spellings.as_mut_ptr(),
            spellings.len(),
            ptr::null_mut(),
            0,
            &mut failures,
        )
    };
    assert_eq!(status, SyncMatchStatus::BufferTooSmall);
    assert_eq!(anchors, [0xAA; 16]);
    assert_eq!(spellings, [99; 2]);
    assert!(failures.is_null());

    let mut chars = [0u8; 23];
    let status = unsafe {
        syncmatch_anchor_immutable_ids(GUID_BYTES.as_ptr(), 16, chars.as_mut_ptr(), chars.len())
    };
    assert_eq!(status, SyncMatchStatus::BufferTooSmall);
    let status = unsafe {
        syncmatch_anchor_immutable_ids(GUID_BYTES.as_ptr(), 15, chars.as_mut_ptr(), chars.len())
    };
    assert_eq!(status, SyncMatchStatus::InvalidArgument);
}

#[test]
fn an_empty_batch_accepts_null() {
    let rows = no_rows();
    let mut failures: *mut SyncMatchBuffer = ptr::null_mut();
    let status = unsafe {
        syncmatch_anchor_resolve_rows(
            &rows,
            0,
            0,
            ptr::null_mut(),
            0,
            ptr::null_mut(),
            0,
            ptr::null_mut(),
            0,
            &mut failures,
        )
    };
    assert_eq!(status, SyncMatchStatus::Ok);
    assert!(failures_page(failures).is_empty());
}

#[test]
fn format_writes_every_spelling() {
    let mut text = SyncMatchAnchorText::default();
    assert_eq!(
        unsafe { syncmatch_anchor_format(GUID_BYTES.as_ptr(), &mut text) },
        SyncMatchStatus::Ok
    );
    assert_eq!(&text.immutable_id, IMMUTABLE_ID.as_bytes());
    assert_eq!(
        &text.connector_dn,
        b"CN={795975524E57305A366B4358655969646562645438413D3D}"
    );
}

#[test]
fn address_parse_splits_joined_cells() {
    let mut data = Vec::new();
    let slots = [
        push_text(
            &mut data,
            "SMTP:Jane@contoso.com;smtp:j@contoso.com",
            SyncMatchSlotKind::Utf8JoinedList,
        ),
        push_text(
            &mut data,
            "x500:/o=Org/cn=j (x)",
            SyncMatchSlotKind::Utf8Text,
        ),
        SyncMatchSlot::default(),
    ];
    let mut out: *mut SyncMatchBuffer = ptr::null_mut();
    let status = unsafe {
        syncmatch_address_parse(
            data.as_ptr(),
            data.len(),
            slots.as_ptr(),
            slots.len(),
            &mut out,
        )
    };
    assert_eq!(status, SyncMatchStatus::Ok);
    let json = take_json(out);
    assert!(json.starts_with(r#"[[{"type":"SMTP","prefix":"SMTP","isPrimary":true,"address":"Jane@contoso.com","key":"jane@contoso.com","isValid":true"#), "{json}");
    assert!(
        json.contains(r#""type":"X500""#) && json.ends_with("[]]"),
        "{json}"
    );
}

/// A readiness session for `domains`.
fn readiness(domains: &[&str]) -> *mut SyncMatchReadiness {
    let mut data = Vec::new();
    let slots: Vec<SyncMatchSlot> = domains
        .iter()
        .map(|domain| push_text(&mut data, domain, SyncMatchSlotKind::Utf8Text))
        .collect();
    let mut session: *mut SyncMatchReadiness = ptr::null_mut();
    let status = unsafe {
        syncmatch_readiness_new(
            data.as_ptr(),
            data.len(),
            slots.as_ptr(),
            slots.len(),
            SyncMatchAnchorAttribute::Auto as u32,
            &mut session,
        )
    };
    assert_eq!(status, SyncMatchStatus::Ok);
    session
}

/// Checks a batch: the status, its findings and failures (empty when the call failed).
fn check(
    session: *mut SyncMatchReadiness,
    rows: &SyncMatchRows,
) -> (SyncMatchStatus, Vec<support::PageFinding>, Vec<PageFailure>) {
    let (mut findings, mut failures): (*mut SyncMatchBuffer, *mut SyncMatchBuffer) =
        (ptr::null_mut(), ptr::null_mut());
    let status = unsafe { syncmatch_readiness_check(session, rows, &mut findings, &mut failures) };
    if status != SyncMatchStatus::Ok {
        assert!(findings.is_null() && failures.is_null());
        return (status, Vec::new(), Vec::new());
    }
    (status, findings_page(findings), failures_page(failures))
}

#[test]
fn readiness_session_reports_own_findings_then_duplicates() {
    let session = readiness(&["contoso.com"]);
    let mut batch = Batch::default();
    batch
        .text(Field::SamAccountName, "a")
        .text(Field::UserPrincipalName, "a@contoso.local")
        .joined(Field::ProxyAddresses, "SMTP:a@contoso.com")
        .row();
    batch
        .text(Field::SamAccountName, "b")
        .text(Field::UserPrincipalName, "b@contoso.com")
        .text(Field::ProxyAddresses, "SMTP:b@contoso.com")
        .text(Field::ProxyAddresses, "smtp:A@contoso.com")
        .row();
    let (status, own, failures) = check(session, &batch.rows());
    assert_eq!(status, SyncMatchStatus::Ok);
    assert!(failures.is_empty(), "{failures:?}");
    // A finding with a suggestion comes at the end, once the suggestion is known to be free.
    assert!(
        own.iter().all(|found| found.suggestion.is_none()),
        "{own:?}"
    );
    let mut out: *mut SyncMatchBuffer = ptr::null_mut();
    let status = unsafe { syncmatch_readiness_finish(session, &mut out) };
    assert_eq!(status, SyncMatchStatus::Ok);
    let (groups, duplicates) = duplicates_page(out);
    let upn = duplicates
        .iter()
        .find(|found| found.identity == "a" && found.attribute == "userPrincipalName")
        .unwrap_or_else(|| panic!("{duplicates:?}"));
    assert_eq!(
        (upn.value.as_str(), upn.rule, upn.severity),
        (
            "a@contoso.local",
            Rule::UnverifiedDomain as u8,
            Severity::Error as u8
        )
    );
    // a@contoso.com is a's own primary SMTP address, but b holds it too (smtp:A@…): not free.
    assert_eq!(upn.suggestion, None);
    assert!(
        upn.message
            .contains("'a@contoso.com' is already held by b (proxyAddresses)"),
        "{}",
        upn.message
    );
    assert_eq!(upn.group, None);
    let proxy = duplicates
        .iter()
        .find(|found| found.identity == "a" && found.attribute == "proxyAddresses")
        .unwrap_or_else(|| panic!("{duplicates:?}"));
    assert_eq!(
        (proxy.value.as_str(), proxy.rule),
        ("a@contoso.com", Rule::Duplicate as u8)
    );
    assert_eq!(proxy.conflicts, ["b (proxyAddresses)"]);
    let group = &groups[proxy.group.expect("a duplicate names its group") as usize];
    assert_eq!(group.key, "address:a@contoso.com");
    assert_eq!(group.members, ["a (proxyAddresses)", "b (proxyAddresses)"]);
    unsafe { syncmatch_readiness_free(session) };
    unsafe { syncmatch_readiness_free(ptr::null_mut()) };
}

#[test]
fn readiness_fails_a_bad_row_alone_and_a_bad_batch_whole() {
    let session = readiness(&[]);
    // The call's only row failed, alone: its failure, and no finding.
    let only_failure = |batch: &Batch, status: SyncMatchStatus, message: &str| {
        let (call, findings, failures) = check(session, &batch.rows());
        assert_eq!(call, SyncMatchStatus::Ok);
        assert!(findings.is_empty(), "{findings:?}");
        assert_eq!(
            failures,
            [PageFailure {
                index: 0,
                line: 0,
                status: status as u32,
                message: message.into()
            }]
        );
    };
    let mut bad_utf8 = Batch::default();
    bad_utf8
        .raw(
            Field::UserPrincipalName.number(),
            SyncMatchSlotKind::Utf8Text,
            &[0xFF, 0xFE],
        )
        .row();
    only_failure(
        &bad_utf8,
        SyncMatchStatus::InvalidUtf8,
        "UserPrincipalName: the text is not valid UTF-8 (byte 1 of 2)",
    );
    let mut type_name = Batch::default();
    type_name
        .text(Field::SamAccountName, "x")
        .text(
            Field::ProxyAddresses,
            "Microsoft.ActiveDirectory.Management.ADPropertyValueCollection",
        )
        .row();
    let (_, _, failures) = check(session, &type_name.rows());
    assert_eq!(failures[0].status, SyncMatchStatus::AnchorTypeName as u32);
    assert_eq!(
        check(ptr::null_mut(), &no_rows()).0,
        SyncMatchStatus::NullArgument
    );
    let lying = SyncMatchRows {
        row_count: 3,
        ..no_rows()
    };
    assert_eq!(check(session, &lying).0, SyncMatchStatus::NullArgument);
    let mut out: *mut SyncMatchBuffer = ptr::null_mut();
    let rows = no_rows();
    assert_eq!(
        unsafe { syncmatch_readiness_check(session, &rows, &mut out, ptr::null_mut()) },
        SyncMatchStatus::NullArgument
    );
    unsafe { syncmatch_readiness_free(session) };
}

#[test]
fn a_panic_leaves_its_message_and_nothing_else() {
    // No panic happened on this thread yet: there is no message.
    let mut error: *mut SyncMatchError = ptr::null_mut();
    assert_eq!(
        unsafe { syncmatch_last_panic_message(&mut error) },
        SyncMatchStatus::Ok
    );
    assert!(error.is_null());
    assert_eq!(
        unsafe { syncmatch_last_panic_message(ptr::null_mut()) },
        SyncMatchStatus::NullArgument
    );
}

/// Adds cloud rows to a prediction: the status and the failures.
fn add_cloud(
    prediction: *mut SyncMatchPrediction,
    batch: &Batch,
) -> (SyncMatchStatus, Vec<PageFailure>) {
    let mut failures: *mut SyncMatchBuffer = ptr::null_mut();
    let rows = batch.rows();
    let status = unsafe { syncmatch_prediction_add_cloud(prediction, &rows, 0, &mut failures) };
    let failures = if failures.is_null() {
        Vec::new()
    } else {
        failures_page(failures)
    };
    (status, failures)
}

/// Adds on-premises rows to a prediction: the status and the failures.
fn add_users(
    prediction: *mut SyncMatchPrediction,
    batch: &Batch,
) -> (SyncMatchStatus, Vec<PageFailure>) {
    let mut failures: *mut SyncMatchBuffer = ptr::null_mut();
    let rows = batch.rows();
    let status = unsafe { syncmatch_prediction_add_users(prediction, &rows, &mut failures) };
    let failures = if failures.is_null() {
        Vec::new()
    } else {
        failures_page(failures)
    };
    (status, failures)
}

#[test]
fn prediction_refuses_calls_out_of_order() {
    let prediction = empty_prediction();
    let mut user = Batch::default();
    user.text(Field::SamAccountName, "u").row();
    let mut cloud = Batch::default();
    cloud.text(Field::CloudId, "c1").row();
    let reserve = |count| unsafe { syncmatch_prediction_reserve_cloud(prediction, count) };
    // Room is only an estimate: a count no memory holds reserves nothing, and adding still works.
    assert_eq!(reserve(usize::MAX), SyncMatchStatus::Ok);
    assert_eq!(reserve(1000), SyncMatchStatus::Ok);
    assert_eq!(add_cloud(prediction, &cloud).0, SyncMatchStatus::Ok);
    assert_eq!(add_users(prediction, &user).0, SyncMatchStatus::Ok);
    // Cloud users after the first on-premises user would be missed by it.
    assert_eq!(
        add_cloud(prediction, &cloud).0,
        SyncMatchStatus::InvalidState
    );
    assert_eq!(reserve(1), SyncMatchStatus::InvalidState);
    assert_eq!(
        unsafe { syncmatch_prediction_reserve_cloud(ptr::null_mut(), 1) },
        SyncMatchStatus::NullArgument
    );
    let mut count = 0usize;
    assert_eq!(
        unsafe { syncmatch_prediction_finish(prediction, 0, &mut count) },
        SyncMatchStatus::Ok
    );
    assert_eq!(count, 1);
    // After the final pass the lookup keys are gone: a user added now would silently not match.
    assert_eq!(
        add_users(prediction, &user).0,
        SyncMatchStatus::InvalidState
    );
    assert_eq!(
        add_cloud(prediction, &cloud).0,
        SyncMatchStatus::InvalidState
    );
    unsafe { syncmatch_prediction_free(prediction) };
}

#[test]
fn immutable_ids_refuse_a_length_whose_output_size_overflows() {
    // 16 × (usize::MAX / 16) bytes of anchors would need more than usize::MAX output bytes.
    let anchors_len = (usize::MAX / 16) * 16;
    let status = unsafe {
        syncmatch_anchor_immutable_ids(ptr::null(), anchors_len, ptr::null_mut(), usize::MAX)
    };
    assert_eq!(status, SyncMatchStatus::InvalidArgument);
}

#[test]
fn a_prediction_pages_records_and_names_its_failures() {
    let mut data = Vec::new();
    let verified = [
        push_text(&mut data, "contoso.com", SyncMatchSlotKind::Utf8Text),
        push_text(
            &mut data,
            "contoso.onmicrosoft.com",
            SyncMatchSlotKind::Utf8Text,
        ),
    ];
    let settings = SyncMatchPredictionSettings {
        soft_match_on_upn: 1,
        ..SyncMatchPredictionSettings::default()
    };
    let mut prediction: *mut SyncMatchPrediction = ptr::null_mut();
    let status = unsafe {
        syncmatch_prediction_new(
            &settings,
            data.as_ptr(),
            data.len(),
            verified.as_ptr(),
            2,
            ptr::null(),
            0,
            &mut prediction,
        )
    };
    assert_eq!(status, SyncMatchStatus::Ok);

    // A cloud user, and one that cannot be used (no Id): left out and named.
    let mut cloud = Batch::default();
    cloud
        .text(Field::CloudId, "c1")
        .text(Field::UserPrincipalName, "jane@contoso.com")
        .text(Field::ProxyAddresses, "SMTP:jane@contoso.com")
        .row();
    cloud
        .text(Field::UserPrincipalName, "nobody@contoso.com")
        .row();
    let (status, failures) = add_cloud(prediction, &cloud);
    assert_eq!(status, SyncMatchStatus::Ok);
    assert_eq!(failures.len(), 1);
    assert_eq!(
        (failures[0].index, failures[0].message.as_str()),
        (1, "it has no Id or ObjectId")
    );

    // Jane joins; 'broken' has an anchor of 3 bytes; 'refused' was refused by the caller.
    let mut users = Batch::default();
    users
        .text(Field::SamAccountName, "jane")
        .text(Field::UserPrincipalName, "jane@contoso.com")
        .text(Field::ProxyAddresses, "SMTP:jane@contoso.com")
        .bytes(Field::ObjectGuid, &GUID_BYTES)
        .row();
    users
        .text(Field::SamAccountName, "broken")
        .bytes(Field::ObjectGuid, &[1, 2, 3])
        .row();
    users
        .text(Field::ResultIdentity, "CN=refused")
        .text(Field::Refusal, "too deep")
        .row();
    let (status, failures) = add_users(prediction, &users);
    assert_eq!(status, SyncMatchStatus::Ok);
    assert_eq!(failures.len(), 1, "the refusal's record is the caller's");
    assert_eq!(failures[0].index, 1);
    assert_eq!(
        failures[0].status,
        SyncMatchStatus::AnchorWrongByteCount as u32
    );

    let mut count = 0usize;
    assert_eq!(
        unsafe { syncmatch_prediction_finish(prediction, 1, &mut count) },
        SyncMatchStatus::Ok
    );
    assert_eq!(count, 3, "every user; the only cloud user is joined");
    let mut out: *mut SyncMatchBuffer = ptr::null_mut();
    assert_eq!(
        unsafe { syncmatch_prediction_records(prediction, 0, 10, 1, &mut out) },
        SyncMatchStatus::Ok
    );
    let results = results_page(out);
    let jane = &results[0];
    assert_eq!(
        (jane.match_type, jane.outcome, jane.reason),
        (
            MatchType::SoftSmtp as u8,
            Outcome::Join as u8,
            Reason::SoftMatchSmtp as u8
        )
    );
    assert_eq!(jane.immutable_id.as_deref(), Some(IMMUTABLE_ID));
    assert_eq!(jane.object_type, ObjectType::User as u8);
    // A soft match needs no hard match.
    assert_eq!(jane.flags, 0);
    assert_eq!(
        (jane.cloud_object_id.as_deref(), jane.cloud_index),
        (Some("c1"), Some(0))
    );
    for (result, identity) in [(&results[1], "broken"), (&results[2], "CN=refused")] {
        assert_eq!(result.identity, identity);
        assert_eq!(
            (result.outcome, result.reason),
            (Outcome::Error as u8, Reason::InvalidInput as u8)
        );
    }
    assert!(results[2].detail.contains("too deep"));

    assert_eq!(
        unsafe { syncmatch_prediction_finish(ptr::null_mut(), 0, &mut count) },
        SyncMatchStatus::NullArgument
    );
    unsafe { syncmatch_prediction_free(prediction) };
    unsafe { syncmatch_prediction_free(ptr::null_mut()) };
}

/// Reads the export file holding `text`.
fn read_export(name: &str, text: &str) -> *mut SyncMatchExport {
    let path = std::env::temp_dir().join(format!("syncmatch-abi-{name}-{}", std::process::id()));
    std::fs::write(&path, text).expect("a temporary file");
    let path = path.to_string_lossy().into_owned();
    let mut export: *mut SyncMatchExport = ptr::null_mut();
    let mut error: *mut SyncMatchError = ptr::null_mut();
    let status = unsafe {
        syncmatch_export_read(
            path.as_ptr(),
            path.len(),
            ptr::null(),
            ptr::null_mut(),
            &mut export,
            &mut error,
        )
    };
    std::fs::remove_file(&path).ok();
    assert_eq!(status, SyncMatchStatus::Ok);
    export
}

#[test]
fn an_export_checked_in_windows_finds_duplicates_across_them() {
    // The module checks an export a window of rows a call; a value two rows share is found
    // whichever windows they fall in, and the groups are those of a single call.
    let mut text = String::from("\"SamAccountName\",\"UserPrincipalName\",\"mail\"\r\n");
    for row in 0..50 {
        let mail = if row == 2 || row == 40 {
            "shared@contoso.com".to_owned()
        } else {
            format!("u{row}@contoso.com")
        };
        text.push_str(&format!("\"u{row}\",\"u{row}@contoso.com\",\"{mail}\"\r\n"));
    }
    let export = read_export("windows.csv", &text);
    let groups_in_windows = |window: usize| {
        let session = readiness(&[]);
        for start in (0..50).step_by(window) {
            let (mut findings, mut failures): (*mut SyncMatchBuffer, *mut SyncMatchBuffer) =
                (ptr::null_mut(), ptr::null_mut());
            let status = unsafe {
                syncmatch_readiness_check_export(
                    session,
                    export,
                    start,
                    window,
                    ptr::null(),
                    0,
                    &mut findings,
                    &mut failures,
                )
            };
            assert_eq!(status, SyncMatchStatus::Ok);
            findings_page(findings);
            let failures = failures_page(failures);
            assert!(failures.is_empty(), "{failures:?}");
        }
        let mut out: *mut SyncMatchBuffer = ptr::null_mut();
        assert_eq!(
            unsafe { syncmatch_readiness_finish(session, &mut out) },
            SyncMatchStatus::Ok
        );
        unsafe { syncmatch_readiness_free(session) };
        let (groups, _) = duplicates_page(out);
        groups
            .into_iter()
            .map(|group| (group.key, group.members))
            .collect::<Vec<_>>()
    };
    let whole = groups_in_windows(50);
    assert_eq!(
        whole,
        [(
            "address:shared@contoso.com".to_owned(),
            vec!["u2 (mail)".to_owned(), "u40 (mail)".to_owned()]
        )]
    );
    assert_eq!(groups_in_windows(7), whole);
    assert_eq!(groups_in_windows(1), whole);
    unsafe { syncmatch_export_free(export) };
}

/// The findings syncmatch_readiness_finish hands out (those held for their suggestion, then the duplicates).
fn finish(session: *mut SyncMatchReadiness) -> Vec<support::PageFinding> {
    let mut out: *mut SyncMatchBuffer = ptr::null_mut();
    assert_eq!(
        unsafe { syncmatch_readiness_finish(session, &mut out) },
        SyncMatchStatus::Ok
    );
    duplicates_page(out).1
}

/// The one schema: an export row and the same values given as cells are the same input.
#[test]
fn an_export_row_and_its_cells_give_the_same_findings() {
    let export = read_export(
        "same.csv",
        "\"SamAccountName\",\"UserPrincipalName\",\"EmailAddress\",\"proxyAddresses\",\"displayName\"\r\n\"ann\",\"ann@contoso.local\",\"ann@contoso.com\",\"SMTP:ann@contoso.com;smtp:ann x@contoso.com\",\" \"\r\n",
    );
    let from_export = {
        let session = readiness(&["contoso.com"]);
        let (mut findings, mut failures): (*mut SyncMatchBuffer, *mut SyncMatchBuffer) =
            (ptr::null_mut(), ptr::null_mut());
        let status = unsafe {
            syncmatch_readiness_check_export(
                session,
                export,
                0,
                1,
                ptr::null(),
                0,
                &mut findings,
                &mut failures,
            )
        };
        assert_eq!(status, SyncMatchStatus::Ok);
        failures_page(failures);
        let mut found = findings_page(findings);
        found.extend(finish(session));
        unsafe { syncmatch_readiness_free(session) };
        found
    };
    let mut batch = Batch::default();
    batch
        .text(Field::SamAccountName, "ann")
        .text(Field::UserPrincipalName, "ann@contoso.local")
        .text(Field::Mail, "ann@contoso.com")
        .joined(
            Field::ProxyAddresses,
            "SMTP:ann@contoso.com;smtp:ann x@contoso.com",
        )
        .text(Field::DisplayName, " ")
        .row();
    let session = readiness(&["contoso.com"]);
    let (_, mut from_cells, _) = check(session, &batch.rows());
    from_cells.extend(finish(session));
    unsafe { syncmatch_readiness_free(session) };
    let summary = |findings: &[support::PageFinding]| {
        findings
            .iter()
            .map(|found| {
                format!(
                    "{:?}",
                    (
                        found.rule,
                        &found.attribute,
                        &found.value,
                        &found.message,
                        &found.suggestion
                    )
                )
            })
            .collect::<Vec<_>>()
    };
    assert!(from_export.len() >= 3, "{from_export:?}");
    assert_eq!(summary(&from_export), summary(&from_cells));
    unsafe { syncmatch_export_free(export) };
}

#[test]
fn the_schema_describes_every_field_and_the_warnings_name_what_is_missing() {
    let mut out: *mut SyncMatchBuffer = ptr::null_mut();
    assert_eq!(
        unsafe { syncmatch_schema_describe(&mut out) },
        SyncMatchStatus::Ok
    );
    let json = take_json(out);
    assert!(
        json.contains(r#"{"name":"ProxyAddresses","kind":"List"}"#),
        "{json}"
    );
    assert!(json.contains(r#"["EmailAddress","#), "{json}");
    let seen = SyncMatchSeen {
        rows: 2,
        present: Field::SamAccountName.bit(),
        valued: Field::SamAccountName.bit(),
    };
    let parameter = "CloudUser";
    let warnings = |side: SyncMatchInputSide| {
        let mut out: *mut SyncMatchBuffer = ptr::null_mut();
        let status = unsafe {
            syncmatch_input_warnings(
                side as u32,
                &seen,
                ptr::null(),
                parameter.as_ptr(),
                parameter.len(),
                &mut out,
            )
        };
        assert_eq!(status, SyncMatchStatus::Ok);
        take_json(out)
    };
    assert!(
        warnings(SyncMatchInputSide::OnPremises)
            .contains("No input object has the properties mail, proxyAddresses")
    );
    assert!(warnings(SyncMatchInputSide::Cloud).contains("No cloud user has ProxyAddresses"));
    let status =
        unsafe { syncmatch_input_warnings(0, ptr::null(), ptr::null(), ptr::null(), 0, &mut out) };
    assert_eq!(status, SyncMatchStatus::NullArgument);
    let status =
        unsafe { syncmatch_input_warnings(9, &seen, ptr::null(), ptr::null(), 0, &mut out) };
    assert_eq!(status, SyncMatchStatus::InvalidArgument);
}
