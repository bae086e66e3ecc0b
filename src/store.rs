//! One mounted instance's state, and the shell's half of the state machine:
//! [`Store::send`] hands a message to the core's `update` and performs the
//! effects it returns ([`crate::effects`]). Components read the state and
//! send messages; they decide nothing themselves.

use leptos::prelude::*;
use talkover_core::config::{draft_key, token_key};
use talkover_core::state::{Config, Msg, State};
use talkover_core::{Field, FormValues, Settings, Training};
use web_sys::Element;

use crate::draft::DraftWriter;
use crate::{instances, storage};

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
        let node_id = storage::node_memory(&self.origin(), &agent)
            .node_of(&training.id)
            .map(str::to_string);
        self.send(Msg::Edit { training, node_id });
    }

    /// The signal that aborts this instance's requests at unmount.
    pub(crate) fn requests_signal(self) -> Option<web_sys::AbortSignal> {
        self.env
            .with_value(|e| e.requests.as_ref().map(|r| r.signal()))
    }

    /// Hands the form's values to the draft writer.
    pub(crate) fn keep_draft(self, values: FormValues, at_once: bool) {
        self.env.with_value(|e| e.draft.keep(values, at_once));
    }

    /// The element the host listens on for events.
    pub(crate) fn host(self) -> Element {
        self.env.with_value(|e| e.host.clone())
    }
}
