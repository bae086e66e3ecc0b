//! A local Talkover API: the demo's backend and the end-to-end tests' real
//! server. It answers as `shared/api/` documents the hosted API: routes,
//! status codes, bodies, Laravel's validation, auth, CORS. With `--faults` it
//! also fails on demand (see [`faults`]).

pub mod faults;
pub mod routes;
pub mod store;
pub mod validation;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde::Serialize;
use serde_json::json;
use tokio::net::TcpListener;
use tokio::sync::Notify;
use tower::ServiceExt;

use faults::{Action, Armed};
use store::Store;

/// Largest request body accepted (Laravel's default `post_max_size` is larger;
/// 1 MiB is what the hosted API's proxy is documented to allow here).
pub const BODY_LIMIT: usize = 1024 * 1024;

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
    /// Enable `/__test/*` and fault injection.
    pub faults: bool,
    pub cors: Cors,
    /// Keep state in this JSON file across restarts.
    pub state_file: Option<PathBuf>,
    /// Print one line per request (never the token).
    pub log: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            faults: false,
            cors: Cors::Loopback,
            state_file: None,
            log: false,
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
    pub authorization: Option<String>,
    pub content_type: Option<String>,
    pub body: String,
}

pub struct AppState {
    pub store: Mutex<Store>,
    pub config: Config,
    pub armed: Mutex<Vec<Armed>>,
    pub requests: Mutex<VecDeque<Recorded>>,
}

impl AppState {
    pub fn new(config: Config, store: Store) -> Arc<AppState> {
        Arc::new(AppState {
            store: Mutex::new(store),
            config,
            armed: Mutex::new(Vec::new()),
            requests: Mutex::new(VecDeque::new()),
        })
    }

    /// Writes the state file after a change, when there is one.
    pub fn persist(&self, store: &Store) {
        if let Some(path) = &self.config.state_file {
            if let Err(e) = store.save(path) {
                eprintln!("local-api: could not save {}: {e}", path.display());
            }
        }
    }
}

/// Locks a mutex, recovering from a panic elsewhere (the data stays usable).
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Inserted into each request by [`serve`]: lets a fault close the connection.
#[derive(Clone)]
pub struct DropHandle(Arc<Notify>);

pub fn json_reply(status: StatusCode, body: serde_json::Value) -> Response {
    (status, axum::Json(body)).into_response()
}

/// The whole application.
pub fn app(state: Arc<AppState>) -> Router {
    let mut router = routes::api();
    if state.config.faults {
        router = router.merge(routes::test_control());
    }
    router
        .fallback(routes::not_found)
        .layer(middleware::from_fn_with_state(state.clone(), gate))
        .with_state(state)
}

const ALLOW_HEADERS: &str = "authorization, content-type, accept, x-talkover-fault";

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

/// Every request passes here: body limit, recording, CORS, faults, logging.
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

    // CORS preflight.
    if method == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        let mut r = StatusCode::NO_CONTENT.into_response();
        add_cors(&state, origin.as_deref(), r.headers_mut());
        if r.headers()
            .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        {
            let h = r.headers_mut();
            h.insert(
                header::ACCESS_CONTROL_ALLOW_METHODS,
                HeaderValue::from_static("GET, POST, DELETE, OPTIONS"),
            );
            h.insert(
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                HeaderValue::from_static(ALLOW_HEADERS),
            );
            h.insert(
                header::ACCESS_CONTROL_MAX_AGE,
                HeaderValue::from_static("600"),
            );
        }
        record(&state, &method, &path, &origin, req.headers(), b"");
        log(&state, &method, &path, r.status());
        return r;
    }

    let (parts, body) = req.into_parts();
    let bytes: Bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
        Ok(b) => b,
        Err(_) => {
            let mut r = json_reply(
                StatusCode::PAYLOAD_TOO_LARGE,
                json!({"success": false, "message": "The request entity is too large."}),
            );
            add_cors(&state, origin.as_deref(), r.headers_mut());
            log(&state, &method, &path, r.status());
            return r;
        }
    };
    if is_api {
        record(&state, &method, &path, &origin, &parts.headers, &bytes);
    }

    // A fault, armed or asked for in the request.
    let fault = if state.config.faults && is_api {
        parts
            .headers
            .get("x-talkover-fault")
            .and_then(|v| v.to_str().ok())
            .map(Armed::from_header)
            .or_else(|| {
                let mut armed = lock(&state.armed);
                let i = armed
                    .iter()
                    .position(|a| a.matches(method.as_str(), &path))?;
                armed[i].times -= 1;
                let hit = armed[i].clone();
                if armed[i].times == 0 {
                    armed.remove(i);
                }
                Some(hit)
            })
    } else {
        None
    };
    let drop_handle = parts.extensions.get::<DropHandle>().cloned();
    let req = Request::from_parts(parts, Body::from(bytes));

    let mut response = match fault {
        Some(armed) => {
            if armed.delay_ms > 0 {
                tokio::time::sleep(Duration::from_millis(armed.delay_ms)).await;
            }
            match Action::for_name(&armed) {
                Some(Action::Pass) => next.run(req).await,
                Some(Action::Respond(r)) => r,
                Some(Action::Drop) => {
                    log(
                        &state,
                        &method,
                        &path,
                        StatusCode::from_u16(499).unwrap_or(StatusCode::BAD_REQUEST),
                    );
                    if let Some(DropHandle(n)) = drop_handle {
                        n.notify_one();
                        std::future::pending::<()>().await;
                    }
                    // Only `serve` can close a connection; elsewhere say so.
                    return json_reply(
                        StatusCode::NOT_IMPLEMENTED,
                        json!({"success": false, "message": "The drop fault needs local_api::serve."}),
                    );
                }
                None => json_reply(
                    StatusCode::BAD_REQUEST,
                    json!({"success": false, "message": format!("Unknown fault {:?}", armed.fault)}),
                ),
            }
        }
        None => next.run(req).await,
    };
    add_cors(&state, origin.as_deref(), response.headers_mut());
    log(&state, &method, &path, response.status());
    response
}

fn record(
    state: &AppState,
    method: &Method,
    path: &str,
    origin: &Option<String>,
    headers: &HeaderMap,
    body: &[u8],
) {
    if !state.config.faults {
        return;
    }
    let get = |h: header::HeaderName| {
        headers
            .get(h)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let mut requests = lock(&state.requests);
    if requests.len() >= 1000 {
        requests.pop_front();
    }
    requests.push_back(Recorded {
        method: method.to_string(),
        path: path.to_string(),
        origin: origin.clone(),
        authorization: get(header::AUTHORIZATION),
        content_type: get(header::CONTENT_TYPE),
        body: String::from_utf8_lossy(body).into_owned(),
    });
}

fn log(state: &AppState, method: &Method, path: &str, status: StatusCode) {
    if state.config.log {
        println!("{method} {path} {}", status.as_u16());
    }
}

/// Serves `app` on `listener` until the process ends. Each connection gets a
/// [`DropHandle`], so that the `drop` fault can close it without an answer.
pub async fn serve(listener: TcpListener, app: Router) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let app = app.clone();
        tokio::spawn(async move {
            let notify = Arc::new(Notify::new());
            let handle = DropHandle(notify.clone());
            let service = hyper::service::service_fn(
                move |mut req: hyper::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(handle.clone());
                    app.clone().oneshot(req.map(Body::new))
                },
            );
            let builder =
                hyper_util::server::conn::auto::Builder::new(hyper_util::rt::TokioExecutor::new());
            let conn = builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            tokio::select! {
                _ = conn => {}
                _ = notify.notified() => {}
            }
        });
    }
}

/// Binds `addr`, serves in the background, and returns the bound address.
pub async fn start(
    config: Config,
    store: Store,
    addr: SocketAddr,
) -> std::io::Result<(SocketAddr, Arc<AppState>)> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    let state = AppState::new(config, store);
    tokio::spawn(serve(listener, app(state.clone())));
    Ok((local, state))
}
