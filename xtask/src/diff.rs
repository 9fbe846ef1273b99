//! `cargo xtask diff OLD NEW [--format text|json] [--fail-on breaking] [--crate-version V]`:
//! what a spec change does to the generated crate's Rust API, and the version it needs.
//! Also the version arithmetic behind `cargo xtask codegen --bump`.

use crate::codegen::{package_version, workspace_root};
use generator::changes::{self, Level, report::Report};
use std::path::Path;
use std::process::{Command, ExitCode};

pub const USAGE: &str = "cargo xtask diff OLD NEW [--format text|json] [--fail-on breaking] [--crate-version X.Y.Z]
  OLD, NEW           a spec file, or REV:PATH read with `git show` (e.g. HEAD:spec/optimove.yaml)
  --format           text (default) or json
  --fail-on breaking exit with 1 when a change breaks Rust callers (for CI)
  --crate-version V  version the verdict starts from   default: generated-client/Cargo.toml";

struct Options {
    old: String,
    new: String,
    json: bool,
    fail_on_breaking: bool,
    version: Option<String>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut specs = Vec::new();
    let mut options = Options { old: String::new(), new: String::new(), json: false, fail_on_breaking: false, version: None };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| iter.next().cloned().ok_or_else(|| format!("{flag} needs a value"));
        match arg.as_str() {
            "--format" => match value("--format")?.as_str() {
                "text" => options.json = false,
                "json" => options.json = true,
                other => return Err(format!("--format is text or json, not `{other}`")),
            },
            "--fail-on" => match value("--fail-on")?.as_str() {
                "breaking" => options.fail_on_breaking = true,
                other => return Err(format!("--fail-on takes `breaking`, not `{other}`")),
            },
            "--crate-version" => options.version = Some(value("--crate-version")?),
            flag if flag.starts_with("--") => return Err(format!("unknown argument `{flag}`")),
            spec => specs.push(spec.to_owned()),
        }
    }
    let [old, new] = <[String; 2]>::try_from(specs).map_err(|s| format!("diff takes two specs (OLD NEW), got {}", s.len()))?;
    (options.old, options.new) = (old, new);
    Ok(options)
}

/// A spec's text: a file if one exists at `source`, else `REV:PATH` through `git show`
/// (PATH relative to the repository root).
pub fn read_source(source: &str) -> Result<String, String> {
    let path = Path::new(source);
    if path.is_file() {
        return std::fs::read_to_string(path).map_err(|e| format!("cannot read {source}: {e}"));
    }
    let Some((rev, file)) = source.split_once(':') else {
        return Err(format!("{source}: no such file (and not REV:PATH)"));
    };
    git_show(rev, file)
}

fn git_show(rev: &str, file: &str) -> Result<String, String> {
    let output = Command::new("git").arg("show").arg(format!("{rev}:{file}")).current_dir(workspace_root()).output().map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!("git show {rev}:{file} failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    String::from_utf8(output.stdout).map_err(|_| format!("{rev}:{file} is not UTF-8"))
}

fn load(label: &str, text: &str) -> Result<changes::Spec, String> {
    changes::load(text).map_err(|d| format!("{label}: cannot read the spec:\n\n{d}"))
}

/// Runs `diff`.
pub fn run(args: &[String]) -> ExitCode {
    let options = match parse(args) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("error: {message}\n\nusage: {USAGE}");
            return ExitCode::from(2);
        }
    };
    let specs = read_source(&options.old).and_then(|t| load(&options.old, &t)).and_then(|old| Ok((old, read_source(&options.new).and_then(|t| load(&options.new, &t))?)));
    let (old, new) = match specs {
        Ok(pair) => pair,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let version = options.version.clone().unwrap_or_else(|| {
        std::fs::read_to_string(workspace_root().join("generated-client/Cargo.toml")).ok().as_deref().and_then(package_version).unwrap_or_else(|| "0.1.0".into())
    });
    let diff = changes::diff(&old, &new);
    let next_version = match changes::next_version(&version, diff.level) {
        Ok(v) => v,
        Err(message) => {
            eprintln!("error: --crate-version: {message}");
            return ExitCode::from(2);
        }
    };
    let report = Report { old: &options.old, new: &options.new, version: &version, next_version, diff: &diff };
    let text = if options.json { format!("{}\n", report.json()) } else { report.text() };
    // A closed pipe (`| head`) is the reader's choice, not an error worth a panic.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
    if options.fail_on_breaking && diff.breaking() > 0 {
        eprintln!("{} breaking change(s) (--fail-on breaking)", diff.breaking());
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

/// `codegen --bump`: the committed crate version (HEAD:OUT/Cargo.toml, else `current`) bumped by
/// the diff between the committed spec (HEAD:SPEC) and `spec_text`.
pub fn bump(spec: &Path, out: &Path, spec_text: &str, current: &str) -> Result<String, String> {
    let root = workspace_root();
    let rel = |p: &Path| -> Result<String, String> {
        let absolute = std::path::absolute(p).map_err(|e| format!("{}: {e}", p.display()))?;
        absolute.strip_prefix(&root).map(|r| r.to_string_lossy().replace('\\', "/")).map_err(|_| format!("--bump compares with the last commit, so {} must be inside the repository", p.display()))
    };
    let spec_rel = rel(spec)?;
    let base = match rel(out).and_then(|o| git_show("HEAD", &format!("{o}/Cargo.toml"))) {
        Ok(manifest) => package_version(&manifest).unwrap_or_else(|| current.to_owned()),
        Err(_) => current.to_owned(),
    };
    let committed = match git_show("HEAD", &spec_rel) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("--bump: no committed spec to compare with ({e}); keeping version {base}");
            return Ok(base);
        }
    };
    let old = load(&format!("HEAD:{spec_rel}"), &committed)?;
    let new = load(&spec_rel, spec_text)?;
    let diff = changes::diff(&old, &new);
    let next = changes::next_version(&base, diff.level)?;
    let why = match diff.level {
        Level::Major => format!("{} breaking change(s)", diff.breaking()),
        Level::Minor => format!("{} compatible change(s)", diff.changes.len()),
        Level::Patch => format!("the Rust API is unchanged, {} wire note(s)", diff.wire_notes.len()),
        Level::None => "the spec is the committed one".to_owned(),
    };
    eprintln!("--bump: version {base} -> {next} ({} against HEAD:{spec_rel}: {why}; details: cargo xtask diff HEAD:{spec_rel} {spec_rel})", diff.level.as_str());
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn arguments_are_checked() {
        let o = parse(&args(&["HEAD:spec/optimove.yaml", "spec/optimove.yaml", "--format", "json", "--fail-on", "breaking"])).expect("valid");
        assert!(o.json && o.fail_on_breaking && o.old == "HEAD:spec/optimove.yaml");
        for bad in [&["a.yaml"][..], &["a", "b", "c"], &["a", "b", "--format", "xml"], &["a", "b", "--fail-on", "minor"], &["a", "b", "--format"], &["a", "b", "--frobnicate"]] {
            assert!(parse(&args(bad)).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn sources_are_files_or_git_revisions() {
        let committed = read_source("HEAD:spec/optimove.yaml").expect("the spec is committed");
        assert!(committed.contains("openapi:"));
        let missing = read_source("HEAD:no/such/spec.yaml").expect_err("not in git");
        assert!(missing.contains("git show HEAD:no/such/spec.yaml failed"), "{missing}");
        assert!(read_source("no-such-file.yaml").expect_err("no file").contains("no such file"));
    }
}
