//! The core's API-base parser against the browser's own URL parser
//! (`new URL(s)` in headless Chromium), on hand-picked tricky strings and a
//! generated corpus: every base the core accepts must have, in the browser,
//! the same origin and path and nothing else (no user, query or fragment).
//! Refusing is always allowed: a base the browser would read differently
//! must be refused.
#![cfg(target_arch = "wasm32")]

use talkover_core::config::ApiBase;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const TRICKY: &[&str] = &[
    "https://app.talkover.ai",
    "https://app.talkover.ai/",
    "HTTPS://APP.TALKOVER.AI",
    " https://app.talkover.ai ",
    "\thttps://app.talkover.ai\n",
    "\u{A0}https://app.talkover.ai",
    "https://app.talkover.ai\u{200B}",
    "https://app.talkover.ai:443",
    "https://app.talkover.ai:0443",
    "https://app.talkover.ai:+443",
    "https://app.talkover.ai:-1",
    "https://app.talkover.ai: 443",
    "https://app.talkover.ai:4 43",
    "https://app.talkover.ai:65535",
    "https://app.talkover.ai:65536",
    "https://app.talkover.ai:00000000000443",
    "https://app.talkover.ai:",
    "https://user@app.talkover.ai",
    "https://user:pw@app.talkover.ai",
    "https://app.talkover.ai@evil.example",
    "https://evil.example\\@app.talkover.ai",
    "https://app.talkover.ai\\evil",
    "https:\\\\app.talkover.ai",
    "https:/app.talkover.ai",
    "https:///app.talkover.ai",
    "https:app.talkover.ai",
    "//app.talkover.ai",
    "https://app.talkover.ai/%2e%2e/x",
    "https://app.talkover.ai/%2E%2E/x",
    "https://app.talkover.ai/.%2e/x",
    "https://app.talkover.ai/a/%2e",
    "https://app.talkover.ai/a/..",
    "https://app.talkover.ai/a/./b",
    "https://app.talkover.ai/a%2fb",
    "https://app.talkover.ai/a%zz",
    "https://app.talkover.ai/a%",
    "https://app.talkover.ai/é",
    "https://app.talkover.ai/a b",
    "https://app.talkover.ai/a\tb",
    "https://app.talkover.ai/a\nb",
    "https://app.talkover.ai/a|b",
    "https://app.talkover.ai/a^b",
    "https://app.talkover.ai/a`b",
    "https://app.talkover.ai/a{b}",
    "https://app.talkover.ai/a\"b",
    "https://app.talkover.ai/a<b>",
    "https://app.talkover.ai/~user/x",
    "https://app.talkover.ai/a;b=c",
    "https://app.talkover.ai//double",
    "https://app.talkover.ai/x?y",
    "https://app.talkover.ai/x#y",
    "https://app.talkover.ai?",
    "https://app.talkover.ai#",
    "http://localhost",
    "http://localhost.",
    "http://LOCALHOST:8081",
    "http://api.localhost:8081",
    "http://a.b.localhost",
    "http://localhost.evil.example",
    "http://127.0.0.1",
    "http://127.0.0.1:8081/",
    "http://127.1",
    "http://127.0.1",
    "http://0x7f.0.0.1",
    "http://0x7f000001",
    "http://2130706433",
    "http://0177.0.0.1",
    "http://017700000001",
    "http://127.0.0.01",
    "http://127.000.000.001",
    "http://127.0.0.1.",
    "http://127.0.0.256",
    "http://127.0.0.1.evil.example",
    "http://[::1]",
    "http://[::1]:8081",
    "http://[0:0:0:0:0:0:0:1]",
    "http://[::ffff:127.0.0.1]",
    "http://[::1",
    "http://::1",
    "https://[2001:db8::1]",
    "https://[2001:DB8::1]",
    "http://10.0.0.1",
    "http://192.168.0.1",
    "https://1.2.3.4",
    "https://1.2.3.04",
    "https://1.2.3",
    "https://example.123",
    "https://example.0x1",
    "https://example.com.",
    "https://example..com",
    "https://-example.com",
    "https://ex_ample.com",
    "https://exämple.com",
    "https://xn--exmple-cua.com",
    "https://XN--EXMPLE-CUA.COM",
    "https://ex%61mple.com",
    "https://example.com%2F",
    "https://exa mple.com",
    "https://example.com\u{0}",
    "https://\u{FF21}pp.talkover.ai",
    "https://app.talkover.ai\u{3002}evil",
    "javascript:alert(1)",
    "data:text/html,x",
    "file:///etc/passwd",
    "ftp://app.talkover.ai",
    "wss://app.talkover.ai",
    "blob:https://app.talkover.ai/x",
    "",
    " ",
    "https://",
    "http://",
];

/// Schemes × hosts × ports × paths: several thousand combinations.
fn generated() -> Vec<String> {
    let schemes = ["https://", "http://", "HTTPS://", "hTtP://"];
    let hosts = [
        "app.talkover.ai",
        "localhost",
        "127.0.0.1",
        "127.1",
        "0x7f.0.0.1",
        "2130706433",
        "[::1]",
        "[0:0:0:0:0:0:0:1]",
        "api.localhost",
        "example.com.",
        "EXAMPLE.com",
        "xn--nxasmq6b.com",
        "ex_ample.com",
        "1.2.3.4",
        "1.2.3.04",
        "example.123",
        "a..b.com",
        "-x.com",
    ];
    let ports = [
        "", ":443", ":0443", ":+443", ":80", ":080", ":8080", ":65535", ":65536", ":", ":0",
    ];
    let paths = [
        "",
        "/",
        "/api",
        "/a/../b",
        "/%2e%2E/x",
        "/a%20b",
        "/é",
        "/a/./b",
        "/a\\b",
        "/v1/",
    ];
    let mut all = Vec::new();
    for s in schemes {
        for h in hosts {
            for p in ports {
                for path in paths {
                    all.push(format!("{s}{h}{p}{path}"));
                }
            }
        }
    }
    all
}

#[wasm_bindgen_test]
fn every_base_the_core_accepts_is_read_the_same_by_the_browser() {
    let corpus: Vec<String> = TRICKY
        .iter()
        .map(|s| s.to_string())
        .chain(generated())
        .collect();
    assert!(corpus.len() >= 300, "{} strings", corpus.len());
    let (mut accepted, mut differs) = (0, Vec::new());
    for s in &corpus {
        let Ok(base) = ApiBase::parse(s) else {
            continue;
        };
        accepted += 1;
        let Ok(url) = web_sys::Url::new(s) else {
            differs.push(format!(
                "{s:?}: the core accepts it, the browser refuses it"
            ));
            continue;
        };
        let seen = (
            url.origin(),
            url.pathname().trim_end_matches('/').to_string(),
            url.username() + &url.password() + &url.search() + &url.hash(),
        );
        let ours = (base.origin(), base.path().to_string(), String::new());
        if seen != ours {
            differs.push(format!("{s:?}: browser {seen:?}, core {ours:?}"));
        }
        // The URLs the form builds from it are the browser's too.
        let built = base.trainings_url("550e8400-e29b");
        match web_sys::Url::new(&built) {
            Ok(u) if u.href() == built => {}
            Ok(u) => differs.push(format!("{built:?} reads as {:?}", u.href())),
            Err(_) => differs.push(format!("{built:?} is not a URL to the browser")),
        }
    }
    assert!(
        differs.is_empty(),
        "{} of {accepted} accepted bases differ:\n{}",
        differs.len(),
        differs.join("\n")
    );
    assert!(
        accepted >= 100,
        "only {accepted} of {} accepted: the corpus tests too little",
        corpus.len()
    );
    web_sys::console::log_1(
        &format!(
            "url parity: {} strings, {accepted} accepted, all read alike",
            corpus.len()
        )
        .into(),
    );
}
