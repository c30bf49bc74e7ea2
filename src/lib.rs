//! SyncMatch's native core: the rules for joining on-premises Active Directory users to existing
//! Entra ID cloud users, as a safe Rust library (`schema` reads every input; `anchor`, `address`, `rules`, `readiness`,
//! `matching`, `hardmatch`) and, in `ffi`, the C ABI the
//! PowerShell module calls. Only `ffi` holds `unsafe` code, and the compiler holds us to it.

#![deny(unsafe_code)]

#[macro_use]
mod listed;

pub mod address;
pub mod anchor;
pub mod deployment;
pub mod export;
#[allow(unsafe_code)]
pub mod ffi;
pub mod hardmatch;
pub mod journal;
pub mod matching;
pub mod model;
pub mod parallel;
pub mod readiness;
pub mod rules;
pub mod schema;
pub mod sid;
pub mod text;
