//! `cargo xtask bench [generate] [generate_memory] [client] [compile] [tag_features]`: runs the benchmarks of the
//! `optimove-benches` crate (all of them when none is named) in release mode, one after the other,
//! so that one command reproduces every figure of README.md's Performance section.

use std::path::Path;
use std::process::{Command, ExitCode};

/// The bench targets of benches/Cargo.toml, in the order they run.
const BENCHES: [&str; 5] = ["generate", "generate_memory", "client", "compile", "tag_features"];

/// Runs the named benches (or all); the exit code says whether every one of them ran.
pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let unknown: Vec<&String> = args.iter().filter(|a| !BENCHES.contains(&a.as_str())).collect();
    if !unknown.is_empty() {
        eprintln!("error: unknown bench {unknown:?}; choose from {BENCHES:?}");
        return ExitCode::from(2);
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    for name in BENCHES.iter().filter(|b| args.is_empty() || args.iter().any(|a| a == *b)) {
        eprintln!("==> cargo bench -p optimove-benches --bench {name}");
        let status = Command::new(&cargo).args(["bench", "--quiet", "-p", "optimove-benches", "--bench", name]).current_dir(root).status();
        match status {
            Ok(s) if s.success() => {}
            Ok(s) => {
                eprintln!("xtask bench: `{name}` failed ({s})");
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("xtask bench: cannot run cargo: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
