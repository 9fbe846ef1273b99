//! Rust type expressions for [`TypeRef`]s, always fully qualified so no schema name can shadow them.

use crate::ir::{Api, Prim, TypeKind, TypeRef};
use proc_macro2::{Ident, Span};

/// An identifier token; raw identifiers (`r#type`) are handled.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The type expression, inside the generated crate, as source text laid out as prettyplease
/// prints a type that fits on its line (`::std::vec::Vec<crate::types::Pet>`).
pub fn text(api: &Api, ty: &TypeRef) -> String {
    let mut out = String::new();
    write(api, ty, "crate", &mut out);
    out
}

/// Appends the type expression as seen from `root` (`crate` inside, the crate's name from its tests).
pub fn write(api: &Api, ty: &TypeRef, root: &str, out: &mut String) {
    let (open, close) = match ty {
        TypeRef::Named(i) => {
            out.push_str(root);
            out.push_str("::types::");
            out.push_str(&api.types[*i].name);
            return;
        }
        TypeRef::Prim(Prim::Secret) => {
            out.push_str(root);
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
        TypeRef::Vec(inner) => ("::std::vec::Vec<", inner),
        TypeRef::Map(inner) => (
            "::std::collections::BTreeMap<::std::string::String, ",
            inner,
        ),
        TypeRef::Option(inner) => ("::std::option::Option<", inner),
        TypeRef::Boxed(inner) => ("::std::boxed::Box<", inner),
    };
    out.push_str(open);
    write(api, close, root, out);
    out.push('>');
}

/// A primitive's type expression as text.
pub fn prim_text(p: Prim) -> &'static str {
    match p {
        Prim::String => "::std::string::String",
        Prim::Bool => "bool",
        Prim::I32 => "i32",
        Prim::I64 => "i64",
        Prim::F32 => "f32",
        Prim::F64 => "f64",
        Prim::Date => "::chrono::NaiveDate",
        Prim::DateTime => "::chrono::DateTime<::chrono::FixedOffset>",
        Prim::NaiveDateTime => "::chrono::NaiveDateTime",
        Prim::Bytes => "::std::vec::Vec<u8>",
        Prim::Secret => "crate::Secret",
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
