//! Error answers are described as the spec means them: the exact status, else its `4XX`/`5XX`
//! range, else `default`; a status none of them covers is reported as undocumented, never with
//! the text of another status. The client is tests/errors-client (generated from
//! tests/fixtures/errors.yaml), called over HTTP on loopback (wiremock).

use errors_client::{Client, Error, RetryPolicy};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Answers every request with `status` and a short body, and returns the client's error.
async fn answer(status: u16, call: impl AsyncFnOnce(&Client) -> Result<(), Error>) -> Box<errors_client::ResponseError> {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(ResponseTemplate::new(status).set_body_string("teapot says no")).mount(&server).await;
    // No retries: a 5xx of a GET would otherwise be repeated, which is not what is tested here.
    let client = Client::builder().base_url(server.uri()).retry(RetryPolicy::none()).build().expect("client builds");
    match call(&client).await {
        Err(Error::Status(response)) => response,
        other => panic!("{status}: expected Error::Status, got {other:?}"),
    }
}

#[tokio::test]
async fn an_exact_status_uses_its_own_entry() {
    let response = answer(404, async |c| c.errors().get_exact().await).await;
    assert_eq!((response.status, response.documented), (404, Some("No such thing.")));
    assert_eq!(response.body, b"teapot says no", "the body is kept");
    // An exact entry wins over the range that also covers it.
    let response = answer(404, async |c| c.errors().get_ranges().await).await;
    assert_eq!(response.documented, Some("No such thing."));
}

#[tokio::test]
async fn an_undocumented_status_says_so_instead_of_borrowing_the_400_text() {
    let response = answer(418, async |c| c.errors().get_exact().await).await;
    assert_eq!((response.status, response.documented), (418, None));
    let message = Error::Status(response).to_string();
    assert!(message.contains("418 (a status this operation does not document)"), "{message}");
    assert!(!message.contains("malformed"), "{message}");
    // 503 is not covered either (no 5XX, no default) on this operation.
    assert_eq!(answer(503, async |c| c.errors().get_exact().await).await.documented, None);
}

#[tokio::test]
async fn the_4xx_range_covers_client_errors_without_an_entry() {
    for status in [400, 418, 422, 499] {
        let response = answer(status, async |c| c.errors().get_ranges().await).await;
        assert_eq!(response.documented, Some("Some other client error."), "{status}");
    }
}

#[tokio::test]
async fn the_5xx_range_covers_server_errors() {
    for status in [500, 503, 599] {
        let response = answer(status, async |c| c.errors().get_ranges().await).await;
        assert_eq!(response.documented, Some("Some server error."), "{status}");
        let message = Error::Status(response).to_string();
        assert!(message.contains(&format!("{status} (Some server error.)")), "{message}");
    }
}

#[tokio::test]
async fn default_covers_what_no_entry_or_range_does() {
    assert_eq!(answer(400, async |c| c.errors().get_fallback().await).await.documented, Some("The request is malformed."));
    for status in [404, 418, 500, 302] {
        let response = answer(status, async |c| c.errors().get_fallback().await).await;
        assert_eq!(response.documented, Some("Anything else."), "{status}");
    }
}
