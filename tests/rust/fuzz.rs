//! Fuzz-style property tests: every parser, rule, export path and the C ABI take arbitrary
//! Unicode (multi-byte letters at every position, control characters, lone combining marks) and
//! arbitrary bytes without panicking. A panic here is the class of bug that lost whole runs
//! (`José` sliced at a byte index).

use proptest::prelude::*;
use syncmatch_native::address::{self, ProxyAddress};
use syncmatch_native::anchor::{AnchorAttribute, AnchorInput, AnchorValue, SourceAnchor, Spelling};
use syncmatch_native::deployment::Deployment;
use syncmatch_native::ffi::*;
use syncmatch_native::hardmatch::{Direction, Plan, PlanSettings};
use syncmatch_native::matching::{Prediction, Settings};
use syncmatch_native::model::{
    AnchorSetting, CloudKey, CloudUser, DirectoryObject, MappingRow, OnPremKey, OnPremUser, Tenant,
};
use syncmatch_native::readiness::Readiness;
use syncmatch_native::rules;
use syncmatch_native::schema::{self, Entity, FIELD_COUNT};

/// Text built to hit byte boundaries: ASCII prefixes the rules look for, glued to multi-byte
/// letters, control characters and arbitrary Unicode.
fn tricky() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "AAD_",
        "MSOL_",
        "CAS_",
        "SystemMailbox{",
        "HealthMailbox",
        "}",
        "@",
        "SMTP:",
        "smtp:",
        "X500:",
        "X400:",
        "EUM:",
        ";",
        ".",
        "..",
        " ",
        "é",
        "ø",
        "ß",
        "José",
        "日本",
        "🙂",
        "\u{0}",
        "\u{1b}]0;x\u{7}",
        "\u{7f}",
        "\u{85}",
        "\u{301}",
        "CN={",
        "\\0ACNF:",
        "=",
        "contoso.com",
        "local",
        "{",
        "-",
        "0x",
    ]);
    prop::collection::vec(
        prop_oneof![
            pieces.prop_map(str::to_owned),
            any::<String>(),
            "[a-z]{0,4}"
        ],
        0..8,
    )
    .prop_map(|parts| parts.concat())
}

fn object<'a>(values: &'a [String]) -> DirectoryObject<'a> {
    let at = |i: usize| values.get(i).map(String::as_str);
    DirectoryObject {
        distinguished_name: at(0),
        object_class: at(1),
        sam_account_name: at(2),
        user_principal_name: at(3),
        mail: at(4),
        mail_nickname: at(5),
        proxy_addresses: values
            .iter()
            .skip(6)
            .map(|v| ProxyAddress::parse(v))
            .collect(),
        target_address: at(7),
        display_name: at(8),
        given_name: at(9),
        surname: at(10),
        sip_address: at(12),
        is_critical_system_object: false,
        recipient_type_details: at(11),
        group_category: at(13),
        member_count: at(14).and_then(|text| text.parse().ok()),
        join_value: at(15),
        // The surname doubles as a SID: the SID join pairs an object with another whose
        // master account SID (the given name) is its own.
        security_identifier: at(10),
        master_account_sid: at(9),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn address_parsers_take_any_text(text in tricky()) {
        let proxy = ProxyAddress::parse(&text);
        let _ = (proxy.type_name(), proxy.key());
        let _ = address::split_joined(&text);
        let _ = address::comparison_key(&text);
        let _ = address::check_smtp_address(&text);
        let _ = address::check_domain(&text);
        let _ = address::is_routable_domain(&text);
        let _ = rules::check_proxy_value(&text);
    }

    #[test]
    fn anchors_take_any_text_and_bytes(text in tricky(), bytes in prop::collection::vec(any::<u8>(), 0..40)) {
        let _ = Spelling::detect(&text);
        for spelling in [None, Some(Spelling::Guid), Some(Spelling::ImmutableId), Some(Spelling::OctetString), Some(Spelling::LdapFilter), Some(Spelling::ConnectorDn)] {
            let _ = SourceAnchor::parse(&text, spelling);
        }
        let _ = SourceAnchor::from_slice(&bytes);
        let user = AnchorInput::User {
            object_guid: Some(AnchorValue::Text(&text)),
            consistency_guid: Some(AnchorValue::Bytes(&bytes)),
        };
        for attribute in [AnchorAttribute::Auto, AnchorAttribute::ObjectGuid, AnchorAttribute::ConsistencyGuid] {
            let _ = SourceAnchor::resolve(user, attribute, None);
        }
    }

    #[test]
    fn rules_readiness_and_matching_take_any_objects(values in prop::collection::vec(tricky(), 0..12), domains in prop::collection::vec(tricky(), 0..3)) {
        let object = object(&values);
        let tenant = Tenant::new(domains.iter().map(String::as_str));
        let _ = rules::out_of_scope_reason(&object);
        let _ = rules::check_object(&object, &tenant);
        // Every forest join is exercised (the same object twice: one person, or two).
        let joins = [r#"{}"#, r#"{"forestJoin":"Mail"}"#, r#"{"forestJoin":"SamAccountNameMailNickname"}"#, r#"{"forestJoin":"employeeNumber"}"#, r#"{"forestJoin":"ObjectSidMasterAccountSid"}"#];
        let deployment = Deployment::from_json(joins[values.len() % joins.len()]).expect("a valid deployment");
        let mut readiness = Readiness::new(tenant.clone());
        readiness.set_deployment(deployment.clone());
        readiness.check(&object);
        readiness.check(&object);
        let _ = readiness.finish();

        let mut prediction = Prediction::new(Settings {
            tenant,
            soft_match_on_upn: true,
            block_soft_match: false,
            block_hard_match_takeover: false,
            privileged: values.clone(),
            // Every anchor setting, the custom one included, is exercised.
            anchor: [AnchorSetting::Auto, AnchorSetting::ObjectGuid, AnchorSetting::ConsistencyGuid, AnchorSetting::Custom][values.len() % 4],
            upn_updates_blocked: values.len() % 2 == 1,
            deployment,
        });
        prediction.add_cloud(&CloudUser {
            id: values.first().map_or("", String::as_str),
            user_principal_name: object.user_principal_name,
            mail: object.mail,
            proxy_addresses: object.proxy_addresses.clone(),
            immutable_id: object.mail_nickname,
            sync_enabled: None,
            last_dir_sync: false,
            object_type: object.object_class,
            security_identifier: object.surname,
            display_name: object.display_name,
            deleted: values.len() % 3 == 0,
            object_identifier: object.surname,
            has_mailbox: values.len() % 2 == 0,
            exchange_guid: object.given_name,
            licensed: [None, Some(true), Some(false)][values.len() % 3],
        });
        let user = OnPremUser {
            object: object.clone(),
            anchor: AnchorInput::User {
                object_guid: object.given_name.map(AnchorValue::Text),
                consistency_guid: object.target_address.map(AnchorValue::Text),
            },
            security_identifier: object.surname,
        };
        prediction.add_user(&user);
        prediction.add_user(&user);
        prediction.finish();
        let _ = prediction.results(0, 10, true);

        // The hard-match plan, on the same users, with rows made of the same texts.
        let mut plan = Plan::new(PlanSettings {
            anchor: [AnchorSetting::Auto, AnchorSetting::Custom][values.len() % 2],
            direction: [Direction::ToCloud, Direction::ToOnPremises][values.len() % 2],
            allow_replace: values.len() % 3 == 0,
            block_hard_match_takeover: false,
            privileged: values.clone(),
            federated_domains: values.clone(),
            tenant: Tenant::new(values.iter().map(String::as_str)),
            deployment: Deployment::default(),
        });
        plan.add_cloud(&CloudUser { id: values.first().map_or("", String::as_str), user_principal_name: object.user_principal_name, immutable_id: object.mail_nickname, ..CloudUser::default() });
        plan.add_on_prem(&user);
        for value in &values {
            plan.add_row(&MappingRow { on_prem_key: Some(std::borrow::Cow::Borrowed(value.as_str())), on_prem_kind: OnPremKey::Any, cloud_key: Some(value), cloud_kind: CloudKey::Any, immutable_id: object.mail, identity: None });
        }
        plan.finish();
        let _ = plan.items(0, 20);
    }

    #[test]
    fn the_export_reader_takes_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400), text in prop::collection::vec(tricky(), 0..8)) {
        // Arbitrary bytes, and CSV-shaped text made of tricky values (quotes, newlines, BOMs).
        let _ = syncmatch_native::export::DirectoryExport::from_csv(&bytes);
        let _ = syncmatch_native::export::DirectoryExport::read(&bytes);
        let json = format!("[{{\"SamAccountName\":{:?},\"proxyAddresses\":[{:?}]}}]", text.first().cloned().unwrap_or_default(), text.last().cloned().unwrap_or_default());
        let _ = syncmatch_native::export::DirectoryExport::read(json.as_bytes());
        let csv = format!("\"SamAccountName\",\"proxyAddresses\",\"displayName\"\r\n{}", text.join(","));
        if let Ok(export) = syncmatch_native::export::DirectoryExport::from_csv(csv.as_bytes()) {
            let column = export.column("displayName").ok();
            for row in 0..export.row_count() {
                for entity in Entity::ALL {
                    let row = export.row(row, *entity);
                    let _ = schema::on_prem_user(&row, AnchorSetting::Auto);
                    let _ = schema::cloud_user(&row, false);
                    let _ = schema::mapping_row(&row);
                }
                let _ = export.line(row);
                let _ = column.map(|column| export.column_text(row, column));
            }
        }
    }

    #[test]
    fn the_c_abi_takes_arbitrary_bytes_and_cells(data in prop::collection::vec(any::<u8>(), 0..64), raw in prop::collection::vec((0u32..40, 0u32..5, 0usize..80, 0usize..80), 0..14), cut in 0usize..16) {
        // Cells of any field number and kind, pointing anywhere, cut into rows anywhere.
        let cells: Vec<SyncMatchCell> = raw.iter().map(|&(field, kind, offset, len)| SyncMatchCell { field: field % (FIELD_COUNT as u32 + 3), value: SyncMatchSlot { kind, offset, len } }).collect();
        let mut ends: Vec<usize> = (0..=cells.len()).step_by(cut.max(1)).collect();
        if cut > 12 { ends.reverse(); }
        let rows = SyncMatchRows { data: data.as_ptr(), data_len: data.len(), cells: cells.as_ptr(), cell_count: cells.len(), row_ends: ends.as_ptr(), row_count: ends.len() };
        let slots: Vec<SyncMatchSlot> = cells.iter().map(|cell| cell.value).collect();
        let mut out: *mut SyncMatchBuffer = std::ptr::null_mut();
        let mut failures: *mut SyncMatchBuffer = std::ptr::null_mut();
        unsafe {
            let mut session: *mut SyncMatchReadiness = std::ptr::null_mut();
            prop_assert_eq!(syncmatch_readiness_new(data.as_ptr(), data.len(), slots.as_ptr(), slots.len().min(2), 0, &mut session) as u32 == SyncMatchStatus::Panic as u32, false);
            if !session.is_null() {
                let status = syncmatch_readiness_check(session, &rows, &mut out, &mut failures);
                prop_assert_ne!(status, SyncMatchStatus::Panic);
                syncmatch_buffer_free(out);
                syncmatch_buffer_free(failures);
                prop_assert_ne!(syncmatch_readiness_finish(session, &mut out), SyncMatchStatus::Panic);
                syncmatch_buffer_free(out);
                syncmatch_readiness_free(session);
            }
            let status = syncmatch_address_parse(data.as_ptr(), data.len(), slots.as_ptr(), slots.len(), &mut out);
            prop_assert_ne!(status, SyncMatchStatus::Panic);
            if status == SyncMatchStatus::Ok { syncmatch_buffer_free(out); }
            let mut anchors = vec![0u8; 16 * ends.len()];
            let mut spellings = vec![0u32; ends.len()];
            let mut sources = vec![0u32; ends.len()];
            failures = std::ptr::null_mut();
            let status = syncmatch_anchor_resolve_rows(&rows, raw.len() as u32 % 4, raw.len() as u32 % 7, anchors.as_mut_ptr(), anchors.len(), spellings.as_mut_ptr(), spellings.len(), sources.as_mut_ptr(), sources.len(), &mut failures);
            prop_assert_ne!(status, SyncMatchStatus::Panic);
            syncmatch_buffer_free(failures);
            let mut prediction: *mut SyncMatchPrediction = std::ptr::null_mut();
            let settings = SyncMatchPredictionSettings::default();
            prop_assert_eq!(syncmatch_prediction_new(&settings, std::ptr::null(), 0, std::ptr::null(), 0, std::ptr::null(), 0, &mut prediction), SyncMatchStatus::Ok);
            failures = std::ptr::null_mut();
            prop_assert_ne!(syncmatch_prediction_add_cloud(prediction, &rows, 0, &mut failures), SyncMatchStatus::Panic);
            syncmatch_buffer_free(failures);
            failures = std::ptr::null_mut();
            prop_assert_ne!(syncmatch_prediction_add_users(prediction, &rows, &mut failures), SyncMatchStatus::Panic);
            syncmatch_buffer_free(failures);
            syncmatch_prediction_free(prediction);
            let plan_settings = SyncMatchPlanSettings::default();
            let mut plan: *mut SyncMatchPlan = std::ptr::null_mut();
            prop_assert_eq!(syncmatch_plan_new(&plan_settings, std::ptr::null(), 0, std::ptr::null(), 0, std::ptr::null(), 0, std::ptr::null(), 0, &mut plan), SyncMatchStatus::Ok);
            for call in 0..3 {
                failures = std::ptr::null_mut();
                let status = match call {
                    0 => syncmatch_plan_add_cloud(plan, &rows, 0, &mut failures),
                    1 => syncmatch_plan_add_on_prem(plan, &rows, 1, &mut failures),
                    _ => syncmatch_plan_add_rows(plan, &rows, &mut failures),
                };
                prop_assert_ne!(status, SyncMatchStatus::Panic);
                syncmatch_buffer_free(failures);
            }
            syncmatch_plan_free(plan);
        }
    }
}
