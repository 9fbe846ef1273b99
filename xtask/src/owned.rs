//! Which files of an output directory the generator owns, and writing a generated crate into it
//! without touching anything else.
//!
//! A file is the generator's when its first line carries [`GENERATED_MARKER`], or, for a kind
//! of file that cannot carry a comment header, when the directory's own manifest
//! ([`MANIFEST_PATH`], itself marked) lists it. A listed `.rs` or `.toml` file whose header is
//! gone was rewritten by someone: it is theirs now. `target/` at the top,
//! every dotfile or dot-directory and every `Cargo.lock` are never read, written or removed,
//! whatever the manifest says.

use generator::emit::{GENERATED_MARKER, MANIFEST_PATH};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

/// What an output directory holds, split by owner.
#[derive(Debug, Default)]
pub struct Scan {
    /// Files the generator wrote (relative, `/`-separated).
    pub owned: BTreeSet<String>,
    /// Files it did not write: never overwritten (without `--force`) nor removed.
    pub foreign: BTreeSet<String>,
    /// The directory holds a marked manifest or a marked `Cargo.toml`: a crate we generated.
    pub generated_crate: bool,
}

/// Paths that are never the generator's, whatever a manifest or header says.
pub fn protected(rel: &str) -> bool {
    let mut parts = rel.split('/');
    let first = parts.next().unwrap_or_default();
    first == "target" || rel.split('/').any(|p| p.starts_with('.') || p == "Cargo.lock" || p.is_empty() || p == "..")
}

/// Kinds of file the generator always writes with a comment header (so a missing header means
/// the file is not, or no longer, the generator's).
fn carries_header(rel: &str) -> bool {
    [".rs", ".toml", ".txt"].iter().any(|ext| rel.ends_with(ext))
}

/// True when the file's first line carries the generator's marker (only the first 4 KiB are read).
pub fn has_marker(path: &Path) -> bool {
    let mut head = Vec::new();
    let Ok(file) = std::fs::File::open(path) else { return false };
    if file.take(4096).read_to_end(&mut head).is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&head);
    text.lines().next().is_some_and(|first| first.contains(GENERATED_MARKER))
}

/// Paths listed by the directory's manifest, if the manifest is the generator's.
fn manifest_paths(out: &Path) -> Option<BTreeSet<String>> {
    let path = out.join(MANIFEST_PATH);
    if !has_marker(&path) {
        return None;
    }
    let text = std::fs::read_to_string(path).ok()?;
    Some(text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#') && !protected(l)).map(str::to_owned).collect())
}

/// Sorts every file below `out` (protected paths skipped) into owned and foreign.
pub fn scan(out: &Path) -> Scan {
    let listed = manifest_paths(out);
    let mut scan = Scan { generated_crate: listed.is_some() || has_marker(&out.join("Cargo.toml")), ..Scan::default() };
    let listed = listed.unwrap_or_default();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(rel) = path.strip_prefix(out) else { continue };
            let rel = rel.to_string_lossy().replace('\\', "/");
            if protected(&rel) {
                continue;
            }
            // A symlink is followed by neither the walk nor removal: it is the user's.
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                stack.push(path);
            } else if kind.is_file() && (has_marker(&path) || (listed.contains(&rel) && !carries_header(&rel))) {
                scan.owned.insert(rel);
            } else {
                scan.foreign.insert(rel);
            }
        }
    }
    scan
}

/// What a write did, for the closing summary.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Written {
    /// Files created or replaced.
    pub written: Vec<String>,
    /// Files that already had the generated text.
    pub unchanged: usize,
    /// Generated files the spec no longer produces, removed.
    pub removed: Vec<String>,
    /// Files the generator does not own, left as they were.
    pub kept: Vec<String>,
}

/// Why a write was refused or failed; nothing was written when it was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum WriteError {
    /// `out` is not empty and is not a crate the generator made.
    NotGenerated { out: PathBuf, examples: Vec<String>, count: usize },
    /// Generated paths are taken by files the generator did not write.
    Conflicts { out: PathBuf, paths: Vec<String> },
    /// The file system said no.
    Io(String),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::NotGenerated { out, examples, count } => write!(
                f,
                "{} is not empty and is not a crate generated by optimove-rs (it has no marked {MANIFEST_PATH} or Cargo.toml); it holds {count} file(s), e.g. {}.\n\
                 Nothing was written. Choose an empty or new directory with --out, or pass --force to write into this one \
                 (files the generator does not write are kept either way).",
                out.display(),
                examples.join(", ")
            ),
            WriteError::Conflicts { out, paths } => write!(
                f,
                "in {}, these paths would be overwritten but were not written by the generator (no `{GENERATED_MARKER}` header, not in {MANIFEST_PATH}):\n  {}\n\
                 Nothing was written. Move them away, or pass --force to replace them.",
                out.display(),
                paths.join("\n  ")
            ),
            WriteError::Io(message) => f.write_str(message),
        }
    }
}

/// Writes `files` into `out`: replaces only owned files, removes owned files that are no longer
/// generated, keeps everything else. Refuses (writing nothing) when `out` holds files but is not
/// a generated crate, or when a generated path holds a foreign file, unless `force`.
pub fn write(out: &Path, files: &BTreeMap<String, String>, force: bool) -> Result<Written, WriteError> {
    if out.exists() && !out.is_dir() {
        return Err(WriteError::Io(format!("{} exists and is not a directory", out.display())));
    }
    let scan = scan(out);
    if !force && !scan.generated_crate && !scan.foreign.is_empty() {
        let examples = scan.foreign.iter().take(3).cloned().collect();
        return Err(WriteError::NotGenerated { out: out.to_path_buf(), examples, count: scan.foreign.len() + scan.owned.len() });
    }
    let conflicts: Vec<String> = files.keys().filter(|p| scan.foreign.contains(*p)).cloned().collect();
    if !force && !conflicts.is_empty() {
        return Err(WriteError::Conflicts { out: out.to_path_buf(), paths: conflicts });
    }
    if let Some(bad) = files.keys().find(|p| protected(p)) {
        return Err(WriteError::Io(format!("the generator produced `{bad}`, a path it must never write (generator bug)")));
    }
    let mut done = Written::default();
    for (path, content) in files {
        let target = out.join(path);
        if std::fs::read(&target).ok().as_deref() == Some(content.as_bytes()) {
            done.unchanged += 1;
            continue;
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| WriteError::Io(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&target, content).map_err(|e| WriteError::Io(format!("cannot write {}: {e}", target.display())))?;
        done.written.push(path.clone());
    }
    for stale in scan.owned.iter().filter(|p| !files.contains_key(*p)) {
        let target = out.join(stale);
        std::fs::remove_file(&target).map_err(|e| WriteError::Io(format!("cannot remove {}: {e}", target.display())))?;
        done.removed.push(stale.clone());
        // Directories emptied by the removal go too; `remove_dir` refuses non-empty ones.
        let mut dir = target.parent().map(Path::to_path_buf);
        while let Some(d) = dir.filter(|d| d.starts_with(out) && d != out) {
            if std::fs::remove_dir(&d).is_err() {
                break;
            }
            dir = d.parent().map(Path::to_path_buf);
        }
    }
    done.kept = scan.foreign.iter().filter(|p| !files.contains_key(*p)).cloned().collect();
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A fresh directory under the system temp dir, removed when dropped.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new() -> Self {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let dir = std::env::temp_dir().join(format!("xtask-owned-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).expect("temp dir");
            TempDir(dir)
        }

        fn put(&self, rel: &str, text: &str) {
            let path = self.0.join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }

        fn read(&self, rel: &str) -> Option<String> {
            std::fs::read_to_string(self.0.join(rel)).ok()
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// The real generator's output for a small fixture (so headers and manifest are the real ones).
    fn generated() -> BTreeMap<String, String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let text = std::fs::read_to_string(root.join("tests/fixtures/enums.yaml")).expect("fixture");
        generator::generate(&text, &generator::Settings::default()).expect("generates").files
    }

    #[test]
    fn a_new_or_empty_directory_gets_the_crate_and_a_second_run_changes_nothing() {
        let dir = TempDir::new();
        let out = dir.0.join("new/crate");
        let files = generated();
        let first = write(&out, &files, false).expect("writes");
        assert_eq!(first.written.len(), files.len());
        let second = write(&out, &files, false).expect("writes again");
        assert_eq!(second, Written { unchanged: files.len(), ..Written::default() });
    }

    #[test]
    fn foreign_files_lockfile_target_and_dotfiles_are_kept() {
        let dir = TempDir::new();
        let files = generated();
        write(&dir.0, &files, false).expect("writes");
        for (rel, text) in [("NOTES.md", "mine"), ("examples/demo.rs", "fn main() {}"), ("Cargo.lock", "# lock"), ("target/debug/x", "bin"), (".gitignore", "target"), ("src/.hidden", "h"), ("src/extra.rs", "// my module")] {
            dir.put(rel, text);
        }
        let again = write(&dir.0, &files, false).expect("regenerates");
        for rel in ["NOTES.md", "examples/demo.rs", "Cargo.lock", "target/debug/x", ".gitignore", "src/.hidden", "src/extra.rs"] {
            assert!(dir.read(rel).is_some(), "{rel} was removed");
        }
        assert_eq!(again.kept, ["NOTES.md", "examples/demo.rs", "src/extra.rs"]);
        assert!(again.removed.is_empty());
    }

    #[test]
    fn stale_generated_files_are_removed_by_header_or_by_manifest() {
        let dir = TempDir::new();
        let files = generated();
        write(&dir.0, &files, false).expect("writes");
        // A module the spec no longer produces, with the header (any text after the marker).
        dir.put("src/api/gone.rs", &format!("// {GENERATED_MARKER} from an older spec.\npub fn f() {{}}\n"));
        // A file without a header that an older manifest listed.
        let mut manifest = files[MANIFEST_PATH].clone();
        manifest.push_str("data/old.json\n");
        dir.put(MANIFEST_PATH, &manifest);
        dir.put("data/old.json", "{}");
        let done = write(&dir.0, &files, false).expect("regenerates");
        assert_eq!(done.removed, ["data/old.json", "src/api/gone.rs"]);
        assert!(dir.read("src/api/gone.rs").is_none() && !dir.0.join("data").exists(), "emptied directory removed too");
        assert_eq!(done.written, [MANIFEST_PATH]);
    }

    #[test]
    fn a_non_empty_foreign_directory_is_refused_unless_forced() {
        let dir = TempDir::new();
        for (rel, text) in [("NOTES.md", "mine"), ("examples/demo.rs", "fn main() {}"), ("Cargo.lock", "# lock")] {
            dir.put(rel, text);
        }
        let files = generated();
        let refused = write(&dir.0, &files, false).expect_err("refused");
        let message = refused.to_string();
        assert!(message.contains("not a crate generated") && message.contains("--force") && message.contains("examples/demo.rs"), "{message}");
        assert!(dir.read("Cargo.toml").is_none(), "nothing written when refused");
        let forced = write(&dir.0, &files, true).expect("forced");
        assert_eq!(forced.written.len(), files.len());
        assert_eq!(forced.kept, ["NOTES.md", "examples/demo.rs"]);
        assert_eq!(dir.read("NOTES.md").as_deref(), Some("mine"));
        assert_eq!(dir.read("Cargo.lock").as_deref(), Some("# lock"));
    }

    #[test]
    fn only_dotfiles_target_or_nothing_do_not_count_as_content() {
        let dir = TempDir::new();
        dir.put(".git/HEAD", "ref");
        dir.put("target/x", "bin");
        write(&dir.0, &generated(), false).expect("a directory with only .git and target/ is writable");
        assert_eq!(dir.read(".git/HEAD").as_deref(), Some("ref"));
        assert_eq!(dir.read("target/x").as_deref(), Some("bin"));
    }

    #[test]
    fn a_hand_written_file_at_a_generated_path_is_refused_unless_forced() {
        let dir = TempDir::new();
        let files = generated();
        write(&dir.0, &files, false).expect("writes");
        dir.put("src/lib.rs", "//! my own lib\n");
        let refused = write(&dir.0, &files, false).expect_err("refused");
        assert_eq!(refused, WriteError::Conflicts { out: dir.0.clone(), paths: vec!["src/lib.rs".into()] });
        assert_eq!(dir.read("src/lib.rs").as_deref(), Some("//! my own lib\n"));
        write(&dir.0, &files, true).expect("forced");
        assert_eq!(dir.read("src/lib.rs").as_deref(), Some(files["src/lib.rs"].as_str()));
    }

    #[test]
    fn protected_paths() {
        for p in ["target/debug/x", "Cargo.lock", "sub/Cargo.lock", ".gitignore", "src/.x", "../up", "a//b"] {
            assert!(protected(p), "{p}");
        }
        for p in ["Cargo.toml", "src/lib.rs", "src/target/x.rs", MANIFEST_PATH] {
            assert!(!protected(p), "{p}");
        }
    }
}
