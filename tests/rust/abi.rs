//! Calls the C ABI the way the C# module does, including the ways a caller can get it wrong.

use std::ptr;

use syncmatch_native::ffi::*;
use syncmatch_native::rules::{Rule, Severity};

mod support;
use support::{
    PageFailure, duplicates_page, empty_prediction, push_text, readiness_page, take_json,
};

const GUID_BYTES: [u8; 16] = [
    0xC9, 0x8B, 0x91, 0x35, 0x6D, 0x19, 0xEA, 0x40, 0x97, 0x79, 0x88, 0x9D, 0x79, 0xB7, 0x53, 0xF0,
];
const IMMUTABLE_ID: &str = "yYuRNW0Z6kCXeYidebdT8A==";

fn text_slot(offset: usize, len: usize) -> SyncMatchSlot {
    SyncMatchSlot {
        kind: SyncMatchSlotKind::Utf8Text as u32,
        offset,
        len,
    }
}

fn value(slot: SyncMatchSlot) -> SyncMatchAnchorInput {
    SyncMatchAnchorInput {
        shape: SyncMatchInputShape::Value as u32,
        value: slot,
        consistency_guid: SyncMatchSlot::default(),
    }
}

/// Calls syncmatch_anchor_resolve; returns status, anchor, spelling and the error's message.
fn resolve(
    data: &[u8],
    input: &SyncMatchAnchorInput,
    attribute: u32,
    spelling: u32,
) -> (SyncMatchStatus, [u8; 16], u32, Option<(String, u32)>) {
    let mut anchor = [0xAAu8; 16];
    let mut read_as = 99u32;
    let mut error: *mut SyncMatchError = ptr::null_mut();
    let status = unsafe {
        syncmatch_anchor_resolve(
            data.as_ptr(),
            data.len(),
            input,
            attribute,
            spelling,
            anchor.as_mut_ptr(),
            &mut read_as,
            &mut error,
        )
    };
    let message = (!error.is_null()).then(|| {
        let mut text: *const u8 = ptr::null();
        let mut len = 0usize;
        let mut error_status = 0u32;
        let read =
            unsafe { syncmatch_error_message(error, &mut text, &mut len, &mut error_status) };
        assert_eq!(read, SyncMatchStatus::Ok);
        let bytes = unsafe { std::slice::from_raw_parts(text, len) };
        let message = std::str::from_utf8(bytes)
            .expect("messages are UTF-8")
            .to_owned();
        unsafe { syncmatch_error_free(error) };
        (message, error_status)
    });
    (status, anchor, read_as, message)
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
    let data = IMMUTABLE_ID.as_bytes();
    let (status, anchor, read_as, error) = resolve(data, &value(text_slot(0, data.len())), 0, 0);
    assert_eq!(status, SyncMatchStatus::Ok);
    assert_eq!(anchor, GUID_BYTES);
    assert_eq!(read_as, SyncMatchSpelling::ImmutableId as u32);
    assert!(error.is_none());
}

#[test]
fn failure_leaves_outputs_untouched_and_explains() {
    let data = b"RU1QMDAxMjM0";
    let (status, anchor, read_as, error) = resolve(data, &value(text_slot(0, data.len())), 0, 0);
    assert_eq!(status, SyncMatchStatus::AnchorNotGuid);
    assert_eq!(
        anchor, [0xAA; 16],
        "out_anchor must stay untouched on error"
    );
    assert_eq!(read_as, 99);
    let (message, error_status) = error.expect("an error object");
    assert!(message.contains("9 bytes"), "{message}");
    assert_eq!(error_status, SyncMatchStatus::AnchorNotGuid as u32);
}

#[test]
fn invalid_utf8_is_a_status_not_a_crash() {
    let data = [0x33u8, 0xFF, 0xFE, 0x35];
    let (status, _, _, error) = resolve(&data, &value(text_slot(0, data.len())), 0, 0);
    assert_eq!(status, SyncMatchStatus::InvalidUtf8);
    assert!(error.unwrap().0.contains("UTF-8"));
}

#[test]
fn null_pointers_are_rejected() {
    let input = value(text_slot(0, 4));
    let mut anchor = [0u8; 16];
    let mut read_as = 0u32;
    let status = unsafe {
        syncmatch_anchor_resolve(
            ptr::null(),
            4,
            &input,
            0,
            0,
            anchor.as_mut_ptr(),
            &mut read_as,
            ptr::null_mut(),
        )
    };
    assert_eq!(status, SyncMatchStatus::NullArgument);
    let status = unsafe {
        syncmatch_anchor_resolve(
            ptr::null(),
            0,
            ptr::null(),
            0,
            0,
            anchor.as_mut_ptr(),
            &mut read_as,
            ptr::null_mut(),
        )
    };
    assert_eq!(status, SyncMatchStatus::NullArgument);
    let status = unsafe { syncmatch_anchor_format(ptr::null(), ptr::null_mut()) };
    assert_eq!(status, SyncMatchStatus::NullArgument);
    // Freeing NULL is fine.
    unsafe { syncmatch_error_free(ptr::null_mut()) };
}

#[test]
fn out_of_range_enums_and_slots_are_invalid_arguments() {
    let data = IMMUTABLE_ID.as_bytes();
    let input = value(text_slot(0, data.len()));
    assert_eq!(
        resolve(data, &input, 7, 0).0,
        SyncMatchStatus::InvalidArgument
    );
    assert_eq!(
        resolve(data, &input, 0, 6).0,
        SyncMatchStatus::InvalidArgument
    );
    assert_eq!(
        resolve(data, &value(text_slot(10, 100)), 0, 0).0,
        SyncMatchStatus::InvalidArgument
    );
    assert_eq!(
        resolve(data, &value(text_slot(usize::MAX, 2)), 0, 0).0,
        SyncMatchStatus::InvalidArgument
    );
    let mut bad_kind = input;
    bad_kind.value.kind = 9;
    assert_eq!(
        resolve(data, &bad_kind, 0, 0).0,
        SyncMatchStatus::InvalidArgument
    );
    let mut bad_shape = input;
    bad_shape.shape = 3;
    assert_eq!(
        resolve(data, &bad_shape, 0, 0).0,
        SyncMatchStatus::InvalidArgument
    );
}

#[test]
fn wrong_byte_count_is_reported() {
    let data = [1u8, 2, 3];
    let input = value(SyncMatchSlot {
        kind: SyncMatchSlotKind::Bytes as u32,
        offset: 0,
        len: 3,
    });
    let (status, _, _, error) = resolve(&data, &input, 0, 0);
    assert_eq!(status, SyncMatchStatus::AnchorWrongByteCount);
    assert!(error.unwrap().0.contains("has 3"));
}

#[test]
fn users_prefer_the_consistency_guid() {
    let other = [7u8; 16];
    let mut data = other.to_vec();
    data.extend_from_slice(&GUID_BYTES);
    let input = SyncMatchAnchorInput {
        shape: SyncMatchInputShape::User as u32,
        value: SyncMatchSlot {
            kind: SyncMatchSlotKind::Bytes as u32,
            offset: 0,
            len: 16,
        },
        consistency_guid: SyncMatchSlot {
            kind: SyncMatchSlotKind::Bytes as u32,
            offset: 16,
            len: 16,
        },
    };
    let auto = SyncMatchAnchorAttribute::Auto as u32;
    let object_guid = SyncMatchAnchorAttribute::ObjectGuid as u32;
    assert_eq!(resolve(&data, &input, auto, 0).1, GUID_BYTES);
    assert_eq!(resolve(&data, &input, object_guid, 0).1, other);
}

#[test]
fn batch_mixes_good_and_bad_inputs() {
    let texts = [
        IMMUTABLE_ID,
        "not an anchor!",
        "35918bc9-196d-40ea-9779-889d79b753f0",
    ];
    let mut data = Vec::new();
    let mut inputs = Vec::new();
    for text in texts {
        inputs.push(value(text_slot(data.len(), text.len())));
        data.extend_from_slice(text.as_bytes());
    }
    let mut anchors = vec![0xAAu8; 16 * texts.len()];
    let mut statuses = vec![99u32; texts.len()];
    let status = unsafe {
        syncmatch_anchor_resolve_batch(
            data.as_ptr(),
            data.len(),
            inputs.as_ptr(),
            inputs.len(),
            0,
            0,
            anchors.as_mut_ptr(),
            anchors.len(),
            statuses.as_mut_ptr(),
            statuses.len(),
        )
    };
    assert_eq!(status, SyncMatchStatus::Ok);
    assert_eq!(statuses[0], SyncMatchStatus::Ok as u32);
    assert_ne!(statuses[1], SyncMatchStatus::Ok as u32);
    assert_eq!(statuses[2], SyncMatchStatus::Ok as u32);
    assert_eq!(&anchors[0..16], GUID_BYTES);
    assert_eq!(&anchors[16..32], [0u8; 16]);
    assert_eq!(&anchors[32..48], GUID_BYTES);

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
    let data = IMMUTABLE_ID.as_bytes();
    let inputs = [value(text_slot(0, data.len())); 2];
    let mut anchors = [0xAAu8; 16];
    let mut statuses = [99u32; 2];
    let status = unsafe {
        syncmatch_anchor_resolve_batch(
            data.as_ptr(),
            data.len(),
            inputs.as_ptr(),
            2,
            0,
            0,
            anchors.as_mut_ptr(),
            anchors.len(),
            statuses.as_mut_ptr(),
            statuses.len(),
        )
    };
    assert_eq!(status, SyncMatchStatus::BufferTooSmall);
    assert_eq!(anchors, [0xAA; 16]);
    assert_eq!(statuses, [99; 2]);

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
fn empty_batch_accepts_null() {
    let status = unsafe {
        syncmatch_anchor_resolve_batch(
            ptr::null(),
            0,
            ptr::null(),
            0,
            0,
            0,
            ptr::null_mut(),
            0,
            ptr::null_mut(),
            0,
        )
    };
    assert_eq!(status, SyncMatchStatus::Ok);
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

/// Copies a buffer's JSON out and frees it.
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

#[test]
fn readiness_session_reports_own_findings_then_duplicates() {
    let mut data = Vec::new();
    let domain = [push_text(
        &mut data,
        "contoso.com",
        SyncMatchSlotKind::Utf8Text,
    )];
    let mut session: *mut SyncMatchReadiness = ptr::null_mut();
    let status = unsafe {
        syncmatch_readiness_new(data.as_ptr(), data.len(), domain.as_ptr(), 1, &mut session)
    };
    assert_eq!(status, SyncMatchStatus::Ok);

    let mut data = Vec::new();
    let mut values = Vec::new();
    let mut objects = Vec::new();
    for (sam, upn, proxies) in [
        ("a", "a@contoso.local", "SMTP:a@contoso.com"),
        (
            "b",
            "b@contoso.com",
            "SMTP:b@contoso.com;smtp:A@contoso.com",
        ),
    ] {
        values.push(push_text(
            &mut data,
            proxies,
            SyncMatchSlotKind::Utf8JoinedList,
        ));
        objects.push(SyncMatchDirectoryObject {
            sam_account_name: push_text(&mut data, sam, SyncMatchSlotKind::Utf8Text),
            user_principal_name: push_text(&mut data, upn, SyncMatchSlotKind::Utf8Text),
            proxy_addresses_first: values.len() - 1,
            proxy_addresses_count: 1,
            ..SyncMatchDirectoryObject::default()
        });
    }
    let mut out: *mut SyncMatchBuffer = ptr::null_mut();
    let status = unsafe {
        syncmatch_readiness_check(
            session,
            data.as_ptr(),
            data.len(),
            objects.as_ptr(),
            objects.len(),
            values.as_ptr(),
            values.len(),
            &mut out,
        )
    };
    assert_eq!(status, SyncMatchStatus::Ok);
    let (own, failures) = readiness_page(out);
    assert!(failures.is_empty(), "{failures:?}");
    let upn = own
        .iter()
        .find(|found| found.identity == "a" && found.attribute == "userPrincipalName")
        .unwrap_or_else(|| panic!("{own:?}"));
    assert_eq!(
        (upn.value.as_str(), upn.rule, upn.severity),
        (
            "a@contoso.local",
            Rule::UnverifiedDomain as u8,
            Severity::Error as u8
        )
    );
    assert_eq!(upn.suggestion.as_deref(), Some("a@contoso.com"));
    assert_eq!(upn.group, None);

    let status = unsafe { syncmatch_readiness_finish(session, &mut out) };
    assert_eq!(status, SyncMatchStatus::Ok);
    let (groups, duplicates) = duplicates_page(out);
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
fn readiness_rejects_bad_ranges_and_nulls() {
    let mut session: *mut SyncMatchReadiness = ptr::null_mut();
    assert_eq!(
        unsafe { syncmatch_readiness_new(ptr::null(), 0, ptr::null(), 0, &mut session) },
        SyncMatchStatus::Ok
    );
    let object = SyncMatchDirectoryObject {
        proxy_addresses_first: 5,
        proxy_addresses_count: 1,
        ..SyncMatchDirectoryObject::default()
    };
    let mut out: *mut SyncMatchBuffer = ptr::null_mut();
    let status = unsafe {
        syncmatch_readiness_check(
            session,
            ptr::null(),
            0,
            &object,
            1,
            ptr::null(),
            0,
            &mut out,
        )
    };
    // The call's only object failed, alone: its failure, and no finding.
    let only_failure = |out, status: SyncMatchStatus, message: &str| {
        let (findings, failures) = readiness_page(out);
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
    // A bad range fails that object alone, with its own message; the call itself succeeds.
    assert_eq!(status, SyncMatchStatus::Ok);
    only_failure(
        out,
        SyncMatchStatus::InvalidArgument,
        "the object's proxyAddresses lie outside the values array",
    );
    out = ptr::null_mut();
    let status = unsafe {
        syncmatch_readiness_check(
            ptr::null_mut(),
            ptr::null(),
            0,
            ptr::null(),
            0,
            ptr::null(),
            0,
            &mut out,
        )
    };
    assert_eq!(status, SyncMatchStatus::NullArgument);
    let status = unsafe {
        syncmatch_readiness_check(
            session,
            ptr::null(),
            0,
            ptr::null(),
            3,
            ptr::null(),
            0,
            &mut out,
        )
    };
    assert_eq!(status, SyncMatchStatus::NullArgument);
    let bad_utf8 = [0xFFu8, 0xFE];
    let text = SyncMatchDirectoryObject {
        user_principal_name: SyncMatchSlot {
            kind: SyncMatchSlotKind::Utf8Text as u32,
            offset: 0,
            len: 2,
        },
        ..SyncMatchDirectoryObject::default()
    };
    let status = unsafe {
        syncmatch_readiness_check(
            session,
            bad_utf8.as_ptr(),
            2,
            &text,
            1,
            ptr::null(),
            0,
            &mut out,
        )
    };
    assert_eq!(status, SyncMatchStatus::Ok);
    only_failure(
        out,
        SyncMatchStatus::InvalidUtf8,
        "the text is not valid UTF-8 (byte 1 of 2)",
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

#[test]
fn prediction_refuses_calls_out_of_order() {
    let prediction = empty_prediction();
    let user = SyncMatchOnPremUser::default();
    let add_user = || unsafe {
        syncmatch_prediction_add_users(prediction, ptr::null(), 0, &user, 1, ptr::null(), 0)
    };
    let cloud = SyncMatchCloudUser::default();
    let add_cloud = || unsafe {
        syncmatch_prediction_add_cloud(prediction, ptr::null(), 0, &cloud, 1, ptr::null(), 0)
    };
    let reserve = |count| unsafe { syncmatch_prediction_reserve_cloud(prediction, count) };
    // Room is only an estimate: a count no memory holds reserves nothing, and adding still works.
    assert_eq!(reserve(usize::MAX), SyncMatchStatus::Ok);
    assert_eq!(reserve(1000), SyncMatchStatus::Ok);
    assert_eq!(add_cloud(), SyncMatchStatus::Ok);
    assert_eq!(add_user(), SyncMatchStatus::Ok);
    // Cloud users after the first on-premises user would be missed by it.
    assert_eq!(add_cloud(), SyncMatchStatus::InvalidState);
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
    assert_eq!(add_user(), SyncMatchStatus::InvalidState);
    assert_eq!(add_cloud(), SyncMatchStatus::InvalidState);
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
fn prediction_pages_results_with_error_statuses() {
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

    let mut data = Vec::new();
    let values = [push_text(
        &mut data,
        "SMTP:jane@contoso.com",
        SyncMatchSlotKind::Utf8Text,
    )];
    let cloud = [SyncMatchCloudUser {
        id: push_text(&mut data, "c1", SyncMatchSlotKind::Utf8Text),
        user_principal_name: push_text(&mut data, "jane@contoso.com", SyncMatchSlotKind::Utf8Text),
        proxy_addresses_first: 0,
        proxy_addresses_count: 1,
        ..SyncMatchCloudUser::default()
    }];
    let status = unsafe {
        syncmatch_prediction_add_cloud(
            prediction,
            data.as_ptr(),
            data.len(),
            cloud.as_ptr(),
            1,
            values.as_ptr(),
            1,
        )
    };
    assert_eq!(status, SyncMatchStatus::Ok);

    let mut data = Vec::new();
    let values = [push_text(
        &mut data,
        "SMTP:jane@contoso.com",
        SyncMatchSlotKind::Utf8Text,
    )];
    let mut jane = SyncMatchOnPremUser::default();
    jane.object.sam_account_name = push_text(&mut data, "jane", SyncMatchSlotKind::Utf8Text);
    jane.object.user_principal_name =
        push_text(&mut data, "jane@contoso.com", SyncMatchSlotKind::Utf8Text);
    jane.object.proxy_addresses_count = 1;
    jane.object_guid = SyncMatchSlot {
        kind: SyncMatchSlotKind::Bytes as u32,
        offset: data.len(),
        len: 16,
    };
    data.extend_from_slice(&GUID_BYTES);
    let mut broken = SyncMatchOnPremUser::default();
    broken.object.sam_account_name = push_text(&mut data, "broken", SyncMatchSlotKind::Utf8Text);
    broken.object_guid = SyncMatchSlot {
        kind: SyncMatchSlotKind::Bytes as u32,
        offset: 0,
        len: 3,
    };
    let users = [jane, broken];
    let status = unsafe {
        syncmatch_prediction_add_users(
            prediction,
            data.as_ptr(),
            data.len(),
            users.as_ptr(),
            2,
            values.as_ptr(),
            1,
        )
    };
    assert_eq!(status, SyncMatchStatus::Ok);

    let mut count = 0usize;
    assert_eq!(
        unsafe { syncmatch_prediction_finish(prediction, 1, &mut count) },
        SyncMatchStatus::Ok
    );
    assert_eq!(count, 2, "both users; the only cloud user is joined");
    let mut out: *mut SyncMatchBuffer = ptr::null_mut();
    assert_eq!(
        unsafe { syncmatch_prediction_results(prediction, 0, 10, 1, &mut out) },
        SyncMatchStatus::Ok
    );
    let json = take_json(out);
    assert!(json.contains(r#""immutableId":"yYuRNW0Z6kCXeYidebdT8A==","matchType":"SoftSmtp","outcome":"Join","reason":"SoftMatchSmtp","cloudObjectId":"c1""#), "{json}");
    assert!(
        json.contains(&format!(
            r#""errorStatus":{}"#,
            SyncMatchStatus::AnchorWrongByteCount as u32
        )),
        "{json}"
    );
    assert!(json.contains(r#""errorStatus":null"#), "{json}");

    assert_eq!(
        unsafe { syncmatch_prediction_finish(ptr::null_mut(), 0, &mut count) },
        SyncMatchStatus::NullArgument
    );
    let bad = [SyncMatchCloudUser {
        proxy_addresses_first: 9,
        proxy_addresses_count: 1,
        ..SyncMatchCloudUser::default()
    }];
    assert_eq!(
        unsafe {
            syncmatch_prediction_add_cloud(
                prediction,
                ptr::null(),
                0,
                bad.as_ptr(),
                1,
                ptr::null(),
                0,
            )
        },
        // After the final pass the order is checked first: nothing can be added any more.
        SyncMatchStatus::InvalidState
    );
    unsafe { syncmatch_prediction_free(prediction) };
    unsafe { syncmatch_prediction_free(ptr::null_mut()) };

    // Before any user, a cloud user that cannot be read fails the whole call, adding nothing.
    let fresh = empty_prediction();
    assert_eq!(
        unsafe {
            syncmatch_prediction_add_cloud(fresh, ptr::null(), 0, bad.as_ptr(), 1, ptr::null(), 0)
        },
        SyncMatchStatus::InvalidArgument
    );
    assert_eq!(
        unsafe { syncmatch_prediction_finish(fresh, 1, &mut count) },
        SyncMatchStatus::Ok
    );
    assert_eq!(count, 0, "nothing of the failed call was added");
    unsafe { syncmatch_prediction_free(fresh) };
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
    let path =
        std::env::temp_dir().join(format!("syncmatch-abi-windows-{}.csv", std::process::id()));
    std::fs::write(&path, &text).expect("a temporary file");
    let path = path.to_string_lossy().into_owned();
    let mut export: *mut SyncMatchExport = ptr::null_mut();
    let mut error: *mut SyncMatchError = ptr::null_mut();
    let status = unsafe {
        syncmatch_export_read_csv(
            path.as_ptr(),
            path.len(),
            ptr::null_mut(),
            &mut export,
            &mut error,
        )
    };
    std::fs::remove_file(&path).ok();
    assert_eq!(status, SyncMatchStatus::Ok);
    let groups_in_windows = |window: usize| {
        let mut session: *mut SyncMatchReadiness = ptr::null_mut();
        let status =
            unsafe { syncmatch_readiness_new(ptr::null(), 0, ptr::null(), 0, &mut session) };
        assert_eq!(status, SyncMatchStatus::Ok);
        for start in (0..50).step_by(window) {
            let mut out: *mut SyncMatchBuffer = ptr::null_mut();
            let status = unsafe {
                syncmatch_readiness_check_export(session, export, start, window, &mut out)
            };
            assert_eq!(status, SyncMatchStatus::Ok);
            let (_, failures) = readiness_page(out);
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
