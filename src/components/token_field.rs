use leptos::prelude::*;
use talkover_core::form::token_warning;

use super::a11y::{described_by, focus_moves_to_button};
use super::ErrorMessage;

/// The API token: a password input (pasting allowed), the origin it will be
/// sent to, a warning for tokens without the `talq_` prefix, and a button
/// that forgets it.
///
/// - `id`: the input's id.
/// - `value`: the token. Never rendered anywhere but this input.
/// - `origin`: the API origin the token is kept for and sent to.
/// - `errors`: messages (missing token, or the server refused it).
/// - `on_input`, `on_blur`: as for [`super::TextField`].
/// - `on_forget`: the "Forget token" button was pressed.
#[component]
pub fn TokenField(
    id: String,
    value: Memo<String>,
    origin: String,
    errors: Memo<Vec<String>>,
    #[prop(into)] on_blur: Callback<()>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(into)] on_forget: Callback<()>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let warning_id = format!("{id}-warning");
    let error_id = format!("{id}-error");
    let has_errors = move || !errors.with(Vec::is_empty);
    let warning = Memo::new(move |_| value.with(|v| token_warning(v)));
    let describedby = {
        let (hint_id, warning_id, error_id) =
            (hint_id.clone(), warning_id.clone(), error_id.clone());
        move || {
            described_by(&[
                (&hint_id, true),
                (&warning_id, warning.with(Option::is_some)),
                (&error_id, has_errors()),
            ])
        }
    };
    view! {
        <div class="tt-field" class:tt-field--error=has_errors>
            <label class="tt-label" for=id.clone()>
                "API token"
            </label>
            <div class="tt-hint" id=hint_id>
                "In Talkover, under Settings → API tokens. It starts with “talq_”. "
                "It is kept only in this browser tab and sent only to "
                <strong class="tt-origin">{origin}</strong>
                "."
            </div>
            <ErrorMessage id=error_id messages=errors />
            <div class="tt-token-row">
                <input
                    id=id
                    name="token"
                    type="password"
                    class="tt-input tt-input--token"
                    autocomplete="off"
                    // Not a password to remember: password managers leave it alone.
                    data-1p-ignore=""
                    data-lpignore="true"
                    data-bwignore="true"
                    data-form-type="other"
                    spellcheck="false"
                    aria-invalid=move || has_errors().then_some("true")
                    aria-describedby=describedby
                    prop:value=move || value.get()
                    on:input=move |ev| on_input.run(event_target_value(&ev))
                    on:blur=move |ev| if !focus_moves_to_button(&ev) { on_blur.run(()) }
                />
                <button
                    type="button"
                    class="tt-button tt-button--secondary"
                    on:click=move |_| on_forget.run(())
                >
                    "Forget token"
                </button>
            </div>
            {move || warning.get().map(|w| view! { <p class="tt-warning" id=warning_id.clone()>{w}</p> })}
        </div>
    }
}
