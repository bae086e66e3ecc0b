//! Events for the host page: bubbling `CustomEvent`s on the mount element.
//!
//! - `talkover:training-saved`, detail: the saved training.
//! - `talkover:validation-failed`, detail: `{source, errors: {field: [messages]}}`.
//! - `talkover:request-failed`, detail: `{status, message}` (`status` null when
//!   there was no response).
//!
//! The token is never part of any detail.

use talkover_core::json;
use talkover_core::{FieldErrors, Training};
use web_sys::{CustomEvent, CustomEventInit, Element};

/// Dispatches `name` on `target`, bubbling and composed, with the JSON text
/// `detail` parsed by the browser as the event's `detail`.
fn emit(target: &Element, name: &str, detail: &str) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    if let Ok(value) = js_sys::JSON::parse(detail) {
        init.set_detail(&value);
    }
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}

/// `talkover:training-saved`, detail: the saved training.
pub fn saved(target: &Element, training: &Training) {
    emit(target, "talkover:training-saved", &training.to_json());
}

/// `talkover:validation-failed`, detail: `{source, errors}`, `source` being
/// `client` (checked before sending) or `server` (a 422), `errors` sorted by
/// field name.
pub fn validation_failed(target: &Element, source: &str, errors: &FieldErrors) {
    // Each field at its sorted place (a few fields: no sort routine in the wasm).
    let mut sorted: Vec<(&str, &[String])> = Vec::new();
    for (field, messages) in errors.iter() {
        let at = sorted.partition_point(|(f, _)| *f < field);
        sorted.insert(at, (field, messages));
    }
    let mut fields = json::Object::new();
    for (field, messages) in sorted {
        fields = fields.raw(field, &json::str_array(messages.iter().map(String::as_str)));
    }
    let detail = json::Object::new()
        .str("source", source)
        .raw("errors", &fields.end())
        .end();
    emit(target, "talkover:validation-failed", &detail);
}

/// `talkover:request-failed`, detail: `{status, message}`.
pub fn request_failed(target: &Element, status: Option<u16>, message: &str) {
    let status = status.map_or("null".to_string(), |s| s.to_string());
    let detail = json::Object::new()
        .raw("status", &status)
        .str("message", message)
        .end();
    emit(target, "talkover:request-failed", &detail);
}
