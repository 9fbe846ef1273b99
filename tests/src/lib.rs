//! Shared helpers for the workspace's cross-crate tests (the tests themselves live in `tests/tests/`).

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The shared material beside the project root (`../shared`).
pub fn shared_dir() -> PathBuf {
    workspace_root().join("../shared")
}
