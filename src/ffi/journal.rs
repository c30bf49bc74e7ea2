//! The journal export: a hard-match journal's text (its seal already checked by the module)
//! read as evidence.

use super::*;
use crate::journal::{self, Evidence, JournalError};

impl From<&JournalError> for SyncMatchStatus {
    fn from(error: &JournalError) -> Self {
        match error {
            JournalError::Empty => SyncMatchStatus::JournalEmpty,
            JournalError::NotAJournal { .. } => SyncMatchStatus::JournalNotAJournal,
            JournalError::Corrupt { .. } => SyncMatchStatus::JournalCorrupt,
            JournalError::Inconsistent { .. } => SyncMatchStatus::JournalInconsistent,
        }
    }
}

/// Reads a journal's text (`text_len` bytes, UTF-8 with an optional BOM) and writes to
/// `out_evidence` what its records prove, as JSON: `head` (`run`, `tenantId`, `planDigest`,
/// `items`, `keyId`, `time`), `users` (`userId`, `userPrincipalName`, `identity`,
/// `previousImmutableId`, `immutableId`, `write`, `undo`, `line`) and `torn`. A file that is not
/// evidence returns `JournalEmpty`, `JournalNotAJournal`, `JournalCorrupt` or
/// `JournalInconsistent` and, when `out_error` is not NULL, the error naming the line (release it
/// with [`syncmatch_error_free`]).
///
/// # Safety
/// `text` must point to `text_len` readable bytes (NULL when 0); `out_evidence` valid for one
/// write; `out_error` NULL or valid for one write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn syncmatch_journal_read(
    text: *const u8,
    text_len: usize,
    out_evidence: *mut *mut SyncMatchBuffer,
    out_error: *mut *mut SyncMatchError,
) -> SyncMatchStatus {
    boundary(|| {
        if !out_error.is_null() {
            // SAFETY: non-NULL out-parameter provided by the caller.
            unsafe { *out_error = ptr::null_mut() };
        }
        let out_evidence = out(out_evidence)?;
        // SAFETY: `text_len` readable bytes by the caller's contract.
        let text = unsafe { input_bytes(text, text_len) }?;
        match journal::read(text).and_then(Evidence::from_journal) {
            // SAFETY: checked non-NULL.
            Ok(evidence) => unsafe { hand_out_json(&evidence, out_evidence) },
            Err(error) => {
                let failure = SyncMatchError::new((&error).into(), error.to_string());
                // SAFETY: `out_error` NULL or valid for one write (contract).
                Err(unsafe { hand_out_error(failure, out_error) })
            }
        }
    })
}
