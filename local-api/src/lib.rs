//! A local Talkover API: the demo's backend and the end-to-end tests' real
//! server. It answers as `shared/api/` documents the hosted API: routes,
//! status codes, bodies, Laravel's validation, auth, CORS. With `--faults` it
//! also fails on demand (see [`faults`]) and shows what it received.
//!
//! Two builds (the cargo feature `server`, on by default): with it, the
//! listener ([`serve`], [`bind`]) on tokio and hyper, and the binary; without
//! it, only [`app`], the `Router` over [`AppState`], which compiles for
//! wasm32-unknown-unknown and answers through `tower::ServiceExt::oneshot`
//! with no runtime (`demo-sw/` runs it in a service worker; it gives the
//! `delay` fault a timer through [`Config::sleep`]).
//!
//! In-process use (the tests do this):
//!
//! ```no_run
//! # #[cfg(feature = "server")]
//! # async fn f() -> std::io::Result<()> {
//! let (addr, handle) = local_api::serve(local_api::Config::default()).await?;
//! // … talk HTTP to `addr` …
//! handle.abort(); // stops the server and its connections
//! # Ok(()) }
//! ```

pub mod faults;
pub mod limits;
pub mod routes;
pub mod store;
pub mod validation;

use std::collections::VecDeque;
use std::future::Future;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use http_body_util::BodyExt;
use serde::Serialize;
use serde_json::json;
#[cfg(feature = "server")]
use tokio::net::TcpListener;
use tokio::sync::Notify;
#[cfg(feature = "server")]
use tokio::task::{JoinHandle, JoinSet};
#[cfg(feature = "server")]
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;

use faults::{Action, Armed};
use store::Store;

/// Largest request body accepted: 1 MiB. Larger ones get 413.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// A larger body is read (and thrown away) up to this size before the 413,
/// so that the client, still sending, reads the answer instead of a reset.
const DRAIN_LIMIT: usize = 64 * 1024 * 1024;

/// How many requests `GET /__test/requests` remembers (oldest dropped first).
pub const RECORD_LIMIT: usize = 1000;

/// How much of each body `GET /__test/requests` keeps: 64 KiB (then `body_truncated`).
pub const RECORD_BODY_LIMIT: usize = 64 * 1024;

/// How much of each other recorded text (path, origin, headers) is kept: 8 KiB.
pub const RECORD_TEXT_LIMIT: usize = 8 * 1024;

/// Requests per token (or, without a known token, per client address) and window, by default.
pub const DEFAULT_RATE_LIMIT: u32 = 100;

/// Trainings one agent may have, by default; a create beyond it is a 422.
pub const DEFAULT_MAX_TRAININGS: usize = 1000;

/// Bytes of text (subjects, instructions, node ids) one agent's trainings
/// may hold in all, by default: 16 MiB. A save beyond it is a 422.
pub const DEFAULT_MAX_AGENT_BYTES: usize = 16 * 1024 * 1024;

/// Time a client has to send a request's headers, and then its body, by default.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A timer: a future that completes after the given time. The `delay`
/// fault waits on it. A plain function, so that [`Config`] stays `Clone`
/// and `Debug`, and the future is `Send` as axum's handlers must be.
pub type Sleep = fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>>;

/// tokio's timer: [`Config::sleep`]'s default with the `server` feature.
#[cfg(feature = "server")]
pub fn tokio_sleep(d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
    Box::pin(tokio::time::sleep(d))
}

/// Without the `server` feature there is no timer of our own: by default a
/// delay is skipped. An embedder sets [`Config::sleep`] (demo-sw: the
/// browser's `setTimeout`).
#[cfg(not(feature = "server"))]
pub fn no_sleep(_: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
    Box::pin(std::future::ready(()))
}

/// Which cross-origin pages may call the API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cors {
    /// No CORS headers at all: browsers refuse every cross-origin call.
    Off,
    /// Any page on a loopback origin (`http://127.0.0.1:*`, `http://localhost:*`, `http://[::1]:*`).
    Loopback,
    /// Exactly these origins (`*` allows any).
    Origins(Vec<String>),
}

impl Cors {
    pub fn allows(&self, origin: &str) -> bool {
        match self {
            Cors::Off => false,
            Cors::Loopback => ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"]
                .iter()
                .any(|p| {
                    origin
                        .strip_prefix(p)
                        .is_some_and(|port| port.parse::<u16>().is_ok())
                }),
            Cors::Origins(list) => list.iter().any(|o| o == "*" || o == origin),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Config {
    /// Where to listen; port 0 picks a free port.
    pub addr: SocketAddr,
    /// Enable `/__test/*` and fault injection.
    pub faults: bool,
    pub cors: Cors,
    /// Keep state in this JSON file across restarts.
    pub state_file: Option<PathBuf>,
    /// Print one line per request (never the token).
    pub log: bool,
    /// The data to start with. `None`: the state file when it exists, else the seed.
    pub store: Option<Store>,
    /// Requests per [`Config::rate_window`] per token; `Some(0)` is no limit.
    /// `None`: [`DEFAULT_RATE_LIMIT`], or no limit with `faults` (see [`Config::rate_limit`]).
    pub rate_limit: Option<u32>,
    /// The rate limit's window: one minute (shorter in tests).
    pub rate_window: Duration,
    /// Trainings per agent; 0 is no cap.
    pub max_trainings: usize,
    /// Bytes of text per agent, all trainings together; 0 is no cap.
    pub max_agent_bytes: usize,
    /// Time to send the request line and headers; then the connection is closed.
    pub header_timeout: Duration,
    /// Time to send the whole body once the headers are in; then 408 and close.
    pub body_timeout: Duration,
    /// The timer of the `delay` fault ([`tokio_sleep`] with the `server` feature).
    pub sleep: Sleep,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            faults: false,
            cors: Cors::Loopback,
            state_file: None,
            log: false,
            store: None,
            rate_limit: None,
            rate_window: Duration::from_secs(60),
            max_trainings: DEFAULT_MAX_TRAININGS,
            max_agent_bytes: DEFAULT_MAX_AGENT_BYTES,
            header_timeout: DEFAULT_READ_TIMEOUT,
            body_timeout: DEFAULT_READ_TIMEOUT,
            #[cfg(feature = "server")]
            sleep: tokio_sleep,
            #[cfg(not(feature = "server"))]
            sleep: no_sleep,
        }
    }
}

impl Config {
    /// The requests allowed per window and token, 0 for no limit: as set,
    /// else [`DEFAULT_RATE_LIMIT`], except with `faults`: a test server, one
    /// per test, that must not answer 429 unless a test asks for it.
    pub fn rate_limit(&self) -> u32 {
        self.rate_limit
            .unwrap_or(if self.faults { 0 } else { DEFAULT_RATE_LIMIT })
    }

    /// The store to start with: [`Config::store`], else the state file, else the seed.
    pub fn initial_store(&self) -> std::io::Result<Store> {
        if let Some(store) = &self.store {
            return Ok(store.clone());
        }
        match &self.state_file {
            Some(path) => match Store::load(path) {
                Ok(Some(store)) => Ok(store),
                Ok(None) => Ok(Store::seed()),
                Err(e) => Err(std::io::Error::new(std::io::ErrorKind::InvalidData, e)),
            },
            None => Ok(Store::seed()),
        }
    }
}

/// A request as received, for tests (`GET /__test/requests`).
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    pub method: String,
    /// Path and query exactly as received (still percent-encoded).
    pub path: String,
    pub origin: Option<String>,
    /// The whole header value: this is a test server, and the tests check it.
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    /// The body as text (lossy UTF-8), its first 64 KiB at most; empty when
    /// it was over the 1 MiB limit.
    pub body: String,
    /// The body's size in bytes, as far as it was read.
    pub body_bytes: usize,
    /// True when `body` (or `path`, `origin`, a header) was cut to the record's limit.
    pub truncated: bool,
}

pub struct AppState {
    pub store: Mutex<Store>,
    pub config: Config,
    pub armed: Mutex<Vec<Armed>>,
    pub requests: Mutex<VecDeque<Recorded>>,
    pub limiter: limits::RateLimiter,
    /// Requests held by the `hold` fault.
    pub holds: faults::Holds,
}

impl AppState {
    pub fn new(config: Config, store: Store) -> Arc<AppState> {
        let limiter = limits::RateLimiter::new(config.rate_limit(), config.rate_window);
        Arc::new(AppState {
            store: Mutex::new(store),
            config,
            armed: Mutex::new(Vec::new()),
            requests: Mutex::new(VecDeque::new()),
            limiter,
            holds: faults::Holds::default(),
        })
    }

    /// Writes the state file after a change, when there is one. Called with
    /// the store locked, so that saves happen in the order of the changes.
    /// An error is said on stderr and returned (the caller answers 500).
    pub fn persist(&self, store: &Store) -> std::io::Result<()> {
        if let Some(path) = &self.config.state_file {
            if let Err(e) = store.save(path) {
                eprintln!("local-api: could not save {}: {e}", path.display());
                return Err(e);
            }
        }
        Ok(())
    }
}

/// Locks a mutex, recovering from a panic elsewhere (the data stays usable).
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Inserted into each request by [`Bound::run`] (and demo-sw): lets the
/// `drop` fault close the connection; it is notified instead of an answer.
#[derive(Clone)]
pub struct DropHandle(pub Arc<Notify>);

/// Inserted into each request by [`Bound::run`]: the client's address (the
/// rate limit's key for requests without a known token).
#[derive(Clone, Copy, Debug)]
pub struct Peer(pub SocketAddr);

pub fn json_reply(status: StatusCode, body: serde_json::Value) -> Response {
    (status, axum::Json(body)).into_response()
}

fn panic_reply(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    json_reply(
        StatusCode::INTERNAL_SERVER_ERROR,
        json!({"success": false, "message": "Internal server error."}),
    )
}

/// The whole application.
pub fn app(state: Arc<AppState>) -> Router {
    let mut router = routes::api();
    if state.config.faults {
        router = router.merge(routes::test_control());
    }
    router
        .fallback(routes::not_found)
        // Inside `gate`, so that a panic's 500 still gets CORS headers and a log line.
        .layer(CatchPanicLayer::custom(panic_reply))
        .layer(middleware::from_fn_with_state(state.clone(), gate))
        // And outside, for a panic in `gate` itself.
        .layer(CatchPanicLayer::custom(panic_reply))
        .with_state(state)
}

fn add_cors(state: &AppState, origin: Option<&str>, headers: &mut HeaderMap) {
    let Some(origin) = origin.filter(|o| state.config.cors.allows(o)) else {
        return;
    };
    if let Ok(v) = HeaderValue::from_str(origin) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        headers.insert(header::VARY, HeaderValue::from_static("Origin"));
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("Retry-After"),
        );
    }
}

/// The CORS answer to a preflight (`OPTIONS` with `Access-Control-Request-Method`).
fn preflight(state: &AppState, origin: Option<&str>) -> Response {
    let mut r = StatusCode::NO_CONTENT.into_response();
    add_cors(state, origin, r.headers_mut());
    if r.headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    {
        let allow_headers = if state.config.faults {
            "authorization, content-type, accept, x-talkover-fault"
        } else {
            "authorization, content-type, accept"
        };
        let h = r.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, DELETE, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(allow_headers),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
    }
    r
}

/// Why a body was not read.
enum BodyError {
    /// Over [`BODY_LIMIT`] (read and thrown away up to [`DRAIN_LIMIT`]): this many bytes.
    TooLarge(usize),
    /// The client broke off (or sent a broken chunked body) after this many bytes.
    Broken(usize),
    /// The client did not send the whole body in time; this many bytes came.
    TimedOut(usize),
}

/// Reads a body up to [`BODY_LIMIT`], within `timeout` (with the `server`
/// feature; without it the body is already in memory, see demo-sw).
async fn read_body(body: Body, timeout: Duration) -> Result<Bytes, BodyError> {
    let mut body = body;
    let mut kept: Vec<u8> = Vec::new();
    let mut seen = 0usize;
    #[cfg(feature = "server")]
    let deadline = tokio::time::Instant::now() + timeout;
    #[cfg(not(feature = "server"))]
    let _ = timeout;
    loop {
        #[cfg(feature = "server")]
        let next = tokio::time::timeout_at(deadline, body.frame()).await;
        #[cfg(not(feature = "server"))]
        let next = Ok::<_, ()>(body.frame().await);
        let frame = match next {
            Ok(Some(frame)) => frame,
            Ok(None) => break,
            Err(_) => return Err(BodyError::TimedOut(seen)),
        };
        let Ok(frame) = frame else {
            return Err(BodyError::Broken(seen));
        };
        if let Ok(data) = frame.into_data() {
            seen += data.len();
            if seen <= BODY_LIMIT {
                kept.extend_from_slice(&data);
            } else if seen > DRAIN_LIMIT {
                return Err(BodyError::TooLarge(seen));
            }
        }
    }
    if seen > BODY_LIMIT {
        Err(BodyError::TooLarge(seen))
    } else {
        Ok(Bytes::from(kept))
    }
}

/// Every request passes here: preflight, body limit, recording, faults, CORS, logging.
async fn gate(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req
        .uri()
        .path_and_query()
        .map_or_else(|| req.uri().path().to_string(), |p| p.to_string());
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let is_api = req.uri().path().starts_with("/api/");
    let is_control = req.uri().path().starts_with("/__test/");

    if method == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        let r = preflight(&state, origin.as_deref());
        if !is_control {
            record(&state, &method, &path, &origin, req.headers(), b"", 0);
        }
        log(&state, &method, &path, r.status());
        return r;
    }

    let (parts, body) = req.into_parts();
    let bytes = match read_body(body, state.config.body_timeout).await {
        Ok(b) => b,
        Err(e) => {
            let (size, status, message) = match e {
                BodyError::TooLarge(n) => (
                    n,
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "The request entity is too large.",
                ),
                BodyError::Broken(n) => (n, StatusCode::BAD_REQUEST, "Bad request."),
                BodyError::TimedOut(n) => (n, StatusCode::REQUEST_TIMEOUT, "Request timeout."),
            };
            if !is_control {
                record(&state, &method, &path, &origin, &parts.headers, b"", size);
            }
            let mut r = json_reply(status, json!({"success": false, "message": message}));
            if status == StatusCode::REQUEST_TIMEOUT {
                // The rest of the body may still come: this connection is done.
                r.headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
            }
            add_cors(&state, origin.as_deref(), r.headers_mut());
            log(&state, &method, &path, r.status());
            return r;
        }
    };
    if !is_control {
        record(
            &state,
            &method,
            &path,
            &origin,
            &parts.headers,
            &bytes,
            bytes.len(),
        );
    }

    // The rate limit, per known token, else per client address.
    if is_api {
        if let Some(mut r) = rate_limited(&state, &parts) {
            add_cors(&state, origin.as_deref(), r.headers_mut());
            log(&state, &method, &path, r.status());
            return r;
        }
    }

    // A fault, asked for in the request or armed beforehand.
    let fault = if state.config.faults && is_api {
        parts
            .headers
            .get("x-talkover-fault")
            .and_then(|v| v.to_str().ok())
            .map(|v| {
                let mut armed = Armed::from_header(v);
                armed.fill_defaults(
                    parts
                        .headers
                        .get(header::HOST)
                        .and_then(|h| h.to_str().ok()),
                );
                armed
            })
            .or_else(|| take_armed(&state, method.as_str(), &path))
    } else {
        None
    };
    let drop_handle = parts.extensions.get::<DropHandle>().cloned();
    let req = Request::from_parts(parts, Body::from(bytes));

    let mut response = match fault {
        Some(armed) => {
            let held = armed.holds().then(|| state.holds.hold());
            let sleep = state.config.sleep;
            let answer = if let Some(held) = held {
                // In a task of its own: a held request whose client has gone
                // (a page reloaded while saving) is still handled once
                // released, as a server that has accepted a request usually
                // finishes it. (In a service worker the answer is awaited
                // whatever the page does.)
                #[cfg(feature = "server")]
                let answer = tokio::spawn(faulted(armed, Some(held), req, next, sleep))
                    .await
                    .unwrap_or_else(|_| Faulted::Answer(panic_reply(Box::new(()))));
                #[cfg(not(feature = "server"))]
                let answer = faulted(armed, Some(held), req, next, sleep).await;
                answer
            } else {
                faulted(armed, None, req, next, sleep).await
            };
            match answer {
                Faulted::Answer(r) => r,
                Faulted::Drop => {
                    if let Some(DropHandle(n)) = drop_handle {
                        // 499: nginx's "client closed request", here: no answer at all.
                        log_code(&state, &method, &path, 499);
                        n.notify_one();
                        std::future::pending::<()>().await;
                    }
                    // Only a caller that inserted a `DropHandle` (`Bound::run`,
                    // demo-sw) can close a connection; elsewhere say so.
                    json_reply(
                        StatusCode::NOT_IMPLEMENTED,
                        json!({"success": false, "message": "The drop fault needs local_api::serve."}),
                    )
                }
            }
        }
        None => next.run(req).await,
    };
    add_cors(&state, origin.as_deref(), response.headers_mut());
    log(&state, &method, &path, response.status());
    response
}

/// What a faulted request gets.
enum Faulted {
    Answer(Response),
    /// No answer: the connection is to be closed.
    Drop,
}

/// A faulted request: the delay, the hold (until released), then the fault's
/// answer, or the normal one for `delay` and `hold`.
async fn faulted(
    armed: Armed,
    held: Option<faults::Held>,
    req: Request,
    next: Next,
    sleep: Sleep,
) -> Faulted {
    if armed.delay_ms > 0 {
        sleep(Duration::from_millis(armed.delay_ms)).await;
    }
    if let Some(held) = held {
        held.released().await;
    }
    Faulted::Answer(match armed.check().map(|()| Action::for_name(&armed)) {
        Ok(Some(Action::Pass)) => next.run(req).await,
        Ok(Some(Action::Respond(r))) => r,
        Ok(Some(Action::Drop)) => return Faulted::Drop,
        Ok(None) => json_reply(
            StatusCode::BAD_REQUEST,
            json!({"success": false, "message": format!("Unknown fault \"{}\"", armed.fault)}),
        ),
        Err(message) => json_reply(
            StatusCode::BAD_REQUEST,
            json!({"success": false, "message": message}),
        ),
    })
}

/// The 429 for a request over the rate limit, or `None` (and the request counted).
fn rate_limited(state: &AppState, parts: &axum::http::request::Parts) -> Option<Response> {
    if !state.limiter.enabled() {
        return None;
    }
    let token =
        routes::bearer(&parts.headers).filter(|t| lock(&state.store).account_of_token(t).is_some());
    let key = match token {
        Some(t) => limits::Key::Token(t.to_string()),
        None => limits::Key::Peer(parts.extensions.get::<Peer>().map(|p| p.0.ip())),
    };
    let retry_after = state.limiter.hit(key)?;
    let mut r = json_reply(
        StatusCode::TOO_MANY_REQUESTS,
        json!({"success": false, "message": "Too Many Attempts."}),
    );
    r.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    Some(r)
}

/// Takes one use of the first armed fault that matches this request.
fn take_armed(state: &AppState, method: &str, path: &str) -> Option<Armed> {
    let mut armed = lock(&state.armed);
    let i = armed.iter().position(|a| a.matches(method, path))?;
    armed[i].times -= 1;
    let hit = armed[i].clone();
    if armed[i].times == 0 {
        armed.remove(i);
    }
    Some(hit)
}

fn record(
    state: &AppState,
    method: &Method,
    path: &str,
    origin: &Option<String>,
    headers: &HeaderMap,
    body: &[u8],
    body_bytes: usize,
) {
    if !state.config.faults {
        return;
    }
    let get = |h: header::HeaderName| {
        headers
            .get(h)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    let mut truncated = false;
    let mut cut = |text: &[u8], limit: usize| {
        let kept = if text.len() > limit {
            truncated = true;
            &text[..limit]
        } else {
            text
        };
        // A character cut in two becomes U+FFFD, as any other byte that is not UTF-8.
        String::from_utf8_lossy(kept).into_owned()
    };
    let recorded = Recorded {
        method: method.to_string(),
        path: cut(path.as_bytes(), RECORD_TEXT_LIMIT),
        origin: origin
            .as_deref()
            .map(|o| cut(o.as_bytes(), RECORD_TEXT_LIMIT)),
        authorization: get(header::AUTHORIZATION).map(|v| cut(v.as_bytes(), RECORD_TEXT_LIMIT)),
        content_type: get(header::CONTENT_TYPE).map(|v| cut(v.as_bytes(), RECORD_TEXT_LIMIT)),
        body: cut(body, RECORD_BODY_LIMIT),
        body_bytes,
        truncated,
    };
    let mut requests = lock(&state.requests);
    while requests.len() >= RECORD_LIMIT {
        requests.pop_front();
    }
    requests.push_back(recorded);
}

fn log(state: &AppState, method: &Method, path: &str, status: StatusCode) {
    log_code(state, method, path, status.as_u16());
}

/// One line per request: method, path as received, status. Never a header.
fn log_code(state: &AppState, method: &Method, path: &str, status: u16) {
    if state.config.log {
        println!("{method} {path} {status}");
    }
}

#[cfg(feature = "server")]
/// A server bound to its address, not yet serving.
pub struct Bound {
    /// The address it listens on (the real port when 0 was asked).
    pub addr: SocketAddr,
    pub state: Arc<AppState>,
    listener: TcpListener,
}

#[cfg(feature = "server")]
/// Binds the address of `config` and loads the initial store.
pub async fn bind(config: Config) -> std::io::Result<Bound> {
    let store = config.initial_store()?;
    let listener = TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    Ok(Bound {
        addr,
        state: AppState::new(config, store),
        listener,
    })
}

#[cfg(feature = "server")]
impl Bound {
    /// Serves in the background. Aborting the handle stops the server and
    /// closes every open connection.
    pub fn run(self) -> JoinHandle<()> {
        let header_timeout = self.state.config.header_timeout;
        let app = app(self.state);
        tokio::spawn(accept_loop(self.listener, app, header_timeout))
    }
}

#[cfg(feature = "server")]
/// Binds, serves in the background, and returns the bound address.
pub async fn serve(config: Config) -> std::io::Result<(SocketAddr, JoinHandle<()>)> {
    let bound = bind(config).await?;
    let addr = bound.addr;
    Ok((addr, bound.run()))
}

#[cfg(feature = "server")]
/// Accepts connections until aborted. Each connection gets a [`DropHandle`],
/// so that the `drop` fault can close it without an answer, and its [`Peer`].
/// HTTP/1 only; a client that does not send a request's headers within
/// `header_timeout` (slowloris, or an idle keep-alive connection) is cut off.
async fn accept_loop(listener: TcpListener, app: Router, header_timeout: Duration) {
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let Ok((stream, peer)) = listener.accept().await else {
            // Out of file descriptors, say: wait a little rather than spin.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let app = app.clone();
        connections.spawn(async move {
            let notify = Arc::new(Notify::new());
            let handle = DropHandle(notify.clone());
            let service = hyper::service::service_fn(
                move |mut req: hyper::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(handle.clone());
                    req.extensions_mut().insert(Peer(peer));
                    app.clone().oneshot(req.map(Body::new))
                },
            );
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(header_timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::select! {
                _ = conn => {}
                _ = notify.notified() => {}
            }
        });
    }
}

/// What `local-api` prints when it starts: `listening on http://ADDR` first,
/// then one line per agent with its account's token.
pub fn startup_lines(addr: SocketAddr, store: &Store, faults: bool) -> Vec<String> {
    let mut lines = vec![format!("listening on http://{addr}")];
    for a in &store.agents {
        let token = store
            .accounts
            .iter()
            .find(|x| x.name == a.account)
            .map_or("", |x| x.token.as_str());
        let n = a.trainings.len();
        lines.push(format!(
            "account {}: token {token} agent {} \"{}\" ({n} training{})",
            a.account,
            a.id,
            a.name,
            if n == 1 { "" } else { "s" }
        ));
    }
    if faults {
        lines.push(
            "faults on: POST /__test/fault, X-Talkover-Fault, GET /__test/requests".to_string(),
        );
    }
    lines
}
