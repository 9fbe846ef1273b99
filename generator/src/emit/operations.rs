//! Emits `src/api/<tag>.rs`: the group accessor with one method per operation, and for each
//! operation its builder (an alias of the runtime's `Request<Op>` with the optional setters)
//! and, where needed, its success enum. The operations' static facts come from `op_table`.
//! Written as text in prettyplease's layout (`layout`), not as tokens to be formatted.

use super::docs;
use super::example;
use super::layout::{chain, long_line, signature, typed};
use super::text::{Text, doc_attr, string_lit};
use super::op_table;
use super::typeref::{self, is_param_native, is_secret, is_string};
use crate::ir::{Api, BodyKind, Group, Location, Operation, Param, ParamStyle, Payload, Success, TypeKind, TypeRef};

/// The module of one group, as text laid out as prettyplease prints it (an `Err` is a
/// generator bug: an item sent to the fallback did not parse).
pub fn module(api: &Api, group: &Group, crate_ident: &str) -> Result<String, String> {
    let mut out = String::new();
    let tag = &group.tag;
    doc_attr(&mut out, 0, &format!(" Operations tagged `{tag}`."), true);
    let mut t = Text::new();
    let type_doc = match &group.description {
        Some(d) => format!("Operations tagged `{tag}`.\n\n{}", docs::sanitize(d)),
        None => format!("Operations tagged `{tag}`."),
    };
    t.docs(0, &type_doc);
    let type_name = &group.type_name;
    long_line(&mut t, 0, "#[derive(Debug, Clone)]");
    long_line(&mut t, 0, &format!("pub struct {type_name} {{"));
    long_line(&mut t, 1, "client: crate::Client,");
    long_line(&mut t, 0, "}");
    t.finish(0, &mut out)?;
    out.push_str(&format!("impl {type_name} {{\n    pub(crate) fn new(client: crate::Client) -> Self {{\n        Self {{ client }}\n    }}\n"));
    for op in &group.operations {
        accessor_method(api, group, op, crate_ident).finish(1, &mut out)?;
    }
    out.push_str("}\n");
    for op in &group.operations {
        builder_items(api, group, op, &mut out)?;
    }
    op_table::module(api, group, &mut out)?;
    Ok(out)
}

/// Argument type for a value the caller passes, and whether it is converted with `.into()`.
pub(crate) fn arg(api: &Api, ty: &TypeRef) -> (String, bool) {
    if is_string(api, ty) {
        ("impl ::std::convert::Into<::std::string::String>".to_owned(), true)
    } else if is_secret(api, ty) {
        ("impl ::std::convert::Into<crate::Secret>".to_owned(), true)
    } else {
        (typeref::text(api, ty), false)
    }
}

/// A reference to the caller's `value` for a generic runtime helper, and the turbofish that
/// names its type when the argument is an `impl Into<..>` (inference cannot see through it).
fn value_ref(api: &Api, ty: &TypeRef, value: &str) -> (String, String) {
    if arg(api, ty).1 {
        (format!("::<{}>", typeref::text(api, ty)), format!("&{value}.into()"))
    } else {
        (String::new(), format!("&{value}"))
    }
}

fn required_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| p.required)
}

fn body_required(op: &Operation) -> bool {
    op.body.as_ref().is_some_and(|b| b.required)
}

fn method_doc(api: &Api, group: &Group, op: &Operation, crate_ident: &str) -> String {
    let mut text = String::new();
    match (&op.summary, &op.description) {
        (Some(s), Some(d)) => text.push_str(&format!("{}\n\n{}", docs::sanitize(s), docs::sanitize(d))),
        (Some(s), None) => text.push_str(&docs::sanitize(s)),
        (None, Some(d)) => text.push_str(&docs::sanitize(d)),
        (None, None) => text.push_str(&format!("Calls `{}`.", op.id)),
    }
    text.push_str(&format!("\n\n`{} {}` (operation `{}`).", op.method.as_str(), op.path, op.id));
    if let Some(e) = &op.evidence {
        text.push_str(&format!("\n\nEvidence: **{e}**{}", match e.as_str() {
            "reference" => " (the vendor's reference documents this endpoint).",
            "secondary" => " (known from third-party sources only; shapes may differ from the live API).",
            "inferred" => " (inferred; the vendor does not document it — verify before relying on it).",
            _ => ".",
        }));
    }
    if op.deprecated {
        text.push_str("\n\nThe API marks this operation deprecated.");
    }
    let args: Vec<String> = required_params(op).map(|p| example::expr(api, &p.ty, crate_ident, 0)).chain(body_required(op).then(|| example::expr(api, &op.body.as_ref().map(|b| b.ty.clone()).unwrap_or(TypeRef::Json), crate_ident, 0))).collect();
    text.push_str(&format!(
        "\n\n# Example\n\n```no_run\n# async fn example(client: {crate_ident}::Client) -> ::std::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>> {{\nlet response = client.{}().{}({}).send().await?;\n# let _ = response;\n# Ok(())\n# }}\n```",
        group.accessor,
        op.method_name,
        args.join(", ")
    ));
    text
}

/// The call that stores parameter `index` (its position in the operation's table) from `value`.
fn set_param(api: &Api, index: usize, p: &Param, value: &str) -> String {
    let (turbofish, value) = value_ref(api, &p.ty, value);
    let method = if p.style == ParamStyle::Json {
        "set_json"
    } else if is_param_native(api, &p.ty) {
        "set"
    } else {
        "set_serde"
    };
    format!(".{method}{turbofish}({index}, {value})")
}

/// The call that encodes the body `value` into the request, as the body's media type wants;
/// `None` for a multipart body, which is collected field by field first ([`multipart_body`]).
fn set_body(api: &Api, op: &Operation, value: &str) -> Option<String> {
    let body = op.body.as_ref()?;
    let (turbofish, reference) = value_ref(api, &body.ty, value);
    match &body.kind {
        BodyKind::Json => Some(format!(".json_body{turbofish}({reference})")),
        BodyKind::Form => Some(format!(".form_body{turbofish}({reference})")),
        BodyKind::Bytes(media) => Some(format!(".bytes_body({}, {value})", string_lit(media))),
        BodyKind::Text(media) => Some(format!(".text_body({}, {value})", string_lit(media))),
        BodyKind::Multipart => None,
    }
}

/// A function body that collects a multipart body's fields, then sets it on `receiver`: one
/// line of statements, for the fallback to lay out (multipart bodies are rare).
fn multipart_body(api: &Api, op: &Operation, receiver: &str, value: &str) -> String {
    let Some(body) = &op.body else { return receiver.to_owned() };
    let fields = resolve_struct(api, &body.ty).unwrap_or_default();
    let mut text = String::from("let mut parts = crate::runtime::request::Parts::default();");
    for f in fields {
        let (fname, wire) = (&f.rust_name, string_lit(&f.wire_name));
        let binary = body.multipart_fields.iter().any(|(w, b)| *w == f.wire_name && *b);
        let add = if binary { format!("parts.bytes({wire}, ::std::clone::Clone::clone(v));") } else { format!("parts.text({wire}, v);") };
        if !f.required || f.nullable {
            let flatten = if !f.required && f.nullable && f.lenient == crate::ir::Lenient::None { ".as_ref().and_then(|v| v.as_ref())" } else { ".as_ref()" };
            text.push_str(&format!(" if let ::std::option::Option::Some(v) = {value}.{fname}{flatten} {{ {add} }}"));
        } else {
            text.push_str(&format!(" {{ let v = &{value}.{fname}; {add} }}"));
        }
    }
    text.push_str(&format!(" {receiver}.multipart_body(&{value}, parts)"));
    text
}

fn resolve_struct<'a>(api: &'a Api, ty: &TypeRef) -> Option<Vec<&'a crate::ir::Field>> {
    match typeref::resolve(api, ty) {
        TypeRef::Named(i) => match &api.types[*i].kind {
            TypeKind::Struct(s) => Some(s.fields.iter().collect()),
            _ => None,
        },
        _ => None,
    }
}

/// The group's method of one operation (in `impl XApi`): required parameters and body as
/// arguments, each encoded at once.
fn accessor_method(api: &Api, group: &Group, op: &Operation, crate_ident: &str) -> Text {
    let builder = &op.builder_name;
    let mut args = vec!["&self".to_owned()];
    let mut sets = Vec::new();
    for (index, p) in op.params.iter().enumerate().filter(|(_, p)| p.required) {
        args.push(format!("{}: {}", p.rust_name, arg(api, &p.ty).0));
        sets.push(set_param(api, index, p, &p.rust_name));
    }
    let body = op.body.as_ref().filter(|b| b.required);
    if let Some(body) = body {
        args.push(format!("body: {}", arg(api, &body.ty).0));
    }
    let mut t = Text::new();
    t.docs(1, &method_doc(api, group, op, crate_ident));
    if op.deprecated {
        long_line(&mut t, 1, "#[deprecated(note = \"the API marks this operation deprecated\")]");
    }
    // Required parameters are positional arguments, as many as the document requires.
    if args.len() > 7 {
        long_line(&mut t, 1, "#[allow(clippy::too_many_arguments)]");
    }
    signature(&mut t, 1, &format!("pub fn {}", op.method_name), &args, &format!(" -> {builder} {{"));
    let receiver = format!("{builder}::new(&self.client)");
    match body.map(|_| set_body(api, op, "body")) {
        Some(None) => {
            t.unsure();
            long_line(&mut t, 2, &multipart_body(api, op, &format!("{receiver}{}", sets.concat()), "body"));
        }
        Some(Some(set)) => {
            sets.push(set);
            chain(&mut t, 2, &receiver, &sets);
        }
        None => chain(&mut t, 2, &receiver, &sets),
    }
    t.line(1, &["}"]);
    t
}

/// Rust type a successful call returns.
pub(crate) fn success_type(api: &Api, op: &Operation) -> String {
    match &op.success {
        Success::Single(p) => payload_type(api, p),
        Success::Enum { type_name, .. } => type_name.clone(),
    }
}

pub(crate) fn payload_type(api: &Api, p: &Payload) -> String {
    match p {
        Payload::Empty => "()".to_owned(),
        Payload::Json(ty) => typeref::text(api, ty),
        Payload::Text => "::std::string::String".to_owned(),
        Payload::Bytes => "::std::vec::Vec<u8>".to_owned(),
    }
}

/// The builder's rustdoc: what it calls, what `send` returns and how it pages. The generic
/// `send` and `into_stream` live on the runtime's `Request`, so their types are named here.
fn builder_doc(api: &Api, group: &Group, op: &Operation) -> String {
    let method = op.method_name.trim_start_matches("r#");
    let output = match &op.success {
        Success::Enum { type_name, .. } => format!("[`{}`]", type_name.trim_start_matches("r#")),
        Success::Single(p) => format!("`{}`", crate::surface::shorten(payload_type(api, p))),
    };
    let mut text = format!("Request builder for [`{}::{method}`]: `{} {}`. [`.send()`](crate::Request::send) returns {output}.", group.type_name, op.method.as_str(), op.path);
    if let Some(pg) = &op.pagination {
        text.push_str(&format!(
            " [`.into_stream()`](crate::Request::into_stream) yields every `{}` across pages: `{}` advances by the page size (`{}`, default {}) until a page comes back short.",
            crate::surface::shorten(typeref::text(api, &pg.item)),
            op.params[pg.offset_param].wire_name,
            op.params[pg.limit_param].wire_name,
            pg.default_limit
        ));
    }
    text
}

/// An operation's items at the file's top level: its success enum, its builder alias and the
/// builder's optional setters.
fn builder_items(api: &Api, group: &Group, op: &Operation, out: &mut String) -> Result<(), String> {
    let builder = &op.builder_name;
    if let Some(item) = success_enum(api, op) {
        item.finish(0, out)?;
    }
    let mut t = Text::new();
    t.docs(0, &builder_doc(api, group, op));
    typed(&mut t, 0, &format!("pub type {builder} = "), &format!("crate::Request<op::{builder}>"), ";", true);
    t.finish(0, out)?;
    let setters: Vec<Text> = op.params.iter().enumerate().filter(|(_, p)| !p.required).map(|(index, p)| setter(api, index, p)).chain(op.body.as_ref().filter(|b| !b.required).map(|b| body_setter(api, op, b))).collect();
    if !setters.is_empty() {
        out.push_str(&format!("impl {builder} {{\n"));
        for item in setters {
            item.finish(1, out)?;
        }
        out.push_str("}\n");
    }
    Ok(())
}

/// The setter of an optional parameter.
fn setter(api: &Api, index: usize, p: &Param) -> Text {
    let mut t = Text::new();
    let fallback = format!("Sets `{}`.", p.wire_name);
    let mut doc = p.doc.as_deref().map(docs::sanitize).unwrap_or(fallback);
    doc.push_str(&format!("\n\nSent as {} parameter `{}`.", location_name(p.location), p.wire_name));
    t.docs(1, &doc);
    signature(&mut t, 1, &format!("pub fn {}", p.rust_name), &["self".to_owned(), format!("value: {}", arg(api, &p.ty).0)], " -> Self {");
    // `self` is a short receiver: prettyplease never breaks before its one call.
    t.line(2, &[&format!("self{}", set_param(api, index, p, "value"))]);
    t.line(1, &["}"]);
    t
}

/// The setter of an optional body.
fn body_setter(api: &Api, op: &Operation, body: &crate::ir::Body) -> Text {
    let mut t = Text::new();
    t.docs(1, &docs::from_spec_text(body.doc.as_deref(), "Sets the request body."));
    signature(&mut t, 1, "pub fn body", &["self".to_owned(), format!("value: {}", arg(api, &body.ty).0)], " -> Self {");
    match set_body(api, op, "value") {
        Some(set) => t.line(2, &[&format!("self{set}")]),
        None => {
            t.unsure();
            long_line(&mut t, 2, &multipart_body(api, op, "self", "value"));
        }
    }
    t.line(1, &["}"]);
    t
}

fn success_enum(api: &Api, op: &Operation) -> Option<Text> {
    let Success::Enum { type_name, variants } = &op.success else { return None };
    let mut t = Text::new();
    t.doc(0, &format!(" The successful answers of `{}`.", op.id));
    long_line(&mut t, 0, "#[derive(Debug, Clone, PartialEq)]");
    long_line(&mut t, 0, "#[non_exhaustive]");
    long_line(&mut t, 0, &format!("pub enum {type_name} {{"));
    for v in variants {
        t.docs(1, &docs::from_spec_text(Some(&v.doc), "A successful answer."));
        match &v.payload {
            Payload::Empty => long_line(&mut t, 1, &format!("{},", v.name)),
            p => t.line(1, &[&v.name, "(", &payload_type(api, p), "),"]),
        }
    }
    long_line(&mut t, 0, "}");
    Some(t)
}

fn location_name(l: Location) -> &'static str {
    match l {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
    }
}
