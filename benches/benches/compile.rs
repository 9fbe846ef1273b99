//! Compile-time benchmark: `cargo check` (and a debug `cargo build`) of generated crates:
//! the Optimove client from spec/optimove.yaml, and synthetic crates to see how build time grows
//! with the number of operations. Each crate is generated into target/bench-compile/NAME as a
//! standalone workspace (our Cargo.lock copied in, `--offline`), checked with its own target
//! directory so the shared target/ is left alone.
//!
//! Per crate: a clean check of the crate alone (dependencies already built), a no-op check right
//! after it (cargo's fixed cost, the baseline), incremental checks after touching src/types.rs
//! and the largest src/api module, and a clean debug build of the crate alone. Delete
//! target/bench-compile/target first for a cold figure with the dependencies.
//!
//! `cargo bench -p optimove-benches --bench compile` (or `cargo xtask bench compile`).
//! Outside `cargo bench` (under `cargo test`) it does nothing: it runs cargo dozens of times.

use optimove_benches::harness::{bench_mode, fmt_duration, machine, median, ratio, time};
use optimove_benches::{synthetic, workspace_root};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

struct Crate {
    label: String,
    package: String,
    dir: PathBuf,
    lines: usize,
    /// The largest file under src/api, touched for the second incremental figure.
    largest_api: PathBuf,
}

/// Generates a crate from `spec` into `dir`, made standalone; unchanged files keep their mtime.
fn write_crate(label: &str, package: &str, spec: &str, dir: &Path) -> Crate {
    let settings = generator::Settings { crate_name: package.into(), crate_version: "0.1.0".into(), spec_label: label.into(), ..Default::default() };
    let generated = generator::generate(spec, &settings).unwrap_or_else(|d| panic!("{label} does not generate:\n{d}"));
    let mut files = generated.files;
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
    let rust: Vec<(&String, &String)> = files.iter().filter(|(p, _)| p.starts_with("src/") && p.ends_with(".rs")).collect();
    let largest_api = rust.iter().filter(|(p, _)| p.starts_with("src/api/") && !p.ends_with("mod.rs")).max_by_key(|(_, t)| t.len()).map(|(p, _)| dir.join(p)).expect("an api module");
    Crate { label: label.into(), package: package.into(), dir: dir.to_owned(), lines: rust.iter().map(|(_, t)| t.lines().count()).sum(), largest_api }
}

fn cargo(args: &[&str], krate: &Crate, target: &Path) -> Duration {
    let program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let manifest = krate.dir.join("Cargo.toml");
    let (elapsed, status) = time(|| {
        Command::new(&program)
            .args(args)
            .args(["--offline", "--quiet", "--manifest-path"])
            .arg(&manifest)
            .arg("--target-dir")
            .arg(target)
            .status()
            .expect("cargo runs")
    });
    assert!(status.success(), "cargo {args:?} failed for {}", krate.label);
    elapsed
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
    let crates = [
        write_crate("spec/optimove.yaml", "optimove-client", &optimove, &work.join("optimove")),
        write_crate("synthetic 100 ops", "synthetic-100", &synthetic::spec(100), &work.join("synthetic-100")),
        write_crate("synthetic 300 ops", "synthetic-300", &synthetic::spec(300), &work.join("synthetic-300")),
    ];
    let rounds = 3;
    println!("# Compile-time benchmark\n\nmachine: {}\nrounds: {rounds} (crates interleaved), figures are medians; {}\n", machine(), rustc_version());
    // The first check builds the dependencies when the bench target dir is new (a cold check of
    // the crate with everything it needs); later runs find them built.
    let cold = !target.exists();
    let first = cargo(&["check"], &crates[0], &target);
    if cold {
        println!("cold `cargo check` of the {} crate, dependencies included: {}\n", crates[0].label, fmt_duration(first));
    }
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
    println!("\nlargest api files: {}", crates.iter().map(|c| format!("{}: {}", c.label, c.largest_api.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default())).collect::<Vec<_>>().join(", "));
}

fn rustc_version() -> String {
    Command::new("rustc").arg("--version").output().ok().map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned()).unwrap_or_else(|| "rustc ?".into())
}
