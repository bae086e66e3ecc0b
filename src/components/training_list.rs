use leptos::either::Either;
use leptos::prelude::*;
use talkover_core::form::ListFilter;
use talkover_core::state::Msg;
use talkover_core::Training;

use super::success_panel::short_time;
use crate::store::Store;

/// The agent's trainings with a client-side filter, each with Edit and Delete.
///
/// - `trainings`: the list as last loaded (`None` until loaded).
/// - `filter`: active, inactive or all.
/// - `hint`: what to say while there is no list (why, or that it loads).
/// - `prefix`: for unique ids: the heading is `{prefix}-heading`, a row's
///   buttons `{prefix}-edit-{training id}` and `{prefix}-delete-{training id}`
///   (focus moves to them after a delete).
/// - `store`: where a filter, Edit or Delete button press goes.
#[component]
pub fn TrainingList(
    trainings: Memo<Option<Vec<Training>>>,
    filter: Memo<ListFilter>,
    hint: Memo<String>,
    prefix: String,
    store: Store,
) -> impl IntoView {
    let shown = move || {
        trainings.with(|t| {
            t.as_ref().map(|t| {
                t.iter()
                    .filter(|x| filter.get().keeps(x.current_status))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    };
    let filter_button = move |value: ListFilter, label: &'static str| {
        view! {
            <button
                type="button"
                class="tt-filter"
                aria-pressed=move || if filter.get() == value { "true" } else { "false" }
                on:click=store.on_click(Msg::SetFilter(value))
            >
                {label}
            </button>
        }
    };
    let heading_id = format!("{prefix}-heading");
    view! {
        <div class="tt-list">
            <h3 class="tt-list-title" id=heading_id.clone() tabindex="-1">"Trainings"</h3>
            <div class="tt-filters" role="group" aria-label="Show trainings">
                {filter_button(ListFilter::All, "All")}
                {filter_button(ListFilter::Active, "Active")}
                {filter_button(ListFilter::Inactive, "Inactive")}
            </div>
            {move || match shown() {
                // No table: one paragraph says why (one branch, not three: less wasm).
                None => Either::Left(view! { <p class="tt-hint">{hint.get()}</p> }),
                Some(list) if list.is_empty() => {
                    let none = trainings.with(|t| t.as_ref().is_some_and(Vec::is_empty));
                    Either::Left(view! {
                        <p class="tt-empty">
                            {if none {
                                "This agent has no training yet. Write the first one in the form below."
                            } else {
                                "No training matches this filter."
                            }
                            .to_string()}
                        </p>
                    })
                }
                Some(list) => {
                    let prefix = prefix.clone();
                    Either::Right(view! {
                        // The roles restate the table's own: in a narrow container
                        // its rows are restyled as blocks, which drops table
                        // semantics in some browsers (ARCHITECTURE.md "Decisions").
                        <table class="tt-table" role="table" aria-labelledby=heading_id.clone()>
                            <thead role="rowgroup">
                                <tr role="row">
                                    <th role="columnheader" scope="col">"Subject"</th>
                                    <th role="columnheader" scope="col">"Status"</th>
                                    <th role="columnheader" scope="col">"Updated"</th>
                                    <th role="columnheader" scope="col"><span class="tt-visually-hidden">"Actions"</span></th>
                                </tr>
                            </thead>
                            <tbody role="rowgroup">
                                {list.into_iter().map(|t| {
                                    let (edit, delete) = (t.clone(), t.clone());
                                    let (edit_id, delete_id) = (format!("{prefix}-edit-{}", t.id), format!("{prefix}-delete-{}", t.id));
                                    let named = format!(" “{}”", t.subject);
                                    view! {
                                        <tr class="tt-training-row" role="row">
                                            <td role="cell" class="tt-training-subject">{t.subject.clone()}</td>
                                            <td role="cell" data-label="Status">{t.current_status.as_str()}</td>
                                            <td role="cell" data-label="Updated"><time datetime=t.updated_at.clone()>{short_time(&t.updated_at)}</time></td>
                                            <td role="cell" class="tt-row-actions">
                                                <button type="button" class="tt-link-button" id=edit_id on:click=move |_| store.edit(edit.clone())>
                                                    "Edit" <span class="tt-visually-hidden">{named.clone()}</span>
                                                </button>
                                                <button type="button" class="tt-link-button tt-link-button--danger" id=delete_id on:click=store.on_click(Msg::AskDelete(delete))>
                                                    "Delete" <span class="tt-visually-hidden">{named}</span>
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    })
                }
            }}
        </div>
    }
}
