use leptos::prelude::*;
use talkover_core::Training;

/// Asks before deleting, naming the training: deleting cannot be undone.
///
/// - `training`: the training to delete.
/// - `id`: the question's id; focus moves here when it appears.
/// - `on_answer`: `true` to delete, `false` to keep it.
#[component]
pub fn DeleteConfirm(
    training: Training,
    id: String,
    #[prop(into)] on_answer: Callback<bool>,
) -> impl IntoView {
    view! {
        <div class="tt-panel tt-panel--warning tt-confirm" role="alertdialog" aria-modal="false" aria-label="Confirm delete" tabindex="-1" id=id>
            <p class="tt-confirm-question">
                "Delete the training “" <span class="tt-confirm-subject">{training.subject}</span> "”? This cannot be undone."
            </p>
            <div class="tt-actions">
                <button type="button" class="tt-button tt-button--danger" on:click=move |_| on_answer.run(true)>
                    "Yes, delete it"
                </button>
                <button type="button" class="tt-button tt-button--secondary" on:click=move |_| on_answer.run(false)>
                    "Cancel"
                </button>
            </div>
        </div>
    }
}
