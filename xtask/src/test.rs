//! `cargo xtask test`: the project's one test command. Installs the pinned npm tools
//! (Redocly, Prism) when node_modules does not match package-lock.json, checks generated code
//! for drift, runs every test with one shared target directory, and lints the workspace and the
//! generated client with warnings denied. Every step runs even when an earlier one failed, and a
//! summary table of results and times closes the run.

use sha2::{Digest, Sha256};
use std::path::Path;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// Where `npm ci` leaves the sha256 of the package-lock.json it installed from.
const LOCK_STAMP: &str = "node_modules/.optimove-rs-lock.sha256";

/// How one step ended.
enum Outcome {
    Passed,
    Failed(String),
    Skipped(String),
}

struct StepResult {
    name: String,
    outcome: Outcome,
    took: Duration,
}

/// Runs a command as one step, echoing its name first.
fn run_step(name: &str, command: &mut Command) -> StepResult {
    eprintln!("\n==> {name}");
    let started = Instant::now();
    let outcome = match command.status() {
        Ok(status) if status.success() => Outcome::Passed,
        Ok(status) => Outcome::Failed(status.to_string()),
        Err(e) => Outcome::Failed(format!("cannot run: {e}")),
    };
    StepResult { name: name.to_owned(), outcome, took: started.elapsed() }
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The sha256 of package-lock.json, or None when the project has no lock.
fn lock_hash(root: &Path) -> Option<String> {
    std::fs::read(root.join("package-lock.json")).ok().map(|bytes| sha256_hex(&bytes))
}

/// True when node_modules was installed by `npm ci` from exactly this package-lock.json. The
/// stamp is ours, written after a successful install: npm's own `.package-lock.json` leaves out
/// optional packages of other platforms, so it never equals the lock.
fn npm_fresh(root: &Path, wanted: &str) -> bool {
    std::fs::read_to_string(root.join(LOCK_STAMP)).is_ok_and(|stamp| stamp.trim() == wanted)
}

/// Installs the npm tools from the lock when node_modules does not match it.
fn npm_step(root: &Path) -> StepResult {
    let name = "npm ci (Redocly CLI, Prism)";
    let Some(wanted) = lock_hash(root) else {
        return StepResult { name: name.into(), outcome: Outcome::Failed("package-lock.json is missing".into()), took: Duration::ZERO };
    };
    if npm_fresh(root, &wanted) {
        eprintln!("==> {name}: node_modules matches package-lock.json ({}), not reinstalled", &wanted[..12]);
        return StepResult { name: name.into(), outcome: Outcome::Skipped("node_modules matches the lock".into()), took: Duration::ZERO };
    }
    let result = run_step(name, Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(root));
    if matches!(result.outcome, Outcome::Passed) {
        if let Err(e) = std::fs::write(root.join(LOCK_STAMP), format!("{wanted}\n")) {
            eprintln!("xtask test: cannot record the installed lock in {LOCK_STAMP}: {e}");
        }
    }
    result
}

/// `codegen --check` in this process: the generator is already compiled into xtask.
fn freshness_step() -> StepResult {
    let name = "codegen --check (generated-client matches spec/optimove.yaml)";
    eprintln!("\n==> {name}");
    let started = Instant::now();
    let outcome = match crate::codegen::Options::parse(&["--check".to_owned()]) {
        Ok(options) if crate::codegen::run(&options) == ExitCode::SUCCESS => Outcome::Passed,
        Ok(_) => Outcome::Failed("generated-client is out of date".into()),
        Err(e) => Outcome::Failed(e),
    };
    StepResult { name: name.into(), outcome, took: started.elapsed() }
}

/// Prints the summary table and says whether every step passed.
fn summary(results: &[StepResult], total: Duration) -> bool {
    let width = results.iter().map(|r| r.name.len()).max().unwrap_or(4).max(4);
    eprintln!("\nxtask test summary");
    eprintln!("| {:width$} | result  | time     |", "step");
    eprintln!("|-{:-<width$}-|---------|----------|", "");
    for r in results {
        let (word, detail) = match &r.outcome {
            Outcome::Passed => ("passed", String::new()),
            Outcome::Failed(why) => ("FAILED", format!(" ({why})")),
            Outcome::Skipped(why) => ("skipped", format!(" ({why})")),
        };
        eprintln!("| {:width$} | {word:7} | {:>7.1}s |{detail}", r.name, r.took.as_secs_f64());
    }
    let failed = results.iter().filter(|r| matches!(r.outcome, Outcome::Failed(_))).count();
    let passed = results.iter().filter(|r| matches!(r.outcome, Outcome::Passed)).count();
    let skipped = results.len() - failed - passed;
    eprintln!("\nall steps took {:.1}s", total.as_secs_f64());
    eprintln!("steps: {passed} passed, {failed} failed, {skipped} skipped");
    failed == 0
}

/// Runs the whole suite: every step, then the summary.
pub fn run(root: &Path, extra: &[String]) -> ExitCode {
    let started = Instant::now();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut results = vec![npm_step(root), freshness_step()];
    let mut cargo_step = |name: &str, args: &[&str], extra: &[String], env: &[(&str, &str)]| {
        let mut command = Command::new(&cargo);
        command.args(args).current_dir(root);
        if !extra.is_empty() {
            command.arg("--").args(extra);
        }
        for (key, value) in env {
            command.env(key, value);
        }
        results.push(run_step(name, &mut command));
    };
    cargo_step("cargo test (every crate and test binary)", &["test", "--workspace", "--all-targets", "--no-fail-fast"], extra, &[]);
    cargo_step("doc tests", &["test", "--workspace", "--doc", "--no-fail-fast"], &[], &[]);
    cargo_step("clippy (whole workspace, warnings denied)", &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[], &[]);
    // Every crate, and with the examples selected so that Cargo resolves features as for the
    // clippy step above (dev-dependencies on): `doc -p optimove-client` alone resolved features
    // for that crate only and checked ~100 dependencies a second time.
    cargo_step("rustdoc (every crate, generated client included, warnings denied)", &["doc", "--workspace", "--no-deps", "--lib", "--bins", "--examples"], &[], &[("RUSTDOCFLAGS", "-D warnings")]);
    if summary(&results, started.elapsed()) { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
