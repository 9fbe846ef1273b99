//! Rust expressions as a small tree (calls, method chains, `vec!`, arrays, tuples, struct
//! literals, references), written into a [`Text`] in prettyplease's layout: flat when the
//! expression and what follows it up to the next break fit within the margin, else broken the
//! way prettyplease breaks that construct, each part again flat or broken. What the writer does
//! not lay out (a block of statements, an array of plain numbers, a narrow struct literal, lines
//! deeper than prettyplease's minimum width) is written valid but marked unsure, so the item
//! goes to the fallback.

use super::layout::{self, MIN_SPACE, fits};
use super::text::{INDENT, MARGIN, Text};

/// prettyplease keeps a struct literal on one line only up to this width (its
/// `end_with_max_width(34)`); the writer breaks every struct literal and leaves narrower ones to
/// the fallback.
const STRUCT_MAX_FLAT: usize = 34;

/// One expression.
#[derive(Debug, Clone)]
pub enum Expr {
    /// A literal or a path: nothing in it can break.
    Atom(String),
    /// A negative number literal, by its magnitude: `-5`, but `- 5` among a macro's tokens.
    Neg(String),
    /// `func(args)`, `func` a path.
    Call(String, Vec<Expr>),
    /// `receiver.method(args).method(args)..`: prettyplease breaks before every `.` or none.
    Chain(Box<Expr>, Vec<(String, Vec<Expr>)>),
    /// `vec![items]`, whose items prettyplease prints as tokens, filling lines.
    Vec(Vec<Expr>),
    /// `[items]`; an array of plain number, char or bool literals, which prettyplease fills
    /// lines with, is left to the fallback when it breaks.
    Array(Vec<Expr>),
    /// `(items)`, two or more.
    Tuple(Vec<Expr>),
    /// `Path { field: value, .. }`, which prettyplease always breaks past a small width.
    Struct(String, Vec<(String, Expr)>),
    /// `&expr`.
    Ref(Box<Expr>),
    /// A block of statements (any layout, valid Rust): prettyplease always breaks it, in ways
    /// not written here.
    Block(String),
}

/// Where prettyplease may break among a macro's tokens: nowhere, before a `.` (no space when
/// flat), or at the space after a `,`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum TokenBreak {
    Zero,
    Space,
}

impl Expr {
    /// The expression on one line, as prettyplease prints it flat.
    pub fn flat(&self) -> String {
        let mut out = String::new();
        self.write_flat(&mut out, &mut |_, _| {}, false);
        out
    }

    /// Whether the expression has a flat layout (no block of statements in it).
    pub fn has_flat(&self) -> bool {
        match self {
            Expr::Atom(_) | Expr::Neg(_) => true,
            Expr::Call(_, args) | Expr::Vec(args) | Expr::Array(args) | Expr::Tuple(args) => args.iter().all(Expr::has_flat),
            Expr::Chain(receiver, calls) => receiver.has_flat() && calls.iter().all(|(_, args)| args.iter().all(Expr::has_flat)),
            Expr::Ref(inner) => inner.has_flat(),
            // Only struct literals of at most `STRUCT_MAX_FLAT` columns stay flat: not written here.
            Expr::Struct(..) | Expr::Block(_) => false,
        }
    }

    /// Appends the flat text; `in_macro` writes it as prettyplease prints a macro's tokens, and
    /// `mark` is told of each place such tokens may break (at the current end of `out`).
    fn write_flat(&self, out: &mut String, mark: &mut dyn FnMut(&mut String, TokenBreak), in_macro: bool) {
        match self {
            Expr::Atom(text) | Expr::Block(text) => out.push_str(text),
            Expr::Neg(magnitude) => {
                out.push_str(if in_macro { "- " } else { "-" });
                out.push_str(magnitude);
            }
            Expr::Call(func, args) => {
                out.push_str(func);
                write_list(out, "(", args, ")", mark, in_macro);
            }
            Expr::Chain(receiver, calls) => {
                receiver.write_flat(out, mark, in_macro);
                for (method, args) in calls {
                    if in_macro {
                        mark(out, TokenBreak::Zero);
                    }
                    out.push('.');
                    out.push_str(method);
                    write_list(out, "(", args, ")", mark, in_macro);
                }
            }
            Expr::Vec(items) => write_list(out, "vec![", items, "]", mark, true),
            Expr::Array(items) => write_list(out, "[", items, "]", mark, in_macro),
            Expr::Tuple(items) => write_list(out, "(", items, ")", mark, in_macro),
            Expr::Struct(path, fields) => {
                out.push_str(path);
                out.push_str(" {");
                for (k, (field, value)) in fields.iter().enumerate() {
                    out.push_str(if k == 0 { " " } else { ", " });
                    out.push_str(field);
                    out.push_str(": ");
                    value.write_flat(out, mark, in_macro);
                }
                out.push_str(if fields.is_empty() { "}" } else { " }" });
            }
            Expr::Ref(inner) => {
                out.push('&');
                inner.write_flat(out, mark, in_macro);
            }
        }
    }

    /// Writes `head`, the expression, `tail` and `trailing` starting a line at `depth`, in
    /// prettyplease's layout. `trailing` does not count for the fit: it is the comma that
    /// prettyplease prints only with a break (after the last element of a broken list).
    pub fn write(&self, t: &mut Text, depth: usize, head: &str, tail: &str, trailing: &str) {
        let flat = self.flat();
        // Past this depth prettyplease gives lines more room than `fits` knows: the fallback.
        if depth * INDENT.len() + MIN_SPACE > MARGIN {
            t.unsure();
        }
        if self.has_flat() && fits(depth, head.len() + flat.len() + tail.len()) {
            t.line_trailing(depth, &[head, &flat, tail], trailing);
            return;
        }
        match self {
            // Nothing to break: prettyplease prints the literal or path whole, and no head given
            // here (a field's `name: `, `&`, a closure's parameters) breaks before its value.
            Expr::Atom(_) | Expr::Neg(_) => layout::long_line(t, depth, &format!("{head}{flat}{tail}{trailing}")),
            Expr::Block(_) => {
                t.line(depth, &[head, &flat, tail, trailing]);
                t.unsure();
            }
            Expr::Call(func, args) => call(t, depth, &format!("{head}{func}"), args, tail, trailing, 1),
            Expr::Chain(receiver, calls) => {
                // The receiver's arguments break inside the chain's block, one level deeper.
                match &**receiver {
                    Expr::Call(func, args) if !args.is_empty() => {
                        let receiver_call = Expr::Call(func.clone(), args.clone());
                        if receiver_call.has_flat() && fits(depth, head.len() + receiver_call.flat().len()) {
                            t.line(depth, &[head, &receiver_call.flat()]);
                        } else {
                            call(t, depth, &format!("{head}{func}"), args, "", "", 2);
                        }
                    }
                    other => other.write(t, depth, head, "", ""),
                }
                for (k, (method, args)) in calls.iter().enumerate() {
                    let (tail, trailing) = if k + 1 == calls.len() { (tail, trailing) } else { ("", "") };
                    Expr::Call(format!(".{method}"), args.clone()).write(t, depth + 1, "", tail, trailing);
                }
            }
            Expr::Vec(items) => {
                t.line(depth, &[head, "vec!["]);
                fill(t, depth + 1, items);
                t.line_trailing(depth, &["]", tail], trailing);
            }
            Expr::Array(items) => {
                if items.iter().all(is_plain_literal) {
                    t.unsure();
                }
                list(t, depth, &format!("{head}["), items, &format!("]{tail}"), trailing);
            }
            Expr::Tuple(items) => list(t, depth, &format!("{head}("), items, &format!("){tail}"), trailing),
            Expr::Ref(inner) => inner.write(t, depth, &format!("{head}&"), tail, trailing),
            Expr::Struct(path, fields) => {
                if flat.len() <= STRUCT_MAX_FLAT + 1 || fields.is_empty() {
                    t.unsure();
                }
                t.line(depth, &[head, path, " {"]);
                write_fields(t, depth + 1, fields);
                t.line_trailing(depth, &["}", tail], trailing);
            }
        }
    }
}

/// A number, char or bool literal: an array of only these is a "simple array" to prettyplease.
fn is_plain_literal(e: &Expr) -> bool {
    matches!(e, Expr::Atom(text) if text.starts_with(|c: char| c.is_ascii_digit() || c == '\'') || text == "true" || text == "false")
}

/// `open`, the items separated by `, ` and `close`, flat.
fn write_list(out: &mut String, open: &str, items: &[Expr], close: &str, mark: &mut dyn FnMut(&mut String, TokenBreak), in_macro: bool) {
    out.push_str(open);
    for (k, item) in items.iter().enumerate() {
        if k > 0 {
            out.push(',');
            if in_macro {
                mark(out, TokenBreak::Space);
            }
            out.push(' ');
        }
        item.write_flat(out, mark, in_macro);
    }
    out.push_str(close);
}

/// A broken call `head(` .. `)tail`: a single array, tuple or block argument follows the
/// parenthesis directly (prettyplease's "block-like" argument); otherwise one argument a line,
/// `indent` levels deeper, and `)` one level less deep than the arguments.
fn call(t: &mut Text, depth: usize, head: &str, args: &[Expr], tail: &str, trailing: &str, indent: usize) {
    match args {
        [] => t.line(depth, &[head, "()", tail, trailing]),
        [arg @ (Expr::Array(_) | Expr::Tuple(_) | Expr::Struct(..) | Expr::Block(_))] if indent == 1 => arg.write(t, depth, &format!("{head}("), &format!("){tail}"), trailing),
        _ => {
            t.line(depth, &[head, "("]);
            list_items(t, depth + indent, args);
            t.line_trailing(depth + indent - 1, &[")", tail], trailing);
        }
    }
}

/// The fields of a broken struct literal, one a line at `depth`, each with its comma.
pub fn write_fields(t: &mut Text, depth: usize, fields: &[(String, Expr)]) {
    for (k, (field, value)) in fields.iter().enumerate() {
        let (tail, trailing) = if k + 1 < fields.len() { (",", "") } else { ("", ",") };
        value.write(t, depth, &format!("{field}: "), tail, trailing);
    }
}

/// A broken bracketed list: `head` (ending in the opening bracket) on its line, each item on
/// its own with a comma, then `close` (with what follows it) and `trailing`.
fn list(t: &mut Text, depth: usize, head: &str, items: &[Expr], close: &str, trailing: &str) {
    t.line(depth, &[head]);
    list_items(t, depth + 1, items);
    t.line_trailing(depth, &[close], trailing);
}

/// The items of a broken list, one a line at `depth`, each with its comma (the last one's
/// printed only with the break, so not counted).
fn list_items(t: &mut Text, depth: usize, items: &[Expr]) {
    for (k, item) in items.iter().enumerate() {
        let (tail, trailing) = if k + 1 < items.len() { (",", "") } else { ("", ",") };
        item.write(t, depth, "", tail, trailing);
    }
}

/// The items of a broken `vec![..]` at `depth`, as prettyplease prints a macro's tokens: one
/// inconsistent block ([`layout::fill`]) of pieces that run from one break (before a `.`, or
/// the space after a `,`) to the next.
fn fill(t: &mut Text, depth: usize, items: &[Expr]) {
    let mut text = String::new();
    let mut breaks: Vec<(usize, TokenBreak)> = Vec::new();
    write_list(&mut text, "", items, "", &mut |out, b| breaks.push((out.len(), b)), true);
    if items.iter().any(|item| !item.has_flat()) {
        t.unsure();
    }
    let mut pieces = Vec::with_capacity(breaks.len() + 1);
    let mut start = (0, false);
    for &(end, kind) in &breaks {
        pieces.push((start.1, &text[start.0..end]));
        // A space break's blank is in the text, after the break: the piece starts past it.
        start = if kind == TokenBreak::Space { (end + 1, true) } else { (end, false) };
    }
    pieces.push((start.1, &text[start.0..]));
    layout::fill(t, depth, &pieces, "");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::text::format_at_depth;

    fn atom(s: &str) -> Expr {
        Expr::Atom(s.to_owned())
    }

    fn into(s: &str) -> Expr {
        Expr::Chain(Box::new(atom(&format!("{s:?}"))), vec![("into".to_owned(), vec![])])
    }

    /// `expr` written as a non-last argument of a broken call at depths 2 to 4 is what
    /// prettyplease prints.
    fn check(expr: &Expr) {
        for depth in 2..5 {
            let mut t = Text::new();
            expr.write(&mut t, depth, "", ",", "");
            assert!(!t.is_unsure(), "{expr:?} at {depth}");
            let mut lines = String::new();
            t.finish(0, &mut lines).expect("sure");
            let wrapped = wrap(depth, &lines);
            assert_eq!(format_at_depth(&wrapped, 0).expect("parses"), wrapped, "{expr:?} at depth {depth}");
        }
    }

    /// The lines as arguments of nested calls in a function, so that they sit at `depth`.
    fn wrap(depth: usize, lines: &str) -> String {
        let mut text = String::from("fn f() {\n");
        for d in 1..depth {
            text.push_str(&INDENT.repeat(d));
            text.push_str("g(\n");
        }
        text.push_str(lines);
        text.push_str(&INDENT.repeat(depth));
        text.push_str(&format!("\"{}\",\n", "x".repeat(MARGIN)));
        for d in (1..depth).rev() {
            text.push_str(&INDENT.repeat(d));
            text.push_str(if d == 1 { ");\n" } else { "),\n" });
        }
        text.push_str("}\n");
        text
    }

    #[test]
    fn expressions_match_prettyplease() {
        for n in [10, 30, 50] {
            let name = format!("types::{}", "N".repeat(n));
            let chain = Expr::Chain(
                Box::new(Expr::Call(format!("{name}::new"), vec![into("a required value"), Expr::Neg("5".into())])),
                vec![("with_a".into(), vec![into(&"v".repeat(n))]), ("with_b".into(), vec![Expr::Call("json".into(), vec![atom(&format!("{:?}", "j".repeat(n)))])])],
            );
            check(&chain);
            let items: Vec<Expr> = (0..n / 10 + 1).map(|k| Expr::Call(format!("{name}::from"), vec![atom(&format!("\"{k}\""))])).collect();
            check(&Expr::Vec(items.clone()));
            check(&Expr::Vec(vec![Expr::Neg("1".into()), into(&"s".repeat(n)), Expr::Chain(Box::new(atom("\"2020-01-01\"")), vec![("parse".into(), vec![]), ("expect".into(), vec![atom("\"the example's date\"")])])]));
            let entries: Vec<Expr> = items.iter().map(|v| Expr::Tuple(vec![into("key"), v.clone()])).collect();
            check(&Expr::Call("::std::collections::BTreeMap::from".into(), vec![Expr::Array(entries)]));
            check(&Expr::Call(format!("{name}::Other"), vec![Expr::Call("json".into(), vec![atom(&format!("{:?}", "j".repeat(2 * n)))])]));
            check(&Expr::Call("::std::option::Option::Some".into(), vec![chain]));
        }
        // Struct literals (always broken at these widths) and references, as in `src/client.rs`.
        let server = |url: &str| Expr::Struct("crate::runtime::ServerInfo".into(), vec![("url".into(), atom(&format!("{url:?}"))), ("variables".into(), Expr::Ref(Box::new(Expr::Array(vec![Expr::Tuple(vec![atom("\"instance\""), atom("\"4\"")])]))))]);
        check(&Expr::Ref(Box::new(Expr::Array(vec![server("https://a.example"), server(&format!("https://{}.example", "b".repeat(70)))]))));
        check(&Expr::Call("::std::option::Option::Some".into(), vec![server("https://c.example")]));
        check(&Expr::Call("f".into(), vec![atom("1usize"), Expr::Struct("crate::runtime::auth::Credential::Login".into(), vec![("username".into(), into("u")), ("password".into(), into("p"))])]));
        // A piece of a macro's tokens too long for any line is printed whole.
        check(&Expr::Vec(vec![into(&"l".repeat(MARGIN)), into("b"), Expr::Neg("2".into())]));
    }
}
