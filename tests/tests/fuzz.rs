//! Mutation fuzzing: the generator never panics, whatever it is fed. Every fixture (valid and
//! invalid) and every public spec in `../shared/specs/` is parsed into a JSON value, damaged by
//! a few random mutations (keys deleted or renamed, values of the wrong type, duplicated
//! names, `$ref`s to missing or cyclic targets, deep nesting, hostile strings, odd extension
//! values), re-serialised and handed to `generator::generate`. Panics are caught and counted;
//! the test fails if there is one, printing the seed and case needed to replay it.
//!
//! Deterministic by default (a fixed seed); FUZZ_SEED=<u64> and FUZZ_CASES=<n> explore more,
//! FUZZ_TRACE=1 names each case before running it and writes it to <temp dir>/fuzz-case-<worker>.json
//! (to find and replay a case that aborts the process).

use proptest::prelude::Rng;
use proptest::test_runner::{RngAlgorithm, TestRng};
use serde_json::{Value, json};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Instant;
use workspace_tests::{shared_dir, workspace_root};

/// Mutated inputs per run (the issue asks for at least 10 000).
const DEFAULT_CASES: usize = 10_000;
const DEFAULT_SEED: u64 = 0x5eed_0a91;

/// Strings that have broken code generators: keywords, reserved and generated names,
/// digits first, separators only, path-template and pointer syntax, non-ASCII, rustdoc syntax.
const HOSTILE: &[&str] = &[
    "", " ", "_", "__", "-", "$", "$top", "top", "type", "self", "Self", "super", "crate", "r#type", "async", "await", "dyn", "gen",
    "Result", "Option", "Vec", "String", "Box", "Client", "ClientBuilder", "Error", "Secret", "Unknown", "Other", "Default", "new",
    "send", "body", "client", "request", "clone", "builder", "login", "auth", "execute", "types", "runtime", "api", "lib", "mod",
    "123abc", "0", "9", "200", "2XX", "default", "foo-bar", "foo_bar", "fooBar", "FOO BAR", "{", "}", "{}", "{x}{y}", "/{x", "a/b~c",
    "~0~1", "#", "#/", "été", "日本語", "\u{0}", "\t\n", "```", "```rust\nfn main() {}", "[link]", "<b>", "*/", "\"", "\\", "'",
    "http://", "https://example.com/a b", "x-", "x-login", "OP_", "additional_properties", "with_type",
];

fn corpus() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut push = |label: String, text: String| {
        // Broken YAML or JSON cannot be mutated structurally; the syntax cases are covered by
        // snapshots.rs. JSON text is read as JSON (surrogate pairs and all), as the generator does.
        if let Ok(value) = generator::source::read(&text) {
            out.push((label, value));
        }
    };
    let fixtures = workspace_root().join("tests/fixtures");
    for dir in [fixtures.clone(), fixtures.join("invalid")] {
        let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())).flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "yaml")).collect();
        paths.sort();
        for path in paths {
            push(path.display().to_string(), std::fs::read_to_string(&path).expect("readable"));
        }
    }
    let mut specs: Vec<_> = std::fs::read_dir(shared_dir().join("specs")).expect("../shared/specs exists").flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json")).collect();
    specs.sort();
    for path in specs {
        push(path.display().to_string(), std::fs::read_to_string(&path).expect("readable"));
    }
    out
}

/// Number of nodes (values at any depth), counted iteratively.
fn count_nodes(value: &Value, containers_only: bool) -> usize {
    let mut stack = vec![value];
    let mut count = 0;
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                count += 1;
                stack.extend(map.values());
            }
            Value::Array(items) => {
                count += 1;
                stack.extend(items.iter());
            }
            _ => count += usize::from(!containers_only),
        }
    }
    count
}

/// The `n`-th node in pre-order (counting only objects and arrays when `containers_only`).
fn nth_node<'a>(value: &'a mut Value, n: &mut usize, containers_only: bool) -> Option<&'a mut Value> {
    let counts = matches!(value, Value::Object(_) | Value::Array(_)) || !containers_only;
    if counts {
        if *n == 0 {
            return Some(value);
        }
        *n -= 1;
    }
    match value {
        Value::Object(map) => map.values_mut().find_map(|c| nth_node(c, n, containers_only)),
        Value::Array(items) => items.iter_mut().find_map(|c| nth_node(c, n, containers_only)),
        _ => None,
    }
}

/// A uniformly chosen node of the document.
fn random_node<'a>(doc: &'a mut Value, rng: &mut TestRng, containers_only: bool) -> Option<&'a mut Value> {
    let total = count_nodes(doc, containers_only);
    if total == 0 {
        return None;
    }
    let mut n = rng.random_range(0..total);
    nth_node(doc, &mut n, containers_only)
}

fn pick<'a, T>(rng: &mut TestRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn hostile(rng: &mut TestRng) -> String {
    match rng.random_range(0..10) {
        0 => "x".repeat(rng.random_range(200..2000)),
        1 => format!("{}{}", pick(rng, HOSTILE), pick(rng, HOSTILE)),
        _ => (*pick(rng, HOSTILE)).to_owned(),
    }
}

/// A value of a random JSON type, often not the one the schema expects.
fn wrong_value(rng: &mut TestRng, components: &[String]) -> Value {
    match rng.random_range(0..14) {
        0 => Value::Null,
        1 => json!(true),
        2 => json!(-1),
        3 => json!(u64::MAX),
        4 => json!(1.5e300),
        5 => json!(i64::MIN),
        6 => Value::String(hostile(rng)),
        7 => json!([]),
        8 => json!({}),
        9 => json!([hostile(rng), 3, null]),
        10 => json!({ "$ref": missing_ref(rng) }),
        11 if !components.is_empty() => json!({ "$ref": format!("#/components/schemas/{}", pick(rng, components)) }),
        12 => json!({ "type": pick(rng, &["string", "integer", "number", "boolean", "array", "object", "null", "file", "", "int", "strng", "objekt", "String"]), "format": pick(rng, &["int32", "int64", "date", "date-time", "naive-date-time", "binary", "byte", "password", "float", "double", "uuid", ""]) }),
        _ => json!({ "enum": [null, hostile(rng), 1, 1.5, true] }),
    }
}

fn missing_ref(rng: &mut TestRng) -> String {
    (*pick(
        rng,
        &[
            "#/components/schemas/DoesNotExist",
            "#/components/parameters/Nope",
            "#/components/responses/Nope",
            "#/components/requestBodies/Nope",
            "#/components/securitySchemes/Nope",
            "#/components/schemas/",
            "#/components/schemas",
            "#/paths/~1a/get",
            "#",
            "",
            "other.yaml#/components/schemas/Pet",
            "https://example.com/spec.json#/x",
            "#/components/schemas/a~1b",
            "#/components/schemas/~",
        ],
    ))
    .to_owned()
}

/// An extension or keyword with a surprising value, attached to any object.
fn odd_keyword(rng: &mut TestRng) -> (String, Value) {
    let key = *pick(
        rng,
        &[
            "x-pagination", "x-login", "x-list-delimiter", "x-enum-varnames", "x-enum-descriptions", "x-rate-limit", "x-idempotent",
            "x-idempotency-field", "x-evidence", "discriminator", "allOf", "oneOf", "anyOf", "not", "additionalProperties", "items",
            "properties", "required", "nullable", "enum", "style", "explode", "in", "security", "servers", "callbacks", "operationId", "tags",
            "parameters", "requestBody", "responses", "content", "$ref", "maximum", "default", "example", "examples",
            // Keywords the checker repairs or rejects (README, Generality).
            "exclusiveMinimum", "exclusiveMaximum", "minLength", "type", "description", "deprecated", "schema", "responsez", "sumary",
        ],
    );
    let value = match rng.random_range(0..12) {
        8 => json!(pick(rng, &[0, -1, 1])),
        9 => json!({ "$ref": pick(rng, &["#/components/mediaTypes/x", "#/components/mediaTypes/"]) }),
        10 => json!(pick(rng, &[json!(["string", "null"]), json!(["integer"]), json!(["a", "b"]), json!("true"), json!(null), json!([{ "type": "string" }])])),
        11 => json!({ "type": "string", "enum": [true, 1, "a", "a", null] }),
        0 => json!({ "offset-param": hostile(rng), "limit-param": "$top" }),
        1 => json!({ "operationId": hostile(rng), "username-field": "", "password-field": hostile(rng), "expired-status": 99999 }),
        2 => json!({ "requests": 0, "window-seconds": -1 }),
        3 => json!([hostile(rng), hostile(rng)]),
        4 => json!({ "propertyName": hostile(rng), "mapping": { hostile(rng): missing_ref(rng) } }),
        5 => json!(pick(rng, &["form", "spaceDelimited", "pipeDelimited", "deepObject", "matrix", "label", "simple", "query", "path", "header", "cookie", "body"])),
        6 => json!([{ "$ref": missing_ref(rng) }, { "type": "object" }]),
        _ => Value::String(hostile(rng)),
    };
    (key.to_owned(), value)
}

/// Applies one random mutation somewhere in `doc`.
fn mutate(doc: &mut Value, rng: &mut TestRng, components: &[String]) {
    // Kinds 0-2 work on an entry of a container, the rest on a node. Hostile strings and
    // renames keep the document parseable more often than wrong types do, so they are drawn
    // more often: that gets more damaged documents past parsing into lowering and emission.
    let kind = *pick(rng, &[0, 1, 1, 2, 3, 5, 5, 5, 6, 7, 8, 9]);
    // Entry-level mutations (delete, rename, duplicate) pick a container, then one entry.
    if kind < 3 {
        let Some(container) = random_node(doc, rng, true) else { return };
        match container {
            Value::Object(map) if !map.is_empty() => {
                let Some(key) = map.keys().nth(rng.random_range(0..map.len())).cloned() else { return };
                match kind {
                    0 => {
                        map.shift_remove(&key);
                    }
                    1 => {
                        // Rename, keeping the value: hostile keys for paths, schemas, properties, tags...
                        // or a near miss (`responsez`), which the checker reports as an unknown key.
                        if let Some(value) = map.shift_remove(&key) {
                            let renamed = if rng.random_bool(0.3) { format!("{key}z") } else { hostile(rng) };
                            map.insert(renamed, value);
                        }
                    }
                    _ => {
                        // Duplicate under a name that differs only in case or punctuation.
                        let variant = match rng.random_range(0..3) {
                            0 => key.to_uppercase(),
                            1 => key.replace(['-', '_'], ""),
                            _ => format!("{key}_"),
                        };
                        if let Some(value) = map.get(&key).cloned() {
                            map.insert(variant, value);
                        }
                    }
                }
            }
            Value::Array(items) if !items.is_empty() => {
                let i = rng.random_range(0..items.len());
                if kind == 0 {
                    items.remove(i);
                } else {
                    let copy = items[i].clone();
                    items.push(copy);
                }
            }
            _ => {}
        }
        return;
    }
    let containers_only = matches!(kind, 7..=9);
    let Some(node) = random_node(doc, rng, containers_only) else { return };
    match kind {
        3 => *node = wrong_value(rng, components),
        5 => {
            if let Value::String(s) = node {
                *s = hostile(rng);
            } else if let Value::Object(map) = node {
                let (k, v) = odd_keyword(rng);
                map.insert(k, v);
            }
        }
        6 => {
            // Deep nesting: arrays of arrays, allOf in allOf, objects in objects; deep enough
            // to cross the generator's nesting bounds now and then.
            let depth = rng.random_range(5..40);
            let mut inner = std::mem::take(node);
            for level in 0..depth {
                inner = match level % 3 {
                    0 => json!({ "type": "array", "items": inner }),
                    1 => json!({ "allOf": [inner] }),
                    _ => json!({ "type": "object", "properties": { "p": inner } }),
                };
            }
            *node = inner;
        }
        7 => {
            if let Value::Object(map) = node {
                let target = if rng.random_bool(0.5) || components.is_empty() { missing_ref(rng) } else { format!("#/components/schemas/{}", pick(rng, components)) };
                map.insert("$ref".into(), Value::String(target));
            }
        }
        8 => {
            // Duplicate an operationId or a parameter name across the document.
            if let Value::Object(map) = node {
                let key = *pick(rng, &["operationId", "name", "title"]);
                map.insert(key.into(), Value::String((*pick(rng, &["getPet", "listPets", "id", "type", "$top", "Client"])).to_owned()));
            }
        }
        _ => {
            if let Value::Object(map) = node {
                let (k, v) = odd_keyword(rng);
                map.insert(k, v);
            }
        }
    }
}

fn component_names(doc: &Value) -> Vec<String> {
    doc.pointer("/components/schemas").and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default()
}

thread_local! {
    /// The message of the last panic on this thread, recorded by the panic hook.
    static LAST_PANIC: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// Counts of one worker.
#[derive(Default)]
struct Tally {
    generated: usize,
    rejected: usize,
    panics: Vec<String>,
}

/// Runs the cases `first, first + step, ...` below `cases`. Each case has its own RNG, derived
/// from the seed and the case number, so results do not depend on how cases are shared out.
fn run_cases(corpus: &[(String, Value, Vec<String>)], weights: &[usize], seed: u64, cases: usize, first: usize, step: usize, trace: bool) -> Tally {
    let settings = generator::Settings { crate_name: "fuzzed".into(), crate_version: "0.1.0".into(), spec_label: "fuzz".into(), ..Default::default() };
    let total_weight: usize = weights.iter().sum();
    let mut tally = Tally::default();
    for case in (first..cases).step_by(step) {
        let mut rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[seed.to_le_bytes(), (case as u64).to_le_bytes(), [0; 8], [0; 8]].concat());
        let mut ticket = rng.random_range(0..total_weight);
        let index = weights
            .iter()
            .position(|w| {
                if ticket < *w {
                    return true;
                }
                ticket -= w;
                false
            })
            .unwrap_or(0);
        let (label, original, components) = &corpus[index];
        let mut doc = original.clone();
        for _ in 0..rng.random_range(1..=4) {
            mutate(&mut doc, &mut rng, components);
        }
        let text = if rng.random_bool(0.8) { serde_json::to_string(&doc) } else { serde_json::to_string_pretty(&doc) }.expect("serialisable");
        if trace {
            // A stack overflow aborts the process before anything is reported; this shows
            // which case it was, and keeps it for replaying.
            eprintln!("case {case} from {label}");
            let _ = std::fs::write(std::env::temp_dir().join(format!("fuzz-case-{first}.json")), &text);
        }
        match catch_unwind(AssertUnwindSafe(|| generator::generate(&text, &settings))) {
            Ok(Ok(_)) => tally.generated += 1,
            Ok(Err(_)) => tally.rejected += 1,
            Err(_) => {
                let message = LAST_PANIC.with(|m| m.borrow().clone());
                tally.panics.push(format!("case {case} (from {label}): {message}"));
            }
        }
    }
    tally
}

#[test]
fn mutated_specs_never_panic_the_generator() {
    let seed: u64 = std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_SEED);
    let cases: usize = std::env::var("FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_CASES);
    let trace = std::env::var_os("FUZZ_TRACE").is_some();
    let corpus: Vec<(String, Value, Vec<String>)> = corpus().into_iter().map(|(label, doc)| {
        let components = component_names(&doc);
        (label, doc, components)
    }).collect();
    assert!(corpus.len() >= 29, "the corpus holds the fixtures (all but the broken YAML) and the 11 shared specs");
    // Seeds in every version the generator reads, so the 2.0 and 3.1 converters are fuzzed too.
    for version in [generator::frontend::Version::Swagger2, generator::frontend::Version::OpenApi30, generator::frontend::Version::OpenApi31] {
        let seeds = corpus.iter().filter(|(_, doc, _)| generator::frontend::version(doc) == Ok(version)).count();
        assert!(seeds >= 2, "at least two {version:?} seeds in the corpus, found {seeds}");
    }
    // Generation time grows with the document; weighting small documents up keeps a run
    // short while every document still gets its share of mutations.
    let weights: Vec<usize> = corpus.iter().map(|(_, doc, _)| (40_000 / serde_json::to_string(doc).map(|t| t.len()).unwrap_or(1).max(1)).clamp(1, 40)).collect();

    // Panics are expected to be caught; keep each thread's last message instead of printing it.
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().map(|l| format!(" at {}:{}", l.file(), l.line())).unwrap_or_default();
        let payload = info.payload().downcast_ref::<&str>().map(|s| (*s).to_owned()).or_else(|| info.payload().downcast_ref::<String>().cloned()).unwrap_or_default();
        LAST_PANIC.with(|m| *m.borrow_mut() = format!("{payload}{location}"));
    }));
    let started = Instant::now();
    // Cases are independent, so they spread over the available cores.
    let workers = std::thread::available_parallelism().map(usize::from).unwrap_or(1).clamp(1, 4);
    let tallies: Vec<Tally> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers).map(|w| {
            let (corpus, weights) = (&corpus, &weights);
            scope.spawn(move || run_cases(corpus, weights, seed, cases, w, workers, trace))
        }).collect();
        handles.into_iter().map(|h| h.join().expect("a worker thread itself does not panic")).collect()
    });
    std::panic::set_hook(previous_hook);
    let generated: usize = tallies.iter().map(|t| t.generated).sum();
    let rejected: usize = tallies.iter().map(|t| t.rejected).sum();
    let mut panics: Vec<String> = tallies.into_iter().flat_map(|t| t.panics).collect();
    panics.sort();
    println!("{cases} mutated specs (seed {seed}, {workers} threads) in {:.1?}: {generated} generated, {rejected} rejected with diagnostics, {} panics", started.elapsed(), panics.len());
    assert_eq!(generated + rejected + panics.len(), cases, "every case ran");
    assert!(generated > cases / 20 && rejected > cases / 20, "mutations should leave many specs valid and break many others (generated {generated}, rejected {rejected})");
    assert!(panics.is_empty(), "the generator panicked on {} of {cases} inputs (replay with FUZZ_SEED={seed} FUZZ_TRACE=1):\n{}", panics.len(), panics.iter().take(20).cloned().collect::<Vec<_>>().join("\n"));
}
