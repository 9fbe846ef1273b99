//! The TLS backend of the default HTTP client, chosen by the crate's Cargo features.
//!
//! `rustls-ring` (the default) builds a rustls configuration with the *ring* provider and the
//! platform's certificate verifier, and hands it to reqwest, so no process-wide crypto provider is
//! installed behind the application's back. `rustls-aws-lc` and `native-tls` leave the choice
//! to reqwest's own feature of the same name.

use super::error::Error;

/// Applies the TLS backend that the crate's features select to a fresh reqwest builder.
#[cfg(feature = "rustls-ring")]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_platform_verifier())
        .map_err(|e| Error::Config(format!("TLS configuration: {e}")))?
        .with_no_client_auth();
    // The client speaks HTTP/1.1 only (reqwest is built without its http2 feature).
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(builder.tls_backend_preconfigured(config))
}

/// Applies the TLS backend that the crate's features select to a fresh reqwest builder.
#[cfg(not(feature = "rustls-ring"))]
pub(crate) fn configure(builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, Error> {
    Ok(builder)
}
