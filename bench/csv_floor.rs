//! The floor of reading exports: every file given is read and every field of every record is
//! parsed by the csv crate, nothing kept (bench/Measure-ExportSoftMatch.ps1 runs it). Prints
//! `{"seconds": …, "records": …}`.
//! Build: cargo build --release --example csv_floor --config ../shared/cargo/offline.toml
use std::time::Instant;

fn main() {
    let started = Instant::now();
    let mut records = 0u64;
    let mut fields = 0u64;
    for path in std::env::args().skip(1) {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(&path)
            .unwrap_or_else(|error| panic!("{path}: {error}"));
        let mut record = csv::StringRecord::new();
        while reader
            .read_record(&mut record)
            .unwrap_or_else(|error| panic!("{path}: {error}"))
        {
            records += 1;
            fields += record.iter().filter(|field| !field.is_empty()).count() as u64;
        }
    }
    println!(
        "{{\"seconds\": {}, \"records\": {records}, \"fields\": {fields}}}",
        started.elapsed().as_secs_f64()
    );
}
