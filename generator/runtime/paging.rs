//! Offset paging ($skip/$top style) as a stream that holds at most one page in memory.

use super::error::Error;
use futures::stream::{self, BoxStream, StreamExt};
use std::collections::VecDeque;
use std::future::Future;

/// Streams every item, fetching page after page until a page comes back short.
pub fn offset_stream<T, F, Fut>(start: u64, page_size: u64, mut fetch: F) -> BoxStream<'static, Result<T, Error>>
where
    T: Send + 'static,
    F: FnMut(u64, u64) -> Fut + Send + 'static,
    Fut: Future<Output = Result<Vec<T>, Error>> + Send + 'static,
{
    let page_size = page_size.max(1);
    stream::unfold((start, VecDeque::<T>::new(), false), move |(mut offset, mut buffer, mut done)| {
        let next = if buffer.is_empty() && !done { Some(fetch(offset, page_size)) } else { None };
        async move {
            if let Some(page) = next {
                match page.await {
                    Ok(items) => {
                        done = (items.len() as u64) < page_size;
                        offset += items.len() as u64;
                        buffer.extend(items);
                    }
                    Err(e) => return Some((Err(e), (offset, buffer, true))),
                }
            }
            buffer.pop_front().map(|item| (Ok(item), (offset, buffer, done)))
        }
    })
    .boxed()
}
