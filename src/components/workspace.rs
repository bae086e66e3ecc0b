use leptos::prelude::*;
use talkover_core::state::Msg;

use super::{AgentHeader, DeleteConfirm, RequestError, TrainingList};
use crate::store::Store;

/// The agent workspace around the form: the agent's name and publish state,
/// its trainings (filter, edit, delete) and publishing. It loads as soon as
/// a token and an agent id are there, and again when either changes; every
/// action goes to the agent whose data it shows. Optional: enabled by
/// `data-workspace` or `?workspace`.
///
/// - `store`: the instance's state (shared with the form).
#[component]
pub fn Workspace(store: Store) -> impl IntoView {
    let shown =
        move |s: &talkover_core::state::State| s.workspace.as_ref().and_then(|w| w.shown.clone());
    let agent = store.memo(move |s| shown(s).map(|x| x.agent));
    let trainings = store.memo(move |s| shown(s).map(|x| x.trainings));
    let filter = store.memo(|s| s.workspace.as_ref().map(|w| w.filter).unwrap_or_default());
    let busy = store.memo(|s| s.busy());
    let error = store.memo(|s| s.workspace.as_ref().and_then(|w| w.error.clone()));
    let announcement = store.memo(|s| {
        s.workspace
            .as_ref()
            .map(|w| w.announcement.clone())
            .unwrap_or_default()
    });
    let confirming = store.memo(|s| s.workspace.as_ref().and_then(|w| w.confirming.clone()));
    let hint = store.memo(|s| {
        if talkover_core::form::bearer(&s.token).is_empty() {
            "Trainings appear here once your API token is entered."
        } else if !talkover_core::form::token_errors(&s.token).is_empty() {
            "Trainings appear here once the API token can be sent: see the message under “API token”."
        } else if !s.form.agent_is_valid() {
            "Trainings appear here once an agent ID is entered."
        } else if s.busy() {
            "Loading trainings…"
        } else {
            "The trainings could not be loaded."
        }
        .to_string()
    });
    let heading_id = store.id("workspace-title");
    let (error_id, confirm_id) = (store.id("workspace-error"), store.id("confirm"));

    view! {
        <section class="tt-workspace" aria-labelledby=heading_id.clone() aria-busy=move || busy.get().then_some("true")>
            <AgentHeader agent=agent heading_id=heading_id.clone() busy=busy store=store />
            {move || error.get().map(|e| view! { <RequestError error=e id=error_id.clone() /> })}
            <p class="tt-notice" role="status">{move || announcement.get()}</p>
            {move || confirming.get().map(|t| view! {
                <DeleteConfirm training=t id=confirm_id.clone() store=store />
            })}
            <div class="tt-actions">
                <button type="button" class="tt-button tt-button--secondary" on:click=store.on_click(Msg::Refresh)>
                    "Refresh list"
                </button>
            </div>
            <TrainingList
                trainings=trainings
                filter=filter
                hint=hint
                prefix=store.id("list")
                store=store
            />
        </section>
    }
}
