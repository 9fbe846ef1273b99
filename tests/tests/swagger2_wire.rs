//! Wire tests for the Swagger 2.0 conversions that change what goes on the wire: the client
//! generated from `tests/fixtures/swagger2_wire.yaml` (crate `tests/swagger2-client`, kept fresh
//! by freshness.rs) against a wiremock server on loopback. Each test checks the exact request
//! (method, path, raw query, headers, body) that the Swagger 2.0 document describes.

use serde_json::json;
use std::future::Future;
use swagger2_wire_client::types::{Item, LoginBody, UploadBody};
use swagger2_wire_client::{Client, Error};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Answers the one request `call` makes with `status`, `content_type` and `body`; returns the
/// call's result and the request as the server received it.
async fn exchange<T>(
    server: &MockServer,
    content_type: &str,
    body: &[u8],
    call: impl Future<Output = Result<T, Error>>,
) -> (T, wiremock::Request) {
    server.reset().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_raw(body.to_vec(), content_type))
        .mount(server)
        .await;
    let result = call.await;
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request");
    let request = requests.remove(0);
    (
        result.unwrap_or_else(|e| panic!("{} {} failed: {e}", request.method, request.url)),
        request,
    )
}

async fn client() -> (MockServer, Client) {
    let server = MockServer::start().await;
    let client = Client::builder()
        .base_url(format!("{}/v2", server.uri()))
        .build()
        .expect("client builds");
    (server, client)
}

fn header<'r>(request: &'r wiremock::Request, name: &str) -> Option<&'r str> {
    request
        .headers
        .get(name)
        .map(|v| v.to_str().expect("ASCII header"))
}

/// csv, ssv, tsv, pipes and multi on query parameters, csv on a header; a path parameter with
/// `collectionFormat: pipes` has no 3.0 style and is sent comma-separated (with a warning).
#[tokio::test]
async fn every_collection_format() {
    let (server, client) = client().await;
    let two = || vec!["a b".to_owned(), "c".to_owned()];
    let call = client
        .lists()
        .get_lists(vec![1, 2])
        .csv(two())
        .ssv(two())
        .tsv(two())
        .pipes(two())
        .multi(two())
        .x_tags(vec!["x".into(), "y".into()])
        .send();
    let (answer, request) = exchange(&server, "application/json", br#"{"seen":"yes"}"#, call).await;
    assert_eq!(answer.get("seen").map(String::as_str), Some("yes"));
    assert_eq!(request.url.path(), "/v2/lists/1,2");
    assert_eq!(
        request.url.query(),
        Some("csv=a%20b,c&ssv=a%20b%20c&tsv=a%20b%09c&pipes=a%20b|c&multi=a%20b&multi=c")
    );
    assert_eq!(header(&request, "x-tags"), Some("x,y"));
}

/// A body parameter is the JSON request body; per-operation `produces: [text/plain]` makes
/// the answer text.
#[tokio::test]
async fn body_parameter_and_per_operation_produces() {
    let (server, client) = client().await;
    let item = Item::new("chair".into()).with_note("blue".into());
    let (receipt, request) = exchange(
        &server,
        "text/plain",
        b"stored chair",
        client.items().put_item("7", item).send(),
    )
    .await;
    assert_eq!(receipt, "stored chair");
    assert_eq!(request.method.as_str(), "PUT");
    assert_eq!(request.url.path(), "/v2/items/7");
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&request.body).expect("JSON body"),
        json!({ "name": "chair", "note": "blue" })
    );
}

/// Per-operation `consumes`/`produces: [application/octet-stream]`: raw bytes both ways
/// (`type: file` in the response).
#[tokio::test]
async fn per_operation_consumes_bytes() {
    let (server, client) = client().await;
    let (back, request) = exchange(
        &server,
        "application/octet-stream",
        &[0, 1, 2, 255],
        client.items().post_raw(vec![9, 8, 7]).send(),
    )
    .await;
    assert_eq!(back, vec![0, 1, 2, 255]);
    assert_eq!(
        header(&request, "content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(request.body, vec![9, 8, 7]);
}

/// `in: formData` with `consumes: [application/x-www-form-urlencoded]`: an urlencoded body.
#[tokio::test]
async fn form_data_urlencoded() {
    let (server, client) = client().await;
    let body = LoginBody::new("ann marie".into())
        .with_remember(true)
        .with_tries(3);
    let ((), request) = exchange(
        &server,
        "text/plain",
        b"",
        client.forms().login(body).send(),
    )
    .await;
    assert_eq!(request.url.path(), "/v2/forms/login");
    assert_eq!(
        header(&request, "content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8(request.body.clone()).expect("text"),
        "user=ann%20marie&remember=true&tries=3"
    );
}

/// `in: formData` with a `type: file` parameter: a multipart body whose file part carries the bytes.
#[tokio::test]
async fn form_data_multipart_with_a_file() {
    let (server, client) = client().await;
    let body = UploadBody::new(b"PNG bytes".to_vec()).with_note("holiday".into());
    let (stored, request) = exchange(
        &server,
        "application/json",
        br#"{"name":"photo.png"}"#,
        client.forms().upload(body).send(),
    )
    .await;
    assert_eq!(stored.name, "photo.png");
    let content_type = header(&request, "content-type").expect("content type");
    assert!(
        content_type.starts_with("multipart/form-data; boundary="),
        "{content_type}"
    );
    let text = String::from_utf8_lossy(&request.body);
    assert!(text.contains("name=\"file\""), "{text}");
    assert!(text.contains("PNG bytes"), "{text}");
    assert!(
        text.contains("name=\"note\"") && text.contains("holiday"),
        "{text}"
    );
}
