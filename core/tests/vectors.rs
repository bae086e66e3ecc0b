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
            Err(e) => assert_eq!(e.to_json(), v["errors"], "{name}"),
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} vectors checked");
}
