//! Rust expressions that build a value from a spec example, for types the client only sends:
//! they have no `Deserialize`, so the examples test builds the value with the public API
//! (`new`, `with_*`, `From<&str>`, variants) and checks what it serialises to. The expressions
//! sit where their type is known (arguments, setters), so `"text".into()` and plain literals do.
//!
//! Each expression is an [`Expr`] tree, which `tests/examples.rs` writes in prettyplease's layout.

use super::expr::Expr;
use super::text::string_lit;
use crate::ir::{Api, Field, Lenient, Prim, TypeKind, TypeRef};
use proc_macro2::Literal;
use serde_json::Value;

/// Aliases and nesting deeper than this are not followed (only a loop of aliases gets there).
const MAX_DEPTH: usize = 64;

/// An expression of type `ty` equal to `value`, or why the example does not fit the type.
/// Named types are written `types::Name` (the test imports the module); `json(text)` is the
/// test's helper for free-form values, and `uses_json` is set when the expression calls it.
pub fn build(api: &Api, ty: &TypeRef, value: &Value, uses_json: &mut bool) -> Result<Expr, String> {
    let builder = Builder { api, uses_json: std::cell::Cell::new(false) };
    let built = builder.value(ty, value, &Lenient::None, 0)?;
    *uses_json |= builder.uses_json.get();
    Ok(built)
}

struct Builder<'a> {
    api: &'a Api,
    uses_json: std::cell::Cell<bool>,
}

impl Builder<'_> {
    fn json(&self, value: &Value) -> Expr {
        self.uses_json.set(true);
        call("json", vec![Expr::Atom(string_lit(&value.to_string()))])
    }
}

impl Builder<'_> {
    fn value(&self, ty: &TypeRef, value: &Value, lenient: &Lenient, depth: usize) -> Result<Expr, String> {
        if depth > MAX_DEPTH {
            return Err("the type nests too deep".into());
        }
        match ty {
            TypeRef::Prim(p) => self.prim(*p, value),
            TypeRef::Json => Ok(self.json(value)),
            TypeRef::Option(inner) => match value {
                Value::Null => Ok(Expr::Atom("::std::option::Option::None".to_owned())),
                other => Ok(call("::std::option::Option::Some", vec![self.value(inner, other, lenient, depth + 1)?])),
            },
            TypeRef::Boxed(inner) => Ok(call("::std::boxed::Box::new", vec![self.value(inner, value, lenient, depth + 1)?])),
            TypeRef::Vec(item) => {
                let items: Vec<Value> = match (value, lenient) {
                    (Value::Array(items), _) => items.clone(),
                    // A list the server may also send joined; the example may show either form.
                    (Value::String(joined), Lenient::Delimited(d)) => joined.split(d.as_str()).map(|s| Value::String(s.to_owned())).collect(),
                    _ => return Err(format!("expected an array, found {value}")),
                };
                let items = items.iter().map(|v| self.value(item, v, &Lenient::None, depth + 1)).collect::<Result<Vec<_>, _>>()?;
                Ok(Expr::Vec(items))
            }
            TypeRef::Map(inner) => {
                let Value::Object(map) = value else { return Err(format!("expected an object, found {value}")) };
                let entries = map
                    .iter()
                    .map(|(k, v)| self.value(inner, v, lenient, depth + 1).map(|v| Expr::Tuple(vec![into(string_lit(k)), v])))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(call("::std::collections::BTreeMap::from", vec![Expr::Array(entries)]))
            }
            TypeRef::Named(i) => self.named(*i, value, lenient, depth),
        }
    }

    fn named(&self, index: usize, value: &Value, lenient: &Lenient, depth: usize) -> Result<Expr, String> {
        let def = &self.api.types[index];
        let path = format!("types::{}", def.name);
        match &def.kind {
            TypeKind::Alias(target) => self.value(target, value, lenient, depth + 1),
            TypeKind::StringEnum(_) => match value {
                Value::String(s) => Ok(call(&format!("{path}::from"), vec![Expr::Atom(string_lit(s))])),
                other => Err(format!("`{}` expects a string, found {other}", def.name)),
            },
            TypeKind::IntEnum(_) => {
                let code = integer(value).map(int_literal).ok_or_else(|| format!("`{}` expects an integer, found {value}", def.name))?;
                Ok(call(&path, vec![code]))
            }
            TypeKind::Union(u) => {
                // The first variant the example fits, as an untagged decoder would choose; the
                // discriminator's tag picks it when there is one.
                let tagged = u.discriminator.as_ref().and_then(|(property, mapping)| {
                    let tag = match value.get(property)? {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    mapping.get(&tag).copied()
                });
                let candidates: Vec<usize> = match tagged {
                    Some(i) => vec![i],
                    None if u.discriminator.is_some() => Vec::new(),
                    None => (0..u.variants.len()).collect(),
                };
                for i in candidates {
                    let Some(variant) = u.variants.get(i) else { continue };
                    if let Ok(inner) = self.value(&variant.ty, value, lenient, depth + 1) {
                        return Ok(call(&format!("{path}::{}", variant.name), vec![inner]));
                    }
                }
                Ok(call(&format!("{path}::Other"), vec![self.json(value)]))
            }
            TypeKind::Struct(s) => {
                let Value::Object(map) = value else { return Err(format!("`{}` expects an object, found {value}", def.name)) };
                let mut args = Vec::new();
                let mut setters = Vec::new();
                let mut steps = Vec::new();
                for f in &s.fields {
                    let given = map.get(&f.wire_name);
                    if f.required && !f.nullable {
                        let given = given.ok_or_else(|| format!("`{}` lacks its required `{}`", def.name, f.wire_name))?;
                        args.push(self.value(&f.ty, given, &f.lenient, depth + 1)?);
                    } else if let Some(given) = given {
                        match self.optional(f, given, depth)? {
                            Set::Setter(method, arg) => setters.push((method, vec![arg])),
                            Set::Statement(statement) => steps.push(statement),
                            Set::Nothing => {}
                        }
                    }
                }
                if let Some((field, ty)) = &s.additional {
                    for (key, v) in map.iter().filter(|(k, _)| !s.fields.iter().any(|f| &f.wire_name == *k)) {
                        let v = self.value(ty, v, &Lenient::None, depth + 1)?;
                        steps.push(format!("value.{field}.insert({}.into(), {});", string_lit(key), v.flat()));
                    }
                }
                let new = call(&format!("{path}::new"), args);
                let new = if setters.is_empty() { new } else { Expr::Chain(Box::new(new), setters) };
                if steps.is_empty() {
                    Ok(new)
                } else {
                    Ok(Expr::Block(format!("{{ let mut value = {}; {} value }}", new.flat(), steps.join(" "))))
                }
            }
        }
    }

    /// How an optional or nullable field the example gives is set: its setter for a value,
    /// `Some(None)` for the explicit `null` of an optional nullable field, else nothing.
    fn optional(&self, f: &Field, given: &Value, depth: usize) -> Result<Set, String> {
        let fname = &f.rust_name;
        let double = !f.required && f.nullable && f.lenient == Lenient::None && !matches!(super::typeref::resolve(self.api, &f.ty), TypeRef::Prim(Prim::NaiveDateTime));
        if given.is_null() {
            return Ok(if double { Set::Statement(format!("value.{fname} = Some(None);")) } else { Set::Nothing });
        }
        let v = self.value(&f.ty, given, &f.lenient, depth + 1)?;
        Ok(Set::Setter(format!("with_{}", fname.trim_start_matches("r#")), v))
    }

    fn prim(&self, p: Prim, value: &Value) -> Result<Expr, String> {
        let text = match value {
            Value::String(s) => Some(s.clone()),
            Value::Number(_) | Value::Bool(_) => Some(value.to_string()),
            _ => None,
        };
        let mismatch = || format!("expected {p:?}, found {value}");
        let parsed = |what: &str| {
            // chrono's `FromStr` layouts: `T` between date and time.
            let s = value.as_str().ok_or_else(mismatch)?.replacen(' ', "T", 1);
            let s = if p == Prim::NaiveDateTime { s.trim_end_matches('Z').to_owned() } else { s };
            let expect = Expr::Atom(string_lit(&format!("the example's {what}")));
            Ok(Expr::Chain(Box::new(Expr::Atom(string_lit(&s))), vec![("parse".to_owned(), vec![]), ("expect".to_owned(), vec![expect])]))
        };
        match p {
            Prim::String | Prim::Secret => text.map(|s| into(string_lit(&s))).ok_or_else(mismatch),
            Prim::Bool => match value {
                Value::Bool(b) => Ok(Expr::Atom(b.to_string())),
                Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(Expr::Atom("true".to_owned())),
                Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(Expr::Atom("false".to_owned())),
                _ => Err(mismatch()),
            },
            Prim::I32 => integer(value).filter(|n| i32::try_from(*n).is_ok()).map(int_literal).ok_or_else(mismatch),
            Prim::I64 => integer(value).map(int_literal).ok_or_else(mismatch),
            Prim::F32 | Prim::F64 => {
                let n = value.as_f64().or_else(|| value.as_str().and_then(|s| s.parse::<f64>().ok())).filter(|n| n.is_finite()).ok_or_else(mismatch)?;
                if p == Prim::F32 && !(n as f32).is_finite() {
                    return Err(mismatch());
                }
                let literal = Literal::f64_unsuffixed(n.abs()).to_string();
                Ok(if n < 0.0 { Expr::Neg(literal) } else { Expr::Atom(literal) })
            }
            Prim::Date => parsed("date"),
            Prim::DateTime | Prim::NaiveDateTime => parsed("date-time"),
            Prim::Bytes => Err("binary values have no JSON example".into()),
        }
    }
}

/// How one optional field of an example is set.
enum Set {
    /// A `.with_*(value)` call chained after `new`: the method and its argument.
    Setter(String, Expr),
    /// A statement on the built `value`.
    Statement(String),
    /// Nothing: the field stays unset.
    Nothing,
}

/// An unsuffixed integer literal; a negative one as `-` and the magnitude, the tokens Rust has.
fn int_literal(n: i64) -> Expr {
    let magnitude = n.unsigned_abs().to_string();
    if n < 0 { Expr::Neg(magnitude) } else { Expr::Atom(magnitude) }
}

/// `func(args)`.
fn call(func: &str, args: Vec<Expr>) -> Expr {
    Expr::Call(func.to_owned(), args)
}

/// `literal.into()`.
fn into(literal: String) -> Expr {
    Expr::Chain(Box::new(Expr::Atom(literal)), vec![("into".to_owned(), vec![])])
}

/// An integer, or the numeric string lenient servers send for one.
fn integer(value: &Value) -> Option<i64> {
    value.as_i64().or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
}
