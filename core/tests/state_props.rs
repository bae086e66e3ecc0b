#![cfg(feature = "workspace")]
//! The state machine's promises, checked after every step of random message
//! sequences: typing in any field, blur, submit, clear, edit with yes/no,
//! token and agent changes, timers firing late or out of order, and every
//! kind of server answer (success, 401/403/404/422/429/5xx, HTML, malformed,
//! empty, time-out, unreachable, not sent) arriving late and in any order.
//!
//! 1. What the user typed is never lost, except by Clear, by a confirmed
//!    replacement, or by the success of a save of exactly that text.
//! 2. Every request's phase ends: nothing waits for a request that is not in
//!    flight, and once every request is answered the form is idle and the
//!    workspace not busy.
//! 3. Every request goes to the agent whose data the state shows, and to the
//!    API origin the token was entered for.
//! 4. An older answer never overwrites what a newer one brought.
//!
//! `make test` runs 1000 sequences (`PROPTEST_CASES`); `make fuzz` many more.

use std::collections::HashMap;

use proptest::prelude::*;
use talkover_core::config::ApiBase;
use talkover_core::form::{bearer, token_errors, ListFilter};
use talkover_core::state::{
    waiting, Call, Config, Effect, Method, Msg, Phase, Raw, Request, RequestId, State,
};
use talkover_core::validate::trim;
use talkover_core::{ApiError, Field, FormValues, Status, Training};

const TEXTS: &[&str] = &[
    "",
    " ",
    "a",
    "Opening hours",
    "agent-1",
    "agent-2",
    "..",
    "talq_demo",
    "talq_de\u{200B}mo",
    "\u{200B}talq_demo\u{FEFF}",
    "  界 😀  ",
    "line\nbreak",
    "active",
    "inactive",
];

/// How a request is answered.
#[derive(Clone, Debug)]
enum Reply {
    Ok,
    Status(u16),
    Invalid,
    Html,
    Malformed,
    Empty,
    MissingData,
    RateLimited(Option<u64>),
    Unreachable,
    TimedOut,
    NotSent,
}

#[derive(Clone, Debug)]
enum Step {
    Type(Field, usize),
    /// Types one of two valid agent ids (the workspace's most common switch).
    SwitchAgent(bool),
    LongSubject(bool),
    Blur(Field),
    Submit,
    Clear,
    ForgetToken,
    /// Another form for the same origin changed the token.
    TokenShared(usize),
    /// The host changed the default status.
    DefaultStatus(bool),
    SetDeleteOld(bool),
    StopEditing,
    Edit(usize, bool),
    AnswerReplace(bool),
    Refresh,
    FireTimer(usize),
    SetFilter(u8),
    AskDelete(usize),
    AnswerDelete(bool),
    Publish(bool),
    Answer(usize, Reply),
}

fn reply() -> impl Strategy<Value = Reply> {
    prop_oneof![
        4 => Just(Reply::Ok),
        1 => prop::sample::select(vec![401u16, 403, 404, 500, 502, 503, 409]).prop_map(Reply::Status),
        1 => Just(Reply::Invalid),
        1 => Just(Reply::Html),
        1 => Just(Reply::Malformed),
        1 => Just(Reply::Empty),
        1 => Just(Reply::MissingData),
        1 => prop::option::of(0u64..200).prop_map(Reply::RateLimited),
        1 => Just(Reply::Unreachable),
        1 => Just(Reply::TimedOut),
        1 => Just(Reply::NotSent),
    ]
}

fn step() -> impl Strategy<Value = Step> {
    let field = prop::sample::select(Field::ALL.to_vec());
    prop_oneof![
        8 => (field.clone(), 0..TEXTS.len()).prop_map(|(f, t)| Step::Type(f, t)),
        3 => any::<bool>().prop_map(Step::SwitchAgent),
        1 => any::<bool>().prop_map(Step::LongSubject),
        2 => field.prop_map(Step::Blur),
        4 => Just(Step::Submit),
        1 => Just(Step::Clear),
        1 => Just(Step::ForgetToken),
        1 => (0..TEXTS.len()).prop_map(Step::TokenShared),
        1 => any::<bool>().prop_map(Step::DefaultStatus),
        1 => any::<bool>().prop_map(Step::SetDeleteOld),
        1 => Just(Step::StopEditing),
        3 => (0usize..4, any::<bool>()).prop_map(|(r, n)| Step::Edit(r, n)),
        2 => any::<bool>().prop_map(Step::AnswerReplace),
        1 => Just(Step::Refresh),
        4 => (0usize..4).prop_map(Step::FireTimer),
        1 => (0u8..3).prop_map(Step::SetFilter),
        2 => (0usize..4).prop_map(Step::AskDelete),
        2 => any::<bool>().prop_map(Step::AnswerDelete),
        2 => any::<bool>().prop_map(Step::Publish),
        10 => (0usize..6, reply()).prop_map(|(i, r)| Step::Answer(i, r)),
    ]
}

fn training(id: &str, subject: &str, status: Status) -> Training {
    Training {
        id: id.to_string(),
        subject: subject.to_string(),
        instructions: format!("{subject}, in detail."),
        current_status: status,
        created_at: "2024-01-15T10:30:00Z".to_string(),
        updated_at: "2024-01-15T12:00:00Z".to_string(),
        node_id: None,
    }
}

/// The body a server would send for `request`, answered `how`.
fn answer(request: &Request, how: &Reply) -> Result<Raw, ApiError> {
    let json = |status: u16, v: serde_json::Value| {
        Ok(Raw {
            status,
            retry_after: None,
            body: v.to_string().into_bytes(),
        })
    };
    let bytes = |status: u16, b: &[u8]| {
        Ok(Raw {
            status,
            retry_after: None,
            body: b.to_vec(),
        })
    };
    match how {
        Reply::Ok => {
            let data = match &request.call {
                Call::Save => {
                    let body: serde_json::Value =
                        serde_json::from_str(request.body.as_deref().unwrap_or("{}")).unwrap();
                    serde_json::json!({
                        "id": format!("saved-{}", request.id),
                        "subject": body["subject"],
                        "instructions": body["instructions"],
                        "current_status": body["current_status"],
                        "created_at": "2024-01-15T10:30:00Z",
                        "updated_at": "2024-01-15T12:00:00Z",
                    })
                }
                Call::LoadList => serde_json::Value::Array(
                    [
                        training(&format!("{}-t1", request.agent), "One", Status::Active),
                        training(&format!("{}-t2", request.agent), "Two", Status::Inactive),
                        training(&format!("r{}", request.id), "Fresh", Status::Active),
                    ]
                    .iter()
                    .map(|t| serde_json::from_str(&t.to_json()).unwrap())
                    .collect(),
                ),
                Call::LoadAgent | Call::Publish { .. } => serde_json::json!({
                    "id": request.agent,
                    "name": format!("Agent r{}", request.id),
                    "current_status": if matches!(request.call, Call::Publish { on: true }) { "published" } else { "draft" },
                }),
                Call::Delete { .. } | Call::DeleteReplaced { .. } => {
                    return json(
                        200,
                        serde_json::json!({"success": true, "message": "deleted"}),
                    );
                }
            };
            json(
                200,
                serde_json::json!({"success": true, "message": "ok", "data": data}),
            )
        }
        Reply::Status(s) => json(*s, serde_json::json!({"success": false, "message": "No."})),
        Reply::Invalid => json(
            422,
            serde_json::json!({"message": "x", "errors": {"subject": ["Bad."], "unknown_field": ["Odd."]}}),
        ),
        Reply::Html => bytes(502, b"<html><body>Bad gateway</body></html>"),
        Reply::Malformed => bytes(200, b"{\"success\": tru"),
        Reply::Empty => bytes(200, b""),
        Reply::MissingData => json(200, serde_json::json!({"success": true})),
        Reply::RateLimited(after) => Ok(Raw {
            status: 429,
            retry_after: after.map(|a| a.to_string()),
            body: Vec::new(),
        }),
        Reply::Unreachable => Err(ApiError::Unreachable {
            origin: request.origin.clone(),
        }),
        Reply::TimedOut => Err(ApiError::TimedOut { seconds: 30 }),
        Reply::NotSent => Err(ApiError::NotSent {
            reason: "refused".to_string(),
        }),
    }
}

/// The state and everything around it: requests in flight, timers, and
/// what each save sent.
struct World {
    state: State,
    api: ApiBase,
    in_flight: Vec<Request>,
    timers: Vec<u64>,
    /// Every request sent, by id.
    sent: HashMap<RequestId, Request>,
    /// The values as typed when each save (and the delete it led to) was sent.
    save_values: HashMap<RequestId, FormValues>,
    /// The agent request sent with each list request (one load).
    load_pairs: HashMap<RequestId, RequestId>,
}

/// Whether the form holds text typed and not saved: the promise of Edit is
/// to ask before replacing it.
fn holds_unsaved_text(state: &State, agent: &str) -> bool {
    let v = &state.form.values;
    let blank = [&v.node_id, &v.subject, &v.instructions]
        .iter()
        .all(|s| trim(s).is_empty());
    let untouched = state.form.editing.as_ref().is_some_and(|e| {
        v.subject == e.training.subject
            && v.instructions == e.training.instructions
            && trim(&v.node_id) == e.node_id.as_deref().unwrap_or("")
    });
    let other_agent = !trim(&v.agent_id).is_empty() && trim(&v.agent_id) != agent;
    (!blank && !untouched) || other_agent
}

impl World {
    fn new(workspace: bool, lock_agent: bool, token: bool, draft: Option<usize>) -> World {
        let api = ApiBase::parse("http://127.0.0.1:8081").unwrap();
        let config = Config {
            api: Some(api.clone()),
            agent_id: Some("agent-1".to_string()),
            lock_agent,
            default_status: Status::Active,
            workspace,
        };
        let draft = draft.map(|t| FormValues {
            agent_id: TEXTS[t].to_string(),
            subject: TEXTS[(t + 3) % TEXTS.len()].to_string(),
            ..FormValues::default()
        });
        let token = if token { "talq_demo" } else { "" }.to_string();
        let (state, effects) = State::new(config, token, draft);
        let mut world = World {
            state,
            api,
            in_flight: Vec::new(),
            timers: Vec::new(),
            sent: HashMap::new(),
            save_values: HashMap::new(),
            load_pairs: HashMap::new(),
        };
        let prev = world.state.clone();
        world.absorb(&prev, None, effects);
        world
    }

    /// Records the effects of one step and checks promise 3 on its requests.
    fn absorb(&mut self, prev: &State, answered: Option<&Request>, effects: Vec<Effect>) {
        let mut agent_request = None;
        for effect in effects {
            match effect {
                Effect::Send(r) => {
                    self.check_request(prev, answered, &r);
                    if r.call == Call::Save {
                        self.save_values.insert(r.id, prev.form.values.clone());
                    }
                    if let (Call::DeleteReplaced { .. }, Some(save)) = (&r.call, answered) {
                        let values = self.save_values[&save.id].clone();
                        self.save_values.insert(r.id, values);
                    }
                    match r.call {
                        Call::LoadAgent => agent_request = Some(r.id),
                        Call::LoadList => {
                            let pair = agent_request
                                .take()
                                .expect("the agent is asked for with its list");
                            self.load_pairs.insert(r.id, pair);
                        }
                        _ => {}
                    }
                    self.sent.insert(r.id, r.clone());
                    self.in_flight.push(r);
                }
                Effect::ScheduleReload { generation, .. } => self.timers.push(generation),
                _ => {}
            }
        }
    }

    /// Promise 3: the right agent, the configured origin, the token as typed.
    fn check_request(&self, prev: &State, answered: Option<&Request>, r: &Request) {
        let s = &self.state;
        assert_eq!(r.origin, self.api.origin(), "{r:?}");
        assert!(
            r.url
                .starts_with(&format!("{}/api/v1/agents/", self.api.as_url())),
            "{r:?}"
        );
        assert_eq!(r.token, bearer(&s.token), "{r:?}");
        assert!(
            token_errors(&s.token).is_empty(),
            "sent with a token that cannot be sent: {r:?}"
        );
        let (method, url) = match &r.call {
            Call::Save => {
                assert_eq!(
                    r.agent,
                    prev.form.agent(),
                    "a save goes to the agent in the form"
                );
                (Method::Post, self.api.trainings_url(&r.agent))
            }
            Call::LoadAgent | Call::LoadList => {
                assert_eq!(
                    r.agent,
                    s.form.agent(),
                    "a load is for the agent in the form"
                );
                let url = if r.call == Call::LoadAgent {
                    self.api.agent_url(&r.agent)
                } else {
                    self.api.trainings_url(&r.agent)
                };
                (Method::Get, url)
            }
            Call::Delete { training_id } => {
                assert_eq!(
                    Some(r.agent.as_str()),
                    prev.shown_agent(),
                    "a delete goes to the agent on screen"
                );
                (Method::Delete, self.api.training_url(&r.agent, training_id))
            }
            Call::Publish { on } => {
                assert_eq!(
                    Some(r.agent.as_str()),
                    prev.shown_agent(),
                    "publish goes to the agent on screen"
                );
                (Method::Post, self.api.publish_url(&r.agent, *on))
            }
            Call::DeleteReplaced { training_id } => {
                let save = answered.expect("a replaced entry is deleted after its save");
                assert_eq!(save.call, Call::Save);
                assert_eq!(
                    r.agent, save.agent,
                    "the old entry is deleted where the new one went"
                );
                (Method::Delete, self.api.training_url(&r.agent, training_id))
            }
        };
        assert_eq!((r.method, &r.url), (method, &url));
    }

    fn run(&mut self, step: &Step) {
        let prev = self.state.clone();
        let mut answered = None;
        let msg = match step.clone() {
            Step::Type(f, t) => Msg::Input(f, TEXTS[t].to_string()),
            Step::SwitchAgent(second) => Msg::Input(
                Field::AgentId,
                if second { "agent-2" } else { "agent-1" }.into(),
            ),
            Step::LongSubject(over) => {
                Msg::Input(Field::Subject, "😀".repeat(if over { 256 } else { 255 }))
            }
            Step::Blur(f) => Msg::Blur(f),
            Step::Submit => Msg::Submit,
            Step::Clear => Msg::Clear,
            Step::ForgetToken => Msg::ForgetToken,
            Step::TokenShared(t) => Msg::TokenShared(TEXTS[t].to_string()),
            Step::DefaultStatus(on) => {
                Msg::DefaultStatus(if on { Status::Active } else { Status::Inactive })
            }
            Step::SetDeleteOld(on) => Msg::SetDeleteOld(on),
            Step::StopEditing => Msg::StopEditing,
            Step::Edit(row, node) => {
                let Some(t) = self.row(row) else { return };
                Msg::Edit {
                    training: t,
                    node_id: node.then(|| format!("node-{row}")),
                }
            }
            Step::AnswerReplace(yes) => Msg::AnswerReplace(yes),
            Step::Refresh => Msg::Refresh,
            Step::FireTimer(i) => {
                if self.timers.is_empty() {
                    return;
                }
                Msg::ReloadDue(self.timers.remove(i % self.timers.len()))
            }
            Step::SetFilter(f) => Msg::SetFilter(
                [ListFilter::All, ListFilter::Active, ListFilter::Inactive][f as usize],
            ),
            Step::AskDelete(row) => {
                let Some(t) = self.row(row) else { return };
                Msg::AskDelete(t)
            }
            Step::AnswerDelete(yes) => Msg::AnswerDelete(yes),
            Step::Publish(on) => Msg::Publish(on),
            Step::Answer(i, how) => {
                if self.in_flight.is_empty() {
                    return;
                }
                let r = self.in_flight.remove(i % self.in_flight.len());
                let result = answer(&r, &how);
                answered = Some(r.clone());
                Msg::Answer { id: r.id, result }
            }
        };
        let effects = self.state.update(msg.clone());
        self.absorb(&prev, answered.as_ref(), effects);
        self.check(&prev, &msg, answered.as_ref());
    }

    fn row(&self, row: usize) -> Option<Training> {
        let shown = self.state.workspace.as_ref()?.shown.as_ref()?;
        if shown.trainings.is_empty() {
            return None;
        }
        Some(shown.trainings[row % shown.trainings.len()].clone())
    }

    /// Promises 1, 2 (every step) and 4.
    fn check(&self, prev: &State, msg: &Msg, answered: Option<&Request>) {
        let s = &self.state;
        // 1. Nothing typed is lost.
        for f in Field::ALL {
            let (before, after) = match f {
                Field::Token => (prev.token.as_str(), s.token.as_str()),
                _ => (prev.form.values.get(f), s.form.values.get(f)),
            };
            if before == after {
                continue;
            }
            let typed_here = matches!(msg, Msg::Input(g, v) if *g == f && v == after);
            let cleared = matches!(msg, Msg::Clear) && f != Field::AgentId && f != Field::Token;
            let forgotten = matches!(msg, Msg::ForgetToken) && f == Field::Token;
            let shared = matches!(msg, Msg::TokenShared(v) if v == after) && f == Field::Token;
            let confirmed = matches!(msg, Msg::AnswerReplace(true)) && f != Field::Token;
            // Only the status of a form with nothing typed in it.
            let defaulted = matches!(msg, Msg::DefaultStatus(_))
                && f == Field::CurrentStatus
                && prev.form.values.is_blank();
            let edited_clean = match msg {
                Msg::Edit { .. } => {
                    let agent = prev.shown_agent().unwrap_or_default();
                    f != Field::Token && !holds_unsaved_text(prev, agent)
                }
                _ => false,
            };
            let saved_exactly = answered
                .and_then(|r| self.save_values.get(&r.id))
                .is_some_and(|sent| after.is_empty() && sent.get(f) == before)
                && matches!(f, Field::NodeId | Field::Subject | Field::Instructions);
            assert!(
                typed_here
                    || cleared
                    || forgotten
                    || shared
                    || confirmed
                    || defaulted
                    || edited_clean
                    || saved_exactly,
                "{f:?} changed from {before:?} to {after:?} on {msg:?}"
            );
        }
        // 2. Save either sends or says why not: it never does nothing.
        if *msg == Msg::Submit && prev.form.phase == Phase::Idle {
            let sent = answered.is_none()
                && self
                    .in_flight
                    .iter()
                    .any(|r| r.call == Call::Save && !prev_waiting(prev, r.id));
            let explained = s.form.show_summary && !s.form.errors.is_empty();
            assert!(sent || explained, "Save did nothing: {:?}", s.form.errors);
        }
        // 2. Nothing waits for a request that is not in flight.
        for id in waiting(s) {
            assert!(
                self.in_flight.iter().any(|r| r.id == id),
                "waits for request {id}, which is not in flight"
            );
        }
        // 3. The data on screen came from a load for the agent it names,
        //    and (4) from the newest load that answered: each list answer
        //    carries a row named after its request (`r{id}`).
        if let Some(w) = &s.workspace {
            if let Some(shown) = &w.shown {
                let from = &self.sent[&shown.from];
                assert_eq!(from.call, Call::LoadList);
                assert_eq!(from.agent, shown.agent_id);
                for t in &shown.trainings {
                    let ours = [
                        format!("{}-t1", shown.agent_id),
                        format!("{}-t2", shown.agent_id),
                        format!("r{}", shown.from),
                    ];
                    assert!(
                        ours.contains(&t.id),
                        "row {} is not from load {}",
                        t.id,
                        shown.from
                    );
                }
                assert_eq!(
                    shown.agent.id, shown.agent_id,
                    "the header is of the agent shown"
                );
                let agent_from = self.load_pairs[&shown.from];
                if !shown.agent.name.is_empty() {
                    assert_eq!(
                        shown.agent.name,
                        format!("Agent r{agent_from}"),
                        "the header came from another load"
                    );
                }
            }
        }
        // 4. Nothing older overwrites anything newer.
        assert!(s.form.outcome_from >= prev.form.outcome_from);
        if s.form.outcome != prev.form.outcome && s.form.outcome.is_some() {
            assert_eq!(Some(s.form.outcome_from), answered.map(|r| r.id));
        }
        if let (Some(w), Some(p)) = (&s.workspace, &prev.workspace) {
            assert!(w.loaded_from >= p.loaded_from);
            if let (Some(a), Some(b)) = (&w.shown, &p.shown) {
                assert!(a.from >= b.from, "older data came back");
            }
            let status = |w: &talkover_core::state::WorkspaceState| {
                w.shown
                    .as_ref()
                    .map(|x| (x.agent_id.clone(), x.agent.current_status.clone()))
            };
            if let (Some(r), Some((agent, after)), Some((same, before))) =
                (answered, status(w), status(p))
            {
                if matches!(r.call, Call::Publish { .. }) && agent == same && after != before {
                    let newest = self
                        .sent
                        .values()
                        .filter(|x| matches!(x.call, Call::Publish { .. }))
                        .map(|x| x.id)
                        .max();
                    assert_eq!(Some(r.id), newest, "an older publish set the status");
                }
            }
            if w.loaded_from != p.loaded_from {
                let newest_load = self
                    .sent
                    .values()
                    .filter(|r| r.call == Call::LoadList)
                    .map(|r| r.id)
                    .max();
                assert_eq!(
                    Some(w.loaded_from),
                    newest_load,
                    "only the newest load is shown"
                );
            }
        }
    }

    /// Answers everything still in flight (which may start reloads) until
    /// nothing is: then nothing may wait any more.
    fn drain(&mut self, replies: &[Reply]) {
        let mut n = 0;
        while !self.in_flight.is_empty() {
            assert!(n < 200, "requests keep coming");
            let how = replies[n % replies.len()].clone();
            self.run(&Step::Answer(0, how));
            n += 1;
        }
        assert!(!self.state.saving(), "the form still says Saving…");
        assert!(!self.state.busy(), "the workspace is still busy");
    }
}

/// Whether `id` was already in flight before the step.
fn prev_waiting(prev: &State, id: RequestId) -> bool {
    waiting(prev).contains(&id) || prev.form.phase.request() == Some(id)
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(1000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn every_sequence_keeps_the_promises(
        workspace in any::<bool>(),
        lock_agent in any::<bool>(),
        token in any::<bool>(),
        draft in prop::option::of(0..TEXTS.len()),
        steps in prop::collection::vec(step(), 1..80),
        replies in prop::collection::vec(reply(), 1..6),
    ) {
        let mut world = World::new(workspace, lock_agent, token, draft);
        for step in &steps {
            world.run(step);
        }
        world.drain(&replies);
    }
}

/// The promises hold on a plain, likely path too (a guard that the random
/// steps above can reach a save at all).
#[test]
fn a_typical_session_saves_and_loads() {
    let mut w = World::new(true, false, true, None);
    assert_eq!(w.in_flight.len(), 2);
    w.run(&Step::Answer(0, Reply::Ok));
    w.run(&Step::Answer(0, Reply::Ok));
    assert_eq!(w.state.shown_agent(), Some("agent-1"));
    w.run(&Step::Type(Field::Subject, 3));
    w.run(&Step::Type(Field::Instructions, 11));
    w.run(&Step::Submit);
    assert!(w.state.saving());
    w.run(&Step::Type(Field::Instructions, 10));
    w.run(&Step::Answer(0, Reply::Ok));
    assert_eq!(
        w.state.form.values.instructions, TEXTS[10],
        "typed while saving"
    );
    w.drain(&[Reply::Ok]);
}
