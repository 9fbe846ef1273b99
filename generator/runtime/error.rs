//! The one error type of the client. Every variant names the operation; server answers keep
//! status, headers and body; nothing secret is ever part of an error.

use std::fmt;
use std::time::Duration;

/// How many body bytes an error message shows.
const SNIPPET: usize = 512;

/// A response the client could not turn into the documented success value.
#[derive(Clone)]
pub struct ResponseError {
    /// operationId of the call.
    pub operation: &'static str,
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The whole response body.
    pub body: Vec<u8>,
    /// The spec's description of this status: its exact entry, else its range (`4XX`, `5XX`), else
    /// `default`; `None` when the operation documents none of them (the message then says so).
    pub documented: Option<&'static str>,
    /// True when this answer came to a repeated attempt (a 409 then may mean the first attempt succeeded).
    pub after_retry: bool,
}

impl ResponseError {
    /// The body as text, cut to a bounded length for messages.
    pub fn snippet(&self) -> String {
        snippet(&self.body)
    }

    /// Decodes the body as JSON into `T` (for documented error bodies).
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.body)
    }
}

impl fmt::Debug for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values can carry cookies or tokens: show names only.
        let names: Vec<&str> = self.headers.keys().map(|k| k.as_str()).collect();
        f.debug_struct("ResponseError")
            .field("operation", &self.operation)
            .field("status", &self.status)
            .field("headers", &names)
            .field("body", &self.snippet())
            .field("documented", &self.documented)
            .field("after_retry", &self.after_retry)
            .finish()
    }
}

/// Everything that can go wrong in a call.
///
/// `Clone` so that one failed login can be handed to every request that waited for it.
/// `Debug` is written by hand: response bodies appear only as a bounded snippet.
#[derive(Clone, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered a status that is not a documented success.
    #[error("{}: the server answered {} ({}): {}", .0.operation, .0.status, .0.documented.unwrap_or("a status this operation does not document"), .0.snippet())]
    Status(Box<ResponseError>),
    /// The server kept answering 429 until the retry budget ran out.
    #[error("{operation}: rate limited (HTTP 429) after {attempts} attempt(s){}", retry_after.map(|d| format!("; the server asked to wait {d:?}")).unwrap_or_default())]
    RateLimited {
        /// operationId.
        operation: &'static str,
        /// Attempts made.
        attempts: u32,
        /// The last Retry-After, if any.
        retry_after: Option<Duration>,
        /// The last 429 response.
        response: Box<ResponseError>,
    },
    /// A success status whose body did not match the documented type.
    #[error("{operation}: could not decode the {status} response at `{path}`: {message}; body starts: {}", snippet(body))]
    Decode {
        /// operationId.
        operation: &'static str,
        /// HTTP status.
        status: u16,
        /// JSON path of the failure (`.` for the root).
        path: String,
        /// What serde said.
        message: String,
        /// The whole body; for a JSON list answer over 1 MiB, which is decoded item by item as it
        /// arrives, the part from the item that failed to the end (`path` starts with its index).
        body: Vec<u8>,
    },
    /// An attempt timed out ([`crate::ClientBuilder::timeout`]), or the call's total budget
    /// ([`crate::ClientBuilder::deadline`]) ran out during an attempt or a wait for the rate limiter
    /// or a login (`attempts` counts the attempts that reached the network).
    #[error("{operation}: timed out after {attempts} attempt(s)")]
    Timeout {
        /// operationId.
        operation: &'static str,
        /// Attempts made.
        attempts: u32,
    },
    /// The connection failed or broke.
    #[error("{operation}: connection failed after {attempts} attempt(s): {message}")]
    Connection {
        /// operationId.
        operation: &'static str,
        /// Attempts made.
        attempts: u32,
        /// What failed (without URLs).
        message: String,
    },
    /// Logging in to obtain a token failed.
    #[error("login failed: {0}")]
    Login(Box<Error>),
    /// No credential is configured that the operation accepts.
    #[error("{operation}: no credential configured for any of its security schemes ({schemes})")]
    MissingCredentials {
        /// operationId.
        operation: &'static str,
        /// The schemes it accepts.
        schemes: String,
    },
    /// The client configuration is invalid.
    #[error("invalid client configuration: {0}")]
    Config(String),
    /// The request could not be built from the arguments.
    #[error("{operation}: invalid request: {message}")]
    InvalidRequest {
        /// operationId.
        operation: &'static str,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status(r) | Error::RateLimited { response: r, .. } => Some(r.status),
            Error::Decode { status, .. } => Some(*status),
            Error::Login(inner) => inner.status(),
            _ => None,
        }
    }

    /// The response body, when the server answered.
    pub fn body(&self) -> Option<&[u8]> {
        match self {
            Error::Status(r) | Error::RateLimited { response: r, .. } => Some(&r.body),
            Error::Decode { body, .. } => Some(body),
            Error::Login(inner) => inner.body(),
            _ => None,
        }
    }

    /// True for a timeout.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Status(response) => f.debug_tuple("Status").field(response).finish(),
            Error::RateLimited { operation, attempts, retry_after, response } => f
                .debug_struct("RateLimited")
                .field("operation", operation)
                .field("attempts", attempts)
                .field("retry_after", retry_after)
                .field("response", response)
                .finish(),
            // A derived Debug would print the whole body as a list of numbers, however large.
            Error::Decode { operation, status, path, message, body } => f
                .debug_struct("Decode")
                .field("operation", operation)
                .field("status", status)
                .field("path", path)
                .field("message", message)
                .field("body", &snippet(body))
                .finish(),
            Error::Timeout { operation, attempts } => f.debug_struct("Timeout").field("operation", operation).field("attempts", attempts).finish(),
            Error::Connection { operation, attempts, message } => {
                f.debug_struct("Connection").field("operation", operation).field("attempts", attempts).field("message", message).finish()
            }
            Error::Login(inner) => f.debug_tuple("Login").field(inner).finish(),
            Error::MissingCredentials { operation, schemes } => f.debug_struct("MissingCredentials").field("operation", operation).field("schemes", schemes).finish(),
            Error::Config(message) => f.debug_tuple("Config").field(message).finish(),
            Error::InvalidRequest { operation, message } => f.debug_struct("InvalidRequest").field("operation", operation).field("message", message).finish(),
        }
    }
}

/// Cuts a message (for example serde's, which quotes the offending value) to a bounded length.
pub fn bounded(mut text: String) -> String {
    if text.len() > SNIPPET {
        let mut cut = SNIPPET;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let total = text.len();
        text.truncate(cut);
        text.push_str(&format!("... ({total} bytes in all)"));
    }
    text
}

/// A bounded, lossy text rendering of a body.
pub fn snippet(body: &[u8]) -> String {
    let cut = body.len().min(SNIPPET);
    let mut text = String::from_utf8_lossy(&body[..cut]).into_owned();
    if body.len() > SNIPPET {
        text.push_str(&format!("... ({} bytes in all)", body.len()));
    }
    text
}
