//! Faults on demand, the request log, and CORS, over real HTTP.

use std::time::{Duration, Instant};

use crate::support::*;
use reqwest::Method;
use serde_json::{json, Value};

use local_api::faults::{Does, FAULTS};
use local_api::{Config, Cors};

const ORIGIN: &str = "http://127.0.0.1:5173";

fn body() -> Value {
    json!({"subject": "s", "instructions": "i"})
}

/// POSTs a valid training with `X-Talkover-Fault: header`.
async fn post_with_fault(api: &Api, header: &str) -> Reply {
    api.send(
        Method::POST,
        &trainings(DEMO_AGENT),
        Some(DEMO_TOKEN),
        Some(body()),
        &[("X-Talkover-Fault", header), ("Origin", ORIGIN)],
    )
    .await
}

/// POSTs a valid training, with whatever fault is armed.
async fn post_plain(api: &Api) -> Reply {
    api.send(
        Method::POST,
        &trainings(DEMO_AGENT),
        Some(DEMO_TOKEN),
        Some(body()),
        &[("Origin", ORIGIN)],
    )
    .await
}

/// What each answering fault of the table sends (status, content type,
/// exact body), and two statuses without a name of their own (any status is
/// a fault).
fn answering_faults() -> Vec<(String, u16, &'static str, String)> {
    let mut all: Vec<_> = FAULTS
        .iter()
        .filter_map(|f| match f.does {
            Does::Answer {
                status,
                content_type,
                body,
            } => Some((f.name.to_string(), status, content_type, body.to_string())),
            _ => None,
        })
        .collect();
    for code in [503u16, 418] {
        let body = json!({"success": false, "message": format!("Fault {code}")});
        all.push((code.to_string(), code, "application/json", body.to_string()));
    }
    all
}

fn check(reply: &Reply, fault: &str, status: u16, content_type: &str, body: &str) {
    assert_eq!(reply.status, status, "{fault}");
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with(content_type),
        "{fault}: {:?}",
        reply.header("content-type")
    );
    assert_eq!(reply.text, body, "{fault}");
    // The browser may read it.
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some(ORIGIN),
        "{fault}"
    );
}

#[tokio::test]
async fn each_fault_by_header_answers_as_documented_and_changes_nothing() {
    let api = with_faults().await;
    for (fault, status, content_type, body) in answering_faults() {
        let r = post_with_fault(&api, &fault).await;
        check(&r, &fault, status, content_type, &body);
    }
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
    assert_eq!(api.agent_status(DEMO_AGENT).await, "published");
    // Each was received once, and recorded.
    let posts = api
        .recorded()
        .await
        .into_iter()
        .filter(|r| r["method"] == "POST")
        .count();
    assert_eq!(posts, answering_faults().len());
}

#[tokio::test]
async fn each_fault_armed_answers_once_then_normal_service() {
    let api = with_faults().await;
    for (fault, status, content_type, body) in answering_faults() {
        api.arm(json!({"fault": fault})).await;
        let r = post_plain(&api).await;
        check(&r, &fault, status, content_type, &body);
    }
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
    let r = post_plain(&api).await;
    assert_eq!(r.status, 200);
    assert_eq!(api.list(DEMO_AGENT).await.len(), 4);
}

#[tokio::test]
async fn fault_429_and_its_retry_after() {
    let api = with_faults().await;
    let r = post_with_fault(&api, "429").await;
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), Some("30"));
    assert_eq!(
        r.header("access-control-expose-headers"),
        Some("Retry-After")
    );
    assert_eq!(r.json()["success"], false);

    let r = post_with_fault(&api, "429;retry_after=7").await;
    assert_eq!(r.header("retry-after"), Some("7"));

    api.arm(json!({"fault": "429", "retry_after": 12})).await;
    assert_eq!(post_plain(&api).await.header("retry-after"), Some("12"));
    api.arm(json!({"fault": "429", "retry_after": null})).await;
    let r = post_plain(&api).await;
    assert_eq!(r.status, 429);
    assert_eq!(r.header("retry-after"), None);
    api.arm(json!({"fault": "429"})).await;
    assert_eq!(post_plain(&api).await.header("retry-after"), Some("30"));
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
}

#[tokio::test]
async fn delay_answers_normally_later_and_delays_other_faults() {
    let api = with_faults().await;
    let t = Instant::now();
    let r = post_with_fault(&api, "delay;delay=300").await;
    assert!(t.elapsed() >= Duration::from_millis(300));
    assert_eq!(r.status, 200);
    assert_eq!(
        api.list(DEMO_AGENT).await.len(),
        4,
        "a delayed request is processed"
    );

    api.arm(json!({"fault": "delay", "delay_ms": 200})).await;
    let t = Instant::now();
    assert_eq!(post_plain(&api).await.status, 200);
    assert!(t.elapsed() >= Duration::from_millis(200));

    let t = Instant::now();
    let r = post_with_fault(&api, "500;delay=200").await;
    assert!(t.elapsed() >= Duration::from_millis(200));
    assert_eq!(r.status, 500);
    assert_eq!(api.list(DEMO_AGENT).await.len(), 5);
}

#[tokio::test]
async fn drop_closes_the_connection_without_an_answer() {
    let api = with_faults().await;
    let auth = format!("Authorization: Bearer {DEMO_TOKEN}");
    let b = body().to_string();
    let answer = api
        .raw(&raw_request(
            "POST",
            &trainings(DEMO_AGENT),
            &[
                &auth,
                "Content-Type: application/json",
                "X-Talkover-Fault: drop",
            ],
            &b,
        ))
        .await;
    assert_eq!(answer, "", "no byte at all");

    // Armed, through reqwest: an error, not a response.
    api.arm(json!({"fault": "drop", "times": 2, "method": "POST"}))
        .await;
    for _ in 0..2 {
        let res = api
            .client
            .post(api.url(&trainings(DEMO_AGENT)))
            .bearer_auth(DEMO_TOKEN)
            .json(&body())
            .send()
            .await;
        assert!(res.is_err(), "{res:?}");
    }
    // The GET did not match the armed POST fault, and state did not change.
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
    assert_eq!(post_plain(&api).await.status, 200);
    let posts = api
        .recorded()
        .await
        .into_iter()
        .filter(|r| r["method"] == "POST")
        .count();
    assert_eq!(posts, 4);
}

#[tokio::test]
async fn armed_faults_count_match_and_disarm() {
    let api = with_faults().await;
    api.arm(json!({"fault": "500", "times": 2, "path_contains": "/publish"}))
        .await;
    let shown = api.get("/__test/fault", None).await.json();
    assert_eq!(shown["armed"][0]["fault"], "500");
    assert_eq!(shown["armed"][0]["times"], 2);
    // A request elsewhere does not use it.
    assert_eq!(post_plain(&api).await.status, 200);
    let publish = format!("/api/v1/agents/{DEMO_AGENT}/publish");
    for _ in 0..2 {
        let r = api
            .send(Method::POST, &publish, Some(DEMO_TOKEN), None, &[])
            .await;
        assert_eq!(r.status, 500);
    }
    let r = api
        .send(Method::POST, &publish, Some(DEMO_TOKEN), None, &[])
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(api.armed().await, json!([]));

    // Disarm.
    api.arm(json!({"fault": "401", "times": 5})).await;
    let r = api.delete("/__test/fault", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(api.armed().await, json!([]));
    assert_eq!(post_plain(&api).await.status, 200);

    // Zero times is refused.
    let r = api
        .post("/__test/fault", None, json!({"fault": "500", "times": 0}))
        .await;
    assert_eq!(r.status, 400);
    // Unknown faults are refused.
    let r = api
        .post("/__test/fault", None, json!({"fault": "nope"}))
        .await;
    assert_eq!(r.status, 400);
    let r = post_with_fault(&api, "nope").await;
    assert_eq!(r.status, 400);
    // Control routes never consume a fault.
    api.arm(json!({"fault": "500"})).await;
    assert_eq!(api.get("/__test/requests", None).await.status, 200);
    assert_eq!(post_plain(&api).await.status, 500);
}

#[tokio::test]
async fn requests_are_recorded_as_received() {
    let api = with_faults().await;
    let auth = format!("Authorization: Bearer {DEMO_TOKEN}");
    api.raw(&raw_request(
        "GET",
        "/api/v1/agents/a%2Fb/trainings?x=%20y",
        &[&auth, "Origin: http://localhost:1"],
        "",
    ))
    .await;
    post_plain(&api).await;
    api.send(
        Method::OPTIONS,
        &trainings(DEMO_AGENT),
        None,
        None,
        &[
            ("Origin", ORIGIN),
            ("Access-Control-Request-Method", "POST"),
        ],
    )
    .await;
    api.get("/nowhere", None).await;
    let rec = api.recorded().await;
    assert_eq!(rec.len(), 4, "{rec:#?}");
    assert_eq!(rec[0]["method"], "GET");
    assert_eq!(rec[0]["path"], "/api/v1/agents/a%2Fb/trainings?x=%20y");
    assert_eq!(rec[0]["authorization"], format!("Bearer {DEMO_TOKEN}"));
    assert_eq!(rec[0]["origin"], "http://localhost:1");
    assert_eq!(rec[1]["method"], "POST");
    assert_eq!(rec[1]["path"], trainings(DEMO_AGENT));
    assert_eq!(rec[1]["content_type"], "application/json");
    assert_eq!(
        serde_json::from_str::<Value>(rec[1]["body"].as_str().unwrap()).unwrap(),
        body()
    );
    assert_eq!(rec[2]["method"], "OPTIONS");
    assert_eq!(rec[2]["authorization"], Value::Null);
    assert_eq!(rec[3]["path"], "/nowhere");

    let r = api.delete("/__test/requests", None).await;
    assert_eq!(r.status, 200);
    assert_eq!(api.recorded().await, Vec::<Value>::new());
}

#[tokio::test]
async fn without_faults_the_controls_do_not_exist() {
    let api = plain().await;
    for path in [
        "/__test/requests",
        "/__test/fault",
        "/__test/faults",
        "/__test/release",
        "/__test/panic",
    ] {
        assert_eq!(api.get(path, None).await.status, 404, "{path}");
    }
    let r = api
        .post("/__test/fault", None, json!({"fault": "500"}))
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(
        api.post("/__test/release", None, json!({})).await.status,
        404
    );
    let r = post_with_fault(&api, "500").await;
    assert_eq!(r.status, 200, "the header is ignored");
    let r = post_with_fault(&api, "drop").await;
    assert_eq!(r.status, 200);
    assert_eq!(api.list(DEMO_AGENT).await.len(), 5);
}

/// A refused origin: the preflight answers 204 without any CORS header, and
/// a real GET of the list gets no `Access-Control-Allow-Origin` either (its
/// reply is returned for further checks).
async fn assert_origin_refused(api: &Api, origin: &str) -> Reply {
    let r = preflight(api, origin).await;
    assert_eq!(r.status, 204, "{origin}");
    assert_eq!(r.header("access-control-allow-origin"), None, "{origin}");
    assert_eq!(r.header("access-control-allow-methods"), None, "{origin}");
    let r = list_from(api, origin, Some(DEMO_TOKEN)).await;
    assert_eq!(r.header("access-control-allow-origin"), None, "{origin}");
    r
}

/// `GET` of the demo agent's list from a page at `origin`, with `token` or none.
async fn list_from(api: &Api, origin: &str, token: Option<&str>) -> Reply {
    api.send(
        Method::GET,
        &trainings(DEMO_AGENT),
        token,
        None,
        &[("Origin", origin)],
    )
    .await
}

async fn preflight(api: &Api, origin: &str) -> Reply {
    api.send(
        Method::OPTIONS,
        &trainings(DEMO_AGENT),
        None,
        None,
        &[
            ("Origin", origin),
            ("Access-Control-Request-Method", "POST"),
            (
                "Access-Control-Request-Headers",
                "authorization,content-type",
            ),
        ],
    )
    .await
}

#[tokio::test]
async fn cors_allows_loopback_origins_by_default() {
    let api = plain().await;
    for origin in [
        "http://127.0.0.1:8080",
        "http://localhost:3000",
        "http://[::1]:1",
    ] {
        let r = preflight(&api, origin).await;
        assert_eq!(r.status, 204, "{origin}");
        assert_eq!(r.header("access-control-allow-origin"), Some(origin));
        let methods = r.header("access-control-allow-methods").unwrap();
        for m in ["GET", "POST", "DELETE", "OPTIONS"] {
            assert!(methods.contains(m), "{methods}");
        }
        let headers = r.header("access-control-allow-headers").unwrap();
        for h in ["authorization", "content-type", "accept"] {
            assert!(headers.contains(h), "{headers}");
        }
        assert!(!headers.contains("x-talkover-fault"), "only with --faults");
        let r = list_from(&api, origin, Some(DEMO_TOKEN)).await;
        assert_eq!(r.status, 200);
        assert_eq!(r.header("access-control-allow-origin"), Some(origin));
        assert_eq!(
            r.header("access-control-expose-headers"),
            Some("Retry-After")
        );
        // Errors too, so that the page can read them.
        let r = list_from(&api, origin, None).await;
        assert_eq!(r.status, 401);
        assert_eq!(r.header("access-control-allow-origin"), Some(origin));
    }
    for origin in [
        "https://evil.example",
        "http://127.0.0.1.evil.example:80",
        "http://localhost",
        "https://localhost:3000",
        "null",
    ] {
        assert_origin_refused(&api, origin).await;
    }
}

#[tokio::test]
async fn cors_allow_origin_list_and_no_cors() {
    let api = start(Config {
        cors: Cors::Origins(vec!["https://app.example.com".into()]),
        ..Config::default()
    })
    .await;
    let r = preflight(&api, "https://app.example.com").await;
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://app.example.com")
    );
    let r = preflight(&api, "http://localhost:3000").await;
    assert_eq!(r.header("access-control-allow-origin"), None);

    let api = start(Config {
        cors: Cors::Origins(vec!["*".into()]),
        ..Config::default()
    })
    .await;
    let r = preflight(&api, "https://anywhere.example").await;
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://anywhere.example")
    );

    let api = start(Config {
        cors: Cors::Off,
        faults: true,
        ..Config::default()
    })
    .await;
    let r = preflight(&api, "http://localhost:3000").await;
    assert_eq!(r.status, 204);
    let cors: Vec<_> = r
        .headers
        .keys()
        .filter(|k| k.as_str().starts_with("access-control-"))
        .collect();
    assert!(cors.is_empty(), "{cors:?}");
    let r = post_with_fault(&api, "500").await;
    assert_eq!(r.status, 500);
    assert_eq!(r.header("access-control-allow-origin"), None);
    let r = list_from(&api, ORIGIN, Some(DEMO_TOKEN)).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn with_faults_the_preflight_allows_the_fault_header() {
    let api = with_faults().await;
    let r = preflight(&api, ORIGIN).await;
    assert!(r
        .header("access-control-allow-headers")
        .unwrap()
        .contains("x-talkover-fault"));
    // A preflight never uses an armed fault.
    api.arm(json!({"fault": "500"})).await;
    assert_eq!(preflight(&api, ORIGIN).await.status, 204);
    assert_eq!(post_plain(&api).await.status, 500);
}

#[tokio::test]
async fn cors_preflight_from_a_loopback_page_and_an_exact_list() {
    let api = plain().await;
    let r = preflight(&api, "http://127.0.0.1:5555").await;
    assert_eq!(r.status, 204);
    assert_eq!(r.text, "");
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://127.0.0.1:5555")
    );
    assert_eq!(
        r.header("access-control-allow-methods"),
        Some("GET, POST, DELETE, OPTIONS")
    );
    assert_eq!(
        r.header("access-control-allow-headers"),
        Some("authorization, content-type, accept")
    );
    assert_eq!(r.header("access-control-max-age"), Some("600"));
    assert_eq!(r.header("vary"), Some("Origin"));
    let r = preflight(&api, "https://evil.example").await;
    assert_eq!(r.status, 204);
    assert_eq!(r.header("access-control-allow-origin"), None);
    // A preflight changes nothing and needs no token.
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);

    let api = start(Config {
        cors: Cors::Origins(vec!["https://a.example".into()]),
        ..Config::default()
    })
    .await;
    let r = preflight(&api, "https://a.example").await;
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://a.example")
    );
    for refused in [
        "https://a.example.com",
        "https://b.a.example",
        "http://a.example",
        "https://a.example:443",
        "https://a.example/",
        "http://127.0.0.1:5555",
    ] {
        let r = assert_origin_refused(&api, refused).await;
        assert_eq!(r.status, 200, "{refused}");
    }
    let r = list_from(&api, "https://a.example", Some(DEMO_TOKEN)).await;
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("https://a.example")
    );

    let api = start(Config {
        cors: Cors::Off,
        ..Config::default()
    })
    .await;
    let r = preflight(&api, "http://127.0.0.1:5555").await;
    assert_eq!(r.status, 204);
    assert!(
        !r.headers
            .keys()
            .any(|k| k.as_str().starts_with("access-control-")),
        "{:?}",
        r.headers
    );
}

#[tokio::test]
async fn method_and_path_filters_must_both_match() {
    let api = with_faults().await;
    let delete = format!("{}/{SEEDED_INACTIVE}", trainings(DEMO_AGENT));
    // Method only: DELETE calls fail, other methods pass.
    api.arm(json!({"fault": "500", "method": "delete"})).await;
    assert_eq!(post_plain(&api).await.status, 200);
    assert_eq!(api.list(DEMO_AGENT).await.len(), 4);
    let r = api.delete(&delete, Some(DEMO_TOKEN)).await;
    assert_eq!(r.status, 500);
    // The faulted DELETE deleted nothing, nor drafted the agent again.
    api.send(
        Method::POST,
        &format!("/api/v1/agents/{DEMO_AGENT}/publish"),
        Some(DEMO_TOKEN),
        None,
        &[],
    )
    .await;
    assert_eq!(api.list(DEMO_AGENT).await.len(), 4);
    assert_eq!(api.agent_status(DEMO_AGENT).await, "published");

    // Both: a POST to /unpublish, not a POST elsewhere nor a GET of it.
    api.arm(json!({"fault": "503", "method": "POST", "path_contains": "/unpublish", "times": 2}))
        .await;
    assert_eq!(post_plain(&api).await.status, 200);
    let unpublish = format!("/api/v1/agents/{DEMO_AGENT}/unpublish");
    let r = api
        .send(Method::GET, &unpublish, Some(DEMO_TOKEN), None, &[])
        .await;
    assert_eq!(r.status, 405, "a GET does not match");
    for _ in 0..2 {
        let r = api
            .send(Method::POST, &unpublish, Some(DEMO_TOKEN), None, &[])
            .await;
        assert_eq!(r.status, 503);
    }
    // The agent was drafted by the POST above, and the faulted unpublish calls
    // did not run: publish it, then the third unpublish runs.
    api.send(
        Method::POST,
        &format!("/api/v1/agents/{DEMO_AGENT}/publish"),
        Some(DEMO_TOKEN),
        None,
        &[],
    )
    .await;
    let r = api
        .send(Method::POST, &unpublish, Some(DEMO_TOKEN), None, &[])
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(api.agent_status(DEMO_AGENT).await, "draft");

    // path_contains sees the raw path and the query.
    api.arm(json!({"fault": "418", "path_contains": "?probe=1"}))
        .await;
    let r = api
        .get(
            &format!("{}?probe=1", trainings(DEMO_AGENT)),
            Some(DEMO_TOKEN),
        )
        .await;
    assert_eq!(r.status, 418);
    assert_eq!(r.json(), json!({"success": false, "message": "Fault 418"}));
    assert_eq!(api.armed().await, json!([]));
}

#[tokio::test]
async fn an_unknown_fault_is_a_400_and_changes_nothing() {
    let api = with_faults().await;
    let r = api
        .post("/__test/fault", None, json!({"fault": "explode"}))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.json(), json!({"message": "Unknown fault \"explode\""}));
    for bad in ["explode", "600", "99", ""] {
        let r = post_with_fault(&api, bad).await;
        assert_eq!(r.status, 400, "{bad:?}");
        assert_eq!(r.json()["success"], false);
    }
    assert_eq!(api.armed().await, json!([]));
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
    assert_eq!(api.agent_status(DEMO_AGENT).await, "published");
}

#[tokio::test]
async fn arming_reads_json_bodies_only_and_refuses_the_rest_in_json() {
    let api = with_faults().await;
    // Only a JSON content type: what a page on another origin can send
    // without a preflight (a form, `no-cors`) is refused with a 415.
    for content_type in [
        "application/x-www-form-urlencoded",
        "text/plain",
        "text/plain; charset=utf-8",
        "multipart/form-data; boundary=x",
    ] {
        let r = api
            .client
            .post(api.url("/__test/fault"))
            .header("Content-Type", content_type)
            .body(r#"{"fault": 418, "times": 2}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 415, "{content_type}");
        let j: Value = r.json().await.unwrap();
        assert!(j["message"].is_string(), "{content_type}: {j}");
    }
    let r = api
        .client
        .post(api.url("/__test/fault"))
        .body(r#"{"fault": 418}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415, "no content type");
    assert_eq!(api.armed().await, json!([]));
    // A number names a fault too; a charset is fine.
    let r = api
        .client
        .post(api.url("/__test/fault"))
        .header("Content-Type", "Application/JSON; charset=utf-8")
        .body(r#"{"fault": 418, "times": 2}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let armed: Value = r.json().await.unwrap();
    assert_eq!(armed["armed"]["fault"], "418");
    assert_eq!(armed["armed"]["times"], 2);
    assert_eq!(armed["armed"]["retry_after"], 30);
    assert_eq!(post_plain(&api).await.status, 418);
    assert_eq!(post_plain(&api).await.status, 418);
    assert_eq!(post_plain(&api).await.status, 200);

    for bad in [
        "",
        "nope",
        "[]",
        "{}",
        r#"{"fault": true}"#,
        r#"{"fault": "500", "times": -1}"#,
        r#"{"fault": "500", "delay_ms": "slow"}"#,
    ] {
        let r = api
            .client
            .post(api.url("/__test/fault"))
            .header("Content-Type", "application/json")
            .body(bad)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{bad}");
        let j: Value = r.json().await.unwrap();
        assert!(j["message"].is_string(), "{bad}: {j}");
    }
    assert_eq!(api.armed().await, json!([]));
}

/// A client that does not follow redirects.
fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn redirect_answers_307_with_a_location() {
    let api = with_faults().await;
    let port = api.addr.port();
    // Armed with the defaults: 307 to this server under its other loopback name.
    let r = api
        .post("/__test/fault", None, json!({"fault": "redirect"}))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()["armed"]["status"], 307);
    let default_location = format!("http://localhost:{port}/__redirected");
    assert_eq!(r.json()["armed"]["location"], default_location);
    let res = no_redirects()
        .post(api.url(&trainings(DEMO_AGENT)))
        .bearer_auth(DEMO_TOKEN)
        .header("Origin", ORIGIN)
        .json(&body())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 307);
    assert_eq!(res.headers()["location"], default_location.as_str());
    assert_eq!(res.headers()["access-control-allow-origin"], ORIGIN);
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3, "changes nothing");

    // A given location and status; from localhost the default is 127.0.0.1.
    api.arm(
        json!({"fault": "redirect", "location": "http://127.0.0.1:9/elsewhere", "status": 308}),
    )
    .await;
    let res = no_redirects()
        .post(api.url(&trainings(DEMO_AGENT)))
        .bearer_auth(DEMO_TOKEN)
        .json(&body())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 308);
    assert_eq!(res.headers()["location"], "http://127.0.0.1:9/elsewhere");
    let answer = api
        .raw(&raw_request(
            "POST",
            &trainings(DEMO_AGENT),
            &[
                &format!("Authorization: Bearer {DEMO_TOKEN}"),
                "X-Talkover-Fault: redirect",
            ],
            "",
        ))
        .await;
    // The raw request's Host is 127.0.0.1 without a port.
    assert_eq!(raw_status(&answer), 307, "{answer}");
    assert!(
        answer.contains("location: http://localhost/__redirected"),
        "{answer}"
    );
    let r = reqwest::Client::new()
        .post(format!("http://localhost:{port}/__test/fault"))
        .json(&json!({"fault": "redirect"}))
        .send()
        .await;
    if let Ok(r) = r {
        // When localhost resolves here (to 127.0.0.1 or ::1: the server is on 127.0.0.1).
        let j: Value = r.json().await.unwrap();
        assert_eq!(
            j["armed"]["location"],
            format!("http://127.0.0.1:{port}/__redirected")
        );
        api.delete("/__test/fault", None).await;
    }

    // A redirect followed lands on a route that does not exist, recorded.
    api.arm(
        json!({"fault": "redirect", "location": format!("http://127.0.0.1:{port}/__redirected")}),
    )
    .await;
    let r = api.get(&trainings(DEMO_AGENT), Some(DEMO_TOKEN)).await;
    assert_eq!(r.status, 404);
    let rec = api.recorded().await;
    assert_eq!(rec.last().unwrap()["path"], "/__redirected");

    for bad in [
        json!({"fault": "redirect", "status": 200}),
        json!({"fault": "redirect", "location": ""}),
        json!({"fault": "redirect", "location": "http://x/\n"}),
    ] {
        let r = api.post("/__test/fault", None, bad.clone()).await;
        assert_eq!(r.status, 400, "{bad}: {}", r.text);
    }
}

#[tokio::test]
async fn huge_body_sends_that_many_bytes_with_or_without_content_length() {
    let api = with_faults().await;
    let r = api
        .post("/__test/fault", None, json!({"fault": "huge-body"}))
        .await;
    assert_eq!(
        r.json()["armed"],
        json!({"fault": "huge-body", "delay_ms": 0, "times": 1, "path_contains": null, "method": null, "retry_after": 30, "status": 500, "bytes": 5242880, "chunked": false, "json": true})
    );
    let res = api
        .client
        .post(api.url(&trainings(DEMO_AGENT)))
        .bearer_auth(DEMO_TOKEN)
        .json(&body())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 500);
    assert_eq!(res.headers()["content-length"], "5242880");
    assert_eq!(res.headers()["content-type"], "application/json");
    let text = res.text().await.unwrap();
    assert_eq!(text.len(), 5 * 1024 * 1024);
    assert!(text.starts_with(r#"{"success":false,"message":"xxx"#));
    let j: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(j["success"], false);

    // Chunked, another status, plain text: by header.
    let answer = api
        .raw(&raw_request(
            "POST",
            &trainings(DEMO_AGENT),
            &[
                &format!("Authorization: Bearer {DEMO_TOKEN}"),
                "X-Talkover-Fault: huge-body;status=502;bytes=200000;chunked;json=false",
            ],
            "",
        ))
        .await;
    assert_eq!(raw_status(&answer), 502, "{}", &answer[..200]);
    let head = answer
        .split_once("\r\n\r\n")
        .unwrap()
        .0
        .to_ascii_lowercase();
    assert!(head.contains("transfer-encoding: chunked"), "{head}");
    assert!(!head.contains("content-length"), "{head}");
    assert!(head.contains("content-type: text/plain"), "{head}");
    let res = api
        .client
        .get(api.url(&trainings(DEMO_AGENT)))
        .bearer_auth(DEMO_TOKEN)
        .header("X-Talkover-Fault", "huge-body;bytes=200000;chunked")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("content-length").is_none());
    let bytes = res.bytes().await.unwrap();
    assert_eq!(bytes.len(), 200_000);
    // Too small for the JSON frame: plain x's, still that many bytes.
    let r = post_with_fault(&api, "huge-body;bytes=10").await;
    assert_eq!((r.status, r.text.as_str()), (500, "xxxxxxxxxx"));
    let r = post_with_fault(&api, "huge-body;bytes=0;status=200").await;
    assert_eq!((r.status, r.text.as_str()), (200, ""));
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);

    for bad in [
        json!({"fault": "huge-body", "bytes": 1073741825u64}),
        json!({"fault": "huge-body", "status": 99}),
    ] {
        let r = api.post("/__test/fault", None, bad.clone()).await;
        assert_eq!(r.status, 400, "{bad}: {}", r.text);
    }
    assert_eq!(
        post_with_fault(&api, "huge-body;status=700").await.status,
        400
    );
}

#[tokio::test]
async fn many_fields_is_a_422_with_that_many_errors() {
    let api = with_faults().await;
    api.arm(json!({"fault": "many-fields", "fields": 10000}))
        .await;
    let r = post_plain(&api).await;
    assert_eq!(r.status, 422);
    let j = r.json();
    let errors = j["errors"].as_object().unwrap();
    assert_eq!(errors.len(), 10000);
    assert_eq!(errors["field_1"], json!(["The field 1 field is required."]));
    assert_eq!(
        errors["field_10000"],
        json!(["The field 10000 field is required."])
    );
    assert_eq!(
        j["message"],
        "The field 1 field is required. (and 9999 more errors)"
    );
    assert_eq!(j["success"], false);

    let r = post_with_fault(&api, "many-fields").await;
    assert_eq!(r.json()["errors"].as_object().unwrap().len(), 1000);
    let r = post_with_fault(&api, "many-fields;fields=2").await;
    assert_eq!(
        r.json()["message"],
        "The field 1 field is required. (and 1 more error)"
    );
    let r = post_with_fault(&api, "many-fields;fields=1").await;
    assert_eq!(r.json()["message"], "The field 1 field is required.");
    assert_eq!(
        post_with_fault(&api, "many-fields;fields=0").await.status,
        400
    );
    let r = api
        .post(
            "/__test/fault",
            None,
            json!({"fault": "many-fields", "fields": 100001}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
}

#[tokio::test]
async fn the_table_is_listed_and_every_fault_in_it_can_be_armed() {
    let api = with_faults().await;
    let r = api.get("/__test/faults", None).await;
    assert_eq!(r.status, 200);
    let listed = r.json()["faults"].as_array().unwrap().clone();
    let names: Vec<&str> = listed.iter().map(|f| f["name"].as_str().unwrap()).collect();
    let table: Vec<&str> = FAULTS.iter().map(|f| f.name).collect();
    assert_eq!(names, table);
    let mut unique = names.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "a name twice: {names:?}");
    for (f, shown) in FAULTS.iter().zip(&listed) {
        assert_eq!(shown["status"], json!(f.status()), "{}", f.name);
        assert!(!shown["what"].as_str().unwrap().is_empty(), "{}", f.name);
        // Armed with its defaults, it is accepted and shown.
        let r = api
            .post("/__test/fault", None, json!({"fault": f.name}))
            .await;
        assert_eq!(r.status, 200, "{}: {}", f.name, r.text);
        assert_eq!(r.json()["armed"]["fault"], f.name);
        // A fault with a status of its own (redirect, huge-body) shows its
        // default when armed: the one listed.
        if let Some(own) = r.json()["armed"].get("status") {
            assert_eq!(*own, json!(f.status()), "{}", f.name);
        }
    }
    assert_eq!(api.armed().await.as_array().unwrap().len(), FAULTS.len());
}

#[tokio::test]
async fn the_readme_lists_every_fault_of_the_table() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let table = readme
        .split_once("| fault | answer |")
        .expect("README.md has the fault table")
        .1;
    let documented: Vec<&str> = table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| l.strip_prefix("| `")?.split_once("` |").map(|x| x.0))
        .collect();
    let names: Vec<&str> = FAULTS.iter().map(|f| f.name).collect();
    assert_eq!(
        documented, names,
        "README.md's fault table, in the table's order"
    );
}

/// Waits until `n` requests are held (`GET /__test/release`), at most 5 s.
async fn until_held(api: &Api, n: u64) {
    for _ in 0..500 {
        let r = api.get("/__test/release", None).await;
        if r.json()["held"] == n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("{n} requests were never held");
}

async fn release(api: &Api) -> Value {
    let r = api.post("/__test/release", None, json!({})).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.json()["released"].clone()
}

/// A POST of a training in a task of its own (a clone of the client).
fn post_in_background(api: &Api) -> tokio::task::JoinHandle<u16> {
    let client = api.client.clone();
    let url = api.url(&trainings(DEMO_AGENT));
    tokio::spawn(async move {
        let res = client
            .post(url)
            .bearer_auth(DEMO_TOKEN)
            .json(&body())
            .send()
            .await;
        res.expect("an answer").status().as_u16()
    })
}

#[tokio::test]
async fn a_held_request_answers_only_after_release() {
    let api = with_faults().await;
    api.arm(json!({"fault": "hold", "method": "POST"})).await;
    let post = post_in_background(&api);
    until_held(&api, 1).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!post.is_finished(), "answered while held");
    assert_eq!(
        api.list(DEMO_AGENT).await.len(),
        3,
        "not handled while held"
    );
    assert_eq!(release(&api).await, 1);
    let status = tokio::time::timeout(Duration::from_secs(5), post)
        .await
        .expect("answered once released");
    assert_eq!(status.unwrap(), 200);
    assert_eq!(api.list(DEMO_AGENT).await.len(), 4, "then handled normally");
    until_held(&api, 0).await;

    // Any fault can be held: then it answers as it says, by header too.
    let armed = api
        .post("/__test/fault", None, json!({"fault": "404", "hold": true}))
        .await;
    assert_eq!(armed.json()["armed"]["hold"], true);
    for fault in [None, Some("503;hold")] {
        let client = api.client.clone();
        let url = api.url(&trainings(DEMO_AGENT));
        let post = tokio::spawn(async move {
            let mut rb = client.post(url).bearer_auth(DEMO_TOKEN).json(&body());
            if let Some(f) = fault {
                rb = rb.header("X-Talkover-Fault", f);
            }
            rb.send().await.unwrap().status().as_u16()
        });
        until_held(&api, 1).await;
        tokio::time::sleep(Duration::from_millis(100)).await;
        assert!(!post.is_finished(), "{fault:?} answered while held");
        assert_eq!(release(&api).await, 1);
        assert_eq!(post.await.unwrap(), if fault.is_some() { 503 } else { 404 });
    }
    assert_eq!(
        api.list(DEMO_AGENT).await.len(),
        4,
        "faulted: nothing changed"
    );
}

#[tokio::test]
async fn a_release_with_nothing_held_is_harmless() {
    let api = with_faults().await;
    assert_eq!(release(&api).await, 0);
    assert_eq!(release(&api).await, 0);
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
    // It released nothing in advance: a request held afterwards still waits.
    let post_held = post_with_fault(&api, "hold");
    let post_held = tokio::time::timeout(Duration::from_millis(500), post_held).await;
    assert!(
        post_held.is_err(),
        "a hold after an empty release answered at once"
    );
    until_held(&api, 1).await;
    assert_eq!(release(&api).await, 1);
}

#[tokio::test]
async fn a_held_request_does_not_block_other_requests() {
    let api = with_faults().await;
    api.arm(json!({"fault": "hold", "method": "POST"})).await;
    let held = post_in_background(&api);
    until_held(&api, 1).await;
    let quick = async {
        assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
        assert_eq!(
            post_plain(&api).await.status,
            200,
            "the fault was used once"
        );
        assert_eq!(api.list(DEMO_AGENT).await.len(), 4);
    };
    tokio::time::timeout(Duration::from_secs(2), quick)
        .await
        .expect("other requests answer while one is held");
    assert!(!held.is_finished());
    assert_eq!(release(&api).await, 1);
    assert_eq!(held.await.unwrap(), 200);
    assert_eq!(api.list(DEMO_AGENT).await.len(), 5);
}

#[tokio::test]
async fn a_held_request_whose_client_has_gone_is_handled_once_released() {
    let api = with_faults().await;
    let auth = format!("Authorization: Bearer {DEMO_TOKEN}");
    let b = body().to_string();
    let request = raw_request(
        "POST",
        &trainings(DEMO_AGENT),
        &[
            &auth,
            "Content-Type: application/json",
            "X-Talkover-Fault: hold",
        ],
        &b,
    );
    let mut stream = tokio::net::TcpStream::connect(api.addr).await.unwrap();
    tokio::io::AsyncWriteExt::write_all(&mut stream, request.as_bytes())
        .await
        .unwrap();
    until_held(&api, 1).await;
    // The client goes away (a page reloaded while saving).
    drop(stream);
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(api.list(DEMO_AGENT).await.len(), 3);
    assert_eq!(release(&api).await, 1);
    for _ in 0..200 {
        if api.list(DEMO_AGENT).await.len() == 4 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the released request was never handled");
}
