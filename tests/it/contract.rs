//! Promises of cli.md sections 1, 2, 5, 6 and 7 that no other test checks, through the binary:
//! `--` and `-` among files, global options anywhere, signals, buffering flags, nothing lost on
//! deep input, write and read failures, the precedence of exit statuses, and the `--stats` keys.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};

use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::common::{eddy, run_in};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The `--stats` object of a run's stderr.
fn stats(stderr: &[u8]) -> serde_json::Value {
    crate::accounting::stats_of(&text(stderr)).unwrap()
}

#[test]
fn double_dash_ends_stage_parsing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("then"), "{\"file\":\"then\"}\n").unwrap();
    fs::write(dir.path().join("--stats"), "{\"file\":\"--stats\"}\n").unwrap();
    // After `--`, `then` and `--stats` are file names, not a separator and an option.
    let out = run_in(dir.path(), &["head", "5", "--", "then", "--stats"], b"");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "{\"file\":\"then\"}\n{\"file\":\"--stats\"}\n"
    );
    assert_eq!(text(&out.stderr), "", "no stats were asked for");
    // Also after a chain of stages.
    let out = run_in(
        dir.path(),
        &["head", "5", "then", "select", "file", "--", "then"],
        b"",
    );
    assert_eq!(text(&out.stdout), "{\"file\":\"then\"}\n");
    // `-` after `--` is still stdin.
    let out = run_in(
        dir.path(),
        &["head", "5", "--", "-", "then"],
        b"{\"s\":1}\n",
    );
    assert_eq!(text(&out.stdout), "{\"s\":1}\n{\"file\":\"then\"}\n");
}

#[test]
fn each_source_has_its_own_line_numbers_and_bom() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.ndjson"), "{\"n\":1}\nbad a\n").unwrap();
    // A BOM at the start of the second source is ignored too; no final newline.
    fs::write(
        dir.path().join("b.ndjson"),
        b"\xEF\xBB\xBF{\"n\":3}\r\n{\"n\":4\r\nbad b",
    )
    .unwrap();
    let out = run_in(
        dir.path(),
        &["head", "10", "a.ndjson", "-", "b.ndjson"],
        b"\xEF\xBB\xBF{\"n\":2}\n",
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "{\"n\":1}\n{\"n\":2}\n{\"n\":3}\n");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("eddy: a.ndjson:2: invalid JSON"),
        "{stderr}"
    );
    assert!(
        stderr.contains("eddy: b.ndjson:2: invalid JSON"),
        "{stderr}"
    );
    assert!(
        stderr.contains("eddy: b.ndjson:3: invalid JSON"),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped 3 lines: 3 malformed (a.ndjson:2, b.ndjson:2, b.ndjson:3)"),
        "{stderr}"
    );
}

#[test]
fn global_options_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("in.txt"), "x\n{\"a\":1}\n").unwrap();
    // Among the first stage's arguments, after the files, and in a later stage.
    for args in [
        &["--from", "lines", "--strict", "head", "5", "in.txt"][..],
        &["head", "5", "in.txt", "--from", "lines", "--strict"],
        &[
            "head", "--from", "lines", "5", "then", "head", "--strict", "5", "in.txt",
        ],
    ] {
        let out = run_in(dir.path(), args, b"");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert_eq!(
            text(&out.stdout),
            "{\"line\":\"x\"}\n{\"line\":\"{\\\"a\\\":1}\"}\n",
            "{args:?}"
        );
    }
    // The same options as NDJSON input: `--strict` given last still applies.
    let out = run_in(
        dir.path(),
        &["head", "5", "in.txt", "--from", "ndjson", "--strict"],
        b"",
    );
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(text(&out.stdout), "{\"a\":1}\n");
}

/// Starts `eddy head 100` with stdin kept open, feeds two events, waits until both are written
/// (so the run is live), sends `signal` with kill(1) and returns (status, all stdout).
fn interrupt(signal: &str) -> (Option<i32>, String) {
    let mut child: Child = eddy()
        .args(["head", "100"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"{\"n\":1}\n{\"n\":2}\n").unwrap();
    stdin.flush().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = String::new();
        for _ in 0..2 {
            stdout.read_line(&mut seen).unwrap();
        }
        tx.send(seen.clone()).unwrap();
        stdout.read_to_string(&mut seen).unwrap();
        tx.send(seen).unwrap();
    });
    // Generous bound: only a missing flush can fail this, not a slow machine.
    let first = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("no output while input open");
    assert_eq!(first, "{\"n\":1}\n{\"n\":2}\n");
    let killed = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    let all = rx.recv_timeout(Duration::from_secs(30)).unwrap();
    drop(stdin);
    (status.code(), all)
}

#[test]
fn sigint_and_sigterm_flush_and_exit_130_143() {
    assert_eq!(
        interrupt("INT"),
        (Some(130), "{\"n\":1}\n{\"n\":2}\n".to_owned())
    );
    assert_eq!(
        interrupt("TERM"),
        (Some(143), "{\"n\":1}\n{\"n\":2}\n".to_owned())
    );
}

#[test]
fn signal_ends_tail_with_what_it_holds() {
    // `tail` writes at the end of input; after an interrupt, what is complete is flushed.
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.ndjson");
    let mut child = eddy()
        .arg("--stats")
        .arg("tee")
        .arg(&copy)
        .args(["then", "tail", "1"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"{\"n\":1}\n{\"n\":2}\n").unwrap();
    stdin.flush().unwrap();
    // tee flushes its file when the input pauses: once both lines are there, tail holds the
    // second. Poll with a generous bound: only a missing flush can fail this.
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while fs::read(&copy).unwrap_or_default().len() < 16 {
        assert!(std::time::Instant::now() < deadline, "tee never flushed");
        std::thread::sleep(Duration::from_millis(20));
    }
    Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    assert_eq!(out.status.code(), Some(143));
    assert_eq!(text(&out.stdout), "{\"n\":2}\n");
    // The stats are printed on an interrupt too.
    let s = stats(&out.stderr);
    assert_eq!(s["events_read"], 2);
    assert_eq!(s["events_written"], 1);
}

#[test]
fn buffering_flags() {
    let input = b"{\"a\":1}\n{\"a\":2}\n";
    let dir = tempfile::tempdir().unwrap();
    for flag in ["--line-buffered", "--block-buffered"] {
        let out = run_in(dir.path(), &[flag, "head", "5"], input);
        assert_eq!(out.status.code(), Some(0));
        assert_eq!(out.stdout, input, "{flag}");
    }
    let out = run_in(
        dir.path(),
        &["--line-buffered", "--block-buffered", "head", "1"],
        input,
    );
    assert_eq!(out.status.code(), Some(2));

    // Block-buffered output is still flushed when the input pauses.
    assert_eq!(
        first_line_while_input_open(&["--block-buffered", "head", "10"], b"{\"live\":1}\n"),
        "{\"live\":1}\n"
    );
}

/// Starts eddy with `args`, writes `input` and keeps stdin open: the first output line must
/// arrive before the input ends (generous timeout: correctness, not speed).
fn first_line_while_input_open(args: &[&str], input: &[u8]) -> String {
    let mut child = eddy()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input).unwrap();
    stdin.flush().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        tx.send(line).unwrap();
    });
    let line = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("no output while input open");
    drop(stdin);
    assert!(child.wait().unwrap().success());
    line
}

#[test]
fn output_is_flushed_while_input_stays_open() {
    assert_eq!(
        first_line_while_input_open(&["head", "10"], b"{\"live\":1}\n"),
        "{\"live\":1}\n"
    );
    assert_eq!(
        first_line_while_input_open(&["filter", "live == 1"], b"{\"live\":0}\n{\"live\":1}\n"),
        "{\"live\":1}\n"
    );
}

#[test]
fn deep_nesting_on_input_is_malformed_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = b"{\"a\":1}\n".to_vec();
    input.extend_from_slice(&b"[".repeat(100_000));
    input.push(b'\n');
    input.extend_from_slice(
        format!("{{\"x\":{}1{}}}\n", "[".repeat(200), "]".repeat(200)).as_bytes(),
    );
    input.extend_from_slice(b"{\"a\":2}\n");
    let out = run_in(
        dir.path(),
        &["--stats", "--errors", "errors.txt", "filter", "a > 0"],
        &input,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), "{\"a\":1}\n{\"a\":2}\n");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("<stdin>:2: invalid JSON: recursion limit exceeded"),
        "{stderr}"
    );
    assert!(
        stderr.contains("<stdin>:3: invalid JSON: recursion limit exceeded"),
        "{stderr}"
    );
    let s = stats(&out.stderr);
    assert_eq!(s["dropped"]["malformed"], 2);
    assert_eq!(s["lines_read"], 4);
    // The deep lines are kept byte for byte for a replay.
    let kept = fs::read(dir.path().join("errors.txt")).unwrap();
    assert_eq!(kept.len(), input.len() - "{\"a\":1}\n{\"a\":2}\n".len());
}

#[test]
fn write_failure_exits_3() {
    let out = eddy()
        .args(["head", "1"])
        .stdin(Stdio::piped())
        .stdout(
            fs::OpenOptions::new()
                .write(true)
                .open("/dev/full")
                .unwrap(),
        )
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child.stdin.take().unwrap().write_all(b"{\"a\":1}\n")?;
            child.wait_with_output()
        })
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(
        text(&out.stderr).starts_with("eddy: "),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_unreadable_file_in_the_middle_is_reported_and_the_others_are_read() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.ndjson"), "{\"n\":1}\n").unwrap();
    fs::write(dir.path().join("c.ndjson"), "{\"n\":3}\n").unwrap();
    let out = run_in(
        dir.path(),
        &["head", "10", "a.ndjson", "missing.ndjson", "c.ndjson"],
        b"",
    );
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(text(&out.stdout), "{\"n\":1}\n{\"n\":3}\n");
    assert!(
        text(&out.stderr).starts_with("eddy: missing.ndjson: "),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn strict_wins_over_exit_status_and_exit_status_counts_written_events() {
    let dir = tempfile::tempdir().unwrap();
    // Everything dropped and nothing written: 4 (lost data matters more than empty output).
    let out = run_in(
        dir.path(),
        &["--from", "ndjson", "--strict", "-e", "head", "1"],
        b"nope\n",
    );
    assert_eq!(out.status.code(), Some(4));
    // Everything filtered: nothing written, nothing lost.
    let out = run_in(
        dir.path(),
        &["-e", "--strict", "filter", "a > 5"],
        b"{\"a\":1}\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let out = run_in(
        dir.path(),
        &["--exit-status", "filter", "a > 0"],
        b"{\"a\":1}\n",
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn errors_file_is_appended_to() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("errors.txt"), "earlier\n").unwrap();
    for line in [&b"first bad\r\n"[..], b"{\"x\":\"abc\"}\n"] {
        let out = run_in(
            dir.path(),
            &[
                "--from",
                "ndjson",
                "--errors",
                "errors.txt",
                "filter",
                "x * 2 > 1",
            ],
            line,
        );
        assert_eq!(out.status.code(), Some(0));
    }
    // Appended, byte for byte, each record with its own line end (the CR stays).
    assert_eq!(
        fs::read(dir.path().join("errors.txt")).unwrap(),
        b"earlier\nfirst bad\r\n{\"x\":\"abc\"}\n"
    );
}

#[test]
fn usage_errors_in_later_stages_come_before_input() {
    // stdin is a directory: reading it would fail with status 3.
    let status = |args: &[&str]| {
        eddy()
            .args(args)
            .stdin(fs::File::open("/").unwrap())
            .stderr(Stdio::null())
            .status()
            .unwrap()
            .code()
    };
    assert_eq!(
        status(&["head", "1", "then", "dedupe", "--within", "5x"]),
        Some(2)
    );
    assert_eq!(
        status(&["head", "1", "then", "filter", "nosuch(a)"]),
        Some(2)
    );
    assert_eq!(
        status(&["head", "1", "then", "filter", "len(a, b)"]),
        Some(2)
    );
    assert_eq!(
        status(&["head", "1", "then", "head", "1", "--bogus"]),
        Some(2)
    );
    assert_eq!(status(&["head", "1", "then", "nosuchstage"]), Some(2));
    assert_eq!(status(&["--from", "nosuchformat", "head", "1"]), Some(2));
    assert_eq!(status(&["--on-error", "sometimes", "head", "1"]), Some(2));
    assert_eq!(status(&["--threads", "many", "head", "1"]), Some(2));
    assert_eq!(status(&["--threads", "2", "head", "1"]), Some(3));
}

#[test]
fn stats_name_every_counter_of_section_7() {
    let dir = tempfile::tempdir().unwrap();
    let out = run_in(
        dir.path(),
        &["--stats", "filter", "a > 1", "then", "head", "5"],
        b"{\"a\":1}\n{\"a\":2}\n\nbad\n",
    );
    assert_eq!(out.status.code(), Some(0));
    let s = stats(&out.stderr);
    for key in [
        "lines_read",
        "bytes_read",
        "blank_lines",
        "structural_lines",
        "malformed_lines",
        "too_long_lines",
        "events_read",
        "records_unprocessed",
        "events_written",
        "events_filtered",
        "dropped",
        "stages",
        "wall_seconds",
        "busy_seconds",
        "arrival_rate",
        "processing_rate",
        "utilisation",
    ] {
        assert!(s.get(key).is_some(), "--stats lacks {key}: {s}");
    }
    for reason in ["malformed", "eval_error", "late", "bad_time"] {
        assert!(s["dropped"].get(reason).is_some(), "dropped lacks {reason}");
    }
    assert_eq!(s["bytes_read"], 21);
    assert_eq!(s["lines_read"], 4);
    assert_eq!(s["blank_lines"], 1);
    assert_eq!(s["events_filtered"], 1);
    assert_eq!(s["events_written"], 1);
    for stage in s["stages"].as_array().unwrap() {
        for key in [
            "events_in",
            "events_out",
            "filtered",
            "dropped",
            "passed",
            "absorbed",
        ] {
            assert!(stage.get(key).is_some(), "stage lacks {key}: {stage}");
        }
    }
}

#[test]
fn stats_accounting_holds_when_on_error_fail_stops_the_run() {
    let dir = tempfile::tempdir().unwrap();
    for (args, input) in [
        (
            &["filter", "true"][..],
            &b"{\"a\":1}\nbad\n{\"a\":3}\n\n"[..],
        ),
        (
            &["filter", "a * 2 > 0"],
            b"{\"a\":1}\n{\"a\":\"x\"}\n{\"a\":3}\n",
        ),
    ] {
        let mut all = vec!["--stats", "--on-error", "fail"];
        all.extend_from_slice(args);
        let out = run_in(dir.path(), &all, input);
        assert_eq!(out.status.code(), Some(3));
        assert_eq!(text(&out.stdout), "{\"a\":1}\n");
        // The lines after the failing one were read in the same block but never processed.
        crate::accounting::check(&text(&out.stderr)).unwrap();
    }
}

#[test]
fn devices_may_be_read_and_written_in_one_run() {
    let out = eddy()
        .args([
            "--errors",
            "/dev/null",
            "tee",
            "/dev/null",
            "then",
            "head",
            "1",
        ])
        .stdin(fs::File::open("/dev/null").unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}
