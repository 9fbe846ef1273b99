//! The checked JSON value -> `openapiv3::OpenAPI`, with the path items in a map of their size:
//! [`owned`] consumes the value (the fast path), [`document`] borrows it and says where a problem is.
//!
//! openapiv3 reads `paths` through a flattened map that grows by doubling, and each of its slots
//! holds a whole `PathItem` inline (eight operations, about 8.6 KiB): at 1 000 paths 792 empty
//! slots were 6.6 MiB, the step that made peak heap grow faster than the document (the peak of
//! `parse_document` is this value and the JSON one together). So the items are read one by one
//! into a map made at its final size, and the rest of the document (the `x-` keys of `paths`
//! included) as before.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, PathItem, ReferenceOr};
use serde_json::Value;

/// Deserialises `value`; an error is the pointer of the problem and serde's message. `value`
/// is as it was on return (its `paths` are set aside only while the rest is read).
pub fn document(value: &mut Value) -> Result<OpenAPI, (String, serde_json::Error)> {
    let Some(Value::Object(paths)) = value.get_mut("paths") else {
        return whole(value);
    };
    // The rest of `paths` (extensions and keys openapiv3 ignores) stays for the whole read.
    let rest: serde_json::Map<String, Value> = paths.iter().filter(|(k, _)| !k.starts_with('/')).map(|(k, v)| (k.clone(), v.clone())).collect();
    let items = std::mem::replace(paths, rest);
    let result = whole(value).and_then(|mut doc| {
        let mut map = IndexMap::with_capacity(items.keys().filter(|k| k.starts_with('/')).count());
        for (key, item) in items.iter().filter(|(k, _)| k.starts_with('/')) {
            let item = tracked::<ReferenceOr<PathItem>>(item).map_err(|(inner, e)| {
                let base = crate::diagnostics::child("#/paths", key);
                (format!("{base}{}", inner.trim_start_matches('#')), e)
            })?;
            map.insert(key.clone(), item);
        }
        doc.paths.paths = map;
        Ok(doc)
    });
    if let Some(Value::Object(paths)) = value.get_mut("paths") {
        *paths = items;
    }
    result
}

/// Deserialises `value`, consuming it: strings move into the document instead of being copied,
/// and each part of the JSON tree is freed once it is read, so the JSON value and the document
/// are not both whole at the peak. `None` on any problem: the caller then rebuilds the value and
/// asks [`document`] where the problem is.
pub fn owned(mut value: Value) -> Option<OpenAPI> {
    use serde::Deserialize as _;
    let Some(Value::Object(paths)) = value.get_mut("paths") else {
        return OpenAPI::deserialize(value).ok();
    };
    // The path items are read one by one below; the rest of `paths` goes back for the whole read.
    let mut items = Vec::with_capacity(paths.len());
    for (key, item) in std::mem::take(paths) {
        if key.starts_with('/') {
            items.push((key, item));
        } else {
            paths.insert(key, item);
        }
    }
    let mut doc = OpenAPI::deserialize(value).ok()?;
    let mut map = IndexMap::with_capacity(items.len());
    for (key, item) in items {
        map.insert(key, ReferenceOr::<PathItem>::deserialize(item).ok()?);
    }
    doc.paths.paths = map;
    Some(doc)
}

fn whole(value: &Value) -> Result<OpenAPI, (String, serde_json::Error)> {
    tracked::<OpenAPI>(value)
}

/// Deserialises `value` into `T`; an error is the pointer of the problem (from `#`) and serde's
/// message. The plain deserialisation runs first and the path-tracking one only after it failed,
/// to say where: tracking every key and index made deserialising about a third slower, and a
/// checked document almost always deserialises (the generated runtime decodes the same way).
fn tracked<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, (String, serde_json::Error)> {
    match T::deserialize(value) {
        Ok(done) => Ok(done),
        Err(_) => serde_path_to_error::deserialize::<_, T>(value).map_err(|e| (crate::pointer_of(e.path()), e.into_inner())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(text: &str) -> Value {
        let value = crate::source::read(text).expect("reads");
        crate::check::check(crate::frontend::convert(value).expect("converts").value).value
    }

    #[test]
    fn the_owned_read_gives_the_borrowed_document() {
        // The project's own spec, and a document with `x-` keys beside its paths and a `$ref` path item.
        let extras = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  x-note: kept\n  /a: {$ref: '#/x-item'}\n  /b:\n    get:\n      responses: {'200': {description: ok}}\nx-item: {}\n";
        for text in [include_str!("../../spec/optimove.yaml"), extras] {
            let mut value = checked(text);
            let borrowed = document(&mut value).expect("deserialises");
            assert_eq!(value, checked(text), "the borrowed read leaves the value as it was");
            assert_eq!(owned(value), Some(borrowed));
        }
    }

    #[test]
    fn a_broken_document_fails_both_ways_and_the_borrowed_read_says_where() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: {'200': {description: [not, text]}}\n";
        let mut value = crate::source::read(text).expect("reads");
        assert_eq!(owned(value.clone()), None);
        let (pointer, _) = document(&mut value).expect_err("a list is no description");
        assert!(pointer.starts_with("#/paths/~1a"), "{pointer}");
    }
}
