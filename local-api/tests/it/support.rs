//! Starts a local API in-process on 127.0.0.1:0 and talks real HTTP to it.

use std::net::SocketAddr;
use std::sync::Arc;

use local_api::{AppState, Config};
use reqwest::header::HeaderMap;
use reqwest::Method;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::task::JoinHandle;

pub use local_api::store::{DEMO_AGENT, DEMO_TOKEN, EMPTY_AGENT, OTHER_AGENT, OTHER_TOKEN};

/// The seeded "Technical Support" training of the demo agent (inactive).
pub const SEEDED_INACTIVE: &str = "0b6f1a52-6d3e-4c8e-9a59-2f0c8d1e7a03";
pub const SEEDED_FIRST: &str = "0b6f1a52-6d3e-4c8e-9a59-2f0c8d1e7a01";

pub struct Api {
    pub addr: SocketAddr,
    pub base: String,
    pub state: Arc<AppState>,
    pub client: reqwest::Client,
    handle: JoinHandle<()>,
}

impl Drop for Api {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

/// An answer, read whole.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.text))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

pub async fn start(config: Config) -> Api {
    let bound = local_api::bind(config).await.expect("bind");
    let addr = bound.addr;
    let state = bound.state.clone();
    let handle = bound.run();
    Api {
        addr,
        base: format!("http://{addr}"),
        state,
        client: reqwest::Client::new(),
        handle,
    }
}

/// A server with the defaults (no faults, loopback CORS), but no rate
/// limit: some tests send hundreds of requests (the limit has its own tests).
pub async fn plain() -> Api {
    start(Config {
        rate_limit: Some(0),
        ..Config::default()
    })
    .await
}

/// A server with `--faults`.
pub async fn with_faults() -> Api {
    start(Config {
        faults: true,
        ..Config::default()
    })
    .await
}

pub fn trainings(agent: &str) -> String {
    format!("/api/v1/agents/{agent}/trainings")
}

impl Api {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Sends a request; `token` goes in `Authorization: Bearer`, `body` as JSON.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut rb = self
            .client
            .request(method, self.url(path))
            .header("Accept", "application/json");
        if let Some(t) = token {
            rb = rb.header("Authorization", format!("Bearer {t}"));
        }
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        for (k, v) in headers {
            rb = rb.header(*k, *v);
        }
        let res = rb.send().await.expect("request");
        Reply {
            status: res.status().as_u16(),
            headers: res.headers().clone(),
            text: res.text().await.expect("body"),
        }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Method::GET, path, token, None, &[]).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> Reply {
        self.send(Method::POST, path, token, Some(body), &[]).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        self.send(Method::DELETE, path, token, None, &[]).await
    }

    /// The demo agent's trainings as the API lists them.
    pub async fn list(&self, agent: &str) -> Vec<Value> {
        let r = self.get(&trainings(agent), Some(DEMO_TOKEN)).await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.json()["data"].as_array().expect("data array").clone()
    }

    pub async fn agent_status(&self, agent: &str) -> String {
        let r = self
            .get(&format!("/api/v1/agents/{agent}"), Some(DEMO_TOKEN))
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.json()["data"]["current_status"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Sends bytes as they are (no URL normalisation) and reads until the
    /// server closes: the whole raw answer, or "" when it closed without one.
    pub async fn raw(&self, request: &str) -> String {
        let mut stream = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut out = Vec::new();
        let _ = stream.read_to_end(&mut out).await;
        String::from_utf8_lossy(&out).into_owned()
    }

    /// `GET /__test/requests`.
    pub async fn recorded(&self) -> Vec<Value> {
        let r = self.get("/__test/requests", None).await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.json()["requests"].as_array().unwrap().clone()
    }

    /// The faults armed now (`GET /__test/fault`).
    pub async fn armed(&self) -> Value {
        self.get("/__test/fault", None).await.json()["armed"].clone()
    }

    /// `POST /__test/fault`.
    pub async fn arm(&self, fault: Value) {
        let r = self.post("/__test/fault", None, fault).await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
}

/// Every route that takes an agent id (and, for DELETE, a training id), as
/// (method, path) with the ids inserted as given (already encoded).
pub fn every_route(agent: &str, training: &str) -> [(&'static str, String); 6] {
    [
        ("GET", format!("/api/v1/agents/{agent}")),
        ("GET", format!("/api/v1/agents/{agent}/trainings")),
        ("POST", format!("/api/v1/agents/{agent}/trainings")),
        (
            "DELETE",
            format!("/api/v1/agents/{agent}/trainings/{training}"),
        ),
        ("POST", format!("/api/v1/agents/{agent}/publish")),
        ("POST", format!("/api/v1/agents/{agent}/unpublish")),
    ]
}

/// A raw HTTP/1.1 request with `Connection: close`.
pub fn raw_request(method: &str, path: &str, headers: &[&str], body: &str) -> String {
    let mut s = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    for h in headers {
        s.push_str(h);
        s.push_str("\r\n");
    }
    if !body.is_empty() || method == "POST" {
        s.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    s.push_str("\r\n");
    s.push_str(body);
    s
}

/// The status code of a raw answer.
pub fn raw_status(answer: &str) -> u16 {
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {answer:?}"))
}

/// The body of a raw answer as JSON.
pub fn raw_json(answer: &str) -> Value {
    let body = answer.split_once("\r\n\r\n").map_or("", |x| x.1);
    serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {answer:?}"))
}

/// Asserts the documented timestamp form `YYYY-MM-DDTHH:MM:SSZ` (UTC, no
/// fraction, no offset) with plausible field values.
pub fn assert_timestamp(at: &str) {
    let b = at.as_bytes();
    assert_eq!(b.len(), 20, "{at:?}: not YYYY-MM-DDTHH:MM:SSZ");
    for (i, &c) in b.iter().enumerate() {
        let want = match i {
            4 | 7 => c == b'-',
            10 => c == b'T',
            13 | 16 => c == b':',
            19 => c == b'Z',
            _ => c.is_ascii_digit(),
        };
        assert!(want, "{at:?}: byte {i} is {:?}", c as char);
    }
    let n = |r: std::ops::Range<usize>| at[r].parse::<u32>().unwrap();
    assert!((1..=12).contains(&n(5..7)), "{at:?}: month");
    assert!((1..=31).contains(&n(8..10)), "{at:?}: day");
    assert!(
        n(11..13) < 24 && n(14..16) < 60 && n(17..19) < 61,
        "{at:?}: time"
    );
}
