use leptos::either::Either;
use leptos::prelude::*;

use super::a11y::{described_by, focus_moves_to_button};
use super::{CharacterCount, ErrorMessage};

/// A field's hint: fixed text, or text that follows the state. A `Memo`
/// either way, not a `Signal` (ARCHITECTURE.md, "Props are memos").
pub struct Hint(Memo<String>);

impl From<&'static str> for Hint {
    fn from(text: &'static str) -> Self {
        Hint(Memo::new(move |_| text.to_string()))
    }
}

impl From<Memo<String>> for Hint {
    fn from(text: Memo<String>) -> Self {
        Hint(text)
    }
}

/// A labelled text input or textarea with hint and error messages.
///
/// - `id`: the input's id; the hint and error ids derive from it.
/// - `name`: the input's `name` (the API field name).
/// - `label`, `hint`: what the field is and where to find its value.
/// - `value`: the text as the state holds it.
/// - `errors`: messages shown under the label; the input is `aria-invalid` while any.
/// - `multiline`: a large textarea instead of a one-line input.
/// - `readonly`: shown but not editable (a configured, locked agent; fixed for the field's life).
/// - `count_id`: shows a character count under the field (GOV.UK's), with this id.
/// - `notice_id`: the id of a notice that also describes the field, while there is one.
/// - `on_input`: the new text, as typed.
/// - `on_blur`: focus left the field (not for a button: see
///   [`super::a11y::focus_moves_to_button`]).
#[component]
pub fn TextField(
    id: String,
    name: &'static str,
    #[prop(into)] label: String,
    #[prop(into)] hint: Hint,
    value: Memo<String>,
    errors: Memo<Vec<String>>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] readonly: bool,
    #[prop(optional)] count_id: Option<String>,
    #[prop(optional)] notice_id: Option<Memo<Option<String>>>,
    #[prop(into)] on_blur: Callback<()>,
    #[prop(into)] on_input: Callback<String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_errors = move || !errors.with(Vec::is_empty);
    let describedby = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        let extra = count_id.clone().unwrap_or_default();
        move || {
            described_by(&[
                (&hint_id, true),
                (&extra, !extra.is_empty()),
                (
                    &notice_id.and_then(|n| n.get()).unwrap_or_default(),
                    notice_id.is_some_and(|n| n.with(Option::is_some)),
                ),
                (&error_id, has_errors()),
            ])
        }
    };
    let input = move |ev| on_input.run(event_target_value(&ev));
    let control = if multiline {
        Either::Left(view! {
            <textarea
                id=id.clone()
                name=name
                class="tt-input tt-textarea"
                rows="10"
                spellcheck="true"
                readonly=readonly
                aria-invalid=move || has_errors().then_some("true")
                aria-describedby=describedby
                prop:value=move || value.get()
                on:input=input
                on:blur=move |ev| if !focus_moves_to_button(&ev) { on_blur.run(()) }
            ></textarea>
        })
    } else {
        Either::Right(view! {
            <input
                id=id.clone()
                name=name
                type="text"
                class="tt-input"
                autocomplete="off"
                spellcheck="false"
                readonly=readonly
                aria-invalid=move || has_errors().then_some("true")
                aria-describedby=describedby
                prop:value=move || value.get()
                on:input=input
                on:blur=move |ev| if !focus_moves_to_button(&ev) { on_blur.run(()) }
            />
        })
    };
    view! {
        <div class="tt-field" class:tt-field--error=has_errors>
            <label class="tt-label" for=id.clone()>
                {label}
            </label>
            <div class="tt-hint" id=hint_id>
                {move || hint.0.get()}
            </div>
            <ErrorMessage id=error_id messages=errors />
            {control}
            {count_id.map(|id| view! { <CharacterCount id=id value=value /> })}
        </div>
    }
}
