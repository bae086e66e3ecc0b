//! The static demo's API (issue 16): the local Talkover API's own `Router`
//! (`local_api::app`, built without its `server` feature) answering the
//! requests a service worker (`demo/sw.js`) takes from the page. No second
//! implementation: validation, store, statuses, bodies and the fault table
//! are `local-api`'s.
//!
//! [`Demo`] is plain Rust (tested natively); the `wasm` module exports it to
//! JavaScript as `start`, `handle` and `snapshot`, and gives the `delay`
//! fault the browser's `setTimeout`.
//!
//! Beside the API and its `/__test/*` routes (faults on), two routes of the
//! demo's own: `POST /__demo/reset` (the seed again, faults disarmed) and
//! `GET /__demo/state` (the store as JSON, what the worker keeps).

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, HeaderName, HeaderValue, Method, Request, StatusCode};
use axum::Router;
use futures_util::future::{select, Either};
use local_api::store::Store;
use local_api::{lock, AppState, Config, Cors, DropHandle, Sleep};
use tokio::sync::Notify;
use tower::ServiceExt;

#[cfg(target_arch = "wasm32")]
mod wasm;

/// A response body larger than this is not handed to the page (the
/// `huge-body` fault can make 1 GiB): a 500 instead.
pub const ANSWER_LIMIT: usize = 64 * 1024 * 1024;

/// The local API of one service worker: its state and its router.
#[derive(Clone)]
pub struct Demo {
    state: Arc<AppState>,
    router: Router,
}

/// What the worker turns into a `Response`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The `drop` fault: no answer at all (the worker answers `Response.error()`,
    /// a network error, as a closed connection is to `fetch`).
    pub dropped: bool,
    /// After a request that may have changed the data: the store as JSON, to keep.
    pub state: Option<String>,
}

/// The configuration of the demo's server: faults on (the demo page arms
/// them), no rate limit (its clock is `std::time::Instant`, which
/// wasm32-unknown-unknown lacks; the `429` fault shows the answer), no CORS
/// (the page and the worker share one origin), `sleep` the timer.
pub fn config(sleep: Sleep) -> Config {
    Config {
        faults: true,
        cors: Cors::Off,
        rate_limit: Some(0),
        sleep,
        ..Config::default()
    }
}

impl Demo {
    /// The server with `saved` (a store from [`Demo::snapshot`]) or, when
    /// there is none or it does not read, the seed. The flag says whether
    /// `saved` was used.
    pub fn new(saved: Option<&str>, sleep: Sleep) -> (Demo, bool) {
        let restored = saved.and_then(|s| serde_json::from_str::<Store>(s).ok());
        let used = restored.is_some();
        let state = AppState::new(config(sleep), restored.unwrap_or_else(Store::seed));
        let router = local_api::app(state.clone());
        (Demo { state, router }, used)
    }

    /// The store as JSON (what `GET /__demo/state` answers).
    pub fn snapshot(&self) -> String {
        serde_json::to_string(&*lock(&self.state.store)).unwrap_or_default()
    }

    /// The seed again; armed faults disarmed, the request log cleared.
    pub fn reset(&self) {
        *lock(&self.state.store) = Store::seed();
        lock(&self.state.armed).clear();
        lock(&self.state.requests).clear();
    }

    /// Answers one request: `path` is the path and query under the demo
    /// API's base (`/api/v1/…`), as the page sent it (still percent-encoded).
    pub async fn handle(
        &self,
        method: &str,
        path: &str,
        headers: &[(String, String)],
        body: Vec<u8>,
    ) -> Reply {
        let changes = !matches!(method, "GET" | "HEAD" | "OPTIONS");
        let route = path.split('?').next().unwrap_or("");
        if route == "/__demo/reset" && method == "POST" {
            self.reset();
            return self.json(StatusCode::OK, r#"{"reset":true}"#.into(), true);
        }
        if route == "/__demo/state" && method == "GET" {
            return self.json(StatusCode::OK, self.snapshot(), false);
        }
        let Some(request) = request(method, path, headers, body) else {
            return self.json(
                StatusCode::BAD_REQUEST,
                r#"{"success":false,"message":"Bad request."}"#.into(),
                false,
            );
        };
        let mut request = request;
        let dropped = Arc::new(Notify::new());
        request.extensions_mut().insert(DropHandle(dropped.clone()));
        let call = Box::pin(self.router.clone().oneshot(request));
        let response = match select(call, Box::pin(dropped.notified())).await {
            Either::Left((Ok(response), _)) => response,
            Either::Left((Err(never), _)) => match never {},
            Either::Right(_) => {
                return Reply {
                    status: 0,
                    headers: Vec::new(),
                    body: Vec::new(),
                    dropped: true,
                    state: None,
                }
            }
        };
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(k, v)| Some((k.to_string(), v.to_str().ok()?.to_string())))
            .collect();
        let Ok(body) = axum::body::to_bytes(response.into_body(), ANSWER_LIMIT).await else {
            return self.json(
                StatusCode::INTERNAL_SERVER_ERROR,
                r#"{"success":false,"message":"The answer is too large for the demo."}"#.into(),
                false,
            );
        };
        Reply {
            status,
            headers,
            body: body.to_vec(),
            dropped: false,
            state: (changes && route.starts_with("/api/")).then(|| self.snapshot()),
        }
    }

    fn json(&self, status: StatusCode, body: String, changed: bool) -> Reply {
        Reply {
            status: status.as_u16(),
            headers: vec![(
                header::CONTENT_TYPE.to_string(),
                "application/json".to_string(),
            )],
            body: body.into_bytes(),
            dropped: false,
            state: changed.then(|| self.snapshot()),
        }
    }
}

/// The `http::Request` the router takes. `Host` is `localhost`: the worker's
/// server is reachable from this browser only, its loopback (the `/__test`
/// routes answer loopback hosts only). `None` for a method or path that is
/// not HTTP.
fn request(
    method: &str,
    path: &str,
    headers: &[(String, String)],
    body: Vec<u8>,
) -> Option<Request<Body>> {
    let mut request = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).ok()?)
        .uri(path)
        .body(Body::from(body))
        .ok()?;
    let map = request.headers_mut();
    for (name, value) in headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            map.append(n, v);
        }
    }
    map.insert(header::HOST, HeaderValue::from_static("localhost"));
    Some(request)
}
