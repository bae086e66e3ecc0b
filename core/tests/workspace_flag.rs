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
        // As the page's script reads an element for src/mount.rs
        // (scripts/bundle-choice.mjs, settingsOf): a div's data- attributes,
        // and the page's query only when it is marked data-from-query; a
        // <talkover-training-form>'s own attributes, never the query.
        let custom = case["element"].as_str() == Some("talkover-training-form");
        let prefix = if custom { "" } else { "data-" };
        let from_query = !custom && attributes.contains_key("data-from-query");
        let settings = Settings::from_page(
            |name| attributes.get(&format!("{prefix}{name}")).cloned(),
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
