//! A minimal HTTP/1.1 server on 127.0.0.1 that answers every GET with a body chosen by the
//! request target, for calling the generated client over a real socket.
//!
//! Raw tokio rather than a framework: the benches want the server's own cost to be a
//! `write_all` of a prepared buffer, so that what is measured is the client. Bodies are shared
//! (`Arc`), never copied per request, so the server adds nothing to the memory peaks.

use std::net::SocketAddr;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Chooses the JSON body for a request target (path and query).
pub type Responder = Arc<dyn Fn(&str) -> Arc<Vec<u8>> + Send + Sync>;

/// Starts the server on an ephemeral loopback port; it runs until the runtime shuts down.
pub async fn start(respond: Responder) -> std::io::Result<SocketAddr> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(connection(socket, respond.clone()));
        }
    });
    Ok(addr)
}

/// Serves one keep-alive connection: request heads in, `200` answers out, until the peer closes.
async fn connection(mut socket: TcpStream, respond: Responder) {
    let _ = socket.set_nodelay(true);
    let mut buffer = Vec::with_capacity(4096);
    loop {
        let end = loop {
            if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at + 4;
            }
            match socket.read_buf(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        };
        // GET requests carry no body, so the head is the whole request.
        let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
        buffer.drain(..end);
        let target = head.split(' ').nth(1).unwrap_or("/");
        let body = respond(target);
        let status = format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len());
        if socket.write_all(status.as_bytes()).await.is_err() || socket.write_all(&body).await.is_err() {
            return;
        }
    }
}

/// The value of query parameter `name` in a request target (`$` may arrive as `%24`).
pub fn query_param(target: &str, name: &str) -> Option<u64> {
    let query = target.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key.replace("%24", "$") == name).then(|| value.parse().ok()).flatten()
    })
}
