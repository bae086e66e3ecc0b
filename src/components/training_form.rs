use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use talkover_core::config::draft_key;
use talkover_core::decode::{decode_delete, decode_save};
use talkover_core::form::token_errors;
use talkover_core::validate::trim;
use talkover_core::{ApiError, Field, FieldErrors, FormValues, Settings, Training};

use super::a11y::focus_when_rendered;
use super::{
    CharacterCount, EditNotice, ErrorSummary, RequestError, StatusField, SuccessPanel, TextField,
    TokenField,
};
use crate::draft::keep_draft;
use crate::events::{emit, ValidationFailed};
use crate::http::{self, Method};
use crate::state::{EditRequest, Shared};
use crate::storage;

/// The result of the last request, when it is shown as a panel.
#[derive(Clone)]
enum Panel {
    /// The saved training, and what happened to the entry it replaced, if any.
    Saved(Training, Option<String>),
    Failed(ApiError),
}

/// The create/update training form: fields, validation, submit and outcome.
///
/// - `settings`: API base, agent and defaults from the mount point.
/// - `shared`: token, agent and edit requests shared with the workspace.
/// - `prefix`: makes this instance's element ids unique on the page.
#[component]
pub fn TrainingForm(settings: Settings, shared: Shared, prefix: String) -> impl IntoView {
    let host = shared.host;
    let api = settings.api.clone();
    let origin = api.as_ref().map(|a| a.origin()).unwrap_or_default();
    let draft_storage_key = format!(
        "{}:{prefix}",
        draft_key(&origin, settings.agent_id.as_deref().unwrap_or(""))
    );

    // What is typed. A draft of this agent, if any, comes back after a reload.
    let draft = storage::get(&draft_storage_key).and_then(|d| FormValues::from_draft(&d));
    let initial = |pick: fn(&FormValues) -> &String, default: String| {
        draft.as_ref().map(|d| pick(d).clone()).unwrap_or(default)
    };
    let default_status = settings.default_status.as_str().to_string();
    let agent_id = shared.agent_id;
    if !settings.lock_agent {
        agent_id.set(initial(
            |d| &d.agent_id,
            settings.agent_id.clone().unwrap_or_default(),
        ));
    }
    let node_id = RwSignal::new(initial(|d| &d.node_id, String::new()));
    let subject = RwSignal::new(initial(|d| &d.subject, String::new()));
    let instructions = RwSignal::new(initial(|d| &d.instructions, String::new()));
    let status = RwSignal::new(
        draft
            .as_ref()
            .map(|d| d.current_status.clone())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| default_status.clone()),
    );
    let token = shared.token;

    let errors = RwSignal::new(FieldErrors::new());
    let show_summary = RwSignal::new(false);
    let panel = RwSignal::new(None::<Panel>);
    let in_flight = RwSignal::new(false);
    let summary_ref = NodeRef::<Div>::new();
    let panel_ref = NodeRef::<Div>::new();

    // What is typed, read with tracking (for the draft effect); `values`
    // reads the same without tracking, for event handlers.
    let snapshot = move || FormValues {
        agent_id: agent_id.get(),
        node_id: node_id.get(),
        subject: subject.get(),
        instructions: instructions.get(),
        current_status: status.get(),
    };
    let values = move || untrack(snapshot);

    // Keep the draft as the user types (never the token).
    keep_draft(draft_storage_key.clone(), snapshot);
    // A training chosen in the workspace list comes into the form.
    let editing = RwSignal::new(None::<EditRequest>);
    let delete_old = RwSignal::new(true);
    Effect::new(move |_| {
        if let Some(request) = shared.edit.get() {
            subject.set(request.training.subject.clone());
            instructions.set(request.training.instructions.clone());
            status.set(request.training.current_status.as_str().to_string());
            node_id.set(request.node_id.clone().unwrap_or_default());
            errors.set(FieldErrors::new());
            show_summary.set(false);
            panel.set(None);
            delete_old.set(true);
            editing.set(Some(request));
        }
    });

    let field_id = {
        let prefix = prefix.clone();
        move |field: Field| format!("{prefix}-{}", field.api_name().replace('_', "-"))
    };
    let messages_of =
        move |field: Field| Signal::derive(move || errors.with(|e| e.of(field).to_vec()));

    // A field that has shown an error stays "live": from then on it is
    // checked as the user types, so the message goes and comes back with the text.
    let live = StoredValue::new(Vec::<Field>::new());
    let validate_field = move |field: Field| {
        let msgs = match field {
            Field::Token => token_errors(&token.get_untracked()),
            _ => values().field_errors(field),
        };
        if !msgs.is_empty() {
            live.update_value(|l| {
                if !l.contains(&field) {
                    l.push(field);
                }
            });
        }
        errors.update(|e| e.set(field.api_name(), msgs));
        if errors.with_untracked(FieldErrors::is_empty) {
            show_summary.set(false);
        }
    };
    let revalidate_if_shown = move |field: Field| {
        if live.with_value(|l| l.contains(&field))
            || !errors.with_untracked(|e| e.of(field).is_empty())
        {
            validate_field(field);
        }
    };

    let report_invalid = move |source: &'static str, errs: FieldErrors| {
        let detail = ValidationFailed {
            source,
            errors: errs
                .iter()
                .map(|(f, m)| (f.to_string(), m.to_vec()))
                .collect(),
        };
        live.update_value(|l| {
            for (name, _) in errs.iter() {
                if let Some(f) = Field::from_api_name(name) {
                    if !l.contains(&f) {
                        l.push(f);
                    }
                }
            }
        });
        errors.set(errs);
        show_summary.set(true);
        focus_when_rendered(summary_ref);
        host.with_value(|h| emit(h, "talkover:validation-failed", &detail));
    };

    let submit = {
        let api = api.clone();
        let origin = origin.clone();
        let draft_key = draft_storage_key.clone();
        move || {
            if in_flight.get_untracked() {
                return;
            }
            let Ok(api) = api.clone() else { return };
            let current = values();
            let mut errs = current.validate().err().unwrap_or_default();
            errs.set("token", token_errors(&token.get_untracked()));
            panel.set(None);
            let request = match current.validate() {
                Ok(request) if errs.is_empty() => request,
                _ => return report_invalid("client", errs),
            };
            errors.set(FieldErrors::new());
            show_summary.set(false);
            in_flight.set(true);
            let url = api.trainings_url(trim(&current.agent_id));
            let bearer = shared.bearer();
            let origin = origin.clone();
            let draft_key = draft_key.clone();
            // Editing an entry whose node id is unknown: saving makes a new
            // one, and the old one goes once the new one is saved (if asked).
            let replaces = editing
                .get_untracked()
                .filter(|_| request.node_id.is_none() && delete_old.get_untracked())
                .map(|e| e.training);
            let delete_url = replaces
                .as_ref()
                .map(|old| api.training_url(trim(&current.agent_id), &old.id));
            spawn_local(async move {
                let result = http::send(
                    Method::Post,
                    &url,
                    &bearer,
                    Some(request.to_json()),
                    &origin,
                )
                .await
                .and_then(|raw| decode_save(raw.status, raw.retry_after.as_deref(), &raw.body));
                match result {
                    Ok(training) => {
                        if let Some(node) = &request.node_id {
                            shared.update_node_memory(|m| m.remember(&training.id, node));
                        }
                        let mut note = None;
                        if let (Some(old), Some(delete_url)) = (replaces, delete_url) {
                            let deleted =
                                http::send(Method::Delete, &delete_url, &bearer, None, &origin)
                                    .await
                                    .and_then(|raw| {
                                        decode_delete(
                                            raw.status,
                                            raw.retry_after.as_deref(),
                                            &raw.body,
                                        )
                                    });
                            note = Some(match deleted {
                                Ok(()) => {
                                    shared.update_node_memory(|m| m.forget(&old.id));
                                    format!("The old entry “{}” was deleted.", old.subject)
                                }
                                Err(e) => format!(
                                    "The new entry is saved, but the old entry “{}” could not be deleted: {e}",
                                    old.subject
                                ),
                            });
                        }
                        in_flight.set(false);
                        host.with_value(|h| emit(h, "talkover:training-saved", &training));
                        // The saved text is in the panel; the form is ready for the next one.
                        node_id.set(String::new());
                        subject.set(String::new());
                        instructions.set(String::new());
                        editing.set(None);
                        storage::remove(&draft_key);
                        panel.set(Some(Panel::Saved(training, note)));
                        shared.changed.update(|n| *n += 1);
                        focus_when_rendered(panel_ref);
                    }
                    Err(ApiError::Invalid(server_errors)) => {
                        in_flight.set(false);
                        report_invalid("server", server_errors)
                    }
                    Err(error) => {
                        in_flight.set(false);
                        shared.report_failure(&error);
                        if let ApiError::Unauthenticated { .. } = error {
                            let mut e = FieldErrors::new();
                            e.push(
                                "token",
                                "The API token was not accepted. Paste a valid token from Talkover and save again.",
                            );
                            errors.set(e);
                            show_summary.set(true);
                            focus_when_rendered(summary_ref);
                        } else {
                            panel.set(Some(Panel::Failed(error)));
                            focus_when_rendered(panel_ref);
                        }
                    }
                }
            });
        }
    };

    let clear_form = {
        let key = draft_storage_key.clone();
        move |_| {
            node_id.set(String::new());
            subject.set(String::new());
            instructions.set(String::new());
            status.set(default_status.clone());
            errors.set(FieldErrors::new());
            show_summary.set(false);
            panel.set(None);
            editing.set(None);
            live.set_value(Vec::new());
            storage::remove(&key);
        }
    };
    // Clearing the token removes it from sessionStorage (see `Shared::new`).
    let forget_token = move |()| {
        token.set(String::new());
        errors.update(|e| e.clear("token"));
    };

    let node_hint = Signal::derive(move || {
        if node_id.with(|n| trim(n).is_empty()) {
            "Leave empty to create a new training. To update a training, give its Node ID."
                .to_string()
        } else {
            "Saving updates the training with this Node ID, or creates one if the agent has none."
                .to_string()
        }
    });
    let agent_hint = if settings.lock_agent {
        "Set by this page.".to_string()
    } else {
        "In Talkover, under Voice Agents: open the agent and copy its ID.".to_string()
    };
    let config_error = api.as_ref().err().map(ToString::to_string);
    let api_url = api.as_ref().map(|a| a.as_url()).unwrap_or_default();
    let lock_agent = settings.lock_agent;
    let id = field_id.clone();
    let field_id_cb = Callback::new(move |f: Field| id(f));
    let count_id = format!("{prefix}-subject-count");

    view! {
        <form
            class="tt-form"
            novalidate
            aria-busy=move || in_flight.get().then_some("true")
            on:submit={
                let submit = submit.clone();
                move |ev| {
                    ev.prevent_default();
                    submit();
                }
            }
        >
            {config_error.map(|message| view! {
                <div class="tt-panel tt-panel--error" role="alert">
                    <h2 class="tt-panel-title">"This form is not set up correctly"</h2>
                    <p>{message}</p>
                </div>
            })}
            <Show when=move || show_summary.get() && !errors.with(FieldErrors::is_empty)>
                <ErrorSummary errors=errors field_id=field_id_cb node_ref=summary_ref />
            </Show>
            {move || panel.get().map(|p| match p {
                Panel::Saved(training, note) => view! { <SuccessPanel training=training note=note node_ref=panel_ref /> }.into_any(),
                Panel::Failed(error) => view! { <RequestError error=error node_ref=panel_ref /> }.into_any(),
            })}
            <p class="tt-api">"Saving to " <strong class="tt-origin">{api_url}</strong></p>
            <EditNotice editing=editing node_id=node_id delete_old=delete_old id=format!("{prefix}-delete-old") />
            <TextField
                id=field_id(Field::AgentId)
                name="agent_id"
                label="Agent ID"
                hint=agent_hint
                value=agent_id
                errors=messages_of(Field::AgentId)
                readonly=lock_agent
                on_blur=move |()| validate_field(Field::AgentId)
                on_input=move |()| revalidate_if_shown(Field::AgentId)
            />
            <TextField
                id=field_id(Field::NodeId)
                name="node_id"
                label="Node ID (optional)"
                hint=node_hint
                value=node_id
                errors=messages_of(Field::NodeId)
                on_blur=move |()| validate_field(Field::NodeId)
                on_input=move |()| revalidate_if_shown(Field::NodeId)
            />
            <TextField
                id=field_id(Field::Subject)
                name="subject"
                label="Subject"
                hint="A short title for this topic, such as “Opening hours”. At most 255 characters."
                value=subject
                errors=messages_of(Field::Subject)
                extra_describedby=count_id.clone()
                on_blur=move |()| validate_field(Field::Subject)
                on_input=move |()| revalidate_if_shown(Field::Subject)
            >
                <CharacterCount id=count_id.clone() value=subject />
            </TextField>
            <TextField
                id=field_id(Field::Instructions)
                name="instructions"
                label="Instructions"
                hint="What the agent should know and do for this topic. Be specific, use the active voice, and include examples."
                value=instructions
                errors=messages_of(Field::Instructions)
                multiline=true
                on_blur=move |()| validate_field(Field::Instructions)
                on_input=move |()| revalidate_if_shown(Field::Instructions)
            />
            <StatusField id=field_id(Field::CurrentStatus) value=status errors=messages_of(Field::CurrentStatus) />
            <TokenField
                id=field_id(Field::Token)
                value=token
                origin=origin.clone()
                errors=messages_of(Field::Token)
                on_blur=move |()| validate_field(Field::Token)
                on_input=move |()| revalidate_if_shown(Field::Token)
                on_forget=forget_token
            />
            <div class="tt-actions">
                <button
                    type="submit"
                    class="tt-button"
                    aria-disabled=move || (in_flight.get() || api.is_err()).then_some("true")
                >
                    {move || if in_flight.get() { "Saving…" } else { "Save training" }}
                </button>
                <button type="button" class="tt-button tt-button--secondary" on:click=clear_form>
                    "Clear form"
                </button>
            </div>
        </form>
    }
}
