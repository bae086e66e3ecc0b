use leptos::prelude::*;
use talkover_core::Status;

use super::a11y::described_by;
use super::ErrorMessage;

/// The training status as two radios in a fieldset.
///
/// - `id`: id prefix of the radios (`{id}-active`, `{id}-inactive`); the
///   first radio has `id` itself, so error links can focus it.
/// - `value`: `active` or `inactive`.
/// - `errors`: messages shown in the fieldset.
/// - `on_input`: the status chosen.
#[component]
pub fn StatusField(
    id: String,
    value: Memo<String>,
    errors: Memo<Vec<String>>,
    #[prop(into)] on_input: Callback<String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_errors = move || !errors.with(Vec::is_empty);
    let describedby = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || described_by(&[(&hint_id, true), (&error_id, has_errors())])
    };
    let radio = move |status: Status, radio_id: String, label: &'static str| {
        view! {
            <div class="tt-radio">
                <input
                    class="tt-radio-input"
                    type="radio"
                    id=radio_id.clone()
                    name="current_status"
                    value=status.as_str()
                    prop:checked=move || value.with(|v| v == status.as_str())
                    on:change=move |_| on_input.run(status.as_str().to_string())
                />
                <label class="tt-radio-label" for=radio_id>
                    {label}
                </label>
            </div>
        }
    };
    view! {
        <fieldset
            class="tt-field tt-fieldset"
            class:tt-field--error=has_errors
            aria-describedby=describedby
        >
            <legend class="tt-label">"Status"</legend>
            <div class="tt-hint" id=hint_id>
                "Active training is used by the agent straight away; inactive is kept for later."
            </div>
            <ErrorMessage id=error_id messages=errors />
            <div class="tt-radios">
                {radio(Status::Active, id.clone(), "Active")}
                {radio(Status::Inactive, format!("{id}-inactive"), "Inactive")}
            </div>
        </fieldset>
    }
}
