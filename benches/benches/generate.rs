//! Generation benchmark (time): `generator::generate` on spec/optimove.yaml, the largest real
//! document in ../shared/specs, a synthetic document of the target size (~130 paths, ~200
//! schemas) and the synthetic scaling family (100, 1 000, 10 000 operations), with the share of
//! each stage: parse (the floor), lower (validation + IR) and emit (every file written as text,
//! the items left to the fallback formatted by syn + prettyplease within it). Peak heap is the `generate_memory`
//! bench: this binary runs on mimalloc, the allocator of `cargo xtask codegen` (a counting one
//! slowed timed runs), with freed pages kept (see `PURGE_DELAY`); each run of the synthetic family
//! starts with cold caches, as a new process does.
//!
//! Then whole processes (see `optimove_benches::process`): the release `xtask codegen` binary
//! against `cargo-progenitor` on the largest documents of ../shared that both generate, and ours
//! alone on the largest corpus documents.
//!
//! `cargo bench -p optimove-benches --bench generate [-- NAME-FILTER]` (or `cargo xtask bench`);
//! the filter `process` keeps only the whole-process tables.

use generator::emit::EmitSettings;
use optimove_benches::generation::{LARGEST_CORPUS, generate, inputs};
use optimove_benches::harness::{CacheFlush, bench_mode, fmt_bytes, fmt_duration, machine, median, median_ratio, ratio, rerun_with_env, time};
use optimove_benches::process::{self, Tool};
use std::path::Path;
use std::time::Duration;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The time budget the issue sets for a document of the target size.
const BUDGET: Duration = Duration::from_millis(100);

/// Stage times of one generation.
#[derive(Debug, Default, Clone, Copy)]
struct Stages {
    parse: Duration,
    lower: Duration,
    emit: Duration,
}

impl Stages {
    fn sum(&self) -> Duration {
        self.parse + self.lower + self.emit
    }
}

/// Runs the pipeline stage by stage, as `generator::generate` does, timing each stage.
/// Values are dropped outside the timed regions.
fn stages(text: &str) -> Stages {
    let settings = EmitSettings {
        crate_name: "bench-client".into(),
        crate_version: "0.1.0".into(),
        spec_sha256: generator::sha256_hex(text.as_bytes()),
        spec_label: "bench".into(),
        regenerate: "cargo xtask codegen".into(),
        license: None,
        license_note: None,
        repository: None,
        homepage: None,
    };
    let (parse, doc) = time(|| generator::parse(text).expect("parses"));
    let (lower, api) = time(|| {
        let (api, mut diags) = generator::to_ir(&doc);
        diags.locate(text);
        diags.sort();
        assert!(!diags.has_errors(), "benchmark input has errors:\n{diags}");
        api
    });
    let mut out = Stages { parse, lower, ..Stages::default() };
    // Emission is lazy (one file per step, as `emit` formats them), so each step is timed.
    let mut files = generator::emit::emit_unformatted(&api, &settings);
    loop {
        let (d, next) = time(|| files.next());
        out.emit += d;
        if next.is_none() {
            break;
        }
    }
    out
}

/// How long the runs of one input take in a round at least, when the input is short: a single
/// run of a few milliseconds is at the mercy of one page-fault storm or preemption on this VM.
const SAMPLE_TARGET: Duration = Duration::from_millis(200);
/// The most runs of one input in a round.
const MAX_REPEATS: usize = 9;

/// Runs a round gives an input that took `warm` in the warm-up.
fn repeats(warm: Duration) -> usize {
    let fit = SAMPLE_TARGET.as_secs_f64() / warm.as_secs_f64().max(1e-6);
    (fit.ceil() as usize).clamp(1, MAX_REPEATS)
}

/// mimalloc's purge delay for this bench: never hand freed pages back to the kernel. With the
/// default (1 s) only the 10 000-operation input, whose runs last longer than that, had its freed
/// pages purged between and within runs and faulted ~130 000 of them back in every run (~0.35 s on
/// this VM), while the smaller inputs reused theirs: the scaling ratio charged the largest input
/// a cost the others did not pay. A single `xtask codegen` process faults its pages once either
/// way (150 000 for 10 000 operations with both settings), so the figures stay those of xtask.
const PURGE_DELAY: &str = "-1";

fn main() {
    rerun_with_env("MIMALLOC_PURGE_DELAY", PURGE_DELAY);
    let bench = bench_mode();
    let inputs = inputs(bench);
    // The synthetic family's runs each start with cold caches, as a new process does: otherwise
    // each size meets caches warmed by whatever ran before it (the 100-operation input followed
    // the target-size one, data of its own size, and the 1 000-operation input followed it), and
    // that context, not the generator, moved the 100 -> 1 000 ratio between 10.2 and 11.5.
    let mut flush = CacheFlush::new();
    let rounds = if bench { 7 } else { 1 };
    const LONG_ROUNDS: usize = 5;
    println!(
        "# Generation benchmark (time)\n\nmachine: {}\nrounds: {rounds} (inputs interleaved; {LONG_ROUNDS} for inputs over 2 s; an input under {} runs up to {MAX_REPEATS} times a round, about {} in all, and the round's sample is the median of those runs), figures are medians\nallocator: mimalloc, MIMALLOC_PURGE_DELAY={}; each run of the synthetic family after writing through {} (cold caches)\n",
        machine(),
        fmt_duration(SAMPLE_TARGET),
        fmt_duration(SAMPLE_TARGET),
        std::env::var("MIMALLOC_PURGE_DELAY").unwrap_or_default(),
        fmt_bytes(flush.bytes()),
    );
    // Warm-up: first-touch costs (page faults, lazy statics) are not the generator's.
    let warm: Vec<Duration> = inputs.iter().map(|input| time(|| generate(&input.text)).0).collect();
    let mut totals = vec![Vec::new(); inputs.len()];
    let mut cpu = vec![Vec::new(); inputs.len()];
    let mut stage_runs = vec![Vec::new(); inputs.len()];
    for round in 0..rounds {
        for (i, input) in inputs.iter().enumerate() {
            // Inputs of seconds (10 000 operations) get fewer rounds, so that the whole bench
            // stays within minutes; five, since a median of three moved the scaling figure from
            // 10.6 to 12.5 between two runs on an idle machine.
            if round >= LONG_ROUNDS && warm[i] > Duration::from_secs(2) {
                continue;
            }
            // A family member's runs each start with cold caches, so repeating its small members
            // does not time them on caches their own previous run warmed (their heap is warm, as
            // every member's is: see PURGE_DELAY).
            let cold = input.synthetic_ops.is_some();
            let n = repeats(warm[i]);
            let mut runs = Vec::with_capacity(n);
            let mut cpu_used = Duration::ZERO;
            for _ in 0..n {
                if cold {
                    flush.flush();
                }
                let cpu_before = process::own_cpu();
                let (d, generated) = time(|| generate(&input.text));
                cpu_used += process::own_cpu().saturating_sub(cpu_before);
                drop(generated);
                runs.push(d);
            }
            cpu[i].push(cpu_used / n as u32);
            totals[i].push(median(&runs));
            if cold {
                flush.flush();
            }
            stage_runs[i].push(stages(&input.text));
        }
    }
    let total: Vec<Duration> = totals.iter().map(|t| median(t)).collect();
    let stage = |i: usize, f: fn(&Stages) -> Duration| median(&stage_runs[i].iter().map(f).collect::<Vec<_>>());
    let pct = |part: Duration, whole: Duration| format!("{:.0}%", 100.0 * part.as_secs_f64() / whole.as_secs_f64());

    println!("## Time and stage shares\n");
    println!("| input | size | paths / ops / schemas | generate | per op | one thread (stage sum) | sum / generate | parse | lower | emit |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for (i, input) in inputs.iter().enumerate() {
        let sum = median(&stage_runs[i].iter().map(Stages::sum).collect::<Vec<_>>());
        println!(
            "| {} | {} | {} / {} / {} | {} | {} | {} | {} | {} | {} | {} |",
            input.name,
            fmt_bytes(input.text.len()),
            input.paths,
            input.operations,
            input.schemas,
            fmt_duration(total[i]),
            fmt_duration(total[i] / input.operations.max(1) as u32),
            fmt_duration(sum),
            ratio(sum.as_secs_f64(), total[i].as_secs_f64()),
            pct(stage(i, |s| s.parse), sum),
            pct(stage(i, |s| s.lower), sum),
            pct(stage(i, |s| s.emit), sum),
        );
    }
    println!(
        "\n`generate` is the end-to-end call (it formats files on all cores); the stages are timed one by one on one thread in a separate run of each round, and the shares are of their sum. `sum / generate` is what the threads gained (less when other processes hold the cores).\n"
    );

    println!("## Scaling of the synthetic family (linear = 10.00 per 10x)\n");
    println!("| step | generate | generate, paired | generate, CPU (all threads) | parse | lower | emit |");
    println!("|---|---|---|---|---|---|---|");
    let cpu: Vec<Duration> = cpu.iter().map(|c| median(c)).collect();
    let family: Vec<usize> = inputs.iter().enumerate().filter(|(_, x)| x.synthetic_ops.is_some()).map(|(i, _)| i).collect();
    for pair in family.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let r = |f: fn(&Stages) -> Duration| ratio(stage(b, f).as_secs_f64(), stage(a, f).as_secs_f64());
        // Each round runs the family's sizes one after the other: the ratio within a round pairs
        // runs made under the same load, and its median over the rounds is steadier than the
        // ratio of the medians when the machine's speed drifts during the bench.
        println!(
            "| {} -> {} ops | {} | {:.2} | {} | {} | {} | {} |",
            inputs[a].operations,
            inputs[b].operations,
            ratio(total[b].as_secs_f64(), total[a].as_secs_f64()),
            median_ratio(&totals[b], &totals[a]).unwrap_or(f64::NAN),
            ratio(cpu[b].as_secs_f64(), cpu[a].as_secs_f64()),
            r(|s| s.parse),
            r(|s| s.lower),
            r(|s| s.emit),
        );
    }

    // The budget is about full-size documents in an optimised build; a smoke run has neither.
    if bench {
        println!("\n## Against the target (a document of a few hundred KB, ~200 schemas, ~130 paths, in well under 100 ms)\n");
        println!("| input | generate | share of the 100 ms budget | times the parse floor |");
        println!("|---|---|---|---|");
        for (i, input) in inputs.iter().enumerate().filter(|(_, x)| x.synthetic_ops.is_none()) {
            println!(
                "| {} | {} | {:.0}% | {} |",
                input.name,
                fmt_duration(total[i]),
                100.0 * total[i].as_secs_f64() / BUDGET.as_secs_f64(),
                ratio(total[i].as_secs_f64(), stage(i, |s| s.parse).as_secs_f64())
            );
        }
    } else {
        println!("\n(smoke run on small inputs: use `cargo bench` for figures)");
        return;
    }
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with("--")).collect();
    if filters.is_empty() || filters.iter().any(|f| f == "process") {
        whole_process();
    }
}

/// How many of the documents that both generate are compared with progenitor (the largest).
const PEER_DOCUMENTS: usize = 5;
/// The resolution of the CPU times the kernel reports for child processes.
const CPU_TICK: Duration = Duration::from_millis(10);

/// Rounds of the table of the largest corpus documents (ours only).
const PROCESS_ROUNDS: usize = 7;
/// Rounds of the table against progenitor (each runs both tools once per document): more than
/// [`PROCESS_ROUNDS`], as its documents are small and its ratios rest on runs of 6 to 40 ms; seven
/// rounds moved one document's ratio from 0.094 to 0.104 between two idle runs.
const PEER_ROUNDS: usize = 15;

/// The whole-process tables: ours against progenitor, then ours on the largest corpus documents.
fn whole_process() {
    println!("\n## Whole process: release `xtask codegen` against cargo-progenitor\n");
    let ours = match process::release_codegen() {
        Ok(bin) => bin,
        Err(why) => {
            println!("skipped: {why}");
            return;
        }
    };
    let scratch = process::scratch_dir("generate");
    println!("crates are written under {} (see `process::scratch_dir`)\n", scratch.display());
    let documents = process::shared_documents();
    match process::progenitor() {
        None => println!("skipped: cargo-progenitor is not installed (`cargo install cargo-progenitor --version 0.15.1 --locked`, about 5 minutes, then run this bench again)"),
        Some(peer) => against_progenitor(&ours, &peer, &documents, &scratch),
    }
    println!("\n## Whole process: the largest OpenAPI 3.0 documents of ../shared/corpus\n");
    println!("| document | size | wall | min | max | CPU (user + system) |");
    println!("|---|---|---|---|---|---|");
    for name in LARGEST_CORPUS {
        let Some(doc) = documents.iter().find(|d| d.label == format!("corpus/{name}")) else {
            println!("| corpus/{name} | not found | | | | |");
            continue;
        };
        let runs: Result<Vec<process::Run>, String> = (0..PROCESS_ROUNDS).map(|_| process::run(Tool::Ours, &ours, &doc.path, &scratch)).collect();
        match runs {
            Ok(runs) => {
                let wall: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
                let cpu: Vec<Duration> = runs.iter().map(|r| r.cpu).collect();
                println!(
                    "| {} | {} | {} | {} | {} | {} |",
                    doc.label,
                    fmt_bytes(doc.bytes as usize),
                    fmt_duration(median(&wall)),
                    fmt_duration(wall.iter().copied().min().unwrap_or_default()),
                    fmt_duration(wall.iter().copied().max().unwrap_or_default()),
                    fmt_duration(median(&cpu))
                );
            }
            Err(why) => println!("| {} | {} | fails: {why} | | | |", doc.label, fmt_bytes(doc.bytes as usize)),
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    println!(
        "\nEach figure is a new process from start to exit, writing a new crate directory; {PROCESS_ROUNDS} runs, the median (min and max beside it). Load average (1 min) at the end: {}.",
        process::load_average()
    );
}

/// Probes which documents progenitor generates, then times both tools on the largest of them.
fn against_progenitor(ours: &Path, peer: &Path, documents: &[process::Document], scratch: &Path) {
    let mut both = Vec::new();
    let mut refused = Vec::new();
    for doc in documents {
        if both.len() == PEER_DOCUMENTS {
            break;
        }
        match (process::run(Tool::Progenitor, peer, &doc.path, scratch), process::run(Tool::Ours, ours, &doc.path, scratch)) {
            (Ok(_), Ok(_)) => both.push(doc),
            (Err(_), _) => refused.push(doc.label.as_str()),
            (Ok(_), Err(why)) => println!("(ours fails on {} where progenitor does not: {why})", doc.label),
        }
    }
    println!("progenitor ({}) refuses or panics on {} larger documents: {}\n", peer.display(), refused.len(), refused.join(", "));
    let mut samples: Vec<(Vec<process::Run>, Vec<process::Run>)> = vec![(Vec::new(), Vec::new()); both.len()];
    for round in 0..PEER_ROUNDS {
        for (i, doc) in both.iter().enumerate() {
            // Which tool goes first alternates too, so neither always runs on a warmer cache.
            let (a, b) = if round % 2 == 0 {
                let a = process::run(Tool::Ours, ours, &doc.path, scratch);
                (a, process::run(Tool::Progenitor, peer, &doc.path, scratch))
            } else {
                let b = process::run(Tool::Progenitor, peer, &doc.path, scratch);
                (process::run(Tool::Ours, ours, &doc.path, scratch), b)
            };
            if let (Ok(a), Ok(b)) = (a, b) {
                samples[i].0.push(a);
                samples[i].1.push(b);
            }
        }
    }
    println!("{PEER_ROUNDS} rounds, each running both tools back to back on every document (which starts alternating); medians, the ratios medians of the per-round ratios. Load average (1 min) before the rounds: {}\n", process::load_average());
    println!("| document | size | ours, wall | progenitor, wall | ours / progenitor, wall | ours, CPU | progenitor, CPU | ours / progenitor, CPU |");
    println!("|---|---|---|---|---|---|---|---|");
    for (doc, (a, b)) in both.iter().zip(&samples) {
        // The median of the per-round ratios: each pair ran back to back under the same load.
        let ratio_of = |f: fn(&process::Run) -> Duration| {
            let (ours, theirs): (Vec<Duration>, Vec<Duration>) = a.iter().zip(b).map(|(a, b)| (f(a), f(b))).unzip();
            median_ratio(&ours, &theirs).map_or_else(|| "-".to_owned(), |r| format!("{r:.3}"))
        };
        let median_of = |runs: &[process::Run], f: fn(&process::Run) -> Duration| median(&runs.iter().map(f).collect::<Vec<_>>());
        let med = |runs: &[process::Run], f: fn(&process::Run) -> Duration| fmt_duration(median_of(runs, f));
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            doc.label,
            fmt_bytes(doc.bytes as usize),
            med(a, |r| r.wall),
            med(b, |r| r.wall),
            ratio_of(|r| r.wall),
            med(a, |r| r.cpu),
            med(b, |r| r.cpu),
            // Counted in 10 ms ticks: a run that mostly counts none or one (buildomat read 0.200
            // from 10 ms against 50 ms) has no CPU ratio to speak of.
            if median_of(a, |r| r.cpu) < 2 * CPU_TICK { "- (under two ticks)".to_owned() } else { ratio_of(|r| r.cpu) },
        );
    }
    println!("\nload average (1 min) after: {}; CPU is user + system time of the process and its threads, in 10 ms ticks.", process::load_average());
}
