//! Emits `src/types.rs`: one item per named type (struct, enum, union, alias), each with
//! serde attributes that keep wire names, and constructors for structs. Written as text in
//! prettyplease's layout (see `text.rs`); an item whose lines the writer cannot be sure of is
//! formatted by prettyplease on its own.

use super::docs;
use super::layout;
use super::text::{Text, i64_lit, string_lit};
use super::typeref::{ident, text as ty_text};
use crate::ir::{Api, Directions, Field, Lenient, Prim, Struct, TypeDef, TypeKind, TypeRef, Union};
use proc_macro2::TokenStream;
use quote::quote;

/// The runtime's serde helpers, as the types module imports them (see [`module`]): field
/// attributes name them as strings, and the short path keeps each attribute on one line.
const HELPERS: &str = "helpers";

/// A part of the `types` module's text: the items of `defs`, after the module's inner doc and
/// imports when `header` is `Some(may_be_unused)` (see [`write_header`]). `cfg(k)` is the formatted
/// attribute (lines, or `""`) that goes before every item of `defs[k]`. Consecutive parts over
/// all of `api.types` make the whole module.
pub fn module(api: &Api, defs: &[TypeDef], header: Option<bool>, cfg: impl Fn(usize) -> Result<String, String>) -> Result<String, String> {
    let mut out = String::new();
    if let Some(may_be_unused) = header {
        write_header(api, may_be_unused, &mut out);
    }
    for (k, def) in defs.iter().enumerate() {
        let cfg = cfg(k)?;
        for item in type_def(api, def) {
            out.push_str(&cfg);
            item.finish(0, &mut out)?;
        }
    }
    Ok(out)
}

/// The file's inner doc and the serde helpers' import. `may_be_unused` when Cargo features can
/// compile out every type that uses the helpers: the import itself is never gated, since types
/// of different features share it.
fn write_header(api: &Api, may_be_unused: bool, out: &mut String) {
    out.push_str("//! Every schema of the API as a Rust type.\n");
    if uses_helpers(api) {
        if may_be_unused {
            out.push_str("#[allow(\n    unused_imports,\n    reason = \"the types using the helpers may all be behind features that are off\"\n)]\n");
        }
        out.push_str("use crate::runtime::serde_helpers as helpers;\n");
    }
}

/// The items of one type, each a [`Text`] of its own (a fallback reformats one item only).
fn type_def(api: &Api, def: &TypeDef) -> Vec<Text> {
    let doc = docs::sanitize(&def.doc);
    let name = def.name.as_str();
    let dirs = def.directions;
    match &def.kind {
        TypeKind::Struct(s) => struct_def(api, name, &doc, s, dirs),
        TypeKind::StringEnum(variants) => string_enum(name, &doc, variants, dirs),
        TypeKind::IntEnum(consts) => int_enum(name, &doc, consts, dirs),
        TypeKind::Union(u) => union_def(api, name, &doc, u, dirs),
        TypeKind::Alias(target) => {
            let mut t = Text::new();
            t.docs(0, &doc);
            layout::typed(&mut t, 0, &format!("pub type {name} = "), &ty_text(api, target), ";", true);
            vec![t]
        }
    }
}

/// The Rust type of a field, with the Option that optional or nullable fields get.
pub fn field_type(api: &Api, f: &Field) -> String {
    let inner = ty_text(api, &f.ty);
    let lenient = f.lenient != Lenient::None;
    match (f.required, f.nullable) {
        (true, false) => inner,
        (false, true) if !lenient && !is_naive(api, &f.ty) => format!("::std::option::Option<::std::option::Option<{inner}>>"),
        _ => format!("::std::option::Option<{inner}>"),
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

/// Whether any field attribute names a serde helper (an unused import would warn).
fn uses_helpers(api: &Api) -> bool {
    api.types.iter().any(|t| match &t.kind {
        TypeKind::Struct(s) => s.fields.iter().any(|f| field_serde(api, f, "", t.directions).iter().any(|part| part.contains(HELPERS_SENTINEL))),
        _ => false,
    })
}

/// How a helper appears in a field attribute (`with`, `serialize_with`, `deserialize_with`); a
/// wire name with these characters is escaped inside its literal.
const HELPERS_SENTINEL: &str = "with = \"helpers::";

/// The parts of the field's serde attribute (none when it needs none), with only what the type's directions
/// use: `skip_serializing_if` when it is sent, the lenient decoders (and the `default` they
/// need) when it is received.
fn field_serde(api: &Api, f: &Field, rule: &str, dirs: Directions) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    if renamed(rule, &f.rust_name) != f.wire_name {
        parts.push(format!("rename = {}", string_lit(&f.wire_name)));
    }
    let optional = is_optional(f);
    if !f.required && dirs.sent {
        parts.push("skip_serializing_if = \"Option::is_none\"".to_owned());
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
                        parts.push("default".to_owned());
                    }
                    parts.push(format!("with = {}", string_lit(&module)));
                }
                (true, false) => parts.push(format!("serialize_with = {}", string_lit(&format!("{module}::serialize")))),
                _ => custom_decode = Some(format!("{module}::deserialize")),
            }
        }
        Lenient::None if !f.required && f.nullable => custom_decode = Some(format!("{HELPERS}::double_option")),
        Lenient::None => {}
    }
    if let Some(path) = custom_decode.filter(|_| dirs.received) {
        // serde treats a missing `Option` field as `None` only without a custom decoder.
        if optional {
            parts.push("default".to_owned());
        }
        parts.push(format!("deserialize_with = {}", string_lit(&path)));
    }
    parts
}

/// A `derive` attribute of `always` plus the serde derives of a type that crosses the wire in `dirs`.
fn derives(always: &str, dirs: Directions) -> String {
    let ser = if dirs.sent { ", ::serde::Serialize" } else { "" };
    let de = if dirs.received { ", ::serde::Deserialize" } else { "" };
    format!("#[derive({always}{ser}{de})]")
}

fn struct_def(api: &Api, name: &str, doc: &str, s: &Struct, dirs: Directions) -> Vec<Text> {
    let rule = rename_rule(s);
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required && !f.nullable).collect();
    // Only types the client sends are built by callers; a received type comes from its JSON
    // (`serde_json::from_value` builds one for a test), so it gets no constructor or setters.
    let default = if dirs.sent && required.is_empty() { ", Default" } else { "" };
    let mut t = Text::new();
    t.docs(0, doc);
    t.line(0, &[&derives(&format!("Debug, Clone, PartialEq{default}"), dirs)]);
    if let Some(rule) = rule {
        t.line(0, &["#[serde(rename_all = ", &string_lit(rule), ")]"]);
    }
    t.line(0, &["#[non_exhaustive]"]);
    if s.fields.is_empty() && s.additional.is_none() {
        t.line(0, &["pub struct ", name, " {}"]);
    } else {
        t.line(0, &["pub struct ", name, " {"]);
        for f in &s.fields {
            let fallback = format!("The `{}` field.", f.wire_name);
            t.docs(1, &docs::from_spec_text(f.doc.as_deref(), &fallback));
            let serde = field_serde(api, f, rule.unwrap_or_default(), dirs);
            if !serde.is_empty() {
                layout::attr_list(&mut t, 1, "serde", &serde);
            }
            layout::typed(&mut t, 1, &format!("pub {}: ", f.rust_name), &field_type(api, f), ",", true);
        }
        if let Some((field, ty)) = &s.additional {
            t.line(1, &["/// Properties not named in the schema, kept as sent."]);
            t.line(1, &["#[serde(flatten)]"]);
            layout::typed(&mut t, 1, &format!("pub {field}: "), &format!("::std::collections::BTreeMap<::std::string::String, {}>", ty_text(api, ty)), ",", true);
        }
        t.line(0, &["}"]);
    }
    let mut items = vec![t];
    if dirs.sent {
        items.push(constructors(api, name, s, &required));
    }
    items
}

/// `new` (the required fields) and one `with_*` setter per optional field.
fn constructors(api: &Api, name: &str, s: &Struct, required: &[&Field]) -> Text {
    let mut t = Text::new();
    t.line(0, &["impl ", name, " {"]);
    t.line(1, &["/// Creates a value from the required fields; optional fields start empty."]);
    // clippy's default threshold is seven arguments.
    if required.len() > 7 {
        t.line(1, &["#[allow(clippy::too_many_arguments)]"]);
    }
    let args: Vec<String> = required.iter().map(|f| format!("{}: {}", f.rust_name, ty_text(api, &f.ty))).collect();
    layout::signature(&mut t, 1, "pub fn new", &args, " -> Self {");
    let mut inits: Vec<String> = s.fields.iter().map(|f| if f.required && !f.nullable { f.rust_name.clone() } else { format!("{}: ::std::option::Option::None", f.rust_name) }).collect();
    if let Some((field, _)) = &s.additional {
        inits.push(format!("{field}: ::std::collections::BTreeMap::new()"));
    }
    // prettyplease keeps a struct literal on one line only up to 34 columns (`end_with_max_width`).
    let flat = if inits.is_empty() { "Self {}".to_owned() } else { format!("Self {{ {} }}", inits.join(", ")) };
    if flat.len() <= 35 {
        t.line(2, &[&flat]);
    } else {
        t.line(2, &["Self {"]);
        for init in &inits {
            t.line(3, &[init, ","]);
        }
        t.line(2, &["}"]);
    }
    t.line(1, &["}"]);
    for f in s.fields.iter().filter(|f| !f.required || f.nullable) {
        t.doc(1, &format!(" Sets `{}`.", f.wire_name));
        t.line(1, &["#[must_use]"]);
        let setter = format!("with_{}", f.rust_name.trim_start_matches("r#"));
        layout::signature(&mut t, 1, &format!("pub fn {setter}"), &["mut self".to_owned(), format!("value: {}", ty_text(api, &f.ty))], " -> Self {");
        let value = if !f.required && f.nullable && f.lenient == Lenient::None && !is_naive(api, &f.ty) { "::std::option::Option::Some(value)" } else { "value" };
        layout::paren(&mut t, 2, &format!("self.{} = ::std::option::Option::Some(", f.rust_name), value, ");");
        t.line(2, &["self"]);
        t.line(1, &["}"]);
    }
    t.line(0, &["}"]);
    t
}

/// `impl ::std::fmt::Display for` a type, the body after the type's name.
const DISPLAY_AS_STR: &str = " {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.write_str(self.as_str())
    }
}";

const SERIALIZE_AS_STR: &str = " {
    fn serialize<S: ::serde::Serializer>(
        &self,
        serializer: S,
    ) -> ::std::result::Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}";

const TO_PARAM_AS_STR: &str = " {
    fn to_param(&self) -> crate::runtime::encode::ParamValue {
        crate::runtime::encode::ParamValue::Scalar(
            ::std::string::ToString::to_string(self.as_str()),
        )
    }
}";

const DESERIALIZE_FROM_STR: &str = " {
    fn deserialize<D: ::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::std::result::Result<Self, D::Error> {
        let value = <::std::string::String as ::serde::Deserialize>::deserialize(
            deserializer,
        )?;
        ::std::result::Result::Ok(Self::from(value.as_str()))
    }
}";

const DISPLAY_CODE: &str = " {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        ::std::fmt::Display::fmt(&self.0, f)
    }
}";

const TO_PARAM_CODE: &str = " {
    fn to_param(&self) -> crate::runtime::encode::ParamValue {
        crate::runtime::encode::ParamValue::Scalar(
            ::std::string::ToString::to_string(&self.0),
        )
    }
}";

// Codes are accepted in their string form too (`"13"`), as lenient servers send them.
const DESERIALIZE_CODE: &str = " {
    fn deserialize<D: ::serde::Deserializer<'de>>(
        deserializer: D,
    ) -> ::std::result::Result<Self, D::Error> {
        crate::runtime::serde_helpers::lenient::<D, i64>(deserializer).map(Self)
    }
}";

/// One `impl {trait_} for {name}` item with a fixed body (the text after the first line's ` {`).
fn impl_block(trait_: &str, name: &str, body: &str) -> Text {
    let mut t = Text::new();
    layout::impl_for(&mut t, trait_, name);
    t.block(0, body.strip_prefix(" {\n").unwrap_or(body));
    t
}

fn string_enum(name: &str, doc: &str, variants: &[crate::ir::EnumVariant], dirs: Directions) -> Vec<Text> {
    let mut t = Text::new();
    t.docs(0, doc);
    t.line(0, &["#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]"]);
    t.line(0, &["#[non_exhaustive]"]);
    t.line(0, &["pub enum ", name, " {"]);
    for v in variants {
        t.doc(1, &format!(" `{}`", v.wire.replace('`', "'")));
        t.line(1, &[&v.rust_name, ","]);
    }
    t.line(1, &["/// A value this client does not know yet, kept as sent."]);
    t.line(1, &["Unknown(::std::string::String),"]);
    t.line(0, &["}"]);
    let mut to_str = Text::new();
    to_str.line(0, &["impl ", name, " {"]);
    to_str.line(1, &["/// The wire value."]);
    to_str.line(1, &["pub fn as_str(&self) -> &str {"]);
    to_str.line(2, &["match self {"]);
    for v in variants {
        layout::arm(&mut to_str, 3, &format!("Self::{}", v.rust_name), &string_lit(&v.wire));
    }
    to_str.line(3, &["Self::Unknown(value) => value.as_str(),"]);
    to_str.block(0, "        }\n    }\n}");
    let mut from_str = Text::new();
    layout::impl_for(&mut from_str, "impl ::std::convert::From<&str>", name);
    from_str.line(1, &["fn from(value: &str) -> Self {"]);
    from_str.line(2, &["match value {"]);
    for v in variants {
        layout::arm(&mut from_str, 3, &string_lit(&v.wire), &format!("Self::{}", v.rust_name));
    }
    from_str.line(3, &["other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),"]);
    from_str.block(0, "        }\n    }\n}");
    let mut items = vec![t, to_str, from_str, impl_block("impl ::std::fmt::Display", name, DISPLAY_AS_STR)];
    if dirs.sent {
        items.push(impl_block("impl ::serde::Serialize", name, SERIALIZE_AS_STR));
        items.push(impl_block("impl crate::runtime::encode::ToParam", name, TO_PARAM_AS_STR));
    }
    if dirs.received {
        items.push(impl_block("impl<'de> ::serde::Deserialize<'de>", name, DESERIALIZE_FROM_STR));
    }
    items
}

fn int_enum(name: &str, doc: &str, consts: &[crate::ir::IntConst], dirs: Directions) -> Vec<Text> {
    let mut t = Text::new();
    t.docs(0, doc);
    t.doc(0, "");
    t.line(0, &["/// An integer code: the associated constants name the documented values; any other"]);
    t.line(0, &["/// value the server sends is kept as is."]);
    t.line(0, &[&derives("Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord", Directions { received: false, ..dirs })]);
    if dirs.sent {
        t.line(0, &["#[serde(transparent)]"]);
    }
    t.line(0, &["pub struct ", name, "(pub i64);"]);
    let mut items = vec![t];
    if dirs.received {
        items.push(impl_block("impl<'de> ::serde::Deserialize<'de>", name, DESERIALIZE_CODE));
    }
    let mut named = Text::new();
    if consts.is_empty() {
        named.line(0, &["impl ", name, " {}"]);
    } else {
        named.line(0, &["impl ", name, " {"]);
        for c in consts {
            let fallback = format!("The value `{}`.", c.value);
            named.docs(1, &docs::from_spec_text(c.doc.as_deref(), &fallback));
            named.line(1, &["pub const ", &c.rust_name, ": Self = Self(", &i64_lit(c.value), ");"]);
        }
        named.line(0, &["}"]);
    }
    items.push(named);
    items.push(impl_block("impl ::std::fmt::Display", name, DISPLAY_CODE));
    if dirs.sent {
        items.push(impl_block("impl crate::runtime::encode::ToParam", name, TO_PARAM_CODE));
    }
    items
}

fn union_def(api: &Api, name: &str, doc: &str, u: &Union, dirs: Directions) -> Vec<Text> {
    let mut t = Text::new();
    t.docs(0, doc);
    if u.discriminator.is_some() {
        t.line(0, &["#[derive(Debug, Clone, PartialEq)]"]);
    } else {
        t.line(0, &[&derives("Debug, Clone, PartialEq", dirs)]);
        t.line(0, &["#[serde(untagged)]"]);
    }
    t.line(0, &["#[non_exhaustive]"]);
    t.line(0, &["pub enum ", name, " {"]);
    for v in &u.variants {
        t.doc(1, &format!(" The `{}` shape.", v.name.trim_start_matches("r#")));
        layout::paren(&mut t, 1, &format!("{}(", v.name), &ty_text(api, &v.ty), "),");
    }
    t.line(1, &["/// A shape this client does not know, kept as sent."]);
    t.line(1, &["Other(::serde_json::Value),"]);
    t.line(0, &["}"]);
    let mut items = vec![t];
    if let Some((property, mapping)) = &u.discriminator {
        let name = ident(name);
        let codecs = [dirs.sent.then(|| tagged_serialize(&name, u)), dirs.received.then(|| tagged_deserialize(&name, u, property, mapping))];
        // The tagged codecs are not laid out here: prettyplease formats them, one item each.
        for tokens in codecs.into_iter().flatten() {
            let mut codec = Text::new();
            codec.raw(&tokens.to_string());
            codec.unsure();
            items.push(codec);
        }
    }
    items
}

/// `Serialize` of a union with a discriminator property: each variant as its own shape.
fn tagged_serialize(name: &proc_macro2::Ident, u: &Union) -> TokenStream {
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
}

/// `Deserialize` of a union with a discriminator property: the variant its tag maps to.
fn tagged_deserialize(name: &proc_macro2::Ident, u: &Union, property: &str, mapping: &std::collections::BTreeMap<String, usize>) -> TokenStream {
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
}
