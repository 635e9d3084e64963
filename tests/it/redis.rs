//! `--from-redis` and `--to-redis` against a real `redis-server` (Debian's 7.0), started by each
//! test on a free loopback port and stopped by its process id. Without `redis-server` a test
//! is skipped with a note, unless `CI` is set: then it fails.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::{eddy, stdout_lines};

/// A `redis-server` of the test's own.
struct Server {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Server {
    /// Starts one, or `None` (the test is skipped) when `redis-server` is not installed.
    fn start() -> Option<Server> {
        let installed = Command::new("redis-server")
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !installed {
            assert!(
                std::env::var_os("CI").is_none(),
                "redis-server is not installed (CI installs Debian's redis-server)"
            );
            eprintln!("skipped: redis-server is not installed");
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        for _ in 0..5 {
            let port = free_port();
            let mut child = Command::new("redis-server")
                .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
                .args(["--save", "", "--appendonly", "no", "--dir"])
                .arg(dir.path())
                .stdout(Stdio::null())
                .spawn()
                .expect("redis-server starts");
            let began = Instant::now();
            while began.elapsed() < Duration::from_secs(5) {
                if ping(port) {
                    return Some(Server {
                        child,
                        port,
                        _dir: dir,
                    });
                }
                if child.try_wait().unwrap().is_some() {
                    break; // The port was taken meanwhile: another one.
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("redis-server did not start");
    }

    fn url(&self, stream: &str) -> String {
        format!("redis://127.0.0.1:{}/{stream}", self.port)
    }

    /// `redis-cli --raw ARGS`'s answer.
    fn cli(&self, args: &[&str]) -> String {
        cli_at(self.port, args).expect("redis-cli answers")
    }

    /// Adds `values` to `stream` as field `data`, through `redis-cli --pipe` (RESP).
    fn add(&self, stream: &str, values: &[String]) {
        let mut resp = Vec::new();
        for value in values {
            let args = ["XADD", stream, "*", "data", value];
            write!(resp, "*{}\r\n", args.len()).unwrap();
            for arg in args {
                write!(resp, "${}\r\n{arg}\r\n", arg.len()).unwrap();
            }
        }
        let mut child = Command::new("redis-cli")
            .args(["-p", &self.port.to_string(), "--pipe"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(&resp).unwrap();
        let out = child.wait_with_output().unwrap();
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(said.contains("errors: 0"), "{said}");
    }

    /// The values of field `data` of `stream`'s entries, in order.
    fn values(&self, stream: &str) -> Vec<String> {
        let text = self.cli(&["XRANGE", stream, "-", "+"]);
        let lines: Vec<&str> = text.lines().collect();
        lines
            .chunks(3)
            .map(|entry| {
                assert_eq!(entry[1], "data", "{entry:?}");
                entry[2].to_owned()
            })
            .collect()
    }

    /// The number of entries pending in `group` of `stream`, for `consumer` or for all.
    fn pending(&self, stream: &str, group: &str, consumer: Option<&str>) -> usize {
        match consumer {
            Some(c) => {
                let text = self.cli(&["XPENDING", stream, group, "-", "+", "1000000", c]);
                text.lines().count() / 4
            }
            None => {
                let text = self.cli(&["XPENDING", stream, group]);
                text.lines().next().unwrap().parse().unwrap()
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `redis-cli --raw ARGS`'s answer from the server on `port`, `None` when it fails.
fn cli_at(port: u16, args: &[&str]) -> Option<String> {
    let out = Command::new("redis-cli")
        .args(["-p", &port.to_string(), "--raw"])
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).unwrap().trim_end().to_owned())
}

/// True when the server on `port` answers.
fn ping(port: u16) -> bool {
    cli_at(port, &["PING"]).is_some_and(|o| o == "PONG")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// An eddy consumer of `url`, its stdout piped.
fn consumer(url: &str, extra: &[&str]) -> Child {
    eddy()
        .arg("--from-redis")
        .arg(url)
        .args(extra)
        .args(["filter", "k >= 0"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// `child`'s output, read to its end on a thread.
fn reading(child: Child) -> std::thread::JoinHandle<Output> {
    std::thread::spawn(move || child.wait_with_output().unwrap())
}

/// 3 consumers in one group over 200,000 entries; one is killed (-9) mid-run and a replacement
/// started: every entry is processed, twice only if the killed consumer had it pending (its
/// output written, its acknowledgement not yet sent: the at-least-once window), the killed
/// consumer's pending entries are claimed by the others, and nothing is pending at the end.
#[test]
fn a_group_of_consumers_loses_nothing_when_one_is_killed() {
    let Some(server) = Server::start() else {
        return;
    };
    const N: usize = 200_000;
    let values: Vec<String> = (0..N)
        .map(|k| format!(r#"{{"k":{k},"s":"é\t{k}"}}"#))
        .collect();
    server.add("ev", &values);
    // claim= well above a consumer's pauses on a busy machine (the suite runs beside it).
    let url = |c: &str| format!("{}?group=g&consumer={c}&claim=5s", server.url("ev"));
    let idle = ["--exit-idle", "10s"];
    let began = Instant::now();
    let mut victim = consumer(&url("c0"), &idle);
    // Each read on a thread of its own: a consumer whose stdout pipe is full stops working,
    // and its entries would be claimed by the others.
    let others: Vec<_> = ["c1", "c2"]
        .iter()
        .map(|c| reading(consumer(&url(c), &idle)))
        .collect();
    let lines = stdout_lines(&mut victim);
    let mut victim_lines = Vec::new();
    while victim_lines.len() < 3000 {
        let line = lines
            .recv_timeout(Duration::from_secs(60))
            .expect("the first consumer writes");
        victim_lines.push(line);
    }
    victim.kill().unwrap();
    victim.wait().unwrap();
    // What it wrote before it died, to the end of its pipe.
    victim_lines.extend(lines.iter());
    // Usually > 0; on a loaded machine the others may already have claimed what c0 held
    // (claim=5s), which the checks below cover as well.
    let window = server.pending("ev", "g", Some("c0"));
    if window == 0 {
        eprintln!("redis group: c0 had nothing pending at the kill (claimed or acknowledged)");
    }
    let replacement = reading(consumer(&url("c3"), &idle));
    let outputs: Vec<Output> = (others.into_iter().chain([replacement]))
        .map(|thread| thread.join().unwrap())
        .collect();
    let took = began.elapsed();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for line in &victim_lines {
        *seen.entry(line.clone()).or_default() += 1;
    }
    for out in &outputs {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for line in String::from_utf8(out.stdout.clone()).unwrap().lines() {
            *seen.entry(line.to_owned()).or_default() += 1;
        }
    }
    let missing = values.iter().filter(|v| !seen.contains_key(*v)).count();
    assert_eq!(missing, 0, "entries lost");
    assert_eq!(seen.len(), N, "only the entries written were read");
    let duplicates: usize = seen.values().map(|n| n - 1).sum();
    // The documented at-least-once window: what c0 had pending at the kill, or, where the
    // others claimed some of it before, at most the 4096 messages a consumer holds unacknowledged.
    assert!(
        duplicates <= window.max(4096),
        "{duplicates} duplicates, more than the {window} entries pending at the kill"
    );
    assert_eq!(server.pending("ev", "g", None), 0);
    assert_eq!(
        server.pending("ev", "g", Some("c0")),
        0,
        "c0's entries claimed"
    );
    eprintln!(
        "redis group: {N} entries, 3 consumers and a replacement, {duplicates} duplicates \
         (window {window}), {:.1} s",
        took.as_secs_f64()
    );
}

/// `--to-redis`: the entries' values read back by redis-cli are, line for line, what the same
/// pipeline writes to stdout; `maxlen=` trims the stream; a failed delivery is exit 3.
#[test]
fn the_sink_stores_the_output_byte_for_byte() {
    let Some(server) = Server::start() else {
        return;
    };
    let input: String = (0..5000)
        .map(|i| format!("{{\"i\":{i},\"t\":\"ü\\\"{}\",\"x\":1.50}}\n", i % 7))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let file: PathBuf = dir.path().join("in.ndjson");
    std::fs::write(&file, &input).unwrap();
    let chain = ["filter", "i % 3 != 0", "then", "map", "j = i * 2"];
    let stdout = eddy().args(chain).arg(&file).output().unwrap();
    assert!(stdout.status.success());
    let sent = eddy()
        .args(["--to-redis", &server.url("out")])
        .args(chain)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        sent.status.success(),
        "{}",
        String::from_utf8_lossy(&sent.stderr)
    );
    assert!(sent.stdout.is_empty());
    let mut back = server.values("out").join("\n");
    back.push('\n');
    assert_eq!(back, String::from_utf8(stdout.stdout).unwrap());
    let trimmed = eddy()
        .args(["--to-redis", &format!("{}?maxlen=100", server.url("short"))])
        .args(chain)
        .arg(&file)
        .output()
        .unwrap();
    assert!(trimmed.status.success());
    let len: usize = server.cli(&["XLEN", "short"]).parse().unwrap();
    assert!((100..1000).contains(&len), "XLEN {len}");
    // A failed XADD (the key is not a stream) is exit 3, never silent; so is no server.
    server.cli(&["SET", "plain", "x"]);
    for url in [
        server.url("plain"),
        format!("redis://127.0.0.1:{}/s", free_port()),
    ] {
        let failed = eddy()
            .args(["--to-redis", &url])
            .args(chain)
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(failed.status.code(), Some(3), "{url}");
        let stderr = String::from_utf8_lossy(&failed.stderr);
        assert!(
            stderr.starts_with("eddy: ") && stderr.contains(&url),
            "{stderr}"
        );
        assert!(!stderr.contains("stdout"), "{stderr}");
        // The first error and a count, not one error per entry.
        assert!(stderr.len() < 500, "{} bytes: {stderr:.300}", stderr.len());
    }
    let said = String::from_utf8_lossy(
        &eddy()
            .args(["--to-redis", &server.url("plain")])
            .args(chain)
            .arg(&file)
            .output()
            .unwrap()
            .stderr,
    )
    .into_owned();
    assert!(
        said.contains("1000 of 1000 entries not added; the first: \"WRONGTYPE\""),
        "{said}"
    );
}

/// Events written as CSV (and TSV) to a stream are one entry each, its header line in it (a
/// quoted line break kept inside its record), and every entry read back is decoded on its own:
/// the events come back as they went, whichever consumer gets which entry.
#[test]
fn csv_entries_stand_alone_and_read_back() {
    let Some(server) = Server::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.ndjson");
    let input = "{\"a\":1,\"b\":\"two\\nlines\"}\n{\"a\":2,\"b\":\"x,y\"}\n\
                 {\"a\":3,\"c\":true}\n{\"a\":4,\"b\":\"say \\\"hi\\\"\"}\n";
    std::fs::write(&file, input).unwrap();
    let expected = eddy().args(["filter", "true"]).arg(&file).output().unwrap();
    for (to, stream) in [("csv", "c"), ("tsv", "t")] {
        let sent = eddy()
            .args([
                "--to",
                to,
                "--to-redis",
                &server.url(stream),
                "filter",
                "true",
            ])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            sent.status.success(),
            "{}",
            String::from_utf8_lossy(&sent.stderr)
        );
        assert_eq!(server.cli(&["XLEN", stream]), "4", "one entry per event");
        let first = server.cli(&["XRANGE", stream, "-", "+", "COUNT", "1"]);
        let cut = if to == "csv" {
            "a,b\n1,\"two\nlines\""
        } else {
            "a\tb\n1\t\"two\nlines\""
        };
        assert!(first.ends_with(cut), "{first:?}");
        // Read back by two consumers of one group: each entry decoded alone.
        let url = |c: &str| format!("{}?group=g&consumer={c}&count=1", server.url(stream));
        let mut back = Vec::new();
        for c in ["c1", "c2"] {
            let out = eddy()
                .args(["--from", to, "--from-redis", &url(c), "--exit-idle", "1s"])
                .args(["filter", "true"])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            back.extend(
                String::from_utf8(out.stdout)
                    .unwrap()
                    .lines()
                    .map(String::from),
            );
        }
        back.sort();
        let mut want: Vec<String> = String::from_utf8(expected.stdout.clone())
            .unwrap()
            .lines()
            .map(String::from)
            .collect();
        want.sort();
        assert_eq!(back, want, "--to {to}");
    }
}

/// A consumer whose output waits (a reader that does not read for a while) is not idle, and
/// does not claim the entries it has in flight itself: every entry once, none left.
#[test]
fn a_slow_reader_is_neither_idle_nor_claimed_from() {
    let Some(server) = Server::start() else {
        return;
    };
    let values: Vec<String> = (0..3000)
        .map(|k| format!(r#"{{"k":{k},"pad":"{}"}}"#, "p".repeat(200)))
        .collect();
    server.add("slow", &values);
    let url = format!(
        "{}?group=g&consumer=c&claim=1s&count=100",
        server.url("slow")
    );
    let child = eddy()
        .args(["--from-redis", &url, "--exit-idle", "2s", "filter", "true"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_secs(4));
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let unique: std::collections::HashSet<&&str> = lines.iter().collect();
    assert_eq!(unique.len(), 3000, "every entry read");
    assert_eq!(lines.len(), 3000, "none twice");
    assert_eq!(server.pending("slow", "g", None), 0);
}

/// A pending entry deleted since (XDEL) is said to be deleted, and acknowledged; a server that
/// goes away mid-run is reported by the command that found it gone, first.
#[test]
fn deleted_entries_and_a_server_gone() {
    let Some(mut server) = Server::start() else {
        return;
    };
    server.add("d", &[r#"{"k":1}"#.into(), r#"{"k":2}"#.into()]);
    server.cli(&["XGROUP", "CREATE", "d", "g", "0"]);
    let read = server.cli(&[
        "XREADGROUP",
        "GROUP",
        "g",
        "c",
        "COUNT",
        "1",
        "STREAMS",
        "d",
        ">",
    ]);
    let id = read.lines().nth(1).unwrap().to_owned();
    server.cli(&["XDEL", "d", &id]);
    let url = format!("{}?group=g&consumer=c", server.url("d"));
    let out = eddy()
        .args(["--from-redis", &url, "--exit-idle", "1s", "filter", "true"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("entry {id} was deleted")),
        "{stderr}"
    );
    assert!(!stderr.contains("has no field"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "{\"k\":2}\n");
    assert_eq!(server.pending("d", "g", None), 0);
    let mut child = eddy()
        .args(["--from-redis", &url, "filter", "true"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    server.add("d", &[r#"{"k":3}"#.into()]);
    let lines = stdout_lines(&mut child);
    lines
        .recv_timeout(Duration::from_secs(20))
        .expect("an entry read");
    // The entry is acknowledged once written: kill the server after that, so that the command
    // it cuts off is the blocking read (under load, the acknowledgement could be cut off first).
    let acked = Instant::now() + Duration::from_secs(20);
    while server.pending("d", "g", None) != 0 && Instant::now() < acked {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = server.child.kill();
    let _ = server.child.wait();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .lines()
            .next()
            .is_some_and(|l| l.contains("XREADGROUP")),
        "{stderr}"
    );
}

/// Without --exit-idle a consumer runs until SIGTERM, which flushes, acknowledges and leaves
/// the group (exit 143); --meta-field and source() name the entry; an entry that is not a
/// record (bad JSON, no `data` field) is a malformed record, reported with its place.
#[test]
fn sigterm_acknowledges_and_leaves_and_metadata_is_given() {
    let Some(server) = Server::start() else {
        return;
    };
    server.add("m", &[r#"{"k":1}"#.into(), "not json".into()]);
    server.cli(&["XADD", "m", "*", "other", "x"]);
    let url = format!("{}?group=g&consumer=solo", server.url("m"));
    let mut child = eddy()
        .args([
            "--from",
            "ndjson",
            "--from-redis",
            &url,
            "--meta-field",
            "meta",
        ])
        .args([
            "map",
            "src = source()",
            "then",
            "map",
            "line = source_line()",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = stdout_lines(&mut child);
    let line = lines.recv_timeout(Duration::from_secs(30)).unwrap();
    let first_id = server.cli(&["XRANGE", "m", "-", "+", "COUNT", "1"]);
    let id = first_id.lines().next().unwrap();
    let ms = id.split('-').next().unwrap();
    assert_eq!(
        line,
        format!(
            r#"{{"k":1,"meta":{{"stream":"m","id":"{id}","timestamp":{ms}}},"src":"{}","line":1}}"#,
            server.url("m")
        )
    );
    // Acknowledged once flushed, while the run goes on.
    let began = Instant::now();
    while server.pending("m", "g", None) > 0 {
        assert!(
            began.elapsed() < Duration::from_secs(10),
            "not acknowledged"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{}:2", server.url("m"))),
        "{stderr}"
    );
    assert!(stderr.contains("has no field `data`"), "{stderr}");
    assert_eq!(
        server.cli(&["XINFO", "CONSUMERS", "m", "g"]),
        "",
        "solo left"
    );
}

/// A quiet stream does not stop time: a window over the entries' own timestamps
/// (`--meta-field`) closes by its idle timeout while no entry comes, the run going on.
#[test]
fn windows_tick_while_the_stream_is_quiet() {
    let Some(server) = Server::start() else {
        return;
    };
    server.add(
        "w",
        &[
            r#"{"v":1}"#.into(),
            r#"{"v":2}"#.into(),
            r#"{"v":3}"#.into(),
        ],
    );
    let mut child = eddy()
        .args(["--from-redis", &server.url("w"), "--meta-field", "m"])
        .args([
            "window",
            "tumbling",
            "--size",
            "1s",
            "--time-field",
            "m.timestamp",
        ])
        .args([
            "--time-format",
            "epoch_ms",
            "--idle-timeout",
            "1s",
            "--agg",
            "sum:v",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lines = stdout_lines(&mut child);
    let mut sum = 0.0;
    while sum < 6.0 {
        let line = lines
            .recv_timeout(Duration::from_secs(20))
            .expect("the window closes while the stream is quiet");
        let at = line.find("\"sum_v\":").unwrap() + 8;
        sum += line[at..].trim_end_matches('}').parse::<f64>().unwrap();
    }
    assert_eq!(sum, 6.0);
    assert!(child.try_wait().unwrap().is_none(), "the run goes on");
    let _ = child.kill();
    let _ = child.wait();
}

/// Acknowledgements are end to end: entries whose output `--to-http` could not deliver stay
/// pending (exit 3), to be delivered again.
#[test]
fn undelivered_output_is_not_acknowledged() {
    let Some(server) = Server::start() else {
        return;
    };
    server.add("u", &[r#"{"k":1}"#.into(), r#"{"k":2}"#.into()]);
    let nobody = format!("http://127.0.0.1:{}/", free_port());
    let out = eddy()
        .args(["--from-redis", &format!("{}?group=g", server.url("u"))])
        .args([
            "--exit-idle",
            "1s",
            "--to-http",
            &nobody,
            "--http-retries",
            "0",
        ])
        .args(["filter", "true"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert_eq!(server.pending("u", "g", None), 2);
    // More than are ever in flight: the first batch given up on ends the run at once (status
    // 3, the count said), nothing acknowledged, instead of waiting for ever on acknowledgements.
    let values: Vec<String> = (0..6000).map(|k| format!(r#"{{"k":{k}}}"#)).collect();
    server.add("many", &values);
    let began = Instant::now();
    let mut child = eddy()
        .args(["--from-redis", &format!("{}?group=g", server.url("many"))])
        .args([
            "--exit-idle",
            "1s",
            "--to-http",
            &nobody,
            "--http-retries",
            "0",
        ])
        .args(["--http-batch", "100", "filter", "true"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() && began.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(50));
    }
    if child.try_wait().unwrap().is_none() {
        let _ = child.kill();
        let _ = child.wait();
        panic!("the run did not end");
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("records could not be delivered to"),
        "{stderr}"
    );
    assert!(stderr.contains("not acknowledged"), "{stderr}");
    let read: usize = (server.cli(&["XINFO", "GROUPS", "many"]).lines())
        .skip_while(|l| *l != "entries-read")
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(server.pending("many", "g", None), read, "none acknowledged");
}

/// Usage errors come before anything is read or connected to.
#[test]
fn usage_errors() {
    for (args, said) in [
        (
            vec!["--from-redis", "redis://127.0.0.1:1/s?grup=g"],
            "unknown URL parameter `grup`",
        ),
        (
            vec!["--from-redis", "redis://127.0.0.1:1/"],
            "names no stream",
        ),
        (
            // Before the sink connects (nothing listens on port 1).
            vec![
                "--from-redis",
                "redis://127.0.0.1:1/s?count=0",
                "--to-redis",
                "redis://127.0.0.1:1/o",
            ],
            "count=",
        ),
        (
            vec![
                "--from-redis",
                "redis://127.0.0.1:1/s",
                "filter",
                "true",
                "f.ndjson",
            ],
            "not read with a transport source",
        ),
        (vec!["--exit-idle", "1s"], "apply to a transport source"),
        (
            vec![
                "--from-redis",
                "redis://127.0.0.1:1/s",
                "--listen",
                "tcp://:0",
            ],
            "--listen are not read",
        ),
        (
            vec!["--to-redis", "redis://127.0.0.1:1/s?maxlen=x"],
            "maxlen=",
        ),
        (
            vec!["--state", "s.json", "--checkpoint-interval", "1s"],
            "applies to --state with a transport source",
        ),
        (
            vec![
                "--from-redis",
                "redis://127.0.0.1:1/s?claim=5s",
                "--state",
                "s.json",
            ],
            "entries are not claimed",
        ),
        (
            vec![
                "--from-redis",
                "redis://app:hunter2@127.0.0.1:1/s",
                "filter",
                "true",
                "f.ndjson",
            ],
            "redis://app:***@127.0.0.1:1/s",
        ),
        (
            vec!["--from-redis", "redis://127.0.0.1:1/s?group="],
            "group= needs a name",
        ),
        (
            vec!["--from-redis", "redis://127.0.0.1:1/s?consumer="],
            "consumer= needs a name",
        ),
        (
            vec!["--from-redis", "redis+unix://relative.sock?stream=s"],
            "absolute path",
        ),
    ] {
        let mut cmd = eddy();
        cmd.args(&args);
        if !args.contains(&"filter") {
            cmd.args(["filter", "true"]);
        }
        let out = cmd.stdin(Stdio::null()).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("eddy: ") && stderr.contains(said),
            "{stderr}"
        );
        assert!(!stderr.contains("hunter2"), "{stderr}");
    }
}

/// The events of the `--state` tests: one every 10 ms of event time, three keys.
fn timed(range: std::ops::Range<usize>) -> Vec<String> {
    range
        .map(|i| {
            format!(
                r#"{{"t":{},"k":{},"v":{i}}}"#,
                1_700_000_000_000u64 + 10 * i as u64,
                i % 3
            )
        })
        .collect()
}

/// The window of the `--state` tests, over the events' own time.
const WINDOW: [&str; 13] = [
    "window",
    "tumbling",
    "--size",
    "1s",
    "--time-field",
    "t",
    "--time-format",
    "epoch_ms",
    "--by",
    "k",
    "--agg",
    "count",
    "--agg",
];

/// An eddy running [`WINDOW`] (`count`, `sum:v`) over `url` with `args`.
fn windows(url: &str, args: &[&str]) -> std::process::Command {
    let mut cmd = eddy();
    cmd.args(["--from-redis", url])
        .args(args)
        .args(WINDOW)
        .arg("sum:v")
        .stdin(Stdio::null());
    cmd
}

/// The positions a state file saved: its `transport` object as text.
fn saved_positions(state: &std::path::Path) -> Option<String> {
    let text = std::fs::read_to_string(state).ok()?;
    let at = text.find(r#""transport":"#)?;
    let end = at + text[at..].find('}')?;
    Some(text[at..=end].to_owned())
}

/// Exactly once across kill -9: a window pipeline with `--state` over a stream that grows while
/// it runs is killed (-9) after a few checkpoints, and a run with the same state and consumer
/// takes over (`--final` at its end). Every window the two runs wrote is one of those an
/// uninterrupted run writes, and together they write all of them: no window is counted twice
/// or short. A window written after the last checkpoint may be written again, identical.
#[test]
fn windows_are_exactly_once_across_kill_9() {
    let Some(server) = Server::start() else {
        return;
    };
    const N: usize = 30_000;
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("s.json");
    let url = format!("{}?group=g&consumer=c", server.url("ev"));
    let state_args = [
        "--state",
        state.to_str().unwrap(),
        "--checkpoint-interval",
        "200ms",
    ];
    let mut first = windows(&url, &state_args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = stdout_lines(&mut first);
    // The stream grows while the first run reads it.
    let mut added = 0;
    let mut checkpoints = std::collections::HashSet::new();
    while added < N / 2 || checkpoints.len() < 3 {
        assert!(added < N, "fewer than 3 checkpoints: {checkpoints:?}");
        server.add("ev", &timed(added..added + 500));
        added += 500;
        std::thread::sleep(Duration::from_millis(50));
        checkpoints.extend(saved_positions(&state));
    }
    first.kill().unwrap();
    first.wait().unwrap();
    let held = server.pending("ev", "g", Some("c"));
    let mut written: Vec<String> = lines.iter().collect();
    server.add("ev", &timed(added..N));
    let second = windows(
        &url,
        &[&state_args[..], &["--final", "--exit-idle", "2s"]].concat(),
    )
    .output()
    .unwrap();
    assert!(
        second.status.success(),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    let first_count = written.len();
    written.extend(
        String::from_utf8(second.stdout)
            .unwrap()
            .lines()
            .map(str::to_owned),
    );
    assert_eq!(server.pending("ev", "g", None), 0);
    // One uninterrupted run, of a group of its own.
    let whole = windows(
        &format!("{}?group=whole", server.url("ev")),
        &["--exit-idle", "2s"],
    )
    .output()
    .unwrap();
    let expected: Vec<String> = String::from_utf8(whole.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect();
    assert_eq!(expected.len(), N / 100 * 3, "one line per window and key");
    let expected_set: std::collections::HashSet<&String> = expected.iter().collect();
    let wrong: Vec<&String> = written
        .iter()
        .filter(|l| !expected_set.contains(l))
        .collect();
    assert!(
        wrong.is_empty(),
        "windows counted twice or short: {wrong:?}"
    );
    let written_set: std::collections::HashSet<&String> = written.iter().collect();
    assert_eq!(written_set.len(), expected.len(), "every window written");
    eprintln!(
        "exactly once: {N} entries, killed after {} checkpoints with {held} entries unacknowledged \
         and {first_count} of {} window lines written; {} written again after the restart",
        checkpoints.len(),
        expected.len(),
        written.len() - expected.len()
    );
}

/// Checkpoints come every `--checkpoint-interval`: the entries processed stay pending until
/// one saved the stages and the positions; SIGTERM saves a last one and acknowledges; a
/// restart goes on exactly (`count` over both runs counts each entry once); a state saved by
/// another pipeline is refused.
#[test]
fn checkpoints_hold_the_acknowledgements_and_sigterm_saves_one() {
    let Some(server) = Server::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("s.json");
    let state = state.to_str().unwrap();
    let url = format!("{}?group=g&consumer=c", server.url("c"));
    let count = |args: &[&str]| {
        let mut cmd = eddy();
        cmd.args(["--from-redis", &url, "--state", state])
            .args(args)
            .arg("count")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    };
    server.add("c", &timed(0..100));
    let began = Instant::now();
    let child = count(&["--checkpoint-interval", "2s"]).spawn().unwrap();
    // Read at once (once eddy made the group), held until the first checkpoint, 2 s after the
    // start.
    let read = || {
        let text = cli_at(server.port, &["XPENDING", "c", "g"]).unwrap_or_default();
        text.lines().next().and_then(|n| n.parse::<usize>().ok()) == Some(100)
    };
    while !read() {
        assert!(began.elapsed() < Duration::from_secs(10), "not read");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(saved_positions(std::path::Path::new(state)), None);
    while server.pending("c", "g", None) > 0 {
        assert!(began.elapsed() < Duration::from_secs(10), "no checkpoint");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(began.elapsed() >= Duration::from_millis(1900));
    let last = server.cli(&["XREVRANGE", "c", "+", "-", "COUNT", "1"]);
    let (ms, seq) = last.lines().next().unwrap().split_once('-').unwrap();
    assert_eq!(
        saved_positions(std::path::Path::new(state)).unwrap(),
        format!(r#""transport":{{"{}":[{ms},{seq}]}}"#, server.url("c"))
    );
    server.add("c", &timed(100..150));
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(server.pending("c", "g", None), 50, "held to the next one");
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(143));
    assert!(out.stdout.is_empty(), "count holds its count in the state");
    assert_eq!(
        server.pending("c", "g", None),
        0,
        "saved, then acknowledged"
    );
    server.add("c", &timed(150..170));
    let out = count(&["--final", "--exit-idle", "1s"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "{\"count\":170}\n");
    // Another pipeline's state.
    let out = eddy()
        .args(["--from-redis", &url, "--state", state, "--exit-idle", "1s"])
        .args(["head", "1"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("belongs to another pipeline"), "{stderr}");
}

/// A restart skips what the state holds: the same stream read again by another group with the
/// state of a run that read it all processes none of it (acknowledging it), so the count is
/// not doubled.
#[test]
fn entries_at_or_below_the_saved_positions_are_skipped() {
    let Some(server) = Server::start() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("s.json");
    let state = state.to_str().unwrap();
    server.add("r", &timed(0..250));
    let run = |group: &str, args: &[&str]| {
        let url = format!("{}?group={group}&consumer=c", server.url("r"));
        windows(
            &url,
            &[&["--state", state, "--exit-idle", "1s"], args].concat(),
        )
        .output()
        .unwrap()
    };
    let out = run("g1", &[]);
    assert!(out.status.success());
    let mut written = String::from_utf8(out.stdout).unwrap();
    // The last window is held in the state; the second group gets every entry again.
    let out = run("g2", &["--final"]);
    assert!(out.status.success());
    written.push_str(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(
        server.pending("r", "g2", None),
        0,
        "skipped entries are acknowledged"
    );
    let out = windows(
        &format!("{}?group=g3", server.url("r")),
        &["--exit-idle", "1s"],
    )
    .output()
    .unwrap();
    assert_eq!(written, String::from_utf8(out.stdout).unwrap());
}
