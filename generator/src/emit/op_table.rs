//! Emits the `op` module of `src/api/<tag>.rs`: one marker type per operation, whose
//! `Operation` impl gives the runtime its static facts (method, path, parameter table,
//! security, retry class, documented errors) and its decoder. Error tables that several
//! operations of the tag share are written once. Written as text in prettyplease's layout
//! (`layout`); a status-choosing decoder closure or a rate limit goes to the fallback.

use super::layout::{fits, list, long_line, typed};
use super::text::{Text, string_lit};
use crate::ir::{Api, Group, Location, Operation, ParamStyle, Payload, RetryClass, Success, TypeRef};

/// An error table: `(key, description)` with the runtime's key (exact status, a range by its
/// first digit, 0 for `default`).
fn errors(op: &Operation) -> Vec<(u16, String)> {
    op.errors
        .iter()
        .map(|e| {
            let status = match e.status {
                Some(s) if e.range => s / 100,
                Some(s) => s,
                None => 0,
            };
            (status, e.description.trim().to_owned())
        })
        .collect()
}

/// Writes the `op` module of one group (at the file's top level) into `out`.
pub fn module(api: &Api, group: &Group, out: &mut String) -> Result<(), String> {
    // Most operations document the same error answers: each distinct table is written once.
    let mut tables: Vec<Vec<(u16, String)>> = Vec::new();
    for op in &group.operations {
        let table = errors(op);
        if !table.is_empty() && !tables.contains(&table) {
            tables.push(table);
        }
    }
    out.push_str("/// The operations of this module as the runtime sees them: one marker type per operation,\n/// with its static facts and the decoder of its answer.\npub(crate) mod op {\n");
    for (i, table) in tables.iter().enumerate() {
        error_table(i, table).finish(1, out)?;
    }
    for op in &group.operations {
        let errors = errors(op);
        let table = tables.iter().position(|t| *t == errors);
        marker(api, op, table, out)?;
    }
    out.push_str("}\n");
    Ok(())
}

/// `const ERRORS_i: &[(u16, &str)] = &[(status, "description"), ..];` in the `op` module.
fn error_table(i: usize, table: &[(u16, String)]) -> Text {
    let mut t = Text::new();
    let rows: Vec<String> = table.iter().map(|(status, d)| format!("({status}, {})", string_lit(d))).collect();
    let head = format!("const ERRORS_{i}: &[(u16, &str)] = &[");
    let flat = format!("{head}{}];", rows.join(", "));
    if fits(1, flat.len()) {
        t.line(1, &[&flat]);
        return t;
    }
    t.line(1, &[&head]);
    for (k, (status, d)) in table.iter().enumerate() {
        // The last row's comma comes with the break, so it does not count for the fit.
        let row = &rows[k];
        let last = k + 1 == rows.len();
        if fits(2, row.len() + usize::from(!last)) {
            t.line(2, &[&format!("{row},")]);
        } else {
            t.line(2, &["("]);
            t.line(3, &[&format!("{status},")]);
            long_line(&mut t, 3, &format!("{},", string_lit(d)));
            t.line(2, &["),"]);
        }
    }
    t.line(1, &["];"]);
    t
}

/// The marker type of one operation and its trait impls, in the `op` module.
fn marker(api: &Api, op: &Operation, errors: Option<usize>, out: &mut String) -> Result<(), String> {
    let marker = &op.builder_name;
    let mut t = Text::new();
    t.doc(1, &format!(" Operation `{}`.", op.id));
    long_line(&mut t, 1, &format!("pub enum {marker} {{}}"));
    t.finish(1, out)?;
    let head = format!("impl crate::runtime::Operation for {marker} {{");
    if fits(1, head.len()) {
        out.push_str(&format!("    {head}\n"));
    } else {
        // prettyplease's one break in the header, before `for` (at the impl's own indent).
        out.push_str(&format!("    impl crate::runtime::Operation\n    for {marker} {{\n"));
    }
    operation_items(api, op, errors, out)?;
    out.push_str("    }\n");
    if let Some(pg) = &op.pagination {
        let mut t = Text::new();
        t.line(1, &[&format!("impl crate::runtime::Paged for {marker} {{")]);
        t.line(2, &["const PAGING: crate::runtime::Paging = crate::runtime::Paging {"]);
        t.line(3, &[&format!("offset: {},", pg.offset_param)]);
        t.line(3, &[&format!("limit: {},", pg.limit_param)]);
        t.line(3, &[&format!("default_limit: {},", pg.default_limit)]);
        t.line(2, &["};"]);
        t.line(1, &["}"]);
        t.finish(1, out)?;
    }
    Ok(())
}

/// The items of an operation's `Operation` impl: `Output`, `INFO`, `DECODE` and, for a JSON
/// list answer, `ITEMS` (decoded item by item while it arrives).
fn operation_items(api: &Api, op: &Operation, errors: Option<usize>, out: &mut String) -> Result<(), String> {
    let (output, decode) = output_and_decoder(api, op);
    let mut t = Text::new();
    typed(&mut t, 2, "type Output = ", &output, ";", true);
    t.finish(2, out)?;
    info(op, errors).finish(2, out)?;
    let mut t = Text::new();
    match decode {
        Decode::Path(path) => long_line(&mut t, 2, &format!("const DECODE: crate::runtime::decode::Decoder<Self::Output> = {path};")),
        Decode::Closure(closure) => {
            // A closure choosing by status is rare: prettyplease lays it out.
            t.unsure();
            long_line(&mut t, 2, &format!("const DECODE: crate::runtime::decode::Decoder<Self::Output> = {closure};"));
        }
    }
    if matches!(&op.success, Success::Single(Payload::Json(TypeRef::Vec(_)))) {
        long_line(&mut t, 2, "const ITEMS: crate::runtime::items::Items<Self::Output> = crate::runtime::items::list();");
    }
    t.finish(2, out)?;
    Ok(())
}

/// `const INFO`: only what differs from `OperationInfo::DEFAULT` is written.
fn info(op: &Operation, errors: Option<usize>) -> Text {
    let mut t = Text::new();
    // The struct expression is always wider than prettyplease's 34 columns for one line, and
    // nothing before its brace can break.
    long_line(&mut t, 2, "const INFO: &'static crate::runtime::OperationInfo = &crate::runtime::OperationInfo {");
    long_line(&mut t, 3, &format!("id: {},", string_lit(&op.id)));
    long_line(&mut t, 3, &format!("method: {},", string_lit(op.method.as_str())));
    long_line(&mut t, 3, &format!("path: {},", string_lit(&op.path)));
    if op.server_group != 0 {
        t.line(3, &[&format!("server_group: {},", op.server_group)]);
    }
    if !op.security.is_empty() {
        let alternatives: Vec<String> = op.security.iter().map(|alt| format!("&[{}]", alt.iter().map(usize::to_string).collect::<Vec<_>>().join(", "))).collect();
        t.line(3, &[&format!("security: &[{}],", alternatives.join(", "))]);
    }
    match op.retry {
        RetryClass::Idempotent => {}
        RetryClass::IdempotencyField => t.line(3, &["retry: crate::runtime::RetryClass::IdempotencyField,"]),
        RetryClass::Unsafe => t.line(3, &["retry: crate::runtime::RetryClass::Unsafe,"]),
    }
    if op.rate_limit.is_some() {
        // Rare, and its nested calls break in several ways: prettyplease lays it out.
        t.unsure();
        long_line(&mut t, 3, &format!("rate_limit: {},", super::client::rate_limit_expr(op.rate_limit).flat()));
    }
    if let Some(table) = errors {
        t.line(3, &[&format!("errors: ERRORS_{table},")]);
    }
    let accept = accept_header(op);
    if accept != "application/json" {
        long_line(&mut t, 3, &format!("accept: {},", string_lit(&accept)));
    }
    if !op.params.is_empty() {
        let params: Vec<String> = op
            .params
            .iter()
            .map(|p| {
                let name = string_lit(&p.wire_name);
                match (p.location, &p.style) {
                    (Location::Path, _) => format!("crate::runtime::Param::path({name})"),
                    (Location::Query, ParamStyle::Delimited(d)) => format!("crate::runtime::Param::query_delimited({name}, {})", string_lit(d)),
                    (Location::Query, ParamStyle::DeepObject) => format!("crate::runtime::Param::query_deep({name})"),
                    (Location::Query, _) => format!("crate::runtime::Param::query({name})"),
                    (Location::Header, _) => format!("crate::runtime::Param::header({name})"),
                    (Location::Cookie, _) => format!("crate::runtime::Param::cookie({name})"),
                }
            })
            .collect();
        list(&mut t, 3, "params: &[", &params, "],");
    }
    if let (Some(field), RetryClass::IdempotencyField) = (op.body.as_ref().and_then(|b| b.idempotency_field.as_ref()), op.retry) {
        t.line(3, &[&format!("idempotency_field: ::std::option::Option::Some({}),", string_lit(field))]);
    }
    t.line(3, &["..crate::runtime::OperationInfo::DEFAULT"]);
    t.line(2, &["};"]);
    t
}

/// The runtime decoder of one payload kind.
fn decoder(p: &Payload) -> &'static str {
    match p {
        Payload::Empty => "crate::runtime::decode::as_empty",
        Payload::Json(_) => "crate::runtime::decode::as_json",
        Payload::Text => "crate::runtime::decode::as_text",
        Payload::Bytes => "crate::runtime::decode::as_bytes",
    }
}

/// An operation's `DECODE`.
enum Decode {
    /// A runtime function.
    Path(&'static str),
    /// A closure choosing the success variant by status, on one line (laid out by the fallback).
    Closure(String),
}

/// The output type and its decoder: a runtime function for one success answer; for several,
/// a closure choosing the variant by status (the default variant, or else the first, for any other).
fn output_and_decoder(api: &Api, op: &Operation) -> (String, Decode) {
    match &op.success {
        Success::Single(p) => (super::operations::payload_type(api, p), Decode::Path(decoder(p))),
        Success::Enum { type_name, variants } => {
            let value = |v: &crate::ir::SuccessVariant| match &v.payload {
                Payload::Empty => format!("::std::result::Result::Ok(super::{type_name}::{})", v.name),
                p => format!("{}(op, response).map(super::{type_name}::{})", decoder(p), v.name),
            };
            let mut arms: Vec<String> = variants.iter().filter_map(|v| v.status.map(|s| format!("{s} => {},", value(v)))).collect();
            if let Some(v) = variants.iter().find(|v| v.status.is_none()).or(variants.first()) {
                arms.push(format!("_ => {},", value(v)));
            }
            let uses_op = variants.iter().any(|v| !matches!(v.payload, Payload::Empty));
            let op_arg = if uses_op { "op" } else { "_op" };
            (format!("super::{type_name}"), Decode::Closure(format!("|{op_arg}, response| match response.status {{ {} }}", arms.join(" "))))
        }
    }
}

/// The media types the decoder handles, so strict servers do not answer 406.
fn accept_header(op: &Operation) -> String {
    let media = |p: &Payload| match p {
        Payload::Json(_) | Payload::Empty => "application/json",
        Payload::Text => "text/*",
        Payload::Bytes => "*/*",
    };
    let mut kinds: Vec<&str> = match &op.success {
        Success::Single(p) => vec![media(p)],
        Success::Enum { variants, .. } => variants.iter().map(|v| media(&v.payload)).collect(),
    };
    kinds.sort_unstable();
    kinds.dedup();
    kinds.join(", ")
}
