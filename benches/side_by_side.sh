#!/usr/bin/env bash
# Before/after in one hyperfine run: the tasks a hot-path change must not slow down, each run
# by two eddy binaries side by side on the generated events (page cache warm, stdout to
# /dev/null). Usage: benches/side_by_side.sh OLD_EDDY NEW_EDDY [DIR]
# DIR holds events.ndjson and events.csv from `../shared/bench/gen_events.py 2000000 42 DIR/events.ndjson --csv DIR/events.csv`
# (made there when missing). Prints hyperfine's markdown table per task; ONLY=WORD runs the tasks
# whose command contains WORD, RUNS=N sets the runs per command (default 7).
set -euo pipefail
old=$1 new=$2 dir=${3:-/tmp}
here=$(cd "$(dirname "$0")/.." && pwd)
if [ ! -s "$dir/events.ndjson" ] || [ ! -s "$dir/events.csv" ]; then
  python3 "$here/../shared/bench/gen_events.py" 2000000 42 "$dir/events.ndjson" --csv "$dir/events.csv"
fi
F=$dir/events.ndjson C=$dir/events.csv
tasks=(
  "filter 'status >= 500' $F"
  "map 'latency_s = latency_ms / 1000' then select ts,host,latency_s $F"
  "select ts,host,status $F"
  "count --by host $F"
  "window tumbling --size 1m --time-field ts --max-delay 10s --by host --agg count --agg mean:latency_ms --agg p99:latency_ms $F"
  "--from csv filter 'status >= 500' $C"
)
only=${ONLY:-}
for task in "${tasks[@]}"; do
  case "$task" in *"$only"*) ;; *) continue ;; esac
  echo "### eddy ${task//$dir\//}"
  hyperfine --style basic --warmup 1 --runs "${RUNS:-7}" --export-markdown /tmp/side_by_side.md \
    -n before "$old $task > /dev/null" -n after "$new $task > /dev/null" >/dev/null 2>&1 && cat /tmp/side_by_side.md \
    | grep -E '^\|' || true
  echo
done
