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

/// Slots for the page's instances, as the page's script hands them out.
static SLOT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// The settings object the page's script passes to `mount`, from `data-`
/// attributes (as `settingsOf` in scripts/bundle-choice.mjs reads them).
fn settings_object(attrs: &[(&str, &str)]) -> js_sys::Object {
    let object = js_sys::Object::new();
    for (k, v) in attrs {
        let name = k.strip_prefix("data-").unwrap_or(k);
        js_sys::Reflect::set(&object, &(*name).into(), &(*v).into()).unwrap();
    }
    object
}

/// Adds an element with the given attributes and mounts the form into it,
/// as the page's script does; returns the element and the instance's id.
async fn mount_with_id(attrs: &[(&str, &str)]) -> (Element, u32) {
    let el = document().create_element("div").unwrap();
    for (k, v) in attrs {
        el.set_attribute(k, v).unwrap();
    }
    document().body().unwrap().append_child(&el).unwrap();
    let slot = SLOT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let id = talkover_training_form::mount::mount(
        el.clone().unchecked_into(),
        &settings_object(attrs),
        false,
        slot,
    );
    tick().await;
    (el, id)
}

async fn mount(attrs: &[(&str, &str)]) -> Element {
    mount_with_id(attrs).await.0
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
async fn unmount_removes_the_form_and_keeps_the_draft_for_the_next_mount() {
    let (el, id) = mount_with_id(&[("data-agent-id", "agent-u")]).await;
    type_into(&el, "input[name=subject]", "kept across mounts").await;
    talkover_training_form::mount::unmount(id);
    tick().await;
    assert_eq!(el.child_element_count(), 0, "the view is gone");
    // Unmounting twice, or an unknown id, does nothing.
    talkover_training_form::mount::unmount(id);
    // The same slot again (as the page's script gives a re-attached element): the draft is back.
    let settings = settings_object(&[("data-agent-id", "agent-u")]);
    let draft_slot = SLOT.load(std::sync::atomic::Ordering::Relaxed) - 1;
    let again = talkover_training_form::mount::mount(
        el.clone().unchecked_into(),
        &settings,
        false,
        draft_slot,
    );
    tick().await;
    let subject = find(&el, "input[name=subject]").unchecked_into::<HtmlInputElement>();
    assert_eq!(subject.value(), "kept across mounts");
    talkover_training_form::mount::unmount(again);
}

#[wasm_bindgen_test]
async fn the_host_changes_the_status_of_a_blank_form() {
    let (el, id) = mount_with_id(&[("data-agent-id", "agent-s")]).await;
    let checked = |value: &str| {
        find(&el, &format!("input[type=radio][value={value}]"))
            .unchecked_into::<HtmlInputElement>()
            .checked()
    };
    assert!(checked("active"));
    talkover_training_form::mount::set_status(id, "inactive");
    tick().await;
    assert!(checked("inactive"));
    talkover_training_form::mount::unmount(id);
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

// Single components, mounted alone with `leptos::mount::mount_to` (issue 12).
// Each test uses its own id prefix and API origin: the tests share one page
// (and its sessionStorage), and ids must stay unique in it.

mod single {
    use std::cell::Cell;
    use std::rc::Rc;

    use leptos::mount::mount_to;
    use leptos::prelude::*;
    use leptos::task::tick;
    use talkover_core::state::{waiting, Msg, Raw};
    use talkover_core::{Field, Settings};
    use talkover_training_form::components::{CharacterCount, ErrorSummary, TextField, TokenField};
    use talkover_training_form::store::Store;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;
    use web_sys::{Element, HtmlElement, HtmlInputElement};

    use super::{blur, document, find, text, type_into};

    // Shaped like a Talkover token (26 characters); these tests talk to no server.
    const TOKEN: &str = "talq_test_0123456789abcdef";

    /// A fresh element in the body, without the mount attribute (so that
    /// `start()` in the other tests never mounts the app into it).
    fn container() -> HtmlElement {
        let el = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&el).unwrap();
        el.unchecked_into()
    }

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        })
    }

    /// Mounts `view` with a `Store` of its own; returns the container, the
    /// store, and the handle that unmounts it when dropped.
    fn with_store<V: IntoView + 'static>(
        pairs: &[(&str, &str)],
        prefix: &str,
        view: impl FnOnce(Store) -> V + 'static,
    ) -> (Element, Store, impl Sized) {
        let el = container();
        let host: Element = el.clone().unchecked_into();
        let settings = settings(pairs);
        let prefix = prefix.to_string();
        let made = Rc::new(Cell::new(None));
        let keep = made.clone();
        let handle = mount_to(el.clone(), move || {
            let store = Store::new(&settings, host, prefix);
            keep.set(Some(store));
            view(store)
        });
        (el.unchecked_into(), made.get().expect("store made"), handle)
    }

    /// Waits `ms` milliseconds of real time.
    async fn sleep(ms: i32) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
    }

    /// Waits (up to a second) until `done` holds: the DOM follows the state
    /// asynchronously, sometimes after more than one tick.
    async fn until(what: &str, done: impl Fn() -> bool) {
        for _ in 0..100 {
            if done() {
                return;
            }
            sleep(10).await;
        }
        panic!("{what}: not within a second");
    }

    /// A `blur` whose focus goes to `related` (a `FocusEvent` with `relatedTarget`).
    fn blur_towards(el: &Element, related: &Element) {
        let init = js_sys::Object::new();
        js_sys::Reflect::set(&init, &"relatedTarget".into(), related).unwrap();
        let constructor: js_sys::Function =
            js_sys::Reflect::get(&web_sys::window().unwrap(), &"FocusEvent".into())
                .unwrap()
                .unchecked_into();
        let args = js_sys::Array::of2(&"blur".into(), &init);
        let event = js_sys::Reflect::construct(&constructor, &args).unwrap();
        el.dispatch_event(event.unchecked_ref()).unwrap();
    }

    fn describedby(el: &Element) -> String {
        el.get_attribute("aria-describedby").unwrap_or_default()
    }

    fn session_get(key: &str) -> Option<String> {
        web_sys::window()
            .unwrap()
            .session_storage()
            .unwrap()
            .unwrap()
            .get_item(key)
            .unwrap()
    }

    #[wasm_bindgen_test]
    async fn text_field_alone_labels_describes_and_reports_input_and_blur() {
        let el = container();
        let value = RwSignal::new("as loaded".to_string());
        let errors = RwSignal::new(Vec::<String>::new());
        let typed = RwSignal::new(Vec::<String>::new());
        let blurs = RwSignal::new(0u32);
        let handle = mount_to(el.clone(), move || {
            view! {
                <TextField
                    id="c1-subject".to_string() name="subject" label="Subject" hint="A short title."
                    value=Memo::new(move |_| value.get()) errors=Memo::new(move |_| errors.get()) count_id="c1-count".to_string()
                    on_blur=move |()| blurs.update(|n| *n += 1)
                    on_input=move |v: String| typed.update(|t| t.push(v))
                />
                <button id="c1-button" type="button">"A button"</button>
            }
        });
        tick().await;
        let root: Element = el.clone().unchecked_into();
        assert_eq!(
            find(&root, "label").get_attribute("for").as_deref(),
            Some("c1-subject")
        );
        assert_eq!(text(&root, "#c1-subject-hint"), "A short title.");
        let input = find(&root, "#c1-subject");
        assert_eq!(input.get_attribute("name").as_deref(), Some("subject"));
        assert_eq!(
            input.clone().unchecked_into::<HtmlInputElement>().value(),
            "as loaded"
        );
        assert_eq!(describedby(&input), "c1-subject-hint c1-count");
        // The count under the field counts the state's value.
        assert_eq!(
            text(&root, "#c1-count"),
            "You have 246 characters remaining"
        );
        assert!(input.get_attribute("aria-invalid").is_none());
        assert!(root.query_selector(".tt-error-message").unwrap().is_none());

        // An error from the state: marked, described, and shown as text with "Error:".
        errors.set(vec!["The subject field is required.".to_string()]);
        tick().await;
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert_eq!(
            describedby(&input),
            "c1-subject-hint c1-count c1-subject-error"
        );
        assert_eq!(
            text(&root, "#c1-subject-error"),
            "Error: The subject field is required."
        );
        assert!(find(&root, ".tt-field")
            .class_list()
            .contains("tt-field--error"));

        // What is typed goes to `on_input` as typed; the view shows the state's value.
        type_into(&root, "#c1-subject", "  Opening hours  ").await;
        assert_eq!(typed.get_untracked(), vec!["  Opening hours  ".to_string()]);
        value.set("from the state".to_string());
        tick().await;
        assert_eq!(
            input.clone().unchecked_into::<HtmlInputElement>().value(),
            "from the state"
        );
        assert_eq!(
            text(&root, "#c1-count"),
            "You have 241 characters remaining"
        );

        // Blur reports, except when focus leaves for a button (its action validates).
        blur(&root, "#c1-subject").await;
        assert_eq!(blurs.get_untracked(), 1);
        blur_towards(&input, &find(&root, "#c1-button"));
        tick().await;
        assert_eq!(blurs.get_untracked(), 1);

        errors.set(Vec::new());
        tick().await;
        assert!(input.get_attribute("aria-invalid").is_none());
        assert!(document().get_element_by_id("c1-subject-error").is_none());
        drop(handle);
        assert!(document().get_element_by_id("c1-subject").is_none());
    }

    #[wasm_bindgen_test]
    async fn text_field_alone_multiline_and_readonly() {
        let el = container();
        // `readonly` is fixed for the field's life (a page locks the agent or not).
        let handle = mount_to(el.clone(), move || {
            view! {
                <TextField
                    id="c2-instructions".to_string() name="instructions" label="Instructions" hint="What to do."
                    value=Memo::new(|_| "Line one\nLine two".to_string()) errors=Memo::new(|_| Vec::new()) multiline=true readonly=true
                    on_blur=move |()| {} on_input=move |_: String| {}
                />
                <TextField
                    id="c2-subject".to_string() name="subject" label="Subject" hint="A title."
                    value=Memo::new(|_| String::new()) errors=Memo::new(|_| Vec::new())
                    on_blur=move |()| {} on_input=move |_: String| {}
                />
            }
        });
        tick().await;
        let root: Element = el.clone().unchecked_into();
        let area = find(&root, "textarea#c2-instructions");
        assert_eq!(
            area.clone()
                .unchecked_into::<web_sys::HtmlTextAreaElement>()
                .value(),
            "Line one\nLine two"
        );
        assert!(area.has_attribute("readonly"));
        assert_eq!(describedby(&area), "c2-instructions-hint");
        assert!(!find(&root, "input#c2-subject").has_attribute("readonly"));
        drop(handle);
    }

    #[wasm_bindgen_test]
    async fn character_count_alone_counts_at_once_and_announces_after_a_pause() {
        let el = container();
        let value = RwSignal::new(String::new());
        let handle = mount_to(el.clone(), move || {
            view! { <CharacterCount id="c3-count".to_string() value=Memo::new(move |_| value.get()) /> }
        });
        tick().await;
        let root: Element = el.clone().unchecked_into();
        let live = "[aria-live=polite]";
        assert_eq!(
            text(&root, "#c3-count"),
            "You have 255 characters remaining"
        );
        assert_eq!(
            find(&root, "#c3-count")
                .get_attribute("aria-hidden")
                .as_deref(),
            Some("true")
        );
        // Nothing is announced on first render.
        assert_eq!(text(&root, live), "");

        value.set("abc".to_string());
        tick().await;
        assert_eq!(
            text(&root, "#c3-count"),
            "You have 252 characters remaining"
        );
        assert_eq!(text(&root, live), "", "announced before typing paused");
        sleep(1300).await;
        assert_eq!(text(&root, live), "You have 252 characters remaining");

        // Typing again before the pause ends postpones the announcement.
        value.set("abcd".to_string());
        tick().await;
        sleep(500).await;
        value.set("abcde".to_string());
        tick().await;
        sleep(600).await;
        assert_eq!(text(&root, live), "You have 252 characters remaining");
        sleep(700).await;
        assert_eq!(text(&root, live), "You have 250 characters remaining");

        // Over the limit: counted in code points of the trimmed text, marked.
        value.set(format!("  {}  ", "😀".repeat(256)));
        tick().await;
        assert_eq!(text(&root, "#c3-count"), "You have 1 character too many");
        assert!(find(&root, "#c3-count")
            .class_list()
            .contains("tt-character-count--over"));
        drop(handle);
    }

    #[wasm_bindgen_test]
    async fn error_summary_alone_lists_a_token_that_cannot_be_sent_and_sends_nothing() {
        let (root, store, handle) = with_store(
            &[
                ("api-base", "http://127.0.0.1:21"),
                ("agent-id", "agent-c4"),
            ],
            "c4",
            |store| view! { <ErrorSummary store=store /> },
        );
        tick().await;
        assert!(root.query_selector(".tt-error-summary").unwrap().is_none());

        let broken = format!("{}\u{200B}{}", &TOKEN[..10], &TOKEN[10..]);
        store.send(Msg::Input(Field::Subject, "Opening hours".into()));
        store.send(Msg::Input(Field::Instructions, "9 to 5.".into()));
        store.send(Msg::Input(Field::Token, broken));
        store.send(Msg::Submit);
        tick().await;
        let summary = find(&root, ".tt-error-summary");
        assert_eq!(summary.get_attribute("role").as_deref(), Some("alert"));
        assert_eq!(summary.id(), "c4-error-summary");
        let links = summary.query_selector_all("a").unwrap();
        assert_eq!(links.length(), 1);
        let link: Element = links.item(0).unwrap().unchecked_into();
        assert_eq!(link.get_attribute("href").as_deref(), Some("#c4-token"));
        assert_eq!(
            link.text_content().unwrap(),
            "The API token contains a character that cannot be sent (U+200B, character 11 of 27). \
             Copy the token again from Talkover, or delete that character."
        );
        // Nothing in flight: the form is not saving, the button works again.
        store.state.with_untracked(|s| {
            assert!(!s.saving());
            assert!(waiting(s).is_empty());
        });

        // The token field is live now: fixing the token clears the summary.
        store.send(Msg::Input(Field::Token, TOKEN.into()));
        tick().await;
        assert!(root.query_selector(".tt-error-summary").unwrap().is_none());
        drop(handle);
    }

    #[wasm_bindgen_test]
    async fn error_summary_alone_lists_fields_the_form_lacks_as_text() {
        let (root, store, handle) = with_store(
            &[
                ("api-base", "http://127.0.0.1:22"),
                ("agent-id", "agent-c5"),
            ],
            "c5",
            |store| view! { <ErrorSummary store=store /> },
        );
        store.send(Msg::Input(Field::Subject, "Opening hours".into()));
        store.send(Msg::Input(Field::Instructions, "9 to 5.".into()));
        store.send(Msg::Input(Field::Token, TOKEN.into()));
        store.send(Msg::Submit);
        // The save is in flight (to a port where nothing listens); its
        // answer is given here first, so the real failure comes too late.
        let id = store.state.with_untracked(waiting);
        assert_eq!(id.len(), 1, "one save in flight");
        let body = r#"{"message":"The subject field must not be greater than 255 characters. (and 1 more error)","errors":{"subject":["The subject field must not be greater than 255 characters."],"priority":["The selected priority is invalid."]}}"#;
        store.send(Msg::Answer {
            id: id[0],
            result: Ok(Raw {
                status: 422,
                retry_after: None,
                body: body.as_bytes().to_vec(),
            }),
        });
        tick().await;
        let summary = find(&root, ".tt-error-summary");
        let items = summary.query_selector_all("li").unwrap();
        assert_eq!(items.length(), 2);
        let first: Element = items.item(0).unwrap().unchecked_into();
        assert_eq!(
            find(&first, "a").get_attribute("href").as_deref(),
            Some("#c5-subject")
        );
        assert_eq!(
            first.text_content().unwrap(),
            "The subject field must not be greater than 255 characters."
        );
        let second: Element = items.item(1).unwrap().unchecked_into();
        assert!(second.query_selector("a").unwrap().is_none());
        assert_eq!(
            second.text_content().unwrap(),
            "priority: The selected priority is invalid."
        );
        assert!(!store.state.with_untracked(|s| s.saving()));
        // Let the real request fail; its late answer changes nothing.
        sleep(300).await;
        assert_eq!(
            find(&root, ".tt-error-summary")
                .query_selector_all("li")
                .unwrap()
                .length(),
            2
        );
        drop(handle);
    }

    #[wasm_bindgen_test]
    async fn token_field_alone_trims_invisible_characters_and_names_the_one_inside() {
        let origin = "http://127.0.0.1:23";
        let key = format!("talkover.token:{origin}");
        let (root, store, handle) = with_store(&[("api-base", origin)], "c6", |store| {
            view! {
                <TokenField
                    id=store.field_id(Field::Token) value=store.memo(|s| s.token.clone()) origin=store.origin()
                    errors=store.memo(|s| s.form.errors.of(Field::Token).to_vec())
                    on_blur=move |()| store.send(Msg::Blur(Field::Token))
                    on_input=move |v| store.send(Msg::Input(Field::Token, v))
                    on_forget=move |()| store.send(Msg::ForgetToken)
                />
            }
        });
        tick().await;
        assert_eq!(text(&root, ".tt-origin"), origin);
        let input = find(&root, "#c6-token");
        assert_eq!(input.get_attribute("type").as_deref(), Some("password"));

        // A trailing U+200B is trimmed, as the server trims: no error, kept trimmed.
        type_into(&root, "#c6-token", &format!("{TOKEN}\u{200B}")).await;
        blur(&root, "#c6-token").await;
        assert!(input.get_attribute("aria-invalid").is_none());
        assert_eq!(session_get(&key).as_deref(), Some(TOKEN));

        // One inside: named under the field, with its position.
        let broken = format!("{}\u{200B}{}", &TOKEN[..10], &TOKEN[10..]);
        type_into(&root, "#c6-token", &broken).await;
        blur(&root, "#c6-token").await;
        assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert!(describedby(&input)
            .split(' ')
            .any(|id| id == "c6-token-error"));
        assert!(text(&root, "#c6-token-error").contains(
            "The API token contains a character that cannot be sent (U+200B, character 11 of 27)"
        ));
        // Fixed as the user types (the field is live now).
        type_into(&root, "#c6-token", TOKEN).await;
        assert!(input.get_attribute("aria-invalid").is_none());
        assert!(document().get_element_by_id("c6-token-error").is_none());

        // Not a Talkover token: a warning, not an error.
        type_into(&root, "#c6-token", "abc").await;
        assert!(text(&root, ".tt-warning").contains("talq_"));
        assert!(input.get_attribute("aria-invalid").is_none());

        // Forget token: the field and the storage are empty.
        let forget: HtmlElement = find(&root, "button").unchecked_into();
        assert_eq!(forget.text_content().unwrap(), "Forget token");
        forget.click();
        tick().await;
        assert_eq!(store.state.with_untracked(|s| s.token.clone()), "");
        assert_eq!(session_get(&key), None);
        let input: HtmlInputElement = input.unchecked_into();
        until("the token field is emptied", || input.value().is_empty()).await;
        drop(handle);
    }

    #[cfg(feature = "workspace")]
    #[wasm_bindgen_test]
    async fn replace_question_and_edit_notice_alone() {
        use talkover_core::Training;
        use talkover_training_form::components::{EditNotice, ReplaceQuestion};

        let origin = "http://127.0.0.1:24";
        let agent = "agent-c7";
        web_sys::window()
            .unwrap()
            .session_storage()
            .unwrap()
            .unwrap()
            .set_item(&format!("talkover.token:{origin}"), TOKEN)
            .unwrap();
        let (root, store, handle) = with_store(
            &[("api-base", origin), ("agent-id", agent), ("workspace", "")],
            "c7",
            |store| view! { <ReplaceQuestion store=store /> <EditNotice store=store /> },
        );
        // The first load is in flight (agent, then list): answered here first.
        let ids = store.state.with_untracked(waiting);
        assert_eq!(ids.len(), 2, "agent and list requested at mount");
        let ok = |body: String| Raw {
            status: 200,
            retry_after: None,
            body: body.into_bytes(),
        };
        let training = r#"{"id":"t-1","subject":"Technical Support","instructions":"Help.","current_status":"inactive","created_at":"2024-01-15T10:30:00Z","updated_at":"2024-01-15T12:00:00Z"}"#;
        store.send(Msg::Answer {
            id: ids[0],
            result: Ok(ok(format!(
                r#"{{"success":true,"data":{{"id":"{agent}","name":"Agent C7","current_status":"published","is_ready_to_publish":true}}}}"#
            ))),
        });
        store.send(Msg::Answer {
            id: ids[1],
            result: Ok(ok(format!(r#"{{"success":true,"data":[{training}]}}"#))),
        });
        let shown = store.state.with_untracked(|s| {
            s.workspace
                .as_ref()
                .and_then(|w| w.shown.as_ref())
                .map(|x| x.trainings.clone())
        });
        let listed: Vec<Training> = shown.expect("the list is shown");
        let listed = listed[0].clone();

        // Unsaved text: Edit asks first.
        store.send(Msg::Input(Field::Subject, "My own subject".into()));
        store.edit(listed.clone());
        tick().await;
        let question = find(&root, ".tt-replace");
        assert_eq!(
            question.get_attribute("role").as_deref(),
            Some("alertdialog")
        );
        assert_eq!(question.id(), "c7-replace");
        assert!(question
            .text_content()
            .unwrap()
            .contains("Replace what you typed?"));
        assert!(question
            .text_content()
            .unwrap()
            .contains("“Technical Support”"));
        let labelled = question.get_attribute("aria-labelledby").unwrap();
        assert!(document().get_element_by_id(&labelled).is_some());
        assert!(root.query_selector(".tt-edit-notice").unwrap().is_none());
        let button = |name: &str| -> HtmlElement {
            let all = root.query_selector_all(".tt-replace button").unwrap();
            (0..all.length())
                .map(|i| all.item(i).unwrap().unchecked_into::<HtmlElement>())
                .find(|b| b.text_content().as_deref() == Some(name))
                .unwrap_or_else(|| panic!("no button {name}"))
        };

        button("Keep my text").click();
        tick().await;
        assert!(root.query_selector(".tt-replace").unwrap().is_none());
        assert!(root.query_selector(".tt-edit-notice").unwrap().is_none());
        assert_eq!(
            store
                .state
                .with_untracked(|s| s.form.values.subject.clone()),
            "My own subject"
        );

        store.edit(listed.clone());
        tick().await;
        button("Replace my text").click();
        tick().await;
        assert!(root.query_selector(".tt-replace").unwrap().is_none());
        assert_eq!(
            store
                .state
                .with_untracked(|s| s.form.values.subject.clone()),
            "Technical Support"
        );
        let notice = find(&root, ".tt-edit-notice");
        assert_eq!(text(&root, ".tt-edit-subject"), "Technical Support");
        assert!(notice
            .text_content()
            .unwrap()
            .contains("saving creates a new entry"));
        drop(handle);
    }
}
