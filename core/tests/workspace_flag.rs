//! The core reads a mount point's workspace flag as the loader does: both are
//! checked against tests/vectors/workspace-flag.json (the loader by
//! scripts/bundle-choice.test.mjs), so a page never loads the bundle without
//! the workspace for an element that shows one, nor the bigger one for nothing.
use std::collections::HashMap;
use talkover_core::config::{AllowedOrigins, Settings};

#[test]
fn the_workspace_flag_matches_the_shared_vectors() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/vectors/workspace-flag.json"
    ))
    .unwrap();
    let vectors: serde_json::Value = serde_json::from_str(&text).unwrap();
    let cases = vectors["cases"].as_array().unwrap();
    assert!(cases.len() >= 20);
    for case in cases {
        let attributes: HashMap<String, String> = case["attributes"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap().to_string()))
            .collect();
        let query = case["query"].as_str().map(str::to_string);
        // As src/mount.rs reads an element: its data- attributes, and the
        // page's query only when it is marked data-from-query.
        let from_query = attributes.contains_key("data-from-query");
        let settings = Settings::from_page(
            |name| attributes.get(&format!("data-{name}")).cloned(),
            |name| {
                (from_query && name == "workspace")
                    .then(|| query.clone())
                    .flatten()
            },
            &AllowedOrigins::from_meta(None),
        );
        assert_eq!(
            settings.workspace,
            case["workspace"].as_bool().unwrap(),
            "{case}"
        );
    }
}
