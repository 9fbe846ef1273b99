//! Wire notes: changes of the HTTP contract between two IRs that the Rust API does not show
//! (paths, statuses, wire names, servers, security, retries), or that older clients meet at
//! run time (a new enum value decodes as `Unknown` there).

use crate::ir::{Api, Operation, Param, SchemeKind, Success, TypeKind};
use std::collections::BTreeMap;

/// One wire note.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Note {
    /// What it is about: `operation GetPet`, `type Pet`, `servers`, `security`.
    pub subject: String,
    /// What changed on the wire, and what it means for callers.
    pub text: String,
}

fn note(out: &mut Vec<Note>, subject: impl Into<String>, text: impl Into<String>) {
    out.push(Note { subject: subject.into(), text: text.into() });
}

/// Every wire note between `old` and `new`, sorted.
pub fn notes(old: &Api, new: &Api, codes: (&Codes, &Codes)) -> Vec<Note> {
    let mut out = Vec::new();
    servers(old, new, &mut out);
    security(old, new, &mut out);
    let ops = |api: &Api| -> BTreeMap<String, Operation> { api.groups.iter().flat_map(|g| g.operations.iter()).map(|o| (o.id.clone(), o.clone())).collect() };
    let (before, after) = (ops(old), ops(new));
    for (id, a) in &before {
        if let Some(b) = after.get(id) {
            operation(old, new, a, b, codes, &mut out);
        }
    }
    types(old, new, &mut out);
    if old.version != new.version {
        note(&mut out, "info", format!("API version {:?} -> {:?} (sent in no request; the crate docs name it)", old.version, new.version));
    }
    out.sort();
    out.dedup();
    out
}

fn servers(old: &Api, new: &Api, out: &mut Vec<Note>) {
    let urls = |api: &Api, g: usize| -> Vec<String> { api.server_groups.get(g).map(|g| g.servers.iter().map(|s| s.url.clone()).collect()).unwrap_or_default() };
    for g in 0..old.server_groups.len().max(new.server_groups.len()) {
        let (a, b) = (urls(old, g), urls(new, g));
        let label = if g == 0 { "servers".to_owned() } else { format!("servers of group {}", new.server_groups.get(g).or(old.server_groups.get(g)).map(|s| s.rust_name.as_str()).unwrap_or_default()) };
        for (i, url) in b.iter().enumerate().filter(|(_, u)| !a.contains(u)) {
            note(out, &label, format!("new server {i}: `{url}` (choose it with `server_index({i})`)"));
        }
        for url in a.iter().filter(|u| !b.contains(u)) {
            note(out, &label, format!("server `{url}` removed: clients that chose it by index now reach another server"));
        }
        if a.first() != b.first() && !a.is_empty() && !b.is_empty() {
            note(out, &label, format!("default server `{}` -> `{}`", a[0], b[0]));
        }
    }
}

fn kind_text(k: &SchemeKind) -> String {
    match k {
        SchemeKind::ApiKeyHeader(h) => format!("header `{h}`"),
        SchemeKind::ApiKeyQuery(q) => format!("query parameter `{q}`"),
        SchemeKind::ApiKeyCookie(c) => format!("cookie `{c}`"),
        SchemeKind::Bearer => "`Authorization: Bearer`".into(),
        SchemeKind::Basic => "`Authorization: Basic`".into(),
    }
}

fn security(old: &Api, new: &Api, out: &mut Vec<Note>) {
    for a in &old.security_schemes {
        if let Some(b) = new.security_schemes.iter().find(|b| b.name == a.name) {
            if a.kind != b.kind {
                note(out, "security", format!("scheme `{}` is now sent as {} (was {})", a.name, kind_text(&b.kind), kind_text(&a.kind)));
            }
        }
    }
    let names = |api: &Api, alts: &[Vec<usize>]| -> Vec<Vec<String>> { alts.iter().map(|alt| alt.iter().map(|i| api.security_schemes[*i].name.clone()).collect()).collect() };
    let (a, b) = (names(old, &old.default_security), names(new, &new.default_security));
    if a != b {
        note(out, "security", format!("default security {a:?} -> {b:?}: operations without their own `security` send other credentials"));
    }
}

fn param_where(p: &Param) -> String {
    format!("{:?} `{}` ({:?})", p.location, p.wire_name, p.style).to_lowercase()
}

fn statuses(s: &Success) -> String {
    match s {
        Success::Single(p) => format!("any 2xx ({})", payload(p)),
        Success::Enum { variants, .. } => variants.iter().map(|v| format!("{} ({})", v.status.map_or("other 2xx".into(), |s| s.to_string()), payload(&v.payload))).collect::<Vec<_>>().join(", "),
    }
}

fn payload(p: &crate::ir::Payload) -> &'static str {
    match p {
        crate::ir::Payload::Empty => "no body",
        crate::ir::Payload::Json(_) => "JSON",
        crate::ir::Payload::Text => "text",
        crate::ir::Payload::Bytes => "bytes",
    }
}

/// The documented 2xx statuses of every operation (`METHOD /path` -> codes): the IR keeps one
/// success shape for all of them, so only the document knows which codes are listed.
pub fn success_codes(doc: &openapiv3::OpenAPI) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for (path, item) in &doc.paths.paths {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            let codes = op.responses.responses.keys().map(|c| c.to_string()).filter(|c| c.starts_with('2')).collect();
            out.insert(format!("{} {path}", method.to_uppercase()), codes);
        }
    }
    out
}

type Codes = BTreeMap<String, Vec<String>>;

fn operation(old: &Api, new: &Api, a: &Operation, b: &Operation, (codes_old, codes_new): (&Codes, &Codes), out: &mut Vec<Note>) {
    let subject = format!("operation {}", a.id);
    if (a.method, &a.path) != (b.method, &b.path) {
        note(out, &subject, format!("now `{} {}` (was `{} {}`)", b.method.as_str(), b.path, a.method.as_str(), a.path));
    }
    let (sa, sb) = (statuses(&a.success), statuses(&b.success));
    if sa != sb {
        note(out, &subject, format!("success answers {sa} -> {sb}"));
    }
    // A documented success status per code, also when one 2xx shape covers them all.
    let codes = |o: &Operation| -> Vec<String> { o.errors.iter().map(|e| e.status.map_or("default".into(), |s| if e.range { format!("{}XX", s / 100) } else { s.to_string() })).collect() };
    let (ea, eb) = (codes(a), codes(b));
    if ea != eb {
        note(out, &subject, format!("documented error statuses {ea:?} -> {eb:?} (all arrive as `Error::Status`)"));
    }
    let key = |o: &Operation| format!("{} {}", o.method.as_str(), o.path);
    let (ca, cb) = (codes_old.get(&key(a)), codes_new.get(&key(b)));
    if ca != cb && sa == sb {
        note(out, &subject, format!("documented success statuses {:?} -> {:?}", ca.cloned().unwrap_or_default(), cb.cloned().unwrap_or_default()));
    }
    for pa in &a.params {
        if let Some(pb) = b.params.iter().find(|p| p.rust_name == pa.rust_name) {
            if (pa.location, &pa.wire_name, &pa.style) != (pb.location, &pb.wire_name, &pb.style) {
                note(out, &subject, format!("parameter `{}` is now sent as {} (was {})", pa.rust_name, param_where(pb), param_where(pa)));
            }
        }
    }
    if let (Some(x), Some(y)) = (&a.body, &b.body) {
        if x.kind != y.kind {
            note(out, &subject, format!("request body encoding {:?} -> {:?}", x.kind, y.kind));
        }
    }
    let scheme_names = |api: &Api, o: &Operation| -> Vec<Vec<String>> { o.security.iter().map(|alt| alt.iter().map(|i| api.security_schemes[*i].name.clone()).collect()).collect() };
    let (xa, xb) = (scheme_names(old, a), scheme_names(new, b));
    if xa != xb {
        note(out, &subject, format!("security {xa:?} -> {xb:?}"));
    }
    if a.retry != b.retry {
        note(out, &subject, format!("retries on faults {:?} -> {:?}", a.retry, b.retry));
    }
    if a.rate_limit != b.rate_limit {
        note(out, &subject, format!("rate limit {:?} -> {:?}", a.rate_limit, b.rate_limit));
    }
    let server = |api: &Api, o: &Operation| api.server_groups.get(o.server_group).and_then(|g| g.servers.first()).map(|s| s.url.clone());
    if server(old, a) != server(new, b) {
        note(out, &subject, format!("server {:?} -> {:?}", server(old, a), server(new, b)));
    }
}

fn types(old: &Api, new: &Api, out: &mut Vec<Note>) {
    for a in &old.types {
        let Some(b) = new.types.iter().find(|t| t.name == a.name) else { continue };
        let subject = format!("type {}", a.name);
        match (&a.kind, &b.kind) {
            (TypeKind::Struct(x), TypeKind::Struct(y)) => {
                for fa in &x.fields {
                    let Some(fb) = y.fields.iter().find(|f| f.rust_name == fa.rust_name) else { continue };
                    if fa.wire_name != fb.wire_name {
                        note(out, &subject, format!("field `{}` is now the JSON key `{}` (was `{}`)", fa.rust_name, fb.wire_name, fa.wire_name));
                    }
                    if (fa.required, fa.nullable) != (fb.required, fb.nullable) {
                        let says = |f: &crate::ir::Field| match (f.required, f.nullable) {
                            (true, false) => "required",
                            (true, true) => "required, may be null",
                            (false, false) => "optional",
                            (false, true) => "optional, may be null",
                        };
                        note(out, &subject, format!("field `{}` is now {} (was {})", fa.wire_name, says(fb), says(fa)));
                    }
                }
            }
            (TypeKind::StringEnum(x), TypeKind::StringEnum(y)) => {
                for v in y.iter().filter(|v| !x.iter().any(|w| w.wire == v.wire)) {
                    note(out, &subject, format!("new value {:?}: clients built from the old spec decode it as `Unknown({:?})`", v.wire, v.wire));
                }
                for v in x.iter().filter(|v| !y.iter().any(|w| w.wire == v.wire)) {
                    note(out, &subject, format!("value {:?} removed: the server should no longer send or accept it", v.wire));
                }
            }
            (TypeKind::IntEnum(x), TypeKind::IntEnum(y)) => {
                for c in y.iter().filter(|c| !x.iter().any(|d| d.value == c.value)) {
                    note(out, &subject, format!("new code {}: older clients keep it as an unnamed code", c.value));
                }
            }
            _ => {}
        }
    }
}
