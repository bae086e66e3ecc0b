//! Focus and description helpers shared by the components.

use leptos::prelude::request_animation_frame;
use wasm_bindgen::JsCast;

/// Whether focus is leaving for a button (Save, Clear, Forget…). Validating
/// then would show a message that pushes the button down between mouse-down
/// and mouse-up, and the click would be lost; the button's own action
/// validates anyway.
pub fn focus_moves_to_button(ev: &web_sys::FocusEvent) -> bool {
    ev.related_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| el.tag_name().eq_ignore_ascii_case("button"))
}

/// The value of `aria-describedby`: the ids whose flag is set, in order.
pub fn described_by(ids: &[(&str, bool)]) -> String {
    ids.iter()
        .filter(|(_, shown)| *shown)
        .map(|(id, _)| *id)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Focuses the element with `id` once it has been rendered (the next frame).
pub fn focus_when_rendered(id: String) {
    request_animation_frame(move || focus_by_id(&id));
}

/// Focuses an element by id, scrolled into view.
pub fn focus_by_id(id: &str) {
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
    else {
        return;
    };
    el.scroll_into_view();
    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}
