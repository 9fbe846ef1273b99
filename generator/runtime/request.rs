//! The one request builder of every operation: [`Request<Op>`] holds the call's state
//! (parameters encoded as they are set, body, deadline) and sends it; each operation is a
//! marker type whose [`Operation`] impl carries its static facts and how its answer decodes.

use super::client::{Body, Client, Part, PartValue};
use super::decode::Decoder;
use super::items::Items;
use super::encode::{self, ParamValue, ToParam};
use super::error::Error;
use super::{Location, OperationInfo};
use futures::stream::BoxStream;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::Duration;

/// One operation of the API, as the generated code describes it to [`Request`].
pub trait Operation: 'static {
    /// What a successful call returns.
    type Output: Send + 'static;
    /// Method, path, parameter table, security, retry class, documented errors.
    const INFO: &'static OperationInfo;
    /// Turns a 2xx answer into [`Operation::Output`].
    const DECODE: Decoder<Self::Output>;
    /// Decodes a 2xx answer while it arrives instead (a JSON list); `None` reads it whole first.
    const ITEMS: Items<Self::Output> = None;
}

/// An operation whose answer is one page of a list, fetched by an offset and a page size.
pub trait Paged: Operation {
    /// Which parameters page and the page size when none is set.
    const PAGING: Paging;
}

/// Offset paging of an operation: positions in [`OperationInfo::params`].
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    /// The parameter counting items to skip (`$skip`, `offset`).
    pub offset: usize,
    /// The parameter giving the page size (`$top`, `limit`).
    pub limit: usize,
    /// The page size when the caller sets none.
    pub default_limit: u64,
}

/// A parameter value ready for the wire.
#[derive(Clone)]
struct Encoded {
    value: ParamValue,
    /// Hidden from Debug output: a [`crate::Secret`], or a serialised value that may hold one.
    hidden: bool,
}

/// A request to one operation of the API, built by the method of the same name on a tag's
/// group (`client.customers().get_customers_by_action(..)`): set optional parameters with
/// the builder's methods, then `.send().await` it (or `.await` it directly).
///
/// Each operation's builder type (for example `api::customers::GetCustomersByAction`) is this
/// type for that operation; its page lists its own setters and what `send` returns.
#[must_use = "a request does nothing until it is sent"]
pub struct Request<Op> {
    call: Call,
    op: PhantomData<fn() -> Op>,
}

/// The state of one call. Kept apart from [`Request`] so that its helpers' names cannot clash
/// with a generated setter (every builder is a `Request`, and inherent names must be unique).
#[derive(Clone)]
struct Call {
    client: Client,
    deadline: Option<Duration>,
    /// By position in the operation's parameter table; `None` when not set.
    values: Vec<Option<Encoded>>,
    body: Option<Body>,
    has_idempotency_key: bool,
    /// The first value that could not be encoded, reported when the request is sent.
    invalid: Option<String>,
}

// Written by hand: a derive would require `Op: Clone`, and markers are never values.
impl<Op> Clone for Request<Op> {
    fn clone(&self) -> Self {
        Self { call: self.call.clone(), op: PhantomData }
    }
}

// Written by hand: values are already encoded, so secrets no longer print themselves as
// `[REDACTED]`; hidden values and the body (which may hold passwords) are never shown.
impl<Op: Operation> fmt::Debug for Request<Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Values<'a>(&'a [Option<Encoded>], &'static OperationInfo);
        impl fmt::Debug for Values<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let set = self.0.iter().zip(self.1.params).filter_map(|(v, p)| v.as_ref().map(|v| (p.name, v)));
                f.debug_map().entries(set.map(|(name, v)| (name, if v.hidden { &"[REDACTED]" as &dyn fmt::Debug } else { &v.value }))).finish()
            }
        }
        let body = self.call.body.as_ref().map(|b| match b {
            Body::Bytes { content_type, data } => format!("{content_type}, {} bytes", data.len()),
            Body::Multipart(parts) => format!("multipart/form-data, {} parts", parts.len()),
        });
        f.debug_struct("Request")
            .field("operation", &Op::INFO.id)
            .field("params", &Values(&self.call.values, Op::INFO))
            .field("body", &body)
            .field("deadline", &self.call.deadline)
            .field("client", &self.call.client)
            .finish()
    }
}

impl<Op: Operation> Request<Op> {
    pub(crate) fn new(client: &Client) -> Self {
        let call = Call { client: client.clone(), deadline: None, values: vec![None; Op::INFO.params.len()], body: None, has_idempotency_key: false, invalid: None };
        Self { call, op: PhantomData }
    }

    /// Total time budget of this call (every attempt and retry wait), replacing the client's
    /// [`crate::ClientBuilder::deadline`]. A retry whose wait would end after it is not made.
    pub fn deadline(mut self, budget: Duration) -> Self {
        self.call.deadline = Some(budget);
        self
    }

    /// Sends the request and decodes the answer (the operation's output type is named in the
    /// documentation of its builder).
    pub async fn send(self) -> Result<Op::Output, Error> {
        let (client, request) = self.call.finish(Op::INFO)?;
        match Op::ITEMS {
            None => (Op::DECODE)(Op::INFO, client.execute(request, None).await?),
            Some(start) => {
                let mut items = start();
                let response = client.execute(request, Some(items.sink())).await?;
                items.finish(Op::INFO, response)
            }
        }
    }

    /// Sets parameter `index` of the table to a value with a plain wire form.
    pub(crate) fn set<V: ToParam + ?Sized>(mut self, index: usize, value: &V) -> Self {
        self.call.store(index, Ok(value.to_param()), value.is_secret());
        self
    }

    /// Sets parameter `index` to a value sent as JSON text (a parameter with `content: application/json`).
    pub(crate) fn set_json<V: serde::Serialize>(mut self, index: usize, value: &V) -> Self {
        self.call.store(index, serde_json::to_string(value).map(ParamValue::Scalar).map_err(|e| e.to_string()), true);
        self
    }

    /// Sets parameter `index` to a structured value (object, union, map), flattened through JSON.
    pub(crate) fn set_serde<V: serde::Serialize>(mut self, index: usize, value: &V) -> Self {
        self.call.store(index, encode::from_serialize(value), true);
        self
    }

    /// A JSON body.
    pub(crate) fn json_body<B: serde::Serialize>(mut self, value: &B) -> Self {
        self.call.note_key(Op::INFO, value);
        match serde_json::to_vec(value) {
            Ok(data) => self.call.body = Some(Body::Bytes { content_type: "application/json", data }),
            Err(e) => self.call.fail(e.to_string()),
        }
        self
    }

    /// An `application/x-www-form-urlencoded` body of an object's fields.
    pub(crate) fn form_body<B: serde::Serialize>(mut self, value: &B) -> Self {
        self.call.note_key(Op::INFO, value);
        match encode::from_serialize(value) {
            Ok(fields) => {
                let mut form = String::new();
                encode::push_form(&mut form, fields);
                self.call.body = Some(Body::Bytes { content_type: "application/x-www-form-urlencoded", data: form.into_bytes() });
            }
            Err(message) => self.call.fail(message),
        }
        self
    }

    /// A body sent as it is, with its media type.
    pub(crate) fn bytes_body(mut self, content_type: &'static str, data: Vec<u8>) -> Self {
        self.call.body = Some(Body::Bytes { content_type, data });
        self
    }

    /// A text body with its media type.
    pub(crate) fn text_body(self, content_type: &'static str, text: impl Into<String>) -> Self {
        self.bytes_body(content_type, text.into().into_bytes())
    }

    /// A `multipart/form-data` body; `value` is the object the parts came from.
    pub(crate) fn multipart_body<B: serde::Serialize>(mut self, value: &B, parts: Parts) -> Self {
        self.call.note_key(Op::INFO, value);
        match parts.invalid {
            Some(message) => self.call.fail(message),
            None => self.call.body = Some(Body::Multipart(parts.parts)),
        }
        self
    }
}

impl Call {
    fn store(&mut self, index: usize, value: Result<ParamValue, String>, hidden: bool) {
        match (value, self.values.get_mut(index)) {
            (Ok(value), Some(slot)) => *slot = Some(Encoded { value, hidden }),
            (Ok(_), None) => self.fail(format!("parameter {index} is not in the operation's table")),
            (Err(message), _) => self.fail(message),
        }
    }

    fn fail(&mut self, message: String) {
        self.invalid.get_or_insert(message);
    }

    /// Whether a body makes repeating the call safe: it carries the operation's idempotency key.
    fn note_key<B: serde::Serialize>(&mut self, op: &OperationInfo, value: &B) {
        self.has_idempotency_key = op.idempotency_field.is_some_and(|field| encode::has_key(value, field));
    }

    /// The client and the wire request: the path filled in, query and headers in table order.
    fn finish(self, op: &'static OperationInfo) -> Result<(Client, super::client::Request), Error> {
        if let Some(message) = self.invalid {
            return Err(Error::InvalidRequest { operation: op.id, message });
        }
        let mut path = op.path.to_owned();
        let mut query = String::new();
        let mut headers = Vec::new();
        for (param, value) in op.params.iter().zip(self.values) {
            let Some(Encoded { value, .. }) = value else { continue };
            match param.location {
                Location::Path => encode::fill_path(&mut path, param.name, value),
                Location::Query => encode::push_query(&mut query, param.name, value, param.style),
                Location::Header => headers.push((param.name, encode::simple(value))),
                Location::Cookie => headers.push(("cookie", format!("{}={}", param.name, encode::simple(value)))),
            }
        }
        let request = super::client::Request { op, path, query, headers, body: self.body, has_idempotency_key: self.has_idempotency_key, deadline: self.deadline };
        Ok((self.client, request))
    }
}

impl<Op, T> Request<Op>
where
    Op: Paged<Output = Vec<T>>,
    T: Send + 'static,
{
    /// Streams every item across pages: the offset parameter advances by the page size (the
    /// builder's documentation names both, and the default size) until a page comes back
    /// short. At most one page is held in memory.
    pub fn into_stream(self) -> BoxStream<'static, Result<T, Error>> {
        let paging = Op::PAGING;
        let number = |index: usize| match self.call.values.get(index) {
            Some(Some(Encoded { value: ParamValue::Scalar(s), .. })) => s.parse::<i64>().ok(),
            _ => None,
        };
        let start = number(paging.offset).map_or(0, |v| v.max(0) as u64);
        let page_size = number(paging.limit).map_or(paging.default_limit, |v| v.max(1) as u64);
        super::paging::offset_stream(start, page_size, move |skip, top| self.clone().set(paging.offset, &skip).set(paging.limit, &top).send())
    }
}

impl<Op: Operation> IntoFuture for Request<Op> {
    type Output = Result<Op::Output, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// The parts of a `multipart/form-data` body, collected by generated code field by field.
#[derive(Debug, Default)]
pub struct Parts {
    parts: Vec<Part>,
    invalid: Option<String>,
}

impl Parts {
    /// A text field: strings as they are, other values as JSON.
    pub fn text<T: serde::Serialize>(&mut self, name: &str, value: &T) {
        match encode::part_text(value) {
            Ok(text) => self.parts.push(Part { name: name.to_owned(), value: PartValue::Text(text) }),
            Err(e) => {
                self.invalid.get_or_insert(e.to_string());
            }
        }
    }

    /// A file-like field.
    pub fn bytes(&mut self, name: &str, data: Vec<u8>) {
        self.parts.push(Part { name: name.to_owned(), value: PartValue::Bytes(data) });
    }
}

#[cfg(test)]
mod tests {
    use super::super::secret::Secret;
    use super::super::{ApiInfo, Param};
    use super::*;

    static API: ApiInfo = ApiInfo { user_agent: "test", schemes: &[], server_groups: &[], rate_limit: None };

    enum Search {}
    impl Operation for Search {
        type Output = ();
        const INFO: &'static OperationInfo = &OperationInfo {
            id: "search",
            path: "/items/{id}",
            params: &[Param::path("id"), Param::query("q"), Param::query_delimited("tags", ","), Param::header("X-Key")],
            ..OperationInfo::DEFAULT
        };
        const DECODE: Decoder<()> = super::super::decode::as_empty;
    }

    fn request() -> Request<Search> {
        Request::new(&Client::builder_for(&API).base_url("http://127.0.0.1:1").build().expect("client builds"))
    }

    #[test]
    fn values_go_out_in_table_order_whatever_order_they_were_set_in() {
        let built = request().set(2, &vec!["a", "b,c"]).set(1, "x y").set(3, &Secret::new("k")).set(0, "a/b").set(1, "last wins");
        let (_, wire) = built.call.finish(Search::INFO).expect("every value encodes");
        assert_eq!(wire.path, "/items/a%2Fb");
        assert_eq!(wire.query, "q=last%20wins&tags=a,b%2Cc");
        assert_eq!(wire.headers, vec![("X-Key", "k".to_owned())]);
    }

    #[test]
    fn debug_output_hides_secrets_serialised_values_and_the_body() {
        let built = request().set(3, &Secret::new("hunter2")).set(1, "visible").set_serde(2, &["hunter3"]).json_body(&serde_json::json!({ "password": "hunter4" }));
        let text = format!("{built:?}");
        for secret in ["hunter2", "hunter3", "hunter4"] {
            assert!(!text.contains(secret), "`{secret}` shown: {text}");
        }
        assert!(text.contains("visible") && text.contains("[REDACTED]") && text.contains("application/json, 22 bytes"), "{text}");
    }

    #[test]
    fn a_value_that_cannot_be_encoded_fails_when_sent() {
        let mut map = std::collections::BTreeMap::new();
        map.insert(vec![1], 2);
        let result = request().set_serde(2, &map).call.finish(Search::INFO);
        assert!(matches!(result, Err(Error::InvalidRequest { operation: "search", .. })), "{:?}", result.err());
    }
}
