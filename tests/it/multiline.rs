//! Multi-line records (`--multiline-start`) end to end: a Java log's stack traces are one event
//! each, real files frame into exactly their lines, and a live pipe that pauses inside a record
//! gets the record out after `--multiline-timeout`, while it stays open.

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use std::time::{Duration, Instant};

use crate::common::{eddy, realdata, run_in, stdout_lines};

/// The `line` of every event of `stdout`, in order.
fn lines_of(stdout: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| {
            let event: serde_json::Value = serde_json::from_str(l).expect("an NDJSON event");
            event["line"].as_str().expect("a line").to_owned()
        })
        .collect()
}

/// Reads `path` with `--from lines --multiline-start START` and checks that nothing is lost or
/// moved: one event per line that starts a record (and one for the lines before the first),
/// and the events' texts, joined by `\n`, are the file's lines. Returns the events.
fn framed(path: &Path, start: &str, starts: impl Fn(&str) -> bool) -> Vec<String> {
    let out = eddy()
        .args(["--stats", "--from", "lines", "--multiline-start", start])
        .args([
            "--multiline-max-lines",
            "100000",
            "--multiline-max-bytes",
            "1GiB",
            "filter",
            "true",
        ])
        .arg(path)
        .stdin(Stdio::null())
        .output()
        .expect("eddy runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats = crate::accounting::check(&String::from_utf8_lossy(&out.stderr)).unwrap();
    let text = String::from_utf8(std::fs::read(path).unwrap()).unwrap();
    let lines: Vec<&str> = text
        .strip_suffix('\n')
        .unwrap_or(&text)
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    let records = lines.iter().skip(1).filter(|l| starts(l)).count() + 1;
    let events = lines_of(&out.stdout);
    assert_eq!(events.len(), records, "{}", path.display());
    assert_eq!(events.join("\n"), lines.join("\n"), "{}", path.display());
    for event in &events[1..] {
        let first = event.split('\n').next().unwrap_or_default();
        assert!(starts(first), "{event:?} does not start with a start line");
    }
    assert_eq!(stats["lines_read"], lines.len());
    assert_eq!(stats["structural_lines"], lines.len() - records);
    events
}

/// Every stack trace of a Java application's log is one event: the events are the log's start
/// lines, each with the `at ...` lines (and `Caused by:`) that follow it.
#[test]
fn stack_traces_are_one_event_each() {
    let log = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/app.log");
    let dated = |l: &str| l.as_bytes().first().is_some_and(u8::is_ascii_digit);
    let events = framed(&log, r"^\d{4}-\d\d-\d\d ", dated);
    let traces: Vec<usize> = events
        .iter()
        .map(|e| e.lines().filter(|l| l.starts_with("\tat ")).count())
        .collect();
    assert_eq!(traces, [0, 4, 0, 4, 0]);
    assert!(events[3].contains("\nCaused by: java.net.SocketTimeoutException"));
}

/// Stack traces as the runtimes print them, made by the test: a Python program logging with
/// `logging.exception` (tracebacks with a chained exception, whose blank lines belong to the
/// record) and a Java program logging `printStackTrace` (`Caused by:`, `... N more`). Every
/// dated line starts an event, and each trace is inside the event of the line before it.
#[test]
fn stack_traces_of_real_python_and_java_programs_are_one_event_each() {
    let dir = tempfile::tempdir().unwrap();
    let python = r#"
import logging, sys
logging.basicConfig(stream=sys.stdout, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
log = logging.getLogger("shop")
def charge(amount):
    if amount > 100:
        raise ValueError(f"amount {amount} over the limit")
for amount in (10, 200, 20):
    try:
        try:
            charge(amount)
            log.warning("charged %d", amount)
        except ValueError as e:
            raise RuntimeError("payment failed") from e
    except RuntimeError:
        log.exception("order %d", amount)
"#;
    let java = r#"
public class Trace {
    static void connect(int port) throws java.io.IOException {
        throw new java.net.SocketTimeoutException("connect timed out: " + port);
    }
    public static void main(String[] args) {
        for (int port : new int[] {80, 8080, 443}) {
            System.out.println("2026-12-05 12:00:0" + (port % 10) + " INFO  Client: connecting " + port);
            if (port == 8080) {
                try {
                    connect(port);
                } catch (java.io.IOException e) {
                    System.out.println("2026-12-05 12:00:09 ERROR Client: failed");
                    new IllegalStateException("no connection", e).printStackTrace(System.out);
                }
            }
        }
    }
}
"#;
    std::fs::write(dir.path().join("Trace.java"), java).unwrap();
    let py = std::process::Command::new("python3")
        .args(["-c", python])
        .output()
        .expect("python3 runs");
    let jv = std::process::Command::new("java")
        .arg(dir.path().join("Trace.java"))
        .output()
        .expect("java runs");
    assert!(py.status.success() && jv.status.success(), "{py:?} {jv:?}");
    let text = [py.stdout, jv.stdout].concat();
    let log = dir.path().join("app.log");
    std::fs::write(&log, &text).unwrap();
    let dated = |l: &str| l.as_bytes().first().is_some_and(u8::is_ascii_digit);
    let events = framed(&log, r"^\d{4}-\d\d-\d\d ", dated);
    // Python: a warning per amount charged (10, 20) and one error; Java: three connects and
    // one error.
    assert_eq!(events.len(), 3 + 4, "{events:#?}");
    let python_error = events
        .iter()
        .find(|e| e.contains("ERROR shop: order 200"))
        .unwrap();
    assert!(python_error.contains("\nTraceback (most recent call last):\n"));
    assert!(python_error.contains("ValueError: amount 200 over the limit\n\nThe above exception"));
    assert!(python_error.ends_with("RuntimeError: payment failed"));
    let java_error = events
        .iter()
        .find(|e| e.contains("ERROR Client: failed"))
        .unwrap();
    assert!(
        java_error.contains("\njava.lang.IllegalStateException: no connection\n\tat Trace.main")
    );
    assert!(
        java_error
            .contains("\nCaused by: java.net.SocketTimeoutException: connect timed out: 8080")
    );
    let last = java_error.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("\t... ") && last.ends_with(" more"),
        "{java_error}"
    );
}

/// Real log files (CRLF line ends, no final newline): with their timestamp as the start pattern
/// every line is a record; with a pattern that only some lines match, the lines between join
/// the record before them, and still nothing is lost.
#[test]
fn real_logs_frame_into_exactly_their_lines() {
    let loghub = realdata().join("loghub");
    for (system, start, prefix) in [
        ("Hadoop", r"^\d{4}-\d\d-\d\d ", "20"),
        ("Spark", r"^\d\d/\d\d/\d\d ", "17/"),
        ("Zookeeper", r"^\d{4}-\d\d-\d\d ", "20"),
    ] {
        let path = loghub.join(format!("{system}/{system}_2k.log"));
        assert_eq!(framed(&path, start, |l| l.starts_with(prefix)).len(), 2000);
        // Lines ending in an even digit start records; the lines after each join it.
        let even = |l: &str| l.ends_with(['0', '2', '4', '6', '8']);
        let events = framed(&path, "[02468]$", even);
        assert!(
            events.len() > 100 && events.len() < 1900,
            "{system}: {}",
            events.len()
        );
    }
}

/// A live pipe that pauses with a record open: the record comes out after the timeout, while
/// stdin stays open (a tail of a Java app whose last stack trace would otherwise wait for the
/// next log line).
#[test]
fn a_paused_pipe_ends_the_open_record_after_the_timeout() {
    let mut child = eddy()
        .args(["--from", "lines", "--multiline-start", r"^\S"])
        .args(["--multiline-timeout", "200ms", "filter", "true"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("eddy starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let rx = stdout_lines(&mut child);
    stdin
        .write_all(b"INFO up\nERROR boom\n\tat a.B.c(B.java:1)\n\tat a.B.main(B.java:9)\n")
        .expect("write");
    stdin.flush().expect("flush");
    let started = Instant::now();
    let first = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the first record");
    assert_eq!(first, r#"{"line":"INFO up"}"#);
    let second = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("the open record, while stdin is still open");
    assert_eq!(
        second,
        r#"{"line":"ERROR boom\n\tat a.B.c(B.java:1)\n\tat a.B.main(B.java:9)"}"#
    );
    assert!(
        started.elapsed() >= Duration::from_millis(100),
        "not before the pause"
    );
    // The pipe goes on: a line after the pause starts a record of its own.
    stdin.write_all(b"  late\nINFO down\n").expect("write");
    drop(stdin);
    assert!(child.wait().expect("exit").success());
    let rest: Vec<String> = rx.iter().collect();
    assert_eq!(rest, [r#"{"line":"  late"}"#, r#"{"line":"INFO down"}"#]);
}

/// `--errors` gets a malformed multi-line record's bytes whole: its lines with their line ends,
/// and reading them again gives the same error.
#[test]
fn a_malformed_multi_line_record_goes_to_errors_whole() {
    let dir = tempfile::tempdir().unwrap();
    let input = b"level=info msg=ok\nlevel=error msg=\"open\n  at x\n  at y\nlevel=info msg=done\n";
    let args = [
        "--from",
        "logfmt",
        "--multiline-start",
        "^level=",
        "--errors",
        "bad.logfmt",
        "--stats",
        "filter",
        "true",
    ];
    let out = run_in(dir.path(), &args, input);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("eddy: <stdin>:2: "), "{stderr}");
    let stats = crate::accounting::check(&stderr).unwrap();
    assert_eq!(
        (
            stats["malformed_lines"].as_u64(),
            stats["structural_lines"].as_u64()
        ),
        (Some(1), Some(2))
    );
    let errors = std::fs::read(dir.path().join("bad.logfmt")).unwrap();
    assert_eq!(errors, b"level=error msg=\"open\n  at x\n  at y\n");
    let replay = [
        "--from",
        "logfmt",
        "--multiline-start",
        "^level=",
        "filter",
        "true",
    ];
    let again = run_in(dir.path(), &replay, &errors);
    assert!(String::from_utf8_lossy(&again.stderr).contains("eddy: <stdin>:1: "));
}

/// A run from cron (`--state`) leaves the last record of a file to the next run: lines that
/// continue it may still be written; `--final` ends it.
#[test]
fn a_cron_run_leaves_the_last_record_to_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    std::fs::write(&log, "E one\n  at a\nE two\n  at b\n").unwrap();
    let run = |last: bool| {
        let mut cmd = eddy();
        cmd.args([
            "--state",
            "st",
            "--from",
            "lines",
            "--multiline-start",
            "^E",
        ]);
        if last {
            cmd.arg("--final");
        }
        let out = cmd
            .args(["filter", "true", "app.log"])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        lines_of(&out.stdout)
    };
    assert_eq!(run(false), ["E one\n  at a"]);
    let mut file = std::fs::OpenOptions::new().append(true).open(&log).unwrap();
    file.write_all(b"  at c\nE three\n").unwrap();
    assert_eq!(run(false), ["E two\n  at b\n  at c"]);
    assert_eq!(run(true), ["E three"]);
}
