//! One mounted instance's state, and the shell's half of the state machine:
//! [`Store::send`] hands a message to the core's `update` and performs the
//! effects it returns (requests through [`crate::api`], timers, focus, host
//! events, `sessionStorage`). Components read the state and send messages;
//! they decide nothing themselves.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use talkover_core::config::{draft_key, nodes_key, token_key};
use talkover_core::form::NodeMemory;
use talkover_core::state::{Config, Effect, Focus, HostEvent, Msg, State};
use talkover_core::{Field, FormValues, Settings, Training};
use web_sys::Element;

use crate::components::a11y::focus_when_rendered;
use crate::draft::DraftWriter;
use crate::events;
use crate::{api, instances, storage};

/// What the effects need beside the state: where events go, ids, storage keys.
struct Env {
    host: Element,
    prefix: String,
    origin: String,
    draft: DraftWriter,
    /// Aborted at unmount: no request of a removed instance goes on.
    requests: Option<web_sys::AbortController>,
}

/// The state of one instance and the means to change it.
#[derive(Clone, Copy)]
pub struct Store {
    pub state: RwSignal<State>,
    env: StoredValue<Env, LocalStorage>,
}

impl Store {
    /// The state at mount: the token kept for the API origin, the draft of
    /// this form, and the first effects (the workspace's first load).
    pub fn new(settings: &Settings, host: Element, prefix: String) -> Store {
        let api = settings.api.clone().ok();
        let origin = api.as_ref().map(|a| a.origin()).unwrap_or_default();
        let config = Config {
            workspace: settings.workspace && api.is_some() && cfg!(feature = "workspace"),
            api,
            agent_id: settings.agent_id.clone(),
            lock_agent: settings.lock_agent,
            default_status: settings.default_status,
        };
        let key = format!(
            "{}:{prefix}",
            draft_key(&origin, settings.agent_id.as_deref().unwrap_or(""))
        );
        let draft = storage::get(&key).and_then(|d| FormValues::from_draft(&d));
        let token = storage::get(&token_key(&origin)).unwrap_or_default();
        let (state, effects) = State::new(config, token, draft);
        let store = Store {
            state: RwSignal::new(state),
            env: StoredValue::new_local(Env {
                host,
                prefix,
                origin,
                draft: DraftWriter::new(key),
                requests: web_sys::AbortController::new().ok(),
            }),
        };
        store.perform_all(effects);
        store.register();
        store
    }

    /// Joins the page's instances (crate::instances) until this one is
    /// unmounted; then its requests still in flight are aborted.
    fn register(self) {
        instances::join(self.origin(), self);
        on_cleanup(move || {
            instances::leave(self);
            self.env
                .with_value(|e| e.requests.as_ref().map(|r| r.abort()));
        });
    }

    /// Whether `self` and `other` are the same instance.
    pub fn is(self, other: Store) -> bool {
        self.state == other.state
    }

    /// Hands `msg` to the core and performs what it asks for. After the
    /// instance is unmounted (a late answer, a timer) this does nothing.
    pub fn send(self, msg: Msg) {
        if let Some(effects) = self.state.try_update(|s| s.update(msg)) {
            self.perform_all(effects);
        }
    }

    /// A click handler that sends `msg`. Every button that only sends a
    /// message uses this one closure, so the view code that attaches a
    /// handler is compiled once for all of them, not once per button.
    pub fn on_click(self, msg: Msg) -> impl Fn(web_sys::MouseEvent) + Clone + 'static {
        move |_| self.send(msg.clone())
    }

    /// A memo of one part of the state: views re-render only when it changes.
    pub fn memo<T>(self, part: impl Fn(&State) -> T + Send + Sync + 'static) -> Memo<T>
    where
        T: PartialEq + Clone + Send + Sync + 'static,
    {
        self.memo_of(Box::new(part))
    }

    /// [`Store::memo`]'s work, compiled once per type of part rather than
    /// once per call (there are 20): the part comes boxed.
    fn memo_of<T>(self, part: Box<dyn Fn(&State) -> T + Send + Sync>) -> Memo<T>
    where
        T: PartialEq + Clone + Send + Sync + 'static,
    {
        let state = self.state;
        Memo::new(move |_| state.with(&part))
    }

    /// An element id unique to this instance.
    pub fn id(self, part: &str) -> String {
        self.env.with_value(|e| format!("{}-{part}", e.prefix))
    }

    /// The element id of a form field.
    pub fn field_id(self, field: Field) -> String {
        self.id(&field.api_name().replace('_', "-"))
    }

    /// The API origin the token is kept for and sent to.
    pub fn origin(self) -> String {
        self.env.with_value(|e| e.origin.clone())
    }

    /// Edit on a list row: with the node id remembered for it, if any.
    pub fn edit(self, training: Training) {
        let agent = self
            .state
            .with_untracked(|s| s.shown_agent().map(str::to_string));
        let Some(agent) = agent else { return };
        let node_id = self
            .node_memory(&agent)
            .node_of(&training.id)
            .map(str::to_string);
        self.send(Msg::Edit { training, node_id });
    }

    fn node_memory(self, agent: &str) -> NodeMemory {
        NodeMemory::from_json(storage::get(&nodes_key(&self.origin(), agent)).as_deref())
    }

    fn update_node_memory(self, agent: &str, change: impl FnOnce(&mut NodeMemory)) {
        let mut memory = self.node_memory(agent);
        change(&mut memory);
        storage::set(&nodes_key(&self.origin(), agent), &memory.to_json());
    }

    fn perform_all(self, effects: Vec<Effect>) {
        for effect in effects {
            self.perform(effect);
        }
    }

    fn perform(self, effect: Effect) {
        match effect {
            Effect::Send(request) => spawn_local(async move {
                let signal = self
                    .env
                    .with_value(|e| e.requests.as_ref().map(|r| r.signal()));
                let result = api::send(&request, signal).await;
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
            HostEvent::Saved(training) => events::saved(&e.host, &training),
            HostEvent::ValidationFailed { source, errors } => {
                events::validation_failed(&e.host, source, &errors)
            }
            HostEvent::RequestFailed { status, message } => {
                events::request_failed(&e.host, status, &message)
            }
        });
    }
}
