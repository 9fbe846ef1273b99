//! Conditional execution against a fake Optimove API (wiremock on loopback): an EventTypeID 5
//! notification posted to the receiver on 127.0.0.1:0 leads to GetProcessedCampaignCustomers and to
//! UpdateCustomerPromotionStatus batches, and the run stops and reports when ClearanceRequiredBy passes.
//!
//! Data: the notification is the spec's example (CampaignID 1359, TimeStamp 2018-10-27 09:33:00,
//! ClearanceRequiredBy 12:00:00); the processed customers are the catalog's §6.2 rows (cleaned: a customer
//! with two codes has them comma-joined) plus the two customers of the UpdateCustomerPromotionStatus
//! sample (§8.12), so the expected request bodies have the shape of that sample.

use std::sync::Arc;
use std::time::Duration;

use optimove_examples::conditional::{self, Clock, Policy, Settings, Stop};
use optimove_examples::config;
use optimove_examples::optimove_client::Client;
use optimove_examples::optimove_client::chrono::NaiveDateTime;
use optimove_examples::optimove_client::serde_json::{self, Value, json};
use optimove_examples::receiver::{LISTENER_PATH, Outcome, Receiver};
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::Paged;

/// Only checked to be sent; wiremock accepts any value.
const API_KEY: &str = "test-api-key";
const PROCESSED: &str = "/current/customers/GetProcessedCampaignCustomers";
const UPDATE: &str = "/current/integrations/UpdateCustomerPromotionStatus";

fn client(server: &MockServer) -> Client {
    config::build_client(Some(API_KEY.into()), Some(server.uri())).expect("client")
}

fn at(text: &str) -> NaiveDateTime {
    config::parse_timestamp("test", text).expect("timestamp")
}

/// A clock standing still at `text`, so the deadline check does not depend on when the test runs.
fn fixed_clock(text: &str) -> Clock {
    let now = at(text);
    Arc::new(move || now)
}

/// Serves the processed customers of campaign 1359, paged with `$top` = `page_size`.
async fn processed(server: &MockServer, page_size: usize, rows: Vec<Value>) {
    Mock::given(method("GET"))
        .and(path(PROCESSED))
        .and(query_param("CampaignID", "1359"))
        .and(query_param("$top", page_size.to_string()))
        .respond_with(Paged(rows))
        .expect(1..)
        .mount(server)
        .await;
}

fn processed_customers() -> Vec<Value> {
    vec![
        json!({"CustomerID": "231342", "ActionID": "4", "PromoCode": "A7Bonus"}),
        json!({"CustomerID": "463516", "ActionID": "4", "PromoCode": "A7Bonus"}),
        json!({"CustomerID": "463516", "ActionID": "4", "PromoCode": "A7Bonus,A9Bonus"}),
        json!({"CustomerID": "C234638", "ActionID": "4", "PromoCode": "A7Bonus"}),
        json!({"CustomerID": "C984571", "ActionID": "4", "PromoCode": "A7Bonus"}),
    ]
}

/// The `PromosUpdated` lists of every UpdateCustomerPromotionStatus call the server received, in order.
async fn reported_batches(server: &MockServer) -> Vec<Vec<(String, bool)>> {
    let requests = server.received_requests().await.expect("recording");
    requests
        .iter()
        .filter(|r| r.url.path() == UPDATE)
        .map(|r| {
            let body: Value = serde_json::from_slice(&r.body).expect("JSON body");
            let promos = body["PromosUpdated"].as_array().expect("PromosUpdated");
            promos.iter().map(|p| (p["CustomerID"].as_str().expect("id").to_owned(), p["Status"].as_bool().expect("status"))).collect()
        })
        .collect()
}

#[tokio::test]
async fn event_5_approves_and_rejects_the_processed_customers_in_batches_before_the_deadline() {
    let server = MockServer::start().await;
    processed(&server, 2, processed_customers()).await;
    // The customer listed twice (two promo codes) is reported once; C984571 is on the deny list.
    for promos in [
        json!([{"CustomerID": "231342", "Status": true}, {"CustomerID": "463516", "Status": true}]),
        json!([{"CustomerID": "C234638", "Status": true}, {"CustomerID": "C984571", "Status": false}]),
    ] {
        Mock::given(method("POST"))
            .and(path(UPDATE))
            .and(body_json(json!({"TimeStamp": "2018-10-27 09:33:00", "CampaignID": 1359, "PromosUpdated": promos})))
            .respond_with(ResponseTemplate::new(200))
            .expect(1)
            .mount(&server)
            .await;
    }
    let settings = Settings { batch_size: 2, page_size: 2, clock: fixed_clock("2018-10-27 09:33:00") };
    let (receiver, mut outcomes) = Receiver::new(client(&server), Policy::denying(["C984571".to_owned()]));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let url = format!("http://{}{LISTENER_PATH}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, receiver.with_settings(settings).router()).await });

    let notification = r#"{"EventTypeID":5,"TimeStamp":"2018-10-27 09:33:00","CampaignID":1359,"ClearanceRequiredBy":"2018-10-27 12:00:00"}"#;
    let response = common::http_client().post(&url).header("content-type", "application/json").body(notification).send().await.expect("answer");
    assert_eq!(response.status().as_u16(), 200);

    let outcome = tokio::time::timeout(Duration::from_secs(10), outcomes.recv()).await.expect("in time").expect("running");
    let Outcome::Cleared(report) = outcome else { panic!("expected a clearance report, got {outcome:?}") };
    assert!(report.is_complete(), "{report}");
    assert_eq!((report.campaign_id, report.approved, report.rejected, report.calls), (1359, 3, 1, 2));
    assert_eq!(report.clearance_required_by, at("2018-10-27 12:00:00"));
    assert_eq!(report.to_string(), "campaign 1359 (clearance required by 2018-10-27 12:00:00): 3 approved, 1 rejected in 2 call(s); complete");
    server.verify().await;
}

#[tokio::test]
async fn nothing_is_fetched_or_reported_once_the_deadline_has_passed() {
    let server = MockServer::start().await;
    let settings = Settings { clock: fixed_clock("2018-10-27 12:00:01"), ..Settings::default() };

    let report = conditional::clear_campaign(&client(&server), 1359, at("2018-10-27 12:00:00"), &Policy::approve_all(), &settings).await;

    assert!(matches!(report.stopped, Some(Stop::DeadlinePassed)), "{report}");
    assert_eq!((report.approved, report.rejected, report.calls), (0, 0, 0));
    assert!(report.to_string().contains("STOPPED: the deadline passed"), "{report}");
    assert!(server.received_requests().await.expect("recording").is_empty());
}

#[tokio::test]
async fn the_run_stops_and_reports_when_the_deadline_passes_while_waiting_for_a_page() {
    let server = MockServer::start().await;
    let rows = processed_customers();
    Mock::given(method("GET"))
        .and(path(PROCESSED))
        .and(query_param("$skip", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&rows[..2]))
        .mount(&server)
        .await;
    // The second page arrives long after the deadline.
    Mock::given(method("GET"))
        .and(path(PROCESSED))
        .and(query_param("$skip", "2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&rows[2..4]).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    Mock::given(method("POST")).and(path(UPDATE)).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    // The real clock, and a deadline one second away: ample for the first page and batch on loopback.
    let settings = Settings { batch_size: 2, page_size: 2, ..Settings::default() };
    let deadline = (settings.clock)() + Duration::from_secs(1);

    let started = std::time::Instant::now();
    let report = conditional::clear_campaign(&client(&server), 1359, deadline, &Policy::approve_all(), &settings).await;

    assert!(started.elapsed() < Duration::from_secs(4), "the run must not wait for the late page");
    assert!(matches!(report.stopped, Some(Stop::DeadlinePassed)), "{report}");
    assert_eq!((report.approved, report.calls, report.not_reported, report.in_doubt), (2, 1, 0, 0));
    assert_eq!(reported_batches(&server).await, [vec![("231342".to_owned(), true), ("463516".to_owned(), true)]]);
}

#[tokio::test]
async fn a_failed_report_stops_the_run_and_counts_the_unreported_customers() {
    let server = MockServer::start().await;
    processed(&server, 10_000, processed_customers()).await;
    Mock::given(method("POST")).and(path(UPDATE)).respond_with(ResponseTemplate::new(400)).expect(1).mount(&server).await;
    let settings = Settings { clock: fixed_clock("2018-10-27 09:33:00"), ..Settings::default() };

    let report = conditional::clear_campaign(&client(&server), 1359, at("2018-10-27 12:00:00"), &Policy::approve_all(), &settings).await;

    let Some(Stop::Failed(error)) = &report.stopped else { panic!("expected a failure, got {report}") };
    assert_eq!(error.status(), Some(400));
    assert_eq!((report.approved, report.calls, report.not_reported), (0, 0, 4));
    server.verify().await;
}

#[tokio::test]
async fn no_call_carries_more_than_10_000_customers() {
    let server = MockServer::start().await;
    // Volume is the point here, so the IDs are generated in the catalog's "C234638" style.
    let rows: Vec<Value> = (0..10_001).map(|n| json!({"CustomerID": format!("C{:06}", 200_000 + n), "ActionID": 4})).collect();
    processed(&server, 10_000, rows).await;
    Mock::given(method("POST")).and(path(UPDATE)).respond_with(ResponseTemplate::new(200)).expect(2).mount(&server).await;
    // Asking for larger batches than the API allows is clamped to its limit.
    let settings = Settings { batch_size: 50_000, clock: fixed_clock("2018-10-27 09:33:00"), ..Settings::default() };

    let report = conditional::clear_campaign(&client(&server), 1359, at("2018-10-27 12:00:00"), &Policy::approve_all(), &settings).await;

    assert!(report.is_complete(), "{report}");
    assert_eq!((report.approved, report.calls), (10_001, 2));
    let sizes: Vec<usize> = reported_batches(&server).await.iter().map(Vec::len).collect();
    assert_eq!(sizes, [10_000, 1]);
    server.verify().await;
}
