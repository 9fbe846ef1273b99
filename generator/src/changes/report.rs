//! The two forms of a diff report: text for reviewers (grouped by module) and JSON for tools.

use super::{Diff, Level, What};

/// A diff with what it compared and the version it leads to.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Report<'a> {
    /// How OLD was named (`HEAD:spec/optimove.yaml`).
    pub old: &'a str,
    /// How NEW was named.
    pub new: &'a str,
    /// The crate version the verdict starts from.
    pub version: &'a str,
    /// The version the verdict leads to (Cargo's rules).
    pub next_version: String,
    /// The comparison.
    #[serde(flatten)]
    pub diff: &'a Diff,
}

impl Report<'_> {
    /// The JSON form (stable keys, pretty-printed).
    pub fn json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The text form: changes grouped by module, then wire notes, then the verdict.
    pub fn text(&self) -> String {
        let d = self.diff;
        let mut out = format!("API changes from {} to {}\n", self.old, self.new);
        if d.changes.is_empty() {
            out.push_str("\n  (none: the generated crate's public API is the same)\n");
        }
        let mut module = None;
        for c in &d.changes {
            if module != Some(&c.module) {
                out.push_str(&format!("\n{}\n", c.module));
                module = Some(&c.module);
            }
            let (mark, verb) = match c.what {
                What::Added => ('+', "added"),
                What::Removed => ('-', "removed"),
                What::Changed => ('~', "changed"),
            };
            let flag = if c.breaking { "BREAKING" } else { "ok" };
            out.push_str(&format!("  {mark} {verb} {} `{}` [{flag}]\n", c.category, c.path));
            match (&c.old, &c.new) {
                (Some(old), Some(new)) => out.push_str(&format!("      was: {old}\n      now: {new}\n")),
                (Some(sig), None) | (None, Some(sig)) => out.push_str(&format!("      {sig}\n")),
                (None, None) => {}
            }
            out.push_str(&format!("      why: {}\n", c.reason));
        }
        out.push_str("\nWire notes (the HTTP contract; the Rust API above does not show these)\n");
        if d.wire_notes.is_empty() {
            out.push_str("  (none)\n");
        }
        for n in &d.wire_notes {
            out.push_str(&format!("  * {}: {}\n", n.subject, n.text));
        }
        let breaking = d.breaking();
        let compatible = d.changes.len() - breaking;
        let meaning = match d.level {
            Level::Major => "breaking: code written against the old crate may not compile",
            Level::Minor => "compatible API changes only",
            Level::Patch => "the crate's Rust API is unchanged",
            Level::None => "nothing changed",
        };
        out.push_str(&format!(
            "\nVerdict: {} ({meaning}); {breaking} breaking and {compatible} compatible API change(s), {} wire note(s)\nVersion: {} -> {}",
            d.level.as_str(),
            d.wire_notes.len(),
            self.version,
            self.next_version
        ));
        if self.version.starts_with("0.") && d.level != Level::None {
            out.push_str(" (Cargo's 0.x rule: for 0.y.z, breaking bumps y, anything else bumps z)");
        }
        out.push('\n');
        out
    }
}
