//! Keeps what is typed in `sessionStorage`, without writing on every keystroke.
//!
//! The draft (JSON of every field) used to be serialised and stored on each
//! `input`. It is now stored once typing pauses, and at once when the page is
//! hidden or left, so a reload still finds it. Measured with `make bench`
//! (issue 8): the median time per keystroke at 20,000 characters of
//! Instructions went from 0.4 to 0.2 ms; the p99 (about 20 ms) is the
//! browser's own layout of the textarea and did not change.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;
use talkover_core::FormValues;

use crate::storage;

/// Quiet time after the last change before the draft is written.
pub const QUIET: Duration = Duration::from_millis(300);

/// What is typed and not yet stored, and the timer that will store it.
#[derive(Default)]
struct Unsaved {
    values: Option<FormValues>,
    timer: Option<TimeoutHandle>,
}

/// Stores `snapshot()` under `key` whenever the values it reads change and
/// then stay unchanged for [`QUIET`], and on `pagehide` / `visibilitychange`
/// and when the form is unmounted. A blank form removes the draft. The first
/// run (the values just restored) writes nothing.
///
/// The values are taken when they change, not when the timer fires, so
/// storing never reads a signal (which may be gone once the form unmounts).
pub fn keep_draft(key: String, snapshot: impl Fn() -> FormValues + 'static) {
    let unsaved = Arc::new(Mutex::new(Unsaved::default()));
    let flush = {
        let unsaved = Arc::clone(&unsaved);
        move || {
            let Ok(mut u) = unsaved.lock() else { return };
            if let Some(timer) = u.timer.take() {
                timer.clear();
            }
            if let Some(values) = u.values.take() {
                if values.is_blank() {
                    storage::remove(&key);
                } else {
                    storage::set(&key, &values.to_draft());
                }
            }
        }
    };
    let flush = Arc::new(flush);
    Effect::new({
        let flush = Arc::clone(&flush);
        move |previous: Option<()>| {
            let values = snapshot(); // tracks every field
            if previous.is_none() {
                return;
            }
            let Ok(mut u) = unsaved.lock() else { return };
            u.values = Some(values);
            if let Some(timer) = u.timer.take() {
                timer.clear();
            }
            let later = Arc::clone(&flush);
            u.timer = set_timeout_with_handle(move || later(), QUIET).ok();
            if u.timer.is_none() {
                drop(u);
                flush(); // no timers: store it at once
            }
        }
    });
    let on_hide = window_event_listener(ev::pagehide, {
        let flush = Arc::clone(&flush);
        move |_| flush()
    });
    let on_hidden = window_event_listener(ev::visibilitychange, {
        let flush = Arc::clone(&flush);
        move |_| flush()
    });
    on_cleanup(move || {
        flush();
        on_hide.remove();
        on_hidden.remove();
    });
}
