//! The front end before [`crate::check`]: reads the version a document declares and turns a
//! Swagger 2.0 ([`swagger2`]) or OpenAPI 3.1 ([`openapi31`]) document, as a JSON value, into an
//! OpenAPI 3.0 one, so that one typed model (openapiv3) is all that lowering ever reads.
//!
//! A converter moves things around (`definitions` become `components/schemas`, a body
//! parameter becomes `requestBody`, ...), so each one records in a [`PointerMap`] where every
//! moved piece came from. Every diagnostic found later (the check, deserialising, lowering)
//! points into the converted document; [`PointerMap::original`] maps it back, so the user is
//! told a pointer and a line of the document they wrote.

pub mod openapi31;
pub mod pointer_map;
pub mod swagger2;

use crate::diagnostics::{Diagnostic, Diagnostics};
pub use pointer_map::PointerMap;
use serde_json::Value;

/// The versions the generator reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// Swagger 2.0.
    Swagger2,
    /// OpenAPI 3.0.x: read as it is.
    OpenApi30,
    /// OpenAPI 3.1.x.
    OpenApi31,
}

/// A document in the 3.0 form, with the way back to the original.
#[derive(Debug, Clone)]
pub struct Converted {
    /// The OpenAPI 3.0 document.
    pub value: Value,
    /// Converted pointer -> original pointer.
    pub map: PointerMap,
    /// What the conversion could not carry over (pointers into the ORIGINAL document).
    pub diags: Diagnostics,
    /// The version the document declared.
    pub version: Version,
}

/// The declared version; a located error for anything that is neither 2.0 nor 3.0 / 3.1.
pub fn version(value: &Value) -> Result<Version, Diagnostic> {
    let text = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    if let Some(declared) = value.get("openapi") {
        return match text(declared) {
            Some(v) if v.starts_with("3.0") => Ok(Version::OpenApi30),
            Some(v) if v.starts_with("3.1") => Ok(Version::OpenApi31),
            Some(v) => Err(Diagnostic::error(
                "#/openapi",
                format!("OpenAPI version `{v}` is not supported"),
                "this generator reads Swagger 2.0 and OpenAPI 3.0.x and 3.1.x documents",
            )),
            None => Err(Diagnostic::error(
                "#/openapi",
                "`openapi` is not a version string",
                "write the version as a string, e.g. `openapi: 3.0.3`",
            )),
        };
    }
    if let Some(declared) = value.get("swagger") {
        return match text(declared) {
            Some(v) if v == "2.0" || v == "2" => Ok(Version::Swagger2),
            Some(v) => Err(Diagnostic::error(
                "#/swagger",
                format!("Swagger version `{v}` is not supported"),
                "the only Swagger version is `2.0`; later versions are OpenAPI 3.x (`openapi: 3.0.3`)",
            )),
            None => Err(Diagnostic::error(
                "#/swagger",
                "`swagger` is not a version string",
                "write `swagger: \"2.0\"`",
            )),
        };
    }
    // No version at all: read it as 3.0 and let the check report the missing field.
    Ok(Version::OpenApi30)
}

/// Turns the document into the 3.0 form.
pub fn convert(value: Value) -> Result<Converted, Diagnostics> {
    let version = version(&value).map_err(|d| {
        let mut diags = Diagnostics::default();
        diags.push(d);
        diags
    })?;
    Ok(match version {
        Version::OpenApi30 => Converted {
            value,
            map: PointerMap::default(),
            diags: Diagnostics::default(),
            version,
        },
        Version::OpenApi31 => {
            let (value, map, diags) = openapi31::convert(value);
            Converted {
                value,
                map,
                diags,
                version,
            }
        }
        Version::Swagger2 => {
            let (value, map, diags) = swagger2::convert(value);
            Converted {
                value,
                map,
                diags,
                version,
            }
        }
    })
}

/// Rewrites every `$ref` string in `value` whose target starts with one of `from` to `to`.
pub(crate) fn rewrite_refs(value: &mut Value, rewrite: &dyn Fn(&str) -> Option<String>) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get_mut("$ref") {
                    if let Some(new) = rewrite(target) {
                        *target = new;
                    }
                }
                stack.extend(map.values_mut());
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn versions_are_dispatched() {
        assert_eq!(version(&json!({"swagger": "2.0"})), Ok(Version::Swagger2));
        assert_eq!(
            version(&json!({"openapi": "3.1.0"})),
            Ok(Version::OpenApi31)
        );
        assert_eq!(
            version(&json!({"openapi": "3.0.3"})),
            Ok(Version::OpenApi30)
        );
        assert_eq!(
            version(&json!({"openapi": "4.0.0"})).map_err(|d| d.pointer),
            Err("#/openapi".to_owned())
        );
        assert_eq!(
            version(&json!({"swagger": "1.2"})).map_err(|d| d.pointer),
            Err("#/swagger".to_owned())
        );
    }
}
