//! Times reading a directory export in the core (the file's bytes to rows), then checking its
//! rows as syncmatch_readiness_check_export does (the rules and the values kept on every core,
//! the runs taken in row order, the duplicate pass), without PowerShell around it: the shape
//! bench/Measure-ExportReadiness.ps1 writes. Prints; asserts nothing.
//! Run: cargo bench --bench export --config ../shared/cargo/offline.toml  (PROBE_N=1000000 for more)
//! PROBE_ONE_THREAD=3 also times each step alone on one thread, three passes each: stable enough
//! to compare two builds of the rules run after run.
use std::fmt::Write;
use std::time::Instant;
use syncmatch_native::export::{DirectoryExport, ExportRows};
use syncmatch_native::model::{DirectoryObject, Tenant};
use syncmatch_native::parallel::CatchUnwind;
use syncmatch_native::readiness::{Kept, Readiness};
use syncmatch_native::schema::{self, Entity};

/// Row `row` as the rules see it.
fn object(export: &DirectoryExport, row: usize) -> DirectoryObject<'_> {
    schema::directory_object(&export.row(row, Entity::DirectoryObject))
}

fn main() {
    let n: usize = std::env::var("PROBE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut text = String::from(
        "\u{FEFF}\"DistinguishedName\",\"ObjectClass\",\"SamAccountName\",\"UserPrincipalName\",\"mail\",\"mailNickname\",\"proxyAddresses\",\"displayName\",\"givenName\",\"sn\",\"isCriticalSystemObject\",\"msExchRecipientTypeDetails\"\r\n",
    );
    for i in 0..n {
        // One user in a hundred has a UPN suffix the tenant has not verified, as in
        // bench/Measure-ExportReadiness.ps1: 1% of the rows have a finding.
        let suffix = if i % 100 == 50 { "local" } else { "com" };
        let _ = write!(
            text,
            "\"CN=User {i},OU=Staff,DC=contoso,DC=com\",\"user\",\"u{i}\",\"u{i}@contoso.{suffix}\",\"u{i}@contoso.com\",\"u{i}\",\"SMTP:u{i}@contoso.com;smtp:user.{i}@contoso.com\",\"User {i}\",\"User\",\"{i}\",\"\",\"\"\r\n"
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
    if let Some(passes) = std::env::var("PROBE_ONE_THREAD")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        one_thread(&export, passes);
    }
    let mut readiness = Readiness::new(Tenant::new(["contoso.com", "contoso.onmicrosoft.com"]));
    // As syncmatch_readiness_check_export: 262,144 rows a call (the module's window).
    let (mut rules, mut findings) = (std::time::Duration::ZERO, 0);
    for start in (0..export.row_count()).step_by(1 << 18) {
        let rows = ExportRows::new(&export, Entity::DirectoryObject, start, 1 << 18);
        let started = Instant::now();
        let (found, failures) = readiness.check_rows(&rows, &CatchUnwind);
        rules += started.elapsed();
        assert!(failures.is_empty());
        findings += found.len();
    }
    let started = Instant::now();
    let duplicates = readiness.finish();
    println!(
        "rules and values on every core, runs taken {rules:?} ({findings} findings), duplicate pass {:?} ({} groups)",
        started.elapsed(),
        duplicates.groups.len()
    );
}

/// Each step of checking a row on one thread, `passes` times over every row: the rows read as
/// objects, the rules on them, their values kept (each step includes reading the objects).
fn one_thread(export: &DirectoryExport, passes: usize) {
    let readiness = Readiness::new(Tenant::new(["contoso.com", "contoso.onmicrosoft.com"]));
    let timed = |step: &dyn Fn() -> usize| {
        let started = Instant::now();
        let counted: usize = (0..passes).map(|_| step()).sum();
        (started.elapsed(), std::hint::black_box(counted))
    };
    let rows = || 0..export.row_count();
    let (objects, _) = timed(&|| {
        rows()
            .map(|row| object(export, row).proxy_addresses.len())
            .sum()
    });
    let (rules, _) = timed(&|| {
        rows()
            .map(|row| readiness.own_findings(&object(export, row)).0.len())
            .sum()
    });
    let (keeping, _) = timed(&|| {
        let mut kept = Kept::with_capacity(export.row_count());
        rows().for_each(|row| kept.keep(&object(export, row)));
        std::hint::black_box(&kept);
        1
    });
    println!(
        "one thread, {passes} passes: objects {objects:?}, objects and rules {rules:?}, objects and values kept {keeping:?}"
    );
}
