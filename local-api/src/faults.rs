//! Faults on demand, for tests. Off unless the server runs with `--faults`.
//!
//! Arm with `POST /__test/fault` (JSON [`Armed`]) for the next matching
//! `/api` requests, or per request with the header
//! `X-Talkover-Fault: NAME[;delay=MS]`. The faults are [`FAULTS`]
//! (`GET /__test/faults` lists them); README.md says the same in a table.

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::sync::Mutex;
use tokio::sync::watch;

/// A fault waiting for matching requests.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Armed {
    /// The fault's name (see [`Action::for_name`]).
    pub fault: String,
    /// Milliseconds to wait before answering.
    #[serde(default)]
    pub delay_ms: u64,
    /// Keep the request open (after the delay) until `POST /__test/release`,
    /// then answer as the fault says. Always for the `hold` fault.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hold: bool,
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
    /// For `redirect`: the `Location` (default: this server on the other loopback name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// For `redirect` (default 307) and `huge-body` (default 500): the status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// For `huge-body`: the body's size in bytes (default 5 MiB, at most 1 GiB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bytes: Option<u64>,
    /// For `huge-body`: no `Content-Length`, chunked (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chunked: Option<bool>,
    /// For `huge-body`: a JSON-looking body (default true), else `text/plain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json: Option<bool>,
    /// For `many-fields`: how many fields `errors` has (default 1000, at most 100000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<u32>,
}

/// `huge-body`'s default size: 5 MiB.
pub const HUGE_BODY_DEFAULT: u64 = 5 * 1024 * 1024;
/// `huge-body`'s largest size: 1 GiB (sent in 64 KiB chunks, never held whole).
pub const HUGE_BODY_MAX: u64 = 1024 * 1024 * 1024;
/// `many-fields`' default and largest number of fields.
pub const MANY_FIELDS_DEFAULT: u32 = 1000;
pub const MANY_FIELDS_MAX: u32 = 100_000;

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

    /// Whether the request waits for `POST /__test/release`.
    pub fn holds(&self) -> bool {
        self.hold || find(&self.fault).is_some_and(|f| f.does == Does::Hold)
    }

    /// Parses `NAME[;delay=MS][;hold][;retry_after=S]…` from the request header.
    pub fn from_header(value: &str) -> Armed {
        let mut parts = value.split(';').map(str::trim);
        let mut armed = Armed {
            fault: parts.next().unwrap_or_default().to_string(),
            delay_ms: 0,
            hold: false,
            times: 1,
            path_contains: None,
            method: None,
            retry_after: thirty(),
            location: None,
            status: None,
            bytes: None,
            chunked: None,
            json: None,
            fields: None,
        };
        for p in parts {
            if let Some(v) = p.strip_prefix("delay=") {
                armed.delay_ms = v.parse().unwrap_or(0);
            } else if let Some(v) = p.strip_prefix("retry_after=") {
                armed.retry_after = v.parse().ok();
            } else if let Some(v) = p.strip_prefix("location=") {
                armed.location = Some(v.to_string());
            } else if let Some(v) = p.strip_prefix("status=") {
                armed.status = v.parse().ok();
            } else if let Some(v) = p.strip_prefix("bytes=") {
                armed.bytes = v.parse().ok();
            } else if let Some(v) = p.strip_prefix("fields=") {
                armed.fields = v.parse().ok();
            } else if p == "hold" {
                armed.hold = true;
            } else if p == "chunked" || p == "chunked=true" {
                armed.chunked = Some(true);
            } else if p == "json=false" {
                armed.json = Some(false);
            }
        }
        armed
    }

    /// Fills in the defaults of the fault's own fields (`redirect`,
    /// `huge-body`, `many-fields`), so that the armed fault shows them.
    /// `host`: the request's `Host`, for `redirect`'s default `Location`.
    pub fn fill_defaults(&mut self, host: Option<&str>) {
        match find(&self.fault).map(|f| f.does) {
            Some(Does::Redirect) => {
                self.status.get_or_insert(307);
                if self.location.is_none() {
                    self.location = Some(other_loopback_origin(host) + "/__redirected");
                }
            }
            Some(Does::HugeBody) => {
                self.status.get_or_insert(500);
                self.bytes.get_or_insert(HUGE_BODY_DEFAULT);
                self.chunked.get_or_insert(false);
                self.json.get_or_insert(true);
            }
            Some(Does::ManyFields) => {
                self.fields.get_or_insert(MANY_FIELDS_DEFAULT);
            }
            _ => {}
        }
    }

    /// Why this fault cannot be used, if so (after [`Armed::fill_defaults`]):
    /// an unknown name, or a field of its own out of range.
    pub fn check(&self) -> Result<(), String> {
        match find(&self.fault).map(|f| f.does) {
            Some(Does::Redirect) => {
                if !matches!(self.status, Some(301 | 302 | 303 | 307 | 308)) {
                    return Err("redirect: status must be 301, 302, 303, 307 or 308".into());
                }
                let location = self.location.as_deref().unwrap_or("");
                if location.is_empty() || HeaderValue::from_str(location).is_err() {
                    return Err("redirect: location must be a header value".into());
                }
            }
            Some(Does::HugeBody) => {
                if !self.status.is_some_and(|s| (100..=599).contains(&s)) {
                    return Err("huge-body: status must be 100 to 599".into());
                }
                if self.bytes.is_none_or(|b| b > HUGE_BODY_MAX) {
                    return Err(format!("huge-body: bytes must be at most {HUGE_BODY_MAX}"));
                }
            }
            Some(Does::ManyFields)
                if !self
                    .fields
                    .is_some_and(|f| (1..=MANY_FIELDS_MAX).contains(&f)) =>
            {
                return Err(format!(
                    "many-fields: fields must be 1 to {MANY_FIELDS_MAX}"
                ));
            }
            _ => {}
        }
        if Action::for_name(self).is_none() {
            return Err(format!("Unknown fault \"{}\"", self.fault));
        }
        Ok(())
    }
}

/// This server under its other loopback name: `http://localhost:PORT` when
/// `host` is `127.0.0.1:PORT` (or anything else), `http://127.0.0.1:PORT`
/// when it is `localhost:PORT`: another origin, same server, so a test sees
/// in `/__test/requests` whether the redirect was followed.
fn other_loopback_origin(host: Option<&str>) -> String {
    let host = host.unwrap_or("127.0.0.1");
    let (name, port) = match host.rsplit_once(':') {
        Some((n, p)) if !p.contains(']') => (n, Some(p)),
        _ => (host, None),
    };
    let other = if name.eq_ignore_ascii_case("localhost") {
        "127.0.0.1"
    } else {
        "localhost"
    };
    match port {
        Some(p) => format!("http://{other}:{p}"),
        None => format!("http://{other}"),
    }
}

/// What a fault does, whatever its armed fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Does {
    /// The normal answer, after `delay_ms`.
    Delay,
    /// The normal answer once a test releases it (`POST /__test/release`).
    Hold,
    /// No answer: the connection is closed.
    Drop,
    /// This answer, byte for byte.
    Answer {
        status: u16,
        content_type: &'static str,
        body: &'static str,
    },
    /// 429 with `Retry-After` (the armed `retry_after`).
    TooManyAttempts,
    /// A redirect (the armed `status` and `location`).
    Redirect,
    /// A body of the armed `bytes`, made as it is sent.
    HugeBody,
    /// A 422 with the armed number of `fields`.
    ManyFields,
}

/// One fault of the table: its name, what it does, and the sentence that
/// says so (`GET /__test/faults` lists them; README.md has the same table).
#[derive(Debug, Clone, Copy)]
pub struct Fault {
    pub name: &'static str,
    pub does: Does,
    pub what: &'static str,
}

impl Fault {
    /// The status it answers with when armed without a `status` of its own;
    /// `None` when it passes the request on (`delay`, `hold`) or answers nothing (`drop`).
    pub fn status(&self) -> Option<u16> {
        match self.does {
            Does::Delay | Does::Hold | Does::Drop => None,
            Does::Answer { status, .. } => Some(status),
            Does::TooManyAttempts => Some(429),
            Does::Redirect => Some(307),
            Does::HugeBody => Some(500),
            Does::ManyFields => Some(422),
        }
    }
}

impl Serialize for Fault {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        json!({"name": self.name, "status": self.status(), "what": self.what}).serialize(s)
    }
}

const JSON: &str = "application/json";

/// Every fault by name. Any other number from 100 to 599 is a fault too:
/// that status with `{"success":false,"message":"Fault NNN"}`.
pub const FAULTS: &[Fault] = &[
    Fault {
        name: "delay",
        does: Does::Delay,
        what: "the normal answer, after `delay_ms`",
    },
    Fault {
        name: "hold",
        does: Does::Hold,
        what: "the normal answer, once `POST /__test/release` releases it (after `delay_ms`); handled even if the client has gone",
    },
    Fault {
        name: "429",
        does: Does::TooManyAttempts,
        what: "429 Too Many Attempts, with `Retry-After: 30` or `retry_after`'s value (`null`: none)",
    },
    Fault {
        name: "500",
        does: Does::Answer {
            status: 500,
            content_type: JSON,
            body: r#"{"success":false,"message":"Internal server error."}"#,
        },
        what: "500 with the usual `message`",
    },
    Fault {
        name: "500-error-shape",
        does: Does::Answer {
            status: 500,
            content_type: JSON,
            body: r#"{"success":false,"error":{"code":"SERVER_ERROR","message":"Internal server error.","details":null}}"#,
        },
        what: "500 with the message under `error`",
    },
    Fault {
        name: "502-html",
        does: Does::Answer {
            status: 502,
            content_type: "text/html",
            body: BAD_GATEWAY_HTML,
        },
        what: "502, nginx's HTML page",
    },
    Fault {
        name: "empty",
        does: Does::Answer {
            status: 200,
            content_type: JSON,
            body: "",
        },
        what: "200 with an empty body",
    },
    Fault {
        name: "malformed",
        does: Does::Answer {
            status: 200,
            content_type: JSON,
            body: r#"{"success":true,"data":{"id":"#,
        },
        what: "200 with JSON cut short",
    },
    Fault {
        name: "missing-data",
        does: Does::Answer {
            status: 200,
            content_type: JSON,
            body: r#"{"success":true,"message":"Agent training updated successfully"}"#,
        },
        what: "200 without `data`",
    },
    Fault {
        name: "drop",
        does: Does::Drop,
        what: "the connection is closed without a byte",
    },
    Fault {
        name: "401",
        does: Does::Answer {
            status: 401,
            content_type: JSON,
            body: r#"{"success":false,"message":"Unauthenticated."}"#,
        },
        what: "401 Unauthenticated",
    },
    Fault {
        name: "403",
        does: Does::Answer {
            status: 403,
            content_type: JSON,
            body: r#"{"success":false,"message":"You are not authorized to create training for this agent."}"#,
        },
        what: "403, as for another account's agent",
    },
    Fault {
        name: "404",
        does: Does::Answer {
            status: 404,
            content_type: JSON,
            body: r#"{"success":false,"message":"Agent not found"}"#,
        },
        what: "404 Agent not found",
    },
    Fault {
        name: "422-unknown-field",
        does: Does::Answer {
            status: 422,
            content_type: JSON,
            body: r#"{"success":false,"message":"The subject has already been taken. (and 1 more error)","errors":{"subject":["The subject has already been taken."],"priority":["The priority field is required."]}}"#,
        },
        what: "422 for `subject` and for a field the form does not have, `priority`",
    },
    Fault {
        name: "redirect",
        does: Does::Redirect,
        what: "307 (or `status`) to `location`, by default this server under its other loopback name",
    },
    Fault {
        name: "huge-body",
        does: Does::HugeBody,
        what: "500 (or `status`) with a body of `bytes` bytes (5 MiB), with or without `Content-Length`",
    },
    Fault {
        name: "many-fields",
        does: Does::ManyFields,
        what: "422 with `fields` fields in `errors` (1000)",
    },
];

/// The fault of the table with this name.
pub fn find(name: &str) -> Option<&'static Fault> {
    FAULTS.iter().find(|f| f.name == name)
}

/// What a fault does to a request.
pub enum Action {
    /// Handle it normally (after the delay, or once released).
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

fn raw(status: u16, content_type: &'static str, body: &'static str) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

impl Action {
    /// The action of a fault by name; `None` for an unknown name.
    pub fn for_name(armed: &Armed) -> Option<Action> {
        let Some(fault) = find(&armed.fault) else {
            let code: u16 = armed
                .fault
                .parse()
                .ok()
                .filter(|c| (100..=599).contains(c))?;
            return Some(Action::Respond(json_response(
                code,
                json!({"success": false, "message": format!("Fault {code}")}),
            )));
        };
        Some(match fault.does {
            Does::Delay | Does::Hold => Action::Pass,
            Does::Drop => Action::Drop,
            Does::Answer {
                status,
                content_type,
                body,
            } => Action::Respond(raw(status, content_type, body)),
            Does::TooManyAttempts => {
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
            Does::Redirect => {
                let status = StatusCode::from_u16(armed.status.unwrap_or(307))
                    .unwrap_or(StatusCode::TEMPORARY_REDIRECT);
                let mut r = Response::new(Body::empty());
                *r.status_mut() = status;
                if let Some(v) = armed
                    .location
                    .as_deref()
                    .and_then(|l| HeaderValue::from_str(l).ok())
                {
                    r.headers_mut().insert(header::LOCATION, v);
                }
                Action::Respond(r)
            }
            Does::HugeBody => Action::Respond(huge_body(armed)),
            Does::ManyFields => {
                let n = armed.fields.unwrap_or(MANY_FIELDS_DEFAULT).max(1);
                let mut errors = serde_json::Map::new();
                for i in 1..=n {
                    errors.insert(
                        format!("field_{i}"),
                        json!([format!("The field {i} field is required.")]),
                    );
                }
                let message = match n {
                    1 => "The field 1 field is required.".to_string(),
                    2 => "The field 1 field is required. (and 1 more error)".to_string(),
                    _ => format!("The field 1 field is required. (and {} more errors)", n - 1),
                };
                Action::Respond(json_response(
                    422,
                    json!({"success": false, "message": message, "errors": errors}),
                ))
            }
        })
    }
}

/// The requests the `hold` fault keeps waiting, and their release. A release
/// lets go of every request held at that moment and of none that comes
/// later; with nothing held it does nothing.
pub struct Holds {
    /// Bumped by each release; a held request waits for the next bump.
    release: watch::Sender<u64>,
    /// How many are held now.
    held: Mutex<usize>,
}

/// One held request: [`Held::released`] resolves at the next release.
pub struct Held(watch::Receiver<u64>);

impl Held {
    pub async fn released(mut self) {
        // The sender lives as long as the server's state; if it is gone, so is the wait.
        let _ = self.0.changed().await;
    }
}

impl Default for Holds {
    fn default() -> Self {
        Holds {
            release: watch::channel(0).0,
            held: Mutex::new(0),
        }
    }
}

impl Holds {
    /// Holds one request from now on.
    pub fn hold(&self) -> Held {
        let mut held = crate::lock(&self.held);
        *held += 1;
        Held(self.release.subscribe())
    }

    /// How many requests are held now.
    pub fn held(&self) -> usize {
        *crate::lock(&self.held)
    }

    /// Releases every request held now; returns how many.
    pub fn release(&self) -> usize {
        let mut held = crate::lock(&self.held);
        self.release.send_modify(|g| *g += 1);
        std::mem::take(&mut *held)
    }
}

/// `huge-body`'s answer: `bytes` bytes, `{"success":false,"message":"xxx…"}`
/// (when `json` and there is room) or `xxx…` as `text/plain`, sent in 64 KiB
/// chunks; with `Content-Length`, or chunked.
fn huge_body(armed: &Armed) -> Response {
    const PREFIX: &[u8] = br#"{"success":false,"message":""#;
    const SUFFIX: &[u8] = br#""}"#;
    let total = armed.bytes.unwrap_or(HUGE_BODY_DEFAULT).min(HUGE_BODY_MAX);
    let json = armed.json.unwrap_or(true);
    let framed = json && total >= (PREFIX.len() + SUFFIX.len()) as u64;
    let (prefix, suffix) = if framed {
        (Bytes::from_static(PREFIX), Bytes::from_static(SUFFIX))
    } else {
        (Bytes::new(), Bytes::new())
    };
    let body = Filler {
        fill: total - (prefix.len() + suffix.len()) as u64,
        prefix,
        suffix,
        exact: !armed.chunked.unwrap_or(false),
    };
    let mut r = Response::new(Body::new(body));
    *r.status_mut() = StatusCode::from_u16(armed.status.unwrap_or(500))
        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(if json {
            "application/json"
        } else {
            "text/plain"
        }),
    );
    r
}

static FILL: [u8; 64 * 1024] = [b'x'; 64 * 1024];

/// A body of `prefix`, `fill` times `x`, `suffix`, made as it is sent.
struct Filler {
    prefix: Bytes,
    fill: u64,
    suffix: Bytes,
    /// Announce the size (`Content-Length`); else hyper sends it chunked.
    exact: bool,
}

impl http_body::Body for Filler {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: std::pin::Pin<&mut Self>,
        _cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        let this = self.get_mut();
        let data = if !this.prefix.is_empty() {
            std::mem::take(&mut this.prefix)
        } else if this.fill > 0 {
            let n = this.fill.min(FILL.len() as u64) as usize;
            this.fill -= n as u64;
            Bytes::from_static(&FILL[..n])
        } else if !this.suffix.is_empty() {
            std::mem::take(&mut this.suffix)
        } else {
            return std::task::Poll::Ready(None);
        };
        std::task::Poll::Ready(Some(Ok(http_body::Frame::data(data))))
    }

    fn is_end_stream(&self) -> bool {
        self.prefix.is_empty() && self.fill == 0 && self.suffix.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        if self.exact {
            http_body::SizeHint::with_exact(
                self.prefix.len() as u64 + self.fill + self.suffix.len() as u64,
            )
        } else {
            http_body::SizeHint::default()
        }
    }
}
