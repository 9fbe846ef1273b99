//! Conditional execution of scheduled campaigns (catalog §1.9, EventTypeID 5).
//!
//! Optimove processes a conditional campaign, holds it, and notifies the listener registered for
//! EventTypeID 5 (registered without a channel) with a `ClearanceRequiredBy` deadline. Before that
//! deadline the integration fetches the processed customers (`GetProcessedCampaignCustomers`), decides
//! for each one, and reports the decisions with `UpdateCustomerPromotionStatus`, at most 10 000
//! customers per call. Only customers reported with `Status: true` receive the campaign; customers never
//! reported count as `false`, so stopping at the deadline is always safe: the rest are simply not sent.
//!
//! `ClearanceRequiredBy` carries no time zone. The catalog does not say which zone it is in; Optimove
//! states UTC for its other zone-less times, so [`utc_clock`] compares it with UTC. Pass another
//! [`Clock`] in [`Settings`] if your account is configured otherwise.

use std::collections::{BTreeSet, HashSet};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use optimove_client::chrono::{DateTime, NaiveDateTime, Utc};
use optimove_client::futures::TryStreamExt;
use optimove_client::types::{CustomerPromotionStatus, EventListenerRegistration, EventTypeId, PromotionStatusUpdate};
use optimove_client::{Client, Error};

/// Most customer IDs one `UpdateCustomerPromotionStatus` call may carry (the spec's `maxItems`).
pub const MAX_IDS_PER_CALL: usize = 10_000;

/// Which customers are approved: everyone except a deny list.
///
/// A real integration decides per customer whether the promotion could be activated in its own system
/// (a bonus credited, a coupon issued); a deny list is the smallest stand-in that still exercises both
/// answers. The same policy answers the triggered-campaign gateway (see [`crate::receiver`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    denied: BTreeSet<String>,
}

impl Policy {
    /// Approves every customer.
    pub fn approve_all() -> Self {
        Self::default()
    }

    /// Approves every customer except these customer IDs.
    pub fn denying(customer_ids: impl IntoIterator<Item = String>) -> Self {
        Self { denied: customer_ids.into_iter().collect() }
    }

    /// Whether this customer (or gateway user) may receive the campaign.
    pub fn allows(&self, customer_id: &str) -> bool {
        !self.denied.contains(customer_id)
    }
}

/// The current time in the zone of `ClearanceRequiredBy`; a function so tests can move time.
pub type Clock = Arc<dyn Fn() -> NaiveDateTime + Send + Sync>;

/// The current UTC time (see the module documentation for why UTC).
pub fn utc_clock() -> Clock {
    Arc::new(|| DateTime::<Utc>::from(SystemTime::now()).naive_utc())
}

/// How a clearance run pages, batches and tells time.
#[derive(Clone)]
pub struct Settings {
    /// Customers per `UpdateCustomerPromotionStatus` call, 1..=10 000 (clamped).
    pub batch_size: usize,
    /// Page size of the `GetProcessedCampaignCustomers` stream, 1..=10 000 (clamped).
    pub page_size: i32,
    /// The clock the deadline is checked against.
    pub clock: Clock,
}

impl Default for Settings {
    /// The largest pages and batches the API allows (fewest calls before the deadline), and UTC.
    fn default() -> Self {
        Self { batch_size: MAX_IDS_PER_CALL, page_size: 10_000, clock: utc_clock() }
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("batch_size", &self.batch_size)
            .field("page_size", &self.page_size)
            .field("now", &(self.clock)())
            .finish()
    }
}

/// Why a clearance run ended before every customer was reported.
#[derive(Debug)]
#[non_exhaustive]
pub enum Stop {
    /// `ClearanceRequiredBy` passed; later decisions would be ignored by Optimove.
    DeadlinePassed,
    /// An API call failed (after the client's own retries).
    Failed(Error),
}

/// The result of one clearance run.
#[derive(Debug)]
pub struct ClearanceReport {
    /// The campaign.
    pub campaign_id: i64,
    /// Its deadline.
    pub clearance_required_by: NaiveDateTime,
    /// Customers reported with `Status: true`.
    pub approved: u64,
    /// Customers reported with `Status: false`.
    pub rejected: u64,
    /// Successful `UpdateCustomerPromotionStatus` calls.
    pub calls: u32,
    /// Customers fetched and decided but not reported because the run stopped (they count as `false`).
    pub not_reported: u64,
    /// Customers of a call the deadline cut short: Optimove may or may not have received them.
    pub in_doubt: u64,
    /// Why the run stopped early; `None` when every processed customer was reported.
    pub stopped: Option<Stop>,
}

impl ClearanceReport {
    /// True when every processed customer was reported before the deadline.
    pub fn is_complete(&self) -> bool {
        self.stopped.is_none()
    }
}

impl fmt::Display for ClearanceReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "campaign {} (clearance required by {}): {} approved, {} rejected in {} call(s)",
            self.campaign_id, self.clearance_required_by, self.approved, self.rejected, self.calls
        )?;
        match &self.stopped {
            None => write!(f, "; complete"),
            Some(stop) => {
                match stop {
                    Stop::DeadlinePassed => write!(f, "; STOPPED: the deadline passed")?,
                    Stop::Failed(e) => write!(f, "; STOPPED: {e}")?,
                }
                write!(f, " ({} decided but not reported, {} in doubt)", self.not_reported, self.in_doubt)
            }
        }
    }
}

/// Registers `listener_url` for EventTypeID 5. Optimove accepts this event only as a general listener,
/// so no ChannelID is sent.
pub async fn register_listener(client: &Client, listener_url: &str) -> Result<(), Error> {
    client.general().register_event_listener(EventListenerRegistration::new(EventTypeId::VALUE_5, listener_url.to_owned())).await
}

/// Time left until `deadline`, or `None` when it has passed.
fn remaining(deadline: NaiveDateTime, now: NaiveDateTime) -> Option<Duration> {
    (deadline - now).to_std().ok().filter(|left| !left.is_zero())
}

/// Fetches the processed customers of a campaign and approves or rejects each one with `policy`, in
/// batches, until every customer is reported or `clearance_required_by` passes.
///
/// Every call is bounded by the time left, so a slow page or a retried call cannot run past the
/// deadline. A customer listed several times (one row per promo code) is reported once.
pub async fn clear_campaign(
    client: &Client,
    campaign_id: i64,
    clearance_required_by: NaiveDateTime,
    policy: &Policy,
    settings: &Settings,
) -> ClearanceReport {
    let mut report = ClearanceReport {
        campaign_id,
        clearance_required_by,
        approved: 0,
        rejected: 0,
        calls: 0,
        not_reported: 0,
        in_doubt: 0,
        stopped: None,
    };
    let batch_size = settings.batch_size.clamp(1, MAX_IDS_PER_CALL);
    let mut customers = client
        .customers()
        .get_processed_campaign_customers(campaign_id)
        .top(settings.page_size.clamp(1, 10_000))
        .into_stream();
    let mut seen = HashSet::new();
    let mut batch = Vec::with_capacity(batch_size);
    loop {
        let Some(left) = remaining(clearance_required_by, (settings.clock)()) else {
            report.stopped = Some(Stop::DeadlinePassed);
            break;
        };
        let customer = match tokio::time::timeout(left, customers.try_next()).await {
            Err(_elapsed) => {
                report.stopped = Some(Stop::DeadlinePassed);
                break;
            }
            Ok(Err(e)) => {
                report.stopped = Some(Stop::Failed(e));
                break;
            }
            Ok(Ok(None)) => break,
            Ok(Ok(Some(customer))) => customer,
        };
        if !seen.insert(customer.customer_id.clone()) {
            continue;
        }
        let allowed = policy.allows(&customer.customer_id);
        batch.push(CustomerPromotionStatus::new(customer.customer_id, allowed));
        if batch.len() == batch_size {
            send(client, campaign_id, std::mem::take(&mut batch), settings, &mut report).await;
            if report.stopped.is_some() {
                break;
            }
        }
    }
    if report.stopped.is_none() && !batch.is_empty() {
        send(client, campaign_id, std::mem::take(&mut batch), settings, &mut report).await;
    }
    report.not_reported += batch.len() as u64;
    report
}

/// Reports one batch, within the time left; records the outcome in `report`.
async fn send(client: &Client, campaign_id: i64, batch: Vec<CustomerPromotionStatus>, settings: &Settings, report: &mut ClearanceReport) {
    let count = batch.len() as u64;
    let approved = batch.iter().filter(|c| c.status).count() as u64;
    let now = (settings.clock)();
    let Some(left) = remaining(report.clearance_required_by, now) else {
        report.not_reported += count;
        report.stopped = Some(Stop::DeadlinePassed);
        return;
    };
    let call = client.integrations().update_customer_promotion_status(PromotionStatusUpdate::new(now, campaign_id, batch));
    match tokio::time::timeout(left, call.send()).await {
        Ok(Ok(())) => {
            report.calls += 1;
            report.approved += approved;
            report.rejected += count - approved;
        }
        Ok(Err(e)) => {
            report.not_reported += count;
            report.stopped = Some(Stop::Failed(e));
        }
        Err(_elapsed) => {
            report.in_doubt += count;
            report.stopped = Some(Stop::DeadlinePassed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        crate::config::parse_timestamp("test", text).expect("timestamp")
    }

    #[test]
    fn no_time_is_left_at_or_after_the_deadline() {
        let deadline = at("2018-10-27 12:00:00");
        assert_eq!(remaining(deadline, at("2018-10-27 11:59:30")), Some(Duration::from_secs(30)));
        assert_eq!(remaining(deadline, deadline), None);
        assert_eq!(remaining(deadline, at("2018-10-27 12:00:01")), None);
    }

    #[test]
    fn the_policy_rejects_only_denied_customers() {
        let policy = Policy::denying(["C984571".to_owned()]);
        assert!(policy.allows("C234638"));
        assert!(!policy.allows("C984571"));
        assert!(Policy::approve_all().allows("C984571"));
    }
}
