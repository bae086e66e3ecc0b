//! The shell's half of each transition: [`Store::perform_all`] carries out
//! the effects the core's `update` returns: requests through [`crate::api`]
//! (answered by `Msg::Answer`), the workspace's reload timer, focus, the host
//! page's events, the draft, and `sessionStorage` (the token, which the
//! page's other instances hear of, and the remembered node ids).

use std::time::Duration;

use leptos::prelude::set_timeout;
use leptos::task::spawn_local;
use talkover_core::config::token_key;
use talkover_core::state::{Effect, Focus, HostEvent, Msg};

use crate::components::a11y::focus_when_rendered;
use crate::store::Store;
use crate::{api, events, instances, storage};

impl Store {
    /// Performs `effects` in order.
    pub(crate) fn perform_all(self, effects: Vec<Effect>) {
        for effect in effects {
            self.perform(effect);
        }
    }

    fn perform(self, effect: Effect) {
        match effect {
            Effect::Send(request) => spawn_local(async move {
                let result = api::send(&request, self.requests_signal()).await;
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
            Effect::Draft { values, at_once } => self.keep_draft(values, at_once),
            Effect::StoreToken(token) => {
                let key = token_key(&self.origin());
                match &token {
                    Some(t) => {
                        storage::set(&key, t);
                    }
                    None => storage::remove(&key),
                }
                instances::token_changed(
                    self,
                    &self.origin(),
                    token.as_deref().unwrap_or_default(),
                );
            }
            Effect::RememberNode {
                agent,
                training_id,
                node_id,
            } => storage::update_node_memory(&self.origin(), &agent, |m| {
                m.remember(&training_id, &node_id)
            }),
            Effect::ForgetNode { agent, training_id } => {
                storage::update_node_memory(&self.origin(), &agent, |m| m.forget(&training_id));
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
        let host = self.host();
        match event {
            HostEvent::Saved(training) => events::saved(&host, &training),
            HostEvent::ValidationFailed { source, errors } => {
                events::validation_failed(&host, source, &errors)
            }
            HostEvent::RequestFailed { status, message } => {
                events::request_failed(&host, status, &message)
            }
        }
    }
}
