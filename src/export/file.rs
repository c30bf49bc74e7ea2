//! Reading an export file from disk, fast: a large file is read in parts on every core, the bytes
//! read counted for a caller polling from another thread. Paths arrive resolved (PowerShell
//! resolves them against its current location).

use std::sync::atomic::{AtomicU64, Ordering};

/// The whole file, counting the bytes read into `read`. A large file is read in parts on every
/// core (each part through its own handle, a megabyte per read): copying the bytes and the first
/// touch of every page of the buffer are most of a read's time, and both split.
pub(super) fn read_file(path: &str, read: &AtomicU64) -> std::io::Result<Vec<u8>> {
    let size = std::fs::metadata(path).map_or(0, |metadata| metadata.len());
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let threads = crate::parallel::text_parts();
    if size < PARALLEL_READ_FROM || threads < 2 {
        return read_on(path, 0, Vec::with_capacity(size.saturating_add(1)), read);
    }
    // Zeroed by the allocator, page by page as each part first writes it.
    let mut bytes = vec![0u8; size];
    let share = size.div_ceil(threads);
    let whole = std::thread::scope(|scope| {
        let parts: Vec<_> = bytes
            .chunks_mut(share)
            .enumerate()
            .map(|(index, part)| scope.spawn(move || read_part(path, index * share, part, read)))
            .collect();
        parts
            .into_iter()
            .map(|part| {
                part.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect::<std::io::Result<Vec<bool>>>()
    })?;
    if whole.iter().all(|&full| full) {
        // The file may have grown since its size was taken: the rest is read on.
        read_on(path, size, bytes, read)
    } else {
        // It shrank while being read: read it again, in one pass.
        read.store(0, Ordering::Relaxed);
        read_on(path, 0, Vec::with_capacity(size), read)
    }
}

/// Files from this size on are read in parts.
const PARALLEL_READ_FROM: usize = 16 << 20;

/// Reads `part.len()` bytes from `offset` into `part`; `false` when the file ends first.
fn read_part(
    path: &str,
    offset: usize,
    part: &mut [u8],
    read: &AtomicU64,
) -> std::io::Result<bool> {
    use std::io::{Read as _, Seek as _};
    let mut file = std::fs::File::open(path)?;
    file.seek(std::io::SeekFrom::Start(offset as u64))?;
    let mut done = 0;
    while done < part.len() {
        let end = (done + (1 << 20)).min(part.len());
        match file.read(&mut part[done..end]) {
            Ok(0) => return Ok(false),
            Ok(got) => {
                done += got;
                read.fetch_add(got as u64, Ordering::Relaxed);
            }
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(true)
}

/// `bytes` followed by the file from `offset` to its end, a megabyte per read.
fn read_on(
    path: &str,
    offset: usize,
    mut bytes: Vec<u8>,
    read: &AtomicU64,
) -> std::io::Result<Vec<u8>> {
    use std::io::{Read as _, Seek as _};
    let mut file = std::fs::File::open(path)?;
    file.seek(std::io::SeekFrom::Start(offset as u64))?;
    loop {
        let before = bytes.len();
        let got = (&mut file).take(1 << 20).read_to_end(&mut bytes)?;
        read.fetch_add((bytes.len() - before) as u64, Ordering::Relaxed);
        if got == 0 {
            return Ok(bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_file(name: &str, bytes: &[u8]) -> String {
        let path = std::env::temp_dir().join(format!("syncmatch-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).expect("a temporary file");
        path.to_string_lossy().into_owned()
    }

    #[test]
    fn a_large_file_read_in_parts_is_the_file_byte_for_byte() {
        // Past the size read in parts, and not a multiple of any part count.
        let bytes: Vec<u8> = (0..PARALLEL_READ_FROM + 4_099_997)
            .map(|i| (i * 7 % 251) as u8)
            .collect();
        let path = temp_file("parts", &bytes);
        let counted = AtomicU64::new(0);
        let read = read_file(&path, &counted).expect("reads");
        std::fs::remove_file(&path).ok();
        assert!(read == bytes, "the parts joined are not the file");
        assert_eq!(counted.load(Ordering::Relaxed), bytes.len() as u64);
    }

    #[test]
    fn a_part_past_the_end_says_so_and_reading_on_appends_the_rest() {
        let path = temp_file("short", b"0123456789");
        let counted = AtomicU64::new(0);
        let mut part = [0u8; 8];
        assert!(!read_part(&path, 4, &mut part, &counted).expect("reads"));
        assert!(read_part(&path, 2, &mut part, &counted).expect("reads"));
        assert_eq!(&part, b"23456789");
        let whole = read_on(&path, 6, b"abc".to_vec(), &counted).expect("reads");
        std::fs::remove_file(&path).ok();
        assert_eq!(whole, b"abc6789");
    }
}
