//! Times reading a directory export in the core (the file's bytes to rows), without PowerShell
//! around it: the shape bench/Measure-ExportReadiness.ps1 writes. Prints; asserts nothing.
//! Run: cargo bench --bench export --config ../shared/cargo/offline.toml  (PROBE_N=1000000 for more)
use std::fmt::Write;
use std::time::Instant;
use syncmatch_native::export::DirectoryExport;

fn main() {
    let n: usize = std::env::var("PROBE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut text = String::from(
        "\u{FEFF}\"DistinguishedName\",\"ObjectClass\",\"SamAccountName\",\"UserPrincipalName\",\"mail\",\"mailNickname\",\"proxyAddresses\",\"displayName\",\"givenName\",\"sn\",\"isCriticalSystemObject\",\"msExchRecipientTypeDetails\"\r\n",
    );
    for i in 0..n {
        let _ = write!(
            text,
            "\"CN=User {i},OU=Staff,DC=contoso,DC=com\",\"user\",\"u{i}\",\"u{i}@contoso.com\",\"u{i}@contoso.com\",\"u{i}\",\"SMTP:u{i}@contoso.com;smtp:user.{i}@contoso.com\",\"User {i}\",\"User\",\"{i}\",\"\",\"\"\r\n"
        );
    }
    let bytes = text.into_bytes();
    let started = Instant::now();
    let export = DirectoryExport::read(&bytes).expect("the generated file reads");
    println!(
        "read {} rows ({} MB) in {:?}",
        export.row_count(),
        bytes.len() / 1_000_000,
        started.elapsed()
    );
}
