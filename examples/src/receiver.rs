//! The webhook receiver of the same-day workflow: Optimove's event-listener notifications and the
//! triggered conditional-execution gateway, on one axum [`Router`].
//!
//! | route | Optimove sends | the receiver answers | and then |
//! |---|---|---|---|
//! | `POST` [`LISTENER_PATH`] | an [`EventListenerNotification`] | `200` at once (`400` when the body is not a notification) | runs the follow-up calls of the event in the background and reports an [`Outcome`] |
//! | `POST` [`GATEWAY_PATH`] | a [`ConditionalExecutionGatewayRequest`] | `200` with a [`ConditionalExecutionGatewayReply`] (`allowed` true/false) | reports the decision as an [`Outcome`] |
//!
//! Listener follow-ups, per EventTypeID:
//!
//! | event | follow-up |
//! |---|---|
//! | 1 campaign processed | `GetCampaignDetails` |
//! | 4 campaign canceled | `GetCanceledCampaignCustomers` (streamed; Optimove keeps them two hours) |
//! | 5 conditional campaign on hold | [`conditional::clear_campaign`] before `ClearanceRequiredBy` |
//! | 13 campaign executed on a channel | `GetCustomerExecutionDetailsByCampaign` for that campaign and channel (streamed) |
//! | 2, 3, 11 and unknown types | none: they are acknowledged |
//!
//! The listener answers before the follow-up runs because a follow-up can page through a whole campaign,
//! and Optimove only needs to know that the notification arrived. The gateway, in contrast, answers with
//! the decision itself, so it makes no API call on the way.
//!
//! The receiver checks no signature: Optimove documents none for these calls. Expose it only behind
//! HTTPS (a reverse proxy) and, where possible, Optimove's IP allow list.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use optimove_client::futures::TryStreamExt;
use optimove_client::serde_json::{self, Value};
use optimove_client::types::{
    CampaignDetails, ConditionalExecutionGatewayReply, ConditionalExecutionGatewayRequest, ConditionalExecutionGatewaySettings,
    CustomerExecutionDetail, EventListenerNotification, EventListenerRegistration, EventTypeId,
};
use optimove_client::{Client, Error};
use tokio::net::TcpListener;
use tokio::sync::mpsc;

use crate::conditional::{self, ClearanceReport, Policy, Settings};
use crate::pre_scheduled;

/// Path of the event-listener route; register `PUBLIC_URL + LISTENER_PATH` with RegisterEventListener.
pub const LISTENER_PATH: &str = "/optimove/events";
/// Path of the gateway route; set `PUBLIC_URL + GATEWAY_PATH` with SetConditionalExecutionGateway.
pub const GATEWAY_PATH: &str = "/optimove/gateway";

/// Customers of a campaign on one channel, as fetched after an EventTypeID 13 notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelExecution {
    /// The campaign.
    pub campaign_id: i64,
    /// The channel it was executed through.
    pub channel_id: i64,
    /// Customer rows returned.
    pub customers: u64,
    /// Distinct promo codes handed out (Optimove joins several codes of one customer with commas).
    pub promo_codes: BTreeSet<String>,
}

impl ChannelExecution {
    fn add(mut self, row: CustomerExecutionDetail) -> Self {
        self.customers += 1;
        if let Some(Some(codes)) = row.promo_code {
            self.promo_codes.extend(codes.split(',').map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned));
        }
        self
    }
}

/// What the receiver did with one call from Optimove.
#[derive(Debug)]
#[non_exhaustive]
pub enum Outcome {
    /// EventTypeID 1: the campaign's details were fetched.
    CampaignProcessed {
        /// The campaign.
        campaign_id: i64,
        /// Its details.
        details: CampaignDetails,
    },
    /// EventTypeID 13: the campaign's customers on the channel were fetched.
    ChannelExecuted(ChannelExecution),
    /// EventTypeID 4: the canceled campaign's customers were fetched.
    CampaignCanceled {
        /// The campaign.
        campaign_id: i64,
        /// Customer rows returned.
        customers: u64,
    },
    /// EventTypeID 5: the clearance run's report.
    Cleared(ClearanceReport),
    /// A gateway request was answered.
    GatewayDecision {
        /// The customer or visitor.
        user_id: String,
        /// The campaign occurrence (action serial).
        campaign_id: String,
        /// The answer given.
        allowed: bool,
    },
    /// A notification without follow-up (EventTypeID 2, 3, 11, or a type this client does not know).
    Acknowledged {
        /// Its EventTypeID.
        event_type_id: Option<i64>,
    },
    /// A notification whose follow-up needs a field it did not carry.
    Skipped {
        /// Its EventTypeID.
        event_type_id: i64,
        /// The missing field.
        missing: &'static str,
    },
    /// A follow-up call failed.
    Failed {
        /// EventTypeID of the notification.
        event_type_id: i64,
        /// The error.
        error: Error,
    },
}

/// The receiver's state: the client for follow-up calls, the approval policy, and where outcomes go.
#[derive(Clone)]
pub struct Receiver {
    client: Client,
    policy: Arc<Policy>,
    settings: Settings,
    outcomes: mpsc::UnboundedSender<Outcome>,
}

impl std::fmt::Debug for Receiver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Receiver").field("policy", &self.policy).field("settings", &self.settings).finish_non_exhaustive()
    }
}

impl Receiver {
    /// A receiver making its follow-up calls with `client` and deciding approvals with `policy`.
    ///
    /// Every handled call produces one [`Outcome`] on the returned channel. The channel is unbounded so
    /// that a slow reader never delays an answer to Optimove; read it (or drop it, and outcomes are discarded).
    pub fn new(client: Client, policy: Policy) -> (Self, mpsc::UnboundedReceiver<Outcome>) {
        let (outcomes, rx) = mpsc::unbounded_channel();
        (Self { client, policy: Arc::new(policy), settings: Settings::default(), outcomes }, rx)
    }

    /// Page size, clearance batch size and clock for the follow-ups (default: [`Settings::default`]).
    pub fn with_settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// The axum router with both routes.
    pub fn router(self) -> Router {
        Router::new().route(LISTENER_PATH, post(on_event)).route(GATEWAY_PATH, post(on_gateway)).with_state(self)
    }

    /// The gateway's answer for one request: the user is allowed unless the policy denies them.
    pub fn decide(&self, request: &ConditionalExecutionGatewayRequest) -> ConditionalExecutionGatewayReply {
        let user_id = request.user.user_id.clone();
        let allowed = self.policy.allows(&user_id);
        ConditionalExecutionGatewayReply::new(user_id, allowed)
    }

    /// Runs the follow-up calls of one notification (see the module table) and says what happened.
    pub async fn follow_up(&self, notification: EventListenerNotification) -> Outcome {
        use EventListenerNotification as N;
        let event_type_id = event_type_id(&notification);
        let failed = |error| Outcome::Failed { event_type_id: event_type_id.unwrap_or_default(), error };
        match notification {
            N::CampaignProcessedNotification(n) => {
                let Some(campaign_id) = n.campaign_id else { return skipped(n.event_type_id.0, "CampaignID") };
                match self.client.actions().get_campaign_details(campaign_id).await {
                    Ok(details) => Outcome::CampaignProcessed { campaign_id, details },
                    Err(e) => failed(e),
                }
            }
            N::CampaignChannelExecutedNotification(n) => {
                let Some(campaign_id) = n.campaign_id else { return skipped(n.event_type_id.0, "CampaignID") };
                let Some(channel_id) = n.channel_id else { return skipped(n.event_type_id.0, "ChannelID") };
                let start = ChannelExecution { campaign_id, channel_id, customers: 0, promo_codes: BTreeSet::new() };
                let rows = self
                    .client
                    .customers()
                    .get_customer_execution_details_by_campaign(campaign_id, channel_id)
                    .top(self.settings.page_size.clamp(1, pre_scheduled::DEFAULT_PAGE_SIZE))
                    .into_stream();
                match rows.try_fold(start, |summary, row| async move { Ok(summary.add(row)) }).await {
                    Ok(execution) => Outcome::ChannelExecuted(execution),
                    Err(e) => failed(e),
                }
            }
            N::CampaignCanceledNotification(n) => {
                let Some(campaign_id) = n.campaign_id else { return skipped(n.event_type_id.0, "CampaignID") };
                let rows = self
                    .client
                    .customers()
                    .get_canceled_campaign_customers(campaign_id)
                    .top(self.settings.page_size.clamp(1, pre_scheduled::DEFAULT_PAGE_SIZE))
                    .into_stream();
                match rows.try_fold(0u64, |count, _row| async move { Ok(count + 1) }).await {
                    Ok(customers) => Outcome::CampaignCanceled { campaign_id, customers },
                    Err(e) => failed(e),
                }
            }
            N::ConditionalCampaignOnHoldNotification(n) => {
                let Some(campaign_id) = n.campaign_id else { return skipped(n.event_type_id.0, "CampaignID") };
                let Some(deadline) = n.clearance_required_by else { return skipped(n.event_type_id.0, "ClearanceRequiredBy") };
                Outcome::Cleared(conditional::clear_campaign(&self.client, campaign_id, deadline, &self.policy, &self.settings).await)
            }
            _ => Outcome::Acknowledged { event_type_id },
        }
    }

    fn report(&self, outcome: Outcome) {
        // An error only means nobody reads outcomes any more; the call itself was handled.
        let _ = self.outcomes.send(outcome);
    }
}

fn skipped(event_type_id: i64, missing: &'static str) -> Outcome {
    Outcome::Skipped { event_type_id, missing }
}

/// The EventTypeID of any notification, including types this client does not know.
pub fn event_type_id(notification: &EventListenerNotification) -> Option<i64> {
    use EventListenerNotification as N;
    match notification {
        N::CampaignProcessedNotification(n) => Some(n.event_type_id.0),
        N::DailyCampaignsProcessedNotification(n) => Some(n.event_type_id.0),
        N::DailyProcessCompletedNotification(n) => Some(n.event_type_id.0),
        N::CampaignCanceledNotification(n) => Some(n.event_type_id.0),
        N::ConditionalCampaignOnHoldNotification(n) => Some(n.event_type_id.0),
        N::RealtimeTriggerNotification(n) => Some(n.event_type_id.0),
        N::CampaignChannelExecutedNotification(n) => Some(n.event_type_id.0),
        N::Other(value) => match value.get("EventTypeID") {
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        },
        _ => None,
    }
}

/// `POST LISTENER_PATH`. The body is read as bytes rather than with axum's `Json` extractor, which
/// would refuse a body without a JSON content type (415); the payload, not the header, decides.
async fn on_event(State(receiver): State<Receiver>, body: Bytes) -> StatusCode {
    let Ok(notification) = serde_json::from_slice::<EventListenerNotification>(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    // An unknown EventTypeID is still a notification (Optimove may add types); a body without one is not.
    if event_type_id(&notification).is_none() {
        return StatusCode::BAD_REQUEST;
    }
    tokio::spawn(async move {
        let outcome = receiver.follow_up(notification).await;
        receiver.report(outcome);
    });
    StatusCode::OK
}

/// `POST GATEWAY_PATH`: answers with the decision; 400 (no decision) when the body is not a gateway request.
async fn on_gateway(State(receiver): State<Receiver>, body: Bytes) -> Response {
    let Ok(request) = serde_json::from_slice::<ConditionalExecutionGatewayRequest>(&body) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let reply = receiver.decide(&request);
    receiver.report(Outcome::GatewayDecision { user_id: reply.user_id.clone(), campaign_id: request.campaign.id, allowed: reply.allowed });
    axum::Json(reply).into_response()
}

/// Points Optimove at a receiver reachable at `public_url` (HTTPS, without a trailing path): listeners
/// for EventTypeID 1, 4 and 11, EventTypeID 13 per channel (or for all channels when `channel_ids` is
/// empty), and the conditional-execution gateway.
///
/// Registering replaces whatever URL was registered for the same event (and channel) before.
pub async fn register(client: &Client, public_url: &str, channel_ids: &[i64]) -> Result<(), Error> {
    let base = public_url.trim_end_matches('/');
    let listener_url = format!("{base}{LISTENER_PATH}");
    for event in [EventTypeId::VALUE_1, EventTypeId::VALUE_4, EventTypeId::VALUE_11] {
        client.general().register_event_listener(EventListenerRegistration::new(event, listener_url.clone())).await?;
    }
    if channel_ids.is_empty() {
        client.general().register_event_listener(EventListenerRegistration::new(EventTypeId::VALUE_13, listener_url.clone())).await?;
    } else {
        pre_scheduled::register_channel_listeners(client, &listener_url, channel_ids).await?;
    }
    let gateway = ConditionalExecutionGatewaySettings::new(format!("{base}{GATEWAY_PATH}"));
    client.conditional_execution().set_conditional_execution_gateway(gateway).await
}

/// Serves `router` on `listener` until Ctrl-C, finishing the calls in progress.
pub async fn serve_until_ctrl_c(listener: TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(listener, router)
        .with_graceful_shutdown(async {
            // If the signal handler cannot be installed, serve until the process is killed.
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        })
        .await
}
