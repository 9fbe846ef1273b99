//! Problems found in a spec: each one carries a JSON pointer, an optional line and a hint.

use std::fmt;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Generation continues with a documented fallback.
    Warning,
    /// Generation cannot produce a correct crate.
    Error,
}

/// One problem in the input document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// RFC 6901 JSON pointer into the document, e.g. `#/paths/~1pets/get`.
    pub pointer: String,
    /// 1-based line in the source text, where it could be located.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it; for a repair, what was done.
    pub hint: String,
    /// A mistake the generator repaired (or, for an unknown key, ignored): a warning, and an
    /// error under `strict`.
    pub repaired: bool,
}

impl Diagnostic {
    /// An error at `pointer`.
    pub fn error(pointer: impl Into<String>, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self { severity: Severity::Error, pointer: pointer.into(), line: None, message: message.into(), hint: hint.into(), repaired: false }
    }

    /// A warning at `pointer`.
    pub fn warning(pointer: impl Into<String>, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, pointer: pointer.into(), line: None, message: message.into(), hint: hint.into(), repaired: false }
    }

    /// A mistake with one obvious repair, which `done` describes: a warning (an error under `strict`).
    pub fn repair(pointer: impl Into<String>, message: impl Into<String>, done: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, pointer: pointer.into(), line: None, message: message.into(), hint: done.into(), repaired: true }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: {}\n  --> {}", self.message, self.pointer)?;
        if let Some(line) = self.line {
            write!(f, " (line {line})")?;
        }
        match (self.repaired, self.severity) {
            (true, Severity::Warning) => write!(f, "\n  repaired: {}", self.hint),
            (true, Severity::Error) => write!(f, "\n  hint: fix the document (without --strict the generator would repair it: {})", self.hint),
            (false, _) => write!(f, "\n  hint: {}", self.hint),
        }
    }
}

/// Every problem found in one run, in document order of discovery.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    /// The problems.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Adds a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// True when at least one problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    /// Only the warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// Fills in line numbers from the source text.
    pub fn locate(&mut self, source: &str) {
        if self.items.iter().all(|d| d.line.is_some()) {
            return;
        }
        // Only the pointers still without a line are indexed: a full position tree of a large
        // JSON document costs more than the rest of its parsing.
        let index = crate::source::Lines::for_pointers(source, self.items.iter().filter(|d| d.line.is_none()).map(|d| d.pointer.as_str()));
        for item in &mut self.items {
            if item.line.is_none() {
                item.line = index.line_of(&item.pointer);
            }
        }
    }

    /// Under `strict`, every repair becomes an error.
    pub fn make_strict(&mut self) {
        for item in &mut self.items {
            if item.repaired {
                item.severity = Severity::Error;
            }
        }
    }

    /// Adds every problem of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Sorts errors first, then by pointer, so output does not depend on traversal details.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| b.severity.cmp(&a.severity).then_with(|| a.pointer.cmp(&b.pointer)).then_with(|| a.message.cmp(&b.message)));
        self.items.dedup();
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            writeln!(f, "{item}")?;
        }
        let errors = self.errors().count();
        let warnings = self.warnings().count();
        write!(f, "{errors} error(s), {warnings} warning(s)")
    }
}

impl std::error::Error for Diagnostics {}

/// Escapes one JSON pointer token (RFC 6901).
pub fn escape_token(token: &str) -> String {
    let mut escaped = String::with_capacity(token.len());
    push_escaped(&mut escaped, token);
    escaped
}

/// Builds `base/token` with the token escaped.
///
/// Built by hand rather than with `format!`: the checker and the lowering build a pointer for
/// nearly every node of the document, which made this a few percent of a whole generation.
pub fn child(base: &str, token: &str) -> String {
    let mut pointer = String::with_capacity(base.len() + 1 + token.len());
    pointer.push_str(base);
    pointer.push('/');
    push_escaped(&mut pointer, token);
    pointer
}

/// Appends `token` escaped: `~` as `~0`, `/` as `~1` (one pass; the same as replacing `~`
/// first and `/` second, since the first replacement brings in no `/`).
fn push_escaped(out: &mut String, token: &str) {
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

/// Undoes [`escape_token`]; borrowed when there is nothing to undo, as in nearly every
/// reference (lowering unescapes each `$ref` it resolves).
pub fn unescape_token(token: &str) -> std::borrow::Cow<'_, str> {
    if token.contains('~') { std::borrow::Cow::Owned(token.replace("~1", "/").replace("~0", "~")) } else { std::borrow::Cow::Borrowed(token) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_tokens_escape_as_rfc_6901_says() {
        for token in ["plain", "", "a/b", "~", "~1", "/~", "a~/b~0/c", "é/ü~"] {
            let expected = token.replace('~', "~0").replace('/', "~1");
            assert_eq!(escape_token(token), expected, "{token:?}");
            assert_eq!(child("#/x", token), format!("#/x/{expected}"), "{token:?}");
            assert_eq!(unescape_token(&escape_token(token)), token, "{token:?}");
        }
    }
}
