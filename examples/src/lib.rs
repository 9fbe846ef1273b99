//! # Optimove campaign workflows
//!
//! Optimove names two campaign workflows (catalog §1.9): **pre-scheduled** campaigns, known ahead and
//! fetched per channel once Optimove announces their execution, and **immediate or same-day**
//! campaigns, which arrive through event listeners (webhooks) and, for conditional campaigns, need an
//! approval before they are sent. This crate is that logic on top of the generated
//! [`optimove_client`], kept apart from the example programs so tests can drive it:
//!
//! | module | workflow | example |
//! |---|---|---|
//! | [`pre_scheduled`] | register an EventTypeID 13 listener per channel, then summarise a campaign: details, customers per channel (paged stream), promo codes | `pre_scheduled` |
//! | [`receiver`] | an axum webhook receiver for every listener event and the conditional-execution gateway, with the follow-up API calls | `same_day` |
//! | [`conditional`] | EventTypeID 5: approve or reject the processed customers in batches before `ClearanceRequiredBy` | `conditional_execution` |
//! | [`config`] | the client and the settings from the environment (`OPTIMOVE_API_KEY`, `OPTIMOVE_BASE_URL`, ...) | all three |
//!
//! Run an example with `cargo run -p optimove-examples --example NAME`.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use optimove_examples::{config, pre_scheduled};
//!
//! let client = config::client_from_env()?;
//! let summary = pre_scheduled::summarize_campaign(&client, 1359, &[504], pre_scheduled::DEFAULT_PAGE_SIZE).await?;
//! println!("{summary}");
//! # Ok(())
//! # }
//! ```

pub mod conditional;
pub mod config;
pub mod pre_scheduled;
pub mod receiver;

/// The generated client this crate is built on, re-exported so callers need no second dependency.
pub use optimove_client;
