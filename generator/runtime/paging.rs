//! Offset paging ($skip/$top style) as a stream that holds at most one page in memory.

use super::error::Error;
use futures::stream::{self, BoxStream, StreamExt};
use std::collections::VecDeque;
use std::future::Future;

/// Where a page stream stands.
struct Cursor<T> {
    offset: u64,
    /// Items a full page holds: the requested size, or the server's own cap once seen.
    full_page: u64,
    /// Whether a short page has been seen (a first short page may be a server-side cap).
    cap_checked: bool,
    done: bool,
    buffer: VecDeque<T>,
}

/// Streams every item, fetching page after page until the data runs out.
///
/// A short page normally ends the stream. The first short page may instead mean the
/// server caps pages below the requested size, so one more page is asked for: if it has
/// items, the short length was the cap and paging goes on with it; if it is empty, the
/// data ended. That costs at most one extra request and never loses items.
pub fn offset_stream<T, F, Fut>(start: u64, page_size: u64, mut fetch: F) -> BoxStream<'static, Result<T, Error>>
where
    T: Send + 'static,
    F: FnMut(u64, u64) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Vec<T>, Error>> + Send + 'static,
{
    let requested = page_size.max(1);
    let cursor = Cursor { offset: start, full_page: requested, cap_checked: false, done: false, buffer: VecDeque::new() };
    stream::unfold(cursor, move |mut cursor| {
        let next = if cursor.buffer.is_empty() && !cursor.done { Some(fetch(cursor.offset, requested)) } else { None };
        async move {
            if let Some(page) = next {
                match page.await {
                    Ok(items) => {
                        let count = items.len() as u64;
                        if count == 0 {
                            cursor.done = true;
                        } else if count < cursor.full_page {
                            if cursor.cap_checked {
                                cursor.done = true;
                            } else {
                                cursor.cap_checked = true;
                                cursor.full_page = count;
                            }
                        }
                        cursor.offset += count;
                        cursor.buffer.extend(items);
                    }
                    Err(e) => {
                        cursor.done = true;
                        cursor.buffer.clear();
                        return Some((Err(e), cursor));
                    }
                }
            }
            let item = cursor.buffer.pop_front()?;
            Some((Ok(item), cursor))
        }
    })
    .boxed()
}
