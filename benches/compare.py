#!/usr/bin/env python3
"""Runs the issue-5 comparison tasks for eddy and its peers; called by benches/compare.sh.

For every task: one capture run per tool (output kept, peak RSS measured with /usr/bin/time),
an agreement check of the outputs after normalisation, then timed runs side by side with
hyperfine (or a timed loop without it). Prints a markdown table.

`compare.py --duck TASK FILE` is the DuckDB peer itself (the pip package has no CLI).
"""

import argparse
import hashlib
import itertools
import json
import math
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time

DUCK_QUERIES = {
    "filter": "COPY (SELECT * FROM read_json_auto({f}) WHERE status >= 500) "
    "TO '/dev/stdout' (FORMAT json)",
    "map": "COPY (SELECT ts, host, latency_ms / 1000 AS latency_s FROM read_json_auto({f})) "
    "TO '/dev/stdout' (FORMAT json)",
    "group": "COPY (SELECT host, count(*) AS count, avg(latency_ms) AS mean "
    "FROM read_json_auto({f}) GROUP BY host ORDER BY host) TO '/dev/stdout' (FORMAT json)",
    "window": "COPY (SELECT time_bucket(INTERVAL 1 minute, ts::TIMESTAMP) AS w, host, "
    "count(*) AS count, avg(latency_ms) AS mean, quantile_cont(latency_ms, 0.99) AS p99 "
    "FROM read_json_auto({f}) GROUP BY ALL ORDER BY ALL) TO '/dev/stdout' (FORMAT json)",
    "count": "COPY (SELECT host, count(*) AS count FROM read_json_auto({f}) GROUP BY host "
    "ORDER BY host) TO '/dev/stdout' (FORMAT json)",
    "window-many": "COPY (SELECT time_bucket(INTERVAL 1 minute, ts::TIMESTAMP) AS w, path, host, "
    "count(*) AS count, avg(latency_ms) AS mean, quantile_cont(latency_ms, 0.99) AS p99 "
    "FROM read_json_auto({f}) GROUP BY w, path, host ORDER BY ALL) TO '/dev/stdout' (FORMAT json)",
    "csv-filter": "COPY (SELECT * FROM read_csv_auto({f}) WHERE status >= 500) "
    "TO '/dev/stdout' (FORMAT json)",
}


def duck(task, path, threads=None):
    """DuckDB's side of a task, its output on stdout; `threads` None is DuckDB's default."""
    import duckdb

    con = duckdb.connect(config={} if threads is None else {"threads": threads})
    quoted = "'" + path.replace("'", "''") + "'"
    con.execute(DUCK_QUERIES[task].format(f=quoted))


def tasks(eddy, ndjson, csv, empty, have):
    """(name, input file, normaliser, [(tool, command)]) with eddy first."""
    q = shlex.quote
    F, C, E, X = q(ndjson), q(csv), q(empty), q(eddy)
    me = q(os.path.abspath(__file__))
    duckcmd = lambda t, f: f"python3 {me} --duck {t} {f}"
    jq_group = (
        "-c -n 'reduce inputs as $e ({}; .[$e.host] |= {n: (.n + 1), s: (.s + $e.latency_ms)})"
        " | map_values({count: .n, mean: (.s / .n)})'"
    )
    out = [
        (
            "pass-through (`head` with a huge N: read, parse, write)",
            ndjson,
            "records",
            [
                ("eddy", f"{X} head 1000000000 {F}"),
                ("eddy --threads 2", f"{X} --threads 2 head 1000000000 {F}"),
                ("cat", f"cat {F}"),
                ("jq", f"jq -c . {F}"),
                ("jaq", f"jaq -c . {F}"),
                ("mlr", f"mlr --ijsonl --ojsonl cat {F}"),
            ],
        ),
        (
            "filter `status >= 500`",
            ndjson,
            "records",
            [
                ("eddy", f"{X} filter 'status >= 500' {F}"),
                ("eddy --threads 2", f"{X} --threads 2 filter 'status >= 500' {F}"),
                ("jq", f"jq -c 'select(.status >= 500)' {F}"),
                ("jaq", f"jaq -c 'select(.status >= 500)' {F}"),
                ("mlr", f"mlr --ijsonl --ojsonl filter '$status >= 500' {F}"),
                ("duckdb", duckcmd("filter", F)),
            ],
        ),
        (
            "map `latency_s = latency_ms / 1000`",
            ndjson,
            "records",
            [
                ("eddy", f"{X} map 'latency_s = latency_ms / 1000' then select ts,host,latency_s {F}"),
                ("jq", f"jq -c '{{ts, host, latency_s: (.latency_ms / 1000)}}' {F}"),
                ("jaq", f"jaq -c '{{ts, host, latency_s: (.latency_ms / 1000)}}' {F}"),
                (
                    "mlr",
                    f"mlr --ijsonl --ojsonl put '$latency_s = $latency_ms / 1000' "
                    f"then cut -o -f ts,host,latency_s {F}",
                ),
                ("duckdb", duckcmd("map", F)),
            ],
        ),
        (
            "group by host: count",
            ndjson,
            "group",
            [
                ("eddy", f"{X} count --by host {F}"),
            ],
        ),
        (
            "group by host: count + mean",
            ndjson,
            "group",
            [
                ("eddy", f"{X} window global --by host --agg count --agg mean:latency_ms {F}"),
                ("jq", f"jq {jq_group} {F}"),
                ("jaq", f"jaq {jq_group} {F}"),
                ("mlr", f"mlr --ijsonl --ojsonl stats1 -a count,mean -f latency_ms -g host {F}"),
                ("duckdb", duckcmd("group", F)),
            ],
        ),
        (
            "1-minute windows by host: count, mean, p99",
            ndjson,
            "window",
            [
                (
                    "eddy",
                    f"{X} window tumbling --size 1m --time-field ts --max-delay 10s --by host --agg count "
                    f"--agg mean:latency_ms --agg p99:latency_ms {F}",
                ),
                ("duckdb", duckcmd("window", F)),
            ],
        ),
        (
            "CSV filter `status >= 500`",
            csv,
            "count",
            [
                ("eddy", f"{X} --from csv filter 'status >= 500' {C}"),
                ("mlr", f"mlr --icsv --ojsonl filter '$status >= 500' {C}"),
                ("duckdb", duckcmd("csv-filter", C)),
            ],
        ),
        (
            "start-up (`filter true`, empty input)",
            empty,
            "count",
            [
                ("eddy", f"{X} filter true {E}"),
                ("jq", f"jq -c 'select(true)' {E}"),
                ("jaq", f"jaq -c 'select(true)' {E}"),
                ("mlr", f"mlr --ijsonl --ojsonl filter 'true' {E}"),
            ],
        ),
    ]
    return [(n, f, m, [(t, c) for t, c in cmds if have(t)]) for n, f, m, cmds in out]


# --- normalisation --------------------------------------------------------------------------


def num(x):
    return float("%.12g" % x)


def norm(v):
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v
    if isinstance(v, (int, float)):
        return num(v)
    if isinstance(v, list):
        return [norm(x) for x in v]
    return {k: norm(x) for k, x in v.items()}


def records(path):
    with open(path, "rb") as f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)


def first(rec, names):
    for n in names:
        if n in rec:
            return rec[n]
    return None


# Outputs of every record (pass-through, map) are compared on their first records only: sorting
# and normalising millions of records in Python took longer than running the tools.
SAMPLE = 200_000


def rows(mode, path):
    """The comparable rows of an output file (the first SAMPLE records of a records output)."""
    if mode == "count":
        return None
    out = []
    recs = records(path)
    if mode == "records":
        recs = itertools.islice(recs, SAMPLE)
    for rec in recs:
        if mode == "records":
            out.append(json.dumps(norm(rec), sort_keys=True))
        elif mode == "group":
            if "host" in rec:
                count = first(rec, ["count", "latency_ms_count"])
                mean = first(rec, ["mean_latency_ms", "latency_ms_mean", "mean"])
                out.append((rec["host"], count, None if mean is None else float("%.9g" % mean)))
            else:  # jq/jaq: one object keyed by host
                for host, v in rec.items():
                    out.append((host, v["count"], float("%.9g" % v["mean"])))
        elif mode == "window":
            start = str(first(rec, ["window_start", "w"])).replace(" ", "T")[:16]
            mean = first(rec, ["mean_latency_ms", "mean"])
            p99 = first(rec, ["p99_latency_ms", "p99"])
            key = (rec.get("path"), rec.get("host"))  # path: the many-keys window only
            out.append((start, key, rec.get("count"), mean, p99))
    return sorted(out, key=repr)


def count_lines(path):
    n = 0
    with open(path, "rb") as f:
        for line in f:
            n += bool(line.strip())
    return n


def agreement(mode, tool, path, ref_tool, ref_path):
    """A short verdict comparing a tool's output with the reference (eddy's when it ran)."""
    n = count_lines(path)
    if ref_path is None or tool == ref_tool:
        return f"{n} lines"
    m = count_lines(ref_path)
    try:
        a, b = rows(mode, path), rows(mode, ref_path)
    except (ValueError, KeyError, TypeError) as e:
        return f"{n} lines; not comparable ({type(e).__name__})"
    if mode == "group":
        # `count --by host` has no mean: compare what both have.
        if any(r[2] is None for r in a) or any(r[2] is None for r in b):
            a, b = [r[:2] for r in a], [r[:2] for r in b]
    if mode == "window":
        p99_same = sum(x[4] == y[4] for x, y in zip(a, b))
        # Means are sums divided by counts: summation order may change the last bits.
        same = len(a) == len(b) and all(
            x[:3] == y[:3] and math.isclose(x[3], y[3], rel_tol=1e-9) for x, y in zip(a, b)
        )
        verdict = "agrees" if same else f"DIFFERS from {ref_tool}"
        return f"{n} lines, count/mean {verdict}; p99 equal in {p99_same}/{len(b)}"
    if a is None:
        verdict = "count agrees" if n == m else f"count DIFFERS ({n} vs {m})"
    elif a == b:
        verdict = "agrees" if mode != "records" or n <= SAMPLE else f"agrees (first {SAMPLE:,} records)"
    elif n == m and tool == "duckdb":
        verdict = "count agrees (DuckDB re-types fields)"
    else:
        verdict = f"DIFFERS ({n} vs {m} lines)"
    return f"{n} lines, {verdict} with {ref_tool}"


# --- running --------------------------------------------------------------------------------


def capture(cmd, out_path, err_path):
    """One run with output kept; returns (status, peak RSS in MB or None)."""
    rss_path = out_path + ".rss"
    if os.access("/usr/bin/time", os.X_OK):
        full = ["/usr/bin/time", "-f", "%M", "-o", rss_path, "sh", "-c", cmd]
    else:
        full = ["sh", "-c", cmd]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        status = subprocess.call(full, stdout=out, stderr=err)
    rss = None
    try:
        with open(rss_path) as f:
            rss = int(f.read().strip().splitlines()[-1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return status, rss


def first_error_line(err_path):
    try:
        with open(err_path, errors="replace") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("Command exited"):
                    return line[:120]
    except OSError:
        pass
    return "failed"


def timed(cmds, runs, work, shell=True, warmup=1):
    """Median seconds per command label, run side by side (with `shell` False, hyperfine runs
    each command without a shell, `-N`: for start-up, where the shell's own start would count)."""
    if not cmds:
        return {}
    if shutil.which("hyperfine"):
        export = os.path.join(work, "hyperfine.json")
        if os.path.exists(export):  # a failed run must not read the last one's times
            os.remove(export)
        argv = ["hyperfine", "--style", "basic", "--runs", str(runs), "--export-json", export]
        if runs > 1 and warmup:
            argv += ["--warmup", str(warmup)]
        if not shell:
            argv.append("-N")
        for label, cmd in cmds:
            argv += ["-n", label, cmd]
        subprocess.run(argv, stdout=sys.stderr, check=False)
        try:
            with open(export) as f:
                results = json.load(f)["results"]
            return {r["command"]: r["median"] for r in results}
        except (OSError, ValueError, KeyError):
            return {}
    out = {}
    for label, cmd in cmds:
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(cmd, shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - t)
        out[label] = statistics.median(times)
        print(f"{label}: {out[label]:.3f} s (median of {runs})", file=sys.stderr)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--duck", nargs=2, metavar=("TASK", "FILE"))
    ap.add_argument("--duck-threads", type=int)
    ap.add_argument("--eddy")
    ap.add_argument("--dir")
    ap.add_argument("--ndjson")
    ap.add_argument("--csv")
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    if a.duck:
        duck(*a.duck, threads=a.duck_threads)
        return
    work = os.path.join(a.dir, "out")
    os.makedirs(work, exist_ok=True)
    empty = os.path.join(a.dir, "empty.ndjson")
    open(empty, "wb").close()

    def have(tool):
        if tool.startswith("eddy"):
            return True
        if tool == "duckdb":
            return subprocess.call([sys.executable, "-c", "import duckdb"],
                                   stderr=subprocess.DEVNULL) == 0
        return shutil.which(tool) is not None

    missing = [t for t in ["jq", "jaq", "mlr", "duckdb"] if not have(t)]
    table = []
    for name, path, mode, cmds in tasks(a.eddy, a.ndjson, a.csv, empty, have):
        size = os.path.getsize(path)
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40]
        print(f"\n## {name}", file=sys.stderr)
        ran, ref = [], (None, None)
        results = {}
        for tool, cmd in cmds:
            label = re.sub(r"[^a-z0-9]+", "-", tool)
            out_path = os.path.join(work, f"{slug}.{label}.out")
            err_path = os.path.join(work, f"{slug}.{label}.err")
            status, rss = capture(cmd, out_path, err_path)
            if status != 0:
                why = first_error_line(err_path)
                results[tool] = {"na": f"n/a ({tool}: {why})"}
                continue
            if ref[0] is None:  # eddy when it ran, else the first peer that did
                ref = (tool, out_path)
            results[tool] = {"rss": rss, "out": out_path}
            ran.append((tool, cmd))
        for tool, _ in ran:
            results[tool]["agree"] = agreement(mode, tool, results[tool]["out"], ref[0], ref[1])
        medians = timed(ran, a.runs, work)
        for tool, _ in ran:
            results[tool]["secs"] = medians.get(tool)
        table.append((name, size, [(t, results[t]) for t, _ in cmds]))

    print("\n| task | tool | median time | MB/s | eddy speed-up | peak RSS | output |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- |")
    for name, size, per_tool in table:
        eddy_secs = per_tool[0][1].get("secs") if per_tool and per_tool[0][0] == "eddy" else None
        startup = size == 0
        for tool, r in per_tool:
            if "na" in r:
                print(f"| {name} | {tool} | {r['na']} | | | | |")
                continue
            secs = r.get("secs")
            if secs is None:
                print(f"| {name} | {tool} | ? | | | | {r['agree']} |")
                continue
            t = f"{secs * 1000:.1f} ms" if startup else f"{secs:.3f} s"
            mbps = "–" if startup else f"{size / secs / 1e6:,.0f}"
            ratio = ""
            if eddy_secs and tool != "eddy":
                ratio = f"{secs / eddy_secs:.1f}×"
            rss = f"{r['rss']:.0f} MB" if r.get("rss") is not None else "?"
            print(f"| {name} | {tool} | {t} | {mbps} | {ratio} | {rss} | {r['agree']} |")
    print()
    print(f"Input: {os.path.getsize(a.ndjson) / 1e6:,.0f} MB NDJSON "
          f"({count_lines(a.ndjson):,} events), CSV {os.path.getsize(a.csv) / 1e6:,.0f} MB; "
          f"median of {a.runs} runs; MB/s = input bytes / median wall time. "
          f"DuckDB runs through its Python package (2 threads, includes interpreter start-up). "
          f"Speed-up = that row's time / eddy's time (eddy at its default threads).")
    if missing:
        print(f"Not installed, skipped: {', '.join(missing)}.")


if __name__ == "__main__":
    main()
