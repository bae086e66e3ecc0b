//! Fixtures shared by the state machine's unit tests (`core/src/state/tests.rs`,
//! which includes this file by path) and `core/tests/state_rules.rs`: one
//! configuration, one training and the API's answers. The includer imports
//! the types (`Config`, `Training`, `Raw`, `ApiError`, `ApiBase`, `Status`,
//! `Effect`, `Request`).

use super::*;

pub const TOKEN: &str = "talq_demo";
pub const AGENT: &str = "agent-1";

pub fn config(workspace: bool) -> Config {
    Config {
        api: Some(ApiBase::parse("http://127.0.0.1:9").unwrap()),
        agent_id: Some(AGENT.to_string()),
        lock_agent: false,
        default_status: Status::Active,
        workspace,
    }
}

pub fn training(id: &str, subject: &str) -> Training {
    Training {
        id: id.to_string(),
        subject: subject.to_string(),
        instructions: format!("{subject} instructions"),
        current_status: Status::Active,
        created_at: "2024-01-15T10:30:00Z".to_string(),
        updated_at: "2024-01-15T10:30:00Z".to_string(),
        node_id: None,
    }
}

pub fn raw(status: u16, body: serde_json::Value) -> Result<Raw, ApiError> {
    Ok(Raw {
        status,
        retry_after: None,
        body: body.to_string().into_bytes(),
    })
}

/// A training as the API sends it.
pub fn value(t: &Training) -> serde_json::Value {
    serde_json::from_str(&t.to_json()).unwrap()
}

/// The requests among `fx`.
pub fn sends(fx: &[Effect]) -> Vec<Request> {
    fx.iter()
        .filter_map(|e| match e {
            Effect::Send(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}
