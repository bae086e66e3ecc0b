//! The form's state as plain values: what is typed, what a draft keeps, and
//! the character count under Subject.

use serde::{Deserialize, Serialize};

use crate::types::{Field, FieldErrors, TrainingRequest};
use crate::validate::{self, code_points, trim, RawTraining, SUBJECT_MAX};

/// What the user typed, field by field (never the token).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FormValues {
    pub agent_id: String,
    pub node_id: String,
    pub subject: String,
    pub instructions: String,
    /// `active` or `inactive`.
    pub current_status: String,
}

impl FormValues {
    /// Validates every field as the server would, plus the agent id the URL needs.
    pub fn validate(&self) -> Result<TrainingRequest, FieldErrors> {
        let raw = RawTraining {
            node_id: Some(&self.node_id),
            subject: Some(&self.subject),
            instructions: Some(&self.instructions),
            current_status: Some(&self.current_status),
        };
        let agent = agent_id_errors(&self.agent_id);
        match (validate::validate(&raw), agent.is_empty()) {
            (Ok(req), true) => Ok(req),
            (Ok(_), false) => {
                let mut e = FieldErrors::new();
                e.set("agent_id", agent);
                Err(e)
            }
            (Err(mut e), _) => {
                e.set("agent_id", agent);
                Err(e)
            }
        }
    }

    /// Client-side messages of one field (empty when valid). The token is not
    /// part of the values: see [`token_errors`].
    pub fn field_errors(&self, field: Field) -> Vec<String> {
        match field {
            Field::AgentId => agent_id_errors(&self.agent_id),
            Field::NodeId | Field::Token => vec![],
            Field::Subject => validate::subject_errors(&self.subject),
            Field::Instructions => validate::instructions_errors(&self.instructions),
            Field::CurrentStatus => validate::status_errors(&self.current_status),
        }
    }

    /// Whether nothing worth keeping has been typed.
    pub fn is_blank(&self) -> bool {
        [&self.node_id, &self.subject, &self.instructions]
            .iter()
            .all(|s| trim(s).is_empty())
    }

    /// The draft as stored in `sessionStorage`.
    pub fn to_draft(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A stored draft; `None` when missing or unreadable.
    pub fn from_draft(json: &str) -> Option<FormValues> {
        serde_json::from_str(json).ok()
    }
}

/// Messages for the agent id (a path segment: required after trimming).
pub fn agent_id_errors(raw: &str) -> Vec<String> {
    if trim(raw).is_empty() {
        vec!["Enter the agent ID.".to_string()]
    } else {
        vec![]
    }
}

/// Messages for the API token: required; a missing `talq_` prefix is only a
/// warning (see [`token_warning`]).
pub fn token_errors(raw: &str) -> Vec<String> {
    if raw.trim().is_empty() {
        vec!["Enter your API token.".to_string()]
    } else {
        vec![]
    }
}

/// A warning for a token that does not look like a Talkover token.
pub fn token_warning(raw: &str) -> Option<String> {
    let t = raw.trim();
    (!t.is_empty() && !t.starts_with(crate::config::TOKEN_PREFIX)).then(|| {
        format!(
            "This does not look like a Talkover token: they start with “{}”. It will be sent anyway.",
            crate::config::TOKEN_PREFIX
        )
    })
}

/// The character count under Subject, in the manner of GOV.UK's component.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CharCount {
    /// Code points of the trimmed value (what the server counts).
    pub used: usize,
    pub max: usize,
}

impl CharCount {
    pub fn of_subject(raw: &str) -> CharCount {
        CharCount {
            used: code_points(trim(raw)),
            max: SUBJECT_MAX,
        }
    }

    pub fn is_over(&self) -> bool {
        self.used > self.max
    }

    /// "You have 12 characters remaining" / "You have 1 character too many".
    pub fn message(&self) -> String {
        let (n, what) = if self.is_over() {
            (self.used - self.max, "too many")
        } else {
            (self.max - self.used, "remaining")
        };
        let unit = if n == 1 { "character" } else { "characters" };
        format!("You have {n} {unit} {what}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_count_messages() {
        assert_eq!(
            CharCount::of_subject("").message(),
            "You have 255 characters remaining"
        );
        assert_eq!(
            CharCount::of_subject(&"a".repeat(254)).message(),
            "You have 1 character remaining"
        );
        assert_eq!(
            CharCount::of_subject(&"😀".repeat(256)).message(),
            "You have 1 character too many"
        );
        assert_eq!(
            CharCount::of_subject(&format!("  {}  ", "界".repeat(300))).message(),
            "You have 45 characters too many"
        );
    }

    #[test]
    fn draft_round_trips_and_tolerates_garbage() {
        let v = FormValues {
            agent_id: "a".into(),
            subject: "😀 <b>".into(),
            ..Default::default()
        };
        assert_eq!(FormValues::from_draft(&v.to_draft()), Some(v));
        assert_eq!(FormValues::from_draft("{"), None);
        assert_eq!(
            FormValues::from_draft(r#"{"subject":"x"}"#)
                .unwrap()
                .subject,
            "x"
        );
    }

    #[test]
    fn token_rules() {
        assert_eq!(token_errors("  "), ["Enter your API token."]);
        assert!(token_errors("x").is_empty());
        assert!(token_warning("abc").unwrap().contains("talq_"));
        assert_eq!(token_warning("talq_abc"), None);
        assert_eq!(token_warning(""), None);
    }

    #[test]
    fn field_errors_match_whole_validation() {
        let v = FormValues {
            subject: "😀".repeat(256),
            current_status: "x".into(),
            ..Default::default()
        };
        let all = v.validate().unwrap_err();
        for f in Field::ALL {
            assert_eq!(v.field_errors(f), all.of(f), "{f:?}");
        }
    }

    #[test]
    fn validate_includes_agent_id() {
        let v = FormValues {
            subject: "s".into(),
            instructions: "i".into(),
            ..Default::default()
        };
        let e = v.validate().unwrap_err();
        assert_eq!(e.get("agent_id"), ["Enter the agent ID."]);
        assert_eq!(e.count(), 1);
        let ok = FormValues {
            agent_id: "x".into(),
            ..v
        };
        assert!(ok.validate().is_ok());
    }
}
