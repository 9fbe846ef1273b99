//! Every real-world document of `../shared/corpus` (read in place, never copied) is generated,
//! without building: each document (OpenAPI 3.0, OpenAPI 3.1 and Swagger 2.0 alike) gives a
//! crate with exactly the number of warnings recorded below, so a regression in either direction
//! (a new failure, a lost or an extra warning) shows. `cargo xtask corpus` also builds the crates
//! (README, Generality).

use std::path::PathBuf;
use workspace_tests::shared_dir;

/// Every document and its warning count. Each warning is a real problem of the document
/// (README, Generality, lists the repairs) or something OpenAPI 3.0 cannot say (README, Input
/// versions).
const GENERATES: &[(&str, usize)] = &[
    ("adyen__checkout-v71.json", 0),
    ("chargebee__api-v1.json", 0),
    ("gotify__spec.json", 0),
    ("harbor__swagger.yaml", 0),
    ("mastodon__schema.json", 2),
    ("moby__engine-swagger.yaml", 4),
    ("netbird__management.yaml", 3),
    ("netlify__swagger.yaml", 0),
    ("oai__webhook-example.yaml", 0),
    ("slack__web-api-v2.json", 76),
    ("traccar__openapi.yaml", 0),
    ("binance__spot-api.yaml", 1),
    ("datadog__api-v1.yaml", 0),
    ("deepl__openapi.yaml", 0),
    ("huggingface__text-generation-inference.json", 9),
    ("ipfs__pinning-service.yaml", 0),
    ("jira__platform-swagger-v3.json", 4),
    ("keycloak__admin-23.0.6.json", 1),
    ("kserve__open-inference-rest.yaml", 0),
    ("lakefs__swagger.yaml", 0),
    ("lob__lob-api-bundled.yaml", 55),
    ("nextcloud__notifications.json", 0),
    ("nginx-unit__unit-openapi.yaml", 0),
    ("paystack__wallet.yaml", 0),
    ("plaid__plaid-2020-09-14.yaml", 8),
    ("qdrant__openapi.json", 0),
    ("sentry__openapi-derefed.json", 1),
    ("superset__superset.json", 1),
    ("temporal__openapiv3.yaml", 122),
    ("vimeo__api.yaml", 0),
    ("vonage__messages-olympus.yaml", 0),
];

fn corpus_dir() -> PathBuf {
    shared_dir().join("corpus")
}

fn read(file: &str) -> String {
    workspace_tests::read_text(&corpus_dir().join(file))
}

fn settings(file: &str) -> generator::Settings {
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file).replace("__", "-").replace(['.', '_'], "-").to_ascii_lowercase();
    generator::Settings { crate_name: format!("corpus-{stem}"), spec_label: format!("../shared/corpus/{file}"), ..Default::default() }
}

/// Every file of the corpus is listed above, so a new document cannot go untested.
#[test]
fn every_corpus_document_is_listed() {
    let mut on_disk: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("../shared/corpus exists")
        .flatten()
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| n.ends_with(".json") || n.ends_with(".yaml"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = GENERATES.iter().map(|(f, _)| (*f).to_owned()).collect();
    listed.sort();
    assert_eq!(on_disk, listed, "tests/tests/corpus.rs lists exactly the documents of ../shared/corpus");
}

/// The 31 documents generate, on two threads.
#[test]
fn every_document_generates_with_its_recorded_warnings() {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((file, expected)) = GENERATES.get(i) else { break };
                    let outcome = match generator::generate(&read(file), &settings(file)) {
                        Ok(generated) => {
                            let warnings: Vec<String> = generated.warnings.warnings().map(ToString::to_string).collect();
                            if warnings.len() == *expected { Ok(()) } else { Err(format!("{file}: {} warning(s), recorded {expected}:\n{}", warnings.len(), warnings.join("\n"))) }
                        }
                        Err(diagnostics) => Err(format!("{file} does not generate:\n{diagnostics}")),
                    };
                    results.lock().expect("not poisoned").push(outcome);
                }
            });
        }
    });
    let failures: Vec<String> = results.into_inner().expect("not poisoned").into_iter().filter_map(Result::err).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
