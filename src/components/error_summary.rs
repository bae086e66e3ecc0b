use leptos::html::Div;
use leptos::prelude::*;
use talkover_core::{Field, FieldErrors};

/// "There is a problem": every error at the top of the form, as GOV.UK's
/// error summary. Each error of a field the form has links to that field
/// and focuses it; errors of other fields are listed as text, never dropped.
///
/// - `errors`: all current errors.
/// - `field_id`: the element id of a form field.
/// - `node_ref`: lets the form move focus here when the summary appears.
#[component]
pub fn ErrorSummary(
    #[prop(into)] errors: Signal<FieldErrors>,
    field_id: Callback<Field, String>,
    node_ref: NodeRef<Div>,
) -> impl IntoView {
    let items = move || {
        errors.with(|e| {
            e.iter()
                .flat_map(|(name, msgs)| {
                    let field = Field::from_api_name(name);
                    let name = name.to_string();
                    msgs.iter().map(move |m| (field, name.clone(), m.clone()))
                })
                .collect::<Vec<_>>()
        })
    };
    let item = move |(field, name, message): (Option<Field>, String, String)| match field {
        Some(field) => {
            let target = field_id.run(field);
            let href = format!("#{target}");
            view! {
                <li>
                    <a
                        href=href
                        on:click=move |ev| {
                            ev.prevent_default();
                            focus_by_id(&target);
                        }
                    >
                        {message}
                    </a>
                </li>
            }
            .into_any()
        }
        None => view! { <li>{format!("{name}: {message}")}</li> }.into_any(),
    };
    view! {
        <div class="tt-error-summary" role="alert" tabindex="-1" node_ref=node_ref>
            <h2 class="tt-error-summary-title">"There is a problem"</h2>
            <ul class="tt-error-summary-list">{move || items().into_iter().map(item).collect_view()}</ul>
        </div>
    }
}

/// Focuses an element by id and scrolls its label into view.
fn focus_by_id(id: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(el) = document.get_element_by_id(id) {
        el.scroll_into_view();
        if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
            let _ = el.focus();
        }
    }
}
