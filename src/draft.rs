//! Keeps what is typed in `sessionStorage`, without writing on every keystroke.
//!
//! The core asks for the draft to be kept after every change
//! ([`Effect::Draft`](talkover_core::state::Effect::Draft)); it is stored once
//! typing pauses for [`QUIET`], at once when the core says so (Clear, a
//! save), and when the page is hidden or left or the form unmounted, so a
//! reload still finds it. Measured with `make bench` (issue 8): the median
//! time per keystroke at 20,000 characters of Instructions went from 0.4 to
//! 0.2 ms; the p99 (about 20 ms) is the browser's own layout of the textarea.

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

/// Writes the draft of one form under its key.
#[derive(Clone)]
pub struct DraftWriter {
    key: Arc<str>,
    unsaved: Arc<Mutex<Unsaved>>,
}

impl DraftWriter {
    /// A writer for `key` that also stores on `pagehide`, `visibilitychange`
    /// and when the current reactive owner is cleaned up (unmount).
    pub fn new(key: String) -> DraftWriter {
        let writer = DraftWriter {
            key: key.into(),
            unsaved: Arc::default(),
        };
        let on_hide = window_event_listener(ev::pagehide, {
            let w = writer.clone();
            move |_| w.flush()
        });
        let on_hidden = window_event_listener(ev::visibilitychange, {
            let w = writer.clone();
            move |_| w.flush()
        });
        let w = writer.clone();
        on_cleanup(move || {
            w.flush();
            on_hide.remove();
            on_hidden.remove();
        });
        writer
    }

    /// Keeps `values`: at once, or once typing pauses.
    pub fn keep(&self, values: FormValues, at_once: bool) {
        let Ok(mut u) = self.unsaved.lock() else {
            return;
        };
        u.values = Some(values);
        if let Some(timer) = u.timer.take() {
            timer.clear();
        }
        if !at_once {
            let later = self.clone();
            u.timer = set_timeout_with_handle(move || later.flush(), QUIET).ok();
        }
        let now = u.timer.is_none(); // at once, or no timers here
        drop(u);
        if now {
            self.flush();
        }
    }

    /// Stores what is pending now; a blank form removes the draft.
    pub fn flush(&self) {
        let Ok(mut u) = self.unsaved.lock() else {
            return;
        };
        if let Some(timer) = u.timer.take() {
            timer.clear();
        }
        if let Some(values) = u.values.take() {
            if values.is_blank() {
                storage::remove(&self.key);
            } else {
                storage::set(&self.key, &values.to_draft());
            }
        }
    }
}
