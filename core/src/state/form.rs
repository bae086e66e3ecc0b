//! The form's part of the state machine: values, errors, which fields are
//! checked as the user types, the save in flight, its outcome, and editing a
//! training chosen in the list.

use super::{decoded, Call, Changed, Config, Effect, Focus, HostEvent, Raw, RequestId, Sender};
use crate::decode::{decode_delete, decode_save, ApiError};
use crate::form::{agent_id_errors, token_errors, FormValues};
use crate::types::{Field, FieldErrors, Training};
use crate::validate::trim;

/// A training chosen in the list, to edit in the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditRequest {
    pub training: Training,
    /// Its node id when known: then saving updates it in place.
    pub node_id: Option<String>,
    /// The agent it belongs to (the one the list showed).
    pub agent: String,
}

/// Whether the form waits for the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Phase {
    Idle,
    /// The save `id` is in flight with the values `sent` (as typed).
    Saving {
        id: RequestId,
        sent: FormValues,
        agent: String,
        /// The entry to delete once the new one is saved (editing without a node id).
        replaces: Option<Training>,
        /// What the form was editing when Save was pressed.
        editing: Option<EditRequest>,
    },
    /// Saved; now deleting the entry it replaces (request `id`).
    DeletingReplaced {
        id: RequestId,
        sent: FormValues,
        agent: String,
        saved: Training,
        old: Training,
        editing: Option<EditRequest>,
    },
}

impl Phase {
    /// The request this phase waits for.
    pub fn request(&self) -> Option<RequestId> {
        match self {
            Phase::Idle => None,
            Phase::Saving { id, .. } | Phase::DeletingReplaced { id, .. } => Some(*id),
        }
    }
}

/// What the last save came to, when shown as a panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The saved training, and what else the user should know.
    Saved {
        training: Training,
        note: Option<String>,
    },
    Failed(ApiError),
}

/// The form's state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormState {
    /// What is typed (the token is kept beside, in `State`).
    pub values: FormValues,
    pub errors: FieldErrors,
    /// The error summary is shown (after a submit or a 422).
    pub show_summary: bool,
    /// Fields that have shown an error: checked again on every input.
    live: Vec<Field>,
    pub phase: Phase,
    pub outcome: Option<Outcome>,
    /// The request whose answer is the outcome (never goes down).
    pub outcome_from: RequestId,
    pub editing: Option<EditRequest>,
    /// "After saving, delete the old entry" (when editing without a node id).
    pub delete_old: bool,
    /// An edit that waits for "Replace what you typed?".
    pub replace_question: Option<EditRequest>,
}

/// The sentence under the token field when the server refused the token.
pub const TOKEN_REFUSED: &str =
    "The API token was not accepted. Paste a valid token from Talkover and save again.";

impl FormState {
    /// The form at mount, with the draft if there is one.
    pub fn new(config: &Config, draft: Option<FormValues>) -> FormState {
        let configured = config.agent_id.clone().unwrap_or_default();
        let mut values = draft.unwrap_or_default();
        if config.lock_agent || trim(&values.agent_id).is_empty() {
            values.agent_id = configured;
        }
        if values.current_status.is_empty() {
            values.current_status = config.default_status.as_str().to_string();
        }
        FormState {
            values,
            errors: FieldErrors::new(),
            show_summary: false,
            live: Vec::new(),
            phase: Phase::Idle,
            outcome: None,
            outcome_from: 0,
            editing: None,
            delete_old: true,
            replace_question: None,
        }
    }

    /// The agent id as it is sent (trimmed).
    pub fn agent(&self) -> String {
        trim(&self.values.agent_id).to_string()
    }

    fn slot(&mut self, field: Field) -> Option<&mut String> {
        let v = &mut self.values;
        match field {
            Field::AgentId => Some(&mut v.agent_id),
            Field::NodeId => Some(&mut v.node_id),
            Field::Subject => Some(&mut v.subject),
            Field::Instructions => Some(&mut v.instructions),
            Field::CurrentStatus => Some(&mut v.current_status),
            Field::Token => None,
        }
    }

    /// A new value typed into a form field (not the token).
    pub(crate) fn input(&mut self, field: Field, value: String, token: &str, fx: &mut Vec<Effect>) {
        let Some(slot) = self.slot(field) else { return };
        *slot = value;
        if field == Field::AgentId
            && self
                .editing
                .as_ref()
                .is_some_and(|e| e.agent != trim(&self.values.agent_id))
        {
            // The training being edited belongs to the other agent.
            self.editing = None;
        }
        self.revalidate_if_live(field, token);
        fx.push(Effect::Draft {
            values: self.values.clone(),
            at_once: false,
        });
    }

    /// Checks a field again if it has shown an error.
    pub(crate) fn revalidate_if_live(&mut self, field: Field, token: &str) {
        if self.live.contains(&field) || !self.errors.of(field).is_empty() {
            self.validate_field(field, token);
        }
    }

    /// Checks one field (on blur); a field that shows an error becomes live.
    pub(crate) fn validate_field(&mut self, field: Field, token: &str) {
        let messages = match field {
            Field::Token => token_errors(token),
            _ => self.values.field_errors(field),
        };
        if !messages.is_empty() && !self.live.contains(&field) {
            self.live.push(field);
        }
        self.errors.set(field.api_name(), messages);
        if self.errors.is_empty() {
            self.show_summary = false;
        }
    }

    fn report_invalid(&mut self, source: &'static str, errors: FieldErrors, fx: &mut Vec<Effect>) {
        for (name, _) in errors.iter() {
            if let Some(f) = Field::from_api_name(name) {
                if !self.live.contains(&f) {
                    self.live.push(f);
                }
            }
        }
        self.errors = errors.clone();
        self.show_summary = true;
        fx.push(Effect::Focus(Focus::Summary));
        fx.push(Effect::Emit(HostEvent::ValidationFailed { source, errors }));
    }

    /// Save: validates everything as the server would, then sends.
    pub(crate) fn submit(&mut self, tx: &mut Sender<'_>, fx: &mut Vec<Effect>) {
        if self.phase != Phase::Idle || tx.config.api.is_none() {
            return;
        }
        self.outcome = None;
        let mut errors = self.values.validate().err().unwrap_or_default();
        errors.set(Field::Token.api_name(), token_errors(tx.token));
        let body = match self.values.validate() {
            Ok(body) if errors.is_empty() => body,
            _ => return self.report_invalid("client", errors, fx),
        };
        let agent = self.agent();
        let Some(mut request) = tx.make(Call::Save, &agent) else {
            return;
        };
        // Editing an entry whose node id is unknown: saving makes a new one,
        // and the old one goes once the new one is saved (if asked).
        let replaces = self
            .editing
            .as_ref()
            .filter(|e| body.node_id.is_none() && self.delete_old && e.agent == agent)
            .map(|e| e.training.clone());
        request.body = Some(body.to_json());
        self.errors = FieldErrors::new();
        self.show_summary = false;
        self.phase = Phase::Saving {
            id: request.id,
            sent: self.values.clone(),
            agent,
            replaces,
            editing: self.editing.clone(),
        };
        fx.push(Effect::Send(request));
    }

    /// The answer to the request the phase waits for.
    pub(crate) fn answer(
        &mut self,
        result: Result<Raw, ApiError>,
        tx: &mut Sender<'_>,
        fx: &mut Vec<Effect>,
    ) -> Option<Changed> {
        match std::mem::replace(&mut self.phase, Phase::Idle) {
            Phase::Idle => None,
            Phase::Saving {
                id,
                sent,
                agent,
                replaces,
                editing,
            } => match decoded(result, decode_save) {
                Ok(saved) => {
                    let Some(old) = replaces else {
                        self.finish_save(id, &sent, &agent, &editing, saved, None, fx);
                        return Some(Changed::Saved);
                    };
                    let call = Call::DeleteReplaced {
                        training_id: old.id.clone(),
                    };
                    match tx.make(call, &agent) {
                        Some(request) => {
                            self.phase = Phase::DeletingReplaced {
                                id: request.id,
                                sent,
                                agent,
                                saved,
                                old,
                                editing,
                            };
                            fx.push(Effect::Send(request));
                            None
                        }
                        None => {
                            let note = format!(
                                "The new entry is saved, but the old entry “{}” was not deleted: the API token was removed.",
                                old.subject
                            );
                            self.finish_save(id, &sent, &agent, &editing, saved, Some(note), fx);
                            Some(Changed::Saved)
                        }
                    }
                }
                Err(error) => {
                    self.failed(id, error, fx);
                    None
                }
            },
            Phase::DeletingReplaced {
                id,
                sent,
                agent,
                saved,
                old,
                editing,
            } => {
                let deleted = decoded(result, decode_delete);
                let note = match deleted {
                    Ok(()) => {
                        fx.push(Effect::ForgetNode {
                            agent: agent.clone(),
                            training_id: old.id.clone(),
                        });
                        format!("The old entry “{}” was deleted.", old.subject)
                    }
                    Err(e) => format!(
                        "The new entry is saved, but the old entry “{}” could not be deleted: {e}",
                        old.subject
                    ),
                };
                self.finish_save(id, &sent, &agent, &editing, saved, Some(note), fx);
                Some(Changed::Saved)
            }
        }
    }

    fn failed(&mut self, id: RequestId, error: ApiError, fx: &mut Vec<Effect>) {
        match error {
            ApiError::Invalid(errors) => self.report_invalid("server", errors, fx),
            error => {
                fx.push(Effect::Emit(HostEvent::RequestFailed {
                    status: error.status(),
                    message: error.to_string(),
                }));
                if let ApiError::Unauthenticated { .. } = error {
                    self.errors = FieldErrors::new();
                    self.errors.push(Field::Token.api_name(), TOKEN_REFUSED);
                    self.show_summary = true;
                    fx.push(Effect::Focus(Focus::Summary));
                } else {
                    self.outcome = Some(Outcome::Failed(error));
                    self.outcome_from = id;
                    fx.push(Effect::Focus(Focus::Outcome));
                }
            }
        }
    }

    /// A save succeeded. Fields that still hold exactly what was sent are
    /// cleared for the next training. If anything was typed after Save,
    /// nothing is cleared and the form goes on editing the saved training;
    /// if the form was cleared or given another training meanwhile, that stays.
    #[expect(
        clippy::too_many_arguments,
        reason = "one call site per phase; a struct would only rename them"
    )]
    fn finish_save(
        &mut self,
        id: RequestId,
        sent: &FormValues,
        agent: &str,
        editing_at_send: &Option<EditRequest>,
        saved: Training,
        mut note: Option<String>,
        fx: &mut Vec<Effect>,
    ) {
        let node = trim(&sent.node_id).to_string();
        if !node.is_empty() {
            fx.push(Effect::RememberNode {
                agent: agent.to_string(),
                training_id: saved.id.clone(),
                node_id: node.clone(),
            });
        }
        fx.push(Effect::Emit(HostEvent::Saved(saved.clone())));
        let v = &self.values;
        let unchanged = v.node_id == sent.node_id
            && v.subject == sent.subject
            && v.instructions == sent.instructions;
        if unchanged {
            self.values.node_id.clear();
            self.values.subject.clear();
            self.values.instructions.clear();
            self.editing = None;
        } else if self.values.is_blank() || self.editing != *editing_at_send {
            // Cleared, or another training taken into the form, while saving.
        } else {
            self.editing = Some(EditRequest {
                training: saved.clone(),
                node_id: (!node.is_empty()).then_some(node),
                agent: agent.to_string(),
            });
            self.delete_old = true;
            let kept =
                "What you typed while it was being saved is still in the form, not saved yet.";
            note = Some(match note {
                Some(n) => format!("{n} {kept}"),
                None => kept.to_string(),
            });
        }
        fx.push(Effect::Draft {
            values: self.values.clone(),
            at_once: true,
        });
        self.outcome = Some(Outcome::Saved {
            training: saved,
            note,
        });
        self.outcome_from = id;
        fx.push(Effect::Focus(Focus::Outcome));
    }

    /// "Clear form": the agent stays, everything else goes back to its default.
    pub(crate) fn clear(&mut self, config: &Config, fx: &mut Vec<Effect>) {
        self.values = FormValues {
            agent_id: std::mem::take(&mut self.values.agent_id),
            current_status: config.default_status.as_str().to_string(),
            ..FormValues::default()
        };
        self.start_over();
        self.editing = None;
        fx.push(Effect::Draft {
            values: self.values.clone(),
            at_once: true,
        });
    }

    /// No messages, no outcome, no question: the form as for a new training.
    fn start_over(&mut self) {
        self.errors = FieldErrors::new();
        self.show_summary = false;
        self.live.clear();
        self.outcome = None;
        self.replace_question = None;
    }

    /// Whether taking `request` into the form would replace text the user
    /// typed and has not saved.
    pub fn holds_unsaved_text(&self, request: &EditRequest) -> bool {
        let v = &self.values;
        let blank = [&v.node_id, &v.subject, &v.instructions]
            .iter()
            .all(|s| trim(s).is_empty());
        let as_loaded = self.editing.as_ref().is_some_and(|e| {
            v.subject == e.training.subject
                && v.instructions == e.training.instructions
                && trim(&v.node_id) == e.node_id.as_deref().unwrap_or("")
        });
        let agent = trim(&v.agent_id);
        (!blank && !as_loaded) || (!agent.is_empty() && agent != request.agent)
    }

    /// Edit on a list row: asks first when that would replace unsaved text.
    pub(crate) fn ask_edit(&mut self, request: EditRequest, fx: &mut Vec<Effect>) {
        if self.holds_unsaved_text(&request) {
            self.replace_question = Some(request);
            fx.push(Effect::Focus(Focus::ReplaceQuestion));
        } else {
            self.apply_edit(request, fx);
        }
    }

    /// "Replace my text" applies the edit; "Keep my text" (or Escape)
    /// changes nothing and returns focus to the Edit button that asked.
    pub(crate) fn answer_replace(&mut self, yes: bool, fx: &mut Vec<Effect>) {
        if let Some(request) = self.replace_question.take() {
            if yes {
                self.apply_edit(request, fx);
            } else {
                fx.push(Effect::Focus(Focus::EditButton(request.training.id)));
            }
        }
    }

    fn apply_edit(&mut self, request: EditRequest, fx: &mut Vec<Effect>) {
        let t = &request.training;
        self.values = FormValues {
            agent_id: request.agent.clone(),
            node_id: request.node_id.clone().unwrap_or_default(),
            subject: t.subject.clone(),
            instructions: t.instructions.clone(),
            current_status: t.current_status.as_str().to_string(),
        };
        self.start_over();
        self.delete_old = true;
        self.editing = Some(request);
        fx.push(Effect::Draft {
            values: self.values.clone(),
            at_once: false,
        });
        fx.push(Effect::Focus(Focus::Field(Field::Subject)));
    }

    /// A training was deleted from the list: it can no longer be edited.
    pub(crate) fn forget_deleted(&mut self, training_id: &str) {
        if self
            .editing
            .as_ref()
            .is_some_and(|e| e.training.id == training_id)
        {
            self.editing = None;
        }
        if self
            .replace_question
            .as_ref()
            .is_some_and(|e| e.training.id == training_id)
        {
            self.replace_question = None;
        }
    }

    /// Whether the agent id in the form can be sent.
    pub fn agent_is_valid(&self) -> bool {
        agent_id_errors(&self.values.agent_id).is_empty()
    }
}
