use leptos::prelude::*;
use talkover_core::CharCount;

/// Milliseconds of quiet typing before the count is announced.
const ANNOUNCE_AFTER_MS: u64 = 1000;

/// The count under Subject, in the manner of GOV.UK's character count: the
/// visible count is hidden from screen readers, and a polite live region
/// announces the same text once typing pauses.
///
/// - `id`: id of the visible hint (the field's `aria-describedby` includes it).
/// - `value`: the text being counted.
#[component]
pub fn CharacterCount(id: String, value: Memo<String>) -> impl IntoView {
    let count = Memo::new(move |_| value.with(|v| CharCount::of_subject(v)));
    let announced = RwSignal::new(String::new());
    let generation = StoredValue::new(0u64);
    Effect::new(move |previous: Option<()>| {
        let message = count.with(CharCount::message);
        // Nothing is announced on first render, only after typing.
        if previous.is_none() {
            return;
        }
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.try_get_value() == Some(mine) {
                    announced.set(message);
                }
            },
            std::time::Duration::from_millis(ANNOUNCE_AFTER_MS),
        );
    });
    view! {
        <div
            id=id
            class="tt-hint tt-character-count"
            class:tt-character-count--over=move || count.with(CharCount::is_over)
            aria-hidden="true"
        >
            {move || count.with(CharCount::message)}
        </div>
        <div class="tt-visually-hidden" aria-live="polite">
            {move || announced.get()}
        </div>
    }
}
