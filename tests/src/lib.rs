//! Shared helpers for the workspace's cross-crate tests (the tests themselves live in `tests/tests/`).

use optimove_client::chrono::{NaiveDate, NaiveDateTime};
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The shared material beside the project root (`../shared`).
pub fn shared_dir() -> PathBuf {
    workspace_root().join("../shared")
}

/// A calendar day (test data is always valid).
pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// An Optimove timestamp, `YYYY-MM-DD HH:MM:SS`.
pub fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").expect("valid timestamp")
}

/// Owned strings from literals.
pub fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}
