//! Insta snapshots of what the generator makes from the small fixture specs in
//! `tests/fixtures/` (one feature each), and of the diagnostics for the broken ones in
//! `tests/fixtures/invalid/`. The snapshots under `tests/tests/snapshots/` are the review
//! surface for generator changes: a diff there shows exactly what a change does to output.
//!
//! Update them with `INSTA_UPDATE=always cargo test -p workspace-tests --test snapshots`
//! (or `cargo insta review`), then read the diff.

use std::collections::BTreeSet;
use std::path::PathBuf;
use workspace_tests::workspace_root;

/// Fixtures that must generate a crate; each has a `#[test]` below.
const VALID: &[&str] = &[
    "auth",
    "bodies",
    "enums",
    "errors",
    "hostile_names",
    "json_text",
    "openapi31_types",
    "paging",
    "params_styles",
    "petstore_v20",
    "petstore_v30",
    "petstore_v31",
    "repairs",
    "responses",
    "swagger2_wire",
    "types",
];

/// Fixtures that must fail with diagnostics; each has a `#[test]` below.
const INVALID: &[&str] = &[
    "alias_loop_param",
    "allof_cycle",
    "bad_x_login",
    "json_syntax",
    "not_openapi_schema",
    "openapi_31_problems",
    "path_params",
    "several_problems",
    "swagger_20_problems",
    "unknown_security_scheme",
    "unknown_type",
    "unknown_version",
    "unresolved_ref",
    "wrong_values",
    "yaml_syntax",
];

fn fixtures_dir() -> PathBuf {
    workspace_root().join("tests/fixtures")
}

fn read_fixture(relative: &str) -> String {
    workspace_tests::read_text(&fixtures_dir().join(relative))
}

fn settings(name: &str) -> generator::Settings {
    generator::Settings { crate_name: format!("fixture-{}", name.replace('_', "-")), crate_version: "0.1.0".into(), spec_label: format!("tests/fixtures/{name}.yaml"), ..Default::default() }
}

/// Files worth reviewing: the API-specific ones. The runtime is copied verbatim, and
/// `lib.rs`, `Cargo.toml` and `webhooks.rs` barely vary, so they stay out of the snapshots.
fn is_interesting(path: &str) -> bool {
    path == "src/types.rs" || path == "src/client.rs" || (path.starts_with("src/api/") && path != "src/api/mod.rs")
}

/// Snapshot name of one generated file, e.g. `types__api_things` for `src/api/things.rs`.
fn snapshot_name(fixture: &str, path: &str) -> String {
    let file = path.trim_start_matches("src/").trim_end_matches(".rs").replace('/', "_");
    format!("{fixture}__{file}")
}

/// The header line carries the spec's sha256, so any edit of a fixture (even a comment)
/// would touch every snapshot; freshness.rs already checks the header.
fn without_header(text: &str) -> &str {
    match text.split_once('\n') {
        Some((first, rest)) if first.starts_with("// @generated") => rest,
        _ => text,
    }
}

fn check_valid(name: &str) {
    let text = read_fixture(&format!("{name}.yaml"));
    let generated = generator::generate(&text, &settings(name)).unwrap_or_else(|d| panic!("fixture {name} does not generate:\n{d}"));
    // Output must not depend on anything but the input.
    let again = generator::generate(&text, &settings(name)).expect("generates twice");
    assert_eq!(generated.files, again.files, "fixture {name}: generation is not deterministic");

    let mut overview = String::from("files:\n");
    for path in generated.files.keys().filter(|p| *p != "src/runtime.rs") {
        overview.push_str(&format!("  {path}\n"));
    }
    overview.push_str("\nwarnings:\n");
    for warning in generated.warnings.warnings() {
        overview.push_str(&format!("{warning}\n"));
    }
    insta::assert_snapshot!(format!("{name}__overview"), overview);
    for (path, content) in generated.files.iter().filter(|(p, _)| is_interesting(p)) {
        insta::assert_snapshot!(snapshot_name(name, path), without_header(content));
    }
}

fn check_invalid(name: &str) -> generator::diagnostics::Diagnostics {
    let text = read_fixture(&format!("invalid/{name}.yaml"));
    let diagnostics = match generator::generate(&text, &settings(name)) {
        Ok(_) => panic!("invalid fixture {name} generated a crate"),
        Err(d) => d,
    };
    assert!(diagnostics.has_errors(), "invalid fixture {name}: failure without an error:\n{diagnostics}");
    insta::assert_snapshot!(format!("invalid__{name}"), diagnostics.to_string());
    diagnostics
}

macro_rules! valid_fixtures {
    ($($name:ident),* $(,)?) => {$(
        #[test]
        fn $name() {
            check_valid(stringify!($name));
        }
    )*};
}

valid_fixtures!(auth, bodies, enums, errors, hostile_names, json_text, openapi31_types, paging, params_styles, petstore_v20, petstore_v30, petstore_v31, repairs, responses, swagger2_wire, types);

mod invalid {
    use super::check_invalid;

    macro_rules! invalid_fixtures {
        ($($name:ident),* $(,)?) => {$(
            #[test]
            fn $name() {
                check_invalid(stringify!($name));
            }
        )*};
    }

    invalid_fixtures!(
        alias_loop_param,
        allof_cycle,
        bad_x_login,
        json_syntax,
        not_openapi_schema,
        openapi_31_problems,
        path_params,
        swagger_20_problems,
        unknown_security_scheme,
        unknown_type,
        unknown_version,
        unresolved_ref,
        wrong_values,
        yaml_syntax
    );

    /// One run reports every problem of a document, not just the first one.
    #[test]
    fn several_problems() {
        let diagnostics = check_invalid("several_problems");
        let expected = [
            ("#/security/0", "nowhere"),
            ("#/paths/~1pets~1{petId}/get", "no path parameter `petId` is declared"),
            ("#/paths/~1owners/post/parameters/0", "components/parameters/Missing"),
            ("#/paths/~1owners/post/requestBody", "components/requestBodies/Missing"),
            ("#/paths/~1owners/post/responses/404", "components/responses/Missing"),
            ("#/paths/~1things/get", "without the required field `responses`"),
            ("#/paths/~1things/put", "without the required field `responses`"),
            ("#/components/schemas/Bad/type", "`type: objekt`"),
            ("#/components/schemas/Loop", "defined only in terms of itself"),
            ("#/components/securitySchemes/key/x-login", "`nothing`"),
        ];
        let errors: Vec<_> = diagnostics.errors().collect();
        for (pointer, needle) in expected {
            assert!(
                errors.iter().any(|d| d.pointer == pointer && d.message.contains(needle)),
                "missing the error at {pointer} mentioning {needle:?}; got:\n{diagnostics}"
            );
        }
        assert_eq!(errors.len(), expected.len(), "unexpected extra errors:\n{diagnostics}");
        let warnings = [
            ("#/paths/~1owners/get/operationId", "`getPet` is used by more than one operation"),
            ("#/paths/~1pets~1{petId}/get/responses/200/content/application~1json/schema", "#/components/schemas/Pet"),
            ("#/components/schemas/Owner/properties/pets/items", "#/components/schemas/Animal"),
            ("#/paths/~1things/get/responsez", "unknown key `responsez`"),
        ];
        for (pointer, needle) in warnings {
            assert!(
                diagnostics.warnings().any(|d| d.pointer == pointer && d.message.contains(needle)),
                "missing the warning at {pointer} mentioning {needle:?}; got:\n{diagnostics}"
            );
        }
        assert!(diagnostics.warnings().any(|d| d.hint.contains("did you mean `responses`?")), "{diagnostics}");
        assert!(errors.iter().all(|d| d.line.is_some()), "every error is located on a line:\n{diagnostics}");
    }
}

/// Under `strict` every repair of `repairs.yaml` is an error (and says what the repair
/// would have been), so nothing generates.
#[test]
fn strict_turns_repairs_into_errors() {
    let text = read_fixture("repairs.yaml");
    let lenient = generator::generate(&text, &settings("repairs")).unwrap_or_else(|d| panic!("repairs.yaml generates:\n{d}"));
    let repaired = lenient.warnings.warnings().filter(|d| d.repaired).count();
    assert!(repaired >= 15, "repairs.yaml exercises every repair:\n{}", lenient.warnings);
    let strict = generator::Settings { strict: true, ..settings("repairs") };
    let diagnostics = generator::generate(&text, &strict).expect_err("strict refuses a document that needs repairs");
    assert_eq!(diagnostics.errors().count(), repaired, "{diagnostics}");
    assert!(diagnostics.errors().all(|d| d.line.is_some()), "{diagnostics}");
    insta::assert_snapshot!("strict__repairs", diagnostics.to_string());
}

/// A crate name that Cargo or rustc would refuse is an error before anything is generated.
#[test]
fn crate_names_are_checked_up_front() {
    let text = read_fixture("types.yaml");
    let mut report = String::new();
    for name in ["pub", "self", "", "my api", "9lives", "std", "crate-é"] {
        let settings = generator::Settings { crate_name: name.into(), ..settings("types") };
        let diagnostics = generator::generate(&text, &settings).err().unwrap_or_else(|| panic!("`{name}` is accepted"));
        report.push_str(&format!("--name {name:?}\n{diagnostics}\n\n"));
    }
    for name in ["my-api-client", "pub-client", "a", "snake_case_name"] {
        let settings = generator::Settings { crate_name: name.into(), ..settings("types") };
        assert!(generator::generate(&text, &settings).is_ok(), "`{name}` is refused");
    }
    insta::assert_snapshot!("invalid_crate_names", report);
}

/// Every fixture file has a test, and every committed snapshot belongs to a fixture, so a
/// renamed or removed fixture cannot leave stale snapshots (or untested specs) behind.
#[test]
fn fixtures_and_snapshots_match() {
    let listed = |dir: PathBuf| -> BTreeSet<String> {
        std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
            .flatten()
            .filter_map(|e| e.file_name().to_str()?.strip_suffix(".yaml").map(str::to_owned))
            .collect()
    };
    let owned = |names: &[&str]| names.iter().map(|s| (*s).to_owned()).collect::<BTreeSet<_>>();
    assert_eq!(listed(fixtures_dir()), owned(VALID), "tests/fixtures/*.yaml and VALID (and the valid_fixtures! list) differ");
    assert_eq!(listed(fixtures_dir().join("invalid")), owned(INVALID), "tests/fixtures/invalid/*.yaml and INVALID (and the tests) differ");

    let mut expected = BTreeSet::new();
    for name in VALID {
        let text = read_fixture(&format!("{name}.yaml"));
        let generated = generator::generate(&text, &settings(name)).unwrap_or_else(|d| panic!("fixture {name} does not generate:\n{d}"));
        expected.insert(format!("snapshots__{name}__overview.snap"));
        for path in generated.files.keys().filter(|p| is_interesting(p)) {
            expected.insert(format!("snapshots__{}.snap", snapshot_name(name, path)));
        }
    }
    for name in INVALID {
        expected.insert(format!("snapshots__invalid__{name}.snap"));
    }
    expected.insert("snapshots__strict__repairs.snap".to_owned());
    expected.insert("snapshots__invalid_crate_names.snap".to_owned());
    let dir = workspace_root().join("tests/tests/snapshots");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| n.ends_with(".snap"))
        .collect();
    let stale: Vec<_> = on_disk.difference(&expected).collect();
    assert!(stale.is_empty(), "snapshots without a fixture file (delete them): {stale:?}");
}
