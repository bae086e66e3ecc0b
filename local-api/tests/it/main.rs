//! The local API's integration tests, one binary: each module a concern,
//! `support` the shared helpers (a server per test, real HTTP).

mod api;
mod binary;
mod faults;
mod limits;
mod support;
