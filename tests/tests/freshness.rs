//! generated-client/ must be exactly what the generator makes from spec/optimove.yaml (and
//! tests/swagger2-client/ and tests/openapi31-client/ what it makes from their fixtures), and generating
//! twice must give identical bytes.

use std::collections::BTreeSet;
use workspace_tests::workspace_root;

fn generate() -> generator::Generated {
    generate_from("spec/optimove.yaml", "optimove-client")
}

fn generate_from(spec: &str, name: &str) -> generator::Generated {
    let text = std::fs::read_to_string(workspace_root().join(spec)).expect("spec exists");
    let settings = generator::Settings { crate_name: name.into(), crate_version: "0.1.0".into(), spec_label: spec.into(), ..Default::default() };
    generator::generate(&text, &settings).unwrap_or_else(|d| panic!("{spec} does not generate:\n{d}"))
}

#[test]
fn generated_client_is_fresh() {
    assert_fresh(&generate(), "generated-client", "cargo xtask codegen");
}

#[test]
fn swagger2_wire_client_is_fresh() {
    assert_fresh(
        &generate_from("tests/fixtures/swagger2_wire.yaml", "swagger2-wire-client"),
        "tests/swagger2-client",
        "cargo xtask codegen --spec tests/fixtures/swagger2_wire.yaml --out tests/swagger2-client --name swagger2-wire-client",
    );
}

#[test]
fn openapi31_types_client_is_fresh() {
    assert_fresh(
        &generate_from("tests/fixtures/openapi31_types.yaml", "openapi31-types-client"),
        "tests/openapi31-client",
        "cargo xtask codegen --spec tests/fixtures/openapi31_types.yaml --out tests/openapi31-client --name openapi31-types-client",
    );
}

fn assert_fresh(generated: &generator::Generated, dir: &str, command: &str) {
    let out = workspace_root().join(dir);
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
    assert!(problems.is_empty(), "{dir}/ drifted from its spec; run `{command}`:\n{}", problems.join("\n"));
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
