#!/usr/bin/env bash
# `join --with` against DuckDB's hash join, in one hyperfine run: the 2M generated events
# (`../shared/bench/gen_events.py 2000000 42`) joined on `trace_id` (on ~30% of the events, unique)
# with a 100,000-row CSV side table, half of whose ids occur in the events; inner and left.
# Both write NDJSON to /dev/null; before timing, their outputs are cross-checked (the multiset of
# (trace_id, team) pairs, and the row counts).
# Usage: benches/join.sh EDDY [DIR]   (DIR holds events.ndjson, made there when missing)
# RUNS=N sets the runs per command (default 5).
set -euo pipefail
eddy=$(realpath "$1") dir=${2:-/tmp}
here=$(cd "$(dirname "$0")/.." && pwd)
F=$dir/events.ndjson S=$dir/join_side.csv
if [ ! -s "$F" ]; then
  python3 "$here/../shared/bench/gen_events.py" 2000000 42 "$F"
fi
# The side table: 50,000 trace ids of the events (every 6th one that has an id) and 50,000 that
# do not occur, each with a team and a cost centre.
python3 - "$F" "$S" <<'EOF'
import json, random, sys
ids = []
with open(sys.argv[1]) as f:
    for line in f:
        i = line.find('"trace_id":"')
        if i >= 0:
            ids.append(line[i + 12:i + 44])
rng = random.Random(7)
found = ids[::6][:50000]
rows = found + ["%032x" % rng.getrandbits(128) for _ in range(100000 - len(found))]
rng.shuffle(rows)
with open(sys.argv[2], "w") as f:
    f.write("trace_id,team,cost_center\n")
    for n, t in enumerate(rows):
        f.write(f"{t},team-{n % 37},cc{n % 1000:04d}\n")
EOF
duck() {
  local kind=$1
  cat <<EOF
import duckdb
duckdb.sql("""COPY (SELECT e.*, s.team, s.cost_center FROM read_ndjson_auto('$F') e $kind JOIN
  read_csv('$S', header=true) s ON e.trace_id = s.trace_id) TO '/dev/stdout' (FORMAT json)""")
EOF
}
duck INNER > "$dir/join_inner.py"
duck LEFT > "$dir/join_left.py"
# Cross-check: the same (trace_id, team) pairs, and as many rows.
check() {
  local kind=$1 a b
  a=$("$eddy" --to tsv join --with "$S" --on trace_id --kind "$kind" then select trace_id,team "$F" \
    | tail -n +2 | sort | md5sum)
  b=$(python3 "$dir/join_$kind.py" | python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    print(("" if r["trace_id"] is None else r["trace_id"]) + "\t" + ("" if r["team"] is None else r["team"]))' \
    | sort | md5sum)
  if [ "$a" != "$b" ]; then
    echo "join --kind $kind: eddy and DuckDB disagree" >&2
    exit 1
  fi
  echo "join --kind $kind: eddy and DuckDB agree ($(
    "$eddy" join --with "$S" --on trace_id --kind "$kind" "$F" | wc -l) rows)"
}
check inner
check left
hyperfine --style basic --warmup 1 --runs "${RUNS:-5}" --export-markdown /tmp/join_bench.md \
  -n "eddy join --kind inner" "$eddy join --with $S --on trace_id $F > /dev/null" \
  -n "duckdb INNER JOIN" "python3 $dir/join_inner.py > /dev/null" \
  -n "eddy join --kind left" "$eddy join --with $S --on trace_id --kind left $F > /dev/null" \
  -n "duckdb LEFT JOIN" "python3 $dir/join_left.py > /dev/null" >/dev/null 2>&1
cat /tmp/join_bench.md
