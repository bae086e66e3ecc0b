//! Rules of the form and the workspace that a user sees, driven through
//! `State::update` as the shell drives it (the per-transition unit tests are
//! in `core/src/state/tests.rs`, the promises over random sequences in
//! `state_props.rs`).

use talkover_core::config::ApiBase;
use talkover_core::state::{waiting, Call, Config, Effect, Msg, Outcome, Raw, Request, State};
use talkover_core::{ApiError, Field, Status, Training};

#[path = "support/fixtures.rs"]
mod fixtures;
use fixtures::{config, raw, sends, training, value, AGENT, TOKEN};

fn saved(t: &Training) -> Result<Raw, ApiError> {
    raw(200, serde_json::json!({"success": true, "data": value(t)}))
}

fn reloads(fx: &[Effect]) -> usize {
    fx.iter()
        .filter(|e| matches!(e, Effect::ScheduleReload { .. }))
        .count()
}

fn answer(s: &mut State, r: &Request, result: Result<Raw, ApiError>) -> Vec<Effect> {
    s.update(Msg::Answer { id: r.id, result })
}

/// The workspace of AGENT, loaded with `list`.
fn workspace(list: &[Training]) -> State {
    let (mut s, fx) = State::new(config(true), TOKEN.to_string(), None);
    load(&mut s, &sends(&fx), list);
    s
}

/// Answers a load (agent, then list).
fn load(s: &mut State, requests: &[Request], list: &[Training]) {
    assert_eq!(requests.len(), 2, "{requests:?}");
    let agent = serde_json::json!({"success": true, "data": {"id": AGENT, "name": "Demo", "current_status": "draft"}});
    answer(s, &requests[0], raw(200, agent));
    answer(
        s,
        &requests[1],
        raw(
            200,
            serde_json::json!({"success": true, "data": list.iter().map(value).collect::<Vec<_>>()}),
        ),
    );
    assert!(!s.busy());
}

fn submit(s: &mut State) -> Request {
    let mut r = sends(&s.update(Msg::Submit));
    assert_eq!(r.len(), 1);
    r.remove(0)
}

fn edit(s: &mut State, t: &Training, node_id: Option<&str>) -> Vec<Effect> {
    s.update(Msg::Edit {
        training: t.clone(),
        node_id: node_id.map(str::to_string),
    })
}

#[test]
fn only_a_change_of_the_agent_reloads_the_list() {
    let mut s = workspace(&[training("t-1", "One")]);
    for field in [Field::NodeId, Field::Subject, Field::Instructions] {
        assert_eq!(reloads(&s.update(Msg::Input(field, "text".into()))), 0);
    }
    assert_eq!(
        reloads(&s.update(Msg::Input(Field::AgentId, " agent-1 ".into()))),
        0,
        "the same agent, spaced"
    );
    assert_eq!(
        reloads(&s.update(Msg::Input(Field::AgentId, "agent-2".into()))),
        1
    );
}

#[test]
fn a_field_is_checked_on_blur_and_while_typing_only_once_it_has_shown_an_error() {
    let (mut s, _) = State::new(config(false), TOKEN.to_string(), None);
    let too_long = "x".repeat(256);
    // Valid when it lost focus: typing is not checked until the next blur.
    s.update(Msg::Input(Field::Subject, "Fine".into()));
    s.update(Msg::Blur(Field::Subject));
    s.update(Msg::Input(Field::Subject, too_long.clone()));
    assert!(s.form.errors.of(Field::Subject).is_empty());
    s.update(Msg::Blur(Field::Subject));
    assert_eq!(s.form.errors.of(Field::Subject).len(), 1);
    // Once it showed an error, every input is checked, also after a fix.
    s.update(Msg::Input(Field::Subject, "Fixed".into()));
    assert!(s.form.errors.of(Field::Subject).is_empty());
    s.update(Msg::Input(Field::Subject, too_long));
    assert_eq!(
        s.form.errors.of(Field::Subject),
        ["The subject field must not be greater than 255 characters."]
    );
}

#[test]
fn clear_removes_every_message_and_the_last_outcome() {
    let (mut s, _) = State::new(config(false), TOKEN.to_string(), None);
    s.update(Msg::Submit);
    assert!(s.form.show_summary && !s.form.errors.is_empty());
    s.update(Msg::Clear);
    assert!(!s.form.show_summary);
    assert!(s.form.errors.is_empty());
    // A field that showed an error is no longer checked while typing.
    s.update(Msg::Input(Field::Subject, "x".repeat(256)));
    assert!(s.form.errors.is_empty());
    s.update(Msg::Input(Field::Subject, "S".into()));
    s.update(Msg::Input(Field::Instructions, "I".into()));
    let r = submit(&mut s);
    answer(
        &mut s,
        &r,
        raw(500, serde_json::json!({"message": "Down."})),
    );
    assert!(matches!(s.form.outcome, Some(Outcome::Failed(_))));
    s.update(Msg::Clear);
    assert_eq!(s.form.outcome, None);
}

#[test]
fn editing_with_a_node_id_updates_in_place_and_deletes_nothing() {
    let one = training("t-1", "One");
    let mut s = workspace(std::slice::from_ref(&one));
    edit(&mut s, &one, Some("n-1"));
    s.update(Msg::Input(Field::Subject, "One v2".into()));
    let save = submit(&mut s);
    assert!(save.body.as_deref().unwrap().contains(r#""node_id":"n-1""#));
    let fx = answer(&mut s, &save, saved(&training("t-1", "One v2")));
    assert!(!s.saving());
    assert!(
        sends(&fx)
            .iter()
            .all(|r| !matches!(r.call, Call::DeleteReplaced { .. } | Call::Delete { .. })),
        "{fx:?}"
    );
}

#[test]
fn the_old_entry_is_kept_when_the_user_unticks_delete_old() {
    let one = training("t-1", "One");
    let mut s = workspace(std::slice::from_ref(&one));
    edit(&mut s, &one, None);
    s.update(Msg::SetDeleteOld(false));
    s.update(Msg::Input(Field::Subject, "One v2".into()));
    let save = submit(&mut s);
    let fx = answer(&mut s, &save, saved(&training("t-2", "One v2")));
    assert!(!s.saving());
    assert!(
        sends(&fx)
            .iter()
            .all(|r| !matches!(r.call, Call::DeleteReplaced { .. })),
        "{fx:?}"
    );
}

#[test]
fn text_typed_during_a_save_with_a_node_id_goes_on_editing_that_node() {
    let (mut s, _) = State::new(config(false), TOKEN.to_string(), None);
    s.update(Msg::Input(Field::NodeId, " n-1 ".into()));
    s.update(Msg::Input(Field::Subject, "S".into()));
    s.update(Msg::Input(Field::Instructions, "I".into()));
    let save = submit(&mut s);
    s.update(Msg::Input(Field::Instructions, "I, and more".into()));
    answer(&mut s, &save, saved(&training("t-1", "S")));
    let editing = s.form.editing.as_ref().expect("editing the saved training");
    assert_eq!(editing.training.id, "t-1");
    assert_eq!(editing.node_id.as_deref(), Some("n-1"));
    assert_eq!(s.form.values.instructions, "I, and more");
}

#[test]
fn edit_asks_first_when_only_the_instructions_were_changed() {
    let (one, two) = (training("t-1", "One"), training("t-2", "Two"));
    let mut s = workspace(&[one.clone(), two.clone()]);
    edit(&mut s, &one, None);
    s.update(Msg::Input(Field::Instructions, "Changed.".into()));
    edit(&mut s, &two, None);
    assert!(s.form.replace_question.is_some());
    assert_eq!(s.form.values.instructions, "Changed.");
}

#[test]
fn edit_asks_first_when_it_would_replace_another_typed_agent_but_not_an_empty_one() {
    let one = training("t-1", "One");
    let mut s = workspace(std::slice::from_ref(&one));
    // The list still shows agent-1 while agent-2 is typed (the reload waits).
    s.update(Msg::Input(Field::AgentId, "agent-2".into()));
    edit(&mut s, &one, None);
    assert!(s.form.replace_question.is_some());
    assert_eq!(s.form.values.agent_id, "agent-2");
    s.update(Msg::AnswerReplace(false));
    // An emptied agent field holds nothing to lose.
    s.update(Msg::Input(Field::AgentId, "".into()));
    edit(&mut s, &one, None);
    assert_eq!(s.form.replace_question, None);
    assert_eq!(s.form.values.agent_id, AGENT);
    assert_eq!(s.form.values.subject, "One");
}

/// Deletes `t` through the list's confirmation and answers it.
fn delete(s: &mut State, t: &Training) {
    s.update(Msg::AskDelete(t.clone()));
    let del = sends(&s.update(Msg::AnswerDelete(true)));
    assert_eq!(del.len(), 1);
    answer(
        s,
        &del[0],
        raw(
            200,
            serde_json::json!({"success": true, "message": "Deleted"}),
        ),
    );
}

#[test]
fn a_training_deleted_from_the_list_can_no_longer_be_edited() {
    let (one, two) = (training("t-1", "One"), training("t-2", "Two"));
    let mut s = workspace(&[one.clone(), two.clone()]);
    edit(&mut s, &one, None);
    delete(&mut s, &two);
    assert_eq!(
        s.form.editing.as_ref().map(|e| e.training.id.as_str()),
        Some("t-1"),
        "deleting another training changes nothing"
    );
    delete(&mut s, &one);
    assert_eq!(s.form.editing, None);
    assert_eq!(s.form.values.subject, "One", "the text stays");
}

#[test]
fn the_question_to_replace_typed_text_with_a_deleted_training_goes() {
    let (one, two) = (training("t-1", "One"), training("t-2", "Two"));
    let mut s = workspace(&[one.clone(), two.clone()]);
    s.update(Msg::Input(Field::Subject, "Mine".into()));
    edit(&mut s, &one, None);
    assert!(s.form.replace_question.is_some());
    delete(&mut s, &two);
    assert!(s.form.replace_question.is_some(), "another training");
    delete(&mut s, &one);
    assert_eq!(s.form.replace_question, None);
    assert_eq!(s.form.values.subject, "Mine");
}

#[test]
fn the_agent_id_is_valid_unless_empty_or_dots() {
    let (mut s, _) = State::new(config(false), TOKEN.to_string(), None);
    assert!(s.form.agent_is_valid());
    for bad in ["", "  ", ".", ".."] {
        s.update(Msg::Input(Field::AgentId, bad.into()));
        assert!(!s.form.agent_is_valid(), "{bad:?}");
    }
}

#[test]
fn the_state_waits_for_exactly_the_requests_in_flight() {
    let (mut s, fx) = State::new(config(true), TOKEN.to_string(), None);
    let loads = sends(&fx);
    let mut ids: Vec<_> = loads.iter().map(|r| r.id).collect();
    assert_eq!(waiting(&s), ids);
    s.update(Msg::Input(Field::Subject, "S".into()));
    s.update(Msg::Input(Field::Instructions, "I".into()));
    let save = submit(&mut s);
    let mut now = waiting(&s);
    now.sort_unstable();
    ids.push(save.id);
    assert_eq!(now, ids);
    answer(
        &mut s,
        &save,
        raw(500, serde_json::json!({"message": "Down."})),
    );
    load(&mut s, &loads, &[]);
    assert!(waiting(&s).is_empty());
}

#[test]
fn a_token_of_16_characters_or_more_is_never_shown_when_echoed() {
    for (token, hidden) in [("talq_0123456789a", true), ("talq_0123456789", false)] {
        let (mut s, _) = State::new(config(false), token.to_string(), None);
        s.update(Msg::Input(Field::Subject, "S".into()));
        s.update(Msg::Input(Field::Instructions, "I".into()));
        let save = submit(&mut s);
        let echo = format!("Bad token {token}.");
        answer(
            &mut s,
            &save,
            raw(500, serde_json::json!({ "message": echo })),
        );
        let Some(Outcome::Failed(ApiError::Server { message, .. })) = &s.form.outcome else {
            panic!("{:?}", s.form.outcome)
        };
        if hidden {
            assert_eq!(message, "Bad token [token].");
        } else {
            assert_eq!(message, &echo, "short secrets are left alone");
        }
    }
}

#[test]
fn the_delete_confirmation_survives_a_reload_that_still_lists_its_training() {
    let (one, two) = (training("t-1", "One"), training("t-2", "Two"));
    let mut s = workspace(&[one.clone(), two.clone()]);
    s.update(Msg::AskDelete(one.clone()));
    let again = sends(&s.update(Msg::Refresh));
    load(&mut s, &again, &[one.clone(), two.clone()]);
    let w = s.workspace.as_ref().unwrap();
    assert_eq!(w.confirming.as_ref(), Some(&one));
    // Gone from the list (deleted elsewhere): nothing is left to confirm.
    let again = sends(&s.update(Msg::Refresh));
    load(&mut s, &again, std::slice::from_ref(&two));
    assert_eq!(s.workspace.as_ref().unwrap().confirming, None);
}
