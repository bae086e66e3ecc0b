//! Pure core of the Talkover training form.
//!
//! Everything here works on plain Rust values: no DOM, no browser, no I/O.
//! The browser shell (the `talkover-training-form` crate) feeds it strings and
//! HTTP responses and renders what it returns. It compiles and is tested
//! natively with `cargo test -p talkover-core`.
//!
//! - [`types`]: the API's request and response bodies.
//! - [`validate`]: the server's validation rules (Laravel's), message for message.
//! - [`decode`]: every HTTP response or transport failure mapped to an outcome.
//! - [`config`]: API base URL checks and request paths that cannot be escaped.
//! - [`form`]: the form's values, drafts and the character count.
//! - [`json`]: a strict JSON reader (as strict as serde_json) and writer.
//! - [`state`]: what the form and the workspace do: `update(Msg) -> Vec<Effect>`.

pub mod config;
pub mod decode;
pub mod form;
pub mod json;
pub mod state;
pub mod types;
pub mod validate;

pub use config::{ApiBase, ConfigError, Settings};
pub use decode::ApiError;
pub use form::{CharCount, FormValues};
pub use types::{Agent, Field, FieldErrors, Status, Training, TrainingRequest};
