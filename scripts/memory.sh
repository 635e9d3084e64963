#!/usr/bin/env bash
# The measurements of docs/memory.md: peak RSS (KiB, /usr/bin/time) of a stateless pipeline over
# 1 GB of short lines, 1 GB of 20 KB lines and a run with one slow early chunk, at 1, 2 and 8
# reader threads ("stateless", about 2.3 GB of input under DIR); and of window stages over
# 100,000 and 1,000,000 distinct keys, with the bytes per group ("windows", 50 MB of input).
# Usage: scripts/memory.sh [EDDY] [DIR] [stateless|windows]  (no third argument: both)
set -euo pipefail
eddy=${1:-target/release/eddy} dir=${2:-/tmp/eddy-memory} part=${3:-}
mkdir -p "$dir"
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
if [ "$part" != stateless ]; then
  python3 - "$dir" <<'PY'
import os, sys
d = sys.argv[1]
for n, name in ((100_000, "keys100k"), (1_000_000, "keys1m")):
    path = f"{d}/{name}.ndjson"
    if not os.path.exists(path):
        with open(path, "w") as f:
            f.writelines('{"ts":%d,"k":"key-%07d","v":%d}\n' % (1700000000 + i // 1000, i, i % 100) for i in range(n))
PY
  # Bytes per group: the peak over the baseline (`count` without keys), divided by the most
  # groups live at once (--stats max_groups).
  base=$(rss "$eddy" --threads 1 count "$dir/keys1m.ndjson")
  echo "count (no key) peak_kib=$base"
  while read -r cmd; do
    for keys in 100k 1m; do
      out=$(/usr/bin/time -f 'peak_kib=%M' "$eddy" --threads 1 --stats $cmd "$dir/keys$keys.ndjson" 2>&1 >/dev/null)
      kib=$(sed -n 's/^peak_kib=//p' <<<"$out")
      groups=$(grep -o '"max_groups":[0-9]*' <<<"$out" | head -1 | cut -d: -f2)
      echo "$cmd keys=$keys peak_kib=$kib groups=$groups bytes_per_group=$(( (kib - base) * 1024 / groups ))"
    done
  done <<'CMDS'
count --by k
window global --by k --agg count --agg sum:v
window global --by k --agg count --agg p99:v
window global --by k --agg count --agg min:v --agg max:v --agg avg:v
window tumbling --size 1h --time-field ts --max-delay inf --by k --agg count
window tumbling --size 1s --time-field ts --max-delay 10s --by k --agg count --agg sum:v
CMDS
  [ "$part" = windows ] && exit 0
fi
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
slow='k % 7 == 0 && !(exists(s) && (s =~ "\\w{120}q" || s =~ "\\w{120}r" || s =~ "\\w{120}s" || s =~ "\\w{120}t"))'
for threads in 1 2 8; do
  for input in short long; do
    echo "$input threads=$threads peak_kib=$(rss "$eddy" --threads $threads filter 'k % 7 == 0' then map 'z = k * 2' "$dir/$input.ndjson")"
  done
  echo "stall threads=$threads peak_kib=$(rss "$eddy" --threads $threads filter "$slow" then map 'z = k * 2' "$dir/stall.ndjson")"
done
