#!/usr/bin/env bash
# The table of issue 24: eddy at its default threads, --threads 1 and --threads 2 against DuckDB
# (Python package, 2 threads) on generated events, one hyperfine run per task, outputs
# cross-checked, the issue's goals as pass/fail. From the repository's root:
#
#   benches/table.sh                                  # 2,000,000 events (621 MB), 5 runs per command
#   BEFORE=/path/to/old/eddy CALLGRIND=1 benches/table.sh   # before/after in one table, ins/byte
#   N=50000 RUNS=2 STATIC=0 benches/table.sh          # a quick run
#
# Environment: N (events, 2000000), SEED (42), RUNS (timed runs per command, 5), DIR (data and
# outputs, target/compare, shared with compare.sh), GEN (gen_events.py, default
# ../shared/bench/gen_events.py beside the repository), EDDY (a built eddy; default: build the
# release binary), STATIC (1: on x86_64 Linux build the static binary for the start-up row; 0: no;
# or the path of one), BEFORE (an older eddy: run in the same hyperfine runs, its output must be
# byte-identical), CALLGRIND (1: instructions per input byte, `--threads 1`, first 100,000 events),
# ONLY (comma-separated words: run the tasks whose key contains one: filter, map, group, count,
# window, many, csv, startup), PYTHON (the interpreter that imports duckdb, python3).
# Writes the table to stdout and DIR/table.md; exits 1 when an output check fails.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
NAME=table.sh
. "$ROOT/benches/common.sh"
N=${N:-2000000}
SEED=${SEED:-42}
DIR=${DIR:-$ROOT/target/compare}

make_data "$DIR" "$N" "$SEED"
EDDY=${EDDY:-$(build_eddy dynamic)}
STATIC=${STATIC:-1}
static=()
if [ "$STATIC" = 1 ]; then
    if ! can_static; then
        note "not x86_64 Linux: no static build"
    elif built=$(build_eddy static); then
        static=(--static "$built")
    else
        note "the static build failed: start-up of the default build only"
    fi
elif [ "$STATIC" != 0 ]; then
    static=(--static "$STATIC")
fi
extra=()
[ -n "${BEFORE:-}" ] && extra+=(--before "$BEFORE")
[ "${CALLGRIND:-0}" = 1 ] && extra+=(--callgrind)
[ -n "${ONLY:-}" ] && extra+=(--only "$ONLY")

exec "${PYTHON:-python3}" "$ROOT/benches/table.py" --eddy "$EDDY" --dir "$DIR" \
    --runs "${RUNS:-5}" --out "$DIR/table.md" ${static[@]+"${static[@]}"} ${extra[@]+"${extra[@]}"}
