#!/usr/bin/env bash
# Builds policykg, ingests the bundled sample report into the default store,
# prints which agency set which target by when, and writes sample.gexf.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! dpkg -s libclang-dev >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  echo "installing libclang-dev (Oxigraph's RocksDB needs it to build)…" >&2
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq libclang-dev >/dev/null
fi
cargo build --release --bin policykg
bin=target/release/policykg
$bin ingest examples/kostec-weekly-2023-11-03.md
$bin query agency-targets
$bin export --format gexf -o sample.gexf
echo "wrote sample.gexf (open it in Gephi)"
