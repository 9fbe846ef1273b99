//! Reads a spec, runs the generator, and writes the crate or checks it for drift.

use crate::owned;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Command-line options of `codegen`.
#[derive(Debug)]
pub struct Options {
    spec: PathBuf,
    out: PathBuf,
    name: String,
    version: Option<String>,
    check: bool,
    force: bool,
    bump: bool,
    /// Manifest metadata that overrides what the spec says (`--license`, `--repository`, `--homepage`).
    license: Option<String>,
    repository: Option<String>,
    homepage: Option<String>,
    strict: bool,
}

impl Options {
    /// Parses the arguments after `codegen`.
    pub fn parse(args: &[String]) -> Result<Self, String> {
        let root = workspace_root();
        let mut options = Options { spec: root.join("spec/optimove.yaml"), out: root.join("generated-client"), name: "optimove-client".into(), version: None, check: false, force: false, bump: false, license: None, repository: None, homepage: None, strict: false };
        let mut iter = args.iter();
        while let Some(arg) = iter.next() {
            let mut value = |flag: &str| iter.next().cloned().ok_or_else(|| format!("{flag} needs a value"));
            match arg.as_str() {
                "--check" => options.check = true,
                "--force" => options.force = true,
                "--bump" => options.bump = true,
                "--strict" => options.strict = true,
                "--spec" => options.spec = PathBuf::from(value("--spec")?),
                "--out" => options.out = PathBuf::from(value("--out")?),
                "--name" => options.name = value("--name")?,
                "--version" => options.version = Some(value("--version")?),
                "--license" => options.license = Some(value("--license")?),
                "--repository" => options.repository = Some(value("--repository")?),
                "--homepage" => options.homepage = Some(value("--homepage")?),
                other => return Err(format!("unknown argument `{other}`")),
            }
        }
        if options.bump && options.version.is_some() {
            return Err("--bump and --version both set the version; give one".into());
        }
        generator::validate_crate_name(&options.name).map_err(|e| format!("--name: {e}"))?;
        Ok(options)
    }
}

impl Options {
    /// The command that regenerates this crate: `cargo xtask codegen` and every flag that differs
    /// from its default. Every generated file's header names it, so a reader of a crate made with
    /// `--spec/--out/--name` is not sent to regenerate the Optimove client instead. The version is
    /// left out: a plain regeneration keeps the crate's version.
    pub fn regenerate_command(&self) -> String {
        let root = workspace_root();
        let relative = |path: &Path| path.strip_prefix(&root).unwrap_or(path).display().to_string();
        let mut command = String::from("cargo xtask codegen");
        if self.spec != root.join("spec/optimove.yaml") {
            command.push_str(&format!(" --spec {}", relative(&self.spec)));
        }
        if self.out != root.join("generated-client") {
            command.push_str(&format!(" --out {}", relative(&self.out)));
        }
        if self.name != "optimove-client" {
            command.push_str(&format!(" --name {}", self.name));
        }
        for (flag, value) in [("--license", &self.license), ("--repository", &self.repository), ("--homepage", &self.homepage)] {
            if let Some(value) = value {
                command.push_str(&format!(" {flag} {value}"));
            }
        }
        command
    }
}

/// The workspace root (the xtask crate's parent).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

/// Runs codegen; the exit code says whether it worked (or, with --check, whether it is fresh).
pub fn run(options: &Options) -> ExitCode {
    let text = match std::fs::read_to_string(&options.spec) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", options.spec.display());
            return ExitCode::FAILURE;
        }
    };
    let label = options.spec.strip_prefix(workspace_root()).unwrap_or(&options.spec).display().to_string();
    let version = match crate_version(options, &text) {
        Ok(v) => v,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let settings = generator::Settings { crate_name: options.name.clone(), crate_version: version, spec_label: label.clone(), strict: options.strict };
    let metadata = generator::Metadata { license: options.license.clone(), repository: options.repository.clone(), homepage: options.homepage.clone(), regenerate: Some(options.regenerate_command()) };
    let generated = match generator::generate_with(&text, &settings, &metadata) {
        Ok(g) => g,
        Err(diagnostics) => {
            eprintln!("{label}: cannot generate a client:\n\n{diagnostics}");
            return ExitCode::FAILURE;
        }
    };
    let warnings = generated.warnings.warnings().count();
    for warning in generated.warnings.warnings() {
        eprintln!("{label}: {warning}");
    }
    if options.check {
        return check(options, &generated.files);
    }
    match owned::write(&options.out, &generated.files, options.force) {
        Ok(done) => {
            eprintln!("{}", summary(&options.out, &done, warnings));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A directory as reports name it: relative to the workspace when inside it.
fn shown(dir: &Path) -> String {
    dir.strip_prefix(workspace_root()).unwrap_or(dir).display().to_string()
}

/// The closing summary of a write: counts, then the paths that changed and the files kept.
fn summary(out: &Path, done: &owned::Written, warnings: usize) -> String {
    let mut text = format!(
        "{}: {} written, {} unchanged, {} removed, {} warning(s)",
        shown(out),
        done.written.len(),
        done.unchanged,
        done.removed.len(),
        warnings
    );
    // Long lists (a first generation writes every file) would bury the counts.
    for (label, paths) in [("written", &done.written), ("removed", &done.removed), ("kept (not generated)", &done.kept)] {
        if paths.is_empty() {
            continue;
        }
        let shown: Vec<&str> = paths.iter().take(10).map(String::as_str).collect();
        let more = if paths.len() > shown.len() { format!(" and {} more", paths.len() - shown.len()) } else { String::new() };
        text.push_str(&format!("\n  {label}: {}{more}", shown.join(", ")));
    }
    text
}

/// The version to generate: `--version`, else (with `--bump`) the committed version bumped by
/// the API diff against the committed spec, else the version the crate already has (so a plain
/// regeneration never resets a bumped version), else 0.1.0.
fn crate_version(options: &Options, spec_text: &str) -> Result<String, String> {
    if let Some(v) = &options.version {
        return Ok(v.clone());
    }
    let on_disk = std::fs::read_to_string(options.out.join("Cargo.toml")).ok().filter(|_| owned::has_marker(&options.out.join("Cargo.toml")));
    let current = on_disk.as_deref().and_then(package_version).unwrap_or_else(|| "0.1.0".into());
    if !options.bump {
        return Ok(current);
    }
    crate::diff::bump(&options.spec, &options.out, spec_text, &current)
}

/// `version = "..."` of a manifest's `[package]` table (the generated manifest writes it on one line).
pub fn package_version(manifest: &str) -> Option<String> {
    let package = manifest.split("\n[").find(|t| t.trim_start_matches('[').starts_with("package]"))?;
    package.lines().find_map(|l| l.trim().strip_prefix("version = \"").and_then(|r| r.strip_suffix('"')).map(str::to_owned))
}

fn check(options: &Options, files: &std::collections::BTreeMap<String, String>) -> ExitCode {
    let problems = drift(&options.out, files);
    if problems.is_empty() {
        eprintln!("{} is fresh ({} files)", shown(&options.out), files.len());
        ExitCode::SUCCESS
    } else {
        eprintln!("{} is out of date:\n  {}\n\nrun `{}` and commit the result", shown(&options.out), problems.join("\n  "), options.regenerate_command());
        ExitCode::FAILURE
    }
}

/// How `out` differs from `files`: stale and missing generated files, and extra files the
/// generator owns but no longer generates. Files it does not own are not its business.
fn drift(out: &Path, files: &std::collections::BTreeMap<String, String>) -> Vec<String> {
    let scan = owned::scan(out);
    let mut problems = Vec::new();
    for (path, content) in files {
        match std::fs::read_to_string(out.join(path)) {
            Ok(current) if &current == content => {}
            Ok(_) if scan.foreign.contains(path) => problems.push(format!("stale:   {path} was not written by the generator (no header) and differs")),
            Ok(_) => problems.push(format!("stale:   {path} differs from what the spec generates")),
            Err(_) => problems.push(format!("missing: {path}")),
        }
    }
    for extra in scan.owned.iter().filter(|p| !files.contains_key(*p)) {
        problems.push(format!("extra:   {extra} is not generated by the spec any more"));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_reports_stale_missing_and_extra_generated_files_only() {
        let dir = std::env::temp_dir().join(format!("xtask-drift-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let text = std::fs::read_to_string(workspace_root().join("tests/fixtures/enums.yaml")).expect("fixture");
        let files = generator::generate(&text, &generator::Settings::default()).expect("generates").files;
        owned::write(&dir, &files, false).expect("writes");
        assert!(drift(&dir, &files).is_empty());
        std::fs::write(dir.join("src/client.rs"), format!("// {} by hand\n", generator::emit::GENERATED_MARKER)).expect("edit");
        std::fs::remove_file(dir.join("src/types.rs")).expect("remove");
        std::fs::write(dir.join("src/api/old.rs"), format!("// {}\n", generator::emit::GENERATED_MARKER)).expect("extra");
        std::fs::write(dir.join("NOTES.md"), "mine").expect("foreign");
        let problems = drift(&dir, &files);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(problems.len(), 3, "{problems:#?}");
        assert!(problems[0].starts_with("stale:   src/client.rs"), "{problems:#?}");
        assert!(problems[1].starts_with("missing: src/types.rs"), "{problems:#?}");
        assert!(problems[2].starts_with("extra:   src/api/old.rs"), "{problems:#?}");
    }

    #[test]
    fn package_version_reads_the_package_table_only() {
        let manifest = "# header\n[package]\nname = \"x\"\nversion = \"0.3.1\"\n\n[dependencies]\nserde = { version = \"1\" }\n";
        assert_eq!(package_version(manifest).as_deref(), Some("0.3.1"));
        assert_eq!(package_version("[dependencies]\nversion = \"1\"\n"), None);
    }
}
