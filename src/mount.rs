//! Mount points and their configuration.
//!
//! Every element with `data-talkover-training` gets its own app, configured by
//! its `data-api-base`, `data-agent-id`, `data-status`, `data-workspace` and
//! `data-lock-agent` attributes (the host page wrote them: trusted). An element
//! marked `data-from-query` (the standalone page) also reads the query
//! parameters `api`, `agent`, `status` and `workspace` for whatever its
//! attributes leave out; a link is not trusted, so its `api` is used only when
//! its origin is allowed (`<meta name="talkover-api-origins">`, see
//! [`AllowedOrigins`]). With no mount point at all the app mounts into
//! `<body>` with the defaults and never reads the host page's query.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;
use talkover_core::config::AllowedOrigins;
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
            let settings = Settings::from_page(
                |name| el.get_attribute(&format!("data-{name}")),
                |name| from_query.then(|| query_lookup(name)).flatten(),
                &allowed_origins(&document),
            );
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
            let settings = Settings::from_lookup(|_| None);
            mount_into(body, settings);
        }
    }
}

/// The origins a link may point the standalone page at: the defaults and
/// those the deployer lists in `<meta name="talkover-api-origins" content="…">`.
fn allowed_origins(document: &web_sys::Document) -> AllowedOrigins {
    let listed = document
        .query_selector("meta[name=talkover-api-origins]")
        .ok()
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

fn mount_into(el: HtmlElement, settings: Settings) {
    let instance = INSTANCES.fetch_add(1, Ordering::Relaxed);
    let host: Element = el.clone().unchecked_into();
    let prefix = format!("tt{instance}");
    // A pre-rendered form gives way, keeping what was typed (src/takeover.rs).
    let carried = crate::takeover::take(&el);
    mount_to(
        el,
        move || view! { <App settings=settings host=host prefix=prefix /> },
    )
    .forget();
    carried.replay();
}
