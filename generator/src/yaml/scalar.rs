//! One YAML scalar -> its JSON value, resolved the way serde_yaml 0.9 resolves it into a
//! `serde_yaml::Value` (the YAML 1.2 core schema as that crate spells it), so documents read
//! exactly as they did when serde_yaml read them.

use libyaml_safer::ScalarStyle;
use serde_json::Value;

const NULL_TAG: &str = "tag:yaml.org,2002:null";
const BOOL_TAG: &str = "tag:yaml.org,2002:bool";
const INT_TAG: &str = "tag:yaml.org,2002:int";
const FLOAT_TAG: &str = "tag:yaml.org,2002:float";

/// What kind of YAML value a resolved scalar was: two mapping keys are the same key only when
/// both their text and their kind agree (`1` and `"1"` are two keys in YAML, one in JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    /// A string (also what unknown `!!` tags and quoted scalars give).
    Str,
    /// `null`, `~`, empty.
    Null,
    /// `true` / `false` in their spellings.
    Bool,
    /// An integer or a float.
    Number,
    /// A local tag (`!name`) over a string: a key whose text is the string.
    Tagged(Box<str>),
    /// A local tag over anything else: not a key serde_yaml's conversion accepted.
    TaggedOther,
}

/// A resolved scalar: its JSON value and its kind.
pub(super) struct Resolved {
    pub value: Value,
    pub kind: Kind,
}

/// Resolves `text` (the scalar's content) given its `tag` (as libyaml reports it: `!!int` is
/// `tag:yaml.org,2002:int`, a local tag keeps its `!`) and `style`. An error is a message.
pub(super) fn resolve(text: String, tag: Option<String>, style: ScalarStyle) -> Result<Resolved, String> {
    match tag {
        // serde_yaml turns a tag that starts with `!` (a local tag, or `!` alone) into a
        // `Tagged` value whose content is resolved as if untagged; the conversion to JSON then
        // drops the tag, so `!foo 5` is 5 and `!foo "5"` is "5".
        Some(tag) if tag.starts_with('!') => {
            let inner = untagged(text, style)?;
            let kind = if inner.kind == Kind::Str { Kind::Tagged(tag.into_boxed_str()) } else { Kind::TaggedOther };
            Ok(Resolved { value: inner.value, kind })
        }
        Some(tag) => explicit(text, &tag),
        None => untagged(text, style),
    }
}

/// A scalar under a `tag:yaml.org,2002:` (or other verbatim) tag: the four core tags are
/// checked, every other tag (`!!str`, `!!binary`, ...) gives the text as a string.
fn explicit(text: String, tag: &str) -> Result<Resolved, String> {
    let invalid = |what: &str, text: &str| format!("invalid value: string {text:?}, expected {what}");
    match tag {
        BOOL_TAG => parse_bool(&text).map(|b| Resolved { value: Value::Bool(b), kind: Kind::Bool }).ok_or_else(|| invalid("a boolean", &text)),
        INT_TAG => match int(&text) {
            Some(Ok(value)) => Ok(Resolved { value, kind: Kind::Number }),
            Some(Err(message)) => Err(message),
            None => Err(invalid("an integer", &text)),
        },
        FLOAT_TAG => parse_f64(&text).map(|f| Resolved { value: float(f), kind: Kind::Number }).ok_or_else(|| invalid("a float", &text)),
        NULL_TAG => if is_null(&text) { Ok(Resolved { value: Value::Null, kind: Kind::Null }) } else { Err(invalid("null", &text)) },
        _ => Ok(Resolved { value: Value::String(text), kind: Kind::Str }),
    }
}

/// A scalar without a tag: only a plain one is resolved; a quoted or block scalar is a string.
fn untagged(text: String, style: ScalarStyle) -> Result<Resolved, String> {
    if style != ScalarStyle::Plain {
        return Ok(Resolved { value: Value::String(text), kind: Kind::Str });
    }
    if text.is_empty() || is_null(&text) {
        return Ok(Resolved { value: Value::Null, kind: Kind::Null });
    }
    if let Some(b) = parse_bool(&text) {
        return Ok(Resolved { value: Value::Bool(b), kind: Kind::Bool });
    }
    // Only a scalar that starts like a number can be one: most plain scalars are words, and
    // this keeps them from running through every radix parse.
    if text.bytes().next().is_some_and(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.')) {
        if let Some(result) = int(&text) {
            return result.map(|value| Resolved { value, kind: Kind::Number });
        }
        if !digits_but_not_number(&text) {
            if let Some(f) = parse_f64(&text) {
                return Ok(Resolved { value: float(f), kind: Kind::Number });
            }
        }
    }
    Ok(Resolved { value: Value::String(text), kind: Kind::Str })
}

/// A float as today's conversion gave it: a JSON number, or (`.inf`, `.nan`, which JSON lacks)
/// the text serde_yaml prints for it.
fn float(f: f64) -> Value {
    serde_json::Number::from_f64(f).map(Value::Number).unwrap_or_else(|| {
        Value::String(
            if f.is_nan() {
                ".nan"
            } else if f.is_sign_negative() {
                "-.inf"
            } else {
                ".inf"
            }
            .to_owned(),
        )
    })
}

/// An integer in serde_yaml's order (u64, then negative i64); `Some(Err)` for one that only
/// fits 128 bits, which serde_yaml's `Value` refuses; `None` if the text is no integer.
fn int(text: &str) -> Option<Result<Value, String>> {
    if let Some(u) = parse_unsigned_int(text, u64::from_str_radix) {
        return Some(Ok(Value::from(u)));
    }
    if let Some(i) = parse_negative_int(text, i64::from_str_radix) {
        return Some(Ok(Value::from(i)));
    }
    if let Some(u) = parse_unsigned_int(text, u128::from_str_radix) {
        return Some(Err(format!("invalid type: integer `{u}` as u128, expected any YAML value")));
    }
    if let Some(i) = parse_negative_int(text, i128::from_str_radix) {
        return Some(Err(format!("invalid type: integer `{i}` as i128, expected any YAML value")));
    }
    None
}

fn is_null(text: &str) -> bool {
    matches!(text, "null" | "Null" | "NULL" | "~")
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

fn parse_unsigned_int<T>(text: &str, from_str_radix: Radix<T>) -> Option<T> {
    let unpositive = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(int) = from_str_radix(rest, radix) {
                return Some(int);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(text) {
        return None;
    }
    from_str_radix(unpositive, 10).ok()
}

fn parse_negative_int<T>(text: &str, from_str_radix: Radix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = text.strip_prefix(prefix) {
            if let Ok(int) = from_str_radix(&format!("-{rest}"), radix) {
                return Some(int);
            }
        }
    }
    if digits_but_not_number(text) {
        return None;
    }
    from_str_radix(text, 10).ok()
}

fn parse_f64(text: &str) -> Option<f64> {
    let unpositive = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    if matches!(unpositive, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(text, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    unpositive.parse::<f64>().ok().filter(|f| f.is_finite())
}

/// Leading zeros before digits make a string in YAML 1.2 (`007` is no number).
fn digits_but_not_number(text: &str) -> bool {
    let text = text.strip_prefix(['-', '+']).unwrap_or(text);
    text.len() > 1 && text.starts_with('0') && text[1..].bytes().all(|b| b.is_ascii_digit())
}
