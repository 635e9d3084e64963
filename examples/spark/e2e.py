#!/usr/bin/env python3
"""The Spark end-to-end test: eddy_job.py on a real standalone cluster, compared with one eddy.

    python examples/spark/e2e.py EDDY [--workers 2] [--events 1000000] [--only NAME]

Run with the Python of a virtual environment that has PySpark (scripts/ci-extra.sh makes one in
"${EDDY_CI_CACHE:-$HOME/.cache/eddy-ci}/pyspark-venv"). It starts a standalone master and
--workers workers (1 core each) on 127.0.0.1 on free ports, their work folders in a temporary
folder, submits the job (the binary shipped with --files) over the Zeek DNS log
(../shared/realdata/zeek-wrccdc2018/dns.json.gz) and over a generated stream of --events events
(../shared/bench/gen_events.py, kept in the cache), and compares the job's output with one eddy
process byte for byte: tumbling and hopping windows (count, sum, mean, min, max, exact and
approximate percentiles, exact and approximate distinct counts) and sessions partitioned by key
(compared as sorted lines: the reducers write them key by key). Then a job whose mapper exits 3
must fail and write nothing. It prints what it compared and the job's time, and stops the JVMs
it started, by pid. Exit 0 when all are identical.
"""

import argparse
import glob
import hashlib
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SHARED = os.environ.get("EDDY_SHARED", os.path.join(REPO, "..", "shared"))
CACHE = os.environ.get("EDDY_CI_CACHE", os.path.expanduser("~/.cache/eddy-ci"))

# The windows compared: NAME=eddy arguments per dataset (`--max-delay inf`: exact under any
# partitioning; the README says why).
AGGS_DNS = (
    "--agg count --agg sum:rtt --agg mean:rtt --agg min:rtt --agg max:rtt --agg p95:rtt "
    "--agg approx_p99:rtt --agg distinct:qtype_name --agg approx_distinct:query"
)
AGGS_EVENTS = (
    "--agg count --agg sum:bytes --agg mean:latency_ms --agg min:latency_ms "
    "--agg max:latency_ms --agg p99:latency_ms --agg approx_p95:latency_ms "
    "--agg distinct:status --agg approx_distinct:path"
)
WINDOWS = {
    "dns": [
        ("tumbling", f"window tumbling --size 1m --time-field ts --by qtype_name {AGGS_DNS} --max-delay inf"),
        ("hopping", f"window hopping --size 5m --slide 1m --time-field ts --by rcode_name {AGGS_DNS} --max-delay inf"),
        ("session", "window session --gap 30s --time-field ts --by query --agg count --agg max:rtt --max-delay inf"),
    ],
    "events": [
        ("tumbling", f"window tumbling --size 1m --time-field ts --by host {AGGS_EVENTS} --max-delay inf"),
        ("hopping", f"window hopping --size 1m --slide 30s --time-field ts --by method {AGGS_EVENTS} --max-delay inf"),
        ("session", "window session --gap 2s --time-field ts --by host --agg count --agg mean:latency_ms --max-delay inf"),
    ],
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def generated(events):
    """The generated stream, made once per size and generator version in the cache."""
    gen = os.path.join(SHARED, "bench", "gen_events.py")
    with open(gen, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:12]
    path = os.path.join(CACHE, "spark-e2e", f"events-{events}-42-{digest}.ndjson")
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        subprocess.run([sys.executable, gen, str(events), "42", path + ".tmp"], check=True)
        os.replace(path + ".tmp", path)
    return path


def start(cmd, started, **kwargs):
    """Starts `cmd` in a session of its own and registers it in `started` at once, so that
    `stop_all` stops it whatever fails later."""
    proc = subprocess.Popen(cmd, start_new_session=True, **kwargs)
    started.append(proc)
    return proc


def stop_all(started):
    """Stops every process group registered in `started` that is still running, by pid: SIGTERM,
    then SIGKILL after 20 s."""
    for p in reversed(started):
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    for p in reversed(started):
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


class Cluster:
    """A standalone master and workers, children of this process, registered in `started` (the
    caller stops them with `stop_all`, also when this constructor raises)."""

    def __init__(self, workers, tmp, started, submit_timeout):
        self.procs = started
        self.tmp = tmp
        self.submit_timeout = submit_timeout
        import pyspark

        self.home = os.path.dirname(pyspark.__file__)
        self.env = dict(
            os.environ,
            SPARK_HOME=self.home,
            SPARK_LOCAL_IP="127.0.0.1",
            SPARK_LOCAL_HOSTNAME="localhost",
            SPARK_LOG_DIR=os.path.join(tmp, "logs"),
            SPARK_WORKER_DIR=os.path.join(tmp, "work"),
            PYSPARK_PYTHON=sys.executable,
            PYSPARK_DRIVER_PYTHON=sys.executable,
        )
        self.port = free_port()
        self.url = f"spark://127.0.0.1:{self.port}"
        master_log = os.path.join(tmp, "master.log")
        self.start(
            "org.apache.spark.deploy.master.Master",
            ["--host", "127.0.0.1", "--port", str(self.port), "--webui-port", str(free_port())],
            master_log,
        )
        self.wait_for(master_log, "I have been elected leader", 1)
        for i in range(workers):
            work = os.path.join(tmp, f"worker{i}")
            os.makedirs(work)
            self.start(
                "org.apache.spark.deploy.worker.Worker",
                [self.url, "--host", "127.0.0.1", "--port", str(free_port()),
                 "--webui-port", str(free_port()), "--cores", "1", "--memory", "2g",
                 "--work-dir", work],
                os.path.join(tmp, f"worker{i}.log"),
            )
        self.wait_for(master_log, "Registering worker", workers)
        print(f"cluster: master {self.url}, {workers} workers (1 core each), pids "
              + " ".join(str(p.pid) for p in self.procs), flush=True)

    def start(self, cls, args, log):
        with open(log, "wb") as out:
            start(
                [os.path.join(self.home, "bin", "spark-class"), cls, *args], self.procs,
                env=self.env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            )

    def wait_for(self, log, text, n, timeout=120):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with open(log, errors="replace") as f:
                if f.read().count(text) >= n:
                    return
            if any(p.poll() is not None for p in self.procs):
                break
            time.sleep(0.5)
        with open(log, errors="replace") as f:
            sys.stderr.write(f.read()[-4000:])
        raise SystemExit(f"e2e: the cluster did not start ({text!r} x{n} not in {log})")

    def submit(self, eddy, data, out, windows, reducers, fail_ok=False):
        cmd = [
            os.path.join(self.home, "bin", "spark-submit"),
            "--master", self.url,
            "--conf", "spark.driver.host=127.0.0.1",
            "--conf", "spark.driver.bindAddress=127.0.0.1",
            "--conf", "spark.ui.enabled=false",
            "--conf", "spark.executor.memory=1g",
            "--files", eddy,
            os.path.join(HERE, "eddy_job.py"),
            "--reducers", str(reducers),
        ]
        if data.endswith(".gz"):
            # One .gz file is one partition: spread it over the workers before mapping.
            cmd += ["--partitions", "4"]
        for name, args in windows:
            cmd += ["--window", f"{name}={args}"]
        cmd += [data, out]
        print("+ " + " ".join(shlex.quote(c) for c in cmd), flush=True)
        log_path = os.path.join(self.tmp, f"submit-{os.path.basename(out)}.log")
        with open(log_path, "wb") as log:
            t = time.time()
            proc = start(cmd, self.procs, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL)
            try:
                rc = proc.wait(timeout=self.submit_timeout)
            except subprocess.TimeoutExpired:
                stop_all([proc])
                raise SystemExit(f"e2e: spark-submit did not finish in {self.submit_timeout} s "
                                 f"(log: {log_path})")
            took = time.time() - t
        if fail_ok:
            return rc
        if rc != 0:
            with open(log_path, errors="replace") as f:
                sys.stderr.write(f.read()[-6000:])
            raise SystemExit(f"e2e: spark-submit exited {rc}")
        with open(log_path, errors="replace") as f:
            for line in f:
                if line.startswith("eddy_job:"):
                    print("  " + line.rstrip())
        return took


def job_output(folder):
    if not os.path.exists(os.path.join(folder, "_SUCCESS")):
        raise SystemExit(f"e2e: {folder} has no _SUCCESS")
    data = b""
    for part in sorted(glob.glob(os.path.join(folder, "part-*"))):
        with open(part, "rb") as f:
            data += f.read()
    return data


def failing_job_writes_nothing(cluster, eddy, tmp):
    """A mapper that exits non-zero (a bad timestamp under --on-bad-time fail: status 3) fails
    its task and the job: spark-submit exits non-zero and the output folder holds no part."""
    data = os.path.join(tmp, "bad.ndjson")
    with open(data, "w") as f:
        f.write('{"ts":"2024-03-01T00:00:01Z"}\n{"ts":"soon"}\n{"ts":"2024-03-01T00:00:02Z"}\n')
    out = os.path.join(tmp, "out-bad")
    window = "window tumbling --size 1m --time-field ts --on-bad-time fail --max-delay inf"
    rc = cluster.submit(eddy, data, out, [("bad", window)], 1, fail_ok=True)
    written = glob.glob(os.path.join(out, "bad", "part-*")) + glob.glob(
        os.path.join(out, "bad", "_SUCCESS")
    )
    with open(os.path.join(tmp, "submit-out-bad.log"), errors="replace") as f:
        log = f.read()
    # PySpark's pipe(checkCode=True) raises PIPE_FUNCTION_EXITED with eddy's status.
    ok = rc != 0 and not written and "exited with error code 3." in log
    print(f"  {'failed as it must' if ok else 'DID NOT FAIL'}: a mapper exiting 3 (eddy {window}): "
          f"spark-submit exited {rc}, {len(written)} output files")
    return ok


def main():
    p = argparse.ArgumentParser()
    p.add_argument("eddy")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--events", type=int, default=1_000_000)
    p.add_argument("--reducers", type=int, default=3)
    p.add_argument("--only", choices=["dns", "events"])
    p.add_argument("--submit-timeout", type=float, default=1200,
                   help="seconds a spark-submit may take before it is stopped and the test fails")
    a = p.parse_args()
    eddy = os.path.abspath(a.eddy)
    datasets = {
        "dns": os.path.join(SHARED, "realdata", "zeek-wrccdc2018", "dns.json.gz"),
        "events": None,
    }
    tmp = tempfile.mkdtemp(prefix="eddy-spark-e2e-")
    started = []
    failed = 0
    done = False
    compared = 0
    # A SIGTERM (a CI timeout) unwinds through `finally` too, which stops what was started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        cluster = Cluster(a.workers, tmp, started, a.submit_timeout)
        for name in datasets:
            if a.only and name != a.only:
                continue
            data = datasets[name] or generated(a.events)
            out = os.path.join(tmp, "out-" + name)
            took = cluster.submit(eddy, data, out, WINDOWS[name], a.reducers)
            print(f"{name}: job over {os.path.basename(data)} "
                  f"({os.path.getsize(data) / 1e6:.0f} MB) took {took:.1f} s with "
                  f"{a.workers} workers, {a.reducers} reducers", flush=True)
            for window, args in WINDOWS[name]:
                got = job_output(os.path.join(out, window))
                want = subprocess.run(
                    [eddy, *args.split(), data], check=True, stdout=subprocess.PIPE
                ).stdout
                how = "bytes"
                if window == "session":
                    got = b"".join(sorted(got.splitlines(keepends=True)))
                    want = b"".join(sorted(want.splitlines(keepends=True)))
                    how = "sorted lines"
                records = want.count(b"\n")
                compared += 1
                if got == want and records > 0:
                    print(f"  same {how}: {window}: {records} records, {len(want)} bytes: eddy {args}")
                else:
                    failed += 1
                    lines = got.count(b"\n")
                    print(f"  DIFFERENT: {window}: job {lines} records, one eddy {records}: "
                          f"eddy {args}")
        compared += 1
        if not failing_job_writes_nothing(cluster, eddy, tmp):
            failed += 1
        done = True
    finally:
        stop_all(started)
        if failed or not done:
            print(f"e2e: kept {tmp} for inspection")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"spark e2e: {compared} compared, {compared - failed} identical")
    sys.exit(1 if failed or not compared else 0)


if __name__ == "__main__":
    main()
