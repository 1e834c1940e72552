//! What the collector logs: method, route, status and duration — no address, user agent,
//! cookie or query string. In its own test binary: it installs a log collector.

mod common;

use common::*;
use std::io::Write;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn the_log_holds_no_address_user_agent_or_cookie() {
    let captured = Captured::default();
    let sink = captured.clone();
    // Everything, at every level, from every crate.
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .with_ansi(false)
        .init();

    let backend = Backend::sqlite();
    let server = backend.start(&settings_with_team()).await;
    // Plain requests over a socket: an HTTP client library would log addresses of its own.
    let app = fit_record(1, Some("noord"), (2026, 8, 12)).to_string();
    let team = team_record(2, "noord", "phone", "housing", "fits", (2026, 8, 12)).to_string();
    for (method, path, body, key) in [
        ("POST", "/v1/records", &app, "marker-wrong-team-key"),
        ("POST", "/v1/records", &team, TEAM_KEY),
        ("POST", "/v1/records", &team, "marker-wrong-team-key"),
        ("POST", "/nowhere", &app, TEAM_KEY),
        ("GET", "/v1/register.json?wijk=marker-query", &app, TEAM_KEY),
    ] {
        let request = format!(
            "{method} {path} HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n\
             user-agent: MarkerAgent/9.9 (Jan de Vries)\r\ncookie: session=marker-cookie\r\n\
             authorization: Bearer {key}\r\n\
             x-forwarded-for: 203.0.113.77\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        );
        let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 "), "{answer}");
    }
    server.stop().await.unwrap();

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("POST /v1/records 201"), "the request log works:\n{log}");
    assert!(log.contains("POST /v1/records 403"), "the wrong team key was refused:\n{log}");
    let secrets =
        ["127.0.0.1", "MarkerAgent", "marker-cookie", "203.0.113.77", "marker-query", "marker-wrong-team-key"];
    for secret in secrets.into_iter().chain([TEAM_KEY, "team-noord"]) {
        assert!(!log.contains(secret), "the log holds {secret:?}:\n{log}");
    }
}
