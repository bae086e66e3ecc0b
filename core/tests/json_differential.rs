//! The core's JSON reader against serde_json, and the decoders against the
//! serde_json decoders they replaced.
//!
//! 1. `Json::parse` accepts exactly what `serde_json::from_slice::<Value>`
//!    accepts, and reads the same values (numbers by kind only: the core
//!    keeps no number's value), on hand-picked edge cases and on random
//!    input: random bytes, JSON with bytes changed, and generated documents
//!    full of escapes, surrogates, big numbers, deep nesting, duplicate keys.
//! 2. `decode_save/list/agent/delete/error` give exactly what the serde
//!    decoders gave (kept below as the reference, `old`), on the same input.
//! 3. Drafts and node memories written by the serde build load, and the
//!    core writes them byte for byte as serde_json did.
//!
//! `cargo test` runs a fixed number of cases; `make test` and `make fuzz`
//! run it for `FUZZ_SECONDS` too (the `#[ignore]`d test at the end).

use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;
use talkover_core::decode::{decode_agent, decode_delete, decode_error, decode_list, decode_save};
use talkover_core::form::NodeMemory;
use talkover_core::json::Json;
use talkover_core::{FormValues, TrainingRequest};

/// serde_json's value in the core's shape.
fn from_serde(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(*b),
        Value::Number(_) => Json::Number,
        Value::String(s) => Json::String(s.clone()),
        Value::Array(a) => Json::Array(a.iter().map(from_serde).collect()),
        Value::Object(m) => {
            Json::Object(m.iter().map(|(k, v)| (k.clone(), from_serde(v))).collect())
        }
    }
}

fn same_as_serde(bytes: &[u8]) -> Result<(), String> {
    let theirs = serde_json::from_slice::<Value>(bytes).ok();
    let ours = Json::parse(bytes);
    if theirs.as_ref().map(from_serde) == ours {
        Ok(())
    } else {
        Err(format!(
            "{:?}: serde_json {}, core {}",
            String::from_utf8_lossy(bytes),
            theirs.map_or("refuses".to_string(), |v| format!("reads {v}")),
            ours.map_or("refuses".to_string(), |v| format!("reads {v:?}")),
        ))
    }
}

#[test]
fn edge_cases_read_as_serde_json_reads_them() {
    let mut cases: Vec<Vec<u8>> = [
        "", " ", "null", " true ", "false", "nul", "nulll", "True", "\"\"", "\"a", "a\"",
        "0", "-0", "00", "-", "--1", "+1", "01", "1.", ".1", "1.0", "1e", "1e+", "1e-", "1E5",
        "1e+5", "1.5e-5", "-1.5E+5", "0.0e0", "1 2", "[1 2]", "[1,]", "[,1]", "[", "]", "[]",
        "[[]]", "{}", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{,}", "{\"a\" : 1 , \"b\":[]}",
        "{a:1}", "{'a':1}", "{\"a\":1 \"b\":2}", "{1:1}", "{\"a\":1}x", "{\"a\":1}}", "[1]]",
        "\u{feff}{}", "{}\u{feff}", "\u{a0}{}", "\u{b}{}", "\u{c}{}", "{}\n\r\t ", "NaN",
        "Infinity", "-Infinity", "1e309", "-1e309", "1e308", "1.7976931348623157e308",
        "1.7976931348623158e308", "1.7976931348623159e308", "1.797693134862315807e308",
        "1.797693134862315808e308", "17976931348623157e292", "17976931348623159e292",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791",
        "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792",
        "18446744073709551615", "18446744073709551616", "-9223372036854775808",
        "-9223372036854775809", "18446744073709551619.5", "1844674407370955161.95e290",
        "1e2147483647", "1e2147483648", "0e2147483648", "1e-2147483648", "1e-2147483649",
        "-1e2147483648", "0.000000000000000000000000000001e2147483647", "1e-400", "4.9e-324",
        "\"\\u0000\"", "\"\\u001f\"", "\"\\u00e9\"", "\"\\u00E9\"", "\"\\uD83D\\uDE00\"",
        "\"\\ud83d\\ude00\"", "\"\\ud83d\"", "\"\\ude00\"", "\"\\ud83d\\u0041\"", "\"\\ud83d\\ud83d\"",
        "\"\\ud83d\\\"\"", "\"\\ud83dx\"", "\"\\ud83d\\n\"", "\"\\u12\"", "\"\\u12g4\"", "\"\\x41\"",
        "\"\\'\"", "\"\\/\\b\\f\\n\\r\\t\\\\\\\"\"", "\"\t\"", "\"\n\"", "\"\u{7f}\"", "\"é😀\"",
        "{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":{\"x\":1},\"a\":[2]}", "{\"\":1,\"\":\"\"}",
        "{\"b\":1,\"a\":2,\"b\":3,\"c\":4,\"a\":5}",
        "{\"success\":false,\"message\":\"x\",\"errors\":{\"subject\":[\"a\"],\"subject\":\"b\"}}",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    // Invalid UTF-8 inside and outside strings.
    for bad in [
        &b"\"\xff\""[..],
        b"\"\xc3\"",
        b"\"\xc3\x28\"",
        b"\"\xe2\x82\"",
        b"\"\xed\xa0\x80\"",
        b"\"\xf4\x90\x80\x80\"",
        b"\"\xc0\xaf\"",
        b"\"\x80\"",
        b"\xff",
        b"[\"a\"\xff]",
        b"\"\xc3\\u00a9\"",
        b"\"\xc3\xa9\"",
        b"\"\xf0\x9f\x98\x80\"",
        b"\xef\xbb\xbf\"\"",
    ] {
        cases.push(bad.to_vec());
    }
    // Nesting around serde_json's limit.
    for depth in [126, 127, 128, 129, 1000] {
        cases.push(format!("{}{}", "[".repeat(depth), "]".repeat(depth)).into_bytes());
        cases.push(
            format!(
                "{}1{}",
                "{\"a\":[".repeat(depth / 2),
                "]}".repeat(depth / 2)
            )
            .into_bytes(),
        );
    }
    // Long runs of digits in every part of a number.
    for n in [17, 18, 19, 20, 21, 40, 300, 308, 309, 310, 400] {
        let digits = "9".repeat(n);
        let ones = format!("1{}", "0".repeat(n));
        for s in [
            digits.clone(),
            ones.clone(),
            format!("0.{digits}"),
            format!("{digits}.{digits}"),
            format!("{digits}e-{n}"),
            format!("0.{digits}e{n}"),
            format!("{ones}e-{n}"),
            format!("-{ones}"),
            format!("1e{n}"),
            format!("0.{}1e{}", "0".repeat(n), 2 * n),
        ] {
            cases.push(s.into_bytes());
        }
    }
    let mut failures = Vec::new();
    for case in &cases {
        if let Err(e) = same_as_serde(case) {
            failures.push(e);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {}:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Numbers at the edge of `f64`'s range, where serde_json's reduction (not
/// a correctly rounded parse) decides.
fn number() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        "(0|[1-9][0-9]{0,24})",
        prop::option::of("[0-9]{1,24}"),
        prop::option::of((
            prop_oneof![Just("e"), Just("E"), Just("e+"), Just("e-")],
            260i32..330,
        )),
    )
        .prop_map(|(neg, int, frac, exp)| {
            let mut s = String::new();
            if neg {
                s.push('-');
            }
            s.push_str(&int);
            if let Some(f) = frac {
                s.push('.');
                s.push_str(&f);
            }
            if let Some((e, n)) = exp {
                s.push_str(e);
                s.push_str(&n.to_string());
            }
            s
        })
}

/// Strings as JSON text, with escapes of every kind, lone and paired
/// surrogates, raw control characters and non-ASCII.
fn string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => "[a-z ]{1,4}",
        2 => Just("é😀界\u{2028}".to_string()),
        3 => prop::sample::select(vec![
            "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t", "\\u0000", "\\u001F", "\\u00e9",
            "\\uD83D\\uDE00", "\\uDBFF\\uDFFF", "\u{7f}",
        ])
        .prop_map(str::to_string),
        1 => prop::sample::select(vec![
            "\\ud800", "\\udfff", "\\ud800\\ud800", "\\ud800\\u0041", "\\u", "\\uZZZZ", "\\a", "\t", "\u{1}",
        ])
        .prop_map(str::to_string),
        1 => (0xD700u32..0xE100).prop_map(|n| format!("\\u{n:04x}")),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|p| format!("\"{}\"", p.concat()))
}

/// JSON text (mostly valid) of any shape, with repeated keys and whitespace.
fn document() -> impl Strategy<Value = String> {
    // Whitespace, now and then one JSON does not allow.
    let ws = prop_oneof![
        40 => prop::sample::select(vec!["", "", " ", "\n", "\t", "\r\n  "]),
        1 => prop::sample::select(vec!["\u{a0}", "\u{b}", "\u{c}", "\u{feff}"]),
    ];
    let leaf = prop_oneof![
        Just("null".to_string()),
        Just("true".to_string()),
        Just("false".to_string()),
        number(),
        string(),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        let key = prop_oneof![
            prop::sample::select(vec!["\"a\"", "\"b\"", "\"message\"", "\"errors\"", "\"\""])
                .prop_map(str::to_string),
            string(),
        ];
        prop_oneof![
            (
                prop::collection::vec((ws.clone(), inner.clone()), 0..5),
                ws.clone()
            )
                .prop_map(|(items, w)| {
                    let items: Vec<String> = items
                        .into_iter()
                        .map(|(w, v)| format!("{w}{v}{w}"))
                        .collect();
                    format!("[{w}{}]", items.join(","))
                }),
            (
                prop::collection::vec((key, ws.clone(), inner), 0..5),
                ws.clone()
            )
                .prop_map(|(members, w)| {
                    let members: Vec<String> = members
                        .into_iter()
                        .map(|(k, w, v)| format!("{w}{k}{w}:{v}"))
                        .collect();
                    format!("{{{w}{}}}", members.join(","))
                }),
        ]
    })
}

/// Bytes for the reader: generated documents, some changed or cut, and
/// random bytes over JSON's alphabet.
fn input() -> impl Strategy<Value = Vec<u8>> {
    let alphabet: Vec<u8> = b"{}[]\":,.-+0123456789eE \t\n\rtrufalsn\\u/bfDd8c\x00\x1f\x7f\xc3\xa9\xed\xa0\x80\xef\xbb\xbf\xff"
        .to_vec();
    prop_oneof![
        4 => document().prop_map(String::into_bytes),
        2 => (document(), any::<prop::sample::Index>(), any::<u8>(), 0..3u8).prop_map(|(d, at, byte, how)| {
            let mut b = d.into_bytes();
            let i = at.index(b.len() + 1);
            match how {
                0 => b.insert(i, byte),
                1 if i < b.len() => {
                    b.remove(i);
                }
                _ => b.truncate(i),
            }
            b
        }),
        1 => prop::collection::vec(prop::sample::select(alphabet), 0..40),
        1 => prop::collection::vec(any::<u8>(), 0..40),
        1 => number().prop_map(String::into_bytes),
    ]
}

fn run(cases: u32, deadline: Option<Instant>) -> u64 {
    let mut runs = 0;
    loop {
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        });
        runner
            .run(&input(), |bytes| {
                same_as_serde(&bytes).map_err(TestCaseError::fail)?;
                same_decoding(&bytes).map_err(TestCaseError::fail)?;
                Ok(())
            })
            .unwrap();
        runs += u64::from(cases);
        if deadline.is_none_or(|d| Instant::now() >= d) {
            return runs;
        }
    }
}

#[test]
fn random_input_reads_and_decodes_as_with_serde_json() {
    run(1_000, None);
}

#[test]
#[ignore = "time-bounded: run by make test and make fuzz"]
fn random_input_reads_and_decodes_as_with_serde_json_for_fuzz_seconds() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let runs = run(2_000, Some(Instant::now() + Duration::from_secs(seconds)));
    println!("json differential: {runs} inputs over {seconds} s, 0 differences");
}

/// The decoders with the statuses that reach each path agree with `old`.
fn same_decoding(body: &[u8]) -> Result<(), String> {
    let show = || String::from_utf8_lossy(body).into_owned();
    for status in [200, 201, 204, 401, 403, 404, 422, 429, 500, 502] {
        let retry = Some("30");
        if decode_save(status, retry, body) != old::decode_save(status, retry, body) {
            return Err(format!("decode_save {status} {:?}", show()));
        }
        if decode_list(status, retry, body) != old::decode_list(status, retry, body) {
            return Err(format!("decode_list {status} {:?}", show()));
        }
        if decode_agent(status, retry, body) != old::decode_agent(status, retry, body) {
            return Err(format!("decode_agent {status} {:?}", show()));
        }
        if decode_delete(status, retry, body) != old::decode_delete(status, retry, body) {
            return Err(format!("decode_delete {status} {:?}", show()));
        }
        if decode_error(status, retry, body) != old::decode_error(status, retry, body) {
            return Err(format!("decode_error {status} {:?}", show()));
        }
    }
    Ok(())
}

/// Bodies the decoders read, as servers send them and in the odd shapes
/// serde's derive also read (a struct as an array, a status as a map).
#[test]
fn response_shapes_decode_as_with_serde_json() {
    let training = r#"{"id":"t1","subject":"S","instructions":"I","current_status":"active","created_at":"c","updated_at":"u"}"#;
    let with_node = r#"{"id":"t1","subject":"S","instructions":"I","current_status":"inactive","created_at":"c","updated_at":"u","node_id":"n"}"#;
    let trainings = [
        training.to_string(),
        with_node.to_string(),
        training.replace("\"u\"}", "\"u\",\"node_id\":null}"),
        training.replace("\"u\"}", "\"u\",\"node_id\":7}"),
        training.replace("\"active\"", "\"Active\""),
        training.replace("\"active\"", "{\"active\":null}"),
        training.replace("\"active\"", "{\"inactive\":null,\"active\":null}"),
        training.replace("\"active\"", "{\"active\":1}"),
        training.replace("\"active\"", "[\"active\"]"),
        training.replace("\"I\"", "null"),
        training.replace("\"id\":\"t1\",", ""),
        training.replace("\"id\":\"t1\"", "\"id\":\"t1\",\"id\":\"t2\""),
        training.replace("\"id\":\"t1\"", "\"id\":1,\"id\":\"t2\""),
        training.replace("\"id\":\"t1\"", "\"id\":\"t2\",\"id\":1"),
        r#"["t1","S","I","active","c","u"]"#.to_string(),
        r#"["t1","S","I","active","c","u","n"]"#.to_string(),
        r#"["t1","S","I","active","c","u",null]"#.to_string(),
        r#"["t1","S","I","active","c","u","n","x"]"#.to_string(),
        r#"["t1","S","I","active","c"]"#.to_string(),
        "[]".to_string(),
        "null".to_string(),
        "\"t1\"".to_string(),
    ];
    let agents = [
        r#"{"id":"a","name":"N","current_status":"draft","is_ready_to_publish":true}"#,
        r#"{"id":"a","current_status":"published"}"#,
        r#"{"id":"a","name":null,"current_status":"draft"}"#,
        r#"{"id":"a","current_status":"draft","is_ready_to_publish":null}"#,
        r#"{"id":"a","current_status":"draft","is_ready_to_publish":"yes"}"#,
        r#"{"id":"a","name":"N"}"#,
        r#"["a","N","draft"]"#,
        r#"["a","N","draft",true]"#,
        r#"["a","N","draft",true,1]"#,
        r#"["a","N"]"#,
        r#"["a"]"#,
    ];
    let mut bodies = Vec::new();
    for data in trainings.iter().map(String::as_str).chain(agents) {
        for wrap in [
            format!(r#"{{"success":true,"message":"ok","data":{data}}}"#),
            format!(r#"{{"success":true,"data":[{data}]}}"#),
            format!(r#"{{"success":true,"data":[{data},{training}]}}"#),
            format!(r#"{{"data":{data},"success":false,"message":"no"}}"#),
            format!("[{data}]"),
            format!("[{data},1]"),
            format!(r#"{{"data":null,"data":{data}}}"#),
            format!(r#"{{"data":{data},"data":null}}"#),
        ] {
            bodies.push(wrap);
        }
    }
    for extra in [
        r#"{"success":true,"data":{}}"#,
        r#"{"success":true,"data":[]}"#,
        r#"{"success":true}"#,
        r#"{"success":"false","data":[]}"#,
        r#"{"success":false}"#,
        r#"{"success":false,"error":{"message":"E","details":{"subject":["a"],"x":"b"}}}"#,
        r#"{"success":false,"error":"flat"}"#,
        r#"{"errors":{"zeta":["z"],"subject":["s"],"alpha":["a"],"token":"t","agent_id":[1,"id"]}}"#,
        r#"{"errors":{"b":["1"],"a":["2"],"b":["3"]},"message":"m"}"#,
        r#"{"errors":null,"error":{"details":{"subject":["s"]}},"message":"m"}"#,
        r#"{"errors":[],"message":"m"}"#,
        r#"{"errors":{"subject":[]},"message":"  "}"#,
        r#"{"message":"a\u0000b\u001fc\u007fd"}"#,
        r#"[]"#,
        "",
        "  ",
        "<html></html>",
        "\u{feff}{\"message\":\"bom\"}",
        "{\"message\":\"x\"} trailing",
        "{\"message\":\"\\ud800\"}",
        "{\"message\":\"ok\",\"n\":1e400}",
    ] {
        bodies.push(extra.to_string());
    }
    for body in &bodies {
        same_decoding(body.as_bytes()).unwrap();
    }
}

/// Drafts and node memories are written by the serde build's derive: they
/// must load, and be written again byte for byte the same.
#[test]
fn drafts_written_by_the_serde_build_load() {
    #[derive(serde::Serialize)]
    struct OldDraft<'a> {
        agent_id: &'a str,
        node_id: &'a str,
        subject: &'a str,
        instructions: &'a str,
        current_status: &'a str,
    }
    let mut runner = TestRunner::new(Config {
        cases: 2_000,
        failure_persistence: None,
        ..Config::default()
    });
    let field = || prop_oneof!["\\PC{0,12}", ".{0,12}", "[\u{0}-\u{20}\"\\\\/]{0,6}"];
    runner
        .run(
            &(field(), field(), field(), field(), field()),
            |(a, n, s, i, c)| {
                let old = serde_json::to_string(&OldDraft {
                    agent_id: &a,
                    node_id: &n,
                    subject: &s,
                    instructions: &i,
                    current_status: &c,
                })
                .unwrap();
                let values = FormValues {
                    agent_id: a,
                    node_id: n,
                    subject: s,
                    instructions: i,
                    current_status: c,
                };
                prop_assert_eq!(FormValues::from_draft(&old), Some(values.clone()));
                prop_assert_eq!(values.to_draft(), old);
                let mut memory = NodeMemory::default();
                memory.remember(&values.agent_id, &values.subject);
                memory.remember(&values.node_id, &values.instructions);
                let old_memory = serde_json::to_string(
                    &memory
                        .pairs()
                        .iter()
                        .cloned()
                        .collect::<std::collections::BTreeMap<_, _>>(),
                )
                .unwrap();
                prop_assert_eq!(NodeMemory::from_json(Some(&old_memory)), memory.clone());
                prop_assert_eq!(memory.to_json(), old_memory);
                Ok(())
            },
        )
        .unwrap();
    // A draft of an older build, with a field since gone and one missing.
    assert_eq!(
        FormValues::from_draft(
            r#"{"agent_id":"a","subject":"S","token":"x","extra":[1,{"b":null}]}"#
        ),
        Some(FormValues {
            agent_id: "a".into(),
            subject: "S".into(),
            ..FormValues::default()
        })
    );
    for unreadable in [
        "",
        "{",
        "[]x",
        "null",
        "\"\"",
        r#"{"subject":null}"#,
        r#"{"subject":1}"#,
    ] {
        assert_eq!(FormValues::from_draft(unreadable), None, "{unreadable}");
    }
    assert_eq!(
        NodeMemory::from_json(Some(r#"{"t":1}"#)),
        NodeMemory::default()
    );
    assert_eq!(
        NodeMemory::from_json(Some(r#"{"t":"a","t":"b"}"#)).node_of("t"),
        Some("b")
    );
}

/// Request bodies are written as serde_json wrote them.
#[test]
fn request_bodies_as_serde_json_wrote_them() {
    #[derive(serde::Serialize)]
    struct Old<'a> {
        #[serde(skip_serializing_if = "Option::is_none")]
        node_id: Option<&'a str>,
        subject: &'a str,
        instructions: &'a str,
        current_status: &'a str,
    }
    let mut runner = TestRunner::new(Config {
        cases: 1_000,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(
            &(
                prop::option::of("\\PC{0,8}"),
                ".{0,16}",
                "[\u{0}-\u{7f}]{0,16}",
                any::<bool>(),
            ),
            |(node, s, i, active)| {
                let req = TrainingRequest {
                    node_id: node.clone(),
                    subject: s.clone(),
                    instructions: i.clone(),
                    current_status: if active {
                        talkover_core::Status::Active
                    } else {
                        talkover_core::Status::Inactive
                    },
                };
                let old = serde_json::to_string(&Old {
                    node_id: node.as_deref(),
                    subject: &s,
                    instructions: &i,
                    current_status: req.current_status.as_str(),
                })
                .unwrap();
                prop_assert_eq!(req.to_json(), old);
                Ok(())
            },
        )
        .unwrap();
}

/// The serde_json decoders as they were before `core::json` (decode.rs at
/// 6441903), the reference the new ones must match. Only the parts that
/// read JSON are here; the rest is shared with the core.
mod old {
    use serde::Deserialize;
    use serde_json::Value;
    use talkover_core::decode::{
        parse_retry_after, ApiError, MAX_ERROR_FIELDS, MAX_FIELD_MESSAGES,
    };
    use talkover_core::{Agent, FieldErrors, Status, Training};

    #[derive(Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum OldStatus {
        Active,
        Inactive,
    }

    #[derive(Deserialize)]
    struct OldTraining {
        id: String,
        subject: String,
        instructions: String,
        current_status: OldStatus,
        created_at: String,
        updated_at: String,
        #[serde(default)]
        node_id: Option<String>,
    }

    impl From<OldTraining> for Training {
        fn from(t: OldTraining) -> Training {
            Training {
                id: t.id,
                subject: t.subject,
                instructions: t.instructions,
                current_status: match t.current_status {
                    OldStatus::Active => Status::Active,
                    OldStatus::Inactive => Status::Inactive,
                },
                created_at: t.created_at,
                updated_at: t.updated_at,
                node_id: t.node_id,
            }
        }
    }

    #[derive(Deserialize)]
    struct OldAgent {
        id: String,
        #[serde(default)]
        name: String,
        current_status: String,
        #[serde(default)]
        is_ready_to_publish: bool,
    }

    #[derive(Deserialize)]
    struct Envelope<T> {
        data: T,
    }

    fn clean_message(s: &str) -> Option<String> {
        let t: String = s
            .chars()
            .filter(|c| !c.is_control())
            .collect::<String>()
            .trim()
            .to_string();
        if t.is_empty() {
            return None;
        }
        if t.chars().count() > 300 {
            let cut: String = t.chars().take(300).collect();
            return Some(format!("{cut}…"));
        }
        Some(t)
    }

    fn body_message(body: &Value) -> Option<String> {
        body.get("message")
            .and_then(Value::as_str)
            .and_then(clean_message)
            .or_else(|| {
                body.get("error")
                    .and_then(|e| e.get("message"))
                    .and_then(Value::as_str)
                    .and_then(clean_message)
            })
            .or_else(|| {
                body.get("error")
                    .and_then(Value::as_str)
                    .and_then(clean_message)
            })
    }

    fn body_field_errors(body: &Value) -> Option<FieldErrors> {
        let map = body
            .get("errors")
            .or_else(|| body.get("error").and_then(|e| e.get("details")))?
            .as_object()?;
        let mut errors = FieldErrors::new();
        let known = |name: &str| talkover_core::Field::from_api_name(name).is_some();
        let ordered = talkover_core::Field::ALL
            .iter()
            .filter_map(|f| map.get_key_value(f.api_name()))
            .chain(map.iter().filter(|(name, _)| !known(name)));
        for (field, msgs) in ordered {
            let list: Vec<&str> = match msgs {
                Value::String(s) => vec![s.as_str()],
                Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                _ => vec![],
            };
            let room = if errors.iter().count() < MAX_ERROR_FIELDS {
                MAX_FIELD_MESSAGES
            } else {
                0
            };
            let kept: Vec<String> = list
                .iter()
                .filter_map(|m| clean_message(m))
                .take(room)
                .collect();
            errors.hide(list.len() - kept.len());
            for m in kept {
                errors.push(field, m);
            }
        }
        (!errors.is_empty()).then_some(errors)
    }

    fn describe_body(body: &[u8]) -> String {
        let text = String::from_utf8_lossy(body);
        let t = text.trim_start();
        if t.is_empty() {
            "the body was empty".to_string()
        } else if t.starts_with('<') {
            "it sent an HTML page".to_string()
        } else {
            "the body was not valid JSON".to_string()
        }
    }

    pub fn decode_error(status: u16, retry_after: Option<&str>, body: &[u8]) -> ApiError {
        let json: Option<Value> = serde_json::from_slice(body).ok();
        let message = json.as_ref().and_then(body_message);
        let fallback = |text: &str| message.clone().unwrap_or_else(|| text.to_string());
        match status {
            401 => ApiError::Unauthenticated {
                message: fallback("Unauthenticated."),
            },
            403 => ApiError::Forbidden {
                message: fallback("Forbidden."),
            },
            404 => ApiError::NotFound {
                message: fallback("Not found."),
            },
            429 => ApiError::RateLimited {
                retry_after_secs: parse_retry_after(retry_after),
            },
            422 => match json.as_ref().and_then(body_field_errors) {
                Some(errors) => ApiError::Invalid(errors),
                None => match message {
                    Some(message) => ApiError::Rejected { status, message },
                    None => ApiError::BadResponse {
                        status,
                        detail: describe_body(body),
                    },
                },
            },
            _ => match (json.is_some(), message) {
                (_, Some(message)) if status >= 500 => ApiError::Server { status, message },
                (_, Some(message)) => ApiError::Rejected { status, message },
                (true, None) => ApiError::BadResponse {
                    status,
                    detail: "the body had no message".to_string(),
                },
                (false, None) => ApiError::BadResponse {
                    status,
                    detail: describe_body(body),
                },
            },
        }
    }

    fn decode_success<T: for<'de> Deserialize<'de>>(
        status: u16,
        retry_after: Option<&str>,
        body: &[u8],
        what: &str,
    ) -> Result<T, ApiError> {
        if !(200..300).contains(&status) {
            return Err(decode_error(status, retry_after, body));
        }
        match serde_json::from_slice::<Value>(body) {
            Err(_) => Err(ApiError::BadResponse {
                status,
                detail: describe_body(body),
            }),
            Ok(v) => {
                if v.get("success") == Some(&Value::Bool(false)) {
                    return Err(decode_error(500, None, body));
                }
                serde_json::from_value::<Envelope<T>>(v)
                    .map(|e| e.data)
                    .map_err(|_| ApiError::BadResponse {
                        status,
                        detail: format!("the body lacked the {what}"),
                    })
            }
        }
    }

    pub fn decode_save(
        status: u16,
        retry_after: Option<&str>,
        body: &[u8],
    ) -> Result<Training, ApiError> {
        decode_success::<OldTraining>(status, retry_after, body, "saved training")
            .map(Training::from)
    }

    pub fn decode_list(
        status: u16,
        retry_after: Option<&str>,
        body: &[u8],
    ) -> Result<Vec<Training>, ApiError> {
        decode_success::<Vec<OldTraining>>(status, retry_after, body, "list of trainings")
            .map(|v| v.into_iter().map(Training::from).collect())
    }

    pub fn decode_agent(
        status: u16,
        retry_after: Option<&str>,
        body: &[u8],
    ) -> Result<Agent, ApiError> {
        decode_success::<OldAgent>(status, retry_after, body, "agent").map(|a| Agent {
            id: a.id,
            name: a.name,
            current_status: a.current_status,
            is_ready_to_publish: a.is_ready_to_publish,
        })
    }

    pub fn decode_delete(
        status: u16,
        retry_after: Option<&str>,
        body: &[u8],
    ) -> Result<(), ApiError> {
        if !(200..300).contains(&status) {
            return Err(decode_error(status, retry_after, body));
        }
        match serde_json::from_slice::<Value>(body) {
            Ok(v) if v.get("success") == Some(&Value::Bool(false)) => {
                Err(decode_error(500, None, body))
            }
            _ => Ok(()),
        }
    }
}
