#!/usr/bin/env python3
"""The table of issue 24 ("Speed, round 2"); called by benches/table.sh.

Per task: one capture run of every command (output kept, peak RSS), the cross-check (every eddy
variant, and BEFORE when given, byte-identical to eddy at its default threads; DuckDB's rows equal
after compare.py's normalisation), then ONE hyperfine run holding eddy (default threads,
--threads 1, --threads 2), BEFORE, DuckDB (Python package, 2 threads) and, for the filter,
`wc -l`. With --callgrind, instructions per input byte of `--threads 1` on the first 100,000
events. Prints a Markdown table with the issue's goals as pass/fail and exits 1 when an output
check fails or eddy fails a task.
"""

import argparse
import collections
import filecmp
import os
import re
import shlex
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the checkout for the import below
import compare  # noqa: E402

WINDOW = ["window", "tumbling", "--size", "1m", "--time-field", "ts", "--max-delay", "10s"]
AGGS = ["--agg", "count", "--agg", "mean:latency_ms", "--agg", "p99:latency_ms"]

# (key, row title, eddy arguments, input, compare.py's normaliser, compare.py's DuckDB query)
TASKS = [
    ("filter", "`filter 'status >= 500'`", ["filter", "status >= 500"], "ndjson", "records",
     "filter"),
    ("map", "`map 'latency_s = latency_ms / 1000' then select ts,host,latency_s`",
     ["map", "latency_s = latency_ms / 1000", "then", "select", "ts,host,latency_s"], "ndjson",
     "records", "map"),
    ("group", "count + mean by host (`window global`)",
     ["window", "global", "--by", "host", "--agg", "count", "--agg", "mean:latency_ms"],
     "ndjson", "group", "group"),
    ("count", "`count --by host`", ["count", "--by", "host"], "ndjson", "group", "count"),
    ("window", "1-minute tumbling by host, count/mean/p99", WINDOW + ["--by", "host"] + AGGS,
     "ndjson", "window", "window"),
    ("many", "the same by path,host (many keys)", WINDOW + ["--by", "path,host"] + AGGS,
     "ndjson", "window", "window-many"),
    ("csv", "CSV filter `--from csv filter 'status >= 500'`",
     ["--from", "csv", "filter", "status >= 500"], "csv", "count", "csv-filter"),
]

# The floors: (label, measure, floor, at most instead of at least).
GOALS = {
    "filter": [("MB/s", "mbps", 2000, False), ("÷ wc -l", "wc", 1 / 3, False),
               ("t2/t1", "t21", 1.6, False), ("default ÷ t1", "d1", 1.0, False),
               ("ins/byte", "ipb", 5, True)],
    "map": [("MB/s", "mbps", 800, False), ("t2/t1", "t21", 1.6, False),
            ("default ÷ t1", "d1", 1.0, False)],
    "group": [("÷ DuckDB", "duck", 2, False), ("MB/s", "mbps", 1200, False),
              ("t2/t1", "t21", 1.6, False), ("default ÷ t1", "d1", 1.0, False)],
    "window": [("÷ DuckDB", "duck", 2, False), ("MB/s", "mbps", 900, False),
               ("t2/t1", "t21", 1.6, False), ("default ÷ t1", "d1", 1.0, False)],
    "many": [("÷ DuckDB", "duck", 1.2, False), ("RSS MB", "rss", 64, True)],
    "csv": [("MB/s", "mbps", 1000, False)],
}
GOALS["count"] = GOALS["group"]

VARIANTS = [("eddy", []), ("eddy t1", ["--threads", "1"]), ("eddy t2", ["--threads", "2"])]


def note(msg):
    print(f"table.py: {msg}", file=sys.stderr)


def load():
    return os.getloadavg()[0]


def slug(label):
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def head(src, dst, lines):
    """The first `lines` lines of src in dst."""
    with open(src, "rb") as f, open(dst, "wb") as out:
        for _, line in zip(range(lines), f):
            out.write(line)
    return dst


def callgrind(argv, work, name):
    """Total instructions (callgrind's summary) of one run, or None when it failed."""
    out = os.path.join(work, f"cg.{name}.out")
    status = subprocess.call(
        ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"] + argv,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if status != 0:
        return None
    with open(out) as f:
        for line in f:
            if line.startswith("summary:"):
                return int(line.split()[1])
    return None


def open_groups(path):
    """The largest number of window groups open at once in a tumbling window's output: with
    1-minute windows and --max-delay 10s at most two adjacent windows are open, so the largest
    sum of the group counts of two adjacent windows (one window's when there is one)."""
    per = collections.Counter(rec["window_start"] for rec in compare.records(path))
    counts = [per[k] for k in sorted(per)]
    if len(counts) < 2:
        return sum(counts)
    return max(a + b for a, b in zip(counts, counts[1:]))


def verdict(measure, floor, at_most):
    """"ok", "FAIL (measure)" or "?" when it was not measured."""
    if measure is None:
        return "?"
    ok = measure <= floor if at_most else measure >= floor
    return "ok" if ok else f"FAIL ({fmt(measure)})"


def fmt(x, digits=2):
    if x is None:
        return "–"
    if x >= 100:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def wanted(only, key):
    """Whether --only (comma-separated words; empty: all) selects the task `key`."""
    return not only or any(word in key for word in only.split(","))


def ratio(a, b):
    return a / b if a and b else None


def times(x):
    """A speed ratio as a cell: "1.23×", or "–" when not measured."""
    return "–" if x is None else f"{fmt(x)}×"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--eddy", required=True)
    ap.add_argument("--static", help="the static build, for the start-up row")
    ap.add_argument("--before", help="an older eddy, run beside the new one")
    ap.add_argument("--dir", required=True)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--startup-runs", type=int, default=300)
    ap.add_argument("--callgrind", action="store_true")
    ap.add_argument("--only", default="",
                    help="comma-separated words: run the tasks whose key contains one")
    ap.add_argument("--out", help="also write the table here")
    a = ap.parse_args()

    ndjson = os.path.join(a.dir, "events.ndjson")
    csv = os.path.join(a.dir, "events.csv")
    work = os.path.join(a.dir, "table")
    os.makedirs(work, exist_ok=True)
    empty = os.path.join(work, "empty.ndjson")
    open(empty, "wb").close()
    notes, failures = [], []
    load_before = load()
    note(f"load average (1 min) before: {load_before:.2f}")
    if load_before > 1:
        note("WARNING: load > 1, the times and ratios are not a quiet run's")

    have_duck = subprocess.call([sys.executable, "-c", "import duckdb"],
                                stderr=subprocess.DEVNULL) == 0
    if not have_duck:
        notes.append(f"DuckDB is not importable by {sys.executable}: its columns are empty "
                     "(`pip install duckdb`, or PYTHON=an interpreter that has it).")
    if not shutil.which("hyperfine"):
        notes.append("hyperfine is not installed: each command was timed in a loop of its own, "
                     "not interleaved (`apt-get install hyperfine`).")
    if not os.access("/usr/bin/time", os.X_OK):
        notes.append("/usr/bin/time is missing: no peak RSS (`apt-get install time`).")
    cg = a.callgrind
    if cg and not shutil.which("valgrind"):
        notes.append("CALLGRIND=1 but valgrind is not installed: no ins/byte "
                     "(`apt-get install valgrind`).")
        cg = False
    if cg:
        small = {"ndjson": head(ndjson, os.path.join(work, "first100k.ndjson"), 100_000),
                 "csv": head(csv, os.path.join(work, "first100k.csv"), 100_001)}

    binaries = [("eddy", a.eddy)] + ([("before", a.before)] if a.before else [])
    rows, rss_of, stateless = [], {}, []
    for key, title, args, kind, mode, duck_task in TASKS:
        if not wanted(a.only, key):
            continue
        path = ndjson if kind == "ndjson" else csv
        size = os.path.getsize(path)
        note(f"{key}: {title}")
        cmds = [(label, [a.eddy] + opts + args + [path]) for label, opts in VARIANTS]
        if a.before:
            cmds.append(("before", [a.before] + args + [path]))
        if have_duck:
            cmds.append(("duckdb", [sys.executable, compare.__file__, "--duck", duck_task, path,
                                    "--duck-threads", "2"]))
        if key == "filter":
            cmds.append(("wc -l", ["wc", "-l", path]))

        res, checks, ran = {}, [], []
        for label, argv in cmds:
            out = os.path.join(work, f"{key}.{slug(label)}.out")
            err = os.path.join(work, f"{key}.{slug(label)}.err")
            status, rss = compare.capture(shlex.join(argv), out, err)
            if status != 0:
                checks.append(f"{label} failed: {compare.first_error_line(err)}")
                if label.startswith("eddy") or label == "before":
                    failures.append(f"{key}: {label} failed")
                continue
            res[label] = {"out": out, "rss": rss}
            ran.append((label, shlex.join(argv)))
        ref = res.get("eddy", {}).get("out")
        for label in res:
            if ref is None or label in ("eddy", "wc -l"):
                continue
            if label == "duckdb":
                v = compare.agreement(mode, "duckdb", res[label]["out"], "eddy", ref)
                bad = "DIFFERS" in v or "not comparable" in v
            else:
                bad = not filecmp.cmp(res[label]["out"], ref, shallow=False)
                v = "DIFFERS from eddy" if bad else "byte-identical"
            checks.append(f"{label}: {v}")
            if bad:
                failures.append(f"{key}: {label} {v}")

        medians = compare.timed(ran, a.runs, work, shell=False)
        if os.path.exists(os.path.join(work, "hyperfine.json")):  # the spread, for the curious
            os.replace(os.path.join(work, "hyperfine.json"),
                       os.path.join(work, f"{key}.hyperfine.json"))
        secs = {label: medians.get(label) for label in res}
        eddy_s = secs.get("eddy")
        m = {
            "mbps": size / eddy_s / 1e6 if eddy_s else None,
            "wc": ratio(secs.get("wc -l"), eddy_s),
            "t21": ratio(secs.get("eddy t1"), secs.get("eddy t2")),
            "d1": ratio(secs.get("eddy t1"), eddy_s),
            "duck": ratio(secs.get("duckdb"), eddy_s),
            "rss": res.get("eddy", {}).get("rss"),
            "ipb": None,
        }
        rss_of[key] = m["rss"]
        if key in ("filter", "map", "csv"):
            stateless += [res[v]["rss"] for v, _ in VARIANTS if res.get(v, {}).get("rss")]
        ipb = {}
        if cg:
            for name, binary in binaries:
                argv = [binary, "--threads", "1"] + args + [small[kind]]
                ins = callgrind(argv, work, f"{key}.{name}")
                ipb[name] = ins / os.path.getsize(small[kind]) if ins else None
            m["ipb"] = ipb.get("eddy")
        goals = []
        for label, measure, floor, at_most in GOALS[key]:
            goals.append(f"{label} {'≤' if at_most else '≥'} {fmt(floor)}: "
                         f"{verdict(m[measure], floor, at_most)}")
        if a.before:
            faster = ratio(secs.get("before"), eddy_s)
            goals.append(f"not slower than before: {verdict(faster, 1.0, False)}")
        rows.append((key, title, secs, m, res, ipb, goals, checks))

    startup = None
    if wanted(a.only, "startup"):
        note("start-up: `filter true` on empty input")
        cmds = [("eddy", [a.eddy, "filter", "true", empty])]
        if a.static:
            cmds.append(("static", [a.static, "filter", "true", empty]))
        else:
            notes.append("No static build (STATIC=0, or not x86_64 Linux): start-up of the "
                         "default build only.")
        if a.before:
            cmds.append(("before", [a.before, "filter", "true", empty]))
        ran = []
        for label, argv in cmds:
            if subprocess.call(argv, stdout=subprocess.DEVNULL) == 0:
                ran.append((label, shlex.join(argv)))
            else:
                failures.append(f"start-up: {label} failed")
        startup = compare.timed(ran, a.startup_runs, work, shell=False, warmup=30)

    load_after = load()
    note(f"load average (1 min) after: {load_after:.2f}")

    # --- the table ---------------------------------------------------------------------------
    many = next((r for r in rows if r[0] == "many"), None)
    per_group, many_line = None, None
    if many and "eddy" in many[4] and rss_of.get("many") and rss_of.get("window"):
        groups = open_groups(many[4]["eddy"]["out"])
        per_group = (rss_of["many"] - rss_of["window"]) * 1024 * 1024 / groups if groups else None
        many_line = (f"Many keys: at most {groups:,} groups open at once (the largest sum of two "
                     f"adjacent windows' rows, an upper bound); (peak RSS many keys − peak RSS "
                     f"by host) / that = {fmt(per_group, 0)} bytes per open group.")

    lines = []
    before_cols = " before | after ÷ before |" if a.before else ""
    lines.append(f"| task | eddy | `--threads 1` | `--threads 2` | t2/t1 |{before_cols} DuckDB "
                 "| eddy ÷ DuckDB | MB/s | peak RSS eddy / DuckDB | ins/byte | goals | outputs |")
    lines.append("|---|" + "---:|" * (11 if a.before else 9) + "---|---|")
    for key, title, secs, m, res, ipb, goals, checks in rows:
        ms = lambda label: fmt(secs[label] * 1000) if secs.get(label) else "–"
        rss = lambda label: fmt(res.get(label, {}).get("rss"), 0)
        cells = [title, ms("eddy"), ms("eddy t1"), ms("eddy t2"), times(m["t21"])]
        if a.before:
            cells += [ms("before"), times(ratio(secs.get("before"), secs.get("eddy")))]
        cells += [ms("duckdb"), times(m["duck"]), fmt(m["mbps"]),
                  f"{rss('eddy')} / {rss('duckdb')}"]
        if key == "many" and per_group is not None:
            cells[-1] += f" ({fmt(per_group, 0)} B per open group)"
        if ipb:
            # Printed as "before → after", the order the heading gives.
            cells.append(" → ".join(fmt(ipb.get(n)) for n, _ in reversed(binaries)))
        else:
            cells.append("–")
        cells.append("; ".join(goals))
        if any("DIFFERS" in c for c in checks):
            cells.append("DIFFER")
        else:
            cells.append("a run failed" if any("failed" in c for c in checks) else "same")
        lines.append("| " + " | ".join(cells) + " |")
    if startup is not None:
        cells = [f"start-up ({'dynamic / static' if a.static else 'dynamic'}, ms)"]
        built = [fmt(startup[b] * 1000) for b in ("eddy", "static") if startup.get(b)]
        cells += [" / ".join(built) or "–", "", "", ""]
        if a.before:
            cells += [fmt(startup["before"] * 1000) if startup.get("before") else "–", ""]
        ok = [verdict(startup.get(b) * 1000, 2, True) for b in ("eddy", "static")
              if startup.get(b)]
        cells += ["", "", "", "", "", f"≤ 2 ms: {'/'.join(ok) or '?'}", ""]
        lines.append("| " + " | ".join(cells) + " |")
    if stateless:
        top = max(stateless)
        cells = ["stateless RSS (filter, map, CSV filter; largest of the threads)", "", "", "",
                 ""] + (["", ""] if a.before else [])
        cells += ["", "", "", fmt(top, 0), "", f"≤ 32 MB: {verdict(top, 32, True)}", ""]
        lines.append("| " + " | ".join(cells) + " |")

    lines.append("")
    size_n, size_c = os.path.getsize(ndjson), os.path.getsize(csv)
    lines.append(
        f"Input: {compare.count_lines(ndjson):,} events, {size_n / 1e6:,.0f} MB NDJSON, CSV "
        f"{size_c / 1e6:,.0f} MB. Times: median ms of {a.runs} run(s) (start-up: "
        f"{a.startup_runs}), every command of a row in one hyperfine run, stdout discarded. "
        f"MB/s = input bytes / eddy's median (default threads). Ratios are speeds: "
        f"t2/t1 = time at 1 thread / time at 2; eddy ÷ DuckDB = DuckDB's time / eddy's. DuckDB: "
        f"its Python package, 2 threads (interpreter start-up included). Peak RSS in MB "
        f"(/usr/bin/time). Load average (1 min): {load_before:.2f} before the run"
        f"{' — NOT a quiet machine' if load_before > 1 else ''}, {load_after:.2f} after "
        f"(which counts the run's own threads: eddy and DuckDB use both cores).")
    if cg:
        lines.append("ins/byte: callgrind, `--threads 1`, first 100,000 events"
                     + (" (before → after)" if a.before else "") + ".")
    if many_line:
        lines.append(many_line)
    wc = next((r[2].get("wc -l") for r in rows if r[0] == "filter"), None)
    if wc:
        lines.append(f"`wc -l` on the NDJSON, in the filter's run: {wc * 1000:,.1f} ms, "
                     f"{os.path.getsize(ndjson) / wc / 1e6:,.0f} MB/s.")
    lines.append("")
    lines.append("Output checks:")
    for key, title, secs, m, res, ipb, goals, checks in rows:
        lines.append(f"- {key}: " + "; ".join(checks))
    lines += [f"- {n}" for n in notes]
    text = "\n".join(lines) + "\n"
    print(text)
    if a.out:
        with open(a.out, "w") as f:
            f.write(text)
    if load_before > 1:
        note("WARNING: load average > 1 before the run: the machine was not quiet")
    if failures:
        note("output checks FAILED: " + "; ".join(failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
