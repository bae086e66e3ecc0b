//! The page's mounted instances, for one token per API origin: a token typed
//! or forgotten in one instance reaches every other for the same origin, here
//! and (through the page's script) in the other bundle.

use std::cell::RefCell;

use talkover_core::state::Msg;
use wasm_bindgen::JsValue;

use crate::store::Store;

thread_local! {
    /// Every mounted instance with its API origin ("" when it has none).
    static MOUNTED: RefCell<Vec<(String, Store)>> = const { RefCell::new(Vec::new()) };
    /// The page's script, told `(origin, token)` whenever an instance here
    /// changes the token: it gives it to the other bundle, if loaded.
    static TOKEN_LISTENER: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// `store` (for `origin`) is mounted.
pub fn join(origin: String, store: Store) {
    MOUNTED.with(|m| m.borrow_mut().push((origin, store)));
}

/// `store` is unmounted (also during the page's teardown).
pub fn leave(store: Store) {
    let _ = MOUNTED.try_with(|m| m.borrow_mut().retain(|(_, s)| !s.is(store)));
}

/// Sets the function told `(origin, token)` when a form here changes the
/// token ("" when forgotten).
pub fn on_token(listener: js_sys::Function) {
    TOKEN_LISTENER.with(|l| *l.borrow_mut() = Some(listener));
}

/// Gives `token` to every instance for `origin` but `except`.
fn give(origin: &str, token: &str, except: Option<Store>) {
    let stores: Vec<Store> = MOUNTED.with(|m| {
        m.borrow()
            .iter()
            .filter(|(o, s)| !o.is_empty() && o == origin && !except.is_some_and(|e| s.is(e)))
            .map(|(_, s)| *s)
            .collect()
    });
    for store in stores {
        store.send(Msg::TokenShared(token.to_string()));
    }
}

/// A token typed or forgotten in a form of the page's other bundle: every
/// instance here for `origin` takes it.
pub fn token_shared(origin: &str, token: &str) {
    give(origin, token, None);
}

/// `from` changed the token: the other instances for its origin take it, and
/// the page's script hears it for the other bundle.
pub fn token_changed(from: Store, origin: &str, token: &str) {
    give(origin, token, Some(from));
    TOKEN_LISTENER.with(|l| {
        if let Some(listener) = &*l.borrow() {
            let _ = listener.call2(&JsValue::NULL, &origin.into(), &token.into());
        }
    });
}
