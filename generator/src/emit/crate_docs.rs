//! The generated crate's front page (`//!` of `src/lib.rs`), written for the crate's user: what
//! the API is, a quick start (credential, server, first call, paging, errors), the evidence levels
//! when the spec marks them, links to every module and, with per-tag features, which feature
//! enables which module (the lines that name a tag's items are behind its feature).

use super::docs;
use super::example;
use super::features::Features;
use super::layout::inner_attr_list;
use super::text::{Text, string_lit};
use crate::ir::{Api, Group, Operation, Payload, Success};

/// Writes the crate-level documentation as inner doc lines. With tag features, the examples that
/// call a tag's operation and the link to its module are `#![cfg_attr(feature = .., doc = ..)]`,
/// so the documentation of a build with that tag off names nothing missing.
pub fn write(api: &Api, krate: &str, features: &Features, t: &mut Text) {
    if !features.is_on() {
        t.inner_docs(&text(api, krate));
        return;
    }
    let group_of = |g: &Group| api.groups.iter().position(|x| std::ptr::eq(x, g));
    let mut sections: Vec<(String, Option<usize>)> = vec![(intro(api, features), None)];
    sections.push((first_call(api, krate), simplest(api).and_then(|(g, _)| group_of(g))));
    sections.push((paging(api, krate), paged(api).and_then(|(g, _)| group_of(g))));
    sections.push((format!("{ERRORS}{}", evidence(api)), None));
    sections.push((String::from("## Modules\n\n- [`api`]: one module per tag, reached from the client; each tag is a Cargo feature, all on by default (build with `default-features = false, features = [\"rustls-ring\", \"<tag>\"]` to compile only the tags you call):\n"), None));
    for (g, group) in api.groups.iter().enumerate() {
        let feature = features.name(g).unwrap_or_default();
        sections.push((format!("  - {} (`client.{}()`, feature `{feature}`)\n", module_link(group), group.accessor), Some(g)));
    }
    let mut rest = MODULES_REST.trim_start_matches('\n').to_owned();
    if features.has_unused(api) {
        rest = rest.replacen("the request and response types.", &format!("the request and response types; the schemas no operation uses are behind feature `{}`.", super::features::UNUSED), 1);
    }
    sections.push((rest, None));
    for (text, group) in sections {
        match group.and_then(|g| features.name(g)) {
            None => t.inner_docs(&text),
            Some(feature) => {
                let predicate = format!("feature = {}", string_lit(feature));
                for line in text.lines() {
                    let line = if line.is_empty() { String::new() } else { format!(" {line}") };
                    inner_attr_list(t, "cfg_attr", &[predicate.clone(), format!("doc = {}", string_lit(&line))]);
                }
            }
        }
    }
}

/// The Markdown text of the crate-level documentation (a crate without tag features).
pub fn text(api: &Api, krate: &str) -> String {
    let mut text = intro(api, &Features::default());
    text.push_str(&first_call(api, krate));
    text.push_str(&paging(api, krate));
    text.push_str(ERRORS);
    text.push_str(&evidence(api));
    text.push_str(&modules(api));
    text
}

/// Title, description, credentials and servers: the part that names no tag's items.
fn intro(api: &Api, features: &Features) -> String {
    let title = &api.title;
    let mut text = format!("# {title}: async Rust client\n\nA typed async client for {title} (API version {}), generated from its OpenAPI description.", api.version);
    if let Some(d) = &api.description {
        text.push_str(&format!("\n\n{}", docs::sanitize(d)));
    }
    text.push_str("\n\n## Quick start\n\n");
    text.push_str(&credentials(api, features));
    text.push_str(&servers(api));
    text
}

fn credentials(api: &Api, features: &Features) -> String {
    if api.security_schemes.is_empty() {
        return "**Credentials.** The API declares no security schemes: calls are anonymous.\n\n".into();
    }
    let logins = api.security_schemes.iter().filter(|s| s.login.is_some()).count();
    let setters: Vec<String> = api
        .security_schemes
        .iter()
        .map(|s| {
            // The same names emit/client.rs gives the login setters.
            let setter = match logins {
                1 => "ClientBuilder::login".to_owned(),
                _ => format!("ClientBuilder::{}_login", s.setter.trim_start_matches("r#")),
            };
            // A login setter is behind the feature of its operation's tag: named, not linked.
            let feature = s.login.as_ref().and_then(|l| api.groups.iter().position(|g| g.operations.iter().any(|o| o.path == l.path && o.method == l.method))).and_then(|g| features.name(g));
            let login = match (&s.login, feature) {
                (None, _) => String::new(),
                (Some(_), None) => format!(" (or [`{setter}`] with a user name and password, which obtains it)"),
                (Some(_), Some(f)) => format!(" (or `{setter}` with a user name and password, which obtains it; feature `{f}`)"),
            };
            format!("- [`ClientBuilder::{}`] for `{}`{login}", s.setter.trim_start_matches("r#"), s.name)
        })
        .collect();
    format!("**Credentials.** Give the client what the API accepts; each call uses the first alternative its operation allows that you configured. Credentials are [`Secret`]s and are never printed.\n\n{}\n\n", setters.join("\n"))
}

fn servers(api: &Api) -> String {
    let Some(default) = api.server_groups.first() else { return String::new() };
    let mut text = String::from("**Server.** ");
    match default.servers.as_slice() {
        [] => text.push_str("The API names no server: set one with [`ClientBuilder::base_url`]."),
        servers => {
            text.push_str("The spec's servers, chosen with [`ClientBuilder::server_index`] (0 is the default):\n\n");
            for (i, s) in servers.iter().enumerate() {
                let description = s.description.as_deref().map(|d| format!(": {}", docs::sanitize(d))).unwrap_or_default();
                text.push_str(&format!("{i}. `{}`{description}\n", s.url));
                for v in &s.variables {
                    let about = v.description.as_deref().map(|d| format!(" {}", docs::sanitize(d))).unwrap_or_default();
                    text.push_str(&format!("   - `{{{}}}` (default `{}`), set with `.server_variable(\"{}\", ..)`.{about}\n", v.name, v.default, v.name));
                }
            }
        }
    }
    let others: Vec<String> = api.server_groups.iter().skip(1).filter_map(|g| g.servers.first()).map(|s| format!("`{}`", s.url)).collect();
    text.push_str("\n[`ClientBuilder::base_url`] sends **every** operation to one URL (a mock server, a proxy)");
    if others.is_empty() {
        text.push_str(".\n\n");
    } else {
        text.push_str(&format!(
            ", including those the spec places on other hosts ({}); each of those hosts also has its own `<name>_base_url` setter, which wins over `base_url`.\n\n",
            others.join(", ")
        ));
    }
    text
}

/// The first operation that needs no argument, preferring those with a JSON answer.
fn simplest(api: &Api) -> Option<(&Group, &Operation)> {
    let all = || api.groups.iter().flat_map(|g| g.operations.iter().map(move |o| (g, o))).filter(|(_, o)| !o.deprecated);
    let no_args = |o: &Operation| o.params.iter().all(|p| !p.required) && o.body.as_ref().is_none_or(|b| !b.required);
    all().find(|(_, o)| no_args(o) && o.method == crate::ir::Method::Get && matches!(o.success, Success::Single(Payload::Json(_)))).or_else(|| all().find(|(_, o)| no_args(o)))
}

fn first_call(api: &Api, krate: &str) -> String {
    let mut setter = api.security_schemes.first().map(|s| format!("\n    .{}(std::env::var(\"API_KEY\").unwrap_or_default())", s.setter.trim_start_matches("r#"))).unwrap_or_default();
    // Server variables are usually per-customer (a host number, a region): show where they go.
    for v in api.server_groups.first().and_then(|g| g.servers.first()).map(|s| s.variables.as_slice()).unwrap_or_default() {
        setter.push_str(&format!("\n    .server_variable({:?}, {:?})", v.name, v.default));
    }
    let call = match simplest(api) {
        Some((g, o)) => format!("let answer = client.{}().{}().await?;\nprintln!(\"{{answer:?}}\");\n", g.accessor, o.method_name),
        None => "// client.<tag>().<operation>(required arguments).send().await?\n".into(),
    };
    format!(
        "**First call.** Operations are grouped by tag: `client.<tag>().<operation>(required arguments)`, then setters for the optional ones, then `.send().await` (or just `.await`).\n\n```no_run\n# async fn run() -> Result<(), {krate}::Error> {{\nlet client = {krate}::Client::builder(){setter}\n    .build()?;\n{call}# Ok(())\n# }}\n```\n\n"
    )
}

/// The first paged operation that is not deprecated.
fn paged(api: &Api) -> Option<(&Group, &Operation)> {
    api.groups.iter().flat_map(|g| g.operations.iter().map(move |o| (g, o))).find(|(_, o)| o.pagination.is_some() && !o.deprecated)
}

fn paging(api: &Api, krate: &str) -> String {
    let Some((g, o)) = paged(api) else { return String::new() };
    let args: Vec<String> = o.params.iter().filter(|p| p.required).map(|p| example::expr(api, &p.ty, krate, 0)).collect();
    format!(
        "**Paging.** Paged operations also offer `.into_stream()`, which yields every item across pages and holds one page in memory:\n\n```no_run\n# async fn run(client: {krate}::Client) -> Result<(), {krate}::Error> {{\nuse {krate}::futures::StreamExt;\nlet mut items = client.{}().{}({}).into_stream();\nwhile let Some(item) = items.next().await {{\n    println!(\"{{:?}}\", item?);\n}}\n# Ok(())\n# }}\n```\n\n",
        g.accessor,
        o.method_name,
        args.join(", ")
    )
}

const ERRORS: &str = "**Errors.** Every call returns [`Result`] with [`Error`]. A status that is not a documented success is [`Error::Status`]: it keeps the status, headers and whole body, and the spec's description of that status (its exact entry, else its `4XX`/`5XX` range, else `default`). [`Error::RateLimited`] is a 429 that outlasted the retries, [`Error::Decode`] a success body that does not match its type (with the JSON path), [`Error::Timeout`] and [`Error::Connection`] transport failures. Retries (429 with `Retry-After`; 502, 503, 504 and transport faults where repeating is safe) are built in; [`ClientBuilder::retry`] tunes them, [`ClientBuilder::timeout`] bounds one attempt and [`ClientBuilder::deadline`] (or `.deadline(..)` on one request) the whole call, waits included.\n\n";

fn evidence(api: &Api) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for o in api.groups.iter().flat_map(|g| &g.operations) {
        if let Some(e) = &o.evidence {
            *counts.entry(e.as_str()).or_default() += 1;
        }
    }
    if counts.is_empty() {
        return String::new();
    }
    // The levels from strongest to weakest, then any other the spec uses.
    let rank = |level: &str| ["reference", "secondary", "inferred"].iter().position(|l| *l == level).unwrap_or(3);
    let mut levels: Vec<(&str, usize)> = counts.into_iter().collect();
    levels.sort_by_key(|(level, _)| rank(level));
    let tally: Vec<String> = levels.iter().map(|(level, n)| format!("{n} {level}")).collect();
    format!(
        "## Evidence levels\n\nEach operation's documentation says what its description rests on. **reference**: the vendor's reference pages document the endpoint. **secondary**: path and shapes come from third-party clients or the vendor's overview lists, so the live API may differ; types accept every shape such sources report. **inferred**: the shape is a reasoned guess; check the answers you get before relying on them. This crate has {}.\n\n",
        tally.join(", ")
    )
}

fn modules(api: &Api) -> String {
    let mut text = String::from("## Modules\n\n- [`api`]: one module per tag, reached from the client: ");
    let groups: Vec<String> = api.groups.iter().map(|g| format!("{} (`client.{}()`)", module_link(g), g.accessor)).collect();
    text.push_str(&groups.join(", "));
    text.push('.');
    text.push_str(MODULES_REST);
    text
}

/// The modules after `api` in the list of modules.
const MODULES_REST: &str = "\n- [`types`]: the request and response types. Each implements serde only in the direction it crosses the wire: what you send is `Serialize` and has `new` and `with_*` setters; what the server sends is `Deserialize` (build one for a test with `serde_json::from_value`).\n- [`webhooks`]: payloads the server sends to endpoints you register, and the replies it expects.\n- [`Client`], [`ClientBuilder`], [`Error`], [`RetryPolicy`], [`RateLimit`], [`Secret`]: configuration and errors.";

/// An intra-doc link to a group's module.
fn module_link(g: &Group) -> String {
    // A raw identifier (`r#type`) needs the explicit target; rustdoc flags it as redundant otherwise.
    match g.module.strip_prefix("r#") {
        Some(bare) => format!("[`api::{bare}`](api::{})", g.module),
        None => format!("[`api::{}`]", g.module),
    }
}
