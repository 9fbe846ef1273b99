//! The generator is general: every valid fixture of `tests/fixtures/`, every public spec in
//! `../shared/specs/` and the real-world documents of [`CORPUS_IN_CI`] turn into crates that pass
//! `cargo clippy -D warnings`,
//! and a synthetic spec with 700+ operations generates one module per tag.
//!
//! The compile check is slow, so all crates go into ONE temporary workspace outside this one
//! and are checked by ONE cargo run in the project's own target directory, with the project's
//! profiles and lock: dependencies that the workspace's clippy run also checks with the same
//! features compile once for both, and later runs only check the generated code.

use std::path::{Path, PathBuf};
use std::time::Instant;
use workspace_tests::{clippy_generated_workspace, shared_dir, temp_workspace, workspace_root, write_crate, write_generated_workspace};

/// The public specs of `../shared/specs/` (see its README); all must build.
const SHARED_SPECS: &[&str] = &[
    "petstore.yaml",
    "petstore-expanded.yaml",
    "uspto.yaml",
    "api-with-examples.yaml",
    "callback-example.yaml",
    "link-example.yaml",
    "buildomat.json",
    "keeper.json",
    "propolis-server.json",
    "param-collision.json",
    "param-overrides.json",
];

/// Real-world documents of `../shared/corpus` (INDEX.md) compiled in every test run: the small and
/// medium ones whose crates check in seconds, chosen to cover the classes of repair that real
/// providers need (keycloak's dangling `$ref`, huggingface's `exclusiveMinimum: 0`, deepl's form
/// bodies). `cargo xtask corpus` builds all of them (README, Generality).
const CORPUS_IN_CI: &[&str] = &[
    "ipfs__pinning-service.yaml",
    "kserve__open-inference-rest.yaml",
    "nextcloud__notifications.json",
    "huggingface__text-generation-inference.json",
    "paystack__wallet.yaml",
    "keycloak__admin-23.0.6.json",
    "deepl__openapi.yaml",
];

/// `(crate name, spec label, spec text)` of every spec the compile check covers.
fn inputs() -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let fixtures = workspace_root().join("tests/fixtures");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&fixtures).expect("tests/fixtures exists").flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "yaml")).collect();
    names.sort();
    for path in names {
        let stem = path.file_stem().and_then(|s| s.to_str()).expect("utf-8 name").replace('_', "-");
        let text = std::fs::read_to_string(&path).expect("fixture readable");
        out.push((format!("fixture-{stem}"), format!("tests/fixtures/{}", path.file_name().and_then(|n| n.to_str()).unwrap_or_default()), text));
    }
    // `(crate name, label, text)` of a document in `../shared/<folder>/`, the crate named `<prefix>-<stem>`.
    let shared = |folder: &str, file: &str, prefix: &str, stem: &str| {
        let text = workspace_tests::read_text(&shared_dir().join(folder).join(file));
        (format!("{prefix}-{stem}"), format!("../shared/{folder}/{file}"), text)
    };
    for spec in SHARED_SPECS {
        out.push(shared("specs", spec, "spec", spec.rsplit_once('.').map(|(s, _)| s).unwrap_or(spec)));
    }
    for document in CORPUS_IN_CI {
        out.push(shared("corpus", document, "corpus", document.split("__").next().unwrap_or(document)));
    }
    out.push(("synthetic-deep-chain".into(), "a 120-schema by-value chain".into(), deep_chain_spec(120)));
    out
}

/// `S0 <- S1 <- ... <- S(n-1)`, each nullable and holding the previous one by value: deep enough
/// to overflow rustc's default drop-check recursion (E0320) unless the crate raises the limit.
fn deep_chain_spec(n: usize) -> String {
    let schemas: serde_json::Map<String, serde_json::Value> = (0..n)
        .map(|i| {
            let mut properties = serde_json::json!({"v": {"type": "integer"}});
            if i > 0 {
                properties["prev"] = serde_json::json!({"$ref": format!("#/components/schemas/S{}", i - 1)});
            }
            (format!("S{i}"), serde_json::json!({"type": "object", "nullable": true, "properties": properties}))
        })
        .collect();
    let last = format!("#/components/schemas/S{}", n - 1);
    serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "Deep chain", "version": "1"},
        "servers": [{"url": "https://example.test"}],
        "paths": {"/x": {"get": {"operationId": "getX", "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": last}}}}}}}},
        "components": {"schemas": schemas}
    })
    .to_string()
}

#[test]
fn every_fixture_and_shared_spec_builds_clippy_clean() {
    let root = temp_workspace("generality");
    let mut members = Vec::new();
    let mut failures = Vec::new();
    for (name, label, text) in inputs() {
        let settings = generator::Settings { crate_name: name.clone(), crate_version: "0.1.0".into(), spec_label: label.clone(), ..Default::default() };
        match generator::generate(&text, &settings) {
            Ok(generated) => {
                let warnings: Vec<String> = generated.warnings.warnings().map(ToString::to_string).collect();
                println!("{label}: {} file(s), {} warning(s)", generated.files.len(), warnings.len());
                for warning in warnings {
                    println!("  {}", warning.replace('\n', "\n  "));
                }
                write_crate(&root.join(&name), &generated.files);
                members.push(name);
            }
            Err(diagnostics) => failures.push(format!("{label} does not generate:\n{diagnostics}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));

    write_generated_workspace(&root, &members).expect("write the workspace manifest and lock");

    let started = Instant::now();
    // Every target a generated crate has except the library's own test harness: that only adds
    // the runtime's unit tests, the same in every crate, which the workspace's clippy run already
    // lints in generated-client, and would check each crate a second time.
    let output = clippy_generated_workspace(&root, &["--lib", "--test", "examples"], env!("CARGO_TARGET_TMPDIR"));
    println!("cargo clippy of {} crates took {:.1?}", members.len(), started.elapsed());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "generated crates in {} do not build clippy-clean:\n{stderr}", root.display());
    // Kept on failure (above) for inspection; removed when everything built.
    let _ = std::fs::remove_dir_all(&root);
}

/// A synthetic API of `tags` x `resources` x 4 operations (a paged list, create, get and
/// replace, all sharing the resource's schema), written as JSON.
fn synthetic_spec(tags: usize, resources: usize) -> String {
    use serde_json::{Map, Value, json};
    let mut paths = Map::new();
    let mut schemas = Map::new();
    for t in 0..tags {
        let tag = format!("Area {t}");
        for r in 0..resources {
            let name = format!("Item{t}x{r}");
            let reference = json!({ "$ref": format!("#/components/schemas/{name}") });
            schemas.insert(
                name.clone(),
                json!({
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": { "type": "integer", "format": "int64" },
                        "name": { "type": "string" },
                        "state": { "type": "string", "enum": ["active", "archived"] },
                        "tags": { "type": "array", "items": { "type": "string" } },
                        "updated": { "type": "string", "format": "date-time", "nullable": true }
                    }
                }),
            );
            let collection = format!("/area{t}/items{r}");
            paths.insert(
                collection.clone(),
                json!({
                    "get": {
                        "operationId": format!("list{name}"),
                        "tags": [tag],
                        "parameters": [
                            { "name": "$top", "in": "query", "schema": { "type": "integer", "maximum": 100 } },
                            { "name": "$skip", "in": "query", "schema": { "type": "integer" } },
                            { "name": "q", "in": "query", "schema": { "type": "string" } }
                        ],
                        "responses": { "200": { "description": "A page.", "content": { "application/json": { "schema": { "type": "array", "items": reference } } } } }
                    },
                    "post": {
                        "operationId": format!("create{name}"),
                        "tags": [tag],
                        "requestBody": { "required": true, "content": { "application/json": { "schema": reference } } },
                        "responses": { "201": { "description": "Created.", "content": { "application/json": { "schema": reference } } } }
                    }
                }),
            );
            paths.insert(
                format!("{collection}/{{id}}"),
                json!({
                    "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "format": "int64" } }],
                    "get": {
                        "operationId": format!("get{name}"),
                        "tags": [tag],
                        "responses": { "200": { "description": "The item.", "content": { "application/json": { "schema": reference } } }, "404": { "description": "Not found." } }
                    },
                    "put": {
                        "operationId": format!("replace{name}"),
                        "tags": [tag],
                        "requestBody": { "required": true, "content": { "application/json": { "schema": reference } } },
                        "responses": { "200": { "description": "Replaced.", "content": { "application/json": { "schema": reference } } } }
                    },
                }),
            );
        }
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": { "title": "Synthetic", "version": "1.0.0" },
        "servers": [{ "url": "https://synthetic.example.com" }],
        "paths": Value::Object(paths),
        "components": { "schemas": Value::Object(schemas) }
    });
    serde_json::to_string_pretty(&doc).expect("serialisable")
}

/// 20 tags x 9 resources x 4 operations = 720 operations: one module per tag, each holding
/// exactly its operations. Set SYNTHETIC_OUT=<dir> to also write the crate (for timing a build).
#[test]
fn synthetic_api_with_720_operations_gets_one_module_per_tag() {
    let (tags, resources) = (20, 9);
    let text = synthetic_spec(tags, resources);
    let settings = generator::Settings { crate_name: "synthetic-client".into(), crate_version: "0.1.0".into(), spec_label: "synthetic".into(), ..Default::default() };
    let started = Instant::now();
    let generated = generator::generate(&text, &settings).unwrap_or_else(|d| panic!("the synthetic spec does not generate:\n{d}"));
    // A plain measurement for the README, not an assertion (machines differ).
    println!("generated {} operations in {:.2?} ({} bytes of spec)", tags * resources * 4, started.elapsed(), text.len());
    assert_eq!(generated.warnings.items, Vec::new(), "no fallbacks needed");

    let modules: Vec<&String> = generated.files.keys().filter(|p| p.starts_with("src/api/") && *p != "src/api/mod.rs").collect();
    let expected: Vec<String> = {
        let mut names: Vec<String> = (0..tags).map(|t| format!("src/api/area_{t}.rs")).collect();
        names.sort();
        names
    };
    assert_eq!(modules, expected.iter().collect::<Vec<_>>(), "one module per tag");
    for path in &expected {
        let module = &generated.files[path];
        assert_eq!(module.matches("impl crate::runtime::Operation for").count(), resources * 4, "{path} holds all operations of its tag");
        assert_eq!(module.matches("impl crate::runtime::Paged for").count(), resources, "{path}: every list operation pages");
    }
    if let Some(out) = std::env::var_os("SYNTHETIC_OUT") {
        write_crate(Path::new(&out), &generated.files);
        println!("wrote the synthetic crate to {}", Path::new(&out).display());
    }
}
