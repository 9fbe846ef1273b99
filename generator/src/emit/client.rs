//! Emits `src/client.rs`: the static API description the runtime reads (servers, schemes,
//! rate limits) and the API-specific builder methods and group accessors, written as text in
//! prettyplease's layout (the tables as [`Expr`]s, the methods with `layout`).

use super::docs;
use super::expr::{Expr, write_fields};
use super::features::Features;
use super::layout::{long_line, signature};
use super::text::{Text, string_lit};
use crate::ir::{Api, Group, Operation, RateLimit, SchemeKind, SecurityScheme};

/// `Option<RateLimit>` as a constant expression.
pub fn rate_limit_expr(limit: Option<RateLimit>) -> Expr {
    match limit {
        Some(l) => {
            let millis = (l.window_seconds * 1000.0).round().clamp(1.0, u64::MAX as f64) as u64;
            let window = call("::std::time::Duration::from_millis", vec![atom(format!("{millis}u64"))]);
            let limit = call("crate::runtime::RateLimit::new", vec![atom(format!("{}u32", l.requests)), window]);
            call("::std::option::Option::Some", vec![limit])
        }
        None => atom(NONE.to_owned()),
    }
}

const NONE: &str = "::std::option::Option::None";

/// The `user_agent` field of `API`, as prettyplease prints it (the same in every crate).
const USER_AGENT: &str = "user_agent: ::std::concat!(
    ::std::env!(\"CARGO_PKG_NAME\"), \"/\", ::std::env!(\"CARGO_PKG_VERSION\")
),";

fn atom(text: String) -> Expr {
    Expr::Atom(text)
}

fn call(func: &str, args: Vec<Expr>) -> Expr {
    Expr::Call(func.to_owned(), args)
}

/// `Some(literal)` or `None`.
fn optional_str(value: Option<&str>) -> Expr {
    match value {
        Some(v) => call("::std::option::Option::Some", vec![atom(string_lit(v))]),
        None => atom(NONE.to_owned()),
    }
}

/// The operation of a scheme's login, with its group (by index).
fn login_operation<'a>(api: &'a Api, scheme: &SecurityScheme) -> Option<(usize, &'a Group, &'a Operation)> {
    let login = scheme.login.as_ref()?;
    api.groups.iter().enumerate().find_map(|(g, group)| group.operations.iter().find(|o| o.path == login.path && o.method == login.method).map(|o| (g, group, o)))
}

/// The module body, as text. With tag features, group accessors and the login setters are
/// behind the feature of their group; a login whose operation is off is `None` (a `const` per
/// configuration, since its facts live in the group's module).
pub fn module(api: &Api, features: &Features) -> Result<String, String> {
    let mut out = String::from("//! API-specific configuration: servers, credentials and operation groups.\n");
    let mut login_consts = Vec::new();
    let schemes: Vec<Expr> = api.security_schemes.iter().enumerate().map(|(index, s)| scheme_info(api, features, index, s, &mut login_consts)).collect();
    let groups: Vec<Expr> = api.server_groups.iter().map(|g| Expr::Ref(Box::new(Expr::Array(g.servers.iter().map(server_info).collect())))).collect();
    let mut t = Text::new();
    t.line(0, &["pub(crate) static API: crate::runtime::ApiInfo = crate::runtime::ApiInfo {"]);
    t.block(1, USER_AGENT);
    let fields = [
        ("schemes".to_owned(), Expr::Ref(Box::new(Expr::Array(schemes)))),
        ("server_groups".to_owned(), Expr::Ref(Box::new(Expr::Array(groups)))),
        ("rate_limit".to_owned(), rate_limit_expr(api.rate_limit)),
    ];
    write_fields(&mut t, 1, &fields);
    t.line(0, &["};"]);
    t.finish(0, &mut out)?;
    for (name, predicate, info) in login_consts {
        login_const(&name, &predicate, &info, &mut out)?;
    }
    client_impl(api, features, &mut out)?;
    builder_impl(api, features, &mut out)?;
    Ok(out)
}

/// One server of a group's table.
fn server_info(s: &crate::ir::Server) -> Expr {
    let vars = s.variables.iter().map(|v| Expr::Tuple(vec![atom(string_lit(&v.name)), atom(string_lit(&v.default))])).collect();
    Expr::Struct("crate::runtime::ServerInfo".to_owned(), vec![("url".to_owned(), atom(string_lit(&s.url))), ("variables".to_owned(), Expr::Ref(Box::new(Expr::Array(vars))))])
}

/// One scheme of the table; a login behind a feature is named by a constant pushed to `login_consts`
/// (name, predicate, value).
fn scheme_info(api: &Api, features: &Features, index: usize, s: &SecurityScheme, login_consts: &mut Vec<(String, String, Expr)>) -> Expr {
    let kind = match &s.kind {
        SchemeKind::ApiKeyHeader(h) => call("crate::runtime::SchemeKind::Header", vec![atom(string_lit(h))]),
        SchemeKind::ApiKeyQuery(q) => call("crate::runtime::SchemeKind::Query", vec![atom(string_lit(q))]),
        SchemeKind::ApiKeyCookie(c) => call("crate::runtime::SchemeKind::Cookie", vec![atom(string_lit(c))]),
        SchemeKind::Bearer => atom("crate::runtime::SchemeKind::Bearer".to_owned()),
        SchemeKind::Basic => atom("crate::runtime::SchemeKind::Basic".to_owned()),
    };
    let login = match (&s.login, login_operation(api, s)) {
        (Some(l), Some((g, group, o))) => {
            let info = Expr::Struct(
                "crate::runtime::LoginInfo".to_owned(),
                vec![
                    ("op".to_owned(), atom(format!("<crate::api::{}::op::{} as crate::runtime::Operation>::INFO", group.module, o.builder_name))),
                    ("path".to_owned(), atom(string_lit(&l.path))),
                    ("username_field".to_owned(), atom(string_lit(&l.username_field))),
                    ("password_field".to_owned(), atom(string_lit(&l.password_field))),
                    ("expired_status".to_owned(), atom(format!("{}u16", l.expired_status))),
                    ("expired_text".to_owned(), optional_str(l.expired_text.as_deref())),
                ],
            );
            let info = call("::std::option::Option::Some", vec![info]);
            match features.name(g) {
                None => info,
                Some(feature) => {
                    let name = format!("LOGIN_{index}");
                    login_consts.push((name.clone(), format!("feature = {}", string_lit(feature)), info));
                    atom(name)
                }
            }
        }
        _ => atom(NONE.to_owned()),
    };
    Expr::Struct("crate::runtime::SchemeInfo".to_owned(), vec![("name".to_owned(), atom(string_lit(&s.name))), ("kind".to_owned(), kind), ("login".to_owned(), login)])
}

/// The two constants of a login behind a feature: its facts with the feature on, `None` without.
fn login_const(name: &str, predicate: &str, info: &Expr, out: &mut String) -> Result<(), String> {
    let mut t = Text::new();
    let ty = "::std::option::Option<crate::runtime::LoginInfo>";
    t.line(0, &["#[cfg(", predicate, ")]"]);
    match info {
        // Nothing before the struct literal can break (prettyplease never breaks after a
        // const's `=`), so its first line stays whole.
        Expr::Call(some, args) if matches!(args.as_slice(), [Expr::Struct(..)]) => {
            let Some(Expr::Struct(path, fields)) = args.first() else { unreachable!("matched") };
            long_line(&mut t, 0, &format!("const {name}: {ty} = {some}({path} {{"));
            write_fields(&mut t, 1, fields);
            t.line(0, &["});"]);
        }
        other => other.write(&mut t, 0, &format!("const {name}: {ty} = "), ";", ""),
    }
    t.line(0, &["#[cfg(not(", predicate, "))]"]);
    t.line(0, &["const ", name, ": ", ty, " = ", NONE, ";"]);
    t.finish(0, out)
}

/// `impl crate::Client`: `builder` and one accessor per group.
fn client_impl(api: &Api, features: &Features, out: &mut String) -> Result<(), String> {
    out.push_str("impl crate::Client {\n");
    let default_servers: Vec<String> = api.server_groups[0].servers.iter().enumerate().map(|(i, s)| format!("{i}: `{}`{}", s.url, s.description.as_deref().map(|d| format!(" — {}", d.trim())).unwrap_or_default())).collect();
    let builder_doc = docs::sanitize(&format!("Starts configuring a client. Servers (choose with `server_index`, fill variables with `server_variable`):\n\n{}", default_servers.iter().map(|s| format!("- {s}")).collect::<Vec<_>>().join("\n")));
    let mut t = Text::new();
    t.docs(1, &builder_doc);
    t.block(1, "pub fn builder() -> crate::ClientBuilder {\n    Self::builder_for(&API)\n}");
    t.finish(1, out)?;
    for (i, g) in api.groups.iter().enumerate() {
        let mut t = Text::new();
        t.doc(1, &format!(" Operations tagged `{}`.", g.tag));
        if let Some(feature) = features.name(i) {
            t.line(1, &["#[cfg(feature = ", &string_lit(feature), ")]"]);
        }
        let ty = format!("crate::api::{}::{}", g.module, g.type_name);
        signature(&mut t, 1, &format!("pub fn {}", g.accessor), &["&self".to_owned()], &format!(" -> {ty} {{"));
        call(&format!("{ty}::new"), vec![call("::std::clone::Clone::clone", vec![atom("self".to_owned())])]).write(&mut t, 2, "", "", "");
        t.line(1, &["}"]);
        t.finish(1, out)?;
    }
    out.push_str("}\n");
    Ok(())
}

/// `impl crate::ClientBuilder`: each scheme's credential setter (and login), then the base URL
/// setter of each server group but the default one.
fn builder_impl(api: &Api, features: &Features, out: &mut String) -> Result<(), String> {
    if api.security_schemes.is_empty() && api.server_groups.len() < 2 {
        out.push_str("impl crate::ClientBuilder {}\n");
        return Ok(());
    }
    out.push_str("impl crate::ClientBuilder {\n");
    let logins = api.security_schemes.iter().filter(|s| s.login.is_some()).count();
    let secret = "impl ::std::convert::Into<crate::Secret>";
    for (i, s) in api.security_schemes.iter().enumerate() {
        let how = match &s.kind {
            SchemeKind::ApiKeyHeader(h) => format!("Sent as header `{h}`."),
            SchemeKind::ApiKeyQuery(q) => format!("Sent as query parameter `{q}`."),
            SchemeKind::ApiKeyCookie(c) => format!("Sent as cookie `{c}`."),
            SchemeKind::Bearer => "Sent as `Authorization: Bearer <value>`.".into(),
            SchemeKind::Basic => "Sent as `Authorization: Basic <value>` (pass the base64 of `user:password`).".into(),
        };
        let mut t = Text::new();
        t.docs(1, &format!("Credential for the `{}` security scheme. {how}{}", s.name, s.doc.as_deref().map(|d| format!("\n\n{}", docs::sanitize(d))).unwrap_or_default()));
        signature(&mut t, 1, &format!("pub fn {}", s.setter), &["self".to_owned(), format!("value: {secret}")], " -> Self {");
        let value = call("crate::runtime::auth::Credential::Value", vec![chain("value", "into")]);
        // `self.method(..)` at the start of a line: prettyplease never breaks before the `.`.
        call("self.credential", vec![atom(format!("{i}usize")), value]).write(&mut t, 2, "", "", "");
        t.line(1, &["}"]);
        t.finish(1, out)?;
        if let Some(l) = &s.login {
            let mut t = Text::new();
            let name = if logins == 1 { "login".to_owned() } else { format!("{}_login", s.setter) };
            t.docs(1, &format!(
                "Obtains the `{}` credential by logging in (`{} {}`) with a user name and password. The token is shared by all clones of the client and renewed once when the server answers {} (expired).",
                s.name,
                l.method.as_str(),
                l.path,
                l.expired_status
            ));
            if let Some(feature) = login_operation(api, s).and_then(|(g, _, _)| features.name(g)) {
                t.line(1, &["#[cfg(feature = ", &string_lit(feature), ")]"]);
            }
            signature(&mut t, 1, &format!("pub fn {name}"), &["self".to_owned(), format!("username: {secret}"), format!("password: {secret}")], " -> Self {");
            let credential = Expr::Struct("crate::runtime::auth::Credential::Login".to_owned(), vec![("username".to_owned(), chain("username", "into")), ("password".to_owned(), chain("password", "into"))]);
            call("self.credential", vec![atom(format!("{i}usize")), credential]).write(&mut t, 2, "", "", "");
            t.line(1, &["}"]);
            t.finish(1, out)?;
        }
    }
    for (i, g) in api.server_groups.iter().enumerate().skip(1) {
        let name = format!("{}_base_url", crate::naming::snake(&g.rust_name).trim_start_matches("r#"));
        let default = g.servers.first().map(|s| s.url.as_str()).unwrap_or("");
        let mut t = Text::new();
        t.doc(1, &format!(" Base URL for the operations the spec places on `{default}` (overrides `base_url` for them)."));
        signature(&mut t, 1, &format!("pub fn {name}"), &["self".to_owned(), "url: impl ::std::convert::Into<::std::string::String>".to_owned()], " -> Self {");
        call("self.group_url", vec![atom(format!("{i}usize")), atom("url".to_owned())]).write(&mut t, 2, "", "", "");
        t.line(1, &["}"]);
        t.finish(1, out)?;
    }
    out.push_str("}\n");
    Ok(())
}

/// `receiver.method()`.
fn chain(receiver: &str, method: &str) -> Expr {
    Expr::Chain(Box::new(atom(receiver.to_owned())), vec![(method.to_owned(), vec![])])
}
