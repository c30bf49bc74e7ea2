//! The C ABI, and the only `unsafe` code in the crate. One file a domain (`anchor`, `address`,
//! `readiness`, `matching`, `hardmatch`, `export`, `schema`), on what they share (`boundary`,
//! `status`, `rows`: how every input crosses, and how its failures come back) and `describe`; it
//! imports the core, and nothing in the core imports it.
//!
//! Conventions (the header `include/syncmatch.h` is generated from this folder):
//! - Every function is named `syncmatch_<noun>_<verb>`, returns a [`SyncMatchStatus`] and runs its
//!   body inside [`boundary`], so a panic becomes [`SyncMatchStatus::Panic`] instead of unwinding
//!   into the host (which would abort the user's PowerShell session).
//! - Strings are UTF-8 with an explicit length, both ways; nothing is NUL-terminated.
//! - Out-parameters are written only on success, unless a function's comment says otherwise.
//! - Enumerations arrive as `uint32_t` and are checked, because an out-of-range value in a Rust
//!   enum is undefined behaviour.
//! - Whatever Rust allocates and hands out has exactly one free function, which accepts NULL.
//! - Inputs cross as rows of cells ([`SyncMatchRows`]), read by the core's one schema; a call that
//!   takes inputs names those it could not use in its failure page (`rows::failures_page`) and
//!   goes on with the others.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;
use std::sync::Once;
use std::sync::atomic::AtomicU64;

use serde::Serialize;

use crate::anchor::{AnchorAttribute, AnchorError, AnchorValue, ReadFrom, SourceAnchor, Spelling};
use crate::export::{DirectoryExport, ExportError, ReadProgress};
use crate::model::{AnchorSetting, Tenant};

mod address;
mod anchor;
mod boundary;
mod deployment;
mod describe;
mod export;
mod hardmatch;
mod journal;
mod matching;
mod readiness;
mod records;
mod rows;
mod schema;
mod status;

pub use address::*;
pub use anchor::*;
pub use boundary::*;
pub use deployment::*;
pub use describe::*;
pub use export::*;
pub use hardmatch::*;
pub use journal::*;
pub use matching::*;
pub use readiness::*;
pub use rows::*;
pub use schema::*;
pub use status::*;

/// Bumped whenever a signature or struct layout below changes; the module checks it at load.
pub const SYNCMATCH_ABI_VERSION: u32 = 22;

pub const SYNCMATCH_ANCHOR_LEN: usize = 16;
pub const SYNCMATCH_IMMUTABLE_ID_LEN: usize = 24;
pub const SYNCMATCH_OCTET_STRING_LEN: usize = 47;
pub const SYNCMATCH_LDAP_FILTER_LEN: usize = 48;
pub const SYNCMATCH_CONNECTOR_DN_LEN: usize = 53;

// The header needs literal sizes; these keep them equal to the core's.
const _: () = {
    assert!(SYNCMATCH_ANCHOR_LEN == crate::anchor::ANCHOR_LEN);
    assert!(SYNCMATCH_IMMUTABLE_ID_LEN == crate::anchor::IMMUTABLE_ID_LEN);
    assert!(SYNCMATCH_OCTET_STRING_LEN == crate::anchor::OCTET_STRING_LEN);
    assert!(SYNCMATCH_LDAP_FILTER_LEN == crate::anchor::LDAP_FILTER_LEN);
    assert!(SYNCMATCH_CONNECTOR_DN_LEN == crate::anchor::CONNECTOR_DN_LEN);
};

const VERSION: &str = env!("CARGO_PKG_VERSION");
