use leptos::prelude::*;

/// A field's error messages, each prefixed with a visually hidden "Error:"
/// (as GOV.UK's error message). Renders nothing when there are none.
///
/// - `id`: the id that the field's `aria-describedby` points at.
/// - `messages`: the messages to show, as text.
#[component]
pub fn ErrorMessage(id: String, messages: Memo<Vec<String>>) -> impl IntoView {
    move || {
        let list = messages.get();
        (!list.is_empty()).then(|| {
            view! {
            <p class="tt-error-message" id=id.clone()>
                {list
                        .into_iter()
                        .map(|m| {
                            view! {
                                <span class="tt-error-line">
                                    <span class="tt-visually-hidden">"Error: "</span>
                                    {m}
                                </span>
                            }
                        })
                        .collect_view()}
            </p>
            }
        })
    }
}
