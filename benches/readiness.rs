//! Times the readiness path through the C ABI the way the module drives it (chunks of 4096
//! objects as rows of cells, then the duplicate pass), without PowerShell around it: `build` is
//! the marshalling, `check` the native read and the rules. Prints; asserts nothing.
//! Run: cargo bench --bench readiness --config ../shared/cargo/offline.toml  (PROBE_N=1000000 for more)
use std::ptr;
use std::time::Instant;
use syncmatch_native::ffi::*;
use syncmatch_native::schema::Field;

fn slot(data: &mut Vec<u8>, text: &str) -> SyncMatchSlot {
    let s = SyncMatchSlot {
        kind: 2,
        offset: data.len(),
        len: text.len(),
    };
    data.extend_from_slice(text.as_bytes());
    s
}

/// A text cell of `field`.
fn cell(data: &mut Vec<u8>, field: Field, text: &str) -> SyncMatchCell {
    SyncMatchCell {
        field: field.number(),
        value: slot(data, text),
    }
}

fn main() {
    let n: usize = std::env::var("PROBE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut session: *mut SyncMatchReadiness = ptr::null_mut();
    let mut d0 = Vec::new();
    let dom = [slot(&mut d0, "contoso.com")];
    unsafe { syncmatch_readiness_new(d0.as_ptr(), d0.len(), dom.as_ptr(), 1, 0, &mut session) };
    let mut build = std::time::Duration::ZERO;
    let mut check = std::time::Duration::ZERO;
    let chunk = 4096;
    let mut i = 0;
    while i < n {
        let t = Instant::now();
        let mut data = Vec::with_capacity(chunk * 300);
        let mut cells = Vec::with_capacity(chunk * 12);
        let mut ends = Vec::with_capacity(chunk);
        for j in i..(i + chunk).min(n) {
            let d = &mut data;
            cells.extend([
                cell(d, Field::ProxyAddresses, &format!("SMTP:u{j}@contoso.com")),
                cell(d, Field::ProxyAddresses, &format!("smtp:user.{j}@contoso.com")),
                cell(d, Field::ProxyAddresses, &format!("X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=u{j}")),
                cell(d, Field::DistinguishedName, &format!("CN=User {j},OU=Staff,DC=contoso,DC=com")),
                cell(d, Field::ObjectClass, "user"),
                cell(d, Field::SamAccountName, &format!("u{j}")),
                cell(d, Field::UserPrincipalName, &format!("u{j}@contoso.com")),
                cell(d, Field::Mail, &format!("u{j}@contoso.com")),
                cell(d, Field::MailNickname, &format!("u{j}")),
                cell(d, Field::DisplayName, &format!("User {j}")),
                cell(d, Field::GivenName, "User"),
                cell(d, Field::Surname, &format!("{j}")),
            ]);
            ends.push(cells.len());
        }
        build += t.elapsed();
        let t = Instant::now();
        let rows = SyncMatchRows {
            data: data.as_ptr(),
            data_len: data.len(),
            cells: cells.as_ptr(),
            cell_count: cells.len(),
            row_ends: ends.as_ptr(),
            row_count: ends.len(),
        };
        let (mut out, mut failures): (*mut SyncMatchBuffer, *mut SyncMatchBuffer) =
            (ptr::null_mut(), ptr::null_mut());
        let status = unsafe { syncmatch_readiness_check(session, &rows, &mut out, &mut failures) };
        assert_eq!(status, SyncMatchStatus::Ok);
        unsafe {
            syncmatch_buffer_free(out);
            syncmatch_buffer_free(failures);
        }
        check += t.elapsed();
        i += chunk;
    }
    println!("build {build:?} check {check:?} for {n}");
    let t = Instant::now();
    let mut out: *mut SyncMatchBuffer = ptr::null_mut();
    unsafe { syncmatch_readiness_finish(session, &mut out) };
    println!("finish {:?}", t.elapsed());
    unsafe {
        syncmatch_buffer_free(out);
        syncmatch_readiness_free(session)
    };
}
