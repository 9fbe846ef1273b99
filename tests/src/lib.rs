//! Shared helpers for the workspace's cross-crate tests (the tests themselves live in `tests/tests/`).

use optimove_client::chrono::{NaiveDate, NaiveDateTime};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{SystemTime, UNIX_EPOCH};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// The text of a file, or a panic that names it (tests read only files that must exist).
pub fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The shared material beside the project root (`../shared`).
pub fn shared_dir() -> PathBuf {
    workspace_root().join("../shared")
}

/// The target directory an integration test was built in, from its `CARGO_TARGET_TMPDIR`
/// (`<target>/tmp`): `target_dir(env!("CARGO_TARGET_TMPDIR"))`.
pub fn target_dir(target_tmpdir: &str) -> PathBuf {
    Path::new(target_tmpdir).parent().map(Path::to_path_buf).unwrap_or_else(|| workspace_root().join("target"))
}

/// A fresh directory outside the workspace (named after `label`), so cargo does not take the
/// crates written into it for members of the project.
pub fn temp_workspace(label: &str) -> PathBuf {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("optimove-rs-{label}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("create temp workspace");
    dir
}

/// Writes a generated crate's files (path relative to the crate -> text) below `dir`.
pub fn write_crate(dir: &Path, files: &BTreeMap<String, String>) {
    for (relative, content) in files {
        let target = dir.join(relative);
        std::fs::create_dir_all(target.parent().expect("files live in a directory")).expect("create directory");
        std::fs::write(&target, content).expect("write generated file");
    }
}

/// `cargo clippy --workspace <targets> --keep-going --quiet -- -D warnings` in a workspace written
/// by [`write_generated_workspace`], built in the project's own target directory
/// (`target_tmpdir` is the test's `CARGO_TARGET_TMPDIR`) with the project's flags.
pub fn clippy_generated_workspace(root: &Path, targets: &[&str], target_tmpdir: &str) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .args(["clippy", "--workspace"])
        .args(targets)
        .args(["--keep-going", "--quiet", "--", "-D", "warnings"])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target_dir(target_tmpdir))
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

/// Writes the manifest of a throwaway workspace of generated crates (`members`, directories of
/// `dir`) that builds in the project's own target directory without compiling anything twice:
/// it carries the project's `[profile.*]` sections, so every dependency built with the same
/// features reuses the artifact already there, and the project's Cargo.lock, so the versions are
/// the tested ones and cargo resolves without the network.
pub fn write_generated_workspace(dir: &Path, members: &[String]) -> std::io::Result<()> {
    let root = std::fs::read_to_string(workspace_root().join("Cargo.toml"))?;
    let profiles = profile_sections(&root);
    let list = members.iter().map(|m| format!("\"{m}\"")).collect::<Vec<_>>().join(", ");
    std::fs::write(dir.join("Cargo.toml"), format!("[workspace]\nresolver = \"3\"\nmembers = [{list}]\n\n{profiles}"))?;
    std::fs::copy(workspace_root().join("Cargo.lock"), dir.join("Cargo.lock")).map(drop)
}

/// The `[profile...]` tables of a manifest, verbatim (comments inside them included).
fn profile_sections(manifest: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            inside = line.starts_with("[profile");
        }
        if inside {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
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
