//! `--state FILE`: runs that resume where the last one stopped, over logs that grow, rotate
//! (rename and create, copytruncate) and get compressed; the state file's errors.

use std::fs;
use std::io::Write;
use std::path::Path;

use crate::common::{append, run_in};

/// Runs eddy in `dir` with `args`; returns (status, stdout, stderr).
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = run_in(dir, args, b"");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn events(range: std::ops::Range<u32>) -> String {
    range.map(|i| format!("{{\"n\":{i}}}\n")).collect()
}

const FILTER: &[&str] = &["--state", "s.json", "filter", "n >= 0", "app.log"];

#[test]
fn each_line_is_read_once_across_runs_growth_and_a_line_not_ended_yet() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    append(&log, &events(0..3));
    let (code, first, _) = run(dir.path(), FILTER);
    assert_eq!((code, first.as_str()), (0, events(0..3).as_str()));
    // Nothing new: nothing out.
    assert_eq!(run(dir.path(), FILTER).1, "");
    // A line its writer has not finished waits for its end.
    append(&log, "{\"n\":3}\n{\"n\"");
    assert_eq!(run(dir.path(), FILTER).1, events(3..4));
    append(&log, ":4}\n");
    assert_eq!(run(dir.path(), FILTER).1, events(4..5));
}

#[test]
fn a_rotated_log_is_read_to_its_end_before_the_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    append(&log, &events(0..2));
    let mut all = run(dir.path(), FILTER).1;
    // Written after the run, then rotated by rename, then more into both.
    append(&log, &events(2..4));
    fs::rename(&log, dir.path().join("app.log.1")).unwrap();
    append(&log, &events(6..8));
    append(&dir.path().join("app.log.1"), &events(4..6));
    let (code, out, err) = run(dir.path(), FILTER);
    assert_eq!(code, 0, "{err}");
    all.push_str(&out);
    append(&log, &events(8..9));
    all.push_str(&run(dir.path(), FILTER).1);
    assert_eq!(all, events(0..9));
}

#[test]
fn a_log_copied_and_truncated_is_read_from_the_copy_then_from_its_start() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    append(&log, &events(0..3));
    let mut all = run(dir.path(), FILTER).1;
    append(&log, &events(3..5));
    // copytruncate: the copy gets everything, the log is emptied and written again.
    fs::copy(&log, dir.path().join("app.log.1")).unwrap();
    fs::OpenOptions::new()
        .write(true)
        .truncate(true)
        .open(&log)
        .unwrap();
    append(&log, &events(5..7));
    let (code, out, err) = run(dir.path(), FILTER);
    assert_eq!(code, 0, "{err}");
    all.push_str(&out);
    assert_eq!(all, events(0..7));
}

#[test]
fn a_log_gone_with_its_rest_is_said_and_the_new_one_read() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    append(&log, &events(0..2));
    run(dir.path(), FILTER);
    fs::remove_file(&log).unwrap();
    append(&log, &events(5..6));
    let (code, out, err) = run(dir.path(), FILTER);
    assert_eq!((code, out.as_str()), (0, events(5..6).as_str()));
    assert!(
        err.contains("app.log: not the file read last time"),
        "{err}"
    );
}

#[test]
fn a_csv_file_resumes_with_its_header() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("t.csv");
    append(&log, "a,b\n1,x\n");
    let args = ["--state", "s.json", "select", "b", "t.csv"];
    let mut all = run(dir.path(), &args).1;
    append(&log, "2,y\n3,\"multi\nline\"\n");
    all.push_str(&run(dir.path(), &args).1);
    assert_eq!(
        all,
        "{\"b\":\"x\"}\n{\"b\":\"y\"}\n{\"b\":\"multi\\nline\"}\n"
    );
}

#[test]
fn line_numbers_go_on_from_the_last_run() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    append(&log, &events(0..2));
    let args = [
        "--state",
        "s.json",
        "map",
        "at = source_line()",
        "then",
        "select",
        "at",
        "app.log",
    ];
    run(dir.path(), &args);
    append(&log, "\n{\"n\":2}\nnot json\n");
    let (code, out, err) = run(dir.path(), &args);
    assert_eq!((code, out.as_str()), (0, "{\"at\":4}\n"));
    assert!(err.contains("app.log:5"), "{err}");
}

#[test]
fn a_compressed_file_resumes_where_it_was_read_to() {
    use flate2::write::GzEncoder;
    let dir = tempfile::tempdir().unwrap();
    let write_gz = |text: &str| {
        let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(text.as_bytes()).unwrap();
        fs::write(dir.path().join("app.log.gz"), gz.finish().unwrap()).unwrap();
    };
    write_gz(&events(0..2));
    let args = ["--state", "s.json", "filter", "n >= 0", "app.log.gz"];
    let mut all = run(dir.path(), &args).1;
    // gzip appends a member: the file grows, its first bytes stay.
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(events(2..4).as_bytes()).unwrap();
    let mut bytes = fs::read(dir.path().join("app.log.gz")).unwrap();
    bytes.extend(gz.finish().unwrap());
    fs::write(dir.path().join("app.log.gz"), bytes).unwrap();
    all.push_str(&run(dir.path(), &args).1);
    assert_eq!(all, events(0..4));
}

#[test]
fn a_state_file_of_another_pipeline_or_damaged_is_status_3() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    append(&log, &events(0..2));
    run(dir.path(), FILTER);
    let saved = fs::read(dir.path().join("s.json")).unwrap();

    let other = ["--state", "s.json", "filter", "n >= 1", "app.log"];
    let (code, out, err) = run(dir.path(), &other);
    assert_eq!((code, out.as_str()), (3, ""));
    assert!(
        err.contains(
            "belongs to another pipeline (saved by `eddy --state s.json filter 'n >= 0' app.log`)"
        ),
        "{err}"
    );
    // --state-reset starts over.
    let (code, out, _) = run(dir.path(), &[&["--state-reset"], &other[..]].concat());
    assert_eq!((code, out.as_str()), (0, events(1..2).as_str()));

    for (damage, says) in [
        (saved[..saved.len() / 2].to_vec(), "damaged"),
        (Vec::new(), "damaged"),
        (
            String::from_utf8(saved.clone())
                .unwrap()
                .replace("\"offset\":16", "\"offset\":8")
                .into_bytes(),
            "checksum does not match",
        ),
        (
            String::from_utf8(saved.clone())
                .unwrap()
                .replace("\"eddy_state\":1", "\"eddy_state\":9")
                .into_bytes(),
            "checksum",
        ),
        (b"{\"x\":1}".to_vec(), "no checksum"),
    ] {
        fs::write(dir.path().join("s.json"), &damage).unwrap();
        let (code, out, err) = run(dir.path(), FILTER);
        assert_eq!((code, out.as_str()), (3, ""), "{err}");
        assert!(
            err.contains("--state s.json: ") && err.contains(says),
            "{err}"
        );
        assert!(err.contains("--state-reset starts over"), "{err}");
    }
}

#[test]
fn the_state_options_need_a_state_file_and_one_run_holds_it() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, err) = run(dir.path(), &["--final", "head", "1"]);
    assert_eq!(code, 2, "{err}");
    let (code, _, err) = run(dir.path(), &["--state-reset", "head", "1"]);
    assert_eq!(code, 2, "{err}");
    // A second run on a state file in use fails at once.
    let lock = fs::File::create(dir.path().join("s.json.lock")).unwrap();
    lock.lock().unwrap();
    append(&dir.path().join("app.log"), &events(0..1));
    let (code, _, err) = run(dir.path(), FILTER);
    assert_eq!(code, 3);
    assert!(
        err.contains("another eddy run is using this state file"),
        "{err}"
    );
}

/// A small deterministic generator (an LCG), so that the simulation is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % below
    }
}

/// Events of a few hosts, mostly in time order, some out of order within `--max-delay 3s`,
/// a few later than that, and a few repeated ids.
fn timed_events(rng: &mut Lcg, clock: &mut u64, next_id: &mut u64, n: u64) -> String {
    let mut text = String::new();
    for _ in 0..n {
        *clock += 100 + rng.next(500);
        let t = match rng.next(20) {
            0 => clock.saturating_sub(8_000),
            1..=4 => clock.saturating_sub(rng.next(2_500)),
            _ => *clock,
        };
        let id = if rng.next(10) == 0 {
            next_id.saturating_sub(1)
        } else {
            *next_id
        };
        *next_id += 1;
        text.push_str(&format!(
            "{{\"t\":{}.{:03},\"host\":\"h{}\",\"v\":{},\"id\":{id}}}\n",
            t / 1000,
            t % 1000,
            rng.next(3),
            rng.next(1000)
        ));
    }
    text
}

/// The cron simulation of the issue: 26 runs over a log that grows (lines written in halves
/// across runs too), is rotated by rename and by copytruncate; the runs' outputs together are
/// byte for byte one run's over the whole log, for window pipelines that hold state across runs.
#[test]
fn cron_runs_over_a_growing_rotating_log_are_one_run_over_the_whole_log() {
    let pipelines: &[&[&str]] = &[
        &[
            "window",
            "tumbling",
            "--size",
            "10s",
            "--time-field",
            "t",
            "--max-delay",
            "3s",
            "--by",
            "host",
            "--agg",
            "count",
            "--agg",
            "sum:v",
            "--agg",
            "p99:v",
            "--late",
            "file:late.ndjson",
        ],
        &[
            "dedupe",
            "--by",
            "id",
            "--last",
            "50",
            "then",
            "window",
            "session",
            "--gap",
            "2s",
            "--time-field",
            "t",
            "--max-delay",
            "3s",
            "--by",
            "host",
            "--agg",
            "count",
            "--agg",
            "max:v",
        ],
        &[
            "window",
            "hopping",
            "--size",
            "20s",
            "--slide",
            "5s",
            "--time-field",
            "t",
            "--max-delay",
            "3s",
            "--allowed-lateness",
            "4s",
            "--agg",
            "count",
            "then",
            "tail",
            "3",
        ],
        &[
            "filter",
            "v > 100",
            "then",
            "tee",
            "copy.ndjson",
            "then",
            "count",
            "--by",
            "host",
        ],
        &["sort", "--by", "v", "--limit", "5"],
    ];
    for (p, pipeline) in pipelines.iter().enumerate() {
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("app.log");
        let mut rng = Lcg(42 + p as u64);
        let (mut clock, mut next_id) = (1_700_000_000_000u64, 0u64);
        let mut whole = String::new();
        let mut outputs = String::new();
        let mut held = String::new();
        let runs = 26;
        for run_no in 0..runs {
            // Grow: what was held back of a line, new lines, maybe half of another.
            let mut text = std::mem::take(&mut held);
            let n = rng.next(40);
            text.push_str(&timed_events(&mut rng, &mut clock, &mut next_id, n));
            if rng.next(3) == 0 && run_no + 1 < runs {
                let line = timed_events(&mut rng, &mut clock, &mut next_id, 1);
                let cut = line.len() / 2;
                text.push_str(&line[..cut]);
                held = line[cut..].to_owned();
            }
            append(&log, &text);
            whole.push_str(&text);
            match run_no {
                6 | 12 | 20 => {
                    // Rename and create; the writer still finishes its line in the old file.
                    fs::rename(&log, dir.path().join("app.log.1")).unwrap();
                    let rest = std::mem::take(&mut held);
                    append(&dir.path().join("app.log.1"), &rest);
                    whole.push_str(&rest);
                    append(&log, "");
                }
                15 => {
                    let rest = std::mem::take(&mut held);
                    append(&log, &rest);
                    whole.push_str(&rest);
                    fs::copy(&log, dir.path().join("app.log.2")).unwrap();
                    fs::OpenOptions::new()
                        .write(true)
                        .truncate(true)
                        .open(&log)
                        .unwrap();
                }
                _ => {}
            }
            let mut args = vec!["--state", "s.json"];
            if run_no == runs - 1 {
                args.push("--final");
            }
            args.extend_from_slice(pipeline);
            args.push("app.log");
            let (code, out, err) = run(dir.path(), &args);
            assert_eq!(code, 0, "pipeline {p}, run {run_no}: {err}");
            outputs.push_str(&out);
        }
        assert!(held.is_empty());
        let one = dir.path().join("one");
        fs::create_dir(&one).unwrap();
        fs::write(one.join("whole.log"), &whole).unwrap();
        let mut args = pipeline.to_vec();
        args.push("whole.log");
        let (code, one_run, err) = run(&one, &args);
        assert_eq!(code, 0, "{err}");
        assert!(one_run.lines().count() >= 3, "pipeline {p}: {one_run}");
        assert!(!err.contains("malformed"), "{err}");
        assert_eq!(outputs, one_run, "pipeline {p}");
        // Side files too: a resumed run appends to what the earlier runs wrote.
        for side in ["late.ndjson", "copy.ndjson"] {
            let runs = fs::read(dir.path().join(side)).ok();
            assert_eq!(runs, fs::read(one.join(side)).ok(), "pipeline {p}: {side}");
        }
    }
}

#[test]
fn a_pipe_named_as_a_file_is_read_as_it_comes_and_not_resumed() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["--state", "s.json", "filter", "n >= 0", "/dev/stdin"];
    for range in [0..2, 2..4] {
        let out = run_in(dir.path(), &args, events(range.clone()).as_bytes());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), events(range));
    }
}

#[test]
fn a_line_too_long_still_being_written_at_the_end_of_a_run_is_dropped_once() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("a.log");
    append(&log, &format!("ok 1\n{}", "x".repeat(40)));
    let args = [
        "--state",
        "s.json",
        "--from",
        "lines",
        "--max-record-size",
        "16",
        "map",
        "n = source_line()",
        "a.log",
    ];
    let (code, first, err) = run(dir.path(), &args);
    assert_eq!(
        (code, first.as_str()),
        (0, "{\"line\":\"ok 1\",\"n\":1}\n"),
        "{err}"
    );
    assert!(
        err.contains("a.log:2: record longer than --max-record-size"),
        "{err}"
    );
    append(&log, "tail\nok 2\n");
    let (code, second, err) = run(dir.path(), &args);
    assert_eq!(
        (code, second.as_str()),
        (0, "{\"line\":\"ok 2\",\"n\":3}\n"),
        "{err}"
    );
    assert!(
        !err.contains("too long") && !err.contains("longer"),
        "{err}"
    );
}

#[test]
fn a_file_no_longer_named_is_not_read_and_a_state_file_may_not_be_an_input() {
    let dir = tempfile::tempdir().unwrap();
    append(&dir.path().join("a.log"), &events(0..1));
    append(&dir.path().join("b.log"), &events(10..11));
    let both = ["--state", "s.json", "filter", "n >= 0", "a.log", "b.log"];
    assert_eq!(
        run(dir.path(), &both).1,
        [events(0..1), events(10..11)].concat()
    );
    append(&dir.path().join("a.log"), &events(1..2));
    append(&dir.path().join("b.log"), &events(11..12));
    let (code, out, err) = run(
        dir.path(),
        &["--state", "s.json", "filter", "n >= 0", "b.log"],
    );
    assert_eq!((code, out.as_str()), (0, events(11..12).as_str()), "{err}");
    let (code, _, err) = run(dir.path(), &["--state", "b.log", "head", "1", "b.log"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--state: `b.log` is also an input file"),
        "{err}"
    );
}

#[test]
fn of_rotated_copies_with_the_same_first_bytes_the_latest_is_read_on() {
    use flate2::write::GzEncoder;
    let dir = tempfile::tempdir().unwrap();
    let gz = |name: &str, text: &str| {
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
        enc.write_all(text.as_bytes()).unwrap();
        fs::write(dir.path().join(name), enc.finish().unwrap()).unwrap();
    };
    let csv = dir.path().join("app.csv");
    let args = ["--state", "s.json", "select", "msg", "app.csv"];
    // An older rotation, kept compressed in the directory, starts with the same header.
    gz("app.csv-1.gz", "ts,msg\n1,day1\n");
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(86_400);
    fs::File::options()
        .write(true)
        .open(dir.path().join("app.csv-1.gz"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    append(&csv, "ts,msg\n");
    assert_eq!(run(dir.path(), &args).1, "");
    // The log is rotated and compressed (logrotate's `compress`), a new one takes its name.
    append(&csv, "2,day2\n");
    gz("app.csv-2.gz", &fs::read_to_string(&csv).unwrap());
    fs::write(dir.path().join("new.tmp"), "ts,msg\n3,day3\n").unwrap();
    fs::rename(dir.path().join("new.tmp"), &csv).unwrap();
    let (code, out, err) = run(dir.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "{\"msg\":\"day2\"}\n{\"msg\":\"day3\"}\n");
}

#[test]
fn a_held_event_nested_127_levels_deep_is_saved_and_taken_back() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{{\"a\":{}1{}}}\n", "[".repeat(125), "]".repeat(125));
    append(&dir.path().join("d.log"), &deep);
    let args = [
        "--state", "s.json", "rename", "a=c", "then", "tail", "1", "d.log",
    ];
    assert_eq!(run(dir.path(), &args).0, 0);
    let (code, out, err) = run(dir.path(), &[&["--final"], &args[..]].concat());
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, deep.replace("\"a\"", "\"c\""));
}

#[test]
fn a_rotated_log_its_writer_still_writes_to_is_read_on_by_later_runs() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("app.log");
    append(&log, &events(0..2));
    let mut all = run(dir.path(), FILTER).1;
    fs::rename(&log, dir.path().join("app.log.1")).unwrap();
    append(&log, &events(10..11));
    all.push_str(&run(dir.path(), FILTER).1);
    // The writer has not reopened yet: more goes to the rotated file, after that run.
    append(&dir.path().join("app.log.1"), &events(2..3));
    append(&log, &events(11..12));
    let (code, out, err) = run(dir.path(), FILTER);
    assert_eq!(code, 0, "{err}");
    all.push_str(&out);
    let mut lines: Vec<&str> = all.lines().collect();
    lines.sort_unstable();
    let expected = [events(0..3), events(10..12)].concat();
    let mut expected: Vec<&str> = expected.lines().collect();
    expected.sort_unstable();
    assert_eq!(lines, expected);
}
