//! The public Rust API of a generated crate, modelled from the IR: one item per public name
//! (module, type, field, variant, constant, method) with its signature, as the emitters write it.
//!
//! Types are rendered with the emitters' own functions, so a signature here is the emitted one
//! with paths shortened (`String` for `::std::string::String`, `types::X` for `crate::types::X`).
//! The runtime's items (`Error`, `RetryPolicy`, `Secret`, ...) are the same for every
//! spec and are left out. Pure and deterministic: items are keyed and sorted by path.

use crate::emit::{operations, typeref, types};
use crate::ir::{Api, Directions, Field, Payload, SchemeKind, Success, TypeKind};
use proc_macro2::TokenStream;
use std::collections::BTreeMap;

/// What kind of public item it is; the diff's rules depend on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `pub mod`.
    Module,
    /// A struct or enum (`exhaustive` is false for `#[non_exhaustive]` or private fields).
    Type {
        /// Callers may construct it with a literal or match it without a wildcard.
        exhaustive: bool,
    },
    /// `pub type X = T`.
    Alias,
    /// A `pub use` re-export.
    Reexport,
    /// A public struct field.
    Field {
        /// The struct is exhaustive (adding a field breaks literals).
        exhaustive: bool,
    },
    /// An enum variant.
    Variant {
        /// The enum is exhaustive (adding a variant breaks `match`).
        exhaustive: bool,
    },
    /// An associated constant (integer enum codes).
    Const,
    /// A constructor (`new`) taking the required fields.
    Constructor,
    /// A `with_*` setter of an optional struct field.
    FieldSetter,
    /// An operation method: its arguments are the required parameters and body.
    Operation,
    /// An optional-parameter (or optional body) setter of a request builder.
    OptionalSetter,
    /// `send` / `into_stream`: what a call returns.
    Response,
    /// `Client::<tag>()`.
    Accessor,
    /// A credential setter or login of `ClientBuilder`.
    Auth,
    /// A base-URL setter of `ClientBuilder` for a server group.
    Server,
    /// Other public methods (`as_str`).
    Method,
}

/// One public item.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Item {
    /// Module it lives in (`types`, `api::customers`, `crate`).
    pub module: String,
    /// Its kind.
    pub kind: Kind,
    /// The full one-line signature, path included.
    pub signature: String,
    /// Traits it implements (types only), sorted.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub traits: Vec<String>,
    /// Marked `#[deprecated]`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub deprecated: bool,
}

/// The public API: items by path (`types::Customer`, `types::Customer.id` for fields,
/// `api::customers::CustomersApi::get_customers`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PublicApi {
    /// Items by path, sorted.
    pub items: BTreeMap<String, Item>,
}

impl PublicApi {
    /// One line per item, sorted by path: the reviewable form (the snapshot in tests/).
    pub fn lines(&self) -> String {
        let mut out = String::new();
        for item in self.items.values() {
            if item.deprecated {
                out.push_str("#[deprecated] ");
            }
            out.push_str(&item.signature);
            if !item.traits.is_empty() {
                out.push_str(&format!(" impl {}", item.traits.join(", ")));
            }
            out.push('\n');
        }
        out
    }

    fn add(&mut self, path: String, module: &str, kind: Kind, signature: String) -> &mut Item {
        let item = Item { module: module.to_owned(), kind, signature, traits: Vec::new(), deprecated: false };
        self.items.entry(path).or_insert(item)
    }
}

/// A type expression as a short string: the emitted tokens without the leading `::std::*::`
/// and `crate::` qualifications that keep generated code safe from shadowing.
pub fn render(tokens: &TokenStream) -> String {
    let mut text = String::new();
    write_tokens(tokens.clone(), &mut text);
    shorten(text)
}

/// A type expression's text (as `typeref::text` writes it) without the qualifications [`render`] drops.
pub(crate) fn shorten(mut text: String) -> String {
    for prefix in ["::std::string::", "::std::vec::", "::std::option::", "::std::collections::", "::std::boxed::", "::std::result::", "::std::convert::", "crate::"] {
        text = text.replace(prefix, "");
    }
    text.replace("::chrono::", "chrono::").replace("::serde_json::", "serde_json::").replace("::futures::", "futures::")
}

/// Tokens as Rust source on one line: a space only between words (and after `impl`/`dyn`).
fn write_tokens(tokens: TokenStream, out: &mut String) {
    use proc_macro2::{Delimiter, TokenTree};
    let mut after_keyword = false;
    for token in tokens {
        let word_before = out.ends_with(|c: char| c.is_alphanumeric() || c == '_');
        match token {
            TokenTree::Ident(ident) => {
                if word_before || after_keyword {
                    out.push(' ');
                }
                let word = ident.to_string();
                after_keyword = matches!(word.as_str(), "impl" | "dyn");
                out.push_str(&word);
            }
            TokenTree::Literal(literal) => {
                if word_before || after_keyword {
                    out.push(' ');
                }
                after_keyword = false;
                out.push_str(&literal.to_string());
            }
            TokenTree::Punct(punct) => {
                if after_keyword {
                    out.push(' ');
                }
                after_keyword = false;
                match punct.as_char() {
                    ',' => out.push_str(", "),
                    '+' | '=' => {
                        out.push(' ');
                        out.push(punct.as_char());
                        out.push(' ');
                    }
                    c => out.push(c),
                }
            }
            TokenTree::Group(group) => {
                after_keyword = false;
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write_tokens(group.stream(), out);
                out.push_str(close);
            }
        }
    }
}

fn ty(api: &Api, t: &crate::ir::TypeRef) -> String {
    shorten(typeref::text(api, t))
}

/// The argument type of a setter or required argument (`impl Into<String>` for strings).
fn arg(api: &Api, t: &crate::ir::TypeRef) -> String {
    shorten(operations::arg(api, t).0)
}

fn field_ty(api: &Api, f: &Field) -> String {
    shorten(types::field_type(api, f))
}

fn bare(name: &str) -> &str {
    name.trim_start_matches("r#")
}

const STRUCT_TRAITS: &[&str] = &["Clone", "Debug", "PartialEq"];
const STRING_ENUM_TRAITS: &[&str] = &["Clone", "Debug", "Display", "Eq", "From<&str>", "Hash", "Ord", "PartialEq", "PartialOrd"];
const INT_ENUM_TRAITS: &[&str] = &["Clone", "Copy", "Debug", "Display", "Eq", "Hash", "Ord", "PartialEq", "PartialOrd"];
const UNION_TRAITS: &[&str] = &["Clone", "Debug", "PartialEq"];

/// `base` plus `Serialize` for a type the client sends and `Deserialize` for one it receives
/// (and `Default` when asked), sorted.
fn traits(base: &[&str], dirs: Directions, default: bool) -> Vec<String> {
    let serde = [(dirs.sent, "Serialize"), (dirs.received, "Deserialize"), (default, "Default")];
    let mut traits: Vec<String> = base.iter().copied().chain(serde.into_iter().filter(|(on, _)| *on).map(|(_, t)| t)).map(str::to_owned).collect();
    traits.sort();
    traits
}

/// Builds the public API the emitters write for `api`.
pub fn public_api(api: &Api) -> PublicApi {
    let mut out = PublicApi::default();
    types_module(api, &mut out);
    client(api, &mut out);
    operations_modules(api, &mut out);
    out.add("types".into(), "crate", Kind::Module, "pub mod types".into());
    out.add("api".into(), "crate", Kind::Module, "pub mod api".into());
    out.add("webhooks".into(), "crate", Kind::Module, "pub mod webhooks".into());
    let mut reexported: Vec<&str> = api
        .webhooks
        .iter()
        .flat_map(|w| [&w.request, &w.reply])
        .filter_map(|t| match t {
            Some(crate::ir::TypeRef::Named(i)) => Some(api.types[*i].name.as_str()),
            _ => None,
        })
        .collect();
    reexported.sort_unstable();
    reexported.dedup();
    for name in reexported {
        let n = bare(name);
        out.add(format!("webhooks::{n}"), "webhooks", Kind::Reexport, format!("pub use webhooks::{n} = types::{n}"));
    }
    out
}

fn types_module(api: &Api, out: &mut PublicApi) {
    for def in &api.types {
        let name = bare(&def.name);
        let path = format!("types::{name}");
        match &def.kind {
            TypeKind::Struct(s) => {
                let required: Vec<&Field> = s.fields.iter().filter(|f| f.required && !f.nullable).collect();
                let dirs = def.directions;
                out.add(path.clone(), "types", Kind::Type { exhaustive: false }, format!("#[non_exhaustive] pub struct {path}")).traits = traits(STRUCT_TRAITS, dirs, dirs.sent && required.is_empty());
                for f in &s.fields {
                    let fname = bare(&f.rust_name);
                    out.add(format!("{path}.{fname}"), "types", Kind::Field { exhaustive: false }, format!("pub {path}.{fname}: {}", field_ty(api, f)));
                }
                if let Some((field, value)) = &s.additional {
                    let fname = bare(field);
                    out.add(format!("{path}.{fname}"), "types", Kind::Field { exhaustive: false }, format!("pub {path}.{fname}: BTreeMap<String, {}>", ty(api, value)));
                }
                // Only types the client sends have constructors (see emit::types).
                if !dirs.sent {
                    continue;
                }
                let args: Vec<String> = required.iter().map(|f| format!("{}: {}", bare(&f.rust_name), ty(api, &f.ty))).collect();
                out.add(format!("{path}::new"), "types", Kind::Constructor, format!("pub fn {path}::new({}) -> Self", args.join(", ")));
                for f in s.fields.iter().filter(|f| !f.required || f.nullable) {
                    let setter = format!("with_{}", bare(&f.rust_name));
                    out.add(format!("{path}::{setter}"), "types", Kind::FieldSetter, format!("pub fn {path}::{setter}(self, value: {}) -> Self", ty(api, &f.ty)));
                }
            }
            TypeKind::StringEnum(variants) => {
                out.add(path.clone(), "types", Kind::Type { exhaustive: false }, format!("#[non_exhaustive] pub enum {path}")).traits = traits(STRING_ENUM_TRAITS, def.directions, false);
                for v in variants {
                    let vname = bare(&v.rust_name);
                    out.add(format!("{path}::{vname}"), "types", Kind::Variant { exhaustive: false }, format!("{path}::{vname} = {:?}", v.wire));
                }
                out.add(format!("{path}::Unknown"), "types", Kind::Variant { exhaustive: false }, format!("{path}::Unknown(String)"));
                out.add(format!("{path}::as_str"), "types", Kind::Method, format!("pub fn {path}::as_str(&self) -> &str"));
            }
            TypeKind::IntEnum(consts) => {
                out.add(path.clone(), "types", Kind::Type { exhaustive: true }, format!("pub struct {path}(pub i64)")).traits = traits(INT_ENUM_TRAITS, def.directions, false);
                for c in consts {
                    let cname = bare(&c.rust_name);
                    out.add(format!("{path}::{cname}"), "types", Kind::Const, format!("pub const {path}::{cname}: Self = Self({})", c.value));
                }
            }
            TypeKind::Union(u) => {
                out.add(path.clone(), "types", Kind::Type { exhaustive: false }, format!("#[non_exhaustive] pub enum {path}")).traits = traits(UNION_TRAITS, def.directions, false);
                for v in &u.variants {
                    let vname = bare(&v.name);
                    out.add(format!("{path}::{vname}"), "types", Kind::Variant { exhaustive: false }, format!("{path}::{vname}({})", ty(api, &v.ty)));
                }
                out.add(format!("{path}::Other"), "types", Kind::Variant { exhaustive: false }, format!("{path}::Other(serde_json::Value)"));
            }
            TypeKind::Alias(target) => {
                out.add(path.clone(), "types", Kind::Alias, format!("pub type {path} = {}", ty(api, target)));
            }
        }
    }
}

fn client(api: &Api, out: &mut PublicApi) {
    let logins = api.security_schemes.iter().filter(|s| s.login.is_some()).count();
    for s in &api.security_schemes {
        let setter = bare(&s.setter);
        let how = match &s.kind {
            SchemeKind::ApiKeyHeader(h) => format!("header {h}"),
            SchemeKind::ApiKeyQuery(q) => format!("query {q}"),
            SchemeKind::ApiKeyCookie(c) => format!("cookie {c}"),
            SchemeKind::Bearer => "bearer".into(),
            SchemeKind::Basic => "basic".into(),
        };
        out.add(format!("ClientBuilder::{setter}"), "crate", Kind::Auth, format!("pub fn ClientBuilder::{setter}(self, value: impl Into<Secret>) -> Self  // {} ({how})", s.name));
        if s.login.is_some() {
            let name = if logins == 1 { "login".to_owned() } else { format!("{setter}_login") };
            out.add(format!("ClientBuilder::{name}"), "crate", Kind::Auth, format!("pub fn ClientBuilder::{name}(self, username: impl Into<Secret>, password: impl Into<Secret>) -> Self"));
        }
    }
    for g in api.server_groups.iter().skip(1) {
        let name = format!("{}_base_url", bare(&crate::naming::snake(&g.rust_name)));
        out.add(format!("ClientBuilder::{name}"), "crate", Kind::Server, format!("pub fn ClientBuilder::{name}(self, url: impl Into<String>) -> Self"));
    }
    out.add("Client::builder".into(), "crate", Kind::Method, "pub fn Client::builder() -> ClientBuilder".into());
    for g in &api.groups {
        let (accessor, module) = (bare(&g.accessor), bare(&g.module));
        out.add(format!("Client::{accessor}"), "crate", Kind::Accessor, format!("pub fn Client::{accessor}(&self) -> api::{module}::{}", g.type_name));
    }
}

fn operations_modules(api: &Api, out: &mut PublicApi) {
    for g in &api.groups {
        let module = format!("api::{}", bare(&g.module));
        out.add(module.clone(), "api", Kind::Module, format!("pub mod {module}"));
        let group_ty = format!("{module}::{}", g.type_name);
        out.add(group_ty.clone(), &module, Kind::Type { exhaustive: false }, format!("pub struct {group_ty}")).traits = vec!["Clone".into(), "Debug".into()];
        for op in &g.operations {
            let method = bare(&op.method_name);
            let builder = format!("{module}::{}", op.builder_name);
            let mut args: Vec<String> = op.params.iter().filter(|p| p.required).map(|p| format!("{}: {}", bare(&p.rust_name), arg(api, &p.ty))).collect();
            if let Some(body) = op.body.as_ref().filter(|b| b.required) {
                args.push(format!("body: {}", arg(api, &body.ty)));
            }
            let sep = if args.is_empty() { "" } else { ", " };
            out.add(format!("{group_ty}::{method}"), &module, Kind::Operation, format!("pub fn {group_ty}::{method}(&self{sep}{}) -> {builder}", args.join(", "))).deprecated = op.deprecated;
            // The builder is the runtime's `Request` for the operation's marker (in the module's
            // `op`); `send`, `deadline` and `into_stream` are written once there, generically.
            let marker = bare(&op.builder_name);
            out.add(builder.clone(), &module, Kind::Alias, format!("#[must_use] pub type {builder} = Request<{module}::op::{marker}>")).traits = vec!["Clone".into(), "Debug".into(), "IntoFuture".into()];
            for p in op.params.iter().filter(|p| !p.required) {
                let pname = bare(&p.rust_name);
                out.add(format!("{builder}::{pname}"), &module, Kind::OptionalSetter, format!("pub fn {builder}::{pname}(self, value: {}) -> Self", arg(api, &p.ty)));
            }
            if let Some(body) = op.body.as_ref().filter(|b| !b.required) {
                out.add(format!("{builder}::body"), &module, Kind::OptionalSetter, format!("pub fn {builder}::body(self, value: {}) -> Self", arg(api, &body.ty)));
            }
            // Every builder's own time budget (`deadline` is a reserved setter name, so a spec
            // parameter of that name becomes `deadline_2`).
            out.add(format!("{builder}::deadline"), &module, Kind::Method, format!("pub fn {builder}::deadline(self, budget: std::time::Duration) -> Self"));
            let ret = match &op.success {
                Success::Enum { type_name, .. } => format!("{module}::{type_name}"),
                Success::Single(_) => shorten(operations::success_type(api, op)),
            };
            out.add(format!("{builder}::send"), &module, Kind::Response, format!("pub async fn {builder}::send(self) -> Result<{ret}, Error>"));
            if let Some(pg) = &op.pagination {
                out.add(format!("{builder}::into_stream"), &module, Kind::Response, format!("pub fn {builder}::into_stream(self) -> BoxStream<'static, Result<{}, Error>>", ty(api, &pg.item)));
            }
            if let Success::Enum { type_name, variants } = &op.success {
                let path = format!("{module}::{type_name}");
                out.add(path.clone(), &module, Kind::Type { exhaustive: false }, format!("#[non_exhaustive] pub enum {path}")).traits = vec!["Clone".into(), "Debug".into(), "PartialEq".into()];
                for v in variants {
                    let payload = match &v.payload {
                        Payload::Empty => String::new(),
                        p => format!("({})", shorten(operations::payload_type(api, p))),
                    };
                    out.add(format!("{path}::{}", bare(&v.name)), &module, Kind::Variant { exhaustive: false }, format!("{path}::{}{payload}", bare(&v.name)));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_of(yaml: &str) -> Api {
        let doc = crate::parse(yaml).expect("parses");
        let (api, diags) = crate::to_ir(&doc);
        assert!(!diags.has_errors(), "{diags}");
        api
    }

    /// Every modelled signature names a function, field or type the emitted code really has:
    /// checked against the emitted text of the Optimove client for each operation and field.
    #[test]
    fn the_model_matches_the_emitted_code() {
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/optimove.yaml")).expect("spec");
        let generated = crate::generate(&text, &crate::Settings::default()).expect("generates");
        let all: String = generated.files.values().map(String::as_str).collect();
        let squashed: String = all.split_whitespace().collect();
        let api = public_api(&api_of(&text));
        assert!(api.items.len() > 1000, "{} items", api.items.len());
        for (path, item) in &api.items {
            let name = path.rsplit([':', '.']).next().unwrap_or_default();
            let needle = match item.kind {
                Kind::Operation | Kind::OptionalSetter | Kind::Constructor | Kind::FieldSetter | Kind::Accessor | Kind::Auth | Kind::Server | Kind::Method => format!("fn{name}("),
                Kind::Response if name == "send" => "pubasyncfnsend(self)".to_owned(),
                Kind::Field { .. } if squashed.contains(&format!("pubr#{name}:")) => format!("pubr#{name}:"),
                Kind::Field { .. } => format!("pub{name}:"),
                Kind::Const => format!("pubconst{name}:"),
                _ => name.to_owned(),
            };
            assert!(squashed.contains(&needle), "{path}: `{needle}` not in the emitted code");
        }
        // The serde traits modelled for each type are the emitted ones (derived or written out).
        let types: String = generated.files["src/types.rs"].split_whitespace().collect();
        for (path, item) in api.items.iter().filter(|(p, i)| p.starts_with("types::") && matches!(i.kind, Kind::Type { .. })) {
            let name = &path["types::".len()..];
            let start = ["pubstruct", "pubenum"].iter().find_map(|k| [format!("{k}{name}{{"), format!("{k}{name}(")].iter().find_map(|n| types.find(n.as_str()))).unwrap_or_else(|| panic!("{path} not emitted"));
            let derive = types[..start].rfind("#[derive(").map(|d| &types[d..start]).unwrap_or_default();
            for (traits, written) in [("Serialize", format!("impl::serde::Serializefor{name}{{")), ("Deserialize", format!("impl<'de>::serde::Deserialize<'de>for{name}{{"))] {
                let emitted = derive.contains(&format!("::serde::{traits}")) || types.contains(&written);
                assert_eq!(emitted, item.traits.iter().any(|t| t == traits), "{path}: {traits} modelled {:?}, emitted {emitted}", item.traits);
            }
        }
        // Argument lists are the emitted ones: spot-check one operation with every kind of argument.
        let op = &api.items["api::customers::CustomersApi::get_customers_by_action"];
        assert_eq!(op.signature, "pub fn api::customers::CustomersApi::get_customers_by_action(&self, recipient_group_id: i64, action_id: i64, date: chrono::NaiveDate) -> api::customers::GetCustomersByAction", "{op:?}");
    }

    /// The converse: every public name the emitters write outside the runtime and lib.rs (whose
    /// re-exports are the same for every spec) is in the model, so a new emitted item cannot
    /// escape `cargo xtask diff`.
    #[test]
    fn every_emitted_public_name_is_modelled() {
        for spec in ["spec/optimove.yaml", "tests/fixtures/types.yaml", "tests/fixtures/responses.yaml", "tests/fixtures/auth.yaml", "tests/fixtures/paging.yaml"] {
            let text = std::fs::read_to_string(format!("{}/../{spec}", env!("CARGO_MANIFEST_DIR"))).expect("spec");
            let generated = crate::generate(&text, &crate::Settings::default()).expect("generates");
            let api = public_api(&api_of(&text));
            let mut checked = 0;
            let names: std::collections::BTreeSet<&str> = api.items.keys().map(|p| p.rsplit([':', '.']).next().unwrap_or_default()).collect();
            for (path, content) in generated.files.iter().filter(|(p, _)| p.ends_with(".rs") && *p != "src/runtime.rs" && *p != "src/lib.rs" && p.starts_with("src/")) {
                for line in content.lines().map(str::trim) {
                    let item = ["pub fn ", "pub async fn ", "pub struct ", "pub enum ", "pub const ", "pub type ", "pub mod "].iter().find_map(|p| line.strip_prefix(p));
                    let name_of = |rest: &str| -> String { rest.trim_start_matches("r#").chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
                    let name = match (item, line.strip_prefix("pub ")) {
                        (Some(rest), _) => name_of(rest),
                        // A struct field: `pub name: Type,`.
                        (None, Some(rest)) if rest.trim_start_matches("r#").starts_with(&format!("{}:", name_of(rest))) => name_of(rest),
                        _ => continue,
                    };
                    assert!(names.contains(name.as_str()), "{spec}: {path}: `{line}` is public but not in surface::public_api");
                    checked += 1;
                }
            }
            // Variants carry no `pub`, so fewer lines than items; far fewer would mean the scan broke.
            assert!(checked * 2 > api.items.len(), "{spec}: only {checked} public lines seen for {} items", api.items.len());
        }
    }

    #[test]
    fn rendering_shortens_qualified_paths() {
        let t = quote::quote! { ::std::option::Option<::std::vec::Vec<crate::types::Pet>> };
        assert_eq!(render(&t), "Option<Vec<types::Pet>>");
        let t = quote::quote! { impl ::std::convert::Into<::std::string::String> };
        assert_eq!(render(&t), "impl Into<String>");
        let t = quote::quote! { ::futures::stream::BoxStream<'static, ::std::result::Result<::chrono::DateTime<::chrono::FixedOffset>, crate::Error>> };
        assert_eq!(render(&t), "futures::stream::BoxStream<'static, Result<chrono::DateTime<chrono::FixedOffset>, Error>>");
    }
}
