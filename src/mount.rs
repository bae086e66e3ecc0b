//! Mount points and their configuration.
//!
//! Every element with `data-talkover-training` gets its own app, configured by
//! its `data-api-base`, `data-agent-id`, `data-status`, `data-workspace` and
//! `data-lock-agent` attributes. With no such element, the app mounts into
//! `<body>` and reads the query parameters `api` and `agent` instead; so does
//! an element marked `data-from-query` (the standalone page) for whatever its
//! attributes leave out.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use talkover_core::Settings;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::components::App;

/// The attribute that marks a mount point.
pub const MOUNT_ATTRIBUTE: &str = "data-talkover-training";

/// Instances mounted so far on this page, over all calls to [`mount_all`]:
/// numbers element ids so that they never repeat.
static INSTANCES: AtomicUsize = AtomicUsize::new(0);

/// Mounts one app per mount point.
pub fn mount_all() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let mut found = 0;
    if let Ok(list) = document.query_selector_all(&format!("[{MOUNT_ATTRIBUTE}]")) {
        found = list.length();
        for i in 0..list.length() {
            let Some(el) = list.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else {
                continue;
            };
            // A second call to `start` must not mount the same element twice.
            if el.get_attribute("data-talkover-mounted").is_some() {
                continue;
            }
            let _ = el.set_attribute("data-talkover-mounted", "");
            // The standalone page marks its element `data-from-query`: the
            // query string then fills what the attributes leave out.
            let from_query = el.has_attribute("data-from-query");
            let settings = Settings::from_lookup(|name| {
                el.get_attribute(&format!("data-{name}"))
                    .or_else(|| from_query.then(|| query_lookup(name)).flatten())
            });
            mount_into(el, settings);
        }
    }
    // Only a page without any mount point gets the form in <body>, once.
    if found == 0 {
        if let Some(body) = document
            .body()
            .filter(|b| !b.has_attribute("data-talkover-mounted"))
        {
            let _ = body.set_attribute("data-talkover-mounted", "");
            let settings = Settings::from_lookup(query_lookup);
            mount_into(body, settings);
        }
    }
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

fn mount_into(el: HtmlElement, settings: Settings) {
    let instance = INSTANCES.fetch_add(1, Ordering::Relaxed);
    let host: Element = el.clone().unchecked_into();
    let prefix = format!("tt{instance}");
    leptos::mount::mount_to(
        el,
        move || view! { <App settings=settings host=host prefix=prefix /> },
    )
    .forget();
}
