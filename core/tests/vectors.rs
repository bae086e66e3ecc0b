//! The form's validation must agree with the server's on every shared vector.

use serde_json::Value;
use talkover_core::validate::{validate, RawTraining};

#[test]
fn client_validation_agrees_with_every_shared_vector() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/validation.json"
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let vectors = doc["vectors"].as_array().unwrap();
    let mut checked = 0;
    for v in vectors {
        if v["server_only"] == Value::Bool(true) {
            continue;
        }
        let name = v["name"].as_str().unwrap();
        let input = &v["input"];
        let s = |k: &str| input.get(k).and_then(Value::as_str);
        let raw = RawTraining {
            node_id: s("node_id"),
            subject: s("subject"),
            instructions: s("instructions"),
            current_status: s("current_status"),
        };
        match validate(&raw) {
            Ok(req) => {
                assert_eq!(
                    v["errors"],
                    serde_json::json!({}),
                    "{name}: expected errors"
                );
                let n = &v["normalized"];
                assert_eq!(req.subject, n["subject"].as_str().unwrap(), "{name}");
                assert_eq!(
                    req.instructions,
                    n["instructions"].as_str().unwrap(),
                    "{name}"
                );
                assert_eq!(req.current_status.as_str(), n["current_status"], "{name}");
                assert_eq!(req.node_id.as_deref(), n["node_id"].as_str(), "{name}");
            }
            Err(e) => assert_eq!(
                serde_json::from_str::<Value>(&e.to_json()).unwrap(),
                v["errors"],
                "{name}"
            ),
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} vectors checked");
}

/// What the form shows under each field as the user types (`field_errors`)
/// is what the server would answer for that field: checked against every
/// vector a form can produce (string fields), not against the form's own
/// whole-form validation.
#[test]
fn each_fields_messages_agree_with_every_shared_vector() {
    use talkover_core::{Field, FormValues};
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/validation.json"
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut checked = 0;
    for v in doc["vectors"].as_array().unwrap() {
        if v["server_only"] == Value::Bool(true) {
            continue;
        }
        let name = v["name"].as_str().unwrap();
        let s = |k: &str| {
            v["input"]
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let values = FormValues {
            agent_id: "agent-1".into(),
            node_id: s("node_id"),
            subject: s("subject"),
            instructions: s("instructions"),
            current_status: s("current_status"),
        };
        for f in [
            Field::NodeId,
            Field::Subject,
            Field::Instructions,
            Field::CurrentStatus,
        ] {
            let expected: Vec<String> = v["errors"]
                .get(f.api_name())
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            assert_eq!(values.field_errors(f), expected, "{name}: {f:?}");
        }
        checked += 1;
    }
    assert!(checked >= 290, "only {checked} vectors checked");
}
