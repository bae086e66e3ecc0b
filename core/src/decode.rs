//! Every HTTP response, or its absence, mapped to an outcome with a sentence
//! a person can act on.
//!
//! The decoders take the status, the `Retry-After` header and the body bytes
//! exactly as received. They never panic, whatever the bytes (a property test
//! feeds them arbitrary input), and every error has a non-empty message.
//! Server text is returned as plain strings; the shell renders it as text.

use thiserror::Error;

use crate::json::Json;
use crate::types::{Agent, FieldErrors, Training};

/// Why a request did not give the wanted result.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ApiError {
    /// 422 with per-field messages.
    #[error("The server did not accept the training: {} error(s) to fix.", .0.count() + .0.hidden())]
    Invalid(FieldErrors),
    /// 401.
    #[error("The API token was not accepted ({message}). Paste a valid token and try again.")]
    Unauthenticated { message: String },
    /// 403.
    #[error("This token may not change this agent ({message}). Check that the agent belongs to the token’s account.")]
    Forbidden { message: String },
    /// 404.
    #[error("Not found ({message}). Check the agent ID.")]
    NotFound { message: String },
    /// 429.
    #[error("{}", rate_limited_message(*.retry_after_secs))]
    RateLimited { retry_after_secs: Option<u64> },
    /// A refusal with an explanation that is not per field (e.g. publish when not ready).
    #[error("The server refused the request (HTTP {status}): {message}")]
    Rejected { status: u16, message: String },
    /// 5xx with a readable JSON message.
    #[error("The server had a problem (HTTP {status}): {message} Your text is still here; try again in a moment.")]
    Server { status: u16, message: String },
    /// Any response whose body is not what the API documents (HTML from a
    /// proxy, an empty body, malformed JSON, missing fields).
    #[error("The server answered with HTTP {status} {}but not with a response this form understands ({detail}). Your text is still here; try again in a moment.", reason_phrase(*.status))]
    BadResponse { status: u16, detail: String },
    /// The request never got an answer: offline, DNS, CORS refusal, dropped connection.
    #[error("The browser could not reach {origin}. Check your connection. If this page is on another site than the API, the API must allow this page’s origin (CORS), or the page must use a same-origin proxy.")]
    Unreachable { origin: String },
    /// The browser refused to send the request (a header value it cannot
    /// send, a request it cannot build): nothing left this page.
    #[error(
        "The request could not be sent ({reason}). Nothing was sent; your text is still here."
    )]
    NotSent { reason: String },
    /// The API answered with a redirect, which is not followed: nothing is
    /// re-sent anywhere (the browser does not let the page see where to).
    #[error("The API answered with a redirect to another address. This form does not follow redirects, so nothing was sent there. Check the API address with whoever runs the API.")]
    Redirected,
    /// No answer within the time limit; the request was aborted.
    #[error("The server did not answer within {seconds} seconds, so the request was stopped. It may or may not have been saved: check the list before saving again.")]
    TimedOut { seconds: u32 },
}

impl ApiError {
    /// A short title for the error panel.
    pub fn title(&self) -> &'static str {
        match self {
            ApiError::Invalid(_) => "There is a problem",
            ApiError::Unauthenticated { .. } => "The API token was not accepted",
            ApiError::Forbidden { .. } => "Not allowed",
            ApiError::NotFound { .. } => "Not found",
            ApiError::RateLimited { .. } => "Too many requests",
            ApiError::Rejected { .. } => "Request refused",
            ApiError::Server { .. } | ApiError::BadResponse { .. } => "The server had a problem",
            ApiError::Unreachable { .. } => "Could not reach the API",
            ApiError::TimedOut { .. } => "The request timed out",
            ApiError::NotSent { .. } => "The request could not be sent",
            ApiError::Redirected => "The API redirected the request",
        }
    }

    /// The HTTP status, when there was a response.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Invalid(_) => Some(422),
            ApiError::Unauthenticated { .. } => Some(401),
            ApiError::Forbidden { .. } => Some(403),
            ApiError::NotFound { .. } => Some(404),
            ApiError::RateLimited { .. } => Some(429),
            ApiError::Rejected { status, .. }
            | ApiError::Server { status, .. }
            | ApiError::BadResponse { status, .. } => Some(*status),
            ApiError::Unreachable { .. }
            | ApiError::TimedOut { .. }
            | ApiError::NotSent { .. }
            | ApiError::Redirected => None,
        }
    }
}

fn rate_limited_message(retry_after: Option<u64>) -> String {
    match retry_after {
        Some(0) | None => {
            "Too many requests were sent. Wait a minute, then save again; your text is still here."
                .to_string()
        }
        Some(1) => "Too many requests were sent. Wait 1 second, then save again; your text is still here.".to_string(),
        Some(s) if s < 120 => format!(
            "Too many requests were sent. Wait {s} seconds, then save again; your text is still here."
        ),
        Some(s) => format!(
            "Too many requests were sent. Wait about {} minutes, then save again; your text is still here.",
            s.div_ceil(60)
        ),
    }
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "(OK) ",
        400 => "(Bad Request) ",
        413 => "(Payload Too Large) ",
        415 => "(Unsupported Media Type) ",
        500 => "(Internal Server Error) ",
        502 => "(Bad Gateway) ",
        503 => "(Service Unavailable) ",
        504 => "(Gateway Timeout) ",
        _ => "",
    }
}

/// `Retry-After` in seconds. HTTP dates are not converted (no clock here):
/// they give `None`, and the message asks for a minute's wait.
pub fn parse_retry_after(value: Option<&str>) -> Option<u64> {
    value?.trim().parse::<u64>().ok()
}

/// The longest server text shown; longer text is cut with an ellipsis.
const MAX_MESSAGE_CHARS: usize = 300;

fn clean_message(s: &str) -> Option<String> {
    let t: String = s
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_string();
    if t.is_empty() {
        return None;
    }
    if t.chars().count() > MAX_MESSAGE_CHARS {
        let cut: String = t.chars().take(MAX_MESSAGE_CHARS).collect();
        return Some(format!("{cut}…"));
    }
    Some(t)
}

/// The server's message from either documented error shape:
/// `{"message": "…"}` or `{"error": {"message": "…"}}`.
fn body_message(body: &Json) -> Option<String> {
    body.get("message")
        .and_then(Json::as_str)
        .and_then(clean_message)
        .or_else(|| {
            body.get("error")
                .and_then(|e| e.get("message"))
                .and_then(Json::as_str)
                .and_then(clean_message)
        })
        .or_else(|| {
            body.get("error")
                .and_then(Json::as_str)
                .and_then(clean_message)
        })
}

/// `errors` of a 422 body: `{field: [messages]}` (a single string is accepted too).
/// Fields of a 422 that are kept and shown; the rest are counted.
pub const MAX_ERROR_FIELDS: usize = 50;
/// Messages kept per field.
pub const MAX_FIELD_MESSAGES: usize = 10;
/// Largest response body read; larger ones are refused unread.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// A response too large to read (see [`MAX_BODY_BYTES`]).
pub fn too_large(status: u16) -> ApiError {
    ApiError::BadResponse {
        status,
        detail: "its body was larger than 1 MiB, so it was not read".to_string(),
    }
}

fn body_field_errors(body: &Json) -> Option<FieldErrors> {
    let map = body
        .get("errors")
        .or_else(|| body.get("error").and_then(|e| e.get("details")))?
        .as_object()?;
    let mut errors = FieldErrors::new();
    // The form's own fields first, so that a long 422 never pushes them out;
    // then the others in the order received.
    let known = |name: &str| crate::Field::from_api_name(name).is_some();
    let ordered = crate::Field::ALL
        .iter()
        .filter_map(|f| map.iter().find(|(name, _)| name == f.api_name()))
        .chain(map.iter().filter(|(name, _)| !known(name)));
    for (field, msgs) in ordered {
        let list: Vec<&str> = match msgs {
            Json::String(s) => vec![s.as_str()],
            Json::Array(a) => a.iter().filter_map(Json::as_str).collect(),
            _ => vec![],
        };
        // Bounded: a hostile 422 with thousands of fields costs nothing more.
        let room = if errors.iter().count() < MAX_ERROR_FIELDS {
            MAX_FIELD_MESSAGES
        } else {
            0
        };
        let kept: Vec<String> = list
            .iter()
            .filter_map(|m| clean_message(m))
            .take(room)
            .collect();
        errors.hide(list.len() - kept.len());
        for m in kept {
            errors.push(field, m);
        }
    }
    (!errors.is_empty()).then_some(errors)
}

fn describe_body(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let t = text.trim_start();
    if t.is_empty() {
        "the body was empty".to_string()
    } else if t.starts_with('<') {
        "it sent an HTML page".to_string()
    } else {
        "the body was not valid JSON".to_string()
    }
}

/// Maps a non-success response to an error. `status` is any status code.
pub fn decode_error(status: u16, retry_after: Option<&str>, body: &[u8]) -> ApiError {
    let json = Json::parse(body);
    let message = json.as_ref().and_then(body_message);
    let fallback = |text: &str| message.clone().unwrap_or_else(|| text.to_string());
    match status {
        401 => ApiError::Unauthenticated {
            message: fallback("Unauthenticated."),
        },
        403 => ApiError::Forbidden {
            message: fallback("Forbidden."),
        },
        404 => ApiError::NotFound {
            message: fallback("Not found."),
        },
        429 => ApiError::RateLimited {
            retry_after_secs: parse_retry_after(retry_after),
        },
        422 => match json.as_ref().and_then(body_field_errors) {
            Some(errors) => ApiError::Invalid(errors),
            None => match message {
                Some(message) => ApiError::Rejected { status, message },
                None => ApiError::BadResponse {
                    status,
                    detail: describe_body(body),
                },
            },
        },
        _ => match (json.is_some(), message) {
            (_, Some(message)) if status >= 500 => ApiError::Server { status, message },
            (_, Some(message)) => ApiError::Rejected { status, message },
            (true, None) => ApiError::BadResponse {
                status,
                detail: "the body had no message".to_string(),
            },
            (false, None) => ApiError::BadResponse {
                status,
                detail: describe_body(body),
            },
        },
    }
}

/// `success: false` in a 2xx body.
fn says_failure(body: &Json) -> bool {
    body.get("success") == Some(&Json::Bool(false))
}

fn decode_success<T>(
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
    what: &str,
    read: fn(&Json) -> Option<T>,
) -> Result<T, ApiError> {
    if !(200..300).contains(&status) {
        return Err(decode_error(status, retry_after, body));
    }
    let Some(v) = Json::parse(body) else {
        return Err(ApiError::BadResponse {
            status,
            detail: describe_body(body),
        });
    };
    if says_failure(&v) {
        return Err(decode_error(500, None, body));
    }
    // `{"data": …}` (or, as serde reads a struct, `[…]`).
    v.field("data", 0, 1)
        .flatten()
        .and_then(read)
        .ok_or_else(|| ApiError::BadResponse {
            status,
            detail: format!("the body lacked the {what}"),
        })
}

/// `POST …/trainings`: the saved training, or why not.
pub fn decode_save(
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> Result<Training, ApiError> {
    decode_success(
        status,
        retry_after,
        body,
        "saved training",
        Training::from_json,
    )
}

/// `GET …/trainings`: the agent's trainings.
pub fn decode_list(
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> Result<Vec<Training>, ApiError> {
    decode_success(
        status,
        retry_after,
        body,
        "list of trainings",
        |data| match data {
            Json::Array(items) => items.iter().map(Training::from_json).collect(),
            _ => None,
        },
    )
}

/// `GET /api/v1/agents/{id}` and the publish calls: the agent.
pub fn decode_agent(
    status: u16,
    retry_after: Option<&str>,
    body: &[u8],
) -> Result<Agent, ApiError> {
    decode_success(status, retry_after, body, "agent", Agent::from_json)
}

/// `DELETE …/trainings/{id}`: success has no `data`.
pub fn decode_delete(status: u16, retry_after: Option<&str>, body: &[u8]) -> Result<(), ApiError> {
    if !(200..300).contains(&status) {
        return Err(decode_error(status, retry_after, body));
    }
    match Json::parse(body) {
        Some(v) if says_failure(&v) => Err(decode_error(500, None, body)),
        // 204 or an empty 200 still means deleted.
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAVED: &str = r#"{"success":true,"message":"Agent training updated successfully","data":{"id":"training-uuid-1","subject":"Product Knowledge","instructions":"Learn.","current_status":"active","created_at":"2024-01-15T10:30:00Z","updated_at":"2024-01-15T12:00:00Z"}}"#;

    #[test]
    fn saved_training_is_decoded_whatever_the_message() {
        let t = decode_save(200, None, SAVED.as_bytes()).unwrap();
        assert_eq!(t.id, "training-uuid-1");
        assert_eq!(t.current_status, crate::Status::Active);
        let created = SAVED.replace("updated successfully", "created");
        assert_eq!(decode_save(201, None, created.as_bytes()).unwrap(), t);
    }

    #[test]
    fn documented_422_maps_every_field() {
        let body = r#"{"success":false,"message":"The given data was invalid.","errors":{"subject":["The subject field is required."],"instructions":["The instructions field is required."],"current_status":["The selected current status is invalid."],"foo":["Unknown."]}}"#;
        let ApiError::Invalid(e) = decode_save(422, None, body.as_bytes()).unwrap_err() else {
            panic!("not invalid")
        };
        let order: Vec<_> = e.iter().map(|(f, _)| f).collect();
        assert_eq!(order, ["subject", "instructions", "current_status", "foo"]);
        assert_eq!(e.get("foo"), ["Unknown."]);
    }

    #[test]
    fn error_shapes_both_read() {
        let a = decode_error(
            404,
            None,
            br#"{"success":false,"message":"Agent not found"}"#,
        );
        assert_eq!(
            a,
            ApiError::NotFound {
                message: "Agent not found".into()
            }
        );
        let b = decode_error(
            404,
            None,
            br#"{"success":false,"error":{"code":"AGENT_NOT_FOUND","message":"Agent not found","details":null}}"#,
        );
        assert_eq!(a, b);
        assert!(matches!(
            decode_error(500, None, br#"{"success":false,"error":{"code":"SERVER_ERROR","message":"Internal server error."}}"#),
            ApiError::Server { status: 500, .. }
        ));
        assert_eq!(
            decode_error(401, None, b""),
            ApiError::Unauthenticated {
                message: "Unauthenticated.".into()
            }
        );
        let f = decode_error(403, None, br#"{"success":false,"message":"You are not authorized to create training for this agent."}"#);
        assert!(f.to_string().contains("You are not authorized"));
    }

    #[test]
    fn rate_limit_uses_retry_after() {
        let e = decode_error(429, Some("30"), b"");
        assert_eq!(
            e,
            ApiError::RateLimited {
                retry_after_secs: Some(30)
            }
        );
        assert!(e.to_string().contains("Wait 30 seconds"));
        assert!(decode_error(429, None, b"")
            .to_string()
            .contains("Wait a minute"));
        assert!(
            decode_error(429, Some("Wed, 21 Oct 2015 07:28:00 GMT"), b"")
                .to_string()
                .contains("Wait a minute")
        );
        assert!(decode_error(429, Some("600"), b"")
            .to_string()
            .contains("10 minutes"));
    }

    #[test]
    fn malformed_bodies_name_the_status() {
        let html = decode_error(502, None, b"<html><body>Bad Gateway</body></html>");
        assert_eq!(
            html,
            ApiError::BadResponse {
                status: 502,
                detail: "it sent an HTML page".into()
            }
        );
        assert!(html.to_string().contains("HTTP 502"));
        assert!(matches!(
            decode_save(200, None, b""),
            Err(ApiError::BadResponse { status: 200, .. })
        ));
        assert!(matches!(
            decode_save(200, None, b"{\"success\":tr"),
            Err(ApiError::BadResponse { status: 200, .. })
        ));
        let missing = decode_save(200, None, br#"{"success":true,"message":"ok"}"#).unwrap_err();
        assert!(
            missing.to_string().contains("lacked the saved training"),
            "{missing}"
        );
        let partial = decode_save(200, None, br#"{"success":true,"data":{"id":"x"}}"#);
        assert!(partial.is_err());
    }

    #[test]
    fn a_422_without_errors_is_a_refusal_with_its_explanation() {
        let e = decode_agent(
            422,
            None,
            br#"{"success":false,"message":"Agent is not ready to publish: add an active training."}"#,
        )
        .unwrap_err();
        assert!(matches!(e, ApiError::Rejected { status: 422, .. }));
        assert!(e.to_string().contains("not ready to publish"));
    }

    #[test]
    fn list_and_delete() {
        assert_eq!(
            decode_list(200, None, br#"{"success":true,"data":[]}"#).unwrap(),
            vec![]
        );
        assert!(decode_delete(
            200,
            None,
            br#"{"success":true,"message":"Agent training deleted successfully"}"#
        )
        .is_ok());
        assert!(decode_delete(204, None, b"").is_ok());
        assert!(matches!(
            decode_delete(
                404,
                None,
                br#"{"success":false,"message":"Training not found"}"#
            ),
            Err(ApiError::NotFound { .. })
        ));
    }

    #[test]
    fn server_text_is_cleaned_and_bounded() {
        let long = format!(r#"{{"message":"{}"}}"#, "x".repeat(1000));
        let ApiError::Server { message, .. } = decode_error(500, None, long.as_bytes()) else {
            panic!()
        };
        assert_eq!(message.chars().count(), MAX_MESSAGE_CHARS + 1);
        let ApiError::Forbidden { message } =
            decode_error(403, None, b"{\"message\":\"a\\u0000b\\nc\"}")
        else {
            panic!()
        };
        assert_eq!(message, "abc");
    }

    #[test]
    fn a_huge_422_is_capped_and_counted() {
        let mut errors = serde_json::Map::new();
        for i in 0..10_000 {
            errors.insert(
                format!("field_{i:05}"),
                serde_json::json!(["Bad.", "Worse."]),
            );
        }
        errors.insert("subject".into(), serde_json::json!(vec!["x"; 30]));
        let body = serde_json::json!({"message": "no", "errors": errors}).to_string();
        match decode_error(422, None, body.as_bytes()) {
            ApiError::Invalid(e) => {
                assert_eq!(e.iter().count(), MAX_ERROR_FIELDS);
                assert_eq!(
                    e.of(crate::Field::Subject).len(),
                    MAX_FIELD_MESSAGES,
                    "{:?}",
                    e.iter().next()
                );
                assert_eq!(e.count() + e.hidden(), 20_030);
                assert!(ApiError::Invalid(e).to_string().contains("20030 error(s)"));
            }
            other => panic!("{other:?}"),
        }
    }
}
