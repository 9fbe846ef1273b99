//! Round trips through the types generated from the OpenAPI 3.1 fixture
//! `tests/fixtures/openapi31_types.yaml` (crate `tests/openapi31-client`, kept fresh by
//! freshness.rs): nullable via type arrays, `const`, multi-type unions, `oneOf` with `null`,
//! and the payload of a top-level 3.1 webhook.

use openapi31_types_client::types::{Owner, Thing, ThingKind};
// The webhooks module names the payload types of the document's webhooks.
use openapi31_types_client::webhooks::Thing as ThingChangedPayload;
use serde_json::json;

/// `type: [string, "null"]`: absent, `null` and a value are three different states.
#[test]
fn nullable_through_a_type_array() {
    let absent: Thing =
        serde_json::from_value(json!({ "id": 1, "kind": "thing" })).expect("decodes");
    assert_eq!(absent.label, None);
    let null: Thing = serde_json::from_value(json!({ "id": 1, "kind": "thing", "label": null }))
        .expect("decodes");
    assert_eq!(null.label, Some(None));
    let set: Thing = serde_json::from_value(json!({ "id": 1, "kind": "thing", "label": "tag" }))
        .expect("decodes");
    assert_eq!(set.label, Some(Some("tag".to_owned())));
    assert_eq!(
        serde_json::to_value(&null).expect("encodes")["label"],
        json!(null)
    );
    assert!(
        serde_json::to_value(&absent)
            .expect("encodes")
            .get("label")
            .is_none(),
        "an absent value stays absent"
    );
    assert_eq!(
        serde_json::from_value::<Thing>(serde_json::to_value(&set).expect("encodes"))
            .expect("decodes"),
        set
    );
}

/// `const: thing` is a one-value enum that still keeps a value it does not know.
#[test]
fn const_is_a_one_value_enum() {
    let thing: Thing =
        serde_json::from_value(json!({ "id": 1, "kind": "thing" })).expect("decodes");
    assert_eq!(thing.kind, ThingKind::Thing);
    assert_eq!(
        serde_json::to_value(&thing).expect("encodes")["kind"],
        "thing"
    );
    let other: Thing =
        serde_json::from_value(json!({ "id": 1, "kind": "gadget" })).expect("decodes");
    assert_eq!(other.kind, ThingKind::Unknown("gadget".into()));
}

/// `type: [integer, string]` (and with `"null"`) takes either form.
#[test]
fn multi_type_unions_take_every_member() {
    let number: Thing =
        serde_json::from_value(json!({ "id": 1, "kind": "thing", "count_or_name": 5 }))
            .expect("an integer");
    assert_eq!(number.count_or_name.as_deref(), Some("5"));
    let name: Thing =
        serde_json::from_value(json!({ "id": 1, "kind": "thing", "count_or_name": "five" }))
            .expect("a string");
    assert_eq!(name.count_or_name.as_deref(), Some("five"));
    let nothing: Thing =
        serde_json::from_value(json!({ "id": 1, "kind": "thing", "maybe_count_or_name": null }))
            .expect("null");
    assert_eq!(nothing.maybe_count_or_name, None);
    assert!(
        serde_json::from_value::<Thing>(json!({ "id": 1, "kind": "thing", "count_or_name": [1] }))
            .is_err(),
        "a list is neither member"
    );
}

/// `oneOf: [$ref, {type: null}]` is an optional reference; a `$ref` with a description is the
/// referenced type.
#[test]
fn one_of_with_null_and_ref_with_siblings() {
    let thing: Thing = serde_json::from_value(
        json!({ "id": 2, "kind": "thing", "owner": { "name": "ann" }, "previous_owner": null }),
    )
    .expect("decodes");
    assert_eq!(thing.owner, Some(Owner::new("ann".into())));
    assert_eq!(thing.previous_owner, Some(None));
    let back = serde_json::to_value(&thing).expect("encodes");
    assert_eq!(back["owner"], json!({ "name": "ann" }));
    assert_eq!(back["previous_owner"], json!(null));
}

/// The payload of the document's top-level `webhooks` entry `thingChanged`.
#[test]
fn webhook_payloads_decode_and_encode() {
    let body = br#"{"id": 9, "kind": "thing", "label": "changed", "shade": "dark"}"#;
    let payload: ThingChangedPayload =
        serde_json::from_slice(body).expect("the webhook payload decodes");
    assert_eq!(payload.id, 9);
    let again: Thing =
        serde_json::from_value(serde_json::to_value(&payload).expect("encodes")).expect("decodes");
    assert_eq!(again, payload);
}
