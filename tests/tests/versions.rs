//! The same petstore written as Swagger 2.0 (`tests/fixtures/petstore_v20.yaml`), OpenAPI 3.0
//! (`petstore_v30.yaml`) and OpenAPI 3.1 (`petstore_v31.yaml`) generates the same Rust API: every
//! generated file is byte-for-byte the same, apart from the differences listed in [`ALLOWED`].

use std::collections::BTreeMap;
use workspace_tests::workspace_root;

/// Lines that may differ, by file, with why: the `@generated` header names the spec's sha256,
/// which differs because the texts differ.
const ALLOWED: &[(&str, &str, &str)] = &[
    (
        "generated-files.txt",
        "# @generated",
        "the manifest's header carries the sha256 of the spec text",
    ),
    (
        "*",
        "// @generated",
        "the header carries the sha256 of the spec text",
    ),
    (
        "Cargo.toml",
        "# @generated",
        "the same header in Cargo.toml",
    ),
];

fn generate(name: &str) -> BTreeMap<String, String> {
    let path = workspace_root().join(format!("tests/fixtures/{name}.yaml"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let settings = generator::Settings {
        crate_name: "petstore".into(),
        crate_version: "0.1.0".into(),
        spec_label: "the petstore".into(),
        ..Default::default()
    };
    let generated = generator::generate(&text, &settings)
        .unwrap_or_else(|d| panic!("{name} does not generate:\n{d}"));
    assert!(
        generated.warnings.items.is_empty(),
        "{name} generates without warnings:\n{}",
        generated.warnings
    );
    generated.files
}

fn allowed(file: &str, line: &str) -> bool {
    ALLOWED
        .iter()
        .any(|(f, start, _)| (*f == "*" || *f == file) && line.starts_with(start))
}

/// The lines of `a` and `b` that differ and are not allowed to (same line count assumed; a
/// different count is reported as a whole).
fn differences(file: &str, a: &str, b: &str) -> Vec<String> {
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    if la.len() != lb.len() {
        return vec![format!("{file}: {} lines against {}", la.len(), lb.len())];
    }
    la.iter()
        .zip(&lb)
        .enumerate()
        .filter(|(_, (x, y))| x != y && !(allowed(file, x) && allowed(file, y)))
        .map(|(i, (x, y))| format!("{file}:{}:\n  3.0: {x}\n  got: {y}", i + 1))
        .collect()
}

#[test]
fn three_versions_generate_the_same_api() {
    let v30 = generate("petstore_v30");
    for other in ["petstore_v20", "petstore_v31"] {
        let files = generate(other);
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            v30.keys().collect::<Vec<_>>(),
            "{other}: the same files"
        );
        let problems: Vec<String> = v30
            .iter()
            .flat_map(|(path, text)| differences(path, text, &files[path]))
            .collect();
        assert!(
            problems.is_empty(),
            "{other} generates a different API than petstore_v30:\n{}",
            problems.join("\n")
        );
    }
}

/// The comparison itself can fail: a one-word change to the 3.0 text changes the API.
#[test]
fn a_changed_document_is_told_apart() {
    let path = workspace_root().join("tests/fixtures/petstore_v30.yaml");
    let text = std::fs::read_to_string(path).expect("fixture");
    let changed = text.replace("operationId: deletePet", "operationId: removePet");
    let settings = generator::Settings {
        crate_name: "petstore".into(),
        ..Default::default()
    };
    let a = generator::generate(&text, &settings)
        .expect("generates")
        .files;
    let b = generator::generate(&changed, &settings)
        .expect("generates")
        .files;
    let problems: Vec<String> = a
        .iter()
        .flat_map(|(path, t)| differences(path, t, &b[path]))
        .collect();
    assert!(!problems.is_empty());
}
