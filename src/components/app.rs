use leptos::prelude::*;
use talkover_core::Settings;

use super::TrainingForm;
#[cfg(feature = "workspace")]
use super::Workspace;
use crate::store::Store;

/// One mounted instance: the training form, and around it the agent
/// workspace when the configuration asks for it.
///
/// - `settings`: what the mount point asked for (API base, agent, status…).
/// - `store`: the instance's state (made by `mount`, which keeps it for the
///   host's later changes).
#[component]
pub fn App(settings: Settings, store: Store) -> impl IntoView {
    let workspace = store.state.with_untracked(|s| s.workspace.is_some());
    if settings.workspace && settings.api.is_ok() && !workspace {
        // Built without the workspace (the loader picks the bundle with it for
        // pages that ask for it; see Cargo.toml, feature `workspace`).
        leptos::logging::warn!(
            "talkover-training: this bundle has no workspace; load the page through its loader or talkover-training.js"
        );
    }
    #[cfg(feature = "workspace")]
    let aside = workspace.then(|| view! { <Workspace store=store /> });
    #[cfg(not(feature = "workspace"))]
    let aside = ();
    let api_url = settings
        .api
        .as_ref()
        .map(|a| a.as_url())
        .unwrap_or_default();
    let config_error = settings.api.as_ref().err().map(ToString::to_string);
    view! {
        <div class="tt-root" class:tt-root--workspace=workspace>
            {aside}
            <TrainingForm store=store lock_agent=settings.lock_agent api_url=api_url config_error=config_error />
        </div>
    }
}
