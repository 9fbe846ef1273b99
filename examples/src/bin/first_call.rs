//! First calls with the Optimove client: the README's "Using the generated client" example.
use optimove_client::futures::StreamExt;
use optimove_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let key = std::env::var("OPTIMOVE_API_KEY").map_err(|_| "set OPTIMOVE_API_KEY to an API key")?;
    let builder = Client::builder().api_key(key);
    let client = if let Ok(url) = std::env::var("OPTIMOVE_BASE_URL") {
        builder.base_url(url) // a mock or proxy; replaces every server the spec names
    } else if std::env::var("OPTIMOVE_SANDBOX").is_ok() {
        builder.server_index(1) // https://sandbox-api.optimove.net
    } else {
        let instance = std::env::var("OPTIMOVE_INSTANCE").unwrap_or_else(|_| "4".into());
        builder.server_variable("instance", instance) // https://api4.optimove.net
    }
    .build()?;

    // Allowed in the sandbox too.
    let listeners = client.general().get_registered_event_listeners().await?;
    println!("{} event listener(s) registered", listeners.len());

    // Paged operations stream every item, one page in memory at a time.
    let mut actions = client.customers().get_customer_one_time_actions_by_campaign(1).into_stream();
    while let Some(action) = actions.next().await {
        let action = action?;
        println!("customer {} got action {}", action.customer_id, action.action_id);
    }

    // A status the call does not expect is a typed error with status, body and the spec's meaning.
    match client.general().get_last_data_update().await {
        Ok(last) => println!("data complete up to {}", last.date),
        Err(Error::Status(answer)) => println!("HTTP {}: {}", answer.status, answer.documented.unwrap_or("undocumented")),
        Err(other) => return Err(other.into()),
    }
    Ok(())
}
