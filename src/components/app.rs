use leptos::prelude::*;
use talkover_core::Settings;
use web_sys::Element;

use super::TrainingForm;
#[cfg(feature = "workspace")]
use super::Workspace;
use crate::state::Shared;

/// One mounted instance: the training form, and around it the agent
/// workspace when the configuration asks for it.
///
/// - `settings`: what the mount point asked for (API base, agent, status…).
/// - `host`: the mount element; host events are dispatched on it.
/// - `prefix`: makes every element id of this instance unique on the page.
#[component]
pub fn App(settings: Settings, host: Element, prefix: String) -> impl IntoView {
    let shared = Shared::new(
        &settings,
        host,
        settings.agent_id.clone().unwrap_or_default(),
    );
    let workspace = settings.workspace && settings.api.is_ok();
    // Built without the workspace (the loader picks the bundle with it for
    // pages that ask for it; see Cargo.toml, feature `workspace`): form only.
    #[cfg(feature = "workspace")]
    let aside = workspace.then(|| view! { <Workspace shared=shared prefix=prefix.clone() /> });
    #[cfg(not(feature = "workspace"))]
    let (workspace, aside) = {
        if workspace {
            leptos::logging::warn!(
                "talkover-training: this bundle has no workspace; load the page through its loader or talkover-training.js"
            );
        }
        (false, ())
    };
    view! {
        <div class="tt-root" class:tt-root--workspace=workspace>
            {aside}
            <TrainingForm settings=settings shared=shared prefix=prefix />
        </div>
    }
}
