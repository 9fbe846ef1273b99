//! The README opens with exactly the two set-up commands a fresh machine needs, and CI runs the
//! second one: a README edit that adds a third line or renames a command fails here.

use workspace_tests::{read_text, workspace_root};

fn read(path: &str) -> String {
    read_text(&workspace_root().join(path))
}

/// The commands of the README's first fenced block, comments stripped.
fn opening_commands(readme: &str) -> Vec<String> {
    let mut lines = readme.lines().skip_while(|l| !l.starts_with("```"));
    assert!(lines.next().is_some(), "README.md has no fenced code block");
    lines
        .take_while(|l| !l.starts_with("```"))
        .map(|l| l.split('#').next().unwrap_or_default().trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn readme_starts_with_the_two_setup_commands() {
    let readme = read("README.md");
    let first_block_start = readme.find("```").expect("README.md has no fenced code block");
    assert!(
        !readme[..first_block_start].lines().any(|l| l.starts_with("# ")),
        "the set-up commands must come before the README's title and prose"
    );
    assert_eq!(opening_commands(&readme), ["cargo xtask codegen", "cargo xtask test"], "README.md must open with exactly the two set-up commands");
}

#[test]
fn ci_runs_the_readme_test_command() {
    let ci = read(".ci/run");
    let runs: Vec<&str> = ci.lines().map(str::trim).filter(|l| !l.starts_with('#')).collect();
    assert!(runs.contains(&"cargo xtask test"), ".ci/run must run the README's test command `cargo xtask test`");
}
