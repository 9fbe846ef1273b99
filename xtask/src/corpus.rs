//! `cargo xtask corpus [FILTER...] [--no-build]`: generates a crate from every document of
//! `../shared/corpus` and `../shared/specs` whose file name contains a FILTER (all when none),
//! writes them into ONE temporary workspace outside the project, checks them with ONE
//! `cargo clippy --workspace --all-targets --keep-going -- -D warnings` run whose target
//! directory is `target/generated-crates`, and prints a table per document: generated?,
//! warnings, built?, generation time, check time, generated lines.
//!
//! Check time per crate comes from the same run: `--timings` writes cargo's unit table
//! (`cargo-timing.html`), which holds the duration of each unit; the check of a generated
//! crate's library and its test target are added up. Dependencies are shared by all crates,
//! so a first run on a new target directory also builds them (reported on their own line).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// One document and what happened to it.
struct Row {
    file: String,
    version: String,
    crate_name: Option<String>,
    outcome: Result<usize, String>,
    lines: usize,
    generation: Duration,
    built: Option<bool>,
    check: Option<Duration>,
    first_error: Option<String>,
}

/// The OpenAPI / Swagger version a document declares (for the table), read cheaply.
fn declared_version(text: &str) -> String {
    generator::source::read(text)
        .ok()
        .and_then(|v| v.get("openapi").or_else(|| v.get("swagger")).map(|x| x.as_str().map(str::to_owned).unwrap_or_else(|| x.to_string())))
        .unwrap_or_else(|| "?".into())
}

/// `adyen__checkout-v71.json` -> `corpus-adyen-checkout-v71`.
fn crate_name(prefix: &str, file: &str) -> String {
    let stem = file.rsplit_once('.').map(|(s, _)| s).unwrap_or(file);
    let mut name = format!("{prefix}-");
    for c in stem.chars() {
        let c = if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' };
        if !(c == '-' && name.ends_with('-')) {
            name.push(c);
        }
    }
    name.trim_end_matches('-').to_owned()
}

fn documents(shared: &Path, filters: &[String]) -> Vec<(String, String, PathBuf)> {
    let mut out = Vec::new();
    for (dir, prefix) in [("corpus", "corpus"), ("specs", "spec")] {
        let Ok(entries) = std::fs::read_dir(shared.join(dir)) else { continue };
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml" || e == "yml")).collect();
        files.sort();
        for path in files {
            let file = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            if filters.is_empty() || filters.iter().any(|f| file.contains(f.as_str())) {
                out.push((format!("{dir}/{file}"), crate_name(prefix, &file), path));
            }
        }
    }
    out
}

fn temp_workspace() -> PathBuf {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    std::env::temp_dir().join(format!("optimove-rs-corpus-{}-{nanos}", std::process::id()))
}

fn write_crate(dir: &Path, files: &BTreeMap<String, String>) -> std::io::Result<()> {
    for (relative, content) in files {
        let target = dir.join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&target, content)?;
    }
    Ok(())
}

/// Per-package check durations from cargo's `--timings` report.
fn unit_times(report: &Path) -> BTreeMap<String, Duration> {
    let mut out = BTreeMap::new();
    let Ok(html) = std::fs::read_to_string(report) else { return out };
    let Some(start) = html.find("const UNIT_DATA = ") else { return out };
    let rest = &html[start + "const UNIT_DATA = ".len()..];
    let Some(end) = rest.find(";\n") else { return out };
    let Ok(serde_json::Value::Array(units)) = serde_json::from_str::<serde_json::Value>(&rest[..end]) else { return out };
    for unit in units {
        let (Some(name), Some(duration)) = (unit.get("name").and_then(|n| n.as_str()), unit.get("duration").and_then(|d| d.as_f64())) else { continue };
        *out.entry(name.to_owned()).or_default() += Duration::from_secs_f64(duration);
    }
    out
}

fn seconds(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// Runs the corpus command.
pub fn run(root: &Path, args: &[String]) -> ExitCode {
    let mut filters: Vec<String> = Vec::new();
    let mut build = true;
    for arg in args {
        match arg.as_str() {
            "--no-build" => build = false,
            other if other.starts_with("--") => {
                eprintln!("error: unknown argument `{other}`\nusage: cargo xtask corpus [FILTER...] [--no-build]");
                return ExitCode::from(2);
            }
            other => filters.push(other.to_owned()),
        }
    }
    let shared = root.join("../shared");
    let docs = documents(&shared, &filters);
    if docs.is_empty() {
        eprintln!("error: no document in {} matches {filters:?}", shared.display());
        return ExitCode::FAILURE;
    }
    let started = Instant::now();
    let workspace = temp_workspace();
    let mut rows = Vec::new();
    for (file, name, path) in docs {
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        };
        let version = declared_version(&text);
        let settings = generator::Settings { crate_name: name.clone(), crate_version: "0.1.0".into(), spec_label: format!("../shared/{file}"), strict: false };
        let t = Instant::now();
        let result = generator::generate(&text, &settings);
        let generation = t.elapsed();
        let mut row = Row { file, version, crate_name: None, outcome: Ok(0), lines: 0, generation, built: None, check: None, first_error: None };
        match result {
            Ok(generated) => {
                row.lines = generated.files.values().map(|f| f.lines().count()).sum();
                row.outcome = Ok(generated.warnings.warnings().count());
                if let Err(e) = write_crate(&workspace.join(&name), &generated.files) {
                    eprintln!("error: cannot write {}: {e}", workspace.join(&name).display());
                    return ExitCode::FAILURE;
                }
                row.crate_name = Some(name);
            }
            Err(diags) => {
                let first = diags.errors().next().map(|d| d.message.clone()).unwrap_or_default();
                row.outcome = Err(format!("{} error(s): {first}", diags.errors().count()));
            }
        }
        eprintln!("generated {:<55} {}", row.file, match &row.outcome {
            Ok(w) => format!("{w} warning(s), {} lines, {}", row.lines, seconds(row.generation)),
            Err(e) => e.clone(),
        });
        rows.push(row);
    }
    let members: Vec<&str> = rows.iter().filter_map(|r| r.crate_name.as_deref()).collect();
    let mut dependencies = None;
    if build && !members.is_empty() {
        let list = members.iter().map(|m| format!("\"{m}\"")).collect::<Vec<_>>().join(", ");
        let manifest = format!("[workspace]\nresolver = \"3\"\nmembers = [{list}]\n");
        if let Err(e) = std::fs::write(workspace.join("Cargo.toml"), manifest).and_then(|_| std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).map(|_| ())) {
            eprintln!("error: cannot set up {}: {e}", workspace.display());
            return ExitCode::FAILURE;
        }
        let target = root.join("target/generated-crates");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        eprintln!("\ncargo clippy --workspace --all-targets --keep-going -- -D warnings ({} crates, target dir {})", members.len(), target.display());
        let t = Instant::now();
        let output = Command::new(cargo)
            .args(["clippy", "--workspace", "--all-targets", "--keep-going", "--timings", "--message-format=json", "--", "-D", "warnings"])
            .current_dir(&workspace)
            .env("CARGO_TARGET_DIR", &target)
            .env("CARGO_TERM_COLOR", "never")
            .env_remove("RUSTFLAGS")
            .stderr(Stdio::inherit())
            .output();
        let took = t.elapsed();
        let output = match output {
            Ok(o) => o,
            Err(e) => {
                eprintln!("error: cannot run cargo: {e}");
                return ExitCode::FAILURE;
            }
        };
        // Which packages had an error, and the first message of each; all of them go to a file.
        let mut failed: BTreeMap<String, String> = BTreeMap::new();
        let mut all_errors = String::new();
        for line in String::from_utf8_lossy(&output.stdout).lines() {
            let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else { continue };
            if message.get("reason").and_then(|r| r.as_str()) != Some("compiler-message") {
                continue;
            }
            let level = message.pointer("/message/level").and_then(|l| l.as_str()).unwrap_or_default();
            if level != "error" {
                continue;
            }
            let package = message.get("package_id").and_then(|p| p.as_str()).unwrap_or_default();
            let rendered = message.pointer("/message/rendered").and_then(|r| r.as_str()).unwrap_or_default();
            all_errors.push_str(&format!("== {package}\n{rendered}\n"));
            if let Some(member) = members.iter().find(|m| package.contains(&format!("/{m}#")) || package.contains(&format!("#{m}@"))) {
                failed.entry((*member).to_owned()).or_insert_with(|| rendered.lines().take(3).collect::<Vec<_>>().join(" / "));
            }
        }
        if !all_errors.is_empty() {
            let _ = std::fs::write(workspace.join("clippy-errors.txt"), &all_errors);
        }
        let times = unit_times(&target.join("cargo-timings/cargo-timing.html"));
        let member_lib_names: Vec<String> = members.iter().map(|m| m.replace('-', "_")).collect();
        let crate_total: Duration = times.iter().filter(|(n, _)| member_lib_names.iter().any(|m| m == *n) || members.iter().any(|m| m == *n)).map(|(_, d)| *d).sum();
        let dependency_total: Duration = times.iter().filter(|(n, _)| !(member_lib_names.iter().any(|m| m == *n) || members.iter().any(|m| m == *n))).map(|(_, d)| *d).sum();
        dependencies = Some((took, dependency_total, crate_total, output.status.success()));
        for row in &mut rows {
            let Some(name) = &row.crate_name else { continue };
            row.built = Some(!failed.contains_key(name) && (output.status.success() || !failed.is_empty()));
            row.first_error = failed.get(name).cloned();
            row.check = times.get(name).or_else(|| times.get(&name.replace('-', "_"))).copied();
        }
    }
    print_table(&rows);
    let total = started.elapsed();
    if let Some((took, dependency_total, crate_total, _)) = dependencies {
        println!(
            "\nclippy run: {} wall clock ({} of it in the generated crates, {} building dependencies, unit times summed over 2 jobs); whole command: {}",
            seconds(took),
            seconds(crate_total),
            seconds(dependency_total),
            seconds(total)
        );
    } else {
        println!("\nwhole command: {} (no build)", seconds(total));
    }
    let mut ok = true;
    for row in &rows {
        if is_supported(&row.version) && row.outcome.is_err() {
            ok = false;
        }
        if row.built == Some(false) {
            ok = false;
            if let Some(e) = &row.first_error {
                eprintln!("{}: {e}", row.file);
            }
        }
    }
    if ok {
        let _ = std::fs::remove_dir_all(&workspace);
        ExitCode::SUCCESS
    } else {
        eprintln!("the crates are kept in {} for inspection (clippy-errors.txt holds every error)", workspace.display());
        ExitCode::FAILURE
    }
}

/// The versions the generator reads (`generator::frontend`): a failure on one of them fails the command.
fn is_supported(version: &str) -> bool {
    version.starts_with("3.0") || version.starts_with("3.1") || version == "2.0"
}

fn print_table(rows: &[Row]) {
    println!("\n| document | version | generated? | warnings | built? | generation | check | lines |");
    println!("| --- | --- | --- | ---: | --- | ---: | ---: | ---: |");
    let (mut generated, mut built, mut supported) = (0, 0, 0);
    for row in rows {
        let is_supported = is_supported(&row.version);
        supported += usize::from(is_supported);
        let (gen_cell, warnings) = match &row.outcome {
            Ok(w) => {
                generated += 1;
                ("yes".to_owned(), w.to_string())
            }
            Err(_) if !is_supported => (format!("no: {} is not supported", if row.version.starts_with('2') { "Swagger 2.0" } else { "this version" }), "-".into()),
            Err(e) => (format!("**no**: {e}"), "-".into()),
        };
        let built_cell = match row.built {
            Some(true) => {
                built += 1;
                "yes".to_owned()
            }
            Some(false) => "**no**".to_owned(),
            None => "-".to_owned(),
        };
        println!(
            "| `{}` | {} | {gen_cell} | {warnings} | {built_cell} | {} | {} | {} |",
            row.file,
            row.version,
            if row.outcome.is_ok() { format!("{:.2} s", row.generation.as_secs_f64()) } else { "-".into() },
            row.check.map(seconds).unwrap_or_else(|| "-".into()),
            if row.lines > 0 { row.lines.to_string() } else { "-".into() }
        );
    }
    println!("\n{generated} of {} documents generated ({supported} in a version the generator reads), {built} built clippy-clean", rows.len());
}
