use leptos::prelude::*;
use talkover_core::state::Msg;

use crate::store::Store;

/// "Replace what you typed?": asked when Edit on a list row would replace
/// text the user has not saved. Nothing changes until they answer; Escape
/// answers "Keep my text".
///
/// - `store`: the instance's state (the edit that waits for an answer).
#[component]
pub fn ReplaceQuestion(store: Store) -> impl IntoView {
    let subject = store.memo(|s| {
        s.form
            .replace_question
            .as_ref()
            .map(|e| e.training.subject.clone())
    });
    let id = store.id("replace");
    move || {
        subject.get().map(|subject| {
            view! {
                <div class="tt-panel tt-panel--warning tt-replace" role="alertdialog" aria-modal="false"
                    aria-labelledby=format!("{id}-question") tabindex="-1" id=id.clone()
                    on:keydown=move |ev: web_sys::KeyboardEvent| if ev.key() == "Escape" {
                        ev.prevent_default();
                        store.send(Msg::AnswerReplace(false));
                    }>
                    <p class="tt-replace-question" id=format!("{id}-question")>
                        "Replace what you typed? The form holds text that is not saved. Editing “"
                        {subject} "” replaces it."
                    </p>
                    <div class="tt-actions">
                        <button type="button" class="tt-button tt-button--danger" on:click=store.on_click(Msg::AnswerReplace(true))>
                            "Replace my text"
                        </button>
                        <button type="button" class="tt-button tt-button--secondary" on:click=store.on_click(Msg::AnswerReplace(false))>
                            "Keep my text"
                        </button>
                    </div>
                </div>
            }
        })
    }
}
