//! Times the readiness path through the C ABI the way the module drives it (chunks of 4096
//! objects, then the duplicate pass), without PowerShell around it. Prints; asserts nothing.
//! Run: cargo bench --bench readiness --config ../shared/cargo/offline.toml  (PROBE_N=1000000 for more)
use std::ptr;
use std::time::Instant;
use syncmatch_native::ffi::*;

fn slot(data: &mut Vec<u8>, text: &str) -> SyncMatchSlot {
    let s = SyncMatchSlot {
        kind: 2,
        offset: data.len(),
        len: text.len(),
    };
    data.extend_from_slice(text.as_bytes());
    s
}

fn main() {
    let n: usize = std::env::var("PROBE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let mut session: *mut SyncMatchReadiness = ptr::null_mut();
    let mut d0 = Vec::new();
    let dom = [slot(&mut d0, "contoso.com")];
    unsafe { syncmatch_readiness_new(d0.as_ptr(), d0.len(), dom.as_ptr(), 1, &mut session) };
    let mut build = std::time::Duration::ZERO;
    let mut check = std::time::Duration::ZERO;
    let chunk = 4096;
    let mut i = 0;
    while i < n {
        let t = Instant::now();
        let mut data = Vec::with_capacity(chunk * 300);
        let mut values = Vec::new();
        let mut objects = Vec::new();
        for j in i..(i + chunk).min(n) {
            let first = values.len();
            values.push(slot(&mut data, &format!("SMTP:u{j}@contoso.com")));
            values.push(slot(&mut data, &format!("smtp:user.{j}@contoso.com")));
            values.push(slot(&mut data, &format!("X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=u{j}")));
            objects.push(SyncMatchDirectoryObject {
                distinguished_name: slot(
                    &mut data,
                    &format!("CN=User {j},OU=Staff,DC=contoso,DC=com"),
                ),
                object_class: slot(&mut data, "user"),
                sam_account_name: slot(&mut data, &format!("u{j}")),
                user_principal_name: slot(&mut data, &format!("u{j}@contoso.com")),
                mail: slot(&mut data, &format!("u{j}@contoso.com")),
                mail_nickname: slot(&mut data, &format!("u{j}")),
                display_name: slot(&mut data, &format!("User {j}")),
                given_name: slot(&mut data, "User"),
                surname: slot(&mut data, &format!("{j}")),
                proxy_addresses_first: first,
                proxy_addresses_count: 3,
                ..SyncMatchDirectoryObject::default()
            });
        }
        build += t.elapsed();
        let t = Instant::now();
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
        unsafe { syncmatch_buffer_free(out) };
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
