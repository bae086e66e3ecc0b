//! The workspace's part of the state machine: the agent and the trainings on
//! screen (and which agent they belong to), the requests in flight, the
//! delete confirmation and what the polite live region says.

use super::{decoded, Call, Changed, Effect, Focus, HostEvent, Raw, Request, RequestId, Sender};
use crate::decode::{decode_agent, decode_delete, decode_list, ApiError};
use crate::form::ListFilter;
use crate::types::{Agent, Training};

/// The data on screen, and the agent it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    /// The agent id the data was loaded for: every action goes there.
    pub agent_id: String,
    pub agent: Agent,
    pub trainings: Vec<Training>,
    /// The load (its list request) the data came from.
    pub from: RequestId,
}

/// A request of the workspace that waits for its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Pending {
    id: RequestId,
    call: Call,
    agent: String,
    /// The training a delete removes (to name it).
    training: Option<Training>,
}

/// The newest load: the agent and its list, asked for together.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Load {
    agent_id: String,
    agent_request: RequestId,
    list_request: RequestId,
    /// Started by "Refresh list": a failure takes focus.
    by_user: bool,
    agent: Option<Result<Agent, ApiError>>,
    list: Option<Result<Vec<Training>, ApiError>>,
}

/// The workspace's state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WorkspaceState {
    pub shown: Option<Shown>,
    pub filter: ListFilter,
    /// The training whose deletion waits for confirmation.
    pub confirming: Option<Training>,
    /// What the workspace's polite live region says (it is shown too): the
    /// last action ("Deleted …", "The agent is published."), or the count of
    /// trainings once a list has loaded ("3 trainings, 2 active.").
    pub announcement: String,
    /// The reload after an action keeps the action's announcement.
    keep_announcement: bool,
    pub error: Option<ApiError>,
    /// The newest load that answered, with data or an error (never goes down).
    pub loaded_from: RequestId,
    /// Only the reload timer of this generation loads.
    reload_generation: u64,
    pending: Vec<Pending>,
    load: Option<Load>,
    /// The newest publish/unpublish: an older answer does not change the status.
    latest_publish: RequestId,
}

impl WorkspaceState {
    /// A workspace, when the configuration asks for one.
    pub(crate) fn open(wanted: bool) -> Option<WorkspaceState> {
        wanted.then(WorkspaceState::default)
    }

    /// The agent whose data is on screen.
    pub fn shown_agent(&self) -> Option<&str> {
        self.shown.as_ref().map(|s| s.agent_id.as_str())
    }

    pub(crate) fn set_filter(&mut self, filter: ListFilter) {
        self.filter = filter;
    }

    /// The generation a new reload timer gets; older timers no longer load.
    pub(crate) fn next_reload(&mut self) -> u64 {
        self.reload_generation += 1;
        self.reload_generation
    }

    /// The generation of the newest reload timer.
    pub fn reload_generation(&self) -> u64 {
        self.reload_generation
    }

    /// Whether any request of the workspace waits for its answer.
    pub fn busy(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The requests that wait for an answer.
    pub fn pending_ids(&self) -> impl Iterator<Item = RequestId> + '_ {
        self.pending.iter().map(|p| p.id)
    }

    /// The trainings on screen that the filter keeps.
    pub fn visible(&self) -> Vec<Training> {
        self.shown
            .as_ref()
            .map(|s| {
                s.trainings
                    .iter()
                    .filter(|t| self.filter.keeps(t.current_status))
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }

    fn sent(&mut self, request: &Request, training: Option<Training>) {
        self.pending.push(Pending {
            id: request.id,
            call: request.call.clone(),
            agent: request.agent.clone(),
            training,
        });
    }

    /// Loads `agent` and its trainings. Without a usable token or agent id,
    /// shows nothing (no data of another agent or account stays on screen)
    /// and forgets any load in flight.
    pub(crate) fn load(
        &mut self,
        agent: &str,
        tx: &mut Sender<'_>,
        by_user: bool,
        fx: &mut Vec<Effect>,
    ) {
        let requests = tx
            .make(Call::LoadAgent, agent)
            .and_then(|a| Some((a, tx.make(Call::LoadList, agent)?)));
        let Some((a, l)) = requests else {
            self.load = None;
            self.shown = None;
            self.confirming = None;
            self.error = None;
            return;
        };
        self.load = Some(Load {
            agent_id: agent.to_string(),
            agent_request: a.id,
            list_request: l.id,
            by_user,
            agent: None,
            list: None,
        });
        self.sent(&a, None);
        self.sent(&l, None);
        fx.push(Effect::Send(a));
        fx.push(Effect::Send(l));
    }

    /// Delete on a row: asks first.
    pub(crate) fn ask_delete(&mut self, training: Training, fx: &mut Vec<Effect>) {
        if self.shown.is_some() {
            self.confirming = Some(training);
            fx.push(Effect::Focus(Focus::Confirm));
        }
    }

    /// The answer to the confirmation. Either way focus goes back to the
    /// row's Delete button (APG dialog pattern), until the row is gone.
    pub(crate) fn answer_delete(&mut self, yes: bool, tx: &mut Sender<'_>, fx: &mut Vec<Effect>) {
        let Some(target) = self.confirming.take() else {
            return;
        };
        fx.push(Effect::Focus(Focus::DeleteButton(target.id.clone())));
        let Some(agent) = self.shown.as_ref().map(|s| s.agent_id.clone()) else {
            return;
        };
        if !yes {
            return;
        }
        let call = Call::Delete {
            training_id: target.id.clone(),
        };
        if let Some(request) = tx.make(call, &agent) {
            self.sent(&request, Some(target));
            fx.push(Effect::Send(request));
        }
    }

    pub(crate) fn publish(&mut self, on: bool, tx: &mut Sender<'_>, fx: &mut Vec<Effect>) {
        let Some(agent) = self.shown.as_ref().map(|s| s.agent_id.clone()) else {
            return;
        };
        if let Some(request) = tx.make(Call::Publish { on }, &agent) {
            self.latest_publish = request.id;
            self.sent(&request, None);
            fx.push(Effect::Send(request));
        }
    }

    /// Sets what the polite live region says; `keep` keeps it through the
    /// reload that follows an action.
    fn announce(&mut self, text: String, keep: bool) {
        self.announcement = text;
        self.keep_announcement = keep;
    }

    fn fail(&mut self, error: ApiError, focus: bool, fx: &mut Vec<Effect>) {
        self.keep_announcement = false;
        fx.push(Effect::Emit(HostEvent::RequestFailed {
            status: error.status(),
            message: error.to_string(),
        }));
        self.error = Some(error);
        if focus {
            fx.push(Effect::Focus(Focus::WorkspaceError));
        }
    }

    /// The answer to one of the workspace's requests. Returns what changed on
    /// the server (then the workspace reloads).
    pub(crate) fn answer(
        &mut self,
        id: RequestId,
        result: Result<Raw, ApiError>,
        fx: &mut Vec<Effect>,
    ) -> Option<Changed> {
        let at = self.pending.iter().position(|p| p.id == id)?;
        let pending = self.pending.remove(at);
        match pending.call {
            Call::LoadAgent | Call::LoadList => {
                let load = self.load.as_mut()?;
                if load.agent_request == id {
                    load.agent = Some(decoded(result, decode_agent));
                } else if load.list_request == id {
                    load.list = Some(decoded(result, decode_list));
                } else {
                    return None; // an older load: its answer is stale
                }
                self.finish_load(fx);
                None
            }
            Call::Delete { training_id } => {
                let deleted = decoded(result, decode_delete);
                match deleted {
                    Ok(()) => {
                        fx.push(Effect::ForgetNode {
                            agent: pending.agent.clone(),
                            training_id: training_id.clone(),
                        });
                        let subject = pending.training.map(|t| t.subject).unwrap_or_default();
                        let mut notice = format!("Deleted “{subject}”.");
                        if self
                            .shown
                            .as_ref()
                            .is_some_and(|s| s.agent_id == pending.agent)
                        {
                            // Focus goes to the next row, or the one before, or the heading.
                            let visible = self.visible();
                            let at = visible.iter().position(|t| t.id == training_id);
                            let neighbour = at.and_then(|i| {
                                visible
                                    .get(i + 1)
                                    .or(i.checked_sub(1).and_then(|j| visible.get(j)))
                            });
                            fx.push(Effect::Focus(match neighbour {
                                Some(t) => Focus::EditButton(t.id.clone()),
                                None => Focus::ListHeading,
                            }));
                            if let Some(shown) = self.shown.as_mut() {
                                shown.trainings.retain(|t| t.id != training_id);
                                notice = format!(
                                    "{notice} {} left.",
                                    count_trainings(shown.trainings.len())
                                );
                            }
                        }
                        self.announce(notice, true);
                        self.error = None;
                        Some(Changed::Deleted(training_id))
                    }
                    Err(e) => {
                        self.fail(e, true, fx);
                        None
                    }
                }
            }
            Call::Publish { on } => {
                let published = decoded(result, decode_agent);
                match published {
                    Ok(agent) => {
                        if id == self.latest_publish {
                            if let Some(shown) =
                                self.shown.as_mut().filter(|s| s.agent_id == pending.agent)
                            {
                                shown.agent.current_status = agent.current_status;
                            }
                            let notice = if on {
                                "The agent is published."
                            } else {
                                "The agent is unpublished."
                            };
                            self.announce(notice.to_string(), true);
                            self.error = None;
                        }
                        Some(Changed::Published)
                    }
                    Err(e) => {
                        self.fail(e, true, fx);
                        None
                    }
                }
            }
            Call::Save | Call::DeleteReplaced { .. } => None,
        }
    }

    /// Shows the load once both of its answers are in.
    fn finish_load(&mut self, fx: &mut Vec<Effect>) {
        let Some(load) = self.load.take_if(|l| l.agent.is_some() && l.list.is_some()) else {
            return;
        };
        self.loaded_from = load.list_request;
        match (load.agent, load.list) {
            (Some(Ok(agent)), Some(Ok(trainings))) => {
                if let Some(c) = &self.confirming {
                    if load.agent_id != self.shown.as_ref().map_or("", |s| &s.agent_id)
                        || !trainings.iter().any(|t| t.id == c.id)
                    {
                        self.confirming = None;
                    }
                }
                let count = trainings.len();
                let active = trainings
                    .iter()
                    .filter(|t| t.current_status == crate::Status::Active)
                    .count();
                if !std::mem::take(&mut self.keep_announcement) {
                    self.announcement = match count {
                        0 => "No trainings yet.".to_string(),
                        n => format!("{}, {active} active.", count_trainings(n)),
                    };
                }
                self.shown = Some(Shown {
                    agent_id: load.agent_id,
                    agent,
                    trainings,
                    from: load.list_request,
                });
                self.error = None;
            }
            (Some(Err(e)), _) | (_, Some(Err(e))) => {
                if self
                    .shown
                    .as_ref()
                    .is_some_and(|s| s.agent_id != load.agent_id)
                {
                    // No data of another agent stays under this error.
                    self.shown = None;
                    self.confirming = None;
                }
                self.fail(e, load.by_user, fx);
            }
            _ => {}
        }
    }
}

/// "1 training", "3 trainings".
fn count_trainings(n: usize) -> String {
    if n == 1 {
        "1 training".to_string()
    } else {
        format!("{n} trainings")
    }
}
