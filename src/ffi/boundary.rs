//! What every export stands on: the panic boundary (a silent hook, the message kept), borrowing the
//! caller's buffers, the batch frame, handing out JSON buffers, the version handshake.

use super::*;

/// Bytes the library hands out (UTF-8 JSON, or the records of [`syncmatch_prediction_records`]). Read with [`syncmatch_buffer_data`], release with
/// [`syncmatch_buffer_free`].
pub struct SyncMatchBuffer {
    bytes: Vec<u8>,
}

thread_local! {
    /// How many guarded bodies this thread is inside: the panic hook stays silent within them.
    static GUARD_DEPTH: Cell<u32> = const { Cell::new(0) };
    /// The message of the panic being caught.
    static CAUGHT_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The message of the last panic that failed a whole call on this thread.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Installs, once, a panic hook that records the message of a panic inside [`guarded`] instead of
/// printing it: the host's stderr never sees our panics. Panics elsewhere go to the previous hook.
fn install_panic_hook() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARD_DEPTH.with(Cell::get) == 0 {
                return previous(info);
            }
            let payload = info
                .payload()
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic without a message".to_owned());
            let message = match info.location() {
                Some(at) => format!("{payload} (at {}:{})", at.file(), at.line()),
                None => payload,
            };
            CAUGHT_PANIC.with(|slot| *slot.borrow_mut() = Some(message));
        }));
    });
}

/// On Linux with glibc, tunes malloc once, for the whole process (the library's memory lives
/// there): arenas capped at the number of cores (glibc allows eight a core, and each worker
/// thread of the core takes one: memory freed in one arena is not reused by another), and a fixed
/// 32 MiB mmap threshold (glibc's own upper bound; left dynamic, the threshold rises after the
/// first large buffer is freed, and from then on large buffers stay held by the arenas after
/// they are freed). Measured on a million users from two files (docs/benchmarks.md): peak
/// 1,360 -> 1,250 MiB, no slower. Other platforms' allocators are left as they are.
fn tune_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        static TUNED: Once = Once::new();
        TUNED.call_once(|| {
            let cores = crate::parallel::cores();
            // SAFETY: mallopt sets tuning parameters of the allocator; any values are valid.
            unsafe {
                libc::mallopt(libc::M_ARENA_MAX, i32::try_from(cores).unwrap_or(i32::MAX));
                libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
            }
        });
    }
}

/// Runs `body`; a panic becomes `Err` with its message, printed nowhere.
pub(super) fn guarded<T>(body: impl FnOnce() -> T) -> Result<T, String> {
    install_panic_hook();
    tune_malloc();
    GUARD_DEPTH.with(|depth| depth.set(depth.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(body));
    GUARD_DEPTH.with(|depth| depth.set(depth.get() - 1));
    result.map_err(|_| {
        CAUGHT_PANIC
            .with(|slot| slot.borrow_mut().take())
            .unwrap_or_else(|| "a panic without a message".to_owned())
    })
}

/// Runs an export's body, which returns `Err(status)` for a failure (so `?` works inside it),
/// and turns a panic into [`SyncMatchStatus::Panic`] (its message kept for
/// [`syncmatch_last_panic_message`]).
pub(super) fn boundary(body: impl FnOnce() -> Result<(), SyncMatchStatus>) -> SyncMatchStatus {
    match guarded(body) {
        Ok(Ok(())) => SyncMatchStatus::Ok,
        Ok(Err(status)) => status,
        Err(message) => {
            LAST_PANIC.with(|slot| *slot.borrow_mut() = Some(message));
            SyncMatchStatus::Panic
        }
    }
}

/// Drops what this library handed out with `Box::into_raw`: the body of every `*_free` export.
/// NULL is fine.
///
/// # Safety
/// `pointer` must be NULL or come from `Box::into_raw` in this library, not freed before.
pub(super) unsafe fn release<T>(pointer: *mut T) {
    // Dropping cannot panic here; the boundary is kept so no export is without one.
    let _ = boundary(|| {
        if !pointer.is_null() {
            // SAFETY: from Box::into_raw in this library and not freed before (contract).
            drop(unsafe { Box::from_raw(pointer) });
        }
        Ok(())
    });
}

/// Borrows `len` bytes at `data`; NULL is accepted only for an empty run.
///
/// # Safety
/// `data` must be NULL or point to `len` readable bytes that outlive the returned slice.
pub(super) unsafe fn input_bytes<'a>(
    data: *const u8,
    len: usize,
) -> Result<&'a [u8], SyncMatchStatus> {
    if len == 0 {
        Ok(&[])
    } else if data.is_null() {
        Err(SyncMatchStatus::NullArgument)
    } else {
        // SAFETY: non-NULL and, by the caller's contract, `len` readable bytes.
        Ok(unsafe { std::slice::from_raw_parts(data, len) })
    }
}

/// Borrows `len` writable bytes at `out`.
///
/// # Safety
/// `out` must be NULL or point to `len` writable bytes not aliased elsewhere.
pub(super) unsafe fn output_bytes<'a>(
    out: *mut u8,
    len: usize,
) -> Result<&'a mut [u8], SyncMatchStatus> {
    // SAFETY: the caller's contract, as documented above.
    unsafe { output_items(out, len) }
}

/// Borrows `count` writable items at `out`; NULL is accepted only for none.
///
/// # Safety
/// `out` must be NULL or point to `count` writable items not aliased elsewhere.
pub(super) unsafe fn output_items<'a, T>(
    out: *mut T,
    count: usize,
) -> Result<&'a mut [T], SyncMatchStatus> {
    if count == 0 {
        Ok(&mut [])
    } else if out.is_null() {
        Err(SyncMatchStatus::NullArgument)
    } else {
        // SAFETY: non-NULL and, by the caller's contract, `count` writable, unaliased items.
        Ok(unsafe { std::slice::from_raw_parts_mut(out, count) })
    }
}

/// `count` items the caller may not want: none for NULL (its length must then be 0), else as
/// [`output_items`], `len` being at least `count` (`BufferTooSmall` if not).
///
/// # Safety
/// `out`, unless NULL, must point to `len` writable items no one else refers to.
pub(super) unsafe fn optional_items<'a, T>(
    out: *mut T,
    len: usize,
    count: usize,
) -> Result<Option<&'a mut [T]>, SyncMatchStatus> {
    if out.is_null() {
        return if len == 0 {
            Ok(None)
        } else {
            Err(SyncMatchStatus::NullArgument)
        };
    }
    if len < count {
        return Err(SyncMatchStatus::BufferTooSmall);
    }
    // SAFETY: non-NULL, `len` ≥ `count` writable items (the caller's contract).
    unsafe { output_items(out, count) }.map(Some)
}

/// The object behind a handle the caller passed, or `NullArgument` for NULL (rustls-ffi's
/// `try_ref_from_ptr!`): one check instead of one hand-written per export.
///
/// # Safety
/// `pointer` must be NULL or point to a live object not mutated elsewhere while the reference
/// lives.
pub(super) unsafe fn live<'a, T>(pointer: *const T) -> Result<&'a T, SyncMatchStatus> {
    // SAFETY: NULL or live (contract).
    unsafe { pointer.as_ref() }.ok_or(SyncMatchStatus::NullArgument)
}

/// As [`live`], for an object the call changes.
///
/// # Safety
/// `pointer` must be NULL or point to a live object used nowhere else while the reference lives.
pub(super) unsafe fn live_mut<'a, T>(pointer: *mut T) -> Result<&'a mut T, SyncMatchStatus> {
    // SAFETY: NULL or live and unshared (contract).
    unsafe { pointer.as_mut() }.ok_or(SyncMatchStatus::NullArgument)
}

/// Checks that an out-parameter is not NULL (it is written only on success).
pub(super) fn out<T>(pointer: *mut T) -> Result<*mut T, SyncMatchStatus> {
    if pointer.is_null() {
        Err(SyncMatchStatus::NullArgument)
    } else {
        Ok(pointer)
    }
}

/// Borrows `count` items at `items`; NULL is accepted only for none.
///
/// # Safety
/// `items` must be NULL or point to `count` readable items that outlive the slice.
pub(super) unsafe fn input_items<'a, T>(
    items: *const T,
    count: usize,
) -> Result<&'a [T], SyncMatchStatus> {
    if count == 0 {
        Ok(&[])
    } else if items.is_null() {
        Err(SyncMatchStatus::NullArgument)
    } else {
        // SAFETY: non-NULL and, by the caller's contract, `count` readable items.
        Ok(unsafe { std::slice::from_raw_parts(items, count) })
    }
}

/// Hands a failed call's error out through `out_error` (when not NULL) and returns its status:
/// the tail of the exports that explain their failures.
///
/// # Safety
/// `out_error` must be NULL or valid for one write.
pub(super) unsafe fn hand_out_error(
    error: SyncMatchError,
    out_error: *mut *mut SyncMatchError,
) -> SyncMatchStatus {
    let status = error.status;
    if !out_error.is_null() {
        // SAFETY: non-NULL out-parameter; ownership passes to the caller.
        unsafe { *out_error = Box::into_raw(Box::new(error)) };
    }
    status
}

/// Serializes `value` to JSON and hands it out through `out_buffer`.
///
/// # Safety
/// `out_buffer` must be valid for one write.
pub(super) unsafe fn hand_out_json(
    value: &impl Serialize,
    out_buffer: *mut *mut SyncMatchBuffer,
) -> Result<(), SyncMatchStatus> {
    // Our own types always serialize; a failure is a bug of ours, not a bad input.
    let bytes = serde_json::to_vec(value).map_err(|_| SyncMatchStatus::InternalError)?;
    // SAFETY: valid for one write by contract.
    unsafe { hand_out_bytes(bytes, out_buffer) };
    Ok(())
}

/// Hands `bytes` out through `out_buffer`.
///
/// # Safety
/// `out_buffer` must be valid for one write.
pub(super) unsafe fn hand_out_bytes(bytes: Vec<u8>, out_buffer: *mut *mut SyncMatchBuffer) {
    // SAFETY: valid for one write by contract; ownership passes to the caller.
    unsafe { *out_buffer = Box::into_raw(Box::new(SyncMatchBuffer { bytes })) };
}

/// Writes this library's version (the crate version, e.g. `0.1.0`) and its ABI version.
///
/// `out_version` receives a pointer to static UTF-8 text (never freed) and `out_version_len` its
/// length. All three pointers must be non-NULL.
/// # Safety
/// Each pointer must be NULL or valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_version(
    out_version: *mut *const u8,
    out_version_len: *mut usize,
    out_abi_version: *mut u32,
) -> SyncMatchStatus {
    boundary(|| {
        if out_version.is_null() || out_version_len.is_null() || out_abi_version.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: checked non-NULL; the caller provides writable out-parameters.
        unsafe {
            *out_version = VERSION.as_ptr();
            *out_version_len = VERSION.len();
            *out_abi_version = SYNCMATCH_ABI_VERSION;
        }
        Ok(())
    })
}

/// The message of the last panic that failed a whole call on this thread (status `Panic`), as
/// an error the caller releases with [`syncmatch_error_free`]; NULL in `out_error` when there
/// was none. Reading it clears it.
/// # Safety
/// `out_error` must be NULL or valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_last_panic_message(
    out_error: *mut *mut SyncMatchError,
) -> SyncMatchStatus {
    boundary(|| {
        if out_error.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        let error =
            LAST_PANIC
                .with(|slot| slot.borrow_mut().take())
                .map_or(ptr::null_mut(), |message| {
                    Box::into_raw(Box::new(SyncMatchError::new(
                        SyncMatchStatus::Panic,
                        message,
                    )))
                });
        // SAFETY: checked non-NULL; ownership of a non-NULL error passes to the caller.
        unsafe { *out_error = error };
        Ok(())
    })
}

/// Points `out_data`/`out_len` at a buffer's bytes, valid until the buffer is freed.
///
/// # Safety
/// `buffer` must be NULL or a live buffer from this library; the other pointers NULL or valid
/// for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_buffer_data(
    buffer: *const SyncMatchBuffer,
    out_data: *mut *const u8,
    out_len: *mut usize,
) -> SyncMatchStatus {
    boundary(|| {
        if buffer.is_null() || out_data.is_null() || out_len.is_null() {
            return Err(SyncMatchStatus::NullArgument);
        }
        // SAFETY: a live buffer (contract); out-parameters checked non-NULL.
        unsafe {
            let buffer = &*buffer;
            *out_data = buffer.bytes.as_ptr();
            *out_len = buffer.bytes.len();
        }
        Ok(())
    })
}

/// Releases a buffer. Calling with NULL is fine. Must not be called twice on one buffer.
///
/// # Safety
/// `buffer` must be NULL or a buffer from this library that was not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_buffer_free(buffer: *mut SyncMatchBuffer) {
    // SAFETY: the caller's contract, as documented above.
    unsafe { release(buffer) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_status() {
        assert_eq!(boundary(|| panic!("forced")), SyncMatchStatus::Panic);
        assert_eq!(boundary(|| Ok(())), SyncMatchStatus::Ok);
        assert_eq!(
            boundary(|| Err(SyncMatchStatus::InvalidState)),
            SyncMatchStatus::InvalidState
        );
    }

    #[test]
    fn status_follows_the_root_error() {
        let nested = AnchorError::InAttribute {
            attribute: "objectGUID",
            source: Box::new(AnchorError::WrongByteCount { len: 3 }),
        };
        assert_eq!(
            SyncMatchStatus::from(&nested),
            SyncMatchStatus::AnchorWrongByteCount
        );
    }
}
