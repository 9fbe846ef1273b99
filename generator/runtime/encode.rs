//! Turns parameter values into path segments, query pairs and header values, following the
//! spec's style for each parameter (exploded, delimited, deepObject).

use std::fmt::Write as _;

/// A parameter value, flattened for the wire.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// One value.
    Scalar(String),
    /// A list.
    List(Vec<String>),
    /// Key/value pairs of an object.
    Object(Vec<(String, String)>),
}

/// Values that can be parameters.
pub trait ToParam {
    /// The wire form.
    fn to_param(&self) -> ParamValue;
    /// Whether the value is a [`super::secret::Secret`], so a request's Debug output hides it.
    fn is_secret(&self) -> bool {
        false
    }
}

macro_rules! display_param {
    ($($t:ty),*) => {$(
        impl ToParam for $t {
            fn to_param(&self) -> ParamValue {
                ParamValue::Scalar(self.to_string())
            }
        }
    )*};
}
display_param!(String, str, bool, i32, i64, u32, u64, f32, f64, chrono::NaiveDate);

impl ToParam for chrono::NaiveDateTime {
    fn to_param(&self) -> ParamValue {
        ParamValue::Scalar(self.format(super::serde_helpers::NAIVE_DATE_TIME).to_string())
    }
}

impl ToParam for chrono::DateTime<chrono::FixedOffset> {
    fn to_param(&self) -> ParamValue {
        ParamValue::Scalar(self.to_rfc3339())
    }
}

impl ToParam for super::secret::Secret {
    fn to_param(&self) -> ParamValue {
        ParamValue::Scalar(self.expose().to_owned())
    }
    fn is_secret(&self) -> bool {
        true
    }
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> ParamValue {
        (**self).to_param()
    }
    fn is_secret(&self) -> bool {
        (**self).is_secret()
    }
}

impl<T: ToParam> ToParam for Vec<T> {
    fn to_param(&self) -> ParamValue {
        ParamValue::List(
            self.iter()
                .map(|v| match v.to_param() {
                    ParamValue::Scalar(s) => s,
                    other => flatten(other),
                })
                .collect(),
        )
    }
    fn is_secret(&self) -> bool {
        self.iter().any(ToParam::is_secret)
    }
}

fn flatten(value: ParamValue) -> String {
    match value {
        ParamValue::Scalar(s) => s,
        ParamValue::List(l) => l.join(","),
        ParamValue::Object(o) => o.into_iter().map(|(k, v)| format!("{k},{v}")).collect::<Vec<_>>().join(","),
    }
}

/// Any serialisable value (structs, unions, maps) through JSON.
pub fn from_serialize<T: serde::Serialize>(value: &T) -> Result<ParamValue, String> {
    let json = serde_json::to_value(value).map_err(|e| e.to_string())?;
    Ok(from_json(&json))
}

fn json_scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn from_json(value: &serde_json::Value) -> ParamValue {
    match value {
        serde_json::Value::Array(items) => ParamValue::List(items.iter().map(json_scalar).collect()),
        serde_json::Value::Object(map) => ParamValue::Object(map.iter().map(|(k, v)| (k.clone(), json_scalar(v))).collect()),
        other => ParamValue::Scalar(json_scalar(other)),
    }
}

/// How a query parameter is laid out.
#[derive(Debug, Clone, Copy)]
pub enum Style {
    /// `name=value`, lists repeated (`name=a&name=b`), objects as their own keys.
    Exploded,
    /// Lists joined by the delimiter; objects as `k<d>v<d>k<d>v`.
    Delimited(&'static str),
    /// `name[key]=value`.
    DeepObject,
}

/// Characters kept as they are in query names and values (RFC 3986 unreserved, plus `$`,
/// which OData-style names such as `$top` use).
fn keep_in_query(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'$')
}

/// Percent-encodes for a query component.
pub fn query_component(raw: &str) -> String {
    encode(raw, keep_in_query)
}

/// Percent-encodes one path segment (a `/` inside a value is encoded).
pub fn path_segment(raw: &str) -> String {
    encode(raw, |b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b':' | b'@'))
}

fn encode(raw: &str, keep: impl Fn(u8) -> bool) -> String {
    let mut out = String::with_capacity(raw.len());
    for &b in raw.as_bytes() {
        if keep(b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// Appends `name` with `value` to an encoded query string.
pub fn push_query(query: &mut String, name: &str, value: ParamValue, style: Style) {
    let mut pair = |k: &str, v: &str| {
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(&query_component(k));
        query.push('=');
        query.push_str(v);
    };
    match (value, style) {
        (ParamValue::Scalar(v), _) => pair(name, &query_component(&v)),
        (ParamValue::List(items), Style::Delimited(d)) => {
            // Each item is encoded on its own, so a delimiter inside an item stays distinguishable.
            let joined = items.iter().map(|v| query_component(v)).collect::<Vec<_>>().join(&query_component_delimiter(d));
            pair(name, &joined)
        }
        (ParamValue::List(items), Style::Exploded | Style::DeepObject) => items.iter().for_each(|v| pair(name, &query_component(v))),
        (ParamValue::Object(entries), Style::Exploded) => entries.iter().for_each(|(k, v)| pair(k, &query_component(v))),
        (ParamValue::Object(entries), Style::DeepObject) => entries.iter().for_each(|(k, v)| pair(&format!("{name}[{k}]"), &query_component(v))),
        (ParamValue::Object(entries), Style::Delimited(d)) => {
            let joined = entries.iter().flat_map(|(k, v)| [query_component(k), query_component(v)]).collect::<Vec<_>>().join(&query_component_delimiter(d));
            pair(name, &joined)
        }
    }
}

/// Delimiters travel literally where RFC 3986 allows it (`,` `;` `|`), a space as `%20`.
fn query_component_delimiter(d: &str) -> String {
    match d {
        "," | ";" | "|" | ":" => d.to_owned(),
        other => query_component(other),
    }
}

/// A value in `simple` style for paths and headers: lists and objects joined by commas.
pub fn simple(value: ParamValue) -> String {
    flatten(value)
}

/// Fills a path template's `{name}` with an encoded segment.
pub fn fill_path(template: &mut String, name: &str, value: ParamValue) {
    let encoded = match value {
        ParamValue::Scalar(s) => path_segment(&s),
        ParamValue::List(items) => items.iter().map(|s| path_segment(s)).collect::<Vec<_>>().join(","),
        ParamValue::Object(entries) => entries.iter().flat_map(|(k, v)| [path_segment(k), path_segment(v)]).collect::<Vec<_>>().join(","),
    };
    *template = template.replace(&format!("{{{name}}}"), &encoded);
}

/// Writes an object's fields as `application/x-www-form-urlencoded`.
pub fn push_form(form: &mut String, fields: ParamValue) {
    match fields {
        ParamValue::Object(entries) => entries.into_iter().for_each(|(k, v)| push_query(form, &k, ParamValue::Scalar(v), Style::Exploded)),
        other => push_query(form, "value", other, Style::Exploded),
    }
}

/// The text of a multipart field: strings as they are, other values as JSON.
pub fn part_text<T: serde::Serialize>(value: &T) -> Result<String, serde_json::Error> {
    Ok(match serde_json::to_value(value)? {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    })
}

/// True when the body's top-level `field` is present and not empty (an idempotency key).
pub fn has_key<T: serde::Serialize>(body: &T, field: &str) -> bool {
    match serde_json::to_value(body).ok().as_ref().and_then(|v| v.get(field)) {
        None | Some(serde_json::Value::Null) => false,
        Some(serde_json::Value::String(s)) => !s.trim().is_empty(),
        Some(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimited_lists_keep_literal_delimiter() {
        let mut q = String::new();
        push_query(&mut q, "CustomerAttributes", ParamValue::List(vec!["Alias".into(), "Country;X".into()]), Style::Delimited(";"));
        push_query(&mut q, "$top", ParamValue::Scalar("10".into()), Style::Exploded);
        assert_eq!(q, "CustomerAttributes=Alias;Country%3BX&$top=10");
    }
}
