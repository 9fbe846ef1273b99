//! The payloads Optimove sends to our endpoints (the generated `webhooks` module) decode, and the reply
//! we send encodes to the documented JSON: every event-listener notification (EventTypeID 1, 2, 3, 4, 5,
//! 11, 13) and the conditional-execution gateway request and reply. A receiver only decodes payloads and
//! only encodes replies, so their types derive only that direction (issue 14).
//!
//! Samples: the listener notification bodies are not documented (catalog §1.8), so they are the spec's
//! examples, whose key names spec/README.md decides. The gateway request is the catalog's §1.8 sample
//! cleaned to valid JSON: comments dropped, type names ("string | number", "boolean") replaced by values.
//! The catalog gives no values for the gateway, so each value is a real one from another catalog sample
//! naming the same kind of thing (cited next to it).

use optimove_client::chrono::{NaiveDate, NaiveDateTime};
use optimove_client::serde_json::{self, Value, json};
use optimove_client::types::{
    CampaignCanceledNotification, CampaignChannelExecutedNotification, CampaignProcessedNotification, ConditionalCampaignOnHoldNotification,
    DailyCampaignsProcessedNotification, DailyProcessCompletedNotification, RealtimeTriggerNotification,
};
use optimove_client::webhooks::{ConditionalExecutionGatewayReply, ConditionalExecutionGatewayRequest, EventListenerNotification};
/// Decodes the sample as the type; evaluates to the decoded value for field checks. A macro rather than
/// a generic function because this crate has no direct `serde` dependency to name the bounds with.
macro_rules! decode {
    ($ty:ty, $sample:expr) => {{
        let sample: &Value = $sample;
        let decoded: $ty = serde_json::from_value(sample.clone()).unwrap_or_else(|e| panic!("{sample} does not decode: {e}"));
        decoded
    }};
}

/// The time every spec example of a notification carries.
fn sample_time(h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2018, 10, 27).and_then(|d| d.and_hms_opt(h, m, 0)).expect("valid time")
}

#[test]
fn campaign_processed_event_1() {
    let sample = json!({"EventTypeID": 1, "TimeStamp": "2018-10-27 09:33:00", "CampaignID": 1359});
    let EventListenerNotification::CampaignProcessedNotification(n) = decode!(EventListenerNotification, &sample) else { panic!("not event 1") };
    assert_eq!((n.event_type_id.0, n.time_stamp, n.campaign_id, n.channel_id), (1, Some(sample_time(9, 33)), Some(1359), None));
    // The variant type on its own reads the same body.
    assert_eq!(decode!(CampaignProcessedNotification, &sample), n);
}

#[test]
fn daily_campaigns_processed_event_2() {
    let sample = json!({"EventTypeID": 2, "TimeStamp": "2018-10-27 09:33:00"});
    let EventListenerNotification::DailyCampaignsProcessedNotification(n) = decode!(EventListenerNotification, &sample) else { panic!("not event 2") };
    assert_eq!((n.event_type_id.0, n.time_stamp), (2, Some(sample_time(9, 33))));
    assert_eq!(decode!(DailyCampaignsProcessedNotification, &sample), n);
}

#[test]
fn daily_process_completed_event_3() {
    let sample = json!({"EventTypeID": 3, "TimeStamp": "2018-10-27 09:33:00"});
    let EventListenerNotification::DailyProcessCompletedNotification(n) = decode!(EventListenerNotification, &sample) else { panic!("not event 3") };
    assert_eq!((n.event_type_id.0, n.time_stamp), (3, Some(sample_time(9, 33))));
    assert_eq!(decode!(DailyProcessCompletedNotification, &sample), n);
}

#[test]
fn campaign_canceled_event_4() {
    let sample = json!({"EventTypeID": 4, "TimeStamp": "2018-10-27 09:33:00", "CampaignID": 6574});
    let EventListenerNotification::CampaignCanceledNotification(n) = decode!(EventListenerNotification, &sample) else { panic!("not event 4") };
    assert_eq!((n.event_type_id.0, n.time_stamp, n.campaign_id), (4, Some(sample_time(9, 33)), Some(6574)));
    assert_eq!(decode!(CampaignCanceledNotification, &sample), n);
}

#[test]
fn conditional_campaign_on_hold_event_5_carries_the_deadline() {
    let sample = json!({"EventTypeID": 5, "TimeStamp": "2018-10-27 09:33:00", "CampaignID": 1359, "ClearanceRequiredBy": "2018-10-27 12:00:00"});
    let EventListenerNotification::ConditionalCampaignOnHoldNotification(n) = decode!(EventListenerNotification, &sample) else { panic!("not event 5") };
    assert_eq!(n.event_type_id.0, 5);
    assert_eq!(n.campaign_id, Some(1359));
    assert_eq!(n.time_stamp, Some(sample_time(9, 33)));
    assert_eq!(n.clearance_required_by, Some(sample_time(12, 0)));
    assert_eq!(decode!(ConditionalCampaignOnHoldNotification, &sample), n);
}

#[test]
fn realtime_trigger_event_11() {
    let sample = json!({"EventTypeID": 11, "TimeStamp": "2018-10-27 09:33:00", "CampaignID": 1359, "CustomerID": "231342"});
    let EventListenerNotification::RealtimeTriggerNotification(n) = decode!(EventListenerNotification, &sample) else { panic!("not event 11") };
    assert_eq!((n.event_type_id.0, n.campaign_id, n.customer_id.as_deref()), (11, Some(1359), Some("231342")));
    assert_eq!(decode!(RealtimeTriggerNotification, &sample), n);
}

#[test]
fn campaign_channel_executed_event_13() {
    let sample = json!({"EventTypeID": 13, "TimeStamp": "2018-10-27 09:33:00", "CampaignID": 1359, "ChannelID": 504});
    let EventListenerNotification::CampaignChannelExecutedNotification(n) = decode!(EventListenerNotification, &sample) else { panic!("not event 13") };
    assert_eq!((n.event_type_id.0, n.time_stamp, n.campaign_id, n.channel_id), (13, Some(sample_time(9, 33)), Some(1359), Some(504)));
    assert_eq!(decode!(CampaignChannelExecutedNotification, &sample), n);
}

#[test]
fn numeric_strings_in_notification_ids_decode_to_the_same_numbers() {
    // spec/README.md: listener IDs are lenient integers, in case a server sends them as strings.
    let lenient = json!({"EventTypeID": 13, "TimeStamp": "2018-10-27 09:33:00", "CampaignID": "1359", "ChannelID": "504"});
    let decoded: EventListenerNotification = serde_json::from_value(lenient).expect("decodes");
    let EventListenerNotification::CampaignChannelExecutedNotification(n) = &decoded else { panic!("not event 13") };
    assert_eq!((n.campaign_id, n.channel_id), (Some(1359), Some(504)));
}

#[test]
fn an_event_type_sent_as_a_string_selects_the_same_event() {
    // Lenient servers may quote every number, the event type included.
    let quoted = json!({"EventTypeID": "13", "CampaignID": "1359", "ChannelID": "504"});
    let decoded: EventListenerNotification = serde_json::from_value(quoted).expect("decodes");
    let EventListenerNotification::CampaignChannelExecutedNotification(n) = &decoded else { panic!("not event 13: {decoded:?}") };
    assert_eq!((n.event_type_id.0, n.campaign_id, n.channel_id), (13, Some(1359), Some(504)));
}

#[test]
fn an_event_type_this_client_does_not_know_is_kept_as_sent() {
    // The catalog says the EventTypeID list may continue after 13.
    let sample = json!({"EventTypeID": 14, "TimeStamp": "2018-10-27 09:33:00", "CampaignID": 1359});
    let EventListenerNotification::Other(value) = decode!(EventListenerNotification, &sample) else { panic!("an unknown type must not pick a variant") };
    assert_eq!(value, sample);
}

#[test]
fn a_notification_with_only_its_event_type_decodes() {
    // Only EventTypeID is documented as always present.
    let EventListenerNotification::DailyProcessCompletedNotification(n) = decode!(EventListenerNotification, &json!({"EventTypeID": 3})) else { panic!("not event 3") };
    assert_eq!(n.time_stamp, None);
}

/// Catalog §1.8 gateway payload, cleaned, with values from other catalog samples:
/// `user_id` "231342" is the catalog's sample CustomerID (§6.1, §6.2); `campaign.id` "1359" the CampaignID
/// of the conditional-execution sample (§8.12); `series_id` "428" a CampaignID of §6.1; action 24 with
/// promo code "HEP-FEB" from GetPromoCodes (§4.6), named with GetActionName's sample "10% summer bonus"
/// (§4.4); channel 1 "Silverpop" from GetExecutionChannels (§4.11); template 1 "Welcome Back English" from
/// GetChannelTemplates (§8.1). `notes` is empty as in every campaign sample (§4.9); no tag values appear
/// in the catalog, so `tags` is empty.
fn gateway_request() -> Value {
    json!({
        "user": {"user_id": "231342", "is_visitor": false},
        "campaign": {
            "id": "1359",
            "series_id": "428",
            "notes": "",
            "tags": [],
            "action": {
                "id": 24,
                "name": "10% summer bonus",
                "promo_codes": ["HEP-FEB"],
                "channels": [
                    {"id": 1, "name": "Silverpop", "brand_id": null, "templates": [{"id": 1, "name": "Welcome Back English"}]}
                ]
            }
        }
    })
}

#[test]
fn gateway_request_decodes_with_every_field() {
    let request = decode!(ConditionalExecutionGatewayRequest, &gateway_request());
    assert_eq!(request.user.user_id, "231342");
    assert_eq!(request.user.is_visitor, Some(false));
    assert_eq!(request.campaign.id, "1359");
    assert_eq!(request.campaign.series_id.as_deref(), Some("428"));
    assert_eq!(request.campaign.tags.as_deref(), Some(&[][..]));
    let action = &request.campaign.action;
    assert_eq!((action.id, action.name.as_deref()), (24, Some("10% summer bonus")));
    assert_eq!(action.promo_codes, Some(Some(vec!["HEP-FEB".to_owned()])));
    let channel = &action.channels[0];
    assert_eq!((channel.id, channel.name.as_deref()), (1, Some("Silverpop")));
    // `brand_id: null` stays distinguishable from an absent key.
    assert_eq!(channel.brand_id, Some(None));
    let template = &channel.templates.as_ref().and_then(Option::as_ref).expect("templates")[0];
    assert_eq!((template.id, template.name.as_deref()), (1, Some("Welcome Back English")));
}

#[test]
fn gateway_request_accepts_the_other_documented_forms() {
    // The catalog types the campaign IDs "string | number", `promo_codes` and `templates` as nullable;
    // `is_visitor` is lenient (spec/README.md). Values: customer "8D871", CampaignID 242, ActionID 19 and
    // ChannelID 504 from GetCustomerOneTimeActionsByCampaign (§6.6).
    let sample = json!({
        "user": {"user_id": "8D871", "is_visitor": "false"},
        "campaign": {
            "id": 242,
            "action": {"id": 19, "promo_codes": null, "channels": [{"id": 504, "templates": null}]}
        }
    });
    let request: ConditionalExecutionGatewayRequest = serde_json::from_value(sample).expect("decodes");
    assert_eq!(request.user.is_visitor, Some(false));
    assert_eq!(request.campaign.id, "242");
    assert_eq!(request.campaign.series_id, None);
    assert_eq!(request.campaign.action.promo_codes, Some(None));
    assert_eq!(request.campaign.action.channels[0].templates, Some(None));
    assert_eq!(request.campaign.action.channels[0].brand_id, None);
}

#[test]
fn gateway_reply_is_the_documented_json() {
    // Catalog §1.8: {"user_id": "string", "allowed": "boolean"}; `allowed` must be a JSON boolean.
    let allowed = ConditionalExecutionGatewayReply::new("231342".into(), true);
    assert_eq!(serde_json::to_value(&allowed).expect("encodes"), json!({"user_id": "231342", "allowed": true}));
    let denied = ConditionalExecutionGatewayReply::new("8D871".into(), false);
    assert_eq!(serde_json::to_string(&denied).expect("encodes"), r#"{"user_id":"8D871","allowed":false}"#);
}
