//! Credentials and the legacy login flow: one shared token, one login at a time, at most one
//! login per second, and a fresh login only when the server says the token expired.

use super::secret::Secret;
use std::sync::atomic::{AtomicU64, Ordering};
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
    /// Login attempts finished so far; read without the lock, so a caller knows which attempts
    /// ended while it was queued.
    finished: AtomicU64,
}

#[derive(Debug, Default)]
struct TokenState {
    token: Option<Secret>,
    generation: u64,
    /// When the last login attempt ended (its answer arrived), success or not.
    last_login: Option<Instant>,
    /// The error of the last attempt, if it failed, with that attempt's number.
    failure: Option<(u64, super::error::Error)>,
}

impl TokenCache {
    /// The current token and its generation, logging in (once, for all waiters) when there is none.
    ///
    /// Callers that queued while a login was running share its outcome, failure included: twenty
    /// requests with a wrong password cause one login, not twenty logins a second apart.
    pub async fn get<F, Fut>(&self, login: F) -> Result<(Secret, u64), super::error::Error>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Secret, super::error::Error>>,
    {
        let finished_before = self.finished.load(Ordering::Acquire);
        let mut state = self.state.lock().await;
        if let Some(token) = &state.token {
            return Ok((token.clone(), state.generation));
        }
        if let Some((attempt, error)) = &state.failure {
            if *attempt > finished_before {
                return Err(error.clone());
            }
        }
        if let Some(last) = state.last_login {
            let since = last.elapsed();
            if since < MIN_LOGIN_INTERVAL {
                tokio::time::sleep(MIN_LOGIN_INTERVAL - since).await;
            }
        }
        let outcome = login().await;
        // Measured from the answer, so the server sees at least MIN_LOGIN_INTERVAL between two
        // logins even when the first one was slow to arrive.
        state.last_login = Some(Instant::now());
        let attempt = self.finished.load(Ordering::Acquire) + 1;
        let result = match outcome {
            Ok(token) => {
                state.generation += 1;
                state.token = Some(token.clone());
                state.failure = None;
                Ok((token, state.generation))
            }
            Err(e) => {
                let error = super::error::Error::Login(Box::new(e));
                state.failure = Some((attempt, error.clone()));
                Err(error)
            }
        };
        self.finished.store(attempt, Ordering::Release);
        result
    }

    /// Forgets the token of `generation` (if no one has replaced it yet), so the next call logs in.
    pub async fn expire(&self, generation: u64) {
        let mut state = self.state.lock().await;
        if state.generation == generation {
            state.token = None;
        }
    }
}
