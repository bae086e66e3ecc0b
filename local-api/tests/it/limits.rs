//! The server's limits: read timeouts, the rate limit, the per-agent cap,
//! the request log's caps, the `/__test` guards, a state file that cannot be
//! saved.

use std::time::{Duration, Instant};

use crate::support::*;
use local_api::Config;
use reqwest::Method;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn training(subject: &str) -> Value {
    json!({"subject": subject, "instructions": "i"})
}

/// Writes `bytes`, then stalls: returns what the server sent before it
/// closed the connection, and when it closed it.
async fn stall_after(api: &Api, bytes: &[u8]) -> (String, Duration) {
    let start = Instant::now();
    let mut stream = TcpStream::connect(api.addr).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut out))
        .await
        .expect("the server must close a stalled connection")
        .ok();
    (String::from_utf8_lossy(&out).into_owned(), start.elapsed())
}

fn quick_timeouts() -> Config {
    Config {
        header_timeout: Duration::from_millis(300),
        body_timeout: Duration::from_millis(300),
        ..Config::default()
    }
}

#[tokio::test]
async fn a_client_that_stalls_in_its_headers_is_cut_off() {
    let api = start(quick_timeouts()).await;
    for partial in [
        &b"GE"[..],
        b"GET /api/v1/agents/x HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthor",
        b"",
    ] {
        let (answer, took) = stall_after(&api, partial).await;
        assert!(!answer.contains(" 200 "), "{answer}");
        assert!(took >= Duration::from_millis(250), "{took:?}");
        assert!(took < Duration::from_secs(3), "{took:?}");
    }
    // The server goes on.
    assert_eq!(
        api.get("/api/v1/agents/x", Some(DEMO_TOKEN)).await.status,
        404
    );
}

#[tokio::test]
async fn a_client_that_stalls_in_its_body_gets_408_and_is_cut_off() {
    let api = start(quick_timeouts()).await;
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {DEMO_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"subject\"",
        trainings(DEMO_AGENT)
    );
    let (answer, took) = stall_after(&api, head.as_bytes()).await;
    assert_eq!(raw_status(&answer), 408, "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    assert_eq!(
        raw_json(&answer),
        json!({"success": false, "message": "Request timeout."})
    );
    assert!(took < Duration::from_secs(3), "{took:?}");
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
}

#[tokio::test]
async fn a_slow_answer_is_not_a_slow_client() {
    // The timeouts are the client's: a `delay` fault longer than them (the
    // end-to-end tests wait 35 s) still answers, and a kept-alive connection
    // serves a second request after one.
    let api = start(Config {
        faults: true,
        ..quick_timeouts()
    })
    .await;
    let mut stream = TcpStream::connect(api.addr).await.unwrap();
    let request = format!(
        "GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {DEMO_TOKEN}\r\nX-Talkover-Fault: delay;delay=800\r\n\r\n",
        trainings(DEMO_AGENT)
    );
    for _ in 0..2 {
        let start = Instant::now();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut got = Vec::new();
        let mut chunk = [0u8; 65536];
        while !String::from_utf8_lossy(&got).contains("Technical Support") {
            let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut chunk))
                .await
                .unwrap()
                .unwrap();
            assert!(n > 0, "closed after {:?}", start.elapsed());
            got.extend_from_slice(&chunk[..n]);
        }
        assert!(start.elapsed() >= Duration::from_millis(800));
        assert_eq!(raw_status(&String::from_utf8_lossy(&got)), 200);
    }
}

#[tokio::test]
async fn the_default_timeouts_are_ten_seconds() {
    let c = Config::default();
    assert_eq!(c.header_timeout, Duration::from_secs(10));
    assert_eq!(c.body_timeout, Duration::from_secs(10));
}

#[tokio::test]
async fn the_101st_request_in_a_minute_is_a_429_with_retry_after() {
    // The defaults, as `local-api` without flags: 100 a minute per token.
    let api = start(Config::default()).await;
    let path = trainings(DEMO_AGENT);
    for i in 0..100 {
        let r = api.get(&path, Some(DEMO_TOKEN)).await;
        assert_eq!(r.status, 200, "request {}", i + 1);
    }
    let r = api
        .send(
            Method::POST,
            &path,
            Some(DEMO_TOKEN),
            Some(training("over")),
            &[("Origin", "http://127.0.0.1:8080")],
        )
        .await;
    assert_eq!(r.status, 429, "{}", r.text);
    assert_eq!(
        r.json(),
        json!({"success": false, "message": "Too Many Attempts."})
    );
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://127.0.0.1:8080")
    );
    // Refused, so nothing was saved.
    assert_eq!(api.state.store.lock().unwrap().agents[0].trainings.len(), 3);
    // Another token has its own window.
    let other = format!("/api/v1/agents/{OTHER_AGENT}");
    assert_eq!(api.get(&other, Some(OTHER_TOKEN)).await.status, 200);
    // Not the /__test routes, nor preflights (none here without --faults).
    let r = api
        .send(
            Method::OPTIONS,
            &path,
            None,
            None,
            &[
                ("Origin", "http://127.0.0.1:8080"),
                ("Access-Control-Request-Method", "POST"),
            ],
        )
        .await;
    assert_eq!(r.status, 204);
}

#[tokio::test]
async fn the_window_frees_and_unknown_tokens_count_per_client() {
    let api = start(Config {
        rate_limit: Some(3),
        rate_window: Duration::from_millis(600),
        ..Config::default()
    })
    .await;
    let path = trainings(DEMO_AGENT);
    for _ in 0..3 {
        assert_eq!(api.get(&path, Some(DEMO_TOKEN)).await.status, 200);
    }
    let r = api.get(&path, Some(DEMO_TOKEN)).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), Some("1"));
    // Made-up tokens (and none) share the client's window: they cannot
    // grow the table, nor get past the limit by changing the token.
    for i in 0..3 {
        let r = api.get(&path, Some(&format!("made_up_{i}"))).await;
        assert_eq!(r.status, 401);
    }
    assert_eq!(api.get(&path, Some("made_up_4")).await.status, 429);
    assert_eq!(api.get(&path, None).await.status, 429);
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(api.get(&path, Some(DEMO_TOKEN)).await.status, 200);
    assert_eq!(api.get(&path, None).await.status, 401);
}

#[tokio::test]
async fn the_rate_limit_defaults_and_zero() {
    assert_eq!(Config::default().rate_limit(), 100);
    let faults = Config {
        faults: true,
        ..Config::default()
    };
    assert_eq!(
        faults.rate_limit(),
        0,
        "a test server has none unless asked"
    );
    let asked = Config {
        faults: true,
        rate_limit: Some(7),
        ..Config::default()
    };
    assert_eq!(asked.rate_limit(), 7);
    // 0: no limit.
    let api = start(Config {
        rate_limit: Some(0),
        ..Config::default()
    })
    .await;
    for _ in 0..150 {
        assert_eq!(
            api.get(&trainings(DEMO_AGENT), Some(DEMO_TOKEN))
                .await
                .status,
            200
        );
    }
}

#[tokio::test]
async fn an_agent_with_too_many_trainings_refuses_new_ones_with_422() {
    let api = start(Config {
        max_trainings: 4,
        rate_limit: Some(0),
        ..Config::default()
    })
    .await;
    let path = trainings(EMPTY_AGENT);
    for i in 0..4 {
        let body = json!({"node_id": format!("n{i}"), "subject": "s", "instructions": "i"});
        assert_eq!(api.post(&path, Some(DEMO_TOKEN), body).await.status, 200);
    }
    let r = api.post(&path, Some(DEMO_TOKEN), training("fifth")).await;
    assert_eq!(r.status, 422, "{}", r.text);
    let message = "The agent has too many trainings: 4 at most. Delete one first.";
    assert_eq!(
        r.json(),
        json!({"success": false, "message": message, "errors": {"trainings": [message]}})
    );
    // Validation comes first.
    let r = api.post(&path, Some(DEMO_TOKEN), json!({})).await;
    assert!(r.json()["errors"]["subject"].is_array(), "{}", r.text);
    // An update by node_id is not a new training.
    let update = json!({"node_id": "n0", "subject": "changed", "instructions": "i"});
    assert_eq!(api.post(&path, Some(DEMO_TOKEN), update).await.status, 200);
    // After a delete there is room again.
    let id = api.list(EMPTY_AGENT).await[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        api.delete(&format!("{path}/{id}"), Some(DEMO_TOKEN))
            .await
            .status,
        200
    );
    assert_eq!(
        api.post(&path, Some(DEMO_TOKEN), training("again"))
            .await
            .status,
        200
    );
    assert_eq!(api.list(EMPTY_AGENT).await.len(), 4);
    assert_eq!(Config::default().max_trainings, 1000);
}

#[tokio::test]
async fn an_agent_over_its_text_budget_refuses_saves_that_grow_it() {
    let api = start(Config {
        max_agent_bytes: 1000,
        rate_limit: Some(0),
        ..Config::default()
    })
    .await;
    let path = trainings(EMPTY_AGENT);
    let save = |node: &str, n: usize| json!({"node_id": node, "subject": "s", "instructions": "i".repeat(n)});
    // "a" + "s" + 600 = 602 bytes; then 602 + 398 = 1000: exactly the budget.
    assert_eq!(
        api.post(&path, Some(DEMO_TOKEN), save("a", 600))
            .await
            .status,
        200
    );
    assert_eq!(
        api.post(&path, Some(DEMO_TOKEN), save("b", 396))
            .await
            .status,
        200
    );
    let r = api.post(&path, Some(DEMO_TOKEN), save("c", 1)).await;
    assert_eq!(r.status, 422, "{}", r.text);
    let message = "The agent's trainings are too large: 1000 bytes of text at most. Delete or shorten one first.";
    assert_eq!(
        r.json(),
        json!({"success": false, "message": message, "errors": {"trainings": [message]}})
    );
    // Growing one is refused, shrinking one is not; then there is room.
    assert_eq!(
        api.post(&path, Some(DEMO_TOKEN), save("a", 601))
            .await
            .status,
        422
    );
    assert_eq!(
        api.post(&path, Some(DEMO_TOKEN), save("a", 100))
            .await
            .status,
        200
    );
    assert_eq!(
        api.post(&path, Some(DEMO_TOKEN), save("c", 400))
            .await
            .status,
        200
    );
    assert_eq!(api.list(EMPTY_AGENT).await.len(), 3);
    // One training over the budget by itself.
    let r = api
        .post(&trainings(DEMO_AGENT), Some(DEMO_TOKEN), save("big", 2000))
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(Config::default().max_agent_bytes, 16 * 1024 * 1024);
}

#[tokio::test]
async fn the_request_log_keeps_64_kib_of_a_body_and_the_last_1000_requests() {
    let api = with_faults().await;
    let big = "é".repeat(50 * 1024); // 100 KiB of 2-byte characters
    let odd = format!("a{big}"); // one more byte: the 64 KiB cut may fall inside one
    let r = api
        .post(
            &trainings(DEMO_AGENT),
            Some(DEMO_TOKEN),
            json!({"subject": "s", "instructions": odd}),
        )
        .await;
    assert_eq!(r.status, 200);
    let rec = api.recorded().await;
    let body = rec[0]["body"].as_str().unwrap();
    assert_eq!(rec[0]["truncated"], true);
    assert!(rec[0]["body_bytes"].as_u64().unwrap() > 100 * 1024);
    assert!(body.len() <= 64 * 1024 + 3, "{}", body.len());
    assert!(body.len() >= 64 * 1024 - 3, "{}", body.len());
    assert!(body.starts_with("{\""));

    api.delete("/__test/requests", None).await;
    for i in 0..1005 {
        api.get(&format!("/r{i}"), None).await;
    }
    let rec = api.recorded().await;
    assert_eq!(rec.len(), 1000);
    assert_eq!(rec[0]["path"], "/r5");
    assert_eq!(rec[999]["path"], "/r1004");
    assert_eq!(rec[999]["truncated"], false);
    assert_eq!(local_api::RECORD_LIMIT, 1000);
}

/// A raw request to a `/__test` route with this `Host`.
fn control(method: &str, target: &str, host: &str, body: &str) -> String {
    let mut s = format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    if method == "POST" {
        s.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    s + "\r\n" + body
}

#[tokio::test]
async fn the_test_routes_answer_loopback_hosts_only() {
    let api = with_faults().await;
    let port = api.addr.port();
    let arm = r#"{"fault":"500"}"#;
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1.evil.example:{port}"),
        format!("localhost.:{port}"),
        format!("127.0.0.2:{port}"),
        format!("[::2]:{port}"),
        format!("localhost:{port}x"),
        String::new(),
    ] {
        for (method, target) in [
            ("POST", "/__test/fault"),
            ("GET", "/__test/fault"),
            ("GET", "/__test/faults"),
            ("POST", "/__test/release"),
            ("GET", "/__test/release"),
            ("DELETE", "/__test/requests"),
            ("GET", "/__test/requests"),
        ] {
            let answer = api.raw(&control(method, target, &host, arm)).await;
            assert_eq!(
                raw_status(&answer),
                421,
                "{method} {target} Host: {host:?}\n{answer}"
            );
            assert!(raw_json(&answer)["message"].is_string());
        }
    }
    // An absolute-form target names the host too.
    let answer = api
        .raw(&control(
            "POST",
            "http://evil.example/__test/fault",
            "127.0.0.1",
            arm,
        ))
        .await;
    assert_eq!(raw_status(&answer), 421, "{answer}");
    assert_eq!(api.armed().await, json!([]));

    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
        format!("[::1]:{port}"),
        "127.0.0.1".to_string(),
        "localhost".to_string(),
    ] {
        let answer = api.raw(&control("POST", "/__test/fault", &host, arm)).await;
        assert_eq!(raw_status(&answer), 200, "Host: {host}\n{answer}");
    }
    assert_eq!(api.armed().await.as_array().unwrap().len(), 6);
    assert!(local_api::routes::is_loopback_host("[::1]"));
    assert!(!local_api::routes::is_loopback_host("[::1"));
}

#[tokio::test]
async fn a_text_plain_post_to_the_test_routes_is_a_415() {
    let api = with_faults().await;
    // What a cross-site HTML form (enctype text/plain) or a no-cors fetch sends.
    let answer = api
        .raw(&raw_request(
            "POST",
            "/__test/fault",
            &["Content-Type: text/plain"],
            r#"{"fault":"500","times":100}"#,
        ))
        .await;
    assert_eq!(raw_status(&answer), 415, "{answer}");
    assert_eq!(api.armed().await, json!([]));
    let answer = api
        .raw(&raw_request(
            "POST",
            "/__test/release",
            &["Content-Type: text/plain"],
            "",
        ))
        .await;
    assert_eq!(raw_status(&answer), 415, "{answer}");
    let answer = api
        .raw(&raw_request(
            "POST",
            "/__test/fault",
            &["Content-Type: application/json"],
            r#"{"fault":"500"}"#,
        ))
        .await;
    assert_eq!(raw_status(&answer), 200, "{answer}");
}

#[tokio::test]
async fn a_state_file_that_cannot_be_saved_is_a_500_and_changes_nothing() {
    let dir = std::env::temp_dir().join(format!("local-api-nosave-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    // The temporary file's name is taken by a directory: the save fails,
    // whoever runs the test (root ignores a read-only directory).
    std::fs::create_dir(dir.join("state.tmp")).unwrap();
    let api = start(Config {
        state_file: Some(file.clone()),
        rate_limit: Some(0),
        ..Config::default()
    })
    .await;
    let r = api
        .post(&trainings(EMPTY_AGENT), Some(DEMO_TOKEN), training("lost"))
        .await;
    assert_eq!(r.status, 500, "{}", r.text);
    assert_eq!(r.json()["success"], false);
    assert!(r.json()["message"].as_str().unwrap().contains("state file"));
    // Undone in memory too, so that what is served is what is on disk.
    assert_eq!(api.list(EMPTY_AGENT).await.len(), 0);
    assert_eq!(api.agent_status(DEMO_AGENT).await, "published");
    let r = api
        .delete(
            &format!("{}/{SEEDED_FIRST}", trainings(DEMO_AGENT)),
            Some(DEMO_TOKEN),
        )
        .await;
    assert_eq!(r.status, 500);
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
    assert!(!file.exists());

    // Once it can be saved again, it is.
    std::fs::remove_dir(dir.join("state.tmp")).unwrap();
    let r = api
        .post(&trainings(EMPTY_AGENT), Some(DEMO_TOKEN), training("kept"))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let saved = local_api::store::Store::load(&file).unwrap().unwrap();
    assert_eq!(saved.agents[1].trainings.len(), 1);
    assert!(!dir.join("state.tmp").exists());
    drop(api);
    let _ = std::fs::remove_dir_all(&dir);
}
