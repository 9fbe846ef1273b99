//! Emits the `op` module of `src/api/<tag>.rs`: one marker type per operation, whose
//! `Operation` impl gives the runtime its static facts (method, path, parameter table,
//! security, retry class, documented errors) and its decoder. Error tables that several
//! operations of the tag share are written once.

use super::layout::{Item, Pieces, Scope, string_literal};
use super::typeref::ident;
use crate::ir::{Api, Group, Location, Operation, ParamStyle, Payload, RetryClass, Success};
use proc_macro2::TokenStream;
use quote::quote;

/// The path of an operation's `OperationInfo` (for the login table of `src/client.rs`).
pub fn info_path(group: &Group, op: &Operation) -> TokenStream {
    let module = ident(&group.module);
    let marker = ident(&op.builder_name);
    quote! { <crate::api::#module::op::#marker as crate::runtime::Operation>::INFO }
}

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
pub fn module(api: &Api, group: &Group, out: &mut Pieces) {
    // Most operations document the same error answers: each distinct table is written once.
    let mut tables: Vec<Vec<(u16, String)>> = Vec::new();
    for op in &group.operations {
        let table = errors(op);
        if !table.is_empty() && !tables.contains(&table) {
            tables.push(table);
        }
    }
    out.text("/// The operations of this module as the runtime sees them: one marker type per operation,\n/// with its static facts and the decoder of its answer.\npub(crate) mod op {\n");
    for (i, table) in tables.iter().enumerate() {
        out.item(error_table(i, table), &[Scope::Mod]);
    }
    for op in &group.operations {
        let errors = errors(op);
        let table = tables.iter().position(|t| *t == errors);
        marker(api, op, table, out);
    }
    out.text("}\n");
}

/// `const ERRORS_i: &[(u16, &str)] = &[(status, "description"), ..];` in the `op` module.
fn error_table(i: usize, table: &[(u16, String)]) -> Item {
    let mut item = Item::new(1);
    let rows: Vec<String> = table.iter().map(|(status, d)| format!("({status}, {})", string_literal(d))).collect();
    let head = format!("const ERRORS_{i}: &[(u16, &str)] = &[");
    let flat = format!("{head}{}];", rows.join(", "));
    if item.fits(0, flat.len()) {
        item.line(0, &flat);
        return item;
    }
    item.line(0, &head);
    for (k, (status, d)) in table.iter().enumerate() {
        // The last row's comma comes with the break, so it does not count for the fit.
        let row = &rows[k];
        let last = k + 1 == rows.len();
        if item.fits(1, row.len() + usize::from(!last)) {
            item.line(1, &format!("{row},"));
        } else {
            item.line(1, "(");
            item.line(2, &format!("{status},"));
            item.long_line(2, &format!("{},", string_literal(d)));
            item.line(1, "),");
        }
    }
    item.line(0, "];");
    item
}

/// The marker type of one operation and its trait impls, in the `op` module.
fn marker(api: &Api, op: &Operation, errors: Option<usize>, out: &mut Pieces) {
    let marker = &op.builder_name;
    let mut item = Item::new(1);
    item.doc(0, &format!("Operation `{}`.", op.id));
    item.long_line(0, &format!("pub enum {marker} {{}}"));
    out.item(item, &[Scope::Mod]);
    let head = format!("impl crate::runtime::Operation for {marker} {{");
    if Item::new(1).fits(0, head.len()) {
        out.text(&format!("    {head}\n"));
    } else {
        // prettyplease's one break in the header, before `for` (at the impl's own indent).
        out.text(&format!("    impl crate::runtime::Operation\n    for {marker} {{\n"));
    }
    operation_items(api, op, errors, out);
    out.text("    }\n");
    if let Some(pg) = &op.pagination {
        let mut item = Item::new(1);
        item.line(0, &format!("impl crate::runtime::Paged for {marker} {{"));
        item.line(1, "const PAGING: crate::runtime::Paging = crate::runtime::Paging {");
        item.line(2, &format!("offset: {},", pg.offset_param));
        item.line(2, &format!("limit: {},", pg.limit_param));
        item.line(2, &format!("default_limit: {},", pg.default_limit));
        item.line(1, "};");
        item.line(0, "}");
        out.item(item, &[Scope::Mod]);
    }
}

/// The items of an operation's `Operation` impl: `Output`, `INFO` and `DECODE`.
fn operation_items(api: &Api, op: &Operation, errors: Option<usize>, out: &mut Pieces) {
    const SCOPES: &[Scope] = &[Scope::Mod, Scope::Impl];
    let (output, decode) = output_and_decoder(api, op);
    let mut item = Item::new(2);
    item.typed(0, "type Output = ", &output, ";", true);
    out.item(item, SCOPES);
    out.item(info(op, errors), SCOPES);
    let mut item = Item::new(2);
    match decode {
        Decode::Path(path) => item.long_line(0, &format!("const DECODE: crate::runtime::decode::Decoder<Self::Output> = {path};")),
        Decode::Closure(closure) => {
            // A closure choosing by status is rare: prettyplease lays it out.
            item.unsure();
            item.long_line(0, &format!("const DECODE: crate::runtime::decode::Decoder<Self::Output> = {closure};"));
        }
    }
    out.item(item, SCOPES);
}

/// `const INFO`: only what differs from `OperationInfo::DEFAULT` is written.
fn info(op: &Operation, errors: Option<usize>) -> Item {
    let mut item = Item::new(2);
    // The struct expression is always wider than prettyplease's 34 columns for one line, and
    // nothing before its brace can break.
    item.long_line(0, "const INFO: &'static crate::runtime::OperationInfo = &crate::runtime::OperationInfo {");
    item.long_line(1, &format!("id: {},", string_literal(&op.id)));
    item.long_line(1, &format!("method: {},", string_literal(op.method.as_str())));
    item.long_line(1, &format!("path: {},", string_literal(&op.path)));
    if op.server_group != 0 {
        item.line(1, &format!("server_group: {},", op.server_group));
    }
    if !op.security.is_empty() {
        let alternatives: Vec<String> = op.security.iter().map(|alt| format!("&[{}]", alt.iter().map(usize::to_string).collect::<Vec<_>>().join(", "))).collect();
        item.line(1, &format!("security: &[{}],", alternatives.join(", ")));
    }
    match op.retry {
        RetryClass::Idempotent => {}
        RetryClass::IdempotencyField => item.line(1, "retry: crate::runtime::RetryClass::IdempotencyField,"),
        RetryClass::Unsafe => item.line(1, "retry: crate::runtime::RetryClass::Unsafe,"),
    }
    if op.rate_limit.is_some() {
        // Rare, and its nested calls break in several ways: prettyplease lays it out.
        item.unsure();
        item.long_line(1, &format!("rate_limit: {},", super::client::rate_limit_tokens(op.rate_limit)));
    }
    if let Some(table) = errors {
        item.line(1, &format!("errors: ERRORS_{table},"));
    }
    let accept = accept_header(op);
    if accept != "application/json" {
        item.long_line(1, &format!("accept: {},", string_literal(&accept)));
    }
    if !op.params.is_empty() {
        let params: Vec<String> = op
            .params
            .iter()
            .map(|p| {
                let name = string_literal(&p.wire_name);
                match (p.location, &p.style) {
                    (Location::Path, _) => format!("crate::runtime::Param::path({name})"),
                    (Location::Query, ParamStyle::Delimited(d)) => format!("crate::runtime::Param::query_delimited({name}, {})", string_literal(d)),
                    (Location::Query, ParamStyle::DeepObject) => format!("crate::runtime::Param::query_deep({name})"),
                    (Location::Query, _) => format!("crate::runtime::Param::query({name})"),
                    (Location::Header, _) => format!("crate::runtime::Param::header({name})"),
                    (Location::Cookie, _) => format!("crate::runtime::Param::cookie({name})"),
                }
            })
            .collect();
        item.list(1, "params: &[", &params, "],");
    }
    if let (Some(field), RetryClass::IdempotencyField) = (op.body.as_ref().and_then(|b| b.idempotency_field.as_ref()), op.retry) {
        item.line(1, &format!("idempotency_field: ::std::option::Option::Some({}),", string_literal(field)));
    }
    item.line(1, "..crate::runtime::OperationInfo::DEFAULT");
    item.line(0, "};");
    item
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
