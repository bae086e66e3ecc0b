//! One mounted instance's state, and the shell's half of the state machine:
//! [`Store::send`] hands a message to the core's `update` and performs the
//! effects it returns (see [`crate::effects`]). Components read the state
//! through [`Store::memo`] and send messages; they decide nothing themselves.

use std::cell::RefCell;

use leptos::prelude::*;
use talkover_core::config::{draft_key, nodes_key, token_key};
use talkover_core::form::NodeMemory;
use talkover_core::state::{Config, Msg, State};
use talkover_core::{Field, FormValues, Settings, Training};
use web_sys::Element;

use crate::draft::DraftWriter;
use crate::storage;

/// What the effects need beside the state: where events go, ids, storage keys.
pub(crate) struct Env {
    pub(crate) host: Element,
    pub(crate) prefix: String,
    pub(crate) origin: String,
    pub(crate) draft: DraftWriter,
}

thread_local! {
    /// Every mounted instance with its API origin: a token typed or forgotten
    /// in one reaches the others for the same origin (one token per origin
    /// on a page).
    static MOUNTED: RefCell<Vec<(String, Store)>> = const { RefCell::new(Vec::new()) };
}

/// The state of one instance and the means to change it.
#[derive(Clone, Copy)]
pub struct Store {
    pub state: RwSignal<State>,
    pub(crate) env: StoredValue<Env, LocalStorage>,
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
            }),
        };
        store.perform_all(effects);
        store.register();
        store
    }

    /// Joins the page's instances until this one is unmounted.
    fn register(self) {
        let origin = self.origin();
        if origin.is_empty() {
            return;
        }
        MOUNTED.with(|m| m.borrow_mut().push((origin, self)));
        on_cleanup(move || {
            let _ = MOUNTED.try_with(|m| m.borrow_mut().retain(|(_, s)| s.state != self.state));
        });
    }

    /// Gives the token to the other instances for the same API origin.
    pub(crate) fn share_token(self, token: &str) {
        let origin = self.origin();
        let others: Vec<Store> = MOUNTED.with(|m| {
            m.borrow()
                .iter()
                .filter(|(o, s)| *o == origin && s.state != self.state)
                .map(|(_, s)| *s)
                .collect()
        });
        for other in others {
            other.send(Msg::TokenShared(token.to_string()));
        }
    }

    /// Hands `msg` to the core and performs what it asks for. After the
    /// instance is unmounted (a late answer, a timer) this does nothing.
    pub fn send(self, msg: Msg) {
        if let Some(effects) = self.state.try_update(|s| s.update(msg)) {
            self.perform_all(effects);
        }
    }

    /// A memo of one part of the state: views re-render only when it changes.
    pub fn memo<T>(self, part: impl Fn(&State) -> T + Send + Sync + 'static) -> Memo<T>
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

    pub(crate) fn node_memory(self, agent: &str) -> NodeMemory {
        NodeMemory::from_json(storage::get(&nodes_key(&self.origin(), agent)).as_deref())
    }
}
