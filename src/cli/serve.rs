//! `policykg serve`: the thin command-line layer over [`policykg::serve`].
//! It parses flags and prints the address once the server listens (on
//! standard output, so a script can read it); errors go up to `main`.

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;

use policykg::serve::{self, update, Limits, ServeOptions};

/// `policykg serve` flags.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address to listen on (port 0 picks a free port, printed at start).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:7878")]
    bind: SocketAddr,
    /// Seconds a query may run before it is stopped with a 503.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0, value_parser = parse_seconds)]
    query_timeout: f64,
    /// Largest request body accepted, in bytes (larger ones get a 413).
    #[arg(long, value_name = "BYTES", default_value_t = 1024 * 1024)]
    max_body: usize,
    /// Accept SPARQL Update and Graph Store PUT/POST/DELETE from clients that
    /// send `Authorization: Bearer $POLICYKG_SERVE_TOKEN` (which must be set,
    /// 16 characters or more). Without it every write gets a 403.
    #[arg(long)]
    writable: bool,
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() => Ok(v),
        _ => Err(format!("`{s}`: expected a positive number of seconds")),
    }
}

/// Runs the server on `store` until Ctrl-C or SIGTERM.
pub fn run(args: Args, store: &Path) -> anyhow::Result<()> {
    let write_token = if args.writable {
        Some(write_token()?)
    } else {
        None
    };
    let writable = write_token.is_some();
    let options = ServeOptions {
        store: store.to_path_buf(),
        bind: args.bind,
        limits: Limits {
            query_time: Duration::from_secs_f64(args.query_timeout),
            body_bytes: args.max_body,
        },
        write_token,
    };
    serve::serve(&options, &|addr| {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "policykg serve: http://{addr}/ (explorer), http://{addr}/sparql (SPARQL endpoint{}), store {}",
            if writable { ", writable with the token" } else { "" },
            store.display()
        );
        let _ = out.flush();
    })?;
    Ok(())
}

/// The token of `--writable`, from the environment.
fn write_token() -> anyhow::Result<String> {
    let token = std::env::var(update::TOKEN_ENV).unwrap_or_default();
    let token = token.trim();
    if token.chars().count() < update::MIN_TOKEN_LEN || token.chars().any(char::is_control) {
        anyhow::bail!(
            "serve --writable needs a bearer token of {} characters or more in ${} (for instance: export {}=$(openssl rand -hex 24))",
            update::MIN_TOKEN_LEN,
            update::TOKEN_ENV,
            update::TOKEN_ENV
        );
    }
    Ok(token.to_string())
}
