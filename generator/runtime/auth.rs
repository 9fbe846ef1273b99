//! Credentials and the legacy login flow: one shared token, one login at a time, at most one
//! login per second, and a fresh login only when the server says the token expired.

use super::secret::Secret;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// Least time between two logins (servers answer 429 to faster re-logins).
pub const MIN_LOGIN_INTERVAL: Duration = Duration::from_secs(1);

/// What the caller configured for one security scheme.
#[derive(Debug, Clone)]
pub enum Credential {
    /// A fixed key or token.
    Value(Secret),
    /// A user name and password to exchange for a token through the login operation.
    Login {
        /// User name.
        username: Secret,
        /// Password.
        password: Secret,
    },
}

/// The token obtained by logging in, shared by all requests of a client.
#[derive(Debug, Default)]
pub struct TokenCache {
    state: Mutex<TokenState>,
}

#[derive(Debug, Default)]
struct TokenState {
    token: Option<Secret>,
    generation: u64,
    last_login: Option<Instant>,
}

impl TokenCache {
    /// The current token and its generation, logging in (once, for all waiters) when there is none.
    pub async fn get<F, Fut>(&self, login: F) -> Result<(Secret, u64), super::error::Error>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Secret, super::error::Error>>,
    {
        let mut state = self.state.lock().await;
        if let Some(token) = &state.token {
            return Ok((token.clone(), state.generation));
        }
        if let Some(last) = state.last_login {
            let since = last.elapsed();
            if since < MIN_LOGIN_INTERVAL {
                tokio::time::sleep(MIN_LOGIN_INTERVAL - since).await;
            }
        }
        state.last_login = Some(Instant::now());
        let token = login().await.map_err(|e| super::error::Error::Login(Box::new(e)))?;
        state.generation += 1;
        state.token = Some(token.clone());
        Ok((token, state.generation))
    }

    /// Forgets the token of `generation` (if no one has replaced it yet), so the next call logs in.
    pub async fn expire(&self, generation: u64) {
        let mut state = self.state.lock().await;
        if state.generation == generation {
            state.token = None;
        }
    }
}
