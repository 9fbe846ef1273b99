//! Shared parts of the benchmarks (`cargo bench -p optimove-benches`, or `cargo xtask bench`):
//! a counting allocator for memory peaks, a small harness, synthetic specs, whole-process runs of
//! the generators and a loopback server.
//!
//! The figures and how to reproduce them are in README.md, section Performance.

pub mod alloc;
pub mod generation;
pub mod harness;
pub mod process;
pub mod server;
pub mod synthetic;

use std::path::PathBuf;

/// The workspace root (this crate's parent).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default()
}

/// The largest document in `../shared/specs` (the real-world test specs, read in place, never
/// copied into the project), as (file name, text); `None` when that folder is not there.
pub fn largest_shared_spec() -> Option<(String, String)> {
    let dir = workspace_root().join("../shared/specs");
    let largest = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json" || x == "yaml" || x == "yml"))
        .max_by_key(|e| e.metadata().map(|m| m.len()).unwrap_or(0))?;
    let text = std::fs::read_to_string(largest.path()).ok()?;
    Some((largest.file_name().to_string_lossy().into_owned(), text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_specs_generate_without_problems() {
        let text = synthetic::spec(12);
        let generated = generator::generate(&text, &generator::Settings::default()).unwrap_or_else(|d| panic!("{d}"));
        assert!(generated.warnings.warnings().next().is_none(), "{}", generated.warnings);
        let doc = generator::parse(&text).expect("parses");
        let shape = synthetic::shape(12);
        assert_eq!(doc.paths.paths.len(), shape.paths);
        assert_eq!(doc.components.map(|c| c.schemas.len()), Some(shape.schemas));
        assert_eq!(generated.files.keys().filter(|p| p.starts_with("src/api/") && !p.ends_with("mod.rs")).count(), shape.tags);
    }

    #[test]
    fn query_params_are_found_encoded_or_not() {
        assert_eq!(server::query_param("/p?a=1&%24skip=20&$top=5", "$skip"), Some(20));
        assert_eq!(server::query_param("/p?a=1&%24skip=20&$top=5", "$top"), Some(5));
        assert_eq!(server::query_param("/p", "$top"), None);
    }

    #[test]
    fn median_ratio_pairs_rounds_and_skips_zero_denominators() {
        let ms = |v: &[u64]| v.iter().map(|&m| std::time::Duration::from_millis(m)).collect::<Vec<_>>();
        // Per-round ratios 0.5, 3.0, 1.0: the median is 1.0, not the ratio of the medians (20 / 20).
        assert_eq!(harness::median_ratio(&ms(&[10, 30, 20]), &ms(&[20, 10, 20])), Some(1.0));
        // Even count: the mean of the middle two (ratios 1.0 and 2.0; the zero round is left out).
        assert_eq!(harness::median_ratio(&ms(&[10, 40, 5]), &ms(&[10, 20, 0])), Some(1.5));
        assert_eq!(harness::median_ratio(&ms(&[10]), &ms(&[0])), None);
        assert_eq!(harness::median_ratio(&[], &[]), None);
    }
}
