use leptos::prelude::*;
use talkover_core::validate::trim;

use crate::state::EditRequest;

/// Says what saving will do to the training chosen for editing: update it
/// (its Node ID is known or typed) or create a new entry, with the offer to
/// delete the old one once the new one is saved.
///
/// - `editing`: the training being edited; nothing is shown when `None`.
/// - `node_id`: the Node ID field.
/// - `delete_old`: whether to delete the old entry after saving a new one.
/// - `id`: id of the delete checkbox.
#[component]
pub fn EditNotice(
    editing: RwSignal<Option<EditRequest>>,
    node_id: RwSignal<String>,
    delete_old: RwSignal<bool>,
    id: String,
) -> impl IntoView {
    let node_known = move || node_id.with(|n| !trim(n).is_empty());
    view! {
        {move || {
            editing
                .get()
                .map(|request| {
                    let subject = request.training.subject.clone();
                    let id = id.clone();
                    view! {
                        <div class="tt-panel tt-panel--info tt-edit-notice">
                            <p class="tt-edit-title">
                                "Editing “" <span class="tt-edit-subject">{subject.clone()}</span> "”."
                            </p>
                            <Show
                                when=node_known
                                fallback=move || {
                                    let id = id.clone();
                                    let subject = subject.clone();
                                    view! {
                                        <p>
                                            "Talkover does not tell us this entry’s Node ID, so saving creates a new entry. "
                                            "If you know the Node ID, type it below and saving updates the entry instead."
                                        </p>
                                        <div class="tt-checkbox">
                                            <input
                                                type="checkbox"
                                                class="tt-checkbox-input"
                                                id=id.clone()
                                                prop:checked=move || delete_old.get()
                                                on:change=move |ev| delete_old.set(event_target_checked(&ev))
                                            />
                                            <label class="tt-checkbox-label" for=id>
                                                "After saving, delete the old entry “" {subject} "”"
                                            </label>
                                        </div>
                                    }
                                }
                            >
                                <p>
                                    "Saving updates the training with Node ID “"
                                    {move || trim(&node_id.get()).to_string()}
                                    "”."
                                </p>
                            </Show>
                            <button
                                type="button"
                                class="tt-button tt-button--secondary"
                                on:click=move |_| editing.set(None)
                            >
                                "Stop editing"
                            </button>
                        </div>
                    }
                })
        }}
    }
}
