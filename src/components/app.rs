use leptos::prelude::*;
use talkover_core::Settings;
use web_sys::Element;

use super::TrainingForm;

/// One mounted instance: the training form for one configuration.
///
/// - `settings`: what the mount point asked for (API base, agent, status…).
/// - `host`: the mount element; host events are dispatched on it.
/// - `prefix`: makes every element id of this instance unique on the page.
#[component]
pub fn App(settings: Settings, host: Element, prefix: String) -> impl IntoView {
    let host = StoredValue::new_local(host);
    view! {
        <div class="tt-root">
            <TrainingForm settings=settings host=host prefix=prefix />
        </div>
    }
}
