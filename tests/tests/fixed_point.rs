//! Every generated Rust file is a fixed point of prettyplease: formatting it again changes no
//! byte. The emitters write some files as text in prettyplease's layout instead of formatting
//! tokens (`generator/src/emit/text.rs`); this checks that layout, together with the fallback,
//! for every fixture and every `../shared/corpus` and `../shared/specs` document (read in place),
//! so it holds beyond the documents whose output is compared byte for byte.

use std::path::{Path, PathBuf};
use workspace_tests::{read_text, shared_dir, workspace_root};

/// Every document the tests know: the fixtures (not `invalid/`), the corpus and the specs.
fn documents() -> Vec<PathBuf> {
    let dirs = [workspace_root().join("tests/fixtures"), shared_dir().join("corpus"), shared_dir().join("specs")];
    let mut docs: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml"))
        .collect();
    docs.sort();
    docs
}

/// The problems of one document's generated Rust files (empty when each is a fixed point).
fn check(path: &Path) -> Vec<String> {
    let generated = match generator::generate(&read_text(path), &generator::Settings::default()) {
        Ok(generated) => generated,
        Err(diagnostics) => return vec![format!("{} does not generate:\n{diagnostics}", path.display())],
    };
    let mut problems = Vec::new();
    // The runtime is hand-written (inlined into one file as it is); everything else is emitted.
    for (file, text) in generated.files.iter().filter(|(f, _)| f.ends_with(".rs") && *f != "src/runtime.rs") {
        // The `@generated` header is a plain comment, which syn does not keep.
        let body = text.split_once('\n').map_or("", |(_, rest)| rest);
        let again = match syn::parse_file(body) {
            Ok(tree) => prettyplease::unparse(&tree),
            Err(e) => {
                problems.push(format!("{} {file} does not parse: {e}", path.display()));
                continue;
            }
        };
        if again != body {
            let line = body.lines().zip(again.lines()).position(|(a, b)| a != b).unwrap_or_else(|| body.lines().count().min(again.lines().count()));
            let shown = |t: &str| t.lines().skip(line.saturating_sub(2)).take(5).collect::<Vec<_>>().join("\n");
            problems.push(format!("{} {file}: prettyplease changes line {}:\nwritten:\n{}\nprettyplease:\n{}", path.display(), line + 2, shown(body), shown(&again)));
        }
    }
    problems
}

#[test]
fn every_generated_file_is_a_prettyplease_fixed_point() {
    let docs = documents();
    assert!(docs.len() > 50, "fixtures, corpus and specs are all found: {}", docs.len());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let problems = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..std::thread::available_parallelism().map_or(2, |n| n.get()) {
            scope.spawn(|| {
                while let Some(path) = docs.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed)) {
                    let found = check(path);
                    problems.lock().expect("not poisoned").extend(found);
                }
            });
        }
    });
    let problems = problems.into_inner().expect("not poisoned");
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
