//! HTTP with gloo-net: every call has a 30-second limit, sends the token only
//! in `Authorization`, and returns the raw status, `Retry-After` and body for
//! the core to decode. Transport failures become core errors here.

use gloo_net::http::{Request, RequestBuilder};
use talkover_core::ApiError;
use web_sys::AbortSignal;

/// Requests still unanswered after this are aborted.
pub const TIMEOUT_SECONDS: u32 = 30;

/// What came back, undecoded.
pub struct RawResponse {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: Vec<u8>,
}

/// The HTTP methods the API uses.
#[derive(Clone, Copy, Debug)]
pub enum Method {
    Get,
    Post,
    Delete,
}

/// Sends a request. `origin` names the API origin in the unreachable message.
pub async fn send(
    method: Method,
    url: &str,
    token: &str,
    json_body: Option<String>,
    origin: &str,
) -> Result<RawResponse, ApiError> {
    let signal = AbortSignal::timeout_with_u32(TIMEOUT_SECONDS * 1000);
    let started = js_sys::Date::now();
    let builder: RequestBuilder = match method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
        Method::Delete => Request::delete(url),
    };
    let builder = builder
        .header("Accept", "application/json")
        .header("Authorization", &format!("Bearer {token}"))
        .abort_signal(Some(&signal));
    let failed = |e: gloo_net::Error| {
        let timed_out = signal.aborted()
            || matches!(&e, gloo_net::Error::JsError(j) if j.name == "TimeoutError" || j.name == "AbortError")
            || js_sys::Date::now() - started >= f64::from(TIMEOUT_SECONDS) * 1000.0 - 50.0;
        if timed_out {
            ApiError::TimedOut {
                seconds: TIMEOUT_SECONDS,
            }
        } else {
            ApiError::Unreachable {
                origin: origin.to_string(),
            }
        }
    };
    let request = match json_body {
        Some(body) => builder
            .header("Content-Type", "application/json")
            .body(body),
        None => builder.build(),
    }
    .map_err(failed)?;
    let response = request.send().await.map_err(failed)?;
    let status = response.status();
    let retry_after = response.headers().get("retry-after");
    // A connection dropped mid-body reads as a failure here, not as an empty body.
    let body = response.binary().await.map_err(failed)?;
    Ok(RawResponse {
        status,
        retry_after,
        body,
    })
}
