//! Rust type expressions for [`TypeRef`]s, always fully qualified so no schema name can shadow them.

use crate::ir::{Api, Prim, TypeKind, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier token; raw identifiers (`r#type`) are handled.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The type expression, inside the generated crate.
pub fn tokens(api: &Api, ty: &TypeRef) -> TokenStream {
    tokens_from(api, ty, &quote! { crate })
}

/// The type expression as seen from `root` (`crate` inside, the crate's name from its tests).
pub fn tokens_from(api: &Api, ty: &TypeRef, root: &TokenStream) -> TokenStream {
    let tokens = |inner: &TypeRef| tokens_from(api, inner, root);
    match ty {
        TypeRef::Named(i) => {
            let name = ident(&api.types[*i].name);
            quote! { #root::types::#name }
        }
        TypeRef::Prim(Prim::Secret) => quote! { #root::Secret },
        TypeRef::Prim(p) => prim(*p),
        TypeRef::Vec(inner) => {
            let inner = tokens(inner);
            quote! { ::std::vec::Vec<#inner> }
        }
        TypeRef::Map(inner) => {
            let inner = tokens(inner);
            quote! { ::std::collections::BTreeMap<::std::string::String, #inner> }
        }
        TypeRef::Option(inner) => {
            let inner = tokens(inner);
            quote! { ::std::option::Option<#inner> }
        }
        TypeRef::Boxed(inner) => {
            let inner = tokens(inner);
            quote! { ::std::boxed::Box<#inner> }
        }
        TypeRef::Json => quote! { ::serde_json::Value },
    }
}

/// A primitive's type expression.
pub fn prim(p: Prim) -> TokenStream {
    match p {
        Prim::String => quote! { ::std::string::String },
        Prim::Bool => quote! { bool },
        Prim::I32 => quote! { i32 },
        Prim::I64 => quote! { i64 },
        Prim::F32 => quote! { f32 },
        Prim::F64 => quote! { f64 },
        Prim::Date => quote! { ::chrono::NaiveDate },
        Prim::DateTime => quote! { ::chrono::DateTime<::chrono::FixedOffset> },
        Prim::NaiveDateTime => quote! { ::chrono::NaiveDateTime },
        Prim::Bytes => quote! { ::std::vec::Vec<u8> },
        Prim::Secret => quote! { crate::Secret },
    }
}

/// Follows aliases to the underlying reference.
pub fn resolve<'a>(api: &'a Api, ty: &'a TypeRef) -> &'a TypeRef {
    let mut current = ty;
    for _ in 0..64 {
        match current {
            TypeRef::Named(i) => match &api.types[*i].kind {
                TypeKind::Alias(inner) => current = inner,
                _ => return current,
            },
            _ => return current,
        }
    }
    current
}

/// Whether values of the type implement `ToParam` directly (scalars, enums, lists of those).
pub fn is_param_native(api: &Api, ty: &TypeRef) -> bool {
    match resolve(api, ty) {
        TypeRef::Prim(Prim::Bytes) => false,
        TypeRef::Prim(_) => true,
        TypeRef::Named(i) => matches!(api.types[*i].kind, TypeKind::StringEnum(_) | TypeKind::IntEnum(_)),
        TypeRef::Vec(inner) => matches!(resolve(api, inner), TypeRef::Prim(p) if *p != Prim::Bytes) || matches!(resolve(api, inner), TypeRef::Named(i) if matches!(api.types[*i].kind, TypeKind::StringEnum(_) | TypeKind::IntEnum(_))),
        _ => false,
    }
}

/// True when the type is a plain `String` (arguments then take `impl Into<String>`).
pub fn is_string(api: &Api, ty: &TypeRef) -> bool {
    matches!(resolve(api, ty), TypeRef::Prim(Prim::String))
}

/// True when the type is a secret (arguments then take `impl Into<Secret>`).
pub fn is_secret(api: &Api, ty: &TypeRef) -> bool {
    matches!(resolve(api, ty), TypeRef::Prim(Prim::Secret))
}
