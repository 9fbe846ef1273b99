//! prettyplease's choice between the flat and the broken layout of the constructs the text
//! emitters (`src/types.rs`, `src/api/<tag>.rs`) are made of, written into a [`Text`]: fn
//! signatures, method chains, bracketed lists, generic types, parenthesised arguments, attribute
//! lists, match arms and `impl .. for` headers.
//!
//! prettyplease's rule, for the blocks used here: a block stays on one line when everything from
//! its start to the next break outside it fits within [`MARGIN`] columns (bytes, counted from the
//! line's start), and a broken consistent block breaks at every one of its breaks. So each
//! construct compares its flat line with the margin, and writes its broken form otherwise; a
//! line of the broken form that is still too long makes the item unsure ([`Text::line`]), and
//! the fallback lays it out.

use super::text::{INDENT, MARGIN, Text};

/// Whether a line of `len` bytes at `depth` fits the margin.
pub fn fits(depth: usize, len: usize) -> bool {
    depth * INDENT.len() + len <= MARGIN
}

/// A line with no break prettyplease could take (only a literal, or words without brackets,
/// after the last break), which prettyplease prints as it is whatever its length.
pub fn long_line(t: &mut Text, depth: usize, line: &str) {
    t.raw(&INDENT.repeat(depth));
    t.raw(line);
    t.raw("\n");
}

/// A list in brackets after `head` (which ends with the opening bracket) and before `tail`
/// (closing bracket and what follows up to the next break): on one line when it fits,
/// otherwise one element a line, each with a trailing comma.
pub fn list(t: &mut Text, depth: usize, head: &str, elements: &[String], tail: &str) {
    let flat = elements.join(", ");
    if elements.is_empty() || fits(depth, head.len() + flat.len() + tail.len()) {
        t.line(depth, &[head, &flat, tail]);
        return;
    }
    t.line(depth, &[head]);
    for element in elements {
        t.line(depth + 1, &[element, ","]);
    }
    t.line(depth, &[tail]);
}

/// `head`, a type and `tail` on one line when it fits; otherwise the type's outermost generic
/// arguments one a line (prettyplease breaks the outermost block first), each laid out the same
/// way, then `>` and `tail`. `counted` says whether `tail` counts for the fit: a trailing comma
/// that comes with a break (after the last element of a broken list) does not.
pub fn typed(t: &mut Text, depth: usize, head: &str, ty: &str, tail: &str, counted: bool) {
    let width = head.len() + ty.len() + if counted { tail.len() } else { 0 };
    if fits(depth, width) {
        t.line_trailing(depth, &[head, ty], tail);
        return;
    }
    match ty.split_once('<').filter(|_| ty.ends_with('>')) {
        Some((outer, args)) => {
            // Nothing before a type's generic arguments can break (a field, an argument, an
            // alias), so that line stays whole whatever its length.
            long_line(t, depth, &format!("{head}{outer}<"));
            let args = top_level_args(&args[..args.len() - 1]);
            for (k, arg) in args.iter().enumerate() {
                typed(t, depth + 1, "", arg, ",", k + 1 < args.len());
            }
            t.line(depth, &[">", tail]);
        }
        // A path without generic arguments cannot break.
        None if !ty.contains('(') => long_line(t, depth, &format!("{head}{ty}{tail}")),
        None => t.line(depth, &[head, ty, tail]),
    }
}

/// `head` (ending in `(`), one argument and `close` (`),`, `);`) at `depth`: on one line when
/// it fits, else the argument on a line of its own, laid out by [`typed`] (a tuple variant's
/// field, or a call's single argument), as prettyplease breaks a parenthesised list.
pub fn paren(t: &mut Text, depth: usize, head: &str, arg: &str, close: &str) {
    if fits(depth, head.len() + arg.len() + close.len()) {
        t.line(depth, &[head, arg, close]);
        return;
    }
    // The head may break too (`self\n    .field = ..`), which is not laid out here.
    t.line(depth, &[head]);
    typed(t, depth + 1, "", arg, ",", false);
    t.line(depth, &[close]);
}

/// An outer attribute `#[name(parts, ..)]` at `depth`: on one line when it fits, else one part
/// a line (no trailing comma: attribute tokens keep their own) as prettyplease breaks attribute
/// arguments. Parts must hold no brackets.
pub fn attr_list(t: &mut Text, depth: usize, name: &str, parts: &[String]) {
    let flat = parts.join(", ");
    if fits(depth, "#[".len() + name.len() + flat.len() + "()]".len()) {
        t.line(depth, &["#[", name, "(", &flat, ")]"]);
        return;
    }
    t.line(depth, &["#[", name, "("]);
    for (k, part) in parts.iter().enumerate() {
        t.line(depth + 1, &[part, if k + 1 == parts.len() { "" } else { "," }]);
    }
    t.line(depth, &[")]"]);
}

/// An inner attribute `#![name(parts, ..)]` at the top of a file, whose parts are unbreakable
/// (`name = "literal"`): on one line when it fits, else one part a line (no trailing comma),
/// each whole whatever its length, as prettyplease prints them.
pub fn inner_attr_list(t: &mut Text, name: &str, parts: &[String]) {
    let flat = parts.join(", ");
    if fits(0, "#![".len() + name.len() + flat.len() + "()]".len()) {
        t.line(0, &["#![", name, "(", &flat, ")]"]);
        return;
    }
    t.line(0, &["#![", name, "("]);
    for (k, part) in parts.iter().enumerate() {
        long_line(t, 1, &format!("{part}{}", if k + 1 == parts.len() { "" } else { "," }));
    }
    t.line(0, &[")]"]);
}

/// Pieces in one inconsistent block at `depth` (the items of a `use` group, a macro's tokens),
/// as prettyplease fills lines: each piece is preceded by a break (with a blank when its flag
/// says so; the first piece's is not printed) and goes to the next line when it and its blank
/// do not fit on this one; a piece too long for any line is printed whole. `trailing` follows
/// the last piece without counting (a comma printed with the block's closing break).
pub fn fill(t: &mut Text, depth: usize, pieces: &[(bool, &str)], trailing: &str) {
    // prettyplease gives a line at least `MIN_SPACE` columns after its indentation.
    let width = MARGIN.saturating_sub(depth * INDENT.len()).max(MIN_SPACE);
    let mut line = String::new();
    for (k, (blank, piece)) in pieces.iter().enumerate() {
        let blank = if *blank && k > 0 { " " } else { "" };
        if k > 0 && line.len() + blank.len() + piece.len() > width {
            long_line(t, depth, &line);
            line.clear();
        } else {
            line.push_str(blank);
        }
        line.push_str(piece);
    }
    line.push_str(trailing);
    long_line(t, depth, &line);
}

/// `{prefix}{a, b, ..};` at depth 0 as prettyplease prints a `use` group: the path alone for
/// one name, the group flat when it fits, else the names filling lines in one
/// inconsistent block, the last one's comma coming with the closing break.
pub fn use_group(t: &mut Text, prefix: &str, names: &[&str]) {
    match names {
        [one] => t.line(0, &[prefix, one, ";"]),
        many => {
            let flat = many.join(", ");
            if fits(0, prefix.len() + "{".len() + flat.len() + "};".len()) {
                t.line(0, &[prefix, "{", &flat, "};"]);
            } else {
                t.line(0, &[prefix, "{"]);
                let pieces: Vec<String> = many.iter().enumerate().map(|(k, n)| if k + 1 < many.len() { format!("{n},") } else { (*n).to_owned() }).collect();
                let pieces: Vec<(bool, &str)> = pieces.iter().map(|p| (true, p.as_str())).collect();
                fill(t, 1, &pieces, ",");
                t.line(0, &["};"]);
            }
        }
    }
}

/// prettyplease's minimum line width (`MIN_SPACE` in its lib.rs): lines indented deeper than
/// `MARGIN - MIN_SPACE` get this much room whatever the margin.
pub const MIN_SPACE: usize = 60;

/// A match arm `pat => expr,` at `depth` whose expression is a single token (a literal or a
/// path): on one line when it fits (the `,` not counted: prettyplease prints it only when the
/// arm stays flat), else the expression in a block.
pub fn arm(t: &mut Text, depth: usize, pat: &str, expr: &str) {
    if fits(depth, pat.len() + " => ".len() + expr.len()) {
        t.line_trailing(depth, &[pat, " => ", expr], ",");
    } else {
        t.line(depth, &[pat, " => {"]);
        t.line(depth + 1, &[expr]);
        t.line(depth, &["}"]);
    }
}

/// The first line of an `impl {trait_} for {ty} {` block at depth 0: prettyplease moves
/// `for {ty} {` to a line of its own when the whole does not fit.
pub fn impl_for(t: &mut Text, trait_: &str, ty: &str) {
    if fits(0, trait_.len() + " for ".len() + ty.len() + " {".len()) {
        t.line(0, &[trait_, " for ", ty, " {"]);
    } else {
        t.line(0, &[trait_]);
        t.line(0, &["for ", ty, " {"]);
    }
}

/// The comma-separated arguments of a generic argument list, nested brackets kept whole.
fn top_level_args(args: &str) -> Vec<&str> {
    let (mut out, mut nesting, mut start) = (Vec::new(), 0usize, 0);
    for (i, c) in args.char_indices() {
        match c {
            '<' | '(' | '[' => nesting += 1,
            '>' | ')' | ']' => nesting = nesting.saturating_sub(1),
            ',' if nesting == 0 => {
                out.push(args[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(args[start..].trim());
    out
}

/// A fn signature and its opening brace: `head` is `pub fn name`, `args` are `&self` or
/// `name: Type`, `ret` the text after the closing parenthesis (` -> Type {`). The arguments
/// break one a line when the flat signature does not fit; a long argument type then breaks at
/// its generic arguments.
pub fn signature(t: &mut Text, depth: usize, head: &str, args: &[String], ret: &str) {
    let flat = args.join(", ");
    if fits(depth, head.len() + 1 + flat.len() + 1 + ret.len()) {
        t.line(depth, &[head, "(", &flat, ")", ret]);
        return;
    }
    t.line(depth, &[head, "("]);
    for (k, arg) in args.iter().enumerate() {
        // The last argument's comma comes with the break before `)`.
        let counted = k + 1 < args.len();
        match arg.split_once(": ") {
            Some((name, ty)) => typed(t, depth + 1, &format!("{name}: "), ty, ",", counted),
            None => t.line(depth + 1, &[arg, ","]),
        }
    }
    t.line(depth, &[")", ret]);
}

/// A method chain as the tail of a block: `receiver` (not a short identifier such as `self`,
/// before which prettyplease never breaks) and the `.method(..)` calls, on one line when it
/// fits, otherwise one call a line, indented.
pub fn chain(t: &mut Text, depth: usize, receiver: &str, calls: &[String]) {
    let flat = calls.concat();
    if calls.is_empty() || fits(depth, receiver.len() + flat.len()) {
        t.line(depth, &[receiver, &flat]);
        return;
    }
    t.line(depth, &[receiver]);
    for call in calls {
        t.line(depth + 1, &[call]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::text::{format_at_depth, string_lit};

    /// The text of one item and whether it is sure, by way of the fallback: an item that is sure
    /// is written as it is, so formatting it with prettyplease must not change it.
    fn check(t: Text, depth: usize) -> String {
        assert!(!t.is_unsure(), "{t:?}");
        let mut sure = String::new();
        Text::finish(t, depth, &mut sure).expect("formats");
        assert_eq!(format_at_depth(&sure, depth).expect("parses"), sure);
        sure
    }

    /// The premise of every construct here: the text chosen is prettyplease's own layout, on
    /// both sides of the margin.
    #[test]
    fn constructs_match_prettyplease() {
        for (name, params) in [("a", 1), ("a_method_name_long_enough_to_break_the_signature", 6)] {
            let mut t = Text::new();
            signature(&mut t, 1, &format!("pub fn {name}"), &["&self".into(), "value: ::std::vec::Vec<i64>".into()], " -> Builder {");
            chain(&mut t, 2, "Builder::new(&self.client)", &[".set(0, &value)".into(), format!(".set_serde(1, &{name})")]);
            t.line(1, &["}"]);
            let elements: Vec<String> = (0..params).map(|i| format!("crate::runtime::Param::query(\"p{i}\")")).collect();
            list(&mut t, 1, "const P: &[crate::runtime::Param] = &[", &elements, "];");
            let text = check(t, 1);
            assert_eq!(text.lines().count() > 6, params > 1, "{text}");
        }
    }

    /// Types break at their outermost generic arguments, in associated types and in arguments.
    #[test]
    fn long_types_match_prettyplease() {
        for name in ["Short", "AVeryLongTypeNameThatNeedsItsOwnLineInsideTheGenericArguments"] {
            let mut t = Text::new();
            typed(&mut t, 1, "type Output = ", &format!("::std::collections::BTreeMap<::std::string::String, crate::types::{name}>"), ";", true);
            signature(&mut t, 1, "pub fn details", &["self".into(), format!("value: ::std::vec::Vec<crate::types::{name}>")], " -> Self {");
            t.line(2, &["self.set_serde(10, &value)"]);
            t.line(1, &["}"]);
            check(t, 1);
        }
    }

    /// Inner `cfg_attr` doc attributes (the crate docs with tag features), flat and broken, a
    /// doc longer than any line among them; and a `use` group filling lines (`src/webhooks.rs`),
    /// short and long.
    #[test]
    fn inner_attributes_and_use_groups_match_prettyplease() {
        let mut t = Text::new();
        for doc in ["short", &"d".repeat(60), &"l".repeat(MARGIN)] {
            inner_attr_list(&mut t, "cfg_attr", &["feature = \"a-tag\"".to_owned(), format!("doc = {}", string_lit(doc))]);
        }
        for n in [0, 1, 2, 12] {
            let names: Vec<String> = (0..n).map(|k| format!("SomeTypeName{k}")).collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            use_group(&mut t, "pub use crate::types::", &names);
        }
        let text = check(t, 0);
        assert!(text.lines().count() > 8, "some of each break: {text}");
    }

    /// The types emitter's layouts of long lines are prettyplease's: types, attribute lists,
    /// tuple variants, assignments of a call, match arms and `impl .. for` headers, on both
    /// sides of the margin; past it (names of 75 and 90 bytes) the lines no break can shorten.
    #[test]
    fn types_constructs_match_prettyplease() {
        for n in [20, 40, 55, 60, 75, 90] {
            let name = "N".repeat(n);
            let short = n <= 60;
            let ty = format!("::std::option::Option<::std::collections::BTreeMap<::std::string::String, ::std::vec::Vec<crate::types::{name}>>>");
            let mut t = Text::new();
            t.line(0, &["pub struct S {"]);
            // A longer `rename` is one unbreakable part, which `attr_list` leaves to the fallback.
            if short {
                attr_list(&mut t, 1, "serde", &[format!("rename = {}", string_lit(&name)), "default".to_owned(), "skip_serializing_if = \"Option::is_none\"".to_owned()]);
            }
            typed(&mut t, 1, "pub field: ", &ty, ",", true);
            typed(&mut t, 1, &format!("pub {}: ", name.to_lowercase()), &ty, ",", true);
            typed(&mut t, 1, &format!("pub {}_plain: ", name.to_lowercase()), "::std::string::String", ",", true);
            t.line(0, &["}"]);
            typed(&mut t, 0, &format!("pub type {name} = "), &ty, ";", true);
            t.line(0, &["impl S {"]);
            signature(&mut t, 1, "pub fn f", &["mut self".to_owned(), format!("value: {ty}")], " -> Self {");
            if short {
                // A longer head breaks at its `.` (`self\n    .field = ..`): `paren` leaves that to the fallback.
                if n <= 40 {
                    paren(&mut t, 2, &format!("self.{} = ::std::option::Option::Some(", name.to_lowercase()), "::std::option::Option::Some(value)", ");");
                }
                t.line(2, &["match self {"]);
                arm(&mut t, 3, &format!("Self::{name}"), &string_lit(&name));
                t.line(3, &["_ => self,"]);
                t.line(2, &["}"]);
            } else {
                t.line(2, &["self"]);
            }
            t.line(1, &["}"]);
            t.line(0, &["}"]);
            if short {
                t.line(0, &["pub enum E {"]);
                paren(&mut t, 1, &format!("{name}("), &ty, "),");
                t.line(0, &["}"]);
                impl_for(&mut t, "impl ::std::fmt::Display", &name);
                t.line(1, &["fn f() {}"]);
                t.line(0, &["}"]);
            }
            check(t, 0);
        }
    }
}
