#!/usr/bin/env bash
# The measurements of docs/memory.md: peak RSS (KiB, /usr/bin/time) of a stateless pipeline over
# 1 GB of short lines, 1 GB of 20 KB lines and a run with one slow early chunk, at 1, 2 and 8
# reader threads. Usage: scripts/memory.sh [EDDY] [DIR]  (generates about 2.3 GB under DIR)
set -euo pipefail
eddy=${1:-target/release/eddy} dir=${2:-/tmp/eddy-memory}
mkdir -p "$dir"
python3 - "$dir" <<'PY'
import os, sys
d = sys.argv[1]
def lines(path, make):
    if os.path.exists(path):
        return
    with open(path, "w") as f:
        buf = []
        for s in make():
            buf.append(s)
            if len(buf) == 100000:
                f.write("".join(buf)); buf = []
        f.write("".join(buf))
def short(limit):
    n = k = 0
    while n < limit:
        s = '{"k":%d}\n' % k; n += len(s); k += 1
        yield s
lines(f"{d}/short.ndjson", lambda: short(1_000_000_000))
lines(f"{d}/long.ndjson", lambda: ('{"k":%d,"pad":"%s"}\n' % (k, "x" * 20000) for k in range(50000)))
def stall():
    for k in range(250):
        yield '{"k":%d,"s":"%s"}\n' % (k * 7, "a" * 900)
    yield from short(278_000_000)
lines(f"{d}/stall.ndjson", stall)
PY
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
slow='k % 7 == 0 && !(exists(s) && (s =~ "\\w{120}q" || s =~ "\\w{120}r" || s =~ "\\w{120}s" || s =~ "\\w{120}t"))'
for threads in 1 2 8; do
  for input in short long; do
    echo "$input threads=$threads peak_kib=$(rss "$eddy" --threads $threads filter 'k % 7 == 0' then map 'z = k * 2' "$dir/$input.ndjson")"
  done
  echo "stall threads=$threads peak_kib=$(rss "$eddy" --threads $threads filter "$slow" then map 'z = k * 2' "$dir/stall.ndjson")"
done
