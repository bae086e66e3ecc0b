//! State shared by the parts of one mounted instance (form and workspace).
//! Each instance provides its own through Leptos context.

use leptos::prelude::*;
use talkover_core::config::{nodes_key, token_key};
use talkover_core::form::NodeMemory;
use talkover_core::{ApiBase, ApiError, Settings, Training};
use web_sys::Element;

use crate::events::{emit, RequestFailed};
use crate::storage;

/// A training chosen in the list to edit in the form.
#[derive(Clone, Debug, PartialEq)]
pub struct EditRequest {
    pub training: Training,
    /// Its node id when known: then saving updates it in place.
    pub node_id: Option<String>,
}

/// Signals shared by the form and the workspace of one instance.
#[derive(Clone, Copy)]
pub struct Shared {
    /// The checked API base; `None` when the configured one was refused.
    pub api: StoredValue<Option<ApiBase>>,
    /// The API token, kept in `sessionStorage` for the API origin only.
    pub token: RwSignal<String>,
    /// The agent whose training is edited.
    pub agent_id: RwSignal<String>,
    /// Bumped after every change the server accepted (save, delete, publish).
    pub changed: RwSignal<u64>,
    /// Set by the workspace to load a training into the form.
    pub edit: RwSignal<Option<EditRequest>>,
    /// The mount element, where host events go.
    pub host: StoredValue<Element, LocalStorage>,
}

impl Shared {
    /// Creates the shared state, restoring the token for the API origin.
    pub fn new(settings: &Settings, host: Element, agent_id: String) -> Shared {
        let api = settings.api.clone().ok();
        let token = api
            .as_ref()
            .and_then(|a| storage::get(&token_key(&a.origin())))
            .unwrap_or_default();
        let shared = Shared {
            api: StoredValue::new(api),
            token: RwSignal::new(token),
            agent_id: RwSignal::new(agent_id),
            changed: RwSignal::new(0),
            edit: RwSignal::new(None),
            host: StoredValue::new_local(host),
        };
        // The token follows what is typed, for this tab and this API origin only.
        Effect::new(move |_| {
            let t = shared.token.get();
            let Some(key) = shared.origin().map(|o| token_key(&o)) else {
                return;
            };
            if t.trim().is_empty() {
                storage::remove(&key);
            } else {
                storage::set(&key, t.trim());
            }
        });
        shared
    }

    /// The API origin, when the API base is usable.
    pub fn origin(&self) -> Option<String> {
        self.api.with_value(|a| a.as_ref().map(ApiBase::origin))
    }

    /// The token to send, trimmed.
    pub fn bearer(&self) -> String {
        self.token.get_untracked().trim().to_string()
    }

    /// The agent id, trimmed.
    pub fn agent(&self) -> String {
        talkover_core::validate::trim(&self.agent_id.get_untracked()).to_string()
    }

    /// Tells the host that a request failed.
    pub fn report_failure(&self, error: &ApiError) {
        let detail = RequestFailed {
            status: error.status(),
            message: error.to_string(),
        };
        self.host
            .with_value(|h| emit(h, "talkover:request-failed", &detail));
    }

    fn nodes_storage_key(&self) -> Option<String> {
        Some(nodes_key(&self.origin()?, &self.agent()))
    }

    /// Node ids remembered for the current agent.
    pub fn node_memory(&self) -> NodeMemory {
        NodeMemory::from_json(
            self.nodes_storage_key()
                .and_then(|k| storage::get(&k))
                .as_deref(),
        )
    }

    /// Changes the remembered node ids of the current agent.
    pub fn update_node_memory(&self, f: impl FnOnce(&mut NodeMemory)) {
        if let Some(key) = self.nodes_storage_key() {
            let mut memory = self.node_memory();
            f(&mut memory);
            storage::set(&key, &memory.to_json());
        }
    }
}
