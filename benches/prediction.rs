//! Times a match prediction in the core, the work behind `Import-DirectoryExport | Test-SoftMatch`
//! without PowerShell around it: N cloud users indexed, N on-premises users predicted, the final
//! pass and the result records. Prints; asserts nothing.
//! Run: cargo bench --bench prediction --config ../shared/cargo/offline.toml  (PROBE_N=1000000 for more)
use std::fmt::Write;
use std::time::Instant;
use syncmatch_native::export::{DirectoryExport, ExportRows};
use syncmatch_native::matching::{Prediction, Settings};
use syncmatch_native::model::{AnchorSetting, Tenant};
use syncmatch_native::parallel::CatchUnwind;
use syncmatch_native::schema::Entity;

fn main() {
    let n: usize = std::env::var("PROBE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut ad = String::from(
        "\"DistinguishedName\",\"SamAccountName\",\"UserPrincipalName\",\"mail\",\"proxyAddresses\",\"displayName\",\"ObjectGUID\"\r\n",
    );
    let mut cloud = String::from(
        "\"Id\",\"UserPrincipalName\",\"Mail\",\"ProxyAddresses\",\"OnPremisesImmutableId\",\"DisplayName\"\r\n",
    );
    for i in 0..n {
        let _ = write!(
            ad,
            "\"CN=User {i},OU=Staff,DC=contoso,DC=com\",\"u{i}\",\"u{i}@contoso.com\",\"u{i}@contoso.com\",\"SMTP:u{i}@contoso.com;smtp:user.{i}@contoso.com\",\"User {i}\",\"{:08x}-0001-4a5b-9c8d-070605040302\"\r\n",
            i
        );
        let _ = write!(
            cloud,
            "\"{:08x}-0002-4a5b-9c8d-070605040302\",\"u{i}@contoso.com\",\"u{i}@contoso.com\",\"SMTP:u{i}@contoso.com;smtp:u{i}@contoso.onmicrosoft.com\",\"\",\"User {i}\"\r\n",
            i
        );
    }
    let ad = DirectoryExport::read(ad.as_bytes()).expect("on-premises rows");
    let cloud = DirectoryExport::read(cloud.as_bytes()).expect("cloud rows");
    let mut prediction = Prediction::new(Settings {
        tenant: Tenant::new(["contoso.com", "contoso.onmicrosoft.com"]),
        soft_match_on_upn: true,
        block_soft_match: false,
        block_hard_match_takeover: false,
        privileged: Vec::new(),
        anchor: AnchorSetting::Auto,
        upn_updates_blocked: false,
        deployment: Default::default(),
    });
    let started = Instant::now();
    prediction.reserve_cloud(n);
    // As the module adds a cloud export: every row in one call, read on every core.
    let failures =
        prediction.add_cloud_rows(&ExportRows::new(&cloud, Entity::CloudObject, 0, n), false);
    assert!(failures.is_empty());
    let indexed = started.elapsed();
    let started = Instant::now();
    // As the module adds an export: 65,536 rows a call, drafted on every core.
    prediction.reserve_users(n);
    for start in (0..n).step_by(1 << 16) {
        let rows = ExportRows::new(&ad, Entity::OnPremisesUser, start, 1 << 16);
        let failures = prediction.add_user_rows(&rows, &CatchUnwind);
        assert!(failures.is_empty());
    }
    let predicted = started.elapsed();
    let started = Instant::now();
    prediction.finish();
    let finished = started.elapsed();
    let started = Instant::now();
    let results = prediction.results(0, n, false);
    println!(
        "{n} x {n}: index {indexed:?}, predict {predicted:?}, finish {finished:?}, results {:?} ({} results)",
        started.elapsed(),
        results.len()
    );
}
