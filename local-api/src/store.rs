//! The server's data: accounts with tokens, their agents and trainings.
//! In memory, seeded at start; optionally kept in a JSON file.

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The demo account's token (printed at start; also in README.md).
pub const DEMO_TOKEN: &str = "talq_demo_0123456789abcdef";
/// A second account, to exercise 403.
pub const OTHER_TOKEN: &str = "talq_other_fedcba9876543210";
/// The demo account's agent with three trainings.
pub const DEMO_AGENT: &str = "550e8400-e29b-41d4-a716-446655440000";
/// The demo account's agent without training.
pub const EMPTY_AGENT: &str = "7c9e6679-7425-40de-944b-e07fc1f0bf4c";
/// The other account's agent.
pub const OTHER_AGENT: &str = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Account {
    pub name: String,
    pub token: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Training {
    pub id: String,
    pub node_id: Option<String>,
    pub subject: String,
    pub instructions: String,
    pub current_status: String,
    pub created_at: String,
    pub updated_at: String,
}

impl Training {
    /// As the API shows it: the documented fields only (no `node_id`).
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "subject": self.subject,
            "instructions": self.instructions,
            "current_status": self.current_status,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Agent {
    pub id: String,
    pub account: String,
    pub name: String,
    /// `draft` or `published`.
    pub current_status: String,
    pub created_at: String,
    pub updated_at: String,
    pub trainings: Vec<Training>,
}

impl Agent {
    pub fn is_ready_to_publish(&self) -> bool {
        self.trainings.iter().any(|t| t.current_status == "active")
    }

    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "label": self.name,
            "description": format!("{} (local Talkover API)", self.name),
            "language": "en",
            "current_status": self.current_status,
            "is_sandbox": false,
            "is_ready_to_publish": self.is_ready_to_publish(),
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "trainings": self.trainings.iter().map(Training::to_json).collect::<Vec<_>>(),
            "actions": [],
            "phone_numbers": [],
        })
    }

    /// After any change to its training the agent must be published again.
    pub fn touch(&mut self) {
        self.current_status = "draft".to_string();
        self.updated_at = now();
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Store {
    pub accounts: Vec<Account>,
    pub agents: Vec<Agent>,
}

/// The current time as the documentation shows it: `2024-01-15T10:30:00Z`.
pub fn now() -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    time::OffsetDateTime::now_utc()
        .format(&format)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_string())
}

fn seeded(id: &str, node: &str, subject: &str, instructions: &str, status: &str) -> Training {
    Training {
        id: id.to_string(),
        node_id: Some(node.to_string()),
        subject: subject.to_string(),
        instructions: instructions.to_string(),
        current_status: status.to_string(),
        created_at: "2024-01-15T10:30:00Z".to_string(),
        updated_at: "2024-01-15T12:00:00Z".to_string(),
    }
}

impl Store {
    /// Two accounts; the demo one has an agent with three trainings and an empty agent.
    pub fn seed() -> Store {
        let agent = |id: &str, account: &str, name: &str, trainings: Vec<Training>| Agent {
            id: id.to_string(),
            account: account.to_string(),
            name: name.to_string(),
            current_status: "published".to_string(),
            created_at: "2024-01-10T09:00:00Z".to_string(),
            updated_at: "2024-01-15T12:00:00Z".to_string(),
            trainings,
        };
        Store {
            accounts: vec![
                Account { name: "demo".into(), token: DEMO_TOKEN.into() },
                Account { name: "other".into(), token: OTHER_TOKEN.into() },
            ],
            agents: vec![
                agent(
                    DEMO_AGENT,
                    "demo",
                    "Demo Receptionist",
                    vec![
                        seeded(
                            "0b6f1a52-6d3e-4c8e-9a59-2f0c8d1e7a01",
                            "training-node-123",
                            "Product Knowledge",
                            "Learn about our product features, pricing, and common use cases. Focus on the main benefits and how to address common customer questions. Always provide accurate information about our services.",
                            "active",
                        ),
                        seeded(
                            "0b6f1a52-6d3e-4c8e-9a59-2f0c8d1e7a02",
                            "training-node-124",
                            "Customer Service Best Practices",
                            "Understand how to handle customer complaints and provide excellent service. Always be polite, patient, and solution-oriented. Escalate issues when necessary.",
                            "active",
                        ),
                        seeded(
                            "0b6f1a52-6d3e-4c8e-9a59-2f0c8d1e7a03",
                            "training-node-125",
                            "Technical Support",
                            "Provide technical support for common issues. Guide users through troubleshooting steps and escalate when necessary. Use clear, simple language.",
                            "inactive",
                        ),
                    ],
                ),
                agent(EMPTY_AGENT, "demo", "Empty Agent", vec![]),
                agent(OTHER_AGENT, "other", "Other Agent", vec![]),
            ],
        }
    }

    pub fn account_of_token(&self, token: &str) -> Option<&Account> {
        self.accounts.iter().find(|a| a.token == token)
    }

    pub fn agent_mut(&mut self, id: &str) -> Option<&mut Agent> {
        self.agents.iter_mut().find(|a| a.id == id)
    }

    /// Loads a state file, or `None` when it does not exist.
    pub fn load(path: &std::path::Path) -> Result<Option<Store>, String> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| format!("{}: not a state file: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// Writes the state file atomically and durably: write a temporary file
    /// beside it, fsync it, rename it over the file, fsync the directory.
    /// Any error is returned (and the temporary file removed).
    pub fn save(&self, path: &std::path::Path) -> std::io::Result<()> {
        use std::io::Write;
        let tmp = path.with_extension("tmp");
        let write = || -> std::io::Result<()> {
            let mut file = std::fs::File::create(&tmp)?;
            file.write_all(&serde_json::to_vec_pretty(self)?)?;
            file.sync_all()?;
            std::fs::rename(&tmp, path)
        };
        if let Err(e) = write() {
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        // The rename itself, on disk (best effort: not every platform opens a directory).
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => std::path::Path::new("."),
        };
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}
