//! The HTTP side of `policykg push`: one blocking client (ureq, rustls) with
//! a per-request timeout, basic or bearer authentication, and retries with
//! exponential backoff on what may pass (a 5xx, 408 or 429, a timeout, a
//! refused or reset connection). A 401 or 403 and other 4xx answers fail at
//! once: sending the same request again would get the same answer.

use std::time::Duration;

use base64::Engine;

use crate::error::{Error, Result};

/// Credentials for the remote store.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    /// HTTP basic authentication.
    Basic {
        /// User name.
        user: String,
        /// Password.
        password: String,
    },
    /// A bearer token (`Authorization: Bearer …`).
    Bearer(String),
}

impl std::fmt::Debug for Auth {
    // never print a secret
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::Basic { user, .. } => write!(f, "Basic({user}, ***)"),
            Auth::Bearer(_) => f.write_str("Bearer(***)"),
        }
    }
}

impl Auth {
    /// The `Authorization` header value.
    fn header(&self) -> String {
        match self {
            Auth::Basic { user, password } => format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"))
            ),
            Auth::Bearer(token) => format!("Bearer {token}"),
        }
    }
}

/// How hard to try.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// Attempts after the first.
    pub retries: u32,
    /// Wait before the first retry; doubled at each next one (at most 30 s).
    pub delay: Duration,
    /// Time allowed for one request, from connecting to the last byte of the answer.
    pub timeout: Duration,
}

/// An HTTP method the push uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Graph Store Protocol: replace a graph.
    Put,
    /// SPARQL Update.
    Post,
}

/// A blocking HTTP client for one endpoint.
pub struct Client {
    agent: ureq::Agent,
    authorization: Option<String>,
    retry: Retry,
}

/// What one attempt gave.
enum Attempt {
    Done,
    /// Worth another try; the reason.
    Again(String),
    /// Final.
    Fail(String),
}

impl Client {
    /// A client with these credentials and this retry policy.
    pub fn new(auth: Option<&Auth>, retry: Retry) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(retry.timeout))
            .http_status_as_error(false)
            .user_agent(concat!("policykg/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client {
            agent,
            authorization: auth.map(Auth::header),
            retry,
        }
    }

    /// Sends `body` to `url` (with the query pairs `query`), retrying as the
    /// policy says; `what` names the request in errors (`graph <…>`).
    pub fn send(
        &self,
        method: Method,
        url: &str,
        query: &[(&str, &str)],
        content_type: &str,
        body: &[u8],
        what: &str,
    ) -> Result<()> {
        let attempts = self.retry.retries + 1;
        let mut delay = self.retry.delay;
        for attempt in 1..=attempts {
            let reason = match self.attempt(method, url, query, content_type, body) {
                Attempt::Done => return Ok(()),
                Attempt::Fail(reason) => return Err(remote(url, what, reason)),
                Attempt::Again(reason) => reason,
            };
            if attempt == attempts {
                let tries = if attempts == 1 {
                    "1 attempt".to_string()
                } else {
                    format!("{attempts} attempts")
                };
                return Err(remote(url, what, format!("{reason} (after {tries})")));
            }
            std::thread::sleep(delay);
            delay = (delay * 2).min(Duration::from_secs(30));
        }
        Ok(())
    }

    fn attempt(
        &self,
        method: Method,
        url: &str,
        query: &[(&str, &str)],
        content_type: &str,
        body: &[u8],
    ) -> Attempt {
        let mut request = match method {
            Method::Put => self.agent.put(url),
            Method::Post => self.agent.post(url),
        };
        for (k, v) in query {
            request = request.query(*k, *v);
        }
        request = request.header("Content-Type", content_type);
        if let Some(a) = &self.authorization {
            request = request.header("Authorization", a);
        }
        let mut response = match request.send(body) {
            Ok(r) => r,
            Err(e) => return transport_error(e),
        };
        let status = response.status().as_u16();
        if (200..300).contains(&status) {
            // read the answer so the connection can be reused
            let _ = response.body_mut().read_to_vec();
            return Attempt::Done;
        }
        let text = response
            .body_mut()
            .with_config()
            .limit(64 * 1024)
            .read_to_string()
            .unwrap_or_default();
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("")
            .chars()
            .take(200)
            .collect::<String>();
        let reason = response
            .status()
            .canonical_reason()
            .map_or(format!("HTTP {status}"), |r| format!("HTTP {status} {r}"));
        let said = if first.is_empty() {
            reason
        } else {
            format!("{reason}: {first}")
        };
        match status {
            401 | 403 => Attempt::Fail(format!(
                "{said} (set POLICYKG_PUSH_USER and POLICYKG_PUSH_PASSWORD, or POLICYKG_PUSH_TOKEN)"
            )),
            408 | 429 | 500..=599 => Attempt::Again(said),
            _ => Attempt::Fail(said),
        }
    }
}

/// Sorts a failed request into worth another try or not.
fn transport_error(e: ureq::Error) -> Attempt {
    use std::io::ErrorKind;
    match e {
        ureq::Error::Timeout(t) => Attempt::Again(format!("no answer in time ({t})")),
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::ConnectionRefused => {
                Attempt::Again("connection refused (is the server running?)".into())
            }
            ErrorKind::ConnectionReset
            | ErrorKind::ConnectionAborted
            | ErrorKind::BrokenPipe
            | ErrorKind::UnexpectedEof
            | ErrorKind::TimedOut => Attempt::Again(format!("connection lost: {io}")),
            _ => Attempt::Fail(io.to_string()),
        },
        ureq::Error::ConnectionFailed => Attempt::Again("connection failed".into()),
        ureq::Error::Protocol(p) => Attempt::Again(format!("bad HTTP answer: {p}")),
        ureq::Error::HostNotFound => Attempt::Fail("host not found".into()),
        ureq::Error::BadUri(u) => Attempt::Fail(format!("not a URL: {u}")),
        other => Attempt::Fail(other.to_string()),
    }
}

fn remote(url: &str, what: &str, reason: String) -> Error {
    Error::Remote {
        endpoint: url.to_string(),
        message: format!("{what}: {reason}"),
    }
}
