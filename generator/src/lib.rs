//! Turns an OpenAPI 3.0 document (or a Swagger 2.0 / OpenAPI 3.1 one, converted by
//! [`frontend`]) into the files of an async Rust client crate.
//!
//! Pipeline: [`parse`] ([`source`] -> [`frontend`] -> [`check`]) -> [`lower`] (validate while building [`ir::Api`]) -> [`emit`] tokens ->
//! format. Pure: no file system or network access; the xtask does the I/O.

pub mod changes;
pub mod check;
mod deserialize;
pub mod diagnostics;
pub mod emit;
pub mod frontend;
pub mod ir;
pub mod locate;
pub mod lower;
pub mod naming;
pub mod surface;
pub mod source;
pub mod yaml;

use diagnostics::{Diagnostic, Diagnostics, escape_token};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Package name of the generated crate.
    pub crate_name: String,
    /// Package version of the generated crate.
    pub crate_version: String,
    /// How the header names the spec (e.g. `spec/optimove.yaml`).
    pub spec_label: String,
    /// Repairs are errors: generate only from a document that needs none.
    pub strict: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self { crate_name: "api-client".into(), crate_version: "0.1.0".into(), spec_label: "an OpenAPI document".into(), strict: false }
    }
}

/// Package metadata and the regenerate command, each overriding what the spec says.
///
/// A separate struct from [`Settings`] so that callers building `Settings` field by field keep
/// compiling; [`generate`] uses `Metadata::default()` (everything from the spec).
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    /// `license` of the manifest (an SPDX expression). Default: `info.license.name` when it is
    /// one; otherwise the manifest names the spec's license in a comment and sets none.
    pub license: Option<String>,
    /// `repository` of the manifest. Default: none (the spec does not say where the crate lives).
    pub repository: Option<String>,
    /// `homepage` of the manifest. Default: `info.contact.url`.
    pub homepage: Option<String>,
    /// The exact command that regenerates the crate, named by every file's `@generated` header
    /// (e.g. `cargo xtask codegen --spec api.yaml --out api-client --name api-client`).
    /// Default: `cargo xtask codegen`, the command for the workspace's own client.
    pub regenerate: Option<String>,
}

/// Whether `text` reads as an SPDX license expression (`MIT`, `MIT OR Apache-2.0`, `(A AND B)`).
pub fn is_spdx_expression(text: &str) -> bool {
    let tokens: Vec<&str> = text.split_whitespace().map(|t| t.trim_matches(|c| c == '(' || c == ')')).collect();
    !tokens.is_empty()
        && tokens.iter().enumerate().all(|(i, t)| {
            let operator = matches!(*t, "OR" | "AND" | "WITH");
            // Identifiers and operators alternate: `MIT OR Apache-2.0`.
            (i % 2 == 1) == operator && (operator || (!t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | ':'))))
        })
        && tokens.len() % 2 == 1
}

/// Checks a package name for the generated crate: what Cargo accepts as a package name and
/// whose library name (dashes as underscores) is a Rust identifier that is not a keyword.
pub fn validate_crate_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the crate name is empty".into());
    }
    if let Some(bad) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
        return Err(format!("the crate name `{name}` contains `{bad}`; use ASCII letters, digits, `-` and `_`"));
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err(format!("the crate name `{name}` must start with a letter"));
    }
    let lib = name.replace('-', "_");
    if naming::is_keyword(&lib) || ["std", "core", "alloc", "proc_macro", "test", "self", "super", "crate"].contains(&lib.as_str()) {
        return Err(format!("the crate name `{name}` is a Rust keyword or a built-in crate (its library would be `{lib}`); choose another, e.g. `{name}-client`"));
    }
    Ok(())
}

/// A generated crate: files by relative path, plus warnings about fallbacks taken.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Relative path -> file text, sorted.
    pub files: BTreeMap<String, String>,
    /// Constructs that were generated with a documented fallback.
    pub warnings: Diagnostics,
}

/// A document read, checked and deserialised, with what was found on the way.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The document, repaired, without the pieces that had unrepairable errors.
    pub doc: openapiv3::OpenAPI,
    /// Errors (their pieces were set aside), repairs and warnings found so far.
    pub diags: Diagnostics,
    /// `$ref`s to components that were set aside (their problems are already reported).
    pub set_aside: Vec<String>,
    /// Pointer into [`Parsed::doc`] -> pointer into the document as written (empty for 3.0).
    pub origin: frontend::PointerMap,
}

/// Parses YAML or JSON text into an openapiv3 document; an error when any problem is an
/// error (warnings are dropped: [`generate`] reports them).
pub fn parse(text: &str) -> Result<openapiv3::OpenAPI, Diagnostics> {
    let parsed = parse_document(text)?;
    if parsed.diags.has_errors() {
        let mut diags = parsed.diags;
        diags.locate(text);
        diags.sort();
        return Err(diags);
    }
    Ok(parsed.doc)
}

/// The front end: text -> JSON value ([`source::read`]) -> [`frontend`] (version dispatch; 2.0
/// and 3.1 converted to 3.0) -> [`check`] (repairs, unknown keys and types, broken pieces set
/// aside) -> openapiv3. `Err` only when no document is left to lower; otherwise
/// [`Parsed::diags`] may hold errors already. Every diagnostic points into the original
/// document: the converter's [`frontend::PointerMap`] maps later ones back.
pub fn parse_document(text: &str) -> Result<Parsed, Diagnostics> {
    let mut diags = Diagnostics::default();
    let value = source::read(text)?;
    let converted = frontend::convert(value).map_err(|mut d| {
        d.locate(text);
        d
    })?;
    // The converter's own diagnostics already point into the original document.
    diags.extend(converted.diags);
    let origin = converted.map;
    let value = converted.value;
    if let Some(pointer) = too_deep(&value) {
        diags.push(Diagnostic::error(
            origin.original(&pointer),
            format!("the document nests deeper than {MAX_NESTING} levels here"),
            "flatten deeply nested schemas into named components under #/components/schemas",
        ));
        diags.locate(text);
        return Err(diags);
    }
    let mut checked = check::check(value);
    origin.map_back(&mut checked.diags);
    diags.extend(checked.diags);
    if !checked.value.is_object() {
        diags.locate(text);
        return Err(diags);
    }
    let set_aside = std::mem::take(&mut checked.set_aside);
    if let Some(doc) = deserialize::owned(checked.value) {
        return Ok(Parsed { doc, diags, set_aside, origin });
    }
    // The fast path consumed the value; the front end is deterministic, so reading the text
    // again gives the same checked value, for the slow path that says where the problem is.
    let mut value = rebuilt(text);
    match deserialize::document(&mut value) {
        Ok(doc) => Ok(Parsed { doc, diags, set_aside, origin }),
        Err((pointer, error)) => {
            // The check should have caught it; serde stops at the first problem, so check the
            // pieces one by one to report them all.
            let mut found = Diagnostics::default();
            structural_problems(&value, &mut found);
            if found.items.is_empty() {
                found.push(structural(pointer, error));
            }
            origin.map_back(&mut found);
            diags.extend(found);
            diags.locate(text);
            diags.sort();
            Err(diags)
        }
    }
}

/// The checked JSON value of a document that [`parse_document`] already read once without errors
/// up to the check (so each step succeeds again the same way; `Null` if one did not).
fn rebuilt(text: &str) -> serde_json::Value {
    let Ok(value) = source::read(text) else { return serde_json::Value::Null };
    let Ok(converted) = frontend::convert(value) else { return serde_json::Value::Null };
    check::check(converted.value).value
}

/// Deepest nesting of mappings and sequences accepted. Real documents stay below 20 (the
/// public specs we test against reach 16); the openapiv3 deserialiser recurses through many
/// frames per schema level (untagged enums and flattened maps buffer their input), so a
/// deeper document overflows the stack of a 2 MiB thread (the test default) in debug builds
/// at about 45 levels, which aborts the process instead of reporting a problem.
pub const MAX_NESTING: usize = 32;

/// The pointer of the first node nested deeper than [`MAX_NESTING`], if any (iterative, so
/// the check itself cannot overflow).
fn too_deep(value: &serde_json::Value) -> Option<String> {
    fn children(v: &serde_json::Value) -> Vec<(Option<String>, &serde_json::Value)> {
        match v {
            serde_json::Value::Array(items) => items.iter().enumerate().map(|(i, c)| (Some(i.to_string()), c)).collect(),
            serde_json::Value::Object(map) => map.iter().map(|(k, c)| (Some(k.clone()), c)).collect(),
            _ => Vec::new(),
        }
    }
    // Depth first without pointers (nor the keys and indices they are made of: copying every
    // key of the document was most of this walk); only a document that is too deep pays for
    // building them.
    let mut stack = vec![(value, 1usize)];
    let mut exceeded = false;
    while let Some((v, depth)) = stack.pop() {
        if depth > MAX_NESTING {
            exceeded = true;
            break;
        }
        match v {
            serde_json::Value::Array(items) => stack.extend(items.iter().map(|c| (c, depth + 1))),
            serde_json::Value::Object(map) => stack.extend(map.values().map(|c| (c, depth + 1))),
            _ => {}
        }
    }
    if !exceeded {
        return None;
    }
    let mut stack = vec![(value, String::from("#"), 1usize)];
    while let Some((v, pointer, depth)) = stack.pop() {
        if depth > MAX_NESTING {
            return Some(pointer);
        }
        for (token, child) in children(v) {
            let child_pointer = match token {
                Some(token) => diagnostics::child(&pointer, &token),
                None => pointer.clone(),
            };
            stack.push((child, child_pointer, depth + 1));
        }
    }
    Some("#".into())
}

fn structural(pointer: String, error: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(
        pointer,
        format!("the document does not follow the OpenAPI 3.0 schema: {error}"),
        "compare this object with the OpenAPI 3.0 specification (required fields, value types)",
    )
}

/// Deserialises each independent piece of the document on its own, so one broken operation
/// does not hide another.
fn structural_problems(value: &serde_json::Value, diags: &mut Diagnostics) {
    fn check<T: serde::de::DeserializeOwned>(value: &serde_json::Value, base: &str, diags: &mut Diagnostics) {
        if let Err(e) = serde_path_to_error::deserialize::<_, T>(value.clone()) {
            let inner = pointer_of(e.path());
            diags.push(structural(format!("{base}{}", inner.trim_start_matches('#')), e.inner()));
        }
    }
    let Some(root) = value.as_object() else {
        diags.push(Diagnostic::error("#", "the document is not a mapping (object)", "an OpenAPI document is a YAML or JSON object with `openapi`, `info` and `paths`"));
        return;
    };
    for required in ["openapi", "info", "paths"] {
        if !root.contains_key(required) {
            diags.push(Diagnostic::error("#", format!("the required top-level field `{required}` is missing"), format!("add `{required}` (see the OpenAPI 3.0 specification)")));
        }
    }
    if let Some(info) = value.get("info") {
        check::<openapiv3::Info>(info, "#/info", diags);
    }
    let entries = |v: Option<&serde_json::Value>| -> Vec<(String, serde_json::Value)> {
        v.and_then(|m| m.as_object())
            .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            .unwrap_or_default()
    };
    for (path, item) in entries(value.get("paths")) {
        if path.starts_with("x-") {
            continue;
        }
        let item_pointer = diagnostics::child("#/paths", &path);
        let before = diags.items.len();
        // Finest pieces first (their pointers are exact), the whole item only if they were fine.
        for (key, op) in entries(Some(&item)) {
            if !["get", "put", "post", "delete", "options", "head", "patch", "trace"].contains(&key.as_str()) {
                continue;
            }
            let op_pointer = diagnostics::child(&item_pointer, &key);
            if let Some(params) = op.get("parameters").and_then(|p| p.as_array()) {
                for (i, param) in params.iter().enumerate() {
                    check::<openapiv3::ReferenceOr<openapiv3::Parameter>>(param, &format!("{op_pointer}/parameters/{i}"), diags);
                }
            }
            for (code, response) in entries(op.get("responses")) {
                check::<openapiv3::ReferenceOr<openapiv3::Response>>(&response, &format!("{op_pointer}/responses/{}", escape_token(&code)), diags);
            }
            if let Some(body) = op.get("requestBody") {
                check::<openapiv3::ReferenceOr<openapiv3::RequestBody>>(body, &format!("{op_pointer}/requestBody"), diags);
            }
            if diags.items.len() == before {
                check::<openapiv3::Operation>(&op, &op_pointer, diags);
            }
        }
        if diags.items.len() == before {
            check::<openapiv3::ReferenceOr<openapiv3::PathItem>>(&item, &item_pointer, diags);
        }
    }
    let components = value.get("components");
    let section = |name: &str| entries(components.and_then(|c| c.get(name)));
    for (name, item) in section("schemas") {
        check::<openapiv3::ReferenceOr<openapiv3::Schema>>(&item, &diagnostics::child("#/components/schemas", &name), diags);
    }
    for (name, item) in section("parameters") {
        check::<openapiv3::ReferenceOr<openapiv3::Parameter>>(&item, &diagnostics::child("#/components/parameters", &name), diags);
    }
    for (name, item) in section("responses") {
        check::<openapiv3::ReferenceOr<openapiv3::Response>>(&item, &diagnostics::child("#/components/responses", &name), diags);
    }
    for (name, item) in section("requestBodies") {
        check::<openapiv3::ReferenceOr<openapiv3::RequestBody>>(&item, &diagnostics::child("#/components/requestBodies", &name), diags);
    }
    for (name, item) in section("securitySchemes") {
        check::<openapiv3::ReferenceOr<openapiv3::SecurityScheme>>(&item, &diagnostics::child("#/components/securitySchemes", &name), diags);
    }
    if let Some(servers) = value.get("servers") {
        check::<Vec<openapiv3::Server>>(servers, "#/servers", diags);
    }
    if let Some(tags) = value.get("tags") {
        check::<Vec<openapiv3::Tag>>(tags, "#/tags", diags);
    }
}

fn pointer_of(path: &serde_path_to_error::Path) -> String {
    let mut pointer = String::from("#");
    for segment in path.iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            serde_path_to_error::Segment::Map { key } => pointer.push_str(&format!("/{}", escape_token(key))),
            serde_path_to_error::Segment::Enum { variant } => pointer.push_str(&format!("/{}", escape_token(variant))),
            serde_path_to_error::Segment::Unknown => {}
        }
    }
    pointer
}

/// Lowers a parsed document into the IR; every problem is collected.
pub fn to_ir(doc: &openapiv3::OpenAPI) -> (ir::Api, Diagnostics) {
    let mut diags = Diagnostics::default();
    let api = lower::lower(doc, &mut diags);
    (api, diags)
}

/// The whole pipeline for one spec text, with package metadata taken from the spec.
pub fn generate(text: &str, settings: &Settings) -> Result<Generated, Diagnostics> {
    generate_with(text, settings, &Metadata::default())
}

/// The whole pipeline for one spec text, with package metadata and the regenerate command
/// overridden where `metadata` sets them.
pub fn generate_with(text: &str, settings: &Settings, metadata: &Metadata) -> Result<Generated, Diagnostics> {
    if let Err(message) = validate_crate_name(&settings.crate_name) {
        let mut diags = Diagnostics::default();
        diags.push(Diagnostic::error("#", format!("invalid crate name: {message}"), "pass a valid package name (`--name my-api-client`)"));
        return Err(diags);
    }
    let parsed = parse_document(text)?;
    let (api, mut lowered) = to_ir(&parsed.doc);
    parsed.origin.map_back(&mut lowered);
    let mut diags = parsed.diags;
    diags.extend(lowered);
    if !parsed.set_aside.is_empty() {
        // A reference to a piece that was set aside for its own errors is not a new problem.
        // Messages name references as the user wrote them; `set_aside` as converted.
        let set_aside: Vec<String> = parsed.set_aside.iter().map(|r| parsed.origin.original_text(r)).collect();
        let knock_on = |d: &Diagnostic| {
            set_aside.iter().any(|r| {
                d.message.contains(&format!("$ref: {r}`"))
                    || r.strip_prefix("#/components/securitySchemes/").is_some_and(|name| d.message.contains(&format!("names `{}`, which is not in components.securitySchemes", diagnostics::unescape_token(name))))
            })
        };
        diags.items.retain(|d| !(d.severity == diagnostics::Severity::Error && knock_on(d)));
    }
    if settings.strict {
        diags.make_strict();
    }
    if diags.has_errors() {
        diags.locate(text);
        diags.sort();
        return Err(diags);
    }
    let doc = parsed.doc;
    let spec_license = doc.info.license.as_ref();
    let (license, license_note) = match (&metadata.license, spec_license) {
        (Some(license), _) => (Some(license.clone()), None),
        (None, Some(l)) if is_spdx_expression(&l.name) => (Some(l.name.trim().to_owned()), None),
        (None, Some(l)) => (None, Some(match &l.url {
            Some(url) => format!("{} <{url}>", l.name.trim()),
            None => l.name.trim().to_owned(),
        })),
        (None, None) => (None, None),
    };
    let emit_settings = emit::EmitSettings {
        crate_name: settings.crate_name.clone(),
        crate_version: settings.crate_version.clone(),
        spec_sha256: sha256_hex(text.as_bytes()),
        spec_label: settings.spec_label.clone(),
        regenerate: metadata.regenerate.clone().unwrap_or_else(|| "cargo xtask codegen".into()),
        license,
        license_note,
        repository: metadata.repository.clone(),
        homepage: metadata.homepage.clone().or_else(|| doc.info.contact.as_ref().and_then(|c| c.url.clone())),
    };
    // Emission reads only the IR: the document model (as large as the IR and the text together
    // for a big document) is freed before the files, the largest allocations, are built.
    drop(doc);
    // Warnings are located (a scan of the text per pointer for YAML) while the files are
    // emitted: they are only printed at the end, and emission does not need them. Without
    // warnings there is nothing to locate, and no thread is started for it.
    let (emitted, located) = std::thread::scope(|scope| {
        let locating = if diags.items.is_empty() {
            None
        } else {
            std::thread::Builder::new()
                .spawn_scoped(scope, || {
                    diags.locate(text);
                    diags.sort();
                })
                .ok()
        };
        let emitted = emit::emit(&api, &emit_settings);
        let located = locating.map(|thread| thread.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).is_some();
        (emitted, located)
    });
    if !located {
        // No thread was started (or none could be): the same work, after emission.
        diags.locate(text);
        diags.sort();
    }
    match emitted {
        Ok(files) => Ok(Generated { files, warnings: diags }),
        Err(e) => {
            let mut out = Diagnostics::default();
            out.push(Diagnostic::error("#", format!("internal error: generated code for {} does not parse: {}", e.file, e.message), "this is a generator bug; please report it with the spec"));
            Err(out)
        }
    }
}

/// Lowercase hex sha256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn depth(v: &Value) -> usize {
        1 + match v {
            Value::Object(m) => m.values().map(depth).max().unwrap_or(0),
            Value::Array(a) => a.iter().map(depth).max().unwrap_or(0),
            _ => 0,
        }
    }

    /// A document whose schema `A` is wrapped by `layer` until the whole document is exactly
    /// `target` levels deep.
    fn nested(target: usize, layer: fn(Value) -> Value) -> String {
        let doc = |inner: &Value| json!({ "openapi": "3.0.3", "info": { "title": "t", "version": "1" }, "paths": {}, "components": { "schemas": { "A": inner } } });
        let mut inner = json!({ "type": "string" });
        loop {
            let next = layer(inner.clone());
            if depth(&doc(&next)) > target {
                break;
            }
            inner = next;
        }
        while depth(&doc(&inner)) < target {
            let padded = json!({ "description": "padding", "x-pad": inner.clone() });
            if depth(&doc(&padded)) > target {
                break;
            }
            inner = padded;
        }
        doc(&inner).to_string()
    }

    #[test]
    fn spdx_expressions_are_told_from_prose() {
        for yes in ["MIT", "Apache-2.0", "MIT OR Apache-2.0", "(MIT OR Apache-2.0) AND BSD-3-Clause", "GPL-2.0+ WITH Classpath-exception-2.0", "LicenseRef-Vendor"] {
            assert!(is_spdx_expression(yes), "{yes}");
        }
        for no in ["", "Apache 2.0", "MIT OR Apache-2.0 (this description)", "Proprietary, all rights reserved", "MIT OR", "OR MIT"] {
            assert!(!is_spdx_expression(no), "{no}");
        }
    }

    fn manifest_and_header(info: &str, metadata: &Metadata) -> (String, String) {
        let text = format!("openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n{info}paths: {{}}\n");
        let generated = generate_with(&text, &Settings::default(), metadata).expect("generates");
        (generated.files["Cargo.toml"].clone(), generated.files["src/lib.rs"].lines().next().unwrap_or_default().to_owned())
    }

    #[test]
    fn manifest_metadata_comes_from_the_spec_unless_overridden() {
        let info = "  license:\n    name: Apache-2.0\n  contact:\n    url: https://example.org/api\n";
        let (manifest, header) = manifest_and_header(info, &Metadata::default());
        assert!(manifest.contains("\nlicense = \"Apache-2.0\"\n"), "{manifest}");
        assert!(manifest.contains("\nhomepage = \"https://example.org/api\"\n"), "{manifest}");
        assert!(!manifest.contains("repository"), "{manifest}");
        assert!(header.ends_with("Do not edit: run `cargo xtask codegen`."), "{header}");

        let metadata = Metadata {
            license: Some("MIT".into()),
            repository: Some("https://example.org/repo.git".into()),
            homepage: None,
            regenerate: Some("cargo xtask codegen --spec a.yaml --out b --name c".into()),
        };
        let (manifest, header) = manifest_and_header(info, &metadata);
        assert!(manifest.contains("\nlicense = \"MIT\"\n") && !manifest.contains("Apache"), "{manifest}");
        assert!(manifest.contains("\nrepository = \"https://example.org/repo.git\"\n"), "{manifest}");
        assert!(header.ends_with("Do not edit: run `cargo xtask codegen --spec a.yaml --out b --name c`."), "{header}");
        assert!(header.starts_with("// @generated by the optimove-rs generator from "), "{header}");

        // A license that is not an SPDX expression is named in a comment, never set as `license`.
        let (manifest, _) = manifest_and_header("  license:\n    name: Vendor terms\n    url: https://example.org/terms\n", &Metadata::default());
        assert!(!manifest.contains("\nlicense ="), "{manifest}");
        assert!(manifest.contains("Vendor terms <https://example.org/terms>"), "{manifest}");
        // No license at all: none is invented.
        let (manifest, _) = manifest_and_header("", &Metadata::default());
        assert!(!manifest.contains("license"), "{manifest}");
    }

    /// The nesting bound is what keeps deep documents from overflowing the stack: at the bound,
    /// every recursive shape still generates on a 2 MiB thread (the default for tests) in a
    /// debug build; one level more is a located error.
    #[test]
    fn nesting_at_the_bound_fits_a_small_stack() {
        let layers: [fn(Value) -> Value; 7] = [
            |v| json!({ "type": "array", "items": v }),
            |v| json!({ "type": "array", "nullable": true, "items": v }),
            |v| json!({ "type": "object", "properties": { "p": v } }),
            |v| json!({ "allOf": [v, { "type": "object" }] }),
            |v| json!({ "oneOf": [v, { "type": "integer" }] }),
            |v| json!({ "type": "object", "additionalProperties": v }),
            |v| json!({ "not": v }),
        ];
        for layer in layers {
            let at_bound = nested(MAX_NESTING, layer);
            let result = std::thread::Builder::new()
                .stack_size(2 << 20)
                .spawn(move || generate(&at_bound, &Settings::default()).map(|_| ()).map_err(|d| d.to_string()))
                .expect("spawn")
                .join()
                .expect("no panic or overflow at the bound");
            assert!(result.is_ok(), "{result:?}");
            let beyond = nested(MAX_NESTING + 2, layer);
            let diags = generate(&beyond, &Settings::default()).expect_err("too deep");
            assert!(diags.items[0].message.contains("nests deeper"), "{diags}");
            assert!(diags.items[0].pointer.starts_with("#/components/schemas/A/"), "{diags}");
        }
    }
}
