//! Which ways each named type crosses the wire ([`Directions`]), so that emission derives
//! `Serialize` only for what the client sends and `Deserialize` only for what it receives.
//!
//! Sent: request bodies (every encoding) and parameters, and webhook replies (the receiver
//! answers with them). Received: success payloads, documented error bodies and webhook payloads.
//! Both spread to everything a type holds: fields, the extra-properties map, union variants,
//! alias targets, items, map values. A type no use reaches (declared only in `components`) is
//! taken as received: such schemas are mostly the server's own shapes (error bodies without a
//! schema reference, notifications documented apart), and decoding one with
//! `serde_json::from_slice` is what a caller can still do with it.

use crate::ir::{Api, Directions, Success, TypeRef};

/// Fills `directions` of every type of `api`; `error_bodies` are the types error responses name.
pub fn compute(api: &mut Api, error_bodies: &[TypeRef]) {
    let mut sent: Vec<&TypeRef> = Vec::new();
    let mut received: Vec<&TypeRef> = error_bodies.iter().collect();
    for op in api.groups.iter().flat_map(|g| &g.operations) {
        sent.extend(op.params.iter().map(|p| &p.ty));
        sent.extend(op.body.as_ref().map(|b| &b.ty));
        match &op.success {
            Success::Single(payload) => received.extend(payload.json_type()),
            Success::Enum { variants, .. } => received.extend(variants.iter().filter_map(|v| v.payload.json_type())),
        }
    }
    for hook in &api.webhooks {
        received.extend(&hook.request);
        sent.extend(&hook.reply);
    }
    let sent = api.reachable(sent);
    let received = api.reachable(received);
    for (i, def) in api.types.iter_mut().enumerate() {
        def.directions = Directions { sent: sent[i], received: received[i] || !sent[i] };
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::Directions;

    fn directions(spec: &str) -> Vec<(String, Directions)> {
        let doc = crate::parse(spec).expect("parses");
        let (api, _) = crate::to_ir(&doc);
        api.types.iter().map(|t| (t.name.clone(), t.directions)).collect()
    }

    const SENT: Directions = Directions { sent: true, received: false };
    const RECEIVED: Directions = Directions { sent: false, received: true };

    #[test]
    fn uses_spread_through_fields_items_variants_and_aliases() {
        let spec = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    post:
      operationId: addPet
      parameters:
        - {name: kind, in: query, schema: {$ref: "#/components/schemas/Kind"}}
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/NewPet"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}
        "400":
          description: bad
          content:
            application/json:
              schema: {type: object, properties: {detail: {$ref: "#/components/schemas/Problem"}}}
components:
  schemas:
    Kind: {type: string, enum: [cat, dog]}
    Tag: {type: object, properties: {name: {type: string}}}
    Tags: {type: array, items: {$ref: "#/components/schemas/Tag"}}
    NewPet:
      type: object
      properties:
        tags: {$ref: "#/components/schemas/Tags"}
        shape: {oneOf: [{$ref: "#/components/schemas/Kind"}, {type: integer}]}
    Pet:
      type: object
      properties:
        tags: {type: object, additionalProperties: {$ref: "#/components/schemas/Tag"}}
    Problem: {type: object, properties: {message: {type: string}}}
    Unused: {type: object, properties: {x: {type: string}}}
"##;
        let found = directions(spec);
        let of = |name: &str| found.iter().find(|(n, _)| n == name).map(|(_, d)| *d).unwrap_or_else(|| panic!("{name} in {found:?}"));
        assert_eq!(of("Kind"), SENT, "a parameter and a union variant of a body");
        assert_eq!(of("Tag"), Directions::BOTH, "an item of a sent alias and a map value of a response");
        assert_eq!(of("Tags"), SENT);
        assert_eq!(of("NewPet"), SENT);
        assert_eq!(of("Pet"), RECEIVED);
        assert_eq!(of("Problem"), RECEIVED, "named inside an error body");
        assert_eq!(of("Unused"), RECEIVED, "no use: decodable only");
    }

    #[test]
    fn a_receiver_decodes_webhook_payloads_and_encodes_its_replies() {
        let spec = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /subscribe:
    post:
      operationId: subscribe
      responses: {"204": {description: ok}}
      callbacks:
        onEvent:
          "{$request.query.url}":
            post:
              requestBody:
                content:
                  application/json:
                    schema: {$ref: "#/components/schemas/Event"}
              responses:
                "200":
                  description: ok
                  content:
                    application/json:
                      schema: {$ref: "#/components/schemas/Ack"}
components:
  schemas:
    Event: {type: object, properties: {id: {type: string}}}
    Ack: {type: object, properties: {ok: {type: boolean}}}
"##;
        let found = directions(spec);
        assert_eq!(found, vec![("Event".to_owned(), RECEIVED), ("Ack".to_owned(), SENT)]);
    }
}
