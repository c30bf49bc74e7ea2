//! Test support, compiled only with the `test-hooks` feature (never in a release): when
//! `SYNCMATCH_TEST_PANIC_ON` is set, reading a directory object whose sAMAccountName equals it
//! panics, so the tests can prove that a panic reaches PowerShell as one NativePanic error per
//! input it hit, and nothing on stderr.

use std::sync::OnceLock;

pub(super) fn panic_on(sam_account_name: Option<&str>) {
    static TRIGGER: OnceLock<Option<String>> = OnceLock::new();
    let trigger = TRIGGER.get_or_init(|| std::env::var("SYNCMATCH_TEST_PANIC_ON").ok());
    if let (Some(trigger), Some(sam)) = (trigger.as_deref(), sam_account_name)
        && !trigger.is_empty()
        && trigger == sam
    {
        panic!("injected test panic for sAMAccountName '{sam}'");
    }
}
