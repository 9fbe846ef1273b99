//! Per-tag features benchmark: the clean `cargo check` time of the crate generated from the
//! largest OpenAPI 3.0 document of `../shared/corpus` (sentry, 223 operations under 21 tags)
//! with one tag enabled, against all tags (the default).
//!
//! Configurations: all tags; the tag with the most operations; the median tag by operations;
//! no tag at all (what every configuration pays: runtime, client, ungated types). They are
//! interleaved round by round, so load from other builds slows each configuration of a round
//! alike; each ratio is the median over rounds of (configuration / all tags in the same round).
//! The crate is generated into target/bench-tag-features/sentry as a standalone workspace (our
//! Cargo.lock copied in, `--offline`) with its own target directory. Every configuration keeps
//! the TLS backend (`--features rustls-ring`), so the dependencies are built once for all.
//!
//! `cargo bench -p optimove-benches --bench tag_features` (or `cargo xtask bench tag_features`);
//! `BENCH_ROUNDS=N` sets the rounds (default 2: one all-tags check takes minutes). Outside
//! `cargo bench` (under `cargo test`) it does nothing.

use optimove_benches::harness::{bench_mode, cargo_timed, fmt_duration, machine, median, median_ratio};
use optimove_benches::workspace_root;
use std::path::Path;
use std::time::Duration;

const DOCUMENT: &str = "sentry__openapi-derefed.json";
const PACKAGE: &str = "sentry-client";

/// One configuration: its label and the features after `--no-default-features` (`None`: defaults).
struct Configuration {
    label: String,
    features: Option<String>,
}

fn cargo(args: &[&str], dir: &Path) -> Duration {
    cargo_timed(args, &dir.join("sentry/Cargo.toml"), &dir.join("target"), "sentry's crate")
}

fn check(configuration: &Configuration, dir: &Path) -> Duration {
    cargo(&["clean", "-p", PACKAGE], dir);
    match &configuration.features {
        None => cargo(&["check"], dir),
        Some(features) => cargo(&["check", "--no-default-features", "--features", features], dir),
    }
}

fn main() {
    if !bench_mode() {
        println!("tag features benchmark: skipped outside `cargo bench` (each all-tags check takes minutes)");
        return;
    }
    let root = workspace_root();
    let dir = root.join("target/bench-tag-features");
    let text = std::fs::read_to_string(root.join("../shared/corpus").join(DOCUMENT)).expect("the corpus document");
    let settings = generator::Settings { crate_name: PACKAGE.into(), crate_version: "0.1.0".into(), spec_label: format!("../shared/corpus/{DOCUMENT}"), ..Default::default() };
    let generated = generator::generate(&text, &settings).unwrap_or_else(|d| panic!("{DOCUMENT} does not generate:\n{d}"));
    let mut files = generated.files;
    // Its own workspace: otherwise cargo would take it for an unlisted member of ours.
    if let Some(manifest) = files.get_mut("Cargo.toml") {
        manifest.push_str("\n[workspace]\n");
    }
    files.insert("Cargo.lock".into(), std::fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock"));
    for (path, content) in &files {
        let target = dir.join("sentry").join(path);
        if std::fs::read_to_string(&target).ok().as_deref() != Some(content.as_str()) {
            std::fs::create_dir_all(target.parent().expect("has a parent")).expect("create dir");
            std::fs::write(&target, content).expect("write file");
        }
    }
    // Tags by operation count, from the manifest's comments (`# Tag `X` (N operations).` above `x = []`).
    let manifest = &files["Cargo.toml"];
    let lines: Vec<&str> = manifest.lines().collect();
    let mut tags: Vec<(usize, String)> = lines
        .windows(2)
        .filter_map(|w| {
            let feature = w[1].strip_suffix(" = []")?;
            let count = w[0].strip_prefix("# Tag ")?.rsplit_once(" (")?.1.split_once(' ')?.0.parse().ok()?;
            Some((count, feature.to_owned()))
        })
        .collect();
    tags.sort();
    assert!(tags.len() >= 3, "{DOCUMENT} has tag features");
    let (largest, middle) = (&tags[tags.len() - 1], &tags[(tags.len() - 1) / 2]);
    let configurations = [
        Configuration { label: format!("all {} tags (default)", tags.len()), features: None },
        Configuration { label: format!("largest tag `{}` ({} operations)", largest.1, largest.0), features: Some(format!("rustls-ring,{}", largest.1)) },
        Configuration { label: format!("median tag `{}` ({} operations)", middle.1, middle.0), features: Some(format!("rustls-ring,{}", middle.1)) },
        Configuration { label: "no tag".into(), features: Some("rustls-ring".into()) },
    ];
    let rounds: usize = std::env::var("BENCH_ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(2).max(1);
    println!("# Per-tag features benchmark\n\nmachine: {}\ndocument: ../shared/corpus/{DOCUMENT}, {} operations\nrounds: {rounds} (configurations interleaved), figures are medians; load average at start: {}\n", machine(), tags.iter().map(|t| t.0).sum::<usize>(), optimove_benches::process::load_averages(3));
    // Builds the dependencies (once per bench target directory).
    cargo(&["check", "--no-default-features", "--features", "rustls-ring"], &dir);
    let mut samples = vec![Vec::new(); configurations.len()];
    for round in 0..rounds {
        for (i, c) in configurations.iter().enumerate() {
            let elapsed = check(c, &dir);
            eprintln!("round {round}: {}: {}", c.label, fmt_duration(elapsed));
            samples[i].push(elapsed);
        }
    }
    println!("| configuration | clean `cargo check` | / all tags (median of rounds) |");
    println!("|---|---|---|");
    for (i, c) in configurations.iter().enumerate() {
        println!("| {} | {} | {:.3} |", c.label, fmt_duration(median(&samples[i])), median_ratio(&samples[i], &samples[0]).unwrap_or(f64::NAN));
    }
    println!("\nload average at the end: {}", optimove_benches::process::load_averages(3));
}
