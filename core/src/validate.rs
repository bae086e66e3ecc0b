//! The server's validation rules, exactly as Laravel applies them.
//!
//! Laravel first trims every string of the request (`TrimStrings`, which in
//! Laravel 11/12 is `Str::trim`: `preg_replace('~^[\s\x{FEFF}\x{200B}\x{200E}]+|[\s\x{FEFF}\x{200B}\x{200E}]+$~u', '', $value)`)
//! and turns empty strings into null (`ConvertEmptyStringsToNull`). Then the
//! rules run:
//!
//! | field | rules |
//! |---|---|
//! | `node_id` | `nullable\|string` |
//! | `subject` | `required\|string\|max:255` (code points, `mb_strlen`) |
//! | `instructions` | `required\|string` |
//! | `current_status` | `nullable\|in:active,inactive`, default `active` |
//!
//! `required` (and whether `nullable` fields are checked at all) then uses
//! PHP's `trim()`, which also removes NUL: a subject of only U+0000 survives
//! `Str::trim` but is still "required".
//!
//! Messages are Laravel's English defaults, with `_` in field names shown as a space.
//! The same cases are checked by `tests/vectors/validation.json`, which the
//! local API's tests read too, and `tests/parity/` checks every vector against
//! real Laravel.

use crate::types::{FieldErrors, Status, TrainingRequest};

/// Largest subject, in Unicode code points.
pub const SUBJECT_MAX: usize = 255;

/// Whether Laravel's trim removes this character: what PHP's PCRE2 (10.42,
/// `u` flag, so Unicode properties) matches with `[\s\x{FEFF}\x{200B}\x{200E}]`.
/// Its `\s` is the separators (Zs, Zl, Zp) plus PCRE's `\h` and `\v` lists,
/// which add the ASCII controls, U+0085 and U+180E. That is Unicode's
/// White_Space and U+180E, which `char::is_whitespace` no longer includes.
/// U+200C, U+200D, U+200F, U+2060 and the other format characters stay.
pub fn is_trimmed(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | ' '
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{180E}'
            | '\u{2000}'..='\u{200B}'
            | '\u{200E}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
            | '\u{FEFF}'
    )
}

/// Laravel's `TrimStrings`.
pub fn trim(s: &str) -> &str {
    s.trim_matches(is_trimmed)
}

/// `TrimStrings` then `ConvertEmptyStringsToNull`.
pub fn normalize(s: Option<&str>) -> Option<&str> {
    s.map(trim).filter(|t| !t.is_empty())
}

/// Whether Laravel's `required` fails for a string that is left after the
/// middleware: it tests PHP's `trim()` (space, `\t`, `\n`, `\r`, `\0`, `\x0B`),
/// so a string of NULs counts as empty.
fn blank_for_required(s: &str) -> bool {
    s.trim_matches([' ', '\t', '\n', '\r', '\0', '\x0B'])
        .is_empty()
}

/// Length as `mb_strlen` counts it: Unicode code points.
pub fn code_points(s: &str) -> usize {
    s.chars().count()
}

pub fn required_message(field: &str) -> String {
    format!("The {} field is required.", field.replace('_', " "))
}

pub fn max_message(field: &str, max: usize) -> String {
    format!(
        "The {} field must not be greater than {max} characters.",
        field.replace('_', " ")
    )
}

pub fn in_message(field: &str) -> String {
    format!("The selected {} is invalid.", field.replace('_', " "))
}

/// Messages for the subject alone (used as the user types).
pub fn subject_errors(raw: &str) -> Vec<String> {
    match normalize(Some(raw)) {
        None => vec![required_message("subject")],
        Some(s) if blank_for_required(s) => vec![required_message("subject")],
        Some(s) if code_points(s) > SUBJECT_MAX => vec![max_message("subject", SUBJECT_MAX)],
        Some(_) => vec![],
    }
}

/// Messages for the instructions alone.
pub fn instructions_errors(raw: &str) -> Vec<String> {
    match normalize(Some(raw)) {
        None => vec![required_message("instructions")],
        Some(s) if blank_for_required(s) => vec![required_message("instructions")],
        Some(_) => vec![],
    }
}

/// Messages for the status alone. Empty means the default, `active`.
pub fn status_errors(raw: &str) -> Vec<String> {
    match normalize(Some(raw)) {
        None => vec![],
        Some(s) if Status::parse(s).is_some() => vec![],
        Some(_) => vec![in_message("current_status")],
    }
}

/// The raw text of the API's fields, as typed (string fields only: a form
/// cannot send another JSON type).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RawTraining<'a> {
    pub node_id: Option<&'a str>,
    pub subject: Option<&'a str>,
    pub instructions: Option<&'a str>,
    pub current_status: Option<&'a str>,
}

/// Validates as the server does. On success, the trimmed request to send.
pub fn validate(raw: &RawTraining<'_>) -> Result<TrainingRequest, FieldErrors> {
    let mut errors = FieldErrors::new();
    for m in subject_errors(raw.subject.unwrap_or("")) {
        errors.push("subject", m);
    }
    for m in instructions_errors(raw.instructions.unwrap_or("")) {
        errors.push("instructions", m);
    }
    for m in status_errors(raw.current_status.unwrap_or("")) {
        errors.push("current_status", m);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(TrainingRequest {
        node_id: normalize(raw.node_id).map(str::to_string),
        subject: trim(raw.subject.unwrap_or("")).to_string(),
        instructions: trim(raw.instructions.unwrap_or("")).to_string(),
        current_status: normalize(raw.current_status)
            .and_then(Status::parse)
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw<'a>(subject: &'a str, instructions: &'a str) -> RawTraining<'a> {
        RawTraining {
            subject: Some(subject),
            instructions: Some(instructions),
            ..Default::default()
        }
    }

    #[test]
    fn trims_unicode_space_bom_and_zero_width_space() {
        assert_eq!(trim("\u{200B}\u{FEFF}\u{3000} a b\u{00A0}\n\t"), "a b");
        assert_eq!(normalize(Some("\u{200B} \u{FEFF}")), None);
        // U+200C (zero-width non-joiner) is not trimmed by Laravel.
        assert_eq!(trim("\u{200C}x"), "\u{200C}x");
    }

    #[test]
    fn trims_what_pcre_trims_not_what_rust_calls_white_space() {
        // PCRE's \s has U+180E (not White_Space since Unicode 6.3); Str::trim
        // names U+200E (left-to-right mark) but not its sibling U+200F.
        assert_eq!(trim("\u{180E}\u{200E}a\u{200E}\u{180E}"), "a");
        for kept in [
            '\u{200C}', '\u{200D}', '\u{200F}', '\u{2060}', '\u{AD}', '\u{1C}', '\0',
        ] {
            assert!(!is_trimmed(kept), "{:04X}", kept as u32);
        }
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let pcre =
                c.is_whitespace() || matches!(c, '\u{180E}' | '\u{200B}' | '\u{200E}' | '\u{FEFF}');
            assert_eq!(is_trimmed(c), pcre, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn nul_survives_the_trim_but_not_required() {
        assert_eq!(trim(" \0 "), "\0");
        assert_eq!(subject_errors("\0"), vec!["The subject field is required."]);
        assert_eq!(
            instructions_errors("\0 \0"),
            vec!["The instructions field is required."]
        );
        assert!(subject_errors("\0a").is_empty());
    }

    #[test]
    fn subject_limit_counts_code_points_after_trim() {
        let emoji255 = "😀".repeat(255);
        assert!(subject_errors(&emoji255).is_empty());
        assert_eq!(
            subject_errors(&"😀".repeat(256)),
            vec!["The subject field must not be greater than 255 characters."]
        );
        assert!(subject_errors(&format!("  {emoji255}\u{200B} ")).is_empty());
    }

    #[test]
    fn whitespace_only_is_required() {
        assert_eq!(
            subject_errors("   "),
            vec!["The subject field is required."]
        );
        assert_eq!(
            instructions_errors("\u{200B}"),
            vec!["The instructions field is required."]
        );
    }

    #[test]
    fn request_is_trimmed_and_defaults_status() {
        let req = validate(&RawTraining {
            node_id: Some("  "),
            subject: Some(" S "),
            instructions: Some("\tI\n"),
            current_status: None,
        })
        .unwrap();
        assert_eq!(req.node_id, None);
        assert_eq!(req.subject, "S");
        assert_eq!(req.instructions, "I");
        assert_eq!(req.current_status, Status::Active);
        assert_eq!(
            req.to_json(),
            r#"{"subject":"S","instructions":"I","current_status":"active"}"#
        );
    }

    #[test]
    fn all_errors_at_once_in_form_order() {
        let errs = validate(&RawTraining {
            current_status: Some("paused"),
            ..raw("", "")
        })
        .unwrap_err();
        let fields: Vec<_> = errs.iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["subject", "instructions", "current_status"]);
        assert_eq!(errs.count(), 3);
        assert_eq!(
            errs.get("current_status"),
            ["The selected current status is invalid."]
        );
    }

    #[test]
    fn status_is_case_sensitive() {
        assert_eq!(status_errors("Active").len(), 1);
        assert!(status_errors(" inactive ").is_empty());
    }
}
