//! Where requests go: the API base URL and request paths.
//!
//! Parsed by hand rather than with the `url` crate, which would add its IDNA
//! tables to the wasm bundle; the grammar accepted here is deliberately small.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use thiserror::Error;

/// The hosted API, used when the page is not told otherwise.
pub const DEFAULT_API_BASE: &str = "https://app.talkover.ai";

/// Why an API base URL was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ConfigError {
    #[error("The API address is empty.")]
    Empty,
    #[error("The API address “{0}” is not a URL: it must start with https://.")]
    NotUrl(String),
    #[error("The API address “{0}” must use https:// (http:// is allowed only for localhost).")]
    InsecureScheme(String),
    #[error("The API address “{0}” must not contain a user name, password, query or fragment.")]
    Extras(String),
    #[error("The API address “{0}” has no valid host.")]
    BadHost(String),
}

/// A checked API base: `https://host[:port][/path]`, or `http:` on a loopback host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiBase {
    scheme: &'static str,
    /// Host and optional port, lower-cased.
    authority: String,
    /// Path prefix without a trailing slash (often empty).
    path: String,
}

/// Everything but `A-Z a-z 0-9 - . _ ~` is percent-encoded in a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a value as exactly one path segment, so no value can
/// change the request's path.
///
/// Browsers (the WHATWG URL parser) read `%2E` as a dot, so `%2E%2E` would
/// still climb a level: `.` and `..` are double-encoded instead (the server
/// then sees a harmless literal `%2E%2E`). The form refuses such ids before
/// sending ([`crate::form::agent_id_errors`]); this is the second line.
pub fn encode_segment(value: &str) -> String {
    match value {
        "." => "%252E".to_string(),
        ".." => "%252E%252E".to_string(),
        _ => utf8_percent_encode(value, SEGMENT).to_string(),
    }
}

fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host.ends_with(".localhost") || host == "[::1]" {
        return true;
    }
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts[0] == "127"
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok())
}

fn valid_host(host: &str) -> bool {
    if host.starts_with('[') {
        return host.ends_with(']')
            && host.len() > 2
            && host[1..host.len() - 1]
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
    }
    !host.is_empty()
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

impl ApiBase {
    /// Checks a base URL as given in configuration.
    pub fn parse(input: &str) -> Result<ApiBase, ConfigError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(ConfigError::Empty);
        }
        let lower = s.to_ascii_lowercase();
        let (scheme, rest) = if lower.starts_with("https://") {
            ("https", &s[8..])
        } else if lower.starts_with("http://") {
            ("http", &s[7..])
        } else if lower.contains("://") {
            return Err(ConfigError::InsecureScheme(s.to_string()));
        } else {
            return Err(ConfigError::NotUrl(s.to_string()));
        };
        if rest.contains(['?', '#', '@', '\\']) || rest.chars().any(|c| c.is_whitespace()) {
            return Err(ConfigError::Extras(s.to_string()));
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let authority = authority.to_ascii_lowercase();
        let (host, port) = match authority.rfind(':') {
            Some(i) if !authority[i..].contains(']') => {
                (&authority[..i], Some(&authority[i + 1..]))
            }
            _ => (authority.as_str(), None),
        };
        if !valid_host(host) {
            return Err(ConfigError::BadHost(s.to_string()));
        }
        if let Some(p) = port {
            if p.is_empty() || p.parse::<u16>().is_err() {
                return Err(ConfigError::BadHost(s.to_string()));
            }
        }
        if scheme == "http" && !is_loopback(host) {
            return Err(ConfigError::InsecureScheme(s.to_string()));
        }
        let path = path.trim_end_matches('/');
        if path.split('/').any(|seg| seg == ".." || seg == ".") {
            return Err(ConfigError::Extras(s.to_string()));
        }
        Ok(ApiBase {
            scheme,
            authority,
            path: path.to_string(),
        })
    }

    /// `scheme://host[:port]`, the origin the token belongs to.
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.authority)
    }

    /// The base as given, normalised: origin plus path prefix.
    pub fn as_url(&self) -> String {
        format!("{}{}", self.origin(), self.path)
    }

    /// `{base}/api/v1/agents/{agent}`
    pub fn agent_url(&self, agent_id: &str) -> String {
        format!(
            "{}/api/v1/agents/{}",
            self.as_url(),
            encode_segment(agent_id)
        )
    }

    /// `{base}/api/v1/agents/{agent}/trainings`
    pub fn trainings_url(&self, agent_id: &str) -> String {
        format!("{}/trainings", self.agent_url(agent_id))
    }

    /// `{base}/api/v1/agents/{agent}/trainings/{training}`
    pub fn training_url(&self, agent_id: &str, training_id: &str) -> String {
        format!(
            "{}/{}",
            self.trainings_url(agent_id),
            encode_segment(training_id)
        )
    }

    /// `{base}/api/v1/agents/{agent}/publish` or `/unpublish`.
    pub fn publish_url(&self, agent_id: &str, publish: bool) -> String {
        let verb = if publish { "publish" } else { "unpublish" };
        format!("{}/{verb}", self.agent_url(agent_id))
    }
}

impl Default for ApiBase {
    fn default() -> Self {
        ApiBase::parse(DEFAULT_API_BASE).expect("default API base is valid")
    }
}

/// The `sessionStorage` key of the token for an API origin.
pub fn token_key(origin: &str) -> String {
    format!("talkover.token:{origin}")
}

/// The `sessionStorage` key of the draft for an agent on an API origin.
pub fn draft_key(origin: &str, agent_id: &str) -> String {
    format!("talkover.draft:{origin}:{}", encode_segment(agent_id))
}

/// Tokens normally start with this; others get a warning, not a block.
pub const TOKEN_PREFIX: &str = "talq_";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_https_and_loopback_http() {
        let b = ApiBase::parse("https://App.Talkover.ai/").unwrap();
        assert_eq!(b.origin(), "https://app.talkover.ai");
        assert_eq!(
            b.trainings_url("550e8400"),
            "https://app.talkover.ai/api/v1/agents/550e8400/trainings"
        );
        for ok in [
            "http://127.0.0.1:8080",
            "http://localhost:3000/",
            "http://[::1]:9",
            "https://example.com/proxy/",
            "http://api.localhost",
        ] {
            assert!(ApiBase::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            ApiBase::parse("https://example.com/proxy/")
                .unwrap()
                .trainings_url("a"),
            "https://example.com/proxy/api/v1/agents/a/trainings"
        );
    }

    #[test]
    fn refuses_insecure_and_odd_bases() {
        for bad in [
            "",
            "http://example.com",
            "http://127.0.0.1.evil.com",
            "http://10.0.0.1",
            "javascript:alert(1)",
            "ftp://x",
            "//evil.com",
            "https://user:pw@evil.com",
            "https://x.com?a=b",
            "https://x.com#f",
            "https://x.com:99999",
            "https://",
            "https://x.com/../y",
            "data:text/html,hi",
        ] {
            assert!(ApiBase::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ids_stay_one_segment() {
        let b = ApiBase::parse("http://127.0.0.1:1").unwrap();
        assert_eq!(
            b.trainings_url("../x"),
            "http://127.0.0.1:1/api/v1/agents/..%2Fx/trainings"
        );
        assert_eq!(
            b.agent_url(".."),
            "http://127.0.0.1:1/api/v1/agents/%252E%252E"
        );
        assert_eq!(b.agent_url("."), "http://127.0.0.1:1/api/v1/agents/%252E");
        assert_eq!(b.agent_url("..."), "http://127.0.0.1:1/api/v1/agents/...");
        assert_eq!(
            b.training_url("a/b", "t?x#y%z"),
            "http://127.0.0.1:1/api/v1/agents/a%2Fb/trainings/t%3Fx%23y%25z"
        );
        assert_eq!(encode_segment("é 1"), "%C3%A9%201");
    }
}

/// What a mount point asks for, from `data-` attributes or query parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The API base, or why the configured one was refused.
    pub api: Result<ApiBase, ConfigError>,
    /// Whether the API base came from configuration (then it is shown).
    pub api_configured: bool,
    /// Agent id given by configuration, if any.
    pub agent_id: Option<String>,
    /// Agent shown read-only.
    pub lock_agent: bool,
    /// Status preselected for a new training.
    pub default_status: crate::Status,
    /// Show the list/publish workspace around the form.
    pub workspace: bool,
}

fn flag(value: Option<String>) -> bool {
    matches!(
        value.as_deref().map(str::trim),
        Some("" | "true" | "1" | "yes" | "on")
    )
}

impl Settings {
    /// Reads settings through `get`, which returns the value of a name:
    /// `api-base`, `agent-id`, `status`, `workspace`, `lock-agent` (the
    /// `data-` attribute names without the prefix). The standalone page maps
    /// its query parameters `api` and `agent` onto the same names.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Settings {
        let api_raw = get("api-base").filter(|s| !s.trim().is_empty());
        let agent_id = get("agent-id")
            .map(|s| crate::validate::trim(&s).to_string())
            .filter(|s| !s.is_empty());
        Settings {
            api_configured: api_raw.is_some(),
            api: ApiBase::parse(api_raw.as_deref().unwrap_or(DEFAULT_API_BASE)),
            lock_agent: agent_id.is_some() && flag(get("lock-agent")),
            agent_id,
            default_status: get("status")
                .and_then(|s| crate::Status::parse(s.trim()))
                .unwrap_or_default(),
            workspace: flag(get("workspace")),
        }
    }
}

#[cfg(test)]
mod settings_tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults() {
        let s = settings(&[]);
        assert_eq!(s.api.unwrap().origin(), DEFAULT_API_BASE);
        assert!(!s.api_configured && !s.workspace && !s.lock_agent);
        assert_eq!(s.agent_id, None);
        assert_eq!(s.default_status, crate::Status::Active);
    }

    #[test]
    fn attributes_are_read_and_checked() {
        let s = settings(&[
            ("api-base", "http://127.0.0.1:9000/"),
            ("agent-id", " abc "),
            ("status", "inactive"),
            ("workspace", ""),
            ("lock-agent", "true"),
        ]);
        assert_eq!(s.api.unwrap().as_url(), "http://127.0.0.1:9000");
        assert_eq!(s.agent_id.as_deref(), Some("abc"));
        assert!(s.api_configured && s.workspace && s.lock_agent);
        assert_eq!(s.default_status, crate::Status::Inactive);
        let bad = settings(&[("api-base", "http://evil.example"), ("lock-agent", "true")]);
        assert!(matches!(bad.api, Err(ConfigError::InsecureScheme(_))));
        assert!(!bad.lock_agent, "nothing to lock without an agent");
        assert!(!settings(&[("workspace", "false")]).workspace);
    }
}

/// The `sessionStorage` key of the remembered node ids of an agent's trainings.
pub fn nodes_key(origin: &str, agent_id: &str) -> String {
    format!("talkover.nodes:{origin}:{}", encode_segment(agent_id))
}
