//! Emits `src/types.rs`: one item per named type (struct, enum, union, alias), each with
//! serde attributes that keep wire names, and constructors for structs.

use super::docs;
use super::typeref::{ident, tokens};
use crate::ir::{Api, Field, Lenient, Prim, Struct, TypeDef, TypeKind, TypeRef, Union};
use proc_macro2::TokenStream;
use quote::quote;

const HELPERS: &str = "crate::runtime::serde_helpers";

/// A part of the `types` module body: the items of `defs`, after the module's inner doc when
/// `first`. Consecutive parts over all of `api.types` make the whole module.
pub fn module(api: &Api, defs: &[TypeDef], first: bool) -> TokenStream {
    let items = defs.iter().map(|def| type_def(api, def));
    let inner = first.then(|| {
        quote! {
            //! Every schema of the API as a Rust type.
        }
    });
    quote! {
        #inner
        #(#items)*
    }
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let doc = docs::attrs(&docs::sanitize(&def.doc));
    let name = ident(&def.name);
    match &def.kind {
        TypeKind::Struct(s) => struct_def(api, &name, doc, s),
        TypeKind::StringEnum(variants) => string_enum(&name, doc, variants),
        TypeKind::IntEnum(consts) => int_enum(&name, doc, consts),
        TypeKind::Union(u) => union_def(api, &name, doc, u),
        TypeKind::Alias(target) => {
            let target = tokens(api, target);
            quote! { #doc pub type #name = #target; }
        }
    }
}

/// The Rust type of a field, with the Option that optional or nullable fields get.
pub fn field_type(api: &Api, f: &Field) -> TokenStream {
    let inner = tokens(api, &f.ty);
    let lenient = f.lenient != Lenient::None;
    match (f.required, f.nullable) {
        (true, false) => inner,
        (false, true) if !lenient && !is_naive(api, &f.ty) => quote! { ::std::option::Option<::std::option::Option<#inner>> },
        _ => quote! { ::std::option::Option<#inner> },
    }
}

fn is_naive(api: &Api, ty: &TypeRef) -> bool {
    matches!(super::typeref::resolve(api, ty), TypeRef::Prim(Prim::NaiveDateTime))
}

fn is_optional(f: &Field) -> bool {
    !f.required || f.nullable
}

fn field_serde(api: &Api, f: &Field) -> TokenStream {
    let mut parts: Vec<TokenStream> = Vec::new();
    if f.rust_name.trim_start_matches("r#") != f.wire_name {
        let wire = &f.wire_name;
        parts.push(quote! { rename = #wire });
    }
    let optional = is_optional(f);
    if !f.required {
        parts.push(quote! { default, skip_serializing_if = "::std::option::Option::is_none" });
    } else if f.nullable {
        parts.push(quote! { default });
    }
    match &f.lenient {
        Lenient::Scalar => {
            let path = if optional { format!("{HELPERS}::lenient_option") } else { format!("{HELPERS}::lenient") };
            parts.push(quote! { deserialize_with = #path });
        }
        Lenient::Delimited(d) => {
            let ch = d.chars().next().unwrap_or(',');
            let escaped = format!("'\\u{{{:x}}}'", ch as u32);
            let path = if optional { format!("{HELPERS}::delimited_option::<{escaped}, _>") } else { format!("{HELPERS}::delimited::<{escaped}, _>") };
            parts.push(quote! { deserialize_with = #path });
        }
        Lenient::None if is_naive(api, &f.ty) => {
            let path = if optional { format!("{HELPERS}::naive_date_time_option") } else { format!("{HELPERS}::naive_date_time") };
            parts.push(quote! { with = #path });
        }
        Lenient::None if !f.required && f.nullable => {
            let path = format!("{HELPERS}::double_option");
            parts.push(quote! { deserialize_with = #path });
        }
        Lenient::None => {}
    }
    if parts.is_empty() { quote! {} } else { quote! { #[serde(#(#parts),*)] } }
}

fn struct_def(api: &Api, name: &proc_macro2::Ident, doc: TokenStream, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let ty = field_type(api, f);
        let serde = field_serde(api, f);
        let fallback = format!("The `{}` field.", f.wire_name);
        let fdoc = docs::from_spec(f.doc.as_deref(), &fallback);
        quote! { #fdoc #serde pub #fname: #ty, }
    });
    let additional = s.additional.as_ref().map(|(field, ty)| {
        let fname = ident(field);
        let ty = tokens(api, ty);
        quote! {
            /// Properties not named in the schema, kept as sent.
            #[serde(flatten)]
            pub #fname: ::std::collections::BTreeMap<::std::string::String, #ty>,
        }
    });
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required && !f.nullable).collect();
    let args = required.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let ty = tokens(api, &f.ty);
        quote! { #fname: #ty }
    });
    let inits = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        if f.required && !f.nullable {
            quote! { #fname }
        } else {
            quote! { #fname: ::std::option::Option::None }
        }
    });
    let additional_init = s.additional.as_ref().map(|(field, _)| {
        let fname = ident(field);
        quote! { #fname: ::std::collections::BTreeMap::new(), }
    });
    let setters = s.fields.iter().filter(|f| !f.required || f.nullable).map(|f| {
        let fname = ident(&f.rust_name);
        let setter = ident(&format!("with_{}", f.rust_name.trim_start_matches("r#")));
        let ty = tokens(api, &f.ty);
        let doc = format!(" Sets `{}`.", f.wire_name);
        let value = if !f.required && f.nullable && f.lenient == Lenient::None && !is_naive(api, &f.ty) {
            quote! { ::std::option::Option::Some(::std::option::Option::Some(value)) }
        } else {
            quote! { ::std::option::Option::Some(value) }
        };
        quote! {
            #[doc = #doc]
            #[must_use]
            pub fn #setter(mut self, value: #ty) -> Self {
                self.#fname = #value;
                self
            }
        }
    });
    let default = if required.is_empty() { quote! { Default, } } else { quote! {} };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }

        impl #name {
            /// Creates a value from the required fields; optional fields start empty.
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #additional_init }
            }
            #(#setters)*
        }
    }
}

fn string_enum(name: &proc_macro2::Ident, doc: TokenStream, variants: &[crate::ir::EnumVariant]) -> TokenStream {
    let defs = variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let vdoc = format!(" `{}`", v.wire.replace('`', "'"));
        quote! { #[doc = #vdoc] #vname, }
    });
    let to_str = variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let wire = &v.wire;
        quote! { Self::#vname => #wire, }
    });
    let from_str = variants.iter().map(|v| {
        let vname = ident(&v.rust_name);
        let wire = &v.wire;
        quote! { #wire => Self::#vname, }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// A value this client does not know yet, kept as sent.
            Unknown(::std::string::String),
        }

        impl #name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_str)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                ::std::result::Result::Ok(Self::from(value.as_str()))
            }
        }

        impl crate::runtime::encode::ToParam for #name {
            fn to_param(&self) -> crate::runtime::encode::ParamValue {
                crate::runtime::encode::ParamValue::Scalar(::std::string::ToString::to_string(self.as_str()))
            }
        }
    }
}

fn int_enum(name: &proc_macro2::Ident, doc: TokenStream, consts: &[crate::ir::IntConst]) -> TokenStream {
    let items = consts.iter().map(|c| {
        let cname = ident(&c.rust_name);
        let value = c.value;
        let fallback = format!("The value `{value}`.");
        let cdoc = docs::from_spec(c.doc.as_deref(), &fallback);
        quote! { #cdoc pub const #cname: Self = Self(#value); }
    });
    quote! {
        #doc
        ///
        /// An integer code: the associated constants name the documented values; any other
        /// value the server sends is kept as is.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize)]
        #[serde(transparent)]
        pub struct #name(pub i64);

        // Codes are accepted in their string form too (`"13"`), as lenient servers send them.
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                crate::runtime::serde_helpers::lenient::<D, i64>(deserializer).map(Self)
            }
        }

        impl #name {
            #(#items)*
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl crate::runtime::encode::ToParam for #name {
            fn to_param(&self) -> crate::runtime::encode::ParamValue {
                crate::runtime::encode::ParamValue::Scalar(::std::string::ToString::to_string(&self.0))
            }
        }
    }
}

fn union_def(api: &Api, name: &proc_macro2::Ident, doc: TokenStream, u: &Union) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let ty = tokens(api, &v.ty);
        let vdoc = format!(" The `{}` shape.", v.name.trim_start_matches("r#"));
        quote! { #[doc = #vdoc] #vname(#ty), }
    });
    match &u.discriminator {
        None => quote! {
            #doc
            #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                /// A shape this client does not know, kept as sent.
                Other(::serde_json::Value),
            }
        },
        Some((property, mapping)) => {
            let arms = mapping.iter().map(|(value, index)| {
                let vname = ident(&u.variants[*index].name);
                quote! { ::std::option::Option::Some(#value) => ::serde_json::from_value(value).map(Self::#vname).map_err(::serde::de::Error::custom), }
            });
            let ser_arms = u.variants.iter().map(|v| {
                let vname = ident(&v.name);
                quote! { Self::#vname(inner) => ::serde::Serialize::serialize(inner, serializer), }
            });
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    /// A shape this client does not know, kept as sent.
                    Other(::serde_json::Value),
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                        match self {
                            #(#ser_arms)*
                            Self::Other(value) => ::serde::Serialize::serialize(value, serializer),
                        }
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                        let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                        // Tags may be strings or numbers on the wire (`"cat"`, `13`).
                        let tag = value.get(#property).map(|tag| match tag {
                            ::serde_json::Value::String(text) => ::std::clone::Clone::clone(text),
                            other => ::std::string::ToString::to_string(other),
                        });
                        match tag.as_deref() {
                            #(#arms)*
                            _ => ::std::result::Result::Ok(Self::Other(value)),
                        }
                    }
                }
            }
        }
    }
}
