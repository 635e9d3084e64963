//! End-to-end: a live pipe that stays open. With `--idle-timeout`, the window of a quiet stream
//! closes from the wall clock and reaches stdout (flushed) while stdin is still open; SIGINT
//! flushes the open windows.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::{eddy, stdout_lines};

#[test]
fn idle_timeout_closes_the_window_of_an_open_pipe() {
    let mut child = eddy()
        .args([
            "window",
            "tumbling",
            "--size",
            "10s",
            "--time-field",
            "ts",
            "--idle-timeout",
            "300ms",
            "--agg",
            "count",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("eddy starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let rx = stdout_lines(&mut child);
    // ts 9 and 9.5: [0,10) closes after max(300ms, 10 - 9.5 = 500ms) of silence.
    stdin
        .write_all(b"{\"ts\":9}\n{\"ts\":9.5}\n")
        .expect("write");
    stdin.flush().expect("flush");
    let started = Instant::now();
    let line = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the window is emitted while stdin is still open");
    assert_eq!(line, r#"{"window_start":0,"window_end":10,"count":2}"#);
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "not before the silence"
    );
    drop(stdin);
    let status = child.wait().expect("exit");
    assert!(status.success());
    assert!(
        rx.recv_timeout(Duration::from_secs(5)).is_err(),
        "nothing else"
    );
}

#[test]
fn sigint_flushes_open_windows_then_exits_130() {
    // `tee /dev/stderr` is the readiness probe: tee flushes its copy when the input pauses, after
    // the main loop has passed the records on to the window (and the signal handler is set up
    // before that loop starts). Once both copies are on stderr, the window holds both records
    // and the signal can be sent; no sleep is needed.
    let mut child = eddy()
        .args([
            "tee",
            "/dev/stderr",
            "then",
            "window",
            "tumbling",
            "--size",
            "10s",
            "--time-field",
            "ts",
            "--agg",
            "count",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("eddy starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    stdin.write_all(b"{\"ts\":1}\n{\"ts\":2}\n").expect("write");
    stdin.flush().expect("flush");
    // Generous bound: only a missing flush can fail this, not a slow machine.
    let copied: Vec<String> = (0..2)
        .map(|_| {
            rx.recv_timeout(Duration::from_secs(30))
                .expect("tee copies the records while stdin is open")
        })
        .collect();
    assert_eq!(copied, [r#"{"ts":1}"#, r#"{"ts":2}"#]);
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let output = child.wait_with_output().expect("exit");
    drop(stdin);
    assert_eq!(output.status.code(), Some(130));
    // The window had not closed: its record says it was cut short, and so does stderr.
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "{\"window_start\":0,\"window_end\":10,\"window_emit\":\"partial\",\"count\":2}\n"
    );
    // The stderr reader ends with the process; what it still forwards comes now.
    let rest: Vec<String> =
        std::iter::from_fn(|| rx.recv_timeout(Duration::from_secs(30)).ok()).collect();
    assert!(
        rest.iter()
            .any(|l| l.contains("windows cut short by a signal")),
        "{rest:?}"
    );
}
