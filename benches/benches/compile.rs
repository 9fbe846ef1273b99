//! Compile-time benchmark: `cargo check` (and a debug `cargo build`) of generated crates:
//! the Optimove client from spec/optimove.yaml, and synthetic crates to see how build time grows
//! with the number of operations. Each crate is generated into target/bench-compile/NAME as a
//! standalone workspace (our Cargo.lock copied in, `--offline`), checked with its own target
//! directory so the shared target/ is left alone.
//!
//! Per crate: a clean check of the crate alone (dependencies already built), a no-op check right
//! after it (cargo's fixed cost, the baseline), incremental checks after touching src/types.rs
//! and the largest src/api module, and a clean debug build of the crate alone.
//!
//! Against a baseline: the generated-client of git revision [`BASELINE`] (before issue 14), read
//! with `git show` into a crate of its own (package renamed so that `cargo clean -p` of one
//! never removes the other), checked in the same rounds: lines and clean check as ratios.
//!
//! First of all, a cold `cargo check` of the Optimove client with all its dependencies on a
//! brand-new target directory (removed afterwards): what a user's first build costs.
//!
//! `cargo bench -p optimove-benches --bench compile [-- cold optimove synthetic]` (or
//! `cargo xtask bench compile`; every part when none is named).
//! Outside `cargo bench` (under `cargo test`) it does nothing: it runs cargo dozens of times.

use optimove_benches::harness::{bench_mode, cargo_timed, fmt_duration, machine, median, median_ratio, ratio};
use optimove_benches::{synthetic, workspace_root};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

/// The revision whose generated-client is the baseline of the lines and clean-check ratios:
/// the state before issue 14 cut the emitted code.
const BASELINE: &str = "ae4a090";

struct Crate {
    label: String,
    package: String,
    dir: PathBuf,
    /// Lines of every `.rs` file of the crate (src/ with the runtime, and tests/).
    lines: usize,
    /// The largest file under src/api, touched for the second incremental figure.
    largest_api: PathBuf,
}

/// Generates a crate from `spec` into `dir`, made standalone; unchanged files keep their mtime.
fn write_crate(label: &str, package: &str, spec: &str, dir: &Path) -> Crate {
    let settings = generator::Settings { crate_name: package.into(), crate_version: "0.1.0".into(), spec_label: label.into(), ..Default::default() };
    let generated = generator::generate(spec, &settings).unwrap_or_else(|d| panic!("{label} does not generate:\n{d}"));
    write_files(label, package, generated.files, dir)
}

/// The generated-client of git revision `rev` as a crate of its own named `package`.
fn write_baseline(rev: &str, package: &str, dir: &Path) -> Crate {
    let root = workspace_root();
    let git = |args: &[&str]| {
        let out = Command::new("git").args(args).current_dir(&root).output().expect("git runs");
        assert!(out.status.success(), "git {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("UTF-8 from git")
    };
    let mut files = std::collections::BTreeMap::new();
    for path in git(&["ls-tree", "-r", "--name-only", rev, "generated-client/"]).lines() {
        let relative = path.strip_prefix("generated-client/").expect("under generated-client");
        files.insert(relative.to_owned(), git(&["show", &format!("{rev}:{path}")]));
    }
    let manifest = files.get_mut("Cargo.toml").expect("a manifest");
    *manifest = manifest.replacen("name = \"optimove-client\"", &format!("name = \"{package}\""), 1);
    write_files(&format!("generated-client at {rev}"), package, files, dir)
}

/// Writes `files` into `dir` as a standalone workspace with our Cargo.lock; unchanged files keep
/// their mtime, so a rerun of the bench does not make cargo rebuild what did not change.
fn write_files(label: &str, package: &str, mut files: std::collections::BTreeMap<String, String>, dir: &Path) -> Crate {
    // Its own workspace: otherwise cargo would take it for an unlisted member of ours.
    if let Some(manifest) = files.get_mut("Cargo.toml") {
        manifest.push_str("\n[workspace]\n");
    }
    let lock = std::fs::read_to_string(workspace_root().join("Cargo.lock")).expect("Cargo.lock");
    files.insert("Cargo.lock".into(), lock);
    for (path, text) in &files {
        let target = dir.join(path);
        if std::fs::read_to_string(&target).ok().as_deref() != Some(text.as_str()) {
            std::fs::create_dir_all(target.parent().expect("has a parent")).expect("create dir");
            std::fs::write(&target, text).expect("write file");
        }
    }
    let rust: Vec<(&String, &String)> = files.iter().filter(|(p, _)| p.ends_with(".rs")).collect();
    let largest_api = rust.iter().filter(|(p, _)| p.starts_with("src/api/") && !p.ends_with("mod.rs")).max_by_key(|(_, t)| t.len()).map(|(p, _)| dir.join(p)).expect("an api module");
    Crate { label: label.into(), package: package.into(), dir: dir.to_owned(), lines: rust.iter().map(|(_, t)| t.lines().count()).sum(), largest_api }
}

fn cargo(args: &[&str], krate: &Crate, target: &Path) -> Duration {
    cargo_timed(args, &krate.dir.join("Cargo.toml"), target, &krate.label)
}

fn touch(path: &Path) {
    let file = std::fs::File::options().append(true).open(path).expect("open to touch");
    file.set_modified(SystemTime::now()).expect("set mtime");
}

fn main() {
    if !bench_mode() {
        println!("compile benchmark: skipped outside `cargo bench` (it runs cargo check dozens of times)");
        return;
    }
    let root = workspace_root();
    let work = root.join("target/bench-compile");
    let target = work.join("target");
    let optimove = std::fs::read_to_string(root.join("spec/optimove.yaml")).expect("spec/optimove.yaml");
    let baseline_package = format!("optimove-client-{BASELINE}");
    // Arguments that do not start with `--`: `optimove` keeps the Optimove client and its
    // baseline, `synthetic` the synthetic crates, `cold` the cold check; none keeps everything.
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    let wants = |word: &str| filters.is_empty() || filters.iter().any(|f| f == word);
    let mut crates = vec![
        write_crate("spec/optimove.yaml", "optimove-client", &optimove, &work.join("optimove")),
        write_baseline(BASELINE, &baseline_package, &work.join(format!("optimove-{BASELINE}"))),
    ];
    if wants("synthetic") {
        crates.push(write_crate("synthetic 100 ops", "synthetic-100", &synthetic::spec(100), &work.join("synthetic-100")));
        crates.push(write_crate("synthetic 300 ops", "synthetic-300", &synthetic::spec(300), &work.join("synthetic-300")));
    }
    if !wants("optimove") {
        crates.drain(..2);
    }
    let rounds = 3;
    println!("# Compile-time benchmark\n\nmachine: {}\nrounds: {rounds} (crates interleaved), figures are medians; {}\n", machine(), rustc_version());
    // A brand-new target directory: every dependency is compiled (the registry's downloads are
    // reused), as on a user's first build. Removed afterwards: it is as large as a debug build.
    if wants("cold") {
        let optimove = write_crate("spec/optimove.yaml", "optimove-client", &optimove, &work.join("optimove"));
        let cold_target = work.join(format!("cold-target-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&cold_target);
        let load = optimove_benches::process::load_average();
        let cpu_before = optimove_benches::process::children_cpu();
        let cold = cargo(&["check"], &optimove, &cold_target);
        let cpu = optimove_benches::process::children_cpu().saturating_sub(cpu_before);
        let _ = std::fs::remove_dir_all(&cold_target);
        // On a shared machine the wall time includes waiting for a core; the CPU time (cargo,
        // rustc and build scripts, user + system) does not, so both are printed.
        println!(
            "cold `cargo check` of the {} crate with its dependencies, on a new target directory: {} wall, {} CPU (user + system; load average {load} before, {} after)\n",
            optimove.label,
            fmt_duration(cold),
            fmt_duration(cpu),
            optimove_benches::process::load_average()
        );
    }
    // The shared bench target directory gets the dependencies built once for the rounds below.
    for c in &crates {
        cargo(&["check"], c, &target);
        cargo(&["build"], c, &target);
    }

    const COLUMNS: [&str; 5] = ["clean check of the crate", "no-op check (baseline)", "check after touching src/types.rs", "check after touching the largest src/api file", "clean debug build of the crate"];
    let mut samples = vec![vec![Vec::new(); COLUMNS.len()]; crates.len()];
    for _ in 0..rounds {
        for (i, c) in crates.iter().enumerate() {
            // `cargo clean -p` removes the crate's check and build outputs (incremental state
            // too), never the dependencies'; the no-op check right after a check is cargo's
            // fixed cost, the baseline the others are compared with.
            cargo(&["clean", "-p", &c.package], c, &target);
            samples[i][0].push(cargo(&["check"], c, &target));
            samples[i][1].push(cargo(&["check"], c, &target));
            touch(&c.dir.join("src/types.rs"));
            samples[i][2].push(cargo(&["check"], c, &target));
            touch(&c.largest_api);
            samples[i][3].push(cargo(&["check"], c, &target));
            cargo(&["clean", "-p", &c.package], c, &target);
            samples[i][4].push(cargo(&["build"], c, &target));
        }
    }
    println!("| crate | lines of Rust | {} | lines checked per second | clean check / no-op | touch types.rs / clean check | touch api / clean check | build / check |", COLUMNS.join(" | "));
    println!("|---|---|{}---|---|---|---|---|", "---|".repeat(COLUMNS.len()));
    for (i, c) in crates.iter().enumerate() {
        let m: Vec<Duration> = samples[i].iter().map(|s| median(s)).collect();
        let s = |k: usize| m[k].as_secs_f64();
        println!(
            "| {} | {} | {} | {:.0} | {} | {} | {} | {} |",
            c.label,
            c.lines,
            m.iter().map(|d| fmt_duration(*d)).collect::<Vec<_>>().join(" | "),
            c.lines as f64 / s(0),
            ratio(s(0), s(1)),
            ratio(s(2), s(0)),
            ratio(s(3), s(0)),
            ratio(s(4), s(0)),
        );
    }
    // The current client against the baseline, ratio of each round's pair (same round, one
    // right after the other), then the median.
    if !wants("optimove") {
        return;
    }
    let (now, before) = (0, 1);
    println!("\n## {} against {}\n", crates[now].label, crates[before].label);
    println!("| | {} | {} | ratio |", crates[now].label, crates[before].label);
    println!("|---|---|---|---|");
    println!("| lines of Rust (whole crate, runtime and tests included) | {} | {} | {} |", crates[now].lines, crates[before].lines, ratio(crates[now].lines as f64, crates[before].lines as f64));
    println!(
        "| clean `cargo check` of the crate alone | {} | {} | {:.2} (median of per-round ratios) |",
        fmt_duration(median(&samples[now][0])),
        fmt_duration(median(&samples[before][0])),
        median_ratio(&samples[now][0], &samples[before][0]).unwrap_or(f64::NAN)
    );
    println!("\nlargest api files: {}", crates.iter().map(|c| format!("{}: {}", c.label, c.largest_api.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default())).collect::<Vec<_>>().join(", "));
}

fn rustc_version() -> String {
    Command::new("rustc").arg("--version").output().ok().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned()).unwrap_or_else(|| "rustc ?".into())
}
