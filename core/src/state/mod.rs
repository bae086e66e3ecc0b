//! What the form and the workspace *do*, as one state machine on plain values.
//!
//! Every user action, timer and server answer is a [`Msg`]; [`State::update`]
//! changes the state and returns the [`Effect`]s the shell must perform (send
//! a request, focus something, tell the host, store the draft or the token).
//! The shell never decides anything itself: it renders the state, turns DOM
//! events into messages and effects into browser calls, and every request's
//! answer (or its failure) back into exactly one [`Msg::Answer`].
//!
//! The promises this module keeps, checked after every step of random message
//! sequences by `core/tests/state_props.rs`:
//! 1. What the user typed is never lost, except by Clear, by a confirmed
//!    replacement, or by the success of a save of exactly that text.
//! 2. Every request's phase ends: the form is never "Saving" and the workspace
//!    never busy for a request that is not in flight.
//! 3. Every request goes to the agent whose data the state shows, and to the
//!    API origin the token was entered for.
//! 4. An older answer never overwrites what a newer one brought.

mod form;
#[cfg(not(feature = "workspace"))]
mod no_workspace;
#[cfg(feature = "workspace")]
mod workspace;

pub use form::{EditRequest, FormState, Outcome, Phase};
#[cfg(not(feature = "workspace"))]
pub use no_workspace::WorkspaceState;
#[cfg(feature = "workspace")]
pub use workspace::{Shown, WorkspaceState};

use crate::config::ApiBase;
use crate::decode::ApiError;
use crate::form::{FormValues, ListFilter};
use crate::types::{Field, FieldErrors, Status, Training};

/// Identifies one request; later requests have larger ids.
pub type RequestId = u64;

/// How long the workspace waits after the last change of the token or the
/// agent id before it loads (so that typing an id does not send a request a key).
pub const RELOAD_PAUSE_MS: u32 = 400;

/// The HTTP methods the API uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Delete,
}

/// What a request is for: decides how its answer is decoded and applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Call {
    /// `POST …/trainings` from the form.
    Save,
    /// `DELETE …/trainings/{id}` of the entry a save replaced.
    DeleteReplaced { training_id: String },
    /// `GET /agents/{id}` for the workspace header.
    LoadAgent,
    /// `GET …/trainings` for the workspace list.
    LoadList,
    /// `DELETE …/trainings/{id}` from the list.
    Delete { training_id: String },
    /// `POST …/publish` or `…/unpublish`.
    Publish { on: bool },
}

/// A request for the shell to send, complete: the shell adds nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub id: RequestId,
    pub call: Call,
    /// The agent it acts on (trimmed).
    pub agent: String,
    pub method: Method,
    pub url: String,
    /// The API origin of `url`, where the token was entered for.
    pub origin: String,
    /// The bearer token, trimmed.
    pub token: String,
    /// A JSON body, for the save.
    pub body: Option<String>,
}

/// A response as received, for the core to decode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Raw {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: Vec<u8>,
}

impl Raw {
    /// The response with every copy of `secret` in its body (as is, or
    /// JSON-escaped) replaced by `[token]`, so that a server that echoes the
    /// token never gets it shown or put in an event. Secrets shorter than 16
    /// characters (no real token is) are left alone: replacing them could
    /// garble ordinary text.
    pub fn scrubbed(mut self, secret: &str) -> Raw {
        if secret.len() < 16 {
            return self;
        }
        // As JSON writes it: `\` and `"` escaped, and `/` perhaps too.
        let (mut escaped, mut slashed) = (String::new(), String::new());
        for c in secret.chars() {
            if c == '\\' || c == '"' {
                escaped.push('\\');
                slashed.push('\\');
            }
            if c == '/' {
                slashed.push('\\');
            }
            escaped.push(c);
            slashed.push(c);
        }
        for needle in [secret, escaped.as_str(), slashed.as_str()] {
            self.body = replace_bytes(&self.body, needle.as_bytes(), b"[token]");
        }
        self
    }
}

fn replace_bytes(hay: &[u8], needle: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(hay.len());
    let mut i = 0;
    while i < hay.len() {
        if hay[i..].starts_with(needle) {
            out.extend_from_slice(with);
            i += needle.len();
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    out
}

/// Something that happened: a user action, a timer, or a server answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    /// A field's new value as typed (the status radios too; the token too).
    Input(Field, String),
    /// Focus left a field (not for a button: the button's action validates).
    Blur(Field),
    Submit,
    /// "Clear form": every field but the agent and the token back to its default.
    Clear,
    /// "Forget token".
    ForgetToken,
    /// Another form on this page, for the same API origin, changed the token
    /// (typed, or forgotten: empty): one token per origin on a page.
    TokenShared(String),
    /// The host page changed the default status for a new training (its
    /// `status` attribute): the form takes it too while nothing is typed in
    /// it and it edits no training.
    DefaultStatus(Status),
    /// "After saving, delete the old entry".
    SetDeleteOld(bool),
    StopEditing,
    /// Edit on a list row, with the node id remembered for it, if any.
    Edit {
        training: Training,
        node_id: Option<String>,
    },
    /// The answer to "Replace what you typed?".
    AnswerReplace(bool),
    /// "Refresh list".
    Refresh,
    /// A reload timer fired; only the newest one counts.
    ReloadDue(u64),
    SetFilter(ListFilter),
    /// Delete on a list row: asks first.
    AskDelete(Training),
    AnswerDelete(bool),
    Publish(bool),
    /// The answer to request `id`: a response, or why there was none.
    Answer {
        id: RequestId,
        result: Result<Raw, ApiError>,
    },
}

/// Where focus goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Focus {
    /// The form's error summary.
    Summary,
    /// The success panel or the request error panel.
    Outcome,
    /// A form field.
    Field(Field),
    /// The "Replace what you typed?" question.
    ReplaceQuestion,
    /// The workspace's error panel.
    WorkspaceError,
    /// The delete confirmation's first safe action (Cancel).
    Confirm,
    /// A list row's Edit button (by training id).
    EditButton(String),
    /// A list row's Delete button (by training id).
    DeleteButton(String),
    /// The heading of the trainings list.
    ListHeading,
}

/// Events for the host page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostEvent {
    Saved(Training),
    ValidationFailed {
        /// `client` or `server`.
        source: &'static str,
        errors: FieldErrors,
    },
    RequestFailed {
        status: Option<u16>,
        message: String,
    },
}

/// A side effect for the shell to perform, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Send(Request),
    /// Dispatch `Msg::ReloadDue(generation)` after `after_ms`.
    ScheduleReload {
        after_ms: u32,
        generation: u64,
    },
    Focus(Focus),
    Emit(HostEvent),
    /// Keep these values as the draft (a blank form removes it); `at_once`
    /// asks for no delay (Clear, a save).
    Draft {
        values: FormValues,
        at_once: bool,
    },
    /// Keep the token for this tab and API origin (`None`: remove it), and
    /// give it to the page's other forms for that origin ([`Msg::TokenShared`]).
    StoreToken(Option<String>),
    /// Remember that `training_id` of `agent` has `node_id` (saved here).
    RememberNode {
        agent: String,
        training_id: String,
        node_id: String,
    },
    ForgetNode {
        agent: String,
        training_id: String,
    },
}

/// What a mount point configured, as far as behaviour goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// `None` when the configured API base was refused (nothing is ever sent).
    pub api: Option<ApiBase>,
    /// The configured agent, if any.
    pub agent_id: Option<String>,
    /// The agent is shown read-only and never changes.
    pub lock_agent: bool,
    pub default_status: Status,
    /// Whether the workspace is shown.
    pub workspace: bool,
}

/// One mounted instance: the form, the token, and the workspace if shown.
#[derive(Clone, Debug)]
pub struct State {
    pub config: Config,
    /// The token as typed (trimmed when sent).
    pub token: String,
    pub form: FormState,
    pub workspace: Option<WorkspaceState>,
    next_id: RequestId,
}

impl State {
    /// The state at mount: the token kept for this origin and the draft, if
    /// any. Returns the first effects (the workspace's first load).
    pub fn new(config: Config, token: String, draft: Option<FormValues>) -> (State, Vec<Effect>) {
        let form = FormState::new(&config, draft);
        let workspace = WorkspaceState::open(config.workspace);
        let mut state = State {
            config,
            token,
            form,
            workspace,
            next_id: 1,
        };
        let mut fx = Vec::new();
        state.load_workspace(false, &mut fx);
        (state, fx)
    }

    /// Applies one message; returns what the shell must do.
    pub fn update(&mut self, msg: Msg) -> Vec<Effect> {
        let mut fx = Vec::new();
        if let Msg::DefaultStatus(status) = msg {
            self.config.default_status = status;
            if self.form.values.is_blank() && self.form.editing.is_none() {
                self.form.values.current_status = status.as_str().to_string();
            }
            return fx;
        }
        let lock_agent = self.config.lock_agent;
        let (mut tx, form, workspace) = self.sender();
        let mut reload = false;
        match msg {
            Msg::Input(Field::Token, value) => {
                form.revalidate_if_live(Field::Token, &value);
                let kept = crate::form::bearer(&value);
                fx.push(Effect::StoreToken(
                    (!kept.is_empty()).then(|| kept.to_string()),
                ));
                self.token = value;
                reload = true;
            }
            Msg::Input(Field::AgentId, _) if lock_agent => {}
            Msg::Input(field, value) => {
                let agent_before = form.agent();
                form.input(field, value, tx.token, &mut fx);
                reload = field == Field::AgentId && form.agent() != agent_before;
            }
            Msg::Blur(field) => form.validate_field(field, tx.token),
            Msg::Submit => form.submit(&mut tx, &mut fx),
            Msg::Clear => form.clear(tx.config, &mut fx),
            Msg::TokenShared(value) => {
                form.revalidate_if_live(Field::Token, &value);
                if value.is_empty() {
                    form.errors.clear(Field::Token.api_name());
                }
                self.token = value;
                reload = true;
            }
            Msg::DefaultStatus(_) => {} // before the match
            Msg::ForgetToken => {
                form.errors.clear(Field::Token.api_name());
                fx.push(Effect::StoreToken(None));
                self.token.clear();
                reload = true;
            }
            Msg::SetDeleteOld(on) => form.delete_old = on,
            Msg::StopEditing => {
                form.editing = None;
                fx.push(Effect::Focus(Focus::Field(Field::Subject)));
            }
            Msg::Edit { training, node_id } => {
                if let Some(agent) = workspace.and_then(|w| w.shown_agent()).map(str::to_string) {
                    let request = EditRequest {
                        training,
                        node_id,
                        agent,
                    };
                    form.ask_edit(request, &mut fx);
                }
            }
            Msg::AnswerReplace(yes) => form.answer_replace(yes, &mut fx),
            Msg::Refresh => {
                if let Some(w) = workspace {
                    w.load(&form.agent(), &mut tx, true, &mut fx);
                }
            }
            Msg::ReloadDue(generation) => {
                if let Some(w) = workspace.filter(|w| w.reload_generation() == generation) {
                    // A token typed but unsendable: say why nothing loads, under the field.
                    if !crate::form::bearer(tx.token).is_empty() {
                        form.validate_field(Field::Token, tx.token);
                    }
                    w.load(&form.agent(), &mut tx, false, &mut fx);
                }
            }
            Msg::SetFilter(filter) => {
                if let Some(w) = workspace {
                    w.set_filter(filter);
                }
            }
            Msg::AskDelete(training) => {
                if let Some(w) = workspace {
                    w.ask_delete(training, &mut fx);
                }
            }
            Msg::AnswerDelete(yes) => {
                if let Some(w) = workspace {
                    w.answer_delete(yes, &mut tx, &mut fx);
                }
            }
            Msg::Publish(on) => {
                if let Some(w) = workspace {
                    w.publish(on, &mut tx, &mut fx);
                }
            }
            Msg::Answer { id, result } => {
                let secret = crate::form::bearer(&self.token).to_string();
                self.answer(id, result.map(|raw| raw.scrubbed(&secret)), &mut fx);
            }
        }
        if reload {
            self.schedule_reload(&mut fx);
        }
        fx
    }

    /// The agent whose data the workspace shows.
    pub fn shown_agent(&self) -> Option<&str> {
        self.workspace.as_ref().and_then(|w| w.shown_agent())
    }

    /// Whether the form waits for an answer.
    pub fn saving(&self) -> bool {
        self.form.phase != Phase::Idle
    }

    /// Whether the workspace waits for any answer.
    pub fn busy(&self) -> bool {
        self.workspace.as_ref().is_some_and(WorkspaceState::busy)
    }

    fn sender(&mut self) -> (Sender<'_>, &mut FormState, Option<&mut WorkspaceState>) {
        (
            Sender {
                config: &self.config,
                token: &self.token,
                next_id: &mut self.next_id,
            },
            &mut self.form,
            self.workspace.as_mut(),
        )
    }

    fn schedule_reload(&mut self, fx: &mut Vec<Effect>) {
        if let Some(w) = &mut self.workspace {
            fx.push(Effect::ScheduleReload {
                after_ms: RELOAD_PAUSE_MS,
                generation: w.next_reload(),
            });
        }
    }

    /// Loads the agent and its trainings for the agent in the form, when a
    /// token and a valid agent id are there; otherwise shows nothing.
    fn load_workspace(&mut self, by_user: bool, fx: &mut Vec<Effect>) {
        let (mut tx, form, workspace) = self.sender();
        if let Some(w) = workspace {
            w.load(&form.agent(), &mut tx, by_user, fx);
        }
    }

    fn answer(&mut self, id: RequestId, result: Result<Raw, ApiError>, fx: &mut Vec<Effect>) {
        let (mut tx, form, workspace) = self.sender();
        let changed = if form.phase.request() == Some(id) {
            form.answer(result, &mut tx, fx)
        } else if let Some(w) = workspace {
            let changed = w.answer(id, result, fx);
            if let Some(Changed::Deleted(training_id)) = &changed {
                form.forget_deleted(training_id);
            }
            changed
        } else {
            None
        };
        if changed.is_some() {
            self.load_workspace(false, fx);
        }
    }
}

/// One of the `decode` functions: status, `Retry-After`, body.
type Decoder<T> = fn(u16, Option<&str>, &[u8]) -> Result<T, ApiError>;

/// Decodes an answer with one of the `decode` functions.
pub(crate) fn decoded<T>(result: Result<Raw, ApiError>, decode: Decoder<T>) -> Result<T, ApiError> {
    result.and_then(|r| decode(r.status, r.retry_after.as_deref(), &r.body))
}

/// What an answer changed on the server: the workspace reloads.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(
    not(feature = "workspace"),
    expect(dead_code, reason = "only the workspace deletes and publishes")
)]
pub(crate) enum Changed {
    Saved,
    Deleted(String),
    Published,
}

/// Builds requests to the configured API with the current token.
pub(crate) struct Sender<'a> {
    config: &'a Config,
    token: &'a str,
    next_id: &'a mut RequestId,
}

impl Sender<'_> {
    /// A request to the configured API; `None` when the API base was refused,
    /// the token cannot be sent or the agent id is not usable.
    pub(crate) fn make(&mut self, call: Call, agent: &str) -> Option<Request> {
        let api = self.config.api.as_ref()?;
        let token_ok = crate::form::token_errors(self.token).is_empty();
        if !token_ok || !crate::form::agent_id_errors(agent).is_empty() {
            return None;
        }
        let (method, url) = match &call {
            Call::Save => (Method::Post, api.trainings_url(agent)),
            Call::LoadList => (Method::Get, api.trainings_url(agent)),
            Call::LoadAgent => (Method::Get, api.agent_url(agent)),
            Call::DeleteReplaced { training_id } | Call::Delete { training_id } => {
                (Method::Delete, api.training_url(agent, training_id))
            }
            Call::Publish { on } => (Method::Post, api.publish_url(agent, *on)),
        };
        let request = Request {
            id: *self.next_id,
            call,
            agent: agent.to_string(),
            method,
            url,
            origin: api.origin(),
            token: crate::form::bearer(self.token).to_string(),
            body: None,
        };
        *self.next_id += 1;
        Some(request)
    }
}

/// The request ids of a state that wait for an answer (for tests and checks).
pub fn waiting(state: &State) -> Vec<RequestId> {
    let mut ids: Vec<RequestId> = state.form.phase.request().into_iter().collect();
    if let Some(w) = &state.workspace {
        ids.extend(w.pending_ids());
    }
    ids
}

#[cfg(all(test, feature = "workspace"))]
mod tests;
