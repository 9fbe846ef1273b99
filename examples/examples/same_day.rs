//! Same-day campaigns: a webhook receiver for Optimove's listener events and the conditional-execution
//! gateway, making the follow-up API calls and printing what it did.
//!
//! ```sh
//! OPTIMOVE_API_KEY=... cargo run -p optimove-examples --example same_day
//! ```
//!
//! Environment: `OPTIMOVE_API_KEY` (required), `OPTIMOVE_BASE_URL` (optional), `OPTIMOVE_LISTEN_ADDR`
//! (default `127.0.0.1:8080`), `OPTIMOVE_DENIED_CUSTOMERS` (comma-separated customer IDs the gateway
//! and clearance reject), and `OPTIMOVE_PUBLIC_URL`: the HTTPS address at which Optimove reaches this
//! receiver (a reverse proxy in front of it). When set, the listeners (EventTypeID 1, 4, 11, and 13 per
//! channel of `OPTIMOVE_CHANNEL_IDS`) and the gateway are registered there at start-up, replacing the
//! URLs registered before. The logic is in `optimove_examples::receiver`.

use std::process::ExitCode;

use optimove_examples::conditional::Policy;
use optimove_examples::config;
use optimove_examples::receiver::{self, Receiver};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("same_day: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let client = config::client_from_env()?;
    let channels = config::var("OPTIMOVE_CHANNEL_IDS").map(|t| config::parse_ids("OPTIMOVE_CHANNEL_IDS", &t)).transpose()?.unwrap_or_default();
    let policy = Policy::denying(config::var("OPTIMOVE_DENIED_CUSTOMERS").map(|t| config::parse_customer_ids(&t)).unwrap_or_default());
    let addr = config::var("OPTIMOVE_LISTEN_ADDR").unwrap_or_else(|| "127.0.0.1:8080".into());
    // Bind before registering, so Optimove never learns a URL nothing answers on.
    let listener = TcpListener::bind(&addr).await?;
    if let Some(public) = config::var("OPTIMOVE_PUBLIC_URL") {
        receiver::register(&client, &public, &channels).await?;
        println!("Registered {public}{} and {public}{} with Optimove", receiver::LISTENER_PATH, receiver::GATEWAY_PATH);
    }
    let (receiver, mut outcomes) = Receiver::new(client, policy);
    tokio::spawn(async move {
        while let Some(outcome) = outcomes.recv().await {
            println!("{outcome:?}");
        }
    });
    println!("Listening on http://{addr}{} and http://{addr}{} (Ctrl-C stops)", receiver::LISTENER_PATH, receiver::GATEWAY_PATH);
    receiver::serve_until_ctrl_c(listener, receiver.router()).await?;
    Ok(())
}
