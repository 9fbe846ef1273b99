//! The hand-written part of every generated client: HTTP execution, retries, rate limiting,
//! authentication, parameter encoding and lenient decoding. The generator copies it into every
//! crate as `src/runtime.rs`, each module of this directory inline (emit::runtime_rs).
// Not every API uses every helper (paging, login, lenient fields), so unused ones are expected.
#![allow(dead_code)]

pub mod auth;
pub mod client;
pub mod decode;
pub mod encode;
pub mod error;
pub mod items;
pub mod limiter;
pub mod paging;
pub mod request;
pub mod retry;
pub mod secret;
pub mod serde_helpers;
mod tls;

// Short paths for the generated operation tables; not every API pages.
#[allow(unused_imports)]
pub use request::{Operation, Paged, Paging};
use std::time::Duration;

/// Static description of the API the client talks to (generated).
#[derive(Debug)]
pub struct ApiInfo {
    /// Crate name and version, sent as User-Agent.
    pub user_agent: &'static str,
    /// Credential slots.
    pub schemes: &'static [SchemeInfo],
    /// Server groups: index 0 is the default.
    pub server_groups: &'static [&'static [ServerInfo]],
    /// Client-side request budget from the spec, if any.
    pub rate_limit: Option<RateLimit>,
}

/// One credential slot.
#[derive(Debug)]
pub struct SchemeInfo {
    /// Name in the spec.
    pub name: &'static str,
    /// How it travels.
    pub kind: SchemeKind,
    /// Login that obtains it, if any.
    pub login: Option<LoginInfo>,
}

/// How a credential travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// A header with this name.
    Header(&'static str),
    /// A query parameter with this name.
    Query(&'static str),
    /// A cookie with this name.
    Cookie(&'static str),
    /// `Authorization: Bearer`.
    Bearer,
    /// `Authorization: Basic`.
    Basic,
}

/// A login call that yields a token.
#[derive(Debug)]
pub struct LoginInfo {
    /// The login operation.
    pub op: &'static OperationInfo,
    /// Path of the login operation.
    pub path: &'static str,
    /// JSON body key for the user name.
    pub username_field: &'static str,
    /// JSON body key for the password.
    pub password_field: &'static str,
    /// Status meaning "token expired".
    pub expired_status: u16,
    /// Text the body of an "expired" answer contains (case-insensitive), when the same status
    /// also means other things (such as a role that may not call the operation).
    pub expired_text: Option<&'static str>,
}

impl LoginInfo {
    /// Whether an answer means "the token expired: log in again".
    pub fn says_expired(&self, status: u16, body: &[u8]) -> bool {
        status == self.expired_status
            && self.expired_text.is_none_or(|text| String::from_utf8_lossy(body).to_lowercase().contains(&text.to_lowercase()))
    }
}

/// A server URL template and its variable defaults.
#[derive(Debug)]
pub struct ServerInfo {
    /// URL template with `{name}` placeholders.
    pub url: &'static str,
    /// Variable names and default values.
    pub variables: &'static [(&'static str, &'static str)],
}

/// When a request may be repeated after a fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryClass {
    /// Safe to repeat.
    Idempotent,
    /// Safe to repeat when the request carries its idempotency key.
    IdempotencyField,
    /// Not safe: only a 429 (not processed) is retried.
    Unsafe,
}

/// A request budget: `requests` per `window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub requests: u32,
    /// Window length.
    pub window: Duration,
}

impl RateLimit {
    /// `requests` per `window`.
    pub const fn new(requests: u32, window: Duration) -> Self {
        Self { requests, window }
    }
}

/// Static facts about one operation (generated).
#[derive(Debug)]
pub struct OperationInfo {
    /// operationId.
    pub id: &'static str,
    /// HTTP method (`"GET"`, ...): a string, so the table is plain constant data.
    pub method: &'static str,
    /// Path template, for logs.
    pub path: &'static str,
    /// Index into [`ApiInfo::server_groups`].
    pub server_group: usize,
    /// Security alternatives (indices into [`ApiInfo::schemes`]); empty = anonymous.
    pub security: &'static [&'static [usize]],
    /// Retry safety.
    pub retry: RetryClass,
    /// Operation-specific budget.
    pub rate_limit: Option<RateLimit>,
    /// Documented error answers and their descriptions, keyed as [`OperationInfo::documented`] reads them:
    /// an exact status (100..=599), a range by its first digit (`4` for `4XX`), or 0 for `default`.
    pub errors: &'static [(u16, &'static str)],
    /// The `Accept` header: the media types of the documented answers.
    pub accept: &'static str,
    /// The parameters, in the spec's order: request builders store values by position here.
    pub params: &'static [Param],
    /// Top-level body key whose presence makes a retry safe ([`RetryClass::IdempotencyField`]).
    pub idempotency_field: Option<&'static str>,
}

/// Where a parameter travels and how it is laid out (generated, one per parameter).
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// The name on the wire.
    pub name: &'static str,
    /// Path, query, header or cookie.
    pub location: Location,
    /// Layout of lists and objects in the query.
    pub style: encode::Style,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A `{name}` segment of the path.
    Path,
    /// A query pair.
    Query,
    /// A header.
    Header,
    /// A `name=value` pair of the `Cookie` header.
    Cookie,
}

// Short constructors keep each row of a generated parameter table on one line.
impl Param {
    /// A path parameter.
    pub const fn path(name: &'static str) -> Self {
        Self { name, location: Location::Path, style: encode::Style::Exploded }
    }
    /// A query parameter, lists repeated and objects as their own keys (`form`, `explode: true`).
    pub const fn query(name: &'static str) -> Self {
        Self { name, location: Location::Query, style: encode::Style::Exploded }
    }
    /// A query parameter whose lists are joined by `delimiter` (`explode: false`, pipe/space delimited).
    pub const fn query_delimited(name: &'static str, delimiter: &'static str) -> Self {
        Self { name, location: Location::Query, style: encode::Style::Delimited(delimiter) }
    }
    /// A `deepObject` query parameter (`name[key]=value`).
    pub const fn query_deep(name: &'static str) -> Self {
        Self { name, location: Location::Query, style: encode::Style::DeepObject }
    }
    /// A header parameter.
    pub const fn header(name: &'static str) -> Self {
        Self { name, location: Location::Header, style: encode::Style::Exploded }
    }
    /// A cookie parameter.
    pub const fn cookie(name: &'static str) -> Self {
        Self { name, location: Location::Cookie, style: encode::Style::Exploded }
    }
}

impl OperationInfo {
    /// What a generated table leaves out: no servers but the default, anonymous, safe to
    /// repeat, no own rate limit, no documented errors, JSON answers, no parameters.
    pub const DEFAULT: Self = Self {
        id: "",
        method: "GET",
        path: "",
        server_group: 0,
        security: &[],
        retry: RetryClass::Idempotent,
        rate_limit: None,
        errors: &[],
        accept: "application/json",
        params: &[],
        idempotency_field: None,
    };

    /// The spec's description of an error status, as the spec means it: the exact status,
    /// else its range (`4XX`, `5XX`), else `default`; `None` when the operation documents none of them.
    pub fn documented(&self, status: u16) -> Option<&'static str> {
        let find = |key: u16| self.errors.iter().find(|(s, _)| *s == key).map(|(_, d)| *d);
        // Keys below 100 are ranges and `default`: a status outside 100..=599 matches only `default`.
        let specific = if (100..600).contains(&status) { find(status).or_else(|| find(status / 100)) } else { None };
        specific.or_else(|| find(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_statuses_use_exact_then_range_then_default() {
        let op = |errors: &'static [(u16, &'static str)]| OperationInfo { id: "op", path: "/", errors, ..OperationInfo::DEFAULT };
        let exact = op(&[(400, "bad"), (404, "missing")]);
        assert_eq!(exact.documented(404), Some("missing"));
        // The literal 400 entry is not a 4XX range: 418 is undocumented here.
        assert_eq!(exact.documented(418), None);
        let ranges = op(&[(400, "bad"), (4, "client"), (5, "server"), (0, "other")]);
        assert_eq!(ranges.documented(400), Some("bad"));
        assert_eq!(ranges.documented(418), Some("client"));
        assert_eq!(ranges.documented(503), Some("server"));
        assert_eq!(ranges.documented(302), Some("other"));
        assert_eq!(ranges.documented(4), Some("other"), "a status below 100 is not a range key");
    }
}
