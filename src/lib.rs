//! Browser shell of the Talkover training form: Leptos components, storage and
//! HTTP around the pure core in `talkover-core`.
//!
//! - [`mount`]: finds the mount points and their configuration, mounts one app each.
//! - [`components`]: the UI, one component per file.
//! - [`store`]: one instance's state; sends messages to the core and performs its effects.
//! - [`api`]: the typed client: core requests sent with gloo-net, answers back as messages.
//! - [`storage`]: `sessionStorage` for the token and drafts.
//! - [`draft`]: writes the draft once typing pauses, and when the page is hidden.
//! - [`events`]: `CustomEvent`s for the host page.
//! - [`takeover`]: a pre-rendered form gives way to the app, keeping what was typed.

pub mod api;
pub mod components;
pub mod draft;
pub mod events;
pub mod mount;
pub mod storage;
pub mod store;
pub mod takeover;

/// Mounts the form into every `[data-talkover-training]` element, or into
/// `<body>` when there is none.
pub fn start() {
    mount::mount_all();
}
