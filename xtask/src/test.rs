//! `cargo xtask test`: the project's one test command. Installs the pinned npm tools
//! (Redocly, Prism) when missing, checks generated code for drift, runs every test
//! with one shared target directory, and lints the generated client with warnings denied.

use std::path::Path;
use std::process::{Command, ExitCode};

fn step(name: &str, command: &mut Command) -> bool {
    eprintln!("==> {name}");
    match command.status() {
        Ok(status) if status.success() => true,
        Ok(status) => {
            eprintln!("xtask test: `{name}` failed ({status})");
            false
        }
        Err(e) => {
            eprintln!("xtask test: cannot run `{name}`: {e}");
            false
        }
    }
}

/// True when node_modules matches package-lock.json (npm writes its own copy of the lock).
fn npm_fresh(root: &Path) -> bool {
    let installed = std::fs::read(root.join("node_modules/.package-lock.json")).ok();
    let wanted = std::fs::read(root.join("package-lock.json")).ok();
    match (installed, wanted) {
        (Some(_), None) => true,
        (Some(i), Some(w)) => {
            let packages = |bytes: &[u8]| String::from_utf8_lossy(bytes).lines().filter(|l| l.contains("\"version\"")).count();
            packages(&i) + 1 >= packages(&w)
        }
        _ => false,
    }
}

/// Runs the whole suite.
pub fn run(root: &Path, extra: &[String]) -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    if !npm_fresh(root) && !step("npm ci (Redocly CLI, Prism)", Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(root)) {
        return ExitCode::FAILURE;
    }
    let steps: Vec<(&str, Vec<&str>)> = vec![
        ("codegen --check", vec!["run", "--quiet", "--package", "xtask", "--", "codegen", "--check"]),
        ("cargo test --workspace", vec!["test", "--workspace", "--all-targets"]),
        ("doc tests", vec!["test", "--workspace", "--doc"]),
        ("clippy (whole workspace, generated client included, warnings denied)", vec!["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"]),
        ("rustdoc (generated client, warnings denied)", vec!["doc", "--package", "optimove-client", "--no-deps"]),
    ];
    for (name, args) in steps {
        let mut command = Command::new(&cargo);
        command.args(&args).current_dir(root);
        if name.starts_with("cargo test") {
            command.args(["--"]).args(extra);
        }
        if name.starts_with("rustdoc") {
            command.env("RUSTDOCFLAGS", "-D warnings");
        }
        if !step(name, &mut command) {
            return ExitCode::FAILURE;
        }
    }
    eprintln!("xtask test: all steps passed");
    ExitCode::SUCCESS
}
