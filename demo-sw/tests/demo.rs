//! The demo's own behaviour around local-api's Router, natively: the same
//! code the service worker runs (`Demo`), with tokio's timer instead of
//! `setTimeout`. The browser runs it in tests/e2e/specs/demo-static.spec.ts.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use talkover_demo_sw::{Demo, Reply};

const TOKEN: &str = "talq_demo_0123456789abcdef";
const AGENT: &str = "550e8400-e29b-41d4-a716-446655440000";

fn sleep(d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
    Box::pin(tokio::time::sleep(d))
}

fn auth() -> Vec<(String, String)> {
    vec![
        ("authorization".into(), format!("Bearer {TOKEN}")),
        ("content-type".into(), "application/json".into()),
    ]
}

async fn save(demo: &Demo, body: Value) -> Reply {
    demo.handle(
        "POST",
        &format!("/api/v1/agents/{AGENT}/trainings"),
        &auth(),
        body.to_string().into_bytes(),
    )
    .await
}

async fn subjects(demo: &Demo) -> Vec<String> {
    let r = demo
        .handle(
            "GET",
            &format!("/api/v1/agents/{AGENT}/trainings"),
            &auth(),
            vec![],
        )
        .await;
    assert_eq!(r.status, 200);
    let body: Value = serde_json::from_slice(&r.body).unwrap();
    body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["subject"].as_str().unwrap().to_string())
        .collect()
}

async fn arm(demo: &Demo, fault: Value) {
    let r = demo
        .handle(
            "POST",
            "/__test/fault",
            &[("content-type".into(), "application/json".into())],
            fault.to_string().into_bytes(),
        )
        .await;
    assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
}

#[tokio::test]
async fn a_change_hands_back_the_state_and_a_new_worker_starts_from_it() {
    let (demo, used) = Demo::new(None, sleep);
    assert!(!used);
    let r = save(&demo, json!({"subject": "Kept", "instructions": "i"})).await;
    assert_eq!(r.status, 200);
    let state = r.state.expect("a save hands back the state to keep");
    // A read does not.
    let r = demo
        .handle("GET", &format!("/api/v1/agents/{AGENT}"), &auth(), vec![])
        .await;
    assert_eq!((r.status, r.state), (200, None));

    let (again, used) = Demo::new(Some(&state), sleep);
    assert!(used);
    assert_eq!(subjects(&again).await.last().unwrap(), "Kept");
    // Kept data that does not read: the seed.
    let (fresh, used) = Demo::new(Some("{not json"), sleep);
    assert!(!used);
    assert_eq!(subjects(&fresh).await.len(), 3);
}

#[tokio::test]
async fn reset_brings_the_seed_back_and_disarms_faults() {
    let (demo, _) = Demo::new(None, sleep);
    save(&demo, json!({"subject": "Gone", "instructions": "i"})).await;
    arm(&demo, json!({"fault": "500", "times": 5})).await;
    let r = demo.handle("POST", "/__demo/reset", &[], vec![]).await;
    assert_eq!(r.status, 200);
    let kept: Value = serde_json::from_str(&r.state.unwrap()).unwrap();
    assert_eq!(kept["agents"][0]["trainings"].as_array().unwrap().len(), 3);
    assert_eq!(
        subjects(&demo).await,
        [
            "Product Knowledge",
            "Customer Service Best Practices",
            "Technical Support"
        ]
    );
    assert_eq!(
        save(&demo, json!({"subject": "s", "instructions": "i"}))
            .await
            .status,
        200
    );
    let state = demo.handle("GET", "/__demo/state", &[], vec![]).await;
    assert_eq!(String::from_utf8(state.body).unwrap(), demo.snapshot());
}

#[tokio::test]
async fn the_demo_page_simulations_answer_as_the_native_server() {
    let (demo, _) = Demo::new(None, sleep);
    let on_save = json!({"method": "POST", "path_contains": "/trainings", "times": 1});
    let with = |fault: Value| {
        let mut f = on_save.clone();
        f.as_object_mut()
            .unwrap()
            .extend(fault.as_object().unwrap().clone());
        f
    };
    let body = json!({"subject": "s", "instructions": "i"});

    arm(&demo, with(json!({"fault": "422-unknown-field"}))).await;
    let r = save(&demo, body.clone()).await;
    assert_eq!(r.status, 422);
    assert!(String::from_utf8_lossy(&r.body).contains("priority"));

    arm(&demo, with(json!({"fault": "429", "retry_after": 30}))).await;
    let r = save(&demo, body.clone()).await;
    assert_eq!(r.status, 429);
    assert!(r.headers.contains(&("retry-after".into(), "30".into())));

    arm(&demo, with(json!({"fault": "drop"}))).await;
    let r = save(&demo, body.clone()).await;
    assert!(r.dropped, "drop: no answer");

    arm(&demo, with(json!({"fault": "delay", "delay_ms": 300}))).await;
    let started = Instant::now();
    let r = save(&demo, body.clone()).await;
    assert_eq!(r.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    // Only the delayed one was saved.
    assert_eq!(subjects(&demo).await.len(), 4);
}

#[tokio::test]
async fn requests_that_are_not_http_are_a_400_not_a_crash() {
    let (demo, _) = Demo::new(None, sleep);
    let r = demo.handle("GET", "/api/v1/a b", &[], vec![]).await;
    assert_eq!(r.status, 400);
    let r = demo.handle("BAD METHOD", "/", &[], vec![]).await;
    assert_eq!(r.status, 400);
}
