//! The accounting of `--stats` (README, "Errors and nothing lost"): every line read is blank,
//! structural, a malformed or too long record, an event read or a record left unprocessed, and
//! every event a stage takes in is filtered, dropped, passed on or absorbed. Hand-written cases
//! of what once broke it; `invariants.rs` checks both identities on random inputs and chains.

use std::io::Write;
use std::path::Path;

use crate::common::run_in;

/// The `--stats` object of a run's stderr (its last line that is one).
pub fn stats_of(stderr: &str) -> Result<serde_json::Value, String> {
    let line = stderr
        .lines()
        .rev()
        .find(|l| l.starts_with("{\"lines_read\""))
        .ok_or_else(|| format!("no stats in:\n{stderr}"))?;
    serde_json::from_str(line).map_err(|e| format!("stats are not JSON ({e}): {line}"))
}

/// Both identities of the `--stats` object in `stderr` ([`line_identity`], [`stage_identity`]).
pub fn check(stderr: &str) -> Result<serde_json::Value, String> {
    let stats = stats_of(stderr)?;
    line_identity(&stats)?;
    stage_identity(&stats)?;
    Ok(stats)
}

/// The counter `key` of `object` (the stats or one stage's).
fn get(object: &serde_json::Value, key: &str) -> Result<u64, String> {
    object[key]
        .as_u64()
        .ok_or_else(|| format!("no counter `{key}` in {object}"))
}

/// The line identity: `lines_read = blank_lines + structural_lines + malformed_lines +
/// too_long_lines + events_read + records_unprocessed`. `Err` says what does not add up.
pub fn line_identity(stats: &serde_json::Value) -> Result<(), String> {
    let parts = [
        "blank_lines",
        "structural_lines",
        "malformed_lines",
        "too_long_lines",
        "events_read",
        "records_unprocessed",
    ];
    let mut sum = 0;
    for key in parts {
        sum += get(stats, key)?;
    }
    if get(stats, "lines_read")? == sum {
        Ok(())
    } else {
        Err(format!("lines_read is not the sum of {parts:?} in {stats}"))
    }
}

/// `events_in + restored = filtered + dropped + passed + absorbed` for the stage `s`, and for
/// the stages of its branch chains (`route`), in their turn.
fn settles(s: &serde_json::Value) -> Result<(), String> {
    let mut dropped = 0;
    for count in s["dropped"].as_object().ok_or("no dropped")?.values() {
        dropped += count.as_u64().ok_or("a drop count is not a number")?;
    }
    let settled = get(s, "filtered")? + dropped + get(s, "passed")? + get(s, "absorbed")?;
    let restored = s.get("restored").map_or(Ok(0), |_| get(s, "restored"))?;
    if get(s, "events_in")? + restored != settled {
        return Err(format!(
            "events_in + restored of {s} is not filtered + dropped + passed + absorbed"
        ));
    }
    let branches = s["details"]["branches"].as_array().into_iter().flatten();
    for inner in branches.filter_map(|b| b["stages"].as_array()).flatten() {
        settles(inner)?;
    }
    Ok(())
}

/// The stage identity, for every stage (and those of its branch chains): `events_in =
/// filtered + dropped + passed + absorbed`; and along the chain: the input's events enter the
/// first stage, each stage's `events_out` enter the next, the last one's are written, and no
/// stage passes on more than it sends.
pub fn stage_identity(stats: &serde_json::Value) -> Result<(), String> {
    let stages = stats["stages"].as_array().ok_or("no stages")?;
    let mut sent = get(stats, "events_read")?;
    for s in stages {
        settles(s)?;
        let (events_in, passed) = (get(s, "events_in")?, get(s, "passed")?);
        if events_in != sent {
            return Err(format!(
                "{s} took in {events_in} events of the {sent} sent to it"
            ));
        }
        sent = get(s, "events_out")?;
        if passed > sent {
            return Err(format!("{s} passed on more events than it sent"));
        }
    }
    if sent != get(stats, "events_written")? {
        return Err(format!(
            "the last stage sent {sent} events, not events_written: {stats}"
        ));
    }
    Ok(())
}

/// Runs eddy on `stdin` and returns (status, stdout, stats), having checked both identities.
fn run(args: &[&str], stdin: &[u8]) -> (i32, String, serde_json::Value) {
    let out = run_in(Path::new("."), args, stdin);
    let stats = check(&String::from_utf8_lossy(&out.stderr)).unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    (out.status.code().unwrap_or(-1), stdout, stats)
}

/// The lines of a CSV record spanning lines count when the record is read: `head` stopped the
/// run after the read that ended inside the record, which then counted its first line in
/// `lines_read` and nowhere else.
#[test]
fn a_record_still_open_when_the_run_stops_counts_no_line() {
    let (status, stdout, stats) = run(
        &["--stats", "--from", "csv", "head", "1"],
        b"a,b\n1,2\n3,4\n\"x\ny\",1",
    );
    assert_eq!((status, stdout.as_str()), (0, "{\"a\":1,\"b\":2}\n"));
    assert_eq!(stats["events_read"], 1);
    assert_eq!(stats["records_unprocessed"], 1);
}

/// A field `parse` cannot read is the stage's own drop: it counts in the top-level `dropped`
/// (every drop, as `--strict` sees them) but not in `malformed_lines`, the reader's count.
#[test]
fn parse_drops_are_the_stage_s_not_the_reader_s() {
    let input = b"{\"line\":\"a=1\"}\nnot json\n{\"line\":\"none\"}\n{\"line\":\"b=2\"}\n";
    let pattern = "(?P<k>[a-z])=(?P<v>[0-9])";
    let (status, stdout, stats) = run(&["--stats", "parse", pattern], input);
    assert_eq!(status, 0);
    assert_eq!(stdout, "{\"k\":\"a\",\"v\":1}\n{\"k\":\"b\",\"v\":2}\n");
    assert_eq!(stats["malformed_lines"], 1);
    assert_eq!(stats["dropped"]["malformed"], 2);
    assert_eq!(stats["stages"][0]["dropped"]["malformed"], 1);
    assert_eq!(stats["stages"][0]["passed"], 2);
}

/// The stages that take events into their state say how many (`absorbed`), and those that make
/// events (aggregate rows, unnested elements) send more or fewer than they pass on.
#[test]
fn stats_say_what_each_stage_absorbed() {
    let input = b"{\"t\":[1,2],\"k\":\"a\"}\n{\"t\":[],\"k\":\"b\"}\n{\"t\":3,\"k\":\"a\"}\n";
    let (_, stdout, stats) = run(
        &["--stats", "unnest", "t", "then", "count", "--by", "k"],
        input,
    );
    assert_eq!(stdout, "{\"k\":\"a\",\"count\":3}\n");
    let unnest = &stats["stages"][0];
    assert_eq!(
        (&unnest["events_in"], &unnest["filtered"], &unnest["passed"]),
        (&3.into(), &1.into(), &1.into())
    );
    assert_eq!(
        (&unnest["absorbed"], &unnest["events_out"]),
        (&1.into(), &3.into())
    );
    let count = &stats["stages"][1];
    assert_eq!(
        (
            &count["events_in"],
            &count["absorbed"],
            &count["passed"],
            &count["events_out"]
        ),
        (&3.into(), &3.into(), &0.into(), &1.into())
    );
    // Records in the gaps of hopping windows are in no window: filtered, not absorbed.
    let (_, _, stats) = run(
        &[
            "--stats",
            "window",
            "hopping",
            "--size",
            "1s",
            "--slide",
            "10s",
            "--time-field",
            "ts",
            "--agg",
            "count",
        ],
        b"{\"ts\":0}\n{\"ts\":5}\n{\"ts\":10.5}\n",
    );
    let window = &stats["stages"][0];
    assert_eq!(
        (&window["filtered"], &window["absorbed"]),
        (&1.into(), &2.into())
    );
}

/// Events that `sort` and `tail` still hold when `--on-error fail` stops the run were taken in
/// and never passed on: absorbed.
#[test]
fn events_held_when_the_run_fails_are_absorbed() {
    let input = b"{\"a\":2}\n{\"a\":1}\n{\"a\":\"x\"}\n{\"a\":0}\n";
    for stage in [&["sort", "--by", "a", "--reverse"][..], &["tail", "5"]] {
        let mut args = vec!["--stats", "--on-error", "fail"];
        args.extend(stage);
        args.extend(["then", "map", "b = a * 2"]);
        let (status, _, stats) = run(&args, input);
        assert_eq!(status, 3, "{stage:?}");
        let held = &stats["stages"][0];
        assert_eq!(held["events_in"], 4, "{stage:?}");
        assert!(get(held, "absorbed").unwrap() > 0, "{stage:?}: {held}");
    }
}

/// `tee` whose copy cannot be written (a full disk) fails the run with status 3; the event it
/// failed on is settled (absorbed) first, so both identities hold. The input is larger than
/// the copy's buffer, so the failure comes from a write, not from the final flush.
#[test]
fn the_event_tee_failed_to_copy_is_settled() {
    let input: String = (0..200_000).map(|i| format!("{{\"a\":{i}}}\n")).collect();
    let (status, _, stats) = run(&["--stats", "tee", "/dev/full"], input.as_bytes());
    assert_eq!(status, 3);
    assert_eq!(stats["stages"][0]["absorbed"], 1, "{stats}");
}

/// A line-buffered output writes each record of a closing window out on its own, so a full disk
/// stops the window at the first record: `records_out` counts that one, not the whole firing
/// (the records of a window last in the chain are written as text, in blocks, only when the
/// output is not line-buffered).
#[test]
fn a_line_buffered_window_stops_at_the_record_it_failed_to_write() {
    let input = b"{\"ts\":\"2024-03-01T00:00:00Z\",\"k\":\"a\"}\n\
{\"ts\":\"2024-03-01T00:00:00Z\",\"k\":\"b\"}\n{\"ts\":\"2024-03-01T00:00:00Z\",\"k\":\"c\"}\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.ndjson");
    std::fs::write(&path, input).unwrap();
    let path = path.to_str().unwrap();
    for stage in [
        &["window", "tumbling", "--size", "1s", "--time-field", "ts"][..],
        &["count"][..],
    ] {
        let mut args = vec!["--stats", "--line-buffered"];
        args.extend(stage);
        args.extend(["--by", "k", path]);
        let out = crate::common::eddy()
            .args(&args)
            .stdout(
                std::fs::OpenOptions::new()
                    .write(true)
                    .open("/dev/full")
                    .unwrap(),
            )
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3), "{stage:?}");
        // The record that failed was sent but not written: only the line identity holds.
        let stats = stats_of(&String::from_utf8_lossy(&out.stderr)).unwrap();
        line_identity(&stats).unwrap();
        assert_eq!(stats["stages"][0]["events_out"], 1, "{stage:?}: {stats}");
        assert_eq!(stats["events_written"], 0, "{stage:?}: {stats}");
    }
}

/// A compressed file that ends early (a copy cut short) fails the run with status 3, after
/// what was complete; its last, cut-off line is a malformed record, counted and written to
/// `--errors` as it was read, with one reader thread and with four.
#[test]
fn the_cut_off_line_of_a_truncated_gzip_file_is_malformed() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = Vec::new();
    for i in 0..3000 {
        writeln!(text, "{{\"a\":{i},\"pad\":\"{}\"}}", "x".repeat(i % 7)).unwrap();
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(&text).unwrap();
    let gz = gz.finish().unwrap();
    let path = dir.path().join("cut.ndjson.gz");
    std::fs::write(&path, &gz[..gz.len() - 40]).unwrap();
    let mut seen = Vec::new();
    for threads in ["1", "4"] {
        let errors = dir.path().join(format!("errors-{threads}"));
        let out = run_in(
            dir.path(),
            &[
                "--stats",
                "--threads",
                threads,
                "--errors",
                errors.to_str().unwrap(),
                "count",
                path.to_str().unwrap(),
            ],
            b"",
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{stderr}");
        let stats = check(&stderr).unwrap();
        assert_eq!(stats["malformed_lines"], 1, "{stderr}");
        let kept = std::fs::read(&errors).unwrap();
        let read = get(&stats, "events_read").unwrap() as usize;
        let cut = &text[text
            .split(|&b| b == b'\n')
            .take(read)
            .map(|l| l.len() + 1)
            .sum::<usize>()..];
        assert!(!kept.is_empty() && !kept.ends_with(b"\n"), "{kept:?}");
        assert!(
            cut.starts_with(&kept),
            "{kept:?} is not where the text was cut"
        );
        assert!(stderr.contains("cut.ndjson.gz"), "{stderr}");
        seen.push((String::from_utf8_lossy(&out.stdout).into_owned(), kept));
    }
    assert_eq!(seen[0], seen[1]);
}
