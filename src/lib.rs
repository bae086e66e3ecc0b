//! Browser shell of the Talkover training form: Leptos components, storage and
//! HTTP around the pure core in `talkover-core`.
//!
//! - [`mount`]: finds the mount points and their configuration, mounts one app each.
//! - [`components`]: the UI, one component per file.
//! - [`http`]: gloo-net requests with a time limit, turned into core outcomes.
//! - [`storage`]: `sessionStorage` for the token and drafts.
//! - [`events`]: `CustomEvent`s for the host page.

pub mod components;
pub mod draft;
pub mod events;
pub mod http;
pub mod mount;
pub mod state;
pub mod storage;

/// Mounts the form into every `[data-talkover-training]` element, or into
/// `<body>` when there is none.
pub fn start() {
    mount::mount_all();
}
