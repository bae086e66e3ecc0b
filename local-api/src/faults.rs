//! Faults on demand, for tests. Off unless the server runs with `--faults`.
//!
//! Arm with `POST /__test/fault` (JSON [`Armed`]) for the next matching
//! `/api` requests, or per request with the header
//! `X-Talkover-Fault: NAME[;delay=MS]`. See README.md for the list.

use axum::body::Body;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// A fault waiting for matching requests.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Armed {
    /// The fault's name (see [`Action::for_name`]).
    pub fault: String,
    /// Milliseconds to wait before answering.
    #[serde(default)]
    pub delay_ms: u64,
    /// How many requests it applies to.
    #[serde(default = "one")]
    pub times: u32,
    /// Only requests whose path contains this.
    #[serde(default)]
    pub path_contains: Option<String>,
    /// Only requests with this method.
    #[serde(default)]
    pub method: Option<String>,
    /// For `429`: the `Retry-After` seconds; `null` sends none.
    #[serde(default = "thirty")]
    pub retry_after: Option<u64>,
}

fn one() -> u32 {
    1
}

fn thirty() -> Option<u64> {
    Some(30)
}

impl Armed {
    pub fn matches(&self, method: &str, path: &str) -> bool {
        self.times > 0
            && self
                .path_contains
                .as_deref()
                .is_none_or(|p| path.contains(p))
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
    }

    /// Parses `NAME[;delay=MS][;retry_after=S]` from the request header.
    pub fn from_header(value: &str) -> Armed {
        let mut parts = value.split(';').map(str::trim);
        let mut armed = Armed {
            fault: parts.next().unwrap_or_default().to_string(),
            delay_ms: 0,
            times: 1,
            path_contains: None,
            method: None,
            retry_after: thirty(),
        };
        for p in parts {
            if let Some(v) = p.strip_prefix("delay=") {
                armed.delay_ms = v.parse().unwrap_or(0);
            } else if let Some(v) = p.strip_prefix("retry_after=") {
                armed.retry_after = v.parse().ok();
            }
        }
        armed
    }
}

/// What a fault does to a request.
pub enum Action {
    /// Handle it normally (after the delay).
    Pass,
    /// Answer with this instead.
    Respond(Response),
    /// Close the connection without any answer.
    Drop,
}

pub const BAD_GATEWAY_HTML: &str = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

fn json_response(status: u16, body: serde_json::Value) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, axum::Json(body)).into_response()
}

fn raw(status: StatusCode, content_type: &'static str, body: &'static str) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

impl Action {
    /// The action of a fault by name; `None` for an unknown name.
    pub fn for_name(armed: &Armed) -> Option<Action> {
        let name = armed.fault.as_str();
        Some(match name {
            "delay" => Action::Pass,
            "drop" => Action::Drop,
            "429" => {
                let mut r = json_response(
                    429,
                    json!({"success": false, "message": "Too Many Attempts."}),
                );
                if let Some(s) = armed.retry_after {
                    r.headers_mut()
                        .insert(header::RETRY_AFTER, HeaderValue::from(s));
                }
                Action::Respond(r)
            }
            "500" => Action::Respond(json_response(
                500,
                json!({"success": false, "message": "Internal server error."}),
            )),
            "500-error-shape" => Action::Respond(json_response(
                500,
                json!({"success": false, "error": {"code": "SERVER_ERROR", "message": "Internal server error.", "details": null}}),
            )),
            "502-html" => {
                Action::Respond(raw(StatusCode::BAD_GATEWAY, "text/html", BAD_GATEWAY_HTML))
            }
            "empty" => Action::Respond(raw(StatusCode::OK, "application/json", "")),
            "malformed" => Action::Respond(raw(
                StatusCode::OK,
                "application/json",
                "{\"success\":true,\"data\":{\"id\":",
            )),
            "missing-data" => Action::Respond(json_response(
                200,
                json!({"success": true, "message": "Agent training updated successfully"}),
            )),
            "401" => Action::Respond(json_response(
                401,
                json!({"success": false, "message": "Unauthenticated."}),
            )),
            "403" => Action::Respond(json_response(
                403,
                json!({"success": false, "message": "You are not authorized to create training for this agent."}),
            )),
            "404" => Action::Respond(json_response(
                404,
                json!({"success": false, "message": "Agent not found"}),
            )),
            "422-unknown-field" => Action::Respond(json_response(
                422,
                json!({
                    "success": false,
                    "message": "The subject has already been taken. (and 1 more error)",
                    "errors": {
                        "subject": ["The subject has already been taken."],
                        "priority": ["The priority field is required."]
                    }
                }),
            )),
            other => {
                let code: u16 = other.parse().ok().filter(|c| (100..=599).contains(c))?;
                Action::Respond(json_response(
                    code,
                    json!({"success": false, "message": format!("Fault {code}")}),
                ))
            }
        })
    }
}
