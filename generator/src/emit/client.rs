//! Emits `src/client.rs`: the static API description the runtime reads (servers, schemes,
//! rate limits) and the API-specific builder methods and group accessors.

use super::docs;
use super::features::Features;
use super::op_table::info_path;
use super::typeref::ident;
use crate::ir::{Api, RateLimit, SchemeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// `Option<RateLimit>` as a constant expression.
pub fn rate_limit_tokens(limit: Option<RateLimit>) -> TokenStream {
    match limit {
        Some(l) => {
            let requests = l.requests;
            let millis = (l.window_seconds * 1000.0).round().clamp(1.0, u64::MAX as f64) as u64;
            quote! { ::std::option::Option::Some(crate::runtime::RateLimit::new(#requests, ::std::time::Duration::from_millis(#millis))) }
        }
        None => quote! { ::std::option::Option::None },
    }
}

/// The module body. With tag features, group accessors and the login setters are behind the
/// feature of their group; a login whose operation is off is `None` (see `logins`).
pub fn module(api: &Api, features: &Features) -> TokenStream {
    // The group of every scheme's login operation, if it has one.
    let login_groups: Vec<Option<usize>> = api
        .security_schemes
        .iter()
        .map(|s| s.login.as_ref().and_then(|l| api.groups.iter().position(|g| g.operations.iter().any(|o| o.path == l.path && o.method == l.method))))
        .collect();
    let mut login_consts = Vec::new();
    let groups = api.server_groups.iter().map(|g| {
        let servers = g.servers.iter().map(|s| {
            let url = &s.url;
            let vars = s.variables.iter().map(|v| {
                let (n, d) = (&v.name, &v.default);
                quote! { (#n, #d) }
            });
            quote! { crate::runtime::ServerInfo { url: #url, variables: &[#(#vars),*] } }
        });
        quote! { &[#(#servers),*] }
    });
    let schemes = api.security_schemes.iter().enumerate().map(|(index, s)| {
        let name = &s.name;
        let kind = match &s.kind {
            SchemeKind::ApiKeyHeader(h) => quote! { crate::runtime::SchemeKind::Header(#h) },
            SchemeKind::ApiKeyQuery(q) => quote! { crate::runtime::SchemeKind::Query(#q) },
            SchemeKind::ApiKeyCookie(c) => quote! { crate::runtime::SchemeKind::Cookie(#c) },
            SchemeKind::Bearer => quote! { crate::runtime::SchemeKind::Bearer },
            SchemeKind::Basic => quote! { crate::runtime::SchemeKind::Basic },
        };
        let login = match &s.login {
            Some(l) => {
                let op = api.groups.iter().flat_map(|g| g.operations.iter().map(move |o| (g, o))).find(|(_, o)| o.path == l.path && o.method == l.method);
                match op {
                    Some((g, o)) => {
                        let op_info = info_path(g, o);
                        let (path, user, pass, expired) = (&l.path, &l.username_field, &l.password_field, l.expired_status);
                        let text = match &l.expired_text {
                            Some(t) => quote! { ::std::option::Option::Some(#t) },
                            None => quote! { ::std::option::Option::None },
                        };
                        let info = quote! { ::std::option::Option::Some(crate::runtime::LoginInfo { op: #op_info, path: #path, username_field: #user, password_field: #pass, expired_status: #expired, expired_text: #text }) };
                        match login_groups[index].and_then(|g| features.group_predicate(g)) {
                            None => info,
                            // The login operation's facts live in its group's module: one constant per configuration.
                            Some(p) => {
                                let name = quote::format_ident!("LOGIN_{index}");
                                login_consts.push(quote! {
                                    #[cfg(#p)]
                                    const #name: ::std::option::Option<crate::runtime::LoginInfo> = #info;
                                    #[cfg(not(#p))]
                                    const #name: ::std::option::Option<crate::runtime::LoginInfo> = ::std::option::Option::None;
                                });
                                quote! { #name }
                            }
                        }
                    }
                    None => quote! { ::std::option::Option::None },
                }
            }
            None => quote! { ::std::option::Option::None },
        };
        quote! { crate::runtime::SchemeInfo { name: #name, kind: #kind, login: #login } }
    });
    let schemes: Vec<TokenStream> = schemes.collect();
    let rate_limit = rate_limit_tokens(api.rate_limit);
    let logins = api.security_schemes.iter().filter(|s| s.login.is_some()).count();
    let setters = api.security_schemes.iter().enumerate().map(|(i, s)| {
        let setter = ident(&s.setter);
        let how = match &s.kind {
            SchemeKind::ApiKeyHeader(h) => format!("Sent as header `{h}`."),
            SchemeKind::ApiKeyQuery(q) => format!("Sent as query parameter `{q}`."),
            SchemeKind::ApiKeyCookie(c) => format!("Sent as cookie `{c}`."),
            SchemeKind::Bearer => "Sent as `Authorization: Bearer <value>`.".into(),
            SchemeKind::Basic => "Sent as `Authorization: Basic <value>` (pass the base64 of `user:password`).".into(),
        };
        let text = format!("Credential for the `{}` security scheme. {how}{}", s.name, s.doc.as_deref().map(|d| format!("\n\n{}", docs::sanitize(d))).unwrap_or_default());
        let doc = docs::attrs(&text);
        let login_cfg = login_groups[i].map(|g| features.group_attr(g));
        let login = s.login.as_ref().map(|l| {
            let name = if logins == 1 { ident("login") } else { ident(&format!("{}_login", s.setter)) };
            let doc = docs::attrs(&format!(
                "Obtains the `{}` credential by logging in (`{} {}`) with a user name and password. The token is shared by all clones of the client and renewed once when the server answers {} (expired).",
                s.name,
                l.method.as_str(),
                l.path,
                l.expired_status
            ));
            quote! {
                #doc
                #login_cfg
                pub fn #name(self, username: impl ::std::convert::Into<crate::Secret>, password: impl ::std::convert::Into<crate::Secret>) -> Self {
                    self.credential(#i, crate::runtime::auth::Credential::Login { username: username.into(), password: password.into() })
                }
            }
        });
        quote! {
            #doc
            pub fn #setter(self, value: impl ::std::convert::Into<crate::Secret>) -> Self {
                self.credential(#i, crate::runtime::auth::Credential::Value(value.into()))
            }
            #login
        }
    });
    let group_urls = api.server_groups.iter().enumerate().skip(1).map(|(i, g)| {
        let name = ident(&format!("{}_base_url", crate::naming::snake(&g.rust_name).trim_start_matches("r#")));
        let default = g.servers.first().map(|s| s.url.as_str()).unwrap_or("");
        let doc = format!(" Base URL for the operations the spec places on `{default}` (overrides `base_url` for them).");
        quote! {
            #[doc = #doc]
            pub fn #name(self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.group_url(#i, url)
            }
        }
    });
    let accessors = api.groups.iter().enumerate().map(|(i, g)| {
        let cfg = features.group_attr(i);
        let accessor = ident(&g.accessor);
        let module = ident(&g.module);
        let ty = ident(&g.type_name);
        let doc = format!(" Operations tagged `{}`.", g.tag);
        quote! {
            #[doc = #doc]
            #cfg
            pub fn #accessor(&self) -> crate::api::#module::#ty {
                crate::api::#module::#ty::new(::std::clone::Clone::clone(self))
            }
        }
    });
    let default_servers: Vec<String> = api.server_groups[0].servers.iter().enumerate().map(|(i, s)| format!("{i}: `{}`{}", s.url, s.description.as_deref().map(|d| format!(" — {}", d.trim())).unwrap_or_default())).collect();
    let builder_doc = docs::attrs(&docs::sanitize(&format!("Starts configuring a client. Servers (choose with `server_index`, fill variables with `server_variable`):\n\n{}", default_servers.iter().map(|s| format!("- {s}")).collect::<Vec<_>>().join("\n"))));
    quote! {
        //! API-specific configuration: servers, credentials and operation groups.

        pub(crate) static API: crate::runtime::ApiInfo = crate::runtime::ApiInfo {
            user_agent: ::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION")),
            schemes: &[#(#schemes),*],
            server_groups: &[#(#groups),*],
            rate_limit: #rate_limit,
        };

        #(#login_consts)*

        impl crate::Client {
            #builder_doc
            pub fn builder() -> crate::ClientBuilder {
                Self::builder_for(&API)
            }

            #(#accessors)*
        }

        impl crate::ClientBuilder {
            #(#setters)*
            #(#group_urls)*
        }
    }
}
