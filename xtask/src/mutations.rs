//! Single-step spec mutations for `cargo xtask semver-check`: each changes one thing of
//! spec/optimove.yaml or of the types fixture, the way a spec author would.

use serde_json::{Value, json};

/// A spec the mutations start from.
pub struct Subject {
    /// Short name used in reports and directory names.
    pub name: &'static str,
    /// Spec path relative to the workspace root.
    pub spec: &'static str,
    /// Package name of its generated crate.
    pub crate_name: &'static str,
}

/// The two subjects: the product's spec and a feature fixture.
pub const SUBJECTS: &[Subject] = &[
    Subject { name: "optimove", spec: "spec/optimove.yaml", crate_name: "optimove-client" },
    Subject { name: "types", spec: "tests/fixtures/types.yaml", crate_name: "types-fixture" },
];

/// One mutation: the subject (index into [`SUBJECTS`]), a name, and the edit.
pub struct Mutation {
    /// Index into [`SUBJECTS`].
    pub subject: usize,
    /// What it does, in words.
    pub name: &'static str,
    /// The edit; an error means the spec no longer has what the mutation expects.
    pub apply: fn(&mut Value) -> Result<(), String>,
}

fn at<'a>(v: &'a mut Value, pointer: &str) -> Result<&'a mut Value, String> {
    v.pointer_mut(pointer).ok_or_else(|| format!("no {pointer} in the spec"))
}

fn object<'a>(v: &'a mut Value, pointer: &str) -> Result<&'a mut serde_json::Map<String, Value>, String> {
    at(v, pointer)?.as_object_mut().ok_or_else(|| format!("{pointer} is not an object"))
}

/// The array at `pointer`, created empty when its parent object lacks the key.
fn array<'a>(v: &'a mut Value, pointer: &str) -> Result<&'a mut Vec<Value>, String> {
    let (parent, key) = pointer.rsplit_once('/').ok_or_else(|| format!("bad pointer {pointer}"))?;
    let key = key.replace("~1", "/").replace("~0", "~");
    let node = object(v, parent)?.entry(key).or_insert_with(|| json!([]));
    node.as_array_mut().ok_or_else(|| format!("{pointer} is not an array"))
}

fn remove(v: &mut Value, parent: &str, key: &str) -> Result<(), String> {
    object(v, parent)?.shift_remove(key).map(|_| ()).ok_or_else(|| format!("no {parent}/{key}"))
}

/// Every `$ref` equal to `from` becomes `to`, anywhere in the document.
fn rewrite_refs(v: &mut Value, from: &str, to: &str) {
    match v {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if key == "$ref" && value.as_str() == Some(from) {
                    *value = Value::String(to.to_owned());
                } else {
                    rewrite_refs(value, from, to);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| rewrite_refs(i, from, to)),
        _ => {}
    }
}

/// Renames key `from` of the object at `parent`, keeping its place (names are claimed in order).
fn rename_key(v: &mut Value, parent: &str, from: &str, to: &str) -> Result<(), String> {
    let map = object(v, parent)?;
    if !map.contains_key(from) {
        return Err(format!("no {parent}/{from}"));
    }
    let entries = std::mem::take(map);
    map.extend(entries.into_iter().map(|(k, value)| (if k == from { to.to_owned() } else { k }, value)));
    Ok(())
}

/// Renames a component schema and every reference to it.
fn rename_schema(v: &mut Value, from: &str, to: &str) -> Result<(), String> {
    rename_key(v, "/components/schemas", from, to)?;
    rewrite_refs(v, &format!("#/components/schemas/{from}"), &format!("#/components/schemas/{to}"));
    Ok(())
}

/// Removes `scheme` from every security requirement and from the components.
fn drop_scheme(v: &mut Value, scheme: &str) {
    match v {
        Value::Object(map) => {
            if let Some(Value::Array(reqs)) = map.get_mut("security") {
                reqs.retain(|r| r.get(scheme).is_none());
            }
            map.values_mut().for_each(|c| drop_scheme(c, scheme));
        }
        Value::Array(items) => items.iter_mut().for_each(|i| drop_scheme(i, scheme)),
        _ => {}
    }
}

/// The first component schema that is a string enum, by name.
fn first_string_enum(v: &Value) -> Result<String, String> {
    let schemas = v.pointer("/components/schemas").and_then(Value::as_object).ok_or("no schemas")?;
    schemas
        .iter()
        .find(|(_, s)| s.get("type").and_then(Value::as_str) == Some("string") && s.get("enum").and_then(Value::as_array).is_some_and(|e| e.len() > 1) && s.get("x-enum-varnames").is_none())
        .map(|(n, _)| n.clone())
        .ok_or_else(|| "no string enum".to_owned())
}

const LAST_UPDATE: &str = "/paths/~1current~1general~1GetLastDataUpdate/get";
const BY_ACTION: &str = "/paths/~1current~1customers~1GetCustomersByAction/get";
const REGISTER: &str = "/paths/~1current~1general~1RegisterEventListener/post";
const REGISTRATION: &str = "/components/schemas/EventListenerRegistration";

/// Every mutation, in report order.
pub const MUTATIONS: &[Mutation] = &[
    Mutation { subject: 0, name: "remove operation GetLastDataUpdate", apply: |v| remove(v, "/paths", "/current/general/GetLastDataUpdate") },
    Mutation { subject: 0, name: "add an optional query parameter to GetLastDataUpdate", apply: |v| {
        array(v, &format!("{LAST_UPDATE}/parameters"))?.push(json!({ "name": "Verbose", "in": "query", "schema": { "type": "boolean" } }));
        Ok(())
    } },
    Mutation { subject: 0, name: "add a required query parameter to GetLastDataUpdate", apply: |v| {
        at(v, LAST_UPDATE)?.as_object_mut().ok_or("op")?.insert("parameters".into(), json!([{ "name": "Brand", "in": "query", "required": true, "schema": { "type": "string" } }]));
        Ok(())
    } },
    Mutation { subject: 0, name: "change the type of GetCustomersByAction's ActionID (integer -> string)", apply: |v| {
        *at(v, &format!("{BY_ACTION}/parameters/1/schema"))? = json!({ "type": "string" });
        Ok(())
    } },
    Mutation { subject: 0, name: "add an optional field to EventListenerRegistration", apply: |v| {
        object(v, &format!("{REGISTRATION}/properties"))?.insert("Note".into(), json!({ "type": "string" }));
        Ok(())
    } },
    Mutation { subject: 0, name: "add a required field to EventListenerRegistration", apply: |v| {
        object(v, &format!("{REGISTRATION}/properties"))?.insert("Source".into(), json!({ "type": "string" }));
        array(v, &format!("{REGISTRATION}/required"))?.push(json!("Source"));
        Ok(())
    } },
    Mutation { subject: 0, name: "remove field ChannelID of EventListenerRegistration", apply: |v| remove(v, &format!("{REGISTRATION}/properties"), "ChannelID") },
    Mutation { subject: 0, name: "make EventListenerRegistration.ChannelID required", apply: |v| {
        array(v, &format!("{REGISTRATION}/required"))?.push(json!("ChannelID"));
        Ok(())
    } },
    Mutation { subject: 0, name: "make EventListenerRegistration.ListenerURL optional", apply: |v| {
        array(v, &format!("{REGISTRATION}/required"))?.retain(|f| f != "ListenerURL");
        Ok(())
    } },
    Mutation { subject: 0, name: "make RateLimitError.message nullable", apply: |v| {
        object(v, "/components/schemas/RateLimitError/properties/message")?.insert("nullable".into(), json!(true));
        Ok(())
    } },
    Mutation { subject: 0, name: "add a value to the first string enum", apply: |v| {
        let name = first_string_enum(v)?;
        array(v, &format!("/components/schemas/{name}/enum"))?.push(json!("brand-new-value"));
        Ok(())
    } },
    Mutation { subject: 0, name: "remove the last value of the first string enum", apply: |v| {
        let name = first_string_enum(v)?;
        array(v, &format!("/components/schemas/{name}/enum"))?.pop().map(|_| ()).ok_or("empty enum".into())
    } },
    Mutation { subject: 0, name: "add code 14 to integer enum EventTypeID", apply: |v| {
        array(v, "/components/schemas/EventTypeID/enum")?.push(json!(14));
        Ok(())
    } },
    Mutation { subject: 0, name: "remove code 13 from integer enum EventTypeID", apply: |v| {
        array(v, "/components/schemas/EventTypeID/enum")?.retain(|c| c != 13);
        Ok(())
    } },
    Mutation { subject: 0, name: "rename schema LastDataUpdate to DataUpdate", apply: |v| rename_schema(v, "LastDataUpdate", "DataUpdate") },
    Mutation { subject: 0, name: "GetLastDataUpdate answers 201 instead of 200", apply: |v| {
        rename_key(v, &format!("{LAST_UPDATE}/responses"), "200", "201")
    } },
    Mutation { subject: 0, name: "GetLastDataUpdate's body becomes RateLimitError", apply: |v| {
        *at(v, &format!("{LAST_UPDATE}/responses/200/content/application~1json/schema"))? = json!({ "$ref": "#/components/schemas/RateLimitError" });
        Ok(())
    } },
    Mutation { subject: 0, name: "add a root server", apply: |v| {
        array(v, "/servers")?.push(json!({ "url": "https://eu-api.optimove.net" }));
        Ok(())
    } },
    Mutation { subject: 0, name: "give GetLastDataUpdate its own server", apply: |v| {
        object(v, LAST_UPDATE)?.insert("servers".into(), json!([{ "url": "https://reports.optimove.net" }]));
        Ok(())
    } },
    Mutation { subject: 0, name: "add a bearer security scheme as a default alternative", apply: |v| {
        object(v, "/components/securitySchemes")?.insert("Bearer".into(), json!({ "type": "http", "scheme": "bearer" }));
        array(v, "/security")?.push(json!({ "Bearer": [] }));
        Ok(())
    } },
    Mutation { subject: 0, name: "remove security scheme AuthorizationToken (and the legacy login)", apply: |v| {
        drop_scheme(v, "AuthorizationToken");
        remove(v, "/components/securitySchemes", "AuthorizationToken")
    } },
    Mutation { subject: 0, name: "deprecate GetLastDataUpdate", apply: |v| {
        object(v, LAST_UPDATE)?.insert("deprecated".into(), json!(true));
        Ok(())
    } },
    Mutation { subject: 0, name: "add an operation with a new tag", apply: |v| {
        let op = json!({ "get": { "operationId": "GetAccountInfo", "tags": ["Account"], "responses": { "200": { "description": "ok", "content": { "application/json": { "schema": { "type": "object", "properties": { "Name": { "type": "string" } } } } } } } } });
        object(v, "/paths")?.insert("/current/account/GetAccountInfo".into(), op);
        Ok(())
    } },
    Mutation { subject: 0, name: "move GetLastDataUpdate to tag Model", apply: |v| {
        *at(v, &format!("{LAST_UPDATE}/tags"))? = json!(["Model"]);
        Ok(())
    } },
    Mutation { subject: 0, name: "rename operationId GetLastDataUpdate to GetLatestDataDate", apply: |v| {
        *at(v, &format!("{LAST_UPDATE}/operationId"))? = json!("GetLatestDataDate");
        Ok(())
    } },
    Mutation { subject: 0, name: "change the path of GetLastDataUpdate", apply: |v| {
        rename_key(v, "/paths", "/current/general/GetLastDataUpdate", "/v2/general/GetLastDataUpdate")
    } },
    Mutation { subject: 0, name: "make RegisterEventListener's body optional", apply: |v| {
        *at(v, &format!("{REGISTER}/requestBody/required"))? = json!(false);
        Ok(())
    } },
    Mutation { subject: 0, name: "edit a description only", apply: |v| {
        *at(v, &format!("{LAST_UPDATE}/summary"))? = json!("When the customer data was last refreshed");
        Ok(())
    } },
    Mutation { subject: 1, name: "remove operation getTree", apply: |v| remove(v, "/paths", "/trees") },
    Mutation { subject: 1, name: "add an optional field to Thing", apply: |v| {
        object(v, "/components/schemas/Thing/properties")?.insert("colour".into(), json!({ "type": "string" }));
        Ok(())
    } },
    Mutation { subject: 1, name: "remove field Thing.small", apply: |v| remove(v, "/components/schemas/Thing/properties", "small") },
    Mutation { subject: 1, name: "make Thing.small required", apply: |v| {
        array(v, "/components/schemas/Thing/required")?.push(json!("small"));
        Ok(())
    } },
    Mutation { subject: 1, name: "change the type of Thing.flag (boolean -> string)", apply: |v| {
        *at(v, "/components/schemas/Thing/properties/flag")? = json!({ "type": "string" });
        Ok(())
    } },
    Mutation { subject: 1, name: "add a variant Triangle to union Shape", apply: |v| {
        object(v, "/components/schemas")?.insert("Triangle".into(), json!({ "type": "object", "required": ["kind"], "properties": { "kind": { "type": "string" }, "base": { "type": "number" } } }));
        array(v, "/components/schemas/Shape/oneOf")?.push(json!({ "$ref": "#/components/schemas/Triangle" }));
        object(v, "/components/schemas/Shape/discriminator/mapping")?.insert("triangle".into(), json!("#/components/schemas/Triangle"));
        Ok(())
    } },
    Mutation { subject: 1, name: "remove variant Square from union Shape", apply: |v| {
        array(v, "/components/schemas/Shape/oneOf")?.retain(|r| r.get("$ref").and_then(Value::as_str) != Some("#/components/schemas/Square"));
        remove(v, "/components/schemas/Shape/discriminator/mapping", "square")
    } },
    Mutation { subject: 1, name: "rename schema Circle to Round", apply: |v| {
        rename_schema(v, "Circle", "Round")?;
        *at(v, "/components/schemas/Shape/discriminator/mapping/circle")? = json!("#/components/schemas/Round");
        Ok(())
    } },
    Mutation { subject: 1, name: "add a server", apply: |v| {
        array(v, "/servers")?.push(json!({ "url": "https://eu.types.example.com/v1" }));
        Ok(())
    } },
    Mutation { subject: 1, name: "createThing answers 200 instead of 201", apply: |v| {
        rename_key(v, "/paths/~1things/post/responses", "201", "200")
    } },
    Mutation { subject: 1, name: "add an API-key security scheme required everywhere", apply: |v| {
        let root = v.as_object_mut().ok_or("root")?;
        root.insert("security".into(), json!([{ "key": [] }]));
        object(v, "/components")?.insert("securitySchemes".into(), json!({ "key": { "type": "apiKey", "in": "header", "name": "X-Key" } }));
        Ok(())
    } },
    Mutation { subject: 1, name: "make Thing.name nullable", apply: |v| {
        object(v, "/components/schemas/Thing/properties/name")?.insert("nullable".into(), json!(true));
        Ok(())
    } },
    Mutation { subject: 1, name: "make TreeNode.value optional", apply: |v| {
        array(v, "/components/schemas/TreeNode/required")?.retain(|f| f != "value");
        Ok(())
    } },
];
