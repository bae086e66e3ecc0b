use leptos::either::Either;
use leptos::prelude::*;
use talkover_core::Field;

use super::a11y::focus_by_id;
use crate::store::Store;

/// "There is a problem": every error at the top of the form, as GOV.UK's
/// error summary, shown after a submit or a 422 while any error remains.
/// Each error of a field the form has links to that field and focuses it;
/// errors of other fields are listed as text. A 422 with more than the core
/// keeps (50 fields, 10 messages each) says how many more it sent.
///
/// - `store`: the instance's state (its errors and field ids).
#[component]
pub fn ErrorSummary(store: Store) -> impl IntoView {
    let items = store.memo(|s| {
        let form = &s.form;
        if !form.show_summary {
            return Vec::new();
        }
        form.errors
            .iter()
            .flat_map(|(name, msgs)| msgs.iter().map(move |m| (name.to_string(), m.clone())))
            .collect::<Vec<_>>()
    });
    let item = move |(name, message): (String, String)| match Field::from_api_name(&name) {
        Some(field) => {
            let target = store.field_id(field);
            let href = format!("#{target}");
            Either::Left(view! {
                <li>
                    <a href=href on:click=move |ev| {
                        ev.prevent_default();
                        focus_by_id(&target);
                    }>
                        {message}
                    </a>
                </li>
            })
        }
        None => Either::Right(view! { <li>{format!("{name}: {message}")}</li> }),
    };
    let hidden = store.memo(|s| s.form.errors.hidden());
    let id = store.id("error-summary");
    move || {
        let list = items.get();
        let more = match hidden.get() {
            0 => None,
            1 => Some("The server sent 1 more error, not shown here.".to_string()),
            n => Some(format!("The server sent {n} more errors, not shown here.")),
        };
        (!list.is_empty()).then(|| {
            view! {
                <div class="tt-error-summary" role="alert" tabindex="-1" id=id.clone()>
                    <h2 class="tt-error-summary-title">"There is a problem"</h2>
                    <ul class="tt-error-summary-list">{list.into_iter().map(item).collect_view()}</ul>
                    {more.map(|m| view! { <p class="tt-error-summary-more">{m}</p> })}
                </div>
            }
        })
    }
}
