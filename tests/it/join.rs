//! `join`: the side table and the stream join through the binary: the accounting of `--stats`,
//! a satisfied `head` after an event that matched many rows, and the differential checks
//! against DuckDB on real data (`scripts/join_oracle.py`; skipped with a message when DuckDB is
//! missing, which `scripts/ci-extra.sh` installs in CI before running the oracle itself).

use std::io::Write;
use std::path::Path;
use std::process::Command;

use crate::accounting;
use crate::common::{EDDY, realdata, run_in};

/// Runs `scripts/join_oracle.py WHAT`, unless DuckDB is missing: then it says so and passes
/// (under `CI`, `scripts/ci-extra.sh` installs DuckDB after the test suite and runs the oracle).
fn oracle(what: &str) {
    let has_duckdb = Command::new("python3")
        .args(["-c", "import duckdb"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_duckdb {
        let then = if std::env::var_os("CI").is_some() {
            "scripts/ci-extra.sh runs it after installing DuckDB"
        } else {
            "python3 -m pip install duckdb"
        };
        eprintln!("skipped: the join oracle needs DuckDB ({then})");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/join_oracle.py");
    let out = Command::new("python3")
        .arg(script)
        .args([EDDY, what])
        .env("REALDATA", realdata())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprint!("{stdout}");
}

#[test]
fn side_table_agrees_with_duckdb_on_flights_and_weather() {
    oracle("table");
}

#[test]
fn stream_join_agrees_with_duckdb_on_zeek_dns_and_ssl_with_late_and_unmatched_rows() {
    oracle("stream");
}

#[test]
fn side_table_accounting_holds_for_every_kind_and_dup_rule() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("side.csv"), "k,v\na,1\na,2\nb,3\n,4\nc,5\n").unwrap();
    let input = b"{\"k\":\"a\"}\n{\"k\":\"b\"}\n{\"k\":\"z\"}\nnot json\n{}\n{\"k\":\"a\"}\n";
    for kind in ["inner", "left", "anti"] {
        for dup in ["all", "first", "last"] {
            let args = [
                "--stats", "join", "--with", "side.csv", "--on", "k", "--kind", kind, "--dup", dup,
            ];
            let out = run_in(dir.path(), &args, input);
            let stderr = String::from_utf8_lossy(&out.stderr);
            let stats = accounting::check(&stderr).unwrap_or_else(|e| panic!("{kind} {dup}: {e}"));
            let join = &stats["stages"][0];
            let expected_out = match (kind, dup) {
                ("inner", "all") => 5,
                ("inner", _) => 3,
                ("left", "all") => 7,
                ("left", _) => 5,
                _ => 2,
            };
            assert_eq!(join["events_out"], expected_out, "{kind} {dup}: {stats}");
            assert_eq!(join["details"]["side_null_keys"], 1);
            assert_eq!(join["details"]["side_duplicate_rows"], 1);
        }
    }
}

#[test]
fn head_after_a_key_of_many_rows_stops_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let side: String = (0..100)
        .map(|i| format!("{{\"k\":1,\"i\":{i}}}\n"))
        .collect();
    std::fs::write(dir.path().join("side.ndjson"), side).unwrap();
    let out = run_in(
        dir.path(),
        &[
            "--stats",
            "join",
            "--with",
            "side.ndjson",
            "--on",
            "k",
            "then",
            "head",
            "3",
        ],
        b"{\"k\":1}\n{\"k\":1}\n",
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        stdout,
        "{\"k\":1,\"i\":0}\n{\"k\":1,\"i\":1}\n{\"k\":1,\"i\":2}\n"
    );
    accounting::check(&String::from_utf8_lossy(&out.stderr)).unwrap();
}

#[test]
fn stream_join_reads_a_live_other_stream_from_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("other.pipe");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let mut child = crate::common::eddy()
        .args([
            "join",
            "--stream",
            "other.pipe",
            "--on",
            "k",
            "--within",
            "5s",
            "--time-field",
            "ts",
            "--kind",
            "left",
            "--as",
            "o",
        ])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Opening the pipe waits for eddy's reader: on a thread, so that a failed start cannot hang.
    let writer = std::thread::spawn(move || {
        let mut pipe = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
        pipe.write_all(
            b"{\"ts\":\"2024-01-01T00:00:01Z\",\"k\":\"a\",\"o\":1}\n\
              {\"ts\":\"2024-01-01T00:00:30Z\",\"k\":\"b\",\"o\":2}\n",
        )
        .unwrap();
    });
    writer.join().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(
            b"{\"ts\":\"2024-01-01T00:00:03Z\",\"k\":\"a\",\"i\":1}\n\
              {\"ts\":\"2024-01-01T00:00:10Z\",\"k\":\"a\",\"i\":2}\n\
              {\"ts\":\"2024-01-01T00:00:29Z\",\"k\":\"b\",\"i\":3}\n",
        )
        .unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    lines.sort_unstable();
    assert_eq!(
        lines,
        [
            r#"{"ts":"2024-01-01T00:00:03Z","k":"a","i":1,"o":{"ts":"2024-01-01T00:00:01Z","k":"a","o":1}}"#,
            r#"{"ts":"2024-01-01T00:00:10Z","k":"a","i":2,"o":null}"#,
            r#"{"ts":"2024-01-01T00:00:29Z","k":"b","i":3,"o":{"ts":"2024-01-01T00:00:30Z","k":"b","o":2}}"#,
        ]
    );
}

#[test]
fn side_table_edits_ndjson_text_as_it_changes_values() {
    // The same events as NDJSON (pristine: their text is edited) and as CSV (their values are
    // changed): every kind, `--as`, a clash and repeated keys give the same lines.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("side.csv"),
        "id,rack,owner\n1,r1,alice\n2,r2,bob\n2,r2b,bo\n,r0,nobody\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ev.csv"),
        "uid,ev,rack\n1,a,mine\n2,b,\n3,c,\n,d,\n1,e,\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ev.ndjson"),
        "{\"uid\":1,\"ev\":\"a\",\"rack\":\"mine\"}\n{\"uid\":2,\"ev\":\"b\",\"rack\":null}\n\
         {\"uid\":3,\"ev\":\"c\",\"rack\":null}\n{\"uid\":null,\"ev\":\"d\",\"rack\":null}\n\
         {\"uid\":1,\"ev\":\"e\",\"rack\":null}\n",
    )
    .unwrap();
    for extra in [
        &["--kind", "inner"][..],
        &["--kind", "left"],
        &["--kind", "anti"],
        &["--kind", "left", "--as", "u"],
        &["--as", "u", "--dup", "last"],
        &["--kind", "left", "--as", "rack"],
    ] {
        let run = |file: &str| {
            let mut args = vec!["join", "--with", "side.csv", "--on", "uid=id"];
            args.extend_from_slice(extra);
            args.push(file);
            let out = run_in(dir.path(), &args, b"");
            assert!(out.status.success(), "{extra:?}");
            String::from_utf8(out.stdout).unwrap()
        };
        let (text, value) = (run("ev.ndjson"), run("ev.csv"));
        assert!(!text.is_empty(), "{extra:?}");
        assert_eq!(text, value, "{extra:?}");
    }
}

#[test]
fn reload_reads_a_side_table_replaced_while_the_input_goes_on() {
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let side = dir.path().join("side.csv");
    std::fs::write(&side, "id,team\n1,red\n").unwrap();
    let mut child = crate::common::eddy()
        .args([
            "--stats", "join", "--with", "side.csv", "--on", "id", "--kind", "left", "--reload",
        ])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let lines = crate::common::stdout_lines(&mut child);
    let mut stdin = child.stdin.take().unwrap();
    let wait = Duration::from_secs(10);
    stdin.write_all(b"{\"id\":1}\n{\"id\":2}\n").unwrap();
    stdin.flush().unwrap();
    assert_eq!(
        lines.recv_timeout(wait).unwrap(),
        r#"{"id":1,"team":"red"}"#
    );
    assert_eq!(lines.recv_timeout(wait).unwrap(), r#"{"id":2,"team":null}"#);
    // Replaced atomically, as the help says; with a new column.
    let next = dir.path().join("side.csv.new");
    std::fs::write(&next, "id,team,tier\n1,blue,gold\n2,green,\n").unwrap();
    std::fs::rename(&next, &side).unwrap();
    // Looked at once a second, also while the input is quiet.
    std::thread::sleep(Duration::from_millis(1500));
    stdin
        .write_all(b"{\"id\":1}\n{\"id\":2}\n{\"id\":3}\n")
        .unwrap();
    drop(stdin);
    let rest: Vec<String> = lines.iter().collect();
    assert_eq!(
        rest,
        [
            r#"{"id":1,"team":"blue","tier":"gold"}"#,
            r#"{"id":2,"team":"green","tier":null}"#,
            r#"{"id":3,"team":null,"tier":null}"#,
        ]
    );
    let out = child.wait_with_output().unwrap();
    let stats = accounting::check(&String::from_utf8_lossy(&out.stderr)).unwrap();
    assert_eq!(stats["stages"][0]["details"]["reloads"], 1);
}

/// A FIFO in `dir` named `name`.
fn fifo(dir: &Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    assert!(
        Command::new("mkfifo")
            .arg(&path)
            .status()
            .unwrap()
            .success()
    );
    path
}

/// `eddy join --stream other.pipe --on k --within 1s --time-field t [extra…] input.ndjson` in
/// `dir`, its output piped.
fn stream_join_on_pipe(dir: &Path, extra: &[&str]) -> std::process::Child {
    crate::common::eddy()
        .args([
            "join",
            "--stream",
            "other.pipe",
            "--with-from",
            "ndjson",
            "--on",
            "k",
            "--within",
            "1s",
            "--time-field",
            "t",
        ])
        .args(extra)
        .arg("input.ndjson")
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn stream_join_waits_at_end_of_input_for_a_pipe_that_is_slow_to_start() {
    // The input ends long before the other stream's first line: its pairs are found all the
    // same (they do not depend on timing).
    let dir = tempfile::tempdir().unwrap();
    let fifo = fifo(dir.path(), "other.pipe");
    std::fs::write(
        dir.path().join("input.ndjson"),
        "{\"t\":5,\"k\":1,\"i\":1}\n",
    )
    .unwrap();
    let child = stream_join_on_pipe(dir.path(), &[]);
    let writer = std::thread::spawn(move || {
        let mut pipe = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(400));
        pipe.write_all(b"{\"t\":5,\"k\":1,\"o\":1}\n").unwrap();
        std::thread::sleep(std::time::Duration::from_millis(300));
        pipe.write_all(b"{\"t\":6,\"k\":1,\"o\":2}\n{\"t\":9,\"k\":1,\"o\":3}\n")
            .unwrap();
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "{\"t\":5,\"k\":1,\"i\":1,\"o\":1}\n{\"t\":5,\"k\":1,\"i\":1,\"o\":2}\n"
    );
}

#[test]
fn stream_join_stops_reading_an_endless_pipe_once_nothing_more_can_match() {
    // The other stream never ends and runs on in event time: once its watermark passes the
    // last input event's time + within, the run ends, with a bounded buffer.
    let dir = tempfile::tempdir().unwrap();
    let fifo = fifo(dir.path(), "other.pipe");
    std::fs::write(
        dir.path().join("input.ndjson"),
        "{\"t\":5,\"k\":1,\"i\":1}\n",
    )
    .unwrap();
    let mut child = stream_join_on_pipe(dir.path(), &["--max-delay", "2s", "--as", "o"]);
    let child_stdout = child.stdout.take().unwrap();
    let child_stderr = child.stderr.take().unwrap();
    let writer = std::thread::spawn(move || {
        let mut pipe = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
        // Ends with a broken pipe when eddy stops reading.
        for t in 0_u64.. {
            if writeln!(pipe, "{{\"t\":{t},\"k\":1}}").is_err() {
                return t;
            }
        }
        unreachable!()
    });
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            panic!("eddy did not stop reading an endless --stream pipe");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let written = writer.join().unwrap();
    let stdout = std::io::read_to_string(child_stdout).unwrap();
    let stderr = std::io::read_to_string(child_stderr).unwrap();
    assert!(status.success(), "{stderr}");
    assert_eq!(
        stdout,
        "{\"t\":5,\"k\":1,\"i\":1,\"o\":{\"t\":4,\"k\":1}}\n\
         {\"t\":5,\"k\":1,\"i\":1,\"o\":{\"t\":5,\"k\":1}}\n\
         {\"t\":5,\"k\":1,\"i\":1,\"o\":{\"t\":6,\"k\":1}}\n"
    );
    // The writer got a broken pipe soon after t = 5 + 1 + 2: only the channel's worth later.
    assert!(written < 100_000, "wrote {written} lines");
}

#[test]
fn sigterm_ends_a_stream_join_waiting_for_its_other_stream_with_what_it_found() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = fifo(dir.path(), "other.pipe");
    std::fs::write(
        dir.path().join("input.ndjson"),
        "{\"t\":5,\"k\":1,\"i\":1}\n{\"t\":20,\"k\":1,\"i\":2}\n",
    )
    .unwrap();
    let child = stream_join_on_pipe(dir.path(), &["--kind", "left"]);
    // The writer keeps the pipe open and quiet after one line.
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let writer = std::thread::spawn(move || {
        let mut pipe = std::fs::OpenOptions::new().write(true).open(fifo).unwrap();
        pipe.write_all(b"{\"t\":5,\"k\":1,\"o\":1}\n").unwrap();
        let _ = done_rx.recv_timeout(std::time::Duration::from_secs(30));
    });
    std::thread::sleep(std::time::Duration::from_millis(700));
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let out = child.wait_with_output().unwrap();
    done_tx.send(()).unwrap();
    writer.join().unwrap();
    assert_eq!(
        out.status.code(),
        Some(143),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "{\"t\":5,\"k\":1,\"i\":1,\"o\":1}\n{\"t\":20,\"k\":1,\"i\":2,\"o\":null}\n"
    );
}

#[test]
fn stream_join_buffers_no_input_once_a_regular_other_file_ended() {
    // FILE ends early in event time: its watermark is then +∞, and the input's events are
    // settled at once (left: emitted unmatched) rather than buffered to the end.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("other.ndjson"),
        "{\"t\":0,\"k\":1,\"o\":0}\n{\"t\":1,\"k\":1,\"o\":1}\n",
    )
    .unwrap();
    let input: String = (0..2000)
        .map(|t| format!("{{\"t\":{t},\"k\":1}}\n"))
        .collect();
    for (kind, lines) in [("inner", 5), ("left", 5 + 1997)] {
        let out = run_in(
            dir.path(),
            &[
                "--stats",
                "join",
                "--stream",
                "other.ndjson",
                "--on",
                "k",
                "--within",
                "1s",
                "--time-field",
                "t",
                "--max-delay",
                "1h",
                "--kind",
                kind,
            ],
            input.as_bytes(),
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert_eq!(
            out.stdout.iter().filter(|&&b| b == b'\n').count(),
            lines,
            "{kind}"
        );
        let stats = accounting::check(&stderr).unwrap_or_else(|e| panic!("{kind}: {e}"));
        let max = stats["stages"][0]["details"]["max_buffered_input"]
            .as_u64()
            .unwrap();
        assert!(max <= 3, "{kind}: max_buffered_input {max}");
    }
}

#[test]
fn reload_warns_once_of_a_side_table_too_long_or_gone_and_keeps_the_old_one() {
    use std::time::Duration;
    let dir = tempfile::tempdir().unwrap();
    let side = dir.path().join("side.csv");
    std::fs::write(&side, "id,team\n1,red\n").unwrap();
    let mut child = crate::common::eddy()
        .args([
            "join",
            "--with",
            "side.csv",
            "--on",
            "id",
            "--reload",
            "--max-side-rows",
            "2",
        ])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let lines = crate::common::stdout_lines(&mut child);
    let mut stdin = child.stdin.take().unwrap();
    let red = r#"{"id":1,"team":"red"}"#;
    let wait = Duration::from_secs(10);
    // Once the table is read (the first event's answer), it is replaced by a too long one,
    // then removed.
    stdin.write_all(b"{\"id\":1}\n").unwrap();
    stdin.flush().unwrap();
    assert_eq!(lines.recv_timeout(wait).unwrap(), red);
    let next = dir.path().join("side.csv.new");
    std::fs::write(&next, "id,team\n1,blue\n2,green\n3,gold\n").unwrap();
    std::fs::rename(&next, &side).unwrap();
    std::thread::sleep(Duration::from_millis(1300));
    stdin.write_all(b"{\"id\":1}\n").unwrap();
    stdin.flush().unwrap();
    assert_eq!(lines.recv_timeout(wait).unwrap(), red);
    std::fs::remove_file(&side).unwrap();
    std::thread::sleep(Duration::from_millis(1300));
    stdin.write_all(b"{\"id\":1}\n").unwrap();
    drop(stdin);
    assert_eq!(lines.iter().collect::<Vec<_>>(), [red]);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "eddy: warning: join: side.csv changed but could not be read again; the table read \
         before is kept: the side table side.csv has more than 2 rows (--max-side-rows, which \
         counts malformed ones too; raise it if the memory is there)\n\
         eddy: warning: join: side.csv is gone; the table read before is kept\n"
    );
}

/// Malformed side records are held, bytes and all, until the run reports them (so `--errors`
/// gets each whole): `--max-side-rows` counts them too, or a file of garbage would take
/// unbounded memory.
#[test]
fn malformed_side_records_count_against_max_side_rows() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("side.ndjson"), "{\"id\":1}\n{bad\n{worse\n").unwrap();
    let args = |max: &'static str| {
        let args = [
            "--errors",
            "bad.ndjson",
            "join",
            "--with",
            "side.ndjson",
            "--on",
            "id",
        ];
        [&args[..], &["--max-side-rows", max]].concat()
    };
    let out = crate::common::run_in(dir.path(), &args("2"), b"{\"id\":1}\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("more than 2 rows (--max-side-rows, which counts malformed"));
    assert!(out.stdout.is_empty());
    let out = crate::common::run_in(dir.path(), &args("3"), b"{\"id\":1}\n");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, b"{\"id\":1}\n");
    let dropped = std::fs::read_to_string(dir.path().join("bad.ndjson")).unwrap();
    assert_eq!(dropped, "{bad\n{worse\n");
}
