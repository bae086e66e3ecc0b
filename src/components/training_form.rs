use leptos::prelude::*;
use talkover_core::state::Msg;
use talkover_core::validate::trim;
use talkover_core::Field;

use super::{
    EditNotice, ErrorSummary, FormOutcome, ReplaceQuestion, StatusField, TextField, TokenField,
};
use crate::store::Store;

/// The create/update training form: a view over the form's state.
///
/// - `store`: the instance's state; every input and button sends it a message.
/// - `lock_agent`: the agent id is set by the page and shown read-only.
/// - `api_url`: the API base shown above the fields.
/// - `config_error`: why the configured API base was refused, if it was.
#[component]
pub fn TrainingForm(
    store: Store,
    lock_agent: bool,
    api_url: String,
    config_error: Option<String>,
) -> impl IntoView {
    let value = move |f: Field| store.memo(move |s| s.form.values.get(f).to_string());
    let errors = move |f: Field| store.memo(move |s| s.form.errors.of(f).to_vec());
    let blur = move |f: Field| move |()| store.send(Msg::Blur(f));
    let input = move |f: Field| move |v: String| store.send(Msg::Input(f, v));
    let saving = store.memo(|s| s.saving());
    let refused = config_error.is_some();
    let node_hint = store.memo(|s| {
        if trim(&s.form.values.node_id).is_empty() {
            "Leave empty to create a new training. To update a training, give its Node ID."
        } else {
            "Saving updates the training with this Node ID, or creates one if the agent has none."
        }
        .to_string()
    });
    let edit_notice = store.id("edit-notice");
    let agent_hint = if lock_agent {
        "Set by this page."
    } else {
        "In Talkover, under Voice Agents: open the agent and copy its ID."
    };

    view! {
        <form
            class="tt-form"
            novalidate
            aria-busy=move || saving.get().then_some("true")
            on:submit=move |ev| {
                ev.prevent_default();
                store.send(Msg::Submit);
            }
        >
            {config_error.map(|message| view! {
                <div class="tt-panel tt-panel--error" role="alert">
                    <h2 class="tt-panel-title">"This form is not set up correctly"</h2>
                    <p>{message}</p>
                </div>
            })}
            <ErrorSummary store=store />
            <FormOutcome store=store />
            <p class="tt-api">"Saving to " <strong class="tt-origin">{api_url}</strong></p>
            <ReplaceQuestion store=store />
            <EditNotice store=store />
            <TextField
                id=store.field_id(Field::AgentId) name="agent_id" label="Agent ID" hint=agent_hint
                value=value(Field::AgentId) errors=errors(Field::AgentId) readonly=lock_agent
                on_blur=blur(Field::AgentId) on_input=input(Field::AgentId)
            />
            <TextField
                id=store.field_id(Field::NodeId) name="node_id" label="Node ID (optional)" hint=node_hint
                value=value(Field::NodeId) errors=errors(Field::NodeId)
                on_blur=blur(Field::NodeId) on_input=input(Field::NodeId)
            />
            <TextField
                id=store.field_id(Field::Subject) name="subject" label="Subject"
                hint="A short title for this topic, such as “Opening hours”. At most 255 characters."
                value=value(Field::Subject) errors=errors(Field::Subject) count_id=store.id("subject-count")
                notice_id=store.memo(move |s| s.form.editing.as_ref().map(|_| edit_notice.clone()))
                on_blur=blur(Field::Subject) on_input=input(Field::Subject)
            />
            <TextField
                id=store.field_id(Field::Instructions) name="instructions" label="Instructions"
                hint="What the agent should know and do for this topic. Be specific, use the active voice, and include examples."
                value=value(Field::Instructions) errors=errors(Field::Instructions) multiline=true
                on_blur=blur(Field::Instructions) on_input=input(Field::Instructions)
            />
            <StatusField
                id=store.field_id(Field::CurrentStatus) value=value(Field::CurrentStatus)
                errors=errors(Field::CurrentStatus) on_input=input(Field::CurrentStatus)
            />
            // A refused API base: no token field, so no token is ever typed for it.
            {(!refused).then(|| view! {
                <TokenField
                    id=store.field_id(Field::Token) value=store.memo(|s| s.token.clone()) origin=store.origin()
                    errors=errors(Field::Token) on_blur=blur(Field::Token) on_input=input(Field::Token)
                    on_forget=move |()| store.send(Msg::ForgetToken)
                />
            })}
            <div class="tt-actions">
                <button
                    type="submit"
                    class="tt-button"
                    aria-disabled=move || (saving.get() || refused).then_some("true")
                >
                    {move || if saving.get() { "Saving…" } else { "Save training" }}
                </button>
                <button type="button" class="tt-button tt-button--secondary" on:click=store.on_click(Msg::Clear)>
                    "Clear form"
                </button>
            </div>
        </form>
    }
}
