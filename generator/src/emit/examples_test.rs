//! Emits the generated crate's `tests/examples.rs`: every example of the spec, checked in the
//! direction its type crosses the wire (see [`crate::ir::Directions`]).
//!
//! - Received only: the example decodes, and no key of it is ignored (a misnamed field would be).
//! - Sent only: the generator builds the value from the example with the type's public API
//!   ([`super::example_value`]) and the test compares what it serialises to with the example.
//! - Both: the example decodes and encodes back to the same JSON.
//!
//! Comparisons allow the lenient forms the types accept, such as `"true"` for `true`.

use super::example_value;
use super::features::Features;
use super::typeref::{ident, prim};
use crate::ir::{Api, Directions, Prim, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether any example needs the ignored-keys check, so the manifest adds `serde_ignored`.
pub fn needs_serde_ignored(api: &Api) -> bool {
    cases(api).any(|(_, ty, _)| directions(api, &ty) == Directions { sent: false, received: true })
}

/// Every example with its label and the type it belongs to.
fn cases(api: &Api) -> impl Iterator<Item = (&str, TypeRef, &serde_json::Value)> {
    let schemas = api.types.iter().enumerate().filter_map(|(i, t)| t.example.as_ref().map(|e| (t.name.as_str(), TypeRef::Named(i), e)));
    schemas.chain(api.examples.iter().map(|e| (e.label.as_str(), e.ty.clone(), &e.value)))
}

/// The directions of the named type a reference leads to; types without one go both ways.
fn directions(api: &Api, ty: &TypeRef) -> Directions {
    match ty {
        TypeRef::Named(i) => api.types.get(*i).map_or(Directions::BOTH, |t| t.directions),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) | TypeRef::Boxed(inner) => directions(api, inner),
        TypeRef::Prim(_) | TypeRef::Json => Directions::BOTH,
    }
}

/// Whether the type names a generated type (so the test refers to `types`).
fn names_a_type(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) | TypeRef::Boxed(inner) => names_a_type(inner),
        TypeRef::Prim(_) | TypeRef::Json => false,
    }
}

/// The type as written in the test, which imports the crate's `types` module.
fn rust_type(api: &Api, ty: &TypeRef, krate: &proc_macro2::Ident) -> TokenStream {
    match ty {
        TypeRef::Named(i) => {
            let name = ident(&api.types[*i].name);
            quote! { types::#name }
        }
        TypeRef::Prim(Prim::Secret) => quote! { #krate::Secret },
        TypeRef::Prim(p) => prim(*p),
        TypeRef::Vec(inner) => {
            let inner = rust_type(api, inner, krate);
            quote! { Vec<#inner> }
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(api, inner, krate);
            quote! { ::std::collections::BTreeMap<String, #inner> }
        }
        TypeRef::Option(inner) => {
            let inner = rust_type(api, inner, krate);
            quote! { Option<#inner> }
        }
        TypeRef::Boxed(inner) => {
            let inner = rust_type(api, inner, krate);
            quote! { Box<#inner> }
        }
        TypeRef::Json => quote! { ::serde_json::Value },
    }
}

/// The test file.
pub fn file(api: &Api, krate: &str, features: &Features) -> TokenStream {
    let krate = ident(krate);
    // With tag features off, a row's type may be compiled out, and with it every use of a helper.
    let unused = features.is_on().then(|| quote! { #[allow(dead_code, reason = "with tag features off, no example may be left to check")] });
    let unused_import = features.is_on().then(|| quote! { #[allow(unused_imports, reason = "with tag features off, no example may be left to check")] });
    let (mut decodes, mut encodes, mut round_trips, mut uses_json, mut uses_types) = (false, false, false, false, false);
    let checks: Vec<TokenStream> = cases(api)
        .filter_map(|(label, ty, value)| {
            let json = serde_json::to_string(value).ok()?;
            let rust = rust_type(api, &ty, &krate);
            let dirs = directions(api, &ty);
            // Every check names the type but one that reports an example the type cannot hold.
            let named = names_a_type(&ty);
            let check = if dirs.received && dirs.sent {
                round_trips = true;
                uses_types |= named;
                quote! { round_trip::<#rust> }
            } else if dirs.received {
                decodes = true;
                uses_types |= named;
                quote! { decodes::<#rust> }
            } else {
                match example_value::build(api, &ty, value, &mut uses_json) {
                    Ok(built) => {
                        encodes = true;
                        uses_types |= named;
                        // A struct, enum or union value names its type; anything else (an alias of
                        // a list, say) is built from `.into()`s that need it named.
                        let typed = matches!(&ty, TypeRef::Named(i) if !matches!(api.types[*i].kind, crate::ir::TypeKind::Alias(_)));
                        if typed { quote! { |example| encodes(#built, example) } } else { quote! { |example| encodes::<#rust>(#built, example) } }
                    }
                    Err(why) => {
                        let message = format!("the example does not fit the type: {why}");
                        quote! { |_| Err(#message.into()) }
                    }
                }
            };
            let cfg = features.typeref_attr(&ty);
            Some(quote! { #cfg (#label, #json, #check), })
        })
        .collect();
    let same = (encodes || round_trips).then(|| same_fn(&unused));
    let import = uses_types.then(|| quote! { #unused_import use #krate::types; });
    let json = uses_json.then(|| {
        quote! {
            /// A free-form JSON value of an example.
            #unused
            fn json(text: &str) -> ::serde_json::Value {
                ::serde_json::from_str(text).expect("the generator embeds valid JSON")
            }
        }
    });
    let decodes = decodes.then(|| {
        quote! {
            /// A received type decodes the example and knows every key of it.
            #unused
            fn decodes<T: ::serde::de::DeserializeOwned>(json: &str) -> Result<(), String> {
                let mut ignored = Vec::new();
                let decoded: Result<T, _> = ::serde_ignored::deserialize(&mut ::serde_json::Deserializer::from_str(json), |path| ignored.push(path.to_string()));
                match decoded {
                    Err(e) => Err(format!("does not decode: {e}")),
                    Ok(_) if !ignored.is_empty() => Err(format!("keys the type does not know: {}", ignored.join(", "))),
                    Ok(_) => Ok(()),
                }
            }
        }
    });
    let encodes = encodes.then(|| {
        quote! {
            /// A sent type, built from the example, serialises to it.
            #unused
            fn encodes<T: ::serde::Serialize>(value: T, json: &str) -> Result<(), String> {
                let expected: ::serde_json::Value = ::serde_json::from_str(json).expect("the generator embeds valid JSON");
                let actual = ::serde_json::to_value(&value).expect("generated types serialise");
                if same(&expected, &actual) { Ok(()) } else { Err(format!("encodes differently\n  expected {expected}\n  got      {actual}")) }
            }
        }
    });
    let round_trips = round_trips.then(|| {
        quote! {
            /// A type used both ways decodes the example and encodes back to it.
            #unused
            fn round_trip<T: ::serde::de::DeserializeOwned + ::serde::Serialize>(json: &str) -> Result<(), String> {
                let expected: ::serde_json::Value = ::serde_json::from_str(json).expect("the generator embeds valid JSON");
                let value = ::serde_json::from_value::<T>(expected.clone()).map_err(|e| format!("does not decode: {e}"))?;
                let actual = ::serde_json::to_value(&value).expect("generated types serialise");
                if same(&expected, &actual) { Ok(()) } else { Err(format!("round trip changed the value\n  expected {expected}\n  got      {actual}")) }
            }
        }
    });
    quote! {
        //! Every `example` of the spec, checked in the direction its type crosses the wire: a
        //! type the client receives decodes it (knowing every key), one it sends serialises to it
        //! (built from the example with its constructor and setters), and one used both ways
        //! round-trips. Lenient forms the types accept, such as `"true"` for `true`, are equal.

        #import

        #same
        #json
        #decodes
        #encodes
        #round_trips

        /// The check of one example's JSON in its type's direction.
        type Check = fn(&str) -> Result<(), String>;

        /// Each example: where the spec gives it, its JSON, and its check.
        const EXAMPLES: &[(&str, &str, Check)] = &[
            #(#checks)*
        ];

        #[test]
        fn every_spec_example_matches_its_type() {
            let failures: Vec<String> = EXAMPLES.iter().filter_map(|(name, json, check)| check(json).err().map(|e| format!("{name}: {e}"))).collect();
            assert!(failures.is_empty(), "{}", failures.join("\n"));
        }
    }
}

/// JSON equality up to what the types legitimately change: absent for `null`, lenient scalars,
/// joined lists, date-time layouts.
fn same_fn(unused: &Option<TokenStream>) -> TokenStream {
    quote! {
        #unused
        fn same(expected: &::serde_json::Value, actual: &::serde_json::Value) -> bool {
            use ::serde_json::Value;
            match (expected, actual) {
                (Value::Object(e), Value::Object(a)) => {
                    e.iter().all(|(k, v)| match a.get(k) {
                        Some(av) => same(v, av),
                        None => v.is_null() || v.as_str().is_some_and(str::is_empty),
                    }) && a.iter().all(|(k, v)| e.contains_key(k) || v.is_null())
                }
                (Value::Array(e), Value::Array(a)) => e.len() == a.len() && e.iter().zip(a).all(|(x, y)| same(x, y)),
                (Value::String(s), Value::Array(a)) => {
                    let joined: Vec<String> = a.iter().map(|v| v.as_str().map(str::to_owned).unwrap_or_else(|| v.to_string())).collect();
                    [";", ",", "|", " "].iter().any(|d| joined.join(d) == *s)
                }
                (Value::String(s), other) if !other.is_string() => s == &other.to_string() || s.eq_ignore_ascii_case(&other.to_string()),
                (Value::Number(n), Value::String(s)) => n.to_string() == *s,
                (Value::String(s), Value::String(t)) => s == t || s.replace('T', " ").trim_end_matches('Z') == t.replace('T', " ").trim_end_matches('Z'),
                (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
                (e, a) => e == a,
            }
        }
    }
}
