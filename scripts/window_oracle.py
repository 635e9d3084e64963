#!/usr/bin/env python3
"""Differential check of `eddy window` against DuckDB.

Usage: window_oracle.py EDDY_BINARY [EVENTS (default 100000)]

Generates events with /work/shared/bench/gen_events.py (or $GEN_EVENTS), runs tumbling (1 min)
and hopping (5 min every 1 min) windows per host with count, integer sum, float sum, min, max
and exact percentiles in eddy (--max-delay inf) and in DuckDB (time_bucket, quantile_cont), and
compares every (window, host) row. Integers must match exactly; floats to a relative 1e-9 (DuckDB
sums floats in binary order, eddy exactly). Exits non-zero on any mismatch.
Needs `pip install duckdb`.
"""
import json
import math
import os
import subprocess
import sys
import tempfile

import duckdb

GEN = os.environ.get("GEN_EVENTS", "/work/shared/bench/gen_events.py")
AGGS = [
    ("count", "count(*)", "int"),
    ("sum_bytes", "sum(bytes)", "int"),
    ("sum_latency_ms", "sum(latency_ms)", "float"),
    ("min_latency_ms", "min(latency_ms)", "float"),
    ("max_latency_ms", "max(latency_ms)", "float"),
    ("p95_latency_ms", "quantile_cont(latency_ms, 0.95)", "float"),
    ("median_latency_ms", "quantile_cont(latency_ms, 0.5)", "float"),
    ("p99_latency_ms", "quantile_cont(latency_ms, 0.99)", "float"),
]
EDDY_AGGS = ["count", "sum:bytes", "sum:latency_ms", "min:latency_ms", "max:latency_ms",
             "p95:latency_ms", "median:latency_ms", "p99:latency_ms"]


def eddy_rows(binary, kind_args, path):
    cmd = [binary, "window", *kind_args, "--time-field", "ts", "--max-delay", "inf",
           "--by", "host"]
    for a in EDDY_AGGS:
        cmd += ["--agg", a]
    cmd.append(path)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    rows = {}
    order = []
    for line in out.splitlines():
        r = json.loads(line)
        key = (r["window_start"], r["host"])
        rows[key] = r
        order.append((r["window_end"], r["window_start"], r["host"]))
    if order != sorted(order):
        raise SystemExit("eddy output is not sorted by (window_end, window_start, key)")
    return rows


def duck_rows(con, sql):
    rows = {}
    for rec in con.execute(sql).fetchall():
        start, host, *vals = rec
        rows[(start, host)] = dict(zip([a[0] for a in AGGS], vals))
    return rows


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def compare(name, ours, theirs):
    bad = 0
    if set(ours) != set(theirs):
        missing = sorted(set(theirs) - set(ours))[:5]
        extra = sorted(set(ours) - set(theirs))[:5]
        print(f"{name}: window sets differ; missing {missing} extra {extra}")
        return 1
    for key, d in theirs.items():
        e = ours[key]
        for field, _, typ in AGGS:
            a, b = e.get(field), d[field]
            ok = (a == b and type(a) is int) if typ == "int" else close(a, b)
            if not ok:
                bad += 1
                if bad <= 10:
                    print(f"{name}: {key} {field}: eddy {a!r} duckdb {b!r}")
    print(f"{name}: {len(theirs)} rows compared, {bad} mismatches")
    return bad


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    binary = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "events.ndjson")
        subprocess.run([sys.executable, GEN, str(n), "7", path], check=True)
        con = duckdb.connect()
        con.execute(
            f"CREATE TABLE ev AS SELECT ts::TIMESTAMP AS ts, host, bytes::BIGINT AS bytes, "
            f"latency_ms::DOUBLE AS latency_ms FROM read_json_auto('{path}')"
        )
        sel = ", ".join(sql for _, sql, _ in AGGS)
        fmt = "strftime({}, '%Y-%m-%dT%H:%M:%SZ')"
        tumbling = duck_rows(con, f"""
            SELECT {fmt.format('time_bucket(INTERVAL 1 minute, ts)')} AS w, host, {sel}
            FROM ev GROUP BY ALL""")
        hopping = duck_rows(con, f"""
            SELECT {fmt.format('s')} AS w, host, {sel} FROM (
              SELECT time_bucket(INTERVAL 1 minute, ts) - k * INTERVAL 1 minute AS s, *
              FROM ev, (SELECT unnest(range(0, 5)) AS k)
            ) GROUP BY ALL""")
        bad = compare("tumbling 1m", eddy_rows(binary, ["tumbling", "--size", "1m"], path), tumbling)
        bad += compare("hopping 5m/1m",
                       eddy_rows(binary, ["hopping", "--size", "5m", "--slide", "1m"], path), hopping)
    if bad:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
