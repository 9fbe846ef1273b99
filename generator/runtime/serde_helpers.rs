//! Field-level serde helpers: lenient scalars (`"true"`, `"42"`), lists sent as joined
//! strings, Optimove-style `YYYY-MM-DD HH:MM:SS` timestamps, and optional-nullable fields.

use serde::de::{self, Deserialize, Deserializer};
use serde::{Serialize, Serializer};

/// The `naive-date-time` wire layout.
pub const NAIVE_DATE_TIME: &str = "%Y-%m-%d %H:%M:%S";

/// Values that accept their string (or number) form as well as their own JSON type.
pub trait Lenient: Sized {
    /// Converts any JSON scalar into `Self`, or says why not.
    fn from_json(value: serde_json::Value) -> Result<Self, String>;
}

impl Lenient for bool {
    fn from_json(value: serde_json::Value) -> Result<Self, String> {
        match value {
            serde_json::Value::Bool(b) => Ok(b),
            serde_json::Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" => Ok(true),
                "false" | "0" => Ok(false),
                other => Err(format!("expected a boolean or \"true\"/\"false\", found \"{other}\"")),
            },
            serde_json::Value::Number(n) if n.as_i64() == Some(0) || n.as_i64() == Some(1) => Ok(n.as_i64() == Some(1)),
            other => Err(format!("expected a boolean, found {other}")),
        }
    }
}

macro_rules! lenient_number {
    ($($t:ty),*) => {$(
        impl Lenient for $t {
            fn from_json(value: serde_json::Value) -> Result<Self, String> {
                match value {
                    serde_json::Value::Number(n) => serde_json::from_value(serde_json::Value::Number(n)).map_err(|e| e.to_string()),
                    serde_json::Value::String(s) => s.trim().parse::<$t>().map_err(|e| format!("expected a number, found \"{s}\": {e}")),
                    other => Err(format!("expected a number, found {other}")),
                }
            }
        }
    )*};
}
lenient_number!(i32, i64, f32, f64);

impl Lenient for String {
    fn from_json(value: serde_json::Value) -> Result<Self, String> {
        match value {
            serde_json::Value::String(s) => Ok(s),
            serde_json::Value::Number(n) => Ok(n.to_string()),
            serde_json::Value::Bool(b) => Ok(b.to_string()),
            other => Err(format!("expected a string or number, found {other}")),
        }
    }
}

/// Deserialises a required lenient field.
pub fn lenient<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<T, D::Error> {
    let value = serde_json::Value::deserialize(deserializer)?;
    T::from_json(value).map_err(de::Error::custom)
}

/// Deserialises an optional (or nullable) lenient field; `null` is `None`.
pub fn lenient_option<'de, D: Deserializer<'de>, T: Lenient>(deserializer: D) -> Result<Option<T>, D::Error> {
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Null => Ok(None),
        value => T::from_json(value).map(Some).map_err(de::Error::custom),
    }
}

fn split_list(value: serde_json::Value, delimiter: char) -> Result<Vec<String>, String> {
    match value {
        serde_json::Value::Array(items) => items.into_iter().map(String::from_json).collect(),
        serde_json::Value::String(s) if s.is_empty() => Ok(Vec::new()),
        serde_json::Value::String(s) => Ok(s.split(delimiter).map(str::to_owned).collect()),
        other => Err(format!("expected a list or a delimited string, found {other}")),
    }
}

/// Deserialises a list sent as a JSON array or as one string joined by `D`.
pub fn delimited<'de, const D: char, De: Deserializer<'de>>(deserializer: De) -> Result<Vec<String>, De::Error> {
    split_list(serde_json::Value::deserialize(deserializer)?, D).map_err(de::Error::custom)
}

/// Optional form of [`delimited`].
pub fn delimited_option<'de, const D: char, De: Deserializer<'de>>(deserializer: De) -> Result<Option<Vec<String>>, De::Error> {
    match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Null => Ok(None),
        value => split_list(value, D).map(Some).map_err(de::Error::custom),
    }
}

fn parse_naive(s: &str) -> Result<chrono::NaiveDateTime, String> {
    let trimmed = s.trim().trim_end_matches('Z');
    for layout in ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = chrono::NaiveDateTime::parse_from_str(trimmed, layout) {
            return Ok(t);
        }
    }
    chrono::NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
        .map(|d| d.and_time(chrono::NaiveTime::MIN))
        .map_err(|_| format!("expected a date-time like 2018-10-27 09:33:00, found \"{s}\""))
}

/// `YYYY-MM-DD HH:MM:SS` timestamps (also accepting a `T` separator, fractions and a trailing `Z`).
pub mod naive_date_time {
    use super::*;

    /// Serialises as `YYYY-MM-DD HH:MM:SS`.
    pub fn serialize<S: Serializer>(value: &chrono::NaiveDateTime, serializer: S) -> Result<S::Ok, S::Error> {
        value.format(NAIVE_DATE_TIME).to_string().serialize(serializer)
    }

    /// Parses the layouts servers are known to send.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<chrono::NaiveDateTime, D::Error> {
        let s = String::deserialize(deserializer)?;
        parse_naive(&s).map_err(de::Error::custom)
    }
}

/// Optional form of [`naive_date_time`]; `null` and `""` are `None`.
pub mod naive_date_time_option {
    use super::*;

    /// Serialises as `YYYY-MM-DD HH:MM:SS` or `null`.
    pub fn serialize<S: Serializer>(value: &Option<chrono::NaiveDateTime>, serializer: S) -> Result<S::Ok, S::Error> {
        value.map(|v| v.format(NAIVE_DATE_TIME).to_string()).serialize(serializer)
    }

    /// Parses the layouts servers are known to send.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<chrono::NaiveDateTime>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            None => Ok(None),
            Some(s) if s.trim().is_empty() => Ok(None),
            Some(s) => parse_naive(&s).map(Some).map_err(de::Error::custom),
        }
    }
}

/// For fields that are optional and nullable: absent is `None`, `null` is `Some(None)`.
pub fn double_option<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_scalars() {
        assert_eq!(bool::from_json(serde_json::json!("false")), Ok(false));
        assert_eq!(i64::from_json(serde_json::json!("42")), Ok(42));
        assert_eq!(String::from_json(serde_json::json!(7)), Ok("7".to_owned()));
        assert!(bool::from_json(serde_json::json!("maybe")).is_err());
    }

    #[test]
    fn naive_layouts() {
        assert!(parse_naive("2018-10-27 09:33:00").is_ok());
        assert!(parse_naive("2018-10-27T09:33:00.123Z").is_ok());
        assert!(parse_naive("yesterday").is_err());
    }
}
