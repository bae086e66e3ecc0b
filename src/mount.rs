//! Mounting and unmounting, called by the page's script.
//!
//! The script that loads the bundle (the standalone page's loader, or
//! `talkover-training.js` on a host page: both written by
//! `scripts/postbuild.mjs`) finds the elements, follows them as they come
//! and go, and calls these exports: [`mount`] with the element's settings,
//! [`unmount`] when it leaves the page, [`set_status`] when only its status
//! changes; [`on_token`] and [`share_token`] carry a token between the two
//! bundles when both are on a page. Every other change of settings is an unmount and a mount: the
//! draft is kept per API origin, agent and slot, so it comes back.
//!
//! The settings are an object with the names `api-base`, `agent-id`,
//! `status`, `workspace` and `lock-agent` (strings; a flag is on when present,
//! as an attribute is), written by the host page (trusted). With `from_query`
//! (the standalone page) the query parameters `api`, `agent`, `status` and
//! `workspace` fill what they leave out; a link is not trusted, so its `api`
//! is used only when its origin is allowed (`<meta name="talkover-api-origins">`,
//! see [`AllowedOrigins`]).

use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::Reflect;
use leptos::prelude::*;
use talkover_core::config::AllowedOrigins;
use talkover_core::state::Msg;
use talkover_core::{Settings, Status};
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

use crate::components::App;
use crate::store::Store;

/// One mounted instance: its id, its store, and Leptos's handle, whose drop
/// unmounts the view and disposes of its owner (every listener, timer and
/// request of the instance ends with it).
struct Mounted {
    id: u32,
    store: Store,
    _handle: Box<dyn Any>,
}

thread_local! {
    static MOUNTED: RefCell<Vec<Mounted>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

/// Mounts the form into `el`, its element ids prefixed `tt{slot}-` (the
/// script gives every live instance its own slot, and an element the same
/// slot again when it can: its draft is kept under it). Returns the id for
/// [`unmount`] and [`set_status`].
#[wasm_bindgen]
pub fn mount(el: HtmlElement, settings: &JsValue, from_query: bool, slot: u32) -> u32 {
    let read = |name: &str| {
        Reflect::get(settings, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_string())
    };
    let settings = Settings::from_page(
        read,
        |name| from_query.then(|| query_lookup(name)).flatten(),
        &allowed_origins(),
    );
    let host: Element = el.clone().unchecked_into();
    let prefix = format!("tt{slot}");
    // A pre-rendered form gives way, keeping what was typed (src/takeover.rs).
    let carried = crate::takeover::take(&el);
    let made = Rc::new(Cell::new(None));
    let keep = made.clone();
    let handle = mount_to(el, move || {
        let store = Store::new(&settings, host, prefix);
        keep.set(Some(store));
        view! { <App settings=settings store=store /> }
    });
    carried.replay();
    let id = NEXT_ID.replace(NEXT_ID.get() + 1);
    if let Some(store) = made.get() {
        MOUNTED.with(|m| {
            m.borrow_mut().push(Mounted {
                id,
                store,
                _handle: Box::new(handle),
            });
        });
    }
    id
}

/// Unmounts instance `id`: its view goes, and every listener, timer and
/// request of it ends (the draft is written first).
#[wasm_bindgen]
pub fn unmount(id: u32) {
    let gone = MOUNTED.with(|m| {
        let mut m = m.borrow_mut();
        let i = m.iter().position(|x| x.id == id)?;
        Some(m.remove(i))
    });
    drop(gone);
}

/// The host changed only the status of instance `id`: the default for a new
/// training (and the form's status while nothing is typed).
#[wasm_bindgen]
pub fn set_status(id: u32, status: &str) {
    let status = Status::parse(status.trim()).unwrap_or_default();
    let store = MOUNTED.with(|m| m.borrow().iter().find(|x| x.id == id).map(|x| x.store));
    if let Some(store) = store {
        store.send(Msg::DefaultStatus(status));
    }
}

/// Sets the function the page's script is told `(origin, token)` with when a
/// form of this bundle changes the token ("" when forgotten).
#[wasm_bindgen]
pub fn on_token(listener: js_sys::Function) {
    crate::instances::on_token(listener);
}

/// A token typed or forgotten in the page's other bundle: the forms of this
/// one for `origin` take it (one token per API origin on a page).
#[wasm_bindgen]
pub fn share_token(origin: &str, token: &str) {
    crate::instances::token_shared(origin, token);
}

/// The origins a link may point the standalone page at: the defaults and
/// those the deployer lists in `<meta name="talkover-api-origins" content="…">`.
fn allowed_origins() -> AllowedOrigins {
    let listed = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=talkover-api-origins]").ok())
        .flatten()
        .and_then(|m| m.get_attribute("content"));
    AllowedOrigins::from_meta(listed.as_deref())
}

/// Query parameters of the page: `api` → `api-base`, `agent` → `agent-id`,
/// and `status`, `workspace` under their own names.
fn query_lookup(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok()?;
    let key = match name {
        "api-base" => "api",
        "agent-id" => "agent",
        "lock-agent" => return None,
        other => other,
    };
    params.get(key)
}
