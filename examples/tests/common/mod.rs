//! Test support shared by the workflow tests: a fake of Optimove's `$skip`/`$top` paging.
//!
//! Paged operations are faked by slicing one fixed list of rows by the request's `$skip` and `$top`,
//! as Optimove does, instead of one mock per page: how many pages the generated client asks for (for
//! example one more after a short page, to detect a server-side cap) is the client's business, and
//! these tests check the workflows, not that protocol.

use optimove_examples::optimove_client::serde_json::Value;
use wiremock::{Request, Respond, ResponseTemplate};

/// Answers a paged GET with rows `$skip .. $skip + $top` of its list (all rows when `$top` is absent).
pub struct Paged(pub Vec<Value>);

impl Respond for Paged {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let param = |name: &str| request.url.query_pairs().find(|(k, _)| k == name).and_then(|(_, v)| v.parse::<usize>().ok());
        let skip = param("$skip").unwrap_or(0).min(self.0.len());
        let end = skip.saturating_add(param("$top").unwrap_or(self.0.len())).min(self.0.len());
        ResponseTemplate::new(200).set_body_json(&self.0[skip..end])
    }
}

/// A plain reqwest client for POSTing to the receiver, as Optimove would. The generated client's
/// default `rustls-ring` feature builds reqwest with `rustls-no-provider`, so an application that
/// makes reqwest clients of its own installs a crypto provider first (ring here, the one the
/// generated client uses); installing it twice is harmless.
#[allow(dead_code)] // not every test binary posts to the receiver
pub fn http_client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}
