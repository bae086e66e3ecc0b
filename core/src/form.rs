//! The form's state as plain values: what is typed, what a draft keeps, and
//! the character count under Subject.

use crate::json::{self, Json};
use crate::types::{Field, FieldErrors, TrainingRequest};
use crate::validate::{self, code_points, trim, RawTraining, SUBJECT_MAX};

/// What the user typed, field by field (never the token).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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

    /// The value of a field (the token is not one of them: empty).
    pub fn get(&self, field: Field) -> &str {
        match field {
            Field::AgentId => &self.agent_id,
            Field::NodeId => &self.node_id,
            Field::Subject => &self.subject,
            Field::Instructions => &self.instructions,
            Field::CurrentStatus => &self.current_status,
            Field::Token => "",
        }
    }

    /// Whether nothing worth keeping has been typed.
    pub fn is_blank(&self) -> bool {
        [&self.node_id, &self.subject, &self.instructions]
            .iter()
            .all(|s| trim(s).is_empty())
    }

    /// The draft as stored in `sessionStorage`: a JSON object of the five
    /// fields (the format the serde build wrote, byte for byte).
    pub fn to_draft(&self) -> String {
        json::Object::new()
            .str("agent_id", &self.agent_id)
            .str("node_id", &self.node_id)
            .str("subject", &self.subject)
            .str("instructions", &self.instructions)
            .str("current_status", &self.current_status)
            .end()
    }

    /// A stored draft; `None` when missing or unreadable. Read as serde's
    /// derive (with `#[serde(default)]`) read it: a missing field is empty,
    /// a field that is not a string makes the draft unreadable, other
    /// members are ignored.
    pub fn from_draft(text: &str) -> Option<FormValues> {
        let v = Json::parse(text.as_bytes())?;
        let f = |name, position| json::string_or_default(v.field(name, position, 5)?);
        Some(FormValues {
            agent_id: f("agent_id", 0)?,
            node_id: f("node_id", 1)?,
            subject: f("subject", 2)?,
            instructions: f("instructions", 3)?,
            current_status: f("current_status", 4)?,
        })
    }
}

/// Messages for the agent id (a path segment: required after trimming, and
/// not `.` or `..`, which no browser can send as a segment).
pub fn agent_id_errors(raw: &str) -> Vec<String> {
    match trim(raw) {
        "" => vec!["Enter the agent ID.".to_string()],
        "." | ".." => {
            vec!["Enter a valid agent ID: copy it from Voice Agents in Talkover.".to_string()]
        }
        _ => vec![],
    }
}

/// The token as it is sent: trimmed as the server trims a value.
pub fn bearer(raw: &str) -> &str {
    trim(raw)
}

/// Messages for the API token: required, and only visible ASCII (what an
/// `Authorization` header can carry; a token pasted from a chat or a PDF can
/// bring an invisible character along). A missing `talq_` prefix is only a
/// warning (see [`token_warning`]).
pub fn token_errors(raw: &str) -> Vec<String> {
    let token = bearer(raw);
    if token.is_empty() {
        return vec!["Enter your API token.".to_string()];
    }
    match token.chars().enumerate().find(|(_, c)| !c.is_ascii_graphic()) {
        Some((at, c)) => vec![format!(
            "The API token contains a character that cannot be sent (U+{:04X}, character {} of {}). Copy the token again from Talkover, or delete that character.",
            u32::from(c),
            at + 1,
            token.chars().count()
        )],
        None => vec![],
    }
}

/// A warning for a token that does not look like a Talkover token.
pub fn token_warning(raw: &str) -> Option<String> {
    let t = bearer(raw);
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
        // Trimmed as the server trims: a zero-width space at either end goes.
        assert!(token_errors("\u{200B}talq_abc\u{FEFF} ").is_empty());
        assert_eq!(bearer(" talq_abc\u{200B}"), "talq_abc");
        assert_eq!(
            token_errors("talq_a\u{200B}bc"),
            ["The API token contains a character that cannot be sent (U+200B, character 7 of 9). Copy the token again from Talkover, or delete that character."]
        );
        assert!(!token_errors("talq_a bc").is_empty(), "a space inside");
        assert!(!token_errors("talq_é").is_empty());
        assert!(token_warning("abc").unwrap().contains("talq_"));
        assert_eq!(token_warning("talq_abc"), None);
        assert_eq!(token_warning(""), None);
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

/// Node ids of trainings saved from this form, by training id. The list
/// endpoint does not return `node_id`, so an edit can only update in place
/// when the node id is remembered (or typed).
///
/// Pairs sorted by training id, each id once: a vector rather than a
/// `BTreeMap`, whose insert and remove cost about 3 KB of wasm for the few
/// entries one agent has (measured with `scripts/wasm-crates.sh`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NodeMemory(Vec<(String, String)>);

impl NodeMemory {
    /// The stored memory (a JSON object of strings); empty when missing or
    /// unreadable.
    pub fn from_json(text: Option<&str>) -> NodeMemory {
        let read = |text: &str| {
            let members = Json::parse(text.as_bytes())?;
            members
                .as_object()?
                .iter()
                .map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                .collect::<Option<Vec<_>>>()
        };
        // Each pair goes in at its sorted place (no sort routine in the wasm).
        let mut memory = NodeMemory::default();
        for (training, node) in text.and_then(read).unwrap_or_default() {
            memory.set(training, node);
        }
        memory
    }

    /// As a JSON object, keys sorted.
    pub fn to_json(&self) -> String {
        let mut out = json::Object::new();
        for (training, node) in &self.0 {
            out = out.str(training, node);
        }
        out.end()
    }

    /// The remembered pairs, sorted by training id.
    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    fn find(&self, training_id: &str) -> Result<usize, usize> {
        self.0
            .binary_search_by(|(t, _)| t.as_str().cmp(training_id))
    }

    /// `node` for `training`, in place or at its sorted place.
    fn set(&mut self, training: String, node: String) {
        match self.find(&training) {
            Ok(at) => self.0[at].1 = node,
            Err(at) => self.0.insert(at, (training, node)),
        }
    }

    /// Remembers that `training_id` was saved with `node_id` (ignored when empty).
    pub fn remember(&mut self, training_id: &str, node_id: &str) {
        let node = trim(node_id);
        if !node.is_empty() {
            self.set(training_id.to_string(), node.to_string());
        }
    }

    pub fn node_of(&self, training_id: &str) -> Option<&str> {
        self.find(training_id).ok().map(|at| self.0[at].1.as_str())
    }

    pub fn forget(&mut self, training_id: &str) {
        if let Ok(at) = self.find(training_id) {
            self.0.remove(at);
        }
    }
}

/// Which trainings the workspace list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListFilter {
    #[default]
    All,
    Active,
    Inactive,
}

impl ListFilter {
    pub fn keeps(self, status: crate::Status) -> bool {
        match self {
            ListFilter::All => true,
            ListFilter::Active => status == crate::Status::Active,
            ListFilter::Inactive => status == crate::Status::Inactive,
        }
    }
}

#[cfg(test)]
mod memory_tests {
    use super::*;

    #[test]
    fn node_memory_round_trips_and_ignores_empty_nodes() {
        let mut m = NodeMemory::default();
        m.remember("t1", " node-1 ");
        m.remember("t2", "  ");
        assert_eq!(m.node_of("t1"), Some("node-1"));
        assert_eq!(m.node_of("t2"), None);
        let back = NodeMemory::from_json(Some(&m.to_json()));
        assert_eq!(back, m);
        assert_eq!(NodeMemory::from_json(Some("[")), NodeMemory::default());
        m.forget("t1");
        assert_eq!(m.node_of("t1"), None);
    }

    #[test]
    fn node_memory_keeps_one_sorted_entry_per_training() {
        let mut m = NodeMemory::from_json(Some(r#"{"t3":"c","t1":"a","t1":"z","t2":7}"#));
        assert_eq!(
            m,
            NodeMemory::default(),
            "a member that is not a string: unreadable"
        );
        m = NodeMemory::from_json(Some(r#"{"t3":"c","t1":"a","t1":"z"}"#));
        assert_eq!(
            m.pairs(),
            [("t1".into(), "z".into()), ("t3".into(), "c".into())]
        );
        m.remember("t2", "b");
        m.remember("t3", "d");
        m.remember("t0", "x");
        let ids: Vec<&str> = m.pairs().iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(ids, ["t0", "t1", "t2", "t3"]);
        assert_eq!(m.node_of("t3"), Some("d"));
        m.forget("t9");
        m.forget("t0");
        assert_eq!(m.to_json(), r#"{"t1":"z","t2":"b","t3":"d"}"#);
    }

    #[test]
    fn list_filter() {
        use crate::Status::*;
        assert!(ListFilter::All.keeps(Inactive));
        assert!(ListFilter::Active.keeps(Active) && !ListFilter::Active.keeps(Inactive));
        assert!(ListFilter::Inactive.keeps(Inactive) && !ListFilter::Inactive.keeps(Active));
    }
}
