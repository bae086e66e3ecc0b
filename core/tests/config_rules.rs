//! Which API bases the form accepts, what it says about the others, and
//! where it keeps what it remembers: through the public API of `config`.

use talkover_core::config::{draft_key, nodes_key, token_key, ApiBase, ConfigError};

fn origin(s: &str) -> String {
    match ApiBase::parse(s) {
        Ok(b) => b.origin(),
        Err(e) => panic!("{s:?} refused: {e}"),
    }
}

#[test]
fn the_ipv6_loopback_is_accepted_with_or_without_a_port() {
    assert_eq!(origin("http://[::1]"), "http://[::1]");
    assert_eq!(origin("http://[::1]/"), "http://[::1]");
    assert_eq!(origin("http://[::1]:8081"), "http://[::1]:8081");
    assert_eq!(origin("https://[::1]"), "https://[::1]");
    assert!(ApiBase::parse("http://[::1]").unwrap().is_loopback_http());
}

#[test]
fn a_port_has_at_most_five_digits() {
    assert_eq!(origin("https://x.com:08443"), "https://x.com:8443");
    for refused in [
        "https://x.com:000443",
        "https://x.com:0008443",
        "https://x.com:",
    ] {
        assert!(
            matches!(ApiBase::parse(refused), Err(ConfigError::BadHost(_))),
            "{refused:?}"
        );
    }
}

/// Ordinary proxy prefixes are kept as written (the browser keeps them too).
#[test]
fn ordinary_path_prefixes_are_kept() {
    for (given, path) in [
        ("https://x.com/e2e", "/e2e"),
        ("https://x.com/v1/one/", "/v1/one"),
        ("https://x.com/proxy%20v1", "/proxy%20v1"),
        ("https://x.com/ab%41", "/ab%41"),
        ("https://x.com/a%2Fb", "/a%2Fb"),
        ("https://x.com/...", "/..."),
        ("https://x.com/.well-known", "/.well-known"),
        ("https://x.com/%2e%2e%2e", "/%2e%2e%2e"),
    ] {
        let base = ApiBase::parse(given).unwrap_or_else(|e| panic!("{given:?}: {e}"));
        assert_eq!(base.path(), path, "{given:?}");
        assert_eq!(
            base.trainings_url("a"),
            format!("https://x.com{path}/api/v1/agents/a/trainings")
        );
    }
}

/// A `%` must start an escape of two hex digits; the browser would rewrite
/// anything else, so it is refused.
#[test]
fn a_percent_sign_must_start_two_hex_digits() {
    for refused in [
        "https://x.com/a%4",
        "https://x.com/a%4z",
        "https://x.com/a%z4",
        "https://x.com/a%",
        "https://x.com/%",
    ] {
        assert!(
            matches!(ApiBase::parse(refused), Err(ConfigError::Extras(_))),
            "{refused:?}"
        );
    }
}

/// `.` and `..` segments, spelt with dots or `%2e`, are refused: the browser
/// would resolve them and send requests elsewhere.
#[test]
fn dot_segments_are_refused_in_every_spelling() {
    for refused in [
        "https://x.com/.",
        "https://x.com/a/..",
        "https://x.com/%2e/b",
        "https://x.com/%2E%2e/b",
        "https://x.com/.%2e/b",
        "https://x.com/%2e./b",
    ] {
        assert!(ApiBase::parse(refused).is_err(), "{refused:?}");
    }
}

/// The message names what is wrong: extras (a user, a query, a fragment,
/// a space or a control character) are not "a bad host".
#[test]
fn each_refusal_says_why() {
    for (given, expected) in [
        ("https://x.com?a=b", "Extras"),
        ("https://x.com#top", "Extras"),
        ("https://user@x.com", "Extras"),
        ("https://x.com\\y", "Extras"),
        ("https://exa mple.com", "Extras"),
        ("https://exa\u{A0}mple.com", "Extras"),
        ("https://exa\u{1}mple.com", "Extras"),
        ("https://exa\u{7F}mple.com", "Extras"),
        ("https://x.com/a b", "Extras"),
        ("https://ex_ample.com", "BadHost"),
        ("https://127.1", "BadHost"),
        ("https://x.com:99999", "BadHost"),
        ("http://example.com", "InsecureScheme"),
        ("ftp://example.com", "InsecureScheme"),
        ("example.com", "NotUrl"),
        (" \t", "Empty"),
    ] {
        let got = match ApiBase::parse(given) {
            Ok(b) => panic!("{given:?} accepted as {}", b.as_url()),
            Err(ConfigError::Extras(_)) => "Extras",
            Err(ConfigError::BadHost(_)) => "BadHost",
            Err(ConfigError::InsecureScheme(_)) => "InsecureScheme",
            Err(ConfigError::NotUrl(_)) => "NotUrl",
            Err(ConfigError::Empty) => "Empty",
            Err(e) => panic!("{given:?}: {e:?}"),
        };
        assert_eq!(got, expected, "{given:?}");
    }
    assert_eq!(
        ApiBase::parse("https://exa mple.com").unwrap_err().to_string(),
        "The API address “https://exa mple.com” must not contain spaces, a user name, password, query or fragment."
    );
}

/// Where the token, the draft and the remembered node ids are kept in
/// `sessionStorage` (ARCHITECTURE.md): one key per API origin (a token is
/// never offered to another API), per agent, and stable across versions
/// (what a tab stored before an update is still found).
#[test]
fn what_is_remembered_is_kept_per_api_origin_and_agent() {
    let a = "https://app.talkover.ai";
    let b = "http://127.0.0.1:8081";
    assert_eq!(token_key(a), "talkover.token:https://app.talkover.ai");
    assert_eq!(token_key(b), "talkover.token:http://127.0.0.1:8081");
    assert_eq!(
        draft_key(a, "agent-1"),
        "talkover.draft:https://app.talkover.ai:agent-1"
    );
    assert_eq!(
        nodes_key(a, "agent-1"),
        "talkover.nodes:https://app.talkover.ai:agent-1"
    );
    // The agent id is one encoded segment: no two agents share a key.
    assert_eq!(
        draft_key(b, "a:b/c"),
        "talkover.draft:http://127.0.0.1:8081:a%3Ab%2Fc"
    );
    assert_ne!(draft_key(a, "x"), draft_key(b, "x"));
    assert_ne!(nodes_key(a, "x"), nodes_key(a, "y"));
    assert_ne!(draft_key(a, "x"), nodes_key(a, "x"));
}
