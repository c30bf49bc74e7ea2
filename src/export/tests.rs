//! The export reader against the shipped fixtures (tests/fixtures/exports), one test each.

use super::*;
use crate::anchor::{AnchorInput, AnchorValue};
use crate::model::{AnchorSetting, CloudUser, DirectoryObject, OnPremUser};
use crate::schema;

/// Row `row` as an on-premises user (its attributes, its anchor, its SID).
fn object(
    export: &DirectoryExport,
    row: usize,
) -> (DirectoryObject<'_>, AnchorInput<'_>, Option<&str>) {
    let OnPremUser {
        object,
        anchor,
        security_identifier,
    } = schema::on_prem_user(
        &export.row(row, Entity::OnPremisesUser),
        AnchorSetting::Auto,
    );
    (object, anchor, security_identifier)
}

fn cloud_user(export: &DirectoryExport, row: usize) -> CloudUser<'_> {
    schema::cloud_user(&export.row(row, Entity::CloudObject), false)
}

const UNICODE: &[u8] = include_bytes!("../../tests/fixtures/exports/ps51-unicode.csv");
const TYPE_NAMES: &[u8] = include_bytes!("../../tests/fixtures/exports/typename-column.csv");
const TRUNCATED: &[u8] = include_bytes!("../../tests/fixtures/exports/truncated.csv");
const ASCII: &[u8] = include_bytes!("../../tests/fixtures/exports/ascii-lost.csv");
const ANSI: &[u8] = include_bytes!("../../tests/fixtures/exports/ansi.csv");

// Windows PowerShell 5.1: Export-Csv -Encoding Unicode with its #TYPE line, a multi-valued cell
// joined with ';' (an X.400 value keeps its own ';'), a newline and escaped quotes in a cell.
#[test]
fn a_windows_powershell_unicode_export_reads_whole() {
    let export = DirectoryExport::from_csv(UNICODE).unwrap();
    assert_eq!(export.encoding, FileEncoding::Utf16Le);
    assert_eq!(export.row_count(), 2);
    assert_eq!(export.ignored(), vec!["Department".to_owned()]);
    let (first, anchor, _) = object(&export, 0);
    assert_eq!(first.sam_account_name, Some("ssorensen"));
    assert_eq!(first.display_name, Some("Søren\r\nSørensen"));
    assert_eq!(first.proxy_addresses.len(), 2);
    assert_eq!(
        first.proxy_addresses[1].value,
        "X400:C=US;A= ;P=Contoso;O=Exchange;S=Sorensen;"
    );
    assert!(matches!(
        anchor,
        AnchorInput::User {
            object_guid: Some(AnchorValue::Text("35918bc9-196d-40ea-9779-889d79b753f0")),
            ..
        }
    ));
    let (second, _, _) = object(&export, 1);
    assert_eq!(second.display_name, Some("Ann \"the boss\" Lee"));
    assert_eq!(second.mail, None, "an empty cell is absent");
    // Lines count the #TYPE line and the header; the first row's cell spans two lines.
    assert_eq!((export.line(0), export.line(1)), (3, 5));
}

#[test]
fn a_type_name_on_every_row_refuses_the_file_with_the_fix() {
    let error = DirectoryExport::from_csv(TYPE_NAMES).unwrap_err();
    assert!(
        matches!(error, ExportError::TypeNameColumn { ref column, .. } if column == "proxyAddresses")
    );
    assert!(error.to_string().contains("-join ';'"));
}

#[test]
fn a_truncated_file_names_the_line_it_was_cut_on() {
    assert_eq!(
        DirectoryExport::from_csv(TRUNCATED).unwrap_err(),
        ExportError::Truncated { line: 3 }
    );
}

#[test]
fn empty_files_and_files_without_an_identity_column_are_refused() {
    assert_eq!(
        DirectoryExport::from_csv(b"").unwrap_err(),
        ExportError::Empty
    );
    assert_eq!(
        DirectoryExport::from_csv(&[0xEF, 0xBB, 0xBF]).unwrap_err(),
        ExportError::Empty
    );
    assert!(matches!(
        DirectoryExport::from_csv(b"\"Department\"\r\n\"IT\"\r\n").unwrap_err(),
        ExportError::MissingColumn { .. }
    ));
}

// Windows PowerShell 5.1's default Export-Csv encoding is ASCII: the letters are already '?'.
#[test]
fn an_ascii_export_with_lost_letters_is_warned_about() {
    let export = DirectoryExport::from_csv(ASCII).unwrap();
    assert_eq!(export.warnings[0].code, "AsciiExport");
    assert!(export.warnings[0].message.contains("-Encoding UTF8"));
    assert!(
        DirectoryExport::from_csv(UNICODE)
            .unwrap()
            .warnings
            .is_empty()
    );
}

// Export-Csv -Encoding Default: the ANSI code page, no BOM.
#[test]
fn an_ansi_export_reads_its_letters() {
    let export = DirectoryExport::from_csv(ANSI).unwrap();
    assert_eq!(export.encoding, FileEncoding::Ansi);
    assert_eq!(object(&export, 0).0.display_name, Some("Søren"));
}

#[test]
fn columns_are_found_by_any_alias_in_any_case() {
    let export = DirectoryExport::from_csv(b"\"SAMACCOUNTNAME\",\"EmailAddress\",\"Surname\",\"mS-DS-ConsistencyGuid\"\n\"a\",\"a@contoso.com\",\"Lee\",\"yYuRNW0Z6kCXeYidebdT8A==\"\n").unwrap();
    let (object, anchor, _) = object(&export, 0);
    assert_eq!(
        (object.mail, object.surname),
        (Some("a@contoso.com"), Some("Lee"))
    );
    assert!(matches!(
        anchor,
        AnchorInput::User {
            consistency_guid: Some(_),
            ..
        }
    ));
}

// A Get-MgUser export: Id, ProxyAddresses joined, OnPremisesSyncEnabled as True/False text.
#[test]
fn a_cloud_export_reads_as_cloud_users() {
    let export = DirectoryExport::from_csv(b"\"Id\",\"UserPrincipalName\",\"Mail\",\"ProxyAddresses\",\"OnPremisesImmutableId\",\"OnPremisesSyncEnabled\"\r\n\"c1\",\"a@contoso.com\",\"a@contoso.com\",\"SMTP:a@contoso.com;smtp:a@contoso.onmicrosoft.com\",\"yYuRNW0Z6kCXeYidebdT8A==\",\"True\"\r\n").unwrap();
    assert!(export.is_cloud());
    let user = cloud_user(&export, 0);
    assert_eq!(
        (user.id, user.sync_enabled, user.proxy_addresses.len()),
        ("c1", Some(true), 2)
    );
    assert_eq!(user.immutable_id, Some("yYuRNW0Z6kCXeYidebdT8A=="));
}

// Graph's user resource: assignedLicenses is a collection of assignedLicense objects (skuId,
// disabledPlans), empty when unlicensed; a JSON export is read by how many it holds.
#[test]
fn json_assigned_licenses_are_counted() {
    let json = br#"{"value":[{"id":"c1","userPrincipalName":"a@contoso.com","assignedLicenses":[{"disabledPlans":[],"skuId":"c7df2760-2c81-4ef7-b578-5b5392b571df"}]},{"id":"c2","userPrincipalName":"b@contoso.com","assignedLicenses":[]},{"id":"c3","userPrincipalName":"c@contoso.com"}]}"#;
    let export = DirectoryExport::read(json).unwrap();
    let licensed: Vec<Option<bool>> = (0..3)
        .map(|row| cloud_user(&export, row).licensed)
        .collect();
    assert_eq!(licensed, vec![Some(true), Some(false), None]);
}

// ConvertTo-Json of Get-MgUser output: ProxyAddresses as an array; a Graph page {"value": [...]}.
#[test]
fn json_exports_read_like_csv() {
    let array = br#"[{"Id":"c1","UserPrincipalName":"a@contoso.com","ProxyAddresses":["SMTP:a@contoso.com","smtp:b@contoso.com"],"OnPremisesImmutableId":null,"OnPremisesSyncEnabled":true,"Department":"x"}]"#;
    let export = DirectoryExport::read(array).unwrap();
    assert!(export.is_cloud());
    let user = cloud_user(&export, 0);
    assert_eq!(
        (user.id, user.proxy_addresses.len(), user.sync_enabled),
        ("c1", 2, Some(true))
    );
    let last = br#"{"@odata.context":"x","value":[{"id":"c1","userPrincipalName":"a@contoso.com"},{"id":"c2","userPrincipalName":"b@contoso.com"}]}"#;
    assert_eq!(DirectoryExport::read(last).unwrap().row_count(), 2);
    // One page of many (Graph paging: @odata.nextLink names the next): its users are not all
    // the tenant's, so it is refused unless the caller says it knows, and then it is warned.
    let page = br#"{"@odata.context":"x","value":[{"id":"c1","userPrincipalName":"a@contoso.com"},{"id":"c2","userPrincipalName":"b@contoso.com"}],"@odata.nextLink":"y"}"#;
    assert_eq!(
        DirectoryExport::read(page).unwrap_err(),
        ExportError::PartialPage
    );
    let known = DirectoryExport::read_with(
        page,
        ReadOptions {
            partial_page: true,
            ..ReadOptions::default()
        },
    )
    .unwrap();
    assert_eq!(known.row_count(), 2);
    assert_eq!(known.warnings[0].code, "PartialGraphPage");
    // ConvertFrom-Json refuses keys that differ only in case: so does the reader.
    let twice = br#"[{"Id":"c1","Mail":"a@contoso.com","mail":"b@contoso.com"}]"#;
    assert!(matches!(
        DirectoryExport::read(twice).unwrap_err(),
        ExportError::DuplicateColumn { .. }
    ));
    // Get-ADUser | ConvertTo-Json: a byte[] mS-DS-ConsistencyGuid is a list of numbers.
    let ad = br#"{"SamAccountName":"a","ObjectGUID":"35918bc9-196d-40ea-9779-889d79b753f0","mS-DS-ConsistencyGuid":[201,139,145,53,109,25,234,64,151,121,136,157,121,183,83,240]}"#;
    let export = DirectoryExport::read(ad).unwrap();
    assert!(matches!(
        object(&export, 0).1,
        AnchorInput::User {
            consistency_guid: Some(AnchorValue::Text("yYuRNW0Z6kCXeYidebdT8A==")),
            ..
        }
    ));
    assert!(matches!(
        DirectoryExport::read(b"[{\"Id\":1,").unwrap_err(),
        ExportError::Malformed { .. }
    ));
}

// A custom source anchor (employeeID) is a column no field holds: read by name, any case, from
// the row's own record (a doubled quote unescaped); a JSON export keeps no such column.
#[test]
fn a_column_no_field_holds_reads_by_name() {
    let export = DirectoryExport::from_csv(
        b"\"SamAccountName\",\"EmployeeID\"\r\n\"a\",\"E\"\"1\"\r\n\"b\",\"\"\r\n",
    )
    .unwrap();
    let column = export.column("employeeid").unwrap();
    assert_eq!(export.column_text(0, column).as_deref(), Some("E\"1"));
    assert_eq!(
        export.column_text(1, column),
        None,
        "an empty cell is absent"
    );
    let missing = export.column("employeeNumber").unwrap_err();
    assert!(missing.to_string().contains("SamAccountName, EmployeeID"));
    let json = DirectoryExport::read(br#"[{"Id":"c1","employeeID":"E1"}]"#).unwrap();
    assert!(
        json.column("employeeID")
            .unwrap_err()
            .to_string()
            .contains("as CSV")
    );
}

fn no_progress() -> [std::sync::atomic::AtomicU64; 3] {
    [
        std::sync::atomic::AtomicU64::new(0),
        std::sync::atomic::AtomicU64::new(0),
        std::sync::atomic::AtomicU64::new(0),
    ]
}

fn open(path: &str) -> Result<DirectoryExport, ExportError> {
    let counters = no_progress();
    DirectoryExport::open(
        path,
        ReadProgress {
            read: &counters[0],
            parsed: &counters[1],
            total: &counters[2],
        },
        ReadOptions::default(),
    )
}

// Import-Csv refuses a header that names a column twice (compared without case): one of them
// would be read and the other ignored.
#[test]
fn a_column_named_twice_is_refused_naming_both() {
    let error = DirectoryExport::from_csv(
        b"\"SamAccountName\",\"mail\",\"Mail\"\r\n\"a\",\"a@x.com\",\"b@x.com\"\r\n",
    )
    .unwrap_err();
    assert_eq!(
        error,
        ExportError::DuplicateColumn {
            first: "mail".to_owned(),
            second: "Mail".to_owned()
        }
    );
    assert!(error.to_string().contains("'mail' and 'Mail'"));
}

// RFC 4180 §2.4: a record with more or fewer fields than the header names its line (the header
// and the #TYPE line counted).
#[test]
fn a_ragged_row_names_its_file_line() {
    let error = DirectoryExport::from_csv(
        b"#TYPE Selected.Microsoft.ActiveDirectory.Management.ADUser\r\n\"SamAccountName\",\"mail\"\r\n\"a\",\"a@x.com\"\r\n\"b\"\r\n",
    )
    .unwrap_err();
    assert_eq!(
        error,
        ExportError::RaggedRow {
            line: 4,
            found: 1,
            expected: 2
        }
    );
}

// European Excel (and Export-Csv -UseCulture on a culture whose list separator is `;`).
#[test]
fn a_semicolon_separated_export_is_recognised() {
    let export = DirectoryExport::from_csv(
        "\u{feff}SamAccountName;DisplayName;mail\r\nann;Smith, Ann;ann@contoso.com\r\n".as_bytes(),
    )
    .unwrap();
    assert_eq!(export.row_count(), 1);
    let (first, _, _) = object(&export, 0);
    assert_eq!(first.display_name, Some("Smith, Ann"));
    assert_eq!(first.mail, Some("ann@contoso.com"));
    // Said by the caller, any delimiter.
    let tab = DirectoryExport::read_with(
        b"SamAccountName\tmail\nann\tann@contoso.com\n",
        ReadOptions {
            delimiter: Some(b'\t'),
            ..ReadOptions::default()
        },
    )
    .unwrap();
    assert_eq!(object(&tab, 0).0.mail, Some("ann@contoso.com"));
}

// The issue's case: PowerShell 7 writes UTF-8 without a BOM; one stray Windows-1252 byte used
// to turn the whole file into mojibake. Now it is an error naming the line; a file that is ANSI
// throughout is read as ANSI with a warning.
#[test]
fn an_export_with_one_bad_byte_is_refused_and_an_ansi_one_is_said() {
    let mixed = "\"SamAccountName\",\"DisplayName\"\n\"jn\",\"José Núñez\"\n\"rb\",\"Ren\u{0}e\"\n"
        .replace('\u{0}', "\u{FFFD}");
    let mixed = mixed.replace('\u{FFFD}', "\u{1}").into_bytes();
    let at = mixed.iter().position(|&b| b == 1).unwrap();
    let mut mixed = mixed;
    mixed[at] = 0xE9;
    match DirectoryExport::from_csv(&mixed).unwrap_err() {
        ExportError::Encoding { line, reason } => {
            assert_eq!(line, 3);
            assert!(reason.contains("mixes encodings"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    let ansi = DirectoryExport::from_csv(
        b"\"SamAccountName\",\"DisplayName\"\n\"jn\",\"Jos\xE9 N\xFA\xF1ez\"\n",
    )
    .unwrap();
    assert_eq!(object(&ansi, 0).0.display_name, Some("José Núñez"));
    assert_eq!(ansi.warnings[0].code, "AnsiEncoding");
}

// A directory says it is one; a FIFO is refused before it is opened (reading one would wait
// for a writer forever); /dev/zero (a device) is never read without bound.
#[test]
fn only_regular_files_are_read() {
    let dir = std::env::temp_dir();
    assert!(matches!(
        open(&dir.to_string_lossy()).unwrap_err(),
        ExportError::NotAFile(message) if message.contains("directory")
    ));
    assert!(matches!(
        open("/dev/zero").unwrap_err(),
        ExportError::NotAFile(message) if message.contains("not a regular file")
    ));
    let fifo = dir.join(format!("syncmatch-fifo-{}", std::process::id()));
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|status| status.success()) {
        let result = open(&fifo.to_string_lossy());
        std::fs::remove_file(&fifo).ok();
        assert!(matches!(result.unwrap_err(), ExportError::NotAFile(_)));
    }
}

// A file still being written (an export running while it is read: the half row at the end used
// to be read as a whole row) is refused: its size or time differs after the read, or the bytes
// read are not its size.
#[test]
fn a_file_that_changes_while_it_is_read_is_refused() {
    let then = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000);
    let later = then + std::time::Duration::from_millis(1);
    assert!(super::unchanged((10, Some(then)), (10, Some(then)), 10));
    assert!(
        !super::unchanged((10, Some(then)), (14, Some(later)), 14),
        "it grew"
    );
    assert!(
        !super::unchanged((10, Some(then)), (10, Some(later)), 10),
        "rewritten in place"
    );
    assert!(
        !super::unchanged((10, Some(then)), (10, Some(then)), 12),
        "read past its size"
    );
}
