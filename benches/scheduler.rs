//! The work scheduler against rayon (issue 19): the same readiness rules spread by
//! `parallel::each_run` (threads started per call, runs taken in turn) and by rayon (a persistent
//! pool, work stealing), judged as the module uses them inside a long-lived PowerShell host:
//!
//! 1. a thread-count sweep: one caller, a million objects in the module's batches;
//! 2. several runspaces calling at once (each a thread of its own, as PowerShell runs them);
//! 3. a call made from inside a run (nested);
//! 4. many small calls (what starting threads per call costs);
//! 5. what stays behind in the host after the work (threads alive).
//!
//! Prints a table; asserts only that both give the same answers.
//! Run: cargo bench --bench scheduler --config ../shared/cargo/offline.toml  (PROBE_N=1000000)
use rayon::prelude::*;
use std::time::{Duration, Instant};
use syncmatch_native::address::ProxyAddress;
use syncmatch_native::model::{DirectoryObject, Tenant};
use syncmatch_native::parallel::each_run;
use syncmatch_native::rules::check_object;

/// The module's batch of objects a native call (ObjectRows).
const BATCH: usize = 16_384;
/// Runs are cut as each_run cuts them, so both schedule the same pieces.
const RUNS_PER_THREAD: usize = 4;
const SHORTEST_CUT_RUN: usize = 8192;

struct Texts {
    dn: String,
    sam: String,
    upn: String,
    proxies: Vec<String>,
    display: String,
}

fn texts(n: usize) -> Vec<Texts> {
    (0..n)
        .map(|i| Texts {
            dn: format!("CN=User {i},OU=Staff,DC=contoso,DC=com"),
            sam: format!("u{i}"),
            // 1% with a problem, so findings are made too.
            upn: if i % 100 == 50 {
                format!("u {i}@contoso.local")
            } else {
                format!("u{i}@contoso.com")
            },
            proxies: vec![
                format!("SMTP:u{i}@contoso.com"),
                format!("smtp:user.{i}@contoso.com"),
                format!("X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=u{i}"),
            ],
            display: format!("User {i}"),
        })
        .collect()
}

fn object(t: &Texts) -> DirectoryObject<'_> {
    DirectoryObject {
        distinguished_name: Some(&t.dn),
        object_class: Some("user"),
        sam_account_name: Some(&t.sam),
        user_principal_name: Some(&t.upn),
        mail: Some(&t.upn),
        mail_nickname: Some(&t.sam),
        proxy_addresses: t.proxies.iter().map(|p| ProxyAddress::parse(p)).collect(),
        display_name: Some(&t.display),
        given_name: Some("User"),
        ..DirectoryObject::default()
    }
}

/// One run's work: the rules on each object; the findings counted.
fn work(run: &[Texts], tenant: &Tenant) -> usize {
    run.iter()
        .map(|t| check_object(&object(t), tenant).len())
        .sum()
}

/// The hand-written scheduler, as the module calls it.
fn call_each_run(batch: &[Texts], threads: usize, tenant: &Tenant) -> usize {
    each_run(batch, threads, |run| work(run, tenant))
        .into_iter()
        .sum()
}

/// rayon on the same runs, results in the runs' order, in the given pool.
fn call_rayon(pool: &rayon::ThreadPool, batch: &[Texts], threads: usize, tenant: &Tenant) -> usize {
    let threads = threads.min(batch.len()).max(1);
    let cut = (batch.len() / SHORTEST_CUT_RUN).clamp(threads, threads * RUNS_PER_THREAD);
    let size = batch.len().div_ceil(cut).max(1);
    pool.install(|| {
        batch
            .par_chunks(size)
            .map(|run| work(run, tenant))
            .collect::<Vec<usize>>()
            .into_iter()
            .sum()
    })
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a rayon pool")
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn threads_alive() -> usize {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("Threads:"))
                .and_then(|line| line.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

fn main() {
    let n: usize = std::env::var("PROBE_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let repeat: usize = std::env::var("PROBE_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5);
    let cores = std::thread::available_parallelism().map_or(1, |c| c.get());
    let tenant = Tenant::new(["contoso.com"]);
    let all = texts(n);
    let threads_before = threads_alive();
    println!("{n} objects in batches of {BATCH}, {cores} cores, median of {repeat}");
    println!("| scenario | each_run | rayon | rayon / each_run |");
    println!("|---|---:|---:|---:|");

    let row = |name: &str, ours: Duration, theirs: Duration| {
        println!(
            "| {name} | {:.3} s | {:.3} s | {:.2} |",
            ours.as_secs_f64(),
            theirs.as_secs_f64(),
            theirs.as_secs_f64() / ours.as_secs_f64()
        );
    };

    // 1. Thread sweep, one caller.
    for threads in [1, 2, 3, 4, 8] {
        let rayon_pool = pool(threads);
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for _ in 0..repeat {
            let t = Instant::now();
            let a: usize = all
                .chunks(BATCH)
                .map(|b| call_each_run(b, threads, &tenant))
                .sum();
            ours.push(t.elapsed());
            let t = Instant::now();
            let b: usize = all
                .chunks(BATCH)
                .map(|b| call_rayon(&rayon_pool, b, threads, &tenant))
                .sum();
            theirs.push(t.elapsed());
            assert_eq!(a, b);
        }
        row(
            &format!("one caller, {threads} threads"),
            median(ours),
            median(theirs),
        );
    }

    // 2. Several runspaces at once, each on its own thread with its share of the objects, each
    // call asking for the cores (threads_for) as the module does; rayon's one global pool.
    let global = pool(cores);
    for callers in [2, 4] {
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        let share = n / callers;
        for _ in 0..repeat {
            let t = Instant::now();
            std::thread::scope(|scope| {
                for part in all.chunks(share) {
                    let tenant = &tenant;
                    scope.spawn(move || {
                        part.chunks(BATCH)
                            .map(|b| call_each_run(b, cores, tenant))
                            .sum::<usize>()
                    });
                }
            });
            ours.push(t.elapsed());
            let t = Instant::now();
            std::thread::scope(|scope| {
                for part in all.chunks(share) {
                    let (tenant, global) = (&tenant, &global);
                    scope.spawn(move || {
                        part.chunks(BATCH)
                            .map(|b| call_rayon(global, b, cores, tenant))
                            .sum::<usize>()
                    });
                }
            });
            theirs.push(t.elapsed());
        }
        row(
            &format!("{callers} runspaces at once"),
            median(ours),
            median(theirs),
        );
    }

    // 3. A call from inside a run: each outer run calls again on its half.
    {
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for _ in 0..repeat {
            let t = Instant::now();
            let a: usize = all
                .chunks(BATCH * 4)
                .map(|outer| {
                    each_run(outer, cores, |run| call_each_run(run, cores, &tenant))
                        .into_iter()
                        .sum::<usize>()
                })
                .sum();
            ours.push(t.elapsed());
            let t = Instant::now();
            let b: usize = all
                .chunks(BATCH * 4)
                .map(|outer| {
                    global.install(|| {
                        outer
                            .par_chunks(outer.len().div_ceil(cores).max(1))
                            .map(|run| call_rayon(&global, run, cores, &tenant))
                            .sum::<usize>()
                    })
                })
                .sum();
            theirs.push(t.elapsed());
            assert_eq!(a, b);
        }
        row("nested calls", median(ours), median(theirs));
    }

    // 4. Many small calls: 2,048 objects a call, two threads each (threads_for's smallest split).
    {
        let small = &all[..all.len().min(2048 * 200)];
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        for _ in 0..repeat {
            let t = Instant::now();
            let a: usize = small
                .chunks(2048)
                .map(|b| call_each_run(b, 2, &tenant))
                .sum();
            ours.push(t.elapsed());
            let t = Instant::now();
            let b: usize = small
                .chunks(2048)
                .map(|b| call_rayon(&global, b, 2, &tenant))
                .sum();
            theirs.push(t.elapsed());
            assert_eq!(a, b);
        }
        row(
            &format!("{} calls of 2,048 objects", small.len() / 2048),
            median(ours),
            median(theirs),
        );
    }

    // 5. What stays in the host.
    println!(
        "\nthreads alive in the process: {threads_before} before; after all the work {} (each_run leaves none; rayon's pools stay until dropped, a global pool for the life of the host)",
        threads_alive()
    );
}
