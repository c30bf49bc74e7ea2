//! Times reading GUID text in the core, the work behind `ConvertTo-ImmutableId -Guid $strings`,
//! without PowerShell around it. Prints; asserts nothing.
//! Run: cargo bench --bench anchor --config ../shared/cargo/offline.toml  (PROBE_N=1000000 for more)
use std::time::Instant;
use syncmatch_native::anchor::SourceAnchor;

fn main() {
    let n: usize = std::env::var("PROBE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let texts: Vec<String> = (0..n as u128)
        .map(|i| {
            let x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835);
            let h = format!("{x:032x}");
            format!(
                "{}-{}-{}-{}-{}",
                &h[0..8],
                &h[8..12],
                &h[12..16],
                &h[16..20],
                &h[20..32]
            )
        })
        .collect();
    // The parse alone (black_box keeps it from being optimised away), then with the
    // immutableId written.
    let started = Instant::now();
    for text in &texts {
        std::hint::black_box(
            SourceAnchor::parse(std::hint::black_box(text), None).expect("GUID text"),
        );
    }
    println!("{n} GUID texts parsed in {:?}", started.elapsed());
    let started = Instant::now();
    let mut ids = 0usize;
    for text in &texts {
        let (anchor, _) = SourceAnchor::parse(text, None).expect("GUID text");
        ids += anchor.immutable_id().len();
    }
    println!(
        "{n} GUID texts to immutableIds in {:?} ({ids} characters)",
        started.elapsed()
    );
}
