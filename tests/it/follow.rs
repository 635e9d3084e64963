//! `--follow`: files read as they grow and rotate (rename and create, copytruncate), several at
//! once, every line out exactly once; a followed run stopped by SIGTERM resumes with `--state`
//! where it stopped.

use std::fs;

use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use crate::common::{append, eddy, stdout_lines};

/// A running `eddy --follow` whose output lines arrive on a channel.
struct Live {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
}

impl Live {
    fn start(dir: &Path, args: &[&str]) -> Live {
        let mut child = eddy()
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = stdout_lines(&mut child);
        Live {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits (up to 20 s) until `n` lines in all have come out.
    fn wait_for(&mut self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.seen.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => self.seen.push(line),
                Err(_) => panic!("only {} of {n} lines: {:?}", self.seen.len(), self.seen),
            }
        }
    }

    /// Sends SIGTERM, waits for the exit; returns its status and everything it wrote after
    /// the lines seen, and its stderr.
    fn stop(mut self) -> (Option<i32>, Vec<String>, String) {
        let pid = self.child.id().to_string();
        std::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap();
        let status = self.child.wait().unwrap();
        let mut stderr = String::new();
        std::io::Read::read_to_string(&mut self.child.stderr.take().unwrap(), &mut stderr).unwrap();
        let mut seen = std::mem::take(&mut self.seen);
        seen.extend(self.lines.try_iter());
        use std::os::unix::process::ExitStatusExt;
        (status.code().or(status.signal()), seen, stderr)
    }
}

impl Drop for Live {
    /// A test that fails before it stops its eddy leaves no process behind.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn line(file: &str, i: u32) -> String {
    format!("{{\"f\":\"{file}\",\"n\":{i}}}")
}

/// Writes lines `range` of `file` to `path`, a few at a time with pauses between.
fn write_paced(path: &Path, file: &str, range: std::ops::Range<u32>) {
    for i in range {
        append(path, &format!("{}\n", line(file, i)));
        if i % 7 == 0 {
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

fn sorted(mut lines: Vec<String>) -> Vec<String> {
    lines.sort();
    lines
}

fn expected(parts: &[(&str, std::ops::Range<u32>)]) -> Vec<String> {
    sorted(
        parts
            .iter()
            .flat_map(|(file, range)| range.clone().map(|i| line(file, i)))
            .collect(),
    )
}

#[test]
fn a_followed_log_rotated_by_rename_and_by_copytruncate_gives_every_line_once() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    append(&log, &format!("{}\n", line("a", 0)));
    let mut live = Live::start(dir.path(), &["--follow", "filter", "n >= 0", "app.log"]);
    live.wait_for(1);
    write_paced(&log, "a", 1..40);
    // logrotate's default: rename, then create; the writer finishes a few lines into the old
    // file before it reopens.
    fs::rename(&log, dir.path().join("app.log.1")).unwrap();
    write_paced(&dir.path().join("app.log.1"), "a", 40..45);
    write_paced(&log, "a", 45..80);
    live.wait_for(80);
    // copytruncate: copy, truncate in place, write on.
    fs::copy(&log, dir.path().join("app.log.2")).unwrap();
    fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&log)
        .unwrap();
    write_paced(&log, "a", 80..120);
    live.wait_for(120);
    let (status, seen, stderr) = live.stop();
    assert_eq!(status, Some(143), "{stderr}");
    assert_eq!(sorted(seen), expected(&[("a", 0..120)]));
    assert!(stderr.contains("app.log: truncated"), "{stderr}");
}

#[test]
fn several_followed_files_each_give_every_line_once() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.log"), dir.path().join("b.log"));
    append(&a, &format!("{}\n", line("a", 0)));
    append(&b, &format!("{}\n", line("b", 0)));
    let mut live = Live::start(dir.path(), &["-F", "select", "f,n", "a.log", "b.log"]);
    live.wait_for(2);
    let writer_b = {
        let b = b.clone();
        std::thread::spawn(move || {
            write_paced(&b, "b", 1..30);
            fs::rename(&b, b.with_extension("log.1")).unwrap();
            write_paced(&b, "b", 30..60);
        })
    };
    write_paced(&a, "a", 1..60);
    writer_b.join().unwrap();
    live.wait_for(120);
    let (status, seen, stderr) = live.stop();
    assert_eq!(status, Some(143), "{stderr}");
    assert_eq!(sorted(seen), expected(&[("a", 0..60), ("b", 0..60)]));
}

#[test]
fn a_followed_run_stopped_by_sigterm_resumes_with_its_state_where_it_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    let args = ["--state", "s.json", "-F", "filter", "n >= 0", "app.log"];
    write_paced(&log, "a", 0..10);
    let mut live = Live::start(dir.path(), &args);
    live.wait_for(10);
    write_paced(&log, "a", 10..20);
    // Half a line: its writer is still at it when the run stops.
    append(&log, "{\"f\":\"a\",");
    live.wait_for(20);
    let (status, mut all, stderr) = live.stop();
    assert_eq!(status, Some(143), "{stderr}");
    append(&log, "\"n\":20}\n");
    write_paced(&log, "a", 21..25);
    fs::rename(&log, dir.path().join("app.log.1")).unwrap();
    write_paced(&log, "a", 25..30);
    let mut live = Live::start(dir.path(), &args);
    live.wait_for(10);
    let (status, seen, stderr) = live.stop();
    assert_eq!(status, Some(143), "{stderr}");
    all.extend(seen);
    assert_eq!(sorted(all), expected(&[("a", 0..30)]));
}

#[test]
fn follow_from_end_reads_only_what_is_written_later_and_follow_needs_files() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("t.csv");
    append(&log, "f,n\na,0\na,1\n");
    let args = ["-F", "--follow-from", "end", "select", "f,n", "t.csv"];
    let mut live = Live::start(dir.path(), &args);
    // Give the reader a moment to reach the end before the line is written.
    std::thread::sleep(Duration::from_millis(500));
    append(&log, "a,2\n");
    live.wait_for(1);
    let (_, seen, stderr) = live.stop();
    assert_eq!(seen, [line("a", 2)], "{stderr}");

    let out = eddy().args(["-F", "head", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--follow follows named files"));
}

#[test]
fn sighup_reopens_the_errors_file_and_tee_after_logrotate_moved_them() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    append(&log, "{\"n\":1}\nbad 1\n");
    let args = [
        "-F",
        "--errors",
        "errors.log",
        "tee",
        "copy.ndjson",
        "then",
        "filter",
        "n >= 0",
        "app.log",
    ];
    let mut live = Live::start(dir.path(), &args);
    live.wait_for(1);
    // The errors file is written when the input pauses; wait for it.
    let deadline = Instant::now() + Duration::from_secs(20);
    while fs::read_to_string(dir.path().join("errors.log")).unwrap_or_default() != "bad 1\n" {
        assert!(
            Instant::now() < deadline,
            "errors.log never got the bad line"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    fs::rename(
        dir.path().join("errors.log"),
        dir.path().join("errors.log.1"),
    )
    .unwrap();
    fs::rename(
        dir.path().join("copy.ndjson"),
        dir.path().join("copy.ndjson.1"),
    )
    .unwrap();
    let pid = live.child.id().to_string();
    std::process::Command::new("kill")
        .args(["-HUP", &pid])
        .status()
        .unwrap();
    // The reopened files are there once SIGHUP was handled.
    while !dir.path().join("errors.log").exists() || !dir.path().join("copy.ndjson").exists() {
        assert!(Instant::now() < deadline, "SIGHUP reopened nothing");
        std::thread::sleep(Duration::from_millis(20));
    }
    append(&log, "{\"n\":2}\nbad 2\n");
    live.wait_for(2);
    let (status, _, stderr) = live.stop();
    assert_eq!(status, Some(143), "{stderr}");
    let read = |name: &str| fs::read_to_string(dir.path().join(name)).unwrap();
    assert_eq!(read("errors.log.1"), "bad 1\n");
    assert_eq!(read("errors.log"), "bad 2\n");
    assert_eq!(read("copy.ndjson.1"), "{\"n\":1}\n");
    assert_eq!(read("copy.ndjson"), "{\"n\":2}\n");
}

#[test]
fn kill_9_in_the_middle_of_a_run_loses_nothing_the_next_run_repeats_it() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    let args = ["--state", "s.json", "-F", "filter", "n >= 0", "app.log"];
    write_paced(&log, "a", 0..10);
    let mut first = Live::start(dir.path(), &args);
    first.wait_for(10);
    let (_, mut all, _) = first.stop();
    let saved = fs::read(dir.path().join("s.json")).unwrap();
    // A run killed with SIGKILL saves nothing: the state stays the last run's, whole.
    write_paced(&log, "a", 10..20);
    let mut killed = Live::start(dir.path(), &args);
    killed.wait_for(5);
    killed.child.kill().unwrap();
    killed.child.wait().unwrap();
    assert_eq!(fs::read(dir.path().join("s.json")).unwrap(), saved);
    // The next run does the killed run's work again (at least once), and loses nothing.
    write_paced(&log, "a", 20..25);
    let mut next = Live::start(dir.path(), &args);
    next.wait_for(15);
    let (_, seen, _) = next.stop();
    assert_eq!(seen[..5], killed.seen[..5]);
    all.extend(seen);
    assert_eq!(sorted(all), expected(&[("a", 0..25)]));
}

#[test]
fn windows_with_an_idle_timeout_close_while_the_followed_file_is_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    append(
        &log,
        "{\"t\":100.5,\"host\":\"a\"}\n{\"t\":100.6,\"host\":\"a\"}\n",
    );
    let args = [
        "-F",
        "window",
        "tumbling",
        "--size",
        "1s",
        "--time-field",
        "t",
        "--idle-timeout",
        "300ms",
        "--agg",
        "count",
        "app.log",
    ];
    // Nothing more is written: only the idle timeout can close the window.
    let mut live = Live::start(dir.path(), &args);
    live.wait_for(1);
    let (status, seen, stderr) = live.stop();
    assert_eq!(status, Some(143), "{stderr}");
    assert_eq!(
        seen,
        ["{\"window_start\":100,\"window_end\":101,\"count\":2}"]
    );
}

#[test]
fn a_followed_stack_trace_written_in_pieces_is_one_event_ended_by_the_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    append(&log, "2026-12-05 12:00:00 INFO start\n");
    let args = [
        "-F",
        "--from",
        "lines",
        "--multiline-start",
        r"^\d{4}-",
        "--multiline-timeout",
        "700ms",
        "select",
        "line",
        "app.log",
    ];
    let mut live = Live::start(dir.path(), &args);
    // The first record ends when the next starts.
    append(
        &log,
        "2026-12-05 12:00:01 ERROR failed\njava.lang.IllegalStateException: x\n",
    );
    live.wait_for(1);
    // The trace comes in pieces, each pause shorter than the timeout: one record.
    for piece in [
        "\tat A.a(A.java:1)\n",
        "\tat B.b(B.java:2)\n",
        "Caused by: y\n",
    ] {
        std::thread::sleep(Duration::from_millis(150));
        append(&log, piece);
    }
    // Then nothing more: the timeout ends it while the file stays followed.
    live.wait_for(2);
    let (status, seen, stderr) = live.stop();
    assert_eq!(status, Some(143), "{stderr}");
    let record = "2026-12-05 12:00:01 ERROR failed\njava.lang.IllegalStateException: x\n\
                  \tat A.a(A.java:1)\n\tat B.b(B.java:2)\nCaused by: y";
    let expected = [
        serde_json::json!({"line": "2026-12-05 12:00:00 INFO start"}).to_string(),
        serde_json::json!({ "line": record }).to_string(),
    ];
    assert_eq!(seen, expected);
}

#[test]
fn a_quiet_followed_file_costs_no_cpu_and_a_compressed_one_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    for i in 0..50 {
        std::io::Write::write_all(&mut gz, format!("{}\n", line("z", i)).as_bytes()).unwrap();
    }
    fs::write(dir.path().join("a.log.gz"), gz.finish().unwrap()).unwrap();
    append(&dir.path().join("b.log"), &format!("{}\n", line("b", 0)));
    let mut live = Live::start(dir.path(), &["-F", "select", "f,n", "a.log.gz", "b.log"]);
    live.wait_for(51);
    // Two quiet seconds: the watcher must not wake the reader for its own reads.
    let ticks = |pid: u32| -> u64 {
        let stat = fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
        let fields: Vec<&str> = stat
            .rsplit(')')
            .next()
            .unwrap()
            .split_whitespace()
            .collect();
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
    };
    let before = ticks(live.child.id());
    std::thread::sleep(Duration::from_secs(2));
    let used = ticks(live.child.id()) - before;
    let (_, seen, stderr) = live.stop();
    // Clock ticks are 1/100 s: a busy loop would use about 200.
    assert!(used < 40, "{used} ticks of CPU in 2 quiet seconds");
    assert_eq!(
        sorted(seen),
        expected(&[("z", 0..50), ("b", 0..1)]),
        "{stderr}"
    );
    assert!(!stderr.contains("truncated"), "{stderr}");
}

#[test]
fn follow_from_end_of_a_file_whose_format_is_guessed_reads_its_header() {
    let dir = tempfile::tempdir().unwrap();
    append(&dir.path().join("b.dat"), "f,n\na,0\n");
    let args = ["-F", "--follow-from", "end", "select", "f,n", "b.dat"];
    let mut live = Live::start(dir.path(), &args);
    std::thread::sleep(Duration::from_millis(500));
    append(&dir.path().join("b.dat"), "a,1\n");
    live.wait_for(1);
    let (_, seen, stderr) = live.stop();
    assert_eq!(seen, [line("a", 1)], "{stderr}");
}
