//! Decodes response bodies into the documented types, with the JSON path of any failure.
//! The `as_*` functions have the [`Decoder`] shape an operation names as its `DECODE`.

use super::OperationInfo;
use super::client::RawResponse;
use super::error::Error;

/// How an operation turns a 2xx answer into its output (the `as_*` functions below, or a
/// generated closure choosing a success variant by status).
pub type Decoder<T> = fn(&'static OperationInfo, RawResponse) -> Result<T, Error>;

/// Decodes a JSON body into `T`.
pub fn json<T: serde::de::DeserializeOwned>(op: &'static OperationInfo, response: &RawResponse) -> Result<T, Error> {
    let failure = |path: String, message: String| Error::Decode { operation: op.id, status: response.status, path, message, body: response.body.clone() };
    if response.body.iter().all(u8::is_ascii_whitespace) {
        return Err(failure(".".into(), "the body is empty where JSON was expected".into()));
    }
    // The fast path decodes plainly; path tracking costs about 40% on large bodies, so it
    // only runs again on a body that failed, to say where.
    if let Ok(value) = serde_json::from_slice::<T>(&response.body) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(&response.body);
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(_) => match deserializer.end() {
            Err(e) => Err(failure(".".into(), format!("trailing data after the JSON value: {e}"))),
            // Unreachable in practice (the plain decode failed); report it as a root failure.
            Ok(()) => Err(failure(".".into(), "the body did not decode".into())),
        },
        // serde quotes the offending value, which may be a whole (huge) string: keep it bounded.
        Err(e) => Err(failure(e.path().to_string(), super::error::bounded(e.inner().to_string()) + &content_type_note(response))),
    }
}

/// Names the content type after a decode failure when it is not JSON (an HTML error page, say).
pub fn content_type_note(response: &RawResponse) -> String {
    let content_type = response.headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("none");
    if content_type.contains("json") { String::new() } else { format!(" (content type: {content_type})") }
}

/// A text body.
pub fn text(response: &RawResponse) -> String {
    String::from_utf8_lossy(&response.body).into_owned()
}

/// A JSON answer.
pub fn as_json<T: serde::de::DeserializeOwned>(op: &'static OperationInfo, response: RawResponse) -> Result<T, Error> {
    json(op, &response)
}

/// A text answer (invalid UTF-8 replaced).
pub fn as_text(_op: &'static OperationInfo, response: RawResponse) -> Result<String, Error> {
    Ok(text(&response))
}

/// A binary answer: the body itself, not copied.
pub fn as_bytes(_op: &'static OperationInfo, response: RawResponse) -> Result<Vec<u8>, Error> {
    Ok(response.body)
}

/// An answer without content: whatever body came is ignored.
pub fn as_empty(_op: &'static OperationInfo, _response: RawResponse) -> Result<(), Error> {
    Ok(())
}
