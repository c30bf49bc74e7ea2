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
    let page = br#"{"@odata.context":"x","value":[{"id":"c1","userPrincipalName":"a@contoso.com"},{"id":"c2","userPrincipalName":"b@contoso.com"}],"@odata.nextLink":"y"}"#;
    assert_eq!(DirectoryExport::read(page).unwrap().row_count(), 2);
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
