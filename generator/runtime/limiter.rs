//! A client-side sliding-window limiter: at most `requests` sends in any `window`.

use super::RateLimit;
use std::collections::VecDeque;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// Sliding-window request budget shared by all clones of a client.
#[derive(Debug)]
pub struct Limiter {
    limit: RateLimit,
    sent: Mutex<VecDeque<Instant>>,
}

impl Limiter {
    /// A limiter for `limit`.
    pub fn new(limit: RateLimit) -> Self {
        Self { limit, sent: Mutex::new(VecDeque::with_capacity(limit.requests as usize)) }
    }

    /// Waits until one more request fits in the window, then records it.
    pub async fn acquire(&self) {
        loop {
            let wait = {
                let mut sent = self.sent.lock().await;
                let now = Instant::now();
                while sent.front().is_some_and(|t| now.duration_since(*t) >= self.limit.window) {
                    sent.pop_front();
                }
                if sent.len() < self.limit.requests.max(1) as usize {
                    sent.push_back(now);
                    return;
                }
                // The oldest send leaves the window first.
                sent.front().map(|t| self.limit.window.saturating_sub(now.duration_since(*t))).unwrap_or(Duration::ZERO)
            };
            tokio::time::sleep(wait.max(Duration::from_millis(1))).await;
        }
    }
}
