//! Lowering: validates an openapiv3 document while turning it into [`crate::ir::Api`].
//!
//! Every problem is collected as a [`Diagnostic`] with a JSON pointer; nothing here panics on
//! spec content. Emitters only ever see the IR.

mod cycles;
mod directions;
mod operation;
mod schema;
mod security;
mod view;

use crate::diagnostics::{Diagnostic, Diagnostics, child};
use crate::ir::{Api, Group, RateLimit, Server, ServerGroup, ServerVariable};
use crate::naming::{self, Scope};
use openapiv3::OpenAPI;
use std::collections::{BTreeMap, HashMap};

pub use schema::doc_text;

/// Lowers a parsed document. Returns the API (possibly partial) and every problem found.
pub fn lower(doc: &OpenAPI, diags: &mut Diagnostics) -> Api {
    if !doc.openapi.starts_with("3.0") {
        diags.push(Diagnostic::error(
            "#/openapi",
            format!("OpenAPI version `{}` is not supported", doc.openapi),
            "this generator reads OpenAPI 3.0.x documents; convert 2.0 documents with swagger2openapi, and write 3.1 documents as 3.0",
        ));
    }
    let mut types = schema::Types::new(doc, naming::RESERVED_TYPE_NAMES);
    types.lower_components(diags);

    let mut server_groups = vec![ServerGroup { rust_name: "Default".into(), servers: servers(&doc.servers) }];
    if server_groups[0].servers.is_empty() {
        server_groups[0].servers.push(Server { url: "/".into(), description: Some("The spec names no server; set a base URL on the builder.".into()), variables: Vec::new() });
    }
    let (security_schemes, default_security) = security::lower_schemes(doc, diags);
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    // A module name is also the group's accessor method on `Client`, so it may take neither a
    // file name of the crate nor a method the runtime's `Client` already has (keep in sync
    // with generator/runtime/client.rs).
    let mut module_names = Scope::with_reserved(&[
        "types", "runtime", "client", "error", "servers", "webhooks", "lib", "api", "builder", "builder_for", "base_url", "throttle", "auth", "login",
        "retry_allowed", "execute", "attempt", "clone", "fmt",
    ]);
    let mut group_types = Scope::with_reserved(naming::RESERVED_TYPE_NAMES);
    let mut tag_modules: BTreeMap<String, String> = BTreeMap::new();
    let mut webhooks = Vec::new();
    let document_webhooks = document_webhooks(doc, diags);
    // The first tag object of each name (looked up once per group, not by a scan of the tags:
    // documents with a tag per few operations have thousands of both).
    let mut tag_descriptions: HashMap<&str, Option<&String>> = HashMap::new();
    for t in &doc.tags {
        tag_descriptions.entry(t.name.as_str()).or_insert(t.description.as_ref());
    }
    let mut ops = operation::Lowerer::new(doc, &mut types, &security_schemes, &default_security, &mut server_groups, &mut webhooks);
    for (path, method, op, path_item, pointer) in operation::operations(doc, diags) {
        let tag = op.tags.first().cloned().unwrap_or_else(|| "default".to_owned());
        let module = tag_modules.entry(tag.clone()).or_insert_with(|| module_names.claim(&naming::snake(&tag))).clone();
        let group = groups.entry(module.clone()).or_insert_with(|| {
            let type_name = group_types.claim(&format!("{}Api", naming::pascal(&tag).trim_start_matches("r#")));
            Group {
                accessor: module.clone(),
                module: module.clone(),
                type_name,
                description: tag_descriptions.get(tag.as_str()).copied().flatten().cloned(),
                tag: tag.clone(),
                operations: Vec::new(),
            }
        });
        if let Some(lowered) = ops.lower(path, method, op, path_item, &pointer, diags) {
            group.operations.push(lowered);
        }
    }
    if let Some(op) = &document_webhooks {
        ops.callbacks(op, "webhooks (top level)", "#/x-oas31-webhooks", diags);
    }
    let examples = std::mem::take(&mut ops.examples);
    let error_bodies = std::mem::take(&mut ops.error_bodies);
    let login_checks = security::resolve_logins(doc, &security_schemes, diags);
    let mut security_schemes = security_schemes;
    for (index, mut login) in login_checks {
        if let Some(op) = groups.values().flat_map(|g| &g.operations).find(|o| o.path == login.path && o.method == login.method) {
            login.server_group = op.server_group;
        }
        security_schemes[index].login = Some(login);
    }
    let mut groups: Vec<Group> = groups.into_values().collect();
    // Method names are unique per group; assign them in spec order, operations with an
    // explicit operationId first, so a derived name never takes a name the spec chose.
    for group in &mut groups {
        // `client` is the accessor's field and `new` its constructor; `clone` and `cmp` taking
        // `&self` would trip clippy's should_implement_trait.
        let mut methods = Scope::with_reserved(&["client", "new", "clone", "cmp"]);
        let mut builders = Scope::with_reserved(&[group.type_name.as_str(), "Client", "Error", "Result", "Option", "Vec", "String", "Box"]);
        let (explicit, derived): (Vec<_>, Vec<_>) = group.operations.iter_mut().partition(|op| !op.id_derived);
        for op in explicit.into_iter().chain(derived) {
            op.method_name = methods.claim(&op.method_name);
            op.builder_name = builders.claim(&op.builder_name);
            if let crate::ir::Success::Enum { type_name, .. } = &mut op.success {
                *type_name = builders.claim(type_name);
            }
        }
    }
    let mut defs = types.defs;
    let alias_cycles = cycles::box_cycles(&mut defs);
    for &i in &alias_cycles.degenerate {
        diags.push(Diagnostic::error(
            &defs[i].pointer,
            format!("schema `{}` is defined only in terms of itself (through `$ref`, single-member `allOf` or `nullable`)", defs[i].name),
            "give one schema of the loop a type or properties, or remove the loop",
        ));
    }
    for &i in &alias_cycles.through_containers {
        diags.push(Diagnostic::warning(
            &defs[i].pointer,
            format!("schema `{}` is an array or map of itself, which a Rust type alias cannot express", defs[i].name),
            "the value is kept as serde_json::Value; wrap the list in an object to get a typed struct",
        ));
    }
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        server_groups,
        types: defs,
        groups,
        security_schemes,
        default_security,
        rate_limit: rate_limit(doc.extensions.get("x-rate-limit"), "#/x-rate-limit", diags),
        webhooks,
        examples,
    };
    directions::compute(&mut api, &error_bodies);
    api
}

/// The top-level `webhooks` of an OpenAPI 3.1 document, which the front end carries as an
/// operation-shaped `x-oas31-webhooks` extension (one callback per webhook), so their payloads are
/// lowered like any operation's callbacks.
fn document_webhooks(doc: &OpenAPI, diags: &mut Diagnostics) -> Option<openapiv3::Operation> {
    let value = doc.extensions.get("x-oas31-webhooks")?;
    match serde_path_to_error::deserialize::<_, openapiv3::Operation>(value) {
        Ok(op) => Some(op),
        Err(e) => {
            let mut pointer = String::from("#/x-oas31-webhooks");
            for segment in e.path().iter() {
                if let serde_path_to_error::Segment::Map { key } | serde_path_to_error::Segment::Enum { variant: key } = segment {
                    pointer = child(&pointer, key);
                } else if let serde_path_to_error::Segment::Seq { index } = segment {
                    pointer = format!("{pointer}/{index}");
                }
            }
            diags.push(Diagnostic::warning(pointer, format!("a webhook does not follow the OpenAPI schema: {}", e.inner()), "no webhook payload types are generated; fix the webhook"));
            None
        }
    }
}

/// Converts a `servers` array.
pub fn servers(list: &[openapiv3::Server]) -> Vec<Server> {
    list.iter()
        .map(|s| Server {
            url: s.url.clone(),
            description: s.description.clone(),
            variables: s
                .variables
                .iter()
                .flatten()
                .map(|(name, var)| ServerVariable { name: name.clone(), default: var.default.clone(), allowed: var.enumeration.clone(), description: var.description.clone() })
                .collect(),
        })
        .collect()
}

/// Reads an `x-rate-limit: {requests, window-seconds}` extension.
pub fn rate_limit(value: Option<&serde_json::Value>, pointer: &str, diags: &mut Diagnostics) -> Option<RateLimit> {
    let value = value?;
    let requests = value.get("requests").and_then(|r| r.as_u64()).filter(|r| *r > 0 && *r <= u32::MAX as u64);
    let window = value.get("window-seconds").and_then(|w| w.as_f64()).filter(|w| *w > 0.0 && w.is_finite());
    match (requests, window) {
        (Some(requests), Some(window_seconds)) => Some(RateLimit { requests: requests as u32, window_seconds }),
        _ => {
            diags.push(Diagnostic::warning(pointer, "`x-rate-limit` needs a positive integer `requests` and a positive `window-seconds`", "the extension is ignored"));
            None
        }
    }
}

/// Pointer of a path item.
pub fn path_pointer(path: &str) -> String {
    child("#/paths", path)
}
