//! `sessionStorage`, tolerant of browsers that refuse it (private modes, sandboxed
//! iframes): every call is best-effort and never panics.

use talkover_core::config::nodes_key;
use talkover_core::form::NodeMemory;

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The stored value of `key`.
pub fn get(key: &str) -> Option<String> {
    session()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`; returns whether it was stored.
pub fn set(key: &str, value: &str) -> bool {
    session().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// Removes `key`.
pub fn remove(key: &str) {
    if let Some(s) = session() {
        let _ = s.remove_item(key);
    }
}

/// The node ids remembered for `agent` of the API at `origin`.
pub fn node_memory(origin: &str, agent: &str) -> NodeMemory {
    NodeMemory::from_json(get(&nodes_key(origin, agent)).as_deref())
}

/// Changes the node ids remembered for `agent` of the API at `origin`.
pub fn update_node_memory(origin: &str, agent: &str, change: impl FnOnce(&mut NodeMemory)) {
    let mut memory = node_memory(origin, agent);
    change(&mut memory);
    set(&nodes_key(origin, agent), &memory.to_json());
}
