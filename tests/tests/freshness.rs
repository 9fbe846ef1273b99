//! The checked-in generated crates must be exactly what the generator makes from their specs
//! (generated-client/ from spec/optimove.yaml; tests/errors-client/, tests/swagger2-client/ and
//! tests/openapi31-client/ from fixtures), each header names the command that regenerates it, and
//! generating twice must give identical bytes.

use std::collections::BTreeSet;
use workspace_tests::workspace_root;

/// The command that regenerates tests/errors-client; its header must name it exactly.
const ERRORS_CLIENT_COMMAND: &str = "cargo xtask codegen --spec tests/fixtures/errors.yaml --out tests/errors-client --name errors-client";

fn generate() -> generator::Generated {
    let text = std::fs::read_to_string(workspace_root().join("spec/optimove.yaml")).expect("spec exists");
    // `cargo xtask codegen --bump` moves the version; the committed manifest says which it is.
    let manifest = std::fs::read_to_string(workspace_root().join("generated-client/Cargo.toml")).expect("manifest exists");
    let version = manifest.lines().find_map(|l| l.strip_prefix("version = \"")).and_then(|r| r.strip_suffix('"')).expect("the manifest has a version").to_owned();
    let settings = generator::Settings { crate_name: "optimove-client".into(), crate_version: version, spec_label: "spec/optimove.yaml".into(), ..Default::default() };
    generator::generate(&text, &settings).unwrap_or_else(|d| panic!("spec/optimove.yaml does not generate:\n{d}"))
}

fn generate_errors_client() -> generator::Generated {
    let text = std::fs::read_to_string(workspace_root().join("tests/fixtures/errors.yaml")).expect("fixture exists");
    let settings = generator::Settings { crate_name: "errors-client".into(), crate_version: "0.1.0".into(), spec_label: "tests/fixtures/errors.yaml".into(), ..Default::default() };
    let metadata = generator::Metadata { regenerate: Some(ERRORS_CLIENT_COMMAND.into()), ..Default::default() };
    generator::generate_with(&text, &settings, &metadata).unwrap_or_else(|d| panic!("tests/fixtures/errors.yaml does not generate:\n{d}"))
}

/// Every difference between `generated` and the files under `dir` (relative to the workspace).
fn drift(generated: &generator::Generated, dir: &str) -> Vec<String> {
    let out = workspace_root().join(dir);
    let mut problems = Vec::new();
    for (path, content) in &generated.files {
        match std::fs::read_to_string(out.join(path)) {
            Ok(current) if &current == content => {}
            Ok(_) => problems.push(format!("stale: {dir}/{path}")),
            Err(_) => problems.push(format!("missing: {dir}/{path}")),
        }
    }
    let mut on_disk = BTreeSet::new();
    let mut stack = vec![out.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                on_disk.insert(path.strip_prefix(&out).expect("below out").to_string_lossy().replace('\\', "/"));
            }
        }
    }
    for extra in on_disk.iter().filter(|p| !generated.files.contains_key(*p)) {
        problems.push(format!("extra: {dir}/{extra}"));
    }
    problems
}

#[test]
fn generated_client_is_fresh() {
    let problems = drift(&generate(), "generated-client");
    assert!(problems.is_empty(), "generated-client/ drifted from the spec; run `cargo xtask codegen`:\n{}", problems.join("\n"));
}

#[test]
fn errors_client_is_fresh_and_names_its_own_command() {
    let generated = generate_errors_client();
    let problems = drift(&generated, "tests/errors-client");
    assert!(problems.is_empty(), "tests/errors-client/ drifted from its fixture; run `{ERRORS_CLIENT_COMMAND}`:\n{}", problems.join("\n"));
    for (path, text) in &generated.files {
        let first = text.lines().next().unwrap_or_default();
        if first.contains("@generated") {
            assert!(first.ends_with(&format!("run `{ERRORS_CLIENT_COMMAND}`.")), "{path}: {first}");
        }
    }
    // The manifest takes its metadata from the fixture's info.license and info.contact.
    let manifest = &generated.files["Cargo.toml"];
    assert!(manifest.contains("\nlicense = \"Apache-2.0\"\n"), "{manifest}");
    assert!(manifest.contains("\nhomepage = \"https://example.org/errors\"\n"), "{manifest}");
}

/// A fixture crate generated as `cargo xtask codegen --spec SPEC --out DIR --name NAME` does.
fn generate_fixture_crate(spec: &str, dir: &str, name: &str) -> (generator::Generated, String) {
    let command = format!("cargo xtask codegen --spec {spec} --out {dir} --name {name}");
    let text = std::fs::read_to_string(workspace_root().join(spec)).expect("fixture exists");
    let settings = generator::Settings { crate_name: name.into(), crate_version: "0.1.0".into(), spec_label: spec.into(), ..Default::default() };
    let metadata = generator::Metadata { regenerate: Some(command.clone()), ..Default::default() };
    let generated = generator::generate_with(&text, &settings, &metadata).unwrap_or_else(|d| panic!("{spec} does not generate:\n{d}"));
    (generated, command)
}

fn assert_fixture_crate_fresh(spec: &str, dir: &str, name: &str) {
    let (generated, command) = generate_fixture_crate(spec, dir, name);
    let problems = drift(&generated, dir);
    assert!(problems.is_empty(), "{dir}/ drifted from its fixture; run `{command}`:\n{}", problems.join("\n"));
}

#[test]
fn swagger2_wire_client_is_fresh() {
    assert_fixture_crate_fresh("tests/fixtures/swagger2_wire.yaml", "tests/swagger2-client", "swagger2-wire-client");
}

#[test]
fn openapi31_types_client_is_fresh() {
    assert_fixture_crate_fresh("tests/fixtures/openapi31_types.yaml", "tests/openapi31-client", "openapi31-types-client");
}

#[test]
fn generation_is_deterministic() {
    let first = generate();
    let second = generate();
    assert_eq!(first.files, second.files);
    let header = &first.files["src/lib.rs"];
    assert!(header.starts_with("// @generated by the optimove-rs generator"), "header present");
    let sha = generator::sha256_hex(std::fs::read(workspace_root().join("spec/optimove.yaml")).expect("spec").as_slice());
    assert!(header.contains(&sha), "header names the spec's sha256");
}
