//! Decodes a JSON list answer item by item while its body arrives, instead of reading the whole
//! body first: reading overlaps decoding, a large list's body is never held whole beside its
//! decoded items, and the list's storage is sized once from `Content-Length` instead of
//! doubling (the freed halves of a doubling list are what makes glibc hand a large decode's
//! memory back to the system between calls, so every call paid page faults for it again).

use super::OperationInfo;
use super::client::RawResponse;
use super::error::Error;
use serde::de::DeserializeOwned;

/// Receives a 2xx body chunk by chunk as it arrives. Object safe, so that the request path
/// (retries, authentication, limits) stays one non-generic function.
pub trait BodySink: Send {
    /// A 2xx answer starts (a retry starts over); `declared` is its `Content-Length`.
    fn start(&mut self, declared: Option<u64>);
    /// The next bytes of the body.
    fn feed(&mut self, chunk: &[u8]);
}

/// A decoder fed while the body arrives, which gives the operation's output at the end.
pub trait Incremental<T>: Send {
    /// Where the body goes.
    fn sink(&mut self) -> &mut dyn BodySink;
    /// The output, once the whole body has arrived. `response` has the status and headers; its
    /// body is empty, the bytes went to [`Incremental::sink`].
    fn finish(self: Box<Self>, op: &'static OperationInfo, response: RawResponse) -> Result<T, Error>;
}

/// How an operation decodes its answer while it arrives: `None` reads the whole body first and
/// decodes it with the operation's `DECODE`.
pub type Items<T> = Option<fn() -> Box<dyn Incremental<T>>>;

/// The [`Items`] of an operation answering with a JSON list of `E`.
pub const fn list<E: DeserializeOwned + Send + 'static>() -> Items<Vec<E>> {
    Some(start_list::<E>)
}

fn start_list<E: DeserializeOwned + Send + 'static>() -> Box<dyn Incremental<Vec<E>>> {
    Box::new(List::<E> { body: Vec::new(), base: 0, pos: 0, at: At::Open, wait_until: 0, stalled: false, first_item: 0, items: Vec::new(), declared: None })
}

/// A body up to this size is kept whole, so that a failure reports exactly what a decode of the
/// whole body reports; past it the decoded part is let go.
const KEEP_WHOLE: usize = 1 << 20;

/// Room for chunks beyond [`KEEP_WHOLE`] in the buffer reserved up front.
const CHUNK_ROOM: usize = 512 << 10;

/// After this many items the list's length is estimated and its storage reserved.
const ESTIMATE_AFTER: usize = 64;

/// The largest body a `Content-Length` may make the estimate plan for (a server may claim anything).
const MAX_ESTIMATED_BODY: usize = 256 << 20;

/// Where the decoder is in the list's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// Before `[`.
    Open,
    /// After `[`: the first item or `]`.
    FirstOrClose,
    /// After an item: `,` or `]`.
    CommaOrClose,
    /// At an item.
    Item,
    /// After `]`: only whitespace may follow.
    Closed,
}

struct List<E> {
    /// The body from offset `base` on: all of it up to [`KEEP_WHOLE`], then what is not decoded yet.
    body: Vec<u8>,
    base: usize,
    /// The first byte of `body` not decoded yet.
    pos: usize,
    at: At,
    /// The next try waits until the body has this many bytes (an item that did not fit yet:
    /// waiting until the body doubles past it keeps a huge item from being parsed once per chunk).
    wait_until: usize,
    /// An item failed before the body was complete: the rest is only collected and decoded, or
    /// reported, at the end, when the item's bytes are surely all there.
    stalled: bool,
    /// Where the first item starts, for the length estimate.
    first_item: usize,
    items: Vec<E>,
    declared: Option<u64>,
}

impl<E: DeserializeOwned + Send> List<E> {
    /// Decodes what the body holds so far; `complete` once it has all arrived.
    fn advance(&mut self, complete: bool) {
        loop {
            while self.body.get(self.pos).is_some_and(|b| matches!(b, b' ' | b'\n' | b'\r' | b'\t')) {
                self.pos += 1;
            }
            let Some(&next) = self.body.get(self.pos) else { return };
            match self.at {
                At::Open if next == b'[' => {
                    self.pos += 1;
                    self.at = At::FirstOrClose;
                }
                At::FirstOrClose if next == b']' => {
                    self.pos += 1;
                    self.at = At::Closed;
                }
                At::FirstOrClose => {
                    self.first_item = self.base + self.pos;
                    self.at = At::Item;
                }
                At::CommaOrClose if next == b',' => {
                    self.pos += 1;
                    self.at = At::Item;
                }
                At::CommaOrClose if next == b']' => {
                    self.pos += 1;
                    self.at = At::Closed;
                }
                At::Item => {
                    let length = self.base + self.body.len();
                    if !complete && length < self.wait_until {
                        return;
                    }
                    let mut stream = serde_json::Deserializer::from_slice(&self.body[self.pos..]).into_iter::<E>();
                    match stream.next() {
                        // An item that ends where the bytes so far end may go on (a number).
                        Some(Ok(_)) if !complete && self.pos + stream.byte_offset() == self.body.len() => {
                            self.wait_until = length + 1;
                            return;
                        }
                        Some(Ok(item)) => {
                            self.pos += stream.byte_offset();
                            self.items.push(item);
                            self.at = At::CommaOrClose;
                            if self.items.len() == ESTIMATE_AFTER {
                                self.reserve();
                            }
                        }
                        Some(Err(e)) if !complete && e.is_eof() => {
                            self.wait_until = length + (self.body.len() - self.pos);
                            return;
                        }
                        _ => {
                            self.stalled = true;
                            return;
                        }
                    }
                }
                // Not a list, a missing comma, or something after the list.
                At::Open | At::CommaOrClose | At::Closed => {
                    self.stalled = true;
                    return;
                }
            }
        }
    }

    /// Reserves the list's storage for the items `Content-Length` leaves room for, at the size
    /// of the items so far, so that it is allocated once instead of doubling.
    fn reserve(&mut self) {
        let Some(declared) = self.declared else { return };
        let per_item = (self.base + self.pos - self.first_item) / self.items.len();
        let body = usize::try_from(declared).unwrap_or(usize::MAX).min(MAX_ESTIMATED_BODY);
        let estimate = body / per_item.max(1);
        // Never more item storage than twice the body's size: items as small as their text
        // would otherwise let an absurd estimate through.
        let cap = body.saturating_mul(2) / std::mem::size_of::<E>().max(1);
        let _ = self.items.try_reserve(estimate.min(cap).saturating_sub(self.items.len()));
    }

    /// The error for a list that did not decode, with the same path and message a decode of
    /// the whole body gives.
    fn failure(self, op: &'static OperationInfo, response: RawResponse) -> Result<Vec<E>, Error> {
        if self.base == 0 {
            // The whole body is here: decode it whole, for exactly the error that gives.
            return super::decode::json(op, &RawResponse { body: self.body, ..response });
        }
        let index = self.items.len();
        let offset = self.base + self.pos;
        let rest = &self.body[self.pos..];
        let (path, message) = match self.at {
            At::Item => {
                let mut deserializer = serde_json::Deserializer::from_slice(rest);
                match serde_path_to_error::deserialize::<_, E>(&mut deserializer) {
                    Err(e) => {
                        let inner = e.path().to_string();
                        let path = match inner.as_str() {
                            "." => format!("[{index}]"),
                            p if p.starts_with('[') => format!("[{index}]{p}"),
                            p => format!("[{index}].{p}"),
                        };
                        (path, format!("{} (positions counted from the start of item {index}, byte {offset} of the body)", super::error::bounded(e.inner().to_string())))
                    }
                    Ok(_) => (".".to_owned(), format!("expected `,` or `]` after item {index}, which starts at byte {offset} of the body")),
                }
            }
            At::Open | At::FirstOrClose | At::CommaOrClose if rest.is_empty() => (".".to_owned(), "the body ended before the list was closed".to_owned()),
            At::Open => (".".to_owned(), format!("expected a JSON list at byte {offset} of the body")),
            At::FirstOrClose | At::CommaOrClose => {
                let after = index.checked_sub(1).map_or_else(|| "`[`".to_owned(), |last| format!("item {last}"));
                (".".to_owned(), format!("expected `,` or `]` after {after} at byte {offset} of the body"))
            }
            At::Closed => (".".to_owned(), format!("trailing data after the JSON value at byte {offset} of the body")),
        };
        let message = message + &super::decode::content_type_note(&response);
        Err(Error::Decode { operation: op.id, status: response.status, path, message, body: rest.to_vec() })
    }
}

impl<E: DeserializeOwned + Send> BodySink for List<E> {
    fn start(&mut self, declared: Option<u64>) {
        let reserve = declared.map_or(0, |d| usize::try_from(d).unwrap_or(usize::MAX).min(KEEP_WHOLE + CHUNK_ROOM));
        self.body = Vec::with_capacity(reserve);
        (self.base, self.pos, self.at, self.wait_until, self.stalled, self.first_item) = (0, 0, At::Open, 0, false, 0);
        self.items = Vec::new();
        self.declared = declared;
    }

    fn feed(&mut self, chunk: &[u8]) {
        if !self.stalled && self.pos >= KEEP_WHOLE {
            // What is decoded is let go; only an unfinished item moves to the front.
            self.body.drain(..self.pos);
            self.base += self.pos;
            self.pos = 0;
        }
        self.body.extend_from_slice(chunk);
        if !self.stalled {
            self.advance(false);
        }
    }
}

impl<E: DeserializeOwned + Send> Incremental<Vec<E>> for List<E> {
    fn sink(&mut self) -> &mut dyn BodySink {
        self
    }

    fn finish(mut self: Box<Self>, op: &'static OperationInfo, response: RawResponse) -> Result<Vec<E>, Error> {
        // An item that failed while the body came may have lacked its end: try again on all of it.
        self.stalled = false;
        self.advance(true);
        if self.stalled || self.at != At::Closed {
            return self.failure(op, response);
        }
        let mut items = std::mem::take(&mut self.items);
        // An estimate that was too large gives back what it did not use.
        if items.capacity() - items.len() > items.len() / 8 + ESTIMATE_AFTER {
            items.shrink_to_fit();
        }
        Ok(items)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Row {
        id: u64,
        tags: Vec<String>,
    }

    static OP: OperationInfo = OperationInfo { id: "listRows", ..OperationInfo::DEFAULT };

    fn response() -> RawResponse {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::CONTENT_TYPE, reqwest::header::HeaderValue::from_static("application/json"));
        RawResponse { status: 200, headers, body: Vec::new() }
    }

    /// Feeds `body` in chunks of `chunk` bytes, as a server's packets would come.
    fn decode<E: DeserializeOwned + Send + 'static>(body: &[u8], chunk: usize, declared: bool) -> Result<Vec<E>, Error> {
        let mut list = (list::<E>().expect("a list decoder"))();
        list.sink().start(declared.then_some(body.len() as u64));
        for part in body.chunks(chunk.max(1)) {
            list.sink().feed(part);
        }
        list.finish(&OP, response())
    }

    fn whole<E: DeserializeOwned>(body: &[u8]) -> Result<Vec<E>, Error> {
        super::super::decode::json(&OP, &RawResponse { body: body.to_vec(), ..response() })
    }

    fn rows(count: usize) -> Vec<u8> {
        let items: Vec<String> = (0..count).map(|i| format!("{{\"id\": {i}, \"tags\": [\"t{i}\", \"x\"]}}")).collect();
        format!(" [\n{}\n] \n", items.join(",\n")).into_bytes()
    }

    #[test]
    fn every_chunking_decodes_what_a_whole_decode_gives() {
        for body in [rows(0), rows(1), rows(300), b"[1, 2 ,3]".to_vec()] {
            for chunk in [1, 2, 3, 7, 64, 4096, usize::MAX] {
                for declared in [false, true] {
                    if body.starts_with(b"[1") {
                        assert_eq!(decode::<u64>(&body, chunk, declared).unwrap(), whole::<u64>(&body).unwrap());
                    } else {
                        assert_eq!(decode::<Row>(&body, chunk, declared).unwrap(), whole::<Row>(&body).unwrap());
                    }
                }
            }
        }
    }

    #[test]
    fn a_number_split_across_chunks_is_read_whole() {
        assert_eq!(decode::<u64>(b"[12345,67890]", 3, false).unwrap(), vec![12345, 67890]);
        assert_eq!(decode::<u64>(b"[12345]", 2, true).unwrap(), vec![12345]);
    }

    /// A list past [`KEEP_WHOLE`], so that its decoded part is let go while it arrives.
    fn large(bad_at: Option<usize>) -> Vec<u8> {
        let mut body = rows(80_000);
        if let Some(i) = bad_at {
            let needle = format!("{{\"id\": {i}, \"tags\": [\"t{i}\"");
            let at = body.windows(needle.len()).position(|w| w == needle.as_bytes()).expect("row present");
            let value = format!("{{\"id\": {i}, \"tags\": [7");
            body.splice(at..at + needle.len(), value.bytes());
        }
        body
    }

    #[test]
    fn a_large_list_decodes_with_its_storage_reserved_once() {
        let body = large(None);
        assert!(body.len() > 2 * KEEP_WHOLE);
        let rows = decode::<Row>(&body, 16 << 10, true).unwrap();
        assert_eq!(rows.len(), 80_000);
        assert_eq!(rows[79_999], Row { id: 79_999, tags: vec!["t79999".into(), "x".into()] });
        assert!(rows.capacity() - rows.len() <= rows.len() / 8 + ESTIMATE_AFTER, "capacity {} for {} rows", rows.capacity(), rows.len());
    }

    #[test]
    fn a_bad_item_of_a_large_list_is_named_by_its_index_and_the_body_kept_from_it() {
        let body = large(Some(75_000));
        let Err(Error::Decode { path, message, body: kept, .. }) = decode::<Row>(&body, 16 << 10, true) else { panic!("a decode error") };
        assert_eq!(path, "[75000].tags[0]");
        let Err(Error::Decode { path: whole_path, .. }) = whole::<Row>(&body) else { panic!("a decode error") };
        assert_eq!(path, whole_path, "the same path as a decode of the whole body");
        assert!(message.contains("expected a string") && message.contains("item 75000"), "{message}");
        assert!(kept.starts_with(b"{\"id\": 75000"), "{}", String::from_utf8_lossy(&kept[..40]));
        assert!(kept.ends_with(b"] \n"));
    }

    #[test]
    fn a_large_list_cut_short_or_followed_by_more_is_an_error() {
        let body = large(None);
        let cut = &body[..body.len() - 40];
        let Err(Error::Decode { path, message, .. }) = decode::<Row>(cut, 4096, false) else { panic!("a decode error") };
        let Err(Error::Decode { path: whole_path, .. }) = whole::<Row>(cut) else { panic!("a decode error") };
        assert!(path.starts_with("[79999]") && path == whole_path, "{path} against {whole_path}: {message}");
        assert!(message.contains("EOF"), "{message}");
        let mut more = body.clone();
        more.extend_from_slice(b"[]");
        let Err(Error::Decode { path, message, .. }) = decode::<Row>(&more, 4096, true) else { panic!("a decode error") };
        assert_eq!(path, ".");
        assert!(message.starts_with("trailing data"), "{message}");
        let mut missing_comma = body.clone();
        let at = missing_comma.windows(3).rposition(|w| w == b",\n{").expect("a comma");
        missing_comma[at] = b' ';
        let Err(Error::Decode { message, .. }) = decode::<Row>(&missing_comma, 4096, true) else { panic!("a decode error") };
        assert!(message.contains("expected `,` or `]` after item 79998"), "{message}");
    }

    #[test]
    fn a_small_body_fails_exactly_as_a_whole_decode_does() {
        for body in [&b""[..], b"  ", b"<html>busy</html>", b"{\"rows\": []}", b"[{\"id\": 1, \"tags\": [2]}]", b"[{\"id\": 1, \"tags\": []}", b"[] x"] {
            for chunk in [1, 5, usize::MAX] {
                let (Err(Error::Decode { path, message, body: kept, .. }), Err(Error::Decode { path: p2, message: m2, body: b2, .. })) = (decode::<Row>(body, chunk, true), whole::<Row>(body)) else {
                    panic!("both fail for {body:?}")
                };
                assert_eq!((path, message, kept), (p2, m2, b2), "for {body:?} in chunks of {chunk}");
            }
        }
    }

    #[test]
    fn a_retry_starts_over() {
        let mut list = (list::<u64>().expect("a list decoder"))();
        list.sink().start(None);
        list.sink().feed(b"[1, 2, 3,");
        list.sink().start(Some(6));
        list.sink().feed(b"[4, 5]");
        assert_eq!(list.finish(&OP, response()).unwrap(), vec![4, 5]);
    }
}
