//! Real SPARQL servers for the push tests, each started on free local ports
//! with its own temporary database and stopped when dropped: `oxigraph serve`
//! (the `oxigraph` package from PyPI) and Virtuoso (`virtuoso-t` from
//! Debian's `virtuoso-opensource`). A missing server fails its test, unless
//! `POLICYKG_SKIP_READERS=1` skips it on purpose.

#![allow(dead_code)]

pub mod fault;

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// A port nothing listens on (yet).
pub fn free_port() -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

/// Whether `program` is on the PATH; panics when it is not and the
/// environment requires it.
pub fn available(program: &str) -> bool {
    let ok = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|d| d.join(program).is_file()));
    assert!(
        ok || std::env::var("POLICYKG_SKIP_READERS").as_deref() == Ok("1"),
        "`{program}` is missing: install it (`bash .ci/test` does) or set POLICYKG_SKIP_READERS=1 to skip on purpose"
    );
    if !ok {
        eprintln!("skipped on purpose (POLICYKG_SKIP_READERS=1): `{program}` is missing");
    }
    ok
}

/// A running server process with its data directory.
pub struct Server {
    child: Child,
    _dir: TempDir,
    /// Base URL, `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `url` until it answers 200 (at most `within`).
fn wait_until_up(url: &str, within: Duration, child: &mut Child) {
    let start = Instant::now();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(2)))
        .http_status_as_error(false)
        .build()
        .into();
    while start.elapsed() < within {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("server exited early: {status}");
        }
        if agent
            .get(url)
            .call()
            .is_ok_and(|r| r.status().as_u16() == 200)
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{url}: no answer after {within:?}");
}

/// `oxigraph serve` on a fresh on-disk store, queries seeing the union of
/// the named graphs as their default graph.
pub fn oxigraph() -> Option<Server> {
    if !available("oxigraph") {
        return None;
    }
    let dir = TempDir::new().expect("tempdir");
    let port = free_port();
    let mut child = Command::new("oxigraph")
        .arg("serve")
        .arg("--location")
        .arg(dir.path().join("db"))
        .args([
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--union-default-graph",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("oxigraph serve starts");
    let base = format!("http://127.0.0.1:{port}");
    wait_until_up(
        &format!("{base}/query?query=ASK%7B%7D"),
        Duration::from_secs(30),
        &mut child,
    );
    Some(Server {
        child,
        _dir: dir,
        base,
    })
}

/// Virtuoso on fresh database files and free ports, with SPARQL Update
/// granted to its anonymous `SPARQL` user (as a server behind a gateway
/// that authenticates would be set up).
pub fn virtuoso() -> Option<Server> {
    if !available("virtuoso-t") || !available("isql-vt") {
        return None;
    }
    let dir = TempDir::new().expect("tempdir");
    let (sql, http) = (free_port(), free_port());
    let d = dir.path().display();
    let ini = format!(
        "[Database]\nDatabaseFile = {d}/virtuoso.db\nErrorLogFile = {d}/virtuoso.log\n\
         LockFile = {d}/virtuoso.lck\nTransactionFile = {d}/virtuoso.trx\n\
         xa_persistent_file = {d}/virtuoso.pxa\nTempStorage = TempDatabase\n\
         [TempDatabase]\nDatabaseFile = {d}/virtuoso-temp.db\nTransactionFile = {d}/virtuoso-temp.trx\n\
         [Parameters]\nServerPort = {sql}\nDisableUnixSocket = 1\nNumberOfBuffers = 10000\n\
         MaxDirtyBuffers = 6000\nDirsAllowed = .\nCheckpointInterval = 0\n\
         [HTTPServer]\nServerPort = {http}\nServerRoot = {d}\nServerThreads = 4\nMaxClientConnections = 4\n\
         [SPARQL]\nResultSetMaxRows = 1000000\nMaxQueryExecutionTime = 60\n"
    );
    let ini_path = dir.path().join("virtuoso.ini");
    std::fs::write(&ini_path, ini).expect("write ini");
    let mut child = Command::new("virtuoso-t")
        .arg("-f")
        .arg("-c")
        .arg(&ini_path)
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("virtuoso-t starts");
    let base = format!("http://127.0.0.1:{http}");
    wait_until_up(
        &format!("{base}/sparql?query=ASK%7B%7D"),
        Duration::from_secs(60),
        &mut child,
    );
    let grant = Command::new("isql-vt")
        .arg(sql.to_string())
        .args(["dba", "dba", "exec=GRANT SPARQL_UPDATE TO \"SPARQL\";"])
        .output()
        .expect("isql-vt runs");
    assert!(
        grant.status.success(),
        "isql-vt: {}",
        String::from_utf8_lossy(&grant.stderr)
    );
    Some(Server {
        child,
        _dir: dir,
        base,
    })
}

/// A SPARQL SELECT at `endpoint` (POSTed as a form): the bindings of the
/// W3C JSON results.
pub fn select(endpoint: &str, query: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    select_in(endpoint, query, &[])
}

/// A SPARQL SELECT on the dataset `dataset` names (the protocol's
/// `default-graph-uri` and `named-graph-uri` pairs), or the server's own.
pub fn select_in(
    endpoint: &str,
    query: &str,
    dataset: &[(&str, &str)],
) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let mut r = agent
        .post(endpoint)
        .header("Accept", "application/sparql-results+json")
        .send_form(std::iter::once(("query", query)).chain(dataset.iter().copied()))
        .unwrap_or_else(|e| panic!("{endpoint}: {e}"));
    let text = r
        .body_mut()
        .with_config()
        .limit(1 << 30)
        .read_to_string()
        .expect("body");
    let v: serde_json::Value = serde_json::from_str(&text).expect("results JSON");
    v["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|b| b.as_object().cloned().unwrap_or_default())
        .collect()
}

/// The integer in the first row's `?n`.
pub fn count(endpoint: &str, query: &str) -> usize {
    let rows = select(endpoint, query);
    rows.first()
        .and_then(|r| r.get("n"))
        .and_then(|n| n["value"].as_str())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no count in {rows:?}"))
}
