//! The inputs of the generation benchmarks (`generate` for time, `generate_memory` for heap):
//! the real documents and the synthetic family, built the same way for both.

use crate::{largest_shared_spec, synthetic, workspace_root};

/// One document to generate from.
#[derive(Debug, Clone)]
pub struct Input {
    /// How the tables name it.
    pub name: String,
    /// The document.
    pub text: String,
    /// Operations of a member of the synthetic scaling family.
    pub synthetic_ops: Option<usize>,
    /// Number of paths.
    pub paths: usize,
    /// Number of operations.
    pub operations: usize,
    /// Number of component schemas.
    pub schemas: usize,
}

impl Input {
    fn new(name: impl Into<String>, text: String, synthetic_ops: Option<usize>) -> Self {
        let doc = generator::parse(&text).unwrap_or_else(|d| panic!("benchmark input does not parse:\n{d}"));
        let schemas = doc.components.as_ref().map_or(0, |c| c.schemas.len());
        Input { name: name.into(), paths: doc.paths.paths.len(), operations: doc.operations().count(), schemas, text, synthetic_ops }
    }
}

/// The largest OpenAPI 3.0 documents of `../shared/corpus`.
pub const LARGEST_CORPUS: [&str; 2] = ["sentry__openapi-derefed.json", "plaid__plaid-2020-09-14.yaml"];

/// Under `cargo bench`: spec/optimove.yaml, the largest document in ../shared/specs, the
/// synthetic target (130 operations), the largest corpus documents and the family (100, 1 000, 10 000 operations). For the
/// smoke run under `cargo test` (unoptimised), two tiny synthetic documents. Arguments that do
/// not start with `--` keep only the inputs whose name contains one of them.
pub fn inputs(bench: bool) -> Vec<Input> {
    let family: &[usize] = if bench { &[100, 1_000, 10_000] } else { &[3, 30] };
    let mut inputs = Vec::new();
    if bench {
        let optimove = std::fs::read_to_string(workspace_root().join("spec/optimove.yaml")).expect("spec/optimove.yaml");
        inputs.push(Input::new("spec/optimove.yaml", optimove, None));
        match largest_shared_spec() {
            Some((name, text)) => inputs.push(Input::new(format!("shared/specs/{name} (largest)"), text, None)),
            None => println!("(../shared/specs not found: skipping the largest shared spec)"),
        }
        inputs.push(Input::new("synthetic target (130 ops)", synthetic::spec(130), None));
        // The largest OpenAPI 3.0 documents of the real-world corpus (3-4 MB), whose whole-process
        // time has a goal of its own (the `process` table of the generate bench).
        for name in LARGEST_CORPUS {
            match std::fs::read_to_string(workspace_root().join("../shared/corpus").join(name)) {
                Ok(text) => inputs.push(Input::new(format!("corpus/{name}"), text, None)),
                Err(_) => println!("(../shared/corpus/{name} not found: skipping it)"),
            }
        }
    }
    for &n in family {
        inputs.push(Input::new(format!("synthetic {n} ops"), synthetic::spec(n), Some(n)));
    }
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    inputs.retain(|x| filters.is_empty() || filters.iter().any(|f| x.name.contains(f.as_str())));
    inputs
}

/// The whole pipeline, as `cargo xtask codegen` runs it.
pub fn generate(text: &str) -> generator::Generated {
    generator::generate(text, &generator::Settings::default()).unwrap_or_else(|d| panic!("benchmark input does not generate:\n{d}"))
}
