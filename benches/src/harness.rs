//! A small benchmark harness: repeated, interleaved runs and their medians, and the machine.
//!
//! Hand-written rather than criterion because the figures we need are ratios between inputs
//! measured in the same run (and memory peaks), printed as tables for the README. The machine is
//! shared with other builds, so inputs are measured round-robin: a burst of load slows every
//! input of a round alike instead of skewing one of them.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// True under `cargo bench` (which passes `--bench`); under `cargo test --all-targets` the bench
/// binaries run without it and must only do a quick smoke run.
pub fn bench_mode() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// Times one call.
pub fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let value = f();
    (start.elapsed(), value)
}

/// Times `cargo ARGS --offline --quiet --manifest-path MANIFEST --target-dir TARGET` (the
/// `CARGO` that runs the bench, else `cargo`); a failed run panics naming `what`.
pub fn cargo_timed(args: &[&str], manifest: &Path, target: &Path, what: &str) -> Duration {
    let program = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let (elapsed, status) = time(|| {
        Command::new(&program)
            .args(args)
            .args(["--offline", "--quiet", "--manifest-path"])
            .arg(manifest)
            .arg("--target-dir")
            .arg(target)
            .status()
            .expect("cargo runs")
    });
    assert!(status.success(), "cargo {args:?} failed for {what}");
    elapsed
}

/// The median of some durations (the mean of the middle two for an even count).
pub fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    match sorted.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    }
}

/// The median of the per-round ratios `num[r] / den[r]` (the mean of the middle two for an even
/// count), leaving out rounds whose `den` is zero; `None` when no round is left. Each pair ran
/// back to back, so load that drifts during a bench moves both sides of a ratio, which the ratio
/// of two medians does not account for.
pub fn median_ratio(num: &[Duration], den: &[Duration]) -> Option<f64> {
    let mut ratios: Vec<f64> = num.iter().zip(den).filter(|(_, d)| !d.is_zero()).map(|(n, d)| n.as_secs_f64() / d.as_secs_f64()).collect();
    ratios.sort_by(f64::total_cmp);
    match ratios.len() {
        0 => None,
        n if n % 2 == 1 => Some(ratios[n / 2]),
        n => Some((ratios[n / 2 - 1] + ratios[n / 2]) / 2.0),
    }
}

/// A duration in the unit that suits it, three significant digits.
pub fn fmt_duration(d: Duration) -> String {
    let s = d.as_secs_f64();
    match s {
        s if s >= 1.0 => format!("{s:.2} s"),
        s if s >= 0.1 => format!("{:.0} ms", s * 1e3),
        s if s >= 0.01 => format!("{:.1} ms", s * 1e3),
        s if s >= 0.001 => format!("{:.2} ms", s * 1e3),
        s => format!("{:.0} µs", s * 1e6),
    }
}

/// Bytes as KiB / MiB.
pub fn fmt_bytes(bytes: usize) -> String {
    let b = bytes as f64;
    if b >= 1024.0 * 1024.0 {
        format!("{:.1} MiB", b / (1024.0 * 1024.0))
    } else {
        format!("{:.0} KiB", b / 1024.0)
    }
}

/// `a / b` as a ratio with two decimals.
pub fn ratio(a: f64, b: f64) -> String {
    if b == 0.0 { "-".into() } else { format!("{:.2}", a / b) }
}

/// The machine the figures come from: cores, CPU model, memory (Linux; `?` elsewhere).
pub fn machine() -> String {
    let cores = std::thread::available_parallelism().map(|n| n.get().to_string()).unwrap_or_else(|_| "?".into());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo.lines().find_map(|l| l.strip_prefix("model name")).and_then(|l| l.split_once(':')).map(|(_, m)| m.trim().to_owned()).unwrap_or_else(|| "?".into());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|l| l.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map(|kb| format!("{:.1} GiB", kb / (1024.0 * 1024.0)))
        .unwrap_or_else(|| "?".into());
    format!("{cores} cores ({model}), {memory} memory")
}

/// Runs this bench again as a child process with `name=value` in its environment, unless the
/// variable is already set, and exits with the child's status. For settings a library reads
/// from the environment once, at start (mimalloc's options), which a running process cannot
/// change without unsafe code.
pub fn rerun_with_env(name: &str, value: &str) {
    if std::env::var_os(name).is_some() {
        return;
    }
    let exe = std::env::current_exe().expect("the bench binary's path");
    let status = Command::new(exe).args(std::env::args_os().skip(1)).env(name, value).status().expect("the bench runs again");
    std::process::exit(status.code().unwrap_or(1));
}

/// A buffer larger than the last-level cache, written through before a timed run so that the run
/// starts with cold caches, as a new process does, whatever ran before it.
#[derive(Debug)]
pub struct CacheFlush {
    buffer: Vec<u8>,
    pass: u8,
}

impl CacheFlush {
    /// Three times the size of CPU 0's last-level cache (Linux sysfs), at least 64 MiB.
    pub fn new() -> Self {
        let llc = (0..8)
            .filter_map(|i| std::fs::read_to_string(format!("/sys/devices/system/cpu/cpu0/cache/index{i}/size")).ok())
            .filter_map(|size| {
                let size = size.trim();
                let (digits, unit) = size.split_at(size.find(|c: char| !c.is_ascii_digit()).unwrap_or(size.len()));
                let n: usize = digits.parse().ok()?;
                Some(match unit {
                    "K" => n << 10,
                    "M" => n << 20,
                    _ => n,
                })
            })
            .max()
            .unwrap_or(0);
        CacheFlush { buffer: vec![0; (3 * llc).max(64 << 20)], pass: 0 }
    }

    /// Writes one byte of every cache line of the buffer, evicting what the caches held.
    pub fn flush(&mut self) {
        self.pass = self.pass.wrapping_add(1);
        for line in self.buffer.chunks_mut(64) {
            line[0] = self.pass;
        }
        std::hint::black_box(&mut self.buffer);
    }

    /// The buffer's size.
    pub fn bytes(&self) -> usize {
        self.buffer.len()
    }
}

impl Default for CacheFlush {
    fn default() -> Self {
        Self::new()
    }
}
