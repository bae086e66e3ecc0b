//! The rate limit: a fixed window per key, as Laravel's `throttle` counts
//! (the window starts at the key's first request; refused requests are not
//! counted). Keyed by the bearer token when it is a known one, else by the
//! client's address, so that made-up tokens cannot grow the table.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::lock;

/// What requests are counted by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// A known account's token.
    Token(String),
    /// The client's address (`None` when unknown, as in `local_api::app` without `Bound::run`).
    Peer(Option<IpAddr>),
}

/// Windows kept before expired ones are swept.
const SWEEP_AT: usize = 4096;

pub struct RateLimiter {
    limit: u32,
    window: Duration,
    windows: Mutex<HashMap<Key, (Instant, u32)>>,
}

impl RateLimiter {
    /// `limit` requests per `window`; 0 is no limit.
    pub fn new(limit: u32, window: Duration) -> RateLimiter {
        RateLimiter {
            limit,
            window,
            windows: Mutex::new(HashMap::new()),
        }
    }

    pub fn enabled(&self) -> bool {
        self.limit > 0
    }

    /// Counts a request: `None` when it is allowed, else the whole seconds
    /// until its window frees (at least 1), for `Retry-After`.
    pub fn hit(&self, key: Key) -> Option<u64> {
        if !self.enabled() {
            return None;
        }
        let now = Instant::now();
        let mut windows = lock(&self.windows);
        if windows.len() >= SWEEP_AT {
            windows.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = windows.entry(key).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.limit {
            let left = self.window.saturating_sub(now.duration_since(entry.0));
            let secs = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            return Some(secs.max(1));
        }
        entry.1 += 1;
        None
    }
}
