#!/usr/bin/env bash
# Checks CI runs after the test suite: the differential check of windows against DuckDB.
set -euo pipefail
cd "$(dirname "$0")/.."
export GEN_EVENTS="${GEN_EVENTS:-$PWD/../shared/bench/gen_events.py}"
if ! python3 -c 'import duckdb' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check duckdb
fi
cargo build --release --locked --quiet
echo "+ scripts/window_oracle.py target/release/eddy 100000"
python3 scripts/window_oracle.py target/release/eddy 100000
