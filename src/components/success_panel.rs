use leptos::prelude::*;
use talkover_core::Training;
use wasm_bindgen::JsValue;

/// Formats an API timestamp in the reader's locale and time zone, with
/// `Intl.DateTimeFormat` options; shows it unchanged when the browser cannot
/// read it.
pub fn format_time(timestamp: &str, options: &JsValue) -> String {
    let date = js_sys::Date::new(&JsValue::from_str(timestamp));
    if date.get_time().is_nan() {
        return timestamp.to_string();
    }
    date.to_locale_string("default", options)
        .as_string()
        .unwrap_or_else(|| timestamp.to_string())
}

/// The full local date and time (with seconds).
pub fn local_time(timestamp: &str) -> String {
    format_time(timestamp, &JsValue::UNDEFINED)
}

/// A short local date and time: "15 Jan 2024, 12:00" in en-GB (the options
/// through the browser's JSON.parse, which the bundle imports already).
#[cfg(feature = "workspace")]
pub fn short_time(timestamp: &str) -> String {
    let options = js_sys::JSON::parse(r#"{"dateStyle":"medium","timeStyle":"short"}"#);
    format_time(timestamp, &options.unwrap_or_default())
}

/// The saved training, and the reminder that the agent must be published again.
///
/// - `training`: what the server saved (its text is rendered as text).
/// - `note`: what happened to the entry this one replaced, if any.
/// - `id`: the panel's id; focus moves here after saving.
#[component]
pub fn SuccessPanel(training: Training, note: Option<String>, id: String) -> impl IntoView {
    view! {
        <div class="tt-panel tt-panel--success" role="status" tabindex="-1" id=id>
            <h2 class="tt-panel-title">"Training saved"</h2>
            <dl class="tt-summary-list">
                <dt>"Subject"</dt>
                <dd class="tt-saved-subject">{training.subject.clone()}</dd>
                <dt>"Status"</dt>
                <dd>{training.current_status.as_str()}</dd>
                <dt>"Training ID"</dt>
                <dd>
                    <code class="tt-saved-id">{training.id.clone()}</code>
                </dd>
                <dt>"Created"</dt>
                <dd>
                    <time datetime=training.created_at.clone()>{local_time(&training.created_at)}</time>
                </dd>
                <dt>"Last updated"</dt>
                <dd>
                    <time datetime=training.updated_at.clone()>{local_time(&training.updated_at)}</time>
                </dd>
            </dl>
            {note.map(|n| view! { <p class="tt-replace-note">{n}</p> })}
            <p class="tt-panel-note">
                "The agent is now a draft: publish it again in Talkover to make this training live."
            </p>
        </div>
    }
}
