use leptos::either::Either;
use leptos::prelude::*;
use talkover_core::state::Msg;
use talkover_core::validate::trim;

use crate::store::Store;

/// Says what saving will do to the training chosen for editing: update it
/// (its Node ID is known or typed) or create a new entry, with the offer to
/// delete the old one once the new one is saved. Nothing is shown when the
/// form is not editing. Its id is `{prefix}-edit-notice`: Subject, which takes
/// focus after Edit, is described by it.
///
/// - `store`: the instance's state (what is edited, the Node ID field,
///   whether to delete the old entry).
#[component]
pub fn EditNotice(store: Store) -> impl IntoView {
    let subject = store.memo(|s| s.form.editing.as_ref().map(|e| e.training.subject.clone()));
    let node = store.memo(|s| trim(&s.form.values.node_id).to_string());
    let delete_old = store.memo(|s| s.form.delete_old);
    let id = store.id("delete-old");
    let notice_id = store.id("edit-notice");
    let creates = move |subject: String| {
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
                    on:change=move |ev| store.send(Msg::SetDeleteOld(event_target_checked(&ev)))
                />
                <label class="tt-checkbox-label" for=id.clone()>
                    "After saving, delete the old entry “" {subject} "”"
                </label>
            </div>
        }
    };
    move || {
        let creates = creates.clone();
        subject.get().map(|subject| {
            view! {
                <div class="tt-panel tt-panel--info tt-edit-notice" id=notice_id.clone()>
                    <p class="tt-edit-title">
                        "Editing “" <span class="tt-edit-subject">{subject.clone()}</span> "”."
                    </p>
                    {move || match node.get() {
                        n if n.is_empty() => Either::Left(creates(subject.clone())),
                        n => Either::Right(view! { <p>"Saving updates the training with Node ID “" {n} "”."</p> }),
                    }}
                    <button type="button" class="tt-button tt-button--secondary" on:click=store.on_click(Msg::StopEditing)>
                        "Stop editing"
                    </button>
                </div>
            }
        })
    }
}
