//! Rust items written as text, laid out the way prettyplease prints them, for the shapes the
//! operation emitters write (`src/api/<tag>.rs`): an item is a list of lines at a nesting depth,
//! and a few constructs (a fn signature, a method chain, a list in brackets) choose between their
//! flat and their broken layout by prettyplease's rule. An item holding a line this module
//! cannot vouch for (too long for the margin where prettyplease has a break it could take) is
//! marked for the fallback, which formats it alone with syn + prettyplease.
//!
//! prettyplease's rule, for the blocks used here: a block stays on one line when everything from
//! its start to the next break outside it fits within [`MARGIN`] columns (bytes), counted from
//! the line's start; a broken consistent block breaks at every one of its breaks. So a line that
//! fits within the margin is laid out flat by prettyplease too, and only the choice between the
//! flat and the broken form of a construct has to be made here.

/// prettyplease's line width (its `algorithm::MARGIN`).
pub const MARGIN: usize = 89;

/// Spaces per nesting level.
const INDENT: usize = 4;

/// The block an item is nested in, so that the fallback can format it at the same depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Inside `mod name { .. }`.
    Mod,
    /// Inside `impl Name { .. }` (associated items).
    Impl,
}

/// One top-level or nested item as text.
#[derive(Debug)]
pub struct Item {
    text: String,
    depth: usize,
    /// False when some line may not be what prettyplease prints: the item goes to the fallback.
    sure: bool,
}

impl Item {
    /// An empty item at `depth` levels of nesting.
    pub fn new(depth: usize) -> Self {
        Item { text: String::new(), depth, sure: true }
    }

    /// A line `extra` levels deeper than the item, which prettyplease could break if it were
    /// longer than the margin.
    pub fn line(&mut self, extra: usize, text: &str) {
        let indent = (self.depth + extra) * INDENT;
        if indent + text.len() > MARGIN {
            self.sure = false;
        }
        self.push(indent, text);
    }

    /// A line with no break prettyplease could take (only a literal, or words without
    /// brackets, after the last break), printed as it is whatever its length.
    pub fn long_line(&mut self, extra: usize, text: &str) {
        self.push((self.depth + extra) * INDENT, text);
    }

    fn push(&mut self, indent: usize, text: &str) {
        self.text.extend(std::iter::repeat_n(' ', indent));
        self.text.push_str(text);
        self.text.push('\n');
    }

    /// Whether a line of `len` bytes, `extra` levels deeper than the item, fits the margin.
    pub fn fits(&self, extra: usize, len: usize) -> bool {
        (self.depth + extra) * INDENT + len <= MARGIN
    }

    /// Marks the item for the fallback: its text is valid Rust but its layout is not known here.
    pub fn unsure(&mut self) {
        self.sure = false;
    }

    /// `///` lines of sanitized doc text, as prettyplease prints `#[doc]` attributes.
    pub fn doc(&mut self, extra: usize, text: &str) {
        for line in text.lines() {
            let line = if line.is_empty() { String::new() } else { format!(" {line}") };
            self.long_line(extra, &format!("///{}", line.trim_end_matches(' ')));
        }
    }

    /// A list in brackets after `head` (which ends with the opening bracket) and before `tail`
    /// (closing bracket and what follows up to the next break): on one line when it fits,
    /// otherwise one element a line, each with a trailing comma.
    pub fn list(&mut self, extra: usize, head: &str, elements: &[String], tail: &str) {
        let flat = format!("{head}{}{tail}", elements.join(", "));
        if elements.is_empty() || self.fits(extra, flat.len()) {
            self.line(extra, &flat);
            return;
        }
        self.line(extra, head);
        for element in elements {
            self.line(extra + 1, &format!("{element},"));
        }
        self.line(extra, tail);
    }

    /// `head`, a type and `tail` on one line when it fits; otherwise the type's outermost
    /// generic arguments one a line (prettyplease breaks the outermost block first). `counted`
    /// says whether `tail` counts for the fit: a trailing comma that comes with a break does not.
    pub fn typed(&mut self, extra: usize, head: &str, ty: &str, tail: &str, counted: bool) {
        let flat = format!("{head}{ty}{tail}");
        let width = flat.len() - if counted { 0 } else { tail.len() };
        if self.fits(extra, width) {
            self.line(extra, &flat);
            return;
        }
        match ty.split_once('<').filter(|_| ty.ends_with('>')) {
            Some((outer, args)) => {
                self.line(extra, &format!("{head}{outer}<"));
                for arg in top_level_args(&args[..args.len() - 1]) {
                    self.line(extra + 1, &format!("{arg},"));
                }
                self.line(extra, &format!(">{tail}"));
            }
            // A path without generic arguments cannot break.
            None if !ty.contains('(') => self.long_line(extra, &flat),
            None => self.line(extra, &flat),
        }
    }

    /// A fn signature and its opening brace: `head` is `pub fn name`, `ret` the text after the
    /// arguments' closing parenthesis (` -> Type {`). The arguments break one a line when the
    /// flat signature does not fit.
    pub fn signature(&mut self, extra: usize, head: &str, args: &[String], ret: &str) {
        let flat = format!("{head}({}){ret}", args.join(", "));
        if self.fits(extra, flat.len()) {
            self.line(extra, &flat);
            return;
        }
        self.line(extra, &format!("{head}("));
        for (k, arg) in args.iter().enumerate() {
            // The last argument's comma comes with the break before `)`.
            let counted = k + 1 < args.len();
            match arg.split_once(": ") {
                Some((name, ty)) => self.typed(extra + 1, &format!("{name}: "), ty, ",", counted),
                None => self.line(extra + 1, &format!("{arg},")),
            }
        }
        self.line(extra, &format!("){ret}"));
    }

    /// A method chain as a statement of its own: `receiver` (not a short identifier) and the
    /// `.method(..)` calls, on one line when it fits, otherwise one call a line, indented.
    pub fn chain(&mut self, extra: usize, receiver: &str, calls: &[String]) {
        let flat = format!("{receiver}{}", calls.concat());
        if calls.is_empty() || self.fits(extra, flat.len()) {
            self.line(extra, &flat);
            return;
        }
        self.line(extra, receiver);
        for call in calls {
            self.line(extra + 1, call);
        }
    }
}

/// The comma-separated arguments of a generic argument list, nested brackets kept whole.
fn top_level_args(args: &str) -> Vec<&str> {
    let (mut out, mut depth, mut start) = (Vec::new(), 0usize, 0);
    for (i, c) in args.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(args[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(args[start..].trim());
    out
}

/// One piece of a file: text laid out here, or an item for the fallback.
#[derive(Debug, Clone)]
pub enum Piece {
    /// Finished text.
    Text(String),
    /// An item to format alone with syn + prettyplease, nested in `scopes` (outermost first).
    Fallback {
        /// The item's text (valid Rust, any layout).
        text: String,
        /// The blocks it is nested in.
        scopes: Vec<Scope>,
    },
}

/// The pieces of a file as they are written, consecutive finished text joined.
#[derive(Debug, Default)]
pub struct Pieces {
    pieces: Vec<Piece>,
    /// Items that went to the fallback, for the benchmarks' count.
    pub fallbacks: usize,
}

impl Pieces {
    /// Finished text (opening or closing lines of a block).
    pub fn text(&mut self, text: &str) {
        match self.pieces.last_mut() {
            Some(Piece::Text(last)) => last.push_str(text),
            _ => self.pieces.push(Piece::Text(text.to_owned())),
        }
    }

    /// An item nested in `scopes`: its text, or the fallback when its layout is not sure.
    pub fn item(&mut self, item: Item, scopes: &[Scope]) {
        debug_assert_eq!(item.depth, scopes.len());
        if item.sure {
            self.text(&item.text);
        } else {
            self.fallbacks += 1;
            self.pieces.push(Piece::Fallback { text: item.text, scopes: scopes.to_vec() });
        }
    }

    /// The pieces in order.
    pub fn into_pieces(self) -> Vec<Piece> {
        self.pieces
    }
}

/// Formats a fallback item with prettyplease at its depth: wrapped in one block per scope, then
/// unwrapped (the wrappers' first and last lines).
pub fn format_fallback(text: &str, scopes: &[Scope]) -> syn::Result<String> {
    let mut source = String::new();
    for scope in scopes {
        source.push_str(match scope {
            Scope::Mod => "mod w {\n",
            Scope::Impl => "impl W {\n",
        });
    }
    source.push_str(text);
    source.push_str(&"}\n".repeat(scopes.len()));
    let formatted = prettyplease::unparse(&syn::parse_file(&source)?);
    // Split on newlines only: a doc line may hold a carriage return of its own.
    let lines: Vec<&str> = formatted.split_inclusive('\n').collect();
    Ok(lines[scopes.len()..lines.len() - scopes.len()].concat())
}

/// A string literal as proc_macro2 writes one (`Literal::string`), which prettyplease keeps.
pub fn string_literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    let mut chars = value.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            // `\0` before a digit would read as an octal escape.
            '\0' if chars.peek().is_some_and(|next| ('0'..='7').contains(next)) => out.push_str("\\x00"),
            '\0' => out.push_str("\\0"),
            '\'' => out.push(ch),
            _ => out.extend(ch.escape_debug()),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The premise of every construct here: the text chosen is prettyplease's own layout, on
    /// both sides of the margin.
    #[test]
    fn constructs_match_prettyplease() {
        for (name, params) in [("a", 1), ("a_method_name_long_enough_to_break_the_signature", 6)] {
            let mut item = Item::new(1);
            item.signature(0, &format!("pub fn {name}"), &["&self".into(), "value: ::std::vec::Vec<i64>".into()], " -> Builder {");
            item.chain(1, "Builder::new(&self.client)", &[".set(0, &value)".into(), format!(".set_serde(1, &{name})")]);
            item.line(0, "}");
            let list: Vec<String> = (0..params).map(|i| format!("crate::runtime::Param::query(\"p{i}\")")).collect();
            item.list(0, "const P: &[crate::runtime::Param] = &[", &list, "];");
            assert!(item.sure, "{}", item.text);
            assert_eq!(format_fallback(&item.text, &[Scope::Impl]).expect("parses"), item.text);
        }
    }

    /// Types break at their outermost generic arguments, in associated types and in arguments.
    #[test]
    fn long_types_match_prettyplease() {
        for name in ["Short", "AVeryLongTypeNameThatNeedsItsOwnLineInsideTheGenericArguments"] {
            let mut item = Item::new(1);
            item.typed(0, "type Output = ", &format!("::std::collections::BTreeMap<::std::string::String, crate::types::{name}>"), ";", true);
            item.signature(0, "pub fn details", &["self".into(), format!("value: ::std::vec::Vec<crate::types::{name}>")], " -> Self {");
            item.line(1, "self.set_serde(10, &value)");
            item.line(0, "}");
            assert!(item.sure, "{}", item.text);
            assert_eq!(format_fallback(&item.text, &[Scope::Impl]).expect("parses"), item.text);
        }
    }

    /// A line past the margin where prettyplease could break sends the item to the fallback.
    #[test]
    fn a_long_breakable_line_is_not_sure() {
        let mut item = Item::new(2);
        item.line(0, &format!("type Output = ::std::vec::Vec<{}>;", "X".repeat(70)));
        assert!(!item.sure);
    }

    #[test]
    fn string_literals_escape_like_proc_macro2() {
        for value in ["plain", "quote \" and \\ and ' and \n\t", "nul \0 and \x001", "é — \u{200b}"] {
            assert_eq!(string_literal(value), proc_macro2::Literal::string(value).to_string());
        }
    }
}
