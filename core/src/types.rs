//! The API's request and response bodies, as documented in `shared/api/`.

use serde::{Deserialize, Serialize};

/// `current_status` of a training.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Active,
    Inactive,
}

impl Status {
    /// The wire value, `active` or `inactive`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Inactive => "inactive",
        }
    }

    /// Parses the wire value exactly (the server's `in:active,inactive`).
    pub fn parse(s: &str) -> Option<Status> {
        match s {
            "active" => Some(Status::Active),
            "inactive" => Some(Status::Inactive),
            _ => None,
        }
    }
}

/// Body of `POST /api/v1/agents/{agent_id}/trainings`, already trimmed and validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrainingRequest {
    /// Omitted from the JSON when empty.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub node_id: Option<String>,
    pub subject: String,
    pub instructions: String,
    pub current_status: Status,
}

impl TrainingRequest {
    /// The JSON body to send.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A saved training, as the API returns it in `data`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Training {
    pub id: String,
    pub subject: String,
    pub instructions: String,
    pub current_status: Status,
    pub created_at: String,
    pub updated_at: String,
    /// Not in the documented response; kept when a server sends it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_id: Option<String>,
}

/// The fields of `GET /api/v1/agents/{agent_id}` that the workspace shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agent {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// `draft` or `published`.
    pub current_status: String,
    #[serde(default)]
    pub is_ready_to_publish: bool,
}

/// The form's fields that the API validates, in the order the form shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    AgentId,
    NodeId,
    Subject,
    Instructions,
    CurrentStatus,
    Token,
}

impl Field {
    /// All fields in form order.
    pub const ALL: [Field; 6] = [
        Field::AgentId,
        Field::NodeId,
        Field::Subject,
        Field::Instructions,
        Field::CurrentStatus,
        Field::Token,
    ];

    /// The API's name for the field (also the input's `name`).
    pub fn api_name(self) -> &'static str {
        match self {
            Field::AgentId => "agent_id",
            Field::NodeId => "node_id",
            Field::Subject => "subject",
            Field::Instructions => "instructions",
            Field::CurrentStatus => "current_status",
            Field::Token => "token",
        }
    }

    /// The field for an API name, if the form has one.
    pub fn from_api_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.api_name() == name)
    }
}

/// Error messages per field, in a stable order: the form's fields first (in
/// form order), then any field the form does not have, in the order received.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors {
    entries: Vec<(String, Vec<String>)>,
    /// Messages the server sent that are not kept (over the caps of a 422).
    hidden: usize,
}

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a message for a field (by API name), keeping form order.
    pub fn push(&mut self, field: &str, message: impl Into<String>) {
        let message = message.into();
        if let Some((_, msgs)) = self.entries.iter_mut().find(|(f, _)| f == field) {
            msgs.push(message);
            return;
        }
        let rank = |name: &str| Field::from_api_name(name).map_or(usize::MAX, |f| f as usize);
        let r = rank(field);
        let at = self
            .entries
            .iter()
            .position(|(f, _)| rank(f) > r)
            .unwrap_or(self.entries.len());
        self.entries.insert(at, (field.to_string(), vec![message]));
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Number of messages over all fields.
    pub fn count(&self) -> usize {
        self.entries.iter().map(|(_, m)| m.len()).sum()
    }

    /// Messages of one field (empty slice when none).
    pub fn get(&self, field: &str) -> &[String] {
        self.entries
            .iter()
            .find(|(f, _)| f == field)
            .map_or(&[], |(_, m)| m.as_slice())
    }

    /// Messages of a form field.
    pub fn of(&self, field: Field) -> &[String] {
        self.get(field.api_name())
    }

    /// Removes a field's messages.
    pub fn clear(&mut self, field: &str) {
        self.entries.retain(|(f, _)| f != field);
    }

    /// Replaces a field's messages (removes them when `messages` is empty).
    pub fn set(&mut self, field: &str, messages: Vec<String>) {
        self.clear(field);
        for m in messages {
            self.push(field, m);
        }
    }

    /// `(field, messages)` in display order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.entries.iter().map(|(f, m)| (f.as_str(), m.as_slice()))
    }

    /// Messages the server sent beyond what is kept and shown.
    pub fn hidden(&self) -> usize {
        self.hidden
    }

    /// Counts messages that are not kept.
    pub fn hide(&mut self, messages: usize) {
        self.hidden += messages;
    }

    /// As a JSON object `{field: [messages]}` (for events and the vectors).
    pub fn to_json(&self) -> serde_json::Value {
        let mut map = serde_json::Map::new();
        for (f, m) in &self.entries {
            map.insert(f.clone(), m.clone().into());
        }
        serde_json::Value::Object(map)
    }
}
