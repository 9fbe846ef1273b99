//! `cargo xtask` builds xtask alone; `cargo test --workspace --all-targets` builds every member
//! with dev-dependencies. Cargo resolves features per selection, so unless xtask/Cargo.toml names
//! the features the workspace turns on, the generator and its dependencies are compiled twice on
//! every cold run. This test compares the two resolutions with `cargo tree` (offline, no build).

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use workspace_tests::workspace_root;

/// `package version` -> the feature sets it is built with (one per host/target context).
fn resolution(selection: &[&str]) -> BTreeMap<String, BTreeSet<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .arg("tree")
        .args(selection)
        .args(["--offline", "--prefix", "none", "--format", "{p}|{f}"])
        .current_dir(workspace_root())
        .output()
        .expect("cargo tree runs");
    assert!(output.status.success(), "cargo tree {selection:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Some((package, features)) = line.trim_end_matches(" (*)").split_once('|') else { continue };
        // "serde_derive v1.0.229 (proc-macro)" and path packages "(/work/...)": name and version only.
        let id = package.split(" (").next().unwrap_or(package).to_owned();
        found.entry(id).or_default().insert(features.trim_end_matches(" (*)").to_owned());
    }
    found
}

#[test]
fn cargo_xtask_and_the_workspace_tests_build_the_generator_with_the_same_features() {
    let xtask = resolution(&["--package", "xtask", "--edges", "normal,build"]);
    let workspace = resolution(&["--workspace", "--edges", "normal,build,dev"]);
    let differing: Vec<String> = xtask
        .iter()
        .filter(|(id, _)| !id.starts_with("xtask "))
        // The workspace may build a package in more contexts (another proc-macro's syn): every
        // feature set xtask uses must be among them.
        .filter(|(id, features)| !workspace.get(*id).is_some_and(|w| features.is_subset(w)))
        .map(|(id, features)| format!("{id}: xtask alone {features:?}, workspace {:?}", workspace.get(id)))
        .collect();
    assert!(
        differing.is_empty(),
        "these dependencies of xtask resolve to other features in the workspace, so a cold run compiles them (and the generator) twice; add the missing features to xtask/Cargo.toml:\n{}",
        differing.join("\n")
    );
}
