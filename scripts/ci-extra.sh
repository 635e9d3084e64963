#!/usr/bin/env bash
# Checks CI runs after the test suite: the differential checks of windows and joins against
# DuckDB, and a smoke run of the fuzz targets.
set -euo pipefail
cd "$(dirname "$0")/.."
export GEN_EVENTS="${GEN_EVENTS:-$PWD/../shared/bench/gen_events.py}"
if ! python3 -c 'import duckdb' 2>/dev/null; then
  python3 -m pip install --quiet --disable-pip-version-check duckdb
fi
cargo build --release --locked --quiet
echo "+ scripts/window_oracle.py target/release/eddy 100000"
python3 scripts/window_oracle.py target/release/eddy 100000
# The joins against DuckDB on real data (tests/it/join.rs runs them too where DuckDB is there).
echo "+ scripts/join_oracle.py target/release/eddy table"
python3 scripts/join_oracle.py target/release/eddy table
echo "+ scripts/join_oracle.py target/release/eddy stream"
python3 scripts/join_oracle.py target/release/eddy stream

# A smoke run of the fuzz targets (fuzz/): each builds and runs for 20 s without a finding.
# Unoptimised (--dev): the cold build is what takes time here, not the runs. The long hunt is
# `scripts/fuzz.sh` (600 s per target, optimised).
echo "+ scripts/fuzz.sh 20"
FUZZ_BUILD="${FUZZ_BUILD---dev}" scripts/fuzz.sh 20
