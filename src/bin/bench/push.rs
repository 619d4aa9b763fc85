//! The push figure: `policykg push` of the benchmark's store to a local
//! `oxigraph serve` (on-disk, free port, started and stopped here), timed
//! against `policykg dump` of the same store to a file, in the same run —
//! the ratio says what the HTTP path costs over writing the same RDF.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::measure::secs;

/// One push of the store and its reference.
pub struct PushRun {
    /// `policykg push --endpoint …/store` wall seconds.
    pub push_s: f64,
    /// `policykg dump -o FILE` (N-Quads) wall seconds.
    pub dump_s: f64,
    /// Graphs sent.
    pub graphs: usize,
}

impl PushRun {
    /// `push_s / dump_s`.
    pub fn push_vs_dump(&self) -> f64 {
        self.push_s / self.dump_s
    }
}

/// Kills the server when dropped.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Dumps, then pushes the store at `store` to a fresh Oxigraph server whose
/// data lives under `dir`. `Err` says why it could not run (no `oxigraph`).
pub fn time_push(binary: &Path, store: &Path, dir: &Path) -> Result<PushRun, String> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("no free port: {e}"))?
        .port();
    let server = Command::new("oxigraph")
        .arg("serve")
        .arg("--location")
        .arg(dir.join("oxigraph"))
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start `oxigraph serve` (pip install oxigraph): {e}"))?;
    let _server = Server(server);
    let base = format!("http://127.0.0.1:{port}");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(2)))
        .http_status_as_error(false)
        .build()
        .into();
    let start = Instant::now();
    while agent
        .get(format!("{base}/query?query=ASK%7B%7D"))
        .call()
        .map_or(true, |r| r.status().as_u16() != 200)
    {
        if start.elapsed() > Duration::from_secs(30) {
            return Err("oxigraph serve did not answer in 30 s".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }

    let dump_file = dir.join("dump.nq");
    let t = Instant::now();
    run(Command::new(binary)
        .arg("--store")
        .arg(store)
        .args(["dump", "-o"])
        .arg(&dump_file))?;
    let dump_s = secs(t);
    std::fs::remove_file(&dump_file).ok();

    let t = Instant::now();
    let out = run(Command::new(binary).arg("--store").arg(store).args([
        "push",
        "--endpoint",
        &format!("{base}/store"),
    ]))?;
    let push_s = secs(t);
    let graphs = out
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    Ok(PushRun {
        push_s,
        dump_s,
        graphs,
    })
}

/// Runs a child to the end; its standard output, or why it failed.
fn run(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
