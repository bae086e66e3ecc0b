//! What the form shows about what was typed: each field's value, the agent
//! id's rules, the count under Subject at its limit, and the order of error
//! messages (form order, then the server's other fields as received).

use talkover_core::form::agent_id_errors;
use talkover_core::{CharCount, Field, FieldErrors, FormValues};

#[test]
fn each_field_shows_what_was_typed_in_it_and_no_field_shows_the_token() {
    let v = FormValues {
        agent_id: "agent-1".into(),
        node_id: "node-7".into(),
        subject: "Opening hours".into(),
        instructions: "9 to 5.".into(),
        current_status: "inactive".into(),
    };
    for (field, shown) in [
        (Field::AgentId, "agent-1"),
        (Field::NodeId, "node-7"),
        (Field::Subject, "Opening hours"),
        (Field::Instructions, "9 to 5."),
        (Field::CurrentStatus, "inactive"),
        (Field::Token, ""),
    ] {
        assert_eq!(v.get(field), shown, "{field:?}");
    }
}

#[test]
fn an_agent_id_of_dots_only_is_refused_as_no_browser_can_send_it() {
    let refused = ["Enter a valid agent ID: copy it from Voice Agents in Talkover."];
    assert_eq!(agent_id_errors("."), refused);
    assert_eq!(agent_id_errors(" .. "), refused);
    assert_eq!(agent_id_errors(""), ["Enter the agent ID."]);
    assert!(agent_id_errors("...").is_empty());
    assert!(agent_id_errors(".a").is_empty());
    let values = FormValues {
        agent_id: "..".into(),
        subject: "S".into(),
        instructions: "I".into(),
        current_status: "active".into(),
        ..FormValues::default()
    };
    assert_eq!(values.validate().unwrap_err().of(Field::AgentId), refused);
}

#[test]
fn exactly_255_characters_is_not_too_many() {
    let at_limit = CharCount::of_subject(&"😀".repeat(255));
    assert!(!at_limit.is_over());
    assert_eq!(at_limit.message(), "You have 0 characters remaining");
    let over = CharCount::of_subject(&"😀".repeat(256));
    assert!(over.is_over());
    assert_eq!(over.message(), "You have 1 character too many");
}

#[test]
fn errors_are_listed_in_form_order_then_the_servers_other_fields_as_received() {
    let mut e = FieldErrors::new();
    e.push("zeta", "Z.");
    e.push("current_status", "Status.");
    e.push("alpha", "A.");
    e.push("subject", "Subject 1.");
    e.push("agent_id", "Agent.");
    e.push("subject", "Subject 2.");
    e.push("instructions", "Instructions.");
    e.push("zeta", "Z again.");
    let order: Vec<(&str, usize)> = e.iter().map(|(f, m)| (f, m.len())).collect();
    assert_eq!(
        order,
        [
            ("agent_id", 1),
            ("subject", 2),
            ("instructions", 1),
            ("current_status", 1),
            ("zeta", 2),
            ("alpha", 1),
        ]
    );
    assert_eq!(e.of(Field::Subject), ["Subject 1.", "Subject 2."]);
}
