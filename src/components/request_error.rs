use leptos::prelude::*;
use talkover_core::ApiError;

/// A failed request explained in one sentence (status, network, time-out).
///
/// - `error`: what went wrong; its text, including server text, is rendered as text.
/// - `id`: the panel's id; focus moves here when it appears.
#[component]
pub fn RequestError(error: ApiError, id: String) -> impl IntoView {
    view! {
        <div class="tt-panel tt-panel--error" role="alert" tabindex="-1" id=id>
            <h2 class="tt-panel-title">{error.title()}</h2>
            <p class="tt-request-error-message">{error.to_string()}</p>
        </div>
    }
}
