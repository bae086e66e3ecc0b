//! A bounded load on a local API, for the memory figures in README.md:
//! CONNECTIONS keep-alive connections POSTing a training as fast as they can
//! for SECONDS, then a count of the answers by status. Loopback only.
//! PAD adds that many bytes to each training's instructions (default 0).
//!
//! ```sh
//! cargo run --release -p local-api --example load -- 127.0.0.1:8081 10 64 [PAD]
//! ```

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use local_api::store::{DEMO_AGENT as AGENT, DEMO_TOKEN as TOKEN};

/// Reads one answer; its status, or `None` when the connection broke.
async fn answer(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<u16> {
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let status = head.split(' ').nth(1)?.parse().ok()?;
            let length: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())?;
            while buf.len() < end + 4 + length {
                let mut chunk = [0u8; 16384];
                let n = stream.read(&mut chunk).await.ok()?;
                if n == 0 {
                    return None;
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            buf.drain(..end + 4 + length);
            return Some(status);
        }
        let mut chunk = [0u8; 16384];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
}

async fn worker(addr: SocketAddr, until: Instant, id: usize, pad: usize) -> BTreeMap<u16, u64> {
    let pad = "x".repeat(pad);
    let mut counts = BTreeMap::new();
    let mut n = 0u64;
    while Instant::now() < until {
        let Ok(mut stream) = TcpStream::connect(addr).await else {
            *counts.entry(0).or_default() += 1;
            tokio::time::sleep(Duration::from_millis(10)).await;
            continue;
        };
        let mut buf = Vec::new();
        while Instant::now() < until {
            n += 1;
            let body = format!(
                r#"{{"subject":"Load {id}-{n}","instructions":"Posted by the load example, connection {id}, request {n}.{pad}","current_status":"active"}}"#
            );
            let request = format!(
                "POST /api/v1/agents/{AGENT}/trainings HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            );
            if stream.write_all(request.as_bytes()).await.is_err() {
                break;
            }
            match answer(&mut stream, &mut buf).await {
                Some(status) => *counts.entry(status).or_default() += 1,
                None => {
                    *counts.entry(0).or_default() += 1;
                    break;
                }
            }
        }
    }
    counts
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let addr: SocketAddr = args
        .next()
        .unwrap_or_else(|| "127.0.0.1:8081".into())
        .parse()
        .expect("ADDR like 127.0.0.1:8081");
    assert!(addr.ip().is_loopback(), "loopback only");
    let seconds: u64 = args.next().map_or(10, |s| s.parse().expect("SECONDS"));
    let connections: usize = args.next().map_or(64, |s| s.parse().expect("CONNECTIONS"));
    let pad: usize = args.next().map_or(0, |s| s.parse().expect("PAD"));
    let until = Instant::now() + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..connections)
        .map(|id| tokio::spawn(worker(addr, until, id, pad)))
        .collect();
    let mut total: BTreeMap<u16, u64> = BTreeMap::new();
    for t in tasks {
        for (status, n) in t.await.expect("worker") {
            *total.entry(status).or_default() += n;
        }
    }
    let all: u64 = total.values().sum();
    let by_status: Vec<String> = total
        .iter()
        .map(|(s, n)| match s {
            0 => format!("broken {n}"),
            s => format!("{s} {n}"),
        })
        .collect();
    println!(
        "{all} requests in {seconds} s on {connections} connections: {}",
        by_status.join(", ")
    );
}
