//! Taking over a pre-rendered form (`scripts/prerender.mjs` writes the form's
//! markup into the standalone page, marked `data-prerendered`, so it shows at
//! first paint and takes typing before the wasm arrives).
//!
//! In the same task as the mount, so that nothing flashes and no keystroke
//! falls between: [`take`] reads what the user did to the pre-rendered fields
//! (values that differ from the markup's, radios changed, the focused field
//! and its caret) and empties the element; after the app has mounted,
//! [`Carried::replay`] gives it back as the user's own input events, so the
//! state learns it the ordinary way (and the draft keeps it).
//!
//! Inputs and textareas are read through their common DOM properties
//! (`value`, `defaultValue`, `selectionStart`…) rather than two typed
//! web-sys APIs: the same behaviour for 1 KB less of bundle.

use js_sys::{Function, Reflect};
use leptos::prelude::request_animation_frame;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event, EventInit, HtmlElement};

/// What was done in the pre-rendered form, by element id.
#[derive(Default)]
pub struct Carried {
    /// (id, value, event to fire): typed text ("input"), a radio checked ("change").
    changed: Vec<(String, JsValue, &'static str)>,
    focus: Option<(String, JsValue, JsValue)>,
}

fn get(el: &JsValue, name: &str) -> JsValue {
    Reflect::get(el, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn set(el: &JsValue, name: &str, value: &JsValue) {
    let _ = Reflect::set(el, &JsValue::from_str(name), value);
}

/// Reads and removes the pre-rendered form of `el`, if it has one.
pub fn take(el: &HtmlElement) -> Carried {
    let mut carried = Carried::default();
    if !el.has_attribute("data-prerendered") {
        return carried;
    }
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    if let Ok(fields) = el.query_selector_all("input, textarea") {
        for i in 0..fields.length() {
            let Some(field) = fields.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
                continue;
            };
            let node: &JsValue = field.as_ref();
            if get(node, "type") == "radio" {
                if get(node, "checked") != get(node, "defaultChecked") {
                    carried.changed.push((field.id(), JsValue::TRUE, "change"));
                }
            } else if get(node, "value") != get(node, "defaultValue") {
                carried
                    .changed
                    .push((field.id(), get(node, "value"), "input"));
            }
            if active.as_ref() == Some(&field) {
                let caret = (get(node, "selectionStart"), get(node, "selectionEnd"));
                carried.focus = Some((field.id(), caret.0, caret.1));
            }
        }
    }
    el.set_inner_html("");
    let _ = el.remove_attribute("data-prerendered");
    carried
}

impl Carried {
    /// Gives what was carried to the mounted app, as the user's events.
    pub fn replay(self) {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        for (id, value, kind) in self.changed {
            let Some(el) = document.get_element_by_id(&id) else {
                continue;
            };
            set(
                &el,
                if kind == "change" { "checked" } else { "value" },
                &value,
            );
            let init = EventInit::new();
            init.set_bubbles(true);
            if let Ok(ev) = Event::new_with_event_init_dict(kind, &init) {
                let _ = el.dispatch_event(&ev);
            }
        }
        let Some((id, start, end)) = self.focus else {
            return;
        };
        let Some(el) = document.get_element_by_id(&id) else {
            return;
        };
        if let Some(field) = el.dyn_ref::<HtmlElement>() {
            let _ = field.focus();
        }
        if start.is_null() || start.is_undefined() {
            return; // a radio: no caret
        }
        let place = move |el: &Element| {
            if let Ok(f) = get(el, "setSelectionRange").dyn_into::<Function>() {
                let _ = f.call2(el, &start, &end);
            }
        };
        place(&el);
        // The app writes the fields' values once its effects run, after this
        // task, which puts the caret at the end: place it again before the
        // next paint (unless the user has typed since).
        let value = get(&el, "value");
        request_animation_frame(move || {
            if get(&el, "value") == value {
                place(&el);
            }
        });
    }
}
