//! A fault-injecting HTTP proxy in front of a real server, for the push
//! tests' bad cases: it passes a number of requests through, then answers
//! every next one with a 500, or answers everything with a 401, or holds
//! every request without an answer (a timeout). Bounded: a held request is
//! let go after ten seconds, and the proxy stops when dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What the proxy does to the requests.
#[derive(Clone, Copy, Debug)]
pub enum Fault {
    /// Pass this many requests through, then answer 500 to every next one.
    FailAfter(usize),
    /// Answer 401 to everything.
    Unauthorized,
    /// Read each request and never answer it.
    Hang,
}

/// A running proxy.
pub struct Proxy {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// Requests received so far.
    pub requests: Arc<AtomicUsize>,
    healed: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Proxy {
    /// From now on every request passes through.
    pub fn heal(&self) {
        self.healed.store(true, Ordering::SeqCst);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Starts a proxy to `upstream` (`127.0.0.1:PORT`).
pub fn start(upstream: String, fault: Fault) -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let requests = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let healed = Arc::new(AtomicBool::new(false));
    let thread = {
        let (requests, stop, healed) = (requests.clone(), stop.clone(), healed.clone());
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(120);
            while !stop.load(Ordering::SeqCst) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((client, _)) => {
                        let _ = client.set_nonblocking(false);
                        let n = requests.fetch_add(1, Ordering::SeqCst);
                        let fault = if healed.load(Ordering::SeqCst) {
                            Fault::FailAfter(usize::MAX)
                        } else {
                            fault
                        };
                        let _ = serve(client, &upstream, fault, n, &stop);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        })
    };
    Proxy {
        base,
        requests,
        healed,
        stop,
        thread: Some(thread),
    }
}

/// Reads one request: its head (without `Connection`) and body.
fn read_request(r: &mut BufReader<TcpStream>) -> std::io::Result<(String, Vec<u8>)> {
    let mut head = String::new();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        if !lower.starts_with("connection:") {
            head.push_str(&line);
        }
    }
    let mut body = vec![0; length];
    r.read_exact(&mut body)?;
    Ok((head, body))
}

/// Serves one connection: one request, one answer, then the connection closes.
fn serve(
    client: TcpStream,
    upstream: &str,
    fault: Fault,
    n: usize,
    stop: &AtomicBool,
) -> std::io::Result<()> {
    client.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(client.try_clone()?);
    let (head, body) = read_request(&mut reader)?;
    let mut client = client;
    let answer = |status: &str, text: &str| {
        format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
            text.len()
        )
    };
    match fault {
        Fault::Unauthorized => {
            client.write_all(answer("401 Unauthorized", "credentials required\n").as_bytes())
        }
        Fault::FailAfter(k) if n >= k => {
            client.write_all(answer("500 Internal Server Error", "injected failure\n").as_bytes())
        }
        Fault::Hang => {
            let until = Instant::now() + Duration::from_secs(10);
            while Instant::now() < until && !stop.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(20));
            }
            Ok(())
        }
        Fault::FailAfter(_) => {
            let mut up = TcpStream::connect(upstream)?;
            up.write_all(head.as_bytes())?;
            up.write_all(b"Connection: close\r\n\r\n")?;
            up.write_all(&body)?;
            let mut response = Vec::new();
            up.read_to_end(&mut response)?;
            // the client must not reuse this connection: say it closes
            let split = response
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .unwrap_or(response.len());
            let head = String::from_utf8_lossy(&response[..split]);
            let mut out: String = head
                .lines()
                .filter(|l| !l.to_ascii_lowercase().starts_with("connection:"))
                .map(|l| format!("{l}\r\n"))
                .collect();
            out.push_str("Connection: close\r\n");
            client.write_all(out.as_bytes())?;
            client.write_all(&response[split..])
        }
    }
}
