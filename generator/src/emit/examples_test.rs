//! Emits the generated crate's `tests/examples.rs`: every example of the spec, checked in the
//! direction its type crosses the wire (see [`crate::ir::Directions`]).
//!
//! - Received only: the example decodes, and no key of it is ignored (a misnamed field would be).
//! - Sent only: the generator builds the value from the example with the type's public API
//!   ([`super::example_value`]) and the test compares what it serialises to with the example.
//! - Both: the example decodes and encodes back to the same JSON.
//!
//! Comparisons allow the lenient forms the types accept, such as `"true"` for `true`.

use super::example_value;
use super::expr::Expr;
use super::features::Features;
use super::layout::{self, fits};
use super::text::{self, Text, string_lit};
use super::typeref::prim_text;
use crate::ir::{Api, Directions, Prim, TypeRef};

/// Whether any example needs the ignored-keys check, so the manifest adds `serde_ignored`.
pub fn needs_serde_ignored(api: &Api) -> bool {
    cases(api).any(|(_, ty, _)| directions(api, &ty) == Directions { sent: false, received: true })
}

/// Every example with its label and the type it belongs to.
fn cases(api: &Api) -> impl Iterator<Item = (&str, TypeRef, &serde_json::Value)> {
    let schemas = api.types.iter().enumerate().filter_map(|(i, t)| t.example.as_ref().map(|e| (t.name.as_str(), TypeRef::Named(i), e)));
    schemas.chain(api.examples.iter().map(|e| (e.label.as_str(), e.ty.clone(), &e.value)))
}

/// The directions of the named type a reference leads to; types without one go both ways.
fn directions(api: &Api, ty: &TypeRef) -> Directions {
    match ty {
        TypeRef::Named(i) => api.types.get(*i).map_or(Directions::BOTH, |t| t.directions),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) | TypeRef::Boxed(inner) => directions(api, inner),
        TypeRef::Prim(_) | TypeRef::Json => Directions::BOTH,
    }
}

/// Whether the type names a generated type (so the test refers to `types`).
fn names_a_type(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) | TypeRef::Boxed(inner) => names_a_type(inner),
        TypeRef::Prim(_) | TypeRef::Json => false,
    }
}

/// The type as written in the test, which imports the crate's `types` module.
fn rust_type(api: &Api, ty: &TypeRef, krate: &str, out: &mut String) {
    let (open, inner) = match ty {
        TypeRef::Named(i) => {
            out.push_str("types::");
            out.push_str(&api.types[*i].name);
            return;
        }
        TypeRef::Prim(Prim::Secret) => {
            out.push_str(krate);
            out.push_str("::Secret");
            return;
        }
        TypeRef::Prim(p) => {
            out.push_str(prim_text(*p));
            return;
        }
        TypeRef::Json => {
            out.push_str("::serde_json::Value");
            return;
        }
        TypeRef::Vec(inner) => ("Vec<", inner),
        TypeRef::Map(inner) => ("::std::collections::BTreeMap<String, ", inner),
        TypeRef::Option(inner) => ("Option<", inner),
        TypeRef::Boxed(inner) => ("Box<", inner),
    };
    out.push_str(open);
    rust_type(api, inner, krate, out);
    out.push('>');
}

/// How one example is checked: the third element of its row in `EXAMPLES`.
enum Check {
    /// `decodes::<T>` or `round_trip::<T>`: a generic helper named with the type.
    Helper { helper: &'static str, ty: String },
    /// `|example| encodes(value, example)`, with the type named (`encodes::<T>`) when the value
    /// does not name it.
    Encodes { ty: Option<String>, value: Expr },
    /// `|_| Err("..".into())`: the example does not fit its type.
    Fails { message: String },
}

impl Check {
    /// The check in prettyplease's flat layout (valid Rust in any case).
    fn flat(&self) -> String {
        match self {
            Check::Helper { helper, ty } => format!("{helper}::<{ty}>"),
            Check::Encodes { ty: Some(ty), value } => format!("|example| encodes::<{ty}>({}, example)", value.flat()),
            Check::Encodes { ty: None, value } => format!("|example| {}", encodes(value).flat()),
            Check::Fails { message } => format!("|_| {}", fails(message).flat()),
        }
    }

    /// Whether [`Check::flat`] is a layout prettyplease could print on one line.
    fn has_flat(&self) -> bool {
        !matches!(self, Check::Encodes { value, .. } if !value.has_flat())
    }
}

/// `encodes(value, example)`, the body of a sent type's check.
fn encodes(value: &Expr) -> Expr {
    Expr::Call("encodes".to_owned(), vec![value.clone(), Expr::Atom("example".to_owned())])
}

/// `Err(message.into())`, the body of the check of an example that does not fit its type.
fn fails(message: &str) -> Expr {
    let message = Expr::Chain(Box::new(Expr::Atom(string_lit(message))), vec![("into".to_owned(), vec![])]);
    Expr::Call("Err".to_owned(), vec![message])
}

/// One row of `EXAMPLES` (label, JSON, check), and the `#[cfg]` predicate its type needs.
struct Row {
    cfg: Option<String>,
    label: String,
    json: String,
    check: Check,
}

/// The test file, as text in prettyplease's layout.
pub fn file(api: &Api, krate: &str, features: &Features) -> Result<String, String> {
    let (mut decodes, mut encodes, mut round_trips, mut uses_json, mut uses_types) = (false, false, false, false, false);
    let rows: Vec<Row> = cases(api)
        .filter_map(|(label, ty, value)| {
            let json = serde_json::to_string(value).ok()?;
            let mut rust = String::new();
            rust_type(api, &ty, krate, &mut rust);
            let dirs = directions(api, &ty);
            // Every check names the type but one that reports an example the type cannot hold.
            let named = names_a_type(&ty);
            let check = if dirs.received && dirs.sent {
                round_trips = true;
                uses_types |= named;
                Check::Helper { helper: "round_trip", ty: rust }
            } else if dirs.received {
                decodes = true;
                uses_types |= named;
                Check::Helper { helper: "decodes", ty: rust }
            } else {
                match example_value::build(api, &ty, value, &mut uses_json) {
                    Ok(built) => {
                        encodes = true;
                        uses_types |= named;
                        // A struct, enum or union value names its type; anything else (an alias of
                        // a list, say) is built from `.into()`s that need it named.
                        let typed = matches!(&ty, TypeRef::Named(i) if !matches!(api.types[*i].kind, crate::ir::TypeKind::Alias(_)));
                        Check::Encodes { ty: (!typed).then_some(rust), value: built }
                    }
                    Err(why) => Check::Fails { message: format!("the example does not fit the type: {why}") },
                }
            };
            Some(Row { cfg: features.typeref_predicate_text(&ty), label: string_lit(label), json: string_lit(&json), check })
        })
        .collect();
    // With tag features off, a row's type may be compiled out, and with it every use of a helper.
    let unused = if features.is_on() { UNUSED } else { "" };
    let mut out = String::from(HEADER);
    if uses_types {
        if features.is_on() {
            out.push_str(UNUSED_IMPORT);
        }
        let mut t = Text::new();
        t.line(0, &["use ", krate, "::types;"]);
        t.finish(0, &mut out)?;
    }
    let helpers = [
        (encodes || round_trips, "", SAME),
        (uses_json, "/// A free-form JSON value of an example.\n", JSON),
        (decodes, "/// A received type decodes the example and knows every key of it.\n", DECODES),
        (encodes, "/// A sent type, built from the example, serialises to it.\n", ENCODES),
        (round_trips, "/// A type used both ways decodes the example and encodes back to it.\n", ROUND_TRIP),
    ];
    for (_, doc, helper) in helpers.iter().filter(|(used, _, _)| *used) {
        out.push_str(doc);
        out.push_str(unused);
        out.push_str(helper);
    }
    out.push_str("/// The check of one example's JSON in its type's direction.\ntype Check = fn(&str) -> Result<(), String>;\n");
    out.push_str("/// Each example: where the spec gives it, its JSON, and its check.\n");
    if rows.is_empty() {
        out.push_str("const EXAMPLES: &[(&str, &str, Check)] = &[];\n");
    } else {
        out.push_str("const EXAMPLES: &[(&str, &str, Check)] = &[\n");
        let mut attrs = std::collections::BTreeMap::new();
        for (k, row) in rows.iter().enumerate() {
            write_row(row, k + 1 == rows.len(), &mut attrs, &mut out)?;
        }
        out.push_str("];\n");
    }
    out.push_str(TEST);
    Ok(out)
}

/// One row of `EXAMPLES` at depth 1 with its `#[cfg]`: on one line when it fits, else one
/// element a line; a row the writer cannot lay out is formatted alone by the fallback. `attrs`
/// keeps the long attributes already laid out (few distinct feature sets recur).
fn write_row(row: &Row, last: bool, attrs: &mut std::collections::BTreeMap<String, String>, out: &mut String) -> Result<(), String> {
    if let Some(predicate) = &row.cfg {
        let attr = format!("#[cfg({predicate})]");
        if fits(1, attr.len()) {
            out.push_str(text::INDENT);
            out.push_str(&attr);
            out.push('\n');
        } else {
            if !attrs.contains_key(&attr) {
                let laid_out = text::format_attr(&attr, 1)?;
                attrs.insert(attr.clone(), laid_out);
            }
            out.push_str(&attrs[&attr]);
        }
    }
    row_lines(row, last).finish_element(last, out)
}

/// The row itself (after its `#[cfg]`) at depth 1.
fn row_lines(row: &Row, last: bool) -> Text {
    let mut t = Text::new();
    let check = row.check.flat();
    // The row's comma is not counted after the last row: prettyplease prints it with the break.
    let comma = usize::from(!last);
    if row.check.has_flat() && fits(1, 1 + row.label.len() + 2 + row.json.len() + 2 + check.len() + 1 + comma) {
        t.line_trailing(1, &["(", &row.label, ", ", &row.json, ", ", &check, ")"], ",");
    } else {
        t.line(1, &["("]);
        // Literals cannot break: a long JSON text stays on its line.
        layout::long_line(&mut t, 2, &format!("{},", row.label));
        layout::long_line(&mut t, 2, &format!("{},", row.json));
        write_check(&mut t, &row.check);
        t.line(1, &["),"]);
    }
    t
}

/// The check as the last element of a broken row, at depth 2 (its comma not counted).
fn write_check(t: &mut Text, check: &Check) {
    let flat = check.flat();
    if check.has_flat() && fits(2, flat.len()) {
        t.line_trailing(2, &[&flat], ",");
        return;
    }
    match check {
        Check::Helper { helper, ty } => {
            // The generic arguments break first; the type then breaks at its own.
            t.line(2, &[helper, "::<"]);
            layout::typed(t, 3, "", ty, ",", false);
            t.line(2, &[">,"]);
        }
        Check::Encodes { ty: Some(ty), value } => {
            // A turbofish breaks before the call's arguments do (its block extends to the end of
            // the call); the arguments then break if `>(..)` does not fit either.
            t.line(2, &["|example| encodes::<"]);
            layout::typed(t, 3, "", ty, ",", false);
            let mut args = encodes(value);
            if let Expr::Call(func, _) = &mut args {
                *func = ">".to_owned();
            }
            args.write(t, 2, "", "", ",");
        }
        // The closure's parameters never break; its body is a call, laid out as one.
        Check::Encodes { ty: None, value } => encodes(value).write(t, 2, "|example| ", "", ","),
        Check::Fails { message } => fails(message).write(t, 2, "|_| ", "", ","),
    }
}

// The fixed text of the file, as prettyplease prints it (the helpers do not depend on the API).

/// `same`: JSON equality up to what the types legitimately change: absent for `null`, lenient
/// scalars, joined lists, date-time layouts.
const SAME: &str = r##"fn same(expected: &::serde_json::Value, actual: &::serde_json::Value) -> bool {
    use ::serde_json::Value;
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            e
                .iter()
                .all(|(k, v)| match a.get(k) {
                    Some(av) => same(v, av),
                    None => v.is_null() || v.as_str().is_some_and(str::is_empty),
                }) && a.iter().all(|(k, v)| e.contains_key(k) || v.is_null())
        }
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(x, y)| same(x, y))
        }
        (Value::String(s), Value::Array(a)) => {
            let joined: Vec<String> = a
                .iter()
                .map(|v| v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string()))
                .collect();
            [";", ",", "|", " "].iter().any(|d| joined.join(d) == *s)
        }
        (Value::String(s), other) if !other.is_string() => {
            s == &other.to_string() || s.eq_ignore_ascii_case(&other.to_string())
        }
        (Value::Number(n), Value::String(s)) => n.to_string() == *s,
        (Value::String(s), Value::String(t)) => {
            s == t
                || s.replace('T', " ").trim_end_matches('Z')
                    == t.replace('T', " ").trim_end_matches('Z')
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (e, a) => e == a,
    }
}
"##;

/// `json`: a free-form JSON value.
const JSON: &str = r##"fn json(text: &str) -> ::serde_json::Value {
    ::serde_json::from_str(text).expect("the generator embeds valid JSON")
}
"##;

/// `decodes`: the check of a received type.
const DECODES: &str = r##"fn decodes<T: ::serde::de::DeserializeOwned>(json: &str) -> Result<(), String> {
    let mut ignored = Vec::new();
    let decoded: Result<T, _> = ::serde_ignored::deserialize(
        &mut ::serde_json::Deserializer::from_str(json),
        |path| ignored.push(path.to_string()),
    );
    match decoded {
        Err(e) => Err(format!("does not decode: {e}")),
        Ok(_) if !ignored.is_empty() => {
            Err(format!("keys the type does not know: {}", ignored.join(", ")))
        }
        Ok(_) => Ok(()),
    }
}
"##;

/// `encodes`: the check of a sent type.
const ENCODES: &str = r##"fn encodes<T: ::serde::Serialize>(value: T, json: &str) -> Result<(), String> {
    let expected: ::serde_json::Value = ::serde_json::from_str(json)
        .expect("the generator embeds valid JSON");
    let actual = ::serde_json::to_value(&value).expect("generated types serialise");
    if same(&expected, &actual) {
        Ok(())
    } else {
        Err(format!("encodes differently\n  expected {expected}\n  got      {actual}"))
    }
}
"##;

/// `round_trip`: the check of a type used both ways.
const ROUND_TRIP: &str = r##"fn round_trip<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(
    json: &str,
) -> Result<(), String> {
    let expected: ::serde_json::Value = ::serde_json::from_str(json)
        .expect("the generator embeds valid JSON");
    let value = ::serde_json::from_value::<T>(expected.clone())
        .map_err(|e| format!("does not decode: {e}"))?;
    let actual = ::serde_json::to_value(&value).expect("generated types serialise");
    if same(&expected, &actual) {
        Ok(())
    } else {
        Err(
            format!(
                "round trip changed the value\n  expected {expected}\n  got      {actual}"
            ),
        )
    }
}
"##;

/// The test itself, after `EXAMPLES`.
const TEST: &str = r##"#[test]
fn every_spec_example_matches_its_type() {
    let failures: Vec<String> = EXAMPLES
        .iter()
        .filter_map(|(name, json, check)| {
            check(json).err().map(|e| format!("{name}: {e}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
"##;

/// The opening lines of the file.
const HEADER: &str = r##"//! Every `example` of the spec, checked in the direction its type crosses the wire: a
//! type the client receives decodes it (knowing every key), one it sends serialises to it
//! (built from the example with its constructor and setters), and one used both ways
//! round-trips. Lenient forms the types accept, such as `"true"` for `true`, are equal.
"##;

/// Before the `use` of `types` when the crate has tag features.
const UNUSED_IMPORT: &str = r##"#[allow(
    unused_imports,
    reason = "with tag features off, no example may be left to check"
)]
"##;

/// Before each helper when the crate has tag features: with them off, a row's type may be
/// compiled out, and with it every use of a helper.
const UNUSED: &str = "#[allow(dead_code, reason = \"with tag features off, no example may be left to check\")]\n";

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of every kind of check, flat and broken (a long label, a long type, a long value),
    /// the last one too, laid out as prettyplease lays out the whole table; none of them needs
    /// the fallback.
    #[test]
    fn rows_match_prettyplease() {
        let long = "L".repeat(70);
        let value = |n: usize| Expr::Chain(
            Box::new(Expr::Call(format!("types::{}::new", "V".repeat(n)), vec![Expr::Atom("1".to_owned())])),
            vec![("with_name".to_owned(), vec![Expr::Atom(string_lit(&"n".repeat(n)))])],
        );
        let mut rows = Vec::new();
        for n in [4, 30, 60] {
            let ty = format!("types::{}", "T".repeat(n));
            rows.push(Row { cfg: None, label: string_lit("Pet"), json: string_lit("{}"), check: Check::Helper { helper: "decodes", ty: ty.clone() } });
            rows.push(Row { cfg: Some("feature = \"pets\"".to_owned()), label: string_lit(&long[..n]), json: string_lit("[]"), check: Check::Helper { helper: "round_trip", ty: format!("Vec<{ty}>") } });
            rows.push(Row { cfg: None, label: string_lit("A"), json: string_lit("1"), check: Check::Encodes { ty: None, value: value(n) } });
            rows.push(Row { cfg: None, label: string_lit("B"), json: string_lit("2"), check: Check::Encodes { ty: Some(ty.clone()), value: Expr::Vec(vec![value(n / 2), value(n / 3)]) } });
            rows.push(Row { cfg: None, label: string_lit("C"), json: string_lit("3"), check: Check::Fails { message: long[..n].to_owned() } });
        }
        let mut ours = String::from("const EXAMPLES: &[(&str, &str, Check)] = &[\n");
        let mut attrs = std::collections::BTreeMap::new();
        for (k, row) in rows.iter().enumerate() {
            assert!(!row_lines(row, k + 1 == rows.len()).is_unsure(), "row {k}");
            write_row(row, k + 1 == rows.len(), &mut attrs, &mut ours).expect("writes");
        }
        ours.push_str("];\n");
        assert_eq!(text::format_at_depth(&ours, 0).expect("parses"), ours);
    }
}
