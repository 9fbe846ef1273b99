//! Contract checks on `spec/optimove.yaml`: the OpenAPI description the client
//! generator consumes. These tests pin the facts the generator relies on
//! (operation count, unique operation ids, resolvable references, tags,
//! success responses and the evidence marker).

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, StatusCode};
use serde_json::Value;

const SPEC_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/optimove.yaml");

/// Number of operations the spec must describe (catalog checklist rows with a
/// known method and path; see spec/README.md).
const EXPECTED_OPERATIONS: usize = 85;

const EVIDENCE_VALUES: [&str; 3] = ["reference", "secondary", "inferred"];

fn spec_text() -> String {
    std::fs::read_to_string(SPEC_PATH).unwrap_or_else(|e| panic!("cannot read {SPEC_PATH}: {e}"))
}

fn parsed() -> OpenAPI {
    serde_yaml::from_str(&spec_text()).expect("spec/optimove.yaml must parse as an OpenAPI 3.0 document")
}

fn raw() -> Value {
    serde_yaml::from_str(&spec_text()).expect("spec/optimove.yaml must parse as YAML")
}

/// `(label, operation)` for every operation, label = "METHOD path (operationId)".
fn operations(api: &OpenAPI) -> Vec<(String, &openapiv3::Operation)> {
    api.operations()
        .map(|(path, method, op)| {
            let id = op.operation_id.as_deref().unwrap_or("<no operationId>");
            (format!("{} {path} ({id})", method.to_uppercase()), op)
        })
        .collect()
}

#[test]
fn spec_has_expected_operation_count() {
    let api = parsed();
    let ops = operations(&api);
    assert_eq!(
        ops.len(),
        EXPECTED_OPERATIONS,
        "expected {EXPECTED_OPERATIONS} operations, found {}: {:#?}",
        ops.len(),
        ops.iter().map(|(label, _)| label).collect::<Vec<_>>()
    );
    // Every path item must be inline (no `$ref` path items the walk above would skip).
    for (path, item) in &api.paths.paths {
        assert!(item.as_item().is_some(), "path item {path} is a $ref; inline it");
    }
}

#[test]
fn operation_ids_are_present_and_unique() {
    let api = parsed();
    let mut seen: BTreeMap<&str, String> = BTreeMap::new();
    for (label, op) in operations(&api) {
        let id = op
            .operation_id
            .as_deref()
            .unwrap_or_else(|| panic!("operation {label} has no operationId"));
        assert!(!id.is_empty(), "operation {label} has an empty operationId");
        if let Some(previous) = seen.insert(id, label.clone()) {
            panic!("operationId {id} is used by both {previous} and {label}");
        }
    }
}

#[test]
fn every_ref_resolves() {
    let doc = raw();
    let mut refs = Vec::new();
    collect_refs(&doc, "#", &mut refs);
    assert!(!refs.is_empty(), "the spec is expected to use $ref");
    for (location, target) in refs {
        let pointer = target
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("$ref {target:?} at {location} is not a local reference"));
        assert!(
            doc.pointer(pointer).is_some(),
            "$ref {target:?} at {location} does not resolve"
        );
    }
}

fn collect_refs(value: &Value, location: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let child_location = format!("{location}/{}", key.replace('~', "~0").replace('/', "~1"));
                if key == "$ref" {
                    let target = child
                        .as_str()
                        .unwrap_or_else(|| panic!("$ref at {location} is not a string"));
                    out.push((location.to_owned(), target.to_owned()));
                } else {
                    collect_refs(child, &child_location, out);
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                collect_refs(child, &format!("{location}/{index}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_operation_has_a_declared_tag() {
    let api = parsed();
    let declared: BTreeSet<&str> = api.tags.iter().map(|tag| tag.name.as_str()).collect();
    for (label, op) in operations(&api) {
        assert!(!op.tags.is_empty(), "operation {label} has no tag");
        for tag in &op.tags {
            assert!(
                declared.contains(tag.as_str()),
                "operation {label} uses tag {tag:?} that is not declared in the top-level tags"
            );
        }
    }
    for tag in &api.tags {
        assert!(
            tag.description.as_deref().is_some_and(|d| !d.trim().is_empty()),
            "tag {:?} has no description",
            tag.name
        );
    }
}

#[test]
fn every_operation_has_a_success_response() {
    let api = parsed();
    for (label, op) in operations(&api) {
        let has_2xx = op.responses.responses.keys().any(|code| match code {
            StatusCode::Code(code) => (200..300).contains(code),
            StatusCode::Range(range) => *range == 2,
        });
        assert!(has_2xx, "operation {label} has no 2xx response");
    }
}

#[test]
fn every_operation_has_evidence() {
    let api = parsed();
    for (label, op) in operations(&api) {
        let evidence = op
            .extensions
            .get("x-optimove-evidence")
            .unwrap_or_else(|| panic!("operation {label} lacks x-optimove-evidence"));
        let value = evidence
            .as_str()
            .unwrap_or_else(|| panic!("operation {label}: x-optimove-evidence is not a string"));
        assert!(
            EVIDENCE_VALUES.contains(&value),
            "operation {label}: x-optimove-evidence is {value:?}, expected one of {EVIDENCE_VALUES:?}"
        );
    }
}

#[test]
fn every_operation_has_summary_and_description() {
    let api = parsed();
    for (label, op) in operations(&api) {
        assert!(
            op.summary.as_deref().is_some_and(|s| !s.trim().is_empty()),
            "operation {label} has no summary"
        );
        assert!(
            op.description.as_deref().is_some_and(|d| !d.trim().is_empty()),
            "operation {label} has no description"
        );
    }
}
