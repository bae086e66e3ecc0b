//! Validation as the Laravel app behind the Talkover API does it.
//!
//! Middleware first: `TrimStrings` (Laravel 11/12's `Str::trim`, a PCRE
//! `[\s\x{FEFF}\x{200B}\x{200E}]` at either end of every string) and
//! `ConvertEmptyStringsToNull`. Then the rules, in this order (the order of
//! the `errors` object):
//!
//! | field | rules |
//! |---|---|
//! | node_id | nullable, string |
//! | subject | required, string, max:255 (mb_strlen: code points) |
//! | instructions | required, string |
//! | current_status | nullable, in:active,inactive (default active) |
//!
//! This is written independently of the form's `talkover-core`, so that the
//! shared vectors (`tests/vectors/validation.json`) check one against the other;
//! `tests/parity/` checks the vectors against real Laravel.

use serde_json::{Map, Value};

/// A request body that passed validation, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valid {
    pub node_id: Option<String>,
    pub subject: String,
    pub instructions: String,
    pub current_status: String,
}

/// `errors` of a 422: field to messages, in rule order.
pub type Errors = Map<String, Value>;

/// PCRE's `\s` under the `u` flag is Unicode's White_Space (Rust's
/// `is_whitespace`) plus U+180E, which PCRE keeps in its `\h` list; `Str::trim`
/// adds U+FEFF, U+200B and U+200E.
fn is_trimmed(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{180E}' | '\u{FEFF}' | '\u{200B}' | '\u{200E}')
}

/// PHP's `trim()` with its default characters, which `required` uses (after
/// the middleware): it removes NUL, which `Str::trim` keeps.
fn php_trim(s: &str) -> &str {
    s.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\0' | '\u{0B}'))
}

/// Laravel's `TrimStrings` + `ConvertEmptyStringsToNull`, recursively.
pub fn normalize(v: Value) -> Value {
    match v {
        Value::String(s) => {
            let t = s.trim_matches(is_trimmed);
            if t.is_empty() {
                Value::Null
            } else {
                Value::String(t.to_string())
            }
        }
        Value::Array(a) => Value::Array(a.into_iter().map(normalize).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
        other => other,
    }
}

fn label(field: &str) -> String {
    field.replace('_', " ")
}

/// Laravel's `required`: null, a string that PHP's `trim()` empties, an empty
/// array or object fail.
fn present(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !php_trim(s).is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

fn push(errors: &mut Errors, field: &str, message: String) {
    let entry = errors
        .entry(field.to_string())
        .or_insert_with(|| Value::Array(vec![]));
    if let Value::Array(a) = entry {
        a.push(Value::String(message));
    }
}

/// Validates a request body (already parsed; anything but an object is empty input).
pub fn validate(body: &Value) -> Result<Valid, Errors> {
    let empty = Map::new();
    let input = match body {
        Value::Object(o) => o,
        _ => &empty,
    };
    let get = |k: &str| input.get(k).cloned().map(normalize).unwrap_or(Value::Null);
    let mut errors = Errors::new();

    let node_id = get("node_id");
    if !node_id.is_null() && !node_id.is_string() {
        push(
            &mut errors,
            "node_id",
            format!("The {} field must be a string.", label("node_id")),
        );
    }

    for field in ["subject", "instructions"] {
        let v = get(field);
        if !present(&v) {
            push(
                &mut errors,
                field,
                format!("The {} field is required.", label(field)),
            );
            continue;
        }
        if !v.is_string() {
            push(
                &mut errors,
                field,
                format!("The {} field must be a string.", label(field)),
            );
        }
        // Only `required` stops the field's other rules, so `max` runs even
        // after `string` failed. Its size (Laravel's `getSize` without a
        // `numeric` or `array` rule): code points of a string, the count of an
        // array, the length of a scalar's string form (never over 255 here).
        if field == "subject" {
            let size = match &v {
                Value::String(s) => s.chars().count(),
                Value::Array(a) => a.len(),
                Value::Object(o) => o.len(),
                _ => 0,
            };
            if size > 255 {
                push(
                    &mut errors,
                    field,
                    format!(
                        "The {} field must not be greater than 255 characters.",
                        label(field)
                    ),
                );
            }
        }
    }

    let status = get("current_status");
    let status_ok = match &status {
        Value::Null => true,
        Value::String(s) => s == "active" || s == "inactive",
        _ => false,
    };
    if !status_ok {
        push(
            &mut errors,
            "current_status",
            format!("The selected {} is invalid.", label("current_status")),
        );
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    let string = |v: Value| match v {
        Value::String(s) => Some(s),
        _ => None,
    };
    Ok(Valid {
        node_id: string(node_id),
        subject: string(get("subject")).unwrap_or_default(),
        instructions: string(get("instructions")).unwrap_or_default(),
        current_status: string(status).unwrap_or_else(|| "active".to_string()),
    })
}

/// Laravel 10+'s 422 `message`: the first message, and how many more.
pub fn summary_message(errors: &Errors) -> String {
    let all: Vec<&str> = errors
        .values()
        .filter_map(Value::as_array)
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    match all.len() {
        0 => "The given data was invalid.".to_string(),
        1 => all[0].to_string(),
        2 => format!("{} (and 1 more error)", all[0]),
        n => format!("{} (and {} more errors)", all[0], n - 1),
    }
}

/// Parses a request body as Laravel reads input: JSON for JSON content types
/// (malformed JSON is empty input), form fields for form content, else empty.
pub fn parse_body(content_type: Option<&str>, body: &[u8]) -> Value {
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    // Laravel's `Request::isJson()`: the content type contains `/json` or `+json`.
    if ct.contains("/json") || ct.contains("+json") {
        serde_json::from_slice(body).unwrap_or(Value::Object(Map::new()))
    } else if ct.starts_with("application/x-www-form-urlencoded") {
        let map: Map<String, Value> = form_urlencoded::parse(body)
            .map(|(k, v)| (k.into_owned(), Value::String(v.into_owned())))
            .collect();
        Value::Object(map)
    } else {
        Value::Object(Map::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn message_counts_the_rest() {
        let e = validate(&json!({})).unwrap_err();
        assert_eq!(
            summary_message(&e),
            "The subject field is required. (and 1 more error)"
        );
        let e = validate(&json!({"current_status": 1})).unwrap_err();
        assert_eq!(
            summary_message(&e),
            "The subject field is required. (and 2 more errors)"
        );
    }

    #[test]
    fn max_runs_after_string_failed() {
        let long: Vec<Value> = (0..256).map(|i| json!(i)).collect();
        let e = validate(&json!({"subject": long, "instructions": "i"})).unwrap_err();
        assert_eq!(
            Value::Object(e),
            json!({"subject": [
                "The subject field must be a string.",
                "The subject field must not be greater than 255 characters."
            ]})
        );
        let short: Vec<Value> = (0..255).map(|i| json!(i)).collect();
        let e = validate(&json!({"subject": short, "instructions": "i"})).unwrap_err();
        assert_eq!(
            Value::Object(e),
            json!({"subject": ["The subject field must be a string."]})
        );
    }

    #[test]
    fn nested_strings_are_trimmed_too() {
        let e = validate(&json!({"subject": ["  "], "instructions": {"a": ""}})).unwrap_err();
        assert_eq!(
            Value::Object(e),
            json!({
                "subject": ["The subject field must be a string."],
                "instructions": ["The instructions field must be a string."]
            })
        );
        assert_eq!(
            normalize(json!({"a": [" x ", "\u{200B}"]})),
            json!({"a": ["x", null]})
        );
    }

    #[test]
    fn trims_like_pcre_and_requires_like_php_trim() {
        assert_eq!(
            normalize(json!("\u{180E}\u{200E}a\u{200F}\u{200C}")),
            json!("a\u{200F}\u{200C}")
        );
        assert_eq!(normalize(json!(" \u{0} ")), json!("\u{0}"));
        let e = validate(&json!({"subject": "\u{0}", "instructions": "i"})).unwrap_err();
        assert_eq!(
            Value::Object(e),
            json!({"subject": ["The subject field is required."]})
        );
        let ok = validate(&json!({"subject": "\u{0}s", "instructions": "i", "node_id": "\u{0}"}));
        assert_eq!(ok.unwrap().node_id.as_deref(), Some("\u{0}"));
    }

    #[test]
    fn bodies_are_read_like_laravel() {
        assert_eq!(
            parse_body(Some("text/json"), br#"{"a":1}"#),
            json!({"a": 1})
        );
        assert_eq!(
            parse_body(Some("application/vnd.api+json"), br#"{"a":1}"#),
            json!({"a": 1})
        );
        assert_eq!(parse_body(Some("application/json"), b"{bad"), json!({}));
        assert_eq!(parse_body(Some("text/plain"), b"{\"a\":1}"), json!({}));
        assert_eq!(
            parse_body(
                Some("application/x-www-form-urlencoded"),
                b"subject=a+b&x=%21"
            ),
            json!({"subject": "a b", "x": "!"})
        );
    }
}
