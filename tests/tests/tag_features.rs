//! Per-tag Cargo features: every single-tag configuration of a real multi-tag document, and the
//! configuration with no tag at all, builds warning-free and clippy-clean.
//!
//! A crate is gated correctly only if each feature alone pulls in every type its operations
//! name and nothing ungated names a gated type; a mistake shows up as a build error in exactly
//! the configurations that lack it, so each one is built. To keep that to ONE cargo run, the
//! test writes one copy of the generated crate per configuration into one temporary workspace,
//! each a package of its own whose `default` features are that configuration (TLS backend plus
//! one tag): the same build as `cargo check --no-default-features --features rustls-ring,<tag>`,
//! with the TLS backend kept so that dependencies are shared with the project's other builds.
//! Each copy keeps the library name, so the generated test and doc examples resolve.

use std::time::Instant;
use workspace_tests::{clippy_generated_workspace, read_text, shared_dir, temp_workspace, write_crate, write_generated_workspace};

/// The document: keycloak's admin API, 316 operations under 19 tags sharing 92 schemas (the
/// largest document of `../shared/corpus` whose every configuration checks within the suite's
/// budget; sentry, the largest 3.0 one, is what `benches/benches/tag_features.rs` measures).
const DOCUMENT: &str = "keycloak__admin-23.0.6.json";
const CRATE: &str = "keycloak-admin";

/// The manifest's features line (`default = [...]`), replaced in each copy.
fn with_defaults(manifest: &str, package: &str, defaults: &[&str]) -> String {
    let list = defaults.iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(", ");
    let mut out = String::new();
    for line in manifest.lines() {
        if line.starts_with("name = ") {
            out.push_str(&format!("name = \"{package}\"\n"));
        } else if line.starts_with("default = ") {
            out.push_str(&format!("default = [{list}]\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    let lib = format!("[lib]\nname = \"{}\"\n\n[dependencies]", CRATE.replace('-', "_"));
    out.replacen("[dependencies]", &lib, 1)
}

/// The tag features a generated manifest declares, in its order (`name = []` lines).
fn tag_features(manifest: &str) -> Vec<String> {
    manifest.lines().filter_map(|l| l.strip_suffix(" = []")).map(str::to_owned).collect()
}

#[test]
fn every_single_tag_configuration_builds_clippy_clean() {
    let text = read_text(&shared_dir().join("corpus").join(DOCUMENT));
    let settings = generator::Settings { crate_name: CRATE.into(), crate_version: "0.1.0".into(), spec_label: format!("../shared/corpus/{DOCUMENT}"), ..Default::default() };
    let generated = generator::generate(&text, &settings).unwrap_or_else(|d| panic!("{DOCUMENT} does not generate:\n{d}"));
    let manifest = &generated.files["Cargo.toml"];
    let tags = tag_features(manifest);
    assert!(tags.len() >= 10, "the document has many tags, each a feature: {tags:?}");
    let default_line = manifest.lines().find(|l| l.starts_with("default = ")).expect("a default feature");
    for tag in &tags {
        assert!(default_line.contains(&format!("\"{tag}\"")), "`{tag}` is on by default: {default_line}");
    }

    let root = temp_workspace("tag-features");
    let mut configurations: Vec<(String, Vec<&str>)> = vec![(format!("{CRATE}-no-tag"), vec!["rustls-ring"])];
    configurations.extend(tags.iter().map(|t| (format!("{CRATE}-only-{t}"), vec!["rustls-ring", t.as_str()])));
    let mut members = Vec::new();
    for (package, defaults) in &configurations {
        let dir = root.join(package);
        write_crate(&dir, &generated.files);
        std::fs::write(dir.join("Cargo.toml"), with_defaults(manifest, package, defaults)).expect("write the copy's manifest");
        members.push(package.clone());
    }
    write_generated_workspace(&root, &members).expect("write the workspace manifest and lock");

    let started = Instant::now();
    // As in generality.rs: the library and the generated example test (when the document has
    // examples), not the runtime's unit tests.
    let mut targets = vec!["--lib"];
    if generated.files.contains_key("tests/examples.rs") {
        targets.extend(["--test", "examples"]);
    }
    let output = clippy_generated_workspace(&root, &targets, env!("CARGO_TARGET_TMPDIR"));
    println!("cargo clippy of {} configurations took {:.1?}", members.len(), started.elapsed());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "single-tag configurations in {} do not build clippy-clean:\n{stderr}", root.display());
    // Kept on failure (above) for inspection; removed when everything built.
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_copys_manifest_keeps_the_library_name_and_sets_the_defaults() {
    let manifest = "[package]\nname = \"k\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = \"1\"\n\n[features]\ndefault = [\"rustls-ring\", \"a\", \"b\"]\na = []\nb = []\n";
    let copy = with_defaults(manifest, "k-only-a", &["rustls-ring", "a"]);
    assert!(copy.contains("name = \"k-only-a\"\n"), "{copy}");
    assert!(copy.contains("[lib]\nname = \"keycloak_admin\"\n\n[dependencies]\n"), "{copy}");
    assert!(copy.contains("default = [\"rustls-ring\", \"a\"]\n"), "{copy}");
    assert_eq!(tag_features(manifest), ["a", "b"]);
}
