#!/usr/bin/env python3
"""The differential check of `eddy join` against DuckDB on real data.

    scripts/join_oracle.py EDDY table   # flights_2013_01.csv x weather.csv, inner/left/anti
    scripts/join_oracle.py EDDY stream  # Zeek dns x ssl on the host pair within 1 s

Each row of both inputs gets an id column first (a copy in a temporary folder), so that a join's
result is the multiset of (id, id) pairs, compared with DuckDB's without any value formatting
in between. Exits 1 with the first differences when they disagree.
"""

import collections
import csv
import datetime
import gzip
import json
import os
import subprocess
import sys
import tempfile

import duckdb

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
HERE = os.path.dirname(os.path.abspath(__file__))
REALDATA = os.environ.get("REALDATA", os.path.join(HERE, "..", "..", "shared", "realdata"))


def with_ids(src, dst, name):
    """Copies the CSV `src` to `dst` with a first column `name` numbering its rows from 1."""
    with open(src, newline="") as f, open(dst, "w", newline="") as g:
        r, w = csv.reader(f), csv.writer(g, lineterminator="\n")
        w.writerow([name] + next(r))
        for i, row in enumerate(r, 1):
            w.writerow([i] + row)


def eddy(binary, args, cwd):
    """Runs eddy; returns its NDJSON output as values, and its stderr."""
    run = subprocess.run([binary] + args, cwd=cwd, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"eddy {' '.join(args)} exited {run.returncode}:\n{run.stderr}")
    return [json.loads(line) for line in run.stdout.splitlines()], run.stderr


def compare(what, ours, theirs):
    """Exits 1 when the multisets `ours` and `theirs` differ."""
    a, b = collections.Counter(ours), collections.Counter(theirs)
    if a != b:
        print(f"{what}: eddy and DuckDB disagree")
        print("  only eddy:", list((a - b).items())[:5])
        print("  only DuckDB:", list((b - a).items())[:5])
        sys.exit(1)
    print(f"{what}: {sum(a.values())} rows agree")


def table(binary, tmp):
    flights, weather = os.path.join(tmp, "flights.csv"), os.path.join(tmp, "weather.csv")
    with_ids(os.path.join(REALDATA, "nycflights13", "flights_2013_01.csv"), flights, "fid")
    with_ids(os.path.join(REALDATA, "nycflights13", "weather.csv"), weather, "wid")
    on = "origin,year,month,day,hour"
    cond = " AND ".join(f"f.{k} = w.{k}" for k in on.split(","))
    db = duckdb.connect()
    db.execute(f"CREATE TABLE f AS SELECT * FROM read_csv('{flights}', header=true, all_varchar=true)")
    db.execute(f"CREATE TABLE w AS SELECT * FROM read_csv('{weather}', header=true, all_varchar=true)")
    for col in ["year", "month", "day", "hour"]:
        for t in ["f", "w"]:
            db.execute(f"ALTER TABLE {t} ALTER {col} TYPE BIGINT")
    base = ["join", "--with", "weather.csv", "--on", on, "--as", "w", "flights.csv"]
    rows, _ = eddy(binary, base, tmp)
    theirs = db.execute(f"SELECT f.fid, w.wid FROM f JOIN w ON {cond}").fetchall()
    compare("inner", [(str(r["fid"]), str(r["w"]["wid"])) for r in rows], [(a, b) for a, b in theirs])
    rows, _ = eddy(binary, base[:-1] + ["--kind", "left", "flights.csv"], tmp)
    theirs = db.execute(f"SELECT f.fid, w.wid FROM f LEFT JOIN w ON {cond}").fetchall()
    ours = [(str(r["fid"]), None if r["w"] is None else str(r["w"]["wid"])) for r in rows]
    compare("left", ours, theirs)
    # --as is refused with anti (nothing is attached).
    rows, _ = eddy(binary, base[:5] + ["--kind", "anti", "flights.csv"], tmp)
    theirs = db.execute(
        f"SELECT f.fid FROM f WHERE NOT EXISTS (SELECT 1 FROM w WHERE {cond})"
    ).fetchall()
    compare("anti", [(str(r["fid"]),) for r in rows], theirs)
    rows, _ = eddy(binary, base[:-1] + ["--dup", "first", "flights.csv"], tmp)
    theirs = db.execute(
        f"SELECT f.fid, min(w.wid::BIGINT)::VARCHAR FROM f JOIN w ON {cond} GROUP BY f.fid"
    ).fetchall()
    compare("inner --dup first", [(str(r["fid"]), str(r["w"]["wid"])) for r in rows], theirs)


def micros(ts):
    """An RFC 3339 UTC timestamp as integer microseconds since the epoch."""
    dt = datetime.datetime.fromisoformat(ts.replace("Z", "+00:00"))
    return (dt - EPOCH) // datetime.timedelta(microseconds=1)


def late_rows(rows, max_delay_us):
    """The ids of the late rows of one side, in its order: behind W = max t - max_delay of the
    rows before them (written from the definition, not from eddy's code)."""
    late, w = set(), None
    for r in rows:
        t = micros(r["ts"])
        if w is not None and t < w:
            late.add(r["rid"])
            continue
        w = t - max_delay_us if w is None else max(w, t - max_delay_us)
    return late


def zeek(name, moved):
    """The Zeek log `name` with a row id `rid`; the rows at the indexes `moved` taken to the end
    (so that they are late)."""
    with gzip.open(os.path.join(REALDATA, "zeek-wrccdc2018", f"{name}.json.gz"), "rt") as f:
        rows = [json.loads(line) for line in f]
    for i, r in enumerate(rows, 1):
        r["rid"] = f"{name[0]}{i}"
    kept = [r for i, r in enumerate(rows) if i not in moved]
    return kept + [rows[i] for i in sorted(moved)]


def stream(binary, tmp):
    # Rows taken to the end, about 17 minutes after their time: late under --max-delay 15m.
    # d9476, d9477 and s12288, s12290, s12299 have matches (thousands of pairs) at their place.
    moved_dns, moved_ssl = {100, 101, 102, 9475, 9476}, {200, 12287, 12289, 12298}
    dns, ssl = zeek("dns", moved_dns), zeek("ssl", moved_ssl)
    with open(os.path.join(tmp, "dns.ndjson"), "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in dns)
    with gzip.open(os.path.join(tmp, "ssl.ndjson.gz"), "wt") as f:
        f.writelines(json.dumps(r) + "\n" for r in ssl)
    db = duckdb.connect()
    for name, rows in [("dns", dns), ("ssl", ssl)]:
        db.execute(f"CREATE TABLE {name} (rid VARCHAR, oh VARCHAR, rh VARCHAR, t BIGINT)")
        db.executemany(
            f"INSERT INTO {name} VALUES (?, ?, ?, ?)",
            [(r["rid"], r.get("id.orig_h"), r.get("id.resp_h"), micros(r["ts"])) for r in rows],
        )
    cond = "d.oh = s.oh AND d.rh = s.rh AND abs(d.t - s.t) <= 1000000"
    for delay, delay_us in [("15m", 15 * 60 * 10**6), ("30s", 30 * 10**6)]:
        late = late_rows(dns, delay_us) | late_rows(ssl, delay_us)
        db.execute("CREATE OR REPLACE TABLE late (rid VARCHAR)")
        db.executemany("INSERT INTO late VALUES (?)", [(r,) for r in sorted(late)])
        d = "(SELECT * FROM dns WHERE rid NOT IN (SELECT rid FROM late))"
        s = "(SELECT * FROM ssl WHERE rid NOT IN (SELECT rid FROM late))"
        base = [
            "join", "--stream", "ssl.ndjson.gz", "--on", "id.orig_h,id.resp_h", "--within", "1s",
            "--time-field", "ts", "--max-delay", delay, "--as", "ssl", "--late", "file:late.ndjson",
        ]
        for kind in ["inner", "left"] if delay == "15m" else ["left"]:
            rows, _ = eddy(binary, base + ["--kind", kind, "dns.ndjson"], tmp)
            ours = [(r["rid"], None if r["ssl"] is None else r["ssl"]["rid"]) for r in rows]
            sql = "JOIN" if kind == "inner" else "LEFT JOIN"
            theirs = db.execute(f"SELECT d.rid, s.rid FROM {d} d {sql} {s} s ON {cond}").fetchall()
            compare(f"stream {kind}, --max-delay {delay}", ours, theirs)
            with open(os.path.join(tmp, "late.ndjson")) as f:
                landed = [json.loads(line)["rid"] for line in f]
            compare(f"  its late rows in --late", landed, late)
        if delay == "15m":
            moved = {f"d{i + 1}" for i in moved_dns} | {f"s{i + 1}" for i in moved_ssl}
            assert late == moved, f"the late rows are not the moved ones: {late ^ moved}"


def main():
    binary, what = os.path.abspath(sys.argv[1]), sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        {"table": table, "stream": stream}[what](binary, tmp)


if __name__ == "__main__":
    main()
