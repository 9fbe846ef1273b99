//! What a spec change does to the generated crate: the public-API changes (from
//! [`crate::surface`]), each breaking or not under the generator's own rules, the HTTP-contract
//! changes that leave the Rust API alone ([`wire`]), and the semver verdict.
//!
//! The rules follow from what the emitters write: every schema struct and enum is
//! `#[non_exhaustive]` (new fields and variants break no caller; integer codes are open newtypes), string enums and unions keep
//! an `Unknown`/`Other` variant (a new wire value is not a decode error for older clients),
//! optional parameters and fields are setters (adding one breaks nothing), while required
//! parameters and fields are positional arguments of the method or of `new` (any change to
//! them breaks callers). A removed item or a changed type always breaks.

pub mod report;
pub mod wire;

use crate::diagnostics::Diagnostics;
use crate::ir::Api;
use crate::surface::{Item, Kind, PublicApi, public_api};

/// Added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum What {
    /// New in NEW.
    Added,
    /// Gone from NEW.
    Removed,
    /// Present in both with a different signature, traits or deprecation.
    Changed,
}

/// One change of the public API.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Change {
    /// Module of the item (`types`, `api::customers`, `crate`).
    pub module: String,
    /// Item path.
    pub path: String,
    /// What kind of item (`operation`, `field`, ...), for grouping and reading.
    pub category: &'static str,
    /// Added, removed or changed.
    pub what: What,
    /// Signature in OLD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// Signature in NEW.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// Whether code using OLD can stop compiling (or change meaning) with NEW.
    pub breaking: bool,
    /// Why, in terms of the generator's rules.
    pub reason: String,
}

/// The semver level a change set needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Nothing changed.
    None,
    /// The Rust API is the same; the spec text or the wire contract changed (wire notes).
    Patch,
    /// Compatible API changes only (additions, deprecations).
    Minor,
    /// Something breaks.
    Major,
}

impl Level {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::None => "none",
            Level::Patch => "patch",
            Level::Minor => "minor",
            Level::Major => "major",
        }
    }
}

/// Everything `cargo xtask diff` reports.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Diff {
    /// API changes, sorted by module, then path.
    pub changes: Vec<Change>,
    /// HTTP-contract changes that do not change the Rust API (or add to what it says).
    pub wire_notes: Vec<wire::Note>,
    /// The level the changes need.
    pub level: Level,
}

impl Diff {
    /// Number of breaking changes.
    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }
}

/// One side of a comparison: the document and its IR.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The parsed document (for what the IR does not keep, such as each documented 2xx code).
    pub doc: openapiv3::OpenAPI,
    /// Its IR.
    pub api: Api,
    /// sha256 of the text.
    pub sha256: String,
}

/// Parses and lowers a spec text; every problem is reported, located, as by `generate`.
pub fn load(text: &str) -> Result<Spec, Diagnostics> {
    let doc = crate::parse(text)?;
    let (api, mut diags) = crate::to_ir(&doc);
    diags.locate(text);
    diags.sort();
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(Spec { doc, api, sha256: crate::sha256_hex(text.as_bytes()) })
}

/// Compares the crates generated from `old` and `new`. A text edit that changes nothing
/// visible (a description) still needs a patch release.
pub fn diff(old: &Spec, new: &Spec) -> Diff {
    let (before, after) = (public_api(&old.api), public_api(&new.api));
    let changes = api_changes(&before, &after);
    let wire_notes = wire::notes(&old.api, &new.api, (&wire::success_codes(&old.doc), &wire::success_codes(&new.doc)));
    let spec_changed = old.sha256 != new.sha256;
    let level = if changes.iter().any(|c| c.breaking) {
        Level::Major
    } else if !changes.is_empty() {
        Level::Minor
    } else if spec_changed || !wire_notes.is_empty() {
        Level::Patch
    } else {
        Level::None
    };
    Diff { changes, wire_notes, level }
}

/// The item-by-item comparison of two public APIs.
pub fn api_changes(before: &PublicApi, after: &PublicApi) -> Vec<Change> {
    let mut changes = Vec::new();
    for (path, old) in &before.items {
        match after.items.get(path) {
            None => changes.push(removed(path, old)),
            Some(new) if new != old => changes.push(changed(path, old, new)),
            Some(_) => {}
        }
    }
    for (path, new) in after.items.iter().filter(|(p, _)| !before.items.contains_key(*p)) {
        changes.push(added(path, new));
    }
    changes.sort_by(|a, b| (&a.module, &a.path, a.what).cmp(&(&b.module, &b.path, b.what)));
    changes
}

/// How a kind of item is called in reports.
pub fn category(kind: Kind) -> &'static str {
    match kind {
        Kind::Module => "module",
        Kind::Type { .. } => "type",
        Kind::Alias => "type alias",
        Kind::Reexport => "re-export",
        Kind::Field { .. } => "field",
        Kind::Variant { .. } => "variant",
        Kind::Const => "constant",
        Kind::Constructor => "constructor",
        Kind::FieldSetter => "field setter",
        Kind::Operation => "operation",
        Kind::OptionalSetter => "optional setter",
        Kind::Response => "response",
        Kind::Accessor => "accessor",
        Kind::Auth => "auth",
        Kind::Server => "server",
        Kind::Method => "method",
    }
}

fn change(path: &str, item: &Item, what: What, old: Option<&Item>, new: Option<&Item>, breaking: bool, reason: impl Into<String>) -> Change {
    Change {
        module: item.module.clone(),
        path: path.to_owned(),
        category: category(item.kind),
        what,
        old: old.map(|i| i.signature.clone()),
        new: new.map(|i| i.signature.clone()),
        breaking,
        reason: reason.into(),
    }
}

fn added(path: &str, item: &Item) -> Change {
    let (breaking, reason) = match item.kind {
        Kind::Field { exhaustive: true } => (true, "the struct is exhaustive: struct literals written for the old fields stop compiling"),
        Kind::Variant { exhaustive: true } => (true, "the enum is exhaustive: matches without a wildcard stop compiling"),
        Kind::Field { exhaustive: false } => (false, "the struct is #[non_exhaustive]: callers build it with new() and setters, so a new field breaks nothing"),
        Kind::Variant { exhaustive: false } if path.ends_with("::Unknown") || path.ends_with("::Other") => (false, "fallback variant"),
        Kind::Variant { exhaustive: false } => (false, "the enum is #[non_exhaustive]: callers' matches already have a wildcard"),
        Kind::OptionalSetter => (false, "an optional parameter is a setter on the request builder: existing calls are unchanged"),
        Kind::FieldSetter => (false, "an optional field is set with a new setter; new() is unchanged"),
        _ => (false, "a new item"),
    };
    change(path, item, What::Added, None, Some(item), breaking, reason)
}

fn removed(path: &str, item: &Item) -> Change {
    let reason = match item.kind {
        Kind::Operation => "callers of the method no longer compile".to_owned(),
        Kind::Variant { .. } => "code that builds or matches this variant no longer compiles (the value now decodes as the fallback variant)".to_owned(),
        Kind::Field { .. } => "code that reads or writes the field no longer compiles".to_owned(),
        Kind::OptionalSetter | Kind::FieldSetter => "calls of the setter no longer compile".to_owned(),
        _ => format!("code that names this {} no longer compiles", category(item.kind)),
    };
    change(path, item, What::Removed, Some(item), None, true, reason)
}

fn changed(path: &str, old: &Item, new: &Item) -> Change {
    if old.signature == new.signature && old.kind == new.kind && old.traits == new.traits {
        // Only the deprecation differs: a warning, never an error.
        let reason = if new.deprecated { "now #[deprecated]: callers get a warning" } else { "no longer deprecated" };
        return change(path, new, What::Changed, Some(old), Some(new), false, reason);
    }
    if old.signature == new.signature && old.kind == new.kind {
        let lost: Vec<&String> = old.traits.iter().filter(|t| !new.traits.contains(t)).collect();
        let gained: Vec<&String> = new.traits.iter().filter(|t| !old.traits.contains(t)).collect();
        let mut c = change(path, new, What::Changed, Some(old), Some(new), !lost.is_empty(), "");
        let list = |ts: &[&String]| ts.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ");
        c.reason = if lost.is_empty() { format!("now implements {}", list(&gained)) } else { format!("no longer implements {}: code that relies on it stops compiling", list(&lost)) };
        c.old = Some(format!("{} impl {}", old.signature, old.traits.join(", ")));
        c.new = Some(format!("{} impl {}", new.signature, new.traits.join(", ")));
        return c;
    }
    if matches!(new.kind, Kind::Operation | Kind::Constructor) && old.kind == new.kind {
        let detail = argument_changes(&old.signature, &new.signature);
        let reason = if detail.is_empty() { "the method's signature changed".to_owned() } else { format!("required arguments {detail}: existing calls no longer compile") };
        return change(path, new, What::Changed, Some(old), Some(new), true, reason);
    }
    let reason = match new.kind {
        Kind::Response => "the response type changed: code that uses the answer no longer compiles",
        Kind::Field { .. } => "the field's type changed",
        Kind::OptionalSetter | Kind::FieldSetter => "the setter's argument type changed",
        Kind::Const => "the constant's value changed: code comparing against it now means another code",
        _ => "the signature changed",
    };
    change(path, new, What::Changed, Some(old), Some(new), true, reason)
}

/// The arguments of a one-line signature (`name: Type`), split at top-level commas only.
fn arguments(signature: &str) -> Vec<(String, String)> {
    let Some(start) = signature.find('(') else { return Vec::new() };
    let (mut depth, mut current, mut args) = (0i32, String::new(), Vec::new());
    for c in signature[start + 1..].chars() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' if depth == 0 => break,
            ')' | '>' | ']' => depth -= 1,
            ',' if depth == 0 => {
                args.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    args.push(current);
    args.iter().filter_map(|a| a.split_once(": ").map(|(n, t)| (n.trim().to_owned(), t.trim().to_owned()))).collect()
}

/// What differs between two argument lists: added, removed, retyped and reordered names.
fn argument_changes(old: &str, new: &str) -> String {
    let (a, b) = (arguments(old), arguments(new));
    let find = |list: &[(String, String)], name: &str| list.iter().find(|(n, _)| n == name).map(|(_, t)| t.clone());
    let mut parts = Vec::new();
    let added: Vec<String> = b.iter().filter(|(n, _)| find(&a, n).is_none()).map(|(n, t)| format!("{n}: {t}")).collect();
    let removed: Vec<String> = a.iter().filter(|(n, _)| find(&b, n).is_none()).map(|(n, t)| format!("{n}: {t}")).collect();
    let retyped: Vec<String> = a.iter().filter_map(|(n, t)| find(&b, n).filter(|u| u != t).map(|u| format!("{n}: {t} -> {u}"))).collect();
    for (label, list) in [("added", added), ("removed", removed), ("retyped", retyped)] {
        if !list.is_empty() {
            parts.push(format!("{label} ({})", list.join(", ")));
        }
    }
    let order = |list: &[(String, String)], other: &[(String, String)]| -> Vec<String> { list.iter().filter(|(n, _)| find(other, n).is_some()).map(|(n, _)| n.clone()).collect() };
    if parts.is_empty() && order(&a, &b) != order(&b, &a) {
        parts.push("reordered".into());
    }
    parts.join(", ")
}

/// The version after a change set of `level` from `current`, under Cargo's rules: versions
/// with the same left-most non-zero number are compatible, so for `0.y.z` a breaking change
/// bumps `y` and anything else bumps `z`, and for `0.0.z` every change bumps `z`.
pub fn next_version(current: &str, level: Level) -> Result<String, String> {
    let core = current.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<u64> = core.split('.').map(str::parse).collect::<Result<_, _>>().map_err(|_| format!("`{current}` is not a MAJOR.MINOR.PATCH version"))?;
    let [major, minor, patch] = parts[..] else { return Err(format!("`{current}` is not a MAJOR.MINOR.PATCH version")) };
    let pre = core.len() != current.len();
    Ok(match (level, major, minor) {
        (Level::None, ..) => current.to_owned(),
        // A pre-release is released as itself once: 1.0.0-rc.1 -> 1.0.0.
        (..) if pre => core.to_owned(),
        (_, 0, 0) => format!("0.0.{}", patch + 1),
        (Level::Major, 0, _) => format!("0.{}.0", minor + 1),
        (_, 0, _) => format!("0.{minor}.{}", patch + 1),
        (Level::Major, ..) => format!("{}.0.0", major + 1),
        (Level::Minor, ..) => format!("{major}.{}.0", minor + 1),
        (Level::Patch, ..) => format!("{major}.{minor}.{}", patch + 1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(yaml: &str) -> Spec {
        load(yaml).unwrap_or_else(|d| panic!("{d}"))
    }

    const BASE: &str = r##"
openapi: 3.0.3
info: { title: Pets, version: "1" }
servers: [{ url: "https://pets.example" }]
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Key }
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: { type: integer, format: int64 }
        name: { type: string }
        kind: { $ref: "#/components/schemas/Kind" }
    Kind: { type: string, enum: [cat, dog] }
security: [{ key: [] }]
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      parameters:
        - { name: limit, in: query, schema: { type: integer } }
      responses:
        "200": { description: ok, content: { application/json: { schema: { type: array, items: { $ref: "#/components/schemas/Pet" } } } } }
    post:
      operationId: addPet
      tags: [pets]
      requestBody: { content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } } }
      responses:
        "204": { description: added }
  /pets/{id}:
    get:
      operationId: getPet
      tags: [pets]
      parameters:
        - { name: id, in: path, required: true, schema: { type: integer, format: int64 } }
      responses:
        "200": { description: ok, content: { application/json: { schema: { $ref: "#/components/schemas/Pet" } } } }
"##;

    fn diff_of(edit: impl Fn(&str) -> String) -> Diff {
        diff(&api(BASE), &api(&edit(BASE)))
    }

    fn one(d: &Diff, path: &str) -> Change {
        d.changes.iter().find(|c| c.path == path).cloned().unwrap_or_else(|| panic!("no change of {path} in {:#?}", d.changes))
    }

    #[test]
    fn nothing_changed_is_none_and_an_invisible_edit_is_a_patch() {
        assert_eq!(diff(&api(BASE), &api(BASE)).level, Level::None);
        let d = diff_of(|s| format!("{s}\n# a comment changes the text, not the API\n"));
        assert_eq!((d.level, d.changes.len()), (Level::Patch, 0));
    }

    #[test]
    fn removing_an_operation_breaks() {
        let d = diff_of(|s| s.replace("operationId: getPet", "operationId: getPet\n      deprecated: true"));
        assert_eq!(d.level, Level::Minor, "deprecation alone is compatible: {:#?}", d.changes);
        let d = diff_of(|s| s[..s.find("  /pets/{id}:").expect("path")].to_owned());
        let c = one(&d, "api::pets::PetsApi::get_pet");
        assert!(c.breaking && c.what == What::Removed);
        assert_eq!(d.level, Level::Major);
    }

    #[test]
    fn an_optional_parameter_is_compatible_and_a_required_one_breaks() {
        let with = |req: bool| move |s: &str| s.replace("- { name: limit, in: query, schema: { type: integer } }", &format!("- {{ name: limit, in: query, schema: {{ type: integer }} }}\n        - {{ name: q, in: query, required: {req}, schema: {{ type: string }} }}"));
        let d = diff_of(with(false));
        let c = one(&d, "api::pets::ListPets::q");
        assert!(!c.breaking && c.what == What::Added, "{c:?}");
        assert_eq!(d.level, Level::Minor);
        let d = diff_of(with(true));
        let c = one(&d, "api::pets::PetsApi::list_pets");
        assert!(c.breaking && c.what == What::Changed, "{c:?}");
        assert!(c.reason.contains("added (q: impl Into<String>)"), "{c:?}");
        assert_eq!(d.level, Level::Major);
    }

    #[test]
    fn fields_enum_values_and_types() {
        // A new optional field: compatible (non_exhaustive struct, new setter).
        let d = diff_of(|s| s.replace("        name: { type: string }", "        name: { type: string }\n        age: { type: integer }"));
        assert!(d.changes.iter().all(|c| !c.breaking), "{:#?}", d.changes);
        // A field made required: new() gains an argument, and Default is lost when it was the first.
        let d = diff_of(|s| s.replace("required: [id]", "required: [id, name]"));
        let new = one(&d, "types::Pet::new");
        assert!(new.breaking && new.reason.contains("added (name: String)"), "{new:?}");
        assert!(one(&d, "types::Pet.name").breaking, "Option<String> -> String");
        // A new enum value: compatible, with a wire note for older clients.
        let d = diff_of(|s| s.replace("enum: [cat, dog]", "enum: [cat, dog, bird]"));
        assert!(!one(&d, "types::Kind::Bird").breaking);
        assert!(d.wire_notes.iter().any(|n| n.text.contains("bird")), "{:#?}", d.wire_notes);
        assert_eq!(d.level, Level::Minor);
        // A removed enum value breaks.
        let d = diff_of(|s| s.replace("enum: [cat, dog]", "enum: [cat]"));
        assert!(one(&d, "types::Kind::Dog").breaking);
        // A type no longer sent (its only request body removed) loses Serialize and its constructors.
        let d = diff_of(|s| s.replace("      requestBody: { content: { application/json: { schema: { $ref: \"#/components/schemas/Pet\" } } } }\n", ""));
        let pet = one(&d, "types::Pet");
        assert!(pet.breaking && pet.reason.contains("Serialize"), "{pet:?}");
        assert!(one(&d, "types::Pet::new").breaking);
        // A changed field type breaks.
        let d = diff_of(|s| s.replace("id: { type: integer, format: int64 }\n        name", "id: { type: string }\n        name"));
        assert!(one(&d, "types::Pet.id").breaking);
    }

    #[test]
    fn servers_auth_and_status_changes() {
        let d = diff_of(|s| s.replace("servers: [{ url: \"https://pets.example\" }]", "servers: [{ url: \"https://pets.example\" }, { url: \"https://eu.pets.example\" }]"));
        assert!(d.changes.is_empty(), "{:#?}", d.changes);
        assert!(d.wire_notes.iter().any(|n| n.text.contains("eu.pets.example")), "{:#?}", d.wire_notes);
        assert_eq!(d.level, Level::Patch, "a wire-only change is a patch");
        let d = diff_of(|s| s.replace("    key: { type: apiKey, in: header, name: X-Key }", "    key: { type: apiKey, in: header, name: X-Key }\n    token: { type: http, scheme: bearer }").replace("security: [{ key: [] }]", "security: [{ key: [] }, { token: [] }]"));
        assert!(!one(&d, "ClientBuilder::token").breaking);
        let d = diff_of(|s| s.replace("\"200\": { description: ok, content: { application/json: { schema: { $ref", "\"201\": { description: ok, content: { application/json: { schema: { $ref"));
        assert!(d.changes.is_empty(), "{:#?}", d.changes);
        assert!(d.wire_notes.iter().any(|n| n.text.contains("201")), "{:#?}", d.wire_notes);
    }

    #[test]
    fn argument_lists_split_at_top_level_commas() {
        let old = "pub fn a::B::c(&self, x: BTreeMap<String, Vec<i64>>, y: i64) -> a::C";
        let new = "pub fn a::B::c(&self, y: String, z: Option<(i32, i32)>) -> a::C";
        assert_eq!(argument_changes(old, new), "added (z: Option<(i32, i32)>), removed (x: BTreeMap<String, Vec<i64>>), retyped (y: i64 -> String)");
        assert_eq!(argument_changes("f(a: i64, b: i64)", "f(b: i64, a: i64)"), "reordered");
    }

    #[test]
    fn versions_follow_cargo() {
        let cases = [
            ("0.1.0", Level::Major, "0.2.0"),
            ("0.1.3", Level::Minor, "0.1.4"),
            ("0.1.3", Level::Patch, "0.1.4"),
            ("0.0.3", Level::Major, "0.0.4"),
            ("1.2.3", Level::Major, "2.0.0"),
            ("1.2.3", Level::Minor, "1.3.0"),
            ("1.2.3", Level::Patch, "1.2.4"),
            ("1.2.3", Level::None, "1.2.3"),
            ("1.0.0-rc.1", Level::Major, "1.0.0"),
        ];
        for (from, level, to) in cases {
            assert_eq!(next_version(from, level).as_deref(), Ok(to), "{from} {level:?}");
        }
        assert!(next_version("1.2", Level::Major).is_err());
        assert!(next_version("x.y.z", Level::Major).is_err());
    }
}
