//! The one typed API client: sends a core [`Request`] with gloo-net and
//! returns its answer for [`Msg::Answer`](talkover_core::state::Msg::Answer).
//!
//! Every call has a 30-second limit and sends the token only in
//! `Authorization`. Nothing here throws or panics: a request the browser
//! refuses to build (a header value it cannot send), a network failure or the
//! time limit all become an [`ApiError`] with a sentence for the user.

use gloo_net::http::{Headers, RequestBuilder};
use talkover_core::state::{Method, Raw, Request};
use talkover_core::ApiError;
use web_sys::AbortSignal;

/// Requests still unanswered after this are aborted.
pub const TIMEOUT_SECONDS: u32 = 30;

/// The headers of a request; `Err` names the header the browser refused.
fn headers(request: &Request) -> Result<Headers, ApiError> {
    let not_sent = |what: &str| ApiError::NotSent {
        reason: format!("the browser refused the {what} header"),
    };
    let raw = web_sys::Headers::new().map_err(|_| not_sent("empty"))?;
    raw.set("Accept", "application/json")
        .map_err(|_| not_sent("Accept"))?;
    raw.set("Authorization", &format!("Bearer {}", request.token))
        .map_err(|_| {
            not_sent("Authorization (the API token has a character that cannot be sent)")
        })?;
    if request.body.is_some() {
        raw.set("Content-Type", "application/json")
            .map_err(|_| not_sent("Content-Type"))?;
    }
    Ok(Headers::from_raw(raw))
}

/// Sends `request`; the answer, or why there is none.
pub async fn send(request: &Request) -> Result<Raw, ApiError> {
    let signal = AbortSignal::timeout_with_u32(TIMEOUT_SECONDS * 1000);
    let started = js_sys::Date::now();
    let method = match request.method {
        Method::Get => gloo_net::http::Method::GET,
        Method::Post => gloo_net::http::Method::POST,
        Method::Delete => gloo_net::http::Method::DELETE,
    };
    let builder = RequestBuilder::new(&request.url)
        .method(method)
        .headers(headers(request)?)
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
                origin: request.origin.clone(),
            }
        }
    };
    let built = match &request.body {
        Some(body) => builder.body(body.clone()),
        None => builder.build(),
    }
    .map_err(|e| ApiError::NotSent {
        reason: format!("the browser could not build it: {e}"),
    })?;
    let response = built.send().await.map_err(failed)?;
    let status = response.status();
    let retry_after = response.headers().get("retry-after");
    // A connection dropped mid-body reads as a failure here, not as an empty body.
    let body = response.binary().await.map_err(failed)?;
    Ok(Raw {
        status,
        retry_after,
        body,
    })
}
