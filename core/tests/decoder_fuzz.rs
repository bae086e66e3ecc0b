//! Property-based fuzzing of the response decoder: any status, any
//! `Retry-After`, any body bytes give an outcome, never a panic, and every
//! error has a non-empty message and title.
//!
//! `make test` runs it for `FUZZ_SECONDS` (60 by default); `make fuzz` longer.
//! It is `#[ignore]`d so that a plain `cargo test` stays fast.

use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use talkover_core::decode::{decode_agent, decode_delete, decode_error, decode_list, decode_save};
use talkover_core::ApiError;

const VALID: &str = r#"{"success":true,"message":"Agent training updated successfully","data":{"id":"t1","subject":"S","instructions":"I","current_status":"active","created_at":"2024-01-15T10:30:00Z","updated_at":"2024-01-15T12:00:00Z"}}"#;
const INVALID: &str = r#"{"success":false,"message":"The given data was invalid.","errors":{"subject":["The subject field is required."],"x":"y"}}"#;

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        Just(200u16),
        Just(201),
        Just(204),
        Just(401),
        Just(403),
        Just(404),
        Just(413),
        Just(422),
        Just(429),
        Just(500),
        Just(502),
        Just(504),
        any::<u16>(),
    ]
}

/// JSON values of arbitrary shape, with the keys the decoder looks for.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let key = prop_oneof![
            Just("success".to_string()),
            Just("message".to_string()),
            Just("data".to_string()),
            Just("errors".to_string()),
            Just("error".to_string()),
            Just("details".to_string()),
            Just("id".to_string()),
            Just("subject".to_string()),
            Just("current_status".to_string()),
            ".{0,8}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(key, inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..256),
        json_value().prop_map(|v| serde_json::to_vec(&v).unwrap()),
        // Valid bodies cut short or with a byte changed.
        (
            any::<prop::sample::Index>(),
            prop_oneof![Just(VALID), Just(INVALID)]
        )
            .prop_map(|(i, b)| b.as_bytes()[..i.index(b.len() + 1)].to_vec()),
        (
            any::<prop::sample::Index>(),
            any::<u8>(),
            prop_oneof![Just(VALID), Just(INVALID)]
        )
            .prop_map(|(i, byte, b)| {
                let mut v = b.as_bytes().to_vec();
                let at = i.index(v.len());
                v[at] = byte;
                v
            }),
        Just(b"<html><body><h1>502 Bad Gateway</h1></body></html>".to_vec()),
        Just(Vec::new()),
    ]
}

fn retry_after() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        any::<u64>().prop_map(|n| Some(n.to_string())),
        ".{0,30}".prop_map(Some),
    ]
}

fn check(e: &ApiError) -> Result<(), TestCaseError> {
    prop_assert!(!e.to_string().trim().is_empty(), "empty message for {e:?}");
    prop_assert!(!e.title().is_empty());
    Ok(())
}

#[test]
#[ignore = "time-bounded fuzzing: run by make test and make fuzz"]
fn decoder_never_panics_and_always_explains() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut runner = TestRunner::new(Config {
        cases: 2_000,
        failure_persistence: None,
        ..Config::default()
    });
    let executions = std::cell::Cell::new(0u64);
    let mut batches = 0;
    while Instant::now() < deadline {
        runner
            .run(
                &(status(), retry_after(), body()),
                |(status, retry, body)| {
                    executions.set(executions.get() + 1);
                    let retry = retry.as_deref();
                    if let Err(e) = decode_save(status, retry, &body) {
                        check(&e)?;
                    }
                    if let Err(e) = decode_list(status, retry, &body) {
                        check(&e)?;
                    }
                    if let Err(e) = decode_agent(status, retry, &body) {
                        check(&e)?;
                    }
                    if let Err(e) = decode_delete(status, retry, &body) {
                        check(&e)?;
                    }
                    check(&decode_error(status, retry, &body))?;
                    // A success is only ever decoded from a 2xx.
                    if decode_save(status, retry, &body).is_ok() {
                        prop_assert!((200..300).contains(&status));
                    }
                    Ok(())
                },
            )
            .unwrap();
        batches += 1;
        // Each batch starts from a fresh seed.
        runner = TestRunner::new(Config {
            cases: 2_000,
            failure_persistence: None,
            ..Config::default()
        });
    }
    let executions = executions.get();
    println!(
        "decoder fuzz: {executions} executions in {batches} batches over {seconds} s, 0 findings"
    );
    assert!(executions > 0);
}
