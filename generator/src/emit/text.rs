//! Rust source written directly as text, laid out byte for byte as prettyplease prints it, with
//! prettyplease itself as the fallback for what the writer cannot be sure of.
//!
//! Parsing emitted tokens with syn and printing them with prettyplease was most of generation
//! time. An emitter that knows the shape of its code can write prettyplease's layout at once:
//! prettyplease breaks a line only where its content does not fit in [`MARGIN`] columns, puts
//! every attribute and statement of a broken block on its own line, and indents by [`INDENT`]
//! per level. So a line the writer lays out flat is prettyplease's layout when it fits; a
//! [`Text`] remembers when one does not (or when the emitter says it wrote a construct it does
//! not lay out itself), and [`Text::finish`] then passes that item through syn and prettyplease
//! on its own, at its depth. The workspace test `tests/tests/fixed_point.rs` checks that every
//! generated file is unchanged by prettyplease, for every document the tests know.
//!
//! Usage: one [`Text`] per item (a struct, an `impl` block, ...) so that a fallback reformats as
//! little as possible; write its lines with [`Text::line`], docs with [`Text::docs`] /
//! [`Text::doc`], fixed blocks copied from prettyplease's output with [`Text::block`]; then
//! [`Text::finish`] appends the item to the file's text.

use proc_macro2::Literal;

/// prettyplease's line width (`MARGIN` in its lib.rs): text up to this column stays on one line.
pub const MARGIN: usize = 89;

/// One level of indentation, as prettyplease indents (`INDENT` in its lib.rs).
pub const INDENT: &str = "    ";

/// The text of one item being written, and whether prettyplease might lay it out differently.
#[derive(Debug, Default)]
pub struct Text {
    out: String,
    /// Some line is longer than [`MARGIN`] or the emitter wrote a construct it does not lay out
    /// itself: [`Text::finish`] formats the item with prettyplease.
    unsure: bool,
}

impl Text {
    /// An empty item.
    pub fn new() -> Self {
        Self::default()
    }

    /// One line of code at `depth` levels of indentation, from its parts (joined without spaces).
    /// A line wider than [`MARGIN`] makes the item unsure: prettyplease would break it.
    pub fn line(&mut self, depth: usize, parts: &[&str]) {
        self.push_line(depth, parts, "");
    }

    /// A line followed by `trailing`, which prettyplease does not count against the margin:
    /// the `,` after a match arm's expression (printed only when the arm does not break) or
    /// after the last argument of a broken list (printed only at the break).
    pub fn line_trailing(&mut self, depth: usize, parts: &[&str], trailing: &str) {
        self.push_line(depth, parts, trailing);
    }

    fn push_line(&mut self, depth: usize, parts: &[&str], trailing: &str) {
        let start = self.out.len();
        for _ in 0..depth {
            self.out.push_str(INDENT);
        }
        for part in parts {
            self.out.push_str(part);
        }
        if self.out.len() - start > MARGIN {
            self.unsure = true;
        }
        self.out.push_str(trailing);
        self.out.push('\n');
    }

    /// A fixed block of lines, written as prettyplease prints it at depth 0 (no trailing newline
    /// needed), indented by `depth` levels. Each line is checked like [`Text::line`].
    pub fn block(&mut self, depth: usize, block: &str) {
        for line in block.lines() {
            if line.is_empty() {
                self.out.push('\n');
            } else {
                self.line(depth, &[line]);
            }
        }
    }

    /// A `#[doc = value]` attribute exactly as prettyplease prints it (see [`doc_attr`]).
    pub fn doc(&mut self, depth: usize, value: &str) {
        doc_attr(&mut self.out, depth, value, false);
    }

    /// Doc lines for already-sanitized text: one `#[doc = " line"]` per line (`""` for an empty
    /// one), as `docs::attrs` makes them, printed as prettyplease prints each.
    pub fn docs(&mut self, depth: usize, text: &str) {
        for line in text.lines() {
            self.doc_line(depth, line);
        }
    }

    /// Inner doc lines (a module's or the crate's `//!`) for already-sanitized text: one
    /// `#![doc = " line"]` per line, printed as prettyplease prints each.
    pub fn inner_docs(&mut self, text: &str) {
        for line in text.lines() {
            let value = if line.is_empty() { String::new() } else { format!(" {line}") };
            doc_attr(&mut self.out, 0, &value, true);
        }
    }

    fn doc_line(&mut self, depth: usize, line: &str) {
        if line.is_empty() {
            doc_attr(&mut self.out, depth, "", false);
        } else {
            doc_attr(&mut self.out, depth, &format!(" {line}"), false);
        }
    }

    /// Text already laid out as prettyplease prints it (e.g. from [`format_attr`]), appended as is.
    pub fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// Marks the item as laid out by prettyplease, whatever its lines: for constructs the
    /// writer does not lay out itself (the text must still be valid Rust).
    pub fn unsure(&mut self) {
        self.unsure = true;
    }

    /// Whether [`Text::finish`] will hand the item to prettyplease (for the layout tests).
    #[cfg(test)]
    pub(crate) fn is_unsure(&self) -> bool {
        self.unsure
    }

    /// Appends the item to `out`: as written when sure, else formatted by prettyplease at
    /// `depth` (the depth its lines were written at; see [`format_at_depth`]).
    pub fn finish(self, depth: usize, out: &mut String) -> Result<(), String> {
        if self.unsure {
            out.push_str(&format_at_depth(&self.out, depth)?);
        } else {
            out.push_str(&self.out);
        }
        Ok(())
    }

    /// Appends the text, an element of a broken array at depth 1 (a row of a top-level
    /// `const` table), to `out`: as written when sure, else laid out by [`format_element`].
    pub fn finish_element(self, last: bool, out: &mut String) -> Result<(), String> {
        if self.unsure {
            out.push_str(&format_element(&self.out, last)?);
        } else {
            out.push_str(&self.out);
        }
        Ok(())
    }
}

/// Appends one `#[doc = value]` (or `#![doc = value]` when `inner`) attribute at `depth` as
/// prettyplease prints it: a line comment when the value has no newline (and, outer, does not
/// start with `/`, which would make `////`), trailing spaces dropped; else a block comment when
/// the value nests its `/*`/`*/` (and, outer, does not start with `*` or `/`); else the attribute
/// itself with the literal as [`string_lit`] writes it.
pub fn doc_attr(out: &mut String, depth: usize, value: &str, inner: bool) {
    for _ in 0..depth {
        out.push_str(INDENT);
    }
    if !value.contains('\n') && (inner || !value.starts_with('/')) {
        out.push_str(if inner { "//!" } else { "///" });
        out.push_str(value.trim_end_matches(' '));
    } else if can_be_block_comment(value) && (inner || !value.starts_with(['*', '/'])) {
        out.push_str(if inner { "/*!" } else { "/**" });
        out.push_str(&trim_interior_trailing_spaces(value));
        out.push_str("*/");
    } else {
        out.push_str(if inner { "#![doc = " } else { "#[doc = " });
        out.push_str(&string_lit(value));
        out.push(']');
    }
    out.push('\n');
}

/// prettyplease's test for a doc value it may print as a block comment: every `*/` closes a
/// `/*` of the value and it does not end with `/`.
fn can_be_block_comment(value: &str) -> bool {
    let bytes = value.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                let Some(d) = depth.checked_sub(1) else {
                    return false;
                };
                depth = d;
                i += 2;
            }
            _ => i += 1,
        }
    }
    depth == 0 && !value.ends_with('/')
}

/// Trailing spaces dropped from every line but the last, as prettyplease does for block comments.
fn trim_interior_trailing_spaces(value: &str) -> String {
    if !value.contains(" \n") {
        return value.to_owned();
    }
    let mut lines = value.split('\n').peekable();
    let mut out = String::with_capacity(value.len());
    while let Some(line) = lines.next() {
        if lines.peek().is_some() {
            out.push_str(line.trim_end_matches(' '));
            out.push('\n');
        } else {
            out.push_str(line);
        }
    }
    out
}

/// A string literal with exactly the escapes `quote!` gives a `&str` (proc_macro2's
/// `Literal::string`), which prettyplease prints as it finds it.
pub fn string_lit(value: &str) -> String {
    Literal::string(value).to_string()
}

/// An `i64` literal as `quote!` writes an `i64` value (`60i64`, `-1i64`).
pub fn i64_lit(value: i64) -> String {
    Literal::i64_suffixed(value).to_string()
}

/// THE FALLBACK: `item` (one or more items, valid Rust in any layout) formatted by syn and
/// prettyplease as it would be at `depth` levels of nesting (inside `mod op { .. }`, an `impl`
/// block, ...). The layout of nested code depends on its indentation, so the item is wrapped
/// in `depth` modules, formatted, and the wrapper's lines are stripped again.
pub fn format_at_depth(item: &str, depth: usize) -> Result<String, String> {
    let mut wrapped = String::with_capacity(item.len() + depth * 16);
    for _ in 0..depth {
        wrapped.push_str("mod __w {\n");
    }
    wrapped.push_str(item);
    for _ in 0..depth {
        wrapped.push_str("\n}");
    }
    let file = syn::parse_file(&wrapped).map_err(|e| format!("{e} in:\n{item}"))?;
    let formatted = prettyplease::unparse(&file);
    if depth == 0 {
        return Ok(formatted);
    }
    // The wrapper prints as `depth` opening lines and `depth` closing lines around the item.
    let mut lines: Vec<&str> = formatted.split_inclusive('\n').collect();
    let opening = (0..depth).all(|d| {
        lines
            .get(d)
            .is_some_and(|l| l.trim_start() == "mod __w {\n" && l.len() == d * INDENT.len() + 10)
    });
    let closing = (0..depth)
        .all(|d| lines.len() > 2 * depth && lines[lines.len() - 1 - d].trim_start() == "}\n");
    if !opening || !closing {
        return Err(format!(
            "the wrapper of a nested item did not format as expected:\n{formatted}"
        ));
    }
    lines.truncate(lines.len() - depth);
    Ok(lines[depth..].concat())
}

/// An element of a top-level `const` array (written in any layout, outer attributes included,
/// with or without its comma)
/// laid out by prettyplease as in a broken array at depth 1, where each element is laid out on
/// its own: the element is formatted in an array with a string too long for any line, which
/// forces the break, after it (or before it, for the `last` element: prettyplease counts the
/// comma after an element against the margin but prints the last one only with the break).
pub fn format_element(element: &str, last: bool) -> Result<String, String> {
    let element = element.trim_end();
    let element = element.strip_suffix(',').unwrap_or(element);
    let filler = format!("\"{}\"", "x".repeat(MARGIN));
    let (first, second) = if last { (filler.as_str(), element) } else { (element, filler.as_str()) };
    let formatted = format_at_depth(&format!("const _: &[()] = &[{first}, {second}];"), 0)?;
    let filler_line = format!("{INDENT}{filler},\n");
    let inner = formatted
        .strip_prefix("const _: &[()] = &[\n")
        .and_then(|rest| rest.strip_suffix("];\n"))
        .and_then(|rows| if last { rows.strip_prefix(&filler_line) } else { rows.strip_suffix(&filler_line) });
    inner.map(str::to_owned).ok_or_else(|| format!("the element did not format as expected:\n{formatted}"))
}

/// An outer attribute (`#[cfg(any(..))]`, written in any layout) at `depth`, laid out by
/// prettyplease: long attribute arguments break in a way the writers do not reproduce, and an
/// attribute's layout does not depend on the item that follows it (prettyplease ends every
/// attribute with a break of the enclosing broken block), so it is formatted on its own, once.
pub fn format_attr(attr: &str, depth: usize) -> Result<String, String> {
    let formatted = format_at_depth(&format!("{attr}\nstruct __W;"), depth)?;
    let marker = format!("{}struct __W;\n", INDENT.repeat(depth));
    formatted
        .strip_suffix(&marker)
        .map(str::to_owned)
        .ok_or_else(|| format!("the attribute did not format as expected:\n{formatted}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What prettyplease prints for `tokens` (one file).
    fn pretty(tokens: proc_macro2::TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("parses"))
    }

    #[test]
    fn doc_attributes_print_as_prettyplease_prints_them() {
        for value in [
            "",
            " text",
            " trailing  ",
            "/starts with a slash",
            " two\nlines",
            " a /* nested */ b\nc",
            "*/ unbalanced\n",
            " ends with /\n/",
            "* star\nx",
        ] {
            let tokens = quote::quote! { #[doc = #value] struct S; };
            let mut text = String::new();
            doc_attr(&mut text, 0, value, false);
            text.push_str("struct S;\n");
            assert_eq!(text, pretty(tokens), "{value:?}");
            let inner = quote::quote! { #![doc = #value] struct S; };
            let mut text = String::new();
            doc_attr(&mut text, 0, value, true);
            text.push_str("struct S;\n");
            assert_eq!(text, pretty(inner), "inner {value:?}");
        }
    }

    #[test]
    fn a_line_wider_than_the_margin_is_unsure() {
        let mut text = Text::new();
        text.line(1, &["x".repeat(MARGIN - INDENT.len()).as_str()]);
        assert!(!text.unsure);
        text.line(1, &["x".repeat(MARGIN - INDENT.len() + 1).as_str()]);
        assert!(text.unsure);
    }

    #[test]
    fn nested_fallback_formats_at_the_items_depth() {
        let long = format!(
            "pub type A = ::std::collections::BTreeMap<::std::string::String, {}>;",
            "x".repeat(60)
        );
        let whole =
            format_at_depth(&format!("mod a {{ mod b {{ {long} }} }}"), 0).expect("formats");
        let nested = format_at_depth(&long, 2).expect("formats");
        assert_eq!(
            whole,
            format!("mod a {{\n    mod b {{\n{nested}    }}\n}}\n")
        );
        assert!(nested.starts_with("        pub type A = "), "{nested}");
    }

    /// An element formatted alone is laid out as in the whole array, first, middle and last
    /// (the last one's comma comes with the break), short and long.
    #[test]
    fn elements_format_alone_as_in_their_array() {
        let long = format!("(\"{}\", f(1, 2))", "x".repeat(MARGIN - 20));
        let short = "(\"a\", f(1, 2))".to_owned();
        // Exactly at the margin with its comma counted, and one past it without.
        let edge = format!("(\"{}\", 1)", "e".repeat(MARGIN - INDENT.len() - 9));
        let elements = [short.clone(), format!("#[cfg(feature = \"x\")] {long}"), edge.clone(), edge, long, short];
        let whole = format_at_depth(&format!("const T: &[(&str, i32)] = &[{}];", elements.join(", ")), 0).expect("formats");
        let mut alone = String::from("const T: &[(&str, i32)] = &[\n");
        for (k, element) in elements.iter().enumerate() {
            alone.push_str(&format_element(&format!("{element},"), k + 1 == elements.len()).expect("formats"));
        }
        alone.push_str("];\n");
        assert_eq!(alone, whole);
    }

    #[test]
    fn attributes_format_alone_as_before_an_item() {
        let features: Vec<String> = (0..8)
            .map(|n| format!("feature = \"tag-number-{n}\""))
            .collect();
        let attr = format!("#[cfg(any({}))]", features.join(", "));
        let alone = format_attr(&attr, 0).expect("formats");
        assert_eq!(
            format_at_depth(&format!("{attr} pub struct S {{ a: i32 }}"), 0).expect("formats"),
            format!("{alone}pub struct S {{\n    a: i32,\n}}\n")
        );
        assert!(alone.lines().count() > 3, "long enough to break: {alone}");
    }
}
