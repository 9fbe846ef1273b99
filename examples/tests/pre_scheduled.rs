//! The pre-scheduled workflow against a fake Optimove API (wiremock on loopback): the EventTypeID 13
//! registration per channel, the campaign details, the customers streamed page by page, and the promo codes.
//! Responses are the catalog's samples (§4.7, §4.10, §6.11; the listener URL from §2.3, decoded).

use optimove_examples::config::{self, ConfigError};
use optimove_examples::optimove_client::{Client, serde_json};
use optimove_examples::pre_scheduled::{self, Plan};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

mod common;
use common::Paged;

/// Only checked to be sent; wiremock accepts any value.
const API_KEY: &str = "test-api-key";
const LISTENER_URL: &str = "http://www.exampleurl.com/eventlistener6";

fn client(server: &MockServer) -> Client {
    config::build_client(Some(API_KEY.into()), Some(server.uri())).expect("client")
}

fn campaign_details() -> serde_json::Value {
    serde_json::json!({"TargetGroupID": 15, "CampaignType": "Test/Control", "Duration": 7, "LeadTime": 3, "Notes": "",
        "IsMultiChannel": "false", "IsRecurrence": "false", "Status": "Successful", "Error": ""})
}

#[tokio::test]
async fn registers_per_channel_then_summarises_details_paged_customers_and_promo_codes() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/current/general/RegisterEventListener"))
        .and(header("X-API-KEY", API_KEY))
        .and(body_json(serde_json::json!({"EventTypeID": 13, "ListenerURL": LISTENER_URL, "ChannelID": 504})))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/current/actions/GetCampaignDetails"))
        .and(query_param("CampaignID", "1359"))
        .respond_with(ResponseTemplate::new(200).set_body_json(campaign_details()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/current/customers/GetCustomerSendDetailsByChannel"))
        .and(query_param("ChannelID", "504"))
        .and(query_param("CampaignID", "1359"))
        .and(query_param("$top", "1"))
        .and(header("X-API-KEY", API_KEY))
        .respond_with(Paged(vec![
            serde_json::json!({"CustomerID": "96134", "TemplateID": 14, "ScheduledTime": "2016-08-30 10:00:00", "CustomerAttributes": ["jdavis@aol.com", "US"]}),
            serde_json::json!({"CustomerID": "13482", "TemplateID": 14, "ScheduledTime": "2016-08-30 10:00:00", "CustomerAttributes": ["plsmits@gmail.com", "UK"]}),
        ]))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/current/actions/GetPromoCodesByCampaign"))
        .and(query_param("CampaignID", "1359"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
            {"RecipientGroupID": 1, "ActionID": 24, "PromoCode": "HEP-75-FEB"},
            {"RecipientGroupID": 2, "ActionID": 65, "PromoCode": "GDG-50-FRT"}
        ])))
        .expect(1)
        .mount(&server)
        .await;

    let plan = Plan { page_size: 1, ..Plan::from_inputs(Some("1359"), Some("504"), Some(LISTENER_URL.into())).expect("plan") };
    let summary = pre_scheduled::run(&client(&server), &plan).await.expect("workflow");

    assert_eq!(summary.campaign_id, 1359);
    assert_eq!(summary.details.status.as_deref(), Some("Successful"));
    assert_eq!(summary.details.is_multi_channel, Some(false));
    assert_eq!(summary.channels.len(), 1);
    let channel = &summary.channels[0];
    assert_eq!((channel.channel_id, channel.customers), (504, 2));
    assert_eq!(channel.templates.get(&14), Some(&2));
    assert_eq!(channel.first_send.map(|t| t.to_string()).as_deref(), Some("2016-08-30 10:00:00"));
    let codes: Vec<&str> = summary.promo_codes.iter().map(|p| p.promo_code.as_str()).collect();
    assert_eq!(codes, ["HEP-75-FEB", "GDG-50-FRT"]);
    assert_eq!(
        summary.to_string(),
        "Campaign 1359: Test/Control campaign, status Successful, target group 15, 7 day(s) with 3 day(s) lead time\n  \
         channel 504: 2 customer(s), template(s) 14 (2), sends 2016-08-30 10:00:00 to 2016-08-30 10:00:00\n  \
         promo codes: HEP-75-FEB (action 24, recipient group 1), GDG-50-FRT (action 65, recipient group 2)"
    );
    // A page size of 1 makes the stream walk the pages: one request per customer, then the empty page.
    let skips: Vec<String> = server
        .received_requests()
        .await
        .expect("recording")
        .iter()
        .filter(|r| r.url.path() == "/current/customers/GetCustomerSendDetailsByChannel")
        .filter_map(|r| r.url.query_pairs().find(|(k, _)| k == "$skip").map(|(_, v)| v.into_owned()))
        .collect();
    assert_eq!(skips, ["0", "1", "2"]);
    server.verify().await;
}

#[tokio::test]
async fn without_channels_the_campaign_details_name_them_and_nothing_is_registered() {
    let server = MockServer::start().await;
    let mut details = campaign_details();
    details["Channels"] = serde_json::json!([{"Id": 504}]);
    Mock::given(method("GET"))
        .and(path("/current/actions/GetCampaignDetails"))
        .respond_with(ResponseTemplate::new(200).set_body_json(details))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/current/customers/GetCustomerSendDetailsByChannel"))
        .and(query_param("ChannelID", "504"))
        .and(query_param("$top", "10000"))
        .respond_with(Paged(Vec::new()))
        .expect(1..)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/current/actions/GetPromoCodesByCampaign"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([])))
        .mount(&server)
        .await;

    let plan = Plan::from_inputs(Some("1359"), None, None).expect("plan");
    let summary = pre_scheduled::run(&client(&server), &plan).await.expect("workflow");

    assert_eq!(summary.channels.iter().map(|c| (c.channel_id, c.customers)).collect::<Vec<_>>(), [(504, 0)]);
    let requests = server.received_requests().await.expect("recording");
    assert!(requests.iter().all(|r| r.url.path() != "/current/general/RegisterEventListener"), "no listener URL, no registration");
    server.verify().await;
}

#[tokio::test]
async fn an_api_error_stops_the_workflow_before_any_further_call() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/current/actions/GetCampaignDetails"))
        .respond_with(ResponseTemplate::new(401))
        .mount(&server)
        .await;

    let plan = Plan::from_inputs(Some("1359"), Some("504"), None).expect("plan");
    let error = pre_scheduled::run(&client(&server), &plan).await.expect_err("401");

    assert_eq!(error.status(), Some(401));
    assert_eq!(server.received_requests().await.expect("recording").len(), 1);
}

#[test]
fn a_listener_url_needs_channels_to_register_on() {
    let error = Plan::from_inputs(Some("1359"), None, Some(LISTENER_URL.into())).expect_err("no channels");
    assert!(matches!(error, ConfigError::Missing(_)), "{error}");
    assert!(matches!(Plan::from_inputs(None, Some("504"), None), Err(ConfigError::Missing(_))));
    assert!(matches!(Plan::from_inputs(Some("Spring"), None, None), Err(ConfigError::Invalid { .. })));
}
