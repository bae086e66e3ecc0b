//! Events for the host page: bubbling `CustomEvent`s on the mount element.
//!
//! - `talkover:training-saved`, detail: the saved training.
//! - `talkover:validation-failed`, detail: `{source, errors: {field: [messages]}}`.
//! - `talkover:request-failed`, detail: `{status, message}` (`status` null when
//!   there was no response).
//!
//! The token is never part of any detail.

use serde::Serialize;
use web_sys::{CustomEvent, CustomEventInit, Element};

/// Dispatches `name` with `detail` on `target`, bubbling and composed.
pub fn emit<T: Serialize>(target: &Element, name: &str, detail: &T) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    if let Ok(value) = detail.serialize(&serializer) {
        init.set_detail(&value);
    }
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}

/// Detail of `talkover:validation-failed`.
#[derive(Serialize)]
pub struct ValidationFailed {
    /// `client` (checked before sending) or `server` (a 422).
    pub source: &'static str,
    pub errors: std::collections::BTreeMap<String, Vec<String>>,
}

/// Detail of `talkover:request-failed`.
#[derive(Serialize)]
pub struct RequestFailed {
    pub status: Option<u16>,
    pub message: String,
}
