//! Running `policykg serve` for the integration tests: on a free local port,
//! killed when the handle drops, with a plain HTTP client over it.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running server; killed on drop.
pub struct Server {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Server {
    /// Starts `policykg serve --bind 127.0.0.1:0` on `store` with `extra` flags
    /// and waits for the address it prints.
    pub fn start(store: &Path, extra: &[&str]) -> Server {
        Server::start_with_env(store, extra, &[])
    }

    /// [`Server::start`] with environment variables set for the server.
    pub fn start_with_env(store: &Path, extra: &[&str], env: &[(&str, &str)]) -> Server {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("policykg"))
            .arg("--store")
            .arg(store)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .args(extra)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("policykg serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("reads the address line");
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|a| a.parse().ok())
            .unwrap_or_else(|| {
                let _ = child.kill();
                panic!("no address in `{line}`")
            });
        Server { child, addr }
    }

    /// `http://ADDR` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The server process is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer: status, content type, body.
#[derive(Debug)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`, empty when absent.
    pub content_type: String,
    /// The body as text.
    pub body: String,
    /// `WWW-Authenticate`, empty when absent.
    pub challenge: String,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

fn answer(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut r = r.expect("the server answers");
    let status = r.status().as_u16();
    let content_type = r
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let challenge = r
        .headers()
        .get("www-authenticate")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = r
        .body_mut()
        .with_config()
        .limit(256 * 1024 * 1024)
        .read_to_string()
        .unwrap_or_default();
    Answer {
        status,
        content_type,
        body,
        challenge,
    }
}

/// `METHOD url` with an optional body of `content_type` and the given headers.
pub fn send(
    method: &str,
    url: &str,
    body: Option<(&str, &str)>,
    headers: &[(&str, &str)],
) -> Answer {
    let mut req = ureq::http::Request::builder().method(method).uri(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let (kind, text) = body.unwrap_or(("text/plain", ""));
    if body.is_some() {
        req = req.header("Content-Type", kind);
    }
    let req = req.body(text.to_string()).expect("a request");
    answer(agent().run(req))
}

/// `GET url` with the given headers.
pub fn get(url: &str, headers: &[(&str, &str)]) -> Answer {
    let mut req = agent().get(url);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    answer(req.call())
}

/// `POST url` with a body of `content_type`.
pub fn post(url: &str, content_type: &str, body: &str, headers: &[(&str, &str)]) -> Answer {
    let mut req = agent().post(url).header("Content-Type", content_type);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    answer(req.send(body))
}

/// Sends raw bytes and returns the status of the answer (0 when the
/// server closed the connection without one).
pub fn raw(addr: SocketAddr, request: &[u8]) -> u16 {
    let mut s = TcpStream::connect(addr).expect("connects");
    s.set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    let _ = s.write_all(request);
    let mut buf = Vec::new();
    let _ = s.read_to_end(&mut buf);
    let text = String::from_utf8_lossy(&buf);
    text.strip_prefix("HTTP/1.1 ")
        .and_then(|r| r.get(..3))
        .and_then(|c| c.parse().ok())
        .unwrap_or(0)
}

/// Percent-encodes a query parameter.
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The Python of the test venv (`target/ci-venv`), else `python3`.
pub fn python() -> PathBuf {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-venv/bin/python3");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

/// Whether tools the tests need must be there: always, unless
/// `POLICYKG_SKIP_READERS=1` skips their tests on purpose.
pub fn required() -> bool {
    std::env::var("POLICYKG_SKIP_READERS").as_deref() != Ok("1")
}
