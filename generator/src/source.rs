//! The first stage: document text -> [`serde_json::Value`], and JSON pointer -> line of that text.
//!
//! JSON text (it starts with `{` or `[`) is read by serde_json, so everything JSON allows is
//! accepted (surrogate-pair escapes such as `"\ud83d\udc4d"` included) and a syntax error names
//! its line and column. Anything else is read as YAML by [`crate::yaml`] (streaming, straight
//! from libyaml-safer's events, the values serde_yaml gave). Both end as the same `serde_json::Value`:
//! later stages (a 2.0 / 3.1 front end, [`crate::check`], deserialising into openapiv3) never
//! see which syntax the document was written in. [`Lines`] maps pointers back to the text.

use crate::diagnostics::{Diagnostic, Diagnostics};
use serde_json::Value;

/// The syntax a document is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// JSON (the text starts with `{` or `[`).
    Json,
    /// YAML (everything else).
    Yaml,
}

/// Which syntax `text` is read with.
pub fn syntax(text: &str) -> Syntax {
    match text.trim_start_matches('\u{feff}').trim_start().as_bytes().first() {
        Some(b'{' | b'[') => Syntax::Json,
        _ => Syntax::Yaml,
    }
}

/// Reads the document text into a JSON value; a syntax error is a located diagnostic.
pub fn read(text: &str) -> Result<Value, Diagnostics> {
    let mut diags = Diagnostics::default();
    let text = text.trim_start_matches('\u{feff}');
    match syntax(text) {
        Syntax::Json => match serde_json::from_str::<Value>(text) {
            Ok(value) => Ok(value),
            Err(e) => {
                let mut d = Diagnostic::error("#", format!("the document is not valid JSON: {e}"), "fix the JSON syntax at the given line and column");
                d.line = Some(e.line()).filter(|l| *l > 0);
                diags.push(d);
                Err(diags)
            }
        },
        Syntax::Yaml => match crate::yaml::read(text) {
            Ok(value) => Ok(value),
            Err(e) => {
                let d = if e.non_scalar_key {
                    Diagnostic::error(e.pointer, e.message, "use strings (or numbers) as mapping keys")
                } else {
                    Diagnostic::error(e.pointer, format!("the document is not valid YAML: {}", e.message), "fix the YAML syntax at the given line")
                };
                diags.push(Diagnostic { line: e.line, ..d });
                Err(diags)
            }
        },
    }
}

/// Pointer -> 1-based line of the original text. JSON is located exactly (a position tree
/// built by one scan of the text); YAML by the indentation walk of [`crate::locate`].
pub enum Lines<'a> {
    /// Exact positions of every JSON value.
    Json(JsonIndex<'a>),
    /// The indentation-based YAML lookup.
    Yaml(crate::locate::LineIndex<'a>),
}

impl<'a> Lines<'a> {
    /// Indexes `text` (JSON or YAML, as [`read`] would read it).
    pub fn new(text: &'a str) -> Self {
        match syntax(text) {
            Syntax::Json => JsonIndex::new(text).map(Lines::Json).unwrap_or_else(|| Lines::Yaml(crate::locate::LineIndex::new(text))),
            Syntax::Yaml => Lines::Yaml(crate::locate::LineIndex::new(text)),
        }
    }

    /// Indexes `text` for looking up `pointers` only: for JSON, the position tree holds just the
    /// values on their paths (the rest of the text is skipped without building nodes), so locating
    /// a few diagnostics in a 4 MB document costs one scan, not a tree of every value.
    pub fn for_pointers<'p>(text: &'a str, pointers: impl IntoIterator<Item = &'p str>) -> Self {
        match syntax(text) {
            Syntax::Json => JsonIndex::for_pointers(text, pointers).map(Lines::Json).unwrap_or_else(|| Lines::Yaml(crate::locate::LineIndex::new(text))),
            Syntax::Yaml => Lines::Yaml(crate::locate::LineIndex::new(text)),
        }
    }

    /// The line of the value at `pointer` (`#/a/b`), or of its deepest ancestor found.
    pub fn line_of(&self, pointer: &str) -> Option<usize> {
        match self {
            Lines::Json(index) => index.line_of(pointer),
            Lines::Yaml(index) => index.line_of(pointer),
        }
    }
}

/// One JSON value's place: the line it starts on (for a member, the line of its key).
struct Node {
    line: u32,
    kind: NodeKind,
}

enum NodeKind {
    Scalar,
    /// Members as (raw key text between the quotes, value).
    Object(Vec<((u32, u32), Node)>),
    Array(Vec<Node>),
}

/// Positions of every value of a JSON text.
pub struct JsonIndex<'a> {
    text: &'a str,
    root: Node,
}

impl<'a> JsonIndex<'a> {
    /// Scans `text`; `None` if it is not JSON this scanner understands (then the caller falls back).
    pub fn new(text: &'a str) -> Option<Self> {
        Self::scan(text, None)
    }

    /// Like [`JsonIndex::new`], keeping only the values on the paths of `pointers` (and their
    /// ancestors), which is all [`JsonIndex::line_of`] needs to answer for those pointers.
    pub fn for_pointers<'p>(text: &'a str, pointers: impl IntoIterator<Item = &'p str>) -> Option<Self> {
        let mut wanted = Wanted::default();
        for pointer in pointers {
            let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
            let mut node = &mut wanted;
            for token in pointer.split('/').skip(1) {
                let token = token.replace("~1", "/").replace("~0", "~");
                let at = match node.children.iter().position(|(t, _)| *t == token) {
                    Some(at) => at,
                    None => {
                        node.children.push((token, Wanted::default()));
                        node.children.len() - 1
                    }
                };
                node = &mut node.children[at].1;
            }
        }
        Self::scan(text, Some(&wanted))
    }

    fn scan(text: &'a str, wanted: Option<&Wanted>) -> Option<Self> {
        let mut scanner = Scanner { bytes: text.as_bytes(), pos: 0, line: 1, text };
        scanner.skip_ws();
        let root = scanner.value(0, wanted)?;
        Some(Self { text, root })
    }

    /// The line of `pointer`, or of its deepest ancestor that exists.
    pub fn line_of(&self, pointer: &str) -> Option<usize> {
        let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
        let mut node = &self.root;
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            let next = match &node.kind {
                NodeKind::Object(members) => members.iter().rev().find(|((start, end), _)| self.key_is(*start, *end, &token)).map(|(_, n)| n),
                NodeKind::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                NodeKind::Scalar => None,
            };
            match next {
                Some(n) => node = n,
                None => break,
            }
        }
        Some(node.line as usize)
    }

    fn key_is(&self, start: u32, end: u32, token: &str) -> bool {
        key_is(self.text, start, end, token)
    }
}

/// Whether the raw key text `text[start..end]` (between the quotes, escapes as written) is `token`.
fn key_is(text: &str, start: u32, end: u32, token: &str) -> bool {
    let raw = &text[start as usize..end as usize];
    if !raw.contains('\\') {
        return raw == token;
    }
    serde_json::from_str::<String>(&format!("\"{raw}\"")).is_ok_and(|k| k == token)
}

/// The pointer tokens a pruned index keeps: a trie of member names and array indices.
#[derive(Debug, Default)]
struct Wanted {
    children: Vec<(String, Wanted)>,
}

impl Wanted {
    /// The subtree for an object member with the raw key `text[start..end]`.
    fn member(&self, text: &str, start: u32, end: u32) -> Option<&Wanted> {
        self.children.iter().find(|(t, _)| key_is(text, start, end, t)).map(|(_, w)| w)
    }

    /// The subtree for array item `index`.
    fn item(&self, index: usize) -> Option<&Wanted> {
        self.children.iter().find(|(t, _)| t.parse::<usize>().ok() == Some(index)).map(|(_, w)| w)
    }
}

/// Serde_json has already accepted the text, so this scanner trusts its structure.
struct Scanner<'b> {
    bytes: &'b [u8],
    pos: usize,
    line: u32,
    text: &'b str,
}

impl Scanner<'_> {
    fn skip_ws(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b'\n' => self.line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => break,
            }
            self.pos += 1;
        }
    }

    /// Skips a string (at its opening quote); returns the byte range between the quotes.
    fn string(&mut self) -> Option<(u32, u32)> {
        self.pos += 1;
        let start = self.pos;
        loop {
            match *self.bytes.get(self.pos)? {
                b'"' => break,
                b'\\' => self.pos += 2,
                b'\n' => {
                    self.line += 1;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
        let end = self.pos;
        self.pos += 1;
        Some((start as u32, end as u32))
    }

    /// Skips one value without building nodes (lines are still counted).
    fn skip(&mut self) -> Option<()> {
        // Strings hide brackets, so they are skipped whole; every other byte only moves the depth.
        let mut depth = 0usize;
        loop {
            match *self.bytes.get(self.pos)? {
                b'"' => {
                    self.string()?;
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                }
                b'}' | b']' => {
                    depth = depth.checked_sub(1)?;
                    self.pos += 1;
                }
                b'\n' => {
                    self.line += 1;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
            if depth == 0 {
                // A scalar other than a string ends before the next delimiter.
                while self.bytes.get(self.pos).is_some_and(|b| !matches!(b, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')) {
                    self.pos += 1;
                }
                return Some(());
            }
        }
    }

    /// serde_json nests at most 128 levels, so recursion stays shallow. With `wanted`, only the
    /// members and items it names get nodes; the others are skipped.
    fn value(&mut self, depth: usize, wanted: Option<&Wanted>) -> Option<Node> {
        if depth > 200 {
            return None;
        }
        let line = self.line;
        let kind = match *self.bytes.get(self.pos)? {
            b'{' => {
                self.pos += 1;
                let mut members = Vec::new();
                loop {
                    self.skip_ws();
                    match *self.bytes.get(self.pos)? {
                        b'}' => {
                            self.pos += 1;
                            break;
                        }
                        b',' => self.pos += 1,
                        b'"' => {
                            let key_line = self.line;
                            let key = self.string()?;
                            self.skip_ws();
                            if self.bytes.get(self.pos) != Some(&b':') {
                                return None;
                            }
                            self.pos += 1;
                            self.skip_ws();
                            let inner = match wanted {
                                None => None,
                                Some(w) => match w.member(self.text, key.0, key.1) {
                                    Some(inner) => Some(inner),
                                    None => {
                                        self.skip()?;
                                        continue;
                                    }
                                },
                            };
                            let mut node = self.value(depth + 1, inner)?;
                            node.line = key_line;
                            members.push((key, node));
                        }
                        _ => return None,
                    }
                }
                NodeKind::Object(members)
            }
            b'[' => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    match *self.bytes.get(self.pos)? {
                        b']' => {
                            self.pos += 1;
                            break;
                        }
                        b',' => self.pos += 1,
                        _ => {
                            // Skipped items still count: line_of finds items by position.
                            let index = items.len();
                            match wanted.map(|w| w.item(index)) {
                                Some(None) => {
                                    self.skip()?;
                                    items.push(Node { line: self.line, kind: NodeKind::Scalar });
                                }
                                Some(inner) => items.push(self.value(depth + 1, inner)?),
                                None => items.push(self.value(depth + 1, None)?),
                            }
                        }
                    }
                }
                NodeKind::Array(items)
            }
            b'"' => {
                self.string()?;
                NodeKind::Scalar
            }
            _ => {
                while self.bytes.get(self.pos).is_some_and(|b| !matches!(b, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')) {
                    self.pos += 1;
                }
                NodeKind::Scalar
            }
        };
        Some(Node { line, kind })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_read_as_json_with_surrogate_pairs() {
        let value = read("{\"a\": \"\\ud83d\\udc4d\"}").expect("valid JSON");
        assert_eq!(value["a"], "\u{1f44d}");
    }

    #[test]
    fn json_errors_have_line_and_column() {
        let diags = read("{\n  \"a\": 1,\n  \"b\": \n}").expect_err("invalid");
        assert_eq!(diags.items[0].line, Some(4));
        assert!(diags.items[0].message.contains("column"), "{diags}");
    }

    #[test]
    fn yaml_keys_become_strings() {
        let value = read("responses:\n  200:\n    description: ok\n").expect("valid YAML");
        assert_eq!(value["responses"]["200"]["description"], "ok");
    }

    #[test]
    fn json_index_locates_minified_and_escaped_keys() {
        let text = "{\"paths\":{\"/a\":{\"get\":{}}},\n\"x\":[1,\n{\"k\\u0041\":2}]}";
        let index = JsonIndex::new(text).expect("scans");
        assert_eq!(index.line_of("#/paths/~1a/get"), Some(1));
        assert_eq!(index.line_of("#/x/1"), Some(3));
        assert_eq!(index.line_of("#/x/1/kA"), Some(3));
        assert_eq!(index.line_of("#/x/1/missing"), Some(3));
    }

    /// The pruned index answers exactly as the full one for the pointers it was built for.
    #[test]
    fn pruned_json_index_agrees_with_the_full_one() {
        let text = "{\"a\": [1, {\"b\": \"}]{[\\\"\"},\n [2,\n3], {\"c\":\n {\"d\": true}}],\n\"e\": {\"f\": -1.5e3, \"g\":\n null}, \"k\\u0041\": {\"h\": 1}}";
        let full = JsonIndex::new(text).expect("scans");
        let pointers = ["#/a/3/c/d", "#/a/2/1", "#/e/g", "#/e/missing", "#/a/9", "#/kA/h", "#", "#/a/1/b"];
        for pointer in pointers {
            let pruned = JsonIndex::for_pointers(text, [pointer]).expect("scans");
            assert_eq!(pruned.line_of(pointer), full.line_of(pointer), "{pointer}");
        }
        let all = JsonIndex::for_pointers(text, pointers).expect("scans");
        for pointer in pointers {
            assert_eq!(all.line_of(pointer), full.line_of(pointer), "{pointer}");
        }
        assert_eq!(full.line_of("#/a/3/c/d"), Some(4));
        assert_eq!(full.line_of("#/e/g"), Some(5));
    }
}
