//! Work spread over the cores in consecutive runs, the results kept in the runs' order: the
//! cloud index, the predictions and the readiness rules use it (each run's work is pure; joining
//! the runs in order keeps every "first one wins" rule what it is one by one). The one place the
//! core counts cores, for runs of objects and for parts of a text.

use std::sync::OnceLock;

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

/// `work` on consecutive runs of `items`, one run a thread (at most `threads`, at most one an
/// item; one run: on this thread), the results in the runs' order.
pub fn each_run<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    work: impl Fn(&[T]) -> R + Sync,
) -> Vec<R> {
    let threads = threads.min(items.len()).max(1);
    if threads == 1 {
        return vec![work(items)];
    }
    std::thread::scope(|scope| {
        let work = &work;
        let running: Vec<_> = items
            .chunks(items.len().div_ceil(threads))
            .map(|run| scope.spawn(move || work(run)))
            .collect();
        running
            .into_iter()
            .map(|thread| {
                thread
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
