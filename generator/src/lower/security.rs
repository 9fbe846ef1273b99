//! Lowers security schemes and requirements, and the `x-login` extension that describes a
//! login operation yielding a token for a scheme.

use crate::diagnostics::{Diagnostic, Diagnostics, child};
use crate::ir::{Login, SchemeKind, SecurityScheme};
use crate::naming::{self, Scope};
use openapiv3::{APIKeyLocation, OpenAPI, ReferenceOr, SecurityRequirement};

/// The client's credential slots and the document's default requirement.
pub fn lower_schemes(doc: &OpenAPI, diags: &mut Diagnostics) -> (Vec<SecurityScheme>, Vec<Vec<usize>>) {
    let mut out = Vec::new();
    // Every method `ClientBuilder` already has (generator/runtime/client.rs), so a credential
    // setter named after a scheme cannot clash with one.
    let mut setters = Scope::with_reserved(&[
        "new", "base_url", "server_index", "server_variable", "build", "timeout", "connect_timeout", "http_client", "retry", "rate_limit", "custom_rate_limit",
        "server", "login", "allow_http", "user_agent", "credential", "group_url", "resolve_group", "clone", "fmt",
    ]);
    if let Some(components) = &doc.components {
        for (name, scheme) in &components.security_schemes {
            let pointer = child("#/components/securitySchemes", name);
            let scheme = match scheme {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference } => {
                    diags.push(Diagnostic::error(&pointer, format!("security scheme `$ref: {reference}` is not supported"), "define the scheme inline"));
                    continue;
                }
            };
            let (kind, doc_text) = match scheme {
                openapiv3::SecurityScheme::APIKey { location, name, description, .. } => (
                    match location {
                        APIKeyLocation::Header => SchemeKind::ApiKeyHeader(name.clone()),
                        APIKeyLocation::Query => SchemeKind::ApiKeyQuery(name.clone()),
                        APIKeyLocation::Cookie => SchemeKind::ApiKeyCookie(name.clone()),
                    },
                    description.clone(),
                ),
                openapiv3::SecurityScheme::HTTP { scheme, description, .. } => match scheme.to_ascii_lowercase().as_str() {
                    "bearer" => (SchemeKind::Bearer, description.clone()),
                    "basic" => (SchemeKind::Basic, description.clone()),
                    other => {
                        diags.push(Diagnostic::warning(&pointer, format!("HTTP auth scheme `{other}` is not supported"), "the credential is sent as `Authorization: <value>` as given"));
                        (SchemeKind::Bearer, description.clone())
                    }
                },
                openapiv3::SecurityScheme::OAuth2 { description, .. } | openapiv3::SecurityScheme::OpenIDConnect { description, .. } => {
                    (SchemeKind::Bearer, Some(description.clone().unwrap_or_else(|| "An OAuth 2.0 access token, sent as a bearer token. Obtaining it is up to the caller.".into())))
                }
            };
            let setter = setters.claim(&naming::snake(name));
            out.push(SecurityScheme { name: name.clone(), setter: setter.trim_start_matches("r#").to_owned(), kind, doc: doc_text, login: None });
        }
    }
    let default = match &doc.security {
        Some(reqs) => requirements(reqs, &out, "#/security", diags),
        None => Vec::new(),
    };
    (out, default)
}

/// Maps requirement objects to alternatives of scheme indices.
pub fn requirements(reqs: &[SecurityRequirement], schemes: &[SecurityScheme], pointer: &str, diags: &mut Diagnostics) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    for (i, req) in reqs.iter().enumerate() {
        let mut alternative = Vec::new();
        for name in req.keys() {
            match schemes.iter().position(|s| &s.name == name) {
                Some(index) => alternative.push(index),
                None => diags.push(Diagnostic::error(child(pointer, &i.to_string()), format!("security requirement names `{name}`, which is not in components.securitySchemes"), "define the scheme or fix the name")),
            }
        }
        out.push(alternative);
    }
    out
}

/// Resolves every `x-login` extension to the login operation it names.
pub fn resolve_logins(doc: &OpenAPI, schemes: &[SecurityScheme], diags: &mut Diagnostics) -> Vec<(usize, Login)> {
    let mut out = Vec::new();
    let Some(components) = &doc.components else { return out };
    for (index, scheme) in schemes.iter().enumerate() {
        let Some(ReferenceOr::Item(openapiv3::SecurityScheme::APIKey { extensions, .. })) = components.security_schemes.get(&scheme.name) else { continue };
        let Some(ext) = extensions.get("x-login") else { continue };
        let pointer = child(&child("#/components/securitySchemes", &scheme.name), "x-login");
        let field = |key: &str| ext.get(key).and_then(|v| v.as_str()).map(str::to_owned);
        let (Some(op_id), Some(username_field), Some(password_field)) = (field("operationId"), field("username-field"), field("password-field")) else {
            diags.push(Diagnostic::error(&pointer, "`x-login` needs `operationId`, `username-field` and `password-field`", "add the missing keys"));
            continue;
        };
        let expired_status = ext.get("expired-status").and_then(|v| v.as_u64()).filter(|s| (100..600).contains(s)).unwrap_or(401) as u16;
        let found = super::operation::operations(doc, &mut Diagnostics::default()).into_iter().find(|(_, _, op, _, _)| op.operation_id.as_deref() == Some(op_id.as_str()));
        let Some((path, method, op, _, op_pointer)) = found else {
            diags.push(Diagnostic::error(&pointer, format!("`x-login` names operation `{op_id}`, which does not exist"), "use the operationId of the login operation"));
            continue;
        };
        out.push((
            index,
            Login {
                path: path.to_owned(),
                method,
                // Filled in from the lowered operation once server groups are known.
                server_group: 0,
                username_field,
                password_field,
                expired_status,
                expired_text: field("expired-text").filter(|t| !t.trim().is_empty()),
                rate_limit: super::rate_limit(op.extensions.get("x-rate-limit"), &child(&op_pointer, "x-rate-limit"), &mut Diagnostics::default()),
            },
        ));
    }
    out
}
