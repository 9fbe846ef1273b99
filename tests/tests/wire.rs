//! Wire tests: the generated client against a real HTTP server on loopback (wiremock), for several
//! operations of every tag. Each exchange checks the exact request line (method, path, raw query with
//! its wire names), the credential headers and the JSON body, then the decoded answer. Responses are
//! the catalog's samples (../shared/optimove-api/CATALOG.md), cleaned into valid JSON where the
//! catalog says the page's own sample is not.

// Login, UpdateCampaignInteractions and UpdateCampaignMetrics are deprecated by the vendor and still
// part of the API: their wire format is tested like the rest.
#![allow(deprecated)]

use workspace_tests::{day, at, strings};
use optimove_client::types::*;
use optimove_client::{Client, Error, Secret};
use serde_json::{Value, json};
use std::future::Future;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

// Answers are only received, so their types have no constructors (the client never builds one, and a
// test that needs one decodes it): they are compared field by field, as tuples of every field.
fn customer_action(a: &CustomerAction) -> (&str, Option<i64>, i64, Option<i64>, Option<Vec<String>>) {
    (a.customer_id.as_str(), a.recipient_group_id, a.action_id, a.channel_id, a.customer_attributes.clone())
}

fn with_attributes(c: &CustomerWithAttributes) -> (&str, Option<Vec<String>>) {
    (c.customer_id.as_str(), c.customer_attributes.clone())
}

const KEY: &str = "wire-test-api-key";




/// One server and a client whose every operation goes to it.
struct Wire {
    server: MockServer,
    client: Client,
}

/// What the server received for one call.
struct Seen(wiremock::Request);

impl Wire {
    async fn start() -> Self {
        let server = MockServer::start().await;
        let client = Client::builder().base_url(server.uri()).api_key(KEY).build().expect("client builds");
        Self { server, client }
    }

    /// Answers the next request with `status` and `body` (JSON when given), runs `call`, and returns
    /// its result with the one request the server saw.
    async fn exchange<T>(&self, status: u16, body: Option<&str>, call: impl Future<Output = Result<T, Error>>) -> (Result<T, Error>, Seen) {
        self.server.reset().await;
        let mut template = ResponseTemplate::new(status);
        if let Some(body) = body {
            template = template.set_body_raw(body.as_bytes().to_vec(), "application/json");
        }
        Mock::given(any()).respond_with(template).mount(&self.server).await;
        let result = call.await;
        let mut requests = self.server.received_requests().await.expect("recording is on");
        assert_eq!(requests.len(), 1, "exactly one request per call");
        (result, Seen(requests.remove(0)))
    }

    /// Like [`Wire::exchange`] for a call that must succeed.
    async fn ok<T: std::fmt::Debug>(&self, body: Option<&str>, call: impl Future<Output = Result<T, Error>>) -> (T, Seen) {
        let (result, seen) = self.exchange(200, body, call).await;
        (result.unwrap_or_else(|e| panic!("{} failed: {e}", seen.line())), seen)
    }
}

impl Seen {
    /// `METHOD /path?query` exactly as it travelled.
    fn line(&self) -> String {
        let url = &self.0.url;
        match url.query() {
            Some(q) => format!("{} {}?{q}", self.0.method, url.path()),
            None => format!("{} {}", self.0.method, url.path()),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.0.headers.get(name).map(|v| v.to_str().expect("ASCII header"))
    }

    /// The request line, and the API key (and nothing else) as credential.
    fn expect(&self, line: &str) -> &Self {
        assert_eq!(self.line(), line);
        assert_eq!(self.header("x-api-key"), Some(KEY), "{line}: API key header");
        assert_eq!(self.header("authorization-token"), None, "{line}: no legacy token");
        assert_eq!(self.header("accept"), Some("application/json"), "{line}: accepts JSON");
        self
    }

    /// The JSON body (and its content type).
    fn json(&self) -> Value {
        assert_eq!(self.header("content-type"), Some("application/json"), "{}: JSON body", self.line());
        serde_json::from_slice(&self.0.body).unwrap_or_else(|e| panic!("{}: body is not JSON ({e})", self.line()))
    }

    fn no_body(&self) {
        assert!(self.0.body.is_empty(), "{}: no body expected", self.line());
    }
}

#[tokio::test]
async fn general() {
    let w = Wire::start().await;

    let (last, seen) = w.ok(Some(r#"{"Date": "2015-08-13"}"#), w.client.general().get_last_data_update().send()).await;
    seen.expect("GET /current/general/GetLastDataUpdate").no_body();
    assert_eq!(last.date, day(2015, 8, 13));

    // The catalog's fixture sends the listener URL already percent-encoded; it must travel as given.
    let registration = EventListenerRegistration::new(EventTypeId::VALUE_1, "http%3A%2F%2Fwww.exampleurl.com%2Feventlistener6".into());
    let ((), seen) = w.ok(None, w.client.general().register_event_listener(registration).send()).await;
    seen.expect("POST /current/general/RegisterEventListener");
    assert_eq!(seen.json(), json!({"EventTypeID": 1, "ListenerURL": "http%3A%2F%2Fwww.exampleurl.com%2Feventlistener6"}));

    let per_channel = EventListenerRegistration::new(EventTypeId::VALUE_13, "https://hooks.example.org/optimove".into()).with_channel_id(504);
    let ((), seen) = w.ok(Some(r#"{"ResponseCode":200}"#), w.client.general().register_event_listener(per_channel).send()).await;
    assert_eq!(seen.json(), json!({"EventTypeID": 13, "ListenerURL": "https://hooks.example.org/optimove", "ChannelID": 504}));

    let ((), seen) = w.ok(None, w.client.general().unregister_event_listener(EventListenerUnregistration::new(EventTypeId::VALUE_1)).send()).await;
    seen.expect("POST /current/general/UnregisterEventListener");
    assert_eq!(seen.json(), json!({"EventTypeID": 1}));

    let (listeners, seen) = w
        .ok(
            Some(r#"[{"EventTypeID": 13, "ListenerURL": "https://hooks.example.org/optimove", "ChannelID": "504"}, {"EventTypeID": 99, "ListenerURL": "https://x.example.org"}]"#),
            w.client.general().get_registered_event_listeners().send(),
        )
        .await;
    seen.expect("GET /current/general/GetRegisteredEventListeners");
    assert_eq!(listeners.len(), 2);
    assert_eq!(listeners[0].event_type_id, EventTypeId::VALUE_13);
    assert_eq!(listeners[0].channel_id, Some(504), "ChannelID sent as a numeric string");
    assert_eq!(listeners[1].event_type_id, EventTypeId(99), "unknown event types survive");
}

#[tokio::test]
async fn general_login_and_legacy_token() {
    let server = MockServer::start().await;
    let token = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIiwiaXNzIjoiaHR0cHM6Ly9vcHRpbW92ZS5hdXRoMC5jb20vIn0..9DuWvTdukFJbQXUS.";
    Mock::given(wiremock::matchers::path("/current/general/login"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(format!("\"{token}\""), "application/json"))
        .mount(&server)
        .await;
    Mock::given(wiremock::matchers::path("/current/model/GetLifecycleStageList"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(r#"[{"StageID":1,"StageName":"New"}]"#, "application/json"))
        .mount(&server)
        .await;

    // `.login(user, password)`: the login call carries the documented body and no credential header,
    // every later call the token in `Authorization-Token`.
    let client = Client::builder().base_url(server.uri()).login("api-user", "pa55word").build().expect("client builds");
    let stages = client.model().get_lifecycle_stage_list().send().await.expect("call succeeds");
    assert_eq!(stages[0].stage_name, "New");
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 2);
    assert_eq!((requests[0].method.as_str(), requests[0].url.path()), ("POST", "/current/general/login"));
    assert_eq!(requests[0].body_json::<Value>().expect("JSON"), json!({"Username": "api-user", "Password": "pa55word"}));
    assert!(requests[0].headers.get("authorization-token").is_none() && requests[0].headers.get("x-api-key").is_none());
    assert_eq!(requests[1].headers.get("authorization-token").map(|v| v.to_str().expect("ASCII")), Some(token));
    assert!(requests[1].headers.get("x-api-key").is_none());

    // A token configured directly travels the same way.
    server.reset().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(200).set_body_raw(r#"{"Date": "2015-08-13"}"#, "application/json")).mount(&server).await;
    let client = Client::builder().base_url(server.uri()).authorization_token("fixed-token").build().expect("client builds");
    client.general().get_last_data_update().send().await.expect("call succeeds");
    let requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests[0].headers.get("authorization-token").map(|v| v.to_str().expect("ASCII")), Some("fixed-token"));

    // The login operation itself is callable and returns the bare JSON string.
    let w = Wire::start().await;
    let (answer, seen) = w.ok(Some(&format!("\"{token}\"")), w.client.general().login(LoginRequest::new("api-user".into(), Secret::new("pa55word"))).send()).await;
    assert_eq!(seen.line(), "POST /current/general/login");
    assert_eq!(seen.header("x-api-key"), None, "Login is anonymous");
    assert_eq!(seen.json(), json!({"Username": "api-user", "Password": "pa55word"}));
    assert_eq!(answer, token);
}

#[tokio::test]
async fn model() {
    let w = Wire::start().await;

    let sample = r#"[{"RealFieldName": "Affiliate", "Description": "Acquisition affiliate"}, {"RealFieldName": "Age", "Description": "Customer age"}, {"RealFieldName": "Country", "Description": "Country of residence"}]"#;
    let (attributes, seen) = w.ok(Some(sample), w.client.model().get_customer_attribute_list().send()).await;
    seen.expect("GET /current/model/GetCustomerAttributeList").no_body();
    assert_eq!(attributes.iter().map(|a| a.real_field_name.as_str()).collect::<Vec<_>>(), ["Affiliate", "Age", "Country"]);
    assert_eq!(attributes[2].description.as_deref(), Some("Country of residence"));

    let sample = r#"[
  {"StageID":1,"StageName":"New"},
  {"StageID":2,"StageName":"Active"},
  {"StageID":3,"StageName":"FromChurn"},
  {"StageID":4,"StageName":"Churn"}
]"#;
    let (stages, seen) = w.ok(Some(sample), w.client.model().get_lifecycle_stage_list().send()).await;
    seen.expect("GET /current/model/GetLifecycleStageList");
    assert_eq!(stages.iter().map(|s| (s.stage_id, s.stage_name.as_str())).collect::<Vec<_>>(), [(1, "New"), (2, "Active"), (3, "FromChurn"), (4, "Churn")]);

    let sample = r#"[{"MicrosegmentID": 1, "MicrosegmentName": "DWag1-Europe-Winner", "LifecycleStageID": 1, "FutureValue": 870.55, "ChurnRate": 0.55}, {"MicrosegmentID": 2, "MicrosegmentName": "DWag2-US-Loser", "LifecycleStageID": 2, "FutureValue": 1065.10, "ChurnRate": 0.52}]"#;
    let (segments, seen) = w.ok(Some(sample), w.client.model().get_microsegment_list().send()).await;
    seen.expect("GET /current/model/GetMicrosegmentList");
    assert_eq!(segments[1].microsegment_name, "DWag2-US-Loser");
    assert_eq!((segments[1].lifecycle_stage_id, segments[1].future_value, segments[1].churn_rate), (Some(2), Some(1065.10), Some(0.52)));

    let sample = r#"[{"CustomerID": "231342", "InitialMicrosegmentID": 4, "FinalMicrosegmentID": 12, "CustomerAttributes": ["BuddyZZ", "UK"]}, {"CustomerID": "231342", "InitialMicrosegmentID": 3, "FinalMicrosegmentID": 67, "CustomerAttributes": ["Player99", "US"]}]"#;
    let call = w.client.model().get_microsegment_changers().start_date(day(2018, 5, 23)).end_date(day(2018, 5, 24)).customer_attributes(strings(&["Alias", "Country"])).top(500).skip(1000).send();
    let (changers, seen) = w.ok(Some(sample), call).await;
    seen.expect("GET /current/model/GetMicrosegmentChangers?StartDate=2018-05-23&EndDate=2018-05-24&CustomerAttributes=Alias;Country&$top=500&$skip=1000");
    assert_eq!((changers[1].initial_microsegment_id, changers[1].final_microsegment_id), (Some(3), Some(67)));
    assert_eq!(changers[0].customer_attributes, Some(strings(&["BuddyZZ", "UK"])));
}

#[tokio::test]
async fn actions() {
    let w = Wire::start().await;

    let (actions, seen) = w.ok(Some(r#"[{"ActionID": 1, "ActionName": "10% Bonus"}, {"ActionID": 2, "ActionName": "15% Bonus"}, {"ActionID": 3, "ActionName": "20% Bonus"}]"#), w.client.actions().get_all_actions().send()).await;
    seen.expect("GET /current/actions/GetAllActions");
    assert_eq!(actions.iter().map(|a| (a.action_id, a.action_name.as_str())).collect::<Vec<_>>(), [(1, "10% Bonus"), (2, "15% Bonus"), (3, "20% Bonus")]);

    let (groups, seen) = w.ok(Some(r#"[{"RecipientGroupID": 1, "ActionID": 23}, {"RecipientGroupID": 2, "ActionID": 27}]"#), w.client.actions().get_actions_by_target_group(15, day(2018, 5, 24)).send()).await;
    seen.expect("GET /current/actions/GetActionsByTargetGroup?TargetGroupID=15&Date=2018-05-24");
    assert_eq!(groups.iter().map(|g| (g.recipient_group_id, g.action_id)).collect::<Vec<_>>(), [(1, 23), (2, 27)]);

    // A name with a space and a percent sign is percent-encoded as one query component.
    let (id, seen) = w.ok(Some(r#"{"ActionID": 25}"#), w.client.actions().get_action_id("10% summer bonus").send()).await;
    seen.expect("GET /current/actions/GetActionID?ActionName=10%25%20summer%20bonus");
    assert_eq!(id.action_id, 25);

    let (name, seen) = w.ok(Some(r#"{"ActionName": "10% summer bonus"}"#), w.client.actions().get_action_name(25).send()).await;
    seen.expect("GET /current/actions/GetActionName?ActionID=25");
    assert_eq!(name.action_name, "10% summer bonus");

    let sample = r#"[{"CampaignID": 221, "TargetGroupID": 15, "CampaignType": "Test/Control", "Duration": 7, "LeadTime": 3, "Notes": "", "IsMultiChannel": "false", "IsRecurrence": "false", "Status": "Successful", "Error": ""}, {"CampaignID": 81, "TargetGroupID": 40, "CampaignType": "Test/Control", "Duration": 10, "LeadTime": 0, "Notes": "", "IsMultiChannel": "true", "IsRecurrence": "true", "Status": "Failed", "Error": "ESP unavailable"}]"#;
    let (campaigns, seen) = w.ok(Some(sample), w.client.actions().get_executed_campaign_details(day(2015, 12, 30)).send()).await;
    seen.expect("GET /current/actions/GetExecutedCampaignDetails?Date=2015-12-30");
    assert_eq!(campaigns.len(), 2);
    assert_eq!((campaigns[0].campaign_id, campaigns[0].is_multi_channel, campaigns[0].is_recurrence), (221, Some(false), Some(false)), "\"false\" strings decode as booleans");
    assert_eq!((campaigns[1].is_multi_channel, campaigns[1].status.as_deref(), campaigns[1].error.as_deref()), (Some(true), Some("Failed"), Some("ESP unavailable")));

    let sample = r#"{"TargetGroupID": 15, "CampaignType": "Test/Control", "Duration": 7, "LeadTime": 3, "Notes": "", "IsMultiChannel": "false", "IsRecurrence": "false", "Status": "Successful", "Error": ""}"#;
    let (details, seen) = w.ok(Some(sample), w.client.actions().get_campaign_details(221).send()).await;
    seen.expect("GET /current/actions/GetCampaignDetails?CampaignID=221");
    assert_eq!((details.target_group_id, details.duration, details.lead_time, details.is_multi_channel), (Some(15), Some(7), Some(3), Some(false)));
    assert_eq!(details.campaign_type.as_deref(), Some("Test/Control"));

    let (channels, seen) = w.ok(Some(r#"[{"ChannelID": 1, "ChannelName": "Silverpop"}, {"ChannelID": 2, "ChannelName": "ExactTarget"}, {"ChannelID": 3, "ChannelName": "Lobby Banner"}, {"ChannelID": 4, "ChannelName": "Call Center"}]"#), w.client.actions().get_execution_channels().send()).await;
    seen.expect("GET /current/actions/GetExecutionChannels");
    assert_eq!((channels[3].channel_id, channels[3].channel_name.as_str()), (4, "Call Center"));

    let (refs, seen) = w.ok(Some(r#"[{"CampaignID": 12}, {"CampaignID": 16}, {"CampaignID": "17"}, {"CampaignID": 19}]"#), w.client.actions().get_executed_campaigns_by_channel(504, day(2018, 5, 24)).send()).await;
    seen.expect("GET /current/actions/GetExecutedCampaignsByChannel?ChannelID=504&Date=2018-05-24");
    assert_eq!(refs.iter().map(|r| r.campaign_id).collect::<Vec<_>>(), [12, 16, 17, 19], "string IDs (seen from a mock) decode too");

    let sample = r#"[{"ListID": 12, "SendID": "YTGF3C", "TemplateID": 520, "ScheduledTime": "2015-12-30 08:00:00"}, {"TemplateID": 27, "ScheduledTime": "2016-08-23 16:00:00", "SendID": ""}, {"TemplateID": 1321, "ScheduledTime": "2016-08-23 18:00:00", "SendID": ""}]"#;
    let (sends, seen) = w.ok(Some(sample), w.client.actions().get_executed_campaign_channel_details(221, 504).send()).await;
    seen.expect("GET /current/actions/GetExecutedCampaignChannelDetails?CampaignID=221&ChannelID=504");
    assert_eq!((sends[0].list_id, sends[0].send_id.as_deref(), sends[0].template_id), (Some(12), Some("YTGF3C"), 520));
    assert_eq!(sends[0].scheduled_time, Some(at("2015-12-30 08:00:00")));
    assert_eq!((sends[1].list_id, sends[2].template_id), (None, 1321));

    let sample = r#"[{"TargetGroupID": 9, "RecipientGroupID": 1, "ActionID": 24, "PromoCode": "HEP-FEB"}, {"TargetGroupID": 9, "RecipientGroupID": 2, "ActionID": 25, "PromoCode": "HEP-FCC"}, {"TargetGroupID": 13, "RecipientGroupID": 1, "ActionID": 65, "PromoCode": "GDG-FAL"}]"#;
    let (codes, seen) = w.ok(Some(sample), w.client.actions().get_promo_codes(day(2016, 2, 1)).send()).await;
    seen.expect("GET /current/actions/GetPromoCodes?Date=2016-02-01");
    let code = &codes[2];
    assert_eq!((code.target_group_id, code.recipient_group_id, code.action_id, code.promo_code.as_str()), (13, 1, 65, "GDG-FAL"));
}

#[tokio::test]
async fn target_groups() {
    let w = Wire::start().await;

    let (groups, seen) = w.ok(Some(r#"[{"TargetGroupID": 9}, {"TargetGroupID": 24}, {"TargetGroupID": 31}, {"TargetGroupID": 36}]"#), w.client.target_groups().get_target_groups_by_date(day(2018, 5, 24)).send()).await;
    seen.expect("GET /current/groups/GetTargetGroupsByDate?Date=2018-05-24");
    assert_eq!(groups.iter().map(|g| g.target_group_id).collect::<Vec<_>>(), [9, 24, 31, 36]);

    let (id, seen) = w.ok(Some(r#"{"TargetGroupID": 26}"#), w.client.target_groups().get_target_group_id("Ireland VIPs Played Last 30 Days").send()).await;
    seen.expect("GET /current/groups/GetTargetGroupID?TargetGroupName=Ireland%20VIPs%20Played%20Last%2030%20Days");
    assert_eq!(id.target_group_id, 26);

    let (name, seen) = w.ok(Some(r#"{"TargetGroupName": "Ireland VIPs Played Last 30 Days"}"#), w.client.target_groups().get_target_group_name(26).send()).await;
    seen.expect("GET /current/groups/GetTargetGroupName?TargetGroupID=26");
    assert_eq!(name.target_group_name, "Ireland VIPs Played Last 30 Days");

    let (details, seen) = w.ok(Some(r#"[{"TargetGroupID": 1, "TargetGroupName": "New UK", "TargetGroupPriority": 1}, {"TargetGroupID": 2, "TargetGroupName": "New DE", "TargetGroupPriority": 2}]"#), w.client.target_groups().get_target_group_details().send()).await;
    seen.expect("GET /current/groups/GetTargetGroupDetails");
    assert_eq!((details[1].target_group_id, details[1].target_group_name.as_str(), details[1].target_group_priority), (2, "New DE", Some(2)));
}

#[tokio::test]
async fn customers() {
    let w = Wire::start().await;
    let customers = || w.client.customers();

    // The catalog's sample request and response, as on the reference page.
    let sample = r#"[
  {"CustomerID":"8D871","RecipientGroupID":1,"ActionID":19,"ChannelID":504,
   	"CustomerAttributes":["Yo999","UA"]},
  {"CustomerID":"8U76T","RecipientGroupID":1,"ActionID":19,"ChannelID":504,
   	"CustomerAttributes":["Neto2","TR"]}
]"#;
    let (rows, seen) = w.ok(Some(sample), customers().get_customer_one_time_actions_by_campaign(242).customer_attributes(strings(&["Alias", "Country"])).send()).await;
    seen.expect("GET /current/customers/GetCustomerOneTimeActionsByCampaign?CampaignID=242&CustomerAttributes=Alias;Country").no_body();
    assert_eq!(
        rows.iter().map(customer_action).collect::<Vec<_>>(),
        [("8D871", Some(1), 19, Some(504), Some(strings(&["Yo999", "UA"]))), ("8U76T", Some(1), 19, Some(504), Some(strings(&["Neto2", "TR"])))]
    );

    let sample = r#"[
	{"CustomerID":"8D871","ActionID":19,"ChannelID":504,"CustomerAttributes":["Yo999","UA"]},
	{"CustomerID":"8U76T","ActionID":19,"ChannelID":504,"CustomerAttributes":["Neto2","TR"]}
]"#;
    let call = customers().get_customer_one_time_actions_by_date(day(2018, 5, 24)).customer_attributes(strings(&["Alias", "Country"])).include_control_group(true).channel_id(504);
    let (rows, seen) = w.ok(Some(sample), call.send()).await;
    seen.expect("GET /current/customers/GetCustomerOneTimeActionsByDate?Date=2018-05-24&ChannelID=504&IncludeControlGroup=true&CustomerAttributes=Alias;Country");
    assert_eq!((rows[1].customer_id.as_str(), rows[1].action_id, rows[1].recipient_group_id), ("8U76T", 19, None));

    // An attribute name containing the delimiter is encoded, so it cannot split into two names.
    let sample = r#"[{"CustomerID": "231342", "CustomerAttributes": ["BuddyZZ", "UK"]}, {"CustomerID": "943157", "CustomerAttributes": "Pax65;DE"}]"#;
    let call = customers().get_customers_by_action(1, 49, day(2018, 5, 24)).customer_attributes(strings(&["Alias", "Country;Region"])).customer_attributes_delimiter(";").top(10000).skip(20000);
    let (rows, seen) = w.ok(Some(sample), call.send()).await;
    seen.expect("GET /current/customers/GetCustomersByAction?RecipientGroupID=1&ActionID=49&Date=2018-05-24&CustomerAttributes=Alias;Country%3BRegion&CustomerAttributesDelimiter=%3B&$top=10000&$skip=20000");
    assert_eq!(rows.iter().map(with_attributes).collect::<Vec<_>>(), [("231342", Some(strings(&["BuddyZZ", "UK"]))), ("943157", Some(strings(&["Pax65", "DE"])))], "a joined string decodes like the array");

    // The official sample has ActionID as a string; the fixture as a number. Both decode.
    let sample = r#"[{"CustomerID":"231342","ActionID":"4","PromoCode":"A7Bonus"},{"CustomerID":"463516","ActionID":4,"PromoCode":"A7Bonus,A9Bonus"}]"#;
    let (rows, seen) = w.ok(Some(sample), customers().get_canceled_campaign_customers(6574).send()).await;
    seen.expect("GET /current/customers/GetCanceledCampaignCustomers?CampaignID=6574");
    assert_eq!((rows[0].action_id, rows[1].action_id), (Some(4), Some(4)));
    assert_eq!(rows[1].promo_code, Some(Some("A7Bonus,A9Bonus".into())));

    let (last, seen) = w.ok(Some(r#"{"ActionID": 428, "Date": "2014-12-24", "Duration": 7, "TargetGroupID": 15}"#), customers().get_customer_last_action_executed("231342").send()).await;
    seen.expect("GET /current/customers/GetCustomerLastActionExecuted?CustomerID=231342");
    assert_eq!((last.action_id, last.date, last.duration, last.target_group_id), (Some(428), Some(day(2014, 12, 24)), Some(7), Some(15)));

    let sample = r#"[{"CustomerID": "A1342", "ActionID": 49, "ChannelID": 6, "CustomerAttributes": ["BuddyZZ", "UK"]}, {"CustomerID": "G4650", "ActionID": 49, "ChannelID": 6, "CustomerAttributes": ["Mighty6", "ES"]}]"#;
    let call = customers().get_customer_actions_by_target_group(15, day(2018, 5, 24)).include_control_group(false).include_recipient_group_id(true).customer_attributes(strings(&["Alias", "Country"]));
    let (rows, seen) = w.ok(Some(sample), call.send()).await;
    seen.expect("GET /current/customers/GetCustomerActionsByTargetGroup?TargetGroupID=15&Date=2018-05-24&IncludeControlGroup=false&IncludeRecipientGroupID=true&CustomerAttributes=Alias;Country");
    assert_eq!(customer_action(&rows[1]), ("G4650", None, 49, Some(6), Some(strings(&["Mighty6", "ES"]))));

    // LifecycleStageID is comma-joined (the OpenAPI default), unlike CustomerAttributes.
    let sample = r#"[
  {"CustomerID":"631942","FutureValue":342.65},
  {"CustomerID":"257938","FutureValue":102.33}
]"#;
    let (values, seen) = w.ok(Some(sample), customers().get_customer_future_values().lifecycle_stage_id(vec![1, 2, 3]).send()).await;
    seen.expect("GET /current/customers/GetCustomerFutureValues?LifecycleStageID=1,2,3");
    assert_eq!(values.iter().map(|v| (v.customer_id.as_str(), v.future_value)).collect::<Vec<_>>(), [("631942", 342.65), ("257938", 102.33)]);
    let (_, seen) = w.ok(Some("[]"), customers().get_customer_future_values().customer_attribute("Country").customer_attribute_value("Australia").send()).await;
    seen.expect("GET /current/customers/GetCustomerFutureValues?CustomerAttribute=Country&CustomerAttributeValue=Australia");

    let sample = r#"[{"Date":"2018-08-20","CampaignID":422,"RecipientGroupID":1,"ActionID":26,"ChannelID":7,"TemplateID":13,"EventID":2}]"#;
    let (interactions, seen) = w.ok(Some(sample), customers().get_customer_channel_interactions("841231").start_date(day(2018, 8, 19)).end_date(day(2018, 9, 19)).send()).await;
    seen.expect("GET /current/customers/GetCustomerChannelInteractions?CustomerID=841231&StartDate=2018-08-19&EndDate=2018-09-19");
    let first = &interactions[0];
    assert_eq!((first.date, first.campaign_id, first.channel_id, first.template_id, first.event_id), (Some(day(2018, 8, 20)), Some(422), Some(7), Some(13), Some(2)));

    let sample = r#"[
    {"CustomerID":"91342","InitialCustomerAttribute":null,"FinalCustomerAttribute":"SuperBrand",
     	"CustomerAttributes":["BuddyZZ","UK"]},
    {"CustomerID":"91343","InitialCustomerAttribute":"SuperBrand","FinalCustomerAttribute":"Super Brand, Mega Brand",
     	"CustomerAttributes":["Pax65","DE"]}
]"#;
    let (changes, seen) = w.ok(Some(sample), customers().get_customer_attribute_changers("OptimailUnsubscribed").customer_attributes(strings(&["Alias", "Country"])).send()).await;
    seen.expect("GET /current/customers/GetCustomerAttributeChangers?ChangedCustomerAttribute=OptimailUnsubscribed&CustomerAttributes=Alias;Country");
    assert_eq!(changes[0].initial_customer_attribute, Some(None), "null (new customer) is kept apart from absent");
    assert_eq!(changes[1].final_customer_attribute, Some(Some("Super Brand, Mega Brand".into())));

    let sample = r#"[{"CustomerID": "231342", "ChannelID": 4, "ScheduledTime": "2015-12-30 10:30:00", "SendID": "HG65D", "TemplateID": 12}, {"CustomerID": "917251", "ChannelID": 4, "ScheduledTime": "2015-12-30 11:45:00", "SendID": "HG65E", "TemplateID": 7}]"#;
    let (sends, seen) = w.ok(Some(sample), customers().get_customer_send_details_by_campaign(428).include_template_i_ds(true).send()).await;
    seen.expect("GET /current/customers/GetCustomerSendDetailsByCampaign?CampaignID=428&IncludeTemplateIDs=true");
    assert_eq!((sends[1].scheduled_time, sends[1].send_id.as_deref(), sends[1].template_id), (Some(at("2015-12-30 11:45:00")), Some("HG65E"), Some(7)));

    let body = RemoveCustomerPiiRequest::new(strings(&["A8272", "A916537", "A13521", "A286571", "A792414"]));
    let (result, seen) = w.ok(Some(r#"{"FailedCustomerIDs":["A8272","A792414"]}"#), customers().remove_customer_pii(body).send()).await;
    seen.expect("POST /current/customers/RemoveCustomerPII");
    assert_eq!(seen.json(), json!({"CustomerIDs":["A8272","A916537","A13521","A286571","A792414"]}));
    assert_eq!(result.failed_customer_i_ds, strings(&["A8272", "A792414"]));

    let body = NewCustomerAttribute::new("VIP_Level".into(), "VARCHAR(10)".into()).with_default_value("Bronze".into()).with_callback_url("https://tenantname.requestcatcher.com/test".into());
    let ((), seen) = w.ok(None, customers().add_customer_attribute(body).send()).await;
    seen.expect("POST /current/customers/AddCustomerAttribute");
    assert_eq!(seen.json(), json!({"Name":"VIP_Level","Type":"VARCHAR(10)","DefaultValue":"Bronze","CallbackURL":"https://tenantname.requestcatcher.com/test"}));

    let update = CustomerAttributeUpdate::new("0192837821".into(), vec![AttributeValue::new("Country".into()).with_value(json!("UK")), AttributeValue::new("Age".into()).with_value(json!(42))]);
    let body = CustomerAttributesUpdateRequest::new(vec![update]).with_callback_url("https://tenantname.requestcatcher.com/test".into());
    let ((), seen) = w.ok(None, customers().update_customer_attributes(body).send()).await;
    seen.expect("POST /current/customers/UpdateCustomerAttributes");
    assert_eq!(
        seen.json(),
        json!({"CustomerNewAttributesValuesList": [{"CustomerID": "0192837821", "Attributes": [{"RealFieldName": "Country", "Value": "UK"}, {"RealFieldName": "Age", "Value": 42}]}], "CallbackURL": "https://tenantname.requestcatcher.com/test"})
    );

    let sample = r#"[{"CustomerID": "231342", "InitialTargetGroupID": 4, "FinalTargetGroupID": 12}, {"CustomerID": "931342", "InitialTargetGroupID": -1, "FinalTargetGroupID": 8}]"#;
    let (changes, seen) = w.ok(Some(sample), customers().get_target_group_changers().start_date(day(2018, 5, 1)).end_date(day(2018, 5, 24)).send()).await;
    seen.expect("GET /current/customers/GetTargetGroupChangers?StartDate=2018-05-01&EndDate=2018-05-24");
    assert_eq!((changes[1].initial_target_group_id, changes[1].final_target_group_id), (Some(-1), Some(8)));
}

#[tokio::test]
async fn value_segments() {
    let w = Wire::start().await;
    let segments = || w.client.value_segments();

    let sample = r#"[{"ValueSegmentName": "Diamond", "ValueSegmentID": 1}, {"ValueSegmentName": "Gold", "ValueSegmentID": 2}, {"ValueSegmentName": "Silver", "ValueSegmentID": 3}, {"ValueSegmentName": "Bronze", "ValueSegmentID": 4}]"#;
    let (all, seen) = w.ok(Some(sample), segments().get_value_segments().send()).await;
    seen.expect("GET /current/segments/GetValueSegments");
    assert_eq!((all[0].value_segment_id, all[0].value_segment_name.as_str()), (1, "Diamond"));
    assert_eq!(all.len(), 4);

    let (id, seen) = w.ok(Some(r#"{"ValueSegmentID": 1}"#), segments().get_value_segment_id("Diamond").send()).await;
    seen.expect("GET /current/segments/GetValueSegmentID?ValueSegmentName=Diamond");
    assert_eq!(id.value_segment_id, 1);

    let (name, seen) = w.ok(Some(r#"{"ValueSegmentName": "Diamond"}"#), segments().get_value_segment_name(1).send()).await;
    seen.expect("GET /current/segments/GetValueSegmentName?ValueSegmentID=1");
    assert_eq!(name.value_segment_name, "Diamond");

    let sample = r#"[{"CustomerID": "AC7615", "CustomerAttributes": ["Robin777", "ES"]}, {"CustomerID": "FP8721", "CustomerAttributes": ["JollyPop", "UK"]}]"#;
    let (rows, seen) = w.ok(Some(sample), segments().get_customers_by_value_segment(1, day(2018, 5, 24)).customer_attributes(strings(&["Alias", "Country"])).top(2).send()).await;
    seen.expect("GET /current/segments/GetCustomersByValueSegment?ValueSegmentID=1&Date=2018-05-24&CustomerAttributes=Alias;Country&$top=2");
    assert_eq!(with_attributes(&rows[1]), ("FP8721", Some(strings(&["JollyPop", "UK"]))));

    let sample = r#"[{"CustomerID": "231342", "InitialValueSegmentID": 2, "FinalValueSegmentID": 3, "CustomerAttributes": ["BuddyZZ", "UK"]}, {"CustomerID": "931342", "InitialValueSegmentID": 1, "FinalValueSegmentID": 2, "CustomerAttributes": ["Pax65", "DE"]}]"#;
    let (changes, seen) = w.ok(Some(sample), segments().get_value_segment_changers().start_date(day(2018, 5, 23)).end_date(day(2018, 5, 24)).send()).await;
    seen.expect("GET /current/segments/GetValueSegmentChangers?StartDate=2018-05-23&EndDate=2018-05-24");
    assert_eq!((changes[1].initial_value_segment_id, changes[1].final_value_segment_id), (Some(1), Some(2)));
}

#[tokio::test]
async fn integrations() {
    let w = Wire::start().await;
    let integrations = || w.client.integrations();

    let (templates, seen) = w.ok(Some(r#"[{"TemplateID": 1, "TemplateName": "Welcome Back English"}, {"TemplateID": 2, "TemplateName": "Welcome Back Spanish"}]"#), integrations().get_channel_templates(504).send()).await;
    seen.expect("GET /current/integrations/GetChannelTemplates?ChannelID=504");
    assert_eq!(templates, vec![ChannelTemplate::new(1, "Welcome Back English".into()), ChannelTemplate::new(2, "Welcome Back Spanish".into())]);

    // ChannelID travels in the query string, the templates as the body array.
    let body = vec![ChannelTemplate::new(1, "Welcome Back English".into()), ChannelTemplate::new(2, "Welcome Back Spanish".into()).with_app_id("app123".into())];
    let ((), seen) = w.ok(Some(r#"{"ResponseCode":200}"#), integrations().add_channel_templates(504, body).send()).await;
    seen.expect("POST /current/integrations/AddChannelTemplates?ChannelID=504");
    assert_eq!(seen.json(), json!([{"TemplateID": 1, "TemplateName": "Welcome Back English"}, {"TemplateID": 2, "TemplateName": "Welcome Back Spanish", "AppID": "app123"}]));

    let ((), seen) = w.ok(None, integrations().delete_channel_templates(vec![ChannelTemplateRef::new(504, 2)]).send()).await;
    seen.expect("POST /current/integrations/DeleteChannelTemplates");
    assert_eq!(seen.json(), json!([{"ChannelID": 504, "TemplateID": 2}]));

    let ((), seen) = w.ok(None, integrations().add_channel_apps(506, vec![ChannelApp::new("app123".into(), "Casino app".into())]).send()).await;
    seen.expect("POST /current/integrations/AddChannelApps?ChannelID=506");
    assert_eq!(seen.json(), json!([{"AppID": "app123", "AppName": "Casino app"}]));

    let ((), seen) = w.ok(None, integrations().delete_channel_apps(vec![ChannelAppRef::new(506, "app123".into())]).send()).await;
    seen.expect("POST /current/integrations/DeleteChannelApps");
    assert_eq!(seen.json(), json!([{"ChannelID": 506, "AppID": "app123"}]));

    let (promotions, seen) = w.ok(Some(r#"[{"PromoCode": "WB23", "PromotionName": "Welcome back Promo"}, {"PromoCode": "NV10", "PromotionName": "New VIP 10% Discount"}]"#), integrations().get_promotions().send()).await;
    seen.expect("GET /current/integrations/GetPromotions");
    assert_eq!(promotions[1], Promotion::new("NV10".into(), "New VIP 10% Discount".into()));

    let body = vec![Promotion::new("WB23".into(), "Welcome back Promo".into()), Promotion::new("NV10".into(), "New VIP 10% Discount".into())];
    let ((), seen) = w.ok(None, integrations().add_promotions(body).send()).await;
    seen.expect("POST /current/integrations/AddPromotions");
    assert_eq!(seen.json(), json!([{"PromoCode":"WB23","PromotionName":"Welcome back Promo"},{"PromoCode":"NV10","PromotionName":"New VIP 10% Discount"}]));

    let ((), seen) = w.ok(None, integrations().delete_promotions(vec![PromoCodeRef::new("WB23".into())]).send()).await;
    seen.expect("POST /current/integrations/DeletePromotions");
    assert_eq!(seen.json(), json!([{"PromoCode": "WB23"}]));

    let body = CampaignInteractionsUpdate::new(324, 15, day(2018, 6, 26), 8, 2, strings(&["A8272", "A916537", "A13521", "A286571", "A792414"])).with_recipient_group_id(2).with_app_id("app123".into());
    let ((), seen) = w.ok(None, integrations().update_campaign_interactions(body).send()).await;
    seen.expect("POST /current/integrations/UpdateCampaignInteractions");
    assert_eq!(seen.json(), json!({"CampaignID":324,"ChannelID":15,"InteractionDate":"2018-06-26","TemplateID":8,"EventID":2,"RecipientGroupID":2,"CustomerIDs":["A8272","A916537","A13521","A286571","A792414"],"AppID":"app123"}));

    let body = PromotionStatusUpdate::new(at("2018-10-27 09:33:00"), 1359, vec![CustomerPromotionStatus::new("C234638".into(), true), CustomerPromotionStatus::new("C984571".into(), true)]);
    let ((), seen) = w.ok(None, integrations().update_customer_promotion_status(body).send()).await;
    seen.expect("POST /current/integrations/UpdateCustomerPromotionStatus");
    assert_eq!(seen.json(), json!({"TimeStamp":"2018-10-27 09:33:00","CampaignID":1359,"PromosUpdated":[{"CustomerID":"C234638","Status":true},{"CustomerID":"C984571","Status":true}]}));

    let body = ChannelPreferenceUpdate::new(15, 2).with_customer_i_ds(strings(&["A8272", "A916537", "A13521", "A286571", "A792414"])).with_app_id("app123".into());
    let ((), seen) = w.ok(None, integrations().set_customer_channel_preference(body).send()).await;
    seen.expect("POST /current/integrations/SetCustomerChannelPreference");
    assert_eq!(seen.json(), json!({"ChannelID":15,"CustomerIDs":["A8272","A916537","A13521","A286571","A792414"],"CommunicationMode":2,"AppID":"app123"}));

    let ((), seen) = w.ok(None, integrations().update_campaign_metrics(vec![CampaignMetric::new(15, 324, 8, CampaignMetricMetricId::VALUE_2, 1234.0)]).send()).await;
    seen.expect("POST /current/integrations/UpdateCampaignMetrics");
    assert_eq!(seen.json(), json!([{"ChannelID": 15, "CampaignID": 324, "TemplateID": 8, "MetricID": 2, "MetricValue": 1234.0}]));
}

#[tokio::test]
async fn optimail() {
    let w = Wire::start().await;
    let optimail = || w.client.optimail();

    // The page's sample has the times unquoted (invalid JSON); the quoted form is what decodes.
    let sample = r#"[{"Email":"jdavis@aol.com", "UnsubscribedTime":"2020-03-16 08:00:00"}, {"Email":"plsmits@gmail.com", "UnsubscribedTime":"2020-03-17 08:00:00"}]"#;
    let (rows, seen) = w.ok(Some(sample), optimail().get_unsubscribers(4).start_date(day(2020, 3, 16)).end_date(day(2020, 3, 17)).send()).await;
    seen.expect("GET /current/optimail/GetUnsubscribers?BrandID=4&StartDate=2020-03-16&EndDate=2020-03-17");
    assert_eq!((rows[1].email.as_str(), rows[1].unsubscribed_time), ("plsmits@gmail.com", Some(at("2020-03-17 08:00:00"))));

    let body = AddUnsubscribersRequest::new(4, strings(&["jdavis@aol.com", "plsmits@gmail.com"]));
    let (result, seen) = w.ok(Some(r#"{"Error":null}"#), optimail().add_unsubscribers(body).send()).await;
    seen.expect("POST /current/optimail/AddUnsubscribers");
    assert_eq!(seen.json(), json!({"BrandId": 4, "EmailAddresses": ["jdavis@aol.com", "plsmits@gmail.com"]}), "BrandId casing as documented");
    assert_eq!(result.error, Some(None));

    let (result, seen) = w.ok(Some(r#"{"Error":"Invalid email"}"#), optimail().delete_unsubscribers(DeleteUnsubscriberRequest::new(4).with_email_address("not-an-address".into())).send()).await;
    seen.expect("POST /current/optimail/DeleteUnsubscribers");
    assert_eq!(seen.json(), json!({"BrandId": 4, "EmailAddress": "not-an-address"}));
    assert_eq!(result.error, Some(Some("Invalid email".into())));

    let template = OptimailTemplate::new().with_brand_id(4).with_template_name("Welcome".into()).with_subject("Hi [%FIRST_NAME%]".into()).with_html("<p>Hello</p>".into());
    let ((), seen) = w.ok(None, optimail().add_template(template.clone()).send()).await;
    seen.expect("POST /current/optimail/AddTemplate");
    assert_eq!(seen.json(), json!({"BrandID": 4, "TemplateName": "Welcome", "Subject": "Hi [%FIRST_NAME%]", "Html": "<p>Hello</p>"}));

    let ((), seen) = w.ok(None, optimail().update_template(template.with_template_id(77)).send()).await;
    seen.expect("POST /current/optimail/UpdateTemplate");
    assert_eq!(seen.json()["TemplateID"], json!(77));
}

#[tokio::test]
async fn transactional_mail() {
    let w = Wire::start().await;
    let mail = || w.client.transactional_mail();

    let recipient = TransactionalRecipient::new("vivi@somedomain.com".into()).with_personalizations(vec![Personalization::new("FIRST_NAME".into(), "Vivi".into())]);
    let body = TransactionalMailRequest::new(12, vec![recipient]).with_schedule_time(at("2024-05-24 10:30:00")).with_unique_message_id("87ba42c0-9431-4266-b808-01cf05867006".into());
    let (answer, seen) = w.ok(Some(r#"{"IsSuccess":true,"SendID":235311,"Error":null}"#), mail().send_transactional_mail(body).send()).await;
    seen.expect("POST /current/transactionalmail/SendTransactionalMail");
    assert_eq!(
        seen.json(),
        json!({"TemplateID": 12, "ScheduleTime": "2024-05-24 10:30:00", "Recipients": [{"Email": "vivi@somedomain.com", "Personalizations": [{"Tag": "FIRST_NAME", "Value": "Vivi"}]}], "UniqueMessageID": "87ba42c0-9431-4266-b808-01cf05867006"})
    );
    assert!(answer.is_success);
    assert_eq!(answer.send_id, Some(Some(235311)));

    // The page's sample request (its "(optional)" marker removed), and its failure answer.
    let body = FinalizedTransactionalMailRequest::new(99, vec![FinalizedRecipient::new("vivi@somedomain.com".into()), FinalizedRecipient::new("tommy@somedomain.com".into())])
        .with_from_email("news@lovley.com".into())
        .with_from_name("Lovely.com".into())
        .with_reply_to("news@lovley.com".into())
        .with_subject("Check out today's hot deals!".into())
        .with_html("html content goes here".into())
        .with_plain_text("plain text content goes here".into())
        .with_attachments(vec![MailAttachment::new("/_Base64 Encoded Content_/".into(), "application/pdf".into(), "hotdealcoupons.pdf".into())])
        .with_unique_message_id("87ba42c0-9431-4266-b808-01cf05867006".into());
    let (answer, seen) = w.ok(Some(r#"{"IsSuccess":false,"SendID":null,"Error":"Invalid template"}"#), mail().send_finalized_transactional_mail(body).send()).await;
    seen.expect("POST /current/transactionalmail/SendFinalizedTransactionalMail");
    assert_eq!(
        seen.json(),
        json!({
            "BrandID":99, "FromEmail":"news@lovley.com", "FromName":"Lovely.com", "ReplyTo":"news@lovley.com",
            "Subject":"Check out today's hot deals!", "Html":"html content goes here", "PlainText":"plain text content goes here",
            "Recipients":[{"Email":"vivi@somedomain.com"},{"Email":"tommy@somedomain.com"}],
            "Attachments":[{"Content":"/_Base64 Encoded Content_/","Type":"application/pdf","FileName":"hotdealcoupons.pdf"}],
            "UniqueMessageID":"87ba42c0-9431-4266-b808-01cf05867006"
        })
    );
    assert!(!answer.is_success);
    assert_eq!((answer.send_id, answer.error), (Some(None), Some(Some("Invalid template".into()))));

    // The page's sample has a trailing comma (invalid JSON); this is it without.
    let sample = r#"[
	{"TemplateID":1, "TemplateName":"Welcome Back English", "TemplateContent":"Hi [%FIRST_NAME%], welcome back!", "TemplateAttributes":["Lovely","news@lovley.com","Welcome back!"]},
	{"TemplateID":2, "TemplateName":"Welcome Back Spanish", "TemplateContent":"¡Hola [%FIRST_NAME%], bienvenido de nuevo!", "TemplateAttributes":["Lovely","news@lovley.com","Bienvenido de nuevo!"]}
]"#;
    let (templates, seen) = w.ok(Some(sample), mail().get_template_details().send()).await;
    seen.expect("GET /current/transactionalmail/GetTemplateDetails");
    assert_eq!(templates[1].template_content.as_deref(), Some("¡Hola [%FIRST_NAME%], bienvenido de nuevo!"));
    assert_eq!(templates[0].template_attributes, Some(strings(&["Lovely", "news@lovley.com", "Welcome back!"])));
}

#[tokio::test]
async fn conditional_execution_engagement_metrics_and_customer_lists() {
    let w = Wire::start().await;

    let settings = ConditionalExecutionGatewaySettings::new("https://gateway.example.org/optimove/approval".into());
    let ((), seen) = w.ok(None, w.client.conditional_execution().set_conditional_execution_gateway(settings).send()).await;
    seen.expect("PUT /triggered_conditional_execution_gateway");
    assert_eq!(seen.json(), json!({"url": "https://gateway.example.org/optimove/approval"}));

    // saveEvent is signed, not keyed: the two signature headers and no API key.
    let timestamp = optimove_client::chrono::DateTime::parse_from_rfc3339("2024-05-24T10:30:00Z").expect("valid");
    let event = EngagementEvent::new("email_opened".into(), EngagementEventCategory::Metric, timestamp).with_customer("231342".into());
    let signature = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    let call = w.client.engagement_metrics().save_engagement_event(SaveEngagementEventXOptimoveSignatureVersion::N1, signature, EngagementEventPayload::Array(vec![event])).send();
    let ((), seen) = w.ok(None, call).await;
    assert_eq!(seen.line(), "POST /api/saveEvent");
    assert_eq!(seen.header("x-optimove-signature-version"), Some("1"));
    assert_eq!(seen.header("x-optimove-signature-content"), Some(signature));
    assert_eq!(seen.header("x-api-key"), None, "saveEvent carries no API key");
    let sent = seen.json();
    assert_eq!(sent[0]["event"], "email_opened");
    assert_eq!(sent[0]["category"], "metric");
    assert_eq!(sent[0]["customer"], "231342");
    let sent_time = optimove_client::chrono::DateTime::parse_from_rfc3339(sent[0]["timestamp"].as_str().expect("timestamp string")).expect("RFC 3339");
    assert_eq!(sent_time, timestamp);

    let body = CustomerListRequest::new("VIP list".into(), strings(&["string", "anotherstring"]));
    let sample = r#"{"target-group-id": 12345, "list-id": "string", "list-name": "string", "existed-customers": 1000, "non-existed-customers": ["string"]}"#;
    let (result, seen) = w.ok(Some(sample), w.client.customer_lists().create_customer_list(body).send()).await;
    seen.expect("POST /api/v2/target-group/customer-list");
    assert_eq!(seen.json(), json!({"list-name": "VIP list", "customers": ["string", "anotherstring"]}));
    assert_eq!(
        (result.target_group_id, result.list_id.as_str(), result.list_name.as_deref(), result.existed_customers, result.non_existed_customers),
        (12345, "string", Some("string"), Some(1000), Some(strings(&["string"])))
    );
}

#[tokio::test]
async fn opti_promo() {
    let w = Wire::start().await;

    let body = PromotionCreateRequest::new().with_promotion_id("summer-2024".into()).with_name("Summer".into());
    let (created, seen) = w.ok(Some(r#"{"promotionId": "summer-2024"}"#), w.client.opti_promo().create_promotion(body).send()).await;
    seen.expect("POST /v1/promotions");
    assert_eq!(seen.json(), json!({"promotionId": "summer-2024", "name": "Summer"}));
    assert_eq!(created.promotion_id, "summer-2024");

    // The tenant is a path segment: characters that would change the path are encoded.
    let ((), seen) = w.ok(None, w.client.opti_promo().merge_amount_reward_types("acme eu/1", vec![AmountRewardType::new("EUR".into()).with_name("Euro".into())]).send()).await;
    seen.expect("PATCH /v1/tenants/acme%20eu%2F1/amountRewardTypes");
    assert_eq!(seen.json(), json!([{"id": "EUR", "name": "Euro"}]));

    let ((), seen) = w.ok(None, w.client.opti_promo().merge_unit_reward_types("acme", vec![UnitRewardType::new("points".into())]).send()).await;
    seen.expect("PATCH /v1/tenants/acme/unitRewardTypes");
    assert_eq!(seen.json(), json!([{"id": "points"}]));
}

#[tokio::test]
async fn preference_center() {
    let w = Wire::start().await;

    let sample = r#"{"topics": [{"topicId": "t-1", "topicName": "News", "topicDescription": "Weekly news", "channelSubscription": [15, 504]}], "channels": [15, 504]}"#;
    let (preferences, seen) = w.ok(Some(sample), w.client.preference_center().get_preferences("tenant-7", "brand group 1", "231342").send()).await;
    seen.expect("GET /api/v1/preferences?brandGroupId=brand%20group%201&customerId=231342");
    assert_eq!(seen.header("x-tenant-id"), Some("tenant-7"));
    let topics = preferences.topics.expect("topics");
    assert_eq!((topics[0].topic_id.as_str(), topics[0].topic_name.as_deref(), topics[0].channel_subscription.clone()), ("t-1", Some("News"), Some(vec![15, 504])));
    assert_eq!(preferences.channels, Some(vec![15, 504]));

    let body = vec![PreferenceTopic::new("t-1".into()).with_channel_subscription(vec![15])];
    let ((), seen) = w.ok(None, w.client.preference_center().update_preferences("tenant-7", "1", "231342", body).send()).await;
    seen.expect("PUT /api/v1/preferences?brandGroupId=1&customerId=231342");
    assert_eq!(seen.header("x-tenant-id"), Some("tenant-7"));
    assert_eq!(seen.json(), json!([{"topicId": "t-1", "channelSubscription": [15]}]));
}

/// Operations the spec places on other hosts follow `base_url` unless their host is set on its own.
#[tokio::test]
async fn other_hosts_follow_their_own_base_url() {
    let main = MockServer::start().await;
    let tenants = MockServer::start().await;
    for server in [&main, &tenants] {
        Mock::given(any()).respond_with(ResponseTemplate::new(200)).mount(server).await;
    }
    let client = Client::builder().base_url(main.uri()).optipromo_tenants_region_base_url(format!("{}/", tenants.uri())).api_key(KEY).build().expect("client builds");
    client.opti_promo().merge_unit_reward_types("acme", vec![UnitRewardType::new("points".into())]).send().await.expect("call succeeds");
    client.opti_promo().create_promotion(PromotionCreateRequest::new()).send().await.ok();
    let on_tenants: Vec<String> = tenants.received_requests().await.expect("recording").iter().map(|r| r.url.path().to_owned()).collect();
    let on_main: Vec<String> = main.received_requests().await.expect("recording").iter().map(|r| r.url.path().to_owned()).collect();
    assert_eq!(on_tenants, ["/v1/tenants/acme/unitRewardTypes"]);
    assert_eq!(on_main, ["/v1/promotions"]);
}
