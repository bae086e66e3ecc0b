//! The effects the core asks for, performed: requests through
//! [`crate::api`] (each answer comes back as one `Msg::Answer`), reload
//! timers, focus once the view has rendered, host events, and
//! `sessionStorage` (draft, token, remembered node ids).

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use talkover_core::config::{nodes_key, token_key};
use talkover_core::form::NodeMemory;
use talkover_core::state::{Effect, Focus, HostEvent, Msg};
use wasm_bindgen::JsCast;

use crate::events::{emit, RequestFailed, ValidationFailed};
use crate::store::Store;
use crate::{api, storage};

impl Store {
    fn update_node_memory(self, agent: &str, change: impl FnOnce(&mut NodeMemory)) {
        let mut memory = self.node_memory(agent);
        change(&mut memory);
        storage::set(&nodes_key(&self.origin(), agent), &memory.to_json());
    }

    pub(crate) fn perform_all(self, effects: Vec<Effect>) {
        for effect in effects {
            self.perform(effect);
        }
    }

    fn perform(self, effect: Effect) {
        match effect {
            Effect::Send(request) => spawn_local(async move {
                let result = api::send(&request).await;
                self.send(Msg::Answer {
                    id: request.id,
                    result,
                });
            }),
            Effect::ScheduleReload {
                after_ms,
                generation,
            } => set_timeout(
                move || self.send(Msg::ReloadDue(generation)),
                Duration::from_millis(after_ms.into()),
            ),
            Effect::Focus(target) => focus_when_rendered(self.focus_id(&target)),
            Effect::Emit(event) => self.emit(event),
            Effect::Draft { values, at_once } => {
                self.env.with_value(|e| e.draft.keep(values, at_once));
            }
            Effect::StoreToken(token) => {
                let key = token_key(&self.origin());
                match &token {
                    Some(t) => {
                        storage::set(&key, t);
                    }
                    None => storage::remove(&key),
                }
                self.share_token(token.as_deref().unwrap_or_default());
            }
            Effect::RememberNode {
                agent,
                training_id,
                node_id,
            } => self.update_node_memory(&agent, |m| m.remember(&training_id, &node_id)),
            Effect::ForgetNode { agent, training_id } => {
                self.update_node_memory(&agent, |m| m.forget(&training_id));
            }
        }
    }

    fn focus_id(self, target: &Focus) -> String {
        match target {
            Focus::Summary => self.id("error-summary"),
            Focus::Outcome => self.id("outcome"),
            Focus::Field(field) => self.field_id(*field),
            Focus::ReplaceQuestion => self.id("replace"),
            Focus::WorkspaceError => self.id("workspace-error"),
            Focus::Confirm => self.id("confirm-cancel"),
            Focus::EditButton(training) => self.id(&format!("list-edit-{training}")),
            Focus::DeleteButton(training) => self.id(&format!("list-delete-{training}")),
            Focus::ListHeading => self.id("list-heading"),
        }
    }

    fn emit(self, event: HostEvent) {
        self.env.with_value(|e| match event {
            HostEvent::Saved(training) => emit(&e.host, "talkover:training-saved", &training),
            HostEvent::ValidationFailed { source, errors } => {
                let detail = ValidationFailed {
                    source,
                    errors: errors
                        .iter()
                        .map(|(f, m)| (f.to_string(), m.to_vec()))
                        .collect(),
                };
                emit(&e.host, "talkover:validation-failed", &detail);
            }
            HostEvent::RequestFailed { status, message } => {
                emit(
                    &e.host,
                    "talkover:request-failed",
                    &RequestFailed { status, message },
                );
            }
        });
    }
}

/// Focuses the element with `id` once it has been rendered (the next frame).
fn focus_when_rendered(id: String) {
    request_animation_frame(move || focus_by_id(&id));
}

/// Focuses an element by id, scrolled into view.
pub fn focus_by_id(id: &str) {
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    else {
        return;
    };
    el.scroll_into_view();
    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}
