//! The same-day receiver on 127.0.0.1:0, driven like Optimove drives it: the documented listener
//! notifications and gateway requests are POSTed with reqwest, the replies are checked, and a fake
//! Optimove API (wiremock) records the follow-up calls.
//!
//! Payloads: the spec's notification examples (the catalog documents no notification body) and the
//! catalog's §1.8 gateway sample cleaned to valid JSON (values as in `tests/tests/webhooks.rs`).
//! API answers: catalog samples (§4.10, §6.2 cleaned) and the spec's CustomerExecutionDetail example.

use std::time::Duration;

use optimove_examples::conditional::Policy;
use optimove_examples::config;
use optimove_examples::optimove_client::serde_json::{self, Value, json};
use optimove_examples::receiver::{self, GATEWAY_PATH, LISTENER_PATH, Outcome, Receiver};
use tokio::sync::mpsc::UnboundedReceiver;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::Paged;

/// Only checked to be sent; wiremock accepts any value.
const API_KEY: &str = "test-api-key";

/// Starts a receiver whose follow-up calls go to `server`; returns its base URL and its outcomes.
async fn start(server: &MockServer, policy: Policy) -> (String, UnboundedReceiver<Outcome>) {
    let client = config::build_client(Some(API_KEY.into()), Some(server.uri())).expect("client");
    let (receiver, outcomes) = Receiver::new(client, policy);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move { axum::serve(listener, receiver.router()).await });
    (url, outcomes)
}

/// POSTs `body` as JSON, as Optimove does; returns the status, content type and body of the answer.
async fn post(url: &str, body: &str) -> (u16, Option<String>, String) {
    let response = common::http_client()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_owned())
        .send()
        .await
        .expect("the receiver answers");
    let status = response.status().as_u16();
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_owned);
    (status, content_type, response.text().await.expect("body"))
}

async fn next(outcomes: &mut UnboundedReceiver<Outcome>) -> Outcome {
    tokio::time::timeout(Duration::from_secs(10), outcomes.recv()).await.expect("an outcome within 10 s").expect("the receiver is running")
}

/// catalog §1.8, cleaned (see the module documentation).
fn gateway_request(user_id: &str) -> Value {
    json!({
        "user": {"user_id": user_id, "is_visitor": false},
        "campaign": {
            "id": "1359", "series_id": "428", "notes": "", "tags": [],
            "action": {"id": 24, "name": "10% summer bonus", "promo_codes": ["HEP-FEB"],
                "channels": [{"id": 1, "name": "Silverpop", "brand_id": null, "templates": [{"id": 1, "name": "Welcome Back English"}]}]}
        }
    })
}

#[tokio::test]
async fn event_13_is_acknowledged_then_that_campaigns_customers_on_the_channel_are_fetched() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/current/customers/GetCustomerExecutionDetailsByCampaign"))
        .and(query_param("CampaignID", "1359"))
        .and(query_param("ChannelID", "504"))
        .respond_with(Paged(vec![
            json!({"CustomerID": "231342", "ActionID": 24, "ChannelID": 504, "TemplateID": 520, "TemplateName": "Welcome Back English",
                "ScheduledTime": "2015-12-30 10:30:00", "PromoCode": "HEP-FEB", "CustomerAttributes": ["BuddyZZ", "UK"]}),
            json!({"CustomerID": "463516", "ActionID": 4, "ChannelID": 504, "PromoCode": "A7Bonus,A9Bonus"}),
        ]))
        .expect(1..)
        .mount(&server)
        .await;
    let (url, mut outcomes) = start(&server, Policy::approve_all()).await;

    let notification = r#"{"EventTypeID":13,"TimeStamp":"2018-10-27 09:33:00","CampaignID":1359,"ChannelID":504}"#;
    let (status, _, _) = post(&format!("{url}{LISTENER_PATH}"), notification).await;
    assert_eq!(status, 200);

    let Outcome::ChannelExecuted(execution) = next(&mut outcomes).await else { panic!("expected the channel's customers") };
    assert_eq!((execution.campaign_id, execution.channel_id, execution.customers), (1359, 504, 2));
    assert_eq!(execution.promo_codes.iter().map(String::as_str).collect::<Vec<_>>(), ["A7Bonus", "A9Bonus", "HEP-FEB"]);
    server.verify().await;
}

#[tokio::test]
async fn event_1_fetches_the_campaign_details() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/current/actions/GetCampaignDetails"))
        .and(query_param("CampaignID", "1359"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"TargetGroupID": 15, "CampaignType": "Test/Control",
            "Duration": 7, "LeadTime": 3, "Notes": "", "IsMultiChannel": "false", "IsRecurrence": "false", "Status": "Successful", "Error": ""})))
        .expect(1)
        .mount(&server)
        .await;
    let (url, mut outcomes) = start(&server, Policy::approve_all()).await;

    let (status, _, _) = post(&format!("{url}{LISTENER_PATH}"), r#"{"EventTypeID":1,"TimeStamp":"2018-10-27 09:33:00","CampaignID":1359}"#).await;
    assert_eq!(status, 200);

    let Outcome::CampaignProcessed { campaign_id, details } = next(&mut outcomes).await else { panic!("expected the details") };
    assert_eq!((campaign_id, details.target_group_id, details.status.as_deref()), (1359, Some(15), Some("Successful")));
    server.verify().await;
}

#[tokio::test]
async fn event_4_fetches_the_canceled_customers() {
    let server = MockServer::start().await;
    // catalog §6.2, with its third row made valid JSON (the two codes joined with a comma).
    Mock::given(method("GET"))
        .and(path("/current/customers/GetCanceledCampaignCustomers"))
        .and(query_param("CampaignID", "6574"))
        .respond_with(Paged(vec![
            json!({"CustomerID": "231342", "ActionID": "4", "PromoCode": "A7Bonus"}),
            json!({"CustomerID": "463516", "ActionID": "4", "PromoCode": "A7Bonus"}),
            json!({"CustomerID": "463516", "ActionID": "4", "PromoCode": "A7Bonus,A9Bonus"}),
        ]))
        .expect(1..)
        .mount(&server)
        .await;
    let (url, mut outcomes) = start(&server, Policy::approve_all()).await;

    let (status, _, _) = post(&format!("{url}{LISTENER_PATH}"), r#"{"EventTypeID":4,"TimeStamp":"2018-10-27 09:33:00","CampaignID":6574}"#).await;
    assert_eq!(status, 200);

    let Outcome::CampaignCanceled { campaign_id, customers } = next(&mut outcomes).await else { panic!("expected the canceled customers") };
    assert_eq!((campaign_id, customers), (6574, 3));
    server.verify().await;
}

#[tokio::test]
async fn events_without_follow_up_are_acknowledged_with_200_and_call_nothing() {
    let server = MockServer::start().await;
    let (url, mut outcomes) = start(&server, Policy::approve_all()).await;
    let listener = format!("{url}{LISTENER_PATH}");

    for (body, event) in [
        (r#"{"EventTypeID":2,"TimeStamp":"2018-10-27 09:33:00"}"#, 2),
        (r#"{"EventTypeID":3,"TimeStamp":"2018-10-27 09:33:00"}"#, 3),
        (r#"{"EventTypeID":11,"TimeStamp":"2018-10-27 09:33:00","CampaignID":1359,"CustomerID":"231342"}"#, 11),
        // A type added after this client was generated is still a notification.
        (r#"{"EventTypeID":14,"TimeStamp":"2018-10-27 09:33:00","CampaignID":1359}"#, 14),
    ] {
        let (status, _, _) = post(&listener, body).await;
        assert_eq!(status, 200, "{body}");
        let outcome = next(&mut outcomes).await;
        assert!(matches!(outcome, Outcome::Acknowledged { event_type_id: Some(e) } if e == event), "{outcome:?}");
    }
    // Event 13 without its ChannelID cannot be followed up, but it was received.
    let (status, _, _) = post(&listener, r#"{"EventTypeID":13,"CampaignID":1359}"#).await;
    assert_eq!(status, 200);
    assert!(matches!(next(&mut outcomes).await, Outcome::Skipped { event_type_id: 13, missing: "ChannelID" }));

    assert!(server.received_requests().await.expect("recording").is_empty());
}

#[tokio::test]
async fn bodies_that_are_not_notifications_get_400() {
    let server = MockServer::start().await;
    let (url, _outcomes) = start(&server, Policy::approve_all()).await;

    for body in ["not JSON", "{}", r#"{"TimeStamp":"2018-10-27 09:33:00"}"#, r#"{"EventTypeID":5,"ClearanceRequiredBy":"tomorrow"}"#] {
        assert_eq!(post(&format!("{url}{LISTENER_PATH}"), body).await.0, 400, "{body}");
    }
    assert_eq!(post(&format!("{url}{GATEWAY_PATH}"), r#"{"user":{"user_id":"231342"}}"#).await.0, 400);
    assert!(server.received_requests().await.expect("recording").is_empty());
}

#[tokio::test]
async fn the_gateway_answers_allowed_or_denied_as_json_without_calling_the_api() {
    let server = MockServer::start().await;
    let (url, mut outcomes) = start(&server, Policy::denying(["C984571".to_owned()])).await;
    let gateway = format!("{url}{GATEWAY_PATH}");

    let (status, content_type, body) = post(&gateway, &gateway_request("231342").to_string()).await;
    assert_eq!((status, content_type.as_deref()), (200, Some("application/json")));
    assert_eq!(serde_json::from_str::<Value>(&body).expect("JSON"), json!({"user_id": "231342", "allowed": true}));
    assert!(matches!(next(&mut outcomes).await, Outcome::GatewayDecision { allowed: true, ref campaign_id, .. } if campaign_id == "1359"));

    let (status, _, body) = post(&gateway, &gateway_request("C984571").to_string()).await;
    assert_eq!(status, 200);
    assert_eq!(serde_json::from_str::<Value>(&body).expect("JSON"), json!({"user_id": "C984571", "allowed": false}));
    assert!(matches!(next(&mut outcomes).await, Outcome::GatewayDecision { allowed: false, .. }));

    assert!(server.received_requests().await.expect("recording").is_empty());
}

#[tokio::test]
async fn register_points_the_listeners_and_the_gateway_at_the_public_url() {
    let server = MockServer::start().await;
    let listener_url = "https://www.exampleurl.com/optimove/events";
    for body in [
        json!({"EventTypeID": 1, "ListenerURL": listener_url}),
        json!({"EventTypeID": 4, "ListenerURL": listener_url}),
        json!({"EventTypeID": 11, "ListenerURL": listener_url}),
        json!({"EventTypeID": 13, "ListenerURL": listener_url, "ChannelID": 504}),
    ] {
        Mock::given(method("POST"))
            .and(path("/current/general/RegisterEventListener"))
            .and(body_json(body))
            .respond_with(ResponseTemplate::new(200))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("PUT"))
        .and(path("/triggered_conditional_execution_gateway"))
        .and(body_json(json!({"url": "https://www.exampleurl.com/optimove/gateway"})))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    let client = config::build_client(Some(API_KEY.into()), Some(server.uri())).expect("client");

    receiver::register(&client, "https://www.exampleurl.com/", &[504]).await.expect("registered");

    server.verify().await;
}
