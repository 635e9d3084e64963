//! The everyday stages through the binary: early stop on endless input, files, `--stats`
//! accounting across a chain, and `tee` flushing while the input is still open.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::common::{eddy, eddy_assert};

#[test]
fn head_on_endless_input_returns() {
    // Would hang if head did not stop reading once satisfied.
    let mut yes = Command::new("yes")
        .arg(r#"{"a":1}"#)
        .stdout(Stdio::piped())
        .spawn()
        .expect("run yes");
    let stdin = yes.stdout.take().expect("yes stdout");
    let out = eddy()
        .args(["head", "2"])
        .stdin(Stdio::from(stdin))
        .output()
        .expect("run eddy");
    let _ = yes.kill();
    let _ = yes.wait();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "{\"a\":1}\n{\"a\":1}\n"
    );
}

#[test]
fn head_zero_reads_no_input() {
    // stdin stays open and silent until eddy has exited.
    let mut child = eddy()
        .args(["--stats", "head", "0"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run eddy");
    let open_stdin = child.stdin.take();
    // Waited for on another thread: eddy must exit on its own while stdin is still open.
    let pid = child.id().to_string();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    let Ok(out) = rx.recv_timeout(Duration::from_secs(20)) else {
        // Not reaped yet (the waiting thread still waits), so the pid is still eddy's.
        let _ = Command::new("kill").arg(&pid).status();
        panic!("`head 0` waited for input");
    };
    drop(open_stdin);
    let out = out.expect("wait for eddy");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let stats: serde_json::Value =
        serde_json::from_slice(&out.stderr).expect("--stats is one JSON object");
    assert_eq!(stats["lines_read"], 0);

    // A file that cannot be opened is still an error.
    let out = eddy()
        .args(["head", "0", "no-such-file.ndjson"])
        .output()
        .expect("run eddy");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no-such-file.ndjson"));
}

#[test]
fn tail_on_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.ndjson");
    std::fs::write(&path, "{\"n\":1}\n{\"n\":2}\n{ \"n\" : 3 }").unwrap();
    eddy_assert()
        .args(["tail", "1"])
        .arg(&path)
        .assert()
        .success()
        .stdout("{ \"n\" : 3 }\n");
}

/// The counters of one stage from the `--stats` object: (events_in, events_out, filtered).
fn stage_counters(stats: &serde_json::Value, index: usize) -> (u64, u64, u64) {
    let stage = &stats["stages"][index];
    let n = |k: &str| {
        stage[k]
            .as_u64()
            .unwrap_or_else(|| panic!("{k} in {stage}"))
    };
    (n("events_in"), n("events_out"), n("filtered"))
}

#[test]
fn stats_account_for_every_event_per_stage() {
    let input = "{\"a\":1}\n{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n{\"a\":4}\n";
    let (stdout, stats) = run_with_stats(
        &[
            "head", "3", "then", "dedupe", "--by", "a", "then", "tail", "1",
        ],
        input.to_owned(),
    );
    assert_eq!(stdout, "{\"a\":2}\n");
    let names: Vec<&str> = stats["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["head", "dedupe", "tail"]);
    // head: the first three pass, then the run stops (the other records are never processed).
    assert_eq!(stage_counters(&stats, 0), (3, 3, 0));
    // dedupe: the second {"a":1} is a repeat.
    assert_eq!(stage_counters(&stats, 1), (3, 2, 1));
    // tail 1: of {"a":1} and {"a":2} only the last is written.
    assert_eq!(stage_counters(&stats, 2), (2, 1, 1));
    assert_eq!(stats["events_written"], 1);
    assert_eq!(stats["events_filtered"], 2);
    assert_eq!(stats["stages"][1]["details"]["keys_held"], 2);
}

#[test]
fn tee_file_is_flushed_while_input_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.ndjson");
    let mut child = eddy()
        .arg("tee")
        .arg(&copy)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"{\"live\":true}\n").unwrap();
    stdin.flush().unwrap();
    // The input stays open: the line must reach the file because the input paused. Poll with
    // a generous bound so a slow machine cannot fail the test, only a missing flush can.
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = String::new();
    while Instant::now() < deadline {
        seen = std::fs::read_to_string(&copy).unwrap_or_default();
        if !seen.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    drop(stdin);
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(seen, "{\"live\":true}\n");
    assert_eq!(stdout, "{\"live\":true}\n");
}

/// Runs eddy with `--stats` over `input`; returns stdout and the stats object.
fn run_with_stats(args: &[&str], input: String) -> (String, serde_json::Value) {
    let out = eddy_assert()
        .arg("--stats")
        .args(args)
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let line = stderr
        .lines()
        .find(|l| l.starts_with('{'))
        .unwrap_or_else(|| panic!("no stats object in {stderr:?}"));
    (
        String::from_utf8(out.stdout).unwrap(),
        serde_json::from_str(line).unwrap(),
    )
}

#[test]
fn dedupe_memory_stays_bounded() {
    // 1000 distinct keys, each seen twice in a row: --last 10 holds 10 keys and drops every
    // second event.
    let input: String = (0..1000)
        .flat_map(|i| [i, i])
        .map(|i| format!("{{\"k\":{i}}}\n"))
        .collect();
    let (stdout, stats) = run_with_stats(&["dedupe", "--by", "k", "--last", "10"], input);
    assert_eq!(stdout.lines().count(), 1000);
    assert_eq!(stage_counters(&stats, 0), (2000, 1000, 1000));
    assert_eq!(stats["stages"][0]["details"]["keys_held"], 10);

    // One key per second of event time, --within 5s: only the keys of the last 5 s are held.
    let input: String = (0..1000)
        .map(|i| format!("{{\"k\":{i},\"ts\":{}}}\n", 1_700_000_000 + i))
        .collect();
    let (stdout, stats) = run_with_stats(
        &[
            "dedupe",
            "--by",
            "k",
            "--within",
            "5s",
            "--time-field",
            "ts",
        ],
        input,
    );
    assert_eq!(stdout.lines().count(), 1000);
    assert_eq!(stats["stages"][0]["details"]["keys_held"], 5);
}

#[test]
fn sort_limit_and_tail_filter_the_rest() {
    let input: String = (0..500)
        .map(|i| format!("{{\"n\":{}}}\n", (i * 7) % 500))
        .collect();
    let (stdout, stats) = run_with_stats(
        &[
            "sort",
            "--by",
            "n",
            "--reverse",
            "--limit",
            "3",
            "then",
            "tail",
            "2",
        ],
        input,
    );
    assert_eq!(stdout, "{\"n\":498}\n{\"n\":497}\n");
    assert_eq!(stage_counters(&stats, 0), (500, 3, 497));
    assert_eq!(stage_counters(&stats, 1), (3, 2, 1));
}
