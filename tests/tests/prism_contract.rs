//! Contract test against Prism (pinned in package-lock.json): Prism mocks spec/optimove.yaml with
//! request validation on (`--errors`: a request that violates the spec is answered 4xx with an
//! `sl-violations` header), and the generated client calls every one of the spec's operations once,
//! with valid arguments, through `base_url`. Zero violations, and every answer (Prism's examples)
//! must decode. `cargo xtask test` installs Prism with `npm ci` first.

// Deprecated operations (Login, UpdateCampaignInteractions, UpdateCampaignMetrics) are part of the contract.
#![allow(deprecated)]

use workspace_tests::{day, at, strings};
use futures::future::{BoxFuture, FutureExt};
use optimove_client::chrono::DateTime;
use optimove_client::types::*;
use optimove_client::{Client, Error, Secret};
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};
use workspace_tests::workspace_root;

/// A running Prism; killed (and reaped) when dropped, also when the test panics.
struct Prism {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How long Node and the spec may take to load on a busy machine.
const READY_WITHIN: Duration = Duration::from_secs(90);

/// What Prism prints once its HTTP server is bound: `... Prism is listening on http://127.0.0.1:PORT`.
const LISTENING: &str = "Prism is listening on ";

impl Prism {
    /// Starts Prism on a port it chooses itself (`--port 0`), so no other process can hold it,
    /// and returns once Prism said where it listens AND answered a request with the spec's
    /// example: only this Prism, serving this spec, can pass that check.
    fn start() -> Self {
        let root = workspace_root();
        let bin = root.join("node_modules/.bin/prism");
        assert!(bin.exists(), "Prism is not installed: run `cargo xtask test` (it runs `npm ci`) or `npm ci`");
        let log = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-{}-{}.log", std::process::id(), NEXT_LOG.fetch_add(1, Ordering::Relaxed)));
        let mut child = Command::new(&bin)
            .args(["mock", "spec/optimove.yaml", "--host", "127.0.0.1", "--port", "0", "--errors"])
            .current_dir(&root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("prism starts");
        // Both streams are copied into the log by threads; stdout also reports the address.
        let (address_tx, address_rx) = mpsc::channel();
        let file = Arc::new(Mutex::new(File::create(&log).expect("log file")));
        let stdout = child.stdout.take().expect("piped stdout");
        let stderr = child.stderr.take().expect("piped stderr");
        copy_lines(stdout, Arc::clone(&file), Some(address_tx));
        copy_lines(stderr, file, None);
        let mut prism = Self { child, url: String::new(), log };
        prism.url = prism.wait_for_address(&address_rx);
        prism.wait_until_it_answers();
        prism
    }

    /// Waits for Prism's own "listening" line and returns the URL it names.
    fn wait_for_address(&mut self, address: &mpsc::Receiver<String>) -> String {
        let started = Instant::now();
        while started.elapsed() < READY_WITHIN {
            match address.recv_timeout(Duration::from_millis(200)) {
                Ok(url) => return url,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("Prism exited ({status}) before it listened:\n{}", self.log_text());
            }
        }
        panic!("Prism did not say it was listening within {READY_WITHIN:?} (or closed its output):\n{}", self.log_text());
    }

    /// Sends GetLastDataUpdate over a raw socket until Prism answers it with the spec's example.
    fn wait_until_it_answers(&mut self) {
        let started = Instant::now();
        let mut last = String::from("no answer yet");
        while started.elapsed() < READY_WITHIN {
            match probe(&self.url) {
                Ok(answer) if answer.starts_with("HTTP/1.1 200") && answer.contains(r#""Date":"2015-08-13""#) => return,
                Ok(answer) => last = answer.lines().next().unwrap_or_default().to_owned(),
                Err(e) => last = e.to_string(),
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("Prism exited ({status}) before it answered:\n{}", self.log_text());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("Prism at {} did not answer GetLastDataUpdate with the spec's example within {READY_WITHIN:?} (last: {last}):\n{}", self.url, self.log_text());
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

/// Numbers the log files of the Prisms one test binary starts.
static NEXT_LOG: AtomicUsize = AtomicUsize::new(0);

/// Copies a stream of Prism's into the shared log, line by line; the first "listening" line's
/// URL goes to `address`.
fn copy_lines(stream: impl Read + Send + 'static, log: Arc<Mutex<File>>, mut address: Option<mpsc::Sender<String>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Ok(mut file) = log.lock() {
                let _ = writeln!(file, "{line}");
            }
            if let Some(at) = line.find(LISTENING) {
                let url = line[at + LISTENING.len()..].trim().trim_end_matches('/').to_owned();
                if let Some(sender) = address.take() {
                    let _ = sender.send(url);
                }
            }
        }
    });
}

/// One plain HTTP/1.1 GET of GetLastDataUpdate; the whole answer as text.
fn probe(url: &str) -> std::io::Result<String> {
    let host = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host)?;
    stream.set_read_timeout(Some(Duration::from_secs(5)))?;
    write!(stream, "GET /current/general/GetLastDataUpdate HTTP/1.1\r\nHost: {host}\r\nX-API-KEY: readiness-probe\r\nAccept: application/json\r\nConnection: close\r\n\r\n")?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer)?;
    Ok(answer)
}

type Call = BoxFuture<'static, Result<(), Error>>;

/// Sends a call and keeps only whether it worked (the answer is decoded inside `send`).
macro_rules! call {
    ($builder:expr) => {
        $builder.send().map(|r| r.map(drop)).boxed()
    };
}

/// Every operation of the spec, with valid arguments (optional ones too, so their encoding is
/// validated), labelled with its operationId.
fn every_operation(c: &Client) -> Vec<(&'static str, Call)> {
    let date = day(2018, 5, 24);
    let attrs = || strings(&["Alias", "Country"]);
    let event = EngagementEvent::new("email_opened".into(), EngagementEventCategory::Metric, DateTime::parse_from_rfc3339("2024-05-24T10:30:00Z").expect("valid")).with_customer("231342".into());
    let finalized = FinalizedTransactionalMailRequest::new(99, vec![FinalizedRecipient::new("vivi@somedomain.com".into())])
        .with_from_email("news@lovley.com".into())
        .with_from_name("Lovely.com".into())
        .with_subject("Hot deals".into())
        .with_html("<p>html</p>".into())
        .with_attachments(vec![MailAttachment::new("SGVsbG8=".into(), "application/pdf".into(), "coupons.pdf".into())])
        .with_unique_message_id("87ba42c0-9431-4266-b808-01cf05867006".into());
    let transactional = TransactionalMailRequest::new(12, vec![TransactionalRecipient::new("vivi@somedomain.com".into()).with_personalizations(vec![Personalization::new("FIRST_NAME".into(), "Vivi".into())])])
        .with_schedule_time(at("2024-05-24 10:30:00"))
        .with_unique_message_id("m-1".into());
    vec![
        // General
        ("Login", call!(c.general().login(LoginRequest::new("api-user".into(), Secret::new("pa55word"))))),
        ("GetLastDataUpdate", call!(c.general().get_last_data_update())),
        ("RegisterEventListener", call!(c.general().register_event_listener(EventListenerRegistration::new(EventTypeId::VALUE_13, "https://hooks.example.org/optimove".into()).with_channel_id(504)))),
        ("UnregisterEventListener", call!(c.general().unregister_event_listener(EventListenerUnregistration::new(EventTypeId::VALUE_13).with_channel_id(504)))),
        ("GetRegisteredEventListeners", call!(c.general().get_registered_event_listeners())),
        // Model
        ("GetCustomerAttributeList", call!(c.model().get_customer_attribute_list())),
        ("GetLifecycleStageList", call!(c.model().get_lifecycle_stage_list())),
        ("GetMicrosegmentList", call!(c.model().get_microsegment_list())),
        ("GetMicrosegmentChangers", call!(c.model().get_microsegment_changers().start_date(day(2018, 5, 23)).end_date(date).customer_attributes(attrs()).customer_attributes_delimiter(",").top(100).skip(0))),
        // Actions
        ("GetAllActions", call!(c.actions().get_all_actions())),
        ("GetActionsByTargetGroup", call!(c.actions().get_actions_by_target_group(15, date))),
        ("GetActionID", call!(c.actions().get_action_id("10% summer bonus"))),
        ("GetActionName", call!(c.actions().get_action_name(25))),
        ("GetActionDetailsByTargetGroup", call!(c.actions().get_action_details_by_target_group(15, date))),
        ("GetPromoCodes", call!(c.actions().get_promo_codes(date))),
        ("GetPromoCodesByCampaign", call!(c.actions().get_promo_codes_by_campaign(221))),
        ("GetPromoCodesByTargetGroup", call!(c.actions().get_promo_codes_by_target_group(15, date))),
        ("GetExecutedCampaignDetails", call!(c.actions().get_executed_campaign_details(date))),
        ("GetCampaignDetails", call!(c.actions().get_campaign_details(221))),
        ("GetExecutionChannels", call!(c.actions().get_execution_channels())),
        ("GetExecutedCampaignsByChannel", call!(c.actions().get_executed_campaigns_by_channel(504, date))),
        ("GetExecutedCampaignChannelDetails", call!(c.actions().get_executed_campaign_channel_details(221, 504))),
        // Target Groups
        ("GetTargetGroupsByDate", call!(c.target_groups().get_target_groups_by_date(date))),
        ("GetTargetGroupID", call!(c.target_groups().get_target_group_id("Ireland VIPs"))),
        ("GetTargetGroupName", call!(c.target_groups().get_target_group_name(26))),
        ("GetTargetGroupDetails", call!(c.target_groups().get_target_group_details())),
        // Customers
        ("GetCurrentlyTargetedCustomers", call!(c.customers().get_currently_targeted_customers().top(10000).skip(0))),
        ("GetCanceledCampaignCustomers", call!(c.customers().get_canceled_campaign_customers(6574).top(500))),
        ("GetProcessedCampaignCustomers", call!(c.customers().get_processed_campaign_customers(6574).skip(500))),
        ("GetCustomerLastActionExecuted", call!(c.customers().get_customer_last_action_executed("231342"))),
        (
            "GetCustomerActionsByTargetGroup",
            call!(c.customers().get_customer_actions_by_target_group(15, date).channel_id(504).include_control_group(true).include_recipient_group_id(true).customer_attributes(attrs()).customer_attributes_delimiter(";").top(100).skip(100)),
        ),
        ("GetCustomerOneTimeActionsByCampaign", call!(c.customers().get_customer_one_time_actions_by_campaign(242).channel_id(504).include_control_group(false).customer_attributes(attrs()))),
        ("GetCustomerOneTimeActionsByDate", call!(c.customers().get_customer_one_time_actions_by_date(date).customer_attributes(attrs()).top(50))),
        ("GetCustomersByAction", call!(c.customers().get_customers_by_action(1, 49, date).customer_attributes(attrs()).customer_attributes_delimiter(",").top(10000).skip(20000))),
        ("GetCustomersActionEndedByDate", call!(c.customers().get_customers_action_ended_by_date(date).top(10))),
        ("GetCustomerSendDetailsByCampaign", call!(c.customers().get_customer_send_details_by_campaign(428).include_template_i_ds(true))),
        ("GetCustomerSendDetailsByChannel", call!(c.customers().get_customer_send_details_by_channel(504, 428).customer_attributes(attrs()))),
        ("GetCustomerExecutionDetailsByCampaign", call!(c.customers().get_customer_execution_details_by_campaign(428, 504).customer_attributes(attrs()).top(5000))),
        ("GetCustomerActionDetailsByDate", call!(c.customers().get_customer_action_details_by_date(date))),
        ("GetCustomerProductDetailsByDate", call!(c.customers().get_customer_product_details_by_date(date))),
        ("GetCustomerProductDetailsByCampaign", call!(c.customers().get_customer_product_details_by_campaign(428))),
        ("GetCustomerProductRecommendations", call!(c.customers().get_customer_product_recommendations().top(10))),
        ("GetCustomerFutureValues", call!(c.customers().get_customer_future_values().lifecycle_stage_id(vec![1, 2, 3]))),
        ("GetCustomersActivityEventAttributes", call!(c.customers().get_customers_activity_event_attributes().start_date(day(2018, 5, 1)).end_date(date))),
        ("GetCampaignInteractionCustomers", call!(c.customers().get_campaign_interaction_customers().channel_id(504).event_id(2).start_date(day(2018, 5, 1)).end_date(date))),
        ("GetCustomerChannelInteractions", call!(c.customers().get_customer_channel_interactions("841231").start_date(day(2018, 8, 19)).end_date(day(2018, 9, 19)).channel_id(7))),
        ("AddCustomerAttribute", call!(c.customers().add_customer_attribute(NewCustomerAttribute::new("VIP_Level".into(), "VARCHAR(10)".into()).with_default_value("Bronze".into()).with_callback_url("https://tenant.example.org/callback".into())))),
        (
            "UpdateCustomerAttributes",
            call!(c.customers().update_customer_attributes(
                CustomerAttributesUpdateRequest::new(vec![CustomerAttributeUpdate::new("0192837821".into(), vec![AttributeValue::new("Country".into()).with_value(serde_json::json!("UK"))])])
                    .with_callback_url("https://tenant.example.org/callback".into())
            )),
        ),
        ("GetCustomerAttributeChangers", call!(c.customers().get_customer_attribute_changers("OptimailUnsubscribed").customer_attributes(attrs()).top(100))),
        ("RemoveCustomerPII", call!(c.customers().remove_customer_pii(RemoveCustomerPiiRequest::new(strings(&["A8272", "A916537"]))))),
        ("GetTargetGroupChangers", call!(c.customers().get_target_group_changers().start_date(day(2018, 5, 1)).end_date(date).customer_attributes(attrs()))),
        // Value Segments
        ("GetValueSegments", call!(c.value_segments().get_value_segments())),
        ("GetValueSegmentID", call!(c.value_segments().get_value_segment_id("Diamond"))),
        ("GetValueSegmentName", call!(c.value_segments().get_value_segment_name(1))),
        ("GetCustomersByValueSegment", call!(c.value_segments().get_customers_by_value_segment(1, date).customer_attributes(attrs()).top(100))),
        ("GetValueSegmentChangers", call!(c.value_segments().get_value_segment_changers().start_date(day(2018, 5, 23)).end_date(date))),
        // Integrations
        ("GetChannelTemplates", call!(c.integrations().get_channel_templates(504))),
        ("GetChannelTemplateDetails", call!(c.integrations().get_channel_template_details(504, 1))),
        ("AddChannelTemplates", call!(c.integrations().add_channel_templates(504, vec![ChannelTemplate::new(1, "Welcome Back English".into()), ChannelTemplate::new(2, "Push".into()).with_app_id("app123".into())]))),
        ("DeleteChannelTemplates", call!(c.integrations().delete_channel_templates(vec![ChannelTemplateRef::new(504, 1)]))),
        ("AddChannelApps", call!(c.integrations().add_channel_apps(506, vec![ChannelApp::new("app123".into(), "Casino app".into())]))),
        ("DeleteChannelApps", call!(c.integrations().delete_channel_apps(vec![ChannelAppRef::new(506, "app123".into())]))),
        ("GetPromotions", call!(c.integrations().get_promotions())),
        ("AddPromotions", call!(c.integrations().add_promotions(vec![Promotion::new("WB23".into(), "Welcome back Promo".into())]))),
        ("DeletePromotions", call!(c.integrations().delete_promotions(vec![PromoCodeRef::new("WB23".into())]))),
        ("UpdateCampaignInteractions", call!(c.integrations().update_campaign_interactions(CampaignInteractionsUpdate::new(324, 15, day(2018, 6, 26), 8, 2, strings(&["A8272", "A916537"])).with_recipient_group_id(2).with_app_id("app123".into())))),
        (
            "UpdateCustomerPromotionStatus",
            call!(c.integrations().update_customer_promotion_status(PromotionStatusUpdate::new(at("2018-10-27 09:33:00"), 1359, vec![CustomerPromotionStatus::new("C234638".into(), true), CustomerPromotionStatus::new("C984571".into(), false)]))),
        ),
        ("SetCustomerChannelPreference", call!(c.integrations().set_customer_channel_preference(ChannelPreferenceUpdate::new(15, 2).with_customer_i_ds(strings(&["A8272"])).with_app_id("app123".into())))),
        ("UpdateCampaignMetrics", call!(c.integrations().update_campaign_metrics(vec![CampaignMetric::new(15, 324, 8, CampaignMetricMetricId::VALUE_2, 1234.0)]))),
        // Optimail
        ("GetUnsubscribers", call!(c.optimail().get_unsubscribers(4).start_date(day(2020, 3, 16)).end_date(day(2020, 3, 17)).top(10000).skip(0))),
        ("AddUnsubscribers", call!(c.optimail().add_unsubscribers(AddUnsubscribersRequest::new(4, strings(&["jdavis@aol.com", "plsmits@gmail.com"]))))),
        ("DeleteUnsubscribers", call!(c.optimail().delete_unsubscribers(DeleteUnsubscriberRequest::new(4).with_email_address("jdavis@aol.com".into())))),
        ("AddTemplate", call!(c.optimail().add_template(OptimailTemplate::new().with_brand_id(4).with_template_name("Welcome".into()).with_subject("Hi".into()).with_html("<p>Hello</p>".into())))),
        ("UpdateTemplate", call!(c.optimail().update_template(OptimailTemplate::new().with_brand_id(4).with_template_id(77).with_template_name("Welcome".into())))),
        // Transactional Mail
        ("SendTransactionalMail", call!(c.transactional_mail().send_transactional_mail(transactional))),
        ("SendFinalizedTransactionalMail", call!(c.transactional_mail().send_finalized_transactional_mail(finalized))),
        ("GetTemplateDetails", call!(c.transactional_mail().get_template_details())),
        // Conditional Execution
        ("SetConditionalExecutionGateway", call!(c.conditional_execution().set_conditional_execution_gateway(ConditionalExecutionGatewaySettings::new("https://gateway.example.org/optimove/approval".into())))),
        // Engagement Metrics
        (
            "SaveEngagementEvent",
            call!(c.engagement_metrics().save_engagement_event(SaveEngagementEventXOptimoveSignatureVersion::N1, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", EngagementEventPayload::Array(vec![event]))),
        ),
        // Customer Lists
        ("CreateCustomerList", call!(c.customer_lists().create_customer_list(CustomerListRequest::new("VIP list".into(), strings(&["231342", "943157"]))))),
        // OptiPromo
        ("CreatePromotion", call!(c.opti_promo().create_promotion(PromotionCreateRequest::new().with_promotion_id("summer-2024".into()).with_name("Summer".into()).with_description("Summer promotion".into())))),
        ("MergeAmountRewardTypes", call!(c.opti_promo().merge_amount_reward_types("acme", vec![AmountRewardType::new("EUR".into()).with_name("Euro".into())]))),
        ("MergeUnitRewardTypes", call!(c.opti_promo().merge_unit_reward_types("acme", vec![UnitRewardType::new("points".into()).with_name("Points".into())]))),
        // Preference Center
        ("GetPreferences", call!(c.preference_center().get_preferences("tenant-7", "1", "231342"))),
        ("UpdatePreferences", call!(c.preference_center().update_preferences("tenant-7", "1", "231342", vec![PreferenceTopic::new("t-1".into()).with_topic_name("News".into()).with_channel_subscription(vec![15, 504])]))),
    ]
}

/// The operationIds the spec defines.
fn spec_operation_ids() -> BTreeSet<String> {
    let text = std::fs::read_to_string(workspace_root().join("spec/optimove.yaml")).expect("spec exists");
    let spec: serde_yaml::Value = serde_yaml::from_str(&text).expect("spec is YAML");
    let paths = spec["paths"].as_mapping().expect("paths");
    paths
        .values()
        .flat_map(|item| item.as_mapping().into_iter().flat_map(|m| m.values()))
        .filter_map(|op| op.get("operationId").and_then(|id| id.as_str()).map(str::to_owned))
        .collect()
}

/// What went wrong with one call, with Prism's violations when it found any.
fn describe(error: &Error) -> String {
    let violations = match error {
        Error::Status(response) => response.headers.get("sl-violations").and_then(|v| v.to_str().ok()).map(|v| format!("\n    violations: {v}")),
        _ => None,
    };
    format!("{error}{}", violations.unwrap_or_default())
}

/// How many times the contract test runs, each against a Prism of its own:
/// `PRISM_CONTRACT_RUNS=20 cargo test -p workspace-tests --test prism_contract` proves the start-up
/// and readiness check are not flaky (the README quotes such a run).
fn runs() -> usize {
    std::env::var("PRISM_CONTRACT_RUNS").ok().and_then(|n| n.parse().ok()).filter(|n| *n > 0).unwrap_or(1)
}

#[tokio::test]
async fn every_operation_passes_prism_validation_and_decodes() {
    let runs = runs();
    for run in 1..=runs {
        let started = Instant::now();
        contract_run().await;
        if runs > 1 {
            println!("prism contract run {run} of {runs}: passed in {:.1?}", started.elapsed());
        }
    }
}

/// One Prism, every operation once, and the legacy login flow.
async fn contract_run() {
    let prism = Prism::start();
    let client = Client::builder().base_url(&prism.url).api_key("prism-contract-key").build().expect("client builds");

    let calls = every_operation(&client);
    let called: BTreeSet<String> = calls.iter().map(|(id, _)| (*id).to_owned()).collect();
    assert_eq!(called.len(), calls.len(), "each operation once");
    let spec_ids = spec_operation_ids();
    assert_eq!(spec_ids.len(), 85, "the spec's operation count");
    assert_eq!(called, spec_ids, "the test calls exactly the spec's operations");

    let mut failures = Vec::new();
    for (id, call) in calls {
        if let Err(error) = call.await {
            failures.push(format!("{id}: {}", describe(&error)));
        }
    }

    // The legacy flow as well: `.login()`, then a call that carries the token instead of the key.
    let legacy = Client::builder().base_url(&prism.url).login("api-user", "pa55word").build().expect("client builds");
    if let Err(error) = legacy.customers().get_customers_by_action(1, 49, day(2018, 5, 24)).send().await {
        failures.push(format!("GetCustomersByAction with a login token: {}", describe(&error)));
    }
    assert!(failures.is_empty(), "{} of 86 calls failed against Prism:\n{}\n--- prism log (tail) ---\n{}", failures.len(), failures.join("\n"), tail(&prism.log_text(), 40));
}

/// Prism must refuse what the spec forbids, or the test above would prove nothing.
#[tokio::test]
async fn prism_rejects_requests_that_break_the_spec() {
    let prism = Prism::start();
    let keyless = Client::builder().base_url(&prism.url).build().expect("client builds");
    // No credential: the client refuses before sending...
    let error = keyless.general().get_last_data_update().send().await.expect_err("no credential");
    assert!(matches!(error, Error::MissingCredentials { .. }), "{error:?}");
    // ...and a wrong signature header (not 64 hex digits) reaches Prism, which refuses it.
    let event = EngagementEvent::new("email_opened".into(), EngagementEventCategory::Metric, DateTime::parse_from_rfc3339("2024-05-24T10:30:00Z").expect("valid")).with_customer("1".into());
    let error = keyless.engagement_metrics().save_engagement_event(SaveEngagementEventXOptimoveSignatureVersion::N1, "not-a-signature", EngagementEventPayload::EngagementEvent(event)).send().await.expect_err("invalid header");
    match &error {
        Error::Status(response) => {
            assert!((400..500).contains(&response.status), "{}", describe(&error));
            let violations = response.headers.get("sl-violations").and_then(|v| v.to_str().ok()).unwrap_or_default();
            assert!(violations.contains("x-optimove-signature-content"), "{violations}");
        }
        other => panic!("expected a 4xx from Prism, got {other:?}"),
    }
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
