//! The hand-written part of every generated client: HTTP execution, retries, rate limiting,
//! authentication, parameter encoding and lenient decoding. Copied verbatim by the generator.
// Not every API uses every helper (paging, login, lenient fields), so unused ones are expected.
#![allow(dead_code)]

pub mod auth;
pub mod client;
pub mod decode;
pub mod encode;
pub mod error;
pub mod limiter;
pub mod paging;
pub mod retry;
pub mod secret;
pub mod serde_helpers;
mod tls;

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
    /// HTTP method.
    pub method: reqwest::Method,
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
    /// Documented error statuses (0 = default) and their descriptions.
    pub errors: &'static [(u16, &'static str)],
    /// The `Accept` header: the media types of the documented answers.
    pub accept: &'static str,
}

impl OperationInfo {
    /// The spec's description of an error status, if documented.
    pub fn documented(&self, status: u16) -> Option<&'static str> {
        self.errors
            .iter()
            .find(|(s, _)| *s == status)
            .or_else(|| self.errors.iter().find(|(s, _)| *s == status / 100 * 100 && status >= 100))
            .or_else(|| self.errors.iter().find(|(s, _)| *s == 0))
            .map(|(_, d)| *d)
    }
}
