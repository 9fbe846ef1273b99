//! Swagger 2.0 -> OpenAPI 3.0, the mapping the 3.0 specification implies (swagger2openapi is
//! the well-known reference): `host`/`basePath`/`schemes` -> `servers`; `definitions`,
//! `parameters`, `responses`, `securityDefinitions` -> `components` with every `$ref`
//! rewritten; `in: body` -> `requestBody`; `in: formData` -> an urlencoded or multipart body;
//! `consumes`/`produces` -> media types; `collectionFormat` -> `style`/`explode` (or the
//! `x-list-delimiter` extension lowering reads, for delimiters 3.0 has no style for); response
//! `schema` -> `content`; `x-nullable`, `x-example`; `type: file` -> binary strings.

use super::{PointerMap, rewrite_refs};
use crate::diagnostics::{Diagnostic, Diagnostics, child};
use serde_json::{Map, Value, json};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch"];
/// Keywords a non-body parameter (or a header, or an `items` object) shares with a schema.
const SCHEMA_KEYS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
];

struct Converter<'a> {
    root: &'a Value,
    map: PointerMap,
    diags: Diagnostics,
}

/// Converts a Swagger 2.0 document (already known to declare `swagger: "2.0"`).
pub fn convert(value: Value) -> (Value, PointerMap, Diagnostics) {
    let mut c = Converter {
        root: &value,
        map: PointerMap::default(),
        diags: Diagnostics::default(),
    };
    let out = c.document();
    let Converter { map, diags, .. } = c;
    (out, map, diags)
}

fn obj(v: Option<&Value>) -> Option<&Map<String, Value>> {
    v.and_then(Value::as_object)
}

fn str_list(v: Option<&Value>) -> Option<Vec<String>> {
    v.and_then(Value::as_array).map(|a| {
        a.iter()
            .filter_map(|s| s.as_str().map(str::to_owned))
            .collect()
    })
}

impl Converter<'_> {
    fn document(&mut self) -> Value {
        let root = self.root;
        let mut out = Map::new();
        out.insert("openapi".into(), json!("3.0.3"));
        self.map.add("#/openapi", "#/swagger");
        for (key, v) in root.as_object().into_iter().flatten() {
            match key.as_str() {
                "swagger"
                | "host"
                | "basePath"
                | "schemes"
                | "consumes"
                | "produces"
                | "paths"
                | "definitions"
                | "parameters"
                | "responses"
                | "securityDefinitions" => {}
                // Same meaning in 3.0; unknown keys are kept for the check to report.
                _ => {
                    out.insert(key.clone(), v.clone());
                }
            }
        }
        if let Some(servers) = self.servers(root.get("schemes"), "#") {
            out.insert("servers".into(), servers);
        }
        let consumes = str_list(root.get("consumes")).unwrap_or_default();
        let produces = str_list(root.get("produces")).unwrap_or_default();
        let mut components = Map::new();
        if let Some(defs) = obj(root.get("definitions")) {
            self.map.add("#/components/schemas", "#/definitions");
            let schemas: Map<String, Value> = defs
                .iter()
                .map(|(k, s)| {
                    (
                        k.clone(),
                        schema(s, &child("#/definitions", k), &mut self.diags),
                    )
                })
                .collect();
            components.insert("schemas".into(), Value::Object(schemas));
        }
        if let Some(params) = obj(root.get("parameters")) {
            let mut out_params = Map::new();
            for (name, p) in params {
                let pointer = child("#/parameters", name);
                // Body and form parameters are inlined where they are used (their media types
                // come from each operation's `consumes`).
                if matches!(
                    p.get("in").and_then(Value::as_str),
                    Some("body" | "formData")
                ) {
                    continue;
                }
                let converted = child("#/components/parameters", name);
                self.map.add(&converted, &pointer);
                self.map.add(child(&converted, "schema"), &pointer);
                out_params.insert(name.clone(), self.parameter(p, &pointer));
            }
            if !out_params.is_empty() {
                components.insert("parameters".into(), Value::Object(out_params));
            }
        }
        if let Some(responses) = obj(root.get("responses")) {
            let mut out_responses = Map::new();
            for (name, r) in responses {
                let converted = child("#/components/responses", name);
                self.map.add(&converted, child("#/responses", name));
                out_responses.insert(
                    name.clone(),
                    self.response(r, &produces, &converted, &child("#/responses", name)),
                );
            }
            components.insert("responses".into(), Value::Object(out_responses));
        }
        if let Some(schemes) = obj(root.get("securityDefinitions")) {
            self.map
                .add("#/components/securitySchemes", "#/securityDefinitions");
            let converted: Map<String, Value> = schemes
                .iter()
                .map(|(k, s)| {
                    (
                        k.clone(),
                        self.security_scheme(s, &child("#/securityDefinitions", k)),
                    )
                })
                .collect();
            components.insert("securitySchemes".into(), Value::Object(converted));
        }
        if !components.is_empty() {
            out.insert("components".into(), Value::Object(components));
        }
        let mut paths = Map::new();
        match root.get("paths") {
            Some(Value::Object(items)) => {
                for (path, item) in items {
                    if path.starts_with("x-") {
                        paths.insert(path.clone(), item.clone());
                        continue;
                    }
                    paths.insert(
                        path.clone(),
                        self.path_item(path, item, &consumes, &produces),
                    );
                }
                out.insert("paths".into(), Value::Object(paths));
            }
            Some(other) => {
                out.insert("paths".into(), other.clone());
            }
            None => {}
        }
        let mut out = Value::Object(out);
        for (original, converted) in [("#/definitions/", "#/components/schemas/"), ("#/parameters/", "#/components/parameters/"), ("#/responses/", "#/components/responses/")] {
            // Without the trailing slash, so "under #/components/schemas" reads "under #/definitions".
            self.map.add_ref_prefix(converted.trim_end_matches('/'), original.trim_end_matches('/'));
        }
        rewrite_refs(&mut out, &|target| {
            for (from, to) in [
                ("#/definitions/", "#/components/schemas/"),
                ("#/parameters/", "#/components/parameters/"),
                ("#/responses/", "#/components/responses/"),
            ] {
                if let Some(rest) = target.strip_prefix(from) {
                    return Some(format!("{to}{rest}"));
                }
            }
            None
        });
        out
    }

    /// `host` + `basePath` for each of `schemes` (the document's when an operation has none).
    fn servers(&mut self, schemes: Option<&Value>, pointer: &str) -> Option<Value> {
        let root = self.root;
        let host = root.get("host").and_then(Value::as_str);
        let base = root.get("basePath").and_then(Value::as_str).unwrap_or("");
        let schemes = str_list(schemes).unwrap_or_default();
        let converted = if pointer == "#" {
            "#/servers".to_owned()
        } else {
            child(pointer, "servers")
        };
        let origin = if pointer != "#" {
            child(pointer, "schemes")
        } else if root.get("host").is_some() {
            "#/host".to_owned()
        } else {
            "#/basePath".to_owned()
        };
        self.map.add(&converted, &origin);
        let urls: Vec<String> = match host {
            // Without a host, requests go to the host the document was served from: a relative
            // URL, which the client's builder must complete.
            None if base.is_empty() => return None,
            None => vec![base.to_owned()],
            Some(host) if schemes.is_empty() => vec![format!("https://{host}{base}")],
            Some(host) => schemes
                .iter()
                .filter(|s| !s.starts_with("ws"))
                .map(|s| format!("{s}://{host}{base}"))
                .collect(),
        };
        // https first: the client's default server is the first one.
        let mut urls = urls;
        urls.sort_by_key(|u| !u.starts_with("https"));
        Some(Value::Array(
            urls.into_iter().map(|url| json!({ "url": url })).collect(),
        ))
    }

    fn security_scheme(&mut self, s: &Value, pointer: &str) -> Value {
        let Some(map) = s.as_object() else {
            return s.clone();
        };
        let mut out: Map<String, Value> = map
            .iter()
            .filter(|(k, _)| k.starts_with("x-") || *k == "description")
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        match map.get("type").and_then(Value::as_str) {
            Some("basic") => {
                out.insert("type".into(), json!("http"));
                out.insert("scheme".into(), json!("basic"));
            }
            Some("apiKey") => {
                for key in ["type", "name", "in"] {
                    if let Some(v) = map.get(key) {
                        out.insert(key.into(), v.clone());
                    }
                }
            }
            Some("oauth2") => {
                let flow_name = match map.get("flow").and_then(Value::as_str) {
                    Some("implicit") => "implicit",
                    Some("password") => "password",
                    Some("application") => "clientCredentials",
                    Some("accessCode") => "authorizationCode",
                    other => {
                        self.diags.push(Diagnostic::error(child(pointer, "flow"), format!("the OAuth2 flow {} is not one of implicit, password, application, accessCode", other.map(|o| format!("`{o}`")).unwrap_or_else(|| "is missing and".into())), "name the flow of this security scheme"));
                        "implicit"
                    }
                };
                let mut flow = Map::new();
                for key in ["authorizationUrl", "tokenUrl"] {
                    if let Some(v) = map.get(key) {
                        flow.insert(key.into(), v.clone());
                    }
                }
                flow.insert(
                    "scopes".into(),
                    map.get("scopes").cloned().unwrap_or_else(|| json!({})),
                );
                out.insert("type".into(), json!("oauth2"));
                out.insert("flows".into(), json!({ flow_name: flow }));
            }
            _ => return s.clone(),
        }
        Value::Object(out)
    }

    fn path_item(
        &mut self,
        path: &str,
        item: &Value,
        consumes: &[String],
        produces: &[String],
    ) -> Value {
        let Some(map) = item.as_object() else {
            return item.clone();
        };
        let item_pointer = child("#/paths", path);
        let mut out = Map::new();
        // Path-level parameters: body and form ones go to each operation's body.
        let shared: Vec<(Value, String)> = map
            .get("parameters")
            .and_then(Value::as_array)
            .map(|ps| {
                ps.iter()
                    .enumerate()
                    .map(|(i, p)| (p.clone(), format!("{item_pointer}/parameters/{i}")))
                    .collect()
            })
            .unwrap_or_default();
        let (shared_bodies, shared_plain): (Vec<_>, Vec<_>) = shared
            .into_iter()
            .partition(|(p, _)| self.is_body_or_form(p));
        if !shared_plain.is_empty() {
            let list: Vec<Value> = shared_plain
                .iter()
                .enumerate()
                .map(|(j, (p, orig))| {
                    let converted = format!("{item_pointer}/parameters/{j}");
                    self.map.add(&converted, orig);
                    self.map.add(child(&converted, "schema"), orig);
                    self.parameter(p, orig)
                })
                .collect();
            out.insert("parameters".into(), Value::Array(list));
        }
        for (key, v) in map {
            if key == "parameters" {
                continue;
            }
            if METHODS.contains(&key.as_str()) {
                let op = self.operation(
                    v,
                    &child(&item_pointer, key),
                    &shared_bodies,
                    consumes,
                    produces,
                );
                out.insert(key.clone(), op);
            } else {
                out.insert(key.clone(), v.clone());
            }
        }
        Value::Object(out)
    }

    /// The parameter a `$ref` names, or the parameter itself.
    fn resolve<'v>(&self, p: &'v Value) -> (&'v Value, Option<String>) {
        (
            p,
            p.get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/parameters/"))
                .map(|key| crate::diagnostics::unescape_token(key).into_owned()),
        )
    }

    fn is_body_or_form(&self, p: &Value) -> bool {
        let (_, name) = self.resolve(p);
        let target = match name {
            Some(name) => self.root.get("parameters").and_then(|ps| ps.get(&name)),
            None => Some(p),
        };
        matches!(
            target.and_then(|t| t.get("in")).and_then(Value::as_str),
            Some("body" | "formData")
        )
    }

    /// A body or form parameter with its pointer (a `$ref` to `#/parameters` is followed).
    fn body_param(&self, p: &Value, pointer: &str) -> (Value, String) {
        match self.resolve(p).1 {
            Some(name) => (
                self.root
                    .get("parameters")
                    .and_then(|ps| ps.get(&name))
                    .cloned()
                    .unwrap_or(Value::Null),
                child("#/parameters", &name),
            ),
            None => (p.clone(), pointer.to_owned()),
        }
    }

    fn operation(
        &mut self,
        op: &Value,
        pointer: &str,
        shared_bodies: &[(Value, String)],
        consumes: &[String],
        produces: &[String],
    ) -> Value {
        let Some(map) = op.as_object() else {
            return op.clone();
        };
        let consumes = str_list(map.get("consumes")).unwrap_or_else(|| consumes.to_vec());
        let produces = str_list(map.get("produces")).unwrap_or_else(|| produces.to_vec());
        let mut out = Map::new();
        let mut plain = Vec::new();
        let mut body: Option<(Value, String)> = None;
        let mut form: Vec<(Value, String)> = Vec::new();
        let own: Vec<(Value, String)> = map
            .get("parameters")
            .and_then(Value::as_array)
            .map(|ps| {
                ps.iter()
                    .enumerate()
                    .map(|(i, p)| (p.clone(), format!("{pointer}/parameters/{i}")))
                    .collect()
            })
            .unwrap_or_default();
        let own_names: Vec<(String, String)> = own
            .iter()
            .map(|(p, ptr)| self.body_param(p, ptr).0)
            .map(|p| {
                (
                    p.get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_owned(),
                    p.get("in").and_then(Value::as_str).unwrap_or("").to_owned(),
                )
            })
            .collect();
        // Shared body/form parameters apply unless the operation redeclares them.
        let inherited = shared_bodies.iter().filter(|(p, ptr)| {
            let (p, _) = self.body_param(p, ptr);
            let key = (
                p.get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
                p.get("in").and_then(Value::as_str).unwrap_or("").to_owned(),
            );
            !own_names.contains(&key)
        });
        for (p, ptr) in inherited
            .cloned()
            .collect::<Vec<_>>()
            .into_iter()
            .chain(own)
        {
            if !self.is_body_or_form(&p) {
                plain.push((p, ptr));
                continue;
            }
            let (resolved, origin) = self.body_param(&p, &ptr);
            match resolved.get("in").and_then(Value::as_str) {
                Some("body") if body.is_some() => self.diags.push(Diagnostic::error(&origin, "an operation has more than one `in: body` parameter", "Swagger 2.0 allows one body parameter per operation; merge them into one schema")),
                Some("body") => body = Some((resolved, origin)),
                _ => form.push((resolved, origin)),
            }
        }
        if body.is_some() && !form.is_empty() {
            self.diags.push(Diagnostic::error(&form[0].1, "an operation has both `in: body` and `in: formData` parameters", "Swagger 2.0 allows either a body parameter or form parameters; the form parameters are ignored"));
            form.clear();
        }
        for (key, v) in map {
            match key.as_str() {
                "parameters" | "consumes" | "produces" | "responses" | "schemes" => {}
                _ => {
                    out.insert(key.clone(), v.clone());
                }
            }
        }
        if map.contains_key("schemes") {
            if let Some(servers) = self.servers(map.get("schemes"), pointer) {
                out.insert("servers".into(), servers);
            }
        }
        if !plain.is_empty() {
            let list: Vec<Value> = plain
                .iter()
                .enumerate()
                .map(|(j, (p, orig))| {
                    let converted = format!("{pointer}/parameters/{j}");
                    self.map.add(&converted, orig);
                    self.map.add(child(&converted, "schema"), orig);
                    self.parameter(p, orig)
                })
                .collect();
            out.insert("parameters".into(), Value::Array(list));
        }
        let body_pointer = child(pointer, "requestBody");
        if let Some((param, origin)) = body {
            out.insert(
                "requestBody".into(),
                self.request_body(&param, &origin, &consumes, &body_pointer),
            );
        } else if !form.is_empty() {
            out.insert(
                "requestBody".into(),
                self.form_body(&form, &consumes, pointer, &body_pointer),
            );
        }
        if let Some(responses) = map.get("responses") {
            let converted = match responses.as_object() {
                Some(rs) => Value::Object(
                    rs.iter()
                        .map(|(code, r)| {
                            let ptr = child(&child(pointer, "responses"), code);
                            let v = if code.starts_with("x-") {
                                r.clone()
                            } else {
                                self.response(r, &produces, &ptr, &ptr)
                            };
                            (code.clone(), v)
                        })
                        .collect(),
                ),
                None => responses.clone(),
            };
            out.insert("responses".into(), converted);
        }
        Value::Object(out)
    }

    fn request_body(
        &mut self,
        param: &Value,
        origin: &str,
        consumes: &[String],
        converted: &str,
    ) -> Value {
        self.map.add(converted, origin);
        let media: Vec<String> = if consumes.is_empty() {
            vec!["application/json".into()]
        } else {
            consumes.to_vec()
        };
        let body_schema = param
            .get("schema")
            .map(|s| schema(s, &child(origin, "schema"), &mut self.diags))
            .unwrap_or_else(|| json!({}));
        let mut content = Map::new();
        for mt in &media {
            let ptr = child(&child(converted, "content"), mt);
            self.map.add(&ptr, origin);
            self.map.add(child(&ptr, "schema"), child(origin, "schema"));
            content.insert(mt.clone(), json!({ "schema": body_schema }));
        }
        let mut out = Map::new();
        if let Some(d) = param.get("description") {
            out.insert("description".into(), d.clone());
        }
        out.insert("content".into(), Value::Object(content));
        if let Some(r) = param.get("required") {
            out.insert("required".into(), r.clone());
        }
        if let Some(name) = param.get("name") {
            out.insert("x-body-name".into(), name.clone());
        }
        Value::Object(out)
    }

    fn form_body(
        &mut self,
        form: &[(Value, String)],
        consumes: &[String],
        op_pointer: &str,
        converted: &str,
    ) -> Value {
        let has_file = form
            .iter()
            .any(|(p, _)| p.get("type").and_then(Value::as_str) == Some("file"));
        let multipart = has_file
            || consumes
                .iter()
                .any(|c| c.starts_with("multipart/form-data"));
        let media = if multipart {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        if has_file
            && !consumes.is_empty()
            && !consumes
                .iter()
                .any(|c| c.starts_with("multipart/form-data"))
        {
            self.diags.push(Diagnostic::warning(
                child(op_pointer, "consumes"),
                "a `type: file` form parameter needs `consumes: [multipart/form-data]`",
                "the body is sent as multipart/form-data",
            ));
        }
        self.map.add(converted, op_pointer);
        let schema_ptr = format!("{}/schema", child(&child(converted, "content"), media));
        let mut properties = Map::new();
        let mut required = Vec::new();
        for (p, origin) in form {
            let Some(name) = p.get("name").and_then(Value::as_str) else {
                self.diags.push(Diagnostic::error(
                    origin,
                    "a form parameter has no `name`",
                    "give the parameter a name",
                ));
                continue;
            };
            self.map
                .add(child(&child(&schema_ptr, "properties"), name), origin);
            let mut prop = param_schema(p, origin, &mut self.diags);
            if let (Some(d), Some(m)) = (p.get("description"), prop.as_object_mut()) {
                m.insert("description".into(), d.clone());
            }
            if !multipart && p.get("type").and_then(Value::as_str) == Some("array") {
                self.diags.push(Diagnostic::warning(
                    origin,
                    format!("the form parameter `{name}` is an array; the generated client sends an array form field as JSON text"),
                    "send the list as one delimited string field, or use multipart/form-data",
                ));
            }
            properties.insert(name.to_owned(), prop);
            if p.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(json!(name));
            }
        }
        let mut body_schema = json!({ "type": "object", "properties": properties });
        if !required.is_empty() {
            body_schema["required"] = Value::Array(required.clone());
        }
        json!({ "content": { media: { "schema": body_schema } }, "required": !required.is_empty() })
    }

    fn parameter(&mut self, p: &Value, pointer: &str) -> Value {
        let Some(map) = p.as_object() else {
            return p.clone();
        };
        if map.contains_key("$ref") {
            return p.clone();
        }
        let mut out = Map::new();
        for (key, v) in map {
            match key.as_str() {
                "x-example" => {
                    out.insert("example".into(), v.clone());
                }
                "collectionFormat" => {}
                k if SCHEMA_KEYS.contains(&k) => {}
                _ => {
                    out.insert(key.clone(), v.clone());
                }
            }
        }
        out.insert("schema".into(), param_schema(p, pointer, &mut self.diags));
        let location = map.get("in").and_then(Value::as_str).unwrap_or("");
        if map.get("type").and_then(Value::as_str) == Some("array") {
            let format = map
                .get("collectionFormat")
                .and_then(Value::as_str)
                .unwrap_or("csv");
            let query = location == "query";
            match (format, query) {
                ("csv", true) => {
                    out.insert("style".into(), json!("form"));
                    out.insert("explode".into(), json!(false));
                }
                ("csv", false) => {}
                ("multi", true) => {
                    out.insert("style".into(), json!("form"));
                    out.insert("explode".into(), json!(true));
                }
                ("ssv", true) => {
                    out.insert("style".into(), json!("spaceDelimited"));
                    out.insert("explode".into(), json!(false));
                }
                ("pipes", true) => {
                    out.insert("style".into(), json!("pipeDelimited"));
                    out.insert("explode".into(), json!(false));
                }
                // 3.0 has no style for tsv; lowering reads the delimiter from the extension.
                ("tsv", true) => {
                    out.insert("style".into(), json!("form"));
                    out.insert("explode".into(), json!(false));
                    out.insert("x-list-delimiter".into(), json!("\t"));
                }
                // Path and header values are always comma-separated by the generated client.
                ("ssv" | "tsv" | "pipes", false) => self.diags.push(Diagnostic::warning(
                    child(pointer, "collectionFormat"),
                    format!("`collectionFormat: {format}` on an `in: {location}` parameter has no OpenAPI 3.0 style"),
                    "the generated client joins the values with commas (`csv`)",
                )),
                ("multi", false) => self.diags.push(Diagnostic::warning(
                    child(pointer, "collectionFormat"),
                    format!("`collectionFormat: multi` is only valid for query and form parameters, not `in: {location}`"),
                    "the values are joined with commas",
                )),
                (other, _) => self.diags.push(Diagnostic::warning(
                    child(pointer, "collectionFormat"),
                    format!("unknown collectionFormat `{other}`"),
                    "use csv, ssv, tsv, pipes or multi; the values are joined with commas",
                )),
            }
        }
        Value::Object(out)
    }

    fn response(&mut self, r: &Value, produces: &[String], converted: &str, origin: &str) -> Value {
        let Some(map) = r.as_object() else {
            return r.clone();
        };
        if map.contains_key("$ref") {
            return r.clone();
        }
        let mut out = Map::new();
        for (key, v) in map {
            match key.as_str() {
                "schema" | "examples" => {}
                "headers" => {
                    let headers = v
                        .as_object()
                        .map(|hs| {
                            Value::Object(
                                hs.iter()
                                    .map(|(name, h)| {
                                        let hp = child(&child(converted, "headers"), name);
                                        let ho = child(&child(origin, "headers"), name);
                                        self.map.add(child(&hp, "schema"), &ho);
                                        let mut header: Map<String, Value> = h
                                            .as_object()
                                            .into_iter()
                                            .flatten()
                                            .filter(|(k, _)| {
                                                !SCHEMA_KEYS.contains(&k.as_str())
                                                    && *k != "collectionFormat"
                                            })
                                            .map(|(k, v)| (k.clone(), v.clone()))
                                            .collect();
                                        header.insert(
                                            "schema".into(),
                                            param_schema(h, &ho, &mut self.diags),
                                        );
                                        (name.clone(), Value::Object(header))
                                    })
                                    .collect(),
                            )
                        })
                        .unwrap_or_else(|| v.clone());
                    out.insert("headers".into(), headers);
                }
                _ => {
                    out.insert(key.clone(), v.clone());
                }
            }
        }
        if let Some(s) = map.get("schema") {
            let media: Vec<String> = if produces.is_empty() {
                vec!["application/json".into()]
            } else {
                produces.to_vec()
            };
            let converted_schema = schema(s, &child(origin, "schema"), &mut self.diags);
            let examples = obj(map.get("examples"));
            let mut content = Map::new();
            for mt in media {
                let ptr = child(&child(converted, "content"), &mt);
                self.map.add(&ptr, origin);
                self.map.add(child(&ptr, "schema"), child(origin, "schema"));
                let mut media_type = json!({ "schema": converted_schema });
                if let Some(example) = examples.and_then(|e| e.get(&mt)) {
                    media_type["example"] = example.clone();
                }
                content.insert(mt, media_type);
            }
            out.insert("content".into(), Value::Object(content));
        }
        Value::Object(out)
    }
}

/// The schema of a non-body parameter, a header or an `items` object: its schema keywords.
fn param_schema(p: &Value, pointer: &str, diags: &mut Diagnostics) -> Value {
    let mut out = Map::new();
    for (key, v) in p.as_object().into_iter().flatten() {
        if SCHEMA_KEYS.contains(&key.as_str()) {
            let v = if key == "items" {
                param_schema(v, &child(pointer, "items"), diags)
            } else {
                v.clone()
            };
            out.insert(key.clone(), v);
        }
    }
    schema(&Value::Object(out), pointer, diags)
}

/// A 2.0 Schema Object as a 3.0 one: `x-nullable`, `type: file`, a string `discriminator`,
/// `x-example`; recursively. Mistakes with one clear reading are repaired: a list of `items`
/// schemas (draft-4 tuples, used as a choice), a list of types, `type: "null"`.
pub fn schema(s: &Value, pointer: &str, diags: &mut Diagnostics) -> Value {
    let Some(map) = s.as_object() else {
        return s.clone();
    };
    let mut out = Map::new();
    for (key, v) in map {
        let here = child(pointer, key);
        let v = match key.as_str() {
            "properties" | "patternProperties" | "definitions" => match v.as_object() {
                Some(props) => Value::Object(
                    props
                        .iter()
                        .map(|(k, p)| (k.clone(), schema(p, &child(&here, k), diags)))
                        .collect(),
                ),
                None => v.clone(),
            },
            "items" if v.is_array() => {
                let members: Vec<Value> = v
                    .as_array()
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .map(|(i, m)| schema(m, &format!("{here}/{i}"), diags))
                    .collect();
                let is_array = map.get("type").and_then(Value::as_str) == Some("array");
                diags.push(Diagnostic::repair(
                    &here,
                    "`items` is a list of schemas, which Swagger 2.0 does not allow",
                    if is_array {
                        "read as items that match any of them (`anyOf`)"
                    } else {
                        "read as a value that matches any of them (`anyOf`)"
                    },
                ));
                if is_array {
                    json!({ "anyOf": members })
                } else {
                    out.insert("anyOf".into(), Value::Array(members));
                    continue;
                }
            }
            "items" | "additionalProperties" | "not" => schema(v, &here, diags),
            "allOf" | "oneOf" | "anyOf" => match v.as_array() {
                Some(list) => Value::Array(
                    list.iter()
                        .enumerate()
                        .map(|(i, m)| schema(m, &format!("{here}/{i}"), diags))
                        .collect(),
                ),
                None => v.clone(),
            },
            _ => v.clone(),
        };
        match key.as_str() {
            "x-nullable" => {
                out.insert("nullable".into(), v);
            }
            "x-example" if !map.contains_key("example") => {
                out.insert("example".into(), v);
            }
            "discriminator" if v.is_string() => {
                out.insert("discriminator".into(), json!({ "propertyName": v }));
            }
            "type" if v == "file" => {
                out.insert("type".into(), json!("string"));
                out.insert("format".into(), json!("binary"));
            }
            _ => {
                out.insert(key.clone(), v);
            }
        }
    }
    if super::openapi31::types(&mut out) {
        diags.push(Diagnostic::repair(child(pointer, "type"), "`type` is a list or `null`, which Swagger 2.0 does not allow", "read as OpenAPI 3.1 reads it: `null` makes the value nullable, several types a `oneOf`"));
    }
    if super::openapi31::null_members(&mut out) {
        diags.push(Diagnostic::repair(
            pointer,
            "a `{type: null}` member of a choice",
            "read as a nullable value",
        ));
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Value {
        json!({
            "swagger": "2.0",
            "info": { "title": "t", "version": "1" },
            "host": "api.example.com", "basePath": "/v1", "schemes": ["http", "https"],
            "consumes": ["application/json"], "produces": ["application/json"],
            "definitions": { "Pet": { "type": "object", "properties": { "tag": { "type": "string", "x-nullable": true } } } },
            "paths": { "/pets": {
                "get": { "parameters": [{ "name": "tags", "in": "query", "type": "array", "items": { "type": "string" }, "collectionFormat": "pipes" }],
                         "responses": { "200": { "description": "ok", "schema": { "type": "array", "items": { "$ref": "#/definitions/Pet" } } } } },
                "post": { "parameters": [{ "name": "q", "in": "query", "type": "string" }, { "name": "pet", "in": "body", "required": true, "schema": { "$ref": "#/definitions/Pet" } }],
                          "responses": { "201": { "description": "made" } } },
                "put": { "consumes": ["multipart/form-data"], "parameters": [{ "name": "photo", "in": "formData", "type": "file", "required": true }],
                         "responses": { "204": { "description": "done" } } }
            } }
        })
    }

    #[test]
    fn converts_the_main_constructs() {
        let (out, map, diags) = convert(doc());
        assert!(diags.items.is_empty(), "{diags}");
        assert_eq!(out["servers"][0]["url"], "https://api.example.com/v1");
        assert_eq!(
            out["components"]["schemas"]["Pet"]["properties"]["tag"]["nullable"],
            true
        );
        let get = &out["paths"]["/pets"]["get"];
        assert_eq!(get["parameters"][0]["style"], "pipeDelimited");
        assert_eq!(
            get["responses"]["200"]["content"]["application/json"]["schema"]["items"]["$ref"],
            "#/components/schemas/Pet"
        );
        let post = &out["paths"]["/pets"]["post"];
        assert_eq!(
            post["requestBody"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Pet"
        );
        assert_eq!(post["requestBody"]["required"], true);
        let put = &out["paths"]["/pets"]["put"]["requestBody"]["content"]["multipart/form-data"]["schema"];
        assert_eq!(put["properties"]["photo"]["format"], "binary");
        assert_eq!(
            map.original("#/paths/~1pets/post/requestBody/content/application~1json/schema"),
            "#/paths/~1pets/post/parameters/1/schema"
        );
        assert_eq!(
            map.original("#/paths/~1pets/get/responses/200/content/application~1json/schema/items"),
            "#/paths/~1pets/get/responses/200/schema/items"
        );
        assert_eq!(
            map.original("#/components/schemas/Pet/properties/tag"),
            "#/definitions/Pet/properties/tag"
        );
    }
}
