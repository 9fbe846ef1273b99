//! Settings from the environment: the API client and the small values the examples take.
//!
//! The parsing lives here, as pure functions over `Option<String>`, so that the example mains stay thin
//! and tests never have to change the process environment (which edition 2024 makes `unsafe`).

use std::fmt;

use optimove_client::chrono::NaiveDateTime;
use optimove_client::{Client, Error};

/// Environment variable holding the API key (Settings > API Key Management); required.
pub const API_KEY_VAR: &str = "OPTIMOVE_API_KEY";
/// Environment variable with a base URL replacing the spec's default host (`https://api4.optimove.net`); optional.
pub const BASE_URL_VAR: &str = "OPTIMOVE_BASE_URL";

/// A setting that is missing or cannot be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConfigError {
    /// A required setting was not given.
    Missing(&'static str),
    /// A setting was given but does not parse.
    Invalid {
        /// Name of the setting (environment variable or argument).
        name: &'static str,
        /// The value as given.
        value: String,
        /// What was expected.
        expected: &'static str,
    },
    /// The client rejected the configuration (for example a relative base URL).
    Client(Error),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing(name) => write!(f, "{name} is not set"),
            Self::Invalid { name, value, expected } => write!(f, "{name} = `{value}` is not {expected}"),
            Self::Client(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Client(e) => Some(e),
            _ => None,
        }
    }
}

/// Reads an environment variable; unset, empty and non-UTF-8 values all count as absent, because a shell
/// line like `OPTIMOVE_BASE_URL= cargo run ...` means "not set" to the person typing it.
pub fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The client configured from `OPTIMOVE_API_KEY` and, when set, `OPTIMOVE_BASE_URL`.
pub fn client_from_env() -> Result<Client, ConfigError> {
    build_client(var(API_KEY_VAR), var(BASE_URL_VAR))
}

/// Builds the client the workflows use from an API key and an optional base URL.
///
/// The client-side rate limiter is on: the workflows page through whole campaigns and approve them in
/// batches, and staying under Optimove's 50 requests per 10 s avoids 429 answers near a deadline.
pub fn build_client(api_key: Option<String>, base_url: Option<String>) -> Result<Client, ConfigError> {
    let api_key = api_key.ok_or(ConfigError::Missing(API_KEY_VAR))?;
    let mut builder = Client::builder().api_key(api_key).rate_limit(true);
    if let Some(url) = base_url {
        builder = builder.base_url(url);
    }
    builder.build().map_err(ConfigError::Client)
}

/// Parses an ID such as a CampaignID.
pub fn parse_id(name: &'static str, text: &str) -> Result<i64, ConfigError> {
    text.trim().parse().map_err(|_| ConfigError::Invalid { name, value: text.to_owned(), expected: "an integer ID" })
}

/// Parses a list of IDs separated by commas or spaces (`504,505` or `504 505`).
pub fn parse_ids(name: &'static str, text: &str) -> Result<Vec<i64>, ConfigError> {
    text.split([',', ' ']).filter(|s| !s.trim().is_empty()).map(|s| parse_id(name, s)).collect()
}

/// Splits a comma-separated list of customer IDs; customer IDs are strings in Optimove, so nothing is parsed.
pub fn parse_customer_ids(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// Parses Optimove's zone-less timestamp format `YYYY-MM-DD HH:MM:SS` (as in `ClearanceRequiredBy`).
pub fn parse_timestamp(name: &'static str, text: &str) -> Result<NaiveDateTime, ConfigError> {
    let text = text.trim();
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| ConfigError::Invalid { name, value: text.to_owned(), expected: "a time as YYYY-MM-DD HH:MM:SS" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_api_key_is_reported_by_its_variable_name() {
        let error = build_client(None, None).expect_err("no key");
        assert_eq!(error.to_string(), "OPTIMOVE_API_KEY is not set");
    }

    #[test]
    fn a_relative_base_url_is_rejected_by_the_client() {
        let error = build_client(Some("key".into()), Some("api4.optimove.net".into())).expect_err("relative URL");
        assert!(matches!(error, ConfigError::Client(_)), "{error:?}");
    }

    #[test]
    fn id_lists_accept_commas_and_spaces() {
        assert_eq!(parse_ids("ChannelID", "504, 1 3").expect("ids"), vec![504, 1, 3]);
        assert!(parse_ids("ChannelID", "504,Email").is_err());
    }

    #[test]
    fn timestamps_use_optimoves_format() {
        let t = parse_timestamp("ClearanceRequiredBy", "2018-10-27 12:00:00").expect("timestamp");
        assert_eq!(t.to_string(), "2018-10-27 12:00:00");
        assert!(parse_timestamp("ClearanceRequiredBy", "27/10/2018 12:00").is_err());
    }
}
