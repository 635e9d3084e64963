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

# The Spark end-to-end test (README, "Running on Spark or Hadoop"): a standalone master and two
# workers on 127.0.0.1, the job of examples/spark/ over the Zeek DNS log and 1,000,000 generated
# events, compared byte for byte with one eddy. PySpark (pinned; 3.5 runs on Java 17) lives in a
# virtual environment in the CI cache, outside the checkout, so reruns skip the install.
CI_CACHE="${EDDY_CI_CACHE:-$HOME/.cache/eddy-ci}"
PYSPARK_VERSION=3.5.7
venv="$CI_CACHE/pyspark-venv"
if ! command -v java >/dev/null; then
  as_root=()
  [ "$(id -u)" -eq 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
if ! "$venv/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
  mkdir -p "$CI_CACHE"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "pyspark==$PYSPARK_VERSION"
fi
echo "+ examples/spark/e2e.py target/release/eddy"
EDDY_CI_CACHE="$CI_CACHE" "$venv/bin/python" examples/spark/e2e.py target/release/eddy
