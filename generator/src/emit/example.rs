//! Rust expressions used as argument values in the generated `no_run` doc examples.

use super::typeref::resolve;
use crate::ir::{Api, Prim, TypeKind, TypeRef};

/// A valid expression of type `ty` (or convertible into it for string arguments).
pub fn expr(api: &Api, ty: &TypeRef, krate: &str, depth: usize) -> String {
    match resolve(api, ty) {
        TypeRef::Prim(p) => prim(*p).to_owned(),
        TypeRef::Vec(_) => "::std::vec::Vec::new()".into(),
        TypeRef::Map(_) => "::std::collections::BTreeMap::new()".into(),
        TypeRef::Option(_) => "::std::option::Option::None".into(),
        TypeRef::Boxed(inner) => format!("::std::boxed::Box::new({})", expr(api, inner, krate, depth + 1)),
        TypeRef::Json => format!("{krate}::serde_json::Value::Null"),
        TypeRef::Named(i) => {
            let def = &api.types[*i];
            let path = format!("{krate}::types::{}", def.name);
            match &def.kind {
                TypeKind::StringEnum(variants) => match variants.first() {
                    Some(v) => format!("{path}::{}", v.rust_name),
                    None => format!("{path}::from(\"value\")"),
                },
                TypeKind::IntEnum(consts) => match consts.first() {
                    Some(c) => format!("{path}::{}", c.rust_name),
                    None => format!("{path}(0)"),
                },
                TypeKind::Union(_) => format!("{path}::Other({krate}::serde_json::Value::Null)"),
                TypeKind::Struct(_) if depth >= 3 && def.directions.received => format!("{krate}::serde_json::from_value::<{path}>({krate}::serde_json::json!({{}}))?"),
                // A type the client only sends has no `Deserialize`; it is built however deep it
                // nests, up to a bound that only a cycle of required fields reaches (no value of
                // such a type exists, and leaving the no_run example early still compiles).
                TypeKind::Struct(s) if depth >= 8 && s.fields.iter().any(|f| f.required && !f.nullable) => "return ::std::result::Result::Ok(())".into(),
                TypeKind::Struct(s) => {
                    let args: Vec<String> = s.fields.iter().filter(|f| f.required && !f.nullable).map(|f| owned(api, &f.ty, krate, depth + 1)).collect();
                    format!("{path}::new({})", args.join(", "))
                }
                TypeKind::Alias(_) => format!("{krate}::serde_json::from_value({krate}::serde_json::Value::Null)?"),
            }
        }
    }
}

/// Like [`expr`], but struct constructors take owned `String`s, not `impl Into`.
fn owned(api: &Api, ty: &TypeRef, krate: &str, depth: usize) -> String {
    match resolve(api, ty) {
        TypeRef::Prim(Prim::String) => "::std::string::String::from(\"value\")".into(),
        TypeRef::Prim(Prim::Secret) => format!("{krate}::Secret::new(\"secret\")"),
        _ => expr(api, ty, krate, depth),
    }
}

fn prim(p: Prim) -> &'static str {
    match p {
        Prim::String => "\"value\"",
        Prim::Secret => "\"secret\"",
        Prim::Bool => "true",
        Prim::I32 | Prim::I64 => "1",
        Prim::F32 | Prim::F64 => "1.0",
        Prim::Date | Prim::DateTime | Prim::NaiveDateTime => "::std::default::Default::default()",
        Prim::Bytes => "::std::vec::Vec::new()",
    }
}
