//! Browser unit tests of the components, in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Adds a mount point with the given attributes and mounts every new one.
async fn mount(attrs: &[(&str, &str)]) -> Element {
    let el = document().create_element("div").unwrap();
    el.set_attribute("data-talkover-training", "").unwrap();
    for (k, v) in attrs {
        el.set_attribute(k, v).unwrap();
    }
    document().body().unwrap().append_child(&el).unwrap();
    talkover_training_form::start();
    tick().await;
    el
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

async fn type_into(root: &Element, selector: &str, value: &str) {
    let el = find(root, selector);
    if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        input.set_value(value);
    } else {
        el.dyn_ref::<HtmlTextAreaElement>()
            .unwrap()
            .set_value(value);
    }
    el.dispatch_event(&Event::new("input").unwrap()).unwrap();
    tick().await;
}

async fn blur(root: &Element, selector: &str) {
    find(root, selector)
        .dispatch_event(&Event::new("blur").unwrap())
        .unwrap();
    tick().await;
}

#[wasm_bindgen_test]
async fn character_count_counts_code_points_of_the_trimmed_subject() {
    let root = mount(&[("data-agent-id", "a1")]).await;
    assert_eq!(
        text(&root, ".tt-character-count"),
        "You have 255 characters remaining"
    );
    type_into(&root, "input[name=subject]", &"😀".repeat(255)).await;
    assert_eq!(
        text(&root, ".tt-character-count"),
        "You have 0 characters remaining"
    );
    type_into(
        &root,
        "input[name=subject]",
        &format!(" {} ", "😀".repeat(257)),
    )
    .await;
    assert_eq!(
        text(&root, ".tt-character-count"),
        "You have 2 characters too many"
    );
    assert_eq!(
        find(&root, ".tt-character-count")
            .get_attribute("aria-hidden")
            .as_deref(),
        Some("true")
    );
    assert!(find(&root, "input[name=subject]")
        .get_attribute("maxlength")
        .is_none());
}

#[wasm_bindgen_test]
async fn error_shows_on_blur_and_clears_as_the_user_types() {
    let root = mount(&[]).await;
    let subject = "input[name=subject]";
    assert!(find(&root, subject).get_attribute("aria-invalid").is_none());
    blur(&root, subject).await;
    let input = find(&root, subject);
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    let error_id = input
        .get_attribute("aria-describedby")
        .unwrap()
        .split(' ')
        .find(|id| id.ends_with("-error"))
        .unwrap()
        .to_string();
    let error = document().get_element_by_id(&error_id).unwrap();
    assert_eq!(
        error.text_content().unwrap(),
        "Error: The subject field is required."
    );
    type_into(&root, subject, "Opening hours").await;
    assert!(find(&root, subject).get_attribute("aria-invalid").is_none());
    assert!(document().get_element_by_id(&error_id).is_none());
}

#[wasm_bindgen_test]
async fn submitting_empty_shows_the_summary_with_links_to_fields() {
    let root = mount(&[("data-api-base", "http://127.0.0.1:9")]).await;
    let button: HtmlElement = find(&root, "button[type=submit]").unchecked_into();
    button.click();
    tick().await;
    let summary = find(&root, ".tt-error-summary");
    assert_eq!(summary.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(text(&root, ".tt-error-summary-title"), "There is a problem");
    let links = summary.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 4);
    let first: Element = links.item(0).unwrap().unchecked_into();
    let href = first.get_attribute("href").unwrap();
    let target = document().get_element_by_id(&href[1..]).unwrap();
    assert_eq!(target.get_attribute("name").as_deref(), Some("agent_id"));
}

#[wasm_bindgen_test]
async fn two_instances_have_unique_ids_and_their_own_values() {
    let a = mount(&[("data-agent-id", "agent-a")]).await;
    let b = mount(&[("data-agent-id", "agent-b"), ("data-lock-agent", "")]).await;
    let id_a = find(&a, "input[name=subject]").id();
    let id_b = find(&b, "input[name=subject]").id();
    assert_ne!(id_a, id_b);
    let all = document().query_selector_all("[id]").unwrap();
    let mut seen = std::collections::HashSet::new();
    for i in 0..all.length() {
        let id = all.item(i).unwrap().unchecked_into::<Element>().id();
        assert!(seen.insert(id.clone()), "duplicate id {id}");
    }
    type_into(&a, "input[name=subject]", "only in A").await;
    let value_b = find(&b, "input[name=subject]")
        .unchecked_into::<HtmlInputElement>()
        .value();
    assert_eq!(value_b, "");
    let agent_b = find(&b, "input[name=agent_id]");
    assert!(agent_b.has_attribute("readonly"));
    assert_eq!(
        agent_b.unchecked_into::<HtmlInputElement>().value(),
        "agent-b"
    );
}

#[wasm_bindgen_test]
async fn an_insecure_api_base_is_refused_with_a_message() {
    let root = mount(&[("data-api-base", "http://evil.example")]).await;
    assert!(text(&root, ".tt-panel--error").contains("must use https://"));
    assert_eq!(
        find(&root, "button[type=submit]")
            .get_attribute("aria-disabled")
            .as_deref(),
        Some("true")
    );
}

#[wasm_bindgen_test]
async fn token_without_prefix_warns_but_is_kept() {
    let root = mount(&[("data-api-base", "http://127.0.0.1:7")]).await;
    type_into(&root, "input[name=token]", "abc").await;
    assert!(text(&root, ".tt-warning").contains("talq_"));
    let stored = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .get_item("talkover.token:http://127.0.0.1:7")
        .unwrap();
    assert_eq!(stored.as_deref(), Some("abc"));
}
