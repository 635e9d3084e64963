#!/usr/bin/env bash
# Checks CI runs after the test suite: the differential checks of windows and joins against
# DuckDB, and a smoke run of the fuzz targets.
set -euo pipefail
cd "$(dirname "$0")/.."
export GEN_EVENTS="${GEN_EVENTS:-$PWD/../shared/bench/gen_events.py}"

# Debian packages, as root or with sudo (as .ci/run does); neither: say what is missing and go on
# (the checks that need it then fail with their own message).
apt_install() {
  local as_root=()
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "cannot install $* (not root, no sudo)"
      return 1
    fi
    as_root=(sudo)
  fi
  "${as_root[@]}" apt-get update -qq
  "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# Python packages (DuckDB for the oracles, PySpark for the Spark test) live in a virtual
# environment in the CI cache, outside the checkout, so reruns skip the installs; a fresh Debian's
# python3 refuses `pip install` (PEP 668) and may lack `venv` (python3-venv). PySpark is pinned
# (3.5 runs on Java 17).
CI_CACHE="${EDDY_CI_CACHE:-$HOME/.cache/eddy-ci}"
PYSPARK_VERSION=3.5.7
venv="$CI_CACHE/pyspark-venv"
if ! "$venv/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
  mkdir -p "$CI_CACHE"
  rm -rf "$venv"
  if ! python3 -m venv "$venv"; then
    rm -rf "$venv"
    apt_install python3-venv || true
    python3 -m venv "$venv"
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check "pyspark==$PYSPARK_VERSION"
fi
if ! "$venv/bin/python" -c 'import duckdb' 2>/dev/null; then
  "$venv/bin/pip" install --quiet --disable-pip-version-check duckdb
fi
python="$venv/bin/python"

cargo build --release --locked --quiet
echo "+ scripts/window_oracle.py target/release/eddy 100000"
"$python" scripts/window_oracle.py target/release/eddy 100000
# The joins against DuckDB on real data (tests/it/join.rs runs them too where DuckDB is there).
echo "+ scripts/join_oracle.py target/release/eddy table"
"$python" scripts/join_oracle.py target/release/eddy table
echo "+ scripts/join_oracle.py target/release/eddy stream"
"$python" scripts/join_oracle.py target/release/eddy stream

# A smoke run of the benchmark table of docs/perf.md (3,000 events, one run per command, with
# DuckDB and instruction counts): it fails when an output check fails, so the script cannot rot.
echo "+ N=3000 RUNS=1 benches/table.sh"
PYTHON="$python" N=3000 RUNS=1 STATIC=0 CALLGRIND=1 EDDY=target/release/eddy \
  DIR=target/table-smoke benches/table.sh >/dev/null

# A smoke run of the fuzz targets (fuzz/): each builds and runs for 20 s without a finding.
# Unoptimised (--dev): the cold build is what takes time here, not the runs. The long hunt is
# `scripts/fuzz.sh` (600 s per target, optimised).
echo "+ scripts/fuzz.sh 20"
FUZZ_BUILD="${FUZZ_BUILD---dev}" scripts/fuzz.sh 20

# The Spark end-to-end test (README, "Running on Spark or Hadoop"): a standalone master and two
# workers on 127.0.0.1, the job of examples/spark/ over the Zeek DNS log and 1,000,000 generated
# events, compared byte for byte with one eddy, with PySpark from the virtual environment above.
if ! command -v java >/dev/null; then
  apt_install openjdk-17-jre-headless || echo "no java: the Spark end-to-end test will fail"
fi
echo "+ examples/spark/e2e.py target/release/eddy"
EDDY_CI_CACHE="$CI_CACHE" "$python" examples/spark/e2e.py target/release/eddy
