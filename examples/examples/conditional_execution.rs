//! Conditional execution: on EventTypeID 5, approve or reject the campaign's processed customers in
//! batches of at most 10 000 before `ClearanceRequiredBy`, and report if the deadline passes.
//!
//! ```sh
//! # once, for a campaign you already know about (no listener needed):
//! OPTIMOVE_API_KEY=... cargo run -p optimove-examples --example conditional_execution -- CAMPAIGN_ID "YYYY-MM-DD HH:MM:SS"
//! # or wait for EventTypeID 5 notifications:
//! OPTIMOVE_API_KEY=... cargo run -p optimove-examples --example conditional_execution
//! ```
//!
//! Environment: `OPTIMOVE_API_KEY` (required), `OPTIMOVE_BASE_URL` (optional),
//! `OPTIMOVE_DENIED_CUSTOMERS` (comma-separated customer IDs to reject; everyone else is approved),
//! `OPTIMOVE_LISTEN_ADDR` (default `127.0.0.1:8080`) and `OPTIMOVE_PUBLIC_URL`: when set, its
//! `/optimove/events` is registered for EventTypeID 5 at start-up. `ClearanceRequiredBy` is read as UTC.
//! The logic is in `optimove_examples::conditional` and `optimove_examples::receiver`.

use std::process::ExitCode;

use optimove_examples::conditional::{self, Policy, Settings};
use optimove_examples::config;
use optimove_examples::receiver::{self, Outcome, Receiver};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(true) => ExitCode::SUCCESS,
        // A clearance that stopped early is a failure the operator must see, not a success.
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("conditional_execution: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<bool, Box<dyn std::error::Error>> {
    let client = config::client_from_env()?;
    let policy = Policy::denying(config::var("OPTIMOVE_DENIED_CUSTOMERS").map(|t| config::parse_customer_ids(&t)).unwrap_or_default());
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [campaign, deadline] = args.as_slice() {
        let campaign_id = config::parse_id("CAMPAIGN_ID", campaign)?;
        let deadline = config::parse_timestamp("CLEARANCE_REQUIRED_BY", deadline)?;
        let report = conditional::clear_campaign(&client, campaign_id, deadline, &policy, &Settings::default()).await;
        println!("{report}");
        return Ok(report.is_complete());
    }
    if !args.is_empty() {
        return Err("expected no arguments, or CAMPAIGN_ID and CLEARANCE_REQUIRED_BY (\"YYYY-MM-DD HH:MM:SS\")".into());
    }
    let addr = config::var("OPTIMOVE_LISTEN_ADDR").unwrap_or_else(|| "127.0.0.1:8080".into());
    let listener = TcpListener::bind(&addr).await?;
    if let Some(public) = config::var("OPTIMOVE_PUBLIC_URL") {
        let url = format!("{}{}", public.trim_end_matches('/'), receiver::LISTENER_PATH);
        conditional::register_listener(&client, &url).await?;
        println!("Registered {url} for EventTypeID 5");
    }
    let (receiver, mut outcomes) = Receiver::new(client, policy);
    tokio::spawn(async move {
        while let Some(outcome) = outcomes.recv().await {
            match outcome {
                Outcome::Cleared(report) => println!("{report}"),
                other => println!("{other:?}"),
            }
        }
    });
    println!("Waiting for EventTypeID 5 on http://{addr}{} (Ctrl-C stops)", receiver::LISTENER_PATH);
    receiver::serve_until_ctrl_c(listener, receiver.router()).await?;
    Ok(true)
}
