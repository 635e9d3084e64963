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
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile

import duckdb

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
    rows, _ = eddy(binary, base[:-1] + ["--kind", "anti", "flights.csv"], tmp)
    theirs = db.execute(
        f"SELECT f.fid FROM f WHERE NOT EXISTS (SELECT 1 FROM w WHERE {cond})"
    ).fetchall()
    compare("anti", [(str(r["fid"]),) for r in rows], theirs)
    rows, _ = eddy(binary, base[:-1] + ["--dup", "first", "flights.csv"], tmp)
    theirs = db.execute(
        f"SELECT f.fid, min(w.wid::BIGINT)::VARCHAR FROM f JOIN w ON {cond} GROUP BY f.fid"
    ).fetchall()
    compare("inner --dup first", [(str(r["fid"]), str(r["w"]["wid"])) for r in rows], theirs)


def main():
    binary, what = os.path.abspath(sys.argv[1]), sys.argv[2]
    with tempfile.TemporaryDirectory() as tmp:
        {"table": table}[what](binary, tmp)


if __name__ == "__main__":
    main()
