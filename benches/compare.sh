#!/usr/bin/env bash
# The comparison harness of issue 5: eddy against jq, jaq, Miller and DuckDB on generated
# web-access events (filter, map, group, 1-minute windows, CSV filter, start-up).
#
#   benches/compare.sh                 # 2,000,000 events (~620 MB), 3 timed runs per tool
#   N=100000 RUNS=2 benches/compare.sh # a quick run
#
# Environment: N (events, default 2000000), SEED (42), RUNS (timed runs, 3), DIR (work folder,
# default target/compare), INSTALL (1: try to install missing peers with apt-get/pip; 0: no),
# JAQ (1: `cargo install jaq` when missing; slow, so off by default), GEN (path of
# gen_events.py, default ../shared/bench/gen_events.py beside the repository), STATIC (1: on
# x86_64 Linux, measure the static build; 0: the default build).
# Prints a markdown table: MB/s, eddy's speed-up over each peer, peak RSS, output agreement.
# A task eddy cannot run yet (a stage not built) is reported as "n/a (eddy: <error>)".
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-2000000}
SEED=${SEED:-42}
RUNS=${RUNS:-3}
DIR=${DIR:-$ROOT/target/compare}
INSTALL=${INSTALL:-1}
mkdir -p "$DIR"

NAME=compare.sh
. "$ROOT/benches/common.sh"

if [ "$INSTALL" = 1 ]; then
    missing=()
    command -v jq >/dev/null || missing+=(jq)
    command -v mlr >/dev/null || missing+=(miller)
    command -v hyperfine >/dev/null || missing+=(hyperfine)
    [ -x /usr/bin/time ] || missing+=(time)
    if [ ${#missing[@]} -gt 0 ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            note "installing ${missing[*]}"
            apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
                { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1; } ||
                note "could not install ${missing[*]}; those peers are skipped"
        else
            note "missing ${missing[*]} (not root or no apt-get); those peers are skipped"
        fi
    fi
    if ! python3 -c 'import duckdb' 2>/dev/null; then
        note "installing duckdb (pip)"
        python3 -m pip install -q duckdb >/dev/null 2>&1 || note "could not install duckdb; skipped"
    fi
    if ! command -v jaq >/dev/null; then
        if [ "${JAQ:-0}" = 1 ]; then
            note "cargo install jaq (slow)"
            cargo install -q jaq || note "could not install jaq; skipped"
        else
            note "jaq is not installed: skipped (JAQ=1 runs \`cargo install jaq\`, which is slow)"
        fi
    fi
fi

make_data "$DIR" "$N" "$SEED"
DATA=$DIR/events.ndjson
CSV=$DIR/events.csv

# On x86_64 Linux, the static build of the README's install section (no dynamic loading at
# start-up); STATIC=0 measures the default dynamically linked build instead.
if [ "${STATIC:-1}" = 1 ] && can_static; then
    EDDY=$(build_eddy static)
else
    EDDY=$(build_eddy dynamic)
fi

exec python3 "$ROOT/benches/compare.py" --eddy "$EDDY" --dir "$DIR" \
    --ndjson "$DATA" --csv "$CSV" --runs "$RUNS"
