//! OpenAPI 3.1 -> the 3.0 model. Schemas: `type: [T, "null"]` -> nullable T, other type arrays
//! -> `oneOf`, `const` -> a one-value enum, `examples` -> `example`, numeric
//! `exclusiveMinimum`/`exclusiveMaximum`, `$ref` with sibling keywords -> an `allOf` wrapper,
//! `$defs` -> named components, `contentMediaType`/`contentEncoding` -> binary/base64 strings,
//! `prefixItems` -> a warning. Document: top-level `webhooks` -> the `x-oas31-webhooks` extension
//! lowering reads, `components/pathItems` inlined where referenced, `info.summary`,
//! `license.identifier`, `jsonSchemaDialect`, `$schema`, `$id` accepted. What 3.0 cannot say
//! is a warning at the original pointer, never dropped silently.

use super::{PointerMap, rewrite_refs};
use crate::diagnostics::{Diagnostic, Diagnostics, child, unescape_token};
use serde_json::{Map, Value, json};

/// JSON Schema 2020-12 keywords with no 3.0 form: dropped with a warning.
const UNSUPPORTED: &[&str] = &[
    "patternProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "propertyNames",
    "dependentRequired",
    "dependentSchemas",
    "if",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
    "$dynamicRef",
    "$dynamicAnchor",
    "$anchor",
    "$vocabulary",
];
/// Annotations that are accepted and carry nothing a client needs.
const ACCEPTED: &[&str] = &["$schema", "$id", "$comment"];

struct Converter {
    diags: Diagnostics,
    map: PointerMap,
    /// `$defs` hoisted to components: (converted name, schema, original pointer).
    hoisted: Vec<(String, Value, String)>,
    /// Original `$defs` pointer -> converted component ref.
    def_refs: Vec<(String, String)>,
}

/// Converts an OpenAPI 3.1 document (already known to declare `openapi: 3.1.x`).
pub fn convert(mut value: Value) -> (Value, PointerMap, Diagnostics) {
    let mut c = Converter {
        diags: Diagnostics::default(),
        map: PointerMap::default(),
        hoisted: Vec::new(),
        def_refs: Vec::new(),
    };
    let Some(root) = value.as_object_mut() else {
        return (value, c.map, c.diags);
    };
    root.insert("openapi".into(), json!("3.0.3"));
    root.remove("jsonSchemaDialect");
    root.remove("$schema");
    if !root.contains_key("paths") {
        root.insert("paths".into(), json!({}));
    }
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        // 3.0 has no short summary; it becomes the description when there is none.
        if let Some(summary) = info.remove("summary") {
            info.entry("description").or_insert(summary);
        }
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            if let Some(id) = license.remove("identifier") {
                if let Some(id) = id.as_str() {
                    license
                        .entry("url")
                        .or_insert_with(|| json!(format!("https://spdx.org/licenses/{id}.html")));
                }
            }
        }
    }
    c.path_item_refs(root);
    // Schemas everywhere: walk the whole tree, converting each value that sits in a schema slot.
    c.walk(&mut value, "#", Slot::Other);
    let root = value.as_object_mut().expect("checked above");
    if !c.hoisted.is_empty() {
        let components = root.entry("components").or_insert_with(|| json!({}));
        if let Some(components) = components.as_object_mut() {
            let schemas = components.entry("schemas").or_insert_with(|| json!({}));
            if let Some(schemas) = schemas.as_object_mut() {
                for (name, schema, origin) in std::mem::take(&mut c.hoisted) {
                    c.map.add(child("#/components/schemas", &name), origin);
                    schemas.insert(name, schema);
                }
            }
        }
        let refs = std::mem::take(&mut c.def_refs);
        rewrite_refs(&mut value, &|target| {
            refs.iter()
                .find(|(from, _)| from == target)
                .map(|(_, to)| to.clone())
        });
    }
    let root = value.as_object_mut().expect("checked above");
    if let Some(webhooks) = root.remove("webhooks") {
        // Lowering reads the payloads like an operation's callbacks: one callback per webhook.
        let mut callbacks = Map::new();
        for (name, item) in webhooks.as_object().into_iter().flatten() {
            c.map.add(
                child(&child("#/x-oas31-webhooks/callbacks", name), name),
                child("#/webhooks", name),
            );
            callbacks.insert(name.clone(), json!({ name.clone(): item }));
        }
        root.insert(
            "x-oas31-webhooks".into(),
            json!({ "responses": {}, "callbacks": callbacks }),
        );
    }
    (value, c.map, c.diags)
}

/// What a value is, for the walk.
#[derive(Clone, Copy, PartialEq)]
enum Slot {
    Schema,
    /// A map of names to schemas (`properties`, `components/schemas`, `$defs`).
    SchemaMap,
    Other,
}

impl Converter {
    /// `$ref: '#/components/pathItems/X'` under `paths` and `webhooks` is replaced by the item.
    fn path_item_refs(&mut self, root: &mut Map<String, Value>) {
        let items = root
            .get_mut("components")
            .and_then(Value::as_object_mut)
            .and_then(|c| c.remove("pathItems"));
        let Some(Value::Object(items)) = items else {
            return;
        };
        for section in ["paths", "webhooks"] {
            let Some(paths) = root.get_mut(section).and_then(Value::as_object_mut) else {
                continue;
            };
            for (path, item) in paths.iter_mut() {
                let Some(name) = item
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/pathItems/"))
                    .map(unescape_token)
                else {
                    continue;
                };
                if let Some(target) = items.get(name.as_ref()) {
                    self.map.add(
                        child(&format!("#/{section}"), path),
                        child("#/components/pathItems", &name),
                    );
                    *item = target.clone();
                }
            }
        }
    }

    fn warn(&mut self, pointer: &str, message: String, hint: &str) {
        self.diags.push(Diagnostic::warning(pointer, message, hint));
    }

    fn walk(&mut self, value: &mut Value, pointer: &str, slot: Slot) {
        match slot {
            Slot::Schema => self.schema(value, pointer),
            Slot::SchemaMap => {
                if let Some(map) = value.as_object_mut() {
                    for (k, v) in map.iter_mut() {
                        self.schema(v, &child(pointer, k));
                    }
                }
            }
            Slot::Other => match value {
                Value::Object(map) => {
                    for (k, v) in map.iter_mut() {
                        let slot = match k.as_str() {
                            "schema" => Slot::Schema,
                            "schemas" if pointer == "#/components" => Slot::SchemaMap,
                            _ => Slot::Other,
                        };
                        // Examples are data, not document structure.
                        if k == "example" || k == "examples" && pointer.ends_with("/content") {
                            continue;
                        }
                        self.walk(v, &child(pointer, k), slot);
                    }
                }
                Value::Array(items) => {
                    for (i, v) in items.iter_mut().enumerate() {
                        self.walk(v, &format!("{pointer}/{i}"), Slot::Other);
                    }
                }
                _ => {}
            },
        }
    }

    fn schema(&mut self, value: &mut Value, pointer: &str) {
        match value {
            // `true` accepts anything; `false` nothing, which no client type can hold.
            Value::Bool(true) => *value = json!({}),
            Value::Bool(false) => {
                self.warn(
                    pointer,
                    "the schema `false` (no value is valid) has no OpenAPI 3.0 form".into(),
                    "it is read as any value",
                );
                *value = json!({});
            }
            Value::Object(_) => {}
            _ => return,
        }
        let map = value.as_object_mut().expect("an object");
        for key in ACCEPTED {
            map.remove(*key);
        }
        for key in UNSUPPORTED {
            if map.remove(*key).is_some() {
                self.warn(
                    &child(pointer, key),
                    format!("`{key}` (JSON Schema 2020-12) has no OpenAPI 3.0 form"),
                    "the keyword is ignored; the generated type accepts more than the schema does",
                );
            }
        }
        if let Some(defs) = map.remove("$defs") {
            for (name, def) in defs.as_object().into_iter().flatten() {
                let original = child(&child(pointer, "$defs"), name);
                let converted = hoisted_name(pointer, name);
                let mut def = def.clone();
                self.schema(&mut def, &original);
                self.def_refs.push((
                    original.clone(),
                    format!(
                        "#/components/schemas/{}",
                        crate::diagnostics::escape_token(&converted)
                    ),
                ));
                self.hoisted.push((converted, def, original));
            }
        }
        if let Some(c) = map.remove("const") {
            map.insert("enum".into(), json!([c]));
        }
        if let Some(Value::Array(examples)) = map.remove("examples") {
            if let Some(first) = examples.into_iter().next() {
                map.entry("example").or_insert(first);
            }
        }
        for (bound, exclusive) in [
            ("minimum", "exclusiveMinimum"),
            ("maximum", "exclusiveMaximum"),
        ] {
            if let Some(n) = map.get(exclusive).filter(|v| v.is_number()).cloned() {
                map.insert(bound.into(), n);
                map.insert(exclusive.into(), json!(true));
            }
        }
        if let Some(media) = map.remove("contentMediaType") {
            let binary = !media
                .as_str()
                .is_some_and(|m| m.contains("json") || m.starts_with("text/"));
            if binary && !map.contains_key("contentEncoding") {
                map.insert("format".into(), json!("binary"));
            }
        }
        if let Some(encoding) = map.remove("contentEncoding") {
            match encoding.as_str() {
                Some("base64" | "base64url") => {
                    map.insert("format".into(), json!("byte"));
                }
                other => self.warn(
                    &child(pointer, "contentEncoding"),
                    format!(
                        "contentEncoding {} has no OpenAPI 3.0 form",
                        other.map(|o| format!("`{o}`")).unwrap_or_default()
                    ),
                    "the value is read as a plain string",
                ),
            }
        }
        if map.contains_key("prefixItems") {
            let prefix = map.remove("prefixItems");
            let fixed = map.get("items") == Some(&json!(false)) || map.get("maxItems").is_some();
            self.warn(
                &child(pointer, "prefixItems"),
                format!(
                    "`prefixItems` (a tuple{}) has no OpenAPI 3.0 form",
                    if fixed {
                        ""
                    } else {
                        " with more items after it"
                    }
                ),
                "the array is read as a list of any of the tuple's item schemas",
            );
            if !matches!(map.get("items"), Some(Value::Object(_))) {
                let mut members: Vec<Value> = Vec::new();
                for member in prefix
                    .and_then(|p| p.as_array().cloned())
                    .unwrap_or_default()
                {
                    if !members.contains(&member) {
                        members.push(member);
                    }
                }
                // Items that are all alike are a list of that item.
                let unique = if members.len() == 1 {
                    members.pop()
                } else {
                    None
                };
                let items = match (members.is_empty(), &unique) {
                    (true, Some(one)) => one.clone(),
                    (true, None) => json!({}),
                    (false, _) => json!({ "anyOf": members }),
                };
                map.insert("items".into(), items);
            }
        }
        if map.get("items") == Some(&json!(false)) {
            map.insert("items".into(), json!({}));
        }
        types(map);
        null_members(map);
        if map.contains_key("$ref") {
            // `summary` has no meaning in a schema; everything else beside a `$ref` (3.1 allows
            // siblings, 3.0 ignores them) is kept on an `allOf` wrapper, which lowering reads as
            // the referenced type with the wrapper's description and nullability.
            map.remove("summary");
            if map.len() > 1 {
                let reference = map.remove("$ref").unwrap_or_default();
                map.insert("allOf".into(), json!([{ "$ref": reference }]));
            }
        }
        // Sub-schemas.
        let keys: Vec<String> = map.keys().cloned().collect();
        for key in keys {
            let slot = match key.as_str() {
                "properties" => Slot::SchemaMap,
                "items" | "additionalProperties" | "not" => Slot::Schema,
                "allOf" | "oneOf" | "anyOf" => {
                    if let Some(Value::Array(list)) = map.get_mut(&key) {
                        for (i, s) in list.iter_mut().enumerate() {
                            self.schema(s, &format!("{}/{i}", child(pointer, &key)));
                        }
                    }
                    continue;
                }
                _ => continue,
            };
            if let Some(v) = map.get_mut(&key) {
                if key == "additionalProperties" && v.is_boolean() {
                    continue;
                }
                self.walk(v, &child(pointer, &key), slot);
            }
        }
    }
}

/// `type: [T, "null"]` -> `type: T, nullable: true`; several types -> `oneOf`. True when the
/// schema had a type list or `type: "null"`.
pub(super) fn types(map: &mut Map<String, Value>) -> bool {
    {
        let types: Vec<String> = match map.get("type") {
            Some(Value::Array(list)) => list
                .iter()
                .filter_map(|t| t.as_str().map(str::to_owned))
                .collect(),
            Some(Value::String(t)) if t == "null" => vec!["null".into()],
            _ => return false,
        };
        let nullable = types.iter().any(|t| t == "null");
        let mut rest: Vec<String> = types.into_iter().filter(|t| t != "null").collect();
        rest.dedup();
        map.remove("type");
        if nullable {
            map.insert("nullable".into(), json!(true));
        }
        match rest.len() {
            0 => {}
            1 => {
                map.insert("type".into(), json!(rest[0]));
            }
            _ => {
                // Each member takes the keywords that apply to its type.
                let members: Vec<Value> = rest
                    .iter()
                    .map(|t| {
                        let mut member = Map::new();
                        member.insert("type".into(), json!(t));
                        let applies: &[&str] = match t.as_str() {
                            "string" => &["format", "pattern", "minLength", "maxLength", "enum"],
                            "integer" | "number" => &[
                                "format",
                                "minimum",
                                "maximum",
                                "exclusiveMinimum",
                                "exclusiveMaximum",
                                "multipleOf",
                                "enum",
                            ],
                            "array" => &["items", "minItems", "maxItems", "uniqueItems"],
                            "object" => &[
                                "properties",
                                "required",
                                "additionalProperties",
                                "minProperties",
                                "maxProperties",
                            ],
                            _ => &[],
                        };
                        for key in applies {
                            if let Some(v) = map.get(*key) {
                                member.insert((*key).into(), v.clone());
                            }
                        }
                        Value::Object(member)
                    })
                    .collect();
                for key in [
                    "format",
                    "pattern",
                    "minLength",
                    "maxLength",
                    "enum",
                    "minimum",
                    "maximum",
                    "exclusiveMinimum",
                    "exclusiveMaximum",
                    "multipleOf",
                    "items",
                    "minItems",
                    "maxItems",
                    "uniqueItems",
                    "properties",
                    "required",
                    "additionalProperties",
                    "minProperties",
                    "maxProperties",
                ] {
                    map.remove(key);
                }
                map.insert("oneOf".into(), Value::Array(members));
            }
        }
    }
    true
}

/// `oneOf`/`anyOf` with a `{type: null}` member -> nullable, the null member removed. True
/// when a null member was removed.
pub(super) fn null_members(map: &mut Map<String, Value>) -> bool {
    let mut changed = false;
    {
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Array(list)) = map.get_mut(key) else {
                continue;
            };
            let is_null = |s: &Value| {
                s.get("type")
                    .is_some_and(|t| t == "null" || t == &json!(["null"]))
                    || s.get("enum") == Some(&json!([null]))
                    || s.get("const") == Some(&Value::Null)
            };
            let before = list.len();
            list.retain(|s| !is_null(s));
            if list.len() == before {
                continue;
            }
            changed = true;
            map.insert("nullable".into(), json!(true));
            let list = match map.get(key) {
                Some(Value::Array(list)) => list.clone(),
                _ => Vec::new(),
            };
            if list.len() == 1 {
                map.remove(key);
                map.insert("allOf".into(), Value::Array(list));
            } else if list.is_empty() {
                map.remove(key);
            }
        }
    }
    changed
}

/// The component name of `$defs/NAME` inside the schema at `pointer`.
fn hoisted_name(pointer: &str, name: &str) -> String {
    let owner = pointer
        .rsplit('/')
        .next()
        .map(unescape_token)
        .unwrap_or_default();
    if pointer.starts_with("#/components/schemas/") && pointer.matches('/').count() == 3 {
        format!("{owner}{name}")
    } else {
        name.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_become_3_0() {
        let doc = json!({
            "openapi": "3.1.0", "info": { "title": "t", "version": "1", "summary": "s" },
            "components": { "schemas": {
                "A": { "type": ["string", "null"], "examples": ["x"] },
                "B": { "type": ["string", "integer"] },
                "C": { "const": "only" },
                "D": { "type": "number", "exclusiveMinimum": 0 },
                "E": { "$ref": "#/components/schemas/A", "nullable": true },
                "F": { "oneOf": [{ "$ref": "#/components/schemas/C" }, { "type": "null" }] },
                "G": { "type": "object", "properties": { "x": { "$ref": "#/components/schemas/G/$defs/X" } }, "$defs": { "X": { "type": "string" } } }
            } },
            "webhooks": { "newPet": { "post": { "responses": { "200": { "description": "ok" } } } } }
        });
        let (out, map, diags) = convert(doc);
        assert!(diags.items.is_empty(), "{diags}");
        let s = &out["components"]["schemas"];
        assert_eq!(
            s["A"],
            json!({ "type": "string", "nullable": true, "example": "x" })
        );
        assert_eq!(s["B"]["oneOf"].as_array().map(Vec::len), Some(2));
        assert_eq!(s["C"]["enum"], json!(["only"]));
        assert_eq!(s["D"]["minimum"], 0);
        assert_eq!(s["E"]["allOf"][0]["$ref"], "#/components/schemas/A");
        assert_eq!(s["F"]["nullable"], true);
        assert_eq!(s["G"]["properties"]["x"]["$ref"], "#/components/schemas/GX");
        assert_eq!(s["GX"]["type"], "string");
        assert_eq!(
            map.original("#/components/schemas/GX/type"),
            "#/components/schemas/G/$defs/X/type"
        );
        assert_eq!(
            map.original("#/x-oas31-webhooks/callbacks/newPet/newPet/post"),
            "#/webhooks/newPet/post"
        );
        assert_eq!(out["info"]["description"], "s");
    }
}
