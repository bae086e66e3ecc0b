//! The workspace when the `workspace` feature is off (the form-only bundle):
//! a type with no values, so `State::workspace` is always `None` and the
//! compiler drops every path that would act on a workspace. The methods
//! mirror `workspace.rs` and can never run.

use super::{Changed, Effect, Raw, RequestId, Sender};
use crate::decode::ApiError;
use crate::form::ListFilter;
use crate::types::Training;

/// No workspace can exist in this build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkspaceState {}

impl WorkspaceState {
    pub(crate) fn open(_wanted: bool) -> Option<WorkspaceState> {
        None
    }

    pub fn shown_agent(&self) -> Option<&str> {
        match *self {}
    }

    pub(crate) fn set_filter(&mut self, _filter: ListFilter) {
        match *self {}
    }

    pub(crate) fn next_reload(&mut self) -> u64 {
        match *self {}
    }

    pub fn reload_generation(&self) -> u64 {
        match *self {}
    }

    pub fn busy(&self) -> bool {
        match *self {}
    }

    pub fn pending_ids(&self) -> std::iter::Empty<RequestId> {
        match *self {}
    }

    pub(crate) fn load(&mut self, _: &str, _: &mut Sender<'_>, _: bool, _: &mut Vec<Effect>) {
        match *self {}
    }

    pub(crate) fn ask_delete(&mut self, _: Training, _: &mut Vec<Effect>) {
        match *self {}
    }

    pub(crate) fn answer_delete(&mut self, _: bool, _: &mut Sender<'_>, _: &mut Vec<Effect>) {
        match *self {}
    }

    pub(crate) fn publish(&mut self, _: bool, _: &mut Sender<'_>, _: &mut Vec<Effect>) {
        match *self {}
    }

    pub(crate) fn answer(
        &mut self,
        _: RequestId,
        _: Result<Raw, ApiError>,
        _: &mut Vec<Effect>,
    ) -> Option<Changed> {
        match *self {}
    }
}
