//! What the user is told for each response, through the public decoders:
//! the panel's title, the sentence, the status the host page hears in
//! `talkover:request-failed`, and the limits on what a response may cost.

use talkover_core::decode::{
    decode_agent, decode_delete, decode_error, decode_list, decode_save, too_large, MAX_BODY_BYTES,
};
use talkover_core::{ApiError, Field, FieldErrors};

fn invalid() -> ApiError {
    let mut e = FieldErrors::new();
    e.push("subject", "The subject field is required.");
    ApiError::Invalid(e)
}

/// Every kind of failure, with the title of its panel and the status the
/// host page's `talkover:request-failed` event carries (none when no
/// response arrived).
fn every_kind() -> Vec<(ApiError, &'static str, Option<u16>)> {
    let m = || "Because.".to_string();
    vec![
        (invalid(), "There is a problem", Some(422)),
        (
            ApiError::Unauthenticated { message: m() },
            "The API token was not accepted",
            Some(401),
        ),
        (
            ApiError::Forbidden { message: m() },
            "Not allowed",
            Some(403),
        ),
        (ApiError::NotFound { message: m() }, "Not found", Some(404)),
        (
            ApiError::RateLimited {
                retry_after_secs: Some(5),
            },
            "Too many requests",
            Some(429),
        ),
        (
            ApiError::Rejected {
                status: 409,
                message: m(),
            },
            "Request refused",
            Some(409),
        ),
        (
            ApiError::Server {
                status: 503,
                message: m(),
            },
            "The server had a problem",
            Some(503),
        ),
        (
            ApiError::BadResponse {
                status: 200,
                detail: "the body was empty".into(),
            },
            "The server had a problem",
            Some(200),
        ),
        (
            ApiError::Unreachable {
                origin: "https://app.talkover.ai".into(),
            },
            "Could not reach the API",
            None,
        ),
        (
            ApiError::TimedOut { seconds: 30 },
            "The request timed out",
            None,
        ),
        (
            ApiError::NotSent {
                reason: "bad header".into(),
            },
            "The request could not be sent",
            None,
        ),
        (ApiError::Redirected, "The API redirected the request", None),
    ]
}

#[test]
fn each_failure_has_its_own_panel_title() {
    for (error, title, _) in every_kind() {
        assert_eq!(error.title(), title, "{error:?}");
    }
}

#[test]
fn the_host_hears_the_http_status_only_when_there_was_a_response() {
    for (error, _, status) in every_kind() {
        assert_eq!(error.status(), status, "{error:?}");
    }
    // Whatever status the server answered with, the event carries it.
    for status in [400, 401, 403, 404, 409, 413, 418, 422, 429, 500, 502, 599] {
        assert_eq!(
            decode_error(status, None, b"").status(),
            Some(status),
            "{status}"
        );
        assert_eq!(
            decode_error(status, None, br#"{"message":"No."}"#).status(),
            Some(status),
            "{status}"
        );
    }
}

#[test]
fn a_wait_of_up_to_119_seconds_is_said_in_seconds_then_in_minutes() {
    let wait = |secs: &str| decode_error(429, Some(secs), b"").to_string();
    assert!(wait("0").contains("Wait a minute,"), "{}", wait("0"));
    assert!(wait("1").contains("Wait 1 second,"), "{}", wait("1"));
    assert!(wait("2").contains("Wait 2 seconds,"), "{}", wait("2"));
    assert!(wait("119").contains("Wait 119 seconds,"), "{}", wait("119"));
    assert!(
        wait("120").contains("Wait about 2 minutes,"),
        "{}",
        wait("120")
    );
    assert!(
        wait("121").contains("Wait about 3 minutes,"),
        "{}",
        wait("121")
    );
    assert!(
        wait(" 45 ").contains("Wait 45 seconds,"),
        "{}",
        wait(" 45 ")
    );
}

#[test]
fn a_response_the_form_does_not_understand_names_its_status_and_reason() {
    for (status, shown) in [
        (200, "HTTP 200 (OK) but"),
        (400, "HTTP 400 (Bad Request) but"),
        (413, "HTTP 413 (Payload Too Large) but"),
        (415, "HTTP 415 (Unsupported Media Type) but"),
        (500, "HTTP 500 (Internal Server Error) but"),
        (502, "HTTP 502 (Bad Gateway) but"),
        (503, "HTTP 503 (Service Unavailable) but"),
        (504, "HTTP 504 (Gateway Timeout) but"),
        // A status without a well-known reason is named by its number alone.
        (418, "HTTP 418 but"),
        (599, "HTTP 599 but"),
    ] {
        let e = decode_error(status, None, b"<html><body>Proxy error</body></html>");
        let text = e.to_string();
        assert!(
            text.starts_with(&format!("The server answered with {shown} not with a response this form understands (it sent an HTML page).")),
            "{status}: {text}"
        );
    }
}

#[test]
fn server_text_of_300_characters_is_shown_whole_and_longer_text_is_cut() {
    let shown = |len: usize| {
        let body = format!(r#"{{"message":"{}"}}"#, "é".repeat(len));
        match decode_error(500, None, body.as_bytes()) {
            ApiError::Server { message, .. } => message,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(shown(299), "é".repeat(299));
    assert_eq!(shown(300), "é".repeat(300));
    assert_eq!(shown(301), format!("{}…", "é".repeat(300)));
}

#[test]
fn a_422_field_with_a_single_message_string_is_shown_at_that_field() {
    let body = br#"{"message":"The given data was invalid.","errors":{"subject":"The subject field is required.","instructions":["Too long."]}}"#;
    let ApiError::Invalid(errors) = decode_save(422, None, body).unwrap_err() else {
        panic!("not a field error")
    };
    assert_eq!(
        errors.of(Field::Subject),
        ["The subject field is required."]
    );
    assert_eq!(errors.of(Field::Instructions), ["Too long."]);
    assert_eq!(errors.count(), 2);
}

#[test]
fn a_client_error_with_a_message_is_a_refusal_not_a_server_problem() {
    for status in [400, 409, 410, 413, 499] {
        let e = decode_error(status, None, br#"{"message":"Training is locked."}"#);
        assert_eq!(
            e,
            ApiError::Rejected {
                status,
                message: "Training is locked.".into()
            }
        );
        assert_eq!(e.title(), "Request refused");
        assert_eq!(
            e.to_string(),
            format!("The server refused the request (HTTP {status}): Training is locked.")
        );
    }
    for status in [500, 503, 599] {
        let e = decode_error(status, None, br#"{"message":"Database down."}"#);
        assert_eq!(
            e.to_string(),
            format!("The server had a problem (HTTP {status}): Database down. Your text is still here; try again in a moment.")
        );
    }
}

#[test]
fn a_success_status_whose_body_says_it_failed_is_a_server_problem() {
    let body = br#"{"success":false,"message":"Database down."}"#;
    let expected = ApiError::Server {
        status: 500,
        message: "Database down.".into(),
    };
    for status in [200, 201, 299] {
        assert_eq!(decode_save(status, None, body).unwrap_err(), expected);
        assert_eq!(decode_list(status, None, body).unwrap_err(), expected);
        assert_eq!(decode_agent(status, None, body).unwrap_err(), expected);
        assert_eq!(decode_delete(status, None, body).unwrap_err(), expected);
    }
    // A delete that succeeded, with or without a body, is a success.
    assert_eq!(decode_delete(200, None, br#"{"success":true}"#), Ok(()));
    assert_eq!(decode_delete(204, None, b""), Ok(()));
}

#[test]
fn a_body_over_the_limit_is_refused_and_the_limit_is_the_1_mib_the_message_names() {
    assert_eq!(MAX_BODY_BYTES, 1024 * 1024);
    let e = too_large(200);
    assert_eq!(e.status(), Some(200));
    assert_eq!(e.title(), "The server had a problem");
    assert!(
        e.to_string()
            .contains("(its body was larger than 1 MiB, so it was not read)"),
        "{e}"
    );
}

/// However many trainings an agent has, the list shows them all: objects
/// side by side are not nesting (the reader limits only depth).
#[test]
fn a_list_of_many_trainings_is_read_whole() {
    let one = |i: usize| {
        format!(
            r#"{{"id":"t-{i}","subject":"S {i}","instructions":"I","current_status":"active","created_at":"2024-01-15T10:30:00Z","updated_at":"2024-01-15T10:30:00Z"}}"#
        )
    };
    let list: Vec<String> = (0..500).map(one).collect();
    let body = format!(r#"{{"success":true,"data":[{}]}}"#, list.join(","));
    let trainings = decode_list(200, None, body.as_bytes()).unwrap();
    assert_eq!(trainings.len(), 500);
    assert_eq!(trainings[499].id, "t-499");
}
