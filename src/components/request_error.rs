use leptos::html::Div;
use leptos::prelude::*;
use talkover_core::ApiError;

/// A failed request explained in one sentence (status, network, time-out).
///
/// - `error`: what went wrong; its text, including server text, is rendered as text.
/// - `node_ref`: lets the form move focus here.
#[component]
pub fn RequestError(error: ApiError, node_ref: NodeRef<Div>) -> impl IntoView {
    view! {
        <div class="tt-panel tt-panel--error" role="alert" tabindex="-1" node_ref=node_ref>
            <h2 class="tt-panel-title">{error.title()}</h2>
            <p class="tt-request-error-message">{error.to_string()}</p>
        </div>
    }
}
