use leptos::either::Either;
use leptos::prelude::*;
use talkover_core::state::Outcome;

use super::{RequestError, SuccessPanel};
use crate::store::Store;

/// What the last save came to: the saved training, or why it failed.
///
/// - `store`: the instance's state (its form's outcome).
#[component]
pub fn FormOutcome(store: Store) -> impl IntoView {
    let outcome = store.memo(|s| s.form.outcome.clone());
    let id = store.id("outcome");
    move || {
        outcome.get().map(|o| match o {
            Outcome::Saved { training, note } => {
                Either::Left(view! { <SuccessPanel training=training note=note id=id.clone() /> })
            }
            Outcome::Failed(error) => {
                Either::Right(view! { <RequestError error=error id=id.clone() /> })
            }
        })
    }
}
