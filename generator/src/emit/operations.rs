//! Emits `src/api/<tag>.rs`: the group accessor with one method per operation, and for each
//! operation its static facts, request builder (required arguments up front, optional
//! setters, `send`/`IntoFuture`, page stream) and, where needed, its success enum.

use super::docs;
use super::example;
use super::typeref::{ident, is_param_native, is_secret, is_string, tokens};
use crate::ir::{Api, BodyKind, Group, Location, Operation, Param, ParamStyle, Payload, RetryClass, Success, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Name of an operation's static `OperationInfo`.
pub fn op_static(op: &Operation) -> proc_macro2::Ident {
    format_ident!("OP_{}", op.method_name.trim_start_matches("r#").to_uppercase())
}

/// The module of one group.
pub fn module(api: &Api, group: &Group, crate_ident: &str) -> TokenStream {
    let type_name = ident(&group.type_name);
    let tag = &group.tag;
    let type_doc = match &group.description {
        Some(d) => docs::attrs(&format!("Operations tagged `{tag}`.\n\n{}", docs::sanitize(d))),
        None => docs::attrs(&format!("Operations tagged `{tag}`.")),
    };
    let methods = group.operations.iter().map(|op| accessor_method(api, group, op, crate_ident));
    let items = group.operations.iter().map(|op| operation_items(api, group, op));
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

        #(#items)*
    }
}

/// Argument type and conversion for a value the caller passes.
fn arg(api: &Api, ty: &TypeRef) -> (TokenStream, TokenStream) {
    if is_string(api, ty) {
        (quote! { impl ::std::convert::Into<::std::string::String> }, quote! { .into() })
    } else if is_secret(api, ty) {
        (quote! { impl ::std::convert::Into<crate::Secret> }, quote! { .into() })
    } else {
        (tokens(api, ty), quote! {})
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

fn accessor_method(api: &Api, group: &Group, op: &Operation, crate_ident: &str) -> TokenStream {
    let doc = method_doc(api, group, op, crate_ident);
    let name = ident(&op.method_name);
    let builder = ident(&op.builder_name);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for p in required_params(op) {
        let pname = ident(&p.rust_name);
        let (ty, conv) = arg(api, &p.ty);
        args.push(quote! { #pname: #ty });
        inits.push(if conv.is_empty() { quote! { #pname } } else { quote! { #pname: #pname #conv } });
    }
    for p in op.params.iter().filter(|p| !p.required) {
        let pname = ident(&p.rust_name);
        inits.push(quote! { #pname: ::std::option::Option::None });
    }
    if let Some(body) = &op.body {
        if body.required {
            let (ty, conv) = arg(api, &body.ty);
            args.push(quote! { body: #ty });
            inits.push(if conv.is_empty() { quote! { body } } else { quote! { body: body #conv } });
        } else {
            inits.push(quote! { body: ::std::option::Option::None });
        }
    }
    let deprecated = op.deprecated.then(|| quote! { #[deprecated(note = "the API marks this operation deprecated")] });
    quote! {
        #doc
        #deprecated
        pub fn #name(&self, #(#args),*) -> #builder {
            #builder { client: self.client.clone(), #(#inits,)* }
        }
    }
}

/// Rust type a successful call returns.
fn success_type(api: &Api, op: &Operation) -> TokenStream {
    match &op.success {
        Success::Single(p) => payload_type(api, p),
        Success::Enum { type_name, .. } => {
            let t = ident(type_name);
            quote! { #t }
        }
    }
}

fn payload_type(api: &Api, p: &Payload) -> TokenStream {
    match p {
        Payload::Empty => quote! { () },
        Payload::Json(ty) => tokens(api, ty),
        Payload::Text => quote! { ::std::string::String },
        Payload::Bytes => quote! { ::std::vec::Vec<u8> },
    }
}

fn decode_payload(api: &Api, p: &Payload, op_static: &proc_macro2::Ident) -> TokenStream {
    match p {
        Payload::Empty => quote! { ::std::result::Result::Ok(()) },
        Payload::Json(ty) => {
            let ty = tokens(api, ty);
            quote! { crate::runtime::decode::json::<#ty>(&#op_static, &response) }
        }
        Payload::Text => quote! { ::std::result::Result::Ok(crate::runtime::decode::text(&response)) },
        Payload::Bytes => quote! { ::std::result::Result::Ok(response.body) },
    }
}

/// The decoded payload wrapped in its success variant; only a JSON decode can fail, so the
/// others build the variant directly (clippy rejects `Ok(x).map(Variant)`).
fn variant_value(api: &Api, p: &Payload, enum_ident: &proc_macro2::Ident, vname: &proc_macro2::Ident, op_static: &proc_macro2::Ident) -> TokenStream {
    match p {
        Payload::Empty => quote! { ::std::result::Result::Ok(#enum_ident::#vname) },
        Payload::Json(_) => {
            let value = decode_payload(api, p, op_static);
            quote! { #value.map(#enum_ident::#vname) }
        }
        Payload::Text => quote! { ::std::result::Result::Ok(#enum_ident::#vname(crate::runtime::decode::text(&response))) },
        Payload::Bytes => quote! { ::std::result::Result::Ok(#enum_ident::#vname(response.body)) },
    }
}

fn style_tokens(style: &ParamStyle) -> TokenStream {
    match style {
        ParamStyle::Scalar | ParamStyle::FormExploded | ParamStyle::Json => quote! { crate::runtime::encode::Style::Exploded },
        ParamStyle::Delimited(d) => quote! { crate::runtime::encode::Style::Delimited(#d) },
        ParamStyle::DeepObject => quote! { crate::runtime::encode::Style::DeepObject },
    }
}

/// Code that turns `value` (a reference) into a `ParamValue`.
fn to_param(api: &Api, ty: &TypeRef, value: TokenStream, op_static: &proc_macro2::Ident) -> TokenStream {
    if is_param_native(api, ty) {
        quote! { crate::runtime::encode::ToParam::to_param(#value) }
    } else {
        quote! {
            crate::runtime::encode::from_serialize(#value).map_err(|message| crate::Error::InvalidRequest { operation: #op_static.id, message })?
        }
    }
}

fn param_code(api: &Api, p: &Param, op_static: &proc_macro2::Ident) -> TokenStream {
    let pname = ident(&p.rust_name);
    let wire = &p.wire_name;
    let value = if p.style == ParamStyle::Json {
        quote! {
            crate::runtime::encode::ParamValue::Scalar(::serde_json::to_string(value).map_err(|e| crate::Error::InvalidRequest { operation: #op_static.id, message: ::std::string::ToString::to_string(&e) })?)
        }
    } else {
        to_param(api, &p.ty, quote! { value }, op_static)
    };
    let apply = match p.location {
        Location::Path => quote! { crate::runtime::encode::fill_path(&mut path, #wire, #value); },
        Location::Query => {
            let style = style_tokens(&p.style);
            quote! { crate::runtime::encode::push_query(&mut query, #wire, #value, #style); }
        }
        Location::Header => quote! { headers.push((#wire, crate::runtime::encode::simple(#value))); },
        Location::Cookie => quote! { headers.push(("cookie", ::std::format!("{}={}", #wire, crate::runtime::encode::simple(#value)))); },
    };
    if p.required {
        quote! { { let value = &self.#pname; #apply } }
    } else {
        quote! { if let ::std::option::Option::Some(value) = &self.#pname { #apply } }
    }
}

fn body_code(api: &Api, op: &Operation, op_static: &proc_macro2::Ident) -> TokenStream {
    let Some(body) = &op.body else { return quote! { let body = ::std::option::Option::None; let has_idempotency_key = false; } };
    let value = if body.required { quote! { ::std::option::Option::Some(&self.body) } } else { quote! { self.body.as_ref() } };
    let invalid = quote! { |e| crate::Error::InvalidRequest { operation: #op_static.id, message: ::std::string::ToString::to_string(&e) } };
    let encode = match &body.kind {
        BodyKind::Json => quote! {
            crate::runtime::client::Body::Bytes { content_type: "application/json", data: ::serde_json::to_vec(value).map_err(#invalid)? }
        },
        BodyKind::Form => quote! {
            {
                let mut form = ::std::string::String::new();
                let fields = crate::runtime::encode::from_serialize(value).map_err(|message| crate::Error::InvalidRequest { operation: #op_static.id, message })?;
                crate::runtime::encode::push_form(&mut form, fields);
                crate::runtime::client::Body::Bytes { content_type: "application/x-www-form-urlencoded", data: form.into_bytes() }
            }
        },
        BodyKind::Multipart => {
            let fields = resolve_struct(api, &body.ty).unwrap_or_default();
            let parts = fields.iter().map(|f| {
                let fname = ident(&f.rust_name);
                let wire = &f.wire_name;
                let binary = body.multipart_fields.iter().any(|(w, b)| w == wire && *b);
                let part = if binary {
                    quote! { crate::runtime::client::PartValue::Bytes(::std::clone::Clone::clone(v)) }
                } else {
                    quote! { crate::runtime::client::PartValue::Text(crate::runtime::encode::part_text(v).map_err(#invalid)?) }
                };
                let optional = !f.required || f.nullable;
                if optional {
                    let flatten = if !f.required && f.nullable && f.lenient == crate::ir::Lenient::None { quote! { .as_ref().and_then(|v| v.as_ref()) } } else { quote! { .as_ref() } };
                    quote! { if let ::std::option::Option::Some(v) = value.#fname #flatten { parts.push(crate::runtime::client::Part { name: ::std::string::ToString::to_string(#wire), value: #part }); } }
                } else {
                    quote! { { let v = &value.#fname; parts.push(crate::runtime::client::Part { name: ::std::string::ToString::to_string(#wire), value: #part }); } }
                }
            });
            quote! {
                {
                    let mut parts = ::std::vec::Vec::new();
                    #(#parts)*
                    crate::runtime::client::Body::Multipart(parts)
                }
            }
        }
        BodyKind::Bytes(media) => quote! { crate::runtime::client::Body::Bytes { content_type: #media, data: ::std::clone::Clone::clone(value) } },
        BodyKind::Text(media) => quote! { crate::runtime::client::Body::Bytes { content_type: #media, data: ::std::clone::Clone::clone(value).into_bytes() } },
    };
    let idempotency = match (&body.idempotency_field, op.retry) {
        (Some(field), RetryClass::IdempotencyField) => quote! { crate::runtime::encode::has_key(value, #field) },
        _ => quote! { false },
    };
    quote! {
        let mut has_idempotency_key = false;
        let body = match #value {
            ::std::option::Option::Some(value) => {
                has_idempotency_key = #idempotency;
                ::std::option::Option::Some(#encode)
            }
            ::std::option::Option::None => ::std::option::Option::None,
        };
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

fn operation_items(api: &Api, group: &Group, op: &Operation) -> TokenStream {
    let op_static = op_static(op);
    let builder = ident(&op.builder_name);
    let id = &op.id;
    let method = format_ident!("{}", op.method.as_str());
    let path_template = &op.path;
    let server_group = op.server_group;
    let security = op.security.iter().map(|alt| quote! { &[#(#alt),*] });
    let retry = match op.retry {
        RetryClass::Idempotent => quote! { crate::runtime::RetryClass::Idempotent },
        RetryClass::IdempotencyField => quote! { crate::runtime::RetryClass::IdempotencyField },
        RetryClass::Unsafe => quote! { crate::runtime::RetryClass::Unsafe },
    };
    let rate_limit = super::client::rate_limit_tokens(op.rate_limit);
    let errors = op.errors.iter().map(|e| {
        let status = e.status.unwrap_or(0);
        let d = e.description.trim();
        quote! { (#status, #d) }
    });
    let accept = accept_header(op);
    let fields = op.params.iter().map(|p| {
        let pname = ident(&p.rust_name);
        let ty = tokens(api, &p.ty);
        if p.required {
            quote! { #pname: #ty, }
        } else {
            quote! { #pname: ::std::option::Option<#ty>, }
        }
    });
    let body_field = op.body.as_ref().map(|b| {
        let ty = tokens(api, &b.ty);
        if b.required { quote! { body: #ty, } } else { quote! { body: ::std::option::Option<#ty>, } }
    });
    let setters = op.params.iter().filter(|p| !p.required).map(|p| {
        let pname = ident(&p.rust_name);
        let (ty, conv) = arg(api, &p.ty);
        let fallback = format!("Sets `{}`.", p.wire_name);
        let mut doc_text = p.doc.as_deref().map(docs::sanitize).unwrap_or(fallback);
        doc_text.push_str(&format!("\n\nSent as {} parameter `{}`.", location_name(p.location), p.wire_name));
        let doc = docs::attrs(&doc_text);
        quote! {
            #doc
            pub fn #pname(mut self, value: #ty) -> Self {
                self.#pname = ::std::option::Option::Some(value #conv);
                self
            }
        }
    });
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|b| {
        let (ty, conv) = arg(api, &b.ty);
        let doc = docs::from_spec(b.doc.as_deref(), "Sets the request body.");
        quote! {
            #doc
            pub fn body(mut self, value: #ty) -> Self {
                self.body = ::std::option::Option::Some(value #conv);
                self
            }
        }
    });
    let params = op.params.iter().map(|p| param_code(api, p, &op_static));
    let body = body_code(api, op, &op_static);
    let ret = success_type(api, op);
    let decode = match &op.success {
        Success::Single(p) => decode_payload(api, p, &op_static),
        Success::Enum { type_name, variants } => {
            let enum_ident = ident(type_name);
            let arms = variants.iter().filter_map(|v| v.status.map(|s| (s, v))).map(|(status, v)| {
                let vname = ident(&v.name);
                let value = variant_value(api, &v.payload, &enum_ident, &vname, &op_static);
                quote! { #status => #value, }
            });
            let fallback = variants.iter().find(|v| v.status.is_none()).or(variants.first()).map(|v| {
                let vname = ident(&v.name);
                let value = variant_value(api, &v.payload, &enum_ident, &vname, &op_static);
                quote! { _ => #value, }
            });
            quote! {
                match response.status {
                    #(#arms)*
                    #fallback
                }
            }
        }
    };
    let success_enum = match &op.success {
        Success::Enum { type_name, variants } => {
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
            quote! {
                #[doc = #doc]
                #[derive(Debug, Clone, PartialEq)]
                #[non_exhaustive]
                pub enum #enum_ident { #(#vs)* }
            }
        }
        Success::Single(_) => quote! {},
    };
    let response_binding = if matches!(op.success, Success::Single(Payload::Empty)) { quote! { let _response } } else { quote! { let response } };
    let stream = op.pagination.as_ref().map(|pg| {
        let offset = ident(&op.params[pg.offset_param].rust_name);
        let limit = ident(&op.params[pg.limit_param].rust_name);
        let offset_ty = tokens(api, &op.params[pg.offset_param].ty);
        let limit_ty = tokens(api, &op.params[pg.limit_param].ty);
        let item = tokens(api, &pg.item);
        let default_limit = pg.default_limit;
        let doc = format!(
            " Streams every item across pages: `{}` advances by the page size (`{}`, default {default_limit}) until a page comes back short. At most one page is held in memory.",
            op.params[pg.offset_param].wire_name, op.params[pg.limit_param].wire_name
        );
        let offset_opt = !op.params[pg.offset_param].required;
        let limit_opt = !op.params[pg.limit_param].required;
        let read_offset = if offset_opt { quote! { self.#offset.map(|v| v.max(0) as u64).unwrap_or(0) } } else { quote! { self.#offset.max(0) as u64 } };
        let read_limit = if limit_opt { quote! { self.#limit.map(|v| v.max(1) as u64).unwrap_or(#default_limit) } } else { quote! { self.#limit.max(1) as u64 } };
        let set_offset = if offset_opt { quote! { page.#offset = ::std::option::Option::Some(skip as #offset_ty); } } else { quote! { page.#offset = skip as #offset_ty; } };
        let set_limit = if limit_opt { quote! { page.#limit = ::std::option::Option::Some(top as #limit_ty); } } else { quote! { page.#limit = top as #limit_ty; } };
        quote! {
            #[doc = #doc]
            pub fn into_stream(self) -> ::futures::stream::BoxStream<'static, ::std::result::Result<#item, crate::Error>> {
                let start = #read_offset;
                let page_size = #read_limit;
                crate::runtime::paging::offset_stream(start, page_size, move |skip, top| {
                    let mut page = ::std::clone::Clone::clone(&self);
                    #set_offset
                    #set_limit
                    page.send()
                })
            }
        }
    });
    let builder_doc = format!(" Request builder for [`{}::{}`]: `{} {}`.", group.type_name, op.method_name.trim_start_matches("r#"), op.method.as_str(), op.path);
    let query_mut = if op.params.iter().any(|p| p.location == Location::Query) { quote! { mut } } else { quote! {} };
    let path_mut = if op.params.iter().any(|p| p.location == Location::Path) { quote! { mut } } else { quote! {} };
    let headers_mut = if op.params.iter().any(|p| matches!(p.location, Location::Header | Location::Cookie)) { quote! { mut } } else { quote! {} };
    quote! {
        pub(crate) static #op_static: crate::runtime::OperationInfo = crate::runtime::OperationInfo {
            id: #id,
            method: ::reqwest::Method::#method,
            path: #path_template,
            server_group: #server_group,
            security: &[#(#security),*],
            retry: #retry,
            rate_limit: #rate_limit,
            errors: &[#(#errors),*],
            accept: #accept,
        };

        #success_enum

        #[doc = #builder_doc]
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder {
            client: crate::Client,
            #(#fields)*
            #body_field
        }

        impl #builder {
            #(#setters)*
            #body_setter

            fn request(&self) -> ::std::result::Result<crate::runtime::client::Request, crate::Error> {
                let #path_mut path = ::std::string::String::from(#path_template);
                let #query_mut query = ::std::string::String::new();
                let #headers_mut headers: ::std::vec::Vec<(&'static str, ::std::string::String)> = ::std::vec::Vec::new();
                #(#params)*
                #body
                ::std::result::Result::Ok(crate::runtime::client::Request { op: &#op_static, path, query, headers, body, has_idempotency_key })
            }

            /// Sends the request and decodes the answer.
            pub async fn send(self) -> ::std::result::Result<#ret, crate::Error> {
                let request = self.request()?;
                #response_binding = self.client.execute(request).await?;
                #decode
            }

            #stream
        }

        impl ::std::future::IntoFuture for #builder {
            type Output = ::std::result::Result<#ret, crate::Error>;
            type IntoFuture = ::std::pin::Pin<::std::boxed::Box<dyn ::std::future::Future<Output = Self::Output> + ::std::marker::Send>>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
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

fn location_name(l: Location) -> &'static str {
    match l {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Cookie => "cookie",
    }
}
