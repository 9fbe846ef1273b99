//! Emits `src/api/<tag>.rs`: the group accessor with one method per operation, and for each
//! operation its builder (an alias of the runtime's `Request<Op>` with the optional setters)
//! and, where needed, its success enum. The operations' static facts come from `op_table`.

use super::docs;
use super::example;
use super::op_table;
use super::typeref::{ident, is_param_native, is_secret, is_string, tokens};
use crate::ir::{Api, BodyKind, Group, Location, Operation, Param, ParamStyle, Payload, Success, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The module of one group.
pub fn module(api: &Api, group: &Group, crate_ident: &str) -> TokenStream {
    let type_name = ident(&group.type_name);
    let tag = &group.tag;
    let type_doc = match &group.description {
        Some(d) => docs::attrs(&format!("Operations tagged `{tag}`.\n\n{}", docs::sanitize(d))),
        None => docs::attrs(&format!("Operations tagged `{tag}`.")),
    };
    let methods = group.operations.iter().map(|op| accessor_method(api, group, op, crate_ident));
    let builders = group.operations.iter().map(|op| builder_items(api, group, op));
    let table = op_table::module(api, group);
    let header = format!(" Operations tagged `{tag}`.");
    quote! {
        #![doc = #header]

        #type_doc
        #[derive(Debug, Clone)]
        pub struct #type_name {
            client: crate::Client,
        }

        impl #type_name {
            pub(crate) fn new(client: crate::Client) -> Self {
                Self { client }
            }

            #(#methods)*
        }

        #(#builders)*

        #table
    }
}

/// Argument type and conversion for a value the caller passes.
pub(crate) fn arg(api: &Api, ty: &TypeRef) -> (TokenStream, TokenStream) {
    if is_string(api, ty) {
        (quote! { impl ::std::convert::Into<::std::string::String> }, quote! { .into() })
    } else if is_secret(api, ty) {
        (quote! { impl ::std::convert::Into<crate::Secret> }, quote! { .into() })
    } else {
        (tokens(api, ty), quote! {})
    }
}

/// A reference to the caller's `value` for a generic runtime helper, and the turbofish that
/// names its type when the argument is an `impl Into<..>` (inference cannot see through it).
fn value_ref(api: &Api, ty: &TypeRef, value: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    if arg(api, ty).1.is_empty() {
        (quote! {}, quote! { &#value })
    } else {
        let ty = tokens(api, ty);
        (quote! { ::<#ty> }, quote! { &#value.into() })
    }
}

fn required_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| p.required)
}

fn body_required(op: &Operation) -> bool {
    op.body.as_ref().is_some_and(|b| b.required)
}

fn method_doc(api: &Api, group: &Group, op: &Operation, crate_ident: &str) -> TokenStream {
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
    docs::attrs(&text)
}

/// The call that stores parameter `index` (its position in the operation's table) from `value`.
fn set_param(api: &Api, index: usize, p: &Param, value: &proc_macro2::Ident) -> TokenStream {
    let (turbofish, value) = value_ref(api, &p.ty, value);
    let method = if p.style == ParamStyle::Json {
        quote! { set_json }
    } else if is_param_native(api, &p.ty) {
        quote! { set }
    } else {
        quote! { set_serde }
    };
    let index = proc_macro2::Literal::usize_unsuffixed(index);
    quote! { .#method #turbofish(#index, #value) }
}

/// `receiver` with the body `value` encoded into it, as the body's media type wants (a function
/// body: a multipart body is collected field by field first).
fn set_body(api: &Api, op: &Operation, receiver: TokenStream, value: &proc_macro2::Ident) -> TokenStream {
    let Some(body) = &op.body else { return receiver };
    let (turbofish, reference) = value_ref(api, &body.ty, value);
    match &body.kind {
        BodyKind::Json => quote! { #receiver.json_body #turbofish(#reference) },
        BodyKind::Form => quote! { #receiver.form_body #turbofish(#reference) },
        BodyKind::Bytes(media) => quote! { #receiver.bytes_body(#media, #value) },
        BodyKind::Text(media) => quote! { #receiver.text_body(#media, #value) },
        BodyKind::Multipart => {
            let fields = resolve_struct(api, &body.ty).unwrap_or_default();
            let parts = fields.iter().map(|f| {
                let fname = ident(&f.rust_name);
                let wire = &f.wire_name;
                let binary = body.multipart_fields.iter().any(|(w, b)| w == wire && *b);
                let add = if binary { quote! { parts.bytes(#wire, ::std::clone::Clone::clone(v)); } } else { quote! { parts.text(#wire, v); } };
                if !f.required || f.nullable {
                    let flatten = if !f.required && f.nullable && f.lenient == crate::ir::Lenient::None { quote! { .as_ref().and_then(|v| v.as_ref()) } } else { quote! { .as_ref() } };
                    quote! { if let ::std::option::Option::Some(v) = #value.#fname #flatten { #add } }
                } else {
                    quote! { { let v = &#value.#fname; #add } }
                }
            });
            // Statements and a tail: the caller uses this as a whole function body.
            quote! {
                let mut parts = crate::runtime::request::Parts::default();
                #(#parts)*
                #receiver.multipart_body(&#value, parts)
            }
        }
    }
}

fn resolve_struct<'a>(api: &'a Api, ty: &TypeRef) -> Option<Vec<&'a crate::ir::Field>> {
    match super::typeref::resolve(api, ty) {
        TypeRef::Named(i) => match &api.types[*i].kind {
            TypeKind::Struct(s) => Some(s.fields.iter().collect()),
            _ => None,
        },
        _ => None,
    }
}

fn accessor_method(api: &Api, group: &Group, op: &Operation, crate_ident: &str) -> TokenStream {
    let doc = method_doc(api, group, op, crate_ident);
    let name = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let mut args = Vec::new();
    let mut sets = Vec::new();
    for (index, p) in op.params.iter().enumerate().filter(|(_, p)| p.required) {
        let pname = ident(&p.rust_name);
        let ty = arg(api, &p.ty).0;
        args.push(quote! { #pname: #ty });
        sets.push(set_param(api, index, p, &pname));
    }
    let mut request = quote! { #builder::new(&self.client) #(#sets)* };
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        let ty = arg(api, &body.ty).0;
        args.push(quote! { body: #ty });
        request = set_body(api, op, request, &ident("body"));
    }
    let deprecated = op.deprecated.then(|| quote! { #[deprecated(note = "the API marks this operation deprecated")] });
    // Required parameters are positional arguments, as many as the document requires.
    let many = (args.len() >= 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        #doc
        #deprecated
        #many
        pub fn #name(&self, #(#args),*) -> #builder {
            #request
        }
    }
}

/// Rust type a successful call returns.
pub(crate) fn success_type(api: &Api, op: &Operation) -> TokenStream {
    match &op.success {
        Success::Single(p) => payload_type(api, p),
        Success::Enum { type_name, .. } => {
            let t = ident(type_name);
            quote! { #t }
        }
    }
}

pub(crate) fn payload_type(api: &Api, p: &Payload) -> TokenStream {
    match p {
        Payload::Empty => quote! { () },
        Payload::Json(ty) => tokens(api, ty),
        Payload::Text => quote! { ::std::string::String },
        Payload::Bytes => quote! { ::std::vec::Vec<u8> },
    }
}

/// The builder's rustdoc: what it calls, what `send` returns and how it pages. The generic
/// `send` and `into_stream` live on the runtime's `Request`, so their types are named here.
fn builder_doc(api: &Api, group: &Group, op: &Operation) -> TokenStream {
    let method = op.method_name.trim_start_matches("r#");
    let output = match &op.success {
        Success::Enum { type_name, .. } => format!("[`{}`]", type_name.trim_start_matches("r#")),
        Success::Single(p) => format!("`{}`", crate::surface::render(&payload_type(api, p))),
    };
    let mut text = format!("Request builder for [`{}::{method}`]: `{} {}`. [`.send()`](crate::Request::send) returns {output}.", group.type_name, op.method.as_str(), op.path);
    if let Some(pg) = &op.pagination {
        text.push_str(&format!(
            " [`.into_stream()`](crate::Request::into_stream) yields every `{}` across pages: `{}` advances by the page size (`{}`, default {}) until a page comes back short.",
            crate::surface::render(&tokens(api, &pg.item)),
            op.params[pg.offset_param].wire_name,
            op.params[pg.limit_param].wire_name,
            pg.default_limit
        ));
    }
    docs::attrs(&text)
}

fn builder_items(api: &Api, group: &Group, op: &Operation) -> TokenStream {
    let builder = ident(&op.builder_name);
    let doc = builder_doc(api, group, op);
    let value = ident("value");
    let setters = op.params.iter().enumerate().filter(|(_, p)| !p.required).map(|(index, p)| {
        let pname = ident(&p.rust_name);
        let ty = arg(api, &p.ty).0;
        let fallback = format!("Sets `{}`.", p.wire_name);
        let mut doc_text = p.doc.as_deref().map(docs::sanitize).unwrap_or(fallback);
        doc_text.push_str(&format!("\n\nSent as {} parameter `{}`.", location_name(p.location), p.wire_name));
        let doc = docs::attrs(&doc_text);
        let set = set_param(api, index, p, &value);
        quote! {
            #doc
            pub fn #pname(self, value: #ty) -> Self {
                self #set
            }
        }
    });
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|b| {
        let ty = arg(api, &b.ty).0;
        let doc = docs::from_spec(b.doc.as_deref(), "Sets the request body.");
        let set = set_body(api, op, quote! { self }, &value);
        quote! {
            #doc
            pub fn body(self, value: #ty) -> Self {
                #set
            }
        }
    });
    let marker = ident(&op.builder_name);
    let setters: Vec<TokenStream> = setters.chain(body_setter).collect();
    let impl_block = (!setters.is_empty()).then(|| quote! { impl #builder { #(#setters)* } });
    let success_enum = success_enum(api, op);
    quote! {
        #success_enum

        #doc
        pub type #builder = crate::Request<op::#marker>;

        #impl_block
    }
}

fn success_enum(api: &Api, op: &Operation) -> Option<TokenStream> {
    let Success::Enum { type_name, variants } = &op.success else { return None };
    let enum_ident = ident(type_name);
    let vs = variants.iter().map(|v| {
        let vname = ident(&v.name);
        let doc = docs::from_spec(Some(&v.doc), "A successful answer.");
        match &v.payload {
            Payload::Empty => quote! { #doc #vname, },
            p => {
                let ty = payload_type(api, p);
                quote! { #doc #vname(#ty), }
            }
        }
    });
    let doc = format!(" The successful answers of `{}`.", op.id);
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #enum_ident { #(#vs)* }
    })
}

fn location_name(l: Location) -> &'static str {
    match l {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
    }
}
