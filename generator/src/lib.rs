//! Turns an OpenAPI 3.0 document into the files of an async Rust client crate.
//!
//! Pipeline: [`parse`] -> [`lower`] (validate while building [`ir::Api`]) -> [`emit`] tokens ->
//! format. Pure: no file system or network access; the xtask does the I/O.

pub mod diagnostics;
pub mod emit;
pub mod ir;
pub mod locate;
pub mod lower;
pub mod naming;

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
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(value) {
        Ok(doc) => Ok(doc),
        Err(e) => {
            let pointer = pointer_of(e.path());
            diags.push(Diagnostic::error(pointer, format!("the document does not follow the OpenAPI 3.0 schema: {}", e.inner()), "compare this object with the OpenAPI 3.0 specification (required fields, value types)"));
            diags.locate(text);
            Err(diags)
        }
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

/// The whole pipeline for one spec text.
pub fn generate(text: &str, settings: &Settings) -> Result<Generated, Diagnostics> {
    let doc = parse(text)?;
    let (api, mut diags) = to_ir(&doc);
    diags.locate(text);
    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
    let emit_settings = emit::EmitSettings {
        crate_name: settings.crate_name.clone(),
        crate_version: settings.crate_version.clone(),
        spec_sha256: sha256_hex(text.as_bytes()),
        spec_label: settings.spec_label.clone(),
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
