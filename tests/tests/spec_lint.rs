//! The real validator: Redocly CLI (pinned in package-lock.json) must find zero problems in
//! spec/optimove.yaml. `cargo xtask test` installs it with `npm ci` first.

use std::process::Command;
use workspace_tests::workspace_root;

#[test]
fn redocly_lint_passes() {
    let root = workspace_root();
    let bin = root.join("node_modules/.bin/redocly");
    assert!(bin.exists(), "Redocly CLI is not installed: run `cargo xtask test` (it runs `npm ci`) or `npm ci`");
    let output = Command::new(&bin)
        .args(["lint", "spec/optimove.yaml", "--format", "stylish"])
        .env("REDOCLY_TELEMETRY", "off")
        .env("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true")
        .current_dir(&root)
        .output()
        .expect("redocly runs");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "redocly lint failed:\n{text}");
    assert!(!text.contains(" error "), "redocly reported errors:\n{text}");
}
