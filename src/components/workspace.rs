use leptos::html::Div;
use leptos::prelude::*;
use leptos::task::spawn_local;
use talkover_core::decode::{decode_agent, decode_delete, decode_list};
use talkover_core::form::ListFilter;
use talkover_core::{Agent, ApiError, Training};

use super::a11y::focus_when_rendered;
use super::{AgentHeader, DeleteConfirm, RequestError, TrainingList};
use crate::http::{self, Method};
use crate::state::{EditRequest, Shared};

/// The agent workspace around the form: the agent's name and publish state,
/// its trainings (filter, edit, delete) and publishing. Optional: enabled by
/// `data-workspace` or `?workspace`.
///
/// - `shared`: token, agent and edit requests shared with the form.
/// - `prefix`: for unique ids.
#[component]
pub fn Workspace(shared: Shared, prefix: String) -> impl IntoView {
    let agent = RwSignal::new(None::<Agent>);
    let trainings = RwSignal::new(None::<Vec<Training>>);
    let error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let filter = RwSignal::new(ListFilter::All);
    let confirming = RwSignal::new(None::<Training>);
    let busy = RwSignal::new(false);
    let error_ref = NodeRef::<Div>::new();
    let confirm_ref = NodeRef::<Div>::new();

    let fail = move |e: ApiError| {
        shared.report_failure(&e);
        error.set(Some(e));
        focus_when_rendered(error_ref);
    };
    let request = move |method: Method, url: String| async move {
        let origin = shared.origin().unwrap_or_default();
        http::send(method, &url, &shared.bearer(), None, &origin).await
    };

    let load = move || {
        let Some(api) = shared.api.get_value() else {
            return;
        };
        if shared.bearer().is_empty() || shared.agent().is_empty() {
            return;
        }
        let agent_id = shared.agent();
        busy.set(true);
        spawn_local(async move {
            let got_agent = request(Method::Get, api.agent_url(&agent_id))
                .await
                .and_then(|r| decode_agent(r.status, r.retry_after.as_deref(), &r.body));
            let got_list = match &got_agent {
                Ok(_) => request(Method::Get, api.trainings_url(&agent_id))
                    .await
                    .and_then(|r| decode_list(r.status, r.retry_after.as_deref(), &r.body)),
                Err(e) => Err(e.clone()),
            };
            busy.set(false);
            match (got_agent, got_list) {
                (Ok(a), Ok(list)) => {
                    agent.set(Some(a));
                    trainings.set(Some(list));
                    error.set(None);
                }
                (Err(e), _) | (_, Err(e)) => fail(e),
            }
        });
    };
    // Load at start, and again after every accepted change.
    Effect::new(move |_| {
        shared.changed.track();
        load();
    });

    let publish = move |on: bool| {
        let Some(api) = shared.api.get_value() else {
            return;
        };
        let url = api.publish_url(&shared.agent(), on);
        busy.set(true);
        notice.set(None);
        spawn_local(async move {
            let result = request(Method::Post, url)
                .await
                .and_then(|r| decode_agent(r.status, r.retry_after.as_deref(), &r.body));
            busy.set(false);
            match result {
                Ok(a) => {
                    notice.set(Some(
                        if on {
                            "The agent is published."
                        } else {
                            "The agent is unpublished."
                        }
                        .to_string(),
                    ));
                    error.set(None);
                    agent.update(|current| {
                        if let Some(current) = current {
                            current.current_status = a.current_status.clone();
                        }
                    });
                    shared.changed.update(|n| *n += 1);
                }
                Err(e) => fail(e),
            }
        });
    };

    let answer_delete = move |yes: bool| {
        let Some(target) = confirming.get_untracked() else {
            return;
        };
        confirming.set(None);
        if !yes {
            return;
        }
        let Some(api) = shared.api.get_value() else {
            return;
        };
        let url = api.training_url(&shared.agent(), &target.id);
        busy.set(true);
        spawn_local(async move {
            let result = request(Method::Delete, url)
                .await
                .and_then(|r| decode_delete(r.status, r.retry_after.as_deref(), &r.body));
            busy.set(false);
            match result {
                Ok(()) => {
                    shared.update_node_memory(|m| m.forget(&target.id));
                    notice.set(Some(format!("Deleted “{}”.", target.subject)));
                    error.set(None);
                    shared.changed.update(|n| *n += 1);
                }
                Err(e) => fail(e),
            }
        });
    };

    let edit = move |t: Training| {
        let node_id = shared.node_memory().node_of(&t.id).map(str::to_string);
        shared.edit.set(Some(EditRequest {
            training: t,
            node_id,
        }));
    };
    let heading_id = format!("{prefix}-workspace-title");

    view! {
        <section class="tt-workspace" aria-labelledby=heading_id.clone() aria-busy=move || busy.get().then_some("true")>
            <AgentHeader agent=agent heading_id=heading_id.clone() busy=busy on_publish=publish />
            {move || error.get().map(|e| view! { <RequestError error=e node_ref=error_ref /> })}
            <div class="tt-visually-hidden" role="status">{move || notice.get()}</div>
            {move || notice.get().map(|n| view! { <p class="tt-notice" aria-hidden="true">{n}</p> })}
            {move || confirming.get().map(|t| {
                focus_when_rendered(confirm_ref);
                view! { <DeleteConfirm training=t node_ref=confirm_ref on_answer=answer_delete /> }
            })}
            <div class="tt-actions">
                <button type="button" class="tt-button tt-button--secondary" on:click=move |_| load()>
                    "Refresh list"
                </button>
            </div>
            <TrainingList
                trainings=trainings
                filter=filter
                prefix=prefix
                on_edit=edit
                on_delete=move |t| confirming.set(Some(t))
            />
        </section>
    }
}
