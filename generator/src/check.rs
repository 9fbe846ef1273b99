//! Checks the document, as a JSON value, against the OpenAPI 3.0 object model before it is
//! deserialised, and repairs the mistakes that have one obvious repair.
//!
//! One walk over the whole document, typed by a table of the 3.0 objects (`fields`):
//! - every key is known or an `x-` extension; an unknown key is a warning that names the
//!   closest known key (`responsez` -> `responses`);
//! - every scalar has its type; wrongly typed scalars with a clear meaning are repaired
//!   (`null` for an optional field is dropped, `1.0` for a string is `"1.0"`, a numeric
//!   `exclusiveMinimum: 0` is `minimum: 0` plus `exclusiveMinimum: true`), others are errors;
//! - `type`, `in` and `style` take one of their allowed values; an unknown one is an error
//!   naming the allowed values and the closest one (`int` -> `integer`);
//! - required fields are present.
//!
//! Every problem is reported, each at the offending value. A piece that stays broken (an
//! operation, a path item, a component) is set aside ([`Checked::value`] no longer has it), so
//! the rest still deserialises and lowering can report reference and name problems too.

use crate::diagnostics::{Diagnostic, Diagnostics, child};
use serde_json::{Map, Value};

/// The 3.0 objects the walk knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Obj {
    Document,
    Info,
    Contact,
    License,
    Server,
    ServerVariable,
    Components,
    PathItem,
    Operation,
    ExternalDocs,
    Parameter,
    RequestBody,
    MediaType,
    Encoding,
    Response,
    Example,
    Link,
    Header,
    Tag,
    SecurityScheme,
    OAuthFlows,
    OAuthFlow,
    Discriminator,
    Xml,
}

impl Obj {
    fn label(self) -> &'static str {
        match self {
            Obj::Document => "the document root",
            Obj::Info => "an info object",
            Obj::Contact => "a contact object",
            Obj::License => "a license object",
            Obj::Server => "a server object",
            Obj::ServerVariable => "a server variable",
            Obj::Components => "the components object",
            Obj::PathItem => "a path item",
            Obj::Operation => "an operation",
            Obj::ExternalDocs => "an external documentation object",
            Obj::Parameter => "a parameter",
            Obj::RequestBody => "a request body",
            Obj::MediaType => "a media type object",
            Obj::Encoding => "an encoding object",
            Obj::Response => "a response",
            Obj::Example => "an example object",
            Obj::Link => "a link object",
            Obj::Header => "a header object",
            Obj::Tag => "a tag",
            Obj::SecurityScheme => "a security scheme",
            Obj::OAuthFlows => "an OAuth flows object",
            Obj::OAuthFlow => "an OAuth flow object",
            Obj::Discriminator => "a discriminator",
            Obj::Xml => "an XML object",
        }
    }
}

/// What a field holds.
#[derive(Debug, Clone, Copy)]
enum F {
    Str,
    Bool,
    Num,
    /// A non-negative integer (`minLength`, `maxItems`, ...).
    Count,
    /// Any JSON value (`example`, `default`, `enum` members).
    Any,
    /// One of a set of strings.
    OneOf(&'static [&'static str]),
    Obj(Obj),
    /// A Reference Object or the object.
    Ref(Obj),
    Schema,
    Map(&'static F),
    List(&'static F),
    Paths,
    Responses,
    Callback,
}

const HTTP_METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const SCHEMA_TYPES: &[&str] = &["string", "number", "integer", "boolean", "array", "object"];
const PARAMETER_IN: &[&str] = &["query", "header", "path", "cookie"];
const STYLES: &[&str] = &["matrix", "label", "form", "simple", "spaceDelimited", "pipeDelimited", "deepObject"];

const STR_LIST: F = F::List(&F::Str);
const SCHEMA_LIST: F = F::List(&F::Schema);
const SCHEMA_MAP: F = F::Map(&F::Schema);
const SERVERS: F = F::List(&F::Obj(Obj::Server));
const SECURITY: F = F::List(&F::Map(&STR_LIST));
const EXAMPLES: F = F::Map(&F::Ref(Obj::Example));
const CONTENT: F = F::Map(&F::Obj(Obj::MediaType));
const HEADERS: F = F::Map(&F::Ref(Obj::Header));
const PARAMETERS: F = F::List(&F::Ref(Obj::Parameter));

/// The fields of each object and which of them are required.
fn fields(obj: Obj) -> (&'static [(&'static str, F)], &'static [&'static str]) {
    match obj {
        Obj::Document => (
            &[
                ("openapi", F::Str),
                ("info", F::Obj(Obj::Info)),
                ("servers", SERVERS),
                ("paths", F::Paths),
                ("components", F::Obj(Obj::Components)),
                ("security", SECURITY),
                ("tags", F::List(&F::Obj(Obj::Tag))),
                ("externalDocs", F::Obj(Obj::ExternalDocs)),
            ],
            &["openapi", "info", "paths"],
        ),
        Obj::Info => (
            &[("title", F::Str), ("description", F::Str), ("termsOfService", F::Str), ("contact", F::Obj(Obj::Contact)), ("license", F::Obj(Obj::License)), ("version", F::Str)],
            &["title", "version"],
        ),
        Obj::Contact => (&[("name", F::Str), ("url", F::Str), ("email", F::Str)], &[]),
        Obj::License => (&[("name", F::Str), ("url", F::Str)], &["name"]),
        Obj::Server => (&[("url", F::Str), ("description", F::Str), ("variables", F::Map(&F::Obj(Obj::ServerVariable)))], &["url"]),
        Obj::ServerVariable => (&[("enum", STR_LIST), ("default", F::Str), ("description", F::Str)], &["default"]),
        Obj::Components => (
            &[
                ("schemas", SCHEMA_MAP),
                ("responses", F::Map(&F::Ref(Obj::Response))),
                ("parameters", F::Map(&F::Ref(Obj::Parameter))),
                ("examples", EXAMPLES),
                ("requestBodies", F::Map(&F::Ref(Obj::RequestBody))),
                ("headers", HEADERS),
                ("securitySchemes", F::Map(&F::Ref(Obj::SecurityScheme))),
                ("links", F::Map(&F::Ref(Obj::Link))),
                ("callbacks", F::Map(&F::Callback)),
            ],
            &[],
        ),
        Obj::PathItem => (
            &[
                ("$ref", F::Str),
                ("summary", F::Str),
                ("description", F::Str),
                ("get", F::Obj(Obj::Operation)),
                ("put", F::Obj(Obj::Operation)),
                ("post", F::Obj(Obj::Operation)),
                ("delete", F::Obj(Obj::Operation)),
                ("options", F::Obj(Obj::Operation)),
                ("head", F::Obj(Obj::Operation)),
                ("patch", F::Obj(Obj::Operation)),
                ("trace", F::Obj(Obj::Operation)),
                ("servers", SERVERS),
                ("parameters", PARAMETERS),
            ],
            &[],
        ),
        Obj::Operation => (
            &[
                ("tags", STR_LIST),
                ("summary", F::Str),
                ("description", F::Str),
                ("externalDocs", F::Obj(Obj::ExternalDocs)),
                ("operationId", F::Str),
                ("parameters", PARAMETERS),
                ("requestBody", F::Ref(Obj::RequestBody)),
                ("responses", F::Responses),
                ("callbacks", F::Map(&F::Callback)),
                ("deprecated", F::Bool),
                ("security", SECURITY),
                ("servers", SERVERS),
            ],
            &["responses"],
        ),
        Obj::ExternalDocs => (&[("description", F::Str), ("url", F::Str)], &["url"]),
        Obj::Parameter => (
            &[
                ("name", F::Str),
                ("in", F::OneOf(PARAMETER_IN)),
                ("description", F::Str),
                ("required", F::Bool),
                ("deprecated", F::Bool),
                ("allowEmptyValue", F::Bool),
                ("style", F::OneOf(STYLES)),
                ("explode", F::Bool),
                ("allowReserved", F::Bool),
                ("schema", F::Schema),
                ("example", F::Any),
                ("examples", EXAMPLES),
                ("content", CONTENT),
            ],
            &["name", "in"],
        ),
        Obj::Header => (
            &[
                ("description", F::Str),
                ("required", F::Bool),
                ("deprecated", F::Bool),
                ("allowEmptyValue", F::Bool),
                ("style", F::OneOf(STYLES)),
                ("explode", F::Bool),
                ("allowReserved", F::Bool),
                ("schema", F::Schema),
                ("example", F::Any),
                ("examples", EXAMPLES),
                ("content", CONTENT),
            ],
            &[],
        ),
        Obj::RequestBody => (&[("description", F::Str), ("content", CONTENT), ("required", F::Bool)], &["content"]),
        Obj::MediaType => (&[("schema", F::Schema), ("example", F::Any), ("examples", EXAMPLES), ("encoding", F::Map(&F::Obj(Obj::Encoding)))], &[]),
        Obj::Encoding => (&[("contentType", F::Str), ("headers", HEADERS), ("style", F::OneOf(STYLES)), ("explode", F::Bool), ("allowReserved", F::Bool)], &[]),
        Obj::Response => (&[("description", F::Str), ("headers", HEADERS), ("content", CONTENT), ("links", F::Map(&F::Ref(Obj::Link)))], &["description"]),
        Obj::Example => (&[("summary", F::Str), ("description", F::Str), ("value", F::Any), ("externalValue", F::Str)], &[]),
        Obj::Link => (
            &[("operationRef", F::Str), ("operationId", F::Str), ("parameters", F::Map(&F::Any)), ("requestBody", F::Any), ("description", F::Str), ("server", F::Obj(Obj::Server))],
            &[],
        ),
        Obj::Tag => (&[("name", F::Str), ("description", F::Str), ("externalDocs", F::Obj(Obj::ExternalDocs))], &["name"]),
        Obj::SecurityScheme => (
            &[
                ("type", F::OneOf(&["apiKey", "http", "oauth2", "openIdConnect"])),
                ("description", F::Str),
                ("name", F::Str),
                ("in", F::OneOf(&["query", "header", "cookie"])),
                ("scheme", F::Str),
                ("bearerFormat", F::Str),
                ("flows", F::Obj(Obj::OAuthFlows)),
                ("openIdConnectUrl", F::Str),
            ],
            &["type"],
        ),
        Obj::OAuthFlows => (
            &[("implicit", F::Obj(Obj::OAuthFlow)), ("password", F::Obj(Obj::OAuthFlow)), ("clientCredentials", F::Obj(Obj::OAuthFlow)), ("authorizationCode", F::Obj(Obj::OAuthFlow))],
            &[],
        ),
        Obj::OAuthFlow => (&[("authorizationUrl", F::Str), ("tokenUrl", F::Str), ("refreshUrl", F::Str), ("scopes", F::Map(&F::Str))], &[]),
        Obj::Discriminator => (&[("propertyName", F::Str), ("mapping", F::Map(&F::Str))], &["propertyName"]),
        Obj::Xml => (&[("name", F::Str), ("namespace", F::Str), ("prefix", F::Str), ("attribute", F::Bool), ("wrapped", F::Bool)], &[]),
    }
}

/// The keywords of a Schema Object.
const SCHEMA_FIELDS: &[(&str, F)] = &[
    ("title", F::Str),
    ("multipleOf", F::Num),
    ("maximum", F::Num),
    ("exclusiveMaximum", F::Bool),
    ("minimum", F::Num),
    ("exclusiveMinimum", F::Bool),
    ("maxLength", F::Count),
    ("minLength", F::Count),
    ("pattern", F::Str),
    ("maxItems", F::Count),
    ("minItems", F::Count),
    ("uniqueItems", F::Bool),
    ("maxProperties", F::Count),
    ("minProperties", F::Count),
    ("required", STR_LIST),
    ("enum", F::List(&F::Any)),
    ("type", F::OneOf(SCHEMA_TYPES)),
    ("allOf", SCHEMA_LIST),
    ("oneOf", SCHEMA_LIST),
    ("anyOf", SCHEMA_LIST),
    ("not", F::Schema),
    ("items", F::Schema),
    ("properties", SCHEMA_MAP),
    // Checked by hand: a boolean or a schema.
    ("additionalProperties", F::Any),
    ("description", F::Str),
    ("format", F::Str),
    ("default", F::Any),
    ("nullable", F::Bool),
    ("discriminator", F::Obj(Obj::Discriminator)),
    ("readOnly", F::Bool),
    ("writeOnly", F::Bool),
    ("xml", F::Obj(Obj::Xml)),
    ("externalDocs", F::Obj(Obj::ExternalDocs)),
    ("example", F::Any),
    ("deprecated", F::Bool),
];

/// The checked document and what was found.
pub struct Checked {
    /// The document with every repair applied and every broken piece set aside.
    pub value: Value,
    /// Errors, repairs and unknown-key warnings.
    pub diags: Diagnostics,
    /// `$ref`s to components that were set aside: problems about them are already reported.
    pub set_aside: Vec<String>,
}

/// Walks `value` as an OpenAPI 3.0 document.
pub fn check(mut value: Value) -> Checked {
    let mut checker = Checker { diags: Diagnostics::default(), broken: Vec::new() };
    if !value.is_object() {
        checker.error("#", "the document is not an object", "an OpenAPI document is a YAML or JSON object with `openapi`, `info` and `paths`");
        return Checked { value, diags: checker.diags, set_aside: Vec::new() };
    }
    checker.inline_media_type_refs(&mut value);
    checker.walk(&mut value, F::Obj(Obj::Document), "#");
    let set_aside = checker.set_aside(&mut value);
    Checked { value, diags: checker.diags, set_aside }
}

struct Checker {
    diags: Diagnostics,
    /// Pointers of values with an error that was not repaired.
    broken: Vec<String>,
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A short rendering of a scalar for messages.
fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 { format!("{}...", text.chars().take(40).collect::<String>()) } else { text }
}

impl Checker {
    fn error(&mut self, pointer: &str, message: impl Into<String>, hint: impl Into<String>) {
        self.diags.push(Diagnostic::error(pointer, message, hint));
        self.broken.push(pointer.to_owned());
    }

    fn repair(&mut self, pointer: &str, message: impl Into<String>, done: impl Into<String>) {
        self.diags.push(Diagnostic::repair(pointer, message, done));
    }

    /// `content: {$ref: '#/components/mediaTypes/X'}` (an OpenAPI 3.2 form some 3.0 documents
    /// use): the media-type map is inlined from `components.mediaTypes`.
    fn inline_media_type_refs(&mut self, root: &mut Value) {
        let Some(media_types) = root.get("components").and_then(|c| c.get("mediaTypes")).cloned() else { return };
        let mut stack: Vec<(&mut Value, String)> = vec![(root, "#".to_owned())];
        let mut used = false;
        while let Some((value, pointer)) = stack.pop() {
            match value {
                Value::Object(map) => {
                    for (key, child_value) in map.iter_mut() {
                        let child_pointer = child(&pointer, key);
                        if key == "content" {
                            if let Some(reference) = child_value.get("$ref").and_then(Value::as_str).map(str::to_owned) {
                                let target = reference.strip_prefix("#/components/mediaTypes/").and_then(|k| media_types.get(crate::diagnostics::unescape_token(k).as_ref()));
                                match target {
                                    Some(target) if target.is_object() => {
                                        *child_value = target.clone();
                                        used = true;
                                        self.repair(&child_pointer, format!("`content` is a `$ref: {reference}`; OpenAPI 3.0 has no `components.mediaTypes`"), "the referenced media-type map is used in its place");
                                    }
                                    _ => self.error(&child_pointer, format!("`content` is a `$ref: {reference}`, which does not resolve to a media-type map"), "write the media types (`application/json: {schema: ...}`) under `content`"),
                                }
                                continue;
                            }
                        }
                        if child_value.is_object() || child_value.is_array() {
                            stack.push((child_value, child_pointer));
                        }
                    }
                }
                Value::Array(items) => {
                    for (i, item) in items.iter_mut().enumerate() {
                        stack.push((item, child(&pointer, &i.to_string())));
                    }
                }
                _ => {}
            }
        }
        if used {
            if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
                components.remove("mediaTypes");
            }
        }
    }

    fn walk(&mut self, value: &mut Value, f: F, pointer: &str) {
        match f {
            F::Any => {}
            F::Str | F::Bool | F::Num | F::Count | F::OneOf(_) => {
                // Scalars are checked by the owning object (it may drop or rewrite them).
            }
            F::Obj(obj) => self.object(value, obj, pointer),
            F::Ref(obj) => {
                if value.get("$ref").is_some() {
                    self.reference(value, pointer);
                } else {
                    self.object(value, obj, pointer);
                }
            }
            F::Schema => self.schema(value, pointer),
            F::Map(inner) => {
                let Some(map) = value.as_object_mut() else {
                    self.error(pointer, format!("expected a map (object), found {}", kind_of(value)), "write this as a YAML mapping / JSON object");
                    return;
                };
                for (key, item) in map.iter_mut() {
                    let item_pointer = child(pointer, key);
                    self.field_value(item, *inner, &item_pointer);
                }
            }
            F::List(inner) => {
                let Some(items) = value.as_array_mut() else {
                    self.error(pointer, format!("expected a list, found {}", kind_of(value)), "write this as a YAML sequence / JSON array");
                    return;
                };
                for (i, item) in items.iter_mut().enumerate() {
                    let item_pointer = child(pointer, &i.to_string());
                    self.field_value(item, *inner, &item_pointer);
                }
            }
            F::Paths => {
                let Some(map) = value.as_object_mut() else {
                    self.error(pointer, format!("`paths` must be a map of path items, found {}", kind_of(value)), "write `paths:` as a mapping from `/path` to its operations");
                    return;
                };
                for (key, item) in map.iter_mut() {
                    if key.starts_with("x-") {
                        continue;
                    }
                    let item_pointer = child(pointer, key);
                    if !key.starts_with('/') {
                        self.error(&item_pointer, format!("the path `{key}` does not start with `/`"), "paths are relative to the server URL and start with `/`");
                        continue;
                    }
                    self.object(item, Obj::PathItem, &item_pointer);
                }
            }
            F::Callback => {
                if value.get("$ref").is_some() {
                    return self.reference(value, pointer);
                }
                let Some(map) = value.as_object_mut() else {
                    self.error(pointer, format!("expected a callback (a map from expression to path item), found {}", kind_of(value)), "write the callback as a mapping");
                    return;
                };
                for (key, item) in map.iter_mut() {
                    if !key.starts_with("x-") {
                        let item_pointer = child(pointer, key);
                        self.object(item, Obj::PathItem, &item_pointer);
                    }
                }
            }
            F::Responses => {
                let Some(map) = value.as_object_mut() else {
                    self.error(pointer, format!("`responses` must be a map from status code to response, found {}", kind_of(value)), "write `responses:` as a mapping such as `\"200\": {description: ...}`");
                    return;
                };
                for (key, item) in map.iter_mut() {
                    if key.starts_with("x-") {
                        continue;
                    }
                    let item_pointer = child(pointer, key);
                    if key != "default" && !is_status(key) {
                        self.error(&item_pointer, format!("`{key}` is not an HTTP status code, a range such as `2XX`, or `default`"), "use a three-digit status code");
                        continue;
                    }
                    self.field_value(item, F::Ref(Obj::Response), &item_pointer);
                }
            }
        }
    }

    /// A value of a map or list: scalars are checked here, where they cannot be dropped.
    fn field_value(&mut self, value: &mut Value, f: F, pointer: &str) {
        match f {
            F::Str | F::Bool | F::Num | F::Count | F::OneOf(_) => {
                if let Some(fixed) = self.scalar(value, f, pointer, true) {
                    *value = fixed;
                }
            }
            other => self.walk(value, other, pointer),
        }
    }

    fn reference(&mut self, value: &mut Value, pointer: &str) {
        match value.get("$ref") {
            Some(Value::String(_)) => {}
            Some(other) => {
                let found = kind_of(other);
                self.error(&child(pointer, "$ref"), format!("`$ref` must be a string, found {found}"), "write the reference as a string such as `#/components/schemas/Name`");
            }
            None => {}
        }
    }

    /// Checks one scalar. `Some(new)` replaces it; for an optional field, `Some(Null)` means "drop it".
    fn scalar(&mut self, value: &Value, f: F, pointer: &str, required: bool) -> Option<Value> {
        let key = pointer.rsplit('/').next().unwrap_or_default().replace("~1", "/").replace("~0", "~");
        match (f, value) {
            (F::Str, Value::String(_)) | (F::Bool, Value::Bool(_)) | (F::Num, Value::Number(_)) => None,
            (F::Count, Value::Number(n)) if n.is_u64() => None,
            (F::Count, Value::Number(n)) if n.as_f64().is_some_and(|f| f >= 0.0 && f.fract() == 0.0 && f < 1e15) => {
                let whole = n.as_f64().unwrap_or_default() as u64;
                self.repair(pointer, format!("`{key}: {n}` should be a whole number"), format!("read as `{whole}`"));
                Some(Value::from(whole))
            }
            (F::OneOf(allowed), Value::String(s)) => {
                if allowed.contains(&s.as_str()) {
                    return None;
                }
                if let Some(exact) = allowed.iter().find(|a| a.eq_ignore_ascii_case(s)) {
                    self.repair(pointer, format!("`{key}: {s}` is not one of {}", list(allowed)), format!("read as `{exact}` (the values are case-sensitive)"));
                    return Some(Value::String((*exact).to_owned()));
                }
                let closest = closest(s, allowed);
                self.error(pointer, format!("`{key}: {s}` is not one of {}", list(allowed)), format!("did you mean `{closest}`?"));
                None
            }
            (_, Value::Null) if !required => {
                self.repair(pointer, format!("`{key}` is null"), "the key is ignored");
                Some(Value::Null)
            }
            (F::Str | F::OneOf(_), Value::Null) => {
                self.repair(pointer, format!("`{key}` is null, but a string is required here"), "read as an empty string");
                Some(Value::String(String::new()))
            }
            (F::Str, Value::Number(_) | Value::Bool(_)) => {
                let text = value.to_string();
                self.repair(pointer, format!("`{key}: {text}` should be a string"), format!("read as the string \"{text}\""));
                Some(Value::String(text))
            }
            (F::Bool, Value::String(s)) if s == "true" || s == "false" => {
                self.repair(pointer, format!("`{key}: \"{s}\"` should be a boolean, not a string"), format!("read as `{s}`"));
                Some(Value::Bool(s == "true"))
            }
            (F::Num | F::Count, Value::String(s)) if s.trim().parse::<f64>().is_ok_and(f64::is_finite) => {
                let n: Value = serde_json::from_str(s.trim()).ok().filter(Value::is_number).unwrap_or_else(|| serde_json::Number::from_f64(s.trim().parse().unwrap_or_default()).map(Value::Number).unwrap_or_default());
                if matches!(f, F::Count) && !n.is_u64() {
                    self.error(pointer, format!("`{key}` must be a non-negative whole number, found {}", show(value)), "write a number such as `0` or `10`");
                    return None;
                }
                self.repair(pointer, format!("`{key}: \"{s}\"` should be a number, not a string"), format!("read as `{n}`"));
                Some(n)
            }
            _ => {
                let expected = match f {
                    F::Str | F::OneOf(_) => "a string",
                    F::Bool => "a boolean (`true` or `false`)",
                    F::Num => "a number",
                    F::Count => "a non-negative whole number",
                    _ => "another type",
                };
                self.error(pointer, format!("`{key}` must be {expected}, found {} {}", kind_of(value), show(value)), format!("write {expected} here"));
                None
            }
        }
    }

    /// Checks the fields of one object against the table.
    fn object(&mut self, value: &mut Value, obj: Obj, pointer: &str) {
        let (known, required) = fields(obj);
        self.fields(value, obj.label(), known, required, pointer);
        if obj == Obj::Parameter {
            self.parameter(value, pointer);
        }
    }

    fn fields(&mut self, value: &mut Value, label: &str, known: &[(&str, F)], required: &[&str], pointer: &str) {
        let Some(map) = value.as_object_mut() else {
            self.error(pointer, format!("expected {label}, found {} {}", kind_of(value), show(value)), "write an object here (see the OpenAPI 3.0 specification)");
            return;
        };
        let mut drop = Vec::new();
        for (key, item) in map.iter_mut() {
            if key.starts_with("x-") {
                continue;
            }
            let item_pointer = child(pointer, key);
            let Some((_, f)) = known.iter().find(|(k, _)| k == key) else {
                let names: Vec<&str> = known.iter().map(|(k, _)| *k).collect();
                let closest = closest(key, &names);
                let hint = if distance(key, closest) <= (key.len().max(closest.len()) / 3).max(2) {
                    format!("did you mean `{closest}`? The key is ignored (extensions start with `x-`)")
                } else {
                    format!("the closest known key is `{closest}`; the key is ignored (extensions start with `x-`)")
                };
                self.diags.push(Diagnostic::repair(&item_pointer, format!("unknown key `{key}` in {label}"), hint));
                continue;
            };
            match f {
                F::Str | F::Bool | F::Num | F::Count | F::OneOf(_) => match self.scalar(item, *f, &item_pointer, required.contains(&key.as_str())) {
                    Some(Value::Null) => drop.push(key.clone()),
                    Some(fixed) => *item = fixed,
                    None => {}
                },
                F::Map(_) | F::List(_) | F::Obj(_) | F::Ref(_) | F::Schema | F::Paths | F::Responses | F::Callback if item.is_null() && !required.contains(&key.as_str()) => {
                    self.repair(&item_pointer, format!("`{key}` is null"), "the key is ignored");
                    drop.push(key.clone());
                }
                F::List(inner) if !item.is_array() && !item.is_null() && matches!(inner, F::Str) && item.is_string() => {
                    let text = item.as_str().unwrap_or_default().to_owned();
                    self.repair(&item_pointer, format!("`{key}` should be a list of strings, found the string \"{text}\""), format!("read as `[\"{text}\"]`"));
                    *item = Value::Array(vec![Value::String(text)]);
                }
                other => self.walk(item, *other, &item_pointer),
            }
        }
        for key in drop {
            map.remove(&key);
        }
        for key in required {
            if !map.contains_key(*key) {
                if *key == "description" && label == Obj::Response.label() {
                    self.repair(pointer, "a response without the required `description`", "read as an empty description");
                    map.insert("description".into(), Value::String(String::new()));
                } else {
                    self.error(pointer, format!("{label} without the required field `{key}`"), format!("add `{key}` (see the OpenAPI 3.0 specification)"));
                }
            }
        }
    }

    /// A parameter needs `schema` or `content`; without either it is read as a string.
    fn parameter(&mut self, value: &mut Value, pointer: &str) {
        let Some(map) = value.as_object_mut() else { return };
        if !map.contains_key("schema") && !map.contains_key("content") && map.contains_key("name") {
            self.repair(pointer, "a parameter without `schema` or `content`", "read as `schema: {type: string}`");
            map.insert("schema".into(), serde_json::json!({ "type": "string" }));
        }
    }

    fn schema(&mut self, value: &mut Value, pointer: &str) {
        if let Value::Array(items) = value {
            if items.len() == 1 {
                self.repair(pointer, "a schema written as a list of one schema", "the list's only element is used");
                *value = items.remove(0);
            } else {
                self.error(pointer, format!("a schema written as a list of {} entries", items.len()), "a schema is an object; combine several with `allOf`, `oneOf` or `anyOf`");
                return;
            }
        }
        if value.is_null() {
            self.repair(pointer, "a schema is null", "read as `{}` (any value)");
            *value = Value::Object(Map::new());
            return;
        }
        if let Value::Bool(b) = value {
            let b = *b;
            self.repair(pointer, format!("a schema written as `{b}` (a JSON Schema form OpenAPI 3.0 does not have)"), if b { "read as `{}` (any value)" } else { "read as `{not: {}}` (no value)" });
            *value = if b { serde_json::json!({}) } else { serde_json::json!({ "not": {} }) };
            return;
        }
        if value.get("$ref").is_some() {
            return self.reference(value, pointer);
        }
        if let Some(map) = value.as_object_mut() {
            self.schema_repairs(map, pointer);
            self.properties_required(map, pointer);
        }
        self.fields(value, "a schema", SCHEMA_FIELDS, &[], pointer);
        let Some(map) = value.as_object_mut() else { return };
        if let Some(additional) = map.get_mut("additionalProperties") {
            let additional_pointer = child(pointer, "additionalProperties");
            match additional {
                Value::Bool(_) => {}
                Value::Null => {
                    self.repair(&additional_pointer, "`additionalProperties` is null", "the key is ignored");
                    map.remove("additionalProperties");
                }
                other => self.schema(other, &additional_pointer),
            }
        }
        self.dedupe_enum(map, pointer);
    }

    /// Repairs of schema keywords that must happen before the fields are type-checked.
    fn schema_repairs(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        // `type: [string, "null"]` (OpenAPI 3.1) is `type: string, nullable: true`.
        if let Some(Value::Array(types)) = map.get("type") {
            let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
            let non_null: Vec<&str> = names.iter().copied().filter(|t| *t != "null").collect();
            if names.len() == types.len() && non_null.len() == 1 && SCHEMA_TYPES.contains(&non_null[0]) {
                let only = non_null[0].to_owned();
                let nullable = names.len() > 1;
                let shown = show(&Value::Array(types.clone()));
                self.repair(&child(pointer, "type"), format!("`type: {shown}` is a list (an OpenAPI 3.1 form)"), if nullable { format!("read as `type: {only}, nullable: true`") } else { format!("read as `type: {only}`") });
                map.insert("type".into(), Value::String(only));
                if nullable {
                    map.insert("nullable".into(), Value::Bool(true));
                }
            }
        }
        // A numeric `exclusiveMinimum` / `exclusiveMaximum` (JSON Schema draft 6+, OpenAPI 3.1)
        // is the bound itself; in 3.0 the keyword is a boolean qualifying `minimum` / `maximum`.
        for (keyword, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            if let Some(Value::Number(n)) = map.get(keyword).cloned() {
                let keyword_pointer = child(pointer, keyword);
                match map.get(bound) {
                    None => {
                        self.repair(&keyword_pointer, format!("`{keyword}: {n}` is a number; in OpenAPI 3.0 it is a boolean that qualifies `{bound}`"), format!("read as `{bound}: {n}, {keyword}: true`"));
                        map.insert(bound.into(), Value::Number(n));
                    }
                    Some(existing) => {
                        let existing = existing.to_string();
                        self.repair(&keyword_pointer, format!("`{keyword}: {n}` is a number; in OpenAPI 3.0 it is a boolean that qualifies `{bound}`"), format!("read as `{keyword}: true` (the schema's `{bound}: {existing}` is kept)"));
                    }
                }
                map.insert(keyword.into(), Value::Bool(true));
            }
        }
        // `discriminator: petType` (Swagger 2.0) is `discriminator: {propertyName: petType}`.
        if let Some(Value::String(name)) = map.get("discriminator").cloned() {
            self.repair(&child(pointer, "discriminator"), format!("`discriminator: {name}` is a string (the Swagger 2.0 form)"), format!("read as `discriminator: {{propertyName: {name}}}`"));
            map.insert("discriminator".into(), serde_json::json!({ "propertyName": name }));
        }
        // `allOf: {...}` where a list belongs.
        for keyword in ["allOf", "oneOf", "anyOf"] {
            if map.get(keyword).is_some_and(Value::is_object) {
                self.repair(&child(pointer, keyword), format!("`{keyword}` is a single schema, not a list"), "read as a list of that one schema");
                if let Some(single) = map.remove(keyword) {
                    map.insert(keyword.into(), Value::Array(vec![single]));
                }
            }
        }
    }

    /// `required: true` on a property (the Swagger/JSON-Schema-draft-3 habit) means the owner
    /// requires that property.
    fn properties_required(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Object(properties)) = map.get_mut("properties") else { return };
        let mut newly_required = Vec::new();
        for (name, property) in properties.iter_mut() {
            let Some(property) = property.as_object_mut() else { continue };
            if let Some(Value::Bool(flag)) = property.get("required").cloned() {
                property.remove("required");
                let property_pointer = child(&child(&child(pointer, "properties"), name), "required");
                if flag {
                    self.repair(&property_pointer, format!("`required: true` on the property `{name}`"), format!("read as `{name}` listed in the owning schema's `required`"));
                    newly_required.push(name.clone());
                } else {
                    self.repair(&property_pointer, format!("`required: false` on the property `{name}`"), "the key is ignored (properties are optional unless the owner lists them)");
                }
            }
        }
        if !newly_required.is_empty() {
            let list = map.entry("required").or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(items) = list {
                for name in newly_required {
                    if !items.iter().any(|i| i.as_str() == Some(name.as_str())) {
                        items.push(Value::String(name));
                    }
                }
            }
        }
    }

    /// `enum: [A, A, B]`: the repeated value is dropped (it would generate an unreachable arm).
    /// A string enum with unquoted YAML scalars (`enum: [true, false]`) means their text.
    fn dedupe_enum(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        let is_string = map.get("type").and_then(Value::as_str) == Some("string");
        let Some(Value::Array(values)) = map.get_mut("enum") else { return };
        if is_string && values.iter().any(|v| v.is_boolean() || v.is_number()) {
            let shown: Vec<String> = values.iter().filter(|v| v.is_boolean() || v.is_number()).map(show).collect();
            for v in values.iter_mut() {
                if v.is_boolean() || v.is_number() {
                    *v = Value::String(v.to_string());
                }
            }
            self.repair(&child(pointer, "enum"), format!("the string enum lists {} unquoted", shown.join(", ")), "read as strings (quote them in YAML)");
        }
        let mut seen: Vec<Value> = Vec::with_capacity(values.len());
        let mut repeated = Vec::new();
        for v in values.drain(..) {
            if seen.contains(&v) {
                repeated.push(v);
            } else {
                seen.push(v);
            }
        }
        *values = seen;
        if !repeated.is_empty() {
            let shown: Vec<String> = repeated.iter().map(show).collect();
            self.repair(&child(pointer, "enum"), format!("`enum` lists {} more than once", shown.join(", ")), "each value is kept once");
        }
    }

    /// Removes every piece with an unrepaired error from the document, so the rest can be
    /// deserialised. Returns the `$ref` forms of the components set aside.
    fn set_aside(&mut self, root: &mut Value) -> Vec<String> {
        let mut roots: Vec<Vec<String>> = Vec::new();
        for pointer in &self.broken {
            let tokens: Vec<String> = pointer.trim_start_matches('#').split('/').skip(1).map(|t| crate::diagnostics::unescape_token(t).into_owned()).collect();
            let keep = match tokens.first().map(String::as_str) {
                Some("paths") if tokens.len() >= 3 && HTTP_METHODS.contains(&tokens[2].as_str()) => 3,
                Some("paths") if tokens.len() >= 2 => 2,
                Some("components") if tokens.len() >= 3 => 3,
                Some("info") => 1,
                Some(_) => 1,
                None => 0,
            };
            roots.push(tokens.into_iter().take(keep).collect());
        }
        roots.sort();
        roots.dedup();
        let mut references = Vec::new();
        for tokens in roots {
            match tokens.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
                [] => {}
                ["info"] => {
                    root["info"] = serde_json::json!({ "title": "", "version": "" });
                }
                ["paths"] => {
                    root["paths"] = Value::Object(Map::new());
                }
                ["components", "schemas", name] => {
                    if let Some(slot) = root.pointer_mut(&format!("/components/schemas/{}", crate::diagnostics::escape_token(name))) {
                        *slot = Value::Object(Map::new());
                    }
                }
                [first, ..] => {
                    let escaped: Vec<String> = tokens.iter().map(|t| crate::diagnostics::escape_token(t)).collect();
                    let parent = format!("/{}", escaped[..escaped.len() - 1].join("/"));
                    let parent = if escaped.len() == 1 { Some(&mut *root) } else { root.pointer_mut(&parent) };
                    if let Some(map) = parent.and_then(Value::as_object_mut) {
                        map.remove(tokens.last().map(String::as_str).unwrap_or_default());
                    }
                    if *first == "components" {
                        references.push(format!("#/{}", escaped.join("/")));
                    }
                }
            }
        }
        if root.get("paths").is_none() {
            root["paths"] = Value::Object(Map::new());
        }
        if root.get("info").is_none() {
            root["info"] = serde_json::json!({ "title": "", "version": "" });
        }
        references
    }
}

fn is_status(key: &str) -> bool {
    let bytes = key.as_bytes();
    bytes.len() == 3 && (b'1'..=b'5').contains(&bytes[0]) && bytes[1..].iter().all(u8::is_ascii_digit)
        || bytes.len() == 3 && (b'1'..=b'5').contains(&bytes[0]) && bytes[1..].iter().all(|b| *b == b'X' || *b == b'x')
}

fn list(allowed: &[&str]) -> String {
    allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ")
}

/// The candidate nearest to `word`: one that `word` abbreviates (`int` -> `integer`) or
/// extends, else the least edit distance (ties to the earlier candidate).
pub fn closest<'c>(word: &str, candidates: &[&'c str]) -> &'c str {
    let word = word.to_ascii_lowercase();
    candidates
        .iter()
        .copied()
        .min_by_key(|c| {
            let c = c.to_ascii_lowercase();
            if !word.is_empty() && (c.starts_with(&word) || word.starts_with(&c)) { 0 } else { distance(&word, &c) }
        })
        .unwrap_or_default()
}

/// Levenshtein distance.
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb { previous } else { 1 + previous.min(row[j]).min(current) };
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(paths: Value, schemas: Value) -> Value {
        json!({ "openapi": "3.0.3", "info": { "title": "t", "version": "1" }, "paths": paths, "components": { "schemas": schemas } })
    }

    #[test]
    fn closest_names() {
        assert_eq!(closest("int", SCHEMA_TYPES), "integer");
        assert_eq!(closest("strng", SCHEMA_TYPES), "string");
        assert_eq!(closest("objekt", SCHEMA_TYPES), "object");
        assert_eq!(distance("responsez", "responses"), 1);
    }

    #[test]
    fn unknown_type_is_an_error_and_the_schema_is_set_aside() {
        let checked = check(doc(json!({}), json!({ "A": { "type": "int" } })));
        let d = &checked.diags.items[0];
        assert_eq!(d.pointer, "#/components/schemas/A/type");
        assert!(d.hint.contains("`integer`"), "{d}");
        assert_eq!(checked.value["components"]["schemas"]["A"], json!({}));
    }

    #[test]
    fn repairs_are_applied() {
        let checked = check(doc(
            json!({ "/a": { "get": { "responses": { "200": { "description": null } } } } }),
            json!({ "A": { "type": "integer", "exclusiveMinimum": 0, "enum": [1, 1, 2] }, "B": { "properties": { "x": { "type": "string", "required": true } } } }),
        ));
        assert!(!checked.diags.has_errors(), "{}", checked.diags);
        assert_eq!(checked.value["paths"]["/a"]["get"]["responses"]["200"]["description"], "");
        assert_eq!(checked.value["components"]["schemas"]["A"], json!({ "type": "integer", "minimum": 0, "exclusiveMinimum": true, "enum": [1, 2] }));
        assert_eq!(checked.value["components"]["schemas"]["B"]["required"], json!(["x"]));
    }

    #[test]
    fn broken_operations_are_set_aside_one_by_one() {
        let checked = check(doc(json!({ "/a": { "get": {}, "post": {}, "put": { "responses": {} } } }), json!({})));
        assert_eq!(checked.diags.errors().count(), 2, "{}", checked.diags);
        assert!(checked.value["paths"]["/a"].get("get").is_none());
        assert!(checked.value["paths"]["/a"].get("put").is_some());
    }
}
