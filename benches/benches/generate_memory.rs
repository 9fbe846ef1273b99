//! Generation benchmark (memory): peak live heap of `generator::generate` for the same inputs
//! as the `generate` bench, counted by a global allocator, with its growth per 10x operations, and
//! the peaks of the first stages alone (reading the text into a JSON value; reading, checking and
//! deserialising into openapiv3), so a peak that grows too fast can be put on its stage.
//!
//! `cargo bench -p optimove-benches --bench generate_memory [-- NAME-FILTER]` (or `cargo xtask bench`).

use optimove_benches::alloc;
use optimove_benches::generation::{generate, inputs};
use optimove_benches::harness::{bench_mode, fmt_bytes, machine, ratio};

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

fn main() {
    let bench = bench_mode();
    let inputs = inputs(bench);
    println!("# Generation benchmark (memory)\n\nmachine: {}\npeak = highest live heap above the level before the call (bytes as requested, one run each: allocation is deterministic)\n", machine());
    println!("| input | size | peak heap | peak / input size | output | peak / output | peak of reading alone | peak of parse_document alone |");
    println!("|---|---|---|---|---|---|---|---|");
    let mut peaks = Vec::new();
    let mut stage_peaks = Vec::new();
    for input in &inputs {
        let (usage, generated) = alloc::peak_during(|| generate(&input.text));
        let output: usize = generated.files.values().map(String::len).sum();
        drop(generated);
        peaks.push(usage.peak);
        let (reading, value) = alloc::peak_during(|| generator::source::read(&input.text));
        drop(value);
        let (parsing, parsed) = alloc::peak_during(|| generator::parse_document(&input.text));
        drop(parsed);
        stage_peaks.push((reading.peak, parsing.peak));
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            input.name,
            fmt_bytes(input.text.len()),
            fmt_bytes(usage.peak),
            ratio(usage.peak as f64, input.text.len() as f64),
            fmt_bytes(output),
            ratio(usage.peak as f64, output as f64),
            fmt_bytes(reading.peak),
            fmt_bytes(parsing.peak)
        );
    }
    println!("\n| step | peak heap ratio (linear = 10.00) | reading alone | parse_document alone |\n|---|---|---|---|");
    let family: Vec<usize> = inputs.iter().enumerate().filter(|(_, x)| x.synthetic_ops.is_some()).map(|(i, _)| i).collect();
    for pair in family.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let stage = |f: fn(&(usize, usize)) -> usize| ratio(f(&stage_peaks[b]) as f64, f(&stage_peaks[a]) as f64);
        println!("| {} -> {} ops | {} | {} | {} |", inputs[a].operations, inputs[b].operations, ratio(peaks[b] as f64, peaks[a] as f64), stage(|p| p.0), stage(|p| p.1));
    }
    if !bench {
        println!("\n(smoke run on small inputs: use `cargo bench` for figures)");
    }
}
