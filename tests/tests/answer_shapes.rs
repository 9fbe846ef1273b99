//! Every answer shape real servers are known to send for the operations whose answer Optimove
//! does not publish (UNCONFIRMED in the catalog) or that third-party clients and mocks report
//! differently decodes, over HTTP on loopback (wiremock). spec/README.md ("Answer shapes")
//! records the decision per operation; each operation's documentation names the shapes.

use futures::future::{BoxFuture, FutureExt};
use optimove_client::types::*;
use optimove_client::{Client, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};
use workspace_tests::workspace_root;

/// A call whose success value is dropped (the shapes tested here all decode to `()`).
type Call = BoxFuture<'static, Result<(), Error>>;

macro_rules! call {
    ($builder:expr) => {
        $builder.send().boxed()
    };
}

/// The operations documented as answering with no body, whose answer the catalog marks
/// UNCONFIRMED or reports as `{"ResponseCode":200}` (or `true`) from third-party sources.
fn empty_answer_operations(c: &Client) -> Vec<(&'static str, Call)> {
    let attribute_update = CustomerAttributesUpdateRequest::new(vec![CustomerAttributeUpdate::new("0192837821".into(), vec![AttributeValue::new("Country".into()).with_value(serde_json::json!("UK"))])]);
    vec![
        ("RegisterEventListener", call!(c.general().register_event_listener(EventListenerRegistration::new(EventTypeId::VALUE_13, "https://hooks.example.org/optimove".into()).with_channel_id(504)))),
        ("UnregisterEventListener", call!(c.general().unregister_event_listener(EventListenerUnregistration::new(EventTypeId::VALUE_13)))),
        ("AddCustomerAttribute", call!(c.customers().add_customer_attribute(NewCustomerAttribute::new("VIP_Level".into(), "VARCHAR(10)".into())))),
        ("UpdateCustomerAttributes", call!(c.customers().update_customer_attributes(attribute_update))),
        ("AddChannelTemplates", call!(c.integrations().add_channel_templates(504, vec![ChannelTemplate::new(1, "Welcome Back English".into())]))),
        ("DeleteChannelTemplates", call!(c.integrations().delete_channel_templates(vec![ChannelTemplateRef::new(504, 1)]))),
        ("AddChannelApps", call!(c.integrations().add_channel_apps(506, vec![ChannelApp::new("app123".into(), "Casino app".into())]))),
        ("DeleteChannelApps", call!(c.integrations().delete_channel_apps(vec![ChannelAppRef::new(506, "app123".into())]))),
        ("DeletePromotions", call!(c.integrations().delete_promotions(vec![PromoCodeRef::new("WB23".into())]))),
        #[allow(deprecated)]
        ("UpdateCampaignMetrics", call!(c.integrations().update_campaign_metrics(vec![CampaignMetric::new(15, 324, 8, CampaignMetricMetricId::VALUE_2, 1234.0)]))),
        ("AddTemplate", call!(c.optimail().add_template(OptimailTemplate::new().with_brand_id(4).with_template_name("Welcome".into())))),
        ("UpdateTemplate", call!(c.optimail().update_template(OptimailTemplate::new().with_brand_id(4).with_template_id(77)))),
        ("SetConditionalExecutionGateway", call!(c.conditional_execution().set_conditional_execution_gateway(ConditionalExecutionGatewaySettings::new("https://gateway.example.org/approval".into())))),
        ("UpdatePreferences", call!(c.preference_center().update_preferences("tenant-7", "1", "231342", vec![PreferenceTopic::new("t-1".into())]))),
    ]
}

/// The answers seen for "no payload" successes: nothing at all (`Content-Length: 0`), `true`,
/// and the `{"ResponseCode":200}` of third-party fixtures and mocks.
const EMPTY_ANSWERS: &[(&str, Option<&str>)] = &[("empty body", None), ("true", Some("true")), ("ResponseCode", Some(r#"{"ResponseCode":200}"#))];

async fn server_answering(body: Option<&str>) -> MockServer {
    let server = MockServer::start().await;
    let mut template = ResponseTemplate::new(200);
    if let Some(body) = body {
        template = template.set_body_raw(body.as_bytes().to_vec(), "application/json");
    }
    Mock::given(any()).respond_with(template).mount(&server).await;
    server
}

#[tokio::test]
async fn every_known_empty_answer_decodes() {
    let mut decoded = 0;
    for (shape, body) in EMPTY_ANSWERS {
        let server = server_answering(*body).await;
        let client = Client::builder().base_url(server.uri()).api_key("shape-test-key").build().expect("client builds");
        for (operation, call) in empty_answer_operations(&client) {
            call.await.unwrap_or_else(|e| panic!("{operation} with {shape}: {e}"));
            decoded += 1;
        }
        assert_eq!(server.received_requests().await.expect("recording").len(), 14, "{shape}: one request per operation");
    }
    assert_eq!(decoded, 14 * 3);
}

#[tokio::test]
async fn channel_template_details_decode_as_one_object_or_an_array() {
    let one = r#"{"TemplateID": 1, "TemplateName": "Welcome Back English", "Subject": "Hi"}"#;
    let several = r#"[{"TemplateID": 1, "TemplateName": "Welcome Back English"}, {"TemplateID": "2", "TemplateName": "Welcome Back Spanish"}]"#;
    for (body, expected_names) in [(one, vec!["Welcome Back English"]), (several, vec!["Welcome Back English", "Welcome Back Spanish"])] {
        let server = server_answering(Some(body)).await;
        let client = Client::builder().base_url(server.uri()).api_key("shape-test-key").build().expect("client builds");
        let answer = client.integrations().get_channel_template_details(504, 1).await.unwrap_or_else(|e| panic!("{body}: {e}"));
        let templates = match answer {
            ChannelTemplateDetailsAnswer::ChannelTemplateDetails(one) => vec![one],
            ChannelTemplateDetailsAnswer::Array(several) => several,
            other => panic!("{body}: decoded as an unknown shape {other:?}"),
        };
        let names: Vec<&str> = templates.iter().filter_map(|t| t.template_name.as_deref()).collect();
        assert_eq!(names, expected_names, "{body}");
    }
}

/// Each of these operations says in its documentation which answers it accepts.
#[test]
fn the_docs_of_each_operation_name_the_accepted_shapes() {
    let text = std::fs::read_to_string(workspace_root().join("spec/optimove.yaml")).expect("spec");
    let spec: serde_yaml::Value = serde_yaml::from_str(&text).expect("yaml");
    let mut descriptions = std::collections::BTreeMap::new();
    for (_, item) in spec["paths"].as_mapping().expect("paths") {
        for (_, op) in item.as_mapping().expect("path item") {
            if let (Some(id), Some(d)) = (op["operationId"].as_str(), op["description"].as_str()) {
                descriptions.insert(id.to_owned(), d.to_owned());
            }
        }
    }
    let client = Client::builder().base_url("http://127.0.0.1:9").build().expect("client builds");
    for (operation, _) in empty_answer_operations(&client) {
        let d = &descriptions[operation];
        assert!(d.contains("an empty body, `true`, `{\"ResponseCode\":200}`"), "{operation}: {d}");
    }
    let d = &descriptions["GetChannelTemplateDetails"];
    assert!(d.contains("one\nobject") || d.contains("one object"), "{d}");
    assert!(d.contains("an array of such objects"), "{d}");
}
