//! `route` and `split` through the binary: first-match semantics, `--else` and `-`, a branch's
//! own chain (its windows emit at the end and on idle ticks), the per-branch `--stats`
//! counters with the accounting intact, SIGHUP reopening the files, the bound on open files,
//! and keys that would leave the directory.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::accounting;
use crate::common::{eddy, run_in, stdout_lines};

/// One access event.
fn request(n: u32, host: &str, status: u32) -> String {
    format!("{{\"n\":{n},\"host\":\"{host}\",\"status\":{status}}}\n")
}

/// The `n` of each line of the file `name` in `dir`.
fn numbers(dir: &Path, name: &str) -> Vec<u64> {
    fs::read_to_string(dir.join(name))
        .unwrap_or_default()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["n"]
                .as_u64()
                .unwrap()
        })
        .collect()
}

/// Statuses 200, 404, 503, 500, 301, … for n = 0..30, hosts a, b, c in turn.
fn requests() -> String {
    let statuses = [200, 404, 503, 500, 301];
    (0..30)
        .map(|n| request(n, ["a", "b", "c"][n as usize % 3], statuses[n as usize % 5]))
        .collect()
}

#[test]
fn each_event_goes_to_the_first_branch_that_matches_and_the_else_branch_passes_on() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--stats",
        "route",
        "--when",
        "status >= 500",
        "errors.ndjson",
        "--when",
        "status >= 400",
        "client.ndjson",
        "--else",
        "-",
        "then",
        "select",
        "n",
    ];
    let out = run_in(dir.path(), &args, requests().as_bytes());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // A 503 is also >= 400: it goes to the first branch only.
    let of = |statuses: &[u32]| -> Vec<u64> {
        (0..30u64)
            .filter(|n| statuses.contains(&[200, 404, 503, 500, 301][*n as usize % 5]))
            .collect()
    };
    assert_eq!(numbers(dir.path(), "errors.ndjson"), of(&[503, 500]));
    assert_eq!(numbers(dir.path(), "client.ndjson"), of(&[404]));
    let passed: Vec<String> = of(&[200, 301])
        .iter()
        .map(|n| format!("{{\"n\":{n}}}"))
        .collect();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .collect::<Vec<_>>(),
        passed
    );
    let stats = accounting::check(&stderr).unwrap();
    let route = &stats["stages"][0];
    assert_eq!(route["events_in"], 30);
    assert_eq!(route["absorbed"], 18);
    assert_eq!(route["passed"], 12);
    let branches = &route["details"]["branches"];
    assert_eq!(branches[0]["events"], 12);
    assert_eq!(branches[0]["dest"], "errors.ndjson");
    assert_eq!(branches[1]["events"], 6);
    assert_eq!(branches[2]["branch"], "else");
    assert_eq!(branches[2]["events"], 12);
    assert_eq!(route["details"]["unmatched"], 0);
}

#[test]
fn without_else_unmatched_events_are_filtered_and_files_are_appended_to() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("errors.ndjson"), "{\"n\":-1}\n").unwrap();
    let args = [
        "--stats",
        "route",
        "--when",
        "status >= 500",
        "errors.ndjson",
    ];
    let out = run_in(dir.path(), &args, requests().as_bytes());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(out.stdout, b"");
    let mut expected = vec![u64::MAX];
    expected.extend((0..30u64).filter(|n| matches!(n % 5, 2 | 3)));
    let got: Vec<u64> = fs::read_to_string(dir.path().join("errors.ndjson"))
        .unwrap()
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["n"].as_u64().unwrap_or(u64::MAX)
        })
        .collect();
    assert_eq!(
        got, expected,
        "the earlier line is kept: the file is appended to"
    );
    let stats = accounting::check(&stderr).unwrap();
    let route = &stats["stages"][0];
    assert_eq!(route["filtered"], 18);
    assert_eq!(route["details"]["unmatched"], 18);
    assert_eq!(stats["events_filtered"], 18);
}

#[test]
fn a_condition_that_fails_drops_the_event_as_filter_does() {
    let dir = tempfile::tempdir().unwrap();
    let input = "{\"n\":1,\"x\":\"abc\"}\n{\"n\":2,\"x\":2}\n";
    let args = [
        "--stats",
        "--errors",
        "bad.ndjson",
        "route",
        "--when",
        "x * 2 > 3",
        "-",
    ];
    let out = run_in(dir.path(), &args, input.as_bytes());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "{\"n\":2,\"x\":2}\n");
    assert!(stderr.contains("<stdin>:1: cannot apply `*`"), "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join("bad.ndjson")).unwrap(),
        "{\"n\":1,\"x\":\"abc\"}\n"
    );
    let stats = accounting::check(&stderr).unwrap();
    assert_eq!(stats["stages"][0]["dropped"]["eval_error"], 1);
}

#[test]
fn a_branch_chain_counts_its_own_events_and_emits_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--stats",
        "route",
        "--when",
        "status >= 500",
        "| count --by host >> counts.ndjson",
        "--when",
        "status == 404",
        "| count --by host then head 2",
        "--else",
        "-",
        "then",
        "select",
        "n",
        "then",
        "tail",
        "1",
    ];
    let out = run_in(dir.path(), &args, requests().as_bytes());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // 503 at n = 2, 7, … and 500 at n = 3, 8, …: hosts n % 3.
    assert_eq!(
        fs::read_to_string(dir.path().join("counts.ndjson")).unwrap(),
        "{\"host\":\"a\",\"count\":4}\n{\"host\":\"b\",\"count\":4}\n{\"host\":\"c\",\"count\":4}\n"
    );
    // The 404 branch's counts come down the chain at the end, after the last passed event:
    // `tail 1` keeps the last of them (its `select` left `{}`).
    assert_eq!(String::from_utf8_lossy(&out.stdout), "{}\n");
    let stats = accounting::check(&stderr).unwrap();
    let route = &stats["stages"][0];
    assert_eq!(route["absorbed"], 18);
    assert_eq!(route["passed"], 12);
    assert_eq!(
        route["events_out"], 14,
        "12 passed and the 2 counts the head let through"
    );
    let inner = &route["details"]["branches"][1]["stages"];
    assert_eq!(inner[0]["name"], "count");
    assert_eq!(inner[0]["events_in"], 6);
    // The head is satisfied by the second count: the count emits no third.
    assert_eq!(inner[0]["events_out"], 2);
    assert_eq!(inner[1]["name"], "head");
    assert_eq!(inner[1]["passed"], 2);
}

#[test]
fn when_nothing_down_the_chain_wants_more_the_files_still_get_every_event() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--stats",
        "route",
        "--when",
        "status >= 500",
        "errors.ndjson",
        "--else",
        "-",
        "then",
        "head",
        "1",
    ];
    let out = run_in(dir.path(), &args, requests().as_bytes());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    assert_eq!(numbers(dir.path(), "errors.ndjson").len(), 12);
    let stats = accounting::check(&stderr).unwrap();
    // The else events after the head was satisfied are filtered by route itself, and are not
    // among those the branch took.
    assert_eq!(stats["stages"][0]["filtered"], 17);
    let branches = &stats["stages"][0]["details"]["branches"];
    assert_eq!(branches[0]["events"], 12, "{stats}");
    assert_eq!(branches[1]["events"], 1, "{stats}");

    // With every branch down the chain, a satisfied head ends the run as it would without route.
    let args = [
        "--stats", "route", "--when", "true", "-", "then", "head", "1",
    ];
    let out = run_in(dir.path(), &args, requests().as_bytes());
    let stats = accounting::check(&String::from_utf8_lossy(&out.stderr)).unwrap();
    assert_eq!(stats["stages"][0]["events_in"], 1, "{stats}");
    assert_eq!(stats["records_unprocessed"], 29, "{stats}");
}

/// Runs eddy in `dir` on `lines` events `{"n":…,"m":…}` on stdin, reads one line of its stdout
/// and closes it (as `| head -1`), and returns its exit status and stderr.
fn with_stdout_closed_after_one_line(dir: &Path, args: &[&str], lines: u32) -> (bool, String) {
    use std::io::BufRead;
    let mut child = eddy()
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let mut text = String::new();
        for n in 0..lines {
            text.push_str(&format!("{{\"n\":{n},\"m\":{}}}\n", n % 3));
        }
        let _ = input.write_all(text.as_bytes());
    });
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.starts_with("{\"n\":1,"), "{first}");
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_closed_stdout_does_not_cut_short_the_files_a_branch_writes() {
    let dir = tempfile::tempdir().unwrap();
    let lines = 300_000;
    let args = [
        "route",
        "--when",
        "n % 2 == 0",
        "even.ndjson",
        "--else",
        "-",
    ];
    let (ok, stderr) = with_stdout_closed_after_one_line(dir.path(), &args, lines);
    assert!(ok, "{stderr}");
    assert_eq!(stderr, "", "a closed stdout ends the run quietly");
    let even = numbers(dir.path(), "even.ndjson");
    assert_eq!(even, (0..u64::from(lines)).step_by(2).collect::<Vec<_>>());

    // The same with the files of a `split` in a branch's chain.
    let args = [
        "route",
        "--when",
        "n % 2 == 0",
        "| split --by m 'by-m/{m}.ndjson'",
        "--else",
        "-",
    ];
    let (ok, stderr) = with_stdout_closed_after_one_line(dir.path(), &args, lines);
    assert!(ok, "{stderr}");
    let written: usize = (0..3)
        .map(|m| numbers(&dir.path().join("by-m"), &format!("{m}.ndjson")).len())
        .sum();
    assert_eq!(written, lines as usize / 2);
}

#[test]
fn a_route_in_a_branch_chain_feeds_its_files_after_the_chain_below_is_satisfied() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "route",
        "--when",
        "status >= 500",
        "| route --when 'host == \"b\"' nested.ndjson --else -",
        "then",
        "head",
        "1",
    ];
    let out = run_in(dir.path(), &args, requests().as_bytes());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
    // n = 2, 3, 7, 8, … have status 503 or 500; of those, host b is n % 3 == 1.
    let expected: Vec<u64> = (0..30u64)
        .filter(|n| n % 5 == 2 || n % 5 == 3)
        .filter(|n| n % 3 == 1)
        .collect();
    assert_eq!(numbers(dir.path(), "nested.ndjson"), expected);
}

#[test]
fn usage_errors_come_before_any_file_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "route", "--when", "true", "a.ndjson", "--when", "stauts >", "b.ndjson",
            ],
            "eddy: stage 1 (route): --when 2: ",
        ),
        (
            &[
                "route",
                "--when",
                "true",
                "| count --by host then window tumbling --size 1q",
            ],
            "eddy: stage 1 (route): branch 1, stage 2 (window): invalid value '1q'",
        ),
        (
            &["route", "--when", "true", "| head 1 extra.ndjson"],
            "eddy: stage 1 (route): branch 1: unexpected `extra.ndjson` after the chain",
        ),
        (
            &["route", "--when", "true", "| head 1 | head 2"],
            "eddy: stage 1 (route): branch 1: `|` in a chain: its stages are joined by `then`",
        ),
        (
            &["route", "--when", "true", "a.ndjson", "--else", "a.ndjson"],
            "eddy: stage 1 (route): `a.ndjson` is the DEST of two branches",
        ),
        (
            &["route", "--when", "true", "a.ndjson", "then", "head", "-1"],
            "eddy: ",
        ),
    ];
    for (args, expected) in cases {
        let out = run_in(dir.path(), args, b"{}\n");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.starts_with(expected), "{args:?}: {stderr}");
        assert!(
            !dir.path().join("a.ndjson").exists(),
            "{args:?} created a file"
        );
    }
}

/// A run reading stdin from a pipe the test holds open.
struct Live {
    child: Child,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Live {
    fn start(dir: &Path, args: &[&str]) -> Live {
        let mut child = eddy()
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let lines = stdout_lines(&mut child);
        Live { child, lines }
    }

    fn send(&mut self, text: &str) {
        let stdin = self.child.stdin.as_mut().unwrap();
        stdin.write_all(text.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    fn signal(&self, name: &str) {
        let pid = self.child.id().to_string();
        let status = std::process::Command::new("kill")
            .args([name, &pid])
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Closes stdin and waits for the end: the exit status and stderr.
    fn end(mut self) -> (Option<i32>, String) {
        drop(self.child.stdin.take());
        let out = self.child.wait_with_output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }
}

/// Waits until `ready` holds (20 s at most).
fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !ready() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_window_in_a_branch_emits_on_idle_ticks_while_the_input_stays_open() {
    let dir = tempfile::tempdir().unwrap();
    let branch = "| window tumbling --size 10s --time-field ts --idle-timeout 300ms --agg count";
    let mut live = Live::start(dir.path(), &["route", "--when", "true", branch]);
    // ts 9 and 9.5: [0,10) closes after 500 ms of silence (as `window_live.rs` has it).
    live.send("{\"ts\":9}\n{\"ts\":9.5}\n");
    let line = live
        .lines
        .recv_timeout(Duration::from_secs(20))
        .expect("the idle timeout closes the window while stdin is open");
    assert_eq!(line, r#"{"window_start":0,"window_end":10,"count":2}"#);
    let (status, stderr) = live.end();
    assert_eq!(status, Some(0), "{stderr}");
}

#[test]
fn sighup_reopens_the_files_of_route_and_split_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "route",
        "--when",
        "status >= 500",
        "errors.ndjson",
        "--else",
        "| split --by host 'by-host/{host}.ndjson'",
    ];
    let mut live = Live::start(dir.path(), &args);
    live.send(&(request(1, "a", 500) + &request(2, "a", 200)));
    // The files are flushed when the input pauses.
    let read = |name: &str| fs::read_to_string(dir.path().join(name)).unwrap_or_default();
    wait_until("the first lines", || {
        read("errors.ndjson").lines().count() == 1 && read("by-host/a.ndjson").lines().count() == 1
    });
    fs::rename(
        dir.path().join("errors.ndjson"),
        dir.path().join("errors.ndjson.1"),
    )
    .unwrap();
    fs::rename(
        dir.path().join("by-host/a.ndjson"),
        dir.path().join("by-host/a.ndjson.1"),
    )
    .unwrap();
    live.signal("-HUP");
    // route opens its file again at once; split when the key comes back.
    wait_until("errors.ndjson reopened", || {
        dir.path().join("errors.ndjson").exists()
    });
    live.send(&(request(3, "a", 503) + &request(4, "a", 201)));
    let (status, stderr) = live.end();
    assert_eq!(status, Some(0), "{stderr}");
    assert_eq!(numbers(dir.path(), "errors.ndjson.1"), [1]);
    assert_eq!(numbers(dir.path(), "errors.ndjson"), [3]);
    assert_eq!(numbers(dir.path(), "by-host/a.ndjson.1"), [2]);
    assert_eq!(numbers(dir.path(), "by-host/a.ndjson"), [4]);
}

/// The files of `dir` the process `pid` holds open.
fn open_in(pid: u32, dir: &Path) -> usize {
    let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) else {
        return 0;
    };
    fds.filter_map(|fd| fs::read_link(fd.ok()?.path()).ok())
        .filter(|target| target.starts_with(dir))
        .count()
}

#[test]
fn split_keeps_at_most_max_open_files_open_and_every_line_lands_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = fs::canonicalize(dir.path()).unwrap().join("out");
    let args = [
        "--stats",
        "split",
        "--by",
        "host",
        "--max-open",
        "2",
        "out/{host}.ndjson",
    ];
    let mut live = Live::start(dir.path(), &args);
    let pid = live.child.id();
    let hosts: Vec<String> = (0..10).map(|h| format!("h{h}")).collect();
    let mut most = 0;
    for round in 0..5u32 {
        let batch: String = (0..40u32)
            .map(|i| {
                let n = round * 40 + i;
                request(n, &hosts[((n * 7) % 10) as usize], 200)
            })
            .collect();
        live.send(&batch);
        let last = format!("\"n\":{}", round * 40 + 39);
        // Each pause flushes the open files; watch the descriptors meanwhile.
        wait_until("the batch's last line", || {
            most = most.max(open_in(pid, &out_dir));
            fs::read_dir(&out_dir).is_ok_and(|files| {
                files
                    .filter_map(|f| fs::read_to_string(f.ok()?.path()).ok())
                    .any(|t| t.contains(&last))
            })
        });
    }
    let (status, stderr) = live.end();
    assert_eq!(status, Some(0), "{stderr}");
    assert!((1..=2).contains(&most), "{most} files open at once");
    for (h, host) in hosts.iter().enumerate() {
        let expected: Vec<u64> = (0..200u64).filter(|n| (n * 7) % 10 == h as u64).collect();
        assert_eq!(
            numbers(&out_dir, &format!("{host}.ndjson")),
            expected,
            "{host}"
        );
    }
    let stats = accounting::check(&stderr).unwrap();
    let details = &stats["stages"][0]["details"];
    assert_eq!(details["files"], 10);
    assert_eq!(details["open"], 0);
    assert!(
        details["closed_for_limit"].as_u64().unwrap() > 100,
        "{details}"
    );
    assert_eq!(stats["stages"][0]["absorbed"], 200);
}

#[test]
fn split_keys_that_would_leave_the_directory_are_data_errors() {
    let dir = tempfile::tempdir().unwrap();
    let input = [
        "{\"h\":\"../up\"}",
        "{\"h\":\"/etc\"}",
        "{\"h\":\"..\"}",
        "{\"h\":\".\"}",
        "{\"h\":\"\"}",
        "{\"h\":\"a\\u0000b\"}",
        "{\"h\":null}",
        "{}",
        "{\"h\":{\"x\":1}}",
        "{\"h\":\"ok\"}",
        "{\"h\":7}",
    ]
    .join("\n");
    let args = [
        "--stats",
        "--errors",
        "bad.ndjson",
        "split",
        "--by",
        "h",
        "out/{h}.ndjson",
    ];
    let out = run_in(dir.path(), &args, input.as_bytes());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let mut files: Vec<String> = fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, ["7.ndjson", "ok.ndjson"]);
    assert!(!dir.path().join("up").exists());
    let bad = fs::read_to_string(dir.path().join("bad.ndjson")).unwrap();
    assert_eq!(bad.lines().count(), 9, "{bad}");
    assert!(
        stderr.contains("<stdin>:1: split: the key `h` is \"../up\": a file name part may not"),
        "{stderr}"
    );
    let stats = accounting::check(&stderr).unwrap();
    assert_eq!(stats["stages"][0]["dropped"]["eval_error"], 9);
}

#[test]
fn state_keeps_what_a_branch_chain_holds_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.ndjson");
    let all = requests();
    let (first, rest) = all.split_at(all.match_indices('\n').nth(11).unwrap().0 + 1);
    fs::write(&log, first).unwrap();
    let branch = "| count --by host";
    let args = |last: bool| {
        let mut args = vec!["--state", "s.json"];
        if last {
            args.push("--final");
        }
        args.extend(["route", "--when", "status >= 500", branch, "log.ndjson"]);
        args
    };
    let out = run_in(dir.path(), &args(false), b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, b"", "a checkpoint run emits no count");
    crate::common::append(&log, rest);
    let out = run_in(dir.path(), &args(true), b"");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let whole = run_in(
        dir.path(),
        &["route", "--when", "status >= 500", branch, "log.ndjson"],
        b"",
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&whole.stdout)
    );
    assert!(
        whole.stdout.len() > 40,
        "{}",
        String::from_utf8_lossy(&whole.stdout)
    );

    // A state saved with other branches is refused.
    fs::remove_file(dir.path().join("s.json")).unwrap();
    let out = run_in(dir.path(), &args(false), b"");
    assert!(out.status.success());
    let other = [
        "--state",
        "s.json",
        "route",
        "--when",
        "status >= 400",
        branch,
        "log.ndjson",
    ];
    let out = run_in(dir.path(), &other, b"");
    assert!(!out.status.success());
}

#[test]
fn a_file_split_cannot_create_for_one_key_drops_that_event_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("out/taken.ndjson")).unwrap();
    fs::write(dir.path().join("out/plain"), "").unwrap();
    // A key of 250 bytes is a valid name part, but not with `.ndjson` after it.
    let long = "k".repeat(250);
    let input = [
        request(0, "a", 200),
        request(1, &long, 200),
        request(2, "taken", 200),
        request(3, "a", 200),
    ]
    .concat();
    let args = [
        "--stats",
        "--errors",
        "bad.ndjson",
        "split",
        "--by",
        "host",
        "out/{host}.ndjson",
    ];
    let out = run_in(dir.path(), &args, input.as_bytes());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("has a part of 257 bytes"), "{stderr}");
    assert!(stderr.contains("Is a directory"), "{stderr}");
    assert_eq!(numbers(&dir.path().join("out"), "a.ndjson"), [0, 3]);
    assert_eq!(numbers(dir.path(), "bad.ndjson"), [1, 2]);
    let stats = accounting::check(&stderr).unwrap();
    assert_eq!(stats["stages"][0]["details"]["files"], 1, "{stats}");

    // A file where a directory of the name should be.
    let args = ["split", "--by", "host", "out/{host}/log.ndjson"];
    let input = [request(4, "plain", 200), request(5, "b", 200)].concat();
    let out = run_in(dir.path(), &args, input.as_bytes());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("Not a directory"), "{stderr}");
    assert_eq!(numbers(&dir.path().join("out/b"), "log.ndjson"), [5]);
}

#[test]
fn two_writers_of_one_file_are_refused_however_it_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink("x.ndjson", dir.path().join("link.ndjson")).unwrap();
    let absolute = fs::canonicalize(dir.path()).unwrap().join("x.ndjson");
    let absolute = absolute.to_str().unwrap();
    let cases: &[&[&str]] = &[
        &[
            "route",
            "--when",
            "n > 1",
            "x.ndjson",
            "--when",
            "true",
            "./x.ndjson",
        ],
        &["route", "--when", "n > 1", "x.ndjson", "--else", absolute],
        &[
            "route",
            "--when",
            "n > 1",
            "x.ndjson",
            "--else",
            "link.ndjson",
        ],
        &[
            "route",
            "--when",
            "true",
            "| tee ./x.ndjson",
            "--else",
            "x.ndjson",
        ],
        &[
            "route",
            "--when",
            "true",
            "| route --when true ./x.ndjson",
            "--else",
            "x.ndjson",
        ],
        &[
            "route",
            "--when",
            "true",
            "x.ndjson",
            "then",
            "route",
            "--when",
            "true",
            "./x.ndjson",
        ],
        &[
            "tee",
            "x.ndjson",
            "then",
            "route",
            "--when",
            "true",
            "./x.ndjson",
        ],
        &[
            "--errors",
            "x.ndjson",
            "route",
            "--when",
            "true",
            "./x.ndjson",
        ],
    ];
    for args in cases {
        let out = run_in(dir.path(), args, b"{\"n\":1}\n");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("are one file"), "{args:?}: {stderr}");
        assert_eq!(fs::read_to_string(dir.path().join("x.ndjson")).unwrap(), "");
    }
}

#[test]
fn a_split_that_ends_the_run_leaves_counts_that_add_up() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.ndjson"), request(0, "b", 200)).unwrap();
    let input = [request(1, "x", 200), request(2, "a", 200)].concat();
    fs::write(dir.path().join("in.ndjson"), &input).unwrap();
    let args = [
        "--stats",
        "split",
        "--by",
        "host",
        "{host}.ndjson",
        "in.ndjson",
        "a.ndjson",
    ];
    let out = run_in(dir.path(), &args, b"");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("is also an input file"), "{stderr}");
    let stats = accounting::check(&stderr).unwrap();
    assert_eq!(stats["stages"][0]["events_in"], 2, "{stats}");
}

#[test]
fn the_run_counts_what_branch_chains_filtered() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "--stats",
        "route",
        "--when",
        "status >= 400",
        "| filter 'status >= 500' then route --when 'n > 20' '| head 1' --else -",
        "--else",
        "-",
    ];
    let out = run_in(dir.path(), &args, requests().as_bytes());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let stats = accounting::check(&stderr).unwrap();
    // 18 of 30 are >= 400: 6 of them 404 (filtered), 12 >= 500, of which n > 20 are
    // n = 22, 23, 27, 28: head takes one and filters 3.
    assert_eq!(stats["events_filtered"], 6 + 3, "{stats}");
    assert_eq!(stats["events_written"], 30 - 6 - 3, "{stats}");
}

#[test]
fn under_state_the_stages_of_branch_chains_count_what_they_took_back() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("log.ndjson");
    let all = requests();
    let (first, rest) = all.split_at(all.match_indices('\n').nth(11).unwrap().0 + 1);
    fs::write(&log, first).unwrap();
    let args = |last: bool| {
        let mut args = vec!["--stats", "--state", "s.json"];
        if last {
            args.push("--final");
        }
        args.extend([
            "route",
            "--when",
            "status >= 400",
            "| tail 2",
            "--else",
            "| sort --by n --reverse --limit 3",
            "log.ndjson",
        ]);
        args
    };
    let out = run_in(dir.path(), &args(false), b"");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    accounting::check(&stderr).unwrap();
    crate::common::append(&log, rest);
    let out = run_in(dir.path(), &args(true), b"");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let stats = accounting::check(&stderr).unwrap();
    let branches = &stats["stages"][0]["details"]["branches"];
    assert_eq!(branches[0]["stages"][0]["restored"], 2, "{stats}");
    assert_eq!(branches[1]["stages"][0]["restored"], 3, "{stats}");
}

#[test]
fn split_refuses_a_file_the_run_writes_elsewhere() {
    let input = request(1, "a", 200).repeat(50);
    for args in [
        vec![
            "tee",
            "x/a.ndjson",
            "then",
            "split",
            "--by",
            "host",
            "x/{host}.ndjson",
        ],
        vec![
            "route",
            "--when",
            "status > 500",
            "x/a.ndjson",
            "--else",
            "| split --by host x/{host}.ndjson",
        ],
        vec![
            "--errors",
            "x/a.ndjson",
            "split",
            "--by",
            "host",
            "x/{host}.ndjson",
        ],
    ] {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("x")).unwrap();
        let out = run_in(dir.path(), &args, input.as_bytes());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {stderr}");
        let refused = "(split): `x/a.ndjson` is also written elsewhere (tee, route, --errors)";
        assert!(stderr.contains(refused), "{args:?}: {stderr}");
        let written = fs::read_to_string(dir.path().join("x/a.ndjson")).unwrap();
        assert!(written.len() <= input.len(), "{args:?}: {written}");
    }
}
