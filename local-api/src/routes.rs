//! The API's routes, and the test-only control routes.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use axum::routing::{delete, get, post};
use axum::Router;
use serde_json::{json, Value};

use crate::faults::{self, Armed};
use crate::store::{now, Agent, Training};
use crate::validation::{parse_body, summary_message, validate};
use crate::{json_reply, lock, AppState};

type Shared = State<Arc<AppState>>;

pub fn api() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/api/v1/agents/{agent_id}",
            get(show_agent).fallback(method_not_allowed),
        )
        .route(
            "/api/v1/agents/{agent_id}/trainings",
            post(save_training)
                .get(list_trainings)
                .fallback(method_not_allowed),
        )
        .route(
            "/api/v1/agents/{agent_id}/trainings/{training_id}",
            delete(delete_training).fallback(method_not_allowed),
        )
        .route(
            "/api/v1/agents/{agent_id}/publish",
            post(publish).fallback(method_not_allowed),
        )
        .route(
            "/api/v1/agents/{agent_id}/unpublish",
            post(unpublish).fallback(method_not_allowed),
        )
}

pub fn test_control() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/__test/fault",
            post(arm_fault).get(show_faults).delete(disarm_faults),
        )
        .route("/__test/faults", get(list_faults))
        .route("/__test/release", post(release_held).get(show_held))
        .route(
            "/__test/requests",
            get(show_requests).delete(clear_requests),
        )
        .route("/__test/panic", get(panic_now))
        .route_layer(axum::middleware::from_fn(guard_control))
}

/// `127.0.0.1`, `localhost` or `[::1]`, with or without a port: the only
/// `Host` a test's own request has. Another name that resolves to this
/// server (DNS rebinding, from a page on the web) cannot arm faults.
pub fn is_loopback_host(host: &str) -> bool {
    let (name, port) = if host.starts_with('[') {
        match host.split_once(']') {
            Some((name, rest)) => (&host[..name.len() + 1], rest),
            None => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) => (name, &host[name.len()..][..port.len() + 1]),
            None => (host, ""),
        }
    };
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| p.parse::<u16>().is_ok());
    port_ok
        && ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .any(|n| name.eq_ignore_ascii_case(n))
}

/// The `/__test` routes answer only requests with a loopback `Host` (else
/// 421), and POSTs only with a JSON content type (else 415): a page on
/// another origin can send `text/plain` without a preflight, not JSON.
async fn guard_control(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let hosts = [
        req.headers()
            .get(header::HOST)
            .map(|h| h.to_str().unwrap_or("")),
        req.uri().authority().map(|a| a.as_str()),
    ];
    let host_ok = hosts[0].is_some() && hosts.iter().flatten().all(|h| is_loopback_host(h));
    if !host_ok {
        return json_reply(
            StatusCode::MISDIRECTED_REQUEST,
            json!({"message": "The /__test routes answer only a loopback Host (127.0.0.1, localhost, [::1])."}),
        );
    }
    if req.method() == Method::POST {
        let json_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"));
        if !json_type {
            return json_reply(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                json!({"message": "POST /__test routes need Content-Type: application/json."}),
            );
        }
    }
    next.run(req).await
}

/// Panics, to show that a panic is answered with a 500 and the server goes on.
async fn panic_now() -> Response {
    panic!("asked for by GET /__test/panic")
}

pub async fn not_found(uri: Uri) -> Response {
    json_reply(
        StatusCode::NOT_FOUND,
        json!({"message": format!("The route {} could not be found.", uri.path().trim_start_matches('/'))}),
    )
}

async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    json_reply(
        StatusCode::METHOD_NOT_ALLOWED,
        json!({"message": format!("The {method} method is not supported for route {}.", uri.path().trim_start_matches('/'))}),
    )
}

/// Where `{agent_id}` and `{training_id}` sit in `/api/v1/agents/{agent_id}/trainings/{training_id}`.
const AGENT: usize = 3;
const TRAINING: usize = 5;

/// Path segment `index` (0 is `api`), percent-decoded; bytes that are not
/// UTF-8 become U+FFFD. Used instead of axum's `Path`, which answers an id
/// like `%FF` with a plain-text 400 before authentication: such an id names
/// nothing, so it gets the usual JSON 401, then 404, as in Laravel.
fn segment(uri: &Uri, index: usize) -> String {
    let raw = uri
        .path()
        .split('/')
        .nth(index + 1)
        .unwrap_or("")
        .as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let byte = match (raw[i], raw.get(i + 1), raw.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) => hex(h).zip(hex(l)).map(|(h, l)| (h * 16 + l) as u8),
            _ => None,
        };
        match byte {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(raw[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What an endpoint does, for the 403 sentence.
#[derive(Clone, Copy)]
enum Verb {
    View,
    CreateTraining,
    DeleteTraining,
    Publish,
    Unpublish,
}

impl Verb {
    fn forbidden(self) -> &'static str {
        match self {
            Verb::View => "You are not authorized to view this agent.",
            Verb::CreateTraining => "You are not authorized to create training for this agent.",
            Verb::DeleteTraining => "You are not authorized to delete training for this agent.",
            Verb::Publish => "You are not authorized to publish this agent.",
            Verb::Unpublish => "You are not authorized to unpublish this agent.",
        }
    }
}

fn unauthenticated() -> Response {
    json_reply(
        StatusCode::UNAUTHORIZED,
        json!({"success": false, "message": "Unauthenticated."}),
    )
}

/// The token of `Authorization: Bearer <token>`, as Laravel reads it: the
/// scheme exactly `Bearer`, one space, then a token without white space.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ")?;
    (!token.is_empty() && !token.contains(char::is_whitespace)).then_some(token)
}

/// 401, then 404, then 403, as the hosted API answers; on success runs `f`
/// on the agent with the store locked.
fn with_agent(
    state: &AppState,
    headers: &HeaderMap,
    agent_id: &str,
    verb: Verb,
    f: impl FnOnce(&mut Agent) -> (Response, bool),
) -> Response {
    let mut store = lock(&state.store);
    let Some(account) = bearer(headers)
        .and_then(|t| store.account_of_token(t))
        .map(|a| a.name.clone())
    else {
        return unauthenticated();
    };
    let Some(agent) = store.agent_mut(agent_id) else {
        return json_reply(
            StatusCode::NOT_FOUND,
            json!({"success": false, "message": "Agent not found"}),
        );
    };
    if agent.account != account {
        return json_reply(
            StatusCode::FORBIDDEN,
            json!({"success": false, "message": verb.forbidden()}),
        );
    }
    // With a state file, the agent as it was: a change that cannot be saved is undone.
    let before = state.config.state_file.is_some().then(|| agent.clone());
    let (response, changed) = f(agent);
    if changed && state.persist(&store).is_err() {
        if let Some(before) = before {
            if let Some(agent) = store.agent_mut(agent_id) {
                *agent = before;
            }
        }
        return json_reply(
            StatusCode::INTERNAL_SERVER_ERROR,
            json!({"success": false, "message": "Internal server error: the state file could not be saved."}),
        );
    }
    response
}

async fn show_agent(State(state): Shared, uri: Uri, headers: HeaderMap) -> Response {
    let agent_id = segment(&uri, AGENT);
    with_agent(&state, &headers, &agent_id, Verb::View, |agent| {
        (
            json_reply(
                StatusCode::OK,
                json!({"success": true, "data": agent.to_json()}),
            ),
            false,
        )
    })
}

async fn list_trainings(State(state): Shared, uri: Uri, headers: HeaderMap) -> Response {
    let agent_id = segment(&uri, AGENT);
    with_agent(&state, &headers, &agent_id, Verb::View, |agent| {
        let list: Vec<Value> = agent.trainings.iter().map(Training::to_json).collect();
        (
            json_reply(StatusCode::OK, json!({"success": true, "data": list})),
            false,
        )
    })
}

async fn save_training(
    State(state): Shared,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let agent_id = segment(&uri, AGENT);
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let input = parse_body(content_type, &body);
    let max_trainings = state.config.max_trainings;
    let max_agent_bytes = state.config.max_agent_bytes;
    with_agent(&state, &headers, &agent_id, Verb::CreateTraining, |agent| {
        let valid = match validate(&input) {
            Ok(v) => v,
            Err(errors) => {
                let message = summary_message(&errors);
                return (
                    json_reply(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        json!({"success": false, "message": message, "errors": errors}),
                    ),
                    false,
                );
            }
        };
        // The agent's size after this save, in bytes of text; a save that
        // would grow it past the budget is refused (one that shrinks it is not).
        let size = |node_id: &Option<String>, subject: &str, instructions: &str| {
            node_id.as_ref().map_or(0, String::len) + subject.len() + instructions.len()
        };
        let total: usize = agent
            .trainings
            .iter()
            .map(|t| size(&t.node_id, &t.subject, &t.instructions))
            .sum();
        let replaced = valid.node_id.as_ref().and_then(|n| {
            agent
                .trainings
                .iter()
                .find(|t| t.node_id.as_ref() == Some(n))
                .map(|t| size(&t.node_id, &t.subject, &t.instructions))
        });
        let after = total - replaced.unwrap_or(0)
            + size(&valid.node_id, &valid.subject, &valid.instructions);
        if max_agent_bytes > 0 && after > max_agent_bytes && after > total {
            let message = format!(
                "The agent's trainings are too large: {max_agent_bytes} bytes of text at most. Delete or shorten one first."
            );
            return (
                json_reply(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    json!({"success": false, "message": message, "errors": {"trainings": [message]}}),
                ),
                false,
            );
        }
        let at = now();
        let full = max_trainings > 0 && agent.trainings.len() >= max_trainings;
        let existing = valid.node_id.as_ref().and_then(|n| {
            agent
                .trainings
                .iter_mut()
                .find(|t| t.node_id.as_ref() == Some(n))
        });
        let saved = match existing {
            Some(t) => {
                t.subject = valid.subject;
                t.instructions = valid.instructions;
                t.current_status = valid.current_status;
                t.updated_at = at;
                t.clone()
            }
            None if full => {
                let message = format!(
                    "The agent has too many trainings: {max_trainings} at most. Delete one first."
                );
                return (
                    json_reply(
                        StatusCode::UNPROCESSABLE_ENTITY,
                        json!({"success": false, "message": message, "errors": {"trainings": [message]}}),
                    ),
                    false,
                );
            }
            None => {
                let t = Training {
                    id: uuid::Uuid::new_v4().to_string(),
                    node_id: valid.node_id,
                    subject: valid.subject,
                    instructions: valid.instructions,
                    current_status: valid.current_status,
                    created_at: at.clone(),
                    updated_at: at,
                };
                agent.trainings.push(t.clone());
                t
            }
        };
        agent.touch();
        (
            json_reply(
                StatusCode::OK,
                json!({"success": true, "message": "Agent training updated successfully", "data": saved.to_json()}),
            ),
            true,
        )
    })
}

async fn delete_training(State(state): Shared, uri: Uri, headers: HeaderMap) -> Response {
    let agent_id = segment(&uri, AGENT);
    let training_id = segment(&uri, TRAINING);
    with_agent(&state, &headers, &agent_id, Verb::DeleteTraining, |agent| {
        let before = agent.trainings.len();
        agent.trainings.retain(|t| t.id != training_id);
        if agent.trainings.len() == before {
            return (
                json_reply(
                    StatusCode::NOT_FOUND,
                    json!({"success": false, "message": "Training not found"}),
                ),
                false,
            );
        }
        agent.touch();
        (
            json_reply(
                StatusCode::OK,
                json!({"success": true, "message": "Agent training deleted successfully"}),
            ),
            true,
        )
    })
}

fn publish_reply(agent: &Agent, message: &str) -> Response {
    json_reply(
        StatusCode::OK,
        json!({
            "success": true,
            "message": message,
            "data": {
                "id": agent.id,
                "name": agent.name,
                "current_status": agent.current_status,
                "is_ready_to_publish": agent.is_ready_to_publish(),
                "updated_at": agent.updated_at,
            }
        }),
    )
}

async fn publish(State(state): Shared, uri: Uri, headers: HeaderMap) -> Response {
    let agent_id = segment(&uri, AGENT);
    with_agent(&state, &headers, &agent_id, Verb::Publish, |agent| {
        if !agent.is_ready_to_publish() {
            return (
                json_reply(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    json!({"success": false, "message": "Agent is not ready to publish: add at least one active training."}),
                ),
                false,
            );
        }
        agent.current_status = "published".to_string();
        agent.updated_at = now();
        (publish_reply(agent, "Agent published successfully"), true)
    })
}

async fn unpublish(State(state): Shared, uri: Uri, headers: HeaderMap) -> Response {
    let agent_id = segment(&uri, AGENT);
    with_agent(&state, &headers, &agent_id, Verb::Unpublish, |agent| {
        agent.current_status = "draft".to_string();
        agent.updated_at = now();
        (publish_reply(agent, "Agent unpublished successfully"), true)
    })
}

/// `POST /__test/fault` (JSON only, see [`guard_control`]): a number is a
/// fault name (`{"fault": 418}`), and anything else that is not a fault is a
/// JSON 400, as documented.
async fn arm_fault(State(state): Shared, headers: HeaderMap, body: Bytes) -> Response {
    let mut value: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    if let Some(code) = value.get("fault").filter(|f| f.is_number()).cloned() {
        value["fault"] = Value::String(code.to_string());
    }
    let mut armed: Armed = match serde_json::from_value(value) {
        Ok(a) => a,
        Err(e) => {
            return json_reply(
                StatusCode::BAD_REQUEST,
                json!({"message": format!("Not a fault: {e}")}),
            )
        }
    };
    if armed.times == 0 {
        return json_reply(
            StatusCode::BAD_REQUEST,
            json!({"message": "times must be at least 1"}),
        );
    }
    armed.fill_defaults(headers.get(header::HOST).and_then(|h| h.to_str().ok()));
    if let Err(message) = armed.check() {
        return json_reply(StatusCode::BAD_REQUEST, json!({"message": message}));
    }
    lock(&state.armed).push(armed.clone());
    json_reply(StatusCode::OK, json!({"armed": armed}))
}

async fn show_faults(State(state): Shared) -> Response {
    json_reply(StatusCode::OK, json!({"armed": *lock(&state.armed)}))
}

async fn disarm_faults(State(state): Shared) -> Response {
    lock(&state.armed).clear();
    json_reply(StatusCode::OK, json!({"armed": []}))
}

/// `GET /__test/faults`: the table of faults, [`faults::FAULTS`].
async fn list_faults() -> Response {
    json_reply(StatusCode::OK, json!({"faults": faults::FAULTS}))
}

/// `GET /__test/release`: how many requests the `hold` fault holds now.
async fn show_held(State(state): Shared) -> Response {
    json_reply(StatusCode::OK, json!({"held": state.holds.held()}))
}

/// `POST /__test/release`: lets every held request go on; says how many.
async fn release_held(State(state): Shared) -> Response {
    json_reply(StatusCode::OK, json!({"released": state.holds.release()}))
}

async fn show_requests(State(state): Shared) -> Response {
    json_reply(StatusCode::OK, json!({"requests": *lock(&state.requests)}))
}

async fn clear_requests(State(state): Shared) -> Response {
    lock(&state.requests).clear();
    json_reply(StatusCode::OK, json!({"requests": []}))
}
