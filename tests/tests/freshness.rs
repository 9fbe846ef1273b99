//! generated-client/ must be exactly what the generator makes from spec/optimove.yaml, and
//! generating twice must give identical bytes.

use std::collections::BTreeSet;
use workspace_tests::workspace_root;

fn generate() -> generator::Generated {
    let text = std::fs::read_to_string(workspace_root().join("spec/optimove.yaml")).expect("spec exists");
    // `cargo xtask codegen --bump` moves the version; the committed manifest says which it is.
    let manifest = std::fs::read_to_string(workspace_root().join("generated-client/Cargo.toml")).expect("manifest exists");
    let version = manifest.lines().find_map(|l| l.strip_prefix("version = \"")).and_then(|r| r.strip_suffix('"')).expect("the manifest has a version").to_owned();
    let settings = generator::Settings { crate_name: "optimove-client".into(), crate_version: version, spec_label: "spec/optimove.yaml".into() };
    generator::generate(&text, &settings).unwrap_or_else(|d| panic!("spec/optimove.yaml does not generate:\n{d}"))
}

#[test]
fn generated_client_is_fresh() {
    let generated = generate();
    let out = workspace_root().join("generated-client");
    let mut problems = Vec::new();
    for (path, content) in &generated.files {
        match std::fs::read_to_string(out.join(path)) {
            Ok(current) if &current == content => {}
            Ok(_) => problems.push(format!("stale: {path}")),
            Err(_) => problems.push(format!("missing: {path}")),
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
        problems.push(format!("extra: {extra}"));
    }
    assert!(problems.is_empty(), "generated-client/ drifted from the spec; run `cargo xtask codegen`:\n{}", problems.join("\n"));
}

#[test]
fn generation_is_deterministic() {
    let first = generate();
    let second = generate();
    assert_eq!(first.files, second.files);
    let header = &first.files["src/lib.rs"];
    assert!(header.starts_with("// @generated"), "header present");
    let sha = generator::sha256_hex(std::fs::read(workspace_root().join("spec/optimove.yaml")).expect("spec").as_slice());
    assert!(header.contains(&sha), "header names the spec's sha256");
}
