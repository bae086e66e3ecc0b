//! Browser shell of the Talkover training form: Leptos components, storage and
//! HTTP around the pure core in `talkover-core`.
//!
//! - [`mount`]: mounts and unmounts one app per element, for the page's script.
//! - [`components`]: the UI, one component per file.
//! - [`store`]: one instance's state; sends messages to the core.
//! - [`effects`]: performs what the core asks for (requests, timers, focus, events, storage).
//! - [`instances`]: the page's mounted instances: one token per API origin.
//! - [`api`]: the typed client: core requests sent with gloo-net, answers back as messages.
//! - [`storage`]: `sessionStorage` for the token, drafts and remembered node ids.
//! - [`draft`]: writes the draft once typing pauses, and when the page is hidden.
//! - [`events`]: `CustomEvent`s for the host page.
//! - [`takeover`]: a pre-rendered form gives way to the app, keeping what was typed.

pub mod api;
pub mod components;
pub mod draft;
pub mod effects;
pub mod events;
pub mod instances;
pub mod mount;
pub mod storage;
pub mod store;
pub mod takeover;

/// Runs when the bundle has loaded, and mounts nothing: the page's script
/// (the standalone page's loader, or `talkover-training.js`) finds the
/// elements and calls [`mount::mount`] for each, [`mount::unmount`] when one
/// leaves the page.
pub fn start() {}
