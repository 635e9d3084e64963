//! The timing part of `--stats` (README, "Errors and nothing lost"): the queue model's fields and
//! their types, utilisation near 1 for a run busy all the time and near 0 for a slow pipe,
//! Little's law between the queue, the arrival rate and the delay, the periodic reports of
//! `--stats-interval`, and the progress bar on a terminal only. Timings are only compared with
//! generous ratios.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::accounting::stats_of;
use crate::common::{EDDY, eddy};

/// Writes `lines` NDJSON events of about 100 bytes to `path`.
fn write_events(path: &Path, lines: usize) {
    let mut text = String::with_capacity(lines * 100);
    for i in 0..lines {
        text.push_str(&format!(
            "{{\"ts\":\"2024-03-01T00:00:{:02}Z\",\"n\":{i},\"host\":\"web-{}\",\"msg\":\"request served in good time\"}}\n",
            i % 60,
            i % 7
        ));
    }
    std::fs::write(path, text).unwrap();
}

/// Runs eddy with `args`, its stdin fed `lines` one every `pace`; returns its stderr.
fn run_paced(args: &[&str], lines: usize, pace: Duration) -> String {
    let mut child = eddy()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    for i in 0..lines {
        writeln!(stdin, "{{\"n\":{i}}}").unwrap();
        stdin.flush().unwrap();
        std::thread::sleep(pace);
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

/// Runs eddy with `args` over nothing; returns the `--stats` object.
fn stats(args: &[&str]) -> Value {
    let out = eddy()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let stderr = String::from_utf8(out.stderr).unwrap();
    // The counts come first, the timings from `wall_seconds` on (tests cut them off there).
    let (counts, timings) = stderr.split_once(",\"wall_seconds\"").unwrap();
    assert!(counts.contains("\"stages\":[") && !timings.contains("\"stages\":["));
    stats_of(&stderr).unwrap()
}

/// `value[key]` as a number.
fn number(value: &Value, key: &str) -> f64 {
    value[key]
        .as_f64()
        .unwrap_or_else(|| panic!("`{key}` is no number in {value}"))
}

#[test]
fn stats_timing_fields_are_there_with_their_types() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("e.ndjson");
    write_events(&file, 1000);
    let file = file.to_str().unwrap();
    let s = stats(&[
        "--stats",
        "filter",
        "n % 2 == 0",
        "then",
        "window",
        "tumbling",
        "--size",
        "10s",
        "--time-field",
        "ts",
        "--agg",
        "count",
        file,
    ]);
    for key in [
        "wall_seconds",
        "busy_seconds",
        "arrival_rate",
        "processing_rate",
        "utilisation",
    ] {
        assert!(number(&s, key) >= 0.0, "{key}");
    }
    let busy = &s["busy"];
    let threads = number(busy, "main") + number(busy, "reader") + number(busy, "decoders");
    assert!((threads - number(&s, "busy_seconds")).abs() < 1e-6, "{s}");
    // μ is events per busy second, ρ = λ/μ.
    let events = s["events_read"].as_f64().unwrap();
    assert_eq!(events, 1000.0);
    let mu = number(&s, "processing_rate");
    assert!((mu * number(&s, "busy_seconds") / events - 1.0).abs() < 1e-6);
    let rho = number(&s, "arrival_rate") / mu;
    assert!((rho / number(&s, "utilisation") - 1.0).abs() < 1e-6);
    let queue = &s["queue"];
    assert!(number(queue, "lines") >= 0.0 && number(queue, "bytes") >= 0.0);
    for key in ["lines_now", "bytes_now", "unread_bytes"] {
        assert_eq!(queue[key].as_u64(), Some(0), "{key}: {queue}");
    }
    // The window made every event written: no event read was written.
    let delay = &s["delay"];
    assert_eq!(delay["events"].as_u64(), Some(0));
    assert!(delay["mean_seconds"].is_null() && delay["p99_seconds"].is_null());
    let stages = s["stage_busy"].as_array().unwrap();
    assert_eq!(stages.len(), 3, "{s}");
    assert_eq!(stages[0]["name"], "filter");
    assert!(stages[0].get("watermark_lag_seconds").is_none());
    assert_eq!(stages[1]["stage"], 2);
    // Event time of 2024 lags the wall clock by more than a year.
    assert!(number(&stages[1], "watermark_lag_seconds") > 3e7, "{s}");
    assert_eq!(stages[2]["name"], "output");
    for stage in stages {
        assert!(number(stage, "busy_seconds") >= 0.0);
    }
}

#[test]
fn stats_delay_of_events_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("e.ndjson");
    write_events(&file, 5000);
    let s = stats(&["--stats", "map", "m = n * 2", file.to_str().unwrap()]);
    let delay = &s["delay"];
    assert_eq!(delay["events"].as_u64(), Some(5000));
    let mean = number(delay, "mean_seconds");
    let p99 = number(delay, "p99_seconds");
    assert!(mean > 0.0 && p99 > 0.0 && mean < 60.0, "{delay}");
    assert!(p99 * 1.07 >= mean, "{delay}");
}

#[test]
fn stats_utilisation_is_near_one_for_a_run_busy_all_the_time() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("e.ndjson");
    write_events(&file, 200_000);
    let file = file.to_str().unwrap();
    let s = stats(&["--stats", "--threads", "1", "filter", "n < 0", file]);
    let rho = number(&s, "utilisation");
    assert!((0.5..=1.5).contains(&rho), "ρ = {rho}: {s}");
    assert!(number(&s["busy"], "reader") > number(&s["busy"], "main"));
    // Two workers decode: their busy time counts, ρ stays within the threads at work.
    let s = stats(&["--stats", "--threads", "2", "filter", "n < 0", file]);
    let rho = number(&s, "utilisation");
    assert!((0.5..=4.0).contains(&rho), "ρ = {rho}: {s}");
    assert!(number(&s["busy"], "decoders") > 0.0, "{s}");
}

#[test]
fn stats_utilisation_is_low_for_a_slow_pipe() {
    let stderr = run_paced(
        &["--stats", "filter", "n >= 0"],
        25,
        Duration::from_millis(20),
    );
    let s = stats_of(&stderr).unwrap();
    let rho = number(&s, "utilisation");
    assert!(rho < 0.2, "ρ = {rho}: {s}");
    assert_eq!(s["events_written"], 25);
    assert_eq!(s["delay"]["events"], 25);
}

#[test]
fn stats_follow_littles_law() {
    // Stdout is read only after a pause: the writer blocks, the read-ahead fills, and events
    // wait in it. Over the run, the mean number of lines between reading and writing is the
    // arrival rate times the mean time from reading to writing.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("e.ndjson");
    write_events(&file, 100_000);
    let mut child = eddy()
        .args(["--stats", "--threads", "1", "map", "m = n * 2"])
        .arg(&file)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(500));
        let mut all = Vec::new();
        stdout.read_to_end(&mut all).unwrap();
        all.len()
    });
    let out = child.wait_with_output().unwrap();
    assert!(reader.join().unwrap() > 0);
    let s = stats_of(&String::from_utf8(out.stderr).unwrap()).unwrap();
    let queue = number(&s["queue"], "lines");
    let lambda = number(&s, "arrival_rate");
    let delay = number(&s["delay"], "mean_seconds");
    assert_eq!(s["delay"]["events"], 100_000);
    assert!(queue > 1000.0, "the read-ahead held events: {s}");
    let ratio = lambda * delay / queue;
    assert!((0.67..=1.5).contains(&ratio), "λ·D / L = {ratio}: {s}");
}

#[test]
fn stats_interval_reports_while_the_run_goes_on() {
    let stderr = run_paced(
        &["--stats", "--stats-interval", "100ms", "filter", "n >= 0"],
        40,
        Duration::from_millis(20),
    );
    let reports: Vec<Value> = stderr
        .lines()
        .map(|line| serde_json::from_str(line).expect("every line is a report"))
        .collect();
    assert!(reports.len() >= 4, "{stderr}");
    let last = reports.last().unwrap();
    let keys = |v: &Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    let mut read = 0;
    for report in &reports {
        assert_eq!(keys(report), keys(last));
        let now = report["events_read"].as_u64().unwrap();
        assert!(now >= read);
        read = now;
    }
    // Before the end, some events were read and not all.
    assert!(reports[..reports.len() - 1].iter().any(|r| {
        let n = r["events_read"].as_u64().unwrap();
        n > 0 && n < 40
    }));
    assert_eq!(read, 40);
}

#[test]
fn stats_interval_alone_prints_nothing_at_the_end() {
    let out = eddy()
        .args(["--stats-interval", "10s", "head", "1"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    let out = eddy()
        .args(["--stats-interval", "0s", "head", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Runs the shell `command` on a pseudo-terminal (util-linux `script`), with `eddy` the built
/// binary; returns what the terminal showed.
fn on_a_terminal(command: &str) -> String {
    let command = command.replace("eddy ", &format!("{EDDY} "));
    let out = Command::new("script")
        .args(["-qfec", &command, "/dev/null"])
        .env("TERM", "xterm")
        .stdin(Stdio::null())
        .output()
        .expect("util-linux `script` runs");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn progress_bar_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("e.ndjson");
    write_events(&file, 20_000);
    let run = |args: &str| on_a_terminal(&format!("eddy {args} {} > /dev/null", file.display()));
    let shown = run("--progress filter 'n >= 0'");
    assert!(shown.contains("events/s"), "{shown:?}");
    assert!(shown.contains(" MiB ["), "the total is known: {shown:?}");
    assert!(!run("--progress --no-progress filter 'n >= 0'").contains("events/s"));
    // A short run shows none by default.
    assert!(!run("filter 'n >= 0'").contains("events/s"));
    // Never into a pipe, even when asked for.
    for args in [&["--progress"][..], &[]] {
        let out = eddy()
            .args(args)
            .args(["filter", "n >= 0"])
            .arg(&file)
            .stdout(Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success());
        assert_eq!(String::from_utf8_lossy(&out.stderr), "");
    }
}

#[test]
fn progress_spinner_for_a_pipe_that_lasts() {
    // By default once the run has lasted a second; a pipe's size is unknown: no bar, no ETA.
    let shown = on_a_terminal(
        "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do echo '{}'; sleep 0.1; done \
         | eddy filter true > /dev/null",
    );
    assert!(shown.contains("B read, "), "{shown:?}");
    assert!(
        shown.contains("events/s") && !shown.contains("ETA"),
        "{shown:?}"
    );
}
