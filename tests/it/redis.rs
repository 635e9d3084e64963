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
    let window = server.pending("ev", "g", Some("c0"));
    assert!(window > 0, "the killed consumer had entries pending");
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
    assert!(
        duplicates <= window,
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
    }
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
    }
}
