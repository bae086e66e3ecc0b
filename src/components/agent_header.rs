use leptos::prelude::*;
use talkover_core::state::Msg;
use talkover_core::Agent;

use crate::store::Store;

/// The agent's name and publish state, with the publish and unpublish buttons.
///
/// - `agent`: the agent as last loaded (`None` until loaded).
/// - `heading_id`: id of the heading that names the workspace.
/// - `busy`: a request is in flight; buttons ignore presses.
/// - `store`: a press goes to it (`Msg::Publish`: `true` to publish, `false` to unpublish).
#[component]
pub fn AgentHeader(
    agent: Memo<Option<Agent>>,
    heading_id: String,
    busy: Memo<bool>,
    store: Store,
) -> impl IntoView {
    let published =
        move || agent.with(|a| a.as_ref().is_some_and(|a| a.current_status == "published"));
    // Both buttons are described by the state, so it is read with them.
    let status_id = format!("{heading_id}-status");
    view! {
        <div class="tt-agent-header">
            <h2 class="tt-agent-name" id=heading_id>
                {move || agent.with(|a| a.as_ref().map_or_else(|| "Agent".to_string(), |a| a.name.clone()))}
            </h2>
            {move || agent.with(Option::is_some).then(|| view! {
                <p class="tt-agent-status" id=status_id.clone()>
                    <span class="tt-badge" class:tt-badge--draft=move || !published()>
                        {move || if published() { "published" } else { "draft" }}
                    </span>
                    {move || (!published()).then_some(" — publish to make it live")}
                </p>
                <div class="tt-actions">
                    <button
                        type="button"
                        class="tt-button"
                        aria-describedby=status_id.clone()
                        aria-disabled=move || busy.get().then_some("true")
                        on:click=move |_| if !busy.get_untracked() { store.send(Msg::Publish(true)) }
                    >
                        "Publish"
                    </button>
                    <button
                        type="button"
                        class="tt-button tt-button--secondary"
                        aria-describedby=status_id.clone()
                        aria-disabled=move || (busy.get() || !published()).then_some("true")
                        on:click=move |_| if !busy.get_untracked() && published() { store.send(Msg::Publish(false)) }
                    >
                        "Unpublish"
                    </button>
                </div>
            })}
        </div>
    }
}
