//! Work spread over the cores in consecutive runs taken in turn, the results kept in the runs'
//! order: the cloud index, the predictions and the readiness rules use it (each run's work is
//! pure; joining the runs in order keeps every "first one wins" rule what it is one by one). The
//! one place the core counts cores, for runs of objects and for parts of a text.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Below this many objects a thread, the work stays on the calling thread: starting a thread
/// costs about as much as reading or drafting a few hundred objects.
const OBJECTS_PER_THREAD: usize = 1024;

/// The machine's cores (asked once).
pub fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |cores| cores.get()))
}

/// How many threads `count` objects are spread over: the cores, as long as each has enough.
pub fn threads_for(count: usize) -> usize {
    cores().min(count / OBJECTS_PER_THREAD).max(1)
}

/// How many parts a large text (an export file, its rows) is split into, one a thread: the
/// cores, at most eight (past that a part of a large file is too small to gain).
pub fn text_parts() -> usize {
    cores().min(8)
}

/// How many runs each thread's share is cut into. Threads take the runs in turn, so a thread
/// that loses its core for a while (the runtime compiling in the background, another process)
/// leaves the rest of its share to the others instead of keeping them waiting at the end.
const RUNS_PER_THREAD: usize = 4;

/// Runs are not cut below this many items: each has fixed costs (its own buffers, merged after),
/// so the module's small batches (4,096 to 16,384 objects) stay one run a thread.
const SHORTEST_CUT_RUN: usize = 8192;

/// `work` on consecutive runs of `items` on at most `threads` threads, this one included (one
/// thread, or one item: everything on this thread, as one run), the results in the runs' order.
/// Each thread takes the next run not yet taken until none is left.
pub fn each_run<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    work: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    let threads = threads.min(items.len()).max(1);
    if threads == 1 {
        return vec![work(items)];
    }
    let cut = (items.len() / SHORTEST_CUT_RUN).clamp(threads, threads * RUNS_PER_THREAD);
    let runs: Vec<&[T]> = items.chunks(items.len().div_ceil(cut)).collect();
    let next = AtomicUsize::new(0);
    let take_runs = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(run) = runs.get(index) else {
                return done;
            };
            done.push((index, work(run)));
        }
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(take_runs)).collect();
        let mut done = take_runs();
        for helper in helpers {
            done.extend(
                helper
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        done.sort_unstable_by_key(|&(index, _)| index);
        done.into_iter().map(|(_, result)| result).collect()
    })
}

/// How the work on one input is kept from taking the others with it: a panic inside becomes that
/// input's error, with its message. The C ABI's guard also keeps the message off the host's
/// stderr (`ffi::boundary`); [`CatchUnwind`] is the plain one, for tests and benchmarks.
pub trait Guard: Sync {
    fn run<T>(&self, work: impl FnOnce() -> T) -> Result<T, String>;
}

/// `catch_unwind`, the panic's message kept (the default hook still prints it).
pub struct CatchUnwind;

impl Guard for CatchUnwind {
    fn run<T>(&self, work: impl FnOnce() -> T) -> Result<T, String> {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).map_err(|panic| {
            panic
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_owned())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_cover_the_items_in_order_whatever_the_threads() {
        let items: Vec<usize> = (0..SHORTEST_CUT_RUN * 5 + 3).collect();
        for threads in [0, 1, 2, 3, 7, 64, 2000] {
            let runs = each_run(&items, threads, <[usize]>::to_vec);
            assert_eq!(runs.concat(), items, "{threads} threads");
            assert!(runs.iter().all(|run| !run.is_empty()), "{threads} threads");
            assert!(
                runs.len() <= threads.max(1) * RUNS_PER_THREAD,
                "{threads} threads"
            );
        }
        // Short work is not cut finer than one run a thread.
        assert_eq!(
            each_run(&items[..SHORTEST_CUT_RUN], 2, <[usize]>::len).len(),
            2
        );
        assert_eq!(each_run(&items, 2, <[usize]>::len).len(), 5);
        assert_eq!(each_run(&[] as &[usize], 4, <[usize]>::len), vec![0]);
    }

    #[test]
    fn a_slow_run_does_not_hold_back_the_others() {
        // The first run is slow: the other thread takes every other run meanwhile.
        let items: Vec<usize> = (0..SHORTEST_CUT_RUN * 8).collect();
        let threads_seen = each_run(&items, 2, |run| {
            if run[0] == 0 {
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            std::thread::current().id()
        });
        let slow = threads_seen[0];
        assert!(threads_seen[1..].iter().all(|&thread| thread != slow));
    }

    #[test]
    fn a_panic_in_any_run_reaches_the_caller() {
        let items: Vec<usize> = (0..SHORTEST_CUT_RUN * 16).collect();
        let outcome = std::panic::catch_unwind(|| {
            each_run(&items, 4, |run| {
                assert!(!run.contains(&40_000), "run with 40000")
            })
        });
        assert!(outcome.is_err());
    }
}
