//! Pre-scheduled campaigns: register the EventTypeID 13 listener per channel, then summarise a campaign.
//!
//! ```sh
//! OPTIMOVE_API_KEY=... cargo run -p optimove-examples --example pre_scheduled -- CAMPAIGN_ID [CHANNEL_ID...]
//! ```
//!
//! Environment: `OPTIMOVE_API_KEY` (required), `OPTIMOVE_BASE_URL` (optional, e.g. the sandbox
//! `https://sandbox-api.optimove.net`), `OPTIMOVE_CAMPAIGN_ID` and `OPTIMOVE_CHANNEL_IDS` (instead of the
//! arguments), and `OPTIMOVE_LISTENER_URL`: when set, it is registered for EventTypeID 13 on every
//! channel given, replacing the URL registered before. The logic is in `optimove_examples::pre_scheduled`.

use std::process::ExitCode;

use optimove_examples::config;
use optimove_examples::pre_scheduled::{self, Plan};

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("pre_scheduled: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let campaign = args.first().cloned().or_else(|| config::var("OPTIMOVE_CAMPAIGN_ID"));
    let channels = if args.len() > 1 { Some(args[1..].join(",")) } else { config::var("OPTIMOVE_CHANNEL_IDS") };
    let plan = Plan::from_inputs(campaign.as_deref(), channels.as_deref(), config::var("OPTIMOVE_LISTENER_URL"))?;
    let client = config::client_from_env()?;
    let summary = pre_scheduled::run(&client, &plan).await?;
    if let Some(url) = &plan.listener_url {
        println!("Registered {url} for EventTypeID 13 on channel(s) {:?}", plan.channel_ids);
    }
    println!("{summary}");
    Ok(())
}
