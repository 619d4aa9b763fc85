//! Work that may run long — a query, an update — on a blocking thread
//! under the server's time limit: past the limit the work's cancellation
//! token is cancelled (Oxigraph checks it between reads, and an update's
//! transaction is then dropped unwritten) and the client is answered at
//! once. Owns nothing else: what the work is and what it answers are the
//! callers'.

use std::time::Duration;

use oxigraph::sparql::CancellationToken;

use super::reply::Refusal;

/// Runs `job` with a fresh cancellation token on a blocking thread; past
/// `limit` the token is cancelled and `stopped` is the answer.
pub async fn run_limited<T: Send + 'static>(
    limit: Duration,
    job: impl FnOnce(CancellationToken) -> Result<T, Refusal> + Send + 'static,
    stopped: Refusal,
) -> Result<T, Refusal> {
    let token = CancellationToken::new();
    let worker = {
        let token = token.clone();
        tokio::task::spawn_blocking(move || job(token))
    };
    tokio::select! {
        joined = worker => match joined {
            Ok(answer) => answer,
            Err(e) => Err(Refusal::internal(format!("worker failed: {e}"))),
        },
        () = tokio::time::sleep(limit) => {
            token.cancel();
            Err(stopped)
        }
    }
}
