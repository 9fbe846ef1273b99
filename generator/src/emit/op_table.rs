//! Emits the `op` module of `src/api/<tag>.rs`: one marker type per operation, whose
//! `Operation` impl gives the runtime its static facts (method, path, parameter table,
//! security, retry class, documented errors) and its decoder. Error tables that several
//! operations of the tag share are written once.

use super::typeref::ident;
use crate::ir::{Api, Group, Location, Operation, ParamStyle, Payload, RetryClass, Success};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

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

/// The `op` module of one group.
pub fn module(api: &Api, group: &Group) -> TokenStream {
    // Most operations document the same error answers: each distinct table is written once.
    let mut tables: Vec<Vec<(u16, String)>> = Vec::new();
    for op in &group.operations {
        let table = errors(op);
        if !table.is_empty() && !tables.contains(&table) {
            tables.push(table);
        }
    }
    let consts = tables.iter().enumerate().map(|(i, table)| {
        let name = format_ident!("ERRORS_{}", i);
        let rows = table.iter().map(|(status, d)| {
            let status = proc_macro2::Literal::u16_unsuffixed(*status);
            quote! { (#status, #d) }
        });
        quote! { const #name: &[(u16, &str)] = &[#(#rows),*]; }
    });
    let markers = group.operations.iter().map(|op| {
        let errors = errors(op);
        let table = tables.iter().position(|t| *t == errors).map(|i| format_ident!("ERRORS_{}", i));
        marker(api, op, table)
    });
    quote! {
        /// The operations of this module as the runtime sees them: one marker type per operation,
        /// with its static facts and the decoder of its answer.
        pub(crate) mod op {
            #(#consts)*
            #(#markers)*
        }
    }
}

fn marker(api: &Api, op: &Operation, errors: Option<proc_macro2::Ident>) -> TokenStream {
    let marker = ident(&op.builder_name);
    let doc = format!(" Operation `{}`.", op.id);
    let (id, method, path) = (&op.id, op.method.as_str(), &op.path);
    // Only what differs from `OperationInfo::DEFAULT` is written.
    let mut fields = Vec::new();
    if op.server_group != 0 {
        let group = proc_macro2::Literal::usize_unsuffixed(op.server_group);
        fields.push(quote! { server_group: #group });
    }
    if !op.security.is_empty() {
        let security = op.security.iter().map(|alt| {
            let alt = alt.iter().map(|s| proc_macro2::Literal::usize_unsuffixed(*s));
            quote! { &[#(#alt),*] }
        });
        fields.push(quote! { security: &[#(#security),*] });
    }
    match op.retry {
        RetryClass::Idempotent => {}
        RetryClass::IdempotencyField => fields.push(quote! { retry: crate::runtime::RetryClass::IdempotencyField }),
        RetryClass::Unsafe => fields.push(quote! { retry: crate::runtime::RetryClass::Unsafe }),
    }
    if op.rate_limit.is_some() {
        let limit = super::client::rate_limit_tokens(op.rate_limit);
        fields.push(quote! { rate_limit: #limit });
    }
    if let Some(table) = errors {
        fields.push(quote! { errors: #table });
    }
    let accept = accept_header(op);
    if accept != "application/json" {
        fields.push(quote! { accept: #accept });
    }
    if !op.params.is_empty() {
        let params = op.params.iter().map(|p| {
            let name = &p.wire_name;
            match (p.location, &p.style) {
                (Location::Path, _) => quote! { crate::runtime::Param::path(#name) },
                (Location::Query, ParamStyle::Delimited(d)) => quote! { crate::runtime::Param::query_delimited(#name, #d) },
                (Location::Query, ParamStyle::DeepObject) => quote! { crate::runtime::Param::query_deep(#name) },
                (Location::Query, _) => quote! { crate::runtime::Param::query(#name) },
                (Location::Header, _) => quote! { crate::runtime::Param::header(#name) },
                (Location::Cookie, _) => quote! { crate::runtime::Param::cookie(#name) },
            }
        });
        fields.push(quote! { params: &[#(#params),*] });
    }
    if let (Some(field), RetryClass::IdempotencyField) = (op.body.as_ref().and_then(|b| b.idempotency_field.as_ref()), op.retry) {
        fields.push(quote! { idempotency_field: ::std::option::Option::Some(#field) });
    }
    let (output, decode) = output_and_decoder(api, op);
    let paged = op.pagination.as_ref().map(|pg| {
        let (offset, limit) = (proc_macro2::Literal::usize_unsuffixed(pg.offset_param), proc_macro2::Literal::usize_unsuffixed(pg.limit_param));
        let default_limit = proc_macro2::Literal::u64_unsuffixed(pg.default_limit);
        quote! {
            impl crate::runtime::Paged for #marker {
                const PAGING: crate::runtime::Paging = crate::runtime::Paging { offset: #offset, limit: #limit, default_limit: #default_limit };
            }
        }
    });
    quote! {
        #[doc = #doc]
        pub enum #marker {}

        impl crate::runtime::Operation for #marker {
            type Output = #output;
            const INFO: &'static crate::runtime::OperationInfo = &crate::runtime::OperationInfo {
                id: #id,
                method: #method,
                path: #path,
                #(#fields,)*
                ..crate::runtime::OperationInfo::DEFAULT
            };
            const DECODE: crate::runtime::decode::Decoder<Self::Output> = #decode;
        }

        #paged
    }
}

/// The runtime decoder of one payload kind.
fn decoder(p: &Payload) -> TokenStream {
    match p {
        Payload::Empty => quote! { crate::runtime::decode::as_empty },
        Payload::Json(_) => quote! { crate::runtime::decode::as_json },
        Payload::Text => quote! { crate::runtime::decode::as_text },
        Payload::Bytes => quote! { crate::runtime::decode::as_bytes },
    }
}

/// The output type and its decoder: a runtime function for one success answer; for several,
/// a closure choosing the variant by status (the default variant, or else the first, for any other).
fn output_and_decoder(api: &Api, op: &Operation) -> (TokenStream, TokenStream) {
    match &op.success {
        Success::Single(p) => (super::operations::payload_type(api, p), decoder(p)),
        Success::Enum { type_name, variants } => {
            let enum_ident = ident(type_name);
            let value = |v: &crate::ir::SuccessVariant| {
                let vname = ident(&v.name);
                match &v.payload {
                    Payload::Empty => quote! { ::std::result::Result::Ok(super::#enum_ident::#vname) },
                    p => {
                        let decode = decoder(p);
                        quote! { #decode(op, response).map(super::#enum_ident::#vname) }
                    }
                }
            };
            let arms = variants.iter().filter_map(|v| v.status.map(|s| (s, v))).map(|(status, v)| {
                let value = value(v);
                let status = proc_macro2::Literal::u16_unsuffixed(status);
                quote! { #status => #value, }
            });
            let fallback = variants.iter().find(|v| v.status.is_none()).or(variants.first()).map(|v| {
                let value = value(v);
                quote! { _ => #value, }
            });
            let uses_op = variants.iter().any(|v| !matches!(v.payload, Payload::Empty));
            let op_arg = if uses_op { quote! { op } } else { quote! { _op } };
            (quote! { super::#enum_ident }, quote! { |#op_arg, response| match response.status { #(#arms)* #fallback } })
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
