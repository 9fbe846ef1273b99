//! Whole-process generation: our release `xtask codegen` binary against `cargo-progenitor`, each
//! started as a new process on the same document and writing a new crate directory, so start-up,
//! reading, writing and the allocator are in the figure as a user meets them.
//!
//! The documents are the ones of `../shared` (read in place) that progenitor generates: which
//! those are is found by running it once on each, since it rejects or panics on most real-world
//! documents. Runs alternate ours / progenitor round by round, and each ratio is the median of
//! the per-round ratios, so a burst of load on the shared machine moves both sides of a pair.

use crate::harness::time;
use crate::workspace_root;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

/// A document of `../shared`: its label (`corpus/x.yaml`), path and size in bytes.
#[derive(Debug, Clone)]
pub struct Document {
    /// `corpus/NAME` or `specs/NAME`.
    pub label: String,
    /// Where it is read from.
    pub path: PathBuf,
    /// Size in bytes.
    pub bytes: u64,
}

/// Every JSON or YAML document of `../shared/corpus` and `../shared/specs`, largest first.
pub fn shared_documents() -> Vec<Document> {
    let shared = workspace_root().join("../shared");
    let mut docs = Vec::new();
    for folder in ["corpus", "specs"] {
        let Ok(entries) = std::fs::read_dir(shared.join(folder)) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.extension().is_some_and(|x| x == "json" || x == "yaml" || x == "yml") {
                continue;
            }
            let bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
            docs.push(Document { label: format!("{folder}/{}", entry.file_name().to_string_lossy()), path, bytes });
        }
    }
    docs.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.label.cmp(&b.label)));
    docs
}

/// Builds `xtask` in release mode (the profile this bench runs in; a no-op when it is fresh) and
/// returns the binary, or why it could not.
pub fn release_codegen() -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(&cargo)
        .args(["build", "--release", "--quiet", "-p", "xtask"])
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!("`cargo build --release -p xtask` failed ({status})"));
    }
    // The bench binary is target/release/deps/generate-HASH; xtask lands in target/release.
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let release = exe.parent().and_then(Path::parent).ok_or("no target directory")?;
    let bin = release.join(format!("xtask{}", std::env::consts::EXE_SUFFIX));
    bin.exists().then_some(bin.clone()).ok_or_else(|| format!("{} was not built", bin.display()))
}

/// `cargo-progenitor` from `PATH` or `~/.cargo/bin`, when installed.
pub fn progenitor() -> Option<PathBuf> {
    let name = format!("cargo-progenitor{}", std::env::consts::EXE_SUFFIX);
    let dirs = std::env::var_os("PATH").map(|p| std::env::split_paths(&p).collect::<Vec<_>>()).unwrap_or_default();
    let home = std::env::var_os("CARGO_HOME").map(PathBuf::from).or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    dirs.into_iter().chain(home.map(|h| h.join("bin"))).map(|d| d.join(&name)).find(|p| p.is_file())
}

/// Which generator a run starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// `xtask codegen --spec DOC --out DIR --name bench-client`.
    Ours,
    /// `cargo-progenitor progenitor -i DOC -o DIR -n bench-client -v 0.1.0` (its default
    /// interface and tag style).
    Progenitor,
}

/// One finished run: wall time from start to exit, and the CPU time (user + system, all its
/// threads) the kernel accounted to it. On a loaded machine the wall time includes waiting for a
/// core; the CPU time does not.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    /// Start to exit.
    pub wall: Duration,
    /// User + system time of the process (Linux: `/proc/self/stat`, 10 ms ticks; zero elsewhere).
    pub cpu: Duration,
}

/// User + system time of this process's reaped children (and theirs, once reaped) so far (Linux;
/// zero elsewhere).
pub fn children_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime
    // are fields 16 and 17, in clock ticks of 1/100 s (USER_HZ on every Linux architecture).
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
    let fields: Vec<u64> = rest.split_whitespace().map(|f| f.parse().unwrap_or(0)).collect();
    let ticks = fields.get(13).copied().unwrap_or(0) + fields.get(14).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// User + system time of this process, all its threads, so far (Linux: fields 14 and 15 of
/// `/proc/self/stat`, 10 ms ticks; zero elsewhere). Unlike wall time it does not count waiting
/// for a core, so ratios of it survive a shared machine's load swings.
pub fn own_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
    let fields: Vec<u64> = rest.split_whitespace().map(|f| f.parse().unwrap_or(0)).collect();
    let ticks = fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// Starts one generation into a new directory under `scratch` and times the process from start
/// to exit; `Err` with the end of its output when it fails. The directory is removed afterwards.
pub fn run(tool: Tool, bin: &Path, doc: &Path, scratch: &Path) -> Result<Run, String> {
    let out = scratch.join(match tool {
        Tool::Ours => "ours",
        Tool::Progenitor => "progenitor",
    });
    let _ = std::fs::remove_dir_all(&out);
    let mut command = Command::new(bin);
    match tool {
        Tool::Ours => command.arg("codegen").arg("--spec").arg(doc).arg("--out").arg(&out).args(["--name", "bench-client"]),
        Tool::Progenitor => command.arg("progenitor").arg("-i").arg(doc).arg("-o").arg(&out).args(["-n", "bench-client", "-v", "0.1.0"]),
    };
    command.stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
    let cpu_before = children_cpu();
    let (elapsed, output) = time(|| command.output());
    let cpu = children_cpu().saturating_sub(cpu_before);
    let _ = std::fs::remove_dir_all(&out);
    let output = output.map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    if output.status.success() {
        Ok(Run { wall: elapsed, cpu })
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).rev().take(2).collect();
        Err(format!("{} ({})", output.status, tail.into_iter().rev().collect::<Vec<_>>().join(" / ")))
    }
}

/// The load average over the last minute (Linux; `?` elsewhere), to print beside wall times.
pub fn load_average() -> String {
    load_averages(1)
}

/// The first `n` load averages (1, 5 and 15 minutes), space-separated, or `?` off Linux.
pub fn load_averages(n: usize) -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let figures: Vec<&str> = text.split_whitespace().take(n).collect();
    if figures.is_empty() { "?".into() } else { figures.join(" ") }
}

/// A scratch directory of its own for one bench process (outside the project's sources), in
/// memory (`/dev/shm`) where there is such a file system, else in the temporary directory.
///
/// Memory, because the state of a disk's file system otherwise decides the small documents'
/// figures: on ext4, creating a file scans past recently deleted inodes (the bench deletes each
/// crate it wrote, and builds and tests delete many more), and within one session the system
/// time of one `xtask codegen` of vonage's document grew from 8 to 18 ms (8.4 to 8.8 ms into
/// `/dev/shm` at the same time) while progenitor, which creates a third as many files, moved
/// less. What is timed is then the tools' own work: reading, generating, writing.
pub fn scratch_dir(name: &str) -> PathBuf {
    let leaf = format!("optimove-bench-{name}-{}", std::process::id());
    // Creating it is the test: a `/dev/shm` may be missing, or read-only in a container.
    let in_memory = Path::new("/dev/shm").join(&leaf);
    if std::fs::create_dir_all(&in_memory).is_ok() {
        return in_memory;
    }
    let dir = std::env::temp_dir().join(leaf);
    let _ = std::fs::create_dir_all(&dir);
    dir
}
