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
    #[error(
        "The API address “{0}” must not contain spaces, a user name, password, query or fragment."
    )]
    Extras(String),
    #[error("The API address “{0}” has no valid host.")]
    BadHost(String),
    /// A link asked for an API origin that this page does not allow.
    #[error("This page does not send API tokens to {0}: that API origin is not on its list of allowed origins, so this form is switched off and nothing is sent. If you deploy this page, add the origin to the talkover-api-origins meta tag in its index.html.")]
    NotAllowed(String),
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

/// `localhost`, any `*.localhost` (browsers resolve it to loopback, as
/// RFC 6761 asks), `127.x.y.z` and `[::1]`.
fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || (host.starts_with("127.") && canonical_ipv4(host))
}

/// A dotted-decimal IPv4 address exactly as a browser writes it back: four
/// parts, 0–255, no leading zeros.
fn canonical_ipv4(host: &str) -> bool {
    let parts: Vec<&str> = host.split('.').collect();
    parts.len() == 4
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.len() <= 3
                && p.bytes().all(|b| b.is_ascii_digit())
                && (p.len() == 1 || !p.starts_with('0'))
                && p.parse::<u8>().is_ok()
        })
}

/// A host the browser writes back unchanged. Browsers read a host whose last
/// label is a number (or `0x…`) as an IPv4 address in any of its forms
/// (`127.1`, `0x7f.0.0.1`, `017700000001`): only the canonical dotted form
/// is kept. Of IPv6 only the loopback `[::1]` is accepted (other forms are
/// rewritten by the browser). Non-ASCII hosts are refused (give punycode).
fn valid_host(host: &str) -> bool {
    if host.starts_with('[') {
        return host == "[::1]";
    }
    let labels_ok = !host.is_empty()
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    let last = host.rsplit('.').next().unwrap_or_default();
    let numeric =
        !last.is_empty() && (last.bytes().all(|b| b.is_ascii_digit()) || last.starts_with("0x"));
    labels_ok && (!numeric || canonical_ipv4(host))
}

/// The port as the browser keeps it: digits only, at most 65535, and none
/// when it is the scheme's default.
fn normal_port(scheme: &str, port: &str) -> Option<Option<u16>> {
    if port.is_empty() || port.len() > 5 || !port.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u16 = port.parse().ok()?;
    let default = if scheme == "https" { 443 } else { 80 };
    Some((n != default).then_some(n))
}

/// A path the browser keeps as written: ASCII path characters only, `%`
/// followed by two hex digits, and no `.`/`..` segment in any spelling.
fn valid_path(path: &str) -> bool {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@%/".contains(c);
    let bytes = path.as_bytes();
    let escapes_ok = bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || (bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    // A segment of dots only, each written `.` or `%2e` (any case), is a dot segment.
    let dot_segment = |seg: &str| {
        let b = seg.as_bytes();
        let (mut i, mut dots) = (0, 0);
        while i < b.len() {
            if b[i] == b'.' {
                i += 1;
            } else if b[i] == b'%'
                && b.get(i + 1) == Some(&b'2')
                && matches!(b.get(i + 2), Some(b'e' | b'E'))
            {
                i += 3;
            } else {
                return false;
            }
            dots += 1;
        }
        dots == 1 || dots == 2
    };
    let no_dots = !path.split('/').any(dot_segment);
    path.chars().all(allowed) && escapes_ok && no_dots
}

impl ApiBase {
    /// Checks a base URL as given in configuration.
    ///
    /// What is accepted is read the same way by the browser's own URL parser
    /// (a browser unit test compares the two on hundreds of tricky strings);
    /// anything the browser would read differently is refused.
    pub fn parse(input: &str) -> Result<ApiBase, ConfigError> {
        // As the URL parser: only C0 controls and spaces are stripped at the ends.
        let s = input.trim_matches(|c: char| c <= ' ');
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
        if rest.contains(['?', '#', '@', '\\'])
            || rest.chars().any(|c| c.is_whitespace() || c.is_control())
        {
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
        let port = match port {
            None => None,
            Some(p) => normal_port(scheme, p).ok_or_else(|| ConfigError::BadHost(s.to_string()))?,
        };
        if scheme == "http" && !is_loopback(host) {
            return Err(ConfigError::InsecureScheme(s.to_string()));
        }
        let path = path.trim_end_matches('/');
        if !valid_path(path) {
            return Err(ConfigError::Extras(s.to_string()));
        }
        let authority = match port {
            Some(p) => format!("{host}:{p}"),
            None => host.to_string(),
        };
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

    /// The path prefix, without a trailing slash (often empty).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Whether it is `http:` (then on a loopback host).
    pub fn is_loopback_http(&self) -> bool {
        self.scheme == "http"
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

/// The API origins a link (`?api=`) may point the standalone page at: the
/// hosted API, any `http` loopback origin, and what the deployer lists in
/// `<meta name="talkover-api-origins" content="https://a.example https://b.example">`
/// beside the page. A host page's own `data-api-base` needs no listing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllowedOrigins(Vec<String>);

impl AllowedOrigins {
    /// The default list plus the origins in a meta tag's `content`
    /// (separated by spaces or commas; entries that are not valid bases are ignored).
    pub fn from_meta(content: Option<&str>) -> AllowedOrigins {
        let mut list = vec![ApiBase::default().origin()];
        for entry in content
            .unwrap_or_default()
            .split(|c: char| c == ',' || c.is_ascii_whitespace())
        {
            if let Ok(base) = ApiBase::parse(entry) {
                if !list.contains(&base.origin()) {
                    list.push(base.origin());
                }
            }
        }
        AllowedOrigins(list)
    }

    /// Whether a link may point the page at `base`.
    pub fn allows(&self, base: &ApiBase) -> bool {
        base.is_loopback_http() || self.0.contains(&base.origin())
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
    fn bases_are_read_as_the_browser_reads_them() {
        for (given, origin) in [
            ("https://x.com:443", "https://x.com"),
            ("https://x.com:0443/", "https://x.com"),
            ("http://localhost:080", "http://localhost"),
            ("http://127.0.0.1:08081", "http://127.0.0.1:8081"),
            ("\t https://x.com \n", "https://x.com"),
            ("HTTPS://X.COM", "https://x.com"),
        ] {
            assert_eq!(ApiBase::parse(given).unwrap().origin(), origin, "{given:?}");
        }
        for refused in [
            "https://x.com:+443",
            "https://x.com:4_43",
            "https://127.1",
            "https://0x7f.0.0.1",
            "http://0177.0.0.1",
            "https://1.2.3.04",
            "https://example.123",
            "https://x.com/%2e%2E/y",
            "https://x.com/a/%2E",
            "https://x.com/a%zz",
            "https://x.com/é",
            "https://x.com/a b",
            "https://x.com/a\tb",
            "https://[0:0:0:0:0:0:0:1]",
            "https://[2001:db8::1]",
            "\u{A0}https://x.com",
            "https://exämple.com",
            "https://x.com.",
        ] {
            assert!(ApiBase::parse(refused).is_err(), "{refused:?}");
        }
        assert_eq!(ApiBase::parse("https://x.com/p/").unwrap().path(), "/p");
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
        Settings::from_page(get, |_| None, &AllowedOrigins::from_meta(None))
    }

    /// Reads settings from what the page's HTML says (`attribute`, trusted:
    /// the host wrote it) and, for what that leaves out, from the query of a
    /// link (`query`, not trusted): an API base from the query is used only
    /// when `allowed` has its origin; otherwise it is refused
    /// ([`ConfigError::NotAllowed`]) and nothing is ever sent.
    pub fn from_page(
        attribute: impl Fn(&str) -> Option<String>,
        query: impl Fn(&str) -> Option<String>,
        allowed: &AllowedOrigins,
    ) -> Settings {
        let get = |name: &str| attribute(name).or_else(|| query(name));
        let from_link = attribute("api-base").is_none() && query("api-base").is_some();
        let mut settings = Settings::read(get);
        if from_link {
            if let Ok(base) = &settings.api {
                if !allowed.allows(base) {
                    settings.api = Err(ConfigError::NotAllowed(base.origin()));
                }
            }
        }
        settings
    }

    fn read(get: impl Fn(&str) -> Option<String>) -> Settings {
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
    fn a_link_may_only_point_at_an_allowed_api_origin() {
        let query = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            }
        };
        let none = |_: &str| None;
        let listed =
            AllowedOrigins::from_meta(Some(" https://staging.example.com, nonsense http://x.com "));
        let evil = query(&[("api-base", "https://app.talkover.ai.evil.example")]);
        assert_eq!(
            Settings::from_page(none, evil, &listed).api,
            Err(ConfigError::NotAllowed(
                "https://app.talkover.ai.evil.example".into()
            ))
        );
        for ok in [
            "https://staging.example.com/v",
            "http://127.0.0.1:9",
            "https://APP.talkover.ai:443/",
        ] {
            let s = Settings::from_page(
                none,
                move |k: &str| (k == "api-base").then(|| ok.to_string()),
                &listed,
            );
            assert!(s.api.is_ok(), "{ok}");
        }
        // The host page's own attribute is its choice.
        let host = |k: &str| (k == "api-base").then(|| "https://partner.example".to_string());
        assert!(Settings::from_page(host, evil, &listed).api.is_ok());
        assert!(!AllowedOrigins::from_meta(None)
            .allows(&ApiBase::parse("https://staging.example.com").unwrap()));
        assert!(ConfigError::NotAllowed("https://e.example".into())
            .to_string()
            .contains("talkover-api-origins"));
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
