//! The one typed API client: sends a core [`Request`] with gloo-net and
//! returns its answer for [`Msg::Answer`](talkover_core::state::Msg::Answer).
//!
//! Every call has a 30-second limit, sends the token only in
//! `Authorization`, sends no cookies (`credentials: "omit"`), follows no
//! redirect (`redirect: "manual"`: a redirect is reported, and nothing is
//! re-sent to where it points), and reads at most 1 MiB of body. Nothing here
//! throws or panics: a request the browser refuses to build, a network
//! failure or the time limit all become an [`ApiError`] with a sentence for
//! the user.

use gloo_net::http::{Headers, RequestBuilder, Response};
use js_sys::{Reflect, Uint8Array};
use talkover_core::decode::{too_large, MAX_BODY_BYTES};
use talkover_core::state::{Method, Raw, Request};
use talkover_core::ApiError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortSignal, ReadableStreamDefaultReader, RequestCredentials, RequestRedirect, ResponseType,
};

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

/// Sends `request`; the answer, or why there is none. `ends`, when given,
/// aborts it too (the instance was unmounted).
pub async fn send(request: &Request, ends: Option<AbortSignal>) -> Result<Raw, ApiError> {
    let timeout = AbortSignal::timeout_with_u32(TIMEOUT_SECONDS * 1000);
    let signal = match ends {
        Some(ends) => AbortSignal::any(&js_sys::Array::of2(&timeout, &ends)),
        None => timeout,
    };
    let started = js_sys::Date::now();
    let method = match request.method {
        Method::Get => gloo_net::http::Method::GET,
        Method::Post => gloo_net::http::Method::POST,
        Method::Delete => gloo_net::http::Method::DELETE,
    };
    let builder = RequestBuilder::new(&request.url)
        .method(method)
        .headers(headers(request)?)
        .credentials(RequestCredentials::Omit)
        .redirect(RequestRedirect::Manual)
        .abort_signal(Some(&signal));
    let failed = || {
        if signal.aborted()
            || js_sys::Date::now() - started >= f64::from(TIMEOUT_SECONDS) * 1000.0 - 50.0
        {
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
    let response = built.send().await.map_err(|_| failed())?;
    if response.type_() == ResponseType::Opaqueredirect {
        return Err(ApiError::Redirected);
    }
    let status = response.status();
    let retry_after = response.headers().get("retry-after");
    let declared = response
        .headers()
        .get("content-length")
        .and_then(|l| l.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large(status));
    }
    // A connection dropped mid-body reads as a failure here, not as an empty body.
    let body = read_at_most(&response, MAX_BODY_BYTES)
        .await
        .map_err(|_| failed())?
        .ok_or_else(|| too_large(status))?;
    Ok(Raw {
        status,
        retry_after,
        body,
    })
}

/// The body, read chunk by chunk; `None` (and the rest cancelled) once it
/// would exceed `limit` bytes.
async fn read_at_most(response: &Response, limit: usize) -> Result<Option<Vec<u8>>, JsValue> {
    let Some(stream) = response.body() else {
        return Ok(Some(Vec::new()));
    };
    let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut body = Vec::new();
    loop {
        let chunk = JsFuture::from(reader.read()).await?;
        if Reflect::get(&chunk, &"done".into())?.as_bool() != Some(false) {
            return Ok(Some(body));
        }
        let value: Uint8Array = Reflect::get(&chunk, &"value".into())?.unchecked_into();
        let start = body.len();
        let len = value.length() as usize;
        if start + len > limit {
            let _ = reader.cancel();
            return Ok(None);
        }
        body.resize(start + len, 0);
        value.copy_to(&mut body[start..]);
    }
}
