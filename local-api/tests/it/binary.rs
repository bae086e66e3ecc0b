//! The `local-api` binary: flags, the first stdout line, `--log`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::Duration;

use local_api::store::{DEMO_AGENT, DEMO_TOKEN, EMPTY_AGENT, OTHER_AGENT, OTHER_TOKEN};

const BIN: &str = env!("CARGO_BIN_EXE_local-api");

/// Kills the child when dropped, whatever happens in the test.
struct Server {
    child: Child,
    stdout: BufReader<ChildStdout>,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(args: &[&str]) -> (Server, Vec<String>) {
        let mut child = Command::new(BIN)
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("spawn local-api");
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let mut first = String::new();
        stdout.read_line(&mut first).unwrap();
        let first = first.trim_end().to_string();
        let port: u16 = first
            .strip_prefix("listening on http://127.0.0.1:")
            .unwrap_or_else(|| panic!("first line: {first:?}"))
            .parse()
            .unwrap_or_else(|_| panic!("first line: {first:?}"));
        assert_ne!(port, 0);
        let mut lines = vec![first];
        // The seed lines follow at once.
        for _ in 0..3 {
            let mut l = String::new();
            stdout.read_line(&mut l).unwrap();
            lines.push(l.trim_end().to_string());
        }
        (
            Server {
                child,
                stdout,
                port,
            },
            lines,
        )
    }

    /// A raw request with `Connection: close`; the whole answer.
    fn request(&self, head: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(head.as_bytes()).unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    }

    fn next_line(&mut self) -> String {
        let mut l = String::new();
        self.stdout.read_line(&mut l).unwrap();
        l.trim_end().to_string()
    }
}

#[test]
fn prints_listening_line_first_then_the_seeds() {
    let (server, lines) = Server::start(&[]);
    assert_eq!(
        lines[0],
        format!("listening on http://127.0.0.1:{}", server.port)
    );
    assert_eq!(
        lines[1],
        format!("account demo: token {DEMO_TOKEN} agent {DEMO_AGENT} \"Demo Receptionist\" (3 trainings)")
    );
    assert_eq!(
        lines[2],
        format!(
            "account demo: token {DEMO_TOKEN} agent {EMPTY_AGENT} \"Empty Agent\" (0 trainings)"
        )
    );
    assert_eq!(
        lines[3],
        format!(
            "account other: token {OTHER_TOKEN} agent {OTHER_AGENT} \"Other Agent\" (0 trainings)"
        )
    );
    let answer = server.request(&format!(
        "GET /api/v1/agents/{DEMO_AGENT} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {DEMO_TOKEN}\r\nConnection: close\r\n\r\n"
    ));
    assert!(answer.starts_with("HTTP/1.1 200 "), "{answer}");
    assert!(answer.contains("Demo Receptionist"));
}

#[test]
fn log_prints_method_raw_path_status_and_never_the_token() {
    let (mut server, _) = Server::start(&["--log"]);
    server.request(&format!(
        "GET /api/v1/agents/a%2Fb/trainings?q=%20 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {DEMO_TOKEN}\r\nConnection: close\r\n\r\n"
    ));
    server.request(&format!(
        "POST /api/v1/agents/{DEMO_AGENT}/publish HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer talq_secret_value\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    ));
    let first = server.next_line();
    let second = server.next_line();
    assert_eq!(first, "GET /api/v1/agents/a%2Fb/trainings?q=%20 404");
    assert_eq!(
        second,
        format!("POST /api/v1/agents/{DEMO_AGENT}/publish 401")
    );
    for line in [&first, &second] {
        assert!(!line.contains("talq_"), "{line}");
    }
}

#[test]
fn faults_flag_enables_the_controls() {
    let (mut server, _) = Server::start(&["--faults"]);
    assert!(server.next_line().starts_with("faults on:"));
    let answer = server
        .request("GET /__test/requests HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 200 "), "{answer}");
    let answer = server.request(&format!(
        "POST /api/v1/agents/{DEMO_AGENT}/trainings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {DEMO_TOKEN}\r\nX-Talkover-Fault: drop\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(answer, "");
}

#[test]
fn state_flag_keeps_changes_across_restarts() {
    let file = std::env::temp_dir().join(format!("local-api-bin-{}.json", std::process::id()));
    let _ = std::fs::remove_file(&file);
    let path = file.to_str().unwrap();
    {
        let (server, _) = Server::start(&["--state", path]);
        let body = r#"{"subject":"Persisted","instructions":"i"}"#;
        let answer = server.request(&format!(
            "POST /api/v1/agents/{EMPTY_AGENT}/trainings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {DEMO_TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ));
        assert!(answer.starts_with("HTTP/1.1 200 "), "{answer}");
    }
    let (server, lines) = Server::start(&["--state", path]);
    assert!(
        lines[2].ends_with("\"Empty Agent\" (1 training)"),
        "{}",
        lines[2]
    );
    let answer = server.request(&format!(
        "GET /api/v1/agents/{EMPTY_AGENT}/trainings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {DEMO_TOKEN}\r\nConnection: close\r\n\r\n"
    ));
    assert!(answer.contains("Persisted"), "{answer}");
    drop(server);
    let _ = std::fs::remove_file(&file);
}

#[test]
fn help_lists_every_flag() {
    let out = Command::new(BIN).arg("--help").output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for flag in [
        "--port",
        "--host",
        "--state",
        "--allow-origin",
        "--no-cors",
        "--faults",
        "--log",
        "--rate-limit",
        "--max-trainings",
        "--max-agent-bytes",
        "--help",
        "--version",
    ] {
        assert!(help.contains(flag), "{flag} missing from:\n{help}");
    }
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::new(BIN).args(["--port", &port]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot start"));
    assert!(out.stdout.is_empty());
}
