//! The checked JSON value -> `openapiv3::OpenAPI`, with the path items in a map of their size.
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
