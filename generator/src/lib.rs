//! Turns an OpenAPI 3.0 document into the files of an async Rust client crate.
//!
//! Pipeline: [`parse`] -> [`lower`] (validate while building [`ir::Api`]) -> [`emit`] tokens ->
//! format. Pure: no file system or network access; the xtask does the I/O.

pub mod changes;
pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod locate;
pub mod lower;
pub mod naming;
pub mod surface;

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
}

impl Default for Settings {
    fn default() -> Self {
        Self { crate_name: "api-client".into(), crate_version: "0.1.0".into(), spec_label: "an OpenAPI document".into() }
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

/// A generated crate: files by relative path, plus warnings about fallbacks taken.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Relative path -> file text, sorted.
    pub files: BTreeMap<String, String>,
    /// Constructs that were generated with a documented fallback.
    pub warnings: Diagnostics,
}

/// Parses YAML or JSON text into an openapiv3 document, locating structural errors.
pub fn parse(text: &str) -> Result<openapiv3::OpenAPI, Diagnostics> {
    let mut diags = Diagnostics::default();
    let value: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let mut d = Diagnostic::error("#", format!("the document is not valid YAML or JSON: {e}"), "fix the syntax at the given line");
            d.line = e.location().map(|l| l.line());
            diags.push(d);
            return Err(diags);
        }
    };
    if let Some(version) = value.get("openapi").and_then(|v| v.as_str()) {
        if !version.starts_with("3.0") {
            diags.push(Diagnostic::error("#/openapi", format!("OpenAPI version `{version}` is not supported"), "this generator reads OpenAPI 3.0.x documents; write 3.1 documents as 3.0 and convert 2.0 with swagger2openapi"));
            diags.locate(text);
            return Err(diags);
        }
    } else if value.get("swagger").is_some() {
        diags.push(Diagnostic::error("#/swagger", "Swagger 2.0 documents are not supported", "convert the document to OpenAPI 3.0 (for example with swagger2openapi)"));
        diags.locate(text);
        return Err(diags);
    }
    if let Some(pointer) = too_deep(&value) {
        diags.push(Diagnostic::error(
            pointer,
            format!("the document nests deeper than {MAX_NESTING} levels here"),
            "flatten deeply nested schemas into named components under #/components/schemas",
        ));
        diags.locate(text);
        return Err(diags);
    }
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&value) {
        Ok(doc) => Ok(doc),
        Err(e) => {
            // Serde stops at the first problem; check the pieces one by one to report them all.
            structural_problems(&value, &mut diags);
            if diags.items.is_empty() {
                diags.push(structural(pointer_of(e.path()), e.inner()));
            }
            diags.locate(text);
            diags.sort();
            Err(diags)
        }
    }
}

/// Deepest nesting of mappings and sequences accepted. Real documents stay below 20 (the
/// public specs we test against reach 16); the openapiv3 deserialiser recurses through many
/// frames per schema level (untagged enums and flattened maps buffer their input), so a
/// deeper document overflows the stack of a 2 MiB thread (the test default) in debug builds
/// at about 45 levels, which aborts the process instead of reporting a problem.
pub const MAX_NESTING: usize = 32;

/// The pointer of the first node nested deeper than [`MAX_NESTING`], if any (iterative, so
/// the check itself cannot overflow).
fn too_deep(value: &serde_yaml::Value) -> Option<String> {
    fn children(v: &serde_yaml::Value) -> Vec<(Option<String>, &serde_yaml::Value)> {
        match v {
            serde_yaml::Value::Sequence(items) => items.iter().enumerate().map(|(i, c)| (Some(i.to_string()), c)).collect(),
            serde_yaml::Value::Mapping(map) => map.iter().map(|(k, c)| (Some(k.as_str().map(str::to_owned).unwrap_or_else(|| format!("{k:?}"))), c)).collect(),
            serde_yaml::Value::Tagged(tagged) => vec![(None, &tagged.value)],
            _ => Vec::new(),
        }
    }
    // Depth first without pointers; only a document that is too deep pays for building them.
    let mut stack = vec![(value, 1usize)];
    let mut exceeded = false;
    while let Some((v, depth)) = stack.pop() {
        if depth > MAX_NESTING {
            exceeded = true;
            break;
        }
        stack.extend(children(v).into_iter().map(|(_, c)| (c, depth + 1)));
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
fn structural_problems(value: &serde_yaml::Value, diags: &mut Diagnostics) {
    fn check<T: serde::de::DeserializeOwned>(value: &serde_yaml::Value, base: &str, diags: &mut Diagnostics) {
        if let Err(e) = serde_path_to_error::deserialize::<_, T>(value.clone()) {
            let inner = pointer_of(e.path());
            diags.push(structural(format!("{base}{}", inner.trim_start_matches('#')), e.inner()));
        }
    }
    let Some(root) = value.as_mapping() else {
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
    let entries = |v: Option<&serde_yaml::Value>| -> Vec<(String, serde_yaml::Value)> {
        v.and_then(|m| m.as_mapping())
            .map(|m| m.iter().map(|(k, v)| (k.as_str().map(str::to_owned).unwrap_or_else(|| format!("{k:?}")), v.clone())).collect())
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
            if let Some(params) = op.get("parameters").and_then(|p| p.as_sequence()) {
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
    let doc = parse(text)?;
    let (api, mut diags) = to_ir(&doc);
    diags.locate(text);
    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
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
    match emit::emit(&api, &emit_settings) {
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
