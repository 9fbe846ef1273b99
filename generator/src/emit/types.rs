//! Emits `src/types.rs`: one item per named type (struct, enum, union, alias), each with
//! serde attributes that keep wire names, and constructors for structs.

use super::docs;
use super::typeref::{ident, tokens};
use crate::ir::{Api, Directions, Field, Lenient, Prim, Struct, TypeDef, TypeKind, TypeRef, Union};
use proc_macro2::TokenStream;
use quote::quote;

/// The runtime's serde helpers, as the types module imports them (see [`module`]): field
/// attributes name them as strings, and the short path keeps each attribute on one line.
const HELPERS: &str = "helpers";

/// A part of the `types` module body: the items of `defs`, after the module's inner doc when
/// `first`. Consecutive parts over all of `api.types` make the whole module.
pub fn module(api: &Api, defs: &[TypeDef], first: bool) -> TokenStream {
    let items = defs.iter().map(|def| type_def(api, def));
    let inner = first.then(|| header(api, false));
    quote! {
        #inner
        #(#items)*
    }
}

/// The file's inner doc and the serde helpers' import. `may_be_unused` when Cargo features can
/// compile out every type that uses the helpers: the import itself is never gated, since types
/// of different features share it.
pub fn header(api: &Api, may_be_unused: bool) -> TokenStream {
    let allow = may_be_unused.then(|| quote! { #[allow(unused_imports, reason = "the types using the helpers may all be behind features that are off")] });
    let import = uses_helpers(api).then(|| quote! { #allow use crate::runtime::serde_helpers as helpers; });
    quote! {
        //! Every schema of the API as a Rust type.
        #import
    }
}

fn type_def(api: &Api, def: &TypeDef) -> TokenStream {
    let doc = docs::attrs(&docs::sanitize(&def.doc));
    let name = ident(&def.name);
    let dirs = def.directions;
    match &def.kind {
        TypeKind::Struct(s) => struct_def(api, &name, doc, s, dirs),
        TypeKind::StringEnum(variants) => string_enum(&name, doc, variants, dirs),
        TypeKind::IntEnum(consts) => int_enum(&name, doc, consts, dirs),
        TypeKind::Union(u) => union_def(api, &name, doc, u, dirs),
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

/// The `rename_all` rule that names the most fields of `s` as the wire does, if it spares at
/// least two `rename`s; fields it misses keep their own `rename`.
fn rename_rule(s: &Struct) -> Option<&'static str> {
    let count = |rule: &str| s.fields.iter().filter(|f| renamed(rule, &f.rust_name) == f.wire_name).count();
    let plain = count("");
    ["PascalCase", "camelCase"].into_iter().map(|rule| (rule, count(rule))).filter(|(_, n)| *n >= plain + 2).max_by_key(|(_, n)| *n).map(|(rule, _)| rule)
}

/// The wire name serde derives for a field under a `rename_all` rule (`""` is none): the same
/// conversion serde_derive applies to the name without its `r#`.
fn renamed(rule: &str, rust_name: &str) -> String {
    let name = rust_name.trim_start_matches("r#");
    if rule.is_empty() {
        return name.to_owned();
    }
    let mut pascal = String::with_capacity(name.len());
    let mut capitalize = true;
    for ch in name.chars() {
        if ch == '_' {
            capitalize = true;
        } else if capitalize {
            pascal.push(ch.to_ascii_uppercase());
            capitalize = false;
        } else {
            pascal.push(ch);
        }
    }
    if rule == "camelCase" {
        let mut chars = pascal.chars();
        chars.next().map(|first| first.to_ascii_lowercase().to_string() + chars.as_str()).unwrap_or_default()
    } else {
        pascal
    }
}

/// The field's serde attribute, with only what the type's directions use: `skip_serializing_if`
/// when it is sent, the lenient decoders (and the `default` they need) when it is received.
/// Whether any field attribute names a serde helper (an unused import would warn).
fn uses_helpers(api: &Api) -> bool {
    api.types.iter().any(|t| match &t.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| field_serde(api, f, "", t.directions).to_string().contains(HELPERS_SENTINEL)),
        _ => false,
    })
}

/// How a helper appears in a field attribute's tokens (`with`, `serialize_with`,
/// `deserialize_with`); a wire name with these characters is escaped inside its literal.
const HELPERS_SENTINEL: &str = "with = \"helpers::";

fn field_serde(api: &Api, f: &Field, rule: &str, dirs: Directions) -> TokenStream {
    let mut parts: Vec<TokenStream> = Vec::new();
    if renamed(rule, &f.rust_name) != f.wire_name {
        let wire = &f.wire_name;
        parts.push(quote! { rename = #wire });
    }
    let optional = is_optional(f);
    if !f.required && dirs.sent {
        parts.push(quote! { skip_serializing_if = "Option::is_none" });
    }
    let helper = |name: &str| if optional { format!("{HELPERS}::{name}_option") } else { format!("{HELPERS}::{name}") };
    let mut custom_decode = None;
    match &f.lenient {
        Lenient::Scalar => custom_decode = Some(helper("lenient")),
        Lenient::Delimited(d) => {
            let ch = d.chars().next().unwrap_or(',');
            let escaped = format!("'\\u{{{:x}}}'", ch as u32);
            custom_decode = Some(if optional { format!("{HELPERS}::delimited_option::<{escaped}, _>") } else { format!("{HELPERS}::delimited::<{escaped}, _>") });
        }
        Lenient::None if is_naive(api, &f.ty) => {
            let module = helper("naive_date_time");
            match (dirs.sent, dirs.received) {
                (true, true) => {
                    // `with` decodes through the helper too, so a missing optional field needs `default`.
                    if optional {
                        parts.push(quote! { default });
                    }
                    parts.push(quote! { with = #module });
                }
                (true, false) => {
                    let path = format!("{module}::serialize");
                    parts.push(quote! { serialize_with = #path });
                }
                _ => custom_decode = Some(format!("{module}::deserialize")),
            }
        }
        Lenient::None if !f.required && f.nullable => custom_decode = Some(format!("{HELPERS}::double_option")),
        Lenient::None => {}
    }
    if let Some(path) = custom_decode.filter(|_| dirs.received) {
        // serde treats a missing `Option` field as `None` only without a custom decoder.
        if optional {
            parts.push(quote! { default });
        }
        parts.push(quote! { deserialize_with = #path });
    }
    if parts.is_empty() { quote! {} } else { quote! { #[serde(#(#parts),*)] } }
}

/// A `derive` attribute of `always` plus the serde derives of a type that crosses the wire in `dirs`.
fn derives(always: TokenStream, dirs: Directions) -> TokenStream {
    let ser = dirs.sent.then(|| quote! { , ::serde::Serialize });
    let de = dirs.received.then(|| quote! { , ::serde::Deserialize });
    quote! { #[derive(#always #ser #de)] }
}

fn struct_def(api: &Api, name: &proc_macro2::Ident, doc: TokenStream, s: &Struct, dirs: Directions) -> TokenStream {
    let rule = rename_rule(s);
    let rename_all = rule.map(|rule| quote! { #[serde(rename_all = #rule)] });
    let fields = s.fields.iter().map(|f| {
        let fname = ident(&f.rust_name);
        let ty = field_type(api, f);
        let serde = field_serde(api, f, rule.unwrap_or_default(), dirs);
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
    // Only types the client sends are built by callers; a received type comes from its JSON
    // (`serde_json::from_value` builds one for a test), so it gets no constructor or setters.
    let default = (dirs.sent && required.is_empty()).then(|| quote! { , Default });
    let derive = derives(quote! { Debug, Clone, PartialEq #default }, dirs);
    let constructors = dirs.sent.then(|| constructors(api, name, s, &required));
    quote! {
        #doc
        #derive
        #rename_all
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #constructors
    }
}

/// `new` (the required fields) and one `with_*` setter per optional field.
fn constructors(api: &Api, name: &proc_macro2::Ident, s: &Struct, required: &[&Field]) -> TokenStream {
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
    // clippy's default threshold is seven arguments.
    let allow = (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        impl #name {
            /// Creates a value from the required fields; optional fields start empty.
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #additional_init }
            }
            #(#setters)*
        }
    }
}

fn string_enum(name: &proc_macro2::Ident, doc: TokenStream, variants: &[crate::ir::EnumVariant], dirs: Directions) -> TokenStream {
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
    let sent = dirs.sent.then(|| {
        quote! {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl crate::runtime::encode::ToParam for #name {
                fn to_param(&self) -> crate::runtime::encode::ParamValue {
                    crate::runtime::encode::ParamValue::Scalar(::std::string::ToString::to_string(self.as_str()))
                }
            }
        }
    });
    let received = dirs.received.then(|| {
        quote! {
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::std::string::String as ::serde::Deserialize>::deserialize(deserializer)?;
                    ::std::result::Result::Ok(Self::from(value.as_str()))
                }
            }
        }
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

        #sent
        #received
    }
}

fn int_enum(name: &proc_macro2::Ident, doc: TokenStream, consts: &[crate::ir::IntConst], dirs: Directions) -> TokenStream {
    let items = consts.iter().map(|c| {
        let cname = ident(&c.rust_name);
        let value = c.value;
        let fallback = format!("The value `{value}`.");
        let cdoc = docs::from_spec(c.doc.as_deref(), &fallback);
        quote! { #cdoc pub const #cname: Self = Self(#value); }
    });
    let derive = derives(quote! { Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord }, Directions { received: false, ..dirs });
    let (transparent, to_param) = if dirs.sent {
        (
            quote! { #[serde(transparent)] },
            quote! {
                impl crate::runtime::encode::ToParam for #name {
                    fn to_param(&self) -> crate::runtime::encode::ParamValue {
                        crate::runtime::encode::ParamValue::Scalar(::std::string::ToString::to_string(&self.0))
                    }
                }
            },
        )
    } else {
        (quote! {}, quote! {})
    };
    let deserialize = dirs.received.then(|| {
        quote! {
            // Codes are accepted in their string form too (`"13"`), as lenient servers send them.
            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    crate::runtime::serde_helpers::lenient::<D, i64>(deserializer).map(Self)
                }
            }
        }
    });
    quote! {
        #doc
        ///
        /// An integer code: the associated constants name the documented values; any other
        /// value the server sends is kept as is.
        #derive
        #transparent
        pub struct #name(pub i64);

        #deserialize

        impl #name {
            #(#items)*
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        #to_param
    }
}

fn union_def(api: &Api, name: &proc_macro2::Ident, doc: TokenStream, u: &Union, dirs: Directions) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let ty = tokens(api, &v.ty);
        let vdoc = format!(" The `{}` shape.", v.name.trim_start_matches("r#"));
        quote! { #[doc = #vdoc] #vname(#ty), }
    });
    let Some((property, mapping)) = &u.discriminator else {
        let derive = derives(quote! { Debug, Clone, PartialEq }, dirs);
        return quote! {
            #doc
            #derive
            #[serde(untagged)]
            #[non_exhaustive]
            pub enum #name {
                #(#variants)*
                /// A shape this client does not know, kept as sent.
                Other(::serde_json::Value),
            }
        };
    };
    let serialize = dirs.sent.then(|| {
        let arms = u.variants.iter().map(|v| {
            let vname = ident(&v.name);
            quote! { Self::#vname(inner) => ::serde::Serialize::serialize(inner, serializer), }
        });
        quote! {
            impl ::serde::Serialize for #name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    match self {
                        #(#arms)*
                        Self::Other(value) => ::serde::Serialize::serialize(value, serializer),
                    }
                }
            }
        }
    });
    let deserialize = dirs.received.then(|| {
        let arms = mapping.iter().map(|(value, index)| {
            let vname = ident(&u.variants[*index].name);
            quote! { ::std::option::Option::Some(#value) => ::serde_json::from_value(value).map(Self::#vname).map_err(::serde::de::Error::custom), }
        });
        quote! {
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
        #serialize
        #deserialize
    }
}
