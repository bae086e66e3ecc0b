use leptos::prelude::*;
use talkover_core::state::Msg;
use talkover_core::Training;

use crate::store::Store;

/// Asks before deleting, naming the training: deleting cannot be undone.
/// As the APG's alert dialog: Cancel (the safe action) takes focus when it
/// opens, Escape answers Cancel, and Tab stays within it while it is open.
///
/// - `training`: the training to delete.
/// - `id`: the dialog's id; its buttons are `{id}-yes` and `{id}-cancel`.
/// - `store`: the answer goes to it (`Msg::AnswerDelete`: `true` to delete).
#[component]
pub fn DeleteConfirm(training: Training, id: String, store: Store) -> impl IntoView {
    let (yes_id, cancel_id, question_id) = (
        format!("{id}-yes"),
        format!("{id}-cancel"),
        format!("{id}-question"),
    );
    let keys = {
        let (yes_id, cancel_id) = (yes_id.clone(), cancel_id.clone());
        move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                store.send(Msg::AnswerDelete(false));
            }
            "Tab" => {
                let active = web_sys::window()
                    .and_then(|w| w.document())
                    .and_then(|d| d.active_element())
                    .map(|e| e.id())
                    .unwrap_or_default();
                let wraps_to = match (ev.shift_key(), active == yes_id, active == cancel_id) {
                    (false, _, true) => Some(&yes_id),
                    (true, true, _) | (true, false, false) => Some(&cancel_id),
                    _ => None,
                };
                if let Some(target) = wraps_to {
                    ev.prevent_default();
                    super::a11y::focus_by_id(target);
                }
            }
            _ => {}
        }
    };
    view! {
        <div
            class="tt-panel tt-panel--warning tt-confirm"
            role="alertdialog"
            aria-modal="false"
            aria-label="Confirm delete"
            aria-describedby=question_id.clone()
            tabindex="-1"
            id=id
            on:keydown=keys
        >
            <p class="tt-confirm-question" id=question_id.clone()>
                "Delete the training “" <span class="tt-confirm-subject">{training.subject}</span> "”? This cannot be undone."
            </p>
            <div class="tt-actions">
                <button type="button" class="tt-button tt-button--danger" id=yes_id on:click=store.on_click(Msg::AnswerDelete(true))>
                    "Yes, delete it"
                </button>
                <button type="button" class="tt-button tt-button--secondary" id=cancel_id on:click=store.on_click(Msg::AnswerDelete(false))>
                    "Cancel"
                </button>
            </div>
        </div>
    }
}
