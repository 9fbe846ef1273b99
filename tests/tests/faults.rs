//! Fault behaviour of the generated client against real servers on loopback: rate limits and the
//! client-side limiter, retries only where repeating is safe, timeouts, bad response bodies, a
//! 100 000-customer paged stream, the legacy login (expiry, sharing, no storms) and secrets.
//!
//! Servers are wiremock (scripted with closures) or, for what HTTP libraries will not produce
//! (connection resets, stalled bodies, bodies cut at EOF), a raw tokio `TcpListener`. Time-based
//! assertions are one-sided (lower bounds from server-side timestamps, or counts within windows
//! anchored at a client-side start), so a slow machine can make the suite slower, never red.
//!
//! Each test prints `fault-figures: <test> scenarios=<n> requests=<m>`; the README's Reliability
//! section sums them (`cargo test -p workspace-tests --test faults -- --nocapture`).

use workspace_tests::{day};
use futures::StreamExt;
use futures::future::{BoxFuture, FutureExt, join_all};
use optimove_client::chrono::NaiveDateTime;
use optimove_client::types::*;
use optimove_client::{Client, ClientBuilder, Error, RateLimit, RetryPolicy};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const KEY: &str = "faults-test-api-key";

/// What the legacy server says when a token expired (catalog §1.6).
const EXPIRED: &str = "Authorization-Token expired";

/// The runtime's least time between two logins (`runtime::auth::MIN_LOGIN_INTERVAL`, not public).
const LOGIN_INTERVAL: Duration = Duration::from_secs(1);


/// Retries as the default policy does, with waits short enough for a test.
fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy { max_retries, base_delay: Duration::from_millis(5), max_delay: Duration::from_millis(40), max_retry_after: Duration::from_secs(5) }
}

fn client_for(url: &str) -> ClientBuilder {
    Client::builder().base_url(url).api_key(KEY).retry(fast_retries(3))
}

/// Fails the test instead of hanging when the client does.
async fn within<T>(limit: Duration, what: &str, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(limit, future).await.unwrap_or_else(|_| panic!("{what}: still running after {limit:?}"))
}

fn figures(test: &str, scenarios: usize, requests: usize) {
    println!("fault-figures: {test} scenarios={scenarios} requests={requests}");
}

fn json(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/json")
}

fn ok_json(body: &str) -> ResponseTemplate {
    json(200, body)
}

const LAST_UPDATE: &str = r#"{"Date": "2015-08-13"}"#;
const RATE_LIMITED: &str = r#"{"status": 429, "error": "Too Many Requests", "message": "You have exceeded the rate limit for this API group. Please retry later."}"#;

/// A wiremock server answering the n-th request since the last [`Scripted::restart`] with
/// `script[n]` (the last entry repeats), and recording when each request arrived.
struct Scripted {
    server: MockServer,
    state: Arc<Mutex<ScriptState>>,
}

#[derive(Default)]
struct ScriptState {
    script: Vec<ResponseTemplate>,
    seen: Vec<(Instant, wiremock::Request)>,
}

impl Scripted {
    async fn start(script: Vec<ResponseTemplate>) -> Self {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(ScriptState { script, seen: Vec::new() }));
        let shared = state.clone();
        let responder = move |request: &wiremock::Request| {
            let mut state = shared.lock().expect("script lock");
            let index = state.seen.len().min(state.script.len() - 1);
            state.seen.push((Instant::now(), request.clone()));
            state.script[index].clone()
        };
        Mock::given(any()).respond_with(responder).mount(&server).await;
        Self { server, state }
    }

    fn uri(&self) -> String {
        self.server.uri()
    }

    fn restart(&self, script: Vec<ResponseTemplate>) {
        let mut state = self.state.lock().expect("script lock");
        state.script = script;
        state.seen.clear();
    }

    fn count(&self) -> usize {
        self.state.lock().expect("script lock").seen.len()
    }

    fn arrivals(&self) -> Vec<Instant> {
        self.state.lock().expect("script lock").seen.iter().map(|(t, _)| *t).collect()
    }

    fn bodies(&self) -> Vec<Vec<u8>> {
        self.state.lock().expect("script lock").seen.iter().map(|(_, r)| r.body.clone()).collect()
    }
}

/// A raw HTTP/1.1 server on a tokio `TcpListener`, for faults below what HTTP libraries produce.
mod raw {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};

    /// What the server does with one connection, after reading the whole request.
    #[derive(Clone)]
    pub enum Act {
        /// Writes these bytes, then closes.
        Reply(Vec<u8>),
        /// Resets the connection (RST) without answering.
        Reset,
        /// Never answers.
        Stall,
        /// Writes these bytes (a head and part of a body), then never writes again.
        ReplyThenStall(Vec<u8>),
    }

    /// A complete response with a Content-Length.
    pub fn reply(status: &str, content_type: &str, body: &str) -> Act {
        Act::Reply(format!("HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}", body.len()).into_bytes())
    }

    /// A response whose body ends where the connection ends (no length): a cut is not detectable
    /// by HTTP, only by the JSON decoder.
    pub fn until_eof(content_type: &str, body: &str) -> Act {
        Act::Reply(format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nConnection: close\r\n\r\n{body}").into_bytes())
    }

    pub struct Server {
        pub url: String,
        connections: Arc<AtomicUsize>,
        heads: Arc<Mutex<Vec<String>>>,
    }

    impl Server {
        /// Connection n gets `script[n]` (the last entry repeats).
        pub async fn start(script: Vec<Act>) -> Self {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
            let url = format!("http://{}", listener.local_addr().expect("bound address"));
            let connections = Arc::new(AtomicUsize::new(0));
            let heads = Arc::new(Mutex::new(Vec::new()));
            let (count, seen) = (connections.clone(), heads.clone());
            tokio::spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    let n = count.fetch_add(1, Ordering::SeqCst);
                    let act = script[n.min(script.len() - 1)].clone();
                    let seen = seen.clone();
                    tokio::spawn(async move { serve(stream, act, seen).await });
                }
            });
            Self { url, connections, heads }
        }

        pub fn connections(&self) -> usize {
            self.connections.load(Ordering::SeqCst)
        }

        /// Request heads (request line and headers) in arrival order.
        pub fn heads(&self) -> Vec<String> {
            self.heads.lock().expect("heads lock").clone()
        }
    }

    async fn serve(mut stream: TcpStream, act: Act, heads: Arc<Mutex<Vec<String>>>) {
        let mut data = Vec::new();
        let mut buf = [0u8; 4096];
        // Read the head, then as many body bytes as Content-Length announces.
        let head_end = loop {
            if let Some(i) = data.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => data.extend_from_slice(&buf[..n]),
            }
        };
        let head = String::from_utf8_lossy(&data[..head_end]).into_owned();
        let length = head.lines().find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0))).unwrap_or(0);
        while data.len() < head_end + length {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => data.extend_from_slice(&buf[..n]),
            }
        }
        heads.lock().expect("heads lock").push(head);
        match act {
            Act::Reply(bytes) => {
                let _ = stream.write_all(&bytes).await;
                let _ = stream.shutdown().await;
            }
            Act::Reset => {
                let _ = stream.set_zero_linger();
                drop(stream);
            }
            Act::Stall => {
                tokio::time::sleep(Duration::from_secs(30)).await;
            }
            Act::ReplyThenStall(bytes) => {
                let _ = stream.write_all(&bytes).await;
                tokio::time::sleep(Duration::from_secs(30)).await;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rate limits
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn rate_limited_calls_wait_for_retry_after_then_succeed() {
    // A backoff this long could not finish inside `within`: only honouring Retry-After can.
    let slow_backoff = RetryPolicy { max_retries: 3, base_delay: Duration::from_secs(30), max_delay: Duration::from_secs(30), max_retry_after: Duration::from_secs(5) };
    let server = Scripted::start(vec![json(429, RATE_LIMITED).insert_header("Retry-After", "1"), ok_json(LAST_UPDATE)]).await;
    let client = client_for(&server.uri()).retry(slow_backoff).build().expect("client builds");
    let last = within(Duration::from_secs(10), "429 with Retry-After: 1", client.general().get_last_data_update().send()).await.expect("succeeds after the wait");
    assert_eq!(last.date, day(2015, 8, 13));
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 2);
    assert!(arrivals[1] - arrivals[0] >= Duration::from_secs(1), "waited {:?}, the server asked for 1 s", arrivals[1] - arrivals[0]);

    // An HTTP date (here one in the past: no wait at all) is understood too.
    server.restart(vec![json(429, RATE_LIMITED).insert_header("Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"), ok_json(LAST_UPDATE)]);
    within(Duration::from_secs(5), "429 with an HTTP-date Retry-After", client.general().get_last_data_update().send()).await.expect("succeeds at once");
    assert_eq!(server.count(), 2);

    // 503 may carry Retry-After as well.
    server.restart(vec![json(503, "").insert_header("Retry-After", "0"), ok_json(LAST_UPDATE)]);
    within(Duration::from_secs(5), "503 with Retry-After: 0", client.general().get_last_data_update().send()).await.expect("succeeds at once");
    assert_eq!(server.count(), 2);

    // A 429 means "not processed": even a call that creates is repeated.
    server.restart(vec![json(429, RATE_LIMITED).insert_header("Retry-After", "0"), ok_json(r#"{"promotionId": "p-1"}"#)]);
    let created = within(Duration::from_secs(5), "429 on CreatePromotion", client.opti_promo().create_promotion(PromotionCreateRequest::new().with_promotion_id("p-1".into())).send()).await.expect("succeeds");
    assert_eq!(created.promotion_id, "p-1");
    assert_eq!(server.count(), 2);
    let bodies = server.bodies();
    assert_eq!(bodies[0], bodies[1], "the repeat carries the same body");
    figures("rate_limited_calls_wait_for_retry_after_then_succeed", 4, 8);
}

#[tokio::test]
async fn rate_limit_that_persists_ends_as_rate_limited() {
    let server = Scripted::start(vec![json(429, RATE_LIMITED)]).await;
    let client = client_for(&server.uri()).retry(fast_retries(2)).build().expect("client builds");
    let error = within(Duration::from_secs(5), "persistent 429", client.general().get_last_data_update().send()).await.expect_err("stays limited");
    match &error {
        Error::RateLimited { operation, attempts, retry_after, response } => {
            assert_eq!((*operation, *attempts, *retry_after), ("GetLastDataUpdate", 3, None));
            assert_eq!(response.status, 429);
            let body: RateLimitError = response.json().expect("documented 429 body");
            assert_eq!(body.error, "Too Many Requests");
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    assert_eq!(error.status(), Some(429));
    assert_eq!(server.count(), 3, "the first try and max_retries (2) more");

    // Retry-After beyond the policy's cap is cut to the cap; the error still says what was asked.
    server.restart(vec![json(429, RATE_LIMITED).insert_header("Retry-After", "3600")]);
    let capped = RetryPolicy { max_retries: 1, max_retry_after: Duration::from_millis(50), ..fast_retries(1) };
    let client = client_for(&server.uri()).retry(capped).build().expect("client builds");
    let error = within(Duration::from_secs(5), "Retry-After: 3600 with a 50 ms cap", client.general().get_last_data_update().send()).await.expect_err("stays limited");
    assert!(matches!(error, Error::RateLimited { attempts: 2, retry_after: Some(d), .. } if d == Duration::from_secs(3600)), "{error:?}");
    assert_eq!(server.count(), 2);

    // No retries configured: the first 429 is the answer.
    server.restart(vec![json(429, RATE_LIMITED)]);
    let client = client_for(&server.uri()).retry(RetryPolicy::none()).build().expect("client builds");
    let error = client.general().get_last_data_update().send().await.expect_err("limited");
    assert!(matches!(error, Error::RateLimited { attempts: 1, .. }), "{error:?}");
    assert_eq!(server.count(), 1);
    figures("rate_limit_that_persists_ends_as_rate_limited", 3, 6);
}

#[tokio::test]
async fn client_side_limiter_keeps_requests_within_the_window() {
    const PER_WINDOW: usize = 5;
    const WINDOW: Duration = Duration::from_millis(200);
    const CALLS: usize = 20;
    let server = Scripted::start(vec![ok_json(LAST_UPDATE)]).await;
    let client = client_for(&server.uri()).custom_rate_limit(RateLimit::new(PER_WINDOW as u32, WINDOW)).build().expect("client builds");
    // Half of the calls go through a clone: clones share the budget.
    let clone = client.clone();
    let start = Instant::now();
    let calls = (0..CALLS).map(|i| if i % 2 == 0 { client.general().get_last_data_update().send() } else { clone.general().get_last_data_update().send() });
    let results = within(Duration::from_secs(20), "limited burst", join_all(calls)).await;
    assert!(results.iter().all(Result::is_ok), "every call succeeds");
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), CALLS, "no call lost, none repeated");
    // Every request reached the server after its client-side admission, and every admission is
    // after `start`: so at most PER_WINDOW * k requests can have arrived within k windows of it.
    for k in 1..=CALLS.div_ceil(PER_WINDOW) {
        let limit = start + WINDOW * k as u32;
        let arrived = arrivals.iter().filter(|t| **t < limit).count();
        assert!(arrived <= PER_WINDOW * k, "{arrived} requests within {k} window(s); budget {}", PER_WINDOW * k);
    }
    assert!(start.elapsed() >= WINDOW * (CALLS / PER_WINDOW - 1) as u32, "20 calls at 5 per window need at least 3 windows");
    figures("client_side_limiter_keeps_requests_within_the_window", 1, CALLS);
}

#[tokio::test]
async fn spec_budget_gives_transactional_sends_their_own_limit() {
    // `rate_limit(true)` uses the spec's budgets: SendTransactionalMail has its own 10 per second.
    let server = Scripted::start(vec![ok_json(r#"{"IsSuccess":true,"SendID":1,"Error":null}"#)]).await;
    let client = client_for(&server.uri()).rate_limit(true).build().expect("client builds");
    let start = Instant::now();
    let sends = (0..12).map(|i| client.transactional_mail().send_transactional_mail(TransactionalMailRequest::new(12, vec![TransactionalRecipient::new(format!("r{i}@example.org"))])).send());
    let results = within(Duration::from_secs(10), "12 transactional sends", join_all(sends)).await;
    assert!(results.iter().all(Result::is_ok));
    let arrivals = server.arrivals();
    assert_eq!(arrivals.len(), 12);
    let first_second = arrivals.iter().filter(|t| **t < start + Duration::from_secs(1)).count();
    assert!(first_second <= 10, "{first_second} sends within the first second; the spec allows 10");
    figures("spec_budget_gives_transactional_sends_their_own_limit", 1, 12);
}

// ---------------------------------------------------------------------------------------------
// Retries only where repeating is safe
// ---------------------------------------------------------------------------------------------

type Call = BoxFuture<'static, Result<(), Error>>;

/// Calls that create or send something: repeating them after a fault could do it twice.
fn creating_calls(client: &Client) -> Vec<(&'static str, Call)> {
    let c = client.clone();
    #[allow(deprecated)]
    let metrics = c.integrations().update_campaign_metrics(vec![CampaignMetric::new(15, 324, 8, CampaignMetricMetricId::VALUE_2, 1.0)]);
    #[allow(deprecated)]
    let interactions = c.integrations().update_campaign_interactions(CampaignInteractionsUpdate::new(324, 15, day(2018, 6, 26), 8, 2, vec!["A1".into()]));
    let event = EngagementEvent::new("opened".into(), EngagementEventCategory::Metric, optimove_client::chrono::DateTime::parse_from_rfc3339("2024-05-24T10:30:00Z").expect("valid"));
    vec![
        ("CreatePromotion", c.opti_promo().create_promotion(PromotionCreateRequest::new()).send().map(|r| r.map(drop)).boxed()),
        ("AddChannelTemplates", c.integrations().add_channel_templates(504, vec![ChannelTemplate::new(1, "Welcome".into())]).send().boxed()),
        ("AddChannelApps", c.integrations().add_channel_apps(506, vec![ChannelApp::new("app".into(), "App".into())]).send().boxed()),
        ("AddCustomerAttribute", c.customers().add_customer_attribute(NewCustomerAttribute::new("VIP".into(), "INT".into())).send().boxed()),
        ("AddTemplate", c.optimail().add_template(OptimailTemplate::new().with_template_name("T".into())).send().boxed()),
        ("CreateCustomerList", c.customer_lists().create_customer_list(CustomerListRequest::new("l".into(), vec!["1".into()])).send().map(|r| r.map(drop)).boxed()),
        ("UpdateCampaignMetrics", metrics.send().boxed()),
        ("UpdateCampaignInteractions", interactions.send().boxed()),
        ("SaveEngagementEvent", c.engagement_metrics().save_engagement_event(SaveEngagementEventXOptimoveSignatureVersion::N1, "00".repeat(32), EngagementEventPayload::EngagementEvent(event)).send().boxed()),
        ("SendTransactionalMail without UniqueMessageID", c.transactional_mail().send_transactional_mail(TransactionalMailRequest::new(1, vec![TransactionalRecipient::new("a@example.org".into())])).send().map(|r| r.map(drop)).boxed()),
        (
            "SendTransactionalMail with a blank UniqueMessageID",
            c.transactional_mail().send_transactional_mail(TransactionalMailRequest::new(1, vec![TransactionalRecipient::new("a@example.org".into())]).with_unique_message_id("  ".into())).send().map(|r| r.map(drop)).boxed(),
        ),
        ("SendFinalizedTransactionalMail without UniqueMessageID", c.transactional_mail().send_finalized_transactional_mail(FinalizedTransactionalMailRequest::new(99, vec![FinalizedRecipient::new("a@example.org".into())])).send().map(|r| r.map(drop)).boxed()),
    ]
}

/// Reads and calls the spec marks idempotent (GET, `x-idempotent`, or a transactional send with its key).
fn repeatable_calls(client: &Client) -> Vec<(&'static str, Call)> {
    let c = client.clone();
    vec![
        ("GetLastDataUpdate", c.general().get_last_data_update().send().map(|r| r.map(drop)).boxed()),
        ("GetCustomersByAction", c.customers().get_customers_by_action(1, 49, day(2018, 5, 24)).send().map(|r| r.map(drop)).boxed()),
        ("RegisterEventListener", c.general().register_event_listener(EventListenerRegistration::new(EventTypeId::VALUE_1, "https://hooks.example.org".into())).send().boxed()),
        ("DeletePromotions", c.integrations().delete_promotions(vec![PromoCodeRef::new("WB23".into())]).send().boxed()),
        ("UpdateCustomerPromotionStatus", c.integrations().update_customer_promotion_status(PromotionStatusUpdate::new(NaiveDateTime::parse_from_str("2018-10-27 09:33:00", "%Y-%m-%d %H:%M:%S").expect("valid"), 1359, vec![])).send().boxed()),
        ("RemoveCustomerPII", c.customers().remove_customer_pii(RemoveCustomerPiiRequest::new(vec!["A1".into()])).send().map(|r| r.map(drop)).boxed()),
        ("SetConditionalExecutionGateway (PUT)", c.conditional_execution().set_conditional_execution_gateway(ConditionalExecutionGatewaySettings::new("https://gw.example.org".into())).send().boxed()),
        ("MergeUnitRewardTypes (PATCH)", c.opti_promo().merge_unit_reward_types("acme", vec![UnitRewardType::new("points".into())]).send().boxed()),
        ("UpdatePreferences (PUT)", c.preference_center().update_preferences("t", "1", "2", vec![]).send().boxed()),
        (
            "SendTransactionalMail with UniqueMessageID",
            c.transactional_mail().send_transactional_mail(TransactionalMailRequest::new(1, vec![TransactionalRecipient::new("a@example.org".into())]).with_unique_message_id("m-1".into())).send().map(|r| r.map(drop)).boxed(),
        ),
        (
            "SendFinalizedTransactionalMail with UniqueMessageID",
            c.transactional_mail().send_finalized_transactional_mail(FinalizedTransactionalMailRequest::new(99, vec![FinalizedRecipient::new("a@example.org".into())]).with_unique_message_id("m-2".into())).send().map(|r| r.map(drop)).boxed(),
        ),
    ]
}

/// A body every repeatable call above decodes (objects ignore unknown fields; arrays are empty).
fn success_for(name: &str) -> ResponseTemplate {
    match name {
        "GetLastDataUpdate" => ok_json(LAST_UPDATE),
        "GetCustomersByAction" => ok_json("[]"),
        "RemoveCustomerPII" => ok_json(r#"{"FailedCustomerIDs":[]}"#),
        n if n.starts_with("Send") => ok_json(r#"{"IsSuccess":true,"SendID":7,"Error":null}"#),
        _ => ResponseTemplate::new(200),
    }
}

#[tokio::test]
async fn repeatable_calls_are_retried_on_gateway_errors() {
    let server = Scripted::start(vec![]).await;
    let client = client_for(&server.uri()).build().expect("client builds");
    let mut requests = 0;
    let mut scenarios = 0;
    for status in [502, 503, 504] {
        for (name, call) in repeatable_calls(&client) {
            server.restart(vec![ResponseTemplate::new(status).set_body_string("<html><body>Bad gateway</body></html>"), success_for(name)]);
            within(Duration::from_secs(5), name, call).await.unwrap_or_else(|e| panic!("{name} after {status}: {e}"));
            assert_eq!(server.count(), 2, "{name}: one retry after {status}");
            let bodies = server.bodies();
            assert_eq!(bodies[0], bodies[1], "{name}: the repeat is the same request");
            requests += 2;
            scenarios += 1;
        }
    }
    figures("repeatable_calls_are_retried_on_gateway_errors", scenarios, requests);
}

#[tokio::test]
async fn creating_calls_are_not_repeated_after_faults() {
    let server = Scripted::start(vec![]).await;
    let client = client_for(&server.uri()).build().expect("client builds");
    let mut requests = 0;
    let mut scenarios = 0;
    for status in [502, 503, 504] {
        for (name, call) in creating_calls(&client) {
            server.restart(vec![ResponseTemplate::new(status)]);
            let error = within(Duration::from_secs(5), name, call).await.expect_err("the gateway error is the answer");
            match &error {
                Error::Status(response) => assert_eq!((response.status, response.after_retry), (status, false), "{name}"),
                other => panic!("{name}: expected Status({status}), got {other:?}"),
            }
            assert_eq!(server.count(), 1, "{name}: sent once");
            requests += 1;
            scenarios += 1;
        }
    }

    // Below HTTP: a reset connection and a server that never answers.
    let reset = raw::Server::start(vec![raw::Act::Reset]).await;
    let client = client_for(&reset.url).timeout(Duration::from_millis(300)).build().expect("client builds");
    for (name, call) in creating_calls(&client) {
        let before = reset.connections();
        let error = within(Duration::from_secs(5), name, call).await.expect_err("reset");
        assert!(matches!(error, Error::Connection { attempts: 1, .. }), "{name}: {error:?}");
        assert_eq!(reset.connections() - before, 1, "{name}: sent once");
        requests += 1;
        scenarios += 1;
    }
    let stall = raw::Server::start(vec![raw::Act::Stall]).await;
    let client = client_for(&stall.url).timeout(Duration::from_millis(200)).build().expect("client builds");
    for (name, call) in creating_calls(&client).into_iter().take(3) {
        let before = stall.connections();
        let error = within(Duration::from_secs(5), name, call).await.expect_err("timeout");
        assert!(matches!(error, Error::Timeout { attempts: 1, .. }), "{name}: {error:?}");
        assert!(error.is_timeout());
        assert_eq!(stall.connections() - before, 1, "{name}: sent once");
        requests += 1;
        scenarios += 1;
    }
    figures("creating_calls_are_not_repeated_after_faults", scenarios, requests);
}

/// The spec marks AddPromotions `x-idempotent`: the catalog (§8.8) documents it as an upsert
/// (an existing PromoCode gets the new name), so sending it twice leaves the same state.
#[tokio::test]
async fn add_promotions_is_an_upsert_and_is_retried() {
    let server = Scripted::start(vec![ResponseTemplate::new(503), ResponseTemplate::new(200)]).await;
    let client = client_for(&server.uri()).build().expect("client builds");
    client.integrations().add_promotions(vec![Promotion::new("WB23".into(), "Welcome back Promo".into())]).send().await.expect("retried");
    assert_eq!(server.count(), 2);
    figures("add_promotions_is_an_upsert_and_is_retried", 1, 2);
}

#[tokio::test]
async fn transactional_send_with_key_is_retried_and_409_says_after_retry() {
    let server = Scripted::start(vec![ResponseTemplate::new(503), json(409, r#""Request for this UniqueMessageID has succeeded before""#)]).await;
    let client = client_for(&server.uri()).build().expect("client builds");
    let body = TransactionalMailRequest::new(12, vec![TransactionalRecipient::new("vivi@somedomain.com".into())]).with_unique_message_id("87ba42c0-9431-4266-b808-01cf05867006".into());
    let error = client.transactional_mail().send_transactional_mail(body.clone()).send().await.expect_err("409");
    match &error {
        // The first attempt may have been sent after all: the caller learns that the 409 came to a repeat.
        Error::Status(response) => {
            assert_eq!((response.status, response.after_retry), (409, true));
            assert_eq!(response.documented.map(|d| d.contains("UniqueMessageID")), Some(true), "{:?}", response.documented);
        }
        other => panic!("expected Status(409), got {other:?}"),
    }
    let bodies = server.bodies();
    assert_eq!(bodies.len(), 2);
    assert_eq!(bodies[0], bodies[1], "the repeat carries the same UniqueMessageID");

    // A first-time 409 is not "after retry".
    server.restart(vec![json(409, "\"duplicate\"")]);
    let error = client.transactional_mail().send_transactional_mail(body.clone()).send().await.expect_err("409");
    assert!(matches!(&error, Error::Status(r) if r.status == 409 && !r.after_retry), "{error:?}");

    // Below HTTP, with the key: a reset and a stall are retried; the third connection answers.
    let answer = r#"{"IsSuccess":true,"SendID":235311,"Error":null}"#;
    let flaky = raw::Server::start(vec![raw::Act::Reset, raw::Act::Stall, raw::reply("200 OK", "application/json", answer)]).await;
    let client = client_for(&flaky.url).timeout(Duration::from_millis(300)).build().expect("client builds");
    let sent = within(Duration::from_secs(5), "send with key over a flaky link", client.transactional_mail().send_transactional_mail(body).send()).await.expect("third attempt succeeds");
    assert_eq!(sent.send_id, Some(Some(235311)));
    assert_eq!(flaky.connections(), 3);
    let heads = flaky.heads();
    assert!(heads.iter().all(|h| h.starts_with("POST /current/transactionalmail/SendTransactionalMail HTTP/1.1")), "{heads:?}");
    figures("transactional_send_with_key_is_retried_and_409_says_after_retry", 3, 6);
}

#[tokio::test]
async fn reads_are_retried_after_resets_timeouts_and_refused_connections() {
    let body = r#"[{"CustomerID": "231342", "CustomerAttributes": ["BuddyZZ", "UK"]}]"#;
    let flaky = raw::Server::start(vec![raw::Act::Reset, raw::Act::Stall, raw::reply("200 OK", "application/json", body)]).await;
    let client = client_for(&flaky.url).timeout(Duration::from_millis(300)).build().expect("client builds");
    let rows = within(Duration::from_secs(5), "GET over a flaky link", client.customers().get_customers_by_action(1, 49, day(2018, 5, 24)).send()).await.expect("third attempt succeeds");
    assert_eq!(rows[0].customer_id, "231342");
    assert_eq!(flaky.connections(), 3);
    assert!(flaky.heads().iter().all(|h| h.starts_with("GET /current/customers/GetCustomersByAction?RecipientGroupID=1&ActionID=49&Date=2018-05-24 HTTP/1.1")));

    // Nobody listening: every attempt is refused, then a Connection error.
    // Bound but never listening: the port stays ours for the whole test (no other server can
    // take it, as one could a port picked and released) and every connection to it is refused.
    let refusing = tokio::net::TcpSocket::new_v4().expect("socket");
    refusing.bind((std::net::Ipv4Addr::LOCALHOST, 0).into()).expect("bind loopback");
    let port = refusing.local_addr().expect("addr").port();
    let client = client_for(&format!("http://127.0.0.1:{port}")).build().expect("client builds");
    let error = within(Duration::from_secs(5), "refused", client.general().get_last_data_update().send()).await.expect_err("refused");
    assert!(matches!(&error, Error::Connection { attempts: 4, .. }), "{error:?}");
    assert_eq!(error.status(), None);

    // A body that breaks off before its announced length: a transport fault, retried for a GET...
    let cut = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\nConnection: close\r\n\r\n[{\"CustomerID\":";
    let breaking = raw::Server::start(vec![raw::Act::Reply(cut.as_bytes().to_vec()), raw::reply("200 OK", "application/json", body)]).await;
    let client = client_for(&breaking.url).build().expect("client builds");
    let rows = within(Duration::from_secs(5), "cut body", client.customers().get_customers_by_action(1, 49, day(2018, 5, 24)).send()).await.expect("second attempt succeeds");
    assert_eq!(rows.len(), 1);
    assert_eq!(breaking.connections(), 2);
    // ...and reported with its status for a call that is not repeated.
    let breaking = raw::Server::start(vec![raw::Act::Reply(cut.as_bytes().to_vec())]).await;
    let client = client_for(&breaking.url).build().expect("client builds");
    let error = client.opti_promo().create_promotion(PromotionCreateRequest::new()).send().await.expect_err("cut");
    match &error {
        Error::Connection { attempts: 1, message, .. } => assert!(message.contains("200 response broke off"), "{message}"),
        other => panic!("expected Connection, got {other:?}"),
    }
    figures("reads_are_retried_after_resets_timeouts_and_refused_connections", 4, 3 + 4 + 2 + 1);
}

#[tokio::test]
async fn client_errors_and_server_errors_are_not_retried() {
    let server = Scripted::start(vec![]).await;
    let client = client_for(&server.uri()).build().expect("client builds");
    for status in [400, 401, 403, 404, 405, 500] {
        server.restart(vec![ResponseTemplate::new(status).set_body_string("nope")]);
        let error = client.general().get_last_data_update().send().await.expect_err("error status");
        match &error {
            Error::Status(response) => {
                assert_eq!((response.status, response.after_retry, response.snippet().as_str()), (status, false, "nope"));
                assert!(error.to_string().contains(&status.to_string()), "{error}");
            }
            other => panic!("{status}: expected Status, got {other:?}"),
        }
        assert_eq!(server.count(), 1, "{status} is not retried");
    }
    // The documented meaning comes with the status.
    server.restart(vec![ResponseTemplate::new(404)]);
    let error = client.optimail().add_unsubscribers(AddUnsubscribersRequest::new(999, vec![])).send().await.expect_err("404");
    assert!(matches!(&error, Error::Status(r) if r.documented.is_some_and(|d| d.contains("BrandId"))), "{error:?}");
    figures("client_errors_and_server_errors_are_not_retried", 7, 7);
}

// ---------------------------------------------------------------------------------------------
// Timeouts
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn slow_servers_time_out_instead_of_hanging() {
    // No answer at all: each attempt ends at the timeout, and the last one is a Timeout error.
    let server = Scripted::start(vec![ok_json(LAST_UPDATE).set_delay(Duration::from_secs(20))]).await;
    let client = client_for(&server.uri()).timeout(Duration::from_millis(150)).retry(fast_retries(1)).build().expect("client builds");
    let started = Instant::now();
    let error = within(Duration::from_secs(5), "slow server", client.general().get_last_data_update().send()).await.expect_err("times out");
    assert!(matches!(error, Error::Timeout { operation: "GetLastDataUpdate", attempts: 2 }), "{error:?}");
    assert!(started.elapsed() >= Duration::from_millis(300), "two attempts of 150 ms each");
    assert_eq!(server.count(), 2);

    // Headers arrive, the body never finishes: the timeout covers the body too.
    let head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n[{\"CustomerID\":\"1\"}";
    let stalling = raw::Server::start(vec![raw::Act::ReplyThenStall(head.as_bytes().to_vec())]).await;
    let client = client_for(&stalling.url).timeout(Duration::from_millis(150)).retry(RetryPolicy::none()).build().expect("client builds");
    let error = within(Duration::from_secs(5), "stalled body", client.customers().get_customers_by_action(1, 49, day(2018, 5, 24)).send()).await.expect_err("times out");
    assert!(matches!(error, Error::Timeout { attempts: 1, .. }), "{error:?}");
    assert_eq!(stalling.connections(), 1);
    figures("slow_servers_time_out_instead_of_hanging", 2, 3);
}

#[tokio::test]
async fn a_wait_the_call_budget_cannot_fit_ends_the_call_at_once() {
    // The issue's case: Retry-After 120 is capped to the default 60 s, which the default 60 s
    // budget cannot fit after the first attempt: the 429 is the answer, now, not after a minute.
    let server = Scripted::start(vec![json(429, RATE_LIMITED).insert_header("Retry-After", "120"), ok_json(LAST_UPDATE)]).await;
    let client = Client::builder().base_url(server.uri()).api_key(KEY).build().expect("client builds");
    let error = within(Duration::from_secs(10), "429 with Retry-After: 120 and the default budget", client.general().get_last_data_update().send()).await.expect_err("ends at once");
    assert!(matches!(error, Error::RateLimited { attempts: 1, retry_after: Some(d), .. } if d == Duration::from_secs(120)), "{error:?}");
    assert_eq!(server.count(), 1);

    // A client budget of 300 ms cannot fit a 1 s wait either.
    server.restart(vec![json(429, RATE_LIMITED).insert_header("Retry-After", "1"), ok_json(LAST_UPDATE)]);
    let client = client_for(&server.uri()).deadline(Duration::from_millis(300)).build().expect("client builds");
    let error = within(Duration::from_secs(5), "429 with Retry-After: 1 and a 300 ms budget", client.general().get_last_data_update().send()).await.expect_err("ends at once");
    assert!(matches!(error, Error::RateLimited { attempts: 1, .. }), "{error:?}");
    assert_eq!(server.count(), 1);

    // One request may have a larger budget than the client's: it waits and succeeds.
    server.restart(vec![json(429, RATE_LIMITED).insert_header("Retry-After", "1"), ok_json(LAST_UPDATE)]);
    let last = within(Duration::from_secs(10), "per-request deadline", client.general().get_last_data_update().deadline(Duration::from_secs(5)).send()).await.expect("waits and succeeds");
    assert_eq!(last.date, day(2015, 8, 13));
    let arrivals = server.arrivals();
    assert!(arrivals[1] - arrivals[0] >= Duration::from_secs(1), "waited {:?}", arrivals[1] - arrivals[0]);

    // A 503 whose backoff does not fit ends as the status error, keeping status and body.
    server.restart(vec![json(503, "busy").insert_header("Retry-After", "2")]);
    let error = within(Duration::from_secs(5), "503 with Retry-After: 2 and a 300 ms budget", client.general().get_last_data_update().send()).await.expect_err("ends at once");
    assert!(matches!(&error, Error::Status(r) if r.status == 503 && r.body == b"busy" && !r.after_retry), "{error:?}");
    assert_eq!(server.count(), 1);
    figures("a_wait_the_call_budget_cannot_fit_ends_the_call_at_once", 4, 6);
}

#[tokio::test]
async fn the_call_budget_covers_every_attempt_and_retry_wait() {
    // Endless 503s and a policy that would retry 1 000 times: the budget ends the call.
    let server = Scripted::start(vec![json(503, "busy")]).await;
    let many = RetryPolicy { max_retries: 1000, base_delay: Duration::from_millis(40), max_delay: Duration::from_millis(40), max_retry_after: Duration::from_secs(5) };
    let client = client_for(&server.uri()).retry(many).deadline(Duration::from_millis(500)).build().expect("client builds");
    let started = Instant::now();
    let error = within(Duration::from_secs(5), "endless 503", client.general().get_last_data_update().send()).await.expect_err("the budget ends it");
    // The budget ends either at a wait it cannot fit (the last 503, typed) or, on a slow machine,
    // during an attempt (a timeout after several attempts): both are the budget ending the call.
    assert!(matches!(&error, Error::Status(r) if r.status == 503 && r.after_retry) || matches!(&error, Error::Timeout { attempts, .. } if *attempts >= 2), "{error:?}");
    let requests = server.count();
    assert!(requests >= 2, "retried while the budget allowed ({requests} requests)");
    // Each retry waits at least 20 ms (half the 40 ms step), so 500 ms hold at most 26 attempts.
    assert!(requests <= 26, "{requests} requests in a 500 ms budget");
    assert!(started.elapsed() >= Duration::from_millis(20), "at least one wait");

    // A server that never answers: the attempt ends when the budget does, not at the 30 s
    // per-attempt timeout, and nothing is retried after it.
    server.restart(vec![ok_json(LAST_UPDATE).set_delay(Duration::from_secs(20))]);
    let client = client_for(&server.uri()).deadline(Duration::from_millis(300)).build().expect("client builds");
    let error = within(Duration::from_secs(5), "silent server, 300 ms budget", client.general().get_last_data_update().send()).await.expect_err("times out");
    assert!(matches!(error, Error::Timeout { operation: "GetLastDataUpdate", attempts: 1 }), "{error:?}");
    assert_eq!(server.count(), 1);

    // The wait for the client-side limiter counts too: one request per 10 s, the second call
    // has 200 ms and never reaches the server.
    server.restart(vec![ok_json(LAST_UPDATE)]);
    let client = client_for(&server.uri()).custom_rate_limit(RateLimit::new(1, Duration::from_secs(10))).build().expect("client builds");
    client.general().get_last_data_update().send().await.expect("first call");
    let error = within(Duration::from_secs(5), "limiter wait beyond the budget", client.general().get_last_data_update().deadline(Duration::from_millis(200)).send()).await.expect_err("times out");
    assert!(matches!(error, Error::Timeout { attempts: 0, .. }), "{error:?}");
    assert_eq!(server.count(), 1);
    figures("the_call_budget_covers_every_attempt_and_retry_wait", 3, requests + 2);
}

// ---------------------------------------------------------------------------------------------
// Bad responses
// ---------------------------------------------------------------------------------------------

/// The decode error's status, path and message, checked to be bounded in every rendering.
fn decode_failure(error: &Error) -> (u16, String, String) {
    let display = error.to_string();
    let debug = format!("{error:?}");
    assert!(display.len() < 2_000, "Display is bounded ({} bytes)", display.len());
    assert!(debug.len() < 2_500, "Debug is bounded ({} bytes)", debug.len());
    match error {
        Error::Decode { status, path, message, .. } => (*status, path.clone(), message.clone()),
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn bad_bodies_are_typed_errors_with_status_path_and_snippet() {
    let server = Scripted::start(vec![]).await;
    let client = client_for(&server.uri()).build().expect("client builds");
    let customers = || client.customers().get_customers_by_action(1, 49, day(2018, 5, 24)).send();

    let html = format!("<!DOCTYPE html><html><head><title>Service Unavailable</title></head><body>{}</body></html>", "<p>We are down for maintenance.</p>".repeat(600));
    let huge = "A".repeat(100_000);
    let cases: Vec<(&str, ResponseTemplate, &str, &str)> = vec![
        ("wrong content type", ResponseTemplate::new(200).set_body_raw("OK", "text/plain"), ".", "content type: text/plain"),
        ("HTML error page with 200", ResponseTemplate::new(200).set_body_raw(html.clone(), "text/html; charset=utf-8"), ".", "content type: text/html"),
        ("empty body", ResponseTemplate::new(200), ".", "empty"),
        ("blank body", json(200, " \r\n "), ".", "empty"),
        ("object instead of array", ok_json(r#"{"Error": "Invalid date"}"#), ".", "expected a sequence"),
        ("wrong type deep inside", ok_json(r#"[{"CustomerID": "1"}, {"CustomerID": "2", "CustomerAttributes": {"Alias": "x"}}]"#), "[1].CustomerAttributes", "expected a list"),
        ("missing required field", ok_json(r#"[{"CustomerID": "1"}, {"CustomerAttributes": []}]"#), "[1]", "missing field `CustomerID`"),
        ("huge value of the wrong type", ok_json(&format!(r#"[{{"CustomerID": "1", "CustomerAttributes": {{"x": "{huge}"}}}}]"#)), "[0].CustomerAttributes", "bytes in all"),
        ("trailing data", ok_json("[] []"), ".", "trailing"),
        ("not JSON", ok_json("Authorization-Token expired"), ".", "expected value"),
    ];
    let mut scenarios = 0;
    for (name, response, path, message_part) in cases {
        server.restart(vec![response]);
        let error = customers().await.expect_err(name);
        let (status, got_path, message) = decode_failure(&error);
        assert_eq!((status, got_path.as_str()), (200, path), "{name}: {message}");
        assert!(message.contains(message_part), "{name}: {message}");
        assert_eq!(server.count(), 1, "{name}: a decode failure is not retried");
        scenarios += 1;
    }
    // The snippet is the start of the body, cut, with the full length named.
    server.restart(vec![ResponseTemplate::new(200).set_body_raw(html.clone(), "text/html")]);
    let error = customers().await.expect_err("HTML");
    assert!(error.to_string().contains("<!DOCTYPE html><html><head><title>Service Unavailable"), "{error}");
    assert!(error.to_string().contains(&format!("({} bytes in all)", html.len())), "{error}");
    assert_eq!(error.body().map(<[u8]>::len), Some(html.len()), "the whole body stays available");

    // An HTML page from a gateway with 502: retried, then the status with a bounded snippet.
    server.restart(vec![ResponseTemplate::new(502).set_body_raw(html.clone(), "text/html")]);
    let error = customers().await.expect_err("502");
    match &error {
        Error::Status(response) => {
            assert_eq!((response.status, response.after_retry), (502, true));
            assert!(response.snippet().len() < 600 && response.snippet().starts_with("<!DOCTYPE html>"));
        }
        other => panic!("expected Status(502), got {other:?}"),
    }
    assert!(error.to_string().len() < 2_000 && format!("{error:?}").len() < 2_000);
    assert_eq!(server.count(), 4);

    // JSON cut off where the connection ends: HTTP cannot tell, the decoder can, and says where.
    let cut = raw::Server::start(vec![raw::until_eof("application/json", r#"[{"CustomerID":"1","CustomerAttributes":["a","b"]},{"CustomerID":"2","CustomerAttri"#)]).await;
    let client = client_for(&cut.url).build().expect("client builds");
    let error = client.customers().get_customers_by_action(1, 49, day(2018, 5, 24)).send().await.expect_err("truncated");
    let (status, path, message) = decode_failure(&error);
    // `?` is serde_path_to_error's name for a map key that was cut before it ended.
    assert_eq!((status, path.as_str()), (200, "[1].?"), "{message}");
    assert!(message.contains("EOF"), "{message}");
    assert!(error.to_string().contains(r#"{"CustomerID":"2","CustomerAttri"#), "the snippet shows the cut: {error}");

    // An object answer of the wrong shape names the field.
    server.restart(vec![ok_json(r#"{"TargetGroupID": "fifteen", "Duration": 7}"#)]);
    let client = client_for(&server.uri()).build().expect("client builds");
    let error = client.actions().get_campaign_details(221).send().await.expect_err("bad field");
    let (_, path, _) = decode_failure(&error);
    assert_eq!(path, "TargetGroupID");
    figures("bad_bodies_are_typed_errors_with_status_path_and_snippet", scenarios + 3, scenarios + 1 + 4 + 1 + 1);
}

// ---------------------------------------------------------------------------------------------
// Large results
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn paging_streams_100_000_customers_exactly_once_one_page_at_a_time() {
    const TOTAL: usize = 100_000;
    const PAGE: usize = 10_000; // the default page size of `into_stream()`
    let server = MockServer::start().await;
    let pages: Arc<Mutex<Vec<(usize, usize, String)>>> = Arc::default();
    let seen_pages = pages.clone();
    let responder = move |request: &wiremock::Request| {
        let param = |name: &str| request.url.query_pairs().find(|(k, _)| k == name).and_then(|(_, v)| v.parse::<usize>().ok());
        let (skip, top) = (param("$skip").unwrap_or(0), param("$top").unwrap_or(PAGE));
        seen_pages.lock().expect("pages lock").push((skip, top, request.url.query().unwrap_or_default().to_owned()));
        let rows: Vec<String> = (skip..(skip + top).min(TOTAL)).map(|i| format!(r#"{{"CustomerID":"{i}","CustomerAttributes":["Alias{i}","UK"]}}"#)).collect();
        json(200, &format!("[{}]", rows.join(",")))
    };
    Mock::given(any()).respond_with(responder).mount(&server).await;
    let client = client_for(&server.uri()).build().expect("client builds");

    let mut stream = client.customers().get_customers_by_action(1, 49, day(2018, 5, 24)).customer_attributes(vec!["Alias".into(), "Country".into()]).into_stream();
    let mut seen = vec![false; TOTAL];
    let mut received = 0usize;
    while let Some(item) = within(Duration::from_secs(30), "paging", stream.next()).await {
        let customer = item.expect("every page decodes");
        let id: usize = customer.customer_id.parse().expect("numeric ID");
        assert!(!seen[id], "customer {id} arrived twice");
        seen[id] = true;
        assert_eq!(customer.customer_attributes.as_deref(), Some(&[format!("Alias{id}"), "UK".to_owned()][..]));
        received += 1;
        // The next page is asked for only once this one is used up: at most one page in memory.
        let requested = pages.lock().expect("pages lock").len();
        assert_eq!(requested, received.div_ceil(PAGE), "after {received} customers, {requested} page requests");
    }
    assert_eq!(received, TOTAL);
    assert!(seen.iter().all(|s| *s), "every customer arrived");
    let pages = pages.lock().expect("pages lock").clone();
    let skips: Vec<usize> = pages.iter().map(|(skip, _, _)| *skip).collect();
    assert_eq!(skips, (0..=TOTAL).step_by(PAGE).collect::<Vec<_>>(), "10 full pages and one empty one");
    assert!(pages.iter().all(|(_, top, _)| *top == PAGE));
    assert_eq!(pages[3].2, "RecipientGroupID=1&ActionID=49&Date=2018-05-24&CustomerAttributes=Alias;Country&$top=10000&$skip=30000");
    figures("paging_streams_100_000_customers_exactly_once_one_page_at_a_time", 1, pages.len());
}

#[tokio::test]
async fn paging_survives_faults_between_pages() {
    const TOTAL: usize = 2_345;
    let server = MockServer::start().await;
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    // The page at $skip=1000 fails first with 503, then with 429; the third try is served.
    let failures = Arc::new(AtomicUsize::new(0));
    let responder = move |request: &wiremock::Request| {
        counter.fetch_add(1, Ordering::SeqCst);
        let param = |name: &str| request.url.query_pairs().find(|(k, _)| k == name).and_then(|(_, v)| v.parse::<usize>().ok()).unwrap_or(0);
        let (skip, top) = (param("$skip"), param("$top"));
        if skip == 1000 {
            match failures.fetch_add(1, Ordering::SeqCst) {
                0 => return ResponseTemplate::new(503),
                1 => return json(429, RATE_LIMITED).insert_header("Retry-After", "0"),
                _ => {}
            }
        }
        let rows: Vec<String> = (skip..(skip + top).min(TOTAL)).map(|i| format!(r#"{{"CustomerID":{i}}}"#)).collect();
        json(200, &format!("[{}]", rows.join(",")))
    };
    Mock::given(any()).respond_with(responder).mount(&server).await;
    let client = client_for(&server.uri()).build().expect("client builds");
    let ids: Vec<String> = within(Duration::from_secs(10), "paging with faults", client.customers().get_customers_by_action(1, 49, day(2018, 5, 24)).top(500).into_stream().map(|r| r.expect("no error surfaces").customer_id).collect::<Vec<_>>()).await;
    assert_eq!(ids, (0..TOTAL).map(|i| i.to_string()).collect::<Vec<_>>(), "all customers, in order, once (numeric IDs decode leniently)");
    // The first short page may be a server-side cap, so one more (empty) page confirms the end.
    assert_eq!(requests.load(Ordering::SeqCst), 5 + 1 + 2, "five pages (the last one short), one empty page and two retries");
    figures("paging_survives_faults_between_pages", 2, 8);
}

#[tokio::test]
async fn paging_survives_a_server_that_caps_pages_below_the_requested_size() {
    const TOTAL: usize = 1_000;
    const SERVER_CAP: usize = 300;
    let server = MockServer::start().await;
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    let responder = move |request: &wiremock::Request| {
        counter.fetch_add(1, Ordering::SeqCst);
        let param = |name: &str| request.url.query_pairs().find(|(k, _)| k == name).and_then(|(_, v)| v.parse::<usize>().ok()).unwrap_or(0);
        let (skip, top) = (param("$skip"), param("$top").min(SERVER_CAP));
        let rows: Vec<String> = (skip..(skip + top).min(TOTAL)).map(|i| format!(r#"{{"CustomerID":"{i}"}}"#)).collect();
        json(200, &format!("[{}]", rows.join(",")))
    };
    Mock::given(any()).respond_with(responder).mount(&server).await;
    let client = client_for(&server.uri()).build().expect("client builds");
    let ids: Vec<String> = within(Duration::from_secs(10), "capped paging", client.customers().get_customers_by_action(1, 49, day(2018, 5, 24)).top(500).into_stream().map(|r| r.expect("no error").customer_id).collect::<Vec<_>>()).await;
    assert_eq!(ids, (0..TOTAL).map(|i| i.to_string()).collect::<Vec<_>>(), "a cap below $top loses nothing");
    // 300 + 300 + 300 + 100 (short against the learned cap: the end).
    assert_eq!(requests.load(Ordering::SeqCst), 4);
    figures("paging_survives_a_server_that_caps_pages_below_the_requested_size", 1, 4);
}

// ---------------------------------------------------------------------------------------------
// Legacy token
// ---------------------------------------------------------------------------------------------

/// A legacy server: Login hands out `token-1`, `token-2`, ...; data calls accept a token unless
/// `expired(token, request)` says it expired (then 403 with the documented text).
struct Legacy {
    server: MockServer,
    logins: Arc<Mutex<Vec<Instant>>>,
    calls: Arc<Mutex<Vec<(String, String)>>>,
}

impl Legacy {
    async fn start(expired: impl Fn(&str, &wiremock::Request) -> bool + Send + Sync + 'static, answer: impl Fn(&wiremock::Request) -> ResponseTemplate + Send + Sync + 'static) -> Self {
        let server = MockServer::start().await;
        let logins: Arc<Mutex<Vec<Instant>>> = Arc::default();
        let calls: Arc<Mutex<Vec<(String, String)>>> = Arc::default();
        let (login_log, call_log) = (logins.clone(), calls.clone());
        let responder = move |request: &wiremock::Request| {
            if request.url.path() == "/current/general/login" {
                let mut logins = login_log.lock().expect("logins lock");
                logins.push(Instant::now());
                return json(200, &format!("\"token-{}\"", logins.len()));
            }
            let token = request.headers.get("authorization-token").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
            call_log.lock().expect("calls lock").push((token.clone(), request.url.query().unwrap_or_default().to_owned()));
            if token.is_empty() {
                return ResponseTemplate::new(401);
            }
            if expired(&token, request) {
                return ResponseTemplate::new(403).set_body_raw(EXPIRED, "text/plain");
            }
            answer(request)
        };
        Mock::given(any()).respond_with(responder).mount(&server).await;
        Self { server, logins, calls }
    }

    fn client(&self) -> Client {
        Client::builder().base_url(self.server.uri()).login("legacy-user", "legacy-password").retry(fast_retries(3)).build().expect("client builds")
    }

    fn logins(&self) -> Vec<Instant> {
        self.logins.lock().expect("logins lock").clone()
    }

    fn calls(&self) -> Vec<(String, String)> {
        self.calls.lock().expect("calls lock").clone()
    }
}

#[tokio::test]
async fn token_expiry_mid_paging_logs_in_once_more_and_repeats_that_page() {
    const TOTAL: usize = 5_000;
    const PAGE: usize = 1_000;
    // token-1 expires when the third page is asked for.
    let server = Legacy::start(
        |token, request| token == "token-1" && request.url.query().is_some_and(|q| q.contains("$skip=2000")),
        |request| {
            let param = |name: &str| request.url.query_pairs().find(|(k, _)| k == name).and_then(|(_, v)| v.parse::<usize>().ok()).unwrap_or(0);
            let (skip, top) = (param("$skip"), param("$top"));
            let rows: Vec<String> = (skip..(skip + top).min(TOTAL)).map(|i| format!(r#"{{"CustomerID":"{i}"}}"#)).collect();
            json(200, &format!("[{}]", rows.join(",")))
        },
    )
    .await;
    let client = server.client();
    let ids: Vec<String> = within(Duration::from_secs(10), "paging across an expiry", client.customers().get_customers_by_action(1, 49, day(2018, 5, 24)).top(PAGE as i32).into_stream().map(|r| r.expect("no error surfaces").customer_id).collect::<Vec<_>>()).await;
    assert_eq!(ids, (0..TOTAL).map(|i| i.to_string()).collect::<Vec<_>>(), "every customer once, in order");

    let logins = server.logins();
    assert_eq!(logins.len(), 2, "one login, one renewal");
    assert!(logins[1] - logins[0] >= LOGIN_INTERVAL, "logins {:?} apart", logins[1] - logins[0]);
    let calls: Vec<(String, String)> = server.calls().into_iter().map(|(token, query)| (token, query.split("$skip=").nth(1).unwrap_or("0").to_owned())).collect();
    let expected: Vec<(String, String)> =
        [("token-1", "0"), ("token-1", "1000"), ("token-1", "2000"), ("token-2", "2000"), ("token-2", "3000"), ("token-2", "4000"), ("token-2", "5000")].iter().map(|(t, s)| ((*t).to_owned(), (*s).to_owned())).collect();
    assert_eq!(calls, expected, "only the page that met the expiry is asked for twice");
    figures("token_expiry_mid_paging_logs_in_once_more_and_repeats_that_page", 1, 2 + calls.len());
}

#[tokio::test]
async fn concurrent_requests_share_one_login_and_one_renewal() {
    let expire_first = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = expire_first.clone();
    let server = Legacy::start(move |token, _| token == "token-1" && flag.load(Ordering::SeqCst), |_| ok_json(LAST_UPDATE)).await;
    let client = server.client();

    // Twenty calls at once before any token exists: one login, everyone uses its token.
    let results = within(Duration::from_secs(10), "first burst", join_all((0..20).map(|_| client.general().get_last_data_update().send()))).await;
    assert!(results.iter().all(Result::is_ok));
    assert_eq!(server.logins().len(), 1, "one login for twenty concurrent calls");
    assert!(server.calls().iter().all(|(token, _)| token == "token-1"));

    // The token expires under twenty concurrent calls: one renewal, each call repeated once.
    expire_first.store(true, Ordering::SeqCst);
    let results = within(Duration::from_secs(10), "second burst", join_all((0..20).map(|_| client.clone().general().get_last_data_update().send()))).await;
    assert!(results.iter().all(Result::is_ok), "{:?}", results.iter().find(|r| r.is_err()));
    let logins = server.logins();
    assert_eq!(logins.len(), 2, "one renewal for twenty expired calls");
    assert!(logins[1] - logins[0] >= LOGIN_INTERVAL);
    let calls = server.calls();
    let renewed = calls.iter().filter(|(token, _)| token == "token-2").count();
    let rejected = calls.iter().skip(20).filter(|(token, _)| token == "token-1").count();
    assert_eq!(renewed, 20, "every call ends with the new token");
    assert!(rejected <= 20, "no call was rejected twice");
    figures("concurrent_requests_share_one_login_and_one_renewal", 2, 2 + calls.len());
}

#[tokio::test]
async fn a_403_that_does_not_say_expired_is_returned_without_a_login() {
    // The same status also means "this key's role may not call the function": logging in
    // again cannot help, so the answer comes back as it is and no login is spent.
    const FORBIDDEN: &str = "The user role is not allowed to call this function";
    let server = Legacy::start(|_, _| false, |_| ResponseTemplate::new(403).set_body_raw(FORBIDDEN, "text/plain")).await;
    let client = server.client();
    let result = within(Duration::from_secs(10), "forbidden call", client.general().get_last_data_update().send()).await;
    assert!(matches!(&result, Err(Error::Status(r)) if r.status == 403 && r.snippet() == FORBIDDEN), "{result:?}");
    assert_eq!(server.logins().len(), 1, "the first login only, no renewal");
    assert_eq!(server.calls().len(), 1, "asked once");
    figures("a_403_that_does_not_say_expired_is_returned_without_a_login", 1, 2);
}

#[tokio::test]
async fn a_token_that_keeps_failing_cannot_cause_a_login_storm() {
    // Every token is "expired" (a misconfigured account): each call renews at most once, and
    // calls that were waiting together share the renewal.
    let server = Legacy::start(|_, _| true, |_| ok_json(LAST_UPDATE)).await;
    let client = server.client();
    let results = within(Duration::from_secs(10), "burst against a broken token", join_all((0..20).map(|_| client.general().get_last_data_update().send()))).await;
    for result in &results {
        assert!(matches!(result, Err(Error::Status(r)) if r.status == 403 && r.snippet() == EXPIRED), "{result:?}");
    }
    let logins = server.logins();
    assert_eq!(logins.len(), 2, "one login and one renewal for twenty calls, not twenty-one");
    assert!(logins[1] - logins[0] >= LOGIN_INTERVAL, "at most one login per second");
    assert_eq!(server.calls().len(), 40, "each call tried twice: once per token");

    // A wrong password: the failed login is shared by all who waited for it, not retried per call.
    let refusing = MockServer::start().await;
    Mock::given(any()).respond_with(json(401, r#""Invalid credentials""#)).mount(&refusing).await;
    let client = Client::builder().base_url(refusing.uri()).login("legacy-user", "wrong-password").build().expect("client builds");
    let started = Instant::now();
    let results = within(Duration::from_secs(10), "burst with a wrong password", join_all((0..20).map(|_| client.general().get_last_data_update().send()))).await;
    for result in &results {
        match result {
            Err(Error::Login(inner)) => assert_eq!(inner.status(), Some(401), "{inner:?}"),
            other => panic!("expected Login(401), got {other:?}"),
        }
    }
    assert_eq!(refusing.received_requests().await.expect("recording").len(), 1, "one login attempt for twenty calls");
    assert!(started.elapsed() < LOGIN_INTERVAL * 5, "the callers did not queue for logins a second apart");
    figures("a_token_that_keeps_failing_cannot_cause_a_login_storm", 2, 2 + 40 + 1);
}

// ---------------------------------------------------------------------------------------------
// Secrets and transport safety
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn redirects_are_not_followed_so_credentials_stay_with_the_api() {
    let elsewhere = MockServer::start().await;
    Mock::given(any()).respond_with(ok_json(LAST_UPDATE)).mount(&elsewhere).await;
    let api = Scripted::start(vec![ResponseTemplate::new(302).insert_header("Location", format!("{}/collect", elsewhere.uri()).as_str())]).await;
    let client = client_for(&api.uri()).build().expect("client builds");
    let error = client.general().get_last_data_update().send().await.expect_err("a redirect is an error status");
    assert!(matches!(&error, Error::Status(r) if r.status == 302), "{error:?}");
    assert!(elsewhere.received_requests().await.expect("recording").is_empty(), "the API key never reached the other host");
    figures("redirects_are_not_followed_so_credentials_stay_with_the_api", 1, 1);
}

#[tokio::test]
async fn plain_http_is_refused_for_remote_hosts_unless_allowed() {
    for url in ["http://api4.optimove.net", "http://10.1.2.3:8080", "http://localhost.example.org"] {
        let error = Client::builder().base_url(url).api_key(KEY).build().expect_err("plain http to a remote host");
        assert!(matches!(&error, Error::Config(m) if m.contains("refusing plain http")), "{url}: {error:?}");
        assert!(!error.to_string().contains(KEY) && !format!("{error:?}").contains(KEY));
        assert!(Client::builder().base_url(url).api_key(KEY).allow_http(true).build().is_ok(), "{url} with allow_http");
    }
    for url in ["http://127.0.0.1:9", "http://localhost:9", "http://[::1]:9", "https://api4.optimove.net"] {
        assert!(Client::builder().base_url(url).api_key(KEY).build().is_ok(), "{url} is accepted");
    }
    // A host-specific override is checked as well.
    let error = Client::builder().base_url("https://api4.optimove.net").preference_center_region_base_url("http://prefs.example.org").api_key(KEY).build().expect_err("override over http");
    assert!(matches!(error, Error::Config(_)));
    // The spec's own servers are https.
    assert!(Client::builder().api_key(KEY).build().is_ok());
    figures("plain_http_is_refused_for_remote_hosts_unless_allowed", 4, 0);
}

/// The default features (`rustls-ring`) give the client a working TLS stack: an https base URL
/// opens with a TLS ClientHello, and a peer that is not a TLS server ends in a connection error
/// (not a configuration error about a missing TLS backend or crypto provider).
#[tokio::test]
async fn https_base_urls_speak_tls_with_the_default_features() {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let port = listener.local_addr().expect("addr").port();
    let peer = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.expect("the client connects");
        let mut first = [0u8; 3];
        socket.read_exact(&mut first).await.expect("the client sends a first record");
        first
    });
    let client = Client::builder().base_url(format!("https://127.0.0.1:{port}")).api_key(KEY).retry(fast_retries(0)).build().expect("client builds with TLS");
    let error = client.general().get_last_data_update().send().await.expect_err("the peer is no TLS server");
    let first = peer.await.expect("peer task");
    // 0x16 = TLS handshake record, 0x03 = TLS major version.
    assert_eq!(first[..2], [0x16, 0x03], "the client opened with a TLS record: {first:02x?}");
    assert!(matches!(&error, Error::Connection { .. }), "{error:?}");
    figures("https_base_urls_speak_tls_with_the_default_features", 1, 1);
}

#[tokio::test]
async fn an_invalid_credential_is_reported_at_once_and_never_shown() {
    let server = Scripted::start(vec![ok_json(LAST_UPDATE)]).await;
    let bad_key = "key-with-a-line-break\r\nX-Injected: 1";
    let client = Client::builder().base_url(server.uri()).api_key(bad_key).retry(RetryPolicy { base_delay: Duration::from_secs(30), ..RetryPolicy::default() }).build().expect("client builds");
    let error = within(Duration::from_secs(5), "invalid header value", client.general().get_last_data_update().send()).await.expect_err("invalid");
    assert!(matches!(&error, Error::InvalidRequest { operation: "GetLastDataUpdate", message } if message.contains("X-API-KEY")), "{error:?}");
    assert!(!error.to_string().contains("line-break") && !format!("{error:?}").contains("line-break"));
    assert_eq!(server.count(), 0, "nothing was sent");
    figures("an_invalid_credential_is_reported_at_once_and_never_shown", 1, 0);
}

/// Captures everything `tracing` (and the `log` crate, through tracing's bridge) emits on the
/// capturing thread, at TRACE level.
mod capture {
    use std::cell::RefCell;
    use std::io::{self, Write};
    use std::sync::Once;

    thread_local! {
        static BUFFER: RefCell<Option<Vec<u8>>> = const { RefCell::new(None) };
    }

    struct ThreadWriter;

    impl Write for ThreadWriter {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            BUFFER.with(|b| {
                if let Some(buffer) = b.borrow_mut().as_mut() {
                    buffer.extend_from_slice(buf);
                }
            });
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Starts capturing on this thread. The subscriber is global (the only way to also bridge
    /// `log` records, which reqwest uses) but writes only for threads that capture, so other
    /// tests running meanwhile, and wiremock's own threads, add nothing.
    pub fn start() {
        static INIT: Once = Once::new();
        INIT.call_once(|| {
            use tracing_subscriber::util::SubscriberInitExt;
            tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_ansi(false).with_writer(|| ThreadWriter).finish().try_init().expect("no other global subscriber in this test binary");
        });
        BUFFER.with(|b| *b.borrow_mut() = Some(Vec::new()));
    }

    /// Stops capturing and returns the text.
    pub fn finish() -> String {
        BUFFER.with(|b| String::from_utf8_lossy(&b.borrow_mut().take().unwrap_or_default()).into_owned())
    }
}

#[test]
fn secrets_never_appear_in_debug_display_or_traces() {
    const API_KEY: &str = "sk-live-7Hq2ZpL9XwV4mN8rT1";
    const PASSWORD: &str = "pw-Zr8Kq3Lm5Np7Tx";
    const TOKEN_PREFIX: &str = "eyJsecret-token-";
    capture::start();
    // One thread for the client and the raw servers, so the capture sees all client-side events.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
    let (texts, calls) = runtime.block_on(async {
        let mut texts: Vec<String> = Vec::new();
        let mut calls = 0usize;
        let server = Scripted::start(vec![ok_json(LAST_UPDATE)]).await;
        let builder = Client::builder().base_url(server.uri()).api_key(API_KEY).retry(fast_retries(1)).timeout(Duration::from_millis(200));
        texts.push(format!("{builder:?}"));
        let client = builder.build().expect("client builds");
        texts.push(format!("{client:?}"));

        // Successes and every kind of failure with the API key.
        let script = vec![
            ok_json(LAST_UPDATE),
            ResponseTemplate::new(404).set_body_string("not here"),
            ResponseTemplate::new(500),
            json(429, RATE_LIMITED),
            ok_json("<html>"),
            ResponseTemplate::new(503),
            ResponseTemplate::new(302).insert_header("Location", "http://127.0.0.1:9/elsewhere"),
            ok_json(LAST_UPDATE).set_delay(Duration::from_secs(5)),
        ];
        for response in script {
            server.restart(vec![response]);
            let result = client.general().get_last_data_update().send().await;
            calls += server.count();
            texts.push(format!("{result:?}"));
            if let Err(error) = &result {
                texts.push(error.to_string());
            }
        }
        let refused = client_for("http://127.0.0.1:9").api_key(API_KEY).build().expect("client builds");
        let error = refused.general().get_last_data_update().send().await.expect_err("refused");
        texts.push(format!("{error:?} {error}"));
        let error = Client::builder().base_url("http://api.example.org").api_key(API_KEY).build().expect_err("plain http");
        texts.push(format!("{error:?} {error}"));
        // A password in a URL (reqwest sends it as Basic auth) is a secret too.
        let builder = Client::builder().base_url(format!("https://legacy-user:{PASSWORD}@api.example.org")).api_key(API_KEY);
        texts.push(format!("{builder:?}"));
        texts.push(format!("{:?}", builder.build().expect("client builds")));

        // The legacy login: success, renewal after expiry, failure.
        let tokens = Arc::new(AtomicUsize::new(0));
        let issued = tokens.clone();
        let legacy = MockServer::start().await;
        let responder = move |request: &wiremock::Request| {
            if request.url.path() == "/current/general/login" {
                let n = issued.fetch_add(1, Ordering::SeqCst) + 1;
                return json(200, &format!("\"{TOKEN_PREFIX}{n}\""));
            }
            match request.headers.get("authorization-token").and_then(|v| v.to_str().ok()) {
                Some(t) if t.ends_with('1') => ResponseTemplate::new(403).set_body_string(EXPIRED),
                Some(_) => ok_json(LAST_UPDATE),
                None => ResponseTemplate::new(401),
            }
        };
        Mock::given(any()).respond_with(responder).mount(&legacy).await;
        let builder = Client::builder().base_url(legacy.uri()).login("legacy-user", PASSWORD);
        texts.push(format!("{builder:?}"));
        let client = builder.build().expect("client builds");
        let result = client.general().get_last_data_update().send().await;
        assert!(result.is_ok(), "renewed after the expiry: {result:?}");
        texts.push(format!("{result:?} {client:?}"));
        texts.push(format!("{:?}", LoginRequest::new("legacy-user".into(), PASSWORD.into())));
        let token_client = Client::builder().base_url(legacy.uri()).authorization_token(format!("{TOKEN_PREFIX}1")).build().expect("client builds");
        let error = token_client.general().get_last_data_update().send().await.expect_err("expired, and no login to renew it");
        texts.push(format!("{error:?} {error} {token_client:?}"));
        calls += legacy.received_requests().await.expect("recording").len();

        let refusing = MockServer::start().await;
        Mock::given(any()).respond_with(ResponseTemplate::new(401)).mount(&refusing).await;
        let client = Client::builder().base_url(refusing.uri()).login("legacy-user", PASSWORD).build().expect("client builds");
        let error = client.general().get_last_data_update().send().await.expect_err("bad password");
        texts.push(format!("{error:?} {error} {client:?}"));
        calls += 1;
        assert!(tokens.load(Ordering::SeqCst) >= 2, "tokens were issued, so there was something to leak");
        (texts, calls)
    });
    let traced = capture::finish();
    assert!(traced.contains("sending request") && traced.contains("request answered with an error status"), "the capture works:\n{traced}");
    assert!(traced.contains("TRACE") || traced.contains("DEBUG"), "detailed levels are on");
    let everything = format!("{}\n{traced}", texts.join("\n"));
    for secret in [API_KEY, PASSWORD, TOKEN_PREFIX] {
        assert!(!everything.contains(secret), "`{secret}` leaked:\n{}", everything.lines().filter(|l| l.contains(secret)).collect::<Vec<_>>().join("\n"));
    }
    assert!(everything.contains("[REDACTED]"), "credentials are shown as redacted");
    figures("secrets_never_appear_in_debug_display_or_traces", 14, calls);
}
