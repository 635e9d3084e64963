#!/usr/bin/env python3
"""eddy as the per-partition stage of a Spark job (README, "Running on Spark or Hadoop").

    spark-submit --files /path/to/eddy examples/spark/eddy_job.py \
        --window 'tumbling=window tumbling --size 1m --time-field ts --by host --agg count --max-delay inf' \
        --reducers 3 INPUT OUTPUT

For each --window NAME=ARGS, with INPUT read once per window (NDJSON; `.gz` files are
decompressed by Spark):

  map     every input partition is piped through `./eddy ARGS --output partial
          --partial-format tsv --from ndjson` (RDD.pipe): one line `KEY<TAB>PARTIAL` per
          window and key
  shuffle the lines are range-partitioned on KEY into --reducers partitions and sorted within
          each (repartitionAndSortWithinPartitions); the key sorts as the output does
  reduce  every reducer partition is piped through `./eddy window merge --partial-format tsv
          --sorted --on-error fail`, which streams group by group (a partial line it cannot
          read fails the task: the output would lack its counts)
  write   OUTPUT/NAME/part-00000 ... : concatenated in order, the bytes one eddy process writes
          (sessions: key by key; see the README)

The eddy binary is shipped with `spark-submit --files` (or `--eddy PATH`, which the job adds
with SparkContext.addFile): executors need nothing installed. A mapper or reducer that exits
non-zero fails its task (checkCode=True); Spark retries it, and a job that fails writes no
output (the output committer moves a partition's file into place only when its task succeeds).
"""

import argparse
import bisect
import os
import shlex
import time

from pyspark import SparkConf, SparkContext


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("input", help="NDJSON file(s) or folder, as Spark reads them (gzip included)")
    p.add_argument("output", help="a folder that must not exist yet")
    p.add_argument(
        "--window",
        action="append",
        required=True,
        metavar="NAME=ARGS",
        help="an aggregating eddy stage (window ... or count ...), repeatable",
    )
    p.add_argument("--reducers", type=int, default=2, help="reducer partitions (key ranges)")
    p.add_argument(
        "--partitions",
        type=int,
        default=0,
        help="repartition the input into this many map partitions first (a .gz file is one)",
    )
    p.add_argument("--eddy", help="the eddy binary to ship (default: shipped with --files)")
    return p.parse_args()


def range_bounds(keys, reducers):
    """Upper bounds of reducers-1 key ranges from a sample of keys (as sortByKey does)."""
    keys = sorted(set(keys))
    if reducers <= 1 or not keys:
        return []
    return [keys[len(keys) * i // reducers] for i in range(1, reducers)]


def run_window(sc, lines, name, args, reducers, output):
    started = time.time()
    mapper = "./eddy " + args + " --output partial --partial-format tsv --from ndjson"
    reducer = "./eddy window merge --partial-format tsv --sorted --on-error fail"
    partials = (
        lines.pipe(mapper, checkCode=True)
        .map(lambda line: (line.split("\t", 1)[0], line))
        .cache()
    )
    count, size = partials.map(lambda kv: (1, len(kv[1].encode()) + 1)).reduce(
        lambda a, b: (a[0] + b[0], a[1] + b[1])
    )
    sample = partials.keys()
    if count > 10_000:
        sample = sample.sample(False, 10_000 / count, seed=1)
    bounds = range_bounds(sample.collect(), reducers)
    merged = partials.repartitionAndSortWithinPartitions(
        numPartitions=len(bounds) + 1,
        partitionFunc=lambda key: bisect.bisect_left(bounds, key),
    ).values().pipe(reducer, checkCode=True)
    merged.saveAsTextFile(os.path.join(output, name))
    partials.unpersist()
    print(
        f"eddy_job: {name}: {time.time() - started:.1f} s, {lines.getNumPartitions()} map "
        f"partitions, shuffled {count} partial lines, {size} bytes, to {len(bounds) + 1} "
        f"reducers: {mapper}"
    )


def main():
    a = parse_args()
    sc = SparkContext(conf=SparkConf().setAppName("eddy"))
    if a.eddy:
        sc.addFile(a.eddy)
    for spec in a.window:
        name, sep, args = spec.partition("=")
        if not sep or not name or not args:
            raise SystemExit(f"eddy_job: --window {spec!r}: expected NAME=ARGS")
        shlex.split(args)  # fail early on unbalanced quotes
        lines = sc.textFile(a.input)
        if a.partitions:
            lines = lines.repartition(a.partitions)
        run_window(sc, lines, name, args, a.reducers, a.output)
    sc.stop()


if __name__ == "__main__":
    main()
