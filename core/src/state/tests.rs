//! Transitions of the state machine, one behaviour per test. The promises
//! over random sequences are in `core/tests/state_props.rs`.

use super::*;
use crate::config::ApiBase;
use crate::form::ListFilter;

#[path = "../../tests/support/fixtures.rs"]
mod fixtures;
use fixtures::{config, raw, sends, training, value, AGENT, TOKEN};

const OTHER: &str = "agent-2";

fn saved(t: &Training) -> Result<Raw, ApiError> {
    raw(
        200,
        serde_json::json!({"success": true, "message": "ok", "data": value(t)}),
    )
}

fn listed(ts: &[Training]) -> Result<Raw, ApiError> {
    let ts: Vec<_> = ts.iter().map(value).collect();
    raw(200, serde_json::json!({"success": true, "data": ts}))
}

fn agent_body(id: &str, status: &str) -> Result<Raw, ApiError> {
    raw(
        200,
        serde_json::json!({"success": true, "data": {"id": id, "name": "Demo", "current_status": status}}),
    )
}

fn deleted() -> Result<Raw, ApiError> {
    raw(
        200,
        serde_json::json!({"success": true, "message": "Agent training deleted successfully"}),
    )
}

/// A form (no workspace) with a token and a valid training typed.
fn filled() -> State {
    let (mut s, fx) = State::new(config(false), TOKEN.to_string(), None);
    assert!(fx.is_empty());
    s.update(Msg::Input(Field::Subject, "Opening hours".into()));
    s.update(Msg::Input(Field::Instructions, "9 to 5.".into()));
    s
}

fn submit(s: &mut State) -> Request {
    let fx = s.update(Msg::Submit);
    let mut r = sends(&fx);
    assert_eq!(r.len(), 1, "{fx:?}");
    r.remove(0)
}

/// A workspace state whose first load for AGENT answered with `list`.
fn workspace(list: &[Training]) -> State {
    let (mut s, fx) = State::new(config(true), TOKEN.to_string(), None);
    let r = sends(&fx);
    assert_eq!(r.len(), 2, "loads at once with a token and an agent");
    s.update(Msg::Answer {
        id: r[0].id,
        result: agent_body(AGENT, "published"),
    });
    s.update(Msg::Answer {
        id: r[1].id,
        result: listed(list),
    });
    assert_eq!(s.shown_agent(), Some(AGENT));
    assert!(!s.busy());
    s
}

#[test]
fn a_valid_save_goes_to_the_typed_agent_with_the_trimmed_token() {
    let mut s = filled();
    s.update(Msg::Input(
        Field::Token,
        " \u{200B}talq_demo\u{FEFF}".into(),
    ));
    s.update(Msg::Input(Field::AgentId, "  agent-9 ".into()));
    let r = submit(&mut s);
    assert_eq!(r.call, Call::Save);
    assert_eq!(r.method, Method::Post);
    assert_eq!(r.url, "http://127.0.0.1:9/api/v1/agents/agent-9/trainings");
    assert_eq!(r.token, "talq_demo");
    assert_eq!(r.origin, "http://127.0.0.1:9");
    assert_eq!(
        r.body.as_deref(),
        Some(r#"{"subject":"Opening hours","instructions":"9 to 5.","current_status":"active"}"#)
    );
    assert!(s.saving());
    assert!(
        sends(&s.update(Msg::Submit)).is_empty(),
        "a second Save waits"
    );
}

#[test]
fn an_invalid_submit_shows_every_error_and_sends_nothing() {
    let (mut s, _) = State::new(config(false), String::new(), None);
    let fx = s.update(Msg::Submit);
    assert!(sends(&fx).is_empty());
    assert!(s.form.show_summary);
    assert_eq!(
        s.form.errors.iter().map(|(f, _)| f).collect::<Vec<_>>(),
        ["subject", "instructions", "token"]
    );
    assert!(fx.contains(&Effect::Focus(Focus::Summary)));
    assert!(matches!(
        &fx[..],
        [
            ..,
            Effect::Emit(HostEvent::ValidationFailed {
                source: "client",
                ..
            })
        ]
    ));
    // The fields are live now: the message goes as the user types.
    s.update(Msg::Input(Field::Subject, "x".into()));
    assert!(s.form.errors.of(Field::Subject).is_empty());
    s.update(Msg::Input(Field::Subject, " ".into()));
    assert_eq!(
        s.form.errors.of(Field::Subject),
        ["The subject field is required."]
    );
}

#[test]
fn a_token_with_an_invisible_character_inside_is_a_field_error_not_a_hang() {
    let mut s = filled();
    s.update(Msg::Input(Field::Token, "talq_de\u{200B}mo".into()));
    let fx = s.update(Msg::Submit);
    assert!(sends(&fx).is_empty());
    assert!(!s.saving());
    assert!(s.form.errors.of(Field::Token)[0].contains("U+200B, character 8 of 10"));
    s.update(Msg::Input(Field::Token, "talq_demo".into()));
    assert!(
        s.form.errors.of(Field::Token).is_empty(),
        "re-checked as typed"
    );
    submit(&mut s);
}

#[test]
fn a_blur_checks_one_field() {
    let (mut s, _) = State::new(config(false), TOKEN.to_string(), None);
    s.update(Msg::Blur(Field::Instructions));
    assert_eq!(s.form.errors.count(), 1);
    assert!(!s.form.show_summary, "no summary before a submit");
    s.update(Msg::Blur(Field::NodeId));
    assert_eq!(s.form.errors.count(), 1);
}

#[test]
fn success_clears_the_text_that_was_sent() {
    let mut s = filled();
    s.update(Msg::Input(Field::NodeId, "faq-1".into()));
    let r = submit(&mut s);
    let t = training("t-1", "Opening hours");
    let fx = s.update(Msg::Answer {
        id: r.id,
        result: saved(&t),
    });
    assert!(!s.saving());
    assert_eq!(s.form.values.subject, "");
    assert_eq!(s.form.values.instructions, "");
    assert_eq!(s.form.values.node_id, "");
    assert_eq!(s.form.values.agent_id, AGENT, "the agent stays");
    assert_eq!(s.form.editing, None);
    assert_eq!(
        s.form.outcome,
        Some(Outcome::Saved {
            training: t.clone(),
            note: None
        })
    );
    assert!(fx.contains(&Effect::RememberNode {
        agent: AGENT.into(),
        training_id: "t-1".into(),
        node_id: "faq-1".into()
    }));
    assert!(fx.contains(&Effect::Emit(HostEvent::Saved(t))));
    assert!(fx.contains(&Effect::Focus(Focus::Outcome)));
    assert!(fx.contains(&Effect::Draft {
        values: s.form.values.clone(),
        at_once: true
    }));
}

#[test]
fn text_typed_while_saving_stays_and_the_form_edits_the_saved_training() {
    let mut s = filled();
    let r = submit(&mut s);
    s.update(Msg::Input(
        Field::Instructions,
        "9 to 5, not on Sundays.".into(),
    ));
    let t = training("t-1", "Opening hours");
    s.update(Msg::Answer {
        id: r.id,
        result: saved(&t),
    });
    assert_eq!(s.form.values.subject, "Opening hours");
    assert_eq!(s.form.values.instructions, "9 to 5, not on Sundays.");
    let editing = s.form.editing.clone().expect("editing the saved training");
    assert_eq!(editing.training, t);
    assert_eq!(editing.agent, AGENT);
    match &s.form.outcome {
        Some(Outcome::Saved { note: Some(n), .. }) => assert!(n.contains("still in the form")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn clear_while_saving_stays_clear() {
    let mut s = filled();
    let r = submit(&mut s);
    s.update(Msg::Clear);
    s.update(Msg::Answer {
        id: r.id,
        result: saved(&training("t-1", "Opening hours")),
    });
    assert!(s.form.values.is_blank());
    assert_eq!(s.form.editing, None);
}

#[test]
fn failures_keep_every_value_and_end_the_phase() {
    let cases: Vec<(Result<Raw, ApiError>, &str)> = vec![
        (
            raw(
                422,
                serde_json::json!({"message": "x", "errors": {"subject": ["Too long."], "extra": ["?"]}}),
            ),
            "summary",
        ),
        (
            raw(401, serde_json::json!({"message": "Unauthenticated."})),
            "token",
        ),
        (
            raw(
                500,
                serde_json::json!({"message": "Internal server error."}),
            ),
            "panel",
        ),
        (raw(429, serde_json::json!({})), "panel"),
        (
            Ok(Raw {
                status: 502,
                retry_after: None,
                body: b"<html>bad gateway</html>".to_vec(),
            }),
            "panel",
        ),
        (
            Err(ApiError::Unreachable {
                origin: "http://127.0.0.1:9".into(),
            }),
            "panel",
        ),
        (Err(ApiError::TimedOut { seconds: 30 }), "panel"),
        (
            Err(ApiError::NotSent {
                reason: "refused".into(),
            }),
            "panel",
        ),
    ];
    for (result, shown) in cases {
        let mut s = filled();
        let before = s.form.values.clone();
        let r = submit(&mut s);
        let fx = s.update(Msg::Answer { id: r.id, result });
        assert_eq!(s.form.values, before, "{shown}");
        assert!(!s.saving(), "{shown}");
        match shown {
            "summary" => {
                assert!(s.form.show_summary);
                assert_eq!(s.form.errors.get("extra"), ["?"]);
            }
            "token" => assert_eq!(s.form.errors.of(Field::Token), [form::TOKEN_REFUSED]),
            _ => {
                assert!(matches!(s.form.outcome, Some(Outcome::Failed(_))));
                assert!(fx.contains(&Effect::Focus(Focus::Outcome)));
            }
        }
        assert_eq!(
            sends(&s.update(Msg::Submit)).len(),
            1,
            "{shown}: Save works again"
        );
    }
}

#[test]
fn an_answer_nobody_waits_for_changes_nothing() {
    let mut s = filled();
    let before = s.form.clone();
    let fx = s.update(Msg::Answer {
        id: 99,
        result: saved(&training("t", "x")),
    });
    assert!(fx.is_empty());
    assert_eq!(s.form, before);
}

#[test]
fn clear_resets_all_but_the_agent_and_the_token() {
    let mut s = filled();
    s.update(Msg::Input(Field::CurrentStatus, "inactive".into()));
    let fx = s.update(Msg::Clear);
    assert!(s.form.values.is_blank());
    assert_eq!(s.form.values.current_status, "active");
    assert_eq!(s.form.values.agent_id, AGENT);
    assert_eq!(s.token, TOKEN);
    assert!(matches!(fx[..], [Effect::Draft { at_once: true, .. }]));
}

#[test]
fn a_locked_agent_cannot_be_changed() {
    let (mut s, _) = State::new(
        Config {
            lock_agent: true,
            ..config(false)
        },
        TOKEN.into(),
        Some(FormValues {
            agent_id: "from-draft".into(),
            ..FormValues::default()
        }),
    );
    assert_eq!(s.form.values.agent_id, AGENT);
    s.update(Msg::Input(Field::AgentId, "x".into()));
    assert_eq!(s.form.values.agent_id, AGENT);
}

#[test]
fn the_workspace_loads_at_once_only_with_a_token_and_an_agent() {
    let (_, fx) = State::new(config(true), String::new(), None);
    assert!(sends(&fx).is_empty());
    let (_, fx) = State::new(config(true), TOKEN.into(), None);
    let r = sends(&fx);
    assert_eq!(
        r.iter()
            .map(|r| (&r.call, r.url.as_str()))
            .collect::<Vec<_>>(),
        [
            (&Call::LoadAgent, "http://127.0.0.1:9/api/v1/agents/agent-1"),
            (
                &Call::LoadList,
                "http://127.0.0.1:9/api/v1/agents/agent-1/trainings"
            ),
        ]
    );
}

#[test]
fn entering_the_token_loads_after_a_pause() {
    let (mut s, _) = State::new(config(true), String::new(), None);
    let fx = s.update(Msg::Input(Field::Token, "talq_d".into()));
    assert_eq!(
        fx,
        [
            Effect::StoreToken(Some("talq_d".into())),
            Effect::ScheduleReload {
                after_ms: RELOAD_PAUSE_MS,
                generation: 1
            }
        ]
    );
    let fx = s.update(Msg::Input(Field::Token, TOKEN.into()));
    assert!(fx.contains(&Effect::ScheduleReload {
        after_ms: RELOAD_PAUSE_MS,
        generation: 2
    }));
    assert!(s.update(Msg::ReloadDue(1)).is_empty(), "an older timer");
    let r = sends(&s.update(Msg::ReloadDue(2)));
    assert_eq!(r.len(), 2);
    assert!(r.iter().all(|r| r.token == TOKEN && r.agent == AGENT));
}

#[test]
fn a_new_agent_is_loaded_and_actions_go_to_the_agent_on_screen() {
    let mut s = workspace(&[training("t-1", "One")]);
    s.update(Msg::Input(Field::AgentId, OTHER.into()));
    // Until the new agent's data is there, actions go to the one on screen.
    let publish = sends(&s.update(Msg::Publish(false)));
    assert_eq!(publish[0].agent, AGENT);
    assert_eq!(
        publish[0].url,
        "http://127.0.0.1:9/api/v1/agents/agent-1/unpublish"
    );
    let generation = s.workspace.as_ref().unwrap().reload_generation();
    let load = sends(&s.update(Msg::ReloadDue(generation)));
    assert!(load.iter().all(|r| r.agent == OTHER));
    s.update(Msg::Answer {
        id: load[0].id,
        result: agent_body(OTHER, "draft"),
    });
    assert_eq!(
        s.shown_agent(),
        Some(AGENT),
        "shown once both answers are in"
    );
    s.update(Msg::Answer {
        id: load[1].id,
        result: listed(&[]),
    });
    assert_eq!(s.shown_agent(), Some(OTHER));
    assert!(s.busy(), "the publish is still in flight");
    s.update(Msg::Answer {
        id: publish[0].id,
        result: agent_body(AGENT, "draft"),
    });
    let w = s.workspace.as_ref().unwrap();
    assert_eq!(w.shown.as_ref().unwrap().agent.current_status, "draft");
}

#[test]
fn an_older_load_never_overwrites_a_newer_one() {
    let mut s = workspace(&[training("t-1", "One"), training("t-2", "Two")]);
    let old = sends(&s.update(Msg::Refresh));
    let new = sends(&s.update(Msg::Refresh));
    for (r, list) in [
        (&new, vec![training("t-1", "One")]),
        (&old, vec![training("t-9", "Old")]),
    ] {
        s.update(Msg::Answer {
            id: r[0].id,
            result: agent_body(AGENT, "published"),
        });
        s.update(Msg::Answer {
            id: r[1].id,
            result: listed(&list),
        });
    }
    let w = s.workspace.as_ref().unwrap();
    assert_eq!(
        w.shown.as_ref().unwrap().trainings,
        [training("t-1", "One")]
    );
    assert_eq!(w.loaded_from, new[1].id);
    assert!(!s.busy(), "busy ends for the stale load too");
}

#[test]
fn a_deleted_training_does_not_come_back_with_a_load_that_started_before() {
    let mut s = workspace(&[training("t-1", "One"), training("t-2", "Two")]);
    let load = sends(&s.update(Msg::Refresh));
    s.update(Msg::AskDelete(training("t-1", "One")));
    assert!(sends(&s.update(Msg::AnswerDelete(false))).is_empty());
    s.update(Msg::AskDelete(training("t-1", "One")));
    let del = sends(&s.update(Msg::AnswerDelete(true)));
    assert_eq!(del[0].method, Method::Delete);
    assert_eq!(
        del[0].url,
        "http://127.0.0.1:9/api/v1/agents/agent-1/trainings/t-1"
    );
    let fx = s.update(Msg::Answer {
        id: del[0].id,
        result: deleted(),
    });
    let reload = sends(&fx);
    assert_eq!(reload.len(), 2, "reloads after a change");
    let w = s.workspace.as_ref().unwrap();
    assert_eq!(w.announcement, "Deleted “One”. 1 training left.");
    assert_eq!(
        w.shown.as_ref().unwrap().trainings,
        [training("t-2", "Two")]
    );
    // The load that started before the delete answers late, with t-1.
    for (i, r) in load.iter().enumerate() {
        let result = if i == 0 {
            agent_body(AGENT, "draft")
        } else {
            listed(&[training("t-1", "One"), training("t-2", "Two")])
        };
        s.update(Msg::Answer { id: r.id, result });
    }
    let w = s.workspace.as_ref().unwrap();
    assert_eq!(
        w.shown.as_ref().unwrap().trainings,
        [training("t-2", "Two")]
    );
    assert!(s.busy(), "the reload is in flight");
}

#[test]
fn edit_asks_before_replacing_unsaved_text() {
    let mut s = workspace(&[training("t-1", "One")]);
    s.update(Msg::Input(Field::Subject, "My own text".into()));
    let fx = s.update(Msg::Edit {
        training: training("t-1", "One"),
        node_id: None,
    });
    assert_eq!(fx, [Effect::Focus(Focus::ReplaceQuestion)]);
    let before = s.form.values.clone();
    s.update(Msg::AnswerReplace(false));
    assert_eq!(s.form.values, before);
    assert_eq!(s.form.editing, None);
    s.update(Msg::Edit {
        training: training("t-1", "One"),
        node_id: Some("n-1".into()),
    });
    let fx = s.update(Msg::AnswerReplace(true));
    assert_eq!(s.form.values.subject, "One");
    assert_eq!(s.form.values.node_id, "n-1");
    assert!(fx.contains(&Effect::Focus(Focus::Field(Field::Subject))));
    // Unchanged since it was loaded: another Edit does not ask.
    let fx = s.update(Msg::Edit {
        training: training("t-2", "Two"),
        node_id: None,
    });
    assert_eq!(s.form.values.subject, "Two");
    assert!(!fx.contains(&Effect::Focus(Focus::ReplaceQuestion)));
}

#[test]
fn changing_the_agent_ends_editing_the_other_agents_training() {
    let mut s = workspace(&[training("t-1", "One")]);
    s.update(Msg::Edit {
        training: training("t-1", "One"),
        node_id: None,
    });
    assert!(s.form.editing.is_some());
    s.update(Msg::Input(Field::AgentId, " agent-1 ".into()));
    assert!(s.form.editing.is_some(), "the same agent, spaced");
    s.update(Msg::Input(Field::AgentId, OTHER.into()));
    assert_eq!(s.form.editing, None);
    assert_eq!(s.form.values.subject, "One", "the text stays");
    let save = submit(&mut s);
    assert_eq!(save.agent, OTHER);
    let fx = s.update(Msg::Answer {
        id: save.id,
        result: saved(&training("t-9", "One")),
    });
    assert!(
        sends(&fx).iter().all(|r| r.method == Method::Get),
        "nothing of the first agent is deleted"
    );
}

#[test]
fn editing_without_a_node_id_saves_a_new_entry_then_deletes_the_old() {
    let mut s = workspace(&[training("t-1", "One")]);
    s.update(Msg::Edit {
        training: training("t-1", "One"),
        node_id: None,
    });
    s.update(Msg::Input(Field::Subject, "One v2".into()));
    let save = submit(&mut s);
    let fx = s.update(Msg::Answer {
        id: save.id,
        result: saved(&training("t-2", "One v2")),
    });
    let del = sends(&fx);
    assert_eq!(
        del[0].call,
        Call::DeleteReplaced {
            training_id: "t-1".into()
        }
    );
    assert_eq!(del[0].agent, AGENT);
    assert!(s.saving(), "until the old entry is deleted");
    let fx = s.update(Msg::Answer {
        id: del[0].id,
        result: deleted(),
    });
    assert!(!s.saving());
    assert!(fx.contains(&Effect::ForgetNode {
        agent: AGENT.into(),
        training_id: "t-1".into()
    }));
    match &s.form.outcome {
        Some(Outcome::Saved { note: Some(n), .. }) => {
            assert_eq!(n, "The old entry “One” was deleted.");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(sends(&fx).len(), 2, "the workspace reloads");
}

#[test]
fn forgetting_the_token_empties_the_workspace_after_the_pause() {
    let mut s = workspace(&[training("t-1", "One")]);
    let fx = s.update(Msg::ForgetToken);
    assert_eq!(fx[0], Effect::StoreToken(None));
    let generation = s.workspace.as_ref().unwrap().reload_generation();
    assert!(sends(&s.update(Msg::ReloadDue(generation))).is_empty());
    assert_eq!(s.shown_agent(), None);
    assert!(
        sends(&s.update(Msg::Publish(true))).is_empty(),
        "nothing to act on"
    );
}

#[test]
fn only_the_newest_publish_sets_the_status() {
    let mut s = workspace(&[]);
    let on = sends(&s.update(Msg::Publish(true)));
    let off = sends(&s.update(Msg::Publish(false)));
    s.update(Msg::Answer {
        id: off[0].id,
        result: agent_body(AGENT, "draft"),
    });
    s.update(Msg::Answer {
        id: on[0].id,
        result: agent_body(AGENT, "published"),
    });
    let w = s.workspace.as_ref().unwrap();
    assert_eq!(w.shown.as_ref().unwrap().agent.current_status, "draft");
    assert_eq!(w.announcement, "The agent is unpublished.");
}

#[test]
fn a_refused_api_base_never_sends() {
    let (mut s, fx) = State::new(
        Config {
            api: None,
            ..config(true)
        },
        TOKEN.into(),
        None,
    );
    assert!(fx.is_empty());
    s.update(Msg::Input(Field::Subject, "s".into()));
    s.update(Msg::Input(Field::Instructions, "i".into()));
    assert!(s.update(Msg::Submit).is_empty());
    assert!(sends(&s.update(Msg::Refresh)).is_empty());
}

fn focus_of(fx: &[Effect]) -> Vec<Focus> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Focus(f) => Some(f.clone()),
            _ => None,
        })
        .collect()
}

fn three() -> Vec<Training> {
    vec![
        training("t-1", "One"),
        training("t-2", "Two"),
        Training {
            current_status: Status::Inactive,
            ..training("t-3", "Three")
        },
    ]
}

#[test]
fn the_confirmation_takes_focus_and_gives_it_back_to_its_delete_button() {
    let mut s = workspace(&three());
    let fx = s.update(Msg::AskDelete(training("t-2", "Two")));
    assert_eq!(focus_of(&fx), [Focus::Confirm]);
    let fx = s.update(Msg::AnswerDelete(false));
    assert_eq!(focus_of(&fx), [Focus::DeleteButton("t-2".into())]);
    assert!(sends(&fx).is_empty());
}

#[test]
fn after_a_delete_focus_goes_to_the_next_row_or_the_one_before_or_the_heading() {
    let cases = [
        ("t-2", Focus::EditButton("t-3".into())),
        ("t-3", Focus::EditButton("t-2".into())),
    ];
    for (id, expected) in cases {
        let mut s = workspace(&three());
        let t = three().into_iter().find(|t| t.id == id).unwrap();
        s.update(Msg::AskDelete(t));
        let del = sends(&s.update(Msg::AnswerDelete(true)));
        let fx = s.update(Msg::Answer {
            id: del[0].id,
            result: deleted(),
        });
        assert_eq!(focus_of(&fx), [expected], "{id}");
    }
    // With a filter, the neighbours are the rows on screen.
    let mut s = workspace(&three());
    s.update(Msg::SetFilter(ListFilter::Inactive));
    s.update(Msg::AskDelete(three()[2].clone()));
    let del = sends(&s.update(Msg::AnswerDelete(true)));
    let fx = s.update(Msg::Answer {
        id: del[0].id,
        result: deleted(),
    });
    assert_eq!(focus_of(&fx), [Focus::ListHeading]);
    let w = s.workspace.as_ref().unwrap();
    assert_eq!(w.announcement, "Deleted “Three”. 2 trainings left.");
}

#[test]
fn a_load_is_announced_once_with_its_count_and_an_action_keeps_its_own() {
    let mut s = workspace(&three());
    assert_eq!(
        s.workspace.as_ref().unwrap().announcement,
        "3 trainings, 2 active."
    );
    s.update(Msg::AskDelete(training("t-1", "One")));
    let del = sends(&s.update(Msg::AnswerDelete(true)));
    let reload = sends(&s.update(Msg::Answer {
        id: del[0].id,
        result: deleted(),
    }));
    s.update(Msg::Answer {
        id: reload[0].id,
        result: agent_body(AGENT, "draft"),
    });
    s.update(Msg::Answer {
        id: reload[1].id,
        result: listed(&three()[1..]),
    });
    let w = s.workspace.as_ref().unwrap();
    assert_eq!(
        w.announcement, "Deleted “One”. 2 trainings left.",
        "not cut short by the reload"
    );
    let reload = sends(&s.update(Msg::Refresh));
    s.update(Msg::Answer {
        id: reload[0].id,
        result: agent_body(AGENT, "draft"),
    });
    s.update(Msg::Answer {
        id: reload[1].id,
        result: listed(&[]),
    });
    assert_eq!(
        s.workspace.as_ref().unwrap().announcement,
        "No trainings yet."
    );
}

#[test]
fn keep_my_text_and_stop_editing_leave_focus_somewhere_useful() {
    let mut s = workspace(&three());
    s.update(Msg::Input(Field::Subject, "Mine".into()));
    s.update(Msg::Edit {
        training: training("t-2", "Two"),
        node_id: None,
    });
    let fx = s.update(Msg::AnswerReplace(false));
    assert_eq!(focus_of(&fx), [Focus::EditButton("t-2".into())]);
    s.update(Msg::Clear);
    s.update(Msg::Edit {
        training: training("t-2", "Two"),
        node_id: None,
    });
    let fx = s.update(Msg::StopEditing);
    assert_eq!(focus_of(&fx), [Focus::Field(Field::Subject)]);
}

#[test]
fn a_failed_action_takes_focus_to_the_workspace_error() {
    let mut s = workspace(&three());
    let publish = sends(&s.update(Msg::Publish(true)));
    let fx = s.update(Msg::Answer {
        id: publish[0].id,
        result: raw(
            422,
            serde_json::json!({"message": "The agent is not ready to publish."}),
        ),
    });
    assert_eq!(focus_of(&fx), [Focus::WorkspaceError]);
    // A load the user did not ask for does not take focus from their typing.
    s.update(Msg::Input(Field::AgentId, OTHER.into()));
    let generation = s.workspace.as_ref().unwrap().reload_generation();
    let load = sends(&s.update(Msg::ReloadDue(generation)));
    s.update(Msg::Answer {
        id: load[0].id,
        result: raw(404, serde_json::json!({"message": "Agent not found"})),
    });
    let fx = s.update(Msg::Answer {
        id: load[1].id,
        result: raw(404, serde_json::json!({"message": "Agent not found"})),
    });
    assert!(focus_of(&fx).is_empty());
    assert_eq!(
        s.shown_agent(),
        None,
        "no data of the other agent under the error"
    );
}

#[test]
fn a_token_that_cannot_be_sent_is_explained_when_the_workspace_would_load() {
    let (mut s, _) = State::new(config(true), String::new(), None);
    s.update(Msg::Input(Field::Token, "talq_de\u{200B}mo".into()));
    assert!(
        s.form.errors.of(Field::Token).is_empty(),
        "not while typing"
    );
    let generation = s.workspace.as_ref().unwrap().reload_generation();
    let fx = s.update(Msg::ReloadDue(generation));
    assert!(sends(&fx).is_empty());
    assert!(s.form.errors.of(Field::Token)[0].contains("U+200B"));
    s.update(Msg::Input(Field::Token, TOKEN.into()));
    assert!(
        s.form.errors.of(Field::Token).is_empty(),
        "live: gone once fixed"
    );
}

#[test]
fn a_server_that_echoes_the_token_never_gets_it_shown() {
    let mut s = filled();
    s.update(Msg::Input(Field::Token, "talq_a/b\"c_secret".into()));
    let r = submit(&mut s);
    let body = serde_json::json!({"message": "Bad token talq_a/b\"c_secret", "errors": {"token": ["talq_a/b\"c_secret is wrong"]}});
    let echoed = body.to_string().replace('/', "\\/");
    s.update(Msg::Answer {
        id: r.id,
        result: Ok(Raw {
            status: 422,
            retry_after: None,
            body: echoed.into_bytes(),
        }),
    });
    assert_eq!(s.form.errors.get("token"), ["[token] is wrong"]);
    let r = submit(&mut s);
    let fx = s.update(Msg::Answer {
        id: r.id,
        result: raw(
            500,
            serde_json::json!({"message": "talq_a/b\"c_secret broke it"}),
        ),
    });
    let shown = format!("{:?} {fx:?}", s.form.outcome);
    assert!(!shown.contains("c_secret"), "{shown}");
    assert!(shown.contains("[token] broke it"));
}

#[test]
fn a_token_shared_by_another_form_is_used_but_not_stored_again() {
    let (mut s, _) = State::new(config(true), String::new(), None);
    let fx = s.update(Msg::TokenShared(TOKEN.into()));
    assert_eq!(s.token, TOKEN);
    assert!(
        !fx.iter().any(|e| matches!(e, Effect::StoreToken(_))),
        "{fx:?}"
    );
    assert!(fx
        .iter()
        .any(|e| matches!(e, Effect::ScheduleReload { .. })));
    s.update(Msg::Submit);
    s.update(Msg::TokenShared(String::new()));
    assert_eq!(s.token, "");
    assert!(
        s.form.errors.of(Field::Token).is_empty(),
        "forgotten elsewhere: no error here"
    );
}

#[test]
fn the_host_changes_the_default_status_of_a_blank_form_only() {
    let (mut s, _) = State::new(config(false), String::new(), None);
    let fx = s.update(Msg::DefaultStatus(Status::Inactive));
    assert!(fx.is_empty(), "{fx:?}");
    assert_eq!(s.form.values.current_status, "inactive");
    assert_eq!(s.config.default_status, Status::Inactive);
    // Clear goes back to the new default.
    s.update(Msg::Input(Field::CurrentStatus, "active".into()));
    s.update(Msg::Clear);
    assert_eq!(s.form.values.current_status, "inactive");
    // With text typed, the form keeps its status; the default still changes.
    s.update(Msg::Input(Field::Subject, "Hours".into()));
    s.update(Msg::DefaultStatus(Status::Active));
    assert_eq!(s.form.values.current_status, "inactive");
    assert_eq!(s.form.values.subject, "Hours");
    s.update(Msg::Clear);
    assert_eq!(s.form.values.current_status, "active");
}
