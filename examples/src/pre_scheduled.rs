//! The pre-scheduled workflow of a channel integration (catalog §1.9).
//!
//! 1. Register one listener per channel for EventTypeID 13 ("a campaign was executed through this
//!    channel"), once; Optimove then notifies the integration per campaign and channel.
//! 2. For a campaign, fetch its details (`GetCampaignDetails`), the customers to contact on each channel
//!    (`GetCustomerSendDetailsByChannel`, streamed page by page) and its promo codes
//!    (`GetPromoCodesByCampaign`).
//!
//! [`summarize_campaign`] counts customers while streaming, so a campaign of millions of customers
//! needs memory for one page, not for the whole list.

use std::collections::BTreeMap;
use std::fmt;

use optimove_client::chrono::NaiveDateTime;
use optimove_client::futures::TryStreamExt;
use optimove_client::types::{ActionPromoCode, CampaignDetails, CustomerChannelSendDetail, EventListenerRegistration, EventTypeId};
use optimove_client::{Client, Error};

use crate::config::{self, ConfigError};

/// Page size for the customer streams: the largest page the spec allows (`$top` ≤ 10 000), so a
/// campaign costs as few requests as possible against the 50-per-10-s budget.
pub const DEFAULT_PAGE_SIZE: i32 = 10_000;

/// What to do for one campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The campaign to summarise.
    pub campaign_id: i64,
    /// Channels of the integration. Empty means "the channels the campaign details list".
    pub channel_ids: Vec<i64>,
    /// URL to register for EventTypeID 13 on every channel of `channel_ids`. `None` skips registration,
    /// because registering again replaces whatever URL is registered for that event and channel.
    pub listener_url: Option<String>,
    /// Page size of the customer streams (1..=10 000).
    pub page_size: i32,
}

impl Plan {
    /// Builds a plan from the example's inputs (arguments or environment): a CampaignID, an optional
    /// list of channel IDs and an optional listener URL.
    ///
    /// A listener URL without channel IDs is refused: EventTypeID 13 is registered per channel, and
    /// registering nothing while the caller asked for a registration would hide the mistake.
    pub fn from_inputs(campaign_id: Option<&str>, channel_ids: Option<&str>, listener_url: Option<String>) -> Result<Self, ConfigError> {
        let campaign_id = config::parse_id("CampaignID", campaign_id.ok_or(ConfigError::Missing("CampaignID (argument or OPTIMOVE_CAMPAIGN_ID)"))?)?;
        let channel_ids = channel_ids.map(|text| config::parse_ids("ChannelID", text)).transpose()?.unwrap_or_default();
        if listener_url.is_some() && channel_ids.is_empty() {
            return Err(ConfigError::Missing("ChannelID list (arguments or OPTIMOVE_CHANNEL_IDS), needed to register OPTIMOVE_LISTENER_URL per channel"));
        }
        Ok(Self { campaign_id, channel_ids, listener_url, page_size: DEFAULT_PAGE_SIZE })
    }
}

/// Customers of one campaign on one channel.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChannelCustomers {
    /// The channel.
    pub channel_id: i64,
    /// Rows returned (one per customer to contact).
    pub customers: u64,
    /// Customers per TemplateID; rows without a template are not counted here.
    pub templates: BTreeMap<i64, u64>,
    /// Earliest ScheduledTime seen.
    pub first_send: Option<NaiveDateTime>,
    /// Latest ScheduledTime seen.
    pub last_send: Option<NaiveDateTime>,
}

impl ChannelCustomers {
    fn add(mut self, row: CustomerChannelSendDetail) -> Self {
        self.customers += 1;
        if let Some(template) = row.template_id {
            *self.templates.entry(template).or_default() += 1;
        }
        if let Some(at) = row.scheduled_time {
            self.first_send = Some(self.first_send.map_or(at, |t| t.min(at)));
            self.last_send = Some(self.last_send.map_or(at, |t| t.max(at)));
        }
        self
    }
}

/// Everything [`summarize_campaign`] learnt about a campaign.
#[derive(Debug, Clone, PartialEq)]
pub struct CampaignSummary {
    /// The campaign.
    pub campaign_id: i64,
    /// Its details as Optimove returned them.
    pub details: CampaignDetails,
    /// Customers per channel, in the order the channels were given.
    pub channels: Vec<ChannelCustomers>,
    /// Promo codes per action and recipient group.
    pub promo_codes: Vec<ActionPromoCode>,
}

impl fmt::Display for CampaignSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.details;
        let text = |v: &Option<String>| v.clone().unwrap_or_else(|| "?".into());
        let number = |v: Option<i64>| v.map_or_else(|| "?".into(), |n| n.to_string());
        writeln!(
            f,
            "Campaign {}: {} campaign, status {}, target group {}, {} day(s) with {} day(s) lead time",
            self.campaign_id,
            text(&d.campaign_type),
            text(&d.status),
            number(d.target_group_id),
            number(d.duration.map(i64::from)),
            number(d.lead_time.map(i64::from)),
        )?;
        if let Some(error) = d.error.as_deref().filter(|e| !e.is_empty()) {
            writeln!(f, "  error: {error}")?;
        }
        if self.channels.is_empty() {
            writeln!(f, "  no channel given and the campaign details list none")?;
        }
        for c in &self.channels {
            write!(f, "  channel {}: {} customer(s)", c.channel_id, c.customers)?;
            if !c.templates.is_empty() {
                let templates: Vec<String> = c.templates.iter().map(|(t, n)| format!("{t} ({n})")).collect();
                write!(f, ", template(s) {}", templates.join(", "))?;
            }
            if let (Some(first), Some(last)) = (c.first_send, c.last_send) {
                write!(f, ", sends {first} to {last}")?;
            }
            writeln!(f)?;
        }
        if self.promo_codes.is_empty() {
            write!(f, "  no promo codes")
        } else {
            let codes: Vec<String> = self
                .promo_codes
                .iter()
                .map(|p| format!("{} (action {}, recipient group {})", p.promo_code, p.action_id, p.recipient_group_id))
                .collect();
            write!(f, "  promo codes: {}", codes.join(", "))
        }
    }
}

/// Registers `listener_url` for EventTypeID 13 on each channel (one registration per channel, as
/// Optimove expects for channel integrations).
pub async fn register_channel_listeners(client: &Client, listener_url: &str, channel_ids: &[i64]) -> Result<(), Error> {
    for &channel in channel_ids {
        let registration = EventListenerRegistration::new(EventTypeId::VALUE_13, listener_url.to_owned()).with_channel_id(channel);
        client.general().register_event_listener(registration).await?;
    }
    Ok(())
}

/// Streams the customers of a campaign on one channel and counts them.
pub async fn channel_customers(client: &Client, campaign_id: i64, channel_id: i64, page_size: i32) -> Result<ChannelCustomers, Error> {
    let start = ChannelCustomers { channel_id, ..ChannelCustomers::default() };
    client
        .customers()
        .get_customer_send_details_by_channel(channel_id, campaign_id)
        .top(page_size.clamp(1, DEFAULT_PAGE_SIZE))
        .into_stream()
        .try_fold(start, |summary, row| async move { Ok(summary.add(row)) })
        .await
}

/// Fetches a campaign's details, its customers on each channel and its promo codes.
///
/// With an empty `channel_ids` the channels come from the details' `Channels` list, which only newer
/// servers send; an integration normally passes its own channel IDs.
pub async fn summarize_campaign(client: &Client, campaign_id: i64, channel_ids: &[i64], page_size: i32) -> Result<CampaignSummary, Error> {
    let details = client.actions().get_campaign_details(campaign_id).await?;
    let channel_ids: Vec<i64> = if channel_ids.is_empty() {
        details.channels.iter().flatten().filter_map(|c| c.id).collect()
    } else {
        channel_ids.to_vec()
    };
    let mut channels = Vec::with_capacity(channel_ids.len());
    for channel in channel_ids {
        channels.push(channel_customers(client, campaign_id, channel, page_size).await?);
    }
    let promo_codes = client.actions().get_promo_codes_by_campaign(campaign_id).await?;
    Ok(CampaignSummary { campaign_id, details, channels, promo_codes })
}

/// The whole workflow: registration (when a listener URL is given), then the summary.
pub async fn run(client: &Client, plan: &Plan) -> Result<CampaignSummary, Error> {
    if let Some(url) = &plan.listener_url {
        register_channel_listeners(client, url, &plan.channel_ids).await?;
    }
    summarize_campaign(client, plan.campaign_id, &plan.channel_ids, plan.page_size).await
}
